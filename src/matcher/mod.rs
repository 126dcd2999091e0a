//! Stage 3: finding glossary terms in folded prose — one Aho-Corasick automaton, asked only
//! where a term can start.
//!
//! Every form of every entry, and each form's plural, is one pattern of a single automaton with
//! leftmost-longest semantics over the [`FoldedText`], so "value-added reseller" wins over
//! "reseller" and "resellers" over "reseller". The automaton compares ASCII-lower-cased bytes;
//! each candidate is then *verified*:
//! - acronyms must match exactly (VAR is a term, "var" is not; SI is, "Si" is not);
//! - it must start and end at a word boundary by Unicode's rules ([`crate::text::is_word_start`]):
//!   "presellers" is not a match, nor is a term followed by a combining mark, while a term
//!   written against Chinese, Japanese or Korean text is;
//! - a possessive suffix (`'s`, `’s`, or `'` after a plural) is taken into the match;
//! - a capitalised form inside a proper name ("Limited Risk Distributor") is not the term.
//!
//! A candidate that fails verification is not allowed to hide a real match that starts after
//! its first character: the search resumes there rather than after the candidate.
//!
//! The acronyms' other meanings ("product-led growth" for PLG) are patterns too, reported
//! separately, so the rules can tell when a document means something else by the acronym.
//!
//! # Where the automaton runs: word starts
//!
//! Walking an automaton over every byte costs ~1.75 ns a byte, whatever the glossary, and
//! almost every byte walked leads nowhere. But an accepted match must begin where the previous
//! char is not a word char, and so must an exception to count; when every pattern begins with
//! an ASCII word byte (a letter, digit or `_`), that is a *word start* as `word_starts`
//! defines it. So the search is:
//! 1. find the word starts, 64 bytes at a time with SSE2 (about one position in seven of
//!    English prose);
//! 2. at each, a `prefix` test on its first four bytes rejects most positions no pattern can
//!    begin at, in a couple of loads (about one word start in thirteen of the benchmark's
//!    partner-program prose passes);
//! 3. at the rest, an *anchored* `walk` of the automaton from that position, lower-casing
//!    byte by byte and skipping its first four or eight bytes when they are a pattern's prefix,
//!    finds the longest pattern there (no lower-cased copy of the text is made);
//! 4. that candidate is verified as above; if accepted, the search goes on from its end, if
//!    not, from the next word start.
//!
//! This finds exactly what an unanchored leftmost-longest search finds: that search, at the
//! leftmost position where any pattern matches, takes the longest pattern there and verifies
//! it; a candidate that is rejected only moves the search on by one char, and positions that
//! are not word starts can only yield rejected candidates. The prefix test only rejects
//! positions where no candidate could be accepted.
//!
//! A glossary with a pattern of one byte, or one that begins with anything but an ASCII word
//! byte (".NET", "Ümlaut"), falls back to the unanchored search over a lower-cased copy of the
//! whole text: the reference the word-start search is tested against (`equivalence_tests`).

#[cfg(test)]
mod equivalence_tests;
mod phrases;
mod prefix;
mod split;
mod walk;
mod word_starts;

use crate::fold::{Cursor, FoldedText};
use crate::glossary::{EntryId, Glossary};
use crate::prose::BlockKind;
use crate::text::{is_sentence_start, is_word_char, is_word_end, is_word_start};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use prefix::PrefixFilter;
use std::ops::Range;
use walk::AnchoredSearch;

pub(crate) use phrases::PhraseSearch;

/// [`Matcher::find`] searches folded texts at least this long on several threads.
pub const PARALLEL_MIN: usize = 512 * 1024;
use word_starts::{is_word_byte, WordStarts};

/// Above this many patterns the unanchored automaton is a contiguous NFA rather than a DFA.
const DFA_PATTERN_LIMIT: usize = 2_000;

