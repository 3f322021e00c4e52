//! One run of a session file at a time. A second `run` or `rehearse` of a file that is running
//! would overwrite the first one's journal and, ending first, delete it: so the first run holds
//! an advisory lock on a small file in the state folder for as long as it lasts, and the system
//! releases it when the process ends, however it ends (a crash never leaves a stale lock). The
//! file says which process holds it and since when, for the message the second run prints.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Local};

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct Lock {
    /// Held open: the lock lives as long as this handle.
    _file: File,
}

/// Who holds a lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The process.
    pub pid: u32,
    /// When it took the lock, as it wrote it.
    pub since: String,
}

/// Why a lock was not taken.
#[derive(Debug)]
pub enum Busy {
    /// Another process holds it.
    Held(Holder),
    /// The lock file could not be opened or locked.
    Io(io::Error),
}

/// The lock file of the session whose journal key is `key`, in `folder`.
pub fn path(folder: &Path, key: &str) -> PathBuf {
    folder.join(format!("running-{key}.lock"))
}

/// Takes the lock at `path` for this process, writing who holds it.
pub fn acquire(path: &Path, now: DateTime<Local>) -> Result<Lock, Busy> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(Busy::Io)?;
    }
    let mut file =
        OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(Busy::Io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(Busy::Held(holder(path))),
        Err(TryLockError::Error(e)) => return Err(Busy::Io(e)),
    }
    // Formatted first and written at once: `writeln!` on a file writes each piece on its own.
    let holder = format!("{} {}\n", std::process::id(), now.format("%Y-%m-%d %H:%M"));
    let written = file.set_len(0).and_then(|()| file.rewind()).and_then(|()| file.write_all(holder.as_bytes()));
    written.map_err(Busy::Io)?;
    Ok(Lock { _file: file })
}

/// What the lock file says of its holder (a damaged one says little).
fn holder(path: &Path) -> Holder {
    let text = crate::files::read(path, 256, "a lock file").map(|b| String::from_utf8_lossy(&b).into_owned());
    let text = text.unwrap_or_default();
    let (pid, since) = text.trim().split_once(' ').unwrap_or(("0", ""));
    Holder { pid: pid.parse().unwrap_or(0), since: crate::sanitize::clean(since, false) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_who_holds_it_and_the_lock_goes_with_the_first() {
        let dir = crate::files::scratch("lock");
        let path = path(&dir, "s-1234");
        let now = Local::now();
        let first = acquire(&path, now).expect("the first run takes the lock");
        match acquire(&path, now) {
            Err(Busy::Held(holder)) => assert_eq!(holder.pid, std::process::id()),
            other => panic!("a second run is refused: {other:?}"),
        }
        drop(first);
        assert!(acquire(&path, now).is_ok(), "released with its holder");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
