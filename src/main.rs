//! The `glossary-lsp` binary: the language server, or the command line.

use clap::Parser;
use glossary_lsp::cli::{self, Cli};
use std::process::ExitCode;

fn main() -> ExitCode {
    let parsed = Cli::parse();
    match parsed.command {
        Some(command) => ExitCode::from(cli::run(command)),
        None => {
            eprintln!(
                "glossary-lsp: the language server (stdio) is not part of this build yet; use a subcommand (see `glossary-lsp --help`)"
            );
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
