//! Language-server latency, measured from the client's side: the release `glossary-lsp` binary is
//! started with piped stdio and driven over JSON-RPC with `Content-Length` framing, as an editor
//! would (UTF-16 positions, push diagnostics with `versionSupport`, no pull diagnostics).
//!
//! For generated partner-program Markdown of 10 KB, 1 MB and 10 MB (`support/corpus.rs`, the
//! generator `benches/engine.rs` uses), each in a fresh server process:
//!
//! - `didOpen → diagnostics`: a `didOpen` until the `publishDiagnostics` for its version;
//! - `keystroke → diagnostics`: a `didChange` inserting (then deleting, alternately, so the
//!   document does not grow) one character in the middle of a paragraph, until the
//!   `publishDiagnostics` with that version;
//! - `hover` on a term and `completion` after a typed prefix, each request until its response,
//!   with the analysis current, and "stale": sent right after a keystroke, before that
//!   keystroke's diagnostics;
//! - memory from `/proc/PID/status`: `VmRSS` idle (after `initialize` + `initialized`, nothing
//!   open), `VmRSS` with the document open after the run, and `VmHWM` (the process' peak).
//!
//! Times are wall-clock on the client (`Instant` taken just before the message is written and
//! when the answer's last byte has been read, before it is parsed), so they include the pipe,
//! framing and JSON on both sides. Median and p95 are nearest-rank.
//!
//! ```sh
//! cargo bench -j2 --bench lsp_latency              # all three sizes (a few minutes)
//! cargo bench -j2 --bench lsp_latency -- --quick   # 10 KB and 1 MB, small N (seconds)
//! ```
//!
//! `LSP_BENCH_QUICK=1` is the same as `--quick`; `LSP_BENCH_ONLY=10MB` (or `10KB,1MB`) runs only
//! those sizes; `LSP_BENCH_SERVER=path` benchmarks another binary. Cargo builds the server binary (bench profile = release) before this target and
//! passes its path in `CARGO_BIN_EXE_glossary-lsp`. Results are in `BENCHMARKS.md`.
//! Every wait has a timeout; a failure is reported and the run exits with status 1.

#[path = "support/corpus.rs"]
mod corpus;

use glossary_lsp::glossary::{load, GlossarySource};
use glossary_lsp::position::{Encoding, LineIndex};
use glossary_lsp::prose::BlockKind;
use glossary_lsp::rules::RuleSettings;
use glossary_lsp::{Engine, Format};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest any single wait may take before the run is declared failed.
const TIMEOUT: Duration = Duration::from_secs(60);
const SEED: u64 = 0x5EED_0004;
const KB: usize = 1_000;
const MB: usize = 1_000_000;

type Res<T> = Result<T, String>;

// ---------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------

/// The fields of an incoming message the benchmark needs. Parsed without building a JSON tree
/// of the (possibly multi-megabyte) diagnostics.
#[derive(Deserialize)]
struct Light {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    params: Option<LightParams>,
}

#[derive(Deserialize)]
struct LightParams {
    #[serde(default)]
    uri: Option<String>,
    #[serde(default)]
    version: Option<i64>,
    #[serde(default)]
    diagnostics: Option<Vec<serde::de::IgnoredAny>>,
}

enum Msg {
    Response {
        id: i64,
        result: Value,
        error: Option<Value>,
        at: Instant,
    },
    Diagnostics {
        uri: String,
        version: Option<i64>,
        count: usize,
        at: Instant,
    },
    Other,
}

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<(Instant, Vec<u8>)>,
    queue: VecDeque<Msg>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
}

