//! Server commands and server-to-client requests that must not overreach, over the real
//! binary's stdio: team-glossary commands write only inside the workspace, only glossary and
//! config files, and refuse duplicates with a message; refresh requests go only to clients
//! that support them; a code action with a reversed range is answered, not a crash.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::path::Path;

/// Runs a team-glossary command; the error object when refused.
fn command(c: &mut Client, name: &str, arg: &str) -> Result<Value, Value> {
    c.request(
        "workspace/executeCommand",
        json!({ "command": format!("glossary-lsp.{name}"), "arguments": [arg] }),
    )
}

/// The message of a refusal, checked to be an invalid-params error.
fn refusal(r: Result<Value, Value>) -> String {
    let e = r.expect_err("the command is refused");
    assert_eq!(e["code"], -32602, "{e}");
    e["message"].as_str().unwrap().to_string()
}

/// `glossary-lsp check` on `dir`: its exit code.
fn check_exit_code(dir: &Path) -> i32 {
    std::process::Command::new(env!("CARGO_BIN_EXE_glossary-lsp"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap()
}

#[test]
fn commands_write_only_inside_the_workspace() {
    let (_dir, base) = workspace();
    let ws = base.join("ws");
    std::fs::create_dir(&ws).unwrap();
    let outside = base.join("outside.toml");
    // A config naming a glossary outside the workspace.
    std::fs::write(
        ws.join(".glossary-lsp.toml"),
        "glossaries = [\"../outside.toml\"]\n",
    )
    .unwrap();
    std::fs::write(&outside, "schema = 1\n").unwrap();
    let mut c = Client::spawn(&ws);
    c.initialize(Some(&ws), json!({}), Value::Null);
    let msg = refusal(command(&mut c, "addException", "Contoso Reseller Program"));
    assert!(msg.contains("outside the workspace"), "{msg}");
    let msg = refusal(command(&mut c, "addTerm", "QBR"));
    assert!(msg.contains("outside the workspace"), "{msg}");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "schema = 1\n");
    // A link inside the workspace to a file outside is outside too.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, ws.join("team.toml")).unwrap();
        std::fs::write(
            ws.join(".glossary-lsp.toml"),
            "glossaries = [\"team.toml\"]\n",
        )
        .unwrap();
        c.request(
            "workspace/executeCommand",
            json!({ "command": "glossary-lsp.reload" }),
        )
        .unwrap();
        let msg = refusal(command(&mut c, "addTerm", "QBR"));
        assert!(msg.contains("outside the workspace"), "{msg}");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "schema = 1\n");
    }
    // Nothing was created outside the workspace.
    let names: Vec<_> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_broken_or_foreign_glossary_is_not_edited() {
    let (_dir, ws) = workspace();
    // The config names a file that is not a glossary: the server reports it broken and must
    // not then edit it.
    let notes = "This is not TOML at all: [[[\n";
    std::fs::write(ws.join("notes.toml"), notes).unwrap();
    std::fs::write(
        ws.join(".glossary-lsp.toml"),
        "glossaries = [\"notes.toml\"]\n",
    )
    .unwrap();
    let mut c = Client::spawn(&ws);
    c.initialize(Some(&ws), json!({}), Value::Null);
    let msg = refusal(command(&mut c, "addException", "Contoso Reseller Program"));
    assert!(msg.contains("errors"), "{msg}");
    let msg = refusal(command(&mut c, "addTerm", "QBR"));
    assert!(msg.contains("errors"), "{msg}");
    assert_eq!(
        std::fs::read_to_string(ws.join("notes.toml")).unwrap(),
        notes
    );
}

