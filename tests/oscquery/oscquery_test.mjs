// OSCQuery of a solo lume-node, checked by independent clients: the npm
// `oscquery` package reads `/` and `?HOST_INFO` (queryNewService, no mDNS),
// `ws` LISTENs and `osc` decodes its binary frames and writes over UDP. The
// node runs without simulators (the mapper holds an override) and Link off,
// in a network namespace of its own when this process may make one.
// usage: node oscquery_test.mjs LUME_NODE SOURCE_DIR
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect, soloConfig } from '../lib/solo_node.mjs';
import osc from 'osc';
import oscquery from 'oscquery';
import WebSocket from 'ws';

const [lumeNode, sourceDir] = process.argv.slice(2);
if (!sourceDir) {
  console.error('usage: node oscquery_test.mjs LUME_NODE SOURCE_DIR');
  process.exit(2);
}

// Into a network namespace of its own (root with unshare), loopback up.
if (!process.env.LUME_OSCQUERY_NETNS && process.getuid?.() === 0 &&
    spawnSync('unshare', ['-n', 'true']).status === 0) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"',
    process.execPath, self, lumeNode, sourceDir],
  { stdio: 'inherit', env: { ...process.env, LUME_OSCQUERY_NETNS: '1' } });
  process.exit(r.status ?? 1);
}

/// config/solo.caf with every port moved and the simulators left out.
const soloPorts = (dir) => soloConfig(sourceDir, dir,
  ['9404', '12351', '9700', '9701', '9703', '9798', '9800', '9420', '9421'],
  { withoutSimulators: true })
  .then((c) => ({ file: c.file, http: c.ports['9420'], osc: c.ports['9421'],
    mapperOut: c.ports['9800'], inspect: c.inspect }));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const check = (ok, what) => { if (!ok) throw new Error(what); console.log(`ok: ${what}`); };

