//! `acronym-before-definition` and `ambiguous-acronym`: document-level rules about acronyms.
//!
//! Reading the matches in document order, an acronym form of an entry is *defined* once any
//! non-acronym form of the same entry has appeared ("managed service provider (MSP)", or just
//! "managed service provider"), or when the acronym is immediately followed by its expansion in
//! parentheses ("MSP (managed service provider)"). The first use of an undefined acronym is
//! flagged, once per entry:
//! - if the acronym is ambiguous (the form lists other meanings) and the document never expands
//!   it at all: `ambiguous-acronym` — the reader cannot know which meaning is meant;
//! - otherwise: `acronym-before-definition`, with the safe fix "managed service provider (MSP)".
//!
//! When the document expands an ambiguous acronym to one of its *other* meanings ("product-led
//! growth (PLG)"), the acronym is not this glossary's term there and nothing is flagged.

use super::replace::Shape;
use super::{Context, Finding, Rule};

pub(crate) fn check(ctx: &Context, text: &str, out: &mut Vec<Finding>) {
    let terms = &ctx.matches.terms;
    let hay = ctx.folded.as_str();
    let mut defined = vec![false; ctx.glossary.entries().len()];
    let mut reported = vec![false; ctx.glossary.entries().len()];
    for (i, m) in terms.iter().enumerate() {
        let entry = ctx.glossary.entry(m.entry);
        let form = &entry.forms[m.form];
        if !form.acronym {
            defined[m.entry] = true;
            continue;
        }
        if defined[m.entry] || reported[m.entry] {
            continue;
        }
        reported[m.entry] = true;
        // "MSP (managed service provider)": the expansion right after, in parentheses.
        if let Some(next) = terms.get(i + 1) {
            if !entry.forms[next.form].acronym && super::is_definition_pair(ctx, m, next) {
                defined[m.entry] = true;
                continue;
            }
        }
        if !form.ambiguous.is_empty()
            && ctx
                .matches
                .other_meanings
                .iter()
                .any(|(e, _)| *e == m.entry)
        {
            continue; // the document means something else by it
        }
        let expanded_later = terms[i..]
            .iter()
            .any(|t| t.entry == m.entry && !ctx.glossary.entry(t.entry).forms[t.form].acronym);
        let written = &text[m.range.clone()];
        let shape = Shape::of(m, written, hay);
        let expansion = form
            .expansion
            .clone()
            .unwrap_or_else(|| entry.preferred().text.clone());
        let expansion_plural = if shape.plural() {
            crate::glossary::derive_plural(&expansion)
        } else {
            expansion.clone()
        };
        // "MSP's" has no good expansion in place ("managed service provider's (MSP's)"): no fix.
        let suggestion = (!shape.possessive())
            .then(|| format!("{} ({written})", shape.apply_text(&expansion_plural, false)));
        let full = format!("{expansion} ({})", form.text);
        let (rule, message, safe) = if !form.ambiguous.is_empty() && !expanded_later {
            let meanings: Vec<String> = std::iter::once(expansion.clone())
                .chain(form.ambiguous.iter().cloned())
                .map(|m| format!("\u{201c}{m}\u{201d}"))
                .collect();
            (
                Rule::AmbiguousAcronym,
                format!(
                    "\u{201c}{}\u{201d} is ambiguous ({}) and this document never spells it out; write \u{201c}{full}\u{201d} at its first use. Glossary: \u{201c}{}\u{201d}",
                    form.text,
                    meanings.join(" or "),
                    entry.gist()
                ),
                false,
            )
        } else {
            (
                Rule::AcronymBeforeDefinition,
                format!(
                    "\u{201c}{}\u{201d} is used before it is defined; write \u{201c}{full}\u{201d} at its first use. Glossary: \u{201c}{}\u{201d}",
                    form.text,
                    entry.gist()
                ),
                true,
            )
        };
        out.push(Finding {
            rule,
            severity: rule.default_severity(),
            range: m.range.clone(),
            message,
            entry: m.entry,
            fix_is_safe: safe && suggestion.is_some(),
            suggestions: suggestion.into_iter().collect(),
        });
    }
}
