//! Files on disk: the one way every file the program reads is read (a regular file only, never
//! blocking, never more than a cap), writing them so that a crash or a power cut never leaves a
//! torn one, and listing the files of one kind in a folder.
//!
//! The write helpers are written here rather than taken from the `tempfile` crate: they need
//! two things it does not do together (flushing the folder after the rename, and linking a
//! record under the first free name so that none is ever overwritten), and they are short.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not there, not allowed, or the system failed.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file, cleaned for printing.
        path: String,
        /// What the system said.
        source: io::Error,
    },
    /// A FIFO, a device, a folder, a socket: reading it could block forever or never end.
    #[error("{path} is {what}, not a file")]
    NotAFile {
        /// The file, cleaned for printing.
        path: String,
        /// "a FIFO", "a folder"...
        what: &'static str,
    },
    /// Larger than the cap for its kind.
    #[error("{path}: larger than {cap} bytes, the most {kind} may be")]
    TooLarge {
        /// The file, cleaned for printing.
        path: String,
        /// The cap.
        cap: u64,
        /// "a session file"...
        kind: &'static str,
    },
}

/// Reads the file at `path` (a symlink to one is fine) as `kind` ("a session file"), refusing
/// anything else before it is opened, opening without blocking (a FIFO put in its place in
/// between cannot hang the program), and reading at most `cap` bytes.
pub fn read(path: &Path, cap: u64, kind: &'static str) -> Result<Vec<u8>, ReadError> {
    let name = || crate::sanitize::clean(&path.display().to_string(), false);
    let io = |source| ReadError::Io { path: name(), source };
    check_type(&fs::metadata(path).map_err(io)?, &name)?;
    let file = open_nonblocking(path).map_err(io)?;
    check_type(&file.metadata().map_err(io)?, &name)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge { path: name(), cap, kind });
    }
    Ok(bytes)
}

/// Refuses anything but a regular file, naming what it is.
fn check_type(meta: &fs::Metadata, name: &dyn Fn() -> String) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = meta.file_type();
    let what = if kind.is_dir() { "a folder" } else { special(kind).unwrap_or("not a regular file") };
    Err(ReadError::NotAFile { path: name(), what })
}

#[cfg(unix)]
fn special(kind: fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    [
        (kind.is_fifo(), "a FIFO"),
        (kind.is_socket(), "a socket"),
        (kind.is_char_device(), "a device"),
        (kind.is_block_device(), "a device"),
    ]
    .into_iter()
    .find_map(|(is, what)| is.then_some(what))
}

#[cfg(not(unix))]
fn special(_: fs::FileType) -> Option<&'static str> {
    None
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Writes `bytes` to `path` atomically and durably: to a temporary file in the same folder,
/// flushed to disk, renamed over `path`, then the folder flushed too. A crash at any instant
/// leaves the old file or the new one, never a torn one. Creates the folder when missing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = folder_of(path);
    fs::create_dir_all(folder)?;
    let temporary = temporary_for(path);
    if let Err(e) = write_synced(&temporary, bytes).and_then(|()| fs::rename(&temporary, path)) {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    File::open(folder)?.sync_all()
}

/// Writes `bytes` durably under the first of `names` (paths in one folder) that does not exist
/// yet, and returns it: a file is never overwritten, even by another process racing for the same
/// name.
pub fn write_new(names: impl IntoIterator<Item = PathBuf>, bytes: &[u8]) -> io::Result<PathBuf> {
    let mut names = names.into_iter().peekable();
    let Some(first) = names.peek() else { return Err(io::Error::other("no name to write to")) };
    let folder = folder_of(first).to_owned();
    fs::create_dir_all(&folder)?;
    let temporary = temporary_for(first);
    let placed = write_synced(&temporary, bytes).and_then(|()| {
        for name in names {
            match fs::hard_link(&temporary, &name) {
                Ok(()) => return Ok(name),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(io::ErrorKind::AlreadyExists, "every name is taken"))
    });
    let _ = fs::remove_file(&temporary);
    let path = placed?;
    File::open(&folder)?.sync_all()?;
    Ok(path)
}

/// Removes the temporary files a process killed in the middle of writing `path` left behind.
pub fn remove_leftovers(path: &Path) {
    let (folder, Some(name)) = (folder_of(path), path.file_name()) else { return };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `.<name>.tmp-<pid>` beside `path`: hidden, and named for the process writing it.
fn temporary_for(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    folder_of(path).join(format!(".{name}.tmp-{}", std::process::id()))
}

fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// The files in `folder` whose extension is `extension`, sorted by name; none when the folder
/// cannot be read (it may simply not exist yet).
pub fn with_extension(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
}

/// A fresh, empty folder for a unit test, named for the test and this process.
#[cfg(test)]
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("holdspace-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        scratch(&format!("files-{name}"))
    }

    #[test]
    fn only_regular_files_are_read_and_never_past_their_cap() {
        let dir = folder("read");
        fs::create_dir_all(&dir).expect("folder");
        let file = dir.join("a.txt");
        fs::write(&file, "hello").expect("write");
        assert_eq!(read(&file, 5, "a test file").expect("read"), b"hello");
        let too_large = read(&file, 4, "a test file").expect_err("over the cap");
        assert_eq!(
            too_large.to_string(),
            format!("{}: larger than 4 bytes, the most a test file may be", file.display())
        );
        let folder_error = read(&dir, 100, "a test file").expect_err("a folder");
        assert!(folder_error.to_string().ends_with("is a folder, not a file"), "{folder_error}");
        #[cfg(unix)]
        {
            let fifo = dir.join("f.toml");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
            assert!(made.success());
            let fifo_error = read(&fifo, 100, "a test file").expect_err("a FIFO is refused, not waited on");
            assert_eq!(fifo_error.to_string(), format!("{} is a FIFO, not a file", fifo.display()));
            let device = read(Path::new("/dev/zero"), 100, "a test file").expect_err("a device");
            assert_eq!(device.to_string(), "/dev/zero is a device, not a file");
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = folder("atomic");
        let path = dir.join("a.json");
        for text in ["one", "two"] {
            write_atomic(&path, text.as_bytes()).expect("write");
        }
        assert_eq!(fs::read_to_string(&path).expect("read"), "two");
        assert_eq!(fs::read_dir(&dir).expect("list").count(), 1);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_new_file_never_overwrites_and_leftovers_are_tidied() {
        let dir = folder("new");
        let names = || (1..4).map(|n| dir.join(format!("r-{n}.json")));
        let first = write_new(names(), b"first").expect("write");
        let second = write_new(names(), b"second").expect("write again");
        assert_ne!(first, second);
        assert_eq!(fs::read_to_string(&first).expect("read"), "first");
        let stray = dir.join(".r-1.json.tmp-99999");
        fs::write(&stray, b"half").expect("write");
        remove_leftovers(&first);
        assert!(!stray.exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
