#!/usr/bin/env python3
"""Sensor -> param latency of a lume-node (hop mapper.osc.mocopi of the
`latency` telemetry: mocopi datagram in -> the mapper's OSC bundle out)
while its inspection port is quiet, then while clients press on it, each
phase SECONDS long:

- polite: 4 scripts with the token asking `inspect mapper` as fast as the
  answers come (a token binds no rate: the most a well-behaved client can
  ask of the node);
- flood: 4 clients (127.0.0.10-13) sending 2000 lines at once, cut off,
  reconnecting at once;
- mix: at the same time an oversize line sender (127.0.0.20), a slow loris
  keeping up to 20 half-sent lines open (127.0.0.21), a connection hog
  keeping 20 idle connections open (127.0.0.22) and a client that does not
  read, asking `help` (4 KB) 90 times a second (127.0.0.23), each reconnecting
  when cut off or refused;
- quiet again.

The node runs with the default inspection limits, Link off, in a network
namespace of its own. Under `chrt -r 10` the node (and the bench's admin
connection) run at real-time priority and the clients at normal priority,
which separates what the clients cost the node from what their processes
take of the box's cores. Prints per phase the hop's count and p50/p99/max,
the node's CPU time, the cut-offs counted by reason, the commands run and
the node's resident memory; the load (/proc/loadavg) before and after, and
at the end what the show's actors dropped or refused (`stats`).

usage: [chrt -r 10] inspect_flood_bench.py BUILD_DIR [SECONDS_PER_PHASE]"""

import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time

TOKEN = "bench-token"
PORT, OSC_PORT, MOCOPI_PORT = 7741, 9841, 12381
HOP = "mapper.osc.mocopi"

CONFIG = """[lume]
node = "bench"
inspect-port = %d
log-level = "error"
inspect = { token-file = "inspect.token" }
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 10, period = 5s },
  { name = "mocopi", kind = "mocopi", supervisor = "root",
    options = { address = "127.0.0.1", port = %d, subscribers = ["motion-features"] } },
  { name = "motion-features", kind = "motion-features", supervisor = "root",
    options = { subscribers = ["mapper"] } },
  { name = "mapper", kind = "mapper", supervisor = "root",
    options = { targets = ["127.0.0.1:%d"], params = {
      energy = { feature = "motion.energy_j", in = [0.0, 2.0], smoothing = 80ms } } } },
  { name = "sim-mocopi", kind = "sim-mocopi", supervisor = "root",
    options = { target = "127.0.0.1:%d", fps = 50 } },
]
[lume.clock]
link = false
""" % (PORT, MOCOPI_PORT, OSC_PORT, MOCOPI_PORT)


