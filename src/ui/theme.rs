//! Styles, with and without colour. Every timer state is distinct without colour too: by its
//! label, its sign and reversed video, never by hue alone.

use ratatui_core::style::{Color, Modifier, Style};

use crate::flow::TimerStatus;

/// The styles of one run, chosen once: with colour, or plain for `NO_COLOR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// False under `NO_COLOR`.
    pub colour: bool,
}

impl Theme {
    /// Colour unless the `NO_COLOR` convention asks otherwise (read by the shell, passed in).
    pub fn new(colour: bool) -> Self {
        Self { colour }
    }

    fn tint(self, style: Style, colour: Color) -> Style {
        if self.colour { style.fg(colour) } else { style }
    }

    /// The words the room reads.
    pub fn words(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary lines: attribution, prompts, subtitles.
    pub fn secondary(self) -> Style {
        Style::new()
    }

    /// Headers, progress, hints.
    pub fn dim(self) -> Style {
        self.tint(Style::new(), Color::Gray)
    }

    /// Step titles and labels.
    pub fn accent(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Cyan)
    }

    /// The timer digits in a state.
    pub fn timer(self, status: TimerStatus) -> Style {
        match status {
            TimerStatus::Running => Style::new().add_modifier(Modifier::BOLD),
            TimerStatus::Warning => self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Yellow),
            TimerStatus::Over(_) => self.tint(Style::new().add_modifier(Modifier::BOLD), Color::Red),
            TimerStatus::Paused => self.tint(Style::new(), Color::Blue),
        }
    }

    /// The label under the timer: loud for paused and overtime (reversed works without colour).
    pub fn timer_label(self, status: TimerStatus) -> Style {
        match status {
            TimerStatus::Running => self.dim(),
            TimerStatus::Warning => self.timer(status),
            TimerStatus::Over(_) | TimerStatus::Paused => {
                self.timer(status).add_modifier(Modifier::REVERSED | Modifier::BOLD)
            }
        }
    }

    /// The person speaking now.
    pub fn speaker(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    /// A frame around an overlay or a panel.
    pub fn frame(self) -> Style {
        self.tint(Style::new(), Color::DarkGray)
    }

    /// A banner cueing a change of speaker: reversed and bold, so it reads without colour.
    pub fn cue(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED), Color::Cyan)
    }

    /// A message that something went wrong (a reload that failed).
    pub fn alert(self) -> Style {
        self.tint(Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED), Color::Red)
    }
}
