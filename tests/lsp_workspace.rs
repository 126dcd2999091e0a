//! Configuration, team-glossary commands, navigation, semantic tokens, inlay hints and pull
//! diagnostics, through the real binary.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

fn pos(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

#[test]
fn settings_from_initialization_options_and_did_change_configuration() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(
        Some(&root),
        caps_utf16(),
        json!({ "glossary-lsp": { "rules": { "non-preferred-form": "error", "acronym-before-definition": "off" } } }),
    );
    let uri = uri(&root.join("a.md"));
    c.open(
        &uri,
        "markdown",
        1,
        "Our MSP uses a value added reseller.\n",
    );
    let d = c.diagnostics(&uri, 1);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "non-preferred-form");
    assert_eq!(d[0]["severity"], 1);
    // Switch the rule off and the other one on.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-lsp": { "rules": { "non-preferred-form": "off" } } } }),
    );
    let d = c.diagnostics(&uri, 1);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["code"], "acronym-before-definition");
    // A bad key is reported; the last good settings stay.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "rulez": {} } }),
    );
    let m = c.notification("window/showMessage", |_| true);
    assert!(m["message"].as_str().unwrap().contains("rulez"), "{m}");
    let h = c.hover(&uri, 0, 5);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("managed service provider"));
}

#[test]
fn add_term_and_exception_through_apply_edit() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    // An editor that saves the files an edit creates (the VS Code extension): new files go
    // through it.
    let mut caps = caps_utf16();
    caps["experimental"] = json!({ "glossaryLsp": { "savesCreatedFiles": true } });
    c.initialize(Some(&root), caps, Value::Null);
    let uri_doc = uri(&root.join("a.md"));
    let text = "Our QBR with the Contoso Reseller Program partners.\n";
    c.open(&uri_doc, "markdown", 1, text);
    c.diagnostics(&uri_doc, 1);
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.addTerm", "arguments": [{ "term": "QBR" }] }),
        )
        .unwrap();
    assert_eq!(r["viaClient"], true, "{r}");
    assert!(r["errors"].as_array().unwrap().is_empty(), "{r}");
    let edit = c
        .server_requests
        .iter()
        .find(|m| m["method"] == "workspace/applyEdit")
        .expect("an applyEdit request")
        .clone();
    let ops = edit["params"]["edit"]["documentChanges"]
        .as_array()
        .unwrap();
    let creates: Vec<&str> = ops
        .iter()
        .filter(|o| o["kind"] == "create")
        .map(|o| o["uri"].as_str().unwrap())
        .collect();
    assert_eq!(
        creates,
        [
            uri(&root.join(".glossary-lsp.toml")),
            uri(&root.join("team-glossary.toml"))
        ]
    );
    // Apply the edit as an editor would (and save), then the glossary has the term.
    for op in ops.iter().filter(|o| o.get("textDocument").is_some()) {
        let path = op["textDocument"]["uri"]
            .as_str()
            .unwrap()
            .trim_start_matches("file://");
        let before = std::fs::read_to_string(path).unwrap_or_default();
        let after = apply_edits(&before, op["edits"].as_array().unwrap(), false);
        std::fs::write(path, after).unwrap();
    }
    let team = std::fs::read_to_string(root.join("team-glossary.toml")).unwrap();
    assert!(team.contains("text = \"QBR\""), "{team}");
    // The server already serves it (from the edit it made).
    let h = c.hover(&uri_doc, 0, 5);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("**QBR** \u{b7} *Team terms*"),
        "{h}"
    );
    // An exception: the proper name stops matching "Reseller".
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.addException", "arguments": ["Contoso Reseller Program"] }),
        )
        .unwrap();
    assert_eq!(r["viaClient"], true, "{r}");
    let edit = c
        .server_requests
        .iter()
        .filter(|m| m["method"] == "workspace/applyEdit")
        .nth(1)
        .unwrap()
        .clone();
    let op = &edit["params"]["edit"]["documentChanges"][0];
    let after = apply_edits(&team, op["edits"].as_array().unwrap(), false);
    assert!(
        after.contains("exceptions = [\"Contoso Reseller Program\"]"),
        "{after}"
    );
    glossary_lsp::glossary::load(&[
        glossary_lsp::glossary::GlossarySource::Builtin,
        glossary_lsp::glossary::GlossarySource::Text {
            name: "t".into(),
            text: after,
        },
    ])
    .expect("the edited team glossary is valid");
}

