//! The rule pages (`docs/rules/<code>.md`) held to the code, through the real binary:
//!
//! - every code a diagnostic can carry (the rules, enumerated from `Rule::ALL`, and the two
//!   other codes) has a page, and every page documents such a code (none left behind when a
//!   rule goes);
//! - each rule page's examples are sentences of the built-in glossary's own examples, and
//!   `glossary-lsp check` reports on them exactly the findings the page shows (rule, severity,
//!   message, fix, note): a page goes stale the moment a message or a fix changes;
//! - `glossary-lsp explain CODE` prints the page, and an unknown code gets the nearest one;
//! - the language server links each diagnostic to its page (`codeDescription`, a file that
//!   exists and holds the page) and shows where an acronym is spelled out or the other form is
//!   used (`relatedInformation`), but only to clients that declare they show these.

mod common;
mod lsp_support;

use common::{run_in, tempdir, write};
use glossary_lsp::glossary::{load, GlossarySource};
use glossary_lsp::rule_pages::{self, PAGES};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;

fn docs_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules")
}

#[test]
fn every_code_has_a_page_and_every_page_is_a_code() {
    let codes: BTreeSet<&str> = rule_pages::codes().collect();
    for rule in glossary_lsp::rules::Rule::ALL {
        assert!(codes.contains(rule.code()), "{rule} is not among the codes");
    }
    let files: BTreeSet<String> = std::fs::read_dir(docs_dir())
        .expect("docs/rules")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = codes.iter().map(|c| format!("{c}.md")).collect();
    assert_eq!(
        files, expected,
        "docs/rules must hold exactly one page per code"
    );
    let embedded: BTreeSet<&str> = PAGES.iter().map(|p| p.code).collect();
    assert_eq!(embedded, codes, "rule_pages::PAGES must embed every page");
    for page in PAGES {
        let on_disk =
            std::fs::read_to_string(docs_dir().join(format!("{}.md", page.code))).unwrap();
        assert_eq!(page.text, on_disk, "{}: rebuild (include_str!)", page.code);
        assert!(
            page.text.starts_with(&format!("# {}\n", page.code)),
            "{}: a page starts with its code as the title",
            page.code
        );
        for section in [
            "## What it checks",
            "## Why",
            "## How to fix",
            "## Change its severity or turn it off",
        ] {
            assert!(
                page.text.contains(section),
                "{}: no \"{section}\"",
                page.code
            );
        }
    }
}

/// One example of a page: a document (the lines of a `>` quote) and, for a flagged one, the
/// findings shown under it (`severity[code]: message`, then `  fix:`/`  consider:` and
/// optionally `  note:` lines).
#[derive(Debug)]
struct Example {
    code: &'static str,
    flagged: bool,
    lines: Vec<String>,
    shown: Vec<String>,
}

