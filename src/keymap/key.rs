//! One key as the table names it: how help shows it, how the README writes it, and how a config
//! file spells it (`"pagedown"`, `"ctrl-r"`, `"x"`).

use std::fmt;
use std::str::FromStr;

use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// A key as the terminal reports it (Shift is not part of it).
    Code(KeyCode),
    /// A letter held with Control.
    Ctrl(char),
    /// Any of the number keys 1 to 9.
    Digit,
    /// Any printable character: typed text.
    Text,
    /// Any key the scope does not bind otherwise.
    Other,
}

/// Names of the keys that are not characters, as a config file spells them and as help shows
/// them.
const NAMED: &[(KeyCode, &str, &str)] = &[
    (KeyCode::Right, "right", "→"),
    (KeyCode::Left, "left", "←"),
    (KeyCode::Up, "up", "↑"),
    (KeyCode::Down, "down", "↓"),
    (KeyCode::PageDown, "pagedown", "PgDn"),
    (KeyCode::PageUp, "pageup", "PgUp"),
    (KeyCode::Enter, "enter", "Enter"),
    (KeyCode::Backspace, "backspace", "Bksp"),
    (KeyCode::Esc, "esc", "Esc"),
    (KeyCode::Home, "home", "Home"),
    (KeyCode::End, "end", "End"),
    (KeyCode::Tab, "tab", "Tab"),
    (KeyCode::Delete, "delete", "Del"),
    (KeyCode::Char(' '), "space", "Space"),
];

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Code(code) => match NAMED.iter().find(|(c, _, _)| c == code) {
                Some((_, _, shown)) => f.write_str(shown),
                None => match code {
                    KeyCode::F(n) => write!(f, "F{n}"),
                    KeyCode::Char(c) => write!(f, "{c}"),
                    other => write!(f, "{other:?}"),
                },
            },
            Key::Ctrl(c) => write!(f, "Ctrl-{}", c.to_ascii_uppercase()),
            Key::Digit => f.write_str("1-9"),
            Key::Text => f.write_str("text"),
            Key::Other => f.write_str("any other key"),
        }
    }
}

impl Key {
    /// The key press this key is, if it is one key (not "any text" or "any other key").
    pub fn event(self) -> Option<KeyEvent> {
        match self {
            Key::Code(code) => Some(KeyEvent::new(code, KeyModifiers::NONE)),
            Key::Ctrl(c) => Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
            Key::Digit => Some(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE)),
            Key::Text | Key::Other => None,
        }
    }

    /// Whether a press could be both keys: the same key, or a number key and [`Key::Digit`].
    pub fn overlaps(self, other: Key) -> bool {
        let digit = |k: Key| matches!(k, Key::Code(KeyCode::Char('1'..='9')));
        self == other || (self == Key::Digit && digit(other)) || (digit(self) && other == Key::Digit)
    }

    /// The key as a config file spells it: `pagedown`, `ctrl-r`, `f5`, `x`.
    pub fn name(&self) -> String {
        match self {
            Key::Code(KeyCode::F(n)) => format!("f{n}"),
            Key::Code(code) => match NAMED.iter().find(|(c, _, _)| c == code) {
                Some((_, name, _)) => (*name).to_owned(),
                None => match code {
                    KeyCode::Char(c) => c.to_string(),
                    other => format!("{other:?}").to_lowercase(),
                },
            },
            Key::Ctrl(c) => format!("ctrl-{c}"),
            Key::Digit => "digits".to_owned(),
            Key::Text => "text".to_owned(),
            Key::Other => "other".to_owned(),
        }
    }

    /// The key as the README's table writes it: characters in code spans.
    pub fn markdown(&self) -> String {
        match self {
            Key::Code(KeyCode::Char(c)) if *c != ' ' => format!("`{c}`"),
            Key::Digit => "`1`-`9`".to_owned(),
            other => other.to_string(),
        }
    }
}

/// Why a key's name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a key: write a character (\"x\"), a name such as \"pagedown\", \"f5\", \"space\", or \"ctrl-r\"")]
pub struct UnknownKey(pub String);

impl FromStr for Key {
    type Err = UnknownKey;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownKey(text.to_owned());
        let lower = text.to_lowercase();
        let single = |s: &str| {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        };
        if let Some(c) = single(text) {
            return if c.is_control() { Err(unknown()) } else { Ok(Key::Code(KeyCode::Char(c))) };
        }
        if let Some(rest) = lower.strip_prefix("ctrl-") {
            return single(rest).filter(char::is_ascii_alphabetic).map(Key::Ctrl).ok_or_else(unknown);
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=24).contains(n)) {
            return Ok(Key::Code(KeyCode::F(n)));
        }
        NAMED.iter().find(|(_, name, _)| *name == lower).map(|(code, _, _)| Key::Code(*code)).ok_or_else(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_as_the_same_key() {
        for (text, key) in [
            ("x", Key::Code(KeyCode::Char('x'))),
            ("+", Key::Code(KeyCode::Char('+'))),
            ("PageDown", Key::Code(KeyCode::PageDown)),
            ("f5", Key::Code(KeyCode::F(5))),
            ("space", Key::Code(KeyCode::Char(' '))),
            ("Ctrl-R", Key::Ctrl('r')),
        ] {
            assert_eq!(text.parse::<Key>(), Ok(key), "{text}");
        }
        for bad in ["", "ctrl-", "ctrl-12", "f99", "pagedwn", "\u{1b}"] {
            assert!(bad.parse::<Key>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn help_shows_keys_as_people_know_them() {
        assert_eq!(Key::Code(KeyCode::PageDown).to_string(), "PgDn");
        assert_eq!(Key::Ctrl('r').to_string(), "Ctrl-R");
        assert_eq!(Key::Code(KeyCode::Char('n')).markdown(), "`n`");
    }
}
