#!/usr/bin/env bash
# Run every cargo-fuzz target for SECONDS seconds each (default 600), one
# after the other, on one core. Outside CI. Needs `cargo install cargo-fuzz`;
# on the stable toolchain cargo-fuzz needs RUSTC_BOOTSTRAP=1 (set here).
# Crashing inputs land in fuzz/artifacts/TARGET/; corpora in fuzz/corpus/TARGET/
# (seeded from tests/bad_input/ on first run). Exit status: non-zero if any
# target found a crash.
set -u
SECONDS_EACH="${1:-600}"
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HERE/target}"
TARGETS="${TARGETS:-text_analyze dict_native dict_petrarch doc_reader coder coder_phoenix gdelt eval_gold}"
status=0
for t in $TARGETS; do
    corpus="corpus/$t"
    if [ ! -d "$corpus" ]; then
        mkdir -p "$corpus"
        # Seed with the bad-input catalogue (small files only). The first byte
        # of each input selects the format/kind in most targets, so every seed
        # is also given with each selector byte.
        for f in ../tests/bad_input/*; do
            [ -f "$f" ] || continue
            [ "$(stat -c %s "$f")" -le 65536 ] || continue
            b=$(basename "$f")
            for sel in 0 1 2 3 4 5; do
                { printf "\\$(printf '%03o' "$sel")"; cat "$f"; } > "$corpus/$sel-$b"
            done
        done
    fi
    echo "== $t: ${SECONDS_EACH}s"
    if ! cargo fuzz run --release --debug-assertions "$t" "$corpus" -- \
        -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1; then
        echo "!! $t failed (see fuzz/artifacts/$t/)"
        status=1
    fi
done
exit $status
