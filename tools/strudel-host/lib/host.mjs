// The Strudel host's core: applies the bridge's messages (clock, params,
// code), runs the scheduler on LUME's timeline and hands each hap to the
// outputs (/dirt/play over OSC, the JSON-lines log, the browser players).

import { ClockOffset } from './clock_offset.mjs';
import { dirtBundle, dirtControls } from './dirt_message.mjs';
import { describeError, evaluateCode } from './evaluator.mjs';
import { ParamStore } from './params.mjs';
import { Scheduler } from './scheduler.mjs';
import { Timeline } from './timeline.mjs';

/** Pings that must have come back before the first timeline (the burst sends 8). */
const FIRST_PINGS = 3;

export class StrudelHost {
  constructor({ lookaheadMs = 100, intervalMs = 20, now, wall, params = new ParamStore(), osc, eventLog, players }) {
    this.now = now;
    this.wall = wall;
    this.params = params;
    this.osc = osc;
    this.eventLog = eventLog;
    this.players = players;
    this.codes = new Map(); // id → code text
    this.lastError = undefined;
    this.errors = 0;
    this.clockMessages = 0;
    this.codeId = 0;
    this.lastClock = undefined; // {message, offset}
    this.recentHaps = [];
    this.scheduler = new Scheduler({
      lookaheadMs,
      intervalMs,
      now,
      onHap: (hap, at) => this.play(hap, at),
      onError: (error, id) => this.reportError(describeError(error, this.codes.get(id) ?? '', 'query'), id),
      onSwap: (id, cycle) => this.broadcast({ type: 'applied', id, cycle, beat: cycle * this.scheduler.timeline.quantum }),
    });
    this.bridges = new Set();
  }

  start() {
    this.scheduler.start();
  }

  stop() {
    this.scheduler.stop();
  }

  /** Sends `message` to every connected bridge. */
  broadcast(message) {
    for (const bridge of this.bridges) bridge.send(message);
  }

  reportError(error, id) {
    this.errors += 1;
    this.lastError = { id, ...error };
    this.broadcast({ type: 'error', id, ...error });
  }

  /** A bridge connected: `send(obj)` reaches it; returns its handlers. */
  connectBridge(send) {
    const bridge = { send, offset: new ClockOffset(), pings: 0 };
    this.bridges.add(bridge);
    return bridge;
  }

  disconnectBridge(bridge) {
    this.bridges.delete(bridge);
  }

  /** Asks `bridge` for its clock (one ping of the offset estimate). */
  ping(bridge) {
    bridge.pings += 1;
    bridge.send({ type: 'ping', id: bridge.pings, host_ms: this.now() });
  }

  async handle(bridge, message) {
    switch (message.type) {
      case 'clock':
        this.clockMessages += 1;
        this.lastClock = { message, bridge };
        this.applyClock();
        break;
      case 'pong':
        if (bridge.offset.add(message.host_ms, message.at_us, this.now()) && this.lastClock?.bridge === bridge)
          this.applyClock();
        break;
      case 'params':
        this.params.set(message.values, this.now());
        break;
      case 'code':
        await this.setCode(message);
        break;
      default:
        break;
    }
  }

  /**
   * The timeline from the last clock message and its bridge's offset. Until
   * three pings of the connection's burst came back nothing is scheduled:
   * the message's delay is unknown, and one ping that a loaded box delayed
   * put the first bars after a restart 20 ms off the grid.
   */
  applyClock() {
    const { message, bridge } = this.lastClock;
    if (bridge.offset.samples.length < FIRST_PINGS) return;
    const hostMs = bridge.offset.hostMsAt(message.at_us);
    this.scheduler.setTimeline(new Timeline({ beat: message.beat, hostMs, tempo: message.tempo, quantum: message.quantum }));
  }

  async setCode(message) {
    const id = message.id ?? ++this.codeId;
    const result = await evaluateCode(message.code);
    if (result.error) {
      this.reportError(result.error, id);
      return;
    }
    this.codes.set(id, message.code);
    if (this.codes.size > 8) this.codes.delete(this.codes.keys().next().value);
    const quantum = this.scheduler.timeline?.quantum;
    const atCycle = message.at_beat != null && quantum ? message.at_beat / quantum : undefined;
    const cycle = this.scheduler.swap(result.pattern, id, atCycle);
    this.broadcast({ type: 'accepted', id, cycle, beat: quantum ? cycle * quantum : null });
  }

  play(hap, at) {
    const controls = dirtControls(hap, at.cps);
    const durationS = hap.duration.valueOf() / at.cps;
    if (this.osc) this.osc.send(dirtBundle(controls, this.wall.ntpAt(at.hostMs)));
    if (this.eventLog) {
      this.eventLog.write({ unix_ms: this.wall.unixMsAt(at.hostMs), beat: at.beat, cycle: at.cycle, code: at.codeId, controls });
    }
    this.players?.hap({ host_ms: at.hostMs, beat: at.beat, cycle: at.cycle, duration_s: durationS, value: hap.value });
    this.recentHaps.push(this.now());
  }

  /** What the bridge's `inspect` shows of the host. */
  health() {
    const now = this.now();
    while (this.recentHaps.length && this.recentHaps[0] < now - 1000) this.recentHaps.shift();
    const { timeline, playing, pending, stats } = this.scheduler;
    return {
      type: 'health',
      events_per_s: this.recentHaps.length,
      haps: stats.haps,
      late: stats.late,
      resyncs: stats.resyncs,
      queries: stats.queries,
      query_ms: Math.round(stats.queryMs * 1000) / 1000,
      cycle: timeline ? timeline.cycleAt(now) : null,
      tempo: timeline ? timeline.tempo : null,
      code_id: playing?.id ?? null,
      code: playing ? this.codes.get(playing.id) : null,
      pending: pending ? { id: pending.id, cycle: pending.cycle } : null,
      errors: this.errors,
      last_error: this.lastError ?? null,
      params: this.params.toJSON(),
      param_updates: this.params.updates,
      clock_messages: this.clockMessages,
      players: this.players?.count ?? 0,
      osc: this.osc ? { sent: this.osc.sent, errors: this.osc.errors, last_error: this.osc.lastError ?? null } : null,
    };
  }
}
