//! Across rehearsals and runs: per step of the session as it is now, the planned time and the
//! median and last actual times, with a small trend. Older records are matched to today's steps
//! by position and title (a step that moved is found by its title); steps that no longer exist
//! are listed as such. A step a record skipped (never shown, or passed through in a few seconds
//! on the way elsewhere) is left out of its times and counted apart, so it never drags the median
//! down.

use std::fmt::Write as _;
use std::time::Duration;

use super::Record;
use crate::plan::Plan;
use crate::session::{Session, duration};
use crate::wrap;

/// A step shown for less than this was passed through, not run.
const SKIPPED_MS: u64 = 10_000;

/// The history of one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    title: String,
    records: usize,
    rows: Vec<Row>,
    /// Titles of recorded steps that are not in the session any more, with how many records
    /// have them.
    gone: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    title: String,
    planned_ms: u64,
    /// Actual time per record, oldest first; `None` where the record skipped the step.
    actual: Vec<Option<u64>>,
    /// How many records had the step but skipped it.
    skipped: usize,
}

/// Builds the history of `session` from `records` (oldest first).
pub fn history(session: &Session, records: &[Record]) -> History {
    let mut gone: Vec<(String, usize)> = Vec::new();
    let plan = Plan::new(session);
    let mut rows: Vec<Row> = session
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| Row {
            title: s.title.clone(),
            planned_ms: u64::try_from(plan.length(i).as_millis()).unwrap_or(u64::MAX),
            actual: Vec::new(),
            skipped: 0,
        })
        .collect();
    for record in records {
        let mut used = vec![false; record.steps.len()];
        for (i, row) in rows.iter_mut().enumerate() {
            let same_place = record.steps.get(i).filter(|s| s.title == row.title).map(|_| i);
            let moved = || record.steps.iter().enumerate().position(|(j, s)| !used[j] && s.title == row.title);
            let found = same_place.filter(|&j| !used[j]).or_else(moved);
            let actual = found.and_then(|j| {
                used[j] = true;
                let s = &record.steps[j];
                row.skipped += usize::from(s.visits == 0 || s.actual_ms < SKIPPED_MS);
                (s.visits > 0 && s.actual_ms >= SKIPPED_MS).then_some(s.actual_ms)
            });
            row.actual.push(actual);
        }
        for (j, s) in record.steps.iter().enumerate().filter(|(j, _)| !used[*j]) {
            let _ = j;
            match gone.iter_mut().find(|(t, _)| *t == s.title) {
                Some((_, n)) => *n += 1,
                None => gone.push((s.title.clone(), 1)),
            }
        }
    }
    History { title: session.title.clone(), records: records.len(), rows, gone }
}

fn words(ms: u64) -> String {
    duration::words(Duration::from_millis(ms))
}

fn median(values: &[u64]) -> Option<u64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(u64::midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

/// A small trend of the values, oldest first: one bar per record, a space where none.
fn sparkline(values: &[Option<u64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let present: Vec<u64> = values.iter().flatten().copied().collect();
    let (Some(&low), Some(&high)) = (present.iter().min(), present.iter().max()) else { return String::new() };
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(v) if high == low => BARS[3],
            Some(v) => BARS[usize::try_from((v - low) * 7 / (high - low)).unwrap_or(7).min(7)],
        })
        .collect()
}

impl History {
    fn cells(&self) -> Vec<[String; 6]> {
        self.rows
            .iter()
            .map(|row| {
                let present: Vec<u64> = row.actual.iter().flatten().copied().collect();
                let last = row.actual.iter().rev().flatten().next().copied();
                [
                    row.title.replace('\n', " "),
                    words(row.planned_ms),
                    median(&present).map_or("—".into(), words),
                    last.map_or("—".into(), words),
                    if row.skipped == 0 { String::new() } else { row.skipped.to_string() },
                    sparkline(&row.actual),
                ]
            })
            .collect()
    }

    fn heading(&self) -> String {
        let plural = if self.records == 1 { "" } else { "s" };
        format!("{}: {} record{plural} of rehearsals and runs", self.title.replace('\n', " "), self.records)
    }

    fn gone_line(&self) -> Option<String> {
        (!self.gone.is_empty()).then(|| {
            let list: Vec<String> = self
                .gone
                .iter()
                .map(|(t, n)| format!("\"{t}\" ({n} record{})", if *n == 1 { "" } else { "s" }))
                .collect();
            format!("No longer in the session: {}.", list.join(", "))
        })
    }

    /// A table for the terminal.
    pub fn text(&self) -> String {
        let cells = self.cells();
        let title_width = cells.iter().map(|c| wrap::width(&c[0])).max().unwrap_or(4).clamp(4, 40);
        let head =
            format!("{}\n\n #  {:<title_width$}  planned   median     last  skipped  trend", self.heading(), "step");
        let body = self.table(&head, &cells, |i, c| {
            let title = wrap::truncate(&c[0], title_width);
            let pad = " ".repeat(title_width.saturating_sub(wrap::width(&title)));
            format!("{i:>2}  {title}{pad}  {:>7}  {:>7}  {:>7}  {:>7}  {}", c[1], c[2], c[3], c[4], c[5])
        });
        format!("{body}{}", self.skipped_note())
    }

    /// The same as Markdown, for sharing.
    pub fn markdown(&self) -> String {
        let head = format!(
            "# {}\n\n| # | step | planned | median | last | skipped | trend |\n|---|---|---|---|---|---|---|",
            self.heading()
        );
        let body = self.table(&head, &self.cells(), |i, c| {
            format!("| {i} | {} | {} | {} | {} | {} | {} |", c[0].replace('|', "\\|"), c[1], c[2], c[3], c[4], c[5])
        });
        format!("{body}{}", self.skipped_note())
    }

    /// The heading, one line per step as `row` writes it (numbered from 1), and the steps that
    /// are gone.
    /// What "skipped" counts, said once under the table when any record skipped a step.
    fn skipped_note(&self) -> String {
        if self.rows.iter().all(|r| r.skipped == 0) {
            return String::new();
        }
        let secs = SKIPPED_MS / 1000;
        format!(
            "\nSkipped: how many records did not show the step, or showed it for under {secs} s; those are left out of the median and last times.\n"
        )
    }

    fn table(&self, head: &str, cells: &[[String; 6]], row: impl Fn(usize, &[String; 6]) -> String) -> String {
        let mut out = format!("{head}\n");
        for (i, c) in cells.iter().enumerate() {
            let _ = writeln!(out, "{}", row(i + 1, c));
        }
        if let Some(line) = self.gone_line() {
            let _ = writeln!(out, "\n{line}");
        }
        out
    }
}
