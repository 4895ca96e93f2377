#!/usr/bin/env bash
# Ingest N documents that all report one event ("Russia attacked Ukraine." on
# one date) into a fresh store and print the wall time (issue 15: recounting
# every report of an event at each commit made this quadratic; 100k rows took
# 50 s). Not a test (timings depend on the machine). Usage:
#   bench/ingest_one_event.sh [N=200000]
# Env: DYAD_BIN (default target/release/dyad), OUT (default target/bench/one_event).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200000}"
BIN="${DYAD_BIN:-target/release/dyad}"
OUT="${OUT:-target/bench/one_event}"
mkdir -p "$OUT"
rm -f "$OUT/s.db" "$OUT/s.db-wal" "$OUT/s.db-shm"
awk -v n="$N" 'BEGIN { print "id,date,text"; for (i = 1; i <= n; i++) printf "d%d,2022-02-24,Russia attacked Ukraine.\n", i }' > "$OUT/rows.csv"
start=$(date +%s.%N)
"$BIN" ingest --db "$OUT/s.db" --quiet "$OUT/rows.csv"
end=$(date +%s.%N)
echo "rows: $N  wall: $(echo "$end - $start" | bc) s"
sqlite3 "$OUT/s.db" "SELECT event_key, num_mentions, num_sources, num_articles FROM events" 2>/dev/null || true
