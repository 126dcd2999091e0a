//! Running a glossary's own examples as tests (`glossary-lsp glossary test`).
//!
//! Every entry may carry example sentences that must be flagged by a given rule, or must stay
//! clean. Each runs on its own as a one-line plain-text document against the whole engine, so
//! the data and the rules are tested together; a failure is reported at the example's line in
//! its glossary file.

use crate::glossary::Location;
use crate::{Engine, Format};

/// An example that did not behave as its entry says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the example is written.
    pub location: Location,
    /// The entry id.
    pub entry: String,
    /// The example sentence.
    pub text: String,
    /// What went wrong ("expected context-misuse, found none").
    pub reason: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: example of `{}` failed: {}\n    {}",
            self.location, self.entry, self.reason, self.text
        )
    }
}

/// Summary of a run.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    /// How many examples ran.
    pub total: usize,
    /// The ones that failed.
    pub failures: Vec<ExampleFailure>,
}

/// Runs the examples of the entries whose origin is in `only_path` (all entries when `None`).
pub fn run_examples(engine: &Engine, only_path: Option<&str>) -> ExampleReport {
    let mut report = ExampleReport::default();
    for entry in engine.glossary().entries() {
        if only_path.is_some_and(|p| entry.origin.path.as_ref() != p) {
            continue;
        }
        for example in &entry.examples {
            report.total += 1;
            let analysis = engine.analyze(&example.text, Format::PlainText);
            let found: Vec<String> = analysis
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{} on \u{201c}{}\u{201d}",
                        f.rule,
                        &example.text[f.range.clone()]
                    )
                })
                .collect();
            let reason = match &example.expect {
                Some(rule) if !analysis.findings.iter().any(|f| f.rule.code() == rule) => {
                    Some(format!(
                        "expected {rule}, found {}",
                        if found.is_empty() {
                            "no finding".to_string()
                        } else {
                            found.join("; ")
                        }
                    ))
                }
                None if !found.is_empty() => {
                    Some(format!("expected clean, found {}", found.join("; ")))
                }
                _ => None,
            };
            if let Some(reason) = reason {
                report.failures.push(ExampleFailure {
                    location: example.origin.clone(),
                    entry: entry.id.clone(),
                    text: example.text.clone(),
                    reason,
                });
            }
        }
    }
    report
}
