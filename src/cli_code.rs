//! `dyad code`: read documents, code them in parallel (rayon), write events
//! in input order.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad_coder::input::{InputFormat, InputOptions};
use dyad_coder::sink::{EventSink, GdeltSink, JsonlSink, TsvSink};
use dyad_coder::{Coder, CoderOptions, Document, Event};
use dyad_core::cameo::{GoldsteinScheme, QuadScheme};
use dyad_core::Modality;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Output formats of `dyad code`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutFormat {
    /// One JSON object per event.
    Jsonl,
    /// PETRARCH-2 style event TSV with actor and event text columns.
    Tsv,
    /// GDELT 2.0 61-column event rows.
    Gdelt,
}

/// Input formats accepted by `--input-format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InFormat {
    /// Plain text, one document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// PETRARCH XML records (`<Sentence>…<Text>`).
    Xml,
}

/// QuadClass schemes.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum QuadArg {
    /// GDELT: 1–4.
    Gdelt,
    /// Phoenix: 0–4.
    Phoenix,
}

/// Goldstein tables (`dyad_core::cameo::GoldsteinScheme`).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GoldsteinArg {
    /// GDELT's CAMEO.goldsteinscale.txt values (−10 … +10).
    Gdelt,
    /// Phoenix's values, GDELT's for the codes Phoenix lacks.
    Phoenix,
}

/// Modality filter values.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ModalityArg {
    /// Reported as fact.
    Asserted,
    /// Denied.
    Negated,
    /// Planned or intended.
    Future,
    /// Possible or conditional.
    Hypothetical,
}

/// Arguments shared by commands that read documents and code them.
#[derive(Args, Debug, Clone)]
pub struct CodeArgs {
    /// Input files (plain text, .jsonl, .csv, .xml); stdin when none (or `-`).
    pub files: Vec<PathBuf>,
    /// Input format (overrides detection from the file extension; stdin defaults to text).
    #[arg(long, value_enum)]
    pub input_format: Option<InFormat>,
    /// JSONL key / CSV column holding the text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// JSONL key / CSV column holding the document id.
    #[arg(long, default_value = "id")]
    pub id_column: String,
    /// JSONL key / CSV column holding the story date.
    #[arg(long, default_value = "date")]
    pub date_column: String,
    /// JSONL key / CSV column holding the headline.
    #[arg(long, default_value = "title")]
    pub title_column: String,
    /// JSONL key / CSV column holding the URL.
    #[arg(long, default_value = "url")]
    pub url_column: String,
    /// JSONL key / CSV column holding the publisher.
    #[arg(long, default_value = "source")]
    pub source_column: String,
    /// Story date for plain text and records without one (YYYY-MM-DD, YYYYMMDD, …).
    #[arg(long)]
    pub date: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: OutFormat,
    /// Add the sentence text to each JSONL event.
    #[arg(long)]
    pub with_sentence: bool,
    /// Keep only events of this modality.
    #[arg(long, value_enum)]
    pub modality: Option<ModalityArg>,
    /// QuadClass numbering.
    #[arg(long, value_enum, default_value = "gdelt")]
    pub quad_scheme: QuadArg,
    /// Goldstein table: GDELT's, or Phoenix's with GDELT's for the codes it lacks.
    #[arg(long, value_enum, default_value = "gdelt")]
    pub goldstein: GoldsteinArg,
    /// Write events to this file instead of stdout.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Code documents in any language (default: skip documents detected as not English).
    #[arg(long)]
    pub any_language: bool,
    /// No progress bar, no summary; dictionary warnings as one count line.
    #[arg(long, short)]
    pub quiet: bool,
    /// PETRARCH/TABARI dictionary file or directory to load (repeatable); its entries
    /// win over the built-in ones.
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,
    /// Do not load the built-in dictionaries (use only --dict).
    #[arg(long)]
    pub no_builtin: bool,
    /// Folder for the compiled dictionary cache (default `$XDG_CACHE_HOME/dyad`).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Parse --dict files every time; neither read nor write the cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Print, instead of events, what the coder sees in each sentence: the
    /// dependency tree, the actor mentions on it, each verb with its subject,
    /// agent, objects, obliques and clause-scoped modality markers, and the
    /// events coded or why none were.
    #[arg(long)]
    pub explain: bool,
    /// Write a dictionary-upkeep report here: the most frequent capitalised
    /// phrases not found as actors, and verbs in sentences with two actors
    /// that coded nothing (TSV: kind, count, text).
    #[arg(long, value_name = "FILE")]
    pub report_unmatched: Option<PathBuf>,
}

