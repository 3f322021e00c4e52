//! Group steps walked through with a fake clock, from the bundled library and without writing a
//! file: Troika Consulting for 13 people and 1-2-4-All for 24. Every phase is cued on time (a
//! chime exactly once, a banner naming the phase and who acts), the right people are named, and a
//! room that shrinks mid-session is regrouped and told, never a crash.

mod common;

use std::time::{Duration, Instant};

use common::names;
use holdspace::flow::{Action, Cue, Effect, Flow, Part, Position};
use holdspace::pairing::Round;
use holdspace::session::{self, Body, LIBRARY, Session};
use holdspace::ui;

/// A bundled session by its name.
fn bundled(name: &str) -> Session {
    let (file, text) = LIBRARY.iter().find(|(f, _)| f.trim_end_matches(".toml") == name).expect("in the library");
    session::from_str(text, file).expect("it loads")
}

/// A flow and its fake clock.
struct Run {
    flow: Flow,
    now: Instant,
}

impl Run {
    fn new(session: Session, people: usize) -> Self {
        Self { flow: Flow::new(session, names(people), 7), now: Instant::now() }
    }

    /// Chimes heard after `action`.
    fn act(&mut self, action: Action) -> usize {
        self.flow.apply(action, self.now).iter().filter(|e| **e == Effect::Chime).count()
    }

    /// Chimes heard while `secs` pass, one tick a second.
    fn wait(&mut self, secs: u64) -> usize {
        (0..secs)
            .map(|_| {
                self.now += Duration::from_secs(1);
                self.act(Action::Tick)
            })
            .sum()
    }

    fn part(&self) -> Option<Part> {
        match self.flow.position() {
            Position::Step { part, .. } => Some(part),
            _ => None,
        }
    }

    fn round(&self) -> Round {
        self.flow.groups().cloned().expect("groups on screen")
    }

    /// The room view's banner now.
    fn banner(&self) -> Option<String> {
        ui::content(&self.flow, self.now).banner
    }
}

/// Everyone present exactly once.
#[track_caller]
fn everyone_once(round: &Round, people: usize) {
    let mut seen: Vec<usize> = round.iter().flat_map(|g| g.0.iter().copied()).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..people).collect::<Vec<_>>());
}

#[test]
fn troika_for_thirteen_cues_every_phase_and_turns_the_client() {
    let mut run = Run::new(bundled("troika-consulting"), 13);
    let Body::Group(troika) = run.flow.session().steps[1].body.clone() else { panic!("a group step") };
    run.act(Action::Next);
    run.act(Action::Next);
    assert_eq!(run.part(), Some(Part::Changeover { round: 0 }));
    let first = run.round();
    everyone_once(&first, 13);
    let mut sizes: Vec<usize> = first.iter().map(|g| g.0.len()).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [3, 3, 3, 4], "13 in threes: one group of four");
    let mut clients = vec![0; 13];
    for round in 0..3 {
        if round > 0 {
            // The last phase waits for the facilitator; next starts the round with its cue.
            assert_eq!(run.act(Action::Next), 1, "round {round} starts with a chime");
        } else {
            assert_eq!(run.wait(60), 1, "the changeover hands over with one chime");
        }
        let groups = run.round();
        for (kept, was) in groups.iter().zip(&first) {
            let (mut a, mut b) = (kept.0.clone(), was.0.clone());
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "the same trios every round");
        }
        for group in &groups {
            clients[group.0[0]] += 1;
        }
        for (phase, p) in troika.phases.iter().enumerate() {
            assert_eq!(run.part(), Some(Part::Phase { round, phase }));
            assert_eq!(run.flow.cue(run.now), Some(Cue::Phase(phase)));
            let banner = run.banner().expect("a banner cues the phase");
            assert!(banner.contains(&p.title) && banner.contains(troika.who(phase)), "{banner}");
            assert_eq!(banner.contains(&format!("Round {}", round + 1)), phase == 0, "{banner}");
            let secs = p.duration.as_secs();
            assert_eq!(run.wait(secs - 1), 0, "nothing before the phase's time is up");
            assert_eq!(run.wait(1), 1, "one chime when it is: the next phase, or time up at the last");
        }
        assert_eq!(run.part(), Some(Part::Phase { round, phase: 3 }), "the last phase stays on screen");
        assert_eq!(run.wait(30), 0, "and chimes once only");
    }
    let trios: Vec<usize> = first.iter().filter(|g| g.0.len() == 3).flat_map(|g| g.0.clone()).collect();
    assert!(trios.iter().all(|&p| clients[p] == 1), "everyone in a trio is client once: {clients:?}");
    assert_eq!(clients.iter().sum::<usize>(), 12, "four groups, three rounds");
    assert_eq!(run.act(Action::Next), 0);
    assert_eq!(run.flow.step_index(), Some(2), "on to the closing");
}

