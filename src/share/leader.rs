//! The leading window's side: a socket in the runtime folder that following windows connect to.
//!
//! One thread waits in `accept` (a blocked thread costs no wake-ups, so a run that nobody follows
//! costs nothing). Each follower gets a thread that reads its lines (the version first, then the
//! changes its keys ask for, handed to the loop as inputs) and a thread that writes what the loop
//! publishes, from a short queue: a follower that stops reading fills its queue and is dropped,
//! and never slows the leader. It may come back and gets the whole state again. Connections are
//! counted: past [`READING`] of them a new one is refused at once, and each has one deadline for
//! its whole greeting, so a program that opens connections and trickles into them can neither
//! take the leader's threads and file descriptors nor keep them.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use super::protocol::{self, Garbled, Hello, MAX_REQUEST, Request, Update};
use super::runtime::Runtime;
use super::{Arrival, Event};
use crate::app::Input;
use crate::app::log;
use crate::paths::Paths;

/// Messages waiting for one follower: a state is published on changes, not ticks, so a
/// follower that reads at all never has more than a few waiting.
const QUEUE: usize = 32;

/// The most windows that may follow one session at once.
const MOST: usize = 64;

/// How long a new connection may take to say its version, all of it.
const GREETING: Duration = Duration::from_secs(5);

/// The most connections read at once: the followers, and as many again still greeting.
const READING: usize = 2 * MOST;

/// How long accepting waits after it failed (out of file descriptors, say) before it tries again,
/// rather than failing again at once for as long as the cause lasts.
const AFTER_FAILING: Duration = Duration::from_millis(100);

/// How long the leader waits, when it ends the session, for its last word to reach followers.
const FAREWELL: Duration = Duration::from_millis(500);

/// Everything opening a leader's socket takes, kept until the first frame is out (see
/// [`Hub::refresh`](super::Hub::refresh)): making the socket and writing what `follow` lists is
/// work on the file system, and none of it may delay what the room sees first.
#[derive(Debug)]
pub struct Opening {
    /// Where the runtime folder is.
    pub paths: Paths,
    /// The session's key (see [`Runtime::socket`]).
    pub key: String,
    /// What a follower is told on arrival.
    pub hello: Hello,
    /// Where arrivals and requests go.
    pub inputs: Sender<Input>,
}

impl Opening {
    /// Opens the socket. A run that cannot lead goes on alone: why is logged, and told to the
    /// loop to show the facilitator (`follow` would otherwise say that nothing runs, while a
    /// second `run` says that this one does).
    pub fn open(self) -> Option<Leader> {
        let Self { paths, key, hello, inputs } = self;
        let tell = inputs.clone();
        match Runtime::open(&paths).and_then(|runtime| Leader::open(&runtime, &key, hello, inputs)) {
            Ok(leader) => Some(leader),
            Err(e) => {
                let why = format!("no other window can follow this run: {e}");
                log::write(&why);
                let _ = tell.send(Input::Share(Event::Alone(why)));
                None
            }
        }
    }
}

/// A follower as the leader keeps it.
#[derive(Debug)]
struct Follower {
    queue: SyncSender<Arc<[u8]>>,
    /// To end both of its threads at once when it is dropped.
    stream: UnixStream,
    /// Says when its writer has sent everything queued (or given up).
    written: Receiver<()>,
}

/// The socket and the followers of a running session.
#[derive(Debug)]
pub struct Leader {
    socket: PathBuf,
    about_path: PathBuf,
    hello: Hello,
    followers: BTreeMap<u64, Follower>,
}

