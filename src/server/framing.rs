//! Cutting the client's byte stream into messages, whatever the client sends.
//!
//! LSP frames each message as a block of `Name: value` header lines, a blank line, then
//! exactly `Content-Length` bytes of JSON. A client that gets this wrong must not cost the
//! session, nor the server's memory, so [`Framer`] holds to three rules:
//!
//! - **Bounded**: a header block longer than [`Limits::max_header_bytes`] (a line without a
//!   newline, say) and a body longer than [`Limits::max_message_bytes`] are refused. A body
//!   is read as it arrives, never allocated from the `Content-Length` up front.
//! - **Resynchronising**: after a bad header block (no, an invalid, a negative `Content-Length`,
//!   a line that is no header) the framer skips to the next place where a whole, valid header
//!   block starts. A valid block needs real CR/LF bytes, which JSON cannot hold inside a
//!   string, so the text of a document that mentions "Content-Length:" is never taken for one.
//! - **Length-checked**: a `Content-Length` larger than the message shows when a complete JSON
//!   value is followed by the next header block (or by silence); the message is reported and
//!   the framer goes on from that header. One smaller than the message leaves a truncated body
//!   (reported when it fails to parse) and garbage before the next header, which is skipped
//!   without a second report.
//!
//! Each bad message yields one [`Frame::Bad`]; the transport answers it.

use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

/// Size limits for incoming messages.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest header block, blank line included.
    pub max_header_bytes: usize,
    /// Largest message body.
    pub max_message_bytes: usize,
}

/// Default header limit: real clients send two short lines.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 64 << 10;
/// Default body limit: a 50 MB document (the default document limit) JSON-escaped several
/// times over still fits.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 512 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
        }
    }
}

impl Limits {
    /// The defaults, overridden by `GLOSSARY_LSP_MAX_HEADER_BYTES` and
    /// `GLOSSARY_LSP_MAX_MESSAGE_BYTES` (positive integers, in bytes; others are ignored
    /// with a warning on stderr).
    pub fn from_env() -> Limits {
        let read = |name: &str, default: usize| match std::env::var(name) {
            Err(_) => default,
            Ok(v) => {
                match v.trim().parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => {
                        eprintln!("glossary-lsp: ignoring {name}={v:?}: expected a positive number of bytes");
                        default
                    }
                }
            }
        };
        Limits {
            max_header_bytes: read("GLOSSARY_LSP_MAX_HEADER_BYTES", DEFAULT_MAX_HEADER_BYTES),
            max_message_bytes: read("GLOSSARY_LSP_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES),
        }
    }
}

/// What the framer read next.
#[derive(Debug)]
pub enum Frame {
    /// A body as framed (not yet checked to be JSON-RPC).
    Message(Vec<u8>),
    /// A bad message: the error to answer (`reply`) or only to log.
    Bad {
        /// The request id, when it could be read.
        id: Value,
        /// JSON-RPC error code.
        code: i64,
        /// What was wrong.
        message: String,
        /// Whether to answer it (false: the garbage left by a message already answered).
        reply: bool,
    },
    /// The end of input.
    End,
}

/// How a header block at the start of some bytes parses.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    /// A valid block of `consumed` bytes announcing a `length`-byte body.
    Complete { length: usize, consumed: usize },
    /// Valid so far; more bytes are needed.
    Incomplete,
    /// Not a valid block; resynchronise from `resume` (bytes from the start). `junk`: not
    /// even header lines (as the tail of a message cut short is), rather than a block of
    /// header lines without a valid `Content-Length`.
    Invalid {
        why: String,
        resume: usize,
        junk: bool,
    },
}

const NAME: &[u8] = b"content-length:";

