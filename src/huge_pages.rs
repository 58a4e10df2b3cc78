//! Transparent huge pages, turned off while the content is loaded.
//!
//! From reading the files to making the pages, the build's new memory is
//! mostly written once and then read in order: the articles' text (530 MB
//! at 100,000 articles), the related stage's term counts, the HTML and the
//! pages. Huge pages save such memory few TLB misses, but they make its
//! first touch dearer. On the VM this project is measured on, a first
//! write to memory no process had used for a few seconds took 2.9-3.5 s
//! per GiB in 2 MiB pages against 0.4-0.7 s in 4 KiB pages.
//!
//! - With huge pages off for the parse, the 100,000-article build took
//!   7.3 s against 8.5 s (median of 6 alternating runs; system time 2.9 s
//!   against 5.3 s).
//! - Off for the rest of the load too (related articles, Markdown, pages),
//!   at 100,000 articles the related stage took 874 ms of wall time against
//!   1,106 and the pages stage 75 against 165 (their system CPU time, on two
//!   threads: 55 ms against 425, and 25 against 205; medians of 4
//!   alternating runs), and user CPU time did not change. The
//!   10,000-article build did not slow down.
//! - Rendering keeps huge pages: its template values are read in random
//!   order, and huge pages off for every stage cost as much user time as
//!   they saved system time.
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
