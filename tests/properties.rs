//! Property tests with proptest: the state machine and the timer under random scripts with a fake
//! clock, every screen drawn at many sizes with hostile random content, and the loader against
//! random bytes and mutated session files.
//!
//! Default runs are sized for a debug build. The `#[ignore]`d tests are the long runs:
//! `cargo test --release --test properties -- --ignored --nocapture`.

mod common;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use holdspace::flow::{Action, Flow, Plan, Position, Slot, TimerStatus};
use holdspace::model::{App, Field, Mode, Shade, View};
use holdspace::sanitize;
use holdspace::session;
use holdspace::timer::{Reading, Timer};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_mins(1);

/// Proptest's settings with `cases`, failures saved beside this file in
/// `properties.proptest-regressions` (proptest's default looks for a `src` folder and warns).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The state machine
// ---------------------------------------------------------------------------------------------

/// One step of a script: an action, time passing, or a change to the roster.
#[derive(Debug, Clone)]
enum Op {
    Act(Action),
    Wait(Duration),
    AddPerson(String),
    SetPresent(usize, bool),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => Just(Action::Next),
        2 => Just(Action::Previous),
        2 => Just(Action::TogglePause),
        1 => Just(Action::AddMinute),
        1 => Just(Action::TakeMinute),
        1 => Just(Action::Restart),
        // The bundled session has 9 steps: 9.. and usize::MAX are out of range.
        2 => prop_oneof![4 => 0usize..12, 1 => Just(usize::MAX)].prop_map(Action::JumpTo),
        2 => Just(Action::Tick),
        1 => wait().prop_map(Action::Elapse),
    ]
}

/// Time passing: often a little (to land around second boundaries), sometimes up to 10 minutes.
fn wait() -> impl Strategy<Value = Duration> {
    prop_oneof![
        3 => (0u64..=2_000).prop_map(Duration::from_millis),
        2 => (0u64..=600).prop_map(Duration::from_secs),
        2 => (0u64..=600_000).prop_map(Duration::from_millis),
        1 => (0u64..=1_000_000).prop_map(Duration::from_nanos),
    ]
}

/// Late arrivals: new names, names already on the roster, and names that clean to nothing.
fn arrival() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z][a-z]{0,8}",
        1 => prop::sample::select(vec!["Ana", "Ben", "Chidi", "Tomás", "", "   ", "\u{200b}", "\u{1b}[2J", "日本語"])
            .prop_map(str::to_owned),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        10 => action().prop_map(Op::Act),
        6 => wait().prop_map(Op::Wait),
        1 => arrival().prop_map(Op::AddPerson),
        2 => (0usize..45, any::<bool>()).prop_map(|(i, here)| Op::SetPresent(i, here)),
    ]
}

/// No roster, or 2 to 39 people.
fn roster() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![Just(0usize), 2usize..40].prop_map(common::names)
}

/// What the checks remember from one step of the script to the next.
struct Seen {
    t0: Instant,
    /// Time the clock did not see, counted in with `Action::Elapse`.
    elapsed: Duration,
    spent: Vec<Duration>,
    visits: Vec<u32>,
    /// For every round handed out: who was present when it was (the people it must place).
    rounds: BTreeMap<usize, Vec<usize>>,
    /// The time left on each timer the facilitator moved away from, when they did.
    frozen: BTreeMap<Slot, Duration>,
}

/// Leaving and coming back never changes a part's time left: a timer the facilitator moved
/// away from keeps its time left to the millisecond, however long they stay away, and coming
/// back takes up exactly there. Only `r` on it starts it again (and the turns after it in its
/// round).
fn check_frozen(
    flow: &Flow,
    now: Instant,
    left_slot: Option<Slot>,
    op: &Op,
    seen: &mut Seen,
) -> Result<(), TestCaseError> {
    let here = flow.position().slot();
    if let (Op::Act(Action::Restart), Some((step, round))) = (op, flow.position().round()) {
        seen.frozen.retain(|s, _| s.round() != Some((step, round)));
    }
    for (slot, left) in &seen.frozen {
        let (now_left, _) = flow.left(*slot, now);
        prop_assert_eq!(now_left, *left, "{:?} changed while away (or on coming back) after {:?}", slot, op);
    }
    if let Some(here) = here {
        seen.frozen.remove(&here);
    }
    if let Some(left) = left_slot.filter(|s| Some(*s) != here) {
        seen.frozen.insert(left, flow.left(left, now).0);
    }
    Ok(())
}

fn check_flow(flow: &Flow, now: Instant, seen: &mut Seen) -> Result<(), TestCaseError> {
    let session = flow.session();
    let steps = session.steps.len();

    // The position is one of the session's screens.
    let here = flow.position();
    match here {
        Position::Welcome | Position::End => {}
        Position::Step { step, .. } => prop_assert!(step < steps, "step {step} of {steps}"),
    }
    prop_assert!(Plan::new(session).positions().contains(&here), "{here:?} is a screen of the session");

    // The record only grows, and never holds more time than has passed.
    for i in 0..steps {
        let (spent, visits) = (flow.spent().spent(i, now), flow.spent().visits(i));
        prop_assert!(spent >= seen.spent[i], "time spent on step {i} went from {:?} to {spent:?}", seen.spent[i]);
        prop_assert!(visits >= seen.visits[i], "visits of step {i} went from {} to {visits}", seen.visits[i]);
        seen.spent[i] = spent;
        seen.visits[i] = visits;
    }
    prop_assert!(flow.spent().total(now) <= now - seen.t0 + seen.elapsed, "more time recorded than has passed");

    // A wake-up is due exactly while a timer runs, within the next second.
    let view = flow.timer_view(now);
    let running = view.is_some_and(|v| v.status != TimerStatus::Paused);
    match flow.next_change(now) {
        None => prop_assert!(!running, "a running timer ({view:?}) must ask to be woken"),
        Some(at) => {
            prop_assert!(running, "woken with no running timer ({view:?})");
            prop_assert!(
                at > now && at <= now + SECOND,
                "next change {:?} after now",
                at.saturating_duration_since(now)
            );
        }
    }

    // A paused timer does not move, however long nobody touches it.
    if let Some(v) = view.filter(|v| v.status == TimerStatus::Paused) {
        let mut later = flow.clone();
        let then = now + Duration::from_hours(2);
        later.apply(Action::Tick, then);
        prop_assert_eq!(later.position(), here, "time alone moved a paused session");
        prop_assert_eq!(later.timer_view(then), Some(v), "a paused timer changed with time alone");
    }

    check_groups(flow, seen)
}

