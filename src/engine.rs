//! The pipeline in one place: text → prose → folded text → matches → findings.
//!
//! An [`Engine`] is built once per glossary and configuration (compiling the automata is the
//! expensive part) and then analyses any number of documents; it is `Send + Sync`, so the CLI
//! shares one between threads and the language server between requests.
//!
//! A document is analysed in [chunks](crate::chunks): each chunk goes through prose → fold →
//! match → sentence-level rules on its own (on several cores for a large document), then the
//! chunks are joined and the document-level rules and suppression comments run once.
//! [`Engine::analyze_incremental`] keeps the chunks of the last analysis in an
//! [`AnalysisCache`], so an editor's keystroke re-analyses one chunk, not the document.

use crate::chunks::{self, ChunkAnalysis, Joined};
use crate::cues::CueIndex;
use crate::fold::FoldedText;
use crate::glossary::Glossary;
use crate::matcher::{Matcher, TermMatch};
use crate::parallel;
use crate::prose::{prose_of_part, Format};
use crate::rules::{self, Context, Finding, RuleSettings};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Documents at least this long are analysed on several threads.
const PARALLEL_MIN: usize = 256 * 1024;

/// A compiled glossary plus rule settings, ready to analyse documents.
#[derive(Debug, Clone)]
pub struct Engine {
    glossary: Glossary,
    matcher: Matcher,
    cues: CueIndex,
    settings: RuleSettings,
    /// Tells engines apart for [`AnalysisCache`] (clones share it: they analyse alike).
    id: u64,
}

/// What the engine found in one document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Every glossary term, in document order (hover, highlights and references use these).
    pub matches: Vec<TermMatch>,
    /// Findings, sorted by position, suppression comments applied.
    pub findings: Vec<Finding>,
    /// Markdown blocks that are never prose (code, front matter, HTML), from the same parse
    /// (see [`Prose::opaque`](crate::prose::Prose::opaque)).
    pub opaque_blocks: Vec<std::ops::Range<usize>>,
    /// Rule names in suppression comments that name no rule: each switches nothing off, so
    /// the front ends warn about it, with the nearest rule name.
    pub unknown_rules: Vec<rules::suppress::UnknownRuleName>,
}

