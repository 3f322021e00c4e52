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

/// Draws the question over the whole window.
pub fn draw(buf: &mut Buffer, app: &App, offer: &Offer, selected: Answer, now: Instant) {
    let area = buf.area;
    Clear.render(area, buf);
    let theme = app.theme;
    let wall = app.timeline.at(now).and_local_timezone(Local).earliest().map(|t| t.with_timezone(&Utc));
    let age = wall.map_or(Duration::ZERO, |w| offer.age(w));
    let when = wall.map_or_else(|| offer.saved_at.format("%Y-%m-%d %H:%M").to_string(), |w| offer.when(w));
    let session = app.flow.session();
    let left = offer.left_then();
    let mut lines = vec![
        Line::from(Span::styled(session.title.replace('\n', " "), theme.accent())),
        Line::from(format!("saved {when}, {} ago", ago(age))),
        Line::from(place(app, offer, left)),
        Line::default(),
    ];
    for answer in Answer::ALL {
        let text = match answer {
            Answer::TimeLeft => match left {
                Some(left) => format!("take up where it was, with the {} left then", duration::clock(left)),
                None => "take up where it was".to_owned(),
            },
            Answer::CountAway => match left.map(|l| l.checked_sub(age)) {
                Some(Some(l)) => {
                    format!("take up where it was, counting the {} away ({} left)", ago(age), duration::clock(l))
                }
                Some(None) => format!("take up where it was, counting the {} away (time is up)", ago(age)),
                None => format!("take up where it was, counting the {} away", ago(age)),
            },
            Answer::Restart => "take up where it was, this part's timer started again".to_owned(),
            Answer::Fresh => "start from the beginning".to_owned(),
        };
        let (mark, style) = if answer == selected { ("▶ ", theme.speaker()) } else { ("  ", theme.secondary()) };
        lines.push(Line::from(vec![Span::raw(mark), Span::styled(text, style)]));
    }
    boxed(buf, " an unfinished run was found ", lines, &app.keymap.hint(Scope::Resume), theme);
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
