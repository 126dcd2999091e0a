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
use crate::position::LineIndex;
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
    let needs_lines = directives
        .iter()
        .any(|d| d.kind == DirectiveKind::DisableNextLine);
    let lines = needs_lines.then(|| LineIndex::new(text));
    let mut off: u8 = 0;
    let mut next_line: Vec<(usize, u8)> = Vec::new();
    let mut pending = directives.iter().peekable();
    findings.retain(|f| {
        while let Some(d) = pending.next_if(|d| d.range.start < f.range.start) {
            match d.kind {
                DirectiveKind::Disable => off |= mask_of(d),
                DirectiveKind::Enable => off &= !mask_of(d),
                DirectiveKind::DisableNextLine => {
                    if let Some(lines) = &lines {
                        next_line.push((lines.line_of(d.range.end) + 1, mask_of(d)));
                    }
                }
            }
        }
        if off & bit(f.rule) != 0 {
            return false;
        }
        match &lines {
            Some(lines) if !next_line.is_empty() => {
                let line = lines.line_of(f.range.start);
                next_line.retain(|&(l, _)| l >= line);
                !next_line
                    .iter()
                    .any(|&(l, m)| l == line && m & bit(f.rule) != 0)
            }
            _ => true,
        }
    });
}

fn bit(rule: Rule) -> u8 {
    1 << Rule::ALL.iter().position(|r| *r == rule).unwrap_or(0)
}
