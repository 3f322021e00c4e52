//! Groups of three or more with no repeated meeting for as many rounds as a construction can
//! promise, for a room that divides exactly into `m` groups of `k` (the roster unchanged). People
//! sit on a k × m grid, relabelled by the seed; in round s, group j takes from each row i the
//! person at column `j + a(i)·s`, the row multipliers `a(i)` being distinct elements of a ring
//! where every difference `a(i) - a(i')` is invertible. Two people of different rows then share a group in
//! exactly one of the m rounds, people of one row in none: m rounds without a repeat (a
//! resolvable transversal design). When m = k the rows themselves are one more round (an affine
//! plane: 16 in fours get 5 rounds, 25 in fives 6, 49 in sevens 8, 64 in eights 9).
//!
//! The ring is the integers mod m when m's smallest prime factor is at least k (multipliers
//! 0..k), or the field of 2^e elements when m is a power of two. Other rooms use the search.

use super::dice::Dice;

/// Stream of the grid's relabelling (apart from the circle's and every round's).
const LABELS: u64 = u64::MAX;

/// How columns are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ring {
    /// Integers mod m.
    Modular(usize),
    /// GF(2^e), with its reduction polynomial.
    Binary(usize, usize),
}

/// A grid for `n` people in groups of `size`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    size: usize,
    ring: Ring,
    /// Grid cell (row * m + column) → local index.
    labels: Vec<usize>,
}

/// Irreducible polynomials for GF(2^e), e = 2..=8 (index e).
const POLYNOMIALS: [usize; 9] = [0, 0, 0b111, 0b1011, 0b1_0011, 0b10_0101, 0b100_0011, 0b1000_0011, 0b1_0001_1011];

impl Grid {
    /// The grid for `n` people in groups of `size` (3..=8), when the room allows one.
    pub fn new(n: usize, size: usize, seed: u64) -> Option<Self> {
        if size < 3 || !n.is_multiple_of(size) {
            return None;
        }
        let m = n / size;
        if m < size {
            return None;
        }
        let ring = if smallest_factor(m) >= size {
            Ring::Modular(m)
        } else if m.is_power_of_two() {
            let e = m.trailing_zeros() as usize;
            Ring::Binary(m, *POLYNOMIALS.get(e)?)
        } else {
            return None;
        };
        let mut labels: Vec<usize> = (0..n).collect();
        Dice::new(seed, LABELS).shuffle(&mut labels);
        Some(Self { size, ring, labels })
    }

    fn columns(&self) -> usize {
        match self.ring {
            Ring::Modular(m) | Ring::Binary(m, _) => m,
        }
    }

    /// How many rounds pass without a repeat.
    pub fn rounds(&self) -> usize {
        let m = self.columns();
        m + usize::from(m == self.size)
    }

    /// Column of row `row` in group `group` of round `step`: `group + a(row)·step`.
    fn column(&self, row: usize, group: usize, step: usize) -> usize {
        match self.ring {
            Ring::Modular(m) => (group + row * step) % m,
            Ring::Binary(_, poly) => group ^ multiply(row, step, poly),
        }
    }

    /// The groups (local indices) of round `step`, which must be below [`Grid::rounds`].
    pub fn round(&self, step: usize) -> Vec<Vec<usize>> {
        let m = self.columns();
        let cell = |row: usize, column: usize| self.labels.get(row * m + column).copied().unwrap_or_default();
        if step >= m {
            return (0..self.size).map(|row| (0..m).map(|c| cell(row, c)).collect()).collect();
        }
        (0..m).map(|group| (0..self.size).map(|row| cell(row, self.column(row, group, step))).collect()).collect()
    }
}

/// The smallest prime factor of `m` (m itself when prime; 1 has none and gives 1).
fn smallest_factor(m: usize) -> usize {
    (2..=m.isqrt()).find(|&f| m.is_multiple_of(f)).unwrap_or(m)
}

/// Product in GF(2^e) reduced by `poly` (of degree e).
fn multiply(mut a: usize, mut b: usize, poly: usize) -> usize {
    let top = 1 << (usize::BITS - 1 - poly.leading_zeros());
    let mut product = 0;
    while b != 0 {
        if b & 1 == 1 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & top != 0 {
            a ^= poly;
        }
    }
    product
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// Rounds from the first with no repeated meeting, checking everyone is placed once.
    fn clean(n: usize, size: usize) -> usize {
        let grid = Grid::new(n, size, 4).expect("a grid");
        let mut met = HashSet::new();
        for step in 0..grid.rounds() {
            let round = grid.round(step);
            let mut placed: Vec<usize> = round.concat();
            placed.sort_unstable();
            assert_eq!(placed, (0..n).collect::<Vec<_>>(), "{n} in {size}s, step {step}");
            assert!(round.iter().all(|g| g.len() == size));
            for g in &round {
                for (i, &a) in g.iter().enumerate() {
                    for &b in &g[i + 1..] {
                        if !met.insert((a.min(b), a.max(b))) {
                            return step;
                        }
                    }
                }
            }
        }
        grid.rounds()
    }

    #[test]
    fn affine_planes_and_transversal_designs_repeat_nobody() {
        for (n, size, rounds) in [(9, 3, 4), (12, 3, 4), (16, 4, 5), (20, 4, 5), (25, 5, 6), (49, 7, 8), (64, 8, 9)] {
            assert_eq!(clean(n, size), rounds, "{n} in {size}s");
        }
        for size in 3..=8 {
            for n in (size * size..=300).step_by(size) {
                if let Some(grid) = Grid::new(n, size, 1) {
                    assert_eq!(clean(n, size), grid.rounds(), "{n} in {size}s");
                }
            }
        }
    }

    #[test]
    fn rooms_without_a_grid() {
        assert!(Grid::new(30, 3, 0).is_none(), "10 columns: 2 divides it, and it is no power of two");
        assert!(Grid::new(12, 4, 0).is_none(), "3 groups of 4: fewer columns than rows");
        assert!(Grid::new(13, 3, 0).is_none(), "not a multiple");
        assert!(Grid::new(8, 2, 0).is_none(), "pairs have the circle");
    }

    #[test]
    fn the_binary_field_multiplies() {
        // In GF(4) with x² + x + 1: x · x = x + 1, and every non-zero element has an inverse.
        assert_eq!(multiply(2, 2, 0b111), 3);
        for (e, &poly) in POLYNOMIALS.iter().enumerate().skip(2) {
            let m = 1 << e;
            for a in 1..m {
                assert_eq!((1..m).filter(|&b| multiply(a, b, poly) == 1).count(), 1, "GF({m}): {a}");
            }
        }
    }
}
