//! `dyad eval`: score the coder against gold files (PETRARCH validation XML,
//! PLOVER gold JSON, dyad JSONL gold); see docs/EVAL.md.

use crate::cli_code::load_dictionaries;
use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_coder::eval::{self, GoldFile, GoldKind};
use dyad_coder::news_gold;
use dyad_coder::{Coder, CoderOptions, Event};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `dyad eval`.
#[derive(Args, Debug, Clone)]
pub struct EvalArgs {
    /// Gold files: PETRARCH validation XML, PLOVER gold JSON, dyad JSONL gold.
    #[arg(required_unless_present = "news_gold")]
    pub files: Vec<PathBuf>,
    /// Score the real-news dev gold (`news_gold_dev.jsonl`) in document
    /// context, as its README's "How to score" says: each article of
    /// --articles is coded whole and its events assigned to the gold sentences.
    #[arg(long, value_name = "FILE", requires = "articles")]
    pub news_gold: Option<PathBuf>,
    /// The articles the --news-gold sentences are cut from (`NewsArticles.csv`:
    /// `article_id`, `publish_date`, `text`).
    #[arg(long, value_name = "CSV", requires = "news_gold")]
    pub articles: Option<PathBuf>,
    /// With --news-gold: after the report, list per gold sentence the hits,
    /// the missed gold events and the false positives.
    #[arg(long, requires = "news_gold")]
    pub details: bool,
    /// One JSON object per file per line instead of the text report.
    #[arg(long)]
    pub json: bool,
    /// Folder where a PETRARCH file's <Environment> dictionary names are
    /// resolved (repeatable, searched in order; the gold file's own folder is
    /// searched last).
    #[arg(long = "dict-dir", value_name = "DIR")]
    pub dict_dirs: Vec<PathBuf>,
    /// PETRARCH dictionary file or folder (repeatable). For a file with an
    /// <Environment>, it replaces the environment's files of the same kind;
    /// otherwise it is loaded before the built-in dictionaries.
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,
    /// Write every missing and extra event (with its sentence, expected and
    /// produced events) to FILE as JSONL.
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    /// Write the failing records (id, category, reason class, matched/expected,
    /// extra) to FILE, one tab-separated line each (eval/failing_records.txt).
    #[arg(long, value_name = "FILE")]
    pub failing_records: Option<PathBuf>,
    /// Date for records without one (YYYY-MM-DD, YYYYMMDD, …).
    #[arg(long)]
    pub date: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// No loading messages on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Build the coder for one gold file: the dictionaries its <Environment>
/// names (no built-ins) when it names any, else `--dict` plus the built-in set.
fn coder_for(args: &EvalArgs, gold: &GoldFile, path: &Path) -> Result<Coder> {
    if let Some(env) = gold.environment.as_ref().filter(|e| e.names_dictionaries()) {
        let mut dirs = args.dict_dirs.clone();
        if let Some(parent) = path.parent() {
            dirs.push(if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent.to_path_buf() });
        }
        let ed = eval::load_environment(&gold.path, env, &dirs, &args.dicts)?;
        if !args.quiet {
            let names: Vec<String> = ed.files.iter().map(|f| f.display().to_string()).collect();
            eprintln!("dyad: {}: <Environment> dictionaries: {}", gold.path, names.join(", "));
            eprintln!("dyad: loaded: {}", ed.report.to_string().replace('\n', "; "));
            if !ed.warnings.is_empty() {
                eprintln!("dyad: {} dictionary warning(s); first ones:", ed.warnings.len());
                for w in ed.warnings.iter().take(5) {
                    eprintln!("dyad: dictionary warning: {w}");
                }
            }
        }
        if ed.dicts.actors.is_empty() || ed.dicts.patterns.is_empty() {
            bail!("{}: the <Environment> dictionaries hold no actors or no verb patterns", gold.path);
        }
        Ok(Coder::new(ed.dicts, CoderOptions::default()))
    } else {
        let d = load_dictionaries(&args.dicts, true, args.quiet)?;
        Ok(Coder::new(d, CoderOptions::default()))
    }
}

/// Read, code and score one gold file; returns its report and produced events.
pub fn eval_file(args: &EvalArgs, path: &Path) -> Result<(GoldFile, Vec<Vec<Event>>, eval::EvalReport)> {
    let default_date = match &args.date {
        None => None,
        Some(s) => Some(
            dyad_core::date::parse_date_lenient(s)
                .with_context(|| format!("--date {s:?} is not a date (want YYYY-MM-DD)"))?,
        ),
    };
    let gold = eval::read_gold(path, default_date)?;
    if !args.quiet {
        for w in &gold.warnings {
            eprintln!("dyad: {w}");
        }
    }
    let coder = coder_for(args, &gold, path)?;
    let docs = gold.documents();
    let produced: Vec<Vec<Event>> = docs.par_iter().map(|d| coder.code(d)).collect();
    let rep = eval::score(&gold, &produced);
    Ok((gold, produced, rep))
}

