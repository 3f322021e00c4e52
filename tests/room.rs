//! The projected screen shows only what the room should see, and holds still: overlays leave no
//! pieces of big glyphs, the timer keeps one size through a step, a state reads as a band
//! without colour, and nothing meant for the facilitator is projected.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use common::{Fixture, Look, bundled, names, screen};
use holdspace::flow::Action::{self, JumpTo, Next, TogglePause};
use holdspace::flow::{Flow, Position};
use holdspace::model::{App, Change, Field, Mode, View};
use proptest::prelude::*;
use ratatui_core::backend::TestBackend;
use ratatui_core::buffer::Buffer;
use ratatui_core::style::{Color, Modifier};
use ratatui_core::terminal::Terminal;

/// Whether a cell shows a piece of a big glyph: the timer's digits and the big letters are drawn
/// with block elements, which nothing else on a screen uses.
fn big_glyph(symbol: &str) -> bool {
    symbol.chars().any(|c| ('\u{2580}'..='\u{259F}').contains(&c))
}

fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The rows of `buf` with a piece of a big glyph in them.
fn glyph_rows(buf: &Buffer) -> BTreeSet<u16> {
    (0..buf.area.height).filter(|&y| row(buf, y).chars().any(|c| big_glyph(&c.to_string()))).collect()
}

/// Runs of consecutive rows: each big glyph's band of rows.
fn runs(rows: &BTreeSet<u16>) -> Vec<BTreeSet<u16>> {
    let mut out: Vec<BTreeSet<u16>> = Vec::new();
    for &y in rows {
        match out.last_mut() {
            Some(run) if run.last().is_some_and(|&last| last + 1 == y) => {
                run.insert(y);
            }
            _ => out.push(BTreeSet::from([y])),
        }
    }
    out
}

/// With an overlay open, every band of big glyphs is either shown whole, as without the
/// overlay, or gone: no piece of a digit or a big letter anywhere. A piece left is a cell of a
/// big glyph as it was without the overlay (the timings' bars are blocks of their own).
#[track_caller]
fn assert_no_pieces(plain: &Buffer, covered: &Buffer, what: &str) {
    let left =
        |y: u16| (0..plain.area.width).any(|x| big_glyph(plain[(x, y)].symbol()) && covered[(x, y)] == plain[(x, y)]);
    for run in runs(&glyph_rows(plain)) {
        let kept: Vec<u16> = run.iter().copied().filter(|&y| left(y)).collect();
        assert!(kept.is_empty() || kept.len() == run.len(), "{what}: rows {kept:?} of the band {run:?} are left");
        for &y in &kept {
            assert_eq!(row(covered, y), row(plain, y), "{what}: row {y} of a big glyph is drawn over");
        }
    }
}

fn draw(app: &App, now: Instant, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    common::draw(app, now, w, h)
}

/// The private overlays (and the keys) over the screens with big glyphs: the timer, a big
/// heading, big letters of a message.
#[test]
fn overlays_in_the_room_view_leave_no_pieces_of_big_glyphs() {
    let modes = [
        ("help", Mode::Help),
        ("agenda", Mode::Agenda { selected: 6 }),
        ("roster", Mode::Roster { selected: 5 }),
        ("quit", Mode::ConfirmQuit),
        ("timings", Mode::Report),
        ("message", Mode::Typing { field: Field::Message, text: "Back at 10:45".into() }),
    ];
    let scenes: [(&str, &[Action], Option<&str>); 3] = [
        ("reflection", &[JumpTo(2)], None),
        ("end", &[JumpTo(9), Next], None),
        ("message", &[JumpTo(0)], Some("Back at 10:45")),
    ];
    for (scene, actions, message) in scenes {
        let mut fixture = Fixture::new(bundled(), &names(7));
        fixture.act(actions).wait(20);
        for size in [(80, 24), (40, 12), (60, 20)] {
            let mut app = common::app(&fixture.flow, &screen(View::Room, fixture.t0, true));
            if let Some(text) = message {
                common::change(&mut app, Change::Message(Some(text.into())), fixture.now);
            }
            let plain = draw(&app, fixture.now, size).backend().buffer().clone();
            for (name, mode) in &modes {
                app.window.mode = mode.clone();
                let terminal = draw(&app, fixture.now, size);
                let what = format!("{name} over {scene} at {}x{}", size.0, size.1);
                assert_no_pieces(&plain, terminal.backend().buffer(), &what);
                if scene == "reflection" && size != (60, 20) {
                    insta::assert_snapshot!(format!("overlay_{name}_{}x{}", size.0, size.1), terminal.backend());
                }
            }
        }
    }
}

