#!/usr/bin/env node
// lume-inference-server: the /sdapi/v1 API of AUTOMATIC1111 served by a
// CPU ESRGAN, for LUME's tests and demo (README.md).
import { parseArgs } from 'node:util';
import { startModel } from './model_worker.mjs';
import { createSdapiServer } from './sdapi.mjs';

const usage = `usage: server.mjs [--host 127.0.0.1] [--port 7860] [--seed N] [--control] [--verbose]
  [--latency-ms MS] [--fail-first N] [--fail-rate P] [--hang-rate P]
  [--malformed-rate P] [--malformed json|base64|png|empty] [--oversize-rate P] [--oversize-bytes N]`;

const numeric = ['port', 'seed', 'latency-ms', 'fail-first', 'fail-rate', 'hang-rate', 'malformed-rate',
                 'oversize-rate', 'oversize-bytes'];
let args;
try {
  args = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      control: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      malformed: { type: 'string', default: 'json' },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(numeric.map((name) => [name, { type: 'string' }])),
    },
  }).values;
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const number = (name, fallback) => {
  if (args[name] === undefined) return fallback;
  const x = Number(args[name]);
  if (!Number.isFinite(x) || x < 0) {
    console.error(`--${name}: '${args[name]}' is not a number ≥ 0\n${usage}`);
    process.exit(2);
  }
  return x;
};
const port = number('port', 7860);
const faults = {
  latency_ms: number('latency-ms', 0),
  fail_first: number('fail-first', 0),
  fail_rate: number('fail-rate', 0),
  hang_rate: number('hang-rate', 0),
  malformed_rate: number('malformed-rate', 0),
  malformed: args.malformed,
  oversize_rate: number('oversize-rate', 0),
  oversize_bytes: number('oversize-bytes', 64 << 20),
};

const model = await startModel();
let app;
try {
  app = createSdapiServer({ model, faults, seed: number('seed', 1), control: args.control,
                            log: args.verbose ? (line) => console.log(line) : undefined });
} catch (err) {
  console.error(`${err.message}\n${usage}`);
  process.exit(2);
}
// A port that is taken (another show on this machine, a test) is waited
// for, as the Strudel host does, rather than crash-looping under lume-node's
// supervisor: said once, retried with a doubling wait up to 5 s.
let wait = 500;
let reported = false;
app.server.on('error', (err) => {
  if (err.code !== 'EADDRINUSE' && err.code !== 'EADDRNOTAVAIL') {
    console.error(`inference-server: ${err.message}`);
    process.exit(1);
  }
  if (!reported) console.error(`inference-server: ${args.host}:${port} is not available (${err.code}); waiting`);
  reported = true;
  setTimeout(() => app.server.listen(port, args.host), wait);
  wait = Math.min(wait * 2, 5000);
});
app.server.on('listening', () => {
  const address = app.server.address();
  // One line on stdout when ready: tests and supervisors wait for it.
  console.log(`inference-server listening on http://${args.host}:${address.port} (${model.name}, ${model.backend})`);
});
app.server.listen(port, args.host);
const stop = () => {
  app.server.close();
  app.server.closeAllConnections();
  model.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
