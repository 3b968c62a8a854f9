// Strudel's cyclist on LUME's timeline: every `intervalMs` it queries the
// playing pattern from where the last query ended up to the cycle reached
// `lookaheadMs` from now, and hands each hap that starts in that span to
// `onHap` with its beat and host time. Cycles are bars (Timeline), so a
// tempo change only changes where future cycles fall; nothing already
// queried is queried again. A new pattern takes over at a given cycle: the
// query is split there, so its first hap is exactly on that bar.

import { State, TimeSpan } from '@strudel/core';

/** Pattern.queryArc without its catch (which logs and returns no haps). */
function queryOrThrow(pattern, begin, end, controls) {
  return pattern.query(new State(new TimeSpan(begin, end), controls));
}

export class Scheduler {
  constructor({ lookaheadMs = 100, intervalMs = 20, now, onHap, onError, onSwap }) {
    this.lookaheadMs = lookaheadMs;
    this.intervalMs = intervalMs;
    this.now = now;
    this.onHap = onHap;
    this.onError = onError;
    this.onSwap = onSwap;
    this.timeline = undefined;
    this.playing = undefined; // {pattern, id}
    this.pending = undefined; // {pattern, id, cycle}
    this.lastEnd = undefined; // cycle the last query ended at
    this.stats = { queries: 0, haps: 0, late: 0, queryMs: 0, resyncs: 0 };
    this.timer = undefined;
  }

  start() {
    const loop = () => {
      this.tick();
      this.timer = setTimeout(loop, this.intervalMs);
    };
    loop();
  }

  stop() {
    clearTimeout(this.timer);
  }

  setTimeline(timeline) {
    this.timeline = timeline;
  }

  /**
   * Plays `pattern` from cycle `atCycle` on, or from the next bar not yet
   * queried when `atCycle` is undefined or already queried. Returns the
   * cycle it takes over at.
   */
  swap(pattern, id, atCycle) {
    const horizon = this.lastEnd ?? (this.timeline ? this.timeline.cycleAt(this.now() + this.lookaheadMs) : 0);
    let cycle = atCycle;
    if (cycle === undefined || !(cycle >= horizon)) cycle = Math.ceil(horizon);
    this.pending = { pattern, id, cycle };
    return cycle;
  }

  /** Queries [from, to) of `entry`'s pattern; false when it threw. */
  emit(entry, from, to) {
    if (!(to > from)) return true;
    const cps = this.timeline.cps;
    let haps;
    const started = this.now();
    try {
      haps = queryOrThrow(entry.pattern, from, to, { _cps: cps, cyclist: 'lume' });
    } catch (error) {
      this.onError?.(error, entry.id);
      return false;
    }
    this.stats.queryMs += this.now() - started;
    this.stats.queries += 1;
    const now = this.now();
    for (const hap of haps) {
      if (!hap.hasOnset()) continue;
      const cycle = hap.whole.begin.valueOf();
      const hostMs = this.timeline.hostMsAtCycle(cycle);
      if (hostMs < now) {
        this.stats.late += 1;
        continue;
      }
      this.stats.haps += 1;
      this.onHap(hap, { cycle, beat: cycle * this.timeline.quantum, hostMs, cps, codeId: entry.id });
    }
    return true;
  }

  tick() {
    if (!this.timeline) return;
    const end = this.timeline.cycleAt(this.now() + this.lookaheadMs);
    // First query, or the timeline jumped (a new session, a big tempo
    // step): start from here instead of flooding or going back.
    if (this.lastEnd === undefined || end < this.lastEnd - 1 || end - this.lastEnd > 1) {
      if (this.lastEnd !== undefined) this.stats.resyncs += 1;
      this.lastEnd = end;
      if (this.pending && this.pending.cycle < end) this.pending.cycle = Math.ceil(end);
      return;
    }
    if (!(end > this.lastEnd)) return;
    let from = this.lastEnd;
    if (this.pending && this.pending.cycle < end) {
      const { cycle } = this.pending;
      if (this.playing) this.emit(this.playing, from, Math.max(from, cycle));
      const previous = this.playing;
      this.playing = this.pending;
      this.pending = undefined;
      from = Math.max(from, cycle);
      if (!this.emit(this.playing, from, end)) {
        // The new code fails at query time: the old one keeps playing.
        this.playing = previous;
        if (previous) this.emit(previous, from, end);
      } else {
        this.onSwap?.(this.playing.id, cycle);
      }
    } else if (this.playing && !this.emit(this.playing, from, end)) {
      this.playing = undefined;
    }
    this.lastEnd = end;
  }
}
