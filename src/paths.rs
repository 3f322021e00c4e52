//! Where holdspace keeps things on this system, found once at start: state (journals, the log),
//! data (records, saved sessions), config, and the runtime folder. Every module that touches
//! one of them is handed these paths; none looks them up itself, so a test can point them all
//! at a temporary folder with the usual XDG variables.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folders of this user's holdspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Journals and the log (`~/.local/state/holdspace` on Linux).
    pub state: PathBuf,
    /// Records of rehearsals and runs, saved sessions (`~/.local/share/holdspace`).
    pub data: PathBuf,
    /// The config file and themes (`~/.config/holdspace`).
    pub config: PathBuf,
    /// Sockets and files that live as long as a run (`$XDG_RUNTIME_DIR/holdspace`), when the
    /// system has such a folder.
    pub runtime: Option<PathBuf>,
}

impl Paths {
    /// The system's folders for holdspace, or `None` when it has no home to put them in.
    pub fn system() -> Option<&'static Paths> {
        static PATHS: OnceLock<Option<Paths>> = OnceLock::new();
        PATHS
            .get_or_init(|| {
                let dirs = directories::ProjectDirs::from("", "", "holdspace")?;
                Some(Paths {
                    state: dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir()).to_owned(),
                    data: dirs.data_dir().to_owned(),
                    config: dirs.config_dir().to_owned(),
                    runtime: dirs.runtime_dir().map(Path::to_owned),
                })
            })
            .as_ref()
    }

    /// Every folder under `root`: for tests and tools that must not touch the real ones.
    pub fn under(root: &Path) -> Paths {
        Paths {
            state: root.join("state"),
            data: root.join("data"),
            config: root.join("config"),
            runtime: Some(root.join("runtime")),
        }
    }

    /// The folder of saved sessions.
    pub fn sessions(&self) -> PathBuf {
        self.data.join("sessions")
    }

    /// The folder of one session's records.
    pub fn records(&self, stem: &str) -> PathBuf {
        self.data.join("rehearsals").join(stem)
    }

    /// The log of errors and crashes.
    pub fn log(&self) -> PathBuf {
        self.state.join("holdspace.log")
    }
}

/// A short name for the session file named `session` that no other file shares, for the files
/// kept about it (journals, records, the lock): its stem (for people reading the folder) and a
/// hash of its absolute path (so `a/retro.toml` and `b/retro.toml` stay apart).
pub fn session_key(session: &str) -> String {
    format!("{}-{:08x}", stem(session), fnv(absolute(session).as_bytes()) & 0xffff_ffff)
}

/// The file stem of `session`, kept to letters, digits and `-`, at most 40 of them.
pub fn stem(session: &str) -> String {
    Path::new(session)
        .file_stem()
        .map(|s| s.to_string_lossy().chars().filter(|c| c.is_alphanumeric() || *c == '-').take(40).collect())
        .unwrap_or_default()
}

/// The path made absolute, so that one file has one key from any working directory.
pub fn absolute(session: &str) -> String {
    std::fs::canonicalize(session).map_or_else(|_| session.to_owned(), |p| p.display().to_string())
}

/// FNV-1a, 64 bits: stable across platforms and versions, which `DefaultHasher` is not.
pub const fn fnv(bytes: &[u8]) -> u64 {
    // A loop rather than a fold, so that it runs at compile time too (see `session::load`).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}
