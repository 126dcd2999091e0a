//! `glossary import` and `glossary export`: a team's glossary in and out of other formats.
//!
//! The work is done in [`crate::glossary::import`] and [`crate::glossary::export`]; this front
//! end reads the input, says what it understood (the CSV column mapping, what was skipped or
//! guessed, what an export left out) on standard error, and writes the result to standard
//! output or, with `-o`, to a new file. An existing file is replaced only with `--force`,
//! and then through [`fsio::replace_file`] (atomic, and never over another program's write).

use super::{config_for, print_errors, GlossaryArgs, EXIT_CLEAN, EXIT_ERROR};
use crate::fsio;
use crate::glossary::export::{export, ExportFormat};
use crate::glossary::import::{drop_conflicts, import_path, to_toml, ImportOptions, SourceFormat};
use crate::glossary::{load_limited, FileError, GlossarySource};
use std::path::{Path, PathBuf};

/// `glossary import` options.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The glossary page (.md, .txt), spreadsheet (.csv, .tsv) or termbase (.tbx); or a folder
    /// of them, merged.
    pub file: PathBuf,
    /// The file's format, when its extension does not say.
    #[arg(long, value_parser = ["md", "txt", "csv", "tsv", "tbx"])]
    pub format: Option<String>,
    /// The language whose terms become the glossary's (TBX, CSV with a language column);
    /// the others are kept as data.
    #[arg(long, default_value = "en", value_name = "TAG")]
    pub lang: String,
    /// Write the TOML glossary to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Glossary and configuration options (the result is checked against them).
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

/// `glossary export` options.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(long, value_parser = ["tbx", "csv"])]
    pub format: String,
    /// The language tag of the glossary's terms.
    #[arg(long, default_value = "en", value_name = "TAG")]
    pub lang: String,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Glossary and configuration options: which glossary is exported.
    #[command(flatten)]
    pub glossary: GlossaryArgs,
}

fn print_warnings(warnings: &[FileError]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// `glossary-lsp glossary import FILE`.
pub fn import(args: &ImportArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let config = match config_for(&args.glossary, &cwd) {
        Ok(c) => c,
        Err(e) => {
            print_errors(&[e]);
            return EXIT_ERROR;
        }
    };
    let options = ImportOptions {
        format: args.format.as_deref().and_then(SourceFormat::from_name),
        lang: args.lang.clone(),
    };
    let mut imported = match import_path(&args.file, config.limits.glossary, &options) {
        Ok(i) => i,
        Err(errors) => {
            print_errors(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
            return EXIT_ERROR;
        }
    };
    if !imported.columns.is_empty() {
        let mapping: Vec<String> = imported
            .columns
            .iter()
            .map(|c| match c.column {
                Some(col) => format!("{} \u{2192} {col}", c.header),
                None => format!("{} \u{2192} (ignored)", c.header),
            })
            .collect();
        eprintln!("columns: {}", mapping.join(", "));
    }
    print_warnings(&imported.warnings);
    print_warnings(&drop_conflicts(&mut imported.draft));
    let toml = to_toml(&imported.draft);
    let shown = args
        .output
        .as_ref()
        .map_or("<stdout>".to_string(), |p| p.display().to_string());
    // What is written must load: on its own, and with the glossaries in effect here.
    let alone = GlossarySource::Text {
        name: shown.clone(),
        text: toml.text.clone(),
    };
    if let Err(errors) = load_limited(std::slice::from_ref(&alone), u64::MAX) {
        print_errors(&errors.iter().map(|e| e.to_string()).collect::<Vec<_>>());
        return EXIT_ERROR;
    }
    let mut with_config = config.glossary_sources();
    if args.glossary.no_builtin {
        with_config.retain(|s| *s != GlossarySource::Builtin);
    }
    with_config.push(alone);
    if let Err(errors) = load_limited(&with_config, config.limits.glossary) {
        for e in errors {
            eprintln!("warning: together with the glossaries configured here: {e}");
        }
    }
    if let Err(code) = write_output(args.output.as_deref(), args.force, &toml.text) {
        return code;
    }
    let categories = {
        let mut c: Vec<&str> = imported
            .draft
            .entries
            .iter()
            .map(|e| e.category.as_str())
            .collect();
        c.sort_unstable();
        c.dedup();
        c.len()
    };
    eprintln!(
        "{}: {} terms in {} categor{} from {} ({})",
        if args.output.is_some() {
            "wrote"
        } else {
            "imported"
        },
        imported.draft.entries.len(),
        categories,
        if categories == 1 { "y" } else { "ies" },
        args.file.display(),
        imported.draft.format.name()
    );
    EXIT_CLEAN
}

/// `glossary-lsp glossary export --format tbx|csv`.
pub fn export_glossary(args: &ExportArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let (_, engine) = match super::setup_in(&args.glossary, &cwd) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let format = if args.format == "tbx" {
        ExportFormat::Tbx
    } else {
        ExportFormat::Csv
    };
    let exported = export(engine.glossary(), format, &args.lang);
    if let Err(code) = write_output(args.output.as_deref(), args.force, &exported.text) {
        return code;
    }
    if !exported.left_out.is_empty() {
        eprintln!("left out: {}", exported.left_out.join("; "));
    }
    EXIT_CLEAN
}

/// Writes `text` to `output` (a new file, or an existing one with `force`), or to standard
/// output.
fn write_output(output: Option<&Path>, force: bool, text: &str) -> Result<(), u8> {
    let Some(path) = output else {
        super::write_stdout(text);
        return Ok(());
    };
    let shown = path.display();
    let result = match std::fs::symlink_metadata(path) {
        Err(_) => fsio::create_new_file(path, text.as_bytes()),
        Ok(_) if !force => {
            eprintln!("error: {shown} exists; pass --force to replace it");
            return Err(EXIT_ERROR);
        }
        Ok(_) => match fsio::read_regular(path, fsio::DEFAULT_MAX_GLOSSARY) {
            Ok(old) => fsio::replace_file(path, &old, text.as_bytes()),
            Err(e) => Err(e),
        },
    };
    result.map_err(|e| {
        eprintln!("error: {shown}: not written: {e}");
        EXIT_ERROR
    })
}
