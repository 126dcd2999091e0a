//! The VS Code extension in a real VS Code, as a new user gets it: `editors/vscode/test/e2e.mjs`
//! installs the platform `.vsix` (`$GLOSSARY_LSP_VSIX`, the release artefact tests/run.sh builds;
//! else one packaged around this build of the server) into a fresh code-server (VS Code 1.99.3)
//! with no glossary-lsp on PATH, and drives it with headless Chromium (playwright-core): the
//! status bar, squiggles, hovers (screenshots in `target/editor-artifacts/`), the Problems
//! panel, a quick fix checked to the character, completion while typing, fix all (compared with
//! `check --fix`), settings changed and removed, the term report and its links, "add
//! exception", workspace diagnostics of a file never opened, rename with F2 (and its refactor
//! preview), a CSV and a TBX glossary listed in `.glossary-lsp.toml` driving diagnostics, hover
//! and completion, and the server missing, not executable or crashing.
//!
//! The editors come from `editors/install-test-editors.sh PREFIX all`; PREFIX is
//! `$GLOSSARY_LSP_EDITORS`, default `target/editors`. Missing editors fail this test: they never
//! skip it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(600);

#[test]
fn vscode_extension_in_code_server() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prefix = std::env::var_os("GLOSSARY_LSP_EDITORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target").join("editors"));
    let prefix = if prefix.is_absolute() {
        prefix
    } else {
        repo.join(prefix)
    };
    let install = format!(
        "bash editors/install-test-editors.sh {} all",
        prefix.display()
    );
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.map(|o| o.status.success()).unwrap_or(false),
        "node is not installed: the VS Code test needs Node.js 20 and the editors from `{install}`"
    );

    let mut child = Command::new("node")
        .arg(repo.join("editors/vscode/test/e2e.mjs"))
        .current_dir(repo)
        .env("GLOSSARY_LSP_BIN", env!("CARGO_BIN_EXE_glossary-lsp"))
        .env("GLOSSARY_LSP_EDITORS", &prefix)
        .env(
            "GLOSSARY_LSP_ARTIFACTS",
            repo.join("target").join("editor-artifacts"),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting node editors/vscode/test/e2e.mjs");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for node") {
            break Some(status);
        }
        if start.elapsed() > TIMEOUT {
            // SIGTERM lets e2e.mjs kill code-server's process group on its way out.
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
            std::thread::sleep(Duration::from_secs(5));
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    println!("{stdout}");
    eprintln!("{stderr}");
    match status {
        None => panic!("the VS Code end-to-end test timed out after {TIMEOUT:?}"),
        Some(s) if s.code() == Some(2) => panic!(
            "the VS Code end-to-end test could not run: an editor is missing. Install them with\n    {install}\n{stderr}"
        ),
        Some(s) => assert!(
            s.success(),
            "the VS Code end-to-end test failed ({s}); screenshots and the code-server log are in target/editor-artifacts\n{stdout}\n{stderr}"
        ),
    }
}
