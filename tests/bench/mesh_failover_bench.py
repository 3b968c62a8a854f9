#!/usr/bin/env python3
"""Failover of the movable probe after kill -9 of its host, on loopback,
measured from outside the processes: time from the kill until the first
datagram of the new incarnation, and state lost (ms of sequence that the
new incarnation repeats). Each round restarts the killed node and lets the
probe fail back before the next kill.
usage: mesh_failover_bench.py BUILD_DIR SOURCE_DIR [ROUNDS]"""

import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "mesh"))
from mesh_harness import HOSTS, Mesh, ProbeListener, senders, wait_for  # noqa: E402

INTERVAL_MS = 10


def host_now(listener):
    recent = senders(listener.since(time.monotonic() - 0.1))
    return next(iter(recent))[0] if len(recent) == 1 else None


def main():
    build, source = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    listener = ProbeListener()
    mesh = Mesh(build, source, tempfile.mkdtemp(prefix="lume-bench-"))
    resume_ms, lost_ms = [], []
    try:
        for host in HOSTS:
            mesh.start(host)
        for _ in range(rounds):
            wait_for(lambda: host_now(listener) == "mac1", 15, "the probe on mac1")
            time.sleep(0.3)
            t_kill = time.monotonic()
            mesh.kill9("mac1")
            wait_for(lambda: any(n != "mac1" for _, n, _, _ in listener.since(t_kill)), 5,
                     "failover")
            first = [x for x in listener.since(t_kill) if x[1] != "mac1"][0]
            last_old = [x for x in listener.since(0) if x[1] == "mac1" and x[0] < t_kill][-1]
            resume_ms.append((first[0] - t_kill) * 1000)
            lost_ms.append(max(0, last_old[3] - first[3] + 1) * INTERVAL_MS)
            mesh.start("mac1")
        print("failover after kill -9 of the host, %d rounds (probe interval %d ms):"
              % (rounds, INTERVAL_MS))
        print("  kill -> output resumes: p50 %.1f ms, max %.1f ms"
              % (statistics.median(resume_ms), max(resume_ms)))
        print("  state lost (sequence repeated): p50 %.0f ms, max %.0f ms"
              % (statistics.median(lost_ms), max(lost_ms)))
    finally:
        mesh.stop_all()
        listener.close()


if __name__ == "__main__":
    main()
