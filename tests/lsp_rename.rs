//! `textDocument/prepareRename` and `textDocument/rename` through the real binary: the form
//! renamed in the document with its shapes kept, the rest of the workspace (open documents and
//! the files `check` would check) behind a change annotation that needs confirmation, a client
//! without change annotations told it got the document only, and what was left alone said.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::Path;

/// Capabilities with versioned document changes and change annotations (as VS Code sends).
fn caps_annotations() -> Value {
    let mut c = caps_utf16();
    c["workspace"]["workspaceEdit"]["changeAnnotationSupport"] = json!({ "groupsOnLabel": true });
    c
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn rename(c: &mut Client, uri: &str, line: u32, character: u32, new: &str) -> Result<Value, Value> {
    let mut p = at(uri, line, character);
    p["newName"] = json!(new);
    c.request("textDocument/rename", p)
}

const CURRENT: &str = "# Value-Added Resellers\n\nValue-added resellers’ margins grow, and every value-added reseller's team\ntrains. Our VARs stay VARs. See [value-added resellers](vars.md).\n";

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn rename_edits_the_document_and_the_workspace_behind_a_confirmation() {
    let (_dir, root) = workspace();
    write(&root, ".glossary-lsp.toml", "exclude = [\"drafts/**\"]\n");
    let on_disk = "<Admonition title=\"value-added reseller\">\n  A value-added\n  reseller, on disk.\n</Admonition>\n";
    write(&root, "docs/guide.mdx", on_disk);
    write(
        &root,
        "drafts/old.md",
        "A value-added reseller in a draft.\n",
    );
    write(&root, "src/code.rs", "// a value-added reseller in code\n");
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_annotations(), json!({}));
    let a = uri(&root.join("a.md"));
    let b = uri(&root.join("b.md"));
    c.open(&a, "markdown", 3, CURRENT);
    let other = "Ask a value-added reseller.\n";
    c.open(&b, "markdown", 7, other);

    // prepareRename: the occurrence without its possessive, and the glossary form to edit.
    let p = c
        .request("textDocument/prepareRename", at(&a, 2, 4))
        .unwrap();
    assert_eq!(p["range"], range(2, 0, 2, 21), "{p}");
    assert_eq!(p["placeholder"], "value-added reseller");

    let edit = rename(&mut c, &a, 2, 4, "solution partner").unwrap();
    let changes = edit["documentChanges"].as_array().unwrap();
    let by_uri = |u: &str| -> &Value {
        changes
            .iter()
            .find(|d| d["textDocument"]["uri"] == u)
            .unwrap_or_else(|| panic!("no edits for {u}: {edit:#}"))
    };
    // The document: at once (no annotation), its version given.
    let here = by_uri(&a);
    assert_eq!(here["textDocument"]["version"], 3);
    let here_edits = here["edits"].as_array().unwrap();
    assert!(here_edits.iter().all(|e| e.get("annotationId").is_none()));
    assert_eq!(
        apply_edits(CURRENT, here_edits, false),
        "# Solution Partners\n\nSolution partners’ margins grow, and every solution partner's team\ntrains. Our VARs stay VARs. See [value-added resellers](vars.md).\n"
    );
    // The other open document and the file on disk: behind the confirmation.
    let annotations = &edit["changeAnnotations"];
    let ids: Vec<&String> = annotations.as_object().unwrap().keys().collect();
    assert_eq!(ids.len(), 1, "{annotations}");
    let note = &annotations[ids[0].as_str()];
    assert_eq!(note["needsConfirmation"], true);
    assert_eq!(note["description"], "2 uses in 2 files");
    let b_edits = by_uri(&b);
    assert_eq!(b_edits["textDocument"]["version"], 7);
    let b_edits = b_edits["edits"].as_array().unwrap();
    assert!(b_edits.iter().all(|e| e["annotationId"] == json!(ids[0])));
    assert_eq!(
        apply_edits(other, b_edits, false),
        "Ask a solution partner.\n"
    );
    let disk = by_uri(&uri(&root.join("docs/guide.mdx")));
    assert_eq!(disk["textDocument"]["version"], Value::Null);
    assert_eq!(
        apply_edits(on_disk, disk["edits"].as_array().unwrap(), false),
        "<Admonition title=\"value-added reseller\">\n  A solution\n  partner, on disk.\n</Admonition>\n"
    );
    // Excluded by the configuration, or not a prose file: untouched.
    assert_eq!(changes.len(), 3, "{edit:#}");
    // The link text left alone is said, with its place.
    let shown = c.notification("window/showMessage", |_| true);
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("1 use left as written (a.md:4:34: link text"),
        "{message}"
    );
}

#[test]
fn a_client_without_change_annotations_gets_the_document_only_and_is_told() {
    let (_dir, root) = workspace();
    write(&root, "other.md", "A value-added reseller elsewhere.\n");
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), json!({}));
    let a = uri(&root.join("a.md"));
    let text = "We pay value-added resellers.\n";
    c.open(&a, "markdown", 1, text);
    let edit = rename(&mut c, &a, 0, 10, "partner").unwrap();
    let changes = edit["changes"].as_object().unwrap();
    assert_eq!(changes.len(), 1, "{edit:#}");
    assert_eq!(
        apply_edits(text, changes[&a].as_array().unwrap(), false),
        "We pay partners.\n"
    );
    let shown = c.notification("window/showMessage", |_| true);
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("renamed in this document only"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("other.md")).unwrap(),
        "A value-added reseller elsewhere.\n"
    );
}

#[test]
fn off_a_term_and_bad_names_are_refused() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_annotations(), json!({}));
    let a = uri(&root.join("a.md"));
    c.open(&a, "markdown", 1, "Plain words, then a VAR.\n");
    let p = c
        .request("textDocument/prepareRename", at(&a, 0, 2))
        .unwrap();
    assert_eq!(p, Value::Null);
    let e = rename(&mut c, &a, 0, 2, "x").unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("no glossary term"),
        "{e}"
    );
    let e = rename(&mut c, &a, 0, 21, "  ").unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("letter or digit"),
        "{e}"
    );
    // The acronym is a form of its own: renamed as typed, plural kept.
    let text = "Plain words, then a VAR and two VARs.\n";
    c.change(&a, 2, range(0, 0, 1, 0), text);
    let edit = rename(&mut c, &a, 0, 21, "SP").unwrap();
    assert_eq!(
        apply_edits(text, edit["changes"][&a].as_array().unwrap(), false),
        "Plain words, then a SP and two SPs.\n"
    );
}
