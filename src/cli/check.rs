//! `holdspace check FILE...`: every problem of every file, located, as text for people (colour
//! only on a terminal and never with `NO_COLOR`) or as JSON lines for editors and CI.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::ValueEnum;

use super::{Failure, find};
use crate::paths::Paths;
use crate::session::{self, Checked, duration};
use crate::{sanitize, ui};

// Options of `holdspace check` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Session files to check, or names of bundled or saved sessions.
    #[arg(required_unless_present_any = ["theme", "config"])]
    files: Vec<PathBuf>,
    /// Check a theme file instead: every problem located, and text colours hard to read.
    #[arg(long, value_name = "FILE")]
    theme: Option<PathBuf>,
    /// Check the config file instead (yours, or the one given).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "")]
    config: Option<PathBuf>,
    /// Output for people, or one JSON object a line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// `file:line:col: error: message` with the line and a marker.
    Text,
    /// One JSON object per finding.
    Json,
}

/// Checks a settings file (a theme, the config) and returns its findings.
type CheckFile = fn(&std::path::Path) -> Result<crate::session::diagnostic::Diagnostics, crate::files::ReadError>;

/// Checks every file; exit 0 when all are valid (warnings allowed), 1 when any is not.
pub fn check(args: &CheckArgs, paths: Option<&Paths>) -> Result<(), Failure> {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let settings: Option<(PathBuf, CheckFile)> = match (&args.theme, &args.config) {
        (Some(theme), _) => Some((theme.clone(), crate::themes::check)),
        (None, Some(config)) if config.as_os_str().is_empty() => {
            let paths = paths.ok_or_else(|| Failure::BadInput("this system has no config folder".into()))?;
            Some((crate::config::path(paths), crate::config::check))
        }
        (None, Some(config)) => Some((config.clone(), crate::config::check)),
        (None, None) => None,
    };
    if let Some((path, check_file)) = settings {
        let path = &path;
        let found = check_file(path).map_err(|e| Failure::BadInput(e.to_string()))?;
        let mut out = found.render(colour).into_bytes();
        if found.items.is_empty() {
            // A file name is untrusted text like any other: it may hold escape sequences.
            let _ = writeln!(out, "{}: ok", sanitize::clean(&path.display().to_string(), false));
        }
        write_out(&out, colour)?;
        return if found.has_errors() { Err(Failure::Reported) } else { Ok(()) };
    }
    let mut out = Vec::new();
    let mut invalid = 0;
    for path in &args.files {
        let source = find::resolve(path, paths);
        let read = find::read(&source);
        let name = read.as_ref().map_or_else(|_| path.display().to_string(), |(_, name)| name.clone());
        let checked = read.map(|(src, name)| session::check(&src, &name, ui::ROOM_FIT));
        let valid = matches!(&checked, Ok(Checked { session: Some(_), .. }));
        invalid += usize::from(!valid);
        // Writing into memory cannot fail; standard output is written once, checked, below.
        let _ = match args.format {
            Format::Text => write_text(&mut out, &name, &checked, colour),
            Format::Json => write_json(&mut out, &name, &checked),
        };
    }
    if matches!(args.format, Format::Text) && args.files.len() > 1 {
        let _ = writeln!(
            out,
            "{} files checked, {} valid, {invalid} with errors",
            args.files.len(),
            args.files.len() - invalid
        );
    }
    write_out(&out, colour)?;
    if invalid == 0 { Ok(()) } else { Err(Failure::Reported) }
}

/// Writes what was gathered: cleaned of controls (file names carry what their owner chose), but
/// keeping the colour this command itself added when standard output is a terminal.
fn write_out(gathered: &[u8], colour: bool) -> Result<(), Failure> {
    let text = String::from_utf8_lossy(gathered);
    if !colour {
        return Ok(crate::print::out(&text)?);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::BadInput(format!("cannot write to standard output: {e}")))
        }
        _ => Ok(()),
    }
}

fn write_text(
    out: &mut impl Write,
    name: &str,
    checked: &Result<Checked, Failure>,
    colour: bool,
) -> std::io::Result<()> {
    match checked {
        Err(e) => writeln!(out, "{}", sanitize::clean(e.to_string().trim_end(), false)),
        Ok(Checked { session, diagnostics, findings }) => {
            write!(out, "{}", diagnostics.render(colour))?;
            // With a session, every finding is a warning, those past the count included.
            let warnings = *findings;
            match session {
                Some(s) => {
                    let plural = if s.steps.len() == 1 { "" } else { "s" };
                    let noted = if warnings > 0 {
                        format!(", {warnings} warning{}", if warnings == 1 { "" } else { "s" })
                    } else {
                        String::new()
                    };
                    writeln!(
                        out,
                        "{}: ok: {} step{plural}, {}{noted}",
                        sanitize::clean(name, false),
                        s.steps.len(),
                        duration::words(s.total())
                    )
                }
                None => Ok(()),
            }
        }
    }
}

fn write_json(out: &mut impl Write, name: &str, checked: &Result<Checked, Failure>) -> std::io::Result<()> {
    match checked {
        Ok(Checked { diagnostics, .. }) => {
            for line in diagnostics.json_lines() {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        Err(e) => {
            let message = sanitize::clean(e.to_string().trim_end(), false);
            let line = serde_json::json!({ "file": sanitize::clean(name, false), "line": null, "column": null, "severity": "error", "message": message });
            writeln!(out, "{line}")
        }
    }
}
