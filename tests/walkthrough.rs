//! The state machine driven through whole sessions with a fake clock: every action on every kind
//! of screen, both ends of the session, swaps, pauses, overtime, going back. No sleeping: time is
//! an instant the test moves by hand.

use std::time::{Duration, Instant};

use holdspace::flow::{Action, Effect, Flow, Half, Part, Position, Strike, TimerStatus};
use holdspace::session;

const SESSION: &str = r#"
[session]
title = "Every kind"

[timer]
warning = "25%"
changeover = "0s"

[[step]]
kind = "quote"
text = "Words."
duration = "1m"

[[step]]
kind = "reflection"
questions = ["One?", "Two?"]
duration = "2m"

[[step]]
kind = "pair-share"
prompt = "Talk."
turn = "1m"
rounds = 2

[[step]]
kind = "closing"
questions = ["Last?"]
reveal = "all"
duration = "1m"

[[step]]
kind = "text"
text = "Bye."
duration = "30s"
"#;

/// A flow over `src` with a fake clock starting at `t0`.
struct Run {
    flow: Flow,
    t0: Instant,
    now: Instant,
}

impl Run {
    #[track_caller]
    fn new(src: &str, roster: &[&str]) -> Self {
        let session = session::from_str(src, "test.toml").expect("test session loads");
        let t0 = Instant::now();
        let roster = roster.iter().map(|s| (*s).to_owned()).collect();
        Self { flow: Flow::new(session, roster, 7), t0, now: t0 }
    }

    fn at(&mut self, secs: u64) -> &mut Self {
        self.now = self.t0 + Duration::from_secs(secs);
        self
    }

    fn after(&mut self, secs: u64) -> &mut Self {
        self.now += Duration::from_secs(secs);
        self
    }

    /// Applies `action` and returns what the room hears: the chimes (what happened goes to the
    /// record, and is tested with it).
    fn act(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = self.flow.apply(action, self.now);
        effects.retain(|e| matches!(e, Effect::Chime(_)));
        effects
    }

    fn next(&mut self) -> Vec<Effect> {
        self.act(Action::Next)
    }

    fn shown(&self) -> (u64, TimerStatus) {
        let view = self.flow.timer_view(self.now).expect("a timer on this screen");
        (view.secs, view.status)
    }

    fn at_step(&self, step: usize, part: Part) -> bool {
        self.flow.position() == Position::Step { step, part }
    }
}

fn round(round: u32, half: Half) -> Part {
    Part::Round { round, half }
}

#[test]
fn walks_every_screen_forward_and_back() {
    let mut run = Run::new(SESSION, &[]);
    assert_eq!(run.flow.position(), Position::Welcome);
    run.act(Action::Previous);
    assert_eq!(run.flow.position(), Position::Welcome, "previous on the welcome screen stays");
    let forward = [
        Position::Step { step: 0, part: Part::Whole },
        Position::Step { step: 1, part: Part::Question(0) },
        Position::Step { step: 1, part: Part::Question(1) },
        Position::Step { step: 2, part: round(0, Half::First) },
        Position::Step { step: 2, part: round(0, Half::Second) },
        Position::Step { step: 2, part: round(1, Half::First) },
        Position::Step { step: 2, part: round(1, Half::Second) },
        Position::Step { step: 3, part: Part::Whole },
        Position::Step { step: 4, part: Part::Whole },
        Position::End,
    ];
    for expected in forward {
        run.next();
        assert_eq!(run.flow.position(), expected);
    }
    run.next();
    assert_eq!(run.flow.position(), Position::End, "next on the end screen stays");
    assert!(run.flow.timer_view(run.now).is_none(), "no timer on the end screen");
    for expected in forward.iter().rev().skip(1).chain([&Position::Welcome]) {
        run.act(Action::Previous);
        assert_eq!(run.flow.position(), *expected);
    }
}

/// With `warning-chime`, a timer turning to its warning style chimes softly once: at the exact
/// second, even with nobody pressing anything, and not again after a minute is added.
#[test]
fn a_warning_chime_sounds_once_when_asked_for() {
    let src = SESSION.replace("changeover = \"0s\"", "changeover = \"0s\"\nwarning-chime = true");
    let mut run = Run::new(&src, &[]);
    run.at(100).next();
    assert_eq!(run.flow.next_event(run.now), Some(run.t0 + Duration::from_secs(145)), "wakes for it");
    run.at(144);
    assert_eq!(run.act(Action::Tick), vec![]);
    run.at(145);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Warning)], "at the warning");
    assert_eq!(run.flow.next_event(run.now), Some(run.t0 + Duration::from_secs(160)), "then for zero");
    run.act(Action::AddMinute);
    run.at(206);
    assert_eq!(run.act(Action::Tick), vec![], "once per timer");
    run.at(220);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Up)]);
    // Without it, the same timer turns to the warning style in silence.
    let mut quiet = Run::new(SESSION, &[]);
    quiet.at(100).next();
    quiet.at(145);
    assert_eq!(quiet.act(Action::Tick), vec![]);
    assert_eq!(quiet.flow.next_event(quiet.now), Some(quiet.t0 + Duration::from_secs(160)));
}

