//! Loading: bytes from a path, then text into a validated [`Session`], with every semantic
//! problem located at the value that causes it.

use std::path::Path;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::de::DeTable;

use super::diagnostic::{Diagnostic, Diagnostics, Severity};
use super::validate::Checker;
use super::warnings::RoomFit;
use super::{Session, raw, shape, structure, warnings};
use crate::limits::SESSION_BYTES;

/// The bundled library, embedded so that `holdspace` runs any of them from anywhere: each
/// session's file name and text, the default first.
pub const LIBRARY: [(&str, &str); 7] = [
    ("medicine-of-mutuality.toml", include_str!("../../sessions/medicine-of-mutuality.toml")),
    ("impromptu-networking.toml", include_str!("../../sessions/impromptu-networking.toml")),
    ("1-2-4-all.toml", include_str!("../../sessions/1-2-4-all.toml")),
    ("troika-consulting.toml", include_str!("../../sessions/troika-consulting.toml")),
    ("15-percent-solutions.toml", include_str!("../../sessions/15-percent-solutions.toml")),
    ("triz.toml", include_str!("../../sessions/triz.toml")),
    ("appreciative-interviews.toml", include_str!("../../sessions/appreciative-interviews.toml")),
];

/// The default session: what `holdspace` runs when given no file.
pub const BUNDLED: (&str, &str) = LIBRARY[0];

/// Why a session could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read: missing, not a regular file, too large.
    #[error(transparent)]
    Read(#[from] crate::files::ReadError),
    /// Not text.
    #[error("{path}:{line}:{col}: error: not UTF-8 text (session files are UTF-8)")]
    NotUtf8 {
        /// As the user gave it.
        path: String,
        /// One-based line of the first bad byte.
        line: usize,
        /// One-based column of the first bad byte.
        col: usize,
    },
    /// Read, but not a valid session.
    #[error("{0}")]
    Invalid(Diagnostics),
}

/// Reads the session file at `path`: a regular file, at most [`SESSION_BYTES`], UTF-8.
pub fn read(path: &Path) -> Result<String, LoadError> {
    let bytes = crate::files::read(path, SESSION_BYTES, "a session file")?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.split(|b| *b == b'\n').count();
        let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        // A file name is untrusted text too: it is shown in every message about the file.
        let name = crate::sanitize::clean(&path.display().to_string(), false);
        LoadError::NotUtf8 { path: name, line, col }
    })
}

/// Reads and validates the session file at `path`.
pub fn load(path: &Path) -> Result<Session, LoadError> {
    let src = read(path)?;
    from_str(&src, &path.display().to_string()).map_err(LoadError::Invalid)
}

/// Validates session text; `origin` names it in messages. Fails with every error found. The
/// warnings of `check` are not looked for: a run does not show them, and they are a fifth of
/// the cost of starting one. The default session's own text (run here, or sent by a leader to
/// its followers) is not parsed at all: it is built into the program as code (`prebuilt.rs`,
/// held by a test to what [`validated`] makes of the text), which takes a fifth of the time to the
/// first frame off.
pub fn from_str(src: &str, origin: &str) -> Result<Session, Diagnostics> {
    if PREBUILT_CURRENT && src == BUNDLED.1 {
        return Ok(super::prebuilt::session());
    }
    validated(src, origin)
}

/// Whether `prebuilt.rs` was written from the default session's text as it is now: after an edit
/// of the file and before the code is written again, the text is read like any other.
const PREBUILT_CURRENT: bool = crate::paths::fnv(BUNDLED.1.as_bytes()) == super::prebuilt::WRITTEN_FROM;

/// [`from_str`] of any text, the default session's too.
pub(super) fn validated(src: &str, origin: &str) -> Result<Session, Diagnostics> {
    match inspect(src, origin, None) {
        Checked { session: Some(session), diagnostics, .. } if !diagnostics.has_errors() => Ok(session),
        Checked { diagnostics, .. } => Err(diagnostics),
    }
}

/// A session file's findings, and the session when it has no errors.
#[derive(Debug)]
pub struct Checked {
    /// The session, when the file has no errors.
    pub session: Option<Session>,
    /// Every error and warning, in source order (at most [`MOST_FINDINGS`] and a count).
    pub diagnostics: Diagnostics,
    /// How many findings there were in all, those past the count included.
    pub findings: usize,
}

