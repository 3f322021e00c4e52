//! The whole running program's state, as plain data: the session flow plus the screen around it
//! (view, overlay, blanking). Key presses become changes here; nothing in this file does I/O,
//! reads the clock or draws.

use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::flow::{Action, Effect, Flow};
use crate::keymap::{Command, command_for};
use crate::session::Session;
use crate::ui::{Overlay, Screen, Shade, View};

/// A running session and its screen.
#[derive(Debug, Clone)]
pub struct App {
    /// The session.
    pub flow: Flow,
    /// Everything around it on screen.
    pub screen: Screen,
}

/// What the loop must do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing changed: no need to draw.
    Ignored,
    /// Something changed: draw, and carry out these effects.
    Changed(Vec<Effect>),
    /// Read the session file again and hand it to [`App::reload`].
    Reload,
    /// Leave, restoring the terminal.
    Quit,
}

impl App {
    /// Handles one key press at `now`.
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Outcome {
        if key.kind == KeyEventKind::Release {
            return Outcome::Ignored;
        }
        let command = command_for(key);
        if command == Some(Command::ForceQuit) {
            return Outcome::Quit;
        }
        let had_banner = self.screen.banner.take().is_some();
        if self.screen.blank.take().is_some() {
            // Any key brings the screen back, and does only that.
            return Outcome::Changed(Vec::new());
        }
        match self.screen.overlay {
            Overlay::None => {}
            Overlay::ConfirmQuit => {
                self.screen.overlay = Overlay::None;
                return if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    Outcome::Quit
                } else {
                    Outcome::Changed(Vec::new())
                };
            }
            Overlay::Agenda { selected } => {
                if let Some(outcome) = self.agenda_key(key, selected, now) {
                    return outcome;
                }
            }
            Overlay::Help => {
                self.screen.overlay = Overlay::None;
                if matches!(command, None | Some(Command::Dismiss | Command::Help)) {
                    return Outcome::Changed(Vec::new());
                }
            }
        }
        let Some(command) = command else {
            return if had_banner { Outcome::Changed(Vec::new()) } else { Outcome::Ignored };
        };
        let overlay = |this: &mut Self, o| {
            this.screen.overlay = o;
            Outcome::Changed(Vec::new())
        };
        match command {
            Command::Flow(action) => Outcome::Changed(self.flow.apply(action, now)),
            Command::BlankBlack => self.blank(Shade::Black),
            Command::BlankWhite => self.blank(Shade::White),
            Command::ToggleView => {
                self.screen.view = match self.screen.view {
                    View::Room => View::Facilitator,
                    View::Facilitator => View::Room,
                };
                Outcome::Changed(Vec::new())
            }
            Command::Agenda => overlay(self, Overlay::Agenda { selected: self.flow.step_index().unwrap_or(0) }),
            Command::Help => overlay(self, Overlay::Help),
            Command::Quit => overlay(self, Overlay::ConfirmQuit),
            Command::Reload => Outcome::Reload,
            Command::Dismiss | Command::ForceQuit => {
                if had_banner {
                    Outcome::Changed(Vec::new())
                } else {
                    Outcome::Ignored
                }
            }
        }
    }

    fn blank(&mut self, shade: Shade) -> Outcome {
        self.screen.blank = Some(shade);
        Outcome::Changed(Vec::new())
    }

    /// Keys of the agenda: arrows choose, Enter jumps; `None` hands the key on after closing it.
    fn agenda_key(&mut self, key: KeyEvent, selected: usize, now: Instant) -> Option<Outcome> {
        let last = self.flow.session().steps.len().saturating_sub(1);
        let select = |this: &mut Self, s: usize| {
            this.screen.overlay = Overlay::Agenda { selected: s.min(last) };
            Some(Outcome::Changed(Vec::new()))
        };
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => select(self, selected.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => select(self, selected + 1),
            KeyCode::Home => select(self, 0),
            KeyCode::End => select(self, last),
            KeyCode::Enter => {
                self.screen.overlay = Overlay::None;
                Some(Outcome::Changed(self.flow.apply(Action::JumpTo(selected), now)))
            }
            _ => {
                self.screen.overlay = Overlay::None;
                match command_for(key) {
                    None | Some(Command::Dismiss | Command::Agenda) => Some(Outcome::Changed(Vec::new())),
                    Some(_) => None,
                }
            }
        }
    }

    /// Puts a freshly loaded session in place, or shows why it could not be loaded.
    pub fn reload(&mut self, loaded: Result<Session, String>, now: Instant) {
        match loaded {
            Ok(session) => {
                self.flow.reload(session, now);
                self.screen.banner = Some("reloaded".into());
            }
            Err(message) => {
                let first = message.lines().next().unwrap_or_default().to_owned();
                self.screen.banner = Some(format!("reload failed, still running the last good version: {first}"));
            }
        }
    }
}
