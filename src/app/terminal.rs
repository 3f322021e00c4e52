//! The real terminal: raw mode and the alternate screen on the way in, and always given back on
//! the way out: on return, on error, on panic (a hook that restores first, then reports), and on
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT (a thread that restores and exits).

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, DisableMouseCapture};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, SetTitle,
    disable_raw_mode, enable_raw_mode, size,
};
use ratatui::crossterm::{cursor, execute, queue};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::{Clock, Events, Input, Shell};
use crate::sanitize;

/// True while the terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The last ending signal received, set inside the signal handler itself: after a hang-up the
/// main loop may see the dead terminal before the signal thread runs, and both ways out must
/// end the same way.
static CAUGHT: AtomicUsize = AtomicUsize::new(0);

/// The ending signal received (SIGHUP, SIGTERM, SIGINT, SIGQUIT), if any.
pub fn caught_signal() -> Option<i32> {
    i32::try_from(CAUGHT.load(Ordering::SeqCst)).ok().filter(|s| *s != 0)
}

/// Gives the terminal back when dropped, whatever the way out.
#[derive(Debug)]
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Takes over the terminal: raw mode, alternate screen, hidden cursor, the window title saved.
pub fn enter() -> io::Result<(Terminal<CrosstermBackend<Output>>, Guard, StdoutShell)> {
    install_panic_hook();
    watch_signals()?;
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard(());
    // Gathered with the first frame, so that the terminal gets the start in a single write.
    // CSI 22;0t saves the window title so that leaving can put it back (CSI 23;0t).
    let mut output = Output::default();
    queue!(output, EnterAlternateScreen, cursor::Hide)?;
    output.write_all(b"\x1b[22;0t")?;
    // A fixed viewport, resized on resize events: ratatui then does not ask the terminal for its
    // size before every frame.
    let (width, height) = size()?;
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let terminal = Terminal::with_options(CrosstermBackend::new(output.clone()), TerminalOptions { viewport })?;
    Ok((terminal, guard, StdoutShell { output }))
}

/// What a frame writes, gathered so that the terminal gets it in one write: the frame, the end
/// of the synchronized update and the window title together. Each write to a terminal wakes the
/// kernel's terminal worker, so one a second beats three.
#[derive(Debug, Clone, Default)]
pub struct Output(Rc<RefCell<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// Holds on: the shell sends everything at the end of the frame.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Output {
    /// Sends what was gathered to the terminal.
    fn send(&self) -> io::Result<()> {
        let mut gathered = self.0.borrow_mut();
        if gathered.is_empty() {
            return Ok(());
        }
        let mut stdout = io::stdout().lock();
        stdout.write_all(&gathered)?;
        stdout.flush()?;
        gathered.clear();
        Ok(())
    }
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call twice and from
/// any thread, and it never panics: after a hang-up the terminal is gone and every write to it
/// fails, so a failure is reported with a write whose error is ignored (`eprintln!` would panic
/// and stop the signal thread before it exits).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    // Mouse and paste modes are never turned on, but a crash in between must not leave them on
    // either: turning them off costs nothing.
    let restored = disable_raw_mode().and_then(|()| stdout.write_all(b"\x1b[23;0t")).and_then(|()| {
        execute!(stdout, DisableMouseCapture, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show)
    });
    if let Err(e) = restored {
        let _ = writeln!(io::stderr(), "holdspace: could not fully restore the terminal: {e} (try `reset`)");
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Give the terminal back first, so that the message lands on a working screen.
        restore();
        super::log::write(&format!("panic: {info}"));
        previous(info);
        if let Some(path) = super::log::path() {
            let _ = writeln!(io::stderr(), "holdspace: this was also written to {}", path.display());
        }
    }));
}

/// Restores and exits on the signals that end a program: the terminal window closing (SIGHUP),
/// `kill` (SIGTERM), Ctrl-C or Ctrl-\\ sent from outside (SIGINT, SIGQUIT). Exiting here matters
/// after a hang-up: crossterm's reader would otherwise spin on the closed terminal.
fn watch_signals() -> io::Result<()> {
    const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];
    for signal in ENDING {
        signal_hook::flag::register_usize(signal, &CAUGHT, usize::try_from(signal).unwrap_or(0))?;
    }
    let mut signals = Signals::new(ENDING)?;
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            std::process::exit(128 + signal);
        }
    })?;
    Ok(())
}

/// Events from the terminal.
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        match timeout {
            Some(t) if !event::poll(t)? => Ok(None),
            _ => event::read().map(|e| Some(Input::Terminal(e))),
        }
    }
}

/// The system's clocks, running `speed` times faster for `rehearse --speed` (both of them, so
/// that a fast rehearsal never looks like a laptop waking from sleep).
#[derive(Debug)]
pub struct SystemClock {
    speed: u32,
    mono: Instant,
    wall: chrono::DateTime<chrono::Utc>,
}

impl SystemClock {
    /// Real time, or `speed` times faster.
    pub fn new(speed: u32) -> Self {
        Self { speed: speed.max(1), mono: Instant::now(), wall: chrono::Utc::now() }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        self.mono + self.mono.elapsed() * self.speed
    }

    fn wall(&self) -> chrono::DateTime<chrono::Utc> {
        let passed = (chrono::Utc::now() - self.wall) * i32::try_from(self.speed).unwrap_or(1);
        self.wall + passed
    }

    fn real(&self, span: Duration) -> Duration {
        span / self.speed
    }
}

/// Bell, title and synchronized output on standard output, sent with the frame.
#[derive(Debug)]
pub struct StdoutShell {
    output: Output,
}

impl Shell for StdoutShell {
    fn chime(&mut self) -> io::Result<()> {
        self.output.write_all(b"\x07")?;
        self.output.send()
    }

    fn title(&mut self, title: &str) -> io::Result<()> {
        queue!(self.output, SetTitle(sanitize::clean(title, false)))
    }

    fn begin_frame(&mut self) -> io::Result<()> {
        queue!(self.output, BeginSynchronizedUpdate)
    }

    fn end_frame(&mut self) -> io::Result<()> {
        queue!(self.output, EndSynchronizedUpdate)
    }

    fn send(&mut self) -> io::Result<()> {
        self.output.send()
    }
}
