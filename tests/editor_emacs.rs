//! Emacs 28 + eglot 1.9, in batch, against the real binary through the shipped
//! `editors/emacs/glossary-lsp.el`: runs `editors/tests/emacs_test.el` (diagnostics with regions
//! and codes, settings reaching the server, hover, completion through eglot's
//! completion-at-point, quick fixes applied, UTF-16 positions after an emoji) on a Markdown and a
//! `.txt` document; then the writers' rough edges: a completion accepted with M-TAB, a removed
//! setting restoring the rule's default, `.glossary-lsp.toml` edited and saved while a document
//! is open, "add exception" on a selected name (files named, name no longer flagged, no error)
//! and "fix all safe findings" (`source.fixAll`).
//!
//! Emacs comes from Debian (`emacs-nox elpa-eglot elpa-markdown-mode`), installed by
//! `editors/install-test-editors.sh PREFIX apt`. A missing Emacs or eglot fails the test.

mod editor_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const ELPA: &str = "/usr/share/emacs/site-lisp/elpa";

fn emacs() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("emacs"))
            .find(|p| p.is_file())
    });
    let has = |pkg: &str| {
        fs::read_dir(ELPA).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with(pkg))
        })
    };
    let missing = match &found {
        None => Some("emacs"),
        Some(_) if !has("eglot-") => Some("elpa-eglot"),
        Some(_) if !has("markdown-mode-") => Some("elpa-markdown-mode"),
        _ => None,
    };
    if let Some(what) = missing {
        panic!(
            "{what} is not installed: run `editors/install-test-editors.sh target/editors apt` \
             (Debian's emacs-nox, elpa-eglot and elpa-markdown-mode) first"
        );
    }
    found.unwrap()
}

#[test]
fn emacs_eglot() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut emacs = Command::new(emacs());
    emacs
        .args(["--batch", "-Q", "-l"])
        .arg(repo.join("editors/tests/emacs_test.el"))
        .arg(env!("CARGO_BIN_EXE_glossary-lsp"));
    let run = editor_support::run("emacs", emacs);
    run.assert_passed("emacs");
    assert!(
        !run.stderr.contains("Debugger entered"),
        "Emacs reported a Lisp error:\n{}",
        run.stderr
    );
}