/// Groups place everyone who was present when their round was handed out exactly once (for a
/// round handed out since the last roster change, that is `pairing().present()`).
fn check_groups(flow: &Flow, seen: &mut Seen) -> Result<(), TestCaseError> {
    let history = flow.pairing().history();
    let on_round = flow.position().round().map(|(step, round)| flow.plan().round_index(step, round));
    seen.rounds.retain(|index, _| history.contains_key(index));
    for index in history.keys() {
        if !seen.rounds.contains_key(index) {
            // Rounds are made in order: showing a round makes any missing one before it too.
            prop_assert!(on_round.is_some_and(|r| *index <= r), "round {index} was handed out off screen");
            seen.rounds.insert(*index, flow.pairing().present().to_vec());
        }
    }
    let pairs = matches!(flow.current_step().map(|s| &s.body), Some(session::Body::PairShare(_)));
    match (on_round, flow.groups()) {
        (Some(index), Some(groups)) => {
            prop_assert_eq!(history.get(&index), Some(groups), "the groups on screen are those of round {}", index);
            prop_assert!(groups.iter().all(|g| g.0.len() >= 2), "nobody alone: {groups:?}");
            if pairs {
                prop_assert!(groups.iter().all(|g| g.0.len() <= 3), "groups of two or three: {groups:?}");
                prop_assert!(groups.iter().filter(|g| g.0.len() == 3).count() <= 1, "one trio at most: {groups:?}");
            }
            let mut placed: Vec<usize> = groups.iter().flat_map(|g| g.0.iter().copied()).collect();
            placed.sort_unstable();
            let mut expected = seen.rounds[&index].clone();
            expected.sort_unstable();
            prop_assert_eq!(placed, expected, "round {} places everyone present exactly once", index);
        }
        (Some(index), None) => {
            prop_assert!(!history.contains_key(&index), "round {index} was handed out but is not shown");
        }
        (None, Some(groups)) => prop_assert!(false, "groups {groups:?} off a round"),
        (None, None) => {}
    }
    Ok(())
}

/// The sessions scripts run through: the default one, and the library's with group steps
/// (Troika's kept trios with roles, 1-2-4-All's pairs joined into fours).
fn scripted_session() -> impl Strategy<Value = session::Session> {
    prop::sample::select(vec![0, 2, 3]).prop_map(|i| {
        let (file, text) = session::LIBRARY[i];
        session::from_str(text, file).expect("a bundled session loads")
    })
}

fn run_script(session: session::Session, roster: &[String], script: &[Op]) -> Result<(), TestCaseError> {
    let t0 = Instant::now();
    let mut now = t0;
    let mut flow = Flow::new(session, roster.to_vec(), 7);
    let steps = flow.session().steps.len();
    let mut seen = Seen {
        t0,
        elapsed: Duration::ZERO,
        spent: vec![Duration::ZERO; steps],
        visits: vec![0; steps],
        rounds: BTreeMap::new(),
        frozen: BTreeMap::new(),
    };
    check_flow(&flow, now, &mut seen)?;
    for op in script {
        let paused_before = flow.timer_view(now).filter(|v| v.status == TimerStatus::Paused);
        let left_slot = flow.position().slot();
        match op {
            Op::Act(action) => {
                if let Action::Elapse(away) = action {
                    seen.elapsed += *away;
                }
                let effects = flow.apply(*action, now);
                let chimes = effects.iter().filter(|e| matches!(e, holdspace::flow::Effect::Chime(_))).count();
                prop_assert!(
                    chimes <= 1,
                    "one chime at most for what falls due together: {action:?} asked for {effects:?}"
                );
            }
            Op::Wait(d) => {
                now += *d;
                if paused_before.is_some() {
                    prop_assert_eq!(flow.timer_view(now), paused_before, "waiting {:?} moved a paused timer", d);
                }
            }
            Op::AddPerson(name) => {
                let before = flow.roster().len();
                let added = flow.add_person(name).is_ok();
                prop_assert_eq!(flow.roster().len(), before + usize::from(added));
                if added {
                    prop_assert!(flow.is_present(before), "a late arrival is present");
                }
            }
            Op::SetPresent(person, here) => {
                flow.set_present(*person, *here);
                if *person < flow.roster().len() {
                    prop_assert_eq!(flow.is_present(*person), *here);
                }
            }
        }
        check_flow(&flow, now, &mut seen)?;
        check_frozen(&flow, now, left_slot, op, &mut seen)?;
    }
    Ok(())
}

proptest! {
    // Cases from `ProptestConfig::default()`: 256, or PROPTEST_CASES.
    #![proptest_config(config(ProptestConfig::default().cases))]
    #[test]
    fn random_sessions_keep_every_invariant(
        session in scripted_session(),
        roster in roster(),
        script in vec(op(), 0..=200),
    ) {
        run_script(session, &roster, &script)?;
    }
}

