//! Where the trio goes in a circle of odd size n, and in which order the circle's n rounds are
//! used. Seats are numbers mod n; circle round s pairs every x with 2s - x and leaves seat s out,
//! so a pair {x, y} meets in exactly one circle round, (x + y) / 2. Seat s joins the pair
//! {s + 2t, s - 2t}: its two extra meetings belong to circle rounds s + t and s - t, which
//! therefore hold a repeat once they come. The plan:
//!
//! 1. A prefix of R rounds (0..R) with no repeat: every trio's extra meetings belong to rounds
//!    at or past R and to no other trio. A depth-first search with a small node budget, R from
//!    (n-1)/2 down; it reaches (n-1)/2 for every odd n from 7 to 1,001 except 13 (5, the most
//!    there). Trios that share nobody with the one before are tried first, then trios of people
//!    who were in fewer trios.
//! 2. The other rounds, one at a time: the unused circle round and trio with the fewest repeated
//!    meetings, then the trio sharing nobody with the one before, then the trio of people who
//!    were in fewer trios. Often a few more rounds pass with no repeat.
//!
//! The n rounds together place every pair once, so they repeat only the 2n extra meetings of the
//! trios: the least possible, as n rounds hold n(n+3)/2 meetings and there are n(n-1)/2 pairs.

/// How many circle rounds the continuation weighs at each step (those with the fewest repeats).
const WEIGHED: usize = 8;

/// How many spacings it weighs for each (all of them up to 97 people, spread out above).
const SPACINGS: usize = 48;

/// For an odd `n` of at least three: the circle rounds in the order to use them, and for each the
/// pair index (1..=(n-1)/2) the seat left out joins.
pub fn plan(n: usize) -> (Vec<usize>, Vec<usize>) {
    let h = n / 2;
    let prefix = (1..=h).rev().find_map(|r| prefix(n, r, 20 * n)).unwrap_or_default();
    let mut state = State::new(n);
    let mut order = Vec::with_capacity(n);
    let mut offsets = Vec::with_capacity(n);
    for (s, &t) in prefix.iter().enumerate() {
        state.take(s, t);
        order.push(s);
        offsets.push(state.pair_index(t));
    }
    let mut last = prefix.last().map(|&t| (prefix.len() - 1, t));
    while order.len() < n {
        let (s, t) = state.best_next(last);
        state.take(s, t);
        order.push(s);
        offsets.push(state.pair_index(t));
        last = Some((s, t));
    }
    (order, offsets)
}

/// The trio of seat `s` with spacing `t`: `[s, s + 2t, s - 2t]` mod n.
fn trio(n: usize, s: usize, t: usize) -> [usize; 3] {
    let d = (2 * t) % n;
    [s, (s + d) % n, (s + n - d) % n]
}

fn share(a: [usize; 3], b: [usize; 3]) -> bool {
    a.iter().any(|x| b.contains(x))
}

