//! `dyad parse`, `dyad eval-parser` and `dyad train-parser`: the tagger and
//! dependency parser of `dyad-parse` on their own.

use anyhow::{bail, Context, Result};
use clap::Args;
use dyad_coder::input::{InputFormat, InputOptions};
use dyad_parse::conllu;
use dyad_parse::eval::{evaluate, evaluate_raw, Scores, REPORTED_RELATIONS};
use dyad_parse::train::TrainOptions;
use dyad_parse::{Model, Pipeline};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli_code::InFormat;

/// Load `--parser-model PATH`, or the built-in model.
pub fn load_model(path: Option<&Path>) -> Result<&'static Model> {
    match path {
        None => Ok(dyad_parse::builtin_model()),
        Some(p) => {
            let m = Model::load(p).with_context(|| format!("cannot load parser model {}", p.display()))?;
            Ok(Box::leak(Box::new(m)))
        }
    }
}

/// Arguments of `dyad parse`.
#[derive(Args, Debug, Clone)]
pub struct ParseArgs {
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
    /// A parser model file (default: the built-in model).
    #[arg(long, value_name = "PATH")]
    pub parser_model: Option<PathBuf>,
    /// Write CoNLL-U to this file instead of stdout.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// `dyad parse`: CoNLL-U for raw text. Each sentence carries `# doc_id`,
/// `# sent_id = DOC-N` (0-based sentence index) and `# text`; MISC holds
/// `TokenRange=START:END` (byte offsets into the document text) and
/// `SpaceAfter=No`. LEMMA comes from dyad-text's rule lemmatiser.
pub fn parse(args: ParseArgs) -> Result<ExitCode> {
    let model = load_model(args.parser_model.as_deref())?;
    let opts = InputOptions {
        format: args.input_format.map(|f| match f {
            InFormat::Text => InputFormat::Text,
            InFormat::Jsonl => InputFormat::Jsonl,
            InFormat::Csv => InputFormat::Csv,
            InFormat::Xml => InputFormat::PetrarchXml,
        }),
        text_column: args.text_column.clone(),
        id_column: args.id_column.clone(),
        ..InputOptions::default()
    };
    let pipe = Pipeline::new(model);
    crate::cli_code::write_per_document(&args.files, &opts, args.out.as_deref(), |d| {
        let mut s = String::new();
        for (k, sent) in pipe.analyze(&d.text).iter().enumerate() {
            write_conllu(model, &d.id, k, &d.text, sent, &mut s);
        }
        s
    })
}

/// `s` on one line: control characters (newlines, tabs, NUL, …) and the
/// Unicode line and paragraph separators become spaces, so a comment can
/// never spill onto a line of its own.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || c == '\u{2028}' || c == '\u{2029}' { ' ' } else { c }).collect()
}

/// A FORM or LEMMA column: whitespace and control characters become `_`, so
/// every word line keeps its 10 columns.
fn column(s: &str) -> String {
    s.chars().map(|c| if c.is_whitespace() || c.is_control() { '_' } else { c }).collect()
}

/// Write one parsed sentence as CoNLL-U.
pub fn write_conllu(model: &Model, doc: &str, k: usize, text: &str, s: &dyad_parse::ParsedSentence, out: &mut String) {
    use dyad_text::Lemmatizer;
    let lem = dyad_text::RuleLemmatizer::default();
    let mut sent = conllu::Sentence {
        comments: vec![
            format!("doc_id = {}", one_line(doc)),
            format!("sent_id = {}-{k}", one_line(doc)),
            format!("text = {}", one_line(s.span.slice(text))),
        ],
        ..Default::default()
    };
    for (i, w) in s.words.iter().enumerate() {
        let form = w.span.slice(text);
        let xpos = model.xpos(w.tag);
        let norm = dyad_text::token::normalize(form);
        let mut tok = dyad_text::Token {
            span: w.span,
            lemma: norm.clone(),
            norm,
            tag: dyad_text::Tag::parse(xpos).unwrap_or_default(),
        };
        lem.lemmatize(std::slice::from_mut(&mut tok));
        let next = s.words.get(i + 1).map(|n| n.span.start).unwrap_or(s.span.end);
        let mut misc = format!("TokenRange={}:{}", w.span.start, w.span.end);
        if next == w.span.end && i + 1 < s.words.len() {
            misc.push_str("|SpaceAfter=No");
        }
        sent.words.push(conllu::Word {
            form: column(form),
            lemma: column(&tok.lemma),
            upos: model.upos(w.tag).to_string(),
            xpos: xpos.to_string(),
            feats: "_".into(),
            head: w.head,
            deprel: model.deprel(w.deprel).to_string(),
            misc,
        });
    }
    conllu::write(&sent, out);
}

