//! Running an analysis off the request path, at a priority that never delays a request.
//!
//! An analysis takes a few milliseconds per megabyte, on every core for a large document; on a
//! machine with few cores it must not stand between a request (hover, completion) and its
//! answer. A nice value is not enough: Linux lets a running low-priority thread finish its
//! slice (~3 ms) before a woken request thread gets the core, which showed as a 4 ms tail on
//! hover right after a keystroke in a 10 MB document. So the analysis thread runs under
//! `SCHED_IDLE`, which any ordinary thread preempts at once (the tail went to 0.6 ms).
//!
//! `SCHED_IDLE` runs only on otherwise idle cores, so on a machine kept busy by something
//! else (a build on every core) an analysis could wait indefinitely. Hence the *patience*: if
//! the idle-priority run has not finished in [`patience`] (generous for the document's size),
//! the same work starts again on a thread at nice 10 and whichever finishes first answers. The
//! idle run, if it loses, finishes in the background and its result is dropped; while it holds
//! the document's chunk cache the other run analyses without it (see `analysis.rs`).

use std::time::Duration;

/// How long an idle-priority analysis of `bytes` may take before a nice-10 run joins it: 250 ms
/// plus 50 ms per megabyte, many times what it takes on an idle core (a keystroke's
/// incremental analysis takes a few milliseconds, a whole 10 MB document ~60 ms on two cores),
/// so the second run starts only when the machine is busy. Not shorter: the second run cannot
/// use the chunk cache the first one holds, so it re-analyses the whole document, which on a
/// saturated machine is slower than letting the idle run finish (measured with two CPU hogs
/// on two cores: keystroke median 14 ms with this patience, 108 ms with 50 ms + 10 ms/MB).
pub fn patience(bytes: usize) -> Duration {
    Duration::from_millis(250 + (bytes / 20_000) as u64)
}

/// Runs `work` at idle priority and awaits its result, running it again at nice 10 if it takes
/// longer than `patience`. A panic in `work` comes back as an error, not a crash.
pub async fn run<T: Send + 'static>(
    work: impl Fn() -> T + Send + Sync + Clone + 'static,
    patience: Duration,
) -> Result<T, String> {
    let mut idle = spawn(work.clone(), Priority::Idle)?;
    match tokio::time::timeout(patience, &mut idle).await {
        Ok(result) => flatten(result),
        Err(_) => {
            let low = spawn(work, Priority::Low)?;
            tokio::select! {
                result = &mut idle => flatten(result),
                result = low => flatten(result),
            }
        }
    }
}

type Outcome<T> = Result<T, String>;

fn flatten<T>(received: Result<Outcome<T>, tokio::sync::oneshot::error::RecvError>) -> Outcome<T> {
    received.unwrap_or_else(|_| Err("the analysis thread ended without a result".into()))
}

#[derive(Debug, Clone, Copy)]
enum Priority {
    /// `SCHED_IDLE`: runs only when no ordinary thread wants the core.
    Idle,
    /// Nice 10.
    Low,
}

fn spawn<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
    priority: Priority,
) -> Result<tokio::sync::oneshot::Receiver<Outcome<T>>, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("glossary-analysis".into())
        .spawn(move || {
            set_this_thread_priority(priority);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .map_err(|_| "the analysis panicked".to_string());
            if let Err(unwanted) = tx.send(result) {
                // The other run answered; this one's result (a whole analysis) is dropped
                // now, possibly long after the document was closed: hand the memory back.
                drop(unwanted);
                super::memory::trim();
            }
        })
        .map_err(|e| format!("cannot start an analysis thread: {e}"))?;
    Ok(rx)
}

/// Sets the calling thread's priority (threads it starts inherit it: the engine's own worker
/// threads for a large document).
#[cfg(target_os = "linux")]
fn set_this_thread_priority(priority: Priority) {
    // SAFETY: plain system calls on the calling thread (id 0 / its own tid) with a valid,
    // initialised `sched_param`; failure (e.g. a sandbox forbidding it) only leaves the
    // priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
        if let Priority::Idle = priority {
            let param = libc::sched_param { sched_priority: 0 };
            libc::sched_setscheduler(0, libc::SCHED_IDLE, &param);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn set_this_thread_priority(_: Priority) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_result_comes_back_and_a_panic_is_an_error() {
        let patience = Duration::from_secs(5);
        assert_eq!(run(|| 6 * 7, patience).await, Ok(42));
        let panicked: Result<(), String> = run(|| panic!("boom"), patience).await;
        assert!(panicked.unwrap_err().contains("panicked"));
    }

    #[tokio::test]
    async fn an_idle_run_that_takes_too_long_is_raced_by_a_second_one() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = runs.clone();
        // The first run is slow (as if starved); the second returns at once.
        let work = move || {
            if counted.fetch_add(1, Ordering::SeqCst) == 0 {
                std::thread::sleep(Duration::from_secs(3));
                "idle"
            } else {
                "low"
            }
        };
        let started = std::time::Instant::now();
        assert_eq!(run(work, Duration::from_millis(50)).await, Ok("low"));
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