/// Checks session text fully: syntax errors (as many as the parser can recover from), unknown
/// keys and wrong types, the meaning of each value, and the warnings of `check`, which judge the
/// length of texts by `fit`, what the room view shows whole.
pub fn check(src: &str, origin: &str, fit: RoomFit) -> Checked {
    inspect(src, origin, Some(fit))
}

/// Checks `src`; with `warnings`, looks for `check`'s warnings too.
fn inspect(src: &str, origin: &str, warnings: Option<RoomFit>) -> Checked {
    // A file without a carriage return (most) is not searched for the pair: a search for one
    // character is much the quicker.
    let source = if src.contains('\r') { src.replace("\r\n", "\n") } else { src.to_owned() };
    let mut checker = Checker::default();
    let session = parse(&source, &mut checker, warnings);
    let mut items = checker.errors;
    items.sort_by_key(|d| d.span.start);
    let session = session.filter(|_| !items.iter().any(|d| d.severity == Severity::Error));
    let findings = items.len();
    cap(&mut items);
    Checked { session, diagnostics: Diagnostics { origin: origin.to_owned(), src: source, items }, findings }
}

/// The most findings one check reports. A file with thousands of mistakes (a generated list of
/// the wrong type, a key pasted ten thousand times) is told the first of them and how many more
/// there are: each finding is located from the start of the file, so all of them took seconds to
/// write, on the loop's own thread when a running session reloaded such a file.
pub const MOST_FINDINGS: usize = 100;

/// Keeps [`MOST_FINDINGS`] of `items` (in source order), errors before warnings, so that
/// however many warnings a file has its errors are told; and one more finding that says where the
/// rest begin (the first error not told, if any) and how many they are.
fn cap(items: &mut Vec<Diagnostic>) {
    if items.len() <= MOST_FINDINGS {
        return;
    }
    let errors = items.iter().filter(|d| d.severity == Severity::Error).count();
    let mut warnings_kept = MOST_FINDINGS.saturating_sub(errors);
    let mut errors_kept = MOST_FINDINGS;
    let (mut kept, mut rest) = (Vec::new(), Vec::new());
    for d in items.drain(..) {
        let room = if d.severity == Severity::Error { &mut errors_kept } else { &mut warnings_kept };
        if *room > 0 {
            *room -= 1;
            kept.push(d);
        } else {
            rest.push(d);
        }
    }
    let first = rest.iter().find(|d| d.severity == Severity::Error).unwrap_or(&rest[0]);
    let (severity, span) = (first.severity, first.span.clone());
    let message = format!("{} more findings are not shown (only the first {MOST_FINDINGS} are)", rest.len());
    kept.push(Diagnostic { severity, span, message });
    kept.sort_by_key(|d| d.span.start);
    *items = kept;
}

fn parse(source: &str, checker: &mut Checker, warnings: Option<RoomFit>) -> Option<Session> {
    let (mut document, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        for e in syntax {
            checker.error(e.span().unwrap_or_else(|| deepest_line(source)), e.message().trim_end().to_owned());
        }
        return None;
    }
    let mut report = structure::Report::default();
    structure::prune(document.get_mut(), shape::FILE, shape::TOP, &mut report);
    checker.errors = report.errors;
    checker.dropped = report.dropped;
    match raw::File::deserialize(document.into_deserializer()) {
        Ok(file) => {
            let Some(fit) = warnings else { return checker.file(file) };
            checker.errors.extend(warnings::of(&file, source, fit));
            let spans = warnings::spans(&file);
            let session = checker.file(file);
            if let Some(session) =
                session.as_ref().filter(|_| checker.errors.iter().all(|d| d.severity != Severity::Error))
            {
                checker.errors.extend(warnings::of_session(session, &spans));
            }
            session
        }
        Err(e) => {
            checker.error(e.span().unwrap_or_else(|| deepest_line(source)), e.message().trim_end().to_owned());
            None
        }
    }
}

/// Where an error the parser could not locate most likely is: such errors come from nesting too
/// deep to follow (`[[s.s.s...]]`, `[[[[...]]]]`), so the line that nests deepest (the most dots
/// and brackets), from its first non-blank character.
fn deepest_line(source: &str) -> std::ops::Range<usize> {
    let mut best = (0, 0..0);
    let mut at = 0;
    for line in source.split('\n') {
        let depth = line.chars().filter(|c| matches!(c, '.' | '[' | '{')).count();
        if depth > best.0 {
            let start = at + (line.len() - line.trim_start().len());
            best = (depth, start..at + line.trim_end().len());
        }
        at += line.len() + 1;
    }
    best.1
}
