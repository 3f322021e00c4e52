//! Who meets whom: a seeded engine that hands out the groups of every round of a session (pairs,
//! or groups of 2 to 8), new ones with no repeated meeting while one can be avoided, or the groups
//! of an earlier round kept or merged. Pure: no clock, no terminal, no I/O; every choice comes from
//! the session's seed through a `ChaCha8` stream, so the same seed, roster, specs and attendance give
//! the same groups on any machine and in any version that keeps this module's algorithms.
//!
//! How rounds are made, by their [`Spec`]:
//! - Fresh pairs while the roster is as first given and every round so far was fresh pairs or
//!   kept: the circle method (`circle`): n-1 rounds with no repeat for an even count, about
//!   (n-1)/2 for an odd count (one trio a round), then the least possible repeats.
//! - Fresh groups of 3..8 under the same conditions, when the room divides exactly into m groups
//!   of k with a suitable m (`grid`): m rounds with no repeat (m + 1 when m = k).
//! - Any other fresh round, and any round once a construction is used up: a seeded search
//!   (`fresh`) minimising repeated meetings against the whole history, with the trio (or any
//!   group bigger than asked) rotating.
//! - `Keep(i)`: round i's groups, roles turned by one (`keep`); `Join(i)`: round i's groups
//!   merged (`join`). Both repaired for attendance.
//! - Roles (position 0 = first speaker, A; 1 = B...) go to whoever held them least (`roles`).
//!
//! A round, once handed out, never changes; a round is only ever made after every round before
//! it, so the groups do not depend on the order rounds are asked for.

mod check;
mod circle;
mod dice;
mod fresh;
mod grid;
mod join;
mod keep;
mod ledger;
mod roles;
mod sizes;

use std::collections::BTreeMap;

pub use check::Invalid;
use circle::Circle;
use dice::Dice;
use grid::Grid;
use ledger::{Kept, Ledger};
pub use sizes::sizes;

/// One group of a round: roster indices in role order (position 0 = first role / first speaker
/// "A", 1 = "B", 2 = "C"...).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Group(pub Vec<usize>);

/// The groups of one round; everyone present is in exactly one.
pub type Round = Vec<Group>;

/// Where the people go who do not fill a last group of the asked size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Leftover {
    /// `n / size` groups, the leftover spread one each over them (7 in pairs: a trio and two
    /// pairs; 13 in threes: 4, 3, 3, 3).
    Bigger,
    /// `ceil(n / size)` groups as even as possible (13 in fours: 4, 3, 3, 3); never a group of
    /// one, so pairs with an odd count still make one trio.
    Smaller,
}

/// Where a round's groups come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Source {
    /// New groups, avoiding earlier meetings.
    Fresh,
    /// The same groups as global round `i` (which must come before this round), each rotated one
    /// position so roles turn; keep the round just before to turn them further each round.
    Keep(usize),
    /// The groups of global round `i` merged into groups of about `size` (1-2-4-All), people who
    /// were together staying together.
    Join(usize),
}

/// How one round is grouped: a session gives one per round, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Spec {
    /// People per group, within `limits::GROUP` (2..=8; values outside are taken as the nearest).
    pub size: usize,
    /// Where people go who do not fill a last group.
    pub leftover: Leftover,
    /// New groups, or an earlier round's kept or merged.
    pub source: Source,
}

impl Spec {
    /// Fresh pairs, one trio when the count is odd: the classic pair-share.
    pub const PAIRS: Spec = Spec::fresh(2);

    /// Fresh groups of `size`, leftover people making some groups bigger.
    pub const fn fresh(size: usize) -> Spec {
        Spec { size, leftover: Leftover::Bigger, source: Source::Fresh }
    }

    /// The spec as round `index` is made with it: size within 2..=8, and a `Keep` or `Join` of a
    /// round not before `index` (which cannot exist yet) made `Fresh`.
    fn effective(self, index: usize) -> Spec {
        let source = match self.source {
            Source::Keep(i) | Source::Join(i) if i >= index => Source::Fresh,
            source => source,
        };
        Spec { size: self.group_size(), source, ..self }
    }

    /// The size asked, brought within the sizes a group may have (`limits::GROUP`).
    fn group_size(self) -> usize {
        self.size.clamp(*crate::limits::GROUP.start(), *crate::limits::GROUP.end())
    }
}

/// Rounds of pairs with no repeated meeting the engine promises for an unchanged room of
/// `people`: n-1 for an even count; for an odd one (one trio a round) 1 for 3 and 5 (the most
/// possible), 3 for 7, (n-1)/2 from 9 on, but 5 for 13 (the most the circle allows there).
/// `check` warns when a session's rounds go past it; `tests/pairing.rs` holds the engine to it.
pub fn fresh_rounds(people: usize) -> usize {
    match people {
        0 | 1 => usize::MAX,
        n if n.is_multiple_of(2) => n - 1,
        3 | 5 => 1,
        13 => 5,
        n => n / 2,
    }
}

/// The groups of a whole session, as they are handed out. Saved whole in the journal, so a
/// resumed session shows the very same groups and keeps avoiding past meetings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Grouping {
    seed: u64,
    /// Roster indices of the people in the room, sorted.
    present: Vec<usize>,
    /// The circle schedule over the roster as first given; `None` once attendance changed (or
    /// with fewer than two people).
    circle: Option<Circle>,
    /// Rounds handed out so far, by global round index; always every round up to the last.
    rounds: BTreeMap<usize, Round>,
    /// What those rounds say about the people present, kept between calls (never saved).
    #[serde(skip)]
    ledger: Kept,
}

