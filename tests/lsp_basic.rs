//! The language server over stdio: lifecycle, sync, diagnostics, hover, completion, code
//! actions and commands, driven through the real binary.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};

const DOC: &str = "We sell through a value added reseller in Ohio.\n\nOur MSP tier is new.\n\nOur resellers handle integration, customization and training.\n";

fn start() -> (Client, tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    (c, dir, root)
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn lifecycle_capabilities_and_exit_code() {
    let (dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let init = c.initialize(Some(&root), caps_utf16(), Value::Null);
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    for key in [
        "hoverProvider",
        "completionProvider",
        "codeActionProvider",
        "definitionProvider",
        "referencesProvider",
        "documentHighlightProvider",
        "workspaceSymbolProvider",
        "semanticTokensProvider",
        "inlayHintProvider",
        "executeCommandProvider",
    ] {
        assert!(!caps[key].is_null(), "missing {key}");
    }
    assert!(
        caps["diagnosticProvider"].is_null(),
        "push only unless the client pulls"
    );
    assert_eq!(c.shutdown(), 0);
    drop(dir);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    c.notify("exit", Value::Null);
    // Wait for the process to end by reading until its output closes.
    let code = {
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            match c.try_exit_code() {
                Some(code) => break code,
                None => {
                    assert!(std::time::Instant::now() < deadline);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
            }
        }
    };
    assert_eq!(code, 1);
}

#[test]
fn diagnostics_pushed_with_versions_codes_and_data() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("guide.md"));
    c.open(&uri, "markdown", 1, DOC);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diags),
        [
            "non-preferred-form",
            "acronym-before-definition",
            "context-misuse"
        ]
    );
    let d = &diags[0];
    assert_eq!(d["source"], "glossary-lsp");
    assert_eq!(d["severity"], 2);
    assert_eq!(d["range"], range(0, 18, 0, 38));
    assert_eq!(d["data"]["suggestions"], json!(["value-added reseller"]));
    assert_eq!(d["data"]["term"], "value-added-reseller");
    assert_eq!(d["data"]["text"], "value added reseller");
    assert_eq!(diags[1]["severity"], 3, "acronym-before-definition is info");
    // An edit that fixes the first finding: version 2 has two findings left.
    c.change(&uri, 2, range(0, 18, 0, 38), "value-added reseller");
    let diags = c.diagnostics(&uri, 2);
    assert_eq!(
        codes(&diags),
        ["acronym-before-definition", "context-misuse"]
    );
    // Close: diagnostics cleared.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"].as_array().unwrap().is_empty()
    });
    assert!(p["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn rapid_changes_publish_the_latest_version_last() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("fast.md"));
    c.open(&uri, "markdown", 1, "");
    c.diagnostics(&uri, 1);
    let mut text = String::new();
    for (i, ch) in "Our value added reseller.".chars().enumerate() {
        let (l, col) = position_of(&text, text.len(), false);
        c.change(&uri, i as i64 + 2, range(l, col, l, col), &ch.to_string());
        text.push(ch);
    }
    let last = "Our value added reseller.".chars().count() as i64 + 1;
    let diags = c.diagnostics(&uri, last);
    assert_eq!(codes(&diags), ["non-preferred-form"]);
    // Nothing older arrives after the latest version.
    c.drain(std::time::Duration::from_millis(300));
    assert!(!c
        .queue
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["version"].as_i64().unwrap_or(0) > last));
    assert_eq!(c.text_of(&uri), (text, last));
}

