//! The shapes of the big glyphs, pixel by pixel, at any size. A pixel is half a cell (a cell is
//! about twice as tall as wide, so a pixel is about square); `x` counts columns, `y` counts pixel
//! rows from the top. Nothing here knows about buffers or text: only whether a pixel is ink.
//!
//! Most digits are built like a seven-segment display, since that is the shape people read on
//! every clock, with strokes about 15% of the height, rounded bends, and changes
//! that tell look-alikes apart from afar:
//!
//! ```text
//!    aaaa       0: one open oval, nothing inside         1: a centred stem, a flag and a base
//!   f    b      8: two ovals, the upper one narrower,    7: square at the top right, no base
//!   f    b         meeting at a pinched waist            6, 9: a tail short of the far side
//!    gggg       3: the middle bar starts two fifths      2, 5: square at their free corners
//!   e    c         of the way across
//!   e    c
//!    dddd
//! ```
//!
//! A bend (two strokes meeting at a corner) has its outer corner cut at 45 degrees and its inner
//! corner filled, so the stroke keeps its thickness round the bend and the bowls read as round.

/// The proportions of one size, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Metrics {
    /// Height of every glyph: two pixels a row.
    pub h: i32,
    /// Width of a digit, of a space and of a character without a glyph.
    pub w: i32,
    /// Stroke thickness, the same across and down since a pixel is about square.
    pub s: i32,
    /// Top of the middle bar. The lower bowl is never smaller than the upper one.
    pub mid: i32,
    /// How far the outer corner of a bend is cut.
    pub cut: i32,
    /// How far the inner corner of a bend is filled, where the counter has room.
    pub fill: i32,
    /// Side of a colon's square dot, which is also the colon's width.
    pub dot: i32,
    /// Width of `+` and `-`.
    pub sign: i32,
    /// Blank columns between glyphs.
    pub gap: i32,
}

impl Metrics {
    /// How far to fill the inner corners of a counter `across` pixels at its narrowest: never
    /// so far that a small counter closes up.
    fn fill_for(&self, across: i32) -> i32 {
        self.fill.min((across - 1) / 2).max(0)
    }

    /// The proportions for a height of `rows` cells. The three smallest sizes are set by hand,
    /// where a pixel more or less decides whether a counter stays open or a dot shows; above
    /// them a stroke is about 15% of the height (1/6.6) and a digit a little over half
    /// as wide as tall.
    pub(super) fn for_rows(rows: u16) -> Self {
        let h = 2 * i32::from(rows);
        // (digit width, stroke, colon dot)
        let (w, s, dot) = match rows {
            0..=3 => (4, 1, 1),
            4 => (5, 1, 2),
            5 => (7, 2, 2),
            _ => {
                let s = (h * 10 + 33) / 66;
                // A dot a little larger than a stroke, since a lone square looks smaller.
                ((h * 54 + 60) / 100, s, s + s / 4)
            }
        };
        let mid = s + (h - 3 * s) / 2;
        let cut = s;
        // As thick round a bend as along it: the cut line and the fill line a stroke apart.
        let fill = (cut * 10 - s * 6 + 5) / 10;
        // About three quarters of a digit, with arms of equal length either side of the cross.
        let sign = s + 2 * ((h + 4) / 8);
        Self { h, w, s, mid, cut, fill, dot, sign, gap: ((3 * s + 2) / 4).max(1) }
    }
}

/// One glyph the digits know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Glyph {
    /// `0` to `9`.
    Digit(u8),
    /// `:`, two square dots.
    Colon,
    /// `+`, shown before the time in overtime.
    Plus,
    /// `-`.
    Minus,
    /// A space, and every character without a glyph: blank, a digit wide, so a reading never
    /// shifts sideways.
    Blank,
}

