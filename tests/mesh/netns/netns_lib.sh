# Shared by mesh_netns_test.sh, failover_bench.sh and tests/chaos (sourced,
# not run). A script that defines netns_extra_actors NODE before netns_init
# gets its output appended to NODE's actor list.
#
# Topology, all inside namespaces this script creates (nothing on the host's
# interfaces): lume-br holds the bridge br0 (10.77.0.254, the probe listener
# at :9799, the director's OSC listener at :9797); lume-a/b/c hold the nodes
# mac1/k11/mac5 (10.77.0.1/2/3 on eth0, Link on),
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
CUTS_PORT=9797
CUTS_PID=
MESH_PORT=7800
INSPECT_PORT=7700
LISTENER_PID=
# Priority of the nodes and the listener (LUME_NETNS_PRIO): their 50 ms
# heartbeats (down after 300 ms) must not starve behind parallel builds.
case ${LUME_NETNS_PRIO:-nice} in
  rt) PRIO=(chrt -r 10) ;;
  nice) PRIO=(nice -n -10) ;;
  *) PRIO=() ;;
esac
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

# Queries of the listener's log ($LOG: "MONO lume-tick NODE EPOCH SEQ", MONO
# in seconds with 6 decimals). In awk: a python start costs up to a second
# on a loaded host. Times in and out are integer µs; mawk prints them %.0f.
TICK_AWK='function us(x,  a) { split(x, a, "."); return a[1] * 1000000 + a[2] }
  $2 != "lume-tick" || NF != 5 { next }
  { t = us($1); node = $3; epoch = $4 + 0; seq = $5 + 0 }'

