//! Which engine serves a document: one per configuration file, as the spec asks ("one config
//! file, `.glossary-lsp.toml`, found by walking up from the file, shared by CLI and server").
//!
//! A document's config file is the nearest `.glossary-lsp.toml` above its folder (documents
//! that are not files use the workspace folder's); folders are mapped to config files once and
//! remembered until the next reload. Every distinct config file gets its own [`Setup`]: the
//! configuration with the editor's settings layered on top, the compiled engine, the
//! generation that tells stale analyses apart, and the problems of its last build. The CLI's
//! `check` does the same with its `Setups`.
//!
//! A reload (a config file or glossary saved or changed on disk, new settings, the `reload`
//! command) re-resolves every open document and rebuilds every configuration in use. A
//! configuration that fails keeps its last good engine (or, if it never built, the built-in
//! defaults); its errors are shown on the files at fault and in a message, and cleared once
//! fixed.

use super::backend::{lock, Backend};
use super::documents;
use super::settings::{build_engine, effective_config, Problem, Settings};
use super::SOURCE;
use glossary_lsp::config::{find_config_where, Config, CONFIG_FILE};
use glossary_lsp::Engine;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLockReadGuard, RwLockWriteGuard};
use tower_lsp::lsp_types::*;

/// A configuration file (`None`: none found, the defaults).
pub type ConfigKey = Option<PathBuf>;

/// The generation of the fallback engine; built engines count from 2.
const FALLBACK_GENERATION: u64 = 1;

/// One configuration file's engine.
struct Setup {
    /// The configuration (kept when good even if a glossary is broken: its glossaries are
    /// watched and edited).
    config: Config,
    /// The last good engine.
    engine: Arc<Engine>,
    /// Bumped with every new engine; cached analyses of another generation are stale.
    generation: u64,
    /// What went wrong in the last build.
    problems: Vec<Problem>,
}

/// Every configuration's engine, and which configuration each folder uses.
pub struct Engines {
    setups: HashMap<ConfigKey, Setup>,
    dirs: HashMap<PathBuf, ConfigKey>,
    /// The built-in glossary with default rules: serves a configuration that never built.
    fallback: Arc<Engine>,
    next_generation: u64,
}

impl Engines {
    /// No configuration yet; only the fallback engine.
    pub fn new() -> Engines {
        let fallback = build_engine(&Config::default(), &HashMap::new())
            .expect("the built-in glossary is valid");
        Engines {
            setups: HashMap::new(),
            dirs: HashMap::new(),
            fallback: Arc::new(fallback),
            next_generation: FALLBACK_GENERATION + 1,
        }
    }

    fn served(&self, key: &ConfigKey) -> (Arc<Engine>, u64) {
        match self.setups.get(key) {
            Some(s) => (s.engine.clone(), s.generation),
            None => (self.fallback.clone(), FALLBACK_GENERATION),
        }
    }

    /// Installs the result of building `key`'s configuration.
    fn install(&mut self, key: ConfigKey, built: Built) {
        let fresh = |config, problems, fallback: &Arc<Engine>| Setup {
            config,
            engine: fallback.clone(),
            generation: FALLBACK_GENERATION,
            problems,
        };
        match built {
            Built::Ready(config, engine) => {
                let generation = self.next_generation;
                self.next_generation += 1;
                let setup = Setup {
                    config,
                    engine: Arc::from(engine),
                    generation,
                    problems: Vec::new(),
                };
                self.setups.insert(key, setup);
            }
            Built::BrokenGlossary(config, problems) => match self.setups.get_mut(&key) {
                Some(s) => {
                    s.config = config;
                    s.problems = problems;
                }
                None => {
                    let setup = fresh(config, problems, &self.fallback);
                    self.setups.insert(key, setup);
                }
            },
            Built::BrokenConfig(problem) => match self.setups.get_mut(&key) {
                Some(s) => s.problems = vec![problem],
                None => {
                    let setup = fresh(Config::default(), vec![problem], &self.fallback);
                    self.setups.insert(key, setup);
                }
            },
        }
    }
}

