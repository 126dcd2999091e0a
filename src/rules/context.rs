//! `context-misuse` and `contradiction`: what the sentence around a term says about it.
//!
//! Both read the *clause* around the term (its sentence, cut at `;` and at words such as
//! "but", "while", "we") and count the cue phrases found there (see [`crate::cues`]).
//!
//! - `contradiction`: a cue of one of the term's contradiction groups follows the term in its
//!   clause ("the referral partner *invoices* the customer"). It takes precedence: a match with
//!   a contradiction gets no `context-misuse` finding.
//! - `context-misuse`: a confusable term's cues in the clause outnumber the term's own in the
//!   sentence, at least two distinct ones, and the term itself has fewer than two ("Our resellers handle *integration*, *customization* and *training*" → value-added
//!   reseller).
//!
//! Precision before recall: both stay quiet when the sentence already uses the term they would
//! suggest, when the cue is negated, in headings, and on a one-word term capitalised
//! mid-sentence — a contract's defined party ("If the Reseller provides integration or
//! training services, …" speaks of the party the agreement calls "Reseller").

use super::replace::Shape;
use super::{Context, Finding, Rule};
use crate::cues::{CueHit, CueOwner};
use crate::glossary::EntryId;
use crate::matcher::TermMatch;
use crate::prose::BlockKind;
use crate::text::{clause_bounds, is_negated, sentence_bounds};

/// A sentence's range, its cue hits, and whether each is negated (filled in on first need).
type SentenceCues = (std::ops::Range<usize>, Vec<CueHit>, Vec<Option<bool>>);

/// Whether match `m` is a one-word term written with a capital mid-sentence where the glossary
/// writes it in lower case: "the Reseller", "each Distributor" — the way agreements name the
/// parties they define, not a use of the glossary's concept to be judged.
fn is_defined_party(hay: &str, m: &TermMatch, form: &str) -> bool {
    let written = &hay[m.folded.clone()];
    !form.contains([' ', '-'])
        && form.starts_with(|c: char| c.is_lowercase())
        && written.starts_with(|c: char| c.is_uppercase())
        && !crate::text::is_sentence_start(hay, m.folded.start)
}

/// Distinct cue phrases needed before `context-misuse` speaks.
pub const MIN_CUES: usize = 2;

pub(crate) fn check(ctx: &Context, text: &str, out: &mut Vec<Finding>) {
    let hay = ctx.folded.as_str();
    // Matches in one sentence share its cue hits and their negation (memoised, computed on
    // first need).
    let mut cached: Option<SentenceCues> = None;
    for (i, m) in ctx.matches.terms.iter().enumerate() {
        let entry = ctx.glossary.entry(m.entry);
        // "managed service provider (MSP)" names one thing once: judge only the first of a pair.
        if i > 0 && super::is_definition_pair(ctx, &ctx.matches.terms[i - 1], m) {
            continue;
        }
        if m.block == BlockKind::Heading
            || (entry.confusables.is_empty() && entry.contradictions.is_empty())
            || is_defined_party(hay, m, &entry.forms[m.form].text)
        {
            continue;
        }
        if cached
            .as_ref()
            .is_none_or(|(r, _, _)| m.folded.start >= r.end || m.folded.start < r.start)
        {
            let sentence = sentence_bounds(hay, m.folded.clone());
            let hits = ctx.cues.hits(hay, sentence.clone(), &ctx.term_ranges);
            let memo = vec![None; hits.len()];
            cached = Some((sentence, hits, memo));
        }
        let (sentence, all_hits, negated) = cached.as_mut().expect("just filled");
        let sentence = sentence.clone();
        // Only cues that could change the verdict on this term matter (its own, its
        // confusables', its contradictions'); most sentences have none. Negation is checked for
        // those only, once per sentence.
        let relevant = |h: &CueHit| {
            ctx.cues.owned_by(h.phrase, CueOwner::Entry(m.entry))
                || (0..entry.contradictions.len()).any(|g| {
                    ctx.cues
                        .owned_by(h.phrase, CueOwner::Contradiction(m.entry, g))
                })
                || ctx
                    .glossary
                    .confusables_of(m.entry)
                    .iter()
                    .any(|&o| ctx.cues.owned_by(h.phrase, CueOwner::Entry(o)))
        };
        let mut sentence_hits: Vec<CueHit> = Vec::new();
        for (h, neg) in all_hits.iter().zip(negated.iter_mut()) {
            if relevant(h)
                && !*neg.get_or_insert_with(|| is_negated(hay, sentence.clone(), h.range.start))
            {
                sentence_hits.push(h.clone());
            }
        }
        if sentence_hits
            .iter()
            .all(|h| ctx.cues.owned_by(h.phrase, CueOwner::Entry(m.entry)))
        {
            continue; // nothing but evidence for the term itself
        }
        // Cues for other terms must be in the term's clause; evidence *for* the term itself
        // counts anywhere in the sentence ("Some MSPs take on projects, but their core business
        // is recurring managed services" is about MSPs).
        let clause = clause_bounds(hay, sentence.clone(), m.folded.clone());
        let hits: Vec<CueHit> = sentence_hits
            .iter()
            .filter(|h| h.range.start >= clause.start && h.range.end <= clause.end)
            .cloned()
            .collect();
        let in_sentence = ctx.terms_in(sentence.clone());
        let sentence_uses = |e: EntryId| in_sentence.iter().any(|t| t.entry == e);
        if let Some(f) = contradiction(ctx, text, m, &hits, &sentence_uses) {
            out.push(f);
        } else if let Some(f) = misuse(ctx, text, m, &hits, &sentence_hits, &sentence_uses) {
            out.push(f);
        }
    }
}

