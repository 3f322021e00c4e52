//! Drawing. Everything here reads state and draws it; nothing changes state, reads the clock or
//! touches files. `now` and the wall-clock mapping come in as arguments.

mod content;
pub mod digits;
mod end;
mod facilitator;
mod overlay;
mod pair_share;
mod questions;
mod quote;
mod report;
mod room;
mod text;
pub mod theme;
mod welcome;
mod widgets;

use std::time::Instant;

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use ratatui_core::buffer::Buffer;
use ratatui_core::style::{Color, Style};
use ratatui_core::widgets::Widget;
use ratatui_widgets::block::Block as Panel;

pub use content::{Block, Content, Groups, Tone};
pub use theme::Theme;

use crate::flow::{Flow, Half, Part, Position, TimerState};
use crate::session::{Body, duration};

/// Which view is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Projected: the words and the time, large, nothing private.
    Room,
    /// For the facilitator: smaller, with notes, what comes next and the schedule.
    Facilitator,
}

/// What is drawn over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Nothing.
    None,
    /// The keys.
    Help,
    /// The steps, to jump to one.
    Agenda {
        /// The highlighted step.
        selected: usize,
    },
    /// "Quit? y / n".
    ConfirmQuit,
    /// Where the time went: planned against actual per step (filled in by the loop).
    Report(Option<Box<crate::rehearsal::Record>>),
    /// The machine was asleep this many seconds: count that time or not?
    Away {
        /// How long.
        secs: u64,
    },
    /// Who is in the room: mark someone absent, add a late arrival.
    Roster {
        /// The highlighted roster member.
        selected: usize,
        /// A name being typed, when adding someone.
        typing: Option<String>,
    },
}

/// A blanked projector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    /// All black.
    Black,
    /// All white.
    White,
}

/// Maps monotonic instants to wall-clock times for schedule labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// A monotonic instant...
    pub mono: Instant,
    /// ...and the local wall-clock time at that instant.
    pub wall: NaiveDateTime,
    /// `--start HH:MM`: the planned start, when given.
    pub start: Option<NaiveTime>,
}

impl Clock {
    /// The wall-clock time at `at`.
    pub fn at(&self, at: Instant) -> NaiveDateTime {
        let delta = |d: std::time::Duration| TimeDelta::from_std(d).unwrap_or(TimeDelta::zero());
        if at >= self.mono { self.wall + delta(at - self.mono) } else { self.wall - delta(self.mono - at) }
    }

    /// When the first step is planned to start: `--start`, else when it did start, else now.
    pub fn anchor(&self, flow: &Flow, now: Instant) -> NaiveDateTime {
        match self.start {
            Some(start) => self.wall.date().and_time(start),
            None => self.at(flow.started_at().unwrap_or(now)),
        }
    }

    /// Seconds behind the plan (negative: ahead), counting a late or early start against `--start`.
    pub fn drift_secs(&self, flow: &Flow, now: Instant) -> Option<i64> {
        let drift = flow.drift_secs(now)?;
        let late_start = match (self.start, flow.started_at()) {
            (Some(_), Some(started)) => (self.at(started) - self.anchor(flow, now)).num_seconds(),
            _ => 0,
        };
        Some(drift + late_start)
    }
}

/// The state of the screen around the session: view, overlay, blanking, a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    /// Room or facilitator.
    pub view: View,
    /// What is drawn on top.
    pub overlay: Overlay,
    /// A blanked projector.
    pub blank: Option<Shade>,
    /// A message for the facilitator (a reload that failed), until the next key.
    pub banner: Option<String>,
    /// Colour or not.
    pub theme: Theme,
    /// Wall-clock labels.
    pub clock: Clock,
}

/// Draws the whole screen into `buf`, whose area is the window. A plain buffer rather than a
/// ratatui `Frame`, so that the first frame can be drawn before ratatui's `Terminal` exists.
pub fn draw(buf: &mut Buffer, flow: &Flow, screen: &Screen, now: Instant) {
    let area = buf.area;
    if let Some(shade) = screen.blank {
        let colour = if shade == Shade::White { Color::White } else { Color::Black };
        Panel::new().style(Style::new().bg(colour)).render(area, buf);
        return;
    }
    let content = content(flow, now);
    match screen.view {
        View::Facilitator if facilitator::fits(area) => facilitator::draw(buf, flow, screen, &content, now),
        _ => room::draw(buf, flow, screen, &content, now),
    }
    overlay::draw(buf, flow, screen, now);
}

/// What the current screen says.
pub fn content(flow: &Flow, now: Instant) -> Content {
    let session = flow.session();
    let (step_index, part) = match flow.position() {
        Position::Welcome => return welcome::content(session),
        Position::End => return end::content(flow, now),
        Position::Step { step, part } => (step, part),
    };
    let Some(step) = session.steps.get(step_index) else { return Content::default() };
    let header = format!("{}/{} · {}", step_index + 1, session.steps.len(), step.title);
    let (blocks, detail, groups) = match (&step.body, part) {
        (Body::Quote { text, attribution, .. }, _) => {
            (quote::blocks(text, attribution.as_deref()), String::new(), None)
        }
        (Body::Text { text, .. }, _) => (text::blocks(text), String::new(), None),
        (Body::Reflection(q) | Body::Closing(q), part) => {
            let (blocks, detail) = questions::blocks(q, part);
            (blocks, detail, None)
        }
        (Body::PairShare(p), Part::Round { round, half }) => {
            let (blocks, detail) = pair_share::blocks(p, round, half, flow.groups().is_some());
            let pair_speaker = usize::from(half == Half::Second);
            let groups =
                flow.groups().map(|g| Groups::new(g, flow.roster(), pair_speaker, flow.trio_speaker(now).unwrap_or(0)));
            (blocks, detail, groups)
        }
        (Body::PairShare(_), _) => (Vec::new(), String::new(), None),
    };
    Content { header, detail, big: None, blocks, groups }
}

/// The timer's digits and the word under them, as shown in a state.
pub fn timer_text(secs: u64, state: TimerState) -> (String, &'static str) {
    let clock = duration::clock(std::time::Duration::from_secs(secs));
    match state {
        TimerState::Running => (clock, ""),
        TimerState::Warning => (clock, "▲ almost time"),
        TimerState::Over(crate::session::Overtime::Show) => (format!("+{clock}"), "■ time is up"),
        TimerState::Over(crate::session::Overtime::Hide) => ("0:00".into(), "■ time is up"),
        TimerState::Paused => (clock, "❚❚ PAUSED"),
    }
}

/// The window title: time left and the step, or the session's title between steps.
pub fn window_title(flow: &Flow, now: Instant) -> String {
    let session = flow.session();
    match (flow.current_step(), flow.timer_view(now)) {
        (Some(step), Some(view)) => {
            let (digits, _) = timer_text(view.secs, view.state);
            let paused = if view.state == TimerState::Paused { " (paused)" } else { "" };
            format!("{digits}{paused} · {} · holdspace", step.title.replace('\n', " "))
        }
        _ => format!("{} · holdspace", session.title.replace('\n', " ")),
    }
}
