//! What the windows of one session say to each other over the socket: one JSON object a line.
//! The leader sends a greeting, the room's whole state on every change (never on ticks: each
//! window counts time on its own clock), the session's text when it was reloaded, and a last word
//! when it ends; a follower sends the version it speaks, then the changes its keys ask for.
//!
//! Everything read is checked: a line longer than its cap, a line that is not one of these
//! messages, or another version ends the connection with a reason, never a panic.

use std::io::{self, BufRead, Write};

use chrono::{DateTime, Local, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::flow::Action;
use crate::model::{Change, Shade, Shared, View};
use crate::rehearsal::RunKind;

/// The version of these messages. A follower of another version is refused in one line.
pub const VERSION: u32 = 1;

/// The longest line a follower reads: a thousand people's pairing history fits well under this.
pub const MAX_UPDATE: usize = 16 * 1024 * 1024;

/// The longest line the leader reads from a follower: a change is a few dozen bytes (a late
/// arrival's name at most a few hundred).
pub const MAX_REQUEST: usize = 64 * 1024;

/// From the leader to a follower. Tagged by an outer key (`{"state": {...}}`) rather than a
/// field inside: serde reads an inner tag by buffering the whole message, and in that buffer the
/// number keys of the pairing history no longer read as numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Update {
    /// The first line: what is running.
    Hello(Box<Hello>),
    /// The room's whole state.
    State(Box<Shared>),
    /// The session file was reloaded: its new text (a state follows).
    Source {
        /// The session file's text.
        text: String,
    },
    /// The leader ended the session.
    Ended,
    /// The follower is not served, and why.
    Refused {
        /// In a few words.
        why: String,
    },
}

/// What a leader says of itself when a follower arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// The version of these messages the leader speaks (first, so that any version can read it).
    pub version: u32,
    /// About the run.
    #[serde(flatten)]
    pub about: About,
    /// The session file's text, which the follower loads as the leader did.
    pub source: String,
}

/// A running session as `follow` lists it and a follower needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct About {
    /// The session's title.
    pub title: String,
    /// The session file as the leader was given it, or the bundled session's name.
    pub name: String,
    /// When the run started.
    pub started: DateTime<Local>,
    /// The leader's process.
    pub pid: u32,
    /// A run or a rehearsal.
    pub kind: RunKind,
    /// How many times faster than real time its timers run (`rehearse --speed`).
    pub speed: u32,
    /// The view the leader started in (a follower starts in the other).
    pub view: View,
    /// The planned start time for the schedule, if one was given.
    pub start: Option<NaiveTime>,
}

/// From a follower to the leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// The first line: the version the follower speaks.
    Join {
        /// Its version of these messages.
        version: u32,
    },
    /// A change the follower's keys asked for.
    Do(Command),
}

/// The changes a follower may ask for: what a key can do to the session, nothing more (a
/// follower cannot make time pass or count time away; that is the leader's clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Command {
    /// Next screen.
    Next,
    /// Previous screen.
    Previous,
    /// Pause or resume.
    TogglePause,
    /// One more minute.
    AddMinute,
    /// One minute less.
    TakeMinute,
    /// The timer from the start.
    Restart,
    /// To the start of a step.
    JumpTo {
        /// Its index.
        step: usize,
    },
    /// Blank the projector.
    Blank {
        /// Black or white.
        shade: Shade,
    },
    /// Bring it back.
    Unblank,
    /// Mark a roster member here or absent.
    SetPresent {
        /// Index in the roster.
        person: usize,
        /// Here or not.
        here: bool,
    },
    /// A late arrival.
    AddPerson {
        /// As typed.
        name: String,
    },
    /// Read the session file again.
    Reload,
    /// Put a message on the room's screen, or take it down.
    Message {
        /// The message; none to take it down.
        text: Option<String>,
    },
}

impl Command {
    /// The command for `change`, if a follower may ask for it.
    pub fn from_change(change: &Change) -> Option<Self> {
        Some(match change {
            Change::Flow(action) => match action {
                Action::Next => Command::Next,
                Action::Previous => Command::Previous,
                Action::TogglePause => Command::TogglePause,
                Action::AddMinute => Command::AddMinute,
                Action::TakeMinute => Command::TakeMinute,
                Action::Restart => Command::Restart,
                Action::JumpTo(step) => Command::JumpTo { step: *step },
                Action::Elapse(_) | Action::GiveBack(_) | Action::Tick => return None,
            },
            Change::Blank(shade) => Command::Blank { shade: *shade },
            Change::Unblank => Command::Unblank,
            Change::SetPresent { person, here } => Command::SetPresent { person: *person, here: *here },
            Change::AddPerson(name) => Command::AddPerson { name: name.clone() },
            Change::Reload => Command::Reload,
            Change::Message(text) => Command::Message { text: text.clone() },
        })
    }

    /// The change it asks for.
    pub fn change(self) -> Change {
        match self {
            Command::Next => Change::Flow(Action::Next),
            Command::Previous => Change::Flow(Action::Previous),
            Command::TogglePause => Change::Flow(Action::TogglePause),
            Command::AddMinute => Change::Flow(Action::AddMinute),
            Command::TakeMinute => Change::Flow(Action::TakeMinute),
            Command::Restart => Change::Flow(Action::Restart),
            Command::JumpTo { step } => Change::Flow(Action::JumpTo(step)),
            Command::Blank { shade } => Change::Blank(shade),
            Command::Unblank => Change::Unblank,
            Command::SetPresent { person, here } => Change::SetPresent { person, here },
            Command::AddPerson { name } => Change::AddPerson(name),
            Command::Reload => Change::Reload,
            Command::Message { text } => Change::Message(text),
        }
    }
}

