//! The vocabulary of the state machine: what can happen to a running session, and what the
//! shell must do about it.

use std::time::Duration;

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
    /// Time has passed: carry out what is due (the swap at half time, the chime at zero).
    Tick,
}

/// A side effect the state machine asks the shell to carry out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Ring the terminal bell (time is up, or speakers swap).
    Chime,
}
