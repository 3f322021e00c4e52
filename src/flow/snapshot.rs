//! A running session as plain data, for the journal: everything needed to come back on the same
//! screen with the same pairs and the right time left after a crash. Instants cannot be saved,
//! so times are kept as durations before the moment of the save; restoring counts from the
//! moment of the restore, adding the time the program was down to the running timer only when
//! the facilitator asks for it.
//!
//! A journal is a file anyone can edit, so every value is checked against the session it is
//! restored into before anything is built from it; one that does not fit is refused whole.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::slots::SlotTimer;
use super::{Flow, Plan, Position, Slot, TimeSpent};
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
    /// Every timer started so far.
    pub timers: Vec<(Slot, SavedTimer)>,
    /// Everyone on the roster.
    pub roster: Vec<String>,
    /// Who is here, the pairing history and how later rounds are made.
    pub pairing: Grouping,
    /// The pairs on screen.
    pub groups: Option<Round>,
    /// The trio's speaker last cued.
    pub trio_cued: usize,
    /// Milliseconds spent per step up to the save.
    pub spent_ms: Vec<u64>,
    /// Visits per step.
    pub visits: Vec<u32>,
    /// The step being visited at the save.
    pub open_step: Option<usize>,
    /// Milliseconds from the first step's start to the save.
    pub started_ms: Option<u64>,
}

/// A timer at a save. Its flags are independent facts kept as the journal writes them (a
/// journal from before one of them existed reads it as false).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)]
pub struct SavedTimer {
    /// Planned time plus adjustments, in milliseconds.
    pub budget_ms: u64,
    /// Time used, in milliseconds.
    pub used_ms: u64,
    /// Whether it was counting.
    pub running: bool,
    /// Whether it already chimed at zero.
    pub chimed: bool,
    /// Whether it already chimed at the warning (journals written before the warning's chime
    /// existed have none: it did not).
    #[serde(default)]
    pub warned: bool,
    /// Whether it runs again when its screen is shown again.
    pub resume: bool,
}

