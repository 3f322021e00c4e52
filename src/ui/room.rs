//! The room view: what the projector shows. The words as large as the window allows, the timer
//! in big digits that grow with the window, the pairs, a banner when the speaker changes, a thin
//! progress line; nothing private.
//!
//! As the window shrinks the layout steps down, as the product page says: big timer and all the
//! words, then fewer words (earlier questions and hints go first) and names cut short, then the
//! pairs as a count pointing to the facilitator view (never dropped silently), then the big timer
//! with what words still fit, then a plain timer line, then one line asking for a larger window.
//! It never fails because of size.

use std::time::Instant;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use tui_big_text::PixelSize;

use super::Theme;
use super::content::{Content, Groups, Marks};
use super::digits;
use super::widgets::{self, GridPlan, TimerSize, WrappedLine};
use crate::flow::Flow;
use crate::session::RoomFit;

/// The smallest window the room view lays out; below it, one line asks for more.
pub const MIN_WIDTH: u16 = 24;
/// See [`MIN_WIDTH`].
pub const MIN_HEIGHT: u16 = 7;
/// A comfortable line length for reading from the back of a room.
const MAX_LINE: u16 = 60;
/// Rows around the body: the header, a gap under it, the progress line.
const CHROME: u16 = 3;
/// Rows the timer takes besides its digits: a gap above, its state word under.
const TIMER_EXTRA: u16 = 2;
/// The digits take at most this share of the body's height (numerator, denominator), or
/// [`TIMER_ROWS`] if that is more. Projected, the window's rows are as tall as the screen whatever
/// the font size, so a share keeps the digits a fifth to a quarter of the screen's height at
/// 80x24, 120x40 and 200x60 alike; words keep their room, and a running timer sends the terminal
/// under 300 bytes a second at 120x40 with a theme's colours (tests/bytes.rs).
const TIMER_SHARE: (u16, u16) = (2, 9);
/// From this body height on, a banner is three rows tall (a band that catches the eye); below
/// it, one row, so the words and the timer keep their room.
const BANNER_ROOM: u16 = 16;
/// The digits may always be this tall when the window has room: seven rows of 24 are what the
/// projected 80x24 window, the usual case, has always shown.
const TIMER_ROWS: u16 = 7;

/// What the room view shows whole at 80x24, the size `check` judges texts by: lines of
/// [`MAX_LINE`] columns, as many as fit beside the timer in its smallest big digits. A test in
/// `tests/screens.rs` holds the layout to these figures.
pub const FIT: RoomFit =
    RoomFit { columns: MAX_LINE as usize, rows: (24 - CHROME - TIMER_EXTRA - 3) as usize, window: (80, 24) };

/// The most rows the timer's digits may take in a body `height` rows tall.
pub fn timer_cap(height: u16) -> u16 {
    (height * TIMER_SHARE.0 / TIMER_SHARE.1).max(TIMER_ROWS)
}

