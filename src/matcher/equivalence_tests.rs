//! The word-start search finds exactly what the unanchored reference search finds: the same
//! terms and other meanings, in the same order, with the same ranges.
//!
//! Documents are generated from each glossary's own patterns (in random case, glued to word
//! fragments, possessives, punctuation, multi-byte chars, barriers and line ends) and searched
//! with [`Matcher::new`] and with [`Matcher::unanchored`]. The glossaries cover a large one
//! (past `DFA_PATTERN_LIMIT` patterns, where the reference is a contiguous NFA rather than a
//! DFA, and the heads table is large) and each reason to fall back to the unanchored search,
//! which must then be chosen: were it not, the word-start search would miss the matches that
//! make the glossary need it.

use super::*;
use crate::glossary::{load, GlossarySource};
use crate::prose::{prose_ranges, Format};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use std::cell::Cell;
use std::sync::OnceLock;

fn config(cases: u32) -> ProptestConfig {
    crate::test_support::proptest_config(cases, 0x7072_6566_696c_7472)
}

/// A glossary under test, its two matchers, and the words its documents are made of.
struct Case {
    name: &'static str,
    fast: Matcher,
    reference: Matcher,
    words: Vec<String>,
}

impl Case {
    fn new(name: &'static str, sources: &[GlossarySource]) -> Case {
        let glossary = load(sources).unwrap_or_else(|e| panic!("{name}: {}", e[0]));
        let mut words: Vec<String> = patterns_of(&glossary).into_iter().map(|p| p.text).collect();
        words.extend(FILLER.iter().map(|s| s.to_string()));
        Case {
            name,
            fast: Matcher::new(&glossary),
            reference: Matcher::unanchored(&glossary),
            words,
        }
    }

    fn uses_word_starts(&self) -> bool {
        matches!(*self.fast.search, Search::WordStarts { .. })
    }

    /// Builds a document from `pieces` and checks both searches agree on it; returns the number
    /// of terms found.
    fn check(&self, pieces: &[Piece]) -> Result<usize, TestCaseError> {
        let text = document(&self.words, pieces);
        let folded = FoldedText::new(&text, &prose_ranges(&text, Format::PlainText));
        let fast = self.fast.find(&folded);
        let reference = self.reference.find(&folded);
        // Searching in parts on several threads finds the same, in either search.
        for (threads, matcher) in [(2, &self.fast), (3, &self.fast), (3, &self.reference)] {
            let parts = matcher.find_with_threads(&folded, threads);
            prop_assert_eq!(&parts.terms, &reference.terms, "{} threads", threads);
            prop_assert_eq!(&parts.other_meanings, &reference.other_meanings);
        }
        prop_assert_eq!(
            &fast.terms,
            &reference.terms,
            "{}: terms differ in {:?}",
            self.name,
            folded.as_str()
        );
        prop_assert_eq!(
            &fast.other_meanings,
            &reference.other_meanings,
            "{}: other meanings differ in {:?}",
            self.name,
            folded.as_str()
        );
        Ok(fast.terms.len())
    }
}

/// Word fragments to glue onto terms, ordinary words, punctuation, multi-byte chars and the
/// folded text's separators.
const FILLER: &[&str] = &[
    // fragments: "presellers", "VARx", "_VAR", "resellers2"
    "pre",
    "x",
    "X",
    "_",
    "s",
    "2",
    "ing",
    "é",
    "ß",
    // words, capitalised ones for the proper-name rule
    "the",
    "a",
    "I",
    "Our",
    "Acme",
    "Program",
    "partner",
    "channel",
    "manager",
    "since",
    "var",
    "si",
    "Si",
    // possessives and punctuation
    "'s",
    "’s",
    "'",
    "’",
    ". ",
    ", ",
    "; ",
    "(",
    ")",
    "-",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "—",
    "…",
    // multi-byte text
    "😀",
    "👩‍💻",
    "伙伴",
    "日本語",
    "e\u{301}",
    "\u{212a}",
    "İ",
    "\u{a0}",
    "\u{2011}",
    // separators
    "\u{1f}",
    "\n",
    " ",
    "  ",
];

/// One piece of a document: which word, in which case, cut short or not, followed by which
/// separator.
#[derive(Debug, Clone)]
struct Piece {
    word: usize,
    case: u8,
    case_bits: u64,
    /// Keep only the first `cut % chars` chars, when not 0; a word cut short leaves the automaton
    /// half-way through a pattern.
    cut: u8,
    separator: u8,
}

fn piece() -> impl Strategy<Value = Piece> {
    (
        any::<usize>(),
        0u8..6,
        any::<u64>(),
        prop_oneof![3 => Just(0u8), 1 => 1u8..40],
        0u8..10,
    )
        .prop_map(|(word, case, case_bits, cut, separator)| Piece {
            word,
            case,
            case_bits,
            cut,
            separator,
        })
}

fn document(words: &[String], pieces: &[Piece]) -> String {
    let mut text = String::new();
    for p in pieces {
        let mut word = words[p.word % words.len()].as_str();
        let chars = word.chars().count();
        if p.cut != 0 && chars > 1 {
            let keep = usize::from(p.cut) % chars + 1;
            word = &word[..word.char_indices().nth(keep).map_or(word.len(), |(i, _)| i)];
        }
        match p.case {
            0 | 1 => text.push_str(word),
            2 => text.push_str(&word.to_lowercase()),
            3 => text.push_str(&word.to_uppercase()),
            4 => {
                let mut chars = word.chars();
                text.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                text.push_str(chars.as_str());
            }
            _ => text.extend(word.chars().enumerate().map(|(i, c)| {
                if p.case_bits >> (i % 64) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })),
        }
        text.push_str(match p.separator {
            0..=3 => " ",
            4 | 5 => "",
            6 if p.case_bits & 1 == 0 => "\n",
            6 => "\n\n", // a block separator: where a search on threads may cut
            7 => "\u{1f}",
            8 => "-",
            _ => ", ",
        });
    }
    text
}

