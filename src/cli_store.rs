//! Store commands: `dyad ingest`, `dyad import gdelt`, `dyad export`,
//! `dyad query dyad|events|actors|network|blocs` (docs/STORE.md).

use crate::cli_code::{self, CodeArgs};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use dyad_analytics::{DyadOptions, Period, Scope};
use dyad_store::{EventFilter, Origin, RunManifest, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The store file: `--db`, else `$DYAD_DB`, else `./dyad.db`.
#[derive(Args, Debug, Clone)]
pub struct DbArg {
    /// SQLite store file (default: $DYAD_DB, else ./dyad.db).
    #[arg(long = "db", value_name = "PATH")]
    pub path: Option<PathBuf>,
}

impl DbArg {
    /// The resolved path.
    pub fn path(&self) -> PathBuf {
        match (&self.path, std::env::var_os("DYAD_DB")) {
            (Some(p), _) => p.clone(),
            (None, Some(e)) if !e.is_empty() => PathBuf::from(e),
            _ => PathBuf::from("dyad.db"),
        }
    }
}

/// `dyad ingest`: code documents and store them.
#[derive(Args, Debug, Clone)]
pub struct IngestArgs {
    #[command(flatten)]
    db: DbArg,
    /// Documents per write transaction (a killed ingest loses at most one batch; re-run to complete).
    #[arg(long, default_value_t = 256)]
    batch_docs: usize,
    #[command(flatten)]
    code: CodeArgs,
}

/// `dyad import`.
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
}

#[derive(Subcommand, Debug, Clone)]
enum ImportWhat {
    /// GDELT 1.0 (57/58 columns) or 2.0 (61 columns) event files, plain or .zip.
    Gdelt {
        #[command(flatten)]
        db: DbArg,
        /// Event files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Do not print each malformed row (they are still counted).
        #[arg(long, short)]
        quiet: bool,
    },
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per event.
    Jsonl,
    /// CSV with a header (R, Stata).
    Csv,
    /// GDELT 2.0 event rows (61 tab-separated columns).
    Gdelt,
    /// Parquet files partitioned year=/month= under the --out directory.
    Parquet,
}

/// Origin choice.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OriginArg {
    /// Events coded by dyad.
    Dyad,
    /// Events imported from GDELT.
    Gdelt,
}

impl From<OriginArg> for Origin {
    fn from(o: OriginArg) -> Origin {
        match o {
            OriginArg::Dyad => Origin::Dyad,
            OriginArg::Gdelt => Origin::Gdelt,
        }
    }
}

/// `dyad export`.
#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: ExportFormat,
    /// Output file (a directory for parquet); stdout when absent (not for parquet).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Only events of this origin (default: both, each row keeps its origin).
    #[arg(long, value_enum)]
    origin: Option<OriginArg>,
    /// First date (inclusive).
    #[arg(long)]
    from: Option<String>,
    /// Last date (inclusive).
    #[arg(long)]
    to: Option<String>,
    /// `events`: one record per stored event with its mention counts;
    /// `mentions`: one per report of a dyad event in a document (doc_id,
    /// sentence, spans). Both in `dyad code`'s field set (jsonl, csv).
    #[arg(long, value_enum, default_value = "events")]
    level: LevelArg,
}

/// `export --level`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LevelArg {
    /// Deduplicated events with mention counts (GDELT's event table).
    Events,
    /// One row per document mention (GDELT's mentions table).
    Mentions,
}

/// Options every query takes.
#[derive(Args, Debug, Clone)]
pub struct QueryCommon {
    #[command(flatten)]
    db: DbArg,
    /// Events of this origin (dyad and GDELT are never merged).
    #[arg(long, value_enum, default_value = "dyad")]
    origin: OriginArg,
    /// First date (inclusive, YYYY-MM-DD or any form `--date` takes).
    #[arg(long)]
    from: Option<String>,
    /// Last date (inclusive).
    #[arg(long)]
    to: Option<String>,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

/// Period choice.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PeriodArg {
    /// Days.
    Day,
    /// ISO weeks (labelled by their Monday).
    Week,
    /// Months.
    Month,
}

