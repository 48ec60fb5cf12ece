#!/usr/bin/env bash
# Issue 17's proof that the suite is deterministic on a busy machine: a clean clone of this
# repository's HEAD, set up on an idle machine, then the README's `make test` RUNS times in a
# row (default 3) while two busy processes (like `stress -c 2`) run beside it.
#   scripts/suite_under_load.sh [RUNS]      summary: $OUT/summary.log, logs: $OUT/run-N.log
# Stops at the first failing run (its log has the failure and, for a hang, the hang guard's
# report of the stuck process). OUT defaults to /tmp/cloister-under-load.
set -u
runs=${1:-3}
out=${OUT:-/tmp/cloister-under-load}
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$out" && mkdir -p "$out"
summary=$out/summary.log
git clone -q "$repo" "$out/clone" && cd "$out/clone" || exit 1
echo "commit $(git rev-parse --short HEAD), $(nproc) cores, started $(date -u +%FT%TZ)" | tee "$summary"
make setup-tests > "$out/setup.log" 2>&1 || { echo "set-up failed: $out/setup.log" | tee -a "$summary"; exit 1; }
busy=()
for _ in 1 2; do python3 -c 'while True: pass' & busy+=($!); done
trap 'kill "${busy[@]}" 2>/dev/null' EXIT
for i in $(seq 1 "$runs"); do
    started=$(date +%s)
    make test > "$out/run-$i.log" 2>&1
    code=$?
    echo "run $i: exit $code in $(( $(date +%s) - started )) s, load $(cut -d' ' -f1-3 /proc/loadavg):" \
        "$(tail -n 1 "$out/run-$i.log")" | tee -a "$summary"
    [ "$code" = 0 ] || exit "$code"
done
echo "all $runs runs passed, $(date -u +%FT%TZ)" | tee -a "$summary"