impl Client {
    fn spawn(exe: &PathBuf) -> Res<Client> {
        let mut child = Command::new(exe)
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 16, stdout);
            let mut line = String::new();
            loop {
                let mut len = None;
                loop {
                    line.clear();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let t = line.trim_end();
                    if t.is_empty() {
                        if len.is_some() {
                            break;
                        }
                        continue;
                    }
                    if let Some((k, v)) = t.split_once(':') {
                        if k.trim().eq_ignore_ascii_case("content-length") {
                            len = v.trim().parse::<usize>().ok();
                        }
                    }
                }
                let mut body = vec![0; len.unwrap()];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                // Stamped before parsing: parsing happens on the main thread.
                if tx.send((Instant::now(), body)).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
                if s.len() > 64 * 1024 {
                    let cut = s.len() - 32 * 1024;
                    let cut = (cut..s.len()).find(|&i| s.is_char_boundary(i)).unwrap();
                    s.drain(..cut);
                }
            }
        });
        let stdin = child.stdin.take();
        Ok(Client {
            child,
            stdin,
            rx,
            queue: VecDeque::new(),
            next_id: 1,
            stderr,
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn fail(&self, what: String) -> String {
        let err = self.stderr.lock().unwrap().clone();
        let tail: String = {
            let lines: Vec<&str> = err.lines().collect();
            lines[lines.len().saturating_sub(10)..].join("\n")
        };
        if tail.is_empty() {
            what
        } else {
            format!("{what}\n  server stderr (last lines):\n{tail}")
        }
    }

    /// Frames and writes `v`; returns the instant just before the write (serialisation done).
    fn send(&mut self, v: &Value) -> Res<Instant> {
        let body = serde_json::to_vec(v).unwrap();
        let mut msg = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        msg.extend_from_slice(&body);
        drop(body);
        let stdin = self.stdin.as_mut().ok_or("stdin closed")?;
        let t = Instant::now();
        stdin
            .write_all(&msg)
            .and_then(|_| stdin.flush())
            .map_err(|e| format!("writing to the server failed: {e}"))?;
        Ok(t)
    }

    fn notify(&mut self, method: &str, params: Value) -> Res<Instant> {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }

    fn send_request(&mut self, method: &str, params: Value) -> Res<(i64, Instant)> {
        let id = self.next_id;
        self.next_id += 1;
        let t =
            self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }))?;
        Ok((id, t))
    }

    fn parse(&mut self, at: Instant, body: &[u8]) -> Res<Msg> {
        let light: Light = serde_json::from_slice(body)
            .map_err(|e| format!("the server sent something that is not JSON-RPC: {e}"))?;
        match (&light.id, &light.method) {
            (Some(id), Some(_)) => {
                // A request from the server: answer it (null is fine for anything it may ask).
                let id = id.clone();
                self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": null }))?;
                Ok(Msg::Other)
            }
            (Some(id), None) => {
                let v: Value = serde_json::from_slice(body).unwrap();
                Ok(Msg::Response {
                    id: id.as_i64().unwrap_or(-1),
                    result: v["result"].clone(),
                    error: v.get("error").cloned(),
                    at,
                })
            }
            (None, Some(m)) if m == "textDocument/publishDiagnostics" => {
                let p = light.params.ok_or("publishDiagnostics without params")?;
                Ok(Msg::Diagnostics {
                    uri: p.uri.unwrap_or_default(),
                    version: p.version,
                    count: p.diagnostics.map_or(0, |d| d.len()),
                    at,
                })
            }
            _ => Ok(Msg::Other),
        }
    }

    /// Waits (at most [`TIMEOUT`]) for a message `pick` accepts; others stay queued.
    fn wait<T>(&mut self, what: &str, pick: impl Fn(&Msg) -> Option<T>) -> Res<T> {
        if let Some(i) = self.queue.iter().position(|m| pick(m).is_some()) {
            let m = self.queue.remove(i).unwrap();
            return Ok(pick(&m).unwrap());
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((at, body)) => {
                    let m = self.parse(at, &body)?;
                    if let Some(t) = pick(&m) {
                        return Ok(t);
                    }
                    if !matches!(m, Msg::Other) {
                        self.queue.push_back(m);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    return Err(self.fail(format!(
                        "timed out after {} s waiting for {what}",
                        TIMEOUT.as_secs()
                    )))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(self.fail(format!(
                        "the server closed its output while we waited for {what}"
                    )))
                }
            }
        }
    }

    /// Waits for the response to `id`: its result and arrival time.
    fn response(&mut self, id: i64, what: &str) -> Res<(Value, Instant)> {
        let r = self.wait(what, |m| match m {
            Msg::Response {
                id: i,
                result,
                error,
                at,
            } if *i == id => Some((result.clone(), error.clone(), *at)),
            _ => None,
        })?;
        match r.1 {
            Some(e) => Err(self.fail(format!("{what} failed: {e}"))),
            None => Ok((r.0, r.2)),
        }
    }

    /// Waits for the diagnostics of `uri` at `version`: their count and arrival time. Older
    /// diagnostics of the same document still queued are dropped.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Res<(usize, Instant)> {
        self.queue.retain(|m| {
            !matches!(m, Msg::Diagnostics { uri: u, version: Some(v), .. } if u == uri && *v < version)
        });
        self.wait(
            &format!("diagnostics of {uri} version {version}"),
            |m| match m {
                Msg::Diagnostics {
                    uri: u,
                    version: Some(v),
                    count,
                    at,
                } if u == uri && *v == version => Some((*count, *at)),
                _ => None,
            },
        )
    }

    fn request(&mut self, method: &str, params: Value) -> Res<(Value, Duration)> {
        let (id, t0) = self.send_request(method, params)?;
        let (v, at) = self.response(id, method)?;
        Ok((v, at - t0))
    }

    /// `shutdown`, `exit`, and the process' end (killed if it does not end in time).
    fn stop(mut self) -> Res<()> {
        let (id, _) = self.send_request("shutdown", Value::Null)?;
        self.response(id, "the shutdown response")?;
        self.send(&json!({ "jsonrpc": "2.0", "method": "exit" }))?;
        self.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    return Err(self.fail(format!("the server exited with {status} after exit")))
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => return Err(self.fail("the server did not exit within 10 s of `exit`".into())),
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // Only reached with the process still running after a failure.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// (VmRSS, VmHWM) of `pid` in kB.
fn memory(pid: u32) -> Res<(u64, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))?;
    let field = |name: &str| -> Res<u64> {
        s.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .ok_or_else(|| format!("no {name} in /proc/{pid}/status"))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}

