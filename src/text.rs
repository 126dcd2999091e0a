//! Small text helpers shared by the matcher and the rules: word characters, word boundaries,
//! sentence and clause boundaries, negation. They work on folded text (see [`crate::fold`]),
//! where blocks are separated by `'\n'` and white space is already single spaces.
//!
//! # Word boundaries
//!
//! A term or cue matches only where it stands at word boundaries at both ends. The rules are
//! those of Unicode's word segmentation (UAX #29) where they matter for a term's two edges,
//! with one tailoring that the standard itself suggests for ideographic scripts:
//! - a combining mark, or any other char that extends a grapheme cluster (WB4: `Extend`,
//!   `ZWJ`), belongs to the char before it: "e\u{301}reseller" is one word, and a term followed
//!   by a mark ("reseller\u{301}") is cut mid-character, so neither is a match;
//! - invisible format characters (soft hyphen, word joiner, BOM, direction marks; WB4
//!   `Format`) are looked through;
//! - Han, kana, Hangul and Bopomofo text is written without spaces between words, so a word
//!   char of those scripts never joins a word char of another script: "我们的reseller计划" and
//!   "リセラーのVAR" contain the terms.
//!
//! Grapheme clusters come from the `unicode-segmentation` crate; an ASCII neighbour, the common
//! case, is decided without it. Only a candidate's two edges are examined, so the matcher's
//! search itself does not change.

use std::ops::Range;
use unicode_segmentation::GraphemeCursor;

/// Whether `c` is part of a word: Unicode letters and digits, and `_`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `c` belongs to a script written without spaces between words — Han (with its
/// iteration marks and radicals), Hiragana, Katakana (full and half width), Bopomofo and
/// Hangul — whose words therefore end wherever a word of another script begins.
pub fn is_ideographic_script(c: char) -> bool {
    matches!(
        c as u32,
        0x1100..=0x11FF          // Hangul Jamo
        | 0x2E80..=0x2FDF        // CJK radicals, Kangxi radicals
        | 0x3005..=0x3007        // 々 〆 〇
        | 0x3021..=0x3029        // Hangzhou numerals
        | 0x3031..=0x3035        // kana repeat marks
        | 0x3038..=0x303C
        | 0x3040..=0x31FF        // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, …
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xA960..=0xA97F        // Hangul Jamo extended A
        | 0xAC00..=0xD7FF        // Hangul syllables, Jamo extended B
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0xFF66..=0xFFDC        // half-width Katakana and Hangul
        | 0x1AFF0..=0x1B16F      // kana supplements and extensions
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// Invisible format characters that word segmentation looks through (UAX #29 `Format`, the
/// ones met in prose): soft hyphen, direction marks and embeddings, word joiner and invisible
/// operators, BOM / zero-width no-break space.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}' | '\u{FEFF}'
    )
}

/// Whether two word chars on either side of a boundary belong to one word: both are word
/// chars and neither is in an ideographic script unless both are.
fn joins(outside: char, inside: char) -> bool {
    is_word_char(outside)
        && is_word_char(inside)
        && is_ideographic_script(outside) == is_ideographic_script(inside)
}

/// Whether byte offset `at` of `s` lies between two grapheme clusters (never inside "e" +
/// U+0301, for instance).
pub fn is_grapheme_boundary(s: &str, at: usize) -> bool {
    let b = s.as_bytes();
    if at == 0 || at >= b.len() {
        return true;
    }
    // An ASCII char never extends the cluster before it; CR LF is the one ASCII pair that
    // forms a cluster.
    if b[at] < 0x80 {
        return !(b[at] == b'\n' && b[at - 1] == b'\r');
    }
    GraphemeCursor::new(at, s.len(), true)
        .is_boundary(s, 0)
        .unwrap_or(true)
}

/// The base (first) char of the grapheme cluster that ends at `at`, looking through invisible
/// format chars; `None` at the start of `s`.
fn base_before(s: &str, at: usize) -> Option<char> {
    let mut end = at;
    let last = loop {
        let c = s[..end].chars().next_back()?;
        if !is_invisible_format(c) {
            break c;
        }
        end -= c.len_utf8();
    };
    if last.is_ascii() {
        return Some(last);
    }
    let start = GraphemeCursor::new(end, s.len(), true)
        .prev_boundary(s, 0)
        .ok()
        .flatten()
        .unwrap_or(0);
    s[start..end].chars().next()
}

