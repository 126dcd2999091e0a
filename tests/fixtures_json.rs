//! The built binary on the documents in `tests/fixtures/docs/`, with the built-in glossary:
//! `check --format json` output compared with the `NAME.expected.json` beside each document.
//!
//! The lead is still tuning messages and the glossary, so the expected files are generated:
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test --test fixtures_json
//! ```
//!
//! rewrites every expected file from the current output; review the diff before committing.
//! Whatever the expected files say, every finding must also be well-formed (every field, and
//! `text` exactly the source between its positions), the `clean-*` documents must have no
//! finding at all, and between them the documents must make every rule fire.

mod common;

use common::{assert_finding_shape, fixtures, run_in, RULES};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn docs_dir() -> PathBuf {
    fixtures().join("docs")
}

/// The fixture documents, by name, sorted.
fn documents() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(docs_dir())
        .expect("tests/fixtures/docs")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") || n.ends_with(".mdx") || n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "fixture documents missing: {names:?}");
    names
}

/// `check --format json` on one document, from its folder, with no configuration.
fn check(name: &str) -> Value {
    let r = run_in(
        &docs_dir(),
        &[
            "check",
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "hint",
            name,
        ],
    );
    let json = r.json();
    let expected_code = if json.as_array().is_some_and(|a| a.is_empty()) {
        0
    } else {
        1
    };
    r.expect_code(expected_code);
    json
}

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1")
}

/// A short account of how two finding lists differ.
fn describe_difference(actual: &Value, expected: &Value) -> String {
    let (a, e) = (
        actual.as_array().cloned().unwrap_or_default(),
        expected.as_array().cloned().unwrap_or_default(),
    );
    let mut out = format!("{} findings, {} expected\n", a.len(), e.len());
    let key = |f: &Value| {
        format!(
            "{}:{} {} {:?}",
            f["line"], f["column"], f["rule"], f["text"]
        )
    };
    let (ka, ke): (BTreeSet<String>, BTreeSet<String>) =
        (a.iter().map(key).collect(), e.iter().map(key).collect());
    for k in ka.difference(&ke) {
        out.push_str(&format!("  + {k}\n"));
    }
    for k in ke.difference(&ka) {
        out.push_str(&format!("  - {k}\n"));
    }
    for (x, y) in a.iter().zip(&e) {
        if x != y && key(x) == key(y) {
            out.push_str(&format!(
                "  ~ {}\n    now:      {x}\n    expected: {y}\n",
                key(x)
            ));
        }
    }
    out
}

#[test]
fn fixtures_match_expected_json() {
    let mut problems = Vec::new();
    for name in documents() {
        let source = std::fs::read_to_string(docs_dir().join(&name)).unwrap();
        let actual = check(&name);
        for f in actual.as_array().expect("a JSON array") {
            assert_finding_shape(f, &source);
            assert_eq!(f["path"], name.as_str(), "{f}");
        }
        let expected_path = docs_dir().join(format!("{name}.expected.json"));
        let mut pretty = serde_json::to_string_pretty(&actual).unwrap();
        pretty.push('\n');
        if update() {
            std::fs::write(&expected_path, pretty).unwrap();
            continue;
        }
        let expected: Value = match std::fs::read_to_string(&expected_path) {
            Ok(text) => serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not JSON: {e}", expected_path.display())),
            Err(e) => {
                problems.push(format!("{name}: no {}: {e}", expected_path.display()));
                continue;
            }
        };
        if actual != expected {
            problems.push(format!(
                "{name}: {}",
                describe_difference(&actual, &expected)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "output differs from the expected files (after reviewing, regenerate with \
         `UPDATE_EXPECT=1 cargo test --test fixtures_json`):\n{}",
        problems.join("\n")
    );
}

/// Every expected file belongs to a document (none left behind by a rename).
#[test]
fn no_orphan_expected_files() {
    let docs = documents();
    for e in std::fs::read_dir(docs_dir()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(doc) = name.strip_suffix(".expected.json") {
            assert!(
                docs.iter().any(|d| d == doc),
                "{name} has no document beside it"
            );
        }
    }
}

/// Correct prose, with every term also in code, links, HTML, comments and front matter,
/// has no finding at all.
#[test]
fn clean_documents_have_no_findings() {
    for name in documents().iter().filter(|n| n.starts_with("clean-")) {
        let findings = check(name);
        assert_eq!(
            findings,
            Value::Array(vec![]),
            "{name} should be clean:\n{findings:#}"
        );
    }
}

/// Between them, the documents make every rule fire.
#[test]
fn every_rule_fires_in_the_fixtures() {
    let mut fired = BTreeSet::new();
    for name in documents() {
        for f in check(&name).as_array().unwrap() {
            fired.insert(f["rule"].as_str().unwrap().to_string());
        }
    }
    for rule in RULES {
        assert!(fired.contains(rule), "no fixture makes `{rule}` fire");
    }
}

/// The documents' encodings and line endings are what the tests are about: a checkout that
/// rewrote them (see `tests/fixtures/.gitattributes`) would test something else.
#[test]
fn fixture_documents_keep_their_line_endings() {
    let crlf = std::fs::read(docs_dir().join("crlf-unicode.md")).unwrap();
    let text = String::from_utf8(crlf).expect("UTF-8");
    assert!(
        text.lines().count() > 5 && text.split('\n').all(|l| l.is_empty() || l.ends_with('\r')),
        "crlf-unicode.md must use CRLF line endings throughout"
    );
    for c in ['\u{a0}', '\u{2011}', '🚀', '日', '\u{200d}'] {
        assert!(text.contains(c), "crlf-unicode.md lost {c:?}");
    }
    for name in documents().iter().filter(|n| *n != "crlf-unicode.md") {
        let text = std::fs::read_to_string(docs_dir().join(name)).unwrap();
        assert!(!text.contains('\r'), "{name} must use LF line endings");
    }
}

/// Suppression comments: the findings between `disable` and `enable` are gone, the rest stay.
#[test]
fn suppression_comments_in_the_fixture() {
    let findings = check("suppression.md");
    let at: Vec<(u64, &str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["text"].as_str().unwrap(),
            )
        })
        .collect();
    let lines_with = |rule: &str| -> Vec<u64> {
        at.iter()
            .filter(|(_, r, _)| *r == rule)
            .map(|(l, _, _)| *l)
            .collect()
    };
    let npf = lines_with("non-preferred-form");
    // Lines 7-8 (disabled for the wording rule) and 23 (all rules off) are quiet; 13 (after
    // enable), 20 (next-line only for contradictions) and 25 (wording rule back on) are not.
    for quiet in [7, 8, 23] {
        assert!(!npf.contains(&quiet), "line {quiet}: {at:?}");
    }
    for loud in [13, 20, 25] {
        assert!(npf.contains(&loud), "line {loud}: {at:?}");
    }
    // Only the wording rule was off in the quote: the MSP on line 10 is still reported.
    assert!(
        at.iter()
            .any(|(l, r, t)| *l == 10 && *r == "acronym-before-definition" && *t == "MSP"),
        "{at:?}"
    );
    // disable-next-line silences line 16 only; line 17 is checked.
    let contradictions = lines_with("contradiction");
    assert!(!contradictions.contains(&16), "{at:?}");
    assert!(contradictions.contains(&17), "{at:?}");
    // After `enable non-preferred-form`, the other rules are still off: PLG is not reported.
    assert!(
        !at.iter().any(|(l, _, t)| *l >= 23 && *t == "PLG"),
        "{at:?}"
    );
}
