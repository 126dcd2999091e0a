//! What a terminologist would add to a glossary after reading the docs: proposals, never
//! changes (`glossary-lsp glossary suggest`).
//!
//! Three kinds, each with counts and a sample place so a person can judge it:
//!
//! 1. **Variants** (`variants.rs`): ways writers spell a term that the glossary does not list
//!    — a hyphen or space changed or dropped ("value added reseller"), an inner word
//!    inflected ("managed services provider") — found by matching candidate spellings built
//!    from every form, and forms written in Title Case mid-sentence.
//! 2. **Acronyms** (`acronyms.rs`): all-capital words in the docs' prose that are no form of
//!    the glossary, with the expansion the docs give ("Cloud Solution Provider (CSP)"), kept
//!    only when they belong to the glossary's subject (see there).
//! 3. **Confusables** (`confusables.rs`): pairs of entries whose definitions name each other or
//!    share much of their wording, with the words each definition has and the other lacks as
//!    candidate cues.
//!
//! Documents are scanned independently ([`Suggester::scan`] takes `&self`, so a front end can
//! scan on every core) and the scans merged ([`Scan::merge`]); [`Suggester::finish`] ranks
//! and cuts the lists. Nothing here prints: the CLI renders the proposals as TOML snippets.

mod acronyms;
mod confusables;
mod variants;

pub use acronyms::AcronymUse;
pub use confusables::ConfusablePair;
pub use variants::{TitleCase, Variant, VariantKind};

use crate::fold::FoldedText;
use crate::glossary::{Glossary, Location};
use crate::prose::{prose_ranges, Format};
use crate::Engine;
use std::collections::HashMap;
use std::sync::Arc;

/// What the docs suggest adding to a glossary.
#[derive(Debug, Clone, Default)]
pub struct Suggestions {
    /// Documents read.
    pub documents: usize,
    /// Bytes read.
    pub bytes: usize,
    /// Spellings the glossary lacks, by entry, most used first.
    pub variants: Vec<Variant>,
    /// Entries written in Title Case mid-sentence.
    pub title_case: Vec<TitleCase>,
    /// Acronyms the glossary lacks, most relevant and used first.
    pub acronyms: Vec<AcronymUse>,
    /// Acronyms used often but never spelled out in the docs, and so not proposed (how many).
    pub unexplained_acronyms: usize,
    /// Candidate confusable pairs, strongest first.
    pub confusables: Vec<ConfusablePair>,
}

/// Counts of one thing across documents: uses, files, and the first place seen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    pub uses: usize,
    pub files: usize,
    pub sample: Option<Location>,
    /// The last document counted (so a document counts once in `files`).
    last_doc: Option<Arc<str>>,
}

impl Tally {
    pub(crate) fn add(&mut self, at: &Location) {
        self.uses += 1;
        if self.last_doc.as_deref() != Some(&*at.path) {
            self.files += 1;
            self.last_doc = Some(at.path.clone());
        }
        if self.sample.is_none() {
            self.sample = Some(at.clone());
        }
    }

    /// Adds another document's (or scan's) counts; the sample is the earlier place, by path,
    /// line and column, so that the result does not depend on the order of the scans.
    pub(crate) fn merge(&mut self, other: Tally) {
        self.uses += other.uses;
        self.files += other.files;
        let key = |l: &Location| (l.path.clone(), l.line, l.column);
        self.sample = match (self.sample.take(), other.sample) {
            (Some(a), Some(b)) => Some(if key(&b) < key(&a) { b } else { a }),
            (a, b) => a.or(b),
        };
    }
}

/// Scans documents for suggestions about one glossary.
pub struct Suggester {
    glossary: Glossary,
    variants: variants::Candidates,
    /// The glossary with the candidate variants added as deprecated forms.
    engine: Engine,
    known_acronyms: acronyms::Known,
}

