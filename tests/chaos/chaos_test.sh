#!/usr/bin/env bash
# chaos_test.sh BUILD_DIR SOURCE_DIR [--duration SECONDS] [--seed N] [--kinds K,K...]
#               [--goal-kill MS]
#
# Chaos under load: the three nodes of tests/mesh/netns (mac1, k11, mac5 in
# network namespaces on one bridge; netns_lib.sh) with the movable probe
# ticker, director and session, a quantizer on every node, and on k11 the
# simulated performer (sim-mocopi, sim-phone, sim-audio, sim-depth) feeding
# the sensors, the features and the mapper, whose params reach the director.
# A driver injects one fault at a time, drawn from shuffled decks seeded by
# --seed (printed first: `--seed N` replays the same faults in the same
# order, on the same nodes, with the same holds), a process fault (kill9,
# stop, actor) and a network fault (the others) in turn:
#   kill9      kill -9 of a node, restarted after a hold
#   stop       SIGSTOP of a node, SIGCONT after a hold
#   cut        a node's link down (no FIN, no RST), up after a hold
#   loss       10-40% random loss both ways on a node's link (nft numgen)
#   partition  a node cut off from its two peers (nft), the listeners still
#              hear both sides: the minority must stop on its own
#   delay      20-150 ms +- up to 50 % jitter on what a node and its peers
#              send each other, both ways (iptables NFQUEUE and lume-netem,
#              netem_lib.sh: this kernel has no netem)
#   reorder    10-40 ms of delay, 25-50 % of the packets let through at once
#   actor      `kill NAME` through the REPL of a random node
# Between faults the operator advances the session (`session next`).
# A sampler asks every node `inspect session` each second (a node that does
# not answer hangs) and reads each node's VmRSS.
# At the end tests/chaos/chaos_report.py reads the listeners' logs, the
# fault log and the samples and asserts: gaps per fault kind within the
# failover goal, a partition's minority stops, the session never goes
# backwards, no two directors after a heal, no crash, no hang, RSS bounded.
# Exits 77 (SKIP) without root, `ip netns` or `nft`; without iptables or
# lume-netem it says so once and deals the other kinds. Known runtime bugs are
# printed as BUG lines; LUME_NETNS_STRICT=1 makes them fail.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NETNS=$HERE/../mesh/netns
BUILD_ARG=${1:-}
SRC_ARG=${2:-}
shift 2 2> /dev/null || true
DURATION=30
ONLY_KINDS=
GOAL_KILL=250
SEED=$(($(date +%s%N) / 1000 % 1000000))
while [ $# -gt 0 ]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --kinds) ONLY_KINDS=$2; shift 2 ;;
    --goal-kill) GOAL_KILL=$2; shift 2 ;;
    *) echo "usage: $0 BUILD_DIR SOURCE_DIR [--duration SECONDS] [--seed N] [--kinds K,K...] [--goal-kill MS]" >&2; exit 2 ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+$ && "$SEED" =~ ^[0-9]+$ && "$GOAL_KILL" =~ ^[0-9]+$ ]] \
  || { echo "--duration, --seed and --goal-kill take integers" >&2; exit 2; }
echo "chaos: seed $SEED (replay: --seed $SEED), duration $DURATION s"
RANDOM=$SEED

# shellcheck source=../mesh/netns/netns_lib.sh
source "$NETNS/netns_lib.sh"
# shellcheck source=netem_lib.sh
source "$HERE/netem_lib.sh"