/// A pair as a set key.
fn key(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

/// The circle round a pair meets in: (a + b) / 2 mod n, halving being multiplication by
/// (n + 1) / 2, the inverse of 2.
fn round_of(n: usize, (a, b): (usize, usize)) -> usize {
    ((a + b) % n) * n.div_ceil(2) % n
}

/// A set of pairs of seats, filed by the circle round they meet in: each round holds few, so a
/// look-up is a short scan, and the set takes memory in proportion to what it holds.
struct Pairs {
    n: usize,
    by_round: Vec<Vec<(usize, usize)>>,
}

impl Pairs {
    fn new(n: usize) -> Self {
        Self { n, by_round: vec![Vec::new(); n] }
    }

    fn contains(&self, pair: (usize, usize)) -> bool {
        self.by_round[round_of(self.n, pair)].contains(&pair)
    }

    /// Adds `pair`; false if it was there.
    fn insert(&mut self, pair: (usize, usize)) -> bool {
        let filed = &mut self.by_round[round_of(self.n, pair)];
        if filed.contains(&pair) {
            return false;
        }
        filed.push(pair);
        true
    }

    fn remove(&mut self, pair: (usize, usize)) {
        self.by_round[round_of(self.n, pair)].retain(|&p| p != pair);
    }
}

/// The two extra meetings of the trio of seat `s` with spacing `t`.
fn extras(n: usize, s: usize, t: usize) -> [(usize, usize); 2] {
    let [s, a, b] = trio(n, s, t);
    [key(s, a), key(s, b)]
}

/// Spacings for rounds `0..r` whose trios repeat nothing, or None within `budget` nodes.
fn prefix(n: usize, r: usize, budget: usize) -> Option<Vec<usize>> {
    let h = n / 2;
    let mut taken = Pairs::new(n);
    let mut chosen: Vec<usize> = Vec::with_capacity(r);
    // Times each seat was in a trio on the current path.
    let mut times = vec![0usize; n];
    let candidates = |depth: usize, chosen: &[usize], taken: &Pairs, times: &[usize]| {
        let before = chosen.last().map(|&t| trio(n, depth - 1, t));
        let mut out: Vec<(bool, usize, usize)> = (1..=h)
            .rev()
            .filter(|&t| (depth + t) % n >= r && (depth + n - t) % n >= r)
            .filter(|&t| extras(n, depth, t).iter().all(|&e| !taken.contains(e)))
            .map(|t| {
                let members = trio(n, depth, t);
                (before.is_some_and(|b| share(b, members)), members.iter().map(|&m| times[m]).sum(), t)
            })
            .collect();
        out.sort_by_key(|c| (c.0, c.1));
        out.into_iter().map(|c| c.2).collect::<Vec<_>>()
    };
    let mut stack = vec![(candidates(0, &chosen, &taken, &times), 0usize)];
    let mut nodes = 0;
    while let Some(depth) = stack.len().checked_sub(1) {
        if chosen.len() > depth
            && let Some(t) = chosen.pop()
        {
            for e in extras(n, depth, t) {
                taken.remove(e);
            }
            for m in trio(n, depth, t) {
                times[m] -= 1;
            }
        }
        let Some((options, next)) = stack.last_mut() else { break };
        let Some(&t) = options.get(*next) else {
            stack.pop();
            continue;
        };
        *next += 1;
        nodes += 1;
        if nodes > budget {
            return None;
        }
        for e in extras(n, depth, t) {
            taken.insert(e);
        }
        for m in trio(n, depth, t) {
            times[m] += 1;
        }
        chosen.push(t);
        if chosen.len() == r {
            return Some(chosen);
        }
        stack.push((candidates(depth + 1, &chosen, &taken, &times), 0));
    }
    None
}

/// How a candidate trio ranks, least first: repeats, sharing with the last trio, past trios.
type Score = (usize, bool, usize);

/// What the rounds taken so far have met, in circle terms.
struct State {
    n: usize,
    /// Circle rounds already used (all their pairs met).
    used: Vec<bool>,
    /// Extra meetings of trios so far.
    extra: Pairs,
    /// Per circle round: how many of its pairs a trio already met.
    hits: Vec<usize>,
    /// Per seat: times in a trio.
    times: Vec<usize>,
}

impl State {
    fn new(n: usize) -> Self {
        Self { n, used: vec![false; n], extra: Pairs::new(n), hits: vec![0; n], times: vec![0; n] }
    }

    fn met(&self, pair: (usize, usize)) -> bool {
        self.used[round_of(self.n, pair)] || self.extra.contains(pair)
    }

    /// Uses circle round `s` with its trio spaced `t`.
    fn take(&mut self, s: usize, t: usize) {
        self.used[s] = true;
        for m in trio(self.n, s, t) {
            self.times[m] += 1;
        }
        for e in extras(self.n, s, t) {
            if self.extra.insert(e) {
                self.hits[round_of(self.n, e)] += 1;
            }
        }
    }

    /// The pair index (1..=(n-1)/2) of spacing `t`: the pair 2t seats either side.
    fn pair_index(&self, t: usize) -> usize {
        let d = (2 * t) % self.n;
        d.min(self.n - d)
    }

    /// The next round and spacing: fewest repeats, then a trio apart from the last one, then one
    /// of people who were in fewer trios.
    fn best_next(&self, last: Option<(usize, usize)>) -> (usize, usize) {
        let n = self.n;
        let before = last.map(|(s, t)| trio(n, s, t));
        let mut open: Vec<(usize, usize)> = (0..n).filter(|&s| !self.used[s]).map(|s| (self.hits[s], s)).collect();
        if open.len() > WEIGHED {
            open.select_nth_unstable(WEIGHED);
            open.truncate(WEIGHED);
        }
        open.sort_unstable();
        let h = n / 2;
        let stride = h.div_ceil(SPACINGS).max(1);
        // (repeats, shares someone with the last trio, trios its people were in), (round, spacing)
        let mut best: Option<(Score, (usize, usize))> = None;
        for &(_, s) in &open {
            for t in (1..=h).rev().step_by(stride) {
                let members = trio(n, s, t);
                let repeats = self.hits[s] + extras(n, s, t).iter().filter(|&&e| self.met(e)).count();
                let load = members.iter().map(|&m| self.times[m]).sum();
                let score = (repeats, before.is_some_and(|b| share(b, members)), load);
                if best.is_none_or(|(b, _)| score < b) {
                    best = Some((score, (s, t)));
                }
            }
        }
        best.map_or((open.first().map_or(0, |o| o.1), 1), |(_, choice)| choice)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Rounds from the start of the plan with no repeated meeting.
    fn clean_rounds(n: usize) -> usize {
        let (order, offsets) = plan(n);
        let mut met = HashSet::new();
        for (step, (&s, &i)) in order.iter().zip(&offsets).enumerate() {
            let mut meetings: Vec<(usize, usize)> = (1..=n / 2).map(|j| key((s + j) % n, (s + n - j) % n)).collect();
            let (a, b) = ((s + i) % n, (s + n - i) % n);
            meetings.extend([key(s, a), key(s, b)]);
            if !meetings.into_iter().all(|m| met.insert(m)) {
                return step;
            }
        }
        n
    }

    #[test]
    fn the_prefix_reaches_half_the_circle() {
        assert_eq!(clean_rounds(3), 1);
        assert_eq!(clean_rounds(5), 1);
        assert_eq!(clean_rounds(7), 3);
        for n in (9..=61).step_by(2) {
            let want = if n == 13 { 5 } else { n / 2 };
            assert!(clean_rounds(n) >= want, "n={n}: {} clean rounds, want {want}", clean_rounds(n));
        }
    }

    #[test]
    fn trios_rotate_and_rarely_share_anyone_with_the_one_before() {
        // Over the n rounds of a cycle (the last followed by the first): a trio shares someone
        // with the one before at most 6 times, and nobody is in more than 7 trios (3 on average).
        for n in (7..=151).step_by(2) {
            let (order, offsets) = plan(n);
            let trios: Vec<[usize; 3]> =
                order.iter().zip(&offsets).map(|(&s, &i)| [s, (s + i) % n, (s + n - i) % n]).collect();
            let sharing = (0..n).filter(|&k| share(trios[k], trios[(k + 1) % n])).count();
            assert!(sharing <= 6, "n={n}: {sharing} trios share someone with the one before");
            let mut times = vec![0; n];
            for &seat in trios.iter().flatten() {
                times[seat] += 1;
            }
            assert!(times.iter().all(|&t| (1..=7).contains(&t)), "n={n}: trios per person {times:?}");
        }
    }

    #[test]
    fn the_plan_uses_every_round_once_with_offsets_in_range() {
        for n in (3..=101).step_by(2) {
            let (mut order, offsets) = plan(n);
            order.sort_unstable();
            assert_eq!(order, (0..n).collect::<Vec<_>>());
            assert!(offsets.iter().all(|&i| (1..=n / 2).contains(&i)), "n={n}: {offsets:?}");
        }
    }
}