/// What documents gave: one document's [`Suggester::scan`], or several merged.
#[derive(Debug, Default)]
pub struct Scan {
    documents: usize,
    bytes: usize,
    variants: HashMap<(usize, usize), Tally>,
    title_case: HashMap<usize, (HashMap<String, usize>, Tally)>,
    acronyms: HashMap<String, acronyms::Seen>,
}

impl Suggester {
    /// Prepares to scan documents for `glossary`.
    pub fn new(glossary: &Glossary) -> Suggester {
        let variants = variants::Candidates::new(glossary);
        let augmented = variants.augmented(glossary);
        let engine = Engine::new(augmented, crate::rules::RuleSettings::default());
        Suggester {
            glossary: glossary.clone(),
            known_acronyms: acronyms::Known::new(glossary),
            variants,
            engine,
        }
    }

    /// Scans one document (`name` is shown in locations).
    pub fn scan(&self, name: &str, text: &str, format: Format) -> Scan {
        let prose = prose_ranges(text, format);
        let folded = FoldedText::new(text, &prose);
        let lines = crate::position::LineIndex::new(text);
        let name: Arc<str> = name.into();
        let locate = |offset: usize| {
            let (line, column) = lines.position(text, offset, crate::position::Encoding::Chars);
            Location {
                path: name.clone(),
                line: line + 1,
                column: column + 1,
            }
        };
        let matches = self.engine.matcher().find(&folded);
        let mut scan = Scan {
            documents: 1,
            bytes: text.len(),
            ..Scan::default()
        };
        self.variants.count(
            self.engine.glossary(),
            &folded,
            &matches.terms,
            &locate,
            &mut scan,
        );
        acronyms::scan(
            &self.known_acronyms,
            &folded,
            &matches.terms,
            &locate,
            &mut scan.acronyms,
        );
        scan
    }

    /// The proposals from everything `found`, ranked.
    pub fn finish(&self, found: Scan) -> Suggestions {
        let (variants, title_case) = self.variants.finish(
            &self.glossary,
            self.engine.glossary(),
            found.variants,
            found.title_case,
        );
        let (acronyms, unexplained) = acronyms::finish(&self.known_acronyms, found.acronyms);
        Suggestions {
            documents: found.documents,
            bytes: found.bytes,
            variants,
            title_case,
            acronyms,
            unexplained_acronyms: unexplained,
            confusables: confusables::pairs(&self.glossary, &self.engine),
        }
    }
}

impl Scan {
    /// Adds another scan's counts to this one's.
    pub fn merge(&mut self, other: Scan) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        for (k, t) in other.variants {
            self.variants.entry(k).or_default().merge(t);
        }
        for (k, (written, t)) in other.title_case {
            let slot = self.title_case.entry(k).or_default();
            for (w, n) in written {
                *slot.0.entry(w).or_default() += n;
            }
            slot.1.merge(t);
        }
        for (k, seen) in other.acronyms {
            self.acronyms.entry(k).or_default().merge(seen);
        }
    }
}

/// Words that say nothing about a concept.
pub(crate) const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "at",
    "as",
    "is",
    "are",
    "be",
    "its",
    "it",
    "that",
    "which",
    "who",
    "whose",
    "from",
    "into",
    "than",
    "this",
    "their",
    "them",
    "they",
    "often",
    "usually",
    "typically",
    "sometimes",
    "any",
    "not",
    "without",
    "through",
    "more",
    "most",
    "other",
    "such",
    "where",
    "while",
    "can",
    "may",
    "each",
    "every",
    "also",
    "but",
    "over",
    "all",
    "own",
    "rather",
    "if",
    "so",
];

/// Lower-case words of `text` (letters, digits, inner hyphens and apostrophes).
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A crude stem for comparing words: lower case, a plural or verb ending off.
pub(crate) fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    for (suffix, keep) in [("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.len() >= 4 && !(suffix == "s" && base.ends_with('s')) {
                return format!("{base}{keep}");
            }
        }
    }
    w
}

#[cfg(test)]
mod tests;
