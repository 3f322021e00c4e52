//! `holdspace new [TITLE]`: a commented scaffold with one step of every kind that passes
//! `check` as it is; `new --from NAME` a copy of a bundled or saved session to edit; `-o FILE`
//! writes either, never over an existing file.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Failure, find};
use crate::paths::Paths;

const SCAFFOLD: &str = include_str!("../../assets/scaffold.toml");

// Options of `holdspace new` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The session's title.
    #[arg(default_value = "A new session")]
    title: String,
    /// Copy this session to edit instead: a bundled or saved session's name, or a file.
    #[arg(long, value_name = "NAME", conflicts_with = "title")]
    from: Option<PathBuf>,
    /// Write to this file instead of printing (refuses to overwrite).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The scaffold text for `title`.
pub fn scaffold(title: &str) -> String {
    SCAFFOLD.replace("{title}", &toml_escape(title))
}

/// Escapes text for a TOML basic string.
fn toml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Prints or writes the scaffold, or with `--from` a copy of a session as it is written. A title
/// with nothing to show is refused: the scaffold would not pass `check`. The file is written
/// whole or not at all, and never over another.
pub fn new(args: &NewArgs, paths: Option<&Paths>) -> Result<(), Failure> {
    let text = match &args.from {
        Some(name) => find::read(&find::resolve(name, paths))?.0,
        None if crate::sanitize::clean(&args.title, false).trim().is_empty() => {
            return Err(Failure::Usage(
                "a session needs a title with something to show: holdspace new \"Team retro\"".into(),
            ));
        }
        None => scaffold(&args.title),
    };
    let Some(path) = &args.output else {
        return Ok(crate::print::out(&text)?);
    };
    let name = crate::sanitize::clean(&path.display().to_string(), false);
    match crate::files::write_new([path.clone()], text.as_bytes()) {
        Ok(_) => {
            crate::print::note(&format!("wrote {name}; check it with `holdspace check {name}`"));
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(Failure::BadInput(format!("{name} already exists; choose another name or remove it first")))
        }
        Err(e) => Err(Failure::BadInput(format!("cannot write {name}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session;

    #[test]
    fn the_scaffold_passes_check_without_warnings_and_has_every_kind() {
        let text = scaffold("Quotes \"and\" back\\slashes");
        let checked = session::check(&text, "new.toml", crate::ui::ROOM_FIT);
        assert!(checked.diagnostics.items.is_empty(), "{}", checked.diagnostics);
        let s = checked.session.expect("the scaffold is valid");
        assert_eq!(s.title, "Quotes \"and\" back\\slashes");
        let mut kinds: Vec<&str> = s.steps.iter().map(|s| s.kind().name()).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, ["closing", "group", "pair-share", "quote", "reflection", "text"]);
    }
}
