//! Read-only questions a screen asks of a running session at an instant: what to show, how the
//! timer looks, who speaks, whether a change of speaker is being cued, when the next visible
//! change is due, how far ahead or behind the plan it runs.

use std::time::{Duration, Instant};

use super::slots::rest_of_step;
use super::{Flow, Half, Plan, Position, Slot, TimeSpent};
use crate::pairing::Round;
use crate::session::{Overtime, Session, Step};
use crate::timer::Reading;

/// How long the room view cues a change of speaker with a banner.
pub const CUE: Duration = Duration::from_secs(5);

/// How a timer should look right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerView {
    /// Seconds to show (left, or past zero).
    pub secs: u64,
    /// The style it is shown in.
    pub status: TimerStatus,
}

/// The styles a timer can be in; each must stay distinct without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerStatus {
    /// Counting down with plenty left.
    Running,
    /// Counting down, little left.
    Warning,
    /// Past zero, counting up (or only saying time is up, with `overtime = "hide"`).
    Over(Overtime),
    /// Stopped by the facilitator.
    Paused,
}

/// A change of speaker the room view is cueing right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A speaker's turn has just begun (the first speaker after the changeover, or the swap).
    Turn(Half),
    /// The trio's next speaker has just begun.
    Trio(usize),
    /// This phase of a group round has just begun.
    Phase(usize),
}

impl Flow {
    /// The session being run.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The plan of the session being run.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The screen the session is on.
    pub fn position(&self) -> Position {
        self.plan.positions()[self.cursor]
    }

    /// The index of the current step, if on one.
    pub fn step_index(&self) -> Option<usize> {
        self.position().step()
    }

    /// The current step, if on one.
    pub fn current_step(&self) -> Option<&Step> {
        self.step_index().and_then(|i| self.session.steps.get(i))
    }

    /// The screen "next" leads to, if any.
    pub fn upcoming(&self) -> Option<Position> {
        self.plan.positions().get(self.cursor + 1).copied()
    }

    /// Counts the changes so far: the journal is saved when it moves.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The actual time per step so far.
    pub fn spent(&self) -> &TimeSpent {
        &self.spent
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

    /// The groups of the round on screen, when a roster is known and the step has rounds.
    pub fn groups(&self) -> Option<&Round> {
        self.groups.as_ref()
    }

    /// The time left on `slot`'s timer at `now` (its planned time if it never ran), and whether
    /// it runs: what a screen takes up when the facilitator comes back to it.
    pub fn left(&self, slot: Slot, now: Instant) -> (Duration, bool) {
        match self.timers.get(&slot) {
            Some(t) => (t.timer.left(now), t.timer.is_running()),
            None => (self.planned(slot), false),
        }
    }

    /// The timer of the screen on show as it should look at `now`.
    pub fn timer_view(&self, now: Instant) -> Option<TimerView> {
        let slot = self.position().slot()?;
        let timer = &self.timers.get(&slot)?.timer;
        let reading = timer.reading(now);
        let status = match reading {
            _ if !timer.is_running() => TimerStatus::Paused,
            Reading::Over(_) => TimerStatus::Over(self.session.timer.overtime),
            Reading::Left(left) if left <= self.session.timer.warning.threshold(self.planned(slot)) => {
                TimerStatus::Warning
            }
            Reading::Left(_) => TimerStatus::Running,
        };
        Some(TimerView { secs: reading.shown_secs(), status })
    }

    /// Which member of a trio speaks at `now` (0, 1 or 2): the round's two turns are shared in
    /// thirds, in whole seconds so that changes fall on the timer's own ticks. `None` off a turn.
    pub fn trio_speaker(&self, now: Instant) -> Option<usize> {
        let third = self.trio_third(self.step_index()?)?;
        let into = self.round_elapsed(now)?;
        Some(usize::try_from(into.as_secs() / third.as_secs()).unwrap_or(2).min(2))
    }

    /// The change of speaker or phase being cued at `now`: during the first seconds of a turn,
    /// of a trio's next speaker, or of a phase.
    pub fn cue(&self, now: Instant) -> Option<Cue> {
        let slot = self.position().slot()?;
        let used = self.timers.get(&slot)?.timer.used(now);
        let (step, half) = match slot {
            Slot::Phase { phase, .. } => return (used < CUE).then_some(Cue::Phase(phase)),
            Slot::Turn { step, half, .. } => (step, half),
            Slot::Step(_) | Slot::Changeover { .. } => return None,
        };
        if used < CUE {
            return Some(Cue::Turn(half));
        }
        let third = self.trio_third(step).filter(|_| self.has_trio())?;
        let into = self.round_elapsed(now)?;
        let speaker = self.trio_speaker(now)?;
        let since = into.checked_sub(third * u32::try_from(speaker).ok()?)?;
        (speaker > 0 && since < CUE).then_some(Cue::Trio(speaker))
    }

    /// When something visible changes next with nobody touching a key: the next second of a
    /// running timer. `None` while paused and on screens without a timer.
    pub fn next_change(&self, now: Instant) -> Option<Instant> {
        let slot = self.position().slot()?;
        self.timers.get(&slot)?.timer.next_second(now)
    }

    /// When something is next due that must happen even on a blank screen: the changeover's end,
    /// the swap, the chime at zero, a trio's next speaker.
    pub fn next_event(&self, now: Instant) -> Option<Instant> {
        self.due(now)
    }

    /// Seconds the session runs behind its plan (negative: ahead), projecting the current step
    /// to end when its time is up. `None` before the first step.
    pub fn drift_secs(&self, now: Instant) -> Option<i64> {
        let started = self.started_at?;
        let planned_end = match self.position() {
            Position::Step { step, .. } => self.plan.offset(step + 1),
            Position::End => self.plan.total(),
            Position::Welcome => return None,
        };
        let projected_end = now.saturating_duration_since(started) + self.step_left(now);
        let secs = |d: Duration| i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        Some(secs(projected_end) - secs(planned_end))
    }

    /// Planned time still ahead in the current step: what is left on its timers from here on,
    /// and the planned time of those not started.
    fn step_left(&self, now: Instant) -> Duration {
        let mut slots: Vec<Slot> = rest_of_step(self.plan.positions(), self.cursor).filter_map(|p| p.slot()).collect();
        slots.dedup();
        slots.into_iter().map(|slot| self.left(slot, now).0).sum()
    }
}
