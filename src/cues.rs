//! Cue phrases: the words that tell what a sentence is about.
//!
//! The context rules ask "does this sentence describe a VAR rather than a reseller?" by counting
//! cue phrases from the glossary ("integrat*", "customi*", "training"). All cues of all entries
//! and all contradiction groups are compiled into one Aho-Corasick automaton, searched only at
//! word starts as the matcher does (`PhraseSearch`; a plain leftmost-longest search when a cue
//! does not begin with a letter or digit); a cue is matched
//! case-insensitively at word boundaries, a trailing `*` letting the word run on
//! ("integrat*" → integrates, integration). A cue counts only where it is not part of a glossary
//! term (the "referral" of "referral partner") and, as the rules check, not negated ("does not
//! offer training").

use crate::glossary::{EntryId, Glossary};
use crate::matcher::PhraseSearch;
use crate::text::{is_word_end, is_word_start, word_end};
use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;

/// Who a cue phrase speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueOwner {
    /// A cue for the concept of this entry (`cues = […]`).
    Entry(EntryId),
    /// A cue of this entry's contradiction group number `.1`.
    Contradiction(EntryId, usize),
}

/// A cue found in a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueHit {
    /// Index of the cue phrase: it says whom the hit speaks for ([`CueIndex::owned_by`]).
    pub phrase: usize,
    /// The concept the hit names, as the index of one of its phrases: hits of one concept
    /// count once. It is `phrase` itself, unless the sentence writes this phrase as the
    /// abbreviation or expansion of another cue in parentheses ("market development funds
    /// (MDF)"), which makes both phrases one concept throughout the sentence.
    pub concept: usize,
    /// Folded byte range of the hit.
    pub range: Range<usize>,
}

/// How the cue phrases are searched.
#[derive(Debug, Clone)]
enum CueSearch {
    /// At word starts only (every phrase begins with an ASCII letter, digit or `_`).
    WordStarts(PhraseSearch),
    /// Anywhere, leftmost-longest.
    Anywhere(AhoCorasick),
}

/// All cue phrases of a glossary, compiled.
#[derive(Debug, Clone)]
pub struct CueIndex {
    search: Option<CueSearch>,
    /// Per phrase: whether it is a stem (`*`), and its owners with the weight each gives it.
    phrases: Vec<(bool, Vec<(CueOwner, u8)>)>,
}

impl CueIndex {
    /// Compiles every cue of `glossary`.
    pub fn new(glossary: &Glossary) -> CueIndex {
        CueIndex::build(glossary, true)
    }

    fn build(glossary: &Glossary, word_starts: bool) -> CueIndex {
        let mut texts: Vec<String> = Vec::new();
        let mut phrases: Vec<(bool, Vec<(CueOwner, u8)>)> = Vec::new();
        let mut index: std::collections::HashMap<(String, bool), usize> = Default::default();
        let mut add = |cue: &str, owner: CueOwner, weight: u8| {
            let stem = cue.ends_with('*');
            let text = cue.trim_end_matches('*').to_string();
            let i = *index.entry((text.clone(), stem)).or_insert_with(|| {
                texts.push(text);
                phrases.push((stem, Vec::new()));
                phrases.len() - 1
            });
            match phrases[i].1.iter_mut().find(|(o, _)| *o == owner) {
                Some((_, w)) => *w = (*w).max(weight),
                None => phrases[i].1.push((owner, weight)),
            }
        };
        for (id, e) in glossary.entries().iter().enumerate() {
            for c in &e.cues {
                add(&c.text, CueOwner::Entry(id), c.weight);
            }
            for (g, group) in e.contradictions.iter().enumerate() {
                for c in &group.cues {
                    add(c, CueOwner::Contradiction(id, g), 1);
                }
            }
        }
        let words = |texts: &[String]| PhraseSearch::new(texts).filter(|_| word_starts);
        let search = (!texts.is_empty()).then(|| match words(&texts) {
            Some(words) => CueSearch::WordStarts(words),
            None => CueSearch::Anywhere(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .kind(Some(if texts.len() <= 2_000 {
                        aho_corasick::AhoCorasickKind::DFA
                    } else {
                        aho_corasick::AhoCorasickKind::ContiguousNFA
                    }))
                    .build(&texts)
                    .expect("cue phrases are validated non-empty"),
            ),
        });
        CueIndex { search, phrases }
    }

    /// Whether the phrase `phrase` speaks for `owner`.
    pub fn owned_by(&self, phrase: usize, owner: CueOwner) -> bool {
        self.weight(phrase, owner) > 0
    }

    /// How much the phrase `phrase` counts for `owner`: its glossary weight, 0 when it does
    /// not speak for `owner`.
    pub fn weight(&self, phrase: usize, owner: CueOwner) -> u8 {
        self.phrases[phrase]
            .1
            .iter()
            .find(|(o, _)| *o == owner)
            .map_or(0, |(_, w)| *w)
    }

    /// The weight of `hits` for `owner`: each concept counts once, with the largest weight
    /// any of its hits has for `owner` (hits of other owners count nothing).
    pub fn weight_of(&self, hits: &[&CueHit], owner: CueOwner) -> usize {
        let mut concepts: Vec<(usize, u8)> = Vec::new();
        for h in hits {
            let w = self.weight(h.phrase, owner);
            if w == 0 {
                continue;
            }
            match concepts.iter_mut().find(|(c, _)| *c == h.concept) {
                Some((_, best)) => *best = (*best).max(w),
                None => concepts.push((h.concept, w)),
            }
        }
        concepts.iter().map(|(_, w)| usize::from(*w)).sum()
    }