/// Parses the header block at the start of `b` (blank lines before it are skipped).
fn parse_header(b: &[u8], max: usize) -> Header {
    let mut at = 0;
    while at < b.len() && (b[at] == b'\r' || b[at] == b'\n') {
        at += 1;
    }
    let block_start = at;
    let mut length: Option<usize> = None;
    // Why the length is bad, and where its line starts (resynchronising from just after that
    // start finds a good header glued to the bad line, as "Content-Length: 5Content-…").
    let mut bad_length: Option<(String, usize)> = None;
    loop {
        let Some(nl) = memchr::memchr(b'\n', &b[at..]) else {
            return if b.len() - block_start > max {
                Header::Invalid {
                    why: format!("a header longer than {max} bytes"),
                    resume: at + 1,
                    junk: true,
                }
            } else {
                Header::Incomplete
            };
        };
        let line_end = at + nl;
        if line_end + 1 - block_start > max {
            return Header::Invalid {
                why: format!("a header longer than {max} bytes"),
                resume: at + 1,
                junk: true,
            };
        }
        let line = b[at..line_end]
            .strip_suffix(b"\r")
            .unwrap_or(&b[at..line_end]);
        if line.is_empty() {
            let consumed = line_end + 1;
            return match (length, bad_length) {
                (_, Some((why, line_start))) => Header::Invalid {
                    why,
                    resume: line_start + 1,
                    junk: false,
                },
                (Some(length), None) => Header::Complete { length, consumed },
                // From inside the block: garbage glued to a header ("x0Content-Length: 5")
                // makes a line that reads as another header.
                (None, None) => Header::Invalid {
                    why: "no Content-Length header".into(),
                    resume: block_start + 1,
                    junk: false,
                },
            };
        }
        let colon = line.iter().position(|&c| c == b':');
        let name_ok = |n: &[u8]| {
            !n.is_empty()
                && n.iter()
                    .all(|c| c.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(c))
        };
        let Some(colon) = colon.filter(|&c| name_ok(&line[..c])) else {
            return Header::Invalid {
                why: format!(
                    "not a header line: {:?}",
                    String::from_utf8_lossy(&line[..line.len().min(60)])
                ),
                resume: at + 1,
                junk: true,
            };
        };
        if line[..=colon].eq_ignore_ascii_case(NAME) {
            let value = String::from_utf8_lossy(&line[colon + 1..]);
            let value = value.trim();
            let parsed = value
                .bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| value.parse::<usize>().ok())
                .flatten();
            match parsed {
                Some(n) if length.is_none_or(|l| l == n) => length = Some(n),
                Some(_) => bad_length = Some(("two different Content-Length headers".into(), at)),
                None => {
                    let shown: String = value.chars().take(40).collect();
                    bad_length = Some((format!("invalid Content-Length {shown:?}"), at))
                }
            }
        }
        at = line_end + 1;
    }
}

/// Where the next `Content-Length:` (any case) starts in `b`.
fn find_name(b: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b'c', b'C', &b[from..]) {
        let k = from + i;
        if b.len() - k < NAME.len() {
            return None;
        }
        if b[k..k + NAME.len()].eq_ignore_ascii_case(NAME) {
            return Some(k);
        }
        from = k + 1;
    }
    None
}

/// Whether `b` is one complete JSON value (white space around it allowed).
fn is_complete_json(b: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(b).is_ok()
}

/// How long a body may stall, once what came is a complete JSON value, before the
/// `Content-Length` is taken to be too large.
const STALL: Duration = Duration::from_millis(1500);

/// What [`Framer::early_end`] found.
enum Early {
    /// The body ends at this offset.
    At(usize),
    /// A candidate header needs more bytes to decide.
    NeedMore,
    /// No early end (so far).
    No,
}

