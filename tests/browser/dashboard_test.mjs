// The dashboard in Debian's headless Chromium against a running 3-node
// mesh (started by dashboard_test.py): the page must show three nodes up
// and the actors; with the token entered once, kill an actor from its row
// and see its restarts go up, set the tempo and see the clock follow, cue
// the director, move `probe` to k11 from its row, then after
// kill -9 of k11 see k11 down and its movable actors on a survivor. The
// bus's POST /command refuses a missing token and a command off its
// allow-list. Saves screenshots under BUILD_DIR; no console error allowed.
// usage: node dashboard_test.mjs BUS_URL TOKEN BUILD_DIR '{"mac1": PID, ...}'
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage } from './chromium.mjs';

const [bus, token, buildDir, pidsJson] = process.argv.slice(2);
if (!pidsJson) {
  console.error("usage: node dashboard_test.mjs BUS_URL TOKEN BUILD_DIR '{\"mac1\": PID, ...}'");
  process.exit(2);
}
const pids = JSON.parse(pidsJson);
const fail = (what) => { throw new Error(what); };
// Each step's bound: the mesh polls every 500 ms, but a loaded box (8
// engineers' builds on 2 cores) slows Chromium and the nodes by seconds.
const WAIT = 30000;
const shot = (page, name) => page.screenshot({ path: join(buildDir, name), fullPage: true });

/// POST /command straight to the bus: {status, body}.
const command = async (body, auth = token) => {
  const r = await fetch(`${bus}/command`, {
    method: 'POST', body: JSON.stringify(body),
    headers: auth ? { Authorization: `Bearer ${auth}` } : {},
  });
  return { status: r.status, body: await r.json() };
};

const row = (name) => `#actors tr[data-name="${name}"]`;
const rowData = (page, name) => page.$eval(row(name), (tr) => ({ ...tr.dataset }));

