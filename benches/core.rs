//! In-process figures: loading the bundled session, drawing the heaviest screens (60 people in
//! pairs, 60 in threes with roles), a key press to a new frame (in one window, and from a
//! follower through the leader), and the grouping of a large room (pairs, and groups of three).
//! Run with `cargo bench`; the figures and what they are held to are in docs/performance.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use holdspace::flow::{Action, Flow};
use holdspace::model::{App, Msg, View};
use holdspace::pairing::{Grouping, Spec};
use holdspace::plan::Timeline;
use holdspace::rehearsal::{Recorder, RunKind};
use holdspace::session::{self, BUNDLED};
use holdspace::ui::{self, Theme};
use ratatui_core::backend::TestBackend;
use ratatui_core::terminal::Terminal;
use ratatui_crossterm::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The room view of `flow` at `t0`, with colour.
fn app(flow: Flow, t0: Instant) -> App {
    let wall = NaiveDate::from_ymd_opt(2026, 11, 27).and_then(|d| d.and_hms_opt(14, 0, 0)).expect("a date");
    let timeline = Timeline { mono: t0, wall, start: None };
    let recorder = Recorder::new(RunKind::Run, BUNDLED.0, 1);
    App::new(flow, recorder, View::Room, Theme::new(true), timeline, t0, Utc::now())
}

fn bundled() -> session::Session {
    session::from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads")
}

/// The bundled session on its first pair-share round with `people` named people.
/// The bundled session on its first pair-share's first turn (past the changeover) with `people`
/// named people.
fn pair_share(people: usize) -> (Flow, Instant) {
    pair_share_named((1..=people).map(|i| format!("Person {i}")).collect())
}

fn pair_share_named(roster: Vec<String>) -> (Flow, Instant) {
    let t0 = Instant::now();
    let mut flow = Flow::new(bundled(), roster, 7);
    flow.apply(Action::JumpTo(3), t0);
    flow.apply(Action::Next, t0);
    (flow, t0 + Duration::from_secs(17))
}

/// Hostile names: a frame with thirty names of the longest length a name may have costs about
/// what any frame costs; a roster of one megabyte-long line is refused, quickly.
fn long_names(c: &mut Criterion) {
    let names = (0..30).map(|i| format!("{i:02}{}", "w".repeat(holdspace::limits::NAME - 2))).collect();
    let (flow, now) = pair_share_named(names);
    bench_draw(c, "draw 30 people with 100-character names at 120x40", &app(flow, now), now, (120, 40));
    let line = format!("Ana\n{}\n", "x".repeat(1024 * 1024));
    c.bench_function("refuse a roster with a 1 MB line", |b| {
        b.iter(|| holdspace::roster::from_text(black_box(&line), "people.txt").expect_err("refused"));
    });
}

fn load(c: &mut Criterion) {
    // A line more than the default session's text: the loader reads and checks it, as it does any
    // session file (the default session's own text is built in, not read).
    let text = format!("{}\n", BUNDLED.1);
    c.bench_function("load and validate the bundled session", |b| {
        b.iter(|| session::from_str(black_box(&text), BUNDLED.0).expect("loads"));
    });
    c.bench_function("the bundled session built in", |b| {
        b.iter(|| session::from_str(black_box(BUNDLED.1), BUNDLED.0).expect("loads"));
    });
}

fn draw(c: &mut Criterion) {
    let (flow, now) = pair_share(60);
    let app = app(flow, now);
    for (w, h) in [(120, 40), (300, 100)] {
        bench_draw(c, &format!("draw 60-person pairs and big timer at {w}x{h}"), &app, now, (w, h));
    }
}

/// Times drawing `app` at `now` in a window of `size`, from a fresh buffer each time, so every
/// cell is drawn and diffed, as on a changed frame.
fn bench_draw(c: &mut Criterion, name: &str, app: &App, now: Instant, (w, h): (u16, u16)) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    c.bench_function(name, |b| {
        b.iter(|| {
            terminal.clear().expect("clear");
            terminal.draw(|f| ui::draw(f.buffer_mut(), app, now)).expect("draw");
        });
    });
}

