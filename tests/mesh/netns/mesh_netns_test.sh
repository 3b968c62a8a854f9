#!/usr/bin/env bash
# mesh_netns_test.sh BUILD_DIR SOURCE_DIR
#
# Mesh failure scenarios over a real (virtual) network: three lume-nodes in
# their own network namespaces on one bridge, a movable `probe` ticker that
# sends `lume-tick NODE EPOCH SEQ` every 10 ms to a listener on the bridge
# (netns_lib.sh has the topology); each node also serves a pinned name,
# `heartbeat-NODE`, whose reachability from a peer is checked after a node
# returns on the connection it had. A movable `director` cuts every 2-3
# beats as OSC to a second listener (scenario 7: kill -9 of its host
# mid-song). Scenario 8 cuts one link only (mac1-k11, nft): no second host,
# and the successor restores the third node's newer checkpoint. Exits 77
# (SKIP) without root or `ip netns`. About 60 s.
#
# A scenario during which two nodes that the scenario leaves alone suspect
# each other (the host stalled: CPU starvation on a loaded machine) is
# inconclusive: it is reported as DISTURBED and run once more.
# Invariants beyond the issue's assertions (no epoch used by two nodes, no
# epoch going backwards, no state lost on a restart) print "BUG:" lines;
# LUME_NETNS_STRICT=1 makes them fail the test.
# LUME_NETNS_KEEP=1 keeps the logs (they are always kept on failure).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=netns_lib.sh
source "$HERE/netns_lib.sh"
netns_init "$@"

summary() {
  echo "$*" >> "$WORK/summary"
  say "$*"
}

bug() {
  summary "BUG: $*"
  [ -z "${LUME_NETNS_STRICT:-}" ] || fail "$*"
}

# Transitions worth a look over [FROM_US, TO_US): senders, who interleaved,
# and epochs that two nodes used.
transitions() { # FROM_US TO_US LABEL
  local s
  s=$(ticks senders "$1" "$2" | awk '{printf "%s%s/%s(seq %s..%s)", sep, $1, $2, $6, $7; sep=" "}')
  say "  $3 senders: $s"
  s=$(ticks overlaps "$1" "$2" | tr '\n' ';')
  [ -z "$s" ] || say "  $3 interleaved senders (transient): $s"
  s=$(ticks dup-epochs "$1" | tr '\n' ';')
  [ -z "$s" ] || bug "$3: one epoch used by two nodes (epoch nodes): $s"
  s=$(ticks regressions "$1" | tr '\n' ';')
  [ -z "$s" ] || bug "$3: an incarnation started with an epoch below one already used: $s"
}

reaches() { # FROM NAME HOST LABEL: a message sent at FROM to NAME reaches HOST
  local from=$1 name=$2 host=$3 label=$4 tracer sent
  # The tracer must be in place before the send: on a loaded box a REPL can
  # take most of a second to connect, so the window is generous.
  timeout 5 ip netns exec "${NS[$host]}" "$REPL_BIN" "127.0.0.1:$INSPECT_PORT" \
    -c "trace $name 1 3" --json > "$WORK/trace" 2> /dev/null &
  tracer=$!
  sleep 1
  sent=$(timeout 2 ip netns exec "${NS[$from]}" "$REPL_BIN" "127.0.0.1:$INSPECT_PORT" \
    -c "send $name {\"type\":\"music_params\",\"origin_us\":1,\"values\":{}}" 2>&1)
  wait "$tracer"
  grep -q 'music_params' "$WORK/trace" ||
    fail "$label: $from's message to $name ($sent) did not reach $host: $(cat "$WORK/trace")"
}

seq_near() { # NEW OLD: the new incarnation resumed within 5 ticks of the old one
  [ -n "$2" ] && [ "$1" -ge $(($2 - 5)) ] && [ "$1" -le $(($2 + 3)) ]
}

# ---------------------------------------------------------------- 1
scenario_1() {
  settled mac1 20000 "1 (mesh forms)"
  local form_ms rows
  form_ms=$(ms_since "$T_START")
  rows=$(actor_rows k11 actors probe)
  [ "$rows" = "mac1:running" ] || fail "1 (mesh forms): k11's 'actors' lists probe as '$rows', expected mac1:running"
  summary "1 mesh forms: all up, probe on mac1 (epoch $EPOCH) ${form_ms} ms after start"
}

