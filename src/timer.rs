//! A countdown that never drifts: time left is always computed from the instants it was given,
//! never by counting ticks.
//!
//! The timer holds a budget (planned time plus minutes added, less minutes taken) and the time
//! used so far; time left is their difference at the instant asked about. Pausing folds the
//! running stretch into the time used, so a paused timer's time left cannot change. Knows no
//! clock: every method takes `now`.

use std::time::{Duration, Instant};

const SECOND: Duration = Duration::from_secs(1);

/// A deadline-based countdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    /// Planned time plus adjustments.
    budget: Duration,
    /// Time used before the current running stretch.
    used_before: Duration,
    /// When the current running stretch began; `None` while paused.
    running_since: Option<Instant>,
}

/// What a timer reads at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Time left before zero (more than nothing).
    Left(Duration),
    /// Time past zero (zero included: at the deadline the time is up).
    Over(Duration),
}

impl Reading {
    /// Whole seconds as shown: counting down shows the second in progress (so `0:01` lasts a
    /// full second and `0:00` never shows while time remains); overtime shows completed seconds.
    pub fn shown_secs(self) -> u64 {
        match self {
            Reading::Left(d) => d.as_secs() + u64::from(d.subsec_nanos() > 0),
            Reading::Over(d) => d.as_secs(),
        }
    }
}

impl Timer {
    /// A timer of `planned`, running from `now`.
    pub fn start(planned: Duration, now: Instant) -> Self {
        Self { budget: planned, used_before: Duration::ZERO, running_since: Some(now) }
    }

    /// A timer read back from a save: `used` of `budget` gone, counting from `now` if running.
    pub fn restored(budget: Duration, used: Duration, running: bool, now: Instant) -> Self {
        Self { budget, used_before: used, running_since: running.then_some(now) }
    }

    /// Time used so far (running stretches only; pauses do not count).
    pub fn used(&self, now: Instant) -> Duration {
        self.used_before + self.running_since.map_or(Duration::ZERO, |since| now.saturating_duration_since(since))
    }

    /// The budget: planned time plus minutes added, less minutes taken.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// Time left, or time past zero.
    pub fn reading(&self, now: Instant) -> Reading {
        let used = self.used(now);
        match self.budget.checked_sub(used) {
            Some(left) if !left.is_zero() => Reading::Left(left),
            _ => Reading::Over(used.saturating_sub(self.budget)),
        }
    }

    /// Time left, zero once time is up.
    pub fn left(&self, now: Instant) -> Duration {
        self.budget.saturating_sub(self.used(now))
    }

    /// True while counting.
    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    /// Stops counting; time left stays exactly as it is.
    pub fn pause(&mut self, now: Instant) {
        if let Some(since) = self.running_since.take() {
            self.used_before += now.saturating_duration_since(since);
        }
    }

    /// Counts again from `now`.
    pub fn resume(&mut self, now: Instant) {
        if self.running_since.is_none() {
            self.running_since = Some(now);
        }
    }

    /// Adds `amount` to the time left (in overtime too: 0:42 over plus a minute is 0:18 left).
    pub fn add(&mut self, amount: Duration) {
        self.budget = self.budget.saturating_add(amount).min(crate::limits::DURATION * 2);
    }

    /// Takes up to `amount` from the time left, never past zero: time already used is not undone.
    pub fn take(&mut self, amount: Duration, now: Instant) {
        self.budget = self.budget.saturating_sub(amount).max(self.used(now).min(self.budget));
    }

    /// Counts `amount` as used although no instant saw it pass (the machine slept).
    pub fn skip(&mut self, amount: Duration) {
        self.used_before = self.used_before.saturating_add(amount);
    }

    /// Sets the time left to exactly `left` from `now`, keeping the running state.
    pub fn set_left(&mut self, left: Duration, now: Instant) {
        self.budget = self.used(now) + left;
    }

    /// The instant when time left reaches `left`, if the timer runs and has not reached it yet.
    pub fn when_left(&self, left: Duration, now: Instant) -> Option<Instant> {
        let since = self.running_since?;
        let used_at_target = self.budget.checked_sub(left)?;
        let to_go = used_at_target.checked_sub(self.used(now)).filter(|d| !d.is_zero())?;
        Some(now.max(since) + to_go)
    }

    /// The next instant the shown second changes, or `None` while paused.
    pub fn next_second(&self, now: Instant) -> Option<Instant> {
        self.running_since?;
        let nanos = |d: Duration| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX);
        let signed_left = nanos(self.budget) - nanos(self.used(now));
        let wait = signed_left.rem_euclid(nanos(SECOND));
        let wait = if wait == 0 { nanos(SECOND) } else { wait };
        Some(now + Duration::from_nanos(u64::try_from(wait).unwrap_or(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn counts_down_from_a_deadline_and_into_overtime() {
        let t0 = Instant::now();
        let timer = Timer::start(secs(60), t0);
        assert_eq!(timer.reading(t0), Reading::Left(secs(60)));
        assert_eq!(timer.reading(t0 + Duration::from_millis(59_500)).shown_secs(), 1);
        assert_eq!(timer.reading(t0 + secs(60)), Reading::Over(Duration::ZERO));
        assert_eq!(timer.reading(t0 + secs(102)), Reading::Over(secs(42)));
    }

    #[test]
    fn pause_freezes_time_left_exactly() {
        let t0 = Instant::now();
        let mut timer = Timer::start(secs(60), t0);
        timer.pause(t0 + secs(10));
        assert_eq!(timer.reading(t0 + secs(500)), Reading::Left(secs(50)));
        assert_eq!(timer.next_second(t0 + secs(500)), None);
        timer.resume(t0 + secs(500));
        assert_eq!(timer.reading(t0 + secs(520)), Reading::Left(secs(30)));
    }

    #[test]
    fn minutes_added_and_taken() {
        let t0 = Instant::now();
        let mut timer = Timer::start(secs(60), t0);
        timer.add(secs(60));
        assert_eq!(timer.reading(t0 + secs(30)), Reading::Left(secs(90)));
        // In overtime a minute brings time back.
        let mut late = Timer::start(secs(60), t0);
        late.add(secs(60));
        assert_eq!(late.reading(t0 + secs(162)), Reading::Over(secs(42)));
        late.add(secs(60));
        assert_eq!(late.reading(t0 + secs(162)), Reading::Left(secs(18)));
        // Taking a minute with 30 s left ends the time, never undoes time used.
        let mut short = Timer::start(secs(60), t0);
        short.take(secs(60), t0 + secs(30));
        assert_eq!(short.reading(t0 + secs(30)), Reading::Over(Duration::ZERO));
    }

    #[test]
    fn wakes_exactly_when_the_shown_second_changes() {
        let t0 = Instant::now();
        let timer = Timer::start(secs(60), t0);
        let now = t0 + Duration::from_millis(2_300);
        assert_eq!(timer.next_second(now), Some(t0 + secs(3)));
        assert_eq!(timer.next_second(t0 + secs(3)), Some(t0 + secs(4)));
        // In overtime too.
        assert_eq!(timer.next_second(t0 + Duration::from_millis(61_250)), Some(t0 + secs(62)));
    }

    #[test]
    fn finds_the_instant_a_given_time_is_left() {
        let t0 = Instant::now();
        let timer = Timer::start(secs(120), t0);
        assert_eq!(timer.when_left(secs(60), t0 + secs(5)), Some(t0 + secs(60)));
        assert_eq!(timer.when_left(secs(60), t0 + secs(60)), None);
    }
}
