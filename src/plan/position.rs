//! Where a session can stand: every screen the facilitator can be on, in order.

use crate::session::{Body, Reveal, Session};

/// One screen of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Position {
    /// Title, source, planned total, "press → to begin".
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
}

/// A place inside a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Part {
    /// The whole step at once (quote, text, questions revealed all together).
    Whole,
    /// Questions revealed up to and including this one.
    Question(usize),
    /// A pair-share round and which half of it.
    Round {
        /// Zero-based round within the step.
        round: u32,
        /// First speaker or second speaker.
        half: Half,
    },
}

/// The two halves of a pair-share round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Half {
    /// The first speaker (A) talks.
    First,
    /// After the swap: the second speaker (B) talks.
    Second,
}

/// Every position of a session, in the order "next" visits them.
pub fn all(session: &Session) -> Vec<Position> {
    let mut out = vec![Position::Welcome];
    for (step, s) in session.steps.iter().enumerate() {
        out.extend(parts(&s.body).into_iter().map(|part| Position::Step { step, part }));
    }
    out.push(Position::End);
    out
}

/// The parts of one step, in order.
pub fn parts(body: &Body) -> Vec<Part> {
    match body {
        Body::Quote { .. } | Body::Text { .. } => vec![Part::Whole],
        Body::Reflection(q) | Body::Closing(q) => match q.reveal {
            Reveal::All => vec![Part::Whole],
            Reveal::OneByOne => (0..q.questions.len()).map(Part::Question).collect(),
        },
        Body::PairShare(p) => (0..p.rounds)
            .flat_map(|round| [Half::First, Half::Second].map(|half| Part::Round { round, half }))
            .collect(),
    }
}
