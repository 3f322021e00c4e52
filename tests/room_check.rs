//! The room check: what it shows at the projector's usual size and in a window too small, and
//! the welcome screen's `f` that opens it (any key returns).

mod common;

use common::{Fixture, bundled, names, screen};
use holdspace::model::{Mode, View};
use ratatui_core::backend::TestBackend;
use ratatui_core::terminal::Terminal;
use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn check(width: u16, height: u16, people: usize) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    let theme = holdspace::ui::Theme::new(true);
    terminal
        .draw(|frame| holdspace::ui::room_check::draw(frame.buffer_mut(), &bundled(), &names(people), theme))
        .expect("drawing never fails");
    terminal
}

#[test]
fn the_room_check_shows_the_largest_and_smallest_text_and_the_font_to_choose() {
    for (w, h) in [(80, 24), (120, 40), (60, 20)] {
        insta::assert_snapshot!(format!("room_check_{w}x{h}"), check(w, h, 30).backend());
    }
}

#[test]
fn the_welcome_screen_opens_the_room_check_and_any_key_returns() {
    let fixture = Fixture::new(bundled(), &names(7));
    let mut app = common::app(&fixture.flow, &screen(View::Room, fixture.t0, true));
    let press = |app: &mut holdspace::model::App, code| {
        app.update(holdspace::model::Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixture.t0, chrono::Utc::now())
    };
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.window.mode, Mode::RoomCheck);
    let text = common::shown(&common::draw(&app, fixture.t0, 80, 24));
    assert!(text.contains("Room check") && text.contains("This window is 80x24"), "{text}");
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.window.mode, Mode::Normal);
    assert!(matches!(app.flow.position(), holdspace::flow::Position::Welcome), "the key only returned");
}
