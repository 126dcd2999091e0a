//! What the transport checks and mends in a framed body before tower-lsp sees it.
//!
//! tower-lsp ends the session on a message it cannot decode, and drops a notification whose
//! params do not deserialize without a word. So every body is first:
//!
//! - **scanned** once ([`scan`]): its nesting depth (serde_json refuses more than 128 levels,
//!   and the cheap checks below do not count them), and lone UTF-16 surrogate escapes
//!   (`\ud800` without its pair), which no Rust string can hold: each is replaced in place by
//!   `\ufffd` (same length, same single UTF-16 unit, so positions do not move) and reported;
//! - **checked** ([`check`]): JSON, JSON-RPC 2.0, within the depth limit; else the error to
//!   answer, with the request's id when it has one;
//! - **normalized** ([`normalize`]): `shutdown` and `exit` take no params, so any params they
//!   carry (`"params": null` from some clients) are dropped, whatever the message's size.

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::Value;
use tower_lsp::jsonrpc::Id;

/// Deepest nesting accepted: below serde_json's limit of 128, with room for the levels the
/// decoders add.
pub const MAX_DEPTH: usize = 120;

/// Bodies bigger than this are checked without building a JSON tree.
const LARGE: usize = 1 << 20;

/// What [`scan`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// The deepest nesting of arrays and objects.
    pub depth: usize,
    /// Lone surrogate escapes replaced by `\ufffd`.
    pub replaced_surrogates: usize,
}