impl Grouping {
    /// The grouping of a roster of `people`, everyone present, shuffled by `seed`.
    pub fn new(people: usize, seed: u64) -> Self {
        Self {
            seed,
            present: (0..people).collect(),
            circle: Circle::new(people, seed),
            rounds: BTreeMap::new(),
            ledger: Kept::default(),
        }
    }

    /// The groups of global round `index` (rounds counted across the whole session); `specs[i]`
    /// is the spec of round i, and must be the same on every call (the session's plan).
    ///
    /// Any missing earlier round is made first, in order, so the answer never depends on the
    /// order rounds are asked for (a run may jump ahead with an agenda, an export asks 0, 1, 2...:
    /// both give identical groups for the same seed). Once handed out a round never changes, even
    /// if attendance changed since. None with fewer than two people present or `index >=
    /// specs.len()`.
    pub fn round(&mut self, index: usize, specs: &[Spec]) -> Option<Round> {
        if index >= specs.len() {
            return None;
        }
        if let Some(round) = self.rounds.get(&index) {
            return Some(round.clone());
        }
        if self.present.len() < 2 {
            return None;
        }
        let mut ledger = self.ledger.take(&self.present);
        let first = self.rounds.keys().zip(0..).find(|(r, i)| *r != i).map_or(self.rounds.len(), |(_, i)| i);
        for r in first..=index {
            if !self.rounds.contains_key(&r) {
                ledger.catch_up(&self.rounds, specs, r);
                let round = self.make(r, specs, &mut ledger);
                self.rounds.insert(r, round);
            }
        }
        self.ledger.keep(ledger);
        self.rounds.get(&index).cloned()
    }

    /// Changes who is in the room (roster indices; a late arrival is a new index). Rounds from
    /// `from_round` on are dropped and made again when asked, for the people then present;
    /// earlier rounds keep their groups. The circle is given up: later rounds come from the
    /// search, which still avoids every meeting so far.
    pub fn set_present(&mut self, mut present: Vec<usize>, from_round: usize) {
        present.sort_unstable();
        present.dedup();
        if present == self.present {
            return;
        }
        self.present = present;
        self.circle = None;
        self.ledger.clear();
        self.rounds.retain(|&i, _| i < from_round);
    }

    /// Roster indices of the people in the room, sorted.
    pub fn present(&self) -> &[usize] {
        &self.present
    }

    /// Every round handed out so far, by global round index (made ahead when a later round was
    /// asked first).
    pub fn history(&self) -> &BTreeMap<usize, Round> {
        &self.rounds
    }

    /// Whether this grouping, read back from a (possibly tampered) journal, can serve a roster of
    /// `people`: every index below `people`, the people present sorted and unique, every round a
    /// set of disjoint groups of two or more distinct people, the circle's labels and plan true
    /// permutations with offsets in range and matching the people present.
    pub fn check(&self, people: usize) -> Result<(), Invalid> {
        check::check(self, people)
    }

    /// Makes round `index`; every earlier round exists and `ledger` has counted them.
    fn make(&self, index: usize, specs: &[Spec], ledger: &mut Ledger) -> Round {
        let spec = specs.get(index).copied().unwrap_or(Spec::PAIRS).effective(index);
        let mut dice = Dice::for_round(self.seed, index);
        let earlier = |i: usize| self.rounds.get(&i);
        let groups = match spec.source {
            Source::Keep(i) => {
                ledger.catch_up_meetings(&self.rounds, index);
                if let Some(round) = earlier(i).and_then(|from| keep::round(from, ledger, &mut dice)) {
                    return round;
                }
                None
            }
            Source::Join(i) => {
                ledger.catch_up_meetings(&self.rounds, index);
                earlier(i).and_then(|from| join::round(from, spec, ledger, &mut dice))
            }
            Source::Fresh => self.constructed(index, specs, spec.size),
        };
        let groups = groups.unwrap_or_else(|| {
            ledger.catch_up_meetings(&self.rounds, index);
            let sizes = sizes::sizes(ledger.len(), spec.size, spec.leftover);
            let locals = fresh::round(ledger, &sizes, spec.size, &mut dice);
            locals.into_iter().map(|g| g.into_iter().map(|l| ledger.person(l)).collect()).collect()
        });
        groups.into_iter().map(|g| roles::order(g, ledger, &mut dice)).collect()
    }

    /// Fresh round `index` from a construction, while one serves: the roster as first given (the
    /// circle is kept exactly that long), and every round before it fresh in the same size (each
    /// the construction's next round) or kept. Pairs come from the circle, bigger groups from
    /// the grid while it has rounds without a repeat.
    fn constructed(&self, index: usize, specs: &[Spec], size: usize) -> Option<Vec<Vec<usize>>> {
        let circle = self.circle.as_ref().filter(|c| c.people() == self.present.len())?;
        let mut step = 0;
        for (j, spec) in specs.iter().enumerate().take(index) {
            match spec.effective(j) {
                Spec { source: Source::Keep(_), .. } => {}
                Spec { source: Source::Fresh, size: s, .. } if s == size => step += 1,
                _ => return None,
            }
        }
        if size == 2 {
            return Some(circle.round(step));
        }
        // With the roster whole, local indices are roster indices.
        let grid = Grid::new(self.present.len(), size, self.seed)?;
        (step < grid.rounds()).then(|| grid.round(step))
    }
}
