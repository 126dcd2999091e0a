//! The command line against odd and contested files, through the built binary: `--fix` racing
//! another writer, symlinks, hard links, read-only files, files held open; FIFOs, devices and
//! `/dev/stdin` named as documents, glossaries or configurations; size limits; and where
//! errors about unreadable glossaries are reported.

mod common;

use common::{tempdir, test_glossary, write, Run, BIN};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A line with one safe fix ("value added reseller" → "value-added reseller").
const FIXABLE: &str = "A value added reseller.\n";
const FIXED: &str = "A value-added reseller.\n";

/// Runs the binary in `dir`; kills it and fails if it takes more than 60 seconds (a FIFO must
/// never block it). `stdin` is given to it as its standard input.
fn run_bounded(dir: &Path, args: &[&str], stdin: Stdio) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Both streams are drained on their own threads, so a full pipe cannot stall the child.
    let drain = |stream: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(mut s) = stream {
                let _ = s.read_to_end(&mut out);
            }
            String::from_utf8_lossy(&out).into_owned()
        })
    };
    let stdout = drain(child.stdout.take().map(|s| Box::new(s) as _));
    let stderr = drain(child.stderr.take().map(|s| Box::new(s) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("glossary-lsp {args:?} did not finish within 60 seconds");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// `check` with the test glossary only and no configuration file.
fn check(dir: &Path, extra: &[&str]) -> Run {
    let g = test_glossary();
    let mut args = vec![
        "check",
        "--no-config",
        "--no-builtin",
        "--glossary",
        g.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run_bounded(dir, &args, Stdio::null())
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

// ---------------------------------------------------------------------------------------------
// --fix against other writers and odd files

/// A thread keeps appending fixable numbered lines (open, append, close, in bursts, as a
/// logger or `>>` does) while `check --fix` runs again and again on the file. Every
/// line must end up in the file exactly once, in order; fixes must have gone in.
#[test]
fn fix_racing_an_appending_writer_loses_no_line() {
    let dir = tempdir();
    let p = write(dir.path(), "log.txt", FIXABLE);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (p, stop) = (p.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
                let line = format!("Line {n}: a value added reseller.\n");
                f.write_all(line.as_bytes()).unwrap();
                drop(f);
                n += 1;
                // Bursts of 8 lines, 0 to 0.6 ms apart, then a pause long enough for a run
                // of `check` to go through.
                let pause = if n % 8 == 0 { 40_000 } else { (n % 3) * 300 };
                std::thread::sleep(Duration::from_micros(pause));
            }
            n
        })
    };
    let mut fixed_runs = 0;
    for _ in 0..60 {
        let r = check(dir.path(), &["--fix", "--format", "json", "log.txt"]);
        match r.code {
            0 | 1 => fixed_runs += 1,
            // Refused because the writer wrote meanwhile: said so, nothing lost.
            2 => assert!(
                r.stderr.contains("not fixed"),
                "unexpected error: {}",
                r.stderr
            ),
            _ => panic!("{r:?}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    let numbers: Vec<u64> = text
        .lines()
        .skip(1)
        .map(|l| {
            let rest = l.strip_prefix("Line ").unwrap_or_else(|| panic!("{l:?}"));
            rest[..rest.find(':').unwrap()].parse().unwrap()
        })
        .collect();
    let expected: Vec<u64> = (0..written).collect();
    let first_difference = (0..numbers.len().max(expected.len()))
        .find(|&i| numbers.get(i) != expected.get(i))
        .map(|i| (i, numbers.get(i).copied(), expected.get(i).copied()));
    assert_eq!(first_difference, None, "a line was lost or duplicated");
    assert!(fixed_runs > 0, "no run ever fixed the file");
    assert!(text.starts_with(FIXED), "{}", &text[..80.min(text.len())]);
    // The file has only our name in the folder: no temporary or backup file left.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// Another program holding the file open for writing: `--fix` waits briefly, then reports
/// it; what that program writes afterwards is all there.
#[cfg(target_os = "linux")]
#[test]
fn fix_leaves_a_file_held_open_by_a_writer() {
    let dir = tempdir();
    let p = write(dir.path(), "doc.md", FIXABLE);
    let mut holder = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    let r = check(dir.path(), &["--fix", "doc.md"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("doc.md: not fixed: another program holds the file open for writing"),
        "{}",
        r.stderr
    );
    holder.write_all(b"More text.\n").unwrap();
    drop(holder);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        format!("{FIXABLE}More text.\n")
    );
}

#[cfg(unix)]
#[test]
fn fix_through_a_symlink_fixes_the_target_and_keeps_the_link() {
    let dir = tempdir();
    let target = write(dir.path(), "real/doc.md", FIXABLE);
    std::os::unix::fs::symlink("real/doc.md", dir.path().join("link.md")).unwrap();
    check(dir.path(), &["--fix", "link.md"]).expect_code(0);
    let link = std::fs::symlink_metadata(dir.path().join("link.md")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);
}

#[cfg(unix)]
#[test]
fn fix_refuses_hard_linked_and_read_only_files_and_keeps_owner_and_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempdir();
    let a = write(dir.path(), "a.md", FIXABLE);
    std::fs::hard_link(&a, dir.path().join("b.md")).unwrap();
    let r = check(dir.path(), &["--fix", "a.md"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("a.md: not fixed: the file has 2 hard links"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FIXABLE);
    assert_eq!(std::fs::metadata(&a).unwrap().nlink(), 2);

    let ro = write(dir.path(), "ro.md", FIXABLE);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = check(dir.path(), &["--fix", "ro.md"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("ro.md: not fixed: read-only file (mode 0444); left as it is"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), FIXABLE);

    // Another user's file (only root can set that up): fixed, still theirs, same mode.
    let theirs = write(dir.path(), "theirs.md", FIXABLE);
    std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o664)).unwrap();
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&theirs, Some(4321), Some(4322)).unwrap();
    }
    let before = std::fs::metadata(&theirs).unwrap();
    check(dir.path(), &["--fix", "theirs.md"]).expect_code(0);
    let after = std::fs::metadata(&theirs).unwrap();
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), FIXED);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.mode() & 0o7777, 0o664);
}

