//! Bad input over stdio: after each, the server still answers correctly.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

fn start() -> (Client, tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    (c, dir, root)
}

/// The server still works: a hover on a fresh document answers with the definition.
fn still_answers(c: &mut Client, root: &std::path::Path, name: &str) {
    let uri = uri(&root.join(name));
    c.open(&uri, "markdown", 1, "Our VAR.\n");
    c.diagnostics(&uri, 1);
    let h = c.hover(&uri, 0, 5);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("value-added reseller"));
}

#[test]
fn malformed_json_and_invalid_requests() {
    let (mut c, _d, root) = start();
    let garbage = b"{\"jsonrpc\":\"2.0\",\"method\":";
    c.send_raw(format!("Content-Length: {}\r\n\r\n", garbage.len()).as_bytes());
    c.send_raw(garbage);
    let e = c.wait_for(|m| m["error"]["code"] == -32700);
    assert_eq!(e["id"], Value::Null);
    // Valid JSON, not JSON-RPC.
    let body = br#"{"hello":"world","id":7}"#;
    c.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    c.send_raw(body);
    let e = c.wait_for(|m| m["error"]["code"] == -32600);
    assert_eq!(e["id"], 7);
    // Invalid UTF-8 in the body.
    c.send_raw(b"Content-Length: 4\r\n\r\n\xff\xfe{}");
    c.wait_for(|m| {
        m["error"]["code"] == -32700 && m["error"]["message"].as_str().unwrap().contains("UTF-8")
    });
    // A header without Content-Length.
    c.send_raw(b"Content-Type: x\r\n\r\n");
    c.wait_for(|m| {
        m["error"]["code"] == -32700
            && m["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Content-Length")
    });
    still_answers(&mut c, &root, "after-garbage.md");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn unknown_methods() {
    let (mut c, _d, root) = start();
    let e = c.request("glossary/unknownThing", json!({})).unwrap_err();
    assert_eq!(e["code"], -32601);
    c.notify("$/unknownNotification", json!({}));
    c.notify("textDocument/unknown", json!({ "x": 1 }));
    // Wrong params for a known method.
    let e = c
        .request("textDocument/hover", json!({ "nonsense": true }))
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    // An unknown command.
    let e = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.nope", "arguments": [] }),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    still_answers(&mut c, &root, "after-unknown.md");
}

#[test]
fn positions_past_the_end() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("p.md"));
    c.open(&uri, "markdown", 1, "Our VAR.\nSecond line.");
    c.diagnostics(&uri, 1);
    // Hover past the last line: nothing; past the line end: clamps to the line end.
    assert!(c.hover(&uri, 99, 0).is_null());
    let h = c.hover(&uri, 0, 999);
    assert!(h.is_null(), "the line ends with '.', not a term: {h}");
    assert!(c.completion(&uri, 50, 50).is_empty());
    // A change past the end clamps to the end of the document.
    c.change(&uri, 2, range(40, 0, 41, 0), " A value added reseller.");
    assert_eq!(
        c.text_of(&uri).0,
        "Our VAR.\nSecond line. A value added reseller."
    );
    // A column past the line end clamps to the line end.
    c.change(&uri, 3, range(0, 100, 0, 100), "!");
    assert_eq!(
        c.text_of(&uri).0,
        "Our VAR.!\nSecond line. A value added reseller."
    );
    // Half a surrogate pair rounds down to the character start.
    c.change(&uri, 4, range(0, 0, 0, 0), "😀");
    c.change(&uri, 5, range(0, 1, 0, 1), "x");
    assert_eq!(
        c.text_of(&uri).0,
        "x😀Our VAR.!\nSecond line. A value added reseller."
    );
    let d = c.diagnostics(&uri, 5);
    assert!(d.iter().any(|d| d["code"] == "non-preferred-form"));
}

