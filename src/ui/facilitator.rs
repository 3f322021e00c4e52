//! The facilitator view: the current screen smaller, the step's notes, what comes next, and the
//! schedule in clock times with how far ahead or behind the session runs.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::style::Style;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::{block::Block as Panel, borders::Borders, paragraph::Paragraph, paragraph::Wrap};

use super::content::{Content, Marks};
use super::widgets::TimerSize;
use super::{Theme, widgets};
use crate::flow::{Flow, Half, Part, Position};
use crate::model::App;
use crate::plan::Timeline;
use crate::session::{Body, duration};
use crate::wrap::truncate;

/// Whether the window is large enough for this view (else the room view is drawn).
pub fn fits(area: Rect) -> bool {
    area.width >= 60 && area.height >= 16
}

/// Draws the facilitator view.
pub fn draw(buf: &mut Buffer, app: &App, content: &Content, now: Instant) {
    let area = buf.area;
    let (flow, theme) = (&app.flow, app.theme);
    widgets::header(buf, Rect { height: 1, ..area }, content, theme);
    widgets::progress(buf, Rect { y: area.bottom() - 1, height: 1, ..area }, flow, theme);
    let body = Rect { y: area.y + 1, height: area.height - 2, ..area };
    let schedule_width = (body.width * 2 / 5).clamp(28, 48);
    let main = Rect { width: body.width - schedule_width, ..body };
    let side = Rect { x: main.right(), width: schedule_width, ..body };
    current(buf, main, flow, content, now, theme);
    schedule(buf, side, flow, &app.timeline, now, theme);
}

/// The current screen, its notes and what comes next, stacked in the left column.
fn current(buf: &mut Buffer, area: Rect, flow: &Flow, content: &Content, now: Instant, theme: Theme) {
    let inner_width = area.width.saturating_sub(2);
    let notes = notes(flow);
    let notes_lines = crate::wrap::wrap(&notes, usize::from(inner_width)).len() as u16;
    let notes_rows = (notes_lines + 2).clamp(3, (area.height / 2).max(3));
    let next_rows = 3;

    let mut passages: Vec<super::Passage> =
        content.big.iter().map(|b| super::Passage::new(b.clone(), super::Tone::Words)).collect();
    passages.extend(content.passages.iter().chain(&content.private).cloned());
    if let Some(banner) = &content.banner {
        passages.insert(0, super::Passage::new(banner.clone(), super::Tone::Words));
    }
    if let Some(message) = &content.message {
        passages.insert(0, super::Passage::new(format!("on the room's screen: {message}"), super::Tone::Words));
    }
    let mut lines = widgets::wrap_passages(&passages, usize::from(inner_width));
    if let Some(groups) = &content.groups {
        lines.push((String::new(), super::Tone::Dim));
        // Pairs read `Ana & Ben · Chidi & Dara`; groups hold ` · ` themselves, so they part with bars.
        let between = if matches!(groups.marks, Marks::Letters(_)) { " · " } else { " | " };
        let list = groups.names.iter().map(|g| groups.plain(g)).collect::<Vec<_>>().join(between);
        lines.extend(
            crate::wrap::wrap(&list, usize::from(inner_width)).into_iter().map(|l| (l, super::Tone::Secondary)),
        );
    }
    let room = area.height.saturating_sub(notes_rows + next_rows);
    let words_wanted = lines.len() as u16 + 2;
    // The smallest big digits when the words still fit beside them, else one plain timer line.
    let timer = flow.timer_view(now).map(|view| {
        let small = super::digits::Size::smallest();
        let big = !content.countdown && small.width("+00:00") <= inner_width && words_wanted + small.rows() < room;
        (view, if big { TimerSize::Big(small) } else { TimerSize::Line })
    });
    let timer_rows = timer.map_or(0, |(_, size)| size.rows());
    // The timer sits right under the words; the notes and what comes next keep the bottom.
    let words_rows = words_wanted.min(room.saturating_sub(timer_rows));
    let words = Rect { x: area.x + 1, y: area.y + 1, width: inner_width, height: words_rows.saturating_sub(1) };
    widgets::centred_lines(buf, words, &lines, theme);
    if let Some((view, size)) = timer {
        let timer_area = Rect { x: area.x + 1, y: area.y + words_rows, width: inner_width, height: timer_rows };
        let prefix = if content.countdown { "starts in " } else { "" };
        widgets::timer(buf, timer_area, view, size, prefix, theme);
    }
    let notes_area = Rect { y: area.bottom().saturating_sub(notes_rows + next_rows), height: notes_rows, ..area };
    Paragraph::new(notes).wrap(Wrap { trim: true }).block(panel(" notes ", theme)).render(notes_area, buf);
    let next_area = Rect {
        y: notes_area.bottom(),
        height: next_rows.min(area.bottom().saturating_sub(notes_area.bottom())),
        ..area
    };
    let next = truncate(&upcoming(flow), usize::from(inner_width));
    Paragraph::new(next).block(panel(" next ", theme)).render(next_area, buf);
}

