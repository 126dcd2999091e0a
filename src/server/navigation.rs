//! Navigation and decoration: go to a term's definition (its glossary entry), highlight its
//! occurrences, find its references in the open documents and the workspace's other prose files
//! (those `check` would check, `workspace_files`),
//! list glossary entries as workspace symbols, colour terms (semantic tokens) and show acronym
//! expansions (inlay hints).
//!
//! Terms are told apart by entry id, not by index: documents under different config files have
//! different engines, and the same entry has another index in each.

use super::backend::Backend;
use super::documents::{self, file_position};
use super::workspace;
use super::workspace_files::{self, CancelOnDrop};
use glossary_lsp::glossary::{FormStatus, BUILTIN_NAME};
use glossary_lsp::matcher::TermMatch;
use glossary_lsp::position::{Encoding, LineIndex};
use glossary_lsp::{ide, Engine, Format};
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_lsp::lsp_types::*;

/// The one token type.
const TOKEN_TYPE: &str = "glossaryTerm";
/// Modifier bits, in the order of the legend.
const MOD_DEPRECATED: u32 = 1;
const MOD_ABBREVIATION: u32 = 2;

/// The semantic tokens legend (the bits above index into it).
pub fn semantic_tokens_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: vec![SemanticTokenType::new(TOKEN_TYPE)],
        token_modifiers: vec![
            SemanticTokenModifier::DEPRECATED,
            SemanticTokenModifier::new("abbreviation"),
        ],
    }
}

/// Where a glossary entry's origin lives on disk: its glossary file, or for the built-in
/// glossary its copy in the cache folder (written once).
async fn origin_file(origin: &glossary_lsp::glossary::Location) -> Option<PathBuf> {
    if &*origin.path == BUILTIN_NAME {
        tokio::task::spawn_blocking(workspace::builtin_copy)
            .await
            .ok()
            .flatten()
    } else {
        Some(PathBuf::from(&*origin.path))
    }
}

/// `textDocument/definition`: the term's entry in its glossary.
pub async fn definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let p = params.text_document_position_params;
    let (engine, m, _) = backend.term_at(&p.text_document.uri, p.position)?;
    let origin = engine.glossary().entry(m.entry).origin.clone();
    let path = origin_file(&origin).await?;
    let uri = Url::from_file_path(&path).ok()?;
    let text = backend.read_text(&path).unwrap_or_default();
    let pos = file_position(&text, origin.line, origin.column, backend.enc());
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri,
        Range::new(pos, pos),
    )))
}

/// `textDocument/documentHighlight`: every form of the term in the document.
pub async fn highlights(
    backend: &Backend,
    params: DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let p = params.text_document_position_params;
    let uri = p.text_document.uri;
    let (engine, m, _) = backend.term_at(&uri, p.position)?;
    let id = engine.glossary().entry(m.entry).id.clone();
    let (cached, rope) = backend.analysis_now(&uri).await?;
    let enc = backend.enc();
    Some(
        occurrences(&cached.engine, &cached.analysis.matches, &id)
            .map(|o| DocumentHighlight {
                range: documents::range(&rope, o.range.clone(), enc),
                kind: Some(DocumentHighlightKind::TEXT),
            })
            .collect(),
    )
}

/// The matches of the entry with id `id` (if `engine` knows it).
fn occurrences<'a>(
    engine: &Engine,
    matches: &'a [TermMatch],
    id: &str,
) -> impl Iterator<Item = &'a TermMatch> {
    let entry = engine.glossary().by_id(id);
    matches.iter().filter(move |m| Some(m.entry) == entry)
}

/// `textDocument/references`: the term in every open document, then in the workspace's other
/// prose files (each with its own configuration's engine), with progress.
pub async fn references(backend: &Backend, params: ReferenceParams) -> Option<Vec<Location>> {
    let p = params.text_document_position;
    let (engine, m, _) = backend.term_at(&p.text_document.uri, p.position)?;
    let id = engine.glossary().entry(m.entry).id.clone();
    Some(
        uses_of(
            backend,
            id,
            params.work_done_progress_params.work_done_token,
        )
        .await,
    )
}

