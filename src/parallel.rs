//! Running independent parts of one job on the machine's cores.
//!
//! The engine analyses the chunks of a large document, and the matcher searches the parts of a
//! long folded text, the same way: the parts are fixed up front, the first runs on the calling
//! thread and each other on a scoped thread of its own, and the results come back in order.

/// Threads worth using on `bytes` of input: every core from `min` bytes, else one.
pub(crate) fn threads_for(bytes: usize, min: usize) -> usize {
    if bytes >= min {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    }
}

/// `work` applied to each of `parts`, the first on the calling thread and the others on
/// threads of their own; the results in the order of `parts`.
pub(crate) fn map<P: Sync, T: Send>(parts: &[P], work: impl Fn(&P) -> T + Sync) -> Vec<T> {
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = rest
            .iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        let mut out = Vec::with_capacity(parts.len());
        out.push(work(first));
        out.extend(
            handles
                .into_iter()
                .map(|h| h.join().expect("worker threads do not panic")),
        );
        out
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_order() {
        let parts: Vec<usize> = (0..5).collect();
        assert_eq!(super::map(&parts, |p| p * 10), [0, 10, 20, 30, 40]);
        assert!(super::map(&[] as &[usize], |p| *p).is_empty());
        assert_eq!(super::threads_for(10, 100), 1);
        assert!(super::threads_for(100, 100) >= 1);
    }
}
