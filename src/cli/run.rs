//! `holdspace run`: loads a session and a roster, takes over the terminal, runs the loop, and
//! gives the terminal back.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::{BAD_INPUT, RunArgs, ViewArg};
use crate::app::{self, App, terminal};
use crate::flow::Flow;
use crate::roster;
use crate::session::{self, Session};
use crate::ui::{self, Overlay, Screen, Theme};

/// Runs the session `args` names.
pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
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
