//! Reading and replacing the user's files safely: the one place that touches documents,
//! glossaries and configuration files on disk, for the command line and the language server.
//!
//! # Reading: only regular files, never unbounded
//!
//! [`read_regular`] reads a file only if it is a *regular* file, and only up to a size limit.
//! A configuration may name any path as a glossary, and a user may name any path to `check`:
//! `/dev/zero` would grow memory without end, a FIFO would block forever, `/dev/stdin` would make
//! the language server read its own protocol input. So the path is `stat`ed first (following
//! symlinks) and anything but a regular file is refused without being opened; the file is then
//! opened non-blocking (a FIFO swapped in after the `stat` cannot block), checked again through
//! the open handle, and read through a reader that stops one byte past the limit, so even a file
//! that grows while it is read (or lies about its size, as `/proc` files do) cannot take more
//! than `limit + 1` bytes.
//!
//! # Replacing: atomic, and no concurrent write lost
//!
//! [`replace_file`] swaps a file's content for new text: it writes a temporary file in the same
//! folder with the original's mode and owner, then renames it over the original. Around that
//! swap it makes sure no one else's write is lost:
//!
//! * symlinks are followed to the real file, which is replaced; the link stays a link;
//! * read-only files (no write permission bit) are refused, as are files the process may not
//!   write, and files whose owner the process cannot give the new file;
//! * files with more than one hard link are refused: a rename would split the links (one name
//!   fixed, the others not) and writing in place cannot be atomic. The message says so;
//! * the original is opened and `flock`ed (so two `glossary-lsp` processes never swap the same
//!   file at once) and, on Linux, a read *lease* is taken on it: the lease cannot be granted
//!   while any other process has the file open for writing (a writer holding the file open is
//!   waited for, briefly, then reported), and any other process that opens it for writing while
//!   the lease is held is made to wait in the kernel *and* flags the lease as broken;
//! * the content is compared with what was read before the swap, and again after it, and the
//!   lease is checked after it. If anything changed or anyone opened the file to write, the
//!   original file (kept under a hard-linked backup name during the swap) is renamed back, so the
//!   other writer's text is where it was, and the error says the file changed.
//!
//! What remains: without leases (other systems, file systems that refuse them) the checks before
//! and after the rename still catch a write that lands in between, but a writer that holds the
//! file open and writes after the check cannot be seen. No rename-based scheme can rule that out
//! without the writer's cooperation.
//!
//! Errors are plain values ([`FsError`]) whose messages never include the path: the caller
//! knows how to name the file (as given, or at the configuration line naming it), so a message
//! never repeats its location.

use std::fmt;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The default largest document `check` and the language server read from disk (50 MB).
pub const DEFAULT_MAX_DOCUMENT: u64 = 50_000_000;
/// The default largest glossary file (20 MB).
pub const DEFAULT_MAX_GLOSSARY: u64 = 20_000_000;
/// The largest configuration file (1 MB; a configuration is a few lines).
pub const MAX_CONFIG: u64 = 1_000_000;

/// How long [`replace_file`] waits for another program to close a file it holds open for
/// writing (or for another `glossary-lsp` to finish replacing it) before giving up.
const WAIT_FOR_WRITERS: Duration = Duration::from_secs(2);

