#!/usr/bin/env bash
# failover_bench.sh BUILD_DIR SOURCE_DIR [ROUNDS]
#
# Repeats, ROUNDS times (default 10), on the netns topology of
# mesh_netns_test.sh: kill -9 of the probe's host mac1 (then restart it and
# let failback settle), and a link cut of mac1 (then heal and let failback
# settle). Prints p50/max of kill->resume, cut->resume and the state lost
# (old ticks the new incarnation replays, × 10 ms), plus failback times.
# Exits 77 (SKIP) without root or `ip netns`. About 7 s a round.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=netns_lib.sh
source "$HERE/netns_lib.sh"
ROUNDS=${3:-10}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] && [ "$ROUNDS" -le 200 ] || { echo "FAIL: ROUNDS must be 1..200"; exit 2; }
netns_init "$@"

KILL_MS=() KILL_LOST=() RESTART_MS=() CUT_MS=() CUT_LOST=() HEAL_MS=() HEAL_SETTLE_MS=()
ANOMALIES=()

stats() { # NAME VALUES...: "NAME p50 X max Y (n=N)"
  local name=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v name="$name" \
    '{a[NR]=$1} END {printf "%-28s p50 %6d  max %6d  (n=%d)\n", name, a[int((NR+1)/2)], a[NR], NR}'
}

T_START=$(now_us)
for n in "${NODES[@]}"; do start_node "$n"; done
settled mac1 15000 "start"
say "mesh formed, probe on mac1 epoch $EPOCH; $ROUNDS rounds"

for ((r = 1; r <= ROUNDS; r++)); do
  # kill -9 of the host, restart, failback
  E_OLD=$EPOCH
  T=$(now_us)
  kill_node mac1
  resumed "$T" mac1 "$E_OLD" k11 3 || fail "round $r: probe did not resume on k11 within 3 s of kill -9"
  KILL_MS+=("$RESUME_MS") KILL_LOST+=("$LOST_MS")
  k_ms=$RESUME_MS k_lost=$LOST_MS E_K11=$NEW_EPOCH
  T=$(now_us)
  start_node mac1
  resumed "$T" k11 "$E_K11" mac1 15 || resumed "$T" k11 0 mac1 1 \
    || fail "round $r: probe did not fail back to the restarted mac1 within 15 s"
  RESTART_MS+=("$RESUME_MS")
  r_ms=$RESUME_MS r_seq="${OLD_SEQ:-?} -> $NEW_SEQ"
  settled mac1 15000 "round $r (restart)"
  [ "$EPOCH" -gt "$E_K11" ] || ANOMALIES+=("round $r: restarted mac1 runs epoch $EPOCH <= k11's $E_K11 (seq $r_seq)")

  # link cut of the host, heal, failback
  E_OLD=$EPOCH
  T=$(now_us)
  cut mac1
  resumed "$T" mac1 "$E_OLD" k11 3 || fail "round $r: probe did not resume on k11 within 3 s of the cut"
  CUT_MS+=("$RESUME_MS") CUT_LOST+=("$LOST_MS")
  c_ms=$RESUME_MS c_lost=$LOST_MS E_K11=$NEW_EPOCH
  expect_view mac1 3000 "round $r (cut)" maj=0 act=-
  T=$(now_us)
  heal mac1
  resumed "$T" k11 "$E_K11" mac1 20 || fail "round $r: probe did not fail back to mac1 within 20 s of the heal"
  HEAL_MS+=("$RESUME_MS")
  h_ms=$RESUME_MS
  settled mac1 20000 "round $r (heal)"
  HEAL_SETTLE_MS+=("$(ms_since "$T")")
  say "round $r: kill->resume $k_ms ms (lost $k_lost ms), restart->failback $r_ms ms;" \
    "cut->resume $c_ms ms (lost $c_lost ms), heal->failback $h_ms ms"
done

DUPS=$(ticks dup-epochs "$LOG" | tr '\n' ';')
[ -z "$DUPS" ] || ANOMALIES+=("epochs sent by two nodes (epoch nodes): $DUPS")

echo "== failover bench, $ROUNDS rounds ($(ms_since "$T_START") ms)"
stats "kill->resume ms" "${KILL_MS[@]}"
stats "kill: state lost ms" "${KILL_LOST[@]}"
stats "cut->resume ms" "${CUT_MS[@]}"
stats "cut: state lost ms" "${CUT_LOST[@]}"
stats "restart->failback ms" "${RESTART_MS[@]}"
stats "heal->failback ms" "${HEAL_MS[@]}"
stats "heal->settled (+1 s check) ms" "${HEAL_SETTLE_MS[@]}"
if [ ${#ANOMALIES[@]} -gt 0 ]; then
  echo "== anomalies"
  printf '%s\n' "${ANOMALIES[@]}"
fi