impl Engine {
    /// Compiles `glossary` with `settings`.
    pub fn new(glossary: Glossary, settings: RuleSettings) -> Engine {
        let matcher = Matcher::new(&glossary);
        let cues = CueIndex::new(&glossary);
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        Engine {
            glossary,
            matcher,
            cues,
            settings,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The glossary this engine was built from.
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The rule settings.
    pub fn settings(&self) -> &RuleSettings {
        &self.settings
    }

    /// The cue index (for IDE features that judge a match as the rules do).
    pub(crate) fn cues(&self) -> &CueIndex {
        &self.cues
    }

    /// Analyses one document.
    ///
    /// ```
    /// use glossary_lsp::{Engine, Format, glossary::{load, GlossarySource}, rules::RuleSettings};
    /// let engine = Engine::new(load(&[GlossarySource::Builtin]).unwrap(), RuleSettings::default());
    /// let doc = "We work with a value added reseller in Ohio.";
    /// let analysis = engine.analyze(doc, Format::PlainText);
    /// assert_eq!(analysis.findings[0].rule.code(), "non-preferred-form");
    /// assert_eq!(&doc[analysis.findings[0].range.clone()], "value added reseller");
    /// assert_eq!(analysis.findings[0].suggestions, ["value-added reseller"]);
    /// ```
    pub fn analyze(&self, text: &str, format: Format) -> Analysis {
        self.analyze_with_threads(
            text,
            format,
            parallel::threads_for(text.len(), PARALLEL_MIN),
        )
    }

    /// [`Engine::analyze`] on at most `threads` threads (1: on the calling thread only). The
    /// result does not depend on `threads`.
    pub fn analyze_with_threads(&self, text: &str, format: Format, threads: usize) -> Analysis {
        let threads = threads.clamp(1, text.len() / (PARALLEL_MIN / 4) + 1);
        let cuts = if threads > 1 {
            chunks::even_cuts(text, format, threads)
        } else {
            Vec::new()
        };
        if cuts.is_empty() {
            // One chunk (small, or nowhere safe to cut): the matcher may still use the threads.
            let match_threads = if text.len() >= crate::matcher::PARALLEL_MIN {
                threads
            } else {
                1
            };
            let whole = self.analyze_chunk(text, format, true, match_threads);
            return self.finish(text, Joined::whole(whole)).0;
        }
        self.analyze_cut(text, format, &cuts, threads)
    }

    /// Analyses `text` cut at `cuts` (candidate cuts, sorted), on up to `threads` threads.
    pub(crate) fn analyze_cut(
        &self,
        text: &str,
        format: Format,
        cuts: &[usize],
        threads: usize,
    ) -> Analysis {
        let ranges = chunks::ranges(cuts, text.len());
        let parts = self.analyze_chunks(text, format, &ranges, threads);
        let mut parts = close_chunks(ranges.into_iter().zip(parts).collect(), |r| {
            self.chunk_at(text, format, &r)
        });
        // The first chunk (at offset 0) is ours alone: the others are appended to it, so its
        // memory is re-used and only theirs is copied.
        let (_, first) = parts.remove(0);
        let first =
            Joined::whole(Arc::try_unwrap(first).unwrap_or_else(|shared| (*shared).clone()));
        let rest: Vec<(usize, &ChunkAnalysis)> =
            parts.iter().map(|(r, a)| (r.start, &**a)).collect();
        let joined = first.join(&rest);
        drop(rest);
        drop(parts);
        self.finish(text, joined).0
    }

    /// Analyses a new version of a document, re-using the chunks of the last analysis kept
    /// in `cache` (see [`AnalysisCache`]): after a small edit only the chunk around it is
    /// analysed again. The result is the same as [`Engine::analyze`]'s.
    ///
    /// ```
    /// use glossary_lsp::{AnalysisCache, Engine, Format, glossary::{load, GlossarySource}, rules::RuleSettings};
    /// let engine = Engine::new(load(&[GlossarySource::Builtin]).unwrap(), RuleSettings::default());
    /// let mut cache = AnalysisCache::default();
    /// let mut doc = "A value added reseller.\n\n".repeat(500);
    /// let first = engine.analyze_incremental(&doc, Format::Markdown, &mut cache);
    /// doc.push_str("Our VARs.\n");
    /// let second = engine.analyze_incremental(&doc, Format::Markdown, &mut cache);
    /// assert_eq!(second.findings, engine.analyze(&doc, Format::Markdown).findings);
    /// assert_eq!(second.findings.len(), first.findings.len());
    /// assert!(cache.reused() > 0);
    /// ```
    pub fn analyze_incremental(
        &self,
        text: &str,
        format: Format,
        cache: &mut AnalysisCache,
    ) -> Analysis {
        if cache.owner != Some((self.id, format)) {
            *cache = AnalysisCache {
                owner: Some((self.id, format)),
                ..AnalysisCache::default()
            };
        }
        let old = std::mem::take(&mut cache.chunks);
        cache.reused = 0;
        let ranges = chunks::ranges(&chunks::content_cuts(text, format), text.len());
        let keys: Vec<ChunkKey> = ranges.iter().map(|r| ChunkKey::at(text, r)).collect();
        let mut found: Vec<Option<Arc<ChunkAnalysis>>> = ranges
            .iter()
            .zip(&keys)
            .map(|(r, &key)| lookup(&old, key, &text[r.clone()]))
            .collect();
        cache.reused = found.iter().filter(|f| f.is_some()).count();
        let missing: Vec<Range<usize>> = ranges
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(r, _)| r.clone())
            .collect();
        let missing_bytes: usize = missing.iter().map(|r| r.len()).sum();
        let threads = parallel::threads_for(missing_bytes, PARALLEL_MIN);
        let mut fresh = self
            .analyze_chunks(text, format, &missing, threads)
            .into_iter();
        for slot in found.iter_mut().filter(|f| f.is_none()) {
            *slot = fresh.next();
        }
        // One copy of the text for all the chunks to be recognised by next time.
        let document: Arc<str> = Arc::from(text);
        let mut kept: HashMap<ChunkKey, CacheEntry> = HashMap::with_capacity(ranges.len());
        let mut keep = |key: ChunkKey, r: &Range<usize>, a: &Arc<ChunkAnalysis>| {
            kept.insert(
                key,
                CacheEntry {
                    document: document.clone(),
                    range: r.clone(),
                    analysis: a.clone(),
                },
            );
        };
        let parts: Vec<(Range<usize>, Arc<ChunkAnalysis>)> = ranges
            .into_iter()
            .zip(found.into_iter().map(|f| f.expect("every chunk analysed")))
            .collect();
        for ((r, a), &key) in parts.iter().zip(&keys) {
            keep(key, r, a);
        }
        let parts = close_chunks(parts, |r| {
            let key = ChunkKey::at(text, &r);
            let a = lookup(&old, key, &text[r.clone()])
                .unwrap_or_else(|| self.chunk_at(text, format, &r));
            keep(key, &r, &a);
            a
        });
        cache.chunks = kept;
        let chunks: Vec<(usize, &ChunkAnalysis)> =
            parts.iter().map(|(r, a)| (r.start, &**a)).collect();
        let joined = Joined::reusing(cache.spare.take()).join(&chunks);
        let (analysis, folded) = self.finish(text, joined);
        // The joined folded text's memory serves the next join (no fresh pages to fault in).
        cache.spare = Some(folded);
        analysis
    }

    /// Analyses the chunks at `ranges` of `text`, on up to `threads` threads, each taking a
    /// run of consecutive chunks of about equal size.
    fn analyze_chunks(
        &self,
        text: &str,
        format: Format,
        ranges: &[Range<usize>],
        threads: usize,
    ) -> Vec<Arc<ChunkAnalysis>> {
        let analyze = |rs: &[Range<usize>]| -> Vec<Arc<ChunkAnalysis>> {
            rs.iter().map(|r| self.chunk_at(text, format, r)).collect()
        };
        let threads = threads.min(ranges.len());
        if threads <= 1 {
            return analyze(ranges);
        }
        // Split the list of chunks into `threads` runs of about equal bytes.
        let total: usize = ranges.iter().map(|r| r.len()).sum();
        let mut groups = Vec::with_capacity(threads);
        let (mut start, mut acc) = (0, 0);
        for (i, r) in ranges.iter().enumerate() {
            acc += r.len();
            if acc * threads >= total * (groups.len() + 1) && groups.len() + 1 < threads {
                groups.push(start..i + 1);
                start = i + 1;
            }
        }
        groups.push(start..ranges.len());
        parallel::map(&groups, |g| analyze(&ranges[g.clone()]))
            .into_iter()
            .flatten()
            .collect()
    }

    /// The analysis of the chunk of `text` at `range`.
    fn chunk_at(&self, text: &str, format: Format, range: &Range<usize>) -> Arc<ChunkAnalysis> {
        Arc::new(self.analyze_chunk(&text[range.clone()], format, range.start == 0, 1))
    }

    /// Prose, folding, matching and the sentence-level rules of one chunk, in its own offsets.
    fn analyze_chunk(
        &self,
        text: &str,
        format: Format,
        document_start: bool,
        match_threads: usize,
    ) -> ChunkAnalysis {
        let prose = prose_of_part(text, format, document_start, &self.settings.front_matter);
        let folded = FoldedText::new(text, &prose);
        let matches = self.matcher.find_with_threads(&folded, match_threads);
        let mut findings = Vec::new();
        let ctx = Context::new(&self.glossary, &self.cues, &folded, &matches);
        rules::check_sentences(&ctx, text, &self.settings, &mut findings);
        ChunkAnalysis {
            directives: prose.directives,
            opaque: prose.opaque,
            open_at_end: prose.open_at_end,
            folded,
            matches,
            findings,
        }
    }

    /// The document-level rules and suppression comments over the joined chunks; the joined
    /// folded text comes back too, for its memory to be re-used.
    fn finish(&self, text: &str, joined: Joined) -> (Analysis, FoldedText) {
        let Joined {
            directives,
            opaque,
            folded,
            matches,
            mut findings,
        } = joined;
        let ctx = Context::new(&self.glossary, &self.cues, &folded, &matches);
        rules::check_document(&ctx, text, &self.settings, &mut findings);
        rules::finish(&ctx, text, &self.settings, &mut findings);
        rules::suppress::apply(&mut findings, &directives, text);
        let analysis = Analysis {
            matches: matches.terms,
            findings,
            opaque_blocks: opaque,
            unknown_rules: rules::suppress::unknown_rule_names(&directives, text),
        };
        (analysis, folded)
    }
}

/// Joins each chunk that ends inside a block only a closing marker ends (a cut that was not
/// safe after all) with the chunk after it, analysing the joined range with `analyze`, until
/// no chunk but the last ends inside one.
fn close_chunks(
    mut chunks: Vec<(Range<usize>, Arc<ChunkAnalysis>)>,
    mut analyze: impl FnMut(Range<usize>) -> Arc<ChunkAnalysis>,
) -> Vec<(Range<usize>, Arc<ChunkAnalysis>)> {
    let mut i = 0;
    while i + 1 < chunks.len() {
        if chunks[i].1.open_at_end {
            let next = chunks.remove(i + 1);
            let range = chunks[i].0.start..next.0.end;
            chunks[i] = (range.clone(), analyze(range));
        } else {
            i += 1;
        }
    }
    chunks
}

/// The chunks of a document's last analysis, for [`Engine::analyze_incremental`].
///
/// One per open document. It holds each chunk's text (to recognise it again) and its
/// analysis, for the last version analysed only, so it stays about the size of the document.
/// It belongs to one engine and format: given to another, it starts over.
#[derive(Debug, Default)]
pub struct AnalysisCache {
    owner: Option<(u64, Format)>,
    chunks: HashMap<ChunkKey, CacheEntry>,
    reused: usize,
    /// The last joined folded text, emptied and refilled by the next analysis.
    spare: Option<FoldedText>,
}

impl AnalysisCache {
    /// How many chunks the last analysis found here rather than analysing them again.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// How many chunks it holds.
    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }
}

