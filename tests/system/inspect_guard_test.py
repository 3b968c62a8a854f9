#!/usr/bin/env python3
"""The inspection port's guard against a real lume-node on 127.0.0.1, in a
network namespace of its own (exits 77, skip, where none can be made):
a client without the token reads but cannot kill (the actor keeps running,
the refusal is counted), the read-only port refuses writes even with the
token, lume-repl with --token-file or LUME_TOKEN kills; an oversize line,
a slow-loris client, a flooding client, too many connections and a client
that does not read its answers (what the node's kernel holds for it counts)
are cut off and counted by reason, while a well-behaved client keeps
getting answers and the mapper's params keep flowing (OSC datagrams
counted on their target).

usage: inspect_guard_test.py BUILD_DIR SOURCE_DIR"""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOKEN = "guard-test-7f3a9c"
PORT, READ_PORT, OSC_PORT, MOCOPI_PORT = 7731, 7732, 9831, 12371

CONFIG = """[lume]
node = "guard"
inspect-port = %(port)d
log-level = "warn"
inspect = { token-file = "inspect.token", read-address = "127.0.0.1", read-port = %(read_port)d,
            max-line = 1024, line-timeout = 1s, rate = 50.0, burst = 20.0, max-queued = 16,
            max-connections = 12, max-connections-per-address = 6, max-output = 16384 }
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 10, period = 5s },
  { name = "mocopi", kind = "mocopi", supervisor = "root",
    options = { address = "127.0.0.1", port = %(mocopi)d, subscribers = ["motion-features"] } },
  { name = "motion-features", kind = "motion-features", supervisor = "root",
    options = { subscribers = ["mapper"] } },
  { name = "mapper", kind = "mapper", supervisor = "root",
    options = { targets = ["127.0.0.1:%(osc)d"], rate = 50, params = {
      energy = { feature = "motion.energy_j", in = [0.0, 2.0], smoothing = 80ms } } } },
  { name = "sim-mocopi", kind = "sim-mocopi", supervisor = "root",
    options = { target = "127.0.0.1:%(mocopi)d", fps = 50 } },
]
[lume.clock]
link = false
""" % {"port": PORT, "read_port": READ_PORT, "osc": OSC_PORT, "mocopi": MOCOPI_PORT}

failures = 0


def check(ok, what):
    global failures
    print(("ok    " if ok else "FAIL  ") + what, flush=True)
    if not ok:
        failures += 1


def in_own_namespace():
    if os.environ.get("LUME_GUARD_NETNS") == "1":
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return None
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        print("SKIP: cannot make a network namespace (unshare -n)")
        return 77
    env = dict(os.environ, LUME_GUARD_NETNS="1")
    return subprocess.run(["unshare", "-n", sys.executable] + sys.argv, env=env).returncode


class Client:
    """One connection to an inspection port: a line out, a JSON line back."""

    def __init__(self, port=PORT):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.file = self.sock.makefile("r")

    def ask(self, line):
        self.sock.sendall((line + "\n").encode())
        text = self.file.readline()
        if not text:
            raise EOFError(line + ": connection closed")
        return json.loads(text)

    def closed_within(self, seconds):
        """Whether the node closes this connection within `seconds` (reads
        whatever it says first); returns (closed, last line)."""
        self.sock.settimeout(seconds)
        last, end = "", time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                data = self.sock.recv(65536)
                if not data:
                    return True, last
                last = data.decode(errors="replace").strip().splitlines()[-1:] or [last]
                last = last[0] if isinstance(last, list) else last
        except (socket.timeout, ConnectionResetError) as e:
            return isinstance(e, ConnectionResetError), last
        return False, last

    def close(self):
        self.file.close()
        self.sock.close()


