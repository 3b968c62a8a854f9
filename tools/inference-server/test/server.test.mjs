// The stand-in's /sdapi/v1 routes against the real network (64² → 128²).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startModel } from '../model_worker.mjs';
import { decodePng, encodePng } from '../png.mjs';
import { createSdapiServer } from '../sdapi.mjs';

let model;
let app;
let base;

const image = (() => {
  const rgb = new Uint8Array(64 * 64 * 3);
  for (let i = 0; i < rgb.length; ++i) rgb[i] = (i * 13) & 0xff;
  return encodePng({ width: 64, height: 64, rgb }).toString('base64');
})();

const post = (path, body) => fetch(base + path, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const img2img = (extra = {}) => post('/sdapi/v1/img2img', {
  init_images: [image], prompt: 'ink', denoising_strength: 0.5, width: 128, height: 128, ...extra,
});
const faults = async (changes) => (await post('/lume/faults', changes)).json();

before(async () => {
  model = await startModel();
  app = createSdapiServer({ model, control: true, seed: 3 });
  await new Promise((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${app.server.address().port}`;
});

after(async () => {
  app.server.close();
  app.server.closeAllConnections();
  await model.close();
});

test('img2img returns a PNG of the asked size and says what it is', async () => {
  const res = await img2img();
  assert.equal(res.status, 200);
  const body = await res.json();
  const out = decodePng(Buffer.from(body.images[0], 'base64'));
  assert.equal(out.width, 128);
  assert.equal(out.height, 128);
  const info = JSON.parse(body.info);
  assert.match(info.note, /not a diffusion model/);
  assert.match(info.note, /prompt.*ignored/);
  assert.ok(info.compute_ms > 0);
  assert.equal(body.parameters.prompt, 'ink');
  assert.equal(body.parameters.init_images, undefined);
});

test('strength 0 gives the resized input, strength 1 the network output', async () => {
  const zero = decodePng(Buffer.from((await (await img2img({ denoising_strength: 0 })).json()).images[0], 'base64'));
  const one = decodePng(Buffer.from((await (await img2img({ denoising_strength: 1 })).json()).images[0], 'base64'));
  let differ = 0;
  for (let i = 0; i < zero.rgb.length; ++i) if (Math.abs(zero.rgb[i] - one.rgb[i]) > 8) ++differ;
  assert.ok(differ > zero.rgb.length / 100, `only ${differ} values differ`);
});

test('txt2img runs the network on seeded noise', async () => {
  const res = await post('/sdapi/v1/txt2img', { prompt: 'x', width: 64, height: 32, seed: 5 });
  const out = decodePng(Buffer.from((await res.json()).images[0], 'base64'));
  assert.deepEqual([out.width, out.height], [64, 32]);
});

test('bad requests answer 422 and unknown routes 404', async () => {
  assert.equal((await post('/sdapi/v1/img2img', { prompt: 'no image' })).status, 422);
  assert.equal((await fetch(base + '/sdapi/v1/img2img', { method: 'POST', body: '{' })).status, 422);
  assert.equal((await img2img({ width: 'wide' })).status, 422);
  assert.equal((await fetch(base + '/sdapi/v1/options')).status, 404);
  assert.equal((await post('/lume/faults', { sparkle: 1 })).status, 422);
});

test('jobs run one at a time; progress shows the queue', async () => {
  await faults({ latency_ms: 400 });
  const started = Date.now();
  const jobs = [img2img(), img2img(), img2img()];
  let progress;
  for (let i = 0; i < 50; ++i) {
    progress = await (await fetch(base + '/sdapi/v1/progress?skip_current_image=true')).json();
    if (progress.state.job_count === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(progress.state.job_count, 2);
  assert.ok(progress.state.job.startsWith('job('));
  await Promise.all(jobs);
  assert.ok(Date.now() - started >= 1200, 'three 400 ms jobs overlapped');
  await faults({ latency_ms: 0 });
});

test('an interrupt ends a hung job', async () => {
  await faults({ hang_rate: 1 });
  const hung = img2img();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await post('/sdapi/v1/interrupt', {})).status, 200);
  const body = await (await hung).json();
  assert.deepEqual(body.images, []);
  assert.equal(JSON.parse(body.info).interrupted, true);
  const { counters } = await faults({ hang_rate: 0 });
  assert.equal(counters.hung, 1);
  assert.equal(counters.interrupted, 1);
});

test('injected failures and malformed answers', async () => {
  await faults({ fail_first: 2 });
  assert.equal((await img2img()).status, 500);
  assert.equal((await img2img()).status, 500);
  assert.equal((await img2img()).status, 200);
  await faults({ malformed_rate: 1, malformed: 'json' });
  assert.throws(() => JSON.parse('x'));
  await assert.rejects((await img2img()).json());
  await faults({ malformed: 'png' });
  const png = await (await img2img()).json();
  assert.throws(() => decodePng(Buffer.from(png.images[0], 'base64')));
  await faults({ malformed_rate: 0, oversize_rate: 1, oversize_bytes: 100000 });
  const big = await (await img2img()).json();
  assert.equal(Buffer.from(big.images[0], 'base64').length, 100000);
  await faults({ oversize_rate: 0 });
});

test('the command line refuses a bad flag with exit code 2', () => {
  const server = fileURLToPath(new URL('../server.mjs', import.meta.url));
  const run = spawnSync('node', [server, '--fail-rate', 'lots'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--fail-rate/);
});
