//! Listing the files of one kind in a folder: session files for `list`, records for `history`.

use std::path::{Path, PathBuf};

/// The files in `folder` whose extension is `extension`, sorted by name; none when the folder
/// cannot be read (it may simply not exist yet).
pub fn with_extension(folder: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
}