/// One occurrence of a glossary term in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    /// Byte range in the document, possessive suffix included. The text there is what the
    /// writer wrote, line breaks and all.
    pub range: Range<usize>,
    /// Byte range in the folded text.
    pub folded: Range<usize>,
    /// The entry matched.
    pub entry: EntryId,
    /// Index of the form matched in the entry's `forms`.
    pub form: usize,
    /// Whether the plural of the form matched.
    pub plural: bool,
    /// Whether a possessive suffix followed (`MSP's`, `resellers'`).
    pub possessive: bool,
    /// The kind of block it sits in.
    pub block: BlockKind,
}

/// All that one pass finds.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// Glossary terms, in document order, non-overlapping.
    pub terms: Vec<TermMatch>,
    /// Occurrences of an acronym's other meanings ("product-led growth"): (entry, folded range).
    pub other_meanings: Vec<(EntryId, Range<usize>)>,
}

#[derive(Debug, Clone)]
struct Pattern {
    entry: EntryId,
    form: usize,
    plural: bool,
    case_sensitive: bool,
    other_meaning: bool,
    text: String,
}

/// A compiled matcher for one glossary.
#[derive(Debug, Clone)]
pub struct Matcher {
    patterns: Vec<Pattern>,
    /// Boxed, to keep a matcher (and an engine) small to move.
    search: Box<Search>,
}

/// How [`Matcher::find`] looks for candidates.
#[derive(Debug, Clone)]
enum Search {
    /// Anchored walks at the word starts that pass the prefix test (see the module docs).
    WordStarts {
        prefixes: PrefixFilter,
        anchored: AnchoredSearch,
    },
    /// One unanchored search over a lower-cased copy of the text: the fallback for patterns
    /// that can begin elsewhere than at a word start, and the reference for tests.
    Unanchored(AhoCorasick),
}

impl Matcher {
    /// Compiles the automaton for every form of `glossary`.
    ///
    /// ```
    /// use glossary_lsp::{glossary::{load, GlossarySource}, matcher::Matcher};
    /// let glossary = load(&[GlossarySource::Builtin]).unwrap();
    /// let matcher = Matcher::new(&glossary);
    /// let found = matcher.find_in_text("Our VARs and value-added resellers, not var or presellers.");
    /// let texts: Vec<&str> = found.iter().map(|m| m.1.as_str()).collect();
    /// assert_eq!(texts, ["VARs", "value-added resellers"]);
    /// ```
    pub fn new(glossary: &Glossary) -> Matcher {
        Matcher::compile(glossary, true)
    }

    /// The matcher that always searches unanchored: the reference for the word-start search.
    #[cfg(test)]
    fn unanchored(glossary: &Glossary) -> Matcher {
        Matcher::compile(glossary, false)
    }

    /// Compiles `glossary`, with the word-start search if `allow_word_starts` and the patterns
    /// permit it.
    fn compile(glossary: &Glossary, allow_word_starts: bool) -> Matcher {
        let patterns = patterns_of(glossary);
        // Case: the automaton compares ASCII-lower-cased text with lower-cased patterns. That is
        // case-insensitive matching with half the automaton an ASCII-case-insensitive build
        // makes (which matters to build time for large glossaries); exact case (acronyms) is
        // then verified against the text itself.
        let lowered: Vec<Vec<u8>> = patterns
            .iter()
            .map(|p| p.text.to_ascii_lowercase().into_bytes())
            .collect();
        let begin_at_word_starts = patterns.iter().all(|p| {
            let b = p.text.as_bytes();
            b.len() >= 2 && is_word_byte(b[0])
        });
        let anchored = (allow_word_starts && begin_at_word_starts)
            .then(|| AnchoredSearch::new(&lowered))
            .flatten();
        let search = match anchored {
            Some(anchored) => Search::WordStarts {
                prefixes: PrefixFilter::new(
                    patterns.iter().map(|p| (p.text.as_str(), p.case_sensitive)),
                ),
                anchored,
            },
            None => Search::Unanchored(build_unanchored(&lowered)),
        };
        Matcher {
            patterns,
            search: Box::new(search),
        }
    }

    /// Number of patterns (forms and plurals) compiled.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds every term in folded prose.
    ///
    /// A folded text of [`PARALLEL_MIN`] bytes or more is searched on every core: see
    /// [`Matcher::find_with_threads`].
    pub fn find(&self, folded: &FoldedText) -> Matches {
        let threads = crate::parallel::threads_for(folded.as_str().len(), PARALLEL_MIN);
        self.find_with_threads(folded, threads)
    }

