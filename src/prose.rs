//! Stage 1: which parts of a document are prose.
//!
//! Only prose is checked. In Markdown that means text in paragraphs, headings, lists, tables,
//! block quotes, emphasis and link text; code (fenced, indented, inline), link destinations,
//! autolinks, raw HTML and front matter are skipped. The structure comes from a real CommonMark
//! parser, `pulldown-cmark`, run with source offsets — never from regexes. In plain text
//! everything is prose. In both, bare URLs and e-mail addresses are skipped.
//!
//! The output is a list of [`ProseSpan`]s in document order, each saying how it joins the span
//! before it ([`Join`]): that is what lets a term broken over a line end still match while a
//! term never matches *across* a paragraph, a code span or a table cell. Markdown suppression
//! comments (`<!-- glossary-lsp-disable … -->`) are collected on the way as [`Directive`]s.

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use std::ops::Range;

/// The kind of document, which decides how prose is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// CommonMark with GitHub tables, front matter, footnotes, strikethrough, task lists.
    Markdown,
    /// Everything is prose but URLs and e-mail addresses.
    PlainText,
}

impl Format {
    /// The format for a file name: `.md`, `.markdown`, `.mdown`, `.mkd`, `.mdx` are Markdown,
    /// anything else plain text.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
        {
            Some(e) if matches!(e.as_str(), "md" | "markdown" | "mdown" | "mkd" | "mdx") => {
                Format::Markdown
            }
            _ => Format::PlainText,
        }
    }
}

/// What kind of block a span of prose sits in; rules about capitalisation and proper names
/// treat headings and table cells differently from running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// Running text: paragraphs, list items, block quotes, plain text.
    Paragraph,
    /// A heading (title case is normal there).
    Heading,
    /// A table cell (often title case, rarely full sentences).
    TableCell,
}

/// How a span joins the span before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    /// A new block: terms and sentences never cross it.
    NewBlock,
    /// A line break inside a block: acts as a space, so terms may cross it.
    SoftBreak,
    /// Directly adjacent (only inline markup such as `*` lies between).
    Adjacent,
    /// Skipped inline content (inline code, a URL, inline HTML) lies between: a term may not
    /// cross it, but the sentence goes on.
    Barrier,
}

/// A run of prose: a byte range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseSpan {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// The block it belongs to.
    pub kind: BlockKind,
    /// How it joins the previous span.
    pub join: Join,
}

/// What a suppression comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `<!-- glossary-lsp-disable [RULE…] -->`: off from here on.
    Disable,
    /// `<!-- glossary-lsp-enable [RULE…] -->`: on again from here.
    Enable,
    /// `<!-- glossary-lsp-disable-next-line [RULE…] -->`: off on the next line only.
    DisableNextLine,
    /// `<!-- glossary-lsp-disable-line [RULE…] -->`: off on the comment's own line (written at
    /// its end, so that no table, list, quote or paragraph is cut).
    DisableLine,
}

/// A suppression comment found in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Byte range of the comment.
    pub range: Range<usize>,
    /// What it does.
    pub kind: DirectiveKind,
    /// The rule codes it names; empty means every rule.
    pub rules: Vec<String>,
}

/// The prose of a document and its suppression comments.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// Prose spans in document order.
    pub spans: Vec<ProseSpan>,
    /// Suppression comments in document order.
    pub directives: Vec<Directive>,
    /// Markdown blocks that are never prose and may hold blank lines — fenced and indented
    /// code, front matter, HTML blocks — as byte ranges in document order. An editor's
    /// paragraph-sized window uses them to tell that it sits inside one.
    pub opaque: Vec<Range<usize>>,
    /// Whether a block that only a closing marker ends (a fenced code block, an HTML comment
    /// or `<pre>` block) is still open at the end of the text: text appended after a blank
    /// line would then continue it, so the text is not a self-contained part of a larger
    /// document (it is how the engine checks where it cut a document).
    pub open_at_end: bool,
}

