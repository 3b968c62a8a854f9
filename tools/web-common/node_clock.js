// The node's beat clock, mapped onto the browser's clock. The browser and
// the node share no clock: each /ws/clock message carries `sent_us` (node
// host time, µs) and `beat` at `time_us`; the browser stamps its arrival
// with performance.now(). arrival − sent = offset + delay, and the delay
// is never negative, so the smallest difference over recent messages is
// the best estimate of the offset (it errs late by the smallest delay seen).

const WINDOW = 50;

export class NodeClock {
  constructor() {
    this.samples = [];
    this.offsetMs = null;
    this.tempo = 120;
    this.quantum = 4;
    this.anchorBeat = 0;
    this.anchorNodeMs = 0;
    this.playing = false;
    this.peers = 0;
  }

  /// A /ws/clock message received at browser time `arrivalMs`.
  update(msg, arrivalMs) {
    this.samples.push(arrivalMs - msg.sent_us / 1000);
    if (this.samples.length > WINDOW) this.samples.shift();
    this.offsetMs = Math.min(...this.samples);
    this.tempo = msg.tempo;
    this.quantum = msg.quantum || 4;
    this.anchorBeat = msg.beat;
    this.anchorNodeMs = msg.time_us / 1000;
    this.playing = msg.playing;
    this.peers = msg.peers ?? 0;
  }

  get ready() { return this.offsetMs !== null; }

  /// How far the mapping may be off: the median delay of recent messages
  /// beyond the smallest (ms).
  get spreadMs() {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] - sorted[0];
  }

  /// Node host time (ms) at browser time `browserMs`.
  nodeMs(browserMs) { return browserMs - this.offsetMs; }

  /// Browser time (ms) at node host time `nodeMs`.
  browserMs(nodeMs) { return nodeMs + this.offsetMs; }

  /// The beat at browser time `browserMs`, extrapolated at the tempo.
  beatAt(browserMs) {
    return this.anchorBeat + (this.nodeMs(browserMs) - this.anchorNodeMs) * this.tempo / 60000;
  }

  /// Browser time at which the node's timeline reaches `beat`.
  timeOfBeat(beat) {
    return this.browserMs(this.anchorNodeMs + (beat - this.anchorBeat) * 60000 / this.tempo);
  }
}
