//! Bringing your own glossary, through the built binary: `glossary import` (the seed page, a
//! CSV, a TBX), `glossary export`, glossaries in other formats listed directly in
//! `.glossary-lsp.toml` (their errors at file:line:col), `glossary suggest`, and `check -`.

mod common;

use common::{fixtures, run_in, tempdir, write, Run, BIN};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn sample(name: &str) -> String {
    fixtures()
        .join("glossaries")
        .join(name)
        .display()
        .to_string()
}

/// Runs the binary in `cwd` with `input` on standard input.
fn run_with_stdin(cwd: &Path, args: &[&str], input: impl AsRef<[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_ref())
        .expect("stdin written");
    let out = child.wait_with_output().expect("the binary exits");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn rules(findings: &Value) -> Vec<(String, String)> {
    findings
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn importing_the_seed_page_writes_the_builtin_glossarys_terms_and_never_overwrites() {
    let dir = tempdir();
    let seed = sample("partner-program-glossary.txt");
    let r = run_in(
        dir.path(),
        &["glossary", "import", &seed, "-o", "team.toml"],
    );
    r.expect_code(0);
    assert!(
        r.stderr.contains("wrote: 19 terms in 2 categories from"),
        "{}",
        r.stderr
    );
    let written = std::fs::read_to_string(dir.path().join("team.toml")).unwrap();
    assert!(written.starts_with("# Glossary imported by glossary-lsp from partner-program-glossary.txt (plain-text glossary"), "{written}");
    assert!(written.contains("\u{201c}Partner Program Glossary\u{201d}: 19 terms in 2 categories."));
    assert!(written.contains(
        "{ text = \"ISV\", status = \"admitted\", expansion = \"independent software vendor\" },"
    ));
    // The file is a glossary: `terms` lists it (alone, with the built-in glossary off).
    let r = run_in(
        dir.path(),
        &[
            "terms",
            "--format",
            "json",
            "--no-builtin",
            "--glossary",
            "team.toml",
        ],
    );
    r.expect_code(0);
    let terms = r.json();
    assert_eq!(terms.as_array().unwrap().len(), 19);
    assert_eq!(terms[5]["id"], "oem-partner");
    // Not replaced without --force; replaced with it.
    std::fs::write(dir.path().join("team.toml"), "# mine\n").unwrap();
    let r = run_in(
        dir.path(),
        &["glossary", "import", &seed, "-o", "team.toml"],
    );
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("team.toml exists; pass --force to replace it"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("team.toml")).unwrap(),
        "# mine\n"
    );
    run_in(
        dir.path(),
        &["glossary", "import", &seed, "-o", "team.toml", "--force"],
    )
    .expect_code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("team.toml")).unwrap(),
        written
    );
}

