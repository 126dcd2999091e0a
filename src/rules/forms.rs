//! `non-preferred-form`: discouraged variants and mid-sentence Title Case.
//!
//! A match of a form whose status is `deprecated` ("value added reseller", "system integrator")
//! is flagged with the preferred form as a safe fix. So is a multi-word term capitalised in
//! running text where the glossary writes it in lower case ("our Value-Added Reseller partners"):
//! headings and table cells are title-cased by convention and left alone, a capital at a
//! sentence start is normal, and proper names never reach this rule (the matcher drops them).
//! Single words are left alone too: contracts capitalise defined terms ("the Reseller shall").

use super::names::{names_something, role_of, Role};
use super::replace::Shape;
use super::{Context, Finding, Related, Rule};
use crate::glossary::FormStatus;
use crate::matcher::TermMatch;
use crate::prose::{BlockKind, Marks};
use crate::text::is_sentence_start;

/// Per entry, its first match in an accepted form, for the "this document also uses" note:
/// found in one pass, not searched again for every discouraged variant.
fn first_accepted<'a>(ctx: &Context<'a>) -> Vec<Option<&'a TermMatch>> {
    let mut first: Vec<Option<&TermMatch>> = vec![None; ctx.glossary.entries().len()];
    for t in &ctx.matches.terms {
        // An accepted full form: "elsewhere this document writes “MSP”" would read as if the
        // acronym were a variant too.
        let form = &ctx.glossary.entry(t.entry).forms[t.form];
        let accepted = form.status != FormStatus::Deprecated && !form.acronym;
        if accepted && first[t.entry].is_none() {
            first[t.entry] = Some(t);
        }
    }
    first
}

/// The note behind a discouraged variant: what the glossary says of it, and the accepted form
/// the document writes elsewhere, if any.
fn deprecated_note(shown: &str, preferred: &str, also: Option<&str>, definition: &str) -> String {
    let mut note = format!(
        "The glossary lists \u{201c}{shown}\u{201d} as a discouraged variant of \u{201c}{preferred}\u{201d}"
    );
    if let Some(also) = also {
        note.push_str(&format!(
            "; elsewhere this document writes \u{201c}{also}\u{201d}"
        ));
    }
    note.push_str(&format!(
        ". Glossary: \u{201c}{}\u{201d}",
        definition.trim()
    ));
    note
}

/// Runs over one chunk (it reads no further than a term's sentence), except for the note on
/// which accepted form the document also uses: [`mention_document_forms`] adds that once the
/// chunks are joined.
pub(crate) fn check(ctx: &Context, text: &str, out: &mut Vec<Finding>) {
    let hay = ctx.folded.as_str();
    let terms = &ctx.matches.terms;
    for (i, m) in terms.iter().enumerate() {
        let entry = ctx.glossary.entry(m.entry);
        let form = &entry.forms[m.form];
        let written = &text[m.range.clone()];
        let deprecated = form.status == FormStatus::Deprecated;
        let capitalised = hay[m.folded.clone()]
            .bytes()
            .any(|c| c.is_ascii_uppercase());
        if !deprecated && !capitalised {
            continue; // the common case, decided before the costlier questions
        }
        // Names, link text, labels, literals and alt text are not the writer's choice of
        // words: a discouraged variant there is left alone, and so is Title Case.
        let role = role_of(ctx, m, form.acronym);
        let judged = match role {
            Role::Running => true,
            Role::Heading | Role::Label | Role::Emphasised => deprecated && !capitalised,
            _ => false,
        };
        if !judged {
            continue;
        }
        let miscased = !form.acronym
            && role == Role::Running
            && capitalised
            && miscapitalised(
                &hay[m.folded.clone()],
                &form.text,
                is_sentence_start(hay, m.folded.start),
            );
        // Title Case is the common way to introduce an acronym ("our Managed Service Provider
        // (MSP) tier", "an ISV partner (Independent Software Vendor partner)"): not flagged.
        let in_pair = terms
            .get(i + 1)
            .is_some_and(|n| super::is_definition_pair(ctx, m, n))
            || i > 0 && super::is_definition_pair(ctx, &terms[i - 1], m);
        let miscased = miscased && !in_pair && !names_something(&hay[m.folded.end..]);
        if !deprecated && !miscased {
            continue;
        }
        let preferred = entry.preferred();
        let shape = Shape::of(m, written, hay);
        let replacement = if miscased && !deprecated {
            // Keep the form the writer chose, just in the glossary's case.
            shape.apply(form)
        } else {
            shape.apply(preferred)
        };
        let shown = super::context::one_line(written);
        let (message, note) = if deprecated {
            (
                format!("Use \u{201c}{replacement}\u{201d}, not \u{201c}{shown}\u{201d}."),
                deprecated_note(&shown, &preferred.text, None, &entry.definition),
            )
        } else {
            (
                format!(
                    "Use \u{201c}{replacement}\u{201d} mid-sentence, not \u{201c}{shown}\u{201d}."
                ),
                format!(
                    "Capitals are for headings and proper names; the glossary writes \u{201c}{}\u{201d}. Glossary: \u{201c}{}\u{201d}",
                    form.text,
                    entry.definition.trim()
                ),
            )
        };
        // Safe: a lower-case variant in a paragraph's plain running text, not glued to a
        // hyphen or slash. A change of case, or a change inside a heading, label or table, is
        // offered for a person to apply.
        let plain = ctx.folded.marks_at(m.folded.start).0;
        // A variant that only spells the preferred form differently ("value added reseller")
        // is safe to respell; one that changes a word ("managed services provider") is safe
        // only where the sentence shows the glossary's concept is meant.
        let respelling = letters(written) == letters(&preferred.text);
        let safe = role == Role::Running
            && (respelling || super::sentence_shows_concept(ctx, m, m.folded.clone(), false))
            && m.block == BlockKind::Paragraph
            && (plain == Marks::NONE || plain == Marks::LIST_ITEM)
            && !miscased
            && (!capitalised || is_sentence_start(hay, m.folded.start) && !title_cased(written))
            && !hay[..m.folded.start].ends_with(['-', '/'])
            && !hay[m.folded.end..].starts_with(['-', '/']);
        out.push(Finding {
            rule: Rule::NonPreferredForm,
            severity: Rule::NonPreferredForm.default_severity(),
            range: m.range.clone(),
            message,
            note,
            entry: m.entry,
            suggestions: vec![replacement],
            fix_is_safe: safe,
            related: Vec::new(),
        });
    }
}