# ---------------------------------------------------------------- 2 and 3
scenario_2_3() {
  local e_old=$EPOCH t_cut t_heal e_k11 senders
  t_cut=$(now_us)
  cut mac1
  resumed "$t_cut" mac1 "$e_old" k11 3 || fail "2 (cut mac1): probe did not resume on k11 within 3 s"
  e_k11=$NEW_EPOCH
  seq_near "$NEW_SEQ" "$OLD_SEQ" \
    || fail "2 (cut mac1): k11 resumed at seq $NEW_SEQ, mac1's last was ${OLD_SEQ:-none} (want within 5 ticks)"
  expect_view k11 2000 "2 (cut mac1)" mac1=down maj=1 act=probe
  expect_view mac5 2000 "2 (cut mac1)" mac1=down maj=1 k11.act=probe
  expect_view mac1 2000 "2 (cut mac1)" maj=0 act=- k11=down mac5=down
  no_local_probe mac1 || fail "2 (cut mac1): mac1 still runs a probe incarnation in a minority"
  senders=$(ticks senders "$NEW_T" "$(now_us)" | awk '{print $1 "/" $2}' | tr '\n' ' ')
  [ "$senders" = "k11/$e_k11 " ] || fail "2 (cut mac1): senders after the failover: $senders(want k11/$e_k11 only)"
  summary "2 link cut mac1: probe on k11 (epoch $e_old -> $e_k11, seq $OLD_SEQ -> $NEW_SEQ)" \
    "cut->resume ${RESUME_MS} ms (goal < 500), state lost ${LOST_MS} ms; mac1 in a minority, stopped"
  [ "$RESUME_MS" -lt 1000 ] || fail "2 (cut mac1): cut->resume took ${RESUME_MS} ms (limit 1000, goal 500)"

  t_heal=$(now_us)
  heal mac1
  resumed "$t_heal" k11 "$e_k11" mac1 20 || fail "3 (heal mac1): probe did not fail back to mac1 within 20 s"
  local back_ms=$RESUME_MS back_epoch=$NEW_EPOCH
  settled mac1 20000 "3 (heal mac1)"
  [ "$EPOCH" -gt "$e_k11" ] || fail "3 (heal mac1): mac1 hosts epoch $EPOCH, not above k11's $e_k11"
  summary "3 heal mac1: failback to mac1 (epoch $e_k11 -> $back_epoch, settled at $EPOCH)" \
    "heal->failback ${back_ms} ms, heal->settled with one sender $(ms_since "$t_heal") ms"
  transitions "$t_heal" "$(now_us)" "3"
}

# ---------------------------------------------------------------- 4
scenario_4() {
  local e_old=$EPOCH t_stop t_cont e_k11
  t_stop=$(now_us)
  kill -STOP "${PID[mac1]}"
  resumed "$t_stop" mac1 "$e_old" k11 3 || fail "4 (SIGSTOP mac1): probe did not resume on k11 within 3 s"
  e_k11=$NEW_EPOCH
  expect_view k11 2000 "4 (SIGSTOP mac1)" mac1=down maj=1 act=probe
  expect_view mac5 2000 "4 (SIGSTOP mac1)" mac1=down maj=1 k11.act=probe
  summary "4 SIGSTOP mac1: probe on k11 (epoch $e_old -> $e_k11, seq $OLD_SEQ -> $NEW_SEQ)" \
    "stop->resume ${RESUME_MS} ms, state lost ${LOST_MS} ms"
  [ "$RESUME_MS" -lt 750 ] || fail "4 (SIGSTOP mac1): stop->resume took ${RESUME_MS} ms (want ~500)"
  sleep 0.5
  t_cont=$(now_us)
  kill -CONT "${PID[mac1]}"
  resumed "$t_cont" k11 "$e_k11" mac1 10 || fail "4 (SIGCONT mac1): probe did not fail back to mac1 within 10 s"
  local back_ms=$RESUME_MS
  settled mac1 10000 "4 (SIGCONT mac1)"
  summary "4 SIGCONT mac1: failback to mac1 (epoch $EPOCH) cont->failback ${back_ms} ms," \
    "cont->settled with one sender $(ms_since "$t_cont") ms"
  transitions "$t_cont" "$(now_us)" "4"
  reaches k11 heartbeat-mac1 mac1 "4 (SIGCONT mac1)"
}

