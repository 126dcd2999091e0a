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
    /// MDX (Markdown with JSX, as Docusaurus writes it): Markdown whose `import`/`export`
    /// lines, JSX tags and `{expressions}` are skipped, the text inside JSX elements kept
    /// (see `mdx.rs`).
    Mdx,
}

/// The file extensions read as Markdown (MDX among them), lower case, without the dot: the one
/// list behind [`Format::from_path`] and the default `include` globs
/// ([`crate::config::DEFAULT_INCLUDE`]).
pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "mdx"];

/// Whether a lower-case file extension is one of the documents the tool checks by default:
/// Markdown ([`MARKDOWN_EXTENSIONS`]) or `txt`.
pub fn is_document_extension(ext: &str) -> bool {
    MARKDOWN_EXTENSIONS.contains(&ext) || ext == "txt"
}

impl Format {
    /// The format for a file name: `.mdx` is MDX; `.md`, `.markdown`, `.mdown`, `.mkd` are
    /// Markdown ([`MARKDOWN_EXTENSIONS`]); anything else plain text.
    ///
    /// ```
    /// use glossary_lsp::Format;
    /// assert_eq!(Format::from_path("docs/intro.MDX".as_ref()), Format::Mdx);
    /// assert_eq!(Format::from_path("a.mkd".as_ref()), Format::Markdown);
    /// assert_eq!(Format::from_path("notes.txt".as_ref()), Format::PlainText);
    /// ```
    pub fn from_path(path: &std::path::Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
        {
            Some(e) if e == "mdx" => Format::Mdx,
            Some(e) if MARKDOWN_EXTENSIONS.contains(&e.as_str()) => Format::Markdown,
            _ => Format::PlainText,
        }
    }

