//! Neovim 0.11, headless, against the real binary through the shipped
//! `editors/neovim/lsp/glossary_lsp.lua`: runs `editors/tests/nvim_test.lua` (diagnostics with
//! ranges and codes, hover, completion, quick fixes applied, positions after an emoji) on a
//! Markdown and a `.txt` document, once with Neovim's own position encodings (UTF-8 agreed),
//! once offering only UTF-16, and once with the settings sent as `settings` rather than
//! `init_options`; and `editors/tests/nvim_writer_test.lua`, what a writer does: a completion
//! accepted with `<C-y>` from Neovim's own completion menu, `.glossary-lsp.toml` edited while a
//! document is open, "add exception", "fix all safe findings"; and
//! `editors/tests/nvim_nav_test.lua`: rename, MDX, code lens.
//!
//! Neovim comes from `editors/install-test-editors.sh PREFIX nvim`, PREFIX being
//! `$GLOSSARY_LSP_EDITORS` or `target/editors`. A missing Neovim fails the test.

mod editor_support;

use editor_support::prefix;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Runs the Lua test in `mode`; panics with its output unless every check passed.
fn run(mode: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut nvim = Command::new(nvim());
    nvim.args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(repo.join("editors/tests/nvim_test.lua"))
        .arg(env!("CARGO_BIN_EXE_glossary-lsp"))
        .arg(mode);
    let run = editor_support::run(&format!("nvim-{mode}"), nvim);
    run.assert_passed("nvim");
    assert!(
        !run.stderr.contains("Error executing") && !run.stderr.contains("E5113"),
        "Neovim reported Lua errors:\n{}",
        run.stderr
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

/// Keys typed as a user types them: the script runs as a coroutine under `-c luafile` (not
/// `-l`), so that Neovim's main loop processes the typeahead between its steps.
#[test]
fn neovim_as_a_writer_uses_it() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = repo.join("editors/tests/nvim_writer_test.lua");
    let mut nvim = Command::new(nvim());
    nvim.args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("GLOSSARY_LSP_BIN", env!("CARGO_BIN_EXE_glossary-lsp"));
    let run = editor_support::run("nvim-writer", nvim);
    run.assert_passed("nvim-writer");
    assert!(
        !run.stderr.contains("Error executing") && !run.stderr.contains("E5113"),
        "Neovim reported Lua errors:\n{}",
        run.stderr
    );
}

/// Rename, MDX and code lens (`editors/tests/nvim_nav_test.lua`): `vim.lsp.buf.rename()` keeps
/// each use's shape and leaves other files alone (Neovim 0.11 cannot confirm them), an `.mdx`
/// buffer is checked on its JSX text only, and a glossary entry's lens lists its uses in the
/// quickfix list through the shipped command handler.
#[test]
fn neovim_rename_mdx_and_code_lens() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut nvim = Command::new(nvim());
    nvim.args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(repo.join("editors/tests/nvim_nav_test.lua"))
        .arg(env!("CARGO_BIN_EXE_glossary-lsp"));
    let run = editor_support::run("nvim-nav", nvim);
    run.assert_passed("nvim-nav");
    assert!(
        !run.stderr.contains("Error executing") && !run.stderr.contains("E5113"),
        "Neovim reported Lua errors:\n{}",
        run.stderr
    );
}

/// The lazy.nvim spec (`editors/neovim/lazy.lua`): its `config`, given this repository as the
/// plugin folder, enables the shipped configuration and the server diagnoses a file.
#[test]
fn neovim_lazy_spec_sets_the_server_up() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut nvim = Command::new(nvim());
    nvim.args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-l"])
        .arg(repo.join("editors/tests/nvim_lazy_test.lua"))
        .env("GLOSSARY_LSP_BIN", env!("CARGO_BIN_EXE_glossary-lsp"));
    let run = editor_support::run("nvim-lazy", nvim);
    run.assert_passed("nvim-lazy");
}
