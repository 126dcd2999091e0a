//! What the server remembers about the workspace's files between requests, so that the
//! Problems panel's pulls (`workspace/diagnostic`, every few seconds in VS Code) and the use
//! counts on glossary entries (code lens) re-read only the files that changed.
//!
//! Per file it keeps the size and modification time it was read at, the fingerprint of the
//! engine that analysed it, the *result id* of that analysis and how many times each glossary
//! entry was used in it. A result id is a hash of the engine's fingerprint and the file's
//! bytes, so it names the analysis' outcome exactly: two reads of the same text with the same
//! glossary and rules have the same id, across reloads and restarts; any change to either gives
//! a new one. A file whose size, time and engine are unchanged is not read again.
//!
//! An engine's fingerprint hashes what decides its findings — its glossary's entries and
//! exceptions and its rule settings — once per engine (by its address, checked through a weak
//! reference).

use super::analysis;
use super::documents::Cached;
use super::workspace_files::WorkspaceFile;
use glossary_lsp::position::Encoding;
use glossary_lsp::{Engine, Format};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::SystemTime;
use tower_lsp::lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

/// A file as last read.
#[derive(Debug, Clone)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    engine: u64,
    result_id: String,
    /// Uses per entry id (`None`: the file was found unchanged without being analysed).
    uses: Option<HashMap<String, usize>>,
}

/// The server's memory of the workspace's files (shared by every request).
#[derive(Default)]
pub struct WorkspaceIndex {
    files: Mutex<HashMap<PathBuf, Seen>>,
    fingerprints: Mutex<Vec<(Weak<Engine>, u64)>>,
    /// The number of files last said to be over the cap (said once per number).
    pub capped_told: Mutex<Option<usize>>,
    /// The use counts behind the glossary files' code lenses.
    pub lens: super::code_lens::LensCounts,
}

/// What reading one file gave.
pub enum Outcome {
    /// Its diagnostics are what the client has (`previous` was its result id).
    Unchanged(String),
    /// Its diagnostics, under a new result id.
    Full(String, Vec<Diagnostic>),
}

/// A [`std::fmt::Write`] that feeds a hasher, so a large glossary is hashed without being
/// formatted into one string.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl std::fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl WorkspaceIndex {
    /// The fingerprint of `engine`: a hash of its glossary and rule settings.
    pub fn fingerprint(&self, engine: &Arc<Engine>) -> u64 {
        let mut known = lock(&self.fingerprints);
        known.retain(|(w, _)| w.strong_count() > 0);
        if let Some((_, fp)) = known
            .iter()
            .find(|(w, _)| w.upgrade().is_some_and(|e| Arc::ptr_eq(&e, engine)))
        {
            return *fp;
        }
        let mut h = DefaultHasher::new();
        // The entries, exceptions and settings (all in a fixed order: not the glossary's id
        // map, whose order changes from one build of the same glossary to the next).
        let g = engine.glossary();
        let _ = std::fmt::write(
            &mut HashWriter(&mut h),
            format_args!(
                "{:?}{:?}{:?}",
                g.entries(),
                g.exceptions(),
                engine.settings()
            ),
        );
        let fp = h.finish();
        known.push((Arc::downgrade(engine), fp));
        fp
    }

    /// Reads `file` (unless its size, time and engine say it is unchanged and the client's
    /// `previous` result id is still right) and returns its diagnostics or "unchanged".
    /// `want_uses` also makes it analyse a file it knows unchanged but never counted.
    pub fn check(
        &self,
        file: &WorkspaceFile,
        previous: Option<&str>,
        style: &analysis::DiagnosticStyle,
        want_uses: bool,
    ) -> Outcome {
        let meta = std::fs::metadata(&file.path).ok();
        let (len, modified) = (
            meta.as_ref().map_or(0, |m| m.len()),
            meta.as_ref().and_then(|m| m.modified().ok()),
        );
        let engine = self.fingerprint(&file.setup.engine);
        let known = lock(&self.files).get(&file.path).cloned();
        if let Some(seen) =
            known.filter(|s| s.len == len && s.modified == modified && s.engine == engine)
        {
            if previous == Some(seen.result_id.as_str()) && (!want_uses || seen.uses.is_some()) {
                return Outcome::Unchanged(seen.result_id);
            }
        }
        let text = match glossary_lsp::fsio::read_regular(&file.path, file.setup.max_size) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                format!(
                    "not valid UTF-8 (byte {}): not checked",
                    e.utf8_error().valid_up_to()
                )
            }),
            Err(e) => Err(format!("cannot read: {e}; not checked")),
        };
        let mut h = DefaultHasher::new();
        engine.hash(&mut h);
        match &text {
            Ok(t) => t.hash(&mut h),
            Err(e) => e.hash(&mut h),
        }
        let result_id = format!("{engine:016x}-{:016x}", h.finish());
        if previous == Some(result_id.as_str()) && !want_uses {
            self.remember(&file.path, len, modified, engine, &result_id, None);
            return Outcome::Unchanged(result_id);
        }
        let (diagnostics, uses) = match text {
            Ok(text) => analyse(file, text, style),
            Err(message) => (vec![unreadable(message)], HashMap::new()),
        };
        self.remember(&file.path, len, modified, engine, &result_id, Some(uses));
        if previous == Some(result_id.as_str()) {
            Outcome::Unchanged(result_id)
        } else {
            Outcome::Full(result_id, diagnostics)
        }
    }

    fn remember(
        &self,
        path: &Path,
        len: u64,
        modified: Option<SystemTime>,
        engine: u64,
        result_id: &str,
        uses: Option<HashMap<String, usize>>,
    ) {
        let mut files = lock(&self.files);
        let uses = uses.or_else(|| {
            files
                .get(path)
                .filter(|s| s.result_id == result_id)
                .and_then(|s| s.uses.clone())
        });
        files.insert(
            path.to_path_buf(),
            Seen {
                len,
                modified,
                engine,
                result_id: result_id.to_string(),
                uses,
            },
        );
    }

    /// The uses per entry id counted in `path` at its last analysis.
    pub fn uses(&self, path: &Path) -> Option<HashMap<String, usize>> {
        lock(&self.files).get(path).and_then(|s| s.uses.clone())
    }

    /// Forgets the files not in `keep` (deleted, or no longer selected).
    pub fn retain(&self, keep: &std::collections::HashSet<PathBuf>) {
        lock(&self.files).retain(|p, _| keep.contains(p));
    }
}