# The session everywhere (movable); the performer and the sensing half on k11.
netns_extra_actors() {
  cat << EOF
  { name = "session", kind = "session", supervisor = "root",
    placement = "movable", nodes = ["mac1", "k11", "mac5"],
    options = { autostart = true, quantize = "bar", subscribers = ["director"],
      record-folder = "$WORK/recordings-$1", songs = [
      { name = "aurora", tempo = 120.0, scenes = ["calm", "storm"], sections = [
          { name = "intro", scene = "calm", code = "note(\"c3\")" },
          { name = "drop", scene = "storm", code = "note(\"c1*4\")" } ] },
      { name = "tidal", tempo = 120.0, scenes = ["calm", "storm"], sections = [
          { name = "intro", scene = "calm", code = "note(\"a2\")" },
          { name = "drop", scene = "storm", code = "note(\"a0*4\")" } ] } ] } },
EOF
  [ "$1" = k11 ] || return 0
  cat << EOF
  { name = "sensing", kind = "supervisor", supervisor = "root", strategy = "one_for_one",
    intensity = 5, period = 5s },
  { name = "mocopi", kind = "mocopi", supervisor = "sensing",
    options = { address = "127.0.0.1", port = 12351, subscribers = ["motion-features"] } },
  { name = "phone", kind = "phone", supervisor = "sensing",
    options = { address = "127.0.0.1", port = 9703, subscribers = ["motion-features"] } },
  { name = "audio", kind = "audio", supervisor = "sensing",
    options = { address = "127.0.0.1", port = 9701, subscribers = ["audio-features"] } },
  { name = "depth", kind = "depth", supervisor = "sensing",
    options = { address = "127.0.0.1", port = 9700, subscribers = ["depth-features"] } },
  { name = "motion-features", kind = "motion-features", supervisor = "sensing",
    options = { subscribers = ["mapper", "director"] } },
  { name = "audio-features", kind = "audio-features", supervisor = "sensing",
    options = { subscribers = ["mapper", "director"] } },
  { name = "depth-features", kind = "depth-features", supervisor = "sensing",
    options = { subscribers = ["mapper", "director"] } },
  { name = "mapper", kind = "mapper", supervisor = "sensing",
    options = { targets = ["$LISTEN_ADDR:$((LISTEN_PORT + 2))"], subscribers = ["director"], rate = 50,
                params = {
      energy = { feature = "motion.energy_j", in = "auto", min-span = 0.2, curve = "log",
                 steepness = 2.0, smoothing = 80ms },
      tension = { feature = "motion.chest_flex_deg", in = "auto", min-span = 10.0, neutral = true,
                  curve = "smoothstep", smoothing = 150ms },
      shake = { feature = "phone.shake_energy", in = "auto", min-span = 20.0, smoothing = 100ms },
      pan = { feature = "depth.centroid_x", in = [0.2, 0.8], out = [-1.0, 1.0], smoothing = 200ms },
      level = { feature = "audio.mix_dbfs", in = [-60.0, 0.0], smoothing = 100ms } } } },
  { name = "simulators", kind = "supervisor", supervisor = "root", strategy = "one_for_one",
    intensity = 5, period = 5s },
  { name = "sim-mocopi", kind = "sim-mocopi", supervisor = "simulators",
    options = { target = "127.0.0.1:12351", fps = 50 } },
  { name = "sim-phone", kind = "sim-phone", supervisor = "simulators",
    options = { target = "127.0.0.1:9703", rate = 100 } },
  { name = "sim-audio", kind = "sim-audio", supervisor = "simulators",
    options = { target = "127.0.0.1:9701", block = 1024 } },
  { name = "sim-depth", kind = "sim-depth", supervisor = "simulators",
    options = { target = "127.0.0.1:9700", fps = 15, width = 320, height = 288 } },
EOF
}

netns_init "$BUILD_ARG" "$SRC_ARG"
nft_init || skip "no 'nft' (Debian package nftables) or no nf_tables bridge support"
PROCESS_KINDS=(kill9 stop actor)
NETWORK_KINDS=(cut loss partition delay reorder)
if ! netem_init; then
  say "SKIP delay and reorder faults: $NETEM_WHY"
  NETWORK_KINDS=(cut loss partition)
