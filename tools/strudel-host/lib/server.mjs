// HTTP and WebSocket on one port (default 9600): the bridge on /bridge,
// browser players on /player, the player page and the audio engine it needs
// (superdough and nanostores from node_modules) as static files.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

import { parseBridgeMessage, Refusals } from './bridge_protocol.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** URL prefix → folder served below it. */
const staticRoots = {
  '/player/': path.join(root, 'player'),
  '/vendor/superdough/': path.join(root, 'node_modules/superdough'),
  '/vendor/nanostores/': path.join(root, 'node_modules/nanostores'),
};

const mediaTypes = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

function serveStatic(request, response, samplesDir) {
  const url = new URL(request.url, 'http://host');
  let pathname = decodeURIComponent(url.pathname);
  if (pathname === '/') pathname = '/player/index.html';
  const roots = { ...staticRoots, ...(samplesDir ? { '/samples/': samplesDir } : {}) };
  for (const [prefix, dir] of Object.entries(roots)) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.resolve(dir, `.${pathname.slice(prefix.length - 1)}`);
    if (!file.startsWith(dir)) break;
    fs.readFile(file, (error, data) => {
      if (error) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      response.writeHead(200, {
        'content-type': mediaTypes[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      response.end(data);
    });
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

export function startServer({ host, port, address = '0.0.0.0', log, pingMs = 1000, healthMs = 1000, samplesDir }) {
  const refusals = new Refusals();
  const server = http.createServer((request, response) => serveStatic(request, response, samplesDir));
  const bridges = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const players = new WebSocketServer({ noServer: true, maxPayload: 1 << 16 });

  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url, 'http://host');
    const target = pathname === '/bridge' ? bridges : pathname === '/player' ? players : undefined;
    if (!target) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    target.handleUpgrade(request, socket, head, (ws) => target.emit('connection', ws, request));
  });

  const healthOf = (bridge) => ({
    ...host.health(),
    refused: { ...refusals.byReason },
    last_refused: refusals.last ?? null,
    clock_sync: {
      offset_ms: bridge.offset.offsetMs ?? null,
      rtt_ms: bridge.offset.rttMs ?? null,
      samples: bridge.offset.samples.length,
    },
  });

  bridges.on('connection', (ws, request) => {
    log(`bridge connected from ${request.socket.remoteAddress}`);
    const bridge = host.connectBridge((message) => {
      if (ws.readyState === 1) ws.send(JSON.stringify(message));
    });
    // A quick burst of pings for a first offset, then one per `pingMs`.
    let burst = 0;
    host.ping(bridge);
    const pinger = setInterval(() => {
      burst += 1;
      if (burst <= 8 || burst % Math.max(1, Math.round(pingMs / 50)) === 0) host.ping(bridge);
    }, 50);
    const healthTimer = setInterval(() => bridge.send(healthOf(bridge)), healthMs);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        refusals.add('binary', 'messages are JSON text');
        bridge.send({ type: 'refused', reason: 'binary', detail: 'messages are JSON text' });
        return;
      }
      const parsed = parseBridgeMessage(data.toString());
      if (parsed.reason) {
        refusals.add(parsed.reason, parsed.detail);
        bridge.send({ type: 'refused', reason: parsed.reason, detail: parsed.detail });
        return;
      }
      host.handle(bridge, parsed.message).catch((error) => log(`message failed: ${error.stack ?? error}`, true));
    });
    ws.on('close', () => {
      clearInterval(pinger);
      clearInterval(healthTimer);
      host.disconnectBridge(bridge);
      log('bridge disconnected');
    });
    ws.on('error', (error) => log(`bridge socket: ${error.message}`, true));
  });

  players.on('connection', (ws) => {
    host.players.add(ws);
    ws.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (message?.type === 'ping' && Number.isFinite(message.page_ms)) {
        ws.send(JSON.stringify({ type: 'pong', id: message.id, page_ms: message.page_ms, host_ms: host.now() }));
      }
    });
    ws.on('close', () => host.players.remove(ws));
    ws.on('error', () => host.players.remove(ws));
  });

  const stateTimer = setInterval(() => {
    const health = host.health();
    host.players.send({
      type: 'state',
      code: health.code,
      code_id: health.code_id,
      params: health.params,
      cycle: health.cycle,
      tempo: health.tempo,
      quantum: host.scheduler.timeline?.quantum ?? null,
      last_error: health.last_error,
      host_ms: host.now(),
    });
  }, 250);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      resolve({
        port: server.address().port,
        refusals,
        close: () => {
          clearInterval(stateTimer);
          for (const ws of [...bridges.clients, ...players.clients]) ws.terminate();
          server.close();
        },
      });
    });
  });
}
