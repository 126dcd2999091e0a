//! Cue phrases: the words that tell what a sentence is about.
//!
//! The context rules ask "does this sentence describe a VAR rather than a reseller?" by counting
//! cue phrases from the glossary ("integrat*", "customi*", "training"). All cues of all entries
//! and all contradiction groups are compiled into one Aho-Corasick automaton; a cue is matched
//! case-insensitively at word boundaries, a trailing `*` letting the word run on
//! ("integrat*" → integrates, integration). A cue counts only where it is not part of a glossary
//! term (the "referral" of "referral partner") and, as the rules check, not negated ("does not
//! offer training").

use crate::glossary::{EntryId, Glossary};
use crate::text::is_word_char;
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
    /// Index of the distinct cue phrase (two hits of one phrase count once).
    pub phrase: usize,
    /// Folded byte range of the hit.
    pub range: Range<usize>,
}

/// All cue phrases of a glossary, compiled.
#[derive(Debug, Clone)]
pub struct CueIndex {
    automaton: Option<AhoCorasick>,
    /// Per phrase: whether it is a stem (`*`), and its owners.
    phrases: Vec<(bool, Vec<CueOwner>)>,
}

impl CueIndex {
    /// Compiles every cue of `glossary`.
    pub fn new(glossary: &Glossary) -> CueIndex {
        let mut texts: Vec<String> = Vec::new();
        let mut phrases: Vec<(bool, Vec<CueOwner>)> = Vec::new();
        let mut index: std::collections::HashMap<(String, bool), usize> = Default::default();
        let mut add = |cue: &str, owner: CueOwner| {
            let stem = cue.ends_with('*');
            let text = cue.trim_end_matches('*').to_string();
            let i = *index.entry((text.clone(), stem)).or_insert_with(|| {
                texts.push(text);
                phrases.push((stem, Vec::new()));
                phrases.len() - 1
            });
            if !phrases[i].1.contains(&owner) {
                phrases[i].1.push(owner);
            }
        };
        for (id, e) in glossary.entries().iter().enumerate() {
            for c in &e.cues {
                add(c, CueOwner::Entry(id));
            }
            for (g, group) in e.contradictions.iter().enumerate() {
                for c in &group.cues {
                    add(c, CueOwner::Contradiction(id, g));
                }
            }
        }
        let automaton = (!texts.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .kind(Some(if texts.len() <= 2_000 {
                    aho_corasick::AhoCorasickKind::DFA
                } else {
                    aho_corasick::AhoCorasickKind::ContiguousNFA
                }))
                .build(&texts)
                .expect("cue phrases are validated non-empty")
        });
        CueIndex { automaton, phrases }
    }

    /// Whether the phrase `phrase` speaks for `owner`.
    pub fn owned_by(&self, phrase: usize, owner: CueOwner) -> bool {
        self.phrases[phrase].1.contains(&owner)
    }

    /// The cues in `clause` of folded text `s` that do not overlap any of the `terms` (folded
    /// ranges of glossary matches, sorted). Negation is left to the caller
    /// ([`crate::text::is_negated`]): most hits never matter, so it is checked only for those
    /// that do.
    pub fn hits(&self, s: &str, clause: Range<usize>, terms: &[Range<usize>]) -> Vec<CueHit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let input = aho_corasick::Input::new(s).span(clause.clone());
        for m in ac.find_iter(input) {
            let (start, mut end) = (m.start(), m.end());
            let (stem, _) = &self.phrases[m.pattern().as_usize()];
            if s[..start].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            if *stem {
                end += s[end..clause.end]
                    .find(|c: char| !is_word_char(c))
                    .unwrap_or(clause.end - end);
            } else if s[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let overlaps_term = {
                let i = terms.partition_point(|t| t.end <= start);
                terms.get(i).is_some_and(|t| t.start < end)
            };
            if overlaps_term {
                continue;
            }
            out.push(CueHit {
                phrase: m.pattern().as_usize(),
                range: start..end,
            });
        }
        out
    }
}
