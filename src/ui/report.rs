//! The report screen: one row per step with its planned and actual time, the difference and a
//! bar of the actual time with a mark at the planned time, so the steps that run long stand out;
//! the totals, the time paused and the steps furthest off under it. Rows, not columns of bars,
//! so every label stays whole at 80x24.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::{block::Block as Panel, borders::Borders, clear::Clear, paragraph::Paragraph, paragraph::Wrap};

use super::Theme;
use crate::keymap::Scope;
use crate::model::App;
use crate::rehearsal::Record;
use crate::rehearsal::report::{difference, furthest};
use crate::session::duration;
use crate::wrap::{truncate, width};

/// Draws the report of where the time went up to `now` over the whole screen.
pub fn draw(buf: &mut Buffer, app: &App, now: Instant) {
    let area = buf.area;
    let theme = app.theme;
    Clear.render(area, buf);
    let panel = Panel::new().borders(Borders::ALL).border_style(theme.frame()).title(" timings: planned / actual ");
    let inner = panel.inner(area);
    panel.render(area, buf);
    let wall = app.timeline.at(now).and_local_timezone(chrono::Local).earliest();
    let Some(record) = wall.map(|wall| app.recorder.record(app.flow.session(), now, wall)) else {
        Paragraph::new("Nothing recorded yet.").render(inner, buf);
        return;
    };
    let mut tail = summary_lines(&record, theme);
    tail.push(Line::from(Span::styled(app.keymap.hint(Scope::Report), theme.dim())));
    let tail_rows: u16 = tail.iter().map(|l| wrapped_rows(l, inner.width)).sum();
    let rows = inner.height.saturating_sub(tail_rows + 1);
    table(buf, Rect { height: rows, ..inner }, &record, theme);
    let tail_area = Rect { y: inner.y + rows + 1, height: inner.height.saturating_sub(rows + 1), ..inner };
    Paragraph::new(tail).wrap(Wrap { trim: true }).render(tail_area, buf);
}

fn words(ms: u64) -> String {
    duration::words(std::time::Duration::from_millis(ms))
}

/// Rows a line takes when wrapped to `width`.
fn wrapped_rows(line: &Line, width: u16) -> u16 {
    (line.width() as u16).div_ceil(width.max(1)).max(1)
}

/// The heading row and one row per step (as many as fit; a last row says how many more).
fn table(buf: &mut Buffer, area: Rect, record: &Record, theme: Theme) {
    if area.height == 0 {
        return;
    }
    let times: Vec<[String; 3]> = record
        .steps
        .iter()
        .map(|s| {
            let (actual, diff) = if s.visits == 0 {
                ("—".to_owned(), String::new())
            } else {
                (words(s.actual_ms), difference(s.actual_ms, s.planned_ms))
            };
            [words(s.planned_ms), actual, diff]
        })
        .collect();
    let column = |i: usize| times.iter().map(|t| width(&t[i])).max().unwrap_or(0).max(6);
    let (planned_w, actual_w, diff_w) = (column(0), column(1), column(2));
    let number_w = record.steps.len().to_string().len();
    let fixed = number_w + 1 + planned_w + actual_w + diff_w + 6;
    let room = usize::from(area.width).saturating_sub(fixed);
    let title_w = record.steps.iter().map(|s| width(&s.title)).max().unwrap_or(4).clamp(4, 28).min(room / 2);
    let bar_w = room.saturating_sub(title_w + 2);
    let scale = record.steps.iter().map(|s| s.planned_ms.max(s.actual_ms)).max().unwrap_or(1).max(1);
    let head = format!(
        "{:>number_w$} {:<title_w$}  {:>planned_w$}  {:>actual_w$}  {:>diff_w$}",
        "#", "step", "planned", "actual", "diff"
    );
    buf.set_stringn(area.x, area.y, head, usize::from(area.width), theme.dim());
    let fit = usize::from(area.height.saturating_sub(1));
    let shown = if record.steps.len() > fit { fit.saturating_sub(1) } else { record.steps.len() };
    for (i, (step, [planned, actual, diff])) in record.steps.iter().zip(&times).enumerate().take(shown) {
        let title = truncate(&step.title.replace('\n', " "), title_w);
        let pad = " ".repeat(title_w.saturating_sub(width(&title)));
        let over = step.actual_ms > step.planned_ms;
        let text =
            format!("{:>number_w$} {title}{pad}  {planned:>planned_w$}  {actual:>actual_w$}  {diff:>diff_w$}  ", i + 1);
        let bar = bar(step.actual_ms, step.planned_ms, scale, bar_w);
        let style = if over {
            theme.timer_label(crate::flow::TimerStatus::Over(crate::session::Overtime::Show))
        } else {
            theme.accent()
        };
        let line = Line::from(vec![Span::raw(text), Span::styled(bar.0, style), Span::styled(bar.1, theme.dim())]);
        buf.set_line(area.x, area.y + 1 + i as u16, &line, area.width);
    }
    if shown < record.steps.len() {
        let hidden = record.steps.len() - shown;
        let room = usize::from(area.width);
        let more = [format!("… {hidden} more steps: see the Markdown report"), format!("… {hidden} more steps")]
            .into_iter()
            .find(|line| crate::wrap::width(line) <= room)
            .unwrap_or_else(|| crate::wrap::truncate(&format!("… {hidden} more"), room));
        buf.set_stringn(area.x, area.y + 1 + shown as u16, more, room, theme.dim());
    }
}

/// The actual time as a bar `room` cells at most: solid up to the planned time, shaded beyond
/// it (so a step that ran over shows by how much without colour), and for a step that fell
/// short, a thin line on to a mark at the planned time.
fn bar(actual_ms: u64, planned_ms: u64, scale: u64, room: usize) -> (String, String) {
    let cells = |ms: u64| usize::try_from(ms.saturating_mul(room as u64) / scale).unwrap_or(room).min(room);
    let (filled, planned) = (cells(actual_ms), cells(planned_ms).max(1));
    if filled > planned {
        return (format!("{}{}", "█".repeat(planned), "▒".repeat(filled - planned)), String::new());
    }
    let rest = if planned > filled { format!("{}│", "┄".repeat(planned - filled - 1)) } else { String::new() };
    ("█".repeat(filled), rest)
}

fn summary_lines(record: &Record, theme: Theme) -> Vec<Line<'static>> {
    let ms = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let (planned, actual) = (ms(record.planned()), ms(record.actual()));
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("planned {} · took {} ({})", words(planned), words(actual), difference(actual, planned)),
            theme.accent(),
        ),
        Span::raw(format!(" · paused {}", words(record.paused_ms))),
    ])];
    let off: Vec<String> = furthest(record)
        .into_iter()
        .map(|i| {
            let s = &record.steps[i];
            format!("{}. {} {}", i + 1, s.title.replace('\n', " "), difference(s.actual_ms, s.planned_ms))
        })
        .collect();
    if !off.is_empty() {
        lines.push(Line::from(format!("furthest off: {}", off.join(" · "))));
    }
    lines.push(Line::from(Span::styled(
        "bar: actual time · ▒ beyond the plan · │ the plan, where not reached",
        theme.dim(),
    )));
    lines
}
