//! Reflection and closing questions: revealed one by one (earlier ones dimmed above the current
//! one while there is room), or all at once.

use super::content::{Block, Tone};
use crate::flow::Part;
use crate::session::Questions;

/// The blocks of a questions screen at `part`, and the place within the step.
pub fn blocks(q: &Questions, part: Part) -> (Vec<Block>, String) {
    let mut blocks = Vec::new();
    if let Some(prompt) = &q.prompt {
        blocks.push(Block::optional(prompt.clone(), Tone::Secondary));
    }
    let count = q.questions.len();
    let detail = match part {
        Part::Question(current) => {
            for (i, question) in q.questions.iter().enumerate().take(current + 1) {
                blocks.push(if i == current {
                    Block::new(question.clone(), Tone::Words)
                } else {
                    Block::optional(question.clone(), Tone::Dim)
                });
            }
            format!("question {} of {count}", current + 1)
        }
        _ => {
            blocks.extend(q.questions.iter().map(|question| Block::new(question.clone(), Tone::Words)));
            format!("{count} question{}", if count == 1 { "" } else { "s" })
        }
    };
    (blocks, detail)
}
