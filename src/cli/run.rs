//! `holdspace run` and `rehearse`: loads a session and a roster, takes over the terminal, runs
//! the loop, gives the terminal back, and keeps the record of where the time went.

use super::find::{self, Source, resolve};
use super::resume;
use super::{Failure, RunArgs, ViewArg, roster};
use std::io::IsTerminal;

use crate::app::clock::SystemClock;
use crate::app::input::Inputs;
use crate::app::lock::{self, Busy};
use crate::app::{self, Clock, terminal};
use crate::model::{App, Quit, View};
use crate::paths::Paths;
use crate::plan::Timeline;
use crate::rehearsal::{self, Record, Recorder, RunKind, store};
use crate::ui::Theme;

/// Runs the session `args` names; with `speed`, as a rehearsal whose timers run that many times
/// faster, in the facilitator view, ending on a report.
pub fn run(args: &RunArgs, rehearsal_speed: Option<u32>, paths: Option<&Paths>) -> Result<(), Failure> {
    let source = args.file.as_deref().map_or(Source::Bundled(crate::session::BUNDLED), |f| resolve(f, paths));
    let loaded = find::load(&source)?;
    if !std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            "standard output is not a terminal: run and rehearse draw a full screen, so they need one".into(),
        ));
    }
    let roster = roster(args.room.people.as_deref(), &loaded.session)?;
    let seed = args.room.seed.unwrap_or_else(rand::random);
    let kind = if rehearsal_speed.is_some() { RunKind::Rehearsal } else { RunKind::Run };
    // One run of a file at a time: a second would overwrite the first one's journal.
    let _lock = match paths
        .map(|p| lock::acquire(&lock::path(&p.state, &crate::paths::session_key(&loaded.name)), chrono::Local::now()))
    {
        Some(Err(Busy::Held(holder))) => {
            return Err(Failure::BadInput(format!(
                "{} is already running (process {}, since {}); quit it there first",
                crate::sanitize::clean(&loaded.name, false),
                holder.pid,
                holder.since
            )));
        }
        Some(Err(Busy::Io(e))) => {
            crate::app::log::write(&format!("could not take the run's lock: {e}"));
            None
        }
        Some(Ok(lock)) => Some(lock),
        None => None,
    };
    let start = resume::start(&loaded, kind, args.resume, paths)?;
    let name = loaded.name.clone();
    let flow = crate::flow::Flow::new(loaded.session, roster, seed);
    let clock = SystemClock::new(rehearsal_speed.unwrap_or(1));
    let theme = Theme::new(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
    let view = match (rehearsal_speed, args.view) {
        (Some(_), _) | (None, ViewArg::Facilitator) => View::Facilitator,
        (None, ViewArg::Room) => View::Room,
    };
    let (now, wall) = (clock.now(), clock.wall());
    let timeline =
        Timeline { mono: now, wall: wall.with_timezone(&chrono::Local).naive_local(), start: args.room.start };
    let recorder = Recorder::new(kind, &name, rehearsal_speed.unwrap_or(1));
    let mut app = App::new(flow, recorder, view, theme, timeline, now, wall);
    if let Some(offer) = start.offer {
        if start.ask {
            app.offer(offer, wall);
        } else {
            // --resume with nobody to ask: the answer Enter would give.
            let answer = offer.suggested(wall, kind);
            app.take_up(offer, answer, now, wall);
        }
    }
    let file = match &source {
        Source::File(path) => Some(path.clone()),
        Source::Bundled(_) | Source::Missing { .. } => None,
    };
    let panic_on_key = std::env::var_os("HOLDSPACE_TEST_PANIC").is_some_and(|v| v == "1");
    let hint = history_hint(&source);
    let options = app::Options { source: file, title: !args.no_title, journal: start.journal, panic_on_key };
    let broken = |what: &str, e: std::io::Error| Failure::Broken(format!("{what}: {e}"));
    let (mut screen, guard, mut shell) = terminal::enter().map_err(|e| broken("cannot take over the terminal", e))?;
    let result = Inputs::start().and_then(|mut inputs| {
        shell.report_continues(inputs.sender());
        if let (Some(path), true) = (&options.source, args.watch) {
            inputs.watch(path).map_err(|e| std::io::Error::other(format!("cannot watch the session file: {e}")))?;
        }
        app::run(&mut screen, &mut app, &mut inputs, &clock, &mut shell, &options)
    });
    // ratatui's `Terminal` shows the cursor when dropped and reports a failure with `eprintln!`,
    // which panics when the terminal was closed. Show it here; if the terminal is gone, skip
    // that drop (the process is ending, and the guard below restores what can be restored).
    if screen.show_cursor().is_err() {
        std::mem::forget(screen);
    }
    drop(guard);
    if let Some(signal) = terminal::caught_signal() {
        // Ended by a signal (the window closed, `kill`): exit as the signal thread would.
        return Err(Failure::Signal(signal));
    }
    let quit = result.map_err(|e| broken("the terminal stopped working", e))?;
    if app.recorder.reached_a_step() {
        let record = app.recorder.record(app.flow.session(), clock.now(), clock.wall().with_timezone(&chrono::Local));
        keep_record(&record, &name, &hint, paths)?;
    }
    match quit {
        Quit::Asked => Ok(()),
        // Ctrl-C: the journal is kept, and the exit status says it was an interrupt.
        Quit::AtOnce => Err(Failure::Signal(signal_hook::consts::SIGINT)),
    }
}

/// How to name this session to `history`: the bundled session by its name, a file by its path,
/// quoted for the shell when it needs to be.
fn history_hint(source: &Source) -> String {
    match source {
        Source::Bundled(bundled) => find::stem(*bundled).to_owned(),
        Source::Missing { name, .. } => name.clone(),
        Source::File(path) => {
            let text = crate::sanitize::clean(&path.display().to_string(), false);
            let plain = text.chars().all(|c| c.is_alphanumeric() || "-_./+,:@".contains(c));
            if plain { text } else { format!("'{}'", text.replace('\'', "'\\''")) }
        }
    }
}

/// Saves the record of this run beside the earlier ones. When that is impossible the rehearsal
/// still counts: the report is printed instead, with where it could not be saved.
fn keep_record(record: &Record, name: &str, hint: &str, paths: Option<&Paths>) -> Result<(), Failure> {
    let Some(folder) = paths.map(|paths| store::folder(paths, name)) else {
        crate::print::note("this system has no data folder to keep the timings in; here they are:");
        return Ok(crate::print::out(&rehearsal::markdown(record))?);
    };
    match store::save(&folder, record) {
        Ok(path) => {
            crate::print::note(&format!(
                "timings saved to {} (report: {}); see `holdspace history {hint}`",
                path.display(),
                path.with_extension("md").display()
            ));
            Ok(())
        }
        Err(e) => {
            crate::print::note(&format!("could not save the timings in {}: {e}; here they are:", folder.display()));
            Ok(crate::print::out(&rehearsal::markdown(record))?)
        }
    }
}
