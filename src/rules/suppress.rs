//! Markdown suppression comments, as docs linters do them:
//!
//! ```markdown
//! <!-- glossary-lsp-disable context-misuse -->   rules off from here (all rules if none named)
//! <!-- glossary-lsp-enable -->                   back on (all, or the rules named)
//! <!-- glossary-lsp-disable-next-line -->        off for the line after the comment
//! A line of text <!-- glossary-lsp-disable-line -->  off for findings touching this line
//! ```
//!
//! Rule names may be separated by spaces or commas. An unknown name switches nothing off (a
//! typo must not switch everything off) and is reported ([`unknown_rule_names`]) with the
//! nearest rule name, so the typo does not go unnoticed either.
//!
//! `disable-line` is what the editor's "disable on this line" action writes: a comment at the
//! end of the line is inline HTML there, so it never cuts the table, list, quote or paragraph
//! that the line belongs to ([`crate::ide::disable_line_edit`] finds the place).

use super::{Finding, Rule};
use crate::position::next_line_start;
use crate::prose::{Directive, DirectiveKind};

/// Removes the findings that suppression comments switch off.
///
/// One sweep: findings come sorted by position, so the directives before each finding are
/// applied once, in order, to a set of rules switched off (a bit mask), plus the pending
/// "next line" switches.
pub fn apply(findings: &mut Vec<Finding>, directives: &[Directive], text: &str) {
    if directives.is_empty() || findings.is_empty() {
        return;
    }
    let mask_of = |d: &Directive| -> u8 {
        if d.rules.is_empty() {
            u8::MAX
        } else {
            d.rules
                .iter()
                .filter_map(|r| Rule::from_code(r))
                .fold(0, |m, r| m | bit(r))
        }
    };
    // "This line" switches: the byte range of the comment's line, and its rules. A finding
    // may come before the comment on its line, so these are looked up, not swept.
    let this_line: Vec<(std::ops::Range<usize>, u8)> = directives
        .iter()
        .filter(|d| d.kind == DirectiveKind::DisableLine)
        .map(|d| (line_around(text, d.range.start), mask_of(d)))
        .collect();
    let mut off: u8 = 0;
    // "Next line" switches not yet passed: the byte range of their line, and their rules.
    let mut next_line: Vec<(std::ops::Range<usize>, u8)> = Vec::new();
    let mut pending = directives.iter().peekable();
    findings.retain(|f| {
        while let Some(d) = pending.next_if(|d| d.range.start < f.range.start) {
            match d.kind {
                DirectiveKind::Disable => off |= mask_of(d),
                DirectiveKind::Enable => off &= !mask_of(d),
                DirectiveKind::DisableNextLine => {
                    next_line.push((line_after(text, d.range.end), mask_of(d)))
                }
                DirectiveKind::DisableLine => {}
            }
        }
        if off & bit(f.rule) != 0 {
            return false;
        }
        // A finding touching the comment's line (a term broken over lines touches each).
        let i = this_line.partition_point(|(line, _)| line.end <= f.range.start);
        if this_line[i..]
            .iter()
            .take_while(|(line, _)| line.start < f.range.end.max(f.range.start + 1))
            .any(|(_, m)| m & bit(f.rule) != 0)
        {
            return false;
        }
        next_line.retain(|(line, _)| line.end > f.range.start);
        !next_line
            .iter()
            .any(|(line, m)| line.contains(&f.range.start) && m & bit(f.rule) != 0)
    });
}

/// The byte range of the line holding `offset`, its line break included.
fn line_around(text: &str, offset: usize) -> std::ops::Range<usize> {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    start..next_line_start(text, offset).max(offset + 1)
}

/// A rule name in a suppression comment that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRuleName {
    /// Byte range of the name in the document.
    pub range: std::ops::Range<usize>,
    /// The name as written.
    pub name: String,
    /// The rule code nearest to it (by edit distance), when one is near enough to be the
    /// likely intent.
    pub suggestion: Option<&'static str>,
}

