#!/usr/bin/env python3
"""The session survives kill -9 of its host: three lume-nodes on loopback
(config/mac1.caf, k11.caf, mac5.caf; the session is movable on mac1, k11,
mac5); once `session next` is acknowledged on mac1, mac1 is killed at once
and the successor on k11 plays the next song (or has it decided), with a
higher epoch and a seq that went on: it never goes back behind an
acknowledged command. A second command on the survivor is taken too.
usage: session_failover_test.py BUILD_DIR SOURCE_DIR"""

import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "mesh"))
from mesh_harness import Mesh, wait_for  # noqa: E402


def session_row(mesh, host):
    """The session's row in HOST's `actors` ({} until HOST lists it: right
    after the mesh forms, no node may have placed it yet)."""
    return next((r for r in mesh.repl(host, "actors") if r["name"] == "session"), {})


def main():
    build, source = sys.argv[1], sys.argv[2]
    logs = tempfile.mkdtemp(prefix="lume-session-")
    mesh = Mesh(build, source, logs,
                ["--lume.mesh.suspect-after=500ms", "--lume.mesh.down-after=2s"])
    try:
        mesh.start_all()
        wait_for(lambda: session_row(mesh, "mac5").get("node") == "mac1"
                 and session_row(mesh, "mac5").get("status") == "running", 10,
                 "the session to run on mac1")
        mac1 = mesh.session("mac1")
        mac1.ask("session start")
        wait_for(lambda: mac1.ask("session")["state"] == "playing", 10, "the session to play")
        before = mac1.ask("session")
        assert before["song"] == "aurora", before

        acked = mac1.ask("session next")
        mesh.kill9("mac1")
        assert acked["next"]["song"] == "tidal", acked
        assert acked["replicas"] == 2, "the checkpoint is not held by k11 and mac5: %s" % acked

        k11 = mesh.session("k11")
        wait_for(lambda: k11.ask("session")["epoch"] > acked["epoch"], 10,
                 "the successor on k11")
        after = k11.ask("session")
        assert session_row(mesh, "k11").get("node") == "k11"
        assert after["state"] == "playing", after
        heading = after["next"]["song"] if after["next"] else after["song"]
        assert heading == "tidal", "went back behind the acknowledged next: %s" % after
        if after["song"] == "aurora":
            assert after["bar"] >= acked["bar"], "the bar went back: %s after %s" % (after, acked)
        assert after["seq"] > acked["seq"], "the seq went back: %s after %s" % (after, acked)

        # The decided change lands on the survivor (next phrase: at most 4 bars).
        wait_for(lambda: k11.ask("session")["song"] == "tidal", 12, "tidal to land on k11")
        answer = k11.ask("session section drop")
        assert answer["next"]["section"] == "drop", answer
        assert answer["replicas"] == 1, answer  # mac5; mac1 is down
        print("ok: acknowledged next survived kill -9 of mac1 (epoch %d -> %d, seq %d -> %d)"
              % (acked["epoch"], after["epoch"], acked["seq"], after["seq"]))
        k11.close()
    finally:
        codes = mesh.stop_all()
    bad = {h: c for h, c in codes.items() if h != "mac1" and c != 0}
    assert not bad, "exit codes %s (logs in %s)" % (bad, logs)


if __name__ == "__main__":
    main()
