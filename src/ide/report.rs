//! The term report of a document (`glossary-lsp.termReport`): which entries it uses, in which
//! written forms and how often, and every finding with its position, as JSON, and the same
//! rendered as Markdown for any editor to show, each finding's position a link to its place.

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

/// The term report (as made by [`term_report`]) as Markdown titled `title`: a table of the terms
/// used, then the findings in document order, each with a link to its place
/// (`uri#L<line>,<column>`, 1-based: the line fragment VS Code and GitHub understand).
///
/// ```
/// use glossary_lsp::{glossary::{load, GlossarySource}, ide, position::Encoding, Engine, Format};
/// let engine = Engine::new(load(&[GlossarySource::Builtin]).unwrap(), Default::default());
/// let text = "Our VAR network.\nA Value Added Reseller.\n";
/// let a = engine.analyze(text, Format::Markdown);
/// let report = ide::term_report(engine.glossary(), text, &a, Encoding::Utf16);
/// let md = ide::term_report_markdown(&report, "Term report: a.md", "file:///d/a.md");
/// assert!(md.starts_with("# Term report: a.md\n"));
/// assert!(md.contains("](file:///d/a.md#L2,3)"));
/// ```
pub fn term_report_markdown(report: &serde_json::Value, title: &str, uri: &str) -> String {
    let empty = Vec::new();
    let terms = report["terms"].as_array().unwrap_or(&empty);
    let findings = report["findings"].as_array().unwrap_or(&empty);
    let str_of = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let mut out = format!("# {}\n\n", cell(title));
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    out.push_str(&format!(
        "{} used, {}.\n\n",
        plural(terms.len(), "glossary term", "glossary terms"),
        plural(findings.len(), "finding", "findings")
    ));
    if !terms.is_empty() {
        out.push_str("## Terms\n\n| Term | Category | Uses | As written |\n|---|---|--:|---|\n");
        for t in terms {
            let forms: Vec<String> = t["forms"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(form, n)| format!("\u{201c}{}\u{201d} \u{d7}{}", cell(form), n))
                        .collect()
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                cell(&str_of(&t["name"])),
                cell(&str_of(&t["category"])),
                t["count"].as_u64().unwrap_or(0),
                forms.join(", ")
            ));
        }
        out.push('\n');
    }
    if !findings.is_empty() {
        out.push_str("## Findings\n\n");
        for f in findings {
            let line = f["line"].as_u64().unwrap_or(0) + 1;
            let column = f["character"].as_u64().unwrap_or(0) + 1;
            let fix = match f["suggestions"].as_array().and_then(|s| s.first()) {
                Some(s) => format!(" Fix: \u{201c}{}\u{201d}.", cell(s.as_str().unwrap_or(""))),
                None => String::new(),
            };
            out.push_str(&format!(
                "- [Line {line}, column {column}]({uri}#L{line},{column}) \u{201c}{}\u{201d}: {} ({}, `{}`){fix}\n",
                cell(&str_of(&f["text"])),
                cell(&str_of(&f["message"])),
                str_of(&f["severity"]),
                str_of(&f["rule"]),
            ));
        }
    }
    out
}

/// Text for a table cell or a list item: no line breaks, `|` escaped.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}