#[test]
fn add_term_writes_the_file_without_workspace_edit_support() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "glossaries = [\"docs/g.toml\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/g.toml"), "schema = 1\n").unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), json!({}), Value::Null);
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.addTerm", "arguments": ["SOW"] }),
        )
        .unwrap();
    assert_eq!(r["viaClient"], false);
    let g = std::fs::read_to_string(root.join("docs/g.toml")).unwrap();
    assert!(g.starts_with("schema = 1\n"));
    assert!(g.contains("id = \"sow\""), "{g}");
    let uri = uri(&root.join("x.md"));
    c.open(&uri, "markdown", 1, "The SOW is signed.\n");
    let h = c.hover(&uri, 0, 5);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**SOW**"));
    // Not an acronym: refused.
    let e = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.addTerm", "arguments": ["hello"] }),
        )
        .unwrap_err();
    assert_eq!(e["code"], -32602);
    let r = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.reload" }),
        )
        .unwrap();
    assert_eq!(r["ok"], true);
}

#[test]
fn definition_references_highlights_and_symbols() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join("other.md"),
        "A value-added reseller and two VARs.\n",
    )
    .unwrap();
    std::fs::write(root.join("ignored.md"), "VAR\n").unwrap();
    std::fs::write(root.join(".gitignore"), "ignored.md\n").unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let uri = uri(&root.join("a.md"));
    c.open(
        &uri,
        "markdown",
        1,
        "Our VAR, a value-added reseller (VAR), and a reseller.\n",
    );
    c.diagnostics(&uri, 1);
    // Definition: the built-in glossary's copy in the cache folder, at the entry.
    let d = c
        .request("textDocument/definition", pos(&uri, 0, 5))
        .unwrap();
    let target = d["uri"]
        .as_str()
        .unwrap()
        .trim_start_matches("file://")
        .to_string();
    assert!(
        target.ends_with("glossary-lsp/partner-program.toml"),
        "{target}"
    );
    let toml = std::fs::read_to_string(&target).unwrap();
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    let lines: Vec<&str> = toml.lines().collect();
    assert!(
        lines[line..line + 3]
            .iter()
            .any(|l| l.contains("value-added-reseller")),
        "{:?}",
        &lines[line..line + 3]
    );
    // Highlights: every form of the same entry in this document.
    let h = c
        .request("textDocument/documentHighlight", pos(&uri, 0, 5))
        .unwrap();
    let ranges: Vec<Value> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["range"].clone())
        .collect();
    assert_eq!(
        ranges,
        [range(0, 4, 0, 7), range(0, 11, 0, 31), range(0, 33, 0, 36)]
    );
    // References: this document and the workspace's other files (not the ignored one),
    // with progress.
    let refs = c
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 5 },
                    "context": { "includeDeclaration": true } }),
        )
        .unwrap();
    let refs = refs.as_array().unwrap();
    assert_eq!(refs.len(), 5, "{refs:#?}");
    assert_eq!(
        refs.iter()
            .filter(|r| r["uri"].as_str().unwrap().ends_with("other.md"))
            .count(),
        2
    );
    assert!(c
        .server_requests
        .iter()
        .any(|m| m["method"] == "window/workDoneProgress/create"));
    c.notification("$/progress", |p| p["value"]["kind"] == "begin");
    c.notification("$/progress", |p| p["value"]["kind"] == "end");
    // Workspace symbols: glossary entries.
    let s = c
        .request("workspace/symbol", json!({ "query": "resel" }))
        .unwrap();
    let names: Vec<&str> = s
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"value-added reseller (VAR)"), "{names:?}");
    assert!(names.contains(&"reseller"), "{names:?}");
    assert!(!names.contains(&"distributor"), "{names:?}");
}

#[test]
fn semantic_tokens_inlay_hints_and_pull_diagnostics() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let mut caps = caps_utf16();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    let init = c.initialize(Some(&root), caps, json!({ "inlayHints": true }));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "glossary-lsp"
    );
    let uri = uri(&root.join("t.md"));
    let text = "😀 Our MSP and a value added\n  reseller.\n";
    c.open(&uri, "markdown", 1, text);
    // Pulled, not pushed.
    let r = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    assert_eq!(r["kind"], "full");
    let items = r["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["acronym-before-definition", "non-preferred-form"]);
    let id = r["resultId"].clone();
    let r = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
        )
        .unwrap();
    assert_eq!(r["kind"], "unchanged");
    // Semantic tokens: MSP (abbreviation), then the deprecated form split over two lines.
    let t = c
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let data: Vec<u64> = t["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(data, [0, 7, 3, 0, 2, 0, 10, 11, 0, 1, 1, 2, 8, 0, 1]);
    // Inlay hint after the unexpanded acronym.
    let h = c
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": range(0, 0, 5, 0) }),
        )
        .unwrap();
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0]["label"], "(managed service provider)");
    assert_eq!(h[0]["position"], json!({ "line": 0, "character": 10 }));
    c.drain(std::time::Duration::from_millis(200));
    assert!(!c
        .queue
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri));
}

