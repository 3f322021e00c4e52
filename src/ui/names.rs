//! The names stage of a round: while people find their partners or their group (the changeover,
//! or a round's first seconds when it has none), who is with whom is what the room looks for, so
//! the groups are the largest thing on the screen. Each group is written in big letters (`1 & 4`)
//! with its lettered or role line under it (`▶A 1   B 4`), in as many columns as fit, at the
//! largest size of a ladder that fits: full-height letters, then half-height ones (wide, then
//! narrow); the most important line of words above them when it fits, the timer a plain line
//! under them. When not even the smallest big letters fit (many people, long or non-Latin names),
//! the room view's usual layout draws the names, bold, in a grid.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use tui_big_text::PixelSize;

use super::content::{Content, Groups};
use super::theme::Theme;
use super::widgets::{self, TimerSize, big_rows, centred_lines};
use crate::flow::{Cue, Flow, Half, TimerView};

/// Whether the names come first on `content` at `now`: during a changeover, or when a session has
/// none, while a round's start is cued (its first turn's or first phase's first seconds).
pub fn first(flow: &Flow, content: &Content, now: Instant) -> bool {
    let starts = || matches!(flow.cue(now), Some(Cue::Turn(Half::First) | Cue::Phase(0)));
    content.countdown || (flow.session().timer.changeover.is_zero() && starts())
}

/// The sizes tried, largest first, each with and without the line of words: full-height letters
/// are worth more than the words (which come back when the timer takes the stage), half-height
/// ones are not.
const LADDER: [(PixelSize, bool); 6] = [
    (PixelSize::Full, true),
    (PixelSize::Full, false),
    (PixelSize::HalfHeight, true),
    (PixelSize::Quadrant, true),
    (PixelSize::HalfHeight, false),
    (PixelSize::Quadrant, false),
];

/// Columns between two columns of groups.
const GAP: u16 = 4;

/// The longest a line of words may be.
const MAX_LINE: usize = 60;

/// How the names stage is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The big letters' size.
    size: PixelSize,
    /// Columns of groups, and the cells each takes.
    columns: u16,
    cell: u16,
    /// Groups a column.
    rows: u16,
    /// The line of words drawn above the names.
    words: Vec<widgets::WrappedLine>,
}

impl Plan {
    /// The largest names that fit in `area` with the timer line under them (`timer`), if any do.
    pub fn new(content: &Content, groups: &Groups, area: Rect, timer: bool) -> Option<Self> {
        let labels: Vec<String> = groups.names.iter().map(|g| g.join(" & ")).collect();
        if labels.iter().any(|l| !l.chars().all(|c| c.is_ascii_graphic() || c == ' ')) {
            return None;
        }
        let count = u16::try_from(groups.names.len()).ok().filter(|n| *n > 0)?;
        let lines: Vec<u16> = groups
            .names
            .iter()
            .map(|g| widgets::group_line(groups, g, &[], u16::MAX, Theme::new(false)).width() as u16)
            .collect();
        let first =
            content.passages.first().map(|p| widgets::wrap_passages([p], usize::from(area.width).min(MAX_LINE)));
        let timer_rows = if timer { 2 } else { 0 };
        LADDER.into_iter().find_map(|(size, with_words)| {
            let words = if with_words { first.clone()? } else { Vec::new() };
            let words_rows = if words.is_empty() { 0 } else { words.len() as u16 + 1 };
            let room = area.height.checked_sub(words_rows + timer_rows)?;
            let glyph = if size == PixelSize::Quadrant { 4 } else { 8 };
            let widest = labels.iter().map(|l| l.chars().count() as u16 * glyph).max()?;
            let cell = widest.max(lines.iter().copied().max()?);
            let by_width = ((area.width + GAP) / (cell + GAP)).min(count);
            let per_group = big_rows(size) + 1;
            (by_width > 0).then_some(())?;
            let rows = count.div_ceil(by_width);
            // As few columns as the rows need, so that the block centres.
            let columns = count.div_ceil(rows);
            (rows * per_group <= room).then_some(Self { size, columns, cell, rows, words })
        })
    }

    /// Rows the words and the names take, gaps included.
    fn rows(&self) -> u16 {
        let words = if self.words.is_empty() { 0 } else { self.words.len() as u16 + 1 };
        words + self.rows * (big_rows(self.size) + 1)
    }

    /// Draws the stage in `body`: the words and the names centred above the timer's line.
    pub fn draw(&self, buf: &mut Buffer, body: Rect, content: &Content, view: Option<TimerView>, theme: Theme) {
        let Some(groups) = &content.groups else { return };
        let timer_rows = if view.is_some() { 2 } else { 0 };
        let mut top = body.y + body.height.saturating_sub(self.rows() + timer_rows) / 2;
        if !self.words.is_empty() {
            let rows = self.words.len() as u16;
            centred_lines(buf, Rect { y: top, height: rows, ..body }, &self.words, theme);
            top += rows + 1;
        }
        let total = self.columns * self.cell + GAP * (self.columns - 1);
        let left = body.x + body.width.saturating_sub(total) / 2;
        let per_group = big_rows(self.size) + 1;
        // Column by column, so each column reads down in the sorted order.
        for (i, members) in groups.names.iter().enumerate() {
            let (column, row) = (i as u16 / self.rows, i as u16 % self.rows);
            let area = Rect {
                x: left + column * (self.cell + GAP),
                y: top + row * per_group,
                width: self.cell,
                height: per_group,
            };
            let label = members.join(" & ");
            let letters = Rect { height: big_rows(self.size), ..area };
            widgets::big_text(buf, letters, &label, self.size, theme.words());
            let line = widgets::group_line(groups, members, &[], self.cell, theme);
            let x = area.x + self.cell.saturating_sub(line.width() as u16) / 2;
            buf.set_line(x, area.y + big_rows(self.size), &line, self.cell);
        }
        if let Some(view) = view {
            let area = Rect { y: body.bottom().saturating_sub(1), height: 1, ..body };
            let prefix = if content.countdown { "starts in " } else { "" };
            widgets::timer(buf, area, view, TimerSize::Line, prefix, theme);
        }
    }
}
