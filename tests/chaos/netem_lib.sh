# shellcheck shell=bash
# Delay and reordering faults for chaos_test.sh (sourced, not run; needs
# netns_lib.sh's NODES, NS, ADDR, WORK, BUILD). This kernel has no netem:
# iptables (iptables-nft) sends a node's traffic to and from its mesh peers
# to NFQUEUE queue NETEM_QUEUE inside the node's namespace, and lume-netem
# (tests/chaos/netem_queue.cpp) holds each packet there and lets it go when
# due. Only traffic between nodes: what a node sends the listeners on the
# bridge (10.77.0.254) is never delayed. --queue-bypass: if lume-netem is
# gone, packets pass.

NETEM_QUEUE=1
NETEM_PID=
NETEM_LOG=
NETEM_RUNS=0
# Kernel netem runs in softirq, ahead of every task; lume-netem gets a
# real-time priority where chrt works (else the nodes' PRIO): niced and
# starved at load 30 it held packets up to 200 ms past their time.
NETEM_PRIO=("${PRIO[@]}")
chrt -r 20 true 2> /dev/null && NETEM_PRIO=(chrt -r 20)
NETEM_WHY=

netem_rules() { # NODE -A|-D: the rules, as iptables-restore input
  local n=$1 op=$2 peers= o
  for o in "${NODES[@]}"; do
    [ "$o" = "$n" ] || peers="$peers${peers:+,}${ADDR[$o]}"
  done
  printf '*filter\n%s OUTPUT -d %s -j NFQUEUE --queue-num %s --queue-bypass\n%s INPUT -s %s -j NFQUEUE --queue-num %s --queue-bypass\nCOMMIT\n' \
    "$op" "$peers" "$NETEM_QUEUE" "$op" "$peers" "$NETEM_QUEUE"
}

# netem_init: 0 if delay and reorder can be injected (iptables, lume-netem
# and a queue that binds, tried in mac1's namespace), else 1 with NETEM_WHY.
netem_init() {
  NETEM_BIN=$BUILD/lume-netem
  if ! command -v iptables-restore > /dev/null; then
    NETEM_WHY="no iptables (Debian package iptables)"
  elif [ ! -x "$NETEM_BIN" ]; then
    NETEM_WHY="no $NETEM_BIN (built only with libnetfilter-queue-dev)"
  elif ! netem_rules mac1 -A | ip netns exec "${NS[mac1]}" iptables-restore -w --noflush 2> "$WORK/netem-init.err"; then
    NETEM_WHY="iptables cannot add an NFQUEUE rule: $(head -n1 "$WORK/netem-init.err")"
  elif ! netem_rules mac1 -D | ip netns exec "${NS[mac1]}" iptables-restore -w --noflush 2> "$WORK/netem-init.err"; then
    NETEM_WHY="iptables cannot delete its NFQUEUE rule: $(head -n1 "$WORK/netem-init.err")"
  elif ! netem_start mac1 --delay 1 || ! netem_stop; then
    NETEM_WHY="lume-netem cannot bind a queue: $(tail -n1 "$NETEM_LOG")"
  else
    return 0
  fi
  return 1
}

# netem_start NODE ARGS...: lume-netem on NODE's queue, until it is ready
# (its output in NETEM_LOG, one file per run).
netem_start() {
  local n=$1 i
  shift
  NETEM_RUNS=$((NETEM_RUNS + 1))
  NETEM_LOG=$WORK/netem-$NETEM_RUNS-$n.log
  # `ip netns exec` execs: $! is lume-netem itself.
  ip netns exec "${NS[$n]}" "${NETEM_PRIO[@]}" "$NETEM_BIN" --queue "$NETEM_QUEUE" "$@" > "$NETEM_LOG" 2>&1 &
  NETEM_PID=$!
  disown "$NETEM_PID" 2> /dev/null
  for ((i = 0; i < 500; i++)); do
    grep -q ' ready ' "$NETEM_LOG" 2> /dev/null && return 0
    netem_gone "$NETEM_PID" && break
    sleep 0.01
  done
  kill -KILL "$NETEM_PID" 2> /dev/null
  NETEM_PID=
  return 1
}

netem_gone() { # PID: exited (or a zombie not yet reaped)
  kill -0 "$1" 2> /dev/null || return 0
  [[ "$(cat "/proc/$1/stat" 2> /dev/null)" =~ ^[0-9]+\ \(.*\)\ Z ]]
}

# netem_stop: SIGTERM (it lets every packet it holds go), until it is gone.
# NETEM_COUNTED: its counters, or "failed: ..." (then returns 1) if it was
# gone before, hung or printed none.
netem_stop() {
  local p=$NETEM_PID i last
  NETEM_PID=
  NETEM_COUNTED=
  [ -n "$p" ] || return 0
  if netem_gone "$p"; then
    NETEM_COUNTED="failed: lume-netem (pid $p) was gone before the repair: $(tail -n1 "$NETEM_LOG")"
    return 1
  fi
  kill -TERM "$p"
  for ((i = 0; i < 300; i++)); do
    netem_gone "$p" && break
    sleep 0.01
  done
  if ! netem_gone "$p"; then
    kill -KILL "$p" 2> /dev/null
    NETEM_COUNTED="failed: lume-netem (pid $p) still ran 3 s after SIGTERM"
    return 1
  fi
  last=$(grep ' stopped ' "$NETEM_LOG")
  if [ -n "$last" ]; then
    NETEM_COUNTED=${last#* stopped }
  else
    NETEM_COUNTED="failed: lume-netem (pid $p) printed no counters: $(tail -n1 "$NETEM_LOG")"
    return 1
  fi
}

netem_install() { # NODE ARGS...: lume-netem, then the rules (one transaction)
  netem_start "$@" || fail "lume-netem $* did not start on $1: $(tail -n1 "$NETEM_LOG")"
  netem_rules "$1" -A | ip netns exec "${NS[$1]}" iptables-restore -w --noflush \
    || fail "cannot add the NFQUEUE rules on $1"
}

netem_repair() { # NODE: lume-netem stopped (it lets go what it holds), rules deleted; NETEM_COUNTED
  netem_stop
  netem_rules "$1" -D | ip netns exec "${NS[$1]}" iptables-restore -w --noflush \
    || fail "cannot delete the NFQUEUE rules on $1"
}
