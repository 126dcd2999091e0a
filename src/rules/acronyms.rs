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
//! An acronym in a heading that the document expands further down is not judged there (a
//! heading names the topic; the body's first use is what must be expanded).
//!
//! When the document expands an ambiguous acronym to one of its *other* meanings ("product-led
//! growth (PLG)"), the acronym is not this glossary's term there and nothing is flagged.

use super::replace::Shape;
use super::{Context, Finding, Rule};
use crate::prose::BlockKind;

pub(crate) fn check(ctx: &Context, text: &str, out: &mut Vec<Finding>) {
    let terms = &ctx.matches.terms;
    let hay = ctx.folded.as_str();
    let mut defined = vec![false; ctx.glossary.entries().len()];
    let mut reported = vec![false; ctx.glossary.entries().len()];
    // An acronym the document spells out as something else ("value at risk (VAR)") is not this
    // glossary's term there.
    for (i, m) in terms.iter().enumerate() {
        let form = &ctx.glossary.entry(m.entry).forms[m.form];
        let ours = (i > 0 && super::is_definition_pair(ctx, &terms[i - 1], m))
            || terms
                .get(i + 1)
                .is_some_and(|n| super::is_definition_pair(ctx, m, n));
        if form.acronym
            && !ours
            && !reported[m.entry]
            && spelled_out_otherwise(hay, m.folded.clone(), &form.text)
        {
            reported[m.entry] = true;
        }
    }
    // Per entry, the last match of a full form (an expansion).
    let mut last_expansion: Vec<Option<usize>> = vec![None; ctx.glossary.entries().len()];
    for (i, m) in terms.iter().enumerate() {
        if !ctx.glossary.entry(m.entry).forms[m.form].acronym {
            last_expansion[m.entry] = Some(i);
        }
    }
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
        let expanded_later = last_expansion[m.entry].is_some_and(|last| last > i);
        // A heading names the topic ("## Co-selling with ISVs") and the body expands the
        // acronym further down: the body's first use is where it is judged.
        if m.block == BlockKind::Heading && expanded_later {
            continue;
        }
        reported[m.entry] = true;
        // "MSP (managed service provider)": the expansion right after, in parentheses.
        if let Some(next) = terms.get(i + 1) {
            if super::is_definition_pair(ctx, m, next) && !entry.forms[next.form].acronym {
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

/// Whether the acronym at `at` is introduced with an expansion whose initials spell it — "value at
/// risk (VAR)" or "VAR (value at risk)". The caller rules out the glossary's own pairs
/// ("managed service provider (MSP)").
fn spelled_out_otherwise(hay: &str, at: std::ops::Range<usize>, acronym: &str) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let initials_match = |phrase: &str| {
        let words: Vec<&str> = phrase
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| w.chars().next().is_some_and(char::is_alphabetic))
            .collect();
        // Allow small function words in the expansion ("value at risk", "Système International
        // d'unités"): the initials of the words, skipping ones that don't fit, must spell it.
        let mut want = letters.iter().peekable();
        let mut first = true;
        for w in &words {
            let c = w.chars().next().map(|c| c.to_ascii_lowercase());
            match want.peek() {
                Some(&&l) if Some(l) == c => {
                    want.next();
                }
                _ if first => return false,
                _ => {}
            }
            first = false;
        }
        want.peek().is_none() && words.len() <= letters.len() + 3
    };
    // "… value at risk (VAR)": the words before the opening parenthesis.
    if hay[..at.start].ends_with('(') && hay[at.end..].starts_with(')') {
        let before = &hay[..at.start - 1];
        let start = before
            .rfind(['(', ')', '.', ',', ';', ':', '\n', '\u{1f}'])
            .map_or(0, |i| i + 1);
        let words: Vec<&str> = before[start..].split_whitespace().collect();
        let take = letters.len().min(words.len());
        for n in take..=words.len().min(letters.len() + 3) {
            if initials_match(&words[words.len() - n..].join(" ")) {
                return true;
            }
        }
    }
    // "VAR (value at risk)": the parenthesis right after.
    if let Some(rest) = hay[at.end..].strip_prefix(" (") {
        if let Some(close) = rest.find(')') {
            return initials_match(&rest[..close]);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::spelled_out_otherwise;

    fn check(text: &str, acronym: &str) -> bool {
        let at = text.find(acronym).unwrap();
        let at = if text[at + acronym.len()..].starts_with(')')
            || text[at..].starts_with(&format!("{acronym} ("))
        {
            at
        } else {
            text.rfind(acronym).unwrap()
        };
        spelled_out_otherwise(text, at..at + acronym.len(), acronym)
    }

    #[test]
    fn other_expansions_are_recognised() {
        assert!(check("We report value at risk (VAR) daily.", "VAR"));
        assert!(check("Our VAR (value at risk) model.", "VAR"));
        assert!(check(
            "units of the Système International (SI) are used",
            "SI"
        ));
        assert!(!check("Our VAR tier is new.", "VAR"));
        assert!(!check("the partners (VAR) here", "VAR"));
    }
}
