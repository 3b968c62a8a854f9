#!/usr/bin/env bash
# netem_queue_test.sh BUILD_DIR: lume-netem's self-check (ctest chaos.netem).
#
# Two network namespaces of its own (names with this script's pid) joined
# by a veth pair; a UDP echo server in one, the other's traffic to and from
# it sent to NFQUEUE queue 7 (both ways, --queue-bypass), as chaos_test.sh
# installs its delay and reorder faults. Asserts:
#   - bad arguments exit 2;
#   - --delay 25 (each way) adds 45-250 ms to the median round trip;
#   - --delay 20 --jitter 15 reorders a 1 ms stream and loses nothing;
#   - --delay 30 --reorder 50: echoes of numbered datagrams come back out of
#     order, none lost, and lume-netem counts reordered packets;
#   - SIGTERM lets every packet still held through at once (a 5 s hold ends
#     early, nothing lost), with the counters printed;
#   - killed (-9), the queue's bypass lets traffic pass again.
# Exits 77 (SKIP) without root, `ip netns`, iptables or lume-netem.
set -u
export LC_ALL=C
BUILD=${1:?usage: $0 BUILD_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NETEM=$BUILD/lume-netem
UDP=$HERE/netem_udp.py
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
QUEUE=7
NA=lume-nq-a-$$
NB=lume-nq-b-$$
A=10.78.0.1
B=10.78.0.2
PORT=9000
WORK=
NETEM_PID=
ECHO_PID=
FAILED=0

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; FAILED=1; }
pass() { echo "ok: $*"; }

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, iptables)"
command -v ip > /dev/null || skip "no 'ip' command"
command -v iptables > /dev/null || skip "no 'iptables' (Debian package iptables)"
[ -x "$NETEM" ] || skip "no $NETEM (needs libnetfilter-queue-dev at build time)"

