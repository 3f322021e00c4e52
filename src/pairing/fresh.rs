//! New groups by search, for everything the constructions do not cover (groups that do not fill
//! a grid, pairs after the roster changed or after a round that mixed people otherwise, any round
//! once a construction is used up): a seeded greedy that fills each group with whoever has met
//! its members least, then a tabu search over swaps between groups (the local search known to do
//! well on the social golfer problem) while a repeated meeting is left, keeping the best
//! arrangement seen; tried again from a new greedy start while the work budget allows. Work is
//! bounded per round (a few million table lookups at most, milliseconds), and a greedy start
//! with no repeat ends it at once, so a thousand people cost a fraction of a millisecond a round.
//! Groups bigger than asked (the trio of an odd count of pairs) are filled first, from the people
//! who have been in one least often. Works on local indices.

use super::dice::Dice;
use super::ledger::Ledger;

/// A repeated meeting weighs more than any difference in how often people were in a big group.
const REPEAT: u64 = 1 << 24;

/// Candidates looked at for each place in a greedy group, and groups tried for a swap, in large
/// rooms (all of them in small ones).
const SCAN: usize = 64;

/// Work per round, in table lookups, across tries.
const BUDGET: usize = 1_000_000;

/// Greedy starts at most: where none reaches zero, more rarely help.
const TRIES: usize = 8;

/// Tries end after this many swaps without a better arrangement.
const PATIENCE: usize = 400;

/// Swaps stay undone for this many steps (plus a random part as long again).
const TENURE: usize = 6;

/// Groups of the given `sizes` (summing to the people present) for a round asked in groups of
/// `size`, with as few repeated meetings as found.
pub fn round(ledger: &Ledger, sizes: &[usize], size: usize, dice: &mut Dice) -> Vec<Vec<usize>> {
    let n = ledger.len();
    // The least the cost can be: no repeat, the smallest big-group counts in the big groups.
    let big_places: usize = sizes.iter().filter(|&&s| s > size).sum();
    let mut overs: Vec<u64> = (0..n).map(|l| u64::from(ledger.over(l))).collect();
    overs.sort_unstable();
    let floor: u64 = overs.iter().take(big_places).sum();
    let mut spent = 0;
    let mut best: Option<(u64, Vec<Vec<usize>>)> = None;
    for _ in 0..TRIES {
        let mut groups = build(ledger, sizes, size, dice);
        spent += n * size.max(2) * 4;
        let cost = Search::new(ledger, &groups, size).run(&mut groups, dice, floor, &mut spent);
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, groups));
        }
        if cost <= floor || spent >= BUDGET {
            break;
        }
    }
    best.map(|(_, groups)| groups).unwrap_or_default()
}

/// What a group costs: its repeated meetings, then its members' past big groups if it is big.
fn cost(ledger: &Ledger, group: &[usize], size: usize) -> u64 {
    let mut repeats = 0;
    for (i, &a) in group.iter().enumerate() {
        repeats += group[i + 1..].iter().map(|&b| u64::from(ledger.met(a, b))).sum::<u64>();
    }
    let fairness = if group.len() > size { group.iter().map(|&m| u64::from(ledger.over(m))).sum() } else { 0 };
    repeats * REPEAT + fairness
}

/// Times `a` met the members of `group` (other than `a`).
fn met_with(ledger: &Ledger, a: usize, group: &[usize]) -> u32 {
    group.iter().filter(|&&m| m != a).map(|&m| ledger.met(a, m)).sum()
}

/// The position in `pool` of the candidate who met `group` least, looking at up to `SCAN`
/// candidates from `start` (wrapping) and stopping at the first who met nobody there.
fn pick(ledger: &Ledger, group: &[usize], pool: &[usize], start: usize) -> usize {
    let len = pool.len();
    let mut best = (u32::MAX, start);
    for j in 0..len.min(SCAN) {
        let at = (start + j) % len;
        let c = met_with(ledger, pool[at], group);
        if c < best.0 {
            best = (c, at);
            if c == 0 {
                break;
            }
        }
    }
    best.1
}

