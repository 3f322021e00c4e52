//! Reflection and closing questions: revealed one by one (earlier ones dimmed above the current
//! one while there is room), or all at once.

use super::content::{Passage, Tone};
use crate::flow::Part;
use crate::session::Questions;

/// The passages of a questions screen at `part`, and the place within the step.
pub fn passages(q: &Questions, part: Part) -> (Vec<Passage>, String) {
    let mut passages = Vec::new();
    if let Some(prompt) = &q.prompt {
        passages.push(Passage::optional(prompt.clone(), Tone::Secondary));
    }
    let count = q.questions.len();
    let detail = match part {
        Part::Question(current) => {
            for (i, question) in q.questions.iter().enumerate().take(current + 1) {
                passages.push(if i == current {
                    Passage::new(question.clone(), Tone::Words)
                } else {
                    Passage::optional(question.clone(), Tone::Dim)
                });
            }
            format!("question {} of {count}", current + 1)
        }
        _ => {
            passages.extend(q.questions.iter().map(|question| Passage::new(question.clone(), Tone::Words)));
            format!("{count} question{}", if count == 1 { "" } else { "s" })
        }
    };
    (passages, detail)
}
