//! Which meaning of an ambiguous acronym a document shows: the glossary's, or one of the other
//! meanings its form lists.
//!
//! An acronym form may list other common meanings: PLG is partner-led growth in the built-in
//! glossary, and `ambiguous = ["product-led growth"]`, which is what most documents mean by it.
//! The acronym rule ([`acronyms`](super::acronyms)) flags an ambiguous acronym only where its
//! sentence shows the glossary's subject; this module decides which expansion that finding
//! suggests, from what the document itself writes.
//!
//! It also holds the two tests for an acronym spelled out as a meaning nobody listed:
//! [`spelled_out_otherwise`] ("value at risk (VAR)", an expansion beside it whose initials spell
//! it) and [`spelled_by_initials`] ("Security Incident" for SI, a capitalised phrase anywhere).
//!
//! Evidence must tell the meanings apart, so it is made of each meaning's *distinctive words*:
//! the words of its phrase that no word of the glossary's meaning resembles (the same first
//! five letters, so "systems" is "system" and "integrator" is "integration"). "product" is
//! distinctive for product-led growth against partner-led growth; "system integration" has no
//! distinctive word against "systems integrator", so the document can never show it by words
//! and it is never chosen. A meaning's *head* is its phrase up to its first distinctive word,
//! and at least two words: "product-led", "International System", "partner-led".
//!
//! What [`reading`] weighs, in this order:
//! 1. An other meaning written out in the use's sentence or table row ("PLG - Product Led
//!    Growth"), or, if distinctive, anywhere before the use, defines the acronym as that
//!    meaning, as the glossary's own expansion would ("managed service provider", then "MSP"):
//!    nothing is flagged. Phrases are found in any case, with spaces or hyphens between words.
//! 2. Evidence for an other meaning: its whole phrase written after the use (the acronym is
//!    used before the document says what it means), or its head written anywhere ("our
//!    product-led motion").
//! 3. Evidence for the glossary's meaning: one of the entry's cues in the sentence. (Its whole
//!    expansion anywhere settles the question before this module is asked: the acronym is
//!    defined, or used before its definition.)
//!
//! The acronym reads as the other meaning only when that meaning has evidence and the
//! glossary's has none; when both have, or neither, it keeps the glossary's reading, as before
//! this evidence was weighed. A plural use ("SIs") keeps it too: the other meanings listed are
//! uncountable.
//!
//! # What was measured
//!
//! Three more kinds of evidence were tried and left out. On the corpus (ACCURACY.md): a
//! distinctive word of an other meaning in the acronym's own sentence ("in-product" beside
//! PLG), and other-meaning evidence alone, where the sentence does not show the glossary's
//! subject. Together they added seven findings there, none an editor wanted: "unit" beside SI
//! on five unit-of-measure reference pages read as the International System of Units (nobody
//! spells out "SI unit"), "Services (SI partners)" and "SI service URL" as service integration
//! (the first means systems integrators). Each alone changed nothing there. A word such as
//! "product" or "services" is the glossary's subject talking as often as the other meaning,
//! so the rule still speaks only where its sentence shows the glossary's subject (there a
//! reader of partner docs could take PLG for partner-led growth), and what the document writes
//! chooses what it suggests. And the head of the glossary's own meaning ("partner-led") written
//! apart from its acronym is no evidence for it: in the public pages and repositories that
//! write both, "Mix of PLG and partner-led", "PLG and Partner-Led are not selected", "PLG wins
//! on CAC efficiency; partner-led wins on ACV", PLG was product-led growth every time.

use super::Context;
use crate::glossary::{EntryId, Form};
use crate::text::is_word_char;
use std::cmp::Reverse;
use std::ops::Range;

/// Words that tell no meaning from another.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
];

/// How many leading letters two words share to count as the same word for telling meanings
/// apart ("system" and "systems", "integrator" and "integration").
const STEM: usize = 5;

/// What the document shows an ambiguous acronym means, at one use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The document writes out this other meaning (an index into the form's `ambiguous`) in
    /// the use's sentence or table row, or before it: the acronym is defined, as something
    /// else.
    DefinedAs(usize),
    /// The evidence points to this other meaning, and `shown_by` is what the document writes
    /// that shows it (for the finding's note).
    Other { index: usize, shown_by: String },
    /// Evidence for the glossary's meaning, for both, or for none.
    Ours,
}