    /// [`Matcher::find`] on up to `threads` threads: the folded text is cut into that many
    /// parts after block separators (`'\n'`, which no term crosses), each part searched on a
    /// thread of its own, and the matches put back in order. The result does not depend on
    /// `threads`.
    pub fn find_with_threads(&self, folded: &FoldedText, threads: usize) -> Matches {
        let parts = split::at_blocks(folded.as_str(), threads);
        if parts.len() <= 1 {
            return self.find_in(folded, 0..folded.as_str().len());
        }
        let found = crate::parallel::map(&parts, |part| self.find_in(folded, part.clone()));
        split::join(found.into_iter())
    }

    /// The matches that start in `range` of the folded text, which begins and ends at a block
    /// boundary (or the text's ends).
    fn find_in(&self, folded: &FoldedText, range: Range<usize>) -> Matches {
        match &*self.search {
            Search::WordStarts { prefixes, anchored } => {
                self.find_at_word_starts(folded, range, prefixes, anchored)
            }
            Search::Unanchored(automaton) => self.find_unanchored(folded, range, automaton),
        }
    }

    /// The word-start search: see the module docs.
    fn find_at_word_starts(
        &self,
        folded: &FoldedText,
        range: Range<usize>,
        prefixes: &PrefixFilter,
        anchored: &AnchoredSearch,
    ) -> Matches {
        let hay = folded.as_str().as_bytes();
        let mut out = Matches::default();
        let mut map = folded.cursor();
        let mut starts = WordStarts::new(&hay[..range.end]);
        starts.skip_to(range.start);
        while let Some(start) = next_candidate(&mut starts, prefixes, hay) {
            let Some((pattern, end)) = anchored.longest_match_at(hay, start) else {
                continue;
            };
            if let Some(resume) =
                self.take(folded.as_str(), start..end, pattern, &mut map, &mut out)
            {
                starts.skip_to(resume);
            }
        }
        out
    }

    /// The unanchored search: at the leftmost match, the longest pattern; if it is not taken,
    /// again from the next char.
    fn find_unanchored(
        &self,
        folded: &FoldedText,
        range: Range<usize>,
        automaton: &AhoCorasick,
    ) -> Matches {
        let hay = folded.as_str();
        let lower = hay[..range.end].to_ascii_lowercase();
        let mut out = Matches::default();
        let mut map = folded.cursor();
        let mut pos = range.start;
        while pos < range.end {
            let Some(m) = automaton.find(Input::new(&lower).span(pos..range.end)) else {
                break;
            };
            let pattern = m.pattern().as_usize();
            pos = self
                .take(hay, m.range(), pattern, &mut map, &mut out)
                .unwrap_or_else(|| next_char(hay, m.start()));
        }
        out
    }

    /// Decides on `candidate`, the longest match of `pattern` at its start: a verified term or
    /// other meaning is added to `out`, and an exception at word boundaries is skipped. Returns
    /// where the search goes on after either; `None` when the candidate is rejected.
    fn take(
        &self,
        hay: &str,
        candidate: Range<usize>,
        pattern: usize,
        map: &mut Cursor<'_>,
        out: &mut Matches,
    ) -> Option<usize> {
        let Range { start, end } = candidate;
        let p = &self.patterns[pattern];
        if p.entry == usize::MAX {
            // An exception: skip it whole if it stands at word boundaries.
            let bounded = is_word_start(hay, start) && is_word_end(hay, end);
            return bounded.then_some(end);
        }
        let block = map.block_kind(start);
        let (end, possessive) = self.verify(hay, start, end, p, block)?;
        if p.other_meaning {
            out.other_meanings.push((p.entry, start..end));
        } else {
            out.terms.push(TermMatch {
                range: map.to_original(start)..map.to_original_end(end),
                folded: start..end,
                entry: p.entry,
                form: p.form,
                plural: p.plural,
                possessive,
                block,
            });
        }
        Some(end)
    }

