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
    /// Each group's names in speaking order.
    pub names: Vec<Vec<String>>,
    /// The index of the speaker now, in pairs.
    pub pair_speaker: usize,
    /// The index of the speaker now, in a trio.
    pub trio_speaker: usize,
}

impl Groups {
    /// Names for the groups of `round`, taken from `roster`.
    pub fn new(round: &Round, roster: &[String], pair_speaker: usize, trio_speaker: usize) -> Self {
        let names =
            round.iter().map(|g| g.0.iter().map(|&i| roster.get(i).cloned().unwrap_or_default()).collect()).collect();
        Self { names, pair_speaker, trio_speaker }
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
}
