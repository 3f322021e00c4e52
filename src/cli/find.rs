//! Where sessions are found: the bundled ones, `.toml` files in `./sessions`, and the user's
//! sessions folder (`~/.local/share/holdspace/sessions` on Linux). `run NAME` and `export NAME`
//! take a file stem from any of these.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::paths::Paths;
use crate::session::{self, BUNDLED, Session};

/// A session the user named: a path, or a stem found in the sessions folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The bundled session (embedded in the binary).
    Bundled,
    /// A file.
    File(PathBuf),
}

/// The folders searched for sessions, in order.
pub fn folders(paths: Option<&Paths>) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("sessions")];
    out.extend(paths.map(Paths::sessions));
    out
}

/// Resolves what the user typed: an existing path wins; else a stem in the folders; else the
/// bundled session's stem; else the path as given (so the error names it).
pub fn resolve(name: &Path, paths: Option<&Paths>) -> Source {
    if name.exists() || name.components().count() > 1 || name.extension().is_some() {
        return Source::File(name.to_owned());
    }
    let stem = name.to_string_lossy();
    for folder in folders(paths) {
        let candidate = folder.join(format!("{stem}.toml"));
        if candidate.is_file() {
            return Source::File(candidate);
        }
    }
    if BUNDLED.0.strip_suffix(".toml") == Some(&*stem) {
        return Source::Bundled;
    }
    Source::File(name.to_owned())
}

/// A session loaded, with the text it came from (the journal hashes it) and its name.
#[derive(Debug)]
pub struct Loaded {
    /// The session.
    pub session: Session,
    /// Its file's text.
    pub text: String,
    /// The file as the user named it, or the bundled session's name.
    pub name: String,
}

/// Loads a source; on failure, what to tell the user.
pub fn load(source: &Source) -> Result<Loaded, Failure> {
    let (text, name) = match source {
        Source::File(path) => {
            let text = session::read(path).map_err(|e| match e {
                session::LoadError::NotUtf8 { .. } => Failure::Located(format!("{e}\n")),
                other => Failure::BadInput(other.to_string()),
            })?;
            (text, path.display().to_string())
        }
        Source::Bundled => (BUNDLED.1.to_owned(), BUNDLED.0.to_owned()),
    };
    let session = session::from_str(&text, &name).map_err(|e| Failure::Located(e.to_string()))?;
    Ok(Loaded { session, text, name })
}
