//! `textDocument/prepareRename` and `textDocument/rename` on a glossary term: a translation of
//! the library's `ide::rename_target` and `ide::rename_edits` (which occurrences, what text)
//! into a `WorkspaceEdit`.
//!
//! The document the rename starts in is edited at once. The rest of the workspace — the other
//! open documents and the files `check` would check (`workspace_files`, at most
//! [`MAX_FILES`]) — is edited only behind a confirmation: those edits carry a change annotation
//! with `needsConfirmation`, so the editor shows them for review before applying them (VS Code's
//! refactor preview). A client that cannot show change annotations (no
//! `workspace.workspaceEdit.changeAnnotationSupport` with `documentChanges`) gets the document's
//! edits only, and a message saying the rest of the workspace was left as it was.
//!
//! Occurrences a rename leaves alone (link text, labels, literals, names, markup inside) are
//! said in a message with their places, so nothing is skipped unseen.

use super::backend::Backend;
use super::documents;
use super::workspace_files::{self, CancelOnDrop, MAX_FILES};
use glossary_lsp::ide::{self, RenameEdits, RenameTarget};
use glossary_lsp::position::LineIndex;
use glossary_lsp::Format;
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;

/// The change annotation on edits outside the document the rename started in.
const ELSEWHERE: &str = "glossary-lsp.rename.elsewhere";

/// The term under the cursor, its current analysis and text.
async fn target_at(
    backend: &Backend,
    uri: &Url,
    pos: Position,
) -> Option<(RenameTarget, std::sync::Arc<documents::Cached>, Rope)> {
    let (cached, rope) = backend.analysis_now(uri).await?;
    let off = documents::offset(&rope, pos, backend.enc())?;
    let text = rope.to_string();
    let t = ide::rename_target(
        cached.engine.glossary(),
        &cached.analysis.matches,
        &text,
        off,
    )?;
    Some((t, cached, rope))
}

/// `textDocument/prepareRename`: the occurrence under the cursor, and the glossary form as the
/// text to edit ("value-added reseller" on "Value-added resellers’"). Nothing off a term.
pub async fn prepare(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let (t, _, rope) = target_at(backend, &params.text_document.uri, params.position).await?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: documents::range(&rope, t.range, backend.enc()),
        placeholder: t.form,
    })
}

