//! What `check` warns about: things that load but are probably not what the author meant. A
//! plan that does not add up, words too long for the room view, a question asked twice, more
//! rounds than the roster has fresh partners for, invisible characters.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::{duration, raw};
use crate::{sanitize, wrap};

/// The room view's line length at 80x24: the width left by its margins, capped at its reading
/// measure.
pub const ROOM_COLUMNS: usize = 60;
/// Lines of words the room view shows at 80x24 beside the timer in big digits (the smaller
/// big sizes; a test in `tests/screens.rs` holds the room view to it).
pub const ROOM_ROWS: usize = 15;

/// Warnings about a file that parsed. `source` is the text it came from.
pub fn of(file: &raw::File, source: &str) -> Vec<Diagnostic> {
    let mut out = hidden_characters(source);
    out.extend(strings(file).into_iter().filter_map(|s| escaped_controls(s, source)));
    let steps: Vec<&raw::Step> =
        file.step.as_ref().map(|s| s.get_ref().iter().map(Spanned::get_ref).collect()).unwrap_or_default();
    if let Some(planned) = file.session.as_ref().and_then(|s| s.get_ref().planned.as_ref()) {
        plan_adds_up(planned, &steps, &mut out);
    }
    let people = file.participants.as_ref().map_or(0, |p| p.names.get_ref().len());
    let fresh_rounds = if people >= 2 { people + people % 2 - 1 } else { usize::MAX };
    let mut rounds_so_far = 0;
    let mut questions_seen: Vec<String> = Vec::new();
    for step in steps {
        too_long(step, &mut out);
        for q in step.questions.iter().flat_map(Spanned::get_ref) {
            let key = q.get_ref().trim().to_lowercase();
            if questions_seen.contains(&key) {
                out.push(Diagnostic::warning(q.span(), "this question is asked twice in the session"));
            } else {
                questions_seen.push(key);
            }
        }
        if step.kind.as_ref().is_some_and(|k| k.get_ref() == "pair-share") {
            let rounds = step.rounds.as_ref().map_or(1, |r| usize::try_from(*r.get_ref()).unwrap_or(0));
            let before = rounds_so_far;
            rounds_so_far += rounds;
            if before < fresh_rounds && rounds_so_far > fresh_rounds {
                let span =
                    step.rounds.as_ref().map_or_else(|| step.kind.as_ref().map_or(0..0, Spanned::span), Spanned::span);
                out.push(Diagnostic::warning(
                    span,
                    format!(
                        "{people} participants have fresh partners for {fresh_rounds} rounds; the session reaches {rounds_so_far}, so some pairs will meet again"
                    ),
                ));
            }
        }
    }
    out
}

fn hidden_characters(source: &str) -> Vec<Diagnostic> {
    source
        .char_indices()
        .filter(|(_, c)| !matches!(c, '\n' | '\t' | '\r') && sanitize::is_hidden(*c))
        .map(|(i, c)| {
            Diagnostic::warning(
                i..i + c.len_utf8(),
                format!("invisible control character U+{:04X}: it is removed from what is shown", u32::from(c)),
            )
        })
        .collect()
}

/// Every string value of the file, for checks that look at what the values hold once decoded.
fn strings(file: &raw::File) -> Vec<&Spanned<String>> {
    let mut out: Vec<&Spanned<String>> = Vec::new();
    if let Some(s) = &file.session {
        let s = s.get_ref();
        out.extend([&s.title, &s.subtitle, &s.author, &s.source, &s.planned].into_iter().flatten());
    }
    if let Some(t) = &file.timer {
        out.extend([&t.warning, &t.overtime].into_iter().flatten());
    }
    if let Some(p) = &file.participants {
        out.extend(p.names.get_ref());
    }
    for step in file.step.iter().flat_map(Spanned::get_ref) {
        let s = step.get_ref();
        out.extend(
            [&s.kind, &s.title, &s.duration, &s.notes, &s.text, &s.attribution, &s.prompt, &s.reveal, &s.turn]
                .into_iter()
                .flatten(),
        );
        out.extend(s.questions.iter().flat_map(Spanned::get_ref));
    }
    out
}

/// A value that holds control characters written as escapes (`"\u001b"`): invisible in the file
/// as well as on screen. Characters typed in directly are reported one by one at their place.
fn escaped_controls(value: &Spanned<String>, source: &str) -> Option<Diagnostic> {
    let hidden = |c: &char| !matches!(c, '\n' | '\t' | '\r') && sanitize::is_hidden(*c);
    let found: Vec<char> = value.get_ref().chars().filter(hidden).collect();
    let typed = source.get(value.span()).is_some_and(|raw| raw.chars().any(|c| hidden(&c)));
    let first = found.first()?;
    (!typed).then(|| {
        Diagnostic::warning(
            value.span(),
            format!(
                "invisible control character U+{:04X} written as an escape ({} in all): it is removed from what is shown",
                u32::from(*first),
                found.len()
            ),
        )
    })
}

fn plan_adds_up(planned: &Spanned<String>, steps: &[&raw::Step], out: &mut Vec<Diagnostic>) {
    let Ok(planned_time) = duration::parse(planned.get_ref()) else { return };
    let total: Option<Duration> = steps.iter().map(|s| planned_time_of(s)).sum();
    if let Some(total) = total.filter(|t| *t != planned_time) {
        out.push(Diagnostic::warning(
            planned.span(),
            format!(
                "the steps add up to {}, not the planned {}",
                duration::words(total),
                duration::words(planned_time)
            ),
        ));
    }
}

/// A step's planned time when its values parse (validation reports them when they do not).
fn planned_time_of(step: &raw::Step) -> Option<Duration> {
    match step.kind.as_ref()?.get_ref().as_str() {
        "pair-share" => {
            let turn = duration::parse(step.turn.as_ref()?.get_ref()).ok()?;
            let rounds = step.rounds.as_ref().map_or(Some(1), |r| u32::try_from(*r.get_ref()).ok())?;
            (turn * 2).checked_mul(rounds)
        }
        _ => duration::parse(step.duration.as_ref()?.get_ref()).ok(),
    }
}

/// Words that cannot be shown whole beside the big timer in the room view at 80x24.
fn too_long(step: &raw::Step, out: &mut Vec<Diagnostic>) {
    let lines = |text: &str| wrap::wrap(text.trim(), ROOM_COLUMNS).len();
    let mut check = |span: Range<usize>, needed: usize| {
        if needed > ROOM_ROWS {
            out.push(Diagnostic::warning(
                span,
                format!(
                    "too long for the room view at 80x24: {needed} lines at {ROOM_COLUMNS} columns, {ROOM_ROWS} fit beside the timer in big digits"
                ),
            ));
        }
    };
    let kind = step.kind.as_ref().map_or("", |k| k.get_ref().as_str());
    let attribution = usize::from(step.attribution.is_some()) * 2;
    for text in [&step.text, &step.prompt].into_iter().flatten() {
        let extra = match kind {
            "quote" => attribution,
            "pair-share" => 2,
            _ => 0,
        };
        if kind != "reflection" && kind != "closing" {
            check(text.span(), lines(text.get_ref()) + extra);
        }
    }
    if let Some(questions) = &step.questions {
        let all = step.reveal.as_ref().is_some_and(|r| r.get_ref() == "all");
        if all {
            let needed: usize = questions.get_ref().iter().map(|q| lines(q.get_ref()) + 1).sum();
            check(questions.span(), needed.saturating_sub(1));
        } else {
            for q in questions.get_ref() {
                check(q.span(), lines(q.get_ref()));
            }
        }
    }
}
