//! The command line (clap): parses arguments and runs the chosen command. Every command returns
//! a [`Failure`] when it does not succeed, printed in one style and turned into the exit status
//! in one place (`failure.rs`): usage errors exit 2, bad input (a session or roster that does not
//! load) exits 1 with its messages on stderr, before the terminal is touched.

mod check;
mod export;
mod failure;
mod find;
mod follow;
mod history;
mod list;
mod manual;
mod new;
mod resume;
mod room_check;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveTime;
use clap::{Parser, Subcommand, ValueEnum};

pub use failure::Failure;

use crate::paths::Paths;

/// Walks a facilitator through a timed group session in the terminal.
#[derive(Debug, Parser)]
#[command(name = "holdspace", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// Each subcommand's arguments are built only when it is the one chosen: building them all took
/// a noticeable part of every start. Built that way, clap takes the about text of a subcommand
/// from the doc comment of its options struct, so those carry plain comments, and the text shown
/// stays the one written here.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum Command {
    /// Run a session (the bundled one when no file is given).
    Run(RunArgs),
    /// Check session files (or bundled or saved sessions by name): every problem, located.
    Check(check::CheckArgs),
    /// Rehearse alone: the facilitator view, timers optionally faster, a report at the end.
    Rehearse(RehearseArgs),
    /// Follow a running session in a second window (same keys), or as plain lines (--plain).
    Follow(follow::FollowArgs),
    /// Per step: planned, median and last actual times over the recorded rehearsals and runs.
    History(history::HistoryArgs),
    /// Print the JSON Schema of session files, for editor autocompletion.
    Schema,
    /// Print (or write with -o) a commented scaffold with one step of every kind, or a copy of a
    /// session to edit (--from).
    New(new::NewArgs),
    /// Print the plan (or the participants' handout) as Markdown.
    Export(export::ExportArgs),
    /// List the sessions found: the bundled library, ./sessions and your sessions folder.
    List,
    /// Print where the config file is and the settings in force.
    Config,
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions(manual::CompletionsArgs),
    /// Print the manual page (roff), or write a page per command into a folder with --out.
    Man(manual::ManArgs),
    /// Show the largest and the smallest text a session puts on the projector, and what to do
    /// about the font so the back row can read it.
    RoomCheck(room_check::RoomCheckArgs),
}

// Options of `holdspace run` (a plain comment, not a doc comment: see `Command`). Each flag is
// a switch on the command line.
#[derive(Debug, Default, clap::Args)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct RunArgs {
    /// A session file (TOML, format 1), or the name of one in the sessions folders.
    file: Option<PathBuf>,
    #[command(flatten)]
    room: RoomArgs,
    /// The view to start in (default: the config's, else the room view).
    #[arg(long, value_enum)]
    view: Option<ViewArg>,
    /// Leave the window title alone (it shows the time left by default).
    #[arg(long)]
    no_title: bool,
    /// Reload the session file whenever it is saved, keeping your place.
    #[arg(long)]
    watch: bool,
    /// Continue the unfinished run of this session where it stopped (after a crash or a
    /// closed terminal): same screen, same pairs, the time left less the time it was down.
    #[arg(long)]
    resume: bool,
    /// Tell the session in plain lines (one per event, with the clock time) instead of the full
    /// screen: for a screen reader, a log, or a terminal that cannot draw.
    #[arg(long)]
    plain: bool,
    #[command(flatten)]
    window: WindowArgs,
    /// Show the wall clock in the room view's top line too.
    #[arg(long)]
    clock: bool,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
/// The view a run starts in.
pub enum ViewArg {
    /// What the projector shows.
    #[default]
    Room,
    /// Notes, what comes next, the schedule.
    Facilitator,
}

/// Parses `--start HH:MM`.
fn parse_start(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("`{text}` is not a time: write it as HH:MM, such as 14:30"))
}

/// Parses the arguments, runs the command, and turns the result into an exit status.
pub fn main() -> ExitCode {
    let cli = if bare_run(std::env::args_os().skip(1)) {
        Cli { command: None }
    } else {
        match Cli::try_parse() {
            Ok(cli) => cli,
            Err(e) => return usage(&e),
        }
    };
    let paths = Paths::system();
    let result = match cli.command {
        None => run::run(&RunArgs::default(), None, paths),
        Some(Command::Run(args)) => run::run(&args, None, paths),
        Some(Command::Rehearse(args)) => run::run(&args.run(), Some(args.speed), paths),
        Some(Command::Follow(args)) => follow::follow(&args, paths),
        Some(Command::History(args)) => history::history(&args, paths),
        Some(Command::Check(args)) => check::check(&args, paths),
        Some(Command::New(args)) => new::new(&args, paths),
        Some(Command::Export(args)) => export::export(&args, paths),
        Some(Command::List) => list::list(paths),
        Some(Command::Config) => show_config(paths),
        Some(Command::Completions(args)) => manual::completions(&args),
        Some(Command::Man(args)) => manual::man(&args),
        Some(Command::RoomCheck(args)) => room_check::room_check(&args, paths),
        Some(Command::Schema) => {
            crate::print::out(&format!("{:#}\n", crate::session::schema::json_schema())).map_err(Failure::from)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report();
            failure.code()
        }
    }
}

/// `holdspace config`: the file's place, whether it is used, and the settings in force.
fn show_config(paths: Option<&Paths>) -> Result<(), Failure> {
    let Some(paths) = paths else {
        return Err(Failure::BadInput("this system has no config folder".into()));
    };
    let path = crate::config::path(paths);
    let (config, broken) = crate::config::load(Some(paths));
    let state = match (&broken, path.exists()) {
        (Some(why), _) => why.clone(),
        (None, true) => "in use".to_owned(),
        (None, false) => "not there: the defaults below are in force".to_owned(),
    };
    let head = format!("# config file: {} ({state})\n", crate::sanitize::clean(&path.display().to_string(), false));
    crate::print::out(&format!("{head}{}", config.effective())).map_err(Failure::from)
}

