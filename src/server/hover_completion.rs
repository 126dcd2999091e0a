//! Hover and completion: the two requests that run on every mouse move and keystroke, so both
//! read the cached analysis or a paragraph window (see `cursor`) and never analyse the whole
//! document. The text itself (hover Markdown, candidates) comes from `glossary_lsp::ide`.

use super::backend::Backend;
use super::cursor::{chunk_around, is_prose};
use glossary_lsp::ide;
use serde_json::json;
use tower_lsp::lsp_types::*;

/// `textDocument/hover`: the entry's card, with a note when the written form is discouraged;
/// on a flagged term, the findings and their fixes first and a compact card after.
pub fn hover(backend: &Backend, params: HoverParams) -> Option<Hover> {
    let p = params.text_document_position_params;
    let uri = &p.text_document.uri;
    let (engine, m, range) = backend.term_at(uri, p.position)?;
    let generation = backend.engine_for(uri).1;
    let value = {
        let docs = backend.docs();
        let cached = docs.get(uri).and_then(|d| d.current(generation)).cloned();
        drop(docs);
        let findings: Vec<_> = cached
            .as_ref()
            .map(|c| {
                c.analysis
                    .findings
                    .iter()
                    .filter(|f| f.range.start < m.range.end && m.range.start < f.range.end)
                    .collect()
            })
            .unwrap_or_default();
        if findings.is_empty() {
            ide::hover_markdown(engine.glossary(), m.entry, Some(&m))
        } else {
            ide::hover_with_findings(engine.glossary(), &m, &findings)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    })
}

/// Most items one completion answer lists: with a 20,000-entry glossary, an empty prefix
/// would otherwise send every form with its definition (48 MB). The list is then marked
/// incomplete, so the client asks again as the word grows.
pub const MAX_COMPLETIONS: usize = 200;

/// `textDocument/completion`: glossary forms for the word being typed, in prose only;
/// capitalised at a sentence start, with the expanded first use while the entry is unused
/// before the cursor.
pub fn completion(backend: &Backend, params: CompletionParams) -> Option<CompletionResponse> {
    let p = params.text_document_position;
    let (engine, generation) = backend.engine_for(&p.text_document.uri);
    let enc = backend.enc();
    let docs = backend.docs();
    let doc = docs.get(&p.text_document.uri)?;
    if !doc.enabled {
        return None;
    }
    let off = doc.offset(p.position, enc)?;
    let (base, chunk) = chunk_around(doc, off);
    let rel = off - base;
    if !is_prose(doc, &chunk, base, rel) {
        return None;
    }
    let prefix = ide::word_prefix(&chunk, rel);
    let typed = &chunk[prefix.clone()];
    let sentence_start = ide::sentence_start_at(&chunk, prefix.start);
    let prefix_start = base + prefix.start;
    let mapped = doc.map_to_cached(prefix_start);
    let first_use = |entry: usize| match &mapped {
        Some((old, c)) if c.generation == generation => {
            c.first_use.get(entry).is_none_or(|&end| end > *old)
        }
        _ => true,
    };
    let range = doc.range(prefix_start..off, enc);
    // A snippet with no placeholders is plain text to every client, but Neovim inserts the
    // whole of it on accept (of a plain `textEdit` it inserts only the first word: "value-added"
    // of "value-added reseller").
    let (format, text_of) = if backend.caps().snippets {
        (
            InsertTextFormat::SNIPPET,
            snippet_text as fn(&str) -> String,
        )
    } else {
        (
            InsertTextFormat::PLAIN_TEXT,
            str::to_string as fn(&str) -> String,
        )
    };
    let mut candidates = ide::completions(engine.glossary(), typed, sentence_start, first_use);
    // The best first (they come sorted); the client asks again as the word grows.
    let capped = candidates.len() > MAX_COMPLETIONS;
    candidates.truncate(MAX_COMPLETIONS);
    let items: Vec<CompletionItem> = candidates
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label.clone(),
            kind: Some(CompletionItemKind::TEXT),
            detail: Some(c.detail),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: c.documentation,
            })),
            filter_text: Some(c.filter),
            sort_text: Some(c.sort),
            insert_text_format: Some(format),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                range,
                text_of(&c.label),
            ))),
            data: Some(
                json!({ "term": engine.glossary().entry(c.entry).id, "expanded": c.expanded }),
            ),
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: capped,
        items,
    }))
}

/// `text` as a snippet that inserts exactly `text`: `\`, `$` and `}` escaped.
fn snippet_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '$' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
