//! The room view: what the projector shows. The words as large as the window allows, the timer
//! in big digits, the pairs, a thin progress line; nothing private.
//!
//! As the window shrinks the layout steps down: big timer and all the words, then fewer words
//! (earlier questions and hints go first), then smaller digits, then a plain timer line, then
//! one line asking for a larger window. It never fails because of size.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use tui_big_text::PixelSize;

use super::Theme;
use super::content::Content;
use super::widgets::{self, GridPlan, WrappedLine};
use crate::flow::Flow;
use crate::session::RoomFit;

/// The smallest window the room view lays out; below it, one line asks for more.
pub const MIN_WIDTH: u16 = 24;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 7;
/// A comfortable line length for reading from the back of a room.
const MAX_LINE: u16 = 60;

/// What the room view shows whole at 80x24, the size `check` judges texts by: lines of
/// [`MAX_LINE`] columns, and the lines of words that fit beside the timer in big digits (the
/// smaller big sizes). A test in `tests/screens.rs` holds the layout to these figures.
pub const FIT: RoomFit = RoomFit { columns: MAX_LINE as usize, rows: 15, window: (80, 24) };

/// Draws the room view of `content`.
pub fn draw(buf: &mut Buffer, flow: &Flow, theme: Theme, content: &Content, now: Instant) {
    let area = buf.area;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(buf, area);
        return;
    }
    widgets::header(buf, Rect { height: 1, ..area }, content, theme);
    widgets::progress(buf, Rect { y: area.bottom() - 1, height: 1, ..area }, flow, theme);
    let margin = (area.width / 12).max(2);
    let body = Rect { x: area.x + margin, y: area.y + 2, width: area.width - 2 * margin, height: area.height - 3 };
    let layout = Layout::plan(content, flow.timer_view(now).is_some(), body);
    layout.draw(buf, body, flow, content, now, theme);
}

/// One line asking for a larger window, cut to whatever width there is.
fn too_small(buf: &mut Buffer, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let room = usize::from(area.width);
    let text = ["holdspace: please enlarge the window", "please enlarge the window", "enlarge window", "too small"]
        .into_iter()
        .find(|t| t.len() <= room)
        .map_or_else(|| crate::wrap::truncate("too small", room), str::to_owned);
    buf.set_stringn(area.x, area.y + area.height / 2, text, usize::from(area.width), Theme::new(false).words());
}

/// How the timer is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    /// In big letters of this size.
    Big(PixelSize),
    /// As one plain line.
    Line,
}

impl Digits {
    fn size(self) -> Option<PixelSize> {
        match self {
            Digits::Big(size) => Some(size),
            Digits::Line => None,
        }
    }
}

/// What fits in the body, decided once per frame from the sizes alone.
struct Layout {
    heading: Option<PixelSize>,
    lines: Vec<WrappedLine>,
    grid: Option<GridPlan>,
    timer: Option<Digits>,
}

impl Layout {
    fn plan(content: &Content, has_timer: bool, body: Rect) -> Self {
        let text_width = body.width.min(MAX_LINE);
        let wrapped = |all: bool| {
            widgets::wrap_passages(content.passages.iter().filter(|b| all || !b.optional), usize::from(text_width))
        };
        let timer_sizes: Vec<Option<Digits>> = if has_timer {
            [
                Digits::Big(PixelSize::Full),
                Digits::Big(PixelSize::HalfHeight),
                Digits::Big(PixelSize::Quadrant),
                Digits::Line,
            ]
            .into_iter()
            .map(Some)
            .collect()
        } else {
            vec![None]
        };
        // Words first, then whole names in the pairs, then the biggest digits that still fit.
        for all_blocks in [true, false] {
            let lines = wrapped(all_blocks);
            for whole_names in [true, false] {
                for &timer in &timer_sizes {
                    let timer_rows = timer.map_or(0, |digits| widgets::timer_rows(digits.size()) + 1);
                    let Some(left) = body.height.checked_sub(lines.len() as u16 + timer_rows) else { continue };
                    // The widest common reading, "+12:34", must fit across.
                    if let Some(digits) = timer.and_then(Digits::size)
                        && !widgets::fits(digits, "+00:00", body.width, u16::MAX)
                    {
                        continue;
                    }
                    let grid =
                        content.groups.as_ref().and_then(|g| GridPlan::new(g, body.width, left.saturating_sub(1)));
                    let grid_ok = grid.is_some_and(|g| g.whole() || !whole_names);
                    // Without whole names, the last timer size takes the grid as it comes.
                    let last_resort = !whole_names && Some(&timer) == timer_sizes.last();
                    if content.groups.is_some() && !grid_ok && !last_resort {
                        continue;
                    }
                    let left = left.saturating_sub(grid.map_or(0, |g| g.rows() + 1));
                    let heading =
                        content.big.as_deref().and_then(|t| widgets::big_size(t, body.width, left.saturating_sub(1)));
                    return Self { heading, lines, grid, timer };
                }
            }
        }
        // Nothing fits whole: the required words, cut to the rows left beside a plain timer.
        let timer = has_timer.then_some(Digits::Line);
        let mut lines = wrapped(false);
        lines.truncate(usize::from(body.height.saturating_sub(if has_timer { 2 } else { 0 })));
        Self { heading: None, lines, grid: None, timer }
    }

    fn draw(&self, buf: &mut Buffer, body: Rect, flow: &Flow, content: &Content, now: Instant, theme: Theme) {
        let timer_rows = self.timer.map_or(0, |digits| widgets::timer_rows(digits.size()));
        let mut top = body.y;
        let above_timer = body.height.saturating_sub(timer_rows);
        // Centre the words (and heading, and pairs) in the space above the timer.
        let heading_rows = self.heading.map_or(0, |s| widgets::big_rows(s) + 1);
        let grid_rows = self.grid.map_or(0, |g| g.rows() + 1);
        let used = heading_rows + self.lines.len() as u16 + grid_rows;
        top += above_timer.saturating_sub(used) / 2;
        if let (Some(size), Some(title)) = (self.heading, content.big.as_deref()) {
            widgets::big_text(
                buf,
                Rect { y: top, height: widgets::big_rows(size), ..body },
                title,
                size,
                theme.accent(),
            );
            top += heading_rows;
        } else if let Some(title) = content.big.as_deref() {
            let title = super::Passage::new(title, super::Tone::Words);
            let lines = widgets::wrap_passages(&[title], usize::from(body.width));
            let rows = (lines.len() as u16).min(body.bottom().saturating_sub(top));
            widgets::centred_lines(buf, Rect { y: top, height: rows, ..body }, &lines, theme);
            top += rows + 1;
        }
        let text_rows = (self.lines.len() as u16).min(body.bottom().saturating_sub(top));
        widgets::centred_lines(buf, Rect { y: top, height: text_rows, ..body }, &self.lines, theme);
        top += text_rows;
        if let (Some(grid), Some(groups)) = (self.grid, &content.groups) {
            let rows = grid.rows().min(body.bottom().saturating_sub(top + 1));
            grid.draw(buf, Rect { y: top + 1, height: rows, ..body }, groups, theme);
        }
        if let (Some(digits), Some(view)) = (self.timer, flow.timer_view(now)) {
            let area = Rect { y: body.bottom().saturating_sub(timer_rows), height: timer_rows, ..body };
            widgets::timer(buf, area, view, digits.size(), theme);
        }
    }
}