/// The reflection step's timer is as tall at the fourth question as at the first.
#[test]
fn the_timer_holds_its_size_from_the_first_question_to_the_last() {
    for size in [(80, 24), (40, 12), (120, 40), (60, 20), (100, 30), (50, 16)] {
        let mut fixture = Fixture::new(bundled(), &[]);
        fixture.act(&[JumpTo(2)]);
        let mut seen = Vec::new();
        for question in 1..=4 {
            let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), size.0, size.1);
            seen.push(glyph_rows(terminal.backend().buffer()));
            if size == (80, 24) {
                insta::assert_snapshot!(format!("reflection_question_{question}_80x24"), terminal.backend());
            }
            fixture.act(&[Next]).wait(30);
        }
        assert!(!seen[0].is_empty(), "big digits at {size:?}");
        assert!(seen.iter().all(|rows| *rows == seen[0]), "the timer's rows at {size:?}: {seen:?}");
    }
}

/// Warning, time up and paused are each a reversed band across the window, with colour and
/// without; running has none.
#[test]
fn a_state_is_a_band_across_the_window_with_or_without_colour() {
    common::each_timer_state(|name, fixture| {
        for colour in [true, false] {
            for (w, h) in [(80, 24), (40, 12)] {
                let terminal = fixture.draw(&screen(View::Room, fixture.t0, colour), w, h);
                let buf = terminal.backend().buffer();
                let band =
                    (0..h).filter(|&y| (0..w).all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))).count();
                assert_eq!(band > 0, name != "running", "{name}, colour {colour}, {w}x{h}: a reversed band");
                if !colour {
                    assert!(buf.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
                    insta::assert_snapshot!(format!("state_{name}_no_colour_{w}x{h}"), terminal.backend());
                }
            }
        }
    });
}

/// The welcome screen's hint and the end screen's figures are the facilitator's: the room view
/// shows how to begin only in its dim corner and thanks the room at the end.
#[test]
fn the_room_view_carries_nothing_for_the_facilitator() {
    let text = |fixture: &Fixture, view| {
        let terminal = fixture.draw(&screen(view, fixture.t0, true), 80, 24);
        let buf = terminal.backend().buffer().clone();
        (0..24).map(|y| row(&buf, y)).collect::<Vec<_>>()
    };
    let mut fixture = Fixture::new(bundled(), &[]);
    let welcome = text(&fixture, View::Room);
    let hint: Vec<usize> = (0..24).filter(|&y| welcome[y].contains("press → to begin")).collect();
    assert_eq!(hint, [0], "in the top line's corner, not the middle: {welcome:#?}");
    fixture.act(&[JumpTo(9), Next]);
    let room = text(&fixture, View::Room).concat();
    assert!(!room.contains("planned") && !room.contains("actual"), "{room}");
    assert!(text(&fixture, View::Facilitator).concat().contains("planned 56m · actual"));
}

// ---------------------------------------------------------------------------------------------
// The property: the timer's rows never change within a step at a fixed size
// ---------------------------------------------------------------------------------------------

/// What can happen while a step is on show.
#[derive(Debug, Clone)]
enum Op {
    Act(Action),
    Wait(u64),
    Open(Mode),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Act(Next)),
        1 => Just(Op::Act(Action::Previous)),
        1 => Just(Op::Act(TogglePause)),
        1 => Just(Op::Act(Action::AddMinute)),
        1 => Just(Op::Act(Action::TakeMinute)),
        3 => (1u64..200).prop_map(Op::Wait),
        2 => prop_oneof![
            Just(Mode::Normal),
            Just(Mode::Help),
            Just(Mode::ConfirmQuit),
            Just(Mode::Report),
            (0usize..10).prop_map(|selected| Mode::Agenda { selected }),
            (0usize..12).prop_map(|selected| Mode::Roster { selected }),
        ]
        .prop_map(Op::Open),
    ]
}