proptest! {
    #![proptest_config(config(10_000))]
    #[test]
    #[ignore = "long run: 10,000 scripts of 200 steps"]
    fn long_random_sessions(session in scripted_session(), roster in roster(), script in vec(op(), 200)) {
        run_script(session, &roster, &script)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 1b. The timer on its own
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum TimerOp {
    Pause,
    Resume,
    Add,
    Take,
    SetLeft(Duration),
    /// Time counted although no instant saw it pass (the machine slept).
    Skip(Duration),
    Wait(Duration),
}

fn timer_op() -> impl Strategy<Value = TimerOp> {
    prop_oneof![
        2 => Just(TimerOp::Pause),
        2 => Just(TimerOp::Resume),
        1 => Just(TimerOp::Add),
        1 => Just(TimerOp::Take),
        1 => (0u64..=3_600_000).prop_map(|ms| TimerOp::SetLeft(Duration::from_millis(ms))),
        1 => wait().prop_map(TimerOp::Skip),
        4 => wait().prop_map(TimerOp::Wait),
    ]
}

fn check_timer(timer: &Timer, budget: Duration, now: Instant) -> Result<(), TestCaseError> {
    prop_assert_eq!(timer.budget(), budget, "planned + added - taken");
    let (left, used) = (timer.left(now), timer.used(now));
    if left > Duration::ZERO {
        prop_assert_eq!(left + used, timer.budget(), "time left + time used = budget");
        prop_assert_eq!(timer.reading(now), Reading::Left(left));
    } else {
        prop_assert!(used >= timer.budget());
        prop_assert_eq!(timer.reading(now), Reading::Over(used.saturating_sub(timer.budget())));
    }
    if timer.is_running() {
        let at = timer.next_second(now).expect("a running timer has a next second");
        prop_assert!(at > now && at <= now + SECOND, "next second {:?} after now", at.saturating_duration_since(now));
        let shown = |t: Instant| timer.reading(t).shown_secs();
        let just_before = at.checked_sub(Duration::from_nanos(1)).expect("an instant after now");
        prop_assert_eq!(shown(now), shown(just_before), "the shown second changed before next_second");
        prop_assert_ne!(shown(just_before), shown(at), "the shown second did not change at next_second");
    } else {
        prop_assert_eq!(timer.next_second(now), None, "a paused timer never asks to be woken");
        let later = now + Duration::from_hours(24);
        prop_assert_eq!(timer.reading(later), timer.reading(now), "a paused timer's reading moved");
        prop_assert_eq!(timer.used(later), used);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(ProptestConfig::default().cases))]
    #[test]
    fn timer_budget_is_left_plus_used_and_pauses_freeze_it(
        planned_ms in 0u64..=7_200_000,
        script in vec(timer_op(), 0..=200),
    ) {
        let t0 = Instant::now();
        let mut now = t0;
        let planned = Duration::from_millis(planned_ms);
        let mut timer = Timer::start(planned, t0);
        // The model of the budget, from the documented rules.
        let mut budget = planned;
        check_timer(&timer, budget, now)?;
        for op in &script {
            let before = timer.reading(now);
            match op {
                TimerOp::Pause => timer.pause(now),
                TimerOp::Resume => timer.resume(now),
                TimerOp::Add => {
                    timer.add(MINUTE);
                    budget = (budget + MINUTE).min(holdspace::limits::DURATION * 2);
                }
                TimerOp::Take => {
                    let left = timer.left(now);
                    timer.take(MINUTE, now);
                    // Up to a minute of the time left; time used is never undone.
                    if left > Duration::ZERO {
                        budget = timer.used(now) + left.saturating_sub(MINUTE);
                    }
                }
                TimerOp::SetLeft(left) => {
                    timer.set_left(*left, now);
                    budget = timer.used(now) + *left;
                    prop_assert_eq!(timer.left(now), *left);
                }
                TimerOp::Skip(d) => {
                    let used = timer.used(now);
                    timer.skip(*d);
                    prop_assert_eq!(timer.used(now), used + *d, "skipped time counts as used");
                }
                TimerOp::Wait(d) => {
                    let paused = !timer.is_running();
                    now += *d;
                    if paused {
                        prop_assert_eq!(timer.reading(now), before, "waiting {:?} moved a paused timer", d);
                    }
                }
            }
            if matches!(op, TimerOp::Pause | TimerOp::Resume) {
                prop_assert_eq!(timer.reading(now), before, "pausing or resuming changed the reading");
            }
            check_timer(&timer, budget, now)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Drawing: every screen, many sizes, hostile random content
// ---------------------------------------------------------------------------------------------

/// Pieces of text that are hard to draw: wide, joined, combining, very long, nearly empty, and
/// terminal controls that must never reach the screen.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,12}",
        2 => "\\PC{1,16}",
        6 => prop::sample::select(vec![
            "日本語",
            "日本語の文章はスペースなしで長く続くことがあります",
            "👩\u{200d}💻",
            "🏳\u{fe0f}\u{200d}🌈",
            "e\u{301}",
            "a\u{301}\u{302}\u{303}\u{304}",
            ".",
            "·",
            "\u{200b}a",
            "a\nb",
            "\n\n",
            "   ",
            "\t",
            "\u{1b}[31m",
            "\u{1b}]0;x\u{7}",
            "\u{202e}",
            "\u{9b}2J",
            "—",
            "…",
            "ﷺ",
            "\u{fdfd}",
            "x̸̢̛̤̞͇̪̩̮̜̠̫̞̭̠̣̃̀̓̈́̉̔͌̔͗̑̀̚͝",
        ])
        .prop_map(str::to_owned),
        1 => Just("w".repeat(300)),
        1 => Just("語".repeat(300)),
        1 => Just("👩\u{200d}💻".repeat(100)),
    ]
}

/// A text of a few pieces, never blank once cleaned (the loader refuses blank texts).
fn text() -> impl Strategy<Value = String> {
    vec(piece(), 1..6).prop_map(|pieces| {
        let mut text = pieces.join(" ");
        if sanitize::clean(&text, true).trim().is_empty() {
            text.push('x');
        }
        text
    })
}

/// A TOML basic string with everything that needs it escaped, controls as `\u` escapes.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn optional_key(out: &mut String, key: &str, value: Option<&String>) {
    if let Some(v) = value {
        let _ = writeln!(out, "{key} = {}", toml_string(v));
    }
}

fn duration_text() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec!["1s", "9s", "45s", "1m", "2m30s", "8m", "1h", "23h59m"])
}

