//! `dyad dict check|compile|lookup`: inspect dictionaries.

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use dyad_dict::native::phrase_tokens;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// `dyad dict` subcommands.
#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Parse dictionaries, print counts and every warning (file:line). Exit 1 when there were warnings.
    Check(CheckArgs),
    /// Parse dictionaries and write the compiled cache (what `code --dict` reads on later runs).
    Compile(CompileArgs),
    /// Show the actor, agent and verb-pattern entries for a phrase.
    Lookup(LookupArgs),
}

/// Arguments of `dict check`.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// PETRARCH/TABARI dictionary files or folders; none: check the built-in dictionaries.
    pub paths: Vec<PathBuf>,
}

/// Arguments of `dict compile`.
#[derive(Args, Debug)]
pub struct CompileArgs {
    /// PETRARCH/TABARI dictionary files or folders, in the order `code --dict` will name them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Cache folder (default `$XDG_CACHE_HOME/dyad`).
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
}

/// Arguments of `dict lookup`.
#[derive(Args, Debug)]
pub struct LookupArgs {
    /// The phrase, as it would appear in text ("Vladimir Putin", "imposed sanctions").
    pub phrase: String,
    /// Extra PETRARCH/TABARI dictionaries (searched before the built-in ones).
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    /// Leave out the built-in dictionaries.
    #[arg(long)]
    pub no_builtin: bool,
    /// Story date for resolving dated codes (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
}

/// Run a `dict` subcommand.
pub fn run(cmd: DictCommand) -> Result<ExitCode> {
    match cmd {
        DictCommand::Check(a) => check(a),
        DictCommand::Compile(a) => compile(a),
        DictCommand::Lookup(a) => lookup(a),
    }
}

fn check(a: CheckArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let (d, warnings) = if a.paths.is_empty() {
        let (d, w) = dyad_dict::builtin::load();
        println!("built-in dictionaries");
        (d, w)
    } else {
        let (d, w, report) = dyad_dict::cache::load_uncached(&a.paths).context("cannot load dictionaries")?;
        print!("{report}");
        (d, w)
    };
    for w in &warnings {
        println!("warning: {w}");
    }
    println!(
        "{} actors, {} agents, {} verb patterns, {} discard phrases, {} sports words, {} issue entries; {} warnings; version {}; {:.0} ms",
        d.actors.len(),
        d.agents.len(),
        d.patterns.len(),
        d.discards.sentence.len() + d.discards.story.len(),
        d.discards.sports.len(),
        d.issues.len(),
        warnings.len(),
        d.version(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    Ok(if warnings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn compile(a: CompileArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let (d, w, _report, outcome) =
        dyad_dict::cache::load(&a.paths, a.cache_dir.as_deref()).context("cannot load dictionaries")?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match outcome {
        dyad_dict::cache::CacheOutcome::Hit(f) => println!("up to date: {} ({ms:.0} ms)", f.display()),
        dyad_dict::cache::CacheOutcome::Written(f) => println!("compiled: {} ({ms:.0} ms)", f.display()),
        dyad_dict::cache::CacheOutcome::Unavailable(why) => {
            eprintln!("dyad: cache not written: {why}");
            return Ok(ExitCode::from(1));
        }
    }
    println!(
        "{} actors, {} agents, {} verb patterns; {} warnings",
        d.actors.len(),
        d.agents.len(),
        d.patterns.len(),
        w.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn lookup(a: LookupArgs) -> Result<ExitCode> {
    let date = match &a.date {
        Some(s) => Some(dyad_core::date::date_key(
            dyad_core::date::parse_date_lenient(s).with_context(|| format!("--date {s:?} is not a date"))?,
        )),
        None => None,
    };
    let d = crate::cli_code::load_dictionaries(&a.dicts, !a.no_builtin, true)?;
    let toks = phrase_tokens(&a.phrase);
    let mut found = 0;
    for e in &d.actors {
        if e.phrases.contains(&toks) {
            found += 1;
            let codes: Vec<String> = e
                .codes
                .iter()
                .map(|c| match (c.from, c.to) {
                    (None, None) => c.code.clone(),
                    (f, t) => format!(
                        "{}@{}..{}",
                        c.code,
                        f.map(|x| x.to_string()).unwrap_or_default(),
                        t.map(|x| x.to_string()).unwrap_or_default()
                    ),
                })
                .collect();
            println!(
                "actor  {}  -> {}  [{}]  ({})",
                a.phrase,
                e.code_for(date).unwrap_or("---"),
                codes.join(" ; "),
                e.origin
            );
        }
    }
    for e in &d.agents {
        if e.phrases.contains(&toks) {
            found += 1;
            println!("agent  {}  -> {}  ({})", a.phrase, e.code, e.origin);
        }
    }
    let inflected: Vec<Vec<String>> = toks.iter().map(|t| dyad_coder::verbs::inflections(t)).collect();
    for p in &d.patterns {
        let anchor_hit = p.anchor.iter().any(|a| toks.contains(a) || inflected.iter().any(|f| f.contains(a)));
        if anchor_hit {
            found += 1;
            let code = p.code.as_deref().unwrap_or("---");
            let code = match &p.rev_code {
                Some(r) => format!("{code}:{r}"),
                None => code.to_string(),
            };
            println!("verb   {code:<9} {}  ({})", p.text, p.origin);
        }
    }
    if found == 0 {
        println!("no entry for {:?} (tokens: {})", a.phrase, toks.join(" "));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
