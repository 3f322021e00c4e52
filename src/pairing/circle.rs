//! The circle method: a round-robin schedule over a fixed roster, randomly relabelled by a
//! seeded, portable generator. With an even count, n-1 rounds pass before anyone meets a partner
//! again. With an odd count a placeholder joins the circle; whoever it meets joins another pair
//! as a trio, and that pair is chosen so the same people are not in the trio twice in a row
//! where the count allows. Over n rounds of an odd count everyone is the trio's third once, pairs
//! never repeat, and the only repeated meetings are the trio's two extra ones a round: the least
//! possible, since n rounds hold n(n+3)/2 meetings and there are only n(n-1)/2 distinct pairs.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::{Group, Round};

/// A reproducible pairing plan for a roster of `people` over any number of rounds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Schedule {
    /// Circle position → roster index.
    labels: Vec<usize>,
    /// Spacing of the pair that takes the odd person in, chosen once per roster size.
    trio_offset: usize,
}

impl Schedule {
    /// A schedule for `people` (at least two) shuffled by `seed`.
    pub fn new(people: usize, seed: u64) -> Option<Self> {
        if people < 2 {
            return None;
        }
        let mut labels: Vec<usize> = (0..people).collect();
        labels.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        Some(Self { labels, trio_offset: trio_offset(people) })
    }

    /// The groups of round `index` (counting from 0 across the whole session). After a full
    /// cycle the schedule starts again: repeats are then unavoidable.
    pub fn round(&self, index: usize) -> Round {
        let n = self.labels.len();
        // Even circles have m = n seats; odd ones get a placeholder seat, index n.
        let m = n + n % 2;
        let turning = m - 1;
        let r = index % turning;
        let seat = |s: usize| self.labels.get(s).copied();
        let mut groups: Vec<Group> = Vec::with_capacity(m / 2);
        // The fixed seat m-1 meets seat r; then seats r+i and r-i meet.
        let mut odd_one = None;
        match seat(m - 1) {
            Some(fixed) => groups.push(Self::ordered(fixed, self.labels[r], index)),
            None => odd_one = Some(self.labels[r]),
        }
        for i in 1..m / 2 {
            let a = self.labels[(r + i) % turning];
            let b = self.labels[(r + turning - i) % turning];
            groups.push(Self::ordered(a, b, index));
        }
        if let Some(third) = odd_one {
            // The pair r ± offset sits at a fixed distance from the odd one out, which moves by
            // one seat each round, so consecutive trios share nobody when n allows it.
            let target = self.trio_offset - 1;
            if let Some(group) = groups.get_mut(target) {
                group.0.push(third);
            }
        }
        groups
    }

    /// Two people in speaking order; who goes first alternates by round.
    fn ordered(a: usize, b: usize, round: usize) -> Group {
        if round.is_multiple_of(2) { Group(vec![a, b]) } else { Group(vec![b, a]) }
    }

    /// How many people the schedule is for.
    pub fn people(&self) -> usize {
        self.labels.len()
    }
}

/// For an odd n, the smallest offset k (pair r+k, r-k) whose trio shares nobody with the next
/// round's trio: k ≢ ±1 and 2k ≢ ±1 (mod n). Falls back to 1 for n = 3 and 5, where three of
/// so few people must overlap.
fn trio_offset(n: usize) -> usize {
    if n.is_multiple_of(2) {
        return 1;
    }
    (2..n.div_ceil(2))
        .find(|&k| {
            let bad = |x: usize| x % n == 1 || x % n == n - 1;
            !bad(k) && !bad(2 * k)
        })
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    //! The schedule's promises for every room size are property-tested in `tests/pairing.rs`.
    use super::*;

    #[test]
    fn one_person_has_no_schedule() {
        assert!(Schedule::new(1, 0).is_none());
        assert!(Schedule::new(0, 0).is_none());
    }

    #[test]
    fn consecutive_trios_share_nobody_from_seven_people_up() {
        for n in (7..=41).step_by(2) {
            let schedule = Schedule::new(n, 3).expect("two or more");
            let trio = |r| schedule.round(r).into_iter().find(|g| g.0.len() == 3).expect("odd count has a trio");
            for r in 0..n {
                let (a, b) = (trio(r), trio(r + 1));
                assert!(a.0.iter().all(|p| !b.0.contains(p)), "n={n} round {r}: {a:?} then {b:?}");
            }
        }
    }
}
