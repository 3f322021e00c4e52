//! The command line (clap): parses arguments and runs the chosen command. Usage errors exit 2
//! (clap's convention), bad input (a session or roster that does not load) exits 1 with its
//! messages on stderr, before the terminal is touched.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveTime;
use clap::{Parser, Subcommand, ValueEnum};

use crate::app::{self, App, terminal};
use crate::flow::Flow;
use crate::roster;
use crate::session::{self, Session};
use crate::ui::{self, Overlay, Screen, Theme};

/// Walks a facilitator through a timed group session in the terminal.
#[derive(Debug, Parser)]
#[command(name = "holdspace", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a session (the bundled one when no file is given).
    Run(RunArgs),
}

/// Options of `holdspace run`.
#[derive(Debug, Default, clap::Args)]
struct RunArgs {
    /// A session file (TOML, format 1).
    file: Option<PathBuf>,
    /// The people in the room: a file with one name a line, or a head count (2 to 1,000).
    #[arg(long, value_name = "FILE|N")]
    people: Option<String>,
    /// Seed for the pairings: the same roster and seed give the same pairs.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Planned start time for the schedule (default: when the first step begins).
    #[arg(long, value_name = "HH:MM", value_parser = parse_start)]
    start: Option<NaiveTime>,
    /// The view to start in.
    #[arg(long, value_enum, default_value_t = ViewArg::Room)]
    view: ViewArg,
    /// Leave the window title alone (it shows the time left by default).
    #[arg(long)]
    no_title: bool,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
enum ViewArg {
    /// What the projector shows.
    #[default]
    Room,
    /// Notes, what comes next, the schedule.
    Facilitator,
}

fn parse_start(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("`{text}` is not a time: write it as HH:MM, such as 14:30"))
}

/// Parses the arguments, runs the command, and turns the result into an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => run(&RunArgs::default()),
        Some(Command::Run(args)) => run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("holdspace: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Exit status for input the user can fix (a session or a roster that does not load).
const BAD_INPUT: u8 = 1;

fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let session = match load(args.file.as_ref()) {
        Ok(session) => session,
        Err(message) => {
            eprint!("{message}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let roster = match &args.people {
        Some(spec) => match roster::from_arg(spec) {
            Ok(names) => names,
            Err(e) => {
                eprintln!("holdspace: {e}");
                return Ok(ExitCode::from(BAD_INPUT));
            }
        },
        None => session.participants.clone(),
    };
    let seed = args.seed.unwrap_or_else(rand::random);
    let theme = Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
    let screen = Screen {
        view: match args.view {
            ViewArg::Room => ui::View::Room,
            ViewArg::Facilitator => ui::View::Facilitator,
        },
        overlay: Overlay::None,
        blank: None,
        banner: None,
        theme,
        clock: ui::Clock { mono: Instant::now(), wall: chrono::Local::now().naive_local(), start: args.start },
    };
    let mut app = App { flow: Flow::new(session, roster, seed), screen };
    let options = app::Options { source: args.file.clone(), title: !args.no_title };
    let (mut terminal, guard) = terminal::enter().context("cannot take over the terminal")?;
    let result = app::run(
        &mut terminal,
        &mut app,
        &mut terminal::TerminalEvents,
        &terminal::SystemClock,
        &mut terminal::StdoutShell,
        &options,
    );
    drop(guard);
    result.context("the terminal stopped working")?;
    Ok(ExitCode::SUCCESS)
}

/// The session at `file`, or the bundled one; on failure, the messages to print.
fn load(file: Option<&PathBuf>) -> Result<Session, String> {
    match file {
        Some(path) => session::load(path).map_err(|e| with_newline(e.to_string())),
        None => {
            let (name, text) = session::BUNDLED;
            session::from_str(text, name).map_err(|e| with_newline(e.to_string()))
        }
    }
}

fn with_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
