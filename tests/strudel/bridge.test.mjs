// The strudel bridge and the Strudel host together, as lume-node runs them
// (the host a `port` child): params reach /dirt/play, a code swap starts on
// a bar, a tempo change is followed, a killed host comes back in sync, and
// malformed messages in both directions are refused and counted.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { dirtReceiver, freePort, inspect, source, startNode, until, WebSocket, WebSocketServer } from './harness.mjs';

let node;
let dirt;
let fake;
let hostPort;
const fakeReceived = [];
const ask = (command) => inspect(node.inspectPort, command);
const after_ = (ms) => dirt.events.filter((e) => e.arrivedMs >= ms);

before(async () => {
  dirt = await dirtReceiver();
  hostPort = await freePort();
  const inspectPort = await freePort();
  // A fake host that answers the second bridge with malformed messages.
  fake = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => fake.on('listening', resolve));
  fake.on('connection', (ws) => {
    ws.on('message', (data) => fakeReceived.push(JSON.parse(data.toString())));
    for (const text of ['not json', '[1]', '{"type":"dance"}', '{"type":"health"}', '{"type":"health","events_per_s":3}'])
      ws.send(text);
  });
  node = startNode(`[lume]
node = "t"
inspect-port = ${inspectPort}
log-level = "info"
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 10, period = 5s },
  { name = "strudel-host", kind = "port", supervisor = "root", shutdown = 3s,
    options = { command = ["node", "${source}/tools/strudel-host/main.mjs", "--port", "${hostPort}",
                           "--address", "127.0.0.1", "--osc", "127.0.0.1:${dirt.port}"],
                ready = "strudel-host listening", grace = 1s } },
  { name = "strudel", kind = "strudel", supervisor = "root",
    options = { host = "127.0.0.1:${hostPort}", clock-interval = 200ms, retry = 50ms, retry-max = 300ms,
                code = "s('bd*8').gain(param('energy', 0.5))" } },
  { name = "strudel-fake", kind = "strudel", supervisor = "root",
    options = { host = "127.0.0.1:${fake.address().port}", retry = 50ms } },
]
[lume.clock]
link = false
tempo = 120.0
quantum = 4.0
`);
  node.inspectPort = inspectPort;
  await until(() => ask('inspect strudel').then((s) => s.connection === 'connected' && s.host_health.events_per_s > 0), 30000, 'the bridge and a playing host');
});

after(async () => {
  await node?.stop();
  dirt?.close();
  fake?.close();
});

test('a param change reaches the /dirt/play values', async () => {
  await ask('send strudel {"type":"music_params","values":{"energy":0.2}}');
  // OSC carries float32: 0.2 arrives as 0.2000000029...
  const near = (x, y) => Math.abs(x - y) < 1e-6;
  await until(() => dirt.events.some((e) => near(e.controls.gain, 0.2)), 5000, 'gain 0.2');
  const changed = Date.now();
  await ask('send strudel {"type":"music_params","values":{"energy":0.9}}');
  const first = await until(() => after_(changed).find((e) => near(e.controls.gain, 0.9)), 5000, 'gain 0.9');
  assert.ok(dirt.events.every((e) => !near(e.controls.gain, 0.2) || e.unixMs < first.unixMs), 'no old value after the new one');
  assert.equal(first.address, '/dirt/play');
  assert.deepEqual(Object.keys(first.controls).slice(0, 3), ['cps', 'cycle', 'delta']);
});

test("a code swap's first event is on a bar", async () => {
  await ask(`send strudel {"type":"session_state","state":"playing","code":"s('hh*4')","epoch":1,"seq":1,"at_beat":0}`);
  const first = await until(() => dirt.events.find((e) => e.controls.s === 'hh'), 8000, 'the new code');
  assert.equal(first.controls.cycle, Math.round(first.controls.cycle), `cycle ${first.controls.cycle}`);
  assert.ok(!dirt.events.some((e) => e.controls.s === 'bd' && e.controls.cycle >= first.controls.cycle));
  const state = await ask('inspect strudel');
  assert.equal(state.code.text, "s('hh*4')");
});

