//! The record of where the time really went: monotonic time spent on each step.

use std::time::{Duration, Instant};

/// Actual time per step, kept as the session moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    spent: Vec<Duration>,
    visits: Vec<u32>,
    current: Option<(usize, Instant)>,
}

impl Record {
    /// An empty record for `steps` steps.
    pub fn new(steps: usize) -> Self {
        Self { spent: vec![Duration::ZERO; steps], visits: vec![0; steps], current: None }
    }

    /// Fits the record to a session that now has `steps` steps (after a reload).
    pub fn resize(&mut self, steps: usize) {
        self.spent.resize(steps, Duration::ZERO);
        self.visits.resize(steps, 0);
        if self.current.is_some_and(|(s, _)| s >= steps) {
            self.current = None;
        }
    }

    /// The facilitator arrives on `step` at `now` (closing any step in progress).
    pub fn enter(&mut self, step: usize, now: Instant) {
        self.leave(now);
        if let Some(visits) = self.visits.get_mut(step) {
            *visits += 1;
            self.current = Some((step, now));
        }
    }

    /// The facilitator leaves the current step (to the welcome or end screen).
    pub fn leave(&mut self, now: Instant) {
        if let Some((step, since)) = self.current.take()
            && let Some(spent) = self.spent.get_mut(step)
        {
            *spent += now.saturating_duration_since(since);
        }
    }

    /// Time spent on `step` up to `now`, including a visit in progress.
    pub fn spent(&self, step: usize, now: Instant) -> Duration {
        let open = match self.current {
            Some((s, since)) if s == step => now.saturating_duration_since(since),
            _ => Duration::ZERO,
        };
        self.spent.get(step).copied().unwrap_or_default() + open
    }

    /// Time spent on all steps up to `now`.
    pub fn total(&self, now: Instant) -> Duration {
        (0..self.spent.len()).map(|s| self.spent(s, now)).sum()
    }

    /// How many times `step` was shown.
    pub fn visits(&self, step: usize) -> u32 {
        self.visits.get(step).copied().unwrap_or_default()
    }
}
