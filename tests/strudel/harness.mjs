// Helpers for the Strudel process tests: free loopback ports, a lume-node
// with a generated config, its inspection protocol, and a /dirt/play
// receiver. Packages come from the host's own node_modules.

import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const source = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const build = process.env.LUME_BUILD_DIR ?? path.join(source, 'build');
const hostRequire = createRequire(path.join(source, 'tools/strudel-host/package.json'));
export const OSC = hostRequire('osc-js');
export const { WebSocket, WebSocketServer } = hostRequire('ws');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export { freePort } from '../lib/solo_node.mjs';

/** Polls `probe` until it returns a truthy value or `ms` pass. */
export async function until(probe, ms = 10000, what = 'condition') {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

/** One command on the inspection port; the parsed answer. */
export function inspect(port, command) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
      const newline = data.indexOf('\n');
      if (newline >= 0) {
        socket.end();
        const answer = JSON.parse(data.slice(0, newline));
        if (!answer.ok) reject(new Error(`${command}: ${answer.error}`));
        else resolve(answer.data);
      }
    });
    socket.on('error', reject);
    socket.write(`${command}\n`);
  });
}

/** Starts lume-node with `config` (text); stderr collected in `log`. */
export function startNode(config) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lume-strudel-'));
  const file = path.join(dir, 'node.caf');
  fs.writeFileSync(file, config);
  const child = spawn(path.join(build, 'lume-node'), ['--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const node = { child, log: '', dir };
  child.stderr.on('data', (chunk) => (node.log += chunk));
  child.stdout.on('data', (chunk) => (node.log += chunk));
  node.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  node.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const result = await Promise.race([node.exited, sleep(8000).then(() => undefined)]);
    if (!result) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    return result;
  };
  return node;
}

/** Whether a process id is alive. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Receives /dirt/play bundles: {unixMs, arrivedMs, controls}. */
export async function dirtReceiver() {
  const socket = dgram.createSocket('udp4');
  const events = [];
  socket.on('message', (data) => {
    const bundle = new OSC.Bundle();
    bundle.unpack(new DataView(data.buffer, data.byteOffset, data.byteLength));
    const { seconds, fractions } = bundle.timetag.value;
    const message = bundle.bundleElements[0];
    const controls = {};
    for (let i = 0; i + 1 < message.args.length; i += 2) controls[message.args[i]] = message.args[i + 1];
    events.push({
      unixMs: (seconds - 2208988800) * 1000 + ((fractions >>> 0) / 2 ** 32) * 1000,
      arrivedMs: Date.now(),
      address: message.address,
      controls,
    });
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, events, close: () => socket.close() };
}