fi
if [ -n "$ONLY_KINDS" ]; then # --kinds: only these (both decks filtered)
  only() { # DECK: DECK (an array's name) without the kinds --kinds leaves out
    local -n kinds=$1
    local k kept=()
    for k in "${kinds[@]}"; do [[ ",$ONLY_KINDS," == *",$k,"* ]] && kept+=("$k"); done
    kinds=("${kept[@]}")
  }
  only PROCESS_KINDS
  only NETWORK_KINDS
  [ $((${#PROCESS_KINDS[@]} + ${#NETWORK_KINDS[@]})) -gt 0 ] \
    || { echo "--kinds $ONLY_KINDS: none of kill9 stop actor cut loss partition delay reorder (or not available here)" >&2; exit 2; }
fi
REPORT=$HERE/chaos_report.py
FAULTS=$WORK/faults.log
SAMPLES=$WORK/samples.log
: > "$FAULTS"
: > "$SAMPLES"
SAMPLER_PID=

# A fault is logged once in place (an `ip` or `nft` run takes a while on a
# loaded host), a kill before its signal; a repair before it begins: what
# follows it is the repair's.
event() { # KIND PHASE NODE DETAIL...: one line of the fault log
  echo "$(now_us) $*" >> "$FAULTS"
  say "$*"
}

ask() { # NODE COMMAND: "RC OUTPUT" of the REPL (RC 124: no answer in 5 s)
  local out rc
  out=$(timeout 5 ip netns exec "${NS[$1]}" "$REPL_BIN" "127.0.0.1:$INSPECT_PORT" -c "$2" --json 2>&1)
  rc=$?
  echo "$rc ${out//$'\n'/ }"
}

# Every second: each node's VmRSS and its answer to `inspect session`
# (asked in parallel; a node that does not answer within 5 s is noted).
# Lines: T_US rss NODE PID KB | T_US gone NODE PID |
#        T_ASK T_ANSWER session NODE PID RC ANSWER
sampler() {
  local n p t kb
  while :; do
    for n in "${NODES[@]}"; do
      p=$(cat "$WORK/pid-$n" 2> /dev/null) || continue
      [ -n "$p" ] || continue
      t=$(now_us)
      if [ ! -e "/proc/$p" ] || [[ "$(cat "/proc/$p/stat" 2> /dev/null)" =~ ^[0-9]+\ \(.*\)\ Z ]]; then
        echo "$t gone $n $p" >> "$SAMPLES"
        continue
      fi
      kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2> /dev/null)
      [ -n "$kb" ] && echo "$t rss $n $p $kb" >> "$SAMPLES"
      # A stopped node cannot answer: not asked.
      [[ "$(cat "/proc/$p/stat" 2> /dev/null)" =~ ^[0-9]+\ \(.*\)\ T ]] && continue
      (
        a=$(ask "$n" "inspect session")
        echo "$t $(now_us) session $n $p $a" >> "$SAMPLES"
      ) &
    done
    wait
    sleep 1
  done
}

hold() { # MIN_MS MAX_MS: sleeps a random time in between
  local ms=$(($1 + RANDOM % ($2 - $1 + 1)))
  sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
}

# Called in the driver's shell, never in $(...): a subshell draws from a
# freshly seeded RANDOM, which --seed would not replay.
pick_node() { # PICKED: the probe's and director's home (mac1) half the time
  case $((RANDOM % 4)) in 0 | 1) PICKED=mac1 ;; 2) PICKED=k11 ;; *) PICKED=mac5 ;; esac
}

# Back to normal after a repair: every node sees every node up (or the
# recovery is noted as failed; the report fails the run on it).
# The wait ends 20 s after the repair, or 10 s after the run's end.
recovered() { # KIND NODE
  local n ms
  ms=$(((T_END + 10000000 - $(now_us)) / 1000))
  [ "$ms" -lt 20000 ] || ms=20000
  [ "$ms" -gt 1000 ] || ms=1000
  for n in "${NODES[@]}"; do
    if ! wait_view "$n" "$ms" mac1=up k11=up mac5=up maj=1; then
      event "$1" unrecovered "$2" "$n's view is '$LAST_VIEW' $ms ms after the repair"
      return 1
    fi
  done
  event "$1" recovered "$2"
}