#[test]
fn hover_on_every_form() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("h.md"));
    let text = "VARs and the MSP's team.\nA value-added\nreseller works with resellers.\n\n`VAR` in code.\n";
    c.open(&uri, "markdown", 1, text);
    c.diagnostics(&uri, 1);
    let h = c.hover(&uri, 0, 1);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with("**value-added reseller (VAR)**"), "{md}");
    assert!(md.contains("Partner Types"));
    assert!(md.contains("Often confused with"), "{md}");
    assert!(md.contains("**Related:**"), "{md}");
    assert_eq!(h["range"], range(0, 0, 0, 4));
    assert_eq!(h["contents"]["kind"], "markdown");
    // Possessive acronym.
    let h = c.hover(&uri, 0, 14);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("managed service provider (MSP)"));
    assert_eq!(h["range"], range(0, 13, 0, 18));
    // A term broken across a line: the range spans both lines.
    let h = c.hover(&uri, 2, 3);
    assert_eq!(h["range"], range(1, 2, 2, 8));
    // A plural.
    let h = c.hover(&uri, 2, 25);
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**reseller**"));
    // Not a term; inside code.
    assert!(c.hover(&uri, 0, 6).is_null());
    assert!(c.hover(&uri, 4, 2).is_null());
}

#[test]
fn hover_on_a_stale_analysis_uses_the_window() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("w.md"));
    c.open(&uri, "markdown", 1, "Intro.\n\nNothing here.\n");
    c.diagnostics(&uri, 1);
    // Change and hover at once, before the new analysis can be published.
    c.change(&uri, 2, range(2, 0, 2, 7), "Our VAR");
    let h = c.hover(&uri, 2, 5);
    assert_eq!(h["range"], range(2, 4, 2, 7));
    assert!(h["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("value-added reseller"));
}

#[test]
fn utf16_positions_after_emoji_and_crlf() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("e.md"));
    let text = "Partners 😀👍 use a value added reseller.\r\nSecond 中文 line with a system integrator.\r\n";
    c.open(&uri, "markdown", 1, text);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    // "value added reseller" starts after two emoji (4 UTF-16 units).
    let start = text.find("value").unwrap();
    let (l, col) = position_of(text, start, false);
    // "Partners " (9) + two emoji (2 × 2 units) + " use a " (7).
    assert_eq!((l, col), (0, 20));
    assert_eq!(diags[0]["range"], range(0, 20, 0, 40));
    let start = text.find("system").unwrap();
    assert_eq!(position_of(text, start, false), (1, 22));
    assert_eq!(diags[1]["range"], range(1, 22, 1, 39));
    // Hover in the second CRLF line; a quick fix applied by the client keeps the text intact.
    let h = c.hover(&uri, 1, 30);
    assert_eq!(h["range"], range(1, 22, 1, 39));
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diags[1]["range"],
                    "context": { "diagnostics": [diags[1]] } }),
        )
        .unwrap();
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["isPreferred"] == true)
        .expect("a preferred quick fix");
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply_edits(text, edits, false);
    assert_eq!(
        fixed,
        "Partners 😀👍 use a value added reseller.\r\nSecond 中文 line with a systems integrator.\r\n"
    );
}

#[test]
fn utf8_negotiated() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let init = c.initialize(Some(&root), caps_utf8(), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = uri(&root.join("u.txt"));
    let text = "😀 中文 a value added reseller.\n";
    c.open(&uri, "plaintext", 1, text);
    let diags = c.diagnostics(&uri, 1);
    let start = text.find("value").unwrap() as u32;
    assert_eq!(diags[0]["range"], range(0, start, 0, start + 20));
    let h = c.hover(&uri, 0, start + 3);
    assert_eq!(h["range"], range(0, start, 0, start + 20));
    // An edit in UTF-8 units right after the emoji.
    c.change(&uri, 2, range(0, 4, 0, 4), "!");
    assert_eq!(c.text_of(&uri).0, "😀! 中文 a value added reseller.\n");
}