#[test]
fn a_step_timer_starts_when_shown_warns_chimes_once_and_never_moves_on() {
    let mut run = Run::new(SESSION, &[]);
    run.at(100).next();
    assert_eq!(run.shown(), (60, TimerStatus::Running));
    run.at(144);
    assert_eq!(run.shown(), (16, TimerStatus::Running));
    run.at(145);
    assert_eq!(run.shown(), (15, TimerStatus::Warning), "25% of a minute is 15 s");
    run.at(160);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Up)], "chimes at zero");
    assert_eq!(run.shown(), (0, TimerStatus::Over(session::Overtime::Show)));
    run.at(202);
    assert_eq!(run.act(Action::Tick), vec![], "chimes only once");
    assert_eq!(run.shown(), (42, TimerStatus::Over(session::Overtime::Show)));
    assert!(run.at_step(0, Part::Whole), "never moves on by itself");
}

#[test]
fn pause_resume_and_minutes_are_exact_to_the_second() {
    let mut run = Run::new(SESSION, &[]);
    run.next();
    run.after(10).act(Action::TogglePause);
    assert_eq!(run.shown(), (50, TimerStatus::Paused));
    run.after(600);
    assert_eq!(run.shown(), (50, TimerStatus::Paused), "a paused timer does not move");
    assert_eq!(run.flow.next_change(run.now), None, "nothing to wake for while paused");
    run.act(Action::TogglePause);
    run.after(5).act(Action::AddMinute);
    assert_eq!(run.shown(), (105, TimerStatus::Running));
    run.act(Action::TakeMinute);
    assert_eq!(run.shown(), (45, TimerStatus::Running));
    run.after(3).act(Action::Restart);
    assert_eq!(run.shown(), (60, TimerStatus::Running));
}

#[test]
fn adding_time_in_overtime_brings_time_back_and_rearms_the_chime() {
    let mut run = Run::new(SESSION, &[]);
    run.next();
    run.after(102);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Up)]);
    run.act(Action::AddMinute);
    assert_eq!(run.shown(), (18, TimerStatus::Running));
    run.after(18);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Up)], "chimes again at the new zero");
    run.act(Action::TakeMinute);
    assert_eq!(run.shown(), (0, TimerStatus::Over(session::Overtime::Show)), "taking time never undoes time used");
}

#[test]
fn questions_share_their_steps_timer() {
    let mut run = Run::new(SESSION, &[]);
    run.next();
    run.after(5).next();
    run.after(30).next();
    assert!(run.at_step(1, Part::Question(1)));
    assert_eq!(run.shown(), (90, TimerStatus::Running), "revealing a question keeps the timer");
    run.act(Action::Previous);
    assert_eq!(run.shown(), (90, TimerStatus::Running));
}

#[test]
fn a_round_swaps_by_itself_at_half_time_with_a_chime() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(2));
    assert!(run.at_step(2, round(0, Half::First)));
    assert_eq!(run.shown(), (60, TimerStatus::Running), "the first speaker's turn");
    run.after(59);
    assert_eq!(run.act(Action::Tick), vec![]);
    run.after(1);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Change)]);
    assert!(run.at_step(2, round(0, Half::Second)));
    assert_eq!(run.shown(), (60, TimerStatus::Running), "the second speaker gets a full turn");
    run.after(60);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Up)], "time up at the end of the round");
    assert!(run.at_step(2, round(0, Half::Second)), "the next round waits for the facilitator");
    run.next();
    assert!(run.at_step(2, round(1, Half::First)));
    assert_eq!(run.shown(), (60, TimerStatus::Running));
}

#[test]
fn next_in_the_first_half_swaps_early_and_gives_a_full_turn() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(2));
    run.after(20);
    assert_eq!(run.next(), vec![Effect::Chime(Strike::Change)]);
    assert!(run.at_step(2, round(0, Half::Second)));
    assert_eq!(run.shown(), (60, TimerStatus::Running));
}

#[test]
fn a_late_key_after_the_swap_moves_to_the_next_round() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(2));
    // The swap fell due while nobody looked: it happens first, then "next" moves on.
    run.after(75);
    assert_eq!(run.next(), vec![Effect::Chime(Strike::Change)]);
    assert!(run.at_step(2, round(1, Half::First)));
}

