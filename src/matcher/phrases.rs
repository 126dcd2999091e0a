//! The word-start search, for other phrase lists than the glossary's terms.
//!
//! The cue index ([`crate::cues`]) looks for cue phrases ("integrat*", "training", "revenue
//! share") in the clauses around terms, case-insensitively and at word starts only: the same
//! kind of search as the matcher's, so it uses the same machinery — word starts, the prefix
//! test, and an anchored walk of an automaton — instead of walking an automaton over every
//! byte of every clause.

use super::prefix::PrefixFilter;
use super::walk::AnchoredSearch;
use super::word_starts::{is_word_byte, WordStarts};
use std::ops::Range;

/// A leftmost-longest search for phrases that begin at word starts, ASCII case ignored.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSearch {
    prefixes: PrefixFilter,
    anchored: AnchoredSearch,
}

impl PhraseSearch {
    /// The search for `phrases` (pattern ids are their indexes), or `None` when a phrase is
    /// shorter than two bytes or does not begin with an ASCII letter, digit or `_` (a word start
    /// could then miss it).
    pub(crate) fn new(phrases: &[String]) -> Option<PhraseSearch> {
        let fits = phrases
            .iter()
            .all(|p| p.len() >= 2 && is_word_byte(p.as_bytes()[0]));
        if !fits {
            return None;
        }
        let lowered: Vec<Vec<u8>> = phrases
            .iter()
            .map(|p| p.to_ascii_lowercase().into_bytes())
            .collect();
        Some(PhraseSearch {
            prefixes: PrefixFilter::new(phrases.iter().map(|p| (p.as_str(), false))),
            anchored: AnchoredSearch::new(&lowered)?,
        })
    }

    /// Every phrase that begins at a word start of `hay` inside `range` and ends inside it, as
    /// (phrase, start, end): at each word start the longest phrase there; the search then goes
    /// on after it (matches do not overlap).
    pub(crate) fn find_iter<'h>(
        &'h self,
        hay: &'h [u8],
        range: Range<usize>,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'h {
        let mut starts = WordStarts::new(&hay[..range.end]);
        starts.skip_to(range.start);
        std::iter::from_fn(move || {
            while let Some(start) = super::next_candidate(&mut starts, &self.prefixes, hay) {
                let Some((phrase, end)) = self.anchored.longest_match_at(hay, start) else {
                    continue;
                };
                if end > range.end {
                    continue;
                }
                starts.skip_to(end);
                return Some((phrase, start, end));
            }
            None
        })
    }
}
