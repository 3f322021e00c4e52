//! A text step: instructions, a break, framing, shown large.

use super::content::{Block, Tone};

/// The blocks of a text screen.
pub fn blocks(text: &str) -> Vec<Block> {
    vec![Block::new(text, Tone::Words)]
}
