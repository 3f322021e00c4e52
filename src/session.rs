//! A validated session: the typed, checked form of a format-1 session file.
//!
//! Values of these types cannot be invalid: every step has a positive planned time, every
//! question list has a question, every text is cleaned of terminal controls. Knows nothing of
//! terminals or clocks.

#[cfg(test)]
mod bake;
pub mod diagnostic;
pub mod duration;
mod group;
mod load;
mod prebuilt;
pub mod preset;
mod raw;
pub mod schema;
pub mod shape;
mod structure;
pub mod validate;
pub mod warnings;

use std::time::Duration;

pub use crate::pairing::Leftover;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use group::{GroupWork, Phase, Regroup, Who, role_runs, with_roles};
pub use load::{BUNDLED, Checked, LIBRARY, LoadError, MOST_FINDINGS, check, from_str, load, read};
pub use preset::{Presets, Template};
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
    /// Messages for the room's screen, on number keys (`[messages]`).
    pub messages: Presets,
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
    /// Chime at zero and at each change of speaker or phase.
    pub chime: bool,
    /// How the room hears it, unless the facilitator's config says otherwise.
    pub how: Chime,
    /// A soft chime when a timer turns to its warning style.
    pub warning_chime: bool,
    /// Count past zero, or only say that time is up.
    pub overtime: Overtime,
    /// Time before each round with new partners or groups for people to find each other, with
    /// the new groups on screen and a countdown; zero for none.
    pub changeover: Duration,
}

/// How the room hears a chime (the swap, a phase, time up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chime {
    /// The terminal's bell (many terminals mute it).
    #[default]
    Bell,
    /// The room view flashes: once for a change of speaker or phase, three times at time up.
    Flash,
    /// A short bowl-like sound through the system's audio player: once, or three times at
    /// time up.
    Sound,
    /// Nothing.
    None,
}

impl Chime {
    const NAMES: [(&'static str, Chime); 4] =
        [("bell", Chime::Bell), ("flash", Chime::Flash), ("sound", Chime::Sound), ("none", Chime::None)];

    /// The chime a session or the config calls `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, c)| *c == self).map_or("bell", |(n, _)| n)
    }
}

/// The changeover before each round when a session does not say.
pub const DEFAULT_CHANGEOVER: Duration = Duration::from_secs(15);

impl Default for TimerSettings {
    fn default() -> Self {
        Self {
            warning: Warning::Percent(20),
            chime: true,
            how: Chime::Bell,
            warning_chime: false,
            overtime: Overtime::Show,
            changeover: DEFAULT_CHANGEOVER,
        }
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
