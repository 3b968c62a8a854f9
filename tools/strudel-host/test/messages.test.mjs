// Evaluation errors, the /dirt/play layout and the bridge protocol's checks.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import OSC from 'osc-js';

import { parseBridgeMessage } from '../lib/bridge_protocol.mjs';
import { ClockOffset } from '../lib/clock_offset.mjs';
import { dirtBundle, dirtControls } from '../lib/dirt_message.mjs';
import { evaluateCode, prepareScope } from '../lib/evaluator.mjs';
import { NTP_UNIX_OFFSET_S, WallClock } from '../lib/host_clock.mjs';
import { ParamStore, paramScope } from '../lib/params.mjs';

await prepareScope(paramScope(new ParamStore()));

test('syntax and runtime errors carry line and column', async () => {
  const syntax = (await evaluateCode('s("bd")\n  .gain(')).error;
  assert.deepEqual([syntax.phase, syntax.line, syntax.column], ['syntax', 2, 9]);
  const runtime = (await evaluateCode('s("bd")\n  .lpf(nosuch(2))')).error;
  assert.deepEqual([runtime.phase, runtime.line, runtime.column], ['runtime', 2, 8]);
  assert.match((await evaluateCode('42')).error.message, /not evaluate to a pattern/);
});

test('/dirt/play is laid out as @strudel/osc lays it out', async () => {
  const pattern = (await evaluateCode('note("c4").s("bd").bank("RolandTR909").room(0.3).roomsize(2)')).pattern;
  const hap = pattern.queryArc(0, 1)[0];
  const controls = dirtControls(hap, 0.5);
  assert.deepEqual(Object.keys(controls).slice(0, 3), ['cps', 'cycle', 'delta']);
  assert.equal(controls.s, 'RolandTR909bd');
  assert.equal(controls.size, 2);
  assert.equal(controls.midinote, 60);
  const ntp = { seconds: NTP_UNIX_OFFSET_S + 1700000000, fractions: 123456789 };
  const bytes = dirtBundle(controls, ntp);
  const bundle = new OSC.Bundle();
  bundle.unpack(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  assert.equal(bundle.timetag.value.seconds, ntp.seconds);
  assert.equal(bundle.timetag.value.fractions >>> 0, ntp.fractions);
  const message = bundle.bundleElements[0];
  assert.equal(message.address, '/dirt/play');
  assert.deepEqual(message.args.slice(0, 6), ['cps', 0.5, 'cycle', 0, 'delta', 1]);
});

test('the wall clock maps host time with sub-millisecond precision', () => {
  let host = 0;
  // A fake Date.now() that steps every ms, 0.25 ms after host time's steps.
  const wall = new WallClock({ now: () => (host += 0.01), dateNow: () => Math.floor(host - 0.25) + 5000 });
  assert.ok(Math.abs(wall.offsetMs - (5000 - 0.25)) < 0.02, `offset ${wall.offsetMs}`);
});

test('the clock offset comes from the shortest round trip', () => {
  const offset = new ClockOffset();
  offset.add(100, 5_000_000 + 1000 * 102, 110); // rtt 10, says +4900 − 3
  offset.add(200, 5_000_000 + 1000 * 200.5, 201); // rtt 1
  assert.equal(offset.rttMs, 1);
  assert.equal(offset.offsetMs, 5000);
  assert.equal(offset.hostMsAt(5_300_000), 300);
});

test('malformed bridge messages are refused with a reason', () => {
  assert.equal(parseBridgeMessage('{').reason, 'not_json');
  assert.equal(parseBridgeMessage('[1]').reason, 'not_object');
  assert.equal(parseBridgeMessage('{"type":"dance"}').reason, 'unknown_type');
  const bad = parseBridgeMessage('{"type":"clock","beat":1,"tempo":5000,"quantum":4,"at_us":1}');
  assert.deepEqual([bad.reason, bad.detail], ['bad_field', 'clock.tempo: not a number in 20..999']);
  assert.equal(parseBridgeMessage('{"type":"params","values":{"energy":"x"}}').reason, 'bad_field');
  assert.ok(parseBridgeMessage('{"type":"params","values":{"energy":0.5}}').message);
});
