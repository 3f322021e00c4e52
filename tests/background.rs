//! The terminal's background picks the theme, end to end in a pseudo-terminal: the question goes
//! out with the first frame and nothing waits for it (a terminal that never answers gets its
//! screen and its keys as before), and an answer switches to the matching theme without any of
//! its characters acting as keys (`r`, `g` and `b` are all in `rgb:`).

mod common;

use common::Sandbox;
use common::pty::{BIN, Pty, RIGHT};
use portable_pty::CommandBuilder;

const QUERY: &str = "\x1b]11;?\x07";
/// The dark theme's background and the light one's, as the app writes them.
const BLACK: &str = "48;2;0;0;0m";
const WHITE: &str = "48;2;255;255;255m";

/// Quits at once (Ctrl-C) and waits for the app to end.
fn quit(mut pty: Pty) {
    pty.send("\x03");
    pty.child.wait().expect("the app ends");
}

fn in_colour(sandbox: &Sandbox, args: &[&str]) -> Pty {
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(args);
    cmd.env("NO_COLOR", "");
    Pty::open(cmd, sandbox)
}

#[test]
fn a_terminal_that_never_answers_gets_the_dark_theme_and_its_keys_at_once() {
    let sandbox = Sandbox::new("background-silent");
    let mut pty = in_colour(&sandbox, &["run", "--no-title"]);
    pty.wait_for("press → to begin");
    let raw = pty.raw_text();
    assert!(raw.contains(QUERY), "the terminal is asked: {raw:?}");
    assert!(raw.contains(BLACK) && !raw.contains(WHITE), "dark until told otherwise");
    // The first key is not held back waiting for an answer.
    pty.press(RIGHT, "Vandana Shiva");
    quit(pty);
}

#[test]
fn a_white_terminal_gets_the_light_theme_and_its_answer_is_no_key() {
    let sandbox = Sandbox::new("background-white");
    let mut pty = in_colour(&sandbox, &["run", "--no-title"]);
    pty.wait_for("press → to begin");
    pty.send("\x1b]11;rgb:ffff/ffff/ffff\x07");
    pty.wait_until("the light theme", |_| pty.raw_text().contains(WHITE));
    // Had `b` of `rgb:` been a key, the screen would be blank; had `g`, the agenda would be open.
    let screen = pty.contents();
    assert!(screen.contains("press → to begin") && !screen.contains("agenda"), "{screen}");
    pty.press(RIGHT, "Vandana Shiva");
    quit(pty);
}

#[test]
fn a_theme_chosen_on_the_command_line_is_not_asked_about() {
    let sandbox = Sandbox::new("background-chosen");
    let pty = in_colour(&sandbox, &["run", "--no-title", "--theme", "dark"]);
    pty.wait_for("press → to begin");
    assert!(!pty.raw_text().contains(QUERY));
    quit(pty);
}
