//! The `dyad` command-line tool: `dyad code` turns news text into CAMEO
//! events (see README.md for every subcommand and format).

mod cli_code;
mod cli_eval;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match cli.command {
        Command::Code(a) => cli_code::run(a),
        Command::Eval(a) => cli_eval::run(a),
    };
    match r {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