/// What "next" leads to, in words.
pub fn upcoming(flow: &Flow) -> String {
    let steps = &flow.session().steps;
    match (flow.position(), flow.upcoming()) {
        (_, None) => "nothing: this is the end".into(),
        (_, Some(Position::End)) => "the end screen".into(),
        (_, Some(Position::Welcome)) => String::new(),
        (Position::Step { step: a, part: here }, Some(next @ Position::Step { step: b, part })) if a == b => {
            let new_round = flow.position().round() != next.round();
            match (here, part) {
                (_, Part::Question(i)) => format!("question {}", i + 1),
                (_, Part::Round { half: Half::Second, .. }) => "swap speakers (early)".into(),
                (Part::Changeover { .. }, Part::Round { .. }) => "the first speaker starts (early)".into(),
                (Part::Changeover { .. } | Part::Phase { .. }, Part::Phase { phase, .. }) if !new_round => {
                    phase_title(flow, b, phase).map_or_else(String::new, |t| format!("{t} (early)"))
                }
                (_, Part::Changeover { round } | Part::Round { round, .. }) => {
                    format!("round {} with new partners", round + 1)
                }
                (_, Part::Phase { round, .. }) => format!("round {}, the same groups", round + 1),
                (_, Part::Whole) => String::new(),
            }
        }
        (_, Some(Position::Step { step, .. })) => steps
            .get(step)
            .map(|s| format!("{} · {} · {}", s.title, s.kind().name(), duration::words(flow.plan().length(step))))
            .unwrap_or_default(),
    }
}

/// The title of phase `phase` of group step `step`.
fn phase_title(flow: &Flow, step: usize, phase: usize) -> Option<&str> {
    match &flow.session().steps.get(step)?.body {
        Body::Group(g) => g.phases.get(phase).map(|p| p.title.as_str()),
        _ => None,
    }
}

/// Every step with its planned clock time; done steps with their actual time.
fn schedule(buf: &mut Buffer, area: Rect, flow: &Flow, timeline: &Timeline, now: Instant, theme: Theme) {
    let started = flow.started_at();
    let current = flow.step_index();
    let inner = usize::from(area.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    for (i, step) in flow.session().steps.iter().enumerate() {
        let at = timeline.planned_at(flow.plan(), i, started, now);
        let spent = flow.spent().spent(i, now);
        let (mark, style) = match current {
            Some(c) if c == i => ("▶", theme.speaker()),
            _ if flow.spent().visits(i) > 0 => ("✓", theme.dim()),
            _ => (" ", theme.secondary()),
        };
        let times = if flow.spent().visits(i) > 0 {
            format!("{} ({})", duration::words(flow.plan().length(i)), duration::words(spent))
        } else {
            duration::words(flow.plan().length(i))
        };
        lines.push(schedule_line(&at.format("%H:%M").to_string(), mark, &step.title, style, &times, inner, theme));
        if current == Some(i) {
            lines.extend(phases(flow, timeline, now, inner, theme));
        }
    }
    let end = timeline.planned_at(flow.plan(), flow.plan().steps(), started, now);
    lines.push(Line::from(Span::styled(format!("{} ■ end", end.format("%H:%M")), theme.dim())));
    lines.push(Line::default());
    let drift = flow.drift_secs(now).map(|d| d + timeline.late_start_secs(started));
    lines.push(Line::from(Span::styled(drift_words(drift), theme.accent())));
    // The session's messages below, as reminders of what each number key shows (as written:
    // the times are filled in when one is shown). What does not fit is cut.
    let presets = &flow.session().messages;
    if !presets.is_empty() {
        lines.push(Line::default());
        lines.extend(presets.iter().map(|(key, template)| {
            let text = truncate(&template.to_string(), inner.saturating_sub(2));
            Line::from(vec![Span::styled(format!("{key} "), theme.accent()), Span::styled(text, theme.secondary())])
        }));
    }
    Paragraph::new(lines).block(panel(" schedule ", theme)).render(area, buf);
}

/// `14:05 ▶ Title      6m30s`: a clock time, a mark, a title cut to fit and the times on the right.
fn schedule_line(
    at: &str,
    mark: &str,
    title: &str,
    style: Style,
    times: &str,
    inner: usize,
    theme: Theme,
) -> Line<'static> {
    let title_room = inner.saturating_sub(8 + times.len() + 1);
    let title = truncate(&title.replace('\n', " "), title_room);
    let pad = inner.saturating_sub(8 + crate::wrap::width(&title) + times.len());
    Line::from(vec![
        Span::styled(format!("{at} {mark} "), theme.dim()),
        Span::styled(title, style),
        Span::raw(" ".repeat(pad)),
        Span::styled(times.to_owned(), theme.dim()),
    ])
}