/// A meaning's phrase as words, and which of them tell it from the form's other meanings.
struct Meaning<'a> {
    words: Vec<&'a str>,
    distinctive: Vec<bool>,
}

impl<'a> Meaning<'a> {
    /// `phrase` split into its words, each compared with `rivals`' words.
    fn new(phrase: &'a str, rivals: &[&str]) -> Meaning<'a> {
        let words = split_words(phrase);
        let rival_words: Vec<&str> = rivals.iter().flat_map(|r| split_words(r)).collect();
        let distinctive = words
            .iter()
            .map(|w| {
                !FUNCTION_WORDS.iter().any(|f| w.eq_ignore_ascii_case(f))
                    && !rival_words.iter().any(|r| alike(w, r))
            })
            .collect();
        Meaning { words, distinctive }
    }

    /// The phrase up to its first distinctive word, and at least two words; `None` when no word
    /// is distinctive.
    fn head(&self) -> Option<&[&'a str]> {
        let first = self.distinctive.iter().position(|&d| d)?;
        Some(&self.words[..(first + 1).max(2).min(self.words.len())])
    }
}

/// The words of a phrase (split at spaces and hyphens).
fn split_words(phrase: &str) -> Vec<&str> {
    phrase.split([' ', '-']).filter(|w| !w.is_empty()).collect()
}

/// Whether two words count as one for telling meanings apart: the same first [`STEM`] letters,
/// ASCII case ignored (or the same word, when shorter).
fn alike(a: &str, b: &str) -> bool {
    let stem = |w: &str| {
        let cut = w.char_indices().nth(STEM).map_or(w.len(), |(i, _)| i);
        w[..cut].to_lowercase()
    };
    stem(a) == stem(b)
}

/// What the document shows the ambiguous acronym `form` of entry `entry_id` means at its use
/// `at` (a folded range); `plural` when written as a plural ("SIs"), which none of the other
/// meanings, uncountable phrases, can be.
///
/// `row` is the table row the use stands in, as written: a row is read as one sentence.
pub(crate) fn reading(
    ctx: &Context,
    entry_id: EntryId,
    form: &Form,
    at: Range<usize>,
    plural: bool,
    row: Option<&str>,
) -> Reading {
    let hay = ctx.folded.as_str();
    let entry = ctx.glossary.entry(entry_id);
    let ours = form
        .expansion
        .clone()
        .unwrap_or_else(|| entry.preferred().text.clone());
    // The glossary's meaning is written in any of the entry's forms that are not acronyms.
    let mut ours_forms: Vec<&str> = entry
        .forms
        .iter()
        .filter(|f| !f.acronym)
        .map(|f| f.text.as_str())
        .collect();
    ours_forms.push(&ours);
    let others: Vec<Meaning> = form
        .ambiguous
        .iter()
        .map(|o| Meaning::new(o, &ours_forms))
        .collect();
    // Defined as another meaning: its whole phrase in the use's sentence or table row ("PLG -
    // Product Led Growth"), or, when it can be told from ours, anywhere before the use.
    let sentence = crate::text::sentence_bounds(hay, at.clone());
    for (i, o) in others.iter().enumerate() {
        let here = find_phrase(hay, &o.words, sentence.clone()).is_some()
            || row.is_some_and(|row| find_phrase(row, &o.words, 0..row.len()).is_some());
        if here || o.head().is_some() && find_phrase(hay, &o.words, 0..at.start).is_some() {
            return Reading::DefinedAs(i);
        }
    }
    if plural {
        return Reading::Ours;
    }
    // The other meaning the document shows best: its whole phrase after the use, else its head
    // anywhere; the first listed on a tie.
    let shown = |o: &Meaning| {
        let head = o.head()?;
        let whole = find_phrase(hay, &o.words, at.end..hay.len()).map(|r| (2, r));
        whole.or_else(|| find_phrase(hay, head, 0..hay.len()).map(|r| (1, r)))
    };
    let best = others
        .iter()
        .enumerate()
        .filter_map(|(i, o)| shown(o).map(|(strength, r)| (strength, Reverse(i), r)))
        .max_by_key(|&(strength, i, _)| (strength, i));
    let Some((_, Reverse(index), shown_by)) = best else {
        return Reading::Ours;
    };
    if ours_has_evidence(ctx, entry_id, sentence) {
        return Reading::Ours;
    }
    Reading::Other {
        index,
        shown_by: hay[shown_by].to_string(),
    }
}

/// Whether the glossary's meaning has evidence of its own: one of the entry's cues in the
/// sentence.
fn ours_has_evidence(ctx: &Context, entry_id: EntryId, sentence: Range<usize>) -> bool {
    let owner = crate::cues::CueOwner::Entry(entry_id);
    ctx.cues
        .hits(ctx.folded.as_str(), sentence, &ctx.term_ranges)
        .iter()
        .any(|h| ctx.cues.owned_by(h.phrase, owner))
}

/// The first place in `range` of `hay` where `words` are written one after the other, at word
/// boundaries, ASCII case ignored, joined by spaces or hyphens ("Product Led Growth",
/// "product-led growth"). Candidates are the occurrences of the first byte in either case,
/// found with `memchr`; the acronym rule asks this a few times per document at most.
fn find_phrase(hay: &str, words: &[&str], range: Range<usize>) -> Option<Range<usize>> {
    let first = words.first()?.as_bytes().first()?;
    let bytes = &hay.as_bytes()[..range.end];
    let starts_word = |at: usize| !hay[..at].chars().next_back().is_some_and(is_word_char);
    let ends_word = |at: usize| !hay[at..].chars().next().is_some_and(is_word_char);
    let phrase_at = |start: usize| {
        let mut at = start;
        for (n, w) in words.iter().enumerate() {
            if n > 0 {
                let gap = bytes[at..]
                    .iter()
                    .take_while(|&&c| c == b' ' || c == b'-')
                    .count();
                if gap == 0 {
                    return None;
                }
                at += gap;
            }
            let end = at + w.len();
            if end > bytes.len() || !bytes[at..end].eq_ignore_ascii_case(w.as_bytes()) {
                return None;
            }
            at = end;
        }
        ends_word(at).then_some(start..at)
    };
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        &bytes[range.start..],
    )
    .map(|i| range.start + i)
    .filter(|&i| hay.is_char_boundary(i) && starts_word(i))
    .find_map(phrase_at)
}