fn hex4(b: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(b.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// Scans a body (see the module docs), mending lone surrogate escapes in place. Linear; not a
/// validation (the JSON parser does that).
pub fn scan(body: &mut [u8]) -> Scan {
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'[' | b'{' => {
                depth += 1;
                out.depth = out.depth.max(depth);
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'"' => {
                i += 1;
                // Inside a string: jump between quotes and escapes.
                while let Some(k) = memchr::memchr2(b'"', b'\\', &body[i..]) {
                    i += k;
                    if body[i] == b'"' {
                        break;
                    }
                    // An escape.
                    if body.get(i + 1) != Some(&b'u') {
                        i += 2;
                        continue;
                    }
                    let Some(unit) = hex4(&body[(i + 2).min(body.len())..]) else {
                        i += 2;
                        continue;
                    };
                    let high = (0xD800..0xDC00).contains(&unit);
                    let low = (0xDC00..0xE000).contains(&unit);
                    let paired = high
                        && body.get(i + 6) == Some(&b'\\')
                        && body.get(i + 7) == Some(&b'u')
                        && hex4(&body[(i + 8).min(body.len())..])
                            .is_some_and(|u| (0xDC00..0xE000).contains(&u));
                    if paired {
                        i += 12;
                    } else {
                        if high || low {
                            body[i + 2..i + 6].copy_from_slice(b"fffd");
                            out.replaced_surrogates += 1;
                        }
                        i += 6;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// An error to answer: the request's id (or `null`), the JSON-RPC code, the message.
pub type Refusal = (Value, i64, String);

/// Whether tower-lsp can decode `body`, which nests `depth` levels deep.
pub fn check(body: &[u8], depth: usize) -> Result<(), Refusal> {
    use tower_lsp::jsonrpc::{Request, Response};
    if std::str::from_utf8(body).is_err() {
        return Err((
            Value::Null,
            -32700,
            "Parse error: the message is not UTF-8".into(),
        ));
    }
    if let Err(e) = serde_json::from_slice::<IgnoredAny>(body) {
        return Err((Value::Null, -32700, format!("Parse error: {e}")));
    }
    if depth > MAX_DEPTH {
        return Err((
            super::framing::id_of(body),
            -32600,
            format!(
                "Invalid Request: the message nests {depth} levels deep (the limit is {MAX_DEPTH})"
            ),
        ));
    }
    if body.len() >= LARGE {
        /// The shape of a request, notification or response, without building its params.
        #[derive(Deserialize)]
        struct Probe {
            jsonrpc: String,
            #[serde(default)]
            method: Option<String>,
            #[serde(default)]
            id: Option<Id>,
            #[serde(default)]
            result: Option<IgnoredAny>,
            #[serde(default)]
            error: Option<IgnoredAny>,
        }
        return match serde_json::from_slice::<Probe>(body) {
            Ok(p)
                if p.jsonrpc == "2.0"
                    && (p.method.is_some()
                        || p.id.is_some() && (p.result.is_some() || p.error.is_some())) =>
            {
                Ok(())
            }
            _ => Err((
                super::framing::id_of(body),
                -32600,
                "Invalid Request: not a JSON-RPC 2.0 message".into(),
            )),
        };
    }
    if serde_json::from_slice::<Response>(body).is_ok()
        || serde_json::from_slice::<Request>(body).is_ok()
    {
        return Ok(());
    }
    Err((
        super::framing::id_of(body),
        -32600,
        "Invalid Request: not a JSON-RPC 2.0 message".into(),
    ))
}

/// Drops the params of `shutdown` and `exit` (see the module docs); also tells whether the
/// message is the `exit` notification.
pub fn normalize(body: Vec<u8>) -> (Vec<u8>, bool) {
    let finder = |needle: &[u8]| memchr::memmem::find(&body, needle).is_some();
    if finder(b"\"initialize\"") && finder(b"\"diagnostic") {
        return (spec_diagnostics_capability(body), false);
    }
    if !finder(b"\"exit\"") && !finder(b"\"shutdown\"") {
        return (body, false);
    }
    #[derive(Deserialize)]
    struct Head {
        method: Option<String>,
        #[serde(default)]
        id: Option<Value>,
    }
    let Ok(head) = serde_json::from_slice::<Head>(&body) else {
        return (body, false);
    };
    let method = match head.method.as_deref() {
        Some(m @ ("shutdown" | "exit")) => m,
        _ => return (body, false),
    };
    let exit = method == "exit" && head.id.is_none();
    let mut v = serde_json::json!({ "jsonrpc": "2.0", "method": method });
    if let Some(id) = head.id {
        v["id"] = id;
    }
    (serde_json::to_vec(&v).unwrap_or(body), exit)
}

/// The spec (and VS Code, and Neovim) declare `workspace/diagnostic/refresh` support as
/// `capabilities.workspace.diagnostics.refreshSupport`; lsp-types 0.94 reads the field as
/// `diagnostic`, so the declaration would be lost and refreshes either never sent or sent to
/// clients that did not ask for them. In `initialize`, the spec's field is copied to the
/// name lsp-types reads (unless the client sent that one too).
///
/// Likewise LSP 3.18 lets a client that pulls diagnostics declare `relatedInformation` and
/// `codeDescriptionSupport` under `textDocument.diagnostic`, where lsp-types 0.94 has no field
/// for them: they are copied to `textDocument.publishDiagnostics` (where they mean the same:
/// the client shows these parts of a diagnostic) unless declared there already.
fn spec_diagnostics_capability(body: Vec<u8>) -> Vec<u8> {
    let Ok(mut v) = serde_json::from_slice::<Value>(&body) else {
        return body;
    };
    if v.get("method").and_then(Value::as_str) != Some("initialize") {
        return body;
    }
    let mut changed = false;
    if let Some(ws) = v
        .pointer_mut("/params/capabilities/workspace")
        .and_then(Value::as_object_mut)
    {
        if let (Some(spec), false) = (
            ws.get("diagnostics").cloned(),
            ws.contains_key("diagnostic"),
        ) {
            ws.insert("diagnostic".into(), spec);
            changed = true;
        }
    }
    if let Some(td) = v
        .pointer_mut("/params/capabilities/textDocument")
        .and_then(Value::as_object_mut)
    {
        let pulled: Vec<(String, Value)> = ["relatedInformation", "codeDescriptionSupport"]
            .iter()
            .filter_map(|k| {
                let declared = td.get("diagnostic")?.get(*k)?;
                Some((k.to_string(), declared.clone()))
            })
            .collect();
        if !pulled.is_empty() {
            let publish = td
                .entry("publishDiagnostics")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(publish) = publish.as_object_mut() {
                for (k, declared) in pulled {
                    if !publish.contains_key(&k) {
                        publish.insert(k, declared);
                        changed = true;
                    }
                }
            }
        }
    }
    if changed {
        serde_json::to_vec(&v).unwrap_or(body)
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_diagnostics_capability_reaches_lsp_types() {
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"workspace":{"diagnostics":{"refreshSupport":true}}}}}"#;
        let (b, exit) = normalize(body.to_vec());
        assert!(!exit);
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(
            v.pointer("/params/capabilities/workspace/diagnostic/refreshSupport"),
            Some(&Value::Bool(true))
        );
        // 3.18's pull-diagnostics declarations reach the fields lsp-types reads.
        let body = br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{"textDocument":{"diagnostic":{"relatedInformation":true,"codeDescriptionSupport":true},"publishDiagnostics":{"codeDescriptionSupport":false}}}}}"#;
        let v: Value = serde_json::from_slice(&normalize(body.to_vec()).0).unwrap();
        let publish = v.pointer("/params/capabilities/textDocument/publishDiagnostics");
        assert_eq!(
            publish,
            Some(
                &serde_json::json!({ "relatedInformation": true, "codeDescriptionSupport": false })
            )
        );
        // Anything else passes untouched.
        let other = br#"{"jsonrpc":"2.0","id":1,"method":"hover","params":{"diagnostics":1}}"#;
        assert_eq!(normalize(other.to_vec()).0, other.to_vec());
    }

    #[test]
    fn lone_surrogates_are_mended_pairs_kept() {
        let mut b = br#"{"t":"a\ud800b \ud83d\ude00 \\ud800 \udc00"}"#.to_vec();
        let s = scan(&mut b);
        assert_eq!(s.replaced_surrogates, 2);
        assert_eq!(s.depth, 1);
        let v: Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["t"], "a\u{fffd}b \u{1f600} \\ud800 \u{fffd}");
    }

    #[test]
    fn depth_counts_only_structure() {
        let mut b = br#"{"a":[[{"b":"[[[[{{{"}]]]}"#.to_vec();
        assert_eq!(scan(&mut b).depth, 4);
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let mut d = deep.clone().into_bytes();
        let depth = scan(&mut d).depth;
        assert_eq!(depth, 200);
        assert!(check(deep.as_bytes(), depth).is_err());
    }

    #[test]
    fn shutdown_and_exit_lose_their_params() {
        let pad = " ".repeat(1000);
        let body = format!(r#"{{"jsonrpc":"2.0","id":3,"method":"shutdown","params":null{pad}}}"#);
        let (b, exit) = normalize(body.into_bytes());
        assert!(!exit);
        assert_eq!(
            serde_json::from_slice::<Value>(&b).unwrap(),
            serde_json::json!({"jsonrpc":"2.0","id":3,"method":"shutdown"})
        );
        let body = format!(r#"{{"jsonrpc":"2.0","method":"exit","params":null,"x":"{pad}"}}"#);
        let (b, exit) = normalize(body.into_bytes());
        assert!(exit);
        assert_eq!(b, br#"{"jsonrpc":"2.0","method":"exit"}"#);
        let other = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"exit":1}}"#;
        assert_eq!(normalize(other.to_vec()), (other.to_vec(), false));
    }
}
