//! The session as a pure state machine: `apply(action, now)` moves it and returns the side
//! effects the shell must carry out. No clock reads, no terminal, no I/O: every behaviour can be
//! driven by a test with a fake clock.
//!
//! Each step runs its own timer, started when the step is shown. Questions revealed one by one
//! share their step's timer. A pair-share round is one block of two turns shared by the room:
//! its timer runs through both halves, the swap happens by itself when one turn is left (or
//! early on "next", giving the second speaker a full turn).

mod action;
pub mod position;
mod record;
mod snapshot;
mod view;

use std::time::{Duration, Instant};

pub use action::{Action, Effect};
pub use position::{Half, Part, Position};
pub use record::Record;
pub use snapshot::{Mismatch, Snapshot};

use crate::pairing::{Grouping, Round, Spec};
use crate::session::{Body, Overtime, Session};
use crate::timer::{Reading, Timer};

const MINUTE: Duration = Duration::from_secs(60);

/// A running session.
#[derive(Debug, Clone)]
pub struct Flow {
    session: Session,
    positions: Vec<Position>,
    cursor: usize,
    timer: Option<Timer>,
    /// Whether the current timer has already chimed at zero (it chimes once).
    chimed_zero: bool,
    record: Record,
    /// Everyone ever on the roster; indices never change, so pairs stay readable.
    roster: Vec<String>,
    pairing: Grouping,
    /// The groups of the round on screen; kept when the roster changes mid-round.
    groups: Option<Round>,
    /// When the first step was first shown: the anchor of the schedule.
    started_at: Option<Instant>,
    /// Counts changes, so the shell saves the journal on every change and never on ticks.
    revision: u64,
}

/// How a timer should look right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerView {
    /// Seconds to show (left, or past zero).
    pub secs: u64,
    /// The style it is shown in.
    pub state: TimerState,
}

/// The styles a timer can be in; each must stay distinct without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerState {
    /// Counting down with plenty left.
    Running,
    /// Counting down, little left.
    Warning,
    /// Past zero, counting up (or only saying time is up, with `overtime = "hide"`).
    Over(Overtime),
    /// Stopped by the facilitator.
    Paused,
}

impl Flow {
    /// A session on its welcome screen. `roster` may be empty; `seed` shuffles the pairs.
    pub fn new(session: Session, roster: Vec<String>, seed: u64) -> Self {
        let positions = position::all(&session);
        let record = Record::new(session.steps.len());
        let pairing = Grouping::new(roster.len(), seed);
        Self {
            session,
            positions,
            cursor: 0,
            timer: None,
            chimed_zero: false,
            record,
            roster,
            pairing,
            groups: None,
            started_at: None,
            revision: 0,
        }
    }

    /// Carries out `action` at `now` and returns what the shell must do.
    pub fn apply(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        let before = (self.cursor, self.chimed_zero);
        let mut effects = self.settle(now);
        match action {
            Action::Next if self.cursor + 1 < self.positions.len() => {
                let early_swap =
                    matches!(self.position(), Position::Step { part: Part::Round { half: Half::First, .. }, .. });
                self.go(self.cursor + 1, now);
                if early_swap {
                    effects.extend(self.chime());
                }
            }
            Action::Previous if self.cursor > 0 => self.go(self.cursor - 1, now),
            Action::Tick | Action::Next | Action::Previous => {}
            Action::JumpTo(step) => {
                if let Some(i) =
                    self.positions.iter().position(|p| matches!(p, Position::Step { step: s, .. } if *s == step))
                {
                    self.go(i, now);
                }
            }
            Action::TogglePause => {
                if let Some(timer) = &mut self.timer {
                    if timer.is_running() { timer.pause(now) } else { timer.resume(now) }
                }
            }
            Action::AddMinute => {
                if let Some(timer) = &mut self.timer {
                    timer.add(MINUTE);
                    self.chimed_zero = matches!(timer.reading(now), Reading::Over(_));
                }
            }
            Action::TakeMinute => self.take_minute(now),
            Action::Elapse(away) => {
                if let Some(timer) = self.timer.as_mut().filter(|t| t.is_running()) {
                    timer.skip(away);
                }
                self.record.add(away);
            }
            Action::Restart => self.timer = self.fresh_timer(self.position(), now),
        }
        effects.extend(self.settle(now));
        if action != Action::Tick || before != (self.cursor, self.chimed_zero) {
            self.revision += 1;
        }
        effects
    }

    /// Swaps in an edited session, keeping the facilitator on the same screen when it still
    /// exists (with its timer running on), else on the same step, else as close as possible.
    pub fn reload(&mut self, session: Session, now: Instant) {
        let old = self.position();
        let positions = position::all(&session);
        let same = positions.iter().position(|p| *p == old);
        let fallback = || match old {
            Position::Welcome => 0,
            Position::End => positions.len() - 1,
            Position::Step { step, .. } => positions
                .iter()
                .position(|p| matches!(p, Position::Step { step: s, .. } if *s >= step))
                .unwrap_or(positions.len() - 1),
        };
        self.cursor = same.unwrap_or_else(fallback);
        self.positions = positions;
        self.record.resize(session.steps.len());
        self.session = session;
        self.revision += 1;
        if same.is_none() {
            self.timer = self.fresh_timer(self.position(), now);
            self.groups = None;
        }
    }

