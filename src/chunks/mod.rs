//! Cutting a document into chunks that analyse on their own, and putting the results together.
//!
//! Most of the work of an analysis — parsing Markdown, folding, matching, and the rules that
//! read only a term's sentence — depends on nothing outside the block a term sits in. So a
//! document can be cut between top-level blocks, each chunk analysed alone, and the results
//! joined: that is how [`Engine::analyze`](crate::Engine::analyze) uses several cores on a
//! large document, and how [`AnalysisCache`](crate::AnalysisCache) re-analyses only the chunk a
//! keystroke changed. The rules that read the whole document (first uses of acronyms, the forms
//! a document mixes) and the suppression comments then run once over the joined result, which
//! is cheap: they read matches, not text.
//!
//! # Where a cut is safe
//!
//! A *cut* is the start of a line that follows a blank line and is not indented (for Markdown;
//! in plain text, where blocks are just blank-line separated, any line after a blank one). In
//! CommonMark such a line closes every open block — paragraphs, lists, block quotes, indented
//! code, tables, HTML blocks that end at a blank line — except two that only a closing marker
//! ends: fenced code blocks and HTML blocks such as `<!-- … -->` or `<pre>`. Three more things
//! make the two sides of a cut depend on each other, and the parser is set up so they don't:
//! front matter exists only at the very start (the first chunk is parsed with it, the others
//! without, and no cut falls inside it); reference links take their definitions from anywhere
//! (every `[text][label]` is parsed as a link, defined or not); footnote references likewise.
//!
//! Candidate cuts skip what looks like an open fence, but that is a heuristic; the guarantee
//! is the check after parsing: a chunk whose parse ends inside a block only a marker closes
//! ([`Prose::open_at_end`](crate::prose::Prose::open_at_end)) is joined with the chunk after
//! it and parsed again. Results are therefore exactly those of analysing the whole document,
//! which a property test checks on generated Markdown.

use crate::fold::FoldedText;
use crate::matcher::Matches;
use crate::prose::{Directive, Format};
use crate::rules::Finding;
use std::ops::Range;

/// What analysing one chunk alone yields, in offsets relative to the chunk.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChunkAnalysis {
    /// Suppression comments.
    pub directives: Vec<Directive>,
    /// Blocks that are never prose (code, front matter, HTML).
    pub opaque: Vec<Range<usize>>,
    /// Whether the chunk ends inside a fenced code or HTML block (so it is not a chunk).
    pub open_at_end: bool,
    /// The folded prose.
    pub folded: FoldedText,
    /// Terms found.
    pub matches: Matches,
    /// Findings of the sentence-level rules, before severities are applied.
    pub findings: Vec<Finding>,
}

/// Chunks put back together, in document offsets: the input of the document-level rules.
#[derive(Debug, Default)]
pub(crate) struct Joined {
    pub directives: Vec<Directive>,
    pub opaque: Vec<Range<usize>>,
    pub folded: FoldedText,
    pub matches: Matches,
    pub findings: Vec<Finding>,
}

impl Joined {
    /// One chunk that is the whole document: nothing to shift or copy.
    pub fn whole(chunk: ChunkAnalysis) -> Joined {
        Joined {
            directives: chunk.directives,
            opaque: chunk.opaque,
            folded: chunk.folded,
            matches: chunk.matches,
            findings: chunk.findings,
        }
    }

    /// Nothing joined yet, building the folded text in `spare` (emptied first: a buffer from
    /// an earlier join, to re-use its memory) if given.
    pub fn reusing(spare: Option<FoldedText>) -> Joined {
        let mut folded = spare.unwrap_or_default();
        folded.clear();
        Joined {
            folded,
            ..Joined::default()
        }
    }

    /// `self` with `chunks` (given with their document offsets, in document order, after what
    /// `self` holds) appended, each byte copied once.
    pub fn join(mut self, chunks: &[(usize, &ChunkAnalysis)]) -> Joined {
        self.reserve(chunks.iter().map(|(_, c)| *c));
        for &(offset, chunk) in chunks {
            self.push(offset, chunk);
        }
        self
    }