// ---------------------------------------------------------------------------------------------
// The document and where to type
// ---------------------------------------------------------------------------------------------

/// An LSP position, UTF-16.
#[derive(Clone, Copy, Debug)]
struct Pos {
    line: u32,
    character: u32,
}

impl Pos {
    fn json(self) -> Value {
        json!({ "line": self.line, "character": self.character })
    }
    fn right(self, n: u32) -> Pos {
        Pos {
            line: self.line,
            character: self.character + n,
        }
    }
}

fn range(a: Pos, b: Pos) -> Value {
    json!({ "start": a.json(), "end": b.json() })
}

struct Plan {
    text: String,
    /// Terms to hover, in running text near the middle, none on the typing lines.
    hovers: Vec<Pos>,
    /// Where keystrokes go: just after a space in the middle of a paragraph line.
    keystroke: Pos,
    /// The end of a paragraph line (another one), where a prefix is typed for completion.
    completion_line_end: Pos,
}

/// A plain paragraph line (not a list item, quote, table, heading or code).
fn plain_line(line: &str) -> bool {
    line.len() >= 40
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_lowercase())
}

fn plan(engine: &Engine, text: String) -> Res<Plan> {
    let analysis = engine.analyze(&text, Format::Markdown);
    let lines = LineIndex::new(&text);
    let pos = |off: usize| {
        let (l, c) = lines.position(&text, off, Encoding::Utf16);
        Pos {
            line: l as u32,
            character: c as u32,
        }
    };
    let mid = text.len() / 2;
    // Paragraph terms from the middle on, each on a plain paragraph line.
    let candidates: Vec<_> = analysis
        .matches
        .iter()
        .filter(|m| m.block == BlockKind::Paragraph && m.range.start >= mid)
        .filter(|m| {
            let l = lines.line_of(m.range.start);
            plain_line(&text[lines.line_range(&text, l)]) && !text[m.range.clone()].contains('\n')
        })
        .take(40)
        .collect();
    if candidates.len() < 10 {
        return Err(format!(
            "only {} paragraph terms after the middle of the document",
            candidates.len()
        ));
    }
    // Keystrokes on the first candidate's line, completion at the end of the second one's.
    let key_line = lines.line_of(candidates[0].range.start);
    let lr = lines.line_range(&text, key_line);
    let line_text = &text[lr.clone()];
    let space = line_text[line_text.len() / 2..]
        .find(' ')
        .map(|i| line_text.len() / 2 + i)
        .ok_or("no space on the keystroke line")?;
    let keystroke = pos(lr.start + space + 1);
    let comp_line = candidates
        .iter()
        .map(|m| lines.line_of(m.range.start))
        .find(|&l| l > key_line + 1)
        .ok_or("no second paragraph line")?;
    let completion_line_end = pos(lines.line_range(&text, comp_line).end);
    let hovers: Vec<Pos> = candidates
        .iter()
        .filter(|m| {
            let l = lines.line_of(m.range.start);
            l != key_line && l != comp_line
        })
        .map(|m| pos(m.range.start + 1))
        .take(20)
        .collect();
    Ok(Plan {
        text,
        hovers,
        keystroke,
        completion_line_end,
    })
}

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Sample {
    times: Vec<Duration>,
    /// Free-form remark for the table.
    note: String,
}

