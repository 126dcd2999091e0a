//! Capabilities, both ways: what the client can do (read once from `initialize` into [`Caps`])
//! and what the server offers in return ([`server_capabilities`]). Kept apart from the handlers
//! so that the whole contract with the editor is in one place.

use super::actions::FIX_ALL;
use super::commands::COMMANDS;
use super::navigation::semantic_tokens_legend;
use super::SOURCE;
use glossary_lsp::position::Encoding;
use tower_lsp::lsp_types::*;

/// What the client can do, read once from `initialize`.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// The position encoding both sides use (UTF-8 when the client offers it, else UTF-16).
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`) and can be told to pull again
    /// (`workspace/diagnostic/refresh`); the server then never pushes. A client that pulls but
    /// cannot be refreshed (Neovim 0.11) would keep stale diagnostics after a config change
    /// until the next edit, so it gets pushed diagnostics instead.
    pub pull_diagnostics: bool,
    /// Completion items may be snippets (their text then goes in whole: Neovim inserts only the
    /// first word of a plain `textEdit`).
    pub snippets: bool,
    /// The client saves files that a workspace edit creates (the VS Code extension says so
    /// with the experimental capability `glossaryLsp.savesCreatedFiles`); other clients may
    /// leave them as unsaved buffers.
    pub saves_created_files: bool,
    /// Diagnostics may carry `relatedInformation` (other places in the document a finding
    /// points to): declared under `textDocument.publishDiagnostics` (or, LSP 3.18, under
    /// `textDocument.diagnostic`, which the transport copies there). Clients that don't show it
    /// (eglot) are not sent it.
    pub related_information: bool,
    /// Diagnostics may carry `codeDescription` (the link to the rule's page), declared the same
    /// way. Sent only to clients that show it (VS Code; not Neovim 0.11 or eglot): the link is
    /// some 100 bytes per diagnostic.
    pub code_description: bool,
    /// File watchers can be registered dynamically.
    pub watch_dynamic: bool,
    /// The server may create work-done progress tokens.
    pub progress: bool,
    /// `workspace/applyEdit` is supported.
    pub apply_edit: bool,
    /// Workspace edits may create files.
    pub resource_create: bool,
    /// `workspace/diagnostic/refresh` is supported.
    pub diagnostic_refresh: bool,
    /// `workspace/semanticTokens/refresh` is supported.
    pub semantic_tokens_refresh: bool,
    /// `workspace/inlayHint/refresh` is supported.
    pub inlay_hint_refresh: bool,
    /// Workspace edits may carry change annotations that ask the user to confirm
    /// (`changeAnnotationSupport` with versioned `documentChanges`): a rename then also edits
    /// other files, behind a confirmation.
    pub change_annotations: bool,
    /// `workspace/codeLens/refresh` is supported.
    pub code_lens_refresh: bool,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            encoding: Encoding::Utf16,
            pull_diagnostics: false,
            snippets: false,
            saves_created_files: false,
            related_information: false,
            code_description: false,
            watch_dynamic: false,
            progress: false,
            apply_edit: false,
            resource_create: false,
            diagnostic_refresh: false,
            semantic_tokens_refresh: false,
            inlay_hint_refresh: false,
            change_annotations: false,
            code_lens_refresh: false,
        }
    }
}

impl Caps {
    /// Reads the client's capabilities (and its name, see [`pulls_without_refresh`]).
    pub fn of_client(params: &InitializeParams) -> Caps {
        let c = &params.capabilities;
        let client_name = params.client_info.as_ref().map(|i| i.name.as_str());
        let utf8 = c
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let ws = c.workspace.as_ref();
        let publish = c
            .text_document
            .as_ref()
            .and_then(|t| t.publish_diagnostics.as_ref());
        Caps {
            encoding: if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            },
            pull_diagnostics: c
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some())
                && !pulls_without_refresh(client_name),
            snippets: c
                .text_document
                .as_ref()
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            saves_created_files: c
                .experimental
                .as_ref()
                .and_then(|e| e.pointer("/glossaryLsp/savesCreatedFiles"))
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            related_information: publish.and_then(|p| p.related_information).unwrap_or(false),
            code_description: publish
                .and_then(|p| p.code_description_support)
                .unwrap_or(false),
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
            // The spec's `workspace.diagnostics` is copied to the `diagnostic` field lsp-types
            // reads by the transport (`message::normalize`); only a client that declares the
            // refresh gets it.
            diagnostic_refresh: ws
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            semantic_tokens_refresh: ws
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            change_annotations: ws.and_then(|w| w.workspace_edit.as_ref()).is_some_and(|e| {
                e.document_changes == Some(true) && e.change_annotation_support.is_some()
            }),
            code_lens_refresh: ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        }
    }
}

/// Whether a client that pulls diagnostics is known to ignore `workspace/diagnostic/refresh`.
///
/// A declared capability cannot say so: Neovim 0.11 pulls but never re-pulls on a refresh,
/// so after a `.glossary-lsp.toml` change it would keep stale diagnostics until the next edit.
/// It is named here and gets pushed diagnostics, which it shows at once.
fn pulls_without_refresh(client_name: Option<&str>) -> bool {
    client_name.is_some_and(|n| n.eq_ignore_ascii_case("neovim") || n.eq_ignore_ascii_case("nvim"))
}

/// What the server offers a client with `caps`.
pub fn server_capabilities(caps: Caps) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match caps.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
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
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                CodeActionKind::from(FIX_ALL),
            ]),
            ..Default::default()
        })),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic_tokens_legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..Default::default()
            },
        )),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: COMMANDS.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }),
        diagnostic_provider: caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(SOURCE.into()),
                inter_file_dependencies: false,
                workspace_diagnostics: true,
                ..Default::default()
            })
        }),
        ..Default::default()
    }
}
