//! Stage 2: the folded text — prose joined into one string the matcher can scan in one pass.
//!
//! The matcher must find "value-added reseller" whether the writer broke it over a line
//! ("value-added⏎reseller"), indented the continuation, or used a non-breaking space (U+00A0) or
//! a non-breaking hyphen (U+2011). Rather than multiply every pattern by every way of writing a
//! space, the prose is *folded*: each run of white space becomes one `' '`, U+2010/U+2011 become
//! `'-'`, and spans are joined according to their [`Join`]: a soft break becomes a space, a new
//! block becomes `'\n'` (a sentence and term boundary), a skipped code span or URL becomes
//! [`BARRIER`] (a term boundary that does not end the sentence).
//!
//! Offsets are mapped back exactly through *anchors*: points where the difference between
//! folded and original offsets changes. Text copied verbatim needs none, so there are about as
//! many anchors as folded line breaks, and mapping is a binary search.

use crate::prose::{BlockKind, Join, Marks, Prose};

/// Stands between two spans separated by skipped inline content (code, a URL, HTML).
pub const BARRIER: char = '\u{1f}';

/// Prose folded for matching, with the map back to document offsets.
#[derive(Debug, Clone, Default)]
pub struct FoldedText {
    text: String,
    /// (folded offset, original offset) where the offset difference changes; sorted.
    anchors: Vec<(usize, usize)>,
    /// (folded offset where a block starts, its kind); sorted.
    blocks: Vec<(usize, BlockKind)>,
    /// (folded offset where the inline marks change, the marks from there on); sorted.
    marks: Vec<(usize, Marks)>,
}

