//! Properties of the pairing for every room size from 2 to 200 and random seeds: everyone placed
//! exactly once a round, no pair met twice while a fresh pairing is possible, the trio's third a
//! different person each round, the same seed giving the same schedule. Also reports how many
//! repeated meetings odd rooms have in their first n rounds against the least possible.

use std::collections::{HashMap, HashSet};

use holdspace::pairing::{Pairing, Round, Schedule};
use proptest::prelude::*;

fn meetings(round: &Round) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for g in round {
        for (i, a) in g.0.iter().enumerate() {
            for b in &g.0[i + 1..] {
                out.push(((*a).min(*b), (*a).max(*b)));
            }
        }
    }
    out
}

#[track_caller]
fn everyone_once(round: &Round, n: usize) {
    let mut placed: Vec<usize> = round.iter().flat_map(|g| g.0.clone()).collect();
    placed.sort_unstable();
    assert_eq!(placed, (0..n).collect::<Vec<_>>());
    assert!(round.iter().all(|g| g.0.len() == 2 || (n % 2 == 1 && g.0.len() == 3)));
    assert_eq!(round.iter().filter(|g| g.0.len() == 3).count(), n % 2, "one trio exactly when the count is odd");
}

/// Repeated meetings in the first n rounds of an odd room of n.
fn repeats_in_first_rounds(n: usize, seed: u64) -> usize {
    let schedule = Schedule::new(n, seed).expect("a room");
    let mut count: HashMap<(usize, usize), usize> = HashMap::new();
    for r in 0..n {
        for m in meetings(&schedule.round(r)) {
            *count.entry(m).or_default() += 1;
        }
    }
    count.values().map(|c| c - 1).sum()
}

/// The circle schedule's promises for a room of `n` shuffled by `seed`.
#[track_caller]
fn keeps_its_promises(n: usize, seed: u64) {
    let schedule = Schedule::new(n, seed).expect("two or more");
    let fresh = if n.is_multiple_of(2) { n - 1 } else { n };
    let mut pairs = HashSet::new();
    let mut thirds = Vec::new();
    for r in 0..fresh {
        let round = schedule.round(r);
        everyone_once(&round, n);
        for g in &round {
            let pair = (g.0[0].min(g.0[1]), g.0[0].max(g.0[1]));
            assert!(pairs.insert(pair), "n={n} seed={seed}: pair {pair:?} again in round {r}");
            if let Some(third) = g.0.get(2) {
                thirds.push(*third);
            }
        }
    }
    if n % 2 == 1 {
        thirds.sort_unstable();
        assert_eq!(thirds, (0..n).collect::<Vec<_>>(), "n={n}: everyone is the trio's third once in n rounds");
    }
    assert_eq!(Schedule::new(n, seed).map(|s| s.round(3)), Some(schedule.round(3)), "the same seed, the same pairs");
}

#[test]
fn every_room_size_from_2_to_200() {
    for n in 2..=200 {
        keeps_its_promises(n, n as u64 * 7919);
    }
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=10000 for a longer run.
    #[test]
    fn random_seeds_keep_the_promises(n in 2usize..=200, seed in any::<u64>()) {
        keeps_its_promises(n, seed);
    }

    #[test]
    fn after_roster_changes_everyone_is_still_placed_once(n in 2usize..=60, seed in any::<u64>(), late in 1usize..4) {
        let mut pairing = Pairing::new(n, seed);
        let first = pairing.round(0).expect("a room");
        let mut present: Vec<usize> = (0..n + late).collect();
        present.remove(0);
        pairing.set_present(present.clone(), 1);
        prop_assert_eq!(pairing.round(0), Some(first), "a round handed out never changes");
        for r in 1..6 {
            let round = pairing.round(r).expect("a room");
            let mut placed: Vec<usize> = round.iter().flat_map(|g| g.0.clone()).collect();
            placed.sort_unstable();
            prop_assert_eq!(&placed, &present);
        }
    }
}

#[test]
fn odd_rooms_repeat_no_more_meetings_than_the_least_possible() {
    // n rounds of an odd room hold n(n+3)/2 meetings, and only n(n-1)/2 pairs exist: at least
    // 2n meetings must repeat. The schedule repeats exactly that many.
    let mut report = Vec::new();
    for n in (3..=41).step_by(2) {
        let repeats = repeats_in_first_rounds(n, 11);
        assert_eq!(repeats, 2 * n, "n={n}");
        report.push(format!("n={n}: {repeats} repeated meetings in {n} rounds (least possible {})", 2 * n));
    }
    println!("{}", report.join("\n"));
}

#[test]
fn after_a_late_arrival_pairs_stay_fresh_while_they_can() {
    // Six people for two rounds, then a seventh: the next rounds avoid earlier partners.
    let mut pairing = Pairing::new(6, 5);
    let mut met = HashSet::new();
    for r in 0..2 {
        met.extend(meetings(&pairing.round(r).expect("a room")));
    }
    pairing.set_present((0..7).collect(), 2);
    let next = pairing.round(2).expect("a room");
    let pairs: Vec<_> =
        next.iter().filter(|g| g.0.len() == 2).map(|g| (g.0[0].min(g.0[1]), g.0[0].max(g.0[1]))).collect();
    assert!(pairs.iter().all(|p| !met.contains(p)), "{next:?} repeats one of {met:?}");
}
