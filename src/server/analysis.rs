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
//!
//! A diagnostic is written for its client ([`DiagnosticStyle`]): the rule page's link
//! (`codeDescription`, see [`RuleLinks`]) and the other places a finding points to
//! (`relatedInformation`) go only to clients that declare they show them, as each costs bytes
//! in every publish.

use super::backend::Backend;
use super::background;
use super::documents::{self, Cached};
use super::SOURCE;
use futures::FutureExt;
use glossary_lsp::position::Encoding;
use glossary_lsp::rules::{Finding, Severity};
use glossary_lsp::{AnalysisCache, Engine, Format};
use ropey::Rope;
use serde::Serialize;
use serde_json::json;
use std::panic::AssertUnwindSafe;
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
        tokio::spawn(async move {
            // A panic here must not leave the document marked as being analysed for good.
            let run = this.clone().analysis_loop(uri.clone());
            if AssertUnwindSafe(run).catch_unwind().await.is_err() {
                this.log(
                    MessageType::ERROR,
                    format!("internal error while analysing {uri}; it is analysed again at the next change"),
                );
                if let Some(doc) = this.docs().get_mut(&uri) {
                    doc.analyzing = false;
                }
            }
        });
    }

    async fn analysis_loop(self, uri: Url) {
        loop {
            let (engine, generation) = self.engine_for(&uri);
            let snapshot = {
                let mut docs = self.docs();
                let Some(doc) = docs.get_mut(&uri) else {
                    // Closed meanwhile: what this analysis held is free now.
                    drop(docs);
                    self.release_memory_if_idle();
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
            let Some(cached) = self.run(engine, generation, snapshot).await else {
                if let Some(doc) = self.docs().get_mut(&uri) {
                    doc.analyzing = false;
                }
                return;
            };
            // Stale results are dropped: the loop then analyses the newer text.
            if self.keep(&uri, &cached) && !self.caps().pull_diagnostics {
                self.publish_cached(&uri, cached).await;
            }
        }
    }

    /// Publishes the diagnostics of `cached`, the analysis of `uri`: serialized straight from
    /// the findings off the async threads (no list of LSP diagnostics is ever built), and sent
    /// only if it is still the document's analysis (not after a close, nor a newer result).
    async fn publish_cached(&self, uri: &Url, cached: Arc<Cached>) {
        let style = self.diagnostic_style(uri);
        let (u, c) = (uri.clone(), cached.clone());
        let body = tokio::task::spawn_blocking(move || {
            let diagnostics = Diagnostics {
                cached: &c,
                style: &style,
            };
            publish_body(&u, &diagnostics, Some(c.version))
        })
        .await;
        let body = match body {
            Ok(Ok(body)) => body,
            Ok(Err(e)) => return self.log(MessageType::ERROR, format!("diagnostics: {e}")),
            Err(e) => return self.log(MessageType::ERROR, format!("diagnostics: {e}")),
        };
        let docs = self.docs();
        let current = docs
            .get(uri)
            .and_then(|d| d.cached.as_ref())
            .is_some_and(|c| Arc::ptr_eq(c, &cached));
        if current {
            let _ = self.inner.out.send(super::transport::frame(&body));
        }
    }

    /// Publishes `diagnostics` for `uri` (a glossary's errors, or none to clear a document's).
    pub fn publish(&self, uri: &Url, diagnostics: &[Diagnostic], version: Option<i32>) {
        match publish_body(uri, &diagnostics, version) {
            Ok(body) => {
                let _ = self.inner.out.send(super::transport::frame(&body));
            }
            Err(e) => self.log(MessageType::ERROR, format!("diagnostics: {e}")),
        }
    }

    /// How diagnostics of `uri` are written for this client: in its position encoding, with
    /// links to the rule pages and related places only if it shows them.
    pub fn diagnostic_style(&self, uri: &Url) -> DiagnosticStyle {
        let caps = self.caps();
        DiagnosticStyle {
            enc: caps.encoding,
            related_in: caps.related_information.then(|| uri.clone()),
            links: if caps.code_description {
                self.inner.rule_links.get().cloned()
            } else {
                None
            },
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
        // Kept, it is the current analysis: a scheduled analysis loop will find it and stop,
        // so a client that is pushed diagnostics must get them from here.
        if self.keep(uri, &cached) && !self.caps().pull_diagnostics {
            self.publish_cached(uri, cached.clone()).await;
        }
        Some((cached, rope))
    }

    /// Analyses a snapshot on a thread of its own (see [`background`]).
    async fn run(
        &self,
        engine: Arc<Engine>,
        generation: u64,
        snapshot: Snapshot,
    ) -> Option<Arc<Cached>> {
        let patience = background::patience(snapshot.rope.len_bytes());
        let work = move || analyze(engine.clone(), snapshot.clone(), generation);
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

/// The `textDocument/publishDiagnostics` notification's body.
fn publish_body<D: Serialize>(
    uri: &Url,
    diagnostics: &D,
    version: Option<i32>,
) -> serde_json::Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Params<'a, D> {
        uri: &'a Url,
        diagnostics: &'a D,
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    #[derive(Serialize)]
    struct Notification<'a, D> {
        jsonrpc: &'static str,
        method: &'static str,
        params: Params<'a, D>,
    }
    serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method: "textDocument/publishDiagnostics",
        params: Params {
            uri,
            diagnostics,
            version,
        },
    })
}

