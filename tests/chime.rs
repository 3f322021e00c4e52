//! The chime's sound: the WAV in the repository is what its recipe (`examples/chime/synth.rs`)
//! makes, a valid 16-bit mono PCM file of two seconds that never clips; and a chime seen rather
//! than heard flashes the screen once for a change of speaker, three times at time up, and stops.

#[path = "../examples/chime/synth.rs"]
mod synth;

mod common;

use std::time::Duration;

use holdspace::flow::Action;
use holdspace::model::{Chime, Msg, View};

const WAV: &[u8] = include_bytes!("../assets/chime.wav");

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[test]
fn the_chime_is_a_valid_unclipped_two_second_wav_made_by_its_recipe() {
    assert_eq!(WAV, synth::wav().as_slice(), "assets/chime.wav is what `cargo run --example chime` writes");
    assert_eq!(&WAV[0..4], b"RIFF");
    assert_eq!(&WAV[8..16], b"WAVEfmt ");
    assert_eq!((u16_at(WAV, 20), u16_at(WAV, 22)), (1, 1), "PCM, mono");
    assert_eq!(u32_at(WAV, 24), synth::RATE);
    assert_eq!(u16_at(WAV, 34), 16, "16 bits");
    assert_eq!(&WAV[36..40], b"data");
    let data = &WAV[44..];
    assert_eq!(u32_at(WAV, 40) as usize, data.len());
    assert_eq!(u32_at(WAV, 4) as usize, WAV.len() - 8);
    let seconds = data.len() as f64 / 2.0 / f64::from(synth::RATE);
    assert!((seconds - synth::SECONDS).abs() < 0.01, "{seconds} s");
    let peak = data.chunks_exact(2).map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs()).max().unwrap_or(0);
    assert!(peak < i16::MAX.unsigned_abs(), "clipped");
    assert!(f64::from(peak) > 0.75 * f64::from(i16::MAX), "loud enough: {peak}");
    let last = i16::from_le_bytes([data[data.len() - 2], data[data.len() - 1]]);
    assert!(last.unsigned_abs() < 400, "it dies away: {last}");
}

#[test]
fn a_flash_strikes_once_for_a_swap_three_times_at_time_up_then_stops() {
    let mut fixture = common::Fixture::new(common::bundled(), &common::names(7));
    fixture.act(&[Action::JumpTo(9)]);
    let look = common::screen(View::Room, fixture.t0, true);
    let mut app = common::app(&fixture.flow, &look);
    app.chime = Chime::Flash;
    // The last step's three minutes run out.
    let up = fixture.now + Duration::from_secs(181);
    let effects = app.update(Msg::Tick, up, common::wall(&app, up));
    assert!(!effects.iter().any(|e| matches!(e, holdspace::model::Effect::Bell)), "seen, not rung");
    let mut at = up;
    let mut ons = 0;
    let mut was_on = false;
    while let Some(next) = app.next_wake(at).filter(|n| *n < up + Duration::from_secs(5)) {
        let on = app.window.flash.is_some_and(|f| f.on(at));
        if on && !was_on {
            ons += 1;
            let frame = common::draw(&app, at, 40, 12);
            let reversed = frame
                .backend()
                .buffer()
                .content()
                .iter()
                .all(|c| c.modifier.contains(ratatui_core::style::Modifier::REVERSED));
            assert!(reversed, "the whole screen reversed");
            if ons == 1 {
                insta::assert_debug_snapshot!("flash_time_up_40x12", frame.backend().buffer());
            }
        }
        was_on = on;
        at = next;
        app.update(Msg::Tick, at, common::wall(&app, at));
    }
    assert_eq!(ons, 3, "three flashes at time up");
    assert_eq!(app.window.flash, None, "and then none");
}

/// The warning's soft chime, seen: one flash of the screen's top and bottom rows only, while the
/// words and the timer stay as they are.
#[test]
fn the_warning_flashes_only_the_edges_once() {
    let text = holdspace::session::BUNDLED.1.replace("warning = \"20%\"", "warning = \"20%\"\nwarning-chime = true");
    let session = holdspace::session::from_str(&text, "s.toml").expect("loads");
    let mut fixture = common::Fixture::new(session, &common::names(7));
    fixture.act(&[Action::JumpTo(9)]);
    let look = common::screen(View::Room, fixture.t0, true);
    let mut app = common::app(&fixture.flow, &look);
    app.chime = Chime::Flash;
    // 20 % of the last step's three minutes is 36 s: the warning comes 144 s in.
    let warning = fixture.now + Duration::from_secs(144);
    app.update(Msg::Tick, warning, common::wall(&app, warning));
    let flash = app.window.flash.expect("a flash at the warning");
    assert!(flash.soft && flash.strikes == 1, "{flash:?}");
    let frame = common::draw(&app, warning, 40, 12);
    let buffer = frame.backend().buffer();
    let mut unflashed = app.clone();
    unflashed.window.flash = None;
    let plain = common::draw(&unflashed, warning, 40, 12);
    let reversed = |buffer: &ratatui_core::buffer::Buffer, y: u16| {
        (0..40).all(|x| buffer[(x, y)].modifier.contains(ratatui_core::style::Modifier::REVERSED))
    };
    assert!(reversed(buffer, 0) && reversed(buffer, 11), "the top and bottom rows");
    assert!(
        (1..11).all(|y| reversed(buffer, y) == reversed(plain.backend().buffer(), y)),
        "nothing between them changes"
    );
    insta::assert_debug_snapshot!("flash_warning_40x12", buffer);
    let after = app.next_wake(warning).expect("the flash ends");
    app.update(Msg::Tick, after, common::wall(&app, after));
    assert!(!app.window.flash.is_some_and(|f| f.on(after)), "once");
}
