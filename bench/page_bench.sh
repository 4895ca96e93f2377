#!/usr/bin/env bash
# Page bench (not run in CI; README "The web page"): server-side time of the
# overview and network APIs, and the page's first render in headless Chromium.
#   bench/page_bench.sh STORE.db [ORIGIN]   (ORIGIN dyad|gdelt, default gdelt)
# Needs /usr/bin/chromium and `npm ci` in crates/dyad-server/e2e. A 1M GDELT
# store is made as in bench/store_bench.sh (resampled 2.0 rows, `dyad import gdelt`).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:?usage: bench/page_bench.sh STORE.db [ORIGIN]}
ORIGIN=${2:-gdelt}
if [ -n "${DYAD_BIN:-}" ]; then BIN=$DYAD_BIN; else
  cargo build --release --quiet --bin dyad
  BIN=${CARGO_TARGET_DIR:-target}/release/dyad
fi
PORT=${PORT:-18790}
"$BIN" serve --db "$DB" --addr 127.0.0.1:$PORT 2>/dev/null &
PID=$!
trap 'kill $PID' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:$PORT/ && break; sleep 0.1; done
echo "overview API (server_ms = the analytics call; total = curl's request time), 10 calls:"
for _ in $(seq 10); do
  t=$(curl -s -o /tmp/dyad-page-bench.json -w "%{time_total}" "http://127.0.0.1:$PORT/api/overview?origin=$ORIGIN")
  python3 -c "import json,sys; d=json.load(open('/tmp/dyad-page-bench.json')); print(f\"  total {float(sys.argv[1])*1000:.0f} ms, server_ms {d['server_ms']}, events {d['events']}\")" "$t"
done
echo "country network API, 5 calls:"
for _ in $(seq 5); do
  curl -s -o /dev/null -w "  total %{time_total} s\n" "http://127.0.0.1:$PORT/api/country_network?origin=$ORIGIN&limit=40"
done
echo "first render in headless Chromium (fresh context each run):"
node crates/dyad-server/e2e/bench.mjs "http://127.0.0.1:$PORT/" "#/overview?origin=$ORIGIN" 7
node crates/dyad-server/e2e/bench.mjs "http://127.0.0.1:$PORT/" "#/network?origin=$ORIGIN" 5
node crates/dyad-server/e2e/bench.mjs "http://127.0.0.1:$PORT/" "#/dyad/USA/RUS?origin=$ORIGIN" 5
