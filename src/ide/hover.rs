//! What the editor shows about a term where it stands: the hover card (definition, discouraged
//! form, confusables, related terms), the shorter card of a flagged term (the finding and its
//! fix first, where the eye lands, and the definition after), and the expansions of acronyms a
//! document never spells out (inlay hints). All read the glossary and a document's matches;
//! none re-analyses.

use crate::glossary::{EntryId, FormStatus, Glossary};
use crate::matcher::TermMatch;
use crate::rules::{Finding, Rule};

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

/// The hover text of a flagged term, in Markdown: each finding on it (its message's first
/// sentence: editors show the whole message beside the hover) with its fix first, then the
/// finding's evidence (its [`note`](Finding::note), without the definition the card below
/// shows), then the entry's name and the first sentence of its definition; the terms it is
/// often confused with only when a finding is about them (`context-misuse`), and then only
/// those the finding suggests. Short, so that the editor's "Quick Fix" link stays in view.
///
/// ```
/// use glossary_lsp::{glossary::{load, GlossarySource}, ide, Engine, Format};
/// let g = load(&[GlossarySource::Builtin]).unwrap();
/// let engine = Engine::new(g, Default::default());
/// let text = "We work with a Value Added Reseller.";
/// let a = engine.analyze(text, Format::PlainText);
/// let f = &a.findings[0];
/// let m = a.matches.iter().find(|m| m.range == f.range).unwrap();
/// let md = ide::hover_with_findings(engine.glossary(), m, &[f]);
/// assert!(md.starts_with("**"));
/// let fix = md.find("Fix: replace with").unwrap();
/// let evidence = md.find("as a discouraged variant").unwrap();
/// let card = md.find("*Partner Types*").unwrap();
/// assert!(fix < evidence && evidence < card);
/// // The definition is shown once, in the card.
/// assert_eq!(md.matches("buys products from a manufacturer").count(), 1);
/// ```
pub fn hover_with_findings(
    glossary: &Glossary,
    written: &TermMatch,
    findings: &[&Finding],
) -> String {
    let e = glossary.entry(written.entry);
    let about_confusables: Vec<&Finding> = findings
        .iter()
        .copied()
        .filter(|f| f.rule == Rule::ContextMisuse)
        .collect();
    let shown_confusables = confusables_suggested(glossary, written.entry, &about_confusables);
    // Definitions the card shows (in part, or by its difference): a note need not quote them.
    let shown: Vec<&str> = std::iter::once(e.definition.as_str())
        .chain(
            shown_confusables
                .iter()
                .map(|(o, _)| glossary.entry(*o).definition.as_str()),
        )
        .collect();
    let mut md = String::new();
    for f in findings {
        // The first sentence: editors show the whole message next to the hover already.
        md.push_str(&format!(
            "**{}** `{}`\n\n",
            first_sentence(f.message.trim()),
            f.rule.code()
        ));
        match f.suggestions.as_slice() {
            [] => {}
            [one] => md.push_str(&format!("Fix: replace with \u{201c}{one}\u{201d}.\n\n")),
            many => {
                let quoted: Vec<String> = many
                    .iter()
                    .map(|s| format!("\u{201c}{s}\u{201d}"))
                    .collect();
                md.push_str(&format!("Fix: replace with {}.\n\n", quoted.join(" or ")));
            }
        }
        let evidence = evidence(&f.note, &shown);
        if !evidence.is_empty() {
            md.push_str(evidence);
            md.push_str("\n\n");
        }
    }
    md.push_str("---\n\n");
    md.push_str(&format!(
        "**{}** \u{b7} *{}*: {}\n",
        e.display_name(),
        e.category,
        first_sentence(e.definition.trim())
    ));
    if !shown_confusables.is_empty() {
        md.push_str("\n**Not to be confused with**\n\n");
        for (o, difference) in shown_confusables {
            md.push_str(&format!(
                "- **{}**: {}\n",
                glossary.entry(o).display_name(),
                difference.trim()
            ));
        }
    }
    md
}

/// The confusables of `entry` that `findings` (`context-misuse` ones) suggest instead, with
/// the difference the glossary states.
fn confusables_suggested<'g>(
    glossary: &'g Glossary,
    entry: EntryId,
    findings: &[&Finding],
) -> Vec<(EntryId, &'g str)> {
    let suggested = |other: EntryId| {
        let o = glossary.entry(other);
        findings.iter().any(|f| {
            f.suggestions.iter().any(|s| {
                o.forms.iter().any(|form| {
                    form.text.eq_ignore_ascii_case(s)
                        || s.to_lowercase().contains(&form.text.to_lowercase())
                })
            })
        })
    };
    glossary
        .entry(entry)
        .confusables
        .iter()
        .filter_map(|c| glossary.by_id(&c.with).map(|o| (o, c.difference.as_str())))
        .filter(|(o, _)| suggested(*o))
        .collect()
}

