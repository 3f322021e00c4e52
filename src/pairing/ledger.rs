//! What the rounds so far say about the people present now, for making the next round: how often
//! each two have met, how often each has held each role, how often each has been in a group
//! bigger than asked. People are counted by their place in the sorted `present` list ("local"
//! indices), so the tables are as big as the room, whatever the roster indices. Rounds are taken
//! in order as they are made; the meeting table is only built when a search needs it (the circle
//! does not), so a thousand rounds of pairs never pay for it.

use std::collections::{BTreeMap, HashMap};

use super::{Round, Spec};

/// Roles counted per person: positions past this in a group are ordered by chance alone.
pub const ROLES: usize = 8;

/// Rooms up to this size keep meetings in a square table; larger ones in a map.
const DENSE: usize = 2048;

/// The history of the people present, as counts.
pub struct Ledger {
    /// Roster indices present, sorted and unique.
    present: Vec<usize>,
    /// Whether `present` is exactly `0..n` (then a roster index is its own local index).
    identity: bool,
    /// Per local person: times held position 0, 1, ... of a group.
    roles: Vec<[u16; ROLES]>,
    /// Per local person: rounds spent in a group bigger than that round's size.
    over: Vec<u16>,
    /// Rounds before this one are counted in `roles` and `over`.
    seen: usize,
    /// Times each two met, once built; rounds before `met_seen` are counted.
    met: Option<Met>,
    met_seen: usize,
}

/// Times met, by pairs of local indices.
enum Met {
    Dense { n: usize, cells: Vec<u8> },
    Sparse(HashMap<(u32, u32), u8>),
}

impl Ledger {
    /// An empty ledger for `present` (sorted, unique roster indices).
    pub fn new(present: &[usize]) -> Self {
        let n = present.len();
        let identity = present.last().is_none_or(|&last| last + 1 == n);
        Self {
            present: present.to_vec(),
            identity,
            roles: vec![[0; ROLES]; n],
            over: vec![0; n],
            seen: 0,
            met: None,
            met_seen: 0,
        }
    }

    /// How many people are present.
    pub fn len(&self) -> usize {
        self.present.len()
    }

    /// The local index of roster index `person`, if present.
    pub fn local(&self, person: usize) -> Option<usize> {
        if self.identity {
            (person < self.present.len()).then_some(person)
        } else {
            self.present.binary_search(&person).ok()
        }
    }

    /// The roster index of local index `local`.
    pub fn person(&self, local: usize) -> usize {
        self.present.get(local).copied().unwrap_or(local)
    }

    /// Counts roles and over-size groups of every round of `history` before `upto` not yet counted.
    pub fn catch_up(&mut self, history: &BTreeMap<usize, Round>, specs: &[Spec], upto: usize) {
        if upto <= self.seen {
            return;
        }
        for (&index, round) in history.range(self.seen..upto) {
            let size = specs.get(index).map_or(usize::MAX, |s| s.group_size());
            for group in round {
                let over = group.0.len() > size;
                for (position, &person) in group.0.iter().enumerate() {
                    let Some(l) = self.local(person) else { continue };
                    if let Some(count) = self.roles[l].get_mut(position) {
                        *count = count.saturating_add(1);
                    }
                    if over {
                        self.over[l] = self.over[l].saturating_add(1);
                    }
                }
            }
        }
        self.seen = upto;
    }

    /// Makes sure meetings of every round of `history` before `upto` are counted.
    pub fn catch_up_meetings(&mut self, history: &BTreeMap<usize, Round>, upto: usize) {
        let n = self.present.len();
        if self.met.is_none() {
            self.met =
                Some(if n <= DENSE { Met::Dense { n, cells: vec![0; n * n] } } else { Met::Sparse(HashMap::new()) });
            self.met_seen = 0;
        }
        if upto <= self.met_seen {
            return;
        }
        let mut locals = Vec::new();
        for round in history.range(self.met_seen..upto).map(|(_, r)| r) {
            for group in round {
                locals.clear();
                locals.extend(group.0.iter().filter_map(|&p| self.local(p)));
                for (i, &a) in locals.iter().enumerate() {
                    for &b in &locals[i + 1..] {
                        self.add_meeting(a, b);
                    }
                }
            }
        }
        self.met_seen = upto;
    }

