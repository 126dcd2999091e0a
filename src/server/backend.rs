//! The server's state ([`Backend`]) and its `LanguageServer` implementation, which only
//! dispatches: every handler lives in the module about its concern.
//!
//! | module | concern |
//! |---|---|
//! | `sync` | open, change, close: the documents' text |
//! | `analysis` | analysis off the request path, its cache, pushed and pulled diagnostics |
//! | `engines` | one engine per configuration file; settings, reloads, broken glossaries |
//! | `cursor` | the term at the cursor, from the analysis or a paragraph window |
//! | `hover_completion` | hover and completion |
//! | `actions` | code actions |
//! | `commands` | `workspace/executeCommand` and the team-glossary edits behind it |
//! | `navigation` | definition, highlights, references, symbols, semantic tokens, inlay hints |
//! | `rename` | prepareRename and rename of a term (other files behind a confirmation) |
//! | `workspace_diagnostics` | `workspace/diagnostic`: the checked files of the workspace folders |
//! | `code_lens` | use counts on a glossary file's entries, and the command listing the uses |

use super::capabilities::{self, Caps};
use super::documents::Document;
use super::engines::Engines;
use super::settings::{Problem, Settings};
use super::{actions, analysis, commands, engines, guard, hover_completion, navigation, rename};
use super::{code_lens, sync, workspace_diagnostics};
use glossary_lsp::position::Encoding;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

/// Set once `shutdown` has been received (the exit code depends on it).
pub fn shutdown_flag() -> &'static AtomicBool {
    static FLAG: AtomicBool = AtomicBool::new(false);
    &FLAG
}

/// The server's state, shared by every handler.
pub struct Inner {
    /// Where notifications and server-to-client requests go.
    pub client: Client,
    /// The open documents.
    pub docs: Mutex<HashMap<Url, Document>>,
    /// The engines, one per configuration file.
    pub engines: RwLock<Engines>,
    /// What the client can do (set by `initialize`).
    pub caps: OnceLock<Caps>,
    /// The first workspace folder (set by `initialize`).
    pub root: OnceLock<Option<PathBuf>>,
    /// Every workspace folder (set by `initialize`): the only places server commands write.
    pub folders: OnceLock<Vec<PathBuf>>,
    /// Framed messages written straight to the client, past tower-lsp (diagnostics, which
    /// are serialized from the findings without building a JSON tree).
    pub out: tokio::sync::mpsc::UnboundedSender<Vec<u8>>,
    /// What the editor told us.
    pub settings: Mutex<Settings>,
    /// Glossary and config texts the server edited through the client, until the disk
    /// catches up.
    pub overrides: Mutex<HashMap<PathBuf, String>>,
    /// Files on which glossary errors are shown.
    pub broken: Mutex<HashSet<Url>>,
    /// The next work-done progress token.
    pub progress_ids: AtomicU64,
    /// Problems found while initializing, shown once initialized.
    pub pending: Mutex<Vec<Problem>>,
    /// Held for the whole of a reload (settings or glossary change): reloads run one at a time,
    /// in the order they were asked for, so the newest settings win; a diagnostics pull waits
    /// for a reload under way instead of answering with the old engine.
    pub reloading: tokio::sync::Mutex<()>,
    /// Where the rule pages are, for diagnostics' `codeDescription` (set by `initialize` for
    /// clients that show it).
    pub rule_links: OnceLock<Arc<analysis::RuleLinks>>,
    /// What the workspace-wide features remember of the files on disk (`workspace_index`).
    pub workspace: Arc<super::workspace_index::WorkspaceIndex>,
}

/// The language server.
#[derive(Clone)]
pub struct Backend {
    /// The state; cloning a `Backend` shares it.
    pub inner: Arc<Inner>,
}