# A waiter on a pidfd for PID's exit, started (and ready) before the kill:
# it writes the CLOCK_MONOTONIC µs of the exit (now_us's clock) to
# $WORK/exit-wait; exited_after T_KILL prints the µs from T_KILL (-1 if
# it could not wait).
EXIT_WAIT='import os, select, sys, time
fd = os.pidfd_open(int(sys.argv[1]))
out = open(sys.argv[2], "w", buffering=1)
out.write("ready\n")
ready, _, _ = select.select([fd], [], [], 5.0)
out.write(f"{time.monotonic_ns() // 1000 if ready else -1}\n")'
exit_waiter() { # PID
  local i
  : > "$WORK/exit-wait"
  "$PY" -S -c "$EXIT_WAIT" "$1" "$WORK/exit-wait" 2> /dev/null &
  EXIT_WAITER=$!
  for ((i = 0; i < 500; i++)); do
    grep -q ready "$WORK/exit-wait" 2> /dev/null && return
    sleep 0.01
  done
}
exited_after() { # T_KILL
  local t
  wait "$EXIT_WAITER" 2> /dev/null
  t=$(sed -n 2p "$WORK/exit-wait" 2> /dev/null)
  if [[ "$t" =~ ^[0-9]+$ ]]; then echo $((t - $1)); else echo -1; fi
}

