#!/usr/bin/env python3
"""Helpers of the netns mesh tests: the probe listener and the log queries.

The listener writes one line per datagram: `MONO lume-tick NODE EPOCH SEQ`,
MONO being time.monotonic() in seconds (CLOCK_MONOTONIC is system-wide, the
same in every network namespace). Every other command takes and prints times
as integer microseconds of that clock.

  listen HOST PORT OUT          receive datagrams until killed
  offset                        realtime_us - monotonic_us (to convert bash's
                                $EPOCHREALTIME to the listener's clock)
  wait-new LOG SINCE OLD TIMEOUT_S [NODE]
                                first datagram at or after SINCE with an
                                epoch above OLD (from NODE if given); waits
                                at most TIMEOUT_S; prints NODE EPOCH SEQ T
  last LOG NODE EPOCH BEFORE    last datagram of NODE/EPOCH before BEFORE
  current LOG                   the newest datagram
  senders LOG FROM TO           one line per NODE/EPOCH seen in [FROM, TO):
                                NODE EPOCH COUNT FIRST_T LAST_T FIRST_SEQ LAST_SEQ
  overlaps LOG FROM TO          pairs of senders whose datagrams interleave in
                                [FROM, TO) (both active over a common span)
  dup-epochs LOG [FROM]         epochs sent by more than one node (and
                                seen at or after FROM)
  nodes                         summarises `nodes --json` (stdin) as
                                `maj=1 act=probe mac1=up k11=up mac5=down`
  actors NAME                   `actors --json` (stdin): NODE:STATUS of NAME
"""
import json
import os
import socket
import sys
import time


def now_us():
    return int(time.monotonic() * 1e6)


def parse(line):
    parts = line.split()
    if len(parts) != 5 or parts[1] != "lume-tick":
        return None
    try:
        return (int(round(float(parts[0]) * 1e6)), parts[2], int(parts[3]), int(parts[4]))
    except ValueError:
        return None


def read(path):
    out = []
    try:
        with open(path) as f:
            for line in f:
                if not line.endswith("\n"):
                    break
                x = parse(line)
                if x:
                    out.append(x)
    except FileNotFoundError:
        pass
    return out


def fmt(x):
    t, node, epoch, seq = x
    return f"{node} {epoch} {seq} {t}"


def listen(host, port, out):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.bind((host, int(port)))
    with open(out, "a", buffering=1) as f:
        while True:
            data, _ = sock.recvfrom(2048)
            t = time.monotonic()
            text = data.decode("ascii", "replace").strip().replace("\n", " ")
            f.write(f"{t:.6f} {text}\n")


def wait_new(path, since, old, timeout_s, node=None):
    since, old = int(since), int(old)
    deadline = time.monotonic() + float(timeout_s)
    pos = 0
    while True:
        with open(path) as f:
            f.seek(pos)
            chunk = f.read()
        end = chunk.rfind("\n")
        if end >= 0:
            pos += len(chunk[: end + 1].encode())
            for line in chunk[: end + 1].splitlines():
                x = parse(line)
                if x and x[0] >= since and x[2] > old and (node is None or x[1] == node):
                    print(fmt(x))
                    return 0
        if time.monotonic() > deadline:
            return 1
        time.sleep(0.005)


def senders(xs, lo, hi):
    groups = {}
    for x in xs:
        if lo <= x[0] < hi:
            key = (x[1], x[2])
            g = groups.get(key)
            if g is None:
                groups[key] = [1, x[0], x[0], x[3], x[3]]
            else:
                g[0] += 1
                g[2] = x[0]
                g[4] = x[3]
    return sorted(groups.items(), key=lambda kv: kv[1][1])


def main(argv):
    cmd = argv[1]
    if cmd == "listen":
        listen(argv[2], argv[3], argv[4])
    elif cmd == "offset":
        print(int(time.time() * 1e6) - now_us())
    elif cmd == "wait-new":
        return wait_new(argv[2], argv[3], argv[4], argv[5], argv[6] if len(argv) > 6 else None)
    elif cmd == "last":
        node, epoch, before = argv[3], int(argv[4]), int(argv[5])
        best = None
        for x in read(argv[2]):
            if x[1] == node and x[2] == epoch and x[0] < before:
                best = x
        if best is None:
            return 1
        print(fmt(best))
    elif cmd == "current":
        xs = read(argv[2])
        if not xs:
            return 1
        print(fmt(xs[-1]))
    elif cmd == "senders":
        for (node, epoch), g in senders(read(argv[2]), int(argv[3]), int(argv[4])):
            print(node, epoch, *g)
    elif cmd == "overlaps":
        # Two senders interleave when each sends between two datagrams of the other.
        xs = [x for x in read(argv[2]) if int(argv[3]) <= x[0] < int(argv[4])]
        runs = []  # consecutive datagrams of one sender
        for x in xs:
            key = (x[1], x[2])
            if runs and runs[-1][0] == key:
                runs[-1][2] = x[0]
            else:
                runs.append([key, x[0], x[0]])
        seen = set()
        for i in range(len(runs) - 2):
            a, b, c = runs[i], runs[i + 1], runs[i + 2]
            if a[0] == c[0] and a[0] != b[0]:
                pair = tuple(sorted([a[0], b[0]]))
                if pair not in seen:
                    seen.add(pair)
                    (n1, e1), (n2, e2) = pair
                    print(f"{n1}/{e1} {n2}/{e2} at {b[1]}")
    elif cmd == "dup-epochs":
        since = int(argv[3]) if len(argv) > 3 else 0
        by_epoch, recent = {}, set()
        for x in read(argv[2]):
            by_epoch.setdefault(x[2], set()).add(x[1])
            if x[0] >= since:
                recent.add(x[2])
        for epoch, nodes in sorted(by_epoch.items()):
            if len(nodes) > 1 and epoch in recent:
                print(epoch, ",".join(sorted(nodes)))
    elif cmd == "nodes":
        try:
            rows = json.load(sys.stdin)
            me = [r for r in rows if r.get("self")][0]
        except Exception:
            print("unreachable")
            return 0
        words = ["maj=%d" % (1 if me.get("majority") else 0),
                 "act=" + (",".join(me.get("actors") or []) or "-")]
        for r in rows:
            words.append("%s=%s" % (r["name"], r["state"]))
        for r in rows:
            if not r.get("self") and r.get("actors"):
                words.append("%s.act=%s" % (r["name"], ",".join(r["actors"])))
        print(" ".join(words))
    elif cmd == "actors":
        try:
            rows = json.load(sys.stdin)
        except Exception:
            print("unreachable")
            return 0
        print(" ".join("%s:%s" % (r.get("node"), r.get("status"))
                       for r in rows if r.get("name") == argv[2]) or "-")
    else:
        print("unknown command " + cmd, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
