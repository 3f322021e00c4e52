//! What a running timer costs the terminal: the bytes ratatui writes for each second's frame,
//! through the same crossterm backend the app uses. Bytes, unlike timings, are the same on every
//! machine, so the figure of docs/performance.md (under 300 bytes a second at 120x40, the window
//! title included) is held here as well as measured through a pty by `examples/measure.rs`.

mod common;

use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;

use common::Fixture;
use holdspace::flow::Action;
use holdspace::model::View;
use holdspace::ui;
use ratatui_core::layout::Rect;
use ratatui_core::terminal::{Terminal, TerminalOptions, Viewport};
use ratatui_crossterm::CrosstermBackend;

/// The longest window title a running timer writes each second ("12:34 · " and the step).
const TITLE: usize = 40;

/// A terminal that counts what it is sent.
#[derive(Clone, Default)]
struct Counted(Rc<Cell<usize>>);

impl Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + bytes.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes a second, averaged over three minutes (three minute roll-overs among them), of the
/// room view of step `step` with 7 people at `width` x `height`, in colour or not.
fn per_second(step: usize, (width, height): (u16, u16), colour: bool) -> usize {
    const SECS: u64 = 180;
    let mut fixture = Fixture::new(common::bundled(), &common::names(7));
    fixture.act(&[Action::JumpTo(step)]);
    // Past a pair-share's changeover, to its first turn.
    fixture.wait(60);
    let look = common::screen(View::Room, fixture.t0, colour);
    let counted = Counted::default();
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let backend = CrosstermBackend::new(counted.clone());
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport }).expect("a terminal");
    let mut draw = |fixture: &Fixture| {
        let app = common::app(&fixture.flow, &look);
        terminal.draw(|f| ui::draw(f.buffer_mut(), &app, fixture.now)).expect("drawing never fails");
    };
    draw(&fixture);
    counted.0.set(0);
    for _ in 0..SECS {
        fixture.wait(1);
        draw(&fixture);
    }
    assert!(fixture.flow.next_change(fixture.now).is_some(), "step {step}'s timer still runs");
    counted.0.get() / usize::try_from(SECS).expect("small")
}

#[test]
fn a_running_timer_sends_under_300_bytes_a_second_with_its_title() {
    // The opening quote, the reflection questions, a pair-share's first turn.
    for step in [0, 2, 3] {
        for size in [(80, 24), (120, 40)] {
            for colour in [true, false] {
                let bytes = per_second(step, size, colour) + TITLE;
                assert!(bytes < 300, "step {step} at {size:?}, colour {colour}: {bytes} bytes a second");
            }
        }
    }
}
