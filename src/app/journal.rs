//! The journal: a running session saved on every change (never on ticks) so that a crash, a
//! closed terminal or a `kill -9` costs nothing but a restart. Each save goes to a temporary file
//! in the same folder, is flushed to disk, renamed over the old journal, and the folder is flushed
//! too: a power cut at any instant leaves the old state or the new one, never a torn one. A
//! journal names its session file and a hash of its bytes, so it is never applied to a file that
//! changed since; rehearsals and live runs keep journals of their own, so a run never takes up a
//! rehearsal. A deliberate quit clears the journal; a crash, a signal or Ctrl-C keeps it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};

use crate::files;
use crate::flow::Snapshot;
use crate::model::Save;
use crate::rehearsal::{Event, RunKind};

/// Version of the journal's own layout.
const VERSION: u32 = 2;

/// The largest journal read: a thousand people's pairs over every round come to well under this.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Where one session's journal lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
    /// The session file as the user named it (or the bundled session's name).
    session: String,
    /// FNV-1a hash of the session file's bytes, as hex.
    hash: String,
}

/// A journal read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    version: u32,
    /// The session it belongs to.
    pub session: String,
    /// Hash of the session file's bytes when it was saved.
    pub hash: String,
    /// Wall-clock time of the save.
    pub saved_at: DateTime<Local>,
    /// The state of the session.
    pub flow: Snapshot,
    /// What happened so far, for the record of where the time went.
    pub events: Vec<Event>,
    /// Milliseconds from the record's first event to the save.
    pub recorded_ms: u64,
    /// The message on the room's screen (journals of earlier versions have none).
    #[serde(default)]
    pub message: Option<String>,
}

/// What was found where a journal would be.
#[derive(Debug)]
pub enum Found {
    /// No unfinished run.
    Nothing,
    /// An unfinished run of this very file.
    Resumable(Box<Entry>),
    /// An unfinished run, but the file changed since: it must not be applied.
    Changed(Box<Entry>),
    /// A journal that could not be used; it was moved aside to `aside`.
    Unreadable {
        /// Where it is now.
        aside: PathBuf,
        /// What was wrong with it, in a few words.
        why: &'static str,
    },
}

