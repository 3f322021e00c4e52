//! The session's timers, one per [`Slot`]: freezing one when the facilitator moves away, taking it
//! up on coming back, and what time makes due on the one on screen (the changeover giving way to
//! the first speaker, the swap, the chime at zero, a trio's next speaker).

use std::time::{Duration, Instant};

use super::{Effect, Flow, Half, Position, Slot, Strike, What};
use crate::session::Body;
use crate::timer::{Reading, Timer};

/// One timer of the session, with what it needs to remember between visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SlotTimer {
    pub(super) timer: Timer,
    /// It already chimed at zero (it chimes once).
    pub(super) chimed: bool,
    /// It already chimed softly at the warning (once, whatever minutes are added after).
    pub(super) warned: bool,
    /// It was running when the facilitator moved away: it runs again on coming back.
    pub(super) resume: bool,
}

impl SlotTimer {
    /// A timer of `planned`, running from `at`.
    pub(super) fn start(planned: Duration, at: Instant) -> Self {
        Self { timer: Timer::start(planned, at), chimed: false, warned: false, resume: true }
    }

    /// Pauses or resumes it.
    pub(super) fn toggle(&mut self, now: Instant) -> Effect {
        if self.timer.is_running() {
            self.timer.pause(now);
            Effect::Happened(What::Paused, now)
        } else {
            self.timer.resume(now);
            Effect::Happened(What::Resumed, now)
        }
    }

    /// A minute (or `amount`) more.
    pub(super) fn add(&mut self, amount: Duration, now: Instant) -> Effect {
        self.timer.add(amount);
        self.chimed = matches!(self.timer.reading(now), Reading::Over(_));
        Effect::Happened(What::Added, now)
    }

    /// Up to `amount` less, never undoing time used; says so only when something was taken.
    pub(super) fn take(&mut self, amount: Duration, now: Instant) -> Option<Effect> {
        let budget = self.timer.budget();
        self.timer.take(amount, now);
        (self.timer.budget() < budget).then_some(Effect::Happened(What::Taken, now))
    }

    /// Counts `away` as used, if it runs (the machine slept while it ran).
    pub(super) fn skip(&mut self, away: Duration) {
        if self.timer.is_running() {
            self.timer.skip(away);
        }
    }
}

impl Flow {
    /// The timer of the screen on show, if it has one.
    pub(super) fn current_timer(&mut self) -> Option<&mut SlotTimer> {
        let slot = self.position().slot()?;
        self.timers.get_mut(&slot)
    }

    /// The time a slot's timer starts from.
    pub(super) fn planned(&self, slot: Slot) -> Duration {
        slot.planned(&self.session)
    }

    /// Leaves a timer as it is: paused, remembering whether it ran.
    pub(super) fn freeze(&mut self, slot: Slot, now: Instant) {
        if let Some(t) = self.timers.get_mut(&slot) {
            t.resume = t.timer.is_running();
            t.timer.pause(now);
        }
    }

    /// Takes a timer up where it was left, or starts it if it never ran.
    pub(super) fn thaw(&mut self, slot: Slot, now: Instant) {
        let planned = self.planned(slot);
        let t = self.timers.entry(slot).or_insert_with(|| SlotTimer::start(planned, now));
        if t.resume {
            t.timer.resume(now);
        }
    }

    /// Whether the screen on show hands over to the next by itself when its time is up (so
    /// that its end is a change of speaker or phase, not "time is up").
    pub fn hands_over_now(&self) -> bool {
        self.hands_over()
    }

    /// The screen on show hands over to the next by itself when its time is up, the first time
    /// only, inside a round: a changeover to the first speaker or phase, the first speaker to the
    /// second, a phase to the next. The last turn or phase of a round waits for the facilitator.
    fn hands_over(&self) -> bool {
        let next = self.plan.positions().get(self.cursor + 1);
        next.is_some_and(|&next| {
            inside_round(self.position(), next) && next.slot().is_some_and(|n| !self.timers.contains_key(&n))
        })
    }

    /// Carries out what time has made due: the changeover ending, the swap, the chime at zero,
    /// a trio's next speaker.
    pub(super) fn settle(&mut self, now: Instant) -> Vec<Effect> {
        let mut effects = Vec::new();
        // A changeover can end and the first turn after it too, if nobody looked for that long.
        for _ in 0..2 {
            let Some(slot) = self.position().slot() else { break };
            let Some(over) = self.timers.get(&slot).and_then(|t| match t.timer.reading(now) {
                Reading::Over(over) => Some(over),
                Reading::Left(_) => None,
            }) else {
                break;
            };
            if self.hands_over() {
                // The next part starts when this one's time was up, not when it was noticed.
                let zero_at = now.checked_sub(over).unwrap_or(now);
                self.freeze(slot, zero_at);
                if let Some(t) = self.timers.get_mut(&slot) {
                    // Handing over was its chime at zero.
                    t.chimed = true;
                }
                self.cursor += 1;
                let next = self.position().slot().unwrap_or(slot);
                self.timers.insert(next, SlotTimer::start(self.planned(next), zero_at));
                effects.push(Effect::Happened(What::Entered { position: self.position() }, zero_at));
                effects.extend(self.chime(Strike::Change));
                self.revision += 1;
                continue;
            }
            if let Some(t) = self.timers.get_mut(&slot).filter(|t| !t.chimed) {
                t.chimed = true;
                effects.extend(self.chime(Strike::Up));
                self.revision += 1;
            }
            break;
        }
        effects.extend(self.warn(now));
        if self.has_trio()
            && let Some(speaker) = self.trio_speaker(now).filter(|s| *s > self.trio_cued)
        {
            self.trio_cued = speaker;
            effects.extend(self.chime(Strike::Change));
            self.revision += 1;
        }
        effects
    }

