//! Code lens on a glossary file's entries: "12 uses in 5 files" above each `[[entry]]`, and the
//! command behind it, `glossary-lsp.showUses`, which returns the uses as locations (the VS Code
//! extension shows them in a references view, the Neovim set-up in the quickfix list).
//!
//! Counting reads the whole workspace, so it never runs on the request: a `codeLens` request
//! answers from the last counts (or "counting uses…" before the first) and starts a count in
//! the background — the open documents from their current analysis, the files `check` would
//! check from `workspace_index`, which re-reads only files that changed. When the counts
//! differ from those answered, a client that supports it is asked to re-request the lenses
//! (`workspace/codeLens/refresh`); any other client sees the new counts at its next request.

use super::backend::{lock, Backend};
use super::workspace;
use super::workspace_files::{self, MAX_FILES};
use super::workspace_index::count_uses;
use glossary_lsp::glossary::BUILTIN_NAME;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;

/// The command a lens runs.
pub const SHOW_USES: &str = "glossary-lsp.showUses";

/// Uses per entry id: (uses, files).
type Counts = HashMap<String, (usize, usize)>;

/// The counts behind the lenses, and the background count.
#[derive(Default)]
pub struct LensCounts {
    /// The last counts (`None`: never counted).
    counts: Mutex<Option<Counts>>,
    /// A count is running.
    running: AtomicBool,
    /// Another count was asked for while one was running.
    again: AtomicBool,
}

/// The entries defined in the glossary file at `path`: id and 1-based line and column.
fn entries_in(backend: &Backend, path: &Path) -> Vec<(String, usize, usize)> {
    // The built-in glossary's copy in the cache folder is its file too.
    let builtin = path
        .file_name()
        .is_some_and(|n| n == "partner-program.toml")
        && workspace::builtin_copy().is_some_and(|p| p == path);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for engine in backend.all_engines() {
        for e in engine.glossary().entries() {
            let here = if &*e.origin.path == BUILTIN_NAME {
                builtin
            } else {
                Path::new(&*e.origin.path) == path
            };
            if here && seen.insert(e.id.clone()) {
                out.push((e.id.clone(), e.origin.line, e.origin.column));
            }
        }
    }
    out.sort_by_key(|(_, line, col)| (*line, *col));
    out
}

/// `textDocument/codeLens`: one lens per entry of a glossary file (none elsewhere).
pub async fn code_lens(backend: &Backend, params: CodeLensParams) -> Option<Vec<CodeLens>> {
    let uri = params.text_document.uri;
    let path = uri.to_file_path().ok()?;
    let entries = entries_in(backend, &path);
    if entries.is_empty() {
        return Some(Vec::new());
    }
    let counts = lock(&backend.inner.workspace.lens.counts).clone();
    start_count(backend);
    let text = backend.read_text(&path).unwrap_or_default();
    let enc = backend.enc();
    let lenses = entries
        .into_iter()
        .map(|(id, line, column)| {
            let pos = super::documents::file_position(&text, line, column, enc);
            let command = match counts.as_ref() {
                None => Command::new("counting uses\u{2026}".into(), String::new(), None),
                Some(c) => {
                    let (uses, files) = c.get(&id).copied().unwrap_or((0, 0));
                    Command::new(
                        title(uses, files),
                        SHOW_USES.into(),
                        Some(vec![json!({ "entry": id, "uri": uri, "position": pos })]),
                    )
                }
            };
            CodeLens {
                range: Range::new(pos, pos),
                command: Some(command),
                data: None,
            }
        })
        .collect();
    Some(lenses)
}

/// "12 uses in 5 files", "1 use in 1 file", "no uses".
fn title(uses: usize, files: usize) -> String {
    match (uses, files) {
        (0, _) => "no uses".into(),
        (u, f) => format!(
            "{u} {} in {f} {}",
            if u == 1 { "use" } else { "uses" },
            if f == 1 { "file" } else { "files" }
        ),
    }
}

/// Starts a count in the background unless one is running (that one then counts again).
fn start_count(backend: &Backend) {
    let lens = &backend.inner.workspace.lens;
    if lens.running.swap(true, Ordering::SeqCst) {
        lens.again.store(true, Ordering::SeqCst);
        return;
    }
    let backend = backend.clone();
    tokio::spawn(async move {
        let lens = &backend.inner.workspace.lens;
        loop {
            lens.again.store(false, Ordering::SeqCst);
            let counts = count(&backend).await;
            let changed = lock(&lens.counts).replace(counts.clone()) != Some(counts);
            if changed && backend.caps().code_lens_refresh {
                let client = backend.inner.client.clone();
                let _ = client.send_request::<request::CodeLensRefresh>(()).await;
            }
            if !lens.again.load(Ordering::SeqCst) {
                break;
            }
        }
        lens.running.store(false, Ordering::SeqCst);
    });
}

/// Counts every entry's uses: the open documents from their analysis, the workspace's other
/// checked files from the index.
async fn count(backend: &Backend) -> Counts {
    let mut per_file: Vec<HashMap<String, usize>> = Vec::new();
    let open = backend.enabled_docs();
    for u in &open {
        if let Some((cached, _)) = backend.analysis_now(u).await {
            let uses =
                super::workspace_index::uses_per_entry(&cached.engine, &cached.analysis.matches);
            per_file.push(uses);
        }
    }
    let skip: HashSet<PathBuf> = open.iter().filter_map(|u| u.to_file_path().ok()).collect();
    let folders = backend.folders();
    let mut resolver = backend.resolver();
    let index = backend.inner.workspace.clone();
    let disk = tokio::task::spawn_blocking(move || {
        let never = AtomicBool::new(false);
        let selection = workspace_files::select(&folders, &mut resolver, &skip, MAX_FILES, &never);
        count_uses(&index, &selection.files, &never)
    })
    .await
    .unwrap_or_default();
    per_file.extend(disk.into_values());
    let mut counts = Counts::new();
    for uses in per_file {
        for (id, n) in uses {
            let c = counts.entry(id).or_default();
            c.0 += n;
            c.1 += 1;
        }
    }
    counts
}

/// `glossary-lsp.showUses` `{ "entry": ID }`: the entry's uses as locations (open documents
/// first, then the workspace's files).
pub async fn show_uses(backend: &Backend, args: &[Value]) -> Result<Option<Value>> {
    let id = args
        .first()
        .and_then(|a| a.get("entry").or(Some(a)))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_params("expected { \"entry\": ENTRY_ID }"))?
        .to_string();
    let locations = super::navigation::uses_of(backend, id, None).await;
    Ok(Some(json!(locations)))
}