/// The outcome of building one configuration.
enum Built {
    Ready(Config, Box<Engine>),
    /// The config file is good, a glossary is not.
    BrokenGlossary(Config, Vec<Problem>),
    BrokenConfig(Problem),
}

/// Builds the engine for config file `key` with `settings` on top.
fn build(
    key: Option<&Path>,
    root: Option<&Path>,
    settings: &Settings,
    overrides: &HashMap<PathBuf, String>,
) -> Built {
    let config = match effective_config(key, root, settings, overrides) {
        Ok(c) => c,
        Err(p) => return Built::BrokenConfig(p),
    };
    match build_engine(&config, overrides) {
        Ok(engine) => Built::Ready(config, Box::new(engine)),
        Err(problems) => Built::BrokenGlossary(config, problems),
    }
}

/// The config file for documents in `dir` (one the server has just written counts).
fn find_key(dir: &Path, overrides: &HashMap<PathBuf, String>) -> ConfigKey {
    find_config_where(dir, |p| overrides.contains_key(p) || p.is_file())
}

impl Backend {
    fn engines(&self) -> RwLockReadGuard<'_, Engines> {
        self.inner.engines.read().unwrap_or_else(|p| p.into_inner())
    }

    fn engines_mut(&self) -> RwLockWriteGuard<'_, Engines> {
        self.inner
            .engines
            .write()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// The folder whose config applies to `uri`: its own, or the workspace folder for
    /// documents that are not files.
    fn config_dir(&self, uri: &Url) -> Option<PathBuf> {
        uri.to_file_path()
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .or_else(|| self.root())
    }

    /// The config file for documents in `dir`.
    fn config_key(&self, dir: Option<&Path>) -> ConfigKey {
        let dir = dir?;
        if let Some(key) = self.engines().dirs.get(dir) {
            return key.clone();
        }
        let key = find_key(dir, &lock(&self.inner.overrides));
        self.engines_mut()
            .dirs
            .insert(dir.to_path_buf(), key.clone());
        key
    }

    fn key_of(&self, uri: &Url) -> ConfigKey {
        self.config_key(self.config_dir(uri).as_deref())
    }

    /// The engine that serves `uri`, and its generation.
    pub fn engine_for(&self, uri: &Url) -> (Arc<Engine>, u64) {
        let key = self.key_of(uri);
        self.engines().served(&key)
    }

    /// The configuration of `uri` (`None`: the workspace folder's).
    pub fn config_for(&self, uri: Option<&Url>) -> Config {
        let key = match uri {
            Some(u) => self.key_of(u),
            None => self.config_key(self.root().as_deref()),
        };
        self.engines()
            .setups
            .get(&key)
            .map(|s| s.config.clone())
            .unwrap_or_default()
    }

    /// Every engine in use, once each.
    pub fn all_engines(&self) -> Vec<Arc<Engine>> {
        let engines = self.engines();
        let mut out: Vec<Arc<Engine>> = Vec::new();
        for s in engines.setups.values() {
            if !out.iter().any(|e| Arc::ptr_eq(e, &s.engine)) {
                out.push(s.engine.clone());
            }
        }
        out
    }

    /// A resolver for files that may not be open (for a scan off the async threads).
    pub fn resolver(&self) -> Resolver {
        let engines = self.engines();
        Resolver {
            known: engines
                .setups
                .iter()
                .map(|(k, s)| (k.clone(), FileSetup::of(&s.config, s.engine.clone())))
                .collect(),
            dirs: engines.dirs.clone(),
            root: self.root(),
            settings: self.settings(),
            overrides: lock(&self.inner.overrides).clone(),
        }
    }
}

/// What a file on disk is checked with: its configuration's engine, file selection and
/// document size limit.
#[derive(Clone)]
pub struct FileSetup {
    /// The engine.
    pub engine: Arc<Engine>,
    /// The configuration's `include`/`exclude` globs.
    pub globs: Arc<glossary_lsp::selection::FileGlobs>,
    /// The largest document read.
    pub max_size: u64,
}

