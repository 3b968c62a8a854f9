// The host's first timeline after a (re)connect: it waits for three pings
// of the burst and takes the offset of the shortest round trip, so that
// one ping a loaded box held does not put the first bars off the grid.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { StrudelHost } from '../lib/host.mjs';

// The bridge's clock (µs) runs 4000 ms ahead of the host's (ms).
const ahead = 4000;
const pong = (t0, readAt, t2) => ({ type: 'pong', host_ms: t0, at_us: (readAt + ahead) * 1000, t2 });

test('the first timeline waits for three pings and takes the shortest round trip', async () => {
  let ms = 1000;
  const host = new StrudelHost({ now: () => ms, wall: () => ms });
  const bridge = host.connectBridge(() => {});
  await host.handle(bridge, { type: 'clock', beat: 8, tempo: 120, quantum: 4, at_us: (1000 + ahead) * 1000 });
  const answer = async ({ t2, ...message }) => {
    ms = t2;
    await host.handle(bridge, message);
  };
  // Held 30 ms on the way there: alone it would be 10 ms off.
  await answer(pong(1000, 1030, 1040));
  assert.equal(host.scheduler.timeline, undefined);
  await answer(pong(1050, 1052, 1054));
  assert.equal(host.scheduler.timeline, undefined);
  await answer(pong(1100, 1101, 1102));
  const timeline = host.scheduler.timeline;
  assert.ok(timeline);
  assert.equal(timeline.beat, 8);
  assert.equal(timeline.hostMs, 1000);
});
