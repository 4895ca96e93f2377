"""dyad.Coder against the `dyad` CLI: same events, same errors."""

import json
import sys
import threading
import time
import warnings

import pyarrow as pa
import pytest

import dyad
from conftest import run_cli, table_to_jsonl_dicts


def jsonl_line(d):
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def test_summit_byte_for_byte(repo, dyad_bin):
    """The summit example: Coder.code's dicts serialise to the CLI's lines byte for byte."""
    path = repo / "examples" / "summit.txt"
    out, _ = run_cli(dyad_bin, "code", "--quiet", "--date", "2023-03-20", path)
    cli_lines = out.splitlines()
    assert len(cli_lines) == 12
    doc_id = json.loads(cli_lines[0])["doc_id"]
    coder = dyad.Coder(date="2023-03-20")
    events = coder.code(path.read_text(encoding="utf-8"), id=doc_id)
    assert [jsonl_line(e) for e in events] == cli_lines
    # the raw lines too, and a per-call date overrides the coder's
    assert coder.code_jsonl(path.read_text(encoding="utf-8"), id=doc_id).splitlines() == cli_lines
    again = dyad.Coder().code(path.read_text(encoding="utf-8"), date="20230320", id=doc_id)
    assert [jsonl_line(e) for e in again] == cli_lines


def test_code_batch_equals_cli_on_500_news_articles(news500, cli_events_500):
    """code_batch on 500 NewsArticles rows gives the events of `dyad code` on the same rows, in order."""
    coder = dyad.Coder()
    ids, dates, texts = zip(*news500)
    table = coder.code_batch(list(ids), list(dates), list(texts))
    assert table.schema == dyad.event_schema()
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("spans").type.field("verb").type == pa.struct(
        [pa.field("start", pa.int64(), False), pa.field("end", pa.int64(), False)]
    )
    assert len(cli_events_500) > 500
    assert table.num_rows == len(cli_events_500)
    assert table_to_jsonl_dicts(table) == cli_events_500


def test_code_batch_takes_pandas_and_arrow(news500):
    """A DataFrame or an Arrow table with id/date/text columns codes as the three lists do."""
    pd = pytest.importorskip("pandas")
    rows = news500[:60]
    coder = dyad.Coder()
    ids, dates, texts = (list(c) for c in zip(*rows))
    want = coder.code_batch(ids, dates, texts)
    df = pd.DataFrame({"id": ids, "date": dates, "text": texts})
    assert coder.code_batch(df).equals(want)
    assert coder.code_batch(pa.Table.from_pandas(df)).equals(want)
    other = df.rename(columns={"id": "article_id", "text": "body"})
    assert coder.code_batch(other, id_col="article_id", text_col="body", threads=1).equals(want)
    assert want.num_rows > 0
    # integer ids and datetime dates (pandas datetime64, Arrow date32) become the same strings
    typed = pd.DataFrame(
        {"id": [int(i) for i in ids], "date": pd.to_datetime(dates, format="mixed"), "text": texts}
    )
    assert coder.code_batch(typed).equals(want)
    as_date32 = pa.table({"id": ids, "date": pa.array(typed["date"].dt.date, pa.date32()), "text": texts})
    assert coder.code_batch(as_date32).equals(want)


def test_gil_released_during_code_batch(news500):
    """Another Python thread makes progress while code_batch is inside Rust.

    The switch interval is raised so that a thread holding the GIL in Python
    code never hands it over by itself: the counter can only move between
    the two reads if the native call released the GIL.
    """
    coder = dyad.Coder()
    ids, dates, texts = (list(c) for c in zip(*news500))
    count = 0
    stop = threading.Event()
    started = threading.Event()

    def spin():
        nonlocal count
        started.set()
        while not stop.is_set():
            count += 1
            # a blocking call: hands the GIL to the main thread whenever it waits for it
            time.sleep(0.0005)

    old = sys.getswitchinterval()
    sys.setswitchinterval(100.0)
    try:
        t = threading.Thread(target=spin, daemon=True)
        t.start()
        started.wait()
        before = count
        buf, _ = coder._inner.code_batch_ipc(ids, dates, texts, None)
        after = count
    finally:
        stop.set()
        sys.setswitchinterval(old)
    t.join()
    assert len(buf) > 0
    assert after > before, "the counter thread never ran while code_batch was in Rust"


