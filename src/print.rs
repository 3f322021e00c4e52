//! The one place the commands print: everything they say goes through here, cleaned of terminal
//! controls (a file name can hold escape sequences as well as any session text), and every write
//! to standard output is checked: a full disk or a device that refuses is an error (exit 1),
//! never a silent, half-written result. A closed pipe (`holdspace export | head`) is not an
//! error: whoever read enough stopped reading.

use std::io::{self, Write};

use crate::sanitize::clean;

/// Why standard output could not take what was printed.
#[derive(Debug, thiserror::Error)]
#[error("cannot write to standard output: {0}")]
pub struct Unwritten(io::Error);

/// Prints `text` on standard output, whole, and flushes it.
pub fn out(text: &str) -> Result<(), Unwritten> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(clean(text, true).as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(Unwritten),
    }
}

/// Says `message` on standard error, as `holdspace: message`. What cannot be written is
/// dropped: there is nowhere left to say so.
pub fn note(message: &str) {
    let _ = writeln!(io::stderr().lock(), "holdspace: {}", clean(message, true));
}

/// Writes `text` on standard error as it is (cleaned): located findings, which carry their own
/// `file:line:col:` prefix.
pub fn raw_err(text: &str) {
    let _ = write!(io::stderr().lock(), "{}", clean(text, true));
}
