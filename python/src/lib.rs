//! `dyad._dyad`: the native half of the `dyad` Python package (PyO3, abi3).
//!
//! Everything here calls the same library crates as the `dyad` binary — the
//! coder is `dyad_coder::Coder`, JSON lines come from
//! `dyad_coder::sink::JsonlSink`, the language filter is
//! `dyad_coder::lang::is_not_english`, the store and its queries are
//! `dyad_store` / `dyad_analytics` — so the package and the CLI cannot drift
//! apart. The Python-facing API (argument coercion from pandas and pyarrow,
//! DataFrames) lives in `python/dyad/__init__.py`.
//!
//! Batch results cross into Python as one Arrow IPC stream (`bytes`), which
//! `pyarrow.ipc.open_stream` reads without copying; the column layout is
//! [`event_schema`].

use arrow_array::builder::{Float64Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields, Schema};
use chrono::NaiveDate;
use dyad_coder::sink::{EventSink, JsonlSink};
use dyad_coder::{Coder as RsCoder, CoderOptions, Document, Event};
use dyad_core::cameo::{GoldsteinScheme, QuadScheme};
use dyad_core::Modality;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

create_exception!(
    _dyad,
    DyadError,
    PyValueError,
    "A dyad error: unreadable dictionary, bad date or option, store failure. The message is the CLI's."
);

/// An error with its causes joined by `: `, each said once (as the CLI prints them).
fn chain_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let s = c.to_string();
        if !s.is_empty() && !text.ends_with(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cur = c.source();
    }
    text
}

fn err(msg: impl Into<String>) -> PyErr {
    DyadError::new_err(msg.into())
}

fn store_err(e: dyad_store::StoreError) -> PyErr {
    err(chain_text(&e))
}

/// A story date given by the caller, parsed as `dyad code --date` parses it;
/// `what` names the argument in the error (`date "x" is not a date (want YYYY-MM-DD)`).
fn parse_date(s: &str, what: &str) -> PyResult<NaiveDate> {
    dyad_core::date::parse_date_lenient(s).ok_or_else(|| err(format!("{what} {s:?} is not a date (want YYYY-MM-DD)")))
}

/// Days since 1970-01-01 (Arrow `date32`) of a `YYYY-MM-DD` event date; `None` when empty.
fn date32(d: &str) -> Option<i32> {
    let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((d - epoch).num_days()).ok()
}

/// The JSONL value of a Goldstein score as an `f64`: the `f32` written the
/// way serde_json writes it (shortest round-trip decimal, `2.8`), read back
/// as a double, so Arrow and JSON hold the same number.
fn goldstein_f64(g: f32) -> f64 {
    g.to_string().parse().unwrap_or(g as f64)
}

fn span_type() -> DataType {
    DataType::Struct(Fields::from(vec![
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
    ]))
}

fn spans_fields() -> Fields {
    Fields::from(
        ["sentence", "source", "verb", "target"].iter().map(|n| Field::new(*n, span_type(), false)).collect::<Vec<_>>(),
    )
}

/// The event table's columns: the JSONL keys of `dyad code`, in order.
const COLUMNS: [&str; 27] = [
    "event_id",
    "doc_id",
    "date",
    "field",
    "sentence_index",
    "source",
    "source_country",
    "source_agent",
    "source_text",
    "target",
    "target_country",
    "target_agent",
    "target_text",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_context",
    "modality",
    "compound_id",
    "verb_text",
    "spans",
    "rule",
    "dict_version",
    "issues",
];

/// The Arrow schema of coded events: the JSONL keys of `dyad code`, in order.
/// Strings are utf8 (empty where the JSONL has `""`), `date` is date32 (null
/// when unknown), `sentence_index` and `quad_class` int64, `goldstein`
/// float64 (null outside CAMEO), `spans` a struct of four
/// `struct<start: int64, end: int64>` byte spans, `issues` list<utf8>
/// (empty where the JSONL omits it).
fn event_schema() -> Schema {
    let fields: Vec<Field> = COLUMNS
        .iter()
        .map(|name| match *name {
            "date" => Field::new(*name, DataType::Date32, true),
            "sentence_index" | "quad_class" => Field::new(*name, DataType::Int64, false),
            "goldstein" => Field::new(*name, DataType::Float64, true),
            "spans" => Field::new(*name, DataType::Struct(spans_fields()), false),
            "issues" => Field::new(*name, DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))), false),
            _ => Field::new(*name, DataType::Utf8, false),
        })
        .collect();
    Schema::new(fields)
}

