//! Emacs 28 + eglot 1.9, in batch, against the real binary through the shipped
//! `editors/emacs/glossary-lsp.el`: runs `editors/tests/emacs_test.el` (diagnostics with regions
//! and codes, settings reaching the server, hover, completion through eglot's
//! completion-at-point, quick fixes applied, UTF-16 positions after an emoji) on a Markdown and a
//! `.txt` document.
//!
//! Emacs comes from Debian (`emacs-nox elpa-eglot elpa-markdown-mode`), installed by
//! `editors/install-test-editors.sh PREFIX apt`. A missing Emacs or eglot fails the test.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("emacs-{}", std::process::id()));
    let _ = fs::remove_dir_all(&home);
    fs::create_dir_all(&home).unwrap();
    let (out, err) = (home.join("stdout"), home.join("stderr"));
    let start = Instant::now();
    let mut child = Command::new(emacs())
        .args(["--batch", "-Q", "-l"])
        .arg(repo.join("editors/tests/emacs_test.el"))
        .arg(env!("CARGO_BIN_EXE_glossary-lsp"))
        .current_dir(&home)
        // Keep Emacs' and the server's files out of the real home.
        .env("HOME", &home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("start emacs");
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = fs::read_to_string(&out).unwrap_or_default();
    let stderr = fs::read_to_string(&err).unwrap_or_default();
    println!("{stdout}");
    println!("(emacs: {:.1} s)", start.elapsed().as_secs_f64());
    let summary = stdout.lines().find(|l| l.starts_with("RESULT emacs"));
    assert!(
        status.is_some_and(|s| s.success())
            && summary.is_some_and(|l| l.ends_with(" 0 failed"))
            && !stdout.contains("\nFAIL "),
        "Emacs test failed: status {status:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(
        !stderr.contains("Debugger entered"),
        "Emacs reported a Lisp error:\n{stderr}"
    );
}