/// The first char at or after `at`, looking through invisible format chars.
fn char_after(s: &str, at: usize) -> Option<char> {
    s[at..].chars().find(|&c| !is_invisible_format(c))
}

/// Whether a term (or cue) that begins at byte `at` of `s` begins a word: the grapheme
/// cluster before it does not continue into its first char (see the module docs).
///
/// ```
/// use glossary_lsp::text::is_word_start;
/// assert!(is_word_start("a (VAR", 3));
/// assert!(!is_word_start("preseller", 1));
/// assert!(!is_word_start("e\u{301}reseller", 3)); // é, decomposed, then "reseller"
/// assert!(is_word_start("我们的reseller", 9));      // no space before Latin in Chinese
/// ```
pub fn is_word_start(s: &str, at: usize) -> bool {
    if let Some((before, _)) = ascii_pair(s, at) {
        // Two ASCII chars: the general rule below comes down to the char before.
        return !is_ascii_word_byte(before);
    }
    is_word_start_general(s, at)
}

/// [`is_word_start`] for any chars.
fn is_word_start_general(s: &str, at: usize) -> bool {
    match (base_before(s, at), s[at..].chars().next()) {
        (Some(outside), Some(inside)) => {
            !(joins(outside, inside) || (is_word_char(outside) && !is_word_char(inside)))
        }
        _ => true,
    }
}

/// Whether a term (or cue) that ends at byte `at` of `s` ends a word: `at` is between two
/// grapheme clusters and the char after it does not continue the word (see the module docs).
///
/// ```
/// use glossary_lsp::text::is_word_end;
/// assert!(is_word_end("VARs, and", 4));
/// assert!(!is_word_end("resellers", 8));
/// assert!(!is_word_end("reseller\u{301}", 8)); // a combining mark on the final r
/// assert!(is_word_end("VARのパートナー", 3));       // no space before kana
/// ```
pub fn is_word_end(s: &str, at: usize) -> bool {
    if let Some((before, after)) = ascii_pair(s, at) {
        // Two ASCII chars: the general rule below comes down to the char after (CR LF is one
        // grapheme cluster).
        return !(is_ascii_word_byte(after) || before == b'\r' && after == b'\n');
    }
    is_word_end_general(s, at)
}

/// The ASCII bytes on either side of `at`, when both are ASCII: the common case, which the
/// word-edge tests answer without decoding chars or looking for grapheme clusters.
#[inline]
fn ascii_pair(s: &str, at: usize) -> Option<(u8, u8)> {
    let b = s.as_bytes();
    let (&before, &after) = (b.get(at.checked_sub(1)?)?, b.get(at)?);
    (before.is_ascii() && after.is_ascii()).then_some((before, after))
}

/// [`is_word_char`] for an ASCII byte.
#[inline]
fn is_ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// [`is_word_end`] for any chars.
fn is_word_end_general(s: &str, at: usize) -> bool {
    if !is_grapheme_boundary(s, at) {
        return false;
    }
    match (base_before(s, at), char_after(s, at)) {
        (Some(inside), Some(outside)) => {
            !(joins(outside, inside) || (is_word_char(outside) && !is_word_char(inside)))
        }
        _ => true,
    }
}

/// The end of the word that runs on from byte `from` of `s`, at most `limit`: where a stem
/// cue ("integrat*") stops. Combining marks and invisible format chars stay inside the word.
pub fn word_end(s: &str, from: usize, limit: usize) -> usize {
    let mut at = from;
    while at < limit && !is_word_end(s, at) {
        at += s[at..].chars().next().map_or(1, char::len_utf8);
    }
    at.min(limit)
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "inc", "ltd", "co", "corp", "llc", "approx", "dr", "mr", "mrs",
    "ms", "no", "st", "cf", "al", "fig", "jr", "sr", "u.s", "esp", "incl", "dept", "est",
];

