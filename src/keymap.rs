//! The one table of key bindings. Key handling, the `?` help overlay and the tests all read it,
//! so what the help says is what the keys do.

use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::flow::Action;

/// Everything a key can ask for while a session runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// A change to the session itself.
    Flow(Action),
    /// Blank the projected screen black.
    BlankBlack,
    /// Blank the projected screen white.
    BlankWhite,
    /// Switch between the room view and the facilitator view.
    ToggleView,
    /// Open the agenda to jump to any step.
    Agenda,
    /// Open the roster: mark someone absent, add a late arrival.
    Roster,
    /// Show where the time went so far: planned against actual per step.
    Report,
    /// Reload the session file now.
    Reload,
    /// Show the keys.
    Help,
    /// Ask whether to quit.
    Quit,
    /// Quit at once.
    ForceQuit,
    /// Close an overlay; never quits or moves (clickers send Esc and F5).
    Dismiss,
}

/// One row of the table: the keys, what they do, and how help names them.
#[derive(Debug)]
pub struct Binding {
    /// Keys as help shows them.
    pub label: &'static str,
    /// What they do, as help says it.
    pub help: &'static str,
    /// The command.
    pub command: Command,
    keys: &'static [Key],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Code(KeyCode),
    Ctrl(char),
}

const fn ch(c: char) -> Key {
    Key::Code(KeyCode::Char(c))
}

/// Every binding, in the order help lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        label: "→ PgDn Enter n l",
        help: "next",
        command: Command::Flow(Action::Next),
        keys: &[Key::Code(KeyCode::Right), Key::Code(KeyCode::PageDown), Key::Code(KeyCode::Enter), ch('n'), ch('l')],
    },
    Binding {
        label: "← PgUp Bksp h",
        help: "previous",
        command: Command::Flow(Action::Previous),
        keys: &[Key::Code(KeyCode::Left), Key::Code(KeyCode::PageUp), Key::Code(KeyCode::Backspace), ch('h')],
    },
    Binding {
        label: "Space p",
        help: "pause / resume",
        command: Command::Flow(Action::TogglePause),
        keys: &[ch(' '), ch('p')],
    },
    Binding { label: "+", help: "add a minute", command: Command::Flow(Action::AddMinute), keys: &[ch('+')] },
    Binding { label: "-", help: "take a minute", command: Command::Flow(Action::TakeMinute), keys: &[ch('-')] },
    Binding { label: "r", help: "restart this timer", command: Command::Flow(Action::Restart), keys: &[ch('r')] },
    Binding { label: "b .", help: "blank screen (black)", command: Command::BlankBlack, keys: &[ch('b'), ch('.')] },
    Binding { label: "w", help: "blank screen (white)", command: Command::BlankWhite, keys: &[ch('w')] },
    Binding { label: "v", help: "room / facilitator view", command: Command::ToggleView, keys: &[ch('v')] },
    Binding { label: "g", help: "agenda: jump to a step", command: Command::Agenda, keys: &[ch('g')] },
    Binding { label: "a", help: "attendance: absent, late arrivals", command: Command::Roster, keys: &[ch('a')] },
    Binding { label: "t", help: "timings: planned against actual", command: Command::Report, keys: &[ch('t')] },
    Binding { label: "Ctrl-R", help: "reload the session file", command: Command::Reload, keys: &[Key::Ctrl('r')] },
    Binding { label: "?", help: "this help", command: Command::Help, keys: &[ch('?')] },
    Binding { label: "q", help: "quit (asks first)", command: Command::Quit, keys: &[ch('q')] },
    Binding { label: "Ctrl-C", help: "quit at once", command: Command::ForceQuit, keys: &[Key::Ctrl('c')] },
    Binding {
        label: "Esc F5",
        help: "close an overlay",
        command: Command::Dismiss,
        keys: &[Key::Code(KeyCode::Esc), Key::Code(KeyCode::F(5))],
    },
];

/// The command a key press asks for, if any. Key releases and repeats of modifier-only keys
/// are ignored; Shift is ignored on characters (`+` often arrives with Shift).
pub fn command_for(event: KeyEvent) -> Option<Command> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let key = match event.code {
        KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => Key::Ctrl(c.to_ascii_lowercase()),
        _ if event.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::SUPER) => return None,
        code => Key::Code(code),
    };
    BINDINGS.iter().find(|b| b.keys.contains(&key)).map(|b| b.command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Option<Command> {
        command_for(KeyEvent::new(code, modifiers))
    }

    #[test]
    fn clicker_keys_navigate() {
        assert_eq!(press(KeyCode::PageDown, KeyModifiers::NONE), Some(Command::Flow(Action::Next)));
        assert_eq!(press(KeyCode::PageUp, KeyModifiers::NONE), Some(Command::Flow(Action::Previous)));
        assert_eq!(press(KeyCode::Char('.'), KeyModifiers::NONE), Some(Command::BlankBlack));
        assert_eq!(press(KeyCode::F(5), KeyModifiers::NONE), Some(Command::Dismiss));
        assert_eq!(press(KeyCode::Esc, KeyModifiers::NONE), Some(Command::Dismiss));
    }

    #[test]
    fn control_and_shift() {
        assert_eq!(press(KeyCode::Char('c'), KeyModifiers::CONTROL), Some(Command::ForceQuit));
        assert_eq!(press(KeyCode::Char('r'), KeyModifiers::CONTROL), Some(Command::Reload));
        assert_eq!(press(KeyCode::Char('r'), KeyModifiers::NONE), Some(Command::Flow(Action::Restart)));
        assert_eq!(press(KeyCode::Char('+'), KeyModifiers::SHIFT), Some(Command::Flow(Action::AddMinute)));
        assert_eq!(press(KeyCode::Char('x'), KeyModifiers::NONE), None);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let all: Vec<Key> = BINDINGS.iter().flat_map(|b| b.keys.iter().copied()).collect();
        for (i, k) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(k), "{k:?} is bound twice");
        }
    }
}
