//! `workspace/executeCommand`: reload, the term report, the debugging copy of a document, and
//! the two commands that edit the team glossary (add a term, add an exception).
//!
//! Team-glossary edits go through the editor (`workspace/applyEdit`, so they can be undone and
//! are visible in open buffers) when it can create files; otherwise the server writes the files.
//! With `"dryRun": true` in the argument object a team-glossary command changes nothing and
//! answers with what it would do (the files, which are new, and a sentence saying so): the VS
//! Code extension asks the user before any file is created.
//! Either way the edited text is served at once ("overrides") until the disk catches up. The
//! team glossary is the first glossary of the configuration of the document the command came
//! from (its `uri` argument), else of the workspace folder's.

use super::backend::{lock, Backend};
use super::boundary::{self, Role};
use super::documents;
use super::engines;
use super::settings::{self, Settings};
use super::workspace::{self, Addition, FileChange};
use glossary_lsp::ide;
use ropey::Rope;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tower_lsp::jsonrpc::{Error, Result};
use tower_lsp::lsp_types::*;

/// Commands the server executes.
pub const COMMANDS: &[&str] = &[
    "glossary-lsp.reload",
    "glossary-lsp.termReport",
    "glossary-lsp.addTerm",
    "glossary-lsp.addException",
    // A debugging aid: the server's copy of a document's text and version.
    "glossary-lsp.debugText",
    // A glossary entry's uses, as locations (the command of its code lens).
    super::code_lens::SHOW_USES,
];

/// A string argument: the first argument itself, or its `key` field.
fn args_string(args: &[Value], key: &str) -> Option<String> {
    let first = args.first()?;
    first
        .as_str()
        .map(str::to_string)
        .or_else(|| first.get(key).and_then(Value::as_str).map(str::to_string))
}

/// The document URI argument.
fn args_uri(args: &[Value]) -> Result<Url> {
    args_string(args, "uri")
        .and_then(|u| Url::parse(&u).ok())
        .ok_or_else(|| Error::invalid_params("expected a document URI"))
}

/// Runs a command.
pub async fn execute(backend: &Backend, params: ExecuteCommandParams) -> Result<Option<Value>> {
    let args = &params.arguments;
    match params.command.as_str() {
        "glossary-lsp.reload" => {
            let errors = engines::reload(backend).await;
            Ok(Some(json!({ "ok": errors.is_empty(), "errors": errors })))
        }
        "glossary-lsp.termReport" => term_report(backend, args_uri(args)?).await.map(Some),
        super::code_lens::SHOW_USES => super::code_lens::show_uses(backend, args).await,
        "glossary-lsp.debugText" => {
            let uri = args_uri(args)?;
            let docs = backend.docs();
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
            add_to_team(
                backend,
                from_document(args),
                Addition::Term(&term),
                dry_run(args),
            )
            .await
            .map(Some)
        }
        "glossary-lsp.addException" => {
            let phrase = args_string(args, "phrase")
                .filter(|p| !p.trim().is_empty())
                .ok_or_else(|| Error::invalid_params("expected the phrase"))?;
            add_to_team(
                backend,
                from_document(args),
                Addition::Exception(phrase.trim()),
                dry_run(args),
            )
            .await
            .map(Some)
        }
        other => Err(Error::invalid_params(format!("unknown command `{other}`"))),
    }
}

