//! The text that quick fixes and commands insert, as plain byte-range edits: the comment that
//! disables a rule on a line (at the line's end, see [`disable_line_edit`]), a skeleton glossary entry for an unknown acronym, and the
//! addition of a value to a TOML string array (a team glossary's `exceptions`, a config's
//! `glossaries`). Kept as text edits, not rewrites, so the user's formatting and comments stay.

use std::ops::Range;

/// The line that disables `rule` on the line starting at byte `line_start`: the suppression
/// comment with that line's indentation and `newline` ("\n" or "\r\n").
///
/// ```
/// assert_eq!(
///     glossary_lsp::ide::disable_next_line_comment("  - Our VAR", "ambiguous-acronym", "\n"),
///     "  <!-- glossary-lsp-disable-next-line ambiguous-acronym -->\n"
/// );
/// ```
pub fn disable_next_line_comment(line: &str, rule: &str, newline: &str) -> String {
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    format!("{indent}<!-- glossary-lsp-disable-next-line {rule} -->{newline}")
}

/// The comment that disables `rule` on its own line: `<!-- glossary-lsp-disable-line RULE -->`.
pub fn disable_line_comment(rule: &str) -> String {
    format!("<!-- glossary-lsp-disable-line {rule} -->")
}

/// The edit that disables `rule` for the finding at byte range `finding` of Markdown document
/// `text`: a space and [`disable_line_comment`] on the finding's last line, inserted right
/// after that line's last piece of inline content — at the end of a paragraph, list or quote
/// line, inside the last cell of a table row (before its closing pipe: a comment after it
/// would be an extra cell, which GFM drops), before a heading's closing `#`s or a hard line
/// break. So the line stays in its table, list, quote or paragraph. The comment switches the
/// rule off for the findings that touch its line ([`crate::rules::suppress`]).
///
/// `terms` are the byte ranges of the document's term matches: the comment is never put
/// inside one (a term broken over the line end would stop matching).
///
/// The edit is checked before it is returned: the edited text must parse to the same blocks
/// and text (pulldown-cmark events, the comment aside) and the comment must be read as a
/// suppression. `None` when the line has no place that passes.
///
/// ```
/// let doc = "| Role | Term |\n|---|---|\n| seller | VAR |\n";
/// let var = doc.find("VAR").unwrap();
/// let edit =
///     glossary_lsp::ide::disable_line_edit(doc, var..var + 3, "ambiguous-acronym", &[]).unwrap();
/// let mut fixed = doc.to_string();
/// fixed.replace_range(edit.range.clone(), &edit.text);
/// assert_eq!(
///     fixed,
///     "| Role | Term |\n|---|---|\n| seller | VAR <!-- glossary-lsp-disable-line ambiguous-acronym --> |\n"
/// );
/// ```
pub fn disable_line_edit(
    text: &str,
    finding: Range<usize>,
    rule: &str,
    terms: &[Range<usize>],
) -> Option<TextEdit> {
    let end = finding.end.max(finding.start).min(text.len());
    let line_start = text.get(..end)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = end + text[end..].find(['\n', '\r']).unwrap_or(text.len() - end);
    let at = inline_content_end(text, line_start..line_end)?;
    if terms.iter().any(|t| t.start < at && at < t.end) {
        return None;
    }
    let comment = disable_line_comment(rule);
    let edit = TextEdit {
        range: at..at,
        text: format!(" {comment}"),
    };
    let mut edited = String::with_capacity(text.len() + edit.text.len());
    edited.push_str(&text[..at]);
    edited.push_str(&edit.text);
    edited.push_str(&text[at..]);
    let seen = crate::prose::prose_ranges(&edited, crate::prose::Format::Markdown)
        .directives
        .iter()
        .any(|d| d.kind == crate::prose::DirectiveKind::DisableLine && d.range.start == at + 1);
    (seen && markdown_structure(&edited, Some(&comment)) == markdown_structure(text, None))
        .then_some(edit)
}

/// Where the last inline content (text, code span, inline HTML, link, emphasis…) that ends on
/// `line` ends, outside code, HTML and front-matter blocks.
fn inline_content_end(text: &str, line: Range<usize>) -> Option<usize> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut opaque = 0u32;
    let mut end = None;
    for (event, range) in crate::prose::markdown_events(text, true) {
        if range.start > line.end {
            break;
        }
        let inline = match &event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                opaque += 1;
                false
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                opaque = opaque.saturating_sub(1);
                false
            }
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. },
            ) => true,
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => true,
            _ => false,
        };
        if inline && opaque == 0 && range.end > line.start && range.end <= line.end {
            end = end.max(Some(range.end));
        }
    }
    end
}

