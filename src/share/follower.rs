//! The following window's side: it joins the leader's socket, takes in the greeting and then the
//! room's state on every change, and sends the changes its keys ask for. When the leader is gone
//! without ending the session (a crash, `kill -9`), the follower watches the runtime folder and
//! joins again as soon as a resumed run opens the socket: no polling, no wake-ups meanwhile.

use std::io::{self, BufReader};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::Event;
use super::protocol::{self, About, Command, Garbled, Hello, MAX_UPDATE, Request, Update};
use super::runtime::check_socket;
use crate::app::Input;

/// How long the leader may take to greet a follower.
const GREETING: Duration = Duration::from_secs(5);

/// How long a change may take to reach the leader before the follower gives up on it.
const SENDING: Duration = Duration::from_secs(1);

/// A connection that lasted longer than this may be made again at once when it drops.
const SETTLED: Duration = Duration::from_secs(1);

/// A connection to the leader, greeted.
#[derive(Debug)]
pub struct Joined {
    /// Where the follower writes.
    pub stream: UnixStream,
    /// Where it reads, past the greeting.
    pub reader: BufReader<UnixStream>,
    /// The greeting.
    pub hello: Hello,
}

/// Why a follower could not join.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The socket could not be reached or is not safe to follow.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The leader said something a follower cannot read, or another version.
    #[error("{0}")]
    Garbled(#[from] Garbled),
    /// The leader said no.
    #[error("the running session refused: {0}")]
    Said(String),
}

/// Joins the socket at `socket` (in the runtime folder `folder`) and reads the greeting; through
/// `connection` when one was made to it already, else through a new one.
pub fn join(socket: &Path, folder: &Path, connection: Option<UnixStream>) -> Result<Joined, Refused> {
    check_socket(socket, folder)?;
    let mut stream = match connection {
        Some(connection) => connection,
        None => UnixStream::connect(socket)?,
    };
    stream.set_write_timeout(Some(SENDING))?;
    protocol::send(&mut stream, &Request::Join { version: protocol::VERSION })?;
    let mut reader = BufReader::new(stream.try_clone()?);
    stream.set_read_timeout(Some(GREETING))?;
    let line = protocol::read_line(&mut reader, MAX_UPDATE)?
        .ok_or_else(|| Refused::Said("it closed the connection without a word".into()))?;
    protocol::check_version(&line).map_err(|e| match protocol::decode::<Update>(&line) {
        Ok(Update::Refused { why }) => Refused::Said(why),
        _ => Refused::Garbled(e),
    })?;
    // The deadline stays on until the first state has come too, which the leader sends right
    // after its greeting (see `listen`, and `follow`'s first frame).
    match protocol::decode::<Update>(&line)? {
        Update::Hello(hello) if !crate::limits::SPEED.contains(&hello.about.speed) => {
            Err(Refused::Garbled(Garbled::Unknown(format!("a run at {} times real time", hello.about.speed))))
        }
        Update::Hello(hello) => Ok(Joined { stream, reader, hello: *hello }),
        Update::Refused { why } => Err(Refused::Said(why)),
        other => Err(Refused::Said(format!("it began with {other:?} rather than a greeting"))),
    }
}

/// The follower's link to its leader.
#[derive(Debug)]
pub struct Link {
    stream: UnixStream,
    /// The run followed: a leader that is gone comes back as another run (another process, a
    /// later start).
    joined: About,
    /// When this window joined it: a leader that drops it again at once is not joined again
    /// until it comes back as another run.
    since: Instant,
    socket: PathBuf,
    folder: PathBuf,
    inputs: Sender<Input>,
    /// The session's text as the follower has it: a leader that comes back with the same text
    /// needs no reload.
    pub source: String,
    /// Held while waiting for the leader to come back.
    watcher: Option<RecommendedWatcher>,
    /// What the leader says, until its reader starts (see [`Link::listen`]).
    unread: Option<BufReader<UnixStream>>,
}

impl Link {
    /// The link of `joined`, which hands what the leader says to `inputs` once [`Link::listen`]
    /// starts its reader.
    pub fn start(joined: Joined, socket: PathBuf, folder: PathBuf, inputs: Sender<Input>) -> Self {
        let Joined { stream, reader, hello } = joined;
        Self {
            stream,
            joined: hello.about,
            since: Instant::now(),
            socket,
            folder,
            inputs,
            source: hello.source,
            watcher: None,
            unread: Some(reader),
        }
    }