#[test]
fn importing_a_csv_reports_the_column_mapping_and_a_tbx_its_skipped_concepts() {
    let dir = tempdir();
    let r = run_in(
        dir.path(),
        &["glossary", "import", &sample("team-terms.csv")],
    );
    r.expect_code(0);
    assert!(r.stderr.contains("columns: Term \u{2192} term, Status \u{2192} status, Definition \u{2192} definition, Acronym \u{2192} abbreviation, Synonyms \u{2192} variants, Avoid \u{2192} deprecated, Category \u{2192} category, See also \u{2192} related, Notes \u{2192} (ignored)"), "{}", r.stderr);
    assert!(
        r.stdout.contains("id = \"deal-registration\""),
        "{}",
        r.stdout
    );
    let r = run_in(
        dir.path(),
        &[
            "glossary",
            "import",
            &sample("team-termbase.tbx"),
            "--lang",
            "en",
        ],
    );
    r.expect_code(0);
    assert!(
        r.stderr
            .contains("team-termbase.tbx:84:7: concept `c4` has no term in `en`; left out"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("[[entry.language]]\nlang = \"de\""),
        "{}",
        r.stdout
    );
    // A file in an unknown format, and one that is broken.
    write(dir.path(), "terms.docx", "x");
    let r = run_in(dir.path(), &["glossary", "import", "terms.docx"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("terms.docx:1:1: unknown glossary format"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        "bad.tbx",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tbx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<tbx>&xxe;</tbx>\n",
    );
    let r = run_in(dir.path(), &["glossary", "import", "bad.tbx"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("bad.tbx:2:1: a DTD with declarations (<!DOCTYPE … [ … ]>) is not accepted"),
        "{}",
        r.stderr
    );
}

#[test]
fn export_writes_tbx_and_csv_that_load_again() {
    let dir = tempdir();
    let r = run_in(
        dir.path(),
        &["glossary", "export", "--format", "tbx", "-o", "all.tbx"],
    );
    r.expect_code(0);
    assert!(r.stderr.contains("left out: cues of "), "{}", r.stderr);
    let tbx = std::fs::read_to_string(dir.path().join("all.tbx")).unwrap();
    assert!(tbx.contains("<conceptEntry id=\"value-added-reseller\">"));
    let r = run_in(dir.path(), &["glossary", "export", "--format", "csv"]);
    r.expect_code(0);
    assert!(r.stdout.starts_with(
        "id,lang,term,status,plural,expansion,ambiguous,category,definition,related\n"
    ));
    write(dir.path(), "all.csv", &r.stdout);
    for file in ["all.tbx", "all.csv"] {
        let r = run_in(
            dir.path(),
            &[
                "terms",
                "--format",
                "json",
                "--no-builtin",
                "--glossary",
                file,
            ],
        );
        r.expect_code(0);
        assert_eq!(r.json().as_array().unwrap().len(), 19, "{file}");
    }
}

#[test]
fn glossaries_in_other_formats_load_directly_from_the_configuration() {
    let dir = tempdir();
    std::fs::copy(sample("team-terms.csv"), dir.path().join("terms.csv")).unwrap();
    std::fs::copy(
        sample("team-termbase-2008.tbx"),
        dir.path().join("termbase.tbx"),
    )
    .unwrap();
    write(
        dir.path(),
        "docs/glossary.md",
        "# Our glossary\n\n## Sales\n\n### Rebate\n\nA rebate is money a vendor pays back to a partner after a sale.\n\n**Deal desk**: the team that approves non-standard deal terms.\n",
    );
    write(
        dir.path(),
        ".glossary-lsp.toml",
        "glossaries = [\"docs/glossary.md\", \"terms.csv\", \"termbase.tbx\"]\n",
    );
    write(
        dir.path(),
        "guide.md",
        "Log the deal registry before the rebate.\n\nEach program tier has a partner-tier badge.\n",
    );
    let r = run_in(dir.path(), &["check", "--format", "json", "guide.md"]);
    r.expect_code(1);
    assert_eq!(
        rules(&r.json()),
        [
            (
                "non-preferred-form".to_string(),
                "deal registry".to_string()
            ),
            ("non-preferred-form".to_string(), "partner-tier".to_string()),
        ]
    );
    let r = run_in(dir.path(), &["define", "deal reg"]);
    r.expect_code(0);
    assert!(r.stdout.contains("terms.csv:2:1"), "{}", r.stdout);
    // A broken CSV stops the run with the error at its cell.
    write(
        dir.path(),
        "terms.csv",
        "Term,Status,Definition\nrebate program,sometimes,A program.\n",
    );
    let r = run_in(dir.path(), &["check", "guide.md"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("terms.csv:2:16: unknown status `sometimes`"),
        "{}",
        r.stderr
    );
    // A form the page and the CSV both claim: the loader's error names the page's line.
    write(
        dir.path(),
        "terms.csv",
        "Term,Definition,Synonyms\nrebate program,A program that pays rebates.,rebate\n",
    );
    let r = run_in(dir.path(), &["check", "guide.md"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains(
            "terms.csv:2:45: the form \"rebate\" is already claimed by entry `rebate` at "
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("docs/glossary.md:5:5"), "{}", r.stderr);
}

#[test]
fn suggest_proposes_variants_acronyms_and_confusables_as_toml() {
    let dir = tempdir();
    let seed = sample("partner-program-glossary.txt");
    run_in(
        dir.path(),
        &["glossary", "import", &seed, "-o", "seed.toml"],
    )
    .expect_code(0);
    write(
        dir.path(),
        "docs/a.md",
        "# Partners\n\nEvery value added reseller and one managed services provider joined.\n\nA cloud solution provider (CSP) is a reseller of subscriptions.\n",
    );
    write(
        dir.path(),
        "docs/b.txt",
        "Our value added resellers meet each CSP monthly.\n",
    );
    let r = run_in(
        dir.path(),
        &[
            "glossary",
            "suggest",
            "--no-builtin",
            "--glossary",
            "seed.toml",
            "docs",
        ],
    );
    r.expect_code(0);
    let out = &r.stdout;
    assert!(
        out.starts_with("# glossary-lsp glossary suggest: proposals from 2 documents"),
        "{out}"
    );
    assert!(out.contains("# entry \"value-added-reseller\"\n{ text = \"value added reseller\", status = \"deprecated\" },  # 2 uses in 2 files (hyphen or space of \u{201c}value-added reseller\u{201d}), e.g. docs/a.md:3:7\n"), "{out}");
    assert!(
        out.contains("{ text = \"managed services provider\", status = \"deprecated\" },"),
        "{out}"
    );
    assert!(out.contains("# CSP: 2 uses in 2 files"), "{out}");
    assert!(out.contains("id = \"cloud-solution-provider\""), "{out}");
    assert!(
        out.contains("# ecosystem-led-growth \u{2194} partner-led-growth"),
        "{out}"
    );
    assert!(
        out.contains("confusable = [{ with = \"partner-led-growth\""),
        "{out}"
    );
    // Nothing was changed.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("docs/b.txt")).unwrap(),
        "Our value added resellers meet each CSP monthly.\n"
    );
}

#[test]
fn check_reads_standard_input_as_the_named_file() {
    let dir = tempdir();
    write(
        dir.path(),
        "docs/.glossary-lsp.toml",
        "[rules]\nacronym-before-definition = \"off\"\n",
    );
    let text = "We sell through a value added reseller and an MSP.\n";
    let r = run_with_stdin(
        dir.path(),
        &[
            "check",
            "-",
            "--stdin-filename",
            "docs/new.md",
            "--format",
            "json",
        ],
        text,
    );
    r.expect_code(1);
    let findings = r.json();
    assert_eq!(findings[0]["path"], "docs/new.md");
    // The configuration of docs/ applies: no acronym finding for MSP.
    assert_eq!(
        rules(&findings),
        [(
            "non-preferred-form".to_string(),
            "value added reseller".to_string()
        )]
    );
    // Without the name, no configuration there applies and the text is Markdown.
    let r = run_with_stdin(dir.path(), &["check", "-", "--format", "json"], text);
    assert_eq!(r.json()[0]["path"], "<stdin>");
    assert_eq!(r.json().as_array().unwrap().len(), 2);
    // --fix: the fixed text on stdout, what is left on stderr.
    let r = run_with_stdin(
        dir.path(),
        &["check", "-", "--stdin-filename", "docs/new.md", "--fix"],
        text,
    );
    r.expect_code(0);
    assert_eq!(
        r.stdout,
        "We sell through a value-added reseller and an MSP.\n"
    );
    assert!(!dir.path().join("docs/new.md").exists());
    // `-` beside other paths, or a name without `-`, is a usage error.
    let r = run_in(dir.path(), &["check", "-", "docs"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("`-` (standard input) must be the only path"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["check", "--stdin-filename", "x.md", "docs"]);
    r.expect_code(2);
    // Not UTF-8: an error, at the byte.
    let r = run_with_stdin(dir.path(), &["check", "-"], b"ok \xff".as_slice());
    r.expect_code(2);
    assert!(
        r.stderr.contains("<stdin>: not valid UTF-8 (byte 3)"),
        "{}",
        r.stderr
    );
}
