// The host's clocks. Node's performance.now() reads CLOCK_MONOTONIC (not
// Link's CLOCK_MONOTONIC_RAW): every time inside the host is in these
// milliseconds. Wall-clock time (for OSC's NTP timetags) is mapped from it
// explicitly by `WallClock`.

import { performance } from 'node:perf_hooks';

/** Host time in ms (CLOCK_MONOTONIC, fractional). */
export const hostNowMs = () => performance.now();

/** Seconds from 1900 (NTP's epoch) to 1970 (Unix's). */
export const NTP_UNIX_OFFSET_S = 2208988800;

/**
 * Maps host time to Unix time in ms with sub-ms precision. Date.now() has
 * whole milliseconds only: the offset is taken at the instant Date.now()
 * steps to its next value (spinning at most ~1 ms), and taken again every
 * `refreshMs` so a slewed or stepped wall clock is followed.
 */
export class WallClock {
  constructor({ refreshMs = 10000, now = hostNowMs, dateNow = Date.now } = {}) {
    this.now = now;
    this.dateNow = dateNow;
    this.refreshMs = refreshMs;
    this.offsetMs = 0;
    this.takenAt = -Infinity;
    this.refresh();
  }

  /** Measures `unix − host` at a step of Date.now(). */
  refresh() {
    const start = this.dateNow();
    let host = this.now();
    let unix = this.dateNow();
    const deadline = host + 5;
    while (unix === start && host < deadline) {
      host = this.now();
      unix = this.dateNow();
    }
    this.offsetMs = unix - host;
    this.takenAt = host;
  }

  /** Unix time in ms at host time `hostMs`. */
  unixMsAt(hostMs) {
    if (this.now() - this.takenAt > this.refreshMs) this.refresh();
    return hostMs + this.offsetMs;
  }

  /** NTP timetag {seconds, fractions} at host time `hostMs`. */
  ntpAt(hostMs) {
    const unixS = this.unixMsAt(hostMs) / 1000;
    let seconds = Math.floor(unixS);
    let fractions = Math.round((unixS - seconds) * 2 ** 32);
    if (fractions >= 2 ** 32) {
      seconds += 1;
      fractions -= 2 ** 32;
    }
    return { seconds: seconds + NTP_UNIX_OFFSET_S, fractions };
  }
}
