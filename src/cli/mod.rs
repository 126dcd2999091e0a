//! The command line: `check`, `define`, `terms`, `skipped`, `explain`,
//! `glossary test|import|export|suggest`.
//!
//! Front end only: it finds files and configuration, runs the [`Engine`](crate::Engine) and
//! presents findings ([`report`]). Exit codes follow linters' convention: 0 clean, 1 findings at
//! or above `--fail-on`, 2 usage, configuration, glossary or I/O error.

pub mod check;
pub mod glossary_io;
pub mod report;
pub mod skipped;
pub mod stdin;
pub mod suggest;
pub mod terms;

use crate::rules::Severity;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit code: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, configuration, glossary or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// glossary-lsp: partner-program glossary checks for Markdown and plain text, as a language
/// server (no subcommand, or --stdio) and on the command line.
#[derive(Debug, Parser)]
#[command(name = "glossary-lsp", version, about, long_about = None)]
pub struct Cli {
    /// Speak LSP on stdin/stdout (the default when no subcommand is given).
    #[arg(long, global = false)]
    pub stdio: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options that choose the glossary and configuration, shared by every subcommand.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlossaryArgs {
    /// Use this configuration file instead of looking for `.glossary-lsp.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every `.glossary-lsp.toml`.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Add a team glossary file (after those of the configuration); may be repeated.
    #[arg(long = "glossary", value_name = "FILE")]
    pub glossaries: Vec<PathBuf>,
    /// Leave the built-in partner-program glossary out.
    #[arg(long)]
    pub no_builtin: bool,
    /// Largest glossary file read (e.g. 20MB, the default; overrides `max-glossary-size`).
    #[arg(long, value_name = "SIZE", value_parser = crate::fsio::parse_size)]
    pub max_glossary_size: Option<u64>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders (folders: .md, .markdown, .txt; .gitignore respected), or
    /// standard input (`-`).
    Check(CheckArgs),
    /// Show the glossary entry for a term (any form, case-insensitive).
    Define {
        /// The term: "VAR", "value added reseller", "resellers"…
        term: Vec<String>,
        /// Glossary and configuration options.
        #[command(flatten)]
        glossary: GlossaryArgs,
    },
    /// List every term of the glossary.
    Terms {
        /// Output format.
        #[arg(long, value_enum, default_value_t = TermsFormat::Table)]
        format: TermsFormat,
        /// Glossary and configuration options.
        #[command(flatten)]
        glossary: GlossaryArgs,
    },
    /// List the text `check` does not read in each file (front matter, code, HTML, link
    /// targets, URLs), with the reason: a debug view that nothing is skipped silently.
    Skipped {
        /// Files to list.
        files: Vec<PathBuf>,
    },
    /// Print the page of a rule or diagnostic code (`docs/rules/<code>.md`): what it checks
    /// and why, examples, how to fix a finding, configure the rule or silence one occurrence.
    Explain {
        /// The code, as in `warning[non-preferred-form]` or the editor's diagnostic.
        code: String,
    },
    /// Glossary maintenance.
    Glossary {
        /// The maintenance task.
        #[command(subcommand)]
        command: GlossaryCommand,
    },
}

/// `glossary …` subcommands.
#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    /// Run every entry's examples (all configured glossaries, or only FILE's entries).
    Test {
        /// A glossary file; its entries' examples run against the built-in glossary plus it.
        file: Option<PathBuf>,
        /// Glossary and configuration options.
        #[command(flatten)]
        glossary: GlossaryArgs,
    },
    /// Turn a glossary page (.md, .txt), a spreadsheet (.csv, .tsv) or a termbase (.tbx) into a
    /// commented TOML glossary.
    Import(glossary_io::ImportArgs),
    /// Write the glossary as a TBX termbase or CSV for other tools.
    Export(glossary_io::ExportArgs),
    /// Propose (never apply) what the docs suggest adding to the glossary: variants writers
    /// use, acronyms it lacks, entries people may confuse.
    Suggest(suggest::SuggestArgs),
}

