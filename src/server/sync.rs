//! Document synchronisation: `didOpen`, `didChange` and `didClose` keep the server's copy of
//! each open document (a rope, see `documents`) in step with the editor and start an analysis
//! after every change. Changes for unknown documents or with stale versions are logged and
//! ignored rather than applied to the wrong text.

use super::backend::{lock, Backend};
use super::documents::Document;
use super::engines;
use glossary_lsp::Format;
use std::path::Path;
use tower_lsp::lsp_types::*;

/// How the engine reads a document: by the client's language id, else by the file extension.
/// An `.mdx` file is MDX whatever the client calls it (editors without an MDX mode open it as
/// Markdown, VS Code without an MDX extension as plain text).
fn format_for(uri: &Url, language_id: &str) -> Format {
    let by_path = Format::from_path(Path::new(uri.path()));
    match language_id {
        _ if by_path == Format::Mdx => Format::Mdx,
        "mdx" => Format::Mdx,
        "markdown" | "md" => Format::Markdown,
        "plaintext" | "text" | "txt" => Format::PlainText,
        _ => by_path,
    }
}

/// `textDocument/didOpen`: keeps the text; a checked language is analysed (with the engine of
/// its configuration, built first if it is new); a configuration file or glossary reloads.
pub async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let d = params.text_document;
    let format = format_for(&d.uri, &d.language_id);
    let mut doc = Document::new(&d.text, d.version, d.language_id.clone(), format);
    doc.enabled = lock(&backend.inner.settings)
        .languages
        .contains(&d.language_id);
    let enabled = doc.enabled;
    backend.docs().insert(d.uri.clone(), doc);
    if enabled {
        engines::prepare(backend, &d.uri).await;
        super::config_watch::note_files_in_use(backend);
        backend.schedule(&d.uri);
    } else if d
        .uri
        .to_file_path()
        .is_ok_and(|p| engines::is_config_file(backend, &p))
    {
        engines::reload(backend).await;
    }
}

/// `textDocument/didChange`: applies the changes in order and schedules an analysis.
pub fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    let enc = backend.enc();
    let enabled = {
        let mut docs = backend.docs();
        let Some(doc) = docs.get_mut(&uri) else {
            drop(docs);
            backend.log(
                MessageType::WARNING,
                format!("didChange for {uri}, which is not open: ignored"),
            );
            return;
        };
        if version <= doc.version {
            let current = doc.version;
            drop(docs);
            backend.log(
                MessageType::WARNING,
                format!(
                    "didChange for {uri} with version {version}, not newer than {current}: ignored"
                ),
            );
            return;
        }
        for change in &params.content_changes {
            if let Err(e) = doc.apply(change.range, &change.text, enc) {
                let msg = format!("didChange for {uri}: a change was skipped ({e:?})");
                eprintln!("glossary-lsp: {msg}");
            }
        }
        doc.version = version;
        doc.enabled
    };
    if enabled {
        backend.schedule(&uri);
    }
}

/// `textDocument/didClose`: forgets the document and clears its pushed diagnostics; once no
/// document is open, hands the freed memory back to the system (see
/// [`Backend::release_memory_if_idle`]).
pub async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let removed = backend.docs().remove(&uri);
    if removed.as_ref().is_some_and(|d| d.enabled) && !backend.caps().pull_diagnostics {
        backend.publish(&uri, &[], None);
    }
    drop(removed);
    backend.release_memory_if_idle();
}