/// Whether the `.`, `!` or `?` at `i` ends a sentence.
fn ends_sentence(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    let next = b.get(i + 1).copied();
    // A full stop inside a number or a domain ("2.5", "acme.com") or before more punctuation
    // that continues the sentence does not end it.
    if !matches!(
        next,
        None | Some(b' ' | b'\n' | b'"' | b'\'' | b')' | b']' | 0xE2)
    ) {
        return false;
    }
    if b[i] != b'.' {
        return true;
    }
    let word_start = s[..i]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(i, |(j, _)| j);
    let word = &s[word_start..i];
    let single_letter = word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic();
    !(single_letter
        || word.len() <= 6 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)))
}

/// The sentence around folded offset range `at`: from after the previous sentence end (or the
/// block start) to the end of this sentence (its final punctuation included).
pub fn sentence_bounds(s: &str, at: Range<usize>) -> Range<usize> {
    // Both ends are found with `memchr` (many bytes at a time): the nearest `.`, `!` or `?`,
    // then a line break before it. Each step looks only at bytes a byte-by-byte walk from `at`
    // would have looked at, so the work stays proportional to the distance walked.
    let b = s.as_bytes();
    let mut hi = at.start;
    let mut start = loop {
        let stop = memchr::memrchr3(b'.', b'!', b'?', &b[..hi]);
        let lo = stop.map_or(0, |t| t + 1);
        if let Some(nl) = memchr::memrchr(b'\n', &b[lo..hi]) {
            break lo + nl + 1;
        }
        match stop {
            Some(t) if !ends_sentence(s, t) => hi = t,
            _ => break lo,
        }
    };
    while start < at.start && b[start] == b' ' {
        start += 1;
    }
    let mut lo = at.end;
    let end = loop {
        let stop = memchr::memchr3(b'.', b'!', b'?', &b[lo..]).map(|i| lo + i);
        let hi = stop.unwrap_or(b.len());
        if let Some(nl) = memchr::memchr(b'\n', &b[lo..hi]) {
            break lo + nl;
        }
        match stop {
            Some(t) if !ends_sentence(s, t) => lo = t + 1,
            Some(t) => break t + 1,
            None => break b.len(),
        }
    };
    start..end
}

#[cfg(test)]
/// The byte-by-byte walk [`sentence_bounds`] replaces, kept as its test oracle.
fn sentence_bounds_walk(s: &str, at: Range<usize>) -> Range<usize> {
    let b = s.as_bytes();
    let mut start = at.start;
    while start > 0 {
        let c = b[start - 1];
        if c == b'\n' || (matches!(c, b'.' | b'!' | b'?') && ends_sentence(s, start - 1)) {
            break;
        }
        start -= 1;
    }
    while start < at.start && b[start] == b' ' {
        start += 1;
    }
    let mut end = at.end;
    while end < b.len() {
        let c = b[end];
        if c == b'\n' {
            break;
        }
        end += 1;
        if matches!(c, b'.' | b'!' | b'?') && ends_sentence(s, end - 1) {
            break;
        }
    }
    start..end
}

/// Whether folded offset `at` begins a sentence (or a list item, a heading, a quotation): only
/// white space and opening punctuation lie between it and a sentence end, a colon, a bullet, a
/// dash, or the block start.
pub fn is_sentence_start(s: &str, at: usize) -> bool {
    for c in s[..at].chars().rev() {
        match c {
            ' ' | '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '_' | '«' | '¿' | '¡' => {
                continue
            }
            '\n' | '.' | '!' | '?' | ':' | '•' | '-' | '–' | '—' | '|' | '>' => return true,
            // An emoji, an arrow or another symbol before a sentence does not continue one.
            c if !c.is_alphanumeric() && !c.is_ascii() && !matches!(c, '’' | '”' | '»') => {
                continue
            }
            _ => return false,
        }
    }
    true
}

/// Words that begin a new clause: cues on the other side of one are about something else
/// ("Resellers sell the product, while we handle integration").
const CLAUSE_BREAKS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "unlike", "however", "we", "you", "except",
];

/// The clause around folded range `at` inside `sentence`: cut at `;` and at
/// `CLAUSE_BREAKS` words.
pub fn clause_bounds(s: &str, sentence: Range<usize>, at: Range<usize>) -> Range<usize> {
    let b = s.as_bytes();
    let (mut start, mut end) = (sentence.start, sentence.end);
    let mut i = sentence.start;
    while i < sentence.end {
        if b[i] == b';' {
            if i < at.start {
                start = i + 1;
            } else if i >= at.end {
                end = i;
                break;
            }
            i += 1;
            continue;
        }
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let w = i;
        while i < sentence.end && is_word_byte(b[i]) {
            i += 1;
        }
        if is_clause_word(&s[w..i]) {
            if i <= at.start {
                start = w;
            } else if w >= at.end {
                end = w;
                break;
            }
        }
    }
    start..end
}