# ---------------------------------------------------------------- 5
scenario_5() {
  local e_host=$EPOCH t_cut t_heal down_ms senders
  t_cut=$(now_us)
  cut mac5
  expect_view mac1 2000 "5 (cut mac5)" mac5=down maj=1 act=probe
  expect_view k11 2000 "5 (cut mac5)" mac5=down maj=1 act=- mac1.act=probe
  expect_view mac5 2000 "5 (cut mac5)" maj=0 act=- mac1=down k11=down
  down_ms=$(ms_since "$t_cut")
  no_local_probe mac5 || fail "5 (cut mac5): mac5 runs a probe incarnation in a minority"
  sleep 0.3
  t_heal=$(now_us)
  heal mac5
  settled mac1 20000 "5 (heal mac5)"
  senders=$(ticks senders "$t_cut" "$(now_us)" | awk '{print $1 "/" $2}' | tr '\n' ' ')
  [ "$senders" = "mac1/$e_host " ] || fail "5 (cut mac5): senders from cut to settled: $senders(want mac1/$e_host only)"
  summary "5 cut mac5 (not the host): probe stayed on mac1 epoch $e_host;" \
    "cut->mac5 isolated (seen) ${down_ms} ms, heal->settled $(ms_since "$t_heal") ms"
  # mac5 hosts nothing movable, so no hello follows its return on the
  # connection it had: names it serves must flow again all the same.
  expect_view k11 2000 "5 (heal mac5)" mac5=up
  reaches k11 heartbeat-mac5 mac5 "5 (heal mac5)"
}

# ---------------------------------------------------------------- 6
scenario_6() {
  local e_old=$EPOCH t_kill t_restart e_k11
  t_kill=$(now_us)
  kill_node mac1
  resumed "$t_kill" mac1 "$e_old" k11 3 || fail "6 (kill -9 mac1): probe did not resume on k11 within 3 s"
  e_k11=$NEW_EPOCH
  seq_near "$NEW_SEQ" "$OLD_SEQ" \
    || fail "6 (kill -9 mac1): k11 resumed at seq $NEW_SEQ, mac1's last was ${OLD_SEQ:-none}"
  expect_view k11 2000 "6 (kill -9 mac1)" mac1=down maj=1 act=probe
  summary "6 kill -9 mac1: probe on k11 (epoch $e_old -> $e_k11, seq $OLD_SEQ -> $NEW_SEQ)" \
    "kill->resume ${RESUME_MS} ms (goal 250, limit 400), state lost ${LOST_MS} ms"
  # The goal is the failover bench's figure (docs/performance.md). What the
  # runtime bounds: the peers see a kill by the closed connections or, at
  # the latest, by the 300 ms heartbeat limit. On a loaded box the killed
  # process's connections sometimes close ~290 ms after the kill (cause
  # unknown, docs/reliability.md): the limit holds, the goal does not.
  [ "$RESUME_MS" -lt 400 ] || fail "6 (kill -9 mac1): kill->resume took ${RESUME_MS} ms (limit 400, goal 250)"

  t_restart=$(now_us)
  start_node mac1
  resumed "$t_restart" k11 "$e_k11" mac1 15 || resumed "$t_restart" k11 0 mac1 1 \
    || fail "6 (restart mac1): probe did not fail back to the restarted mac1 within 15 s"
  local back_ms=$RESUME_MS
  settled mac1 15000 "6 (restart mac1)"
  summary "6 restart mac1: failback to mac1 (epoch $e_k11 -> $EPOCH, seq ${OLD_SEQ:-?} -> $NEW_SEQ)" \
    "restart->failback ${back_ms} ms"
  transitions "$t_restart" "$(now_us)" "6"
  [ "$EPOCH" -gt "$e_k11" ] \
    || bug "6 (restart mac1): the restarted mac1 runs probe with epoch $EPOCH, not above k11's $e_k11"
  seq_near "$NEW_SEQ" "$OLD_SEQ" || [ "$NEW_SEQ" -gt "${OLD_SEQ:-0}" ] \
    || bug "6 (restart mac1): the restarted mac1 began at seq $NEW_SEQ, k11's last was ${OLD_SEQ:-?} (state lost)"
}