/// The parsed structure of Markdown `text` for comparison: every event but text as written,
/// runs of text joined with white space collapsed, and the inline HTML `drop` left out.
fn markdown_structure(text: &str, drop: Option<&str>) -> Vec<String> {
    use pulldown_cmark::Event;
    let mut out = Vec::new();
    let mut words = String::new();
    let flush = |words: &mut String, out: &mut Vec<String>| {
        if !words.trim().is_empty() {
            out.push(words.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        words.clear();
    };
    for (event, _) in crate::prose::markdown_events(text, true) {
        match event {
            Event::Text(t) => {
                words.push_str(&t);
            }
            Event::InlineHtml(h) if drop == Some(h.trim()) => words.push(' '),
            other => {
                flush(&mut words, &mut out);
                out.push(format!("{other:?}"));
            }
        }
    }
    flush(&mut words, &mut out);
    out
}

/// A glossary entry to append for an unknown acronym: valid TOML a person then completes.
pub fn skeleton_entry(acronym: &str) -> String {
    let id: String = acronym
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!(
        "\n# Added by glossary-lsp: write the definition, and add the full form as the preferred\n\
         # form (the acronym then becomes \"admitted\"), so that hover and the acronym rules work.\n\
         [[entry]]\n\
         id = \"{id}\"\n\
         category = \"Team terms\"\n\
         definition = \"{acronym} is \u{2026} (write the definition here).\"\n\
         forms = [\n  {{ text = \"{acronym}\", status = \"preferred\" }},\n  \
         # {{ text = \"full form of {acronym}\", status = \"preferred\" }}, then {acronym} as \"admitted\"\n]\n"
    )
}

/// A text edit: replace `range` (bytes) of a file's text with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// Byte range in the file.
    pub range: Range<usize>,
    /// The new text.
    pub text: String,
}

/// The edit that adds `value` to the top-level string array `key` of a TOML file (the team
/// glossary's `exceptions`, or the config's `glossaries`): into the existing array, or as a new
/// key before the first table. Returns `None` when the value is already there.
///
/// ```
/// use glossary_lsp::ide::add_to_toml_array;
/// let toml = "schema = 1\nexceptions = [\"A B\"]\n\n[[entry]]\n";
/// let e = add_to_toml_array(toml, "exceptions", "Contoso Reseller Program").unwrap();
/// let mut out = toml.to_string();
/// out.replace_range(e.range, &e.text);
/// assert_eq!(out, "schema = 1\nexceptions = [\"A B\", \"Contoso Reseller Program\"]\n\n[[entry]]\n");
/// let e = add_to_toml_array("[[entry]]\n", "exceptions", "X").unwrap();
/// assert_eq!((e.range, e.text.as_str()), (0..0, "exceptions = [\"X\"]\n\n"));
/// ```
pub fn add_to_toml_array(toml: &str, key: &str, value: &str) -> Option<TextEdit> {
    let quoted = toml_string(value);
    let mut offset = 0;
    for line in toml.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('[') {
            break; // the first table: top-level keys end here
        }
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let value_start = offset + (line.len() - rest.len());
                let array_start = value_start + toml[value_start..].find('[')?;
                let close = array_end(toml, array_start)?;
                let inside = &toml[array_start + 1..close];
                if inside.contains(&quoted) {
                    return None;
                }
                let body = inside.trim_end();
                let trailing_comma = body.ends_with(',');
                let insert_at = array_start + 1 + body.len();
                let text = if body.trim().is_empty() {
                    quoted
                } else if trailing_comma {
                    format!(" {quoted}")
                } else {
                    format!(", {quoted}")
                };
                let insert_at = if body.trim().is_empty() {
                    array_start + 1
                } else {
                    insert_at
                };
                return Some(TextEdit {
                    range: insert_at..insert_at,
                    text,
                });
            }
        }
        offset += line.len();
    }
    let newline = if toml.contains("\r\n") { "\r\n" } else { "\n" };
    let blank = if offset < toml.len() { newline } else { "" };
    Some(TextEdit {
        range: offset..offset,
        text: format!("{key} = [{quoted}]{newline}{blank}"),
    })
}

/// The offset of the `]` closing the array that opens at `open`, skipping strings and comments.
fn array_end(toml: &str, open: usize) -> Option<usize> {
    let b = toml.as_bytes();
    let mut depth = 0;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' && q == b'"' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{load, GlossarySource};

    #[test]
    fn toml_arrays() {
        let e = add_to_toml_array("exceptions = []\n", "exceptions", "A").unwrap();
        assert_eq!((e.range, e.text.as_str()), (14..14, "\"A\""));
        let t = "exceptions = [\n  \"A\",\n]\n";
        let e = add_to_toml_array(t, "exceptions", "B").unwrap();
        let mut out = t.to_string();
        out.replace_range(e.range, &e.text);
        assert_eq!(out, "exceptions = [\n  \"A\", \"B\"\n]\n");
        assert!(add_to_toml_array(&out, "exceptions", "B").is_none());
        let skeleton = skeleton_entry("ABC");
        let g = load(&[
            GlossarySource::Builtin,
            GlossarySource::Text {
                name: "t.toml".into(),
                text: skeleton,
            },
        ]);
        assert!(g.is_ok(), "{:?}", g.err());
    }
}
