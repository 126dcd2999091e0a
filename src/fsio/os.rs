//! The operating-system pieces of [`replace_file`](super::replace_file): `flock`, Linux file
//! leases, owner and mode, and backup links. Elsewhere than Unix (and leases elsewhere than
//! Linux) they do nothing, and the content checks before and after the swap carry the weight.

use super::FsError;
use std::fs::{File, Metadata};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long to sleep between tries while another program holds a file.
const RETRY: Duration = Duration::from_millis(2);

/// An exclusive advisory lock (`flock`) on an open file, released when dropped. It keeps two
/// `glossary-lsp` processes (a `check --fix` and the language server, say) from swapping the
/// same file at once; programs that do not lock are handled by the lease and the checks.
pub(super) struct Flock<'a> {
    #[cfg(unix)]
    file: &'a File,
    #[cfg(not(unix))]
    _file: std::marker::PhantomData<&'a File>,
}

impl<'a> Flock<'a> {
    /// Takes the lock, waiting up to `wait`; a file system without `flock` goes unlocked.
    pub(super) fn exclusive(file: &'a File, wait: Duration) -> Result<Flock<'a>, FsError> {
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            let deadline = Instant::now() + wait;
            loop {
                // SAFETY: flock on a descriptor this `File` owns.
                if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                    return Ok(Flock { file });
                }
                let e = std::io::Error::last_os_error();
                if e.raw_os_error() != Some(libc::EWOULDBLOCK) {
                    // No locking on this file system: the lease and the checks remain.
                    return Ok(Flock { file });
                }
                if Instant::now() >= deadline {
                    return Err(FsError::InUse);
                }
                std::thread::sleep(RETRY);
            }
        }
        #[cfg(not(unix))]
        {
            let _ = (file, wait);
            Ok(Flock {
                _file: std::marker::PhantomData,
            })
        }
    }
}

impl Drop for Flock<'_> {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::os::unix::io::AsRawFd;
            // SAFETY: unlocking a descriptor this `File` owns.
            unsafe { libc::flock(self.file.as_raw_fd(), libc::LOCK_UN) };
        }
    }
}

/// A Linux read lease on an open file, released when dropped.
///
/// The kernel grants it only while no process has the file open for writing, and while it is
/// held, any `open` for writing (or truncation) waits in the kernel until the lease is released
/// and marks the lease as being broken, which [`Lease::broken`] sees. Lease breaks are signalled
/// with `SIGURG` (ignored unless a program handles it) and, once set up, to no process at all,
/// so a library taking a lease never kills its host with `SIGIO`.
pub(super) struct Lease {
    #[cfg(target_os = "linux")]
    fd: std::os::unix::io::RawFd,
}

/// `F_SETSIG`, which the `libc` crate leaves out for some targets (10 on every Linux).
#[cfg(target_os = "linux")]
const F_SETSIG: libc::c_int = 10;

impl Lease {
    /// Takes a read lease on `file`, waiting up to `wait` for writers to close it.
    /// `Ok(None)`: leases are not available here (another system, a file system without them,
    /// a file the process does not own). `Err(InUse)`: a writer kept it open.
    pub(super) fn take(file: &File, wait: Duration) -> Result<Option<Lease>, FsError> {
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::io::AsRawFd;
            let fd = file.as_raw_fd();
            let deadline = Instant::now() + wait;
            // SAFETY: fcntl on a descriptor this `File` owns, with integer arguments.
            unsafe { libc::fcntl(fd, F_SETSIG, libc::SIGURG) };
            loop {
                // SAFETY: as above.
                if unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) } == 0 {
                    // SAFETY: as above; owner 0 means no signal is sent on a break.
                    unsafe { libc::fcntl(fd, libc::F_SETOWN, 0) };
                    return Ok(Some(Lease { fd }));
                }
                let e = std::io::Error::last_os_error();
                if e.raw_os_error() != Some(libc::EAGAIN) {
                    return Ok(None);
                }
                if Instant::now() >= deadline {
                    return Err(FsError::InUse);
                }
                std::thread::sleep(RETRY);
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (file, wait);
            Ok(None)
        }
    }

    /// Whether another process has opened the file for writing (or truncated it) since the
    /// lease was taken.
    pub(super) fn broken(&self) -> bool {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: fcntl on the leased descriptor, which outlives the lease.
            let now = unsafe { libc::fcntl(self.fd, libc::F_GETLEASE) };
            now != libc::F_RDLCK
        }
        #[cfg(not(target_os = "linux"))]
        false
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        // SAFETY: releasing the lease on the leased descriptor.
        unsafe {
            libc::fcntl(self.fd, libc::F_SETLEASE, libc::F_UNLCK);
        }
    }
}

/// Gives the new file `tmp` the original's owner, group and permission bits (owner first:
/// changing it clears set-id bits). Refused, not half-done, when the owner cannot be given.
pub(super) fn copy_owner_and_mode(tmp: &File, original: &Metadata) -> Result<(), FsError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{fchown, MetadataExt};
        let now = tmp.metadata()?;
        if (now.uid(), now.gid()) != (original.uid(), original.gid())
            && fchown(tmp, Some(original.uid()), Some(original.gid())).is_err()
        {
            return Err(FsError::OwnerWouldChange);
        }
        set_mode(tmp, original.mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        tmp.set_permissions(original.permissions())?;
        Ok(())
    }
}

/// Sets a file's permission bits.
pub(super) fn set_mode(file: &File, mode: u32) -> Result<(), FsError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, mode);
    Ok(())
}

/// The process's umask, read without changing it (Linux: `/proc/self/status`); `022` when it
/// cannot be read.
pub(super) fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}

/// Whether two metadata describe the same file (device and inode).
pub(super) fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (a.dev(), a.ino()) == (b.dev(), b.ino())
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    }
}

/// A second name for `file` in `dir` (a hard link), to rename back if a swap must be undone;
/// `None` where hard links are not possible.
pub(super) fn backup_link(file: &Path, dir: &Path) -> Option<PathBuf> {
    let name = file.file_name()?.to_string_lossy().into_owned();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..8u32 {
        let candidate = dir.join(format!(
            ".{name}.glossary-lsp-{}-{nanos:x}{attempt}",
            std::process::id()
        ));
        match std::fs::hard_link(file, &candidate) {
            Ok(()) => return Some(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return None,
        }
    }
    None
}
