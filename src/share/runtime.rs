//! Where running sessions can be found: a private folder (`$XDG_RUNTIME_DIR/holdspace`, or a
//! folder in the state folder when the system has no runtime folder) holding, for each session
//! that is running, its socket (`KEY.sock`) and a few words about it (`KEY.json`: title, file,
//! start, process). The folder is the user's alone (0700) and the socket too (0600): no other
//! user can follow or drive a session, and `follow` refuses a socket another user owns.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};

use super::protocol::About;
use crate::paths::Paths;

/// The longest path a Unix socket can have (`sun_path` holds 108 bytes with its end).
const SOCKET_PATH: usize = 107;

/// The largest `KEY.json` read: a few hundred bytes are written.
const ABOUT_BYTES: u64 = 64 * 1024;

/// The folder of running sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runtime {
    folder: PathBuf,
}

/// A session running now, found in the folder.
#[derive(Debug)]
pub struct Running {
    /// Its key (the session file's stem and a hash of its path).
    pub key: String,
    /// What it is.
    pub about: About,
    /// The connection to its socket that found it alive: a window that follows it joins
    /// through this one (a second connection would cost its leader a thread for nothing).
    pub connection: UnixStream,
}

impl Runtime {
    /// The folder for `paths`, made if missing, and checked: a folder someone else owns is
    /// refused; one of ours that others could read is closed to them.
    pub fn open(paths: &Paths) -> io::Result<Self> {
        let folder = paths.runtime.clone().unwrap_or_else(|| paths.state.join("run"));
        fs::DirBuilder::new().recursive(true).mode(0o700).create(&folder)?;
        let meta = fs::symlink_metadata(&folder)?;
        if !meta.is_dir() {
            return Err(io::Error::other(format!("{} is not a folder", folder.display())));
        }
        if meta.uid() != own_uid(&folder)? {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} belongs to another user", folder.display()),
            ));
        }
        if meta.mode() & 0o077 != 0 {
            fs::set_permissions(&folder, fs::Permissions::from_mode(0o700))?;
        }
        Ok(Self { folder })
    }

    /// The folder itself.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The socket of the session with key `key`. Too long a path is an error: the system would
    /// cut it.
    pub fn socket(&self, key: &str) -> io::Result<PathBuf> {
        let path = self.folder.join(format!("{key}.sock"));
        if path.as_os_str().len() > SOCKET_PATH {
            return Err(io::Error::other(format!(
                "set XDG_RUNTIME_DIR to a shorter folder: the socket's path would be longer than the {SOCKET_PATH} bytes a socket may have ({})",
                crate::sanitize::clean(&path.display().to_string(), false)
            )));
        }
        Ok(path)
    }

    /// The words about the session with key `key`.
    pub fn about(&self, key: &str) -> PathBuf {
        self.folder.join(format!("{key}.json"))
    }

    /// The links to the pages of the session with key `key`, with `--serve` (`room URL`,
    /// `remote URL`, `facilitator URL`, one a line), for scripts.
    pub fn links(&self, key: &str) -> PathBuf {
        self.folder.join(format!("{key}.links"))
    }

    /// The sessions running now, oldest first. Words left by a run that ended without
    /// removing them (its socket answers nobody) are removed on the way.
    pub fn running(&self) -> Vec<Running> {
        let Ok(entries) = fs::read_dir(&self.folder) else { return Vec::new() };
        let mut found: Vec<Running> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".json").map(str::to_owned))
            .filter_map(|key| {
                let socket = self.socket(&key).ok()?;
                let connection = match UnixStream::connect(&socket) {
                    Ok(connection) => connection,
                    Err(e) if e.kind() == io::ErrorKind::ConnectionRefused || e.kind() == io::ErrorKind::NotFound => {
                        let _ = fs::remove_file(&socket);
                        let _ = fs::remove_file(self.about(&key));
                        return None;
                    }
                    Err(_) => return None,
                };
                let bytes =
                    crate::files::read(&self.about(&key), ABOUT_BYTES, "a running session's description").ok()?;
                let about: About = serde_json::from_slice(&bytes).ok()?;
                Some(Running { key, about, connection })
            })
            .collect();
        found.sort_by_key(|r| r.about.started);
        found
    }
}

/// This process's user. Linux says it through `/proc/self`; elsewhere a file made in `folder`
/// (which is ours if we just made it) tells.
pub fn own_uid(folder: &Path) -> io::Result<u32> {
    if let Ok(meta) = fs::metadata("/proc/self") {
        return Ok(meta.uid());
    }
    let probe = folder.join(format!(".uid-{}", std::process::id()));
    let file = fs::File::create(&probe)?;
    let uid = file.metadata()?.uid();
    let _ = fs::remove_file(&probe);
    Ok(uid)
}

/// Refuses a socket that is not a socket, or that another user owns.
pub fn check_socket(path: &Path, folder: &Path) -> io::Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let meta = fs::symlink_metadata(path)?;
    if !meta.file_type().is_socket() {
        return Err(io::Error::other(format!("{} is not a socket", path.display())));
    }
    if meta.uid() != own_uid(folder)? {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} belongs to another user: not following it", path.display()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_made_private_and_a_wide_open_one_is_closed() {
        let root = crate::files::scratch("runtime");
        let paths = Paths::under(&root);
        let runtime = Runtime::open(&paths).expect("made");
        let mode = |p: &Path| fs::metadata(p).expect("exists").mode() & 0o777;
        assert_eq!(mode(runtime.folder()), 0o700);
        fs::set_permissions(runtime.folder(), fs::Permissions::from_mode(0o755)).expect("opened up");
        let again = Runtime::open(&paths).expect("reopened");
        assert_eq!(mode(again.folder()), 0o700, "closed again");
        let long = "k".repeat(200);
        assert!(runtime.socket(&long).is_err(), "a socket path the system would cut");
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn words_left_by_a_run_that_is_gone_are_removed() {
        let root = crate::files::scratch("runtime-stale");
        let runtime = Runtime::open(&Paths::under(&root)).expect("made");
        let socket = runtime.socket("s-1").expect("a path");
        drop(std::os::unix::net::UnixListener::bind(&socket).expect("bound"));
        fs::write(runtime.about("s-1"), b"{}").expect("written");
        // The listener is gone, its socket file stays: a killed run.
        assert!(socket.exists());
        assert!(runtime.running().is_empty());
        assert!(!socket.exists() && !runtime.about("s-1").exists(), "both removed");
        let _ = fs::remove_dir_all(&root);
    }
}
