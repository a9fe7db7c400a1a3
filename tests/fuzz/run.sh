#!/usr/bin/env bash
# run.sh - run the libFuzzer targets one after the other.
#   tests/fuzz/run.sh BUILD [SECONDS] [TARGET...]
# BUILD is a build dir set up with clang and -Dfuzz=true (docs/TESTING.md);
# SECONDS per target (default 300); TARGETs default to all six.  New inputs
# go to BUILD/fuzz-corpus/TARGET (the seeds in tests/fuzz/corpus stay as
# they are), crashes to BUILD/fuzz-artifacts/TARGET/.  Exit 1 when any target
# found a crash, a leak or a timeout.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?usage: run.sh BUILD [SECONDS] [TARGET...]}"
secs="${2:-300}"
shift $(( $# >= 2 ? 2 : 1 ))
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json ingest html rules timex sentences)
export PARLEY_RULES_DIR="${PARLEY_RULES_DIR:-$here/../../rules}"
# every UBSan report is a crash with a saved input, not a line in the log
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
status=0
for t in "${targets[@]}"; do
	exe="$build/tests/fuzz/fuzz_$t"
	[ -x "$exe" ] || { echo "$exe: not built (CC=clang meson setup ... -Dfuzz=true)"; exit 2; }
	mkdir -p "$build/fuzz-corpus/$t" "$build/fuzz-artifacts/$t"
	dict=()
	[ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")
	echo "== fuzz_$t for ${secs}s"
	# -timeout: one input taking longer than 10 s is a finding (hangs count)
	"$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
		-print_final_stats=1 "${dict[@]}" -artifact_prefix="$build/fuzz-artifacts/$t/" \
		"$build/fuzz-corpus/$t" "$here/corpus/$t" >"$build/fuzz-artifacts/$t.log" 2>&1
	rc=$?
	grep -E '^(stat::|Done|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' \
		"$build/fuzz-artifacts/$t.log" | head -20
	[ $rc -ne 0 ] && { echo "fuzz_$t: exit $rc, see $build/fuzz-artifacts/$t.log"; status=1; }
done
exit $status
