//! The session as a pure state machine: `apply(action, now)` moves it and returns what follows
//! (the chimes the room must hear, and what happened, for the record). No clock reads, no
//! terminal, no I/O: every behaviour can be driven by a test with a fake clock.
//!
//! Every step has its own timer, shared by all its questions; a pair-share round has one for its
//! changeover and one for each speaker's turn (see [`Slot`]). A timer starts the first time its
//! screen is shown; moving away freezes it with its time left and whether it ran, and coming
//! back takes up exactly there, so a clicker's double tap costs nothing. Only a restart (`r`)
//! starts a timer again. The changeover gives way to the first speaker by itself when its
//! countdown ends, and the first speaker to the second when their turn is up, each with a chime.

mod action;
mod query;
mod slots;
mod snapshot;
mod time_spent;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use action::{Action, Effect, Strike, What};
pub use query::{Cue, TimerStatus, TimerView};
pub use snapshot::{Mismatch, SavedTimer, Snapshot};
pub use time_spent::TimeSpent;

use crate::pairing::{Grouping, Round};
pub use crate::plan::{Half, Part, Plan, Position, Slot};
use crate::session::Session;
use slots::SlotTimer;

const MINUTE: Duration = Duration::from_mins(1);

/// Why a late arrival was not added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Nothing but spaces or invisible characters.
    #[error("a name needs at least one letter")]
    Empty,
    /// Longer than a name may be.
    #[error("a name has at most {} characters", crate::limits::NAME)]
    TooLong,
    /// Someone of that name is on the roster.
    #[error("{0} is already on the roster")]
    Known(String),
    /// The roster holds as many people as a room may.
    #[error("the roster is full: a room holds at most {} people", crate::limits::ROOM.end())]
    Full,
}

/// A running session.
#[derive(Debug, Clone)]
pub struct Flow {
    session: Session,
    plan: Plan,
    /// Index of the screen on show in the plan's positions.
    cursor: usize,
    /// Every timer started so far.
    timers: BTreeMap<Slot, SlotTimer>,
    spent: TimeSpent,
    /// Everyone ever on the roster; indices never change, so pairs stay readable.
    roster: Vec<String>,
    pairing: Grouping,
    /// The groups of the round on screen; kept when the roster changes mid-round.
    groups: Option<Round>,
    /// When the first step was first shown: the anchor of the schedule.
    started_at: Option<Instant>,
    /// The trio's speaker last cued in the round on screen, so each change is cued once.
    trio_cued: usize,
    /// Counts changes, so the shell saves the journal on every change and never on ticks.
    revision: u64,
}

impl Flow {
    /// A session on its welcome screen. `roster` may be empty; `seed` shuffles the pairs.
    pub fn new(session: Session, roster: Vec<String>, seed: u64) -> Self {
        let plan = Plan::new(&session);
        let spent = TimeSpent::new(session.steps.len());
        let pairing = Grouping::new(roster.len(), seed);
        Self {
            session,
            plan,
            cursor: 0,
            timers: BTreeMap::new(),
            spent,
            roster,
            pairing,
            groups: None,
            started_at: None,
            trio_cued: 0,
            revision: 0,
        }
    }

    /// Carries out `action` at `now` and returns what follows from it: the chimes to ring and
    /// what happened, for the record of where the time went.
    pub fn apply(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        let mut effects = self.settle(now);
        match action {
            Action::Next if self.cursor + 1 < self.plan.positions().len() => {
                // Moving on inside a round (the changeover ended early, the first speaker's turn
                // or a phase cut short) is a change the room must hear; so is every phase's start.
                let to = self.plan.positions()[self.cursor + 1];
                let cue = slots::inside_round(self.position(), to) || matches!(to.slot(), Some(Slot::Phase { .. }));
                effects.extend(self.go(self.cursor + 1, now));
                if cue {
                    effects.extend(self.chime(Strike::Change));
                }
            }
            Action::Previous if self.cursor > 0 => effects.extend(self.go(self.cursor - 1, now)),
            Action::Tick | Action::Next | Action::Previous => {}
            Action::JumpTo(step) => {
                if let Some(i) = self.plan.positions().iter().position(|p| p.step() == Some(step)) {
                    effects.extend(self.go(i, now));
                }
            }
            Action::TogglePause => effects.extend(self.current_timer().map(|t| t.toggle(now))),
            Action::AddMinute => effects.extend(self.current_timer().map(|t| t.add(MINUTE, now))),
            Action::TakeMinute => effects.extend(self.current_timer().and_then(|t| t.take(MINUTE, now))),
            Action::Elapse(away) => {
                if let Some(t) = self.current_timer() {
                    t.skip(away);
                }
                self.spent.add(away);
            }
            Action::GiveBack(stopped) => {
                if let Some(t) = self.current_timer().filter(|t| t.timer.is_running()) {
                    t.timer.add(stopped);
                }
                self.spent.take(stopped);
            }
            Action::Restart => effects.extend(self.restart(now)),
        }
        effects.extend(self.settle(now));
        if action != Action::Tick {
            self.revision += 1;
        }
        // Things that fall due together (a changeover and a turn both over after a long blank)
        // are one moment for the room: one chime.
        let mut chimed = false;
        effects.retain(|e| !matches!(e, Effect::Chime(_)) || !std::mem::replace(&mut chimed, true));
        effects
    }

