//! The whole running program's state, as plain data: the session flow plus the screen around it
//! (view, overlay, blanking). Key presses become changes here; nothing in this file does I/O,
//! reads the clock or draws.

use std::time::Instant;

use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::flow::{Action, Effect, Flow};
use crate::keymap::{Command, command_for};
use crate::rehearsal::Recorder;
use crate::session::Session;
use crate::ui::{Overlay, Screen, Shade, View};

/// A running session and its screen.
#[derive(Debug, Clone)]
pub struct App {
    /// The session.
    pub flow: Flow,
    /// Everything around it on screen.
    pub screen: Screen,
    /// Notes where the time goes, for the rehearsal report and the history.
    pub recorder: Option<Recorder>,
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
        match &self.screen.overlay {
            Overlay::None => {}
            Overlay::Away { secs } => {
                let away = std::time::Duration::from_secs(*secs);
                self.screen.overlay = Overlay::None;
                return match key.code {
                    KeyCode::Char('y' | 'Y') => Outcome::Changed(self.flow.apply(Action::Elapse(away), now)),
                    _ => Outcome::Changed(Vec::new()),
                };
            }
            Overlay::Roster { selected, typing } => {
                let (selected, typing) = (*selected, typing.clone());
                if let Some(outcome) = self.roster_key(key, selected, typing) {
                    return outcome;
                }
            }
            Overlay::ConfirmQuit => {
                self.screen.overlay = Overlay::None;
                return if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                    Outcome::Quit
                } else {
                    Outcome::Changed(Vec::new())
                };
            }
            Overlay::Agenda { selected } => {
                if let Some(outcome) = self.agenda_key(key, *selected, now) {
                    return outcome;
                }
            }
            Overlay::Report(_) => {
                self.screen.overlay = Overlay::None;
                if matches!(command, None | Some(Command::Dismiss | Command::Report)) {
                    return Outcome::Changed(Vec::new());
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
            Command::Roster => overlay(self, Overlay::Roster { selected: 0, typing: None }),
            Command::Report => overlay(self, Overlay::Report(None)),
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
        let steps = self.flow.session().steps.len();
        if let Some(chosen) = choose(key.code, selected, steps) {
            self.screen.overlay = Overlay::Agenda { selected: chosen };
            return Some(Outcome::Changed(Vec::new()));
        }
        match key.code {
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

/// The keys that move a highlight through a list of `count` items (arrows, j/k, Home, End):
/// the new position, or `None` for any other key.
pub(super) fn choose(code: KeyCode, selected: usize, count: usize) -> Option<usize> {
    let last = count.saturating_sub(1);
    let to = match code {
        KeyCode::Up | KeyCode::Char('k') => selected.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => selected + 1,
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => return None,
    };
    Some(to.min(last))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ratatui_crossterm::crossterm::event::KeyModifiers;

    use super::*;
    use crate::flow::Position;
    use crate::ui::{Clock, Theme};

    fn app() -> (App, Instant) {
        let (name, text) = crate::session::BUNDLED;
        let session = crate::session::from_str(text, name).expect("the bundled session loads");
        let now = Instant::now();
        let wall = NaiveDate::from_ymd_opt(2026, 1, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("a date");
        let screen = Screen {
            view: View::Room,
            overlay: Overlay::None,
            blank: None,
            banner: None,
            theme: Theme::new(true),
            clock: Clock { mono: now, wall, start: None },
        };
        (App { flow: Flow::new(session, Vec::new(), 1), screen, recorder: None }, now)
    }

    fn press(app: &mut App, code: KeyCode, now: Instant) -> Outcome {
        app.key(KeyEvent::new(code, KeyModifiers::NONE), now)
    }

    #[test]
    fn any_key_on_a_blank_screen_only_brings_it_back() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Char('b'), now);
        assert_eq!(app.screen.blank, Some(Shade::Black));
        press(&mut app, KeyCode::PageDown, now);
        assert_eq!((app.screen.blank, app.flow.position()), (None, Position::Welcome));
    }

    #[test]
    fn esc_and_f5_close_overlays_and_never_move() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Char('?'), now);
        assert_eq!(app.screen.overlay, Overlay::Help);
        assert_eq!(press(&mut app, KeyCode::F(5), now), Outcome::Changed(Vec::new()));
        assert_eq!(app.screen.overlay, Overlay::None);
        assert_eq!(press(&mut app, KeyCode::Esc, now), Outcome::Ignored);
        assert_eq!(app.flow.position(), Position::Welcome);
    }

    #[test]
    fn clicker_keys_still_navigate_with_help_open() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Char('?'), now);
        press(&mut app, KeyCode::PageDown, now);
        assert_eq!((&app.screen.overlay, app.flow.step_index()), (&Overlay::None, Some(0)));
    }

    #[test]
    fn the_agenda_jumps_to_the_chosen_step() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Char('g'), now);
        for _ in 0..3 {
            press(&mut app, KeyCode::Down, now);
        }
        press(&mut app, KeyCode::Up, now);
        press(&mut app, KeyCode::Enter, now);
        assert_eq!((&app.screen.overlay, app.flow.step_index()), (&Overlay::None, Some(2)));
    }

    #[test]
    fn quitting_asks_first() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Char('q'), now);
        assert_eq!(press(&mut app, KeyCode::Char('n'), now), Outcome::Changed(Vec::new()));
        press(&mut app, KeyCode::Char('q'), now);
        assert_eq!(press(&mut app, KeyCode::Char('y'), now), Outcome::Quit);
        assert_eq!(app.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), now), Outcome::Quit);
    }

    #[test]
    fn a_failed_reload_keeps_the_last_good_session_and_says_so() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Right, now);
        assert_eq!(app.key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL), now), Outcome::Reload);
        app.reload(Err("s.toml:3:1: error: unknown key `titel`\n  |".into()), now);
        assert_eq!(app.flow.step_index(), Some(0));
        assert!(app.screen.banner.as_deref().is_some_and(|b| b.ends_with("unknown key `titel`")));
        press(&mut app, KeyCode::Char('x'), now);
        assert_eq!(app.screen.banner, None, "the next key clears the message");
    }

    #[test]
    fn a_reload_keeps_the_place_when_it_still_exists() {
        let (mut app, now) = app();
        press(&mut app, KeyCode::Char('g'), now);
        press(&mut app, KeyCode::Down, now);
        press(&mut app, KeyCode::Down, now);
        press(&mut app, KeyCode::Enter, now);
        press(&mut app, KeyCode::Right, now);
        let place = app.flow.position();
        let (_, text) = crate::session::BUNDLED;
        let edited = text.replace("Take a quiet moment", "Take a slow moment");
        app.reload(crate::session::from_str(&edited, "s.toml").map_err(|e| e.to_string()), now);
        assert_eq!(app.flow.position(), place);
        let words = crate::ui::content(&app.flow, now).blocks.into_iter().map(|b| b.text).collect::<Vec<_>>();
        assert!(words.iter().any(|w| w.starts_with("Take a slow moment")));
    }
}
