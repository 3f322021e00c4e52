//! A quote: the words large, the attribution under them.

use super::content::{Block, Tone};

/// The blocks of a quote screen.
pub fn blocks(text: &str, attribution: Option<&str>) -> Vec<Block> {
    let mut blocks = vec![Block::new(format!("“{text}”"), Tone::Words)];
    if let Some(who) = attribution {
        blocks.push(Block::new(format!("— {who}"), Tone::Secondary));
    }
    blocks
}
