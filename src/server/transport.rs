//! The stdio transport around tower-lsp.
//!
//! tower-lsp 0.20 stops reading its input after the first message it cannot decode (its
//! framed reader ends the stream on a decode error), so one malformed message from a client
//! would end the session. This layer frames stdin itself: well-formed messages go on to
//! tower-lsp through an in-memory pipe; a malformed one is answered here (JSON-RPC "Parse
//! error" or "Invalid Request") and skipped. How the stream is cut into messages, whatever the
//! client sends, is `framing`'s; what is checked and mended in each body is `message`'s.
//! tower-lsp's output is re-framed and written to stdout together with those answers and
//! the messages the server writes directly (large diagnostics), one whole message at a time.

use super::framing::{Frame, Framer, Limits};
use super::message;
use std::io;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Reads framed messages from `input` (see `framing`), forwards the valid ones to
/// `to_server`, answers the others through `answers`. Returns at end of input, or after
/// forwarding `exit`.
pub async fn pump_input<R, W>(
    input: R,
    limits: Limits,
    mut to_server: W,
    answers: mpsc::UnboundedSender<Vec<u8>>,
) where
    R: tokio::io::AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut framer = Framer::new(input, limits);
    loop {
        let mut body = match framer.next().await {
            Frame::End => return,
            Frame::Bad {
                id,
                code,
                message,
                reply,
            } => {
                eprintln!("glossary-lsp: skipped a malformed message: {message}");
                if reply {
                    let _ = answers.send(error_response(id, code, &message));
                }
                continue;
            }
            Frame::Message(body) => body,
        };
        let scan = message::scan(&mut body);
        if let Err((id, code, text)) = message::check(&body, scan.depth) {
            eprintln!("glossary-lsp: skipped a malformed message: {text}");
            let _ = answers.send(error_response(id, code, &text));
            framer.last_was_bad();
            continue;
        }
        if scan.replaced_surrogates > 0 {
            let text = format!(
                "a message held {} lone UTF-16 surrogate escape(s) (such as \\ud800), which no \
                 text can contain; each was read as U+FFFD",
                scan.replaced_surrogates
            );
            eprintln!("glossary-lsp: {text}");
            let _ = answers.send(log_message(2, &text));
        }
        let (body, exit) = message::normalize(body);
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
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
}

/// A `window/logMessage` notification of `typ` (1 error … 4 log), framed.
pub fn log_message(typ: u8, text: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "method": "window/logMessage",
        "params": { "type": typ, "message": format!("glossary-lsp: {text}") },
    })
    .to_string();
    frame(body.as_bytes())
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

/// `body` with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
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
