//! Widgets every screen shares: the header line, the progress line, wrapped centred words, the
//! big timer, big headings and the grid of pairs or groups.

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::{Alignment, Rect};
use ratatui_core::style::Style;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

use super::content::{Content, Groups, Marks, Passage, Tone};
use super::digits;
use super::theme::Theme;
use crate::flow::{Flow, Position, TimerView};
use crate::session::role_runs as runs;
use crate::wrap::{truncate, width, width as width_of, wrap};

/// A line of words after wrapping, with its tone.
pub type WrappedLine = (String, Tone);

/// Big-letter sizes from largest to smallest, all drawn with block characters every terminal
/// font has (the sextant and octant sizes need glyphs many fonts lack).
const BIG_SIZES: [PixelSize; 3] = [PixelSize::Full, PixelSize::HalfHeight, PixelSize::Quadrant];

/// Cells a big glyph takes at `size`: (columns, rows).
fn glyph_cells(size: PixelSize) -> (u16, u16) {
    match size {
        PixelSize::Full => (8, 8),
        PixelSize::HalfHeight => (8, 4),
        _ => (4, 4),
    }
}

/// The largest big-letter size at which `text` fits in `width` x `height`, if any. Only plain
/// ASCII is drawn big: the big font has no glyphs for most other scripts.
pub fn big_size(text: &str, width: u16, height: u16) -> Option<PixelSize> {
    if !text.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return None;
    }
    BIG_SIZES.into_iter().find(|&size| fits(size, text, width, height))
}

/// Whether `text` drawn big at `size` fits in `width` x `height`.
pub fn fits(size: PixelSize, text: &str, width: u16, height: u16) -> bool {
    let (w, h) = glyph_cells(size);
    let glyphs = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    glyphs.saturating_mul(w) <= width && h <= height
}

/// Rows a big text takes at `size`.
pub fn big_rows(size: PixelSize) -> u16 {
    glyph_cells(size).1
}

/// Draws `text` in big letters, centred in `area`. The big font's zero is slashed, which from
/// the back of a room blots it into an 8 (`10:00` reads `18:88`): zeros are drawn with its round
/// capital O, an open oval with nothing inside, as the timer's own digits draw them.
pub fn big_text(buf: &mut Buffer, area: Rect, text: &str, size: PixelSize, style: Style) {
    BigText::builder()
        .pixel_size(size)
        .style(style)
        .alignment(Alignment::Center)
        .lines(vec![Line::from(text.replace('0', "O"))])
        .build()
        .render(area, buf);
}

/// The top line: where we are on the left, the place within the step on the right.
pub fn header(buf: &mut Buffer, area: Rect, content: &Content, theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let detail_width = width(&content.detail).min(usize::from(area.width) / 2);
    let left_room = usize::from(area.width).saturating_sub(detail_width + 2);
    buf.set_stringn(area.x, area.y, truncate(&content.header, left_room), left_room, theme.accent());
    if detail_width > 0 {
        let detail = truncate(&content.detail, detail_width);
        let x = area.right().saturating_sub(width(&detail) as u16);
        buf.set_stringn(x, area.y, detail, detail_width, theme.dim());
    }
}

/// The thin progress line: how far through the steps the session is.
pub fn progress(buf: &mut Buffer, area: Rect, flow: &Flow, theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let steps = flow.session().steps.len().max(1);
    let done = match flow.position() {
        Position::Welcome => 0,
        Position::Step { step, .. } => step + 1,
        Position::End => steps,
    };
    let label = format!(" {done}/{steps}");
    let bar = area.width.saturating_sub(u16::try_from(label.len()).unwrap_or(u16::MAX));
    let filled = usize::from(bar) * done / steps;
    // Cell by cell: drawn as a string, the bar cost more than the rest of a screen, since every
    // string is cut into grapheme clusters on the way in.
    for (i, x) in (area.x..area.x + bar).enumerate() {
        let (symbol, style) = if i < filled { ("━", theme.accent()) } else { ("─", theme.frame()) };
        buf[(x, area.y)].set_symbol(symbol).set_style(style);
    }
    buf.set_stringn(area.x + bar, area.y, label, usize::from(area.width - bar), theme.dim());
}

