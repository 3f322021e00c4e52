//! Rosters from the command line: `--people FILE` (one name a line) or `--people N` (people
//! numbered 1 to N, for rooms where names are not known).

use std::path::Path;

use crate::limits::{NAME, ROOM as SIZE};
use crate::sanitize;

/// The largest roster file read: a thousand names of the longest length, in any script, with
/// room for comments.
const MAX_BYTES: u64 = 1024 * 1024;

/// Why a roster was refused. Messages name the file and line.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RosterError {
    /// A count outside [`SIZE`].
    #[error("--people {0}: a room has between 2 and 1,000 people")]
    Count(String),
    /// The file is not UTF-8.
    #[error("{0}: cannot read: {1}")]
    Read(String, String),
    /// The file could not be read: missing, not a regular file, too large.
    #[error("{0}")]
    File(String),
    /// A name longer than names may be.
    #[error("{0}:{1}: a name of {2} characters; the most is {NAME}")]
    TooLong(String, usize, usize),
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
    let bytes = crate::files::read(path, MAX_BYTES, "a roster").map_err(|e| RosterError::File(e.to_string()))?;
    let name = sanitize::clean(spec, false);
    let text = String::from_utf8(bytes).map_err(|_| RosterError::Read(name.clone(), "not UTF-8 text".into()))?;
    from_text(&text, &name)
}

/// The longest line, in bytes, that is read as a possible name: room for the longest name in
/// four-byte characters, with as many invisible characters around it as cleaning would drop.
const LONGEST_LINE: usize = NAME * 4 * 4;

/// A person's name as the roster keeps it: cleaned of controls and invisible characters, trimmed,
/// on one line, in one Unicode spelling (NFC), so that the same name typed two ways is one
/// person.
pub fn normalize(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    sanitize::clean(name, false).trim().nfc().collect()
}

/// Whether two names, as [`normalize`] leaves them, read the same: compared without the joiners
/// and variation selectors that cleaning keeps for emoji, which show nothing inside a word
/// (`A\u{200D}na` is Ana, once).
pub fn same(a: &str, b: &str) -> bool {
    let shown = |c: &char| !matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}');
    a.chars().filter(shown).eq(b.chars().filter(shown))
}

/// Parses a roster file's text: one name a line (`\n`, `\r\n` or a lone `\r` ends a line);
/// blank lines and lines that start with `#` are skipped (a `#` later in a line is part of the
/// name: `C# Dev`).
pub fn from_text(text: &str, origin: &str) -> Result<Vec<String>, RosterError> {
    let mut names: Vec<(String, usize)> = Vec::new();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        let line_number = i + 1;
        let written = line.trim();
        if written.is_empty() || written.starts_with('#') {
            continue;
        }
        // A line far longer than any name is refused as written, before the cost of cleaning
        // and respelling all of it (a megabyte-long line would otherwise take tens of ms).
        if written.len() > LONGEST_LINE {
            return Err(RosterError::TooLong(origin.to_owned(), line_number, written.chars().count()));
        }
        let name = normalize(written);
        if name.is_empty() {
            return Err(RosterError::EmptyName(origin.to_owned(), line_number));
        }
        let length = name.chars().count();
        if length > NAME {
            return Err(RosterError::TooLong(origin.to_owned(), line_number, length));
        }
        if let Some((_, first)) = names.iter().find(|(n, _)| same(n, &name)) {
            return Err(RosterError::Duplicate { path: origin.to_owned(), line: line_number, first: *first, name });
        }
        names.push((name, line_number));
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
    fn lines_end_three_ways_and_a_hash_inside_a_name_is_kept() {
        assert_eq!(from_text("Ana\rBen\r\nC# Dev\n", "r.txt"), Ok(vec!["Ana".into(), "Ben".into(), "C# Dev".into()]));
        let long = "x".repeat(NAME + 1);
        assert_eq!(
            from_text(&format!("Ana\n{long}\n"), "r.txt"),
            Err(RosterError::TooLong("r.txt".into(), 2, NAME + 1))
        );
        let huge = "\u{e9}".repeat(1 << 19);
        assert_eq!(
            from_text(&format!("Ana\n{huge}\n"), "r.txt"),
            Err(RosterError::TooLong("r.txt".into(), 2, 1 << 19))
        );
    }

    #[test]
    fn one_name_spelled_two_ways_is_one_person() {
        let (composed, decomposed) = ("Zo\u{eb}", "Zoe\u{308}");
        assert_eq!(
            from_text(&format!("{composed}\n{decomposed}\n"), "r.txt"),
            Err(RosterError::Duplicate { path: "r.txt".into(), line: 2, first: 1, name: composed.into() })
        );
    }

    #[test]
    fn a_name_with_invisible_characters_in_it_is_the_same_name() {
        // A soft hyphen and a tag character are cleaned away; a joiner stays (emoji need it)
        // but is not a difference between two names.
        for other in ["Ana\u{AD}", "Ana\u{E0041}", "A\u{200D}na", "Ana\u{FE0F}"] {
            assert_eq!(
                from_text(&format!("Ana\n{other}\n"), "r.txt")
                    .map_err(|e| matches!(e, RosterError::Duplicate { line: 2, first: 1, .. })),
                Err(true),
                "{other:?}"
            );
        }
        assert!(same("👩\u{200D}💻", "👩💻") && !same("Ana", "Anna"));
    }

    #[test]
    fn files_skip_comments_and_blank_lines_and_refuse_repeats() {
        assert_eq!(from_text("# room A\nAna\n\n  # late\nBen\n", "r.txt"), Ok(vec!["Ana".into(), "Ben".into()]));
        assert_eq!(
            from_text("Ana\nBen\nAna\n", "r.txt"),
            Err(RosterError::Duplicate { path: "r.txt".into(), line: 3, first: 1, name: "Ana".into() })
        );
        assert_eq!(from_text("Ana\n", "r.txt"), Err(RosterError::TooFew("r.txt".into(), 1)));
        assert_eq!(from_text("Ana\n\u{200b}\u{1b}\nBen\n", "r.txt"), Err(RosterError::EmptyName("r.txt".into(), 2)));
        assert_eq!(from_text("", "r.txt"), Err(RosterError::TooFew("r.txt".into(), 0)));
    }
}
