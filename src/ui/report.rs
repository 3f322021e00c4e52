//! The report screen: a bar per step of planned against actual time, so the steps that run long
//! stand out, with the totals, the time paused and the steps furthest off under it.

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::{Constraint, Direction, Layout, Rect};
use ratatui_core::style::Modifier;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::{
    barchart::Bar, barchart::BarChart, barchart::BarGroup, block::Block as Panel, borders::Borders, clear::Clear,
    paragraph::Paragraph,
};

use std::time::Instant;

use super::Theme;
use crate::keymap::Scope;
use crate::model::App;
use crate::rehearsal::Record;
use crate::rehearsal::report::{difference, furthest};
use crate::session::duration;

/// Draws the report of where the time went up to `now` over the whole screen.
pub fn draw(buf: &mut Buffer, app: &App, now: Instant) {
    let area = buf.area;
    let theme = app.theme;
    Clear.render(area, buf);
    let title = format!(" timings: planned / actual · {} ", app.keymap.hint(Scope::Report));
    let panel = Panel::new().borders(Borders::ALL).border_style(theme.frame()).title(title);
    let inner = panel.inner(area);
    panel.render(area, buf);
    let wall = app.timeline.at(now).and_local_timezone(chrono::Local).earliest();
    let Some(record) = wall.map(|wall| app.recorder.record(app.flow.session(), now, wall)) else {
        Paragraph::new("Nothing recorded yet.").render(inner, buf);
        return;
    };
    let record = &record;
    let summary = summary_lines(record, theme);
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(3), Constraint::Length(summary.len() as u16)])
        .split(inner);
    chart(buf, rows[0], record, theme);
    Paragraph::new(summary).render(rows[1], buf);
}

fn minutes(ms: u64) -> u64 {
    ms.div_ceil(60_000)
}

fn chart(buf: &mut Buffer, area: Rect, record: &Record, theme: Theme) {
    let steps = record.steps.len().max(1) as u16;
    // Two bars a step and a gap between steps, as wide as the window allows.
    let bar_width = ((area.width.saturating_sub(steps)) / (steps * 2)).clamp(1, 6);
    let groups: Vec<BarGroup> = record
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let over = s.actual_ms > s.planned_ms;
            let planned = Bar::default()
                .value(minutes(s.planned_ms))
                .style(theme.dim())
                .text_value(duration::words(std::time::Duration::from_millis(s.planned_ms)));
            let actual_style = if over {
                theme
                    .timer(crate::flow::TimerStatus::Over(crate::session::Overtime::Show))
                    .add_modifier(Modifier::REVERSED)
            } else {
                theme.accent()
            };
            let actual = Bar::default().value(minutes(s.actual_ms)).style(actual_style).text_value(if s.visits == 0 {
                "—".into()
            } else {
                difference(s.actual_ms, s.planned_ms)
            });
            BarGroup::default().label(Line::from(format!("{}", i + 1))).bars(&[planned, actual])
        })
        .collect();
    let mut chart = BarChart::default().bar_width(bar_width).bar_gap(0).group_gap(1);
    for group in groups {
        chart = chart.data(group);
    }
    chart.render(area, buf);
}

fn summary_lines(record: &Record, theme: Theme) -> Vec<Line<'static>> {
    let ms = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let (planned, actual) = (ms(record.planned()), ms(record.actual()));
    let words = |m: u64| duration::words(std::time::Duration::from_millis(m));
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
            format!(
                "{}. {} {}",
                i + 1,
                record.steps[i].title.replace('\n', " "),
                difference(record.steps[i].actual_ms, record.steps[i].planned_ms)
            )
        })
        .collect();
    if !off.is_empty() {
        lines.push(Line::from(format!("furthest off: {}", off.join(" · "))));
    }
    lines.push(Line::from(Span::styled("left bar: planned · right bar: actual, marked when over", theme.dim())));
    lines
}
