// The stage view in Debian's headless Chromium: a solo lume-node (ports
// moved to free ones, Link off) serves the dashboard at / (its hop
// sparklines are checked here) and /stage; the stage page must draw skeleton
// frames, show a cut sent through the inspection port on its beat, log no
// console error, and not leave the skeleton blank. Saves a screenshot.
// usage: node stage_test.mjs LUME_NODE SOURCE_DIR BUILD_DIR
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage } from './chromium.mjs';
import { inspect, soloConfig } from '../lib/solo_node.mjs';

const [lumeNode, sourceDir, buildDir] = process.argv.slice(2);
if (!buildDir) {
  console.error('usage: node stage_test.mjs LUME_NODE SOURCE_DIR BUILD_DIR');
  process.exit(2);
}

/// config/solo.caf with every port moved and the static folders made absolute.
const soloPorts = (dir) => soloConfig(sourceDir, dir,
  ['9404', '12351', '9700', '9701', '9703', '9798', '9800'])
  .then((c) => ({ file: c.file, bus: c.ports['9404'], inspect: c.inspect }));

const fail = (what) => { throw new Error(what); };

const dir = mkdtempSync(join(tmpdir(), 'lume-stage-'));
const config = await soloPorts(dir);
const node = spawn(lumeNode, ['--config', config.file, `--lume.inspect-port=${config.inspect}`,
  '--lume.clock.link=false'], { stdio: ['ignore', 'pipe', 'inherit'] });
let browser;
let code = 1;
try {
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('lume-node did not start')), 10000);
    node.stdout.on('data', (chunk) => {
      if (String(chunk).includes('inspection on')) { clearTimeout(timer); resolve(); }
    });
    node.on('exit', (c) => reject(new Error(`lume-node exited with ${c}`)));
  });
  const opened = await openPage(join(dir, 'chromium'), { width: 1040, height: 700 });
  browser = opened.browser;
  const { page, errors } = opened;

  // The dashboard at / first: this node's sensors have hops, so mocopi's
  // row must draw its p99 (the mesh test's bus node has none).
  await page.goto(`http://127.0.0.1:${config.bus}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() =>
    /ms$/.test(document.querySelector('#actors tr[data-name="mocopi"] td.hops span')?.textContent ?? ''),
  null, { timeout: 30000 });
  const hops = await page.$eval('#actors tr[data-name="mocopi"] canvas.spark', (c) => c.title);
  if (!hops.includes('mocopi.decode: p99')) fail(`mocopi's hops not listed: ${hops}`);

  const response = await page.goto(`http://127.0.0.1:${config.bus}/stage`);
  if (response.status() !== 200) fail(`/stage answered ${response.status()}`);
  await page.waitForFunction(() => Number(document.getElementById('skeleton').dataset.frames) >= 20,
    null, { timeout: 15000 });

  // A cut one to two beats ahead: the page must show it when the node's
  // grid gets there (or at once if a loaded machine delivered it later than
  // that). The bus takes a cut as arriving on its beat (the director's
  // quantizer delivers it so) and maps it onto its own timeline within half
  // a bar, so a hand-made cut stays within that.
  await page.waitForFunction(() => document.getElementById('clock-text').textContent !== '', null,
    { timeout: 15000 });
  const { beat, tempo } = await inspect(config.inspect, 'clock');
  const atBeat = Math.ceil(beat) + 1;
  const cut = { type: 'director_cut', kind: 'scene', value: 'storm', camera: 'cam-2',
    scene: 'storm', section: 'build', reason: 'stage-test', epoch: 1000000, seq: 1, at_beat: atBeat };
  await inspect(config.inspect, `send bus ${JSON.stringify(cut)}`);
  // The director cuts too (epoch 1): the test's cut has an epoch above its
  // own, so neither the bus nor the page take a director cut for newer.
  await page.waitForFunction(() => document.getElementById('show').dataset.seq === '1' &&
    document.getElementById('scene').textContent === 'storm', null, { timeout: 15000 });
  const shown = await page.evaluate(() => ({
    scene: document.getElementById('scene').textContent,
    camera: document.getElementById('camera').textContent,
    appliedBeat: Number(document.getElementById('show').dataset.appliedBeat),
    arrivedBeat: Number(document.getElementById('show').dataset.arrivedBeat),
    clock: document.getElementById('clock-text').textContent,
  }));
  if (shown.scene !== 'storm' || shown.camera !== 'cam-2') fail(`cut not shown: ${JSON.stringify(shown)}`);
  // Never early: a page that ignored at_beat would show the cut on arrival,
  // beats ahead of its grid point. How late it showed is the browser's
  // timers on this machine (printed; a loaded box delays them by seconds).
  const due = Math.max(atBeat, shown.arrivedBeat);
  if (shown.appliedBeat < atBeat - 0.05) {
    fail(`cut shown at beat ${shown.appliedBeat}, before its beat ${atBeat} (arrived at ` +
      `${shown.arrivedBeat}; ${shown.clock})`);
  }

  const lit = await page.evaluate(() => {
    const canvas = document.getElementById('skeleton');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 300) n += 1;
    return n;
  });
  if (lit < 300) fail(`the skeleton is blank (${lit} bright pixels)`);
  // The styled image, when one came, sits inside the stage's canvas (a
  // stretched .stage once hung it below the canvas's bottom edge).
  const overflow = await page.evaluate(() => {
    const image = document.getElementById('visuals');
    if (image.hidden) return null;
    const outer = document.getElementById('skeleton').getBoundingClientRect();
    const inner = image.getBoundingClientRect();
    return inner.bottom > outer.bottom + 0.5 || inner.right > outer.right + 0.5
      ? `image ${JSON.stringify(inner)} outside canvas ${JSON.stringify(outer)}` : '';
  });
  if (overflow) fail(`the styled image lies outside the stage: ${overflow}`);
  await page.screenshot({ path: join(buildDir, 'stage-view.png') });
  if (errors.length > 0) fail(`console errors:\n${errors.join('\n')}`);
  console.log(`stage test passed: ${lit} skeleton pixels, cut shown at beat ${shown.appliedBeat} ` +
    `(due ${atBeat}, arrived ${shown.arrivedBeat}: ` +
    `${((shown.appliedBeat - due) * 60000 / tempo).toFixed(0)} ms late); screenshot ${join(buildDir, 'stage-view.png')}`);
  code = 0;
} catch (err) {
  console.error(`FAIL: ${err.message}`);
} finally {
  if (browser) await browser.close();
  node.kill('SIGTERM');
  await new Promise((resolve) => (node.exitCode !== null ? resolve() : node.on('exit', resolve)));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