    /// Finds terms in plain text and returns (match, text) pairs: a convenience for tests,
    /// docs and the `define` command.
    pub fn find_in_text(&self, text: &str) -> Vec<(TermMatch, String)> {
        let prose = crate::prose::prose_ranges(text, crate::prose::Format::PlainText);
        let folded = FoldedText::new(text, &prose);
        self.find(&folded)
            .terms
            .into_iter()
            .map(|m| {
                let t = text[m.range.clone()].to_string();
                (m, t)
            })
            .collect()
    }

    /// Checks a candidate; returns its end (possessive included) and whether it is possessive.
    fn verify(
        &self,
        hay: &str,
        start: usize,
        end: usize,
        p: &Pattern,
        block: BlockKind,
    ) -> Option<(usize, bool)> {
        if p.case_sensitive && hay.as_bytes()[start..end] != *p.text.as_bytes() {
            return None;
        }
        if !is_word_start(hay, start) {
            return None;
        }
        let (end, possessive) = possessive_end(hay, end, p.plural || p.text.ends_with(['s', 'S']));
        if !is_word_end(hay, end) {
            return None;
        }
        if !p.case_sensitive && !p.other_meaning && in_proper_name(hay, start, end, block) {
            return None;
        }
        Some((end, possessive))
    }
}

/// The next word start where the prefix test passes. Not inlined: the scan is the hottest loop
/// and, on its own, keeps its state in registers rather than sharing them with the walk.
#[inline(never)]
fn next_candidate(
    starts: &mut WordStarts<'_>,
    prefixes: &PrefixFilter,
    hay: &[u8],
) -> Option<usize> {
    starts.find(|&start| prefixes.may_match_at(hay, start))
}

fn next_char(s: &str, i: usize) -> usize {
    i + s[i..].chars().next().map_or(1, char::len_utf8)
}

/// Every form, plural and other meaning of `glossary`, and its exceptions, as patterns.
fn patterns_of(glossary: &Glossary) -> Vec<Pattern> {
    // Exceptions are patterns too: leftmost-longest lets "Contoso Reseller Program" swallow
    // the "Reseller" inside it, and the match is then dropped. They come first, because of two
    // equally long patterns the first wins: an exception equal to a form ("value added
    // reseller", "resellers") then hides it.
    let mut patterns: Vec<Pattern> = glossary
        .exceptions()
        .iter()
        .map(|text| Pattern {
            entry: usize::MAX,
            form: 0,
            plural: false,
            case_sensitive: false,
            other_meaning: false,
            text: text.clone(),
        })
        .collect();
    for (entry, e) in glossary.entries().iter().enumerate() {
        for (form, f) in e.forms.iter().enumerate() {
            let mut add = |text: &str, plural: bool, other_meaning: bool| {
                patterns.push(Pattern {
                    entry,
                    form,
                    plural,
                    case_sensitive: f.acronym && !other_meaning,
                    other_meaning,
                    text: text.to_string(),
                })
            };
            add(&f.text, false, false);
            if let Some(p) = &f.plural {
                add(p, true, false);
            }
            for other in &f.ambiguous {
                add(other, false, true);
                add(&crate::glossary::derive_plural(other), true, true);
            }
        }
    }
    patterns
}

/// The automaton for unanchored searches over lower-cased patterns.
fn build_unanchored(lowered: &[Vec<u8>]) -> AhoCorasick {
    // A DFA is fastest to search but slow to build and large for big glossaries (30,000
    // patterns: ~140 ms); past a few thousand patterns the contiguous NFA builds in a fraction
    // of that and still searches in one pass.
    let kind = if lowered.len() <= DFA_PATTERN_LIMIT {
        AhoCorasickKind::DFA
    } else {
        AhoCorasickKind::ContiguousNFA
    };
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .build(lowered)
        .or_else(|_| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(lowered)
        })
        .expect("glossary forms are validated non-empty strings")
}

