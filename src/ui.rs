//! Drawing. Everything here reads state and draws it; nothing changes state, reads the clock or
//! touches files. `now` and the wall-clock mapping come in as arguments.

mod content;
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

use ratatui_core::buffer::Buffer;
use ratatui_core::style::{Color, Style};
use ratatui_core::widgets::Widget;
use ratatui_widgets::block::Block as Panel;

pub use content::{Content, Groups, Passage, Tone};
pub use room::FIT as ROOM_FIT;
pub use theme::Theme;

use crate::flow::{Flow, Half, Part, Position, TimerStatus};
use crate::model::{App, Shade, View};
use crate::session::{Body, duration};

/// Draws the whole screen of `app` at `now` into `buf`, whose area is the window. A plain buffer
/// rather than a ratatui `Frame`, so that benchmarks and tests can draw without a terminal.
pub fn draw(buf: &mut Buffer, app: &App, now: Instant) {
    let area = buf.area;
    if let Some(shade) = app.room.blank {
        let colour = if shade == Shade::White { Color::White } else { Color::Black };
        Panel::new().style(Style::new().bg(colour)).render(area, buf);
        return;
    }
    let content = content(&app.flow, now);
    match app.window.view {
        View::Facilitator if facilitator::fits(area) => facilitator::draw(buf, app, &content, now),
        _ => room::draw(buf, &app.flow, app.theme, &content, now),
    }
    overlay::draw(buf, app, now);
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
    let (passages, detail, groups) = match (&step.body, part) {
        (Body::Quote { text, attribution, .. }, _) => {
            (quote::passages(text, attribution.as_deref()), String::new(), None)
        }
        (Body::Text { text, .. }, _) => (text::passages(text), String::new(), None),
        (Body::Reflection(q) | Body::Closing(q), part) => {
            let (passages, detail) = questions::passages(q, part);
            (passages, detail, None)
        }
        (Body::PairShare(p), Part::Round { round, half }) => {
            let (passages, detail) = pair_share::passages(p, round, half, flow.groups().is_some());
            let pair_speaker = usize::from(half == Half::Second);
            let groups =
                flow.groups().map(|g| Groups::new(g, flow.roster(), pair_speaker, flow.trio_speaker(now).unwrap_or(0)));
            (passages, detail, groups)
        }
        (Body::PairShare(_), _) => (Vec::new(), String::new(), None),
    };
    Content { header, detail, big: None, passages, groups }
}

/// The timer's digits and the word under them, as shown in a state.
pub fn timer_text(secs: u64, status: TimerStatus) -> (String, &'static str) {
    let clock = duration::clock(std::time::Duration::from_secs(secs));
    match status {
        TimerStatus::Running => (clock, ""),
        TimerStatus::Warning => (clock, "▲ almost time"),
        TimerStatus::Over(crate::session::Overtime::Show) => (format!("+{clock}"), "■ time is up"),
        TimerStatus::Over(crate::session::Overtime::Hide) => ("0:00".into(), "■ time is up"),
        TimerStatus::Paused => (clock, "❚❚ PAUSED"),
    }
}

/// The window title: time left and the step, or the session's title between steps.
pub fn window_title(flow: &Flow, now: Instant) -> String {
    let session = flow.session();
    match (flow.current_step(), flow.timer_view(now)) {
        (Some(step), Some(view)) => {
            let (digits, _) = timer_text(view.secs, view.status);
            let paused = if view.status == TimerStatus::Paused { " (paused)" } else { "" };
            format!("{digits}{paused} · {} · holdspace", step.title.replace('\n', " "))
        }
        _ => format!("{} · holdspace", session.title.replace('\n', " ")),
    }
}
