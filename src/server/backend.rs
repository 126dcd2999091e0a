//! The LSP handlers: translation between LSP and the engine, nothing more.

use super::documents::{Cached, Document};
use super::settings::{self, Problem, Settings};
use super::workspace::{self, Addition, FileChange};
use glossary_lsp::config::Config;
use glossary_lsp::glossary::{GlossaryError, BUILTIN_NAME};
use glossary_lsp::ide;
use glossary_lsp::position::{Encoding, LineIndex};
use glossary_lsp::rules::{Finding, Severity};
use glossary_lsp::{Engine, Format};
use ropey::Rope;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

/// Commands the server executes.
pub const COMMANDS: &[&str] = &[
    "glossary-lsp.reload",
    "glossary-lsp.termReport",
    "glossary-lsp.addTerm",
    "glossary-lsp.addException",
    // A debugging aid: the server's copy of a document's text and version.
    "glossary-lsp.debugText",
];

const SOURCE: &str = "glossary-lsp";
const TOKEN_TYPE: &str = "glossaryTerm";
const MOD_DEPRECATED: u32 = 1;
const MOD_ABBREVIATION: u32 = 2;

/// Set once `shutdown` has been received (the exit code depends on it).
pub fn shutdown_flag() -> &'static AtomicBool {
    static FLAG: AtomicBool = AtomicBool::new(false);
    &FLAG
}

/// What the client can do, read once from `initialize`.
#[derive(Debug, Clone, Copy)]
struct Caps {
    encoding: Encoding,
    pull_diagnostics: bool,
    watch_dynamic: bool,
    progress: bool,
    apply_edit: bool,
    resource_create: bool,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            encoding: Encoding::Utf16,
            pull_diagnostics: false,
            watch_dynamic: false,
            progress: false,
            apply_edit: false,
            resource_create: false,
        }
    }
}

struct EngineState {
    engine: Arc<Engine>,
    generation: u64,
    config: Config,
}

struct Inner {
    client: Client,
    docs: Mutex<HashMap<Url, Document>>,
    engine: RwLock<EngineState>,
    caps: OnceLock<Caps>,
    root: OnceLock<Option<PathBuf>>,
    settings: Mutex<Settings>,
    /// Glossary texts the server edited through the client, until the disk catches up.
    overrides: Mutex<HashMap<PathBuf, String>>,
    /// Files on which glossary errors are shown.
    broken: Mutex<HashSet<Url>>,
    progress_ids: AtomicU64,
    /// Problems found while initializing, shown once initialized.
    pending: Mutex<Vec<Problem>>,
}

/// The language server.
#[derive(Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

fn log(client: &Client, typ: MessageType, msg: String) {
    eprintln!("glossary-lsp: {msg}");
    let client = client.clone();
    tokio::spawn(async move { client.log_message(typ, msg).await });
}

impl Backend {
    /// A server talking to `client`.
    pub fn new(client: Client) -> Backend {
        let config = Config::default();
        let engine = settings::build_engine(&config, &HashMap::new())
            .expect("the built-in glossary is valid");
        Backend {
            inner: Arc::new(Inner {
                client,
                docs: Mutex::new(HashMap::new()),
                engine: RwLock::new(EngineState {
                    engine: Arc::new(engine),
                    generation: 1,
                    config,
                }),
                caps: OnceLock::new(),
                root: OnceLock::new(),
                settings: Mutex::new(Settings::default()),
                overrides: Mutex::new(HashMap::new()),
                broken: Mutex::new(HashSet::new()),
                progress_ids: AtomicU64::new(1),
                pending: Mutex::new(Vec::new()),
            }),
        }
    }

    fn caps(&self) -> Caps {
        self.inner.caps.get().copied().unwrap_or_default()
    }

    fn enc(&self) -> Encoding {
        self.caps().encoding
    }

    fn root(&self) -> Option<PathBuf> {
        self.inner.root.get().cloned().flatten()
    }

    fn engine(&self) -> (Arc<Engine>, u64) {
        let e = self.inner.engine.read().unwrap_or_else(|p| p.into_inner());
        (e.engine.clone(), e.generation)
    }

    fn docs(&self) -> std::sync::MutexGuard<'_, HashMap<Url, Document>> {
        self.inner.docs.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn log(&self, typ: MessageType, msg: String) {
        log(&self.inner.client, typ, msg);
    }

    fn format_for(uri: &Url, language_id: &str) -> Format {
        match language_id {
            "markdown" | "mdx" | "md" => Format::Markdown,
            "plaintext" | "text" | "txt" => Format::PlainText,
            _ => Format::from_path(Path::new(uri.path())),
        }
    }

    // ---- analysis -------------------------------------------------------------------------

    /// Starts an analysis of `uri` unless one is running (that one re-runs when it finds the
    /// document changed).
    fn schedule(&self, uri: &Url) {
        let mut docs = self.docs();
        let Some(doc) = docs.get_mut(uri) else {
            return;
        };
        if !doc.enabled || doc.analyzing {
            return;
        }
        doc.analyzing = true;
        drop(docs);
        let this = self.clone();
        let uri = uri.clone();
        tokio::spawn(async move { this.analysis_loop(uri).await });
    }