impl Sample {
    fn pct(&self, p: f64) -> Duration {
        let mut t = self.times.clone();
        t.sort();
        let rank = ((p * t.len() as f64).ceil() as usize).clamp(1, t.len());
        t[rank - 1]
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.3} ms")
    } else if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

struct Counts {
    open: usize,
    keys: usize,
    requests: usize,
}

struct SizeResult {
    label: &'static str,
    bytes: usize,
    lines: usize,
    diagnostics: usize,
    rows: Vec<(&'static str, Sample)>,
    idle_rss: u64,
    open_rss: u64,
    hwm: u64,
}

// ---------------------------------------------------------------------------------------------
// One document size, in a fresh server
// ---------------------------------------------------------------------------------------------

fn initialize(c: &mut Client) -> Res<()> {
    let caps = json!({
        "general": { "positionEncodings": ["utf-16"] },
        "textDocument": {
            "synchronization": { "dynamicRegistration": false },
            "publishDiagnostics": { "versionSupport": true, "relatedInformation": false },
            "hover": { "contentFormat": ["markdown", "plaintext"] },
            "completion": { "completionItem": { "snippetSupport": false } }
        },
        "window": { "workDoneProgress": false }
    });
    let (r, _) = c.request(
        "initialize",
        json!({ "processId": std::process::id(), "rootUri": null, "workspaceFolders": null,
                "capabilities": caps, "initializationOptions": null }),
    )?;
    let enc = &r["capabilities"]["positionEncoding"];
    if !(enc.is_null() || enc == "utf-16") {
        return Err(format!("the server chose position encoding {enc}"));
    }
    c.notify("initialized", json!({}))?;
    Ok(())
}

struct Doc {
    uri: String,
    version: i64,
    /// Whether the keystroke character is currently inserted.
    inserted: bool,
}

impl Doc {
    /// One keystroke: insert "x" at `at`, or delete it again. Returns the send instant.
    fn keystroke(&mut self, c: &mut Client, at: Pos) -> Res<Instant> {
        self.version += 1;
        let (r, text) = if self.inserted {
            (range(at, at.right(1)), "")
        } else {
            (range(at, at), "x")
        };
        self.inserted = !self.inserted;
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": self.uri, "version": self.version },
                    "contentChanges": [{ "range": r, "text": text }] }),
        )
    }
}

