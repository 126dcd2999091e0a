//! IDE features without any editor protocol: hover text, completion candidates, the term at an
//! offset, occurrences, suppression comments, the term report, acronym expansions, and the
//! text edits that add terms or exceptions to a team glossary.
//!
//! Everything here works in byte offsets into a document (or into a window of one) and returns
//! plain data; the language server (in the binary) translates it to LSP. Nothing here analyses
//! a whole document on its own: callers pass the [`Analysis`] they have, or a small window.

use crate::fold::FoldedText;
use crate::glossary::{EntryId, FormStatus, Glossary};
use crate::matcher::TermMatch;
use crate::position::{Encoding, LineIndex};
use crate::prose::{prose_ranges, Format};
use crate::text::{is_sentence_start, is_word_char};
use crate::{Analysis, Engine};
use std::ops::Range;

/// The hover text of an entry, in Markdown: the name (preferred form and acronym), category,
/// the definition verbatim, the terms it is often confused with (one line each) and related
/// terms. `written` is the form as it appears in the document, when it is a discouraged one.
///
/// ```
/// use glossary_lsp::{glossary::{load, GlossarySource}, ide};
/// let g = load(&[GlossarySource::Builtin]).unwrap();
/// let var = g.by_id("value-added-reseller").unwrap();
/// let md = ide::hover_markdown(&g, var, None);
/// assert!(md.starts_with("**value-added reseller (VAR)**"));
/// assert!(md.contains(&g.entry(var).definition));
/// ```
pub fn hover_markdown(glossary: &Glossary, id: EntryId, written: Option<&TermMatch>) -> String {
    let e = glossary.entry(id);
    let mut md = format!("**{}** \u{b7} *{}*\n\n", e.display_name(), e.category);
    if let Some(m) = written {
        let f = &e.forms[m.form];
        if f.status == FormStatus::Deprecated {
            md.push_str(&format!(
                "\u{201c}{}\u{201d} is a discouraged form; prefer **{}**.\n\n",
                f.text,
                e.preferred().text
            ));
        }
    }
    md.push_str(e.definition.trim());
    md.push('\n');
    let confusables = glossary.confusables_of(id);
    if !confusables.is_empty() {
        md.push_str("\n**Often confused with**\n\n");
        for c in &e.confusables {
            let Some(other) = glossary.by_id(&c.with) else {
                continue;
            };
            md.push_str(&format!(
                "- **{}**: {}\n",
                glossary.entry(other).display_name(),
                c.difference.trim()
            ));
        }
    }
    let related: Vec<String> = e
        .related
        .iter()
        .filter_map(|r| glossary.by_id(r))
        .map(|r| glossary.entry(r).display_name())
        .collect();
    if !related.is_empty() {
        md.push_str(&format!("\n**Related:** {}\n", related.join(", ")));
    }
    md
}

/// The term match at byte `offset`: one that contains it, or else one that ends exactly there
/// (the cursor just after a word). `matches` must be sorted by position.
pub fn term_at(matches: &[TermMatch], offset: usize) -> Option<&TermMatch> {
    let i = matches.partition_point(|m| m.range.end < offset);
    let candidates = &matches[i..];
    candidates
        .iter()
        .take(2)
        .find(|m| m.range.start <= offset && offset < m.range.end)
        .or_else(|| {
            candidates
                .iter()
                .take(2)
                .find(|m| m.range.start <= offset && offset == m.range.end)
        })
}

/// Every match of entry `id`, in document order.
pub fn occurrences(matches: &[TermMatch], id: EntryId) -> impl Iterator<Item = &TermMatch> {
    matches.iter().filter(move |m| m.entry == id)
}

/// Finds the terms in a window of a document (a paragraph or a few KB around the cursor), with
/// ranges relative to the window: the cheap path for hover on a document whose analysis is out
/// of date.
pub fn terms_in_window(engine: &Engine, window: &str, format: Format) -> Vec<TermMatch> {
    let prose = prose_ranges(window, format);
    let folded = FoldedText::new(window, &prose);
    engine.matcher().find(&folded).terms
}

/// Whether byte `offset` of `window` is prose (or touches the end of a prose run, where a word
/// is being typed): not code, a link destination, front matter, a URL or raw HTML.
pub fn is_prose_at(window: &str, format: Format, offset: usize) -> bool {
    prose_ranges(window, format)
        .spans
        .iter()
        .any(|s| s.range.start <= offset && offset <= s.range.end)
}

