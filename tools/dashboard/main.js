// The dashboard: the mesh, its actors, the clock, the show and the refused
// inputs, live over the bus's hubs (/ws/mesh, /ws/clock, /ws/cuts,
// /ws/session), and the operator's controls behind the bus token.

import { connectHub } from '/web-common/hub.js';
import { NodeClock } from '/web-common/node_clock.js';
import { GridView } from '/web-common/grid_view.js';
import { MeshGraph } from './mesh_graph.js';
import { ActorTable } from './actor_table.js';
import { token, post } from './bus_api.js';

const $ = (id) => document.getElementById(id);
const CUTS = 8;

// --- controls ---------------------------------------------------------
const showToken = () => {
  $('token-form').hidden = token.get() !== '';
  $('token-set').hidden = token.get() === '';
};

const show = (title, { status, json, text }) => {
  $('reply').className = status >= 400 ? 'error' : '';
  $('reply').dataset.status = String(status);
  $('reply').textContent = `${title} → ${status}\n${json?.text ?? json?.error ?? text}`;
};

async function send(title, path, body) {
  if (token.get() === '') {
    $('reply').className = 'error';
    $('reply').textContent = 'the bus token first';
    $('token').focus();
    return;
  }
  try {
    show(title, await post(path, body));
  } catch (err) {
    show(title, { status: 0, json: null, text: String(err) });
  }
  showToken();
}

const command = (line) => send(line, '/command', { command: line });

$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  if ($('token').value !== '') token.set($('token').value);
  $('token').value = '';
  showToken();
});
$('forget').addEventListener('click', () => { token.forget(); showToken(); });
$('tempo-form').addEventListener('submit', (event) => {
  event.preventDefault();
  command(`tempo ${$('tempo').value}`);
});
$('session-buttons').addEventListener('click', (event) => {
  const cue = event.target.dataset.session;
  if (cue) send(`session ${cue}`, '/cue', { session: cue });
});
$('cue-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const director = { kind: $('cue-kind').value, value: $('cue-value').value, rule: $('cue-rule').value };
  send(`cue ${director.kind} ${director.value}`, '/cue', { director });
});
showToken();

// --- views ------------------------------------------------------------
const graph = new MeshGraph($('graph'));
const actors = new ActorTable(document.querySelector('#actors tbody'), command);
const clock = new NodeClock();
const grid = new GridView($('grid'), $('clock-text'));
let cuts = [];

const hubs = {};
const onState = (path, up) => {
  hubs[path] = up;
  $('hubs').innerHTML = Object.entries(hubs)
    .map(([p, ok]) => `<span class="${ok ? '' : 'down'}">${p}</span>`).join('');
};

const refused = (rows) => {
  const tbody = document.querySelector('#refused tbody');
  tbody.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    for (const x of [r.node, r.actor, r.where, r.reason, r.count]) {
      const td = document.createElement('td');
      td.textContent = x;
      tr.append(td);
    }
    return tr;
  }));
};

const showCuts = () => {
  $('cuts').replaceChildren(...cuts.slice().reverse().map((c) => {
    const li = document.createElement('li');
    li.textContent = `${c.kind} → ${c.value} at beat ${c.at_beat} (${c.reason})`;
    return li;
  }));
};

const addCut = (cut) => {
  if (cuts.some((c) => c.epoch === cut.epoch && c.seq === cut.seq)) return;
  cuts = [...cuts, cut].slice(-CUTS);
  showCuts();
};

const showSession = (s) => {
  $('session').textContent = `${s.state}  ${s.song} (${s.song_index + 1})  section ${s.section}` +
    `  bar ${s.bar}  ${s.tempo} BPM${s.recording ? '  ● rec' : ''}`;
};

connectHub('/ws/mesh', (msg) => {
  const nodes = Array.isArray(msg.nodes) ? msg.nodes : [];
  const rows = Array.isArray(msg.actors) ? msg.actors : [];
  const perNode = {};
  for (const a of rows) perNode[a.node] = (perNode[a.node] ?? 0) + 1;
  graph.update(nodes, perNode);
  actors.update(rows, nodes, msg.latency);
  refused(Array.isArray(msg.stats) ? msg.stats : []);
  document.body.dataset.meshMessages = String(Number(document.body.dataset.meshMessages ?? 0) + 1);
}, onState);
connectHub('/ws/clock', (msg, at) => clock.update(msg, at), onState);
connectHub('/ws/cuts', addCut, onState);
connectHub('/ws/session', showSession, onState);

// The cuts and session before this page was opened.
fetch('/state').then((r) => r.json()).then((state) => {
  for (const cut of state.director?.cuts ?? []) addCut(cut);
  cuts.sort((a, b) => a.epoch - b.epoch || a.seq - b.seq);
  showCuts();
  if (state.session) showSession(state.session);
}).catch((err) => { $('cuts').textContent = `GET /state failed: ${err}`; });

const frame = (now) => {
  grid.draw(clock, now);
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
