// The stage view: the bus's hubs drawn on canvases, one frame per display refresh.

import { connectHub } from '/web-common/hub.js';
import { NodeClock } from '/web-common/node_clock.js';
import { SkeletonView, DepthView } from './skeleton_view.js';
import { ParamsView } from './params_view.js';
import { GridView } from '/web-common/grid_view.js';
import { ShowView } from './show_view.js';

const $ = (id) => document.getElementById(id);
const clock = new NodeClock();
const skeleton = new SkeletonView($('skeleton'));
const depth = new DepthView($('depth'));
const params = new ParamsView($('params'));
const grid = new GridView($('grid'), $('clock-text'));
const show = new ShowView({
  show: $('show'), camera: $('camera'), scene: $('scene'), section: $('section'),
  reason: $('reason'), session: $('session'), visuals: $('visuals'),
});
const connected = {};

const onState = (path, up) => {
  connected[path] = up;
  $('links').innerHTML = Object.entries(connected)
    .map(([p, ok]) => `<span class="${ok ? '' : 'down'}">${p}</span>`).join(' ');
};

connectHub('/ws/clock', (msg, at) => clock.update(msg, at), onState);
connectHub('/ws/skeleton', (msg) => skeleton.update(msg), onState);
connectHub('/ws/params', (msg) => params.update(msg.values), onState);
connectHub('/ws/features', (msg) => {
  if (msg.source === 'depth' || Object.keys(msg.values).some((k) => k.startsWith('depth.'))) {
    depth.update(msg.values);
  }
}, onState);
connectHub('/ws/cuts', (msg) => show.cut(msg, clock), onState);
connectHub('/ws/session', (msg) => show.session(msg), onState);
connectHub('/ws/visuals', (msg) => show.visuals(msg), onState);

let last = performance.now();
const frame = (now) => {
  skeleton.draw(params.target.energy ?? 0);
  depth.draw();
  params.draw(now - last);
  grid.draw(clock, now);
  last = now;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);