/// Draws the room view of `content`, one of the step's `parts` (see [`step_timer`]), and returns
/// the rows an overlay may take without touching the timer: across the window, from under the
/// header to the timer (the whole window when the view is too small to lay out).
pub fn draw(buf: &mut Buffer, flow: &Flow, theme: Theme, content: &Content, parts: &[Content], now: Instant) -> Rect {
    let area = buf.area;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(buf, area);
        return area;
    }
    widgets::header(buf, Rect { height: 1, ..area }, content, theme);
    widgets::progress(buf, Rect { y: area.bottom() - 1, height: 1, ..area }, flow, theme);
    let margin = (area.width / 12).max(2);
    let body = Rect { x: area.x + margin, y: area.y + 2, width: area.width - 2 * margin, height: area.height - CHROME };
    let view = flow.timer_view(now);
    let template = view.map(|v| if v.secs >= 3600 { "+0:00:00" } else { "+00:00" });
    // A banner takes the top of the body, and the rest is laid out below it: it never covers
    // the words people are reading. Its room is kept on every screen that may cue a change, so
    // nothing moves when it comes and goes.
    let banner_rows = match content.cues || content.banner.is_some() {
        true if body.height >= BANNER_ROOM => 3,
        true => 1,
        false => 0,
    };
    let body = Rect { y: body.y + banner_rows, height: body.height - banner_rows, ..body };
    // A message goes across the screen under the banner's room, in big letters when they fit;
    // the rest is laid out under it.
    let message = content.message.as_deref().map(|text| (text, message_plan(text, body, area.width)));
    let message_rows = message.map_or(0, |(_, plan)| plan.rows);
    let body = Rect { y: body.y + message_rows, height: body.height.saturating_sub(message_rows), ..body };
    // The pairs are a table, not prose: they may use the width of the window.
    let wide = Rect { x: area.x + 1, width: area.width - 2, ..body };
    let names = content.groups.as_ref().filter(|_| super::names::first(flow, content, now));
    let timer_top = match names.and_then(|groups| super::names::Plan::new(content, groups, wide, view.is_some())) {
        // The names' stage has no big timer to keep whole: an overlay clears the whole body
        // rather than leave pieces of big letters around it.
        Some(stage) => {
            stage.draw(buf, wide, content, view, theme);
            None
        }
        None => {
            // The step's timer is sized without a banner that shows for a few seconds only (one
            // whose room is not kept): while it shows, the words give way first.
            let transient = if content.cues { 0 } else { banner_rows };
            let sizing = Rect { y: body.y - transient, height: body.height + transient, ..body };
            let mut grids = Vec::new();
            let step = step_timer(parts, template, sizing, wide.width, &mut grids);
            let layout = Layout::plan(content, template, body, wide.width, step, &mut grids);
            layout.draw(buf, body, wide, content, view, theme)
        }
    };
    if let Some((text, plan)) = message {
        let band = Rect { y: body.y - message_rows, height: plan.rows.saturating_sub(1), ..area };
        match plan.big {
            Some(size) => {
                buf.set_style(band, theme.cue());
                let letters = Rect { y: band.y + 1, height: widgets::big_rows(size), ..band };
                widgets::big_text(buf, letters, text, size, theme.cue());
            }
            None => widgets::banner(buf, band, text, theme),
        }
    }
    if let Some(banner) = &content.banner {
        let top = body.y - message_rows - banner_rows;
        widgets::banner(buf, Rect { y: top, height: banner_rows, ..area }, banner, theme);
    }
    let top = area.y + 1;
    Rect { y: top, height: timer_top.unwrap_or(area.bottom() - 1).saturating_sub(top), ..area }
}

/// The size of the step's timer in big digits: the size the fullest of its `parts` leaves room
/// for, so the digits hold their size from the first question to the last, and change only
/// with the window. A changeover's countdown is a plain line and has no say.
///
/// Every part shows the same groups (those of the round on show), so the `grids` planned for one
/// part serve the others: each height is planned once.
fn step_timer(
    parts: &[Content],
    template: Option<&str>,
    body: Rect,
    wide: u16,
    grids: &mut Grids,
) -> Option<digits::Size> {
    let parts = parts.iter().filter(|part| !part.countdown);
    let sizes = parts.map(|part| Layout::plan(part, template, body, wide, None, grids).timer);
    sizes
        .filter_map(|timer| match timer {
            Some(TimerSize::Big(size)) => Some(size),
            _ => None,
        })
        .min()
}

/// Grids already planned for the groups on show, by the rows they were given.
type Grids = Vec<(u16, Option<GridPlan>)>;

/// How a message is shown: in big letters (with a row of band above and below them) when the
/// body has room for them and still half its height for the rest, else as a band of plain
/// bold lines.
#[derive(Debug, Clone, Copy)]
struct MessagePlan {
    /// Rows it takes, a gap under it included.
    rows: u16,
    /// The big letters' size, when big.
    big: Option<tui_big_text::PixelSize>,
}

fn message_plan(text: &str, body: Rect, width: u16) -> MessagePlan {
    let room = body.height / 2;
    if let Some(size) = widgets::big_size(text, width.saturating_sub(4), room.saturating_sub(3)) {
        return MessagePlan { rows: widgets::big_rows(size) + 3, big: Some(size) };
    }
    let lines = crate::wrap::wrap(text, usize::from(width.saturating_sub(2))).len() as u16;
    let rows = if body.height >= BANNER_ROOM { lines.min(2) + 2 } else { 1 };
    MessagePlan { rows: rows + 1, big: None }
}

/// Rows a heading takes drawn as words (and the gap under it), for a screen that has one.
fn plain_title_rows(content: &Content, width: u16) -> u16 {
    content.big.as_deref().map_or(0, |title| {
        let lines = widgets::wrap_passages(&[super::Passage::new(title, super::Tone::Words)], usize::from(width));
        lines.len() as u16 + 1
    })
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

/// How the groups are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pairs {
    /// No groups on this screen.
    None,
    /// In a grid.
    Grid(GridPlan),
    /// Too many for the window: how many, and where to find them.
    Count(String),
}

impl Pairs {
    fn rows(&self) -> u16 {
        match self {
            Pairs::None => 0,
            Pairs::Grid(grid) => grid.rows() + 1,
            Pairs::Count(_) => 2,
        }
    }
}

