//! A text step: instructions, a break, framing, shown large.

use super::content::{Passage, Tone};

/// The passages of a text screen.
pub fn passages(text: &str) -> Vec<Passage> {
    vec![Passage::new(text, Tone::Words)]
}