cleanup() {
  local p
  for p in "$NETEM_PID" "$ECHO_PID"; do
    [ -n "$p" ] && kill -KILL "$p" 2> /dev/null && wait "$p" 2> /dev/null
  done
  for p in "$NA" "$NB"; do ip netns del "$p" 2> /dev/null; done
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT
WORK=$(mktemp -d /tmp/lume-netem-test.XXXXXX)

ip netns add "$NA" 2> "$WORK/err" || skip "cannot create a network namespace: $(cat "$WORK/err")"
ip netns add "$NB" || skip "cannot create a second network namespace"
ip -n "$NA" link add nq-a type veth peer name nq-b netns "$NB" || skip "cannot create a veth pair"
ip -n "$NA" addr add "$A/24" dev nq-a
ip -n "$NB" addr add "$B/24" dev nq-b
for ns in "$NA" "$NB"; do
  ip -n "$ns" link set lo up
done
ip -n "$NA" link set nq-a up
ip -n "$NB" link set nq-b up

inA() { ip netns exec "$NA" "$@"; }

# The queue both ways, as chaos_test.sh installs it.
if ! inA iptables -w -A OUTPUT -d "$B" -j NFQUEUE --queue-num "$QUEUE" --queue-bypass 2> "$WORK/err" \
  || ! inA iptables -w -A INPUT -s "$B" -j NFQUEUE --queue-num "$QUEUE" --queue-bypass 2>> "$WORK/err"; then
  skip "iptables cannot add an NFQUEUE rule: $(cat "$WORK/err")"
fi

# --- bad arguments: exit 2 with a message
for args in "--delay 5" "--queue 7 --delay x" "--queue 70000" "--queue 7 --reorder 30" \
  "--queue 7 --bogus 1" "--queue"; do
  # shellcheck disable=SC2086
  "$NETEM" $args > /dev/null 2> "$WORK/err"
  rc=$?
  if [ $rc = 2 ] && [ -s "$WORK/err" ]; then
    pass "lume-netem $args: exit 2 ($(head -n1 "$WORK/err"))"
  else
    fail "lume-netem $args: exit $rc (want 2 and a message)"
  fi
done

ip netns exec "$NB" "$PY" -S "$UDP" echo "$B" "$PORT" > "$WORK/echo.log" 2>&1 &
ECHO_PID=$!
for ((i = 0; i < 100; i++)); do
  grep -q ready "$WORK/echo.log" 2> /dev/null && break
  sleep 0.05
done

# As chaos_test.sh runs it: real-time where chrt works (on a box loaded by
# other tests' nodes at nice -10, a lume-netem at nice 0 let packets go up
# to 2 s late).
PRIO=()
chrt -r 20 true 2> /dev/null && PRIO=(chrt -r 20)

start_netem() { # ARGS...: lume-netem in A, until it says ready
  # `ip netns exec` execs: $! is lume-netem itself.
  ip netns exec "$NA" "${PRIO[@]}" "$NETEM" --queue "$QUEUE" "$@" > "$WORK/netem.log" 2>&1 &
  NETEM_PID=$!
  for ((i = 0; i < 200; i++)); do
    grep -q ' ready ' "$WORK/netem.log" 2> /dev/null && return 0
    kill -0 "$NETEM_PID" 2> /dev/null || break
    sleep 0.01
  done
  fail "lume-netem $* did not start: $(cat "$WORK/netem.log")"
  exit 1
}

stop_netem() { # SIGTERM, wait: its exit status; the counters in STOPPED
  kill -TERM "$NETEM_PID"
  wait "$NETEM_PID"
  local rc=$?
  NETEM_PID=
  STOPPED=$(grep ' stopped ' "$WORK/netem.log")
  return $rc
}

counter() { # NAME: from STOPPED
  [[ " $STOPPED " =~ \ $1=([0-9]+)\  ]] && echo "${BASH_REMATCH[1]}" || echo -1
}

no_errors() { # STOPPED shows no refused message, overrun or refused verdict
  [ "$(counter malformed)$(counter overruns)$(counter read_errors)$(counter verdict_errors)" = 0000 ]
}

median() { # the median_ms of a `rtt` line
  [[ "$1" =~ median_ms\ ([0-9.-]+) ]] && echo "${BASH_REMATCH[1]}"
}

# --- delay: the round trip grows by 2 x 25 ms (loose bounds: a loaded box
# starves the UDP ends too; a probe unanswered within 1 s is not counted)
base=$(inA "$PY" -S "$UDP" rtt "$B" "$PORT" 30 10)
start_netem --delay 25 --seed 3
slow=$(inA "$PY" -S "$UDP" rtt "$B" "$PORT" 30 10)
stop_netem || fail "lume-netem --delay 25 exited $? on SIGTERM"
b=$(median "$base")
s=$(median "$slow")
added=$(awk -v b="$b" -v s="$s" 'BEGIN { printf "%.1f", s - b }')
answered() { [[ "$1" =~ ^answered\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge "$2" ]; }
if answered "$base" 27 && answered "$slow" 27 \
  && awk -v d="$added" 'BEGIN { exit !(d >= 45 && d <= 250) }'; then
  pass "--delay 25 both ways: median round trip $b -> $s ms (+$added, want +45..250)"
else
  fail "--delay 25 both ways: '$base' -> '$slow' (+$added ms, want 27 of 30 answered and +45..250)"
fi
if [ "$(counter received)" -ge 60 ] && [ "$(counter released)" = "$(counter received)" ] \
  && [ "$(counter immediate)" = 0 ] && no_errors; then
  pass "counters after --delay: $STOPPED"
else
  fail "counters after --delay (want received >= 60 = released, immediate 0, no errors): $STOPPED"
fi

# --- reorder: half go at once, the others wait 30 ms
start_netem --delay 30 --reorder 50 --seed 11
out=$(inA "$PY" -S "$UDP" burst "$B" "$PORT" 200 1 2000 | grep '^received ')
stop_netem || fail "lume-netem --reorder exited $? on SIGTERM"
if [[ "$out" =~ received\ 200\ inversions\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 10 ]; then
  pass "--delay 30 --reorder 50: $out"
else
  fail "--delay 30 --reorder 50: '$out' (want all 200 back, at least 10 out of order)"
fi
if [ "$(counter reordered)" -ge 10 ] && [ "$(counter immediate)" -ge 100 ] \
  && [ "$(counter released)" = "$(counter received)" ] && no_errors; then
  pass "counters after --reorder: $STOPPED"
else
  fail "counters after --reorder (want reordered >= 10, immediate >= 100 of 400, no errors): $STOPPED"
fi

# --- jitter: 20 +- 15 ms each way reorders a 1 ms stream, loses nothing
start_netem --delay 20 --jitter 15 --seed 5
out=$(inA "$PY" -S "$UDP" burst "$B" "$PORT" 100 1 2000 | grep '^received ')
stop_netem || fail "lume-netem --jitter exited $? on SIGTERM"
if [[ "$out" =~ received\ 100\ inversions\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -ge 5 ] \
  && [ "$(counter held)" = "$(counter received)" ] && [ "$(counter reordered)" -ge 5 ]; then
  pass "--delay 20 --jitter 15: $out; $STOPPED"
else
  fail "--delay 20 --jitter 15: '$out' (want all 100 back, at least 5 out of order); $STOPPED"
fi

# --- SIGTERM lets what is held through at once
start_netem --delay 5000
inA "$PY" -S "$UDP" burst "$B" "$PORT" 20 5 3000 > "$WORK/burst.log" &
burst_pid=$!
for ((i = 0; i < 300; i++)); do
  grep -q '^sent ' "$WORK/burst.log" 2> /dev/null && break
  sleep 0.01
done
sleep 0.2
stop_netem || fail "lume-netem --delay 5000 exited $? on SIGTERM"
wait "$burst_pid"
out=$(grep '^received ' "$WORK/burst.log")
if [[ "$out" =~ received\ 20\ .*elapsed_ms\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -lt 3000 ]; then
  pass "SIGTERM during a 5 s hold: $out; $STOPPED"
else
  fail "SIGTERM during a 5 s hold: '$out' (want all 20 back well before 5 s); $STOPPED"
fi
[ "$(counter flushed)" -ge 20 ] || fail "want at least 20 flushed at exit: $STOPPED"

# --- killed: the bypass lets traffic pass
start_netem --delay 200
{
  kill -KILL "$NETEM_PID"
  wait "$NETEM_PID"
} 2> /dev/null # no "Killed" notice
NETEM_PID=
out=$(inA "$PY" -S "$UDP" rtt "$B" "$PORT" 10 10)
m=$(median "$out")
if [[ "$out" == "answered 10 "* ]] && awk -v m="$m" 'BEGIN { exit !(m < 100) }'; then
  pass "lume-netem killed: the bypass passes traffic ($out)"
else
  fail "lume-netem killed: '$out' (want all 10 answered, median under 100 ms)"
fi

if [ $FAILED = 0 ]; then
  echo "PASS: lume-netem self-check"
else
  echo "FAIL: lume-netem self-check"
fi
exit $FAILED