/// Byte ranges of Markdown blocks that are never prose and may contain blank lines: fenced and
/// indented code, front matter, HTML blocks. The server keeps them with each analysis so that
/// a paragraph-sized window can tell that it sits inside one.
pub fn opaque_blocks(text: &str, format: Format) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    if format != Format::Markdown {
        return Vec::new();
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => Some(range),
            _ => None,
        })
        .collect()
}

/// The paragraph around byte `offset` of `text`: from after the last blank line before it to
/// the next blank line, at most `limit` bytes either side (cut at line ends where possible).
pub fn paragraph_around(text: &str, offset: usize, limit: usize) -> Range<usize> {
    let offset = floor_boundary(text, offset.min(text.len()));
    let lo = floor_boundary(text, offset.saturating_sub(limit));
    let hi = floor_boundary(text, (offset + limit).min(text.len()));
    let before = &text[lo..offset];
    let start = blank_line_end(before).map_or_else(
        || {
            if lo == 0 {
                0
            } else {
                before.find('\n').map_or(lo, |i| lo + i + 1)
            }
        },
        |i| lo + i,
    );
    let after = &text[offset..hi];
    let end = blank_line_start(after).map_or_else(
        || {
            if hi == text.len() {
                hi
            } else {
                after.rfind('\n').map_or(hi, |i| offset + i)
            }
        },
        |i| offset + i,
    );
    start.min(offset)..end.max(offset)
}

/// End of the last blank line in `s` (where the next paragraph starts).
fn blank_line_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = b.len();
    let mut line_end = None; // end of the line after the candidate blank line
    while i > 0 {
        i -= 1;
        if b[i] == b'\n' {
            if let Some(end) = line_end {
                if s[i + 1..end].trim().is_empty() {
                    return Some(end + 1);
                }
            }
            line_end = Some(i);
        }
    }
    None
}

/// Start of the first blank line in `s`.
fn blank_line_start(s: &str) -> Option<usize> {
    let mut pos = 0;
    for line in s.split_inclusive('\n') {
        if pos > 0 && line.trim().is_empty() && line.ends_with('\n') {
            return Some(pos);
        }
        pos += line.len();
    }
    None
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The word being typed before byte `offset`: letters, digits, `_` and `-` (so "value-add"
/// counts). Returns its byte range.
pub fn word_prefix(text: &str, offset: usize) -> Range<usize> {
    let offset = floor_boundary(text, offset.min(text.len()));
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '-')
        .last()
        .map_or(offset, |(i, _)| i);
    start..offset
}

/// One completion candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// What the list shows and what is inserted.
    pub label: String,
    /// Text the client filters on (the form that matched the prefix).
    pub filter: String,
    /// The entry's category.
    pub detail: String,
    /// The definition, Markdown.
    pub documentation: String,
    /// The entry.
    pub entry: EntryId,
    /// Whether this is the expanded first use, "value-added reseller (VAR)".
    pub expanded: bool,
    /// Sort key: prefix matches of the preferred form first.
    pub sort: String,
}