/// Why a line could not be read as a message.
#[derive(Debug, thiserror::Error)]
pub enum Garbled {
    /// The connection failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// A line longer than the cap.
    #[error("a message longer than {0} bytes")]
    TooLong(usize),
    /// Nothing came before the connection's deadline.
    #[error("it said nothing in time")]
    Silent,
    /// Not a message of this version.
    #[error("not a message holdspace understands ({0})")]
    Unknown(String),
    /// The other side speaks another version.
    #[error("the other side speaks version {theirs} of the messages between windows, this holdspace speaks {VERSION}")]
    Version {
        /// Theirs.
        theirs: u64,
    },
}

/// The message encoded as one line.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    // Serializing these types cannot fail: they hold no maps with non-string keys.
    let mut line = serde_json::to_vec(message).unwrap_or_default();
    line.push(b'\n');
    line
}

/// Writes `message` as one line.
pub fn send<T: Serialize>(to: &mut impl Write, message: &T) -> io::Result<()> {
    to.write_all(&encode(message))?;
    to.flush()
}

/// Reads the next line, at most `cap` bytes; `None` at the end of the stream.
pub fn read_line(from: &mut impl BufRead, cap: usize) -> Result<Option<Vec<u8>>, Garbled> {
    let mut line = Vec::new();
    let read = io::Read::take(&mut *from, cap as u64 + 1).read_until(b'\n', &mut line).map_err(|e| {
        if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) {
            Garbled::Silent
        } else {
            Garbled::Io(e)
        }
    })?;
    if read == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        // Cut at the cap, or a last line without its end: neither is a message.
        return if line.len() > cap { Err(Garbled::TooLong(cap)) } else { Ok(None) };
    }
    line.pop();
    Ok(Some(line))
}

/// Reads the next message, at most `cap` bytes; `None` at the end of the stream.
pub fn receive<T: for<'de> Deserialize<'de>>(from: &mut impl BufRead, cap: usize) -> Result<Option<T>, Garbled> {
    let Some(line) = read_line(from, cap)? else { return Ok(None) };
    decode(&line).map(Some)
}

/// A message from one line.
pub fn decode<T: for<'de> Deserialize<'de>>(line: &[u8]) -> Result<T, Garbled> {
    serde_json::from_slice(line).map_err(|e| Garbled::Unknown(e.to_string()))
}

/// Checks the version in a first line (a greeting, `{"hello": {"version": 1, ...}}`, or a
/// join) before reading the rest of it, so that a change of layout in another version is
/// reported as a version, not as garbage.
pub fn check_version(line: &[u8]) -> Result<(), Garbled> {
    let value: serde_json::Value = serde_json::from_slice(line).map_err(|e| Garbled::Unknown(e.to_string()))?;
    let inner = value.as_object().and_then(|o| o.values().next()).and_then(serde_json::Value::as_object);
    let theirs = inner.and_then(|o| o.get("version")).and_then(serde_json::Value::as_u64);
    match theirs {
        Some(v) if v == u64::from(VERSION) => Ok(()),
        Some(theirs) => Err(Garbled::Version { theirs }),
        None => Err(Garbled::Unknown("no version".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_a_key_can_make_goes_over_and_comes_back_the_same() {
        let changes = [
            Change::Flow(Action::Next),
            Change::Flow(Action::Previous),
            Change::Flow(Action::TogglePause),
            Change::Flow(Action::AddMinute),
            Change::Flow(Action::TakeMinute),
            Change::Flow(Action::Restart),
            Change::Flow(Action::JumpTo(3)),
            Change::Blank(Shade::White),
            Change::Unblank,
            Change::SetPresent { person: 4, here: false },
            Change::AddPerson("Zoë".into()),
            Change::Reload,
            Change::Message(Some("Back at 10:45".into())),
            Change::Message(None),
        ];
        for change in changes {
            let command = Command::from_change(&change).expect("a key's change can be asked for");
            let line = encode(&Request::Do(command));
            let back: Request = decode(&line[..line.len() - 1]).expect("reads back");
            let Request::Do(command) = back else { panic!("{back:?}") };
            assert_eq!(command.change(), change);
        }
        for clock in [Action::Tick, Action::Elapse(std::time::Duration::from_secs(9))] {
            assert_eq!(Command::from_change(&Change::Flow(clock)), None, "{clock:?} is the leader's own");
        }
    }

    #[test]
    fn lines_over_the_cap_garbage_and_other_versions_are_refused() {
        let mut long = io::Cursor::new(vec![b'x'; 100]);
        assert!(matches!(read_line(&mut long, 10), Err(Garbled::TooLong(10))));
        let mut two = io::Cursor::new(b"{\"join\":{\"version\":1}}\nrest".to_vec());
        let first: Option<Request> = receive(&mut two, 100).expect("a message");
        assert_eq!(first, Some(Request::Join { version: 1 }));
        assert!(read_line(&mut two, 100).expect("no error").is_none(), "a last line without its end is no message");
        assert!(matches!(decode::<Request>(b"\xff\xfe"), Err(Garbled::Unknown(_))));
        assert!(matches!(decode::<Request>(b"{\"do\":{\"command\":\"tick\"}}"), Err(Garbled::Unknown(_))));
        assert!(matches!(
            check_version(b"{\"hello\":{\"version\":2,\"new\":[]}}"),
            Err(Garbled::Version { theirs: 2 })
        ));
        assert!(check_version(b"{\"join\":{\"version\":1}}").is_ok());
        assert!(matches!(check_version(b"[1,2]"), Err(Garbled::Unknown(_))));
    }
}