/// `dyad query`.
#[derive(Args, Debug, Clone)]
pub struct QueryArgs {
    #[command(subcommand)]
    what: QueryWhat,
}

#[derive(Subcommand, Debug, Clone)]
enum QueryWhat {
    /// Per period: events between A and B both ways, by QuadClass, Goldstein, top codes.
    Dyad {
        /// Actor prefix A (CHN matches CHNGOV, CHNMIL).
        a: String,
        /// Actor prefix B.
        b: String,
        /// Period length.
        #[arg(long, value_enum, default_value = "month")]
        by: PeriodArg,
        /// Divide counts by all events in the period.
        #[arg(long)]
        normalize: bool,
        /// Count a (date, source, target, code) once (Phoenix's one-a-day filter).
        #[arg(long)]
        one_a_day: bool,
        #[command(flatten)]
        common: QueryCommon,
    },
    /// Events with their sentence (dyad) or source URL (GDELT).
    Events {
        /// Actor prefix on either side.
        #[arg(long)]
        actor: Option<String>,
        /// CAMEO code prefix (19 matches 190, 193, 1951).
        #[arg(long)]
        code: Option<String>,
        /// Most events to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        common: QueryCommon,
    },
    /// Actor codes by number of events.
    Actors {
        /// Most actors to print.
        #[arg(long, default_value_t = 30)]
        limit: usize,
        #[command(flatten)]
        common: QueryCommon,
    },
    /// Directed weighted edges with cooperation and conflict totals.
    Network {
        /// Leave out edges with fewer events.
        #[arg(long, default_value_t = 1)]
        min_events: u64,
        #[command(flatten)]
        common: QueryCommon,
    },
    /// Communities in the signed cooperation/conflict network (Louvain, signed modularity).
    Blocs {
        /// Leave out country pairs with fewer events.
        #[arg(long, default_value_t = 2)]
        min_events: u64,
        #[command(flatten)]
        common: QueryCommon,
    },
}

fn open(db: &Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("cannot open store {}", db.display()))
}

fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!("no store at {} (run `dyad ingest` or `dyad import gdelt` first, or give --db)", db.display());
    }
    open(db)
}

fn norm_date(s: &Option<String>, what: &str) -> Result<Option<String>> {
    match s {
        None => Ok(None),
        Some(s) => match dyad_core::date::parse_date_lenient(s) {
            Some(d) => Ok(Some(d.format("%Y-%m-%d").to_string())),
            None => bail!("{what} {s:?} is not a date (want YYYY-MM-DD)"),
        },
    }
}

/// `--from` and `--to` as `YYYY-MM-DD` (see [`norm_date`]); an error naming
/// both flags and their values when `--from` is after `--to` (no date could
/// match, so the command would silently find nothing; the HTTP server
/// answers 400 for the same range).
fn date_range(from: &Option<String>, to: &Option<String>) -> Result<(Option<String>, Option<String>)> {
    let (f, t) = (norm_date(from, "--from")?, norm_date(to, "--to")?);
    if let (Some(fd), Some(td), Some(fs), Some(ts)) = (&f, &t, from, to) {
        if fd > td {
            bail!("--from {fs} is after --to {ts}: no date can match (swap them)");
        }
    }
    Ok((f, t))
}

/// The name a file input is read under, which is also the base of the
/// document ids made from it (a plain text file's id, `NAME:LINE` for records
/// without an id): its directory made absolute and canonical (symbolic links
/// and `.`/`..` resolved) joined with its file name as given, so `a.txt`,
/// `./a.txt`, `sub/../a.txt` and `/abs/a.txt` are one document. The file
/// name itself is not resolved (a link keeps its name and extension, which
/// picks the input format). `-` (stdin) and paths whose directory cannot be
/// resolved are kept as given.
pub fn input_name(p: &Path) -> PathBuf {
    if p.as_os_str() == "-" {
        return p.to_path_buf();
    }
    let Some(name) = p.file_name() else { return p.to_path_buf() };
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match std::fs::canonicalize(dir) {
        Ok(d) => d.join(name),
        Err(_) => p.to_path_buf(),
    }
}

