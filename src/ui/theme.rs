//! Colours of the room: a palette per theme, and the styles every screen draws with. Every timer
//! state is distinct without colour too (by its label, its sign and reversed video, never by hue
//! alone), so `NO_COLOR` (no palette at all) loses nothing.
//!
//! Built in: `dark` (white on black), `light` (black on white, for bright rooms and white
//! screens), `high-contrast` (black and white with one accent) and `terminal` (the terminal's own
//! foreground on its own background). The first three paint their background, so their contrast
//! is known: every text colour on it is at least 7:1 (WCAG AAA), which a test computes for each.
//! When nobody chose a theme, the terminal's background picks `dark` or `light`
//! (`app::background`). The terminal's own palette is unknown, and no hue of the usual ones reads
//! on both a white and a black background (xterm's cyan is 2.0:1 on white, its grey 1.3:1, its
//! blue 2.2:1 on black), so `terminal` draws every text in the terminal's foreground, which reads
//! on its background by definition, and tells states apart as without colour. Theme files
//! (`themes/NAME.toml` in the config folder) extend one of these; see `ui::theme_file`.

use ratatui_core::style::{Color, Modifier, Style};

use crate::flow::TimerStatus;

/// The colours of a theme. `None` for the background leaves the terminal's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Behind everything.
    pub background: Option<Color>,
    /// The words.
    pub text: Color,
    /// Hints, headers, the progress line.
    pub dim: Color,
    /// Step titles and labels.
    pub accent: Color,
    /// The timer with little time left.
    pub warning: Color,
    /// The timer past zero.
    pub over: Color,
    /// The timer paused.
    pub paused: Color,
    /// Frames around overlays and panels.
    pub frame: Color,
}

/// The styles of a window: a palette, or none for `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    palette: Option<Palette>,
}

/// The built-in themes, in the order the theme key cycles through them.
pub const BUILT_IN: [(&str, Palette); 4] =
    [("dark", DARK), ("light", LIGHT), ("high-contrast", HIGH_CONTRAST), ("terminal", TERMINAL)];

