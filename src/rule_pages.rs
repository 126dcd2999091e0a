//! The rule pages: `docs/rules/<code>.md`, one page per code a diagnostic can carry, saying what
//! the rule checks and why, with flagged and clean examples, how to fix a finding, how to
//! change the rule's severity or turn it off, and how to silence one occurrence.
//!
//! Messages are one short sentence (they must fit where editors list problems), so the
//! explanation lives here, and every front end links to it:
//!
//! - the language server gives each diagnostic a `codeDescription.href`: the page on the web
//!   when the binary was built with a repository URL ([`repository`], from the
//!   `GLOSSARY_LSP_REPOSITORY` variable at build time, the one the release script also writes
//!   into the VS Code extension's manifest), else a local copy ([`write_pages`]: the embedded
//!   pages written once into the server's private per-user folder, linked as `file://` URIs);
//! - `glossary-lsp explain <code>` prints the page, as `rustc --explain` does;
//! - SARIF output names the page as each rule's `helpUri` when the repository is known.
//!
//! The pages are embedded with `include_str!`, so a binary always carries the pages of its own
//! rules. `tests/rule_pages.rs` holds them to the code: every code has a page, every page is a
//! code, and each page's examples (sentences from the built-in glossary's own examples) give
//! exactly the findings the page shows, run through the real binary.

use crate::rules::Rule;
use std::path::{Path, PathBuf};

/// The code of the diagnostic on a suppression comment's rule name that names no rule.
pub const UNKNOWN_RULE: &str = "unknown-rule";

/// The code of the diagnostics the language server shows on a glossary or configuration file
/// with errors.
pub const GLOSSARY_ERROR: &str = "glossary-error";

/// One page: the code it documents and its Markdown text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// The diagnostic code (`non-preferred-form`).
    pub code: &'static str,
    /// The page, as in `docs/rules/<code>.md`.
    pub text: &'static str,
}

macro_rules! page {
    ($code:literal) => {
        Page {
            code: $code,
            text: include_str!(concat!("../docs/rules/", $code, ".md")),
        }
    };
}

/// Every page, in documentation order: the rules (as [`Rule::ALL`]), then the two codes that
/// are not rules.
pub const PAGES: &[Page] = &[
    page!("context-misuse"),
    page!("contradiction"),
    page!("acronym-before-definition"),
    page!("ambiguous-acronym"),
    page!("non-preferred-form"),
    page!("unknown-rule"),
    page!("glossary-error"),
];

/// Every code a diagnostic can carry: each rule's, then [`UNKNOWN_RULE`] and [`GLOSSARY_ERROR`].
pub fn codes() -> impl Iterator<Item = &'static str> {
    Rule::ALL
        .into_iter()
        .map(Rule::code)
        .chain([UNKNOWN_RULE, GLOSSARY_ERROR])
}

/// The page of `code`, if there is one.
pub fn page(code: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.code == code)
}

/// The code nearest to `wanted` (case-insensitive edit distance, at most half the code's
/// length), for "did you mean" in `explain`.
pub fn nearest(wanted: &str) -> Option<&'static str> {
    let wanted = wanted.trim().to_lowercase();
    PAGES
        .iter()
        .map(|p| (strsim::levenshtein(&wanted, p.code), p.code))
        .filter(|&(d, code)| d <= code.len() / 2)
        .min()
        .map(|(_, code)| code)
}

/// The source repository's web address, when the binary was built with
/// `GLOSSARY_LSP_REPOSITORY` set (`https://github.com/owner/glossary-lsp`, a trailing `.git`
/// or `/` dropped); `None` otherwise.
pub fn repository() -> Option<&'static str> {
    repository_from(option_env!("GLOSSARY_LSP_REPOSITORY"))
}