impl Glyph {
    /// The glyph for `ch`.
    pub(super) fn of(ch: char) -> Self {
        match ch {
            '0'..='9' => Self::Digit(ch as u8 - b'0'),
            ':' => Self::Colon,
            '+' => Self::Plus,
            '-' => Self::Minus,
            _ => Self::Blank,
        }
    }

    /// Columns the glyph takes.
    pub(super) fn width(self, m: &Metrics) -> i32 {
        match self {
            Self::Digit(_) | Self::Blank => m.w,
            Self::Colon => m.dot,
            Self::Plus | Self::Minus => m.sign,
        }
    }

    /// The ink of pixel row `y` as a mask, bit `x` for column `x`: nothing outside the glyph's
    /// width and height. A whole row at once, from a handful of spans, so drawing costs a few
    /// operations a row rather than a shape test a pixel.
    pub(super) fn row(self, m: &Metrics, y: i32) -> u128 {
        if y < 0 || y >= m.h {
            return 0;
        }
        let row = match self {
            Self::Digit(0) => ring_row(m, y, (0, 0, m.w, m.h)),
            Self::Digit(1) => one_row(m, y),
            Self::Digit(8) => eight_row(m, y),
            Self::Digit(d) => segmented(d).row(m, y),
            Self::Colon => {
                let lower_top = m.mid + m.s + (m.h - 2 * m.s - m.mid - m.dot + 1) / 2;
                let on = |top: i32| (top..top + m.dot).contains(&y);
                if on(m.s + (m.mid - m.s - m.dot) / 2) || on(lower_top) { span(0, m.dot) } else { 0 }
            }
            Self::Plus => {
                let reach = (m.sign - m.s) / 2;
                let across = if (m.mid..m.mid + m.s).contains(&y) { span(0, m.sign) } else { 0 };
                let down = (m.mid - reach..m.mid + m.s + reach).contains(&y);
                across | if down { span(reach, reach + m.s) } else { 0 }
            }
            Self::Minus if (m.mid..m.mid + m.s).contains(&y) => span(0, m.sign),
            Self::Minus | Self::Blank => 0,
        };
        row & span(0, self.width(m))
    }
}

/// Columns `from..to` as a mask, cut to the 128 columns a mask holds.
pub(super) fn span(from: i32, to: i32) -> u128 {
    let (from, to) = (from.clamp(0, 128), to.clamp(0, 128));
    match to - from {
        ..=0 => 0,
        128.. => u128::MAX,
        len => ((1u128 << len) - 1) << from,
    }
}

/// Columns whose distance inwards from corner column `corner` (stepping `step`, 1 or -1) is in
/// `near..far`.
fn inwards(corner: i32, step: i32, near: i32, far: i32) -> u128 {
    if step > 0 { span(corner + near, corner + far) } else { span(corner - far + 1, corner - near + 1) }
}

const A: u8 = 1;
const B: u8 = 1 << 1;
const C: u8 = 1 << 2;
const D: u8 = 1 << 3;
const E: u8 = 1 << 4;
const F: u8 = 1 << 5;
const G: u8 = 1 << 6;

/// Corners of the outline, for [`Shape::square`].
const TOP_LEFT: u8 = 1;
const TOP_RIGHT: u8 = 1 << 1;
const BOTTOM_LEFT: u8 = 1 << 2;
const MIDDLE_LEFT: u8 = 1 << 3;

/// A seven-segment digit with its refinements.
#[derive(Default)]
struct Shape {
    /// The segments drawn.
    segments: u8,
    /// Bends left square rather than rounded: the free corners of 2, 5 and 7.
    square: u8,
    /// The middle bar starts two fifths of the way across rather than at the edge (3).
    short_bar: bool,
    /// The top bar stops a stroke and a half short of the right edge (6).
    short_top: bool,
    /// The bottom bar starts a stroke and a half in from the left edge (9).
    short_bottom: bool,
}