fn text_source(text: String) -> GlossarySource {
    GlossarySource::Text {
        name: "t.toml".into(),
        text,
    }
}

/// Short forms in every case rule, digits first, non-ASCII, spaces and hyphens within the first
/// four bytes, forms sharing prefixes, a form containing another, exceptions and other
/// meanings.
const EDGES: &str = r#"
exceptions = ["Contoso Reseller Program", "SI Partner Network", "ok computer"]
[[entry]]
id = "ok"
category = "c"
definition = "d"
forms = [{ text = "ok", status = "preferred" }, { text = "ok-ish", status = "admitted" }]
[[entry]]
id = "book"
category = "c"
definition = "d"
# Walking "book", the automaton is in a state that also holds "ok", found through a failure
# transition: a match that does not start where the walk did.
forms = [{ text = "bookkeeping partner", status = "preferred" }]
[[entry]]
id = "si"
category = "c"
definition = "d"
forms = [{ text = "SI", status = "preferred", ambiguous = ["swimsuit issue"] }, { text = "SIP", status = "admitted" }]
[[entry]]
id = "3pl"
category = "c"
definition = "d"
forms = [{ text = "3PL", status = "preferred" }, { text = "3rd-party logistics", status = "admitted" }]
[[entry]]
id = "cafe"
category = "c"
definition = "d"
forms = [{ text = "café partner", status = "preferred" }, { text = "caf partner", status = "deprecated" }]
[[entry]]
id = "a-b"
category = "c"
definition = "d"
forms = [{ text = "a b c", status = "preferred" }, { text = "a-b", status = "admitted", plural = false }, { text = "ab", status = "deprecated" }]
[[entry]]
id = "re"
category = "c"
definition = "d"
forms = [{ text = "re-seller", status = "preferred" }, { text = "reseller program", status = "admitted" }]
"#;

/// `n` generated entries: a two-word form, its acronym, and the plurals: past the DFA limit
/// when `n` is 600.
fn many_entries(n: usize) -> String {
    const A: &[&str] = &[
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
        "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra",
        "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
    ];
    let mut out = String::new();
    for i in 0..n {
        let (a, b) = (A[i % A.len()], A[(i / A.len() + i) % A.len()]);
        let acronym: String = [
            'Q',
            (b'A' + (i % 26) as u8) as char,
            (b'A' + (i / 26 % 26) as u8) as char,
        ]
        .iter()
        .collect();
        out.push_str(&format!(
            "[[entry]]\nid = \"g{i}\"\ncategory = \"c\"\ndefinition = \"d\"\nforms = [{{ text = \"{a} {b} {i}\", status = \"preferred\" }}, {{ text = \"{acronym}\", status = \"admitted\" }}]\n"
        ));
    }
    out
}

fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        let with = |extra: &str| text_source(format!("{EDGES}{extra}"));
        let extra_entry = |form: &str| {
            format!("[[entry]]\nid = \"extra\"\ncategory = \"c\"\ndefinition = \"d\"\nforms = [{{ text = \"{form}\", status = \"preferred\" }}]\n")
        };
        vec![
            Case::new("built-in", &[GlossarySource::Builtin]),
            Case::new("edges", &[with("")]),
            Case::new(
                "many",
                &[GlossarySource::Builtin, text_source(many_entries(600))],
            ),
            Case::new("punctuation first", &[with(&extra_entry(".NET partner"))]),
            Case::new("non-ASCII first", &[with(&extra_entry("Übersetzer"))]),
            Case::new("one byte", &[with(&extra_entry("X"))]),
            Case::new(
                "exception punctuation first",
                &[
                    with(""),
                    text_source("exceptions = [\"«ok» computer\"]\n".into()),
                ],
            ),
        ]
    })
}

#[test]
fn each_glossary_gets_the_search_it_needs() {
    let searches: Vec<(&str, bool)> = cases()
        .iter()
        .map(|c| (c.name, c.uses_word_starts()))
        .collect();
    assert_eq!(
        searches,
        [
            ("built-in", true),
            ("edges", true),
            ("many", true),
            ("punctuation first", false),
            ("non-ASCII first", false),
            ("one byte", false),
            ("exception punctuation first", false),
        ]
    );
    assert!(cases()[2].fast.pattern_count() > DFA_PATTERN_LIMIT);
}

#[test]
fn word_start_search_finds_what_the_unanchored_search_finds() {
    for case in cases() {
        let config = config(256);
        let (documents, terms) = (Cell::new(0u32), Cell::new(0usize));
        // A runner per glossary: a runner that has run its cases runs no more.
        TestRunner::new(config.clone())
            .run(&prop::collection::vec(piece(), 0..60), |pieces| {
                documents.set(documents.get() + 1);
                terms.set(terms.get() + case.check(&pieces)?);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        // Guards on the test itself: were the documents not searched, or to hold no terms,
        // the equivalence would hold trivially.
        assert!(documents.get() >= config.cases, "{}", case.name);
        assert!(
            terms.get() >= documents.get() as usize,
            "{}: {} terms in {} documents",
            case.name,
            terms.get(),
            documents.get()
        );
    }
}