/// The letters of `s`, lower-cased, without spaces, hyphens or a plural/possessive ending.
fn letters(s: &str) -> String {
    let l: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    l.trim_end_matches('s').to_string()
}

/// Whether more than the first word of `written` is capitalised ("System Integrator").
fn title_cased(written: &str) -> bool {
    written
        .split([' ', '-', '\n'])
        .filter(|w| !w.is_empty())
        .skip(1)
        .any(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// Mixed spellings: rewrites the note of each discouraged variant whose entry the document
/// also writes in an accepted form, to name the first such use; the first such variant of
/// each entry also points to that use ([`Finding::related`]). Later ones would point to the
/// same place, so they don't: editors send related places with every diagnostic, and a
/// document with hundreds of variants would carry hundreds of copies (about 200 bytes each).
pub(crate) fn mention_document_forms(ctx: &Context, text: &str, findings: &mut [Finding]) {
    let first_accepted = first_accepted(ctx);
    let mut linked = vec![false; first_accepted.len()];
    let terms = &ctx.matches.terms;
    for f in findings
        .iter_mut()
        .filter(|f| f.rule == Rule::NonPreferredForm)
    {
        let i = terms.partition_point(|m| m.range.start < f.range.start);
        let Some(m) = terms.get(i).filter(|m| m.range == f.range) else {
            continue;
        };
        let entry = ctx.glossary.entry(m.entry);
        let Some(other) = first_accepted[m.entry] else {
            continue;
        };
        if entry.forms[m.form].status != FormStatus::Deprecated {
            continue;
        }
        let also = super::context::one_line(&text[other.range.clone()]);
        let shown = super::context::one_line(&text[m.range.clone()]);
        f.note = deprecated_note(
            &shown,
            &entry.preferred().text,
            Some(&also),
            &entry.definition,
        );
        if !std::mem::replace(&mut linked[m.entry], true) {
            f.related = vec![Related {
                range: other.range.clone(),
                message: format!("\u{201c}{also}\u{201d} is used here"),
            }];
        }
    }
}

/// Whether `written` (folded) capitalises a word that `form` writes in lower case; the first
/// word may be capitalised at a sentence start. Only multi-word terms are judged.
fn miscapitalised(written: &str, form: &str, sentence_start: bool) -> bool {
    let split = |s: &str| {
        s.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let (w, f) = (split(written), split(form));
    if f.len() < 2 {
        return false;
    }
    w.iter().zip(f.iter()).enumerate().any(|(i, (w, f))| {
        let upper = w.starts_with(|c: char| c.is_uppercase()) && !crate::glossary::is_acronym(w);
        let form_lower = f.starts_with(|c: char| c.is_lowercase());
        upper && form_lower && !(i == 0 && sentence_start)
    })
}

#[cfg(test)]
mod tests {
    use super::miscapitalised;
    use crate::glossary::{load, GlossarySource};
    use crate::rules::names::names_something;
    use crate::{Engine, Format};

    /// Mixed spellings: every variant's note names the accepted form; only the first variant
    /// points to it (the others would point to the same place).
    #[test]
    fn the_first_variant_of_mixed_spellings_points_to_the_accepted_form() {
        let engine = Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            Default::default(),
        );
        let text = "Every value added reseller certifies two engineers. Value-added resellers earn a margin. Each value added reseller gets the sandbox.";
        let findings = engine.analyze(text, Format::PlainText).findings;
        assert_eq!(findings.len(), 2, "{findings:#?}");
        assert!(findings
            .iter()
            .all(|f| f.note.contains("elsewhere this document writes")));
        let accepted = text.find("Value-added resellers").unwrap();
        assert_eq!(findings[0].related.len(), 1);
        assert_eq!(
            findings[0].related[0].range,
            accepted..accepted + "Value-added resellers".len()
        );
        assert_eq!(
            findings[0].related[0].message,
            "\u{201c}Value-added resellers\u{201d} is used here"
        );
        assert!(findings[1].related.is_empty(), "{:?}", findings[1].related);
    }

    #[test]
    fn naming_nouns() {
        assert!(names_something(" track, and"));
        assert!(names_something(" Program."));
        assert!(!names_something(" tracks"));
        assert!(!names_something(" partners"));
        assert!(!names_something("track"));
    }

    #[test]
    fn capitalisation() {
        assert!(miscapitalised(
            "Value-Added Reseller",
            "value-added reseller",
            false
        ));
        assert!(miscapitalised(
            "Value-Added Reseller",
            "value-added reseller",
            true
        ));
        assert!(!miscapitalised(
            "Value-added reseller",
            "value-added reseller",
            true
        ));
        assert!(miscapitalised(
            "Value-added reseller",
            "value-added reseller",
            false
        ));
        assert!(!miscapitalised("ISV partner", "ISV partner", false));
        assert!(miscapitalised("ISV Partner", "ISV partner", false));
        assert!(!miscapitalised("Reseller", "reseller", false));
    }
}