/// One file's part of a rename, in LSP terms.
struct FileEdits {
    uri: Url,
    /// The open document's version (`None`: a file on disk).
    version: Option<i32>,
    edits: Vec<TextEdit>,
    /// The occurrences left alone: where and why.
    left: Vec<(Position, &'static str)>,
}

impl FileEdits {
    /// `r` (byte offsets) in LSP terms, positions from `position`.
    fn of(
        uri: Url,
        version: Option<i32>,
        r: RenameEdits,
        position: impl Fn(usize) -> Position,
    ) -> FileEdits {
        FileEdits {
            uri,
            version,
            edits: r
                .edits
                .into_iter()
                .map(|e| {
                    TextEdit::new(
                        Range::new(position(e.range.start), position(e.range.end)),
                        e.text,
                    )
                })
                .collect(),
            left: r
                .left
                .iter()
                .map(|l| (position(l.range.start), l.reason))
                .collect(),
        }
    }
}

/// `textDocument/rename`: see the module docs.
pub async fn rename(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let new = ide::new_name(&params.new_name).map_err(Error::invalid_params)?;
    let p = params.text_document_position;
    let uri = p.text_document.uri;
    let Some((target, cached, rope)) = target_at(backend, &uri, p.position).await else {
        return Err(Error::invalid_params(
            "no glossary term at the cursor: rename works on the terms of the glossary",
        ));
    };
    let enc = backend.enc();
    let format = backend
        .docs()
        .get(&uri)
        .map_or(Format::Markdown, |d| d.format);
    let text = rope.to_string();
    let here = ide::rename_edits(
        &cached.engine,
        &text,
        format,
        &cached.analysis.matches,
        &target.entry,
        &target.form,
        &new,
    );
    let here = FileEdits::of(uri.clone(), Some(cached.version), here, |o| {
        documents::position(&rope, o, enc)
    });
    let mut elsewhere = Vec::new();
    let mut capped = None;
    if backend.caps().change_annotations {
        (elsewhere, capped) = other_files(backend, &uri, &target, &new).await;
    }
    tell(backend, &target, &new, &here, &elsewhere, capped).await;
    Ok(Some(workspace_edit(here, elsewhere, &target, &new)))
}

/// The rename's edits in the other open documents and in the workspace's files; also, when
/// the workspace has more files than one scan reads, how many it has.
async fn other_files(
    backend: &Backend,
    uri: &Url,
    target: &RenameTarget,
    new: &str,
) -> (Vec<FileEdits>, Option<usize>) {
    let enc = backend.enc();
    let mut out = Vec::new();
    let open: Vec<(Url, Format)> = backend
        .docs()
        .iter()
        .filter(|(u, d)| d.enabled && *u != uri)
        .map(|(u, d)| (u.clone(), d.format))
        .collect();
    let mut skip: HashSet<PathBuf> = open
        .iter()
        .filter_map(|(u, _)| u.to_file_path().ok())
        .collect();
    skip.extend(uri.to_file_path().ok());
    for (u, format) in open {
        let Some((cached, rope)) = backend.analysis_now(&u).await else {
            continue;
        };
        let text = rope.to_string();
        let r = ide::rename_edits(
            &cached.engine,
            &text,
            format,
            &cached.analysis.matches,
            &target.entry,
            &target.form,
            new,
        );
        if !r.edits.is_empty() || !r.left.is_empty() {
            let version = Some(cached.version);
            out.push(FileEdits::of(u, version, r, |o| {
                documents::position(&rope, o, enc)
            }));
        }
    }
    let (cancelled, _cancel) = CancelOnDrop::new();
    let folders = backend.folders();
    let mut resolver = backend.resolver();
    let (target, new) = (target.clone(), new.to_string());
    let scan = tokio::task::spawn_blocking(move || {
        let selection =
            workspace_files::select(&folders, &mut resolver, &skip, MAX_FILES, &cancelled);
        let mut found = Vec::new();
        for file in &selection.files {
            if cancelled.load(Ordering::Relaxed) {
                break;
            }
            let (Some(text), Ok(u)) = (
                workspace_files::read(&file.path, file.setup.max_size),
                Url::from_file_path(&file.path),
            ) else {
                continue;
            };
            let engine = &file.setup.engine;
            let format = Format::from_path(&file.path);
            let matches = engine.analyze(&text, format).matches;
            let r = ide::rename_edits(
                engine,
                &text,
                format,
                &matches,
                &target.entry,
                &target.form,
                &new,
            );
            if r.edits.is_empty() && r.left.is_empty() {
                continue;
            }
            let lines = LineIndex::new(&text);
            found.push(FileEdits::of(u, None, r, |o| {
                let (l, c) = lines.position(&text, o, enc);
                Position::new(l as u32, c as u32)
            }));
        }
        let capped = (selection.total > selection.files.len()).then_some(selection.total);
        (found, capped)
    });
    let (found, capped) = scan.await.unwrap_or_default();
    out.extend(found);
    (out, capped)
}

/// The edit: the document's edits as they are, the others' behind a confirmation.
fn workspace_edit(
    here: FileEdits,
    elsewhere: Vec<FileEdits>,
    target: &RenameTarget,
    new: &str,
) -> WorkspaceEdit {
    let others: Vec<&FileEdits> = elsewhere.iter().filter(|f| !f.edits.is_empty()).collect();
    if others.is_empty() {
        // Every client takes a plain map of edits.
        let mut changes = HashMap::new();
        changes.insert(here.uri, here.edits);
        return WorkspaceEdit::new(changes);
    }
    let uses: usize = others.iter().map(|f| f.edits.len()).sum();
    let mut docs = vec![TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: here.uri,
            version: here.version,
        },
        edits: here.edits.into_iter().map(OneOf::Left).collect(),
    }];
    for f in &others {
        docs.push(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: f.uri.clone(),
                version: f.version,
            },
            edits: f
                .edits
                .iter()
                .map(|e| {
                    OneOf::Right(AnnotatedTextEdit {
                        text_edit: e.clone(),
                        annotation_id: ELSEWHERE.into(),
                    })
                })
                .collect(),
        });
    }
    let annotation = ChangeAnnotation {
        label: format!(
            "Rename \u{201c}{}\u{201d} to \u{201c}{new}\u{201d} in other files",
            target.form
        ),
        needs_confirmation: Some(true),
        description: Some(format!(
            "{uses} {} in {} {}",
            plural(uses, "use", "uses"),
            others.len(),
            plural(others.len(), "file", "files")
        )),
    };
    WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Edits(docs)),
        change_annotations: Some(HashMap::from([(ELSEWHERE.to_string(), annotation)])),
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Says what the rename did not do: occurrences left alone (with places and reasons), the
/// workspace left out (a client without change annotations), files beyond the scan's cap.
async fn tell(
    backend: &Backend,
    target: &RenameTarget,
    new: &str,
    here: &FileEdits,
    elsewhere: &[FileEdits],
    capped: Option<usize>,
) {
    let mut notes = Vec::new();
    let left: Vec<String> = std::iter::once(here)
        .chain(elsewhere)
        .flat_map(|f| {
            let name = f
                .uri
                .path_segments()
                .and_then(|mut s| s.next_back().map(str::to_string))
                .unwrap_or_default();
            f.left.iter().map(move |(pos, why)| {
                format!("{name}:{}:{}: {why}", pos.line + 1, pos.character + 1)
            })
        })
        .collect();
    if !left.is_empty() {
        let shown: Vec<&str> = left.iter().take(5).map(String::as_str).collect();
        let more = left.len().saturating_sub(shown.len());
        notes.push(format!(
            "{} {} left as written ({}{})",
            left.len(),
            plural(left.len(), "use", "uses"),
            shown.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if !backend.caps().change_annotations {
        notes.push(
            "renamed in this document only: this editor cannot ask to confirm edits in other files"
                .into(),
        );
    }
    if let Some(total) = capped {
        notes.push(format!(
            "only the first {MAX_FILES} of the workspace's {total} files were searched"
        ));
    }
    if notes.is_empty() {
        return;
    }
    let message = format!(
        "Rename \u{201c}{}\u{201d} \u{2192} \u{201c}{new}\u{201d}: {}.",
        target.form,
        notes.join("; ")
    );
    backend
        .inner
        .client
        .show_message(MessageType::INFO, message)
        .await;
}
