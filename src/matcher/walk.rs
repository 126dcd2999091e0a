//! The anchored walk: the longest pattern that matches at one position.
//!
//! The automaton is aho-corasick's own (a DFA, or a contiguous NFA for large glossaries) built
//! for anchored searches over the lower-cased patterns; the walk is written here, over the
//! `Automaton` trait, so that it is inlined into the search loop and lower-cases the text byte
//! by byte as it goes.

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa, Anchored, MatchKind, StartKind};

/// An automaton built for anchored searches, of a concrete type so that its walk, a few bytes
/// long, is inlined into the search loop. (Boxed: a DFA is some 500 bytes.)
#[derive(Debug, Clone)]
pub(super) enum AnchoredAutomaton {
    Dfa(Box<dfa::DFA>),
    Nfa(Box<nfa::contiguous::NFA>),
}

impl AnchoredAutomaton {
    /// The automaton for anchored searches over lower-cased patterns; `None` if it cannot be built.
    pub(super) fn build(lowered: &[Vec<u8>], use_dfa: bool) -> Option<AnchoredAutomaton> {
        if use_dfa {
            let dfa = dfa::DFA::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .prefilter(false)
                .build(lowered);
            if let Ok(dfa) = dfa {
                return Some(AnchoredAutomaton::Dfa(Box::new(dfa)));
            }
        }
        nfa::contiguous::NFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(lowered)
            .ok()
            .map(|nfa| AnchoredAutomaton::Nfa(Box::new(nfa)))
    }
}

/// The longest pattern matching at `hay[start..]`, ASCII case ignored, as (pattern, end): what
/// a leftmost-longest search finds when its leftmost match begins at `start`.
#[inline(always)]
pub(super) fn longest_match_at<A: Automaton>(
    automaton: &A,
    hay: &[u8],
    start: usize,
) -> Option<(usize, usize)> {
    let mut state = automaton.start_state(Anchored::Yes).ok()?;
    let mut longest = None;
    for (len, &byte) in (1..).zip(&hay[start..]) {
        state = automaton.next_state(Anchored::Yes, state, byte.to_ascii_lowercase());
        if automaton.is_special(state) {
            if automaton.is_dead(state) {
                break;
            }
            if automaton.is_match(state) {
                // A match state may also hold a match found through a failure transition,
                // which began after `start`; an anchored search ignores it (as aho-corasick's
                // own search loop does).
                let pattern = automaton.match_pattern(state, 0);
                if automaton.pattern_len(pattern) == len {
                    longest = Some((pattern.as_usize(), start + len));
                }
            }
        }
    }
    longest
}
