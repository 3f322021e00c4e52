//! Every source of input, merged into one channel the loop waits on: the terminal's keys (read
//! on a thread of their own), saves of the session file (with `--watch`, reported by notify), and
//! the process being continued after a stop. The loop blocks until one of them speaks or the next
//! visible change is due: a thread blocked in a read costs no wake-ups.

use std::ffi::OsString;
use std::io::{self, BufRead, Read};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use ratatui_crossterm::crossterm::event;

use super::background::{Reply, Taken};
use super::{Events, Input};
use crate::keymap::Key;

/// The merged inputs of a run.
pub struct Inputs {
    rx: Receiver<Input>,
    tx: Sender<Input>,
    /// Held so that watching lasts as long as the run.
    watcher: Option<RecommendedWatcher>,
    /// An input read while skipping repeated save notices.
    pending: Option<Input>,
    /// The terminal's reader, until the loop first waits: its thread starts then, once the first
    /// frame is out, so that starting it never delays what the room sees first (keys pressed
    /// meanwhile wait in the terminal). With it, whether the background's answer is to be taken.
    reader: Option<bool>,
    /// Keys read but not yet taken by the loop, bounded: a reader waits rather than queue more
    /// (a flood of keys on a pipe, a huge paste), so memory stays flat however fast they come.
    backlog: Arc<Backlog>,
}

/// How many keys may wait for the loop before their reader waits too.
const BACKLOG: usize = 256;

/// A count of the keys waiting in the channel, with a way to wait for room.
#[derive(Debug, Default)]
struct Backlog {
    waiting: Mutex<usize>,
    room: Condvar,
}

impl Backlog {
    /// Waits until there is room for one more key, and counts it.
    fn enter(&self) {
        let waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        let mut waiting = self.room.wait_while(waiting, |n| *n >= BACKLOG).unwrap_or_else(PoisonError::into_inner);
        *waiting += 1;
    }

    /// A key was taken by the loop.
    fn leave(&self) {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        *waiting = waiting.saturating_sub(1);
        self.room.notify_one();
    }
}

impl Inputs {
    /// Reads the terminal on a thread of its own, from the loop's first wait on. With
    /// `background`, the terminal was asked for its background colour: its answer is taken out of
    /// the keys and sent as [`Input::Background`].
    pub fn start(background: bool) -> Self {
        Self { reader: Some(background), ..Self::none() }
    }

    /// Starts the terminal's reader, if it is still to start.
    fn read_terminal(&mut self) -> io::Result<()> {
        let Some(background) = self.reader.take() else { return Ok(()) };
        let (keys, backlog) = (self.tx.clone(), Arc::clone(&self.backlog));
        std::thread::Builder::new().name("input".into()).spawn(move || {
            let mut reply = background.then(Reply::default);
            while let Ok(e) = event::read() {
                let input = match (&mut reply, &e) {
                    (Some(r), event::Event::Key(key)) => match r.take(key) {
                        Taken::Key => Input::Terminal(e),
                        Taken::Part | Taken::Answer(None) => continue,
                        Taken::Answer(Some(shade)) => {
                            reply = None;
                            Input::Background(shade)
                        }
                    },
                    _ => Input::Terminal(e),
                };
                if matches!(input, Input::Terminal(_)) {
                    backlog.enter();
                }
                if keys.send(input).is_err() {
                    break;
                }
            }
        })?;
        Ok(())
    }

    /// Reads keys as lines of standard input, one key named a line as the key table names them
    /// (`right`, `space`, `q`, `ctrl-c`): a plain run driven by a script or another program.
    /// Lines that name no key are skipped, whatever they hold: text that is not UTF-8, or a line
    /// longer than any key's name, of which no more than [`LONGEST_KEY_LINE`] bytes are ever kept
    /// (an input without line ends, such as `/dev/zero`, is read and dropped, never gathered). The
    /// end of the input is Ctrl-C: nobody is left to drive the run, so it stops as if
    /// interrupted, and can be resumed.
    pub fn from_lines() -> io::Result<Self> {
        let inputs = Self::none();
        let (keys, backlog) = (inputs.tx.clone(), Arc::clone(&inputs.backlog));
        std::thread::Builder::new().name("input".into()).spawn(move || {
            let mut stdin = io::stdin().lock();
            while let Some(line) = key_line(&mut stdin) {
                let Ok(key) = line.parse::<Key>() else { continue };
                let Some(event) = key.event() else { continue };
                backlog.enter();
                if keys.send(Input::Terminal(event::Event::Key(event))).is_err() {
                    return;
                }
            }
            let interrupt = event::KeyEvent::new(event::KeyCode::Char('c'), event::KeyModifiers::CONTROL);
            backlog.enter();
            let _ = keys.send(Input::Terminal(event::Event::Key(interrupt)));
        })?;
        Ok(inputs)
    }