/// One `[[step]]` of a random kind with random words.
fn step_toml() -> impl Strategy<Value = String> {
    (
        (0u8..5, option::of(text()), option::of(text()), text(), option::of(text())),
        (prop_oneof![3 => vec(text(), 1..4), 1 => vec(text(), 4..16)], option::of(text()), any::<bool>()),
        (duration_text(), prop::sample::select(vec!["1s", "30s", "1m", "2m30s", "3h"]), 1u32..4),
    )
        .prop_map(
            |((kind, title, notes, text, attribution), (questions, prompt, all), (duration, turn, rounds))| {
                let mut out = String::from("\n[[step]]\n");
                let kind = ["quote", "text", "reflection", "closing", "pair-share"][usize::from(kind)];
                let _ = writeln!(out, "kind = \"{kind}\"");
                optional_key(&mut out, "title", title.as_ref());
                optional_key(&mut out, "notes", notes.as_ref());
                match kind {
                    "quote" | "text" => {
                        optional_key(&mut out, "text", Some(&text));
                        if kind == "quote" {
                            optional_key(&mut out, "attribution", attribution.as_ref());
                        }
                        let _ = writeln!(out, "duration = \"{duration}\"");
                    }
                    "reflection" | "closing" => {
                        let list: Vec<String> = questions.iter().map(|q| toml_string(q)).collect();
                        let _ = writeln!(out, "questions = [{}]", list.join(", "));
                        optional_key(&mut out, "prompt", prompt.as_ref());
                        let _ = writeln!(out, "reveal = \"{}\"", if all { "all" } else { "one-by-one" });
                        let _ = writeln!(out, "duration = \"{duration}\"");
                    }
                    _ => {
                        optional_key(&mut out, "prompt", Some(&text));
                        let _ = writeln!(out, "turn = \"{turn}\"\nrounds = {rounds}");
                    }
                }
                out
            },
        )
}

/// A role's name: a hard piece of text, short enough for a name, never blank.
fn role() -> impl Strategy<Value = String> {
    piece().prop_map(|p| {
        let short: String = p.chars().take(40).collect();
        if sanitize::clean(&short, true).trim().is_empty() { format!("{short}r") } else { short }
    })
}

/// One group step: a random size, leftover rule, rounds and regrouping, perhaps roles, and one
/// to three phases with random words, each acted by a role or everyone.
fn group_toml() -> impl Strategy<Value = String> {
    (
        (2usize..=8, any::<bool>(), 1u32..4, any::<bool>(), option::of(vec(role(), 1..3))),
        (text(), option::of(text())),
        vec(
            (
                text(),
                option::of(text()),
                option::of(text()),
                prop::sample::select(vec!["1s", "30s", "1m", "2m30s"]),
                any::<Index>(),
            ),
            1..4,
        ),
    )
        .prop_map(|((size, smaller, rounds, never, roles), (prompt, notes), phases)| {
            let mut out = String::from("\n[[step]]\nkind = \"group\"\n");
            optional_key(&mut out, "prompt", Some(&prompt));
            optional_key(&mut out, "notes", notes.as_ref());
            let leftover = if smaller { "smaller" } else { "bigger" };
            let regroup = if never { "never" } else { "every-round" };
            let _ =
                writeln!(out, "size = {size}\nleftover = \"{leftover}\"\nrounds = {rounds}\nregroup = \"{regroup}\"");
            let roles: Vec<String> = roles.unwrap_or_default().into_iter().take(size).collect();
            if !roles.is_empty() {
                let list: Vec<String> = roles.iter().map(|r| toml_string(r)).collect();
                let _ = writeln!(out, "roles = [{}]", list.join(", "));
            }
            for (title, text, phase_notes, duration, who) in phases {
                out.push_str("[[step.phase]]\n");
                optional_key(&mut out, "title", Some(&title));
                optional_key(&mut out, "text", text.as_ref());
                optional_key(&mut out, "notes", phase_notes.as_ref());
                let _ = writeln!(out, "duration = \"{duration}\"");
                let who = who.index(roles.len() + 1);
                optional_key(&mut out, "who", roles.get(who));
            }
            out
        })
}

