//! One session, several windows: the leading window (`run`, `rehearse`) publishes the room's
//! state on a local socket, and following windows (`follow`) show it and send what their keys
//! ask for. The loop sees all of it as inputs and effects: what arrives on the socket becomes an
//! [`Event`], which [`Hub::take`] turns into a message for the model; the model's `Publish` and
//! `Send` effects go out through [`Hub::publish`] and [`Hub::send`]. Pages in a browser
//! (`--serve`, see `serve`) are followers too: their actions arrive as the same [`Event`], and
//! [`Hub::refresh`] sends them the room's state when it changed.
//!
//! Unix only: on other systems the socket is never opened and `follow` says it is not supported.

pub mod follower;
pub mod leader;
pub mod protocol;
pub mod runtime;

use std::os::unix::net::UnixStream;
use std::time::Instant;

use crate::model::{App, Change, Mode, Msg, Role};
use crate::serve::Server;
use follower::{Joined, Link};
use leader::{Leader, Opening};
use protocol::{Command, Update};

/// Something that happened on the socket.
#[derive(Debug)]
pub enum Event {
    /// A window joined to follow (leading side).
    Arrived(Arrival),
    /// A follower or a page asked for a change.
    Asked(Command),
    /// A page began to watch: it is sent the whole state.
    Watching,
    /// A follower left (leading side).
    Left(u64),
    /// The leader said something (following side).
    Update(Update),
    /// The leader is gone without ending the session (following side).
    Lost,
    /// The leader is back: a resumed run (following side).
    Back(Box<Joined>),
    /// The leader's socket could not be opened: the run goes on, and nothing can follow it
    /// (leading side). Why, to be said where the facilitator reads it.
    Alone(String),
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
pub enum Socket {
    /// No other window (a run whose socket could not be opened, a test).
    #[default]
    Alone,
    /// To lead once the first frame is out.
    Opening(Box<Opening>),
    /// Leading: followers may join.
    Leading(Leader),
    /// Following a leader.
    Following(Link),
}

/// Everything that shows this session besides this window: the other windows, and the pages
/// of `--serve` (none without it: no server, no thread).
#[derive(Debug, Default)]
pub struct Hub {
    /// The other windows.
    pub socket: Socket,
    /// The pages in browsers.
    pub web: Option<Server>,
}

impl From<Socket> for Hub {
    fn from(socket: Socket) -> Self {
        Self { socket, web: None }
    }
}

impl Hub {
    /// Turns what happened on the socket or in a page into a message for the model, if there is
    /// one. `app` at `now` is what a newly arrived follower or page is sent.
    pub fn take(&mut self, event: Event, app: &App, now: Instant) -> Option<Msg> {
        match (&mut self.socket, event) {
            (_, Event::Watching) => {
                self.refresh(app, now);
                None
            }
            (Socket::Following(link), Event::Asked(command)) => {
                // A page's press in a following window goes to the leader, as its keys do.
                if app.role == (Role::Follower { read_only: true }) {
                    crate::app::log::write("a page asked for a change in a window that only watches: refused");
                } else {
                    link.send(command);
                }
                None
            }
            (Socket::Alone, Event::Asked(command)) => Some(Msg::Remote(command.change())),
            (Socket::Leading(leader), event) => {
                let command = leader.take(event, || Update::State(Box::new(app.shared(now))))?;
                Some(Msg::Remote(command.change()))
            }
            (Socket::Following(_), Event::Update(update)) => match update {
                Update::State(shared) => Some(Msg::Shared(shared)),
                Update::Source { text } => Some(reloaded(&text, app)),
                Update::Ended => Some(Msg::Ended("the session ended in the leading window".into())),
                Update::Refused { why } => {
                    crate::app::log::write(&format!("the leading window stopped serving this one: {why}"));
                    Some(Msg::Ended(format!("the leading window stopped serving this one: {why}")))
                }
                Update::Hello(_) => None,
            },
            (Socket::Following(link), Event::Lost) => {
                if let Err(e) = link.wait_for_return() {
                    crate::app::log::write(&format!("cannot watch for the session's return: {e}"));
                }
                Some(Msg::Lost)
            }
            (Socket::Following(link), Event::Back(joined)) => match link.back(*joined) {
                Ok(Some(text)) => Some(reloaded(&text, app)),
                Ok(None) => None,
                Err(e) => {
                    crate::app::log::write(&format!("cannot follow the session again: {e}"));
                    None
                }
            },
            (_, Event::Alone(why)) => Some(Msg::Alone(why)),
            _ => None,
        }
    }

    /// Publishes the room's state to the followers, if there are any.
    pub fn publish(&mut self, app: &App, now: Instant) {
        if let Socket::Leading(leader) = &mut self.socket
            && leader.is_followed()
        {
            leader.publish(&Update::State(Box::new(app.shared(now))));
        }
    }

    /// Sends the pages the state of `app` at `now` when what they show changed (pages count the
    /// seconds themselves); nothing at all without `--serve` or while no page watches. The loop
    /// calls it after each frame is out; after the first, it opens the leader's socket or starts
    /// reading the leader.
    pub fn refresh(&mut self, app: &App, now: Instant) {
        // Nothing is shown elsewhere while the facilitator is asked how to take up an
        // interrupted run: followers and pages waiting for it would be shown its beginning, then
        // the place it is taken up at.
        if matches!(app.window.mode, Mode::Resume { .. }) {
            return;
        }
        match &mut self.socket {
            Socket::Opening(_) => {
                if let Socket::Opening(opening) = std::mem::take(&mut self.socket) {
                    self.socket = opening.open().map_or(Socket::Alone, Socket::Leading);
                }
            }
            Socket::Following(link) => {
                if let Err(e) = link.listen() {
                    crate::app::log::write(&format!("cannot read the leading window: {e}"));
                    self.socket = Socket::Alone;
                }
            }
            Socket::Alone | Socket::Leading(_) => {}
        }
        if let Some(web) = &mut self.web {
            web.refresh(app, now);
        }
    }

    /// Asks the leader for `change`.
    pub fn send(&mut self, change: &Change) {
        if let (Socket::Following(link), Some(command)) = (&mut self.socket, Command::from_change(change)) {
            link.send(command);
        }
    }

    /// The session file was read again with this text.
    pub fn reloaded(&mut self, text: &str) {
        if let Socket::Leading(leader) = &mut self.socket {
            leader.reloaded(text);
        }
    }

    /// The session ended on purpose: followers and pages are told, and the socket and the
    /// server go.
    pub fn end(self) {
        if let Some(web) = &self.web {
            web.end();
        }
        if let Socket::Leading(leader) = self.socket {
            leader.end();
        }
    }
}

/// The session's new text, loaded as the leader loaded it.
fn reloaded(text: &str, app: &App) -> Msg {
    let name = app.recorder.session_name().to_owned();
    Msg::Reloaded(crate::session::from_str(text, &name).map_err(|e| e.to_string()))
}