/// Every use of the entry with id `id`: in the open documents, then in the workspace's other
/// prose files, with progress reported on `token` (or one the server creates). Behind
/// `textDocument/references` and the "uses" of a glossary entry's code lens.
pub async fn uses_of(
    backend: &Backend,
    id: String,
    token: Option<NumberOrString>,
) -> Vec<Location> {
    let enc = backend.enc();
    let mut out = Vec::new();
    let open = backend.enabled_docs();
    for u in &open {
        if let Some((cached, rope)) = backend.analysis_now(u).await {
            for o in occurrences(&cached.engine, &cached.analysis.matches, &id) {
                out.push(Location::new(
                    u.clone(),
                    documents::range(&rope, o.range.clone(), enc),
                ));
            }
        }
    }
    let folders = backend.folders();
    if folders.is_empty() {
        return out;
    }
    let progress = Progress::start(backend, token).await;
    progress
        .send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "Finding references".into(),
            cancellable: Some(false),
            message: Some("scanning the workspace".into()),
            percentage: Some(0),
        }))
        .await;
    let open_paths: HashSet<PathBuf> = open.iter().filter_map(|u| u.to_file_path().ok()).collect();
    let mut resolver = backend.resolver();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
    let scan = tokio::task::spawn_blocking(move || {
        // The files `check` would check (the configurations' include and exclude globs).
        let never = std::sync::atomic::AtomicBool::new(false);
        let files = workspace_files::select(
            &folders,
            &mut resolver,
            &open_paths,
            workspace_files::MAX_FILES,
            &never,
        )
        .files;
        let total = files.len();
        let mut found = Vec::new();
        for (i, file) in files.into_iter().enumerate() {
            let _ = tx.send((i, total));
            let (path, engine) = (&file.path, &file.setup.engine);
            // Regular files within the document limit only: a FIFO or a huge file in the
            // workspace must neither block nor exhaust the scan.
            let text = workspace_files::read(path, file.setup.max_size);
            let (Some(text), Ok(u)) = (text, Url::from_file_path(path)) else {
                continue;
            };
            let analysis = engine.analyze(&text, Format::from_path(path));
            let lines = LineIndex::new(&text);
            let pos = |o: usize| {
                let (l, c) = lines.position(&text, o, enc);
                Position::new(l as u32, c as u32)
            };
            for o in occurrences(engine, &analysis.matches, &id) {
                let range = Range::new(pos(o.range.start), pos(o.range.end));
                found.push(Location::new(u.clone(), range));
            }
        }
        found
    });
    let mut last = 0;
    while let Some((i, total)) = rx.recv().await {
        let pct = ((i + 1) * 100 / total.max(1)) as u32;
        if pct >= last + 10 {
            last = pct;
            progress
                .send(WorkDoneProgress::Report(WorkDoneProgressReport {
                    cancellable: Some(false),
                    message: Some(format!("{}/{total} files", i + 1)),
                    percentage: Some(pct.min(100)),
                }))
                .await;
        }
    }
    out.extend(scan.await.unwrap_or_default());
    progress
        .send(WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(format!("{} references", out.len())),
        }))
        .await;
    out
}

/// Work-done progress for one request: the client's token, or one the server created (when
/// the client supports that); without either, reports go nowhere.
struct Progress {
    client: tower_lsp::Client,
    token: Option<NumberOrString>,
}

impl Progress {
    async fn start(backend: &Backend, token: Option<NumberOrString>) -> Progress {
        let client = backend.inner.client.clone();
        let token = match token {
            Some(t) => Some(t),
            None if backend.caps().progress => {
                let t = NumberOrString::String(format!(
                    "glossary-lsp/references/{}",
                    backend.inner.progress_ids.fetch_add(1, Ordering::SeqCst)
                ));
                client
                    .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                        token: t.clone(),
                    })
                    .await
                    .ok()
                    .map(|_| t)
            }
            None => None,
        };
        Progress { client, token }
    }

    async fn send(&self, value: WorkDoneProgress) {
        if let Some(token) = &self.token {
            self.client
                .send_notification::<notification::Progress>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }
}

/// Most symbols one `workspace/symbol` answer lists (clients re-ask as the query grows).
pub const MAX_SYMBOLS: usize = 500;

