// Camera, scene and section: each director_cut takes effect on screen at
// its grid point (`at_beat` mapped to the browser's clock), with a flash.

export class ShowView {
  constructor(elements) {
    this.el = elements;
    this.cuts = 0;
    this.lastSeq = -1;
    this.lastEpoch = -1;
    // Styled frames: one load at a time; frames announced meanwhile are
    // skipped for the newest (a new src would abort the load in flight).
    this.nextVisual = null;
    this.loadingVisual = false;
    const loaded = () => this.loadVisual();
    this.el.visuals.addEventListener('load', loaded);
    this.el.visuals.addEventListener('error', loaded);
  }

  /// A /ws/cuts message; `clock` maps its beat to the browser's time.
  cut(msg, clock) {
    if (msg.epoch < this.lastEpoch || (msg.epoch === this.lastEpoch && msg.seq <= this.lastSeq)) return;
    this.lastEpoch = msg.epoch;
    this.lastSeq = msg.seq;
    const now = performance.now();
    const at = clock.ready ? clock.timeOfBeat(msg.at_beat) : now;
    const wait = Math.max(0, at - now);
    // Where on the node's grid the cut arrived (the stage test reads it).
    if (clock.ready) this.el.show.dataset.arrivedBeat = clock.beatAt(now).toFixed(3);
    setTimeout(() => this.apply(msg, clock), wait);
  }

  apply(msg, clock) {
    this.el.camera.textContent = msg.camera || '–';
    this.el.scene.textContent = msg.scene || '–';
    this.el.section.textContent = msg.section || '–';
    this.el.reason.textContent = `${msg.kind} → ${msg.value} (${msg.reason}) at beat ${msg.at_beat}`;
    this.cuts += 1;
    this.el.show.dataset.cuts = String(this.cuts);
    this.el.show.dataset.seq = String(msg.seq);
    // Where on the node's grid the change showed (the stage test reads it).
    if (clock.ready) this.el.show.dataset.appliedBeat = clock.beatAt(performance.now()).toFixed(3);
    this.el.show.classList.remove('flash');
    void this.el.show.offsetWidth;
    this.el.show.classList.add('flash');
  }

  session(msg) {
    this.el.session.textContent =
      `${msg.state}  ${msg.song} (${msg.song_index + 1})  section ${msg.section}` +
      `  bar ${msg.bar}  ${msg.tempo} BPM${msg.recording ? '  ● rec' : ''}`;
  }

  /// A /ws/visuals message: loads the styled frame it announces, or the
  /// newest announced when the load in flight ends.
  visuals(msg) {
    this.nextVisual = msg.url;
    if (!this.loadingVisual) this.loadVisual();
  }

  loadVisual() {
    const url = this.nextVisual;
    this.nextVisual = null;
    this.loadingVisual = url !== null;
    if (url === null) return;
    this.el.visuals.src = url;
    this.el.visuals.hidden = false;
  }
}
