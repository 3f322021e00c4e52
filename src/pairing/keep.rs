//! Groups carried over from an earlier round (`Source::Keep`), and the repair every carried
//! round needs when attendance changed: people absent leave their group, late arrivals join the
//! smallest groups, and a group left with one person joins the smallest other group. Members keep
//! their order, rotated by one, so a kept group's roles turn: three rounds of a kept trio, each
//! keeping the one before, give everyone the first role once.

use super::dice::Dice;
use super::ledger::Ledger;
use super::{Group, Round};

/// Round `from` kept, rotated one position, for the people present now. None when nobody of
/// `from` is present (the caller then makes new groups).
pub fn round(from: &Round, ledger: &Ledger, dice: &mut Dice) -> Option<Round> {
    let groups = from
        .iter()
        .map(|g| {
            let mut members = g.0.clone();
            if !members.is_empty() {
                members.rotate_left(1);
            }
            members
        })
        .collect();
    Some(settle(groups, ledger, dice)?.into_iter().map(Group).collect())
}

/// `groups` (roster indices) brought to the people present: absent people out, late arrivals
/// into the smallest groups (the one whose members they met least among those), groups of one
/// merged into the smallest other group. None when no group has anyone present.
pub fn settle(groups: Vec<Vec<usize>>, ledger: &Ledger, dice: &mut Dice) -> Option<Vec<Vec<usize>>> {
    let mut placed = vec![false; ledger.len()];
    let mut groups: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|g| {
            g.into_iter()
                .filter(|&p| ledger.local(p).is_some_and(|l| !std::mem::replace(&mut placed[l], true)))
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect();
    if groups.is_empty() {
        return None;
    }
    let mut late: Vec<usize> = (0..ledger.len()).filter(|&l| !placed[l]).map(|l| ledger.person(l)).collect();
    dice.shuffle(&mut late);
    for person in late {
        let at = smallest(&groups, person, ledger);
        groups[at].push(person);
    }
    while groups.len() > 1 {
        let Some(single) = groups.iter().position(|g| g.len() < 2) else { break };
        let lone = groups.remove(single);
        for person in lone {
            let at = smallest(&groups, person, ledger);
            groups[at].push(person);
        }
    }
    Some(groups)
}

/// The index of the smallest of `groups`, the one whose members `person` met least among equals,
/// the first among those.
pub fn smallest(groups: &[Vec<usize>], person: usize, ledger: &Ledger) -> usize {
    let met = |g: &Vec<usize>| -> u32 {
        let Some(a) = ledger.local(person) else { return 0 };
        g.iter().filter_map(|&m| ledger.local(m)).map(|b| ledger.met(a, b)).sum()
    };
    (0..groups.len()).min_by_key(|&i| (groups[i].len(), met(&groups[i]))).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_of(groups: &[&[usize]]) -> Round {
        groups.iter().map(|g| Group(g.to_vec())).collect()
    }

    #[test]
    fn keeps_members_and_turns_roles() {
        let ledger = Ledger::new(&[0, 1, 2, 3, 4]);
        let kept = round(&round_of(&[&[0, 1, 2], &[3, 4]]), &ledger, &mut Dice::new(1, 1));
        assert_eq!(kept, Some(round_of(&[&[1, 2, 0], &[4, 3]])));
    }

    #[test]
    fn absent_people_leave_and_a_lone_one_joins_the_smallest_group() {
        // 4 left: 3 is alone and joins the smaller of the two other groups.
        let ledger = Ledger::new(&[0, 1, 2, 3, 5, 6]);
        let kept = round(&round_of(&[&[0, 1, 2], &[3, 4], &[5, 6]]), &ledger, &mut Dice::new(1, 1));
        assert_eq!(kept, Some(round_of(&[&[1, 2, 0], &[6, 5, 3]])));
    }

    #[test]
    fn late_arrivals_join_the_smallest_groups() {
        let ledger = Ledger::new(&[0, 1, 2, 3, 4, 7]);
        let kept = round(&round_of(&[&[0, 1, 2], &[3, 4]]), &ledger, &mut Dice::new(1, 1));
        assert_eq!(kept, Some(round_of(&[&[1, 2, 0], &[4, 3, 7]])));
    }

    #[test]
    fn nobody_left_gives_nothing() {
        let ledger = Ledger::new(&[5, 6]);
        assert_eq!(round(&round_of(&[&[0, 1]]), &ledger, &mut Dice::new(1, 1)), None);
    }
}
