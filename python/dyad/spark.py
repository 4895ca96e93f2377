"""Coding Spark DataFrames with dyad: each executor codes its partitions with the wheel.

>>> from dyad.spark import code_dataframe
>>> events = code_dataframe(spark.read.parquet("articles/"), text_col="body", id_col="url")

``code_dataframe`` runs :meth:`dyad.Coder.code_batch` inside ``mapInArrow``:
Arrow record batches go from the JVM to the Python worker and back with no
row-by-row conversion, and each worker process builds its coder once (Spark
reuses Python workers). The executors' Python must have this package
installed (see the README: a packed virtual environment shipped with
``--archives``, or the wheel installed on every node); a compiled extension
cannot be shipped with ``--py-files``.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import dyad

_CODERS: dict = {}


def _coder(params: tuple) -> "dyad.Coder":
    """This worker's coder for `params`, built on first use."""
    c = _CODERS.get(params)
    if c is None:
        dicts, builtin, date, any_language, quad_scheme, goldstein, modality = params
        c = dyad.Coder(
            list(dicts) or None,
            builtin,
            date,
            any_language=any_language,
            quad_scheme=quad_scheme,
            goldstein=goldstein,
            modality=modality,
        )
        _CODERS[params] = c
    return c


def event_spark_schema():
    """The Spark ``StructType`` of event DataFrames (:func:`dyad.event_schema` converted)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(dyad.event_schema())


def code_dataframe(
    df: Any,
    text_col: str = "text",
    id_col: str = "id",
    date_col: str = "date",
    *,
    dicts: Optional[Sequence[str]] = None,
    builtin: bool = True,
    date: Any = None,
    any_language: bool = False,
    quad_scheme: str = "gdelt",
    goldstein: str = "gdelt",
    modality: Optional[str] = None,
    threads: int = 1,
):
    """Code the documents of a Spark DataFrame; a DataFrame of events with the JSONL schema.

    ``text_col`` is required; ``id_col`` and ``date_col`` are used when
    present (ids of any type become strings; dates may be strings in any
    form ``--date`` takes, or DateType). Coder options are those of
    :class:`dyad.Coder`; ``dicts`` must be paths readable on every executor
    (e.g. shipped with ``--files``). ``threads`` is the coding threads per
    Spark task: 1 fits one task per executor core.

    The result has one row per event in the columns of
    :func:`dyad.event_schema` (``date`` DateType, ``spans`` nested structs,
    ``issues`` an array).
    """
    if text_col not in df.columns:
        raise dyad.DyadError(f"no text column {text_col!r} (columns: {', '.join(df.columns)})")
    cols = [c for c in (id_col, date_col, text_col) if c in df.columns]
    params = (
        tuple(dicts or ()),
        builtin,
        dyad._date_str(date),
        any_language,
        quad_scheme,
        goldstein,
        modality,
    )

    def code_batches(batches):
        import pyarrow as pa

        coder = _coder(params)
        for b in batches:
            if b.num_rows == 0:
                continue
            table = coder.code_batch(
                pa.Table.from_batches([b]), id_col=id_col, date_col=date_col, text_col=text_col, threads=threads
            )
            yield from table.to_batches()

    return df.select(*cols).mapInArrow(code_batches, event_spark_schema())
