//! Positions: byte offsets ⇄ (line, column) in the units each consumer wants.
//!
//! The engine works in byte offsets. People and tools want lines and columns: the CLI reports
//! columns in Unicode scalar values (what editors show), LSP clients in UTF-16 code units (or
//! UTF-8 when negotiated). Lines end at `\n`, `\r\n` or a lone `\r`, as LSP defines them.

/// The start of the line after the one holding byte `offset` (`text.len()` if there is none).
/// Lines end at `\n`, `\r\n` or a lone `\r`, as for [`LineIndex`].
///
/// ```
/// use glossary_lsp::position::next_line_start;
/// assert_eq!(next_line_start("a\r\nb\rc", 0), 3);
/// assert_eq!(next_line_start("a\r\nb\rc", 3), 5);
/// assert_eq!(next_line_start("a\r\nb\rc", 5), 6);
/// ```
pub fn next_line_start(text: &str, offset: usize) -> usize {
    let b = text.as_bytes();
    let from = offset.min(b.len());
    match memchr::memchr2(b'\n', b'\r', &b[from..]) {
        Some(i) if b[from + i] == b'\r' && b.get(from + i + 1) == Some(&b'\n') => from + i + 2,
        Some(i) => from + i + 1,
        None => b.len(),
    }
}

/// The start offset of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// Units for columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Unicode scalar values (`char`s), what the CLI reports.
    Chars,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    ///
    /// ```
    /// use glossary_lsp::position::{Encoding, LineIndex};
    /// let text = "a\r\nb😀c\rd";
    /// let idx = LineIndex::new(text);
    /// assert_eq!(idx.position(text, 8, Encoding::Utf16), (1, 3)); // "c": after a surrogate pair
    /// assert_eq!(idx.position(text, 8, Encoding::Chars), (1, 2));
    /// assert_eq!(idx.offset(text, 2, 0, Encoding::Utf16), Some(10)); // "d"
    /// ```
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        let b = text.as_bytes();
        if memchr::memchr(b'\r', b).is_none() {
            // The common case, LF only: one needle is searched faster than two.
            starts.extend(memchr::memchr_iter(b'\n', b).map(|i| i + 1));
        } else {
            for i in memchr::memchr2_iter(b'\n', b'\r', b) {
                if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
                    starts.push(i + 1);
                }
            }
        }
        LineIndex { starts }
    }

    /// Number of lines (a text always has at least one).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let b = text.as_bytes();
        while end > start && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 0-based (line, column) of byte `offset`, the column in `encoding` units. An offset inside
    /// a character counts from that character's start.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &text[start..end];
        let col = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
            Encoding::Chars => prefix.chars().count(),
        };
        (line, col)
    }

    /// The byte offset of 0-based (`line`, `column`), or `None` when the line does not exist.
    /// A column past the end of the line clamps to the line end (as LSP asks); a column inside a
    /// character (half a surrogate pair) rounds down to the character start.
    pub fn offset(
        &self,
        text: &str,
        line: usize,
        column: usize,
        encoding: Encoding,
    ) -> Option<usize> {
        if line >= self.starts.len() {
            return None;
        }
        let range = self.line_range(text, line);
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            let w = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Chars => 1,
            };
            if units + w > column {
                return Some(range.start + i);
            }
            units += w;
        }
        Some(range.end)
    }
}
