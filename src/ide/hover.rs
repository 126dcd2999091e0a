//! What the editor shows about a term where it stands: the hover card (definition, discouraged
//! form, confusables, related terms) and the expansions of acronyms a document never spells out
//! (inlay hints). Both read the glossary and a document's matches; neither re-analyses.

use crate::glossary::{EntryId, FormStatus, Glossary};
use crate::matcher::TermMatch;

/// The hover text of an entry, in Markdown: the name (preferred form and acronym), category,
/// the definition verbatim, the terms it is often confused with (one line each) and related
/// terms. `written` is the form as it appears in the document, when it is a discouraged one.
///
/// ```
/// use glossary_lsp::{glossary::{load, GlossarySource}, ide};
/// let g = load(&[GlossarySource::Builtin]).unwrap();
/// let var = g.by_id("value-added-reseller").unwrap();
/// let md = ide::hover_markdown(&g, var, None);
/// assert!(md.starts_with("**value-added reseller (VAR)**"));
/// assert!(md.contains(&g.entry(var).definition));
/// ```
pub fn hover_markdown(glossary: &Glossary, id: EntryId, written: Option<&TermMatch>) -> String {
    let e = glossary.entry(id);
    let mut md = format!("**{}** \u{b7} *{}*\n\n", e.display_name(), e.category);
    if let Some(m) = written {
        let f = &e.forms[m.form];
        if f.status == FormStatus::Deprecated {
            md.push_str(&format!(
                "\u{201c}{}\u{201d} is a discouraged form; prefer **{}**.\n\n",
                f.text,
                e.preferred().text
            ));
        }
    }
    md.push_str(e.definition.trim());
    md.push('\n');
    let confusables = glossary.confusables_of(id);
    if !confusables.is_empty() {
        md.push_str("\n**Often confused with**\n\n");
        for c in &e.confusables {
            let Some(other) = glossary.by_id(&c.with) else {
                continue;
            };
            md.push_str(&format!(
                "- **{}**: {}\n",
                glossary.entry(other).display_name(),
                c.difference.trim()
            ));
        }
    }
    let related: Vec<String> = e
        .related
        .iter()
        .filter_map(|r| glossary.by_id(r))
        .map(|r| glossary.entry(r).display_name())
        .collect();
    if !related.is_empty() {
        md.push_str(&format!("\n**Related:** {}\n", related.join(", ")));
    }
    md
}

/// Acronyms used in a document that it never expands: (byte offset just after the acronym,
/// its expansion), once per entry at the acronym's every use. For inlay hints.
pub fn unexpanded_acronyms(glossary: &Glossary, matches: &[TermMatch]) -> Vec<(usize, String)> {
    let mut expanded = vec![false; glossary.entries().len()];
    for m in matches {
        if !glossary.entry(m.entry).forms[m.form].acronym {
            expanded[m.entry] = true;
        }
    }
    matches
        .iter()
        .filter(|m| !expanded[m.entry])
        .filter_map(|m| {
            let e = glossary.entry(m.entry);
            let f = &e.forms[m.form];
            if !f.acronym || e.preferred().acronym {
                return None;
            }
            let expansion = f.expansion.clone().unwrap_or(e.preferred().text.clone());
            Some((m.range.end, expansion))
        })
        .collect()
}