/// Completion candidates for a typed `prefix` (case-insensitive; empty offers everything).
/// `sentence_start` capitalises full forms; `first_use(entry)` says whether the entry has not
/// been used yet before the cursor, which adds the expanded "value-added reseller (VAR)".
///
/// ```
/// use glossary_lsp::{glossary::{load, GlossarySource}, ide};
/// let g = load(&[GlossarySource::Builtin]).unwrap();
/// let labels: Vec<String> = ide::completions(&g, "val", false, |_| true).into_iter().map(|c| c.label).collect();
/// assert!(labels.contains(&"value-added reseller".to_string()));
/// assert!(labels.contains(&"VAR".to_string()));
/// assert!(labels.contains(&"value-added reseller (VAR)".to_string()));
/// ```
pub fn completions(
    glossary: &Glossary,
    prefix: &str,
    sentence_start: bool,
    first_use: impl Fn(EntryId) -> bool,
) -> Vec<Candidate> {
    let lower = prefix.to_lowercase();
    let mut out = Vec::new();
    for (id, e) in glossary.entries().iter().enumerate() {
        let usable = || {
            e.forms
                .iter()
                .filter(|f| f.status != FormStatus::Deprecated)
        };
        let Some(matched) = usable().find(|f| f.text.to_lowercase().starts_with(&lower)) else {
            continue;
        };
        let filter = if matched.acronym || !sentence_start {
            matched.text.clone()
        } else {
            capitalise(&matched.text)
        };
        let documentation = format!(
            "**{}** \u{b7} *{}*\n\n{}",
            e.display_name(),
            e.category,
            e.definition.trim()
        );
        let shape = |text: &str, acronym: bool| {
            if sentence_start && !acronym {
                capitalise(text)
            } else {
                text.to_string()
            }
        };
        for (rank, f) in usable().enumerate() {
            out.push(Candidate {
                label: shape(&f.text, f.acronym),
                filter: filter.clone(),
                detail: e.category.clone(),
                documentation: documentation.clone(),
                entry: id,
                expanded: false,
                sort: format!("{}{rank:02}{}", u8::from(f.text != matched.text), f.text),
            });
        }
        if let Some(a) = e.acronym() {
            if !e.preferred().acronym && first_use(id) {
                let expansion = a.expansion.clone().unwrap_or(e.preferred().text.clone());
                out.push(Candidate {
                    label: format!("{} ({})", shape(&expansion, false), a.text),
                    filter: filter.clone(),
                    detail: format!("{} \u{b7} first use", e.category),
                    documentation,
                    entry: id,
                    expanded: true,
                    sort: format!("0{:02}{}", 0, e.preferred().text),
                });
            }
        }
    }
    out.sort_by(|a, b| a.sort.cmp(&b.sort).then(a.label.cmp(&b.label)));
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether byte `at` of `text` starts a sentence (looking at the text before it).
pub fn sentence_start_at(text: &str, at: usize) -> bool {
    let at = floor_boundary(text, at.min(text.len()));
    // Only the current line matters, and only its last few hundred bytes.
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let from = floor_boundary(text, at.saturating_sub(400).max(line_start));
    let before = &text[from..at];
    if before.trim().is_empty() {
        // A line start: a new sentence unless the line before continues a paragraph mid-sentence.
        let prev_text = &text[..line_start];
        let prev_text = prev_text
            .strip_suffix("\r\n")
            .or_else(|| prev_text.strip_suffix('\n'))
            .or_else(|| prev_text.strip_suffix('\r'))
            .unwrap_or(prev_text);
        let prev_line = &prev_text[prev_text.rfind(['\n', '\r']).map_or(0, |i| i + 1)..];
        if prev_line.trim().is_empty() {
            return true; // a new paragraph
        }
        let prev = prev_text.trim_end();
        return prev.is_empty()
            || prev.ends_with(['.', '!', '?', ':'])
            || prev.lines().next_back().is_some_and(|l| {
                let l = l.trim_start();
                l.starts_with('#')
            });
    }
    let trimmed = before.trim_start_matches(['#', '>', ' ', '\t']);
    let list_marker = trimmed
        .strip_prefix(['-', '*', '+'])
        .is_some_and(|r| r.trim().is_empty());
    list_marker || is_sentence_start(before, before.len())
}

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

/// Acronyms used in a document that it never expands: (byte offset just after the acronym,
/// its expansion), once per entry at the acronym's every use. For inlay hints.
pub fn unexpanded_acronyms(glossary: &Glossary, matches: &[TermMatch]) -> Vec<(usize, String)> {
    let mut expanded = vec![false; glossary.entries().len()];
    for m in matches {
        if !glossary.entry(m.entry).forms[m.form].acronym {
            expanded[m.entry] = true;
        }
    }
    matches
        .iter()
        .filter(|m| !expanded[m.entry])
        .filter_map(|m| {
            let e = glossary.entry(m.entry);
            let f = &e.forms[m.form];
            if !f.acronym || e.preferred().acronym {
                return None;
            }
            let expansion = f.expansion.clone().unwrap_or(e.preferred().text.clone());
            Some((m.range.end, expansion))
        })
        .collect()
}

/// Whether `word` looks like an acronym nobody defined: 2 to 6 capital letters.
pub fn looks_like_acronym(word: &str) -> bool {
    (2..=6).contains(&word.chars().count()) && word.chars().all(|c| c.is_uppercase())
}

/// The whole word around byte `offset` (letters, digits and `_`).
pub fn word_at(text: &str, offset: usize) -> Range<usize> {
    let offset = floor_boundary(text, offset.min(text.len()));
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = offset
        + text[offset..]
            .char_indices()
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    start..end
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

/// The term report of a document: each entry used, with counts per written form, and every
/// finding with its position (0-based line and column in `encoding` units).
pub fn term_report(
    glossary: &Glossary,
    text: &str,
    analysis: &Analysis,
    encoding: Encoding,
) -> serde_json::Value {
    use serde_json::json;
    use std::collections::BTreeMap;
    let lines = LineIndex::new(text);
    let mut by_entry: BTreeMap<EntryId, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for m in &analysis.matches {
        let slot = by_entry.entry(m.entry).or_default();
        slot.0 += 1;
        *slot.1.entry(text[m.range.clone()].to_string()).or_default() += 1;
    }
    let mut terms: Vec<_> = by_entry
        .into_iter()
        .map(|(id, (count, forms))| {
            let e = glossary.entry(id);
            json!({
                "id": e.id,
                "name": e.display_name(),
                "category": e.category,
                "count": count,
                "forms": forms,
            })
        })
        .collect();
    terms.sort_by(|a, b| b["count"].as_u64().cmp(&a["count"].as_u64()));
    let findings: Vec<_> = analysis
        .findings
        .iter()
        .map(|f| {
            let (line, character) = lines.position(text, f.range.start, encoding);
            let (end_line, end_character) = lines.position(text, f.range.end, encoding);
            json!({
                "rule": f.rule.code(),
                "severity": f.severity.as_str(),
                "message": f.message,
                "line": line,
                "character": character,
                "endLine": end_line,
                "endCharacter": end_character,
                "text": &text[f.range.clone()],
                "term": glossary.entry(f.entry).id,
                "suggestions": f.suggestions,
            })
        })
        .collect();
    json!({ "terms": terms, "findings": findings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{load, GlossarySource};
    use crate::rules::RuleSettings;

    fn engine() -> Engine {
        Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            RuleSettings::default(),
        )
    }

    #[test]
    fn paragraph_window_stops_at_blank_lines() {
        let t = "one\n\ntwo VAR\nthree\n\nfour";
        let r = paragraph_around(t, 9, 1000);
        assert_eq!(&t[r], "two VAR\nthree\n");
        let r = paragraph_around(t, 0, 1000);
        assert_eq!(&t[r], "one\n");
        let r = paragraph_around(t, t.len(), 1000);
        assert_eq!(&t[r], "four");
        let crlf = "a\r\n\r\nb VAR\r\nc\r\n\r\nd";
        let r = paragraph_around(crlf, 7, 1000);
        assert_eq!(&crlf[r], "b VAR\r\nc\r\n");
    }

    #[test]
    fn window_terms_and_term_at() {
        let e = engine();
        let w = "Our value-added\nresellers and VARs.";
        let ms = terms_in_window(&e, w, Format::PlainText);
        assert_eq!(ms.len(), 2);
        assert_eq!(term_at(&ms, 4).unwrap().range, 4..25);
        assert_eq!(term_at(&ms, 34).unwrap().range, 30..34);
        assert!(term_at(&ms, 27).is_none());
    }

    #[test]
    fn prose_checks() {
        assert!(is_prose_at("Our va", Format::Markdown, 6));
        assert!(!is_prose_at("Use `va` here", Format::Markdown, 7));
        assert!(!is_prose_at("```\nva\n```\n", Format::Markdown, 6));
        let doc = "---\ntitle: x\n---\n\nText\n\n```\ncode\n\nmore\n```\n";
        let blocks = opaque_blocks(doc, Format::Markdown);
        assert_eq!(blocks.len(), 2);
        assert!(blocks[1].contains(&doc.find("more").unwrap()));
    }

    #[test]
    fn completion_shapes() {
        let g = engine().glossary().clone();
        let c = completions(&g, "VA", true, |_| false);
        let labels: Vec<&str> = c.iter().map(|c| c.label.as_str()).collect();
        assert!(labels.contains(&"Value-added reseller"), "{labels:?}");
        assert!(labels.contains(&"VAR"), "{labels:?}");
        assert!(!labels.iter().any(|l| l.contains("(VAR)")));
        assert!(sentence_start_at("Done. va", 6));
        assert!(!sentence_start_at("Our va", 4));
        assert!(sentence_start_at("- va", 2));
        assert!(sentence_start_at("x.\nva", 3));
        assert!(sentence_start_at("Our va\n\nVA", 8));
        assert!(!sentence_start_at("Our\nva", 4));
    }

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
