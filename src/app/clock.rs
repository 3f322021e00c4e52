//! The system's clocks: the only place the program reads the time.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::Clock;

/// The system's clocks, running `speed` times faster for `rehearse --speed` (both of them, so
/// that a fast rehearsal never looks like a laptop waking from sleep).
#[derive(Debug)]
pub struct SystemClock {
    speed: u32,
    mono: Instant,
    wall: DateTime<Utc>,
}

impl SystemClock {
    /// Real time, or `speed` times faster.
    pub fn new(speed: u32) -> Self {
        Self { speed: speed.max(1), mono: Instant::now(), wall: Utc::now() }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        self.mono + self.mono.elapsed() * self.speed
    }

    fn wall(&self) -> DateTime<Utc> {
        let passed = (Utc::now() - self.wall) * i32::try_from(self.speed).unwrap_or(1);
        self.wall + passed
    }

    fn real(&self, span: Duration) -> Duration {
        span / self.speed
    }
}