impl CodeArgs {
    /// Input options from the flags.
    pub fn input_options(&self) -> Result<InputOptions> {
        let default_date = match &self.date {
            None => None,
            Some(s) => Some(
                dyad_core::date::parse_date_lenient(s)
                    .with_context(|| format!("--date {s:?} is not a date (want YYYY-MM-DD)"))?,
            ),
        };
        Ok(InputOptions {
            format: self.input_format.map(|f| match f {
                InFormat::Text => InputFormat::Text,
                InFormat::Jsonl => InputFormat::Jsonl,
                InFormat::Csv => InputFormat::Csv,
                InFormat::Xml => InputFormat::PetrarchXml,
            }),
            text_column: self.text_column.clone(),
            id_column: self.id_column.clone(),
            date_column: self.date_column.clone(),
            title_column: self.title_column.clone(),
            source_column: self.source_column.clone(),
            url_column: self.url_column.clone(),
            default_date,
        })
    }

    /// Coder options from the flags.
    pub fn coder_options(&self) -> CoderOptions {
        CoderOptions {
            quad_scheme: match self.quad_scheme {
                QuadArg::Gdelt => QuadScheme::Gdelt,
                QuadArg::Phoenix => QuadScheme::Phoenix,
            },
            goldstein: match self.goldstein {
                GoldsteinArg::Gdelt => GoldsteinScheme::Gdelt,
                GoldsteinArg::Phoenix => GoldsteinScheme::Phoenix,
            },
            modality: self.modality.map(|m| match m {
                ModalityArg::Asserted => Modality::Asserted,
                ModalityArg::Negated => Modality::Negated,
                ModalityArg::Future => Modality::Future,
                ModalityArg::Hypothetical => Modality::Hypothetical,
            }),
        }
    }
}

/// Run totals for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Totals {
    /// Documents read.
    pub documents: usize,
    /// Documents coded.
    pub coded: usize,
    /// Documents skipped as not English.
    pub non_english: usize,
    /// Records skipped as unreadable.
    pub bad_records: usize,
    /// Documents dropped by a story-level discard.
    pub discarded: usize,
    /// Sentences analysed.
    pub sentences: usize,
    /// Events written.
    pub events: usize,
    /// Inputs that could not be read at all.
    pub failed_inputs: usize,
}

/// Language filter shared with the Python package (moved to `dyad_coder::lang`).
pub use dyad_coder::lang::is_not_english;

/// Read every input, code in batches in parallel, hand each document's
/// events to `on_doc` in input order. Used by `code` (and later `ingest`).
pub fn code_inputs(
    args: &CodeArgs,
    coder: &Coder,
    mut on_doc: impl FnMut(&Document, &[Event]) -> Result<()>,
) -> Result<Totals> {
    let opts = args.input_options()?;
    let mut totals = Totals::default();
    let files: Vec<PathBuf> = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let pb = if show_progress {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} documents {per_sec} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Some(pb)
    } else {
        None
    };
    let mut warned_no_date = false;
    const BATCH: usize = 256;
    let inputs = files.iter().flat_map(|f| crate::cli_inputs::open_input(f, &opts));
    for opened in inputs {
        let mut reader = match opened {
            Ok(r) => r,
            Err(e) => {
                eprintln!("dyad: error: {e}");
                totals.failed_inputs += 1;
                continue;
            }
        };
        loop {
            let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
            for item in reader.by_ref() {
                match item {
                    Ok(d) => batch.push(d),
                    Err(e) => {
                        eprintln!("dyad: skipped record: {e}");
                        totals.bad_records += 1;
                    }
                }
                if batch.len() >= BATCH {
                    break;
                }
            }
            for w in reader.take_warnings() {
                eprintln!("dyad: {w}");
            }
            if batch.is_empty() {
                break;
            }
            totals.documents += batch.len();
            if !warned_no_date && batch.iter().any(|d| d.date.is_none()) && coder.has_dated_actors() {
                warned_no_date = true;
                if !args.quiet {
                    eprintln!(
                        "dyad: note: some documents have no date; their events have an empty date and date-restricted actors resolve as of the newest range (give --date or a date column)"
                    );
                }
            }
            let any = args.any_language;
            let results: Vec<Option<(Vec<Event>, dyad_coder::DocStats)>> = batch
                .par_iter()
                .map(|d| if !any && is_not_english(&d.text) { None } else { Some(coder.code_with_stats(d)) })
                .collect();
            for (d, r) in batch.iter().zip(results) {
                match r {
                    None => totals.non_english += 1,
                    Some((events, st)) => {
                        totals.coded += 1;
                        totals.sentences += st.sentences;
                        if st.discarded {
                            totals.discarded += 1;
                        }
                        totals.events += events.len();
                        on_doc(d, &events)?;
                    }
                }
            }
            if let Some(pb) = &pb {
                pb.set_position(totals.documents as u64);
            }
        }
    }
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    Ok(totals)
}