#[test]
fn the_clients_and_consultants_are_named_on_screen() {
    let mut run = Run::new(bundled("troika-consulting"), 13);
    run.act(Action::JumpTo(1));
    run.wait(60);
    let content = ui::content(&run.flow, run.now);
    assert_eq!(content.big.as_deref(), Some("Client shares"));
    let groups = content.groups.expect("the groups");
    let ui::Marks::Roles { roles, acting } = &groups.marks else { panic!("roles beside the names") };
    assert_eq!(roles, &["client", "consultant"]);
    assert_eq!(acting, &[true, false, false, false], "the client acts in the first phase");
    let line = groups.plain(&groups.names[0]);
    assert!(line.starts_with("client ") && line.contains(" · consultant "), "{line}");
    run.wait(120);
    let content = ui::content(&run.flow, run.now);
    let ui::Marks::Roles { acting, .. } = content.groups.expect("the groups").marks else { panic!("roles") };
    assert_eq!(acting, [false, true, true, true], "the consultants ask the questions");
}

#[test]
fn one_two_four_all_for_twenty_four_joins_the_pairs_into_fours() {
    let mut run = Run::new(bundled("1-2-4-all"), 24);
    run.act(Action::JumpTo(1));
    assert_eq!(run.wait(60), 1, "alone: a minute, then the chime");
    run.act(Action::Next);
    assert_eq!(run.part(), Some(Part::Changeover { round: 0 }));
    let pairs = run.round();
    everyone_once(&pairs, 24);
    assert!(pairs.iter().all(|g| g.0.len() == 2), "twelve pairs");
    assert_eq!(run.wait(30), 1, "the pairs start with a chime");
    assert_eq!(run.part(), Some(Part::Phase { round: 0, phase: 0 }));
    assert_eq!(run.banner().as_deref(), Some("▶ Pairs"));
    assert_eq!(run.wait(120), 1, "two minutes, one chime");
    assert_eq!(run.act(Action::Next), 0, "on to the fours' changeover");
    assert_eq!((run.flow.step_index(), run.part()), (Some(3), Some(Part::Changeover { round: 0 })));
    let fours = run.round();
    everyone_once(&fours, 24);
    assert_eq!(fours.len(), 6);
    for four in &fours {
        assert_eq!(four.0.len(), 4);
        for pair in &pairs {
            let inside = pair.0.iter().filter(|p| four.0.contains(p)).count();
            assert!(inside == 0 || inside == 2, "{four:?} splits the pair {pair:?}");
        }
    }
    assert_eq!(run.wait(30), 1, "the fours start with a chime");
    assert_eq!(run.banner().as_deref(), Some("▶ Fours"));
    assert_eq!(run.wait(239), 0);
    assert_eq!(run.wait(1), 1, "four minutes, one chime");
    run.act(Action::Next);
    assert_eq!((run.flow.step_index(), run.part()), (Some(4), Some(Part::Whole)), "all together");
}

#[test]
fn a_room_that_shrinks_below_the_group_size_is_regrouped_and_told() {
    let mut run = Run::new(bundled("troika-consulting"), 4);
    run.act(Action::JumpTo(1));
    run.wait(60);
    assert_eq!(run.round().len(), 1, "four people: one group of four");
    for person in [0, 1] {
        run.flow.set_present(person, false);
    }
    run.wait(600);
    run.act(Action::Next);
    assert_eq!(run.part(), Some(Part::Phase { round: 1, phase: 0 }));
    let round = run.round();
    assert_eq!(round.len(), 1);
    let mut two = round[0].0.clone();
    two.sort_unstable();
    assert_eq!(two, [2, 3], "the two still here work together");
    let content = ui::content(&run.flow, run.now);
    let said: Vec<&str> = content.passages.iter().map(|p| p.text.as_str()).collect();
    assert!(said.iter().any(|t| t.contains("written for at least 3; with 2 here")), "{said:?}");
    run.flow.set_present(2, false);
    run.wait(600);
    run.act(Action::Next);
    assert_eq!(run.part(), Some(Part::Phase { round: 2, phase: 0 }));
    assert!(run.flow.groups().is_none(), "one person: no groups");
    let content = ui::content(&run.flow, run.now);
    assert!(content.passages.iter().any(|p| p.text.contains("Too few people")));
    for (w, h) in [(80, 24), (40, 12)] {
        let app = common::app(&run.flow, &common::screen(holdspace::model::View::Room, run.now, true));
        common::draw(&app, run.now, w, h);
    }
}
