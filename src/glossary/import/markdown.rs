//! Glossary pages, Markdown or plain text: a term as a heading (or a short title line), the
//! paragraph after it as the definition, higher headings as categories.
//!
//! A page is first cut into blocks — titles, paragraphs, and term/definition pairs that name
//! their term in place — and the blocks are then read the same way for both formats:
//!
//! - **Markdown**: ATX and setext headings are titles with a level; a paragraph that is only
//!   bold text is a title below every heading. A paragraph or list item that *starts* with bold
//!   text followed by `:`, a dash or a full stop ("**Reseller**: a company that …") and a
//!   definition list (`Term` / `: definition`) are pairs. Code, HTML and tables are skipped.
//! - **Plain text**: blocks are separated by blank lines; a block of one short line (at most ten
//!   words and 80 characters, not ending like a sentence) is a title; a line underlined with
//!   `===` or `---` is a heading; any other block is a paragraph, its lines joined by spaces.
//!
//! A title followed by a paragraph is a term and that paragraph its definition (further
//! paragraphs before the next title become notes), unless, in Markdown, deeper headings follow
//! it before the next one of its level: then it heads a section. A title followed by another
//! title heads a section too. A term's category is the nearest section heading above it, but
//! not the page title (the page's first heading when no other shares its level) and not an
//! index letter ("A", "B–C"). In plain text the first title is the page title, and its
//! paragraph an introduction, when that paragraph does not mention it while most definitions
//! on the page mention their term. Terms under no section are in category "General".
//!
//! What each term's forms are is read from its title and its definition's first sentence
//! (`naming.rs`).

use super::naming::{self, Naming};
use super::{Draft, DraftEntry, DraftForm, Imported, Locator, Plural, SourceFormat};
use crate::glossary::{FileError, FormStatus};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The category of terms under no section heading.
pub(crate) const DEFAULT_CATEGORY: &str = "General";

/// One block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// A heading or title line; `level` 1–6 for Markdown headings, 7 for a bold-only
    /// paragraph, `None` for a plain-text title line.
    Title {
        text: String,
        level: Option<u8>,
        at: usize,
    },
    /// A paragraph of prose.
    Para { text: String, at: usize },
    /// A term with its definition in one block.
    Pair {
        term: String,
        term_at: usize,
        definition: String,
        definition_at: usize,
    },
}

/// A term found on the page, before its forms are worked out.
struct Found {
    title: String,
    title_at: usize,
    definition: String,
    definition_at: usize,
    category: String,
    notes: Vec<String>,
}

/// Reads a glossary page.
pub(super) fn read(
    text: &str,
    format: SourceFormat,
    locator: &Locator,
) -> Result<Imported, Vec<FileError>> {
    let blocks = match format {
        SourceFormat::Markdown => markdown_blocks(text),
        _ => text_blocks(text),
    };
    let (page_title, found) = structure(&blocks, format);
    if found.is_empty() {
        return Err(vec![locator.error(
            0,
            format!(
                "no terms found: a {} needs a term as a heading or short title line, followed by a paragraph defining it",
                format.name()
            ),
        )]);
    }
    let mut entries = Vec::new();
    for f in found {
        entries.push(entry(f, locator));
    }
    Ok(Imported {
        draft: Draft {
            source: locator.at(0).path,
            format,
            title: page_title,
            lang: "en".into(),
            entries,
        },
        warnings: Vec::new(),
        columns: Vec::new(),
    })
}

