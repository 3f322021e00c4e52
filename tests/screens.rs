//! Every kind of screen in both views at 80x24 and 120x40, as the room would see it, through
//! insta snapshots of ratatui's `TestBackend`; styles that carry meaning are asserted on the
//! buffer, which snapshots do not see.

mod common;

use chrono::TimeZone;
use common::{Fixture, bundled, names, screen};
use holdspace::flow::Action::{self, JumpTo, Next, TogglePause};
use holdspace::model::{Mode, Shade, View};
use ratatui_core::style::Modifier;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// Snapshots the bundled session after `actions` (plus `wait` seconds) in both views and sizes.
#[track_caller]
fn snapshot_all(name: &str, roster: usize, actions: &[Action], wait: u64) {
    let mut fixture = Fixture::new(bundled(), &names(roster));
    fixture.act(actions).wait(wait);
    for view in [View::Room, View::Facilitator] {
        for (w, h) in SIZES {
            let terminal = fixture.draw(&screen(view, fixture.t0, true), w, h);
            let view_name = if view == View::Room { "room" } else { "facilitator" };
            insta::assert_snapshot!(format!("{name}_{view_name}_{w}x{h}"), terminal.backend());
        }
    }
}

#[test]
fn welcome() {
    snapshot_all("welcome", 0, &[], 0);
}

#[test]
fn quote() {
    snapshot_all("quote", 0, &[Next], 20);
}

#[test]
fn text() {
    snapshot_all("text", 0, &[JumpTo(7)], 0);
}

#[test]
fn reflection_second_question() {
    snapshot_all("reflection", 0, &[JumpTo(2), Next], 30);
}

#[test]
fn pair_share_without_roster() {
    snapshot_all("pair_share_no_roster", 0, &[JumpTo(3), Next], 10);
}

#[test]
fn pair_share_after_the_swap_with_seven_people() {
    // The changeover's 30 s, the first turn's 3m, then 5 s into the second turn.
    snapshot_all("pair_share_7_swapped", 7, &[JumpTo(3)], 30 + 180 + 5);
}

#[test]
fn closing_in_warning() {
    snapshot_all("closing_warning", 0, &[JumpTo(8)], 400);
}

#[test]
fn text_in_overtime() {
    snapshot_all("text_overtime", 0, &[JumpTo(9)], 222);
}

#[test]
fn paused() {
    snapshot_all("paused", 0, &[JumpTo(0), TogglePause], 0);
}

#[test]
fn end() {
    snapshot_all("end", 0, &[JumpTo(9), Next], 0);
}

#[test]
fn too_small_asks_for_a_larger_window() {
    let fixture = Fixture::new(bundled(), &[]);
    let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), 20, 5);
    insta::assert_snapshot!("too_small_20x5", terminal.backend());
}

#[test]
fn every_screen_at_every_size_draws_without_panicking() {
    let mut fixture = Fixture::new(bundled(), &names(7));
    let steps = fixture.flow.session().steps.len();
    for _ in 0..(steps * 4) {
        for view in [View::Room, View::Facilitator] {
            let s = screen(view, fixture.t0, true);
            for w in (0..=200).step_by(23).chain([1, 2, 59, 60, 61, 79, 80]) {
                for h in (0..=60).step_by(11).chain([1, 2, 15, 16, 23, 24]) {
                    fixture.draw(&s, w, h);
                }
            }
        }
        fixture.act(&[Next]).wait(37);
    }
}

#[test]
fn blank_screens_show_nothing_but_the_shade() {
    let fixture = Fixture::new(bundled(), &[]);
    for shade in [Shade::Black, Shade::White] {
        let mut s = screen(View::Room, fixture.t0, true);
        s.blank = Some(shade);
        let terminal = fixture.draw(&s, 80, 24);
        assert!(terminal.backend().buffer().content().iter().all(|c| c.symbol() == " "), "{shade:?} shows no text");
    }
}

