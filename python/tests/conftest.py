"""Shared fixtures: the `dyad` binary, the repository, and rows of NewsArticles.csv.

The binary is `$DYAD_BIN`, else `<repo>/target/release/dyad` (`cargo build --release`).
Tests that need `../shared/data` skip with a reason when it is absent.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO.parent / "shared" / "data" / "news_articles_dai2017" / "NewsArticles.csv"


@pytest.fixture(scope="session")
def repo():
    return REPO


@pytest.fixture(scope="session")
def dyad_bin():
    b = Path(os.environ.get("DYAD_BIN", REPO / "target" / "release" / "dyad"))
    if not b.exists():
        pytest.skip(f"no dyad binary at {b} (run `cargo build --release` or set DYAD_BIN)")
    return b


def run_cli(dyad_bin, *args, check=True):
    """Run the CLI; (stdout, stderr) as text."""
    p = subprocess.run([str(dyad_bin), *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"dyad {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
    return p.stdout, p.stderr


def news_rows(n):
    """The first `n` records of NewsArticles.csv as (id, date, text) with Python's csv module."""
    if not NEWS.exists():
        pytest.skip(f"{NEWS} absent (../shared/data not laid out)")
    csv.field_size_limit(sys.maxsize)
    rows = []
    with open(NEWS, newline="", encoding="utf-8", errors="replace") as f:
        for r in csv.DictReader(f):
            rows.append((r["article_id"], r["publish_date"], r["text"] or ""))
            if len(rows) >= n:
                break
    return rows


@pytest.fixture(scope="session")
def news500():
    return news_rows(500)


@pytest.fixture(scope="session")
def news500_jsonl(news500, tmp_path_factory):
    """The 500 rows as a JSONL file of id/date/text: the very input the CLI gets."""
    p = tmp_path_factory.mktemp("news") / "news500.jsonl"
    with open(p, "w", encoding="utf-8") as f:
        for i, d, t in news500:
            f.write(json.dumps({"id": i, "date": d, "text": t}, ensure_ascii=False) + "\n")
    return p


@pytest.fixture(scope="session")
def cli_events_500(dyad_bin, news500_jsonl):
    """`dyad code` on the 500 rows: the parsed JSONL events, in output order."""
    out, _ = run_cli(dyad_bin, "code", "--quiet", news500_jsonl)
    return [json.loads(line) for line in out.splitlines()]


def table_to_jsonl_dicts(table):
    """Rows of a code_batch table as the dicts `dyad code` writes (date text, issues key only when non-empty)."""
    out = []
    for r in table.to_pylist():
        r["date"] = r["date"].isoformat() if r["date"] is not None else ""
        if not r["issues"]:
            del r["issues"]
        out.append(r)
    return out