// ---------------------------------------------------------------------------------------------
// Only regular files, within limits

#[cfg(unix)]
#[test]
fn named_fifos_devices_and_stdin_are_errors_not_zero_files() {
    let dir = tempdir();
    mkfifo(&dir.path().join("pipe.md"));
    for (path, kind) in [("pipe.md", "a FIFO"), ("/dev/zero", "a character device")] {
        let r = check(dir.path(), &[path]);
        r.expect_code(2);
        assert!(
            r.stderr
                .contains(&format!("{path}: cannot read: not a regular file ({kind})")),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains("0 files checked"), "{}", r.stderr);
    }
    // /dev/stdin when stdin is a pipe (as with process substitution).
    let g = test_glossary();
    let args = [
        "check",
        "--no-config",
        "--no-builtin",
        "--glossary",
        g.to_str().unwrap(),
        "/dev/stdin",
    ];
    let r = run_bounded(dir.path(), &args, Stdio::piped());
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("/dev/stdin: cannot read: not a regular file (a FIFO)"),
        "{}",
        r.stderr
    );
    // In a folder, a FIFO among the files is passed over like any non-file, and never read.
    write(dir.path(), "ok.md", FIXABLE);
    check(dir.path(), &["."]).expect_code(1);
}

#[cfg(unix)]
#[test]
fn glossaries_and_configs_that_are_not_regular_files_are_errors_at_the_config_line() {
    let dir = tempdir();
    mkfifo(&dir.path().join("pipe.toml"));
    write(dir.path(), "doc.md", FIXABLE);
    for (name, kind) in [
        ("pipe.toml", "a FIFO"),
        ("/dev/zero", "a character device"),
        ("/dev/urandom", "a character device"),
        (".", "a directory"),
    ] {
        write(
            dir.path(),
            ".glossary-lsp.toml",
            format!("builtin = false\nglossaries = [\"{name}\"]\n"),
        );
        let r = run_bounded(dir.path(), &["check", "doc.md"], Stdio::null());
        r.expect_code(2);
        let line = r.stderr.lines().next().unwrap_or_default();
        let config = dir.path().join(".glossary-lsp.toml");
        assert!(
            line.starts_with(&format!(
                "error: {}:2:15: cannot read glossary file ",
                config.display()
            )),
            "{line}"
        );
        assert!(
            line.ends_with(&format!(
                "not a regular file ({kind}); only regular files are read"
            )),
            "{line}"
        );
    }
    // /dev/stdin given as a glossary on the command line while stdin is a pipe.
    let r = run_bounded(
        dir.path(),
        &["check", "--no-config", "--glossary", "/dev/stdin", "doc.md"],
        Stdio::piped(),
    );
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("/dev/stdin:1:1: cannot read glossary file: not a regular file (a FIFO)"),
        "{}",
        r.stderr
    );
    // A FIFO as the configuration file.
    let r = run_bounded(
        dir.path(),
        &["check", "--config", "pipe.toml", "doc.md"],
        Stdio::null(),
    );
    r.expect_code(2);
    assert!(
        r.stderr.contains(
            "error: pipe.toml:1:1: cannot read configuration: not a regular file (a FIFO)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_glossary_is_reported_once_at_the_line_naming_it() {
    let dir = tempdir();
    write(dir.path(), "doc.md", FIXABLE);
    write(
        dir.path(),
        ".glossary-lsp.toml",
        "builtin = false\n\nglossaries = [\n  \"team.toml\",\n  \"gone.toml\",\n]\n",
    );
    write(
        dir.path(),
        "team.toml",
        std::fs::read(test_glossary()).unwrap(),
    );
    let r = run_bounded(dir.path(), &["check", "doc.md"], Stdio::null());
    r.expect_code(2);
    let config = dir.path().join(".glossary-lsp.toml");
    let gone = dir.path().join("gone.toml");
    let expected = format!(
        "error: {}:5:3: cannot read glossary file {}: ",
        config.display(),
        gone.display()
    );
    assert!(r.stderr.starts_with(&expected), "{}", r.stderr);
    // Each place is said once.
    assert_eq!(
        r.stderr.matches(".glossary-lsp.toml").count(),
        1,
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.matches("gone.toml").count(), 1, "{}", r.stderr);
}

#[test]
fn document_size_limit_from_default_config_and_flag() {
    let dir = tempdir();
    // A sparse 60 MB file: refused from its size, never read into memory.
    let big = dir.path().join("big.md");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(60_000_000)
        .unwrap();
    let r = check(dir.path(), &["big.md"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("big.md: cannot read: too large: 60 MB (the limit is 50 MB)"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(&big).unwrap();

    let doc = write(dir.path(), "doc.md", FIXABLE.repeat(100));
    let size = std::fs::metadata(&doc).unwrap().len();
    assert_eq!(size, 2400);
    let g = test_glossary();
    write(
        dir.path(),
        ".glossary-lsp.toml",
        format!(
            "builtin = false\nglossaries = [{:?}]\nmax-document-size = \"2KB\"\n",
            g.display().to_string()
        ),
    );
    let r = run_bounded(dir.path(), &["check", "doc.md"], Stdio::null());
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("doc.md: cannot read: too large: 2.4 KB (the limit is 2 KB)"),
        "{}",
        r.stderr
    );
    let r = run_bounded(
        dir.path(),
        &["check", "--max-document-size", "3KB", "doc.md"],
        Stdio::null(),
    );
    r.expect_code(1);
    // A bad size is an error at its value.
    write(
        dir.path(),
        ".glossary-lsp.toml",
        "builtin = false\nmax-document-size = \"lots\"\n",
    );
    let r = run_bounded(dir.path(), &["check", "doc.md"], Stdio::null());
    r.expect_code(2);
    assert!(
        r.stderr
            .contains(".glossary-lsp.toml:2:21: invalid size `lots`"),
        "{}",
        r.stderr
    );
    let r = run_bounded(
        dir.path(),
        &["check", "--max-document-size", "0", "doc.md"],
        Stdio::null(),
    );
    r.expect_code(2);
}

#[test]
fn glossary_size_limit_from_config_and_flag() {
    let dir = tempdir();
    write(dir.path(), "doc.md", FIXABLE);
    let g = test_glossary();
    let size = std::fs::metadata(&g).unwrap().len();
    write(
        dir.path(),
        ".glossary-lsp.toml",
        format!(
            "builtin = false\nglossaries = [{:?}]\nmax-glossary-size = {}\n",
            g.display().to_string(),
            size - 1
        ),
    );
    let r = run_bounded(dir.path(), &["check", "doc.md"], Stdio::null());
    r.expect_code(2);
    assert!(r.stderr.contains("too large"), "{}", r.stderr);
    assert!(r.stderr.contains("--max-glossary-size"), "{}", r.stderr);
    let r = run_bounded(
        dir.path(),
        &["check", "--max-glossary-size", "1MB", "doc.md"],
        Stdio::null(),
    );
    r.expect_code(1);
}
