//! The transport under hostile framing, over the real binary's stdio: every bad
//! `Content-Length`, garbage and over-long headers, messages past the limits, deep nesting,
//! `shutdown`/`exit` with `"params": null` in large messages, and lone surrogate escapes. After
//! each, the bad message gets an error reply (or a log line) and the next request is answered.

mod lsp_support;

use lsp_support::*;
use serde_json::{json, Value};
use std::time::Duration;

fn start_with(env: &[(&str, &str)]) -> (Client, tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = workspace();
    let mut c = Client::spawn_with_env(&root, env);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    (c, dir, root)
}

/// A request body with id `id` (a hover on a document that is not open: answered `null`).
fn hover_body(id: i64) -> String {
    json!({
        "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///nowhere.md" },
                    "position": { "line": 0, "character": 0 } }
    })
    .to_string()
}

/// Sends a good request and checks it is answered: the stream is in step.
fn in_step(c: &mut Client) {
    let id = c.fresh_id();
    c.send_body(hover_body(id).as_bytes());
    assert_eq!(c.response(id), Ok(Value::Null));
}

/// The error reply to a bad message (any id).
fn error_reply(c: &mut Client, code: i64, words: &str) -> Value {
    let e = c.wait_for(|m| {
        m["error"]["code"] == code
            && m["error"]["message"]
                .as_str()
                .is_some_and(|t| t.contains(words))
    });
    e
}

#[test]
fn no_bad_content_length_desyncs_the_stream() {
    let (mut c, _d, _root) = start_with(&[]);
    // Missing, invalid and negative lengths: the body that follows is unreadable; the framer
    // skips to the next header. The good request after each must be answered.
    for header in [
        "Content-Type: text/plain",
        "Content-Length: twelve",
        "Content-Length: -5",
    ] {
        let bad_id = c.fresh_id();
        let body = hover_body(bad_id);
        c.send_raw(format!("{header}\r\n\r\n{body}").as_bytes());
        let e = error_reply(&mut c, -32700, "Content-Length");
        assert_eq!(e["id"], Value::Null, "{header}");
        in_step(&mut c);
    }
    // Too small: the cut body fails to parse (one reply); its tail is skipped silently.
    let bad_id = c.fresh_id();
    let body = hover_body(bad_id);
    c.send_raw(format!("Content-Length: 20\r\n\r\n{body}").as_bytes());
    error_reply(&mut c, -32700, "Parse error");
    in_step(&mut c);
    // Too large, followed by a good request: the good one is answered, the bad one gets an
    // error with its own id.
    let bad_id = c.fresh_id();
    let body = hover_body(bad_id);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 500).as_bytes());
    in_step(&mut c);
    let e = error_reply(&mut c, -32700, "larger than the message");
    assert_eq!(e["id"], bad_id);
    // Too large, and nothing follows: after a short silence the complete JSON value is taken
    // as the message it is, reported, and the session goes on.
    let bad_id = c.fresh_id();
    let body = hover_body(bad_id);
    c.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 9).as_bytes());
    let e = error_reply(&mut c, -32700, "larger than the message");
    assert_eq!(e["id"], bad_id);
    in_step(&mut c);
    // Garbage without any newline between messages.
    c.send_raw(b"\x00\x01 this is not a header {\"id\": 3}");
    in_step(&mut c);
    assert!(c.stderr().contains("skipped"), "{}", c.stderr());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn headers_and_bodies_are_bounded() {
    let (mut c, _d, _root) = start_with(&[("GLOSSARY_LSP_MAX_MESSAGE_BYTES", "4096")]);
    let before = c.rss();
    // 64 MB of a header line that never ends: refused at the header limit, not buffered.
    let chunk = vec![b'x'; 1 << 20];
    c.send_raw(b"X-Header: ");
    for _ in 0..64 {
        c.send_raw(&chunk);
    }
    c.send_raw(b"\r\n\r\n");
    error_reply(&mut c, -32700, "header longer than");
    in_step(&mut c);
    let grown = c.rss().saturating_sub(before);
    assert!(grown < 32 << 20, "the server grew by {grown} bytes");
    // A body over the configured limit is refused, the next message read.
    let big = json!({ "jsonrpc": "2.0", "id": 99, "method": "textDocument/hover",
                      "params": { "pad": "y".repeat(10_000) } })
    .to_string();
    c.send_body(big.as_bytes());
    error_reply(&mut c, -32600, "GLOSSARY_LSP_MAX_MESSAGE_BYTES");
    in_step(&mut c);
    assert_eq!(c.shutdown(), 0);
}

