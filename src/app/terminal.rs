//! Taking over the real terminal and always giving it back: raw mode and the alternate screen on
//! the way in; on the way out (on return, on error, on panic through a hook that restores first,
//! then reports, and on every signal that ends a process by default, through a thread that
//! restores and exits) cooked mode, the main screen, the cursor and the window title come back.
//! Ctrl-Z (the key, or SIGTSTP from outside) gives the terminal back, stops, and takes it again
//! when continued; the loop then draws the whole screen.
//!
//! The signals are caught from the start, but the thread that acts on them starts once the first
//! frame is out (a signal that comes in between waits for it): the first frame comes sooner.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use ratatui_core::layout::Rect;
use ratatui_core::terminal::{Terminal, TerminalOptions, Viewport};
use ratatui_crossterm::CrosstermBackend;
use ratatui_crossterm::crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
use ratatui_crossterm::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode, size,
};
use ratatui_crossterm::crossterm::{cursor, execute, queue};
use signal_hook::consts::{
    SIGALRM, SIGCONT, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP, SIGUSR1, SIGUSR2, SIGVTALRM,
    SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;

use super::Input;
use super::output::{Output, StdoutShell};

/// The signals whose default is to end the process (those a handler may catch): each gives the
/// terminal back before the process ends.
const ENDING: [i32; 12] =
    [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGIO];

/// True while the terminal is in raw mode on the alternate screen (or, plain, in raw mode).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// True for a plain run (`--plain`): the terminal is only ever put in raw mode, to read keys,
/// and nothing but lines of text is written to it, so restoring it is leaving raw mode.
static PLAIN: AtomicBool = AtomicBool::new(false);

/// A plain run reads keys from the terminal (and so puts it in raw mode).
static PLAIN_KEYS: AtomicBool = AtomicBool::new(false);

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

/// The terminal as the loop drives it: ratatui over a backend that gathers each frame's output.
pub type Screen = Terminal<CrosstermBackend<Output>>;

/// Takes over the terminal: raw mode, the alternate screen, the cursor hidden, the window title
/// saved, and with `ask_background` the terminal asked for its background colour (see
/// [`super::background`]). Nothing is sent until the shell sends the first frame.
pub fn enter(ask_background: bool) -> io::Result<(Screen, Guard, StdoutShell)> {
    install_panic_hook();
    let signals = catch_signals()?;
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard(());
    let (width, height) = size()?;
    let mut output = Output::default();
    // CSI 22;0t saves the window title so that leaving can put it back (CSI 23;0t).
    queue!(output, EnterAlternateScreen, cursor::Hide)?;
    output.write_all(b"\x1b[22;0t")?;
    // Asked before the first frame is drawn, so that whatever a terminal without the question
    // might show of it is drawn over.
    if ask_background {
        output.write_all(super::background::QUERY)?;
    }
    // A fixed viewport, resized on resize events: ratatui then does not ask the terminal for its
    // size before every frame.
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    // The output buffer is sent with the first frame.
    let terminal = Terminal::with_options(CrosstermBackend::new(output.clone()), TerminalOptions { viewport })?;
    Ok((terminal, guard, StdoutShell::new(output, signals)))
}

/// Takes the terminal for a plain run: raw mode alone, so that keys arrive as they are pressed
/// (the caller only asks for it when standard input is a terminal), and the same care on every
/// way out as a full-screen run. Returns the caught signals for [`watch_signals`].
pub fn enter_plain(keys: bool) -> io::Result<(Guard, Signals)> {
    PLAIN.store(true, Ordering::SeqCst);
    PLAIN_KEYS.store(keys, Ordering::SeqCst);
    install_panic_hook();
    let signals = catch_signals()?;
    if keys {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
    }
    Ok((Guard(()), signals))
}

/// Leaves raw mode and the alternate screen and shows the cursor. Safe to call twice and from
/// any thread, and it never panics: after a hang-up the terminal is gone and every write to it
/// fails, so a failure is reported with a write whose error is ignored (`eprintln!` would panic
/// and stop the signal thread before it exits).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    if PLAIN.load(Ordering::SeqCst) {
        if let Err(e) = disable_raw_mode() {
            let _ = writeln!(io::stderr(), "holdspace: could not leave raw mode: {e} (try `reset`)");
        }
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

/// Catches the signals that end a program: the terminal window closing (SIGHUP), `kill`
/// (SIGTERM), Ctrl-C or Ctrl-\\ sent from outside (SIGINT, SIGQUIT). They are noted at once and
/// queued for [`watch_signals`].
fn catch_signals() -> io::Result<Signals> {
    for signal in ENDING {
        signal_hook::flag::register_usize(signal, &CAUGHT, usize::try_from(signal).unwrap_or(0))?;
    }
    let mut all = ENDING.to_vec();
    all.extend([SIGTSTP, SIGCONT]);
    Signals::new(all)
}

/// Acts on the caught signals, from a thread of its own: a stop from outside gives the terminal
/// back, stops, and takes it again when continued (telling the loop through `inputs`); every
/// other signal restores and exits. Exiting here matters after a hang-up: crossterm's reader
/// would otherwise spin on the closed terminal.
pub(super) fn watch_signals(mut signals: Signals, inputs: Option<Sender<Input>>) -> io::Result<()> {
    std::thread::Builder::new().name("signals".into()).spawn(move || {
        for signal in signals.forever() {
            let stopped = match signal {
                SIGTSTP => suspend(),
                // Continued after a stop this thread did not make (SIGSTOP from outside): the
                // shell may have changed the terminal meanwhile.
                SIGCONT => {
                    reenter();
                    Duration::ZERO
                }
                _ => {
                    restore();
                    std::process::exit(128 + signal);
                }
            };
            if let Some(tx) = &inputs {
                let _ = tx.send(Input::Continued(stopped));
            }
        }
    })?;
    Ok(())
}

/// Gives the terminal back and stops the process, as Ctrl-Z does in any program; when it is
/// continued, takes the terminal again. Returns how long it was stopped.
pub fn suspend() -> Duration {
    let was_active = ACTIVE.load(Ordering::SeqCst);
    restore();
    let before = Instant::now();
    // SIGSTOP, which no handler catches: SIGTSTP would come back to this very thread.
    let _ = signal_hook::low_level::raise(SIGSTOP);
    let stopped = before.elapsed();
    if was_active {
        reenter();
    }
    stopped
}

/// Takes the terminal again after a stop: raw mode, the alternate screen, the cursor hidden, the
/// title saved. The caller draws the whole screen.
fn reenter() {
    if PLAIN.load(Ordering::SeqCst) {
        if !PLAIN_KEYS.load(Ordering::SeqCst) {
            return;
        }
        match enable_raw_mode() {
            Ok(()) => ACTIVE.store(true, Ordering::SeqCst),
            Err(e) => super::log::write(&format!("could not take the terminal back after a stop: {e}")),
        }
        return;
    }
    let mut stdout = io::stdout();
    let entered = enable_raw_mode()
        .and_then(|()| stdout.write_all(b"\x1b[22;0t"))
        .and_then(|()| execute!(stdout, EnterAlternateScreen, cursor::Hide));
    match entered {
        Ok(()) => ACTIVE.store(true, Ordering::SeqCst),
        Err(e) => super::log::write(&format!("could not take the terminal back after a stop: {e}")),
    }
}