    /// Makes room for `chunks`, so that pushing them copies each byte once.
    fn reserve<'a>(&mut self, chunks: impl Iterator<Item = &'a ChunkAnalysis> + Clone) {
        let sum = |f: fn(&ChunkAnalysis) -> usize| chunks.clone().map(f).sum::<usize>();
        self.directives.reserve(sum(|c| c.directives.len()));
        self.opaque.reserve(sum(|c| c.opaque.len()));
        self.folded.reserve(chunks.clone().map(|c| &c.folded));
        self.matches.terms.reserve(sum(|c| c.matches.terms.len()));
        self.matches
            .other_meanings
            .reserve(sum(|c| c.matches.other_meanings.len()));
        self.findings.reserve(sum(|c| c.findings.len()));
    }

    /// Appends `chunk`, which starts at document offset `offset`.
    fn push(&mut self, offset: usize, chunk: &ChunkAnalysis) {
        let shift = |r: &Range<usize>| r.start + offset..r.end + offset;
        self.directives
            .extend(chunk.directives.iter().map(|d| Directive {
                range: shift(&d.range),
                ..d.clone()
            }));
        self.opaque.extend(chunk.opaque.iter().map(shift));
        self.folded.append(&chunk.folded, offset);
        // Where the chunk's folded text starts in the joined one (after the separator).
        let folded_shift = self.folded.as_str().len() - chunk.folded.as_str().len();
        let fshift = |r: &Range<usize>| r.start + folded_shift..r.end + folded_shift;
        self.matches
            .terms
            .extend(chunk.matches.terms.iter().map(|m| {
                let mut m = m.clone();
                m.range = shift(&m.range);
                m.folded = fshift(&m.folded);
                m
            }));
        self.matches.other_meanings.extend(
            chunk
                .matches
                .other_meanings
                .iter()
                .map(|(e, r)| (*e, fshift(r))),
        );
        self.findings.extend(chunk.findings.iter().map(|f| {
            let mut f = f.clone();
            f.range = shift(&f.range);
            for r in &mut f.related {
                r.range = shift(&r.range);
            }
            f
        }));
    }
}

/// The candidate cuts of `text`, in order (see the module docs). Never 0 or `text.len()`.
pub(crate) fn candidate_cuts(text: &str, format: Format) -> CandidateCuts<'_> {
    let bytes = text.as_bytes();
    let mut start = 0;
    // Front matter may hold blank lines: no cut before the first line that could close it.
    if format.is_markdown() {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        if body.starts_with("---") || body.starts_with("+++") {
            let closer = body.match_indices('\n').map(|(i, _)| i + 1).find(|&i| {
                let line = body[i..].split('\n').next().unwrap_or("").trim_end();
                matches!(line, "---" | "..." | "+++")
            });
            start = closer.map_or(bytes.len(), |i| i + (text.len() - body.len()));
        }
    }
    CandidateCuts {
        text,
        format,
        pos: start,
        previous_blank: false,
        fence: None,
    }
}

/// Iterator of [`candidate_cuts`].
pub(crate) struct CandidateCuts<'a> {
    text: &'a str,
    format: Format,
    /// Start of the next line to look at.
    pos: usize,
    /// Whether the line before `pos` was blank.
    previous_blank: bool,
    /// The fence that looks open: its character and length.
    fence: Option<(u8, usize)>,
}

impl Iterator for CandidateCuts<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            self.pos = end + 1;
            let line = &bytes[start..end];
            let indent = line
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            let blank = line[indent..].iter().all(|&b| b == b'\r');
            let was_blank = std::mem::replace(&mut self.previous_blank, blank);
            if blank {
                continue;
            }
            if self.format.is_markdown() {
                if indent <= 3 && !line[..indent].contains(&b'\t') {
                    let rest = &line[indent..];
                    let c = rest[0];
                    if c == b'`' || c == b'~' {
                        let n = rest.iter().take_while(|&&b| b == c).count();
                        let closes = |(fc, fl): (u8, usize)| {
                            fc == c && n >= fl && rest[n..].iter().all(|b| b.is_ascii_whitespace())
                        };
                        match self.fence {
                            Some(f) if closes(f) => {
                                self.fence = None;
                                continue;
                            }
                            None if n >= 3 => {
                                let cut = was_blank && indent == 0 && start > 0;
                                self.fence = Some((c, n));
                                if cut {
                                    return Some(start);
                                }
                                continue;
                            }
                            _ => {}
                        }
                    }
                }
                if self.fence.is_some() || indent > 0 {
                    continue;
                }
            }
            if was_blank && start > 0 {
                return Some(start);
            }
        }
        None
    }
}

/// Cuts for analysing `text` in `parts` pieces of about equal size: the first candidate cut
/// at or after each `i/parts` of the text.
pub(crate) fn even_cuts(text: &str, format: Format, parts: usize) -> Vec<usize> {
    let mut cuts = Vec::with_capacity(parts.saturating_sub(1));
    let mut candidates = candidate_cuts(text, format);
    for i in 1..parts {
        let target = text.len() * i / parts;
        match candidates.find(|&c| c >= target) {
            Some(c) => cuts.push(c),
            None => break,
        }
    }
    cuts
}

