//! What is drawn over a screen: the keys, the agenda, the roster, a question, a message for the
//! facilitator. Every hint about keys comes from the key table.
//!
//! On the room view nothing is drawn over big glyphs piecemeal, since the projector shows
//! whatever the window shows: the agenda, the roster, a name or message being typed and the quit
//! question take a strip across the window above the timer, cleared whole (the words and big
//! letters behind it go, the timer stays whole); the keys, the timings, the links and the other
//! questions clear the whole window. The facilitator view keeps its boxes over the screen.

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

/// Draws what is open over the session, and the message for the facilitator, if any. `strip`
/// is, on the room view, the rows above the timer (see the module's header); `None` on the
/// facilitator view.
pub fn draw(buf: &mut Buffer, app: &App, now: Instant, strip: Option<Rect>) {
    match strip {
        _ if app.window.mode == Mode::Normal => {}
        None => {
            open(buf, app, now);
        }
        Some(strip) => {
            let small = matches!(
                app.window.mode,
                Mode::Agenda { .. } | Mode::Roster { .. } | Mode::Typing { .. } | Mode::ConfirmQuit
            );
            // In the strip when it shows the box whole (its chosen line and its hint), else over
            // the whole window.
            if !(small && in_strip(buf, app, now, strip)) {
                let area = buf.area;
                blank(buf, area, app.theme);
                open(buf, app, now);
            }
        }
    }
    notice(buf, app);
}

/// Draws what is open in `strip`, cleared first, if it shows there whole; says whether it did
/// (and left `buf` as it was if not).
fn in_strip(buf: &mut Buffer, app: &App, now: Instant, strip: Rect) -> bool {
    let strip = strip.intersection(buf.area);
    let mut scratch = Buffer::empty(strip);
    blank(&mut scratch, strip, app.theme);
    let whole = open(&mut scratch, app, now);
    if whole {
        for at in strip.positions() {
            buf[at] = scratch[at].clone();
        }
    }
    whole
}

/// Clears `area` to the theme's own background and text, not the terminal's: what is drawn over
/// a themed screen is of a piece with it, whatever colours the terminal has.
fn blank(buf: &mut Buffer, area: Rect, theme: Theme) {
    Clear.render(area, buf);
    buf.set_style(area, theme.base());
}

/// Draws what is open, centred in `buf`'s area, and says whether a box showed whole (see
/// [`boxed`]); the other overlays say yes.
fn open(buf: &mut Buffer, app: &App, now: Instant) -> bool {
    let theme = app.theme;
    let hint = |scope| app.keymap.hint(scope);
    match &app.window.mode {
        Mode::Normal => true,
        Mode::Help => help(buf, app),
        Mode::Agenda { selected } => agenda(buf, app, *selected, now),
        Mode::Report => {
            super::report::draw(buf, app, now);
            true
        }
        Mode::Links => {
            super::links::draw(buf, app);
            true
        }
        Mode::RoomCheck => {
            super::room_check::draw(buf, app.flow.session(), app.flow.roster(), theme);
            true
        }
        Mode::Away { secs } => {
            let away = duration::words(std::time::Duration::from_secs(*secs));
            let mut lines = vec![
                Line::from(format!("This computer was asleep for {away}; the timers stood still.")),
                Line::default(),
            ];
            lines.extend(app.keymap.of(Scope::Away).map(|b| Line::from(format!("{}  {}", b.label(), b.help))));
            boxed(buf, " welcome back ", lines, None, "", theme)
        }
        Mode::Roster { selected } => roster(buf, &app.flow, *selected, None, &hint(Scope::Roster), theme),
        Mode::Typing { field: Field::LateArrival { selected }, text } => {
            roster(buf, &app.flow, *selected, Some(text), &hint(Scope::Typing), theme)
        }
        Mode::Typing { field: Field::Message, text } => {
            let lines = vec![
                Line::from("A message across the room's screen, above the timer:"),
                Line::from(Span::styled(format!("{text}▏"), theme.accent())),
            ];
            boxed(buf, " message ", lines, None, &hint(Scope::Typing), theme)
        }
        Mode::Resume { offer, selected } => {
            super::resume::draw(buf, app, offer, *selected, now);
            true
        }
        Mode::ConfirmQuit => {
            boxed(buf, " quit ", vec![Line::from("Quit the session?")], None, &hint(Scope::ConfirmQuit), theme)
        }
    }
}

