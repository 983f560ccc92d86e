#!/bin/sh
# run.sh — runs each libFuzzer target of tests/fuzz for a while (make fuzz).
#
#   tests/fuzz/run.sh BUILD SECONDS TARGET...
#
# Each target starts from its committed seeds (tests/fuzz/corpus/NAME/,
# read only) and what it found in earlier runs (BUILD/corpus/NAME/, where
# new inputs go). A crash, leak or hang stops that target, its input is
# kept in BUILD/crashes/, and the run ends with exit 1 after the other
# targets have run: reproduce it with `BUILD/fuzz/NAME FILE`, then make it
# a test case in tests/ and fix it.
set -u
build=$1 seconds=$2
shift 2
here=$(dirname "$0")
# Targets run FUZZ_JOBS at a time (default: one per core), each for the
# whole of its seconds: the machine's cores, not the wall clock, set how
# much fuzzing a short CI run gets.
jobs=${FUZZ_JOBS:-$(nproc)}
mkdir -p "$build/crashes"
rm -f "$build"/crashes/*.failed

# fuzz_one TARGET: one target for its seconds; its stats on success, its
# whole log and a .failed mark on a finding.
fuzz_one() {
    name=${1#fuzz_}
    mkdir -p "$build/corpus/$name"
    # -timeout: one input taking longer is a hang; -rss_limit_mb: one
    # growing past this is a leak or a bomb; stderr kept in a log, shown
    # in full on failure (the libFuzzer status lines are long).
    log="$build/crashes/$name.log"
    if "$build/fuzz/$1" "$build/corpus/$name" "$here/corpus/$name" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/crashes/$name-" >"$log" 2>&1; then
        echo "fuzz: $name ran ${seconds}s"
        grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$log" |
            sed "s/^stat::/  $name: /"
    else
        cat "$log" >&2
        echo "fuzz: $name FAILED; the input is in $build/crashes/" >&2
        : > "$build/crashes/$name.failed"
    fi
}

# Target i goes to lane i mod jobs; each lane runs its targets one after
# another, the lanes side by side.
lane=0
while [ $lane -lt "$jobs" ]; do
    (
        i=0
        for target in "$@"; do
            [ $((i % jobs)) -eq $lane ] && fuzz_one "$target"
            i=$((i + 1))
        done
    ) &
    lane=$((lane + 1))
done
wait
failed=$(cd "$build/crashes" && ls -- *.failed 2>/dev/null | sed 's/\.failed$//' | tr '\n' ' ')
if [ -n "$failed" ]; then
    echo "fuzz: failed: $failed" >&2
    exit 1
fi
echo "fuzz: every target ran ${seconds}s without a finding"