/// The clause breaks of one sentence, found once, so that the clause of every term in a long
/// sentence is a binary search rather than a scan of the sentence ([`clause_bounds`] gives the
/// same clauses, one at a time).
#[derive(Debug, Clone)]
pub struct ClauseBreaks {
    sentence: Range<usize>,
    /// Per break, in order: where it begins (a clause before it ends there), where it ends
    /// (it lies wholly before a term that starts there or later), and where the clause after
    /// it begins (after a `;`, at a clause word).
    breaks: Vec<(usize, usize, usize)>,
}

impl ClauseBreaks {
    /// The breaks of `sentence`, a range of folded text `s`: each `;` and each
    /// `CLAUSE_BREAKS` word.
    pub fn new(s: &str, sentence: Range<usize>) -> ClauseBreaks {
        let b = s.as_bytes();
        let mut breaks = Vec::new();
        let mut i = sentence.start;
        while i < sentence.end {
            if b[i] == b';' {
                breaks.push((i, i + 1, i + 1));
                i += 1;
                continue;
            }
            if !is_word_byte(b[i]) {
                i += 1;
                continue;
            }
            let w = i;
            while i < sentence.end && is_word_byte(b[i]) {
                i += 1;
            }
            if is_clause_word(&s[w..i]) {
                breaks.push((w, i, w));
            }
        }
        ClauseBreaks { sentence, breaks }
    }

    /// The clause around `at` (a range inside the sentence): what [`clause_bounds`] returns.
    pub fn clause_of(&self, at: Range<usize>) -> Range<usize> {
        let before = self.breaks.partition_point(|&(_, end, _)| end <= at.start);
        let start = match before {
            0 => self.sentence.start,
            n => self.breaks[n - 1].2,
        };
        let after = self.breaks.partition_point(|&(begin, _, _)| begin < at.end);
        let end = self
            .breaks
            .get(after)
            .map_or(self.sentence.end, |&(begin, _, _)| begin);
        start..end
    }
}

fn is_clause_word(word: &str) -> bool {
    word.len() >= 2 && word.len() <= 8 && CLAUSE_BREAKS.iter().any(|c| word.eq_ignore_ascii_case(c))
}

/// The words of `s` within `range`, as byte ranges (letters, digits, `_`, and inner apostrophes).
pub fn words(s: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = range.start;
    let slice = &s[range];
    let mut iter = slice.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = iter.next()?;
            if is_word_char(c) {
                break (i, c);
            }
        };
        let mut end = slice.len();
        while let Some(&(i, c)) = iter.peek() {
            let inner_apostrophe = (c == '\'' || c == '\u{2019}')
                && slice[i + c.len_utf8()..].starts_with(is_word_char);
            if is_word_char(c) || inner_apostrophe {
                iter.next();
            } else {
                end = i;
                break;
            }
        }
        Some(base + start..base + end)
    })
}

/// Words that negate what follows them within a few words.
const NEGATORS: &[&str] = &[
    "not",
    "rarely",
    "seldom",
    "hardly",
    "barely",
    "no",
    "never",
    "without",
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "isn't",
    "aren't",
    "cannot",
    "can't",
    "nor",
    "neither",
    "unlike",
    "rather",
    "instead",
    "beyond",
    "other",
    "dont",
    "doesnt",
    "don’t",
    "doesn’t",
    "won’t",
    "isn’t",
    "aren’t",
    "can’t",
    "didn’t",
];

/// How many words back a negation reaches: enough for a list ("does not resell, invoice, or
/// take title").
const NEGATION_REACH: usize = 6;

/// Words that end a negation's scope when met scanning backwards ("not X but Y": Y is not
/// negated).
const NEGATION_STOPS: &[&str] = &[
    "but", "yet", "however", "which", "who", "whereas", "while", "although", "though",
];

