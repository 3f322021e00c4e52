//! What is drawn over a screen: the keys, the agenda, the roster, a question, a message for the
//! facilitator. Every hint about keys comes from the key table.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::{block::Block as Panel, borders::Borders, clear::Clear, paragraph::Paragraph, paragraph::Wrap};

use super::Theme;
use crate::flow::Flow;
use crate::keymap::Scope;
use crate::model::{App, Field, Mode};
use crate::session::duration;
use crate::wrap::{truncate, width, wrap};

/// Draws what is open over the session, and the message for the facilitator, if any.
pub fn draw(buf: &mut Buffer, app: &App, now: Instant) {
    let theme = app.theme;
    let hint = |scope| app.keymap.hint(scope);
    match &app.window.mode {
        Mode::Normal => {}
        Mode::Help => help(buf, app),
        Mode::Agenda { selected } => agenda(buf, app, *selected, now),
        Mode::Report => super::report::draw(buf, app, now),
        Mode::Links => super::links::draw(buf, app),
        Mode::RoomCheck => super::room_check::draw(buf, app.flow.session(), app.flow.roster(), theme),
        Mode::Away { secs } => {
            let away = duration::words(std::time::Duration::from_secs(*secs));
            let mut lines = vec![
                Line::from(format!("This computer was asleep for {away}; the timers stood still.")),
                Line::default(),
            ];
            lines.extend(app.keymap.of(Scope::Away).map(|b| Line::from(format!("{}  {}", b.label(), b.help))));
            boxed(buf, " welcome back ", lines, "", theme);
        }
        Mode::Roster { selected } => roster(buf, &app.flow, *selected, None, &hint(Scope::Roster), theme),
        Mode::Typing { field: Field::LateArrival { selected }, text } => {
            roster(buf, &app.flow, *selected, Some(text), &hint(Scope::Typing), theme);
        }
        Mode::Typing { field: Field::Message, text } => {
            let lines = vec![
                Line::from("A message across the room's screen, above the timer:"),
                Line::from(Span::styled(format!("{text}▏"), theme.accent())),
            ];
            boxed(buf, " message ", lines, &hint(Scope::Typing), theme);
        }
        Mode::Resume { offer, selected } => super::resume::draw(buf, app, offer, *selected, now),
        Mode::ConfirmQuit => {
            boxed(buf, " quit ", vec![Line::from("Quit the session?")], &hint(Scope::ConfirmQuit), theme);
        }
    }
    if let Some(notice) = &app.window.notice {
        let area = buf.area;
        match app.window.view {
            // A message for the facilitator is not the room's: the projection only shows a mark
            // in its corner, and the facilitator view (v) says what it is.
            crate::model::View::Room if area.width > 0 && area.height > 0 => {
                buf.set_stringn(area.right() - 1, area.y, "⚠", 1, theme.alert());
            }
            _ if area.height > 2 => {
                let row = Rect { y: area.bottom() - 2, height: 1, ..area };
                let text = truncate(notice, usize::from(area.width));
                Paragraph::new(Span::styled(text, theme.alert())).render(row, buf);
            }
            _ => {}
        }
    }
}

fn help(buf: &mut Buffer, app: &App) {
    let theme = app.theme;
    let bindings: Vec<_> = app.keymap.help().collect();
    let label_width = bindings.iter().map(|b| width(&b.label())).max().unwrap_or(0);
    let lines = bindings
        .iter()
        .map(|b| {
            let label = b.label();
            let pad = " ".repeat(label_width.saturating_sub(width(&label)));
            Line::from(vec![Span::styled(format!("{pad}{label}  "), theme.accent()), Span::raw(b.help)])
        })
        .collect();
    boxed(buf, " keys ", lines, &app.keymap.hint(Scope::Help), theme);
}

fn agenda(buf: &mut Buffer, app: &App, selected: usize, now: Instant) {
    let (flow, theme) = (&app.flow, app.theme);
    let lines = flow
        .session()
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let at = app.timeline.planned_at(flow.plan(), i, flow.started_at(), now);
            let text = format!(
                "{} {:>2}. {} · {}",
                at.format("%H:%M"),
                i + 1,
                step.title.replace('\n', " "),
                duration::words(flow.plan().length(i))
            );
            let style = if i == selected { theme.speaker() } else { theme.secondary() };
            Line::from(Span::styled(text, style))
        })
        .collect();
    boxed(buf, " agenda ", lines, &app.keymap.hint(Scope::Agenda), theme);
}

/// Who is here, in columns: a mark for present or absent, the chosen one reversed; the name
/// being typed, when a late arrival is being added.
fn roster(buf: &mut Buffer, flow: &Flow, selected: usize, typing: Option<&str>, hint: &str, theme: Theme) {
    let area = buf.area;
    let names = flow.roster();
    let here = (0..names.len()).filter(|&i| flow.is_present(i)).count();
    let cell = names.iter().map(|n| width(n)).max().unwrap_or(0).clamp(6, 24) + 4;
    let columns = (usize::from(area.width.saturating_sub(4)) / (cell + 2)).max(1);
    let rows = names.len().div_ceil(columns);
    let mut lines: Vec<Line> = (0..rows)
        .map(|row| {
            let spans: Vec<Span> = (0..columns)
                .filter_map(|col| {
                    let i = col * rows + row;
                    let name = names.get(i)?;
                    let mark = if flow.is_present(i) { "✓" } else { "·" };
                    let text = format!("{mark} {:<width$}", truncate(name, cell - 4), width = cell - 2);
                    let style = match (i == selected, flow.is_present(i)) {
                        (true, _) => theme.speaker(),
                        (false, true) => theme.secondary(),
                        (false, false) => theme.dim(),
                    };
                    Some(Span::styled(format!("{text}  "), style))
                })
                .collect();
            Line::from(spans)
        })
        .collect();
    if names.is_empty() {
        lines.push(Line::from("No roster yet: press n to add people (or start with --people)."));
    }
    lines.push(Line::default());
    let status = match typing {
        Some(name) => format!("new name: {name}▏"),
        None => format!("{here} here, {} absent · changes start with the next round", names.len() - here),
    };
    lines.push(Line::from(Span::styled(status, theme.accent())));
    boxed(buf, " roster ", lines, hint, theme);
}

/// A framed box centred on the screen, sized to its lines, with the keys' `hint` wrapped under
/// them (a long hint wraps rather than widen the box past a comfortable measure).
pub(super) fn boxed(buf: &mut Buffer, title: &str, mut lines: Vec<Line>, hint: &str, theme: Theme) {
    const HINT_MEASURE: usize = 56;
    let area = buf.area;
    let content = lines.iter().map(Line::width).max().unwrap_or(0).max(width(title));
    let widest = content.max(width(hint).min(HINT_MEASURE)) as u16;
    let box_width = (widest + 4).min(area.width);
    if !hint.is_empty() {
        let inner = usize::from(box_width.saturating_sub(4)).max(1);
        let hint = wrap(hint, inner);
        // The blank line before the hint goes first when the box is as tall as the window: the
        // hint says how to close the box, so it stays.
        if lines.len() + hint.len() + 3 <= usize::from(area.height) {
            lines.push(Line::default());
        }
        lines.extend(hint.into_iter().map(|l| Line::from(Span::styled(l, theme.dim()))));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - box_width) / 2,
        y: area.y + (area.height - height) / 2,
        width: box_width,
        height,
    };
    Clear.render(rect, buf);
    let panel = Panel::new().borders(Borders::ALL).border_style(theme.frame()).title(title);
    Paragraph::new(lines).wrap(Wrap { trim: false }).block(panel).render(rect, buf);
}
