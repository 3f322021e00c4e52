//! Groups of an earlier round merged into bigger ones (`Source::Join`), as in 1-2-4-All where
//! pairs join into fours: people who were together stay together; as many groups as the sizes rule
//! gives for the room (never more than there were groups to merge); the biggest groups placed
//! first, each into the emptiest group, choosing among equals the one whose members it met least;
//! then swaps of equal-sized groups between merged groups while a swap removes repeated meetings.
//! Attendance is repaired as for kept rounds (see `keep::settle`).

use std::cmp::Reverse;

use super::dice::Dice;
use super::keep::settle;
use super::ledger::Ledger;
use super::sizes::sizes;
use super::{Round, Spec};

/// Swap passes.
const PASSES: usize = 4;

/// Merged groups beyond this many are tried as swap partners at random, not all.
const SCAN: usize = 64;

/// The groups of `from` merged per `spec`, for the people present now (roster indices, roles not
/// yet ordered). None when nobody of `from` is present (the caller then makes new groups).
pub fn round(from: &Round, spec: Spec, ledger: &Ledger, dice: &mut Dice) -> Option<Vec<Vec<usize>>> {
    let mut placed = vec![false; ledger.len()];
    let mut units: Vec<Vec<usize>> = Vec::with_capacity(from.len());
    for group in from {
        let unit: Vec<usize> = group
            .0
            .iter()
            .copied()
            .filter(|&p| ledger.local(p).is_some_and(|l| !std::mem::replace(&mut placed[l], true)))
            .collect();
        if !unit.is_empty() {
            units.push(unit);
        }
    }
    if units.is_empty() {
        return None;
    }
    let count = sizes(ledger.len(), spec.size, spec.leftover).len().clamp(1, units.len());
    dice.shuffle(&mut units);
    units.sort_by_key(|u| Reverse(u.len()));
    let mut merged: Vec<Vec<Vec<usize>>> = vec![Vec::new(); count];
    for unit in units {
        let least = merged.iter().map(|g| load(g)).min().unwrap_or(0);
        let at = (0..count)
            .filter(|&g| load(&merged[g]) == least)
            .min_by_key(|&g| met(ledger, &unit, &merged[g].concat()))
            .unwrap_or(0);
        merged[at].push(unit);
    }
    improve(ledger, &mut merged, dice);
    settle(merged.into_iter().map(|g| g.concat()).collect(), ledger, dice)
}

fn load(group: &[Vec<usize>]) -> usize {
    group.iter().map(Vec::len).sum()
}

/// Times the members of `unit` met `others` (roster indices).
fn met(ledger: &Ledger, unit: &[usize], others: &[usize]) -> u64 {
    let mut total = 0;
    for a in unit.iter().filter_map(|&p| ledger.local(p)) {
        total += others.iter().filter_map(|&p| ledger.local(p)).map(|b| u64::from(ledger.met(a, b))).sum::<u64>();
    }
    total
}

/// The members of merged group `group` but unit `except`.
fn rest(group: &[Vec<usize>], except: usize) -> Vec<usize> {
    group.iter().enumerate().filter(|&(i, _)| i != except).flat_map(|(_, unit)| unit.iter().copied()).collect()
}

/// Times unit `u` of merged group `g` met the rest of that group.
fn unit_cost(ledger: &Ledger, merged: &[Vec<Vec<usize>>], g: usize, u: usize) -> u64 {
    met(ledger, &merged[g][u], &rest(&merged[g], u))
}

/// Swaps equal-sized units between merged groups while that lowers repeated meetings.
fn improve(ledger: &Ledger, merged: &mut [Vec<Vec<usize>>], dice: &mut Dice) {
    let count = merged.len();
    if count < 2 {
        return;
    }
    for _ in 0..PASSES {
        let mut improved = false;
        for ga in 0..count {
            for ua in 0..merged[ga].len() {
                let before_a = unit_cost(ledger, merged, ga, ua);
                if before_a == 0 {
                    continue;
                }
                let mut best: Option<(i64, usize, usize)> = None;
                for k in 0..(count - 1).min(SCAN) {
                    let gb =
                        if count - 1 <= SCAN { (ga + 1 + k) % count } else { (ga + 1 + dice.below(count - 1)) % count };
                    for ub in 0..merged[gb].len() {
                        if merged[gb][ub].len() != merged[ga][ua].len() {
                            continue;
                        }
                        let before = before_a + unit_cost(ledger, merged, gb, ub);
                        let after = met(ledger, &merged[gb][ub], &rest(&merged[ga], ua))
                            + met(ledger, &merged[ga][ua], &rest(&merged[gb], ub));
                        let delta = after.cast_signed() - before.cast_signed();
                        if delta < best.map_or(0, |b| b.0) {
                            best = Some((delta, gb, ub));
                        }
                    }
                }
                if let Some((_, gb, ub)) = best {
                    let a = std::mem::take(&mut merged[ga][ua]);
                    let b = std::mem::replace(&mut merged[gb][ub], a);
                    merged[ga][ua] = b;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::pairing::{Group, Leftover, Source};

    fn join(size: usize) -> Spec {
        Spec { size, leftover: Leftover::Bigger, source: Source::Join(0) }
    }

    #[test]
    fn pairs_join_into_fours_with_partners_together() {
        let pairs: Round = (0..6).map(|i| Group(vec![2 * i, 2 * i + 1])).collect();
        let ledger = Ledger::new(&(0..12).collect::<Vec<_>>());
        let fours = round(&pairs, join(4), &ledger, &mut Dice::new(3, 1)).expect("people present");
        assert_eq!(fours.len(), 3);
        for four in &fours {
            assert_eq!(four.len(), 4);
            assert!(four.iter().all(|p| four.contains(&(p ^ 1))), "{four:?} splits a pair");
        }
    }

    #[test]
    fn merging_avoids_groups_that_met() {
        // Pairs {0,1} {2,3} {4,5} {6,7}; earlier 0 met 2 and 4 met 6, so {0,1}+{2,3} and
        // {4,5}+{6,7} would repeat: the fours are {0,1} with {4,5} or {6,7}.
        let mut history = BTreeMap::new();
        history.insert(0, vec![Group(vec![0, 2]), Group(vec![4, 6]), Group(vec![1, 3]), Group(vec![5, 7])]);
        let mut ledger = Ledger::new(&(0..8).collect::<Vec<_>>());
        ledger.catch_up_meetings(&history, 1);
        let pairs: Round = (0..4).map(|i| Group(vec![2 * i, 2 * i + 1])).collect();
        for seed in 0..20 {
            let fours = round(&pairs, join(4), &ledger, &mut Dice::new(seed, 1)).expect("people present");
            for four in &fours {
                assert!(!(four.contains(&0) && four.contains(&2)), "seed {seed}: {fours:?}");
                assert!(!(four.contains(&4) && four.contains(&6)), "seed {seed}: {fours:?}");
            }
        }
    }
}
