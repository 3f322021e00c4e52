//! Where a session can stand: every screen the facilitator can be on, in order, and which timer
//! each screen runs.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::session::{Body, Reveal, Session};

/// One screen of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Position {
    /// Title, source, planned total; "press → to begin" in the corner.
    Welcome,
    /// Inside step `step`.
    Step {
        /// Index into the session's steps.
        step: usize,
        /// Where inside the step.
        part: Part,
    },
    /// Thanks, planned versus actual.
    End,
}

impl Position {
    /// The step this screen belongs to, if any.
    pub fn step(self) -> Option<usize> {
        match self {
            Position::Step { step, .. } => Some(step),
            Position::Welcome | Position::End => None,
        }
    }

    /// The timer this screen runs, if any.
    pub fn slot(self) -> Option<Slot> {
        let Position::Step { step, part } = self else { return None };
        Some(match part {
            Part::Whole | Part::Question(_) => Slot::Step(step),
            Part::Changeover { round } => Slot::Changeover { step, round },
            Part::Round { round, half } => Slot::Turn { step, round, half },
            Part::Phase { round, phase } => Slot::Phase { step, round, phase },
        })
    }

    /// The round of a pair-share or group step this screen belongs to, if any.
    pub fn round(self) -> Option<(usize, u32)> {
        match self {
            Position::Step {
                step,
                part: Part::Round { round, .. } | Part::Changeover { round } | Part::Phase { round, .. },
            } => Some((step, round)),
            _ => None,
        }
    }
}

/// A place inside a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Part {
    /// The whole step at once (quote, text, questions revealed all together).
    Whole,
    /// Questions revealed up to and including this one.
    Question(usize),
    /// Before a round with new partners or groups: people find each other.
    Changeover {
        /// Zero-based round within the step.
        round: u32,
    },
    /// A pair-share round and which half of it.
    Round {
        /// Zero-based round within the step.
        round: u32,
        /// First speaker or second speaker.
        half: Half,
    },
    /// A phase of a group round.
    Phase {
        /// Zero-based round within the step.
        round: u32,
        /// Zero-based phase within the round.
        phase: usize,
    },
}

impl Part {
    /// The place in words, as records and messages name it ("question 2", "round 1, B speaks");
    /// `None` for a step shown whole.
    pub fn label(self) -> Option<String> {
        match self {
            Part::Whole => None,
            Part::Question(i) => Some(format!("question {}", i + 1)),
            Part::Changeover { round } => Some(format!("round {}, changeover", round + 1)),
            Part::Round { round, half: Half::First } => Some(format!("round {}, A speaks", round + 1)),
            Part::Round { round, half: Half::Second } => Some(format!("round {}, B speaks", round + 1)),
            Part::Phase { round, phase } => Some(format!("round {}, phase {}", round + 1, phase + 1)),
        }
    }
}

/// The two halves of a pair-share round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Half {
    /// The first speaker (A) talks.
    First,
    /// After the swap: the second speaker (B) talks.
    Second,
}

/// A timer of the session. Every step has one, shared by all its questions; a pair-share round
/// has one for its changeover and one for each speaker's turn; a group round one for its
/// changeover and one for each phase. Each keeps its time left and whether it runs when the
/// facilitator moves away, and takes up from there on coming back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Slot {
    /// The step's own timer.
    Step(usize),
    /// The changeover before a round.
    Changeover {
        /// Index of the step.
        step: usize,
        /// Zero-based round within the step.
        round: u32,
    },
    /// One speaker's turn in a round.
    Turn {
        /// Index of the step.
        step: usize,
        /// Zero-based round within the step.
        round: u32,
        /// Whose turn.
        half: Half,
    },
    /// One phase of a group round.
    Phase {
        /// Index of the step.
        step: usize,
        /// Zero-based round within the step.
        round: u32,
        /// Zero-based phase within the round.
        phase: usize,
    },
}

impl Slot {
    /// The time this timer starts from in `session`: the step's planned time, the changeover, a
    /// turn or a phase.
    pub fn planned(self, session: &Session) -> Duration {
        let step = session.steps.get(self.step());
        match (self, step.map(|s| &s.body)) {
            (Slot::Changeover { .. }, _) => session.timer.changeover,
            (Slot::Turn { .. }, Some(Body::PairShare(p))) => p.turn,
            (Slot::Phase { phase, .. }, Some(Body::Group(g))) => {
                g.phases.get(phase).map(|p| p.duration).unwrap_or_default()
            }
            (_, _) => step.map(crate::session::Step::planned).unwrap_or_default(),
        }
    }

    /// The step the timer belongs to.
    pub fn step(self) -> usize {
        match self {
            Slot::Step(step) | Slot::Changeover { step, .. } | Slot::Turn { step, .. } | Slot::Phase { step, .. } => {
                step
            }
        }
    }

    /// The step and round of a round's timer (changeover, turn or phase).
    pub fn round(self) -> Option<(usize, u32)> {
        match self {
            Slot::Changeover { step, round } | Slot::Turn { step, round, .. } | Slot::Phase { step, round, .. } => {
                Some((step, round))
            }
            Slot::Step(_) => None,
        }
    }
}

/// Every position of a session, in the order "next" visits them.
pub fn all(session: &Session) -> Vec<Position> {
    let mut out = vec![Position::Welcome];
    for (step, s) in session.steps.iter().enumerate() {
        let changeover = !session.timer.changeover.is_zero();
        out.extend(parts(&s.body, changeover).into_iter().map(|part| Position::Step { step, part }));
    }
    out.push(Position::End);
    out
}

/// The parts of one step, in order; a round with new partners or groups starts with a changeover
/// when the session has one.
pub fn parts(body: &Body, changeover: bool) -> Vec<Part> {
    match body {
        Body::Quote { .. } | Body::Text { .. } => vec![Part::Whole],
        Body::Reflection(q) | Body::Closing(q) => match q.reveal {
            Reveal::All => vec![Part::Whole],
            Reveal::OneByOne => (0..q.questions.len()).map(Part::Question).collect(),
        },
        Body::PairShare(p) => (0..p.rounds)
            .flat_map(|round| {
                let start = changeover.then_some(Part::Changeover { round });
                start.into_iter().chain([Half::First, Half::Second].map(|half| Part::Round { round, half }))
            })
            .collect(),
        Body::Group(g) => (0..g.rounds)
            .flat_map(|round| {
                let start = (changeover && g.new_groups(round)).then_some(Part::Changeover { round });
                start.into_iter().chain((0..g.phases.len()).map(move |phase| Part::Phase { round, phase }))
            })
            .collect(),
    }
}
