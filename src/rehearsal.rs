//! Where the time really went: what happened during a rehearsal (or a live run), summed up per
//! step and per question or round against the plan. The recorder watches the flow from outside;
//! the summary, the report and the history are pure functions of what it saw.

mod history;
mod recorder;
pub mod report;
pub mod store;

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub use history::{History, history};
pub use recorder::Recorder;
pub use report::markdown;

use crate::flow::Position;

/// Version of the record's layout.
pub const VERSION: u32 = 1;

/// Something that happened, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Time since the start, as the session's timers count it (scaled by `--speed`).
    pub at_ms: u64,
    /// Local wall-clock time when it happened.
    pub wall: DateTime<FixedOffset>,
    /// What happened.
    pub what: What,
}

/// The kinds of event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The rehearsal ended.
    Ended,
}

/// Whether a record comes from a rehearsal or from a live run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `holdspace rehearse`.
    Rehearsal,
    /// `holdspace run`.
    Run,
}

/// One rehearsal or run, as kept on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Layout version.
    pub version: u32,
    /// Rehearsal or run.
    pub kind: Kind,
    /// The session file as named.
    pub session: String,
    /// The session's title then.
    pub title: String,
    /// Timers ran this many times faster.
    pub speed: u32,
    /// The steps as planned then, with what really happened.
    pub steps: Vec<StepRecord>,
    /// Time paused, in session time.
    pub paused_ms: u64,
    /// Everything that happened.
    pub events: Vec<Event>,
}

/// One step of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The step's title then.
    pub title: String,
    /// Its kind.
    pub kind: String,
    /// Planned time.
    pub planned_ms: u64,
    /// Time spent on it (all visits), in session time.
    pub actual_ms: u64,
    /// How many times it was shown.
    pub visits: u32,
    /// Time per question or turn of a round, in order: (label, ms).
    pub parts: Vec<(String, u64)>,
}

impl Record {
    /// Total planned time.
    pub fn planned(&self) -> Duration {
        Duration::from_millis(self.steps.iter().map(|s| s.planned_ms).sum())
    }

    /// Total actual time, in session time.
    pub fn actual(&self) -> Duration {
        Duration::from_millis(self.steps.iter().map(|s| s.actual_ms).sum())
    }

    /// When it started.
    pub fn started(&self) -> Option<DateTime<FixedOffset>> {
        self.events.first().map(|e| e.wall)
    }

    /// Real time for a span of session time (`--speed` divides it).
    pub fn real(&self, session_ms: u64) -> Duration {
        Duration::from_millis(session_ms / u64::from(self.speed.max(1)))
    }
}