/// `check` options.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files and folders to check (default: the current folder); `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// With `-`: the path the text would have, for its configuration, format and name in
    /// the output.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Apply safe fixes in place (atomically; files changed meanwhile are left alone); with
    /// `-`, print the fixed text to standard output and the findings to standard error.
    #[arg(long)]
    pub fix: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Largest document read (e.g. 50MB, the default; overrides `max-document-size`).
    #[arg(long, value_name = "SIZE", value_parser = crate::fsio::parse_size)]
    pub max_document_size: Option<u64>,
    /// Glossary and configuration options.
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// path:line:col, rule, message and the source line, like rustc.
    Human,
    /// One JSON array of findings.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// Output formats of `terms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TermsFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
}

/// `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Info and above fail.
    Info,
    /// Everything fails.
    Hint,
}

impl FailOn {
    /// The lowest failing severity.
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Hint => Severity::Hint,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Runs a parsed command line that is not the language server; returns the exit code.
pub fn run(command: Command) -> u8 {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Define { term, glossary } => terms::define(&term.join(" "), &glossary),
        Command::Terms { format, glossary } => terms::terms(format, &glossary),
        Command::Skipped { files } => skipped::run(&files),
        Command::Explain { code } => explain(&code),
        Command::Glossary { command } => match command {
            GlossaryCommand::Test { file, glossary } => {
                terms::glossary_test(file.as_deref(), &glossary)
            }
            GlossaryCommand::Import(args) => glossary_io::import(&args),
            GlossaryCommand::Export(args) => glossary_io::export_glossary(&args),
            GlossaryCommand::Suggest(args) => suggest::run(&args),
        },
    }
}

/// `explain CODE`: prints the code's page (exit 0), or says which code was probably meant
/// (exit 2).
fn explain(code: &str) -> u8 {
    match crate::rule_pages::page(code.trim()) {
        Some(page) => {
            write_stdout(page.text);
            EXIT_CLEAN
        }
        None => {
            print_errors(&[crate::rule_pages::unknown_code_message(code)]);
            EXIT_ERROR
        }
    }
}

/// The configuration that applies to files in `dir`, honouring `--config`, `--no-config` and
/// `--max-glossary-size`.
pub fn config_for(
    args: &GlossaryArgs,
    dir: &std::path::Path,
) -> Result<crate::config::Config, String> {
    use crate::config::{find_config, Config};
    let path = if args.no_config {
        None
    } else if let Some(explicit) = &args.config {
        Some(explicit.clone())
    } else {
        find_config(dir)
    };
    let mut config = match path {
        Some(p) => Config::load(&p).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(max) = args.max_glossary_size {
        config.limits.glossary = max;
    }
    Ok(config)
}

/// Compiles the engine for `config` plus the command line's glossary options.
pub fn engine_for(
    config: &crate::config::Config,
    args: &GlossaryArgs,
) -> Result<crate::Engine, Vec<String>> {
    use crate::glossary::{load_limited, GlossarySource};
    let mut sources = config.glossary_sources();
    if args.no_builtin {
        sources.retain(|s| *s != GlossarySource::Builtin);
    }
    sources.extend(args.glossaries.iter().cloned().map(GlossarySource::File));
    let glossary = load_limited(&sources, config.limits.glossary)
        .map_err(|errs| errs.iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
    Ok(crate::Engine::new(glossary, config.rules.clone()))
}

/// Writes to stdout, ignoring a closed pipe (`glossary-lsp terms | head` must not panic).
pub fn write_stdout(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|()| out.flush());
}

/// The configuration that applies in `dir` and the engine it makes, for the commands that
/// check with one engine; a problem is printed and comes back as the exit code.
pub(crate) fn setup_in(
    args: &GlossaryArgs,
    dir: &std::path::Path,
) -> Result<(crate::config::Config, crate::Engine), u8> {
    let config = config_for(args, dir).map_err(|e| {
        print_errors(&[e]);
        EXIT_ERROR
    })?;
    let engine = engine_for(&config, args).map_err(|errs| {
        print_errors(&errs);
        EXIT_ERROR
    })?;
    Ok((config, engine))
}

/// Prints errors as `error: …` lines on stderr.
pub fn print_errors(errors: &[String]) {
    for e in errors {
        eprintln!("error: {e}");
    }
}