impl Leader {
    /// Opens the socket of the session with key `key` in `runtime` and starts waiting for
    /// followers, whose arrivals and requests go to `inputs`. A socket left by a run that is gone
    /// is replaced; one that answers belongs to a run still going, and is an error.
    pub fn open(runtime: &Runtime, key: &str, hello: Hello, inputs: Sender<Input>) -> io::Result<Self> {
        let socket = runtime.socket(key)?;
        let listener = match UnixListener::bind(&socket) {
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
                if UnixStream::connect(&socket).is_ok() {
                    return Err(io::Error::new(io::ErrorKind::AddrInUse, "another run of this session leads already"));
                }
                fs::remove_file(&socket)?;
                UnixListener::bind(&socket)?
            }
            other => other?,
        };
        fs::set_permissions(&socket, fs::Permissions::from_mode(0o600))?;
        // Written whole under another name, then renamed: `follow` never reads half of it. Not
        // flushed to disk: it lives as long as the run, in a folder that is usually in memory.
        let about_path = runtime.about(key);
        let partial = runtime.folder().join(format!(".{key}.json.tmp"));
        fs::write(&partial, serde_json::to_vec_pretty(&hello.about).unwrap_or_default())?;
        fs::set_permissions(&partial, fs::Permissions::from_mode(0o600))?;
        fs::rename(&partial, &about_path)?;
        std::thread::Builder::new().name("followers".into()).spawn(move || accept(&listener, &inputs))?;
        Ok(Self { socket, about_path, hello, followers: BTreeMap::new() })
    }

    /// Whether anyone follows: without followers nothing is published.
    pub fn is_followed(&self) -> bool {
        !self.followers.is_empty()
    }

    /// How many windows follow.
    pub fn followers(&self) -> usize {
        self.followers.len()
    }

    /// Takes in what happened on the socket: a follower arrived (it gets the greeting and
    /// `state`), asked for a change (returned, for the loop to carry out), or left.
    pub fn take(&mut self, event: Event, state: impl FnOnce() -> Update) -> Option<protocol::Command> {
        match event {
            Event::Arrived(arrival) => {
                self.welcome(arrival, &state());
                None
            }
            Event::Asked(command) => Some(command),
            Event::Left(id) => {
                self.followers.remove(&id);
                None
            }
            Event::Update(_) | Event::Lost | Event::Back(_) | Event::Watching | Event::Alone(_) => None,
        }
    }

    fn welcome(&mut self, arrival: Arrival, state: &Update) {
        let Arrival { id, stream } = arrival;
        if self.followers.len() >= MOST {
            let refusal = Update::Refused { why: format!("{MOST} windows follow this session already") };
            let _ = protocol::send(&mut &stream, &refusal);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        let Ok(writer) = stream.try_clone() else { return };
        let (queue, waiting) = mpsc::sync_channel::<Arc<[u8]>>(QUEUE);
        let (done, written) = mpsc::channel();
        let spawned = std::thread::Builder::new().name("follower-out".into()).spawn(move || {
            write_out(writer, &waiting);
            let _ = done.send(());
        });
        if spawned.is_err() {
            return;
        }
        let follower = Follower { queue, stream, written };
        let greeting = protocol::encode(&Update::Hello(Box::new(self.hello.clone())));
        for line in [greeting, protocol::encode(state)] {
            let _ = follower.queue.try_send(line.into());
        }
        self.followers.insert(id, follower);
    }

    /// Sends `update` to every follower; one whose queue is full has stopped reading, and is
    /// dropped.
    pub fn publish(&mut self, update: &Update) {
        let line: Arc<[u8]> = protocol::encode(update).into();
        self.followers.retain(|id, follower| match follower.queue.try_send(Arc::clone(&line)) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                log::write(&format!("follower {id} stopped reading; dropped (it may come back)"));
                let _ = follower.stream.shutdown(std::net::Shutdown::Both);
                false
            }
            Err(TrySendError::Disconnected(_)) => false,
        });
    }

    /// The session file was read again: followers get its new text (a state follows), and so
    /// will every follower from now on.
    pub fn reloaded(&mut self, text: &str) {
        text.clone_into(&mut self.hello.source);
        self.publish(&Update::Source { text: text.to_owned() });
    }

    /// Ends the session for every follower: they get the last word (waiting a moment for it to
    /// reach them), and the socket goes.
    pub fn end(mut self) {
        self.publish(&Update::Ended);
        let followers = std::mem::take(&mut self.followers);
        let deadline = std::time::Instant::now() + FAREWELL;
        for (_, follower) in followers {
            let Follower { queue, stream, written } = follower;
            drop(queue);
            let _ = written.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()));
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

