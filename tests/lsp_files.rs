//! The language server against odd files on disk, over real JSON-RPC: glossaries that are a
//! FIFO or the server's own stdin, a 1 GB file in the references scan, and the built-in
//! glossary's copy when `HOME` is unset.

mod lsp_support;

use lsp_support::{caps_utf16, uri, workspace, Client};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// A FIFO and `/dev/stdin` (the server's own protocol input) named as glossaries: `initialize`
/// answers, both are reported at the configuration line naming them, each place said once,
/// and the server goes on answering.
#[cfg(unix)]
#[test]
fn fifo_and_stdin_glossaries_are_reported_not_read() {
    let (_dir, root) = workspace();
    mkfifo(&root.join("pipe.toml"));
    let config = root.join(".glossary-lsp.toml");
    std::fs::write(&config, "glossaries = [\"pipe.toml\", \"/dev/stdin\"]\n").unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let p = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri(&config)
    });
    let diags = p["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2, "{diags:#?}");
    for (d, column, kind) in [(&diags[0], 15, "a FIFO"), (&diags[1], 28, "a FIFO")] {
        assert_eq!(
            d["range"]["start"],
            json!({ "line": 0, "character": column - 1 })
        );
        let message = d["message"].as_str().unwrap();
        assert!(
            message.starts_with("cannot read glossary file "),
            "{message}"
        );
        assert!(
            message.contains(&format!("not a regular file ({kind})")),
            "{message}"
        );
        assert!(!message.contains(".glossary-lsp.toml"), "{message}");
    }
    let m = c.notification("window/showMessage", |_| true);
    let text = m["message"].as_str().unwrap();
    assert_eq!(text.matches(".glossary-lsp.toml:1:15").count(), 1, "{text}");
    // Still serving.
    let doc = uri(&root.join("d.md"));
    c.open(&doc, "markdown", 1, "Our VAR program.\n");
    c.diagnostics(&doc, 1);
}

/// A 1 GB sparse Markdown file in the workspace: the references scan passes over it (it is
/// over the 50 MB limit) instead of reading it, and answers with the other files' uses.
#[test]
fn references_scan_passes_over_a_huge_file() {
    let (_dir, root) = workspace();
    std::fs::write(root.join("other.md"), "Two VARs.\n").unwrap();
    std::fs::File::create(root.join("huge.md"))
        .unwrap()
        .set_len(1_000_000_000)
        .unwrap();
    let mut c = Client::spawn(&root);
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("a.md"));
    c.open(&doc, "markdown", 1, "Our VAR program.\n");
    c.diagnostics(&doc, 1);
    let start = Instant::now();
    let refs = c
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": doc }, "position": { "line": 0, "character": 5 },
                    "context": { "includeDeclaration": true } }),
        )
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    let files: Vec<&str> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&uri(&root.join("other.md")).as_str()),
        "{files:?}"
    );
    assert!(
        !files.contains(&uri(&root.join("huge.md")).as_str()),
        "{files:?}"
    );
}

/// With neither `HOME` nor `XDG_CACHE_HOME`, "go to definition" of a built-in term opens a
/// copy in a private per-user folder of the temp dir (mode 0700), not a shared, guessable path.
#[cfg(unix)]
#[test]
fn builtin_copy_without_home_is_private() {
    use std::os::unix::fs::MetadataExt;
    let (_dir, root) = workspace();
    let temp = tempfile::tempdir().unwrap();
    let temp_path = temp.path().canonicalize().unwrap();
    let mut c = Client::spawn_with(&root, |cmd| {
        cmd.env_remove("HOME")
            .env_remove("XDG_CACHE_HOME")
            .env("TMPDIR", &temp_path);
    });
    c.initialize(Some(&root), caps_utf16(), Value::Null);
    let doc = uri(&root.join("a.md"));
    c.open(&doc, "markdown", 1, "Our VAR program.\n");
    c.diagnostics(&doc, 1);
    let d = c
        .request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": doc }, "position": { "line": 0, "character": 5 } }),
        )
        .unwrap();
    let target = d["uri"].as_str().unwrap().trim_start_matches("file://");
    let uid = unsafe { libc::geteuid() };
    let dir = temp_path.join(format!("glossary-lsp-{uid}"));
    assert_eq!(
        target,
        dir.join("partner-program.toml").to_str().unwrap(),
        "{d}"
    );
    let meta = std::fs::symlink_metadata(&dir).unwrap();
    assert!(meta.is_dir());
    assert_eq!(meta.mode() & 0o777, 0o700);
}
