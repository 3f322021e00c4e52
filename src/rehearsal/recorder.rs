//! The recorder watches the flow from outside, after every change, and notes what it sees:
//! a new screen, a pause or a resume, a minute added or taken, a restart. It never changes the
//! flow; its events, summed up, make the record.

use std::time::{Duration, Instant};

use chrono::{DateTime, Local};

use super::{Event, Kind, Record, StepRecord, VERSION, What};
use crate::flow::{Flow, Half, Part, Position};
use crate::session::Session;

/// A timer as seen: budget, time used, running.
type TimerSeen = (Duration, Duration, bool);

/// Notes what happens during a rehearsal or a run.
#[derive(Debug, Clone)]
pub struct Recorder {
    kind: Kind,
    session: String,
    speed: u32,
    start: Option<Instant>,
    events: Vec<Event>,
    /// What was seen last: the screen and its timer.
    last: Option<(Position, Option<TimerSeen>)>,
}

impl Recorder {
    /// A recorder for `session` (as the user named it); `speed` is the `--speed` of a rehearsal.
    pub fn new(kind: Kind, session: &str, speed: u32) -> Self {
        Self { kind, session: session.to_owned(), speed: speed.max(1), start: None, events: Vec::new(), last: None }
    }

    /// Notes what changed since the last look.
    pub fn observe(&mut self, flow: &Flow, now: Instant, wall: DateTime<Local>) {
        let position = flow.position();
        let timer = flow.timer_state(now);
        let what: Vec<What> = match self.last {
            Some((before, _)) if before != position => vec![What::Entered { position }],
            Some((_, Some((budget, used, running)))) => match timer {
                Some((b, u, r)) => {
                    let mut seen = Vec::new();
                    if u < used {
                        seen.push(What::Restarted);
                    } else if b > budget {
                        seen.push(What::Added);
                    } else if b < budget {
                        seen.push(What::Taken);
                    }
                    match (running, r) {
                        (true, false) => seen.push(What::Paused),
                        (false, true) => seen.push(What::Resumed),
                        _ => {}
                    }
                    seen
                }
                None => Vec::new(),
            },
            Some((_, None)) => Vec::new(),
            None => vec![What::Entered { position }],
        };
        self.last = Some((position, timer));
        for what in what {
            self.push(what, now, wall);
        }
    }

    fn push(&mut self, what: What, now: Instant, wall: DateTime<Local>) {
        let start = *self.start.get_or_insert(now);
        let at_ms = u64::try_from(now.saturating_duration_since(start).as_millis()).unwrap_or(u64::MAX);
        self.events.push(Event { at_ms, wall: wall.fixed_offset(), what });
    }

    /// The record so far, as if it ended at `now`.
    pub fn record(&self, session: &Session, now: Instant, wall: DateTime<Local>) -> Record {
        let mut ended = self.clone();
        ended.push(What::Ended, now, wall);
        summarize(session, &ended.events, self.kind, &self.session, self.speed)
    }

    /// Rehearsal or run.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether any step was shown at all (a run quit on the welcome screen leaves no record).
    pub fn reached_a_step(&self) -> bool {
        self.events.iter().any(|e| matches!(e.what, What::Entered { position: Position::Step { .. } }))
    }
}

/// Sums events up per step and per part.
pub fn summarize(session: &Session, events: &[Event], kind: Kind, name: &str, speed: u32) -> Record {
    let mut steps: Vec<StepRecord> = session
        .steps
        .iter()
        .map(|s| StepRecord {
            title: s.title.clone(),
            kind: s.kind_name().to_owned(),
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
