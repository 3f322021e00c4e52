//! Keys become commands through the key table, and commands become changes: to this window (a
//! view, an overlay, a highlight, a line being typed) or to the session every window shares.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent};

use super::{App, Change, Effect, Field, Mode, Quit, Role, Shade, View};
use crate::flow::Action;
use crate::keymap::{Command, Scope};
use crate::limits;
use crate::session::preset::Times;

impl App {
    /// Handles a key pressed in this window.
    pub(super) fn key(&mut self, key: KeyEvent, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        let command = self.keymap.command(self.scope(), key);
        // A message for the facilitator lasts until the next key pressed where it can be read
        // (the room view only marks that there is one), unless that key quits.
        let seen = self.window.view == View::Facilitator;
        let notice = if seen { self.window.notice.take() } else { None };
        let mut effects = command.map(|c| self.command(c, key, now, wall)).unwrap_or_default();
        if effects.iter().any(|e| matches!(e, Effect::Quit(_))) {
            self.window.notice = notice;
        } else if notice.is_some() && !effects.contains(&Effect::Redraw) {
            effects.push(Effect::Redraw);
        }
        effects
    }

    /// Carries out `command`, asked for by `key` (the character typed, for [`Command::Insert`]).
    pub fn command(&mut self, command: Command, key: KeyEvent, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        let flow = |action| Change::Flow(action);
        let change = match command {
            Command::Flow(action) => flow(action),
            Command::BlankBlack => Change::Blank(Shade::Black),
            Command::BlankWhite => Change::Blank(Shade::White),
            Command::Unblank => Change::Unblank,
            Command::Go if matches!(self.window.mode, Mode::Resume { .. }) => return self.answer(now, wall),
            Command::Cycle => return self.move_answer(1),
            Command::Up | Command::Down if matches!(self.window.mode, Mode::Resume { .. }) => {
                return self.move_answer(if command == Command::Up { -1 } else { 1 });
            }
            Command::Go => {
                let Mode::Agenda { selected } = self.window.mode else { return Vec::new() };
                self.window.mode = Mode::Normal;
                flow(Action::JumpTo(selected))
            }
            Command::ToggleHere => {
                let Mode::Roster { selected } = self.window.mode else { return Vec::new() };
                Change::SetPresent { person: selected, here: !self.flow.is_present(selected) }
            }
            Command::Message if self.room.message.is_some() => Change::Message(None),
            Command::Preset => match self.preset(key, now) {
                // The same key again takes its message down.
                Ok(text) if self.room.message.as_deref() == Some(super::clean_message(&text).as_str()) => {
                    Change::Message(None)
                }
                Ok(text) => Change::Message(Some(text)),
                Err(why) => {
                    self.window.notice = Some(why);
                    return vec![Effect::Redraw];
                }
            },
            Command::Submit if matches!(self.window.mode, Mode::Typing { field: Field::Message, .. }) => {
                let Mode::Typing { text, .. } = std::mem::replace(&mut self.window.mode, Mode::Normal) else {
                    return Vec::new();
                };
                let mut effects = self.ask(Change::Message(Some(text)), now, wall);
                effects.push(Effect::Redraw);
                return effects;
            }
            Command::Submit => {
                let Mode::Typing { field: Field::LateArrival { selected }, text } = &self.window.mode else {
                    return Vec::new();
                };
                let (selected, name) = (*selected, text.trim().to_owned());
                let before = self.flow.roster().len();
                let mut effects = self.ask(Change::AddPerson(name), now, wall);
                // Here at once when leading; when following, the name arrives with the leader's
                // next state, and the highlight stays where it was.
                let added = self.flow.roster().len() > before;
                self.window.mode = Mode::Roster { selected: if added { before } else { selected } };
                effects.push(Effect::Redraw);
                return effects;
            }
            // A deliberate quit leaves nothing to resume; Ctrl-C, a signal or a crash do.
            Command::Yes if matches!(self.window.mode, Mode::ConfirmQuit) => {
                // A following window leaves the session running.
                return match self.role {
                    Role::Leader => vec![Effect::ClearJournal, Effect::Quit(Quit::Asked)],
                    Role::Follower { .. } => vec![Effect::Quit(Quit::Asked)],
                };
            }
            Command::Yes => {
                let Mode::Away { secs } = self.window.mode else { return Vec::new() };
                self.window.mode = Mode::Normal;
                flow(Action::Elapse(Duration::from_secs(secs)))
            }
            Command::PassOn => {
                self.window.mode = Mode::Normal;
                let mut effects = vec![Effect::Redraw];
                match self.keymap.command(Scope::Normal, key) {
                    Some(Command::Close) | None => {}
                    Some(other) => effects.extend(self.command(other, key, now, wall)),
                }
                return effects;
            }
            Command::Reload => Change::Reload,
            window => return self.window_command(window, key),
        };
        self.ask(change, now, wall)
    }

