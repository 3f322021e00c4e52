//! The real event loop on a `TestBackend`, fed scripted keys and pauses on a fake clock: it
//! draws only when something visible changed, wakes once per shown second while a timer runs,
//! and not at all while paused, blanked, or on a screen without a timer.

mod common;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::io;
use std::rc::Rc;
use std::time::{Duration, Instant};

use common::{bundled, two_pm};
use holdspace::app::journal::{Found, Journal};
use holdspace::app::{self, Clock, Events, Input, Shell};
use holdspace::flow::{Flow, Position};
use holdspace::model::{App, Mode, View};
use holdspace::plan::Timeline;
use holdspace::rehearsal::{self, RunKind};
use holdspace::ui::Theme;
use ratatui_core::backend::TestBackend;
use ratatui_core::layout::Rect;
use ratatui_core::style::Color;
use ratatui_core::terminal::{Terminal, TerminalOptions, Viewport};
use ratatui_crossterm::CrosstermBackend;
use ratatui_crossterm::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// A monotonic instant and, separately, how far the wall clock has gone beyond it (sleep).
struct FakeClock(Cell<Instant>, Cell<Duration>, Instant, chrono::DateTime<chrono::Utc>);

impl FakeClock {
    fn start() -> Self {
        let t0 = Instant::now();
        Self(Cell::new(t0), Cell::new(Duration::ZERO), t0, chrono::Utc::now())
    }
}

/// `session` in the room view, in colour, started at two in the afternoon on `clock`.
fn room(session: holdspace::session::Session, clock: &FakeClock) -> App {
    let t0 = clock.now();
    let timeline = Timeline { mono: t0, wall: two_pm(), start: None };
    let recorder = rehearsal::Recorder::new(RunKind::Run, "bundled", 1);
    let flow = Flow::new(session, Vec::new(), 1);
    App::new(flow, recorder, View::Room, Theme::new(true), timeline, t0, clock.wall())
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.0.get()
    }

    fn wall(&self) -> chrono::DateTime<chrono::Utc> {
        let since = self.0.get() - self.2 + self.1.get();
        self.3 + chrono::TimeDelta::from_std(since).expect("a short test")
    }
}

enum Step {
    Key(KeyCode, KeyModifiers),
    Wait(Duration),
    /// Write this text to the session file, as an editor saving it, and report the save.
    Save(&'static str),
    /// The laptop sleeps this long: the wall clock moves on, the monotonic clock does not.
    Sleep(Duration),
}

/// Keys and pauses in order; waiting moves the fake clock. Counts how often the loop woke
/// without input.
struct Script<'c> {
    steps: VecDeque<Step>,
    file: Option<std::path::PathBuf>,
    clock: &'c FakeClock,
    wakes: usize,
}

impl Events for Script<'_> {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        loop {
            match self.steps.front_mut() {
                None => {
                    let quit = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
                    return Ok(Some(Input::Terminal(Event::Key(quit))));
                }
                Some(Step::Key(code, modifiers)) => {
                    let event = Input::Terminal(Event::Key(KeyEvent::new(*code, *modifiers)));
                    self.steps.pop_front();
                    return Ok(Some(event));
                }
                Some(Step::Sleep(away)) => {
                    self.clock.1.set(self.clock.1.get() + *away);
                    self.steps.pop_front();
                }
                Some(Step::Save(text)) => {
                    let path = self.file.as_ref().expect("a script that saves has a file");
                    std::fs::write(path, *text)?;
                    self.steps.pop_front();
                    return Ok(Some(Input::SourceChanged));
                }
                Some(Step::Wait(left)) => match timeout {
                    Some(t) if t <= *left => {
                        *left -= t;
                        self.clock.0.set(self.clock.0.get() + t);
                        self.wakes += 1;
                        return Ok(None);
                    }
                    _ => {
                        self.clock.0.set(self.clock.0.get() + *left);
                        self.steps.pop_front();
                    }
                },
            }
        }
    }
}

/// The loop's side channel, counted; with a tape, it also clears the screen as the terminal's
/// own shell does, and cuts what the frames wrote there at each `send`.
#[derive(Default)]
struct Recorder {
    frames: usize,
    chimes: usize,
    titles: Vec<String>,
    tape: Option<Tape>,
    sent: Vec<Vec<u8>>,
}