#[test]
fn pause_across_the_swap() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(2));
    run.after(50).act(Action::TogglePause);
    run.after(300);
    assert_eq!(run.act(Action::Tick), vec![], "no swap while paused");
    assert!(run.at_step(2, round(0, Half::First)));
    assert_eq!(run.shown(), (10, TimerStatus::Paused));
    run.act(Action::TogglePause);
    run.after(10);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Change)]);
    assert!(run.at_step(2, round(0, Half::Second)));
    assert_eq!(run.shown(), (60, TimerStatus::Running));
}

#[test]
fn minutes_in_the_first_half_belong_to_the_first_speaker() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(2));
    run.after(30).act(Action::AddMinute);
    assert_eq!(run.shown(), (90, TimerStatus::Running));
    run.act(Action::TakeMinute);
    run.act(Action::TakeMinute);
    assert!(run.at_step(2, round(0, Half::Second)), "taking the first speaker's last seconds swaps");
    assert_eq!(run.shown(), (60, TimerStatus::Running), "the second speaker keeps a full turn");
}

#[test]
fn going_back_into_a_pair_share_round() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(3));
    run.after(10).act(Action::Previous);
    assert!(run.at_step(2, round(1, Half::Second)), "back lands on the last turn of the last round");
    assert_eq!(run.shown(), (60, TimerStatus::Running), "a turn never shown starts when it is");
    run.after(10).act(Action::Previous);
    assert!(run.at_step(2, round(1, Half::First)));
    run.after(10).act(Action::Next);
    assert_eq!(run.shown(), (50, TimerStatus::Running), "the second turn takes up where it was left");
    run.act(Action::Previous);
    run.act(Action::Previous);
    run.act(Action::Previous);
    run.act(Action::Previous);
    assert!(run.at_step(1, Part::Question(1)), "back into questions lands on the last one");
    assert_eq!(run.shown(), (120, TimerStatus::Running), "a step never shown starts when it is");
}

/// A clicker's double tap costs nothing: back from the second speaker to the first and forward
/// again, each turn keeps its time left, to the second.
#[test]
fn every_part_keeps_its_time_when_the_facilitator_moves_away() {
    let mut run = Run::new(SESSION, &[]);
    run.act(Action::JumpTo(2));
    run.after(20).next(); // the first speaker cut short with 40 s left
    run.after(1);
    assert_eq!(run.shown(), (59, TimerStatus::Running));
    run.act(Action::Previous);
    assert!(run.at_step(2, round(0, Half::First)));
    assert_eq!(run.shown(), (40, TimerStatus::Running), "the first turn as it was left");
    run.next();
    assert_eq!(run.shown(), (59, TimerStatus::Running), "the second turn as it was left");
    // A paused step stays paused while away, and its time does not move.
    run.act(Action::JumpTo(0));
    run.after(10).act(Action::TogglePause);
    run.act(Action::JumpTo(4));
    run.after(600).act(Action::JumpTo(0));
    assert_eq!(run.shown(), (50, TimerStatus::Paused), "paused and where it was");
    // Only `r` starts a part again.
    run.act(Action::Restart);
    assert_eq!(run.shown(), (60, TimerStatus::Running));
}

/// With a changeover, each round starts with the new pairs and a countdown; when it ends the
/// first speaker's turn starts by itself with a chime, at the exact instant it was due.
#[test]
fn a_changeover_hands_over_to_the_first_speaker_by_itself() {
    let src = SESSION.replace("changeover = \"0s\"", "changeover = \"20s\"");
    let mut run = Run::new(&src, &["Ana", "Ben", "Chidi", "Dara"]);
    run.act(Action::JumpTo(2));
    assert!(run.at_step(2, Part::Changeover { round: 0 }));
    assert!(run.flow.groups().is_some(), "the new pairs are shown during the changeover");
    assert_eq!(run.shown(), (20, TimerStatus::Running));
    run.after(19);
    assert_eq!(run.act(Action::Tick), vec![]);
    run.after(3);
    assert_eq!(run.act(Action::Tick), vec![Effect::Chime(Strike::Change)], "the round starts with a chime");
    assert!(run.at_step(2, round(0, Half::First)));
    assert_eq!(run.shown(), (58, TimerStatus::Running), "counted from the changeover's end, not from the tick");
    // The first turn ended by itself (the swap) and Next moves on to the next changeover; Next
    // during a changeover starts the round early.
    run.after(60).next();
    assert!(run.at_step(2, Part::Changeover { round: 1 }));
    assert_eq!(run.next(), vec![Effect::Chime(Strike::Change)]);
    assert!(run.at_step(2, round(1, Half::First)));
    assert_eq!(run.shown(), (60, TimerStatus::Running));
}