fn repository_from(raw: Option<&'static str>) -> Option<&'static str> {
    let url = raw?.trim().trim_end_matches('/');
    let url = url
        .strip_suffix(".git")
        .unwrap_or(url)
        .trim_end_matches('/');
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// The page of `code` on the web (`<repository>/blob/main/docs/rules/<code>.md`), when the
/// repository is known and `code` has a page.
pub fn web_url(code: &str) -> Option<String> {
    web_url_in(repository()?, code)
}

/// [`web_url`] for the repository at `repo`.
pub fn web_url_in(repo: &str, code: &str) -> Option<String> {
    page(code).map(|p| format!("{repo}/blob/main/docs/rules/{}.md", p.code))
}

/// The folder under `dir` the pages are written to: versioned, so that two releases side by
/// side each link to their own pages.
pub fn pages_dir(dir: &Path) -> PathBuf {
    dir.join(format!("rules-{}", env!("CARGO_PKG_VERSION")))
}

/// Writes every page to `<dir>/rules-<version>/<code>.md` (see [`pages_dir`]) unless it is
/// there already with the same text, through [`crate::fsio`]: a new file is created whole
/// (never over anything, a planted symlink included), an outdated one replaced atomically.
/// `dir` is a folder private to the user (the language server's cache folder). Returns the
/// path of each page now in place, with its code; a page that could not be written is left
/// out (its diagnostics then carry no link), so a read-only cache costs links, never a
/// failure.
pub fn write_pages(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let folder = pages_dir(dir);
    if std::fs::create_dir_all(&folder).is_err() {
        return Vec::new();
    }
    PAGES
        .iter()
        .filter_map(|p| {
            let path = folder.join(format!("{}.md", p.code));
            write_page(&path, p.text).then_some((p.code, path))
        })
        .collect()
}

/// Puts `text` at `path` (see [`write_pages`]); whether the file now holds it.
fn write_page(path: &Path, text: &str) -> bool {
    use crate::fsio;
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fsio::create_new_file(path, text.as_bytes()).is_ok()
        }
        // Only a regular file of ours is read or replaced; anything else is left alone.
        Ok(meta) if meta.file_type().is_file() => {
            match fsio::read_regular(path, fsio::MAX_CONFIG) {
                Ok(current) if current == text.as_bytes() => true,
                Ok(current) => fsio::replace_file(path, &current, text.as_bytes()).is_ok(),
                Err(_) => false,
            }
        }
        _ => false,
    }
}

/// What `glossary-lsp explain` prints for a code that has no page: the nearest code, or the
/// list of codes.
pub fn unknown_code_message(wanted: &str) -> String {
    let mut msg = format!("no rule or diagnostic code `{wanted}`");
    match nearest(wanted) {
        Some(code) => msg.push_str(&format!("; did you mean `{code}`?")),
        None => {
            let all: Vec<&str> = PAGES.iter().map(|p| p.code).collect();
            msg.push_str(&format!("; the codes are {}", all.join(", ")));
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_urls_are_normalised() {
        assert_eq!(
            repository_from(Some("https://github.com/o/glossary-lsp.git")),
            Some("https://github.com/o/glossary-lsp")
        );
        assert_eq!(
            repository_from(Some(" https://github.com/o/g/ ")),
            Some("https://github.com/o/g")
        );
        assert_eq!(repository_from(Some("")), None);
        assert_eq!(repository_from(Some("git@github.com:o/g.git")), None);
        assert_eq!(repository_from(None), None);
        assert_eq!(
            web_url_in("https://github.com/o/g", "contradiction").as_deref(),
            Some("https://github.com/o/g/blob/main/docs/rules/contradiction.md")
        );
        assert_eq!(web_url_in("https://github.com/o/g", "no-such-rule"), None);
    }

    #[test]
    fn the_nearest_code_is_suggested() {
        assert_eq!(nearest("context-missuse"), Some("context-misuse"));
        assert_eq!(nearest("Non-Preferred-Form"), Some("non-preferred-form"));
        assert_eq!(nearest("acronym"), None);
        let msg = unknown_code_message("frobnicate");
        assert!(
            msg.contains("`frobnicate`") && msg.contains("non-preferred-form"),
            "{msg}"
        );
        assert!(unknown_code_message("contradictoin").contains("did you mean `contradiction`?"));
    }

    #[test]
    fn pages_are_written_once_and_kept_current() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_pages(dir.path());
        assert_eq!(written.len(), PAGES.len());
        for (code, path) in &written {
            assert_eq!(
                std::fs::read_to_string(path).unwrap(),
                page(code).unwrap().text
            );
        }
        // An outdated page is replaced; a symlink planted at a page's name is not followed.
        let (_, first) = &written[0];
        std::fs::write(first, "old").unwrap();
        let (_, second) = &written[1];
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        std::fs::remove_file(second).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, second).unwrap();
        let again = write_pages(dir.path());
        assert_eq!(std::fs::read_to_string(first).unwrap(), PAGES[0].text);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        #[cfg(unix)]
        assert_eq!(again.len(), PAGES.len() - 1);
    }
}
