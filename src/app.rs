//! The shell: the only place that reads the clock and the terminal. One short loop, generic over
//! the ratatui backend, the source of events, the clock and the terminal's side channel, so tests
//! run this very loop on a `TestBackend` with scripted keys and a fake clock.
//!
//! Each turn it waits for input or for the next visible change, turns what came into a message
//! for the model, carries out the effects the model returns, and draws when something changed.
//! Idle means idle: while paused, blanked or on a screen without a timer it waits for input alone.

pub mod background;
pub mod clock;
pub mod input;
pub mod journal;
pub mod lock;
pub mod log;
pub mod output;
pub mod plain;
pub mod sound;
pub mod terminal;

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};
use ratatui_core::backend::Backend;
use ratatui_core::layout::Rect;
use ratatui_core::style::Color;
use ratatui_core::terminal::Terminal;
use ratatui_crossterm::crossterm::event::Event;

use crate::model::{App, Effect, Msg, Quit};
use crate::share::Hub;
use crate::ui;
use journal::Journal;

/// Something that happened outside the program.
#[derive(Debug)]
pub enum Input {
    /// A key, a resize, a paste.
    Terminal(Event),
    /// The session file was saved (with `--watch`).
    SourceChanged,
    /// The process was stopped (Ctrl-Z, SIGTSTP) this long and has just been continued: the
    /// terminal was taken back, and the screen must be drawn whole.
    Continued(Duration),
    /// Something happened on the socket shared with the session's other windows.
    Share(crate::share::Event),
    /// The terminal said what its background is (see [`background`]).
    Background(crate::model::Shade),
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
    /// Clears the screen to `background`, as the ground of the first frame (see [`lay_ground`]),
    /// and says whether it did. A shell that draws on no real screen (a test's) does not.
    fn clear(&mut self, _background: Color) -> io::Result<bool> {
        Ok(false)
    }
    /// Gives the terminal back and stops until continued (Ctrl-Z), then takes it again; returns
    /// how long it was stopped. A shell that cannot stop (a test's) does nothing.
    fn suspend(&mut self) -> io::Result<Duration> {
        Ok(Duration::ZERO)
    }
}

/// Options of the loop that come from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The session file, for reloading; `None` for the bundled session.
    pub source: Option<PathBuf>,
    /// Show the time left in the window title.
    pub title: bool,
    /// Where the running session is saved on every change, for `--resume`.
    pub journal: Option<Journal>,
    /// Plays the chime's sound, when the room hears it that way and a player was found.
    pub sound: Option<sound::Player>,
    /// Panic at the first key: a test-only trigger (`HOLDSPACE_TEST_PANIC=1`) that proves the
    /// terminal is given back after a crash.
    pub panic_on_key: bool,
}

/// Runs `app` until the facilitator quits, and says how they left. `hub` connects it to the
/// session's other windows, if any.
pub fn run<B: Backend, E: Events, C: Clock, S: Shell>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    events: &mut E,
    clock: &C,
    shell: &mut S,
    options: &Options,
    hub: &mut Hub,
) -> io::Result<Quit>
where
    B::Error: Send + Sync + 'static,
{
    let mut shown_title = String::new();
    let mut effects = vec![Effect::Redraw];
    let mut first = true;
    loop {
        let done = carry_out(std::mem::take(&mut effects), app, clock, shell, options, hub)?;
        if let Some(quit) = done.quit {
            return Ok(quit);
        }
        if done.stopped {
            forget_screen(terminal);
        }
        let now = clock.now();
        if options.title && ui::window_title(&app.flow, now) != shown_title {
            shown_title = ui::window_title(&app.flow, now);
            shell.title(&shown_title)?;
        }
        let mut grounded = false;
        if done.redraw {
            shell.begin_frame()?;
            grounded = std::mem::take(&mut first) && lay_ground(terminal, app, shell)?;
            terminal.draw(|frame| ui::draw(frame.buffer_mut(), app, now)).map_err(io::Error::other)?;
            shell.end_frame()?;
        }
        shell.send()?;
        // The pages after the frame: they never delay what the room sees on the projector.
        hub.refresh(app, now);
        if grounded {
            // The first frame again, whole: a terminal that erases in its own background rather
            // than the current one shows the theme's everywhere a moment later.
            forget_screen(terminal);
            effects = vec![Effect::Redraw];
            continue;
        }
        let timeout = app.next_wake(now).map(|at| clock.real(at.saturating_duration_since(clock.now())));
        let input = events.next(timeout)?;
        match &input {
            Some(Input::Terminal(Event::Resize(width, height))) => {
                terminal.resize(Rect::new(0, 0, *width, *height)).map_err(io::Error::other)?;
            }
            Some(Input::Continued(_)) => forget_screen(terminal),
            _ => {}
        }
        let Some(msg) = message(input, app, clock, options, hub) else { continue };
        effects = app.update(msg, clock.now(), clock.wall());
    }
}

