#!/usr/bin/env bash
# Load test of `dyad serve` on loopback (issue 7): CONNECTIONS keep-alive
# connections for SECONDS seconds against a store holding the Dai (2017) news
# corpus, with a mix of API requests (crates/dyad-server/examples/loadtest.rs).
# Prints requests/s, p50/p90/p99 latency per route, errors, and the server's
# RSS before, during (sampled every second from /proc) and after.
#
#   bench/load_test.sh [CONNECTIONS=1000] [SECONDS=60] [ROUNDS=1]
#
# With ROUNDS > 1 the client runs again against the same server process: RSS
# that levels off between rounds is a plateau (caches, allocator), not a leak.
#
# Env: CARGO_TARGET_DIR (default target/), DB (default $CARGO_TARGET_DIR/loadtest.db,
# ingested on first use), PORT (default 18080), CSV (the corpus).
# Exit status: the client's (non-zero when any request failed).
set -euo pipefail
CONNS="${1:-1000}"
SECS="${2:-60}"
ROUNDS="${3:-1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
T="${CARGO_TARGET_DIR:-$ROOT/target}"
DB="${DB:-$T/loadtest.db}"
PORT="${PORT:-18080}"
CSV="${CSV:-$ROOT/../shared/data/news_articles_dai2017/NewsArticles.csv}"

# 1000 client sockets + 1000 server sockets + SQLite files per request.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 65536 2>/dev/null || true
echo "ulimit -n: $(ulimit -n)"
[ "$(ulimit -n)" -ge $((2 * CONNS + 200)) ] || { echo "ulimit -n too low for $CONNS connections" >&2; exit 2; }

cargo build --release --bin dyad
cargo build --release -p dyad-server --example loadtest
BIN="$T/release/dyad"
CLIENT="$T/release/examples/loadtest"

if [ ! -f "$DB" ]; then
    [ -f "$CSV" ] || { echo "no corpus at $CSV" >&2; exit 2; }
    "$BIN" ingest --db "$DB" --id-column article_id --date-column publish_date \
        --url-column article_source_link "$CSV"
fi

"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done
echo "machine: $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
for r in $(seq 1 "$ROUNDS"); do
    echo "-- round $r of $ROUNDS"
    "$CLIENT" --addr "127.0.0.1:$PORT" --connections "$CONNS" --seconds "$SECS" --pid "$SERVER" || status=1
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