impl FoldedText {
    /// Folds the prose spans of `text`.
    ///
    /// ```
    /// use glossary_lsp::{fold::FoldedText, prose::{prose_ranges, Format}};
    /// let doc = "A value-added\n   reseller.";
    /// let folded = FoldedText::new(doc, &prose_ranges(doc, Format::PlainText));
    /// assert_eq!(folded.as_str(), "A value-added reseller.");
    /// assert_eq!(folded.to_original(14), 17); // the "r" of "reseller"
    /// ```
    pub fn new(text: &str, prose: &Prose) -> FoldedText {
        let mut f = FoldedText {
            text: String::with_capacity(text.len()),
            // Markup between spans usually shifts the offsets: about one anchor per span.
            anchors: Vec::with_capacity(prose.spans.len() + 1),
            blocks: Vec::with_capacity(prose.spans.len() / 4 + 1),
            marks: Vec::with_capacity(prose.spans.len() / 4 + 1),
        };
        for span in &prose.spans {
            let separator = match span.join {
                Join::NewBlock => Some('\n'),
                Join::SoftBreak => Some(' '),
                Join::Barrier => Some(BARRIER),
                Join::Adjacent => None,
            };
            if let Some(sep) = separator {
                if !(f.text.is_empty() || sep == ' ' && f.text.ends_with(' ')) {
                    // The separator maps to where the span starts: a match never begins or
                    // ends on one, so its mapping only has to be in range.
                    f.push_mapped(sep, span.range.start);
                }
            }
            if span.join == Join::NewBlock || f.blocks.is_empty() {
                f.blocks.push((f.text.len(), span.kind));
            }
            if f.marks.last().map_or(Marks::NONE, |&(_, m)| m) != span.marks {
                f.marks.push((f.text.len(), span.marks));
            }
            f.fold_span(&text[span.range.clone()], span.range.start);
        }
        f
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a folded offset (a match start) to its document offset.
    pub fn to_original(&self, folded: usize) -> usize {
        let i = self.anchors.partition_point(|&(f, _)| f <= folded);
        match i {
            0 => folded,
            _ => {
                let (f, o) = self.anchors[i - 1];
                o + (folded - f)
            }
        }
    }

    /// Maps a folded *end* offset (exclusive) to its document offset: the end of the last byte
    /// before it, so a match that ends a line does not swallow the folded line break.
    pub fn to_original_end(&self, folded_end: usize) -> usize {
        if folded_end == 0 {
            return self.to_original(0);
        }
        self.to_original(folded_end - 1) + 1
    }

    /// The kind of block that folded offset `at` lies in.
    pub fn block_kind(&self, at: usize) -> BlockKind {
        let i = self.blocks.partition_point(|&(f, _)| f <= at);
        if i == 0 {
            BlockKind::Paragraph
        } else {
            self.blocks[i - 1].1
        }
    }

    /// The inline marks (link text, emphasis, …) at folded offset `at`, and the folded range
    /// over which they hold (the whole link text, the whole bold phrase).
    pub fn marks_at(&self, at: usize) -> (Marks, std::ops::Range<usize>) {
        let i = self.marks.partition_point(|&(f, _)| f <= at);
        let start = if i == 0 { 0 } else { self.marks[i - 1].0 };
        let end = self.marks.get(i).map_or(self.text.len(), |&(f, _)| f);
        let marks = if i == 0 {
            Marks::NONE
        } else {
            self.marks[i - 1].1
        };
        (marks, start..end)
    }

    /// A cursor for mapping offsets that mostly come in increasing order (the matcher's):
    /// it walks forward from the last answer instead of binary-searching from scratch.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            folded: self,
            anchor: 0,
            block: 0,
        }
    }

    /// Appends `part`, the folded prose of the document part that starts at byte `offset`,
    /// as if the two had been folded together: the parts are separated by a block boundary
    /// (`'\n'`), and `part`'s offsets are shifted to document offsets.
    pub(crate) fn append(&mut self, part: &FoldedText, offset: usize) {
        if part.text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            // As in `new`: the separator maps to where the next span starts.
            self.push_mapped('\n', offset + part.to_original(0));
        }
        let shift = self.text.len();
        // Before its first anchor, `part` maps folded offsets to themselves.
        self.anchor(offset);
        for &(f, o) in &part.anchors {
            if self
                .anchors
                .last()
                .is_some_and(|&(last, _)| last == f + shift)
            {
                self.anchors.pop();
            }
            self.anchors.push((f + shift, o + offset));
        }
        self.blocks
            .extend(part.blocks.iter().map(|&(f, kind)| (f + shift, kind)));
        let last = self.marks.last().map_or(Marks::NONE, |&(_, m)| m);
        let first = part
            .marks
            .first()
            .filter(|&&(f, _)| f == 0)
            .map_or(Marks::NONE, |&(_, m)| m);
        if first != last && part.marks.first().is_none_or(|&(f, _)| f != 0) {
            self.marks.push((shift, Marks::NONE));
        }
        self.marks.extend(
            part.marks
                .iter()
                .map(|&(f, m)| (f + shift, m))
                .skip_while(|&(f, m)| f == shift && m == last),
        );
        self.text.push_str(&part.text);
    }

    /// Makes room for appending `parts` (see [`FoldedText::append`]).
    pub(crate) fn reserve<'a>(&mut self, parts: impl Iterator<Item = &'a FoldedText> + Clone) {
        let sum = |f: fn(&FoldedText) -> usize| parts.clone().map(f).sum::<usize>();
        self.text.reserve(sum(|p| p.text.len() + 1));
        self.anchors.reserve(sum(|p| p.anchors.len() + 2));
        self.blocks.reserve(sum(|p| p.blocks.len()));
        self.marks.reserve(sum(|p| p.marks.len() + 1));
    }

    /// Empties it, keeping its memory.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.anchors.clear();
        self.blocks.clear();
        self.marks.clear();
    }

    fn anchor(&mut self, original: usize) {
        let folded = self.text.len();
        let current = self
            .anchors
            .last()
            .map_or(0isize, |&(f, o)| o as isize - f as isize);
        if original as isize - folded as isize != current {
            self.anchors.push((folded, original));
        }
    }

    fn push_mapped(&mut self, c: char, original: usize) {
        self.anchor(original);
        self.text.push(c);
    }

    fn copy(&mut self, s: &str, original: usize) {
        if !s.is_empty() {
            self.anchor(original);
            self.text.push_str(s);
        }
    }

    fn push_space(&mut self, original: usize) {
        if !self.text.ends_with([' ', '\n']) && !self.text.is_empty() {
            self.push_mapped(' ', original);
        }
    }

    fn fold_span(&mut self, s: &str, base: usize) {
        let b = s.as_bytes();
        // Fast path, the common case: nothing to fold.
        let leading_space =
            b.first() == Some(&b' ') && (self.text.is_empty() || self.text.ends_with([' ', '\n']));
        if !(leading_space || may_fold(b)) {
            self.copy(s, base);
            return;
        }
        let mut run = 0; // start of the pending verbatim run
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b' ' => {
                    let prev_space = if i > run {
                        b[i - 1] == b' '
                    } else {
                        self.text.ends_with([' ', '\n']) || self.text.is_empty()
                    };
                    if prev_space {
                        self.copy(&s[run..i], base + run);
                        run = i + 1;
                    }
                    i += 1;
                }
                b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                    self.copy(&s[run..i], base + run);
                    self.push_space(base + i);
                    i += 1;
                    run = i;
                }
                0xC2 if b.get(i + 1) == Some(&0xA0) => {
                    self.copy(&s[run..i], base + run);
                    self.push_space(base + i);
                    i += 2;
                    run = i;
                }
                0xE2 if b.get(i + 1) == Some(&0x80)
                    && matches!(b.get(i + 2), Some(0x90 | 0x91 | 0xAF | 0x89 | 0x8A)) =>
                {
                    self.copy(&s[run..i], base + run);
                    if matches!(b[i + 2], 0x90 | 0x91) {
                        self.push_mapped('-', base + i);
                    } else {
                        self.push_space(base + i);
                    }
                    i += 3;
                    run = i;
                }
                _ => i += 1,
            }
        }
        self.copy(&s[run..], base + run);
    }
}

