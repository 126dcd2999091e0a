//! Stage 3: finding glossary terms in folded prose — one Aho-Corasick pass.
//!
//! Every form of every entry, and each form's plural, is one pattern of a single automaton run
//! leftmost-longest over the [`FoldedText`], so "value-added reseller" wins over "reseller" and
//! "resellers" over "reseller". The automaton runs over lower-cased text; each candidate is then
//! *verified*:
//! - acronyms must match exactly (VAR is a term, "var" is not; SI is, "Si" is not);
//! - it must start and end at a word boundary, Unicode-aware ("presellers" is not a match);
//! - a possessive suffix (`'s`, `’s`, or `'` after a plural) is taken into the match;
//! - a capitalised form inside a proper name ("Limited Risk Distributor") is not the term.
//!
//! A candidate that fails verification is not allowed to hide a real match that starts after
//! its first character: the search resumes there rather than after the candidate.
//!
//! The acronyms' other meanings ("product-led growth" for PLG) are patterns too, reported
//! separately, so the rules can tell when a document means something else by the acronym.

use crate::fold::FoldedText;
use crate::glossary::{EntryId, Glossary};
use crate::prose::BlockKind;
use crate::text::{is_sentence_start, is_word_char};
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::ops::Range;

/// Above this many patterns the automaton is a contiguous NFA rather than a DFA.
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
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
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
        let mut patterns = Vec::new();
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
        // Exceptions are patterns too: leftmost-longest lets "Contoso Reseller Program" swallow
        // the "Reseller" inside it, and the match is then dropped.
        for text in glossary.exceptions() {
            patterns.push(Pattern {
                entry: usize::MAX,
                form: 0,
                plural: false,
                case_sensitive: false,
                other_meaning: false,
                text: text.clone(),
            });
        }
        // A DFA is fastest to search but slow to build and large for big glossaries (30,000
        // patterns: ~140 ms); past a few thousand patterns the contiguous NFA builds in a
        // fraction of that and still searches in one pass.
        let kind = if patterns.len() <= DFA_PATTERN_LIMIT {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        // Case: the automaton runs over an ASCII-lower-cased copy of the text with lower-cased
        // patterns. That is case-insensitive matching with half the automaton an
        // ASCII-case-insensitive build makes (which matters to build time for large glossaries);
        // exact case (acronyms) is then verified against the text itself.
        let lowered: Vec<Vec<u8>> = patterns
            .iter()
            .map(|p| p.text.to_ascii_lowercase().into_bytes())
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&lowered)
            .or_else(|_| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&lowered)
            })
            .expect("glossary forms are validated non-empty strings");
        Matcher {
            automaton,
            patterns,
        }
    }

    /// Number of patterns (forms and plurals) compiled.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds every term in folded prose.
    pub fn find(&self, folded: &FoldedText) -> Matches {
        let hay = folded.as_str();
        let lower = hay.to_ascii_lowercase();
        let mut out = Matches::default();
        let mut map = folded.cursor();
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = self.automaton.find(Input::new(&lower).span(pos..hay.len())) else {
                break;
            };
            let p = &self.patterns[m.pattern().as_usize()];
            if p.entry == usize::MAX {
                // An exception: skip it whole if it stands at word boundaries.
                let bounded = !hay[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char)
                    && !hay[m.end()..].chars().next().is_some_and(is_word_char);
                pos = if bounded {
                    m.end()
                } else {
                    next_char(hay, m.start())
                };
                continue;
            }
            match self.verify(hay, m.start(), m.end(), p, folded) {
                Some((end, possessive)) if p.other_meaning => {
                    let _ = possessive;
                    out.other_meanings.push((p.entry, m.start()..end));
                    pos = end;
                }
                Some((end, possessive)) => {
                    out.terms.push(TermMatch {
                        range: map.to_original(m.start())..map.to_original_end(end),
                        folded: m.start()..end,
                        entry: p.entry,
                        form: p.form,
                        plural: p.plural,
                        possessive,
                        block: map.block_kind(m.start()),
                    });
                    pos = end;
                }
                None => pos = next_char(hay, m.start()),
            }
        }
        out
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
        folded: &FoldedText,
    ) -> Option<(usize, bool)> {
        if p.case_sensitive && hay.as_bytes()[start..end] != *p.text.as_bytes() {
            return None;
        }
        if hay[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        let (end, possessive) = possessive_end(hay, end, p.plural || p.text.ends_with(['s', 'S']));
        if hay[end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        if !p.case_sensitive && !p.other_meaning && in_proper_name(hay, start, end, folded) {
            return None;
        }
        Some((end, possessive))
    }
}

fn next_char(s: &str, i: usize) -> usize {
    i + s[i..].chars().next().map_or(1, char::len_utf8)
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
/// Distributor", "Acme Reseller Program" — belongs to a proper name, not the glossary. The
/// first word of a sentence is not evidence ("Our Reseller…" is still checked), and headings and
/// table cells, written in title case, are never treated this way.
fn in_proper_name(hay: &str, start: usize, end: usize, folded: &FoldedText) -> bool {
    if !hay[start..].starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    if folded.block_kind(start) != BlockKind::Paragraph {
        return false;
    }
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    // Previous word: directly before, separated by one space.
    if let Some(before) = hay[..start].strip_suffix(' ') {
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c) || c == '\'' || c == '\u{2019}' || c == '&')
            .last()
            .map(|(i, _)| i);
        if let Some(ws) = word_start {
            let word = &before[ws..];
            if capitalised(word) && !is_sentence_start(hay, ws) && word != "I" {
                return true;
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