/// The seven-segment digits: all but 0, 1 and 8, which have shapes of their own.
fn segmented(digit: u8) -> Shape {
    let (segments, square) = match digit {
        2 => (A | B | G | E | D, BOTTOM_LEFT),
        3 => return Shape { segments: A | B | G | C | D, short_bar: true, ..Shape::default() },
        4 => (F | G | B | C, 0),
        5 => (A | F | G | C | D, TOP_LEFT | MIDDLE_LEFT),
        6 => return Shape { segments: A | F | G | E | C | D, short_top: true, ..Shape::default() },
        7 => (A | B | C, TOP_RIGHT),
        9 => return Shape { segments: A | B | F | G | C | D, short_bottom: true, ..Shape::default() },
        _ => (0, 0),
    };
    Shape { segments, square, ..Shape::default() }
}

impl Shape {
    /// Pixel row `y`, as [`Glyph::row`].
    fn row(&self, m: &Metrics, y: i32) -> u128 {
        let Metrics { w, h, s, mid, .. } = *m;
        let has = |segment: u8| self.segments & segment != 0;
        let (upper, lower) = (y < mid + s, y >= mid);
        let bar_from = if self.short_bar { s.max((w * 4 + 3) / 10) } else { 0 };
        let top_to = if self.short_top { w - s - s / 2 } else { w };
        let bottom_from = if self.short_bottom { s + s / 2 } else { 0 };
        let when = |on: bool, mask: u128| if on { mask } else { 0 };
        let strokes = when(y < s && has(A), span(0, top_to))
            | when(y >= h - s && has(D), span(bottom_from, w))
            | when(lower && upper && has(G), span(bar_from, w))
            | when((upper && has(F)) || (lower && has(E)), span(0, s))
            | when((upper && has(B)) || (lower && has(C)), span(w - s, w));
        let round = |corner: u8| self.square & corner == 0;
        // A one-pixel upper counter (the smallest size) keeps its lower corners, or the bowl of
        // a 9 would read as open, and 9 as 3.
        let upper_bends = mid - s > 1;
        // (corner column, corner row, step inwards across, step inwards down, is a bend); the
        // middle corners bend only where one side stops at the bar.
        let corners = [
            (0, 0, 1, 1, has(A) && has(F) && round(TOP_LEFT)),
            (w - 1, 0, -1, 1, has(A) && has(B) && round(TOP_RIGHT)),
            (0, h - 1, 1, -1, has(D) && has(E) && round(BOTTOM_LEFT)),
            (w - 1, h - 1, -1, -1, has(D) && has(C)),
            (0, mid + s - 1, 1, -1, upper_bends && has(F) && has(G) && !has(E) && round(MIDDLE_LEFT)),
            (0, mid, 1, 1, has(E) && has(G) && !has(F)),
            (w - 1, mid + s - 1, -1, -1, upper_bends && has(B) && has(G) && !has(C)),
            (w - 1, mid, -1, 1, has(C) && has(G) && !has(B)),
        ];
        let fill = m.fill_for((w - 2 * s).min(mid - s));
        let (mut cut, mut filled) = (0, 0);
        for (column, corner_row, across, down, bend) in corners {
            let dy = (y - corner_row) * down;
            if bend && dy >= 0 {
                cut |= inwards(column, across, 0, m.cut - dy);
                filled |= if dy >= s { inwards(column, across, s, s + fill - (dy - s)) } else { 0 };
            }
        }
        (strokes & !cut) | filled
    }
}

/// Pixel row `y` of an 8 that cannot pass for a 0: two ovals meeting at a pinched waist, the
/// upper one narrower where its counter keeps five pixels across.
fn eight_row(m: &Metrics, y: i32) -> u128 {
    let inset = (m.s / 3).min((m.w - 2 * m.s - 5) / 2).max(0);
    ring_row(m, y, (inset, 0, m.w - inset, m.mid + m.s)) | ring_row(m, y, (0, m.mid, m.w, m.h))
}

