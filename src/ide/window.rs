//! Where the cursor is, answered cheaply: the term match at an offset, a term's occurrences, and
//! — for a document whose analysis is out of date — a paragraph-sized window around the cursor,
//! whether an offset in it is prose, and the word at or before it.
//!
//! The language server calls these on every hover and keystroke, so nothing here looks at more
//! than the window it is given (the one exception, [`opaque_blocks`], parses a whole document;
//! the server takes the same ranges from its full analysis instead, so that windows can later
//! tell they sit inside a code block).

use crate::fold::FoldedText;
use crate::glossary::EntryId;
use crate::matcher::TermMatch;
use crate::prose::{prose_ranges, Format};
use crate::text::is_word_char;
use crate::Engine;
use std::ops::Range;

/// The term match at byte `offset`: one that contains it, or else one that ends exactly there
/// (the cursor just after a word). `matches` must be sorted by position.
pub fn term_at(matches: &[TermMatch], offset: usize) -> Option<&TermMatch> {
    let i = matches.partition_point(|m| m.range.end < offset);
    let candidates = &matches[i..];
    candidates
        .iter()
        .take(2)
        .find(|m| m.range.start <= offset && offset < m.range.end)
        .or_else(|| {
            candidates
                .iter()
                .take(2)
                .find(|m| m.range.start <= offset && offset == m.range.end)
        })
}

/// Every match of entry `id`, in document order.
pub fn occurrences(matches: &[TermMatch], id: EntryId) -> impl Iterator<Item = &TermMatch> {
    matches.iter().filter(move |m| m.entry == id)
}

/// Finds the terms in a window of a document (a paragraph or a few KB around the cursor), with
/// ranges relative to the window: the cheap path for hover on a document whose analysis is out
/// of date.
pub fn terms_in_window(engine: &Engine, window: &str, format: Format) -> Vec<TermMatch> {
    let prose = prose_ranges(window, format);
    let folded = FoldedText::new(window, &prose);
    engine.matcher().find(&folded).terms
}

/// Whether byte `offset` of `window` is prose (or touches the end of a prose run, where a word
/// is being typed): not code, a link destination, front matter, a URL or raw HTML.
pub fn is_prose_at(window: &str, format: Format, offset: usize) -> bool {
    prose_ranges(window, format)
        .spans
        .iter()
        .any(|s| s.range.start <= offset && offset <= s.range.end)
}

/// Byte ranges of Markdown blocks that are never prose and may contain blank lines: fenced and
/// indented code, front matter, HTML blocks. A full analysis carries the same ranges
/// ([`Analysis::opaque_blocks`](crate::Analysis::opaque_blocks)) from its own parse; use this
/// only without one.
pub fn opaque_blocks(text: &str, format: Format) -> Vec<Range<usize>> {
    crate::prose::prose_ranges(text, format).opaque
}

/// The paragraph around byte `offset` of `text`: from after the last blank line before it to
/// the next blank line, at most `limit` bytes either side (cut at line ends where possible).
pub fn paragraph_around(text: &str, offset: usize, limit: usize) -> Range<usize> {
    let offset = floor_boundary(text, offset.min(text.len()));
    let lo = floor_boundary(text, offset.saturating_sub(limit));
    let hi = floor_boundary(text, (offset + limit).min(text.len()));
    let before = &text[lo..offset];
    let start = blank_line_end(before).map_or_else(
        || {
            if lo == 0 {
                0
            } else {
                before.find('\n').map_or(lo, |i| lo + i + 1)
            }
        },
        |i| lo + i,
    );
    let after = &text[offset..hi];
    let end = blank_line_start(after).map_or_else(
        || {
            if hi == text.len() {
                hi
            } else {
                after.rfind('\n').map_or(hi, |i| offset + i)
            }
        },
        |i| offset + i,
    );
    start.min(offset)..end.max(offset)
}

/// End of the last blank line in `s` (where the next paragraph starts).
fn blank_line_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = b.len();
    let mut line_end = None; // end of the line after the candidate blank line
    while i > 0 {
        i -= 1;
        if b[i] == b'\n' {
            if let Some(end) = line_end {
                if s[i + 1..end].trim().is_empty() {
                    return Some(end + 1);
                }
            }
            line_end = Some(i);
        }
    }
    None
}

/// Start of the first blank line in `s`.
fn blank_line_start(s: &str) -> Option<usize> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if pos > 0 && line.trim().is_empty() && line.ends_with('\n') {
            return Some(pos);
        }
        pos += line.len();
    }
    None
}

pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The word being typed before byte `offset`: letters, digits, `_` and `-` (so "value-add"
/// counts). Returns its byte range.
pub fn word_prefix(text: &str, offset: usize) -> Range<usize> {
    let offset = floor_boundary(text, offset.min(text.len()));
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '-')
        .last()
        .map_or(offset, |(i, _)| i);
    start..offset
}

/// Whether `word` looks like an acronym nobody defined: 2 to 6 capital letters.
pub fn looks_like_acronym(word: &str) -> bool {
    (2..=6).contains(&word.chars().count()) && word.chars().all(|c| c.is_uppercase())
}

/// The whole word around byte `offset` (letters, digits and `_`).
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    let offset = floor_boundary(text, offset.min(text.len()));
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + text[offset..]
            .char_indices()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{load, GlossarySource};
    use crate::rules::RuleSettings;

    fn engine() -> Engine {
        Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            RuleSettings::default(),
        )
    }

    #[test]
    fn paragraph_window_stops_at_blank_lines() {
        let t = "one\n\ntwo VAR\nthree\n\nfour";
        let r = paragraph_around(t, 9, 1000);
        assert_eq!(&t[r], "two VAR\nthree\n");
        let r = paragraph_around(t, 0, 1000);
        assert_eq!(&t[r], "one\n");
        let r = paragraph_around(t, t.len(), 1000);
        assert_eq!(&t[r], "four");
        let crlf = "a\r\n\r\nb VAR\r\nc\r\n\r\nd";
        let r = paragraph_around(crlf, 7, 1000);
        assert_eq!(&crlf[r], "b VAR\r\nc\r\n");
    }

    #[test]
    fn window_terms_and_term_at() {
        let e = engine();
        let w = "Our value-added\nresellers and VARs.";
        let ms = terms_in_window(&e, w, Format::PlainText);
        assert_eq!(ms.len(), 2);
        assert_eq!(term_at(&ms, 4).unwrap().range, 4..25);
        assert_eq!(term_at(&ms, 34).unwrap().range, 30..34);
        assert!(term_at(&ms, 27).is_none());
    }

    #[test]
    fn prose_checks() {
        assert!(is_prose_at("Our va", Format::Markdown, 6));
        assert!(!is_prose_at("Use `va` here", Format::Markdown, 7));
        assert!(!is_prose_at("```\nva\n```\n", Format::Markdown, 6));
        let doc = "---\ntitle: x\n---\n\nText\n\n```\ncode\n\nmore\n```\n";
        let blocks = opaque_blocks(doc, Format::Markdown);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[1].contains(&doc.find("more").unwrap()));
    }
}
