//! Keys of the roster overlay: who is in the room. Arrows choose a person, Space marks them
//! absent or present again, `n` starts typing a late arrival's name (Enter adds, Esc cancels).
//! Changes apply from the next round: the pairs on screen stay as they are.

use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent};

use super::state::{App, Outcome};
use crate::keymap::{Command, command_for};
use crate::ui::Overlay;

/// Longest name that can be typed in.
const MAX_NAME: usize = 60;

impl App {
    /// Handles a key while the roster is open; `None` closes it and hands the key on.
    pub(super) fn roster_key(&mut self, key: KeyEvent, selected: usize, typing: Option<String>) -> Option<Outcome> {
        let changed = Some(Outcome::Changed(Vec::new()));
        if let Some(mut name) = typing {
            match key.code {
                KeyCode::Enter => {
                    let added = self.flow.add_person(&name);
                    let at = if added { self.flow.roster().len() - 1 } else { selected };
                    self.screen.overlay = Overlay::Roster { selected: at, typing: None };
                    if !added && !name.trim().is_empty() {
                        self.screen.banner = Some(format!("{} is already on the roster", name.trim()));
                    }
                }
                KeyCode::Esc | KeyCode::F(5) => self.screen.overlay = Overlay::Roster { selected, typing: None },
                KeyCode::Backspace => {
                    name.pop();
                    self.screen.overlay = Overlay::Roster { selected, typing: Some(name) };
                }
                KeyCode::Char(c) if !c.is_control() && name.chars().count() < MAX_NAME => {
                    name.push(c);
                    self.screen.overlay = Overlay::Roster { selected, typing: Some(name) };
                }
                _ => {}
            }
            return changed;
        }
        if let Some(chosen) = super::state::choose(key.code, selected, self.flow.roster().len()) {
            self.screen.overlay = Overlay::Roster { selected: chosen, typing: None };
            return changed;
        }
        match key.code {
            KeyCode::Char(' ' | 'x') => {
                let here = self.flow.is_present(selected);
                self.flow.set_present(selected, !here);
                changed
            }
            KeyCode::Char('n' | '+') => {
                self.screen.overlay = Overlay::Roster { selected, typing: Some(String::new()) };
                changed
            }
            _ => {
                self.screen.overlay = Overlay::None;
                match command_for(key) {
                    None | Some(Command::Dismiss | Command::Roster) => changed,
                    Some(_) => None,
                }
            }
        }
    }
}