fn run_size(
    exe: &PathBuf,
    engine: &Engine,
    terms: &corpus::Terms,
    label: &'static str,
    target: usize,
    n: &Counts,
) -> Res<SizeResult> {
    let gen_start = Instant::now();
    let plan = plan(engine, corpus::markdown(SEED, terms, target))?;
    eprintln!(
        "[{label}] generated {} bytes in {:.1} s; starting the server",
        plan.text.len(),
        gen_start.elapsed().as_secs_f64()
    );
    let mut c = Client::spawn(exe)?;
    initialize(&mut c)?;
    // Let the server settle (the `initialized` handler, log messages) before reading memory.
    std::thread::sleep(Duration::from_millis(300));
    let (idle_rss, _) = memory(c.pid())?;

    let mut rows: Vec<(&'static str, Sample)> = Vec::new();

    // (a) didOpen → diagnostics, each on a new URI (the last one stays open).
    let mut open = Sample::default();
    let mut diagnostics = 0;
    let mut uri = String::new();
    for i in 0..n.open {
        uri = format!(
            "file:///bench/lsp-latency-{}-{i}.md",
            label.replace(' ', "").to_lowercase()
        );
        let msg = json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": plan.text } } });
        let t0 = c.send(&msg)?;
        let (count, at) = c.diagnostics(&uri, 1)?;
        open.times.push(at - t0);
        diagnostics = count;
        if i + 1 < n.open {
            c.notify(
                "textDocument/didClose",
                json!({ "textDocument": { "uri": uri } }),
            )?;
        }
    }
    rows.push(("didOpen → diagnostics", open));
    let mut doc = Doc {
        uri: uri.clone(),
        version: 1,
        inserted: false,
    };

    // (b) keystroke → diagnostics of its version.
    let mut key = Sample::default();
    for _ in 0..n.keys {
        let t0 = doc.keystroke(&mut c, plan.keystroke)?;
        let (_, at) = c.diagnostics(&uri, doc.version)?;
        key.times.push(at - t0);
    }
    if doc.inserted {
        doc.keystroke(&mut c, plan.keystroke)?;
        c.diagnostics(&uri, doc.version)?;
    }
    rows.push(("keystroke → diagnostics", key));

    // (c) hover, analysis current.
    let hover_params = |p: Pos| json!({ "textDocument": { "uri": uri }, "position": p.json() });
    let mut hover = Sample::default();
    let mut empty = 0;
    for i in 0..n.requests {
        let (r, d) = c.request(
            "textDocument/hover",
            hover_params(plan.hovers[i % plan.hovers.len()]),
        )?;
        empty += r.is_null() as usize;
        hover.times.push(d);
    }
    if empty > 0 {
        hover.note = format!("{empty} empty");
    }
    rows.push(("hover (analysis current)", hover));

    // (c') hover right after a keystroke.
    let mut hover = Sample::default();
    let (mut empty, mut stale) = (0, 0);
    for i in 0..n.requests {
        doc.keystroke(&mut c, plan.keystroke)?;
        let (id, t0) = c.send_request(
            "textDocument/hover",
            hover_params(plan.hovers[i % plan.hovers.len()]),
        )?;
        let (r, at) = c.response(id, "hover")?;
        hover.times.push(at - t0);
        empty += r.is_null() as usize;
        let (_, diag_at) = c.diagnostics(&uri, doc.version)?;
        stale += (at < diag_at) as usize;
    }
    hover.note = format!(
        "{stale}/{} answered before the change's diagnostics",
        n.requests
    );
    if empty > 0 {
        hover.note += &format!("; {empty} empty");
    }
    rows.push(("hover (stale: right after a keystroke)", hover));

    // (d) completion after a typed prefix: " res" typed at the end of a paragraph line.
    let end = plan.completion_line_end;
    doc.version += 1;
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": doc.version },
                "contentChanges": [{ "range": range(end, end), "text": " res" }] }),
    )?;
    c.diagnostics(&uri, doc.version)?;
    let after_prefix = end.right(4);
    let comp_params = |p: Pos| json!({ "textDocument": { "uri": uri }, "position": p.json() });
    let items = |r: &Value| {
        r.get("items")
            .or(Some(r))
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    let mut comp = Sample::default();
    let mut min_items = usize::MAX;
    for _ in 0..n.requests {
        let (r, d) = c.request("textDocument/completion", comp_params(after_prefix))?;
        min_items = min_items.min(items(&r));
        comp.times.push(d);
    }
    comp.note = format!("prefix “res”, ≥ {min_items} items");
    rows.push(("completion (analysis current)", comp));

    // (d') completion right after typing: "res" ↔ "rese", alternately.
    let mut comp = Sample::default();
    let (mut min_items, mut stale) = (usize::MAX, 0);
    let mut long = false;
    for _ in 0..n.requests {
        doc.version += 1;
        let change = if long {
            json!({ "range": range(after_prefix, after_prefix.right(1)), "text": "" })
        } else {
            json!({ "range": range(after_prefix, after_prefix), "text": "e" })
        };
        long = !long;
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": doc.version }, "contentChanges": [change] }),
        )?;
        let at_pos = if long {
            after_prefix.right(1)
        } else {
            after_prefix
        };
        let (id, t0) = c.send_request("textDocument/completion", comp_params(at_pos))?;
        let (r, at) = c.response(id, "completion")?;
        comp.times.push(at - t0);
        min_items = min_items.min(items(&r));
        let (_, diag_at) = c.diagnostics(&uri, doc.version)?;
        stale += (at < diag_at) as usize;
    }
    comp.note = format!(
        "typing “res”↔“rese”, ≥ {min_items} items; {stale}/{} answered before the change's diagnostics",
        n.requests
    );
    rows.push(("completion (stale: right after a keystroke)", comp));

    let (open_rss, hwm) = memory(c.pid())?;
    c.stop()?;
    Ok(SizeResult {
        label,
        bytes: plan.text.len(),
        lines: plan.text.lines().count(),
        diagnostics,
        rows,
        idle_rss,
        open_rss,
        hwm,
    })
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

