//! Code actions (all quick fixes): replace a flagged form with a suggestion, disable the rule on
//! the line (Markdown), add the capitalised name around a term or the selection to the team
//! glossary's exceptions, and define an unknown acronym under the cursor. The last two are
//! commands (see `commands`) because they edit other files.
//!
//! Replacements come from the diagnostic's `data`; one whose flagged text no longer matches the
//! document (a diagnostic from an older text) gets no edit.

use super::analysis;
use super::backend::Backend;
use super::cursor::{chunk_around, is_prose};
use super::documents::Document;
use super::SOURCE;
use glossary_lsp::ide;
use glossary_lsp::Format;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use tower_lsp::lsp_types::*;

/// `textDocument/codeAction`.
pub fn code_actions(backend: &Backend, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri.clone();
    let enc = backend.enc();
    // A reversed range is read as the same span the right way round.
    let (start, end) = if params.range.end < params.range.start {
        (params.range.end, params.range.start)
    } else {
        (params.range.start, params.range.end)
    };
    let (engine, generation) = backend.engine_for(&uri);
    let docs = backend.docs();
    let doc = docs.get(&uri)?;
    let mut diags: Vec<Diagnostic> = params
        .context
        .diagnostics
        .iter()
        // A diagnostic whose range is reversed is none of ours (ours are never): no action.
        .filter(|d| d.source.as_deref() == Some(SOURCE) && d.range.start <= d.range.end)
        .cloned()
        .collect();
    if diags.is_empty() {
        if let (Some(c), Some(a), Some(b)) = (
            doc.current(generation),
            doc.offset(start, enc),
            doc.offset(end, enc),
        ) {
            diags = analysis::diagnostics_in(c, a..b, enc).collect();
        }
    }
    let mut actions = Vec::new();
    let edit_of = |range: Range, text: String| WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            vec![TextEdit::new(range, text)],
        )])),
        ..Default::default()
    };
    let mut disabled_lines = HashSet::new();
    for d in &diags {
        let data = d.data.clone().unwrap_or(Value::Null);
        let rule = data["rule"]
            .as_str()
            .map(str::to_string)
            .or_else(|| match &d.code {
                Some(NumberOrString::String(s)) => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_default();
        // A diagnostic from an older text must not edit the new one.
        let (Some(a), Some(b)) = (doc.offset(d.range.start, enc), doc.offset(d.range.end, enc))
        else {
            continue;
        };
        let fresh = data["text"].as_str().is_none_or(|t| t == doc.slice(a..b));
        if fresh {
            if let Some(suggestions) = data["suggestions"].as_array() {
                for (i, s) in suggestions.iter().filter_map(Value::as_str).enumerate() {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Replace with \u{201c}{s}\u{201d}"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: Some(edit_of(d.range, s.to_string())),
                        is_preferred: Some(i == 0),
                        ..Default::default()
                    }));
                }
            }
        }
        if doc.format == Format::Markdown
            && !rule.is_empty()
            && disabled_lines.insert((d.range.start.line, rule.clone()))
        {
            // The comment goes at the end of the line, where it cuts no table, list or
            // paragraph; a line with no such place gets no action.
            let terms: Vec<std::ops::Range<usize>> = doc
                .current(generation)
                .map(|c| c.analysis.matches.iter().map(|m| m.range.clone()).collect())
                .unwrap_or_default();
            let text = doc.slice(0..doc.rope.len_bytes());
            let edit = ide::disable_line_edit(&text, a..b, &rule, &terms);
            if let Some(edit) = edit {
                let at = doc.range(edit.range, enc).start;
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Disable {rule} on this line"),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(edit_of(Range::new(at, at), edit.text)),
                    ..Default::default()
                }));
            }
        }
        // A term inside a capitalised name: offer the name as an exception.
        if fresh {
            if let Some(name) = proper_name_around(doc, a..b) {
                actions.push(exception_action(&uri, &name, Some(d.clone())));
            }
        }
    }
    // An unknown acronym under the cursor: offer to define it.
    if let Some(off) = doc.offset(start, enc) {
        let (base, chunk) = chunk_around(doc, off);
        let w = ide::word_at(&chunk, off - base);
        let word = &chunk[w.clone()];
        if ide::looks_like_acronym(word)
            && engine.glossary().find_form(word).is_none()
            && is_prose(doc, &chunk, base, w.start)
        {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Define \u{201c}{word}\u{201d} in the workspace glossary"),
                kind: Some(CodeActionKind::QUICKFIX),
                command: Some(Command {
                    title: format!("Define {word}"),
                    command: "glossary-lsp.addTerm".into(),
                    arguments: Some(vec![json!({ "term": word, "uri": uri })]),
                }),
                ..Default::default()
            }));
        }
    }
    // A selection: offer it as an exception phrase.
    if start != end {
        if let (Some(a), Some(b)) = (doc.offset(start, enc), doc.offset(end, enc)) {
            let phrase = doc
                .slice(a..b)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !phrase.is_empty() && phrase.len() <= 200 {
                actions.push(exception_action(&uri, &phrase, None));
            }
        }
    }
    Some(actions)
}

/// The action that adds `phrase` to the exceptions of the team glossary of `uri`'s
/// configuration.
fn exception_action(
    uri: &Url,
    phrase: &str,
    diagnostic: Option<Diagnostic>,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Add \u{201c}{phrase}\u{201d} to the glossary exceptions"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: diagnostic.map(|d| vec![d]),
        command: Some(Command {
            title: "Add exception".into(),
            command: "glossary-lsp.addException".into(),
            arguments: Some(vec![json!({ "phrase": phrase, "uri": uri })]),
        }),
        ..Default::default()
    })
}

/// The capitalised name a term sits in ("Contoso Reseller Program"), when it has capitalised
/// neighbours on its line.
fn proper_name_around(doc: &Document, range: std::ops::Range<usize>) -> Option<String> {
    let (base, chunk) = chunk_around(doc, range.start);
    let (s, e) = (range.start - base, (range.end - base).min(chunk.len()));
    let line_start = chunk[..s].rfind('\n').map_or(0, |i| i + 1);
    let line_end = chunk[e..].find(['\n', '\r']).map_or(chunk.len(), |i| e + i);
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let name_word = |w: &&&str| {
        cap(w)
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '&')
    };
    let before: Vec<&str> = chunk[line_start..s].split(' ').collect();
    let after: Vec<&str> = chunk[e..line_end].split(' ').collect();
    // Words directly before (the last element is "" when a space precedes the term).
    let mut words: Vec<&str> = Vec::new();
    if before.last() == Some(&"") {
        words = before[..before.len() - 1]
            .iter()
            .rev()
            .take_while(&name_word)
            .copied()
            .collect();
        words.reverse();
    }
    words.push(&chunk[s..e]);
    if after.first() == Some(&"") {
        words.extend(after[1..].iter().take_while(&name_word).copied());
    }
    (words.len() > 1 && cap(&chunk[s..e])).then(|| words.join(" "))
}
