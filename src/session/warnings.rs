//! What `check` warns about: things that load but are probably not what the author meant. A
//! plan that does not add up, words too long for the room view, a question asked twice, more
//! rounds than the roster has fresh partners for, a roster that does not divide into the groups
//! asked, invisible characters.

use std::ops::Range;

use toml::Spanned;

use super::diagnostic::Diagnostic;
use super::{Body, Leftover, Session, StepKind, duration, raw};
use crate::plan::{Part, Plan, Position, fresh_rounds};
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

/// Where the values that warnings about the validated session point at are written.
#[derive(Debug, Default)]
pub struct Spans {
    /// `[session] planned`.
    planned: Option<Range<usize>>,
    /// Each step's round count (or its kind, when the count is left to its default).
    rounds: Vec<Range<usize>>,
    /// Each step's group size (or its kind, for a step without one).
    sizes: Vec<Range<usize>>,
}

/// The spans of `file` that [`of_session`] points at.
pub fn spans(file: &raw::File) -> Spans {
    let steps = file.step.as_ref().map(Spanned::get_ref).map_or(&[][..], Vec::as_slice);
    let or_kind = |s: &raw::Step, value: Option<Range<usize>>| {
        value.unwrap_or_else(|| s.kind.as_ref().map_or(0..0, Spanned::span))
    };
    let rounds = steps.iter().map(|s| or_kind(s.get_ref(), s.get_ref().rounds.as_ref().map(Spanned::span))).collect();
    let sizes = steps.iter().map(|s| or_kind(s.get_ref(), s.get_ref().size.as_ref().map(Spanned::span))).collect();
    let planned = file.session.as_ref().and_then(|s| s.get_ref().planned.as_ref()).map(Spanned::span);
    Spans { planned, rounds, sizes }
}

/// Warnings that need the validated session: a plan that does not add up to the slot, more
/// rounds than the roster has fresh partners for.
pub fn of_session(session: &Session, spans: &Spans) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The slot may be counted with the changeovers before the rounds or without them: either
    // way the author thought it through.
    let (steps, total) = (session.steps_total(), session.total());
    if let (Some(planned), Some(span)) = (session.planned.filter(|p| *p != total && *p != steps), &spans.planned) {
        let changeover = |p: &&Position| matches!(p, Position::Step { part: Part::Changeover { .. }, .. });
        let rounds = Plan::new(session).positions().iter().filter(changeover).count();
        let with = if total == steps {
            String::new()
        } else {
            format!(" ({} with {rounds} changeover{})", duration::words(total), if rounds == 1 { "" } else { "s" })
        };
        out.push(Diagnostic::warning(
            span.clone(),
            format!(
                "the steps add up to {}{with}, not the planned {}",
                duration::words(steps),
                duration::words(planned)
            ),
        ));
    }
    let people = session.participants.len();
    let fresh = fresh_rounds(people);
    // The first pair-share step whose rounds go past the fresh ones (rounds of pairs only: the
    // promise is about pairs).
    let mut pair_rounds = 0;
    for (step, s) in session.steps.iter().enumerate() {
        if let Body::PairShare(p) = &s.body {
            let reached = pair_rounds + p.rounds as usize;
            if pair_rounds < fresh && reached > fresh {
                out.push(Diagnostic::warning(
                    spans.rounds.get(step).cloned().unwrap_or(0..0),
                    format!(
                        "{people} participants have fresh partners for {fresh} rounds; the session reaches {reached}, so some pairs will meet again"
                    ),
                ));
                break;
            }
            pair_rounds = reached;
        }
    }
    for (step, s) in session.steps.iter().enumerate() {
        if let Body::Group(g) = &s.body
            && let Some(uneven) = uneven(people, g.size, g.leftover)
        {
            out.push(Diagnostic::warning(spans.sizes.get(step).cloned().unwrap_or(0..0), uneven));
        }
    }
    out
}

/// Small counts in words, as messages write them.
const COUNTS: [&str; 10] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/// "13 people in groups of 3: one group of 4", when a known room does not divide into groups of
/// the size asked.
fn uneven(people: usize, size: usize, leftover: Leftover) -> Option<String> {
    let sizes = crate::pairing::sizes(people, size, leftover);
    let mut others: Vec<(usize, usize)> = Vec::new();
    for s in sizes.into_iter().filter(|&s| s != size) {
        match others.last_mut() {
            Some((of, count)) if *of == s => *count += 1,
            _ => others.push((s, 1)),
        }
    }
    if others.is_empty() {
        return None;
    }
    let described: Vec<String> = others
        .into_iter()
        .map(|(of, count)| {
            let count = COUNTS.get(count).map_or_else(|| count.to_string(), |w| (*w).to_owned());
            format!("{count} group{} of {of}", if count == "one" { "" } else { "s" })
        })
        .collect();
    Some(format!("{people} people in groups of {size}: {}", described.join(" and ")))
}

fn hidden_characters(source: &str) -> Vec<Diagnostic> {
    source
        .char_indices()
        .filter(|(_, c)| warned(*c))
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
            [
                &s.kind,
                &s.title,
                &s.duration,
                &s.notes,
                &s.text,
                &s.attribution,
                &s.prompt,
                &s.reveal,
                &s.turn,
                &s.leftover,
                &s.regroup,
            ]
            .into_iter()
            .flatten(),
        );
        out.extend(s.questions.iter().chain(&s.roles).flat_map(Spanned::get_ref));
        for phase in s.phase.iter().flat_map(Spanned::get_ref) {
            let p = phase.get_ref();
            out.extend([&p.title, &p.who, &p.duration, &p.text, &p.notes].into_iter().flatten());
        }
    }
    out
}

/// A value that holds control characters written as escapes (`"\u001b"`): invisible in the file
/// as well as on screen. Characters typed in directly are reported one by one at their place.
fn escaped_controls(value: &Spanned<String>, source: &str) -> Option<Diagnostic> {
    let hidden = |c: &char| warned(*c);
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
    let phase_texts = step.phase.iter().flat_map(Spanned::get_ref).filter_map(|p| p.get_ref().text.as_ref());
    for text in [&step.text, &step.prompt].into_iter().flatten().chain(phase_texts) {
        let extra = match kind {
            Some(StepKind::Quote) => attribution,
            Some(StepKind::PairShare | StepKind::Group) => 2,
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

/// A character `check` warns about as removed: a hidden one, but not the line breaks, tabs and
/// line or paragraph separators that are shown as breaks and spaces.
fn warned(c: char) -> bool {
    !matches!(c, '\n' | '\t' | '\r' | '\u{2028}' | '\u{2029}') && sanitize::is_hidden(c)
}