/// Events → one record batch of [`event_schema`].
fn events_batch(events: &[&Event]) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let schema = Arc::new(event_schema());
    let n = events.len();
    let text = |f: &dyn Fn(&Event) -> &str| -> ArrayRef {
        let mut b = StringBuilder::with_capacity(n, n * 8);
        for e in events {
            b.append_value(f(e));
        }
        Arc::new(b.finish())
    };
    let int = |f: &dyn Fn(&Event) -> i64| -> ArrayRef {
        let mut b = Int64Builder::with_capacity(n);
        for e in events {
            b.append_value(f(e));
        }
        Arc::new(b.finish())
    };
    let mut cols: Vec<ArrayRef> = Vec::with_capacity(COLUMNS.len());
    for name in COLUMNS {
        let col: ArrayRef = match name {
            "event_id" => text(&|e| &e.event_id),
            "doc_id" => text(&|e| &e.doc_id),
            "date" => Arc::new(Date32Array::from(events.iter().map(|e| date32(&e.date)).collect::<Vec<_>>())),
            "field" => text(&|e| e.field.as_str()),
            "sentence_index" => int(&|e| e.sentence_index as i64),
            "source" => text(&|e| &e.source),
            "source_country" => text(&|e| &e.source_country),
            "source_agent" => text(&|e| &e.source_agent),
            "source_text" => text(&|e| &e.source_text),
            "target" => text(&|e| &e.target),
            "target_country" => text(&|e| &e.target_country),
            "target_agent" => text(&|e| &e.target_agent),
            "target_text" => text(&|e| &e.target_text),
            "code" => text(&|e| &e.code),
            "root_code" => text(&|e| &e.root_code),
            "quad_class" => int(&|e| e.quad_class as i64),
            "goldstein" => {
                let mut b = Float64Builder::with_capacity(n);
                for e in events {
                    b.append_option(e.goldstein.map(goldstein_f64));
                }
                Arc::new(b.finish())
            }
            "plover_type" => text(&|e| &e.plover_type),
            "plover_mode" => text(&|e| &e.plover_mode),
            "plover_context" => text(&|e| &e.plover_context),
            "modality" => text(&|e| e.modality.as_str()),
            "compound_id" => text(&|e| &e.compound_id),
            "verb_text" => text(&|e| &e.verb_text),
            "spans" => {
                let span = |f: &dyn Fn(&Event) -> dyad_core::Span| -> ArrayRef {
                    let start = Int64Array::from(events.iter().map(|e| f(e).start as i64).collect::<Vec<_>>());
                    let end = Int64Array::from(events.iter().map(|e| f(e).end as i64).collect::<Vec<_>>());
                    let DataType::Struct(fields) = span_type() else { unreachable!() };
                    Arc::new(StructArray::new(fields, vec![Arc::new(start), Arc::new(end)], None))
                };
                let parts = vec![
                    span(&|e| e.spans.sentence),
                    span(&|e| e.spans.source),
                    span(&|e| e.spans.verb),
                    span(&|e| e.spans.target),
                ];
                Arc::new(StructArray::new(spans_fields(), parts, None))
            }
            "rule" => text(&|e| &e.rule),
            "dict_version" => text(&|e| &e.dict_version),
            "issues" => {
                let mut b = ListBuilder::new(StringBuilder::new());
                for e in events {
                    for i in &e.issues {
                        b.values().append_value(i);
                    }
                    b.append(true);
                }
                Arc::new(b.finish())
            }
            other => unreachable!("column {other}"),
        };
        cols.push(col);
    }
    RecordBatch::try_new(schema, cols)
}

/// A record batch as an Arrow IPC stream.
fn ipc_bytes(batch: &RecordBatch) -> Result<Vec<u8>, arrow_schema::ArrowError> {
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), batch.schema_ref())?;
    w.write(batch)?;
    w.finish()?;
    w.into_inner()
}

