//! What a screen says, before a view lays it out: the words in passages of falling importance,
//! the pairs, a big heading. Each kind of screen fills one in (see the sibling modules).

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

/// Who is in which group on a pair-share screen, and who speaks now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Groups {
    /// Each group's names in speaking order; the groups sorted by the first name of each, so
    /// people find their own name quickly.
    pub names: Vec<Vec<String>>,
    /// Who speaks now, in pairs and in a trio; `None` while people are still finding each other.
    pub speakers: Option<(usize, usize)>,
}

impl Groups {
    /// Names for the groups of `round`, taken from `roster`, with who speaks now.
    pub fn new(round: &Round, roster: &[String], speakers: Option<(usize, usize)>) -> Self {
        let mut names: Vec<Vec<String>> =
            round.iter().map(|g| g.0.iter().map(|&i| roster.get(i).cloned().unwrap_or_default()).collect()).collect();
        names.sort_by_cached_key(|g| g.first().map(|n| n.to_lowercase()));
        Self { names, speakers }
    }

    /// Who speaks now in `group` (by its place in the group), if anyone does.
    pub fn speaker(&self, group: &[String]) -> Option<usize> {
        self.speakers.map(|(pair, trio)| if group.len() == 3 { trio } else { pair })
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
    /// The words, most important first within each screen's own order.
    pub passages: Vec<Passage>,
    /// The pairs, on a pair-share screen with a roster.
    pub groups: Option<Groups>,
    /// A change of speaker the room must see now, for a banner across the screen.
    pub banner: Option<String>,
    /// The timer is a small countdown to something (the round starting), not the big clock.
    pub countdown: bool,
    /// A banner may cue a change on this screen: room is kept for it whether it shows or not,
    /// so that nothing moves when it comes and goes.
    pub cues: bool,
    /// A message the facilitator put on the room's screen.
    pub message: Option<String>,
}