ticks() {
  local cmd=$1
  shift
  case $cmd in
    current) # the newest datagram: NODE EPOCH SEQ T
      awk "$TICK_AWK"' { l = sprintf("%s %d %d %.0f", node, epoch, seq, t) }
        END { if (l == "") exit 1; print l }' "$LOG" ;;
    last) # NODE EPOCH BEFORE: last datagram of NODE/EPOCH before BEFORE
      awk -v n="$1" -v e="$2" -v b="$3" "$TICK_AWK"'
        node == n && epoch == e && t < b { l = sprintf("%s %d %d %.0f", node, epoch, seq, t) }
        END { if (l == "") exit 1; print l }' "$LOG" ;;
    senders) # FROM TO: NODE EPOCH COUNT FIRST_T LAST_T FIRST_SEQ LAST_SEQ per sender
      awk -v lo="$1" -v hi="$2" "$TICK_AWK"'
        t >= lo && t < hi { k = node " " epoch
          if (!(k in cnt)) { order[++n] = k; ft[k] = t; fs[k] = seq }
          cnt[k]++; lt[k] = t; ls[k] = seq }
        END { for (i = 1; i <= n; i++) { k = order[i]
          printf "%s %d %.0f %.0f %d %d\n", k, cnt[k], ft[k], lt[k], fs[k], ls[k] } }' "$LOG" ;;
    overlaps) # FROM TO: senders that interleave (A, B, A) in the window
      awk -v lo="$1" -v hi="$2" "$TICK_AWK"'
        t >= lo && t < hi { k = node "/" epoch
          if (k != cur) { r++; key[r] = k; start[r] = t; cur = k } }
        END { for (i = 1; i + 2 <= r; i++) if (key[i] == key[i + 2]) {
            p = key[i] < key[i + 1] ? key[i] " " key[i + 1] : key[i + 1] " " key[i]
            if (!(p in seen)) { seen[p] = 1; printf "%s at %.0f\n", p, start[i + 1] } } }' "$LOG" ;;
    dup-epochs) # [FROM]: epochs sent by two nodes (one of them at or after FROM)
      awk -v lo="${1:-0}" "$TICK_AWK"'
        { if (!((epoch, node) in seen)) { seen[epoch, node] = 1; nodes[epoch] = (epoch in cnt ? nodes[epoch] "," : "") node; cnt[epoch]++ } }
        t >= lo { recent[epoch] = 1 }
        END { for (e in cnt) if (cnt[e] > 1 && (e in recent)) print e, nodes[e] }' "$LOG" ;;
    regressions) # [FROM]: incarnations that started (first datagram, or a
      # sequence restart) at or after FROM with an epoch below one already seen
      awk -v lo="${1:-0}" "$TICK_AWK"'
        { k = node "/" epoch
          fresh = !(k in last) || seq < last[k]
          if (fresh && t >= lo && epoch < maxe)
            printf "%s seq %d after epoch %d at %.0f\n", k, seq, maxe, t
          last[k] = seq; if (epoch > maxe) maxe = epoch }' "$LOG" ;;
    wait-new) # SINCE OLD TIMEOUT_S [NODE]: first datagram at or after SINCE
      # with an epoch above OLD (from NODE): NODE EPOCH SEQ T
      local since=$1 old=$2 node=${4:-} limit line i
      limit=$(($(now_us) + ${3%.*} * 1000000))
      for ((i = 0; i < 100000; i++)); do
        line=$(awk -v s="$since" -v o="$old" -v n="$node" "$TICK_AWK"'
          t >= s && epoch > o && (n == "" || node == n) {
            printf "%s %d %d %.0f\n", node, epoch, seq, t; found = 1; exit }
          END { exit !found }' "$LOG") && { echo "$line"; return 0; }
        [ "$(now_us)" -lt "$limit" ] || return 1
        sleep 0.01
      done
      return 1 ;;
    *) "$PY" -S "$TICKS" "$cmd" "$@" ;;
  esac
}

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
    if last=$(ticks current); then
      read -r node epoch seq t <<< "$last"
      echo "--- last probe datagram: $node epoch $epoch seq $seq, $((($(now_us) - t) / 1000)) ms ago"
    fi
    echo "--- probe senders over the last 3 s (node epoch count first_t last_t first_seq last_seq):"
    ticks senders $(($(now_us) - 3000000)) $(($(now_us) + 1)) | sed 's/^/    /'
  fi
  for n in "${NODES[@]}"; do
    if [ -s "$WORK/node-$n.log" ]; then
      echo "--- last lines of $n's log ($WORK/node-$n.log):"
      grep -v "inspector runs" "$WORK/node-$n.log" | tail -n 25 | sed 's/^/    /'
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
  for p in "$LISTENER_PID" "$CUTS_PID"; do
    [ -n "$p" ] || continue
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
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
  if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR SOURCE_DIR${BENCH_USAGE:-}" >&2
    exit 2
  fi
  BUILD=$1
  SRC=$2
  NODE_BIN=$BUILD/lume-node
  REPL_BIN=$BUILD/lume-repl
  TICKS=$SRC/tests/mesh/netns/ticks.py
  CUTS=$SRC/tests/mesh/netns/cuts.py
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
  CUT_LOG=$WORK/cuts.log
  : > "$LOG"
  : > "$CUT_LOG"
  OFFSET_US=$(ticks offset)
  make_topology
  make_configs
  ip netns exec "$BR_NS" "${PRIO[@]}" "$PY" -S "$TICKS" listen "$LISTEN_ADDR" "$LISTEN_PORT" "$LOG" \
    > "$WORK/listener.log" 2>&1 &
  LISTENER_PID=$!
  ip netns exec "$BR_NS" "${PRIO[@]}" "$PY" -S "$CUTS" listen "$LISTEN_ADDR" "$CUTS_PORT" "$CUT_LOG" \
    > "$WORK/cuts-listener.log" 2>&1 &
  CUTS_PID=$!
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
    # Link's multicast (the nodes share one beat timeline) goes over the bridge.
    ip -n "$ns" link set eth0 multicast on
    ip -n "$ns" route add 224.0.0.0/4 dev eth0
  done
}