/// Why a file could not be read or replaced. The message names no path: callers add it.
#[derive(Debug)]
pub enum FsError {
    /// Not a regular file (a FIFO, a device, a directory, a socket).
    NotRegular {
        /// What it is instead, e.g. "a FIFO".
        kind: &'static str,
    },
    /// Larger than the limit.
    TooLarge {
        /// The size, when known (`None`: it kept growing past the limit while read).
        size: Option<u64>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// It has no write permission bit: it is meant not to change.
    ReadOnly {
        /// Its permission bits.
        mode: u32,
    },
    /// It has more than one hard link.
    HardLinked {
        /// How many.
        links: u64,
    },
    /// Its owner cannot be kept (the new file could not be given the original's owner).
    OwnerWouldChange,
    /// It changed since it was read, or another program wrote to it during the swap; it was
    /// left as the other program left it.
    Changed,
    /// Another program holds it open for writing.
    InUse,
    /// The swap was undone because two programs wrote during it; the new text with the other
    /// program's additions was kept under `kept` rather than lost.
    Kept {
        /// Where the new text was kept.
        kept: PathBuf,
    },
    /// The operating system's error.
    Io(std::io::Error),
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FsError::NotRegular { kind } => {
                write!(f, "not a regular file ({kind}); only regular files are read")
            }
            FsError::TooLarge { size: Some(s), limit } => write!(
                f,
                "too large: {} (the limit is {})",
                format_size(*s),
                format_size(*limit)
            ),
            FsError::TooLarge { size: None, limit } => {
                write!(f, "too large: over the limit of {}", format_size(*limit))
            }
            FsError::ReadOnly { mode } => write!(f, "read-only file (mode {mode:04o}); left as it is"),
            FsError::HardLinked { links } => write!(
                f,
                "the file has {links} hard links; replacing it would split them and writing in place \
                 is not atomic, so it is left as it is"
            ),
            FsError::OwnerWouldChange => write!(
                f,
                "the file belongs to another user, and a rewritten file would change its owner; left as it is"
            ),
            FsError::Changed => write!(
                f,
                "the file changed since it was read (another program wrote to it); left as that program left it"
            ),
            FsError::InUse => write!(
                f,
                "another program holds the file open for writing; left as it is"
            ),
            FsError::Kept { kept } => write!(
                f,
                "another program wrote to the file during the swap; the file is as that program left it, \
                 and the new text (with that program's later writes) is in {}",
                kept.display()
            ),
            FsError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for FsError {}

impl From<std::io::Error> for FsError {
    fn from(e: std::io::Error) -> FsError {
        FsError::Io(e)
    }
}

/// A size for messages: "512 bytes", "20 MB", "1.5 GB" (decimal units, as the limits are).
pub fn format_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "GB"), (1_000_000, "MB"), (1_000, "KB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let whole = bytes / unit;
            let tenths = (bytes % unit) * 10 / unit;
            return if tenths == 0 {
                format!("{whole} {name}")
            } else {
                format!("{whole}.{tenths} {name}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Parses a size limit as written in a configuration or on the command line: a number of
/// bytes, or a number with a unit (`KB`, `MB`, `GB`, decimal; `KiB`, `MiB`, `GiB`, binary),
/// e.g. `50MB`, `1.5 GB`, `64KiB`. Zero is refused: nothing could be read.
///
/// ```
/// use glossary_lsp::fsio::parse_size;
/// assert_eq!(parse_size("50MB"), Ok(50_000_000));
/// assert_eq!(parse_size("64 KiB"), Ok(65_536));
/// assert!(parse_size("lots").is_err());
/// ```
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = (&t[..split], t[split..].trim());
    let expected = "expected a size such as 50MB, 512KB or a number of bytes";
    let value: f64 = number
        .parse()
        .map_err(|_| format!("invalid size `{text}`: {expected}"))?;
    let scale: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return Err(format!("invalid size unit in `{text}`: {expected}")),
    };
    let bytes = value * scale as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 / 2.0 {
        return Err(format!(
            "invalid size `{text}`: {expected} (at least 1 byte)"
        ));
    }
    Ok(bytes as u64)
}

/// What a file that is not regular is, for messages ("a FIFO", "a directory"…).
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// Opens `path` for reading without blocking (a FIFO opened non-blocking returns at once).
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Reads the regular file at `path` (symlinks followed), at most `limit` bytes; anything else
/// is an error, and nothing blocks or grows memory past `limit + 1` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, FsError> {
    // Looked at before opening: a device or FIFO is never opened at all.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(FsError::NotRegular {
            kind: kind_of(meta.file_type()),
        });
    }
    let file = open_nonblocking(path)?;
    read_open(&file, limit)
}

