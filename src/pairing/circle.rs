//! The circle method for pairs over a roster that has not changed: a round-robin schedule,
//! randomly relabelled by the seed. With an even count, n-1 rounds pass before anyone meets a
//! partner again (then the schedule starts over: repeats are unavoidable). With an odd count the
//! seat left out each round joins a pair as a trio; which pair, and in which order the n rounds
//! of the circle are used, come from [`trio::plan`], chosen so that about (n-1)/2 rounds pass
//! with no repeated meeting at all, and so that the n rounds together repeat only the trio's two
//! extra meetings a round, the least possible. Everyone is left out, so in a trio, once in n
//! rounds. Knows nothing of roles: the caller orders each group.

mod trio;

use super::dice::Dice;

/// A reproducible pairs schedule for a roster of two or more people, as long as it stays whole.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Circle {
    /// Seat → roster index: a permutation of `0..n`.
    labels: Vec<usize>,
    /// Odd counts only: the circle rounds in the order they are used (a permutation of `0..n`).
    order: Vec<usize>,
    /// Odd counts only, one per entry of `order`: the pair (1..=(n-1)/2 seats either side of the
    /// seat left out) that the one left out joins.
    trios: Vec<usize>,
}

impl Circle {
    /// The schedule for `people` (None below two), relabelled by `seed`.
    pub fn new(people: usize, seed: u64) -> Option<Self> {
        if people < 2 {
            return None;
        }
        let mut labels: Vec<usize> = (0..people).collect();
        Dice::new(seed, Dice::LABELS).shuffle(&mut labels);
        let (order, trios) = if people.is_multiple_of(2) { (Vec::new(), Vec::new()) } else { trio::plan(people) };
        Some(Self { labels, order, trios })
    }

    /// How many people the schedule is for.
    pub fn people(&self) -> usize {
        self.labels.len()
    }

    /// The groups (roster indices, in no particular order inside a group) of the `step`-th pairs
    /// round made from the circle. The schedule repeats after n-1 steps (even) or n (odd).
    pub fn round(&self, step: usize) -> Vec<Vec<usize>> {
        let n = self.labels.len();
        let seat = |s: usize| self.labels.get(s).copied().unwrap_or_default();
        let mut groups = Vec::with_capacity(n / 2);
        if n.is_multiple_of(2) {
            // Seat n-1 stays put and meets seat s; seats s+i and s-i meet.
            let turning = n - 1;
            let s = step % turning;
            groups.push(vec![seat(n - 1), seat(s)]);
            for i in 1..n / 2 {
                groups.push(vec![seat((s + i) % turning), seat((s + turning - i) % turning)]);
            }
        } else {
            // Every seat turns; seat s is left out and joins the pair `trio` seats either side.
            let at = step % n;
            let s = self.order.get(at).copied().unwrap_or(at) % n;
            let trio = self.trios.get(at).copied().unwrap_or(1);
            for i in 1..=n / 2 {
                let mut pair = vec![seat((s + i) % n), seat((s + n - i) % n)];
                if i == trio {
                    pair.push(seat(s));
                }
                groups.push(pair);
            }
        }
        groups
    }

    /// Why this schedule cannot be used (read back from a journal), if so: the labels must be a
    /// permutation and the plan of an odd count a permutation of rounds with offsets in range.
    pub fn check(&self) -> Result<(), String> {
        let n = self.labels.len();
        if n < 2 {
            return Err(format!("a circle of {n} people"));
        }
        permutation(&self.labels).map_err(|e| format!("circle labels: {e}"))?;
        if n.is_multiple_of(2) {
            if !self.order.is_empty() || !self.trios.is_empty() {
                return Err("a trio plan for an even count".into());
            }
            return Ok(());
        }
        permutation(&self.order).map_err(|e| format!("circle order: {e}"))?;
        if self.order.len() != n || self.trios.len() != n {
            return Err(format!(
                "a trio plan of {} rounds and {} offsets for {n} people",
                self.order.len(),
                self.trios.len()
            ));
        }
        if let Some(bad) = self.trios.iter().find(|&&t| t == 0 || t > n / 2) {
            return Err(format!("trio offset {bad} outside 1..={}", n / 2));
        }
        Ok(())
    }
}

/// Whether `values` holds each of `0..len` exactly once.
fn permutation(values: &[usize]) -> Result<(), String> {
    let mut seen = vec![false; values.len()];
    for &v in values {
        match seen.get_mut(v) {
            None => return Err(format!("{v} is not below {}", values.len())),
            Some(true) => return Err(format!("{v} twice")),
            Some(slot) => *slot = true,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Whole-engine promises (every room size, repeats, roles) are tested in `tests/pairing.rs`.
    use super::*;

    fn placed(circle: &Circle, step: usize) -> Vec<usize> {
        let mut all: Vec<usize> = circle.round(step).into_iter().flatten().collect();
        all.sort_unstable();
        all
    }

    #[test]
    fn one_person_has_no_circle() {
        assert!(Circle::new(1, 0).is_none());
        assert!(Circle::new(0, 0).is_none());
    }

    #[test]
    fn every_seat_is_placed_once_a_round() {
        for n in 2..=41 {
            let circle = Circle::new(n, 5).expect("two or more");
            assert_eq!(circle.check(), Ok(()));
            for step in 0..n + 2 {
                assert_eq!(placed(&circle, step), (0..n).collect::<Vec<_>>(), "n={n} step={step}");
                assert_eq!(circle.round(step).iter().filter(|g| g.len() == 3).count(), n % 2);
            }
        }
    }

    #[test]
    fn tampered_plans_are_refused() {
        let good = Circle::new(7, 1).expect("a room");
        let mut bad = good.clone();
        bad.labels[2] = 99;
        assert!(bad.check().is_err(), "a label past the roster");
        let mut bad = good.clone();
        bad.labels[2] = bad.labels[3];
        assert!(bad.check().is_err(), "a label twice");
        let mut bad = good.clone();
        bad.trios[0] = 0;
        assert!(bad.check().is_err(), "offset 0 would be a seat with itself");
        let mut bad = good.clone();
        bad.trios[0] = 4;
        assert!(bad.check().is_err(), "offset past the half circle");
        let mut bad = good.clone();
        bad.order.pop();
        assert!(bad.check().is_err(), "a plan too short");
        let mut bad = good;
        bad.order[0] = bad.order[1];
        assert!(bad.check().is_err(), "a round twice");
    }
}