/// On a round of a group step, the round's phases under the step, each at its planned clock
/// time, the one on screen marked.
fn phases(flow: &Flow, timeline: &Timeline, now: Instant, inner: usize, theme: Theme) -> Vec<Line<'static>> {
    let (Some(Body::Group(g)), Some((step, round))) = (flow.current_step().map(|s| &s.body), flow.position().round())
    else {
        return Vec::new();
    };
    let here = match flow.position() {
        Position::Step { part: Part::Phase { phase, .. }, .. } => Some(phase),
        _ => None,
    };
    g.phases
        .iter()
        .enumerate()
        .map(|(phase, p)| {
            let position = Position::Step { step, part: Part::Phase { round, phase } };
            let at = timeline.planned_start(flow.plan(), position, flow.started_at(), now);
            let (mark, style) = if here == Some(phase) { ("▸", theme.speaker()) } else { ("·", theme.secondary()) };
            let title = format!("  {}", p.title);
            schedule_line(
                &at.format("%H:%M").to_string(),
                mark,
                &title,
                style,
                &duration::words(p.duration),
                inner,
                theme,
            )
        })
        .collect()
}

/// The notes for the screen on show: a phase's own notes first, then the step's.
fn notes(flow: &Flow) -> String {
    let step = flow.current_step();
    let phase = match (step.map(|s| &s.body), flow.position()) {
        (Some(Body::Group(g)), Position::Step { part: Part::Phase { phase, .. }, .. }) => g.phases.get(phase),
        _ => None,
    };
    let phase_notes = phase.and_then(|p| Some(format!("{}: {}", p.title, p.notes.as_ref()?)));
    let all: Vec<String> = phase_notes.into_iter().chain(step.and_then(|s| s.notes.clone())).collect();
    if all.is_empty() { "no notes".into() } else { all.join("\n\n") }
}

/// "on time", "3 min behind", "1 min ahead".
pub fn drift_words(drift: Option<i64>) -> String {
    match drift {
        None => format!("starts {}", "when you press →"),
        Some(d) if d.abs() < 60 => "on time".into(),
        Some(d) => {
            let minutes = (d.abs() + 30) / 60;
            let amount = if minutes < 60 {
                format!("{minutes} min")
            } else {
                format!("{} h {} min", minutes / 60, minutes % 60)
            };
            format!("{amount} {}", if d > 0 { "behind" } else { "ahead" })
        }
    }
}

fn panel(title: &str, theme: Theme) -> Panel<'_> {
    Panel::new().borders(Borders::ALL).border_style(theme.frame()).title(Span::styled(title, Style::new()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn drift_reads_in_hours_and_minutes_past_an_hour() {
        assert_eq!(super::drift_words(Some(409 * 60)), "6 h 49 min behind");
        assert_eq!(super::drift_words(Some(-180)), "3 min ahead");
        assert_eq!(super::drift_words(Some(20)), "on time");
    }
}
