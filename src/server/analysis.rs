//! Analysis off the request path, and the diagnostics that come out of it.
//!
//! Each document has at most one analysis running ([`Backend::schedule`]): it runs the engine on
//! a thread of its own over a snapshot of the rope, incrementally (the document's
//! [`AnalysisCache`] lets it re-analyse only the chunks an edit changed), and when it finishes
//! it keeps the result (a [`Cached`]) only if neither the text nor the document's engine
//! changed meanwhile; otherwise it loops and analyses the newer text. Diagnostics are pushed (`publishDiagnostics`) unless
//! the client pulls them (`textDocument/diagnostic`, answered by [`pull`] with a result id of
//! engine generation and text revision). Requests that need an up-to-date analysis right away
//! (references, semantic tokens, the term report) use [`Backend::analysis_now`].

use super::backend::Backend;
use super::background;
use super::documents::Cached;
use super::SOURCE;
use glossary_lsp::position::{Encoding, LineIndex};
use glossary_lsp::rules::{Finding, Severity};
use glossary_lsp::{AnalysisCache, Engine, Format};
use ropey::Rope;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tower_lsp::lsp_types::*;

/// What one analysis needs: the text and how to read it, and which revision it is.
#[derive(Clone)]
struct Snapshot {
    rope: Rope,
    format: Format,
    rev: u64,
    version: i32,
    chunks: Arc<Mutex<AnalysisCache>>,
}

impl Backend {
    /// Starts an analysis of `uri` unless one is running (that one re-runs when it finds the
    /// document changed).
    pub fn schedule(&self, uri: &Url) {
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
            let (engine, generation) = self.engine_for(&uri);
            let snapshot = {
                let mut docs = self.docs();
                let Some(doc) = docs.get_mut(&uri) else {
                    return;
                };
                if !doc.enabled || doc.current(generation).is_some() {
                    doc.analyzing = false;
                    return;
                }
                Snapshot {
                    rope: doc.rope.clone(),
                    format: doc.format,
                    rev: doc.rev,
                    version: doc.version,
                    chunks: doc.chunks.clone(),
                }
            };
            let version = snapshot.version;
            let Some(cached) = self.run(engine, generation, snapshot).await else {
                if let Some(doc) = self.docs().get_mut(&uri) {
                    doc.analyzing = false;
                }
                return;
            };
            // Stale results are dropped: the loop then analyses the newer text.
            if self.keep(&uri, &cached) && !self.caps().pull_diagnostics {
                self.inner
                    .client
                    .publish_diagnostics(uri.clone(), cached.diagnostics.clone(), Some(version))
                    .await;
            }
        }
    }

    /// The analysis of the current text of `uri`, with the rope it belongs to: the cached one
    /// if current, else computed now (off the async threads).
    pub async fn analysis_now(&self, uri: &Url) -> Option<(Arc<Cached>, Rope)> {
        let (engine, generation) = self.engine_for(uri);
        let snapshot = {
            let docs = self.docs();
            let doc = docs.get(uri)?;
            if let Some(c) = doc.current(generation) {
                return Some((c.clone(), doc.rope.clone()));
            }
            Snapshot {
                rope: doc.rope.clone(),
                format: doc.format,
                rev: doc.rev,
                version: doc.version,
                chunks: doc.chunks.clone(),
            }
        };
        let rope = snapshot.rope.clone();
        let cached = self.run(engine, generation, snapshot).await?;
        self.keep(uri, &cached);
        Some((cached, rope))
    }

    /// Analyses a snapshot on a thread of its own (see [`background`]).
    async fn run(
        &self,
        engine: Arc<Engine>,
        generation: u64,
        snapshot: Snapshot,
    ) -> Option<Arc<Cached>> {
        let enc = self.enc();
        let patience = background::patience(snapshot.rope.len_bytes());
        let work = move || analyze(engine.clone(), snapshot.clone(), generation, enc);
        match background::run(work, patience).await {
            Ok(c) => Some(Arc::new(c)),
            Err(e) => {
                self.log(MessageType::ERROR, format!("analysis failed: {e}"));
                None
            }
        }
    }

    /// Caches `cached` as the analysis of `uri` if it is of the current text and engine.
    fn keep(&self, uri: &Url, cached: &Arc<Cached>) -> bool {
        let current_generation = self.engine_for(uri).1;
        let mut docs = self.docs();
        let Some(doc) = docs.get_mut(uri) else {
            return false;
        };
        if doc.rev == cached.rev && current_generation == cached.generation {
            doc.cached = Some(cached.clone());
            doc.trim_edits();
            true
        } else {
            false
        }
    }
}

/// `textDocument/diagnostic`: the current analysis' diagnostics, or "unchanged" when the
/// client already has them.
pub async fn pull(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    // A reload under way (new settings, a changed glossary) decides which engine answers.
    drop(backend.inner.reloading.lock().await);
    let Some((cached, _)) = backend.analysis_now(&params.text_document.uri).await else {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport::default(),
        ));
    };
    let result_id = format!("{}-{}", cached.generation, cached.rev);
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            },
        ));
    }
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: cached.diagnostics.clone(),
            },
        },
    ))
}

/// Runs the engine and prepares everything requests read from the cache.
fn analyze(engine: Arc<Engine>, snapshot: Snapshot, generation: u64, enc: Encoding) -> Cached {
    let text = snapshot.rope.to_string();
    // The document's chunk cache, unless another analysis of it (a request that needed one
    // right away) holds it: that one then analyses without.
    let analysis = match snapshot.chunks.try_lock() {
        Ok(mut chunks) => engine.analyze_incremental(&text, snapshot.format, &mut chunks),
        Err(_) => engine.analyze(&text, snapshot.format),
    };
    let opaque = analysis.opaque_blocks.clone();
    let lines = LineIndex::new(&text);
    let mut diagnostics: Vec<Diagnostic> = analysis
        .findings
        .iter()
        .map(|f| diagnostic(&engine, &text, &lines, enc, f))
        .collect();
    // A suppression comment naming no rule: a warning on the name, the nearest rule offered
    // as its replacement (and no "disable" action: `rule` is empty).
    for u in &analysis.unknown_rules {
        let pos = |o: usize| {
            let (l, c) = lines.position(&text, o, enc);
            Position::new(l as u32, c as u32)
        };
        diagnostics.push(Diagnostic {
            range: Range::new(pos(u.range.start), pos(u.range.end)),
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String("unknown-rule".into())),
            source: Some(SOURCE.into()),
            message: u.message(),
            data: Some(json!({
                "rule": "",
                "suggestions": u.suggestion.into_iter().collect::<Vec<_>>(),
                "text": u.name,
            })),
            ..Default::default()
        });
    }
    let mut first_use = vec![usize::MAX; engine.glossary().entries().len()];
    for m in &analysis.matches {
        if first_use[m.entry] == usize::MAX {
            first_use[m.entry] = m.range.end;
        }
    }
    Cached {
        rev: snapshot.rev,
        version: snapshot.version,
        generation,
        engine,
        analysis,
        opaque,
        diagnostics,
        first_use,
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The LSP diagnostic of a finding; `data` carries what code actions need (the suggestions,
/// and the text flagged, so that a fix is never applied to text that changed since).
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
