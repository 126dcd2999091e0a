//! Word starts: the only places where the matcher can accept a term.
//!
//! A *word start* is a position whose byte is an ASCII word byte (a letter, a digit or `_`) and
//! whose previous byte is not one (position 0 included). Every term the matcher accepts begins
//! with an ASCII word byte (see the module above) and after a char that is not a word char, so
//! it begins at a word start. The converse does not hold, on purpose: when the previous byte is
//! ≥ 0x80 the position is a word start here, whether that char is punctuation (`“`) or a letter
//! (`é`); the matcher's verification then decides with the real Unicode char.
//!
//! Word starts are found 64 bytes at a time: a 64-bit mask of the block's word bytes (SSE2,
//! four 16-byte compares and `movemask`s, on x86_64; a byte loop elsewhere), then
//! `word & !(word << 1 | previous)`, where `previous` is the word-ness of the byte before the
//! block. The iterator reads that byte again rather than carrying it from block to block, so it
//! can resume anywhere after a match.

/// Bytes scanned per block: one bit of a `u64` each.
const BLOCK: usize = 64;

/// Whether `b` is an ASCII letter, digit or `_`: a byte that continues a word.
#[inline]
pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The word starts of a byte string, in increasing order.
///
/// ```text
/// "a VAR's (reseller)"   →   0, 2, 6, 9
/// ```
#[derive(Debug, Clone)]
pub(super) struct WordStarts<'h> {
    hay: &'h [u8],
    /// Offset of the block `starts` describes.
    base: usize,
    /// Word starts not yet returned in the current block: bit `i` is offset `base + i`.
    starts: u64,
    /// Offset of the next block to scan.
    next_block: usize,
}

impl<'h> WordStarts<'h> {
    /// Word starts of the whole of `hay`.
    pub(super) fn new(hay: &'h [u8]) -> WordStarts<'h> {
        WordStarts {
            hay,
            base: 0,
            starts: 0,
            next_block: 0,
        }
    }

    /// Drops the word starts before `pos`, which must be after the last one returned.
    #[inline(always)]
    pub(super) fn skip_to(&mut self, pos: usize) {
        debug_assert!(pos >= self.base);
        if pos < self.next_block {
            // Inside the current block: `pos - base` is in 0..BLOCK.
            self.starts &= u64::MAX << (pos - self.base);
        } else {
            self.starts = 0;
            self.next_block = pos;
        }
    }
}

impl Iterator for WordStarts<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.starts == 0 {
            if self.next_block >= self.hay.len() {
                return None;
            }
            self.base = self.next_block;
            self.starts = starts_in_block(self.hay, self.base, word_byte_mask);
            self.next_block = self.base + BLOCK;
        }
        let offset = self.starts.trailing_zeros() as usize;
        self.starts &= self.starts - 1;
        Some(self.base + offset)
    }
}

/// The word starts in `hay[at..at + BLOCK]` as a mask (bit `i` for `at + i`), using
/// `word_bytes` to classify a block's bytes. Past the end of `hay` the block is padded with
/// zero bytes, which are not word bytes and so start nothing.
#[inline(always)]
fn starts_in_block(hay: &[u8], at: usize, word_bytes: fn(&[u8; BLOCK]) -> u64) -> u64 {
    let words = match hay.get(at..at + BLOCK) {
        Some(block) => word_bytes(block.try_into().expect("a slice of BLOCK bytes")),
        None => {
            let mut padded = [0u8; BLOCK];
            let rest = &hay[at..];
            padded[..rest.len()].copy_from_slice(rest);
            word_bytes(&padded)
        }
    };
    let previous = at > 0 && is_word_byte(hay[at - 1]);
    words & !(words << 1 | u64::from(previous))
}

/// Bit `i` set when `block[i]` is a word byte: SSE2, which every x86_64 CPU has.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn word_byte_mask(block: &[u8; BLOCK]) -> u64 {
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_loadu_si128, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    let mut mask = 0u64;
    for (i, chunk) in block.chunks_exact(16).enumerate() {
        // SAFETY: SSE2 is part of the x86_64 baseline, so these intrinsics exist on every CPU
        // this code is compiled for; the unaligned load reads exactly the 16 bytes of `chunk`
        // (`chunks_exact` guarantees its length).
        let bits = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            // SSE2 compares bytes as signed, so "x - lo < n" (unsigned) is computed as
            // "x + (0x80 - lo) < n - 128" (signed): the bias maps lo..lo+n to -128..n-128,
            // and every other byte to n-128..127.
            let in_range = |v, lo: u8, n: u8| {
                let biased = _mm_add_epi8(v, _mm_set1_epi8(0x80u8.wrapping_sub(lo) as i8));
                _mm_cmplt_epi8(biased, _mm_set1_epi8(n.wrapping_add(0x80) as i8))
            };
            // Setting bit 5 lower-cases ASCII letters and moves nothing else into a..z.
            let letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', 26);
            let digit = in_range(v, b'0', 10);
            let underscore = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'_' as i8));
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), underscore))
        };
        mask |= u64::from(bits as u16) << (16 * i);
    }
    mask
}

/// Bit `i` set when `block[i]` is a word byte: the portable version.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn word_byte_mask(block: &[u8; BLOCK]) -> u64 {
    word_byte_mask_scalar(block)
}