#[test]
fn changes_to_unopened_documents_and_stale_versions() {
    let (mut c, _d, root) = start();
    let ghost = uri(&root.join("ghost.md"));
    c.change(&ghost, 2, range(0, 0, 0, 0), "hello");
    let log = c.notification("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("not open")
    });
    assert_eq!(log["type"], 2);
    let e = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.debugText", "arguments": [ghost] }),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    assert!(c.hover(&ghost, 0, 0).is_null());
    // A stale version is skipped and logged; the next good change applies.
    let uri = uri(&root.join("v.md"));
    c.open(&uri, "markdown", 5, "One.\n");
    c.diagnostics(&uri, 5);
    c.change(&uri, 3, range(0, 0, 0, 0), "STALE ");
    c.notification("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("not newer")
    });
    assert_eq!(c.text_of(&uri), ("One.\n".to_string(), 5));
    c.change(&uri, 6, range(0, 0, 0, 0), "A value added reseller. ");
    assert_eq!(c.diagnostics(&uri, 6).len(), 1);
    assert_eq!(c.text_of(&uri).0, "A value added reseller. One.\n");
}

#[test]
fn a_50_mb_document() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("big.md"));
    let paragraph = "Our partners include a reseller, a distributor and a managed service provider (MSP) with ongoing support.\n\n";
    let mut text = String::with_capacity(50 << 20);
    while text.len() < 50 << 20 {
        text.push_str(paragraph);
    }
    text.push_str("The last VAR and va\n");
    let last_line = text.matches('\n').count() as u32 - 1;
    c.open(&uri, "markdown", 1, &text);
    // Hover answers (from the window, whether or not the analysis has finished).
    let h = c.hover(&uri, last_line, 10);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("value-added reseller"));
    let items = c.completion(&uri, last_line, 19);
    assert!(
        items.iter().any(|i| i["label"] == "value-added reseller"),
        "{items:?}"
    );
    // And the analysis of the whole document is published in the end.
    let diags = c.diagnostics(&uri, 1);
    assert!(!diags.is_empty());
}

#[test]
fn broken_team_glossary_then_fixed() {
    let (_dir, root) = workspace();
    let team = root.join("team.toml");
    let good = "[[entry]]\nid = \"deal-registration\"\ncategory = \"Sales\"\ndefinition = \"Deal registration is a program in which a partner registers an opportunity.\"\nforms = [{ text = \"deal registration\", status = \"preferred\" }, { text = \"deal registry\", status = \"deprecated\" }]\n";
    std::fs::write(&team, good).unwrap();
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "glossaries = [\"team.toml\"]\n",
    )
    .unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("d.md"));
    c.open(
        &doc,
        "markdown",
        1,
        "Check the deal registry and our VAR.\n",
    );
    let diags = c.diagnostics(&doc, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["data"]["term"] == "deal-registration"),
        "{diags:#?}"
    );
    // Break it: a reference to an unknown id at line 6.
    let broken = format!("{good}related = [\"nope\"]\n");
    std::fs::write(&team, &broken).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&team), "type": 2 }] }),
    );
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&team)
    });
    let d = &p["diagnostics"][0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"]["start"]["line"], 5);
    assert!(d["message"].as_str().unwrap().contains("nope"));
    let m = c.notification("window/showMessage", |_| true);
    assert_eq!(m["type"], 1);
    // The last good glossary still serves.
    let h = c.hover(&doc, 0, 13);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("Deal registration"));
    // Fixed: the errors are cleared and the new glossary serves.
    std::fs::write(&team, good.replace("deal registry", "deal reg")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&team), "type": 2 }] }),
    );
    c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&team) && p["diagnostics"].as_array().unwrap().is_empty()
    });
    let diags = c.diagnostics(&doc, 1);
    assert!(
        !diags
            .iter()
            .any(|d| d["data"]["term"] == "deal-registration"),
        "{diags:#?}"
    );
    assert!(c.hover(&doc, 0, 13).is_null());
}
