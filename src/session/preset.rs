//! Messages written ahead in the session file (`[messages]`), shown on the room's screen with a
//! number key: "Back at {end}", "Find a new partner". A placeholder stands for a clock time known
//! only when the message is shown, so a preset reads right whenever the facilitator uses it.

use std::fmt;

use chrono::NaiveTime;

/// The placeholders a preset may hold, as written between braces, with what each stands for.
pub const PLACEHOLDERS: [(&str, &str); 2] = [
    ("end", "when the step on screen ends, going by its timer"),
    ("finish", "when the session ends if the rest runs as planned"),
];

/// A clock time a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// `{end}`.
    End,
    /// `{finish}`.
    Finish,
}

/// One piece of a preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Text(String),
    Time(Slot),
}

/// A preset as written, split into text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub(super) parts: Vec<Part>,
}

/// The clock times the placeholders are filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// `{end}`.
    pub end: NaiveTime,
    /// `{finish}`.
    pub finish: NaiveTime,
}

/// Why a preset could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// `{soon}`.
    #[error("`{{{0}}}` is not a placeholder; the placeholders are {all}", all = list())]
    Unknown(String),
    /// `{end` with no closing brace.
    #[error("a `{{` opens a placeholder that is never closed; write `{{{{` for a brace itself")]
    Unclosed,
    /// `}` on its own.
    #[error("a `}}` closes no placeholder; write `}}}}` for a brace itself")]
    StrayClose,
}

fn list() -> String {
    PLACEHOLDERS.iter().map(|(name, what)| format!("{{{name}}} ({what})")).collect::<Vec<_>>().join(" and ")
}

impl Template {
    /// Reads `text`: `{end}` and `{finish}` are placeholders, `{{` and `}}` are braces.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let mut parts = Vec::new();
        let mut plain = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    plain.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    plain.push('}');
                }
                '}' => return Err(TemplateError::StrayClose),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(TemplateError::Unclosed),
                        }
                    }
                    let slot = match name.trim() {
                        "end" => Slot::End,
                        "finish" => Slot::Finish,
                        _ => return Err(TemplateError::Unknown(name)),
                    };
                    if !plain.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut plain)));
                    }
                    parts.push(Part::Time(slot));
                }
                other => plain.push(other),
            }
        }
        if !plain.is_empty() {
            parts.push(Part::Text(plain));
        }
        Ok(Self { parts })
    }

    /// The message with its placeholders filled in, times as `10:45`.
    pub fn fill(&self, times: Times) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Time(Slot::End) => times.end.format("%H:%M").to_string(),
                Part::Time(Slot::Finish) => times.finish.format("%H:%M").to_string(),
            })
            .collect()
    }
}

impl fmt::Display for Template {
    /// The preset as written, placeholders in braces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(text) => f.write_str(&text.replace('{', "{{").replace('}', "}}"))?,
                Part::Time(Slot::End) => f.write_str("{end}")?,
                Part::Time(Slot::Finish) => f.write_str("{finish}")?,
            }
        }
        Ok(())
    }
}

/// The presets of a session, by the number key (1 to 9) that shows each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Presets(pub(super) Vec<(u8, Template)>);

impl Presets {
    /// The presets from `(key, template)` pairs, in key order.
    pub fn new(mut presets: Vec<(u8, Template)>) -> Self {
        presets.sort_by_key(|(key, _)| *key);
        Self(presets)
    }

    /// The preset on number key `key`.
    pub fn get(&self, key: u8) -> Option<&Template> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, t)| t)
    }

    /// Every preset with its key, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (u8, &Template)> {
        self.0.iter().map(|(k, t)| (*k, t))
    }

    /// Whether the session has none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("a valid time")
    }

    #[test]
    fn placeholders_are_filled_with_clock_times() {
        let times = Times { end: at(10, 45), finish: at(12, 5) };
        let fill = |text: &str| Template::parse(text).map(|t| t.fill(times));
        assert_eq!(fill("Back at {end}"), Ok("Back at 10:45".to_owned()));
        assert_eq!(fill("{end} to {finish}"), Ok("10:45 to 12:05".to_owned()));
        assert_eq!(fill("Find a new partner"), Ok("Find a new partner".to_owned()));
        assert_eq!(fill("{{end}} is a placeholder"), Ok("{end} is a placeholder".to_owned()));
        assert_eq!(fill("back at { end }"), Ok("back at 10:45".to_owned()));
    }

    #[test]
    fn broken_placeholders_are_named() {
        assert_eq!(Template::parse("Back at {ende}"), Err(TemplateError::Unknown("ende".to_owned())));
        assert_eq!(Template::parse("Back at {end"), Err(TemplateError::Unclosed));
        assert_eq!(Template::parse("Back at {"), Err(TemplateError::Unclosed));
        assert_eq!(Template::parse("Back at end}"), Err(TemplateError::StrayClose));
        assert_eq!(Template::parse("{}"), Err(TemplateError::Unknown(String::new())));
        let message = Template::parse("{soon}").expect_err("unknown").to_string();
        assert!(message.contains("{end}") && message.contains("{finish}"), "{message}");
    }

    #[test]
    fn a_template_reads_back_as_written() {
        for text in ["Back at {end}", "{{x}} then {finish}", "plain"] {
            let template = Template::parse(text).expect("valid");
            assert_eq!(template.to_string(), text);
            assert_eq!(Template::parse(&template.to_string()), Ok(template));
        }
    }

    #[test]
    fn presets_are_found_by_their_key() {
        let t = |s: &str| Template::parse(s).expect("valid");
        let presets = Presets::new(vec![(3, t("c")), (1, t("a"))]);
        assert_eq!(presets.iter().map(|(k, _)| k).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(presets.get(3), Some(&t("c")));
        assert_eq!(presets.get(2), None);
    }
}
