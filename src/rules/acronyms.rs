//! `acronym-before-definition` and `ambiguous-acronym`: document-level rules about acronyms.
//!
//! Reading the matches in document order, an acronym form of an entry is *defined* once a
//! non-acronym form of the same entry that does not itself contain the acronym has appeared
//! ("managed service provider (MSP)", or just "managed service provider"; but not "ISV partner",
//! which is a *use* of ISV), or when the writer explains it in place: "MSP (managed service
//! provider)", "system builder (OEM)", "ISV - independent software vendor", or the expansion
//! later in the same sentence or table row.
//!
//! Only the writer's own running text counts as a use: an acronym in a heading, link text, a
//! label, a literal or a name ("ISV Connect", "Microsoft Azure OEM") is not judged (see
//! [`names`](super::names)); the first use in running text is. It is flagged once per entry:
//! - if the acronym is ambiguous (the form lists other meanings), the document never expands
//!   it, and its sentence shows the glossary's subject (another glossary term, or one of the
//!   entry's cues, in the same sentence): `ambiguous-acronym`. Without that evidence the
//!   acronym may mean anything ("SI units", "SI" for security incident) and is left alone.
//!   The finding suggests the expansion of the meaning the document shows
//!   ([`meanings`](super::meanings)): the glossary's, unless the document writes one of the
//!   other meanings ("product-led") and none of the entry's cues stands in the sentence; it
//!   is never a safe fix;
//! - otherwise: `acronym-before-definition`, with the fix "managed service provider (MSP)",
//!   marked safe only where pasting the expansion in gives correct text (see [`fix_is_safe`]).
//!
//! The document means something else by an acronym, and nothing is flagged, when it spells it
//! out as something else: "value at risk (VAR)"; one of the form's listed other meanings in
//! the same sentence ("product-led growth (PLG)", "PLG - Product Led Growth") or, when it can
//! be told from the glossary's by its words, anywhere before; or, unless the document shows
//! one of the listed other meanings, a capitalised phrase anywhere whose initials spell it and
//! which is not the glossary's term ("Security Incident" for SI).

use super::meanings::{self, Reading};
use super::names::{role_of, Role};
use super::replace::Shape;
use super::{Context, Finding, Related, Rule};
use crate::glossary::{Entry, Form};
use crate::matcher::TermMatch;
use crate::prose::BlockKind;
use crate::text::{is_word_char, sentence_bounds};
use std::ops::Range;

/// One use of an acronym: a match of an acronym form, or the acronym inside a longer form
/// ("ISV" in "ISV partners").
struct Use<'a> {
    /// The match it comes from.
    m: &'a TermMatch,
    /// Index of `m` in the matches.
    index: usize,
    /// The acronym form of the entry.
    form: &'a Form,
    /// Document and folded ranges of the acronym itself.
    range: Range<usize>,
    folded: Range<usize>,
    /// Whether it is the whole match (a match of the acronym form itself).
    whole: bool,
}

pub(crate) fn check(ctx: &Context, text: &str, out: &mut Vec<Finding>) {
    let terms = &ctx.matches.terms;
    let n = ctx.glossary.entries().len();
    let mut defined = vec![false; n];
    let mut done = vec![false; n];
    // Per entry, the last match of a full form (an expansion).
    let mut last_expansion: Vec<Option<usize>> = vec![None; n];
    for (i, m) in terms.iter().enumerate() {
        if ctx.glossary.spells_out_acronym(m.entry, m.form) {
            last_expansion[m.entry] = Some(i);
        }
    }
    for (i, m) in terms.iter().enumerate() {
        if ctx.glossary.spells_out_acronym(m.entry, m.form) {
            defined[m.entry] = true;
            continue;
        }
        if defined[m.entry] || done[m.entry] {
            continue;
        }
        let entry = ctx.glossary.entry(m.entry);
        let Some(u) = acronym_use(ctx, text, i, m, entry) else {
            continue;
        };
        if role_of(ctx, m, u.whole) != Role::Running {
            continue;
        }
        if explained_in_place(ctx, text, &u) {
            defined[m.entry] = true;
            continue;
        }
        if spelled_out_here_otherwise(ctx, &u) {
            done[m.entry] = true;
            continue;
        }
        let ambiguous = !u.form.ambiguous.is_empty();
        if ambiguous && !means_our_concept(ctx, &u) {
            continue;
        }
        // The first expansion after this use, shown with the finding: where to move it from.
        let later = last_expansion[m.entry]
            .filter(|&last| last > i)
            .and_then(|last| {
                terms[i + 1..=last].iter().find(|t| {
                    t.entry == m.entry && ctx.glossary.spells_out_acronym(t.entry, t.form)
                })
            });
        let expanded_later = later.is_some();
        // Last, as they may scan the document: asked only of a use that would be flagged.
        let reading = if ambiguous && !expanded_later {
            let row = (m.block == BlockKind::TableCell).then(|| row_of(text, u.range.clone()));
            let plural = m.plural && u.whole;
            meanings::reading(ctx, m.entry, u.form, u.folded.clone(), plural, row)
        } else {
            Reading::Ours
        };
        done[m.entry] = true;
        let kind = match reading {
            Reading::DefinedAs(_) => continue,
            Reading::Other { index, shown_by } => Kind::Other { index, shown_by },
            Reading::Ours if initials_phrase_elsewhere(ctx, &u) => continue,
            Reading::Ours if ambiguous && !expanded_later => Kind::Ambiguous,
            Reading::Ours => Kind::Undefined,
        };
        let mut f = finding(ctx, text, &u, entry, kind);
        if let Some(t) = later {
            f.related.push(Related {
                range: t.range.clone(),
                message: format!("{} is spelled out here", u.form.text),
            });
        }
        out.push(f);
    }
}