/// A whole random session file.
fn session_toml() -> impl Strategy<Value = String> {
    (
        (text(), option::of(text()), option::of(text()), option::of(text())),
        (prop::sample::select(vec!["1%", "20%", "100%", "10s", "5m"]), any::<bool>(), any::<bool>()),
        vec(prop_oneof![5 => step_toml(), 1 => group_toml()], 1..5),
    )
        .prop_map(|((title, subtitle, author, source), (warning, chime, hide), steps)| {
            let mut out = String::from("format = 1\n[session]\n");
            optional_key(&mut out, "title", Some(&title));
            optional_key(&mut out, "subtitle", subtitle.as_ref());
            optional_key(&mut out, "author", author.as_ref());
            optional_key(&mut out, "source", source.as_ref());
            let overtime = if hide { "hide" } else { "show" };
            let _ = writeln!(out, "[timer]\nwarning = \"{warning}\"\nchime = {chime}\novertime = \"{overtime}\"");
            out.extend(steps);
            out
        })
}

/// Rosters of no one, a pair, a trio, or up to 60 people with names as hard as the texts.
fn hard_roster() -> impl Strategy<Value = Vec<String>> {
    (prop_oneof![Just(0usize), Just(2), Just(3), 2usize..60], vec(piece(), 1..5)).prop_map(|(n, pieces)| {
        (0..n)
            .map(|i| {
                let name = sanitize::clean(&pieces[i % pieces.len()], false);
                format!("{} {i}", name.trim())
            })
            .collect()
    })
}

fn sizes() -> Vec<(u16, u16)> {
    let widths: Vec<u16> = (0..=200).step_by(17).chain([1, 2, 3, 59, 60, 79, 80]).collect();
    let heights: Vec<u16> = (0..=60).step_by(9).chain([1, 2, 6, 7, 15, 16, 23, 24]).collect();
    widths.iter().flat_map(|&w| heights.iter().map(move |&h| (w, h))).collect()
}

/// How a screen is dressed around the session: what is on top, or a blank shade.
#[derive(Debug, Clone)]
enum Dress {
    Plain,
    Over(Mode),
    Blank(Shade),
}

/// Draws `flow` at `w` x `h` and checks that nothing hidden or controlling reached the buffer.
fn draw_clean(app: &App, screen: &common::Look, now: Instant, (w, h): (u16, u16)) -> Result<(), TestCaseError> {
    let terminal = common::draw(app, now, w, h);
    let buffer = terminal.backend().buffer();
    prop_assert_eq!((buffer.area.width, buffer.area.height), (w, h));
    for cell in buffer.content() {
        prop_assert!(
            !cell.symbol().chars().any(sanitize::is_hidden),
            "a control or invisible character reached the screen at {}x{}: {:?}",
            w,
            h,
            cell.symbol()
        );
    }
    if screen.blank.is_some() {
        prop_assert!(buffer.content().iter().all(|c| c.symbol() == " "), "a blank screen shows only its shade");
    }
    Ok(())
}

/// Everything around the session in a drawing run.
#[derive(Debug, Clone)]
struct Surroundings {
    /// Seconds waited on each screen, in turn.
    waits: Vec<u64>,
    /// The screen on which the timer is paused.
    pause_at: Index,
    /// The highlighted line of the agenda and the roster (possibly past their end).
    selected: Index,
    /// A name being typed in the roster overlay.
    typing: Option<String>,
    /// A message at the bottom.
    banner: Option<String>,
    /// Seconds the machine slept, for the "welcome back" question.
    away: u64,
    colour: bool,
}

fn surroundings() -> impl Strategy<Value = Surroundings> {
    (
        vec(prop_oneof![0u64..5, 0u64..400, Just(86_400)], 1..6),
        any::<Index>(),
        any::<Index>(),
        option::of(text()),
        option::of(text()),
        any::<bool>(),
        prop_oneof![0u64..200_000, any::<u64>()],
    )
        .prop_map(|(waits, pause_at, selected, typing, banner, colour, away)| Surroundings {
            waits,
            pause_at,
            selected,
            typing,
            banner,
            away,
            colour,
        })
}

fn draw_every_screen(toml: &str, roster: Vec<String>, around: Surroundings) -> Result<(), TestCaseError> {
    let Surroundings { waits, pause_at, selected, typing, banner, away, colour } = around;
    let loaded = session::from_str(toml, "random.toml");
    prop_assert!(loaded.is_ok(), "every generated session is valid: {:?}", loaded.err().map(|e| e.to_string()));
    let Ok(session) = loaded else { return Ok(()) };
    let positions = Plan::new(&session).positions().len();
    let steps = session.steps.len();
    let t0 = Instant::now();
    let mut now = t0;
    let mut flow = Flow::new(session, roster, 11);
    let sizes = sizes();
    let dresses = [
        Dress::Plain,
        Dress::Over(Mode::Help),
        Dress::Over(Mode::Agenda { selected: selected.index(steps + 3) }),
        Dress::Over(match typing {
            Some(text) => {
                Mode::Typing { field: Field::LateArrival { selected: selected.index(flow.roster().len() + 3) }, text }
            }
            None => Mode::Roster { selected: selected.index(flow.roster().len() + 3) },
        }),
        Dress::Over(Mode::ConfirmQuit),
        Dress::Over(Mode::Away { secs: away }),
        Dress::Blank(Shade::Black),
        Dress::Blank(Shade::White),
    ];
    let pause_at = pause_at.index(positions);
    let views = [View::Room, View::Facilitator];
    let screen_for = |view: View, dress: &Dress| {
        let mut screen = common::screen(view, t0, colour);
        screen.notice.clone_from(&banner);
        match dress {
            Dress::Plain => {}
            Dress::Over(overlay) => screen.mode = overlay.clone(),
            Dress::Blank(shade) => screen.blank = Some(*shade),
        }
        screen
    };
    for p in 0..positions {
        if p == pause_at {
            flow.apply(Action::TogglePause, now);
        }
        // Every size on every screen, the view and the dress taking turns: over two screens
        // every size is drawn in both views, and every view and dress meets sizes across the
        // whole range.
        // Screens between the first and the last of a step (one more question revealed, the
        // next round) take a quarter of the sizes, to keep the run short.
        let middle = match flow.position() {
            Position::Step { step, part } => {
                let changeover = !flow.session().timer.changeover.is_zero();
                let parts = holdspace::plan::parts(&flow.session().steps[step].body, changeover);
                parts.first() != Some(&part) && parts.last() != Some(&part)
            }
            Position::Welcome | Position::End => false,
        };
        // The app in every view and dress, built once for this screen.
        let apps: Vec<(common::Look, App)> = dresses
            .iter()
            .flat_map(|dress| views.map(|view| screen_for(view, dress)))
            .map(|look| {
                let app = common::app(&flow, &look);
                (look, app)
            })
            .collect();
        for (s, size) in sizes.iter().enumerate().filter(|(s, _)| !middle || s % 4 == p % 4) {
            let (look, app) = &apps[(s + p) % apps.len()];
            draw_clean(app, look, now, *size)?;
        }
        // And every view and dress at the two common sizes.
        for (look, app) in &apps {
            draw_clean(app, look, now, (80, 24))?;
            draw_clean(app, look, now, (120, 40))?;
        }
        now += Duration::from_secs(waits[p % waits.len()]);
        flow.apply(Action::Tick, now);
        flow.apply(Action::Next, now);
    }
    prop_assert_eq!(flow.position(), Position::End, "Next walks to the end");
    Ok(())
}

