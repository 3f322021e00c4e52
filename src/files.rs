//! Files on disk: writing them so that a crash or a power cut never leaves a torn one, and
//! listing the files of one kind in a folder.
//!
//! The write helpers are written here rather than taken from the `tempfile` crate: they need
//! two things it does not do together (flushing the folder after the rename, and linking a
//! record under the first free name so that none is ever overwritten), and they are short.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