/// An analysis' diagnostics, serialized one at a time from its findings.
struct Diagnostics<'a> {
    cached: &'a Cached,
    style: &'a DiagnosticStyle,
}

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(diagnostics_in(self.cached, 0..usize::MAX, self.style))
    }
}

/// Where each code's page is (`codeDescription.href`): on the web when the binary knows its
/// repository, else the copies written into the server's private folder (see
/// `glossary_lsp::rule_pages`). A code whose page could not be written has no link.
#[derive(Debug, Default)]
pub struct RuleLinks(Vec<(&'static str, Url)>);

impl RuleLinks {
    /// The links for this binary: the web pages, or the local copies written now (once per
    /// server, when a client that shows links connects).
    pub fn find() -> RuleLinks {
        use glossary_lsp::rule_pages;
        if rule_pages::repository().is_some() {
            return RuleLinks(
                rule_pages::codes()
                    .filter_map(|c| Some((c, Url::parse(&rule_pages::web_url(c)?).ok()?)))
                    .collect(),
            );
        }
        let Some(folder) = super::workspace::private_folder() else {
            return RuleLinks::default();
        };
        RuleLinks(
            rule_pages::write_pages(&folder)
                .into_iter()
                .filter_map(|(c, path)| Some((c, Url::from_file_path(path).ok()?)))
                .collect(),
        )
    }

    /// The link of `code`'s page.
    pub fn of(&self, code: &str) -> Option<&Url> {
        self.0.iter().find(|(c, _)| *c == code).map(|(_, u)| u)
    }
}

/// How diagnostics are written for one client and document.
#[derive(Debug, Clone)]
pub struct DiagnosticStyle {
    /// The position encoding.
    pub enc: Encoding,
    /// The document's URI, when the client shows related information (`None`: none is sent).
    pub related_in: Option<Url>,
    /// The rule pages, when the client shows `codeDescription` links.
    pub links: Option<Arc<RuleLinks>>,
}

impl DiagnosticStyle {
    /// Positions in `enc`, and nothing the client was not said to show.
    pub fn plain(enc: Encoding) -> DiagnosticStyle {
        DiagnosticStyle {
            enc,
            related_in: None,
            links: None,
        }
    }

    fn code_description(&self, code: &str) -> Option<CodeDescription> {
        let href = self.links.as_ref()?.of(code)?.clone();
        Some(CodeDescription { href })
    }
}

/// The diagnostics of `cached` that touch byte range `within` of its text, made one at a
/// time: its findings', then those of suppression comments naming no rule.
pub fn diagnostics_in<'a>(
    cached: &'a Cached,
    within: std::ops::Range<usize>,
    style: &'a DiagnosticStyle,
) -> impl Iterator<Item = Diagnostic> + 'a {
    let touches = move |r: &std::ops::Range<usize>| r.start <= within.end && within.start <= r.end;
    let findings = cached
        .analysis
        .findings
        .iter()
        .filter(move |f| touches(&f.range))
        .map(move |f| diagnostic(cached, f, style));
    let unknown = cached
        .analysis
        .unknown_rules
        .iter()
        .filter(move |u| touches(&u.range))
        .map(move |u| unknown_rule_diagnostic(cached, u, style));
    findings.chain(unknown)
}