/// Build the coder for `code`-like commands: user dictionaries (`--dict`,
/// in order, through the compiled cache) then the built-in ones unless
/// `--no-builtin`. Prints load counts and per-entry warnings on stderr; an
/// unreadable dictionary is an error.
pub fn build_coder(args: &CodeArgs) -> Result<Coder> {
    let cache = if args.no_cache { None } else { Some(args.cache_dir.clone()) };
    let dicts = load_dictionaries_cached(&args.dicts, !args.no_builtin, args.quiet, cache)?;
    if dicts.actors.is_empty() || dicts.patterns.is_empty() {
        bail!("no actors or no verb patterns loaded: nothing could be coded (check --dict / --no-builtin)");
    }
    Ok(Coder::new(dicts, args.coder_options()))
}

/// Load `--dict` paths (through the default cache) then, optionally, the
/// built-in set.
pub fn load_dictionaries(paths: &[PathBuf], builtin: bool, quiet: bool) -> Result<dyad_dict::Dictionaries> {
    load_dictionaries_cached(paths, builtin, quiet, Some(None))
}

/// Load `--dict` paths then (optionally) the built-in set. `cache`: `None`
/// parses without the cache; `Some(dir)` uses the cache in `dir` (or the
/// default folder when `dir` is `None`).
pub fn load_dictionaries_cached(
    paths: &[PathBuf],
    builtin: bool,
    quiet: bool,
    cache: Option<Option<PathBuf>>,
) -> Result<dyad_dict::Dictionaries> {
    let mut all = dyad_dict::Dictionaries::default();
    if !paths.is_empty() {
        let (d, warnings, report) = match cache {
            Some(dir) => {
                let (d, w, r, outcome) =
                    dyad_dict::cache::load(paths, dir.as_deref()).context("cannot load dictionaries")?;
                if !quiet {
                    match &outcome {
                        dyad_dict::cache::CacheOutcome::Hit(f) => {
                            eprintln!("dyad: dictionaries from cache {}", f.display())
                        }
                        dyad_dict::cache::CacheOutcome::Written(f) => {
                            eprintln!("dyad: dictionaries compiled to cache {}", f.display())
                        }
                        dyad_dict::cache::CacheOutcome::Unavailable(why) => {
                            eprintln!("dyad: dictionary cache not used: {why}")
                        }
                    }
                }
                (d, w, r)
            }
            None => dyad_dict::cache::load_uncached(paths).context("cannot load dictionaries")?,
        };
        // every warning, or with --quiet their count (`dyad dict check` lists them)
        if quiet && !warnings.is_empty() {
            eprintln!("dyad: {} dictionary warning(s); `dyad dict check` lists them", warnings.len());
        } else {
            for w in &warnings {
                eprintln!("dyad: dictionary warning: {w}");
            }
        }
        if !quiet {
            for line in report.lines() {
                eprintln!("dyad: loaded {line}");
            }
        }
        all.extend(d);
    }
    if builtin {
        let (d, warnings) = dyad_dict::builtin::load();
        for w in &warnings {
            eprintln!("dyad: dictionary warning: {w}");
        }
        all.extend(d);
    }
    Ok(all)
}

/// `dyad code`.
/// Never truncate an input by writing over it: an error when `out` is one of
/// `files` (after resolving paths).
pub fn refuse_out_over_input(out: Option<&std::path::Path>, files: &[PathBuf]) -> Result<()> {
    if let Some(o) = out.and_then(|o| std::fs::canonicalize(o).ok()) {
        if let Some(f) = files.iter().find(|f| std::fs::canonicalize(f).is_ok_and(|i| i == o)) {
            bail!("--out {} is also an input file; refusing to overwrite it", f.display());
        }
    }
    Ok(())
}

