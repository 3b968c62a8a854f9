# Shared by mesh_netns_test.sh and failover_bench.sh (sourced, not run).
#
# Topology, all inside namespaces this script creates (nothing on the host's
# interfaces): lume-br holds the bridge br0 (10.77.0.254, the probe listener
# at :9799); lume-a/b/c hold the nodes mac1/k11/mac5 (10.77.0.1/2/3 on eth0),
# each linked to br0 by a veth pair whose bridge side is v-NODE in lume-br.
# Cutting v-NODE (link down) partitions the node with no FIN or RST.

export LC_ALL=C
NODES=(mac1 k11 mac5)
declare -A NS=([mac1]=lume-a [k11]=lume-b [mac5]=lume-c)
declare -A ADDR=([mac1]=10.77.0.1 [k11]=10.77.0.2 [mac5]=10.77.0.3)
declare -A PID=()
BR_NS=lume-br
LISTEN_ADDR=10.77.0.254
LISTEN_PORT=9799
MESH_PORT=7800
INSPECT_PORT=7700
LISTENER_PID=
WORK=
SUMMARY=()

say() { echo "[$(date +%T.%3N)] $*"; }

skip() {
  echo "SKIP: $*"
  exit 77
}

# Times are integer µs of CLOCK_MONOTONIC, the listener's clock.
now_us() {
  local r=${EPOCHREALTIME/./}
  echo $((10#$r - OFFSET_US))
}

ms_since() { # T_US -> whole ms from T_US to now
  echo $((($(now_us) - $1) / 1000))
}

ticks() { "$PY" -S "$TICKS" "$@"; }

dump_state() {
  [ -n "$WORK" ] || return 0
  local n
  for n in "${NODES[@]}"; do
    echo "--- $n: $(view "$n")"
    echo "    tree: $(repl "$n" tree)"
    echo "    inspect probe: $(repl "$n" "inspect probe")"
  done
  if [ -f "$LOG" ]; then
    local last node epoch seq t
    if last=$(ticks current "$LOG"); then
      read -r node epoch seq t <<< "$last"
      echo "--- last probe datagram: $node epoch $epoch seq $seq, $((($(now_us) - t) / 1000)) ms ago"
    fi
    echo "--- probe senders over the last 3 s (node epoch count first_t last_t first_seq last_seq):"
    ticks senders "$LOG" $(($(now_us) - 3000000)) $(($(now_us) + 1)) | sed 's/^/    /'
  fi
  for n in "${NODES[@]}"; do
    if [ -s "$WORK/node-$n.log" ]; then
      echo "--- last lines of $n's log:"
      tail -n 15 "$WORK/node-$n.log" | sed 's/^/    /'
    fi
  done
}

fail() {
  echo "FAIL: $*"
  dump_state
  exit 1
}

cleanup() {
  local rc=$?
  set +e
  local n p
  for n in "${!PID[@]}"; do
    p=${PID[$n]}
    [ -n "$p" ] || continue
    kill -CONT "$p" 2>/dev/null
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  if [ -n "$LISTENER_PID" ]; then
    kill -KILL "$LISTENER_PID" 2>/dev/null
    wait "$LISTENER_PID" 2>/dev/null
  fi
  for n in "$BR_NS" "${NS[@]}"; do
    # Only processes this script started run in these namespaces.
    for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    ip netns del "$n" 2>/dev/null
  done
  if [ -n "$WORK" ]; then
    if [ $rc -ne 0 ] || [ -n "${LUME_NETNS_KEEP:-}" ]; then
      echo "logs kept in $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit $rc
}

# netns_init BUILD_DIR SOURCE_DIR: checks, topology, configs, listener.
netns_init() {
  BUILD=${1:?usage: $0 BUILD_DIR SOURCE_DIR}
  SRC=${2:?usage: $0 BUILD_DIR SOURCE_DIR}
  NODE_BIN=$BUILD/lume-node
  REPL_BIN=$BUILD/lume-repl
  TICKS=$SRC/tests/mesh/netns/ticks.py
  [ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
  command -v ip > /dev/null || skip "no 'ip' command"
  ip netns list > /dev/null 2>&1 || skip "'ip netns' is unavailable"
  # The system interpreter when there is one: a pyenv shim costs seconds a call.
  PY=/usr/bin/python3
  [ -x "$PY" ] || PY=$(command -v python3) || skip "no python3"
  command -v flock > /dev/null || skip "no flock"
  [ -x "$NODE_BIN" ] || { echo "FAIL: $NODE_BIN is missing"; exit 1; }
  [ -x "$REPL_BIN" ] || { echo "FAIL: $REPL_BIN is missing"; exit 1; }
  [ -f "$TICKS" ] || { echo "FAIL: $TICKS is missing"; exit 1; }
  # One run at a time: the namespace names are fixed.
  exec 9> /tmp/lume-netns-test.lock
  flock -w 180 9 || { echo "FAIL: another netns mesh test holds /tmp/lume-netns-test.lock"; exit 1; }
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d /tmp/lume-netns.XXXXXX)
  LOG=$WORK/ticks.log
  : > "$LOG"
  OFFSET_US=$(ticks offset)
  make_topology
  make_configs
  ip netns exec "$BR_NS" "$PY" -S "$TICKS" listen "$LISTEN_ADDR" "$LISTEN_PORT" "$LOG" \
    > "$WORK/listener.log" 2>&1 &
  LISTENER_PID=$!
}

make_topology() {
  local n
  for n in "$BR_NS" "${NS[@]}"; do
    # A namespace left over by a killed run (we hold the lock).
    if [ -e "/var/run/netns/$n" ]; then
      local p
      for p in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
      ip netns del "$n" 2>/dev/null
    fi
  done
  ip netns add "$BR_NS" 2> "$WORK/netns.err" || skip "cannot create a network namespace: $(cat "$WORK/netns.err")"
  ip -n "$BR_NS" link set lo up
  ip -n "$BR_NS" link add br0 type bridge stp_state 0 forward_delay 0 || fail "cannot create the bridge"
  ip -n "$BR_NS" addr add "$LISTEN_ADDR/24" dev br0
  ip -n "$BR_NS" link set br0 up
  for n in "${NODES[@]}"; do
    local ns=${NS[$n]}
    ip netns add "$ns" || fail "cannot create namespace $ns"
    ip -n "$ns" link set lo up
    ip -n "$BR_NS" link add "v-$n" type veth peer name eth0 netns "$ns" || fail "cannot create veth v-$n"
    ip -n "$BR_NS" link set "v-$n" master br0
    ip -n "$BR_NS" link set "v-$n" up
    ip -n "$ns" addr add "${ADDR[$n]}/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
}

make_configs() {
  local n o peers
  for n in "${NODES[@]}"; do
    peers=
    for o in "${NODES[@]}"; do
      [ "$o" = "$n" ] && continue
      peers="$peers${peers:+, }\"$o@${ADDR[$o]}:$MESH_PORT\""
    done
    cat > "$WORK/$n.caf" << EOF
; Generated by tests/mesh/netns: node $n in namespace ${NS[$n]}.
[lume]
node = "$n"
inspect-port = $INSPECT_PORT
inspect-address = "127.0.0.1"
log-level = "${LUME_NETNS_LOG_LEVEL:-warn}"
actors = [
  { name = "root", kind = "supervisor", strategy = "one_for_one", intensity = 3, period = 5s },
  { name = "probe", kind = "ticker", supervisor = "root",
    placement = "movable", nodes = ["mac1", "k11", "mac5"],
    options = { target = "$LISTEN_ADDR:$LISTEN_PORT", interval = 10ms } },
]

[lume.clock]
link = false
tempo = 120.0
quantum = 4.0

[lume.mesh]
port = $MESH_PORT
address = "${ADDR[$n]}"
peers = [$peers]
heartbeat = 50ms
suspect-after = 150ms
down-after = 300ms
reconnect = 200ms
checkpoint-interval = 20ms
EOF
  done
}

start_node() {
  local n=$1
  echo "=== start $(date +%T.%3N)" >> "$WORK/node-$n.log"
  # `ip netns exec` execs the command: $! is lume-node itself.
  ip netns exec "${NS[$n]}" "$NODE_BIN" --config "$WORK/$n.caf" >> "$WORK/node-$n.log" 2>&1 &
  PID[$n]=$!
}

kill_node() { # SIGKILL and reap
  local n=$1
  kill -KILL "${PID[$n]}" 2>/dev/null
  wait "${PID[$n]}" 2>/dev/null
  PID[$n]=
}

cut() { ip -n "$BR_NS" link set "v-$1" down || fail "cannot cut v-$1"; }
heal() { ip -n "$BR_NS" link set "v-$1" up || fail "cannot heal v-$1"; }

repl() { # NODE COMMAND: the command's JSON data (empty if the node does not answer)
  timeout 2 ip netns exec "${NS[$1]}" "$REPL_BIN" "127.0.0.1:$INSPECT_PORT" -c "$2" --json 2> /dev/null
}

# NODE's `nodes --json` as e.g. "maj=1 act=probe mac1=up k11=up mac5=up
# k11.act=-", or "unreachable" (parsed here: a python start per poll is slow).
view() {
  local json rows row out= name state acts
  json=$(repl "$1" nodes)
  if [[ "$json" != '[{'*'}]' ]]; then
    echo unreachable
    return
  fi
  json=${json#[\{}
  json=${json%\}]}
  json=${json//\},\{/$'\n'}
  mapfile -t rows <<< "$json"
  for row in "${rows[@]}"; do
    [[ "$row" =~ \"name\":\"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
    [[ "$row" =~ \"state\":\"([^\"]*)\" ]] && state=${BASH_REMATCH[1]}
    acts=-
    [[ "$row" =~ \"actors\":\[([^]]+)\] ]] && acts=${BASH_REMATCH[1]//\"/}
    if [[ "$row" == *'"self":true'* ]]; then
      [[ "$row" == *'"majority":true'* ]] && out="maj=1 act=$acts$out" || out="maj=0 act=$acts$out"
      out="$out $name=$state"
    else
      out="$out $name=$state $name.act=$acts"
    fi
  done
  echo "$out"
}

has_tokens() { # STRING TOKEN...
  local s=" $1 " t
  shift
  for t; do [[ "$s" == *" $t "* ]] || return 1; done
}

# wait_view NODE TIMEOUT_MS TOKEN...: until NODE's view has every token.
wait_view() {
  local n=$1 limit=$(($(now_us) + $2 * 1000)) i
  shift 2
  for ((i = 0; i < 2000; i++)); do
    LAST_VIEW=$(view "$n")
    has_tokens "$LAST_VIEW" "$@" && return 0
    [ "$(now_us)" -lt "$limit" ] || return 1
    sleep 0.05
  done
  return 1
}

# expect_view NODE TIMEOUT_MS WHAT TOKEN...
expect_view() {
  local n=$1 ms=$2 what=$3
  shift 3
  wait_view "$n" "$ms" "$@" || fail "$what: $n's view is '$LAST_VIEW' after $ms ms, expected: $*"
}

all_up() { # TIMEOUT_MS WHAT
  local n
  for n in "${NODES[@]}"; do
    expect_view "$n" "$1" "$2" mac1=up k11=up mac5=up maj=1
  done
}

# settled HOST TIMEOUT_MS WHAT: every node up, HOST alone claims the probe,
# then during 1 s exactly one sender (HOST, one epoch). Sets EPOCH, SEQ.
settled() {
  local host=$1 ms=$2 what=$3 n
  for n in "${NODES[@]}"; do
    if [ "$n" = "$host" ]; then
      expect_view "$n" "$ms" "$what" mac1=up k11=up mac5=up maj=1 act=probe
    else
      expect_view "$n" "$ms" "$what" mac1=up k11=up mac5=up maj=1 act=- "$host.act=probe"
    fi
  done
  local t0 t1 lines
  t0=$(now_us)
  sleep 1
  t1=$(now_us)
  lines=$(ticks senders "$LOG" "$t0" "$t1")
  local count
  count=$(printf '%s\n' "$lines" | grep -c .)
  [ "$count" = 1 ] || fail "$what: $count senders of probe in a 1 s window after settling (want one):
$lines"
  local node epoch num
  read -r node epoch num _ <<< "$lines"
  [ "$node" = "$host" ] || fail "$what: probe sent by $node, expected $host"
  [ "$num" -ge 70 ] || fail "$what: only $num probe datagrams in 1 s from $host (10 ms interval)"
  EPOCH=$epoch
  read -r _ _ SEQ _ < <(ticks current "$LOG")
}

# resumed SINCE_US OLD_NODE OLD_EPOCH NEW_NODE TIMEOUT_S: waits for the
# first datagram of a newer epoch from NEW_NODE; sets NEW_EPOCH NEW_SEQ
# NEW_T RESUME_MS OLD_SEQ LOST_MS (state lost: old ticks replayed, × 10 ms).
resumed() {
  local since=$1 old_node=$2 old_epoch=$3 new_node=$4 timeout=$5 line
  line=$(ticks wait-new "$LOG" "$since" "$old_epoch" "$timeout" "$new_node") || return 1
  read -r _ NEW_EPOCH NEW_SEQ NEW_T <<< "$line"
  RESUME_MS=$(((NEW_T - since) / 1000))
  line=$(ticks last "$LOG" "$old_node" "$old_epoch" "$NEW_T") || { OLD_SEQ=; LOST_MS=; return 0; }
  read -r _ _ OLD_SEQ _ <<< "$line"
  if [ "$NEW_SEQ" -le "$OLD_SEQ" ]; then
    LOST_MS=$(((OLD_SEQ - NEW_SEQ + 1) * 10))
  else
    LOST_MS=0
  fi
}

no_local_probe() { # NODE: the node runs no probe incarnation
  local rows
  rows=$(repl "$1" "actors --local" | ticks actors probe)
  [ "$rows" = - ]
}