/// The most words a phrase spelling an acronym may have.
const LONGEST_INITIALS: usize = 6;

/// Small words that may stand between the capitalised words of a phrase ("Bank of America").
const JOINING_WORDS: &[&[u8]] = &[b"of", b"and", b"for", b"the", b"at", b"to", b"on"];

/// Whether `hay` holds a run of capitalised words (three letters or more, some lower case),
/// joined by spaces, hyphens and [`JOINING_WORDS`], whose initials are `letters` (two to
/// [`LONGEST_INITIALS`] upper-case ASCII letters) and whose first word does not start inside a
/// glossary term (`in_term`).
///
/// Candidates are the occurrences of the first letter (found by `memchr`) at word starts, the
/// matcher's (an ASCII letter, digit or `_` after any other byte); each is followed word by
/// word for as long as the initials agree. The acronym rule asks this only of a use it would
/// flag, a few times per document.
pub(super) fn spelled_by_initials(
    hay: &[u8],
    letters: &[u8],
    in_term: impl Fn(usize) -> bool,
) -> bool {
    if !(2..=LONGEST_INITIALS).contains(&letters.len()) {
        return false;
    }
    let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let spells_from = |mut at: usize| {
        let mut wanted = letters.iter();
        let mut next = wanted.next();
        loop {
            let end = at + hay[at..].iter().take_while(|&&c| word_byte(c)).count();
            let word = &hay[at..end];
            if word[0].is_ascii_uppercase()
                && word.len() >= 3
                && word.iter().any(u8::is_ascii_lowercase)
            {
                if next != Some(&word[0]) {
                    return false;
                }
                next = wanted.next();
                if next.is_none() {
                    return true;
                }
            } else if !JOINING_WORDS.contains(&word) {
                return false;
            }
            // Only spaces and hyphens may stand between the words of a run.
            let gap = hay[end..]
                .iter()
                .take_while(|&&c| c == b' ' || c == b'-')
                .count();
            at = end + gap;
            if gap == 0 || at == hay.len() || !word_byte(hay[at]) {
                return false;
            }
        }
    };
    memchr::memchr_iter(letters[0], hay)
        .any(|at| (at == 0 || !word_byte(hay[at - 1])) && spells_from(at) && !in_term(at))
}