    async fn analysis_loop(self, uri: Url) {
        loop {
            let (engine, generation) = self.engine();
            let snapshot = {
                let mut docs = self.docs();
                let Some(doc) = docs.get_mut(&uri) else {
                    return;
                };
                if !doc.enabled || doc.current(generation).is_some() {
                    doc.analyzing = false;
                    return;
                }
                (doc.rope.clone(), doc.rev, doc.version, doc.format)
            };
            let (rope, rev, version, format) = snapshot;
            let enc = self.enc();
            let cached = tokio::task::spawn_blocking(move || {
                analyze(&engine, &rope, format, rev, version, generation, enc)
            })
            .await;
            let cached = match cached {
                Ok(c) => Arc::new(c),
                Err(e) => {
                    self.log(MessageType::ERROR, format!("analysis failed: {e}"));
                    if let Some(doc) = self.docs().get_mut(&uri) {
                        doc.analyzing = false;
                    }
                    return;
                }
            };
            let publish = {
                let mut docs = self.docs();
                let Some(doc) = docs.get_mut(&uri) else {
                    return;
                };
                if doc.rev == rev && self.engine().1 == generation {
                    doc.cached = Some(cached.clone());
                    doc.trim_edits();
                    true
                } else {
                    false // stale: the loop analyses the newer text
                }
            };
            if publish && !self.caps().pull_diagnostics {
                self.inner
                    .client
                    .publish_diagnostics(uri.clone(), cached.diagnostics.clone(), Some(version))
                    .await;
            }
        }
    }

    /// The analysis of the current text of `uri`, with the rope it belongs to: the cached one
    /// if current, else computed now (off the async threads).
    async fn analysis_now(&self, uri: &Url) -> Option<(Arc<Cached>, Rope)> {
        let (engine, generation) = self.engine();
        let (rope, rev, version, format) = {
            let docs = self.docs();
            let doc = docs.get(uri)?;
            if let Some(c) = doc.current(generation) {
                return Some((c.clone(), doc.rope.clone()));
            }
            (doc.rope.clone(), doc.rev, doc.version, doc.format)
        };
        let enc = self.enc();
        let r2 = rope.clone();
        let cached = tokio::task::spawn_blocking(move || {
            analyze(&engine, &r2, format, rev, version, generation, enc)
        })
        .await
        .ok()?;
        let cached = Arc::new(cached);
        if let Some(doc) = self.docs().get_mut(uri) {
            if doc.rev == rev && self.engine().1 == generation {
                doc.cached = Some(cached.clone());
                doc.trim_edits();
            }
        }
        Some((cached, rope))
    }

    // ---- configuration --------------------------------------------------------------------

    /// Rebuilds the engine from the configuration and settings. On error the last good engine
    /// stays; the errors are shown on the files at fault and in a message.
    async fn reload(&self) -> Vec<String> {
        let problems = self.rebuild_engine().await;
        self.show_problems(&problems).await;
        // Re-analyse every open document with the new engine.
        let uris: Vec<Url> = self.docs().keys().cloned().collect();
        for uri in &uris {
            self.schedule(uri);
        }
        if self.caps().pull_diagnostics {
            let _ = self.inner.client.workspace_diagnostic_refresh().await;
        }
        let client = self.inner.client.clone();
        tokio::spawn(async move {
            let _ = client.semantic_tokens_refresh().await;
        });
        problems.iter().map(|p| p.message.clone()).collect()
    }