#[test]
fn states_stay_distinct_without_colour() {
    let mut fixture = Fixture::new(bundled(), &[]);
    fixture.act(&[JumpTo(9)]);
    let plain = |f: &Fixture| {
        let terminal = f.draw(&screen(View::Room, f.t0, false), 80, 24);
        let buffer = terminal.backend().buffer().clone();
        assert!(buffer.content().iter().all(|c| c.fg == ratatui_core::style::Color::Reset), "NO_COLOR draws no colour");
        let text: String = buffer.content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
        let reversed = buffer.content().iter().any(|c| c.modifier.contains(Modifier::REVERSED));
        (text, reversed)
    };
    let (running, running_reversed) = plain(&fixture);
    fixture.wait(160);
    let (warning, _) = plain(&fixture);
    fixture.wait(60);
    let (over, over_reversed) = plain(&fixture);
    fixture.act(&[TogglePause]);
    let (paused, paused_reversed) = plain(&fixture);
    assert!(!running.contains("almost time") && !running_reversed);
    assert!(warning.contains("▲ almost time"));
    assert!(over.contains("time is up") && over_reversed);
    assert!(paused.contains("PAUSED") && paused_reversed);
}

#[test]
fn pair_share_rooms_of_every_size() {
    for people in [2, 3, 7, 30, 60] {
        let mut fixture = Fixture::new(bundled(), &names(people));
        fixture.act(&[JumpTo(3), Next]).wait(20);
        for (w, h) in SIZES {
            let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), w, h);
            let text: String =
                terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
            let shown = fixture.flow.groups().expect("pairs").iter().flat_map(|g| g.0.clone()).count();
            assert_eq!(shown, people, "everyone is in a group");
            // Sixty people at 80x24 get three columns of 20 cells: a pair of two of the longest
            // names ("A Tomás 3  B Eun-ji 2", 21 cells) is cut with an ellipsis. Whether such a
            // pair exists depends on the seed's pairs, so only the larger size promises it there.
            if people < 60 || w > 80 {
                for name in fixture.flow.roster() {
                    assert!(text.contains(&format!(" {name} ")), "{people} people at {w}x{h}: {name} is shown whole");
                }
            }
            insta::assert_snapshot!(format!("pair_share_{people}_people_{w}x{h}"), terminal.backend());
        }
    }
}

/// Every timer state with colour on and with `NO_COLOR`, styles included: the buffer's debug
/// form lists every change of style, which a plain snapshot does not see.
#[test]
fn timer_states_with_and_without_colour() {
    common::each_timer_state(|name, fixture| {
        for colour in [true, false] {
            let terminal = fixture.draw(&screen(View::Room, fixture.t0, colour), 60, 16);
            let kind = if colour { "colour" } else { "no_colour" };
            insta::assert_debug_snapshot!(format!("state_{name}_{kind}_60x16"), terminal.backend().buffer());
        }
        // The other built-in themes (the default, dark, is "colour" above).
        for theme in ["light", "high-contrast", "terminal"] {
            let mut look = screen(View::Room, fixture.t0, true);
            look.theme = holdspace::ui::Theme::named(theme);
            let terminal = fixture.draw(&look, 60, 16);
            insta::assert_debug_snapshot!(format!("state_{name}_{theme}_60x16"), terminal.backend().buffer());
        }
    });
}

/// The figures `check` judges texts by are the room view's own: at 80x24 a text of
/// `ROOM_FIT.rows` lines of `ROOM_FIT.columns` columns shows whole beside the timer in big
/// digits, and one line more does not.
#[test]
fn check_judges_texts_by_what_the_room_view_shows() {
    let fit = holdspace::ui::ROOM_FIT;
    assert_eq!(fit.window, (80, 24));
    let line = |i: usize| format!("{i:02} {}", "w".repeat(fit.columns - 3));
    for (lines, whole) in [(fit.rows, true), (fit.rows + 1, false)] {
        let text: Vec<String> = (0..lines).map(line).collect();
        let toml = format!(
            "[session]\ntitle = \"Fit\"\n[[step]]\nkind = \"text\"\ntext = \"{}\"\nduration = \"5m\"\n",
            text.join("\\n")
        );
        let session = holdspace::session::from_str(&toml, "fit.toml").expect("loads");
        let mut fixture = Fixture::new(session, &[]);
        fixture.act(&[Next]);
        let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), 80, 24);
        let shown: String =
            terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
        let all_lines = text.iter().all(|l| shown.contains(l.as_str()));
        let big_digits = shown.contains('█');
        assert_eq!(all_lines && big_digits, whole, "{lines} lines of {} columns", fit.columns);
    }
}

