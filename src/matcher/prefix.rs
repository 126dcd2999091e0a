//! The prefix test: at a word start, "could any pattern begin here?" in a couple of loads,
//! before the automaton is asked.
//!
//! Two bit tables, built from the patterns:
//! - *quads*, for patterns of four bytes or more: one bit per hash of the first four bytes,
//!   case-folded by setting bit 5 of each byte (`| 0x20`). Two bytes that are equal up to ASCII
//!   case stay equal after that, so a position the automaton (which compares ASCII-lower-cased
//!   bytes) could match always finds its bit; a few other bytes collide too (`_` and DEL,
//!   `@` and `` ` ``), which, like a hash collision, only lets a useless position through.
//! - *pairs*, for patterns of two or three bytes: one bit per exact first two bytes. A
//!   case-sensitive pattern (an acronym: `SI`) sets only its own bytes, so the many English words
//!   starting "si" are not candidates; any other sets every ASCII-case variant.
//!
//! A position with fewer than four bytes left always passes. The test never rejects a position
//! where a match could be *accepted*; it does reject some positions where a case-sensitive
//! pattern matches the lower-cased text only, whose verification would fail anyway.

/// Sets bit 5 of each of four bytes: ASCII capitals become lower case, lower case and digits
/// stay, and a few other bytes meet another (`@` and `` ` ``, a control byte and a digit or
/// punctuation), which only costs a useless walk.
const FOLD: u32 = 0x2020_2020;

/// Smallest and largest quad table, in bits (as a power of two).
const QUAD_BITS_MIN: u32 = 12;
const QUAD_BITS_MAX: u32 = 18;

/// Possible pattern prefixes; see the module docs.
#[derive(Debug, Clone)]
pub(super) struct PrefixFilter {
    /// Bit `hash(first four bytes | FOLD)`, for patterns of four bytes or more.
    quads: Box<[u64]>,
    /// `32 - log2(quad table bits)`: the hash keeps the top bits of a product.
    quad_shift: u32,
    /// Bit `u16::from_le_bytes(first two bytes)`, for patterns of two or three bytes. A fixed
    /// size, so indexing it needs no bounds check.
    pairs: Box<[u64; 1 << 10]>,
}

impl PrefixFilter {
    /// The filter for `patterns`: (text as written, whether it is matched case-sensitively).
    /// Every pattern must be at least two bytes long.
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = (&'a str, bool)>) -> PrefixFilter {
        let mut quad_keys = Vec::new();
        let mut pair_keys = Vec::new();
        for (text, case_sensitive) in patterns {
            let b = text.as_bytes();
            assert!(
                b.len() >= 2,
                "prefix tables need two-byte patterns: {text:?}"
            );
            if let Some(&[b0, b1, b2, b3]) = b.get(..4) {
                let lower = [b0, b1, b2, b3].map(|b| b.to_ascii_lowercase());
                quad_keys.push(u32::from_le_bytes(lower) | FOLD);
            } else if case_sensitive {
                pair_keys.push(u16::from_le_bytes([b[0], b[1]]));
            } else {
                for b0 in [b[0].to_ascii_lowercase(), b[0].to_ascii_uppercase()] {
                    for b1 in [b[1].to_ascii_lowercase(), b[1].to_ascii_uppercase()] {
                        pair_keys.push(u16::from_le_bytes([b0, b1]));
                    }
                }
            }
        }
        quad_keys.sort_unstable();
        quad_keys.dedup();
        // About 64 bits per distinct prefix: under 2% of positions pass by collision.
        let quad_bits = (quad_keys.len() * 64)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(QUAD_BITS_MIN, QUAD_BITS_MAX);
        let mut filter = PrefixFilter {
            quads: vec![0; 1 << (quad_bits - 6)].into_boxed_slice(),
            quad_shift: 32 - quad_bits,
            pairs: Box::new([0; 1 << 10]),
        };
        for key in quad_keys {
            let i = filter.quad_index(key);
            set_bit(&mut filter.quads, i);
        }
        for key in pair_keys {
            set_bit(&mut filter.pairs[..], usize::from(key));
        }
        filter
    }

    /// Whether some pattern could match at `hay[at..]`; false only when none can be accepted.
    #[inline(always)]
    pub(super) fn may_match_at(&self, hay: &[u8], at: usize) -> bool {
        let Some(&[b0, b1, b2, b3]) = hay.get(at..at + 4) else {
            return true;
        };
        let quad = u32::from_le_bytes([b0, b1, b2, b3]);
        bit(&self.quads, self.quad_index(quad | FOLD))
            || bit(&self.pairs[..], usize::from(u16::from_le_bytes([b0, b1])))
    }

    /// Fibonacci hashing: the top bits of the key times 2^32/φ.
    #[inline(always)]
    fn quad_index(&self, folded: u32) -> usize {
        (folded.wrapping_mul(0x9E37_79B1) >> self.quad_shift) as usize
    }
}

fn set_bit(table: &mut [u64], i: usize) {
    table[i / 64] |= 1 << (i % 64);
}

#[inline(always)]
fn bit(table: &[u64], i: usize) -> bool {
    table[i / 64] & (1 << (i % 64)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes(filter: &PrefixFilter, text: &str) -> bool {
        filter.may_match_at(text.as_bytes(), 0)
    }

    #[test]
    fn long_patterns_pass_in_any_case_and_only_their_prefix() {
        let f = PrefixFilter::new([("reseller", false), ("B2B affiliate", false)]);
        for yes in ["reseller", "RESELLERS", "ReSe", "b2b affiliate", "B2B A"] {
            assert!(passes(&f, yes), "{yes}");
        }
        for no in ["resale", "the reseller", "b2b-affiliate", "b2c "] {
            assert!(!passes(&f, no), "{no}");
        }
    }

    #[test]
    fn short_acronyms_pass_in_their_own_case_only() {
        let f = PrefixFilter::new([("SI", true), ("SIs", true), ("ok", false)]);
        for yes in ["SI, ", "SIs ", "ok, ", "OK, ", "oK; ", "Ok. "] {
            assert!(passes(&f, yes), "{yes}");
        }
        for no in ["since", "Sign", "sI, ", "oh, "] {
            assert!(!passes(&f, no), "{no}");
        }
    }

    #[test]
    fn positions_near_the_end_always_pass() {
        let f = PrefixFilter::new([("reseller", false)]);
        assert!(f.may_match_at(b"xyz", 0));
        assert!(f.may_match_at(b"a xyz", 2));
        assert!(!f.may_match_at(b"a xyzw", 2));
    }

    #[test]
    fn non_ascii_prefixes_match_their_own_bytes() {
        let f = PrefixFilter::new([("café partner", false), ("Zürich", false)]);
        assert!(passes(&f, "CAFé partner"));
        assert!(passes(&f, "zürich"));
        assert!(!passes(&f, "cafe"));
    }
}
