//! The vocabulary of the state machine: what can happen to a running session, and what follows
//! from it.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::Position;

/// Something that changes the session. Keys map to these through the key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Next question, next turn of a round, next step.
    Next,
    /// Back one screen, across step boundaries too.
    Previous,
    /// Pause or resume the current timer.
    TogglePause,
    /// One more minute on the current timer.
    AddMinute,
    /// One minute less on the current timer (never past zero).
    TakeMinute,
    /// Start the current timer again from its planned time.
    Restart,
    /// Go straight to the start of a step (the agenda).
    JumpTo(usize),
    /// Count time the program did not see pass (the laptop slept): the running timer and the
    /// step's record move on by it.
    Elapse(Duration),
    /// The program was stopped this long while the running timer counted on (Ctrl-Z): it gets
    /// that time back, as if it had stood still, to be counted again only if the facilitator
    /// says so ([`Action::Elapse`]).
    GiveBack(Duration),
    /// Time has passed: carry out what is due (the swap at half time, the chime at zero).
    Tick,
}

/// What follows from an action: something for the room to hear, or something that happened and
/// goes in the record of where the time went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Sound the chime: a change of speaker or phase, or time up.
    Chime(Strike),
    /// This happened, at this instant (a turn that ended by itself ended when its time was up,
    /// not when that was noticed).
    Happened(What, Instant),
}

/// What a chime marks: the room hears one strike for a change of speaker or phase, and three
/// when time is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strike {
    /// A change of speaker or of phase.
    Change,
    /// A timer reached zero.
    Up,
    /// A timer turned to its warning style (only when the session asks for a chime then).
    Warning,
}

/// The kinds of thing that happen to a running session, as its record keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum What {
    /// A screen was shown.
    Entered {
        /// Which.
        position: Position,
    },
    /// The timer was paused.
    Paused,
    /// The timer runs again.
    Resumed,
    /// A minute was added.
    Added,
    /// Time was taken away.
    Taken,
    /// The timer started again from its planned time.
    Restarted,
    /// The run ended.
    Ended,
}
