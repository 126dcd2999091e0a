//! IDE features without any editor protocol: hover text, completion candidates, the term at an
//! offset, occurrences, renames, suppression comments, the term report, acronym expansions, and
//! the text edits that add terms or exceptions to a team glossary.
//!
//! Everything here works in byte offsets into a document (or into a window of one) and returns
//! plain data; the language server (in the binary) translates it to LSP. Nothing here analyses
//! a whole document on its own: callers pass the [`Analysis`](crate::Analysis) they have, or a small window.
//!
//! | module | what |
//! |---|---|
//! | `hover` | hover text (plain and with findings); acronym expansions for inlay hints |
//! | `completion` | completion candidates, sentence starts |
//! | `window` | the term at an offset, occurrences, paragraph windows, prose checks, words |
//! | `edits` | suppression comments, skeleton entries, TOML array additions |
//! | `rename` | renaming a term's form: which occurrences, what text (plural, possessive, case kept) |
//! | `report` | the term report |
//!
//! Everything is re-exported here, so callers write `ide::hover_markdown`, `ide::term_at`, ….

mod completion;
mod edits;
mod hover;
mod rename;
mod report;
mod window;

pub use completion::{completions, sentence_start_at, Candidate};
pub use edits::{
    add_to_toml_array, disable_line_comment, disable_line_edit, disable_next_line_comment,
    skeleton_entry, toml_string, TextEdit,
};
pub use hover::{hover_markdown, hover_with_findings, unexpanded_acronyms};
pub use rename::{
    form_occurrences, new_name, rename_edits, rename_target, LeftAlone, RenameEdits, RenameTarget,
};
pub use report::{term_report, term_report_markdown};
pub use window::{
    is_prose_at, looks_like_acronym, occurrences, opaque_blocks, paragraph_around, term_at,
    terms_in_window, word_at, word_prefix,
};