/// Why a snapshot does not fit the session it is restored into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the saved state does not fit this session ({0})")]
pub struct Mismatch(&'static str);

impl Mismatch {
    /// A mismatch in `what`.
    pub fn new(what: &'static str) -> Self {
        Self(what)
    }
}

/// The most time any saved figure may hold: a week. A session lasts at most a day and a timer
/// can be extended a little beyond; anything larger was not written by holdspace.
const MOST: Duration = Duration::from_hours(7 * 24);

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

impl Flow {
    /// The state at `now`, for the journal.
    pub fn snapshot(&self, now: Instant) -> Snapshot {
        let steps = self.session.steps.len();
        let mut spent = self.spent.clone();
        let open_step = spent.current_step();
        spent.leave(now);
        let timers = self
            .timers
            .iter()
            .map(|(slot, t)| {
                let saved = SavedTimer {
                    budget_ms: ms(t.timer.budget()),
                    used_ms: ms(t.timer.used(now)),
                    running: t.timer.is_running(),
                    chimed: t.chimed,
                    warned: t.warned,
                    resume: t.resume,
                };
                (*slot, saved)
            })
            .collect();
        Snapshot {
            cursor: self.cursor,
            position: self.position(),
            timers,
            roster: self.roster.clone(),
            pairing: self.pairing.clone(),
            groups: self.groups.clone(),
            trio_cued: self.trio_cued,
            spent_ms: (0..steps).map(|s| ms(spent.spent(s, now))).collect(),
            visits: (0..steps).map(|s| spent.visits(s)).collect(),
            open_step,
            started_ms: self.started_at.map(|s| ms(now.saturating_duration_since(s))),
        }
    }

    /// The session `session` in the state `snap`, at `now`. `away` is the time the program was
    /// down that the running timer counts as used (zero to take up with the time left then);
    /// `down` is how long it was really down, which the record of time spent always counts.
    pub fn restore(
        session: Session,
        snap: Snapshot,
        now: Instant,
        away: Duration,
        down: Duration,
    ) -> Result<Self, Mismatch> {
        let plan = Plan::new(&session);
        check(&snap, &plan, &session)?;
        let mut timers = BTreeMap::new();
        let current = snap.position.slot();
        for (slot, t) in snap.timers {
            let extra = if t.running && Some(slot) == current { away } else { Duration::ZERO };
            let used = Duration::from_millis(t.used_ms) + extra;
            let timer = Timer::restored(Duration::from_millis(t.budget_ms), used, t.running, now);
            timers.insert(slot, SlotTimer { timer, chimed: t.chimed, warned: t.warned, resume: t.resume });
        }
        let steps = session.steps.len();
        let mut spent = TimeSpent::new(steps);
        for (step, (&ms, &visits)) in snap.spent_ms.iter().zip(&snap.visits).enumerate() {
            let gap = if snap.open_step == Some(step) { down } else { Duration::ZERO };
            spent.restore_step(step, Duration::from_millis(ms) + gap, visits);
        }
        if let Some(step) = snap.open_step {
            spent.reopen(step, now);
        }
        let started_at = snap.started_ms.map(|s| now.checked_sub(Duration::from_millis(s) + down).unwrap_or(now));
        Ok(Self {
            session,
            plan,
            cursor: snap.cursor,
            timers,
            spent,
            roster: snap.roster,
            pairing: snap.pairing,
            groups: snap.groups,
            started_at,
            trio_cued: snap.trio_cued,
            revision: 0,
        })
    }
}

/// Every value of `snap` against the session: the screen, each timer's slot and times, the
/// record's length and times, the roster and its pairs.
fn check(snap: &Snapshot, plan: &Plan, session: &Session) -> Result<(), Mismatch> {
    let steps = session.steps.len();
    if plan.positions().get(snap.cursor) != Some(&snap.position) {
        return Err(Mismatch("its screen is not in the session"));
    }
    let slots: Vec<Slot> = plan.positions().iter().filter_map(|p| p.slot()).collect();
    let mut seen = Vec::new();
    for (slot, t) in &snap.timers {
        if !slots.contains(slot) || seen.contains(slot) {
            return Err(Mismatch("a timer of a screen the session does not have"));
        }
        seen.push(*slot);
        if [t.budget_ms, t.used_ms].iter().any(|&v| Duration::from_millis(v) > MOST) {
            return Err(Mismatch("a timer with more time than a session can have"));
        }
    }
    if snap.spent_ms.len() != steps || snap.visits.len() != steps || snap.open_step.is_some_and(|s| s >= steps) {
        return Err(Mismatch("its record has another number of steps"));
    }
    let too_long = |ms: &u64| Duration::from_millis(*ms) > MOST;
    if snap.spent_ms.iter().any(too_long) || snap.started_ms.as_ref().is_some_and(too_long) {
        return Err(Mismatch("a time longer than a session can be"));
    }
    let people = snap.roster.len();
    if people > *crate::limits::ROOM.end()
        || snap.roster.iter().any(|n| n.trim().is_empty() || n.chars().count() > crate::limits::NAME)
    {
        return Err(Mismatch("its roster has names no roster can hold"));
    }
    if snap.trio_cued > 2 || snap.pairing.check(people).is_err() {
        return Err(Mismatch("its pairs name people not on its roster"));
    }
    if let Some(groups) = &snap.groups {
        let mut members: Vec<usize> = groups.iter().flat_map(|g| g.0.iter().copied()).collect();
        let count = members.len();
        members.sort_unstable();
        members.dedup();
        if members.len() != count || members.iter().any(|&p| p >= people) || groups.iter().any(|g| g.0.len() < 2) {
            return Err(Mismatch("its pairs name people not on its roster"));
        }
    }
    Ok(())
}
