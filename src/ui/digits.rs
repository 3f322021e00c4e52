//! Big digits for a timer read from the back of a room: `0`-`9`, `:`, `+`, `-` and space, drawn
//! with the full and half blocks (`█ ▀ ▄`) every terminal font has, at a ladder of sizes from 3
//! rows up to 100, so the timer can grow with the window.
//!
//! Every size is drawn from the same shapes (in `digits/glyph.rs`) with strokes about 15% of the
//! height, so larger digits get thicker strokes, not just longer ones. All digits are as wide
//! as each other and as a space, so a running time never shifts sideways. A pixel is half a
//! cell, so a size is two pixels a row and about as many pixels wide as columns.
//!
//! Pure drawing into a [`Buffer`]: no clock, no state, no layout. Which size to use, and where,
//! is the caller's choice; [`largest`] helps make it.

mod glyph;

use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::style::{Modifier, Style};

use glyph::{Glyph, Metrics};

/// The smallest size's height in rows: below 3 rows there is no room for two bowls.
const MIN_ROWS: u16 = 3;
/// The largest size's height in rows, beyond any window a projector shows.
const MAX_ROWS: u16 = 100;

/// One rung of the ladder of sizes. Sizes order by height, and every glyph grows (or stays)
/// with height, so a larger size is never narrower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Size(u16);

impl Size {
    /// The size `rows` cells tall, if the ladder has one.
    pub fn with_rows(rows: u16) -> Option<Self> {
        (MIN_ROWS..=MAX_ROWS).contains(&rows).then_some(Self(rows))
    }

    /// The smallest size.
    pub fn smallest() -> Self {
        Self(MIN_ROWS)
    }

    /// Height in cells of every glyph at this size.
    pub fn rows(self) -> u16 {
        self.0
    }

    /// Width in cells of a digit at this size (also of a space and of an unknown character).
    pub fn digit_width(self) -> u16 {
        to_u16(i64::from(self.metrics().w))
    }

    /// Width in cells of `text` drawn at this size, gaps included.
    pub fn width(self, text: &str) -> u16 {
        to_u16(text_width(text, &self.metrics()))
    }

    fn metrics(self) -> Metrics {
        Metrics::for_rows(self.0)
    }
}

/// All sizes, smallest first.
pub fn ladder() -> impl DoubleEndedIterator<Item = Size> + ExactSizeIterator {
    (MIN_ROWS..=MAX_ROWS).map(Size)
}

/// The largest size at which `template` fits in `width` x `height` cells, if any. Pass the
/// widest reading a step can show (`"+00:00"`, `"+0:00:00"`), so the size holds while the time
/// runs.
pub fn largest(template: &str, width: u16, height: u16) -> Option<Size> {
    (MIN_ROWS..=height.min(MAX_ROWS)).rev().map(Size).find(|size| size.width(template) <= width)
}

/// Draws `text` at `size`, centred across `area` and from its top row, cut to `area` and to the
/// buffer. Only stroke cells get a symbol (with `style`): the caller clears the area first.
/// Characters without a glyph take the room of a blank digit. Never panics, whatever the area.
///
/// The blank cells among the strokes take the parts of `style` a space does not show (its
/// colour, bold, dim, italic): when the next second moves a stroke, the terminal then gets the
/// changed symbols alone, not a change of style around each of them. At 120x40 that halves
/// the bytes of a running timer.
pub fn draw(buf: &mut Buffer, area: Rect, text: &str, size: Size, style: Style) {
    let clip = area.intersection(buf.area);
    if clip.is_empty() {
        return;
    }
    let m = size.metrics();
    let area_width = i64::from(area.right() - area.x);
    let mut left = i64::from(area.x) + (area_width - text_width(text, &m)) / 2;
    let rows = clip.bottom().min(area.y.saturating_add(size.rows()));
    let unseen = Modifier::BOLD | Modifier::DIM | Modifier::ITALIC;
    let under = Style { fg: style.fg, add_modifier: style.add_modifier & unseen, ..Style::new() };
    let (box_left, box_right) =
        (left.max(i64::from(clip.x)), (left + text_width(text, &m)).min(i64::from(clip.right())));
    if let (Ok(from), Ok(to)) = (u16::try_from(box_left), u16::try_from(box_right))
        && from < to
    {
        buf.set_style(Rect::new(from, clip.y, to - from, rows.saturating_sub(clip.y)), under);
    }
    for glyph in text.chars().map(Glyph::of) {
        if left >= i64::from(clip.right()) {
            break;
        }
        let glyph_width = i64::from(glyph.width(&m));
        let (from, to) = (left.max(i64::from(clip.x)), (left + glyph_width).min(i64::from(clip.right())));
        // The glyph's columns that show, as bit positions within its rows.
        let visible = match (i32::try_from(from - left), i32::try_from(to - left)) {
            (Ok(first), Ok(end)) => glyph::span(first, end),
            _ => 0,
        };
        if glyph != Glyph::Blank && visible != 0 {
            for y in clip.y..rows {
                let py = 2 * i32::from(y - area.y);
                let (upper, lower) = (glyph.row(&m, py), glyph.row(&m, py + 1));
                // Only the cells with ink: a blank cell is left as the caller cleared it.
                let mut ink = (upper | lower) & visible;
                while ink != 0 {
                    let bit = ink.trailing_zeros();
                    ink &= ink - 1;
                    let symbol = match (upper >> bit & 1, lower >> bit & 1) {
                        (1, 1) => "█",
                        (1, 0) => "▀",
                        _ => "▄",
                    };
                    let x = u16::try_from(left + i64::from(bit)).ok();
                    if let Some(cell) = x.and_then(|x| buf.cell_mut((x, y))) {
                        cell.set_symbol(symbol).set_style(style);
                    }
                }
            }
        }
        left += glyph_width + i64::from(m.gap);
    }
}