proptest! {
    // Each case draws every screen of a random session at about 300 sizes in every view and
    // dress, so ten cases cover every size, view and dress many times over.
    #![proptest_config(config(10))]
    #[test]
    fn every_screen_draws_random_content_at_every_size(
        toml in session_toml(),
        roster in hard_roster(),
        around in surroundings(),
    ) {
        draw_every_screen(&toml, roster, around)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 3. The loader: arbitrary bytes and mutated session files
// ---------------------------------------------------------------------------------------------

/// Characters that matter to TOML and to terminals.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            '"', '\'', '[', ']', '{', '}', '=', '\n', '\r', '\\', '#', ',', '.', ' ', '\t', 'u', 'U', '0', '1', '9',
            '-', '+', ':', 'e', '\u{0}', '\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{feff}', '\u{200b}',
            'é', '語', '—',
        ]),
        1 => any::<char>(),
    ]
}

/// Snippets of session syntax that push the checker down its less common paths.
fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => vec(nasty_char(), 1..12).prop_map(|c| c.into_iter().collect()),
        2 => prop::sample::select(vec![
            "\n[[step]]\n",
            "\n[session]\n",
            "\n[timer]\n",
            "\n[participants]\nnames = [\"a\", \"a\"]\n",
            "\nkind = \"pair-share\"\n",
            "\nrounds = 99999999999999999999\n",
            "\nrounds = -1\n",
            "\nturn = \"0s\"\n",
            "\nduration = \"25h\"\n",
            "\nduration = \"1m1m\"\n",
            "\nwarning = \"101%\"\n",
            "\nquestions = []\n",
            "\nreveal = \"some\"\n",
            "\nformat = 2\n",
            "\ntitle = \"\"\n",
            "\ntitle = 3\n",
            "\"\"\"",
            "'''",
            "\\u{110000}",
            "\\uD800",
            "= {",
            "[[",
            "]]",
        ])
        .prop_map(str::to_owned),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Cut a range of bytes (possibly through a character).
    Delete(Index, usize),
    /// Insert text at any byte.
    Insert(Index, String),
    DuplicateLine(Index),
    DeleteLine(Index),
    /// Insert a whole line at the start of a line.
    InsertLine(Index, String),
    /// Give a `key = value` line another value: reaches the checks of meaning, past the syntax.
    ReplaceValue(Index, String),
}

/// Values of every type and at the edges of what each key allows.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            r#""0s""#, r#""1s""#, r#""24h""#, r#""24h1s""#, r#""1m1m""#, r#""3""#, r#""""#, r#""  ""#, r#""\u0000""#,
            r#""\u001b[2J""#, r#""all""#, r#""one-by-one""#, r#""pair-share""#, r#""quote""#, r#""closing""#,
            r#""text""#, r#""reflection""#, r#""show""#, r#""hide""#, r#""0%""#, r#""100%""#, r#""101%""#, "0", "1",
            "-1", "100", "101", "99999999999999999999", "1.5", "true", "false", "[]", r#"["a"]"#, r#"["a", "a"]"#,
            "[1, 2]", "{}", "{ a = 1 }", "1979-05-27", "'x'", "'''x'''",
        ])
        .prop_map(str::to_owned),
        1 => r#""[a-z0-9 %]{0,12}""#,
    ]
}

/// Whole lines of session syntax.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "[[step]]", "[session]", "[timer]", "[participants]", "[unknown]", r#"kind = "pair-share""#,
            r#"kind = "quote""#, r#"kind = "poem""#, r#"turn = "30s""#, "rounds = 0", "rounds = 3",
            r#"reveal = "all""#, "questions = []", r#"questions = ["Why?", "Why?"]"#, r#"names = ["a", "b", "c"]"#,
            r#"planned = "1m""#, "format = 2", "colour = 1", r#"warning = "0%""#, r#"duration = "3m""#,
            r#"text = "x""#, r#"prompt = "p""#, r#"attribution = "a""#, r#"title = "t""#, r#"notes = "n""#,
        ])
        .prop_map(|l| format!("{l}\n")),
        1 => vec(nasty_char(), 0..20).prop_map(|c| c.into_iter().chain(['\n']).collect()),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), prop_oneof![1usize..4, 1usize..200]).prop_map(|(at, len)| Mutation::Delete(at, len)),
        2 => (any::<Index>(), snippet()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        6 => line_mutation(),
    ]
}

