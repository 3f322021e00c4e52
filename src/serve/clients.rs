//! The pages that watch the session: each one's stream of server-sent events, fed from a short
//! queue by the thread that took its connection. The loop only puts events in queues, never
//! writes to a socket: a page that stops reading fills its queue and is dropped, exactly as a
//! following window is, and never slows the terminal. It may come back and gets the whole state.

use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use std::io::Write;

use crate::app::log;

/// Events waiting for one page: states are sent on changes, not ticks, so a page that reads at
/// all never has more than one or two waiting.
const QUEUE: usize = 16;

/// How often a quiet stream says it is alive, so that a page notices a lost connection (a phone
/// off the Wi-Fi) and joins again, and a dead page's thread ends. Only pages that are connected
/// cost these wake-ups.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// One event of a stream, encoded.
pub type Frame = Arc<[u8]>;

/// A page watching the session.
#[derive(Debug)]
struct Client {
    id: u64,
    queue: SyncSender<Frame>,
    /// It holds the control token: it is sent the facilitator's screen.
    control: bool,
    /// It has not been sent a state yet.
    fresh: bool,
    /// To end its stream when it is dropped.
    stream: TcpStream,
}

/// The pages watching, shared by the connection threads and the loop.
#[derive(Debug, Default)]
pub struct Clients {
    list: Mutex<Vec<Client>>,
    next: Mutex<u64>,
}

/// What the loop sends each kind of page.
pub struct Frames {
    /// To pages with the view token.
    pub room: Frame,
    /// To pages with the control token.
    pub control: Frame,
}

impl Clients {
    fn list(&self) -> MutexGuard<'_, Vec<Client>> {
        // A thread that panicked holding the list left it whole: every change to it is one push
        // or one retain.
        self.list.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many pages watch.
    pub fn count(&self) -> usize {
        self.list().len()
    }

    /// Whether a page has not been sent a state yet.
    pub fn any_fresh(&self) -> bool {
        self.list().iter().any(|c| c.fresh)
    }

    /// Adds a page whose stream is `stream`; returns its number and where its events arrive.
    pub fn join(&self, stream: TcpStream, control: bool) -> (u64, Receiver<Frame>) {
        let (queue, events) = mpsc::sync_channel(QUEUE);
        let id = {
            let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
            *next += 1;
            *next
        };
        self.list().push(Client { id, queue, control, fresh: true, stream });
        (id, events)
    }

    /// Removes page `id` (its stream ended).
    pub fn leave(&self, id: u64) {
        self.list().retain(|c| c.id != id);
    }

    /// Sends every page its kind of frame: all of them when `all`, else only those not sent a
    /// state yet. A page whose queue is full has stopped reading, and is dropped.
    pub fn send(&self, frames: &Frames, all: bool) {
        self.list().retain_mut(|client| {
            if !(all || client.fresh) {
                return true;
            }
            let frame = if client.control { &frames.control } else { &frames.room };
            match client.queue.try_send(Arc::clone(frame)) {
                Ok(()) => {
                    client.fresh = false;
                    true
                }
                Err(TrySendError::Full(_)) => {
                    log::write(&format!("page {} stopped reading; dropped (it may come back)", client.id));
                    let _ = client.stream.shutdown(std::net::Shutdown::Both);
                    false
                }
                Err(TrySendError::Disconnected(_)) => false,
            }
        });
    }

    /// Ends every stream.
    pub fn end(&self) {
        for client in self.list().drain(..) {
            let _ = client.stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// Writes one page's events until its queue closes or the page is gone, saying it is alive
/// every [`HEARTBEAT`] in between.
pub fn stream(mut stream: TcpStream, events: &Receiver<Frame>) {
    loop {
        let written = match events.recv_timeout(HEARTBEAT) {
            Ok(frame) => stream.write_all(&frame),
            Err(RecvTimeoutError::Timeout) => stream.write_all(b"event: alive\ndata: \n\n"),
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if written.and_then(|()| stream.flush()).is_err() {
            break;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// A state as an event of the stream: `data` is one line of JSON.
pub fn frame(data: &str) -> Frame {
    format!("data: {data}\n\n").into_bytes().into()
}

/// The last event: the session ended.
pub fn ended() -> Frame {
    b"event: ended\ndata: \n\n".to_vec().into()
}
