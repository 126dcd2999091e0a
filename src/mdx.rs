//! MDX (Markdown with JSX: Docusaurus, Nextra, Storybook docs): which parts are prose.
//!
//! An `.mdx` file is Markdown plus three kinds of JavaScript syntax: `import`/`export` blocks
//! (ESM), JSX elements (`<Admonition type="tip">…</Admonition>`, `<br />`) and `{expressions}`.
//! None of that is prose, but the *children* of a JSX element are: in
//! `<Admonition type="tip">Our VARs …</Admonition>` the text is checked, the tag and its
//! attributes are not. Read as plain CommonMark, an element on a line of its own starts an HTML
//! block that hides the text after it, and `{…}` is text, so neither reading is right.
//!
//! The approach: a small lexer ([`View::new`]) finds the JavaScript syntax — ESM blocks, JSX
//! tags (opening, closing, self-closing, fragments, attributes with strings and expressions),
//! expressions — outside code, and cuts it out, leaving a *view* of the document that is plain
//! Markdown: the prose stage's own parser (`prose::markdown`) reads the view, and every range it
//! returns is mapped back to the document ([`View::map`]). A prose span that ran over a cut-out
//! tag is split there; the part after the cut joins the part before as inline markup does
//! (`Join::Adjacent`) for a tag, or as skipped inline content (`Join::Barrier`) for an
//! expression. A tag alone on its line leaves a blank line, which ends the paragraph: MDX reads
//! such a tag as a block (flow) element.
//!
//! MDX has no indented code blocks (children of JSX are usually indented), so indentation of
//! four columns or more is cut to three spaces in the view: indented text stays prose.
//!
//! Suppression comments are written as JSX comments, `{/* glossary-lsp-disable … */}` (MDX 2
//! rejects HTML comments); HTML comments are still read, for MDX 1 files.
//!
//! Limits, chosen so that a part of a document lexes as it does in the whole (the chunks of
//! `chunks.rs` are cut after blank lines): a tag or expression never runs over a blank line,
//! an ESM block ends at one, and a fenced code block still open at the end of the text is
//! reported ([`View::open_at_end`]), so the chunk is joined with the next. A tag or expression
//! that is not closed is left as text, so it is checked rather than silently skipped; after an
//! expression that is not closed, or a tag that is not closed by the end of its line (or within
//! a few hundred bytes), the rest of the paragraph is not searched for more, and a backtick run
//! with no closing run is searched for once per length (so stray `{`, `<` and backticks cost
//! one scan each, not one per character: the lexer stays linear).

use crate::prose::{directive_of, Directive, Join, Prose, ProseSpan};
use std::ops::Range;

/// How far a scan for a tag may get before failing without switching tag scans off for the
/// rest of the paragraph (so that a long line of `<a` never costs a scan per `<`).
const MAX_FAILED_TAG: usize = 256;

/// What a cut-out part of an MDX document was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// An `import` or `export` block.
    Esm,
    /// A JSX tag: opening, closing, self-closing or a fragment, attributes and all.
    Jsx,
    /// A `{…}` expression (a JSX comment `{/* … */}` among them).
    Expression,
    /// Indentation beyond three columns (MDX has no indented code).
    Indent,
}

impl Syntax {
    /// Why it is not prose, as `glossary-lsp skipped` says it.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Syntax::Esm => "import/export",
            Syntax::Jsx => "JSX",
            Syntax::Expression => "JSX expression",
            Syntax::Indent => "indentation",
        }
    }
}

/// A byte range of the document left out of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removed {
    /// Where, in the document.
    pub range: Range<usize>,
    /// What it was.
    pub syntax: Syntax,
}

/// An MDX document seen as Markdown: its text without the JavaScript syntax, and the map back.
#[derive(Debug, Clone)]
pub(crate) struct View {
    /// The Markdown the parser reads.
    pub text: String,
    /// The cut-out ranges of the document, in order, never adjacent (adjacent cuts are merged).
    pub removed: Vec<Removed>,
    /// Where each cut is in the view.
    at: Vec<usize>,
    /// How many bytes the cuts before each one removed (one more entry: all of them).
    before: Vec<usize>,
    /// Suppression comments written as JSX comments (`{/* glossary-lsp-… */}`), in document
    /// offsets.
    pub directives: Vec<Directive>,
    /// Whether a fenced code block is still open at the end.
    pub open_at_end: bool,
}

