//! The question asked at start when an unfinished run is found: what was saved, when, and where
//! the session stood, with the answers to choose from. It covers the whole window, so nothing of
//! the session is projected before the facilitator has answered.

use std::time::{Duration, Instant};

use chrono::{Local, Utc};
use ratatui_core::buffer::Buffer;
use ratatui_core::text::{Line, Span};
use ratatui_core::widgets::Widget;
use ratatui_widgets::clear::Clear;

use super::overlay::boxed;
use crate::keymap::Scope;
use crate::model::{Answer, App, Offer, ago};
use crate::plan::Position;
use crate::session::duration;
use crate::wrap::wrap;

/// Draws the question over the whole window. In a small window the answers take their short
/// form, then the blank line, the key hint and the details of the save go, in that order: the
/// answers, and which one is highlighted, are always seen whole.
pub fn draw(buf: &mut Buffer, app: &App, offer: &Offer, selected: Answer, now: Instant) {
    let area = buf.area;
    Clear.render(area, buf);
    let theme = app.theme;
    let age = age(app, offer, now);
    let left = offer.left_then();
    let details = describe(app, offer, now);
    let hint = app.keymap.hint(Scope::Resume);
    // Room for text inside the box: its borders and a column of air on each side.
    let inner = usize::from(area.width.saturating_sub(4)).max(1);
    let fits = |lines: &[Line], hint: &str| {
        let hint_rows = if hint.is_empty() { 0 } else { wrap(hint, inner).len() + 1 };
        lines.len() + hint_rows + 2 <= usize::from(area.height)
    };
    let mut chosen = None;
    // From the fullest form down, each giving up one more thing; the last is drawn whatever
    // fits: short answers, no blank line, no key hint, no details.
    for level in 0..=LEVELS {
        let (short, gap, with_hint, with_details) = (level >= 1, level < 2, level < 3, level < 4);
        let mut lines = Vec::new();
        if with_details {
            lines.push(Line::from(Span::styled(app.flow.session().title.replace('\n', " "), theme.accent())));
            lines.extend(details.iter().flat_map(|d| wrap(d, inner)).map(Line::from));
        }
        if gap {
            lines.push(Line::default());
        }
        for answer in Answer::ALL {
            let (mark, style) = if answer == selected { ("▶ ", theme.speaker()) } else { ("  ", theme.secondary()) };
            let text = answer_text(answer, left, age, short);
            // A long answer goes on under its own first word, not under the marker.
            for (j, part) in wrap(&text, inner.saturating_sub(2).max(1)).into_iter().enumerate() {
                let lead = if j == 0 { mark } else { "  " };
                lines.push(Line::from(vec![Span::raw(lead), Span::styled(part, style)]));
            }
        }
        let hint = if with_hint { hint.as_str() } else { "" };
        if fits(&lines, hint) || level == LEVELS {
            chosen = Some((lines, hint));
            break;
        }
    }
    if let Some((lines, hint)) = chosen {
        boxed(buf, " an unfinished run was found ", lines, None, hint, theme);
    }
}

/// The save's age at `now`.
fn age(app: &App, offer: &Offer, now: Instant) -> Duration {
    let wall = app.timeline.at(now).and_local_timezone(Local).earliest().map(|t| t.with_timezone(&Utc));
    wall.map_or(Duration::ZERO, |w| offer.age(w))
}

/// When the run was saved and where it stood: "saved today 14:05, 3 minutes ago", "then at
/// step 4 of 9, Being helped: round 1, A speaks, 1:12 left".
pub fn describe(app: &App, offer: &Offer, now: Instant) -> [String; 2] {
    let wall = app.timeline.at(now).and_local_timezone(Local).earliest().map(|t| t.with_timezone(&Utc));
    let when = wall.map_or_else(|| offer.saved_at.format("%Y-%m-%d %H:%M").to_string(), |w| offer.when(w));
    [format!("saved {when}, {} ago", ago(age(app, offer, now))), place(app, offer, offer.left_then())]
}

/// The words of `answer` in full, as the question shows them at `now`.
pub fn answer_words(app: &App, offer: &Offer, answer: Answer, now: Instant) -> String {
    answer_text(answer, offer.left_then(), age(app, offer, now), false)
}

/// How many things the question can give up in a small window.
const LEVELS: u8 = 4;

/// The words of `answer`, given the time `left` on the timer at the save and the `age` of the
/// save; `short` for a small window. The time left after counting the time away is worked out
/// in the whole seconds shown, so the figures on screen add up.
fn answer_text(answer: Answer, left: Option<Duration>, age: Duration, short: bool) -> String {
    let left = left.map(|l| Duration::from_secs(l.as_secs()));
    let counted = left.map(|l| l.checked_sub(Duration::from_secs(age.as_secs())));
    match (answer, short) {
        (Answer::TimeLeft, false) => match left {
            Some(left) => format!("take up where it was, with the {} left then", duration::clock(left)),
            None => "take up where it was".to_owned(),
        },
        (Answer::TimeLeft, true) => match left {
            Some(left) => format!("as it was, {} left", duration::clock(left)),
            None => "as it was".to_owned(),
        },
        (Answer::CountAway, false) => match counted {
            Some(Some(l)) => {
                format!("take up where it was, counting the {} away ({} left)", ago(age), duration::clock(l))
            }
            Some(None) => format!("take up where it was, counting the {} away (time is up)", ago(age)),
            None => format!("take up where it was, counting the {} away", ago(age)),
        },
        (Answer::CountAway, true) => match counted {
            Some(Some(l)) => format!("{} away counted, {} left", ago(age), duration::clock(l)),
            Some(None) => format!("{} away counted, time is up", ago(age)),
            None => format!("{} away counted", ago(age)),
        },
        (Answer::Restart, false) => "take up where it was, this part's timer started again".to_owned(),
        (Answer::Restart, true) => "this part's timer restarted".to_owned(),
        (Answer::Fresh, false) => "start from the beginning".to_owned(),
        (Answer::Fresh, true) => "from the beginning".to_owned(),
    }
}

/// Where the session stood at the save: "then at step 4 of 9, Being helped: round 1, A speaks,
/// 1:12 left".
fn place(app: &App, offer: &Offer, left: Option<Duration>) -> String {
    let steps = &app.flow.session().steps;
    match offer.snapshot.position {
        Position::Welcome => "then on the welcome screen".to_owned(),
        Position::End => "then on the end screen".to_owned(),
        Position::Step { step, part } => {
            let title = steps.get(step).map_or(String::new(), |s| s.title.replace('\n', " "));
            let part = part.label().map_or(String::new(), |l| format!(": {l}"));
            let left = left.map_or(String::new(), |l| format!(", {} left", duration::clock(l)));
            format!("then at step {} of {}, {title}{part}{left}", step + 1, steps.len())
        }
    }
}
