//! Per-stage timings, printed by `--verbose`.

use std::time::{Duration, Instant};

/// How long each stage took, in the order they ran.
#[derive(Debug, Default)]
pub struct Timings(pub Vec<(&'static str, Duration)>);

impl Timings {
    /// Runs `f` and records its duration under `stage`.
    pub(crate) fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.0.push((stage, start.elapsed()));
        value
    }

    /// The time of every stage together.
    pub fn total(&self) -> Duration {
        self.0.iter().map(|(_, d)| *d).sum()
    }
}
