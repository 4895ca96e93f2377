"""dyad: political event coding (who did what to whom) from raw English news text.

The coder, the store and the queries are the Rust library of the ``dyad``
command-line tool (one implementation; this package is a thin layer):

>>> import dyad
>>> coder = dyad.Coder(date="2023-03-20")
>>> events = coder.code("Russia condemned Ukraine on Monday.")
>>> events[0]["source"], events[0]["code"], events[0]["target"]
('RUS', '111', 'UKR')

- :class:`Coder`: ``code(text)`` -> list of dicts (the JSONL events of
  ``dyad code``); ``code_batch(...)`` -> ``pyarrow.Table`` coded in parallel
  with the GIL released.
- :class:`Store`: the SQLite event store of ``dyad ingest`` / ``dyad query``;
  queries return ``pandas.DataFrame``.
- :mod:`dyad.spark`: ``code_dataframe(df)`` codes a Spark DataFrame with
  ``mapInArrow``.

Errors raise :class:`DyadError` (a ``ValueError``) with the CLI's message;
dictionary entries the loader skipped are reported as
:class:`DictionaryWarning` (``warnings.simplefilter("error",
dyad.DictionaryWarning)`` makes them errors).
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
import warnings as _warnings
from typing import Any, Iterable, Optional, Sequence

import pyarrow as _pa
import pyarrow.ipc as _ipc

from . import _dyad
from ._dyad import DyadError

__version__ = _dyad.__version__
__all__ = ["Coder", "Store", "DyadError", "DictionaryWarning", "DateWarning", "event_schema", "parse", "parser_version", "__version__"]


class DictionaryWarning(UserWarning):
    """A dictionary entry was skipped or passed through (``file:line: message``, as ``dyad code`` prints)."""


class DateWarning(UserWarning):
    """A row's date did not parse; the document was coded without a date (as ``dyad code`` does)."""


def _read_ipc(buf: bytes) -> _pa.Table:
    return _ipc.open_stream(_pa.py_buffer(buf)).read_all()


def parse(text: str) -> list:
    """Tag and parse ``text`` with dyad's built-in tagger and dependency parser.

    Returns one dict per sentence, ``{"start", "end", "words"}``; each word is
    ``{"id", "form", "upos", "xpos", "head", "deprel", "start", "end"}`` with
    UD v2 relations (``head`` 0 is the root, ids are 1-based) and UTF-8 byte
    offsets into ``text`` — the same analysis ``dyad parse`` prints as CoNLL-U.
    The GIL is released while parsing.
    """
    return _json.loads(_dyad.parse_json(text))


def parser_version() -> str:
    """Version of the built-in parser model (as in ``dyad eval-parser``)."""
    return _dyad.parser_version()


def event_schema() -> _pa.Schema:
    """The ``pyarrow.Schema`` of event tables: the JSONL keys of ``dyad code`` in order.

    Strings are ``string`` (``""`` where the JSONL has ``""``), ``date`` is
    ``date32`` (null when unknown), ``sentence_index`` and ``quad_class``
    ``int64``, ``goldstein`` ``float64`` (null outside CAMEO), ``spans`` a
    struct of four ``struct<start: int64, end: int64>`` byte spans
    (sentence, source, verb, target; UTF-8 byte offsets into the text), and
    ``issues`` ``list<string>`` (empty where the JSONL leaves the key out).
    """
    return _read_ipc(_dyad.event_schema_ipc()).schema


def _date_str(v: Any) -> Optional[str]:
    """A date cell as text for the lenient parser; None for missing values."""
    if v is None:
        return None
    if isinstance(v, float) and v != v:  # NaN
        return None
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()[:10]
    if type(v).__name__ in ("NaTType",):
        return None
    if hasattr(v, "isoformat"):  # pandas.Timestamp, numpy datetime64 via pandas
        return v.isoformat()[:10]
    return str(v)


