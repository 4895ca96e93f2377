//! The `dyad` command-line tool: `dyad code` turns news text into CAMEO
//! events (see README.md for every subcommand and format).

mod cli_code;
mod cli_dict;
mod cli_eval;
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
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
