//! A running session as plain data, for the journal: everything needed to come back on the same
//! screen with the same pairs and the right time left after a crash. Instants cannot be saved,
//! so times are kept as durations before the moment of the save; restoring adds the time the
//! program was down, as measured by the wall clock.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{Flow, Position, Record, position};
use crate::pairing::{Grouping, Round};
use crate::session::Session;
use crate::timer::Timer;

/// A session's state at a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Index of the screen in the session's order.
    pub cursor: usize,
    /// The screen itself, to check against the session it is restored into.
    pub position: Position,
    /// The current timer, if the screen has one.
    pub timer: Option<TimerState>,
    /// Whether that timer already chimed at zero.
    pub chimed_zero: bool,
    /// Everyone on the roster.
    pub roster: Vec<String>,
    /// Who is here, the pairing history and how later rounds are made.
    pub pairing: Grouping,
    /// The pairs on screen.
    pub groups: Option<Round>,
    /// Milliseconds spent per step up to the save.
    pub spent_ms: Vec<u64>,
    /// Visits per step.
    pub visits: Vec<u32>,
    /// The step being visited at the save.
    pub open_step: Option<usize>,
    /// Milliseconds from the first step's start to the save.
    pub started_ms: Option<u64>,
}

/// A timer at a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerState {
    /// Planned time plus adjustments, in milliseconds.
    pub budget_ms: u64,
    /// Time used, in milliseconds.
    pub used_ms: u64,
    /// Whether it was counting.
    pub running: bool,
}

/// Why a snapshot does not fit the session it is restored into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the saved state does not fit this session ({0})")]
pub struct Mismatch(&'static str);

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Flow {
    /// The state at `now`, for the journal.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        let steps = self.session.steps.len();
        let mut record = self.record.clone();
        let open_step = record.current_step();
        record.leave(now);
        Snapshot {
            cursor: self.cursor,
            position: self.position(),
            timer: self.timer.as_ref().map(|t| TimerState {
                budget_ms: ms(t.budget()),
                used_ms: ms(t.used(now)),
                running: t.is_running(),
            }),
            chimed_zero: self.chimed_zero,
            roster: self.roster.clone(),
            pairing: self.pairing.clone(),
            groups: self.groups.clone(),
            spent_ms: (0..steps).map(|s| ms(record.spent(s, now))).collect(),
            visits: (0..steps).map(|s| record.visits(s)).collect(),
            open_step,
            started_ms: self.started_at.map(|s| ms(now.saturating_duration_since(s))),
        }
    }

    /// The session `session` in the state `snap`, at `now`, after `away` passed while the
    /// program was down: a running timer has that much less time left.
    pub fn restore(session: Session, snap: Snapshot, now: Instant, away: Duration) -> Result<Self, Mismatch> {
        let positions = position::all(&session);
        let steps = session.steps.len();
        if positions.get(snap.cursor) != Some(&snap.position) {
            return Err(Mismatch("its screen is not in the session"));
        }
        if snap.spent_ms.len() != steps || snap.visits.len() != steps || snap.open_step.is_some_and(|s| s >= steps) {
            return Err(Mismatch("its record has another number of steps"));
        }
        let grouped = snap.groups.iter().flatten().flat_map(|g| &g.0);
        if snap.pairing.check(snap.roster.len()).is_err() || grouped.clone().any(|&p| p >= snap.roster.len()) {
            return Err(Mismatch("its pairs name people not on its roster"));
        }
        let timer = snap.timer.map(|t| {
            let used = Duration::from_millis(t.used_ms) + if t.running { away } else { Duration::ZERO };
            Timer::restored(Duration::from_millis(t.budget_ms), used, t.running, now)
        });
        let mut record = Record::new(steps);
        for (step, (&spent, &visits)) in snap.spent_ms.iter().zip(&snap.visits).enumerate() {
            let down = if snap.open_step == Some(step) { away } else { Duration::ZERO };
            record.restore_step(step, Duration::from_millis(spent) + down, visits);
        }
        if let Some(step) = snap.open_step {
            record.reopen(step, now);
        }
        let started_at = snap.started_ms.map(|s| now.checked_sub(Duration::from_millis(s) + away).unwrap_or(now));
        Ok(Self {
            session,
            positions,
            cursor: snap.cursor,
            timer,
            chimed_zero: snap.chimed_zero,
            record,
            roster: snap.roster,
            pairing: snap.pairing,
            groups: snap.groups,
            started_at,
            revision: 0,
        })
    }
}