/// `depth` nested arrays under `params.deep`, padded to about `pad` bytes.
fn deep_request(id: i64, depth: usize, pad: usize) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{"pad":"{}","deep":{}{}}}}}"#,
        "p".repeat(pad),
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

#[test]
fn deep_nesting_is_refused_not_fatal() {
    let (mut c, _d, root) = start_with(&[]);
    for (depth, pad) in [(200, 2 << 20), (130, 1 << 20), (300, 10)] {
        let id = c.fresh_id();
        c.send_body(deep_request(id, depth, pad).as_bytes());
        let e = c.response(id).unwrap_err();
        assert_eq!(e["code"], -32600, "{e}");
        assert!(
            e["message"].as_str().unwrap().contains("levels deep"),
            "{e}"
        );
        in_step(&mut c);
    }
    // A deep didOpen (a notification): logged, and the server goes on.
    let uri = uri(&root.join("deep.md"));
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"markdown","version":1,"text":"{}"}},"x":{}{}}}}}"#,
        "Our VAR. ".repeat(150_000),
        "{\"a\":".repeat(500),
        "}".repeat(500)
    );
    c.send_body(open.as_bytes());
    in_step(&mut c);
    assert!(c.stderr().contains("levels deep"), "{}", c.stderr());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn shutdown_and_exit_with_null_params_in_large_messages() {
    let (mut c, _d, _root) = start_with(&[]);
    let id = c.fresh_id();
    let shutdown = format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"shutdown","params":null,"padding":"{}"}}"#,
        " ".repeat(2000)
    );
    c.send_body(shutdown.as_bytes());
    assert_eq!(c.response(id), Ok(Value::Null));
    let exit = format!(
        r#"{{"jsonrpc":"2.0","method":"exit","params":null{}}}"#,
        " ".repeat(2000)
    );
    c.send_body(exit.as_bytes());
    // The server exits on its own (input still open), with 0 after shutdown.
    assert_eq!(c.exited_within(Duration::from_secs(60)), Some(0));
}

#[test]
fn a_lone_surrogate_escape_does_not_drop_the_document() {
    let (mut c, _d, root) = start_with(&[]);
    let uri = uri(&root.join("s.md"));
    let open = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{{"uri":"{uri}","languageId":"markdown","version":1,"text":"Broken \ud800 here, a value added reseller. Pair \ud83d\ude00 kept.\n"}}}}}}"#
    );
    c.send_body(open.as_bytes());
    let log = c.notification("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("surrogate")
    });
    assert_eq!(log["type"], 2);
    let diags = c.diagnostics(&uri, 1);
    assert!(
        diags.iter().any(|d| d["code"] == "non-preferred-form"),
        "{diags:#?}"
    );
    assert_eq!(
        c.text_of(&uri).0,
        "Broken \u{fffd} here, a value added reseller. Pair \u{1f600} kept.\n"
    );
    // The replacement is one UTF-16 unit like the escape: positions after it are unchanged.
    let d = diags
        .iter()
        .find(|d| d["code"] == "non-preferred-form")
        .unwrap();
    assert_eq!(d["range"]["start"]["character"], 17);
    assert_eq!(c.shutdown(), 0);
}