impl FileSetup {
    /// The setup of `config` served by `engine` (`None` when its globs do not compile).
    fn of(config: &Config, engine: Arc<Engine>) -> Option<FileSetup> {
        Some(FileSetup {
            engine,
            globs: Arc::new(glossary_lsp::selection::FileGlobs::new(config).ok()?),
            max_size: config.limits.document,
        })
    }
}

/// The engines for files on disk: those in use, and any other configuration's built on demand
/// (a configuration that does not build serves no file).
pub struct Resolver {
    known: HashMap<ConfigKey, Option<FileSetup>>,
    dirs: HashMap<PathBuf, ConfigKey>,
    root: Option<PathBuf>,
    settings: Settings,
    overrides: HashMap<PathBuf, String>,
}

impl Resolver {
    /// The engine, file globs and size limit for the file at `path`.
    pub fn setup_for_file(&mut self, path: &Path) -> Option<FileSetup> {
        let dir = path.parent()?;
        let key = match self.dirs.get(dir) {
            Some(k) => k.clone(),
            None => {
                let k = find_key(dir, &self.overrides);
                self.dirs.insert(dir.to_path_buf(), k.clone());
                k
            }
        };
        let (root, settings, overrides) = (&self.root, &self.settings, &self.overrides);
        self.known
            .entry(key)
            .or_insert_with_key(|key| {
                match build(key.as_deref(), root.as_deref(), settings, overrides) {
                    Built::Ready(config, engine) => FileSetup::of(&config, Arc::from(engine)),
                    _ => None,
                }
            })
            .clone()
    }
}

/// Builds the configurations `keys` (off the async threads) and installs the results;
/// returns the problems found.
async fn build_all(backend: &Backend, keys: Vec<ConfigKey>) -> Vec<Problem> {
    let root = backend.root();
    let settings = backend.settings();
    let overrides = lock(&backend.inner.overrides).clone();
    let built = tokio::task::spawn_blocking(move || {
        keys.into_iter()
            .map(|k| {
                let b = build(k.as_deref(), root.as_deref(), &settings, &overrides);
                (k, b)
            })
            .collect::<Vec<_>>()
    })
    .await;
    let built = match built {
        Ok(b) => b,
        Err(e) => {
            return vec![Problem {
                location: None,
                message: format!("reload failed: {e}"),
            }]
        }
    };
    let mut problems = Vec::new();
    let mut engines = backend.engines_mut();
    for (key, b) in built {
        match &b {
            Built::Ready(..) => {}
            Built::BrokenGlossary(_, ps) => problems.extend(ps.iter().cloned()),
            Built::BrokenConfig(p) => problems.push(p.clone()),
        }
        engines.install(key, b);
    }
    problems
}

/// Builds the workspace folder's configuration (at `initialize`); returns its problems.
pub async fn prepare_root(backend: &Backend) -> Vec<Problem> {
    let key = backend.config_key(backend.root().as_deref());
    build_all(backend, vec![key]).await
}

/// Builds the configuration of `uri` if no document used it yet, and shows its problems.
pub async fn prepare(backend: &Backend, uri: &Url) {
    let key = backend.key_of(uri);
    if backend.engines().setups.contains_key(&key) {
        return;
    }
    let problems = build_all(backend, vec![key]).await;
    show_problems(backend, &problems).await;
}