/// What clap found wrong with the command line, in the style of every other message (help and
/// the version are printed as clap prints them, and succeed).
fn usage(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let rendered = error.render().to_string();
    Failure::Usage(rendered.strip_prefix("error: ").unwrap_or(&rendered).trim_end().to_owned()).report();
    Failure::Usage(String::new()).code()
}

/// `holdspace` or `holdspace run` with nothing after it: the bundled session with every default,
/// which is how most sessions start. There is nothing to parse, so clap is not asked: building
/// its command and parsing took a fifth of the time to the first frame. A test holds this to
/// what clap gives for the same words.
fn bare_run(mut args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    match (args.next(), args.next()) {
        (None, _) => true,
        (Some(word), None) => word == "run",
        _ => false,
    }
}

/// The roster from `--people`, else the session's `[participants]`.
fn roster(people: Option<&str>, session: &crate::session::Session) -> Result<Vec<String>, Failure> {
    match people {
        // A count out of range is a wrong command line; a file of names that does not load is
        // bad input.
        Some(spec) => crate::roster::from_arg(spec).map_err(|e| match e {
            crate::roster::RosterError::Count(_) => Failure::Usage(e.to_string()),
            _ => Failure::BadInput(e.to_string()),
        }),
        None => Ok(session.participants.clone()),
    }
}

/// `--speed`, within [`crate::limits::SPEED`].
fn speed(text: &str) -> Result<u32, String> {
    let range = crate::limits::SPEED;
    text.parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| format!("a speed is a whole number from {} to {}", range.start(), range.end()))
}

// Options of `holdspace rehearse` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub(crate) struct RehearseArgs {
    /// A session file, or the name of one in the sessions folders.
    file: PathBuf,
    /// Run every timer this many times faster (1 to 60), for a quick walk-through.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = speed)]
    speed: u32,
    #[command(flatten)]
    room: RoomArgs,
    /// Tell the rehearsal in plain lines instead of the full screen.
    #[arg(long)]
    plain: bool,
    #[command(flatten)]
    window: WindowArgs,
}

// How a window looks and where else its session is shown: shared by `run`, `rehearse` and
// `follow` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct WindowArgs {
    /// Serve the session to browsers: a phone as a remote, the room view for people on a call,
    /// the facilitator's page. On 127.0.0.1 by default (port 7433, or the next free one), or the
    /// config's `[serve] address`; `lan` for this machine's address on the local network; or any
    /// address, with `:PORT`.
    #[arg(long, value_name = "ADDR|lan", num_args = 0..=1, default_missing_value = "")]
    serve: Option<crate::serve::Listen>,
    /// Colours: dark, light, high-contrast, terminal, or a theme file's name (`c` cycles them).
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
}

// Who is in the room and when the session starts: shared by `run`, `rehearse` and `export` (a
// plain comment, not a doc comment: see `Command`).
#[derive(Debug, Default, clap::Args)]
pub(crate) struct RoomArgs {
    /// The people in the room: a file with one name a line, or a head count (2 to 1,000).
    #[arg(long, value_name = "FILE|N")]
    people: Option<String>,
    /// Seed for the pairings: the same roster and seed give the same pairs.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Planned start time for the schedule (default: when the first step begins).
    #[arg(long, value_name = "HH:MM", value_parser = parse_start)]
    start: Option<NaiveTime>,
}

impl RehearseArgs {
    /// The run a rehearsal is.
    fn run(&self) -> RunArgs {
        RunArgs {
            file: Some(self.file.clone()),
            room: RoomArgs { people: self.room.people.clone(), seed: self.room.seed, start: self.room.start },
            view: Some(ViewArg::Facilitator),
            plain: self.plain,
            window: self.window.clone(),
            ..RunArgs::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// The words `bare_run` takes are the ones clap reads as a run with every default.
    #[test]
    fn a_bare_run_is_what_clap_makes_of_it() {
        use clap::Parser;
        let words = |w: &[&str]| w.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        let defaults = format!("{:?}", super::RunArgs::default());
        for bare in [&[][..], &["run"][..]] {
            assert!(super::bare_run(words(bare).into_iter()), "{bare:?}");
            let parsed = Cli::try_parse_from(std::iter::once("holdspace").chain(bare.iter().copied()));
            let parsed = match parsed.map(|cli| cli.command) {
                Ok(None) => super::RunArgs::default(),
                Ok(Some(super::Command::Run(args))) => args,
                other => panic!("{bare:?} parsed as {other:?}"),
            };
            assert_eq!(format!("{parsed:?}"), defaults, "{bare:?}");
        }
        for not_bare in
            [&["run", "x.toml"][..], &["--version"], &["check"], &["run", "--view", "facilitator"], &["runn"]]
        {
            assert!(!super::bare_run(words(not_bare).into_iter()), "{not_bare:?}");
        }
    }

    /// Building a subcommand on demand must not replace the about text the list of commands shows.
    #[test]
    fn subcommands_keep_their_about_text_once_built() {
        let listed = Cli::command();
        let mut built = Cli::command();
        built.build();
        for sub in listed.get_subcommands() {
            let name = sub.get_name();
            let about = sub.get_about().map(ToString::to_string);
            let after = built.find_subcommand(name).and_then(|s| s.get_about()).map(ToString::to_string);
            assert!(about.is_some(), "`{name}` has an about text");
            assert_eq!(after, about, "`{name}` once built");
        }
        assert!(built.find_subcommand("run").is_some_and(|run| run.get_arguments().count() > 3), "arguments built");
    }
}