#[test]
fn pairs_change_each_round_and_follow_the_speaker() {
    let mut run = Run::new(SESSION, &["Ana", "Ben", "Chidi", "Dara"]);
    run.act(Action::JumpTo(2));
    let first = run.flow.groups().expect("pairs with a roster").clone();
    assert_eq!(first.len(), 2);
    run.next();
    assert_eq!(run.flow.groups(), Some(&first), "the swap keeps the pairs");
    run.next();
    let second = run.flow.groups().expect("pairs with a roster").clone();
    let meetings = |round: &holdspace::pairing::Round| -> Vec<(usize, usize)> {
        round.iter().map(|g| (g.0[0].min(g.0[1]), g.0[0].max(g.0[1]))).collect()
    };
    assert!(meetings(&first).iter().all(|m| !meetings(&second).contains(m)), "new partners in round two");
}

#[test]
fn a_trio_is_shared_in_thirds() {
    let mut run = Run::new(SESSION, &["Ana", "Ben", "Chidi"]);
    run.act(Action::JumpTo(2));
    assert_eq!(run.flow.groups().map(|g| g[0].0.len()), Some(3));
    assert_eq!(run.flow.trio_speaker(run.now), Some(0));
    run.after(40);
    assert_eq!(run.flow.trio_speaker(run.now), Some(1));
    run.act(Action::Tick);
    run.after(40);
    run.act(Action::Tick);
    assert_eq!(run.flow.trio_speaker(run.now), Some(2), "the round is not longer for a trio");
}

#[test]
fn the_record_keeps_actual_time_and_the_drift_against_the_plan() {
    let mut run = Run::new(SESSION, &[]);
    run.at(10).next();
    run.at(100).next(); // the quote took 90 s against 60 planned
    assert_eq!(run.flow.drift_secs(run.now), Some(30), "half a minute behind");
    run.at(130).act(Action::JumpTo(3));
    run.at(140).act(Action::JumpTo(0));
    run.at(150).act(Action::JumpTo(4));
    assert_eq!(run.flow.spent().spent(0, run.now), Duration::from_secs(100));
    assert_eq!(run.flow.spent().spent(1, run.now), Duration::from_secs(30));
    assert_eq!(run.flow.spent().visits(0), 2);
    run.at(160).next();
    assert_eq!(run.flow.position(), Position::End);
    assert_eq!(run.flow.spent().total(run.now + Duration::from_secs(999)), Duration::from_secs(150));
}

#[test]
fn wakes_only_for_visible_changes() {
    let mut run = Run::new(SESSION, &[]);
    assert_eq!(run.flow.next_change(run.now), None, "the welcome screen never wakes");
    run.next();
    let ms = Duration::from_millis(1300);
    run.now += ms;
    assert_eq!(run.flow.next_change(run.now), Some(run.t0 + Duration::from_secs(2)));
    assert_eq!(run.flow.next_event(run.now), Some(run.t0 + Duration::from_mins(1)), "the chime is due at zero");
    run.act(Action::JumpTo(2));
    assert_eq!(run.flow.next_event(run.now), Some(run.now + Duration::from_mins(1)), "the swap is due");
}

#[test]
fn chime_false_and_overtime_hide_are_respected() {
    let src = SESSION.replace("warning = \"25%\"", "chime = false\novertime = \"hide\"");
    let mut run = Run::new(&src, &[]);
    run.next();
    run.after(70);
    assert_eq!(run.act(Action::Tick), vec![]);
    assert_eq!(run.shown().1, TimerStatus::Over(session::Overtime::Hide));
}

#[test]
fn drift_is_zero_after_two_hours_of_pauses_and_minutes() {
    let src = "[session]\ntitle = \"Long\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"23h\"\n";
    let mut run = Run::new(src, &[]);
    run.next();
    let mut paused = Duration::ZERO;
    for i in 0..240u64 {
        // Thirty seconds a step for two hours: pause every third, add a minute every seventh.
        if i % 3 == 0 {
            run.act(Action::TogglePause);
            run.after(30);
            paused += Duration::from_secs(30);
            run.act(Action::TogglePause);
        } else {
            run.after(30);
        }
        if i % 7 == 0 {
            run.act(Action::AddMinute);
        }
    }
    let added = 35 * 60;
    let used = 240 * 30 - paused.as_secs();
    assert_eq!(run.shown().0, 23 * 3600 + added - used);
}