/// Rebuilds every configuration in use (the workspace folder's and the open documents'),
/// re-analyses the open documents and shows the problems. On error a configuration keeps its
/// last good engine. Returns the problems' messages.
pub async fn reload(backend: &Backend) -> Vec<String> {
    let one_at_a_time = backend.inner.reloading.lock().await;
    backend.engines_mut().dirs.clear();
    let uris: Vec<Url> = backend.docs().keys().cloned().collect();
    let mut keys = vec![backend.config_key(backend.root().as_deref())];
    for uri in &uris {
        let key = backend.key_of(uri);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let problems = build_all(backend, keys.clone()).await;
    backend.engines_mut().setups.retain(|k, _| keys.contains(k));
    show_problems(backend, &problems).await;
    // Every document open now, not only those open when the reload began: one opened
    // meanwhile may have been analysed with the engine this reload replaced, and a client
    // that is pushed diagnostics would keep those.
    let open_now: Vec<Url> = backend.docs().keys().cloned().collect();
    for uri in &open_now {
        backend.schedule(uri);
    }
    // Before asking the client anything: it may pull diagnostics before it answers.
    drop(one_at_a_time);
    // Refresh requests go only to clients that said they handle them.
    let caps = backend.caps();
    if caps.pull_diagnostics && caps.diagnostic_refresh {
        let _ = backend.inner.client.workspace_diagnostic_refresh().await;
    }
    if caps.semantic_tokens_refresh {
        let client = backend.inner.client.clone();
        tokio::spawn(async move {
            let _ = client.semantic_tokens_refresh().await;
        });
    }
    problems.iter().map(Problem::to_string).collect()
}

/// Shows every configuration's problems as diagnostics on the files at fault (clearing files
/// that are fine again), and `new` ones in a message.
pub async fn show_problems(backend: &Backend, new: &[Problem]) {
    use glossary_lsp::rule_pages::GLOSSARY_ERROR;
    let enc = backend.enc();
    let all: Vec<Problem> = backend
        .engines()
        .setups
        .values()
        .flat_map(|s| s.problems.iter().cloned())
        .collect();
    let mut by_file: HashMap<Url, Vec<Diagnostic>> = HashMap::new();
    for p in &all {
        let Some((path, line, col)) = &p.location else {
            continue;
        };
        let Ok(uri) = Url::from_file_path(path) else {
            continue;
        };
        let text = backend.read_text(path).unwrap_or_default();
        let pos = documents::file_position(&text, *line, *col, enc);
        let diagnostic = Diagnostic {
            range: Range::new(pos, pos),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.into()),
            code: Some(NumberOrString::String(GLOSSARY_ERROR.into())),
            code_description: backend
                .caps()
                .code_description
                .then(|| backend.inner.rule_links.get()?.of(GLOSSARY_ERROR).cloned())
                .flatten()
                .map(|href| CodeDescription { href }),
            message: p.message.clone(),
            ..Default::default()
        };
        // Two configurations may share a broken glossary: show its errors once.
        let diags = by_file.entry(uri).or_default();
        if !diags.contains(&diagnostic) {
            diags.push(diagnostic);
        }
    }
    let previously: HashSet<Url> = {
        let mut broken = lock(&backend.inner.broken);
        std::mem::replace(&mut *broken, by_file.keys().cloned().collect())
    };
    let client = &backend.inner.client;
    for uri in previously {
        if !by_file.contains_key(&uri) {
            backend.publish(&uri, &[], None);
        }
    }
    for (uri, diags) in by_file {
        backend.publish(&uri, &diags, None);
    }
    if let Some(first) = new.first() {
        let more = if new.len() > 1 {
            format!(" (and {} more)", new.len() - 1)
        } else {
            String::new()
        };
        let msg = format!(
            "glossary-lsp: the glossary or configuration has errors; keeping the last good glossary. {first}{more}"
        );
        eprintln!("{msg}");
        client.show_message(MessageType::ERROR, msg).await;
    }
}

impl Backend {
    /// The config files and glossaries of every configuration in use, and the files showing
    /// glossary errors: what a change on disk would make the server reload.
    pub fn config_paths_in_use(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = {
            let engines = self.engines();
            engines
                .setups
                .iter()
                .flat_map(|(key, s)| key.iter().chain(s.config.glossaries.iter()).cloned())
                .collect()
        };
        paths.extend(
            lock(&self.inner.broken)
                .iter()
                .filter_map(|u| u.to_file_path().ok()),
        );
        paths
    }
}

