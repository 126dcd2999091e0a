//! `workspace/diagnostic` through the real binary: the files `check` would check (the
//! configuration's include and exclude, MDX among them), open documents from the editor's text,
//! result ids that make unchanged files `unchanged`, changed and deleted files reported anew,
//! unreadable files said, a cap on the number of files with a message, and cancellation.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;

/// A client that pulls diagnostics (as VS Code does).
fn caps_pull() -> Value {
    let mut c = caps_utf16();
    c["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    c["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    c
}

fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The report's items by URI.
fn by_uri(report: &Value) -> HashMap<String, Value> {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["uri"].as_str().unwrap().to_string(), i.clone()))
        .collect()
}

fn pull(c: &mut Client, previous: &HashMap<String, Value>) -> HashMap<String, Value> {
    let ids: Vec<Value> = previous
        .iter()
        .filter_map(|(u, i)| {
            i["resultId"]
                .as_str()
                .map(|id| json!({ "uri": u, "value": id }))
        })
        .collect();
    by_uri(
        &c.request(
            "workspace/diagnostic",
            json!({ "identifier": "glossary-lsp", "previousResultIds": ids }),
        )
        .unwrap(),
    )
}

fn codes(item: &Value) -> Vec<String> {
    item["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_workspace_is_the_files_check_checks_and_unchanged_files_say_so() {
    let (_dir, root) = workspace();
    write(&root, ".glossary-lsp.toml", "exclude = [\"drafts/**\"]\n");
    write(&root, "docs/a.md", "We work with a value added reseller.\n");
    write(
        &root,
        "docs/b.mdx",
        "import X from './x';\n\n<Note title=\"value added reseller\">A value added reseller.</Note>\n",
    );
    write(&root, "docs/clean.md", "Plain words.\n");
    write(&root, "drafts/x.md", "A value added reseller in a draft.\n");
    write(&root, "src/x.rs", "// a value added reseller\n");
    write(
        &root,
        "docs/latin1.md",
        b"Caf\xe9 and a value added reseller.\n",
    );
    let mut c = Client::spawn(&root);
    let init = c.initialize(Some(&root), caps_pull(), json!({}));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    let open = uri(&root.join("docs/open.md"));
    c.open(&open, "markdown", 4, "A value added reseller, open.\n");

    let first = pull(&mut c, &HashMap::new());
    let (a, b, clean, latin) = (
        uri(&root.join("docs/a.md")),
        uri(&root.join("docs/b.mdx")),
        uri(&root.join("docs/clean.md")),
        uri(&root.join("docs/latin1.md")),
    );
    let mut names: Vec<&String> = first.keys().collect();
    names.sort();
    let mut want = vec![&a, &b, &clean, &latin, &open];
    want.sort();
    assert_eq!(names, want, "{first:#?}");
    assert_eq!(codes(&first[&a]), ["non-preferred-form"]);
    // In the MDX file, the element's text only, not its attribute.
    assert_eq!(codes(&first[&b]), ["non-preferred-form"]);
    assert_eq!(first[&b]["items"][0]["range"]["start"]["line"], 2);
    assert_eq!(first[&b]["items"][0]["range"]["start"]["character"], 37);
    assert!(codes(&first[&clean]).is_empty());
    assert_eq!(codes(&first[&latin]), ["not-checked"]);
    assert!(first[&latin]["items"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8"));
    // The open document: from the editor's text, with its version.
    assert_eq!(first[&open]["version"], 4);
    assert_eq!(codes(&first[&open]), ["non-preferred-form"]);
    for item in first.values() {
        assert_eq!(item["kind"], "full");
        assert!(item["resultId"].is_string(), "{item}");
    }

    // Nothing changed: every file is unchanged, under the same ids.
    let second = pull(&mut c, &first);
    for (u, item) in &second {
        assert_eq!(item["kind"], "unchanged", "{u}: {item}");
        assert_eq!(item["resultId"], first[u]["resultId"]);
    }

    // One file changed and one deleted: reported anew and cleared; the rest unchanged.
    write(
        &root,
        "docs/a.md",
        "We work with a value added reseller and a system integrator.\n",
    );
    std::fs::remove_file(root.join("docs/b.mdx")).unwrap();
    let third = pull(&mut c, &second);
    assert_eq!(third[&a]["kind"], "full");
    assert_eq!(
        codes(&third[&a]),
        ["non-preferred-form", "non-preferred-form"]
    );
    assert_ne!(third[&a]["resultId"], first[&a]["resultId"]);
    assert_eq!(third[&b]["kind"], "full");
    assert!(codes(&third[&b]).is_empty());
    assert_eq!(third[&clean]["kind"], "unchanged");
    assert_eq!(third[&open]["kind"], "unchanged");

    // The same document pulled alone gives the open document's result id.
    let doc = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": open }, "previousResultId": first[&open]["resultId"] }),
        )
        .unwrap();
    assert_eq!(doc["kind"], "unchanged");
}

#[test]
fn a_large_workspace_is_capped_with_a_message_and_a_pull_can_be_cancelled() {
    let (_dir, root) = workspace();
    for i in 0..2001 {
        write(
            &root,
            &format!("docs/{:02}/page-{i:04}.md", i % 40),
            format!("Page {i} names a value added reseller and an MSP.\n"),
        );
    }
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_pull(), json!({}));
    // Cancelled right after it is sent: the scan of 2,000 files stops, the error says so.
    let id = c.send_request(
        "workspace/diagnostic",
        json!({ "identifier": "glossary-lsp", "previousResultIds": [] }),
    );
    c.notify("$/cancelRequest", json!({ "id": id }));
    let e = c.response(id).unwrap_err();
    assert_eq!(e["code"], -32800, "{e}");
    // Then a whole pull: the first 2,000 files by path, and a message naming the total.
    let report = pull(&mut c, &HashMap::new());
    assert_eq!(report.len(), 2000);
    // The last by path is the one left out.
    assert!(report.contains_key(&uri(&root.join("docs/39/page-1959.md"))));
    assert!(!report.contains_key(&uri(&root.join("docs/39/page-1999.md"))));
    let shown = c.notification("window/showMessage", |_| true);
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("the first 2000 of the workspace's 2001 files"),
        "{message}"
    );
}