impl Drop for Leader {
    fn drop(&mut self) {
        for follower in self.followers.values() {
            let _ = follower.stream.shutdown(std::net::Shutdown::Both);
        }
        let _ = fs::remove_file(&self.socket);
        let _ = fs::remove_file(&self.about_path);
    }
}

/// Waits for followers for as long as the run lasts.
fn accept(listener: &UnixListener, inputs: &Sender<Input>) {
    let reading = Arc::new(AtomicUsize::new(0));
    for (id, stream) in (0u64..).zip(listener.incoming()) {
        let Ok(stream) = stream else {
            std::thread::sleep(AFTER_FAILING);
            continue;
        };
        if reading.load(Ordering::SeqCst) >= READING {
            // Not logged: a flood of connections would flood the log too.
            let why = "too many windows are joining this session at once";
            let _ = protocol::send(&mut &stream, &Update::Refused { why: why.to_owned() });
            continue;
        }
        let (inputs, counted) = (inputs.clone(), Counted::new(&reading));
        let spawned = std::thread::Builder::new().name("follower-in".into()).spawn(move || {
            read_in(id, &stream, &inputs);
            drop(counted);
        });
        if spawned.is_err() {
            log::write("could not start a thread for a follower");
        }
    }
}

/// One connection being read, counted for as long as it lives.
struct Counted(Arc<AtomicUsize>);

impl Counted {
    fn new(count: &Arc<AtomicUsize>) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(count))
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A connection read with one deadline for everything up to `until` (the greeting), then with
/// none: each read waits only for what is left of the time.
struct Deadline {
    stream: UnixStream,
    until: Option<Instant>,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(until) = self.until {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            self.stream.set_read_timeout(Some(left))?;
        }
        self.stream.read(buf)
    }
}

/// Reads one follower: its version, then its requests, until it leaves or says something that
/// is not a request (which is logged, and ends it).
fn read_in(id: u64, stream: &UnixStream, inputs: &Sender<Input>) {
    let Ok(reading) = stream.try_clone() else { return };
    let mut reader = BufReader::new(Deadline { stream: reading, until: Some(Instant::now() + GREETING) });
    let joined = protocol::read_line(&mut reader, MAX_REQUEST).and_then(|line| match line {
        Some(line) => protocol::check_version(&line).and_then(|()| protocol::decode::<Request>(&line)),
        None => Err(Garbled::Io(io::ErrorKind::UnexpectedEof.into())),
    });
    match joined {
        Ok(Request::Join { .. }) => {}
        // Someone looked and left (`follow` listing the sessions): nothing to say.
        Err(Garbled::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof => return,
        Ok(other) => return refuse(stream, &format!("a greeting was expected, not {other:?}")),
        Err(why) => return refuse(stream, &why.to_string()),
    }
    reader.get_mut().until = None;
    let _ = stream.set_read_timeout(None);
    let Ok(served) = stream.try_clone() else { return };
    if inputs.send(Input::Share(Event::Arrived(Arrival { id, stream: served }))).is_err() {
        return;
    }
    loop {
        match protocol::receive::<Request>(&mut reader, MAX_REQUEST) {
            Ok(Some(Request::Do(command))) => {
                if inputs.send(Input::Share(Event::Asked(command))).is_err() {
                    break;
                }
            }
            Ok(Some(Request::Join { .. })) => {}
            Ok(None) => break,
            Err(why) => {
                refuse(stream, &why.to_string());
                break;
            }
        }
    }
    let _ = inputs.send(Input::Share(Event::Left(id)));
}

/// Tells a connection why it is not served, logs it, and closes it.
fn refuse(stream: &UnixStream, why: &str) {
    log::write(&format!("a window that wanted to follow was refused: {why}"));
    let _ = protocol::send(&mut &*stream, &Update::Refused { why: why.to_owned() });
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Writes what is queued for one follower until the queue closes or the follower is gone.
fn write_out(mut stream: UnixStream, waiting: &Receiver<Arc<[u8]>>) {
    for line in waiting {
        if stream.write_all(&line).and_then(|()| stream.flush()).is_err() {
            break;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
}