/// Whether `b` holds a byte the fold may change: a control char (tab, line break, …), the
/// lead byte of NBSP or of the Unicode hyphens and spaces (`0xC2`, `0xE2`; any byte from `0xC2`
/// up, to keep the test simple), or two spaces in a row.
///
/// It runs for every span, and spans are short (a paragraph's text between two pieces of
/// markup: ~45 bytes on average), so it looks at 16 bytes at a time with SSE2 on x86_64
/// ([`block_may_fold`]) and at eight as one `u64` elsewhere ([`word_may_fold`]); the last few
/// bytes are padded with letters.
fn may_fold(b: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        let mut previous_space = false;
        let mut blocks = b.chunks_exact(16);
        for block in &mut blocks {
            if block_may_fold(block.try_into().expect("16 bytes"), previous_space) {
                return true;
            }
            previous_space = block[15] == b' ';
        }
        let tail = blocks.remainder();
        let mut padded = [b'a'; 16];
        padded[..tail.len()].copy_from_slice(tail);
        block_may_fold(&padded, previous_space)
    }
    #[cfg(not(target_arch = "x86_64"))]
    may_fold_by_words(b)
}

/// [`may_fold`] on 16 bytes, with SSE2 (part of the x86_64 baseline): unsigned `min`/`max`
/// against the bounds find the bytes outside `0x20..0xC2`, a compare the spaces; two bit masks
/// then answer, the previous block's last space carried in.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_may_fold(block: &[u8; 16], previous_space: bool) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline, so these intrinsics exist on every CPU this
    // code is compiled for; the unaligned load reads exactly the 16 bytes of `block`.
    let (special, spaces) = unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let high = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0xc2u8 as i8)), v);
        let spaces = _mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8));
        (
            _mm_movemask_epi8(_mm_or_si128(control, high)) as u32,
            _mm_movemask_epi8(spaces) as u32,
        )
    };
    let double = spaces & ((spaces << 1) | u32::from(previous_space));
    special | double != 0
}

