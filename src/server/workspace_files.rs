//! The workspace's prose files, for the features that read past the open documents (workspace
//! diagnostics, rename in other files, the use counts on glossary entries): the files
//! `glossary-lsp check` would check in each workspace folder — the library's
//! [`selection`](glossary_lsp::selection), with each file's own configuration — at most a cap
//! of them, and read the way the CLI reads them.
//!
//! These scans run on blocking threads and stop when their request is cancelled
//! ([`CancelOnDrop`]).

use super::engines::{FileSetup, Resolver};
use glossary_lsp::selection::walk_selected;
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Most workspace files one scan reads (the first ones by path); the Problems panel and use
/// counts then say they cover only those.
pub const MAX_FILES: usize = 2000;

/// A workspace file to read, and what it is checked with.
pub struct WorkspaceFile {
    /// The file (absolute).
    pub path: PathBuf,
    /// Its engine, globs and size limit.
    pub setup: FileSetup,
}

/// The selected files of the workspace folders.
pub struct Selection {
    /// The first [`MAX_FILES`] (or `cap`) files by path.
    pub files: Vec<WorkspaceFile>,
    /// How many files were selected in all.
    pub total: usize,
}

/// The files of `folders` that their configurations select (each once, sorted by path),
/// leaving out `skip` (the open documents, read from the editor instead); at most `cap`.
/// Stops early, with what it has, when `cancelled` is set.
pub fn select(
    folders: &[PathBuf],
    resolver: &mut Resolver,
    skip: &HashSet<PathBuf>,
    cap: usize,
    cancelled: &AtomicBool,
) -> Selection {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for folder in folders {
        let walk = walk_selected(
            folder,
            |file| resolver.setup_for_file(file),
            |setup| &setup.globs,
        );
        for item in walk {
            if cancelled.load(Ordering::Relaxed) {
                break;
            }
            // A folder that cannot be read is left out; the CLI reports it, the editor has
            // no place to.
            let Ok(found) = item else { continue };
            if skip.contains(&found.absolute) || !seen.insert(found.absolute.clone()) {
                continue;
            }
            files.push(WorkspaceFile {
                path: found.absolute,
                setup: found.setup,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let total = files.len();
    files.truncate(cap);
    Selection { files, total }
}

/// A workspace file's text, read as `check` reads it: a regular file within `max` bytes,
/// UTF-8; `None` otherwise.
pub fn read(path: &std::path::Path, max: u64) -> Option<String> {
    glossary_lsp::fsio::read_regular(path, max)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

/// Sets a flag when dropped: tower-lsp drops a request's future when the client cancels it
/// (`$/cancelRequest`), and the flag then stops the work on its blocking thread.
pub struct CancelOnDrop(pub Arc<AtomicBool>);

impl CancelOnDrop {
    /// A fresh flag, and the guard that sets it.
    pub fn new() -> (Arc<AtomicBool>, CancelOnDrop) {
        let flag = Arc::new(AtomicBool::new(false));
        (flag.clone(), CancelOnDrop(flag))
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}
