//! The real terminal: raw mode and the alternate screen on the way in, and always given back on
//! the way out: on return, on error, on panic (a hook that restores first, then reports), and on
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT (a thread that restores and exits).
//!
//! Only what the first frame needs happens before it. The first frame is drawn into one buffer
//! and sent before ratatui's `Terminal` exists: the terminal keeps two cell buffers of the window's
//! size, and the fresh pages they take cost more than drawing the frame. The signals are caught
//! from the start, but the thread that acts on them is started once the first frame is out (a
//! signal that comes in between waits for it).

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ratatui_core::backend::Backend;
use ratatui_core::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui_core::layout::Rect;
use ratatui_core::style::Color;
use ratatui_core::terminal::{Terminal, TerminalOptions, Viewport};
use ratatui_crossterm::CrosstermBackend;
use ratatui_crossterm::crossterm::event::{self, DisableBracketedPaste, DisableMouseCapture};
use ratatui_crossterm::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, SetTitle,
    disable_raw_mode, enable_raw_mode, size,
};
use ratatui_crossterm::crossterm::{cursor, execute, queue};
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

/// Takes over the terminal (raw mode, alternate screen, hidden cursor, the window title saved)
/// and shows the first frame, which `first` draws.
pub fn enter(first: impl FnOnce(&mut Buffer)) -> io::Result<(Terminal<CrosstermBackend<Output>>, Guard, StdoutShell)> {
    install_panic_hook();
    let signals = catch_signals()?;
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard(());
    let (width, height) = size()?;
    let area = Rect::new(0, 0, width, height);
    let mut frame = Buffer::empty(area);
    first(&mut frame);
    let mut output = Output::default();
    let mut backend = CrosstermBackend::new(output.clone());
    // CSI 22;0t saves the window title so that leaving can put it back (CSI 23;0t).
    queue!(output, EnterAlternateScreen, cursor::Hide)?;
    output.write_all(b"\x1b[22;0t")?;
    let mut shell = StdoutShell { output, signals: Some(signals) };
    shell.begin_frame()?;
    backend.draw(on_blank(&frame).into_iter())?;
    shell.end_frame()?;
    shell.send()?;
    // A fixed viewport, resized on resize events: ratatui then does not ask the terminal for its
    // size before every frame. It starts from the frame on screen, so the next one is a diff.
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport: Viewport::Fixed(area) })?;
    *terminal.current_buffer_mut() = frame;
    terminal.swap_buffers();
    Ok((terminal, guard, shell))
}

/// The writes that draw `frame` on a blank screen: what ratatui's diff against an empty buffer
/// gives, without allocating that buffer (its fresh pages would cost more than the frame). The
/// rules are those of ratatui's `BufferDiff` when every previous cell is empty; a property test
/// holds the two together.
fn on_blank(frame: &Buffer) -> Vec<(u16, u16, &Cell)> {
    let cells = &frame.content;
    let width = usize::from(frame.area.width).max(1);
    let at = |i: usize| {
        let x = u16::try_from(i % width).unwrap_or(u16::MAX);
        let y = u16::try_from(i / width).unwrap_or(u16::MAX);
        (frame.area.x.saturating_add(x), frame.area.y.saturating_add(y), &cells[i])
    };
    let mut writes = Vec::new();
    let mut i = 0;
    while let Some(cell) = cells.get(i) {
        let here = i;
        i += 1;
        if skipped(cell) {
            continue;
        }
        if let CellDiffOption::ForcedWidth(forced) = cell.diff_option {
            i += usize::from(forced.get()) - 1;
            writes.push(at(here));
            continue;
        }
        // A blank cell is one cell wide: nothing under it to step over.
        if cell.diff_option == CellDiffOption::None && blank(cell) {
            continue;
        }
        let wide = usize::from(cell.cell_width());
        writes.push(at(here));
        if wide > 1 && cell.symbol().contains('\u{FE0F}') {
            // An emoji made wide by its variation selector: the cells under it that hold a
            // symbol are written too, for terminals that draw it narrow.
            let mut end = (here + wide).min(cells.len());
            while i < end {
                let under = i;
                i += usize::from(cells[under].cell_width().max(1));
                end = end.max(i).min(cells.len());
                if !skipped(&cells[under]) && cells[under].symbol() != " " {
                    writes.push(at(under));
                }
            }
            i = end;
        } else if wide > 1 {
            i += wide - 1;
        }
    }
    writes
}

/// A cell the diff never writes.
#[allow(deprecated)] // `skip` still counts in ratatui's diff
fn skipped(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip) || (cell.skip && cell.diff_option == CellDiffOption::None)
}

/// A cell equal to `Cell::EMPTY`, compared field by field: `Cell`'s own `==` costs several
/// times as much, and every cell of the window is checked.
#[allow(deprecated)] // `skip` is part of a cell's equality
fn blank(cell: &Cell) -> bool {
    matches!(cell.fg, Color::Reset)
        && matches!(cell.bg, Color::Reset)
        && cell.modifier.is_empty()
        && !cell.skip
        && matches!(cell.symbol().as_bytes(), [b' '])
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

/// Catches the signals that end a program: the terminal window closing (SIGHUP), `kill`
/// (SIGTERM), Ctrl-C or Ctrl-\\ sent from outside (SIGINT, SIGQUIT). They are noted at once and
/// queued for [`watch_signals`].
fn catch_signals() -> io::Result<Signals> {
    const ENDING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];
    for signal in ENDING {
        signal_hook::flag::register_usize(signal, &CAUGHT, usize::try_from(signal).unwrap_or(0))?;
    }
    Signals::new(ENDING)
}

