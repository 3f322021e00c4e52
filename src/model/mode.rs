//! What one window shows around the session: its view, what is open over it, a message for the
//! facilitator. Modes are one enum, so an impossible screen (the agenda and the quit question at
//! once) cannot be written down.

use std::time::{Duration, Instant};

use super::resume::{Answer, Offer};
use crate::keymap::Scope;

/// Which view a window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// Projected: the words and the time, large, nothing private.
    Room,
    /// For the facilitator: smaller, with notes, what comes next and the schedule.
    Facilitator,
}

/// A blanked projector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shade {
    /// All black.
    Black,
    /// All white.
    White,
}

/// What is open over the session in a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Nothing: the session.
    Normal,
    /// The keys.
    Help,
    /// The steps, to jump to one.
    Agenda {
        /// The highlighted step.
        selected: usize,
    },
    /// Who is in the room.
    Roster {
        /// The highlighted roster member.
        selected: usize,
    },
    /// A line being typed.
    Typing {
        /// What it is for.
        field: Field,
        /// What was typed so far.
        text: String,
    },
    /// "Quit the session?"
    ConfirmQuit,
    /// The machine was asleep this many seconds: does that time count?
    Away {
        /// How long.
        secs: u64,
    },
    /// Where the time went: planned against actual per step.
    Report,
    /// The pages' addresses as QR codes (`--serve`): the room page's on the projector, for
    /// people joining; both in the facilitator view.
    Links,
    /// The room check: the largest and the smallest text, and what to do about the font.
    RoomCheck,
    /// An unfinished run was found: take it up, or start afresh?
    Resume {
        /// What was found.
        offer: Box<Offer>,
        /// The highlighted answer.
        selected: Answer,
    },
}

/// What a line being typed is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The name of a late arrival, typed in the roster (which comes back with this one
    /// highlighted when typing ends).
    LateArrival {
        /// The roster member highlighted before.
        selected: usize,
    },
    /// A message for the room's screen.
    Message,
}

impl Mode {
    /// Which bindings keys follow in this mode.
    pub fn scope(&self) -> Scope {
        match self {
            Mode::Normal => Scope::Normal,
            Mode::Help => Scope::Help,
            Mode::Agenda { .. } => Scope::Agenda,
            Mode::Roster { .. } => Scope::Roster,
            Mode::Typing { .. } => Scope::Typing,
            Mode::ConfirmQuit => Scope::ConfirmQuit,
            Mode::Away { .. } => Scope::Away,
            Mode::Report => Scope::Report,
            Mode::Links => Scope::Links,
            Mode::RoomCheck => Scope::RoomCheck,
            Mode::Resume { .. } => Scope::Resume,
        }
    }
}

/// One window's own state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Room or facilitator.
    pub view: View,
    /// What is open over the session.
    pub mode: Mode,
    /// A message for the facilitator (a reload that failed), until the next key.
    pub notice: Option<String>,
    /// The pages' addresses, when they are served (`--serve`).
    pub links: Option<crate::serve::Links>,
    /// The wall clock in the room view's header too (the facilitator view always has it).
    pub clock: bool,
    /// The screen flashing for a chime.
    pub flash: Option<Flash>,
}

/// A chime seen rather than heard: the screen in reverse video for a moment, `strikes` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flash {
    /// When it began.
    pub start: Instant,
    /// How many flashes.
    pub strikes: u8,
    /// Only the screen's edges (the top and bottom rows): the warning's soft chime.
    pub soft: bool,
}

impl Flash {
    /// One flash and the pause after it.
    const PERIOD: Duration = Duration::from_millis(500);
    /// How long the screen stays reversed in each.
    const ON: Duration = Duration::from_millis(300);

    /// Whether the screen is reversed at `now`.
    pub fn on(self, now: Instant) -> bool {
        let (strike, into) = self.at(now);
        strike < u32::from(self.strikes) && into < Self::ON
    }

    /// When the screen next turns, or `None` once the flashes are over.
    pub fn next_change(self, now: Instant) -> Option<Instant> {
        let (strike, into) = self.at(now);
        (strike < u32::from(self.strikes)).then(|| {
            now + if into < Self::ON { Self::ON.saturating_sub(into) } else { Self::PERIOD.saturating_sub(into) }
        })
    }

    fn at(self, now: Instant) -> (u32, Duration) {
        let passed = now.saturating_duration_since(self.start);
        let strike = u32::try_from(passed.as_millis() / Self::PERIOD.as_millis()).unwrap_or(u32::MAX);
        (strike, passed.saturating_sub(Self::PERIOD * strike.min(1_000_000)))
    }
}
