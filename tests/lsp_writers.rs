//! The server's side of what writers hit in their editors (issue "ready for writers"), over
//! real JSON-RPC with the real binary:
//!
//! - removing every setting (`{"glossary-lsp": {}}`) restores the defaults;
//! - a client that pulls diagnostics but cannot be told to re-pull (Neovim 0.11) gets pushed
//!   ones, and a `.glossary-lsp.toml` changed on disk re-publishes with no edit even when the
//!   client watches no files;
//! - "fix all safe findings" (`source.fixAll.glossary-lsp`) makes exactly the CLI's `--fix`
//!   edits (a property test over generated documents);
//! - the hover on a finding puts the fix first, then the evidence, then the definition;
//! - "add exception" drops a sentence's first word, says what it would create when asked first
//!   (a dry run, which the VS Code extension turns into a question), says what it created, and
//!   raises no false error;
//! - glossary errors name their location once; the term report is Markdown with links;
//! - completion items are snippets (inserted whole) for clients that take snippets.

mod lsp_support;

use glossary_lsp::cli::check::apply_safe_fixes;
use glossary_lsp::glossary::{load, GlossarySource};
use glossary_lsp::{Engine, Format};
use lsp_support::*;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    c.sort();
    c
}

/// Waits until a publish for `uri` satisfies `pred` (any version); returns its diagnostics.
fn published(c: &mut Client, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && pred(p["diagnostics"].as_array().unwrap())
    });
    p["diagnostics"].as_array().unwrap().clone()
}

fn code_actions(
    c: &mut Client,
    uri: &str,
    range: Value,
    diagnostics: Value,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({ "diagnostics": diagnostics });
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": range, "context": context }),
    )
    .unwrap()
    .as_array()
    .cloned()
    .unwrap_or_default()
}

#[test]
fn removing_every_setting_restores_the_defaults() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let uri = uri(&root.join("a.md"));
    c.open(&uri, "markdown", 1, "We met a Value Added Reseller.\n");
    assert_eq!(codes(&c.diagnostics(&uri, 1)), ["non-preferred-form"]);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-lsp": { "rules": { "non-preferred-form": "off" } } } }),
    );
    published(&mut c, &uri, |d| d.is_empty());
    // What VS Code sends once the user removed the setting: its section, empty.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-lsp": {} } }),
    );
    published(&mut c, &uri, |d| codes(d) == ["non-preferred-form"]);
    // `{}` alone (eglot with nothing configured) keeps what is in force.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-lsp": { "rules": { "non-preferred-form": "off" } } } }),
    );
    published(&mut c, &uri, |d| d.is_empty());
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": {} }),
    );
    c.drain(Duration::from_millis(500));
    assert!(!c
        .queue
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"
            && !m["params"]["diagnostics"].as_array().unwrap().is_empty()));
}

/// Neovim 0.11: pulls diagnostics, has no `workspace/diagnostic/refresh`, and on Linux registers
/// no file watchers. The server pushes, and notices the config file change by itself.
#[test]
fn neovim_gets_pushed_diagnostics_and_config_changes_without_an_edit() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let mut caps = caps_utf16();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": false });
    let init = c
        .request(
            "initialize",
            json!({
                "processId": null, "rootUri": uri(&root), "capabilities": caps,
                "clientInfo": { "name": "Neovim", "version": "0.11.4" },
                "workspaceFolders": [{ "uri": uri(&root), "name": "ws" }],
            }),
        )
        .unwrap();
    c.notify("initialized", json!({}));
    assert!(
        init["capabilities"]["diagnosticProvider"].is_null(),
        "{init}"
    );
    let doc = uri(&root.join("notes.md"));
    c.open(&doc, "markdown", 1, "We met a Value Added Reseller.\n");
    assert_eq!(codes(&c.diagnostics(&doc, 1)), ["non-preferred-form"]);
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "[rules]\nnon-preferred-form = \"off\"\n",
    )
    .unwrap();
    let start = Instant::now();
    published(&mut c, &doc, |d| d.is_empty());
    assert!(start.elapsed() < Duration::from_secs(10));
    std::fs::remove_file(root.join(".glossary-lsp.toml")).unwrap();
    published(&mut c, &doc, |d| codes(d) == ["non-preferred-form"]);
}