/// Takes a possessive suffix into the match: `'s`/`’s`, or a bare apostrophe after a plural.
fn possessive_end(hay: &str, end: usize, ends_in_s: bool) -> (usize, bool) {
    let rest = &hay[end..];
    for apostrophe in ["'", "\u{2019}"] {
        if let Some(after) = rest.strip_prefix(apostrophe) {
            if (after.starts_with('s') || after.starts_with('S'))
                && !after[1..].chars().next().is_some_and(is_word_char)
            {
                return (end + apostrophe.len() + 1, true);
            }
            if ends_in_s && !after.chars().next().is_some_and(is_word_char) {
                return (end + apostrophe.len(), true);
            }
        }
    }
    (end, false)
}

/// A capitalised match in running text whose neighbour word is capitalised too — "Limited Risk
/// Distributor", "Acme Reseller Program" — belongs to a proper name, not the glossary. So does
/// one joined to a capitalised word by a small word or a comma: "Order Management for Channel
/// Partners", "Technology, Ecosystem and Channel Partner campaigns", "Director, Partner
/// Marketing". The first word of a sentence is not evidence ("Our Reseller…" is still checked),
/// and headings and table cells, written in title case, are never treated this way.
pub(crate) fn in_proper_name(hay: &str, start: usize, end: usize, block: BlockKind) -> bool {
    if !hay[start..].starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    if block != BlockKind::Paragraph {
        return false;
    }
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    // The word before `at` (separated by one space, or a comma and a space) and where it starts.
    let word_before = |at: usize| -> Option<(usize, &str, bool)> {
        let before = hay[..at].strip_suffix(' ')?;
        let (before, comma) = match before.strip_suffix(',') {
            Some(b) => (b, true),
            None => (before, false),
        };
        let ws = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c) || c == '\'' || c == '\u{2019}' || c == '&')
            .last()
            .map(|(i, _)| i)?;
        Some((ws, &before[ws..], comma))
    };
    if let Some((ws, word, _)) = word_before(start) {
        if !is_sentence_start(hay, ws) {
            if capitalised(word) && word != "I" {
                return true;
            }
            // Up to two small words between: "Management for Channel Partners", "State of
            // the Partner Ecosystem".
            let small = |w: &str| matches!(w, "for" | "of" | "and" | "&" | "or" | "with" | "the");
            let mut at = ws;
            let mut bridged = word;
            for _ in 0..2 {
                if !small(bridged) || is_sentence_start(hay, at) {
                    break;
                }
                let Some((ws2, word2, _)) = word_before(at) else {
                    break;
                };
                if capitalised(word2) && word2 != "I" && !is_sentence_start(hay, ws2) {
                    return true;
                }
                (at, bridged) = (ws2, word2);
            }
        }
    }
    // Next word.
    if let Some(after) = hay[end..].strip_prefix(' ') {
        if capitalised(after) && !after.starts_with("I ") {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{load, GlossarySource};

    fn matcher() -> (Glossary, Matcher) {
        let g = load(&[GlossarySource::Text {
            name: "t.toml".into(),
            text: r#"
[[entry]]
id = "value-added-reseller"
category = "c"
definition = "d"
forms = [{ text = "value-added reseller", status = "preferred" }, { text = "VAR", status = "admitted" }]
[[entry]]
id = "reseller"
category = "c"
definition = "d"
forms = [{ text = "reseller", status = "preferred" }]
[[entry]]
id = "distributor"
category = "c"
definition = "d"
forms = [{ text = "distributor", status = "preferred" }]
[[entry]]
id = "plg"
category = "c"
definition = "d"
forms = [{ text = "partner-led growth", status = "preferred", plural = false }, { text = "PLG", status = "admitted", ambiguous = ["product-led growth"] }]
"#
            .into(),
        }])
        .unwrap();
        let m = Matcher::new(&g);
        (g, m)
    }

    fn found(text: &str) -> Vec<String> {
        let (_, m) = matcher();
        m.find_in_text(text).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn leftmost_longest_and_case() {
        assert_eq!(
            found("a value-added reseller, a Reseller, VARs, var, Var"),
            ["value-added reseller", "Reseller", "VARs"]
        );
    }

    #[test]
    fn word_boundaries_are_unicode_aware() {
        assert_eq!(
            found("presellers résellers resellerX reseller_ éreseller"),
            Vec::<String>::new()
        );
        assert_eq!(
            found("(reseller) «resellers» sub-reseller"),
            ["reseller", "resellers", "reseller"]
        );
    }

    #[test]
    fn possessives() {
        assert_eq!(
            found("the VAR's margin, the resellers' margin, the reseller’s"),
            ["VAR's", "resellers'", "reseller’s"]
        );
    }

    #[test]
    fn broken_and_nonbreaking_forms() {
        assert_eq!(
            found("a value-added\n  reseller"),
            ["value-added\n  reseller"]
        );
        assert_eq!(
            found("a value\u{2011}added\u{a0}reseller"),
            ["value\u{2011}added\u{a0}reseller"]
        );
    }

    #[test]
    fn failed_candidate_does_not_hide_a_later_match() {
        // "VARreseller" fails (no boundary) but must not hide nothing else; "xVAR reseller"
        // fails at VAR yet "reseller" after it still matches.
        assert_eq!(found("xVAR reseller"), ["reseller"]);
    }

    #[test]
    fn proper_names_are_not_terms() {
        assert_eq!(
            found("Acme's Limited Risk Distributor (LRD) agreement is signed."),
            Vec::<String>::new()
        );
        assert_eq!(
            found("Join the Acme Reseller Program today."),
            Vec::<String>::new()
        );
        assert_eq!(
            found("Our Reseller tier is new. Distributor terms differ."),
            ["Reseller", "Distributor"]
        );
    }

    #[test]
    fn exceptions_hide_the_terms_inside_them() {
        let g = load(&[GlossarySource::Text {
            name: "t.toml".into(),
            text: "exceptions = [\"Contoso Reseller Program\"]\n[[entry]]\nid = \"reseller\"\ncategory = \"c\"\ndefinition = \"d\"\nforms = [{ text = \"reseller\", status = \"preferred\" }]\n".into(),
        }])
        .unwrap();
        let m = Matcher::new(&g);
        let found: Vec<String> = m
            .find_in_text("the contoso reseller program and a reseller")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found, ["reseller"]);
    }

    #[test]
    fn an_exception_equal_to_a_form_hides_it() {
        let g = load(&[
            GlossarySource::Builtin,
            GlossarySource::Text {
                name: "team.toml".into(),
                text: "exceptions = [\"value added reseller\", \"VARs\"]\n".into(),
            },
        ])
        .unwrap();
        let m = Matcher::new(&g);
        let found: Vec<String> = m
            .find_in_text("a value added reseller, two VARs, one VAR and a reseller")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found, ["VAR", "reseller"]);
    }

    #[test]
    fn word_edges_follow_unicode_word_segmentation() {
        // A combining mark belongs to the letter before it: no match that starts after one or
        // ends before one.
        assert_eq!(
            found("e\u{301}reseller reseller\u{301} VAR\u{308} x\u{200d}VAR"),
            Vec::<String>::new()
        );
        // A mark on a char outside the term, and invisible format chars, leave it alone.
        assert_eq!(
            found("(\u{301}reseller) \u{ad}VAR\u{2060}"),
            ["reseller", "VAR"]
        );
        // No spaces in Chinese, Japanese and Korean text: a Latin term touching it matches.
        assert_eq!(
            found("我们的reseller计划, リセラーとVARの契約, 한국의VAR는, パートナーのresellers。"),
            ["reseller", "VAR", "VAR", "resellers"]
        );
        // Letters of other scripts still join: no match inside "résellerκ" or "VARя".
        assert_eq!(found("résellerκ VARя"), Vec::<String>::new());
    }

    #[test]
    fn other_meanings_are_reported_separately() {
        let (_, m) = matcher();
        let text = "product-led growth (PLG)";
        let folded = FoldedText::new(
            text,
            &crate::prose::prose_ranges(text, crate::prose::Format::PlainText),
        );
        let r = m.find(&folded);
        assert_eq!(r.other_meanings.len(), 1);
        assert_eq!(r.terms.len(), 1);
    }
}
