#!/usr/bin/env bash
# fuzz.sh [--smoke] FUZZ_BUILD_DIR SEEDS_DIR SECONDS TARGET...
# Runs each libFuzzer target (FUZZ_BUILD_DIR/tests/fuzz/fuzz-TARGET) for
# SECONDS on its seeds (SEEDS_DIR/TARGET, written by lume-fuzz-seeds), its
# regression inputs (tests/fuzz/regressions/TARGET) and, for `config`, the
# repository's config/*.caf; one summary line per target. New inputs go into
# FUZZ_BUILD_DIR/corpus/TARGET (kept between runs), crashes, leaks and hangs
# into FUZZ_BUILD_DIR/artifacts/TARGET/, the log into FUZZ_BUILD_DIR/logs/.
# An input running 60 s is a hang (a shorter limit fired falsely under
# nice 19 on a box at load 20: an ASan madvise stall, the input ran in 50 ms).
# --smoke: a fresh corpus that is thrown away, and exit 77 (skipped) if the
# fuzz build lacks the target. Exit status 1 if any target found a problem.
set -uo pipefail

smoke=0
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
[ $# -ge 4 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
build=$1 seeds=$2 seconds=$3
shift 3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

# Leaks are findings; UBSan stops at the first report (also compiled so).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
for target in "$@"; do
  bin=$build/tests/fuzz/fuzz-$target
  if [ ! -x "$bin" ]; then
    echo "fuzz $target: no $bin (configure and build the fuzz preset)"
    [ $smoke = 1 ] && exit 77
    status=1
    continue
  fi
  if [ $smoke = 1 ]; then
    work=$(mktemp -d)
    corpus=$work/corpus artifacts=$work/artifacts/ log=$work/log
  else
    corpus=$build/corpus/$target artifacts=$build/artifacts/$target/ log=$build/logs/$target.log
  fi
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dirs=("$corpus")
  for d in "$seeds/$target" "$here/regressions/$target"; do
    [ -d "$d" ] && dirs+=("$d")
  done
  [ "$target" = config ] && dirs+=("$root/config")
  "$bin" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dirs[@]}" > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  inputs=$(find "$corpus" -type f | wc -l)
  if [ $rc -eq 0 ]; then
    result=ok
  else
    result="FAILED (exit $rc): $(grep -m1 -E 'ERROR|fuzz check failed|runtime error' "$log")"
    status=1
  fi
  echo "fuzz $target: ${execs:-0} inputs in ${seconds} s (${rate:-0}/s), corpus $inputs, peak ${rss:-?} MB: $result"
  if [ $rc -ne 0 ]; then
    tail -40 "$log" >&2
    echo "fuzz $target: log $log, inputs in $artifacts" >&2
  fi
  [ $smoke = 1 ] && [ $rc -eq 0 ] && rm -rf "$work"
done
exit $status