/// Pixel row `y` of a rounded rectangle a stroke thick: `rect` is (left, top, right, bottom),
/// right and bottom excluded. Two of them overlapping by a stroke, as in an 8, leave a V-shaped
/// waist half a stroke deep where their corners are cut.
fn ring_row(m: &Metrics, y: i32, rect: (i32, i32, i32, i32)) -> u128 {
    let (left, top, right, bottom) = rect;
    if y < top || y >= bottom {
        return 0;
    }
    let s = m.s;
    // Distance to the nearer of top and bottom; across, each side is measured inwards.
    let dy = (y - top).min(bottom - 1 - y);
    let strokes = if dy < s { span(left, right) } else { span(left, left + s) | span(right - s, right) };
    let cut = inwards(left, 1, 0, m.cut - dy) | inwards(right - 1, -1, 0, m.cut - dy);
    let fill = m.fill_for((right - left).min(bottom - top) - 2 * s) - (dy - s);
    let filled = if dy >= s { inwards(left, 1, s, s + fill) | inwards(right - 1, -1, s, s + fill) } else { 0 };
    (strokes & !cut) | filled
}

/// Pixel row `y` of a 1 that cannot pass for a 7: a centred stem, a flag down to the left, a
/// base.
fn one_row(m: &Metrics, y: i32) -> u128 {
    let Metrics { w, h, s, .. } = *m;
    let stem = (w - s + 1) / 2;
    let reach = (w - s) / 2;
    let base = if y >= h - s { span(stem - reach, stem + s + reach) } else { 0 };
    // Measured down a column, a 45-degree stroke must be 1.4 times as thick to look as thick.
    let thick = s + s * 2 / 5;
    let flag = span(stem - 1 - y, stem - 1 - y + thick) & span(stem - reach, stem);
    span(stem, stem + s) | base | flag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes() -> impl Iterator<Item = Metrics> {
        (3..=100).map(Metrics::for_rows)
    }

    impl Glyph {
        /// Whether the pixel at column `x`, pixel row `y` is ink.
        fn ink(self, m: &Metrics, x: i32, y: i32) -> bool {
            (0..128).contains(&x) && self.row(m, y) >> x & 1 == 1
        }
    }

    /// The glyph as cells, row by row: what a terminal shows (0 blank, 1 upper half, 2 lower
    /// half, 3 full block).
    fn cells(glyph: Glyph, m: &Metrics) -> Vec<u8> {
        let mut out = Vec::new();
        for row in 0..m.h / 2 {
            let (upper, lower) = (glyph.row(m, 2 * row), glyph.row(m, 2 * row + 1));
            out.extend((0..glyph.width(m)).map(|x| (upper >> x & 1) as u8 + 2 * (lower >> x & 1) as u8));
        }
        out
    }

    #[test]
    fn look_alikes_differ_in_at_least_a_sixth_of_their_cells_at_every_size() {
        let pairs = [(0, 8), (1, 7), (3, 8), (5, 6), (6, 8), (9, 8), (3, 9), (5, 9), (0, 6), (0, 9), (2, 7), (4, 9)];
        for m in sizes() {
            for (a, b) in pairs {
                let (a_cells, b_cells) = (cells(Glyph::Digit(a), &m), cells(Glyph::Digit(b), &m));
                let differ = a_cells.iter().zip(&b_cells).filter(|(x, y)| x != y).count();
                assert!(
                    differ * 100 >= a_cells.len() * 15,
                    "{a} and {b} at {} rows differ in {differ} of {} cells",
                    m.h / 2,
                    a_cells.len()
                );
            }
        }
    }

    #[test]
    fn every_digit_reaches_the_top_and_the_bottom_and_nothing_strays_outside() {
        for m in sizes() {
            for glyph in (0..=9).map(Glyph::Digit).chain([Glyph::Colon, Glyph::Plus, Glyph::Minus]) {
                let width = glyph.width(&m);
                let row = |y: i32| (0..width).any(|x| glyph.ink(&m, x, y));
                if let Glyph::Digit(_) = glyph {
                    assert!(row(0) && row(m.h - 1), "{glyph:?} at {} rows", m.h / 2);
                }
                assert!(!row(-1) && !row(m.h), "{glyph:?} at {} rows", m.h / 2);
                assert!((-1..=m.h).all(|y| !glyph.ink(&m, -1, y) && !glyph.ink(&m, width, y)));
            }
            assert!((0..m.w).all(|x| (0..m.h).all(|y| !Glyph::Blank.ink(&m, x, y))));
        }
    }

    /// An off-by-one in a shape shows first as a lopsided 0, 8 or plus.
    #[test]
    fn symmetric_glyphs_are_symmetric() {
        for m in sizes() {
            for glyph in [Glyph::Digit(0), Glyph::Digit(8), Glyph::Plus, Glyph::Minus] {
                let width = glyph.width(&m);
                for (x, y) in (0..width).flat_map(|x| (0..m.h).map(move |y| (x, y))) {
                    assert_eq!(glyph.ink(&m, x, y), glyph.ink(&m, width - 1 - x, y), "{glyph:?} at {} rows", m.h / 2);
                }
            }
            // The plus is as tall as it is wide, centred on the bar of the minus.
            let tall = (0..m.h).filter(|&y| Glyph::Plus.ink(&m, m.sign / 2, y)).count();
            assert_eq!(i32::try_from(tall).ok(), Some(m.sign), "plus at {} rows", m.h / 2);
        }
    }

    #[test]
    fn strokes_get_thicker_as_digits_get_larger() {
        let stem = |m: &Metrics| (0..m.w).filter(|&x| Glyph::Digit(1).ink(m, x, m.h / 2)).count();
        let stems: Vec<usize> = sizes().map(|m| stem(&m)).collect();
        assert!(stems.windows(2).all(|w| w[0] <= w[1]), "{stems:?}");
        assert_eq!(stems[0], 1);
        assert!(stems[30 - 3] >= 8, "a 30-row 1 is {} columns thick", stems[27]);
    }

    /// Ink runs along a row or down a column of `glyph`.
    fn runs(glyph: Glyph, m: &Metrics, cells: impl Iterator<Item = (i32, i32)>) -> usize {
        let mut previous = false;
        let mut count = 0;
        for (x, y) in cells {
            let ink = glyph.ink(m, x, y);
            count += usize::from(ink && !previous);
            previous = ink;
        }
        count
    }

    /// A zero read from afar is an open ring: no slash or dot inside, which would blot it into
    /// an 8. Every row and every column crosses its ink at most twice.
    #[test]
    fn a_zero_has_no_slash_and_no_dot() {
        for m in sizes() {
            let zero = Glyph::Digit(0);
            for y in 0..m.h {
                assert!(runs(zero, &m, (0..m.w).map(|x| (x, y))) <= 2, "row {y} of 0 at {} rows", m.h / 2);
            }
            for x in 0..m.w {
                assert!(runs(zero, &m, (0..m.h).map(|y| (x, y))) <= 2, "column {x} of 0 at {} rows", m.h / 2);
            }
        }
    }

    #[test]
    fn counters_stay_open() {
        for m in sizes() {
            // The middle of each bowl of an 8 is blank, and so is the middle of a 0.
            let middle = m.w / 2;
            let upper = i32::midpoint(m.s, m.mid);
            let lower = i32::midpoint(m.mid + m.s, m.h - m.s);
            assert!(!Glyph::Digit(8).ink(&m, middle, upper) && !Glyph::Digit(8).ink(&m, middle, lower));
            assert!((m.s..m.h - m.s).all(|y| !Glyph::Digit(0).ink(&m, middle, y)), "0 at {} rows", m.h / 2);
        }
    }
}