    /// No keys at all: a window that only watches (`follow --plain`).
    pub fn none() -> Self {
        let (tx, rx) = mpsc::channel();
        Self { rx, tx, watcher: None, pending: None, reader: None, backlog: Arc::default() }
    }

    /// Where other threads send what they have to say (the signal thread, after a stop).
    pub fn sender(&self) -> Sender<Input> {
        self.tx.clone()
    }

    /// Reports every save of `path`. The folder is watched, not the file, because editors save by
    /// writing a new file and renaming it over the old one.
    pub fn watch(&mut self, path: &Path) -> io::Result<()> {
        let tx = self.tx.clone();
        let name: Option<OsString> = path.file_name().map(ToOwned::to_owned);
        let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(e) = res
                && !e.kind.is_access()
                && e.paths.iter().any(|p| p.file_name().map(ToOwned::to_owned) == name)
            {
                let _ = tx.send(Input::SourceChanged);
            }
        })
        .map_err(io::Error::other)?;
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        watcher.watch(folder, RecursiveMode::NonRecursive).map_err(io::Error::other)?;
        self.watcher = Some(watcher);
        Ok(())
    }

    fn receive(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        if let Some(input) = self.pending.take() {
            return Ok(Some(input));
        }
        let gone = || io::Error::new(io::ErrorKind::BrokenPipe, "the terminal input ended");
        let input = match timeout {
            Some(t) => match self.rx.recv_timeout(t) {
                Ok(input) => Ok(Some(input)),
                Err(RecvTimeoutError::Timeout) => Ok(None),
                Err(RecvTimeoutError::Disconnected) => Err(gone()),
            },
            None => self.rx.recv().map(Some).map_err(|_| gone()),
        }?;
        if let Some(input) = &input {
            self.took(input);
        }
        Ok(input)
    }

    /// Counts `input` out of the channel, when it is a key.
    fn took(&self, input: &Input) {
        if matches!(input, Input::Terminal(_)) {
            self.backlog.leave();
        }
    }
}

/// The most of a line of keys that is looked at: far more than the longest key's name.
const LONGEST_KEY_LINE: u64 = 64;

/// The next line of `input`, trimmed: `None` at the end of the input (or when it fails), and
/// an empty line for one that cannot name a key (not UTF-8, or too long).
fn key_line(input: &mut impl BufRead) -> Option<String> {
    let mut line = Vec::new();
    let read = input.by_ref().take(LONGEST_KEY_LINE).read_until(b'\n', &mut line).ok()?;
    if read == 0 {
        return None;
    }
    if line.last() != Some(&b'\n') && read as u64 == LONGEST_KEY_LINE {
        // The rest of a line too long to be a key, passed over without keeping it.
        input.skip_until(b'\n').ok()?;
        return Some(String::new());
    }
    Some(String::from_utf8(line).map(|l| l.trim().to_owned()).unwrap_or_default())
}

impl Events for Inputs {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        self.read_terminal()?;
        let input = self.receive(timeout)?;
        if matches!(input, Some(Input::SourceChanged)) {
            // One save makes several notices; a short settle lets the editor finish writing.
            while let Ok(next) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.took(&next);
                if !matches!(next, Input::SourceChanged) {
                    self.pending = Some(next);
                    break;
                }
            }
        }
        Ok(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_skip_what_cannot_name_a_key_and_go_on() {
        let long = "x".repeat(10_000);
        let text = [b"right\n".as_slice(), b"\xff\xfe\n", long.as_bytes(), b"\n", b" left \r\n", b"q"].concat();
        let mut input = io::Cursor::new(text);
        let mut lines = Vec::new();
        while let Some(line) = key_line(&mut input) {
            lines.push(line);
        }
        assert_eq!(lines, ["right", "", "", "left", "q"]);
    }

    #[test]
    fn an_input_without_line_ends_is_never_gathered() {
        // Endless zeros would grow a line without bound; here the line is dropped a piece at a
        // time, and the input ends without a key.
        let mut input = io::Cursor::new(vec![0u8; 1 << 20]);
        assert_eq!(key_line(&mut input).as_deref(), Some(""));
        assert_eq!(key_line(&mut input), None);
    }

    #[test]
    fn a_reader_waits_once_the_backlog_is_full() {
        let backlog = Arc::new(Backlog::default());
        let reader = {
            let backlog = Arc::clone(&backlog);
            std::thread::spawn(move || (0..BACKLOG + 10).for_each(|_| backlog.enter()))
        };
        let waiting = || *backlog.waiting.lock().expect("the count");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while waiting() < BACKLOG {
            assert!(std::time::Instant::now() < deadline, "the reader never filled the backlog");
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(waiting(), BACKLOG, "no key past the bound");
        assert!(!reader.is_finished(), "the reader waits for room");
        (0..10).for_each(|_| backlog.leave());
        reader.join().expect("the reader ends once there is room");
        assert_eq!(waiting(), BACKLOG);
    }
}