def _columns(data: Any, id_col: str, date_col: str, text_col: str, extra: Sequence[str] = ()):
    """(ids, dates, texts, {extra: values}) from a pandas DataFrame or pyarrow Table."""
    if isinstance(data, (_pa.Table, _pa.RecordBatch)):
        names = data.schema.names
        get = lambda c: data.column(c).to_pylist()  # noqa: E731
    elif hasattr(data, "columns") and hasattr(data, "__getitem__"):  # pandas.DataFrame
        names = list(data.columns)
        get = lambda c: data[c].tolist()  # noqa: E731
    else:
        raise TypeError("expected ids, dates, texts lists, a pandas.DataFrame or a pyarrow.Table")
    if text_col not in names:
        raise DyadError(f"no text column {text_col!r} (columns: {', '.join(map(str, names))})")
    texts = get(text_col)
    ids = get(id_col) if id_col in names else None
    dates = get(date_col) if date_col in names else None
    more = {c: (get(c) if c in names else None) for c in extra}
    return ids, dates, texts, more


def _normalise(ids, dates, texts):
    texts = ["" if t is None else str(t) for t in texts]
    n = len(texts)
    if ids is None:
        ids = [str(i) for i in range(n)]
    else:
        ids = [str(i) if i is not None else str(k) for k, i in enumerate(ids)]
    if dates is None:
        dates = [None] * n
    else:
        dates = [_date_str(d) for d in dates]
    return ids, dates, texts


def _opt_strs(values):
    if values is None:
        return None
    return [None if (v is None or (isinstance(v, float) and v != v)) else str(v) for v in values]


class Coder:
    """The event coder of ``dyad code``.

    Parameters
    ----------
    dicts:
        PETRARCH/TABARI dictionary files or folders (a path or a list of
        paths), loaded in order; their entries win over the built-in ones
        (``dyad code --dict``). Parsed files are cached as the CLI caches them
        (``cache=False`` parses every time).
    builtin:
        Load the built-in dictionaries (``False`` = ``--no-builtin``).
    date:
        Story date for texts given without one (``--date``; ``YYYY-MM-DD``,
        ``YYYYMMDD``, ``YYYY/M/D``, a ``datetime.date``).
    any_language:
        Code texts detected as not English too (by default they give no
        events, as ``dyad code`` skips them).
    quad_scheme, goldstein, modality:
        As ``--quad-scheme``, ``--goldstein``, ``--modality``.

    Raises :class:`DyadError` for an unreadable dictionary path, a bad date
    or option, or dictionaries with no actors or no verb patterns; each
    skipped dictionary entry is a :class:`DictionaryWarning` (all of them in
    :attr:`warnings`).
    """

    def __init__(
        self,
        dicts: "str | os.PathLike | Iterable[str | os.PathLike] | None" = None,
        builtin: bool = True,
        date: Any = None,
        *,
        any_language: bool = False,
        quad_scheme: str = "gdelt",
        goldstein: str = "gdelt",
        modality: Optional[str] = None,
        cache: bool = True,
    ) -> None:
        if dicts is None:
            paths = []
        elif isinstance(dicts, (str, bytes, _os.PathLike)):
            paths = [_os.fspath(dicts)]
        else:
            paths = [_os.fspath(p) for p in dicts]
        self._inner = _dyad.Coder(
            paths, builtin, _date_str(date), any_language, quad_scheme, goldstein, modality, cache
        )
        for w in self._inner.warnings:
            _warnings.warn(f"dictionary warning: {w}", DictionaryWarning, stacklevel=2)

    @property
    def warnings(self) -> list:
        """Dictionary warnings of the load (``file:line: message``)."""
        return self._inner.warnings

    @property
    def dict_version(self) -> str:
        """Hash of the dictionaries in use (each event's ``dict_version``)."""
        return self._inner.dict_version

    def code_jsonl(self, text: str, date: Any = None, id: Optional[str] = None) -> str:
        """Code one text; its events as the JSON lines ``dyad code`` writes (``""`` if none)."""
        return self._inner.code_jsonl(text, _date_str(date), id)

    def code(self, text: str, date: Any = None, id: Optional[str] = None) -> list:
        """Code one text (a document; ``id`` becomes each event's ``doc_id``, default ``""``).

        Returns a list of dicts with exactly the keys and values of the JSONL
        lines of ``dyad code`` (``json.dumps(d, ensure_ascii=False,
        separators=(",", ":"))`` gives the CLI's line byte for byte).
        """
        out = self._inner.code_jsonl(text, _date_str(date), id)
        return [_json.loads(line) for line in out.splitlines()]

    def code_batch(
        self,
        ids: Any,
        dates: Optional[Sequence[Any]] = None,
        texts: Optional[Sequence[str]] = None,
        *,
        id_col: str = "id",
        date_col: str = "date",
        text_col: str = "text",
        threads: Optional[int] = None,
    ) -> _pa.Table:
        """Code many documents in parallel (all cores, or ``threads``) with the GIL released.

        Either three equal-length sequences ``ids, dates, texts`` (``dates``
        may be None; a date may be a string in any form ``--date`` takes, a
        ``datetime.date`` or None), or one ``pandas.DataFrame`` /
        ``pyarrow.Table`` with ``id``/``date``/``text`` columns (names per
        ``*_col``; id and date columns are optional — a missing id is the
        row number). Returns a ``pyarrow.Table`` of :func:`event_schema`, one
        row per event, documents in input order. An unparseable date is a
        :class:`DateWarning` and the document is coded without one.
        """
        if texts is None and dates is None and not isinstance(ids, (list, tuple)):
            ids, dates, texts, _ = _columns(ids, id_col, date_col, text_col)
        elif texts is None:
            raise TypeError("code_batch(ids, dates, texts): texts missing")
        ids, dates, texts = _normalise(ids, dates, list(texts))
        buf, warns = self._inner.code_batch_ipc(ids, dates, texts, threads)
        for w in warns:
            _warnings.warn(w, DateWarning, stacklevel=2)
        return _read_ipc(buf)


