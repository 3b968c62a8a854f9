// The mesh as seen by the bus's node: one circle per node coloured by its
// state, a line for each pair of nodes, solid between two that are up.

const NS = 'http://www.w3.org/2000/svg';
const COLOURS = { up: '#6fd08c', suspect: '#ffd34d', down: '#ff6b6b' };

const element = (name, attributes) => {
  const x = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attributes)) x.setAttribute(k, v);
  return x;
};

export class MeshGraph {
  constructor(svg) { this.svg = svg; }

  /// `nodes`: the rows of the inspection command `nodes`; `actors` counts per node.
  update(nodes, actorsPerNode) {
    const { svg } = this;
    svg.replaceChildren();
    const w = 320;
    const h = 240;
    const r = Math.min(w, h) / 2 - 40;
    const at = nodes.map((_, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
      return [w / 2 + r * Math.cos(a), h / 2 + r * Math.sin(a)];
    });
    nodes.forEach((a, i) => nodes.forEach((b, j) => {
      if (j <= i) return;
      const live = a.state === 'up' && b.state === 'up';
      svg.append(element('line', {
        x1: at[i][0], y1: at[i][1], x2: at[j][0], y2: at[j][1],
        stroke: live ? '#3f8fd8' : '#4a5263', 'stroke-width': live ? 2 : 1,
        'stroke-dasharray': live ? '' : '4 4',
      }));
    }));
    nodes.forEach((node, i) => {
      const g = element('g', { class: 'node', 'data-name': node.name, 'data-state': node.state });
      g.append(element('circle', {
        cx: at[i][0], cy: at[i][1], r: 18, fill: COLOURS[node.state] ?? '#7b8597',
        stroke: node.self ? '#ffffff' : 'none', 'stroke-width': 2,
      }));
      const label = element('text', { x: at[i][0], y: at[i][1] + 34, 'text-anchor': 'middle' });
      label.textContent = `${node.name} · ${node.state} · ${actorsPerNode[node.name] ?? 0}`;
      const title = element('title', {});
      title.textContent = `${node.address}${node.reason ? ` (${node.reason})` : ''}`;
      g.append(label, title);
      svg.append(g);
    });
  }
}