ACTORS=(probe director session mapper motion-features mocopi quantizer)
fault() { # KIND
  local kind=$1 n detail
  pick_node
  n=$PICKED
  case $kind in
    kill9)
      event kill9 start "$n" "pid ${PID[$n]}"
      exit_waiter "${PID[$n]}"
      local t_kill
      t_kill=$(now_us)
      kill_node "$n"
      # Its last thread was gone (a zombie) after this long: the kernel
      # closes its sockets then, and the peers see the connections close.
      event kill9 exited "$n" "after $(exited_after "$t_kill") us"
      hold 500 3000
      event kill9 end "$n"
      start_node "$n" ;;
    stop)
      event stop start "$n" "pid ${PID[$n]}"
      kill -STOP "${PID[$n]}"
      hold 400 2000
      event stop end "$n"
      kill -CONT "${PID[$n]}" ;;
    cut)
      cut "$n"
      event cut start "$n"
      hold 500 3000
      event cut end "$n"
      heal "$n" ;;
    loss)
      local pct=$((10 + RANDOM % 31))
      loss "$n" "$pct"
      event loss start "$n" "$pct%"
      hold 1500 4000
      event loss end "$n"
      nft_clear ;;
    partition)
      partition "$n"
      event partition start "$n"
      hold 1000 3000
      event partition end "$n"
      nft_clear ;;
    delay | reorder)
      local ms jitter pct args
      if [ "$kind" = delay ]; then
        ms=$((20 + RANDOM % 131))
        jitter=$((RANDOM % (ms / 2 + 1)))
        args=(--delay "$ms" --jitter "$jitter")
        detail="$ms ms, jitter $jitter ms"
      else
        ms=$((10 + RANDOM % 31))
        pct=$((25 + RANDOM % 26))
        args=(--delay "$ms" --reorder "$pct")
        detail="$ms ms, $pct% at once"
      fi
      netem_install "$n" "${args[@]}" --seed "$RANDOM"
      event "$kind" start "$n" "$detail"
      hold 1500 4000
      event "$kind" end "$n"
      netem_repair "$n"
      event "$kind" counted "$n" "$NETEM_COUNTED" ;;
    actor)
      local name=${ACTORS[$((RANDOM % ${#ACTORS[@]}))]} answer
      event actor start "$n" "kill $name"
      answer=$(repl "$n" "kill $name")
      event actor end "$n" "kill $name: ${answer:-no answer}" ;;
  esac
  recovered "$kind" "$n"
}

# The operator moves the session on between faults: another section, now
# and then another song. An accepted command is logged with the seq it was
# answered with: no later answer may show less.
OPERATOR_TURN=0
operator() {
  local n=${NODES[$((RANDOM % 3))]} cmd answer
  OPERATOR_TURN=$((OPERATOR_TURN + 1))
  case $((OPERATOR_TURN % 4)) in
    0) if [ $((RANDOM % 2)) = 0 ]; then cmd="goto aurora"; else cmd="goto tidal"; fi ;;
    1 | 3) cmd="section drop" ;;
    2) cmd="section intro" ;;
  esac
  answer=$(ask "$n" "session $cmd")
  if [[ "$answer" =~ ^0\ .*\"seq\":([0-9]+) ]]; then
    event operator ack "$n" "${BASH_REMATCH[1]} session $cmd"
  else
    event operator refused "$n" "session $cmd: ${answer:0:160}"
  fi
}

# Two decks, dealt in turn: a process fault, then a network fault, so that
# a short run (4-5 faults) sees both sorts. Each deck holds every kind of its
# sort once and is shuffled again when empty.
PROCESS_DECK=()
NETWORK_DECK=()
DEALT=0
shuffle() { # DECK KIND...: DECK (an array's name) holds the kinds, shuffled
  local -n deck=$1
  shift
  deck=("$@")
  local i j t
  for ((i = ${#deck[@]} - 1; i > 0; i--)); do
    j=$((RANDOM % (i + 1)))
    t=${deck[i]}; deck[i]=${deck[j]}; deck[j]=$t
  done
}
deal() { # NEXT: the next kind
  DEALT=$((DEALT + 1))
  if [ ${#NETWORK_KINDS[@]} = 0 ] || { [ $((DEALT % 2)) = 1 ] && [ ${#PROCESS_KINDS[@]} -gt 0 ]; }; then
    [ ${#PROCESS_DECK[@]} -gt 0 ] || shuffle PROCESS_DECK "${PROCESS_KINDS[@]}"
    NEXT=${PROCESS_DECK[0]}
    PROCESS_DECK=("${PROCESS_DECK[@]:1}")
  else
    [ ${#NETWORK_DECK[@]} -gt 0 ] || shuffle NETWORK_DECK "${NETWORK_KINDS[@]}"
    NEXT=${NETWORK_DECK[0]}
    NETWORK_DECK=("${NETWORK_DECK[@]:1}")
  fi
}

stop_sampler() {
  [ -n "$SAMPLER_PID" ] || return 0
  kill "$SAMPLER_PID" 2> /dev/null
  wait "$SAMPLER_PID" 2> /dev/null
  SAMPLER_PID=
}
trap 'rc=$?; stop_sampler; (exit $rc); cleanup' EXIT

T_START=$(now_us)
for n in "${NODES[@]}"; do start_node "$n"; done
settled mac1 30000 "mesh forms"
# The session plays and the director cuts before the first fault.
for ((i = 0; i < 100; i++)); do
  [[ "$(repl mac1 "inspect session")" == *'"state":"playing"'* ]] && break
  sleep 0.1
done
wait_cut "$T_START" 'kind == "camera"' 10 > /dev/null || fail "no camera cut within 10 s of the start"
event clock offset - "$OFFSET_US"
event run start - "seed $SEED duration $DURATION"
sampler &
SAMPLER_PID=$!
sleep 2
T_END=$(($(now_us) + DURATION * 1000000))
while [ "$(now_us)" -lt "$T_END" ]; do
  deal
  fault "$NEXT"
  operator
  hold 1000 2500
done
event run end -
sleep 2
stop_sampler
# The end: every node alive and answering, each movable actor once.
for n in "${NODES[@]}"; do
  kill -0 "${PID[$n]}" 2> /dev/null || fail "$n (pid ${PID[$n]}) is gone at the end"
done
for name in probe director session; do
  for ((i = 0; i < 50; i++)); do
    rows=$(actor_rows k11 actors "$name")
    [[ "$rows" =~ ^(mac1|k11|mac5):running$ ]] && break
    sleep 0.2
  done
  [[ "$rows" =~ ^(mac1|k11|mac5):running$ ]] || fail "at the end k11 lists $name as '$rows' (want one running)"
done
echo "== chaos report ($WORK)"
"$PY" -S "$REPORT" "$WORK" --goal-kill "$GOAL_KILL" --goal-cut 500
rc=$?
if [ $rc = 0 ]; then
  echo "PASS: chaos, seed $SEED, $(grep -v ' run ' "$FAULTS" | grep -c ' start ') faults in $(ms_since "$T_START") ms"
else
  echo "FAIL: chaos, seed $SEED (replay: --seed $SEED)"
fi
exit $rc
