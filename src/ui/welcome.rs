//! The welcome screen: title, subtitle, credit, planned total; how to begin is a dim word in the
//! corner, for the facilitator, not the middle of the projection.

use super::content::{Content, Passage, Tone};
use crate::session::{Session, duration};

/// Content of the welcome screen.
pub fn content(session: &Session) -> Content {
    let mut passages = Vec::new();
    if let Some(subtitle) = &session.subtitle {
        passages.push(Passage::new(subtitle.clone(), Tone::Secondary));
    }
    let steps = session.steps.len();
    let plural = if steps == 1 { "" } else { "s" };
    passages
        .push(Passage::new(format!("{} · {steps} step{plural}", duration::words(session.total())), Tone::Secondary));
    if let Some(source) = &session.source {
        passages.push(Passage::optional(source.clone(), Tone::Dim));
    }
    if let Some(author) = &session.author {
        passages.push(Passage::optional(format!("by {author}"), Tone::Dim));
    }
    Content {
        header: "Welcome".into(),
        detail: "press → to begin".into(),
        big: Some(session.title.clone()),
        passages,
        ..Content::default()
    }
}
