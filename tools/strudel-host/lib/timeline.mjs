// LUME's beat timeline on the host's clock: an anchor (beat at a host
// time), the tempo and the quantum, as the last clock message gave them.
// One Strudel cycle is one bar of `quantum` beats.

export class Timeline {
  constructor({ beat, hostMs, tempo, quantum }) {
    this.beat = beat;
    this.hostMs = hostMs;
    this.tempo = tempo;
    this.quantum = quantum;
  }

  /** Beats per host millisecond. */
  get beatsPerMs() {
    return this.tempo / 60000;
  }

  /** Cycles per second (Strudel's cps). */
  get cps() {
    return this.tempo / 60 / this.quantum;
  }

  beatAt(hostMs) {
    return this.beat + (hostMs - this.hostMs) * this.beatsPerMs;
  }

  hostMsAtBeat(beat) {
    return this.hostMs + (beat - this.beat) / this.beatsPerMs;
  }

  cycleAt(hostMs) {
    return this.beatAt(hostMs) / this.quantum;
  }

  hostMsAtCycle(cycle) {
    return this.hostMsAtBeat(cycle * this.quantum);
  }
}
