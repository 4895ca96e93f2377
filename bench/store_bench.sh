#!/usr/bin/env bash
# Store benchmark (not run in CI). Figures go to README "Store and queries" and docs/STORE.md.
#   1. ingest throughput on NewsArticles.csv
#   2. import of 1M GDELT rows made by resampling the real 2.0 sample
#      (new GLOBALEVENTIDs, dates spread over 2015-2019), queries over them
#   3. import of 10M rows made the same way (the first 1M are the same rows),
#      queries over them, each cold (the store's pages dropped from the OS cache
#      with posix_fadvise, which touches no other file) and warm
# Needs ../shared/data, python3 (stdlib only) and about 16 GB of free disk
# (10M rows: 4.1 GB of TSV, 8-9 GB of store). Generated files are deleted at the end.
# Usage: [DYAD_BIN=path/to/dyad] [BENCH_10M=0] bench/store_bench.sh [WORKDIR]   (default: target/store/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
WORK=${1:-target/store/bench}
need_gb=16
[ "${BENCH_10M:-1}" = 1 ] || need_gb=3
free_gb=$(df -Pk . | awk 'NR==2 {print int($4/1024/1024)}')
if [ "$free_gb" -lt "$need_gb" ]; then
  echo "only ${free_gb} GB free here; need ${need_gb} GB" >&2
  exit 1
fi
[ -d "$DATA" ] || { echo "$DATA is absent" >&2; exit 1; }
if [ -n "${DYAD_BIN:-}" ]; then
  BIN=$DYAD_BIN   # a dyad binary built already
else
  cargo build --release --quiet --bin dyad
  BIN=${CARGO_TARGET_DIR:-target}/release/dyad
fi
mkdir -p "$WORK"
rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm
t() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); python3 -c "print(f'  {$e-$s:.3f} s')" >&2; }
# Drop one store's pages from the OS page cache (no other file is touched).
evict() {
  python3 - "$@" <<'PY'
import os, sys
for p in sys.argv[1:]:
    if os.path.exists(p):
        fd = os.open(p, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
}
gen() {  # gen N OUT: N rows resampled from the real GDELT 2.0 sample
  python3 - "$DATA/gdelt_events_sample/20191024143000.export.CSV" "$2" "$1" <<'PY'
import random, sys, datetime
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
n = int(sys.argv[3])
random.seed(7)
start = datetime.date(2015, 1, 1)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(n):
        r = list(random.choice(rows))
        d = start + datetime.timedelta(days=random.randrange(5 * 365))
        r[0] = str(1_000_000_000 + i)
        r[1], r[2], r[3] = d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year)
        out.write("\t".join(r) + "\n")
PY
}

echo "== ingest NewsArticles.csv"
t "$BIN" ingest --db "$WORK/news.db" --id-column article_id --date-column publish_date \
  --url-column article_source_link "$DATA/news_articles_dai2017/NewsArticles.csv"

q() {  # q DB LABEL
  local db=$1
  for cmd in "query dyad USA RUS --by month" "query dyad USA RUS --by month --normalize" \
    "query dyad USA RUS --by week --one-a-day" "query dyad CHN USA --by day --from 2016-03-10 --to 2017-08-20" \
    "query network --min-events 10" "query network --from 2016-03-10 --to 2017-08-20" "query blocs"; do
    echo "-- $cmd ($2): cold, then warm twice"
    evict "$db" "$db-wal"
    # shellcheck disable=SC2086
    t "$BIN" $cmd --origin gdelt --db "$db" > /dev/null
    # shellcheck disable=SC2086
    t "$BIN" $cmd --origin gdelt --db "$db" > /dev/null
    # shellcheck disable=SC2086
    t "$BIN" $cmd --origin gdelt --db "$db" > /dev/null
  done
}

echo "== make 1M GDELT rows"
gen 1000000 "$WORK/gdelt_1m.tsv"
ls -la "$WORK/gdelt_1m.tsv"
echo "== import 1M GDELT rows"
t "$BIN" import gdelt --quiet --db "$WORK/g1m.db" "$WORK/gdelt_1m.tsv"
ls -la "$WORK/g1m.db"
q "$WORK/g1m.db" "1M events"
rm -f "$WORK/gdelt_1m.tsv"

if [ "${BENCH_10M:-1}" != 1 ]; then
  echo "(BENCH_10M=0: skipping 10M)"
  rm -f "$WORK"/g1m.db*
  exit 0
fi
echo "== make 10M GDELT rows"
gen 10000000 "$WORK/gdelt_10m.tsv"
ls -la "$WORK/gdelt_10m.tsv"
echo "== import 10M GDELT rows"
t "$BIN" import gdelt --quiet --db "$WORK/g10m.db" "$WORK/gdelt_10m.tsv"
ls -la "$WORK/g10m.db"
python3 - "$WORK/g10m.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ["events", "dyad_daily", "dyad_pairs", "dyad_day_totals", "dyad_edges"]:
    print(t, c.execute(f"SELECT count(*) FROM {t}").fetchone()[0], "rows")
PY
q "$WORK/g10m.db" "10M events"
rm -f "$WORK/gdelt_10m.tsv" "$WORK"/g1m.db* "$WORK"/g10m.db* "$WORK"/news.db*
