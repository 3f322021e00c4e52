//! `holdspace export FILE`: the plan (or `--handout`) as Markdown on standard output.

use std::path::PathBuf;

use super::find::{self, resolve};
use super::{Failure, RoomArgs, roster};
use crate::export::{self, Options};
use crate::paths::Paths;

// Options of `holdspace export` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A session file, or the name of one in the sessions folders.
    file: PathBuf,
    /// The participants' handout: the quote and the questions, no notes, no timings.
    #[arg(long)]
    handout: bool,
    /// With `--people`, each round's pairs are listed; with `--start`, clock times.
    #[command(flatten)]
    room: RoomArgs,
}

/// Prints the export.
pub fn export(args: &ExportArgs, paths: Option<&Paths>) -> Result<(), Failure> {
    let session = find::load(&resolve(&args.file, paths))?.session;
    let roster = roster(args.room.people.as_deref(), &session)?;
    let seed = args.room.seed.unwrap_or_else(rand::random);
    let options = Options { start: args.room.start, handout: args.handout, roster, seed };
    Ok(crate::print::out(&export::markdown(&session, &options))?)
}
