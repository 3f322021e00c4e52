//! A quote: the words large, the attribution under them.

use super::content::{Passage, Tone};

/// The passages of a quote screen.
pub fn passages(text: &str, attribution: Option<&str>) -> Vec<Passage> {
    let mut passages = vec![Passage::new(format!("“{text}”"), Tone::Words)];
    if let Some(who) = attribution {
        passages.push(Passage::new(format!("— {who}"), Tone::Secondary));
    }
    passages
}