/// The examples of a rule page's "## Examples" section.
fn examples(code: &'static str, page: &str) -> Vec<Example> {
    let section = page
        .split("\n## ")
        .find(|s| s.starts_with("Examples\n"))
        .unwrap_or_else(|| panic!("{code}: no ## Examples section"));
    let mut out: Vec<Example> = Vec::new();
    let mut flagged = None;
    let mut lines = section.lines().peekable();
    while let Some(line) = lines.next() {
        match line {
            "### Flagged" => flagged = Some(true),
            "### Clean" => flagged = Some(false),
            l if l.starts_with("> ") => {
                let mut quote = vec![l[2..].to_string()];
                while let Some(next) = lines.next_if(|l| l.starts_with("> ")) {
                    quote.push(next[2..].to_string());
                }
                out.push(Example {
                    code,
                    flagged: flagged
                        .unwrap_or_else(|| panic!("{code}: a quote before ### Flagged")),
                    lines: quote,
                    shown: Vec::new(),
                });
            }
            "```text" => {
                let last = out
                    .last_mut()
                    .unwrap_or_else(|| panic!("{code}: findings before an example"));
                assert!(
                    last.flagged && last.shown.is_empty(),
                    "{code}: findings under {last:?}"
                );
                for l in lines.by_ref() {
                    if l == "```" {
                        break;
                    }
                    last.shown.push(l.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// The findings of `--format json` as a page shows them, the note only where the page shows it.
fn shown(findings: &[Value], with_note: &[bool]) -> Vec<String> {
    let mut out = Vec::new();
    for (f, note) in findings.iter().zip(with_note) {
        out.push(format!(
            "{}[{}]: {}",
            f["severity"].as_str().unwrap(),
            f["rule"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        ));
        if let Some(s) = f["suggestions"][0].as_str() {
            let label = if f["fix_is_safe"] == true {
                "fix"
            } else {
                "consider"
            };
            out.push(format!("  {label}: \u{201c}{s}\u{201d}"));
        }
        if *note {
            out.push(format!("  note: {}", f["note"].as_str().unwrap()));
        }
    }
    out
}

#[test]
fn page_examples_are_what_the_binary_reports() {
    let dir = tempdir();
    let mut all = Vec::new();
    for page in PAGES {
        let Some(rule) = glossary_lsp::rules::Rule::from_code(page.code) else {
            continue;
        };
        let ex = examples(page.code, page.text);
        assert!(ex.iter().any(|e| e.flagged), "{rule}: no flagged example");
        assert!(ex.iter().any(|e| !e.flagged), "{rule}: no clean example");
        all.extend(ex);
    }
    let mut paths = Vec::new();
    for (i, e) in all.iter().enumerate() {
        let name = format!("example-{i}.txt");
        write(dir.path(), &name, e.lines.join("\n") + "\n");
        paths.push(name);
    }
    let mut args = vec![
        "check",
        "--no-config",
        "--format",
        "json",
        "--fail-on",
        "error",
    ];
    args.extend(paths.iter().map(String::as_str));
    let run = run_in(dir.path(), &args);
    run.expect_code(0);
    let findings = run.json();
    for (e, path) in all.iter().zip(&paths) {
        let of: Vec<Value> = findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == path.as_str())
            .cloned()
            .collect();
        if !e.flagged {
            assert!(
                of.is_empty(),
                "{}: clean example {:?} gives {of:#?}",
                e.code,
                e.lines
            );
            continue;
        }
        assert!(
            of.iter().any(|f| f["rule"] == e.code),
            "{}: flagged example {:?} gives {of:#?}",
            e.code,
            e.lines
        );
        // Which findings the page shows with their note: a note line after the finding's.
        let mut with_note = Vec::new();
        for l in &e.shown {
            if l.starts_with("  note: ") {
                *with_note.last_mut().expect("a note after a finding") = true;
            } else if !l.starts_with("  ") {
                with_note.push(false);
            }
        }
        with_note.resize(of.len(), false);
        assert_eq!(
            e.shown,
            shown(&of, &with_note),
            "{}: the page shows other findings for {:?} than `check` gives",
            e.code,
            e.lines
        );
    }
}

#[test]
fn page_examples_come_from_the_built_in_glossary() {
    let glossary = load(&[GlossarySource::Builtin]).unwrap();
    let known: Vec<(&str, Option<&str>)> = glossary
        .entries()
        .iter()
        .flat_map(|e| &e.examples)
        .map(|x| (x.text.as_str(), x.expect.as_deref()))
        .collect();
    for page in PAGES {
        if glossary_lsp::rules::Rule::from_code(page.code).is_none() {
            continue;
        }
        for e in examples(page.code, page.text) {
            for line in &e.lines {
                let found = known.iter().find(|(t, _)| t == line);
                let Some((_, expect)) = found else {
                    panic!(
                        "{}: {line:?} is not an example of the built-in glossary",
                        e.code
                    );
                };
                // A one-sentence example is shown as the glossary expects it.
                if e.lines.len() == 1 {
                    let want = if e.flagged { Some(e.code) } else { None };
                    assert_eq!(*expect, want, "{}: {line:?}", e.code);
                }
            }
        }
    }
}

#[test]
fn the_unknown_rule_page_shows_the_warning_check_gives() {
    let page = rule_pages::page(rule_pages::UNKNOWN_RULE).unwrap().text;
    let doc = page
        .split("```markdown\n")
        .nth(1)
        .and_then(|s| s.split("\n```").next())
        .expect("a Markdown example");
    let dir = tempdir();
    write(dir.path(), "notes.md", format!("{doc}\n"));
    let run = run_in(dir.path(), &["check", "--no-config", "notes.md"]);
    let warning = run
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("warning: notes.md:1:"))
        .unwrap_or_else(|| panic!("no warning on line 1: {}", run.stderr));
    let message = warning.split_once(": ").unwrap().1;
    assert!(page.contains(message), "the page lacks {message:?}");
    // The finding the comment failed to silence is still reported.
    assert!(run.stdout.contains("[context-misuse]"), "{}", run.stdout);
}

#[test]
fn explain_prints_the_page_and_suggests_the_nearest_code() {
    let dir = tempdir();
    for page in PAGES {
        let run = run_in(dir.path(), &["explain", page.code]);
        run.expect_code(0);
        assert_eq!(run.stdout, page.text);
    }
    let run = run_in(dir.path(), &["explain", "non-prefered-form"]);
    run.expect_code(2);
    assert!(run.stdout.is_empty());
    assert_eq!(
        run.stderr.trim(),
        "error: no rule or diagnostic code `non-prefered-form`; did you mean `non-preferred-form`?"
    );
    let run = run_in(dir.path(), &["explain", "spelling"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("the codes are context-misuse, contradiction,"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// The language server

use lsp_support::{caps_utf16, uri, workspace, Client};

/// A client that shows rule links and related places (as VS Code does).
fn caps_with_links() -> Value {
    let mut caps = caps_utf16();
    caps["textDocument"]["publishDiagnostics"] =
        json!({ "relatedInformation": true, "codeDescriptionSupport": true });
    caps
}

const DOC: &str = "Every value added reseller in the program must certify two engineers.\n\
Our MSP tier includes a dedicated partner manager.\n\
Value-added resellers earn a margin on licenses, but most of their revenue comes from implementation and training.\n\
Managed service providers (MSPs) run our platform on the client's behalf for a recurring monthly fee.\n";

/// The local path of a `file://` URL.
fn path_of(href: &str) -> std::path::PathBuf {
    let url = tower_lsp::lsp_types::Url::parse(href).expect("a URL");
    url.to_file_path().expect("a file URL")
}

#[test]
fn diagnostics_link_their_rule_page_and_related_places() {
    let (_dir, root) = workspace();
    let cache = tempdir();
    let mut c =
        Client::spawn_with_env(&root, &[("XDG_CACHE_HOME", cache.path().to_str().unwrap())]);
    c.initialize(Some(&root), caps_with_links(), Value::Null);
    let doc = uri(&root.join("proposal.md"));
    c.open(&doc, "markdown", 1, DOC);
    let diags = c.diagnostics(&doc, 1);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    for d in &diags {
        let code = d["code"].as_str().unwrap();
        let href = d["codeDescription"]["href"]
            .as_str()
            .unwrap_or_else(|| panic!("{d}"));
        assert!(href.starts_with("file://"), "{href}");
        let path = path_of(href);
        assert!(
            path.starts_with(cache.path()),
            "{path:?} is not in the cache folder"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            rule_pages::page(code).unwrap().text,
            "{path:?}"
        );
    }
    // The discouraged variant points to the accepted form on line 3; MSP to its expansion on 4.
    let related = |code: &str| {
        let d = diags.iter().find(|d| d["code"] == code).unwrap();
        let r = &d["relatedInformation"][0];
        assert_eq!(r["location"]["uri"], doc.as_str(), "{d}");
        (
            r["location"]["range"]["start"]["line"].as_u64().unwrap(),
            r["message"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        related("non-preferred-form"),
        (
            2,
            "\u{201c}Value-added resellers\u{201d} is used here".to_string()
        )
    );
    assert_eq!(
        related("acronym-before-definition"),
        (3, "MSP is spelled out here".to_string())
    );
    // A second server writes nothing new: the pages are there already.
    drop(c);
    let before = std::fs::metadata(path_of(
        diags[0]["codeDescription"]["href"].as_str().unwrap(),
    ))
    .unwrap()
    .modified()
    .unwrap();
    let mut again =
        Client::spawn_with_env(&root, &[("XDG_CACHE_HOME", cache.path().to_str().unwrap())]);
    again.initialize(Some(&root), caps_with_links(), Value::Null);
    again.open(&doc, "markdown", 1, DOC);
    let d = again.diagnostics(&doc, 1);
    let href = d[0]["codeDescription"]["href"].as_str().unwrap();
    assert_eq!(
        std::fs::metadata(path_of(href))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
}

#[test]
fn clients_that_do_not_show_links_or_related_places_are_not_sent_them() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("proposal.md"));
    c.open(&doc, "markdown", 1, DOC);
    let diags = c.diagnostics(&doc, 1);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    for d in &diags {
        assert!(
            d.get("codeDescription").is_none() && d.get("relatedInformation").is_none(),
            "{d}"
        );
    }
}

/// VS Code pulls diagnostics: the pulled ones carry the same links, and the LSP 3.18 way of
/// declaring them (under `textDocument.diagnostic`) counts too.
#[test]
fn pulled_diagnostics_carry_links_too() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let mut caps = caps_utf16();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false, "relatedInformation": true, "codeDescriptionSupport": true });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    c.initialize(Some(&root), caps, Value::Null);
    let doc = uri(&root.join("proposal.md"));
    c.open(&doc, "markdown", 1, DOC);
    let report = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": doc } }),
        )
        .unwrap();
    let items = report["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{report:#}");
    for d in items {
        let href = d["codeDescription"]["href"]
            .as_str()
            .unwrap_or_else(|| panic!("{d}"));
        assert!(path_of(href).is_file(), "{href}");
        assert!(
            d["relatedInformation"][0]["location"]["range"].is_object(),
            "{d}"
        );
    }
}

/// A broken team glossary's diagnostic links the `glossary-error` page.
#[test]
fn a_glossary_error_links_its_page() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "glossaries = [\"team.toml\"]\n",
    )
    .unwrap();
    std::fs::write(root.join("team.toml"), "schema = 1\n[[entry]]\nid =\n").unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_with_links(), Value::Null);
    let team = uri(&root.join("team.toml"));
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == team.as_str() && !p["diagnostics"].as_array().unwrap().is_empty()
    });
    let d = &p["diagnostics"][0];
    assert_eq!(d["code"], rule_pages::GLOSSARY_ERROR, "{d}");
    let href = d["codeDescription"]["href"]
        .as_str()
        .unwrap_or_else(|| panic!("{d}"));
    assert!(href.ends_with("/glossary-error.md"), "{href}");
    assert!(path_of(href).is_file(), "{href}");
}
