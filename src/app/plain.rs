//! The loop of a session told in plain lines (`--plain`): the same model and the same keys as the
//! full screen, but instead of drawing, the narrator's lines, each with the clock time, on
//! standard output: no escape sequences, nothing redrawn, one line per event. It wakes only when
//! something will be told (a change of speaker, the last minute, time up), not every second.

use std::io::{self, Write};
use std::sync::mpsc::Sender;
use std::time::Duration;

use chrono::Local;
use signal_hook::iterator::Signals;

use super::{Clock, Events, Input, Options, Shell, carry_out, message};
use crate::model::{App, Quit};
use crate::narrate::Narrator;
use crate::share::Hub;

/// Where the lines go.
pub struct Lines {
    /// Standard output, or a test's buffer.
    pub out: Box<dyn Write>,
    /// Ends each line: `\r\n` while the terminal is in raw mode (which no longer turns `\n`
    /// into a new line), `\n` otherwise.
    pub newline: &'static str,
}

/// Runs `app` told in lines until the facilitator quits (or, following, the session ends).
pub fn run<E: Events, C: Clock, S: Shell>(
    app: &mut App,
    events: &mut E,
    clock: &C,
    shell: &mut S,
    lines: &mut Lines,
    options: &Options,
    hub: &mut Hub,
) -> io::Result<Quit> {
    let mut narrator = Narrator::new();
    let mut effects = Vec::new();
    loop {
        let done = carry_out(std::mem::take(&mut effects), app, clock, shell, options, hub)?;
        let now = clock.now();
        let time = clock.wall().with_timezone(&Local).format("%H:%M:%S");
        for line in narrator.lines(app, now) {
            write!(lines.out, "{time} {}{}", crate::sanitize::clean(&line, false), lines.newline)?;
        }
        lines.out.flush()?;
        shell.send()?;
        hub.refresh(app, now);
        if let Some(quit) = done.quit {
            return Ok(quit);
        }
        let timeout = narrator.next_due(app, now).map(|at| clock.real(at.saturating_duration_since(clock.now())));
        let input = events.next(timeout)?;
        let Some(msg) = message(input, app, clock, options, hub) else { continue };
        effects = app.update(msg, clock.now(), clock.wall());
    }
}

/// What a plain run does beside its lines: nothing on screen (no bell, no title, no frames); it
/// gives the terminal back on Ctrl-Z and watches the signals once running.
#[derive(Debug)]
pub struct PlainShell {
    signals: Option<Signals>,
    continued: Option<Sender<Input>>,
}

impl PlainShell {
    /// A shell whose `signals` are watched from the first turn of the loop on; continues after a
    /// stop are told to `inputs`.
    pub fn new(signals: Signals, inputs: Sender<Input>) -> Self {
        Self { signals: Some(signals), continued: Some(inputs) }
    }
}

impl Shell for PlainShell {
    fn chime(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn title(&mut self, _: &str) -> io::Result<()> {
        Ok(())
    }

    fn begin_frame(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn end_frame(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn send(&mut self) -> io::Result<()> {
        match self.signals.take() {
            Some(signals) => super::terminal::watch_signals(signals, self.continued.take()),
            None => Ok(()),
        }
    }

    fn suspend(&mut self) -> io::Result<Duration> {
        Ok(super::terminal::suspend())
    }
}
