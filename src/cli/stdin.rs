//! `glossary-lsp check -`: a document on standard input, for editors and pipes.
//!
//! `--stdin-filename NAME` says where the text would live: the configuration is the one found
//! by walking up from NAME's folder (as for a file there), the format comes from NAME's
//! extension (Markdown when no name is given), and findings are reported under NAME. The
//! text is read up to the document size limit, must be UTF-8, and is never written anywhere:
//! with `--fix` the fixed text goes to standard output and the findings left in it to standard
//! error, so `glossary-lsp check - --fix < in.md > out.md` works as a filter.

use super::check::{apply_safe_fixes, FileReport};
use super::{print_errors, report, CheckArgs, OutputFormat};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::position::{Encoding, LineIndex};
use crate::Format;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs `check -`; returns the exit code.
pub fn run(args: &CheckArgs) -> u8 {
    let name: Option<&Path> = args.stdin_filename.as_deref();
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let dir = name
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map(|p| cwd.join(p))
        .unwrap_or_else(|| cwd.clone());
    // The folder may not exist (an unsaved buffer's would-be place): the nearest that does.
    let dir = dir
        .ancestors()
        .find(|d| d.is_dir())
        .map_or(cwd.clone(), Path::to_path_buf);
    let (config, engine) = match super::setup_in(&args.glossary, &dir) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let engine = Arc::new(engine);
    let limit = args.max_document_size.unwrap_or(config.limits.document);
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        print_errors(&[format!("<stdin>: cannot read: {e}")]);
        return EXIT_ERROR;
    }
    if bytes.len() as u64 > limit {
        print_errors(&[format!(
            "<stdin>: too large: more than {} (raise it with --max-document-size)",
            crate::fsio::format_size(limit)
        )]);
        return EXIT_ERROR;
    }
    let shown = name.map_or("<stdin>".to_string(), super::check::display_path);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            print_errors(&[format!(
                "{shown}: not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            )]);
            return EXIT_ERROR;
        }
    };
    let format = name.map_or(Format::Markdown, Format::from_path);
    let analysis = engine.analyze(&text, format);
    let lines = LineIndex::new(&text);
    let warnings: Vec<String> = analysis
        .unknown_rules
        .iter()
        .map(|u| {
            let (line, col) = lines.position(&text, u.range.start, Encoding::Chars);
            format!("warning: {shown}:{}:{}: {}", line + 1, col + 1, u.message())
        })
        .collect();
    let (text, findings, fixed) = if args.fix {
        let (fixed_text, applied) = apply_safe_fixes(&text, &analysis.findings);
        let left = engine.analyze(&fixed_text, format).findings;
        (fixed_text, left, applied)
    } else {
        (text, analysis.findings, 0)
    };
    let failing = findings
        .iter()
        .any(|f| f.severity >= args.fail_on.severity());
    let styled = args.color == super::ColorChoice::Always;
    let file = FileReport {
        path: shown,
        text,
        findings,
        fixed,
        warnings,
        engine,
        rendered: None,
    };
    let reports = [file];
    let out = report::render(args.format, &reports, styled);
    if args.fix {
        super::write_stdout(&reports[0].text);
        eprint!("{out}");
    } else {
        super::write_stdout(&out);
    }
    if args.format == OutputFormat::Human {
        eprintln!("{}", report::summary(&reports));
    }
    for w in &reports[0].warnings {
        eprintln!("{w}");
    }
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Whether `check` was asked to read standard input: `-` as its only path. `-` beside other
/// paths is an error (returned as its message).
pub fn wants_stdin(paths: &[PathBuf], stdin_filename: Option<&Path>) -> Result<bool, String> {
    let dashes = paths.iter().filter(|p| p.as_os_str() == "-").count();
    match (dashes, paths.len()) {
        (0, _) if stdin_filename.is_some() => Err(
            "--stdin-filename needs `-` as the path to check (`check - --stdin-filename NAME`)"
                .into(),
        ),
        (0, _) => Ok(false),
        (1, 1) => Ok(true),
        _ => Err("`-` (standard input) must be the only path given to check".into()),
    }
}
