//! What the pages are sent: the room's screen as data, taken from the model the way the terminal
//! takes it (`ui::content`, `ui::timer_text`, the facilitator view's own words), so a page says
//! exactly what the terminal says. A page draws it and counts the seconds down on its own clock;
//! it is sent again only when something other than the passing of time changed.
//!
//! The room page (the view token) gets [`Room`]: no notes, no schedule. The remote and the
//! facilitator page (the control token) get [`Facilitator`], which adds them.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::flow::{Position, TimerStatus};
use crate::model::{App, Shade};
use crate::session::{Overtime, duration};
use crate::ui::{self, Tone};

/// The room view as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Room {
    /// The session's title.
    pub title: String,
    /// `welcome`, `step` or `end`.
    pub screen: &'static str,
    /// Where we are ("3/10 · What mutuality asks").
    pub header: String,
    /// The place within the step ("question 2 of 4").
    pub detail: String,
    /// A heading shown large (the welcome screen's title).
    pub big: Option<String>,
    /// The words, most important first.
    pub passages: Vec<Words>,
    /// The pairs or groups, when there are any.
    pub groups: Option<Groups>,
    /// A change of speaker the room must see now.
    pub banner: Option<String>,
    /// The timer, on a screen that has one.
    pub timer: Option<Timer>,
    /// Steps begun and steps in all, for the progress line.
    pub progress: (usize, usize),
    /// `black` or `white` when the projected screen is blanked.
    pub blank: Option<Shade>,
}

/// One passage of words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    /// The text, which may hold line ends.
    pub text: String,
    /// `words`, `secondary` or `dim`.
    pub tone: &'static str,
}

/// Who is with whom, and who speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Groups {
    /// Each group's names in speaking order.
    pub names: Vec<Vec<String>>,
    /// For each group, the place of who speaks now, if anyone does.
    pub speaking: Vec<Option<usize>>,
}

/// The timer as the page counts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timer {
    /// Milliseconds left when this was made; negative past zero.
    pub left_ms: i64,
    /// Whether it counts (not paused).
    pub running: bool,
    /// `running`, `warning`, `over` or `paused`.
    pub status: &'static str,
    /// The digits as the terminal shows them now.
    pub digits: String,
    /// The word under the digits as the terminal shows it now.
    pub word: &'static str,
    /// A small countdown to the round starting rather than the big clock.
    pub countdown: bool,
    /// Past zero, show only that time is up (`overtime = "hide"`).
    pub hide_overtime: bool,
    /// The words of each state, as the terminal words them.
    pub words: StateWords,
}

/// The word under the digits in each state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateWords {
    /// Little time left.
    pub warning: &'static str,
    /// Past zero.
    pub over: &'static str,
    /// Paused.
    pub paused: &'static str,
}

/// The facilitator's screen as data: the room's, and what only the facilitator sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facilitator {
    /// What the room sees.
    pub room: Room,
    /// The step's notes.
    pub notes: Option<String>,
    /// What "next" leads to.
    pub next: String,
    /// Every step with its planned clock time.
    pub schedule: Vec<Row>,
    /// The planned end, as a clock time.
    pub end_at: String,
    /// "on time", "3 min behind".
    pub drift: String,
}

/// One step of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Planned start, as a clock time (`14:05`).
    pub at: String,
    /// The step's title.
    pub title: String,
    /// Its planned length (`8m`).
    pub planned: String,
    /// Milliseconds spent on it so far, if it was shown.
    pub spent_ms: Option<u64>,
    /// It is on screen now (its time spent goes on).
    pub current: bool,
}

impl Room {
    /// The room's screen of `app` at `now`.
    pub fn of(app: &App, now: Instant) -> Self {
        let flow = &app.flow;
        let content = ui::content(flow, now);
        let steps = flow.session().steps.len();
        let (screen, done) = match flow.position() {
            Position::Welcome => ("welcome", 0),
            Position::Step { step, .. } => ("step", step + 1),
            Position::End => ("end", steps),
        };
        let groups = content.groups.as_ref().map(|g| Groups {
            speaking: g.names.iter().map(|group| g.speaker(group)).collect(),
            names: g.names.clone(),
        });
        Self {
            title: flow.session().title.clone(),
            screen,
            header: content.header,
            detail: content.detail,
            big: content.big,
            passages: content.passages.into_iter().map(|p| Words { text: p.text, tone: tone(p.tone) }).collect(),
            groups,
            banner: content.banner,
            timer: timer(app, now, content.countdown),
            progress: (done, steps),
            blank: app.room.blank,
        }
    }