/// One greedy start: big groups first from those who were in one least, then the rest.
fn build(ledger: &Ledger, sizes: &[usize], size: usize, dice: &mut Dice) -> Vec<Vec<usize>> {
    let mut pool: Vec<usize> = (0..ledger.len()).collect();
    dice.shuffle(&mut pool);
    let mut groups = Vec::with_capacity(sizes.len());
    if sizes.iter().any(|&s| s > size) {
        // Stable: equal counts stay in shuffled order.
        pool.sort_by_key(|&l| ledger.over(l));
        for &s in sizes.iter().filter(|&&s| s > size) {
            let mut group = Vec::with_capacity(s);
            while group.len() < s && !pool.is_empty() {
                let at = if group.is_empty() { 0 } else { pick(ledger, &group, &pool, 0) };
                group.push(pool.remove(at));
            }
            groups.push(group);
        }
    }
    for &s in sizes.iter().filter(|&&s| s <= size) {
        let mut group = Vec::with_capacity(s);
        while group.len() < s && !pool.is_empty() {
            let at =
                if group.is_empty() { pool.len() - 1 } else { pick(ledger, &group, &pool, dice.below(pool.len())) };
            group.push(pool.swap_remove(at));
        }
        groups.push(group);
    }
    groups
}

/// A tabu search over swaps of two people of different groups.
struct Search<'a> {
    ledger: &'a Ledger,
    size: usize,
    /// Per local person: times they met the others of their group now.
    clash: Vec<u32>,
    /// Per local person: the step until which they may not be swapped back.
    tabu: Vec<usize>,
}

impl<'a> Search<'a> {
    fn new(ledger: &'a Ledger, groups: &[Vec<usize>], size: usize) -> Self {
        let mut clash = vec![0; ledger.len()];
        for group in groups {
            for &a in group {
                clash[a] = met_with(ledger, a, group);
            }
        }
        Self { ledger, size, clash, tabu: vec![0; ledger.len()] }
    }

    /// Searches from `groups` and leaves the best arrangement seen there; returns its cost.
    fn run(mut self, groups: &mut Vec<Vec<usize>>, dice: &mut Dice, floor: u64, spent: &mut usize) -> u64 {
        let mut now: u64 = groups.iter().map(|g| cost(self.ledger, g, self.size)).sum();
        let mut best = (now, groups.clone());
        let count = groups.len();
        let (mut step, mut last_better) = (0, 0);
        while count > 1 && best.0 > floor && step - last_better < PATIENCE && *spent < BUDGET {
            step += 1;
            // A random person who met someone in their group.
            let clashing: Vec<(usize, usize)> = groups
                .iter()
                .enumerate()
                .flat_map(|(g, members)| members.iter().enumerate().map(move |(i, _)| (g, i)))
                .filter(|&(g, i)| self.clash[groups[g][i]] > 0)
                .collect();
            *spent += self.clash.len();
            let Some(&(ga, ai)) = clashing.get(dice.below(clashing.len())) else { break };
            let Some((delta, gb, bi)) = self.best_swap(groups, ga, ai, step, now, best.0, dice, spent) else {
                continue;
            };
            self.swap(groups, (ga, ai), (gb, bi));
            let tenure = TENURE + dice.below(TENURE + 1);
            self.tabu[groups[ga][ai]] = step + tenure;
            self.tabu[groups[gb][bi]] = step + tenure;
            now = now.saturating_add_signed(delta);
            if now < best.0 {
                best = (now, groups.clone());
                last_better = step;
            }
        }
        *groups = best.1;
        best.0
    }

