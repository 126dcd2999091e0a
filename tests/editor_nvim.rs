//! Neovim 0.11, headless, against the real binary through the shipped
//! `editors/neovim/lsp/glossary_lsp.lua`: runs `editors/tests/nvim_test.lua` (diagnostics with
//! ranges and codes, hover, completion, quick fixes applied, positions after an emoji) on a
//! Markdown and a `.txt` document, once with Neovim's own position encodings (UTF-8 agreed),
//! once offering only UTF-16, and once with the settings sent as `settings` rather than
//! `init_options`.
//!
//! Neovim comes from `editors/install-test-editors.sh PREFIX nvim`, PREFIX being
//! `$GLOSSARY_LSP_EDITORS` or `target/editors`. A missing Neovim fails the test.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn prefix() -> PathBuf {
    std::env::var_os("GLOSSARY_LSP_EDITORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/editors"))
}

fn nvim() -> PathBuf {
    let nvim = prefix().join("nvim-venv/bin/nvim");
    assert!(
        nvim.is_file(),
        "Neovim is not installed at {}: run `editors/install-test-editors.sh {} nvim` \
         (or `all`) first (GLOSSARY_LSP_EDITORS chooses another prefix)",
        nvim.display(),
        prefix().display()
    );
    nvim
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the Lua test in `mode`; panics with its output unless every check passed.
fn run(mode: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let home = scratch(&format!("nvim-{mode}"));
    let (out, err) = (home.join("stdout"), home.join("stderr"));
    let start = Instant::now();
    let mut child = Command::new(nvim())
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(repo.join("editors/tests/nvim_test.lua"))
        .arg(env!("CARGO_BIN_EXE_glossary-lsp"))
        .arg(mode)
        .current_dir(&home)
        // Keep Neovim's lsp.log and state, and the server's cache, out of the real home.
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("start nvim");
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
    println!("(nvim {mode}: {:.1} s)", start.elapsed().as_secs_f64());
    let summary = stdout.lines().find(|l| l.starts_with("RESULT nvim"));
    assert!(
        status.is_some_and(|s| s.success())
            && summary.is_some_and(|l| l.ends_with(" 0 failed"))
            && !stdout.contains("\nFAIL "),
        "Neovim test ({mode}) failed: status {status:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(
        !stderr.contains("Error executing") && !stderr.contains("E5113"),
        "Neovim reported Lua errors:\n{stderr}"
    );
}

#[test]
fn neovim_with_its_own_position_encoding() {
    run("default");
}

#[test]
fn neovim_offering_only_utf16() {
    run("utf-16");
}

/// Settings given as `settings` reach the server through workspace/didChangeConfiguration right
/// after `initialize`; Neovim 0.11 pulls the first document's diagnostics at once, and answers
/// the server's `workspace/diagnostic/refresh` with MethodNotFound, so the server must answer
/// that pull with the new settings.
#[test]
fn neovim_settings_through_did_change_configuration() {
    run("settings");
}
