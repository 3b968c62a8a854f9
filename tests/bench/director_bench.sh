#!/usr/bin/env bash
# director_bench.sh BUILD_DIR SOURCE_DIR [SECONDS]: the director's figures
# (docs/performance.md, Director), run by hand as root. In a network namespace
# of its own (Link multicasts only on its loopback): an independent Link peer
# (link-peer --receive 9810, 240 BPM) and one lume-node in its session whose
# director cuts every 2-3 beats (min-shot = max-shot = 1 beat, tick 250 ms)
# with its OSC sent to link-peer. Two runs of SECONDS (default 60):
#   idle: only the quantizer and the director;
#   load: config/solo.caf with every simulator and sensor (full sensor load),
#         the director's shots and target changed as above.
# Prints per run: each cut's arrival at link-peer against link-peer's own
# grid (its phase at arrival minus the cut's beat; cuts land on whole beats),
# the director's tick lateness (`inspect director`: tick_late) and the
# quantizer's own send error, with `uptime` before the run.
# LUME_BENCH_PEER_RT=1 runs link-peer at SCHED_FIFO 20 (its receive thread's
# wake-up then stays out of the arrival figures on a loaded box).
set -euo pipefail
build=$1
src=$2
secs=${3:-60}
if [ "${4:-}" != "--inside" ]; then
  [ "$(id -u)" = 0 ] || { echo "needs root (unshare -n)"; exit 2; }
  exec unshare -n bash -c 'ip link set lo up && ip link set lo multicast on &&
    ip route add 224.0.0.0/4 dev lo && exec "$0" "$1" "$2" "$3" --inside' \
    "$0" "$build" "$src" "$secs"
fi
node=$build/lume-node
repl=$build/lume-repl
peer=$build/tools/link-peer/link-peer
dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT

director='{ name = "director", kind = "director", supervisor = "root",
    options = { tick = 250ms, min-shot = 1.0, max-shot = 1.0, targets = ["127.0.0.1:9810"] } },'
cat > "$dir/idle.caf" << EOF2
[lume]
node = "bench"
inspect-port = 7700
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 3, period = 5s },
  { name = "quantizer", kind = "quantizer", supervisor = "root" },
  $director
]
[lume.clock]
link = true
tempo = 240.0
quantum = 4.0
EOF2
# solo.caf, the director cutting every beat or two to link-peer.
# (Only in the director's entry: the mapper sends to 9800 too.) The Node
# children's cwd and the bus's folders are relative to the config's folder.
abs_src=$(realpath "$src")
sed -e "s|cwd = \"\.\.\"|cwd = \"$abs_src\"|; s|\"\.\./tools/|\"$abs_src/tools/|g" \
    -e '/name = "director", kind = "director"/,/} },/{
          s/min-shot = 4.0, max-shot = 16.0/min-shot = 1.0, max-shot = 1.0/
          s/targets = \["127.0.0.1:9800"\], subscribers = \[[^]]*\]/targets = ["127.0.0.1:9810"]/
        }' "$src/config/solo.caf" > "$dir/load.caf"
grep -q 'targets = \["127.0.0.1:9810"\]' "$dir/load.caf" || { echo "solo.caf's director line changed: edit this bench"; exit 1; }

run() { # NAME CONFIG
  local name=$1 config=$2 peer_pid node_pid
  echo "== $name: $(uptime)"
  local rt=()
  [ -z "${LUME_BENCH_PEER_RT:-}" ] || rt=(chrt -f 20)
  "${rt[@]}" "$peer" --tempo 240 --quantum 4 --print-interval 1000 --seconds $((secs + 20)) --receive 9810 \
    > "$dir/peer-$name" 2>/dev/null &
  peer_pid=$!
  pids+=("$peer_pid")
  sleep 0.5
  "$node" --config "$config" --lume.clock.link=true > "$dir/out-$name" 2> "$dir/log-$name" &
  node_pid=$!
  pids+=("$node_pid")
  sleep "$secs"
  "$repl" 127.0.0.1:7700 -c "inspect director" --json > "$dir/director-$name" || true
  "$repl" 127.0.0.1:7700 -c "inspect quantizer" --json > "$dir/quantizer-$name" || true
  top -b -n 1 -p "$node_pid" | tail -n 1 | awk '{print "node CPU now: " $9 " %, RSS " $6}'
  kill -TERM "$node_pid"; wait "$node_pid" || true
  kill -TERM "$peer_pid"; wait "$peer_pid" || true
  python3 - "$dir/peer-$name" "$dir/director-$name" "$dir/quantizer-$name" << 'EOF2'
import json, struct, sys
peer, director, quantizer = sys.argv[1:4]
errs = []
for line in open(peer):
    if not line.startswith("recv "):
        continue
    kv = dict(x.split("=", 1) for x in line.split()[1:])
    data = bytes.fromhex(kv["data"])
    if not data.startswith(b"/lume/"):
        continue
    end = data.index(b"\0")
    pos = (end + 4) & ~3
    tag_end = data.index(b"\0", pos)
    if data[pos:tag_end] != b",siifs":
        continue
    pos = (tag_end + 4) & ~3
    vend = data.index(b"\0", pos)
    pos = (vend + 4) & ~3
    epoch, seq, beat = struct.unpack(">iif", data[pos:pos + 12])
    want = round(beat) % 4.0
    d = (float(kv["phase"]) - want + 2.0) % 4.0 - 2.0
    errs.append(d * 60e6 / float(kv["tempo"]))
errs.sort()
def pct(p):
    return errs[min(len(errs) - 1, int(p * len(errs)))]
if errs:
    print(f"cut arrival - link-peer grid: n={len(errs)} min {errs[0]:.0f} p50 {pct(0.5):.0f} "
          f"p99 {pct(0.99):.0f} max {errs[-1]:.0f} us")
else:
    print("no cut arrived")
try:
    d = json.load(open(director))
    t = d["tick_late"]
    print(f"director: ticks {d['ticks']}, tick late p50 {t['p50_us']} p99 {t['p99_us']} "
          f"max {t['max_us']} us, over 1 ms {t['over_1ms']}; decisions {d['decisions']}, "
          f"unplaced {d['unplaced']}, quantizer dropped {d['quantizer_dropped']} errors {d['quantizer_errors']}")
    q = json.load(open(quantizer))
    l = q["late"]
    print(f"quantizer send error: p50 {l['p50_us']} p99 {l['p99_us']} max {l['max_us']} us, "
          f"realtime {q['realtime']}, rescheduled {q['rescheduled']}, dropped {q['dropped']}")
except (OSError, ValueError, KeyError) as e:
    print(f"no director/quantizer state: {e}")
EOF2
}
run idle "$dir/idle.caf"
run load "$dir/load.caf"
