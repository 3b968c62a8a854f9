// The browser players connected on /player: each tick's haps go to every
// page in one message, the state (code, params, beat) a few times a second.
// A page estimates its clock against the host's with pings (like the host
// against the bridge) and plays each hap at its host time.

export class PlayerHub {
  constructor({ now }) {
    this.now = now;
    this.pages = new Set();
    this.batch = [];
    this.flushing = false;
  }

  get count() {
    return this.pages.size;
  }

  add(socket) {
    this.pages.add(socket);
  }

  remove(socket) {
    this.pages.delete(socket);
  }

  /** Queues one hap; all queued in this turn go out together. */
  hap(event) {
    if (this.pages.size === 0) return;
    this.batch.push(event);
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => {
      this.send({ type: 'haps', haps: this.batch });
      this.batch = [];
      this.flushing = false;
    });
  }

  send(message) {
    if (this.pages.size === 0) return;
    const text = JSON.stringify(message);
    for (const page of this.pages) if (page.readyState === 1 && page.bufferedAmount < 1 << 20) page.send(text);
  }
}