/// Wraps passages to `max` cells with a blank line between passages.
pub fn wrap_passages<'a>(passages: impl IntoIterator<Item = &'a Passage>, max: usize) -> Vec<WrappedLine> {
    let mut lines = Vec::new();
    for passage in passages {
        if !lines.is_empty() {
            lines.push((String::new(), Tone::Dim));
        }
        lines.extend(wrap(&passage.text, max).into_iter().map(|l| (l, passage.tone)));
    }
    lines
}

/// The style of a tone.
pub fn tone_style(tone: Tone, theme: Theme) -> Style {
    match tone {
        Tone::Words => theme.words(),
        Tone::Secondary => theme.secondary(),
        Tone::Dim => theme.dim(),
    }
}

/// Draws wrapped lines centred in `area`, cutting what does not fit.
pub fn centred_lines(buf: &mut Buffer, area: Rect, lines: &[WrappedLine], theme: Theme) {
    for (row, (text, tone)) in (area.y..area.bottom()).zip(lines) {
        let text = truncate(text, usize::from(area.width));
        let x = area.x + (area.width.saturating_sub(width(&text) as u16)) / 2;
        buf.set_stringn(x, row, text, usize::from(area.width), tone_style(*tone, theme));
    }
}

/// How big a timer is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerSize {
    /// In big digits of this size, with the state word under them.
    Big(digits::Size),
    /// As one plain line.
    Line,
}

impl TimerSize {
    /// Rows the timer takes (digits plus the state word, or one line).
    pub fn rows(self) -> u16 {
        match self {
            TimerSize::Big(size) => size.rows() + 1,
            TimerSize::Line => 1,
        }
    }
}

/// The timer with its state word, centred in `area`; `prefix` goes before a plain line ("starts
/// in").
pub fn timer(buf: &mut Buffer, area: Rect, view: TimerView, size: TimerSize, prefix: &str, theme: Theme) {
    let (clock, label) = super::timer_text(view.secs, view.status);
    let style = theme.timer(view.status);
    let label_style = theme.timer_label(view.status);
    match size {
        TimerSize::Big(size) => {
            let rows = size.rows().min(area.height);
            digits::draw(buf, Rect { height: rows, ..area }, &clock, size, style);
            // A state other than running is a band across the whole area, reversed: it reads
            // from the back of the room and without colour, not only as the digits' hue.
            if area.height > rows && !label.is_empty() {
                let band = Rect { y: area.y + rows, height: 1, ..area };
                buf.set_style(band, label_style);
                centred_spans(buf, band, &Line::from(Span::styled(format!(" {label} "), label_style)));
            }
        }
        TimerSize::Line => {
            let mut spans = vec![Span::styled(format!("{prefix}{clock}"), style)];
            if !label.is_empty() {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(format!(" {label} "), label_style));
            }
            centred_spans(buf, Rect { height: 1.min(area.height), ..area }, &Line::from(spans));
        }
    }
}

/// A band across `area` cueing a change the room must see: reversed, the words bold and
/// centred, distinct without colour. Words too long for one row go on the band's other rows,
/// broken first where the cue joins its parts (" · "), so that a cue is read whole.
pub fn banner(buf: &mut Buffer, area: Rect, text: &str, theme: Theme) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let style = theme.cue();
    buf.set_style(area, style);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_symbol(" ");
        }
    }
    let max = usize::from(area.width.saturating_sub(2)).max(1);
    let mut lines = if width(text) <= max {
        vec![text.to_owned()]
    } else {
        text.split(" · ").flat_map(|part| crate::wrap::wrap(part, max)).collect()
    };
    let rows = usize::from(area.height);
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            *last = truncate(&format!("{last} …"), max);
        }
    }
    let top = area.y + (area.height - lines.len() as u16) / 2;
    for (y, line) in (top..).zip(&lines) {
        let x = area.x + area.width.saturating_sub(width(line) as u16) / 2;
        buf.set_stringn(x, y, line, usize::from(area.width), style);
    }
}

fn centred_spans(buf: &mut Buffer, area: Rect, line: &Line) {
    if area.height == 0 {
        return;
    }
    let w = (line.width() as u16).min(area.width);
    buf.set_line(area.x + (area.width - w) / 2, area.y, line, w);
}

/// How the groups are laid out: columns, rows, and the cells each name may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridPlan {
    columns: u16,
    rows: u16,
    cell: u16,
    whole: bool,
    /// The widest name in each place of a group (A, B, C), so the names line up in columns.
    widths: Vec<usize>,
    /// A small room's groups in big letters, one group a line, at this size.
    big: Option<PixelSize>,
}