    /// Whether the document is Markdown (MDX included): front matter, suppression comments,
    /// code blocks.
    pub fn is_markdown(self) -> bool {
        matches!(self, Format::Markdown | Format::Mdx)
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

/// The inline context of a span: what a rule needs to know to tell a name or a label from
/// running text. Link text names a page, a bold or italic phrase is often a UI label, image alt
/// text describes a picture, a list item may be a label; front matter values are prose only by
/// configuration. A small bit set, combined with [`Marks::with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Marks(u8);

impl Marks {
    /// Plain running text.
    pub const NONE: Marks = Marks(0);
    /// Link text (`[text](url)`, `[text][ref]`).
    pub const LINK: Marks = Marks(1);
    /// Strong emphasis (`**text**`).
    pub const STRONG: Marks = Marks(2);
    /// Emphasis (`*text*`).
    pub const EMPHASIS: Marks = Marks(4);
    /// Image alt text (`![text](src)`).
    pub const IMAGE_ALT: Marks = Marks(8);
    /// Inside a list item.
    pub const LIST_ITEM: Marks = Marks(16);
    /// A front matter value (`title:`, `description:`).
    pub const FRONT_MATTER: Marks = Marks(32);

    /// Whether every mark of `other` is set.
    pub fn contains(self, other: Marks) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any mark of `other` is set.
    pub fn intersects(self, other: Marks) -> bool {
        self.0 & other.0 != 0
    }

    /// These marks and `other`'s.
    pub const fn with(self, other: Marks) -> Marks {
        Marks(self.0 | other.0)
    }
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
    /// Its inline context (link text, emphasis, …).
    pub marks: Marks,
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

/// A stretch of a document that `check` does not read, and why (see [`unchecked`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    /// Byte range in the document.
    pub range: Range<usize>,
    /// Why it is not prose: "front matter", "code block", "inline code", "HTML", "comment",
    /// "link target", "URL or e-mail address", or "markup".
    pub reason: &'static str,
}

/// Everything in `text` that is not prose and holds a letter or digit, with the reason it is
/// left out: the debug view behind `glossary-lsp skipped`, so that no text is ever dropped
/// without a way to see it. It is computed as the complement of the prose spans, so it lists
/// whatever the parser did not hand over, whatever the cause.
///
/// ```
/// use glossary_lsp::prose::{unchecked, Format};
/// let doc = "Resellers buy.\n\n```\nVAR code\n```\n";
/// let skipped = unchecked(doc, Format::Markdown);
/// assert_eq!(skipped.len(), 1);
/// assert_eq!(skipped[0].reason, "code block");
/// ```
pub fn unchecked(text: &str, format: Format) -> Vec<Unchecked> {
    let prose = prose_ranges(text, format);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let front_matter_end = front_matter(&text[bom..]).map_or(0, |r| r.end + bom);
    // In MDX, the JavaScript syntax cut out of the Markdown, each with its own reason.
    let mdx_syntax: Vec<crate::mdx::Removed> = if format == Format::Mdx {
        let from = front_matter_end.saturating_sub(bom);
        crate::mdx::View::new(&text[bom..], from)
            .removed
            .into_iter()
            .filter(|r| r.syntax != crate::mdx::Syntax::Indent)
            .map(|r| crate::mdx::Removed {
                range: r.range.start + bom..r.range.end + bom,
                ..r
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut gaps = Vec::new();
    let mut at = 0;
    for span in prose.spans.iter().chain(std::iter::once(&ProseSpan {
        range: text.len()..text.len(),
        kind: BlockKind::Paragraph,
        join: Join::NewBlock,
        marks: Marks::NONE,
    })) {
        if span.range.start > at {
            gaps.push(at..span.range.start);
        }
        at = at.max(span.range.end);
    }
    let mut out = Vec::new();
    for gap in gaps {
        // A gap may run over several skipped things (a code block, then a heading's `#`): cut
        // it at the opaque blocks so each is reported with its own reason.
        let mut pieces = vec![gap.clone()];
        for o in prose
            .opaque
            .iter()
            .chain(mdx_syntax.iter().map(|m| &m.range))
        {
            let mut next = Vec::new();
            for p in pieces {
                if o.start < p.end && o.end > p.start {
                    for r in [
                        p.start..o.start.max(p.start),
                        o.start.max(p.start)..o.end.min(p.end),
                        o.end.min(p.end)..p.end,
                    ] {
                        if !r.is_empty() {
                            next.push(r);
                        }
                    }
                } else {
                    next.push(p);
                }
            }
            pieces = next;
        }
        for r in pieces {
            let t = &text[r.clone()];
            if !t.chars().any(char::is_alphanumeric) {
                continue;
            }
            let opaque = prose
                .opaque
                .iter()
                .any(|o| o.start <= r.start && r.end <= o.end);
            let trimmed = t.trim_start_matches([' ', '\t', '\u{feff}']);
            let reason = if let Some(syntax) = mdx_syntax
                .iter()
                .find(|m| m.range.start <= r.start && r.end <= m.range.end)
            {
                syntax.syntax.reason()
            } else if format.is_markdown() && r.end <= front_matter_end {
                "front matter"
            } else if opaque && trimmed.starts_with("<!--") || trimmed.starts_with("<!--") {
                "comment"
            } else if opaque && trimmed.starts_with('<') {
                "HTML"
            } else if opaque {
                "code block"
            } else if trimmed.starts_with('`') {
                "inline code"
            } else if trimmed.starts_with("](")
                || trimmed.starts_with("][")
                || trimmed.starts_with(']') && t.contains('(')
            {
                "link target"
            } else if trimmed.starts_with('<') && !t.contains("://") {
                "HTML"
            } else if t.contains("://") || t.contains('@') || t.contains("www.") {
                "URL or e-mail address"
            } else {
                "markup"
            };
            out.push(Unchecked { range: r, reason });
        }
    }
    out
}

/// The front matter keys checked as prose unless configured otherwise.
pub const DEFAULT_FRONT_MATTER: &[&str] = &["title", "description"];

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
    prose_of_part(text, format, true, DEFAULT_FRONT_MATTER)
}

/// [`prose_ranges`] of a part of a document that starts at a cut (see `chunks.rs`):
/// `document_start` says whether it is the document's beginning, the only place where front
/// matter (and a byte-order mark) can be.
///
/// `front_matter` names the front matter keys whose values are prose (a `title` is read as a
/// heading, any other key as a paragraph).
pub(crate) fn prose_of_part<K: AsRef<str>>(
    text: &str,
    format: Format,
    document_start: bool,
    front_matter: &[K],
) -> Prose {
    // Real and generated pages alike hold a span per ~45 bytes: room for that many saves the
    // copies of growing the vector.
    let mut prose = Prose {
        spans: Vec::with_capacity(text.len() / 32),
        ..Prose::default()
    };
    // A UTF-8 byte-order mark is not text: Markdown after it must still start with front matter
    // or a heading, so the parser sees the text without it and offsets are shifted back.
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    match format {
        Format::Markdown => markdown(&text[bom..], document_start, front_matter, &mut prose),
        Format::Mdx => {
            // The JavaScript syntax is cut out, the rest read as Markdown, and every range
            // mapped back (`mdx.rs`). Front matter is left to the Markdown reading.
            let body = &text[bom..];
            let from = self::front_matter(body)
                .filter(|_| document_start)
                .map_or(0, |r| r.end);
            let view = crate::mdx::View::new(body, from);
            let mut seen = Prose::default();
            markdown(&view.text, document_start, front_matter, &mut seen);
            view.map(seen, &mut prose);
        }
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

fn markdown<K: AsRef<str>>(text: &str, document_start: bool, keys: &[K], prose: &mut Prose) {
    // Front matter is only ever at the very start of a document, and it is found here rather
    // than by the parser: pulldown-cmark takes a `---` block anywhere for metadata, which would
    // hide the text between two thematic breaks, and would do so differently in a chunk that
    // starts there. The rest is parsed with metadata blocks off, so it parses alike whole or cut.
    let body = match front_matter(text).filter(|_| document_start) {
        Some(fm) => {
            prose.opaque.push(0..fm.end);
            front_matter_prose(text, fm.clone(), keys, prose);
            fm.end
        }
        None => 0,
    };
    let spans_before = prose.spans.len();
    let directives_before = prose.directives.len();
    let opaque_before = prose.opaque.len();
    markdown_body(&text[body..], prose);
    if body > 0 {
        let shift = |r: &mut Range<usize>| *r = r.start + body..r.end + body;
        prose.spans[spans_before..]
            .iter_mut()
            .for_each(|s| shift(&mut s.range));
        prose.directives[directives_before..]
            .iter_mut()
            .for_each(|d| shift(&mut d.range));
        prose.opaque[opaque_before..].iter_mut().for_each(shift);
        if let Some(first) = prose.spans.get_mut(spans_before) {
            first.join = Join::NewBlock;
        }
    }
}

/// The byte range of the front matter at the start of `text`, closing line included: a `---`
/// line, then YAML up to a `---` or `...` line; or a `+++` line, then TOML up to a `+++` line.
/// Nothing when the block is not closed (then the `---` is a thematic break).
pub(crate) fn front_matter(text: &str) -> Option<Range<usize>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    let closers: &[&str] = match first.trim_end() {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    // Front matter has content right away: "---" then a blank line is a thematic break.
    if text[first.len()..]
        .trim_start_matches('\r')
        .starts_with('\n')
    {
        return None;
    }
    let mut end = first.len();
    for line in lines {
        end += line.len();
        if closers.contains(&line.trim_end()) {
            return Some(0..end);
        }
    }
    None
}

/// The front matter values that are prose (`keys`; `title:` as a heading, the others as
/// paragraphs): what search results show, so worth checking. Only single-line scalars, with
/// their quotes taken off.
fn front_matter_prose<K: AsRef<str>>(text: &str, fm: Range<usize>, keys: &[K], prose: &mut Prose) {
    let mut pos = fm.start;
    for line in text[fm].split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let Some((key, value)) = content.split_once(':') else {
            continue;
        };
        if !keys.iter().any(|k| k.as_ref() == key) {
            continue;
        }
        let kind = if key == "title" {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        let value_start = start + key.len() + 1;
        let trimmed = value.trim();
        if trimmed.is_empty() || trimmed.starts_with(['|', '>', '[', '{', '&', '*', '#']) {
            continue;
        }
        let lead = value.len() - value.trim_start().len();
        let mut range = value_start + lead..value_start + lead + trimmed.len();
        for quote in ['"', '\''] {
            if trimmed.len() >= 2 && trimmed.starts_with(quote) && trimmed.ends_with(quote) {
                range = range.start + 1..range.end - 1;
            }
        }
        if range.is_empty() {
            continue;
        }
        push_without_urls(
            text,
            range,
            kind,
            Join::NewBlock,
            Marks::FRONT_MATTER,
            &mut prose.spans,
        );
    }
}

/// The pulldown-cmark events of Markdown `text` with their byte ranges, parsed exactly as the
/// prose stage parses it (extensions; front matter, found by hand, left out at the
/// `document_start`; reference links without definitions still links), for code that must
/// see the same structure.
pub(crate) fn markdown_events(
    text: &str,
    document_start: bool,
) -> impl Iterator<Item = (Event<'_>, Range<usize>)> + '_ {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = match front_matter(&text[bom..]).filter(|_| document_start) {
        Some(fm) => bom + fm.end,
        None => 0,
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        // Old-style footnotes: "[^1]" is a footnote reference whether or not its definition
        // is in the same part of the document, so a part parses as it does in the whole.
        | Options::ENABLE_OLD_FOOTNOTES;
    // A reference link whose definition is elsewhere ("[guide][1]" … "[1]: https://…") is a
    // link all the same: its text is prose, its label is not. That also makes a part of a
    // document parse as it does in the whole, definitions or not.
    let any_reference = |_: BrokenLink<'_>| Some((CowStr::Borrowed(""), CowStr::Borrowed("")));
    Parser::new_with_broken_link_callback(&text[body..], options, Some(any_reference))
        .into_offset_iter()
        .map(move |(event, range)| (event, range.start + body..range.end + body))
}

fn markdown_body(text: &str, prose: &mut Prose) {
    let mut join = Join::NewBlock;
    // Depth counters rather than a tag stack: we only need to know whether we are inside.
    let (mut heading, mut cell, mut skip) = (0u32, 0u32, 0u32);
    let (mut link, mut strong, mut emphasis, mut image, mut item) = (0u32, 0u32, 0u32, 0u32, 0u32);
    // The last opaque block, and whether only a closing marker ends it (fences, HTML blocks).
    let mut last_opaque: Option<(Range<usize>, bool)> = None;
    for (event, range) in markdown_events(text, false) {
        match event {
            Event::Start(tag) => {
                match tag {
                    Tag::Heading { .. } => heading += 1,
                    Tag::TableCell => cell += 1,
                    Tag::Strong => strong += 1,
                    Tag::Emphasis => emphasis += 1,
                    Tag::Image { .. } => image += 1,
                    Tag::Item => item += 1,
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
                        link += 1;
                        join = Join::Barrier
                    }
                    Tag::Link { .. } => link += 1,
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
                    TagEnd::Strong => strong -= 1,
                    TagEnd::Emphasis => emphasis -= 1,
                    TagEnd::Image => image -= 1,
                    TagEnd::Item => item -= 1,
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
                    TagEnd::Link => {
                        link = link.saturating_sub(1);
                        if text[range.end..].starts_with(crate::text::is_word_char) {
                            join = join_after_skip(join)
                        }
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
                let mut marks = Marks::NONE;
                for (depth, mark) in [
                    (link, Marks::LINK),
                    (strong, Marks::STRONG),
                    (emphasis, Marks::EMPHASIS),
                    (image, Marks::IMAGE_ALT),
                    (item, Marks::LIST_ITEM),
                ] {
                    if depth > 0 {
                        marks = marks.with(mark);
                    }
                }
                push_without_urls(text, range, kind, join, marks, &mut prose.spans);
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
            push_without_urls(text, line, kind, join, Marks::NONE, &mut prose.spans);
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

/// In plain text, a block of one short line (`block`) without closing punctuation, written in
/// Title Case, is a title ("Partner Types", "Value-Added Reseller (VAR)"): treated like a
/// Markdown heading. A short sentence without a full stop ("Our resellers handle integration
/// for Acme in Leeds") is still a sentence: most of its longer words are in lower case.
fn plain_block_kind(block: &str) -> BlockKind {
    let line = block.trim();
    let words = line.split_whitespace().count();
    let open_ended = !line.ends_with(['.', '!', '?', ':', ';', ',']);
    let (mut upper, mut lower) = (0, 0);
    for w in line.split_whitespace().filter(|w| w.chars().count() >= 4) {
        match w.chars().find(|c| c.is_alphabetic()) {
            Some(c) if c.is_uppercase() => upper += 1,
            Some(_) => lower += 1,
            None => {}
        }
    }
    if words <= 12 && open_ended && upper >= lower {
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
    marks: Marks,
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
                marks,
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
            marks,
        });
    }
}

/// The suppression a comment's body (`glossary-lsp-disable rule-a, rule-b`) asks for, if any:
/// the body of an HTML comment in Markdown, or of a JSX comment (`{/* … */}`) in MDX.
pub(crate) fn directive_of(body: &str) -> Option<(DirectiveKind, Vec<String>)> {
    let mut words = body
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    let kind = match words.next() {
        Some("glossary-lsp-disable") => DirectiveKind::Disable,
        Some("glossary-lsp-enable") => DirectiveKind::Enable,
        Some("glossary-lsp-disable-next-line") => DirectiveKind::DisableNextLine,
        Some("glossary-lsp-disable-line") => DirectiveKind::DisableLine,
        _ => return None,
    };
    Some((kind, words.map(str::to_string).collect()))
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
        if let Some((kind, rules)) = directive_of(body) {
            out.push(Directive {
                range: range.start + from + open..range.start + body_start + close + 3,
                kind,
                rules,
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
    fn unchecked_text_is_listed_with_its_reason() {
        let doc = "---\ntitle: T\nslug: s\n---\n# Head\n\nSee [guide](https://x.io/a) and `VAR x` <b>MSP</b>.\n\n<!-- note VAR -->\n\n```\nSI code\n```\n\n---\n# Kept\nResellers sell.\n---\n";
        let list: Vec<(&str, &str)> = unchecked(doc, Format::Markdown)
            .iter()
            .map(|u| (u.reason, doc[u.range.clone()].trim()))
            .collect();
        let reasons: Vec<&str> = list.iter().map(|(r, _)| *r).collect();
        for want in [
            "front matter",
            "link target",
            "inline code",
            "HTML",
            "comment",
            "code block",
        ] {
            assert!(reasons.contains(&want), "{want}: {list:?}");
        }
        // The text between two rules mid-document is prose, not listed.
        assert!(
            !list.iter().any(|(_, t)| t.contains("Resellers")),
            "{list:?}"
        );
    }

    #[test]
    fn a_rule_pair_mid_document_is_not_front_matter() {
        // "---" then a heading mid-document: CommonMark's thematic break, never metadata, so
        // nothing between two such lines is skipped (whole, or cut where a chunk starts).
        let doc = "Intro text.\n\n---\n# Resellers\nOur resellers sell.\n---\n\nEnd.\n";
        let texts = prose_texts(doc, Format::Markdown);
        assert!(
            texts.iter().any(|t| t == "Our resellers sell."),
            "{texts:?}"
        );
        let at = doc.find("---").unwrap();
        let part = prose_of_part(&doc[at..], Format::Markdown, false, DEFAULT_FRONT_MATTER);
        let part_texts: Vec<&str> = part
            .spans
            .iter()
            .map(|s| &doc[at + s.range.start..at + s.range.end])
            .collect();
        assert!(
            part_texts.contains(&"Our resellers sell."),
            "{part_texts:?}"
        );
    }

    #[test]
    fn front_matter_title_and_description_are_prose() {
        let doc = "---\ntitle: \"Our VAR guide\"\nslug: var-guide\ndescription: How MSPs sell.\ntags: [MSP]\n---\n# Body\n";
        let prose = prose_ranges(doc, Format::Markdown);
        let fm: Vec<(&str, BlockKind)> = prose
            .spans
            .iter()
            .filter(|s| s.marks.contains(Marks::FRONT_MATTER))
            .map(|s| (&doc[s.range.clone()], s.kind))
            .collect();
        assert_eq!(
            fm,
            [
                ("Our VAR guide", BlockKind::Heading),
                ("How MSPs sell.", BlockKind::Paragraph)
            ]
        );
        assert_eq!(prose.opaque[0], 0..doc.find("# Body").unwrap());
        // Not closed: not front matter at all.
        assert_eq!(front_matter("---\ntitle: x\n"), None);
        assert_eq!(front_matter("---\n\ntitle: x\n---\n"), None);
    }

    #[test]
    fn inline_marks() {
        let doc =
            "See [Channel Partners](u), **Partner Portal**, *x* and ![alt MSP](i.png).\n\n- item\n";
        let prose = prose_ranges(doc, Format::Markdown);
        let marks = |t: &str| {
            prose
                .spans
                .iter()
                .find(|s| &doc[s.range.clone()] == t)
                .map(|s| s.marks)
                .unwrap()
        };
        assert_eq!(marks("Channel Partners"), Marks::LINK);
        assert_eq!(marks("Partner Portal"), Marks::STRONG);
        assert_eq!(marks("x"), Marks::EMPHASIS);
        assert_eq!(marks("alt MSP"), Marks::IMAGE_ALT);
        assert_eq!(marks("item"), Marks::LIST_ITEM);
        assert_eq!(marks("See "), Marks::NONE);
    }

    #[test]
    fn plain_text_titles_are_title_case() {
        assert_eq!(plain_block_kind("Partner Types"), BlockKind::Heading);
        assert_eq!(
            plain_block_kind("Value-Added Reseller (VAR)"),
            BlockKind::Heading
        );
        assert_eq!(
            plain_block_kind("Our resellers handle integration for Acme in Leeds"),
            BlockKind::Paragraph
        );
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
