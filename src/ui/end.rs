//! The end screen: thanks, and the planned time against the time it really took.

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
        passages: vec![
            Passage::new(
                format!("planned {} · actual {}", duration::words(planned), duration::words(actual)),
                Tone::Secondary,
            ),
            Passage::new("q then y to quit · ← to go back", Tone::Dim),
        ],
        ..Content::default()
    }
}
