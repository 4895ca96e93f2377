//! The `dyad` command-line tool: `dyad code` turns news text into CAMEO
//! events (see README.md for every subcommand and format).

mod cli_code;
mod cli_dict;
mod cli_eval;
mod cli_inputs;
mod cli_parse;
mod cli_store;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// dyad: political event data from raw news text.
#[derive(Parser, Debug)]
#[command(name = "dyad", version, about = "Code raw English news text into CAMEO/PLOVER political events")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Code documents into events (text, JSONL, CSV or PETRARCH XML in; JSONL, TSV or GDELT out).
    Code(cli_code::CodeArgs),
    /// Score the coder against gold files (PETRARCH validation XML, PLOVER JSON, dyad JSONL).
    Eval(cli_eval::EvalArgs),
    /// Inspect dictionaries: check, compile (cache), lookup.
    #[command(subcommand)]
    Dict(cli_dict::DictCommand),
    /// Code documents and store them (same input options as `code`; --db, default $DYAD_DB or ./dyad.db).
    Ingest(cli_store::IngestArgs),
    /// Import event files into the store (`import gdelt FILE...`).
    Import(cli_store::ImportArgs),
    /// Export stored events: jsonl, csv, gdelt, or parquet partitioned year=/month=.
    Export(cli_store::ExportArgs),
    /// Ask the store: dyad, events, actors, network, blocs.
    Query(cli_store::QueryArgs),
    /// Serve a web page and read-only JSON API over the store (--db, --addr, default 127.0.0.1:8080).
    Serve(dyad_server::ServeArgs),
    /// Tag and parse raw text into CoNLL-U (UD v2 relations; same inputs as `code`).
    Parse(cli_parse::ParseArgs),
    /// Score the tagger and parser on gold CoNLL-U: UPOS, XPOS, UAS, LAS (gold tokens; --raw from text).
    EvalParser(cli_parse::EvalParserArgs),
    /// Train the tagger and parser on UD treebanks and write a model file (seeded, resumable).
    TrainParser(cli_parse::TrainParserArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Code(a) => cli_code::run(a),
        Command::Eval(a) => cli_eval::run(a),
        Command::Dict(c) => cli_dict::run(c),
        Command::Ingest(a) => cli_store::ingest(a),
        Command::Import(a) => cli_store::import(a),
        Command::Export(a) => cli_store::export(a),
        Command::Query(a) => cli_store::query(a),
        Command::Serve(a) => dyad_server::run(a),
        Command::Parse(a) => cli_parse::parse(a),
        Command::EvalParser(a) => cli_parse::eval_parser(a),
        Command::TrainParser(a) => cli_parse::train_parser(a),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {}", error_text(&e));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes joined by `: `, each said once: a cause whose text
/// its wrapper already ends with (a `#[error("cannot read {path}: {source}")]`
/// message) is not repeated, so a missing file reads
/// `cannot read dictionary /x: No such file or directory (os error 2)`.
fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if s.is_empty() || text.ends_with(&s) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&s);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::error_text;

    #[derive(Debug)]
    struct Wraps(std::io::Error);

    impl std::fmt::Display for Wraps {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read dictionary /x: {}", self.0)
        }
    }

    impl std::error::Error for Wraps {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    /// A cause quoted by its wrapper is said once; other causes are kept.
    #[test]
    fn causes_said_once() {
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = anyhow::Error::new(Wraps(io())).context("cannot load dictionaries");
        assert_eq!(error_text(&e), "cannot load dictionaries: cannot read dictionary /x: gone");
        let e = anyhow::Error::new(io()).context("cannot open store a.db");
        assert_eq!(error_text(&e), "cannot open store a.db: gone");
    }
}
