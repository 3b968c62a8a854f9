#!/usr/bin/env node
// LUME's Strudel host (docs/protocols.md, "Strudel host"). Started and
// supervised by lume-node (kind `port`); prints "strudel-host listening"
// once it serves, which the port's `ready` option waits for.

import { parseArgs } from 'node:util';

import { EventLog } from './lib/event_log.mjs';
import { prepareScope } from './lib/evaluator.mjs';
import { StrudelHost } from './lib/host.mjs';
import { hostNowMs, WallClock } from './lib/host_clock.mjs';
import { OscOutput } from './lib/osc_output.mjs';
import { ParamStore, paramScope } from './lib/params.mjs';
import { PlayerHub } from './lib/player_hub.mjs';
import { startServer } from './lib/server.mjs';

const usage = `usage: main.mjs [--port 9600] [--address 0.0.0.0] [--lookahead 100] [--interval 20]
                [--osc 127.0.0.1:57120 | --no-osc] [--event-log FILE] [--samples DIR]`;

function fail(text) {
  console.error(`strudel-host: ${text}\n${usage}`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: '9600' },
      address: { type: 'string', default: '0.0.0.0' },
      lookahead: { type: 'string', default: '100' },
      interval: { type: 'string', default: '20' },
      osc: { type: 'string', default: '127.0.0.1:57120' },
      'no-osc': { type: 'boolean', default: false },
      'event-log': { type: 'string' },
      samples: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const number = (name, min, max) => {
  const value = Number(options[name]);
  if (!Number.isFinite(value) || value < min || value > max) fail(`--${name}: not a number in ${min}..${max}`);
  return value;
};
const port = number('port', 0, 65535);
const lookaheadMs = number('lookahead', 5, 2000);
const intervalMs = number('interval', 1, 500);
if (intervalMs >= lookaheadMs) fail('--interval must be below --lookahead');

let osc;
if (!options['no-osc']) {
  const match = /^([^:]+):(\d+)$/.exec(options.osc);
  if (!match || Number(match[2]) > 65535) fail(`--osc: '${options.osc}' is not HOST:PORT`);
  osc = new OscOutput({ host: match[1], port: Number(match[2]) });
}

const params = new ParamStore();
await prepareScope(paramScope(params));
const host = new StrudelHost({
  lookaheadMs,
  intervalMs,
  now: hostNowMs,
  wall: new WallClock(),
  params,
  osc,
  eventLog: options['event-log'] ? new EventLog(options['event-log']) : undefined,
  players: new PlayerHub({ now: hostNowMs }),
});

const log = (text, isError = false) => (isError ? console.error : console.log)(`strudel-host: ${text}`);
// A port that is taken (another host, another node's test) is waited for,
// as LUME's sensors wait for their sources: retried after 500 ms, doubling
// up to 5 s, reported once; the ready line comes once it listens.
let server;
for (let wait = 500, reported = false; !server; wait = Math.min(wait * 2, 5000)) {
  try {
    server = await startServer({ host, port, address: options.address, log, samplesDir: options.samples });
  } catch (error) {
    if (error.code !== 'EADDRINUSE' && error.code !== 'EADDRNOTAVAIL') {
      console.error(`strudel-host: cannot listen on ${options.address}:${port}: ${error.message}`);
      process.exit(1);
    }
    if (!reported) console.error(`strudel-host: ${options.address}:${port} is not available (${error.code}); waiting`);
    reported = true;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
host.start();
console.log(`strudel-host listening on ${options.address}:${server.port}`);

const stop = () => {
  host.stop();
  server.close();
  osc?.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