#[test]
fn completion_from_prefix() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("c.md"));
    let text = "---\ntitle: va\n---\n\nOur va\n\nVA\n\n```\nva\n```\n\nSee [x](va) and `va`.\n\nWe use a value-added reseller (VAR). The va\n";
    c.open(&uri, "markdown", 1, text);
    c.diagnostics(&uri, 1);
    let labels = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let items = c.completion(&uri, 4, 6);
    let l = labels(&items);
    assert!(l.contains(&"value-added reseller".to_string()), "{l:?}");
    assert!(l.contains(&"VAR".to_string()), "{l:?}");
    assert!(
        l.contains(&"value-added reseller (VAR)".to_string()),
        "first use: {l:?}"
    );
    let var = items
        .iter()
        .find(|i| i["label"] == "value-added reseller")
        .unwrap();
    assert_eq!(var["detail"], "Partner Types");
    assert!(var["documentation"]["value"]
        .as_str()
        .unwrap()
        .contains("value-added reseller"));
    assert_eq!(var["textEdit"]["range"], range(4, 4, 4, 6));
    // At a sentence start the full form is capitalised.
    let l = labels(&c.completion(&uri, 6, 2));
    assert!(l.contains(&"Value-added reseller".to_string()), "{l:?}");
    assert!(l.contains(&"VAR".to_string()), "{l:?}");
    // Nothing in front matter, code, link destinations or inline code.
    assert!(c.completion(&uri, 1, 9).is_empty());
    assert!(c.completion(&uri, 9, 2).is_empty());
    assert!(c.completion(&uri, 12, 10).is_empty());
    assert!(c.completion(&uri, 12, 19).is_empty());
    // After the acronym is defined, no expanded form.
    let l = labels(&c.completion(&uri, 14, 43));
    assert!(l.contains(&"value-added reseller".to_string()), "{l:?}");
    assert!(
        !l.contains(&"value-added reseller (VAR)".to_string()),
        "{l:?}"
    );
}

/// "Disable on this line" in a table row puts the comment inside the row's last cell, so the
/// table keeps its rows, and the finding goes away.
#[test]
fn disable_action_keeps_a_table_row() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("t.md"));
    let text =
        "| Partner | Kind |\n|---|---|\n| Acme | value added reseller |\n| Bolt | distributor |\n";
    c.open(&uri, "markdown", 1, text);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diags[0]["range"],
                    "context": { "diagnostics": diags } }),
        )
        .unwrap();
    let disable = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Disable "))
        .expect("a disable action");
    let disabled = apply_edits(
        text,
        disable["edit"]["changes"][&uri].as_array().unwrap(),
        false,
    );
    assert_eq!(
        disabled,
        "| Partner | Kind |\n|---|---|\n| Acme | value added reseller <!-- glossary-lsp-disable-line non-preferred-form --> |\n| Bolt | distributor |\n"
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": disabled }] }),
    );
    assert!(c.diagnostics(&uri, 2).is_empty());
}

/// A suppression comment naming no rule gets a warning on the name, and the nearest rule name
/// as its quick fix.
#[test]
fn unknown_rule_in_a_suppression_comment_is_diagnosed() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("u.md"));
    let text = "A distributor. <!-- glossary-lsp-disable-line contex-misuse -->\n";
    c.open(&uri, "markdown", 1, text);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "unknown-rule");
    assert_eq!(diags[0]["range"], range(0, 46, 0, 59));
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `context-misuse`?"));
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diags[0]["range"],
                    "context": { "diagnostics": diags } }),
        )
        .unwrap();
    let actions = actions.as_array().unwrap();
    assert!(
        !actions
            .iter()
            .any(|a| a["title"].as_str().unwrap().starts_with("Disable")),
        "{actions:?}"
    );
    let replace = actions
        .iter()
        .find(|a| a["title"] == "Replace with \u{201c}context-misuse\u{201d}")
        .expect("the nearest rule name offered");
    let fixed = apply_edits(
        text,
        replace["edit"]["changes"][&uri].as_array().unwrap(),
        false,
    );
    assert_eq!(
        fixed,
        "A distributor. <!-- glossary-lsp-disable-line context-misuse -->\n"
    );
}