/// [`may_fold`] eight bytes at a time with [`word_may_fold`]: the portable version, and on
/// x86_64 the reference the SSE2 one is tested against.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn may_fold_by_words(b: &[u8]) -> bool {
    let mut previous_space = false;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        if word_may_fold(x, previous_space) {
            return true;
        }
        previous_space = w[7] == b' ';
    }
    let tail = words.remainder();
    let mut padded = [b'a'; 8];
    padded[..tail.len()].copy_from_slice(tail);
    word_may_fold(u64::from_le_bytes(padded), previous_space)
}

/// [`may_fold`] on eight bytes `x` (little-endian: byte `i` in bits `8i..8i + 8`), whose
/// preceding byte was a space if `previous_space`. Each test is exact per byte: with the high
/// bit of every byte cleared, adding a constant below `0x80` to each byte cannot carry into
/// the next one.
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline]
fn word_may_fold(x: u64, previous_space: bool) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn each(byte: u8) -> u64 {
        u64::from_le_bytes([byte; 8])
    }
    let low = x & LOW7;
    // Bytes below 0x20: high bit clear and the low seven bits below 0x20.
    let control = !(low + each(0x80 - 0x20)) & !x & HIGH;
    // Bytes from 0xC2 up: high bit set and the low seven bits at least 0x42.
    let high = (low + each(0x80 - 0x42)) & x & HIGH;
    // Spaces: the bytes where `x ^ 0x20…` is zero.
    let y = x ^ each(b' ');
    let space = !(((y & LOW7) + LOW7) | y) & HIGH;
    // Two in a row: byte i and byte i + 1, or the previous word's last byte and byte 0.
    let double = (space & (space >> 8)) | ((space & 0x80) * u64::from(previous_space));
    control | high | double != 0
}

/// Offset mapping for increasing queries; see [`FoldedText::cursor`]. Gives the same answers
/// as [`FoldedText::to_original`], [`FoldedText::to_original_end`] and
/// [`FoldedText::block_kind`] for any query order (a query behind the cursor restarts it).
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    folded: &'a FoldedText,
    /// Number of anchors at or before the last query.
    anchor: usize,
    /// Number of block starts at or before the last query.
    block: usize,
}

impl Cursor<'_> {
    /// Like [`FoldedText::to_original`].
    pub fn to_original(&mut self, folded: usize) -> usize {
        let anchors = &self.folded.anchors;
        if self.anchor > 0 && anchors[self.anchor - 1].0 > folded {
            self.anchor = 0;
        }
        while self.anchor < anchors.len() && anchors[self.anchor].0 <= folded {
            self.anchor += 1;
        }
        match self.anchor {
            0 => folded,
            i => {
                let (f, o) = anchors[i - 1];
                o + (folded - f)
            }
        }
    }

    /// Like [`FoldedText::to_original_end`].
    pub fn to_original_end(&mut self, folded_end: usize) -> usize {
        match folded_end {
            0 => self.to_original(0),
            end => self.to_original(end - 1) + 1,
        }
    }

    /// Like [`FoldedText::block_kind`].
    pub fn block_kind(&mut self, at: usize) -> BlockKind {
        let blocks = &self.folded.blocks;
        if self.block > 0 && blocks[self.block - 1].0 > at {
            self.block = 0;
        }
        while self.block < blocks.len() && blocks[self.block].0 <= at {
            self.block += 1;
        }
        match self.block {
            0 => BlockKind::Paragraph,
            i => blocks[i - 1].1,
        }
    }
}

