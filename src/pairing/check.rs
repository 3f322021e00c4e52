//! Whether a [`Grouping`] read back from a journal (which anyone can edit) can be used for a
//! roster: checks the values, not only the counts, so a tampered file is refused with a reason
//! rather than showing a nameless person, losing someone, or panicking later.

use super::Grouping;

/// Why a saved grouping does not fit its roster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(String);

/// See [`Grouping::check`].
pub fn check(grouping: &Grouping, people: usize) -> Result<(), Invalid> {
    let invalid = |reason: String| Err(Invalid(reason));
    if let Some(&p) = grouping.present.iter().find(|&&p| p >= people) {
        return invalid(format!("person {p} present on a roster of {people}"));
    }
    if let Some(&[a, b]) = grouping.present.windows(2).find(|w| w[0] >= w[1]) {
        return invalid(format!("the people present are not sorted and unique ({a} then {b})"));
    }
    if let Some(circle) = &grouping.circle {
        circle.check().or_else(invalid)?;
        let n = circle.people();
        if n > people || grouping.present.len() != n || grouping.present.last() != Some(&(n - 1)) {
            return invalid(format!("a circle of {n} people with {} present of {people}", grouping.present.len()));
        }
    }
    let mut seen = vec![usize::MAX; people];
    for (&index, round) in &grouping.rounds {
        for group in round {
            if group.0.len() < 2 {
                return invalid(format!("round {index} has a group of {}", group.0.len()));
            }
            for &p in &group.0 {
                match seen.get_mut(p) {
                    None => return invalid(format!("round {index} names person {p} on a roster of {people}")),
                    Some(last) if *last == index => return invalid(format!("round {index} names person {p} twice")),
                    Some(last) => *last = index,
                }
            }
        }
    }
    Ok(())
}