/// Open `--out` (or stdout) for writing.
pub fn open_output(out: Option<&std::path::Path>) -> Result<Box<dyn Write>> {
    Ok(match out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Read every document of `files` (stdin when empty) and hand it to `each`,
/// which returns the text to write to `out`. Unreadable files are reported
/// and counted (exit 1), bad records reported and skipped; a closed stdout
/// ends quietly. Used by `code --explain` and `parse`.
pub fn write_per_document(
    files: &[PathBuf],
    opts: &InputOptions,
    out: Option<&std::path::Path>,
    mut each: impl FnMut(&Document) -> String,
) -> Result<ExitCode> {
    refuse_out_over_input(out, files)?;
    let mut w = open_output(out)?;
    let files: Vec<PathBuf> = if files.is_empty() { vec![PathBuf::from("-")] } else { files.to_vec() };
    let mut failed = 0;
    for reader in files.iter().flat_map(|f| crate::cli_inputs::open_input(f, opts)) {
        let reader = match reader {
            Ok(r) => r,
            Err(e) => {
                eprintln!("dyad: error: {e}");
                failed += 1;
                continue;
            }
        };
        for d in reader {
            match d {
                Ok(d) => {
                    if let Err(e) = w.write_all(each(&d).as_bytes()) {
                        if e.kind() == std::io::ErrorKind::BrokenPipe {
                            return Ok(ExitCode::SUCCESS);
                        }
                        return Err(e).context("cannot write output");
                    }
                }
                Err(e) => eprintln!("dyad: skipped record: {e}"),
            }
        }
    }
    match w.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e).context("cannot write output"),
        _ => {}
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn run(args: CodeArgs) -> Result<ExitCode> {
    if let Some(n) = args.threads {
        if !(1..=1024).contains(&n) {
            bail!("--threads must be between 1 and 1024");
        }
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().ok();
    }
    let start = Instant::now();
    // Validate everything before touching --out, so a usage error never truncates it.
    args.input_options()?;
    refuse_out_over_input(args.out.as_deref(), &args.files)?;
    let coder = build_coder(&args)?;
    if args.explain {
        let opts = args.input_options()?;
        return write_per_document(&args.files, &opts, args.out.as_deref(), |d| coder.explain(d));
    }
    // --out is written to a temporary file beside it and renamed into place at the end,
    // so an existing file is replaced only by a complete run.
    let tmp_out = args.out.as_ref().map(|p| {
        let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(format!(".dyad-tmp-{}", std::process::id()));
        p.with_file_name(name)
    });
    let out: Box<dyn Write> = match &tmp_out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut sink: Box<dyn EventSink> = match args.format {
        OutFormat::Jsonl => Box::new(JsonlSink::new(out).with_sentence(args.with_sentence)),
        OutFormat::Tsv => Box::new(TsvSink::new(out)),
        OutFormat::Gdelt => Box::new(GdeltSink::new(out)),
    };
    let mut phrases: std::collections::HashMap<String, usize> = Default::default();
    let mut verbs: std::collections::HashMap<String, usize> = Default::default();
    let want_report = args.report_unmatched.is_some();
    let res = code_inputs(&args, &coder, |d, ev| {
        if want_report {
            let u = coder.unmatched(d);
            for p in u.phrases {
                *phrases.entry(p).or_default() += 1;
            }
            for v in u.verbs {
                *verbs.entry(v).or_default() += 1;
            }
        }
        Ok(sink.write_document(d, ev)?)
    });
    let totals = match res {
        Ok(t) => t,
        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        Err(e) => {
            drop(sink);
            if let Some(t) = &tmp_out {
                let _ = std::fs::remove_file(t);
            }
            return Err(e);
        }
    };
    let finished = sink.finish();
    drop(sink);
    match finished {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => {
            if let Some(t) = &tmp_out {
                let _ = std::fs::remove_file(t);
            }
            return Err(e).context("cannot write output");
        }
    }
    if let (Some(t), Some(out)) = (&tmp_out, &args.out) {
        std::fs::rename(t, out).with_context(|| format!("cannot move output into place at {}", out.display()))?;
    }
    if let Some(path) = &args.report_unmatched {
        write_report(path, &phrases, &verbs).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !args.quiet {
        eprintln!(
            "dyad: {} documents ({} coded, {} not English, {} bad records, {} discarded), {} sentences, {} events, {:.2} s",
            totals.documents,
            totals.coded,
            totals.non_english,
            totals.bad_records,
            totals.discarded,
            totals.sentences,
            totals.events,
            start.elapsed().as_secs_f64()
        );
    }
    Ok(if totals.failed_inputs > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Write the `--report-unmatched` TSV: `kind<TAB>count<TAB>text`, phrases
/// then verbs, most frequent first (at most 500 of each).
fn write_report(
    path: &std::path::Path,
    phrases: &std::collections::HashMap<String, usize>,
    verbs: &std::collections::HashMap<String, usize>,
) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "kind\tcount\ttext")?;
    for (kind, map) in [("phrase", phrases), ("verb", verbs)] {
        let mut v: Vec<(&String, &usize)> = map.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (t, n) in v.into_iter().take(500) {
            writeln!(f, "{kind}\t{n}\t{}", t.replace(['\t', '\n'], " "))?;
        }
    }
    f.flush()
}
