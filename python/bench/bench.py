"""Measure the Python package against the CLI (figures in the README, "Python package").

    target/pyenv/bin/python python/bench/bench.py [--spark]

1. Call overhead: 5,000 short one-sentence texts coded one call at a time with
   Coder.code / Coder.code_jsonl, against code_batch(threads=1) on the same texts.
2. Throughput: the 3,824 NewsArticles.csv records (id, date, text, read with
   Python's csv module and written to a JSONL file) through `dyad code` (1 and 2
   threads) and Coder.code_batch (1 and 2 threads). CPU seconds (user + sys) are
   the comparable figure on a loaded machine; wall seconds are printed too.
3. With --spark: dyad.spark.code_dataframe over the same records on local[1]
   and local[2] (after a warm-up job), wall seconds and documents/s per core.
"""

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dyad

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO.parent / "shared" / "data" / "news_articles_dai2017" / "NewsArticles.csv"
DYAD = Path(os.environ.get("DYAD_BIN", REPO / "target" / "release" / "dyad"))


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(f):
    w, c = time.perf_counter(), cpu()
    out = f()
    return out, time.perf_counter() - w, cpu() - c


def rows():
    csv.field_size_limit(sys.maxsize)
    with open(NEWS, newline="", encoding="utf-8", errors="replace") as f:
        return [(r["article_id"], r["publish_date"], r["text"] or "") for r in csv.DictReader(f)]


def cli(path, threads):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w = time.perf_counter()
    p = subprocess.run([str(DYAD), "code", "--quiet", "--threads", str(threads), str(path)],
                       capture_output=True, check=True)
    wall = time.perf_counter() - w
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    c = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return p.stdout.count(b"\n"), wall, c


def main():
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    coder = dyad.Coder()
    short = [f"Russia condemned Ukraine on day {i}." if i % 2 else f"China and India signed a trade agreement in round {i}."
             for i in range(5000)]
    for name, f in [
        ("Coder.code per call", lambda: [coder.code(t, date="2020-01-01", id=str(i)) for i, t in enumerate(short)]),
        ("Coder.code_jsonl per call", lambda: [coder.code_jsonl(t, date="2020-01-01", id=str(i)) for i, t in enumerate(short)]),
        ("code_batch threads=1", lambda: coder.code_batch([str(i) for i in range(len(short))], ["2020-01-01"] * len(short), short, threads=1)),
    ]:
        _, w, c = timed(f)
        print(f"short texts, {name}: {len(short)} docs, {w:.3f} s wall, {c:.3f} s CPU = {1e6 * c / len(short):.1f} µs CPU/doc")
    rs = rows()
    ids, dates, texts = (list(x) for x in zip(*rs))
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "news.jsonl"
        with open(p, "w", encoding="utf-8") as f:
            for i, dt, t in rs:
                f.write(json.dumps({"id": i, "date": dt, "text": t}, ensure_ascii=False) + "\n")
        for threads in (1, 2):
            best = None
            for _ in range(3):
                n, w, c = cli(p, threads)
                best = min(best or (9e9, 0, 0), (c, w, n))
            c, w, n = best
            print(f"3,824 articles, dyad code --threads {threads}: {n} events, best of 3: {w:.2f} s wall, {c:.2f} s CPU (incl. dictionary load)")
            best = None
            for _ in range(3):
                t, w, c = timed(lambda: coder.code_batch(ids, dates, texts, threads=threads))
                best = min(best or (9e9, 0, 0), (c, w, t.num_rows))
            c, w, n = best
            print(f"3,824 articles, Coder.code_batch threads={threads}: {n} events, best of 3: {w:.2f} s wall, {c:.2f} s CPU")
    if "--spark" in sys.argv:
        spark_bench(rs)


def spark_bench(rs):
    from pyspark.sql import SparkSession

    from dyad.spark import code_dataframe

    os.environ["PYSPARK_PYTHON"] = sys.executable
    for cores in (1, 2):
        s = (SparkSession.builder.master(f"local[{cores}]").appName("dyad-bench")
             .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())
        df = s.createDataFrame(rs, "id string, date string, text string").repartition(8).cache()
        df.count()
        code_dataframe(df.limit(50)).count()  # warm-up: Python workers and coders
        w = time.perf_counter()
        n = code_dataframe(df).count()
        w = time.perf_counter() - w
        print(f"Spark local[{cores}]: {len(rs)} articles, {n} events, {w:.2f} s wall = {len(rs) / w / cores:.0f} articles/s per core")
        s.stop()


if __name__ == "__main__":
    main()
