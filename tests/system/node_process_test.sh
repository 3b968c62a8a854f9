#!/usr/bin/env bash
# lume-node as a process: bad configs exit 2 with one line naming file, line
# and key; the solo node serves its inspection port; kill restarts an actor
# (restarts + 1, running again); SIGTERM stops the node with exit code 0;
# a root supervisor that fails at start ends its node with exit code 1.
# usage: node_process_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
node=$build/lume-node
repl=$build/lume-repl
dir=$(mktemp -d)
pid=
cleanup() {
  local rc=$?
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  if [ "$rc" -ne 0 ] && [ -s "$dir/log" ]; then
    echo "---- the solo node's log"
    tail -n 40 "$dir/log"
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

expect_config_error() { # FILE_CONTENT EXPECTED_SUBSTRING
  printf '%s\n' "$1" >"$dir/bad.caf"
  set +e
  "$node" --config "$dir/bad.caf" --lume.inspect-port=0 2>"$dir/err" >/dev/null
  local rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "expected exit 2, got $rc for: $1"
  [ "$(wc -l <"$dir/err")" -eq 1 ] || fail "expected one line, got: $(cat "$dir/err")"
  grep -qF "$2" "$dir/err" || fail "expected '$2' in: $(cat "$dir/err")"
}

set +e
"$node" --config "$dir/missing.caf" 2>"$dir/err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -qF "$dir/missing.caf: cannot open" "$dir/err" || fail "missing file"
expect_config_error $'[lume]\nnode = "x"\ninspect-port = = 3\nlog-level = "warn"' \
  "bad.caf:3: syntax error"
expect_config_error $'[lume]\nnode = "x"\nbogus = 1' "bad.caf:3: key 'lume.bogus': unknown key"
expect_config_error $'[lume]\nnode = "x"\ninspect-port = "x"' "bad.caf:3: key 'lume.inspect-port'"
expect_config_error $'[lume]\nnode = "x"\nactors = [\n { name = "root", kind = "supervisor" },\n { name = "a", kind = "nope", supervisor = "root" },\n]' \
  "bad.caf:5: key 'lume.actors[1].kind': unknown actor kind 'nope'"
expect_config_error $'[lume]\nnode = "x"\nactors = [\n { name = "root", kind = "supervisor" },\n { name = "a", kind = "ticker", supervisor = "boss" },\n]' \
  "bad.caf:5: key 'lume.actors[1].supervisor': unknown supervisor 'boss'"

# A root supervisor whose child cannot start fails, and its node exits 1
# (the node once stayed up with its root gone, in 6 runs of 8).
printf '%s\n' '[lume]' 'node = "x"' 'inspect-port = 0' 'actors = [' \
  ' { name = "root", kind = "supervisor" },' ' { name = "hb", kind = "ticker", supervisor = "root" },' \
  ' { name = "q", kind = "quantizer", supervisor = "root", options = { on-passed = "sideways" } },' \
  ']' >"$dir/fails.caf"
for _ in 1 2 3 4; do
  set +e
  timeout 20 "$node" --config "$dir/fails.caf" --lume.clock.link=false >/dev/null 2>"$dir/err"
  rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "a root that fails at start: exit $rc, expected 1: $(cat "$dir/err")"
  grep -q "node lost its root supervisor: .*spawn_failed (q)" "$dir/err" \
    || fail "no line naming the root's failure: $(cat "$dir/err")"
done

# The solo node on a free loopback port.
port=$(python3 "$src/tests/lib/free_port.py")
"$node" --config "$src/config/solo.caf" --lume.inspect-port="$port" >"$dir/out" 2>"$dir/log" &
pid=$!
for _ in $(seq 100); do
  grep -q "inspection on 127.0.0.1:$port" "$dir/out" 2>/dev/null && break
  sleep 0.05
done
grep -q "inspection on" "$dir/out" || fail "node did not announce its inspection port"

# Python starts slowly on a loaded box (0.5-3 s): one run per answer.
heartbeat_of() { # JSON -> "STATUS RESTARTS" of the heartbeat row
  python3 -S -c 'import json,sys; r=[r for r in json.load(sys.stdin) if r["name"]=="heartbeat"][0]; print(r["status"], r["restarts"])' <<<"$1"
}
before=$("$repl" "127.0.0.1:$port" -c actors --json)
missing=$(python3 -S -c 'import json,sys; rows=json.load(sys.stdin); print(" ".join(k for k in sys.argv[1:] if not all(k in r for r in rows)))' \
  name kind node supervisor status restarts mailbox received <<<"$before")
[ -z "$missing" ] || fail "actors --json lacks: $missing"
read -r _ r0 <<<"$(heartbeat_of "$before")"
"$repl" "127.0.0.1:$port" -c "kill heartbeat" >/dev/null
for _ in $(seq 100); do
  after=$(heartbeat_of "$("$repl" "127.0.0.1:$port" -c actors --json)")
  [ "$after" = "running $((r0 + 1))" ] && break
  sleep 0.02
done
[ "$after" = "running $((r0 + 1))" ] || fail "heartbeat after a kill: '$after', expected 'running $((r0 + 1))'"
"$repl" "127.0.0.1:$port" -c "frobnicate" 2>"$dir/err" && fail "unknown command accepted"
grep -q "unknown command" "$dir/err" || fail "no error line for an unknown command"
"$repl" "127.0.0.1:$port" -c "inspect nobody" 2>/dev/null && fail "unknown name accepted"
"$repl" "127.0.0.1:$port" -c "send heartbeat {not json" 2>/dev/null && fail "bad JSON accepted"
"$repl" "127.0.0.1:$port" -c "tree" | grep -q "heartbeat \[ticker\] running" || fail "tree"

kill -TERM "$pid"
set +e
wait "$pid"
rc=$?
set -e
pid=
[ "$rc" -eq 0 ] || fail "SIGTERM exit code $rc"
echo "node process test passed"
