//! The stdio transport around tower-lsp.
//!
//! tower-lsp 0.20 stops reading its input after the first message it cannot decode (its
//! framed reader ends the stream on a decode error), so one malformed message from a client
//! would end the session. This layer frames stdin itself: well-formed messages go on to
//! tower-lsp through an in-memory pipe; a malformed one is answered here (JSON-RPC "Parse
//! error" or "Invalid Request") and skipped. tower-lsp's output is re-framed and written to
//! stdout together with those answers, one whole message at a time.

use serde::Deserialize;
use std::io;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Largest message accepted (a 100 MB document fits, JSON-escaped).
const MAX_MESSAGE: usize = 1 << 30;

/// Messages bigger than this are checked without building a JSON tree.
const LARGE: usize = 1 << 20;

/// Reads framed messages from `input`, forwards the valid ones to `to_server`, answers the
/// others through `answers`. Returns at end of input.
pub async fn pump_input<R, W>(input: R, mut to_server: W, answers: mpsc::UnboundedSender<Vec<u8>>)
where
    R: tokio::io::AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut line = Vec::new();
    loop {
        // Headers.
        let mut content_length: Option<usize> = None;
        let mut bad_header = false;
        let mut saw_header = false;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line).await {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    eprintln!("glossary-lsp: reading stdin failed: {e}");
                    return;
                }
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if saw_header {
                    break;
                }
                continue; // stray blank line between messages
            }
            saw_header = true;
            match text.split_once(':') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                    match value.trim().parse::<usize>() {
                        Ok(n) => content_length = Some(n),
                        Err(_) => bad_header = true,
                    }
                }
                Some(_) => {} // Content-Type and others
                None => bad_header = true,
            }
        }
        let Some(len) = content_length.filter(|_| !bad_header) else {
            eprintln!("glossary-lsp: skipped a message without a valid Content-Length header");
            let _ = answers.send(error_response(
                serde_json::Value::Null,
                -32700,
                "Parse error: missing or invalid Content-Length header",
            ));
            continue;
        };
        if len > MAX_MESSAGE {
            eprintln!("glossary-lsp: skipped a message of {len} bytes (limit {MAX_MESSAGE})");
            let mut sink = tokio::io::sink();
            let _ = tokio::io::copy(&mut (&mut reader).take(len as u64), &mut sink).await;
            let _ = answers.send(error_response(
                serde_json::Value::Null,
                -32600,
                "Invalid Request: message too large",
            ));
            continue;
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).await.is_err() {
            return; // truncated at end of input
        }
        match check(&body) {
            Ok(()) => {
                let (body, exit) = normalize(body);
                let len = body.len();
                let header = format!("Content-Length: {len}\r\n\r\n");
                if to_server.write_all(header.as_bytes()).await.is_err()
                    || to_server.write_all(&body).await.is_err()
                    || to_server.flush().await.is_err()
                {
                    return; // the server has stopped
                }
                if exit {
                    // tower-lsp stops at its next read: end its input now.
                    return;
                }
            }
            Err((id, code, message)) => {
                eprintln!("glossary-lsp: skipped a malformed message: {message}");
                let _ = answers.send(error_response(id, code, &message));
            }
        }
    }
}

/// `shutdown` and `exit` take no params; some clients send `"params": null`, which tower-lsp
/// would refuse (and then never exit). Drop it.
/// Also tells whether the message is `exit`.
fn normalize(body: Vec<u8>) -> (Vec<u8>, bool) {
    if body.len() > 512 {
        return (body, false);
    }
    let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return (body, false);
    };
    let exit = v["method"] == "exit" && v.get("id").is_none();
    let is_void = matches!(v["method"].as_str(), Some("shutdown" | "exit"));
    if let (true, Some(obj)) = (is_void, v.as_object_mut()) {
        if obj.get("params").is_some_and(|p| p.is_null()) {
            obj.remove("params");
            return (serde_json::to_vec(&v).unwrap_or(body), exit);
        }
    }
    (body, exit)
}

/// Whether tower-lsp can decode `body`; else the id (if any), error code and message.
fn check(body: &[u8]) -> Result<(), (serde_json::Value, i64, String)> {
    use tower_lsp::jsonrpc::{Request, Response};
    if std::str::from_utf8(body).is_err() {
        return Err((
            serde_json::Value::Null,
            -32700,
            "Parse error: the message is not UTF-8".into(),
        ));
    }
    if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        return Err((serde_json::Value::Null, -32700, format!("Parse error: {e}")));
    }
    if body.len() >= LARGE {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Probe {
            jsonrpc: String,
            method: String,
            #[serde(default)]
            id: Option<tower_lsp::jsonrpc::Id>,
            #[serde(default)]
            params: Option<serde::de::IgnoredAny>,
        }
        return match serde_json::from_slice::<Probe>(body) {
            Ok(p) if p.jsonrpc == "2.0" => Ok(()),
            _ => Err((
                serde_json::Value::Null,
                -32600,
                "Invalid Request: not a JSON-RPC 2.0 request".into(),
            )),
        };
    }
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(());
    }
    if serde_json::from_slice::<Request>(body).is_ok() {
        return Ok(());
    }
    let id = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .filter(|id| id.is_string() || id.is_i64())
        .unwrap_or(serde_json::Value::Null);
    Err((
        id,
        -32600,
        "Invalid Request: not a JSON-RPC 2.0 message".into(),
    ))
}

fn error_response(id: serde_json::Value, code: i64, message: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
    .to_string();
    frame(body.as_bytes())
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Reads tower-lsp's framed output and passes each whole message on; returns at its end.
pub async fn pump_output<R>(from_server: R, out: mpsc::UnboundedSender<Vec<u8>>) -> io::Result<()>
where
    R: tokio::io::AsyncRead + Unpin,
{
    let mut reader = BufReader::with_capacity(1 << 16, from_server);
    let mut line = Vec::new();
    loop {
        let mut len = None;
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).await? == 0 {
                return Ok(());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                if len.is_some() {
                    break;
                }
                continue;
            }
            if let Some((name, value)) = text.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    len = value.trim().parse::<usize>().ok();
                }
            }
        }
        let len = len.unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).await?;
        if out.send(frame(&body)).is_err() {
            return Ok(());
        }
    }
}

/// Reads tower-lsp's output until it ends, then tells the writer to stop (an empty message).
pub async fn pump_output_then_stop<R>(from_server: R, out: mpsc::UnboundedSender<Vec<u8>>)
where
    R: tokio::io::AsyncRead + Unpin,
{
    if let Err(e) = pump_output(from_server, out.clone()).await {
        eprintln!("glossary-lsp: reading the server's output failed: {e}");
    }
    let _ = out.send(Vec::new());
}

/// Writes whole messages to `stdout` until `rx` closes or yields an empty message.
pub async fn write_output<W>(mut stdout: W, mut rx: mpsc::UnboundedReceiver<Vec<u8>>)
where
    W: AsyncWrite + Unpin,
{
    while let Some(msg) = rx.recv().await {
        if msg.is_empty() {
            return;
        }
        if stdout.write_all(&msg).await.is_err() || stdout.flush().await.is_err() {
            return;
        }
    }
}