/// Locks `m`, ignoring poisoning (a panicked handler must not take the server down).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Backend {
    /// A server talking to `client`, and writing messages of its own to `out`.
    pub fn new(client: Client, out: tokio::sync::mpsc::UnboundedSender<Vec<u8>>) -> Backend {
        Backend {
            inner: Arc::new(Inner {
                client,
                out,
                folders: OnceLock::new(),
                docs: Mutex::new(HashMap::new()),
                engines: RwLock::new(Engines::new()),
                caps: OnceLock::new(),
                root: OnceLock::new(),
                settings: Mutex::new(Settings::default()),
                overrides: Mutex::new(HashMap::new()),
                broken: Mutex::new(HashSet::new()),
                progress_ids: AtomicU64::new(1),
                reloading: tokio::sync::Mutex::new(()),
                pending: Mutex::new(Vec::new()),
                rule_links: OnceLock::new(),
                workspace: Arc::default(),
            }),
        }
    }

    /// What the client can do.
    pub fn caps(&self) -> Caps {
        self.inner.caps.get().copied().unwrap_or_default()
    }

    /// The negotiated position encoding.
    pub fn enc(&self) -> Encoding {
        self.caps().encoding
    }

    /// The first workspace folder, if any.
    pub fn root(&self) -> Option<PathBuf> {
        self.inner.root.get().cloned().flatten()
    }

    /// The workspace folders.
    pub fn folders(&self) -> Vec<PathBuf> {
        self.inner.folders.get().cloned().unwrap_or_default()
    }

    /// The open documents.
    pub fn docs(&self) -> MutexGuard<'_, HashMap<Url, Document>> {
        lock(&self.inner.docs)
    }

    /// The URIs of the open documents that are checked (the workspace-wide features read
    /// these from their analysis instead of the file on disk).
    pub fn enabled_docs(&self) -> Vec<Url> {
        self.docs()
            .iter()
            .filter(|(_, d)| d.enabled)
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// The current settings.
    pub fn settings(&self) -> Settings {
        lock(&self.inner.settings).clone()
    }

    /// Logs to stderr and to the client's log.
    pub fn log(&self, typ: MessageType, msg: String) {
        eprintln!("glossary-lsp: {msg}");
        let client = self.inner.client.clone();
        tokio::spawn(async move { client.log_message(typ, msg).await });
    }

    /// A file's text: the open document's, an edit the server made, or the disk's (a regular
    /// file of at most 50 MB: never a FIFO, a device or the server's own input).
    pub fn read_text(&self, path: &Path) -> Option<String> {
        if let Ok(uri) = Url::from_file_path(path) {
            if let Some(doc) = self.docs().get(&uri) {
                return Some(doc.rope.to_string());
            }
        }
        if let Some(t) = lock(&self.inner.overrides).get(path) {
            return Some(t.clone());
        }
        let bytes =
            glossary_lsp::fsio::read_regular(path, glossary_lsp::fsio::DEFAULT_MAX_DOCUMENT);
        bytes.ok().and_then(|b| String::from_utf8(b).ok())
    }

    /// `initialize`: reads the client's capabilities and workspace folders and settings,
    /// and builds the workspace folder's engine.
    async fn initialize_now(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = Caps::of_client(&params);
        let _ = self.inner.caps.set(caps);
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .and_then(|f| f.uri.to_file_path().ok())
            .or_else(|| params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()))
            .or_else(|| params.root_path.as_ref().map(PathBuf::from));
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect();
        if folders.is_empty() {
            folders.extend(root.clone());
        }
        let _ = self.inner.folders.set(folders);
        let _ = self.inner.root.set(root);
        match Settings::from_json(params.initialization_options.as_ref()) {
            Ok(s) => *lock(&self.inner.settings) = s,
            Err(e) => self.log(MessageType::ERROR, format!("initializationOptions: {e}")),
        }
        // The workspace folder's engine is built now, so the first diagnostics use the team's
        // glossary; its problems are shown once the client is ready (`initialized`).
        let problems = engines::prepare_root(self).await;
        *lock(&self.inner.pending) = problems;
        // The rule pages, before any diagnostic is sent: written to the private folder unless
        // the binary links to the repository's (a few small files, once per server).
        if caps.code_description {
            if let Ok(links) = tokio::task::spawn_blocking(analysis::RuleLinks::find).await {
                let _ = self.inner.rule_links.set(Arc::new(links));
            }
        }
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "glossary-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: capabilities::server_capabilities(caps),
        })
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        guard::request(self, "initialize", self.initialize_now(params)).await
    }

    async fn initialized(&self, _: InitializedParams) {
        let work = async {
            engines::watch_config_files(self);
            super::config_watch::start_unless_client_watches(self);
            let problems = std::mem::take(&mut *lock(&self.inner.pending));
            engines::show_problems(self, &problems).await;
        };
        guard::notification(self, "initialized", work).await
    }

    async fn shutdown(&self) -> Result<()> {
        shutdown_flag().store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        guard::notification(self, "didOpen", sync::did_open(self, params)).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let work = async { sync::did_change(self, params) };
        guard::notification(self, "didChange", work).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let work = async {
            if let Ok(path) = params.text_document.uri.to_file_path() {
                engines::files_changed(self, &[path]).await;
            }
        };
        guard::notification(self, "didSave", work).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        guard::notification(self, "didClose", sync::did_close(self, params)).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let work = engines::settings_changed(self, params.settings);
        guard::notification(self, "didChangeConfiguration", work).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let work = async {
            let paths: Vec<PathBuf> = params
                .changes
                .iter()
                .filter_map(|c| c.uri.to_file_path().ok())
                .collect();
            engines::files_changed(self, &paths).await;
        };
        guard::notification(self, "didChangeWatchedFiles", work).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let work = async { Ok(hover_completion::hover(self, params)) };
        guard::request(self, "hover", work).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let work = async { Ok(hover_completion::completion(self, params)) };
        guard::request(self, "completion", work).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let work = async { Ok(actions::code_actions(self, params)) };
        guard::request(self, "codeAction", work).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        guard::request(self, "executeCommand", commands::execute(self, params)).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let work = async { Ok(navigation::definition(self, params).await) };
        guard::request(self, "definition", work).await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let work = async { Ok(navigation::highlights(self, params).await) };
        guard::request(self, "documentHighlight", work).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let work = async { Ok(navigation::references(self, params).await) };
        guard::request(self, "references", work).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<Vec<SymbolInformation>>> {
        let work = async { Ok(Some(navigation::symbols(self, params).await)) };
        guard::request(self, "workspace/symbol", work).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let work = async { Ok(navigation::semantic_tokens(self, params).await) };
        guard::request(self, "semanticTokens", work).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let work = async { Ok(navigation::inlay_hints(self, params).await) };
        guard::request(self, "inlayHint", work).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let work = async { Ok(code_lens::code_lens(self, params).await) };
        guard::request(self, "codeLens", work).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let work = async { Ok(rename::prepare(self, params).await) };
        guard::request(self, "prepareRename", work).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        guard::request(self, "rename", rename::rename(self, params)).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let work = async { Ok(analysis::pull(self, params).await) };
        guard::request(self, "textDocument/diagnostic", work).await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let work = async { Ok(workspace_diagnostics::workspace_diagnostic(self, params).await) };
        guard::request(self, "workspace/diagnostic", work).await
    }
}
