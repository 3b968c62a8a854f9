#!/usr/bin/env bash
# director_failover_bench.sh BUILD_DIR SOURCE_DIR [ROUNDS]
#
# Failover of the director mid-song, ROUNDS times (default 5), on the netns
# topology of mesh_netns_test.sh (three nodes, Link on, the director cutting
# every 2-3 beats at 120 BPM, its OSC observed from outside): kill -9 of the
# director's host mac1, then restart it and let the director fail back.
# Per round: time from the kill to the survivor's first cut; the beats
# between the last cut before and the first after (the cadence is 2-3);
# decisions lost (seqs between the two never on the wire: a cut whose beat
# came during the failover); seqs on the wire twice (goal 0). Exits 77
# (SKIP) without root or `ip netns`. About 15 s a round.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=netns_lib.sh
source "$HERE/netns_lib.sh"
BENCH_USAGE=" [ROUNDS]"
ROUNDS=${3:-5}
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] && [ "$ROUNDS" -le 50 ] || { echo "FAIL: ROUNDS must be 1..50"; exit 2; }
netns_init "$@"

wait_director_on() { # NODE TIMEOUT_S
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [ "$(director_host k11)" = "$1:running" ] && [ "$(director_host mac5)" = "$1:running" ] && return 0
    sleep 0.1
  done
  return 1
}

round() {
  local r=$1 line e_old t_kill seq_last t_last beat_last e_new seq_new beat_new t_new lost dups
  load_pids
  wait_director_on mac1 20 || fail "round $r: the director is not on mac1"
  line=$(wait_cut "$(now_us)" 'kind == "camera"' 5) || fail "round $r: no cut from mac1"
  e_old=${line%% *}
  # Somewhere in the cadence, not right after a cut.
  sleep "0.$((RANDOM % 9 + 1))"
  t_kill=$(now_us)
  kill_node mac1
  line=$(wait_cut "$t_kill" "epoch > $e_old" 5) || fail "round $r: no cut from a survivor within 5 s"
  read -r e_new seq_new beat_new t_new _ <<< "$line"
  read -r seq_last t_last <<< "$(awk -v e="$e_old" "$CUT_AWK"' epoch == e { l = sprintf("%d %.0f", seq, t) } END { print l }' "$CUT_LOG")"
  sleep 2
  lost=$(awk -v a="$seq_last" -v b="$seq_new" "$CUT_AWK"' { seen[seq] = 1 }
    END { n = 0; for (q = a + 1; q < b; q++) if (!(q in seen)) n++; print n }' "$CUT_LOG")
  dups=$(awk -v s="$((t_kill - 5000000))" "$CUT_AWK"' t >= s { n[seq]++ } END { d = 0; for (q in n) if (n[q] > 1) d++; print d }' "$CUT_LOG")
  printf '%s %s\n' kill "$(((t_new - t_kill) / 1000))" gap "$(((t_new - t_last) / 1000))" \
    lost "$lost" dups "$dups" >> "$WORK/results"
  say "round $r: epoch $e_old -> $e_new, kill->next cut $(((t_new - t_kill) / 1000)) ms," \
    "last cut -> next $(((t_new - t_last) / 1000)) ms, seq $seq_last -> $seq_new, lost $lost, twice $dups"
  start_node mac1
  wait_director_on mac1 20 || fail "round $r: the director did not fail back to mac1"
  settled mac1 20000 "round $r (restart)"
}

stats() { # KEY LABEL
  awk -v k="$1" '$1 == k { print $2 }' "$WORK/results" | sort -n | awk -v name="$2" \
    '{a[NR]=$1; s+=$1} END {if (NR) printf "%-34s p50 %6d  max %6d  sum %d (n=%d)\n", name, a[int((NR+1)/2)], a[NR], s, NR}'
}

T_START=$(now_us)
: > "$WORK/results"
for n in "${NODES[@]}"; do start_node "$n"; done
settled mac1 20000 "start"
for ((r = 1; r <= ROUNDS; r++)); do
  (round "$r") || { echo "FAIL: round $r"; exit 1; }
  load_pids
done
echo "== director failover bench: $ROUNDS rounds, $(ms_since "$T_START") ms, 120 BPM (a beat is 500 ms)"
stats kill "kill -9 -> survivor's next cut ms"
stats gap "last cut -> next cut ms"
stats lost "decisions lost (never sent)"
stats dups "seqs on the wire twice"