impl View {
    /// The view of `text`; `from` is where lexing starts (after front matter, which is left
    /// to the Markdown parser).
    pub(crate) fn new(text: &str, from: usize) -> View {
        let mut lexer = Lexer {
            s: text.as_bytes(),
            text,
            removed: Vec::new(),
            directives: Vec::new(),
        };
        let open_at_end = lexer.run(from);
        let Lexer {
            removed,
            directives,
            ..
        } = lexer;
        let mut view = String::with_capacity(text.len());
        let (mut at, mut before) = (Vec::with_capacity(removed.len()), vec![0]);
        let mut copied = 0;
        for r in &removed {
            view.push_str(&text[copied..r.range.start]);
            at.push(view.len());
            before.push(before.last().copied().unwrap_or(0) + r.range.len());
            copied = r.range.end;
        }
        view.push_str(&text[copied..]);
        View {
            text: view,
            removed,
            at,
            before,
            directives,
            open_at_end,
        }
    }

    /// The document offset of view offset `v` as the start of a range (after a cut there).
    fn start(&self, v: usize) -> usize {
        v + self.before[self.at.partition_point(|&a| a <= v)]
    }

    /// The document offset of view offset `v` as the end of a range (before a cut there).
    fn end(&self, v: usize) -> usize {
        v + self.before[self.at.partition_point(|&a| a < v)]
    }

    /// A range of the view as a range of the document (cuts inside it included).
    fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.start(r.start);
        start..self.end(r.end).max(start)
    }

    /// The prose found in the view, in document offsets: spans split at the cuts inside them,
    /// comments and opaque blocks mapped, and the JSX-comment suppressions added.
    pub(crate) fn map(&self, view_prose: Prose, prose: &mut Prose) {
        for span in view_prose.spans {
            let (a, b) = (span.range.start, span.range.end);
            let first = self.at.partition_point(|&x| x <= a);
            let last = self.at.partition_point(|&x| x < b);
            let mut start = self.start(a);
            let mut join = span.join;
            for r in &self.removed[first..last.max(first)] {
                prose.spans.push(ProseSpan {
                    range: start..r.range.start,
                    join,
                    ..span.clone()
                });
                join = match (r.syntax, join) {
                    (_, Join::Barrier) => Join::Barrier,
                    (Syntax::Jsx, _) => Join::Adjacent,
                    _ => Join::Barrier,
                };
                start = r.range.end;
            }
            let end = self.end(b);
            if end > start {
                prose.spans.push(ProseSpan {
                    range: start..end,
                    join,
                    ..span
                });
            }
        }
        let mut directives: Vec<Directive> = view_prose
            .directives
            .into_iter()
            .map(|d| Directive {
                range: self.range(&d.range),
                ..d
            })
            .chain(self.directives.iter().cloned())
            .collect();
        directives.sort_by_key(|d| d.range.start);
        prose.directives.extend(directives);
        prose
            .opaque
            .extend(view_prose.opaque.iter().map(|r| self.range(r)));
        prose.open_at_end |= view_prose.open_at_end || self.open_at_end;
    }
}

/// The lexer behind [`View::new`].
struct Lexer<'a> {
    s: &'a [u8],
    text: &'a str,
    removed: Vec<Removed>,
    directives: Vec<Directive>,
}

