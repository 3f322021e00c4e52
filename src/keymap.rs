//! The one table of key bindings: for each scope (what is on screen: the session, the agenda,
//! the roster, a question...), which keys ask for which command, and how help names them. Key
//! handling, every hint on screen, the `?` help and the README's key table are all made from this
//! table, so they cannot disagree; a key is rebound by changing the table's data.

mod key;

use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use key::Key;

use crate::flow::Action;

/// What is on screen, as far as keys are concerned: each scope has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// In every scope, before its own bindings.
    Everywhere,
    /// The session, with nothing over it.
    Normal,
    /// The list of keys.
    Help,
    /// The agenda: choose a step to jump to.
    Agenda,
    /// The roster: who is in the room.
    Roster,
    /// A line of text being typed (a late arrival's name).
    Typing,
    /// "Quit the session?"
    ConfirmQuit,
    /// "This computer was asleep: does that time count?"
    Away,
    /// Where the time went so far.
    Report,
    /// "An unfinished run was found": take it up or start afresh.
    Resume,
    /// The projected screen is blanked.
    Blank,
    /// The pages' addresses as QR codes (`--serve`).
    Links,
    /// The room check: the largest and smallest text, and what to do about the font.
    RoomCheck,
}

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Move the session or its timer.
    Flow(Action),
    /// Blank the projected screen black.
    BlankBlack,
    /// Blank the projected screen white.
    BlankWhite,
    /// Bring a blanked screen back.
    Unblank,
    /// Read the session file again.
    Reload,
    /// Switch between the room view and the facilitator view.
    ToggleView,
    /// This window in the next theme (a room that got brighter).
    CycleTheme,
    /// Write a message for the room's screen, or take the one shown down.
    Message,
    /// Show the session's message on the number key pressed, or take it down.
    Preset,
    /// Open the agenda.
    Agenda,
    /// Open the roster.
    Roster,
    /// Show where the time went so far.
    Report,
    /// Show the pages' addresses as QR codes (`--serve`).
    Links,
    /// Show the room check: is the font large enough for the back row?
    RoomCheck,
    /// Show the keys.
    Help,
    /// Ask whether to quit.
    Quit,
    /// Quit at once.
    ForceQuit,
    /// Give the terminal back and stop, as Ctrl-Z does anywhere.
    Suspend,
    /// Close what is open; never quits or moves (clickers send Esc and F5).
    Close,
    /// Move the highlight up a list.
    Up,
    /// Move the highlight down a list.
    Down,
    /// Move the highlight to the top of a list.
    First,
    /// Move the highlight to the bottom of a list.
    Last,
    /// Take the highlighted choice: go to the step, give the answer.
    Go,
    /// Move the highlight to the next choice, round the list.
    Cycle,
    /// Mark the highlighted person absent, or here again.
    ToggleHere,
    /// Start typing a late arrival's name.
    AddPerson,
    /// Type the character of the key pressed.
    Insert,
    /// Erase the last character typed.
    Erase,
    /// Accept what was typed.
    Submit,
    /// Drop what was typed.
    Cancel,
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Close what is open and let the session's own bindings take the key: a clicker still
    /// moves the session with help or the agenda open.
    PassOn,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys, in the order help shows them.
    pub keys: Vec<Key>,
    /// What they ask for.
    pub command: Command,
    /// What help says they do.
    pub help: &'static str,
}

impl Binding {
    /// The keys as help shows them: `→ PgDn Enter n l`.
    pub fn label(&self) -> String {
        self.keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")
    }
}