/// `workspace/symbol`: the glossary entries (of every configuration in use) whose id or a
/// form contains the query, at their place in their glossary; at most [`MAX_SYMBOLS`]. Runs on
/// a blocking thread (hover and diagnostics never wait behind it) and stops when cancelled.
pub async fn symbols(backend: &Backend, params: WorkspaceSymbolParams) -> Vec<SymbolInformation> {
    let q = params.query.to_lowercase();
    let enc = backend.enc();
    let engines = backend.all_engines();
    let cancelled = Arc::new(AtomicBool::new(false));
    let _cancel = CancelOnDrop(cancelled.clone());
    let this = backend.clone();
    let work = move || {
        // Each glossary file's text and line index, built once.
        let mut files: HashMap<PathBuf, (String, LineIndex)> = HashMap::new();
        let mut builtin: Option<Option<PathBuf>> = None;
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for engine in &engines {
            for e in engine.glossary().entries() {
                if cancelled.load(Ordering::Relaxed) || out.len() >= MAX_SYMBOLS {
                    return out;
                }
                let hit = q.is_empty()
                    || e.id.contains(&q)
                    || e.forms.iter().any(|f| f.text.to_lowercase().contains(&q));
                if !hit || !seen.insert((e.origin.path.clone(), e.origin.line, e.origin.column)) {
                    continue;
                }
                let path = if &*e.origin.path == BUILTIN_NAME {
                    match builtin.get_or_insert_with(workspace::builtin_copy) {
                        Some(p) => p.clone(),
                        None => continue,
                    }
                } else {
                    PathBuf::from(&*e.origin.path)
                };
                let Ok(uri) = Url::from_file_path(&path) else {
                    continue;
                };
                let (text, lines) = files.entry(path.clone()).or_insert_with(|| {
                    let text = this.read_text(&path).unwrap_or_default();
                    let lines = LineIndex::new(&text);
                    (text, lines)
                });
                let (line, col) = (
                    e.origin.line.saturating_sub(1),
                    e.origin.column.saturating_sub(1),
                );
                let off = lines
                    .offset(text, line, col, Encoding::Chars)
                    .unwrap_or(text.len());
                let (l, c) = lines.position(text, off, enc);
                let pos = Position::new(l as u32, c as u32);
                #[allow(deprecated)]
                out.push(SymbolInformation {
                    name: e.display_name(),
                    kind: SymbolKind::CONSTANT,
                    tags: None,
                    deprecated: None,
                    location: Location::new(uri, Range::new(pos, pos)),
                    container_name: Some(e.category.clone()),
                });
            }
        }
        out
    };
    tokio::task::spawn_blocking(work).await.unwrap_or_default()
}

/// `textDocument/semanticTokens/full`.
pub async fn semantic_tokens(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Option<SemanticTokensResult> {
    let (cached, rope) = backend.analysis_now(&params.text_document.uri).await?;
    let enc = backend.enc();
    let data = tokio::task::spawn_blocking(move || {
        term_tokens(&cached.engine, &rope, &cached.analysis.matches, enc)
    })
    .await
    .unwrap_or_default();
    Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: None,
        data,
    }))
}

/// Semantic tokens for term matches (split at line ends, skipping the indentation of
/// continuation lines; positions in the negotiated units).
fn term_tokens(
    engine: &Engine,
    rope: &Rope,
    matches: &[TermMatch],
    enc: Encoding,
) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(matches.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for m in matches {
        let e = engine.glossary().entry(m.entry);
        let f = &e.forms[m.form];
        let mut mods = 0;
        if f.status == FormStatus::Deprecated {
            mods |= MOD_DEPRECATED;
        }
        if f.acronym {
            mods |= MOD_ABBREVIATION;
        }
        let start = documents::position(rope, m.range.start, enc);
        let end = documents::position(rope, m.range.end, enc);
        let mut line = start.line;
        let mut col = start.character;
        while line <= end.line {
            let len = if line == end.line {
                end.character.saturating_sub(col)
            } else {
                let line_start = rope.line_to_byte(line as usize);
                let next = rope.line_to_byte(line as usize + 1);
                let mut content_end = next;
                while content_end > line_start
                    && matches!(rope.byte(content_end - 1), b'\n' | b'\r')
                {
                    content_end -= 1;
                }
                documents::position(rope, content_end, enc)
                    .character
                    .saturating_sub(col)
            };
            if len > 0 {
                let delta_line = line - prev_line;
                let delta_start = if delta_line == 0 { col - prev_col } else { col };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: len,
                    token_type: 0,
                    token_modifiers_bitset: mods,
                });
                prev_line = line;
                prev_col = col;
            }
            line += 1;
            if line > end.line {
                break;
            }
            // Skip the indentation of a continuation line.
            let mut b = rope.line_to_byte(line as usize);
            while b < rope.len_bytes() && matches!(rope.byte(b), b' ' | b'\t') {
                b += 1;
            }
            col = documents::position(rope, b, enc).character;
        }
    }
    out
}

/// `textDocument/inlayHint`: "(expansion)" after acronyms the document never expands, when
/// the `inlayHints` setting is on.
pub async fn inlay_hints(backend: &Backend, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    if !backend.settings().inlay_hints {
        return Some(Vec::new());
    }
    let (cached, rope) = backend.analysis_now(&params.text_document.uri).await?;
    let enc = backend.enc();
    let hints = ide::unexpanded_acronyms(cached.engine.glossary(), &cached.analysis.matches)
        .into_iter()
        .map(|(end, expansion)| (documents::position(&rope, end, enc), expansion))
        .filter(|(pos, _)| params.range.start <= *pos && *pos <= params.range.end)
        .map(|(position, expansion)| InlayHint {
            position,
            label: InlayHintLabel::String(format!("({expansion})")),
            kind: None,
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Some(hints)
}