impl Shell for Recorder {
    fn chime(&mut self) -> io::Result<()> {
        self.chimes += 1;
        Ok(())
    }
    fn title(&mut self, title: &str) -> io::Result<()> {
        self.titles.push(title.to_owned());
        Ok(())
    }
    fn begin_frame(&mut self) -> io::Result<()> {
        self.frames += 1;
        Ok(())
    }
    fn end_frame(&mut self) -> io::Result<()> {
        Ok(())
    }
    fn send(&mut self) -> io::Result<()> {
        if let Some(tape) = &self.tape {
            let bytes = std::mem::take(&mut *tape.0.borrow_mut());
            if !bytes.is_empty() {
                self.sent.push(bytes);
            }
        }
        Ok(())
    }
    fn clear(&mut self, background: Color) -> io::Result<bool> {
        let Some(tape) = &mut self.tape else { return Ok(false) };
        app::output::clear(tape, background)?;
        Ok(true)
    }
}

struct Outcome {
    app: App,
    now: Instant,
    shell: Recorder,
    wakes: usize,
    terminal: Terminal<TestBackend>,
}

fn key(c: char) -> Step {
    Step::Key(KeyCode::Char(c), KeyModifiers::NONE)
}

fn right() -> Step {
    Step::Key(KeyCode::Right, KeyModifiers::NONE)
}

fn wait(secs: u64) -> Step {
    Step::Wait(Duration::from_secs(secs))
}

fn run(steps: Vec<Step>) -> Outcome {
    run_file(None, steps)
}

fn run_file(file: Option<std::path::PathBuf>, steps: Vec<Step>) -> Outcome {
    run_with(file, None, steps)
}

fn run_with(file: Option<std::path::PathBuf>, journal: Option<Journal>, steps: Vec<Step>) -> Outcome {
    let clock = FakeClock::start();
    let session = match &file {
        Some(path) => holdspace::session::load(path).expect("the test file loads"),
        None => bundled(),
    };
    let mut app = room(session, &clock);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let mut script = Script { steps: steps.into(), file: file.clone(), clock: &clock, wakes: 0 };
    let mut shell = Recorder::default();
    let options = app::Options { source: file, title: true, journal, sound: None, panic_on_key: false };
    let mut hub = holdspace::share::Hub::default();
    app::run(&mut terminal, &mut app, &mut script, &clock, &mut shell, &options, &mut hub)
        .expect("the loop ends cleanly");
    let wakes = script.wakes;
    Outcome { app, now: clock.0.get(), shell, wakes, terminal }
}

#[test]
fn the_welcome_screen_is_drawn_once_and_never_wakes() {
    let out = run(vec![wait(600)]);
    assert_eq!(out.shell.frames, 1);
    assert_eq!(out.wakes, 0);
}

#[test]
fn a_running_timer_wakes_and_draws_once_a_second() {
    let out = run(vec![right(), wait(10)]);
    assert_eq!(out.wakes, 10, "one wake per shown second");
    assert_eq!(out.shell.frames, 2 + 10, "welcome, the quote, then one frame per second");
    assert!(out.shell.titles.last().is_some_and(|t| t.starts_with("2:50 · Opening")), "{:?}", out.shell.titles.last());
}

#[test]
fn paused_and_blanked_screens_stay_idle() {
    let paused = run(vec![right(), key(' '), wait(600)]);
    assert_eq!((paused.wakes, paused.shell.frames), (0, 3));
    let blanked = run(vec![right(), key('b'), wait(60)]);
    assert_eq!((blanked.wakes, blanked.shell.frames), (0, 3), "a blank screen wakes only for the chime at zero");
}

#[test]
fn a_blank_screen_still_chimes_at_zero() {
    let out = run(vec![right(), key('b'), wait(200)]);
    assert_eq!(out.shell.chimes, 1);
    assert_eq!(out.wakes, 1, "one wake, for the chime");
}

#[test]
fn unbound_keys_and_esc_do_not_redraw() {
    let out =
        run(vec![key('x'), Step::Key(KeyCode::Esc, KeyModifiers::NONE), Step::Key(KeyCode::F(5), KeyModifiers::NONE)]);
    assert_eq!(out.shell.frames, 1);
    assert_eq!(out.app.flow.position(), Position::Welcome, "Esc and F5 never move");
}