impl Journal {
    /// The journal of a `kind` of run of the session named `session` whose file holds `bytes`,
    /// in `folder`.
    pub fn new(folder: &Path, kind: RunKind, session: &str, bytes: &[u8]) -> Self {
        Self {
            path: folder.join(format!("{}-{}.json", kind.word(), crate::paths::session_key(session))),
            session: session.to_owned(),
            hash: format!("{:016x}", crate::paths::fnv(bytes)),
        }
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads what is there. An unreadable journal is renamed aside, never silently dropped.
    /// Temporary files left by a run killed in the middle of a save are removed first.
    pub fn read(&self) -> io::Result<Found> {
        files::remove_leftovers(&self.path);
        let text = match files::read(&self.path, MAX_BYTES, "a journal") {
            Ok(bytes) => bytes,
            Err(files::ReadError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                return Ok(Found::Nothing);
            }
            Err(files::ReadError::Io { source, .. }) => return Err(source),
            Err(files::ReadError::NotAFile { .. }) => {
                return Ok(Found::Unreadable { aside: self.set_aside()?, why: "it is not a regular file" });
            }
            Err(files::ReadError::TooLarge { .. }) => {
                return Ok(Found::Unreadable {
                    aside: self.set_aside()?,
                    why: "it is far larger than a journal can be",
                });
            }
        };
        let version = serde_json::from_slice::<Versioned>(&text).map(|v| v.version);
        let why = match (version, serde_json::from_slice::<Entry>(&text)) {
            (Ok(VERSION), Ok(entry)) if entry.session != self.session => "it belongs to another session file",
            (Ok(VERSION), Ok(entry)) if entry.hash == self.hash => return Ok(Found::Resumable(Box::new(entry))),
            (Ok(VERSION), Ok(entry)) => return Ok(Found::Changed(Box::new(entry))),
            (Ok(v), _) if v != VERSION => "it was written by another version of holdspace",
            _ => "it is damaged or not a journal",
        };
        Ok(Found::Unreadable { aside: self.set_aside()?, why })
    }

    /// Moves the journal out of the way, renamed so that it is kept for a look but never read
    /// again: one that cannot be used must not stop the next run, nor be lost without a trace.
    pub fn set_aside(&self) -> io::Result<PathBuf> {
        let stamp = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs();
        let aside = self.path.with_extension(format!("unreadable-{stamp}.json"));
        fs::rename(&self.path, &aside)?;
        Ok(aside)
    }

    /// Saves `save` atomically and durably.
    pub fn save(&self, save: Save, saved_at: DateTime<Local>) -> io::Result<()> {
        let Save { flow, events, recorded_ms, message } = save;
        let entry = Entry {
            version: VERSION,
            session: self.session.clone(),
            hash: self.hash.clone(),
            saved_at,
            flow,
            events,
            recorded_ms,
            message,
        };
        let bytes = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        files::write_atomic(&self.path, &bytes)
    }

    /// Removes the journal: the session finished.
    pub fn clear(&self) -> io::Result<()> {
        match fs::remove_file(&self.path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// Just the version of a journal, to tell one from another version apart from a damaged one.
#[derive(Deserialize)]
struct Versioned {
    version: u32,
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::flow::{Action, Flow};
    use crate::session::{BUNDLED, from_str};

    fn folder(name: &str) -> PathBuf {
        crate::files::scratch(&format!("journal-{name}"))
    }

    fn journal(dir: &Path, bytes: &[u8]) -> Journal {
        Journal::new(dir, RunKind::Run, "s.toml", bytes)
    }

    fn flow_at_pairs(now: Instant) -> Flow {
        let session = from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads");
        let roster = ["Ana", "Ben", "Chidi", "Dara", "Eun"].map(String::from).to_vec();
        let mut flow = Flow::new(session, roster, 3);
        flow.apply(Action::JumpTo(3), now);
        flow.apply(Action::Next, now);
        flow
    }

    fn save(flow: &Flow, now: Instant) -> Save {
        Save { flow: flow.snapshot(now), events: Vec::new(), recorded_ms: 0, message: None }
    }

    #[test]
    fn a_saved_run_comes_back_with_the_same_pairs_and_the_time_asked_for() {
        let dir = folder("roundtrip");
        let journal = journal(&dir, b"session bytes");
        let t0 = Instant::now();
        let flow = flow_at_pairs(t0);
        journal.save(save(&flow, t0 + Duration::from_secs(20)), Local::now()).expect("save");
        let Found::Resumable(entry) = journal.read().expect("read") else { panic!("a resumable journal") };
        let session = || from_str(BUNDLED.1, BUNDLED.0).expect("loads");
        let later = Instant::now();
        let away = Duration::from_secs(30);
        let counted = Flow::restore(session(), entry.flow.clone(), later, away, away).expect("fits");
        assert_eq!(counted.position(), flow.position());
        assert_eq!(counted.groups(), flow.groups());
        assert_eq!(counted.timer_view(later).map(|v| v.secs), Some(180 - 50), "20 s used, 30 s away counted");
        let left_then = Flow::restore(session(), entry.flow, later, Duration::ZERO, away).expect("fits");
        assert_eq!(left_then.timer_view(later).map(|v| v.secs), Some(180 - 20), "the time left at the save");
        journal.clear().expect("clear");
        assert!(matches!(journal.read(), Ok(Found::Nothing)));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_changed_file_and_an_unreadable_journal_are_never_applied() {
        let dir = folder("refuse");
        let t0 = Instant::now();
        journal(&dir, b"old bytes").save(save(&flow_at_pairs(t0), t0), Local::now()).expect("save");
        let edited = journal(&dir, b"new bytes");
        assert!(matches!(edited.read(), Ok(Found::Changed(_))));
        fs::write(edited.path(), b"{ torn").expect("write");
        let Ok(Found::Unreadable { aside, why }) = edited.read() else { panic!("moved aside") };
        assert!(aside.exists() && !edited.path().exists());
        assert_eq!(why, "it is damaged or not a journal");
        fs::write(edited.path(), br#"{"version": 1, "session": "s.toml"}"#).expect("write");
        let Ok(Found::Unreadable { why, .. }) = edited.read() else { panic!("moved aside") };
        assert_eq!(why, "it was written by another version of holdspace");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn rehearsals_and_runs_keep_journals_of_their_own() {
        let dir = folder("kinds");
        let run = Journal::new(&dir, RunKind::Run, "s.toml", b"x");
        let rehearsal = Journal::new(&dir, RunKind::Rehearsal, "s.toml", b"x");
        assert_ne!(run.path(), rehearsal.path());
        let t0 = Instant::now();
        rehearsal.save(save(&flow_at_pairs(t0), t0), Local::now()).expect("save");
        assert!(matches!(run.read(), Ok(Found::Nothing)), "a run never sees a rehearsal's journal");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn leftovers_of_a_killed_save_are_tidied_on_the_next_read() {
        let dir = folder("leftovers");
        let journal = journal(&dir, b"x");
        fs::create_dir_all(&dir).expect("folder");
        let name = journal.path().file_name().expect("a journal file").to_string_lossy().into_owned();
        let stray = dir.join(format!(".{name}.tmp-99999"));
        fs::write(&stray, b"half a journal").expect("write");
        assert!(matches!(journal.read(), Ok(Found::Nothing)));
        assert!(!stray.exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn no_temporary_file_is_left_behind() {
        let dir = folder("tidy");
        let journal = journal(&dir, b"x");
        let t0 = Instant::now();
        for i in 0..5 {
            journal.save(save(&flow_at_pairs(t0), t0 + Duration::from_secs(i)), Local::now()).expect("save");
        }
        let names: Vec<_> = fs::read_dir(&dir).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
        let _ = fs::remove_dir_all(&dir);
    }
}
