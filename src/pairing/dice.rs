//! The engine's only source of chance: a `ChaCha8` stream per purpose, seeded from the session's
//! seed. Only raw `next_u64` words are taken from the generator, and ranges and shuffles are
//! done here, so the groups of a seed stay the same across versions of `rand` (whose
//! `random_range` and `shuffle` may change) and across platforms (no `usize` in the words).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded, portable random stream.
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// The stream for the circle's relabelling.
    pub const LABELS: u64 = 0;

    /// Stream `stream` of `seed`: different streams never share words.
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Self(rng)
    }

    /// The stream for the making of global round `index`.
    pub fn for_round(seed: u64, index: usize) -> Self {
        Self::new(seed, (index as u64).wrapping_add(1))
    }

    /// A raw 64-bit word.
    pub fn word(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (0 when `n` is 0): the high half of a 128-bit product, whose bias is
    /// below 2^-54 for any room size.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.word()) * n as u128) >> 64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_of_a_seed_never_change() {
        // Pinned so a change of generator, of its seeding or of the shuffle cannot pass unnoticed:
        // it would change the future groups of every saved session.
        let mut shuffled: Vec<usize> = (0..10).collect();
        Dice::new(7, Dice::LABELS).shuffle(&mut shuffled);
        assert_eq!(shuffled, [4, 6, 2, 0, 8, 3, 7, 5, 9, 1]);
        let mut other = Dice::new(7, 1);
        assert_ne!(other.word(), Dice::new(7, Dice::LABELS).word(), "streams are apart");
    }

    #[test]
    fn below_stays_in_range() {
        let mut dice = Dice::new(1, 2);
        assert!((0..1000).all(|_| dice.below(3) < 3));
        assert_eq!(dice.below(0), 0);
        assert_eq!(dice.below(1), 0);
    }
}
