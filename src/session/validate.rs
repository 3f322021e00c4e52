//! Validation: the raw, spanned file becomes a [`Session`] whose values cannot be invalid, and
//! every value that cannot be used is reported at its own location.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::diagnostic::{Diagnostic, did_you_mean};
use super::shape::step_keys;
use super::{
    Body, Overtime, PairShare, Presets, Questions, Reveal, Session, Step, StepKind, Template, TimerSettings, Warning,
    duration, raw,
};
use crate::{limits, sanitize};

mod group;

/// Collects problems while turning the raw file into a [`Session`].
#[derive(Default)]
pub struct Checker {
    /// Problems found so far.
    pub errors: Vec<Diagnostic>,
    /// Keys already reported for holding the wrong type.
    pub dropped: Vec<&'static str>,
}

impl Checker {
    /// Records an error at `span`.
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(span, message));
    }

    /// Reports a missing key, unless it was there with the wrong type (already reported).
    fn missing(&mut self, key: &str, span: Range<usize>, message: impl Into<String>) {
        if !self.dropped.contains(&key) {
            self.error(span, message);
        }
    }

    /// Validates the whole file.
    pub fn file(&mut self, file: raw::File) -> Option<Session> {
        if let Some(format) = &file.format
            && *format.get_ref() != 1
        {
            self.error(format.span(), format!("unknown format {}: this version reads format 1", format.get_ref()));
        }
        let Some(session) = file.session else {
            self.missing("session", 0..0, "missing `[session]` table with a `title`");
            return None;
        };
        let session_span = session.span();
        let session = session.into_inner();
        let title = match session.title {
            Some(t) => self.text(&t, "title"),
            None => {
                self.missing("title", session_span.clone(), "`[session]` needs a `title`");
                None
            }
        };
        let planned = session.planned.and_then(|p| self.duration(&p));
        let timer = file.timer.map(|t| self.timer(t)).unwrap_or_default();
        let participants = file.participants.map(|p| self.names(p.names)).unwrap_or_default();
        let steps = match file.step {
            Some(steps) if steps.get_ref().is_empty() => {
                self.error(steps.span(), "a session needs at least one `[[step]]`");
                Vec::new()
            }
            Some(steps) if steps.get_ref().len() > limits::STEPS => {
                let span = steps.get_ref().get(limits::STEPS).map_or_else(|| steps.span(), Spanned::span);
                let most = limits::STEPS;
                self.error(span, format!("a session has at most {most} steps; this is step {}", most + 1));
                Vec::new()
            }
            Some(steps) => {
                let mut around = Around { previous: None, first: true, people: participants.len() };
                let mut valid = Vec::new();
                for step in steps.into_inner() {
                    let kind = step.get_ref().kind.as_ref().and_then(|k| StepKind::from_name(k.get_ref()));
                    valid.extend(self.step(step, around));
                    around = Around { previous: kind, first: false, ..around };
                }
                valid
            }
            None => {
                self.missing("step", session_span, "a session needs at least one `[[step]]`");
                Vec::new()
            }
        };
        Some(Session {
            title: title?,
            subtitle: session.subtitle.and_then(|t| self.text(&t, "subtitle")),
            author: session.author.and_then(|t| self.text(&t, "author")),
            source: session.source.and_then(|t| self.text(&t, "source")),
            planned,
            timer,
            participants,
            steps,
            messages: file.messages.map(|m| self.presets(m)).unwrap_or_default(),
        })
    }

    /// `[messages]`: each a text no longer than a typed message, its placeholders known. The
    /// structural check has already refused keys other than 1 to 9.
    fn presets(&mut self, messages: std::collections::BTreeMap<String, Spanned<String>>) -> Presets {
        let mut presets = Vec::new();
        for (key, value) in messages {
            let Ok(key) = key.parse::<u8>() else { continue };
            let Some(text) = self.text(&value, "messages") else { continue };
            match Template::parse(&text) {
                Ok(template) => presets.push((key, template)),
                Err(e) => self.error(value.span(), format!("message {key}: {e}")),
            }
        }
        Presets::new(presets)
    }

    /// A non-empty text, cleaned of terminal controls.
    fn text(&mut self, value: &Spanned<String>, key: &str) -> Option<String> {
        let cleaned = sanitize::clean(value.get_ref().trim(), true);
        if cleaned.trim().is_empty() {
            self.error(value.span(), format!("`{key}` must not be empty"));
            return None;
        }
        let most = match key {
            "notes" => limits::NOTES,
            "names" | "roles" => limits::NAME,
            "messages" => limits::MESSAGE,
            _ => limits::TEXT,
        };
        let length = cleaned.chars().count();
        if length > most {
            self.error(value.span(), format!("`{key}` is {length} characters long; the most is {most}"));
            return None;
        }
        Some(cleaned)
    }

    fn duration(&mut self, value: &Spanned<String>) -> Option<Duration> {
        duration::parse(value.get_ref()).map_err(|e| self.error(value.span(), e.to_string())).ok()
    }

    fn timer(&mut self, timer: raw::Timer) -> TimerSettings {
        let mut settings = TimerSettings::default();
        if let Some(w) = timer.warning {
            let text = w.get_ref().trim();
            if let Some(number) = text.strip_suffix('%') {
                match number.trim().parse::<u8>() {
                    Ok(p @ 1..=100) => settings.warning = Warning::Percent(p),
                    _ => self.error(w.span(), format!("`warning` share `{text}` must be between 1% and 100%")),
                }
            } else if let Some(d) = self.duration(&w) {
                settings.warning = Warning::Left(d);
            }
        }
        if let Some(chime) = timer.chime {
            match chime.get_ref() {
                raw::Switch::On(on) => settings.chime = *on,
                raw::Switch::Named(name) => match super::Chime::from_name(name) {
                    Some(super::Chime::None) => settings.chime = false,
                    Some(how) => settings.how = how,
                    None => self.error(
                        chime.span(),
                        format!("`chime` is true, false, \"bell\", \"flash\", \"sound\" or \"none\", not \"{name}\""),
                    ),
                },
            }
        }
        settings.warning_chime = timer.warning_chime.is_some_and(|w| *w.get_ref());
        settings.overtime =
            self.choice(timer.overtime.as_ref(), "overtime", [("show", Overtime::Show), ("hide", Overtime::Hide)]);
        if let Some(c) = timer.changeover {
            match duration::parse(c.get_ref()) {
                Err(duration::DurationError::Zero) => settings.changeover = Duration::ZERO,
                Ok(d) if d > limits::CHANGEOVER => {
                    self.error(c.span(), "`changeover` is at most 10 minutes; \"0s\" turns it off");
                }
                Ok(d) => settings.changeover = d,
                Err(e) => self.error(c.span(), e.to_string()),
            }
        }
        settings
    }

    fn names(&mut self, names: Spanned<Vec<Spanned<String>>>) -> Vec<String> {
        let most = *limits::ROOM.end();
        if names.get_ref().len() > most {
            self.error(names.span(), format!("`names` lists {} people; the most is {most}", names.get_ref().len()));
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        for name in names.into_inner() {
            let Some(clean) = self.text(&name, "names") else { continue };
            let clean = crate::roster::normalize(&clean.replace('\n', " "));
            if out.iter().any(|known| crate::roster::same(known, &clean)) {
                self.error(name.span(), format!("`{clean}` is named twice"));
            } else {
                out.push(clean);
            }
        }
        out
    }

    fn step(&mut self, step: Spanned<raw::Step>, around: Around) -> Option<Step> {
        let span = step.span();
        let s = step.into_inner();
        let Some(written) = &s.kind else {
            self.missing("kind", span, format!("a step needs a `kind`: one of {}", quoted(&StepKind::NAMES)));
            return None;
        };
        let Some(kind) = StepKind::from_name(written.get_ref()) else {
            let name = written.get_ref();
            let hint =
                did_you_mean(name, &StepKind::NAMES).map_or(String::new(), |h| format!(", did you mean \"{h}\"?"));
            let rest = if hint.is_empty() { format!(": one of {}", quoted(&StepKind::NAMES)) } else { hint };
            self.error(written.span(), format!("unknown step kind \"{name}\"{rest}"));
            return None;
        };
        let kind_name = kind.name();
        self.refuse_foreign_keys(&s, kind);
        let notes = s.notes.as_ref().and_then(|n| self.text(n, "notes"));
        let title = s.title.as_ref().and_then(|t| self.text(t, "title"));
        let require_duration = |this: &mut Self| match &s.duration {
            Some(d) => this.duration(d),
            None => {
                this.missing(
                    "duration",
                    span.clone(),
                    format!("a {kind_name} step needs a `duration`, such as \"3m\""),
                );
                None
            }
        };
        let body = match kind {
            StepKind::Quote | StepKind::Text => {
                let text = self.required_text(s.text.as_ref(), "text", kind_name, &span);
                let duration = require_duration(self);
                let attribution = s.attribution.as_ref().and_then(|a| self.text(a, "attribution"));
                let (text, duration) = (text?, duration?);
                if kind == StepKind::Quote {
                    Body::Quote { text, attribution, duration }
                } else {
                    Body::Text { text, duration }
                }
            }
            StepKind::Reflection | StepKind::Closing => {
                let questions = self.questions(s.questions.as_ref(), kind_name, &span);
                let duration = require_duration(self);
                let q = Questions {
                    questions: questions?,
                    prompt: s.prompt.as_ref().and_then(|p| self.text(p, "prompt")),
                    reveal: self.choice(
                        s.reveal.as_ref(),
                        "reveal",
                        [("one-by-one", Reveal::OneByOne), ("all", Reveal::All)],
                    ),
                    duration: duration?,
                };
                if kind == StepKind::Closing { Body::Closing(q) } else { Body::Reflection(q) }
            }
            StepKind::PairShare => self.pair_share(&s, &span)?,
            StepKind::Group => self.group(&s, &span, around)?,
        };
        let title = title.unwrap_or_else(|| kind.default_title().to_owned());
        Some(Step { title, notes, body })
    }

    fn pair_share(&mut self, s: &raw::Step, span: &Range<usize>) -> Option<Body> {
        let prompt = self.required_text(s.prompt.as_ref(), "prompt", "pair-share", span);
        let turn = match &s.turn {
            Some(t) => self.duration(t),
            None => {
                self.missing("turn", span.clone(), "a pair-share step needs a `turn`: how long each partner speaks");
                None
            }
        };
        let rounds = self.rounds(s.rounds.as_ref());
        let (prompt, turn, rounds) = (prompt?, turn?, rounds?);
        if (turn * 2).checked_mul(rounds).is_none_or(|total| total > limits::DURATION) {
            self.error(span.clone(), "this pair-share step would last more than 24 hours");
            return None;
        }
        Some(Body::PairShare(PairShare { prompt, rounds, turn }))
    }

    /// `rounds`, 1 by default.
    fn rounds(&mut self, value: Option<&Spanned<i64>>) -> Option<u32> {
        let Some(r) = value else { return Some(1) };
        u32::try_from(self.within(r, "rounds", 1..=limits::ROUNDS)?).ok()
    }

    /// An integer within `range`, or an error at its place.
    fn within(&mut self, value: &Spanned<i64>, key: &str, range: std::ops::RangeInclusive<usize>) -> Option<usize> {
        let n = *value.get_ref();
        if let Some(n) = usize::try_from(n).ok().filter(|n| range.contains(n)) {
            return Some(n);
        }
        self.error(value.span(), format!("`{key}` must be between {} and {}, not {n}", range.start(), range.end()));
        None
    }

    fn required_text(
        &mut self,
        value: Option<&Spanned<String>>,
        key: &str,
        kind: &str,
        step_span: &Range<usize>,
    ) -> Option<String> {
        if let Some(v) = value {
            self.text(v, key)
        } else {
            self.missing(key, step_span.clone(), format!("a {kind} step needs `{key}`"));
            None
        }
    }

    fn questions(
        &mut self,
        value: Option<&Spanned<Vec<Spanned<String>>>>,
        kind: &str,
        step_span: &Range<usize>,
    ) -> Option<Vec<String>> {
        let Some(list) = value else {
            self.missing(
                "questions",
                step_span.clone(),
                format!("a {kind} step needs `questions`: a list of at least one"),
            );
            return None;
        };
        if list.get_ref().is_empty() {
            self.error(list.span(), "`questions` must hold at least one question");
            return None;
        }
        if let Some(extra) = list.get_ref().get(limits::QUESTIONS) {
            self.error(extra.span(), format!("a step holds at most {} questions", limits::QUESTIONS));
            return None;
        }
        let cleaned: Vec<Option<String>> = list.get_ref().iter().map(|q| self.text(q, "questions")).collect();
        cleaned.into_iter().collect()
    }

    /// One of two words for `key`, as its value; the first when the key is left out (or, after
    /// an error at its place, when it is neither).
    fn choice<T: Copy>(&mut self, value: Option<&Spanned<String>>, key: &str, words: [(&str, T); 2]) -> T {
        let [(first, default), (second, _)] = words;
        let Some(value) = value else { return default };
        if let Some((_, chosen)) = words.iter().find(|(word, _)| *word == value.get_ref()) {
            return *chosen;
        }
        let other = value.get_ref();
        self.error(value.span(), format!("`{key}` is \"{first}\" or \"{second}\", not \"{other}\""));
        default
    }

    /// Keys that exist in the format but mean nothing for this kind are errors, not silence.
    fn refuse_foreign_keys(&mut self, s: &raw::Step, kind: StepKind) {
        let present: [(&str, Option<Range<usize>>); 15] = [
            ("duration", s.duration.as_ref().map(Spanned::span)),
            ("text", s.text.as_ref().map(Spanned::span)),
            ("attribution", s.attribution.as_ref().map(Spanned::span)),
            ("questions", s.questions.as_ref().map(Spanned::span)),
            ("prompt", s.prompt.as_ref().map(Spanned::span)),
            ("reveal", s.reveal.as_ref().map(Spanned::span)),
            ("turn", s.turn.as_ref().map(Spanned::span)),
            ("rounds", s.rounds.as_ref().map(Spanned::span)),
            ("size", s.size.as_ref().map(Spanned::span)),
            ("leftover", s.leftover.as_ref().map(Spanned::span)),
            ("min-people", s.min_people.as_ref().map(Spanned::span)),
            ("regroup", s.regroup.as_ref().map(Spanned::span)),
            ("join", s.join.as_ref().map(Spanned::span)),
            ("roles", s.roles.as_ref().map(Spanned::span)),
            ("phase", s.phase.as_ref().map(Spanned::span)),
        ];
        let (allowed, _) = step_keys(kind);
        for (key, span) in present {
            if let Some(span) = span
                && !allowed.contains(&key)
            {
                let why = match (key, kind) {
                    ("duration", StepKind::PairShare) => ": its time is rounds × 2 × turn",
                    ("duration", StepKind::Group) => ": its time is rounds × its phases",
                    _ => "",
                };
                self.error(span, format!("`{key}` is not a key of a {} step{why}", kind.name()));
            }
        }
    }
}

/// What a step's checks need to know of the rest of the file.
#[derive(Debug, Clone, Copy)]
struct Around {
    /// The kind of the step before, when there is one and its kind is known.
    previous: Option<StepKind>,
    /// This is the first step.
    first: bool,
    /// People named in `[participants]` (none: not known before the run).
    people: usize,
}

fn quoted(words: &[&str]) -> String {
    words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ")
}