/// Finds the prose of `text`.
///
/// ```
/// use glossary_lsp::prose::{prose_ranges, Format};
/// let doc = "Resellers buy.\n\n```\nVAR code\n```\n";
/// let prose = prose_ranges(doc, Format::Markdown);
/// let texts: Vec<&str> = prose.spans.iter().map(|s| &doc[s.range.clone()]).collect();
/// assert_eq!(texts, ["Resellers buy."]);
/// ```
pub fn prose_ranges(text: &str, format: Format) -> Prose {
    prose_of_part(text, format, true)
}

/// [`prose_ranges`] of a part of a document that starts at a cut (see `chunks.rs`):
/// `document_start` says whether it is the document's beginning, the only place where front
/// matter (and a byte-order mark) can be.
pub(crate) fn prose_of_part(text: &str, format: Format, document_start: bool) -> Prose {
    let mut prose = Prose::default();
    // A UTF-8 byte-order mark is not text: Markdown after it must still start with front matter
    // or a heading, so the parser sees the text without it and offsets are shifted back.
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    match format {
        Format::Markdown => markdown(&text[bom..], document_start, &mut prose),
        Format::PlainText => plain(&text[bom..], &mut prose),
    }
    if bom > 0 {
        for span in &mut prose.spans {
            span.range = span.range.start + bom..span.range.end + bom;
        }
        for d in &mut prose.directives {
            d.range = d.range.start + bom..d.range.end + bom;
        }
        for r in &mut prose.opaque {
            *r = r.start + bom..r.end + bom;
        }
    }
    prose
}

/// The pulldown-cmark events of Markdown `text` with their byte ranges, parsed exactly as the
/// prose stage parses it (extensions, front matter only at the `document_start`, reference
/// links without definitions still links), for code that must see the same structure.
pub(crate) fn markdown_events(
    text: &str,
    document_start: bool,
) -> impl Iterator<Item = (Event<'_>, Range<usize>)> + '_ {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        // Old-style footnotes: "[^1]" is a footnote reference whether or not its definition
        // is in the same part of the document, so a part parses as it does in the whole.
        | Options::ENABLE_OLD_FOOTNOTES;
    if document_start {
        options |= Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
            | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    }
    // A reference link whose definition is elsewhere ("[guide][1]" … "[1]: https://…") is a
    // link all the same: its text is prose, its label is not. That also makes a part of a
    // document parse as it does in the whole, definitions or not.
    let any_reference = |_: BrokenLink<'_>| Some((CowStr::Borrowed(""), CowStr::Borrowed("")));
    Parser::new_with_broken_link_callback(text, options, Some(any_reference)).into_offset_iter()
}

fn markdown(text: &str, document_start: bool, prose: &mut Prose) {
    let mut join = Join::NewBlock;
    // Depth counters rather than a tag stack: we only need to know whether we are inside.
    let (mut heading, mut cell, mut skip) = (0u32, 0u32, 0u32);
    // The last opaque block, and whether only a closing marker ends it (fences, HTML blocks).
    let mut last_opaque: Option<(Range<usize>, bool)> = None;
    for (event, range) in markdown_events(text, document_start) {
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Heading { .. } => heading += 1,
                    Tag::TableCell => cell += 1,
                    Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => {
                        skip += 1;
                        prose.opaque.push(range.clone());
                        let needs_marker = match &tag {
                            Tag::CodeBlock(CodeBlockKind::Indented) => false,
                            Tag::CodeBlock(CodeBlockKind::Fenced(_)) => {
                                !fence_is_closed(&text[range.clone()])
                            }
                            _ => true,
                        };
                        last_opaque = Some((range.clone(), needs_marker));
                    }
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => skip += 1,
                    // A link glued to a word ("resellers[1]") does not extend the word.
                    Tag::Link { .. }
                        if join == Join::Adjacent
                            && text[..range.start].ends_with(crate::text::is_word_char) =>
                    {
                        join = Join::Barrier
                    }
                    _ => {}
                }
                if is_block(&tag) {
                    join = Join::NewBlock;
                } else if matches!(tag, Tag::Image { .. }) {
                    // Alt text is prose of its own: never glued to the word before it.
                    join = join_after_skip(join);
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Heading(_) => heading -= 1,
                    TagEnd::TableCell => cell -= 1,
                    TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => skip -= 1,
                    // Autolinks opened a skip; ordinary links did not. pulldown-cmark does not
                    // tell us which link is ending, so an autolink is recognised by its range
                    // sitting inside `<…>`.
                    TagEnd::Link
                        if skip > 0
                            && text[..range.end].ends_with('>')
                            && text[range.clone()].starts_with('<') =>
                    {
                        skip -= 1;
                        join = join_after_skip(join);
                    }
                    TagEnd::Link if text[range.end..].starts_with(crate::text::is_word_char) => {
                        join = join_after_skip(join)
                    }
                    _ => {}
                }
                if is_block_end(&end) {
                    join = Join::NewBlock;
                } else if end == TagEnd::Image {
                    join = join_after_skip(join);
                }
            }
            Event::Text(_) if skip == 0 => {
                let kind = if heading > 0 {
                    BlockKind::Heading
                } else if cell > 0 {
                    BlockKind::TableCell
                } else {
                    BlockKind::Paragraph
                };
                push_without_urls(text, range, kind, join, &mut prose.spans);
                join = Join::Adjacent;
            }
            Event::SoftBreak | Event::HardBreak => {
                if join != Join::NewBlock {
                    join = Join::SoftBreak;
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                parse_directives(text, range, &mut prose.directives);
                join = join_after_skip(join);
            }
            Event::Rule => join = Join::NewBlock,
            _ => join = join_after_skip(join),
        }
    }
    // A block still open at the end runs to the end of the text (trailing blank lines and all);
    // a closed one ends at its closing line.
    prose.open_at_end = last_opaque
        .is_some_and(|(range, needs_marker)| needs_marker && range.end >= text.trim_end().len());
}

