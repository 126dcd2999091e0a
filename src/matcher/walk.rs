//! The anchored walk: the longest pattern that matches at one position.
//!
//! The automaton is aho-corasick's contiguous NFA over the lower-cased patterns, walked anchored:
//! without failure transitions it is the patterns' trie, a few words a state, small enough for
//! the states walks visit to stay in the L1 cache. (Its DFA, a 32-entry row a state, is some
//! 170 KB for the built-in glossary; walks over it were slower, and it builds slower.) The walk
//! is written here, over the `Automaton` trait, so that it is inlined into the search loop and
//! lower-cases the text byte by byte as it goes.
//!
//! Each byte walked is a dependent load and the walk's end an unpredictable branch, and the
//! first bytes are the ones the prefix test has just looked at. So [`Heads`] keeps, for each
//! lower-cased 4- and 8-byte prefix of a pattern, where a walk stands after it: the state, and
//! the longest match so far. A walk starts after the longest prefix found, one hash probe each;
//! from the start when none is (only a short pattern can match there, or the prefix test let
//! the position through by a hash collision).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{nfa, Anchored, MatchKind};

/// The automaton and its heads: finds the longest pattern at a position.
#[derive(Debug, Clone)]
pub(super) struct AnchoredSearch {
    /// Boxed: the NFA carries a 256-byte class table.
    automaton: Box<nfa::contiguous::NFA>,
    heads: Heads,
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
        let heads = Heads::new(&automaton, lowered);
        Some(AnchoredSearch {
            automaton: Box::new(automaton),
            heads,
        })
    }

    /// The longest pattern matching at `hay[start..]`, ASCII case ignored, as (pattern, end):
    /// what a leftmost-longest search finds when its leftmost match begins at `start`.
    #[inline(always)]
    pub(super) fn longest_match_at(&self, hay: &[u8], start: usize) -> Option<(usize, usize)> {
        let automaton = &*self.automaton;
        let mut head = None;
        for len in HEAD_LENGTHS {
            let Some(prefix) = hay.get(start..start + len) else {
                break;
            };
            match self.heads.get(ascii_lowercase(little_endian(prefix)), len) {
                Some(found) => head = Some(found),
                None => break,
            }
        }
        let (_, longest) = match head {
            Some(head) => walk(
                automaton,
                head.state,
                &hay[start + head.len as usize..],
                head.len as usize,
                head.longest.map(|(p, len)| (p as usize, len as usize)),
            ),
            None => walk(
                automaton,
                automaton.start_state(Anchored::Yes).ok()?,
                &hay[start..],
                0,
                None,
            ),
        };
        longest.map(|(pattern, len)| (pattern, start + len))
    }
}

/// The prefix lengths [`Heads`] knows: a walk skips to the longest of them the text agrees with.
const HEAD_LENGTHS: [usize; 2] = [4, 8];

/// Where walks stand after the first four or eight bytes of the patterns that long.
#[derive(Debug, Clone)]
pub(super) struct Heads {
    /// Open addressing with linear probing, at most half full; `len == 0` marks a free slot.
    slots: Box<[Head]>,
    /// `64 - log2(slots.len())`.
    shift: u32,
}

#[derive(Debug, Clone, Copy)]
struct Head {
    /// The prefix, lower-cased, as a little-endian number.
    prefix: u64,
    /// Its length: one of [`HEAD_LENGTHS`].
    len: u32,
    /// The automaton's state after it.
    state: StateID,
    /// The longest pattern it holds whole, as (pattern, length).
    longest: Option<(u32, u32)>,
}

impl Heads {
    /// The heads of the `lowered` patterns in `automaton` (built from them).
    fn new<A: Automaton>(automaton: &A, lowered: &[Vec<u8>]) -> Heads {
        // As (length, little-endian number): sorted and deduplicated without comparing slices.
        let mut prefixes: Vec<(usize, u64)> = HEAD_LENGTHS
            .iter()
            .flat_map(|&len| {
                lowered
                    .iter()
                    .filter_map(move |p| Some((len, little_endian(p.get(..len)?))))
            })
            .collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        let bits = (prefixes.len() * 2)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let free = Head {
            prefix: 0,
            len: 0,
            state: StateID::ZERO,
            longest: None,
        };
        let mut heads = Heads {
            slots: vec![free; 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
        };
        let Ok(start) = automaton.start_state(Anchored::Yes) else {
            return heads;
        };
        for (len, key) in prefixes {
            let prefix = &key.to_le_bytes()[..len];
            let (state, longest) = walk(automaton, start, prefix, 0, None);
            let state = state.expect("a pattern's prefix leads somewhere");
            let mut i = heads.slot(key);
            while heads.slots[i].len != 0 {
                i = (i + 1) % heads.slots.len();
            }
            heads.slots[i] = Head {
                prefix: key,
                len: len as u32,
                state,
                longest: longest.map(|(p, len)| (p as u32, len as u32)),
            };
        }
        heads
    }

    /// The head for a lower-cased prefix of `len` bytes, if a pattern begins with it.
    #[inline(always)]
    fn get(&self, prefix: u64, len: usize) -> Option<&Head> {
        let mut i = self.slot(prefix);
        loop {
            let head = &self.slots[i];
            if head.prefix == prefix && head.len as usize == len {
                return Some(head);
            }
            if head.len == 0 {
                return None;
            }
            i = (i + 1) % self.slots.len();
        }
    }

    /// Fibonacci hashing: the top bits of the key times 2^64/φ.
    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }
}

/// Up to eight bytes as a little-endian number.
#[inline(always)]
fn little_endian(bytes: &[u8]) -> u64 {
    let mut padded = [0; 8];
    padded[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(padded)
}

/// ASCII-lower-cases eight bytes at once: adds 0x20 to each byte in `A..=Z`.
#[inline(always)]
fn ascii_lowercase(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = x & (0x7F * ONES);
    // Bit 7 of each byte of `at_least_a`: low7 >= 'A'; of `above_z`: low7 > 'Z'. No carries:
    // low7 + 0x3F and low7 + 0x25 stay below 0x100.
    let at_least_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let above_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    let upper = at_least_a & !above_z & !x & (0x80 * ONES);
    x | (upper >> 2)
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

    #[test]
    fn ascii_lowercase_lowers_exactly_the_ascii_capitals() {
        for b in 0..=255u8 {
            for filler in [0u8, b'A', b'z', 0x7F, 0x80, 0xFF] {
                for at in 0..8 {
                    let mut bytes = [filler; 8];
                    bytes[at] = b;
                    let expected = u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase()));
                    assert_eq!(
                        ascii_lowercase(u64::from_le_bytes(bytes)),
                        expected,
                        "{bytes:?}"
                    );
                }
            }
        }
    }

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