#[test]
fn inlay_hints_are_off_by_default() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let uri = uri(&root.join("t.md"));
    c.open(&uri, "markdown", 1, "Our MSP.\n");
    c.diagnostics(&uri, 1);
    let h = c
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": range(0, 0, 5, 0) }),
        )
        .unwrap();
    assert!(h.as_array().unwrap().is_empty());
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn each_folder_uses_its_own_config() {
    let (_dir, root) = workspace();
    for (folder, rule) in [
        ("a", "non-preferred-form"),
        ("b", "acronym-before-definition"),
    ] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(
            root.join(folder).join(".glossary-lsp.toml"),
            format!("[rules]\n{rule} = \"off\"\n"),
        )
        .unwrap();
    }
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let text = "Our MSP uses a value added reseller.\n";
    let a = uri(&root.join("a/x.md"));
    let b = uri(&root.join("b/y.md"));
    let top = uri(&root.join("top.md"));
    c.open(&a, "markdown", 1, text);
    c.open(&b, "markdown", 1, text);
    c.open(&top, "markdown", 1, text);
    assert_eq!(codes(&c.diagnostics(&a, 1)), ["acronym-before-definition"]);
    assert_eq!(codes(&c.diagnostics(&b, 1)), ["non-preferred-form"]);
    assert_eq!(
        codes(&c.diagnostics(&top, 1)),
        ["acronym-before-definition", "non-preferred-form"]
    );
}

#[test]
fn a_nested_config_wins_and_settings_layer_over_both() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "[rules]\nnon-preferred-form = \"error\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("sub/deep")).unwrap();
    std::fs::write(
        root.join("sub/.glossary-lsp.toml"),
        "[rules]\nnon-preferred-form = \"hint\"\n",
    )
    .unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(
        Some(&root),
        caps_utf16(),
        json!({ "rules": { "acronym-before-definition": "off" } }),
    );
    let text = "Our MSP uses a value added reseller.\n";
    let top = uri(&root.join("top.md"));
    let deep = uri(&root.join("sub/deep/n.md"));
    c.open(&top, "markdown", 1, text);
    c.open(&deep, "markdown", 1, text);
    let d = c.diagnostics(&top, 1);
    assert_eq!(codes(&d), ["non-preferred-form"]);
    assert_eq!(d[0]["severity"], 1);
    let d = c.diagnostics(&deep, 1);
    assert_eq!(codes(&d), ["non-preferred-form"]);
    assert_eq!(d[0]["severity"], 4);
}

#[test]
fn a_broken_glossary_keeps_only_its_own_config_on_the_last_good_engine() {
    let (_dir, root) = workspace();
    let good = "[[entry]]\nid = \"deal-registration\"\ncategory = \"Sales\"\ndefinition = \"Deal registration is a program in which a partner registers an opportunity.\"\nforms = [{ text = \"deal registration\", status = \"preferred\" }, { text = \"deal registry\", status = \"deprecated\" }]\n";
    for folder in ["a", "b"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        std::fs::write(root.join(folder).join("team.toml"), good).unwrap();
        std::fs::write(
            root.join(folder).join(".glossary-lsp.toml"),
            "glossaries = [\"team.toml\"]\n",
        )
        .unwrap();
    }
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let text = "Check the deal registry.\n";
    let a = uri(&root.join("a/d.md"));
    let b = uri(&root.join("b/d.md"));
    c.open(&a, "markdown", 1, text);
    c.open(&b, "markdown", 1, text);
    assert_eq!(codes(&c.diagnostics(&a, 1)), ["non-preferred-form"]);
    assert_eq!(codes(&c.diagnostics(&b, 1)), ["non-preferred-form"]);
    // Break a's glossary and rename b's form: a keeps its last good engine, b moves on.
    let team_a = root.join("a/team.toml");
    std::fs::write(&team_a, format!("{good}related = [\"nope\"]\n")).unwrap();
    let team_b = root.join("b/team.toml");
    std::fs::write(&team_b, good.replace("deal registry", "deal reg")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&team_a), "type": 2 }, { "uri": uri(&team_b), "type": 2 }] }),
    );
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&team_a)
    });
    assert!(p["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("nope"));
    assert!(c.diagnostics(&b, 1).is_empty());
    assert!(c.hover(&a, 0, 12)["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("Deal registration"));
    assert!(c.hover(&b, 0, 12).is_null());
}
