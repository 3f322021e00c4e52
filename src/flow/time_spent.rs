//! Where the time really went, step by step: monotonic time spent on each step and how often it
//! was shown, kept by the state machine as it moves (the schedule and the end screen read it).

use std::time::{Duration, Instant};

/// Actual time per step, kept as the session moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSpent {
    spent: Vec<Duration>,
    visits: Vec<u32>,
    current: Option<(usize, Instant)>,
}

impl TimeSpent {
    /// Nothing spent yet on `steps` steps.
    pub fn new(steps: usize) -> Self {
        Self { spent: vec![Duration::ZERO; steps], visits: vec![0; steps], current: None }
    }

    /// Fits to a session that now has `steps` steps (after a reload).
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

    /// The step being visited, if any.
    pub fn current_step(&self) -> Option<usize> {
        self.current.map(|(step, _)| step)
    }

    /// Adds time the clock did not see (the machine slept) to the step being visited.
    pub fn add(&mut self, amount: Duration) {
        if let Some((step, _)) = self.current
            && let Some(spent) = self.spent.get_mut(step)
        {
            *spent += amount;
        }
    }

    /// Takes back time from the step being visited that was not really spent on it (the program
    /// was stopped).
    pub fn take(&mut self, amount: Duration) {
        if let Some((step, since)) = self.current {
            // The visit's open stretch is measured from `since`: moving it later takes the time off.
            self.current = Some((step, since.checked_add(amount).unwrap_or(since)));
        }
    }

    /// Sets a step's time and visits from a save.
    pub fn restore_step(&mut self, step: usize, spent: Duration, visits: u32) {
        if let (Some(s), Some(v)) = (self.spent.get_mut(step), self.visits.get_mut(step)) {
            (*s, *v) = (spent, visits);
        }
    }

    /// Takes up a visit to `step` again from `now` without counting it as a new visit.
    pub fn reopen(&mut self, step: usize, now: Instant) {
        if step < self.spent.len() {
            self.current = Some((step, now));
        }
    }

    /// How many times `step` was shown.
    pub fn visits(&self, step: usize) -> u32 {
        self.visits.get(step).copied().unwrap_or_default()
    }
}