/// Whether `path` is a config file, a glossary some configuration loads, or a file showing
/// glossary errors: a change to it means a reload.
pub fn is_config_file(backend: &Backend, path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == CONFIG_FILE)
        || backend
            .engines()
            .setups
            .values()
            .any(|s| s.config.glossaries.iter().any(|g| g == path))
        || lock(&backend.inner.broken)
            .iter()
            .any(|u| u.to_file_path().ok().as_deref() == Some(path))
}

/// Files saved or changed on disk: once the disk has a config file or glossary, the server's
/// in-memory edit of it is dropped and everything reloads.
pub async fn files_changed(backend: &Backend, paths: &[PathBuf]) {
    let mut relevant = false;
    for path in paths {
        if is_config_file(backend, path) {
            drop_caught_up_override(backend, path);
            relevant = true;
        }
    }
    if relevant {
        reload(backend).await;
    }
}

/// Forgets the server's in-memory text of a config file or glossary it edited once the disk
/// has caught up. An editor that applied the edit may create the file empty and save the text
/// later (VS Code keeps the new file open, unsaved): while the disk file is missing or empty
/// and the edit is not, the edited text stays in force, so that a half-created team glossary
/// is never reported as defining no entries.
fn drop_caught_up_override(backend: &Backend, path: &Path) {
    let mut overrides = lock(&backend.inner.overrides);
    let Some(edited) = overrides.get(path) else {
        return;
    };
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    if on_disk.trim().is_empty() && !edited.trim().is_empty() {
        return;
    }
    overrides.remove(path);
}

/// `workspace/didChangeConfiguration`: new settings (bad ones are reported and ignored);
/// documents whose language is no longer checked lose their diagnostics.
///
/// `null` or `{}` (what eglot sends when the user configured nothing) keep the settings in
/// force, e.g. those given as `initializationOptions`. `{"glossary-lsp": {}}` is different: the
/// client sends its section and it is empty, so every setting was removed and the defaults
/// (and each document's `.glossary-lsp.toml`) apply again.
pub async fn settings_changed(backend: &Backend, value: Value) {
    if value.is_null() || value.as_object().is_some_and(|o| o.is_empty()) {
        return;
    }
    let settings = match Settings::from_json(Some(&value)) {
        Ok(s) => s,
        Err(e) => {
            let msg = format!("glossary-lsp: invalid settings: {e}");
            eprintln!("{msg}");
            backend
                .inner
                .client
                .show_message(MessageType::ERROR, msg)
                .await;
            return;
        }
    };
    let languages = settings.languages.clone();
    *lock(&backend.inner.settings) = settings;
    let mut cleared = Vec::new();
    for (uri, doc) in backend.docs().iter_mut() {
        let enabled = languages.contains(&doc.language_id);
        if doc.enabled && !enabled {
            cleared.push(uri.clone());
        }
        doc.enabled = enabled;
    }
    for uri in cleared {
        backend.publish(&uri, &[], None);
    }
    reload(backend).await;
    if backend.caps().inlay_hint_refresh {
        let _ = backend.inner.client.inlay_hint_refresh().await;
    }
}

/// Asks the client to watch config files and glossaries — TOML, and the other formats a
/// glossary may be in (CSV, TSV, TBX, a Markdown or text page) — if it can.
pub fn watch_config_files(backend: &Backend) {
    if !backend.caps().watch_dynamic {
        return;
    }
    let watchers = vec![FileSystemWatcher {
        glob_pattern: GlobPattern::String(
            "**/*.{toml,csv,tsv,tab,tbx,md,markdown,mdown,mkd,mdx,txt,text}".into(),
        ),
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
    let client = backend.inner.client.clone();
    tokio::spawn(async move {
        if let Err(e) = client.register_capability(vec![registration]).await {
            eprintln!("glossary-lsp: registering file watchers failed: {e}");
        }
    });
}