/// Width of `text` at `m`, unbounded.
fn text_width(text: &str, m: &Metrics) -> i64 {
    let (count, glyphs) = text.chars().fold((0i64, 0i64), |(n, w), c| (n + 1, w + i64::from(Glyph::of(c).width(m))));
    glyphs + (count - 1).max(0) * i64::from(m.gap)
}

fn to_u16(n: i64) -> u16 {
    u16::try_from(n.max(0)).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui_core::style::Color;

    use super::*;

    #[test]
    fn the_ladder_climbs_in_height_and_never_narrows() {
        let sizes: Vec<Size> = ladder().collect();
        assert_eq!(sizes.first().map(|s| s.rows()), Some(3));
        assert_eq!(sizes.last().map(|s| s.rows()), Some(100));
        // A pixel row is a 128-bit mask.
        let widest = Size(MAX_ROWS).metrics();
        assert!(widest.w.max(widest.sign).max(widest.dot) <= 128, "{widest:?}");
        for pair in sizes.windows(2) {
            let (a, b) = (pair[0].metrics(), pair[1].metrics());
            assert_eq!(pair[0].rows() + 1, pair[1].rows());
            assert!(a.w <= b.w && a.dot <= b.dot && a.sign <= b.sign && a.gap <= b.gap, "{a:?} then {b:?}");
        }
    }

    #[test]
    fn digits_are_all_as_wide_as_a_space_and_the_colon_is_narrower() {
        for size in ladder() {
            let digit = size.width("0");
            assert_eq!(size.digit_width(), digit);
            for text in ["1", "4", "7", "8", " ", "x", "日", "\u{301}"] {
                assert_eq!(size.width(text), digit, "{text:?} at {} rows", size.rows());
            }
            assert!(size.width(":") < digit && size.width("+") <= digit && size.width("-") == size.width("+"));
            let m = size.metrics();
            let gap = to_u16(m.gap.into());
            assert_eq!(size.width("12:34"), 4 * digit + size.width(":") + 4 * gap);
            assert_eq!(size.width("+0:42"), size.width("+") + 3 * digit + size.width(":") + 4 * gap);
            assert_eq!(size.width(""), 0);
        }
    }

    #[test]
    fn largest_is_the_biggest_size_that_fits() {
        for template in ["+00:00", "1:02:03", "0"] {
            for width in (0..420).step_by(7) {
                for height in 0..110 {
                    let fits = |s: Size| s.width(template) <= width && s.rows() <= height;
                    match largest(template, width, height) {
                        Some(size) => {
                            assert!(fits(size));
                            assert!(ladder().filter(|&s| s > size).all(|s| !fits(s)), "{template} in {width}x{height}");
                        }
                        None => assert!(ladder().all(|s| !fits(s)), "{template} in {width}x{height}"),
                    }
                }
            }
        }
        assert_eq!(largest("+00:00", 80, 2), None);
        assert_eq!(largest("+00:00", 20, 24), None);
        assert_eq!(largest("+00:00", 68, 11).map(Size::rows), Some(10));
        assert_eq!(largest("", 0, 500).map(Size::rows), Some(100));
    }

    #[test]
    fn sizes_by_rows_match_the_ladder() {
        assert_eq!(Size::with_rows(2), None);
        assert_eq!(Size::with_rows(101), None);
        assert_eq!(Size::with_rows(3), Some(Size::smallest()));
        assert!(ladder().all(|s| Size::with_rows(s.rows()) == Some(s)));
    }

    /// A buffer of dots, to see which cells were written.
    fn dotted(area: Rect) -> Buffer {
        Buffer::filled(area, ratatui_core::buffer::Cell::new("·"))
    }

    #[test]
    fn draws_centred_from_the_top_with_symbols_on_strokes_only() {
        let area = Rect::new(0, 0, 20, 6);
        let mut buf = dotted(area);
        let size = Size::smallest();
        let style = Style::new().fg(Color::Yellow);
        draw(&mut buf, area, "0", size, style);
        let rows: Vec<String> = (0..6).map(|y| (0..20).map(|x| buf[(x, y)].symbol()).collect()).collect();
        assert_eq!(rows[0], "········▄▀▀▄········");
        assert_eq!(rows[1], "········█··█········");
        assert_eq!(rows[2], "········▀▄▄▀········");
        assert!(rows[3..].iter().all(|r| r.chars().all(|c| c == '·')));
        assert_eq!(buf[(8, 0)].fg, Color::Yellow);
        // The blank inside the glyph keeps its symbol and takes the colour, which a space does
        // not show; outside the text's box nothing changes.
        assert_eq!((buf[(9, 1)].symbol(), buf[(9, 1)].fg), ("·", Color::Yellow));
        assert_eq!(buf[(7, 1)].fg, Color::Reset);
        assert_eq!(buf[(8, 3)].fg, Color::Reset);
    }

    #[test]
    fn text_wider_than_the_area_is_cut_on_both_sides() {
        let size = Size::smallest();
        let area = Rect::new(0, 0, 5, 3);
        let mut buf = dotted(area);
        // Nine columns wide: "8" (4), gap, "8" (4) - the middle five show.
        draw(&mut buf, area, "88", size, Style::new());
        let top: String = (0..5).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(top, "▀▄·▄▀");
    }

    #[test]
    fn never_panics_on_odd_areas() {
        let mut buf = dotted(Rect::new(10, 10, 30, 20));
        let odd = [
            Rect::ZERO,
            Rect::new(0, 0, 5, 5),
            Rect::new(u16::MAX, u16::MAX, u16::MAX, u16::MAX),
            Rect::new(35, 25, 100, 100),
            Rect::new(20, 29, 1, 1),
        ];
        for area in odd {
            for size in [Size::smallest(), Size(100)] {
                draw(&mut buf, area, "+12:34:56 日x", size, Style::new());
            }
        }
        draw(&mut buf, Rect::new(10, 10, 30, 20), &"8".repeat(100_000), Size(100), Style::new());
    }

    fn size() -> impl Strategy<Value = Size> {
        prop_oneof![9 => (3u16..=30).prop_map(Size), 1 => (31u16..=100).prop_map(Size)]
    }

    proptest::proptest! {
        /// Outside `area` nothing changes; inside, symbols only on stroke cells, within the size's rows.
        #[test]
        fn draws_only_inside_the_area(
            (bx, by, bw, bh) in (0u16..20, 0u16..20, 1u16..90, 1u16..50),
            (ax, ay, aw, ah) in (0u16..100, 0u16..70, 0u16..100, 0u16..70),
            text in "[0-9:+ a日-]{0,10}",
            size in size(),
        ) {
            let bounds = Rect::new(bx, by, bw, bh);
            let area = Rect::new(ax, ay, aw, ah);
            let mut buf = dotted(bounds);
            draw(&mut buf, area, &text, size, Style::new().fg(Color::Red));
            for y in bounds.top()..bounds.bottom() {
                for x in bounds.left()..bounds.right() {
                    let cell = &buf[(x, y)];
                    let inside = area.contains((x, y).into()) && y < area.y + size.rows();
                    if cell.symbol() == "·" {
                        // A blank among the strokes may take their colour; nothing else does.
                        prop_assert!(inside || cell.fg == Color::Reset, "({}, {}) styled outside {:?}", x, y, area);
                    } else {
                        prop_assert!(inside, "({}, {}) written outside {:?}", x, y, area);
                        prop_assert!(["█", "▀", "▄"].contains(&cell.symbol()));
                        prop_assert_eq!(cell.fg, Color::Red);
                    }
                }
            }
        }
    }
}
