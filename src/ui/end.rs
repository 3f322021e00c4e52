//! The end screen: the room is thanked; the planned time against the time it really took and how
//! to quit are the facilitator's (their view, the report, the plain lines).

use std::time::Instant;

use super::content::{Content, Passage, Tone};
use crate::flow::Flow;
use crate::session::duration;

/// Content of the end screen.
pub fn content(flow: &Flow, now: Instant) -> Content {
    let session = flow.session();
    let planned = session.total();
    let actual = flow.spent().total(now);
    Content {
        header: session.title.clone(),
        detail: "the end".into(),
        big: Some("Thank you".into()),
        private: vec![
            Passage::new(
                format!("planned {} · actual {}", duration::words(planned), duration::words(actual)),
                Tone::Secondary,
            ),
            Passage::new("q then y to quit · ← to go back", Tone::Dim),
        ],
        ..Content::default()
    }
}