    /// Swaps in an edited session, keeping the facilitator on the same screen when it still
    /// exists (with its timer running on), else on the same step, else as close as possible.
    /// Timers of screens that are gone go with them.
    pub fn reload(&mut self, session: Session, now: Instant) -> Vec<Effect> {
        let old = self.position();
        let plan = Plan::new(&session);
        let positions = plan.positions();
        let same = positions.iter().position(|p| *p == old);
        let fallback = || match old {
            Position::Welcome => 0,
            Position::End => positions.len() - 1,
            Position::Step { step, .. } => {
                positions.iter().position(|p| p.step().is_some_and(|s| s >= step)).unwrap_or(positions.len() - 1)
            }
        };
        self.cursor = same.unwrap_or_else(fallback);
        let slots: Vec<Slot> = positions.iter().filter_map(|p| p.slot()).collect();
        self.timers.retain(|slot, _| slots.contains(slot));
        self.plan = plan;
        self.spent.resize(session.steps.len());
        self.session = session;
        self.revision += 1;
        if same.is_some() {
            return Vec::new();
        }
        if let Some(slot) = self.position().slot() {
            self.thaw(slot, now);
        }
        self.groups = None;
        vec![Effect::Happened(What::Entered { position: self.position() }, now)]
    }

    /// Adds a late arrival to the roster. The round on screen keeps its pairs; the next round
    /// includes them. Says why nothing changed otherwise.
    pub fn add_person(&mut self, name: &str) -> Result<(), Refused> {
        let name = crate::roster::normalize(name);
        if name.is_empty() {
            return Err(Refused::Empty);
        }
        if name.chars().count() > crate::limits::NAME {
            return Err(Refused::TooLong);
        }
        if self.roster.iter().any(|known| crate::roster::same(known, &name)) {
            return Err(Refused::Known(name));
        }
        if self.roster.len() >= *crate::limits::ROOM.end() {
            return Err(Refused::Full);
        }
        self.roster.push(name);
        self.revision += 1;
        let mut present = self.pairing.present().to_vec();
        present.push(self.roster.len() - 1);
        self.pairing.set_present(present, self.next_round_index());
        Ok(())
    }

    /// Marks roster member `person` as present or absent from the next round on.
    pub fn set_present(&mut self, person: usize, here: bool) {
        if person >= self.roster.len() {
            return;
        }
        let mut present: Vec<usize> = self.pairing.present().iter().copied().filter(|&p| p != person).collect();
        if here {
            present.push(person);
            present.sort_unstable();
        }
        self.pairing.set_present(present, self.next_round_index());
        self.revision += 1;
    }

    /// The first round not yet under way: rounds before it keep their pairs.
    fn next_round_index(&self) -> usize {
        let position = self.position();
        match position {
            Position::Step { step, .. } => match position.round() {
                Some((step, round)) => self.plan.round_index(step, round) + 1,
                None => self.plan.round_index(step, 0),
            },
            Position::Welcome => 0,
            Position::End => self.plan.rounds(),
        }
    }

    fn chime(&self, strike: Strike) -> Option<Effect> {
        self.session.timer.chime.then_some(Effect::Chime(strike))
    }

    /// Starts the current timer again from its planned time. In a round, the turns and phases
    /// after it go too: they start afresh when their turn comes again.
    fn restart(&mut self, now: Instant) -> Option<Effect> {
        let slot = self.position().slot()?;
        let planned = self.planned(slot);
        self.timers.insert(slot, SlotTimer::start(planned, now));
        if let Some((step, round)) = self.position().round() {
            self.timers.retain(|s, _| s.round() != Some((step, round)) || *s <= slot);
            self.trio_cued = self.trio_speaker(now).unwrap_or(0);
        }
        Some(Effect::Happened(What::Restarted, now))
    }

    /// Moves to position `to`. The timer left behind is frozen as it is; the one arrived at
    /// takes up where it was, or starts if it never ran.
    fn go(&mut self, to: usize, now: Instant) -> Option<Effect> {
        let (from, target) = (self.position(), self.plan.positions()[to]);
        self.cursor = to;
        if from.slot() != target.slot() {
            if let Some(slot) = from.slot() {
                self.freeze(slot, now);
            }
            if let Some(slot) = target.slot() {
                self.thaw(slot, now);
            }
        }
        match target {
            Position::Step { step, .. } => {
                if from.step() != Some(step) {
                    self.spent.enter(step, now);
                    self.started_at.get_or_insert(now);
                }
                match target.round() {
                    Some((step, round)) if from.round() != target.round() || self.groups.is_none() => {
                        self.groups = self.pairing.round(self.plan.round_index(step, round), self.plan.specs());
                        self.trio_cued = self.trio_speaker(now).unwrap_or(0);
                    }
                    Some(_) => {}
                    None => self.groups = None,
                }
            }
            Position::Welcome | Position::End => {
                self.spent.leave(now);
                self.groups = None;
            }
        }
        (from != target).then_some(Effect::Happened(What::Entered { position: target }, now))
    }
}
