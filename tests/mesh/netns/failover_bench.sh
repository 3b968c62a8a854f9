#!/usr/bin/env bash
# failover_bench.sh BUILD_DIR SOURCE_DIR [ROUNDS]
#
# Repeats, ROUNDS times (default 10), on the netns topology of
# mesh_netns_test.sh: kill -9 of the probe's host mac1 (then restart it and
# let failback settle), and a link cut of mac1 (then heal and let failback
# settle). Prints p50/max of kill->resume, cut->resume and the state lost
# (old ticks the new incarnation repeats, x 10 ms; 0 when it continues
# above), plus the failback times and the anomalies seen (mesh bugs).
# A round during which the host stalled (two nodes the round leaves alone
# suspect each other) is dropped and run again. Exits 77 (SKIP) without
# root or `ip netns`. About 10 s a round on a loaded 2-core host.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=netns_lib.sh
source "$HERE/netns_lib.sh"
BENCH_USAGE=" [ROUNDS]"
ROUNDS=${3:-10}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] && [ "$ROUNDS" -le 100 ] || { echo "FAIL: ROUNDS must be 1..100"; exit 2; }
netns_init "$@"

# One round, in a subshell (fail exits it); appends "KEY VALUE" lines to
# $WORK/results and anomalies to $WORK/anomalies.
round() {
  local r=$1 e_old t e_k11 k_ms k_lost r_ms c_ms c_lost h_ms s
  load_pids
  e_old=$(ticks current | awk '{print $2}')
  # kill -9 of the host, restart, failback
  t=$(now_us)
  kill_node mac1
  resumed "$t" mac1 "$e_old" k11 3 || fail "round $r: probe did not resume on k11 within 3 s of kill -9"
  k_ms=$RESUME_MS k_lost=$LOST_MS e_k11=$NEW_EPOCH
  t=$(now_us)
  start_node mac1
  resumed "$t" k11 "$e_k11" mac1 15 || resumed "$t" k11 0 mac1 1 \
    || fail "round $r: probe did not fail back to the restarted mac1 within 15 s"
  r_ms=$RESUME_MS
  settled mac1 15000 "round $r (restart)"
  [ "$EPOCH" -gt "$e_k11" ] \
    || echo "round $r: the restarted mac1 settled on epoch $EPOCH <= k11's $e_k11" >> "$WORK/anomalies"
  s=$(ticks regressions "$t" | tr '\n' ';')
  [ -z "$s" ] || echo "round $r (restart): incarnation with an epoch below one already used: $s" >> "$WORK/anomalies"

  # link cut of the host, heal, failback
  e_old=$EPOCH
  t=$(now_us)
  cut mac1
  resumed "$t" mac1 "$e_old" k11 3 || fail "round $r: probe did not resume on k11 within 3 s of the cut"
  c_ms=$RESUME_MS c_lost=$LOST_MS e_k11=$NEW_EPOCH
  expect_view mac1 3000 "round $r (cut)" maj=0 act=-
  t=$(now_us)
  heal mac1
  resumed "$t" k11 "$e_k11" mac1 20 || fail "round $r: probe did not fail back to mac1 within 20 s of the heal"
  h_ms=$RESUME_MS
  settled mac1 20000 "round $r (heal)"
  s=$(ticks regressions "$t" | tr '\n' ';')
  [ -z "$s" ] || echo "round $r (heal): incarnation with an epoch below one already used: $s" >> "$WORK/anomalies"
  printf '%s %s\n' kill "$k_ms" kill_lost "$k_lost" restart "$r_ms" cut "$c_ms" cut_lost "$c_lost" \
    heal "$h_ms" heal_settled "$(ms_since "$t")" >> "$WORK/results"
  say "round $r: kill->resume $k_ms ms (lost $k_lost ms), restart->failback $r_ms ms;" \
    "cut->resume $c_ms ms (lost $c_lost ms), heal->failback $h_ms ms"
}

stats() { # KEY LABEL: "LABEL p50 X max Y (n=N)" over $WORK/results
  awk -v k="$1" '$1 == k { print $2 }' "$WORK/results" | sort -n | awk -v name="$2" \
    '{a[NR]=$1} END {if (NR) printf "%-30s p50 %6d  max %6d  (n=%d)\n", name, a[int((NR+1)/2)], a[NR], NR}'
}

T_START=$(now_us)
: > "$WORK/results"
: > "$WORK/anomalies"
for n in "${NODES[@]}"; do start_node "$n"; done
settled mac1 20000 "start"
say "mesh formed, probe on mac1 epoch $EPOCH; $ROUNDS rounds"
done_rounds=0 disturbed_rounds=0
for ((attempt = 1; done_rounds < ROUNDS && attempt <= ROUNDS + 5; attempt++)); do
  since=$(wall_now)
  (round $((done_rounds + 1)))
  rc=$?
  load_pids
  if [ $rc = 0 ]; then
    done_rounds=$((done_rounds + 1))
  elif d=$(disturbed "$since" mac1); then
    disturbed_rounds=$((disturbed_rounds + 1))
    say "DISTURBED: round $((done_rounds + 1)) dropped, the host stalled ($d)"
    reset_mesh
  else
    echo "FAIL: round $((done_rounds + 1)) (see above)"
    exit 1
  fi
done
[ $done_rounds = "$ROUNDS" ] || { echo "FAIL: only $done_rounds of $ROUNDS rounds ran undisturbed"; exit 1; }
s=$(ticks dup-epochs | tr '\n' ';')
[ -z "$s" ] || echo "epochs sent by two nodes (epoch nodes): $s" >> "$WORK/anomalies"

echo "== failover bench: $ROUNDS rounds, $disturbed_rounds dropped (host stalls), $(ms_since "$T_START") ms"
stats kill "kill -9 -> resume ms"
stats kill_lost "kill -9: state lost ms"
stats cut "cut -> resume ms"
stats cut_lost "cut: state lost ms"
stats restart "restart -> failback ms"
stats heal "heal -> failback ms"
stats heal_settled "heal -> settled (+1 s check) ms"
if [ -s "$WORK/anomalies" ]; then
  echo "== anomalies (mesh bugs)"
  cat "$WORK/anomalies"
fi
