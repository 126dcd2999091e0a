//! `workspace/diagnostic`: the Problems panel for the whole docs folder, not only the open
//! documents.
//!
//! The files are those `glossary-lsp check` checks in each workspace folder (the library's
//! selection: each file's configuration's `include` and `exclude`), at most
//! [`MAX_FILES`](super::workspace_files::MAX_FILES) of them by path — beyond that the user is
//! told once, with the way to narrow them. Open documents are reported from their current
//! analysis, under the result ids of `textDocument/diagnostic`; files on disk under a hash of
//! their bytes and the engine's fingerprint (`workspace_index`), so a file the client already
//! has is answered `unchanged` — without being read again when its size and time are the same.
//! A file the client had that is no longer selected (deleted, excluded) gets an empty report,
//! which clears it. A file that cannot be read, is too large or is not UTF-8 gets one warning
//! saying so, so no file is left out unseen.
//!
//! The scan runs on a blocking thread and stops when the client cancels the request (VS Code
//! cancels and re-sends it as the workspace changes).

use super::backend::{lock, Backend};
use super::workspace_files::{self, CancelOnDrop, MAX_FILES};
use super::workspace_index::Outcome;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tower_lsp::lsp_types::*;

/// `workspace/diagnostic`: see the module docs.
pub async fn workspace_diagnostic(
    backend: &Backend,
    params: WorkspaceDiagnosticParams,
) -> WorkspaceDiagnosticReportResult {
    // A reload under way (new settings, a changed glossary) decides which engines answer.
    drop(backend.inner.reloading.lock().await);
    let previous: HashMap<Url, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (p.uri, p.value))
        .collect();
    let mut items = Vec::new();
    let open: Vec<Url> = backend
        .docs()
        .iter()
        .filter(|(u, d)| d.enabled && u.scheme() == "file")
        .map(|(u, _)| u.clone())
        .collect();
    for uri in &open {
        let Some((cached, _)) = backend.analysis_now(uri).await else {
            continue;
        };
        let result_id = format!("{}-{}", cached.generation, cached.rev);
        let version = Some(i64::from(cached.version));
        items.push(if previous.get(uri) == Some(&result_id) {
            unchanged(uri.clone(), version, result_id)
        } else {
            let style = backend.diagnostic_style(uri);
            let diagnostics =
                super::analysis::diagnostics_in(&cached, 0..usize::MAX, &style).collect();
            full(uri.clone(), version, Some(result_id), diagnostics)
        });
    }
    let skip: HashSet<PathBuf> = open.iter().filter_map(|u| u.to_file_path().ok()).collect();
    let (cancelled, _cancel) = CancelOnDrop::new();
    let folders = backend.folders();
    let mut resolver = backend.resolver();
    let index = backend.inner.workspace.clone();
    let known = previous.clone();
    // What this client shows (links, related places); the URI is set per file below.
    let root = Url::parse("file:///").expect("a valid URL");
    let base_style = backend.diagnostic_style(&root);
    let scan = tokio::task::spawn_blocking(move || {
        let selection =
            workspace_files::select(&folders, &mut resolver, &skip, MAX_FILES, &cancelled);
        let mut reports = Vec::new();
        for file in &selection.files {
            if cancelled.load(Ordering::Relaxed) {
                break;
            }
            let Ok(uri) = Url::from_file_path(&file.path) else {
                continue;
            };
            let had = known.get(&uri).map(String::as_str);
            // Related places point into the file itself.
            let style = super::analysis::DiagnosticStyle {
                related_in: base_style.related_in.as_ref().map(|_| uri.clone()),
                ..base_style.clone()
            };
            reports.push(match index.check(file, had, &style, false) {
                Outcome::Unchanged(id) => unchanged(uri, None, id),
                Outcome::Full(id, diagnostics) => full(uri, None, Some(id), diagnostics),
            });
        }
        let mut kept: HashSet<PathBuf> = selection.files.iter().map(|f| f.path.clone()).collect();
        kept.extend(skip);
        index.retain(&kept);
        (reports, selection.total)
    });
    let Ok((reports, total)) = scan.await else {
        return WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items });
    };
    items.extend(reports);
    // What the client has that is no longer reported: cleared.
    let reported: HashSet<Url> = items.iter().map(|i| report_uri(i).clone()).collect();
    for uri in previous.keys().filter(|u| !reported.contains(u)) {
        items.push(full(uri.clone(), None, None, Vec::new()));
    }
    if total > MAX_FILES {
        tell_capped(backend, total).await;
    }
    WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
}

fn report_uri(r: &WorkspaceDocumentDiagnosticReport) -> &Url {
    match r {
        WorkspaceDocumentDiagnosticReport::Full(f) => &f.uri,
        WorkspaceDocumentDiagnosticReport::Unchanged(u) => &u.uri,
    }
}

fn unchanged(
    uri: Url,
    version: Option<i64>,
    result_id: String,
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Unchanged(WorkspaceUnchangedDocumentDiagnosticReport {
        uri,
        version,
        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
    })
}

fn full(
    uri: Url,
    version: Option<i64>,
    result_id: Option<String>,
    items: Vec<Diagnostic>,
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
    })
}

/// Says, once per count, that the workspace has more files than one scan reads.
async fn tell_capped(backend: &Backend, total: usize) {
    let first = {
        let mut told = lock(&backend.inner.workspace.capped_told);
        told.replace(total) != Some(total)
    };
    if first {
        let message = format!(
            "glossary-lsp: the Problems panel lists the first {MAX_FILES} of the workspace's {total} files (by path); narrow `include`/`exclude` in .glossary-lsp.toml to choose which"
        );
        backend
            .inner
            .client
            .show_message(MessageType::WARNING, message)
            .await;
    }
}
