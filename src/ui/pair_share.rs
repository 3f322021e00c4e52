//! A pair-share round: the changeover while people find their partners, then the prompt, who
//! speaks now and who listens (in pairs and in a trio), and the banner that cues each change of
//! speaker for a few seconds.

use super::content::{Passage, Tone};
use crate::flow::{Cue, Half, Part};
use crate::session::PairShare;

/// The people of a round: whether it has pairs, a trio, or neither (no roster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room {
    /// A roster is known.
    pub roster: bool,
    /// Some groups are pairs.
    pub pairs: bool,
    /// One group is a trio.
    pub trio: bool,
}

/// The passages of a pair-share screen at `part`, with the place within the step.
pub fn passages(
    p: &PairShare,
    part: Part,
    room: Room,
    trio_speaker: usize,
    changeover: bool,
) -> (Vec<Passage>, String) {
    let of = |round: u32| format!("round {} of {}", round + 1, p.rounds);
    match part {
        Part::Changeover { round } => {
            let find = if room.roster {
                "Find your partner: the pairs are on the screen."
            } else {
                "Find a partner and decide who speaks first."
            };
            let passages = vec![Passage::new(find, Tone::Words), Passage::new(p.prompt.clone(), Tone::Secondary)];
            (passages, format!("{} · find your partner", of(round)))
        }
        Part::Round { round, half } => {
            let mut passages = vec![Passage::new(p.prompt.clone(), Tone::Words)];
            passages.extend(speakers(half, room, trio_speaker).into_iter().map(|l| Passage::new(l, Tone::Secondary)));
            // Without a changeover, the first turn is the only time to say how to begin.
            if !changeover && !room.roster && half == Half::First {
                passages.push(Passage::optional("Find a partner and decide who speaks first.", Tone::Dim));
            }
            (passages, of(round))
        }
        Part::Whole | Part::Question(_) | Part::Phase { .. } => (Vec::new(), String::new()),
    }
}

/// Who speaks and who listens now: a line for the pairs and one for a trio.
pub fn speakers(half: Half, room: Room, trio_speaker: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if room.pairs || !room.roster {
        lines.push(match half {
            Half::First => "A speaks, B listens".to_owned(),
            Half::Second => "B speaks, A listens".to_owned(),
        });
    }
    if room.trio {
        let line = trio_line(trio_speaker);
        lines.push(if room.pairs { format!("In the trio: {line}") } else { line });
    }
    lines
}

/// "C speaks, A and B listen".
fn trio_line(speaker: usize) -> String {
    let letters = ["A", "B", "C"];
    let speaker = speaker.min(2);
    let listeners: Vec<&str> = (0..3).filter(|&i| i != speaker).map(|i| letters[i]).collect();
    format!("{} speaks, {} listen", letters[speaker], listeners.join(" and "))
}

/// The banner for a change of speaker being cued; none for the pairs' swap in a room that is
/// only a trio (its own changes come at thirds of the round, each with a banner of its own).
pub fn banner(cue: Cue, room: Room) -> Option<String> {
    let pairs = room.pairs || !room.roster;
    match cue {
        Cue::Phase(_) => None,
        Cue::Turn(Half::First) => Some(format!("Round starts: {}", speakers(Half::First, room, 0).join(" · "))),
        Cue::Turn(Half::Second) => pairs.then(|| "Swap: B speaks, A listens".to_owned()),
        Cue::Trio(speaker) if pairs => Some(format!("Trio: {}", trio_line(speaker))),
        Cue::Trio(speaker) => Some(trio_line(speaker)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trio_names_every_speaker_in_turn() {
        let three = Room { roster: true, pairs: false, trio: true };
        assert_eq!(speakers(Half::First, three, 0), ["A speaks, B and C listen"]);
        assert_eq!(speakers(Half::Second, three, 2), ["C speaks, A and B listen"]);
        let seven = Room { roster: true, pairs: true, trio: true };
        assert_eq!(speakers(Half::Second, seven, 1), ["B speaks, A listens", "In the trio: B speaks, A and C listen"]);
        assert_eq!(banner(Cue::Trio(2), seven).as_deref(), Some("Trio: C speaks, A and B listen"));
        assert_eq!(banner(Cue::Turn(Half::Second), seven).as_deref(), Some("Swap: B speaks, A listens"));
        assert_eq!(banner(Cue::Turn(Half::Second), three), None);
    }
}