fn create(p: &Path) -> Result<std::io::BufWriter<std::fs::File>> {
    Ok(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?))
}

/// `dyad eval --news-gold FILE --articles CSV`: read, code (built-in
/// dictionaries plus `--dict`, default options) and score; print the report.
fn run_news_gold(args: &EvalArgs, gold_path: &Path, articles: &Path, out: &mut impl Write) -> Result<()> {
    let gold = news_gold::read_news_gold(gold_path)?;
    let ids = gold.iter().map(|s| s.article_id).collect();
    let docs = news_gold::read_articles(articles, &ids)?;
    let d = load_dictionaries(&args.dicts, true, args.quiet)?;
    let coder = Coder::new(d, CoderOptions::default());
    let list: Vec<(&u64, &dyad_coder::Document)> = docs.iter().collect();
    let events = list.par_iter().map(|(id, d)| (**id, coder.code(d))).collect();
    let rep = news_gold::score(&gold_path.display().to_string(), &gold, &docs, &events)?;
    if args.json {
        writeln!(out, "{}", rep.to_json())?;
    } else {
        write!(out, "{}", rep.to_text())?;
    }
    if args.details {
        write!(out, "{}", rep.details_text())?;
    }
    Ok(())
}

/// `dyad eval`. Exit 1 when a gold file could not be read or scored (the
/// others still are), 2 for usage errors and unwritable outputs.
pub fn run(args: EvalArgs) -> Result<ExitCode> {
    if let Some(n) = args.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().ok();
    }
    let mut failures = args.failures.as_deref().map(create).transpose()?;
    let mut failing = args.failing_records.as_deref().map(create).transpose()?;
    if let Some(f) = failing.as_mut() {
        writeln!(
            f,
            "# Failing gold records, regenerated by `dyad eval --failing-records FILE` (see docs/EVAL.md).\n\
             # id\tcategory\treason\tmatched/expected\textra"
        )?;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    if let (Some(g), Some(a)) = (&args.news_gold, &args.articles) {
        if let Err(e) = run_news_gold(&args, g, a, &mut out) {
            // a closed stdout (`| head`) ends quietly, as for the other commands
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return Ok(ExitCode::SUCCESS);
            }
            eprintln!("dyad: error: {}: {e:#}", g.display());
            failed += 1;
        }
    }
    for path in &args.files {
        let (gold, produced, rep) = match eval_file(&args, path) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("dyad: error: {}: {e:#}", path.display());
                failed += 1;
                continue;
            }
        };
        let relabels: Vec<String> = gold.relabelled.iter().map(|((a, b), n)| format!("{a}→{b} ({n})")).collect();
        if args.json {
            let mut v = rep.to_json();
            if gold.kind == GoldKind::PloverJson {
                v["relabelled"] = serde_json::Value::from(
                    gold.relabelled
                        .iter()
                        .map(|((a, b), n)| (format!("{a}→{b}"), serde_json::Value::from(*n)))
                        .collect::<serde_json::Map<_, _>>(),
                );
            }
            if !gold.excluded.is_empty() {
                v["excluded"] = serde_json::Value::from(gold.excluded.len());
            }
            writeln!(out, "{v}")?;
        } else {
            write!(out, "{}", rep.to_text())?;
            if gold.kind == GoldKind::PloverJson {
                writeln!(
                    out,
                    "  PLOVER 0.5 gold labels mapped to the types dyad emits: {}",
                    if relabels.is_empty() { "none".to_string() } else { relabels.join(", ") }
                )?;
            }
            if !gold.excluded.is_empty() {
                writeln!(out, "  {} record(s) outside the <Include> categories not scored", gold.excluded.len())?;
            }
        }
        if let Some(f) = failures.as_mut() {
            for l in eval::failure_lines(&gold, &produced, &rep) {
                writeln!(f, "{l}")?;
            }
        }
        if let Some(f) = failing.as_mut() {
            writeln!(f, "# {}", gold.path)?;
            f.write_all(eval::failing_records_text(&gold, &rep).as_bytes())?;
        }
    }
    out.flush()?;
    if let Some(mut f) = failures {
        f.flush().context("cannot write --failures")?;
    }
    if let Some(mut f) = failing {
        f.flush().context("cannot write --failing-records")?;
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