/// Edits of whole lines and values, which mostly keep the syntax and so reach the checks of
/// meaning (a cut through a string tends to turn the rest of the file into syntax errors).
fn line_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        2 => (any::<Index>(), line()).prop_map(|(at, l)| Mutation::InsertLine(at, l)),
        3 => (any::<Index>(), value()).prop_map(|(at, v)| Mutation::ReplaceValue(at, v)),
    ]
}

/// Applies `m` to `bytes`; line edits see the text as lossy UTF-8.
fn mutate(bytes: &mut Vec<u8>, m: Mutation) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    match m {
        Mutation::Delete(at, len) => {
            let start = at.index(bytes.len() + 1);
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
            return;
        }
        Mutation::Insert(at, s) => {
            let i = at.index(bytes.len() + 1);
            bytes.splice(i..i, s.into_bytes());
            return;
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let i = at.index(lines.len());
            lines.insert(i, lines[i].clone());
        }
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at.index(lines.len()));
        }
        Mutation::InsertLine(at, l) => lines.insert(at.index(lines.len() + 1), l),
        Mutation::ReplaceValue(at, v) => {
            let values: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].contains(" = ")).collect();
            if !values.is_empty() {
                let i = values[at.index(values.len())];
                let key = lines[i].split(" = ").next().unwrap_or_default().to_owned();
                lines[i] = format!("{key} = {v}\n");
            }
        }
        Mutation::DuplicateLine(_) | Mutation::DeleteLine(_) => {}
    }
    *bytes = lines.concat().into_bytes();
}

