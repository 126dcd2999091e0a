//! Handing freed memory back to the system.
//!
//! Analysing a large document allocates a great deal (its text, findings, the chunk cache, the
//! serialized diagnostics); freed, most of that stays in the allocator's free lists, and glibc
//! returns the top of its heaps only, not the holes below live blocks, so after every document
//! is closed the server kept 0.5–0.8 GB resident. When no document is open any more (and when
//! an analysis finishes for a document closed meanwhile) the server asks glibc to return every
//! free page (`malloc_trim(0)`, which walks all arenas), on a blocking thread since it takes a
//! few milliseconds on a large heap; and again, less and less often, for a minute, for memory
//! freed late;
//! and whenever an analysis that lost its race (see `background`) drops its result.
//! Other allocators return memory on their own. (Measured on a document with 100,000
//! findings: 811 MB stayed resident after closing it before; 25–55 MB above the idle
//! server's now, what glibc keeps in the heaps of its threads.)

use super::backend::Backend;
use std::time::Duration;

/// When to trim after the server became idle: at once, then with growing pauses for a
/// minute, for what is freed late (an analysis raced by a second run, starved at idle
/// priority, finishes in the background; a large message is still being written out).
const TRIM_DELAYS: [Duration; 7] = [
    Duration::ZERO,
    Duration::from_secs(1),
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(16),
    Duration::from_secs(32),
];

impl Backend {
    /// Returns freed memory to the system if no document is open (now, and again a little
    /// later while none is).
    pub fn release_memory_if_idle(&self) {
        if !self.docs().is_empty() {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            for delay in TRIM_DELAYS {
                tokio::time::sleep(delay).await;
                if !this.docs().is_empty() {
                    return;
                }
                let _ = tokio::task::spawn_blocking(trim).await;
            }
        });
    }
}

/// Returns the allocator's free memory to the system (glibc; elsewhere nothing to do).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn trim() {
    // SAFETY: `malloc_trim` only releases free memory of the allocator's own arenas; it is
    // thread-safe (it takes each arena's lock) and has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Returns the allocator's free memory to the system (glibc; elsewhere nothing to do).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim() {}