/// Whether the acronym at `at` is introduced with an expansion whose initials spell it — "value at
/// risk (VAR)" or "VAR (value at risk)". The caller rules out the glossary's own pairs
/// ("managed service provider (MSP)").
pub(super) fn spelled_out_otherwise(hay: &str, at: std::ops::Range<usize>, acronym: &str) -> bool {
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
    use super::{
        alike, find_phrase, spelled_by_initials, spelled_out_otherwise, Meaning, LONGEST_INITIALS,
    };
    use std::collections::HashSet;

    /// The first suggestion of each finding on `doc` (Markdown, built-in glossary).
    fn suggested(doc: &str) -> Vec<String> {
        let engine = crate::Engine::new(
            crate::glossary::load(&[crate::glossary::GlossarySource::Builtin]).unwrap(),
            crate::rules::RuleSettings::default(),
        );
        let findings = engine.analyze(doc, crate::Format::Markdown).findings;
        assert!(findings.iter().all(|f| !f.fix_is_safe), "{findings:?}");
        findings
            .iter()
            .map(|f| f.suggestions.first().cloned().unwrap_or_default())
            .collect()
    }

    /// A table row is read as one sentence; a plural is none of the uncountable other meanings;
    /// the other meaning is found wherever the document writes it, after the use too.
    #[test]
    fn rows_plurals_and_later_phrases() {
        let row = "| Motion | Notes |\n|---|---|\n| Our PLG motion hands deals to resellers | ";
        assert!(suggested(&format!("{row}Product Led Growth |\n")).is_empty());
        assert_eq!(
            suggested(&format!("{row}see below |\n\nWe are product-led.\n")),
            ["product-led growth (PLG)"]
        );
        let units = "We follow the International System of Units.";
        assert_eq!(
            suggested(&format!("SIs lead our ERP work for resellers. {units}\n")),
            ["Systems integrators (SIs)"]
        );
        assert_eq!(
            suggested(&format!("The SI works with our resellers. {units}\n")),
            ["International System of Units (SI)"]
        );
        // Written before the use, it defines the acronym.
        assert!(suggested(&format!("{units} The SI works with our resellers.\n")).is_empty());
    }

    #[test]
    fn distinctive_words_tell_meanings_apart() {
        let plg = Meaning::new("product-led growth", &["partner-led growth"]);
        assert_eq!(plg.distinctive, [true, false, false]);
        assert_eq!(plg.head(), Some(&["product", "led"][..]));
        let si = Meaning::new(
            "systems integration",
            &["systems integrator", "system integrator"],
        );
        assert_eq!(si.head(), None);
        let units = Meaning::new("International System of Units", &["systems integrator"]);
        assert_eq!(units.distinctive, [true, false, false, true]);
        assert_eq!(units.head(), Some(&["International", "System"][..]));
        let one = Meaning::new("fibreboard", &["market development funds"]);
        assert_eq!(one.head(), Some(&["fibreboard"][..]));
        assert!(alike("Integrator", "integration") && !alike("product", "partner"));
    }

    #[test]
    fn phrases_are_found_in_any_case_and_hyphenation() {
        let words = ["product", "led", "growth"];
        let all = |hay: &str| find_phrase(hay, &words, 0..hay.len());
        assert_eq!(all("Our Product Led Growth plan"), Some(4..22));
        assert_eq!(all("a product-led  growth"), Some(2..21));
        assert_eq!(all("a product--led growth"), Some(2..21));
        assert_eq!(all("byproduct-led growth"), None);
        assert_eq!(all("product-led growthy"), None);
        assert_eq!(all("product, led growth"), None);
        assert_eq!(all("product-led"), None);
        // A later candidate is found after a false start, and the range bounds the search.
        assert_eq!(all("product-lead; product-led growth"), Some(14..32));
        let hay = "product-led growth, then product-led growth";
        assert_eq!(find_phrase(hay, &words, 1..hay.len()), Some(25..43));
        assert_eq!(find_phrase(hay, &words, 0..17), None);
        assert_eq!(
            find_phrase("é product-led growth", &words, 0..21),
            Some(3..21)
        );
    }

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

    /// The whole-document scan `spelled_by_initials` replaced, kept as its oracle: the initials
    /// of every run of capitalised words, as strings of two to six letters ending at each word
    /// of a run, for runs whose first word is not inside a term.
    fn all_initials(hay: &[u8], in_term: impl Fn(usize) -> bool) -> HashSet<Vec<u8>> {
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let starts =
            (0..hay.len()).filter(|&i| word_byte(hay[i]) && (i == 0 || !word_byte(hay[i - 1])));
        let mut out = HashSet::new();
        let mut run: Vec<(usize, u8)> = Vec::new();
        let mut run_end = 0;
        for start in starts {
            let first = hay[start];
            if run.is_empty() && !first.is_ascii_uppercase() {
                continue;
            }
            if !run.is_empty() && !hay[run_end..start].iter().all(|&b| b == b' ' || b == b'-') {
                run.clear();
                if !first.is_ascii_uppercase() {
                    continue;
                }
            }
            let mut end = start;
            while end < hay.len() && word_byte(hay[end]) {
                end += 1;
            }
            let word = &hay[start..end];
            if first.is_ascii_uppercase()
                && word.len() >= 3
                && word.iter().any(u8::is_ascii_lowercase)
            {
                if run.len() == LONGEST_INITIALS {
                    run.remove(0);
                }
                run.push((start, first));
                run_end = end;
                for n in 2..=run.len() {
                    let tail = &run[run.len() - n..];
                    if !in_term(tail[0].0) {
                        out.insert(tail.iter().map(|&(_, c)| c).collect());
                    }
                }
            } else if matches!(
                word,
                b"of" | b"and" | b"for" | b"the" | b"at" | b"to" | b"on"
            ) {
                run_end = end;
            } else {
                run.clear();
            }
        }
        out
    }

    #[test]
    fn initials_spell_acronyms() {
        let none = |_| false;
        assert!(spelled_by_initials(
            b"the Managed Services Platform team",
            b"MSP",
            none
        ));
        assert!(spelled_by_initials(b"Bank of America", b"BA", none));
        assert!(spelled_by_initials(b"x Security-Incident", b"SI", none));
        assert!(!spelled_by_initials(
            b"Managed Services, Platform",
            b"MSP",
            none
        ));
        assert!(!spelled_by_initials(
            b"Managed IT Services Platform",
            b"MSP",
            none
        ));
        assert!(!spelled_by_initials(
            b"Managed Services Platform",
            b"MSP",
            |at| at == 0
        ));
    }

    proptest::proptest! {
        #![proptest_config(crate::test_support::proptest_config(3000, 0x696e_6974))]

        /// The targeted search answers exactly as the whole-document scan it replaced.
        #[test]
        fn initials_search_matches_the_full_scan(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Managed", "Services", "Platform", "Security", "Incident", "Partner", "of",
                    "the", "and", "msp", "MSP", "IT", "Sales", "Api", "Mo", "Café", "é",
                    "Système", "International", "Solutions", "Provider", "_x", "9Lives",
                ]),
                0..16,
            ),
            gaps in proptest::collection::vec(
                proptest::sample::select(vec![" ", " ", "-", ", ", "\n", "  ", "'s ", "(", " - "]),
                16,
            ),
            acronym in proptest::sample::select(vec![
                "MSP", "SI", "SP", "MS", "PSI", "MSPSI", "SIPSMP", "SISISIS", "S",
            ]),
            term_every in 1usize..40,
        ) {
            let mut text = String::new();
            for (w, g) in words.iter().zip(&gaps) {
                text.push_str(w);
                text.push_str(g);
            }
            let hay = text.as_bytes();
            let in_term = |at: usize| at % term_every == term_every - 1;
            let oracle = all_initials(hay, in_term).contains(acronym.as_bytes());
            proptest::prop_assert_eq!(
                spelled_by_initials(hay, acronym.as_bytes(), in_term),
                oracle,
                "{:?} {}", text, acronym
            );
        }
    }
}