/// The default table: (scope, keys, command, help), in the order help lists them.
const DEFAULTS: &[(Scope, &[Key], Command, &str)] = {
    use Command as C;
    use Key::{Code, Ctrl, Other, Text};
    use KeyCode::{Backspace, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Up};
    use Scope as S;
    const fn ch(c: char) -> Key {
        Code(KeyCode::Char(c))
    }
    const CLOSE: &[Key] = &[Code(Esc), Code(F(5))];
    &[
        (S::Normal, &[Code(Right), Code(PageDown), Code(Enter), ch('n'), ch('l')], C::Flow(Action::Next), "next"),
        (S::Normal, &[Code(Left), Code(PageUp), Code(Backspace), ch('h')], C::Flow(Action::Previous), "previous"),
        (S::Normal, &[ch(' '), ch('p')], C::Flow(Action::TogglePause), "pause / resume"),
        (S::Normal, &[ch('+')], C::Flow(Action::AddMinute), "add a minute"),
        (S::Normal, &[ch('-')], C::Flow(Action::TakeMinute), "take a minute"),
        (S::Normal, &[ch('r')], C::Flow(Action::Restart), "restart this timer"),
        (S::Normal, &[ch('b'), ch('.')], C::BlankBlack, "blank screen (black)"),
        (S::Normal, &[ch('w')], C::BlankWhite, "blank screen (white)"),
        (S::Normal, &[ch('v')], C::ToggleView, "room / facilitator view"),
        (S::Normal, &[ch('c')], C::CycleTheme, "colours: the next theme"),
        (S::Normal, &[ch('m')], C::Message, "message on the room's screen (again: take it down)"),
        (S::Normal, &[Key::Digit], C::Preset, "the session's message on that key (again: take it down)"),
        (S::Normal, &[ch('g')], C::Agenda, "agenda: jump to a step"),
        (S::Normal, &[ch('a')], C::Roster, "roster: absent, late arrivals"),
        (S::Normal, &[ch('t')], C::Report, "timings: planned against actual"),
        (S::Normal, &[ch('u')], C::Links, "links to the pages as QR codes (--serve)"),
        (S::Normal, &[ch('f')], C::RoomCheck, "room check: font size for the back row"),
        (S::Normal, &[Ctrl('r')], C::Reload, "reload the session file"),
        (S::Normal, &[ch('?')], C::Help, "this help"),
        (S::Normal, &[ch('q')], C::Quit, "quit (asks first)"),
        (S::Everywhere, &[Ctrl('c')], C::ForceQuit, "quit at once"),
        (S::Everywhere, &[Ctrl('z')], C::Suspend, "stop and go back to the shell (fg returns)"),
        (S::Normal, CLOSE, C::Close, "close an overlay"),
        (S::Help, &[Code(Esc), Code(F(5)), ch('?')], C::Close, "close"),
        (S::Help, &[Other], C::PassOn, "close and act"),
        (S::Agenda, &[Code(Up), ch('k')], C::Up, "up"),
        (S::Agenda, &[Code(Down), ch('j')], C::Down, "down"),
        (S::Agenda, &[Code(Home)], C::First, "first"),
        (S::Agenda, &[Code(End)], C::Last, "last"),
        (S::Agenda, &[Code(Enter)], C::Go, "go"),
        (S::Agenda, &[Code(Esc), Code(F(5)), ch('g')], C::Close, "close"),
        (S::Agenda, &[Other], C::PassOn, "close and act"),
        (S::Roster, &[Code(Up), ch('k')], C::Up, "up"),
        (S::Roster, &[Code(Down), ch('j')], C::Down, "down"),
        (S::Roster, &[Code(Home)], C::First, "first"),
        (S::Roster, &[Code(End)], C::Last, "last"),
        (S::Roster, &[ch(' '), ch('x')], C::ToggleHere, "absent / here"),
        (S::Roster, &[ch('n'), ch('+')], C::AddPerson, "add someone"),
        (S::Roster, &[Code(Esc), Code(F(5)), ch('a')], C::Close, "close"),
        (S::Roster, &[Other], C::PassOn, "close and act"),
        (S::Typing, &[Code(Enter)], C::Submit, "done"),
        (S::Typing, CLOSE, C::Cancel, "cancel"),
        (S::Typing, &[Code(Backspace)], C::Erase, "erase"),
        (S::Typing, &[Text], C::Insert, "type"),
        (S::ConfirmQuit, &[ch('y'), ch('Y')], C::Yes, "quit"),
        (S::ConfirmQuit, &[Other], C::No, "stay"),
        (S::Away, &[ch('y'), ch('Y')], C::Yes, "count that time: the timer moves on by it"),
        (S::Away, &[Other], C::No, "carry on where the timer stopped"),
        (S::Report, &[Code(Esc), Code(F(5)), ch('t')], C::Close, "close"),
        (S::Report, &[Other], C::PassOn, "close and act"),
        (S::Links, &[Code(Esc), Code(F(5)), ch('u')], C::Close, "close"),
        (S::Links, &[Other], C::PassOn, "close and act"),
        (S::RoomCheck, &[Other], C::Close, "any key returns"),
        (S::Resume, &[Code(Right), Code(PageDown), Code(Enter)], C::Go, "choose"),
        (S::Resume, &[Code(Left), Code(PageUp)], C::Cycle, "next choice"),
        (S::Resume, &[Code(Up), ch('k')], C::Up, "up"),
        (S::Resume, &[Code(Down), ch('j')], C::Down, "down"),
        (S::Blank, &[Other], C::Unblank, "bring the screen back"),
    ]
};