    /// Builds the engine from the configuration; on success it replaces the current one.
    async fn rebuild_engine(&self) -> Vec<Problem> {
        let root = self.root();
        let settings = self
            .inner
            .settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let overrides = self
            .inner
            .overrides
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let this = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let config = settings::effective_config(root.as_deref(), &settings, &overrides)
                .map_err(|p| vec![p])?;
            // The configuration is good: keep it (its glossaries are watched and edited) even
            // if a glossary is broken.
            this.inner
                .engine
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .config = config.clone();
            let engine = settings::build_engine(&config, &overrides)
                .map_err(|errs| errs.into_iter().map(problem_of).collect::<Vec<_>>())?;
            Ok::<_, Vec<Problem>>(engine)
        })
        .await
        .unwrap_or_else(|e| {
            Err(vec![Problem {
                location: None,
                message: format!("reload failed: {e}"),
            }])
        });
        match result {
            Ok(engine) => {
                let mut state = self.inner.engine.write().unwrap_or_else(|p| p.into_inner());
                state.engine = Arc::new(engine);
                state.generation += 1;
                Vec::new()
            }
            Err(problems) => problems,
        }
    }

    async fn show_problems(&self, problems: &[Problem]) {
        let enc = self.enc();
        let mut by_file: HashMap<Url, Vec<Diagnostic>> = HashMap::new();
        for p in problems {
            let Some((path, line, col)) = &p.location else {
                continue;
            };
            let Ok(uri) = Url::from_file_path(path) else {
                continue;
            };
            let text = self.read_text(path).unwrap_or_default();
            let pos = file_position(&text, *line, *col, enc);
            by_file.entry(uri).or_default().push(Diagnostic {
                range: Range::new(pos, pos),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some(SOURCE.into()),
                code: Some(NumberOrString::String("glossary-error".into())),
                message: p.message.clone(),
                ..Default::default()
            });
        }
        let previously: HashSet<Url> = {
            let mut broken = self.inner.broken.lock().unwrap_or_else(|p| p.into_inner());
            let prev = broken.clone();
            *broken = by_file.keys().cloned().collect();
            prev
        };
        for uri in previously {
            if !by_file.contains_key(&uri) {
                self.inner
                    .client
                    .publish_diagnostics(uri, Vec::new(), None)
                    .await;
            }
        }
        for (uri, diags) in by_file {
            self.inner
                .client
                .publish_diagnostics(uri, diags, None)
                .await;
        }
        if let Some(first) = problems.first() {
            let place = first
                .location
                .as_ref()
                .map(|(p, l, c)| format!("{}:{l}:{c}: ", p.display()))
                .unwrap_or_default();
            let more = if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            };
            let msg = format!(
                "glossary-lsp: the glossary or configuration has errors; keeping the last good glossary. {place}{}{more}",
                first.message
            );
            eprintln!("{msg}");
            self.inner
                .client
                .show_message(MessageType::ERROR, msg)
                .await;
        }
    }

    /// A file's text: the open document's, an edit the server made, or the disk's.
    fn read_text(&self, path: &Path) -> Option<String> {
        if let Ok(uri) = Url::from_file_path(path) {
            if let Some(doc) = self.docs().get(&uri) {
                return Some(doc.rope.to_string());
            }
        }
        if let Some(t) = self
            .inner
            .overrides
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(path)
        {
            return Some(t.clone());
        }
        std::fs::read_to_string(path).ok()
    }

    fn is_config_file(&self, path: &Path) -> bool {
        let state = self.inner.engine.read().unwrap_or_else(|p| p.into_inner());
        path.file_name()
            .is_some_and(|n| n == glossary_lsp::config::CONFIG_FILE)
            || state.config.glossaries.iter().any(|g| g == path)
            || self
                .inner
                .broken
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .iter()
                .any(|u| u.to_file_path().ok().as_deref() == Some(path))
    }

    // ---- team glossary --------------------------------------------------------------------

    async fn add_to_team(&self, what: Addition<'_>) -> Result<Value> {
        let Some(root) = self.root() else {
            return Err(Error::invalid_params(
                "no workspace folder: cannot tell where the team glossary lives",
            ));
        };
        let (glossaries, config_path) = {
            let state = self.inner.engine.read().unwrap_or_else(|p| p.into_inner());
            (state.config.glossaries.clone(), state.config.path.clone())
        };
        let changes =
            workspace::team_changes(&root, &glossaries, config_path.as_deref(), what, &|p| {
                self.read_text(p)
            });
        if changes.is_empty() {
            return Ok(json!({ "applied": false, "reason": "already there" }));
        }
        let caps = self.caps();
        let mut applied = false;
        if caps.apply_edit && caps.resource_create {
            let edit = workspace_edit(&changes, self.enc());
            match self.inner.client.apply_edit(edit).await {
                Ok(r) if r.applied => {
                    applied = true;
                    let mut overrides = self
                        .inner
                        .overrides
                        .lock()
                        .unwrap_or_else(|p| p.into_inner());
                    for c in &changes {
                        overrides.insert(c.path.clone(), c.after());
                    }
                }
                Ok(r) => self.log(
                    MessageType::WARNING,
                    format!(
                        "the editor did not apply the glossary edit ({}); writing the file instead",
                        r.failure_reason.unwrap_or_default()
                    ),
                ),
                Err(e) => self.log(
                    MessageType::WARNING,
                    format!("workspace/applyEdit failed ({e}); writing the file instead"),
                ),
            }
        }
        if !applied {
            for c in &changes {
                if let Some(dir) = c.path.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                if let Err(e) = std::fs::write(&c.path, c.after()) {
                    return Err(Error::invalid_params(format!(
                        "cannot write {}: {e}",
                        c.path.display()
                    )));
                }
            }
        }
        let errors = self.reload().await;
        let files: Vec<String> = changes
            .iter()
            .map(|c| c.path.display().to_string())
            .collect();
        Ok(json!({ "applied": true, "viaClient": applied, "files": files, "errors": errors }))
    }

    // ---- helpers for requests -------------------------------------------------------------

    /// The term under `pos`: from the current analysis, or by matching the paragraph around
    /// the cursor. Returns the entry, the match and its LSP range.
    fn term_at(
        &self,
        uri: &Url,
        pos: Position,
    ) -> Option<(Arc<Engine>, glossary_lsp::matcher::TermMatch, Range)> {
        let (engine, generation) = self.engine();
        let enc = self.enc();
        let docs = self.docs();
        let doc = docs.get(uri)?;
        if !doc.enabled {
            return None;
        }
        let off = doc.offset(pos, enc)?;
        if let Some(c) = doc.current(generation) {
            let m = ide::term_at(&c.analysis.matches, off)?.clone();
            let range = doc.range(m.range.clone(), enc);
            return Some((engine, m, range));
        }
        if in_opaque_block(doc, off) {
            return None;
        }
        let (base, chunk) = chunk_around(doc, off);
        let w = ide::paragraph_around(&chunk, off - base, 2048);
        let mut matches = ide::terms_in_window(&engine, &chunk[w.clone()], doc.format);
        for m in &mut matches {
            m.range = m.range.start + base + w.start..m.range.end + base + w.start;
        }
        let m = ide::term_at(&matches, off)?.clone();
        let range = doc.range(m.range.clone(), enc);
        Some((engine, m, range))
    }
}

/// Bytes around the cursor that the window functions look at.
const CHUNK: usize = 4096;

fn chunk_around(doc: &Document, off: usize) -> (usize, String) {
    let len = doc.rope.len_bytes();
    let start = doc
        .rope
        .char_to_byte(doc.rope.byte_to_char(off.saturating_sub(CHUNK)));
    let end = doc
        .rope
        .char_to_byte(doc.rope.byte_to_char((off + CHUNK).min(len)));
    (start, doc.slice(start..end))
}

/// Whether `off` lies inside a Markdown code block, front matter or HTML block, as far as the
/// last analysis knows (offsets mapped back through the edits since).
fn in_opaque_block(doc: &Document, off: usize) -> bool {
    if doc.format != Format::Markdown {
        return false;
    }
    match doc.map_to_cached(off) {
        Some((old, c)) => c.opaque.iter().any(|r| r.start < old && old < r.end),
        None => false,
    }
}

fn problem_of(e: GlossaryError) -> Problem {
    let path = &*e.location.path;
    Problem {
        location: (path != BUILTIN_NAME)
            .then(|| (PathBuf::from(path), e.location.line, e.location.column)),
        message: format!("{}: {}", e.location, e.message),
    }
}

