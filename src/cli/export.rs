//! `holdspace export FILE`: the plan (or `--handout`) as Markdown on standard output.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveTime;

use super::find::{self, resolve};
use super::{BAD_INPUT, parse_start, roster_or_exit};
use crate::export::{self, Options};

/// Options of `holdspace export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A session file, or the name of one in the sessions folders.
    file: PathBuf,
    /// Planned start time, to print clock times.
    #[arg(long, value_name = "HH:MM", value_parser = parse_start)]
    start: Option<NaiveTime>,
    /// The participants' handout: the quote and the questions, no notes, no timings.
    #[arg(long)]
    handout: bool,
    /// The people in the room, to list each round's pairs: a file with one name a line, or a count.
    #[arg(long, value_name = "FILE|N")]
    people: Option<String>,
    /// Seed for the pairs (the same seed as `run --seed` gives the same pairs).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
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
    let roster = match roster_or_exit(args.people.as_deref(), &session) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let seed = args.seed.unwrap_or_else(rand::random);
    let options = Options { start: args.start, handout: args.handout, roster, seed };
    out!("{}", export::markdown(&session, &options));
    ExitCode::SUCCESS
}
