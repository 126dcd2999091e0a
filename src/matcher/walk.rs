//! The anchored walk: the longest pattern that matches at one position.
//!
//! The automaton is aho-corasick's contiguous NFA over the lower-cased patterns, walked anchored:
//! without failure transitions it is the patterns' trie, a few words a state, small enough for
//! the states walks visit to stay in the L1 cache. (Its DFA, a 32-entry row a state, is some
//! 170 KB for the built-in glossary; walks over it were slower, and it builds slower.) The walk
//! is written here, over the `Automaton` trait, so that it is inlined into the search loop and
//! lower-cases the text byte by byte as it goes.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{nfa, Anchored, MatchKind};

/// The automaton: finds the longest pattern at a position.
#[derive(Debug, Clone)]
pub(super) struct AnchoredSearch {
    /// Boxed: the NFA carries a 256-byte class table.
    automaton: Box<nfa::contiguous::NFA>,
}

impl AnchoredSearch {
    /// The search for the `lowered` (ASCII-lower-cased) patterns, in the order of their ids;
    /// `None` if the automaton cannot be built.
    pub(super) fn new(lowered: &[Vec<u8>]) -> Option<AnchoredSearch> {
        let automaton = nfa::contiguous::NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(lowered)
            .ok()?;
        Some(AnchoredSearch {
            automaton: Box::new(automaton),
        })
    }

    /// The longest pattern matching at `hay[start..]`, ASCII case ignored, as (pattern, end):
    /// what a leftmost-longest search finds when its leftmost match begins at `start`.
    #[inline(always)]
    pub(super) fn longest_match_at(&self, hay: &[u8], start: usize) -> Option<(usize, usize)> {
        let automaton = &*self.automaton;
        let start_state = automaton.start_state(Anchored::Yes).ok()?;
        let (_, longest) = walk(automaton, start_state, &hay[start..], 0, None);
        longest.map(|(pattern, len)| (pattern, start + len))
    }
}

/// Walks `bytes`, lower-cased, from `state`, `walked` bytes into the walk, until the automaton
/// dies or the bytes end. Returns the state it ends in (`None`: dead) and the longest match
/// since the walk's start as (pattern, length), `longest` if none is longer.
#[inline(always)]
fn walk<A: Automaton>(
    automaton: &A,
    mut state: StateID,
    bytes: &[u8],
    walked: usize,
    mut longest: Option<(usize, usize)>,
) -> (Option<StateID>, Option<(usize, usize)>) {
    for (len, &byte) in (walked + 1..).zip(bytes) {
        state = automaton.next_state(Anchored::Yes, state, byte.to_ascii_lowercase());
        if automaton.is_special(state) {
            if automaton.is_dead(state) {
                return (None, longest);
            }
            if automaton.is_match(state) {
                // A match state may also hold a match found through a failure transition,
                // which began after the walk's start; an anchored search ignores it (as
                // aho-corasick's own search loop does).
                let pattern = automaton.match_pattern(state, 0);
                if automaton.pattern_len(pattern) == len {
                    longest = Some((pattern.as_usize(), len));
                }
            }
        }
    }
    (Some(state), longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: the longest pattern the lower-cased text starts with; of equal
    /// patterns, the first.
    fn naive_longest(patterns: &[Vec<u8>], hay: &[u8], start: usize) -> Option<(usize, usize)> {
        let rest = hay[start..].to_ascii_lowercase();
        let mut best: Option<(usize, usize)> = None;
        for (id, p) in patterns.iter().enumerate() {
            if rest.starts_with(p) && best.is_none_or(|(_, end)| start + p.len() > end) {
                best = Some((id, start + p.len()));
            }
        }
        best
    }

    #[test]
    fn longest_match_at_agrees_with_the_definition() {
        // Short patterns, patterns of exactly four and eight bytes, shared prefixes, one
        // pattern inside another's prefix ("ok" in "book"), a duplicate, non-ASCII bytes.
        let patterns: Vec<Vec<u8>> = [
            "si",
            "sis",
            "sip partner",
            "ok",
            "bookkeeping",
            "book",
            "abcd",
            "abcdefgh",
            "abcdefghij",
            "abcdefgh ij",
            "abc",
            "ok",
            "café crème",
            "caf",
            "partner",
            "partners",
            "partner-led growth",
            "partner ecosystem",
        ]
        .iter()
        .map(|p| p.as_bytes().to_vec())
        .collect();
        let search = AnchoredSearch::new(&patterns).unwrap();
        let mut state = 7u64;
        let mut random = |n: usize| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize % n
        };
        let glue = [" ", "", "-", "x", "É", "\u{1f}"];
        for _ in 0..3_000 {
            let mut hay = Vec::new();
            for _ in 0..random(6) {
                let p = &patterns[random(patterns.len())];
                let cut = if random(3) == 0 {
                    random(p.len() + 1)
                } else {
                    p.len()
                };
                hay.extend(p[..cut].iter().map(|&b| {
                    if random(2) == 0 {
                        b.to_ascii_uppercase()
                    } else {
                        b
                    }
                }));
                hay.extend_from_slice(glue[random(glue.len())].as_bytes());
            }
            for start in 0..hay.len() {
                assert_eq!(
                    search.longest_match_at(&hay, start),
                    naive_longest(&patterns, &hay, start),
                    "at {start} in {:?}",
                    String::from_utf8_lossy(&hay)
                );
            }
        }
    }
}