/// The cues the room must not miss, where they are most cramped and where a projector is
/// usually set: the changeover with the new pairs, the swap banner, a trio's next speaker.
#[test]
fn cues_the_room_cannot_miss() {
    let cases: [(&str, &[Action], u64); 3] = [
        ("changeover", &[JumpTo(3)], 5),
        // Swapped early: the banner for the first seconds of the second turn.
        ("swap_banner", &[JumpTo(3), Next, Next], 1),
        // Two minutes into the first turn is a third of the round: the trio's B speaks.
        ("trio_cue", &[JumpTo(3), Next], 120),
    ];
    for (name, actions, wait) in cases {
        let mut fixture = Fixture::new(bundled(), &names(7));
        fixture.act(actions).wait(wait);
        for (w, h) in [(80, 24), (40, 12)] {
            let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), w, h);
            insta::assert_snapshot!(format!("cue_{name}_{w}x{h}"), terminal.backend());
        }
    }
}

/// A message for the facilitator (a journal that could not be saved) is not projected: the room
/// view marks that there is one in its corner; the facilitator view says it.
#[test]
fn messages_for_the_facilitator_stay_off_the_projection() {
    let fixture = Fixture::new(bundled(), &[]);
    let text = |view| {
        let mut look = screen(view, fixture.t0, true);
        look.notice = Some("could not save the journal (disk full); a crash now would lose this place".into());
        let terminal = fixture.draw(&look, 80, 24);
        terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect::<String>()
    };
    let room = text(View::Room);
    assert!(!room.contains("could not save") && room.contains('⚠'), "{room}");
    assert!(text(View::Facilitator).contains("could not save the journal"));
}

/// The question about an unfinished run, from the projector's usual size down to a tiny window:
/// every answer is seen whole and the highlighted one is marked, whatever has to give way (the
/// long words, the key hint, the details of the save). The figures add up: 3:00 left then,
/// 34 seconds away counted, 2:26 left.
#[test]
fn the_resume_question_fits_every_window() {
    use holdspace::model::{Answer, Offer};
    let mut fixture = Fixture::new(bundled(), &names(7));
    fixture.act(&[JumpTo(1)]);
    let snapshot = Box::new(fixture.flow.snapshot(fixture.now));
    let look = screen(View::Facilitator, fixture.t0, true);
    let mut app = common::app(&Fixture::new(bundled(), &names(7)).flow, &look);
    // The app's wall clock reads 14:00 at t0; the save was made 34 s before.
    let saved_at = chrono::Local
        .from_local_datetime(&(common::two_pm() - chrono::TimeDelta::seconds(34)))
        .earliest()
        .expect("a local time");
    let offer = Offer { snapshot, events: Vec::new(), recorded_ms: 0, message: None, saved_at, asked: false };
    app.window.mode = Mode::Resume { offer: Box::new(offer), selected: Answer::CountAway };
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let terminal = common::draw(&app, fixture.t0, w, h);
        let text: String =
            terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
        assert!(text.contains("▶") && text.contains("beginning"), "{w}x{h}: {text}");
        insta::assert_snapshot!(format!("resume_question_{w}x{h}"), terminal.backend());
    }
}

