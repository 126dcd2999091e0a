//! Noticing changes to config files and glossaries when the editor cannot watch files for the
//! server: a client without dynamic `workspace/didChangeWatchedFiles` registration (Neovim 0.11
//! on Linux, for one) never says that `.glossary-lsp.toml` changed, so a writer who edits it
//! would see the old findings until a restart.
//!
//! For such a client the server looks, once a second, at the modification time and size of
//! every file that could change an engine: the config files and glossaries in use, files
//! showing glossary errors, and `.glossary-lsp.toml` in each folder from an open document up
//! to the workspace folder (a new one there changes which configuration applies). Only
//! metadata is read: a few dozen `stat` calls a second. A change takes the same path as a
//! watched-file notification ([`engines::files_changed`]), which reloads and re-publishes.

use super::backend::{lock, shutdown_flag, Backend};
use super::engines;
use glossary_lsp::config::CONFIG_FILE;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
const INTERVAL: Duration = Duration::from_secs(1);

/// What identifies a file's version: modification time and size (`None`: no such file).
type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The stamps last seen, by path. One server runs per process, so one map serves it.
fn seen() -> &'static Mutex<HashMap<PathBuf, Stamp>> {
    static SEEN: OnceLock<Mutex<HashMap<PathBuf, Stamp>>> = OnceLock::new();
    SEEN.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Records the stamps of files that came into use (a document was opened and its
/// configuration loaded), so that a change made before the next look is not taken for the
/// first sight of the file. Cheap; does nothing when the client watches files itself.
pub fn note_files_in_use(backend: &Backend) {
    if backend.caps().watch_dynamic {
        return;
    }
    let mut seen = lock(seen());
    for path in watched(backend) {
        seen.entry(path).or_insert_with_key(|p| stamp(p));
    }
}

/// Starts the polling when the client cannot watch files itself; it ends with the server.
pub fn start_unless_client_watches(backend: &Backend) {
    if backend.caps().watch_dynamic {
        return;
    }
    note_files_in_use(backend);
    let backend = backend.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(INTERVAL).await;
            if shutdown_flag().load(Ordering::Relaxed) {
                return;
            }
            let paths = watched(&backend);
            let mut changed = Vec::new();
            {
                let mut seen = lock(seen());
                let mut now = HashMap::with_capacity(paths.len());
                for path in paths {
                    let s = stamp(&path);
                    // A path seen for the first time is only recorded: it was read when it
                    // came into use (see `note_files_in_use`).
                    if seen.get(&path).is_some_and(|old| *old != s) {
                        changed.push(path.clone());
                    }
                    now.insert(path, s);
                }
                *seen = now;
            }
            if !changed.is_empty() {
                engines::files_changed(&backend, &changed).await;
            }
        }
    });
}

/// Every file whose change could change an engine.
fn watched(backend: &Backend) -> Vec<PathBuf> {
    let mut paths = backend.config_paths_in_use();
    let root = backend.root();
    let dirs: Vec<PathBuf> = backend
        .docs()
        .keys()
        .filter_map(|uri| uri.to_file_path().ok())
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    for dir in dirs {
        let mut d = Some(dir.as_path());
        while let Some(here) = d {
            paths.push(here.join(CONFIG_FILE));
            if root.as_deref() == Some(here) {
                break;
            }
            d = here.parent();
        }
    }
    paths.sort();
    paths.dedup();
    paths
}
