//! Records on disk: one JSON file per rehearsal or run (with its Markdown report beside it) in
//! the data folder, `~/.local/share/holdspace/rehearsals/<session-stem>/` on Linux. A record is
//! written to a temporary file and linked into place under a name that does not exist yet, so it
//! is never torn and never overwrites another.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Record, report};

/// The folder of a session's records, if the system has a data folder.
pub fn folder(session: &str) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "holdspace")?;
    let stem: String = Path::new(session)
        .file_stem()
        .map(|s| {
            s.to_string_lossy().chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_')).take(60).collect()
        })
        .unwrap_or_default();
    Some(dirs.data_dir().join("rehearsals").join(if stem.is_empty() { "session".into() } else { stem }))
}

/// Writes `record` and its report into `folder`; returns the record's path.
pub fn save(folder: &Path, record: &Record) -> io::Result<PathBuf> {
    fs::create_dir_all(folder)?;
    let stamp = record.started().map_or_else(|| "undated".to_owned(), |s| s.format("%Y-%m-%dT%H-%M-%S").to_string());
    let kind = match record.kind {
        super::Kind::Rehearsal => "rehearsal",
        super::Kind::Run => "run",
    };
    let json = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    let temporary = folder.join(format!(".record-{}.tmp", std::process::id()));
    let written = fs::File::create(&temporary).and_then(|mut f| {
        f.write_all(&json)?;
        f.sync_all()
    });
    let placed = written.and_then(|()| {
        for n in 1..1000 {
            let suffix = if n == 1 { String::new() } else { format!("-{n}") };
            let path = folder.join(format!("{stamp}-{kind}{suffix}.json"));
            match fs::hard_link(&temporary, &path) {
                Ok(()) => return Ok(path),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("a thousand records with the same time"))
    });
    let _ = fs::remove_file(&temporary);
    let path = placed?;
    fs::write(path.with_extension("md"), report::markdown(record))?;
    Ok(path)
}

/// Every record in `folder`, oldest first; records that cannot be read are named in the second
/// list with why, and never stop the others from being read.
pub fn load_all(folder: &Path) -> (Vec<(PathBuf, Record)>, Vec<String>) {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    for path in crate::files::with_extension(folder, "json") {
        let read = fs::read(&path).map_err(|e| e.to_string()).and_then(|bytes| {
            let record: Record = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            if record.version == super::VERSION {
                Ok(record)
            } else {
                Err(format!("unknown version {}", record.version))
            }
        });
        match read {
            Ok(record) => records.push((path, record)),
            Err(why) => skipped.push(format!("{}: skipped, it cannot be read ({why})", path.display())),
        }
    }
    records.sort_by_key(|(_, r)| r.started());
    (records, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rehearsal::{Kind, Recorder};
    use crate::session::{BUNDLED, from_str};

    fn record() -> Record {
        let session = from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads");
        let now = std::time::Instant::now();
        let mut flow = crate::flow::Flow::new(session.clone(), Vec::new(), 1);
        let mut recorder = Recorder::new(Kind::Run, BUNDLED.0, 1);
        flow.apply(crate::flow::Action::Next, now);
        recorder.observe(&flow, now, chrono::Local::now());
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
