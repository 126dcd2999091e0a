//! The `glossary-lsp` binary: the language server (no subcommand, or `--stdio`), or the
//! command line.

mod server;

use clap::Parser;
use glossary_lsp::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let parsed = Cli::parse();
    match parsed.command {
        Some(command) => ExitCode::from(cli::run(command)),
        None => ExitCode::from(server::run()),
    }
}
