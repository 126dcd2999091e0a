//! `context-misuse` and `contradiction`: what the sentence around a term says about it.
//!
//! Both read the *clause* around the term (its sentence, cut at `;` and at words such as
//! "but", "while", "we") and weigh the cue phrases found there (see [`crate::cues`]).
//!
//! - `contradiction`: a cue of one of the term's contradiction groups follows the term in its
//!   clause ("the referral partner *invoices* the customer"). It takes precedence: a match with
//!   a contradiction gets no `context-misuse` finding.
//! - `context-misuse`: a confusable term's cues in the clause are worth at least [`MIN_CUES`]
//!   and more than the term's own cues in the sentence, which are worth less than
//!   [`MIN_CUES`] ("Our resellers handle *integration*, *customization* and *training*" →
//!   value-added reseller). A cue is worth its glossary weight (1 unless the glossary makes it
//!   a strong cue), and one concept counts once however it is written: "market development
//!   funds (MDF)" is one cue.
//!
//! Precision before recall: both stay quiet when the sentence already uses the term they would
//! suggest, when the cue is negated, in headings, and on a one-word term capitalised
//! mid-sentence — a contract's defined party ("If the Reseller provides integration or
//! training services, …" speaks of the party the agreement calls "Reseller").
//!
//! # Cost
//!
//! Every term of a sentence is judged against the same cue hits, so what they share is
//! computed once per sentence (`Sentence`): the hits and their negation, the clause breaks
//! (a term's clause is then a binary search), the entries the sentence uses, the hits that
//! matter to each entry, and each (clause, entry) verdict. A long sentence that mixes terms
//! and cues is thus analysed in time linear in its length, not quadratic.

use super::replace::Shape;
use super::{Context, Finding, Rule};
use crate::cues::{CueHit, CueOwner};
use crate::glossary::EntryId;
use crate::matcher::TermMatch;
use crate::prose::BlockKind;
use crate::text::{is_negated, sentence_bounds, ClauseBreaks};
use std::collections::HashMap;
use std::ops::Range;

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

/// The most cues quoted in one message.
const MAX_QUOTED: usize = 6;

/// What the matches of one sentence share, each part computed on first need: its cue hits and
/// their negation, its clause breaks, the entries it uses, and per entry the hits that matter
/// to it. Every term of a sentence reads these instead of scanning the sentence again, so a
/// sentence (or a clause) of any length is analysed in time linear in its length.
struct Sentence {
    range: Range<usize>,
    hits: Vec<CueHit>,
    negated: Vec<Option<bool>>,
    breaks: Option<ClauseBreaks>,
    /// The entries of the terms in the sentence, sorted.
    uses: Vec<EntryId>,
    per_entry: HashMap<EntryId, EntryHits>,
    /// `misuse` verdicts per (clause, term entry): the confusable it points to and its cues.
    verdicts: HashMap<(usize, usize, EntryId), Option<Verdict>>,
}

/// A `context-misuse` verdict: the confusable the cues point to, and those cues.
type Verdict = (EntryId, Vec<CueHit>);

/// The cue hits of a sentence that matter to one entry's terms (its own, its confusables',
/// its contradiction groups'), not negated, as indexes into [`Sentence::hits`].
struct EntryHits {
    relevant: Vec<usize>,
    /// Whether any relevant hit is not a cue of the entry itself.
    foreign: bool,
    /// The weight of the entry's own cues in the whole sentence.
    own: usize,
    /// Per contradiction group, its hits.
    groups: Vec<Vec<usize>>,
}

impl Sentence {
    fn new(ctx: &Context, hay: &str, range: Range<usize>) -> Sentence {
        let hits = ctx.cues.hits(hay, range.clone(), &ctx.term_ranges);
        let mut uses: Vec<EntryId> = ctx
            .terms_in(range.clone())
            .iter()
            .map(|t| t.entry)
            .collect();
        uses.sort_unstable();
        uses.dedup();
        Sentence {
            negated: vec![None; hits.len()],
            range,
            hits,
            breaks: None,
            uses,
            per_entry: HashMap::new(),
            verdicts: HashMap::new(),
        }
    }

    fn uses(&self, e: EntryId) -> bool {
        self.uses.binary_search(&e).is_ok()
    }

    fn clause_of(&mut self, hay: &str, at: Range<usize>) -> Range<usize> {
        let range = self.range.clone();
        self.breaks
            .get_or_insert_with(|| ClauseBreaks::new(hay, range))
            .clause_of(at)
    }