/// At most this many groups are drawn in big letters, when the window has room for them.
const BIG_GROUPS: usize = 3;

const GRID_GAP: u16 = 3;

impl GridPlan {
    /// The grid for `groups` in `width` columns using at most `max_rows` rows, if it fits at all.
    pub fn new(groups: &Groups, width: u16, max_rows: u16) -> Option<Self> {
        let count = u16::try_from(groups.names.len()).ok()?;
        if count == 0 || max_rows == 0 || width == 0 {
            return None;
        }
        // A small room reads its pairs from the back in big letters, with the A/B line under.
        if groups.names.len() <= BIG_GROUPS {
            let big = [PixelSize::HalfHeight, PixelSize::Quadrant].into_iter().find(|&size| {
                count * (big_rows(size) + 1) <= max_rows
                    && groups.names.iter().all(|g| big_size(&g.join(" & "), width, big_rows(size)) == Some(size))
            });
            if let Some(size) = big {
                let rows = count * (big_rows(size) + 1);
                return Some(Self { columns: 1, rows, cell: width, whole: true, widths: Vec::new(), big: Some(size) });
            }
        }
        let places = groups.names.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..places)
            .map(|i| groups.names.iter().filter_map(|g| g.get(i)).map(|n| width_of(n)).max().unwrap_or(0))
            .collect();
        let natural = match &groups.marks {
            Marks::Letters(_) => line_width(&widths, usize::MAX),
            Marks::Roles { roles, .. } => {
                let whole = |g: &Vec<String>| {
                    let (around, widths) = role_widths(roles, g);
                    around + widths.iter().sum::<usize>()
                };
                groups.names.iter().map(whole).max().unwrap_or(0)
            }
        };
        let natural = u16::try_from(natural).unwrap_or(u16::MAX);
        let columns_by_width = ((width + GRID_GAP) / (natural.saturating_add(GRID_GAP))).max(1);
        let columns = columns_by_width.max(count.div_ceil(max_rows)).min(count);
        // Filled column by column: as many columns as the rows need, so the grid centres.
        let columns = count.div_ceil(count.div_ceil(columns));
        let cell = (width.saturating_sub(GRID_GAP * (columns - 1)) / columns).min(natural);
        // A pair needs at least `▶A xxx  ▶B xxx`: fourteen cells.
        (cell >= natural.min(14)).then_some(Self {
            columns,
            rows: count.div_ceil(columns),
            cell,
            whole: cell >= natural,
            widths,
            big: None,
        })
    }

    /// True when every name fits whole.
    pub fn whole(&self) -> bool {
        self.whole
    }

    /// Rows the grid takes.
    pub fn rows(&self) -> u16 {
        self.rows
    }

    /// Draws the grid centred in `area`.
    pub fn draw(&self, buf: &mut Buffer, area: Rect, groups: &Groups, theme: Theme) {
        if let Some(size) = self.big {
            let mut y = area.y;
            for members in &groups.names {
                let rows = big_rows(size);
                if y + rows + 1 > area.bottom() {
                    break;
                }
                big_text(buf, Rect { y, height: rows, ..area }, &members.join(" & "), size, theme.words());
                let line = group_line(groups, members, &[], area.width, theme);
                centred_spans(buf, Rect { y: y + rows, height: 1, ..area }, &line);
                y += rows + 1;
            }
            return;
        }
        let total = self.columns * self.cell + GRID_GAP * (self.columns - 1);
        let left = area.x + area.width.saturating_sub(total) / 2;
        // Column by column, so each column reads down in the sorted order.
        for (i, members) in groups.names.iter().enumerate() {
            let (col, row) = (i as u16 / self.rows, i as u16 % self.rows);
            if row >= area.height {
                continue;
            }
            let line = group_line(groups, members, &self.widths, self.cell, theme);
            buf.set_line(left + col * (self.cell + GRID_GAP), area.y + row, &line, self.cell);
        }
    }
}

/// One group of `groups` as a line cut to fit `cell`: lettered places for pairs, roles for a
/// group step.
pub fn group_line(groups: &Groups, members: &[String], widths: &[usize], cell: u16, theme: Theme) -> Line<'static> {
    match &groups.marks {
        Marks::Letters(_) => letter_line(members, groups.speaker(members), widths, cell, theme),
        Marks::Roles { roles, acting } => role_line(roles, acting, members, usize::from(cell), theme),
    }
}

