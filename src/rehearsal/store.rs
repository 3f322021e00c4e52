//! Records on disk: one JSON file per rehearsal or run (with its Markdown report beside it) in
//! the data folder, `~/.local/share/holdspace/rehearsals/<session-stem>/` on Linux. A record is
//! linked into place under a name that does not exist yet, so it is never torn and never
//! overwrites another.

use std::io;
use std::path::{Path, PathBuf};

use super::{Record, report};

/// The largest record read: a day of events comes to well under this.
const MAX_BYTES: u64 = 16 * 1024 * 1024;
use crate::files;
use crate::paths::Paths;

/// The folder of a session's records, one per session file (two files of one name in two
/// folders keep apart).
pub fn folder(paths: &Paths, session: &str) -> PathBuf {
    paths.records(&crate::paths::session_key(session))
}

/// Every record of `session`: those in its folder, and those made before records were kept
/// per file (in a folder named for the stem alone), which are taken when they name this file.
pub fn load_session(paths: &Paths, session: &str) -> (Vec<(PathBuf, Record)>, Vec<String>) {
    let (mut records, mut skipped) = load_all(&folder(paths, session));
    let legacy = paths.records(&crate::paths::stem(session));
    if legacy.is_dir() {
        let this = crate::paths::absolute(session);
        let (older, unreadable) = load_all(&legacy);
        records.extend(older.into_iter().filter(|(_, r)| crate::paths::absolute(&r.session) == this));
        skipped.extend(unreadable);
        records.sort_by_key(|(_, r)| r.started());
    }
    (records, skipped)
}

/// Writes `record` and its report into `folder`; returns the record's path.
pub fn save(folder: &Path, record: &Record) -> io::Result<PathBuf> {
    let stamp = record.started().map_or_else(|| "undated".to_owned(), |s| s.format("%Y-%m-%dT%H-%M-%S").to_string());
    let kind = record.kind.word();
    let json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    let names = (1..1000).map(|n| {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        folder.join(format!("{stamp}-{kind}{suffix}.json"))
    });
    let path = files::write_new(names, &json)?;
    files::write_atomic(&path.with_extension("md"), report::markdown(record).as_bytes())?;
    Ok(path)
}

/// Every record in `folder`, oldest first; records that cannot be read are named in the second
/// list with why, and never stop the others from being read.
pub fn load_all(folder: &Path) -> (Vec<(PathBuf, Record)>, Vec<String>) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    for path in crate::files::with_extension(folder, "json") {
        let read = crate::files::read(&path, MAX_BYTES, "a record").map_err(|e| e.to_string()).and_then(|bytes| {
            let record: Record = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            if record.version == super::VERSION {
                Ok(record)
            } else {
                Err(format!("unknown version {}", record.version))
            }
        });
        match read {
            Ok(record) => records.push((path, record)),
            Err(why) => skipped.push(format!(
                "{}: skipped, it cannot be read ({why})",
                crate::sanitize::clean(&path.display().to_string(), false)
            )),
        }
    }
    records.sort_by_key(|(_, r)| r.started());
    (records, skipped)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::rehearsal::{Recorder, RunKind};
    use crate::session::{BUNDLED, from_str};

    fn record() -> Record {
        let session = from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads");
        let now = std::time::Instant::now();
        let mut recorder = Recorder::new(RunKind::Run, BUNDLED.0, 1);
        let position = crate::flow::Position::Step { step: 0, part: crate::flow::Part::Whole };
        recorder.note(crate::flow::What::Entered { position }, now, chrono::Local::now());
        recorder.record(&session, now + std::time::Duration::from_secs(30), chrono::Local::now())
    }

    #[test]
    fn records_are_never_overwritten_and_bad_ones_are_named_and_skipped() {
        let dir = std::env::temp_dir().join(format!("holdspace-store-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let first = save(&dir, &record()).expect("save");
        let mut same_second = record();
        same_second.events.clone_from(&load_all(&dir).0[0].1.events);
        let second = save(&dir, &same_second).expect("save again");
        assert_ne!(first, second, "a second record of the same second gets its own name");
        fs::write(dir.join("hand-edited.json"), "{ \"version\": 1, \"kind\": ").expect("write");
        let (records, skipped) = load_all(&dir);
        assert_eq!(records.len(), 2);
        assert_eq!(skipped.len(), 1);
        assert!(skipped[0].contains("hand-edited.json: skipped, it cannot be read"), "{skipped:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_an_error_not_a_crash() {
        let file = std::env::temp_dir().join(format!("holdspace-store-file-{}", std::process::id()));
        fs::write(&file, "not a folder").expect("write");
        assert!(save(&file.join("rehearsals"), &record()).is_err());
        let _ = fs::remove_file(&file);
    }
}
