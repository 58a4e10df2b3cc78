//! Transparent huge pages, turned off while content files are read.
//!
//! The parse keeps every article's text: at 100,000 articles that is
//! 530 MB, half of the build's memory. Text is written once and then read
//! in order, so huge pages save it few TLB misses; but they make its first
//! touch dearer. On the VM this project is measured on, a first write to
//! memory no process had used for a few seconds took 2.9-3.5 s per GiB in
//! 2 MiB pages against 0.4-0.7 s in 4 KiB pages. With huge pages off for
//! the parse only, the 100,000-article build took 7.3 s against 8.5 s
//! (median of 6 alternating runs; system time 2.9 s against 5.3 s), and
//! the 10,000-article build did not slow down. The stages after it keep
//! huge pages: their maps and template values are read in random order,
//! and turning huge pages off for the whole build cost as much user time
//! as it saved system time.
//!
//! The switch is a per-process flag of Linux (`PR_SET_THP_DISABLE`); a
//! flag the process already had (set by whoever started it) is left as it
//! was. Elsewhere this does nothing.

/// Runs `f` with transparent huge pages off for this process's new memory.
pub fn off_during<T>(f: impl FnOnce() -> T) -> T {
    let _restore = imp::Off::new();
    f()
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod imp {
    use rustix::thread::{disable_transparent_huge_pages, transparent_huge_pages_are_disabled};

    /// Turns the flag on if it was off, and back off when dropped (also
    /// on a panic, so a caught panic in `serve` leaves no trace).
    pub struct Off {
        turned_on: bool,
    }

    impl Off {
        pub fn new() -> Self {
            // Failing (a kernel without the flag, or a sandbox refusing
            // prctl) only costs the saving: the build is the same.
            let was_off = transparent_huge_pages_are_disabled().unwrap_or(true);
            let turned_on = !was_off && disable_transparent_huge_pages(true).is_ok();
            Off { turned_on }
        }
    }

    impl Drop for Off {
        fn drop(&mut self) {
            if self.turned_on {
                let _ = disable_transparent_huge_pages(false);
            }
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod imp {
    pub struct Off;

    impl Off {
        pub fn new() -> Self {
            Off
        }
    }
}