/// Bit `i` set when `block[i]` is a word byte, one byte at a time: the fallback for other
/// architectures, and on x86_64 the reference the SSE2 version is tested against.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline(always)]
fn word_byte_mask_scalar(block: &[u8; BLOCK]) -> u64 {
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | u64::from(is_word_byte(b)) << i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one byte at a time.
    fn naive_word_starts(hay: &[u8]) -> Vec<usize> {
        (0..hay.len())
            .filter(|&i| is_word_byte(hay[i]) && (i == 0 || !is_word_byte(hay[i - 1])))
            .collect()
    }

    /// Word starts block by block with the portable classifier.
    fn scalar_word_starts(hay: &[u8]) -> Vec<usize> {
        let mut out = Vec::new();
        for at in (0..hay.len()).step_by(BLOCK) {
            let mut starts = starts_in_block(hay, at, word_byte_mask_scalar);
            while starts != 0 {
                out.push(at + starts.trailing_zeros() as usize);
                starts &= starts - 1;
            }
        }
        out
    }

    fn all_ways(hay: &[u8]) -> [Vec<usize>; 3] {
        [
            WordStarts::new(hay).collect(),
            scalar_word_starts(hay),
            naive_word_starts(hay),
        ]
    }

    fn assert_all_agree(hay: &[u8]) {
        let [native, scalar, naive] = all_ways(hay);
        assert_eq!(native, naive, "native vs naive on {hay:?}");
        assert_eq!(scalar, naive, "scalar vs naive on {hay:?}");
    }

    /// SplitMix64, so the random cases are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
    }

    #[test]
    fn every_byte_value_is_classified_like_the_definition() {
        for b in 0..=255u8 {
            let block = [b; BLOCK];
            let expected = if is_word_byte(b) { u64::MAX } else { 0 };
            assert_eq!(word_byte_mask(&block), expected, "byte {b:#04x}");
            assert_eq!(word_byte_mask_scalar(&block), expected, "byte {b:#04x}");
        }
    }

    #[test]
    fn simd_and_scalar_masks_agree_on_random_blocks() {
        let mut rng = Rng(1);
        for _ in 0..10_000 {
            let mut block = [0u8; BLOCK];
            for b in &mut block {
                *b = rng.next() as u8;
            }
            assert_eq!(word_byte_mask(&block), word_byte_mask_scalar(&block));
        }
    }

    #[test]
    fn empty_and_tiny_texts() {
        assert_all_agree(b"");
        assert_all_agree(b"a");
        assert_all_agree(b" ");
        assert_all_agree("é".as_bytes());
        assert_eq!(WordStarts::new(b"a").collect::<Vec<_>>(), [0]);
        assert_eq!(WordStarts::new(b"").count(), 0);
    }

    #[test]
    fn the_example() {
        let hay = b"a VAR's (reseller)";
        assert_eq!(WordStarts::new(hay).collect::<Vec<_>>(), [0, 2, 6, 9]);
        assert_all_agree(hay);
    }

    #[test]
    fn bytes_after_non_ascii_are_word_starts() {
        // "é" and "“" both end in a continuation byte: the matcher decides, not the scanner.
        let hay = "éx “y".as_bytes();
        assert_eq!(WordStarts::new(hay).collect::<Vec<_>>(), [2, 7]);
        assert_all_agree(hay);
    }

    #[test]
    fn words_across_block_boundaries() {
        // A word ending, starting, or running across offsets 15/16/17 (SSE2 lanes) and
        // 63/64/65 (blocks).
        for boundary in [16, 64, 128] {
            for word_start in boundary - 3..=boundary + 1 {
                for word_len in 1..=4 {
                    let mut hay = vec![b' '; boundary + 8];
                    hay[word_start..word_start + word_len].fill(b'w');
                    assert_all_agree(&hay);
                    hay.truncate(word_start + word_len);
                    assert_all_agree(&hay);
                    hay.truncate(boundary);
                    assert_all_agree(&hay);
                }
            }
        }
        for len in [15, 16, 17, 63, 64, 65] {
            assert_all_agree(&vec![b'x'; len]);
            assert_all_agree(&b"x ".repeat(len));
        }
    }

    #[test]
    fn random_byte_strings_including_utf8() {
        let mut rng = Rng(2);
        let pieces: [&[u8]; 10] = [
            b"a",
            b"Z",
            b"_",
            b"7",
            b" ",
            b"-",
            "é".as_bytes(),
            "“".as_bytes(),
            "😀".as_bytes(),
            "伙".as_bytes(),
        ];
        for _ in 0..2_000 {
            let len = (rng.next() % 300) as usize;
            let mut hay = Vec::with_capacity(len * 2);
            while hay.len() < len {
                if rng.next() % 4 == 0 {
                    hay.push(rng.next() as u8);
                } else {
                    hay.extend_from_slice(pieces[(rng.next() % 10) as usize]);
                }
            }
            assert_all_agree(&hay);
        }
    }

    #[test]
    fn skip_to_drops_earlier_starts_in_and_past_the_block() {
        let hay = b"ab cd ef ".repeat(30);
        let naive = naive_word_starts(&hay);
        for skip in [4, 60, 63, 64, 65, 100, 200, hay.len()] {
            let mut starts = WordStarts::new(&hay);
            assert_eq!(starts.next(), Some(0));
            starts.skip_to(skip);
            let rest: Vec<usize> = starts.collect();
            let expected: Vec<usize> = naive.iter().copied().filter(|&s| s >= skip).collect();
            assert_eq!(rest, expected, "skip to {skip}");
        }
    }
}
