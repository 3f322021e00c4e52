//! What a screen says, before a view lays it out: the words in passages of falling importance,
//! the pairs or groups, a big heading. Each kind of screen fills one in (see the sibling modules).

use crate::pairing::Round;

/// How a passage of words is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The words the room reads: bold.
    Words,
    /// Supporting lines: attribution, prompt, subtitle.
    Secondary,
    /// Hints and earlier questions.
    Dim,
}

/// One paragraph of a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The text (may hold newlines).
    pub text: String,
    /// How it is shown.
    pub tone: Tone,
    /// Dropped first when the window is too small for everything.
    pub optional: bool,
}

impl Passage {
    /// A passage that must be shown.
    pub fn new(text: impl Into<String>, tone: Tone) -> Self {
        Self { text: text.into(), tone, optional: false }
    }

    /// A passage that may be left out on a small window.
    pub fn optional(text: impl Into<String>, tone: Tone) -> Self {
        Self { text: text.into(), tone, optional: true }
    }
}

/// Who is in which group, and who speaks or acts now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// Each group's names in place order (speaking order, or role order); the groups sorted by
    /// the first name of each, so people find their own name quickly.
    pub names: Vec<Vec<String>>,
    /// How the places of a group are labelled and marked.
    pub marks: Marks,
}

/// How the places of a group are labelled, and which are marked as speaking or acting now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marks {
    /// Pair-share: places lettered A, B, C; who speaks now in pairs and in a trio, `None` while
    /// people are still finding each other.
    Letters(Option<(usize, usize)>),
    /// A group step: the role of each place (the last covers the rest; empty for none), and for
    /// each place whether it acts now (empty when nobody is singled out).
    Roles {
        /// Role names by place.
        roles: Vec<String>,
        /// Acting now, by place.
        acting: Vec<bool>,
    },
}

impl Groups {
    /// Names for the groups of `round`, taken from `roster`, marked by `marks`.
    pub fn new(round: &Round, roster: &[String], marks: Marks) -> Self {
        let mut names: Vec<Vec<String>> =
            round.iter().map(|g| g.0.iter().map(|&i| roster.get(i).cloned().unwrap_or_default()).collect()).collect();
        names.sort_by_cached_key(|g| g.first().map(|n| n.to_lowercase()));
        Self { names, marks }
    }

    /// Who speaks now in `group` (by its place in the group), if anyone does, on a pair-share.
    pub fn speaker(&self, group: &[String]) -> Option<usize> {
        match self.marks {
            Marks::Letters(speakers) => speakers.map(|(pair, trio)| if group.len() == 3 { trio } else { pair }),
            Marks::Roles { .. } => None,
        }
    }

    /// A group as one line of plain text: `Ana & Ben` for pairs, `client Ana · consultant Ben,
    /// Chidi` for a group step with roles.
    pub fn plain(&self, group: &[String]) -> String {
        match &self.marks {
            Marks::Letters(_) => group.join(" & "),
            Marks::Roles { roles, .. } => crate::session::with_roles(roles, group),
        }
    }
}

/// A screen's content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Content {
    /// Top line, left: where we are.
    pub header: String,
    /// Top line, right: the place within the step.
    pub detail: String,
    /// A short heading to draw in big letters when it fits.
    pub big: Option<String>,
    /// The heading in big letters matters more than optional words: they give way to it (but
    /// the names of the groups never do).
    pub big_first: bool,
    /// The words, most important first within each screen's own order.
    pub passages: Vec<Passage>,
    /// The pairs or groups, on a screen of rounds with a roster.
    pub groups: Option<Groups>,
    /// A change of speaker or phase the room must see now, for a banner across the screen.
    pub banner: Option<String>,
    /// The timer is a small countdown to something (the round starting), not the big clock.
    pub countdown: bool,
    /// A banner may cue a change on this screen: room is kept for it whether it shows or not,
    /// so that nothing moves when it comes and goes.
    pub cues: bool,
    /// A message the facilitator put on the room's screen.
    pub message: Option<String>,
    /// Words for the facilitator alone (the end's planned time against the actual one): the
    /// facilitator view shows them after the rest, the room view never does.
    pub private: Vec<Passage>,
}