/// Waits until `test()` is truthy (polled), or fails with `what`.
async function eventually(test, what, ms = 3000) {
  const until = Date.now() + ms;
  for (;;) {
    const x = await test();
    if (x) return check(x, what);
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await sleep(25);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'lume-oscquery-'));
const config = await soloPorts(dir);
const node = spawn(lumeNode, ['--config', config.file, `--lume.inspect-port=${config.inspect}`,
  '--lume.clock.link=false'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = `http://127.0.0.1:${config.http}`;
const get = async (path) => {
  const r = await fetch(base + path);
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
};
const udp = createSocket('udp4');
const mapperOut = createSocket('udp4');
let ws;
let code = 1;
try {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lume-node did not start')), 10000);
    node.stdout.on('data', (chunk) => {
      if (String(chunk).includes('inspection on')) { clearTimeout(timer); resolve(); }
    });
    node.on('exit', (c) => reject(new Error(`lume-node exited with ${c}`)));
  });
  await eventually(async () => (await get('/lume/param/pan?VALUE').catch(() => ({}))).status === 200,
    'the mapper\'s params appear in the namespace');

  // The independent client: `/` and `?HOST_INFO`.
  const discovery = new oscquery.OSCQueryDiscovery();
  const service = await discovery.queryNewService('127.0.0.1', config.http);
  const info = service.hostInfo;
  check(info.oscTransport === 'UDP' && info.oscPort === config.osc && info.wsPort === config.http,
    `HOST_INFO names OSC ${info.oscTransport}:${info.oscPort} and WS_PORT ${info.wsPort}`);
  check(info.extensions.LISTEN === true && info.extensions.PATH_ADDED === true,
    'HOST_INFO claims LISTEN and PATH_ADDED');
  const methods = service.flat().map((m) => m.full_path);
  for (const path of ['/lume/param/energy', '/lume/param/pan', '/lume/director/camera',
    '/lume/clock/tempo', '/lume/clock/peers'])
    check(methods.includes(path), `the client lists ${path}`);
  const method = (path) => service.flat().find((m) => m.full_path === path);
  const pan = method('/lume/param/pan');
  check(pan.access === oscquery.OSCQAccess.READWRITE &&
    pan.arguments[0].type === oscquery.OSCTypeSimple.FLOAT, 'pan is a read-write float');
  check(method('/lume/clock/peers').access === oscquery.OSCQAccess.READONLY, 'peers is read-only');
  const tempo = method('/lume/clock/tempo');
  check(tempo.arguments[0].range.min === 20 && tempo.arguments[0].range.max === 999,
    'tempo has RANGE 20..999');

  // Single attributes, unknown paths and attributes.
  // The clock's tempo: solo's 120 BPM, or the first song's once the session set it.
  await eventually(async () => {
    const value = await get('/lume/clock/tempo?VALUE');
    const { tempo: bpm } = await inspect(config.inspect, 'clock');
    return value.status === 200 && Array.isArray(value.json.VALUE) &&
      Math.abs(value.json.VALUE[0] - bpm) < 1e-6;
  }, '?VALUE answers {"VALUE": [the clock\'s tempo]}');
  check((await get('/lume/param/nothing')).status === 404, 'an unknown path is 404');
  check((await get('/lume/param/pan?BOGUS')).status === 400, 'an unknown attribute is 400');
  check((await get('/lume/param?VALUE')).status === 204, 'a container has no VALUE: 204');

  // LISTEN: binary OSC frames, one message each.
  ws = new WebSocket(`ws://127.0.0.1:${config.http}/`);
  const frames = [];
  const texts = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) frames.push(osc.readPacket(new Uint8Array(data), { metadata: true }));
    else texts.push(JSON.parse(String(data)));
  });
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  ws.send(JSON.stringify({ COMMAND: 'LISTEN', DATA: '/lume/param/pan' }));
  await eventually(() => frames.some((f) => f.address === '/lume/param/pan' &&
    f.args[0].type === 'f'), 'LISTEN streams /lume/param/pan as binary OSC frames');
  check(frames.every((f) => f.address === '/lume/param/pan'), 'only the listened path streams');

  // A write over OSC UDP: the mapper's output follows, in its own OSC and in the namespace.
  const mapperValues = [];
  mapperOut.on('message', (msg) => {
    const packet = osc.readPacket(new Uint8Array(msg), { metadata: true });
    for (const m of packet.packets ?? [packet])
      if (m.address === '/lume/param/pan') mapperValues.push(m.args[0].value);
  });
  await new Promise((resolve) => mapperOut.bind(config.mapperOut, '127.0.0.1', resolve));
  const send = (packet) => new Promise((resolve, reject) =>
    udp.send(Buffer.from(packet), config.osc, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  await send(osc.writePacket({ address: '/lume/param/pan', args: [{ type: 'f', value: 0.75 }] }));
  await eventually(() => mapperValues.some((v) => Math.abs(v - 0.75) < 1e-6),
    'the mapper\'s OSC output carries the written pan 0.75');
  await eventually(() => frames.some((f) => Math.abs(f.args[0].value - 0.75) < 1e-6),
    'the LISTEN stream carries pan 0.75');
  await eventually(async () => Math.abs((await get('/lume/param/pan?VALUE')).json.VALUE[0] - 0.75) < 1e-6,
    '/lume/param/pan?VALUE reads 0.75');

  // The clock: tempo write, read back.
  await send(osc.writePacket({ address: '/lume/clock/tempo', args: [{ type: 'f', value: 133 }] }));
  await eventually(async () => (await get('/lume/clock/tempo?VALUE')).json.VALUE[0] === 133,
    'a tempo write reaches the clock (?VALUE 133)');

  // Namespace changes: a params set with one more name, then the mapper's own again.
  const params = (await get('/lume/param')).json.CONTENTS;
  const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.VALUE[0]]));
  await inspect(config.inspect,
    `send oscquery ${JSON.stringify({ type: 'music_params', values: { ...values, extra: 0.5 } })}`);
  await eventually(() => texts.some((t) => t.COMMAND === 'PATH_ADDED' &&
    t.DATA.FULL_PATH === '/lume/param/extra' && t.DATA.TYPE === 'f'),
  'PATH_ADDED carries the new node /lume/param/extra');
  await eventually(() => texts.some((t) => t.COMMAND === 'PATH_REMOVED' &&
    t.DATA === '/lume/param/extra'), 'PATH_REMOVED /lume/param/extra once the mapper speaks');

  // IGNORE stops the stream.
  ws.send(JSON.stringify({ COMMAND: 'IGNORE', DATA: '/lume/param/pan' }));
  await sleep(200);
  const before = frames.length;
  await sleep(300);
  check(frames.length === before, 'IGNORE stops the stream');

  // Refusals: read-only, unknown, malformed, wrong type; all counted, the node lives on.
  await send(osc.writePacket({ address: '/lume/clock/peers', args: [{ type: 'i', value: 3 }] }));
  await send(osc.writePacket({ address: '/lume/nothing', args: [{ type: 'f', value: 1 }] }));
  await send(osc.writePacket({ address: '/lume/param/pan', args: [{ type: 's', value: 'x' }] }));
  await send(new TextEncoder().encode('not OSC at all'));
  await eventually(async () => {
    const data = await inspect(config.inspect, 'inspect oscquery');
    const s = typeof data === 'string' ? JSON.parse(data) : data;
    return s.refused.read_only >= 1 && s.refused.unknown_path >= 1 &&
      s.refused.wrong_type >= 1 && s.refused.osc_malformed >= 1 && s.writes.mapper >= 1;
  }, 'inspect oscquery counts read_only, unknown_path, wrong_type and osc_malformed refusals');
  check((await get('/lume/clock/peers?VALUE')).status === 200, 'the node still answers');
  code = 0;
} catch (err) {
  console.error(`FAIL: ${err.stack ?? err}`);
} finally {
  ws?.terminate();
  udp.close();
  mapperOut.close();
  node.kill('SIGTERM');
  await new Promise((resolve) => {
    if (node.exitCode !== null) return resolve();
    const timer = setTimeout(() => { node.kill('SIGKILL'); resolve(); }, 5000);
    node.on('exit', () => { clearTimeout(timer); resolve(); });
  });
  rmSync(dir, { recursive: true, force: true });
}
console.log(code === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed');
process.exit(code);
