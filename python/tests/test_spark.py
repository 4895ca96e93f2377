"""dyad.spark on local[2] Spark against the CLI (skipped when PySpark or Java is missing)."""

import json
import os
import shutil
import sys
from collections import Counter

import pytest

import dyad
from conftest import run_cli

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("no java on PATH (Spark needs Java 17)")
    from pyspark.sql import SparkSession

    # the workers run this interpreter, which has the wheel (on a cluster: the
    # shipped environment's python, see the README)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("dyad-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    yield s
    s.stop()


def canon(e):
    """An event as a comparable JSON string (keys of the JSONL, issues only when present)."""
    return json.dumps(e, sort_keys=True, ensure_ascii=False)


def test_code_dataframe_equals_cli(spark, news500, cli_events_500):
    """500 NewsArticles rows coded on local[2] Spark give the event set of `dyad code`."""
    from dyad.spark import code_dataframe

    df = spark.createDataFrame(news500, "id string, date string, text string").repartition(4)
    events = code_dataframe(df)
    assert [f.name for f in events.schema.fields] == dyad.event_schema().names
    rows = []
    for r in events.collect():
        d = r.asDict(recursive=True)
        d["date"] = d["date"].isoformat() if d["date"] is not None else ""
        if not d["issues"]:
            del d["issues"]
        rows.append(canon(d))
    want = [canon(e) for e in cli_events_500]
    assert len(rows) == len(want) > 500
    assert Counter(rows) == Counter(want)


def test_parquet_export_per_month_counts(spark, dyad_bin, news500_jsonl, tmp_path):
    """Spark over `dyad export --format parquet` counts the USA–RUS events per month as `dyad query dyad`."""
    db = tmp_path / "news.db"
    run_cli(dyad_bin, "ingest", "--quiet", "--db", db, news500_jsonl)
    out = tmp_path / "parquet"
    run_cli(dyad_bin, "export", "--db", db, "--format", "parquet", "--out", out)
    q, _ = run_cli(dyad_bin, "query", "dyad", "USA", "RUS", "--by", "month", "--db", db, "--json")
    # `query dyad` is zero-filled (every month of the store's range); Spark's
    # groupBy only has the months with events.
    want = {r["period"]: int(r["both"]["events"]) for r in json.loads(q) if int(r["both"]["events"]) > 0}
    assert sum(want.values()) > 0

    from pyspark.sql import functions as F

    ev = spark.read.parquet(str(out))
    usa, rus = F.col("source").startswith("USA"), F.col("target").startswith("RUS")
    rus_s, usa_t = F.col("source").startswith("RUS"), F.col("target").startswith("USA")
    got = (
        ev.where((F.col("origin") == "dyad") & F.col("date").isNotNull())
        .where((usa & rus) | (rus_s & usa_t))
        .groupBy(F.date_format("date", "yyyy-MM").alias("period"))
        .count()
        .collect()
    )
    assert {r["period"]: r["count"] for r in got} == want
    # the partition columns agree with the dates
    bad = ev.where(F.col("date").isNotNull()).where(
        (F.col("year") != F.year("date")) | (F.col("month") != F.month("date"))
    )
    assert bad.count() == 0