/// Folds a glossary form or cue the same way as prose (white space runs → one space,
/// U+2010/U+2011 → `-`), so patterns and text agree.
pub fn fold_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2010}' | '\u{2011}' => out.push('-'),
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::{prose_ranges, Format};

    fn fold(doc: &str, format: Format) -> FoldedText {
        FoldedText::new(doc, &prose_ranges(doc, format))
    }

    #[test]
    fn folds_breaks_nbsp_and_nb_hyphen() {
        let doc = "value\u{2011}added\u{a0}reseller and\r\n  MSP";
        let f = fold(doc, Format::PlainText);
        assert_eq!(f.as_str(), "value-added reseller and MSP");
        let msp = f.as_str().find("MSP").unwrap();
        assert_eq!(&doc[f.to_original(msp)..f.to_original_end(msp + 3)], "MSP");
        let r = f.as_str().find("reseller").unwrap();
        assert_eq!(&doc[f.to_original(r)..f.to_original_end(r + 8)], "reseller");
    }

    #[test]
    fn markdown_blocks_and_barriers() {
        let doc = "# Head\n\nA `code` VAR\nline two.";
        let f = fold(doc, Format::Markdown);
        assert_eq!(f.as_str(), format!("Head\nA {BARRIER} VAR line two."));
        assert_eq!(f.block_kind(0), BlockKind::Heading);
        assert_eq!(f.block_kind(6), BlockKind::Paragraph);
    }

    #[test]
    fn cursor_agrees_with_the_searches_in_any_order() {
        let doc = "# H\n\nvalue-added\n  reseller and\u{a0}MSP\r\nmore\n\n| a | VAR |\n";
        let f = fold(doc, Format::Markdown);
        let mut c = f.cursor();
        let n = f.as_str().len();
        let order: Vec<usize> = (0..=n)
            .chain((0..=n).rev())
            .chain((0..=n).step_by(3))
            .collect();
        for i in order {
            assert_eq!(c.to_original(i), f.to_original(i), "{i}");
            assert_eq!(c.to_original_end(i), f.to_original_end(i), "{i}");
            assert_eq!(c.block_kind(i), f.block_kind(i), "{i}");
        }
    }

    #[test]
    fn every_folded_char_maps_into_the_document() {
        let doc = "> quoted value-added\n> reseller 👍 and\u{a0}\u{a0}MSP’s\n\n| a | VAR |\n";
        let f = fold(doc, Format::Markdown);
        for (i, c) in f.as_str().char_indices() {
            if c.is_alphanumeric() {
                let o = f.to_original(i);
                assert!(doc[o..].starts_with(c), "{i} {c:?} -> {o}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::test_support::proptest_config(3000, 0x666f_6c64))]

        /// The block test answers as the byte-by-byte definition: a byte outside
        /// `b' '..0xC2`, or two spaces in a row, anywhere (block edges included).
        #[test]
        fn may_fold_matches_its_definition(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b' ', b'a', b'z', b'\t', b'\n', 0xC2, 0xC1, 0xE2, 0x80, 0x1F]),
                0..70,
            ),
            weights in proptest::collection::vec(0u8..10, 70),
        ) {
            // Mostly letters, so that many inputs need no folding at all.
            let b: Vec<u8> = bytes.iter().zip(&weights).map(|(&c, &w)| if w < 7 && c != b' ' { b'a' } else { c }).collect();
            let expected = b.iter().any(|&c| !(b' '..0xC2).contains(&c))
                || b.windows(2).any(|w| w == b"  ");
            proptest::prop_assert_eq!(super::may_fold(&b), expected, "{:?}", b);
            proptest::prop_assert_eq!(super::may_fold_by_words(&b), expected, "{:?}", b);
        }

        /// Every byte value, at every position of a word, after a space or not.
        #[test]
        fn word_test_is_exact_per_byte(c in 0u8..=255, at in 0usize..8, previous_space: bool, fill in proptest::sample::select(vec![b'a', b' ', b'~', 0xC1])) {
            let mut w = [fill; 8];
            w[at] = c;
            let mut bytes = vec![if previous_space { b' ' } else { b'a' }];
            bytes.extend_from_slice(&w);
            let expected = bytes[1..].iter().any(|&c| !(b' '..0xC2).contains(&c))
                || bytes.windows(2).any(|p| p == b"  ");
            proptest::prop_assert_eq!(super::word_may_fold(u64::from_le_bytes(w), previous_space), expected, "{:?}", bytes);
        }
    }
}
