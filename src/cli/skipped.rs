//! `glossary-lsp skipped FILE…`: what `check` does not read, and why.
//!
//! A checker must never drop text without saying so. Every stretch of a file that is not
//! prose and holds a word is listed as `path:line:col: reason: text` (the text cut to one
//! line), from [`crate::prose::unchecked`], which is the complement of what the parser hands
//! to the matcher. Run it when a finding you expected is missing.

use crate::position::{Encoding, LineIndex};
use crate::prose::{unchecked, Format};
use std::path::PathBuf;

/// Lists the unchecked text of `files`; returns the exit code (2 if a file cannot be read).
pub fn run(files: &[PathBuf]) -> u8 {
    let mut code = super::EXIT_CLEAN;
    for path in files {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                eprintln!("error: {}: cannot read: {e}", path.display());
                code = super::EXIT_ERROR;
                continue;
            }
        };
        let lines = LineIndex::new(&text);
        for u in unchecked(&text, Format::from_path(path)) {
            let (line, col) = lines.position(&text, u.range.start, Encoding::Chars);
            let shown: String = text[u.range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let shown = match shown.char_indices().nth(72) {
                Some((cut, _)) => format!("{}…", &shown[..cut]),
                None => shown,
            };
            println!(
                "{}:{}:{}: {}: {shown}",
                path.display(),
                line + 1,
                col + 1,
                u.reason
            );
        }
    }
    code
}