fn quoted_list(hay: &str, hits: &[&CueHit]) -> String {
    let words: Vec<String> = hits
        .iter()
        .map(|h| format!("\u{201c}{}\u{201d}", &hay[h.range.clone()]))
        .collect();
    match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} and {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

fn contradiction(
    ctx: &Context,
    text: &str,
    m: &TermMatch,
    hits: &[CueHit],
    sentence_uses: &dyn Fn(EntryId) -> bool,
) -> Option<Finding> {
    let entry = ctx.glossary.entry(m.entry);
    let hay = ctx.folded.as_str();
    for (g, group) in entry.contradictions.iter().enumerate() {
        let said: Vec<&CueHit> = hits
            .iter()
            .filter(|h| {
                h.range.start >= m.folded.end
                    && ctx
                        .cues
                        .owned_by(h.phrase, CueOwner::Contradiction(m.entry, g))
            })
            .collect();
        if said.is_empty() {
            continue;
        }
        let suggest = group
            .suggest
            .as_deref()
            .and_then(|id| ctx.glossary.by_id(id));
        if suggest.is_some_and(sentence_uses) {
            continue;
        }
        let written = &text[m.range.clone()];
        let suggestion = suggest.map(|s| {
            let shape = Shape::of(m, written, hay);
            (
                shape.apply(ctx.glossary.entry(s).preferred()),
                ctx.glossary.entry(s).display_name(),
            )
        });
        let mut message = format!(
            "\u{201c}{}\u{201d} contradicts its definition: this sentence says {}, but by definition {} works \u{201c}{}\u{201d}",
            one_line(written),
            quoted_list(hay, &said),
            entry.with_article(),
            group.fact
        );
        if let Some((_, name)) = &suggestion {
            message.push_str(&format!("; did you mean {name}?"));
        }
        return Some(Finding {
            rule: Rule::Contradiction,
            severity: Rule::Contradiction.default_severity(),
            range: m.range.clone(),
            message,
            entry: m.entry,
            suggestions: suggestion.map(|(s, _)| s).into_iter().collect(),
            fix_is_safe: false,
        });
    }
    None
}

fn misuse(
    ctx: &Context,
    text: &str,
    m: &TermMatch,
    hits: &[CueHit],
    sentence_hits: &[CueHit],
    sentence_uses: &dyn Fn(EntryId) -> bool,
) -> Option<Finding> {
    let entry = ctx.glossary.entry(m.entry);
    let hay = ctx.folded.as_str();
    let distinct = |hits: &'_ [CueHit], owner: CueOwner| {
        let mut seen: Vec<CueHit> = Vec::new();
        for h in hits.iter().filter(|h| ctx.cues.owned_by(h.phrase, owner)) {
            if !seen.iter().any(|s| s.phrase == h.phrase) {
                seen.push(h.clone());
            }
        }
        seen
    };
    let own = distinct(sentence_hits, CueOwner::Entry(m.entry)).len();
    let mut best: Option<(usize, Vec<CueHit>)> = None;
    for c in &entry.confusables {
        let Some(other) = ctx.glossary.by_id(&c.with) else {
            continue;
        };
        let theirs = distinct(hits, CueOwner::Entry(other));
        if theirs.len() >= MIN_CUES
            && own < MIN_CUES
            && theirs.len() > own
            && best.as_ref().is_none_or(|(_, b)| theirs.len() > b.len())
            && !sentence_uses(other)
        {
            best = Some((other, theirs));
        }
    }
    let (other, cues) = best?;
    let target = ctx.glossary.entry(other);
    let written = &text[m.range.clone()];
    let shape = Shape::of(m, written, hay);
    let gist = target.gist();
    let fact = target.key_fact.as_deref().unwrap_or(&gist);
    Some(Finding {
        rule: Rule::ContextMisuse,
        severity: Rule::ContextMisuse.default_severity(),
        range: m.range.clone(),
        message: format!(
            "\u{201c}{}\u{201d} may be the wrong term: this sentence mentions {}, which describes {} \u{2014} \u{201c}{}\u{201d}; did you mean {}?",
            one_line(written),
            quoted_list(hay, &cues.iter().collect::<Vec<_>>()),
            target.with_article(),
            fact,
            target.display_name()
        ),
        entry: m.entry,
        suggestions: vec![shape.apply(target.preferred())],
        fix_is_safe: false,
    })
}

/// Text as written, with line breaks shown as spaces (for messages).
pub(crate) fn one_line(s: &str) -> String {
    crate::fold::fold_pattern(s)
}
