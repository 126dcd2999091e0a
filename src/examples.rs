//! Running a glossary's own examples as tests (`glossary-lsp glossary test`).
//!
//! Every entry may carry example sentences that must be flagged by a given rule (and, when the
//! example says, offer a given replacement first), or must stay clean. Each runs on its own as
//! a one-line plain-text document against the whole engine, so the data and the rules are
//! tested together; a failure is reported at the example's line in its glossary file.

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
                Some(rule) => example.suggest.as_ref().and_then(|want| {
                    let offered: Vec<&str> = analysis
                        .findings
                        .iter()
                        .filter(|f| f.rule.code() == rule)
                        .filter_map(|f| f.suggestions.first().map(String::as_str))
                        .collect();
                    (!offered.contains(&want.as_str())).then(|| {
                        format!(
                            "expected {rule} suggesting \u{201c}{want}\u{201d}, found {}",
                            if offered.is_empty() {
                                "no suggestion".to_string()
                            } else {
                                offered
                                    .iter()
                                    .map(|o| format!("\u{201c}{o}\u{201d}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        )
                    })
                }),
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

#[cfg(test)]
mod tests {
    use crate::glossary::{load, GlossarySource};
    use crate::rules::RuleSettings;
    use crate::{Engine, Format};

    /// An example's `suggest` pins the replacement its rule offers, not only that it spoke.
    #[test]
    fn an_example_fails_when_its_rule_suggests_something_else() {
        let team = "schema = 1\n[[entry]]\nid = \"reseller\"\ncategory = \"T\"\ndefinition = \"A reseller sells on.\"\nforms = [{ text = \"reseller\", status = \"preferred\" }, { text = \"re-seller\", status = \"deprecated\" }]\nexample = [\n  { expect = \"non-preferred-form\", suggest = \"reseller\", text = \"A re-seller sells.\" },\n  { expect = \"non-preferred-form\", suggest = \"retailer\", text = \"A re-seller sells.\" },\n]\n";
        let engine = Engine::new(
            load(&[GlossarySource::Text {
                name: "team.toml".into(),
                text: team.into(),
            }])
            .unwrap(),
            RuleSettings::default(),
        );
        let report = super::run_examples(&engine, None);
        assert_eq!(report.total, 2);
        assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
        assert_eq!(report.failures[0].location.line, 9);
        assert_eq!(
            report.failures[0].reason,
            "expected non-preferred-form suggesting \u{201c}retailer\u{201d}, found \u{201c}reseller\u{201d}"
        );
    }

    /// Editors' problem lists show about 110 characters: every message of every finding on
    /// the built-in glossary's examples and on the example guide fits, and leads with what to
    /// do; the evidence and the definition go to the note.
    #[test]
    fn every_message_fits_a_problems_list() {
        let engine = Engine::new(
            load(&[GlossarySource::Builtin]).unwrap(),
            RuleSettings::default(),
        );
        let guide = include_str!("../examples/partner-guide.md");
        let mut texts: Vec<(&str, Format)> = vec![(guide, Format::Markdown)];
        for entry in engine.glossary().entries() {
            texts.extend(
                entry
                    .examples
                    .iter()
                    .map(|e| (e.text.as_str(), Format::PlainText)),
            );
        }
        let mut seen = 0;
        for (text, format) in texts {
            for f in engine.analyze(text, format).findings {
                seen += 1;
                let m = &f.message;
                assert!(m.chars().count() <= 110, "{} chars: {m}", m.chars().count());
                assert!(!f.note.is_empty(), "{m}");
                let action = ["Use ", "Spell out ", "Check "]
                    .iter()
                    .any(|a| m.starts_with(a))
                    || m.contains(": use \u{201c}");
                assert!(action, "does not lead with what to do: {m}");
                assert!(
                    !m.contains('\u{2026}'),
                    "an ellipsis reads as truncation: {m}"
                );
            }
        }
        assert!(seen > 100, "only {seen} findings: the examples did not run");
    }
}