/// Reads framed messages from a byte stream (see the module docs).
pub struct Framer<R> {
    input: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    limits: Limits,
    /// The previous message was answered as bad: garbage right after it is its leftover.
    after_bad: bool,
    /// A bad header block was reported: skip to the next valid one first.
    resyncing: bool,
    /// Where reads land before they join `buf` (so a read cut short by a timeout loses
    /// nothing).
    scratch: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Framer<R> {
    /// A framer over `input`.
    pub fn new(input: R, limits: Limits) -> Framer<R> {
        Framer {
            input,
            buf: Vec::with_capacity(1 << 16),
            pos: 0,
            eof: false,
            limits,
            after_bad: false,
            resyncing: false,
            scratch: vec![0; 1 << 16],
        }
    }

    /// Tells the framer that the message it just gave was bad (it did not parse): garbage
    /// right after it is that message's leftover, skipped without a second report.
    pub fn last_was_bad(&mut self) {
        self.after_bad = true;
    }

    /// Reads more input; false at its end (or on a read error, which ends the session too).
    async fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        if self.pos > 0 && self.pos * 2 >= self.buf.len() {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let n = match self.input.read(&mut self.scratch).await {
            Ok(n) => n,
            Err(e) => {
                eprintln!("glossary-lsp: reading stdin failed: {e}");
                0
            }
        };
        self.buf.extend_from_slice(&self.scratch[..n]);
        if n == 0 {
            self.eof = true;
        }
        n > 0
    }

    fn pending(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// The next message, bad message or the end of input.
    pub async fn next(&mut self) -> Frame {
        // A large message grew the buffer: give the memory back once it is read.
        if self.buf.capacity() > 1 << 20 && self.pending().len() <= 1 << 16 {
            self.buf.drain(..self.pos);
            self.pos = 0;
            self.buf.shrink_to(1 << 16);
        }
        if std::mem::take(&mut self.resyncing) && !self.resync().await {
            return Frame::End;
        }
        loop {
            match parse_header(self.pending(), self.limits.max_header_bytes) {
                Header::Incomplete => {
                    if !self.fill().await {
                        return Frame::End;
                    }
                }
                Header::Invalid { why, resume, junk } => {
                    self.pos += resume.min(self.pending().len());
                    let reply = !(std::mem::take(&mut self.after_bad) && junk);
                    // Reported now, skipped at the next call (the client may wait for the
                    // answer before it sends more).
                    self.resyncing = true;
                    return Frame::Bad {
                        id: Value::Null,
                        code: -32700,
                        message: format!("Parse error: {why}; skipped to the next message"),
                        reply,
                    };
                }
                Header::Complete { length, consumed } => {
                    self.pos += consumed;
                    self.after_bad = false;
                    if length > self.limits.max_message_bytes {
                        self.after_bad = true;
                        return Frame::Bad {
                            id: Value::Null,
                            code: -32600,
                            message: format!(
                                "Invalid Request: a message of {length} bytes (the limit is {}, \
                                 set by GLOSSARY_LSP_MAX_MESSAGE_BYTES); skipped",
                                self.limits.max_message_bytes
                            ),
                            reply: true,
                        };
                    }
                    return self.body(length).await;
                }
            }
        }
    }

    /// Skips input up to the next valid header block; false at the end of input.
    async fn resync(&mut self) -> bool {
        let mut from = 0;
        loop {
            let pending = self.pending();
            match find_name(&pending[from..]) {
                Some(i) => {
                    let k = from + i;
                    match parse_header(&pending[k..], self.limits.max_header_bytes) {
                        Header::Complete { .. } => {
                            self.pos += k;
                            return true;
                        }
                        Header::Invalid { .. } => from = k + 1,
                        Header::Incomplete => {
                            self.pos += k;
                            from = 0;
                            if !self.fill().await {
                                return false;
                            }
                        }
                    }
                }
                None => {
                    // Keep only a tail that may start a split name.
                    let keep = (NAME.len() - 1).min(pending.len());
                    self.pos += pending.len() - keep;
                    from = 0;
                    if !self.fill().await {
                        return false;
                    }
                }
            }
        }
    }

    /// Reads a `length`-byte body, watching for a `Content-Length` that is too large.
    async fn body(&mut self, length: usize) -> Frame {
        let mut scan_from = 0;
        loop {
            // A header block starting inside what should be this body, right after a complete
            // JSON value: the length was too large.
            match self.early_end(&mut scan_from, length) {
                Early::At(end) => return self.too_long(length, end),
                Early::No if self.pending().len() >= length => break,
                Early::No | Early::NeedMore => {}
            }
            match tokio::time::timeout(STALL, self.fill()).await {
                Ok(true) => {}
                Ok(false) if self.pending().len() >= length => break,
                Ok(false) => return Frame::End,
                Err(_) if self.pending().len() >= length => break,
                Err(_) => {
                    // Silence after a complete JSON value: nothing more is coming.
                    if is_complete_json(self.pending()) {
                        return self.too_long(length, self.pending().len());
                    }
                }
            }
        }
        let body = self.pending()[..length].to_vec();
        self.pos += length;
        Frame::Message(body)
    }

    /// Whether the body ends early: a whole header block starts within its first `length`
    /// bytes, right after a complete JSON value. Candidates before `scan_from` were ruled out.
    fn early_end(&self, scan_from: &mut usize, length: usize) -> Early {
        let pending = self.pending();
        while *scan_from < pending.len().min(length) {
            let Some(i) = find_name(&pending[*scan_from..]) else {
                // A name cut off by the end of what has come so far?
                let tail = pending.len().saturating_sub(NAME.len() - 1).max(*scan_from);
                let partial = (tail..pending.len().min(length)).find(|&k| {
                    let have = &pending[k..];
                    have.eq_ignore_ascii_case(&NAME[..have.len()])
                });
                return match partial {
                    Some(k) => {
                        *scan_from = k;
                        Early::NeedMore
                    }
                    None => {
                        *scan_from = tail.max(*scan_from);
                        Early::No
                    }
                };
            };
            let k = *scan_from + i;
            if k >= length {
                break;
            }
            match parse_header(&pending[k..], self.limits.max_header_bytes) {
                Header::Incomplete => {
                    *scan_from = k;
                    return Early::NeedMore;
                }
                Header::Complete { .. } if is_complete_json(&pending[..k]) => return Early::At(k),
                _ => *scan_from = k + 1,
            }
        }
        Early::No
    }

    /// Reports a message whose `Content-Length` said `length` but which ended after `end`
    /// bytes; reading goes on after it.
    fn too_long(&mut self, length: usize, end: usize) -> Frame {
        let id = id_of(&self.pending()[..end]);
        self.pos += end;
        Frame::Bad {
            id,
            code: -32700,
            message: format!(
                "Parse error: Content-Length {length} is larger than the message ({end} bytes); \
                 the message was not processed"
            ),
            reply: true,
        }
    }
}

/// The `id` of a message, if it has a readable one (else `null`).
pub fn id_of(body: &[u8]) -> Value {
    #[derive(serde::Deserialize)]
    struct Id {
        #[serde(default)]
        id: Option<Value>,
    }
    serde_json::from_slice::<Id>(body)
        .ok()
        .and_then(|i| i.id)
        .filter(|id| id.is_string() || id.is_i64())
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(b: &[u8]) -> Option<(usize, usize)> {
        match parse_header(b, 1024) {
            Header::Complete { length, consumed } => Some((length, consumed)),
            _ => None,
        }
    }

    #[test]
    fn header_blocks() {
        assert_eq!(complete(b"Content-Length: 12\r\n\r\n{"), Some((12, 22)));
        assert_eq!(complete(b"\r\ncontent-length:3\n\n"), Some((3, 22 - 2)));
        assert_eq!(
            complete(b"Content-Type: x\r\nContent-Length: 7\r\n\r\n"),
            Some((7, 38))
        );
        assert_eq!(parse_header(b"Content-Length: 1", 1024), Header::Incomplete);
        for bad in [
            &b"Content-Length: -5\r\n\r\n"[..],
            b"Content-Length: abc\r\n\r\n",
            b"Content-Length: 99999999999999999999999\r\n\r\n",
            b"Content-Type: x\r\n\r\n",
            b"{\"a\":1}Content-Length: 5\r\n\r\n",
            b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
        ] {
            assert!(
                matches!(parse_header(bad, 1024), Header::Invalid { .. }),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let long = vec![b'a'; 2000];
        assert!(matches!(parse_header(&long, 1024), Header::Invalid { .. }));
        assert_eq!(find_name(b"xx}CONTENT-length: 3"), Some(3));
        assert_eq!(find_name(b"Content-Lengt"), None);
    }

    /// How one message of a generated stream is damaged.
    #[derive(Debug, Clone)]
    enum Damage {
        None,
        /// Garbage without a line break before it.
        Garbage(String),
        /// A wrong `Content-Length` (by this many bytes, not 0).
        Length(i64),
        /// A header block that is bad as a whole: missing, invalid or negative length.
        Header(&'static str),
    }

    fn damage() -> impl proptest::strategy::Strategy<Value = Damage> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Damage::None),
            "[a-zA-Z0-9{}\":, \\[\\]\r-]{1,80}".prop_map(Damage::Garbage),
            (-30i64..200)
                .prop_filter("wrong", |d| *d != 0)
                .prop_map(Damage::Length),
            prop_oneof![
                Just("Content-Type: x"),
                Just("Content-Length: -7"),
                Just("Content-Length: 1e3"),
                Just("Content-Length:")
            ]
            .prop_map(Damage::Header),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 96,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x9f7a),
            ..Default::default()
        })]
        /// Whatever damage precedes it, every intact message after a damaged one is read,
        /// in order; a damaged one never is (nor swallows its successor).
        #[test]
        fn every_intact_message_is_recovered(
            plan in proptest::collection::vec((damage(), 0usize..60), 1..12)
        ) {
            let mut stream = Vec::new();
            let mut expected = Vec::new();
            for (i, (damage, pad)) in plan.iter().enumerate() {
                let body = format!(r#"{{"jsonrpc":"2.0","id":{i},"method":"m","params":"{}"}}"#, "p".repeat(*pad));
                match damage {
                    Damage::None => {}
                    Damage::Garbage(g) => stream.extend_from_slice(g.as_bytes()),
                    Damage::Length(d) => {
                        let len = (body.len() as i64 + d).max(1) as usize;
                        stream.extend_from_slice(format!("Content-Length: {len}\r\n\r\n{body}").as_bytes());
                    }
                    Damage::Header(h) => {
                        stream.extend_from_slice(format!("{h}\r\n\r\n{body}").as_bytes())
                    }
                }
                // The intact copy of the message follows each damaged one.
                stream.extend_from_slice(msg(&body).as_bytes());
                expected.push(i as i64);
            }
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let got = rt.block_on(frames(&stream, Limits::default()));
            let ids: Vec<i64> = got
                .iter()
                .filter_map(|m| serde_json::from_str::<Value>(m).ok())
                .filter_map(|v| v["id"].as_i64())
                .collect();
            proptest::prop_assert_eq!(ids, expected, "{:?}", String::from_utf8_lossy(&stream));
        }
    }

