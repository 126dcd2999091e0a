//! The term report of a document (`glossary-lsp.termReport`): which entries it uses, in which
//! written forms and how often, and every finding with its position, as JSON for an editor
//! extension to render.

use crate::glossary::{EntryId, Glossary};
use crate::position::{Encoding, LineIndex};
use crate::Analysis;

/// The term report of a document: each entry used, with counts per written form, and every
/// finding with its position (0-based line and column in `encoding` units).
pub fn term_report(
    glossary: &Glossary,
    text: &str,
    analysis: &Analysis,
    encoding: Encoding,
) -> serde_json::Value {
    use serde_json::json;
    use std::collections::BTreeMap;
    let lines = LineIndex::new(text);
    let mut by_entry: BTreeMap<EntryId, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for m in &analysis.matches {
        let slot = by_entry.entry(m.entry).or_default();
        slot.0 += 1;
        *slot.1.entry(text[m.range.clone()].to_string()).or_default() += 1;
    }
    let mut terms: Vec<_> = by_entry
        .into_iter()
        .map(|(id, (count, forms))| {
            let e = glossary.entry(id);
            json!({
                "id": e.id,
                "name": e.display_name(),
                "category": e.category,
                "count": count,
                "forms": forms,
            })
        })
        .collect();
    terms.sort_by(|a, b| b["count"].as_u64().cmp(&a["count"].as_u64()));
    let findings: Vec<_> = analysis
        .findings
        .iter()
        .map(|f| {
            let (line, character) = lines.position(text, f.range.start, encoding);
            let (end_line, end_character) = lines.position(text, f.range.end, encoding);
            json!({
                "rule": f.rule.code(),
                "severity": f.severity.as_str(),
                "message": f.message,
                "line": line,
                "character": character,
                "endLine": end_line,
                "endCharacter": end_character,
                "text": &text[f.range.clone()],
                "term": glossary.entry(f.entry).id,
                "suggestions": f.suggestions,
            })
        })
        .collect();
    json!({ "terms": terms, "findings": findings })
}
