//! The plan of a session, worked out once from the session itself: every screen in the order
//! "next" visits them, the planned start of every step, the index of every pair-share round
//! across the whole session (the pairing schedule counts rounds that way), and how many fresh
//! rounds a room has. The state machine, the screens, the export and `check`'s warnings all read
//! these facts here, so they cannot disagree. Also the mapping from monotonic instants to the
//! wall-clock times a schedule shows.

mod position;
mod timeline;

use std::time::Duration;

pub use position::{Half, Part, Position, Slot, parts};
pub use timeline::Timeline;

use crate::pairing::Spec;
use crate::session::{Body, Session};

/// What a session is planned to be, screen by screen and minute by minute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Every screen, welcome first and end last.
    positions: Vec<Position>,
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
        for step in &session.steps {
            offsets.push(offsets[offsets.len() - 1] + step.planned() + session.changeovers(step));
            let rounds = match &step.body {
                Body::PairShare(p) => p.rounds as usize,
                _ => 0,
            };
            first_round.push(first_round[first_round.len() - 1] + rounds);
        }
        let specs = vec![Spec::PAIRS; first_round[first_round.len() - 1]];
        Self { positions: position::all(session), offsets, first_round, specs }
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

    /// How many pair-share rounds the whole session has.
    pub fn rounds(&self) -> usize {
        self.first_round[self.steps()]
    }

    /// How each round across the session is grouped, by its index: what the grouping engine
    /// needs to hand out any round (and the rounds before it) the same way every time.
    pub fn specs(&self) -> &[Spec] {
        &self.specs
    }
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
        assert_eq!(plan.offset(3), Duration::from_secs(14 * 60), "quote 3m, text 3m, reflection 8m");
        let changeover = session.timer.changeover;
        assert_eq!(plan.length(3), Duration::from_secs(6 * 60) + changeover, "two turns of 3m after a changeover");
        // Steps 3, 5 and 6 are pair-shares of 1, 2 and 1 rounds; step 4 between them has none.
        assert_eq!((plan.round_index(3, 0), plan.round_index(4, 0), plan.round_index(5, 1)), (0, 1, 2));
        assert_eq!(plan.round_index(6, 0), 3);
        assert_eq!(plan.rounds(), 4);
        assert_eq!(plan.positions().first(), Some(&Position::Welcome));
        assert_eq!(plan.positions().last(), Some(&Position::End));
    }
}