/// Whether a fenced code block's source (from its opening fence) ends with a closing fence:
/// the same character, at least as many of it, nothing else on the line (container markers
/// such as `>` and indentation aside).
fn fence_is_closed(block: &str) -> bool {
    let block = block.trim_end();
    let opener = block.trim_start_matches([' ', '\t', '>']);
    let Some(c) = opener.chars().next().filter(|c| matches!(c, '`' | '~')) else {
        return true;
    };
    let open_len = opener.chars().take_while(|&x| x == c).count();
    let Some(newline) = block.rfind('\n') else {
        return false;
    };
    let last = block[newline + 1..]
        .trim_start_matches([' ', '\t', '>'])
        .trim_end();
    last.len() >= open_len && last.chars().all(|x| x == c)
}

fn join_after_skip(join: Join) -> Join {
    if join == Join::NewBlock {
        Join::NewBlock
    } else {
        Join::Barrier
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::MetadataBlock(_)
    )
}

fn plain(text: &str, prose: &mut Prose) {
    // Blocks are separated by blank lines. Each line is a span of its own, joined to the line
    // before by a soft break (as in Markdown), so folding sees short runs without line ends.
    let mut block: Vec<Range<usize>> = Vec::new();
    let flush = |block: &mut Vec<Range<usize>>, prose: &mut Prose| {
        let kind = match block.as_slice() {
            [] => return,
            [one] => plain_block_kind(&text[one.clone()]),
            _ => BlockKind::Paragraph,
        };
        for (i, line) in block.drain(..).enumerate() {
            let join = if i == 0 {
                Join::NewBlock
            } else {
                Join::SoftBreak
            };
            push_without_urls(text, line, kind, join, &mut prose.spans);
        }
    };
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            flush(&mut block, prose);
        } else {
            block.push(pos..pos + content.len());
        }
        pos += line.len();
    }
    flush(&mut block, prose);
}

/// In plain text, a block of one short line (`block`) without closing punctuation is a title
/// ("Partner Types", "Value-Added Reseller (VAR)"): treated like a Markdown heading.
fn plain_block_kind(block: &str) -> BlockKind {
    let line = block.trim();
    let words = line.split_whitespace().count();
    let open_ended = !line.ends_with(['.', '!', '?', ':', ';', ',']);
    if words <= 12 && open_ended {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    }
}