fn entry(f: Found, locator: &Locator) -> DraftEntry {
    let n: Naming = naming::name_term(&f.title, &f.definition);
    let at = locator.at(f.title_at);
    let plural = if n.uncountable {
        Plural::Uncountable
    } else {
        Plural::Derived
    };
    let form = |text: &str, status, expansion: Option<String>| DraftForm {
        text: text.to_string(),
        status,
        plural: plural.clone(),
        expansion,
        ambiguous: Vec::new(),
        at: at.clone(),
    };
    let mut forms = vec![form(&n.preferred, FormStatus::Preferred, None)];
    for (acronym, expansion) in &n.acronyms {
        forms.push(form(acronym, FormStatus::Admitted, expansion.clone()));
    }
    for alt in &n.alternatives {
        forms.push(form(alt, FormStatus::Admitted, None));
    }
    let mut notes = Vec::new();
    if !n.from_sentence {
        notes.push(format!(
            "The definition's first sentence does not name \u{201c}{}\u{201d}: the form comes from the heading; check its case.",
            f.title.trim()
        ));
    }
    if let Some(q) = &n.qualifier {
        notes.push(format!("The heading adds \u{201c}({q})\u{201d}."));
    }
    notes.extend(f.notes);
    DraftEntry {
        id: String::new(),
        category: f.category,
        definition: f.definition,
        forms,
        related: Vec::new(),
        languages: Vec::new(),
        notes,
        at,
        definition_at: locator.at(f.definition_at),
    }
}

/// Reads the blocks as a glossary: the page title and the terms.
fn structure(blocks: &[Block], format: SourceFormat) -> (Option<String>, Vec<Found>) {
    let is_term_title = |i: usize| -> bool {
        let Some(Block::Title { level, .. }) = blocks.get(i) else {
            return false;
        };
        if !matches!(blocks.get(i + 1), Some(Block::Para { .. })) {
            return false;
        }
        // A Markdown heading with deeper headings under it heads a section.
        let next_title = blocks[i + 1..].iter().find_map(|b| match b {
            Block::Title { level: l, .. } => Some(*l),
            _ => None,
        });
        match (level, next_title) {
            (Some(l), Some(Some(next))) => next <= *l || *l == 7,
            _ => true,
        }
    };
    let defines = |i: usize| -> bool {
        match (&blocks[i], blocks.get(i + 1)) {
            (Block::Title { text, .. }, Some(Block::Para { text: para, .. })) => {
                naming::mentions(para, text)
            }
            _ => false,
        }
    };
    // The page title.
    let mut page_title: Option<usize> = None;
    let first_title = blocks.iter().position(|b| matches!(b, Block::Title { .. }));
    if let Some(first) = first_title {
        match format {
            SourceFormat::Markdown => {
                let level_of = |b: &Block| match b {
                    Block::Title { level, .. } => *level,
                    _ => None,
                };
                let top = blocks.iter().filter_map(level_of).min();
                let at_top = blocks
                    .iter()
                    .filter(|b| level_of(b).is_some() && level_of(b) == top)
                    .count();
                if level_of(&blocks[first]) == top && at_top == 1 && !is_term_title(first) {
                    page_title = Some(first);
                }
            }
            _ => {
                let others: Vec<usize> = (first + 1..blocks.len())
                    .filter(|&i| is_term_title(i))
                    .collect();
                let mentioning = others.iter().filter(|&&i| defines(i)).count();
                if first == 0
                    && is_term_title(first)
                    && !defines(first)
                    && !others.is_empty()
                    && mentioning * 2 >= others.len()
                {
                    page_title = Some(first);
                }
            }
        }
    }
    let mut sections: Vec<(u8, String)> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    // Whether paragraphs now continue the last term (rather than a section's introduction).
    let mut in_term = false;
    let category = |sections: &[(u8, String)]| {
        sections
            .last()
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| DEFAULT_CATEGORY.to_string())
    };
    let mut i = 0;
    while i < blocks.len() {
        match &blocks[i] {
            Block::Title { text, level, at } => {
                if Some(i) == page_title {
                    in_term = false;
                    i += if is_term_title(i) { 2 } else { 1 };
                    continue;
                }
                let depth = level.unwrap_or(7);
                if is_term_title(i) {
                    while sections
                        .last()
                        .is_some_and(|(l, _)| *l >= depth && depth <= 6)
                    {
                        sections.pop();
                    }
                    let Block::Para {
                        text: definition,
                        at: definition_at,
                    } = &blocks[i + 1]
                    else {
                        unreachable!("is_term_title checked the paragraph");
                    };
                    found.push(Found {
                        title: text.clone(),
                        title_at: *at,
                        definition: definition.clone(),
                        definition_at: *definition_at,
                        category: category(&sections),
                        notes: Vec::new(),
                    });
                    in_term = true;
                    i += 2;
                    continue;
                }
                in_term = false;
                // A section heading: it replaces those at its level and below.
                while sections.last().is_some_and(|(l, _)| *l >= depth) {
                    sections.pop();
                }
                if !is_index_letter(text) {
                    sections.push((depth, text.trim().trim_end_matches(':').to_string()));
                }
            }
            Block::Para { text, .. } => {
                if in_term {
                    if let Some(last) = found.last_mut() {
                        last.notes.push(text.clone());
                    }
                }
            }
            Block::Pair {
                term,
                term_at,
                definition,
                definition_at,
            } => {
                found.push(Found {
                    title: term.clone(),
                    title_at: *term_at,
                    definition: definition.clone(),
                    definition_at: *definition_at,
                    category: category(&sections),
                    notes: Vec::new(),
                });
                in_term = true;
            }
        }
        i += 1;
    }
    let title = page_title.and_then(|i| match &blocks[i] {
        Block::Title { text, .. } => Some(text.clone()),
        _ => None,
    });
    (title, found)
}