/// The LSP position of 1-based `line`:`col` (in characters) of a file's text.
fn file_position(text: &str, line: usize, col: usize, enc: Encoding) -> Position {
    let idx = LineIndex::new(text);
    let line0 = line.saturating_sub(1);
    let off = idx
        .offset(text, line0, col.saturating_sub(1), Encoding::Chars)
        .unwrap_or(text.len());
    let (l, c) = idx.position(text, off, enc);
    Position::new(l as u32, c as u32)
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn diagnostic(
    engine: &Engine,
    text: &str,
    lines: &LineIndex,
    enc: Encoding,
    f: &Finding,
) -> Diagnostic {
    let pos = |o: usize| {
        let (l, c) = lines.position(text, o, enc);
        Position::new(l as u32, c as u32)
    };
    Diagnostic {
        range: Range::new(pos(f.range.start), pos(f.range.end)),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().into())),
        source: Some(SOURCE.into()),
        message: f.message.clone(),
        data: Some(json!({
            "rule": f.rule.code(),
            "suggestions": f.suggestions,
            "fixIsSafe": f.fix_is_safe,
            "term": engine.glossary().entry(f.entry).id,
            "text": &text[f.range.clone()],
        })),
        ..Default::default()
    }
}

fn analyze(
    engine: &Engine,
    rope: &Rope,
    format: Format,
    rev: u64,
    version: i32,
    generation: u64,
    enc: Encoding,
) -> Cached {
    let text = rope.to_string();
    let analysis = engine.analyze(&text, format);
    let opaque = ide::opaque_blocks(&text, format);
    let lines = LineIndex::new(&text);
    let diagnostics = analysis
        .findings
        .iter()
        .map(|f| diagnostic(engine, &text, &lines, enc, f))
        .collect();
    let mut first_use = vec![usize::MAX; engine.glossary().entries().len()];
    for m in &analysis.matches {
        if first_use[m.entry] == usize::MAX {
            first_use[m.entry] = m.range.end;
        }
    }
    Cached {
        rev,
        version,
        generation,
        analysis,
        opaque,
        diagnostics,
        first_use,
    }
}

fn workspace_edit(changes: &[FileChange], enc: Encoding) -> WorkspaceEdit {
    let mut ops = Vec::new();
    for c in changes {
        let Ok(uri) = Url::from_file_path(&c.path) else {
            continue;
        };
        if c.create {
            ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
                CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                },
            )));
        }
        let rope = Rope::from_str(&c.before);
        let range = Range::new(
            super::documents::position(&rope, c.edit.range.start, enc),
            super::documents::position(&rope, c.edit.range.end, enc),
        );
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit::new(range, c.edit.text.clone()))],
        }));
    }
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(ops)),
        ..Default::default()
    }
}

fn args_string(args: &[Value], key: &str) -> Option<String> {
    let first = args.first()?;
    first
        .as_str()
        .map(str::to_string)
        .or_else(|| first.get(key).and_then(Value::as_str).map(str::to_string))
}