/// What fits in the body, decided from the sizes alone.
struct Layout {
    heading: Option<PixelSize>,
    lines: Vec<WrappedLine>,
    pairs: Pairs,
    timer: Option<TimerSize>,
}

impl Layout {
    /// The layout of `content` in `body`, its timer no larger than `step` (the step's size);
    /// `grids` are the grids of its groups already planned.
    fn plan(
        content: &Content,
        template: Option<&str>,
        body: Rect,
        wide: u16,
        step: Option<digits::Size>,
        grids: &mut Grids,
    ) -> Self {
        let text_width = usize::from(body.width.min(MAX_LINE));
        // The words with the last `dropped` optional passages left out.
        let optional = content.passages.iter().filter(|p| p.optional).count();
        let wrapped = |dropped: usize| {
            let mut seen = 0;
            let kept = content.passages.iter().filter(|p| {
                seen += usize::from(p.optional);
                !p.optional || seen <= optional - dropped
            });
            widgets::wrap_passages(kept, text_width)
        };
        let (all, required) = (wrapped(0), wrapped(optional));
        // Where the heading comes first, optional words go one at a time from the last, every
        // set of words tried with the heading in big letters before any without; elsewhere they
        // go all together.
        let fewer: Vec<Vec<WrappedLine>> =
            if content.big_first { (1..optional).map(wrapped).collect() } else { Vec::new() };
        // A countdown to the round is a plain line: the pairs are what people look at then.
        let big = template.filter(|_| !content.countdown);
        let share = timer_cap(body.height);
        let cap = step.map_or(share, |size| size.rows().min(share));
        // The timer in the rows left: the biggest digits that fit, a plain line for a countdown.
        let timer_for = |left: u16| match (template, big) {
            (None, _) => Some(None),
            (Some(_), Some(big)) => {
                let rows = left.checked_sub(TIMER_EXTRA)?.min(cap);
                digits::largest(big, body.width, rows).map(|size| Some(TimerSize::Big(size)))
            }
            (Some(_), None) => (left >= 2).then_some(Some(TimerSize::Line)),
        };
        let least_timer = match (template, big) {
            (None, _) => 0,
            (Some(_), Some(_)) => TIMER_EXTRA + digits::Size::smallest().rows(),
            (Some(_), None) => 2,
        };
        let groups = content.groups.as_ref();
        let count = || groups.map_or(Pairs::None, |g| Pairs::Count(count_line(g, usize::from(body.width))));
        // A heading too big for the window is drawn as words: its rows are kept for it.
        let plain_title = plain_title_rows(content, body.width);
        // From the fullest layout down: every word with whole names, the required words, names
        // cut short, the pairs as a count.
        let big: &[bool] = if content.big_first { &[true, false] } else { &[false] };
        let words = || std::iter::once(&all).chain(&fewer).chain([&required]);
        let attempts = big
            .iter()
            .flat_map(|&big| words().map(move |lines| (lines, Some(true), big)))
            .chain([(&required, Some(false), false), (&required, None, false)]);
        for (lines, whole, must_be_big) in attempts {
            let words = lines.len() as u16 + plain_title;
            let pairs = match (groups, whole) {
                (None, _) => Pairs::None,
                (Some(_), None) => count(),
                (Some(g), Some(whole)) => {
                    let rows = body.height.saturating_sub(words + least_timer + 1);
                    let grid = match grids.iter().find(|(r, _)| *r == rows) {
                        Some((_, grid)) => grid.clone(),
                        None => {
                            let grid = GridPlan::new(g, wide, rows);
                            grids.push((rows, grid.clone()));
                            grid
                        }
                    };
                    match grid.filter(|grid| grid.whole() || !whole) {
                        Some(grid) => Pairs::Grid(grid),
                        None => continue,
                    }
                }
            };
            let Some(left) = body.height.checked_sub(words + pairs.rows()) else { continue };
            // A heading that must be big takes its rows before the timer grows into them.
            let big_heading = |rows: u16| content.big.as_deref().and_then(|t| widgets::big_size(t, body.width, rows));
            let first = if must_be_big {
                let Some(size) = big_heading((left + plain_title).saturating_sub(least_timer + 2)) else { continue };
                Some(size)
            } else {
                None
            };
            let for_timer = match first {
                Some(size) => (left + plain_title).saturating_sub(widgets::big_rows(size) + 1),
                None => left,
            };
            let Some(timer) = timer_for(for_timer) else { continue };
            let rest = for_timer.saturating_sub(timer.map_or(0, |t| t.rows() + 1)) + plain_title;
            let heading = first.or_else(|| big_heading(rest.saturating_sub(1)));
            return Self { heading, lines: lines.clone(), pairs, timer };
        }
        // Nothing fits whole: the timer (big if it can be), the pairs as a count, and the
        // required words cut to the rows left.
        let pairs = count();
        let timer = timer_for(body.height.saturating_sub(pairs.rows() + plain_title))
            .unwrap_or(template.map(|_| TimerSize::Line));
        let left = body.height.saturating_sub(pairs.rows() + timer.map_or(0, |t| t.rows() + 1) + plain_title);
        let mut lines = required;
        if lines.len() > usize::from(left) {
            lines.truncate(usize::from(left));
            // Say that the words go on, rather than stop mid-sentence without a sign.
            if let Some((last, _)) = lines.last_mut() {
                *last = crate::wrap::truncate(&format!("{last} …"), text_width);
            }
        }
        Self { heading: None, lines, pairs, timer }
    }