/// The rows holding the timer's digits: drawn paused (the pause changes nothing else on the
/// screen), the digits are the only blocks in the paused colour.
fn timer_rows(flow: &Flow, look: &Look, message: Option<&str>, now: Instant, size: (u16, u16)) -> BTreeSet<u16> {
    let mut paused = flow.clone();
    if paused.timer_view(now).is_some_and(|v| v.status != holdspace::flow::TimerStatus::Paused) {
        paused.apply(TogglePause, now);
    }
    let mut app = common::app(&paused, look);
    if let Some(text) = message {
        common::change(&mut app, Change::Message(Some(text.into())), now);
    }
    let colour = holdspace::ui::theme::DARK.paused;
    let terminal = draw(&app, now, size);
    let buf = terminal.backend().buffer();
    (0..size.1).filter(|&y| (0..size.0).any(|x| big_glyph(buf[(x, y)].symbol()) && buf[(x, y)].fg == colour)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Within a step, at a fixed window size, the timer's digits take the same rows whenever they
    /// are drawn big, whatever is revealed, opened, paused or added; a changeover's countdown (a
    /// plain line) and the first seconds of a turn or phase under its banner are stages of their
    /// own.
    #[test]
    fn the_timer_rows_never_change_within_a_step(
        library in 0usize..=holdspace::session::LIBRARY.len(),
        people in prop_oneof![Just(0usize), 2usize..14, Just(40)],
        step in 0usize..12,
        size in prop_oneof![Just((80u16, 24u16)), Just((40, 12)), Just((60, 20)), Just((120, 40)), Just((100, 30))],
        message in proptest::option::weighted(0.2, Just("Back at 10:45".to_owned())),
        ops in proptest::collection::vec(op(), 1..30),
    ) {
        let session = match holdspace::session::LIBRARY.get(library) {
            Some((file, text)) => holdspace::session::from_str(text, file).expect("a library session loads"),
            None => bundled(),
        };
        let steps = session.steps.len();
        let mut fixture = Fixture::new(session, &names(people));
        fixture.act(&[JumpTo(step % steps)]);
        let mut look = screen(View::Room, fixture.t0, true);
        let at = fixture.flow.step_index();
        let mut rows: Option<BTreeSet<u16>> = None;
        for op in ops {
            match op {
                Op::Act(action) => {
                    fixture.act(&[action]);
                }
                Op::Wait(secs) => {
                    fixture.wait(secs);
                }
                Op::Open(mode) => look.mode = mode,
            }
            if fixture.flow.step_index() != at || fixture.flow.position() == Position::End {
                break;
            }
            // A banner's first seconds are a stage of their own, as a changeover is.
            if fixture.flow.cue(fixture.now).is_some() {
                continue;
            }
            let shown = timer_rows(&fixture.flow, &look, message.as_deref(), fixture.now, size);
            if shown.is_empty() {
                continue;
            }
            match &rows {
                None => rows = Some(shown),
                Some(first) => prop_assert_eq!(first, &shown, "at {:?}", fixture.flow.position()),
            }
        }
    }
}

/// A whole step's worth of seconds does not move the timer either (the warning and time up
/// come and go within it).
#[test]
fn the_timer_rows_hold_through_a_whole_step() {
    let mut fixture = Fixture::new(bundled(), &names(7));
    fixture.act(&[JumpTo(3)]);
    let look = screen(View::Room, fixture.t0, true);
    let mut seen = BTreeSet::new();
    for _ in 0..80 {
        fixture.wait(10);
        let rows = timer_rows(&fixture.flow, &look, None, fixture.now, (80, 24));
        if !rows.is_empty() {
            seen.insert(rows.into_iter().collect::<Vec<_>>());
        }
    }
    assert_eq!(seen.len(), 1, "{seen:?}");
}
