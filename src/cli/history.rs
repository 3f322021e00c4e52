//! `holdspace history FILE`: per step, the planned time and the median and last actual times
//! over every recorded rehearsal and run of the session, with a small trend.

use std::path::PathBuf;

use clap::ValueEnum;

use super::Failure;
use super::find::{self, resolve};
use crate::paths::Paths;
use crate::rehearsal::{self, store};

// Options of `holdspace history` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// A session file, or the name of one in the sessions folders.
    file: PathBuf,
    /// A table for the terminal, or Markdown for sharing.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// A table.
    Text,
    /// Markdown.
    Markdown,
}

/// Prints the history.
pub fn history(args: &HistoryArgs, paths: Option<&Paths>) -> Result<(), Failure> {
    let loaded = find::load(&resolve(&args.file, paths))?;
    let Some(paths) = paths else {
        return Err(Failure::BadInput("this system has no data folder, so there are no records".into()));
    };
    let folder = store::folder(paths, &loaded.name);
    let (records, skipped) = store::load_session(paths, &loaded.name);
    for warning in skipped {
        crate::print::note(&warning);
    }
    if records.is_empty() {
        crate::print::note(&format!(
            "no rehearsals or runs of {} are recorded yet (in {})",
            loaded.name,
            folder.display()
        ));
    }
    let records: Vec<_> = records.into_iter().map(|(_, r)| r).collect();
    let history = rehearsal::history(&loaded.session, &records);
    let text = match args.format {
        Format::Text => history.text(),
        Format::Markdown => history.markdown(),
    };
    Ok(crate::print::out(&text)?)
}
