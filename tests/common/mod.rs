//! Helpers shared by the integration tests: running the built binary, the frozen test glossary,
//! and an independent way to turn 1-based (line, column) pairs back into text.
//!
//! Each test crate uses a different subset of these.
#![allow(dead_code)]

use glossary_lsp::glossary::{load, GlossarySource};
use glossary_lsp::rules::RuleSettings;
use glossary_lsp::Engine;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The `glossary-lsp` binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_glossary-lsp");

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The frozen test glossary (`tests/fixtures/glossaries/partner-test.toml`).
pub fn test_glossary() -> PathBuf {
    fixtures().join("glossaries/partner-test.toml")
}

/// An engine over the test glossary only (no built-in glossary).
pub fn test_engine() -> Engine {
    let glossary =
        load(&[GlossarySource::File(test_glossary())]).expect("the test glossary is valid");
    Engine::new(glossary, RuleSettings::default())
}

/// An engine over the built-in glossary.
pub fn builtin_engine() -> Engine {
    let glossary = load(&[GlossarySource::Builtin]).expect("the built-in glossary is valid");
    Engine::new(glossary, RuleSettings::default())
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`-1` if killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as JSON (panics with both streams shown if it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e})\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Panics, showing the output, unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs the binary in `cwd` with `args`; stdin is empty, colour off.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh temporary folder (removed when dropped).
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("glossary-lsp-test")
        .tempdir()
        .expect("a temporary folder")
}

/// Writes `text` to `dir/rel`, creating folders; returns the path.
pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(&path, text).expect("write file");
    path
}

/// The lines of `text` as (start char index, chars without terminator), splitting at `\n`,
/// `\r\n` and a lone `\r` (LSP's definition). Written independently of the crate's
/// `LineIndex`, to check it.
pub fn char_lines(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\n' => {
                lines.push((start, i - start));
                start = i + 1;
            }
            '\r' => {
                lines.push((start, i - start));
                if chars.get(i + 1) == Some(&'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    lines.push((start, chars.len() - start));
    lines
}

/// The characters of `text` from 1-based (line, column) to (end_line, end_column), the end
/// exclusive, columns counted in Unicode scalar values. `None` if a position is not in the text.
pub fn text_between(
    text: &str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
) -> Option<String> {
    let lines = char_lines(text);
    let at = |l: usize, c: usize| -> Option<usize> {
        let (start, len) = *lines.get(l.checked_sub(1)?)?;
        let c = c.checked_sub(1)?;
        (c <= len).then_some(start + c)
    };
    let (a, b) = (at(line, column)?, at(end_line, end_column)?);
    if a > b {
        return None;
    }
    Some(text.chars().skip(a).take(b - a).collect())
}

/// The keys every finding of `check --format json` carries.
pub const FINDING_KEYS: [&str; 11] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "severity",
    "message",
    "text",
    "term",
    "suggestions",
];

/// The rule codes.
pub const RULES: [&str; 5] = [
    "context-misuse",
    "contradiction",
    "acronym-before-definition",
    "ambiguous-acronym",
    "non-preferred-form",
];

/// Checks one finding of `check --format json` against the source it was found in: every key
/// present with the right type, 1-based positions, a known rule and severity, and `text`
/// exactly the source's characters between the two positions.
#[track_caller]
pub fn assert_finding_shape(finding: &Value, source: &str) {
    let obj = finding
        .as_object()
        .unwrap_or_else(|| panic!("finding is not an object: {finding}"));
    for key in FINDING_KEYS {
        assert!(obj.contains_key(key), "finding lacks `{key}`: {finding}");
    }
    let num = |k: &str| -> usize {
        let n = obj[k]
            .as_u64()
            .unwrap_or_else(|| panic!("`{k}` is not a non-negative integer: {finding}"));
        assert!(n >= 1, "`{k}` is not 1-based: {finding}");
        n as usize
    };
    let (l, c, el, ec) = (
        num("line"),
        num("column"),
        num("end_line"),
        num("end_column"),
    );
    assert!(
        (l, c) < (el, ec),
        "empty or reversed range in finding: {finding}"
    );
    for key in ["path", "rule", "severity", "message", "text", "term"] {
        assert!(obj[key].is_string(), "`{key}` is not a string: {finding}");
    }
    assert!(
        RULES.contains(&obj["rule"].as_str().unwrap()),
        "unknown rule: {finding}"
    );
    assert!(
        ["error", "warning", "info", "hint"].contains(&obj["severity"].as_str().unwrap()),
        "unknown severity: {finding}"
    );
    assert!(
        !obj["message"].as_str().unwrap().trim().is_empty(),
        "empty message: {finding}"
    );
    let suggestions = obj["suggestions"]
        .as_array()
        .unwrap_or_else(|| panic!("`suggestions` is not an array: {finding}"));
    assert!(
        suggestions
            .iter()
            .all(|s| s.as_str().is_some_and(|s| !s.is_empty())),
        "suggestions must be non-empty strings: {finding}"
    );
    let text = obj["text"].as_str().unwrap();
    assert!(
        text.chars().any(char::is_alphanumeric),
        "`text` holds no word: {finding}"
    );
    let between = text_between(source, l, c, el, ec)
        .unwrap_or_else(|| panic!("positions are outside the source: {finding}"));
    assert_eq!(
        between, text,
        "`text` is not the source between ({l}, {c}) and ({el}, {ec})"
    );
}