/// The bindings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|&(scope, keys, command, help)| Binding { scope, keys: keys.to_vec(), command, help })
            .collect();
        Self { bindings }
    }
}

/// The names a config file gives the session's commands, to bind them to other keys.
pub const NAMES: [(&str, Command); 18] = [
    ("next", Command::Flow(Action::Next)),
    ("previous", Command::Flow(Action::Previous)),
    ("pause", Command::Flow(Action::TogglePause)),
    ("add-minute", Command::Flow(Action::AddMinute)),
    ("take-minute", Command::Flow(Action::TakeMinute)),
    ("restart", Command::Flow(Action::Restart)),
    ("blank", Command::BlankBlack),
    ("blank-white", Command::BlankWhite),
    ("view", Command::ToggleView),
    ("theme", Command::CycleTheme),
    ("message", Command::Message),
    ("agenda", Command::Agenda),
    ("roster", Command::Roster),
    ("timings", Command::Report),
    ("reload", Command::Reload),
    ("help", Command::Help),
    ("quit", Command::Quit),
    ("close", Command::Close),
];

/// Why keys could not be bound as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rebind {
    /// No command of that name.
    #[error("no command called `{0}`{hint}; the commands are {all}", hint = did_you_mean_hint(.0), all = NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))]
    Unknown(String),
    /// One key for two commands.
    #[error("{key} would do two things: {first} and {second}")]
    Clash {
        /// The key.
        key: String,
        /// What it already does.
        first: String,
        /// What it was also bound to.
        second: String,
    },
    /// A command left without any key.
    #[error("`{0}` has no key left")]
    Empty(String),
}

fn did_you_mean_hint(name: &str) -> String {
    let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    crate::session::diagnostic::did_you_mean(name, &names).map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
}

