//! Drawing. Everything here reads state and draws it; nothing changes state, reads the clock or
//! touches files. `now` and the wall-clock mapping come in as arguments.

mod content;
pub mod digits;
mod end;
mod facilitator;
mod group;
mod links;
mod names;
mod overlay;
mod pair_share;
mod questions;
mod quote;
mod report;
pub mod resume;
mod room;
pub mod room_check;
mod text;
pub mod theme;
mod welcome;
mod widgets;

use std::time::{Duration, Instant};

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::style::{Color, Modifier, Style};
use ratatui_core::widgets::Widget;
use ratatui_widgets::block::Block as Panel;

pub use content::{Content, Groups, Marks, Passage, Tone};
pub use facilitator::{drift_words, upcoming};
pub use room::FIT as ROOM_FIT;
pub use theme::Theme;

use crate::flow::{Flow, Half, Part, Position, TimerStatus};
use crate::model::{App, Role, Shade, View};
use crate::session::{Body, duration};

/// Draws the whole screen of `app` at `now` into `buf`, whose area is the window. A plain buffer
/// rather than a ratatui `Frame`, so that benchmarks and tests can draw without a terminal.
pub fn draw(buf: &mut Buffer, app: &App, now: Instant) {
    let area = buf.area;
    // A following window in the facilitator view is the facilitator's own screen: it keeps its
    // notes when the projector is blanked, and says so.
    let own = app.role != Role::Leader && app.window.view == View::Facilitator;
    if let Some(shade) = app.room.blank
        && !own
    {
        let colour = if shade == Shade::White { Color::White } else { Color::Black };
        Panel::new().style(Style::new().bg(colour)).render(area, buf);
        return;
    }
    // The theme's background under everything (a theme without one leaves the terminal's).
    buf.set_style(area, app.theme.base());
    // A following window whose leader is gone stands still at that moment, dimmed.
    let now = app.lost.unwrap_or(now);
    let mut content = content(&app.flow, now);
    content.message.clone_from(&app.room.message);
    if let Some(left) = app.waiting(now) {
        let start = app.timeline.start.map_or(String::new(), |t| t.format("%H:%M").to_string());
        content.passages.push(Passage::new(format!("We begin at {start}"), Tone::Words));
        let left = duration::clock(left + Duration::from_millis(999));
        content.passages.push(Passage::new(format!("in {left}"), Tone::Secondary));
    }
    let facilitator = app.window.view == View::Facilitator;
    if facilitator || app.window.clock {
        let clock = app.timeline.at(now).format("%H:%M").to_string();
        content.detail = if content.detail.is_empty() { clock } else { format!("{} · {clock}", content.detail) };
    }
    // On the room view an overlay keeps off the timer (see `overlay::draw`).
    let strip = match app.window.view {
        View::Facilitator if facilitator::fits(area) => {
            facilitator::draw(buf, app, &content, now);
            None
        }
        _ => Some(room::draw(buf, &app.flow, app.theme, &content, &parts(&app.flow, now), now)),
    };
    overlay::draw(buf, app, now, strip);
    let band = |text: &str, buf: &mut Buffer| {
        let row = Rect { y: area.bottom().saturating_sub(1), height: area.height.min(1), ..area };
        widgets::banner(buf, row, text, app.theme);
    };
    // A chime seen from the back of the room: the whole screen in reverse video for a moment;
    // the warning's soft one only its top and bottom rows.
    match app.window.flash.filter(|f| f.on(now)) {
        Some(crate::model::Flash { soft: false, .. }) => {
            buf.set_style(area, Style::new().add_modifier(Modifier::REVERSED));
        }
        Some(crate::model::Flash { soft: true, .. }) => {
            for row in [area.top(), area.bottom().saturating_sub(1)] {
                buf.set_style(Rect { y: row, height: 1, ..area }, Style::new().add_modifier(Modifier::REVERSED));
            }
        }
        None => {}
    }
    if app.lost.is_some() {
        buf.set_style(area, Style::new().add_modifier(Modifier::DIM));
        band("the session was lost: waiting for it to be resumed (holdspace run --resume)", buf);
    } else if app.room.blank.is_some() {
        band("the room's screen is blanked", buf);
    }
}

/// What the current screen says.
pub fn content(flow: &Flow, now: Instant) -> Content {
    match flow.position() {
        Position::Welcome => welcome::content(flow.session()),
        Position::End => end::content(flow, now),
        Position::Step { step, part } => step_content(flow, step, part, now),
    }
}

/// What every part of the step on show says (each question revealed, each turn and phase, with
/// the groups of the round on show), so that the room view sizes the step's timer once, for the
/// fullest of them. Empty between steps. Each different body of words once: the rounds of a
/// pair-share differ only in their top line, and laying out sixty names is the costly part.
fn parts(flow: &Flow, now: Instant) -> Vec<Content> {
    let Some(current) = flow.step_index() else { return Vec::new() };
    let mut parts: Vec<Content> = Vec::new();
    for position in flow.plan().positions() {
        // A changeover's countdown is a plain line: it has no say in the digits' size.
        let Position::Step { step, part } = *position else { continue };
        if step != current || matches!(part, Part::Changeover { .. }) {
            continue;
        }
        let content = Content { header: String::new(), detail: String::new(), ..step_content(flow, step, part, now) };
        if !parts.contains(&content) {
            parts.push(content);
        }
    }
    parts
}

/// What part `part` of step `step_index` says, with the groups and cues of the moment.
fn step_content(flow: &Flow, step_index: usize, part: Part, now: Instant) -> Content {
    let session = flow.session();
    let Some(step) = session.steps.get(step_index) else { return Content::default() };
    let header = format!("{}/{} · {}", step_index + 1, session.steps.len(), step.title);
    let mut content = Content { header, ..Content::default() };
    match &step.body {
        Body::Quote { text, attribution, .. } => content.passages = quote::passages(text, attribution.as_deref()),
        Body::Text { text, .. } => content.passages = text::passages(text),
        Body::Reflection(q) | Body::Closing(q) => (content.passages, content.detail) = questions::passages(q, part),
        Body::PairShare(p) => {
            let groups = flow.groups();
            let room = pair_share::Room {
                roster: groups.is_some(),
                pairs: groups.is_some_and(|g| g.iter().any(|g| g.0.len() == 2)),
                trio: groups.is_some_and(|g| g.iter().any(|g| g.0.len() == 3)),
            };
            let trio = flow.trio_speaker(now).unwrap_or(0);
            let changeover = !session.timer.changeover.is_zero();
            (content.passages, content.detail) = pair_share::passages(p, part, room, trio, changeover);
            let speakers = match part {
                Part::Round { half, .. } => Some((usize::from(half == Half::Second), trio)),
                _ => None,
            };
            content.groups = groups.map(|g| Groups::new(g, flow.roster(), Marks::Letters(speakers)));
            content.banner = flow.cue(now).and_then(|cue| pair_share::banner(cue, room));
            content.countdown = matches!(part, Part::Changeover { .. });
            content.cues = true;
        }
        Body::Group(g) => group::fill(&mut content, flow, g, part, now),
    }
    content
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
