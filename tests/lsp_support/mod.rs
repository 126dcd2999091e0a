//! A small LSP client for tests: it starts the real `glossary-lsp` binary and speaks JSON-RPC
//! to it over stdio with real `Content-Length` framing. Requests wait for the response with
//! their id; notifications from the server are queued and waited for with a timeout; requests
//! from the server (`workspace/applyEdit`, `client/registerCapability`, progress creation) are
//! answered automatically and recorded.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the whole suite shares two cores with other builds.
pub const TIMEOUT: Duration = Duration::from_secs(120);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Notifications (and anything else) not consumed yet.
    pub queue: VecDeque<Value>,
    next_id: i64,
    /// Requests the server sent us, in order.
    pub server_requests: Vec<Value>,
    /// The answer to `workspace/applyEdit`.
    pub apply_edit_result: Value,
    stderr: Arc<Mutex<String>>,
    _cache: tempfile::TempDir,
}

/// A `file://` URI for a path.
pub fn uri(path: &Path) -> String {
    url_of(path)
}

fn url_of(path: &Path) -> String {
    let mut s = String::from("file://");
    for c in path.to_string_lossy().chars() {
        match c {
            ' ' => s.push_str("%20"),
            c => s.push(c),
        }
    }
    s
}

impl Client {
    /// Starts the server in `cwd` (a fresh cache folder for the built-in glossary copy).
    pub fn spawn(cwd: &Path) -> Client {
        Client::spawn_with(cwd, |_| {})
    }

    /// Starts the server in `cwd` with extra environment variables.
    pub fn spawn_with_env(cwd: &Path, env: &[(&str, &str)]) -> Client {
        Client::spawn_with(cwd, |c| {
            c.envs(env.iter().copied());
        })
    }

