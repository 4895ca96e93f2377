"""dyad.Store against `dyad ingest` + `dyad query`: the same figures."""

import json

import pytest

import dyad
from conftest import run_cli

pd = pytest.importorskip("pandas", reason="pandas is not installed")


@pytest.fixture(scope="module")
def stores(dyad_bin, news500, news500_jsonl, tmp_path_factory):
    """(Python store, CLI store path), both holding the 500 rows."""
    d = tmp_path_factory.mktemp("stores")
    cli_db = d / "cli.db"
    run_cli(dyad_bin, "ingest", "--quiet", "--db", cli_db, news500_jsonl)
    st = dyad.Store(d / "py.db")
    df = pd.DataFrame(news500, columns=["id", "date", "text"])
    stats = st.ingest(df)
    assert stats["documents"] == 500 and stats["coded"] + stats["non_english"] == 500
    return st, cli_db


def cli_json(dyad_bin, db, *args):
    out, _ = run_cli(dyad_bin, "query", *args, "--db", db, "--json")
    return json.loads(out)


def test_dyad_series(stores, dyad_bin):
    st, cli_db = stores
    want = cli_json(dyad_bin, cli_db, "dyad", "USA", "RUS", "--by", "month")
    got = st.dyad("USA", "RUS", by="month")
    assert len(want) > 0 and list(got["period"]) == [r["period"] for r in want]
    for (_, g), w in zip(got.iterrows(), want):
        for side in ("ab", "ba", "both"):
            assert g[f"{side}_events"] == w[side]["events"]
            assert [g[f"{side}_q{i}"] for i in range(1, 5)] == w[side]["quad"]
            assert g[f"{side}_goldstein_sum"] == w[side]["goldstein_sum"]
            assert g[f"{side}_top_codes"] == [tuple(x) for x in w[side]["top_codes"]]
    weekly = cli_json(dyad_bin, cli_db, "dyad", "USA", "RUS", "--by", "week", "--one-a-day")
    assert list(st.dyad("USA", "RUS", by="week", one_a_day=True)["both_events"]) == [
        r["both"]["events"] for r in weekly
    ]


def test_network_actors_blocs_events(stores, dyad_bin):
    st, cli_db = stores
    want = cli_json(dyad_bin, cli_db, "network", "--min-events", "2")
    assert st.network(2).to_dict("records") == want and len(want) > 0
    want = cli_json(dyad_bin, cli_db, "actors", "--limit", "15")
    assert st.actors(15).to_dict("records") == want
    want = cli_json(dyad_bin, cli_db, "blocs")
    got = st.blocs()
    assert got.attrs["modularity"] == want["modularity"] and got.attrs["nodes"] == want["nodes"]
    assert [list(m) for m in got["members"]] == [b["members"] for b in want["blocs"]]
    out, _ = run_cli(dyad_bin, "export", "--db", cli_db, "--format", "jsonl")
    exported = [json.loads(line) for line in out.splitlines()]
    ev = st.events()
    assert len(ev) == len(exported) > 0
    assert sorted(ev["event_key"]) == sorted(e["event_key"] for e in exported)
    rus = st.events(actor="RUS", code="1")
    assert len(rus) > 0 and all(
        (s.startswith("RUS") or t.startswith("RUS")) and c.startswith("1")
        for s, t, c in zip(rus["source"], rus["target"], rus["code"])
    )


def test_store_errors(tmp_path):
    st = dyad.Store(tmp_path / "e.db")
    with pytest.raises(dyad.DyadError, match='from "2020-99-01" is not a date'):
        st.dyad("USA", "RUS", from_="2020-99-01")
    with pytest.raises(dyad.DyadError, match="from 2021-01-01 is after to 2020-01-01"):
        st.network(from_="2021-01-01", to="2020-01-01")
    with pytest.raises(dyad.DyadError, match="cannot open store"):
        dyad.Store(tmp_path / "no" / "such" / "dir" / "x.db")
    assert st.dyad("USA", "RUS").empty
