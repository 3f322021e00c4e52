//! Located messages about a session file: `path:line:col: error: message`, the offending line,
//! and a marker under the span, in the style of rustc.

use std::fmt;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::sanitize;

/// How bad a finding is. Errors stop a file from loading; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file cannot be used as it is.
    Error,
    /// The file loads, but probably not as its author meant.
    Warning,
}

/// One finding, located by a byte span into the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Bytes of the source the message is about (may be empty: a point).
    pub span: Range<usize>,
    /// Lowercase, no final period, names the culprit.
    pub message: String,
}

impl Diagnostic {
    /// An error at `span`. Messages may quote the file (a key, a value), so they are cleaned of
    /// terminal controls here, once.
    pub fn error(span: Range<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, span, message: sanitize::clean(&message.into(), false) }
    }

    /// A warning at `span`, cleaned like [`Diagnostic::error`].
    pub fn warning(span: Range<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, span, message: sanitize::clean(&message.into(), false) }
    }
}

/// All findings about one source, with what is needed to show them.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Diagnostics {
    /// Where the source came from, as the user named it.
    pub origin: String,
    /// The source text (already known to be UTF-8).
    pub src: String,
    /// Findings in source order.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// True when any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.src, offset);
        let before = &self.src[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// All findings as text, with ANSI colour when `colour` is set (only for a terminal).
    pub fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            // Writing into a String cannot fail.
            let _ = self.write_one(&mut out, d, colour);
        }
        out
    }

    /// One JSON object per finding, for editors and CI.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.items
            .iter()
            .map(|d| {
                let (line, column) = self.line_col(d.span.start);
                let (end_line, end_column) = self.line_col(d.span.end);
                serde_json::json!({
                    "file": sanitize::clean(&self.origin, false),
                    "line": line,
                    "column": column,
                    "end_line": end_line,
                    "end_column": end_column,
                    "severity": label(d.severity),
                    "message": d.message,
                })
            })
            .collect()
    }

    fn write_one(&self, f: &mut impl fmt::Write, d: &Diagnostic, colour: bool) -> fmt::Result {
        let (line, col) = self.line_col(d.span.start);
        let (on, bold, off) = match (colour, d.severity) {
            (false, _) => ("", "", ""),
            (true, Severity::Error) => ("\x1b[1;31m", "\x1b[1m", "\x1b[0m"),
            (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[1m", "\x1b[0m"),
        };
        let origin = sanitize::clean(&self.origin, false);
        writeln!(f, "{bold}{origin}:{line}:{col}:{off} {on}{}{off}: {bold}{}{off}", label(d.severity), d.message)?;
        let Some(text) = self.src.split('\n').nth(line - 1) else {
            return Ok(());
        };
        let start = floor_char_boundary(&self.src, d.span.start);
        let line_start = self.src[..start].rfind('\n').map_or(0, |i| i + 1);
        let end = floor_char_boundary(&self.src, d.span.end.min(line_start + text.len()).max(start));
        let (shown, prefix, marked) = window(text, start - line_start, end - line_start);
        let gutter = line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{line} | {shown}")?;
        writeln!(f, "{:gutter$} | {}{on}{}{off}", "", " ".repeat(prefix.width()), "^".repeat(marked.width().max(1)))
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            self.write_one(f, d, false)?;
        }
        Ok(())
    }
}

fn label(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The part of a source line to show around a span, cleaned of controls: the line itself when
/// short, else a window of it with ellipses, so that a minified line stays readable. Returns the
/// text, the text before the marker, and the marked text.
fn window(text: &str, from: usize, to: usize) -> (String, String, String) {
    const ROOM: usize = 100;
    let (before, marked, after) = (&text[..from], &text[from..to], &text[to..]);
    if text.chars().count() <= ROOM {
        return (sanitize::clean(text, false), sanitize::clean(before, false), sanitize::clean(marked, false));
    }
    let skip = before.chars().count().saturating_sub(ROOM / 2);
    let kept_before: String = before.chars().skip(skip).collect();
    let kept_marked: String = marked.chars().take(ROOM / 2).collect();
    let kept_after: String = after.chars().take(ROOM / 2).collect();
    let lead = if skip > 0 { "…" } else { "" };
    let tail = if kept_after.len() < after.len() { "…" } else { "" };
    let prefix = format!("{lead}{}", sanitize::clean(&kept_before, false));
    let marked = sanitize::clean(&kept_marked, false);
    (format!("{prefix}{marked}{}{tail}", sanitize::clean(&kept_after, false)), prefix, marked)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1) + 1 && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_marker() {
        let diagnostics = Diagnostics {
            origin: "s.toml".into(),
            src: "[session]\ntitle = \"\"\n".into(),
            items: vec![Diagnostic::error(18..20, "`title` must not be empty")],
        };
        assert_eq!(
            diagnostics.to_string(),
            "s.toml:2:9: error: `title` must not be empty\n  |\n2 | title = \"\"\n  |         ^^\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "subtitle", "duration", "notes"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("duraton", &keys), Some("duration"));
        assert_eq!(did_you_mean("colour", &keys), None);
    }
}
