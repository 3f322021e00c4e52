//! `holdspace run`: loads a session and a roster, takes over the terminal, runs the loop, and
//! gives the terminal back.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::find::{self, Source, resolve};
use super::resume;
use super::{BAD_INPUT, RunArgs, ViewArg, roster_or_exit};
use crate::app::watch::WatchedEvents;
use crate::app::{self, App, terminal};
use crate::ui::{self, Overlay, Screen, Theme};

/// Runs the session `args` names.
pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let source = args.file.as_deref().map_or(Source::Bundled, resolve);
    let loaded = match find::load(&source) {
        Ok(loaded) => loaded,
        Err(message) => {
            err!("{message}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let roster = match roster_or_exit(args.people.as_deref(), &loaded.session) {
        Ok(roster) => roster,
        Err(code) => return Ok(code),
    };
    let seed = args.seed.unwrap_or_else(rand::random);
    let (flow, journal) = match resume::start(loaded, roster, seed, args.resume) {
        Ok(started) => started,
        Err(code) => return Ok(code),
    };
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
    let mut app = App { flow, screen };
    let file = match source {
        Source::File(path) => Some(path),
        Source::Bundled => None,
    };
    let panic_on_key = std::env::var_os("HOLDSPACE_TEST_PANIC").is_some_and(|v| v == "1");
    let options = app::Options { source: file, title: !args.no_title, journal, panic_on_key };
    let (mut terminal, guard) = terminal::enter().context("cannot take over the terminal")?;
    let result = match (&options.source, args.watch) {
        (Some(path), true) => {
            let mut events = WatchedEvents::start(path).context("cannot watch the session file")?;
            app::run(&mut terminal, &mut app, &mut events, &terminal::SystemClock, &mut terminal::StdoutShell, &options)
        }
        _ => app::run(
            &mut terminal,
            &mut app,
            &mut terminal::TerminalEvents,
            &terminal::SystemClock,
            &mut terminal::StdoutShell,
            &options,
        ),
    };
    // ratatui's `Terminal` shows the cursor when dropped and reports a failure with `eprintln!`,
    // which panics when the terminal was closed. Show it here; if the terminal is gone, skip
    // that drop (the process is ending, and the guard below restores what can be restored).
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
    drop(guard);
    if let Some(signal) = terminal::caught_signal() {
        // Ended by a signal (the window closed, `kill`): exit as the signal thread would.
        return Ok(ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)));
    }
    result.context("the terminal stopped working")?;
    Ok(ExitCode::SUCCESS)
}
