//! The report screen: a bar per step of planned against actual time, so the steps that run long
//! stand out, with the totals, the time paused and the steps furthest off under it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block as Panel, Borders, Clear, Paragraph};

use super::Theme;
use crate::rehearsal::Record;
use crate::rehearsal::report::{difference, furthest};
use crate::session::duration;

/// Draws the report over the whole screen.
pub fn draw(frame: &mut Frame, record: Option<&Record>, theme: Theme) {
    let area = frame.area();
    frame.render_widget(Clear, area);
    let panel = Panel::new()
        .borders(Borders::ALL)
        .border_style(theme.frame())
        .title(" timings: planned / actual · any key closes ");
    let inner = panel.inner(area);
    frame.render_widget(panel, area);
    let Some(record) = record else {
        frame.render_widget(Paragraph::new("Nothing recorded yet."), inner);
        return;
    };
    let summary = summary_lines(record, theme);
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([Constraint::Min(3), Constraint::Length(summary.len() as u16)])
        .split(inner);
    chart(frame, rows[0], record, theme);
    frame.render_widget(Paragraph::new(summary), rows[1]);
}

fn minutes(ms: u64) -> u64 {
    ms.div_ceil(60_000)
}

fn chart(frame: &mut Frame, area: Rect, record: &Record, theme: Theme) {
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
                    .timer(crate::flow::TimerState::Over(crate::session::Overtime::Show))
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
    frame.render_widget(chart, area);
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