    /// [`Client::spawn`], letting `configure` change the command first (its environment).
    pub fn spawn_with(cwd: &Path, configure: impl FnOnce(&mut Command)) -> Client {
        let cache = tempfile::tempdir().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_glossary-lsp"));
        command.current_dir(cwd).env("XDG_CACHE_HOME", cache.path());
        configure(&mut command);
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start glossary-lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let t = line.trim_end();
                    if t.is_empty() {
                        break;
                    }
                    if let Some(v) = t.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length from the server")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if std::env::var_os("LSP_TEST_TRACE").is_some() {
                    eprintln!("<- {v}");
                }
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                if s.len() < 1 << 20 {
                    s.push_str(&line);
                    s.push('\n');
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            queue: VecDeque::new(),
            next_id: 1,
            server_requests: Vec::new(),
            apply_edit_result: json!({ "applied": true }),
            stderr,
            _cache: cache,
        }
    }

    /// What the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends raw bytes (for malformed-input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_vec(v).unwrap();
        if std::env::var_os("LSP_TEST_TRACE").is_some() {
            eprintln!(
                "-> {}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            );
        }
        let mut msg = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        msg.extend_from_slice(&body);
        self.send_raw(&msg);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its result; `Err` holds the error object.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// Waits for the response to request `id`.
    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let v = self.wait_for(|m| m.get("method").is_none() && m["id"] == json!(id));
        match v.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(v["result"].clone()),
        }
    }

    /// Handles one incoming message: requests from the server are answered and recorded.
    fn incoming(&mut self, v: Value) -> Option<Value> {
        if v.get("method").is_some() && v.get("id").is_some() {
            let result = match v["method"].as_str().unwrap() {
                "workspace/applyEdit" => self.apply_edit_result.clone(),
                "workspace/configuration" => {
                    let n = v["params"]["items"].as_array().map_or(0, Vec::len);
                    Value::Array(vec![Value::Null; n])
                }
                _ => Value::Null,
            };
            let id = v["id"].clone();
            self.server_requests.push(v);
            self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
            return None;
        }
        Some(v)
    }

    /// Waits for a message satisfying `pred` (looking at the queue first); everything else
    /// stays queued.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.queue.iter().position(&pred) {
            return self.queue.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(v) => {
                    if let Some(v) = self.incoming(v) {
                        if pred(&v) {
                            return v;
                        }
                        self.queue.push_back(v);
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for a message; queued: {:#?}\nstderr:\n{}",
                    self.queue,
                    self.stderr()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "the server closed its output; queued: {:#?}\nstderr:\n{}",
                    self.queue,
                    self.stderr()
                ),
            }
        }
    }

    /// Waits for a notification `method` whose params satisfy `pred`.
    pub fn notification(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(|m| m["method"] == method && m.get("id").is_none() && pred(&m["params"]))
            ["params"]
            .clone()
    }

    /// Waits for the diagnostics of `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let p = self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == json!(version)
        });
        p["diagnostics"].as_array().unwrap().clone()
    }

    /// Drains what has arrived so far without waiting long.
    pub fn drain(&mut self, wait: Duration) {
        while let Ok(v) = self.rx.recv_timeout(wait) {
            if let Some(v) = self.incoming(v) {
                self.queue.push_back(v);
            }
        }
    }

    /// `initialize` + `initialized` with the given client capabilities and options.
    pub fn initialize(
        &mut self,
        root: Option<&Path>,
        capabilities: Value,
        options: Value,
    ) -> Value {
        let root_uri = root.map(uri);
        let folders = root.map(|r| json!([{ "uri": uri(r), "name": "ws" }]));
        let r = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": folders,
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .expect("initialize succeeds");
        self.notify("initialized", json!({}));
        r
    }

    /// Opens a document.
    pub fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
    }

    /// One incremental change.
    pub fn change(&mut self, uri: &str, version: i64, range: Value, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": range, "text": text }] }),
        );
    }

    /// The server's copy of a document (the `glossary-lsp.debugText` command).
    pub fn text_of(&mut self, uri: &str) -> (String, i64) {
        let r = self
            .request(
                "workspace/executeCommand",
                json!({ "command": "glossary-lsp.debugText", "arguments": [uri] }),
            )
            .expect("debugText");
        (
            r["text"].as_str().unwrap().to_string(),
            r["version"].as_i64().unwrap(),
        )
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
        .expect("hover answers")
    }

    pub fn completion(&mut self, uri: &str, line: u32, character: u32) -> Vec<Value> {
        let r = self
            .request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
            )
            .expect("completion answers");
        if r.is_null() {
            return Vec::new();
        }
        r.get("items")
            .and_then(Value::as_array)
            .or_else(|| r.as_array())
            .cloned()
            .unwrap_or_default()
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident memory in bytes (Linux: `VmRSS` of `/proc/<pid>/status`).
    pub fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS");
        kb * 1024
    }

    /// Sends a JSON body with a correct header (for bodies built by hand).
    pub fn send_body(&mut self, body: &[u8]) {
        let mut msg = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        msg.extend_from_slice(body);
        self.send_raw(&msg);
    }

    /// A fresh request id for a request sent by hand.
    pub fn fresh_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Closes the server's input and waits for it to end; returns the exit code.
    pub fn wait_exit(&mut self) -> i32 {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits up to `wait` for the process to end on its own (input kept open); its exit
    /// code, or `None` if it is still running.
    pub fn exited_within(&mut self, wait: Duration) -> Option<i32> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.code().unwrap_or(-1));
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The exit code, once the process has ended.
    pub fn try_exit_code(&mut self) -> Option<i32> {
        self.child
            .try_wait()
            .unwrap()
            .map(|s| s.code().unwrap_or(-1))
    }

    /// `shutdown` then `exit`; returns the exit code.
    pub fn shutdown(mut self) -> i32 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown" }));
        self.response(id).expect("shutdown");
        self.send(&json!({ "jsonrpc": "2.0", "method": "exit" }));
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Client capabilities: UTF-16 only, push diagnostics, workspace edits with file creation.
pub fn caps_utf16() -> Value {
    json!({
        "workspace": {
            "applyEdit": true,
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create"] },
            "didChangeWatchedFiles": { "dynamicRegistration": true },
        },
        "window": { "workDoneProgress": true },
        "textDocument": { "hover": { "contentFormat": ["markdown"] } }
    })
}

/// The same, offering UTF-8 positions.
pub fn caps_utf8() -> Value {
    let mut c = caps_utf16();
    c["general"] = json!({ "positionEncodings": ["utf-8", "utf-16"] });
    c
}

/// An LSP range.
pub fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({ "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } })
}

/// A temporary workspace folder.
pub fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().canonicalize().unwrap();
    (dir, path)
}

/// Applies LSP text edits (UTF-16 or UTF-8 positions) to `text`, as an editor would.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let a = offset_of(text, &e["range"]["start"], utf8);
            let b = offset_of(text, &e["range"]["end"], utf8);
            (a, b, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, &t);
    }
    out
}

/// Byte offset of an LSP position in `text` (lines end at \n, \r\n or \r).
pub fn offset_of(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let mut starts = vec![0];
    let b = text.as_bytes();
    for i in 0..b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    let start = starts[line.min(starts.len() - 1)];
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' || c == '\r' {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// The LSP position of byte `offset` of `text`.
pub fn position_of(text: &str, offset: usize, utf8: bool) -> (u32, u32) {
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + before.matches('\r').count()
        - before.matches("\r\n").count();
    let col: usize = before[line_start..]
        .chars()
        .map(|c| if utf8 { c.len_utf8() } else { c.len_utf16() })
        .sum();
    (line as u32, col as u32)
}
