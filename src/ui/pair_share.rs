//! A pair-share round: the prompt, whose turn it is, and who is paired with whom.

use super::content::{Block, Tone};
use crate::flow::Half;
use crate::session::PairShare;

/// The blocks of a pair-share screen, and the place within the step.
pub fn blocks(p: &PairShare, round: u32, half: Half, has_roster: bool) -> (Vec<Block>, String) {
    let turn = match half {
        Half::First => "first speaker (A) talks, B listens",
        Half::Second => "swap: second speaker (B) talks, A listens",
    };
    let mut blocks = vec![Block::new(p.prompt.clone(), Tone::Words), Block::new(turn, Tone::Secondary)];
    if !has_roster {
        blocks.push(Block::optional("Find a partner and decide who speaks first.", Tone::Dim));
    }
    (blocks, format!("round {} of {}", round + 1, p.rounds))
}
