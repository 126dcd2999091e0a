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
pub fn apply(findings: &mut Vec<Finding>, directives: &[Directive], text: &str) {
    if directives.is_empty() || findings.is_empty() {
        return;
    }
    let lines = LineIndex::new(text);
    let rules_of = |d: &Directive| -> Vec<Rule> {
        if d.rules.is_empty() {
            Rule::ALL.to_vec()
        } else {
            d.rules.iter().filter_map(|r| Rule::from_code(r)).collect()
        }
    };
    findings.retain(|f| {
        let mut off: Vec<Rule> = Vec::new();
        let line = lines.line_of(f.range.start);
        for d in directives
            .iter()
            .take_while(|d| d.range.start < f.range.start)
        {
            match d.kind {
                DirectiveKind::Disable => off.extend(rules_of(d)),
                DirectiveKind::Enable => {
                    let on = rules_of(d);
                    off.retain(|r| !on.contains(r));
                }
                DirectiveKind::DisableNextLine => {
                    if lines.line_of(d.range.end) + 1 == line && rules_of(d).contains(&f.rule) {
                        return false;
                    }
                }
            }
        }
        !off.contains(&f.rule)
    });
}
