//! Messages on the room's screen by key: one typed with `m`, or the session's own on a number
//! key with its clock times filled in; the same key again takes it down.

mod common;

use std::time::Duration;

use holdspace::flow::Action;
use holdspace::model::{Effect, Msg, View};
use holdspace::session;
use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent};

const SESSION: &str = r#"
[session]
title = "Two talks"
[[step]]
kind = "text"
text = "First"
duration = "5m"
[[step]]
kind = "text"
text = "Second"
duration = "10m"
[messages]
1 = "Back at {end}"
2 = "We close at {finish}"
"#;

/// Presses `code` at `now`, the wall clock agreeing with the monotonic one (no sleep between).
fn press(app: &mut holdspace::model::App, code: KeyCode, now: std::time::Instant) -> Vec<Effect> {
    let wall = common::wall(app, now);
    app.update(Msg::Key(KeyEvent::from(code)), now, wall)
}

#[test]
fn a_number_key_shows_the_sessions_message_with_its_times_and_takes_it_down() {
    let mut fixture = common::Fixture::new(session::from_str(SESSION, "s.toml").expect("loads"), &[]);
    // The first step starts a second after 14:00 and runs five minutes; a minute later:
    fixture.act(&[Action::Next]).wait(60);
    let look = common::screen(View::Facilitator, fixture.t0, false);
    let mut app = common::app(&fixture.flow, &look);
    press(&mut app, KeyCode::Char('1'), fixture.now);
    assert_eq!(app.room.message.as_deref(), Some("Back at 14:05"), "{:?}", app.window.notice);
    press(&mut app, KeyCode::Char('2'), fixture.now);
    assert_eq!(app.room.message.as_deref(), Some("We close at 14:15"), "another key replaces it");
    press(&mut app, KeyCode::Char('2'), fixture.now);
    assert_eq!(app.room.message, None, "the same key again takes it down");
    press(&mut app, KeyCode::Char('1'), fixture.now);
    press(&mut app, KeyCode::Char('m'), fixture.now);
    assert_eq!(app.room.message, None, "m takes a preset down too");
}

#[test]
fn times_follow_the_timer_not_the_plan() {
    let mut fixture = common::Fixture::new(session::from_str(SESSION, "s.toml").expect("loads"), &[]);
    fixture.act(&[Action::Next, Action::AddMinute, Action::AddMinute]);
    let look = common::screen(View::Facilitator, fixture.t0, false);
    let mut app = common::app(&fixture.flow, &look);
    press(&mut app, KeyCode::Char('1'), fixture.now);
    assert_eq!(app.room.message.as_deref(), Some("Back at 14:07"), "two minutes added to the step");
    press(&mut app, KeyCode::Char('2'), fixture.now + Duration::from_secs(1));
    assert_eq!(app.room.message.as_deref(), Some("We close at 14:17"));
}

#[test]
fn a_key_without_a_message_tells_the_facilitator_and_shows_nothing() {
    let fixture = common::Fixture::new(common::bundled(), &[]);
    let look = common::screen(View::Facilitator, fixture.t0, false);
    let mut app = common::app(&fixture.flow, &look);
    let effects = press(&mut app, KeyCode::Char('9'), fixture.now);
    assert!(effects.contains(&Effect::Redraw));
    assert_eq!(app.room.message, None);
    assert!(app.window.notice.as_deref().is_some_and(|n| n.contains("no message on 9")), "{:?}", app.window.notice);
}

#[test]
fn digits_typed_into_a_message_are_text() {
    let fixture = common::Fixture::new(session::from_str(SESSION, "s.toml").expect("loads"), &[]);
    let look = common::screen(View::Facilitator, fixture.t0, false);
    let mut app = common::app(&fixture.flow, &look);
    for code in [KeyCode::Char('m'), KeyCode::Char('1'), KeyCode::Char('0'), KeyCode::Enter] {
        press(&mut app, code, fixture.now);
    }
    assert_eq!(app.room.message.as_deref(), Some("10"));
}
