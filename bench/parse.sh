#!/usr/bin/env bash
# Tagger + parser speed and memory (issue 12): sentences/s and words/s on one
# core over every sentence of NewsArticles.csv (crates/dyad-parse/examples/
# parse_speed.rs), then the built-in model's load time and peak RSS from
# `dyad parse` on an empty input (/usr/bin/time).
# Usage: bench/parse.sh [MODEL]     (needs ../shared/data; not run in CI)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
cargo build --release -q -p dyad-parse --example parse_speed
cargo build --release -q --bin dyad
taskset -c 0 target/release/examples/parse_speed "$@"
for i in 1 2 3; do
  /usr/bin/time -f "dyad parse (load the model, parse nothing): %e s wall, %U s user, %M KB peak RSS" \
    target/release/dyad parse ${1:+--parser-model "$1"} < /dev/null
done
