//! Writes a validated session out as Rust code that builds it again. The default session is
//! built into the program that way (`prebuilt.rs`, beside this file), so that running it reads,
//! parses and checks nothing: loading it was a fifth of the time to the first frame. The test
//! below holds that file to what the loader makes of `sessions/medicine-of-mutuality.toml`, and
//! writes it again when asked: `HOLDSPACE_BLESS=1 cargo test --lib prebuilt`.

use std::fmt::Debug;
use std::time::Duration;

use super::group::{GroupWork, Phase, Who};
use super::preset::{Part, Presets, Template};
use super::{Body, PairShare, Questions, Session, Step, TimerSettings, Warning};

/// A value written as the Rust expression that makes it.
trait Bake {
    fn bake(&self) -> String;
}

/// A field-less (or index-only) enum, by its type's name and its variant as `Debug` writes it.
fn variant(ty: &str, value: impl Debug) -> String {
    format!("{ty}::{value:?}")
}

impl Bake for String {
    fn bake(&self) -> String {
        // `Debug` writes a string as a Rust literal, escapes included.
        format!("{self:?}.to_owned()")
    }
}

impl Bake for Duration {
    fn bake(&self) -> String {
        format!("Duration::new({}, {})", self.as_secs(), self.subsec_nanos())
    }
}

impl<T: Bake> Bake for Option<T> {
    fn bake(&self) -> String {
        self.as_ref().map_or_else(|| "None".to_owned(), |value| format!("Some({})", value.bake()))
    }
}

impl<T: Bake> Bake for Vec<T> {
    fn bake(&self) -> String {
        if self.is_empty() {
            return "vec![]".to_owned();
        }
        let items: Vec<String> = self.iter().map(Bake::bake).collect();
        format!("vec![\n{},\n]", items.join(",\n"))
    }
}

macro_rules! baked_as_written {
    ($($ty:ty),*) => {
        $(impl Bake for $ty {
            fn bake(&self) -> String {
                self.to_string()
            }
        })*
    };
}

baked_as_written!(bool, u8, u32, usize);

impl Bake for Session {
    fn bake(&self) -> String {
        let Session { title, subtitle, author, source, planned, timer, participants, steps, messages } = self;
        format!(
            "Session {{\ntitle: {},\nsubtitle: {},\nauthor: {},\nsource: {},\nplanned: {},\ntimer: {},\nparticipants: {},\nsteps: {},\nmessages: {},\n}}",
            title.bake(),
            subtitle.bake(),
            author.bake(),
            source.bake(),
            planned.bake(),
            timer.bake(),
            participants.bake(),
            steps.bake(),
            messages.bake()
        )
    }
}

impl Bake for TimerSettings {
    fn bake(&self) -> String {
        let TimerSettings { warning, chime, how, warning_chime, overtime, changeover } = self;
        let warning = match warning {
            Warning::Percent(share) => format!("Warning::Percent({share})"),
            Warning::Left(left) => format!("Warning::Left({})", left.bake()),
        };
        format!(
            "TimerSettings {{ warning: {warning}, chime: {chime}, how: {}, warning_chime: {warning_chime}, overtime: {}, changeover: {} }}",
            variant("Chime", how),
            variant("Overtime", overtime),
            changeover.bake()
        )
    }
}

impl Bake for Step {
    fn bake(&self) -> String {
        let Step { title, notes, body } = self;
        let body = match body {
            Body::Quote { text, attribution, duration } => format!(
                "Body::Quote {{ text: {}, attribution: {}, duration: {} }}",
                text.bake(),
                attribution.bake(),
                duration.bake()
            ),
            Body::Reflection(questions) => format!("Body::Reflection({})", questions.bake()),
            Body::PairShare(pairs) => format!("Body::PairShare({})", pairs.bake()),
            Body::Closing(questions) => format!("Body::Closing({})", questions.bake()),
            Body::Text { text, duration } => {
                format!("Body::Text {{ text: {}, duration: {} }}", text.bake(), duration.bake())
            }
            Body::Group(groups) => format!("Body::Group({})", groups.bake()),
        };
        format!("Step {{\ntitle: {},\nnotes: {},\nbody: {body},\n}}", title.bake(), notes.bake())
    }
}

impl Bake for Questions {
    fn bake(&self) -> String {
        let Questions { questions, prompt, reveal, duration } = self;
        format!(
            "Questions {{ questions: {}, prompt: {}, reveal: {}, duration: {} }}",
            questions.bake(),
            prompt.bake(),
            variant("Reveal", reveal),
            duration.bake()
        )
    }
}

impl Bake for PairShare {
    fn bake(&self) -> String {
        let PairShare { prompt, rounds, turn } = self;
        format!("PairShare {{ prompt: {}, rounds: {rounds}, turn: {} }}", prompt.bake(), turn.bake())
    }
}