/// Arguments of `dyad eval-parser`.
#[derive(Args, Debug, Clone)]
pub struct EvalParserArgs {
    /// Gold CoNLL-U files.
    #[arg(required = true)]
    pub gold: Vec<PathBuf>,
    /// A parser model file (default: the built-in model).
    #[arg(long, value_name = "PATH")]
    pub parser_model: Option<PathBuf>,
    /// Also score from raw text (our splitter and tokenizer on the gold text).
    #[arg(long)]
    pub raw: bool,
    /// Print the per-relation table.
    #[arg(long)]
    pub relations: bool,
}

fn print_scores(out: &mut dyn Write, label: &str, s: &Scores, relations: bool) -> std::io::Result<()> {
    writeln!(out, "{label}: {}", s.summary())?;
    if s.words_f1() < 100.0 {
        writeln!(out, "  words F1 {:.2}", s.words_f1())?;
    }
    writeln!(out, "  LAS on sentences of 30+ words {:.2} ({} words)", s.long_las(), s.long_words)?;
    let rels: Vec<String> = REPORTED_RELATIONS.iter().map(|r| format!("{r} {:.3}", s.relation_f1(r))).collect();
    writeln!(out, "  F1: {}", rels.join(", "))?;
    if relations {
        for (r, (g, y, c)) in &s.relations {
            writeln!(out, "  {r:14} gold {g:6} system {y:6} correct {c:6} F1 {:.3}", s.relation_f1(r))?;
        }
    }
    out.flush()
}