/// `▶client Ana · consultant Ben, Chidi`: each run of places sharing a role under one label,
/// those acting now marked and reversed, names cut only as far as `cell` needs. Without roles,
/// `Ana · Ben · Chidi`.
fn role_line(roles: &[String], acting: &[bool], members: &[String], cell: usize, theme: Theme) -> Line<'static> {
    let (around, widths) = role_widths(roles, members);
    let longest = widths.iter().copied().max().unwrap_or(0);
    let line = |max: usize| around + widths.iter().map(|w| (*w).min(max)).sum::<usize>();
    let per_name = (1..=longest).rev().find(|&max| line(max) <= cell).unwrap_or(1);
    let mut spans = Vec::new();
    for (i, (role, places)) in runs(roles, members.len()).into_iter().enumerate() {
        // Each run with a role starts with its mark (a space, or ▶ for those acting).
        if i > 0 {
            spans.push(Span::styled(if role.is_empty() { " · " } else { " ·" }, theme.dim()));
        }
        let acts = acting.get(places.start).copied().unwrap_or(false);
        if !role.is_empty() {
            let mark = if acts { "▶" } else { " " };
            spans.push(Span::styled(format!("{mark}{role} "), if acts { theme.words() } else { theme.dim() }));
        }
        let names: Vec<String> = members[places].iter().map(|n| truncate(n, per_name)).collect();
        spans.push(Span::styled(names.join(", "), if acts { theme.speaker() } else { theme.words() }));
    }
    Line::from(spans)
}

/// The cells a group line with roles takes around its names (labels, marks, commas, the dots
/// between runs), and each name's width: measured once, as names are cut to fit.
fn role_widths(roles: &[String], members: &[String]) -> (usize, Vec<usize>) {
    let runs = runs(roles, members.len());
    let labelled = runs.iter().filter(|(r, _)| !r.is_empty()).count();
    let labels: usize = runs.iter().map(|(r, _)| width_of(r)).sum::<usize>() + labelled * 2;
    let commas = members.len().saturating_sub(runs.len()) * 2;
    let between = runs.len().saturating_sub(1) * if labelled > 0 { 2 } else { 3 };
    (labels + commas + between, members.iter().map(|n| width_of(n)).collect())
}

/// `▶A Ana    B Ben` with the speaker marked and reversed, each name padded to its place's width
/// in `widths` (when given) so the names line up, and cut to fit `cell`.
fn letter_line(members: &[String], speaker: Option<usize>, widths: &[usize], cell: u16, theme: Theme) -> Line<'static> {
    let aligned: Vec<usize> =
        members.iter().enumerate().map(|(i, n)| widths.get(i).copied().unwrap_or_else(|| width_of(n))).collect();
    let per_name = name_room(&aligned, usize::from(cell));
    let mut spans = Vec::new();
    for (i, name) in members.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let letter = ["A", "B", "C"].get(i).copied().unwrap_or("?");
        let speaking = speaker == Some(i);
        let mark = if speaking { "▶" } else { " " };
        spans.push(Span::styled(format!("{mark}{letter} "), if speaking { theme.words() } else { theme.dim() }));
        let style = if speaking { theme.speaker() } else { theme.words() };
        let shown = truncate(name, per_name);
        let pad = aligned[i].min(per_name).saturating_sub(width_of(&shown));
        spans.push(Span::styled(shown, style));
        if i + 1 < members.len() && pad > 0 {
            spans.push(Span::raw(" ".repeat(pad)));
        }
    }
    Line::from(spans)
}

/// The longest a name may be so a group whose places are `widths` wide fits in `cell`: short
/// names keep their length and only the longest are cut.
fn name_room(widths: &[usize], cell: usize) -> usize {
    let longest = widths.iter().copied().max().unwrap_or(0);
    (1..=longest).rev().find(|&max| line_width(widths, max) <= cell).unwrap_or(1)
}

/// The cells a group line takes with its places `widths` wide, each cut at `max_name`.
fn line_width(widths: &[usize], max_name: usize) -> usize {
    widths.iter().map(|w| (*w).min(max_name) + 3).sum::<usize>() + widths.len().saturating_sub(1) * 2
}