/// Run `f` on a rayon pool of `threads` threads (the global pool when `None`).
fn with_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    match threads {
        None => Ok(f()),
        Some(n) if (1..=1024).contains(&n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| err(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(f))
        }
        Some(_) => Err(err("threads must be between 1 and 1024")),
    }
}

/// The coder (see `dyad.Coder` in Python for the documented signature).
#[pyclass(frozen, module = "dyad._dyad")]
struct Coder {
    inner: RsCoder,
    date: Option<NaiveDate>,
    any_language: bool,
    warnings: Vec<String>,
}

impl Coder {
    /// Documents from parallel columns (`dates[i]` a lenient date string or `None`):
    /// the documents, and a warning per unparseable date (the document keeps no date,
    /// as `dyad code` does with such a record).
    fn documents(
        &self,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
        texts: Vec<String>,
    ) -> PyResult<(Vec<Document>, Vec<String>)> {
        if ids.len() != texts.len() || dates.len() != texts.len() {
            return Err(err(format!(
                "ids, dates and texts differ in length ({}, {}, {})",
                ids.len(),
                dates.len(),
                texts.len()
            )));
        }
        let mut warnings = Vec::new();
        let docs = ids
            .into_iter()
            .zip(dates)
            .zip(texts)
            .enumerate()
            .map(|(row, ((id, date), text))| {
                let date = match date.as_deref().map(str::trim) {
                    None | Some("") => self.date,
                    Some(s) => {
                        let d = dyad_core::date::parse_date_lenient(s);
                        if d.is_none() {
                            warnings.push(format!("row {row}: unparseable date `{s}`; document kept without a date"));
                        }
                        d
                    }
                };
                Document { id, date, text, title: None, source: None, url: None }
            })
            .collect();
        Ok((docs, warnings))
    }

    /// Code documents in parallel, in input order, skipping non-English ones
    /// unless `any_language` (as `dyad code` does).
    fn code_docs(&self, docs: &[Document]) -> Vec<Vec<Event>> {
        let any = self.any_language;
        docs.par_iter()
            .map(|d| if !any && dyad_coder::lang::is_not_english(&d.text) { Vec::new() } else { self.inner.code(d) })
            .collect()
    }
}

