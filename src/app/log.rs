//! A log for diagnosis: errors and panics go to `holdspace.log` in the state folder, never to the
//! screen during a run. Lines are cleaned of terminal controls; a log that cannot be written is
//! not a reason to fail.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use crate::sanitize;

/// The log file (`~/.local/state/holdspace/holdspace.log` on Linux).
pub fn path() -> Option<PathBuf> {
    crate::paths::Paths::system().map(crate::paths::Paths::log)
}

/// Appends one line with the time, in one `write`: threads that log at the same moment (the
/// socket's refusals) never tear each other's lines.
pub fn write(message: &str) {
    let Some(path) = path() else { return };
    if let Some(folder) = path.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(&path) {
        let line = format!("{} {}\n", chrono::Local::now().to_rfc3339(), sanitize::clean(message, true));
        let _ = file.write_all(line.as_bytes());
    }
}