    /// Starts reading the leader, if that is still to do: the loop asks once the first frame
    /// is out, so that the thread's start never delays it (what the leader says meanwhile waits
    /// in the socket).
    pub fn listen(&mut self) -> io::Result<()> {
        match self.unread.take() {
            Some(reader) => listen(reader, self.inputs.clone()),
            None => Ok(()),
        }
    }

    /// Asks the leader for a change. A leader that does not take it within a second is
    /// treated as gone (its reader will say so).
    pub fn send(&mut self, command: Command) {
        if let Err(e) = protocol::send(&mut self.stream, &Request::Do(command)) {
            crate::app::log::write(&format!("could not send a change to the leading window: {e}"));
        }
    }

    /// The connection is gone: the leader was killed, or it dropped this window for reading too
    /// slowly. Joins again at once if the leader still answers (with the whole state), and
    /// otherwise watches the folder for a resumed run's socket and joins it when it comes
    /// (telling `inputs` with [`Event::Back`]). A leader that dropped this window within a
    /// second of joining is only joined again as another run.
    pub fn wait_for_return(&mut self) -> io::Result<()> {
        let (socket, folder, inputs) = (self.socket.clone(), self.folder.clone(), self.inputs.clone());
        let old = self.joined.clone();
        // The socket appears, then the words about the run (once it listens): either may be
        // the moment to join.
        let stem = socket.file_stem().map(ToOwned::to_owned);
        let done = Arc::new(AtomicBool::new(false));
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            let ours = res.is_ok_and(|e| e.paths.iter().any(|p| p.file_stem().map(ToOwned::to_owned) == stem));
            if !ours || done.load(Ordering::SeqCst) {
                return;
            }
            if let Ok(joined) = join(&socket, &folder, None)
                && joined.hello.about != old
                && !done.swap(true, Ordering::SeqCst)
            {
                let _ = inputs.send(Input::Share(Event::Back(Box::new(joined))));
            }
        })
        .map_err(io::Error::other)?;
        watcher.watch(&self.folder, RecursiveMode::NonRecursive).map_err(io::Error::other)?;
        self.watcher = Some(watcher);
        // Still there, or back before the watch began.
        let settled = self.since.elapsed() > SETTLED;
        if let Ok(joined) = join(&self.socket, &self.folder, None)
            && (settled || joined.hello.about != self.joined)
        {
            let _ = self.inputs.send(Input::Share(Event::Back(Box::new(joined))));
        }
        Ok(())
    }

    /// Follows the leader that came back. Returns the session's text when it differs from the
    /// one followed so far.
    pub fn back(&mut self, joined: Joined) -> io::Result<Option<String>> {
        if self.watcher.take().is_none() {
            // Already back: a second arrival of the same news.
            return Ok(None);
        }
        let Joined { stream, reader, hello } = joined;
        listen(reader, self.inputs.clone())?;
        self.stream = stream;
        self.joined = hello.about;
        self.since = Instant::now();
        let changed = hello.source != self.source;
        self.source = hello.source;
        Ok(changed.then(|| self.source.clone()))
    }
}

/// Reads the leader on a thread of its own until it ends the session, refuses this window, or
/// is gone. Something unreadable is a refusal: joining again would only read it again.
fn listen(mut reader: BufReader<UnixStream>, inputs: Sender<Input>) -> io::Result<()> {
    std::thread::Builder::new().name("leader".into()).spawn(move || {
        let mut first = true;
        loop {
            let update = match protocol::receive::<Update>(&mut reader, MAX_UPDATE) {
                Ok(Some(update)) => update,
                Ok(None) | Err(Garbled::Io(_) | Garbled::Silent) => break,
                Err(e) => Update::Refused { why: format!("it said something this window cannot read ({e})") },
            };
            // The state that follows a greeting came: from now on a leader may be quiet for as
            // long as nothing changes.
            if std::mem::take(&mut first) && reader.get_ref().set_read_timeout(None).is_err() {
                break;
            }
            let last = matches!(update, Update::Ended | Update::Refused { .. });
            if inputs.send(Input::Share(Event::Update(update))).is_err() || last {
                return;
            }
        }
        let _ = inputs.send(Input::Share(Event::Lost));
    })?;
    Ok(())
}