/// A message across the room's screen: in big letters at 80x24, as a plain band at 40x12; the
/// facilitator view says what the room sees.
#[test]
fn a_message_on_the_rooms_screen() {
    let mut fixture = Fixture::new(bundled(), &names(7));
    fixture.act(&[JumpTo(0)]);
    for (w, h) in [(80, 24), (40, 12)] {
        let look = screen(View::Room, fixture.t0, true);
        let mut app = common::app(&fixture.flow, &look);
        common::change(&mut app, holdspace::model::Change::Message(Some("Back at 10:45".into())), fixture.now);
        let terminal = common::draw(&app, fixture.now, w, h);
        insta::assert_snapshot!(format!("message_room_{w}x{h}"), terminal.backend());
    }
    let look = screen(View::Facilitator, fixture.t0, true);
    let mut app = common::app(&fixture.flow, &look);
    common::change(&mut app, holdspace::model::Change::Message(Some("Back at 10:45".into())), fixture.now);
    let text: String = common::draw(&app, fixture.now, 80, 24)
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui_core::buffer::Cell::symbol)
        .collect();
    assert!(text.contains("on the room's screen: Back at 10:45"), "{text}");
}

/// Started before its planned start: the welcome screen says when the session begins and counts
/// down to it; it never starts by itself.
#[test]
fn the_waiting_screen_counts_down_to_the_planned_start() {
    let fixture = Fixture::new(bundled(), &[]);
    let look = screen(View::Room, fixture.t0, true);
    let mut app = common::app(&fixture.flow, &look);
    app.timeline.start = chrono::NaiveTime::from_hms_opt(14, 10, 0);
    let terminal = common::draw(&app, fixture.t0, 80, 24);
    insta::assert_snapshot!("waiting_room_80x24", terminal.backend());
    assert_eq!(app.waiting(fixture.t0), Some(std::time::Duration::from_mins(10)));
    let later = fixture.t0 + std::time::Duration::from_secs(700);
    assert_eq!(app.waiting(later), None, "past the start: nothing to count down");
    assert_eq!(app.flow.position(), holdspace::flow::Position::Welcome, "and it has not started");
}

/// A round of Troika Consulting from the bundled library: the consultants' phase (roles beside
/// every name, the consultants marked), in both views and at the sizes a room uses, and the
/// changeover before it at the smallest.
#[test]
fn group_round_with_phases_and_roles() {
    let troika = || {
        let (file, text) = holdspace::session::LIBRARY[3];
        holdspace::session::from_str(text, file).expect("troika loads")
    };
    // The changeover's minute, the client's two, the questions' two, then 10 s into the
    // consultants' talk.
    let mut fixture = Fixture::new(troika(), &names(13));
    fixture.act(&[JumpTo(1)]).wait(60 + 120 + 120 + 10);
    for (view, sizes) in [(View::Room, &[(80, 24), (120, 40), (40, 12)][..]), (View::Facilitator, &SIZES[..])] {
        for &(w, h) in sizes {
            let terminal = fixture.draw(&screen(view, fixture.t0, true), w, h);
            let view_name = if view == View::Room { "room" } else { "facilitator" };
            insta::assert_snapshot!(format!("group_troika_{view_name}_{w}x{h}"), terminal.backend());
        }
    }
    let mut fixture = Fixture::new(troika(), &names(13));
    fixture.act(&[JumpTo(1)]).wait(5);
    for (w, h) in [(80, 24), (40, 12)] {
        let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), w, h);
        insta::assert_snapshot!(format!("group_troika_changeover_{w}x{h}"), terminal.backend());
    }
}

/// Groups of three are read whole from the back: 60 people at 120x40 and 30 at 80x24, every
/// name shown whole beside its role, the timer in big digits.
#[test]
fn groups_of_three_are_readable_at_the_sizes_a_room_uses() {
    for (people, w, h) in [(60, 120, 40), (30, 80, 24)] {
        let (file, text) = holdspace::session::LIBRARY[3];
        let session = holdspace::session::from_str(text, file).expect("troika loads");
        let mut fixture = Fixture::new(session, &names(people));
        fixture.act(&[JumpTo(1)]).wait(60 + 30);
        let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), w, h);
        insta::assert_snapshot!(format!("group_troika_{people}_people_{w}x{h}"), terminal.backend());
        let text: String =
            terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect();
        for name in fixture.flow.roster() {
            assert!(text.contains(&format!(" {name}")), "{people} people at {w}x{h}: {name} is shown whole");
        }
        assert!(text.contains("client") && text.contains("consultant"), "roles beside the names");
        assert!(text.contains('█'), "the timer in big digits");
    }
}
