//! Events for `run --watch`: terminal input read on its own thread, and saves of the session
//! file reported by notify, merged into one channel. The loop still blocks until one of them
//! arrives or the next visible change is due: watching costs no wake-ups.

use std::ffi::OsString;
use std::io;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use ratatui_crossterm::crossterm::event;

use super::{Events, Input};

/// Terminal input and file saves, merged.
pub struct WatchedEvents {
    rx: Receiver<Input>,
    /// Held so that watching lasts as long as the run.
    _watcher: RecommendedWatcher,
    /// An event read while skipping repeated save notices.
    pending: Option<Input>,
}

impl WatchedEvents {
    /// Starts reading the terminal and watching `path`. The folder is watched, not the file,
    /// because editors save by writing a new file and renaming it over the old one.
    pub fn start(path: &Path) -> io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let keys = tx.clone();
        std::thread::Builder::new().name("input".into()).spawn(move || {
            while let Ok(e) = event::read() {
                if keys.send(Input::Terminal(e)).is_err() {
                    break;
                }
            }
        })?;
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
        Ok(Self { rx, _watcher: watcher, pending: None })
    }

    fn receive(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        if let Some(input) = self.pending.take() {
            return Ok(Some(input));
        }
        let gone = || io::Error::new(io::ErrorKind::BrokenPipe, "the terminal input ended");
        match timeout {
            Some(t) => match self.rx.recv_timeout(t) {
                Ok(input) => Ok(Some(input)),
                Err(RecvTimeoutError::Timeout) => Ok(None),
                Err(RecvTimeoutError::Disconnected) => Err(gone()),
            },
            None => self.rx.recv().map(Some).map_err(|_| gone()),
        }
    }
}

impl Events for WatchedEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        let input = self.receive(timeout)?;
        if matches!(input, Some(Input::SourceChanged)) {
            // One save makes several notices; a short settle lets the editor finish writing.
            while let Ok(next) = self.rx.recv_timeout(Duration::from_millis(50)) {
                if !matches!(next, Input::SourceChanged) {
                    self.pending = Some(next);
                    break;
                }
            }
        }
        Ok(input)
    }
}
