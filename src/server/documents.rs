//! Open documents: a rope per document, its version, and exact position conversion in the
//! negotiated encoding (UTF-16 or UTF-8). Lines end at `\n`, `\r\n` or `\r`, as LSP says (ropey
//! is built with `cr_lines` and without `unicode_lines`, so U+2028 and friends are not breaks).

use glossary_lsp::position::{Encoding, LineIndex};
use glossary_lsp::{AnalysisCache, Engine, Format};
use ropey::Rope;
use std::ops::Range;
use std::sync::Arc;
use tower_lsp::lsp_types::{Position, Range as LspRange};

/// One replacement applied to a document, in byte offsets of the text it produced.
#[derive(Debug, Clone, Copy)]
pub struct Edit {
    /// Internal revision the edit produced.
    pub rev: u64,
    /// Where it starts.
    pub start: usize,
    /// Bytes removed.
    pub old_len: usize,
    /// Bytes inserted.
    pub new_len: usize,
}

/// The latest finished analysis of a document.
#[derive(Debug)]
pub struct Cached {
    /// The internal revision analysed.
    pub rev: u64,
    /// The LSP version analysed.
    pub version: i32,
    /// The engine generation used.
    pub generation: u64,
    /// The engine used (entry ids in `analysis` are its).
    pub engine: Arc<Engine>,
    /// What the engine found.
    pub analysis: glossary_lsp::Analysis,
    /// Markdown blocks that are never prose (code, front matter, HTML).
    pub opaque: Vec<Range<usize>>,
    /// The text analysed (a rope shares its unchanged parts with the document's): LSP
    /// diagnostics are made from it and the findings when sent (see `analysis::diagnostic`).
    pub rope: Rope,
    /// Per entry, the end of its first match (`usize::MAX`: unused), for completion's
    /// "first use" in constant time.
    pub first_use: Vec<usize>,
}

/// An open document.
#[derive(Debug)]
pub struct Document {
    /// The text.
    pub rope: Rope,
    /// The client's version.
    pub version: i32,
    /// Internal revision, bumped on every change (stale results are told by it).
    pub rev: u64,
    /// The client's language id.
    pub language_id: String,
    /// How the engine reads it.
    pub format: Format,
    /// Whether the language is one the server checks.
    pub enabled: bool,
    /// The latest analysis.
    pub cached: Option<Arc<Cached>>,
    /// Edits since the cached analysis (to map offsets back to it).
    pub edits: Vec<Edit>,
    /// An analysis is running.
    pub analyzing: bool,
    /// The chunks of the last analysis, so the next one re-analyses only what changed.
    pub chunks: Arc<std::sync::Mutex<AnalysisCache>>,
}

/// Why a change could not be applied.
#[derive(Debug)]
pub enum ChangeError {
    /// The range's end lies before its start.
    Inverted,
}

impl Document {
    /// A document as opened.
    pub fn new(text: &str, version: i32, language_id: String, format: Format) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            rev: 0,
            language_id,
            format,
            enabled: true,
            cached: None,
            edits: Vec::new(),
            analyzing: false,
            chunks: Arc::default(),
        }
    }

    /// The cached analysis if it is for the current text.
    pub fn current(&self, generation: u64) -> Option<&Arc<Cached>> {
        self.cached
            .as_ref()
            .filter(|c| c.rev == self.rev && c.generation == generation)
    }

    /// Applies one content change: `range` replaced by `text`, or the whole text when `range`
    /// is `None`. Positions past the end clamp to the end (as LSP clients expect).
    pub fn apply(
        &mut self,
        range: Option<LspRange>,
        text: &str,
        enc: Encoding,
    ) -> Result<(), ChangeError> {
        let (start, end) = match range {
            None => (0, self.rope.len_bytes()),
            Some(r) => {
                let s = offset_clamped(&self.rope, r.start, enc);
                let e = offset_clamped(&self.rope, r.end, enc);
                if e < s {
                    return Err(ChangeError::Inverted);
                }
                (s, e)
            }
        };
        let cs = self.rope.byte_to_char(start);
        let ce = self.rope.byte_to_char(end);
        self.rope.remove(cs..ce);
        self.rope.insert(cs, text);
        self.rev += 1;
        self.edits.push(Edit {
            rev: self.rev,
            start,
            old_len: end - start,
            new_len: text.len(),
        });
        if self.edits.len() > 4096 {
            // Too far behind to map offsets: forget the old analysis' layout.
            self.edits.clear();
            self.cached = None;
        }
        Ok(())
    }

    /// Maps a byte offset of the current text to the text of the cached analysis; `None`
    /// when there is no cached analysis.
    pub fn map_to_cached(&self, offset: usize) -> Option<(usize, &Arc<Cached>)> {
        let cached = self.cached.as_ref()?;
        let mut off = offset;
        for e in self.edits.iter().rev().take_while(|e| e.rev > cached.rev) {
            if off >= e.start + e.new_len {
                off = off - e.new_len + e.old_len;
            } else if off > e.start {
                off = e.start;
            }
        }
        Some((off, cached))
    }

    /// Drops the edits the cached analysis already includes.
    pub fn trim_edits(&mut self) {
        if let Some(c) = &self.cached {
            let rev = c.rev;
            self.edits.retain(|e| e.rev > rev);
        }
    }

    /// The text of a byte range (clamped and rounded to characters).
    pub fn slice(&self, range: Range<usize>) -> String {
        let len = self.rope.len_bytes();
        let s = self.rope.byte_to_char(range.start.min(len));
        let e = self.rope.byte_to_char(range.end.min(len));
        self.rope.slice(s..e.max(s)).to_string()
    }

    /// Byte offset of `pos`, or `None` when its line does not exist. A column past the end of
    /// its line clamps to the line end; one inside a character rounds down to its start.
    pub fn offset(&self, pos: Position, enc: Encoding) -> Option<usize> {
        offset(&self.rope, pos, enc)
    }

    /// The LSP range of a byte range.
    pub fn range(&self, r: Range<usize>, enc: Encoding) -> LspRange {
        range(&self.rope, r, enc)
    }
}

