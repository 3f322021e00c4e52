//! A pair-share round: the prompt, whose turn it is, and who is paired with whom.

use super::content::{Passage, Tone};
use crate::flow::Half;
use crate::session::PairShare;

/// The passages of a pair-share screen, and the place within the step.
pub fn passages(p: &PairShare, round: u32, half: Half, has_roster: bool) -> (Vec<Passage>, String) {
    let turn = match half {
        Half::First => "first speaker (A) talks, B listens",
        Half::Second => "swap: second speaker (B) talks, A listens",
    };
    let mut passages = vec![Passage::new(p.prompt.clone(), Tone::Words), Passage::new(turn, Tone::Secondary)];
    if !has_roster {
        passages.push(Passage::optional("Find a partner and decide who speaks first.", Tone::Dim));
    }
    (passages, format!("round {} of {}", round + 1, p.rounds))
}
