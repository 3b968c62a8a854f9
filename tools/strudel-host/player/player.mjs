// A browser player: receives the host's haps on /player and plays them
// with Strudel's own superdough (built-in synths, offline; samples from the
// host's `--samples` folder). Each hap carries its host time; the page
// maps host time to its own clock with pings (shortest round trip wins)
// and to the AudioContext's clock with getOutputTimestamp().

import {
  getAudioContext,
  initAudio,
  registerSynthSounds,
  samples,
  superdough,
} from '/vendor/superdough/dist/index.mjs';

const $ = (id) => document.getElementById(id);
const offsets = []; // {rtt, offset: host ms − page ms}
let ready = false;
let level;
let analyser;
let quantum = 4;
let state = { cycle: null, tempo: null, host_ms: null, at_page: 0 };
window.lume = { played: 0, late: 0, rms: 0, ready: false };

/**
 * superdough's output, routed through a master gain whose level an
 * AnalyserNode measures: superdough connects its output to
 * `ctx.destination` (on first use), so its context names the master as its
 * destination. (superdough 1.2.5's setDefaultAudioContext takes no context:
 * the page adapts superdough's own.)
 */
function tapOutput(ctx) {
  const master = ctx.createGain();
  master.maxChannelCount = 2;
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 2048;
  master.connect(ctx.destination);
  master.connect(analyser);
  Object.defineProperty(ctx, 'destination', { value: master });
  return analyser;
}

async function start() {
  if (ready) return;
  const ctx = getAudioContext();
  analyser ??= tapOutput(ctx);
  // Without a click first, a browser may refuse: the button tries again.
  await initAudio();
  if (ctx.state !== 'running') throw new Error('audio not allowed yet: click Start audio');
  registerSynthSounds();
  try {
    await samples('/samples/strudel.json', '/samples/');
  } catch {
    // No samples folder: the synths still play.
  }
  level = analyser;
  ready = true;
  window.lume.ready = true;
  $('start').disabled = true;
  $('start').textContent = 'audio on';
}
$('start').addEventListener('click', start);
// Browsers that allow audio without a gesture start at once.
start().catch(() => {});

function hostOffset() {
  if (!offsets.length) return undefined;
  return offsets.reduce((a, b) => (b.rtt < a.rtt ? b : a)).offset;
}

/** AudioContext time (s) at page time `pageMs`. */
function audioTimeAt(pageMs) {
  const ctx = getAudioContext();
  const stamp = ctx.getOutputTimestamp?.();
  if (stamp && stamp.performanceTime > 0) {
    return stamp.contextTime + (pageMs - stamp.performanceTime) / 1000;
  }
  return ctx.currentTime + (pageMs - performance.now()) / 1000 - (ctx.outputLatency ?? 0);
}

function play(haps) {
  const offset = hostOffset();
  if (!ready || offset === undefined) return;
  for (const hap of haps) {
    const t = audioTimeAt(hap.host_ms - offset);
    if (t < getAudioContext().currentTime) {
      window.lume.late += 1;
      continue;
    }
    window.lume.played += 1;
    superdough(hap.value, t, hap.duration_s).catch((error) => {
      $('error').textContent = `audio: ${error.message}`;
    });
  }
}

function showState(message) {
  state = { ...message, at_page: performance.now() };
  quantum = message.quantum ?? quantum;
  $('code').textContent = message.code ?? '–';
  $('error').textContent = message.last_error ? `${message.last_error.message} (line ${message.last_error.line}, column ${message.last_error.column})` : '';
  $('tempo').textContent = message.tempo ? `${message.tempo.toFixed(1)} BPM` : '';
  $('params').replaceChildren(
    ...Object.entries(message.params ?? {}).map(([name, value]) => {
      const row = document.createElement('tr');
      row.innerHTML = `<td>${name}</td><td>${value.toFixed(3)}</td>`;
      return row;
    }),
  );
}

function draw() {
  if (state.cycle !== null && state.tempo) {
    const beat = state.cycle * quantum + ((performance.now() - state.at_page) / 60000) * state.tempo;
    $('beat').textContent = `${Math.floor(beat / quantum) + 1}.${(Math.floor(beat) % quantum) + 1}`;
  }
  if (level) {
    const samples = new Float32Array(level.fftSize);
    level.getFloatTimeDomainData(samples);
    const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
    window.lume.rms = rms;
    $('level').value = rms;
  }
  requestAnimationFrame(draw);
}
requestAnimationFrame(draw);

function connect() {
  const ws = new WebSocket(`ws://${location.host}/player`);
  let pinger;
  ws.onopen = () => {
    $('status').textContent = 'connected';
    let id = 0;
    pinger = setInterval(() => ws.send(JSON.stringify({ type: 'ping', id: ++id, page_ms: performance.now() })), 500);
    ws.send(JSON.stringify({ type: 'ping', id: 0, page_ms: performance.now() }));
  };
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'pong') {
      const now = performance.now();
      offsets.push({ rtt: now - message.page_ms, offset: message.host_ms - (message.page_ms + now) / 2 });
      if (offsets.length > 20) offsets.shift();
    } else if (message.type === 'haps') {
      play(message.haps);
    } else if (message.type === 'state') {
      showState(message);
    }
  };
  ws.onclose = () => {
    clearInterval(pinger);
    $('status').textContent = 'reconnecting…';
    setTimeout(connect, 1000);
  };
}
connect();