    /// The soft chime of the timer on screen turning to its warning style, when the session
    /// asks for one: once per timer, never for a changeover (it is the time to find a partner)
    /// nor once it chimed at zero.
    fn warn(&mut self, now: Instant) -> Option<Effect> {
        let slot = self.warning_slot()?;
        let threshold = self.session.timer.warning.threshold(self.planned(slot));
        let t = self.timers.get_mut(&slot).filter(|t| !t.warned && !t.chimed && t.timer.is_running())?;
        match t.timer.reading(now) {
            Reading::Left(left) if left <= threshold => {
                t.warned = true;
                self.revision += 1;
                self.chime(Strike::Warning)
            }
            _ => None,
        }
    }

    /// The slot on screen, when its timer may chime at the warning.
    fn warning_slot(&self) -> Option<Slot> {
        let slot = self.position().slot()?;
        (self.session.timer.warning_chime && !matches!(slot, Slot::Changeover { .. })).then_some(slot)
    }

    /// The next instant something is due that must happen even on a blank screen: a hand-over,
    /// the chime at zero or at the warning, a trio's next speaker.
    pub(super) fn due(&self, now: Instant) -> Option<Instant> {
        let slot = self.position().slot()?;
        let t = self.timers.get(&slot)?;
        let zero = (self.hands_over() || !t.chimed).then(|| t.timer.when_left(Duration::ZERO, now)).flatten();
        let warning = self
            .warning_slot()
            .filter(|_| !t.warned && !t.chimed)
            .and_then(|s| t.timer.when_left(self.session.timer.warning.threshold(self.planned(s)), now));
        let trio = self.has_trio().then(|| self.next_trio_change(now)).flatten();
        zero.into_iter().chain(warning).chain(trio).min()
    }

    /// True when the round on screen has a trio.
    pub(super) fn has_trio(&self) -> bool {
        self.groups.as_ref().is_some_and(|g| g.iter().any(|g| g.0.len() == 3))
    }

    /// A third of a round in a trio, in whole seconds so that changes fall on the timer's ticks.
    pub(super) fn trio_third(&self, step: usize) -> Option<Duration> {
        match &self.session.steps.get(step)?.body {
            Body::PairShare(p) => Some(Duration::from_secs(p.turn.as_secs() * 2 / 3)).filter(|t| !t.is_zero()),
            _ => None,
        }
    }

    /// How far into the round's two turns the room is: the first speaker's time used, or a turn
    /// and the second speaker's.
    pub(super) fn round_elapsed(&self, now: Instant) -> Option<Duration> {
        let Some(Slot::Turn { step, round, half }) = self.position().slot() else { return None };
        let turn = |h| self.timers.get(&Slot::Turn { step, round, half: h }).map(|t| t.timer.used(now));
        match half {
            Half::First => turn(Half::First),
            Half::Second => Some(self.planned(Slot::Turn { step, round, half }) + turn(Half::Second)?),
        }
    }

    /// When the trio's next speaker is due.
    fn next_trio_change(&self, now: Instant) -> Option<Instant> {
        let Some(Slot::Turn { step, half, .. }) = self.position().slot() else { return None };
        let third = self.trio_third(step)?;
        let target = third * u32::try_from(self.trio_cued + 1).ok().filter(|n| *n <= 2)?;
        let into = self.round_elapsed(now)?;
        let start = match half {
            Half::First => Duration::ZERO,
            Half::Second => self.planned(self.position().slot()?),
        };
        let t = self.timers.get(&self.position().slot()?)?;
        let left_at_target = t.timer.budget().checked_sub(target.checked_sub(start)?)?;
        (into < target).then(|| t.timer.when_left(left_at_target, now)).flatten()
    }
}

/// Whether going from `from` to `to` moves on inside one round: from its changeover or a turn or
/// phase to the next turn or phase of the same round. Such a move is a change of speaker or phase
/// the room must hear.
pub(super) fn inside_round(from: Position, to: Position) -> bool {
    matches!(to.slot(), Some(Slot::Turn { .. } | Slot::Phase { .. }))
        && from.round().is_some()
        && from.round() == to.round()
}

/// The screens of a position's step from it to the step's end, for what is left of a step.
pub(super) fn rest_of_step(positions: &[Position], cursor: usize) -> impl Iterator<Item = &Position> {
    let step = positions.get(cursor).and_then(|p| p.step());
    positions.iter().skip(cursor).take_while(move |p| p.step() == step && step.is_some())
}