/// "A", "B–C", "0-9", "#": the letters of an alphabetical index, not categories.
fn is_index_letter(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 3 && !t.contains(' ')
}

// ---------------------------------------------------------------------------------------------
// Plain text

/// Whether a single line reads as a title rather than a sentence.
fn is_title_line(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    (1..=10).contains(&words)
        && t.chars().count() <= 80
        && t.chars().any(char::is_alphabetic)
        && !t.ends_with(['.', ',', ';', '!', '?'])
        && !t.starts_with(['-', '*', '\u{2022}', '>', '|'])
}

fn text_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    // (line start offset, line without its end)
    let mut current: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    let flush = |lines: &mut Vec<(usize, &str)>, blocks: &mut Vec<Block>| {
        if lines.is_empty() {
            return;
        }
        let (first_at, first) = lines[0];
        let lead = first.len() - first.trim_start().len();
        let at = first_at + lead;
        let underline = |l: &str, c: char| {
            let l = l.trim();
            l.len() >= 3 && l.chars().all(|x| x == c)
        };
        if lines.len() == 2 && (underline(lines[1].1, '=') || underline(lines[1].1, '-')) {
            let level = if underline(lines[1].1, '=') { 1 } else { 2 };
            blocks.push(Block::Title {
                text: first.trim().to_string(),
                level: Some(level),
                at,
            });
        } else if lines.len() == 1 && first.trim_start().starts_with('#') {
            let t = first.trim_start();
            let hashes = t.chars().take_while(|&c| c == '#').count();
            blocks.push(Block::Title {
                text: t[hashes..].trim().trim_end_matches('#').trim().to_string(),
                level: Some(hashes.min(6) as u8),
                at,
            });
        } else if lines.len() == 1 && is_title_line(first) {
            blocks.push(Block::Title {
                text: first.trim().to_string(),
                level: None,
                at,
            });
        } else {
            let joined = lines
                .iter()
                .map(|(_, l)| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            blocks.push(Block::Para { text: joined, at });
        }
        lines.clear();
    };
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            flush(&mut current, &mut blocks);
        } else {
            current.push((offset, content));
        }
        offset += line.len();
    }
    flush(&mut current, &mut blocks);
    blocks
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Text gathered from inline events, with where the block's text starts.
#[derive(Default)]
struct Inline {
    text: String,
    at: Option<usize>,
    /// Bold text the block starts with, and where the text after it starts.
    lead: Option<(String, usize)>,
    in_lead: bool,
    strong_depth: usize,
}

