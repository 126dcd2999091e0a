//! Small text helpers shared by the matcher and the rules: word characters, sentence and
//! clause boundaries, negation. They work on folded text (see [`crate::fold`]), where blocks
//! are separated by `'\n'` and white space is already single spaces.

use std::ops::Range;

/// Whether `c` is part of a word: Unicode letters and digits, and `_`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
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
        let word = &s[w..i];
        if word.len() >= 2
            && word.len() <= 8
            && CLAUSE_BREAKS.iter().any(|c| word.eq_ignore_ascii_case(c))
        {
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
}
