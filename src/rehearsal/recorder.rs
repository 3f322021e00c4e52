//! The recorder notes what the state machine says happened (a new screen, a pause or a resume,
//! a minute added or taken, a restart) with the time it happened. It never changes the flow;
//! its events, summed up, make the record.

use std::time::Instant;

use chrono::{DateTime, Local};

use super::{Event, Record, RunKind, StepRecord, VERSION, What};
use crate::flow::Position;
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

    /// What it noted so far, and how many milliseconds it has been noting at `now`: what a
    /// journal keeps so that a resumed run's record carries what came before the crash.
    pub fn saved(&self, now: Instant) -> (Vec<Event>, u64) {
        let elapsed = self.start.map_or(0, |s| now.saturating_duration_since(s).as_millis());
        (self.events.clone(), u64::try_from(elapsed).unwrap_or(u64::MAX))
    }

    /// Takes up a record saved `recorded_ms` into it, the program having been down for `down`:
    /// the events go on where they were, and the time down counts as time spent.
    pub fn take_up(&mut self, events: Vec<Event>, recorded_ms: u64, down: std::time::Duration, now: Instant) {
        let back = std::time::Duration::from_millis(recorded_ms).saturating_add(down);
        self.start = Some(now.checked_sub(back).unwrap_or(now));
        self.events = events;
    }

    /// Notes that `what` happened at `now` (`wall` on the wall clock).
    pub fn note(&mut self, what: What, now: Instant, wall: DateTime<Local>) {
        let start = *self.start.get_or_insert(now);
        let at_ms = u64::try_from(now.saturating_duration_since(start).as_millis()).unwrap_or(u64::MAX);
        // Events stay in order even when one is dated back (a turn that ended by itself while
        // the machine slept ends, for the record, no earlier than what came before it).
        let at_ms = at_ms.max(self.events.last().map_or(0, |e| e.at_ms));
        self.events.push(Event { at_ms, wall: wall.fixed_offset(), what });
    }

    /// The record so far, as if it ended at `now`.
    pub fn record(&self, session: &Session, now: Instant, wall: DateTime<Local>) -> Record {
        let mut ended = self.clone();
        ended.note(What::Ended, now, wall);
        summarize(session, &ended.events, self.kind, &self.session, self.speed)
    }

    /// What it noted so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The session as the user named it.
    pub fn session_name(&self) -> &str {
        &self.session
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
    let plan = crate::plan::Plan::new(session);
    let mut steps: Vec<StepRecord> = session
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| StepRecord {
            title: s.title.clone(),
            kind: s.kind(),
            planned_ms: u64::try_from(plan.length(i).as_millis()).unwrap_or(u64::MAX),
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
            if let Some(label) = part.label() {
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
