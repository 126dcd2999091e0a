//! Completion candidates from the glossary: every usable form of the entries whose forms start
//! with the typed prefix, capitalised at a sentence start, plus the expanded first use
//! ("value-added reseller (VAR)") while the document has not used the entry yet.

use super::window::floor_boundary;
use crate::glossary::{EntryId, FormStatus, Glossary};
use crate::text::is_sentence_start;

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the list shows and what is inserted.
    pub label: String,
    /// Text the client filters on (the form that matched the prefix).
    pub filter: String,
    /// The entry's category.
    pub detail: String,
    /// The definition, Markdown.
    pub documentation: String,
    /// The entry.
    pub entry: EntryId,
    /// Whether this is the expanded first use, "value-added reseller (VAR)".
    pub expanded: bool,
    /// Sort key: prefix matches of the preferred form first.
    pub sort: String,
}

/// Completion candidates for a typed `prefix` (case-insensitive; empty offers everything).
/// `sentence_start` capitalises full forms; `first_use(entry)` says whether the entry has not
/// been used yet before the cursor, which adds the expanded "value-added reseller (VAR)".
///
/// ```
/// use glossary_lsp::{glossary::{load, GlossarySource}, ide};
/// let g = load(&[GlossarySource::Builtin]).unwrap();
/// let labels: Vec<String> = ide::completions(&g, "val", false, |_| true).into_iter().map(|c| c.label).collect();
/// assert!(labels.contains(&"value-added reseller".to_string()));
/// assert!(labels.contains(&"VAR".to_string()));
/// assert!(labels.contains(&"value-added reseller (VAR)".to_string()));
/// ```
pub fn completions(
    glossary: &Glossary,
    prefix: &str,
    sentence_start: bool,
    first_use: impl Fn(EntryId) -> bool,
) -> Vec<Candidate> {
    let lower = prefix.to_lowercase();
    let mut out = Vec::new();
    for (id, e) in glossary.entries().iter().enumerate() {
        let usable = || {
            e.forms
                .iter()
                .filter(|f| f.status != FormStatus::Deprecated)
        };
        let Some(matched) = usable().find(|f| f.text.to_lowercase().starts_with(&lower)) else {
            continue;
        };
        let filter = if matched.acronym || !sentence_start {
            matched.text.clone()
        } else {
            capitalise(&matched.text)
        };
        let documentation = format!(
            "**{}** \u{b7} *{}*\n\n{}",
            e.display_name(),
            e.category,
            e.definition.trim()
        );
        let shape = |text: &str, acronym: bool| {
            if sentence_start && !acronym {
                capitalise(text)
            } else {
                text.to_string()
            }
        };
        for (rank, f) in usable().enumerate() {
            out.push(Candidate {
                label: shape(&f.text, f.acronym),
                filter: filter.clone(),
                detail: e.category.clone(),
                documentation: documentation.clone(),
                entry: id,
                expanded: false,
                sort: format!("{}{rank:02}{}", u8::from(f.text != matched.text), f.text),
            });
        }
        if let Some(a) = e.acronym() {
            if !e.preferred().acronym && first_use(id) {
                let expansion = a.expansion.clone().unwrap_or(e.preferred().text.clone());
                out.push(Candidate {
                    label: format!("{} ({})", shape(&expansion, false), a.text),
                    filter: filter.clone(),
                    detail: format!("{} \u{b7} first use", e.category),
                    documentation,
                    entry: id,
                    expanded: true,
                    sort: format!("0{:02}{}", 0, e.preferred().text),
                });
            }
        }
    }
    out.sort_by(|a, b| a.sort.cmp(&b.sort).then(a.label.cmp(&b.label)));
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether byte `at` of `text` starts a sentence (looking at the text before it).
pub fn sentence_start_at(text: &str, at: usize) -> bool {
    let at = floor_boundary(text, at.min(text.len()));
    // Only the current line matters, and only its last few hundred bytes.
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let from = floor_boundary(text, at.saturating_sub(400).max(line_start));
    let before = &text[from..at];
    if before.trim().is_empty() {
        // A line start: a new sentence unless the line before continues a paragraph mid-sentence.
        let prev_text = &text[..line_start];
        let prev_text = prev_text
            .strip_suffix("\r\n")
            .or_else(|| prev_text.strip_suffix('\n'))
            .or_else(|| prev_text.strip_suffix('\r'))
            .unwrap_or(prev_text);
        let prev_line = &prev_text[prev_text.rfind(['\n', '\r']).map_or(0, |i| i + 1)..];
        if prev_line.trim().is_empty() {
            return true; // a new paragraph
        }
        let prev = prev_text.trim_end();
        return prev.is_empty()
            || prev.ends_with(['.', '!', '?', ':'])
            || prev.lines().next_back().is_some_and(|l| {
                let l = l.trim_start();
                l.starts_with('#')
            });
    }
    let trimmed = before.trim_start_matches(['#', '>', ' ', '\t']);
    let list_marker = trimmed
        .strip_prefix(['-', '*', '+'])
        .is_some_and(|r| r.trim().is_empty());
    list_marker || is_sentence_start(before, before.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{load, GlossarySource};

    #[test]
    fn completion_shapes() {
        let g = load(&[GlossarySource::Builtin]).unwrap();
        let c = completions(&g, "VA", true, |_| false);
        let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&"Value-added reseller"), "{labels:?}");
        assert!(labels.contains(&"VAR"), "{labels:?}");
        assert!(!labels.iter().any(|l| l.contains("(VAR)")));
        assert!(sentence_start_at("Done. va", 6));
        assert!(!sentence_start_at("Our va", 4));
        assert!(sentence_start_at("- va", 2));
        assert!(sentence_start_at("x.\nva", 3));
        assert!(sentence_start_at("Our va\n\nVA", 8));
        assert!(!sentence_start_at("Our\nva", 4));
    }
}