/// A group round of Troika Consulting from the bundled library, 60 people in threes with their
/// roles beside their names and those acting marked, 10 s into the first phase.
fn draw_groups(c: &mut Criterion) {
    let (file, text) = session::LIBRARY[3];
    let troika = session::from_str(text, file).expect("troika loads");
    let t0 = Instant::now();
    let mut flow = Flow::new(troika, (1..=60).map(|i| format!("Person {i}")).collect(), 7);
    flow.apply(Action::JumpTo(1), t0);
    flow.apply(Action::Next, t0);
    let now = t0 + Duration::from_secs(10);
    bench_draw(c, "draw 60 people in threes with roles and big timer at 120x40", &app(flow, now), now, (120, 40));
}

fn key_to_frame(c: &mut Criterion) {
    let (flow, now) = pair_share(30);
    let app = app(flow, now);
    let wall = Utc::now();
    let key = KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    c.bench_function("key press to new frame (update with PageDown + draw, 30 people, 80x24)", |b| {
        b.iter(|| {
            let mut app = app.clone();
            app.update(Msg::Key(key), now, wall);
            terminal.draw(|f| ui::draw(f.buffer_mut(), &app, now)).expect("draw");
        });
    });
}

/// A key in a following window to the new frame there, everything but the sockets: the follower
/// asks, the request is encoded and read back, the leader updates and publishes its state, the
/// state is encoded and read back, the follower takes it up and draws.
fn key_across_windows(c: &mut Criterion) {
    use holdspace::model::{Effect, Role};
    use holdspace::share::protocol::{self, Command, Request, Update};
    let (flow, now) = pair_share(30);
    let leader = app(flow, now);
    let mut follower = leader.clone();
    follower.role = Role::Follower { read_only: false };
    let wall = Utc::now();
    let key = KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    c.bench_function("key in a follower to its new frame through the leader, in process (30 people, 80x24)", |b| {
        b.iter(|| {
            let (mut leader, mut follower) = (leader.clone(), follower.clone());
            let effects = follower.update(Msg::Key(key), now, wall);
            let Some(Effect::Send(change)) = effects.into_iter().find(|e| matches!(e, Effect::Send(_))) else {
                panic!("the follower asks the leader")
            };
            let line = protocol::encode(&Request::Do(Command::from_change(&change).expect("a key's change")));
            let Request::Do(command) = protocol::decode(&line[..line.len() - 1]).expect("read back") else {
                panic!("a request")
            };
            leader.update(Msg::Remote(command.change()), now, wall);
            let line = protocol::encode(&Update::State(Box::new(leader.shared(now))));
            let Update::State(state) = protocol::decode(&line[..line.len() - 1]).expect("read back") else {
                panic!("a state")
            };
            follower.update(Msg::Shared(state), now, wall);
            terminal.draw(|f| ui::draw(f.buffer_mut(), &follower, now)).expect("draw");
        });
    });
}

fn pairing(c: &mut Criterion) {
    // Each grouping is returned so criterion drops it outside the timing: freeing a session's
    // stored rounds (half a million small vectors here) happens once, at exit.
    let pairs = vec![Spec::PAIRS; 999];
    c.bench_function("pairing schedule, 1000 people x 999 rounds", |b| {
        b.iter_with_large_drop(|| {
            let mut grouping = Grouping::new(black_box(1000), 7);
            grouping.round(998, &pairs);
            grouping
        });
    });
    // 1,000 is no multiple of 3, so no grid: every round comes from the search. Asked one by
    // one, as an export asks them.
    let threes = vec![Spec::fresh(3); 50];
    c.bench_function("groups of 3, 1,000 people x 50 rounds", |b| {
        b.iter_with_large_drop(|| {
            let mut grouping = Grouping::new(black_box(1000), 7);
            for r in 0..50 {
                grouping.round(r, &threes);
            }
            grouping
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(3)).warm_up_time(Duration::from_secs(1));
    targets = load, draw, draw_groups, key_to_frame, key_across_windows, pairing, long_names
}
criterion_main!(benches);
