// The player page in Chromium: it plays the host's events as real audio
// (an AnalyserNode's RMS above a floor) and its level follows the energy
// param. The test stands in for the bridge: it answers the host's pings
// and sends clock, code and params.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { chromium } from 'playwright-core';

const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { WebSocket } = createRequire(path.join(source, 'tools/strudel-host/package.json'))('ws');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let host;
let bridge;
let browser;
let page;
let profile;
const port = 19000 + Math.floor(Math.random() * 20000);

function send(message) {
  bridge.send(JSON.stringify(message));
}

async function level(ms) {
  // Mean of the page's RMS readings over `ms`.
  const readings = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    readings.push(await page.evaluate(() => window.lume.rms));
    await sleep(50);
  }
  return readings.reduce((a, b) => a + b, 0) / readings.length;
}

before(async () => {
  host = spawn('node', [path.join(source, 'tools/strudel-host/main.mjs'), '--port', String(port), '--address', '127.0.0.1', '--no-osc'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    host.stdout.on('data', (chunk) => String(chunk).includes('strudel-host listening') && resolve());
    host.on('exit', () => reject(new Error('host exited')));
  });
  bridge = new WebSocket(`ws://127.0.0.1:${port}/bridge`);
  await new Promise((resolve) => bridge.on('open', resolve));
  // The test's clock stands in for Link's: µs of performance.now().
  bridge.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === 'ping') send({ type: 'pong', id: message.id, host_ms: message.host_ms, at_us: performance.now() * 1000 });
  });
  send({ type: 'clock', beat: 0, tempo: 120, quantum: 4, at_us: performance.now() * 1000, playing: true });
  send({ type: 'params', values: { energy: 0.05 } });
  send({ type: 'code', id: 1, code: "note('c3*8').s('sawtooth').decay(0.2).sustain(0.6).gain(param('energy'))", at_beat: null });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lume-chromium-'));
  // A fresh profile (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('pageerror', (error) => console.error('page error:', error.message));
  // Chromium and the page's Strudel modules take 30-60 s to load when the
  // full suite loads the box (this goto timed out at 30 s once).
  await page.goto(`http://127.0.0.1:${port}/`, { timeout: 90000 });
  await page.waitForFunction(() => window.lume?.ready === true, null, { timeout: 60000 });
});

after(async () => {
  await browser?.close();
  bridge?.close();
  host?.kill('SIGTERM');
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

test('the page plays audio whose level follows energy', async () => {
  await page.waitForFunction(() => window.lume.played > 4, null, { timeout: 10000 });
  const quiet = await level(1500);
  send({ type: 'params', values: { energy: 0.8 } });
  await sleep(300);
  const loud = await level(1500);
  const played = await page.evaluate(() => window.lume.played);
  console.log(`rms at energy 0.05: ${quiet.toFixed(4)}, at 0.8: ${loud.toFixed(4)}, haps played ${played}`);
  assert.ok(loud > 0.01, `audio above the floor (${loud})`);
  assert.ok(loud > 4 * quiet, `level follows energy (${quiet} → ${loud})`);
  const shown = await page.textContent('#code');
  assert.match(shown, /sawtooth/);
});