/// The table row (a line of the document) around `range`.
fn row_of(text: &str, range: Range<usize>) -> &str {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    &text[start..end]
}

/// Which finding a first use gets.
enum Kind {
    /// `acronym-before-definition`: the glossary's expansion.
    Undefined,
    /// `ambiguous-acronym`, suggesting the glossary's expansion.
    Ambiguous,
    /// `ambiguous-acronym`, suggesting the form's other meaning number `index`, which the
    /// document shows by writing `shown_by`.
    Other { index: usize, shown_by: String },
}

/// The acronym use in match `m` (number `index`), if it is one.
fn acronym_use<'a>(
    ctx: &Context,
    text: &str,
    index: usize,
    m: &'a TermMatch,
    entry: &'a Entry,
) -> Option<Use<'a>> {
    let form = &entry.forms[m.form];
    if form.acronym {
        return Some(Use {
            m,
            index,
            form,
            range: m.range.clone(),
            folded: m.folded.clone(),
            whole: true,
        });
    }
    // "ISV partners": the acronym inside a longer form, found where the writer wrote it.
    let hay = ctx.folded.as_str();
    let matched = &hay[m.folded.clone()];
    entry.forms.iter().filter(|f| f.acronym).find_map(|a| {
        let at = matched.match_indices(a.text.as_str()).find(|&(i, _)| {
            !matched[..i].chars().next_back().is_some_and(is_word_char)
                && !matched[i + a.text.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| is_word_char(c) && c != 's')
        })?;
        let folded = m.folded.start + at.0..m.folded.start + at.0 + a.text.len();
        let range = ctx.folded.to_original(folded.start)..ctx.folded.to_original_end(folded.end);
        (text.get(range.clone()) == Some(a.text.as_str())).then_some(Use {
            m,
            index,
            form: a,
            range,
            folded,
            whole: false,
        })
    })
}

/// Whether the document spells the acronym out as something other than the glossary's
/// concept right where it stands: "value at risk (VAR)", or one of the form's other meanings
/// in the same sentence. (Other meanings elsewhere are weighed by [`meanings::reading`].)
fn spelled_out_here_otherwise(ctx: &Context, u: &Use) -> bool {
    let hay = ctx.folded.as_str();
    let terms = &ctx.matches.terms;
    let ours = u.whole
        && ((u.index > 0 && super::is_definition_pair(ctx, &terms[u.index - 1], u.m))
            || terms
                .get(u.index + 1)
                .is_some_and(|n| super::is_definition_pair(ctx, u.m, n)));
    if !ours && meanings::spelled_out_otherwise(hay, u.folded.clone(), &u.form.text) {
        return true;
    }
    // One of the form's other meanings in the same sentence: "Product-led growth (PLG) lets…",
    // "PLG - Product Led Growth".
    let sentence = sentence_bounds(hay, u.folded.clone());
    ctx.matches
        .other_meanings
        .iter()
        .any(|(e, r)| *e == u.m.entry && r.start >= sentence.start && r.end <= sentence.end)
}

/// Whether the document writes, anywhere, a capitalised phrase whose initials spell the
/// acronym and which is not a match of the glossary's term ("Security Incident" for SI,
/// "Managed Services Platform" for MSP): see [`meanings::spelled_by_initials`].
fn initials_phrase_elsewhere(ctx: &Context, u: &Use) -> bool {
    let letters: Vec<u8> = u
        .form
        .text
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_uppercase() as u32 as u8)
        .collect();
    let ascii = u
        .form
        .text
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_ascii());
    ascii
        && meanings::spelled_by_initials(ctx.folded.as_str().as_bytes(), &letters, |at| {
            ctx.in_term(at)
        })
}

