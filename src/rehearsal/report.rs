//! The report of one rehearsal or run as Markdown: planned against actual per step, the total
//! against the plan, the three steps furthest off, the time paused, and per question or round.

use std::fmt::Write as _;
use std::time::Duration;

use super::{Record, RunKind};
use crate::session::duration;

/// A signed difference in words: `+2m10s`, `-45s`, `±0s`.
pub fn difference(actual_ms: u64, planned_ms: u64) -> String {
    let secs = |ms: u64| Duration::from_secs(ms.div_ceil(1000).max(ms / 1000));
    match actual_ms.cmp(&planned_ms) {
        std::cmp::Ordering::Greater => format!("+{}", duration::words(secs(actual_ms - planned_ms))),
        std::cmp::Ordering::Less => format!("-{}", duration::words(secs(planned_ms - actual_ms))),
        std::cmp::Ordering::Equal => "±0s".into(),
    }
}

fn words(ms: u64) -> String {
    duration::words(Duration::from_millis(ms))
}

/// The steps furthest from their plan (over or under), at most three, largest first.
pub fn furthest(record: &Record) -> Vec<usize> {
    let mut order: Vec<usize> = (0..record.steps.len()).filter(|&i| record.steps[i].visits > 0).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(record.steps[i].actual_ms.abs_diff(record.steps[i].planned_ms)));
    order.truncate(3);
    order
}

/// The Markdown report.
pub fn markdown(record: &Record) -> String {
    let mut out = String::new();
    let what = match record.kind {
        RunKind::Rehearsal => "Rehearsal",
        RunKind::Run => "Run",
    };
    let when = record.started().map_or_else(String::new, |s| format!(", {}", s.format("%Y-%m-%d %H:%M")));
    let _ = writeln!(out, "# {what} of {}{when}\n", record.title.replace('\n', " "));
    let (planned, actual) = (record.planned(), record.actual());
    let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    let _ = write!(
        out,
        "Planned {}, took {} ({}); paused {}",
        duration::words(planned),
        duration::words(actual),
        difference(ms(actual), ms(planned)),
        words(record.paused_ms)
    );
    if record.speed > 1 {
        let _ = write!(
            out,
            "; timers ran {}x faster, so it took {} of real time",
            record.speed,
            duration::words(record.real(ms(actual)))
        );
    }
    let scaled = record.speed > 1;
    out.push_str(".\n\n| # | step | planned | actual | difference | visits |");
    out.push_str(if scaled {
        " real time |\n|---|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|---|\n"
    });
    for (i, s) in record.steps.iter().enumerate() {
        let (actual, diff) = if s.visits == 0 {
            ("not reached".to_owned(), String::new())
        } else {
            (words(s.actual_ms), difference(s.actual_ms, s.planned_ms))
        };
        let title = s.title.replace('|', "\\|");
        let _ = write!(out, "| {} | {title} | {} | {actual} | {diff} | {} |", i + 1, words(s.planned_ms), s.visits);
        if scaled {
            let _ = write!(out, " {} |", duration::words(record.real(s.actual_ms)));
        }
        out.push('\n');
    }
    let off = furthest(record);
    if !off.is_empty() {
        out.push_str("\nFurthest from the plan:\n\n");
        for i in off {
            let s = &record.steps[i];
            let _ = writeln!(
                out,
                "- {}. {}: {} ({} planned)",
                i + 1,
                s.title,
                difference(s.actual_ms, s.planned_ms),
                words(s.planned_ms)
            );
        }
    }
    let revisited: Vec<String> = record
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.visits > 1)
        .map(|(i, s)| format!("{}. {} ({} times)", i + 1, s.title, s.visits))
        .collect();
    if !revisited.is_empty() {
        let _ = writeln!(out, "\nShown more than once: {}.", revisited.join(", "));
    }
    let (added, taken) = record.events.iter().fold((0, 0), |(a, t), e| match e.what {
        super::What::Added => (a + 1, t),
        super::What::Taken => (a, t + 1),
        _ => (a, t),
    });
    if added + taken > 0 {
        let _ = writeln!(out, "\nMinutes added: {added}; taken away: {taken}.");
    }
    for (i, s) in record.steps.iter().enumerate().filter(|(_, s)| !s.parts.is_empty()) {
        let _ = writeln!(out, "\n## {}. {}\n", i + 1, s.title);
        for (label, ms) in &s.parts {
            let _ = writeln!(out, "- {label}: {}", words(*ms));
        }
    }
    out
}