    /// Draws the layout and returns the timer's top row, if a timer is drawn.
    fn draw(
        &self,
        buf: &mut Buffer,
        body: Rect,
        wide: Rect,
        content: &Content,
        view: Option<crate::flow::TimerView>,
        theme: Theme,
    ) -> Option<u16> {
        let timer_rows = self.timer.map_or(0, TimerSize::rows);
        let above_timer = body.height.saturating_sub(timer_rows + u16::from(timer_rows > 0));
        // The words, heading and pairs centred in the space above the timer.
        let heading_rows =
            self.heading.map_or_else(|| plain_title_rows(content, body.width), |s| widgets::big_rows(s) + 1);
        let used = heading_rows + self.lines.len() as u16 + self.pairs.rows();
        let mut top = body.y + above_timer.saturating_sub(used) / 2;
        let bottom = body.y + above_timer;
        if let (Some(size), Some(title)) = (self.heading, content.big.as_deref()) {
            let area = Rect { y: top, height: widgets::big_rows(size), ..body };
            widgets::big_text(buf, area, title, size, theme.accent());
            top += heading_rows;
        } else if let Some(title) = content.big.as_deref() {
            let title = super::Passage::new(title, super::Tone::Words);
            let lines = widgets::wrap_passages(&[title], usize::from(body.width));
            let rows = (lines.len() as u16).min(bottom.saturating_sub(top));
            widgets::centred_lines(buf, Rect { y: top, height: rows, ..body }, &lines, theme);
            top += rows + 1;
        }
        let text_rows = (self.lines.len() as u16).min(bottom.saturating_sub(top));
        widgets::centred_lines(buf, Rect { y: top, height: text_rows, ..body }, &self.lines, theme);
        top += text_rows;
        match (&self.pairs, &content.groups) {
            (Pairs::Grid(grid), Some(groups)) => {
                let rows = grid.rows().min(bottom.saturating_sub(top + 1));
                grid.draw(buf, Rect { y: top + 1, height: rows, ..wide }, groups, theme);
            }
            (Pairs::Count(line), _) if top + 1 < bottom => {
                let line = [(line.clone(), super::Tone::Secondary)];
                widgets::centred_lines(buf, Rect { y: top + 1, height: 1, ..body }, &line, theme);
            }
            _ => {}
        }
        let (size, view) = (self.timer?, view?);
        // Across the window (the digits centred as in the body), so a state's band is full width.
        let area = Rect { y: body.bottom().saturating_sub(timer_rows), height: timer_rows, ..wide };
        let area = Rect { x: area.x - 1, width: area.width + 2, ..area };
        let prefix = if content.countdown { "starts in " } else { "" };
        widgets::timer(buf, area, view, size, prefix, theme);
        Some(area.y)
    }
}

/// "12 pairs and a trio: the names are in the facilitator view" ("20 groups: ..." on a group
/// step), shorter as `width` requires.
fn count_line(groups: &Groups, width: usize) -> String {
    let mut parts = Vec::new();
    if let Marks::Roles { .. } = groups.marks {
        parts.push(format!("{} groups", groups.names.len()));
    } else {
        let trios = groups.names.iter().filter(|g| g.len() == 3).count();
        let pairs = groups.names.len() - trios;
        if pairs > 0 {
            parts.push(format!("{pairs} pair{}", if pairs == 1 { "" } else { "s" }));
        }
        if trios > 0 {
            parts.push(if trios == 1 { "a trio".to_owned() } else { format!("{trios} trios") });
        }
    }
    let count = parts.join(" and ");
    [format!("{count}: the names are in the facilitator view"), format!("{count}: see the facilitator view"), count]
        .into_iter()
        .find(|line| crate::wrap::width(line) <= width)
        .unwrap_or_else(|| crate::wrap::truncate(&parts.join(" and "), width))
}