    /// The same screen with what only the passing of time changes left out: two screens with the
    /// same key differ only by the seconds a page counts by itself.
    fn steady(&self) -> Self {
        let mut steady = self.clone();
        if let Some(timer) = &mut steady.timer {
            timer.left_ms = 0;
            timer.digits.clear();
        }
        steady
    }
}

impl Facilitator {
    /// The facilitator's screen of `app` at `now`.
    pub fn of(app: &App, now: Instant) -> Self {
        let flow = &app.flow;
        let started = flow.started_at();
        let plan = flow.plan();
        let current = flow.step_index();
        let schedule = flow
            .session()
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| Row {
                at: app.timeline.planned_at(plan, i, started, now).format("%H:%M").to_string(),
                title: step.title.clone(),
                planned: duration::words(plan.length(i)),
                spent_ms: (flow.spent().visits(i) > 0).then(|| millis(flow.spent().spent(i, now))),
                current: current == Some(i),
            })
            .collect();
        let end_at = app.timeline.planned_at(plan, plan.steps(), started, now).format("%H:%M").to_string();
        let drift = flow.drift_secs(now).map(|d| d + app.timeline.late_start_secs(started));
        Self {
            room: Room::of(app, now),
            notes: flow.current_step().and_then(|s| s.notes.clone()),
            next: ui::upcoming(flow),
            schedule,
            end_at,
            drift: ui::drift_words(drift),
        }
    }

    /// What decides whether pages must be sent this screen again: everything but the seconds
    /// that pass (the timer's, and the current step's time spent), which pages count themselves.
    #[must_use]
    pub fn steady(&self) -> Self {
        let mut steady = self.clone();
        steady.room = self.room.steady();
        for row in steady.schedule.iter_mut().filter(|r| r.current) {
            row.spent_ms = Some(0);
        }
        steady
    }
}

/// The timer on show, as a page counts it.
fn timer(app: &App, now: Instant, countdown: bool) -> Option<Timer> {
    let flow = &app.flow;
    let view = flow.timer_view(now)?;
    let slot = flow.position().slot()?;
    let (left, running) = flow.left(slot, now);
    let left_ms = match view.status {
        TimerStatus::Over(_) => {
            // Past zero the shown second rolls over when the next change is due.
            let to_next = flow.next_change(now).map_or(Duration::ZERO, |at| at.saturating_duration_since(now));
            let over = Duration::from_secs(view.secs + 1).saturating_sub(to_next);
            -i64::try_from(over.as_millis()).unwrap_or(i64::MAX)
        }
        _ => i64::try_from(left.as_millis()).unwrap_or(i64::MAX),
    };
    let (digits, word) = ui::timer_text(view.secs, view.status);
    let status = match view.status {
        TimerStatus::Running => "running",
        TimerStatus::Warning => "warning",
        TimerStatus::Over(_) => "over",
        TimerStatus::Paused => "paused",
    };
    Some(Timer {
        left_ms,
        running,
        status,
        digits,
        word,
        countdown,
        hide_overtime: flow.session().timer.overtime == Overtime::Hide,
        words: StateWords {
            warning: ui::timer_text(0, TimerStatus::Warning).1,
            over: ui::timer_text(0, TimerStatus::Over(Overtime::Show)).1,
            paused: ui::timer_text(0, TimerStatus::Paused).1,
        },
    })
}

fn tone(tone: Tone) -> &'static str {
    match tone {
        Tone::Words => "words",
        Tone::Secondary => "secondary",
        Tone::Dim => "dim",
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `message` as JSON fit to be put anywhere in a page: `<`, `>` and `&` are written as escapes
/// (as are the two line separators JavaScript once read as line ends), so no text from a session
/// file or a roster can close a tag or start a script, even if the JSON were ever put in HTML.
pub fn json<T: Serialize>(message: &T) -> String {
    // Serializing these types cannot fail: they hold no maps with non-string keys.
    let text = serde_json::to_string(message).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_for_pages_escapes_what_could_close_a_tag_and_reads_back_the_same() {
        let text = "</script><b>&amp;\u{2028}\u{2029}\"é";
        let json = super::json(&text);
        assert!(!json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{json}");
        assert_eq!(serde_json::from_str::<String>(&json).expect("JSON"), text);
    }
}
