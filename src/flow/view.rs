//! Read-only questions a screen asks of a running session at an instant: what to show, how the
//! timer looks, when the next visible change is due, how far ahead or behind the plan it runs.

use std::time::{Duration, Instant};

use super::{Flow, Half, Part, Position, Record, TimerState, TimerView};
use crate::pairing::Round;
use crate::session::{Body, Session, Step};
use crate::timer::Reading;

impl Flow {
    /// The session being run.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The screen the session is on.
    pub fn position(&self) -> Position {
        self.positions[self.cursor]
    }

    /// The index of the current step, if on one.
    pub fn step_index(&self) -> Option<usize> {
        match self.position() {
            Position::Step { step, .. } => Some(step),
            Position::Welcome | Position::End => None,
        }
    }

    /// The current step, if on one.
    pub fn current_step(&self) -> Option<&Step> {
        self.step_index().and_then(|i| self.session.steps.get(i))
    }

    /// The screen "next" leads to, if any.
    pub fn upcoming(&self) -> Option<Position> {
        self.positions.get(self.cursor + 1).copied()
    }

    /// The current timer's budget and time used at `now`, and whether it runs.
    pub fn timer_state(&self, now: Instant) -> Option<(Duration, Duration, bool)> {
        self.timer.as_ref().map(|t| (t.budget(), t.used(now), t.is_running()))
    }

    /// Counts the changes so far: the journal is saved when it moves.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The record of actual time per step.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// When the first step was first shown.
    pub fn started_at(&self) -> Option<Instant> {
        self.started_at
    }

    /// Names of the people in the room (may be empty).
    pub fn roster(&self) -> &[String] {
        &self.roster
    }

    /// Whether roster member `person` is in the room.
    pub fn is_present(&self, person: usize) -> bool {
        self.pairing.present().contains(&person)
    }

    /// The pairing of the session: who is here and every round handed out so far.
    pub fn pairing(&self) -> &crate::pairing::Grouping {
        &self.pairing
    }

    /// The groups of the round on screen, when a roster is known and the step is a pair-share.
    pub fn groups(&self) -> Option<&Round> {
        self.groups.as_ref()
    }

    /// The current timer as it should look at `now`. For a pair-share round this is the current
    /// speaker's time, not the whole round's.
    pub fn timer_view(&self, now: Instant) -> Option<TimerView> {
        let timer = self.timer.as_ref()?;
        let step = self.current_step()?;
        let (reading, planned) = match (self.position(), &step.body) {
            (Position::Step { part: Part::Round { half: Half::First, .. }, .. }, Body::PairShare(p)) => {
                (Reading::Left(timer.left(now).saturating_sub(p.turn)), p.turn)
            }
            (_, Body::PairShare(p)) => (timer.reading(now), p.turn),
            _ => (timer.reading(now), step.planned()),
        };
        let state = match reading {
            _ if !timer.is_running() => TimerState::Paused,
            Reading::Over(_) => TimerState::Over(self.session.timer.overtime),
            Reading::Left(left) if left <= self.session.timer.warning.threshold(planned) => TimerState::Warning,
            Reading::Left(_) => TimerState::Running,
        };
        Some(TimerView { secs: reading.shown_secs(), state })
    }

    /// Which member of a trio speaks at `now` (0, 1 or 2): the round is shared in thirds, in
    /// whole seconds so that changes fall on the timer's own ticks.
    pub fn trio_speaker(&self, now: Instant) -> Option<usize> {
        let timer = self.timer.as_ref()?;
        let turn = match &self.current_step()?.body {
            Body::PairShare(p) => p.turn,
            _ => return None,
        };
        let third = Duration::from_secs(turn.as_secs() * 2 / 3);
        let left = timer.left(now);
        Some(if left > (turn * 2).saturating_sub(third) {
            0
        } else if left > (turn * 2).saturating_sub(third * 2) {
            1
        } else {
            2
        })
    }

    /// When something visible changes next with nobody touching a key: the next second of a
    /// running timer. `None` while paused and on screens without a timer.
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        self.timer.as_ref()?.next_second(now)
    }

    /// When something is next due that must happen even on a blank screen: the swap or the
    /// chime at zero.
    pub fn next_event(&self, now: Instant) -> Option<Instant> {
        let timer = self.timer.as_ref()?;
        match self.position() {
            Position::Step { part: Part::Round { half: Half::First, .. }, .. } => timer.when_left(self.turn()?, now),
            _ if self.chimed_zero => None,
            _ => timer.when_left(Duration::ZERO, now),
        }
    }

    /// Planned start of `step`, as an offset from the start of the session.
    pub fn planned_offset(&self, step: usize) -> Duration {
        self.session.steps.iter().take(step).map(Step::planned).sum()
    }

    /// Seconds the session runs behind its plan (negative: ahead), projecting the current step
    /// to end when its time is up. `None` before the first step.
    pub fn drift_secs(&self, now: Instant) -> Option<i64> {
        let started = self.started_at?;
        let planned_end = match self.position() {
            Position::Step { step, .. } => self.planned_offset(step + 1),
            Position::End => self.session.total(),
            Position::Welcome => return None,
        };
        let projected_end = now.saturating_duration_since(started) + self.step_left(now);
        let secs = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        Some(secs(projected_end) - secs(planned_end))
    }

    /// Planned time still ahead in the current step: the timer's time left plus later rounds.
    fn step_left(&self, now: Instant) -> Duration {
        let left = self.timer.as_ref().map_or(Duration::ZERO, |t| t.left(now));
        match (self.position(), self.current_step().map(|s| &s.body)) {
            (Position::Step { part: Part::Round { round, .. }, .. }, Some(Body::PairShare(p))) => {
                left + p.round() * p.rounds.saturating_sub(round + 1)
            }
            _ => left,
        }
    }
}
