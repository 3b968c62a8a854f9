// A solo lume-node for Node-driven tests (browser, OSCQuery): config/solo.caf
// copied with its ports moved to free ones and its folders made absolute, and
// the inspection protocol's one-command client. Node built-ins only.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/// A TCP port on 127.0.0.1 that was free a moment ago.
export const freePort = () => new Promise((resolve) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
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