#[test]
fn code_actions_quick_fix_and_disable_comment() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("q.md"));
    let text = "# Guide\n\n  - We sell through a value added reseller.\n";
    c.open(&uri, "markdown", 1, text);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(diags.len(), 1);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diags[0]["range"],
                    "context": { "diagnostics": diags } }),
        )
        .unwrap();
    let actions = actions.as_array().unwrap();
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply_edits(
        text,
        fix["edit"]["changes"][&uri].as_array().unwrap(),
        false,
    );
    assert_eq!(
        fixed,
        "# Guide\n\n  - We sell through a value-added reseller.\n"
    );
    let disable = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Disable non-preferred-form")
        })
        .expect("a disable action");
    let disabled = apply_edits(
        text,
        disable["edit"]["changes"][&uri].as_array().unwrap(),
        false,
    );
    assert_eq!(
        disabled,
        "# Guide\n\n  - We sell through a value added reseller. <!-- glossary-lsp-disable-line non-preferred-form -->\n"
    );
    // Applying the disable comment silences the finding.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": disabled }] }),
    );
    assert!(c.diagnostics(&uri, 2).is_empty());
    // Without diagnostics in the context, the server finds them itself (Neovim-style).
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": text }] }),
    );
    c.diagnostics(&uri, 3);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range(2, 30, 2, 30),
                    "context": { "diagnostics": [] } }),
        )
        .unwrap();
    assert!(actions
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["isPreferred"] == true));
}

#[test]
fn stale_diagnostic_gets_no_fix() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("s.md"));
    let text = "A value added reseller.\n";
    c.open(&uri, "markdown", 1, text);
    let diags = c.diagnostics(&uri, 1);
    c.change(&uri, 2, range(0, 0, 0, 7), "XXXXXXX");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diags[0]["range"],
                    "context": { "diagnostics": diags } }),
        )
        .unwrap();
    assert!(!actions
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["title"].as_str().unwrap().starts_with("Replace")));
}

#[test]
fn define_acronym_action_and_term_report() {
    let (mut c, _d, root) = start();
    let uri = uri(&root.join("r.md"));
    let text = "Our QBR with the value-added reseller (VAR) and two VARs.\n";
    c.open(&uri, "markdown", 1, text);
    c.diagnostics(&uri, 1);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range(0, 5, 0, 5),
                    "context": { "diagnostics": [] } }),
        )
        .unwrap();
    let define = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["command"]["command"] == "glossary-lsp.addTerm")
        .expect("define action");
    assert_eq!(define["command"]["arguments"][0]["term"], "QBR");
    // Not for a glossary acronym.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range(0, 40, 0, 40),
                    "context": { "diagnostics": [] } }),
        )
        .unwrap();
    assert!(!actions
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["command"]["command"] == "glossary-lsp.addTerm"));
    // A selection can become an exception phrase.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": range(0, 4, 0, 7),
                    "context": { "diagnostics": [] } }),
        )
        .unwrap();
    let exception = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["command"]["command"] == "glossary-lsp.addException")
        .expect("an exception action for the selection");
    assert_eq!(exception["command"]["arguments"][0]["phrase"], "QBR");
    let report = c
        .request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.termReport", "arguments": [uri] }),
        )
        .unwrap();
    assert_eq!(report["version"], 1);
    let terms = report["terms"].as_array().unwrap();
    assert_eq!(terms[0]["id"], "value-added-reseller");
    assert_eq!(terms[0]["count"], 3);
    assert_eq!(terms[0]["forms"]["VARs"], 1);
    assert!(report["findings"].as_array().unwrap().is_empty());
}

#[test]
fn languages_are_configurable() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(
        Some(&root),
        caps_utf16(),
        json!({ "languages": ["markdown"] }),
    );
    let txt = uri(&root.join("a.txt"));
    let md = uri(&root.join("a.md"));
    c.open(&txt, "plaintext", 1, "A value added reseller.\n");
    c.open(&md, "markdown", 1, "A value added reseller.\n");
    assert_eq!(c.diagnostics(&md, 1).len(), 1);
    assert!(c.hover(&txt, 0, 4).is_null());
    assert!(!c.queue.iter().any(|m| m["params"]["uri"] == txt));
    // Neovim's "text" is on by default.
    let (_dir2, root2) = workspace();
    let mut c = Client::spawn(&root2);
    c.initialize(Some(&root2), caps_utf16(), Value::Null);
    let t = uri(&root2.join("b.txt"));
    c.open(&t, "text", 1, "A value added reseller.\n");
    assert_eq!(c.diagnostics(&t, 1).len(), 1);
}