# ---------------------------------------------------------------- 7
scenario_7() {
  local host e_old t_kill line seq_last t_last e_new seq_new beat_new t_new epochs dups k11_state
  local t0 i
  t0=$(now_us)
  for ((i = 0; i < 150; i++)); do
    host=$(director_host k11)
    [ "$host" = "mac1:running" ] && break
    sleep 0.1
  done
  [ "$host" = "mac1:running" ] || fail "7: the director runs on '$host', expected mac1:running"
  # Mid-song: the operator set the scene and the section; both landed. The
  # cut may land before the REPL returns (a beat is 0.5 s): watched from the
  # send on; a cue of what already plays answers "already" and cuts nothing.
  local t_cue answer
  t_cue=$(now_us)
  answer=$(repl mac1 'send director {"type":"director_cue","kind":"scene","value":"storm","rule":"beat"}')
  [[ "$answer" == *'"ok":true'* ]] || fail "7: the director did not take the scene cue: '$answer'"
  if [[ "$answer" != *'"already":true'* ]]; then
    wait_cut "$t_cue" 'kind == "scene" && value == "storm"' 5 > /dev/null \
      || fail "7: the scene cue ($answer) did not reach the cuts listener"
  fi
  t_cue=$(now_us)
  answer=$(repl mac1 'send director {"type":"director_cue","kind":"section","value":"drop","rule":"beat"}')
  [[ "$answer" == *'"ok":true'* ]] || fail "7: the director did not take the section cue: '$answer'"
  if [[ "$answer" != *'"already":true'* ]]; then
    wait_cut "$t_cue" 'kind == "section" && value == "drop"' 5 > /dev/null \
      || fail "7: the section cue ($answer) did not reach the cuts listener"
  fi
  line=$(wait_cut "$(now_us)" 'kind == "camera"' 5) || fail "7: no camera cut from mac1"
  e_old=${line%% *}
  sleep 0.3
  t_kill=$(now_us)
  kill_node mac1
  line=$(awk -v e="$e_old" "$CUT_AWK"' epoch == e { l = sprintf("%d %.0f", seq, t) } END { print l }' "$CUT_LOG")
  read -r seq_last t_last <<< "$line"
  line=$(wait_cut "$t_kill" "epoch > $e_old" 5) || fail "7 (kill -9 mac1): no cut from a survivor within 5 s"
  read -r e_new seq_new beat_new t_new _ <<< "$line"
  sleep 3
  # One epoch at a time: after the first cut of the new epoch, only it.
  epochs=$(awk -v s="$t_new" "$CUT_AWK"' t >= s { print epoch }' "$CUT_LOG" | sort -u | tr '\n' ' ')
  [ "$epochs" = "$e_new " ] || fail "7 (kill -9 mac1): epochs after the failover: $epochs(want $e_new only)"
  # No seq twice in this scenario. (A planned move, as in scenario 6's
  # failback, may put a pending decision on the wire once per epoch, from
  # the old host's quantizer and the successor's; consumers keep one.)
  dups=$(awk -v s="$t0" "$CUT_AWK"' t >= s { n[seq]++ } END { for (q in n) if (n[q] > 1) printf "%s ", q }' "$CUT_LOG")
  [ -z "$dups" ] || fail "7 (kill -9 mac1): seqs sent twice: $dups"
  [ "$seq_new" -gt "$seq_last" ] || [ "$seq_new" -eq "$seq_last" ] \
    || fail "7 (kill -9 mac1): the survivor went back to seq $seq_new (mac1's last $seq_last)"
  host=$(director_host k11)
  k11_state=$(repl "${host%%:*}" "inspect director")
  [[ "$k11_state" == *'"scene":"storm"'* && "$k11_state" == *'"section":"drop"'* ]] \
    || fail "7 (kill -9 mac1): scene or section changed on $host: $k11_state"
  summary "7 kill -9 mac1 mid-song: director on $host (epoch $e_old -> $e_new, seq $seq_last -> $seq_new)," \
    "kill->next cut $(((t_new - t_kill) / 1000)) ms, last cut->next $(((t_new - t_last) / 1000)) ms" \
    "(cadence 1-1.5 s), no seq twice, scene storm and section drop kept"
}