#[test]
fn q_asks_first_and_any_other_key_cancels() {
    let out = run(vec![right(), key('q'), key('n'), key('q'), key('y'), right()]);
    assert_eq!(out.app.flow.step_index(), Some(0), "quit before the last key was pressed");
}

#[test]
fn a_whole_session_through_the_loop_from_welcome_to_end() {
    let mut steps = Vec::new();
    // Two quotes, four questions, then a pair-share round: its changeover ends by itself, and
    // the first turn hands over to the second by itself...
    for _ in 0..6 {
        steps.extend([right(), wait(30)]);
    }
    steps.extend([right(), wait(30 + 180 + 5)]);
    // ...the rest with a pause, a minute added, a blank, the facilitator view on the way.
    steps.extend([right(), right(), key(' '), wait(5), key(' '), key('+'), key('v'), key('.'), wait(5), key('x')]);
    for _ in 0..14 {
        steps.extend([right(), wait(2)]);
    }
    steps.extend([key('q'), key('y')]);
    let out = run(steps);
    assert_eq!(out.app.flow.position(), Position::End);
    assert_eq!(out.app.window.view, View::Facilitator);
    // The first round's start and swap cued by themselves, then three rounds each started and
    // swapped early by key.
    assert_eq!(out.shell.chimes, 2 + 3 * 2);
    let text: String =
        out.terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
    assert!(text.contains("planned 56m · actual"), "the end screen is shown");
}

const THREE_STEPS: &str = "[session]\ntitle = \"W\"\n[[step]]\nkind = \"text\"\ntext = \"one\"\nduration = \"1m\"\n[[step]]\nkind = \"text\"\ntext = \"two\"\nduration = \"1m\"\n[[step]]\nkind = \"text\"\ntext = \"three\"\nduration = \"1m\"\n";
const TWO_EDITED: &str = "[session]\ntitle = \"W\"\n[[step]]\nkind = \"text\"\ntext = \"one\"\nduration = \"1m\"\n[[step]]\nkind = \"text\"\ntext = \"two, edited\"\nduration = \"1m\"\n";

#[test]
fn a_saved_edit_reloads_in_place_and_a_broken_save_keeps_the_last_good_version() {
    let path = std::env::temp_dir().join(format!("holdspace-watch-{}.toml", std::process::id()));
    std::fs::write(&path, THREE_STEPS).expect("write the session");
    let out = run_file(
        Some(path.clone()),
        // The room view only marks the message; the facilitator view says it.
        vec![right(), right(), wait(10), Step::Save(TWO_EDITED), Step::Save("[session\n"), wait(5), key('v')],
    );
    std::fs::remove_file(&path).expect("clean up");
    assert_eq!(out.app.flow.step_index(), Some(1), "still on the second step");
    assert_eq!(out.app.flow.session().steps.len(), 2, "the edit took effect");
    assert!(out.app.window.notice.as_deref().is_some_and(|b| b.starts_with("reload failed, still running")));
    let text: String =
        out.terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
    assert!(text.contains("two, edited"), "the edited words are on screen");
    assert!(text.contains("reload failed"), "the broken save is reported in the facilitator view");
    let left = out.app.flow.timer_view(out.now).map(|v| v.secs);
    assert_eq!(left, Some(45), "the step's timer ran on through both saves");
}

#[test]
fn a_laptop_that_slept_asks_whether_the_time_counts() {
    // Asleep for ten minutes during the quote: "y" counts it, and the timer is into overtime.
    let counted = run(vec![right(), wait(10), Step::Sleep(Duration::from_mins(10)), wait(1), key('y')]);
    let view = counted.app.flow.timer_view(counted.now).expect("a timer");
    assert_eq!((view.secs, view.status), (431, holdspace::flow::TimerStatus::Over(holdspace::session::Overtime::Show)));
    // "n" carries on where the timer stopped.
    let ignored = run(vec![right(), wait(10), Step::Sleep(Duration::from_mins(10)), wait(1), key('n')]);
    assert_eq!(ignored.app.flow.timer_view(ignored.now).map(|v| v.secs), Some(169));
    // While paused nothing was running, so nothing is asked.
    let paused = run(vec![right(), key(' '), Step::Sleep(Duration::from_mins(10)), key('x')]);
    assert_eq!(paused.app.window.mode, Mode::Normal);
}