test('a tempo change is followed on the new grid', async () => {
  await ask('tempo 150');
  const changed = Date.now();
  const fast = await until(() => {
    const events = after_(changed).filter((e) => e.controls.s === 'hh' && e.controls.cps === 0.625);
    return events.length >= 4 && events;
  }, 8000, 'events at 150 BPM');
  for (let i = 1; i < fast.length; i++) {
    const beats = (fast[i].controls.cycle - fast[i - 1].controls.cycle) * 4;
    assert.ok(Math.abs(fast[i].unixMs - fast[i - 1].unixMs - beats * 400) < 1, 'one beat is 400 ms');
  }
});

test('a killed host is restarted and plays on the same grid', async () => {
  const anchor = dirt.events.filter((e) => e.controls.cps === 0.625).at(-1);
  const { pid } = await ask('inspect strudel-host');
  const rttOf = (bridge) => bridge.host_health?.clock_sync?.rtt_ms ?? 0;
  const oldRtt = rttOf(await ask('inspect strudel'));
  await ask('kill strudel-host');
  const killed = Date.now();
  await until(() => ask('inspect strudel-host').then((s) => s.pid !== pid && s.state === 'ready'), 30000, 'the restarted host');
  const resumed = await until(() => {
    const events = after_(killed).filter((e) => e.controls.s === 'hh');
    return events.length >= 2 && events;
  }, 15000, 'music after the restart');
  const bridge = await ask('inspect strudel');
  assert.ok(bridge.connects >= 2);
  // Each host's clock offset is off by at most half its best ping's round
  // trip: the two grids agree within half of both, which is under 2 ms on
  // a quiet box and several ms when a loaded box delays the pings
  // (tests/bench/strudel_bench.py measures the real figure).
  const bound = Math.max(2, (oldRtt + rttOf(bridge)) / 2 + 1);
  for (const event of resumed) {
    assert.equal(event.controls.cps, 0.625);
    const beats = (event.controls.cycle - anchor.controls.cycle) * 4;
    const off = event.unixMs - anchor.unixMs - beats * 400;
    assert.ok(Math.abs(off) < bound, `off by ${off} ms (bound ${bound} ms from the round trips)`);
  }
});

test('malformed messages to the host are refused and counted', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${hostPort}/bridge`);
  const replies = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === 'refused') replies.push(message);
  });
  await new Promise((resolve) => ws.on('open', resolve));
  for (const text of ['{oops', '{"type":"params","values":{"energy":"loud"}}', '{"type":"warp"}']) ws.send(text);
  await until(() => replies.length === 3, 3000, 'three refusals');
  assert.deepEqual(replies.map((r) => r.reason), ['not_json', 'bad_field', 'unknown_type']);
  ws.close();
  // The counts of all three reasons: the host sends its health every second.
  const counted = (h) => h?.refused?.not_json >= 1 && h.refused.bad_field >= 1 && h.refused.unknown_type >= 1;
  let health;
  await until(() => ask('inspect strudel').then((s) => counted(health = s.host_health)), 5000, 'counts in the health')
    .catch((error) => assert.fail(`${error.message}; last health: ${JSON.stringify(health)}`));
  // Nothing else was refused since the host's restart (test 4).
  assert.deepEqual(health.refused, { not_json: 1, bad_field: 1, unknown_type: 1 }, health.last_refused);
});

test('malformed messages from the host are refused and counted', async () => {
  const state = await until(() => ask('inspect strudel-fake').then((s) => s.received.health === 1 && s), 5000, 'the fake host');
  assert.deepEqual(state.refused, { bad_field: 1, not_json: 1, not_object: 1, unknown_type: 1 });
  assert.ok(fakeReceived.some((m) => m.type === 'hello') && fakeReceived.some((m) => m.type === 'clock'));
});