#[test]
fn hover_on_a_finding_leads_with_the_fix() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let uri = uri(&root.join("a.md"));
    c.open(
        &uri,
        "markdown",
        1,
        "We also work with a Value Added Reseller.\n",
    );
    c.diagnostics(&uri, 1);
    let md = c.hover(&uri, 0, 22)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    let fix = md
        .find("Fix: replace with \u{201c}value-added reseller\u{201d}")
        .expect(&md);
    let card = md.find("**value-added reseller (VAR)**").expect(&md);
    // The evidence (the finding's note) between the fix and the card, without the definition
    // the card shows.
    let evidence = md
        .find("The glossary lists \u{201c}Value Added Reseller\u{201d} as a discouraged variant")
        .expect(&md);
    assert!(
        md.starts_with("**") && fix < evidence && evidence < card,
        "{md}"
    );
    assert!(!md.contains("Glossary:"), "{md}");
    assert!(!md.contains("confused with"), "{md}");
}

#[test]
fn add_exception_drops_the_sentence_start_and_says_what_it_created() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    // No `savesCreatedFiles`: the server writes the new files itself and says so.
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("a.md"));
    let text = "This Value Added Reseller program grows.\n\nOur MSP team helps.\n";
    c.open(&doc, "markdown", 1, text);
    let diags = c.diagnostics(&doc, 1);
    let titles = |actions: &[Value]| -> Vec<String> {
        actions
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    };
    // The cursor on a flagged word (an empty range, as editors send without a selection): a
    // capitalised sentence's first word ("This", "Our") is no part of a name, so none is left.
    let cursor = |d: &Value| json!({ "start": d["range"]["start"], "end": d["range"]["start"] });
    for line in [0, 2] {
        let d = diags
            .iter()
            .find(|d| d["range"]["start"]["line"] == line)
            .expect("flagged");
        let a = code_actions(&mut c, &doc, cursor(d), json!([d]), None);
        assert!(
            !titles(&a).iter().any(|t| t.contains("exceptions")),
            "{:?}",
            titles(&a)
        );
    }
    // A selected phrase is offered.
    let actions = code_actions(&mut c, &doc, range(0, 5, 0, 33), json!([]), None);
    let add = actions
        .iter()
        .find(|a| {
            a["title"]
                == "Add \u{201c}Value Added Reseller program\u{201d} to the glossary exceptions"
        })
        .unwrap_or_else(|| panic!("{:?}", titles(&actions)));
    // A dry run (what the VS Code extension asks before creating files): nothing written,
    // nothing shown, and the answer says which files would be new.
    let mut dry = add["command"]["arguments"].clone();
    dry[0]["dryRun"] = json!(true);
    let plan = c
        .request(
            "workspace/executeCommand",
            json!({ "command": add["command"]["command"], "arguments": dry }),
        )
        .unwrap();
    assert_eq!(plan["dryRun"], true, "{plan}");
    assert_eq!(plan["applied"], false, "{plan}");
    assert_eq!(plan["created"].as_array().unwrap().len(), 2, "{plan}");
    let told = plan["message"].as_str().unwrap();
    assert!(
        told.starts_with(
            "Adds \u{201c}Value Added Reseller program\u{201d} to the exceptions in team-glossary.toml (new file, in "
        ) && told.contains("; .glossary-lsp.toml (new file, in ")
            && told.ends_with(") will list it."),
        "{plan}"
    );
    assert!(!root.join("team-glossary.toml").exists() && !root.join(".glossary-lsp.toml").exists());
    let r = c
        .request(
            "workspace/executeCommand",
            json!({
            "command": add["command"]["command"], "arguments": add["command"]["arguments"] }),
        )
        .unwrap();
    assert_eq!(r["applied"], true, "{r}");
    assert_eq!(r["viaClient"], false, "{r}");
    assert!(r["errors"].as_array().unwrap().is_empty(), "{r}");
    let team = std::fs::read_to_string(root.join("team-glossary.toml")).unwrap();
    assert!(team.contains("Value Added Reseller program"), "{team}");
    let config = std::fs::read_to_string(root.join(".glossary-lsp.toml")).unwrap();
    assert!(config.contains("team-glossary.toml"), "{config}");
    let said = c.notification("window/showMessage", |p| {
        p["message"].as_str().unwrap().contains("program")
    });
    let said = said["message"].as_str().unwrap();
    assert!(
        said.contains("team-glossary.toml (new file")
            && said.contains(".glossary-lsp.toml (new file"),
        "{said}"
    );
    assert!(
        said.starts_with("glossary-lsp: added \u{201c}Value Added Reseller program\u{201d}"),
        "{said}"
    );
    published(&mut c, &doc, |d| {
        d.iter().all(|d| d["range"]["start"]["line"] != 0)
    });
    c.drain(Duration::from_millis(1500));
    assert!(
        !c.queue
            .iter()
            .any(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 1),
        "an error was shown: {:#?}",
        c.queue
    );
}