/// A suppression comment naming no rule: a warning on the name, the nearest rule offered as
/// its replacement (and no "disable" action: `rule` is empty).
fn unknown_rule_diagnostic(
    cached: &Cached,
    u: &glossary_lsp::rules::suppress::UnknownRuleName,
    style: &DiagnosticStyle,
) -> Diagnostic {
    let code = glossary_lsp::rule_pages::UNKNOWN_RULE;
    Diagnostic {
        range: documents::range(&cached.rope, u.range.clone(), style.enc),
        severity: Some(DiagnosticSeverity::WARNING),
        code: Some(NumberOrString::String(code.into())),
        code_description: style.code_description(code),
        source: Some(SOURCE.into()),
        message: u.message(),
        data: Some(json!({
            "rule": "",
            "suggestions": u.suggestion.into_iter().collect::<Vec<_>>(),
            "text": u.name,
        })),
        ..Default::default()
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
                items: diagnostics_in(
                    &cached,
                    0..usize::MAX,
                    &backend.diagnostic_style(&params.text_document.uri),
                )
                .collect(),
            },
        },
    ))
}

/// Runs the engine and prepares everything requests read from the cache.
fn analyze(engine: Arc<Engine>, snapshot: Snapshot, generation: u64) -> Cached {
    let text = snapshot.rope.to_string();
    // The document's chunk cache, unless another analysis of it (a request that needed one
    // right away) holds it: that one then analyses without.
    let analysis = match snapshot.chunks.try_lock() {
        Ok(mut chunks) => engine.analyze_incremental(&text, snapshot.format, &mut chunks),
        Err(_) => engine.analyze(&text, snapshot.format),
    };
    let opaque = analysis.opaque_blocks.clone();
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
        rope: snapshot.rope,
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

/// The LSP diagnostic of a finding of `cached` (built when sent, never stored: an analysis
/// keeps only its findings, so a document with 200,000 of them costs their findings' size,
/// not that of as many LSP diagnostics with their JSON `data`); `data` carries what code
/// actions need (the suggestions, and the text flagged, so that a fix is never applied to
/// text that changed since). `codeDescription` links the rule's page and `relatedInformation`
/// the other places the finding points to, for clients that show them (see
/// [`DiagnosticStyle`]).
pub fn diagnostic(cached: &Cached, f: &Finding, style: &DiagnosticStyle) -> Diagnostic {
    let enc = style.enc;
    let rope = &cached.rope;
    let flagged = {
        let len = rope.len_bytes();
        let a = rope.byte_to_char(f.range.start.min(len));
        let b = rope.byte_to_char(f.range.end.min(len));
        rope.slice(a..b.max(a)).to_string()
    };
    Diagnostic {
        range: documents::range(rope, f.range.clone(), enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code().into())),
        code_description: style.code_description(f.rule.code()),
        source: Some(SOURCE.into()),
        message: f.message.clone(),
        related_information: style
            .related_in
            .as_ref()
            .filter(|_| !f.related.is_empty())
            .map(|uri| {
                f.related
                    .iter()
                    .map(|r| DiagnosticRelatedInformation {
                        location: Location::new(
                            uri.clone(),
                            documents::range(rope, r.range.clone(), enc),
                        ),
                        message: r.message.clone(),
                    })
                    .collect()
            }),
        data: Some(json!({
            "rule": f.rule.code(),
            "suggestions": f.suggestions,
            "fixIsSafe": f.fix_is_safe,
            "term": cached.engine.glossary().entry(f.entry).id,
            "text": flagged,
        })),
        ..Default::default()
    }
}
