//! Asking the terminal for its background colour (OSC 11), so that the default theme is the dark
//! or the light one to match the terminal's own: a facilitator with a white terminal gets black
//! words on white without choosing a theme.
//!
//! Nothing ever waits for the answer. The question goes out with the first frame; the answer
//! comes back through the terminal's input like a key, and the input thread takes it out of the
//! keys ([`Reply`]) and tells the loop, which switches the theme and draws again. A terminal that
//! never answers costs nothing at all (no DA1 fence is needed to bound a wait, since there is no
//! wait), and no key is ever swallowed: crossterm reads the answer as keys (`Alt-]`, then `11;rgb:…`,
//! then `Ctrl-G` for the closing BEL), and only that run of keys is taken out.
//!
//! `terminal-colorsaurus`, the crate that does this, was weighed and left: it blocks its caller
//! until the answer or a timeout (a second by default), reading the terminal on its own, so it
//! would either delay the first frame or race the input thread for the same bytes (keys typed
//! meanwhile lost, or its answer read as keys: `r` restarts a timer, `b` blanks the screen).

use ratatui_core::style::Color;
use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::Shade;
use crate::ui::theme::contrast;

/// The question, ended by BEL: rxvt-unicode ends its answer wrongly when asked with ST.
pub const QUERY: &[u8] = b"\x1b]11;?\x07";

/// An answer longer than this many keys is not one: the keys go back to being keys.
const LONGEST: usize = 64;

/// Whether to ask this terminal at all: not a terminal that says it understands next to nothing
/// (`TERM=dumb`), nor the Linux console, which has no such question and may print it.
pub fn worth_asking(term: Option<&str>) -> bool {
    !matches!(term, None | Some("" | "dumb" | "linux"))
}

/// The background's shade in an answer's text (what follows `ESC ]`, up to the terminator):
/// `11;rgb:RRRR/GGGG/BBBB` with one to four hex digits a channel (`rgba:` with a fourth channel
/// too). Light when black text reads better on it than white text.
pub fn parse(answer: &str) -> Option<Shade> {
    let spec = answer.strip_prefix("11;")?;
    let channels = spec.strip_prefix("rgb:").or_else(|| spec.strip_prefix("rgba:"))?;
    let mut parts = channels.split('/');
    let mut channel = || -> Option<u8> {
        let hex = parts.next()?;
        let digits = u32::try_from(hex.len()).ok().filter(|n| (1..=4).contains(n))?;
        let value = u32::from_str_radix(hex, 16).ok()?;
        // Scaled to eight bits, whatever the number of digits: `f` and `ffff` are both full.
        Some((value * 255 / ((1 << (4 * digits)) - 1)) as u8)
    };
    let colour = Color::Rgb(channel()?, channel()?, channel()?);
    let (on_black, on_white) = (contrast(colour, Color::Rgb(0, 0, 0))?, contrast(colour, Color::Rgb(255, 255, 255))?);
    Some(if on_black > on_white { Shade::White } else { Shade::Black })
}

/// Takes the terminal's answer out of the keys as they are read.
#[derive(Debug, Default)]
pub struct Reply {
    /// The answer's text so far, once its `Alt-]` came.
    answer: Option<String>,
}

/// What to do with a key, seen by [`Reply::take`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// A key pressed by someone: pass it on.
    Key,
    /// Part of the answer: drop it.
    Part,
    /// The answer is whole: the background's shade, if the answer says it.
    Answer(Option<Shade>),
}

impl Reply {
    /// Whether `key` is part of the answer.
    pub fn take(&mut self, key: &KeyEvent) -> Taken {
        let Some(answer) = &mut self.answer else {
            if key.code == KeyCode::Char(']') && key.modifiers == KeyModifiers::ALT {
                self.answer = Some(String::new());
                return Taken::Part;
            }
            return Taken::Key;
        };
        match (key.code, key.modifiers) {
            // BEL, or ST (`ESC \`).
            (KeyCode::Char('g'), KeyModifiers::CONTROL) | (KeyCode::Char('\\'), KeyModifiers::ALT) => {
                let shade = parse(answer);
                self.answer = None;
                Taken::Answer(shade)
            }
            (KeyCode::Char(c), KeyModifiers::NONE | KeyModifiers::SHIFT) if answer.len() < LONGEST => {
                answer.push(c);
                Taken::Part
            }
            _ => {
                self.answer = None;
                Taken::Key
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_whatever_their_digits() {
        assert_eq!(parse("11;rgb:ffff/ffff/ffff"), Some(Shade::White));
        assert_eq!(parse("11;rgb:00/00/00"), Some(Shade::Black));
        assert_eq!(parse("11;rgb:f/f/f"), Some(Shade::White));
        assert_eq!(parse("11;rgba:1e1e/1e1e/2e2e/ffff"), Some(Shade::Black));
        // Solarized light's base3 and dark's base03.
        assert_eq!(parse("11;rgb:fdfd/f6f6/e3e3"), Some(Shade::White));
        assert_eq!(parse("11;rgb:0000/2b2b/3636"), Some(Shade::Black));
    }

    #[test]
    fn garbage_is_no_answer() {
        for garbage in ["", "11;", "11;rgb:", "11;rgb:ff/ff", "11;rgb:ffffff/0/0", "11;rgb:zz/00/00", "10;rgb:0/0/0"] {
            assert_eq!(parse(garbage), None, "{garbage:?}");
        }
    }

    fn keys(text: &str) -> Vec<KeyEvent> {
        text.chars().map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).collect()
    }

    #[test]
    fn the_answer_is_taken_out_of_the_keys_and_nothing_else() {
        let alt = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT);
        let bel = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL);
        let mut reply = Reply::default();
        // No answer yet: keys are keys.
        assert_eq!(reply.take(&KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)), Taken::Key);
        assert_eq!(reply.take(&alt(']')), Taken::Part);
        for key in keys("11;rgb:ffff/ffff/ffff") {
            assert_eq!(reply.take(&key), Taken::Part);
        }
        assert_eq!(reply.take(&bel), Taken::Answer(Some(Shade::White)));
        assert_eq!(reply.take(&keys("r")[0]), Taken::Key, "after the answer, r is a key again");
        // Ended by ST.
        reply.take(&alt(']'));
        for key in keys("11;rgb:00/00/00") {
            assert_eq!(reply.take(&key), Taken::Part);
        }
        assert_eq!(reply.take(&alt('\\')), Taken::Answer(Some(Shade::Black)));
        // Something that is not an answer gives the keys back from where it stops being one.
        reply.take(&alt(']'));
        assert_eq!(reply.take(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)), Taken::Key);
        let long = "1".repeat(LONGEST + 1);
        reply.take(&alt(']'));
        let taken: Vec<Taken> = keys(&long).iter().map(|k| reply.take(k)).collect();
        assert_eq!(taken.last(), Some(&Taken::Key), "an endless answer is not one");
    }

    #[test]
    fn dumb_terminals_are_not_asked() {
        assert!(worth_asking(Some("xterm-256color")));
        assert!(worth_asking(Some("tmux-256color")));
        assert!(!worth_asking(Some("dumb")));
        assert!(!worth_asking(Some("linux")));
        assert!(!worth_asking(None));
    }
}
