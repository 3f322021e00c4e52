//! The recorder notes what the state machine says happened (a new screen, a pause or a resume,
//! a minute added or taken, a restart) with the time it happened. It never changes the flow;
//! its events, summed up, make the record.

use std::time::Instant;

use chrono::{DateTime, Local};

use super::{Event, Record, RunKind, StepRecord, VERSION, What};
use crate::flow::{Half, Part, Position};
use crate::session::Session;

/// Notes what happens during a rehearsal or a run.
#[derive(Debug, Clone)]
pub struct Recorder {
    kind: RunKind,
    session: String,
    speed: u32,
    start: Option<Instant>,
    events: Vec<Event>,
}

impl Recorder {
    /// A recorder for `session` (as the user named it); `speed` is the `--speed` of a rehearsal.
    pub fn new(kind: RunKind, session: &str, speed: u32) -> Self {
        Self { kind, session: session.to_owned(), speed: speed.max(1), start: None, events: Vec::new() }
    }

    /// Notes that `what` happened at `now` (`wall` on the wall clock).
    pub fn note(&mut self, what: What, now: Instant, wall: DateTime<Local>) {
        let start = *self.start.get_or_insert(now);
        let at_ms = u64::try_from(now.saturating_duration_since(start).as_millis()).unwrap_or(u64::MAX);
        self.events.push(Event { at_ms, wall: wall.fixed_offset(), what });
    }

    /// The record so far, as if it ended at `now`.
    pub fn record(&self, session: &Session, now: Instant, wall: DateTime<Local>) -> Record {
        let mut ended = self.clone();
        ended.note(What::Ended, now, wall);
        summarize(session, &ended.events, self.kind, &self.session, self.speed)
    }

    /// Rehearsal or run.
    pub fn kind(&self) -> RunKind {
        self.kind
    }

    /// Whether any step was shown at all (a run quit on the welcome screen leaves no record).
    pub fn reached_a_step(&self) -> bool {
        self.events.iter().any(|e| matches!(e.what, What::Entered { position: Position::Step { .. } }))
    }
}

/// Sums events up per step and per part.
pub fn summarize(session: &Session, events: &[Event], kind: RunKind, name: &str, speed: u32) -> Record {
    let mut steps: Vec<StepRecord> = session
        .steps
        .iter()
        .map(|s| StepRecord {
            title: s.title.clone(),
            kind: s.kind(),
            planned_ms: u64::try_from(s.planned().as_millis()).unwrap_or(u64::MAX),
            actual_ms: 0,
            visits: 0,
            parts: Vec::new(),
        })
        .collect();
    let mut paused_ms = 0;
    let mut position = Position::Welcome;
    let mut paused = false;
    for pair in events.windows(2) {
        let (event, next) = (&pair[0], &pair[1]);
        match event.what {
            What::Entered { position: p } => {
                if let (Position::Step { step, .. }, false) = (p, same_step(position, p))
                    && let Some(s) = steps.get_mut(step)
                {
                    s.visits += 1;
                }
                position = p;
                paused = false;
            }
            What::Paused => paused = true,
            What::Resumed => paused = false,
            _ => {}
        }
        let span = next.at_ms.saturating_sub(event.at_ms);
        if paused {
            paused_ms += span;
        }
        if let Position::Step { step, part } = position
            && let Some(s) = steps.get_mut(step)
        {
            s.actual_ms += span;
            if let Some(label) = part_label(part) {
                match s.parts.iter_mut().find(|(l, _)| *l == label) {
                    Some((_, ms)) => *ms += span,
                    None => s.parts.push((label, span)),
                }
            }
        }
    }
    Record {
        version: VERSION,
        kind,
        session: name.to_owned(),
        title: session.title.clone(),
        speed: speed.max(1),
        steps,
        paused_ms,
        events: events.to_vec(),
    }
}

fn same_step(a: Position, b: Position) -> bool {
    matches!((a, b), (Position::Step { step: x, .. }, Position::Step { step: y, .. }) if x == y)
}

fn part_label(part: Part) -> Option<String> {
    match part {
        Part::Whole => None,
        Part::Question(i) => Some(format!("question {}", i + 1)),
        Part::Round { round, half: Half::First } => Some(format!("round {}, A speaks", round + 1)),
        Part::Round { round, half: Half::Second } => Some(format!("round {}, B speaks", round + 1)),
    }
}