/// `dyad ingest`.
pub fn ingest(mut args: IngestArgs) -> Result<ExitCode> {
    // Document ids derived from file names must not depend on how the path is spelt.
    let given_files = args.code.files.clone();
    args.code.files = args.code.files.iter().map(|f| input_name(f)).collect();
    let c = &args.code;
    // ingest writes to the store, never to an event file: say so rather than ignore
    if c.out.is_some() || c.with_sentence || c.format != cli_code::OutFormat::Jsonl {
        bail!("--out, --format and --with-sentence are options of `dyad code`; `dyad ingest` writes to the store (--db) only");
    }
    if let Some(n) = c.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().ok();
    }
    // Inputs none of which can be opened: nothing to ingest, so neither a store
    // nor a run record is created (issue 15).
    if !c.files.is_empty() && c.files.iter().all(|f| f.as_os_str() != "-" && std::fs::File::open(f).is_err()) {
        for f in &given_files {
            if let Err(e) = std::fs::File::open(f) {
                eprintln!("dyad: error: {}: cannot open: {e}", f.display());
            }
        }
        eprintln!("dyad: nothing ingested (no input could be opened); the store was not touched");
        return Ok(ExitCode::from(1));
    }
    let start = Instant::now();
    let coder = cli_code::build_coder(c)?;
    let mut store = open(&args.db.path())?;
    let options = serde_json::json!({
        "input_format": c.input_format.map(|f| format!("{f:?}").to_lowercase()),
        "text_column": c.text_column, "id_column": c.id_column, "date_column": c.date_column,
        "title_column": c.title_column, "url_column": c.url_column, "source_column": c.source_column,
        "date": c.date, "modality": c.modality.map(|m| format!("{m:?}").to_lowercase()),
        "quad_scheme": format!("{:?}", c.quad_scheme).to_lowercase(),
        "goldstein": format!("{:?}", c.goldstein).to_lowercase(),
        "any_language": c.any_language, "dicts": c.dicts, "no_builtin": c.no_builtin,
    });
    let manifest = RunManifest {
        kind: "ingest".into(),
        dyad_version: env!("CARGO_PKG_VERSION").into(),
        dict_version: coder.dict_version().to_string(),
        options: options.to_string(),
        inputs: serde_json::to_string(&given_files)?,
    };
    let run = store.begin_run(&manifest)?;
    let mut w = store.doc_writer(run, args.batch_docs, 20_000);
    // A document id seen twice in one run: the later document replaces the earlier
    // one (ingest is idempotent by id), which loses data when they differ: say so.
    let mut seen_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut duplicate_ids = 0usize;
    let totals = cli_code::code_inputs(c, &coder, |d, ev| {
        // Plain text from stdin has no name to give it an id: every such ingest
        // would be document `stdin` and replace the last one. Its id carries a
        // hash of the text instead (the same text re-ingested still replaces itself).
        let renamed;
        let (d, ev): (&dyad_core::Document, std::borrow::Cow<[dyad_core::Event]>) = if d.id == "stdin" {
            let mut h = dyad_dict::Fnv::default();
            h.write(d.text.as_bytes());
            let id = format!("stdin:{:016x}", h.0);
            renamed = dyad_core::Document { id: id.clone(), ..d.clone() };
            let ev: Vec<dyad_core::Event> = ev
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    e.doc_id = id.clone();
                    e.event_id = dyad_coder::event_id(&e);
                    e
                })
                .collect();
            (&renamed, std::borrow::Cow::Owned(ev))
        } else {
            (d, std::borrow::Cow::Borrowed(ev))
        };
        if !seen_ids.insert(d.id.clone()) {
            duplicate_ids += 1;
            eprintln!(
                "dyad: warning: document id {:?} appears more than once in this ingest; the later document replaces the earlier one",
                d.id
            );
        }
        Ok(w.add(d, &ev)?)
    })?;
    if duplicate_ids > 0 {
        eprintln!(
            "dyad: warning: {duplicate_ids} document(s) replaced an earlier document with the same id in this run"
        );
    }
    w.finish()?;
    let stats = serde_json::json!({
        "documents": totals.documents, "coded": totals.coded, "non_english": totals.non_english,
        "bad_records": totals.bad_records, "sentences": totals.sentences, "events": totals.events,
        "failed_inputs": totals.failed_inputs, "seconds": start.elapsed().as_secs_f64(),
    });
    store.finish_run(run, &stats.to_string())?;
    if !c.quiet {
        eprintln!(
            "dyad: ingest run {run} into {}: {} documents ({} coded, {} not English, {} bad records), {} sentences, {} event mentions; store holds {} dyad events; {:.2} s",
            args.db.path().display(),
            totals.documents,
            totals.coded,
            totals.non_english,
            totals.bad_records,
            totals.sentences,
            totals.events,
            store.count_events(Origin::Dyad)?,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(if totals.failed_inputs > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Row messages of `dyad import gdelt` (malformed rows, replaced
/// GLOBALEVENTIDs) printed in full; the rest are counted.
const MESSAGES_SHOWN: u64 = 20;

/// "N duplicate ids: …" of an import summary.
fn duplicates(s: &dyad_store::gdelt::ImportStats) -> String {
    format!(
        "{} duplicate ids ({} within this import, {} already in the store): the later row replaced the earlier",
        s.duplicate_in_import + s.replaced_in_store,
        s.duplicate_in_import,
        s.replaced_in_store
    )
}

/// `dyad import gdelt`. Exit status 1 when a file could not be read or
/// loaded no row at all (every row malformed, or the file empty); a file
/// with some good rows loads them and counts the others as malformed.
pub fn import(args: ImportArgs) -> Result<ExitCode> {
    let ImportWhat::Gdelt { db, files, quiet } = args.what;
    let start = Instant::now();
    let mut store = open(&db.path())?;
    let manifest = RunManifest {
        kind: "import-gdelt".into(),
        dyad_version: env!("CARGO_PKG_VERSION").into(),
        dict_version: String::new(),
        options: "{}".into(),
        inputs: serde_json::to_string(&files)?,
    };
    let run = store.begin_run(&manifest)?;
    let mut total = dyad_store::gdelt::ImportStats::default();
    let mut failed = 0;
    let mut empty = 0;
    // the first MESSAGES_SHOWN row messages in full, then only a count
    let mut messages = 0u64;
    for f in &files {
        let mut report = |m: &str| {
            messages += 1;
            if !quiet && messages <= MESSAGES_SHOWN {
                let kind = if m.ends_with("this row replaces it") { "duplicate id" } else { "malformed row" };
                eprintln!("dyad: {kind}: {m}");
            }
        };
        match dyad_store::gdelt::import_file(&mut store, f, run, 50_000, &mut report) {
            Ok(s) => {
                eprintln!(
                    "dyad: {}: {} lines, {} rows loaded, {} malformed, {} with legacy country codes mapped, \
                     {} with event codes padded; {}",
                    f.display(),
                    s.lines,
                    s.loaded,
                    s.malformed,
                    s.crosswalked,
                    s.padded,
                    duplicates(&s)
                );
                total.lines += s.lines;
                total.loaded += s.loaded;
                total.malformed += s.malformed;
                total.crosswalked += s.crosswalked;
                total.padded += s.padded;
                total.duplicate_in_import += s.duplicate_in_import;
                total.replaced_in_store += s.replaced_in_store;
                // Not one good row: the wrong kind of file (a Mentions or GKG
                // file, a text file) or an empty one; not a successful import.
                if s.loaded == 0 {
                    empty += 1;
                    if s.lines == 0 {
                        eprintln!("dyad: error: {}: no rows loaded (the file is empty)", f.display());
                    } else {
                        eprintln!("dyad: error: {}: no rows loaded ({} malformed)", f.display(), s.malformed);
                    }
                }
            }
            Err(e) => {
                eprintln!("dyad: error: {}: {e}", f.display());
                failed += 1;
            }
        }
    }
    if !quiet && messages > MESSAGES_SHOWN {
        eprintln!(
            "dyad: {} more row messages not shown (the first {MESSAGES_SHOWN} are above; the counts are in the summary)",
            messages - MESSAGES_SHOWN
        );
    }
    store.finish_run(run, &serde_json::to_string(&total)?)?;
    eprintln!(
        "dyad: import run {run}: {} lines, {} loaded, {} malformed, {} padded; {}; store holds {} GDELT events; {:.2} s",
        total.lines,
        total.loaded,
        total.malformed,
        total.padded,
        duplicates(&total),
        store.count_events(Origin::Gdelt)?,
        start.elapsed().as_secs_f64()
    );
    Ok(if failed > 0 || empty > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `e` (or any error it wraps) is a write to a closed pipe, as when the
/// output is piped into `head`.
/// (`StoreError::Io` names its `std::io::Error` as its source, so the chain
/// reaches it; a `serde_json::Error` does not, so it is asked directly.)
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(|io| io.kind()) == pipe
            || c.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind()) == pipe
    })
}

/// A closed stdout ends the command quietly with success, as `dyad code`
/// does: the reader (`head`, a pager) has all it wanted.
fn quiet_on_closed_pipe(r: Result<ExitCode>) -> Result<ExitCode> {
    match r {
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        r => r,
    }
}

/// `dyad export`. A closed stdout (`dyad export | head`) stops the export
/// quietly with success.
pub fn export(args: ExportArgs) -> Result<ExitCode> {
    quiet_on_closed_pipe(export_to(args))
}

fn export_to(args: ExportArgs) -> Result<ExitCode> {
    let (from, to) = date_range(&args.from, &args.to)?;
    let store = open_existing(&args.db.path())?;
    let filter = EventFilter { origin: args.origin.map(Origin::from), from, to };
    let level = match args.level {
        LevelArg::Events => dyad_store::export::Level::Events,
        LevelArg::Mentions => dyad_store::export::Level::Mentions,
    };
    if level == dyad_store::export::Level::Mentions
        && matches!(args.format, ExportFormat::Gdelt | ExportFormat::Parquet)
    {
        bail!("--level mentions is written as jsonl or csv; gdelt and parquet exports are event tables");
    }
    if args.format == ExportFormat::Parquet {
        let Some(dir) = &args.out else { bail!("--format parquet needs --out DIR") };
        let s = dyad_store::export::export_parquet(&store, &filter, dir)?;
        eprintln!("dyad: wrote {} events in {} Parquet files under {}", s.rows, s.files.len(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let n = match args.format {
        ExportFormat::Jsonl => {
            dyad_store::export::export_level(&store, &filter, level, dyad_store::export::RecordFormat::Jsonl, &mut out)?
        }
        ExportFormat::Csv => {
            dyad_store::export::export_level(&store, &filter, level, dyad_store::export::RecordFormat::Csv, &mut out)?
        }
        ExportFormat::Gdelt => dyad_store::gdelt::export(&store, &filter, &mut out)?,
        ExportFormat::Parquet => unreachable!(),
    };
    out.flush()?;
    let what = if level == dyad_store::export::Level::Mentions { "mentions" } else { "events" };
    eprintln!("dyad: exported {n} {what}");
    Ok(ExitCode::SUCCESS)
}

fn scope(c: &QueryCommon) -> Result<Scope> {
    let (from, to) = date_range(&c.from, &c.to)?;
    Ok(Scope { origin: c.origin.into(), from, to })
}

fn fmt_num(x: f64, normalize: bool) -> String {
    if normalize {
        format!("{x:.4}")
    } else {
        format!("{x:.0}")
    }
}

/// `dyad query`. A closed stdout (`dyad query events | head`) stops the
/// output quietly with success.
pub fn query(args: QueryArgs) -> Result<ExitCode> {
    quiet_on_closed_pipe(query_to(args))
}

fn query_to(args: QueryArgs) -> Result<ExitCode> {
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    match args.what {
        QueryWhat::Dyad { a, b, by, normalize, one_a_day, common } => {
            let (a, b) = (resolve_actor(&a), resolve_actor(&b));
            let sc = scope(&common)?;
            let store = open_existing(&common.db.path())?;
            let by = match by {
                PeriodArg::Day => Period::Day,
                PeriodArg::Week => Period::Week,
                PeriodArg::Month => Period::Month,
            };
            let o = DyadOptions { a: a.clone(), b: b.clone(), by, normalize, one_a_day };
            let rows = dyad_analytics::dyad_series(store.conn(), &sc, &o)?;
            if common.json {
                serde_json::to_writer_pretty(&mut out, &rows)?;
                writeln!(out)?;
            } else {
                let what = if normalize { "share of all events" } else { "events" };
                writeln!(out, "# {a}–{b} by {by:?} ({what}; q1..q4 = QuadClass; g = Goldstein sum/mean)")?;
                writeln!(
                    out,
                    "{:<10} {:>7} | {:<34} | {:<34} | {:<34} | top codes (both)",
                    "period",
                    "all",
                    format!("{a}→{b} n q1/q2/q3/q4 g"),
                    format!("{b}→{a} n q1/q2/q3/q4 g"),
                    "both n q1/q2/q3/q4 g"
                )?;
                for r in &rows {
                    let side = |s: &dyad_analytics::Side| {
                        format!(
                            "{} {}/{}/{}/{} {:+.1}/{}",
                            fmt_num(s.events, normalize),
                            fmt_num(s.quad[0], normalize),
                            fmt_num(s.quad[1], normalize),
                            fmt_num(s.quad[2], normalize),
                            fmt_num(s.quad[3], normalize),
                            s.goldstein_sum,
                            s.goldstein_mean.map(|m| format!("{m:+.2}")).unwrap_or_else(|| "-".into())
                        )
                    };
                    let top: Vec<String> = r.both.top_codes.iter().map(|(c, n)| format!("{c}×{n}")).collect();
                    writeln!(
                        out,
                        "{:<10} {:>7} | {:<34} | {:<34} | {:<34} | {}",
                        r.period,
                        r.all_events.map(|n| n.to_string()).unwrap_or_else(|| "-".into()),
                        side(&r.ab),
                        side(&r.ba),
                        side(&r.both),
                        if top.is_empty() { "-".to_string() } else { top.join(" ") }
                    )?;
                }
                if rows.iter().all(|r| r.both.events == 0.0) {
                    // rows are zero-filled over the store's dates: say when none holds an A–B event
                    writeln!(out, "(no {a}–{b} events)")?;
                    hint_other_origin(&store, &sc)?;
                }
            }
        }
        QueryWhat::Events { actor, code, limit, common } => {
            let actor = actor.map(|a| resolve_actor(&a));
            let sc = scope(&common)?;
            let store = open_existing(&common.db.path())?;
            let rows = query_events(&store, &sc, actor.as_deref(), code.as_deref(), limit)?;
            if rows.is_empty() {
                hint_other_origin(&store, &sc)?;
                if !common.json {
                    eprintln!("dyad: (no events)");
                }
            }
            if common.json {
                for r in &rows {
                    serde_json::to_writer(&mut out, r)?;
                    writeln!(out)?;
                }
            } else {
                for r in &rows {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\tq{}\t{}\tmentions={} articles={}\t{}",
                        r["date"].as_str().unwrap_or(""),
                        r["source"].as_str().unwrap_or(""),
                        r["code"].as_str().unwrap_or(""),
                        r["target"].as_str().unwrap_or(""),
                        r["modality"].as_str().unwrap_or(""),
                        r["quad_class"],
                        r["goldstein"],
                        r["num_mentions"],
                        r["num_articles"],
                        r["sentence"].as_str().or(r["source_url"].as_str()).unwrap_or("").replace(['\n', '\t'], " ")
                    )?;
                }
            }
        }
        QueryWhat::Actors { limit, common } => {
            let sc = scope(&common)?;
            let store = open_existing(&common.db.path())?;
            let rows = dyad_analytics::actors(store.conn(), &sc, limit)?;
            if common.json {
                serde_json::to_writer_pretty(&mut out, &rows)?;
                writeln!(out)?;
            } else {
                writeln!(out, "actor\tas_source\tas_target")?;
                for r in rows {
                    writeln!(out, "{}\t{}\t{}", r.actor, r.as_source, r.as_target)?;
                }
            }
        }
        QueryWhat::Network { min_events, common } => {
            let sc = scope(&common)?;
            let store = open_existing(&common.db.path())?;
            let rows = dyad_analytics::network(store.conn(), &sc, min_events)?;
            if common.json {
                serde_json::to_writer_pretty(&mut out, &rows)?;
                writeln!(out)?;
            } else {
                writeln!(out, "source\ttarget\tevents\tcooperation\tconflict\tgoldstein_sum")?;
                for r in rows {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{:.1}",
                        r.source, r.target, r.events, r.cooperation, r.conflict, r.goldstein_sum
                    )?;
                }
            }
        }
        QueryWhat::Blocs { min_events, common } => {
            let sc = scope(&common)?;
            let store = open_existing(&common.db.path())?;
            let b = dyad_analytics::blocs(store.conn(), &sc, min_events)?;
            if common.json {
                let v = serde_json::json!({
                    "modularity": b.modularity, "nodes": b.nodes, "pairs": b.pairs,
                    "blocs": b.blocs.iter().map(|x| serde_json::json!({
                        "members": x.members,
                        "internal_cooperation": x.internal_cooperation, "internal_conflict": x.internal_conflict,
                        "external_cooperation": x.external_cooperation, "external_conflict": x.external_conflict,
                        "internal_balance": x.internal_balance(), "external_balance": x.external_balance(),
                    })).collect::<Vec<_>>(),
                });
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "# {} blocs over {} countries, {} pairs with ≥{} events; signed modularity Q = {:.3}",
                    b.blocs.len(),
                    b.nodes,
                    b.pairs,
                    min_events,
                    b.modularity
                )?;
                writeln!(
                    out,
                    "# balance = (coop − conflict)/(coop + conflict); internal: within the bloc, external: with others"
                )?;
                let mut singles = Vec::new();
                for (i, x) in b.blocs.iter().enumerate() {
                    if x.members.len() == 1 {
                        singles.push(x.members[0].as_str());
                        continue;
                    }
                    writeln!(
                        out,
                        "bloc {}: {} members, internal {:+.2} ({} coop/{} conflict), external {:+.2} ({}/{}): {}",
                        i + 1,
                        x.members.len(),
                        x.internal_balance(),
                        x.internal_cooperation,
                        x.internal_conflict,
                        x.external_balance(),
                        x.external_cooperation,
                        x.external_conflict,
                        x.members.join(" ")
                    )?;
                }
                if !singles.is_empty() {
                    writeln!(out, "on their own ({}): {}", singles.len(), singles.join(" "))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// An actor argument of a query as a code prefix: an argument written like a
/// code (upper-case letters, digits, `-`) is used as it is; any other is
/// looked up as a name in the built-in actor dictionary ("United States",
/// "russia", "Russian" → USA, RUS, RUS), else upper-cased ("usa" → USA).
/// A changed argument is reported on stderr.
fn resolve_actor(arg: &str) -> String {
    let t = arg.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-') {
        return t.to_string();
    }
    let (dicts, _) = dyad_dict::builtin::load();
    if let Some(code) = dicts.actor_code_for_name(t) {
        eprintln!("dyad: {t:?} read as {code} (built-in actor dictionary)");
        return code.to_string();
    }
    let up = t.to_ascii_uppercase();
    eprintln!("dyad: {t:?} read as the code prefix {up}");
    up
}

/// Said on stderr when a query found nothing for one origin while the store
/// holds events of the other (`query events` on a GDELT-only store).
fn hint_other_origin(store: &Store, sc: &Scope) -> Result<()> {
    let other = match sc.origin {
        Origin::Dyad => Origin::Gdelt,
        Origin::Gdelt => Origin::Dyad,
    };
    let n = store.count_events(other)?;
    if n > 0 && store.count_events(sc.origin)? == 0 {
        let what = if other == Origin::Gdelt { "GDELT" } else { "dyad" };
        eprintln!(
            "dyad: the store holds {n} {what} events and no {} ones; add --origin {}",
            sc.origin.as_str(),
            other.as_str()
        );
    }
    Ok(())
}

/// Events matching the filters with the first provenance sentence (dyad) as JSON objects.
fn query_events(
    store: &Store,
    sc: &Scope,
    actor: Option<&str>,
    code: Option<&str>,
    limit: usize,
) -> Result<Vec<serde_json::Value>> {
    let mut w = vec!["e.origin=?".to_string()];
    let mut a: Vec<String> = vec![sc.origin.as_str().into()];
    if let Some(f) = &sc.from {
        w.push("e.date>=?".into());
        a.push(f.clone());
    }
    if let Some(t) = &sc.to {
        w.push("e.date<=?".into());
        a.push(t.clone());
    }
    if let Some(p) = actor {
        let end = format!("{p}\u{10FFFF}");
        w.push("((e.source>=? AND e.source<?) OR (e.target>=? AND e.target<?))".into());
        a.extend([p.to_string(), end.clone(), p.to_string(), end]);
    }
    if let Some(c) = code {
        w.push("substr(e.code,1,?)=?".into());
        a.extend([c.len().to_string(), c.to_string()]);
    }
    let sql = format!(
        "SELECT e.date, e.source, e.code, e.target, e.modality, e.quad_class, e.goldstein, e.num_mentions, \
         e.num_sources, e.num_articles, e.source_url, e.event_key, \
         (SELECT s.text FROM provenance p JOIN sentences s ON s.doc_id=p.doc_id AND s.field=p.field \
            AND s.sentence_index=p.sentence_index WHERE p.event_row=e.id ORDER BY p.doc_id, p.seq LIMIT 1), \
         (SELECT p.doc_id FROM provenance p WHERE p.event_row=e.id ORDER BY p.doc_id, p.seq LIMIT 1) \
         FROM events e WHERE {} ORDER BY e.date, e.id LIMIT {}",
        w.join(" AND "),
        limit
    );
    let mut st = store.conn().prepare(&sql)?;
    let mut rows = st.query(dyad_store::rusqlite::params_from_iter(a.iter()))?;
    let mut v = Vec::new();
    while let Some(r) = rows.next()? {
        let g: Option<f64> = r.get(6)?;
        v.push(serde_json::json!({
            "date": r.get::<_, String>(0)?, "source": r.get::<_, String>(1)?, "code": r.get::<_, String>(2)?,
            "target": r.get::<_, String>(3)?, "modality": r.get::<_, String>(4)?, "quad_class": r.get::<_, i64>(5)?,
            "goldstein": g, "num_mentions": r.get::<_, i64>(7)?, "num_sources": r.get::<_, i64>(8)?,
            "num_articles": r.get::<_, i64>(9)?, "source_url": r.get::<_, String>(10)?,
            "event_key": r.get::<_, String>(11)?, "sentence": r.get::<_, Option<String>>(12)?,
            "doc_id": r.get::<_, Option<String>>(13)?,
        }));
    }
    Ok(v)
}
