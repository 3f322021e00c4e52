//! The end screen: thanks, and the planned time against the time it really took.

use std::time::Instant;

use super::content::{Block, Content, Tone};
use crate::flow::Flow;
use crate::session::duration;

/// Content of the end screen.
pub fn content(flow: &Flow, now: Instant) -> Content {
    let session = flow.session();
    let planned = session.total();
    let actual = flow.record().total(now);
    Content {
        header: session.title.clone(),
        detail: "the end".into(),
        big: Some("Thank you".into()),
        blocks: vec![
            Block::new(
                format!("planned {} · actual {}", duration::words(planned), duration::words(actual)),
                Tone::Secondary,
            ),
            Block::new("q then y to quit · ← to go back", Tone::Dim),
        ],
        groups: None,
    }
}