const fn rgb(hex: u32) -> Color {
    Color::Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// White on black.
pub const DARK: Palette = Palette {
    background: Some(rgb(0x00_0000)),
    text: rgb(0xff_ffff),
    dim: rgb(0xb4_b4b4),
    accent: rgb(0x5f_d7ff),
    warning: rgb(0xff_d75f),
    over: rgb(0xff_8787),
    paused: rgb(0x87_afff),
    frame: rgb(0x80_8080),
};

/// Black on white, for a bright room.
pub const LIGHT: Palette = Palette {
    background: Some(rgb(0xff_ffff)),
    text: rgb(0x00_0000),
    dim: rgb(0x4a_4a4a),
    accent: rgb(0x00_4f7a),
    warning: rgb(0x6b_4400),
    over: rgb(0x9e_0000),
    paused: rgb(0x1f_3f9e),
    frame: rgb(0x70_7070),
};

/// Black and white with one accent: states are told by shape and label alone.
pub const HIGH_CONTRAST: Palette = Palette {
    background: Some(rgb(0x00_0000)),
    text: rgb(0xff_ffff),
    dim: rgb(0xff_ffff),
    accent: rgb(0xff_ff00),
    warning: rgb(0xff_ff00),
    over: rgb(0xff_ffff),
    paused: rgb(0xff_ffff),
    frame: rgb(0xff_ffff),
};

/// The terminal's own foreground on its own background, whatever they are; only frames, which are
/// lines and not text, take a colour of its palette.
pub const TERMINAL: Palette = Palette {
    background: None,
    text: Color::Reset,
    dim: Color::Reset,
    accent: Color::Reset,
    warning: Color::Reset,
    over: Color::Reset,
    paused: Color::Reset,
    frame: Color::DarkGray,
};

impl Theme {
    /// The default theme, or none when `colour` is off (`NO_COLOR`).
    pub fn new(colour: bool) -> Self {
        Self::of(colour.then_some(DARK))
    }

    /// The theme of `palette`; `None` for no colour.
    pub const fn of(palette: Option<Palette>) -> Self {
        Self { palette }
    }

    /// The built-in theme called `name`.
    pub fn named(name: &str) -> Option<Self> {
        BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, p)| Self::of(Some(*p)))
    }

    /// Its palette, if it has colour.
    pub fn palette(self) -> Option<Palette> {
        self.palette
    }

    fn tint(self, style: Style, pick: fn(&Palette) -> Color) -> Style {
        match self.palette {
            Some(p) => style.fg(pick(&p)),
            None => style,
        }
    }

    /// What every cell starts as: the theme's background and text colour.
    pub fn base(self) -> Style {
        match self.palette {
            Some(p) => {
                let style = Style::new().fg(p.text);
                p.background.map_or(style, |bg| style.bg(bg))
            }
            None => Style::new(),
        }
    }

    /// The words the room reads.
    pub fn words(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), |p| p.text)
    }

    /// Secondary lines: attribution, prompts, subtitles.
    pub fn secondary(self) -> Style {
        self.tint(Style::new(), |p| p.text)
    }

    /// Headers, progress, hints.
    pub fn dim(self) -> Style {
        self.tint(Style::new(), |p| p.dim)
    }

    /// Step titles and labels.
    pub fn accent(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), |p| p.accent)
    }

    /// The timer digits in a state.
    pub fn timer(self, status: TimerStatus) -> Style {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        match status {
            TimerStatus::Running => self.tint(bold, |p| p.text),
            TimerStatus::Warning => self.tint(bold, |p| p.warning),
            TimerStatus::Over(_) => self.tint(bold, |p| p.over),
            TimerStatus::Paused => self.tint(Style::new(), |p| p.paused),
        }
    }

    /// The band under the timer in a state other than running: the state's colour reversed
    /// across the window, so warning, time up and paused read as a band without colour too.
    pub fn timer_label(self, status: TimerStatus) -> Style {
        match status {
            TimerStatus::Running => self.dim(),
            _ => self.reversed(self.timer(status)),
        }
    }

    /// `style` in reverse video: its colour becomes the background and the theme's background its
    /// text, so a reversed cell keeps the contrast of the pair.
    fn reversed(self, style: Style) -> Style {
        let style = style.add_modifier(Modifier::BOLD | Modifier::REVERSED);
        match self.palette.and_then(|p| p.background) {
            Some(bg) => style.bg(bg),
            None => style,
        }
    }

    /// The person speaking now.
    pub fn speaker(self) -> Style {
        self.reversed(self.words())
    }

    /// A frame around an overlay or a panel.
    pub fn frame(self) -> Style {
        self.tint(Style::new(), |p| p.frame)
    }

    /// A banner cueing a change of speaker: reversed and bold, so it reads without colour.
    pub fn cue(self) -> Style {
        self.reversed(self.tint(Style::new(), |p| p.accent))
    }

    /// A message that something went wrong (a reload that failed).
    pub fn alert(self) -> Style {
        self.reversed(self.tint(Style::new(), |p| p.over))
    }
}

/// The contrast ratio of two colours (WCAG 2): from 1 (the same) to 21 (black on white). `None`
/// when either is not an RGB colour (the terminal's own colours are unknown).
pub fn contrast(a: Color, b: Color) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

fn luminance(colour: Color) -> Option<f64> {
    let Color::Rgb(r, g, b) = colour else { return None };
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { to_the_2_4((c + 0.055) / 1.055) }
    };
    Some(0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b))
}

/// `x` to the power 2.4, for `x` in (0, 1], as `x² · (x²)^⅕` with the fifth root found by
/// Newton's method. Why not `powf`: it is the program's only call into the C maths library, and
/// without it the linker leaves `libm` out, which saves every start loading and relocating it and
/// about 0.3 MiB of resident memory (a figure in docs/performance.md).
fn to_the_2_4(x: f64) -> f64 {
    let square = x * x;
    // From 1, at or above the root for any square ≤ 1, each step falls towards the root and
    // stops when it no longer falls (the root to the last bit, a few dozen steps at most).
    let mut root = 1.0_f64;
    for _ in 0..100 {
        let next = (4.0 * root + square / root.powi(4)) / 5.0;
        if next >= root {
            break;
        }
        root = next;
    }
    square * root
}

