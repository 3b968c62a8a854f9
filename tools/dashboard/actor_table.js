// The actor table: one row per actor of the mesh (the inspection command
// `actors` plus the bus's rates), the p99 of its hops on the bus's node as
// sparklines, and kill / restart / move buttons. A row is one name on one
// node (each node has its own `root`, for example); rows stay in place
// between updates (a button is never replaced under the pointer) and carry
// data-name, data-node, data-status and data-restarts.

import { drawSparkline, HISTORY } from './sparkline.js';

const cell = (tr, className = '') => {
  const td = document.createElement('td');
  td.className = className;
  tr.append(td);
  return td;
};

const button = (label, onClick) => {
  const b = document.createElement('button');
  b.textContent = label;
  b.dataset.action = label;
  b.addEventListener('click', onClick);
  return b;
};

export class ActorTable {
  /// `command(line)` runs an operator command (POST /command).
  constructor(tbody, command) {
    this.tbody = tbody;
    this.command = command;
    this.rows = new Map();
    this.hops = new Map();
    this.nodes = [];
  }

  row(name, node) {
    const key = `${node}/${name}`;
    if (this.rows.has(key)) return this.rows.get(key);
    const tr = document.createElement('tr');
    tr.dataset.name = name;
    tr.dataset.node = node;
    const r = { tr };
    for (const key of ['name', 'kind', 'node', 'status']) r[key] = cell(tr, key);
    for (const key of ['restarts', 'mailbox', 'rate']) r[key] = cell(tr, `num ${key}`);
    const hops = cell(tr, 'hops');
    r.spark = document.createElement('canvas');
    r.spark.className = 'spark';
    r.spark.width = 120;
    r.spark.height = 20;
    r.worst = document.createElement('span');
    hops.append(r.spark, ' ', r.worst);
    const actions = cell(tr, 'actions');
    r.move = document.createElement('select');
    actions.append(
      button('kill', () => this.command(`kill ${name}`)),
      button('restart', () => this.command(`restart ${name}`)),
      r.move,
      button('move', () => this.command(`move ${name} ${r.move.value}`)),
    );
    r.name.textContent = name;
    r.node.textContent = node;
    this.rows.set(key, r);
    this.tbody.append(tr);
    return r;
  }

  /// Keeps each hop's p99 history from the `latency` rows of one message.
  recordLatency(latency) {
    if (!Array.isArray(latency)) return;
    for (const { hop, p99_us: p99 } of latency) {
      const values = this.hops.get(hop) ?? [];
      values.push(p99);
      if (values.length > HISTORY) values.shift();
      this.hops.set(hop, values);
    }
  }

  update(actors, nodes, latency) {
    this.recordLatency(latency);
    const up = nodes.filter((n) => n.state === 'up').map((n) => n.name);
    const seen = new Set();
    for (const a of actors) {
      seen.add(`${a.node}/${a.name}`);
      const r = this.row(a.name, a.node);
      const changed = r.tr.dataset.restarts !== undefined && r.tr.dataset.restarts !== String(a.restarts);
      r.kind.textContent = a.kind;
      r.status.textContent = a.status;
      r.restarts.textContent = a.restarts;
      r.mailbox.textContent = a.mailbox ?? '–';
      r.rate.textContent = a.rate ?? '–';
      Object.assign(r.tr.dataset, { status: a.status, restarts: String(a.restarts) });
      r.tr.className = changed ? `${a.status} changed` : a.status;
      if (up.join() !== [...r.move.options].map((o) => o.value).join()) {
        const chosen = r.move.value;
        r.move.replaceChildren(...up.map((n) => new Option(n, n, false, n === chosen)));
      }
      const series = [...this.hops].filter(([hop]) => hop.split('.')[0] === a.name);
      drawSparkline(r.spark, series.map(([, v]) => v));
      const worst = Math.max(0, ...series.map(([, v]) => v[v.length - 1]));
      r.worst.textContent = series.length ? `${(worst / 1000).toFixed(1)} ms` : '';
      r.spark.title = series.map(([hop, v]) => `${hop}: p99 ${(v[v.length - 1] / 1000).toFixed(2)} ms`).join('\n');
    }
    for (const [key, r] of this.rows) {
      if (!seen.has(key)) {
        r.tr.remove();
        this.rows.delete(key);
      }
    }
    // Sorted by node, then name.
    const order = [...this.rows.values()].sort((x, y) =>
      (x.tr.dataset.node + x.tr.dataset.name).localeCompare(y.tr.dataset.node + y.tr.dataset.name));
    order.forEach((r, i) => { if (this.tbody.children[i] !== r.tr) this.tbody.insertBefore(r.tr, this.tbody.children[i]); });
  }
}