    async fn frames(input: &[u8], limits: Limits) -> Vec<String> {
        let mut f = Framer::new(input, limits);
        let mut out = Vec::new();
        loop {
            match f.next().await {
                Frame::End => return out,
                Frame::Message(b) => out.push(String::from_utf8_lossy(&b).into_owned()),
                Frame::Bad { reply, id, .. } => out.push(format!("bad({reply},{id})")),
            }
        }
    }

    fn msg(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn recovers_after_every_kind_of_bad_frame() {
        let a = r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#;
        let b = r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#;
        let cases = [
            format!("Content-Length: -3\r\n\r\n{a}{}", msg(b)),
            format!("Content-Length: x\r\n\r\n{a}{}", msg(b)),
            format!("Content-Type: y\r\n\r\n{a}{}", msg(b)),
            format!("garbage without a newline {a}{}", msg(b)),
        ];
        for case in &cases {
            let got = frames(case.as_bytes(), Limits::default()).await;
            assert_eq!(got.len(), 2, "{case}: {got:?}");
            assert_eq!(got[0], "bad(true,null)", "{case}");
            assert_eq!(got.last().unwrap(), b, "{case}");
        }
        // Too small: the truncated body comes as a message (it fails to parse later); the
        // rest of it is skipped silently.
        let got = frames(
            format!("Content-Length: 10\r\n\r\n{a}{}", msg(b)).as_bytes(),
            Limits::default(),
        )
        .await;
        assert_eq!(got[0], &a[..10]);
        assert_eq!(got.last().unwrap(), b);
        // Too large: the message is reported with its id, the next one is read.
        let got = frames(
            format!("Content-Length: 500\r\n\r\n{a}{}", msg(b)).as_bytes(),
            Limits::default(),
        )
        .await;
        assert_eq!(got, ["bad(true,1)".to_string(), b.to_string()]);
        // Over the limits.
        let limits = Limits {
            max_header_bytes: 64,
            max_message_bytes: 40,
        };
        let huge = format!("{}{}", msg(&format!("[{}]", "1,".repeat(30) + "1")), msg(b));
        let got = frames(huge.as_bytes(), limits).await;
        // Its body is then skipped as the leftover of a message already answered.
        assert_eq!(got, ["bad(true,null)", "bad(false,null)", b]);
        let got = frames(format!("{}{}", "x".repeat(500), msg(b)).as_bytes(), limits).await;
        assert_eq!(got, ["bad(true,null)".to_string(), b.to_string()]);
    }
}
