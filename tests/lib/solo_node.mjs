// A solo lume-node for Node-driven tests (browser, OSCQuery): config/solo.caf
// copied with its ports moved to free ones and its folders made absolute, and
// the inspection protocol's one-command client. Node built-ins only.
import { createSocket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/// A loopback port that is free for TCP and UDP, from just below the
/// ephemeral range: a port 0 handed out and closed is in that range, and the
/// next outgoing connection of any process may take it before the test's
/// process binds it (tests/lib/free_port.py says the same for Python).
export async function freePort() {
  let high = 32768;
  try {
    high = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]) || high;
  } catch { /* not Linux: the default range */ }
  const low = Math.max(1024, high - 12000);
  for (let attempt = 0; attempt < 200; ++attempt) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free loopback port in ${low}..${high - 1}`);
}

const bindable = (port) => new Promise((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(false));
  server.listen(port, '127.0.0.1', () => {
    const udp = createSocket('udp4');
    udp.once('error', () => { udp.close(); server.close(() => resolve(false)); });
    udp.bind(port, '127.0.0.1', () => udp.close(() => server.close(() => resolve(true))));
  });
});

/// config/solo.caf of `sourceDir` written to `dir`: each of `ports` moved to
/// a free one, relative folders and the port children's cwd made absolute,
/// the simulators left out if `withoutSimulators`. Returns { file, ports
/// (old → new), inspect (a free port for --lume.inspect-port) }.
export async function soloConfig(sourceDir, dir, ports, { withoutSimulators = false } = {}) {
  let text = readFileSync(join(sourceDir, 'config/solo.caf'), 'utf8');
  const moved = {};
  for (const port of ports) {
    moved[port] = await freePort();
    text = text.replace(new RegExp(`127\\.0\\.0\\.1:${port}\\b`, 'g'), `127.0.0.1:${moved[port]}`)
      .replace(new RegExp(`port = ${port}\\b`, 'g'), `port = ${moved[port]}`);
  }
  text = text.replaceAll('"../tools/', `"${join(sourceDir, 'tools')}/`)
    .replaceAll('cwd = ".."', `cwd = ${JSON.stringify(sourceDir)}`);
  if (withoutSimulators) text = text.replace(/ *\{ name = "sim-[^\n]*\n[^\n]*\n/g, '');
  const file = join(dir, 'solo.caf');
  writeFileSync(file, text);
  return { file, ports: moved, inspect: await freePort() };
}

/// One command of the inspection protocol on 127.0.0.1:`port`; its `data`.
export const inspect = (port, line) => new Promise((resolve, reject) => {
  const socket = connect(port, '127.0.0.1', () => socket.write(`${line}\n`));
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk;
    if (buffer.includes('\n')) {
      socket.end();
      const answer = JSON.parse(buffer.slice(0, buffer.indexOf('\n')));
      if (answer.ok) resolve(answer.data); else reject(new Error(answer.error));
    }
  });
  socket.on('error', reject);
});
