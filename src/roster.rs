//! Rosters from the command line: `--people FILE` (one name a line) or `--people N` (people
//! numbered 1 to N, for rooms where names are not known).

use std::path::Path;

use crate::limits::ROOM as SIZE;
use crate::sanitize;

/// Why a roster was refused. Messages name the file and line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RosterError {
    /// A count outside [`SIZE`].
    #[error("--people {0}: a room has between 2 and 1,000 people")]
    Count(String),
    /// The file could not be read or is not UTF-8.
    #[error("{0}: cannot read: {1}")]
    Read(String, String),
    /// Fewer than two names.
    #[error("{0}: a roster needs at least two names, found {1}")]
    TooFew(String, usize),
    /// More than a thousand names.
    #[error("{0}: a roster holds at most 1,000 names")]
    TooMany(String),
    /// A line with nothing left once invisible characters are removed.
    #[error("{0}:{1}: an empty name (only invisible characters)")]
    EmptyName(String, usize),
    /// The same name twice.
    #[error("{path}:{line}: `{name}` is already on line {first}")]
    Duplicate {
        /// The file.
        path: String,
        /// Where the repeat is.
        line: usize,
        /// Where it first appears.
        first: usize,
        /// The name.
        name: String,
    },
}

/// Reads `--people`: a count when it looks like a number, else a file of names.
pub fn from_arg(spec: &str) -> Result<Vec<String>, RosterError> {
    let trimmed = spec.trim();
    if !trimmed.is_empty() && trimmed.trim_start_matches(['-', '+']).chars().all(|c| c.is_ascii_digit()) {
        let count: usize = trimmed.parse().map_err(|_| RosterError::Count(spec.to_owned()))?;
        if !SIZE.contains(&count) {
            return Err(RosterError::Count(spec.to_owned()));
        }
        return Ok((1..=count).map(|i| i.to_string()).collect());
    }
    let path = Path::new(spec);
    let bytes = std::fs::read(path).map_err(|e| RosterError::Read(spec.to_owned(), e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| RosterError::Read(spec.to_owned(), "not UTF-8 text".into()))?;
    from_text(&text, spec)
}

/// Parses a roster file's text: one name a line; blank lines and `#` comments are skipped.
pub fn from_text(text: &str, origin: &str) -> Result<Vec<String>, RosterError> {
    let mut names: Vec<(String, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let written = line.split('#').next().unwrap_or_default();
        if written.trim().is_empty() {
            continue;
        }
        let name = sanitize::clean(written, false).trim().to_owned();
        if name.is_empty() {
            return Err(RosterError::EmptyName(origin.to_owned(), i + 1));
        }
        if let Some((_, first)) = names.iter().find(|(n, _)| *n == name) {
            return Err(RosterError::Duplicate { path: origin.to_owned(), line: i + 1, first: *first, name });
        }
        names.push((name, i + 1));
        if names.len() > *SIZE.end() {
            return Err(RosterError::TooMany(origin.to_owned()));
        }
    }
    if names.len() < *SIZE.start() {
        return Err(RosterError::TooFew(origin.to_owned(), names.len()));
    }
    Ok(names.into_iter().map(|(n, _)| n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_number_people() {
        assert_eq!(from_arg("3"), Ok(vec!["1".into(), "2".into(), "3".into()]));
        for bad in ["0", "1", "-3", "100000", "99999999999999999999999"] {
            assert_eq!(from_arg(bad), Err(RosterError::Count(bad.into())), "{bad}");
        }
    }

    #[test]
    fn files_skip_comments_and_blank_lines_and_refuse_repeats() {
        assert_eq!(from_text("# room A\nAna\n\nBen # late\n", "r.txt"), Ok(vec!["Ana".into(), "Ben".into()]));
        assert_eq!(
            from_text("Ana\nBen\nAna\n", "r.txt"),
            Err(RosterError::Duplicate { path: "r.txt".into(), line: 3, first: 1, name: "Ana".into() })
        );
        assert_eq!(from_text("Ana\n", "r.txt"), Err(RosterError::TooFew("r.txt".into(), 1)));
        assert_eq!(from_text("Ana\n\u{200b}\u{1b}\nBen\n", "r.txt"), Err(RosterError::EmptyName("r.txt".into(), 2)));
        assert_eq!(from_text("", "r.txt"), Err(RosterError::TooFew("r.txt".into(), 0)));
    }
}
