//! How many people each group of a round holds, from the head count and the spec: the one rule
//! every kind of round (fresh, joined) follows, so the sizes a facilitator reads in the plan are
//! the sizes the room gets.

use super::Leftover;

/// Group sizes, largest first, for `n` people in groups of `size`: never a group of one.
///
/// `Bigger`: `n / size` groups (at least one), the leftover people spread one each over them
/// (13 in threes: 4, 3, 3, 3; 7 in pairs: 3, 2, 2; 14 in fours: 5, 5, 4). `Smaller`:
/// `ceil(n / size)` groups as even as possible (13 in fours: 4, 3, 3, 3), with fewer groups when
/// that would leave someone alone (7 in pairs keeps the one trio). Fewer people than `size`
/// make one group of everyone. Empty for fewer than two people.
pub fn sizes(n: usize, size: usize, leftover: Leftover) -> Vec<usize> {
    if n < 2 {
        return Vec::new();
    }
    let size = size.max(2);
    let mut groups = match leftover {
        Leftover::Bigger => n / size,
        Leftover::Smaller => n.div_ceil(size),
    }
    .max(1);
    while groups > 1 && n / groups < 2 {
        groups -= 1;
    }
    let (base, extra) = (n / groups, n % groups);
    (0..groups).map(|g| base + usize::from(g < extra)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_of_the_rule() {
        use Leftover::{Bigger, Smaller};
        assert_eq!(sizes(13, 3, Bigger), [4, 3, 3, 3]);
        assert_eq!(sizes(7, 2, Bigger), [3, 2, 2]);
        assert_eq!(sizes(14, 4, Bigger), [5, 5, 4]);
        assert_eq!(sizes(13, 4, Smaller), [4, 3, 3, 3]);
        assert_eq!(sizes(7, 2, Smaller), [3, 2, 2], "pairs keep the classic trio");
        assert_eq!(sizes(5, 8, Bigger), [5], "fewer than a group: one group of everyone");
        assert_eq!(sizes(5, 8, Smaller), [5]);
        assert_eq!(sizes(2, 3, Bigger), [2]);
        assert_eq!(sizes(1, 2, Bigger), Vec::<usize>::new());
        assert_eq!(sizes(11, 4, Bigger), [6, 5], "more leftover than groups: spread evenly");
    }

    #[test]
    fn every_head_count_is_placed_without_a_group_of_one() {
        for n in 2..=300 {
            for size in 2..=8 {
                for leftover in [Leftover::Bigger, Leftover::Smaller] {
                    let s = sizes(n, size, leftover);
                    assert_eq!(s.iter().sum::<usize>(), n, "n={n} size={size} {leftover:?}");
                    assert!(s.iter().all(|&g| g >= 2), "n={n} size={size} {leftover:?}: {s:?}");
                    assert!(s.first().zip(s.last()).is_some_and(|(a, b)| a - b <= 1), "{s:?}");
                }
            }
        }
    }
}
