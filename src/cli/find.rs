//! Where sessions are found: the bundled library, `.toml` files in `./sessions`, and the user's
//! sessions folder (`~/.local/share/holdspace/sessions` on Linux). Every command that takes a
//! session (`run`, `rehearse`, `check`, `export`, `history`, `new --from`) takes a path or the
//! name of one of these, found the same way.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::paths::Paths;
use crate::session::{self, LIBRARY, Session};

/// A bundled session: its file name and its text.
pub type Bundled = (&'static str, &'static str);

/// A session the user named: a path, or a stem found in the sessions folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A session of the bundled library (embedded in the binary).
    Bundled(Bundled),
    /// A file.
    File(PathBuf),
    /// A name found nowhere: here are the places that were searched.
    Missing {
        /// The name as typed.
        name: String,
        /// Where it was looked for.
        looked: Vec<PathBuf>,
    },
}

/// The folders searched for sessions, in order.
pub fn folders(paths: Option<&Paths>) -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("sessions")];
    out.extend(paths.map(Paths::sessions));
    out
}

/// The name a bundled session goes by: its file name without `.toml`.
pub fn stem(bundled: Bundled) -> &'static str {
    bundled.0.trim_end_matches(".toml")
}

/// Resolves what the user typed: an existing path wins, or anything that looks like a path (it
/// has a folder or an extension: the error then names it); else a stem in the sessions folders;
/// else a bundled session's name; else nothing, with the places searched.
pub fn resolve(name: &Path, paths: Option<&Paths>) -> Source {
    if name.exists() || name.components().count() > 1 {
        return Source::File(name.to_owned());
    }
    if name.extension().is_some() {
        let bundled = LIBRARY.iter().find(|b| name.as_os_str() == b.0);
        return bundled.map_or_else(|| Source::File(name.to_owned()), |b| Source::Bundled(*b));
    }
    let typed = name.to_string_lossy();
    let candidates: Vec<PathBuf> = folders(paths).iter().map(|f| f.join(format!("{typed}.toml"))).collect();
    if let Some(found) = candidates.iter().find(|c| c.is_file()) {
        return Source::File(found.clone());
    }
    if let Some(bundled) = LIBRARY.iter().find(|b| stem(**b) == typed) {
        return Source::Bundled(*bundled);
    }
    let looked = std::iter::once(name.to_owned()).chain(candidates).collect();
    Source::Missing { name: typed.into_owned(), looked }
}

/// A session's text, and its name as messages give it: the file as the user named it, or the
/// bundled session's file name. On failure, what to tell the user.
pub fn read(source: &Source) -> Result<(String, String), Failure> {
    let text = match source {
        Source::File(path) => session::read(path).map_err(|e| match e {
            session::LoadError::NotUtf8 { .. } => Failure::Located(format!("{e}\n")),
            other => Failure::BadInput(other.to_string()),
        })?,
        Source::Bundled((_, text)) => (*text).to_owned(),
        Source::Missing { name, looked } => {
            let places: Vec<String> = looked.iter().map(|p| p.display().to_string()).collect();
            let bundled: Vec<&str> = LIBRARY.iter().map(|b| stem(*b)).collect();
            return Err(Failure::BadInput(format!(
                "no session named {name}: looked for {}, and among the bundled sessions ({})",
                places.join(", "),
                bundled.join(", ")
            )));
        }
    };
    Ok((text, name(source).unwrap_or_default()))
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

/// The name a session goes by (its file as the user named it, or the bundled session's name),
/// known before it is read; `None` for a name found nowhere.
pub fn name(source: &Source) -> Option<String> {
    match source {
        Source::File(path) => Some(path.display().to_string()),
        Source::Bundled((name, _)) => Some((*name).to_owned()),
        Source::Missing { .. } => None,
    }
}

/// Loads a source; on failure, what to tell the user.
pub fn load(source: &Source) -> Result<Loaded, Failure> {
    let (text, name) = read(source)?;
    let session = session::from_str(&text, &name).map_err(|e| Failure::Located(e.to_string()))?;
    Ok(Loaded { session, text, name })
}