const dir = mkdtempSync(join(tmpdir(), 'lume-dashboard-'));
let browser;
let page;
let code = 1;
const started = Date.now();
const step = (what) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
try {
  step('start');
  let r = await command({ command: 'kill probe' }, '');
  if (r.status !== 401 || r.body.reason !== 'unauthorized') fail(`no token: ${JSON.stringify(r)}`);
  r = await command({ command: 'send probe {}' });
  if (r.status !== 400 || r.body.reason !== 'bad_value' || r.body.field !== 'command') {
    fail(`send is not on the allow-list: ${JSON.stringify(r)}`);
  }
  step('allow-list checked');
  r = await command({ command: 'restart nobody' });
  if (r.status !== 409 || r.body.reason !== 'refused') fail(`unknown name: ${JSON.stringify(r)}`);

  step('refusals checked');
  const opened = await openPage(join(dir, 'chromium'), { width: 1100, height: 900 });
  browser = opened.browser;
  ({ page } = opened);
  const { errors } = opened;

  step('Chromium started');
  const response = await page.goto(`${bus}/`, { waitUntil: 'commit', timeout: WAIT });
  if (response.status() !== 200) fail(`/ answered ${response.status()}`);
  if ((await page.title()) !== 'LUME dashboard') fail(`/ is not the dashboard: ${await page.title()}`);
  await page.waitForFunction(() =>
    document.querySelectorAll('#graph g.node[data-state="up"]').length === 3, null, { timeout: WAIT });
  step('three nodes up');
  await page.waitForSelector(row('probe'), { timeout: WAIT });
  await page.waitForSelector(row('director'), { timeout: WAIT });
  await page.waitForFunction(() => document.getElementById('clock-text').textContent !== '', null,
    { timeout: WAIT });

  step('actors and clock shown');
  // mac5's Strudel host runs from the checkout (its cwd): started once, never restarted.
  await page.waitForSelector(row('strudel-host'), { timeout: WAIT });
  const hostRestarts = await page.$eval(`${row('strudel-host')} td.restarts`, (td) => td.textContent);
  if (hostRestarts !== '0') fail(`strudel-host restarted ${hostRestarts} times`);
  // The token, once; kept in sessionStorage.
  await page.fill('#token', token);
  await page.click('#token-form button');
  if (!(await page.isHidden('#token-form'))) fail('the token form is still shown after use');
  if (await page.evaluate(() => sessionStorage.getItem('lume.bus-token')) !== token) {
    fail('the token is not in sessionStorage');
  }

  // Kill mac1's heartbeat ticker from its row: its restarts count must go up.
  const victim = 'heartbeat-mac1';
  const before = await rowData(page, victim);
  await page.click(`${row(victim)} button[data-action="kill"]`);
  await page.waitForFunction(({ sel, n }) => Number(document.querySelector(sel)?.dataset.restarts) > n,
    { sel: row(victim), n: Number(before.restarts) }, { timeout: WAIT });
  // The live view may show the restart before the kill's own answer arrives.
  await page.waitForFunction((v) => document.getElementById('reply').textContent.startsWith(`kill ${v}`),
    victim, { timeout: WAIT });
  const reply = await page.textContent('#reply');
  if (!reply.startsWith(`kill ${victim} → 200`)) fail(`kill answered: ${reply}`);
  const after = await rowData(page, victim);
  console.log(`kill ${victim}: restarts ${before.restarts} → ${after.restarts} on ${after.node}`);

  step(`${victim} restarted`);

  // Tempo and a director cue from the page: the clock follows the tempo.
  await page.fill('#tempo', '126');
  await page.click('#tempo-form button');
  await page.waitForFunction(() => document.getElementById('clock-text').textContent.includes('126.0 BPM'),
    null, { timeout: WAIT });
  // 'flare': a scene of the session's first song (mac1.caf's aurora), which
  // the director takes over from its own list.
  await page.fill('#cue-value', 'flare');
  await page.click('#cue-form button');
  await page.waitForFunction(() => document.getElementById('reply').textContent.startsWith('cue scene flare'),
    null, { timeout: WAIT });
  const cueReply = await page.textContent('#reply');
  if (!cueReply.startsWith('cue scene flare → 200')) fail(`the director cue answered: ${cueReply}`);
  step('tempo 126 shown, director cue answered');
  // Move probe to k11 from its row, then kill -9 k11.
  await page.selectOption(`${row('probe')} select`, 'k11');
  await page.click(`${row('probe')} button[data-action="move"]`);
  await page.waitForSelector(`${row('probe')}[data-node="k11"]`, { timeout: WAIT });
  await shot(page, 'dashboard.png');
  const onK11 = await page.$$eval('#actors tr[data-node="k11"]', (trs) => trs.map((tr) => tr.dataset.name));
  step('probe moved to k11');
  process.kill(pids.k11, 'SIGKILL');
  await page.waitForSelector('#graph g.node[data-name="k11"][data-state="down"]', { timeout: WAIT });
  await page.waitForFunction(() => {
    const probe = document.querySelector('#actors tr[data-name="probe"]');
    return probe && ['mac1', 'mac5'].includes(probe.dataset.node) && probe.dataset.status === 'running';
  }, null, { timeout: WAIT });
  const director = await rowData(page, 'director');
  if (director.node === 'k11') fail('director still shown on k11, which is down');
  if (await page.$('#actors tr[data-node="k11"]')) fail('actors still shown on k11, which is down');
  await shot(page, 'dashboard-failover.png');
  console.log(`k11 (${onK11.join(', ')}) killed: probe now on ` +
    `${(await rowData(page, 'probe')).node}, director on ${director.node}`);
  if (errors.length > 0) fail(`console errors:\n${errors.join('\n')}`);
  console.log(`dashboard test passed; screenshots ${join(buildDir, 'dashboard.png')}, ` +
    `${join(buildDir, 'dashboard-failover.png')}`);
  code = 0;
} catch (err) {
  console.error(`FAIL: ${err.message}`);
  // What the page showed, within bounds (a stuck page must not hang the test).
  const bounded = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r('no answer'), 10000))]);
  if (page) {
    console.error('page:', JSON.stringify(await bounded(page.evaluate(() => ({
      meshMessages: document.body.dataset.meshMessages,
      nodes: [...document.querySelectorAll('#graph g.node')].map((g) => `${g.dataset.name}:${g.dataset.state}`),
      actors: [...document.querySelectorAll('#actors tbody tr')].map((tr) => `${tr.dataset.name}@${tr.dataset.node}`),
      reply: document.getElementById('reply').textContent,
    }))).catch(String)));
    await bounded(shot(page, 'dashboard-failed.png').catch(() => {}));
  }
} finally {
  // Closing may hang on a loaded box: a bounded wait, then exit anyway.
  if (browser) await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10000))]);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