/// The bundled session with a few mutations. Byte edits may cut a character in two: the result
/// is read as lossy UTF-8, as `check` only ever sees text.
fn mutated_bundled() -> impl Strategy<Value = String> {
    prop_oneof![vec(mutation(), 1..6), vec(line_mutation(), 1..6)].prop_map(|mutations| {
        let mut bytes = session::BUNDLED.1.as_bytes().to_vec();
        for m in mutations {
            mutate(&mut bytes, m);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Arbitrary bytes read as lossy UTF-8, or random text in TOML's own alphabet.
fn arbitrary_text() -> impl Strategy<Value = String> {
    prop_oneof![
        vec(any::<u8>(), 0..600).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        vec(snippet(), 0..40).prop_map(|s| s.concat()),
    ]
}

/// `check` never panics, locates every finding inside the text on a character boundary, renders
/// them without controls, and fails only with an error to show for it.
fn check_text(text: &str) -> Result<(), TestCaseError> {
    check_findings(text, &session::check(text, "fuzz.toml", holdspace::ui::ROOM_FIT))
}

fn check_findings(text: &str, checked: &session::Checked) -> Result<(), TestCaseError> {
    let d = &checked.diagnostics;
    // Spans index the checked text, which is the input with CRLF made LF (never longer).
    prop_assert_eq!(&d.src, &text.replace("\r\n", "\n"));
    for item in &d.items {
        let span = &item.span;
        prop_assert!(
            span.start <= span.end && span.end <= d.src.len(),
            "span {span:?} outside the text of {} bytes: {}",
            d.src.len(),
            item.message
        );
        prop_assert!(
            d.src.is_char_boundary(span.start) && d.src.is_char_boundary(span.end),
            "span {span:?} splits a character: {}",
            item.message
        );
        prop_assert!(!item.message.chars().any(sanitize::is_hidden), "a control in a message: {:?}", item.message);
    }
    let rendered = d.render(false);
    prop_assert!(
        !rendered.chars().any(|c| c != '\n' && sanitize::is_hidden(c)),
        "a control or invisible character in what check prints: {rendered:?}"
    );
    prop_assert_eq!(d.json_lines().len(), d.items.len());
    match &checked.session {
        None => prop_assert!(d.has_errors(), "refused without an error: {rendered}"),
        Some(_) => prop_assert!(!d.has_errors(), "a session with errors: {rendered}"),
    }
    prop_assert_eq!(session::from_str(text, "fuzz.toml").is_ok(), checked.session.is_some());
    Ok(())
}

proptest! {
    #![proptest_config(config(1_000))]
    #[test]
    fn the_loader_survives_arbitrary_text(text in arbitrary_text()) {
        check_text(&text)?;
    }

    #[test]
    fn the_loader_survives_mutated_sessions(text in mutated_bundled()) {
        check_text(&text)?;
    }
}

#[test]
#[ignore = "long run: 100,000 loader cases"]
fn loader_long_run() {
    let mut runner = TestRunner::new(Config { source_file: Some(file!()), ..config(100_000) });
    let worst = Cell::new((Duration::ZERO, 0usize));
    let strategy = prop_oneof![arbitrary_text(), mutated_bundled()];
    let result = runner.run(&strategy, |text| {
        let start = Instant::now();
        let checked = session::check(&text, "fuzz.toml", holdspace::ui::ROOM_FIT);
        let took = start.elapsed();
        if took > worst.get().0 {
            worst.set((took, text.len()));
        }
        check_findings(&text, &checked)
    });
    let (took, len) = worst.get();
    println!("loader_long_run: the slowest check took {took:?} on {len} bytes");
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Journals: random values in every field of a valid save
// ---------------------------------------------------------------------------------------------

/// A valid save of the bundled session: seven people, on the second turn of the second
/// pair-share's first round, with timers and rounds behind it.
fn valid_save() -> (serde_json::Value, Instant) {
    let t0 = Instant::now();
    let roster: Vec<String> = common::names(7);
    let mut flow = Flow::new(common::bundled(), roster, 3);
    for (secs, action) in [(0, Action::JumpTo(3)), (40, Action::Next), (100, Action::Next), (5, Action::JumpTo(5))] {
        flow.apply(action, t0 + Duration::from_secs(secs));
    }
    flow.apply(Action::Next, t0 + Duration::from_secs(200));
    let snapshot = flow.snapshot(t0 + Duration::from_secs(210));
    (serde_json::to_value(snapshot).expect("a snapshot is JSON"), t0)
}

/// A value to put where another was: numbers of every size, wrong types, empty lists.
fn hostile_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        any::<u64>().prop_map(|n| json!(n)),
        (0u64..12).prop_map(|n| json!(n)),
        Just(json!(99)),
        Just(json!(-1)),
        Just(json!(u64::MAX)),
        Just(json!(null)),
        Just(json!("x")),
        Just(json!([])),
        Just(json!(true)),
        Just(json!(1.5)),
    ]
}

/// How many leaves (values that are not lists or tables) the tree holds.
fn leaves(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => items.iter().map(leaves).sum(),
        serde_json::Value::Object(fields) => fields.values().map(leaves).sum(),
        _ => 1,
    }
}

/// Replaces the `pick`-th leaf (in a walk of the whole tree) with `with`.
fn replace_leaf(value: &mut serde_json::Value, pick: &mut usize, with: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().any(|v| replace_leaf(v, pick, with)),
        serde_json::Value::Object(fields) => fields.values_mut().any(|v| replace_leaf(v, pick, with)),
        leaf => {
            if *pick == 0 {
                *leaf = with.clone();
                return true;
            }
            *pick -= 1;
            false
        }
    }
}

fn check_taken_up(flow: &mut Flow, now: Instant) -> Result<(), TestCaseError> {
    let people = flow.roster().len();
    prop_assert!(flow.pairing().check(people).is_ok());
    prop_assert!(Plan::new(flow.session()).positions().contains(&flow.position()));
    if let Some(groups) = flow.groups() {
        let mut seen: Vec<usize> = groups.iter().flat_map(|g| g.0.iter().copied()).collect();
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        prop_assert_eq!(seen.len(), count, "someone twice on screen");
        prop_assert!(seen.iter().all(|&p| p < people));
    }
    // Every round handed out from here places every person present exactly once: nobody dropped.
    let mut later = now;
    for _ in 0..12 {
        later += Duration::from_secs(400);
        flow.apply(Action::Next, later);
        if let (Some(groups), Some((step, round))) = (flow.groups(), flow.position().round()) {
            let index = flow.plan().round_index(step, round);
            if flow.pairing().history().keys().next_back() == Some(&index) {
                let mut placed: Vec<usize> = groups.iter().flat_map(|g| g.0.iter().copied()).collect();
                placed.sort_unstable();
                prop_assert_eq!(placed, flow.pairing().present().to_vec(), "a round that drops or repeats someone");
            }
        }
    }
    let _ = common::draw(&common::app(flow, &common::screen(View::Room, now, true)), later, 80, 24);
    Ok(())
}

proptest! {
    #![proptest_config(config(ProptestConfig::default().cases))]
    /// A journal with random values in any of its fields (up to three at once) is refused, or
    /// taken up into a session that is whole: a screen of the session, pairs of people on the
    /// roster, later rounds that place everyone present once. Never a panic.
    #[test]
    fn tampered_journals_are_refused_or_taken_up_whole(
        changes in vec((any::<usize>(), hostile_value()), 1..=3),
    ) {
        let (mut save, t0) = valid_save();
        for (pick, with) in &changes {
            let mut at = pick % leaves(&save).max(1);
            replace_leaf(&mut save, &mut at, with);
        }
        let Ok(snapshot) = serde_json::from_value::<holdspace::flow::Snapshot>(save) else { return Ok(()) };
        let now = t0 + Duration::from_mins(5);
        if let Ok(mut flow) = Flow::restore(common::bundled(), snapshot, now, Duration::ZERO, Duration::from_secs(5)) {
            check_taken_up(&mut flow, now)?;
        }
    }
}

/// The tampered journals found by hand: a circle label out of range (it showed a nameless person
/// and lost another), a trio choice of zero (it wrapped and left someone out), a round naming a
/// person twice. Each refused, never taken up with a person missing.
#[test]
fn the_tampered_journals_found_by_hand_are_refused() {
    let (save, t0) = valid_save();
    assert!(!save["pairing"]["circle"].is_null(), "the save has its circle: {save}");
    let tampered: [(&str, &str, usize, serde_json::Value); 3] = [
        ("circle", "labels", 4, serde_json::json!(99)),
        ("circle", "trios", 0, serde_json::json!(0)),
        ("circle", "order", 0, serde_json::json!(1)),
    ];
    let now = t0 + Duration::from_mins(5);
    for (table, field, at, value) in tampered {
        let mut journal = save.clone();
        journal["pairing"][table][field][at] = value.clone();
        let snapshot = serde_json::from_value::<holdspace::flow::Snapshot>(journal).expect("still a snapshot");
        let restored = Flow::restore(common::bundled(), snapshot, now, Duration::ZERO, Duration::ZERO);
        assert!(restored.is_err(), "{table}.{field}[{at}] = {value} is refused");
    }
    let mut twice = save.clone();
    twice["groups"][0][0] = twice["groups"][1][0].clone();
    let snapshot = serde_json::from_value::<holdspace::flow::Snapshot>(twice).expect("still a snapshot");
    assert!(Flow::restore(common::bundled(), snapshot, now, Duration::ZERO, Duration::ZERO).is_err());
}
