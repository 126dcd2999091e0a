//! Glossaries kept as CSV, TBX and a Markdown page, listed directly in `.glossary-lsp.toml`,
//! driving the real server over JSON-RPC: diagnostics, hover and completion from their terms;
//! a broken one shown at its file, line and column while the last good glossary keeps
//! serving; fixed, the error goes away.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::Path;

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/glossaries")
        .join(name)
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn csv_tbx_and_markdown_glossaries_serve_the_editor_and_a_broken_one_keeps_the_last_good() {
    let (_dir, root) = workspace();
    std::fs::copy(sample("team-terms.csv"), root.join("terms.csv")).unwrap();
    std::fs::copy(sample("team-termbase.tbx"), root.join("termbase.tbx")).unwrap();
    std::fs::create_dir(root.join("docs")).unwrap();
    std::fs::write(
        root.join("docs/glossary.md"),
        "# Glossary\n\n## Incentives\n\n### Rebate\n\nA rebate is money a vendor pays back to a partner after a sale.\n",
    )
    .unwrap();
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "glossaries = [\"terms.csv\", \"termbase.tbx\", \"docs/glossary.md\"]\n",
    )
    .unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("guide.md"));
    let text = "Log the deal registry in the partner web portal, then claim the rebate.\n\nAsk for the Deal\n";
    c.open(&doc, "markdown", 1, text);
    let d = c.diagnostics(&doc, 1);
    // "deal registry" (CSV and TBX), "partner web portal" (superseded in the TBX).
    assert_eq!(
        codes(&d),
        ["non-preferred-form", "non-preferred-form"],
        "{d:#?}"
    );
    assert_eq!(d[0]["range"]["start"], json!({ "line": 0, "character": 8 }));
    // Hover: the termbase's definition (the TBX is listed after the CSV and replaces it).
    let h = c.hover(&doc, 0, 10);
    let shown = h["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains(
            "Deal registration is a program in which a partner registers a sales opportunity"
        ),
        "{shown}"
    );
    // The Markdown page's term.
    let h = c.hover(&doc, 0, text.find("rebate").unwrap() as u32 + 2);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("A rebate is money a vendor pays back"),
        "{h}"
    );
    // Completion offers the CSV and TBX terms.
    let items = c.completion(&doc, 2, 16);
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(
        labels.iter().any(|l| l.contains("deal registration")),
        "{labels:?}"
    );

    // Break the CSV: its error is shown on the CSV at the cell, the last good glossary stays.
    let csv = root.join("terms.csv");
    std::fs::write(
        &csv,
        "Term,Status,Definition\nrebate program,sometimes,A program.\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&csv), "type": 2 }] }),
    );
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&csv) && !p["diagnostics"].as_array().unwrap().is_empty()
    });
    let e = &p["diagnostics"][0];
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("unknown status `sometimes`"),
        "{e}"
    );
    assert_eq!(e["range"]["start"], json!({ "line": 1, "character": 15 }));
    assert!(c.hover(&doc, 0, 10)["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("Deal registration"));
    // The server is alive and answering.
    c.change(
        &doc,
        2,
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }),
        "A ",
    );
    assert_eq!(codes(&c.diagnostics(&doc, 2)).len(), 2);

    // Fixed: the error goes, and the new CSV's terms apply.
    std::fs::write(
        &csv,
        "Term,Definition,Avoid\nrebate program,A program that pays partners rebates.,rebate scheme\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&csv), "type": 2 }] }),
    );
    c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&csv) && p["diagnostics"].as_array().unwrap().is_empty()
    });
    let h = c.hover(&doc, 0, 12);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Deal registration"),
        "the TBX still defines it: {h}"
    );
}