#[derive(Debug)]
struct CacheEntry {
    /// The document the chunk was part of, and where.
    document: Arc<str>,
    range: Range<usize>,
    analysis: Arc<ChunkAnalysis>,
}

/// A cheap key for a chunk: where it is, its length and a hash of its two ends. Two chunks
/// with the same key are compared in full before an analysis is re-used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ChunkKey {
    document_start: bool,
    len: usize,
    ends: u64,
}

impl ChunkKey {
    /// The key of the chunk of `text` at `range`.
    fn at(text: &str, range: &Range<usize>) -> ChunkKey {
        use std::hash::{Hash, Hasher};
        let document_start = range.start == 0;
        let b = text[range.clone()].as_bytes();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        b[..b.len().min(64)].hash(&mut h);
        b[b.len().saturating_sub(64)..].hash(&mut h);
        ChunkKey {
            document_start,
            len: b.len(),
            ends: h.finish(),
        }
    }
}

/// The cached analysis of `chunk` (whose key is `key`), if the cache holds that exact chunk.
fn lookup(
    cache: &HashMap<ChunkKey, CacheEntry>,
    key: ChunkKey,
    chunk: &str,
) -> Option<Arc<ChunkAnalysis>> {
    cache
        .get(&key)
        .filter(|e| e.document[e.range.clone()] == *chunk)
        .map(|e| e.analysis.clone())
}
