//! A group step's round: the changeover while people find their group, then each phase with its
//! title in big letters, who acts, the instruction, what comes next, the groups with the role
//! next to each name (those acting marked), and the banner that cues each phase for a few
//! seconds. A room smaller than the step is written for is told what happens instead.

use std::time::Instant;

use super::content::{Content, Groups, Marks, Passage, Tone};
use crate::flow::{Cue, Flow, Part};
use crate::session::{GroupWork, Who, duration};

/// Fills in the screen of group step `g` at `part`.
pub fn fill(content: &mut Content, flow: &Flow, g: &GroupWork, part: Part, now: Instant) {
    // "round 2 of 3 · phase 1 of 4", leaving out a count of one.
    let place = |round: u32, then: Option<String>| {
        let round = (g.rounds > 1).then(|| format!("round {} of {}", round + 1, g.rounds));
        round.into_iter().chain(then).collect::<Vec<_>>().join(" · ")
    };
    let roster = !flow.roster().is_empty();
    let (here, groups) = flow.groups().map_or((flow.pairing().present().len(), 1), |round| {
        (round.iter().map(|group| group.0.len()).sum(), round.len())
    });
    content.passages.extend(too_few(g, here, groups).filter(|_| roster));
    match part {
        Part::Changeover { round } => {
            content.passages.push(Passage::new(find(g, roster), Tone::Words));
            content.passages.push(Passage::new(g.prompt.clone(), Tone::Secondary));
            content.detail = place(round, Some("find your group".to_owned()));
            content.countdown = true;
        }
        Part::Phase { round, phase } => {
            let Some(p) = g.phases.get(phase) else { return };
            content.big = Some(p.title.clone());
            content.big_first = true;
            // With the groups on screen, who acts is marked beside the names and the prompt was
            // on screen while people found their group: the phase's instruction and what comes
            // next are the words, and a small window drops them (from the last) before a name.
            let instruction = p.text.clone().unwrap_or_else(|| g.prompt.clone());
            if flow.groups().is_some() {
                content.passages.push(Passage::optional(instruction, Tone::Words));
            } else {
                if !g.roles.is_empty() {
                    content.passages.push(Passage::new(format!("Who: {}", g.who(phase)), Tone::Secondary));
                }
                content.passages.push(Passage::new(instruction, Tone::Words));
                if p.text.is_some() {
                    content.passages.push(Passage::optional(g.prompt.clone(), Tone::Secondary));
                }
            }
            if !roster && round == 0 && phase == 0 && flow.session().timer.changeover.is_zero() {
                // Without a changeover, the first phase is the only time to say how to begin.
                content.passages.push(Passage::optional(find(g, false), Tone::Dim));
            }
            content.passages.extend(next(g, round, phase).map(|n| Passage::optional(n, Tone::Dim)));
            let phases = (g.phases.len() > 1).then(|| format!("phase {} of {}", phase + 1, g.phases.len()));
            content.detail = place(round, phases);
            content.banner = flow.cue(now).and_then(|cue| banner(g, cue, round));
        }
        Part::Whole | Part::Question(_) | Part::Round { .. } => {}
    }
    let acting = match part {
        Part::Phase { phase, .. } if matches!(g.phases.get(phase).map(|p| p.who), Some(Who::Role(_))) => {
            let places = flow.groups().map_or(0, |r| r.iter().map(|m| m.0.len()).max().unwrap_or(0));
            (0..places).map(|place| g.acts(phase, place)).collect()
        }
        _ => Vec::new(),
    };
    let marks = Marks::Roles { roles: g.roles.clone(), acting };
    content.groups = flow.groups().map(|round| Groups::new(round, flow.roster(), marks));
}

/// What people do to find their group.
fn find(g: &GroupWork, roster: bool) -> String {
    let first = g.roles.first().map_or(String::new(), |role| format!(" Decide who is {role} first."));
    match (roster, g.join) {
        (true, true) => "Join up with your new group: the groups are on the screen.".to_owned(),
        (true, false) => "Find your group: the groups are on the screen.".to_owned(),
        (false, true) => format!("Join up with another group to make groups of about {}.{first}", g.size),
        (false, false) => format!("Find a group of {}.{first}", g.size),
    }
}

/// What the room is told when fewer people are here than the step is written for: `here` people
/// in `groups` groups (the round on screen, or everyone present before it is made).
fn too_few(g: &GroupWork, here: usize, groups: usize) -> Option<Passage> {
    let text = match here {
        n if n >= g.min_people => return None,
        0 | 1 => "Too few people are here to work in groups.".to_owned(),
        n if groups == 1 => {
            format!(
                "This step is written for at least {} people; with {n} here, everyone works as one group.",
                g.min_people
            )
        }
        n => format!("This step is written for at least {} people; {n} are here.", g.min_people),
    };
    Some(Passage::new(text, Tone::Secondary))
}

/// The phase after `phase`, or the next round, in a word.
fn next(g: &GroupWork, round: u32, phase: usize) -> Option<String> {
    match g.phases.get(phase + 1) {
        Some(p) => Some(format!("Next: {} ({})", p.title, duration::words(p.duration))),
        None if round + 1 < g.rounds => Some(format!("Next: round {}", round + 2)),
        None => None,
    }
}

/// The banner cueing the phase that has just begun: its title and who acts, and the round when a
/// new one starts.
fn banner(g: &GroupWork, cue: Cue, round: u32) -> Option<String> {
    let Cue::Phase(phase) = cue else { return None };
    let p = g.phases.get(phase)?;
    let start = if phase == 0 && g.rounds > 1 { format!("Round {} · ", round + 1) } else { String::new() };
    let who = if g.roles.is_empty() { String::new() } else { format!(" · {}", g.who(phase)) };
    Some(format!("▶ {start}{}{who}", p.title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Leftover, Phase, Regroup};

    fn troika() -> GroupWork {
        let phase = |title: &str, who| Phase {
            title: title.into(),
            who,
            duration: std::time::Duration::from_mins(2),
            text: None,
            notes: None,
        };
        GroupWork {
            prompt: "A challenge".into(),
            size: 3,
            leftover: Leftover::Bigger,
            min_people: 3,
            rounds: 3,
            regroup: Regroup::Never,
            join: false,
            roles: vec!["client".into(), "consultant".into()],
            phases: vec![phase("Client shares", Who::Role(0)), phase("Consultants talk", Who::Role(1))],
        }
    }

    #[test]
    fn banners_name_the_phase_who_acts_and_a_new_round() {
        let g = troika();
        assert_eq!(banner(&g, Cue::Phase(0), 1).as_deref(), Some("▶ Round 2 · Client shares · client"));
        assert_eq!(banner(&g, Cue::Phase(1), 1).as_deref(), Some("▶ Consultants talk · consultant"));
        assert_eq!(next(&g, 0, 0).as_deref(), Some("Next: Consultants talk (2m)"));
        assert_eq!(next(&g, 0, 1).as_deref(), Some("Next: round 2"));
        assert_eq!(next(&g, 2, 1), None);
    }

    #[test]
    fn a_small_room_is_told_what_happens() {
        let g = troika();
        assert_eq!(too_few(&g, 3, 1), None);
        assert!(too_few(&g, 2, 1).is_some_and(|p| p.text.contains("with 2 here, everyone works as one group")));
        assert!(too_few(&g, 1, 0).is_some_and(|p| p.text.contains("Too few")));
        let eight = GroupWork { min_people: 8, ..g };
        assert!(too_few(&eight, 6, 2).is_some_and(|p| p.text.ends_with("at least 8 people; 6 are here.")));
    }
}
