//! `glossary-lsp check`: files and folders, in parallel, with atomic `--fix`.
//!
//! 1. Paths are expanded: files are taken as given (whatever their extension); folders are
//!    walked like ripgrep does (`ignore`: `.gitignore`, hidden files skipped), keeping files that
//!    match the configuration's `include` globs and not its `exclude` globs ([`crate::selection`],
//!    shared with the language server's workspace diagnostics). A path given that is neither (a
//!    FIFO, `/dev/stdin`, a device) is an error: only regular files are read.
//! 2. Each file's configuration is the nearest `.glossary-lsp.toml` above it; every distinct
//!    configuration is loaded and its engine compiled once, *before* any file is checked, so a
//!    broken configuration or glossary stops the run with exit code 2 and nothing half-done.
//! 3. Files are read ([`fsio::read_regular`]: regular files within the document size limit)
//!    and analysed by a pool of threads (one per core). A file that is not UTF-8 is skipped with
//!    a warning; one that cannot be read, or is too large, is an error (exit 2).
//! 4. With `--fix`, safe fixes are applied and the file is replaced by [`fsio::replace_file`]:
//!    through a temporary file and a rename, keeping mode, owner and symlinks, refusing
//!    read-only and hard-linked files, and never losing another program's concurrent write.

use super::{
    config_for, engine_for, print_errors, report, CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS,
};
use crate::config::Config;
use crate::fsio::{self, FsError};
use crate::rules::Finding;
use crate::selection::FileGlobs;
use crate::{Engine, Format};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One checked file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as shown to the user.
    pub path: String,
    /// The text checked (after fixes, with `--fix`).
    pub text: String,
    /// The findings in `text`.
    pub findings: Vec<Finding>,
    /// Fixes applied with `--fix`.
    pub fixed: usize,
    /// Warnings about the file that are not findings (an unknown rule name in a suppression
    /// comment), as `warning: path:line:col: message` lines for standard error.
    pub warnings: Vec<String>,
    /// The engine that checked it (to name terms and rules in output).
    pub engine: Arc<Engine>,
    /// This file's part of the output, made on the worker thread ([`report::render_file`]).
    pub rendered: Option<String>,
}

/// Runs `check`; returns the exit code.
pub fn run(args: &CheckArgs) -> u8 {
    match super::stdin::wants_stdin(&args.paths, args.stdin_filename.as_deref()) {
        Ok(true) => return super::stdin::run(args),
        Ok(false) => {}
        Err(e) => {
            print_errors(&[e]);
            return EXIT_ERROR;
        }
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut errors: Vec<String> = Vec::new();

    let mut setups = Setups {
        args,
        by_config: HashMap::new(),
        by_dir: HashMap::new(),
    };
    let mut files: Vec<Target> = Vec::new();

    // A file reached twice (a folder and a file in it) is checked once.
    let mut seen = std::collections::HashSet::new();
    for root in &paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{}: {e}", root.display()));
                continue;
            }
        };
        if !meta.is_file() && !meta.is_dir() {
            // A FIFO, /dev/stdin, process substitution, a device: an error, not "0 files".
            let kind = FsError::NotRegular {
                kind: fsio::kind_of(meta.file_type()),
            };
            errors.push(format!("{}: cannot read: {kind}", root.display()));
            continue;
        }
        if meta.is_file() {
            if let Some(setup) = setups.for_file(root, &mut errors) {
                if seen.insert(std::fs::canonicalize(root).unwrap_or(root.clone())) {
                    files.push(setups.target(root.clone(), &setup));
                }
            }
            continue;
        }
        // The selection shared with the language server's workspace features.
        let mut setup_errors = Vec::new();
        let selected: Vec<_> = crate::selection::walk_selected(
            root,
            |file| setups.for_file(file, &mut setup_errors),
            |setup| &setup.globs,
        )
        .collect();
        errors.append(&mut setup_errors);
        for item in selected {
            match item {
                Ok(s) => {
                    if seen.insert(s.absolute) {
                        files.push(setups.target(s.path, &s.setup));
                    }
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if !errors.is_empty() {
        print_errors(&errors);
        return EXIT_ERROR;
    }

    let styled = match args.color {
        super::ColorChoice::Always => true,
        super::ColorChoice::Never => false,
        super::ColorChoice::Auto => {
            use std::io::IsTerminal;
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let (reports, io_errors) = check_files(&files, args.fix, Some((args.format, styled)));
    let mut reports = reports;
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    let fail_on = args.fail_on.severity();
    let failing = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity >= fail_on);
    let out = report::render(args.format, &reports, styled);
    super::write_stdout(&out);
    if args.format == super::OutputFormat::Human {
        eprintln!("{}", report::summary(&reports));
    }
    for e in io_errors
        .iter()
        .chain(reports.iter().flat_map(|r| &r.warnings))
    {
        eprintln!("{e}");
    }
    if io_errors.iter().any(|e| e.starts_with("error")) {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// A file to check, with the engine and the size limit that apply to it.
#[derive(Debug, Clone)]
pub struct Target {
    /// The file, as given or found.
    pub path: PathBuf,
    /// The engine of its configuration.
    pub engine: Arc<Engine>,
    /// The largest size read (`--max-document-size`, else the configuration's).
    pub max_size: u64,
}

/// A configuration, its compiled engine and its file globs.
struct SetupData {
    config: Config,
    engine: Arc<Engine>,
    globs: FileGlobs,
}

type Setup = Arc<SetupData>;

/// Configurations and engines, each loaded once: by config file, and by folder.
struct Setups<'a> {
    args: &'a CheckArgs,
    by_config: HashMap<Option<PathBuf>, Option<Setup>>,
    by_dir: HashMap<PathBuf, Option<Setup>>,
}

impl Setups<'_> {
    /// The setup for files in `dir` (an absolute path); errors are reported once.
    fn for_dir(&mut self, dir: &Path, errors: &mut Vec<String>) -> Option<Setup> {
        if let Some(done) = self.by_dir.get(dir) {
            return done.clone();
        }
        let setup = match config_for(&self.args.glossary, dir) {
            Err(e) => {
                errors.push(e);
                None
            }
            Ok(config) => match self.by_config.get(&config.path) {
                Some(done) => done.clone(),
                None => {
                    let built = match (
                        engine_for(&config, &self.args.glossary),
                        FileGlobs::new(&config),
                    ) {
                        (Ok(engine), Ok(globs)) => Some(Arc::new(SetupData {
                            config: config.clone(),
                            engine: Arc::new(engine),
                            globs,
                        })),
                        (Err(errs), _) => {
                            errors.extend(errs);
                            None
                        }
                        (_, Err(e)) => {
                            errors.push(e);
                            None
                        }
                    };
                    self.by_config.insert(config.path.clone(), built.clone());
                    built
                }
            },
        };
        self.by_dir.insert(dir.to_path_buf(), setup.clone());
        setup
    }

    /// `path` to be checked with `setup`.
    fn target(&self, path: PathBuf, setup: &Setup) -> Target {
        Target {
            path,
            engine: setup.engine.clone(),
            max_size: self
                .args
                .max_document_size
                .unwrap_or(setup.config.limits.document),
        }
    }

    fn for_file(&mut self, file: &Path, errors: &mut Vec<String>) -> Option<Setup> {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        self.for_dir(&abs, errors)
    }
}

/// How a path is shown: as given, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Checks files on one thread per core; returns the reports and messages for stderr
/// (`error: …` for failures, `warning: …` for skipped files). With `render` (format, colour),
/// each thread also renders its files' part of the output, so none of it is left to one thread.
pub fn check_files(
    files: &[Target],
    fix: bool,
    render: Option<(super::OutputFormat, bool)>,
) -> (Vec<FileReport>, Vec<String>) {
    let next = AtomicUsize::new(0);
    let reports = Mutex::new(Vec::with_capacity(files.len()));
    let messages = Mutex::new(Vec::new());
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let threads = cores.min(files.len().max(1));
    // Cores left over when there are fewer files than cores go to each file's analysis.
    let per_file = (cores / threads).max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(target) = files.get(i) else {
                    break;
                };
                match check_file(target, fix, per_file) {
                    Ok(mut r) => {
                        if let Some((format, styled)) = render {
                            r.rendered = Some(report::render_file(format, &r, styled));
                        }
                        reports.lock().unwrap_or_else(|e| e.into_inner()).push(r)
                    }
                    Err(m) => messages.lock().unwrap_or_else(|e| e.into_inner()).push(m),
                }
            });
        }
    });
    let mut messages = messages.into_inner().unwrap_or_else(|e| e.into_inner());
    messages.sort();
    (
        reports.into_inner().unwrap_or_else(|e| e.into_inner()),
        messages,
    )
}

