//! Output to the terminal: everything a frame writes (its cells, the synchronized-output bracket,
//! the window title, the bell) gathered and sent in one write. Each write to a terminal wakes the
//! kernel's terminal worker, so one a second beats three.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::mpsc::Sender;
use std::time::Duration;

use ratatui_core::style::Color;
use ratatui_crossterm::IntoCrossterm;
use ratatui_crossterm::crossterm::queue;
use ratatui_crossterm::crossterm::style::SetBackgroundColor;
use ratatui_crossterm::crossterm::terminal::{
    BeginSynchronizedUpdate, Clear, ClearType, EndSynchronizedUpdate, SetTitle,
};
use signal_hook::iterator::Signals;

use super::{Input, Shell};
use crate::sanitize;

/// What a frame writes, gathered until [`Output::send`]. ratatui's backend writes into it and
/// flushes it after each frame; the flush only marks the frame done, and the shell sends
/// everything together once the frame's title and bracket are in too.
#[derive(Debug, Clone, Default)]
pub struct Output(Rc<RefCell<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Output {
    /// Sends what was gathered to the terminal, in one write.
    pub fn send(&self) -> io::Result<()> {
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

/// Clears the screen to `background`: erased cells take the current background colour in most
/// terminals (`bce`), which the loop's first frame builds on.
pub fn clear(out: &mut impl Write, background: Color) -> io::Result<()> {
    queue!(out, SetBackgroundColor(background.into_crossterm()), Clear(ClearType::All))
}

/// Bell, title and synchronized output on standard output, sent with the frame.
#[derive(Debug)]
pub struct StdoutShell {
    output: Output,
    /// The caught signals, until the first frame is out and a thread watches them.
    signals: Option<Signals>,
    /// Where the signal thread says that the process was continued after a stop.
    continued: Option<Sender<Input>>,
}

impl StdoutShell {
    /// A shell writing into `output`; `signals` are handed to their watcher once the first frame
    /// is out.
    pub fn new(output: Output, signals: Signals) -> Self {
        Self { output, signals: Some(signals), continued: None }
    }

    /// Tells the loop through `inputs` when the process is continued after a stop from outside.
    pub fn report_continues(&mut self, inputs: Sender<Input>) {
        self.continued = Some(inputs);
    }
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

    fn clear(&mut self, background: Color) -> io::Result<bool> {
        clear(&mut self.output, background)?;
        Ok(true)
    }

    fn end_frame(&mut self) -> io::Result<()> {
        queue!(self.output, EndSynchronizedUpdate)
    }

    fn send(&mut self) -> io::Result<()> {
        self.output.send()?;
        match self.signals.take() {
            Some(signals) => super::terminal::watch_signals(signals, self.continued.take()),
            None => Ok(()),
        }
    }

    fn suspend(&mut self) -> io::Result<Duration> {
        self.output.send()?;
        Ok(super::terminal::suspend())
    }
}
