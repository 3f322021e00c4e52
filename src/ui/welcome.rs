//! The welcome screen: title, subtitle, credit, planned total, how to begin.

use super::content::{Block, Content, Tone};
use crate::session::{Session, duration};

/// Content of the welcome screen.
pub fn content(session: &Session) -> Content {
    let mut blocks = Vec::new();
    if let Some(subtitle) = &session.subtitle {
        blocks.push(Block::new(subtitle.clone(), Tone::Secondary));
    }
    let steps = session.steps.len();
    let plural = if steps == 1 { "" } else { "s" };
    blocks.push(Block::new(format!("{} · {steps} step{plural}", duration::words(session.total())), Tone::Secondary));
    if let Some(source) = &session.source {
        blocks.push(Block::optional(source.clone(), Tone::Dim));
    }
    if let Some(author) = &session.author {
        blocks.push(Block::optional(format!("by {author}"), Tone::Dim));
    }
    blocks.push(Block::new("press → to begin", Tone::Dim));
    Content { header: "Welcome".into(), detail: String::new(), big: Some(session.title.clone()), blocks, groups: None }
}