/// Whether a team-glossary command only says what it would do (its `dryRun` field).
fn dry_run(args: &[Value]) -> bool {
    args.first()
        .and_then(|a| a.get("dryRun"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// The document a team-glossary command came from (its optional `uri` field).
fn from_document(args: &[Value]) -> Option<Url> {
    args.first()?
        .get("uri")
        .and_then(Value::as_str)
        .and_then(|u| Url::parse(u).ok())
}

/// `glossary-lsp.termReport`: the terms a document uses and its findings.
async fn term_report(backend: &Backend, uri: Url) -> Result<Value> {
    let Some((cached, rope)) = backend.analysis_now(&uri).await else {
        return Err(Error::invalid_params(format!("{uri} is not open")));
    };
    let enc = backend.enc();
    let version = cached.version;
    let mut report = tokio::task::spawn_blocking(move || {
        let text = rope.to_string();
        ide::term_report(cached.engine.glossary(), &text, &cached.analysis, enc)
    })
    .await
    .map_err(|_| Error::internal_error())?;
    let name = uri
        .to_file_path()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| {
            let last = uri.path_segments()?.next_back()?;
            (!last.is_empty()).then(|| last.to_string())
        })
        .unwrap_or_else(|| "document".into());
    let title = format!("Term report: {name}");
    report["markdown"] = json!(ide::term_report_markdown(&report, &title, uri.as_str()));
    report["title"] = json!(title);
    report["uri"] = json!(uri);
    report["version"] = json!(version);
    Ok(report)
}

/// Adds a term or an exception to the team glossary of `document`'s configuration (creating
/// the glossary, and listing it in the config file, when there is none), then reloads; or,
/// for a `dry_run`, only checks the edit and says what it would change.
async fn add_to_team(
    backend: &Backend,
    document: Option<Url>,
    what: Addition<'_>,
    dry_run: bool,
) -> Result<Value> {
    let added = match &what {
        Addition::Term(t) => format!("a draft entry for \u{201c}{t}\u{201d} to"),
        Addition::Exception(p) => format!("\u{201c}{p}\u{201d} to the exceptions in"),
    };
    let config = backend.config_for(document.as_ref());
    // New files go next to the config file, else into the workspace folder.
    let Some(root) = config
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .or_else(|| backend.root())
    else {
        return Err(Error::invalid_params(
            "no workspace folder: cannot tell where the team glossary lives",
        ));
    };
    let folders = backend.folders();
    if folders.is_empty() {
        return Err(refuse(
            backend,
            "no workspace folder: glossary-lsp edits only files inside the workspace folders"
                .into(),
        ));
    }
    let config_file = config
        .path
        .clone()
        .unwrap_or_else(|| root.join(glossary_lsp::config::CONFIG_FILE));
    let overrides = lock(&backend.inner.overrides).clone();
    let (quoted, acronym) = match what {
        Addition::Term(t) => (format!("\u{201c}{t}\u{201d}"), Some(t.to_string())),
        Addition::Exception(p) => (format!("\u{201c}{p}\u{201d}"), None),
    };
    let changes = workspace::team_changes(
        &root,
        &config.glossaries,
        config.path.as_deref(),
        what,
        &|p| backend.read_text(p),
    );
    let role = |c: &FileChange| {
        if c.path == config_file {
            Role::Config
        } else {
            Role::Glossary
        }
    };
    for c in &changes {
        boundary::check_target(&c.path, role(c), &folders).map_err(|e| refuse(backend, e))?;
    }
    let team_glossary = changes
        .iter()
        .find(|c| role(c) == Role::Glossary)
        .map(|c| c.path.clone());
    let Some(team_glossary) = team_glossary else {
        // `add_to_toml_array` found the phrase in the exceptions already.
        let team = config
            .glossaries
            .first()
            .map_or(String::new(), |p| format!(" of {}", p.display()));
        return Err(refuse(
            backend,
            format!("{quoted} is already in the exceptions{team}"),
        ));
    };
    // The edit must leave a configuration that loads: no duplicate or conflicting entry, and
    // no edit of a glossary that is broken already (it may not even be a glossary).
    let check = Check {
        config_file,
        root: backend.root(),
        settings: backend.settings(),
        overrides,
        acronym,
        serving: match &document {
            Some(uri) => backend.engine_for(uri).0,
            None => match Url::from_file_path(root.join(glossary_lsp::config::CONFIG_FILE)) {
                Ok(in_root) => backend.engine_for(&in_root).0,
                Err(()) => {
                    backend
                        .engine_for(&Url::parse("untitled:x").expect("a URL"))
                        .0
                }
            },
        },
        team_glossary,
    };
    let checked = tokio::task::spawn_blocking(move || check.run(&changes).map(|()| changes))
        .await
        .map_err(|_| Error::internal_error())?;
    let changes = checked.map_err(|e| refuse(backend, e))?;
    let files: Vec<String> = changes
        .iter()
        .map(|c| c.path.display().to_string())
        .collect();
    let created: Vec<String> = changes
        .iter()
        .filter(|c| c.create)
        .map(|c| c.path.display().to_string())
        .collect();
    if dry_run {
        return Ok(json!({
            "applied": false, "dryRun": true, "files": files, "created": created,
            "message": describe_changes(&added, &changes, false),
        }));
    }
    let caps = backend.caps();
    let mut applied = false;
    let creates = changes.iter().any(|c| c.create);
    // New files go through the editor only when it saves them (the VS Code extension says so
    // in its capabilities): an editor that applies the edit silently leaves them as unsaved
    // buffers nobody sees (Neovim), so the server writes those itself. Either way the message
    // below names every file and says which are new.
    if caps.apply_edit && caps.resource_create && (!creates || caps.saves_created_files) {
        let edit = workspace_edit(&changes, backend.enc());
        match backend.inner.client.apply_edit(edit).await {
            Ok(r) if r.applied => {
                applied = true;
                let mut overrides = lock(&backend.inner.overrides);
                for c in &changes {
                    overrides.insert(c.path.clone(), c.after());
                }
            }
            Ok(r) => backend.log(
                MessageType::WARNING,
                format!(
                    "the editor did not apply the glossary edit ({}); writing the file instead",
                    r.failure_reason.unwrap_or_default()
                ),
            ),
            Err(e) => backend.log(
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
            // Never over what is there (created) or over another program's write (edited).
            let written = if c.create {
                glossary_lsp::fsio::create_new_file(&c.path, c.after().as_bytes())
            } else {
                glossary_lsp::fsio::replace_file(&c.path, c.before.as_bytes(), c.after().as_bytes())
            };
            if let Err(e) = written {
                return Err(Error::invalid_params(format!(
                    "cannot write {}: {e}",
                    c.path.display()
                )));
            }
        }
    }
    let errors = engines::reload(backend).await;
    let said = describe_changes(&added, &changes, true);
    backend
        .inner
        .client
        .show_message(MessageType::INFO, said.clone())
        .await;
    Ok(json!({
        "applied": true, "viaClient": applied, "files": files, "created": created,
        "message": said, "errors": errors,
    }))
}

/// One sentence saying what a team-glossary command changed (`done`) or would change
/// (`added`: what is added), naming each file and whether it is created: "glossary-lsp: added
/// “Contoso Program” to the exceptions in team-glossary.toml (new file, in /w);
/// .glossary-lsp.toml (new file, in /w) now lists it.", or "Adds “Contoso Program” to the
/// exceptions in team-glossary.toml (new file, in /w); .glossary-lsp.toml (new file, in /w)
/// will list it."
fn describe_changes(added: &str, changes: &[FileChange], done: bool) -> String {
    let name = |c: &FileChange| {
        let file = c
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| c.path.display().to_string());
        if c.create {
            format!(
                "{file} (new file, in {})",
                c.path
                    .parent()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            )
        } else {
            file
        }
    };
    // The team glossary is the last change; a config file listing it, if any, comes first.
    let Some((glossary, config)) = changes.split_last() else {
        return "glossary-lsp: nothing to change".into();
    };
    let (mut msg, lists) = if done {
        (format!("glossary-lsp: added {added}"), "now lists it")
    } else {
        (format!("Adds {added}"), "will list it")
    };
    msg.push_str(&format!(" {}", name(glossary)));
    for c in config {
        msg.push_str(&format!("; {} {lists}", name(c)));
    }
    msg.push('.');
    msg
}

/// Refuses a command: logs why and answers with that message.
fn refuse(backend: &Backend, message: String) -> Error {
    backend.log(MessageType::WARNING, message.clone());
    Error::invalid_params(message)
}

/// What must hold before a team-glossary edit is made.
struct Check {
    config_file: PathBuf,
    root: Option<PathBuf>,
    settings: Settings,
    overrides: HashMap<PathBuf, String>,
    /// The acronym `addTerm` defines.
    acronym: Option<String>,
    /// The engine serving the document (its last good glossary).
    serving: std::sync::Arc<glossary_lsp::Engine>,
    team_glossary: PathBuf,
}

impl Check {
    /// Ok if the acronym is not defined yet and the configuration loads with `changes` made
    /// (so a file that is not a glossary, or a glossary with errors, is never edited, and no
    /// entry is added twice or claims a form another entry has); else why not.
    fn run(&self, changes: &[FileChange]) -> std::result::Result<(), String> {
        let first = |problems: Vec<settings::Problem>| {
            let more = match problems.len() {
                0 | 1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            problems
                .into_iter()
                .next()
                .map(|p| p.message)
                .unwrap_or_default()
                + &more
        };
        // A clear message for the common duplicate (the check below would refuse it too).
        if let Some(acronym) = &self.acronym {
            let engine = &self.serving;
            if let Some(e) = engine.glossary().find_form(acronym) {
                let e = engine.glossary().entry(e);
                return Err(format!(
                    "\u{201c}{acronym}\u{201d} is already defined: entry `{}` ({})",
                    e.id, e.origin
                ));
            }
        }
        let mut after = self.overrides.clone();
        for c in changes {
            after.insert(c.path.clone(), c.after());
        }
        let config = settings::effective_config(
            Some(&self.config_file),
            self.root.as_deref(),
            &self.settings,
            &after,
        )
        .map_err(|p| format!("the edit would break the configuration: {}", p.message))?;
        settings::build_engine(&config, &after)
            .map(drop)
            .map_err(|p| {
                format!(
                    "{} was not changed: with the edit, the glossaries would have errors: {}",
                    self.team_glossary.display(),
                    first(p)
                )
            })
    }
}

/// The workspace edit that makes `changes` (creating files first where needed).
fn workspace_edit(changes: &[FileChange], enc: glossary_lsp::position::Encoding) -> WorkspaceEdit {
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
        let range = documents::range(&Rope::from_str(&c.before), c.edit.range.clone(), enc);
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