/// Analyses a workspace file: its diagnostics (as a document pull would give them) and the
/// uses of each entry.
fn analyse(
    file: &WorkspaceFile,
    text: String,
    style: &analysis::DiagnosticStyle,
) -> (Vec<Diagnostic>, HashMap<String, usize>) {
    let engine = file.setup.engine.clone();
    let analysis = engine.analyze(&text, Format::from_path(&file.path));
    let uses = uses_per_entry(&engine, &analysis.matches);
    let cached = Cached {
        rev: 0,
        version: 0,
        generation: 0,
        engine,
        opaque: Vec::new(),
        rope: ropey::Rope::from_str(&text),
        first_use: Vec::new(),
        analysis,
    };
    let diagnostics = analysis::diagnostics_in(&cached, 0..usize::MAX, style).collect();
    (diagnostics, uses)
}

/// The diagnostic that says a file was not checked, and why (at its start).
fn unreadable(message: String) -> Diagnostic {
    Diagnostic {
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String("not-checked".into())),
        source: Some(super::SOURCE.into()),
        message,
        ..Default::default()
    }
}

/// The uses per entry id in each of `files`, analysing only those changed or never counted
/// (for code lens). Stops early, with what it has, when `cancelled` is set.
pub fn count_uses(
    index: &WorkspaceIndex,
    files: &[WorkspaceFile],
    cancelled: &std::sync::atomic::AtomicBool,
) -> HashMap<PathBuf, HashMap<String, usize>> {
    let mut out = HashMap::new();
    for file in files {
        if cancelled.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let engine = index.fingerprint(&file.setup.engine);
        let meta = std::fs::metadata(&file.path).ok();
        let (len, modified) = (
            meta.as_ref().map_or(0, |m| m.len()),
            meta.as_ref().and_then(|m| m.modified().ok()),
        );
        let known = lock(&index.files)
            .get(&file.path)
            .filter(|s| s.len == len && s.modified == modified && s.engine == engine)
            .and_then(|s| s.uses.clone());
        let uses = match known {
            Some(u) => Some(u),
            None => {
                index.check(
                    file,
                    None,
                    &analysis::DiagnosticStyle::plain(Encoding::Utf16),
                    true,
                );
                index.uses(&file.path)
            }
        };
        if let Some(u) = uses {
            out.insert(file.path.clone(), u);
        }
    }
    out
}

/// How many times each entry (by id) is used among `matches`: a file's line of the code lens.
pub(super) fn uses_per_entry(
    engine: &glossary_lsp::Engine,
    matches: &[glossary_lsp::matcher::TermMatch],
) -> HashMap<String, usize> {
    let mut uses: HashMap<String, usize> = HashMap::new();
    for m in matches {
        *uses
            .entry(engine.glossary().entry(m.entry).id.clone())
            .or_default() += 1;
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;
    use glossary_lsp::glossary::{load, GlossarySource};
    use glossary_lsp::rules::{Rule, RuleSettings};

    fn engine(settings: RuleSettings) -> Arc<Engine> {
        Arc::new(Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            settings,
        ))
    }

    #[test]
    fn equal_engines_have_equal_fingerprints() {
        let index = WorkspaceIndex::default();
        let (a, b) = (
            engine(RuleSettings::default()),
            engine(RuleSettings::default()),
        );
        assert_eq!(index.fingerprint(&a), index.fingerprint(&b));
        let mut quiet = RuleSettings::default();
        quiet.set(Rule::ContextMisuse, None);
        assert_ne!(index.fingerprint(&a), index.fingerprint(&engine(quiet)));
    }
}
