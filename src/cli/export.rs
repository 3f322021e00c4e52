//! `holdspace export FILE`: the plan (or `--handout`) as Markdown on standard output.

use std::path::PathBuf;
use std::process::ExitCode;

use super::find::{self, resolve};
use super::{BAD_INPUT, RoomArgs, roster_or_exit};
use crate::export::{self, Options};

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
pub fn export(args: &ExportArgs) -> ExitCode {
    let session = match find::load(&resolve(&args.file)) {
        Ok(loaded) => loaded.session,
        Err(message) => {
            err!("{message}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let roster = match roster_or_exit(args.room.people.as_deref(), &session) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let seed = args.room.seed.unwrap_or_else(rand::random);
    let options = Options { start: args.room.start, handout: args.handout, roster, seed };
    out!("{}", export::markdown(&session, &options));
    ExitCode::SUCCESS
}
