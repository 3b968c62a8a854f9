#!/usr/bin/env python3
"""The verdict of a chaos run (tests/chaos/chaos_test.sh), from its logs.

  chaos_report.py WORK [--goal-kill MS] [--goal-cut MS] [--rss-growth-mb MB]

WORK holds what the run wrote, every time an integer µs of CLOCK_MONOTONIC:
  ticks.log    `MONO lume-tick NODE EPOCH SEQ`: the probe ticker (10 ms)
  cuts.log     `MONO cut KIND VALUE EPOCH SEQ BEAT REASON`: the director
  faults.log   `T KIND PHASE NODE DETAIL`: what the driver did, when (PHASE
               `counted`: lume-netem's counters after a delay or reorder)
  samples.log  `T rss NODE PID KB`, `T gone NODE PID`,
               `T_ASK T_ANSWER session NODE PID RC ANSWER` (RC 124: none in 5 s)

Prints the faults by kind, the worst gap in the probe's and the director's
output per fault kind, state lost, duplicates, RSS growth, then one FAIL line
per broken assertion (BUG for a known runtime bug, which fails only with
LUME_NETNS_STRICT=1). Exits 1 on a FAIL.
"""
import json
import os
import sys
import time
from collections import defaultdict

PROBE_INTERVAL_US = 10_000
GAP_US = 60_000          # silence worth reporting in the probe's output
BEAT_US = 500_000        # 120 BPM
# The director cuts when a shot reached max-shot (2 beats), decided on its
# 250 ms tick and landed on the next beat: the longest natural interval.
CADENCE_US = 2 * BEAT_US + 250_000 + BEAT_US
# Two cuts from different hosts land on the beats of each host's Link
# timeline; the hosts agree on them within a few ms (and the listener's
# reads jitter): an interval is compared with its goal within this.
GRID_JITTER_US = 5_000
# A cut arriving this long after its beat was held by the network.
HELD_US = 100_000
# A decision whose beat fell in the failover gap goes out late from the
# successor (`late-window`, docs/architecture.md) with its seq, at most this
# long after a copy its old host may have sent.
LATE_COPY_US = 2 * BEAT_US + 500_000
# Bugs 5 and 7 of docs/reliability.md (Chaos), fixed in the third session:
# a recurrence prints a BUG line (LUME_NETNS_STRICT=1 fails it) naming the
# fix it defeats, so a loaded CI box's rare stall does not fail the build.
# Not after a loss: TCP's retransmission backlog outlasts the loss into its
# repair phase, so there a stale resume keeps the loss label.
STALE = ("regression of fix 5: a successor restored a checkpoint older than what its "
         "predecessor decided (no peer held the newer one)")
WAR = ("regression of fix 7: a superseded director's decision went out after a newer "
       "epoch's")
# The ticker checkpoints every 20 ms (2 ticks): a failover replays a few
# (a partition: what the minority ticked before it stopped).
LOST_TICKS_LIMIT = 5
# After a repair the mesh moves the movable actors home (a planned move):
# gaps up to this long after `recovered` are the fault's repair phase.
AFTERMATH_US = 3_000_000
# A node stops what it hosts once it sees itself in a minority (down-after
# 300 ms); the minority of a partition must be silent after this.
MINORITY_STOP_US = 500_000
# Sampler rounds (1 s) in a row with no answer: a hang.
HANG_ROUNDS = 3
WARMUP_US = 10_000_000   # RSS baseline: the first sample this long after a start


def us(mono):
    a, _, b = mono.partition(".")
    return int(a) * 1_000_000 + int((b + "000000")[:6])


def read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return [line.split() for line in f]
    except FileNotFoundError:
        return []


class Fault:
    def __init__(self, kind, node, start, detail):
        self.kind, self.node, self.start, self.detail = kind, node, start, detail
        self.end = None
        self.recovered = None
        self.unrecovered = None
        self.exited = None  # kill9: µs from the kill until the process was a zombie

    def window_end(self):
        return (self.recovered or self.end or self.start) + AFTERMATH_US

    def phase(self, t):
        """'fault' before the repair, 'repair' after it (failback)."""
        return "fault" if self.end is None or t < self.end else "repair"