    /// The hits that matter to `entry`'s terms (see [`EntryHits`]).
    fn for_entry(&mut self, ctx: &Context, hay: &str, entry: EntryId) -> &EntryHits {
        let Sentence {
            range,
            hits,
            negated,
            per_entry,
            ..
        } = self;
        per_entry.entry(entry).or_insert_with(|| {
            let e = ctx.glossary.entry(entry);
            let confusables = ctx.glossary.confusables_of(entry);
            let own = CueOwner::Entry(entry);
            let mut relevant = Vec::new();
            let mut groups = vec![Vec::new(); e.contradictions.len()];
            let mut foreign = false;
            visited(hits.len());
            for (i, h) in hits.iter().enumerate() {
                let in_group: Vec<usize> = (0..e.contradictions.len())
                    .filter(|&g| {
                        ctx.cues
                            .owned_by(h.phrase, CueOwner::Contradiction(entry, g))
                    })
                    .collect();
                let theirs = confusables
                    .iter()
                    .any(|&o| ctx.cues.owned_by(h.phrase, CueOwner::Entry(o)));
                let matters = theirs || !in_group.is_empty() || ctx.cues.owned_by(h.phrase, own);
                if !matters
                    || *negated[i]
                        .get_or_insert_with(|| is_negated(hay, range.clone(), h.range.start))
                {
                    continue;
                }
                foreign |= !ctx.cues.owned_by(h.phrase, own);
                for g in in_group {
                    groups[g].push(i);
                }
                relevant.push(i);
            }
            let own_hits: Vec<&CueHit> = relevant.iter().map(|&i| &hits[i]).collect();
            EntryHits {
                own: ctx.cues.weight_of(&own_hits, own),
                relevant,
                foreign,
                groups,
            }
        })
    }
}

pub(crate) fn check(ctx: &Context, text: &str, out: &mut Vec<Finding>) {
    let hay = ctx.folded.as_str();
    let mut current: Option<Sentence> = None;
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
        if current
            .as_ref()
            .is_none_or(|s| m.folded.start >= s.range.end || m.folded.start < s.range.start)
        {
            current = Some(Sentence::new(
                ctx,
                hay,
                sentence_bounds(hay, m.folded.clone()),
            ));
        }
        let sentence = current.as_mut().expect("just filled");
        if !sentence.for_entry(ctx, hay, m.entry).foreign {
            continue; // nothing but evidence for the term itself
        }
        // Cues for other terms must be in the term's clause; evidence *for* the term itself
        // counts anywhere in the sentence ("Some MSPs take on projects, but their core business
        // is recurring managed services" is about MSPs).
        let clause = sentence.clause_of(hay, m.folded.clone());
        if let Some(f) = contradiction(ctx, text, m, sentence, &clause) {
            out.push(f);
        } else if let Some(f) = misuse(ctx, text, m, sentence, &clause) {
            out.push(f);
        }
    }
}

/// Counts cue hits looked at, for the test that the work grows linearly with the text (a
/// no-op outside tests).
fn visited(_hits: usize) {
    #[cfg(test)]
    tests::VISITS.with(|v| v.set(v.get() + _hits));
}

/// The hits of `indexes` (into `hits`, in order) that lie inside `range`.
fn within(hits: &[CueHit], indexes: &[usize], range: &Range<usize>) -> Vec<usize> {
    let a = indexes.partition_point(|&i| hits[i].range.start < range.start);
    let b = indexes.partition_point(|&i| hits[i].range.start < range.end);
    visited(b.max(a) - a);
    indexes[a..b.max(a)]
        .iter()
        .copied()
        .filter(|&i| hits[i].range.end <= range.end)
        .collect()
}