impl Bake for GroupWork {
    fn bake(&self) -> String {
        let GroupWork { prompt, size, leftover, min_people, rounds, regroup, join, roles, phases } = self;
        format!(
            "GroupWork {{ prompt: {}, size: {size}, leftover: {}, min_people: {min_people}, rounds: {rounds}, regroup: {}, join: {join}, roles: {}, phases: {} }}",
            prompt.bake(),
            variant("Leftover", leftover),
            variant("Regroup", regroup),
            roles.bake(),
            phases.bake()
        )
    }
}

impl Bake for Phase {
    fn bake(&self) -> String {
        let Phase { title, who, duration, text, notes } = self;
        let who = match who {
            Who::Everyone => "Who::Everyone".to_owned(),
            Who::Role(role) => format!("Who::Role({role})"),
        };
        format!(
            "Phase {{ title: {}, who: {who}, duration: {}, text: {}, notes: {} }}",
            title.bake(),
            duration.bake(),
            text.bake(),
            notes.bake()
        )
    }
}

impl Bake for Presets {
    fn bake(&self) -> String {
        let Presets(presets) = self;
        let presets: Vec<String> =
            presets.iter().map(|(key, template)| format!("({key}, {})", template.bake())).collect();
        format!("Presets(vec![\n{},\n])", presets.join(",\n"))
    }
}

impl Bake for Template {
    fn bake(&self) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => format!("Part::Text({})", text.bake()),
                Part::Time(slot) => format!("Part::Time({})", variant("Slot", slot)),
            })
            .collect();
        format!("Template {{ parts: vec![{}] }}", parts.join(", "))
    }
}

/// The whole of `prebuilt.rs` for `session`, loaded from `text`, the file `file`.
fn file(session: &Session, file: &str, text: &str) -> String {
    format!(
        "//! `sessions/{file}`, the default session, as the loader makes it, written out as code by\n\
         //! `session::bake`. Not to be edited by hand: `HOLDSPACE_BLESS=1 cargo test --lib prebuilt`\n\
         //! writes it again, and a test fails while it builds anything else than the file loads as.\n\
         // A session without some kind of step leaves some of these unused.\n\
         #![allow(unused_imports)]\n\n\
         use std::time::Duration;\n\n\
         use super::group::{{GroupWork, Phase, Regroup, Who}};\n\
         use super::preset::{{Part, Presets, Slot, Template}};\n\
         use super::{{Body, Chime, Leftover, Overtime, PairShare, Questions, Reveal, Session, Step, TimerSettings, Warning}};\n\n\
         /// The hash ([`crate::paths::fnv`]) of the text this was written from.\n\
         pub const WRITTEN_FROM: u64 = {};\n\n\
         /// The default session, built without reading it.\n\
         pub fn session() -> Session {{\n{}\n}}\n",
        hex(crate::paths::fnv(text.as_bytes())),
        indent(&session.bake(), 1)
    )
}

/// `hash` as a literal in groups of four digits, as clippy reads them best.
fn hex(hash: u64) -> String {
    let digits = format!("{hash:016x}");
    let groups: Vec<&str> = (0..4).map(|i| &digits[i * 4..i * 4 + 4]).collect();
    format!("0x{}", groups.join("_"))
}

/// `code` with each line indented four spaces for each bracket open at its start, `depth` more,
/// as rustfmt would (it leaves alone an expression with a string longer than a line).
fn indent(code: &str, depth: usize) -> String {
    let mut open = depth;
    let mut in_string = false;
    let mut lines = Vec::new();
    for line in code.lines() {
        let closes_first = !in_string && line.starts_with(['}', ']', ')']);
        lines.push(format!("{}{line}", "    ".repeat(open - usize::from(closes_first))));
        let mut escaped = false;
        for c in line.chars() {
            match (in_string, escaped, c) {
                (true, false, '\\') => escaped = true,
                (true, false, '"') | (false, _, '"') => in_string = !in_string,
                (false, _, '{' | '[' | '(') => open += 1,
                (false, _, '}' | ']' | ')') => open -= 1,
                _ => escaped = false,
            }
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::BUNDLED;

    #[test]
    fn the_prebuilt_default_session_is_what_its_file_loads_as() {
        let loaded = super::super::load::validated(BUNDLED.1, BUNDLED.0).expect("the bundled session loads");
        if std::env::var_os("HOLDSPACE_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/session/prebuilt.rs");
            std::fs::write(path, file(&loaded, BUNDLED.0, BUNDLED.1)).expect("write prebuilt.rs");
            let formatted = std::process::Command::new("rustfmt").args(["--edition", "2024", path]).status();
            assert!(formatted.is_ok_and(|s| s.success()), "rustfmt formats {path}");
            return;
        }
        assert_eq!(
            super::super::prebuilt::WRITTEN_FROM,
            crate::paths::fnv(BUNDLED.1.as_bytes()),
            "src/session/prebuilt.rs was written from another text: run HOLDSPACE_BLESS=1 cargo test --lib prebuilt"
        );
        assert!(
            super::super::prebuilt::session() == loaded,
            "src/session/prebuilt.rs is not what {} loads as: run HOLDSPACE_BLESS=1 cargo test --lib prebuilt",
            BUNDLED.0
        );
    }
}