/// Every text colour of `palette` with its name, for contrast checks (frames are lines, not text).
pub fn text_colours(palette: &Palette) -> [(&'static str, Color); 6] {
    [
        ("text", palette.text),
        ("dim", palette.dim),
        ("accent", palette.accent),
        ("warning", palette.warning),
        ("over", palette.over),
        ("paused", palette.paused),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_power_2_4_matches_the_maths_library() {
        for step in 1..=1000 {
            let x = f64::from(step) / 1000.0;
            let (ours, exact) = (to_the_2_4(x), x.powf(2.4));
            assert!((ours - exact).abs() <= 1e-12 * exact.max(1e-3), "{x}: {ours} against {exact}");
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        let ratio = |a, b| contrast(rgb(a), rgb(b)).expect("rgb");
        assert!((ratio(0x00_0000, 0xff_ffff) - 21.0).abs() < 0.01);
        assert!((ratio(0x77_7777, 0xff_ffff) - 4.48).abs() < 0.01);
        assert_eq!(contrast(Color::Red, rgb(0)), None, "a terminal colour is unknown");
    }

    /// Every text colour of every built-in theme with a background of its own reads at 7:1 or
    /// more on it, in every timer state and reversed (a reversed cell is the same pair).
    #[test]
    fn every_built_in_text_colour_meets_seven_to_one() {
        for (name, palette) in BUILT_IN {
            let Some(background) = palette.background else { continue };
            for (role, colour) in text_colours(&palette) {
                let ratio = contrast(colour, background).expect("rgb colours");
                assert!(ratio >= 7.0, "{name}: {role} on the background is {ratio:.2}:1");
            }
        }
    }

    /// The band of a state (paused, warning, time up) is text on a colour of its own: the pair
    /// of colours a terminal shows once it has reversed them reads at 7:1 too.
    #[test]
    fn every_state_band_meets_seven_to_one() {
        use crate::session::Overtime;
        let states = [TimerStatus::Warning, TimerStatus::Over(Overtime::Show), TimerStatus::Paused];
        for (name, palette) in BUILT_IN {
            let Some(background) = palette.background else { continue };
            for status in states {
                let band = Theme::of(Some(palette)).timer_label(status);
                assert!(band.add_modifier.contains(Modifier::REVERSED), "{name}: {status:?} is a reversed band");
                // Reversed, the text is drawn in the cell's background and the band in its text.
                let (text, fill) = (band.bg.unwrap_or(background), band.fg.expect("a band has a colour"));
                let ratio = contrast(text, fill).expect("rgb colours");
                assert!(ratio >= 7.0, "{name}: the {status:?} band reads at {ratio:.2}:1");
            }
        }
    }

    /// The terminal's theme draws no text in a colour of its palette, which may be unreadable on
    /// the terminal's background (cyan on white, blue on black).
    #[test]
    fn the_terminal_theme_writes_in_the_terminal_s_own_foreground() {
        for (role, colour) in text_colours(&TERMINAL) {
            assert_eq!(colour, Color::Reset, "terminal: {role}");
        }
    }

    /// What the terminal's background can pick is among the themes held to 7:1 above.
    #[test]
    fn the_background_picks_themes_with_a_background_of_their_own() {
        for name in ["dark", "light"] {
            assert!(Theme::named(name).and_then(Theme::palette).is_some_and(|p| p.background.is_some()), "{name}");
        }
    }

    #[test]
    fn without_colour_only_weight_and_reverse_video_remain() {
        let plain = Theme::new(false);
        for status in [TimerStatus::Running, TimerStatus::Paused] {
            assert_eq!(plain.timer(status).fg, None);
        }
        for status in [TimerStatus::Paused, TimerStatus::Warning, TimerStatus::Over(crate::session::Overtime::Hide)] {
            assert!(plain.timer_label(status).add_modifier.contains(Modifier::REVERSED), "{status:?}");
        }
        assert_eq!(plain.base(), Style::new());
    }
}
