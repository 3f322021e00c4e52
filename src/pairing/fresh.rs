//! Rounds for a roster that changed during the session: a randomised greedy search that pairs
//! each person with someone they have met least, tried in several random orders, keeping the
//! round with the fewest repeated meetings. Seeded, so the same history and seed give the same
//! round.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::{Group, Round};

/// Total work per round, in candidate comparisons: large rooms get fewer tries.
const BUDGET: usize = 400_000;

/// A round for `present` (at least two people) that avoids the meetings in `history`.
pub fn round<'a>(present: &[usize], history: impl Iterator<Item = &'a Round>, seed: u64) -> Round {
    let mut met: HashMap<(usize, usize), u32> = HashMap::new();
    let mut in_trio: HashMap<usize, u32> = HashMap::new();
    for round in history {
        for group in round {
            for (i, a) in group.0.iter().enumerate() {
                for b in &group.0[i + 1..] {
                    *met.entry(key(*a, *b)).or_default() += 1;
                }
            }
            if let Some(third) = group.0.get(2) {
                *in_trio.entry(*third).or_default() += 1;
            }
        }
    }
    let times_met = |a: usize, b: usize| met.get(&key(a, b)).copied().unwrap_or(0);
    let n = present.len();
    let tries = (BUDGET / (n * n).max(1)).clamp(1, 64);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut best: Option<(u32, Round)> = None;
    for _ in 0..tries {
        let mut order = present.to_vec();
        order.shuffle(&mut rng);
        // The one left over with an odd count: whoever has been a trio's third least often.
        let odd_one = (n % 2 == 1).then(|| {
            let pick =
                order.iter().enumerate().min_by_key(|(_, p)| in_trio.get(p).copied().unwrap_or(0)).map(|(i, _)| i);
            order.remove(pick.unwrap_or(0))
        });
        let mut groups: Vec<Group> = Vec::with_capacity(n / 2);
        let mut cost = 0;
        while let Some(a) = order.pop() {
            let (at, b) =
                order.iter().enumerate().min_by_key(|(_, b)| times_met(a, **b)).map_or((0, a), |(i, b)| (i, *b));
            order.swap_remove(at);
            cost += times_met(a, b);
            groups.push(Group(vec![a, b]));
        }
        if let Some(third) = odd_one {
            let (at, extra) = groups
                .iter()
                .enumerate()
                .map(|(i, g)| (i, times_met(third, g.0[0]) + times_met(third, g.0[1])))
                .min_by_key(|(_, c)| *c)
                .unwrap_or((0, 0));
            cost += extra;
            if let Some(group) = groups.get_mut(at) {
                group.0.push(third);
            }
        }
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, groups));
        }
    }
    best.map(|(_, round)| round).unwrap_or_default()
}

fn key(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avoids_partners_people_already_had() {
        // Four people met in two rounds; a fifth arrives. The next round has no repeated pair.
        let history = [vec![Group(vec![0, 1]), Group(vec![2, 3])], vec![Group(vec![0, 2]), Group(vec![1, 3])]];
        let round = round(&[0, 1, 2, 3, 4], history.iter(), 9);
        let pairs: Vec<_> = round.iter().filter(|g| g.0.len() == 2).map(|g| key(g.0[0], g.0[1])).collect();
        let old = [key(0, 1), key(2, 3), key(0, 2), key(1, 3)];
        assert!(pairs.iter().all(|p| !old.contains(p)), "{round:?}");
        let mut placed: Vec<usize> = round.iter().flat_map(|g| g.0.clone()).collect();
        placed.sort_unstable();
        assert_eq!(placed, [0, 1, 2, 3, 4]);
    }
}
