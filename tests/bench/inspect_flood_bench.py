#!/usr/bin/env python3
"""Sensor -> param latency of a lume-node (hop mapper.osc.mocopi of the
`latency` telemetry: mocopi datagram in -> the mapper's OSC bundle out)
while its inspection port is quiet, then while it is flooded: (1) clients
within the limits asking `inspect mapper` as fast as answers come (what an
eager dashboard or script can do), (2) abusive clients that send lines as
fast as they can, get cut off and reconnect. Prints p50/p99/max per phase
and the cut-offs counted. Runs in a network namespace of its own.

usage: inspect_flood_bench.py BUILD_DIR [SECONDS_PER_PHASE]"""

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


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    return s, s.makefile("r")


def ask(conn, line):
    s, f = conn
    s.sendall((line + "\n").encode())
    return json.loads(f.readline())


def polite(stop):
    conn = connect()
    while not stop.is_set():
        ask(conn, "inspect mapper")


def abusive(stop):
    payload = b"clock\n" * 2000
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=2)
            s.sendall(payload)
            while s.recv(65536):
                pass
            s.close()
        except OSError:
            pass


def phase(admin, name, seconds, worker=None, workers=0):
    stop = multiprocessing.Event()
    procs = [multiprocessing.Process(target=worker, args=(stop,)) for _ in range(workers)]
    for p in procs:
        p.start()
    time.sleep(0.5)
    ask(admin, "latency reset")
    time.sleep(seconds)
    rows = ask(admin, "latency --json")["data"]
    stop.set()
    for p in procs:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
    row = next((r for r in rows if r["hop"] == HOP), None)
    if row is None:
        print("%-28s no %s samples" % (name, HOP))
        return
    print("%-28s count %5d  p50 %6d us  p99 %6d us  max %7d us"
          % (name, row["count"], row["p50_us"], row["p99_us"], row["max_us"]), flush=True)


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
            for _ in range(200):
                try:
                    admin = connect()
                    break
                except OSError:
                    time.sleep(0.05)
            ask(admin, "auth " + TOKEN)
            print("load before:", open("/proc/loadavg").read().strip())
            phase(admin, "quiet", seconds)
            phase(admin, "4 polite clients", seconds, polite, 4)
            phase(admin, "4 abusive clients", seconds, abusive, 4)
            phase(admin, "quiet again", seconds)
            state = ask(admin, "inspect")["data"]
            print("cut off:", {k: v for k, v in state["refused_connections"].items() if v},
                  "commands run:", state["commands"])
            print("load after:", open("/proc/loadavg").read().strip())
        finally:
            node.terminate()
            node.wait(timeout=10)
            osc.close()


if __name__ == "__main__":
    main()