make_configs() {
  local n o peers
  # BASP over TLS, as the reference configs run it: a mesh CA for this run.
  "$SRC/tools/mesh_certs.sh" ca "$WORK/certs" > /dev/null || fail "cannot create the mesh CA"
  for n in "${NODES[@]}"; do
    "$SRC/tools/mesh_certs.sh" cert "$WORK/certs" "$n" "${ADDR[$n]}" > /dev/null \
      || fail "cannot create the certificate of $n"
  done
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
  ; Pinned: a name this node alone serves (its ticks go to a port no one reads).
  { name = "heartbeat-$n", kind = "ticker", supervisor = "root",
    options = { target = "$LISTEN_ADDR:$((LISTEN_PORT + 1))", interval = 1s } },
  ; The director (movable) cuts every 2-3 beats; its OSC goes to the cuts listener
  ; from the quantizer of the node that hosts it.
  { name = "quantizer", kind = "quantizer", supervisor = "root" },
  { name = "director", kind = "director", supervisor = "root",
    placement = "movable", nodes = ["mac1", "k11", "mac5"],
    options = { cameras = ["wide", "close", "overhead"], scenes = ["calm", "storm"],
                sections = ["intro", "drop"], min-shot = 1.0, max-shot = 2.0,
                targets = ["$LISTEN_ADDR:$CUTS_PORT"] } },
$(declare -F netns_extra_actors > /dev/null && netns_extra_actors "$n")
]

[lume.clock]
link = true
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
tls = { enabled = true, ca = "certs/ca.crt", certificate = "certs/$n.crt", key = "certs/$n.key" }
EOF
  done
}

start_node() {
  local n=$1
  echo "=== start $(date +%T.%3N)" >> "$WORK/node-$n.log"
  # `ip netns exec` (and nice/chrt) exec the command: $! is lume-node itself.
  ip netns exec "${NS[$n]}" "${PRIO[@]}" "$NODE_BIN" --config "$WORK/$n.caf" >> "$WORK/node-$n.log" 2>&1 &
  PID[$n]=$!
  disown "${PID[$n]}" 2> /dev/null # no "Killed" job notices
  echo "${PID[$n]}" > "$WORK/pid-$n"
}

kill_node() { # SIGKILL, then until it is gone (or a zombie)
  local n=$1 p=${PID[$1]} i
  kill -KILL "$p" 2> /dev/null
  for ((i = 0; i < 300; i++)); do
    kill -0 "$p" 2> /dev/null || break
    [[ "$(cat "/proc/$p/stat" 2> /dev/null)" =~ ^[0-9]+\ \(.*\)\ Z ]] && break
    sleep 0.01
  done
  PID[$n]=
  rm -f "$WORK/pid-$n"
}

# After a scenario ran in a subshell: the node pids it left.
load_pids() {
  local n
  for n in "${NODES[@]}"; do
    PID[$n]=$(cat "$WORK/pid-$n" 2> /dev/null)
  done
}

wall_now() { date '+%Y-%m-%d %H:%M:%S.%3N'; }

# disturbed SINCE_WALL FAULTED: the first log line, since SINCE_WALL (a
# wall_now), where a node suspects a peer and neither is FAULTED: a stall of
# the host (CPU starvation), not the scenario's fault. Fails if none.
disturbed() {
  local since=$1 faulted=$2 n line
  for n in "${NODES[@]}"; do
    [ "$n" = "$faulted" ] && continue
    line=$(awk -v since="$since" -v f="$faulted" '
      substr($0, 2, 23) >= since && $7 == "sees" && $8 != f && $0 ~ /-> (suspect|down)/ {
        print; exit }' "$WORK/node-$n.log" 2> /dev/null)
    if [ -n "$line" ]; then
      echo "$line"
      return 0
    fi
  done
  return 1
}

# Back to the start state: links up, every node running, probe on mac1.
running() { # NODE: its lume-node runs (a killed one may linger as a zombie)
  local p=${PID[$1]:-}
  [ -n "$p" ] && [ -r "/proc/$p/stat" ] && [ "$(awk '{print $3}' "/proc/$p/stat")" != Z ]
}

reset_mesh() {
  local n
  if ip netns exec "$BR_NS" nft list table bridge lume-chaos > /dev/null 2>&1; then
    nft_clear
  fi
  for n in "${NODES[@]}"; do
    ip -n "$BR_NS" link set "v-$n" up 2> /dev/null
    if running "$n"; then
      kill -CONT "${PID[$n]}"
    else
      start_node "$n"
    fi
  done
  settled mac1 30000 "reset"
}

cut() { ip -n "$BR_NS" link set "v-$1" down || fail "cannot cut v-$1"; }
heal() { ip -n "$BR_NS" link set "v-$1" up || fail "cannot heal v-$1"; }

repl() { # NODE COMMAND: the command's JSON data (empty if the node does not answer)
  timeout 5 ip netns exec "${NS[$1]}" "$REPL_BIN" "127.0.0.1:$INSPECT_PORT" -c "$2" --json 2> /dev/null
}

# NODE COMMAND: the objects of the command's JSON array, one per line (none
# for an empty array); fails if the node does not answer with an array.
json_rows() {
  local json
  json=$(repl "$1" "$2")
  [[ "$json" == '['*']' ]] || return 1
  [ "$json" = '[]' ] && return 0
  json=${json#[\{}
  json=${json%\}]}
  printf '%s\n' "${json//\},\{/$'\n'}"
}