/// Whether the phrase starting at folded offset `at` is negated: a negating word among the
/// `NEGATION_REACH` words before it, inside `clause`, with no clause punctuation (`;:.!?()`)
/// or contrast word ("but", "which"…) in between — the NegEx approach. Scans backwards from
/// `at`, so the cost does not grow with the clause.
pub fn is_negated(s: &str, clause: Range<usize>, at: usize) -> bool {
    let b = s.as_bytes();
    let floor = clause.start;
    let mut end = at.min(s.len());
    for _ in 0..NEGATION_REACH {
        // Skip to the end of the previous word; clause punctuation ends the scope.
        while end > floor && !is_word_byte(b[end - 1]) {
            if matches!(b[end - 1], b';' | b':' | b'.' | b'!' | b'?' | b'(' | b')') {
                return false;
            }
            end -= 1;
        }
        if end == floor {
            return false;
        }
        let mut start = end;
        while start > floor && (is_word_byte(b[start - 1]) || is_inner_apostrophe(b, start - 1)) {
            start -= 1;
        }
        let word = &s[start..end];
        // Every negator and stop word is 2 to 10 bytes and starts with one of these letters:
        // a cheap test before the list comparisons, since this runs for every cue.
        let first = b[start].to_ascii_lowercase();
        if (2..=10).contains(&word.len()) && b"nrshbwdciaoutyl".contains(&first) {
            if NEGATORS.iter().any(|n| word.eq_ignore_ascii_case(n)) {
                return true;
            }
            if NEGATION_STOPS.iter().any(|n| word.eq_ignore_ascii_case(n)) {
                return false;
            }
        }
        end = start;
    }
    false
}