class OscCounter:
    """Counts the mapper's datagrams on its OSC target."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", OSC_PORT))
        self.sock.settimeout(0.1)
        self.count, self.running = 0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            try:
                self.sock.recv(4096)
                self.count += 1
            except socket.timeout:
                pass

    def stop(self):
        self.running = False
        self.thread.join()


class WellBehaved:
    """Asks `clock` every 100 ms on its own connection; counts answers and failures."""

    def __init__(self):
        self.client = Client()
        self.answers, self.failed, self.running = 0, [], True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            try:
                answer = self.client.ask("clock")
                if answer["ok"]:
                    self.answers += 1
                else:
                    self.failed.append(answer["error"])
            except Exception as e:  # noqa: BLE001 - any failure fails the test
                self.failed.append(repr(e))
                return
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.thread.join()
        self.client.close()


def restarts(client, name):
    for row in client.ask("actors")["data"]:
        if row["name"] == name:
            return row["restarts"], row["status"]
    return None, None


def wait_for_port(port, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def repl(build, args, env=None):
    return subprocess.run([os.path.join(build, "lume-repl"), "127.0.0.1:%d" % PORT] + args,
                          capture_output=True, text=True, timeout=15,
                          env=dict(os.environ, **(env or {})))


def send_unread(lines, pause, seconds):
    """Sends `lines` every `pause` seconds for at most `seconds` on a
    connection with a 4 KiB receive buffer, reading nothing; returns whether
    the node cut it off, the lines sent and the seconds taken."""
    deaf = socket.socket()
    deaf.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    deaf.connect(("127.0.0.1", PORT))
    cut, sent, t0 = False, 0, time.monotonic()
    try:
        while time.monotonic() - t0 < seconds:
            deaf.sendall(lines)
            sent += lines.count(b"\n")
            time.sleep(pause)
    except OSError:
        cut = True
    deaf.close()
    return cut, sent, time.monotonic() - t0


def scenario(build, folder):
    token_file = os.path.join(folder, "inspect.token")
    osc = OscCounter()
    good = None
    try:
        # Reads without the token; a kill is refused and the mapper keeps running.
        reader = Client()
        check(reader.ask("inspect mapper")["ok"], "a client without the token reads (inspect)")
        before, _ = restarts(reader, "mapper")
        answer = reader.ask("kill mapper")
        check(not answer["ok"] and answer.get("code") == "unauthorized"
              and "needs the token" in answer["error"], "kill without the token is refused")
        check(not reader.ask("session start")["ok"], "session start without the token is refused")
        check(reader.ask("latency")["ok"], "latency (no argument) reads without the token")
        check(not reader.ask("auth wrong-token")["ok"], "a wrong token is refused")
        time.sleep(0.3)
        after, status = restarts(reader, "mapper")
        check(after == before and status == "running", "the mapper was not killed")
        # The read-only port takes no write, even with the token.
        ro = Client(READ_PORT)
        check(ro.ask("actors")["ok"], "the read-only port reads")
        check(not ro.ask("auth " + TOKEN)["ok"], "the read-only port refuses auth")
        check(ro.ask("kill mapper").get("code") == "unauthorized", "the read-only port refuses kill")
        ro.close()
        # With the token the kill goes through: --token-file, then LUME_TOKEN.
        out = repl(build, ["-c", "kill mapper"])
        check(out.returncode == 1 and "needs the token" in out.stderr
              and "--token-file" in out.stderr, "lume-repl -c without a token says it needs one")
        out = repl(build, ["--token-file", token_file, "-c", "kill mapper"])
        check(out.returncode == 0, "lume-repl --token-file kills: " + out.stderr.strip())
        out = repl(build, ["-c", "tempo 121"], env={"LUME_TOKEN": TOKEN})
        check(out.returncode == 0, "lume-repl with LUME_TOKEN sets the tempo: " + out.stderr.strip())
        out = repl(build, ["--token", "nope", "-c", "actors"])
        check(out.returncode == 1 and "refused the token" in out.stderr,
              "lume-repl with a wrong token stops and says so")
        time.sleep(0.5)
        killed, status = restarts(reader, "mapper")
        check(killed == before + 1, "the mapper restarted once (%s -> %s)" % (before, killed))
        authed = Client()
        check(authed.ask("auth " + TOKEN)["ok"], "auth with the token")
        check(authed.ask("restart mapper")["ok"], "an authorized connection restarts the mapper")
        authed.close()
        reader.close()

        # Abuse, while a well-behaved client asks and the mapper sends.
        good = WellBehaved()
        time.sleep(0.5)
        osc_before = osc.count

        big = Client()
        big.sock.sendall(b"x" * 2000)
        closed, last = big.closed_within(3)
        check(closed and "line_too_long" in last, "an oversize line is cut off: " + last)
        big.close()

        loris = Client()
        loris.sock.sendall(b"acto")
        t0 = time.monotonic()
        closed, last = loris.closed_within(4)
        check(closed and "slow_line" in last and time.monotonic() - t0 < 3.5,
              "a slow-loris line is cut off after the line timeout: " + last)
        loris.close()
        idle = Client()  # an idle connection (no partial line) may stay
        time.sleep(1.5)
        check(idle.ask("clock")["ok"], "an idle connection stays")
        idle.close()

        flood = Client()
        flood.sock.sendall(b"clock\n" * 400)
        closed, last = flood.closed_within(3)
        check(closed and ("rate" in last or "queued" in last), "a flooding client is cut off: " + last)
        flood.close()

        many = []
        for _ in range(8):
            try:
                many.append(Client())
            except OSError:
                break
        refused = 0
        for c in many:
            c.sock.sendall(b"clock\n")
            c.sock.settimeout(3)
            line = c.file.readline()
            if "connections_per_address" in line:
                refused += 1
        check(refused >= 2, "connections over the per-address limit are cut off (%d)" % refused)
        for c in many:
            c.close()

        # A client that does not read: a small receive buffer, so what it
        # leaves unread piles up in the node's send queue (which Linux grows
        # to 4 MiB) and then in the broker's buffer; `help` answers ~4 KB.
        cut_deaf, sent, seconds = send_unread(b"help\n", 0.03, 5)  # 33/s (rate 50)
        check(cut_deaf and seconds < 3,
              "a client that does not read is cut off (after %d commands, %.1f s)"
              % (sent, seconds))
        # The same with refusals only (answered by the server, no inspector).
        cut_deaf, sent, seconds = send_unread(b"kill mapper\n" * 4, 0.09, 10)  # 45/s, ~150 B each
        check(cut_deaf, "a client that does not read its refusals is cut off (after %d, %.1f s)"
              % (sent, seconds))

        time.sleep(0.5)
        osc_after = osc.count
        good.stop()
        check(not good.failed, "the well-behaved client got every answer %s" % good.failed[:3])
        check(good.answers > 20, "the well-behaved client got %d answers" % good.answers)
        check(osc_after > osc_before + 50,
              "the mapper's params kept flowing (%d datagrams meanwhile)" % (osc_after - osc_before))
        good = None

        # Counted by reason, seen by `inspect` (no name) and `stats`.
        viewer = Client()
        state = viewer.ask("inspect")["data"]
        refused = state["refused"]
        cuts = state["refused_connections"]
        print("inspect:", json.dumps({"refused": refused, "refused_connections": cuts}))
        check(refused["unauthorized"] >= 2 and refused["read_only"] >= 2
              and refused["bad_token"] >= 1, "refusals are counted by reason")
        for reason in ("line_too_long", "slow_line", "connections_per_address"):
            check(cuts[reason] >= 1, "cut-offs for %s are counted" % reason)
        check(cuts["rate"] + cuts["queued"] >= 1, "the flood's cut-off is counted")
        check(cuts["output"] == 2, "the deaf clients' cut-offs are counted as output (%d)"
              % cuts["output"])
        check(state["writes"] == "token" and "token" not in state, "writes need the token, never shown")
        rows = viewer.ask("stats")["data"]
        check(any(r["actor"] == "inspection" and r["reason"] == "unauthorized" for r in rows),
              "stats lists the inspection port's refusals")
        _, status = restarts(viewer, "mapper")
        check(status == "running", "the mapper runs")
        viewer.close()
    finally:
        if good:
            good.stop()
        osc.stop()


def main():
    build, source = (os.path.abspath(x) for x in sys.argv[1:3])
    code = in_own_namespace()
    if code is not None:
        return code
    with tempfile.TemporaryDirectory(prefix="lume-guard-") as folder:
        with open(os.path.join(folder, "inspect.token"), "w") as f:
            f.write(TOKEN + "\n")
        config = os.path.join(folder, "guard.caf")
        with open(config, "w") as f:
            f.write(CONFIG)
        log_path = os.path.join(folder, "node.log")
        log = open(log_path, "w")
        node = subprocess.Popen([os.path.join(build, "lume-node"), "--config", config],
                                stdout=log, stderr=log)
        try:
            if not wait_for_port(PORT, 15):
                check(False, "the node listens on %d" % PORT)
            else:
                scenario(build, folder)
        finally:
            node.terminate()
            try:
                code = node.wait(timeout=10)
            except subprocess.TimeoutExpired:
                node.kill()
                code = "hung"
            log.close()
            with open(log_path) as f:
                text = f.read()
            check(code == 0, "the node stopped cleanly (%s)" % code)
            warnings = re.findall(r"inspection cuts off 127\.0\.0\.1", text)
            check(1 <= len(warnings) <= 3,
                  "cut-offs are warned about at most once per address per interval (%d)"
                  % len(warnings))
            check(TOKEN not in text, "the token is never logged")
            if failures:
                print("--- node log (end)\n" + text[-3000:])
    print("%d failure(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
