//! The room check: before the session, in the room view's colours, the largest and the smallest
//! text the session will put on the projector (the timer's digits; its longest question; its
//! longest pair line with the whole roster), the window's size in cells, and what to do about
//! the font: enlarge it until the window is about 80x24, then read the smallest line from the
//! back row. Whether the words can be read is found out before the first person squints.

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::clear::Clear;

use super::content::{Groups, Marks, Passage, Tone};
use super::theme::Theme;
use super::{digits, room, widgets};
use crate::session::{Body, Session};
use crate::wrap::{truncate, width};

/// The window the room view is laid out for, and what `check` judges texts by.
const AIM: (u16, u16) = (room::FIT.window.0, room::FIT.window.1);

/// What to do about the font at a window of `columns` x `rows` cells.
pub fn advice(columns: u16, rows: u16) -> String {
    let (w, h) = AIM;
    let size = format!("This window is {columns}x{rows}.");
    if columns < w || rows < h {
        format!(
            "{size} Make the font smaller until it is at least {w}x{h}, then read the smallest line from the back row."
        )
    } else if columns > w + w / 4 || rows > h + h / 4 {
        format!("{size} Enlarge the font until it is about {w}x{h}, then read the smallest line from the back row.")
    } else {
        format!("{size} Good: now read the smallest line from the back row.")
    }
}

/// The session's longest question (or, with none, its longest quote or text).
fn longest_words(session: &Session) -> Option<String> {
    let longest = |texts: Vec<&String>| texts.into_iter().max_by_key(|t| width(t)).cloned();
    let questions = session
        .steps
        .iter()
        .filter_map(|s| match &s.body {
            Body::Reflection(q) | Body::Closing(q) => Some(&q.questions),
            _ => None,
        })
        .flatten()
        .collect();
    longest(questions).or_else(|| {
        let words = session
            .steps
            .iter()
            .filter_map(|s| match &s.body {
                Body::Quote { text, .. } | Body::Text { text, .. } => Some(text),
                _ => None,
            })
            .collect();
        longest(words)
    })
}

/// The longest pair line the roster can make: its two longest names together (and a third for a
/// trio when the room is odd), lettered, the first speaking, as the room view writes a pair.
fn longest_pair(roster: &[String]) -> Option<Groups> {
    if roster.len() < 2 {
        return None;
    }
    let mut names: Vec<&String> = roster.iter().collect();
    names.sort_by_key(|n| std::cmp::Reverse(width(n)));
    let size = if roster.len() % 2 == 1 { 3 } else { 2 };
    let group: Vec<String> = names.into_iter().take(size).cloned().collect();
    Some(Groups { names: vec![group], marks: Marks::Letters(Some((0, 0))) })
}

/// Draws the room check of `session` with `roster` over the whole of `buf`.
pub fn draw(buf: &mut Buffer, session: &Session, roster: &[String], theme: Theme) {
    let area = buf.area;
    Clear.render(area, buf);
    buf.set_style(area, theme.base());
    if area.width < room::MIN_WIDTH || area.height < room::MIN_HEIGHT {
        buf.set_stringn(
            area.x,
            area.y,
            truncate(&advice(area.width, area.height), usize::from(area.width)),
            usize::from(area.width),
            theme.words(),
        );
        return;
    }
    let size = format!("{}x{}", area.width, area.height);
    let header = super::Content { header: "Room check".into(), detail: size, ..super::Content::default() };
    widgets::header(buf, Rect { height: 1, ..area }, &header, theme);
    let margin = (area.width / 12).max(2);
    let inner = Rect { x: area.x + margin, width: area.width - 2 * margin, ..area };
    let text_width = usize::from(inner.width.min(60));
    // From the bottom up: the key, the advice, the smallest line, the question; the timer in
    // what is left above them.
    let floor = area.y + 2;
    let mut bottom = area.bottom();
    stack(buf, inner, floor, &mut bottom, &[("any key returns".into(), Tone::Dim)], theme);
    let advice = widgets::wrap_passages(&[Passage::new(advice(area.width, area.height), Tone::Words)], text_width);
    stack(buf, inner, floor, &mut bottom, &advice, theme);
    if let Some(pair) = longest_pair(roster)
        && bottom > floor + 3
    {
        bottom -= 3;
        let label = [("smallest: a pair's line with the longest names".to_owned(), Tone::Dim)];
        widgets::centred_lines(buf, Rect { y: bottom, height: 1, ..inner }, &label, theme);
        let line = widgets::group_line(&pair, &pair.names[0], &[], inner.width, theme);
        let x = inner.x + inner.width.saturating_sub(line.width() as u16) / 2;
        buf.set_line(x, bottom + 1, &line, inner.width);
    }
    if let Some(words) = longest_words(session) {
        let mut lines = vec![("the longest question".to_owned(), Tone::Dim)];
        lines.extend(widgets::wrap_passages(&[Passage::new(words, Tone::Words)], text_width));
        stack(buf, inner, floor, &mut bottom, &lines, theme);
    }
    // The timer's digits, as tall as the room view may draw them in what is left.
    let longest = session.steps.iter().map(crate::session::Step::planned).max().unwrap_or_default();
    let clock = crate::session::duration::clock(longest);
    let top = floor;
    let room_rows = bottom.saturating_sub(top + 1);
    let cap = room_rows.min(room::timer_cap(area.height));
    if let Some(size) = digits::largest("+00:00", inner.width, cap) {
        let y = top + room_rows.saturating_sub(size.rows() + 1) / 2;
        digits::draw(
            buf,
            Rect { y, height: size.rows(), ..inner },
            &clock,
            size,
            theme.timer(crate::flow::TimerStatus::Running),
        );
        let label = Line::from(Span::styled("largest: the timer", theme.dim()));
        let x = inner.x + inner.width.saturating_sub(label.width() as u16) / 2;
        buf.set_line(x, y + size.rows(), &label, inner.width);
    }
}

/// Draws `lines` centred just above `bottom` with a row's gap under them, and moves `bottom` up
/// past them; nothing when they would go above `floor`.
fn stack(buf: &mut Buffer, area: Rect, floor: u16, bottom: &mut u16, lines: &[widgets::WrappedLine], theme: Theme) {
    let rows = lines.len() as u16;
    if *bottom < floor + rows + 1 {
        return;
    }
    *bottom -= rows + 1;
    widgets::centred_lines(buf, Rect { y: *bottom, height: rows, ..area }, lines, theme);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_advice_follows_the_window() {
        assert!(advice(200, 60).contains("Enlarge the font until it is about 80x24"));
        assert!(advice(60, 20).contains("Make the font smaller until it is at least 80x24"));
        assert!(advice(80, 24).starts_with("This window is 80x24. Good"));
    }

    #[test]
    fn the_longest_pair_takes_the_longest_names() {
        let roster: Vec<String> = ["Ana", "Bartholomew", "Chidi", "Maximiliana"].map(String::from).to_vec();
        let pair = longest_pair(&roster).expect("a pair");
        assert_eq!(pair.names, [vec!["Bartholomew".to_owned(), "Maximiliana".to_owned()]]);
        assert_eq!(longest_pair(&roster[..3]).map(|g| g.names[0].len()), Some(3), "an odd room has a trio");
    }
}
