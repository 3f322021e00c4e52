//! `holdspace list`: the sessions it can find (the bundled library, then `./sessions` and the
//! user's sessions folder), each with its title, planned length, steps, how people are grouped,
//! where it is, and its credit line; files that do not load are listed with their first error.

use std::fmt::Write as _;

use super::Failure;
use super::find::{folders, stem};
use crate::paths::Paths;
use crate::sanitize;
use crate::session::{self, Body, LIBRARY, Leftover, Session, duration};

/// Prints the sessions found, one line each and their credit under it.
pub fn list(paths: Option<&Paths>) -> Result<(), Failure> {
    let mut out = String::new();
    for bundled in LIBRARY {
        let loaded = session::from_str(bundled.1, bundled.0);
        line(&mut out, stem(bundled), "(bundled)", loaded.map_err(|e| e.to_string()));
    }
    for folder in folders(paths) {
        for path in crate::files::with_extension(&folder, "toml") {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            line(&mut out, &stem, &path.display().to_string(), session::load(&path).map_err(|e| e.to_string()));
        }
    }
    Ok(crate::print::out(&out)?)
}

fn line(out: &mut String, name: &str, place: &str, loaded: Result<Session, String>) {
    let name = sanitize::clean(name, false);
    let place = sanitize::clean(place, false);
    let _ = match loaded {
        Ok(s) => {
            let _ = writeln!(
                out,
                "{name:<24} {:<28} {:>6} {:>3} steps  {:<20} {place}",
                crate::wrap::truncate(&s.title.replace('\n', " "), 28),
                duration::words(s.total()),
                s.steps.len(),
                groups(&s),
            );
            s.source.map_or(Ok(()), |source| writeln!(out, "{:<24} {}", "", source.replace('\n', " ")))
        }
        Err(e) => {
            let first = e.lines().next().unwrap_or_default().to_owned();
            writeln!(out, "{name:<24} does not load: {}  {place}", sanitize::clean(&first, false))
        }
    };
}

/// How a session groups people, in the order its steps do: "pairs, groups of 4"; "alone" when
/// no step does.
fn groups(session: &Session) -> String {
    let mut kinds: Vec<String> = Vec::new();
    for step in &session.steps {
        let kind = match &step.body {
            Body::PairShare(_) => "pairs".to_owned(),
            Body::Group(g) if g.size == 2 => "pairs".to_owned(),
            Body::Group(g) if g.leftover == Leftover::Smaller => format!("groups of up to {}", g.size),
            Body::Group(g) => format!("groups of {}", g.size),
            _ => continue,
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() { "alone".to_owned() } else { kinds.join(", ") }
}
