// The `port` kind as a process: an external program's exit is a crash its
// supervisor restarts; its stderr reaches the node's log; a shutdown
// terminates it (SIGKILL after `grace` when it ignores SIGTERM); a killed
// lume-node leaves no orphan.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { alive, freePort, inspect, sleep, startNode, until } from './harness.mjs';

async function nodeWith(portOptions) {
  const inspectPort = await freePort();
  const node = startNode(`[lume]
node = "t"
inspect-port = ${inspectPort}
log-level = "info"
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 20, period = 5s },
  { name = "prog", kind = "port", supervisor = "root", shutdown = 3s, options = { ${portOptions} } },
]
[lume.clock]
link = false
`);
  const ask = (command) => inspect(inspectPort, command);
  await until(() => ask('inspect prog').then((s) => s.state === 'ready' && s), 15000, 'the program to be ready');
  return { node, ask };
}

test('an exit is a crash: restarted, with the exit code and stderr in the log', async () => {
  const { node, ask } = await nodeWith(
    `command = ["sh", "-c", "echo started; echo complaint-on-stderr >&2; sleep 0.4; exit 3"], ready = "started"`,
  );
  try {
    const first = await ask('inspect prog');
    assert.ok(alive(first.pid));
    const later = await until(
      () => ask('inspect prog').then((s) => s.restarts >= 1 && s.pid !== first.pid && s),
      10000,
      'a restart',
    );
    assert.equal(later.last_exit.how, 'exit code 3');
    assert.match(node.log, /complaint-on-stderr/);
    assert.match(node.log, /prog exited: exit code 3/);
  } finally {
    await node.stop();
  }
});

test('a shutdown sends SIGTERM, then SIGKILL after the grace', async () => {
  const { node, ask } = await nodeWith(
    `command = ["sh", "-c", "trap '' TERM; echo started; while true; do sleep 0.05; done"], ready = "started", grace = 300ms`,
  );
  const { pid } = await ask('inspect prog');
  const result = await node.stop();
  assert.deepEqual(result, { code: 0, signal: null });
  assert.ok(!alive(pid), 'the program is gone');
  assert.match(node.log, /prog killed: no exit within/);
});

test('a killed lume-node leaves no orphan', async () => {
  const { node, ask } = await nodeWith(`command = ["sleep", "30"]`);
  const { pid } = await ask('inspect prog');
  assert.ok(alive(pid));
  node.child.kill('SIGKILL');
  await node.exited;
  await until(() => !alive(pid), 3000, 'the program to die with the node');
  await node.stop();
});

test('a program inherits no descriptor of the node but its stdin, stdout and stderr', async () => {
  // A BASP, bus or inspection socket held by the program outlived a killed
  // node: its peers saw the connection close only when the program ended.
  const { node, ask } = await nodeWith(
    `command = ["sh", "-c", "ls -m /proc/$$/fd; echo started; sleep 30"], ready = "started"`,
  );
  try {
    await ask('inspect prog');
    const line = node.log.split('\n').find((x) => /\] \d+(, \d+)*$/.test(x));
    assert.ok(line, `no descriptor list in the log:\n${node.log}`);
    assert.match(line, /\] 0, 1, 2$/);
  } finally {
    await node.stop();
  }
});

test('a program that cannot run fails its spawn with the reason', async () => {
  const inspectPort = await freePort();
  const node = startNode(`[lume]
node = "t"
inspect-port = ${inspectPort}
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 2, period = 5s },
  { name = "prog", kind = "port", supervisor = "root", options = { command = ["no-such-program-xyz"] } },
]
[lume.clock]
link = false
`);
  try {
    await until(() => /root failed to start prog/.test(node.log), 15000, 'the spawn failure in the log');
    assert.match(node.log, /prog: option 'command': no-such-program-xyz: not found in PATH/);
    // The root fails with its child (OTP) and, being the root, ends the node.
    const exit = await Promise.race([node.exited, sleep(15000).then(() => undefined)]);
    assert.deepEqual(exit, { code: 1, signal: null });
    assert.match(node.log, /node lost its root supervisor: .*spawn_failed \(prog\)/);
  } finally {
    await node.stop();
  }
});