def connect(source="127.0.0.1", timeout=10, rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", PORT))
    return s


def ask(conn, line):
    s, f = conn
    s.sendall((line + "\n").encode())
    return json.loads(f.readline())


def open_client():
    s = connect()
    return s, s.makefile("r")


def drain(s):
    """Reads until the node closes the connection (its last word, if any)."""
    try:
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()


def polite(stop, _source):
    conn = open_client()
    ask(conn, "auth " + TOKEN)
    while not stop.is_set():
        if not ask(conn, "inspect mapper")["ok"]:
            raise SystemExit("polite client refused")


def sender(payload):
    """Sends `payload` on a fresh connection, reads until the node cuts it
    off, and again, until stopped."""
    def run(stop, source):
        while not stop.is_set():
            try:
                s = connect(source, timeout=2)
                s.sendall(payload)
                drain(s)
            except OSError:
                pass
    return run


FLOOD = b"clock\n" * 2000
OVERSIZE = b"x" * 70000  # over max-line (64 KiB), no newline


def holder(partial):
    """Keeps up to 20 connections open, each having sent `partial`; opens a
    new one every 50 ms while fewer are open (the node refuses those past
    its per-address limit, 16)."""
    def run(stop, source):
        held = []
        while not stop.is_set():
            held = [s for s in held if still_open(s)]
            if len(held) < 20:
                try:
                    s = connect(source, timeout=2)
                    if partial:
                        s.sendall(partial)
                    held.append(s)
                except OSError:
                    pass
            time.sleep(0.05)
        for s in held:
            s.close()
    return run


def still_open(s):
    """False once the node has closed or refused the connection."""
    s.setblocking(False)
    try:
        return s.recv(65536) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


def deaf(stop, source):
    while not stop.is_set():
        try:
            s = connect(source, timeout=2, rcvbuf=4096)
            while not stop.is_set():
                s.sendall(b"help\n")  # 90 a second, within the rate (100)
                time.sleep(0.011)
        except OSError:
            pass  # cut off: reconnect


PHASES = [
    ("quiet", []),
    ("4 polite clients (token)", [(polite, "127.0.0.1")] * 4),
    ("4 flooding clients", [(sender(FLOOD), "127.0.0.%d" % (10 + i)) for i in range(4)]),
    ("oversize+loris+hog+deaf", [(sender(OVERSIZE), "127.0.0.20"), (holder(b"acto"), "127.0.0.21"),
                                 (holder(b""), "127.0.0.22"), (deaf, "127.0.0.23")]),
    ("quiet again", []),
]


def cpu_seconds(pid):
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def at_normal_priority(work, stop, source):
    if os.sched_getscheduler(0) != os.SCHED_OTHER:
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
    work(stop, source)


def phase(admin, node, name, seconds, workers):
    stop = multiprocessing.Event()
    procs = [multiprocessing.Process(target=at_normal_priority, args=(w, stop, src))
             for w, src in workers]
    for p in procs:
        p.start()
    time.sleep(0.5)
    before = ask(admin, "inspect")["data"]
    ask(admin, "latency reset")
    cpu0 = cpu_seconds(node.pid)
    time.sleep(seconds)
    rows = ask(admin, "latency --json")["data"]
    cpu = (cpu_seconds(node.pid) - cpu0) / seconds
    after = ask(admin, "inspect")["data"]
    stop.set()
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
    row = next((r for r in rows if r["hop"] == HOP), None)
    cuts = {k: v - before["refused_connections"][k]
            for k, v in after["refused_connections"].items() if v != before["refused_connections"][k]}
    latency = ("count %5d  p50 %6d us  p99 %6d us  max %7d us"
               % (row["count"], row["p50_us"], row["p99_us"], row["max_us"])
               if row else "no %s samples" % HOP)
    print("%-26s %s  node cpu %3.0f %%  rss %.0f MB" % (name, latency, 100 * cpu, rss_mb(node.pid)),
          flush=True)
    print("%-26s commands %d, cut off %s" % ("", after["commands"] - before["commands"], cuts or "none"),
          flush=True)


def main():
    if os.environ.get("LUME_BENCH_NETNS") != "1":
        env = dict(os.environ, LUME_BENCH_NETNS="1")
        os.execvpe("unshare", ["unshare", "-n", sys.executable] + sys.argv, env)
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    build = os.path.abspath(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory(prefix="lume-flood-") as folder:
        with open(os.path.join(folder, "inspect.token"), "w") as f:
            f.write(TOKEN + "\n")
        with open(os.path.join(folder, "bench.caf"), "w") as f:
            f.write(CONFIG)
        osc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        osc.bind(("127.0.0.1", OSC_PORT))  # the mapper's target exists (no ICMP errors)
        node = subprocess.Popen([os.path.join(build, "lume-node"), "--config",
                                 os.path.join(folder, "bench.caf")],
                                stdout=subprocess.DEVNULL)
        try:
            admin = None
            for _ in range(200):
                try:
                    admin = open_client()
                    break
                except OSError:
                    time.sleep(0.05)
            if admin is None:
                raise SystemExit("the node did not listen on %d" % PORT)
            if not ask(admin, "auth " + TOKEN)["ok"]:
                raise SystemExit("the node refused the token")
            time.sleep(2)  # the mapper's smoothing and the sensor's timeline settle
            print("load before:", open("/proc/loadavg").read().strip(), flush=True)
            for name, workers in PHASES:
                phase(admin, node, name, seconds, workers)
            drops = [r for r in ask(admin, "stats --local")["data"] if r["actor"] != "inspection"]
            print("drops and refusals of the show's actors:", drops or "none")
            print("load after:", open("/proc/loadavg").read().strip())
        finally:
            node.terminate()
            node.wait(timeout=10)
            osc.close()


if __name__ == "__main__":
    main()
