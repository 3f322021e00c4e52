//! `holdspace run`: loads a session and a roster, takes over the terminal, runs the loop, and
//! gives the terminal back.

use std::process::ExitCode;

use anyhow::Context;

use super::find::{self, Source, resolve};
use super::resume;
use super::{BAD_INPUT, RunArgs, ViewArg, roster_or_exit};
use crate::app::Clock;
use crate::app::watch::WatchedEvents;
use crate::app::{self, App, terminal};
use crate::rehearsal::{self, Kind, Record, Recorder, store};
use crate::ui::{self, Overlay, Screen, Theme};

/// Runs the session `args` names; with `speed`, as a rehearsal whose timers run that many times
/// faster, in the facilitator view, ending on a report.
pub fn run(args: &RunArgs, rehearsal_speed: Option<u32>) -> anyhow::Result<ExitCode> {
    let source = args.file.as_deref().map_or(Source::Bundled, resolve);
    let loaded = match find::load(&source) {
        Ok(loaded) => loaded,
        Err(message) => {
            err!("{message}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    let roster = match roster_or_exit(args.room.people.as_deref(), &loaded.session) {
        Ok(roster) => roster,
        Err(code) => return Ok(code),
    };
    let seed = args.room.seed.unwrap_or_else(rand::random);
    let name = loaded.name.clone();
    let (flow, journal) = match resume::start(loaded, roster, seed, args.resume) {
        Ok(started) => started,
        Err(code) => return Ok(code),
    };
    let clock = terminal::SystemClock::new(rehearsal_speed.unwrap_or(1));
    let theme = Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
    let view = match (rehearsal_speed, args.view) {
        (Some(_), _) | (None, ViewArg::Facilitator) => ui::View::Facilitator,
        (None, ViewArg::Room) => ui::View::Room,
    };
    let screen = Screen {
        view,
        overlay: Overlay::None,
        blank: None,
        banner: None,
        theme,
        clock: ui::Clock {
            mono: clock.now(),
            wall: clock.wall().with_timezone(&chrono::Local).naive_local(),
            start: args.room.start,
        },
    };
    let kind = if rehearsal_speed.is_some() { Kind::Rehearsal } else { Kind::Run };
    let mut app = App { flow, screen, recorder: Some(Recorder::new(kind, &name, rehearsal_speed.unwrap_or(1))) };
    let file = match source {
        Source::File(path) => Some(path),
        Source::Bundled => None,
    };
    let panic_on_key = std::env::var_os("HOLDSPACE_TEST_PANIC").is_some_and(|v| v == "1");
    let options = app::Options { source: file, title: !args.no_title, journal, panic_on_key };
    let first = |buf: &mut ratatui_core::buffer::Buffer| ui::draw(buf, &app.flow, &app.screen, clock.now());
    let (mut terminal, guard, mut shell) = terminal::enter(first).context("cannot take over the terminal")?;
    let result = match (&options.source, args.watch) {
        (Some(path), true) => {
            let mut events = WatchedEvents::start(path).context("cannot watch the session file")?;
            app::run(&mut terminal, &mut app, &mut events, &clock, &mut shell, &options)
        }
        _ => app::run(&mut terminal, &mut app, &mut terminal::TerminalEvents, &clock, &mut shell, &options),
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
    if let Some(recorder) = app.recorder.as_ref().filter(|r| r.reached_a_step()) {
        keep_record(
            &recorder.record(app.flow.session(), clock.now(), clock.wall().with_timezone(&chrono::Local)),
            &name,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves the record of this run beside the earlier ones. When that is impossible the rehearsal
/// still counts: the report is printed instead, with where it could not be saved.
fn keep_record(record: &Record, name: &str) {
    let Some(folder) = store::folder(name) else {
        errln!("holdspace: this system has no data folder to keep the timings in; here they are:");
        out!("{}", rehearsal::markdown(record));
        return;
    };
    match store::save(&folder, record) {
        Ok(path) => errln!(
            "holdspace: timings saved to {} (report: {}); see `holdspace history {name}`",
            path.display(),
            path.with_extension("md").display()
        ),
        Err(e) => {
            errln!("holdspace: could not save the timings in {}: {e}; here they are:", folder.display());
            out!("{}", rehearsal::markdown(record));
        }
    }
}