/// Restores and exits on the caught signals, from a thread of its own. Exiting here matters
/// after a hang-up: crossterm's reader would otherwise spin on the closed terminal.
fn watch_signals(mut signals: Signals) -> io::Result<()> {
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
    /// The caught signals, until the first frame is out and a thread watches them.
    signals: Option<Signals>,
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
        self.output.send()?;
        match self.signals.take() {
            Some(signals) => watch_signals(signals),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui_core::backend::TestBackend;
    use ratatui_core::style::{Modifier, Style};

    use super::*;
    use crate::flow::Flow;
    use crate::session::{BUNDLED, from_str};
    use crate::ui::{self, Overlay, Theme, View};

    /// What the first frame leaves on a blank screen, against what ratatui's own diff leaves.
    fn both_ways(area: Rect, draw: impl Fn(&mut Buffer)) -> (Buffer, Buffer) {
        let mut frame = Buffer::empty(area);
        draw(&mut frame);
        assert_eq!(on_blank(&frame), Buffer::empty(area).diff(&frame), "the cells ratatui would write");
        let mut direct = TestBackend::new(area.width, area.height);
        direct.draw(on_blank(&frame).into_iter()).expect("drawing into memory never fails");
        let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("a test terminal");
        terminal.draw(|f| draw(f.buffer_mut())).expect("drawing into memory never fails");
        (direct.buffer().clone(), terminal.backend().buffer().clone())
    }

    #[test]
    fn the_first_frame_matches_ratatuis_diff_on_wide_styled_and_coloured_cells() {
        let (direct, diffed) = both_ways(Rect::new(0, 0, 40, 6), |buf| {
            buf.set_string(0, 0, "plain, then 日本語 and e\u{301}", Style::new());
            // A style laid over wide characters after them: the cells under them stay unwritten.
            buf.set_style(Rect::new(12, 0, 6, 1), Style::new().add_modifier(Modifier::BOLD));
            buf.set_string(2, 1, "bold red", Style::new().fg(Color::Red).add_modifier(Modifier::BOLD));
            buf.set_string(0, 2, "🧘 ❤\u{fe0f} 👩\u{200d}💻 end", Style::new());
            buf.set_style(Rect::new(5, 3, 10, 2), Style::new().bg(Color::Blue));
            buf.set_style(Rect::new(30, 5, 3, 1), Style::new().add_modifier(Modifier::REVERSED));
            buf[(37, 5)].set_diff_option(CellDiffOption::Skip).set_symbol("x");
            buf[(38, 5)].set_diff_option(CellDiffOption::AlwaysUpdate);
        });
        assert_eq!(direct, diffed);
    }

    proptest::proptest! {
        /// Text and styles laid down the way widgets do it (strings and areas, overlapping, wide
        /// and combining characters, every kind of colour) and cells marked for the diff: the
        /// same writes as ratatui's diff against a blank buffer.
        #[test]
        #[allow(deprecated)] // `skip`, still honoured by the diff
        fn the_first_frame_writes_what_ratatuis_diff_writes(
            strokes in proptest::collection::vec((0u16..8, 0u16..4, 0usize..7, 0usize..4, 0usize..4, 0u16..4, 0u8..9), 0..12)
        ) {
            let colours = [Color::Reset, Color::Red, Color::Indexed(7), Color::Rgb(1, 2, 3)];
            let texts = [" ", "ab", "日本", "e\u{301}x", "", "❤\u{fe0f}!", "  z "];
            let area = Rect::new(0, 0, 8, 4);
            let mut frame = Buffer::empty(area);
            for (x, y, text, fg, bg, modifier, kind) in strokes {
                let style = Style::new()
                    .fg(colours[fg])
                    .bg(colours[bg])
                    .add_modifier(Modifier::from_bits_truncate(modifier));
                let cell = &mut frame[(x, y)];
                match kind {
                    0 => frame.set_style(Rect::new(x, y, 3, 2).intersection(area), style),
                    1 => { cell.set_diff_option(CellDiffOption::Skip); }
                    2 => { cell.set_diff_option(CellDiffOption::AlwaysUpdate); }
                    3 => { cell.set_diff_option(CellDiffOption::ForcedWidth(std::num::NonZeroU16::MIN.saturating_add(1))); }
                    4 => cell.skip = true,
                    _ => { frame.set_string(x, y, texts[text], style); }
                }
            }
            proptest::prop_assert_eq!(on_blank(&frame), Buffer::empty(area).diff(&frame));
        }
    }

    #[test]
    fn the_first_frame_matches_ratatuis_diff_on_the_welcome_screen() {
        let session = from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads");
        let flow = Flow::new(session, Vec::new(), 1);
        let now = std::time::Instant::now();
        let wall = chrono::NaiveDate::default().and_hms_opt(14, 0, 0).unwrap_or_default();
        let screen = ui::Screen {
            view: View::Room,
            overlay: Overlay::None,
            blank: None,
            banner: None,
            theme: Theme::new(true),
            clock: ui::Clock { mono: now, wall, start: None },
        };
        let (direct, diffed) = both_ways(Rect::new(0, 0, 120, 40), |buf| ui::draw(buf, &flow, &screen, now));
        assert_eq!(direct, diffed);
        assert!(direct.content.iter().any(|c| c.symbol() != " "), "something was drawn");
    }
}