#[pymethods]
impl Coder {
    #[new]
    #[pyo3(signature = (dicts, builtin, date, any_language, quad_scheme, goldstein, modality, cache))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        dicts: Vec<PathBuf>,
        builtin: bool,
        date: Option<String>,
        any_language: bool,
        quad_scheme: &str,
        goldstein: &str,
        modality: Option<String>,
        cache: bool,
    ) -> PyResult<Self> {
        let date = date.map(|s| parse_date(&s, "date")).transpose()?;
        let quad_scheme = match quad_scheme {
            "gdelt" => QuadScheme::Gdelt,
            "phoenix" => QuadScheme::Phoenix,
            o => return Err(err(format!("quad_scheme {o:?}: want \"gdelt\" or \"phoenix\""))),
        };
        let goldstein = match goldstein {
            "gdelt" => GoldsteinScheme::Gdelt,
            "phoenix" => GoldsteinScheme::Phoenix,
            o => return Err(err(format!("goldstein {o:?}: want \"gdelt\" or \"phoenix\""))),
        };
        let modality = match modality.as_deref() {
            None => None,
            Some(m) => Some(Modality::parse(m).ok_or_else(|| {
                err(format!("modality {m:?}: want \"asserted\", \"negated\", \"future\" or \"hypothetical\""))
            })?),
        };
        let options = CoderOptions { quad_scheme, goldstein, modality };
        // Dictionary loading parses files: release the GIL meanwhile.
        let (inner, warnings) = py
            .allow_threads(|| -> Result<_, String> {
                let mut all = dyad_dict::Dictionaries::default();
                let mut warnings = Vec::new();
                if !dicts.is_empty() {
                    let loaded = if cache {
                        dyad_dict::cache::load(&dicts, None).map(|(d, w, _r, _o)| (d, w))
                    } else {
                        dyad_dict::cache::load_uncached(&dicts).map(|(d, w, _r)| (d, w))
                    };
                    let (d, w) = loaded.map_err(|e| format!("cannot load dictionaries: {}", chain_text(&e)))?;
                    warnings.extend(w.iter().map(|w| w.to_string()));
                    all.extend(d);
                }
                if builtin {
                    let (d, w) = dyad_dict::builtin::load();
                    warnings.extend(w.iter().map(|w| w.to_string()));
                    all.extend(d);
                }
                if all.actors.is_empty() || all.patterns.is_empty() {
                    return Err(
                        "no actors or no verb patterns loaded: nothing could be coded (check dicts / builtin)".into()
                    );
                }
                Ok((RsCoder::new(all, options), warnings))
            })
            .map_err(err)?;
        Ok(Coder { inner, date, any_language, warnings })
    }

    /// Dictionary warnings of the load (`file:line: message`), as `dyad code` prints them.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// Hash of the dictionaries in use (the events' `dict_version`).
    #[getter]
    fn dict_version(&self) -> String {
        self.inner.dict_version().to_string()
    }

    /// Code one text; its events as JSON lines exactly as `dyad code` writes them.
    #[pyo3(signature = (text, date=None, id=None))]
    fn code_jsonl(&self, py: Python<'_>, text: String, date: Option<String>, id: Option<String>) -> PyResult<String> {
        let date = match date {
            Some(s) => Some(parse_date(&s, "date")?),
            None => self.date,
        };
        let doc = Document { id: id.unwrap_or_default(), date, text, title: None, source: None, url: None };
        py.allow_threads(|| {
            let events = self.code_docs(std::slice::from_ref(&doc)).pop().unwrap_or_default();
            let mut sink = JsonlSink::new(Vec::new());
            sink.write_document(&doc, &events).map_err(|e| err(e.to_string()))?;
            String::from_utf8(sink.into_inner()).map_err(|e| err(e.to_string()))
        })
    }

    /// Code parallel columns in parallel (GIL released); an Arrow IPC stream of
    /// the events (one batch, [`event_schema`]) and the date warnings.
    #[pyo3(signature = (ids, dates, texts, threads=None))]
    fn code_batch_ipc<'py>(
        &self,
        py: Python<'py>,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
        texts: Vec<String>,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyBytes>, Vec<String>)> {
        let (docs, warnings) = self.documents(ids, dates, texts)?;
        let bytes = py.allow_threads(|| -> PyResult<Vec<u8>> {
            let per_doc = with_threads(threads, || self.code_docs(&docs))?;
            let all: Vec<&Event> = per_doc.iter().flatten().collect();
            let batch = events_batch(&all).map_err(|e| err(e.to_string()))?;
            ipc_bytes(&batch).map_err(|e| err(e.to_string()))
        })?;
        Ok((PyBytes::new(py, &bytes), warnings))
    }
}