/// Reads an open file from its start: regular files only, at most `limit` bytes.
fn read_open(file: &File, limit: u64) -> Result<Vec<u8>, FsError> {
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(FsError::NotRegular {
            kind: kind_of(meta.file_type()),
        });
    }
    if meta.len() > limit {
        return Err(FsError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    read_all_from_start(file, limit, &mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(FsError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// Reads `file` from offset 0 into `out`, stopping one byte past `limit`.
fn read_all_from_start(file: &File, limit: u64, out: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut handle = file;
    handle.seek(SeekFrom::Start(0))?;
    handle.take(limit.saturating_add(1)).read_to_end(out)?;
    Ok(())
}

/// Whether the open `file` still holds exactly `expected`.
fn holds(file: &File, expected: &[u8]) -> std::io::Result<bool> {
    let mut now = Vec::with_capacity(expected.len() + 1);
    read_all_from_start(file, expected.len() as u64, &mut now)?;
    Ok(now == expected)
}

/// Replaces the content of the file at `path` with `new`, provided it still holds `expected`
/// (what the caller read). See the [module docs](self) for every guarantee and refusal.
pub fn replace_file(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), FsError> {
    // The real file: a symlink's target is replaced, the link is left alone.
    let real = std::fs::canonicalize(path)?;
    let dir = real.parent().unwrap_or(Path::new("/"));
    let meta = std::fs::metadata(&real)?;
    if !meta.is_file() {
        return Err(FsError::NotRegular {
            kind: kind_of(meta.file_type()),
        });
    }
    if meta.permissions().readonly() {
        // Refused before opening: nothing about the file is touched.
        refuse_unsafe(&real, &meta)?;
    }
    let original = open_nonblocking(&real)?;
    let _lock = os::Flock::exclusive(&original, WAIT_FOR_WRITERS)?;
    // Looked at under the lock: another glossary-lsp's backup link is gone by now.
    let meta = original.metadata()?;
    refuse_unsafe(&real, &meta)?;
    if !holds(&original, expected)? {
        return Err(FsError::Changed);
    }

    // The new file is made ready first (written and synced), so the window in which another
    // program's open must wait for the lease is a few system calls long.
    let mut tmp = tempfile::Builder::new()
        .prefix(".glossary-lsp-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(new)?;
    os::copy_owner_and_mode(tmp.as_file(), &meta)?;
    tmp.as_file().sync_all()?;
    let tmp = tmp.into_temp_path();
    // The new file's lease: someone opening it for writing after the rename is seen too.
    let new_file = File::open(&tmp)?;
    let new_lease = os::Lease::take(&new_file, Duration::ZERO).ok().flatten();
    let lease = os::Lease::take(&original, WAIT_FOR_WRITERS)?;

    // Right before the swap: the same file, the same text, no writer since.
    let same = os::same_file(&std::fs::metadata(&real)?, &original.metadata()?);
    if !same || !holds(&original, expected)? || lease.as_ref().is_some_and(|l| l.broken()) {
        return Err(FsError::Changed);
    }
    let backup = os::backup_link(&real, dir);
    if let Err(e) = std::fs::rename(&tmp, &real) {
        if let Some(b) = backup {
            let _ = std::fs::remove_file(b);
        }
        return Err(FsError::Io(e));
    }
    tmp.keep().map_err(|e| FsError::Io(e.error))?;
    #[cfg(test)]
    tests::during_swap(backup.as_deref());

    // Right after it: had anyone written to the original, put it back.
    let intact = holds(&original, expected)? && !lease.as_ref().is_some_and(|l| l.broken());
    if !intact {
        return Err(undo_swap(
            &real,
            backup.as_deref(),
            &original,
            new_lease.as_ref(),
        ));
    }
    if let Some(b) = backup {
        let _ = std::fs::remove_file(b);
    }
    drop(new_lease);
    drop(lease);
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Puts the original file back after a write landed during the swap; returns the error that
/// says what happened.
fn undo_swap(
    real: &Path,
    backup: Option<&Path>,
    original: &File,
    new_lease: Option<&os::Lease>,
) -> FsError {
    // Someone opened the new file for writing too: keep it under a name before restoring.
    let kept = new_lease
        .filter(|l| l.broken())
        .and_then(|_| os::backup_link(real, real.parent().unwrap_or(Path::new("/"))));
    match backup {
        Some(b) => match std::fs::rename(b, real) {
            Ok(()) => kept.map_or(FsError::Changed, |kept| FsError::Kept { kept }),
            Err(e) => FsError::Io(e),
        },
        // No backup name (hard links unsupported here): the other program's text, read
        // from the original, goes back in place through another new file.
        None => {
            let mut text = Vec::new();
            if let Err(e) = read_all_from_start(original, u64::MAX - 1, &mut text) {
                return FsError::Io(e);
            }
            let restored = original.metadata().map_err(FsError::Io).and_then(|meta| {
                let mut tmp = tempfile::Builder::new()
                    .prefix(".glossary-lsp-")
                    .suffix(".tmp")
                    .tempfile_in(real.parent().unwrap_or(Path::new("/")))?;
                tmp.write_all(&text)?;
                os::copy_owner_and_mode(tmp.as_file(), &meta)?;
                tmp.persist(real).map_err(|e| FsError::Io(e.error))?;
                Ok(())
            });
            match (restored, kept) {
                (Err(e), _) => e,
                (Ok(()), Some(kept)) => FsError::Kept { kept },
                (Ok(()), None) => FsError::Changed,
            }
        }
    }
}

/// The refusals that come before any write: read-only, not writable, hard links.
fn refuse_unsafe(real: &Path, meta: &std::fs::Metadata) -> Result<(), FsError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mode = meta.mode() & 0o7777;
        if mode & 0o222 == 0 {
            return Err(FsError::ReadOnly { mode });
        }
        if meta.nlink() > 1 {
            return Err(FsError::HardLinked {
                links: meta.nlink(),
            });
        }
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(real.as_os_str().as_bytes())
            .map_err(|e| FsError::Io(std::io::Error::other(e)))?;
        // SAFETY: `c` is a valid NUL-terminated path.
        if unsafe { libc::access(c.as_ptr(), libc::W_OK) } != 0 {
            return Err(FsError::Io(std::io::Error::last_os_error()));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = real;
        if meta.permissions().readonly() {
            return Err(FsError::ReadOnly { mode: 0o444 });
        }
    }
    Ok(())
}

/// Creates the file at `path` with `contents`, failing if anything is there already: written
/// to a temporary file in the same folder first and linked into place, so no one ever sees a
/// half-written file and nothing existing (or a planted symlink) is followed or replaced.
pub fn create_new_file(path: &Path, contents: &[u8]) -> Result<(), FsError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".glossary-lsp-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    // The permissions a newly created file would get (0666 less the umask).
    os::set_mode(tmp.as_file(), 0o666 & !os::umask())?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path)
        .map_err(|e| FsError::Io(e.error))?;
    Ok(())
}

mod os;

#[cfg(test)]
mod tests;
