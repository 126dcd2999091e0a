//! The glossaries' own examples run as tests: every example sentence of every entry must be
//! flagged by the rule it names, or stay clean.

mod common;

use glossary_lsp::examples::{run_examples, ExampleReport};

fn explain(report: &ExampleReport) -> String {
    let mut s = format!(
        "{} of {} examples failed:\n",
        report.failures.len(),
        report.total
    );
    for f in &report.failures {
        s.push_str(&format!("{f}\n"));
    }
    s
}

/// The built-in glossary's examples (`glossary/partner-program.toml`), each reported at its
/// line in that file when it fails.
#[test]
fn builtin_glossary_examples_pass() {
    let engine = common::builtin_engine();
    let report = run_examples(&engine, None);
    assert!(report.failures.is_empty(), "{}", explain(&report));
}

/// Every entry of the built-in glossary carries examples, and at least one that must stay
/// clean, so the examples really pin the data down.
#[test]
fn builtin_glossary_entries_have_examples() {
    let engine = common::builtin_engine();
    let bare: Vec<&str> = engine
        .glossary()
        .entries()
        .iter()
        .filter(|e| e.examples.is_empty())
        .map(|e| e.id.as_str())
        .collect();
    assert!(bare.is_empty(), "entries without examples: {bare:?}");
    let report = run_examples(&engine, None);
    assert!(report.total > 0);
    let clean = engine
        .glossary()
        .entries()
        .iter()
        .flat_map(|e| &e.examples)
        .filter(|x| x.expect.is_none())
        .count();
    assert!(clean > 0, "no example must stay clean");
}

/// The frozen test glossary's examples pass too: the other tests rely on the behaviour they
/// describe.
#[test]
fn test_glossary_examples_pass() {
    let engine = common::test_engine();
    let report = run_examples(&engine, None);
    assert!(report.total >= 12, "{}", report.total);
    assert!(report.failures.is_empty(), "{}", explain(&report));
}

/// A failing example is reported at its own line and column in the glossary file.
#[test]
fn failing_example_is_reported_at_its_location() {
    use glossary_lsp::glossary::{load, GlossarySource};
    let toml = r#"[[entry]]
id = "deal-registration"
category = "Sales"
definition = "Deal registration is a program in which a partner registers an opportunity."
forms = [{ text = "deal registration", status = "preferred" }, { text = "deal reg", status = "deprecated" }]
example = [
  { text = "Submit a deal reg today.", expect = "non-preferred-form" },
  { text = "Submit a deal reg today, please.", expect = "clean" },
]
"#;
    let glossary = load(&[GlossarySource::Text {
        name: "team.toml".into(),
        text: toml.into(),
    }])
    .expect("valid");
    let engine = glossary_lsp::Engine::new(glossary, Default::default());
    let report = run_examples(&engine, None);
    assert_eq!(report.total, 2);
    assert_eq!(report.failures.len(), 1, "{}", explain(&report));
    let f = &report.failures[0];
    assert_eq!(f.entry, "deal-registration");
    assert_eq!(
        (f.location.path.as_ref(), f.location.line, f.location.column),
        ("team.toml", 8, 12),
        "{f}"
    );
    assert!(f.reason.contains("expected clean"), "{f}");
    assert!(f.to_string().starts_with("team.toml:8:12: "), "{f}");
}
