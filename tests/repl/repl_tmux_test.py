#!/usr/bin/env python3
"""The operator's REPL through a real terminal (tmux send-keys/capture-pane)
and with -c, against a two-node mesh (tests/repl/repl_{a,b}.caf) in a
network namespace of its own: tab completion of commands and names from the
live mesh, `watch` refreshing until a key, `restart`/`stop`/`start`,
`stats`, `help COMMAND`, `send` showing the quantizer's receipt, and the
REPL moving to node b by itself after a kill -9 of node a.

usage: repl_tmux_test.py BUILD_DIR SOURCE_DIR"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

INSPECT = {"a": 7701, "b": 7702}
MESH = {"a": 7801, "b": 7802}


def enter_namespace():
    if os.environ.get("LUME_REPL_TEST_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("tmux") is None:
        print("SKIP: needs root, unshare and tmux")
        sys.exit(77)
    env = dict(os.environ, LUME_REPL_TEST_NETNS="1")
    os.execvpe("unshare", ["unshare", "-n", sys.executable] + sys.argv, env)


class Check:
    failures = 0

    @classmethod
    def that(cls, ok, what, detail=""):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            cls.failures += 1
            if detail:
                print("      " + detail.replace("\n", "\n      "))


def start_node(build, source, name, logs):
    other = "b" if name == "a" else "a"
    log = open(os.path.join(logs, name + ".log"), "w")
    return subprocess.Popen(
        [os.path.join(build, "lume-node"),
         "--config", os.path.join(source, "tests", "repl", "repl_%s.caf" % name),
         "--lume.inspect-port=%d" % INSPECT[name],
         "--lume.mesh.port=%d" % MESH[name],
         '--lume.mesh.peers=["%s@127.0.0.1:%d"]' % (other, MESH[other]),
         "--lume.clock.link=false"],
        stdout=log, stderr=log)


def repl_c(build, command, port=INSPECT["a"]):
    out = subprocess.run([os.path.join(build, "lume-repl"), "127.0.0.1:%d" % port, "-c", command],
                         capture_output=True, text=True, timeout=20)
    return out.returncode, out.stdout + out.stderr


def wait_for(what, predicate, timeout=10.0):
    end = time.monotonic() + timeout
    value = None
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return value


class Terminal:
    def __init__(self, build, home):
        self.socket = "lume-repl-test-%d" % os.getpid()
        self.tmux(["new-session", "-d", "-s", "repl", "-x", "200", "-y", "60",
                   "env HOME=%s %s 127.0.0.1:%d" % (home, os.path.join(build, "lume-repl"),
                                                   INSPECT["a"])])

    def tmux(self, args):
        return subprocess.run(["tmux", "-L", self.socket] + args, capture_output=True,
                              text=True, timeout=10).stdout

    def keys(self, *keys):
        self.tmux(["send-keys", "-t", "repl"] + list(keys))

    def screen(self):
        return self.tmux(["capture-pane", "-p", "-t", "repl", "-S", "-200"])

    def wait(self, text, timeout=10.0):
        return wait_for(text, lambda: text in self.screen(), timeout)

    def close(self):
        self.tmux(["kill-server"])


def main():
    enter_namespace()
    build, source = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="lume-repl-test-")
    nodes = {n: start_node(build, source, n, work) for n in ("a", "b")}
    term = None
    try:
        up = wait_for("mesh up", lambda: repl_c(build, "nodes")[1].count(" up ") == 2, 15)
        Check.that(bool(up), "both nodes up", repl_c(build, "nodes")[1])

        # -c: help COMMAND, stats, send with the answer, stop/start/restart.
        rc, out = repl_c(build, "help restart")
        Check.that(rc == 0 and "terminate_child" in out, "help restart explains it", out)
        rc, out = repl_c(build, "help nosuch")
        Check.that(rc == 1 and "no command" in out, "help of an unknown command refused", out)
        repl_c(build, 'send quantizer {"type":"quantize_request","target":"work-a",'
                      '"rule":"sometime","payload":{"type":"music_params"}}')
        rc, out = repl_c(build, "stats")
        Check.that(rc == 0 and "quantizer" in out and "unknown rule 'sometime'" in out,
                   "stats shows the quantizer's refusal with its reason", out)
        rc, out = repl_c(build, 'send quantizer {"type":"quantize_request","target":"work-a",'
                                '"rule":"bar","payload":{"type":"music_params"}}')
        Check.that(rc == 0 and '"beat"' in out and '"deliver_us"' in out,
                   "send shows the quantizer's receipt", out)
        rc, out = repl_c(build, 'send quantizer {"type":"clock_tick","tempo":120,"quantum":4}')
        Check.that(rc == 0 and "sent to quantizer" in out and "answer" not in out,
                   "send of a message without an answer", out)
        rc, out = repl_c(build, 'send work-a {"type":"music_params"}')
        Check.that(rc == 0 and "does not handle it" in out,
                   "send of a message the actor does not take says so", out)
        rc, out = repl_c(build, "stop work-b")
        Check.that(rc == 0 and "work-b stopped" in out, "stop a child on the other node", out)
        rc, out = repl_c(build, "actors --json")
        Check.that('"name":"work-b"' in out and '"status":"stopped"' in out,
                   "actors shows it stopped", out)
        rc, out = repl_c(build, "start work-b")
        Check.that(rc == 0 and "work-b started" in out, "start it again", out)
        rc, out = repl_c(build, "start work-b")
        Check.that(rc == 1 and "not stopped" in out, "start of a running child refused", out)
        rc, out = repl_c(build, "restart work-a")
        Check.that(rc == 0 and "work-a started" in out, "restart a child", out)
        rc, out = repl_c(build, "stop probe")
        Check.that(rc == 1 and "movable" in out, "stop of a movable actor refused", out)

        # A real terminal: completion, watch, reconnect.
        term = Terminal(build, work)
        Check.that(bool(term.wait("lume a>")), "the REPL prompts with its node", term.screen())
        term.keys("insp", "Tab")
        Check.that(bool(term.wait("> inspect")), "Tab completes a command", term.screen())
        term.keys("work", "Tab")
        Check.that(bool(term.wait("inspect work-")), "Tab completes an actor name", term.screen())
        term.keys("C-u")
        term.keys("move probe ", "Tab", "Tab")
        shown = wait_for("node names", lambda: any(
            re.fullmatch(r"a\s+b", line.strip()) for line in term.screen().splitlines()), 5)
        Check.that(bool(shown), "Tab lists node names after move NAME", term.screen())
        term.keys("C-u")
        term.keys("inspect work-a", "Enter")
        Check.that(bool(term.wait('"seq"')), "inspect through the terminal", term.screen())

        term.keys("watch", "Enter")
        first = wait_for("watch", lambda: ("watch (the mesh)" in term.screen()
                                           and "clock" in term.screen()) and term.screen(), 10)
        Check.that(bool(first), "watch shows the mesh", term.screen())
        changed = wait_for("refresh", lambda: term.screen() != first, 5)
        Check.that(bool(changed), "watch refreshes by itself")
        term.keys("q")
        Check.that(bool(wait_for("prompt", lambda: term.screen().rstrip().endswith("lume a>"), 5)),
                   "a key ends watch", term.screen())

        nodes["a"].send_signal(signal.SIGKILL)
        nodes["a"].wait()
        term.keys("actors", "Enter")
        Check.that(bool(term.wait("reconnected to b", 15)),
                   "the REPL moves to node b when a dies", term.screen())
        Check.that(bool(term.wait("lume b>", 5)), "the prompt names node b", term.screen())
    finally:
        if term:
            term.close()
        for proc in nodes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if Check.failures:
            for name in ("a", "b"):
                print("--- %s.log" % name)
                print(open(os.path.join(work, name + ".log")).read()[-3000:])
        shutil.rmtree(work, ignore_errors=True)
    print("%d failure(s)" % Check.failures)
    return 1 if Check.failures else 0


if __name__ == "__main__":
    sys.exit(main())
