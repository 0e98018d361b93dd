#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for SECONDS each (default 60):
#   scripts/fuzz.sh [SECONDS] [TARGET...]      targets: compile run tiers
# The corpora live in fuzz/corpus/TARGET (seeded from tests/programs) and
# findings in fuzz/artifacts/TARGET. A long run:
#   scripts/fuzz.sh 3600
# A unit taking over 30 s is a finding: programs run under an instruction
# budget, so only a native operation that ignores it can take that long
# (AddressSanitizer slows a normal unit to a few seconds on a busy machine).
# FUZZ_SANITIZER=none skips AddressSanitizer: about 5x the executions per
# second (panics, aborts and tier disagreements are still found; memory
# errors in unsafe code are not), for runs aiming at millions.
# CI runs a short smoke of every target (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
sanitizer="${FUZZ_SANITIZER:-address}"
if [ "$#" -gt 0 ]; then shift; fi
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(compile run tiers)
fi
scripts/install-fuzz.sh
(cd fuzz && cargo +nightly fuzz build -s "$sanitizer")
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    mkdir -p "$corpus"
    if [ "$target" != tiers ]; then
        find tests/programs -name '*.py' -size -8k | while read -r program; do
            seed="$corpus/seed-$(echo "$program" | tr '/' '_')"
            [ -e "$seed" ] || cp "$program" "$seed"
        done
    fi
    echo "== fuzzing $target for ${seconds}s"
    status=0
    (cd fuzz && cargo +nightly fuzz run -s "$sanitizer" "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=4096 \
        -print_final_stats=1) > "$log" 2>&1 || status=$?
    grep -E '^(==[0-9]+==|INFO: Running|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|.*panicked|Done)' "$log" || true
    if [ "$status" -ne 0 ] || [ -n "$(ls -A "fuzz/artifacts/$target" 2>/dev/null)" ]; then
        tail -40 "$log" >&2
        echo "fuzz: findings in fuzz/artifacts/$target" >&2
        exit 1
    fi
done
