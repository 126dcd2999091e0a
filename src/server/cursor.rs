//! What is at the cursor, cheaply. With a current analysis the term comes from its matches;
//! while the document is being edited (the analysis is stale) the server matches only the
//! paragraph around the cursor, inside a few-KB chunk of the rope, so that hover, completion and
//! code actions never wait for a whole-document analysis. The last analysis' Markdown blocks
//! (code, front matter, HTML) are still consulted, through the edits since, so a window inside a
//! code block is not taken for prose.

use super::backend::Backend;
use super::documents::Document;
use glossary_lsp::ide;
use glossary_lsp::matcher::TermMatch;
use glossary_lsp::Engine;
use std::sync::Arc;
use tower_lsp::lsp_types::{Position, Range, Url};

/// Bytes around the cursor that the window functions look at.
const CHUNK: usize = 4096;

/// At most this many bytes either side of the cursor make its paragraph.
pub const PARAGRAPH: usize = 2048;

/// The text around byte `off` of `doc` (at most [`CHUNK`] bytes either side), and where it
/// starts.
pub fn chunk_around(doc: &Document, off: usize) -> (usize, String) {
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
pub fn in_opaque_block(doc: &Document, off: usize) -> bool {
    if !doc.format.is_markdown() {
        return false;
    }
    match doc.map_to_cached(off) {
        Some((old, c)) => c.opaque.iter().any(|r| r.start < old && old < r.end),
        None => false,
    }
}

/// Whether byte `at` of `chunk` (which starts at byte `base` of `doc`) is prose.
pub fn is_prose(doc: &Document, chunk: &str, base: usize, at: usize) -> bool {
    let w = ide::paragraph_around(chunk, at, PARAGRAPH);
    ide::is_prose_at(&chunk[w.clone()], doc.format, at - w.start)
        && !in_opaque_block(doc, base + at)
}

impl Backend {
    /// The term under `pos`: from the current analysis, or by matching the paragraph around
    /// the cursor. Returns the engine that matched it, the match and its LSP range.
    pub fn term_at(&self, uri: &Url, pos: Position) -> Option<(Arc<Engine>, TermMatch, Range)> {
        let (engine, generation) = self.engine_for(uri);
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
        let w = ide::paragraph_around(&chunk, off - base, PARAGRAPH);
        let mut matches = ide::terms_in_window(&engine, &chunk[w.clone()], doc.format);
        for m in &mut matches {
            m.range = m.range.start + base + w.start..m.range.end + base + w.start;
        }
        let m = ide::term_at(&matches, off)?.clone();
        let range = doc.range(m.range.clone(), enc);
        Some((engine, m, range))
    }
}