    /// Commands that change only this window.
    fn window_command(&mut self, command: Command, key: KeyEvent) -> Vec<Effect> {
        let mode = match command {
            Command::CycleTheme => {
                let themes = &mut self.themes;
                themes.follow = false;
                themes.on = (themes.on + 1) % themes.all.len().max(1);
                if let Some((_, theme)) = themes.all.get(themes.on) {
                    self.theme = *theme;
                }
                return vec![Effect::Redraw];
            }
            Command::ToggleView => {
                self.window.view = match self.window.view {
                    View::Room => View::Facilitator,
                    View::Facilitator => View::Room,
                };
                return vec![Effect::Redraw];
            }
            Command::ForceQuit => return vec![Effect::Quit(Quit::AtOnce)],
            Command::Suspend => return vec![Effect::Suspend],
            Command::Agenda => Mode::Agenda { selected: self.flow.step_index().unwrap_or(0) },
            Command::Roster => Mode::Roster { selected: 0 },
            Command::Message => Mode::Typing { field: Field::Message, text: String::new() },
            Command::Report => Mode::Report,
            Command::Links if self.window.links.is_none() => {
                self.window.notice = Some("no pages are served: start the run with --serve".into());
                return vec![Effect::Redraw];
            }
            Command::Links => Mode::Links,
            Command::RoomCheck => Mode::RoomCheck,
            Command::Help => Mode::Help,
            Command::Quit => Mode::ConfirmQuit,
            Command::Close | Command::No if self.window.mode == Mode::Normal => return Vec::new(),
            Command::Close | Command::No => Mode::Normal,
            Command::Up | Command::Down | Command::First | Command::Last => self.moved(command),
            Command::AddPerson => match self.window.mode {
                Mode::Roster { selected } => {
                    Mode::Typing { field: Field::LateArrival { selected }, text: String::new() }
                }
                _ => return Vec::new(),
            },
            Command::Cancel => match self.window.mode {
                Mode::Typing { field: Field::LateArrival { selected }, .. } => Mode::Roster { selected },
                _ => Mode::Normal,
            },
            Command::Insert | Command::Erase => match (&self.window.mode, key.code) {
                (Mode::Typing { field, text }, code) => {
                    let most = match field {
                        Field::LateArrival { .. } => limits::NAME,
                        Field::Message => limits::MESSAGE,
                    };
                    Mode::Typing { field: *field, text: edited(text, command, code, most) }
                }
                _ => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        self.window.mode = mode;
        vec![Effect::Redraw]
    }

    /// The session's message on the number key `key`, its clock times filled in as of `now`
    /// (from the planned start on the welcome screen of a run started early), or why there is
    /// none.
    fn preset(&self, key: KeyEvent, now: Instant) -> Result<String, String> {
        let number = match key.code {
            KeyCode::Char(c) => c.to_digit(10).and_then(|d| u8::try_from(d).ok()),
            _ => None,
        };
        let Some(template) = number.and_then(|n| self.flow.session().messages.get(n)) else {
            let which = number.map_or_else(String::new, |n| format!(" on {n}"));
            return Err(format!("This session has no message{which}: add one to [messages] in its file"));
        };
        let here = self.timeline.at(now);
        let from = self.timeline.anchor(self.flow.started_at(), now).max(here);
        let (step, session) = self.flow.ahead(now);
        let at = |d: Duration| (from + chrono::TimeDelta::from_std(d).unwrap_or_default()).time();
        Ok(template.fill(Times { end: at(step), finish: at(session) }))
    }

    /// The list mode with its highlight moved by `command`.
    fn moved(&self, command: Command) -> Mode {
        let step = |selected: usize, count: usize| {
            let last = count.saturating_sub(1);
            match command {
                Command::Up => selected.saturating_sub(1),
                Command::Down => (selected + 1).min(last),
                Command::First => 0,
                _ => last,
            }
        };
        match self.window.mode {
            Mode::Agenda { selected } => Mode::Agenda { selected: step(selected, self.flow.session().steps.len()) },
            Mode::Roster { selected } => Mode::Roster { selected: step(selected, self.flow.roster().len()) },
            ref other => other.clone(),
        }
    }
}

/// `text` after the key `code` typed into it (a character added, up to `most`, or the last one
/// erased).
fn edited(text: &str, command: Command, code: KeyCode, most: usize) -> String {
    let mut text = text.to_owned();
    match (command, code) {
        (Command::Erase, _) => {
            text.pop();
        }
        (_, KeyCode::Char(c)) if !c.is_control() && text.chars().count() < most => text.push(c),
        _ => {}
    }
    text
}