/// `dyad eval-parser`: UPOS/XPOS/UAS/LAS with gold tokens (and `--raw`: from raw text).
/// Gold sentences that are not trees (no root, two roots, a word its own
/// head, a cycle) are skipped with a message naming file and line.
pub fn eval_parser(args: EvalParserArgs) -> Result<ExitCode> {
    let model = load_model(args.parser_model.as_deref())?;
    let mut out = std::io::stdout().lock();
    // a closed pipe (`| head`) ends the command quietly
    let done = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(true),
        Err(e) => Err(e).context("cannot write output"),
        Ok(()) => Ok(false),
    };
    if done(writeln!(out, "model {}", model.version()))? {
        return Ok(ExitCode::SUCCESS);
    }
    for g in &args.gold {
        let mut gold = conllu::read_file(g)?;
        let before = gold.len();
        gold.retain(|s| match s.tree_problem() {
            Some(why) => {
                eprintln!("dyad: skipped sentence at {}:{}: {why}", g.display(), s.line);
                false
            }
            None => true,
        });
        if gold.is_empty() {
            bail!("{}: no sentences{}", g.display(), if before > 0 { " that are trees" } else { "" });
        }
        if gold.len() < before {
            eprintln!("dyad: {}: scored {} of {before} sentences", g.display(), gold.len());
        }
        let label = format!("{} gold tokens", g.display());
        if done(print_scores(&mut out, &label, &evaluate(model, &gold), args.relations))? {
            return Ok(ExitCode::SUCCESS);
        }
        if args.raw {
            let label = format!("{} raw text", g.display());
            if done(print_scores(&mut out, &label, &evaluate_raw(model, &gold), args.relations))? {
                return Ok(ExitCode::SUCCESS);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `dyad train-parser`.
#[derive(Args, Debug, Clone)]
pub struct TrainParserArgs {
    /// Training treebanks (CoNLL-U); default: ../shared/data/ud_english/en_ewt-ud-train.conllu.
    pub train: Vec<PathBuf>,
    /// Development treebank, scored at the end (default: EWT dev beside the training file).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model (the committed, embedded model is models/en_ewt.dyadparse:
    /// write there only to replace it on purpose).
    #[arg(long, short, default_value = "target/en_ewt.dyadparse")]
    pub out: PathBuf,
    /// Tagger epochs.
    #[arg(long, default_value_t = 10)]
    pub tagger_epochs: usize,
    /// Parser epochs.
    #[arg(long, default_value_t = 15)]
    pub parser_epochs: usize,
    /// Jack-knife folds for the parser's training tags.
    #[arg(long, default_value_t = 4)]
    pub folds: usize,
    /// Random seed.
    #[arg(long, default_value_t = 20261208)]
    pub seed: u64,
    /// Threads (the model is byte-identical for any value).
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
    /// Drop the parser's averaged weights smaller than this in absolute value (model size).
    #[arg(long, default_value_t = 1.5)]
    pub prune: f32,
    /// Drop the tagger's averaged weights smaller than this in absolute value.
    #[arg(long, default_value_t = 0.7)]
    pub tagger_prune: f32,
    /// Probability of following a wrong prediction after the first parser epoch.
    #[arg(long, default_value_t = 0.9)]
    pub explore: f64,
    /// Checkpoint folder (resume by running the same command again).
    #[arg(long, default_value = "target/train-parser")]
    pub work_dir: PathBuf,
    /// Model version written into the model and every event's provenance.
    #[arg(long)]
    pub version: Option<String>,
}

/// Fail before a long training run, not after it, when the model cannot be
/// written to `out`: its folder is created and a file beside it is written
/// and removed.
fn check_writable(out: &Path) -> Result<()> {
    if out.is_dir() {
        bail!("cannot write the model to {}: it is a directory", out.display());
    }
    if let Some(dir) = out.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
    }
    let probe = out.with_extension("tmp");
    std::fs::write(&probe, b"").with_context(|| format!("cannot write the model beside {}", out.display()))?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `dyad train-parser`.
pub fn train_parser(args: TrainParserArgs) -> Result<ExitCode> {
    let train = if args.train.is_empty() {
        vec![PathBuf::from("../shared/data/ud_english/en_ewt-ud-train.conllu")]
    } else {
        args.train.clone()
    };
    let dev = args.dev.clone().or_else(|| {
        let d = train[0].with_file_name("en_ewt-ud-dev.conllu");
        d.exists().then_some(d)
    });
    let version = args.version.clone().unwrap_or_else(|| {
        format!(
            "ewt-s{}-t{}p{}-{}",
            args.seed,
            args.tagger_epochs,
            args.parser_epochs,
            chrono::Utc::now().format("%Y%m%d")
        )
    });
    let opts = TrainOptions {
        train,
        dev,
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        folds: args.folds,
        seed: args.seed,
        threads: args.threads,
        prune: args.prune,
        tagger_prune: args.tagger_prune,
        explore: args.explore,
        work_dir: args.work_dir.clone(),
        version,
    };
    if let Ok(o) = std::fs::canonicalize(&args.out) {
        if let Some(f) = opts.train.iter().chain(&opts.dev).find(|f| std::fs::canonicalize(f).is_ok_and(|i| i == o)) {
            bail!("--out {} is also a treebank; refusing to overwrite it", f.display());
        }
    }
    check_writable(&args.out)?;
    let start = std::time::Instant::now();
    let model = dyad_parse::train::train(&opts, &mut |l| eprintln!("[{:7.1} s] {l}", start.elapsed().as_secs_f64()))?;
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {} ({:.1} MB, version {}, {} tagger + {} parser features) in {:.0} s",
        args.out.display(),
        size as f64 / 1e6,
        model.version(),
        model.tagger.weights.n_features(),
        model.parser.weights.n_features(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
