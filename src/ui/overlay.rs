//! What is drawn over a screen: the key help, the agenda, the quit question, a banner.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::{block::Block as Panel, borders::Borders, clear::Clear, paragraph::Paragraph, paragraph::Wrap};

use super::{Overlay, Screen, Theme};
use crate::flow::Flow;
use crate::keymap::BINDINGS;
use crate::session::duration;
use crate::wrap::truncate;

/// Draws the overlay and the banner, if any.
pub fn draw(buf: &mut Buffer, flow: &Flow, screen: &Screen, now: Instant) {
    let theme = screen.theme;
    match &screen.overlay {
        Overlay::None => {}
        Overlay::Help => help(buf, theme),
        Overlay::Agenda { selected } => agenda(buf, flow, screen, *selected, now),
        Overlay::Report(record) => super::report::draw(buf, record.as_deref(), theme),
        Overlay::Away { secs } => {
            let away = crate::session::duration::words(std::time::Duration::from_secs(*secs));
            let lines = vec![
                Line::from(format!("This computer was asleep for {away}; the timers stood still.")),
                Line::default(),
                Line::from("y  count that time: the timer moves on by it"),
                Line::from("n  carry on where the timer stopped"),
            ];
            boxed(buf, " welcome back ", lines, theme);
        }
        Overlay::Roster { selected, typing } => roster(buf, flow, *selected, typing.as_deref(), theme),
        Overlay::ConfirmQuit => {
            boxed(buf, " quit ", vec![Line::from("Quit the session?  y = yes, any other key = no")], theme);
        }
    }
    if let Some(banner) = &screen.banner {
        let area = buf.area;
        if area.height > 2 {
            let row = Rect { y: area.bottom() - 2, height: 1, ..area };
            let text = truncate(banner, usize::from(area.width));
            Paragraph::new(Span::styled(text, theme.alert())).render(row, buf);
        }
    }
}

fn help(buf: &mut Buffer, theme: Theme) {
    let label_width = BINDINGS.iter().map(|b| crate::wrap::width(b.label)).max().unwrap_or(0);
    let lines = BINDINGS
        .iter()
        .map(|b| {
            Line::from(vec![Span::styled(format!("{:>label_width$}  ", b.label), theme.accent()), Span::raw(b.help)])
        })
        .collect();
    boxed(buf, " keys ", lines, theme);
}

fn agenda(buf: &mut Buffer, flow: &Flow, screen: &Screen, selected: usize, now: Instant) {
    let theme = screen.theme;
    let anchor = screen.clock.anchor(flow, now);
    let lines = flow
        .session()
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let at = anchor + chrono::TimeDelta::from_std(flow.planned_offset(i)).unwrap_or_default();
            let text = format!(
                "{} {:>2}. {} · {}",
                at.format("%H:%M"),
                i + 1,
                step.title.replace('\n', " "),
                duration::words(step.planned())
            );
            let style = if i == selected { theme.speaker() } else { theme.secondary() };
            Line::from(Span::styled(text, style))
        })
        .collect();
    boxed(buf, " agenda: ↑ ↓ choose, Enter go, Esc close ", lines, theme);
}

/// Who is here, in columns: a mark for present or absent, the chosen one reversed.
fn roster(buf: &mut Buffer, flow: &Flow, selected: usize, typing: Option<&str>, theme: Theme) {
    let area = buf.area;
    let names = flow.roster();
    let here = (0..names.len()).filter(|&i| flow.is_present(i)).count();
    let cell = names.iter().map(|n| crate::wrap::width(n)).max().unwrap_or(0).clamp(6, 24) + 4;
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
        Some(name) => format!("new name: {name}▏  Enter adds, Esc cancels"),
        None => format!("{here} here, {} absent · changes start with the next round", names.len() - here),
    };
    lines.push(Line::from(Span::styled(status, theme.accent())));
    boxed(buf, " who is here: ↑ ↓ choose · Space absent / here · n add · Esc close ", lines, theme);
}

/// A framed box centred on the screen, sized to its lines.
fn boxed(buf: &mut Buffer, title: &str, lines: Vec<Line>, theme: Theme) {
    let area = buf.area;
    let widest = lines.iter().map(Line::width).max().unwrap_or(0).max(crate::wrap::width(title)) as u16;
    let width = (widest + 4).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    Clear.render(rect, buf);
    let panel = Panel::new().borders(Borders::ALL).border_style(theme.frame()).title(title);
    Paragraph::new(lines).wrap(Wrap { trim: false }).block(panel).render(rect, buf);
}
