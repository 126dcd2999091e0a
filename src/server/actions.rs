//! Code actions: quick fixes (replace a flagged form with a suggestion, disable the rule on
//! the line (Markdown), add the capitalised name around a term or the selection to the team
//! glossary's exceptions, define an unknown acronym under the cursor) and one source action,
//! "fix all safe findings" ([`FIX_ALL`], also offered as `source.fixAll` so that an editor's
//! fix-on-save runs it). Exceptions and acronym definitions are commands (see `commands`)
//! because they edit other files.
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

/// The code action kind of "fix all safe findings in this document".
pub const FIX_ALL: &str = "source.fixAll.glossary-lsp";

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
    if wants_only_fix_all(params.context.only.as_deref()) {
        return Some(
            fix_all_action(&uri, doc, generation, enc)
                .into_iter()
                .collect(),
        );
    }
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
            let style = analysis::DiagnosticStyle::plain(enc);
            diags = analysis::diagnostics_in(c, a..b, &style).collect();
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
    if params.context.only.is_none() {
        actions.extend(fix_all_action(&uri, doc, generation, enc));
    }
    Some(actions)
}

/// Whether the client asked only for source actions that fix everything (`source`,
/// `source.fixAll`, or ours), as on save.
fn wants_only_fix_all(only: Option<&[CodeActionKind]>) -> bool {
    only.is_some_and(|kinds| {
        !kinds.is_empty()
            && kinds.iter().all(|k| {
                let k = k.as_str();
                k == "source" || k == "source.fixAll" || k == FIX_ALL
            })
    })
}

/// "Fix all safe findings in this document": the first suggestion of every finding whose fix
/// is safe, non-overlapping, in one edit. Only from the analysis of the current text (an older
/// one would edit text that moved); `None` when it is not ready or nothing is safe to fix.
fn fix_all_action(
    uri: &Url,
    doc: &Document,
    generation: u64,
    enc: glossary_lsp::position::Encoding,
) -> Option<CodeActionOrCommand> {
    let cached = doc.current(generation)?;
    let mut safe: Vec<(&std::ops::Range<usize>, &str)> = cached
        .analysis
        .findings
        .iter()
        .filter(|f| f.fix_is_safe)
        .filter_map(|f| f.suggestions.first().map(|s| (&f.range, s.as_str())))
        .collect();
    safe.sort_by_key(|(r, _)| (r.start, r.end));
    let mut edits = Vec::new();
    let mut end = 0;
    for (range, replacement) in safe {
        if range.start < end || doc.slice(range.clone()) == replacement {
            continue;
        }
        end = range.end;
        edits.push(TextEdit::new(
            doc.range(range.clone(), enc),
            replacement.into(),
        ));
    }
    if edits.is_empty() {
        return None;
    }
    let n = edits.len();
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: format!(
            "Fix all safe findings in this document ({n} fix{})",
            if n == 1 { "" } else { "es" }
        ),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        ..Default::default()
    }))
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
        let kept = before[..before.len() - 1]
            .iter()
            .rev()
            .take_while(&name_word)
            .count();
        let first = before.len() - 1 - kept;
        words = before[first..before.len() - 1].to_vec();
        // "Our MSP Program": a sentence's first word is capitalised for the sentence, not for
        // the name, when it is a word that begins sentences (a determiner, a pronoun…).
        let sentence_start = before[..first]
            .iter()
            .rev()
            .find(|w| !w.is_empty())
            .is_none_or(|w| ends_sentence(w));
        if sentence_start && words.first().is_some_and(|w| is_function_word(w)) {
            words.remove(0);
        }
    }
    words.push(&chunk[s..e]);
    if after.first() == Some(&"") {
        words.extend(after[1..].iter().take_while(&name_word).copied());
    }
    (words.len() > 1 && cap(&chunk[s..e])).then(|| words.join(" "))
}

/// Whether `word` (the word before a name) ends a sentence, or is Markdown block syntax that
/// starts a line of prose (`#`, `-`, `*`, `>`, `1.`).
fn ends_sentence(word: &str) -> bool {
    word.ends_with(['.', '!', '?', ':'])
        || word
            .chars()
            .all(|c| matches!(c, '#' | '-' | '*' | '+' | '>'))
        || word
            .trim_end_matches(['.', ')'])
            .chars()
            .all(|c| c.is_ascii_digit())
}

/// English words that open sentences without being part of a name: determiners, pronouns,
/// prepositions and conjunctions (compared case-insensitively).
fn is_function_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "after", "all", "an", "and", "any", "as", "at", "before", "both", "but", "by", "each",
        "every", "for", "from", "he", "her", "his", "how", "i", "if", "in", "it", "its", "many",
        "most", "my", "no", "of", "on", "once", "one", "or", "our", "she", "since", "so", "some",
        "such", "that", "the", "their", "these", "they", "this", "those", "to", "under", "unless",
        "until", "we", "what", "when", "where", "which", "while", "who", "why", "with", "you",
        "your",
    ];
    let lower = word.to_lowercase();
    WORDS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name offered for the term `term` in `text` (a Markdown document).
    fn name_for(text: &str, term: &str) -> Option<String> {
        let doc = Document::new(text, 1, "markdown".into(), Format::Markdown);
        let start = text.find(term).unwrap();
        proper_name_around(&doc, start..start + term.len())
    }

    #[test]
    fn a_sentence_first_function_word_is_no_part_of_the_name() {
        assert_eq!(
            name_for("Our Contoso Reseller Program starts.", "Reseller").as_deref(),
            Some("Contoso Reseller Program")
        );
        assert_eq!(
            name_for("It grew. The Acme VAR Program pays.", "VAR").as_deref(),
            Some("Acme VAR Program")
        );
        assert_eq!(
            name_for("- Our Acme VAR Program pays.", "VAR").as_deref(),
            Some("Acme VAR Program")
        );
        // Not a function word: part of the name.
        assert_eq!(
            name_for("Contoso Reseller Program starts.", "Reseller").as_deref(),
            Some("Contoso Reseller Program")
        );
        // Mid-sentence, a capitalised "Our" would be part of it (a title).
        assert_eq!(
            name_for("We joined Our Partner Program today.", "Partner").as_deref(),
            Some("Our Partner Program")
        );
        // Nothing left but the term: no name.
        assert_eq!(name_for("Our MSP team helps.", "MSP"), None);
        assert_eq!(
            name_for(
                "This Value Added Reseller program grows.",
                "Value Added Reseller"
            ),
            None
        );
    }
}
