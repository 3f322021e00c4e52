//! The shell: the only place that reads the clock and the terminal. One loop, generic over the
//! ratatui backend, the source of events, the clock and the terminal's side channel, so tests
//! run this very loop on a `TestBackend` with scripted keys and a fake clock.
//!
//! Idle means idle: the loop blocks on input until the next visible change (the next second of
//! a running timer), draws only when something changed, and while paused, blanked or on a
//! screen without a timer it waits for input alone.

mod attendance;
pub mod journal;
pub mod log;
pub mod state;
pub mod terminal;
pub mod watch;

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui_core::backend::Backend;
use ratatui_core::terminal::Terminal;
use ratatui_crossterm::crossterm::event::Event;

pub use state::{App, Outcome};

use chrono::{DateTime, Local, Utc};

use crate::flow::{Action, Effect, Position};
use crate::rehearsal::Kind;
use crate::ui::{self, Overlay};
use journal::Journal;

/// Something that happened outside the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key, a resize, a paste.
    Terminal(Event),
    /// The session file was saved (with `--watch`).
    SourceChanged,
}

/// Where events come from: the terminal, a watched file, or a test's script.
pub trait Events {
    /// The next input, waiting at most `timeout` (forever when `None`); `None` when the time ran out.
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>>;
}

/// Where the time comes from: the system's clocks, or a test's fake ones.
pub trait Clock {
    /// The current monotonic instant (it stands still while the machine sleeps).
    fn now(&self) -> Instant;
    /// The current wall-clock time (it goes on while the machine sleeps). UTC, so that reading
    /// it every second does not look up the time zone every second.
    fn wall(&self) -> DateTime<Utc>;
    /// How long a span of this clock's time takes in real time (`rehearse --speed` shortens it).
    fn real(&self, span: Duration) -> Duration {
        span
    }
}

/// A gap this large between the wall clock and the monotonic clock means the machine slept.
const ASLEEP: Duration = Duration::from_secs(5);

/// What the terminal does beside drawing cells: the bell, the title, synchronized output.
pub trait Shell {
    /// Rings the bell.
    fn chime(&mut self) -> io::Result<()>;
    /// Sets the window title.
    fn title(&mut self, title: &str) -> io::Result<()>;
    /// Starts a frame that the terminal shows at once, when it ends (DEC mode 2026).
    fn begin_frame(&mut self) -> io::Result<()>;
    /// Ends the frame.
    fn end_frame(&mut self) -> io::Result<()>;
    /// Sends what the frame and the title wrote, at once.
    fn send(&mut self) -> io::Result<()>;
}

/// Options of the loop that come from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The session file, for Ctrl-R; `None` for the bundled session.
    pub source: Option<PathBuf>,
    /// Show the time left in the window title.
    pub title: bool,
    /// Where the running session is saved on every change, for `--resume`.
    pub journal: Option<Journal>,
    /// Panic at the first key: a test-only trigger (`HOLDSPACE_TEST_PANIC=1`) that proves the
    /// terminal is given back after a crash.
    pub panic_on_key: bool,
}

/// Runs `app` until the facilitator quits.
pub fn run<B: Backend, E: Events, C: Clock, S: Shell>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
    clock: &C,
    shell: &mut S,
    options: &Options,
) -> io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut dirty = true;
    let mut shown_title = String::new();
    let mut saved = app.flow.revision();
    let mut last = (clock.now(), clock.wall());
    loop {
        let now = clock.now();
        let wall = clock.wall();
        // The monotonic clock stood still while the wall clock went on: the laptop slept.
        let away = (wall - last.1).to_std().unwrap_or_default().saturating_sub(now - last.0);
        last = (now, wall);
        if away > ASLEEP && app.flow.next_change(now).is_some() {
            app.screen.overlay = Overlay::Away { secs: away.as_secs() };
            dirty = true;
        }
        let effects = app.flow.apply(Action::Tick, now);
        carry_out(shell, &effects)?;
        // Saved before it is drawn: whatever the room has seen is already in the journal.
        if app.flow.revision() != saved {
            saved = app.flow.revision();
            let local = wall.with_timezone(&Local);
            keep_journal(app, options, now, local);
            if let Some(recorder) = &mut app.recorder {
                recorder.observe(&app.flow, now, local);
                // A rehearsal ends on its report.
                if recorder.kind() == Kind::Rehearsal && app.flow.position() == Position::End {
                    app.screen.overlay = Overlay::Report(None);
                }
            }
            dirty = true;
        }
        if let (Overlay::Report(_), Some(recorder)) = (&app.screen.overlay, &app.recorder) {
            let record = recorder.record(app.flow.session(), now, wall.with_timezone(&Local));
            app.screen.overlay = Overlay::Report(Some(Box::new(record)));
        }
        if options.title {
            let title = ui::window_title(&app.flow, now);
            if title != shown_title {
                shell.title(&title)?;
                shown_title = title;
            }
        }
        if dirty {
            shell.begin_frame()?;
            terminal
                .draw(|frame| ui::draw(frame.buffer_mut(), &app.flow, &app.screen, now))
                .map_err(io::Error::other)?;
            shell.end_frame()?;
            dirty = false;
        }
        shell.send()?;
        let wake = if app.screen.blank.is_some() { app.flow.next_event(now) } else { app.flow.next_change(now) };
        let timeout = wake.map(|at| clock.real(at.saturating_duration_since(clock.now())));
        match events.next(timeout)? {
            // Time ran out: the shown second changed (or a swap or zero is due).
            None => dirty = app.screen.blank.is_none(),
            Some(Input::Terminal(Event::Key(_))) if options.panic_on_key => {
                panic!("test-only panic asked for by HOLDSPACE_TEST_PANIC")
            }
            Some(Input::Terminal(Event::Key(key))) => match app.key(key, clock.now()) {
                Outcome::Ignored => {}
                Outcome::Changed(effects) => {
                    carry_out(shell, &effects)?;
                    dirty = true;
                }
                Outcome::Reload => {
                    reload(app, options, clock.now());
                    dirty = true;
                }
                Outcome::Quit => return Ok(()),
            },
            Some(Input::SourceChanged) => {
                reload(app, options, clock.now());
                dirty = true;
            }
            Some(Input::Terminal(Event::Resize(width, height))) => {
                terminal.resize(ratatui_core::layout::Rect::new(0, 0, width, height)).map_err(io::Error::other)?;
                dirty = true;
            }
            Some(_) => {}
        }
    }
}

/// Saves the session after a change, or clears the journal once the session reached its end.
/// A failed save keeps the previous journal and says so on screen; it is not retried until the
/// next change.
fn keep_journal(app: &mut App, options: &Options, now: Instant, wall: DateTime<Local>) {
    let Some(journal) = &options.journal else { return };
    let result =
        if app.flow.position() == Position::End { journal.clear() } else { journal.save(app.flow.snapshot(now), wall) };
    if let Err(e) = result {
        let message = format!("could not save the journal ({e}); a crash now would lose this place");
        crate::app::log::write(&message);
        app.screen.banner = Some(message);
    }
}

/// Reads the session file again and hands it to the app, which keeps the last good version
/// when the new one does not load.
fn reload(app: &mut App, options: &Options, now: Instant) {
    let loaded = match &options.source {
        Some(path) => crate::session::load(path).map_err(|e| e.to_string()),
        None => Err("the bundled session has no file to reload".into()),
    };
    app.reload(loaded, now);
}

fn carry_out<S: Shell>(shell: &mut S, effects: &[Effect]) -> io::Result<()> {
    for effect in effects {
        match effect {
            Effect::Chime => shell.chime()?,
        }
    }
    Ok(())
}