impl Lexer<'_> {
    /// Cuts `range` out as `syntax`, merging it with a cut that ends where it starts.
    fn cut(&mut self, range: Range<usize>, syntax: Syntax) {
        if range.is_empty() {
            return;
        }
        match self.removed.last_mut() {
            Some(last) if last.range.end == range.start => {
                last.range.end = range.end;
                if last.syntax == Syntax::Indent {
                    last.syntax = syntax;
                }
            }
            _ => self.removed.push(Removed { range, syntax }),
        }
    }

    /// The end of the line holding byte `i` (its `\n`, or the end of the text).
    fn line_end(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.s[i.min(self.s.len())..]).map_or(self.s.len(), |k| i + k)
    }

    /// Whether the line after the `\n` at byte `newline` is blank (or there is none).
    fn blank_after(&self, newline: usize) -> bool {
        let next = newline + 1;
        let end = self.line_end(next);
        self.text[next.min(end)..end].trim().is_empty()
    }

    /// Lexes from byte `from` to the end; returns whether a fenced code block is still open.
    fn run(&mut self, from: usize) -> bool {
        let s = self.s;
        let mut i = from;
        let mut fence: Option<(u8, usize)> = None;
        let (mut previous_blank, mut esm) = (true, false);
        // Per paragraph: whether a failed scan switched expressions or tags off, and the lengths
        // of backtick runs known to have no closing run (each searched for once).
        let (mut expressions, mut tags) = (true, true);
        let mut unclosed_runs: Vec<usize> = Vec::new();
        while i < s.len() {
            let line_end = self.line_end(i);
            let line = &self.text[i..line_end];
            let blank = line.trim().is_empty();
            let was_blank = std::mem::replace(&mut previous_blank, blank);
            if blank {
                (expressions, tags, esm) = (true, true, false);
                unclosed_runs.clear();
                i = line_end + 1;
                continue;
            }
            if let Some(f) = fence {
                let content = self.cap_indent(i, line_end);
                if closes_fence(&self.text[content..line_end], f) {
                    fence = None;
                }
                i = line_end + 1;
                continue;
            }
            if esm || (was_blank && starts_esm(line)) {
                esm = true;
                self.cut(i..line_end, Syntax::Esm);
                i = line_end + 1;
                continue;
            }
            let content = self.cap_indent(i, line_end);
            if let Some(f) = opens_fence(&self.text[content..line_end]) {
                fence = Some(f);
                i = line_end + 1;
                continue;
            }
            // Inline syntax; a construct may run onto the next lines (never over a blank one).
            let mut j = content;
            let mut end = line_end;
            while j < end {
                match s[j] {
                    b'\\' if s.get(j + 1).is_some_and(u8::is_ascii_punctuation) => j += 2,
                    b'`' => {
                        let n = s[j..].iter().take_while(|&&c| c == b'`').count();
                        let close = match unclosed_runs.contains(&n) {
                            true => None,
                            false => self.code_span_end(j + n, n),
                        };
                        if close.is_none() && !unclosed_runs.contains(&n) {
                            unclosed_runs.push(n);
                        }
                        j = close.unwrap_or(j + n);
                    }
                    b'<' if tags => match self.tag(j) {
                        Ok(e) => {
                            self.cut(j..e, Syntax::Jsx);
                            j = e;
                        }
                        Err(scanned) => {
                            // A long failed scan is not repeated for every `<` after it.
                            tags = scanned <= end && scanned - j <= MAX_FAILED_TAG;
                            j += 1;
                        }
                    },
                    b'{' if expressions => match self.expression(j) {
                        Some(e) => {
                            self.expression_found(j..e);
                            j = e;
                        }
                        None => {
                            expressions = false;
                            j += 1;
                        }
                    },
                    _ => j += 1,
                }
                if j > end {
                    end = self.line_end(j);
                }
            }
            i = end + 1;
        }
        fence.is_some()
    }

    /// Cuts the indentation of the line `start..end` to at most three spaces (MDX has no
    /// indented code); returns where its content starts.
    fn cap_indent(&mut self, start: usize, end: usize) -> usize {
        let ws = self.s[start..end]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count();
        let keep = self.s[start..start + ws]
            .iter()
            .take(3)
            .take_while(|&&c| c == b' ')
            .count();
        if ws > 3 || keep < ws {
            self.cut(start + keep..start + ws, Syntax::Indent);
        }
        start + ws
    }

    /// An expression found at `range`: cut out, and read as a suppression comment if it is one.
    fn expression_found(&mut self, range: Range<usize>) {
        let inner = self.text[range.start + 1..range.end - 1].trim();
        if let Some(body) = inner.strip_prefix("/*").and_then(|b| b.strip_suffix("*/")) {
            if let Some((kind, rules)) = directive_of(body) {
                self.directives.push(Directive {
                    range: range.clone(),
                    kind,
                    rules,
                });
            }
        }
        self.cut(range, Syntax::Expression);
    }

    /// The end of the code span whose opening run of `n` backticks ends at `from`: after the
    /// next run of exactly `n` in the same paragraph.
    fn code_span_end(&self, from: usize, n: usize) -> Option<usize> {
        let s = self.s;
        let mut i = from;
        while i < s.len() {
            match s[i] {
                b'`' => {
                    let run = s[i..].iter().take_while(|&&c| c == b'`').count();
                    if run == n {
                        return Some(i + run);
                    }
                    i += run;
                }
                b'\n' if self.blank_after(i) => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// The end of the JSX tag at `at` (a `<`). `Err` holds how far the scan got: not a tag.
    fn tag(&self, at: usize) -> Result<usize, usize> {
        let s = self.s;
        let mut i = at + 1;
        if s.get(i) == Some(&b'/') {
            i += 1;
        }
        if s.get(i) == Some(&b'>') {
            return Ok(i + 1); // a fragment, <> or </>
        }
        if !s.get(i).copied().is_some_and(is_name_start) {
            return Err(i);
        }
        i = name_end(s, i);
        // `<https://…>` and `<mailto:…>` are autolinks, not namespaced tags.
        if s[at..i].ends_with(b":") || s.get(i) == Some(&b'@') {
            return Err(i);
        }
        loop {
            i = self.skip_space(i).ok_or(i)?;
            match s.get(i) {
                Some(b'>') => return Ok(i + 1),
                Some(b'/') if s.get(i + 1) == Some(&b'>') => return Ok(i + 2),
                Some(b'{') => i = self.expression(i).ok_or(i)?,
                Some(&c) if is_name_start(c) => {
                    i = name_end(s, i);
                    let after = self.skip_space(i).ok_or(i)?;
                    if s.get(after) == Some(&b'=') {
                        let value = self.skip_space(after + 1).ok_or(after)?;
                        i = match s.get(value) {
                            Some(&q @ (b'"' | b'\'')) => self.quoted_end(value, q).ok_or(value)?,
                            Some(b'{') => self.expression(value).ok_or(value)?,
                            _ => return Err(value),
                        };
                    }
                }
                _ => return Err(i),
            }
        }
    }

    /// The first byte from `i` that is not white space; `None` at a blank line or the end.
    fn skip_space(&self, mut i: usize) -> Option<usize> {
        while let Some(&c) = self.s.get(i) {
            match c {
                b'\n' if self.blank_after(i) => return None,
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                _ => return Some(i),
            }
        }
        None
    }

    /// The end of the attribute string opened by quote `q` at `at` (JSX strings have no
    /// escapes and may span lines, never a blank one).
    fn quoted_end(&self, at: usize, q: u8) -> Option<usize> {
        let mut i = at + 1;
        while let Some(&c) = self.s.get(i) {
            match c {
                c if c == q => return Some(i + 1),
                b'\n' if self.blank_after(i) => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// The end of the expression whose `{` is at `at`: braces balanced, JavaScript strings,
    /// template literals and comments skipped. `None`: not closed before a blank line.
    fn expression(&self, at: usize) -> Option<usize> {
        let s = self.s;
        let mut depth = 0usize;
        let mut i = at;
        while let Some(&c) = s.get(i) {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                b'"' | b'\'' => {
                    i = self.js_string_end(i, c)?;
                    continue;
                }
                b'`' => {
                    i = self.template_end(i)?;
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'/') => {
                    i = self.line_end(i);
                    continue;
                }
                b'/' if s.get(i + 1) == Some(&b'*') => {
                    let close = memchr::memmem::find(&s[i + 2..], b"*/")? + i + 2;
                    if s[i..close]
                        .windows(2)
                        .enumerate()
                        .any(|(k, w)| w[0] == b'\n' && self.blank_after(i + k))
                    {
                        return None;
                    }
                    i = close + 2;
                    continue;
                }
                b'\n' if self.blank_after(i) => return None,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// The end of the JavaScript string opened by quote `q` at `at` (escapes honoured; it may
    /// not run over a line end).
    fn js_string_end(&self, at: usize, q: u8) -> Option<usize> {
        let mut i = at + 1;
        while let Some(&c) = self.s.get(i) {
            match c {
                b'\\' => i += 2,
                b'\n' => return None,
                c if c == q => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    }

    /// The end of the template literal opened at `at` (`${…}` parts are expressions).
    fn template_end(&self, at: usize) -> Option<usize> {
        let s = self.s;
        let mut i = at + 1;
        while let Some(&c) = s.get(i) {
            match c {
                b'\\' => i += 2,
                b'`' => return Some(i + 1),
                b'$' if s.get(i + 1) == Some(&b'{') => i = self.expression(i + 1)?,
                b'\n' if self.blank_after(i) => return None,
                _ => i += 1,
            }
        }
        None
    }
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

/// The end of the JSX name (or attribute name) starting at `i`: `Foo.Bar`, `svg:rect`,
/// `data-x`.
fn name_end(s: &[u8], mut i: usize) -> usize {
    while s.get(i).is_some_and(|&c| {
        c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'.' | b'-' | b':')
    }) {
        i += 1;
    }
    i
}

/// Whether `line` (unindented, after a blank line) starts an ESM block.
fn starts_esm(line: &str) -> bool {
    ["import", "export"].iter().any(|k| {
        line.strip_prefix(k)
            .is_some_and(|rest| rest.starts_with([' ', '\t', '{', '*', '"', '\'']))
    })
}

/// The fence that `content` (a line from its first non-blank byte) opens, if any: after block
/// quote and list markers, three or more backticks (with no backtick after them) or tildes.
fn opens_fence(content: &str) -> Option<(u8, usize)> {
    let mut rest = content;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '>']);
        let marker = ["- ", "* ", "+ "]
            .iter()
            .find_map(|m| trimmed.strip_prefix(m))
            .or_else(|| {
                let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
                (1..=9)
                    .contains(&digits)
                    .then(|| &trimmed[digits..])
                    .and_then(|r| r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")))
            });
        match marker {
            Some(r) => rest = r,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    (n >= 3 && !(c == b'`' && rest[n..].contains('`'))).then_some((c, n))
}

/// Whether `content` closes the fence `(c, n)`: `n` or more of `c`, then only white space.
fn closes_fence(content: &str, (c, n): (u8, usize)) -> bool {
    let rest = content.trim_start_matches([' ', '\t', '>']);
    let run = rest.bytes().take_while(|&b| b == c).count();
    run >= n && rest[run..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::{prose_ranges, unchecked, DirectiveKind, Format};

    fn prose_texts(doc: &str) -> Vec<&str> {
        prose_ranges(doc, Format::Mdx)
            .spans
            .iter()
            .map(|s| &doc[s.range.clone()])
            .collect()
    }

    #[test]
    fn jsx_children_are_prose_and_tags_are_not() {
        let doc = "import Admonition from '@theme/Admonition';\nexport const x = {a: 1};\n\n# Partners\n\n<Admonition type=\"tip\" title={`VAR ${n}`}>Our VARs handle integration.</Admonition>\n\n<Tabs>\n  <TabItem value=\"msp\" label=\"MSP\">\n    Managed service providers run it.\n  </TabItem>\n</Tabs>\n\nText with {props.reseller} and <Badge text=\"SI\" /> inline.\n";
        let texts = prose_texts(doc);
        assert_eq!(
            texts,
            [
                "Partners",
                "Our VARs handle integration.",
                "Managed service providers run it.",
                "Text with ",
                " and ",
                " inline."
            ]
        );
        let joined = texts.concat();
        for gone in [
            "import", "export", "tip", "MSP", "reseller", "SI", "TabItem",
        ] {
            assert!(!joined.contains(gone), "{gone}: {texts:?}");
        }
    }

    #[test]
    fn joins_after_cuts() {
        let doc = "A <b>value-added</b> reseller and a {x}VAR.\n";
        let prose = prose_ranges(doc, Format::Mdx);
        let spans: Vec<(&str, Join)> = prose
            .spans
            .iter()
            .map(|s| (&doc[s.range.clone()], s.join))
            .collect();
        assert_eq!(
            spans,
            [
                ("A ", Join::NewBlock),
                ("value-added", Join::Adjacent),
                (" reseller and a ", Join::Adjacent),
                ("VAR.", Join::Barrier),
            ]
        );
    }

    #[test]
    fn code_is_left_alone() {
        let doc = "Use `<Tag>` and `{x}` here.\n\n```jsx\n<Admonition>{VAR}</Admonition>\n```\n\nAfter the VAR.\n";
        let view = View::new(doc, 0);
        assert!(view.removed.is_empty(), "{:?}", view.removed);
        assert_eq!(
            prose_texts(doc),
            ["Use ", " and ", " here.", "After the VAR."]
        );
        let open = View::new("```js\nconst x = {\n\nmore\n", 0);
        assert!(open.open_at_end);
    }

    #[test]
    fn unclosed_syntax_stays_text() {
        // Not closed before the blank line: checked, never silently dropped.
        let doc = "A { stray brace and a <Tag unclosed\n\nNext VAR.\n";
        let texts = prose_texts(doc);
        assert!(texts.concat().contains("stray brace"), "{texts:?}");
        assert!(texts.concat().contains("Next VAR."), "{texts:?}");
        // Autolinks and comparisons are not tags.
        let doc = "See <https://example.com/var> and a < b and 3<4.\n";
        assert!(View::new(doc, 0).removed.is_empty());
    }

    #[test]
    fn indented_text_is_prose() {
        let doc = "<Note>\n\n        Deeply indented MSP text.\n\n</Note>\n";
        assert_eq!(prose_texts(doc), ["Deeply indented MSP text."]);
    }

    #[test]
    fn jsx_comments_suppress() {
        let doc = "{/* glossary-lsp-disable-next-line non-preferred-form */}\nA value added reseller.\n\n<!-- glossary-lsp-enable -->\n";
        let prose = prose_ranges(doc, Format::Mdx);
        let kinds: Vec<DirectiveKind> = prose.directives.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [DirectiveKind::DisableNextLine, DirectiveKind::Enable]
        );
        assert_eq!(prose.directives[0].rules, ["non-preferred-form"]);
        assert_eq!(
            &doc[prose.directives[0].range.clone()],
            "{/* glossary-lsp-disable-next-line non-preferred-form */}"
        );
    }

    #[test]
    fn skipped_syntax_is_listed_with_its_reason() {
        let doc = "---\ntitle: VAR guide\n---\nimport X from './x';\n\n<Admonition type=\"tip\">Our VARs.</Admonition>\n\nA {props.msp} here.\n";
        let list: Vec<(&str, &str)> = unchecked(doc, Format::Mdx)
            .iter()
            .map(|u| (u.reason, doc[u.range.clone()].trim()))
            .collect();
        assert_eq!(
            list,
            [
                ("front matter", "---\ntitle:"),
                ("import/export", "import X from './x';"),
                ("JSX", "<Admonition type=\"tip\">"),
                ("JSX", "</Admonition>"),
                ("JSX expression", "{props.msp}"),
            ]
        );
    }

    #[test]
    fn stray_syntax_stays_linear() {
        // Each of these would cost a scan to the paragraph's end per character with a naive
        // lexer: 200 KB of them must still lex (this finishes in well under a second; the
        // test asserts what is left as text, not how fast).
        for unit in ["{ ", "<a b ", "` `` ", "<a\n"] {
            let doc = unit.repeat(200_000 / unit.len());
            let view = View::new(&doc, 0);
            assert!(
                view.removed.iter().all(|r| r.syntax == Syntax::Indent),
                "{unit:?}"
            );
        }
    }

    #[test]
    fn fences_after_markers() {
        assert_eq!(opens_fence("- ```js"), Some((b'`', 3)));
        assert_eq!(opens_fence("> 1. ~~~~"), Some((b'~', 4)));
        assert_eq!(opens_fence("``` a`b"), None);
        assert!(closes_fence("  ````  ", (b'`', 3)));
        assert!(!closes_fence("``` x", (b'`', 3)));
    }
}