# NODE's `nodes --json` as e.g. "maj=1 act=probe mac1=up k11=up mac5=up
# k11.act=-", or "unreachable" (parsed here: a python start per poll is slow).
view() {
  local text rows row out= name state acts
  if ! text=$(json_rows "$1" nodes) || [ -z "$text" ]; then
    echo unreachable
    return
  fi
  mapfile -t rows <<< "$text"
  for row in "${rows[@]}"; do
    [[ "$row" =~ \"name\":\"([^\"]*)\" ]] && name=${BASH_REMATCH[1]}
    [[ "$row" =~ \"state\":\"([^\"]*)\" ]] && state=${BASH_REMATCH[1]}
    acts=-
    # Only the probe's placement is checked here (the director moves too).
    [[ "$row" =~ \"actors\":\[([^]]+)\] ]] && [[ ",${BASH_REMATCH[1]//\"/}," == *,probe,* ]] && acts=probe
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
  lines=$(ticks senders "$t0" "$t1")
  local count
  count=$(printf '%s\n' "$lines" | grep -c .)
  [ "$count" = 1 ] || fail "$what: $count senders of probe in a 1 s window after settling (want one):
$lines"
  local node epoch num
  read -r node epoch num _ <<< "$lines"
  [ "$node" = "$host" ] || fail "$what: probe sent by $node, expected $host"
  [ "$num" -ge 70 ] || fail "$what: only $num probe datagrams in 1 s from $host (10 ms interval)"
  EPOCH=$epoch
  read -r _ _ SEQ _ < <(ticks current)
}

# resumed SINCE_US OLD_NODE OLD_EPOCH NEW_NODE TIMEOUT_S: waits for the
# first datagram of a newer epoch from NEW_NODE; sets NEW_EPOCH NEW_SEQ
# NEW_T RESUME_MS OLD_SEQ LOST_MS (state lost: old ticks replayed, × 10 ms).
resumed() {
  local since=$1 old_node=$2 old_epoch=$3 new_node=$4 timeout=$5 line
  line=$(ticks wait-new "$since" "$old_epoch" "$timeout" "$new_node") || return 1
  read -r _ NEW_EPOCH NEW_SEQ NEW_T <<< "$line"
  RESUME_MS=$(((NEW_T - since) / 1000))
  line=$(ticks last "$old_node" "$old_epoch" "$NEW_T") || { OLD_SEQ=; LOST_MS=; return 0; }
  read -r _ _ OLD_SEQ _ <<< "$line"
  if [ "$NEW_SEQ" -le "$OLD_SEQ" ]; then
    LOST_MS=$(((OLD_SEQ - NEW_SEQ + 1) * 10))
  else
    LOST_MS=0
  fi
}

# NODE COMMAND NAME: "NODE:STATUS ..." of NAME's rows in the `actors` answer,
# "-" if none, "unreachable" if no answer.
actor_rows() {
  local text rows row out=
  if ! text=$(json_rows "$1" "$2"); then
    echo unreachable
    return
  fi
  mapfile -t rows <<< "$text"
  for row in "${rows[@]}"; do
    [[ "$row" == *"\"name\":\"$3\""* ]] || continue
    [[ "$row" =~ \"node\":\"([^\"]*)\" ]] && out="$out ${BASH_REMATCH[1]}"
    [[ "$row" =~ \"status\":\"([^\"]*)\" ]] && out="$out:${BASH_REMATCH[1]}"
  done
  echo "${out# }" | sed 's/^$/-/'
}

no_local_probe() { # NODE: the node runs no probe incarnation
  [ "$(actor_rows "$1" "actors --local" probe)" = - ]
}

# The director's OSC as the cuts listener logs it ($CUT_LOG):
# MONO cut KIND VALUE EPOCH SEQ BEAT REASON.
CUT_AWK='function us(x,  a) { split(x, a, "."); return a[1] * 1000000 + a[2] }
  $2 != "cut" || NF != 8 { next } { t = us($1); kind = $3; value = $4; epoch = $5 + 0; seq = $6 + 0; beat = $7 + 0 }'

director_host() { # NODE's view of where the director runs: NODE:STATUS
  actor_rows "$1" actors director
}

# wait_cut SINCE_US AWK_CONDITION TIMEOUT_S: the first cut line at or after
# SINCE_US meeting the condition: EPOCH SEQ BEAT T KIND VALUE.
wait_cut() {
  local since=$1 cond=$2 limit=$(($(now_us) + $3 * 1000000)) line
  while :; do
    line=$(awk -v s="$since" "$CUT_AWK"' t >= s && ('"$cond"') {
      printf "%d %d %.3f %.0f %s %s\n", epoch, seq, beat, t, kind, value; found = 1; exit }
      END { exit !found }' "$CUT_LOG") && { echo "$line"; return 0; }
    [ "$(now_us)" -lt "$limit" ] || return 1
    sleep 0.02
  done
}

# Faults on the bridge with nftables (tests/chaos), in the table lume-chaos
# of lume-br: loss drops a share of the frames a node and its peers send
# each other; a partition drops all of them. Both act on frames forwarded
# between ports: the listeners on br0 still hear every node unharmed, so
# they time the mesh's behaviour, not the fault's.
nft_init() {
  command -v nft > /dev/null || return 1
  ip netns exec "$BR_NS" nft -f - << 'EOF'
table bridge lume-chaos {
  chain between { type filter hook forward priority 0; }
}
EOF
}

# Each change is one nft transaction: both directions at the same instant
# (two nft runs apart would partition one way first, for as long as a
# process start takes on a loaded host).
loss() { # NODE PERCENT: random loss both ways between NODE and its peers
  printf 'add rule bridge lume-chaos between iifname "v-%s" numgen random mod 100 < %s drop\nadd rule bridge lume-chaos between oifname "v-%s" numgen random mod 100 < %s drop\n' \
    "$1" "$2" "$1" "$2" | ip netns exec "$BR_NS" nft -f - || fail "cannot add $2% loss on v-$1"
}

partition() { # NODE: NODE on one side, its peers on the other
  local n others=
  for n in "${NODES[@]}"; do [ "$n" = "$1" ] || others="$others${others:+, }v-$n"; done
  printf 'add rule bridge lume-chaos between iifname "v-%s" oifname { %s } drop\nadd rule bridge lume-chaos between oifname "v-%s" iifname { %s } drop\n' \
    "$1" "$others" "$1" "$others" | ip netns exec "$BR_NS" nft -f - || fail "cannot partition v-$1"
}

link_cut() { # A B: A and B no longer reach each other; both still reach the rest
  printf 'add rule bridge lume-chaos between iifname "v-%s" oifname "v-%s" drop\nadd rule bridge lume-chaos between iifname "v-%s" oifname "v-%s" drop\n' \
    "$1" "$2" "$2" "$1" | ip netns exec "$BR_NS" nft -f - || fail "cannot cut v-$1 from v-$2"
}

nft_clear() { # every loss and partition healed
  printf 'flush chain bridge lume-chaos between\n' |
    ip netns exec "$BR_NS" nft -f - || fail "cannot flush the chains of lume-chaos"
}