/// The event table's schema as an empty Arrow IPC stream.
#[pyfunction]
fn event_schema_ipc(py: Python<'_>) -> PyResult<Bound<'_, PyBytes>> {
    let batch = events_batch(&[]).map_err(|e| err(e.to_string()))?;
    let bytes = ipc_bytes(&batch).map_err(|e| err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

/// Tag and parse a text with the built-in model (`dyad.parse` in Python):
/// a JSON array of sentences, each `{"start", "end", "words": [{"id", "form",
/// "upos", "xpos", "head", "deprel", "start", "end"}]}` (byte offsets into the
/// UTF-8 text; `head` 0 is the root), as `dyad parse` prints in CoNLL-U.
#[pyfunction]
fn parse_json(py: Python<'_>, text: &str) -> PyResult<String> {
    py.allow_threads(|| {
        let model = dyad_parse::builtin_model();
        let sents = dyad_parse::Pipeline::new(model).analyze(text);
        let out: Vec<serde_json::Value> = sents
            .iter()
            .map(|s| {
                let words: Vec<serde_json::Value> = s
                    .words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        serde_json::json!({
                            "id": i + 1,
                            "form": w.span.slice(text),
                            "upos": model.upos(w.tag),
                            "xpos": model.xpos(w.tag),
                            "head": w.head,
                            "deprel": model.deprel(w.deprel),
                            "start": w.span.start,
                            "end": w.span.end,
                        })
                    })
                    .collect();
                serde_json::json!({"start": s.span.start, "end": s.span.end, "words": words})
            })
            .collect();
        serde_json::to_string(&out).map_err(|e| err(e.to_string()))
    })
}

/// The parser model's version (`dyad.parser_version()`).
#[pyfunction]
fn parser_version() -> String {
    dyad_parse::builtin_model().version().to_string()
}

/// The event store (see `dyad.Store` in Python).
#[pyclass(frozen, module = "dyad._dyad")]
struct Store {
    inner: Mutex<dyad_store::Store>,
    path: PathBuf,
}

fn origin_of(s: &str) -> PyResult<dyad_store::Origin> {
    match s {
        "dyad" => Ok(dyad_store::Origin::Dyad),
        "gdelt" => Ok(dyad_store::Origin::Gdelt),
        o => Err(err(format!("origin {o:?}: want \"dyad\" or \"gdelt\""))),
    }
}

/// `from`/`to` as `YYYY-MM-DD`, with the CLI's messages.
fn date_range(from: Option<String>, to: Option<String>) -> PyResult<(Option<String>, Option<String>)> {
    let norm = |s: &Option<String>, what: &str| -> PyResult<Option<String>> {
        s.as_ref().map(|s| parse_date(s, what).map(|d| d.format("%Y-%m-%d").to_string())).transpose()
    };
    let (f, t) = (norm(&from, "from")?, norm(&to, "to")?);
    if let (Some(fd), Some(td), Some(fs), Some(ts)) = (&f, &t, &from, &to) {
        if fd > td {
            return Err(err(format!("from {fs} is after to {ts}: no date can match (swap them)")));
        }
    }
    Ok((f, t))
}

fn scope(origin: &str, from: Option<String>, to: Option<String>) -> PyResult<dyad_analytics::Scope> {
    let (from, to) = date_range(from, to)?;
    Ok(dyad_analytics::Scope { origin: origin_of(origin)?, from, to })
}

impl Store {
    fn lock(&self) -> PyResult<std::sync::MutexGuard<'_, dyad_store::Store>> {
        self.inner.lock().map_err(|_| err("store unusable after a panic in another thread"))
    }
}

