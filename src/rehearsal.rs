//! Where the time really went: what happened during a rehearsal (or a live run), summed up per
//! step and per question or round against the plan. The state machine says what happened; the
//! recorder notes it with the time; the summary, the report and the history are pure functions
//! of what it noted.

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

pub use crate::flow::What;
use crate::session::StepKind;

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

/// Whether a record comes from a rehearsal or from a live run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunKind {
    /// `holdspace rehearse`.
    Rehearsal,
    /// `holdspace run`.
    Run,
}

/// Checks events read back from a journal against the plan of the session they are taken up
/// in: every screen they name is one of its screens, and their times go forward and stay within
/// a week.
pub fn check_events(events: &[Event], plan: &crate::plan::Plan) -> Result<(), crate::flow::Mismatch> {
    const WEEK_MS: u64 = 7 * 24 * 60 * 60 * 1000;
    let screens_ok = events.iter().all(|e| match e.what {
        What::Entered { position } => plan.positions().contains(&position),
        _ => true,
    });
    let times_ok = events.windows(2).all(|w| w[0].at_ms <= w[1].at_ms) && events.iter().all(|e| e.at_ms <= WEEK_MS);
    if screens_ok && times_ok { Ok(()) } else { Err(crate::flow::Mismatch::new("its record of what happened")) }
}

impl RunKind {
    /// The word for it in file names and messages: `rehearsal` or `run`.
    pub fn word(self) -> &'static str {
        match self {
            RunKind::Rehearsal => "rehearsal",
            RunKind::Run => "run",
        }
    }
}

/// One rehearsal or run, as kept on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Layout version.
    pub version: u32,
    /// Rehearsal or run.
    pub kind: RunKind,
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
    pub kind: StepKind,
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
