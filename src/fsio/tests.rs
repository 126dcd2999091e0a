//! Unit tests of reading and replacing files, on real files in temporary folders.

use super::*;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// A test's action in the middle of a swap.
type SwapHook = Box<dyn FnMut(&Path)>;

thread_local! {
    /// What a test does in the middle of [`replace_file`]'s swap, on the same thread: given the
    /// original's backup name (the new file is already at the real name).
    static DURING_SWAP: RefCell<Option<SwapHook>> = const { RefCell::new(None) };
}

/// Called by [`replace_file`] right after its rename (tests only).
pub(super) fn during_swap(backup: Option<&Path>) {
    DURING_SWAP.with(|hook| {
        if let (Some(f), Some(b)) = (hook.borrow_mut().as_mut(), backup) {
            f(b)
        }
    });
}

fn dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("glossary-lsp-fsio")
        .tempdir()
        .unwrap()
}

/// Runs `f` on a thread and fails (rather than hangs) if it takes more than 5 seconds.
fn within_5s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5))
        .expect("finished within 5 seconds")
}

#[test]
fn sizes_parse_and_print() {
    assert_eq!(parse_size("1000"), Ok(1000));
    assert_eq!(parse_size("20MB"), Ok(20_000_000));
    assert_eq!(parse_size(" 1.5 gb "), Ok(1_500_000_000));
    assert_eq!(parse_size("2MiB"), Ok(2 << 20));
    assert!(parse_size("0").is_err());
    assert!(parse_size("12 parsecs").unwrap_err().contains("unit"));
    assert!(parse_size("").is_err());
    assert_eq!(format_size(512), "512 bytes");
    assert_eq!(format_size(50_000_000), "50 MB");
    assert_eq!(format_size(1_500_000_000), "1.5 GB");
}

#[test]
fn reads_regular_files_within_the_limit_only() {
    let d = dir();
    let p = d.path().join("a.md");
    std::fs::write(&p, "12345").unwrap();
    assert_eq!(read_regular(&p, 5).unwrap(), b"12345");
    let e = read_regular(&p, 4).unwrap_err();
    assert!(
        matches!(
            e,
            FsError::TooLarge {
                size: Some(5),
                limit: 4
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.to_string(), "too large: 5 bytes (the limit is 4 bytes)");
    // A sparse 3 GB file is refused from its size, without reading it.
    let big = d.path().join("big.md");
    File::create(&big).unwrap().set_len(3_000_000_000).unwrap();
    let e = read_regular(&big, DEFAULT_MAX_DOCUMENT).unwrap_err();
    assert_eq!(e.to_string(), "too large: 3 GB (the limit is 50 MB)");
    // Through a symlink: the target is read.
    #[cfg(unix)]
    {
        let link = d.path().join("link.md");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert_eq!(read_regular(&link, 100).unwrap(), b"12345");
    }
    let e = read_regular(d.path(), 100).unwrap_err();
    assert!(e.to_string().contains("a directory"), "{e}");
    assert!(matches!(
        read_regular(&d.path().join("none"), 100),
        Err(FsError::Io(_))
    ));
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_without_blocking() {
    let e = within_5s(|| read_regular(Path::new("/dev/zero"), 1 << 20).unwrap_err());
    assert!(e.to_string().contains("a character device"), "{e}");
    let d = dir();
    let fifo = d.path().join("pipe.md");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let e = within_5s(move || read_regular(&fifo, 100).unwrap_err());
    assert!(e.to_string().contains("a FIFO"), "{e}");
    // An open non-blocking read of a FIFO never waits either.
    let fifo = d.path().join("pipe.md");
    let e = within_5s(move || {
        let f = open_nonblocking(&fifo).unwrap();
        read_open(&f, 100).unwrap_err()
    });
    assert!(e.to_string().contains("a FIFO"), "{e}");
}

/// A `/proc` file reports size 0 but has content: read to its end, bounded by the limit.
#[cfg(target_os = "linux")]
#[test]
fn files_that_lie_about_their_size_are_still_bounded() {
    let all = read_regular(Path::new("/proc/self/status"), 1 << 20).unwrap();
    assert!(all.len() > 10);
    let e = read_regular(Path::new("/proc/self/status"), 10).unwrap_err();
    assert!(
        matches!(
            e,
            FsError::TooLarge {
                size: None,
                limit: 10
            }
        ),
        "{e:?}"
    );
}

#[test]
fn replaces_and_refuses_a_file_that_changed() {
    let d = dir();
    let p = d.path().join("doc.md");
    std::fs::write(&p, "old\n").unwrap();
    replace_file(&p, b"old\n", b"new\n").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"new\n");
    let e = replace_file(&p, b"old\n", b"newer\n").unwrap_err();
    assert!(matches!(e, FsError::Changed), "{e:?}");
    assert_eq!(std::fs::read(&p).unwrap(), b"new\n");
    // Nothing is left behind: no temporary file, no backup link.
    let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[cfg(unix)]
#[test]
fn keeps_mode_and_owner_and_refuses_read_only_files() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let d = dir();
    let p = d.path().join("doc.md");
    std::fs::write(&p, "old\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    // As root, the file can belong to someone else; the rewrite must keep that owner.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(&p, Some(4321), Some(4321)).unwrap();
    }
    let before = std::fs::metadata(&p).unwrap();
    replace_file(&p, b"old\n", b"new\n").unwrap();
    let after = std::fs::metadata(&p).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_ne!(after.ino(), before.ino(), "written through a new file");

    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let e = replace_file(&p, b"new\n", b"newer\n").unwrap_err();
    assert_eq!(e.to_string(), "read-only file (mode 0444); left as it is");
    assert_eq!(std::fs::read(&p).unwrap(), b"new\n");
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_and_hard_links_refused() {
    let d = dir();
    let target = d.path().join("real.md");
    let link = d.path().join("link.md");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink("real.md", &link).unwrap();
    replace_file(&link, b"old\n", b"new\n").unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&target).unwrap(), b"new\n");

    let twin = d.path().join("twin.md");
    std::fs::hard_link(&target, &twin).unwrap();
    let e = replace_file(&target, b"new\n", b"newer\n").unwrap_err();
    assert!(matches!(e, FsError::HardLinked { links: 2 }), "{e:?}");
    assert_eq!(std::fs::read(&twin).unwrap(), b"new\n");
    assert_eq!(std::fs::read(&target).unwrap(), b"new\n");
}

/// A writer holding the file open: the replacement waits for it, then gives up; the writer's
/// later writes all land in the file.
#[cfg(target_os = "linux")]
#[test]
fn a_writer_holding_the_file_open_is_waited_for_then_reported() {
    use std::io::Write as _;
    let d = dir();
    let p = d.path().join("doc.md");
    std::fs::write(&p, "old\n").unwrap();
    let mut writer = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
    let e = replace_file(&p, b"old\n", b"new\n").unwrap_err();
    assert!(matches!(e, FsError::InUse), "{e:?}");
    writer.write_all(b"more\n").unwrap();
    drop(writer);
    assert_eq!(std::fs::read(&p).unwrap(), b"old\nmore\n");
}

/// A thread appends numbered lines (open, append, close, as a logger or `>>` does, in bursts
/// and pauses) while the main thread keeps replacing
/// the file's first line: every appended line must be in the file at the end, in order.
#[test]
fn no_appended_line_is_lost_to_a_racing_replacement() {
    let d = dir();
    let p = d.path().join("doc.md");
    std::fs::write(&p, "head 0\n").unwrap();
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let writer = {
        let (p, stop) = (p.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
                f.write_all(format!("line {n}\n").as_bytes()).unwrap();
                drop(f);
                n += 1;
                // Bursts and pauses: 0 to 3 ms between lines.
                std::thread::sleep(Duration::from_micros((n % 7) * 500));
            }
            n
        })
    };
    let mut replaced = 0;
    for i in 0..600 {
        let text = std::fs::read(&p).unwrap();
        let at = text.iter().position(|&b| b == b'\n').unwrap() + 1;
        let mut new = format!("head {}\n", i + 1).into_bytes();
        new.extend_from_slice(&text[at..]);
        match replace_file(&p, &text, &new) {
            Ok(()) => replaced += 1,
            Err(FsError::Changed | FsError::InUse) => {}
            Err(e) => panic!("{e}"),
        }
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().unwrap();
    let text = String::from_utf8(std::fs::read(&p).unwrap()).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    let expected: Vec<String> = (0..written).map(|n| format!("line {n}")).collect();
    let first_difference = (0..lines.len().max(expected.len()))
        .find(|&i| lines.get(i).copied() != expected.get(i).map(String::as_str));
    assert_eq!(
        first_difference, None,
        "a line was lost or duplicated ({replaced} replacements, {written} lines written)"
    );
    assert!(replaced > 0, "no replacement ever went through");
}