impl UnknownRuleName {
    /// What to tell the writer: "unknown rule `context-missuse` in a suppression comment; did
    /// you mean `context-misuse`?".
    pub fn message(&self) -> String {
        let mut m = format!(
            "unknown rule `{}` in a glossary-lsp suppression comment: it switches nothing off",
            self.name
        );
        match self.suggestion {
            Some(s) => m.push_str(&format!("; did you mean `{s}`?")),
            None => m.push_str(&format!(
                "; the rules are {}",
                Rule::ALL.map(Rule::code).join(", ")
            )),
        }
        m
    }
}

/// The rule names of `directives` (comments in `text`) that name no rule, each with its place
/// in the comment and the nearest rule code.
pub fn unknown_rule_names(directives: &[Directive], text: &str) -> Vec<UnknownRuleName> {
    let mut out = Vec::new();
    for d in directives {
        let comment = &text[d.range.clone()];
        let mut from = 0;
        for name in &d.rules {
            // The names appear in the comment in order; find each after the previous one.
            let Some(at) = comment[from..].find(name.as_str()).map(|i| from + i) else {
                continue;
            };
            from = at + name.len();
            if Rule::from_code(name).is_some() {
                continue;
            }
            out.push(UnknownRuleName {
                range: d.range.start + at..d.range.start + at + name.len(),
                name: name.clone(),
                suggestion: nearest_rule(name),
            });
        }
    }
    out
}

/// The rule code nearest to `name`, if it is within a third of the code's length in edits.
fn nearest_rule(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    Rule::ALL
        .iter()
        .map(|r| (strsim::levenshtein(&lower, r.code()), r.code()))
        .filter(|&(d, code)| d <= code.len() / 3)
        .min()
        .map(|(_, code)| code)
}

/// The byte range of the line after the one holding `offset`, its line break included.
fn line_after(text: &str, offset: usize) -> std::ops::Range<usize> {
    let start = next_line_start(text, offset);
    let end = next_line_start(text, start);
    // An empty last line still holds offset `len` (a finding can't start there, but be exact).
    start..end.max(start + usize::from(start == text.len()))
}

fn bit(rule: Rule) -> u8 {
    1 << Rule::ALL.iter().position(|r| *r == rule).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::{prose_ranges, Format};

    #[test]
    fn the_line_after_a_comment() {
        let text = "a <!-- c -->\nnext line\nlast";
        assert_eq!(&text[line_after(text, 12)], "next line\n");
        let crlf = "a <!-- c -->\r\nnext\r\nlast";
        assert_eq!(&crlf[line_after(crlf, 12)], "next\r\n");
        let cr = "a\rnext\rlast";
        assert_eq!(&cr[line_after(cr, 1)], "next\r");
        assert_eq!(&cr[line_after(cr, 3)], "last");
        let end = "comment at the end";
        assert_eq!(line_after(end, 5), end.len()..end.len() + 1);
    }

    #[test]
    fn unknown_rule_names_are_reported_with_the_nearest_rule() {
        let doc =
            "a <!-- glossary-lsp-disable-line context-missuse, acronym-before-definition -->\n\
                   <!-- glossary-lsp-disable frobnicate -->\n";
        let prose = prose_ranges(doc, Format::Markdown);
        let unknown = unknown_rule_names(&prose.directives, doc);
        assert_eq!(unknown.len(), 2, "{unknown:?}");
        assert_eq!(&doc[unknown[0].range.clone()], "context-missuse");
        assert_eq!(unknown[0].suggestion, Some("context-misuse"));
        assert!(unknown[0]
            .message()
            .contains("did you mean `context-misuse`"));
        assert_eq!(&doc[unknown[1].range.clone()], "frobnicate");
        assert_eq!(unknown[1].suggestion, None);
        assert!(unknown[1].message().contains("non-preferred-form"));
    }

    #[test]
    fn the_line_around_a_comment() {
        let text = "first\nsecond <!-- c -->\r\nthird";
        assert_eq!(&text[line_around(text, 13)], "second <!-- c -->\r\n");
        assert_eq!(&text[line_around(text, 0)], "first\n");
        let last = text.len() - 2;
        assert_eq!(&text[line_around(text, last)], "third");
    }
}
