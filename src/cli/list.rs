//! `holdspace list`: the sessions it can find, each with its title, planned total and steps;
//! files that do not load are listed with their first error.

use std::fmt::Write as _;

use super::Failure;
use super::find::folders;
use crate::paths::Paths;
use crate::sanitize;
use crate::session::{self, BUNDLED, Session, duration};

/// Prints one line per session found.
pub fn list(paths: Option<&Paths>) -> Result<(), Failure> {
    let mut out = String::new();
    let bundled = session::from_str(BUNDLED.1, BUNDLED.0);
    line(&mut out, BUNDLED.0.trim_end_matches(".toml"), "(bundled)", bundled.map_err(|e| e.to_string()));
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
        Ok(s) => writeln!(
            out,
            "{name:<28} {:<36} {:>6} {:>3} steps  {place}",
            crate::wrap::truncate(&s.title.replace('\n', " "), 36),
            duration::words(s.total()),
            s.steps.len()
        ),
        Err(e) => {
            let first = e.lines().next().unwrap_or_default().to_owned();
            writeln!(out, "{name:<28} does not load: {}  {place}", sanitize::clean(&first, false))
        }
    };
}