#[test]
fn creates_only_new_files() {
    let d = dir();
    let p = d.path().join("team.toml");
    create_new_file(&p, b"schema = 1\n").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"schema = 1\n");
    let e = create_new_file(&p, b"other\n").unwrap_err();
    assert!(matches!(e, FsError::Io(ref io) if io.kind() == std::io::ErrorKind::AlreadyExists));
    assert_eq!(std::fs::read(&p).unwrap(), b"schema = 1\n");
    // A planted symlink is not followed: the name is taken, nothing is written through it.
    #[cfg(unix)]
    {
        let victim = d.path().join("victim");
        let trap = d.path().join("trap.toml");
        std::os::unix::fs::symlink(&victim, &trap).unwrap();
        assert!(create_new_file(&trap, b"x").is_err());
        assert!(!victim.exists());
    }
}

/// Another program opens the original for writing right after the rename (the moment no
/// check before it can see): the lease says so, the swap is undone, the original is back under
/// its name with its text, and nothing is left behind.
#[cfg(target_os = "linux")]
#[test]
fn a_writer_arriving_during_the_swap_gets_the_original_back() {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let d = dir();
    let p = d.path().join("doc.md");
    std::fs::write(&p, "old\n").unwrap();
    let inode = std::fs::metadata(&p).unwrap().ino();
    let tried = std::rc::Rc::new(std::cell::Cell::new(false));
    let seen = tried.clone();
    DURING_SWAP.with(|hook| {
        *hook.borrow_mut() = Some(Box::new(move |original: &Path| {
            // Non-blocking: a blocking open would wait for this very thread's lease.
            let opened = std::fs::OpenOptions::new()
                .append(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(original);
            assert!(opened.is_err(), "the lease makes the writer wait");
            seen.set(true);
        }))
    });
    let result = replace_file(&p, b"old\n", b"new\n");
    DURING_SWAP.with(|hook| *hook.borrow_mut() = None);
    assert!(tried.get());
    assert!(matches!(result, Err(FsError::Changed)), "{result:?}");
    assert_eq!(std::fs::read(&p).unwrap(), b"old\n");
    let meta = std::fs::metadata(&p).unwrap();
    assert_eq!(
        (meta.ino(), meta.nlink()),
        (inode, 1),
        "the original itself is back"
    );
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
}