    fn add_meeting(&mut self, a: usize, b: usize) {
        match &mut self.met {
            Some(Met::Dense { n, cells }) => {
                for at in [a * *n + b, b * *n + a] {
                    if let Some(c) = cells.get_mut(at) {
                        *c = c.saturating_add(1);
                    }
                }
            }
            Some(Met::Sparse(map)) => {
                let c = map.entry(pair(a, b)).or_default();
                *c = c.saturating_add(1);
            }
            None => {}
        }
    }

    /// Times local people `a` and `b` met (0 before `catch_up_meetings`).
    pub fn met(&self, a: usize, b: usize) -> u32 {
        u32::from(match &self.met {
            Some(Met::Dense { n, cells }) => cells.get(a * n + b).copied().unwrap_or(0),
            Some(Met::Sparse(map)) => map.get(&pair(a, b)).copied().unwrap_or(0),
            None => 0,
        })
    }

    /// Times local person `l` held role `position` (0 past the counted roles).
    pub fn role(&self, l: usize, position: usize) -> u16 {
        self.roles.get(l).and_then(|r| r.get(position)).copied().unwrap_or(0)
    }

    /// Rounds local person `l` spent in a group bigger than asked.
    pub fn over(&self, l: usize) -> u16 {
        self.over.get(l).copied().unwrap_or(0)
    }
}

/// The ledger kept between calls of `Grouping::round`, so asking rounds one by one costs no
/// more than asking the last: derived data, never saved, equal to any other, and not copied by a
/// clone (the copy counts again when it first needs to).
#[derive(Default)]
pub struct Kept(Option<Box<Ledger>>);

impl Kept {
    /// The kept ledger if it is for `present`, else a new one.
    pub fn take(&mut self, present: &[usize]) -> Ledger {
        match self.0.take() {
            Some(ledger) if ledger.present == present => *ledger,
            _ => Ledger::new(present),
        }
    }

    /// Keeps `ledger` for the next call.
    pub fn keep(&mut self, ledger: Ledger) {
        self.0 = Some(Box::new(ledger));
    }

    /// Forgets the ledger (the rounds it counted may be gone).
    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl Clone for Kept {
    fn clone(&self) -> Self {
        Self(None)
    }
}

impl PartialEq for Kept {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Kept {}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() { "Kept(ledger)" } else { "Kept(none)" })
    }
}

fn pair(a: usize, b: usize) -> (u32, u32) {
    (a.min(b) as u32, a.max(b) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairing::Group;

    #[test]
    fn counts_only_the_people_present() {
        let mut history = BTreeMap::new();
        history.insert(0, vec![Group(vec![3, 8, 5]), Group(vec![1, 2])]);
        history.insert(1, vec![Group(vec![8, 3]), Group(vec![5, 1, 2])]);
        let mut ledger = Ledger::new(&[1, 3, 5, 8]);
        ledger.catch_up(&history, &[Spec::PAIRS; 2], 2);
        ledger.catch_up_meetings(&history, 2);
        let (l3, l8, l5, l1) = (1, 3, 2, 0);
        assert_eq!(ledger.local(8), Some(l8));
        assert_eq!(ledger.local(2), None, "2 left");
        assert_eq!(ledger.met(l3, l8), 2);
        assert_eq!(ledger.met(l8, l3), 2);
        assert_eq!(ledger.met(l5, l1), 1);
        assert_eq!(ledger.met(l1, l3), 0);
        assert_eq!((ledger.role(l3, 0), ledger.role(l3, 1), ledger.role(l8, 0)), (1, 1, 1));
        assert_eq!((ledger.over(l3), ledger.over(l5), ledger.over(l1)), (1, 2, 1));
    }
}