fn server_exe() -> PathBuf {
    if let Some(p) = std::env::var_os("LSP_BENCH_SERVER") {
        return PathBuf::from(p);
    }
    // Cargo sets this for benchmarks as for integration tests, building the binary first.
    PathBuf::from(env!("CARGO_BIN_EXE_glossary-lsp"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; a filter or `--list` from the harness is ignored.
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let quick = args.iter().any(|a| a == "--quick")
        || std::env::var("LSP_BENCH_QUICK").is_ok_and(|v| v == "1");
    let exe = server_exe();
    if !exe.exists() {
        eprintln!(
            "glossary-lsp binary not found at {}: run `cargo build --profile profiling` first",
            exe.display()
        );
        std::process::exit(1);
    }
    let glossary = load(&[GlossarySource::Builtin]).expect("the built-in glossary loads");
    let terms = corpus::Terms::from_glossary(&glossary);
    let engine = Engine::new(glossary, RuleSettings::default());

    let sizes: Vec<(&'static str, usize, Counts)> = if quick {
        vec![
            (
                "10 KB",
                10 * KB,
                Counts {
                    open: 5,
                    keys: 10,
                    requests: 20,
                },
            ),
            (
                "1 MB",
                MB,
                Counts {
                    open: 3,
                    keys: 10,
                    requests: 20,
                },
            ),
        ]
    } else {
        vec![
            (
                "10 KB",
                10 * KB,
                Counts {
                    open: 20,
                    keys: 50,
                    requests: 200,
                },
            ),
            (
                "1 MB",
                MB,
                Counts {
                    open: 10,
                    keys: 50,
                    requests: 200,
                },
            ),
            (
                "10 MB",
                10 * MB,
                Counts {
                    open: 5,
                    keys: 20,
                    requests: 200,
                },
            ),
        ]
    };
    // `LSP_BENCH_ONLY=10MB` (or `10KB,1MB`): only those sizes.
    let only: Option<Vec<String>> = std::env::var("LSP_BENCH_ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_uppercase()).collect());
    let sizes: Vec<_> = sizes
        .into_iter()
        .filter(|(label, _, _)| {
            only.as_ref()
                .is_none_or(|o| o.contains(&label.replace(' ', "").to_uppercase()))
        })
        .collect();
    eprintln!(
        "server: {}{}",
        exe.display(),
        if quick { " (quick run)" } else { "" }
    );
    let mut results = Vec::new();
    let mut failed = false;
    for (label, size, counts) in &sizes {
        match run_size(&exe, &engine, &terms, label, *size, counts) {
            Ok(r) => results.push(r),
            Err(e) => {
                eprintln!("[{label}] FAILED: {e}");
                failed = true;
            }
        }
    }
    print_report(&results, quick);
    if failed {
        std::process::exit(1);
    }
}

fn print_report(results: &[SizeResult], quick: bool) {
    println!();
    println!("| document | measurement | N | median | p95 | notes |\n|---|---|--:|--:|--:|---|");
    for r in results {
        for (name, s) in &r.rows {
            let note = if *name == "didOpen → diagnostics" {
                format!("{} diagnostics", r.diagnostics)
            } else {
                s.note.clone()
            };
            println!(
                "| {} | {name} | {} | {} | {} | {note} |",
                r.label,
                s.times.len(),
                ms(s.pct(0.5)),
                ms(s.pct(0.95)),
            );
        }
    }
    println!();
    println!("| document | bytes | lines | VmRSS idle | VmRSS, document open | VmHWM (peak) |\n|---|--:|--:|--:|--:|--:|");
    let mb = |kb: u64| format!("{:.1} MB", kb as f64 / 1024.0);
    for r in results {
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            r.label,
            r.bytes,
            r.lines,
            mb(r.idle_rss),
            mb(r.open_rss),
            mb(r.hwm)
        );
    }
    println!();
    println!("Targets:");
    let find = |label: &str, row: &str| {
        results
            .iter()
            .find(|r| r.label == label)
            .and_then(|r| r.rows.iter().find(|(n, _)| n.starts_with(row)))
            .map(|(_, s)| s.pct(0.95))
    };
    let check = |what: &str, v: Option<Duration>, limit: Duration| match v {
        Some(v) => println!(
            "- {what}: p95 {} (< {}) — {}",
            ms(v),
            ms(limit),
            if v < limit { "met" } else { "MISSED" }
        ),
        None => println!(
            "- {what}: not measured{}",
            if quick { " (--quick)" } else { "" }
        ),
    };
    let one = Duration::from_millis(1);
    for (row, name) in [
        ("hover (analysis current)", "hover, analysis current"),
        ("hover (stale", "hover, right after a keystroke"),
        (
            "completion (analysis current)",
            "completion, analysis current",
        ),
        ("completion (stale", "completion, right after a keystroke"),
    ] {
        check(&format!("10 MB {name}"), find("10 MB", row), one);
    }
    check(
        "1 MB keystroke → diagnostics",
        find("1 MB", "keystroke"),
        Duration::from_millis(10),
    );
    match results.first() {
        Some(r) => {
            let ok = r.idle_rss < 30 * 1024;
            println!(
                "- idle VmRSS with the built-in glossary: {:.1} MB (< 30 MB) — {}",
                r.idle_rss as f64 / 1024.0,
                if ok { "met" } else { "MISSED" }
            );
        }
        None => println!("- idle VmRSS: not measured"),
    }
}
