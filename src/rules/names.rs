//! The model of *names*: when a glossary term as written is part of a name, a label or a
//! literal rather than the writer's own use of the term.
//!
//! Real documents are full of terms that the writer does not choose: the title of a linked
//! page ("[Create Channel Partner record](…)"), a product or plugin name ("ISV Connect",
//! "Order Management for Channel Partners"), a bold UI label ("select **Channel Partners**"),
//! an enum value in a table cell ("CustomSolution(ISV)"), a quoted tag ("\"ISV\""), image alt
//! text. Flagging those, or rewriting them, is wrong: a writer cannot rename the product. The
//! rules ask [`role_of`] about each match and judge only those in [`Role::Running`] text.
//!
//! The signals, in order:
//! - the block: a heading names a topic; a short table cell (three words or fewer) holds a
//!   value or a label, not a sentence; a short list item with no closing punctuation is a label;
//! - the inline marks from the parser: link text, image alt text, and a short bold or italic
//!   phrase (five words or fewer: a UI label);
//! - the characters around it: inside quotes as the whole quoted text, or glued to an
//!   identifier (`CustomSolution(ISV)`, `ISV.md`, `[ISV]`, `sn_isv`);
//! - its capitalised neighbours: a capitalised word before it (not starting the sentence) or
//!   after it ("Microsoft Azure OEM", "ISV Connect", "MSP Extensions"). The matcher already
//!   drops capitalised non-acronym terms inside such runs; acronyms are always capitalised, so
//!   for them the neighbours are the only evidence.

use super::Context;
use crate::matcher::TermMatch;
use crate::prose::{BlockKind, Marks};
use crate::text::{is_sentence_start, is_word_char};

/// Where a match stands, as far as the rules are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The writer's own running text: every rule applies.
    Running,
    /// A heading (or a front-matter title): it names a topic.
    Heading,
    /// A table cell too short to be a sentence, or a list item that is a label.
    Label,
    /// Link text: the name of the linked page.
    LinkText,
    /// A short bold or italic phrase: a UI label or a named thing.
    Emphasised,
    /// Image alt text.
    AltText,
    /// Quoted as a whole, or glued to an identifier: a literal value.
    Literal,
    /// Part of a capitalised run of words: a product, team or program name.
    Name,
}

/// The role of match `m`. `acronym` says whether the form matched is an acronym (whose
/// capitalised neighbours make it part of a name).
pub(crate) fn role_of(ctx: &Context, m: &TermMatch, acronym: bool) -> Role {
    let hay = ctx.folded.as_str();
    let f = m.folded.clone();
    if literal(hay, f.start, f.end) {
        return Role::Literal;
    }
    if in_list_of_names(ctx, f.start, f.end) || labels_a_thing(hay, f.end) {
        return Role::Name;
    }
    let (marks, run) = ctx.folded.marks_at(f.start);
    if marks.contains(Marks::IMAGE_ALT) {
        return Role::AltText;
    }
    if marks.contains(Marks::LINK) {
        return Role::LinkText;
    }
    if marks.intersects(Marks::STRONG.with(Marks::EMPHASIS)) && at_most_words(&hay[run], 5) {
        return Role::Emphasised;
    }
    let block = block_range(hay, f.clone());
    match m.block {
        BlockKind::Heading => return Role::Heading,
        BlockKind::TableCell if at_most_words(&hay[block.clone()], 3) => return Role::Label,
        _ => {}
    }
    // A list item, or a paragraph on its own, of a few words with no closing punctuation is a
    // label ("Related Channel Partners" in an HTML table cell, "- Channel Marketing").
    let limit = if marks.contains(Marks::LIST_ITEM) {
        6
    } else {
        4
    };
    let whole = hay[block.clone()].trim_end();
    if at_most_words(whole, limit)
        && !whole.ends_with(['.', '!', '?', ':', ';'])
        && title_case(whole)
    {
        return Role::Label;
    }
    // Acronyms are capitals wherever they stand, so a capitalised neighbour is the evidence of
    // a name; other terms inside names in running text are dropped by the matcher already, but
    // not in table cells, whose sentences are judged here like paragraphs.
    // A plural acronym ("SaaS ISVs") is a common noun, never part of a name.
    let capitalised = hay[f.clone()].starts_with(|c: char| c.is_uppercase());
    if acronym && !m.plural && capitalised_neighbour(hay, f.start, f.end) {
        return Role::Name;
    }
    // In a table cell that holds a sentence, the matcher's proper-name test ("For this State
    // of the Partner Ecosystem moment") applies as it does in a paragraph.
    if !acronym
        && capitalised
        && m.block == BlockKind::TableCell
        && crate::matcher::in_proper_name(hay, f.start, f.end, BlockKind::Paragraph)
    {
        return Role::Name;
    }
    Role::Running
}