fn quoted_list(hay: &str, hits: &[&CueHit]) -> String {
    let words: Vec<String> = hits
        .iter()
        .take(MAX_QUOTED)
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
    sentence: &mut Sentence,
    clause: &Range<usize>,
) -> Option<Finding> {
    let entry = ctx.glossary.entry(m.entry);
    let hay = ctx.folded.as_str();
    for (g, group) in entry.contradictions.iter().enumerate() {
        // A cue of the group after the term, in its clause: only the first few are quoted, so
        // only those are taken (the rest cannot change the verdict).
        let after = m.folded.end.max(clause.start)..clause.end;
        sentence.for_entry(ctx, hay, m.entry);
        let indexes = &sentence.per_entry[&m.entry].groups[g];
        let from = indexes.partition_point(|&i| sentence.hits[i].range.start < after.start);
        let said: Vec<&CueHit> = indexes[from..]
            .iter()
            .map(|&i| &sentence.hits[i])
            .take_while(|h| h.range.start < after.end)
            .filter(|h| h.range.end <= after.end)
            .take(MAX_QUOTED)
            .collect();
        visited(said.len());
        if said.is_empty() {
            continue;
        }
        let suggest = group
            .suggest
            .as_deref()
            .and_then(|id| ctx.glossary.by_id(id));
        if suggest.is_some_and(|s| sentence.uses(s)) {
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
        let shown = one_line(written);
        // Fewer of the contradicting phrases, then none, until the message fits a problems list.
        let mut quoted = said.len();
        let message = loop {
            let evidence = match quoted {
                0 => String::new(),
                n => format!(" ({})", cue_words(hay, &said[..n], false)),
            };
            let m = match &suggestion {
                Some((s, _)) => format!(
                    "Use \u{201c}{s}\u{201d}? \u{201c}{shown}\u{201d} contradicts its definition here{evidence}."
                ),
                None => format!(
                    "Check \u{201c}{shown}\u{201d}: it contradicts its definition here{evidence}."
                ),
            };
            if m.chars().count() <= 110 || quoted == 0 {
                break m;
            }
            quoted -= 1;
        };
        let note = format!(
            "By definition {} works \u{201c}{}\u{201d}. Glossary: \u{201c}{}\u{201d}",
            entry.with_article(),
            group.fact,
            entry.definition.trim()
        );
        return Some(Finding {
            rule: Rule::Contradiction,
            severity: Rule::Contradiction.default_severity(),
            range: m.range.clone(),
            message,
            note,
            entry: m.entry,
            suggestions: suggestion.map(|(s, _)| s).into_iter().collect(),
            fix_is_safe: false,
            related: Vec::new(),
        });
    }
    None
}

/// The confusable that the cues of `clause` point to instead of `term`'s entry, with those
/// cues (one hit per concept): worth at least [`MIN_CUES`], more than the entry's own cues in
/// the sentence, while those are worth less than [`MIN_CUES`]; the sentence must not use it.
fn misuse_verdict(
    ctx: &Context,
    hay: &str,
    term: EntryId,
    sentence: &mut Sentence,
    clause: &Range<usize>,
) -> Option<Verdict> {
    let entry = ctx.glossary.entry(term);
    let (own, in_clause) = {
        let hits = sentence.for_entry(ctx, hay, term);
        let (own, relevant) = (hits.own, hits.relevant.clone());
        (own, within(&sentence.hits, &relevant, clause))
    };
    if own >= MIN_CUES {
        return None;
    }
    let mut best: Option<(usize, EntryId, Vec<CueHit>)> = None;
    for c in &entry.confusables {
        let Some(other) = ctx.glossary.by_id(&c.with) else {
            continue;
        };
        let owner = CueOwner::Entry(other);
        visited(in_clause.len());
        let theirs: Vec<&CueHit> = in_clause
            .iter()
            .map(|&i| &sentence.hits[i])
            .filter(|h| ctx.cues.owned_by(h.phrase, owner))
            .collect();
        let weight = ctx.cues.weight_of(&theirs, owner);
        if weight >= MIN_CUES
            && weight > own
            && best.as_ref().is_none_or(|(b, _, _)| weight > *b)
            && !sentence.uses(other)
        {
            // One hit per concept, for the message.
            let mut shown: Vec<CueHit> = Vec::new();
            for h in theirs {
                if !shown.iter().any(|s| s.concept == h.concept) {
                    shown.push(h.clone());
                }
            }
            best = Some((weight, other, shown));
        }
    }
    best.map(|(_, other, cues)| (other, cues))
}

fn misuse(
    ctx: &Context,
    text: &str,
    m: &TermMatch,
    sentence: &mut Sentence,
    clause: &Range<usize>,
) -> Option<Finding> {
    let hay = ctx.folded.as_str();
    let key = (clause.start, clause.end, m.entry);
    let verdict = match sentence.verdicts.get(&key) {
        Some(v) => v.clone(),
        None => {
            let v = misuse_verdict(ctx, hay, m.entry, sentence, clause);
            sentence.verdicts.insert(key, v.clone());
            v
        }
    };
    let (other, cues) = verdict?;
    let target = ctx.glossary.entry(other);
    let written = &text[m.range.clone()];
    let shape = Shape::of(m, written, hay);
    let suggestion = shape.apply(target.preferred());
    let cue_refs: Vec<&CueHit> = cues.iter().collect();
    // "Integration, customization and training describe a value-added reseller: use “value-added
    // resellers”?" — with fewer cues quoted if that is too long for a problems list.
    let mut shown = cue_refs.len();
    let message = loop {
        let m = format!(
            "{} {} {}: use \u{201c}{suggestion}\u{201d}?",
            cue_words(hay, &cue_refs[..shown], true),
            if shown == 1 { "describes" } else { "describe" },
            target.with_article(),
        );
        if m.chars().count() <= 110 || shown == 1 {
            break m;
        }
        shown -= 1;
    };
    Some(Finding {
        rule: Rule::ContextMisuse,
        severity: Rule::ContextMisuse.default_severity(),
        range: m.range.clone(),
        message,
        note: format!(
            "This sentence mentions {}: cues of {}, not of \u{201c}{}\u{201d}. Glossary: \u{201c}{}\u{201d}",
            quoted_list(hay, &cue_refs),
            target.display_name(),
            one_line(written),
            target.definition.trim()
        ),
        entry: m.entry,
        suggestions: vec![suggestion],
        fix_is_safe: false,
        related: Vec::new(),
    })
}

/// Cue phrases as a plain list for a message ("integration, customization and training"),
/// capitalised when it starts the message.
fn cue_words(hay: &str, hits: &[&CueHit], capital: bool) -> String {
    let words: Vec<String> = hits
        .iter()
        .take(MAX_QUOTED)
        .map(|h| hay[h.range.clone()].to_string())
        .collect();
    let list = match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} and {}", words[..n - 1].join(", "), words[n - 1]),
    };
    if !capital {
        return list;
    }
    let mut chars = list.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => list,
    }
}

