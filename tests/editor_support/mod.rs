//! Running a real editor headless for the editor tests: a scratch home so the editor's and the
//! server's files stay out of the real one, output captured to files, a time limit, and the
//! verdict read from the script's `RESULT <name>: N passed, N failed` line and `FAIL` lines.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Where `editors/install-test-editors.sh` put the editors: `$GLOSSARY_LSP_EDITORS`, else
/// `target/editors`.
#[allow(dead_code)] // not every editor test needs it (Emacs comes from apt)
pub fn prefix() -> PathBuf {
    std::env::var_os("GLOSSARY_LSP_EDITORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/editors"))
}

/// What an editor run printed.
pub struct Run {
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `editor` (its arguments set) with a fresh scratch home named `name`, for at most
/// 120 s; prints its output so a failing test shows what the editor saw.
pub fn run(name: &str, mut editor: Command) -> Run {
    let home =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&home);
    fs::create_dir_all(&home).unwrap();
    let (out, err) = (home.join("stdout"), home.join("stderr"));
    let start = Instant::now();
    let mut child = editor
        .current_dir(&home)
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
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
    let run = Run {
        status,
        stdout: fs::read_to_string(&out).unwrap_or_default(),
        stderr: fs::read_to_string(&err).unwrap_or_default(),
    };
    println!("{}", run.stdout);
    println!("({name}: {:.1} s)", start.elapsed().as_secs_f64());
    run
}

impl Run {
    /// Panics unless the editor exited successfully and its script reported `RESULT {result}…
    /// 0 failed` with no `FAIL` line.
    pub fn assert_passed(&self, result: &str) {
        let summary = self
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("RESULT {result}")));
        assert!(
            self.status.is_some_and(|s| s.success())
                && summary.is_some_and(|l| l.ends_with(" 0 failed"))
                && !self.stdout.contains("\nFAIL "),
            "{result} test failed: status {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
    }
}
