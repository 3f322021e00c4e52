//! Who talks with whom. A [`Pairing`] hands out the groups of each pair-share round across the
//! whole session: from the circle schedule while the roster stays as it was given (no repeats for
//! n-1 rounds), and, after someone arrives late or leaves, from a search that avoids partners
//! people already had. A round, once handed out, never changes: going back shows the same pairs,
//! and a resumed session can restore them. Knows nothing of time or screens.

mod circle;
mod fresh;

use std::collections::BTreeMap;

pub use circle::Schedule;

/// One group of a round: two people, or three when the count is odd. Indices into the roster;
/// the first speaks first (A), then the second (B), then the third (C) in a trio.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Group(pub Vec<usize>);

/// The groups of one round.
pub type Round = Vec<Group>;

/// How many rounds a room of `people` has before any pair must meet again: a pair or trio of the
/// circle schedule meets once in a full turn of the circle.
pub fn fresh_rounds(people: usize) -> usize {
    if people < 2 { usize::MAX } else { people + people % 2 - 1 }
}

/// The pairs of a whole session, as they are handed out. Saved whole in the journal, so a resumed
/// session shows the very same pairs and keeps avoiding past partners.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pairing {
    seed: u64,
    /// Roster indices of the people in the room, in roster order.
    present: Vec<usize>,
    /// The circle schedule over the roster as first given; `None` once it changed (or with
    /// fewer than two people).
    circle: Option<Schedule>,
    /// Rounds handed out so far, by round index across the session.
    rounds: BTreeMap<usize, Round>,
}

impl Pairing {
    /// Pairing for a roster of `people`, everyone present, shuffled by `seed`.
    pub fn new(people: usize, seed: u64) -> Self {
        Self { seed, present: (0..people).collect(), circle: Schedule::new(people, seed), rounds: BTreeMap::new() }
    }

    /// The groups of round `index`: the same every time it is asked for. `None` with fewer than
    /// two people present.
    pub fn round(&mut self, index: usize) -> Option<Round> {
        if let Some(round) = self.rounds.get(&index) {
            return Some(round.clone());
        }
        if self.present.len() < 2 {
            return None;
        }
        let round = match &self.circle {
            Some(circle) => circle.round(index),
            None => fresh::round(&self.present, self.rounds.values(), self.seed ^ (index as u64).rotate_left(17)),
        };
        self.rounds.insert(index, round.clone());
        Some(round)
    }

    /// Changes who is in the room. Rounds before `from_round` keep their pairs; later ones are
    /// planned again for the people now present.
    pub fn set_present(&mut self, present: Vec<usize>, from_round: usize) {
        if present == self.present {
            return;
        }
        self.present = present;
        self.circle = None;
        self.rounds.retain(|&i, _| i < from_round);
    }

    /// Roster indices of the people in the room.
    pub fn present(&self) -> &[usize] {
        &self.present
    }

    /// Every round handed out so far (the pairing history).
    pub fn history(&self) -> &BTreeMap<usize, Round> {
        &self.rounds
    }

    /// Whether every index in this pairing is below `people` (a journal read back must be).
    pub fn fits(&self, people: usize) -> bool {
        let groups = self.rounds.values().flatten();
        self.present.iter().all(|&p| p < people)
            && groups.flat_map(|g| &g.0).all(|&p| p < people)
            && self.circle.as_ref().is_none_or(|c| c.people() == people)
    }
}
