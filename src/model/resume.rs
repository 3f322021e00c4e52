//! Taking up an unfinished run: the question asked before anything is projected, and what each
//! answer does. The question says what was saved and when, in words a person reads at a glance
//! ("yesterday 14:05, 26 hours ago"), and where the session stood; clicker keys answer it. An old
//! save, or a rehearsal's, starts afresh unless the facilitator chooses otherwise; a timer never
//! opens in overtime because of the time the program was down unless asked to count it.

use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};

use super::{App, Effect, Mode};
use crate::flow::{Action, Flow, Snapshot};
use crate::rehearsal::{Event, RunKind};

/// A save older than this is offered, but starting afresh is what Enter does.
const STALE: Duration = Duration::from_hours(3);

/// An unfinished run found at start, waiting for the facilitator's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The session's state at the save.
    pub snapshot: Box<Snapshot>,
    /// What had happened by then, for the record.
    pub events: Vec<Event>,
    /// Milliseconds from the record's first event to the save.
    pub recorded_ms: u64,
    /// The message on the room's screen then.
    pub message: Option<String>,
    /// When it was saved.
    pub saved_at: DateTime<Local>,
    /// The facilitator asked for it (`--resume`): starting afresh is never what Enter does.
    pub asked: bool,
}

/// The answers to "an unfinished run was found".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Take up where it was, with each timer's time left at the save.
    TimeLeft,
    /// Take up where it was, the running timer counting the time the program was down.
    CountAway,
    /// Take up where it was, this part's timer started again.
    Restart,
    /// Leave it and start from the welcome screen.
    Fresh,
}

impl Answer {
    /// Every answer, in the order the question lists them.
    pub const ALL: [Answer; 4] = [Answer::TimeLeft, Answer::CountAway, Answer::Restart, Answer::Fresh];
}

impl Offer {
    /// How long ago it was saved, by the wall clock `wall`.
    pub fn age(&self, wall: DateTime<Utc>) -> Duration {
        (wall - self.saved_at.with_timezone(&Utc)).to_std().unwrap_or_default()
    }

    /// The answer Enter gives: afresh after a few hours; otherwise the time away counted while
    /// it is shorter than what was left of the part on screen (a quick restart after a crash
    /// keeps the room's schedule), and the time left then when it is longer (so a timer never
    /// opens far into overtime because the laptop was off).
    pub fn suggested(&self, wall: DateTime<Utc>, kind: RunKind) -> Answer {
        let age = self.age(wall);
        if !self.asked && (age > STALE || kind == RunKind::Rehearsal) {
            return Answer::Fresh;
        }
        let left = self.left_then().unwrap_or_default();
        if age <= left { Answer::CountAway } else { Answer::TimeLeft }
    }

    /// The time left on the screen's timer at the save, if it had one.
    pub fn left_then(&self) -> Option<Duration> {
        let slot = self.snapshot.position.slot()?;
        let (_, t) = self.snapshot.timers.iter().find(|(s, _)| *s == slot)?;
        Some(Duration::from_millis(t.budget_ms.saturating_sub(t.used_ms)))
    }

    /// "today 09:12", "yesterday 14:05", "Mon 3 Nov 14:05".
    pub fn when(&self, wall: DateTime<Utc>) -> String {
        let saved = self.saved_at;
        let today = wall.with_timezone(&Local).date_naive();
        let day = match (today - saved.date_naive()).num_days() {
            0 => "today".to_owned(),
            1 => "yesterday".to_owned(),
            _ => saved.format("%a %-d %b").to_string(),
        };
        format!("{day} {}", saved.format("%H:%M"))
    }
}

/// "5 minutes", "26 hours", "3 days": how long ago, roughly.
pub fn ago(age: Duration) -> String {
    let secs = age.as_secs();
    let (n, unit) = match secs {
        0..120 => (secs, "second"),
        120..7_200 => (secs / 60, "minute"),
        7_200..172_800 => (secs / 3_600, "hour"),
        _ => (secs / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

impl App {
    /// Offers the unfinished run in `offer`: the question opens before anything else, with the
    /// suggested answer highlighted.
    pub fn offer(&mut self, offer: Offer, wall: DateTime<Utc>) {
        let selected = offer.suggested(wall, self.recorder.kind());
        self.window.mode = Mode::Resume { offer: Box::new(offer), selected };
    }

    /// Carries out the facilitator's answer to the question.
    pub(super) fn answer(&mut self, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        let Mode::Resume { offer, selected } = std::mem::replace(&mut self.window.mode, Mode::Normal) else {
            return Vec::new();
        };
        self.take_up(*offer, selected, now, wall)
    }

    /// Takes up the run in `offer` as `answer` says (or leaves it, for [`Answer::Fresh`]).
    pub fn take_up(&mut self, offer: Offer, selected: Answer, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        if selected == Answer::Fresh {
            return vec![Effect::ClearJournal, Effect::Redraw];
        }
        let down = offer.age(wall);
        let away = if selected == Answer::CountAway { down } else { Duration::ZERO };
        let Offer { snapshot, events, recorded_ms, message, .. } = offer;
        let session = self.flow.session().clone();
        let restored = crate::rehearsal::check_events(&events, self.flow.plan())
            .and_then(|()| Flow::restore(session, *snapshot, now, away, down));
        match restored {
            Ok(flow) => {
                self.flow = flow;
                self.room.message = message.map(|m| super::clean_message(&m));
                self.republish();
                self.recorder.take_up(events, recorded_ms, down, now);
                if selected == Answer::Restart {
                    let mut effects = self.change(super::Change::Flow(Action::Restart), now, wall);
                    effects.push(Effect::Redraw);
                    return effects;
                }
            }
            Err(e) => self.window.notice = Some(format!("could not take up the unfinished run: {e}")),
        }
        vec![Effect::Redraw]
    }

    /// Moves the highlighted answer by `by` places, round the list (a clicker's back key alone
    /// reaches every answer).
    pub(super) fn move_answer(&mut self, by: isize) -> Vec<Effect> {
        let Mode::Resume { selected, .. } = &mut self.window.mode else { return Vec::new() };
        let count = Answer::ALL.len().cast_signed();
        let at = Answer::ALL.iter().position(|a| a == selected).unwrap_or(0).cast_signed();
        *selected = Answer::ALL[usize::try_from((at + by).rem_euclid(count)).unwrap_or(0)];
        vec![Effect::Redraw]
    }
}