impl Inline {
    fn push(&mut self, s: &str, at: usize) {
        if self.at.is_none() && !s.trim().is_empty() {
            self.at = Some(at + (s.len() - s.trim_start().len()));
        }
        self.text.push_str(s);
    }
}

fn markdown_blocks(text: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut blocks = Vec::new();
    let mut inline: Option<Inline> = None;
    let mut heading: Option<u8> = None;
    let mut skip = 0usize; // inside code, HTML, tables, metadata
    let mut dl_title: Option<(String, usize)> = None;
    let mut item_depth = 0usize;
    // Inside a definition list's definition, whose paragraphs make one definition.
    let mut in_definition = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if skip > 0 {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_))
                | Event::Start(Tag::MetadataBlock(_)) => skip += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::Table)
                | Event::End(TagEnd::MetadataBlock(_)) => skip -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::Table(_))
            | Event::Start(Tag::MetadataBlock(_)) => skip = 1,
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level as u8);
                inline = Some(Inline::default());
            }
            Event::Start(Tag::DefinitionListDefinition) => {
                in_definition = true;
                inline = Some(Inline::default());
            }
            Event::Start(Tag::Paragraph | Tag::DefinitionListTitle) if inline.is_none() => {
                inline = Some(Inline::default());
            }
            Event::Start(Tag::Item) => {
                item_depth += 1;
                // Items of tight lists hold their text directly.
                inline = Some(Inline::default());
            }
            Event::Start(Tag::Strong) => {
                if let Some(b) = &mut inline {
                    if b.text.trim().is_empty() && b.strong_depth == 0 {
                        b.in_lead = true;
                    }
                    b.strong_depth += 1;
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(b) = &mut inline {
                    b.strong_depth = b.strong_depth.saturating_sub(1);
                    if b.in_lead && b.strong_depth == 0 {
                        b.in_lead = false;
                        b.lead = Some((b.text.clone(), range.end));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = &mut inline {
                    b.push(&t, range.start);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = &mut inline {
                    b.text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(b) = inline.take() {
                    let text = crate::fold::fold_pattern(&b.text);
                    if !text.is_empty() {
                        blocks.push(Block::Title {
                            text,
                            level: heading,
                            at: b.at.unwrap_or(range.start),
                        });
                    }
                }
                heading = None;
            }
            Event::End(TagEnd::DefinitionListTitle) => {
                if let Some(b) = inline.take() {
                    dl_title = Some((
                        crate::fold::fold_pattern(&b.text),
                        b.at.unwrap_or(range.start),
                    ));
                }
            }
            Event::End(TagEnd::DefinitionListDefinition) => {
                in_definition = false;
                if let (Some(b), Some((term, term_at))) = (inline.take(), dl_title.clone()) {
                    let definition = crate::fold::fold_pattern(&b.text);
                    if !definition.is_empty() {
                        blocks.push(Block::Pair {
                            term,
                            term_at,
                            definition,
                            definition_at: b.at.unwrap_or(range.start),
                        });
                    }
                }
            }
            Event::End(TagEnd::Paragraph) if in_definition => {
                if let Some(b) = &mut inline {
                    b.text.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                let in_list = item_depth > 0;
                if matches!(event, Event::End(TagEnd::Item)) {
                    item_depth = item_depth.saturating_sub(1);
                }
                if let Some(b) = inline.take() {
                    blocks.extend(paragraph_block(b, range.start, in_list));
                }
                if item_depth > 0 {
                    inline = Some(Inline::default());
                }
            }
            Event::End(TagEnd::List(_)) => inline = None,
            _ => {}
        }
    }
    blocks
}

/// A finished paragraph or list item: a pair when it starts with a bold term and a separator,
/// a title when it is only bold text (not in a list), else a paragraph.
fn paragraph_block(b: Inline, start: usize, in_list: bool) -> Option<Block> {
    let text = crate::fold::fold_pattern(&b.text);
    if text.is_empty() {
        return None;
    }
    let at = b.at.unwrap_or(start);
    if let Some((lead, lead_end)) = &b.lead {
        let term = crate::fold::fold_pattern(lead);
        let rest = text.strip_prefix(term.as_str()).unwrap_or("").trim_start();
        let sep = [":", "\u{2014}", "\u{2013}", " - ", "-", "."]
            .iter()
            .find(|s| rest.starts_with(**s));
        let words = term.split_whitespace().count();
        if rest.is_empty() && !in_list && (1..=10).contains(&words) {
            let term = term.trim_end_matches(':').trim().to_string();
            return Some(Block::Title {
                text: term,
                level: Some(7),
                at,
            });
        }
        if let Some(sep) = sep {
            let definition = rest[sep.len()..].trim().to_string();
            if (1..=10).contains(&words) && !definition.is_empty() {
                return Some(Block::Pair {
                    term: term.trim_end_matches(':').trim().to_string(),
                    term_at: at,
                    definition,
                    definition_at: *lead_end,
                });
            }
        }
        // A bold term ending in a colon or full stop: "**Reseller:** a company …".
        if term.ends_with([':', '.']) && !rest.is_empty() && (1..=10).contains(&words) {
            return Some(Block::Pair {
                term: term.trim_end_matches([':', '.']).trim().to_string(),
                term_at: at,
                definition: rest.to_string(),
                definition_at: *lead_end,
            });
        }
    }
    if in_list {
        // A list item that is no term: more about the term above, never a definition.
        return None;
    }
    Some(Block::Para { text, at })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Title { text, level, .. } => format!("T{level:?}:{text}"),
                Block::Para { text, .. } => format!("P:{text}"),
                Block::Pair {
                    term, definition, ..
                } => format!("D:{term}={definition}"),
            })
            .collect()
    }

    #[test]
    fn plain_text_blocks() {
        let t = "Glossary\n========\n\nPartner Types\n\nReseller\n\nA reseller is a\ncompany.\n";
        assert_eq!(
            titles(&text_blocks(t)),
            [
                "TSome(1):Glossary",
                "TNone:Partner Types",
                "TNone:Reseller",
                "P:A reseller is a company."
            ]
        );
    }

    #[test]
    fn markdown_blocks_pairs_and_definition_lists() {
        let md = "# Terms\n\n**Reseller**: a company that resells.\n\n- **VAR** \u{2014} a value-added reseller.\n- plain item\n\nDistributor\n: A company that buys in volume.\n\n**Referral Partner**\n\nA referral partner sends leads.\n\n```\ncode\n```\n";
        assert_eq!(
            titles(&markdown_blocks(md)),
            [
                "TSome(1):Terms",
                "D:Reseller=a company that resells.",
                "D:VAR=a value-added reseller.",
                "D:Distributor=A company that buys in volume.",
                "TSome(7):Referral Partner",
                "P:A referral partner sends leads."
            ]
        );
    }

    #[test]
    fn sections_index_letters_and_page_titles() {
        let md = "# Glossary\n\nIntro.\n\n## A\n\n### Affiliate\n\nAn affiliate drives traffic.\n\nMore about affiliates.\n\n## Sales Terms\n\n### Deal Registration\n\nDeal registration protects a partner's deal.\n";
        let blocks = markdown_blocks(md);
        let (title, found) = structure(&blocks, SourceFormat::Markdown);
        assert_eq!(title.as_deref(), Some("Glossary"));
        let got: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|f| (f.title.as_str(), f.category.as_str(), f.notes.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("Affiliate", DEFAULT_CATEGORY, 1),
                ("Deal Registration", "Sales Terms", 0)
            ]
        );
    }
}