/// Semantic tokens for term matches (split at line ends; positions in the negotiated units).
fn semantic_tokens(
    engine: &Engine,
    rope: &Rope,
    matches: &[glossary_lsp::matcher::TermMatch],
    enc: Encoding,
) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(matches.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for m in matches {
        let e = engine.glossary().entry(m.entry);
        let f = &e.forms[m.form];
        let mut mods = 0;
        if f.status == glossary_lsp::glossary::FormStatus::Deprecated {
            mods |= MOD_DEPRECATED;
        }
        if f.acronym {
            mods |= MOD_ABBREVIATION;
        }
        let start = super::documents::position(rope, m.range.start, enc);
        let end = super::documents::position(rope, m.range.end, enc);
        let mut line = start.line;
        let mut col = start.character;
        while line <= end.line {
            let len = if line == end.line {
                end.character.saturating_sub(col)
            } else {
                let line_start = rope.line_to_byte(line as usize);
                let next = rope.line_to_byte(line as usize + 1);
                let mut content_end = next;
                while content_end > line_start
                    && matches!(rope.byte(content_end - 1), b'\n' | b'\r')
                {
                    content_end -= 1;
                }
                super::documents::position(rope, content_end, enc)
                    .character
                    .saturating_sub(col)
            };
            if len > 0 {
                let delta_line = line - prev_line;
                let delta_start = if delta_line == 0 { col - prev_col } else { col };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: len,
                    token_type: 0,
                    token_modifiers_bitset: mods,
                });
                prev_line = line;
                prev_col = col;
            }
            line += 1;
            if line > end.line {
                break;
            }
            // Skip the indentation of a continuation line.
            let ls = rope.line_to_byte(line as usize);
            let mut b = ls;
            while b < rope.len_bytes() && matches!(rope.byte(b), b' ' | b'\t') {
                b += 1;
            }
            col = super::documents::position(rope, b, enc).character;
        }
    }
    out
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let c = &params.capabilities;
        let utf8 = c
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let pull = c
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let ws = c.workspace.as_ref();
        let caps = Caps {
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            pull_diagnostics: pull,
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            progress: c
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
            resource_create: ws.and_then(|w| w.workspace_edit.as_ref()).is_some_and(|e| {
                e.document_changes == Some(true)
                    && e.resource_operations
                        .as_ref()
                        .is_some_and(|r| r.contains(&ResourceOperationKind::Create))
            }),
        };
        let _ = self.inner.caps.set(caps);
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| f.uri.to_file_path().ok())
            .or_else(|| params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()))
            .or_else(|| params.root_path.as_ref().map(PathBuf::from));
        let _ = self.inner.root.set(root);
        match Settings::from_json(params.initialization_options.as_ref()) {
            Ok(s) => {
                *self
                    .inner
                    .settings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = s
            }
            Err(e) => self.log(MessageType::ERROR, format!("initializationOptions: {e}")),
        }
        // The engine is built now, so the first diagnostics use the team's glossary; its
        // problems are shown once the client is ready (`initialized`).
        let problems = self.rebuild_engine().await;
        *self.inner.pending.lock().unwrap_or_else(|p| p.into_inner()) = problems;
        let legend = SemanticTokensLegend {
            token_types: vec![SemanticTokenType::new(TOKEN_TYPE)],
            token_modifiers: vec![
                SemanticTokenModifier::DEPRECATED,
                SemanticTokenModifier::new("abbreviation"),
            ],
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "glossary-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions::default()),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..Default::default()
                    },
                )),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(
                    SemanticTokensServerCapabilities::SemanticTokensOptions(
                        SemanticTokensOptions {
                            legend,
                            full: Some(SemanticTokensFullOptions::Bool(true)),
                            range: None,
                            ..Default::default()
                        },
                    ),
                ),
                inlay_hint_provider: Some(OneOf::Left(true)),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: COMMANDS.iter().map(|s| s.to_string()).collect(),
                    ..Default::default()
                }),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some(SOURCE.into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..Default::default()
                    })
                }),
                ..Default::default()
            },
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.caps().watch_dynamic {
            let watchers = vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".into()),
                kind: None,
            }];
            let registration = Registration {
                id: "glossary-lsp-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            let client = self.inner.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.register_capability(vec![registration]).await {
                    eprintln!("glossary-lsp: registering file watchers failed: {e}");
                }
            });
        }
        let problems =
            std::mem::take(&mut *self.inner.pending.lock().unwrap_or_else(|p| p.into_inner()));
        self.show_problems(&problems).await;
    }

    async fn shutdown(&self) -> Result<()> {
        shutdown_flag().store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let format = Self::format_for(&d.uri, &d.language_id);
        let mut doc = Document::new(&d.text, d.version, d.language_id.clone(), format);
        doc.enabled = self
            .inner
            .settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .languages
            .contains(&d.language_id);
        let enabled = doc.enabled;
        self.docs().insert(d.uri.clone(), doc);
        if enabled {
            self.schedule(&d.uri);
        } else if d.uri.to_file_path().is_ok_and(|p| self.is_config_file(&p)) {
            self.reload().await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let enc = self.enc();
        let enabled = {
            let mut docs = self.docs();
            let Some(doc) = docs.get_mut(&uri) else {
                drop(docs);
                self.log(
                    MessageType::WARNING,
                    format!("didChange for {uri}, which is not open: ignored"),
                );
                return;
            };
            if version <= doc.version {
                let current = doc.version;
                drop(docs);
                self.log(
                    MessageType::WARNING,
                    format!(
                        "didChange for {uri} with version {version}, not newer than {current}: ignored"
                    ),
                );
                return;
            }
            for change in &params.content_changes {
                if let Err(e) = doc.apply(change.range, &change.text, enc) {
                    let msg = format!("didChange for {uri}: a change was skipped ({e:?})");
                    eprintln!("glossary-lsp: {msg}");
                }
            }
            doc.version = version;
            doc.enabled
        };
        if enabled {
            self.schedule(&uri);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if let Ok(path) = params.text_document.uri.to_file_path() {
            if self.is_config_file(&path) {
                self.inner
                    .overrides
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&path);
                self.reload().await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let removed = self.docs().remove(&params.text_document.uri);
        if removed.is_some_and(|d| d.enabled) && !self.caps().pull_diagnostics {
            self.inner
                .client
                .publish_diagnostics(params.text_document.uri, Vec::new(), None)
                .await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match Settings::from_json(Some(&params.settings)) {
            Ok(s) => {
                if params.settings.is_null() {
                    return;
                }
                let languages = s.languages.clone();
                *self
                    .inner
                    .settings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = s;
                let mut cleared = Vec::new();
                for (uri, doc) in self.docs().iter_mut() {
                    let enabled = languages.contains(&doc.language_id);
                    if doc.enabled && !enabled {
                        cleared.push(uri.clone());
                    }
                    doc.enabled = enabled;
                }
                for uri in cleared {
                    self.inner
                        .client
                        .publish_diagnostics(uri, Vec::new(), None)
                        .await;
                }
                self.reload().await;
                let _ = self.inner.client.inlay_hint_refresh().await;
            }
            Err(e) => {
                let msg = format!("glossary-lsp: invalid settings: {e}");
                eprintln!("{msg}");
                self.inner
                    .client
                    .show_message(MessageType::ERROR, msg)
                    .await;
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut relevant = false;
        for change in &params.changes {
            if let Ok(path) = change.uri.to_file_path() {
                if self.is_config_file(&path) {
                    self.inner
                        .overrides
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .remove(&path);
                    relevant = true;
                }
            }
        }
        if relevant {
            self.reload().await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let Some((engine, m, range)) = self.term_at(&p.text_document.uri, p.position) else {
            return Ok(None);
        };
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: ide::hover_markdown(engine.glossary(), m.entry, Some(&m)),
            }),
            range: Some(range),
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let (engine, generation) = self.engine();
        let enc = self.enc();
        let docs = self.docs();
        let Some(doc) = docs.get(&p.text_document.uri) else {
            return Ok(None);
        };
        if !doc.enabled {
            return Ok(None);
        }
        let Some(off) = doc.offset(p.position, enc) else {
            return Ok(None);
        };
        if in_opaque_block(doc, off) {
            return Ok(None);
        }
        let (base, chunk) = chunk_around(doc, off);
        let rel = off - base;
        let w = ide::paragraph_around(&chunk, rel, 2048);
        if !ide::is_prose_at(&chunk[w.clone()], doc.format, rel - w.start) {
            return Ok(None);
        }
        let prefix = ide::word_prefix(&chunk, rel);
        let typed = &chunk[prefix.clone()];
        let sentence_start = ide::sentence_start_at(&chunk, prefix.start);
        let prefix_start = base + prefix.start;
        let mapped = doc.map_to_cached(prefix_start);
        let first_use = |entry: usize| match &mapped {
            Some((old, c)) if c.generation == generation => {
                c.first_use.get(entry).is_none_or(|&end| end > *old)
            }
            _ => true,
        };
        let range = doc.range(prefix_start..off, enc);
        let items: Vec<CompletionItem> = ide::completions(
            engine.glossary(),
            typed,
            sentence_start,
            first_use,
        )
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label.clone(),
            kind: Some(CompletionItemKind::TEXT),
            detail: Some(c.detail),
            documentation: Some(Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: c.documentation,
            })),
            filter_text: Some(c.filter),
            sort_text: Some(c.sort),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, c.label))),
            data: Some(
                json!({ "term": engine.glossary().entry(c.entry).id, "expanded": c.expanded }),
            ),
            ..Default::default()
        })
        .collect();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        })))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let enc = self.enc();
        let (engine, generation) = self.engine();
        let docs = self.docs();
        let Some(doc) = docs.get(&uri) else {
            return Ok(None);
        };
        let mut diags: Vec<Diagnostic> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| d.source.as_deref() == Some(SOURCE))
            .cloned()
            .collect();
        if diags.is_empty() {
            if let Some(c) = doc.current(generation) {
                diags = c
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        d.range.start <= params.range.end && params.range.start <= d.range.end
                    })
                    .cloned()
                    .collect();
            }
        }
        let mut actions = Vec::new();
        let edit_of = |range: Range, text: String| WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri.clone(),
                vec![TextEdit::new(range, text)],
            )])),
            ..Default::default()
        };
        let mut disabled_lines = HashSet::new();
        for d in &diags {
            let data = d.data.clone().unwrap_or(Value::Null);
            let rule = data["rule"]
                .as_str()
                .map(str::to_string)
                .or_else(|| match &d.code {
                    Some(NumberOrString::String(s)) => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            // A diagnostic from an older text must not edit the new one.
            let (Some(a), Some(b)) = (doc.offset(d.range.start, enc), doc.offset(d.range.end, enc))
            else {
                continue;
            };
            let current = doc.slice(a..b);
            let fresh = data["text"].as_str().is_none_or(|t| t == current);
            if fresh {
                if let Some(suggestions) = data["suggestions"].as_array() {
                    for (i, s) in suggestions.iter().filter_map(Value::as_str).enumerate() {
                        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: format!("Replace with \u{201c}{s}\u{201d}"),
                            kind: Some(CodeActionKind::QUICKFIX),
                            diagnostics: Some(vec![d.clone()]),
                            edit: Some(edit_of(d.range, s.to_string())),
                            is_preferred: Some(i == 0),
                            ..Default::default()
                        }));
                    }
                }
            }
            if doc.format == Format::Markdown
                && !rule.is_empty()
                && disabled_lines.insert((d.range.start.line, rule.clone()))
            {
                let line = d.range.start.line as usize;
                if line < doc.rope.len_lines() {
                    let line_text = doc.rope.line(line).to_string();
                    let comment = ide::disable_next_line_comment(&line_text, &rule, doc.newline());
                    let at = Position::new(line as u32, 0);
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Disable {rule} on this line"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: Some(edit_of(Range::new(at, at), comment)),
                        ..Default::default()
                    }));
                }
            }
            // A term inside a capitalised name: offer the name as an exception.
            if fresh {
                if let Some(name) = proper_name_around(doc, a..b) {
                    actions.push(exception_action(&name, Some(d.clone())));
                }
            }
        }
        // An unknown acronym under the cursor: offer to define it.
        if let Some(off) = doc.offset(params.range.start, enc) {
            let (base, chunk) = chunk_around(doc, off);
            let w = ide::word_at(&chunk, off - base);
            let word = &chunk[w.clone()];
            if ide::looks_like_acronym(word) && engine.glossary().find_form(word).is_none() {
                let pw = ide::paragraph_around(&chunk, w.start, 2048);
                if ide::is_prose_at(&chunk[pw.clone()], doc.format, w.start - pw.start)
                    && !in_opaque_block(doc, base + w.start)
                {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Define \u{201c}{word}\u{201d} in the workspace glossary"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        command: Some(Command {
                            title: format!("Define {word}"),
                            command: "glossary-lsp.addTerm".into(),
                            arguments: Some(vec![json!({ "term": word })]),
                        }),
                        ..Default::default()
                    }));
                }
            }
        }
        // A selection: offer it as an exception phrase.
        if params.range.start != params.range.end {
            if let (Some(a), Some(b)) = (
                doc.offset(params.range.start, enc),
                doc.offset(params.range.end, enc),
            ) {
                let phrase = doc
                    .slice(a..b)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !phrase.is_empty() && phrase.len() <= 200 {
                    actions.push(exception_action(&phrase, None));
                }
            }
        }
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let args = &params.arguments;
        match params.command.as_str() {
            "glossary-lsp.reload" => {
                let errors = self.reload().await;
                Ok(Some(json!({ "ok": errors.is_empty(), "errors": errors })))
            }
            "glossary-lsp.termReport" => {
                let uri = args_string(args, "uri")
                    .and_then(|u| Url::parse(&u).ok())
                    .ok_or_else(|| Error::invalid_params("expected a document URI"))?;
                let Some((cached, rope)) = self.analysis_now(&uri).await else {
                    return Err(Error::invalid_params(format!("{uri} is not open")));
                };
                let (engine, _) = self.engine();
                let enc = self.enc();
                let version = cached.version;
                let report = tokio::task::spawn_blocking(move || {
                    let text = rope.to_string();
                    ide::term_report(engine.glossary(), &text, &cached.analysis, enc)
                })
                .await
                .map_err(|_| Error::internal_error())?;
                let mut report = report;
                report["uri"] = json!(uri);
                report["version"] = json!(version);
                Ok(Some(report))
            }
            "glossary-lsp.debugText" => {
                let uri = args_string(args, "uri")
                    .and_then(|u| Url::parse(&u).ok())
                    .ok_or_else(|| Error::invalid_params("expected a document URI"))?;
                let docs = self.docs();
                let doc = docs
                    .get(&uri)
                    .ok_or_else(|| Error::invalid_params(format!("{uri} is not open")))?;
                Ok(Some(
                    json!({ "uri": uri, "version": doc.version, "text": doc.rope.to_string() }),
                ))
            }
            "glossary-lsp.addTerm" => {
                let term = args_string(args, "term")
                    .ok_or_else(|| Error::invalid_params("expected the term to define"))?;
                if !ide::looks_like_acronym(&term) {
                    return Err(Error::invalid_params(format!(
                        "\u{201c}{term}\u{201d} does not look like an acronym (2 to 6 capitals)"
                    )));
                }
                self.add_to_team(Addition::Term(&term)).await.map(Some)
            }
            "glossary-lsp.addException" => {
                let phrase = args_string(args, "phrase")
                    .filter(|p| !p.trim().is_empty())
                    .ok_or_else(|| Error::invalid_params("expected the phrase"))?;
                self.add_to_team(Addition::Exception(phrase.trim()))
                    .await
                    .map(Some)
            }
            other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
        }
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let Some((engine, m, _)) = self.term_at(&p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let origin = engine.glossary().entry(m.entry).origin.clone();
        let path = if &*origin.path == BUILTIN_NAME {
            match tokio::task::spawn_blocking(workspace::builtin_copy)
                .await
                .ok()
                .flatten()
            {
                Some(p) => p,
                None => return Ok(None),
            }
        } else {
            PathBuf::from(&*origin.path)
        };
        let Ok(uri) = Url::from_file_path(&path) else {
            return Ok(None);
        };
        let text = self.read_text(&path).unwrap_or_default();
        let pos = file_position(&text, origin.line, origin.column, self.enc());
        Ok(Some(GotoDefinitionResponse::Scalar(Location::new(
            uri,
            Range::new(pos, pos),
        ))))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let p = params.text_document_position_params;
        let uri = p.text_document.uri;
        let Some((_, m, _)) = self.term_at(&uri, p.position) else {
            return Ok(None);
        };
        let Some((cached, rope)) = self.analysis_now(&uri).await else {
            return Ok(None);
        };
        let enc = self.enc();
        Ok(Some(
            ide::occurrences(&cached.analysis.matches, m.entry)
                .map(|o| DocumentHighlight {
                    range: Range::new(
                        super::documents::position(&rope, o.range.start, enc),
                        super::documents::position(&rope, o.range.end, enc),
                    ),
                    kind: Some(DocumentHighlightKind::TEXT),
                })
                .collect(),
        ))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let uri = p.text_document.uri;
        let Some((engine, m, _)) = self.term_at(&uri, p.position) else {
            return Ok(None);
        };
        let entry = m.entry;
        let enc = self.enc();
        let mut out = Vec::new();
        let open: Vec<Url> = self
            .docs()
            .iter()
            .filter(|(_, d)| d.enabled)
            .map(|(u, _)| u.clone())
            .collect();
        for u in &open {
            if let Some((cached, rope)) = self.analysis_now(u).await {
                for o in ide::occurrences(&cached.analysis.matches, entry) {
                    out.push(Location::new(
                        u.clone(),
                        Range::new(
                            super::documents::position(&rope, o.range.start, enc),
                            super::documents::position(&rope, o.range.end, enc),
                        ),
                    ));
                }
            }
        }
        let Some(root) = self.root() else {
            return Ok(Some(out));
        };
        // The workspace's other files, with progress.
        let token = match params.work_done_progress_params.work_done_token {
            Some(t) => Some(t),
            None if self.caps().progress => {
                let t = NumberOrString::String(format!(
                    "glossary-lsp/references/{}",
                    self.inner.progress_ids.fetch_add(1, Ordering::SeqCst)
                ));
                self.inner
                    .client
                    .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                        token: t.clone(),
                    })
                    .await
                    .ok()
                    .map(|_| t)
            }
            None => None,
        };
        let progress = |value: WorkDoneProgress| {
            let client = self.inner.client.clone();
            let token = token.clone();
            async move {
                if let Some(token) = token {
                    client
                        .send_notification::<notification::Progress>(ProgressParams {
                            token,
                            value: ProgressParamsValue::WorkDone(value),
                        })
                        .await;
                }
            }
        };
        progress(WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "Finding references".into(),
            cancellable: Some(false),
            message: Some("scanning the workspace".into()),
            percentage: Some(0),
        }))
        .await;
        let open_paths: HashSet<PathBuf> =
            open.iter().filter_map(|u| u.to_file_path().ok()).collect();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, usize)>();
        let scan = tokio::task::spawn_blocking(move || {
            let files = workspace::prose_files(&root);
            let total = files.len();
            let mut found = Vec::new();
            for (i, path) in files.into_iter().enumerate() {
                let _ = tx.send((i, total));
                if open_paths.contains(&path) {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let analysis = engine.analyze(&text, Format::from_path(&path));
                let lines = LineIndex::new(&text);
                let Ok(u) = Url::from_file_path(&path) else {
                    continue;
                };
                for o in ide::occurrences(&analysis.matches, entry) {
                    let (l1, c1) = lines.position(&text, o.range.start, enc);
                    let (l2, c2) = lines.position(&text, o.range.end, enc);
                    found.push(Location::new(
                        u.clone(),
                        Range::new(
                            Position::new(l1 as u32, c1 as u32),
                            Position::new(l2 as u32, c2 as u32),
                        ),
                    ));
                }
            }
            found
        });
        let mut last = 0;
        while let Some((i, total)) = rx.recv().await {
            let pct = ((i + 1) * 100 / total.max(1)) as u32;
            if pct >= last + 10 {
                last = pct;
                progress(WorkDoneProgress::Report(WorkDoneProgressReport {
                    cancellable: Some(false),
                    message: Some(format!("{}/{total} files", i + 1)),
                    percentage: Some(pct.min(100)),
                }))
                .await;
            }
        }
        let found = scan.await.unwrap_or_default();
        out.extend(found);
        progress(WorkDoneProgress::End(WorkDoneProgressEnd {
            message: Some(format!("{} references", out.len())),
        }))
        .await;
        Ok(Some(out))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        let (engine, _) = self.engine();
        let q = params.query.to_lowercase();
        let enc = self.enc();
        let builtin = if engine
            .glossary()
            .entries()
            .iter()
            .any(|e| &*e.origin.path == BUILTIN_NAME)
        {
            tokio::task::spawn_blocking(workspace::builtin_copy)
                .await
                .ok()
                .flatten()
        } else {
            None
        };
        let mut texts: HashMap<PathBuf, String> = HashMap::new();
        let mut out = Vec::new();
        for e in engine.glossary().entries() {
            let hit = q.is_empty()
                || e.id.contains(&q)
                || e.forms.iter().any(|f| f.text.to_lowercase().contains(&q));
            if !hit {
                continue;
            }
            let path = if &*e.origin.path == BUILTIN_NAME {
                match &builtin {
                    Some(p) => p.clone(),
                    None => continue,
                }
            } else {
                PathBuf::from(&*e.origin.path)
            };
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            let text = texts
                .entry(path.clone())
                .or_insert_with(|| self.read_text(&path).unwrap_or_default());
            let pos = file_position(text, e.origin.line, e.origin.column, enc);
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: e.display_name(),
                kind: SymbolKind::CONSTANT,
                tags: None,
                deprecated: None,
                location: Location::new(uri, Range::new(pos, pos)),
                container_name: Some(e.category.clone()),
            });
        }
        Ok(Some(out))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some((cached, rope)) = self.analysis_now(&params.text_document.uri).await else {
            return Ok(None);
        };
        let (engine, _) = self.engine();
        let enc = self.enc();
        let data = tokio::task::spawn_blocking(move || {
            semantic_tokens(&engine, &rope, &cached.analysis.matches, enc)
        })
        .await
        .unwrap_or_default();
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let on = self
            .inner
            .settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .inlay_hints;
        if !on {
            return Ok(Some(Vec::new()));
        }
        let Some((cached, rope)) = self.analysis_now(&params.text_document.uri).await else {
            return Ok(None);
        };
        let (engine, _) = self.engine();
        let enc = self.enc();
        let hints = ide::unexpanded_acronyms(engine.glossary(), &cached.analysis.matches)
            .into_iter()
            .map(|(end, expansion)| (super::documents::position(&rope, end, enc), expansion))
            .filter(|(pos, _)| params.range.start <= *pos && *pos <= params.range.end)
            .map(|(position, expansion)| InlayHint {
                position,
                label: InlayHintLabel::String(format!("({expansion})")),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let Some((cached, _)) = self.analysis_now(&params.text_document.uri).await else {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport::default()),
            ));
        };
        let result_id = format!("{}-{}", cached.generation, cached.rev);
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(
                DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                }),
            ));
        }
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: cached.diagnostics.clone(),
                },
            }),
        ))
    }
}