def test_errors_have_the_cli_messages(repo, dyad_bin, tmp_path):
    summit = repo / "examples" / "summit.txt"
    # bad date
    with pytest.raises(dyad.DyadError) as e:
        dyad.Coder(date="bad")
    assert str(e.value) == 'date "bad" is not a date (want YYYY-MM-DD)'
    _, err = run_cli(dyad_bin, "code", "--date", "bad", summit, check=False)
    assert str(e.value) in err
    with pytest.raises(ValueError):
        dyad.Coder().code("Russia condemned Ukraine.", date="2023-13-45")
    # unreadable dictionary
    missing = tmp_path / "nope.txt"
    with pytest.raises(dyad.DyadError) as e:
        dyad.Coder(dicts=missing)
    assert str(e.value).startswith(f"cannot load dictionaries: cannot read dictionary {missing}: ")
    _, err = run_cli(dyad_bin, "code", "--dict", missing, summit, check=False)
    assert f"dyad: error: {e.value}" in err
    # a bad dictionary line: the same warning as the CLI's
    bad = tmp_path / "bad.agents.txt"
    bad.write_text("MINISTER [~GOV]\nBROKEN LINE WITHOUT CODE\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        c = dyad.Coder(dicts=[bad], cache=False)
    msgs = [str(w.message) for w in got if issubclass(w.category, dyad.DictionaryWarning)]
    assert msgs == [f"dictionary warning: {bad}:2: agent line has no [code]; skipped"]
    assert c.warnings == [f"{bad}:2: agent line has no [code]; skipped"]
    _, err = run_cli(dyad_bin, "code", "--no-cache", "--dict", bad, "--date", "2023-03-20", summit)
    assert f"dyad: {msgs[0]}" in err.splitlines()
    with warnings.catch_warnings():
        warnings.simplefilter("error", dyad.DictionaryWarning)
        with pytest.raises(dyad.DictionaryWarning):
            dyad.Coder(dicts=[bad], cache=False)
    # nothing to code with
    with pytest.raises(dyad.DyadError, match="no actors or no verb patterns loaded"):
        dyad.Coder(builtin=False)
    # a bad row date is a warning, the document is kept without a date
    with pytest.warns(dyad.DateWarning, match="row 1: unparseable date `someday`"):
        t = dyad.Coder().code_batch(["a", "b"], [None, "someday"], ["x", "Russia condemned Ukraine."])
    assert t.column("doc_id").to_pylist() == ["b"] and t.column("date").to_pylist() == [None]
    with pytest.raises(dyad.DyadError, match="differ in length"):
        dyad.Coder()._inner.code_batch_ipc(["a"], [None, None], ["x"], None)


def test_parse_matches_the_cli(repo, dyad_bin, tmp_path):
    """dyad.parse gives the words, tags, heads and relations `dyad parse` prints."""
    text = "Kharkiv was shelled by Russian forces on Tuesday. Russia and China met in Geneva."
    sents = dyad.parse(text)
    assert [len(s["words"]) for s in sents] == [9, 7]
    f = tmp_path / "p.txt"
    f.write_text(text, encoding="utf-8")
    out, _ = run_cli(dyad_bin, "parse", f)
    rows = [l.split("\t") for l in out.splitlines() if l and not l.startswith("#")]
    words = [w for s in sents for w in s["words"]]
    assert [(r[1], r[3], r[4], int(r[6]), r[7]) for r in rows] == [
        (w["form"], w["upos"], w["xpos"], w["head"], w["deprel"]) for w in words
    ]
    assert text.encode()[words[0]["start"]:words[0]["end"]].decode() == "Kharkiv"
    assert dyad.parser_version().startswith("ewt-")
