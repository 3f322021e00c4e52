//! Clock times for a schedule: which wall-clock time a monotonic instant stands for, and when
//! each step is planned to start. Anchored once at start-up; pure afterwards (no clock reads).

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

use super::{Plan, Position};

/// Maps monotonic instants to local wall-clock times, and knows the planned start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    /// A monotonic instant...
    pub mono: Instant,
    /// ...and the local wall-clock time at that instant.
    pub wall: NaiveDateTime,
    /// `--start HH:MM`: the planned start, when given.
    pub start: Option<NaiveTime>,
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::zero())
}

impl Timeline {
    /// The wall-clock time at `at`.
    pub fn at(&self, at: Instant) -> NaiveDateTime {
        if at >= self.mono { self.wall + delta(at - self.mono) } else { self.wall - delta(self.mono - at) }
    }

    /// When the first step is planned to start: `--start`, else when it did start (`started`),
    /// else now.
    pub fn anchor(&self, started: Option<Instant>, now: Instant) -> NaiveDateTime {
        match self.start {
            Some(start) => self.wall.date().and_time(start),
            None => self.at(started.unwrap_or(now)),
        }
    }

    /// When `step` is planned to start (the planned end for the step after the last).
    pub fn planned_at(&self, plan: &Plan, step: usize, started: Option<Instant>, now: Instant) -> NaiveDateTime {
        self.anchor(started, now) + delta(plan.offset(step))
    }

    /// When `position` (a step, or a changeover, turn or phase of a round) is planned to start.
    pub fn planned_start(
        &self,
        plan: &Plan,
        position: Position,
        started: Option<Instant>,
        now: Instant,
    ) -> NaiveDateTime {
        self.anchor(started, now) + delta(plan.start(position))
    }

    /// Seconds the first step started after `--start` (negative: before); zero without one.
    pub fn late_start_secs(&self, started: Option<Instant>) -> i64 {
        match (self.start, started) {
            (Some(_), Some(at)) => (self.at(at) - self.anchor(Some(at), at)).num_seconds(),
            _ => 0,
        }
    }
}
