//! Property test: random edit sequences sent through `didChange` leave the server's text equal
//! to a plain `String` model after every step, with UTF-16 and with UTF-8 positions, on text
//! with CRLF, lone CR, emoji and CJK. The server's text is read back with the
//! `glossary-lsp.debugText` command (a debugging aid).

mod lsp_support;

use lsp_support::*;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

struct Server {
    client: Client,
    root: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn server(utf8: bool) -> &'static Mutex<Server> {
    static UTF16: OnceLock<Mutex<Server>> = OnceLock::new();
    static UTF8: OnceLock<Mutex<Server>> = OnceLock::new();
    let cell = if utf8 { &UTF8 } else { &UTF16 };
    cell.get_or_init(|| {
        let (dir, root) = workspace();
        let mut client = Client::spawn(&root);
        let caps = if utf8 { caps_utf8() } else { caps_utf16() };
        let init = client.initialize(Some(&root), caps, Value::Null);
        assert_eq!(
            init["capabilities"]["positionEncoding"],
            if utf8 { "utf-8" } else { "utf-16" }
        );
        Mutex::new(Server {
            client,
            root,
            _dir: dir,
        })
    })
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("VAR ".to_string()),
        Just("value-added\r\nreseller".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("😀".to_string()),
        Just("中文".to_string()),
        Just("é".to_string()),
        Just("`code` ".to_string()),
        "[a-z ]{0,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..8).prop_map(|v| v.concat())
}

/// An edit: start and end as fractions of the text's positions, and the new text.
fn edit() -> impl Strategy<Value = (f64, f64, String)> {
    (0.0..=1.0f64, 0.0..=1.0f64, text())
}

/// Offsets an editor can name: character boundaries, not between "\r" and "\n".
fn boundaries(s: &str) -> Vec<usize> {
    let b = s.as_bytes();
    let mut out: Vec<usize> = s
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| !(i > 0 && b[i - 1] == b'\r' && b[i] == b'\n'))
        .collect();
    out.push(s.len());
    out
}

fn pick(bounds: &[usize], f: f64) -> usize {
    bounds[((bounds.len() - 1) as f64 * f).round() as usize]
}

static DOC_ID: AtomicUsize = AtomicUsize::new(0);

fn run(utf8: bool, initial: String, edits: Vec<(f64, f64, String)>) {
    let mut guard = server(utf8).lock().unwrap_or_else(|p| p.into_inner());
    let s = &mut *guard;
    let name = format!("doc{}.md", DOC_ID.fetch_add(1, Ordering::SeqCst));
    let uri = uri(&s.root.join(name));
    s.client.open(&uri, "markdown", 1, &initial);
    let mut model = initial;
    for (i, (a, b, new)) in edits.into_iter().enumerate() {
        let bounds = boundaries(&model);
        let (mut x, mut y) = (pick(&bounds, a), pick(&bounds, b));
        if y < x {
            std::mem::swap(&mut x, &mut y);
        }
        let (l1, c1) = position_of(&model, x, utf8);
        let (l2, c2) = position_of(&model, y, utf8);
        s.client
            .change(&uri, i as i64 + 2, range(l1, c1, l2, c2), &new);
        model.replace_range(x..y, &new);
        let (server_text, version) = s.client.text_of(&uri);
        assert_eq!(version, i as i64 + 2);
        assert_eq!(
            server_text, model,
            "after edit {i} ({l1}:{c1}-{l2}:{c2} → {new:?})"
        );
    }
    s.client.notify(
        "textDocument/didClose",
        serde_json::json!({ "textDocument": { "uri": uri } }),
    );
    // Diagnostics come and go; don't let them pile up in the queue.
    s.client.queue.clear();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn edits_match_a_string_model_utf16(initial in text(), edits in prop::collection::vec(edit(), 1..8)) {
        run(false, initial, edits);
    }

    #[test]
    fn edits_match_a_string_model_utf8(initial in text(), edits in prop::collection::vec(edit(), 1..8)) {
        run(true, initial, edits);
    }
}
