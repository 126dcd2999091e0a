//! Markdown suppression comments, as docs linters do them:
//!
//! ```markdown
//! <!-- glossary-lsp-disable context-misuse -->   rules off from here (all rules if none named)
//! <!-- glossary-lsp-enable -->                   back on (all, or the rules named)
//! <!-- glossary-lsp-disable-next-line -->        off for the line after the comment
//! ```
//!
//! Rule names may be separated by spaces or commas. Unknown names are ignored (a typo must not
//! switch everything off).

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
            }
        }
        if off & bit(f.rule) != 0 {
            return false;
        }
        next_line.retain(|(line, _)| line.end > f.range.start);
        !next_line
            .iter()
            .any(|(line, m)| line.contains(&f.range.start) && m & bit(f.rule) != 0)
    });
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
    use super::line_after;

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
}
