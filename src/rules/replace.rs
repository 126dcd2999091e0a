//! Building replacement text that fits where it goes: the same number (plural), the same
//! possessive, and a capital letter where the original had one at a sentence start or in a
//! heading.

use crate::glossary::Form;
use crate::matcher::TermMatch;
use crate::prose::BlockKind;
use crate::text::is_sentence_start;
use std::ops::Range;

/// How the matched text was written, as far as a replacement must copy it.
pub(crate) struct Shape {
    plural: bool,
    /// The possessive suffix as written (`'s`, `’s`, `'`), or empty.
    possessive: String,
    /// Capitalise the first letter.
    capital: bool,
    /// Capitalise every word (a Title Case heading or table cell).
    title: bool,
}

impl Shape {
    /// The shape of match `m`, whose text as written is `written`; `folded` is the folded text.
    ///
    /// The case of a replacement follows its place, not the matched letters (an acronym is all
    /// capitals wherever it stands): a capital first letter at a sentence start; every word
    /// capitalised in a Title Case heading or table cell; lower case elsewhere.
    pub fn of(m: &TermMatch, written: &str, folded: &str) -> Shape {
        Shape::of_range(m, m.folded.clone(), written, folded)
    }

    /// The shape of the part `range` (folded) of match `m` (all of it, or the acronym in
    /// "ISV partners"), whose text as written is `written`.
    pub fn of_range(m: &TermMatch, range: Range<usize>, written: &str, folded: &str) -> Shape {
        let whole = range == m.folded;
        let possessive = if m.possessive && whole {
            let cut = written.rfind(['\'', '\u{2019}']).unwrap_or(written.len());
            written[cut..].to_string()
        } else {
            String::new()
        };
        let starts_upper = written.starts_with(|c: char| c.is_uppercase());
        // Headings and label cells are title-cased by convention; a table cell that holds a
        // sentence is written like a paragraph.
        let label = match m.block {
            BlockKind::Paragraph => false,
            BlockKind::Heading => true,
            BlockKind::TableCell => {
                let cell = crate::rules::names::block_range(folded, range.clone());
                crate::rules::names::at_most_words(&folded[cell], 3)
            }
        };
        let title = label && title_case_block(folded, range.clone());
        let capital = starts_upper && is_sentence_start(folded, range.start);
        Shape {
            plural: m.plural && whole,
            possessive,
            capital,
            title,
        }
    }

    /// `form` written in this shape.
    pub fn apply(&self, form: &Form) -> String {
        let base = match (&form.plural, self.plural) {
            (Some(p), true) => p.as_str(),
            _ => form.text.as_str(),
        };
        self.apply_text(base, form.acronym)
    }

    /// Free text (an acronym's expansion) in this shape; `base` is already plural if needed.
    pub fn apply_text(&self, base: &str, acronym: bool) -> String {
        let mut out = String::with_capacity(base.len() + 2);
        let mut word_start = true;
        for c in base.chars() {
            let upper = !acronym && word_start && (self.title || (self.capital && out.is_empty()));
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            word_start = c == ' ' || c == '-';
        }
        out.push_str(&self.possessive);
        out
    }

    /// Whether the match is plural.
    pub fn plural(&self) -> bool {
        self.plural
    }

    /// Whether the match is possessive.
    pub fn possessive(&self) -> bool {
        !self.possessive.is_empty()
    }
}

/// Whether the block (heading, table cell) around `at` is written in Title Case: most of its
/// other words of four letters or more are capitalised.
fn title_case_block(folded: &str, at: std::ops::Range<usize>) -> bool {
    let start = folded[..at.start].rfind(['\n', '|']).map_or(0, |i| i + 1);
    let end = folded[at.end..]
        .find(['\n', '|'])
        .map_or(folded.len(), |i| at.end + i);
    let (mut upper, mut lower) = (0, 0);
    for w in crate::text::words(folded, start..end) {
        if w.start < at.end && w.end > at.start || w.len() < 4 {
            continue;
        }
        match folded[w].chars().next() {
            Some(c) if c.is_uppercase() => upper += 1,
            Some(c) if c.is_lowercase() => lower += 1,
            _ => {}
        }
    }
    upper > 0 && upper >= lower
}