/// Byte range of the content of `line` (without its line break).
fn line_content(rope: &Rope, line: usize) -> Range<usize> {
    let start = rope.line_to_byte(line);
    let mut end = if line + 1 < rope.len_lines() {
        rope.line_to_byte(line + 1)
    } else {
        rope.len_bytes()
    };
    while end > start {
        let b = rope.byte(end - 1);
        if b == b'\n' || b == b'\r' {
            end -= 1;
        } else {
            break;
        }
    }
    start..end
}

/// Byte offset of `pos` in `rope` (see [`Document::offset`]).
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> Option<usize> {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return None;
    }
    let content = line_content(rope, line);
    let col = pos.character as usize;
    Some(match enc {
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(content.start);
            let end_char = rope.byte_to_char(content.end);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let cu = (start_cu + col).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
        Encoding::Utf8 => {
            let b = (content.start + col).min(content.end);
            rope.char_to_byte(rope.byte_to_char(b))
        }
        Encoding::Chars => {
            let start_char = rope.byte_to_char(content.start);
            let end_char = rope.byte_to_char(content.end);
            rope.char_to_byte((start_char + col).min(end_char))
        }
    })
}

/// Like [`offset`], but a line past the end clamps to the end of the document.
pub fn offset_clamped(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    offset(rope, pos, enc).unwrap_or(rope.len_bytes())
}

/// The LSP position of byte `offset` of `rope` (clamped to the text).
pub fn position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let ch = rope.byte_to_char(offset);
    let line = rope.char_to_line(ch);
    let line_char = rope.line_to_char(line);
    let col = match enc {
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_char),
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.line_to_byte(line),
        Encoding::Chars => ch - line_char,
    };
    Position::new(line as u32, col as u32)
}

/// The LSP range of byte range `r` of `rope`.
pub fn range(rope: &Rope, r: Range<usize>, enc: Encoding) -> LspRange {
    LspRange::new(position(rope, r.start, enc), position(rope, r.end, enc))
}

/// The LSP position of 1-based `line`:`col` (in characters) of a file's text (as glossary and
/// config errors and glossary entries' origins give them).
pub fn file_position(text: &str, line: usize, col: usize, enc: Encoding) -> Position {
    let idx = LineIndex::new(text);
    let off = idx
        .offset(
            text,
            line.saturating_sub(1),
            col.saturating_sub(1),
            Encoding::Chars,
        )
        .unwrap_or(text.len());
    let (l, c) = idx.position(text, off, enc);
    Position::new(l as u32, c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(l: u32, c: u32) -> Position {
        Position::new(l, c)
    }

    #[test]
    fn positions_round_trip_with_crlf_and_astral() {
        let text = "a\r\nb😀c\rd\n中文VAR";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 4);
        // "c" after the emoji: UTF-16 column 3, UTF-8 column 5.
        let c = text.find('c').unwrap();
        assert_eq!(position(&rope, c, Encoding::Utf16), pos(1, 3));
        assert_eq!(position(&rope, c, Encoding::Utf8), pos(1, 5));
        assert_eq!(offset(&rope, pos(1, 3), Encoding::Utf16), Some(c));
        assert_eq!(offset(&rope, pos(1, 5), Encoding::Utf8), Some(c));
        // Half a surrogate pair rounds down; past the line end clamps before "\r".
        assert_eq!(offset(&rope, pos(1, 2), Encoding::Utf16), Some(c - 4));
        assert_eq!(offset(&rope, pos(1, 99), Encoding::Utf16), Some(c + 1));
        assert_eq!(offset(&rope, pos(0, 99), Encoding::Utf16), Some(1));
        assert_eq!(offset(&rope, pos(9, 0), Encoding::Utf16), None);
        let v = text.find('V').unwrap();
        assert_eq!(position(&rope, v, Encoding::Utf16), pos(3, 2));
        assert_eq!(position(&rope, v, Encoding::Utf8), pos(3, 6));
    }

    #[test]
    fn edits_apply_and_map_back() {
        let mut d = Document::new("one two", 1, "markdown".into(), Format::Markdown);
        d.apply(
            Some(LspRange::new(pos(0, 3), pos(0, 4))),
            "\r\n",
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(d.rope.to_string(), "one\r\ntwo");
        assert_eq!(position(&d.rope, 5, Encoding::Utf16), pos(1, 0));
        d.apply(
            Some(LspRange::new(pos(5, 0), pos(7, 0))),
            "!",
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(d.rope.to_string(), "one\r\ntwo!");
        d.apply(None, "x", Encoding::Utf8).unwrap();
        assert_eq!(d.rope.to_string(), "x");
    }
}