    /// The cues in `clause` of folded text `s` that do not overlap any of the `terms` (folded
    /// ranges of glossary matches, sorted). Negation is left to the caller
    /// ([`crate::text::is_negated`]): most hits never matter, so it is checked only for those
    /// that do.
    pub fn hits(&self, s: &str, clause: Range<usize>, terms: &[Range<usize>]) -> Vec<CueHit> {
        let mut out = Vec::new();
        match &self.search {
            None => {}
            Some(CueSearch::WordStarts(words)) => {
                for (phrase, start, end) in words.find_iter(s.as_bytes(), clause.clone()) {
                    self.keep(s, &clause, terms, phrase, start..end, &mut out);
                }
            }
            Some(CueSearch::Anywhere(ac)) => {
                let input = aho_corasick::Input::new(s).span(clause.clone());
                for m in ac.find_iter(input) {
                    let phrase = m.pattern().as_usize();
                    self.keep(s, &clause, terms, phrase, m.range(), &mut out);
                }
            }
        }
        join_parenthesised(s, &mut out);
        out
    }

    /// Adds the hit of `phrase` at `at` to `out` if it stands at word boundaries (a stem runs
    /// on to the end of its word) and is not part of a term.
    fn keep(
        &self,
        s: &str,
        clause: &Range<usize>,
        terms: &[Range<usize>],
        phrase: usize,
        at: Range<usize>,
        out: &mut Vec<CueHit>,
    ) {
        let (start, mut end) = (at.start, at.end);
        let (stem, _) = &self.phrases[phrase];
        if !is_word_start(s, start) {
            return;
        }
        if *stem {
            end = word_end(s, end, clause.end);
        } else if !is_word_end(s, end) {
            return;
        }
        let i = terms.partition_point(|t| t.end <= start);
        if terms.get(i).is_some_and(|t| t.start < end) {
            return; // part of a term
        }
        out.push(CueHit {
            phrase,
            concept: phrase,
            range: start..end,
        });
    }
}

/// Makes one concept of a cue and the cue in parentheses right after it — "market development
/// funds (MDF)", "MDF (market development funds)" — in all of `hits` (one sentence's, in
/// order): the second phrase then names the same concept wherever it occurs in the sentence.
/// The concepts are the classes of a union-find over phrases, each named by its smallest
/// phrase index, so the order of the pairs does not matter and the cost stays linear.
fn join_parenthesised(s: &str, hits: &mut [CueHit]) {
    let mut parent: std::collections::HashMap<usize, usize> = Default::default();
    fn root(parent: &std::collections::HashMap<usize, usize>, mut p: usize) -> usize {
        while let Some(&up) = parent.get(&p) {
            p = up;
        }
        p
    }
    for i in 1..hits.len() {
        let (a, b) = (&hits[i - 1], &hits[i]);
        let between = s[a.range.end..b.range.start].trim_matches(' ');
        let closed = s[b.range.end..].trim_start_matches(' ').starts_with(')');
        if between == "(" && closed {
            let (ra, rb) = (root(&parent, a.phrase), root(&parent, b.phrase));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
    }
    if parent.is_empty() {
        return;
    }
    for h in hits.iter_mut() {
        h.concept = root(&parent, h.phrase);
    }
}

#[cfg(test)]
mod tests {
    use super::CueIndex;
    use crate::glossary::{load, GlossarySource};

    /// The word-start search finds the same cue hits as a search over every byte, on every
    /// example sentence of the built-in glossary (lower-cased and upper-cased too).
    #[test]
    fn word_start_search_finds_what_a_full_search_finds() {
        let glossary = load(&[GlossarySource::Builtin]).expect("built-in glossary");
        let fast = CueIndex::build(&glossary, true);
        let full = CueIndex::build(&glossary, false);
        assert!(matches!(fast.search, Some(super::CueSearch::WordStarts(_))));
        assert!(matches!(full.search, Some(super::CueSearch::Anywhere(_))));
        let mut hits = 0;
        for e in glossary.entries() {
            for ex in &e.examples {
                for text in [
                    ex.text.clone(),
                    ex.text.to_lowercase(),
                    ex.text.to_uppercase(),
                ] {
                    let a = fast.hits(&text, 0..text.len(), &[]);
                    let b = full.hits(&text, 0..text.len(), &[]);
                    assert_eq!(a, b, "{text:?}");
                    hits += a.len();
                }
            }
        }
        assert!(hits > 100, "{hits} hits");
    }

    /// A cue and the cue in parentheses after it are one concept, in either order, and so is
    /// every other hit of either phrase in the sentence; other cues keep their own.
    #[test]
    fn a_cue_and_its_parenthesised_form_are_one_concept() {
        let glossary = load(&[GlossarySource::Builtin]).expect("built-in glossary");
        let index = CueIndex::new(&glossary);
        for text in [
            "It pays market development funds (MDF) for co-branded mail, and MDF again.",
            "It pays MDF ( market development funds ) for co-branded mail, and MDF again.",
        ] {
            let hits = index.hits(text, 0..text.len(), &[]);
            let words: Vec<&str> = hits.iter().map(|h| &text[h.range.clone()]).collect();
            assert_eq!(words.len(), 4, "{words:?}");
            let concepts: Vec<usize> = hits.iter().map(|h| h.concept).collect();
            assert_eq!(concepts[0], concepts[1], "{text}");
            assert_eq!(concepts[0], concepts[3], "{text}");
            assert_ne!(concepts[0], concepts[2], "{text}");
            let all: Vec<&super::CueHit> = hits.iter().collect();
            let owner = (0..glossary.entries().len())
                .map(super::CueOwner::Entry)
                .find(|&o| index.owned_by(hits[0].phrase, o))
                .expect("an owner");
            assert_eq!(index.weight_of(&all, owner), 2, "{text}");
        }
    }
}
