//! One session, several windows: the leading window (`run`, `rehearse`) publishes the room's
//! state on a local socket, and following windows (`follow`) show it and send what their keys
//! ask for. The loop sees all of it as inputs and effects: what arrives on the socket becomes an
//! [`Event`], which [`Hub::take`] turns into a message for the model; the model's `Publish` and
//! `Send` effects go out through [`Hub::publish`] and [`Hub::send`].
//!
//! Unix only: on other systems the socket is never opened and `follow` says it is not supported.

pub mod follower;
pub mod leader;
pub mod protocol;
pub mod runtime;

use std::os::unix::net::UnixStream;
use std::time::Instant;

use crate::model::{App, Change, Msg};
use follower::{Joined, Link};
use leader::Leader;
use protocol::{Command, Update};

/// Something that happened on the socket.
#[derive(Debug)]
pub enum Event {
    /// A window joined to follow (leading side).
    Arrived(Arrival),
    /// A follower asked for a change (leading side).
    Asked(Command),
    /// A follower left (leading side).
    Left(u64),
    /// The leader said something (following side).
    Update(Update),
    /// The leader is gone without ending the session (following side).
    Lost,
    /// The leader is back: a resumed run (following side).
    Back(Box<Joined>),
}

/// A window that joined, greeted and ready to be served.
#[derive(Debug)]
pub struct Arrival {
    /// Its number, for when it leaves.
    pub id: u64,
    /// Its connection.
    pub stream: UnixStream,
}

/// This window's place among the windows of its session.
#[derive(Debug, Default)]
pub enum Hub {
    /// No other window (a run whose socket could not be opened, a test).
    #[default]
    Alone,
    /// Leading: followers may join.
    Leading(Leader),
    /// Following a leader.
    Following(Link),
}

impl Hub {
    /// Turns what happened on the socket into a message for the model, if there is one. `app`
    /// at `now` is what a newly arrived follower is sent.
    pub fn take(&mut self, event: Event, app: &App, now: Instant) -> Option<Msg> {
        match (self, event) {
            (Hub::Leading(leader), event) => {
                let command = leader.take(event, || Update::State(Box::new(app.shared(now))))?;
                Some(Msg::Remote(command.change()))
            }
            (Hub::Following(_), Event::Update(update)) => match update {
                Update::State(shared) => Some(Msg::Shared(shared)),
                Update::Source { text } => Some(reloaded(&text, app)),
                Update::Ended => Some(Msg::Ended("the session ended in the leading window".into())),
                Update::Refused { why } => {
                    crate::app::log::write(&format!("the leading window stopped serving this one: {why}"));
                    Some(Msg::Ended(format!("the leading window stopped serving this one: {why}")))
                }
                Update::Hello(_) => None,
            },
            (Hub::Following(link), Event::Lost) => {
                if let Err(e) = link.wait_for_return() {
                    crate::app::log::write(&format!("cannot watch for the session's return: {e}"));
                }
                Some(Msg::Lost)
            }
            (Hub::Following(link), Event::Back(joined)) => match link.back(*joined) {
                Ok(Some(text)) => Some(reloaded(&text, app)),
                Ok(None) => None,
                Err(e) => {
                    crate::app::log::write(&format!("cannot follow the session again: {e}"));
                    None
                }
            },
            _ => None,
        }
    }

    /// Publishes the room's state to the followers, if there are any.
    pub fn publish(&mut self, app: &App, now: Instant) {
        if let Hub::Leading(leader) = self
            && leader.is_followed()
        {
            leader.publish(&Update::State(Box::new(app.shared(now))));
        }
    }

    /// Asks the leader for `change`.
    pub fn send(&mut self, change: &Change) {
        if let (Hub::Following(link), Some(command)) = (self, Command::from_change(change)) {
            link.send(command);
        }
    }

    /// The session file was read again with this text.
    pub fn reloaded(&mut self, text: &str) {
        if let Hub::Leading(leader) = self {
            leader.reloaded(text);
        }
    }

    /// The session ended on purpose: followers are told, and the socket goes.
    pub fn end(self) {
        if let Hub::Leading(leader) = self {
            leader.end();
        }
    }
}

/// The session's new text, loaded as the leader loaded it.
fn reloaded(text: &str, app: &App) -> Msg {
    let name = app.recorder.session_name().to_owned();
    Msg::Reloaded(crate::session::from_str(text, &name).map_err(|e| e.to_string()))
}