# ---------------------------------------------------------------- 8
# Only the link between mac1 and k11 fails (nft on the bridge): k11 calls
# mac1 down, but mac5 still sees mac1 host the probe and relays its claim,
# so k11 must not start a second probe (both k11 and mac1 are in a
# majority with mac5). mac1's checkpoints now reach mac5 only: when mac1
# dies, k11 must take over from mac5's newer copy, not from its own.
scenario_8() {
  local t_cut t_kill e_mac1 senders
  running mac1 || start_node mac1
  settled mac1 20000 "8 (restart mac1)"
  e_mac1=$EPOCH
  t_cut=$(now_us)
  link_cut mac1 k11
  expect_view k11 2000 "8 (cut mac1-k11)" mac1=down mac5=up maj=1
  sleep 1.5
  senders=$(ticks senders "$t_cut" "$(now_us)" | awk '{printf "%s/%s ", $1, $2}')
  [ "$senders" = "mac1/$e_mac1 " ] \
    || fail "8 (cut mac1-k11): probe senders $senders(want mac1/$e_mac1 only)"
  no_local_probe k11 || fail "8 (cut mac1-k11): k11 runs a second probe"
  t_kill=$(now_us)
  kill_node mac1
  resumed "$t_kill" mac1 "$e_mac1" k11 3 || fail "8 (kill -9 mac1): probe did not resume on k11 within 3 s"
  seq_near "$NEW_SEQ" "$OLD_SEQ" \
    || fail "8 (kill -9 mac1): k11 resumed at seq $NEW_SEQ, mac1's last was ${OLD_SEQ:-none} (not from mac5's newer checkpoint)"
  nft_clear
  summary "8 link mac1-k11 cut 1.5 s: one probe (mac1/$e_mac1); kill -9 mac1: probe on k11" \
    "(epoch $NEW_EPOCH, seq $OLD_SEQ -> $NEW_SEQ) from mac5's checkpoint, kill->resume ${RESUME_MS} ms"
}

# run NAME FAULTED_NODE FUNCTION: in a subshell (fail exits it); once more
# if the host stalled during the scenario.
run() {
  local name=$1 faulted=$2 fn=$3 attempt since rc d
  for attempt in 1 2; do
    since=$(wall_now)
    (
      load_pids
      EPOCH=$(ticks current | awk '{print $2}')
      "$fn"
    )
    rc=$?
    load_pids
    [ $rc = 0 ] && return 0
    if d=$(disturbed "$since" "$faulted"); then
      summary "DISTURBED: scenario $name, the host stalled ($d); running it once more"
      reset_mesh
      continue
    fi
    echo "FAIL: scenario $name (see above)"
    exit 1
  done
  echo "FAIL: scenario $name was disturbed twice by host stalls"
  exit 1
}

T_START=$(now_us)
: > "$WORK/summary"
for n in "${NODES[@]}"; do start_node "$n"; done
run 1 none scenario_1
run "2+3" mac1 scenario_2_3
run 4 mac1 scenario_4
run 5 mac5 scenario_5
run 6 mac1 scenario_6
run 7 mac1 scenario_7
if nft_init; then
  run 8 mac1 scenario_8
else
  summary "SKIP: scenario 8 needs nft (Debian nftables)"
fi
echo "== summary"
cat "$WORK/summary"
echo "PASS: mesh netns scenarios 1-8 ($(grep -c '^BUG' "$WORK/summary") BUG lines, total $(ms_since "$T_START") ms)"