/// The folded range of the block (paragraph, cell, heading) around `at`.
pub(crate) fn block_range(hay: &str, at: std::ops::Range<usize>) -> std::ops::Range<usize> {
    // `memchr`: paragraphs are long, and this is asked for many of their terms.
    let b = hay.as_bytes();
    let start = memchr::memrchr(b'\n', &b[..at.start]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &b[at.end..]).map_or(hay.len(), |i| at.end + i);
    start..end
}

/// Whether most words of four letters or more in `s` are capitalised ("Related Channel
/// Partners", not "Flexible internal architecture for IHV/OEM extensibility").
fn title_case(s: &str) -> bool {
    let (mut upper, mut lower) = (0, 0);
    for w in s.split_whitespace().filter(|w| w.chars().count() >= 4) {
        if w.starts_with(|c: char| c.is_uppercase()) {
            upper += 1;
        } else {
            lower += 1;
        }
    }
    upper >= lower
}

/// Whether `s` has at most `n` words: counts no further than it must, so asking it of a long
/// paragraph for each of its terms stays cheap.
pub(crate) fn at_most_words(s: &str, n: usize) -> bool {
    // `split_whitespace().nth(n).is_none()`, byte by byte: only a non-ASCII byte needs its
    // char decoded to know whether it is white space.
    let b = s.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        let (space, len) = if b[i] < 0x80 {
            (matches!(b[i], b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = s[i..]
                .chars()
                .next()
                .expect("a char starts at a non-ASCII lead byte");
            (c.is_whitespace(), c.len_utf8())
        };
        if !space && !in_word {
            words += 1;
            if words > n {
                return false;
            }
        }
        in_word = !space;
        i += len;
    }
    true
}

/// Whether the match at `start..end` is a literal: the whole of a quoted string, or glued to
/// an identifier or a path.
fn literal(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    // "ISV", “ISV”, 'ISV': the term is the whole quoted text.
    let quoted = matches!(
        (before, after),
        (Some('"'), Some('"')) | (Some('\u{201c}'), Some('\u{201d}')) | (Some('\''), Some('\''))
    );
    if quoted {
        return true;
    }
    // CustomSolution(ISV), sn_isv, [ISV], ISV.md, key=MSP, <OEM>.
    let glued_before = match before {
        Some('_' | '[' | '=' | '<' | '{' | '\\' | '.' | '#' | '@' | '$') => true,
        // "Domains: Default,MSP,ACME": a list without spaces is data.
        Some(',') => hay[end..].starts_with(','),
        Some('(') => hay[..start - 1]
            .chars()
            .next_back()
            .is_some_and(is_word_char),
        _ => false,
    };
    let glued_after = match after {
        Some('_' | ']' | '=' | '>' | '}' | '\\') => true,
        Some('.') => hay[end + 1..].chars().next().is_some_and(is_word_char),
        _ => false,
    };
    glued_before || glued_after
}

/// Whether the match is one item of a comma-separated list whose neighbouring item is a
/// single capitalised word or code that is not itself a glossary term: "Vendor, Customer, and
/// MSP" (choice values), "LOS, BUS, VAR, CUS, USR" (layer codes), "(SaaS, OEM)". A list of
/// the glossary's own terms ("ISVs, MSPs and SIs") is running text.
fn in_list_of_names(ctx: &Context, start: usize, end: usize) -> bool {
    let hay = ctx.folded.as_str();
    // Most matches stand in no list: a comma (or "and"/"or" after one) must touch the match.
    let left = hay[..start].trim_end();
    let touches = hay[end..].starts_with(',')
        || left.ends_with(',')
        || left.ends_with(" and")
        || left.ends_with(" or");
    if !touches {
        return false;
    }
    // The other items of the comma list the match stands in (within its sentence): the last
    // word of each segment before it, the first word (after "and"/"or") of each one after it.
    let sentence = crate::text::sentence_bounds(hay, start..end);
    let before = &hay[sentence.start..start];
    let after = &hay[end..sentence.end];
    let own = before.rsplit(',').next().unwrap_or("").trim();
    let listed_left = before.contains(',') && matches!(own, "" | "and" | "or");
    if !(listed_left || after.starts_with(',')) {
        return false;
    }
    let word_at = |seg: &str, last: bool| -> Option<(usize, usize)> {
        let seg_start = seg.as_ptr() as usize - hay.as_ptr() as usize;
        let trimmed = seg.trim();
        let word = if last {
            trimmed.rsplit(' ').next()?
        } else {
            let t = trimmed
                .strip_prefix("and ")
                .or_else(|| trimmed.strip_prefix("or "))
                .unwrap_or(trimmed);
            t.split(' ').next()?
        };
        let at = word.as_ptr() as usize - hay.as_ptr() as usize;
        (at >= seg_start).then_some((at, word.len()))
    };
    let mut neighbours: Vec<(usize, usize)> = Vec::new();
    if listed_left {
        let mut segments_before: Vec<&str> = before.split(',').collect();
        segments_before.pop(); // the segment the match is in
        neighbours.extend(
            segments_before
                .iter()
                .rev()
                .take(4)
                .filter_map(|seg| word_at(seg, true)),
        );
    }
    let mut segments_after = after.split(',');
    segments_after.next(); // the rest of the match's own segment
    neighbours.extend(segments_after.take(4).filter_map(|seg| word_at(seg, false)));
    // A neighbour counts if it is one word (a delimiter right before or after it), capitalised,
    // not a glossary term and not starting the sentence. A plural acronym ("IHVs, OEMs and
    // ODMs") makes the list running text; a capitalised word ("Vendor, Customer, and MSP")
    // makes it a list of names; codes in capitals ("LOS, BUS, VAR, CUS") must be two or more,
    // so that "the OEM, IHV, and ISV" is still prose.
    let (mut names, mut codes) = (0, 0);
    for (at, len) in neighbours {
        let word = hay[at..at + len].trim_end_matches(['.', ')', ';', ':']);
        let item_end = at + word.len();
        let single = hay[item_end..]
            .trim_start()
            .starts_with([',', ')', '.', ';', ':'])
            || hay[item_end..].trim_start().is_empty()
            || hay[..at].trim_end().ends_with([',', '(']);
        if word.is_empty()
            || !single
            || !word.starts_with(|c: char| c.is_uppercase())
            || !word.chars().all(|c| c.is_alphanumeric() || c == '-')
            || ctx.in_term(at)
            || is_sentence_start(hay, at)
        {
            continue;
        }
        let stem = word.strip_suffix('s').unwrap_or(word);
        let all_caps = stem.chars().all(|c| !c.is_lowercase());
        if all_caps && stem.len() < word.len() {
            return false; // a plural acronym: people, not codes
        }
        if all_caps {
            codes += 1;
        } else {
            names += 1;
        }
    }
    names >= 1 || codes >= 2
}

/// Nouns that make a term before them the name of a thing: "the Technology Alliance track",
/// "the Channel Partner field", "our Channel Marketing team", "the MSP Order Form". A term
/// written in the glossary's own case before one of them is still the term ("our channel
/// marketing team"); only a capitalised term is taken as a name.
pub(crate) const NAMING_NOUNS: &[&str] = &[
    "addendum",
    "agreement",
    "app",
    "application",
    "award",
    "awards",
    "badge",
    "certification",
    "competency",
    "conference",
    "council",
    "course",
    "dashboard",
    "department",
    "designation",
    "field",
    "form",
    "guide",
    "initiative",
    "label",
    "list",
    "logo",
    "membership",
    "module",
    "page",
    "plugin",
    "portal",
    "program",
    "programme",
    "record",
    "report",
    "role",
    "specialization",
    "summit",
    "tab",
    "table",
    "team",
    "template",
    "tier",
    "track",
    "workspace",
];

/// Whether the text after a term (`after`, folded) starts with a naming noun (see
/// [`NAMING_NOUNS`]), capitalised or not.
pub(crate) fn names_something(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    NAMING_NOUNS.contains(&word.as_str())
}

/// Whether a bracketed identifier follows, the way a product writes a table's or a field's
/// label: "Channel Partner [sn_prm_channel_partner]".
fn labels_a_thing(hay: &str, end: usize) -> bool {
    hay[end..]
        .strip_prefix(" [")
        .or_else(|| hay[end..].strip_prefix('['))
        .and_then(|rest| rest.split_once(']'))
        .is_some_and(|(inside, _)| {
            !inside.is_empty() && !inside.contains(' ') && inside.contains(['_', '.'])
        })
}

/// Whether a capitalised word stands right before (and does not start the sentence) or right
/// after the match: "Microsoft Azure OEM", "ISV Connect".
fn capitalised_neighbour(hay: &str, start: usize, end: usize) -> bool {
    // A word in capitals is another acronym ("AM ISV", "IHV OEM"), not a name's word.
    let capitalised = |w: &str| {
        w.starts_with(|c: char| c.is_uppercase())
            && w.chars().any(char::is_lowercase)
            && !matches!(w, "I" | "A" | "An" | "The")
    };
    if let Some(before) = hay[..start].strip_suffix(' ') {
        let ws = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c) || c == '&')
            .last()
            .map(|(i, _)| i);
        if let Some(ws) = ws {
            if capitalised(&before[ws..]) && !is_sentence_start(hay, ws) {
                return true;
            }
        }
    }
    if let Some(after) = hay[end..].strip_prefix(' ') {
        let word: String = after.chars().take_while(|&c| is_word_char(c)).collect();
        if capitalised(&word) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{capitalised_neighbour, literal};

    fn at<'a>(hay: &'a str, term: &str) -> (&'a str, usize, usize) {
        let s = hay.find(term).unwrap();
        (hay, s, s + term.len())
    }

    #[test]
    fn literals() {
        for (hay, term) in [
            ("tags \"ISV\", \"SI\"", "ISV"),
            ("value CustomSolution(ISV) here", "ISV"),
            ("see ISV.md now", "ISV"),
            ("the [ISV] section", "ISV"),
            ("column sn_MSP here", "MSP"),
        ] {
            let (h, s, e) = at(hay, term);
            assert!(literal(h, s, e), "{hay}");
        }
        for (hay, term) in [
            ("an ISV (independent) one", "ISV"),
            ("ask the ISV.", "ISV"),
            ("vendors (ISVs) ship", "ISVs"),
            ("the \"ISV partners\" page", "ISV"),
        ] {
            let (h, s, e) = at(hay, term);
            assert!(!literal(h, s, e), "{hay}");
        }
    }

    #[test]
    fn capitalised_neighbours() {
        for (hay, term) in [
            ("use ISV Connect to", "ISV"),
            ("on Microsoft Azure OEM today", "OEM"),
            ("the Contoso Expert MSP program", "MSP"),
        ] {
            let (h, s, e) = at(hay, term);
            assert!(capitalised_neighbour(h, s, e), "{hay}");
        }
        for (hay, term) in [
            ("Many OEMs ship", "OEMs"),
            ("ask an MSP. Then", "MSP"),
            ("The ISV ships", "ISV"),
        ] {
            let (h, s, e) = at(hay, term);
            assert!(!capitalised_neighbour(h, s, e), "{hay}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::test_support::proptest_config(2000, 0x776f_7264))]

        /// The byte loop counts words as `split_whitespace` does, Unicode spaces included.
        #[test]
        fn at_most_words_counts_as_split_whitespace(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Word", " ", "  ", "\t", "\u{b}", "\u{2003}", "\u{a0}", "é", "\n", "—", "\u{3000}",
                ]),
                0..16,
            ),
            n in 0usize..8,
        ) {
            let s: String = parts.concat();
            proptest::prop_assert_eq!(
                super::at_most_words(&s, n),
                s.split_whitespace().nth(n).is_none(),
                "{:?} {}", s, n
            );
        }
    }
}