/// A finding's note without the closing `Glossary: “…”` quote when it quotes one of the
/// definitions in `shown` (the hover's card shows those): the evidence alone.
fn evidence<'a>(note: &'a str, shown: &[&str]) -> &'a str {
    let note = note.trim();
    for definition in shown {
        let quote = format!("Glossary: \u{201c}{}\u{201d}", definition.trim());
        if let Some(rest) = note.strip_suffix(quote.as_str()) {
            return rest.trim_end();
        }
    }
    note
}

/// The first sentence of a definition: up to the first `.`, `!` or `?` followed by a space
/// and a capital letter (so "e.g. resellers" does not end it), else the whole text.
fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') || bytes.get(i + 1) != Some(&b' ') {
            continue;
        }
        let before = &text[..i];
        let abbreviation = before.rsplit(' ').next().is_some_and(|w| {
            w.len() <= 3 && w.contains('.')
                || w.eq_ignore_ascii_case("e.g")
                || w.eq_ignore_ascii_case("i.e")
        });
        if !abbreviation && text[i + 2..].starts_with(|n: char| n.is_uppercase()) {
            return &text[..=i];
        }
    }
    text
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

#[cfg(test)]
mod tests {
    use super::first_sentence;
    use crate::glossary::{load, GlossarySource};
    use crate::{Engine, Format};

    /// The hover on the first finding of `text`.
    fn hover_on_finding(text: &str) -> String {
        let engine = Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            Default::default(),
        );
        let a = engine.analyze(text, Format::PlainText);
        let f = &a.findings[0];
        let m = a
            .matches
            .iter()
            .find(|m| m.range.start <= f.range.start && f.range.end <= m.range.end)
            .unwrap();
        super::hover_with_findings(engine.glossary(), m, &[f])
    }

    /// `needles` appear in `md` in this order.
    #[track_caller]
    fn in_order(md: &str, needles: &[&str]) {
        let mut at = 0;
        for n in needles {
            let i = md[at..]
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} missing after byte {at}:\n{md}"));
            at += i + n.len();
        }
    }

    #[test]
    fn the_finding_its_fix_its_evidence_then_the_card() {
        // A cue finding: the evidence names the cues; the other term's definition is not
        // quoted again, its difference is listed as the confusable the finding is about.
        let md = hover_on_finding(
            "Our B2B affiliate partners buy licenses at a 30% discount and resell them to their own customers at list price.",
        );
        in_order(&md, &[
            "**Discount, resell and list price describe a reseller: use “resellers”?** `context-misuse`",
            "Fix: replace with “resellers”.",
            "This sentence mentions “discount”, “resell” and “list price”: cues of reseller, not of “B2B affiliate partners”.",
            "---",
            "**B2B affiliate partner** · *Partner Types*: A B2B affiliate partner is",
            "**Not to be confused with**",
            "- **reseller**: A reseller buys the product",
        ]);
        assert!(!md.contains("Glossary:"), "{md}");
        assert!(
            !md.contains("referral partner"),
            "only the confusable the finding is about:\n{md}"
        );
        // An ambiguous acronym: the other meanings are the evidence; no confusables.
        let md = hover_on_finding("Our PLG motion depends on a handful of resellers.");
        in_order(
            &md,
            &[
                "**Spell out PLG at first use:",
                "Fix: replace with “partner-led growth (PLG)”.",
                "PLG can also mean “product-led growth”, and this document never spells it out.",
                "---",
                "**partner-led growth (PLG)**",
            ],
        );
        assert!(
            !md.contains("Glossary:") && !md.contains("confused"),
            "{md}"
        );
        // Mixed spellings: the other form the document uses; the definition once, in the card.
        let md = hover_on_finding(
            "Every value added reseller in the program must certify two engineers. Value-added resellers earn a margin.",
        );
        in_order(
            &md,
            &[
                "**Use “value-added reseller”, not “value added reseller”.**",
                "Fix: replace with “value-added reseller”.",
                "elsewhere this document writes “Value-added resellers”.",
                "---",
                "**value-added reseller (VAR)**",
            ],
        );
        assert!(!md.contains("Glossary:"), "{md}");
    }

    #[test]
    fn first_sentence_stops_at_a_sentence_end_only() {
        assert_eq!(
            first_sentence("Use “VAR”. Glossary: “A value-added reseller”"),
            "Use “VAR”."
        );
        assert_eq!(
            first_sentence("Resellers, e.g. Contoso, buy. Then they sell."),
            "Resellers, e.g. Contoso, buy."
        );
        assert_eq!(first_sentence("No end here"), "No end here");
        assert_eq!(
            first_sentence("Ends. lower case goes on"),
            "Ends. lower case goes on"
        );
        assert_eq!(first_sentence("Ends with a dot."), "Ends with a dot.");
    }
}