/// Text as written, with line breaks shown as spaces (for messages).
pub(crate) fn one_line(s: &str) -> String {
    crate::fold::fold_pattern(s)
}

#[cfg(test)]
mod tests {
    use crate::glossary::{load, GlossarySource};
    use crate::rules::RuleSettings;
    use crate::{Engine, Format};
    use std::cell::Cell;
    use std::time::{Duration, Instant};

    thread_local! {
        /// Cue hits looked at by the rules on this thread (see `visited`).
        pub(super) static VISITS: Cell<usize> = const { Cell::new(0) };
    }

    /// One sentence, with no clause break, of `bytes` bytes that mixes terms and cues of
    /// confusable entries.
    fn long_clause(bytes: usize) -> String {
        let piece = "our resellers handle integration, customization and training, the referral \
                     partners drive web traffic and pass qualified leads, MSPs bill a monthly fee, \
                     market development funds (MDF) pay for co-branded campaigns, ";
        let mut s = String::with_capacity(bytes + piece.len());
        while s.len() < bytes {
            s.push_str(piece);
        }
        s.push_str("and that is all.\n");
        s
    }

    fn time(engine: &Engine, text: &str) -> Duration {
        (0..3)
            .map(|_| {
                let t = Instant::now();
                let a = engine.analyze_with_threads(text, Format::PlainText, 1);
                assert!(!a.findings.is_empty());
                t.elapsed()
            })
            .min()
            .expect("three runs")
    }

    /// The work of the context rules grows linearly with a long clause: ten times the text,
    /// about ten times the cue hits looked at (it was about a hundred times when each term
    /// re-read its sentence's hits).
    #[test]
    fn long_clause_work_is_linear() {
        let glossary = load(&[GlossarySource::Builtin]).expect("built-in glossary");
        let engine = Engine::new(glossary, RuleSettings::default());
        let visits = |bytes: usize| {
            VISITS.with(|v| v.set(0));
            let a = engine.analyze_with_threads(&long_clause(bytes), Format::PlainText, 1);
            assert!(
                a.findings.len() > bytes / 1_000,
                "{} findings",
                a.findings.len()
            );
            VISITS.with(Cell::get)
        };
        let (small, large) = (visits(10_000), visits(100_000));
        assert!(small > 500, "{small} hits looked at");
        let ratio = large as f64 / small as f64;
        assert!(
            ratio < 11.0,
            "{small} → {large} hits looked at: ratio {ratio:.1}"
        );
    }

    /// A clause ten times longer takes about ten times longer, not a hundred (when each term
    /// re-read its sentence: 40 KB 72 ms, 400 KB 7.3 s, a ratio of 102; now about 1 ms and
    /// 20–30 ms). The bound leaves room for cache effects and a busy machine. Timing-based, so
    /// not run by default: `cargo test --release --lib long_clause -- --ignored`.
    #[test]
    #[ignore = "timing; run in release with --ignored"]
    fn long_clause_is_linear() {
        let glossary = load(&[GlossarySource::Builtin]).expect("built-in glossary");
        let engine = Engine::new(glossary, RuleSettings::default());
        let small = time(&engine, &long_clause(40_000));
        let large = time(&engine, &long_clause(400_000));
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        eprintln!("40 KB: {small:?}, 400 KB: {large:?}, ratio {ratio:.1}");
        assert!(
            ratio < 35.0,
            "ratio {ratio:.1}: 40 KB {small:?}, 400 KB {large:?}"
        );
    }
}