/// Pushes `range` as prose, cut around any URL or e-mail address in it.
fn push_without_urls(
    text: &str,
    range: Range<usize>,
    kind: BlockKind,
    join: Join,
    out: &mut Vec<ProseSpan>,
) {
    let mut join = join;
    let mut start = range.start;
    for skip in crate::urls::find_urls(&text[range.clone()]) {
        let (s, e) = (range.start + skip.start, range.start + skip.end);
        if s > start {
            out.push(ProseSpan {
                range: start..s,
                kind,
                join,
            });
        }
        join = join_after_skip(if s > start { Join::Adjacent } else { join });
        start = e;
    }
    if range.end > start {
        out.push(ProseSpan {
            range: start..range.end,
            kind,
            join,
        });
    }
}

fn parse_directives(text: &str, range: Range<usize>, out: &mut Vec<Directive>) {
    let html = &text[range.clone()];
    let mut from = 0;
    while let Some(open) = html[from..].find("<!--") {
        let body_start = from + open + 4;
        let Some(close) = html[body_start..].find("-->") else {
            break;
        };
        let body = &html[body_start..body_start + close];
        let mut words = body
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty());
        let kind = match words.next() {
            Some("glossary-lsp-disable") => Some(DirectiveKind::Disable),
            Some("glossary-lsp-enable") => Some(DirectiveKind::Enable),
            Some("glossary-lsp-disable-next-line") => Some(DirectiveKind::DisableNextLine),
            Some("glossary-lsp-disable-line") => Some(DirectiveKind::DisableLine),
            _ => None,
        };
        if let Some(kind) = kind {
            out.push(Directive {
                range: range.start + from + open..range.start + body_start + close + 3,
                kind,
                rules: words.map(str::to_string).collect(),
            });
        }
        from = body_start + close + 3;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose_texts(doc: &str, format: Format) -> Vec<String> {
        prose_ranges(doc, format)
            .spans
            .iter()
            .map(|s| doc[s.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn skips_code_links_html_and_front_matter() {
        let doc = "---\ntitle: VAR guide\n---\n\n# Resellers\n\nUse `VAR` and [MSPs](https://x.io/SI) or <https://a.b/PLG>.\n\n    indented SI\n\n<div>raw MSP</div>\n\n~~~\nfenced ELG\n~~~\n";
        let texts = prose_texts(doc, Format::Markdown);
        let joined = texts.join("|");
        assert!(joined.contains("Resellers"));
        assert!(joined.contains("MSPs"));
        for gone in [
            "title", "`VAR`", "x.io", "a.b/PLG", "indented", "raw MSP", "fenced",
        ] {
            assert!(!joined.contains(gone), "{gone} should be skipped: {joined}");
        }
    }

    #[test]
    fn heading_and_table_kinds() {
        let doc = "# Value-Added Reseller\n\n| Term | Meaning |\n|---|---|\n| VAR | adds value |\n";
        let p = prose_ranges(doc, Format::Markdown);
        assert_eq!(p.spans[0].kind, BlockKind::Heading);
        assert!(p.spans[1..].iter().all(|s| s.kind == BlockKind::TableCell));
    }

    #[test]
    fn soft_breaks_join_lines_of_a_paragraph() {
        let doc = "a value-added\nreseller here\n\nnext";
        let p = prose_ranges(doc, Format::Markdown);
        let joins: Vec<Join> = p.spans.iter().map(|s| s.join).collect();
        assert_eq!(joins, [Join::NewBlock, Join::SoftBreak, Join::NewBlock]);
    }

    #[test]
    fn plain_text_skips_urls_and_emails_and_splits_blocks() {
        let doc = "Email sales@reseller.com or see https://example.com/var now.\n\nNew block.";
        let texts = prose_texts(doc, Format::PlainText);
        assert_eq!(texts, ["Email ", " or see ", " now.", "New block."]);
    }

    #[test]
    fn directives_are_parsed() {
        let doc = "<!-- glossary-lsp-disable context-misuse -->\ntext\n<!-- glossary-lsp-enable -->\n\nx <!-- glossary-lsp-disable-next-line --> y\n";
        let p = prose_ranges(doc, Format::Markdown);
        let kinds: Vec<_> = p
            .directives
            .iter()
            .map(|d| (d.kind, d.rules.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (DirectiveKind::Disable, vec!["context-misuse".to_string()]),
                (DirectiveKind::Enable, vec![]),
                (DirectiveKind::DisableNextLine, vec![]),
            ]
        );
    }
}
