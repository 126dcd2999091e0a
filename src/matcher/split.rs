//! Cutting a folded text for a search on several threads, and joining what the parts find.
//!
//! A term never crosses a block separator (`'\n'` in folded text: soft line breaks are folded
//! to spaces), and the search reads no further than the char before a candidate and the char
//! after it, so parts that start right after a separator are searched independently and their
//! matches, in part order, are the matches of the whole.

use super::Matches;
use std::ops::Range;

/// Up to `parts` ranges covering `hay`, each but the first starting right after a `'\n'` at or
/// after its share of the text. Fewer when the text has too few separators.
pub(super) fn at_blocks(hay: &str, parts: usize) -> Vec<Range<usize>> {
    let bytes = hay.as_bytes();
    let mut starts = vec![0];
    for i in 1..parts.max(1) {
        let target = (bytes.len() * i / parts).max(starts[starts.len() - 1] + 1);
        if target >= bytes.len() {
            break;
        }
        match memchr::memchr(b'\n', &bytes[target..]) {
            Some(at) if target + at + 1 < bytes.len() => starts.push(target + at + 1),
            _ => break,
        }
    }
    let mut ranges: Vec<Range<usize>> = starts.windows(2).map(|w| w[0]..w[1]).collect();
    ranges.push(starts[starts.len() - 1]..bytes.len());
    ranges
}

/// The matches of consecutive parts, in order.
pub(super) fn join(parts: impl Iterator<Item = Matches>) -> Matches {
    let mut out = Matches::default();
    for part in parts {
        out.terms.extend(part.terms);
        out.other_meanings.extend(part.other_meanings);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::at_blocks;

    #[test]
    fn parts_start_after_separators_and_cover_the_text() {
        let hay = "one two\nthree four\nfive six\nseven";
        let parts = at_blocks(hay, 3);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].start, 0);
        assert_eq!(parts.last().unwrap().end, hay.len());
        for w in parts.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert_eq!(&hay[w[1].start - 1..w[1].start], "\n");
        }
        assert_eq!(at_blocks("no separator at all", 4), vec![0..19]);
        assert_eq!(at_blocks("", 2), vec![0..0]);
        assert_eq!(at_blocks("a\n", 2), vec![0..2]);
    }
}
