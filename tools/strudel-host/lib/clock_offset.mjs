// Estimates the offset between the bridge's clock (Link's host time,
// CLOCK_MONOTONIC_RAW, in µs) and this host's clock (CLOCK_MONOTONIC, ms)
// from ping exchanges: the host sends its time t0, the bridge answers with
// its own time t1 read when it answered, the answer arrives at t2. With a
// symmetric path, t1 was read at host time (t0 + t2) / 2; the error is at
// most half the round trip, so the exchange with the shortest round trip
// among the recent ones wins.

export class ClockOffset {
  constructor({ window = 16 } = {}) {
    this.window = window;
    this.samples = [];
  }

  /** Adds one exchange: host ms t0 and t2, bridge µs t1. */
  add(t0Ms, t1Us, t2Ms) {
    const rttMs = t2Ms - t0Ms;
    if (!(rttMs >= 0) || !Number.isFinite(t1Us)) return false;
    this.samples.push({ rttMs, offsetMs: t1Us / 1000 - (t0Ms + t2Ms) / 2 });
    if (this.samples.length > this.window) this.samples.shift();
    return true;
  }

  get known() {
    return this.samples.length > 0;
  }

  best() {
    return this.samples.reduce((a, b) => (b.rttMs < a.rttMs ? b : a), this.samples[0]);
  }

  /** Bridge ms − host ms; undefined before the first exchange. */
  get offsetMs() {
    return this.known ? this.best().offsetMs : undefined;
  }

  /** Round trip of the exchange the offset comes from. */
  get rttMs() {
    return this.known ? this.best().rttMs : undefined;
  }

  /** Host ms at the bridge's µs `bridgeUs`. */
  hostMsAt(bridgeUs) {
    return bridgeUs / 1000 - this.offsetMs;
  }
}
