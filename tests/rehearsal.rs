//! Rehearsals with a fake clock: a scripted rehearsal gives exactly the expected record, report
//! and chart; the history matches records to an edited session by position and title.

mod common;

use std::time::{Duration, Instant};

use chrono::{Local, TimeZone};
use common::{bundled, screen};
use holdspace::flow::{Action, Effect, Flow, What};
use holdspace::model::{Mode, View};
use holdspace::rehearsal::{self, Recorder, RunKind};
use holdspace::session;

/// Drives a rehearsal of the bundled session with a fake clock: (seconds to wait, action). The
/// recorder notes what the flow says happened. Returns it with the instant the script ended.
fn rehearse_with(script: &[(u64, Action)]) -> (Recorder, Instant, Instant) {
    let t0 = Instant::now();
    let wall0 = Local.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).single().expect("a time");
    let session = bundled();
    let mut flow = Flow::new(session, Vec::new(), 1);
    let mut recorder = Recorder::new(RunKind::Rehearsal, "medicine-of-mutuality.toml", 1);
    let mut now = t0;
    let wall = |now: Instant| wall0 + chrono::TimeDelta::from_std(now - t0).expect("short");
    recorder.note(What::Entered { position: flow.position() }, now, wall(now));
    for (wait, action) in script {
        now += Duration::from_secs(*wait);
        for effect in flow.apply(Action::Tick, now).into_iter().chain(flow.apply(*action, now)) {
            if let Effect::Happened(what, at) = effect {
                recorder.note(what, at, wall(at));
            }
        }
    }
    (recorder, t0, now)
}

/// The record of a scripted rehearsal.
fn rehearse(script: &[(u64, Action)]) -> rehearsal::Record {
    let (recorder, t0, now) = rehearse_with(script);
    let wall0 = Local.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).single().expect("a time");
    recorder.record(&bundled(), now, wall0 + chrono::TimeDelta::from_std(now - t0).expect("short"))
}

fn script() -> Vec<(u64, Action)> {
    use Action::{AddMinute, Next, TogglePause};
    vec![
        (0, Next),          // the quote
        (200, Next),        // 3m20s on the quote: 20 s over
        (150, Next),        // 2m30s on the framing
        (100, TogglePause), // question 1
        (30, TogglePause),  // 30 s paused
        (50, Next),         // question 2
        (120, AddMinute),
        (60, Next),  // question 3
        (90, Next),  // question 4
        (100, Next), // the pair-share's changeover
        // The changeover ended by itself after 30 s, the first turn after 3m more, and the swap
        // too; this moves on from the second turn at once.
        (30 + 180, Next),
        (60, Action::Previous), // back to the pair-share's second turn for a minute
        (60, Action::JumpTo(9)),
        (240, Next), // the end
    ]
}

#[test]
fn a_scripted_rehearsal_gives_the_exact_record() {
    let record = rehearse(&script());
    let actual: Vec<u64> = record.steps.iter().map(|s| s.actual_ms / 1000).collect();
    assert_eq!(actual, [200, 150, 550, 30 + 180 + 60, 60, 0, 0, 0, 0, 240]);
    let visits: Vec<u32> = record.steps.iter().map(|s| s.visits).collect();
    assert_eq!(visits, [1, 1, 1, 2, 1, 0, 0, 0, 0, 1]);
    assert_eq!(record.paused_ms, 30_000);
    let parts: Vec<(String, u64)> = record.steps[2].parts.iter().map(|(l, ms)| (l.clone(), ms / 1000)).collect();
    assert_eq!(
        parts,
        [
            ("question 1".to_owned(), 180),
            ("question 2".to_owned(), 180),
            ("question 3".to_owned(), 90),
            ("question 4".to_owned(), 100),
        ]
    );
    let halves: Vec<(String, u64)> = record.steps[3].parts.iter().map(|(l, ms)| (l.clone(), ms / 1000)).collect();
    let expected = [("round 1, changeover", 30), ("round 1, A speaks", 180), ("round 1, B speaks", 60)];
    assert_eq!(
        halves,
        expected.map(|(l, s)| (l.to_owned(), s)),
        "30 s to find partners, A spoke three minutes, B was cut short, then a minute back on B"
    );
    insta::assert_snapshot!("rehearsal_report_markdown", rehearsal::markdown(&record));
}

#[test]
fn the_report_screen_shows_the_chart() {
    let (recorder, t0, now) = rehearse_with(&script());
    let mut look = screen(View::Facilitator, t0, true);
    look.mode = Mode::Report;
    let mut app = common::app(&Flow::new(bundled(), Vec::new(), 1), &look);
    app.recorder = recorder;
    let terminal = common::draw(&app, now, 100, 30);
    insta::assert_snapshot!("rehearsal_report_chart_100x30", terminal.backend());
    // As a projector shows it: every label whole, the summary whole.
    let terminal = common::draw(&app, now, 80, 24);
    insta::assert_snapshot!("rehearsal_report_chart_80x24", terminal.backend());
}

#[test]
fn history_matches_records_across_an_edited_session() {
    let first = rehearse(&script());
    let second = rehearse(&[(0, Action::Next), (170, Action::Next), (100, Action::Next)]);
    // The author then renames step 2 and removes the last step; a third rehearsal follows.
    let edited_text = session::BUNDLED.1.replace("title = \"Why we are here\"", "title = \"Why we gather\"").replace(
        "[[step]]\nkind = \"text\"\ntitle = \"One word\"",
        "[[nostep]]\nkind = \"text\"\ntitle = \"One word\"",
    );
    let edited_text = edited_text[..edited_text.find("[[nostep]]").expect("the last step")]
        .replace("planned = \"56m\"", "planned = \"53m\"");
    let edited = session::from_str(&edited_text, "edited.toml").expect("the edited session loads");
    let third = {
        let mut record = rehearse(&[(0, Action::Next), (185, Action::Next), (120, Action::Next)]);
        record.steps[1].title = "Why we gather".into();
        record.steps.pop();
        record
    };
    let history = rehearsal::history(&edited, &[first, second, third]);
    insta::assert_snapshot!("history_text", history.text());
    let markdown = history.markdown();
    assert!(markdown.contains("| 1 | Opening | 3m | 3m5s | 3m5s |"), "{markdown}");
    assert!(
        markdown.contains("| 2 | Why we gather | 3m | 2m | 2m |"),
        "only the record made after the rename matches: {markdown}"
    );
    assert!(
        markdown.contains("No longer in the session: \"Why we are here\" (2 records), \"One word\" (2 records)."),
        "{markdown}"
    );
}
