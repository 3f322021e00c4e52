//! A group step's validated form: rounds in groups of a chosen size, each round in the same timed
//! phases, with roles that may turn; and how a group's places are named by role.

use std::time::Duration;

use super::Leftover;

/// Rounds in groups of a chosen size, each round the same timed phases, with roles that may turn
/// from round to round (Troika Consulting, 1-2-4-All, TRIZ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupWork {
    /// What the groups work on.
    pub prompt: String,
    /// People per group, within `limits::GROUP`.
    pub size: usize,
    /// Where the people go who do not fill a last group.
    pub leftover: Leftover,
    /// The fewest people the step is written for (the group size unless the author said): with
    /// fewer present the screen says so (fewer than the group size make one group).
    pub min_people: usize,
    /// At least one.
    pub rounds: u32,
    /// New groups every round, or the first round's groups for them all.
    pub regroup: Regroup,
    /// The first round merges the groups of the previous step's last round (1-2-4-All).
    pub join: bool,
    /// The role of each place in a group, in order; places past the end take the last role.
    /// Empty: no roles. Never more than `size`.
    pub roles: Vec<String>,
    /// At least one, in order; every round has them all.
    pub phases: Vec<Phase>,
}

impl GroupWork {
    /// The length of one round: every phase.
    pub fn round(&self) -> Duration {
        self.phases.iter().map(|p| p.duration).sum()
    }

    /// Whether round `round` starts with new groups (and so with a changeover to find them).
    pub fn new_groups(&self, round: u32) -> bool {
        round == 0 || self.regroup == Regroup::EveryRound
    }

    /// The role of place `place` in a group (0 is the first), if the step has roles.
    pub fn role(&self, place: usize) -> Option<&str> {
        role_of(&self.roles, place)
    }

    /// Whether the member at `place` acts in phase `phase`.
    pub fn acts(&self, phase: usize, place: usize) -> bool {
        match self.phases.get(phase).map(|p| p.who) {
            Some(Who::Role(role)) => self.role(place) == self.roles.get(role).map(String::as_str),
            Some(Who::Everyone) | None => true,
        }
    }

    /// Who acts in `phase`, as the screen names them: a role, or everyone.
    pub fn who(&self, phase: usize) -> &str {
        match self.phases.get(phase).map(|p| p.who) {
            Some(Who::Role(role)) => self.roles.get(role).map_or("everyone", String::as_str),
            Some(Who::Everyone) | None => "everyone",
        }
    }
}

/// Whether a group step's rounds bring new groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regroup {
    /// New groups each round, with no repeated meeting while one can be avoided.
    EveryRound,
    /// The first round's groups stay for every round; their roles turn by one each round.
    Never,
}

/// One timed phase of a group round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// A short heading, shown in big letters.
    pub title: String,
    /// Who acts.
    pub who: Who,
    /// How long it lasts.
    pub duration: Duration,
    /// An instruction for the room, under the title.
    pub text: Option<String>,
    /// For the facilitator only.
    pub notes: Option<String>,
}

/// Who acts in a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Every member of every group.
    Everyone,
    /// The members holding this role (an index into the step's `roles`; the first of that name).
    Role(usize),
}

/// The role of place `place` of a group (0 is the first) when `roles` are its roles: places past
/// the end take the last role. `None` without roles.
fn role_of(roles: &[String], place: usize) -> Option<&str> {
    roles.get(place.min(roles.len().saturating_sub(1))).map(String::as_str)
}

/// The places of a group of `members` in runs that share a role, as (role, places); without
/// roles, each member is a run of its own with no role. Screens and exports label each run once:
/// `client Ana · consultant Ben, Chidi`.
pub fn role_runs(roles: &[String], members: usize) -> Vec<(&str, std::ops::Range<usize>)> {
    let role = |place: usize| role_of(roles, place).unwrap_or_default();
    let mut out: Vec<(&str, std::ops::Range<usize>)> = Vec::new();
    for place in 0..members {
        match out.last_mut() {
            Some((r, places)) if !roles.is_empty() && *r == role(place) => places.end = place + 1,
            _ => out.push((role(place), place..place + 1)),
        }
    }
    out
}

/// A group's `names` (in place order) with their roles, on one line: `client Ana · consultant
/// Ben, Chidi`, or `Ana · Ben · Chidi` without roles.
pub fn with_roles(roles: &[String], names: &[String]) -> String {
    role_runs(roles, names.len())
        .into_iter()
        .map(|(role, places)| {
            let names = names[places].join(", ");
            if role.is_empty() { names } else { format!("{role} {names}") }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