#[pymethods]
impl Store {
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let s = py
            .allow_threads(|| dyad_store::Store::open(&path))
            .map_err(|e| err(format!("cannot open store {}: {}", path.display(), chain_text(&e))))?;
        Ok(Store { inner: Mutex::new(s), path })
    }

    /// The store file.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// Code parallel columns with `coder` and store documents and events (a
    /// run, as `dyad ingest`); a JSON object of counts.
    #[pyo3(signature = (coder, ids, dates, texts, titles, urls, sources, batch_docs=256))]
    #[allow(clippy::too_many_arguments)]
    fn ingest(
        &self,
        py: Python<'_>,
        coder: PyRef<'_, Coder>,
        ids: Vec<String>,
        dates: Vec<Option<String>>,
        texts: Vec<String>,
        titles: Option<Vec<Option<String>>>,
        urls: Option<Vec<Option<String>>>,
        sources: Option<Vec<Option<String>>>,
        batch_docs: usize,
    ) -> PyResult<(String, Vec<String>)> {
        let n = texts.len();
        for (what, col) in [("titles", &titles), ("urls", &urls), ("sources", &sources)] {
            if let Some(c) = col {
                if c.len() != n {
                    return Err(err(format!("{what} has {} values for {n} texts", c.len())));
                }
            }
        }
        let (mut docs, warnings) = coder.documents(ids, dates, texts)?;
        for (i, d) in docs.iter_mut().enumerate() {
            d.title = titles.as_ref().and_then(|c| c[i].clone()).filter(|s| !s.is_empty());
            d.url = urls.as_ref().and_then(|c| c[i].clone()).filter(|s| !s.is_empty());
            d.source = sources.as_ref().and_then(|c| c[i].clone()).filter(|s| !s.is_empty());
        }
        let coder: &Coder = &coder;
        let stats = py.allow_threads(|| -> PyResult<String> {
            let mut store = self.lock()?;
            let run_ingest = |store: &mut dyad_store::Store| -> Result<String, dyad_store::StoreError> {
                let start = std::time::Instant::now();
                let options = serde_json::json!({
                    "source": "python", "any_language": coder.any_language,
                    "date": coder.date.map(|d| d.to_string()),
                });
                let manifest = dyad_store::RunManifest {
                    kind: "ingest".into(),
                    dyad_version: env!("CARGO_PKG_VERSION").into(),
                    dict_version: coder.inner.dict_version().to_string(),
                    options: options.to_string(),
                    inputs: "[\"python\"]".into(),
                };
                let run = store.begin_run(&manifest)?;
                let (mut coded, mut events, mut non_english) = (0usize, 0usize, 0usize);
                {
                    let mut w = store.doc_writer(run, batch_docs.max(1), 20_000);
                    for chunk in docs.chunks(256) {
                        let per_doc: Vec<Option<Vec<Event>>> = chunk
                            .par_iter()
                            .map(|d| {
                                if !coder.any_language && dyad_coder::lang::is_not_english(&d.text) {
                                    None
                                } else {
                                    Some(coder.inner.code(d))
                                }
                            })
                            .collect();
                        for (d, ev) in chunk.iter().zip(per_doc) {
                            match ev {
                                None => non_english += 1,
                                Some(ev) => {
                                    coded += 1;
                                    events += ev.len();
                                    w.add(d, &ev)?;
                                }
                            }
                        }
                    }
                    w.finish()?;
                }
                let stats = serde_json::json!({
                    "run": run, "documents": docs.len(), "coded": coded, "non_english": non_english,
                    "events": events, "seconds": start.elapsed().as_secs_f64(),
                });
                store.finish_run(run, &stats.to_string())?;
                Ok(stats.to_string())
            };
            run_ingest(&mut store).map_err(store_err)
        });
        Ok((stats?, warnings))
    }

    /// `dyad query dyad A B --json`: the series as JSON.
    #[pyo3(signature = (a, b, by, normalize, one_a_day, origin, from, to))]
    #[allow(clippy::too_many_arguments)]
    fn dyad_json(
        &self,
        py: Python<'_>,
        a: String,
        b: String,
        by: &str,
        normalize: bool,
        one_a_day: bool,
        origin: &str,
        from: Option<String>,
        to: Option<String>,
    ) -> PyResult<String> {
        let by = match by {
            "day" => dyad_analytics::Period::Day,
            "week" => dyad_analytics::Period::Week,
            "month" => dyad_analytics::Period::Month,
            o => return Err(err(format!("by {o:?}: want \"day\", \"week\" or \"month\""))),
        };
        let sc = scope(origin, from, to)?;
        let o = dyad_analytics::DyadOptions { a, b, by, normalize, one_a_day };
        let rows = py.allow_threads(|| -> PyResult<_> {
            let store = self.lock()?;
            dyad_analytics::dyad_series(store.conn(), &sc, &o).map_err(store_err)
        })?;
        serde_json::to_string(&rows).map_err(|e| err(e.to_string()))
    }

    /// `dyad query network --json`.
    #[pyo3(signature = (min_events, origin, from, to))]
    fn network_json(
        &self,
        py: Python<'_>,
        min_events: u64,
        origin: &str,
        from: Option<String>,
        to: Option<String>,
    ) -> PyResult<String> {
        let sc = scope(origin, from, to)?;
        let rows = py.allow_threads(|| -> PyResult<_> {
            let store = self.lock()?;
            dyad_analytics::network(store.conn(), &sc, min_events).map_err(store_err)
        })?;
        serde_json::to_string(&rows).map_err(|e| err(e.to_string()))
    }

    /// `dyad query actors --json`.
    #[pyo3(signature = (limit, origin, from, to))]
    fn actors_json(
        &self,
        py: Python<'_>,
        limit: usize,
        origin: &str,
        from: Option<String>,
        to: Option<String>,
    ) -> PyResult<String> {
        let sc = scope(origin, from, to)?;
        let rows = py.allow_threads(|| -> PyResult<_> {
            let store = self.lock()?;
            dyad_analytics::actors(store.conn(), &sc, limit).map_err(store_err)
        })?;
        serde_json::to_string(&rows).map_err(|e| err(e.to_string()))
    }

    /// `dyad query blocs --json`: the same object.
    #[pyo3(signature = (min_events, origin, from, to))]
    fn blocs_json(
        &self,
        py: Python<'_>,
        min_events: u64,
        origin: &str,
        from: Option<String>,
        to: Option<String>,
    ) -> PyResult<String> {
        let sc = scope(origin, from, to)?;
        let b = py.allow_threads(|| -> PyResult<_> {
            let store = self.lock()?;
            dyad_analytics::blocs(store.conn(), &sc, min_events).map_err(store_err)
        })?;
        let v = serde_json::json!({
            "modularity": b.modularity, "nodes": b.nodes, "pairs": b.pairs,
            "blocs": b.blocs.iter().map(|x| serde_json::json!({
                "members": x.members,
                "internal_cooperation": x.internal_cooperation, "internal_conflict": x.internal_conflict,
                "external_cooperation": x.external_cooperation, "external_conflict": x.external_conflict,
                "internal_balance": x.internal_balance(), "external_balance": x.external_balance(),
            })).collect::<Vec<_>>(),
        });
        Ok(v.to_string())
    }

    /// Stored events (the rows `dyad export` writes) as JSON lines, optionally
    /// only those with an actor prefix on either side and a code prefix.
    #[pyo3(signature = (origin, from, to, actor, code, limit))]
    #[allow(clippy::too_many_arguments)]
    fn events_jsonl(
        &self,
        py: Python<'_>,
        origin: Option<String>,
        from: Option<String>,
        to: Option<String>,
        actor: Option<String>,
        code: Option<String>,
        limit: Option<usize>,
    ) -> PyResult<String> {
        let (from, to) = date_range(from, to)?;
        let origin = origin.as_deref().map(origin_of).transpose()?;
        let filter = dyad_store::EventFilter { origin, from, to };
        py.allow_threads(|| {
            let store = self.lock()?;
            let mut out = String::new();
            let mut n = 0usize;
            let limit = limit.unwrap_or(usize::MAX);
            let r = store.for_each_event(&filter, |e| {
                if n >= limit {
                    return Ok(());
                }
                if let Some(p) = &actor {
                    if !e.source.starts_with(p.as_str()) && !e.target.starts_with(p.as_str()) {
                        return Ok(());
                    }
                }
                if let Some(c) = &code {
                    if !e.code.starts_with(c.as_str()) {
                        return Ok(());
                    }
                }
                n += 1;
                out.push_str(&serde_json::to_string(e).map_err(|x| dyad_store::StoreError::Other(x.to_string()))?);
                out.push('\n');
                Ok(())
            });
            r.map(|()| out).map_err(store_err)
        })
    }

    /// `dyad export --format parquet --out DIR`: Hive-partitioned Parquet files;
    /// (rows, files written).
    #[pyo3(signature = (dir, origin, from, to))]
    fn export_parquet(
        &self,
        py: Python<'_>,
        dir: PathBuf,
        origin: Option<String>,
        from: Option<String>,
        to: Option<String>,
    ) -> PyResult<(u64, usize)> {
        let (from, to) = date_range(from, to)?;
        let origin = origin.as_deref().map(origin_of).transpose()?;
        let filter = dyad_store::EventFilter { origin, from, to };
        let s = py.allow_threads(|| -> PyResult<_> {
            let store = self.lock()?;
            dyad_store::export::export_parquet(&store, &filter, &dir).map_err(store_err)
        })?;
        Ok((s.rows, s.files.len()))
    }
}

/// The module `dyad._dyad`.
#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Coder>()?;
    m.add_class::<Store>()?;
    m.add_function(wrap_pyfunction!(event_schema_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(parse_json, m)?)?;
    m.add_function(wrap_pyfunction!(parser_version, m)?)?;
    m.add("DyadError", m.py().get_type::<DyadError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