/// What carrying out a turn's effects leaves the loop to do.
#[derive(Debug, Default)]
pub struct Done {
    /// Something visible changed.
    pub redraw: bool,
    /// The process was stopped and continued: the screen was the shell's meanwhile.
    pub stopped: bool,
    /// The run ends, this way.
    pub quit: Option<Quit>,
}

/// Carries out `effects`, and the effects of the answers they bring, until none are left.
pub fn carry_out<C: Clock, S: Shell>(
    mut effects: Vec<Effect>,
    app: &mut App,
    clock: &C,
    shell: &mut S,
    options: &Options,
    hub: &mut Hub,
) -> io::Result<Done> {
    let mut done = Done::default();
    while !effects.is_empty() {
        let mut answers = Vec::new();
        for effect in effects.drain(..) {
            match effect {
                Effect::Bell => shell.chime()?,
                Effect::Sound { times, soft } => {
                    if let Some(player) = &options.sound {
                        player.play(times, soft);
                    }
                }
                Effect::Redraw => done.redraw = true,
                Effect::Suspend => {
                    answers.push(Msg::Stopped(shell.suspend()?));
                    done.stopped = true;
                }
                Effect::Quit(how) => {
                    done.quit = Some(how);
                    return Ok(done);
                }
                Effect::Reload => answers.push(Msg::Reloaded(reload(options, hub))),
                Effect::Publish => hub.publish(app, clock.now()),
                Effect::Send(change) => hub.send(&change),
                Effect::SaveJournal(_) | Effect::ClearJournal => {
                    answers.extend(keep_journal(options, effect, clock));
                }
            }
        }
        for msg in answers {
            effects.extend(app.update(msg, clock.now(), clock.wall()));
        }
    }
    Ok(done)
}

/// The message for the model of what came in (a timeout is a tick); `None` for what changes
/// nothing.
pub fn message<C: Clock>(input: Option<Input>, app: &App, clock: &C, options: &Options, hub: &mut Hub) -> Option<Msg> {
    Some(match input {
        None => Msg::Tick,
        Some(Input::Terminal(Event::Key(_))) if options.panic_on_key => {
            panic!("test-only panic asked for by HOLDSPACE_TEST_PANIC")
        }
        Some(Input::Terminal(Event::Key(key))) => Msg::Key(key),
        Some(Input::Terminal(Event::Resize(..))) => Msg::Resized,
        Some(Input::SourceChanged) => Msg::SourceChanged,
        Some(Input::Continued(stopped)) => Msg::Stopped(stopped),
        Some(Input::Background(shade)) => Msg::Background(shade),
        Some(Input::Share(event)) => return hub.take(event, app, clock.now()),
        Some(Input::Terminal(_)) => return None,
    })
}

/// Before the first frame: the shell clears the screen to the theme's background, and ratatui is
/// told that every cell already shows the theme's ground, so that its diff sends only the cells
/// that differ from it (a fifth of the bytes of a frame that paints all 4,800 cells of a 120x40
/// screen, and a start about 0.3 ms sooner). Clearing in the current background is how most
/// terminals erase (`bce`); for those that erase in their own, the loop draws the frame whole
/// once more straight after. Returns whether the ground was laid.
fn lay_ground<B: Backend, S: Shell>(terminal: &mut Terminal<B>, app: &App, shell: &mut S) -> io::Result<bool> {
    let ground = app.theme.base();
    let Some(background) = ground.bg else { return Ok(false) };
    if !shell.clear(background)? {
        return Ok(false);
    }
    let buffer = terminal.current_buffer_mut();
    buffer.set_style(buffer.area, ground);
    // What was just filled becomes what ratatui takes to be on screen.
    terminal.swap_buffers();
    Ok(true)
}

/// After a stop the screen was the shell's, and taking the terminal again cleared it: what
/// ratatui remembers as on screen is forgotten, so the next frame is drawn whole. (Not
/// `Terminal::clear`, which asks the terminal where its cursor is, and the answer would go to
/// the input thread.)
fn forget_screen<B: Backend>(terminal: &mut Terminal<B>) {
    terminal.swap_buffers();
}

/// Saves or clears the journal; a failure comes back to the model as a message (it keeps the
/// previous journal, and is not retried until the next change).
fn keep_journal<C: Clock>(options: &Options, effect: Effect, clock: &C) -> Option<Msg> {
    let journal = options.journal.as_ref()?;
    let result = match effect {
        Effect::SaveJournal(snapshot) => journal.save(*snapshot, clock.wall().with_timezone(&Local)),
        _ => journal.clear(),
    };
    result.err().map(|e| {
        log::write(&format!("could not save the journal: {e}"));
        Msg::JournalFailed(e.to_string())
    })
}

/// Reads the session file again; the followers get its new text.
fn reload(options: &Options, hub: &mut Hub) -> Result<crate::session::Session, String> {
    let Some(path) = &options.source else { return Err("the bundled session has no file to reload".into()) };
    let text = crate::session::read(path).map_err(|e| e.to_string())?;
    let session = crate::session::from_str(&text, &path.display().to_string()).map_err(|e| e.to_string())?;
    hub.reloaded(&text);
    Ok(session)
}