/// Word bytes for backward scans: ASCII letters and digits, `_`, and any byte of a multi-byte
/// character (non-ASCII letters; a non-ASCII non-letter merely joins two words, which only
/// makes negation detection more conservative).
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn is_inner_apostrophe(b: &[u8], i: usize) -> bool {
    b[i] == b'\''
        && i > 0
        && b[i - 1].is_ascii_alphanumeric()
        && b.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_of(s: &str, word: &str) -> String {
        let i = s.find(word).unwrap();
        s[sentence_bounds(s, i..i + word.len())].to_string()
    }

    #[test]
    fn sentences_respect_abbreviations_numbers_and_blocks() {
        let s = "First one. Partners, e.g. resellers, earn 2.5 points at acme.com today! Next\nblock here.";
        assert_eq!(
            sentence_of(s, "resellers"),
            "Partners, e.g. resellers, earn 2.5 points at acme.com today!"
        );
        assert_eq!(sentence_of(s, "block"), "block here.");
        assert_eq!(sentence_of(s, "First"), "First one.");
    }

    #[test]
    fn sentence_starts() {
        let s = "Hello. \"Resellers\" and (VARs): MSPs\n- Distributors";
        for (w, expect) in [
            ("Hello", true),
            ("Resellers", true),
            ("VARs", false),
            ("MSPs", true),
            ("Distributors", true),
        ] {
            assert_eq!(is_sentence_start(s, s.find(w).unwrap()), expect, "{w}");
        }
    }

    #[test]
    fn clauses_and_negation() {
        let s = "Resellers sell it, while we handle integration; VARs customize.";
        let sentence = 0..s.len();
        let r = clause_bounds(s, sentence.clone(), 0..9);
        assert_eq!(&s[r], "Resellers sell it, ");
        let v = s.find("VARs").unwrap();
        assert_eq!(&s[clause_bounds(s, sentence, v..v + 4)], " VARs customize.");
        let n = "they do not offer training";
        assert!(is_negated(n, 0..n.len(), n.find("training").unwrap()));
        assert!(!is_negated(n, 0..n.len(), n.find("do").unwrap()));
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let s = "the MSP's don't 'quoted'";
        let w: Vec<&str> = words(s, 0..s.len()).map(|r| &s[r]).collect();
        assert_eq!(w, ["the", "MSP's", "don't", "quoted"]);
    }

    #[test]
    fn clause_breaks_give_the_clauses_of_clause_bounds() {
        let vocabulary = [
            "Resellers",
            "sell",
            "it,",
            "while",
            "we",
            "handle",
            "integration;",
            "VARs",
            "but",
            "customize",
            "whereas",
            "you",
            "ok",
            ";",
            "however",
            "é",
            "wEe",
            "butter",
        ];
        // Every sentence of up to 5 of these words (with repeats), every term range in it.
        let mut sentences = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for s in &sentences {
                for w in vocabulary.iter().step_by(2 + s.len() % 3) {
                    next.push(format!("{s}{w} "));
                }
            }
            sentences.extend(next);
        }
        for s in &sentences {
            let sentence = 0..s.len();
            let breaks = ClauseBreaks::new(s, sentence.clone());
            for at in words(s, sentence.clone()) {
                assert_eq!(
                    breaks.clause_of(at.clone()),
                    clause_bounds(s, sentence.clone(), at.clone()),
                    "{s:?} at {at:?}"
                );
            }
        }
    }

    #[test]
    fn word_edges() {
        // (text, offset, starts a word, ends a word)
        for (s, at, start, end) in [
            ("a reseller", 2, true, false),
            ("resellers", 8, false, false),
            ("reseller", 8, true, true),
            ("e\u{301}reseller", 3, false, false),
            ("reseller\u{301}", 8, false, false),
            ("reseller\u{301} x", 8, false, false),
            ("(\u{301}reseller", 3, true, false),
            ("x\u{ad}VAR", 3, false, false),
            ("x \u{ad}VAR", 4, true, false),
            ("VAR\u{2060} x", 3, false, true),
            // Between Latin and Chinese, Japanese or Korean: a boundary both ways.
            ("的reseller", 3, true, true),
            ("reseller的", 8, true, true),
            ("のVAR", 3, true, true),
            ("VARの", 3, true, true),
            ("한국VAR", 6, true, true),
            ("VAR는", 3, true, true),
            ("中文", 3, false, false),
            ("éVAR", 2, false, false),
            ("VARя", 3, false, false),
            ("x.NET", 1, false, true),
        ] {
            assert_eq!(is_word_start(s, at), start, "start of {s:?} at {at}");
            assert_eq!(is_word_end(s, at), end, "end of {s:?} at {at}");
        }
        assert_eq!(word_end("integration\u{301}s, x", 7, 20), 14);
        assert_eq!(word_end("integrations的", 7, 20), 12);
        assert!(!is_grapheme_boundary("e\u{301}", 1));
        assert!(!is_grapheme_boundary("a\r\n", 2));
        assert!(is_grapheme_boundary("ab", 1));
    }

    proptest::proptest! {
        #![proptest_config(crate::test_support::proptest_config(2000, 0x7365_6e74))]

        /// The `memchr` search finds the same sentence as the byte walk it replaced, for any
        /// range inside texts made of sentence ends, abbreviations, numbers, line breaks and
        /// non-ASCII punctuation.
        #[test]
        fn sentence_bounds_match_the_byte_walk(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "word", " ", ". ", ".", "! ", "?", "\n", "e.g. ", "2.5", "acme.com",
                    "Inc. ", "a.", "“", "”", ".”", "é", "(", ")", "...", " ?!",
                ]),
                0..40,
            ),
            a in 0usize..400,
            len in 0usize..20,
        ) {
            let s: String = parts.concat();
            let mut start = a.min(s.len());
            while !s.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(s.len());
            while !s.is_char_boundary(end) {
                end += 1;
            }
            proptest::prop_assert_eq!(
                sentence_bounds(&s, start..end),
                super::sentence_bounds_walk(&s, start..end),
                "{:?} at {}..{}", s, start, end
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::test_support::proptest_config(3000, 0x6564_6765))]

        /// The ASCII shortcut of the word-edge tests answers as the general rule.
        #[test]
        fn ascii_word_edges_match_the_general_rule(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "9", "_", " ", "'", "-", ".", "\r", "\n", "\r\n", "é", "e\u{301}",
                    "\u{AD}", "我", "の", "’", "\u{200F}",
                ]),
                0..12,
            ),
            at in 0usize..40,
        ) {
            let s: String = parts.concat();
            let at = at.min(s.len());
            proptest::prop_assume!(s.is_char_boundary(at));
            proptest::prop_assert_eq!(is_word_start(&s, at), super::is_word_start_general(&s, at), "start {:?} {}", s, at);
            proptest::prop_assert_eq!(is_word_end(&s, at), super::is_word_end_general(&s, at), "end {:?} {}", s, at);
        }
    }
}