    /// The best swap of `groups[ga][ai]` not forbidden (unless it beats the best seen), ties by chance.
    #[allow(clippy::too_many_arguments)]
    fn best_swap(
        &self,
        groups: &[Vec<usize>],
        ga: usize,
        ai: usize,
        step: usize,
        now: u64,
        best: u64,
        dice: &mut Dice,
        spent: &mut usize,
    ) -> Option<(i64, usize, usize)> {
        let count = groups.len();
        let wide = count - 1 > SCAN;
        let mut pick: Option<(i64, usize, usize)> = None;
        let mut ties = 0;
        for k in 0..(count - 1).min(SCAN) {
            let gb = if wide { (ga + 1 + dice.below(count - 1)) % count } else { (ga + 1 + k) % count };
            for bi in 0..groups[gb].len() {
                let delta = self.delta(&groups[ga], ai, &groups[gb], bi);
                *spent += groups[ga].len() + groups[gb].len();
                let allowed = self.tabu[groups[gb][bi]] <= step || now.saturating_add_signed(delta) < best;
                if !allowed {
                    continue;
                }
                match pick {
                    Some((d, ..)) if delta > d => {}
                    Some((d, ..)) if delta == d => {
                        ties += 1;
                        if dice.below(ties + 1) == 0 {
                            pick = Some((delta, gb, bi));
                        }
                    }
                    _ => {
                        pick = Some((delta, gb, bi));
                        ties = 0;
                    }
                }
            }
        }
        pick
    }

    /// The change in cost from swapping `ga[ai]` with `gb[bi]`.
    fn delta(&self, ga: &[usize], ai: usize, gb: &[usize], bi: usize) -> i64 {
        let ledger = self.ledger;
        let (a, b) = (ga[ai], gb[bi]);
        let mut repeats = -i64::from(self.clash[a]) - i64::from(self.clash[b]);
        repeats += ga.iter().filter(|&&x| x != a).map(|&x| i64::from(ledger.met(b, x))).sum::<i64>();
        repeats += gb.iter().filter(|&&y| y != b).map(|&y| i64::from(ledger.met(a, y))).sum::<i64>();
        let (oa, ob) = (i64::from(ledger.over(a)), i64::from(ledger.over(b)));
        let mut fairness = 0;
        if ga.len() > self.size {
            fairness += ob - oa;
        }
        if gb.len() > self.size {
            fairness += oa - ob;
        }
        repeats * REPEAT.cast_signed() + fairness
    }

    /// Swaps two people and brings the clash counts of both groups up to date.
    fn swap(&mut self, groups: &mut [Vec<usize>], (ga, ai): (usize, usize), (gb, bi): (usize, usize)) {
        let (a, b) = (groups[ga][ai], groups[gb][bi]);
        groups[ga][ai] = b;
        groups[gb][bi] = a;
        for g in [ga, gb] {
            for &m in &groups[g] {
                self.clash[m] = met_with(self.ledger, m, &groups[g]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::pairing::{Group, Spec};

    #[test]
    fn avoids_partners_people_already_had() {
        // Four people met in two rounds; a fifth arrives. The next round has no repeated pair.
        let mut history = BTreeMap::new();
        history.insert(0, vec![Group(vec![0, 1]), Group(vec![2, 3])]);
        history.insert(1, vec![Group(vec![0, 2]), Group(vec![1, 3])]);
        let mut ledger = Ledger::new(&[0, 1, 2, 3, 4]);
        ledger.catch_up(&history, &[Spec::PAIRS; 3], 2);
        ledger.catch_up_meetings(&history, 2);
        for seed in 0..20 {
            let groups = round(&ledger, &[3, 2], 2, &mut Dice::new(seed, 3));
            let cost: u64 = groups.iter().map(|g| cost(&ledger, g, 2) / REPEAT).sum();
            assert_eq!(cost, 0, "{groups:?}");
            let mut placed: Vec<usize> = groups.concat();
            placed.sort_unstable();
            assert_eq!(placed, [0, 1, 2, 3, 4]);
        }
    }
}
