//! A validated session: the typed, checked form of a format-1 session file.
//!
//! Values of these types cannot be invalid: every step has a positive planned time, every
//! question list has a question, every text is cleaned of terminal controls. Knows nothing of
//! terminals or clocks.

pub mod diagnostic;
pub mod duration;
mod load;
mod raw;
pub mod schema;
pub mod shape;
mod structure;
pub mod validate;
pub mod warnings;

use std::time::Duration;

pub use crate::pairing::Leftover;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use load::{BUNDLED, Checked, LIBRARY, LoadError, check, from_str, load, read};
pub use warnings::RoomFit;

/// A whole session, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Heading of the welcome screen.
    pub title: String,
    /// Line under the title.
    pub subtitle: Option<String>,
    /// Who wrote the session.
    pub author: Option<String>,
    /// Credit line shown on the welcome screen.
    pub source: Option<String>,
    /// The slot the facilitator has, when the author said.
    pub planned: Option<Duration>,
    /// How timers behave.
    pub timer: TimerSettings,
    /// Names from `[participants]`, possibly empty.
    pub participants: Vec<String>,
    /// At least one step.
    pub steps: Vec<Step>,
}

impl Session {
    /// The planned length of the whole session: every step's planned time, and a changeover
    /// before every pair-share round.
    pub fn total(&self) -> Duration {
        self.steps_total() + self.steps.iter().map(|s| self.changeovers(s)).sum::<Duration>()
    }

    /// Every step's planned time added up, without the changeovers.
    pub fn steps_total(&self) -> Duration {
        self.steps.iter().map(Step::planned).sum()
    }

    /// The time planned for finding partners before the rounds of `step` (none for a step
    /// without rounds): one changeover before every round that brings new partners or groups.
    pub fn changeovers(&self, step: &Step) -> Duration {
        match &step.body {
            Body::PairShare(p) => self.timer.changeover * p.rounds,
            Body::Group(g) => self.timer.changeover * (0..g.rounds).filter(|&r| g.new_groups(r)).count() as u32,
            _ => Duration::ZERO,
        }
    }
}

/// The `[timer]` table with its defaults applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimerSettings {
    /// When the warning style starts.
    pub warning: Warning,
    /// Ring the terminal bell at zero and at each swap.
    pub chime: bool,
    /// Count past zero, or only say that time is up.
    pub overtime: Overtime,
    /// Time before each round with new partners or groups for people to find each other, with
    /// the new groups on screen and a countdown; zero for none.
    pub changeover: Duration,
}

/// The changeover before each round when a session does not say.
pub const DEFAULT_CHANGEOVER: Duration = Duration::from_secs(15);

impl Default for TimerSettings {
    fn default() -> Self {
        Self { warning: Warning::Percent(20), chime: true, overtime: Overtime::Show, changeover: DEFAULT_CHANGEOVER }
    }
}

/// The least time left that is ever shown in the warning style's threshold.
pub const MIN_WARNING: Duration = Duration::from_secs(10);

/// When a timer turns to its warning style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warning {
    /// This share (1..=100 %) of the planned time is left.
    Percent(u8),
    /// This much time is left.
    Left(Duration),
}

impl Warning {
    /// The threshold for a timer planned at `planned`, in whole seconds, never under 10 s.
    pub fn threshold(self, planned: Duration) -> Duration {
        let raw = match self {
            Warning::Percent(p) => Duration::from_secs((planned.as_secs() * u64::from(p)).div_ceil(100)),
            Warning::Left(d) => d,
        };
        raw.max(MIN_WARNING)
    }
}

/// What a timer shows past zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overtime {
    /// Count up: `+0:42`.
    Show,
    /// Only say that time is up.
    Hide,
}

/// One step of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Heading (the kind's default when the author gave none).
    pub title: String,
    /// For the facilitator only.
    pub notes: Option<String>,
    /// What the step shows, by kind.
    pub body: Body,
}

impl Step {
    /// The time planned for the whole step.
    pub fn planned(&self) -> Duration {
        match &self.body {
            Body::Quote { duration, .. } | Body::Text { duration, .. } => *duration,
            Body::Reflection(q) | Body::Closing(q) => q.duration,
            Body::PairShare(p) => p.round() * p.rounds,
            Body::Group(g) => g.round() * g.rounds,
        }
    }

    /// The step's kind.
    pub fn kind(&self) -> StepKind {
        match self.body {
            Body::Quote { .. } => StepKind::Quote,
            Body::Reflection(_) => StepKind::Reflection,
            Body::PairShare(_) => StepKind::PairShare,
            Body::Closing(_) => StepKind::Closing,
            Body::Text { .. } => StepKind::Text,
            Body::Group(_) => StepKind::Group,
        }
    }
}

/// The kinds of step, as authors name them. Strings become this once, when a file is read;
/// nothing after loading matches a kind by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Words shown large, with an attribution.
    Quote,
    /// Questions to reflect on.
    Reflection,
    /// Rounds of talk in pairs.
    PairShare,
    /// Questions that close the session.
    Closing,
    /// Instructions, a break, framing.
    Text,
    /// Rounds in groups of a chosen size, in timed phases, with roles that may turn.
    Group,
}

impl StepKind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [StepKind; 6] = [
        StepKind::Quote,
        StepKind::Reflection,
        StepKind::PairShare,
        StepKind::Closing,
        StepKind::Text,
        StepKind::Group,
    ];
    /// Their names, in the same order (a table of names is what the key table and the schema need).
    pub const NAMES: [&'static str; 6] = ["quote", "reflection", "pair-share", "closing", "text", "group"];

    /// The name authors write.
    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The kind an author's name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().position(|n| *n == name).map(|i| Self::ALL[i])
    }

    /// The heading of a step of this kind when its author gave none.
    pub fn default_title(self) -> &'static str {
        match self {
            StepKind::Quote => "Quote",
            StepKind::Reflection => "Reflection",
            StepKind::PairShare => "Pair share",
            StepKind::Closing => "Closing",
            StepKind::Text => "Instructions",
            StepKind::Group => "Groups",
        }
    }
}

/// The content of a step, one variant per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A quote shown large with its attribution.
    Quote {
        /// The quoted words.
        text: String,
        /// Who said them.
        attribution: Option<String>,
        /// Planned time.
        duration: Duration,
    },
    /// Reflection questions.
    Reflection(Questions),
    /// Pair-share rounds.
    PairShare(PairShare),
    /// Closing questions.
    Closing(Questions),
    /// Instructions, a break, framing.
    Text {
        /// The words.
        text: String,
        /// Planned time.
        duration: Duration,
    },
    /// Rounds in groups, each in timed phases.
    Group(GroupWork),
}

/// A list of questions under one timer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questions {
    /// At least one.
    pub questions: Vec<String>,
    /// An instruction line.
    pub prompt: Option<String>,
    /// One at a time, or all at once.
    pub reveal: Reveal,
    /// Planned time for all of them.
    pub duration: Duration,
}

/// How questions appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    /// "next" reveals the next question.
    OneByOne,
    /// All are shown together.
    All,
}

/// Rounds of talk in pairs, one block per round shared by the whole room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairShare {
    /// What the pairs talk about.
    pub prompt: String,
    /// At least one; each with new partners.
    pub rounds: u32,
    /// How long each partner speaks.
    pub turn: Duration,
}

impl PairShare {
    /// The length of one round: both turns.
    pub fn round(&self) -> Duration {
        self.turn * 2
    }
}

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
    /// fewer present the screen says so, and everyone works as one group.
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