def offset_of(work):
    """realtime µs - CLOCK_MONOTONIC µs, as the run logged it."""
    for f in read_lines(os.path.join(work, "faults.log")):
        if len(f) >= 5 and f[1] == "clock" and f[2] == "offset":
            return int(f[4])
    return None


def read_stalls(work, offset):
    """(t, node, peer, state): a node's log saying it suspects a peer."""
    if offset is None:
        return []
    result = []
    for name in sorted(os.listdir(work)):
        if not (name.startswith("node-") and name.endswith(".log")):
            continue
        for x in read_lines(os.path.join(work, name)):
            # [2026-12-04 11:24:45.206] [mesh] [warning] mesh mac1 sees mac5 up -> suspect (no ...
            if len(x) < 11 or x[4] != "mesh" or x[6] != "sees" or x[10] not in ("suspect", "down"):
                continue
            if "heartbeat" not in " ".join(x[11:]):
                continue
            stamp = x[0].lstrip("[") + " " + x[1].rstrip("]")
            try:
                whole, _, frac = stamp.partition(".")
                wall = time.mktime(time.strptime(whole, "%Y-%m-%d %H:%M:%S"))
            except ValueError:
                continue
            t = int(wall) * 1_000_000 + int((frac + "000000")[:6]) - offset
            result.append((t, x[5], x[7], x[10]))
    return result


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    work = argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    goal_kill = int(opts.get("--goal-kill", 250)) * 1000
    goal_cut = int(opts.get("--goal-cut", 500)) * 1000
    rss_bound_kb = int(opts.get("--rss-growth-mb", 16)) * 1024
    strict = bool(os.environ.get("LUME_NETNS_STRICT"))
    goals = {"kill9": goal_kill, "actor": goal_kill, "stop": goal_cut, "cut": goal_cut,
             "partition": goal_cut, "loss": goal_cut, "delay": goal_cut, "reorder": goal_cut}
    failures, bugs = [], []

    # Host stalls: two nodes that the fault leaves alone suspect each other
    # (CPU starvation on a loaded box, as mesh_netns_test.sh's DISTURBED).
    stalls = read_stalls(work, offset_of(work))
    disturbed = []

    def stalled(f, t0, t1):
        faulted = f.node if f is not None and f.kind != "actor" else None
        return next((s for s in stalls if t0 - 1_000_000 <= s[0] <= t1 + 500_000
                     and faulted not in (s[1], s[2])), None)

    def violation(f, msg, t0, t1, known=None):
        """A broken goal over [t0, t1]: DISTURBED when the host stalled
        meanwhile; a BUG line when it is a known runtime bug (`known`, or
        any under loss: the host's checkpoints and heartbeats wait behind
        TCP retransmissions, so a successor may resume from an older
        checkpoint, docs/reliability.md, "Still open"); else a failure."""
        s = stalled(f, t0, t1)
        if s is not None:
            disturbed.append(f"{msg} [{s[1]} saw {s[2]} {s[3]} at {s[0]}]")
        elif known is None and f is not None and f.kind == "loss":
            bugs.append(f"{msg} [under loss: checkpoints wait behind TCP retransmissions]")
        elif known is not None:
            bugs.append(f"{msg} [{known}]")
        else:
            failures.append(msg)

    # ---------------------------------------------------------------- faults
    faults, killed_pids, run_start, run_end, acks = [], set(), None, None, []
    unrecovered = []
    netem = defaultdict(lambda: defaultdict(int))  # kind -> lume-netem counter -> sum
    open_fault = None
    for f in read_lines(os.path.join(work, "faults.log")):
        if len(f) < 4:
            continue
        t, kind, phase, node, detail = int(f[0]), f[1], f[2], f[3], " ".join(f[4:])
        if kind == "run":
            if phase == "start":
                run_start = t
            else:
                run_end = t
        elif kind == "operator":
            if phase == "ack":
                acks.append((t, node, int(f[4])))
            continue
        elif phase == "start":
            open_fault = Fault(kind, node, t, detail)
            faults.append(open_fault)
            if kind == "kill9" and detail.startswith("pid "):
                killed_pids.add(detail.split()[1])
        elif open_fault is not None and phase == "end":
            open_fault.end = t
        elif open_fault is not None and phase == "exited":
            after_us = f[5] if len(f) > 5 else ""
            if after_us.isdigit():
                open_fault.exited = int(after_us)
        elif open_fault is not None and phase == "recovered":
            open_fault.recovered = t
        elif open_fault is not None and phase == "counted":
            # lume-netem's counters after a delay or reorder fault's repair.
            if detail.startswith("failed"):
                failures.append(f"{kind} of {node} at {open_fault.start}: {detail}")
            else:
                for item in detail.split():
                    name, _, value = item.partition("=")
                    if name == "worst_late_us" and value.isdigit():
                        netem[kind][name] = max(netem[kind][name], int(value))
                    elif value.isdigit():
                        netem[kind][name] += int(value)
                netem[kind]["faults"] += 1
        elif open_fault is not None and phase == "unrecovered":
            open_fault.unrecovered = detail
            unrecovered.append((open_fault, t, f"{kind} of {node} at {t}: not recovered: {detail}"))
    if run_start is None:
        print("FAIL: no `run start` in faults.log")
        return 1
    run_end = run_end or max([f.window_end() for f in faults] + [run_start])

    def fault_at(t0, t1):
        """The fault whose window holds a silence [t0, t1)."""
        for f in reversed(faults):
            if f.start - 2 * PROBE_INTERVAL_US <= t1 and t0 <= f.window_end():
                return f
        return None

    def label(f, t):
        return "unattributed" if f is None else f"{f.kind}/{f.phase(t)}"

    def stale_label(f, t):
        """STALE for state lost in a repair phase (bug 5's regression), but
        not after a loss, whose TCP backlog outlasts it (the loss label)."""
        return (STALE if f is not None and f.phase(t) == "repair" and f.kind != "loss"
                else None)

    for f, t, msg in unrecovered:
        violation(None, msg, f.end or f.start, t)

    # ---------------------------------------------------------------- probe
    ticks = []
    for x in read_lines(os.path.join(work, "ticks.log")):
        if len(x) == 5 and x[1] == "lume-tick":
            ticks.append((us(x[0]), x[2], int(x[3]), int(x[4])))
    ticks = [x for x in ticks if run_start - 2_000_000 <= x[0] <= run_end + 2_000_000]
    probe_gaps = []
    lost_ticks, max_lost, transitions = 0, 0, 0
    for a, b in zip(ticks, ticks[1:]):
        dt = b[0] - a[0]
        if dt > GAP_US:
            f = fault_at(a[0], b[0])
            probe_gaps.append((dt, a[0], b[0], f, label(f, a[0])))
        if (a[1], a[2]) != (b[1], b[2]):
            transitions += 1
    # State lost: a successor that resumes at or below the last seq heard
    # from its predecessor replays (old - new + 1) ticks.
    last_seq = {}
    lost_by_kind = defaultdict(int)
    prev = None
    for t, node, epoch, seq in ticks:
        key = (node, epoch)
        if prev is not None and key != prev and key not in last_seq:
            old = last_seq[prev]
            if seq <= old:
                lost = old - seq + 1
                lost_ticks += lost
                max_lost = max(max_lost, lost)
                f = fault_at(t, t)
                k = label(f, t)
                lost_by_kind[k] = max(lost_by_kind[k], lost)
                # A partition's minority goes on until it sees itself
                # alone: what it ticked meanwhile never reached the others.
                limit = (MINORITY_STOP_US // PROBE_INTERVAL_US
                         if f is not None and f.kind == "partition" else LOST_TICKS_LIMIT)
                if lost > limit:
                    msg = (f"probe {node}/{epoch} resumed at seq {seq}, {lost} ticks behind "
                           f"{prev[0]}/{prev[1]} at {t} ({k})")
                    violation(f, msg, t - 1_000_000, t, stale_label(f, t))
        last_seq[key] = seq
        prev = key
    # Two nodes on one epoch, or interleaved senders after a heal.
    epoch_nodes = defaultdict(set)
    for _, node, epoch, _ in ticks:
        epoch_nodes[epoch].add(node)
    for e, nodes in sorted(epoch_nodes.items()):
        if len(nodes) > 1:
            bugs.append(f"probe epoch {e} used by {','.join(sorted(nodes))}")

    def interleaves(seq_of_keys):
        """(key_a, key_b, t) where a run of key_a, key_b, key_a occurs."""
        runs = []
        for t, key in seq_of_keys:
            if not runs or runs[-1][1] != key:
                runs.append((t, key))
        return [(runs[i][1], runs[i + 1][1], runs[i + 1][0])
                for i in range(len(runs) - 2) if runs[i][1] == runs[i + 2][1]]

    probe_overlaps = defaultdict(int)
    for ka, kb, t in interleaves([(t, (n, e)) for t, n, e, _ in ticks]):
        f = fault_at(t, t)
        probe_overlaps[label(f, t)] += 1
    if any(k.startswith("loss/") for k in probe_overlaps):
        bugs.append(f"two probe hosts at once under loss: {probe_overlaps.get('loss/fault', 0)} "
                    "interleavings [under loss: views disagree for a heartbeat]")

    # ---------------------------------------------------------------- director
    cuts = []
    for x in read_lines(os.path.join(work, "cuts.log")):
        if len(x) == 8 and x[1] == "cut":
            cuts.append((us(x[0]), x[2], x[3], int(x[4]), int(x[5]), float(x[6])))
    cuts = [c for c in cuts if run_start - 5_000_000 <= c[0] <= run_end + 2_000_000]
    # A cut the network held back: a datagram its host sent while its link
    # was down waits in the kernel's neighbour queue and arrives when the
    # link is back, seconds after its beat (a real cut cable drops it).
    # Its beat's time follows from the previous cut of its epoch (one
    # timeline, 120 BPM); held cuts are counted and left out of the
    # duplicate checks (a consumer drops them by epoch or seq anyway).
    held, kept, last_of_epoch = [], [], {}
    for c in cuts:
        p = last_of_epoch.get(c[3])
        if p is not None and c[0] - (p[0] + (c[5] - p[5]) * BEAT_US) > HELD_US:
            held.append(c)
            continue
        last_of_epoch[c[3]] = c
        kept.append(c)
    cuts = kept
    # A decision put on the wire again under another epoch (a planned move's
    # pending cut, from the old host's quantizer and the successor's) has
    # the seq of one already sent: consumers keep one. Counted, not a gap.
    # Copies of one decision land on the same grid point (within half a
    # beat): of those the newest epoch's is kept, as the consumers' epoch
    # filter keeps it. A successor's late copy of a decision whose beat came
    # in the failover gap (same seq, kind and value, a later epoch, within
    # LATE_COPY_US) is a copy too, if the old host had sent it. Any other
    # seq that comes again later is a decision taken again: a successor
    # that restored an older checkpoint (state lost).
    copies = defaultdict(list)
    for c in cuts:
        copies[c[4]].append(c)
    distinct, replayed, late_copies = [], [], 0
    for seq, xs in copies.items():
        groups = []
        for c in xs:
            if groups and c[0] - groups[-1][0][0] < BEAT_US // 2:
                groups[-1].append(c)
            else:
                groups.append([c])
        first = groups[0][0]
        distinct.append(max(groups[0], key=lambda c: c[3]))
        for g in groups[1:]:
            c = g[0]
            if (c[1], c[2]) == (first[1], first[2]) and c[3] > first[3] \
                    and c[0] - first[0] <= LATE_COPY_US:
                late_copies += 1
                continue
            distinct.append(max(g, key=lambda c: c[3]))
            replayed.append((c[0], seq, c[3], first[3]))
    distinct.sort()
    resent = len(cuts) - len(distinct)
    for t, seq, e_new, e_old in replayed:
        f = fault_at(t, t)
        violation(f, f"director seq {seq} decided again by epoch {e_new} at {t} "
                  f"(first by epoch {e_old}; {label(f, t)})", t - 2_000_000, t,
                  stale_label(f, t))
    cut_gaps = []
    for a, b in zip(distinct, distinct[1:]):
        dt = b[0] - a[0]
        if dt > CADENCE_US:
            f = fault_at(a[0], b[0])
            cut_gaps.append((dt - CADENCE_US, a[0], b[0], f, label(f, a[0])))
    dup_after_heal, overlap_in_fault = [], []
    for ea, eb, t in interleaves([(c[0], c[3]) for c in distinct]):
        f = fault_at(t, t)
        if f is not None and f.phase(t) == "fault":
            overlap_in_fault.append(f"epochs {ea}/{eb} at {t} ({f.kind} of {f.node})")
        else:
            dup_after_heal.append(f"epochs {ea}/{eb} interleave at {t} ({label(f, t)})")
            violation(f, f"two directors after a heal: epochs {ea}/{eb} interleave at {t} "
                      f"({label(f, t)})", t - 2_000_000, t,
                      WAR if f is not None and f.phase(t) == "repair" else None)
    # Two epochs cutting on one beat (Link aligns the phase between nodes,
    # not the beat's number: compared by arrival, within half a beat).
    for a, b in zip(distinct, distinct[1:]):
        if a[3] != b[3] and b[0] - a[0] < BEAT_US // 2:
            f = fault_at(b[0], b[0])
            d = f"epochs {a[3]}/{b[3]} cut {(b[0] - a[0]) // 1000} ms apart at {b[0]} ({label(f, b[0])})"
            if f is not None and f.phase(b[0]) == "fault":
                overlap_in_fault.append(d)
            else:
                dup_after_heal.append(d)
                violation(f, f"two directors on one beat: {d}", a[0] - 1_000_000, b[0],
                          WAR if f is not None and f.phase(b[0]) == "repair" else None)
    # The lowest epoch after a newer one already cut: a successor with an
    # older epoch (it would lose to the one it replaces).
    max_e = 0
    for c in distinct:
        if c[3] < max_e:
            first = next(x for x in distinct if x[3] == c[3])
            if first is c:
                bugs.append(f"director epoch {c[3]} first cut at {c[0]} after epoch {max_e}")
        max_e = max(max_e, c[3])

    # ---------------------------------------------------------------- partitions
    minority = []
    for f in faults:
        if f.kind != "partition" or f.end is None:
            continue
        heard = [t for t, n, _, _ in ticks if n == f.node and f.start <= t < f.end]
        stop_us = (max(heard) - f.start) if heard else 0
        minority.append((f.node, stop_us))
        if stop_us > MINORITY_STOP_US and (f.end - f.start) > MINORITY_STOP_US:
            violation(f, f"partition of {f.node} at {f.start}: the minority's probe went on "
                      f"{stop_us // 1000} ms (limit {MINORITY_STOP_US // 1000})",
                      f.start, f.start + stop_us)

    # ---------------------------------------------------------------- samples
    rss = defaultdict(list)
    gone = {}
    answers = defaultdict(list)  # pid -> [(t_ask, answered)]
    sessions = []                # (t_ask, t_answer, node, seq, bar, song, section, state)
    rounds = defaultdict(bool)
    for x in read_lines(os.path.join(work, "samples.log")):
        if len(x) >= 5 and x[1] == "rss":
            rss[(x[2], x[3])].append((int(x[0]), int(x[4])))
        elif len(x) >= 4 and x[1] == "gone":
            gone.setdefault(x[3], (int(x[0]), x[2]))
        elif len(x) >= 6 and x[2] == "session":
            t_ask, t_ans, node, pid, rc = int(x[0]), int(x[1]), x[3], x[4], x[5]
            text = " ".join(x[6:])
            answers[pid].append((t_ask, rc not in ("124", "137"), node))
            try:
                s = json.loads(text) if rc == "0" else None
            except ValueError:
                s = None
            ok = isinstance(s, dict) and "seq" in s
            # No answer in time (a starved REPL or node) says nothing of
            # where the session runs: only answers count here.
            if rc not in ("124", "137"):
                rounds[t_ask // 1_000_000] |= ok
            if ok:
                sessions.append((t_ask, t_ans, node, int(s["seq"]), int(s.get("bar", 0)),
                                 s.get("song"), s.get("section"), s.get("state")))
    crashes = [f"{n} pid {p} gone at {t} without a kill" for p, (t, n) in gone.items()
               if p not in killed_pids]
    failures += crashes
    hangs = []
    stop_windows = [(f.node, f.start, (f.end or f.start) + 1_000_000) for f in faults
                    if f.kind in ("stop", "kill9")]
    for pid, xs in answers.items():
        run = 0
        for t, ok, node in xs:
            excused = any(n == node and a - 5_000_000 <= t <= b for n, a, b in stop_windows)
            run = 0 if ok or excused else run + 1
            if run == HANG_ROUNDS:
                hangs.append(f"{node} pid {pid} answered no REPL for {HANG_ROUNDS} rounds at {t}")
    failures += hangs
    # The session never goes backwards: no answer shows a seq below one
    # answered before it was asked.
    regress, max_back = [], 0
    by_answer = sorted(sessions, key=lambda s: s[1])
    for s in sessions:
        before = [x for x in by_answer if x[1] < s[0]]
        if before:
            best = max(before, key=lambda x: x[3])
            if s[3] < best[3]:
                max_back = max(max_back, best[3] - s[3])
                regress.append(f"seq {s[3]} from {s[2]} at {s[0]} after seq {best[3]} ({best[2]})")
    failures += [f"session went backwards: {r}" for r in regress[:5]]
    # Nor behind an accepted command: answers asked after the acknowledgment.
    lost_acks = []
    for t, node, seq in acks:
        later = [x for x in sessions if x[0] > t and x[3] < seq]
        if later:
            x = later[0]
            lost_acks.append(f"seq {seq} acknowledged by {node} at {t}, then seq {x[3]} from {x[2]} at {x[0]}")
    failures += [f"session lost an acknowledged command: {r}" for r in lost_acks[:5]]
    # The session answers somewhere: rounds in a row with no valid answer.
    session_gap, run, worst_at = 0, 0, None
    for r in range(min(rounds, default=0), max(rounds, default=-1) + 1):
        if r in rounds and not rounds[r]:
            run += 1
            if run > session_gap:
                session_gap, worst_at = run, r
        elif r in rounds:
            run = 0
    if session_gap >= 3:
        t1 = worst_at * 1_000_000
        t0 = t1 - session_gap * 1_000_000
        violation(fault_at(t0, t1), f"the session answered nowhere for {session_gap} sampler "
                  f"rounds (1 s) until {t1}", t0, t1)
    growth = []
    for (node, pid), xs in sorted(rss.items()):
        if xs[-1][0] - xs[0][0] < 2 * WARMUP_US:
            continue
        base = next(kb for t, kb in xs if t >= xs[0][0] + WARMUP_US)
        peak = max(kb for t, kb in xs if t >= xs[0][0] + WARMUP_US)
        growth.append((node, pid, base, peak, (xs[-1][0] - xs[0][0]) // 1_000_000))
        if peak - base > rss_bound_kb:
            failures.append(f"{node} pid {pid}: RSS grew {(peak - base) // 1024} MB "
                            f"({base // 1024} -> {peak // 1024} MB; bound {rss_bound_kb // 1024} MB)")

    # ---------------------------------------------------------------- gaps vs goals
    def goal_of(k):
        kind, _, phase = k.partition("/")
        if phase == "repair":
            return goal_cut
        return goals.get(kind, goal_kill if kind == "unattributed" else goal_cut)

    # Worst per kind/phase among the gaps not disturbed by a host stall.
    worst_probe, worst_cut = defaultdict(lambda: (0, None)), defaultdict(lambda: (0, None))
    for dt, t0, t1, f, k in probe_gaps:
        goal = goal_of(k)
        if stalled(f, t0, t1) is None and dt > worst_probe[k][0]:
            worst_probe[k] = (dt, f)
        if dt > goal:
            where = f"{f.kind} of {f.node} at {f.start}" if f else "no fault"
            if f and f.exited is not None:
                where += f", its process gone {f.exited / 1000:.1f} ms after the kill"
            violation(f, f"probe silent {dt // 1000} ms ({k}, {where}; goal {goal // 1000} ms)",
                      t0, t1)
    for excess, t0, t1, f, k in cut_gaps:
        goal = goal_of(k) + GRID_JITTER_US
        if stalled(f, t0, t1) is None and excess > worst_cut[k][0]:
            worst_cut[k] = (excess, f)
        if excess > goal:
            where = f"{f.kind} of {f.node} at {f.start}" if f else "no fault"
            msg = (f"director silent {(excess + CADENCE_US) // 1000} ms, {excess // 1000} ms "
                   f"over its cadence ({k}, {where}; goal {goal // 1000} ms)")
            violation(f, msg, t0, t1)

    # ---------------------------------------------------------------- summary
    by_kind = defaultdict(int)
    for f in faults:
        by_kind[f.kind] += 1
    print(f"run: {(run_end - run_start) / 1e6:.1f} s, {len(faults)} faults: "
          + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())))
    exits = sorted(f.exited for f in faults if f.exited is not None)
    if exits:
        print(f"kill -9: process gone (a zombie, its sockets closed) after median "
              f"{exits[len(exits) // 2] / 1000:.1f} ms, worst {exits[-1] / 1000:.1f} ms, "
              f"in {len(exits)} kills")
    print(f"probe: {len(ticks)} datagrams, {transitions} sender changes; worst silence per "
          "fault kind/phase (ms): "
          + ", ".join(f"{k} {v[0] // 1000}" for k, v in sorted(worst_probe.items())))
    print(f"director: {len(cuts)} cuts ({resent} resent with a seq already sent, "
          f"{late_copies} of them late copies of a failover gap's decision; {len(held)} more "
          f"held back by the network past their beat); worst "
          f"interval over the {CADENCE_US // 1000} ms cadence per kind/phase (ms): "
          + ", ".join(f"{k} +{v[0] // 1000}" for k, v in sorted(worst_cut.items())))
    print(f"state lost: probe {lost_ticks} ticks replayed in all (worst {max_lost} = "
          f"{max_lost * 10} ms; worst per kind/phase in ticks: "
          + (", ".join(f"{k} {n}" for k, n in sorted(lost_by_kind.items())) or "none")
          + f"); session {len(regress)} steps back (worst {max_back} seq), "
          f"longest stretch answered nowhere {session_gap} s, {len(sessions)} samples, "
          f"{len(acks)} operator commands acknowledged, {len(lost_acks)} lost")
    print(f"duplicates: director {len(dup_after_heal)} after a heal (goal 0), "
          f"{len(replayed)} seqs decided again, "
          f"{len(overlap_in_fault)} overlaps during a fault; probe interleaved senders "
          + (", ".join(f"{k} {n}" for k, n in sorted(probe_overlaps.items())) or "none"))
    for kind, c in sorted(netem.items()):
        print(f"lume-netem ({kind}, {c['faults']} faults): {c['received']} packets queued, "
              f"{c['held']} held, {c['immediate']} let through at once, {c['reordered']} "
              f"released ahead of an earlier one, {c['flushed']} let go at the repair, "
              f"{c['late']} released over 2 ms late (worst {c['worst_late_us'] / 1000:.1f} ms); "
              f"{c['overruns'] + c['read_errors'] + c['malformed'] + c['verdict_errors']} "
              "errors")
    if minority:
        print("partitions: minority's probe silent after (ms): "
              + ", ".join(f"{n} {t // 1000}" for n, t in minority))
    print(f"crashes {len(crashes)}, hangs {len(hangs)}; RSS per incarnation (MB, "
          f"baseline {WARMUP_US // 1_000_000} s after start -> peak, seconds sampled): "
          + ", ".join(f"{n}/{p} {b / 1024:.0f}->{m / 1024:.0f} ({s} s)" for n, p, b, m, s in growth))
    for d in overlap_in_fault:
        print(f"  overlap during a fault: {d}")
    # One line per known bug: how often, and its first instance.
    grouped = defaultdict(list)
    for b in bugs:
        msg, _, why = b.partition(" [")
        grouped[why.rstrip("]") or msg].append(msg)
    for why, xs in grouped.items():
        print(f"BUG: {why}: {len(xs)} time(s), first: {xs[0]}")
    print(f"disturbed: {len(disturbed)} broken goals in windows where the host stalled "
          f"({len(stalls)} stalls seen: two nodes the fault left alone suspected each other)")
    for d in disturbed:
        print(f"DISTURBED: {d}")
    for x in failures:
        print(f"FAIL: {x}")
    return 1 if failures or (strict and bugs) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
