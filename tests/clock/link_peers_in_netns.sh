#!/bin/sh
# Two independent Link peers (link-peer) in ONE private network namespace:
#  - A runs at 120 BPM; B starts 1.2 s later at 90 BPM and joins A's session.
#    Link keeps the session that has existed longest (ghost time older by more
#    than 0.5 s), so B must adopt 120 and A must keep it.
#  - A sets 132 BPM; B must follow within 1 s.
#  - At equal host time (A's phase carried to B's sample time at the session
#    tempo) the phases must agree within 1 ms.
# usage: link_peers_in_netns.sh PATH/TO/link-peer
set -eu

peer=$1
if [ "${2:-}" != "--inside" ]; then
  if ! command -v ip >/dev/null 2>&1 || ! unshare -n true 2>/dev/null; then
    echo "SKIP: needs root, unshare -n and ip"
    exit 77
  fi
  exec unshare -n sh -c 'ip link set lo up && ip link set lo multicast on &&
    ip route add 224.0.0.0/4 dev lo && exec "$0" "$1" --inside' "$0" "$peer"
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$peer" --tempo 120 --quantum 4 --set-tempo-after 4 132 --print-interval 10 \
  --seconds 7 >"$dir/a" &
pid_a=$!
sleep 1.2
"$peer" --tempo 90 --quantum 4 --print-interval 10 --seconds 5.5 >"$dir/b" &
pid_b=$!
status=0
wait "$pid_a" || status=1
wait "$pid_b" || status=1
if [ "$status" -ne 0 ]; then
  echo "FAIL: a link-peer exited with an error"
  exit 1
fi

awk -v quantum=4 '
function field(line, key,   n, parts, i, kv) {
  n = split(line, parts, " ")
  for (i = 1; i <= n; ++i) {
    split(parts[i], kv, "=")
    if (kv[1] == key) return kv[2] + 0
  }
  return ""
}
function abs(x) { return x < 0 ? -x : x }
function fail(msg) { print "FAIL: " msg; failed = 1 }
FNR == 1 { file++ }
{
  if (file == 1) {
    na++; ta[na] = field($0, "t_us"); tempo_a[na] = field($0, "tempo")
    phase_a[na] = field($0, "phase"); peers_a[na] = field($0, "peers")
  } else {
    nb++; tb[nb] = field($0, "t_us"); tempo_b[nb] = field($0, "tempo")
    phase_b[nb] = field($0, "phase"); peers_b[nb] = field($0, "peers")
  }
}
END {
  if (na < 500 || nb < 400) { fail("too few lines: A " na ", B " nb); exit 1 }
  # A changes tempo: its first line at 132 BPM.
  for (i = 1; i <= na; ++i) if (abs(tempo_a[i] - 132) < 0.01) { t_change = ta[i]; break }
  if (t_change == "") fail("A never reached 132 BPM")
  for (i = 1; i <= na && ta[i] < t_change; ++i)
    if (abs(tempo_a[i] - 120) > 0.01) { fail("A left 120 BPM before its change: " tempo_a[i]); break }
  if (abs(tempo_b[1] - 90) > 0.01 || peers_b[1] != 0)
    fail("B did not start alone at 90 BPM: tempo " tempo_b[1] " peers " peers_b[1])
  for (i = 1; i <= nb; ++i) if (peers_b[i] == 1) { t_join = tb[i]; break }
  if (t_join == "") { fail("B never saw A"); exit 1 }
  if (t_join - tb[1] > 2000000) fail("B joined only after " (t_join - tb[1]) " us")
  for (i = 1; i <= nb; ++i) {
    if (tb[i] >= t_join + 500000 && tb[i] < t_change) {
      steady++
      if (abs(tempo_b[i] - 120) > 0.01 || peers_b[i] != 1) {
        fail("B not in A session at 120 BPM: tempo " tempo_b[i] " peers " peers_b[i]); break
      }
    }
  }
  if (steady < 100) fail("too short a joined window: " steady " lines")
  for (i = 1; i <= nb; ++i) if (abs(tempo_b[i] - 132) < 0.01) { t_follow = tb[i]; break }
  if (t_follow == "") fail("B never followed A to 132 BPM")
  else if (t_follow - t_change > 1000000) fail("B followed after " (t_follow - t_change) " us")
  if (abs(tempo_b[nb] - 132) > 0.01) fail("B ended at " tempo_b[nb] " BPM")
  # Phase agreement at equal host time, away from the join and the change.
  j = 1; compared = 0; worst = 0
  for (i = 1; i <= nb; ++i) {
    t = tb[i]
    if (t < t_join + 500000 || (t > t_change - 100000 && t < t_change + 500000)) continue
    while (j < na && abs(ta[j + 1] - t) <= abs(ta[j] - t)) ++j
    if (abs(ta[j] - t) > 20000 || abs(tempo_a[j] - tempo_b[i]) > 0.01) continue
    carried = phase_a[j] + (t - ta[j]) * tempo_a[j] / 60e6
    diff = phase_b[i] - (carried - quantum * int(carried / quantum))
    while (diff > quantum / 2) diff -= quantum
    while (diff <= -quantum / 2) diff += quantum
    us = abs(diff) * 60e6 / tempo_b[i]
    if (us > worst) worst = us
    compared++
  }
  if (compared < 200) fail("only " compared " phase samples compared")
  if (worst >= 1000) fail("phase differs by " worst " us")
  printf "joined after %d ms, followed after %d ms, phase max diff %.1f us over %d samples\n",
    (t_join - tb[1]) / 1000, (t_follow - t_change) / 1000, worst, compared
  exit failed
}' "$dir/a" "$dir/b"