/// Shortest chunk [`content_cuts`] makes (unless the text runs out).
const MIN_CHUNK: usize = 2 * 1024;

/// Past this length [`content_cuts`] takes any candidate cut (text whose lines all start
/// alike would otherwise never be cut).
const MAX_CHUNK: usize = 32 * 1024;

/// Cuts that depend on the text around them, not on their offset, so an edit moves no cut
/// away from it: after [`MIN_CHUNK`] bytes, a candidate cut is taken when a hash of the line
/// it starts has its low three bits clear (so chunks average a few kilobytes), and after
/// [`MAX_CHUNK`] bytes the next candidate is taken whatever its hash. An edit thus
/// changes the chunk it falls in (and at most its neighbour); the chunks after it are the
/// same text as before, found again in the cache.
pub(crate) fn content_cuts(text: &str, format: Format) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut last = 0;
    let mut cuts = Vec::new();
    for c in candidate_cuts(text, format) {
        if c - last < MIN_CHUNK {
            continue;
        }
        let line = &bytes[c..bytes.len().min(c + 64)];
        let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
        if line_hash(line) & 7 == 0 || c - last >= MAX_CHUNK {
            cuts.push(c);
            last = c;
        }
    }
    cuts
}

/// FNV-1a: small and good enough to pick cut points.
fn line_hash(line: &[u8]) -> u64 {
    line.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }) >> 16
}

/// The chunks between `cuts` (sorted, inside the text), as ranges covering `0..len`.
pub(crate) fn ranges(cuts: &[usize], len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for &c in cuts {
        out.push(start..c);
        start = c;
    }
    out.push(start..len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(text: &str, format: Format) -> Vec<&str> {
        candidate_cuts(text, format)
            .map(|c| text[c..].lines().next().unwrap())
            .collect()
    }

    #[test]
    fn cuts_fall_before_unindented_lines_after_blank_ones() {
        let doc = "# T\n\npara\ngoes on\n\n- item\n\n  more item\n\n    code\n\nlast\n";
        assert_eq!(cuts(doc, Format::Markdown), ["para", "- item", "last"]);
        assert_eq!(
            cuts(doc, Format::PlainText),
            ["para", "- item", "  more item", "    code", "last"]
        );
    }

    #[test]
    fn no_cut_inside_fences_or_front_matter() {
        let doc = "---\na: 1\n\nb: 2\n---\n\ntext\n\n```py\ndef f():\n\ndef g():\n```\n\nafter\n\n~~~\n```\n\nx\n~~~\n\nend\n";
        assert_eq!(
            cuts(doc, Format::Markdown),
            ["text", "```py", "after", "~~~", "end"]
        );
    }

    #[test]
    fn crlf_blank_lines_count() {
        let doc = "one\r\n\r\ntwo\r\n \r\nthree";
        assert_eq!(cuts(doc, Format::Markdown), ["two", "three"]);
    }

    #[test]
    fn even_and_content_cuts_are_candidates() {
        let para = "Resellers buy and resell. ".repeat(20);
        let doc: String = (0..200).map(|i| format!("{i} {para}\n\n")).collect();
        let all: Vec<usize> = candidate_cuts(&doc, Format::Markdown).collect();
        let even = even_cuts(&doc, Format::Markdown, 4);
        assert_eq!(even.len(), 3);
        assert!(even.iter().all(|c| all.contains(c)));
        let content = content_cuts(&doc, Format::Markdown);
        assert!(!content.is_empty());
        assert!(content.iter().all(|c| all.contains(c)));
        assert!(content.windows(2).all(|w| w[1] - w[0] >= MIN_CHUNK));
        // Lines that all start alike are still cut, at MAX_CHUNK.
        let same: String = (0..200).map(|i| format!("{para}{i}\n\n")).collect();
        let content_same = content_cuts(&same, Format::Markdown);
        assert!(content_same.len() >= same.len() / MAX_CHUNK - 1);
        // An edit early on does not move the cuts after it (shifted by the edit's length).
        let edited = format!("XX{doc}");
        let after: Vec<usize> = content_cuts(&edited, Format::Markdown)
            .into_iter()
            .map(|c| c - 2)
            .collect();
        assert_eq!(after[1..], content[1..]);
    }

    #[test]
    fn ranges_cover_the_text() {
        assert_eq!(ranges(&[3, 7], 10), [0..3, 3..7, 7..10]);
        assert_eq!(ranges(&[], 4), vec![0..4]);
    }
}

#[cfg(test)]
mod equivalence;
