//! The plan of a session, worked out once from the session itself: every screen in the order
//! "next" visits them, the planned start of every step, the index of every round (of pairs or
//! groups) across the whole session and how each is grouped (the grouping engine counts rounds
//! that way), and how many fresh rounds a room has. The state machine, the screens, the export and `check`'s warnings all read
//! these facts here, so they cannot disagree. Also the mapping from monotonic instants to the
//! wall-clock times a schedule shows.

mod position;
mod timeline;

use std::time::Duration;

pub use position::{Half, Part, Position, Slot, parts};
pub use timeline::Timeline;

use crate::pairing::{Source, Spec};
use crate::session::{Body, GroupWork, Session};

/// What a session is planned to be, screen by screen and minute by minute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every screen, welcome first and end last.
    positions: Vec<Position>,
    /// The planned start of each screen from the start of the session, by its index in
    /// `positions` (a question starts with its step: they share one timer).
    starts: Vec<Duration>,
    /// Planned start of each step from the start of the session; one more entry for the end.
    offsets: Vec<Duration>,
    /// Index across the session of each step's first round; one more entry for the total.
    first_round: Vec<usize>,
    /// How each round across the session is grouped.
    specs: Vec<Spec>,
}

impl Plan {
    /// The plan of `session`.
    pub fn new(session: &Session) -> Self {
        let mut offsets = vec![Duration::ZERO];
        let mut first_round = vec![0];
        let mut specs = Vec::new();
        for step in &session.steps {
            offsets.push(offsets[offsets.len() - 1] + step.planned() + session.changeovers(step));
            match &step.body {
                Body::PairShare(p) => specs.extend((0..p.rounds).map(|_| Spec::PAIRS)),
                Body::Group(g) => {
                    let first = specs.len();
                    specs.extend((0..g.rounds).map(|round| group_spec(g, first, round)));
                }
                _ => {}
            }
            first_round.push(specs.len());
        }
        let positions = position::all(session);
        let starts = starts(session, &positions, &offsets);
        Self { positions, starts, offsets, first_round, specs }
    }

    /// The planned start of `position` from the start of the session: a step's start, or a
    /// changeover's, turn's or phase's within its round (the session's end for a position the
    /// plan does not have).
    pub fn start(&self, position: Position) -> Duration {
        let index = self.positions.iter().position(|p| *p == position);
        index.and_then(|i| self.starts.get(i)).copied().unwrap_or_else(|| self.total())
    }

    /// Every screen in the order "next" visits them.
    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    /// How many steps the session has.
    pub fn steps(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Planned start of `step` from the start of the session (the planned end for the step
    /// after the last).
    pub fn offset(&self, step: usize) -> Duration {
        self.offsets[step.min(self.steps())]
    }

    /// The planned length of the whole session.
    pub fn total(&self) -> Duration {
        self.offsets[self.steps()]
    }

    /// The time planned for `step` in the schedule: its planned time, and the changeovers
    /// before its rounds.
    pub fn length(&self, step: usize) -> Duration {
        self.offset(step + 1).saturating_sub(self.offset(step))
    }

    /// The index across the session of `round` of `step`: the pairing schedule's round number.
    /// Rounds of later steps follow those of earlier ones; a step without rounds gives the index
    /// its first round would have.
    pub fn round_index(&self, step: usize, round: u32) -> usize {
        self.first_round[step.min(self.steps())] + round as usize
    }

    /// How many rounds (of pairs or groups) the whole session has.
    pub fn rounds(&self) -> usize {
        self.first_round[self.steps()]
    }

    /// How each round across the session is grouped, by its index: what the grouping engine
    /// needs to hand out any round (and the rounds before it) the same way every time.
    pub fn specs(&self) -> &[Spec] {
        &self.specs
    }
}

/// The planned start of every position, each step from its offset, each part of a round after
/// the parts before it.
fn starts(session: &Session, positions: &[Position], offsets: &[Duration]) -> Vec<Duration> {
    let mut running = (None, Duration::ZERO);
    positions
        .iter()
        .map(|position| match *position {
            Position::Welcome => Duration::ZERO,
            Position::End => offsets[offsets.len() - 1],
            Position::Step { step, .. } => {
                if running.0 != Some(step) {
                    running = (Some(step), offsets[step]);
                }
                let start = running.1;
                if let Some(slot) = position.slot().filter(|s| s.round().is_some()) {
                    running.1 += slot.planned(session);
                }
                start
            }
        })
        .collect()
}

/// How round `round` of a group step whose first round is global round `first` is grouped: new
/// groups of its size; or the groups of the round before, turned one place (`regroup =
/// "never"`); or, for a first round with `join`, the last round before merged.
fn group_spec(g: &GroupWork, first: usize, round: u32) -> Spec {
    let index = first + round as usize;
    let source = match index.checked_sub(1) {
        Some(before) if round == 0 && g.join => Source::Join(before),
        Some(before) if !g.new_groups(round) => Source::Keep(before),
        _ => Source::Fresh,
    };
    Spec { size: g.size, leftover: g.leftover, source }
}

/// How many rounds a room of `people` has before anyone must meet a partner again.
pub fn fresh_rounds(people: usize) -> usize {
    crate::pairing::fresh_rounds(people)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{BUNDLED, from_str};

    #[test]
    fn offsets_and_round_indices_follow_the_steps() {
        let session = from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads");
        let plan = Plan::new(&session);
        assert_eq!(plan.steps(), session.steps.len());
        assert_eq!(plan.total(), session.total());
        assert_eq!(plan.offset(3), Duration::from_mins(14), "quote 3m, text 3m, reflection 8m");
        let changeover = session.timer.changeover;
        assert_eq!(plan.length(3), Duration::from_mins(6) + changeover, "two turns of 3m after a changeover");
        // Steps 3, 5 and 6 are pair-shares of 1, 2 and 1 rounds; step 4 between them has none.
        assert_eq!((plan.round_index(3, 0), plan.round_index(4, 0), plan.round_index(5, 1)), (0, 1, 2));
        assert_eq!(plan.round_index(6, 0), 3);
        assert_eq!(plan.rounds(), 4);
        assert_eq!(plan.positions().first(), Some(&Position::Welcome));
        assert_eq!(plan.positions().last(), Some(&Position::End));
    }
}
