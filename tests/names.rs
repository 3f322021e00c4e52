//! The names stage of a round: while people find each other, who is with whom is the largest
//! thing on the room's screen, for small and large rooms, at the projector's usual 80x24 and at
//! 120x40; then the timer takes the stage and keeps its size.

mod common;

use std::time::Duration;

use common::{Fixture, bundled, names, screen};
use holdspace::flow::Action::{JumpTo, Next};
use holdspace::model::View;

/// The changeover of the bundled session's first pair-share, 5 s in, with 4, 7, 12 and 30 people.
#[test]
fn a_rounds_start_shows_the_names_as_large_as_they_fit() {
    for people in [4, 7, 12, 30] {
        let mut fixture = Fixture::new(bundled(), &names(people));
        fixture.act(&[JumpTo(3)]).wait(5);
        for (w, h) in [(80, 24), (120, 40)] {
            let terminal = fixture.draw(&screen(View::Room, fixture.t0, true), w, h);
            insta::assert_snapshot!(format!("round_start_{people}_{w}x{h}"), terminal.backend());
        }
    }
}

fn text(fixture: &Fixture) -> String {
    common::shown(&fixture.draw(&screen(View::Room, fixture.t0, true), 80, 24))
}

/// Seven people make two pairs and a trio: at 80x24 their names are drawn in big letters.
#[test]
fn seven_people_at_80x24_read_their_pairs_in_big_letters() {
    let mut fixture = Fixture::new(bundled(), &names(7));
    fixture.act(&[JumpTo(3)]).wait(5);
    let shown = text(&fixture);
    assert!(shown.contains('▀') || shown.contains('█'), "{shown}");
    assert!(shown.contains("starts in 0:2"), "the countdown is a line under the names: {shown}");
}

/// Without a changeover, the names take the stage for the round's first seconds (the round's
/// cue), the timer a line under them; then the timer takes the stage in big digits and keeps that
/// size for the rest of the round.
#[test]
fn without_a_changeover_the_names_come_first_for_the_rounds_first_seconds() {
    let mut session = bundled();
    session.timer.changeover = Duration::ZERO;
    let mut fixture = Fixture::new(session, &names(7));
    fixture.act(&[JumpTo(3)]).wait(2);
    let first = text(&fixture);
    assert!(first.contains("2:58") && first.contains('▀'), "names first, the timer a line: {first}");
    fixture.wait(4);
    let then = text(&fixture);
    assert!(!then.contains("2:5") && then.contains("▶A Ben"), "the timer in big digits, the pairs in a line: {then}");
    fixture.act(&[Next]).wait(1);
    assert!(!text(&fixture).contains("2:5"), "the swap keeps the timer's stage: {}", text(&fixture));
}