    /// Adds a late arrival to the roster. The round on screen keeps its pairs; the next round
    /// includes them. Returns false (and changes nothing) for an empty or known name.
    pub fn add_person(&mut self, name: &str) -> bool {
        let name = crate::sanitize::clean(name, false).trim().to_owned();
        if name.is_empty() || self.roster.contains(&name) || self.roster.len() >= *crate::roster::SIZE.end() {
            return false;
        }
        self.roster.push(name);
        self.revision += 1;
        let mut present = self.pairing.present().to_vec();
        present.push(self.roster.len() - 1);
        self.pairing.set_present(present, self.next_round_index());
        true
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
        match self.position() {
            Position::Step { step, part: Part::Round { round, .. } } => self.global_round(step, round) + 1,
            Position::Step { step, .. } => self.global_round(step, 0),
            Position::Welcome => 0,
            Position::End => self.global_round(self.session.steps.len(), 0),
        }
    }

    /// Carries out what time has made due: the swap at half time, the chime at zero.
    fn settle(&mut self, now: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        let Some(timer) = &self.timer else { return effects };
        if let (Position::Step { part: Part::Round { half: Half::First, .. }, .. }, Some(turn)) =
            (self.position(), self.turn())
            && timer.left(now) <= turn
        {
            // The swap keeps the same timer: the second speaker has exactly the turn left.
            self.cursor += 1;
            effects.extend(self.chime());
        } else if matches!(timer.reading(now), Reading::Over(_)) && !self.chimed_zero {
            self.chimed_zero = true;
            effects.extend(self.chime());
        }
        effects
    }

    fn chime(&self) -> Option<Effect> {
        self.session.timer.chime.then_some(Effect::Chime)
    }

    fn take_minute(&mut self, now: Instant) {
        let first_half_turn = match self.position() {
            Position::Step { part: Part::Round { half: Half::First, .. }, .. } => self.turn(),
            _ => None,
        };
        let Some(timer) = &mut self.timer else { return };
        match first_half_turn {
            // The first speaker loses the minute; the second still gets a full turn.
            Some(turn) => timer.set_left(timer.left(now).saturating_sub(MINUTE).max(turn), now),
            None => timer.take(MINUTE, now),
        }
    }

    /// Moves to position `to`; every move but one between questions of a step starts a fresh timer.
    fn go(&mut self, to: usize, now: Instant) {
        let (from, target) = (self.position(), self.positions[to]);
        self.cursor = to;
        let same_step =
            matches!((from, target), (Position::Step { step: a, .. }, Position::Step { step: b, .. }) if a == b);
        let between_questions = same_step
            && matches!(
                (from, target),
                (Position::Step { part: Part::Question(_), .. }, Position::Step { part: Part::Question(_), .. })
            );
        if !between_questions {
            self.timer = self.fresh_timer(target, now);
        }
        match target {
            Position::Step { step, part } => {
                if !same_step {
                    self.record.enter(step, now);
                    self.started_at.get_or_insert(now);
                }
                if let Part::Round { round, .. } = part {
                    let changed_round = !matches!(from, Position::Step { step: s, part: Part::Round { round: r, .. } } if s == step && r == round);
                    if changed_round || self.groups.is_none() {
                        let index = self.global_round(step, round);
                        self.groups = self.pairing.round(index, &self.specs());
                    }
                } else {
                    self.groups = None;
                }
            }
            Position::Welcome | Position::End => {
                self.record.leave(now);
                self.groups = None;
            }
        }
    }

    fn fresh_timer(&mut self, at: Position, now: Instant) -> Option<Timer> {
        self.chimed_zero = false;
        let Position::Step { step, part } = at else { return None };
        let s = self.session.steps.get(step)?;
        let planned = match (&s.body, part) {
            (Body::PairShare(p), Part::Round { half: Half::First, .. }) => p.round(),
            (Body::PairShare(p), _) => p.turn,
            _ => s.planned(),
        };
        Some(Timer::start(planned, now))
    }

    /// How every round of the session is grouped: fresh pairs for each pair-share round.
    fn specs(&self) -> Vec<Spec> {
        vec![Spec::PAIRS; self.global_round(self.session.steps.len(), 0)]
    }

    /// Rounds of all earlier pair-share steps plus `round`: the index into the pairing schedule.
    fn global_round(&self, step: usize, round: u32) -> usize {
        let before: u32 = self.session.steps[..step]
            .iter()
            .filter_map(|s| match &s.body {
                Body::PairShare(p) => Some(p.rounds),
                _ => None,
            })
            .sum();
        (before + round) as usize
    }

    /// The turn length when the current step is a pair-share.
    fn turn(&self) -> Option<Duration> {
        match self.current_step().map(|s| &s.body) {
            Some(Body::PairShare(p)) => Some(p.turn),
            _ => None,
        }
    }
}