/// An editor that saves what it creates gets the files as an edit; when it does not apply it,
/// the server writes them, and says so either way.
#[test]
fn add_exception_through_an_editor_that_saves_new_files() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let mut caps = caps_utf16();
    caps["experimental"] = json!({ "glossaryLsp": { "savesCreatedFiles": true } });
    c.initialize(Some(&root), caps, Value::Null);
    c.apply_edit_result = json!({ "applied": false, "failureReason": "test" });
    let r = c
        .request(
            "workspace/executeCommand",
            json!({
            "command": "glossary-lsp.addException", "arguments": ["Acme VAR Program"] }),
        )
        .unwrap();
    assert_eq!(r["applied"], true, "{r}");
    assert_eq!(r["viaClient"], false, "{r}");
    let edit = c
        .server_requests
        .iter()
        .find(|m| m["method"] == "workspace/applyEdit")
        .unwrap();
    let creates = edit["params"]["edit"]["documentChanges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "create")
        .count();
    assert_eq!(creates, 2, "{edit}");
    let team = std::fs::read_to_string(root.join("team-glossary.toml")).unwrap();
    assert!(team.contains("Acme VAR Program"), "{team}");
    let created: Vec<&str> = r["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(created.len(), 2, "{r}");
}

#[test]
fn a_glossary_error_names_its_location_once() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join(".glossary-lsp.toml"),
        "glossaries = [\"team.toml\"]\n",
    )
    .unwrap();
    std::fs::write(root.join("team.toml"), "schema = 1\n[[entry]]\nid = \n").unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let m = c.notification("window/showMessage", |p| p["type"] == 1);
    let msg = m["message"].as_str().unwrap();
    let place = root.join("team.toml").display().to_string();
    assert_eq!(msg.matches(&place).count(), 1, "{msg}");
    let d = published(&mut c, &uri(&root.join("team.toml")), |d| !d.is_empty());
    assert!(!d[0]["message"].as_str().unwrap().contains(&place), "{d:?}");
}

#[test]
fn term_report_is_markdown_with_links_and_a_title() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("proposal.md"));
    c.open(
        &doc,
        "markdown",
        1,
        "# Plan\n\nOur VAR network grows.\nA Value Added Reseller joins.\n",
    );
    c.diagnostics(&doc, 1);
    let r = c
        .request(
            "workspace/executeCommand",
            json!({
            "command": "glossary-lsp.termReport", "arguments": [{ "uri": doc }] }),
        )
        .unwrap();
    assert_eq!(r["title"], "Term report: proposal.md");
    let md = r["markdown"].as_str().unwrap();
    assert!(md.starts_with("# Term report: proposal.md\n"), "{md}");
    assert!(
        md.contains(&format!("[Line 4, column 3]({doc}#L4,3)")),
        "{md}"
    );
    assert!(md.contains("| value-added reseller (VAR) |"), "{md}");
}

#[test]
fn completion_items_are_whole_snippets_for_snippet_clients() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let mut caps = caps_utf16();
    caps["textDocument"]["completion"] = json!({ "completionItem": { "snippetSupport": true } });
    c.initialize(Some(&root), caps, Value::Null);
    let doc = uri(&root.join("a.md"));
    c.open(&doc, "markdown", 1, "Ask your val\n");
    c.diagnostics(&doc, 1);
    let items = c.completion(&doc, 0, 12);
    let item = items
        .iter()
        .find(|i| i["label"] == "value-added reseller")
        .expect("offered");
    assert_eq!(item["insertTextFormat"], 2, "{item}");
    assert_eq!(item["textEdit"]["newText"], "value-added reseller");
}

