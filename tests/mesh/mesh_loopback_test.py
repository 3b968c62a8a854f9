#!/usr/bin/env python3
"""The mesh as real processes on loopback: three nodes form a mesh; kill -9
of the probe's host moves it to the next node with its sequence carried
over; the restarted node rejoins and takes it back (failback); `move` moves
it, and what a third node sends to it meanwhile arrives in order, none lost;
kill -9 of a node that hosts nothing moves nothing; SIGTERM exits 0.
usage: mesh_loopback_test.py BUILD_DIR SOURCE_DIR"""

import os
import re
import signal
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
from mesh_harness import HOSTS, Mesh, ProbeListener, senders, wait_for  # noqa: E402


def move_while_sending(mesh, listener, name, target):
    """`move NAME TARGET` given on k11 (neither host) while k11 sends NAME
    numbered messages; the name proxies of the old host (mac1) and of TARGET
    trace what reaches them. Asserts that the numbers form one run, split
    once: the old incarnation got a prefix, the new one the rest, none lost
    or reordered. Returns (messages sent, how many the new one got)."""
    traces = {}

    def trace(host):
        session = mesh.session(host)
        try:
            traces[host] = session.ask("trace %s 100000 4" % name)
        finally:
            session.close()

    tracers = [threading.Thread(target=trace, args=(h,)) for h in ("mac1", target)]
    for t in tracers:
        t.start()
    time.sleep(0.3)  # both traces armed (answers come when their 4 s end)
    session = mesh.session("k11")
    count = 0

    def send():
        nonlocal count
        count += 1
        session.ask('send %s {"type":"music_params","origin_us":%d,"values":{}}' % (name, count))

    try:
        for _ in range(20):
            send()
        session.ask("move %s %s" % (name, target))
        t_move = time.monotonic()
        moved_at = None
        while count < 3000:
            send()
            if moved_at is None and any(n == target for _, n, _, _ in listener.since(t_move)):
                moved_at = count
            if moved_at is not None and count >= moved_at + 50:
                break
    finally:
        session.close()
    for t in tracers:
        t.join()
    got = {h: [int(x) for x in re.findall(r"music_params\((\d+)", " ".join(traces[h]))]
           for h in traces}
    old, new = got["mac1"], got[target]
    assert new and old, "one incarnation got nothing: %s" % got
    assert old + new == list(range(1, count + 1)), \
        "lost or reordered: old got %s, new got %s of 1..%d" % (old, new, count)
    return count, len(new)


def main():
    build, source = sys.argv[1], sys.argv[2]
    logs = tempfile.mkdtemp(prefix="lume-mesh-")
    listener = ProbeListener()
    # Functional checks only: generous silence timeouts keep a loaded CI box
    # from suspecting a live node (a kill -9 closes the connection at once).
    mesh = Mesh(build, source, logs,
                ["--lume.mesh.suspect-after=500ms", "--lume.mesh.down-after=2s"])
    try:
        mesh.start_all()
        # A node that hears a second node before mac1 may start the probe
        # first; failback then brings it to mac1 (with a higher epoch).
        wait_for(lambda: {n for n, _ in senders(listener.since(time.monotonic() - 0.2))}
                 == {"mac1"}, 5, "the probe to run on mac1 alone")
        rows = mesh.repl("mac5", "actors")
        probe = [r for r in rows if r["name"] == "probe"]
        assert len(probe) == 1 and probe[0]["node"] == "mac1", probe
        assert {r["node"] for r in rows} == set(HOSTS), "actors is not mesh-wide"

        # kill -9 of the host: k11 (next in the list) takes over.
        last_old = listener.since(0)[-1]
        t_kill = time.monotonic()
        mesh.kill9("mac1")
        wait_for(lambda: any(n == "k11" for _, n, _, _ in listener.since(t_kill)), 3,
                 "the probe to resume on k11")
        first_new = [x for x in listener.since(t_kill) if x[1] == "k11"][0]
        old = [x for x in listener.ticks if x[1] == "mac1"]
        last_old = old[-1]
        print("failover after kill -9: %.1f ms; mac1 last seq %d, k11 first seq %d (epoch %d)"
              % ((first_new[0] - t_kill) * 1000, last_old[3], first_new[3], first_new[2]))
        assert first_new[2] > last_old[2], "the new incarnation must have a higher epoch"
        assert last_old[3] - 10 <= first_new[3] <= last_old[3] + 30, \
            "sequence not carried over: %s then %s" % (last_old, first_new)
        wait_for(lambda: [r for r in mesh.repl("mac5", "actors") if r["name"] == "probe"][0]["node"]
                 == "k11", 3, "actors --json to show the probe on k11")
        assert mesh.states("k11")["mac1"] == "down"

        # Restart: mac1 rejoins and the probe fails back with a higher epoch.
        t_back = time.monotonic()
        mesh.start("mac1")
        wait_for(lambda: mesh.states("k11")["mac1"] == "up", 10, "mac1 to rejoin")
        wait_for(lambda: any(n == "mac1" for _, n, _, _ in listener.since(t_back)), 5,
                 "the probe to fail back to mac1")
        time.sleep(0.5)
        window = listener.since(time.monotonic() - 0.4)
        assert len(senders(window)) == 1 and list(senders(window))[0][0] == "mac1", senders(window)
        assert list(senders(window))[0][1] > first_new[2]

        # The operator moves it from k11, which streams messages to it
        # meanwhile: each reaches mac1's incarnation or mac5's, in order.
        t_move = time.monotonic()
        sent = move_while_sending(mesh, listener, "probe", "mac5")
        print("move while sending: %d messages, the last %d to mac5's incarnation"
              % (sent[0], sent[1]))
        wait_for(lambda: senders(listener.since(max(t_move, time.monotonic() - 0.2)))
                 and all(n == "mac5" for n, _ in senders(listener.since(time.monotonic() - 0.2))),
                 5, "the probe to move to mac5")

        # kill -9 of a node that hosts nothing moves nothing.
        before = senders(listener.since(time.monotonic() - 0.2))
        mesh.kill9("k11")
        time.sleep(1.0)
        after = senders(listener.since(time.monotonic() - 0.3))
        assert before == after, (before, after)
        assert mesh.states("mac1")["k11"] == "down"

        codes = mesh.stop_all()
        assert all(code == 0 for host, code in codes.items() if host != "k11"), codes
        print("mesh loopback test passed")
    except BaseException:
        mesh.stop_all()
        for host in HOSTS:
            path = os.path.join(logs, host + ".log")
            if os.path.exists(path):
                print("---- %s.log" % host)
                print(open(path).read()[-3000:])
        raise
    finally:
        listener.close()


if __name__ == "__main__":
    main()
