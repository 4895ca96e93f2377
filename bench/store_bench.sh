#!/usr/bin/env bash
# Store benchmark (not run in CI). Figures go to README "Store and queries".
#   1. ingest throughput on NewsArticles.csv
#   2. import of 1M GDELT rows made by resampling the real 2.0 sample
#      (new GLOBALEVENTIDs, dates spread over 2015-2019)
#   3. `query dyad USA RUS` and `query network` over 1M and 10M events
#      (10M made inside SQLite by copying the 1M rows ten times with shifted
#      keys and dates)
# Needs ../shared/data, python3 (stdlib only) and about 8 GB of free disk.
# Usage: [DYAD_BIN=path/to/dyad] [BENCH_10M=0] bench/store_bench.sh [WORKDIR]   (default: target/store-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
WORK=${1:-target/store-bench}
need_gb=8
free_gb=$(df -Pk . | awk 'NR==2 {print int($4/1024/1024)}')
if [ "$free_gb" -lt "$need_gb" ]; then
  echo "only ${free_gb} GB free here; need ${need_gb} GB" >&2
  exit 1
fi
[ -d "$DATA" ] || { echo "$DATA is absent" >&2; exit 1; }
if [ -n "${DYAD_BIN:-}" ]; then
  BIN=$DYAD_BIN   # a dyad binary built already
else
  cargo build --release --quiet
  BIN=${CARGO_TARGET_DIR:-target}/release/dyad
fi
mkdir -p "$WORK"
rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm
t() { local s e; s=$(date +%s.%N); "$@"; e=$(date +%s.%N); python3 -c "print(f'{$e-$s:.3f} s')" >&2; }

echo "== ingest NewsArticles.csv"
t "$BIN" ingest --db "$WORK/news.db" --id-column article_id --date-column publish_date \
  --url-column article_source_link "$DATA/news_articles_dai2017/NewsArticles.csv"

echo "== make 1M GDELT rows"
python3 - "$DATA/gdelt_events_sample/20191024143000.export.CSV" "$WORK/gdelt_1m.tsv" <<'PY'
import random, sys, datetime
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
random.seed(7)
start = datetime.date(2015, 1, 1)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(1_000_000):
        r = list(random.choice(rows))
        d = start + datetime.timedelta(days=random.randrange(5 * 365))
        r[0] = str(1_000_000_000 + i)
        r[1], r[2], r[3] = d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year)
        out.write("\t".join(r) + "\n")
PY
ls -la "$WORK/gdelt_1m.tsv"

echo "== import 1M GDELT rows"
t "$BIN" import gdelt --quiet --db "$WORK/g.db" "$WORK/gdelt_1m.tsv"

q() {
  echo "-- query dyad USA RUS --by month ($1)"
  t "$BIN" query dyad USA RUS --by month --origin gdelt --db "$WORK/g.db" > /dev/null
  t "$BIN" query dyad USA RUS --by month --origin gdelt --db "$WORK/g.db" > /dev/null
  echo "-- query dyad USA RUS --by month --normalize ($1)"
  t "$BIN" query dyad USA RUS --by month --normalize --origin gdelt --db "$WORK/g.db" > /dev/null
  echo "-- query network --min-events 10 ($1)"
  t "$BIN" query network --min-events 10 --origin gdelt --db "$WORK/g.db" > /dev/null
  echo "-- query blocs ($1)"
  t "$BIN" query blocs --origin gdelt --db "$WORK/g.db" > /dev/null
}
q "1M events"

if [ "${BENCH_10M:-1}" != 1 ]; then echo "(BENCH_10M=0: skipping 10M)"; exit 0; fi
echo "== grow to 10M events (copies with shifted keys and dates)"
t python3 - "$WORK/g.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in c.execute("PRAGMA table_info(events)") if r[1] not in ("id", "event_key", "date")]
c.execute("BEGIN")
for k in range(1, 10):
    c.execute(
        f"INSERT INTO events(event_key, date, {', '.join(cols)}) "
        f"SELECT CAST(event_key AS INTEGER) + {k} * 10000000, date(date, '+{k * 5} years'), {', '.join(cols)} "
        f"FROM events WHERE origin='gdelt' AND CAST(event_key AS INTEGER) < 1001000000"
    )
c.execute("COMMIT")
print(c.execute("SELECT count(*) FROM events").fetchone()[0], "events")
c.execute("ANALYZE")
PY
ls -la "$WORK/g.db"
q "10M events"