/// Documents made of term forms (preferred, discouraged, Title Case, acronyms), filler words,
/// punctuation, line breaks and multi-byte text.
fn document() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Value Added Reseller",
        "value added reseller",
        "value-added reseller",
        "system integrator",
        "systems integrator",
        "VAR",
        "MSP",
        "managed service provider",
        "resellers",
        "Reseller",
        "distributor",
        "referral partner",
        "we",
        "sell",
        "integration",
        "and",
        "the",
        ".",
        ",",
        "\n",
        "\n\n",
        "😀",
        "café",
        "**bold**",
        "`code`",
        "- ",
    ]);
    prop::collection::vec(pieces, 1..30).prop_map(|v| v.join(" "))
}

fn fix_all_config() -> ProptestConfig {
    ProptestConfig {
        cases: 24,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(0x6669_7861_6c6c),
        ..ProptestConfig::default()
    }
}

/// "Fix all safe findings" edits, applied as an editor applies them, give exactly what
/// `glossary-lsp check --fix` writes for the same text (`apply_safe_fixes` over the engine's
/// findings), on one server through many documents.
#[test]
fn fix_all_matches_the_cli_fix() {
    let (_dir, root) = workspace();
    let mut client = Client::spawn(&root);
    client.initialize(Some(&root), caps_utf16(), Value::Null);
    let client = std::cell::RefCell::new(client);
    let engine = Engine::new(
        load(&[GlossarySource::Builtin]).unwrap(),
        Default::default(),
    );
    let n = std::cell::Cell::new(0);
    let mut runner = proptest::test_runner::TestRunner::new(fix_all_config());
    runner
        .run(&document(), |text| {
            let c = &mut *client.borrow_mut();
            n.set(n.get() + 1);
            let doc = uri(&root.join(format!("doc{}.md", n.get())));
            c.open(&doc, "markdown", 1, &text);
            c.diagnostics(&doc, 1);
            let (expected, _) =
                apply_safe_fixes(&text, &engine.analyze(&text, Format::Markdown).findings);
            let actions = code_actions(
                c,
                &doc,
                range(0, 0, 0, 0),
                json!([]),
                Some(&["source.fixAll"]),
            );
            let got = match actions.first() {
                Some(a) => {
                    prop_assert_eq!(a["kind"].as_str(), Some("source.fixAll.glossary-lsp"));
                    apply_edits(&text, a["edit"]["changes"][&doc].as_array().unwrap(), false)
                }
                None => text.clone(),
            };
            prop_assert_eq!(got, expected);
            c.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": doc } }),
            );
            Ok(())
        })
        .unwrap();
}

/// VS Code pulls diagnostics and says it handles `workspace/diagnostic/refresh` (spelt
/// `workspace.diagnostics`, as the spec has it): a settings change must ask it to pull again,
/// or it keeps showing findings of rules the user just turned off.
#[test]
fn a_pulling_client_is_asked_to_pull_again_after_a_settings_change() {
    let (_dir, root) = workspace();
    let mut c = Client::spawn(&root);
    let mut caps = caps_utf16();
    caps["textDocument"]["diagnostic"] = json!({ "dynamicRegistration": false });
    caps["workspace"]["diagnostics"] = json!({ "refreshSupport": true });
    let init = c.initialize(Some(&root), caps, Value::Null);
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "glossary-lsp"
    );
    let doc = uri(&root.join("a.md"));
    c.open(&doc, "markdown", 1, "We met a Value Added Reseller.\n");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "glossary-lsp": { "rules": { "non-preferred-form": "off" } } } }),
    );
    let start = Instant::now();
    while !c
        .server_requests
        .iter()
        .any(|m| m["method"] == "workspace/diagnostic/refresh")
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no refresh: {:#?}",
            c.server_requests
        );
        c.drain(Duration::from_millis(100));
    }
    let r = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": doc } }),
        )
        .unwrap();
    assert_eq!(r["items"], json!([]), "{r}");
}