fn check_file(target: &Target, fix: bool, threads: usize) -> Result<FileReport, String> {
    let (path, engine) = (&target.path, &target.engine);
    let shown = display_path(path);
    let bytes = fsio::read_regular(path, target.max_size).map_err(|e| {
        let hint = match e {
            FsError::TooLarge { .. } => {
                " (raise it with --max-document-size or `max-document-size` in .glossary-lsp.toml)"
            }
            _ => "",
        };
        format!("error: {shown}: cannot read: {e}{hint}")
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let col = valid[valid.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            return Err(format!(
                "warning: {shown}:{line}:{col}: skipped: not valid UTF-8 (byte {at})"
            ));
        }
    };
    let format = Format::from_path(path);
    let analysis = engine.analyze_with_threads(&text, format, threads);
    // Lines are indexed only when a warning needs one (most files have none).
    let lines =
        (!analysis.unknown_rules.is_empty()).then(|| crate::position::LineIndex::new(&text));
    let warnings = analysis
        .unknown_rules
        .iter()
        .map(|u| {
            let lines = lines.as_ref().expect("indexed when there are warnings");
            let (line, col) =
                lines.position(&text, u.range.start, crate::position::Encoding::Chars);
            format!("warning: {shown}:{}:{}: {}", line + 1, col + 1, u.message())
        })
        .collect();
    let mut findings = analysis.findings;
    let (mut text, mut fixed) = (text, 0);
    if fix {
        let (fixed_text, applied) = apply_safe_fixes(&text, &findings);
        if applied > 0 {
            fsio::replace_file(path, text.as_bytes(), fixed_text.as_bytes())
                .map_err(|e| format!("error: {shown}: not fixed: {e}"))?;
            // Report what is left in the file as it now is.
            findings = engine
                .analyze_with_threads(&fixed_text, format, threads)
                .findings;
            (text, fixed) = (fixed_text, applied);
        }
    }
    Ok(FileReport {
        path: shown,
        text,
        findings,
        warnings,
        fixed,
        engine: engine.clone(),
        rendered: None,
    })
}

/// Applies the first suggestion of every finding whose fix is safe, skipping any that overlaps
/// one already applied. Returns the new text and how many fixes went in.
pub fn apply_safe_fixes(text: &str, findings: &[Finding]) -> (String, usize) {
    let mut edits: Vec<(&std::ops::Range<usize>, &str)> = findings
        .iter()
        .filter(|f| f.fix_is_safe)
        .filter_map(|f| f.suggestions.first().map(|s| (&f.range, s.as_str())))
        .collect();
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    let mut applied = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
        at = range.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}
