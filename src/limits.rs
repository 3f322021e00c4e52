//! Every limit on what the program accepts, in one place: the loader, the roster reader, the
//! roster overlay, the journal checks, the schema and the documentation all read these, so a
//! limit cannot mean one thing in one place and another elsewhere.

use std::ops::RangeInclusive;
use std::time::Duration;

/// How many people a room may hold: a pair at least, a thousand at most.
pub const ROOM: RangeInclusive<usize> = 2..=1_000;
/// How many times faster than real time a rehearsal's timers may run (`rehearse --speed`); a
/// follower refuses a leader that says otherwise.
pub const SPEED: RangeInclusive<u32> = 1..=60;
/// Most characters in a person's name, wherever it comes from (a session's `[participants]`,
/// a roster file, a late arrival typed in).
pub const NAME: usize = 100;
/// Most characters in a message put on the room's screen: one line for the back row.
pub const MESSAGE: usize = 120;
/// Most characters in a text shown on screen (a quote, a question, a prompt, a title).
pub const TEXT: usize = 2_000;
/// Most characters in a step's notes.
pub const NOTES: usize = 10_000;
/// Most rounds a pair-share or group step may ask for.
pub const ROUNDS: usize = 100;
/// People per group a group step may ask for: a pair at least, eight at most (the grouping
/// engine's constructions and role counts are built for these).
pub const GROUP: RangeInclusive<usize> = 2..=8;
/// Most phases in one round of a group step.
pub const PHASES: usize = 20;
/// Most steps in a session.
pub const STEPS: usize = 200;
/// Most questions in a step.
pub const QUESTIONS: usize = 50;
/// The longest duration a session file may ask for.
pub const DURATION: Duration = Duration::from_hours(24);
/// The longest changeover before a pair-share round.
pub const CHANGEOVER: Duration = Duration::from_mins(10);
/// Files larger than this are refused before parsing: no real session comes near it.
pub const SESSION_BYTES: u64 = 256 * 1024;
