// The scheduler on a hand-driven clock: haps on LUME's grid, code swaps on
// the bar, tempo changes followed.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ParamStore, paramScope } from '../lib/params.mjs';
import { evaluateCode, prepareScope } from '../lib/evaluator.mjs';
import { Scheduler } from '../lib/scheduler.mjs';
import { Timeline } from '../lib/timeline.mjs';

const store = new ParamStore();
await prepareScope(paramScope(store));

function rig({ lookaheadMs = 100, intervalMs = 20 } = {}) {
  const clock = { ms: 1000 };
  const haps = [];
  const swaps = [];
  const scheduler = new Scheduler({
    lookaheadMs,
    intervalMs,
    now: () => clock.ms,
    onHap: (hap, at) => haps.push({ value: hap.value, ...at }),
    onSwap: (id, cycle) => swaps.push({ id, cycle }),
  });
  const run = (untilMs) => {
    while (clock.ms < untilMs) {
      scheduler.tick();
      clock.ms += intervalMs;
    }
  };
  return { clock, haps, swaps, scheduler, run };
}

test('haps fall on the beat grid of the timeline and are sent lookahead early', async () => {
  const { clock, haps, scheduler, run } = rig();
  // 120 BPM, 4 beats a bar: a cycle is 2 s; beat 10 at host 1000 ms.
  scheduler.setTimeline(new Timeline({ beat: 10, hostMs: 1000, tempo: 120, quantum: 4 }));
  scheduler.swap((await evaluateCode('s("bd*4")')).pattern, 1);
  run(7000);
  assert.ok(haps.length >= 8, `only ${haps.length} haps`);
  for (const hap of haps) {
    assert.equal(hap.beat, Math.round(hap.beat), 'one hap per beat');
    assert.ok(Math.abs(hap.hostMs - (1000 + (hap.beat - 10) * 500)) < 1e-6);
    assert.equal(hap.cps, 0.5);
  }
  assert.equal(haps[0].cycle, Math.round(haps[0].cycle), 'the first hap starts a bar');
  void clock;
});

test('a code swap lands on the bar, or on the beat it was given', async () => {
  const { haps, swaps, scheduler, run } = rig();
  scheduler.setTimeline(new Timeline({ beat: 0, hostMs: 1000, tempo: 120, quantum: 4 }));
  scheduler.swap((await evaluateCode('s("bd*4")')).pattern, 1);
  run(3300);
  scheduler.swap((await evaluateCode('s("hh*8")')).pattern, 2);
  run(8000);
  const first = haps.find((h) => h.value.s === 'hh');
  assert.equal(first.cycle, Math.ceil(first.cycle), 'first new hap on a bar');
  assert.deepEqual(swaps.at(-1), { id: 2, cycle: first.cycle });
  assert.ok(!haps.some((h) => h.value.s === 'bd' && h.cycle >= first.cycle), 'old code stops at the swap');
  scheduler.swap((await evaluateCode('s("sd*4")')).pattern, 3, 6.5); // beat 26
  run(16000);
  assert.equal(haps.find((h) => h.value.s === 'sd').cycle, 6.5);
});

test('a tempo change moves every later hap onto the new grid', async () => {
  const { clock, haps, scheduler, run } = rig();
  scheduler.setTimeline(new Timeline({ beat: 0, hostMs: 1000, tempo: 120, quantum: 4 }));
  scheduler.swap((await evaluateCode('s("bd*4")')).pattern, 1);
  run(4000);
  const changeMs = clock.ms;
  const beatAtChange = scheduler.timeline.beatAt(changeMs);
  scheduler.setTimeline(new Timeline({ beat: beatAtChange, hostMs: changeMs, tempo: 150, quantum: 4 }));
  const before = haps.length;
  run(9000);
  const after = haps.slice(before);
  assert.ok(after.length > 4);
  for (const hap of after) assert.ok(Math.abs(hap.hostMs - (changeMs + (hap.beat - beatAtChange) * 400)) < 1e-6);
});

test('a param change reaches the next queried haps without re-evaluation', async () => {
  const { haps, scheduler, run } = rig();
  scheduler.setTimeline(new Timeline({ beat: 0, hostMs: 1000, tempo: 120, quantum: 4 }));
  store.set({ energy: 0.2 });
  scheduler.swap((await evaluateCode('s("bd*8").gain(param("energy"))')).pattern, 1);
  run(4000);
  store.set({ energy: 0.8 });
  const before = haps.length;
  run(4600);
  assert.ok(haps.length > before);
  assert.ok(haps.slice(before).every((h) => h.value.gain === 0.8));
  assert.ok(haps.slice(0, before).every((h) => h.value.gain === 0.2));
});

test('code that throws at query time leaves the old code playing', async () => {
  const errors = [];
  const { haps, scheduler, run } = rig();
  scheduler.onError = (error, id) => errors.push(id);
  scheduler.setTimeline(new Timeline({ beat: 0, hostMs: 1000, tempo: 120, quantum: 4 }));
  scheduler.swap((await evaluateCode('s("bd*4")')).pattern, 1);
  run(3000);
  const broken = (await evaluateCode('s("hh*4").fmap(() => { throw new Error("boom") })')).pattern;
  scheduler.swap(broken, 2);
  run(8000);
  assert.deepEqual(errors, [2]);
  assert.equal(scheduler.playing.id, 1);
  assert.ok(haps.filter((h) => h.value.s === 'bd').at(-1).hostMs > 7000);
});
