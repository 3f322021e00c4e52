//! What `check` warns about: things that load but are probably not what the author meant. A
//! plan that does not add up, words too long for the room view, a question asked twice, more
//! rounds than the roster has fresh partners for, invisible characters.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::{Session, StepKind, duration, raw};
use crate::plan::{Plan, fresh_rounds};
use crate::{sanitize, wrap};

/// How much text the room view shows whole at the size `check` judges it by: lines of this many
/// columns, this many of them beside the timer. The room view owns these figures (see
/// `ui::room::FIT`); `check` is handed them, so the core knows nothing of the screen's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoomFit {
    /// The length of a line of words.
    pub columns: usize,
    /// How many lines fit beside the timer in big digits.
    pub rows: usize,
    /// The window size these figures are for, as messages name it (`80x24`).
    pub window: (u16, u16),
}

/// Warnings about a file that parsed. `source` is the text it came from.
pub fn of(file: &raw::File, source: &str, fit: RoomFit) -> Vec<Diagnostic> {
    let mut out = hidden_characters(source);
    out.extend(strings(file).into_iter().filter_map(|s| escaped_controls(s, source)));
    let steps: Vec<&raw::Step> =
        file.step.as_ref().map(|s| s.get_ref().iter().map(Spanned::get_ref).collect()).unwrap_or_default();
    if let Some(planned) = file.session.as_ref().and_then(|s| s.get_ref().planned.as_ref()) {
        plan_adds_up(planned, &steps, &mut out);
    }
    let mut questions_seen: Vec<String> = Vec::new();
    for step in steps {
        too_long(step, fit, &mut out);
        for q in step.questions.iter().flat_map(Spanned::get_ref) {
            let key = q.get_ref().trim().to_lowercase();
            if questions_seen.contains(&key) {
                out.push(Diagnostic::warning(q.span(), "this question is asked twice in the session"));
            } else {
                questions_seen.push(key);
            }
        }
    }
    out
}

/// Where each step's round count is written (or its kind, when the count is left to its
/// default), to locate warnings about rounds.
pub fn round_spans(file: &raw::File) -> Vec<Range<usize>> {
    let steps = file.step.as_ref().map(Spanned::get_ref).map_or(&[][..], Vec::as_slice);
    steps
        .iter()
        .map(|s| {
            let s = s.get_ref();
            s.rounds.as_ref().map_or_else(|| s.kind.as_ref().map_or(0..0, Spanned::span), Spanned::span)
        })
        .collect()
}

/// Warnings that need the validated session: more rounds than the roster has fresh partners
/// for. `spans` are [`round_spans`] of the file it came from.
pub fn of_session(session: &Session, spans: &[Range<usize>]) -> Option<Diagnostic> {
    let people = session.participants.len();
    let fresh = fresh_rounds(people);
    let plan = Plan::new(session);
    // The first step whose rounds go past the fresh ones.
    let step =
        (0..session.steps.len()).find(|&s| plan.round_index(s, 0) < fresh && plan.round_index(s + 1, 0) > fresh)?;
    let reached = plan.round_index(step + 1, 0);
    Some(Diagnostic::warning(
        spans.get(step).cloned().unwrap_or(0..0),
        format!(
            "{people} participants have fresh partners for {fresh} rounds; the session reaches {reached}, so some pairs will meet again"
        ),
    ))
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
    match kind_of(step)? {
        StepKind::PairShare => {
            let turn = duration::parse(step.turn.as_ref()?.get_ref()).ok()?;
            let rounds = step.rounds.as_ref().map_or(Some(1), |r| u32::try_from(*r.get_ref()).ok())?;
            (turn * 2).checked_mul(rounds)
        }
        _ => duration::parse(step.duration.as_ref()?.get_ref()).ok(),
    }
}

/// The kind a raw step names, when it names one.
fn kind_of(step: &raw::Step) -> Option<StepKind> {
    StepKind::from_name(step.kind.as_ref()?.get_ref())
}

/// Words that cannot be shown whole beside the big timer in the room view.
fn too_long(step: &raw::Step, fit: RoomFit, out: &mut Vec<Diagnostic>) {
    let lines = |text: &str| wrap::wrap(text.trim(), fit.columns).len();
    let RoomFit { columns, rows, window: (width, height) } = fit;
    let mut check = |span: Range<usize>, needed: usize| {
        if needed > rows {
            out.push(Diagnostic::warning(
                span,
                format!(
                    "too long for the room view at {width}x{height}: {needed} lines at {columns} columns, {rows} fit beside the timer in big digits"
                ),
            ));
        }
    };
    let kind = kind_of(step);
    let attribution = usize::from(step.attribution.is_some()) * 2;
    for text in [&step.text, &step.prompt].into_iter().flatten() {
        let extra = match kind {
            Some(StepKind::Quote) => attribution,
            Some(StepKind::PairShare) => 2,
            _ => 0,
        };
        if !matches!(kind, Some(StepKind::Reflection | StepKind::Closing)) {
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