/// The message for the facilitator, if any.
fn notice(buf: &mut Buffer, app: &App) {
    let theme = app.theme;
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

fn help(buf: &mut Buffer, app: &App) -> bool {
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
    boxed(buf, " keys ", lines, None, &app.keymap.hint(Scope::Help), theme)
}

fn agenda(buf: &mut Buffer, app: &App, selected: usize, now: Instant) -> bool {
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
    boxed(buf, " agenda ", lines, Some(selected), &app.keymap.hint(Scope::Agenda), theme)
}

/// Who is here, in columns: a mark for present or absent, the chosen one reversed; the name
/// being typed, when a late arrival is being added.
fn roster(buf: &mut Buffer, flow: &Flow, selected: usize, typing: Option<&str>, hint: &str, theme: Theme) -> bool {
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
    let focus = if rows == 0 { None } else { Some(selected % rows) };
    boxed(buf, " roster ", lines, focus, hint, theme)
}

/// A framed box centred on the screen, sized to its lines, with the keys' `hint` wrapped under
/// them (a long hint wraps rather than widen the box past a comfortable measure). When the lines
/// are more than the box can hold, those around line `focus` (the one chosen) are kept. Says
/// whether the box showed whole: every line it kept and the hint, none cut by the window.
pub(super) fn boxed(
    buf: &mut Buffer,
    title: &str,
    mut lines: Vec<Line>,
    focus: Option<usize>,
    hint: &str,
    theme: Theme,
) -> bool {
    const HINT_MEASURE: usize = 56;
    let area = buf.area;
    let content = lines.iter().map(Line::width).max().unwrap_or(0).max(width(title));
    let widest = content.max(width(hint).min(HINT_MEASURE)) as u16;
    let box_width = (widest + 4).min(area.width);
    // Lines wider than the box wrap onto more rows.
    let inner = usize::from(box_width.saturating_sub(2)).max(1);
    let rows = |line: &Line| line.width().div_ceil(inner).max(1);
    let mut footer = None;
    if !hint.is_empty() {
        let hint = wrap(hint, inner.saturating_sub(2).max(1));
        let height = usize::from(area.height);
        // A one-line hint moves into the bottom border when the lines fill the window: the hint
        // says how to close the box, so it stays.
        let in_border = hint.len() == 1 && lines.iter().map(rows).sum::<usize>() + 3 > height;
        let hint_rows = if in_border { 0 } else { hint.len() };
        if let Some(focus) = focus.filter(|&f| f < lines.len()) {
            // The chosen line, then its neighbours below and above in turn while they fit.
            let room = height.saturating_sub(hint_rows + 2);
            let (mut first, mut end, mut used) = (focus, focus + 1, rows(&lines[focus]));
            loop {
                let below = lines.get(end).map(&rows).filter(|r| used + r <= room);
                let above = first.checked_sub(1).map(|i| rows(&lines[i])).filter(|r| used + r <= room);
                // Below first unless it has got ahead, so the chosen line stays near the middle.
                if let Some(r) = below.filter(|_| above.is_none() || end - focus <= focus - first) {
                    (end, used) = (end + 1, used + r);
                } else if let Some(r) = above {
                    (first, used) = (first - 1, used + r);
                } else {
                    break;
                }
            }
            lines = lines.drain(first..end).collect();
        }
        if in_border {
            footer = hint.into_iter().next().map(|h| format!(" {h} "));
        } else {
            // The blank line before the hint goes first when the box is as tall as the window.
            if lines.iter().map(rows).sum::<usize>() + hint.len() + 3 <= height {
                lines.push(Line::default());
            }
            lines.extend(hint.into_iter().map(|l| Line::from(Span::styled(l, theme.dim()))));
        }
    }
    let content_rows: usize = lines.iter().map(rows).sum();
    // Still too tall with the hint in the bottom border: the top border and its title go too,
    // so every line shows (help lists every key, and a window of 24 rows must hold them).
    let borders = if footer.is_some() && content_rows + 2 > usize::from(area.height) {
        Borders::LEFT | Borders::RIGHT | Borders::BOTTOM
    } else {
        Borders::ALL
    };
    let needed = content_rows + if borders == Borders::ALL { 2 } else { 1 };
    let height = u16::try_from(needed).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - box_width) / 2,
        y: area.y + (area.height - height) / 2,
        width: box_width,
        height,
    };
    blank(buf, rect, theme);
    let mut panel = Panel::new().borders(borders).border_style(theme.frame());
    if borders == Borders::ALL {
        panel = panel.title(title);
    }
    if let Some(footer) = footer {
        panel = panel.title_bottom(Line::from(Span::styled(footer, theme.dim())));
    }
    Paragraph::new(lines).wrap(Wrap { trim: false }).block(panel).render(rect, buf);
    needed <= usize::from(area.height)
}
