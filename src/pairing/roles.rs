//! Who takes which role in a new group: the first position (the client of a Troika, the first
//! speaker of a pair) goes to the member who has held it least often so far, the second to the
//! one who has held the second least among the rest, and so on; ties go by the seeded dice. So a
//! pair's first speaker alternates, and over enough rounds everyone holds each role about as often.

use super::Group;
use super::dice::Dice;
use super::ledger::Ledger;

/// `members` (roster indices) in role order.
pub fn order(mut members: Vec<usize>, ledger: &Ledger, dice: &mut Dice) -> Group {
    let held = |person: usize, position: usize| ledger.local(person).map_or(0, |l| ledger.role(l, position));
    if let [a, b] = members[..] {
        // Pairs are most of the groups there are: one word of chance, and only on a tie.
        let (ha, hb) = (held(a, 0), held(b, 0));
        if hb < ha || (ha == hb && dice.word() & 1 == 1) {
            members.swap(0, 1);
        }
        return Group(members);
    }
    let mut ties: Vec<(usize, u64)> = members.iter().map(|&m| (m, dice.word())).collect();
    for position in 0..ties.len() {
        let pick = (position..ties.len()).min_by_key(|&i| (held(ties[i].0, position), ties[i].1)).unwrap_or(position);
        ties.swap(position, pick);
    }
    members.clear();
    members.extend(ties.into_iter().map(|(m, _)| m));
    Group(members)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::pairing::Spec;

    #[test]
    fn the_least_held_role_goes_first() {
        let mut history = BTreeMap::new();
        history.insert(0, vec![Group(vec![0, 1, 2])]);
        history.insert(1, vec![Group(vec![1, 2, 0])]);
        let mut ledger = Ledger::new(&[0, 1, 2]);
        ledger.catch_up(&history, &[Spec::fresh(3); 2], 2);
        for seed in 0..20 {
            let group = order(vec![0, 1, 2], &ledger, &mut Dice::new(seed, 1));
            assert_eq!(group.0[0], 2, "2 never went first");
            assert_eq!(group.0[1], 0, "of 0 and 1, 0 was never second: {group:?}");
        }
    }

    #[test]
    fn ties_go_both_ways() {
        let ledger = Ledger::new(&[0, 1]);
        let firsts: Vec<usize> = (0..32).map(|s| order(vec![0, 1], &ledger, &mut Dice::new(s, 1)).0[0]).collect();
        assert!(firsts.contains(&0) && firsts.contains(&1));
    }
}