class Store:
    """The SQLite event store of ``dyad ingest`` / ``dyad query`` (created if missing).

    Query methods return ``pandas.DataFrame`` with the figures of the
    matching ``dyad query ... --json`` command. ``origin`` is ``"dyad"``
    (coded events) or ``"gdelt"`` (imported); ``from_``/``to`` are inclusive
    dates.
    """

    def __init__(self, path: "str | os.PathLike") -> None:
        self._inner = _dyad.Store(_os.fspath(path))

    @property
    def path(self) -> str:
        """The store file."""
        return str(self._inner.path)

    def ingest(
        self,
        data: Any,
        dates: Optional[Sequence[Any]] = None,
        texts: Optional[Sequence[str]] = None,
        *,
        coder: Optional[Coder] = None,
        id_col: str = "id",
        date_col: str = "date",
        text_col: str = "text",
        title_col: str = "title",
        url_col: str = "url",
        source_col: str = "source",
        batch_docs: int = 256,
    ) -> dict:
        """Code documents and store them (one run, as ``dyad ingest``); returns the run's counts.

        ``data`` is a ``pandas.DataFrame`` / ``pyarrow.Table`` (id, date,
        text and optional title, url, source columns) or the ids of three
        sequences ``ids, dates, texts``. Documents are stored by id: a
        document ingested again replaces itself. ``coder`` defaults to
        ``Coder()`` (built-in dictionaries).
        """
        if coder is None:
            coder = Coder()
        titles = urls = sources = None
        if texts is None and dates is None and not isinstance(data, (list, tuple)):
            ids, dates, texts, more = _columns(data, id_col, date_col, text_col, (title_col, url_col, source_col))
            titles, urls, sources = (_opt_strs(more[c]) for c in (title_col, url_col, source_col))
        elif texts is None:
            raise TypeError("ingest(ids, dates, texts): texts missing")
        else:
            ids = data
        ids, dates, texts = _normalise(ids, dates, list(texts))
        stats, warns = self._inner.ingest(coder._inner, ids, dates, texts, titles, urls, sources, batch_docs)
        for w in warns:
            _warnings.warn(w, DateWarning, stacklevel=2)
        return _json.loads(stats)

    def dyad(
        self,
        a: str,
        b: str,
        by: str = "month",
        *,
        normalize: bool = False,
        one_a_day: bool = False,
        origin: str = "dyad",
        from_: Any = None,
        to: Any = None,
    ):
        """``dyad query dyad A B --by BY``: one row per period with A–B events.

        Columns: ``period``, ``all_events`` (with ``normalize``), and for each
        of ``ab`` (A→B), ``ba`` (B→A) and ``both``: ``_events``, ``_q1`` ..
        ``_q4`` (QuadClass counts), ``_goldstein_sum``, ``_goldstein_mean``,
        ``_top_codes`` (list of (code, count)).
        """
        rows = _json.loads(
            self._inner.dyad_json(a, b, by, normalize, one_a_day, origin, _date_str(from_), _date_str(to))
        )
        flat = []
        for r in rows:
            f = {"period": r["period"], "all_events": r["all_events"]}
            for side in ("ab", "ba", "both"):
                s = r[side]
                f[f"{side}_events"] = s["events"]
                for i, q in enumerate(s["quad"]):
                    f[f"{side}_q{i + 1}"] = q
                f[f"{side}_goldstein_sum"] = s["goldstein_sum"]
                f[f"{side}_goldstein_mean"] = s["goldstein_mean"]
                f[f"{side}_top_codes"] = [tuple(x) for x in s["top_codes"]]
            flat.append(f)
        cols = ["period", "all_events"] + [
            f"{s}_{k}"
            for s in ("ab", "ba", "both")
            for k in ("events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean", "top_codes")
        ]
        import pandas as pd

        return pd.DataFrame(flat, columns=cols)

    def network(self, min_events: int = 1, *, origin: str = "dyad", from_: Any = None, to: Any = None):
        """``dyad query network``: directed edges (source, target, events, cooperation, conflict, goldstein_sum)."""
        import pandas as pd

        rows = _json.loads(self._inner.network_json(min_events, origin, _date_str(from_), _date_str(to)))
        cols = ["source", "target", "events", "cooperation", "conflict", "goldstein_sum"]
        return pd.DataFrame(rows, columns=cols)

    def actors(self, limit: int = 30, *, origin: str = "dyad", from_: Any = None, to: Any = None):
        """``dyad query actors``: actor codes by number of events (actor, as_source, as_target)."""
        rows = _json.loads(self._inner.actors_json(limit, origin, _date_str(from_), _date_str(to)))
        import pandas as pd

        return pd.DataFrame(rows, columns=["actor", "as_source", "as_target"])

    def blocs(self, min_events: int = 2, *, origin: str = "dyad", from_: Any = None, to: Any = None):
        """``dyad query blocs``: one row per bloc (Louvain on the signed country network).

        Columns: ``bloc`` (1-based), ``members`` (list of country codes),
        ``internal_cooperation``, ``internal_conflict``,
        ``external_cooperation``, ``external_conflict``, ``internal_balance``,
        ``external_balance``. ``df.attrs`` holds ``modularity``, ``nodes`` and
        ``pairs``.
        """
        import pandas as pd

        v = _json.loads(self._inner.blocs_json(min_events, origin, _date_str(from_), _date_str(to)))
        rows = [{"bloc": i + 1, **b} for i, b in enumerate(v["blocs"])]
        df = pd.DataFrame(
            rows,
            columns=[
                "bloc",
                "members",
                "internal_cooperation",
                "internal_conflict",
                "external_cooperation",
                "external_conflict",
                "internal_balance",
                "external_balance",
            ],
        )
        df.attrs.update(modularity=v["modularity"], nodes=v["nodes"], pairs=v["pairs"])
        return df

    def events(
        self,
        *,
        actor: Optional[str] = None,
        code: Optional[str] = None,
        origin: Optional[str] = None,
        from_: Any = None,
        to: Any = None,
        limit: Optional[int] = None,
    ):
        """Stored events, the rows of ``dyad export`` (both origins unless ``origin``).

        ``actor``: an actor prefix on either side; ``code``: a CAMEO code
        prefix (``19`` matches 190, 193, 1951); ordered by origin, date, row.
        """
        import pandas as pd

        out = self._inner.events_jsonl(origin, _date_str(from_), _date_str(to), actor, code, limit)
        return pd.DataFrame([_json.loads(line) for line in out.splitlines()])

    def export_parquet(self, dir: "str | os.PathLike", *, origin: Optional[str] = None, from_: Any = None, to: Any = None):
        """``dyad export --format parquet --out DIR``; returns (events written, files written)."""
        return self._inner.export_parquet(_os.fspath(dir), origin, _date_str(from_), _date_str(to))