impl Keymap {
    /// Binds the session's command `name` to `keys` instead of its own. Several commands can
    /// trade keys this way (`next` takes Space from `pause`, which takes `p`); [`Keymap::clashes`]
    /// checks the result once they all are bound.
    pub fn rebind(&mut self, name: &str, keys: Vec<Key>) -> Result<(), Rebind> {
        let command =
            NAMES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c).ok_or_else(|| Rebind::Unknown(name.to_owned()))?;
        if keys.is_empty() {
            return Err(Rebind::Empty(name.to_owned()));
        }
        if let Some(binding) = self.bindings.iter_mut().find(|b| b.scope == Scope::Normal && b.command == command) {
            binding.keys = keys;
        }
        Ok(())
    }

    /// The first key of the session's own that two of its commands share (a number key bound to
    /// a command takes it from the session's messages too).
    pub fn clashes(&self) -> Result<(), Rebind> {
        let session: Vec<&Binding> = self.help().collect();
        for (i, a) in session.iter().enumerate() {
            for b in &session[i + 1..] {
                if let Some(key) = a.keys.iter().find(|k| b.keys.iter().any(|other| k.overlaps(*other))) {
                    return Err(Rebind::Clash {
                        key: key.to_string(),
                        first: a.help.to_owned(),
                        second: b.help.to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The command `event` asks for in `scope`: bindings for every scope first, then the
    /// scope's own exact keys, then its catch-alls (typed text, any other key). Key releases,
    /// and keys held with Alt or Super, ask for nothing; Shift is ignored on characters (`+`
    /// often arrives with Shift).
    pub fn command(&self, scope: Scope, event: KeyEvent) -> Option<Command> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => Key::Ctrl(c.to_ascii_lowercase()),
            _ if event.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::SUPER) => return None,
            code => Key::Code(code),
        };
        let typed = matches!(key, Key::Code(KeyCode::Char(c)) if !c.is_control());
        let digit = matches!(key, Key::Code(KeyCode::Char('1'..='9')));
        let find = |scope: Scope, wanted: &dyn Fn(&Key) -> bool| {
            self.bindings.iter().find(|b| b.scope == scope && b.keys.iter().any(wanted)).map(|b| b.command)
        };
        find(Scope::Everywhere, &|k| *k == key)
            .or_else(|| find(scope, &|k| *k == key))
            .or_else(|| if digit { find(scope, &|k| *k == Key::Digit) } else { None })
            .or_else(|| if typed { find(scope, &|k| *k == Key::Text) } else { None })
            .or_else(|| find(scope, &|k| *k == Key::Other))
    }

    /// The bindings of `scope`, in table order.
    pub fn of(&self, scope: Scope) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.scope == scope)
    }

    /// What help lists: the session's keys and those that work everywhere.
    pub fn help(&self) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(|b| matches!(b.scope, Scope::Normal | Scope::Everywhere))
    }

    /// One line naming the keys of `scope`, for the hint an overlay shows: `↑ k up · ↓ j down`.
    /// Typing text needs no hint.
    pub fn hint(&self, scope: Scope) -> String {
        self.of(scope)
            .filter(|b| b.keys != [Key::Text])
            .map(|b| format!("{} {}", b.label(), b.help))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The README's table of keys while running, in Markdown.
    pub fn markdown(&self) -> String {
        let rows = self.help().map(|b| {
            let keys: Vec<String> = b.keys.iter().map(Key::markdown).collect();
            format!("| {} | {} |\n", keys.join(" "), b.help)
        });
        std::iter::once("| keys | action |\n|---|---|\n".to_owned()).chain(rows).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(scope: Scope, code: KeyCode, modifiers: KeyModifiers) -> Option<Command> {
        Keymap::default().command(scope, KeyEvent::new(code, modifiers))
    }

    #[test]
    fn clicker_keys_navigate() {
        let none = KeyModifiers::NONE;
        assert_eq!(press(Scope::Normal, KeyCode::PageDown, none), Some(Command::Flow(Action::Next)));
        assert_eq!(press(Scope::Normal, KeyCode::PageUp, none), Some(Command::Flow(Action::Previous)));
        assert_eq!(press(Scope::Normal, KeyCode::Char('.'), none), Some(Command::BlankBlack));
        assert_eq!(press(Scope::Normal, KeyCode::F(5), none), Some(Command::Close));
        assert_eq!(press(Scope::Normal, KeyCode::Esc, none), Some(Command::Close));
        assert_eq!(press(Scope::Help, KeyCode::PageDown, none), Some(Command::PassOn));
        assert_eq!(press(Scope::Blank, KeyCode::PageDown, none), Some(Command::Unblank));
    }

    #[test]
    fn control_shift_and_catch_alls() {
        assert_eq!(press(Scope::Normal, KeyCode::Char('c'), KeyModifiers::CONTROL), Some(Command::ForceQuit));
        assert_eq!(press(Scope::Blank, KeyCode::Char('c'), KeyModifiers::CONTROL), Some(Command::ForceQuit));
        assert_eq!(press(Scope::Normal, KeyCode::Char('r'), KeyModifiers::CONTROL), Some(Command::Reload));
        assert_eq!(press(Scope::Normal, KeyCode::Char('r'), KeyModifiers::NONE), Some(Command::Flow(Action::Restart)));
        assert_eq!(
            press(Scope::Normal, KeyCode::Char('+'), KeyModifiers::SHIFT),
            Some(Command::Flow(Action::AddMinute))
        );
        assert_eq!(press(Scope::Normal, KeyCode::Char('x'), KeyModifiers::NONE), None);
        assert_eq!(press(Scope::Typing, KeyCode::Char('x'), KeyModifiers::SHIFT), Some(Command::Insert));
        assert_eq!(press(Scope::Typing, KeyCode::Right, KeyModifiers::NONE), None);
        assert_eq!(press(Scope::ConfirmQuit, KeyCode::Char('Y'), KeyModifiers::SHIFT), Some(Command::Yes));
        assert_eq!(press(Scope::ConfirmQuit, KeyCode::Right, KeyModifiers::NONE), Some(Command::No));
        assert_eq!(press(Scope::Normal, KeyCode::Char('n'), KeyModifiers::ALT), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        let keymap = Keymap::default();
        for b in &keymap.bindings {
            for other in keymap.bindings.iter().filter(|o| *o != b) {
                let shared = other.scope == b.scope || other.scope == Scope::Everywhere;
                let clash = b.keys.iter().find(|k| other.keys.contains(k));
                assert!(!shared || clash.is_none(), "{clash:?} is bound to {:?} and {:?}", b.command, other.command);
            }
        }
    }
}
