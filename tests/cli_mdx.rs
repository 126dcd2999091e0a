//! MDX through the built binary: `.mdx` files are found in folders by default, checked as
//! Markdown with the JavaScript syntax (ESM, JSX tags and attributes, `{expressions}`) left
//! out and the text inside JSX elements kept, fixed without touching the syntax, and everything
//! left out is listed by `glossary-lsp skipped`.

mod common;

use common::{fixtures, run_in, tempdir, write};
use glossary_lsp::prose::{prose_ranges, unchecked, Format};
use serde_json::Value;

const DOC: &str = "import Admonition from '@theme/Admonition';\n\n# Partners\n\n<Admonition type=\"tip\" title=\"value added reseller\">\n  We work with a value added reseller in Ohio.\n</Admonition>\n\nSee {props.value_added_reseller} and <Card label=\"value added reseller\" />.\n";

fn findings(dir: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec![
        "check",
        "--no-config",
        "--format",
        "json",
        "--fail-on",
        "hint",
    ];
    all.extend_from_slice(args);
    run_in(dir, &all).json()
}

#[test]
fn a_folder_check_finds_mdx_and_reads_only_the_text_of_jsx_elements() {
    let dir = tempdir();
    write(dir.path(), "docs/partners.mdx", DOC);
    write(dir.path(), "docs/component.jsx", "value added reseller\n");
    let f = findings(dir.path(), &["docs"]);
    let hits: Vec<(String, u64, u64)> = f
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // Only the element's text: not the attributes, the expression or the .jsx file.
    assert_eq!(hits, [("docs/partners.mdx".to_string(), 6, 18)], "{f}");
    assert_eq!(f[0]["rule"], "non-preferred-form");
}

#[test]
fn fix_changes_the_text_and_leaves_the_syntax_alone() {
    let dir = tempdir();
    let path = write(dir.path(), "partners.mdx", DOC);
    run_in(
        dir.path(),
        &["check", "--no-config", "--fix", "partners.mdx"],
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        DOC.replace(
            "We work with a value added reseller",
            "We work with a value-added reseller"
        )
    );
}

#[test]
fn skipped_lists_the_jsx_syntax_and_nothing_is_dropped_silently() {
    let dir = fixtures().join("docs");
    let r = run_in(&dir, &["skipped", "docusaurus-partners.mdx"]);
    r.expect_code(0);
    for want in [
        "docusaurus-partners.mdx:7:1: import/export: import Admonition from '@theme/Admonition';",
        "docusaurus-partners.mdx:16:1: JSX: <Admonition type=\"tip\" title=\"VAR or reseller?\">",
        "docusaurus-partners.mdx:14:25: JSX expression: {tiers.length}",
        "docusaurus-partners.mdx:29:1: JSX expression: {/* glossary-lsp-disable-next-line non-preferred-form */}",
        "docusaurus-partners.mdx:32:1: code block:",
    ] {
        assert!(r.stdout.contains(want), "{want}\n{}", r.stdout);
    }
    // The element's text is read, so it is not listed.
    assert!(!r.stdout.contains("Our resellers handle"), "{}", r.stdout);
    // Every letter and digit of the document is either prose or listed with a reason.
    let text = std::fs::read_to_string(dir.join("docusaurus-partners.mdx")).unwrap();
    let prose = prose_ranges(&text, Format::Mdx);
    let skipped = unchecked(&text, Format::Mdx);
    for (i, c) in text.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
        let covered = prose
            .spans
            .iter()
            .map(|s| &s.range)
            .chain(skipped.iter().map(|u| &u.range))
            .any(|r| r.start <= i && i < r.end);
        assert!(covered, "{c:?} at byte {i} is neither checked nor listed");
    }
}

#[test]
fn the_suppression_comment_of_mdx_is_a_jsx_comment() {
    let dir = tempdir();
    write(
        dir.path(),
        "a.mdx",
        "{/* glossary-lsp-disable-next-line non-preferred-form */}\nA value added reseller.\n\nA value added reseller.\n",
    );
    let f = findings(dir.path(), &["a.mdx"]);
    let lines: Vec<u64> = f
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [4], "{f}");
}