/// Whether the writer explains the acronym right where it stands: "system builder (OEM)",
/// "MSP (managed service provider)", "ISV - independent software vendor", or the expansion
/// later in the same sentence or the same table row.
fn explained_in_place(ctx: &Context, text: &str, u: &Use) -> bool {
    let hay = ctx.folded.as_str();
    let (start, end) = (u.folded.start, u.folded.end);
    // "system builder (OEM)": in parentheses right after words of the writer's.
    if hay[..start].ends_with('(')
        && hay[end..].starts_with(')')
        && hay[..start - 1]
            .trim_end()
            .chars()
            .next_back()
            .is_some_and(is_word_char)
    {
        return true;
    }
    // "MSP (managed service provider)": words in parentheses right after.
    if let Some(rest) = hay[end..].strip_prefix(" (") {
        let inside: String = rest
            .chars()
            .take_while(|&c| c != ')' && c != '\n')
            .collect();
        if rest[inside.len()..].starts_with(')')
            && inside.split_whitespace().count() >= 2
            && inside.chars().next().is_some_and(char::is_alphabetic)
        {
            return true;
        }
    }
    // The expansion later in the sentence, or anywhere in the table row (a row is one line).
    let terms = &ctx.matches.terms;
    let expands =
        |t: &TermMatch| t.entry == u.m.entry && ctx.glossary.spells_out_acronym(t.entry, t.form);
    if u.m.block == BlockKind::TableCell {
        let line_start = text[..u.range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[u.range.end..]
            .find('\n')
            .map_or(text.len(), |i| u.range.end + i);
        return terms
            .iter()
            .skip(terms.partition_point(|t| t.range.start < line_start))
            .take_while(|t| t.range.start < line_end)
            .any(expands);
    }
    let sentence = sentence_bounds(hay, u.folded.clone());
    terms[u.index + 1..]
        .iter()
        .take_while(|t| t.folded.start < sentence.end)
        .any(expands)
}

/// Whether the sentence shows the ambiguous acronym means the glossary's concept (see
/// [`super::sentence_shows_concept`]).
fn means_our_concept(ctx: &Context, u: &Use) -> bool {
    super::sentence_shows_concept(ctx, u.m, u.folded.clone(), true)
}

/// The finding for the first undefined use `u`.
fn finding(ctx: &Context, text: &str, u: &Use, entry: &Entry, kind: Kind) -> Finding {
    let hay = ctx.folded.as_str();
    let form = u.form;
    let written = &text[u.range.clone()];
    let shape = Shape::of_range(u.m, u.folded.clone(), written, hay);
    let ours = form
        .expansion
        .clone()
        .unwrap_or_else(|| entry.preferred().text.clone());
    let expansion = match &kind {
        Kind::Other { index, .. } => form.ambiguous[*index].clone(),
        _ => ours.clone(),
    };
    // An entry known only by its acronym has nothing to expand it to: no fix, which also
    // keeps `--fix` from growing "ZTNA (ZTNA) (ZTNA)".
    let has_expansion = !expansion.eq_ignore_ascii_case(&form.text) && !form.text.is_empty();
    let plural = shape.plural();
    let expansion_plural = if plural {
        crate::glossary::derive_plural(&expansion)
    } else {
        expansion.clone()
    };
    // "the OEM's kit" → "the original equipment manufacturer's (OEM's) kit": correct, but a
    // writer may prefer to reword, so a possessive's fix is only offered (see `fix_is_safe`).
    let suggestion = has_expansion
        .then(|| format!("{} ({written})", shape.apply_text(&expansion_plural, false)));
    let full = format!("{expansion} ({})", form.text);
    let definition = format!("Glossary: \u{201c}{}\u{201d}", entry.definition.trim());
    let ambiguous_message = || {
        format!(
            "Spell out {} at first use: \u{201c}{full}\u{201d}; it has other meanings.",
            form.text
        )
    };
    let (rule, message, note) = match &kind {
        Kind::Ambiguous => {
            let others: Vec<String> = form
                .ambiguous
                .iter()
                .map(|m| format!("\u{201c}{m}\u{201d}"))
                .collect();
            (
                Rule::AmbiguousAcronym,
                ambiguous_message(),
                format!(
                    "{} can also mean {}, and this document never spells it out. {definition}",
                    form.text,
                    others.join(" or ")
                ),
            )
        }
        Kind::Other { shown_by, .. } => (
            Rule::AmbiguousAcronym,
            ambiguous_message(),
            format!(
                "Here {0} seems to mean \u{201c}{expansion}\u{201d}: the document writes \
                 \u{201c}{shown_by}\u{201d}. This glossary's {0} is \u{201c}{ours}\u{201d}. \
                 {definition}",
                form.text
            ),
        ),
        Kind::Undefined => (
            Rule::AcronymBeforeDefinition,
            format!(
                "Spell out {} at first use: \u{201c}{full}\u{201d}.",
                form.text
            ),
            format!(
                "{} is used here before the document spells it out. {definition}",
                form.text
            ),
        ),
    };
    // Pasting an expansion in is safe only where the sentence itself shows the acronym means
    // the glossary's concept (another glossary term or a cue of the entry stands in it): "OEM"
    // alone may be a character set, "VAR" a model layer, "MSP" a patch file.
    let safe = matches!(kind, Kind::Undefined)
        && suggestion.is_some()
        && !shape.possessive()
        && super::sentence_shows_concept(ctx, u.m, u.folded.clone(), false)
        && fix_is_safe(ctx, u, &expansion);
    Finding {
        rule,
        severity: rule.default_severity(),
        range: u.range.clone(),
        message,
        note,
        entry: u.m.entry,
        fix_is_safe: safe,
        suggestions: suggestion.into_iter().collect(),
        related: Vec::new(),
    }
}

/// Whether pasting the expansion in front of the acronym gives correct text without a person
/// looking: in a paragraph's plain running text (not a table cell, heading, label, link or
/// emphasis), not glued to a hyphen or slash ("OEM-specific", "IHV/OEM"), not already inside
/// parentheses, after an article that still agrees ("an MSP" would become "an managed…"), and
/// not after the expansion's own first word ("the original OEM").
fn fix_is_safe(ctx: &Context, u: &Use, expansion: &str) -> bool {
    let hay = ctx.folded.as_str();
    if u.m.block != BlockKind::Paragraph
        || ctx.folded.marks_at(u.folded.start).0 != crate::prose::Marks::NONE
            && ctx.folded.marks_at(u.folded.start).0 != crate::prose::Marks::LIST_ITEM
    {
        return false;
    }
    let before = hay[..u.folded.start].chars().next_back();
    let after = hay[u.folded.end..].chars().next();
    if !matches!(before, None | Some(' ' | '\n')) {
        return false;
    }
    let closing = |c: Option<char>| matches!(c, None | Some(' ' | '\n' | '\u{1f}'));
    match after {
        None | Some(' ' | '\n') => {}
        Some('.' | ',' | ';' | ':' | '!' | '?') => {
            if !closing(hay[u.folded.end + 1..].chars().next()) {
                return false;
            }
        }
        _ => return false,
    }
    let sentence = sentence_bounds(hay, u.folded.clone());
    let lead = &hay[sentence.start..u.folded.start];
    if lead.matches('(').count() > lead.matches(')').count() {
        return false;
    }
    let previous = lead.split_whitespace().next_back().unwrap_or("");
    let first_word = expansion.split([' ', '-']).next().unwrap_or("");
    if previous.eq_ignore_ascii_case(first_word) {
        return false;
    }
    let vowel = expansion.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);
    match previous.to_ascii_lowercase().as_str() {
        "a" if vowel => false,
        "an" if !vowel => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::glossary::{load, GlossarySource};
    use crate::rules::RuleSettings;
    use crate::{Engine, Format};

    /// A team entry known only by its acronym has nothing to expand it to: the finding has no
    /// fix, so `--fix` can never grow "ZTNA (ZTNA) (ZTNA)"; and "X (ZTNA)", the writer's own
    /// expansion, defines it.
    #[test]
    fn an_acronym_only_entry_gets_no_fix() {
        let team = "schema = 1\n[[entry]]\nid = \"ztna\"\ncategory = \"Security\"\ndefinition = \"ZTNA is access granted per request.\"\nforms = [{ text = \"ZTNA\", status = \"preferred\" }]\n";
        let glossary = load(&[GlossarySource::Text {
            name: "team.toml".into(),
            text: team.into(),
        }])
        .unwrap();
        let engine = Engine::new(glossary, RuleSettings::default());
        let findings = engine
            .analyze("Our ZTNA bundle ships.", Format::PlainText)
            .findings;
        assert_eq!(findings.len(), 1);
        assert!(findings[0].suggestions.is_empty() && !findings[0].fix_is_safe);
        let findings = engine
            .analyze(
                "Our zero trust network access (ZTNA) bundle ships.",
                Format::PlainText,
            )
            .findings;
        assert!(findings.is_empty(), "{findings:?}");
    }
}