#[test]
fn the_journal_follows_every_change_and_is_cleared_at_the_end() {
    let folder = std::env::temp_dir().join(format!("holdspace-loop-journal-{}", std::process::id()));
    let journal = Journal::new(&folder, holdspace::rehearsal::RunKind::Run, "bundled", b"x");
    let out = run_with(None, Some(journal.clone()), vec![right(), right(), right(), wait(5)]);
    let Ok(Found::Resumable(entry)) = journal.read() else { panic!("a journal after changes") };
    assert_eq!(entry.flow.position, out.app.flow.position());
    let out = run_with(
        None,
        Some(journal.clone()),
        vec![
            key('g'),
            Step::Key(KeyCode::End, KeyModifiers::NONE),
            Step::Key(KeyCode::Enter, KeyModifiers::NONE),
            right(),
        ],
    );
    assert_eq!(out.app.flow.position(), Position::End);
    assert!(matches!(journal.read(), Ok(Found::Nothing)), "a finished session clears its journal");
    let _ = std::fs::remove_dir_all(&folder);
}

/// What the loop writes for a real terminal, the crossterm backend's cells and the shell's
/// clearing on one tape, cut at each `send`.
#[derive(Clone, Default)]
struct Tape(Rc<RefCell<Vec<u8>>>);

impl io::Write for Tape {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_first_frame_builds_on_the_cleared_ground_and_is_then_sent_whole() {
    let clock = FakeClock::start();
    let mut app = room(bundled(), &clock);
    let tape = Tape::default();
    let mut shell = Recorder { tape: Some(tape.clone()), ..Recorder::default() };
    let viewport = Viewport::Fixed(Rect::new(0, 0, 80, 24));
    let mut terminal = Terminal::with_options(CrosstermBackend::new(tape), TerminalOptions { viewport })
        .expect("a terminal on the tape");
    let mut script = Script { steps: VecDeque::new(), file: None, clock: &clock, wakes: 0 };
    let options = app::Options::default();
    let mut hub = holdspace::share::Hub::default();
    app::run(&mut terminal, &mut app, &mut script, &clock, &mut shell, &options, &mut hub).expect("the loop ends");
    let [first, whole] = shell.sent.as_slice() else { panic!("{} sends, not the welcome twice", shell.sent.len()) };
    assert!(first.len() * 3 < whole.len(), "the first frame has {} bytes, the whole one {}", first.len(), whole.len());
    let screen = |tapes: &[&Vec<u8>]| {
        let mut parser = vt100::Parser::new(24, 80, 0);
        for tape in tapes {
            parser.process(tape);
        }
        parser
    };
    // A terminal that erases in the current background shows the welcome whole after the first
    // frame; one that erases in its own is painted by the second alone.
    let (grounded, both, alone) = (screen(&[first]), screen(&[first, whole]), screen(&[whole]));
    let Some(ratatui_core::style::Color::Rgb(r, g, b)) = app.theme.base().bg else { panic!("the theme paints") };
    let ground = vt100::Color::Rgb(r, g, b);
    assert!(both.screen().contents().contains("Welcome"), "{}", both.screen().contents());
    // An erased cell holds nothing, a painted blank a space: both show the ground.
    let shown = |p: &vt100::Parser, row, col| {
        let cell = p.screen().cell(row, col).cloned().expect("a cell");
        let text = if cell.contents().is_empty() { " ".to_owned() } else { cell.contents().to_owned() };
        (text, cell.bgcolor(), cell.fgcolor())
    };
    let mut grounds = 0;
    for (row, col) in (0..24).flat_map(|row| (0..80).map(move |col| (row, col))) {
        let (early, late, repainted) = (shown(&grounded, row, col), shown(&both, row, col), shown(&alone, row, col));
        assert_eq!((&early.0, early.1), (&late.0, late.1), "{row},{col}");
        assert_eq!(repainted, late, "{row},{col}");
        if late.0 == " " {
            grounds += usize::from(late.1 == ground);
        } else {
            assert_eq!(early.2, late.2, "{row},{col}: the colour of the text");
        }
    }
    assert!(grounds > 80 * 20, "most of the screen is the theme's ground ({grounds} cells)");
}