fn exception_action(phrase: &str, diagnostic: Option<Diagnostic>) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Add \u{201c}{phrase}\u{201d} to the glossary exceptions"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: diagnostic.map(|d| vec![d]),
        command: Some(Command {
            title: "Add exception".into(),
            command: "glossary-lsp.addException".into(),
            arguments: Some(vec![json!({ "phrase": phrase })]),
        }),
        ..Default::default()
    })
}

/// The capitalised name a term sits in ("Contoso Reseller Program"), when it has capitalised
/// neighbours on its line.
fn proper_name_around(doc: &Document, range: std::ops::Range<usize>) -> Option<String> {
    let (base, chunk) = chunk_around(doc, range.start);
    let (s, e) = (range.start - base, (range.end - base).min(chunk.len()));
    let line_start = chunk[..s].rfind('\n').map_or(0, |i| i + 1);
    let line_end = chunk[e..].find(['\n', '\r']).map_or(chunk.len(), |i| e + i);
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let before: Vec<&str> = chunk[line_start..s].split(' ').collect();
    let after: Vec<&str> = chunk[e..line_end].split(' ').collect();
    let mut words: Vec<&str> = Vec::new();
    // Words directly before (the last element is "" when a space precedes the term).
    if before.last() == Some(&"") {
        for w in before[..before.len() - 1].iter().rev() {
            if cap(w)
                && w.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '&')
            {
                words.insert(0, w);
            } else {
                break;
            }
        }
    }
    let n_before = words.len();
    words.push(&chunk[s..e]);
    if after.first() == Some(&"") {
        for w in &after[1..] {
            if cap(w)
                && w.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '&')
            {
                words.push(w);
            } else {
                break;
            }
        }
    }
    (words.len() > 1 && (n_before > 0 || words.len() > 1) && cap(&chunk[s..e]))
        .then(|| words.join(" "))
}