#[test]
fn duplicates_and_conflicts_are_refused_with_a_message() {
    let (_dir, ws) = workspace();
    std::fs::write(ws.join(".glossary-lsp.toml"), "glossaries = [\"g.toml\"]\n").unwrap();
    std::fs::write(ws.join("g.toml"), "schema = 1\n").unwrap();
    let mut c = Client::spawn(&ws);
    // No workspace-edit support: the server writes the files itself.
    c.initialize(Some(&ws), json!({}), Value::Null);
    // A term the built-in glossary defines.
    let msg = refusal(command(&mut c, "addTerm", "VAR"));
    assert!(msg.contains("already defined"), "{msg}");
    // Twice the same new term: once only.
    let r = command(&mut c, "addTerm", "QBR").unwrap();
    assert_eq!(r["applied"], true, "{r}");
    let msg = refusal(command(&mut c, "addTerm", "QBR"));
    assert!(msg.contains("already defined"), "{msg}");
    // Twice the same exception: once only.
    let r = command(&mut c, "addException", "Contoso Reseller Program").unwrap();
    assert_eq!(r["applied"], true, "{r}");
    let msg = refusal(command(&mut c, "addException", "Contoso Reseller Program"));
    assert!(msg.contains("already in the exceptions"), "{msg}");
    let g = std::fs::read_to_string(ws.join("g.toml")).unwrap();
    assert_eq!(g.matches("id = \"qbr\"").count(), 1, "{g}");
    assert_eq!(g.matches("Contoso Reseller Program").count(), 1, "{g}");
    // The glossary still loads: `check` finds no configuration error (exit 2).
    std::fs::write(ws.join("doc.md"), "Our QBR.\n").unwrap();
    assert_ne!(check_exit_code(&ws), 2);
}

#[test]
fn refresh_requests_only_to_clients_that_support_them() {
    let refreshes = |c: &Client| -> Vec<String> {
        c.server_requests
            .iter()
            .filter_map(|m| m["method"].as_str())
            .filter(|m| m.ends_with("/refresh"))
            .map(str::to_string)
            .collect()
    };
    let (_dir, ws) = workspace();
    // A client that pulls diagnostics but declares no refresh support.
    let mut caps = caps_utf16();
    caps["textDocument"]["diagnostic"] = json!({});
    let mut c = Client::spawn(&ws);
    c.initialize(Some(&ws), caps.clone(), Value::Null);
    let settings = json!({ "settings": { "glossary-lsp": { "inlayHints": true } } });
    c.notify("workspace/didChangeConfiguration", settings.clone());
    c.request(
        "workspace/executeCommand",
        json!({ "command": "glossary-lsp.reload" }),
    )
    .unwrap();
    c.drain(std::time::Duration::from_millis(500));
    assert!(refreshes(&c).is_empty(), "{:?}", refreshes(&c));
    // One that declares all three gets all three.
    caps["workspace"]["diagnostic"] = json!({ "refreshSupport": true });
    caps["workspace"]["semanticTokens"] = json!({ "refreshSupport": true });
    caps["workspace"]["inlayHint"] = json!({ "refreshSupport": true });
    let mut c = Client::spawn(&ws);
    c.initialize(Some(&ws), caps, Value::Null);
    c.notify("workspace/didChangeConfiguration", settings);
    c.request(
        "workspace/executeCommand",
        json!({ "command": "glossary-lsp.reload" }),
    )
    .unwrap();
    c.drain(std::time::Duration::from_millis(500));
    let got = refreshes(&c);
    for m in [
        "workspace/diagnostic/refresh",
        "workspace/semanticTokens/refresh",
        "workspace/inlayHint/refresh",
    ] {
        assert!(got.iter().any(|g| g == m), "{m} missing: {got:?}");
    }
}

#[test]
fn a_code_action_with_a_reversed_range_is_answered() {
    let (_dir, ws) = workspace();
    let mut c = Client::spawn(&ws);
    c.initialize(Some(&ws), caps_utf16(), Value::Null);
    let doc = uri(&ws.join("a.md"));
    c.open(
        &doc,
        "markdown",
        1,
        "Our VAR and a value added reseller.\nNext line.\n",
    );
    let diags = c.diagnostics(&doc, 1);
    let mut reversed = diags[0].clone();
    let (start, end) = (
        reversed["range"]["start"].clone(),
        reversed["range"]["end"].clone(),
    );
    reversed["range"] = json!({ "start": end, "end": start });
    let mut far = diags[0].clone();
    far["range"] = range(1, 5, 0, 2);
    for (r, d) in [(range(0, 30, 0, 4), reversed), (range(1, 9, 0, 0), far)] {
        let actions = c
            .request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": doc }, "range": r,
                        "context": { "diagnostics": [d] } }),
            )
            .expect("answered");
        assert!(actions.is_array(), "{actions}");
    }
    // A reversed request range reads as the same span: the selection is offered as an
    // exception phrase.
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": doc }, "range": range(0, 7, 0, 4),
                    "context": { "diagnostics": [] } }),
        )
        .unwrap();
    assert!(
        actions
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"].as_str().unwrap().contains("\u{201c}VAR\u{201d}")),
        "{actions}"
    );
    assert_eq!(c.shutdown(), 0);
}
