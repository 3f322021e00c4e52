//! The socket between the windows of a session, over real Unix sockets in a temporary runtime
//! folder: what a follower receives, what the leader refuses, and that nothing a follower does
//! (stopping, garbage, coming and going a thousand times) can hold the leader up or make it grow.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use holdspace::app::Input;
use holdspace::flow::Action;
use holdspace::model::{App, Change, Role, View};
use holdspace::paths::Paths;
use holdspace::rehearsal::RunKind;
use holdspace::share::follower::{self, Refused};
use holdspace::share::leader::{Leader, Opening};
use holdspace::share::protocol::{self, About, Command, Hello, Request, Update};
use holdspace::share::runtime::Runtime;
use holdspace::share::{Event, Hub, Socket};

const KEY: &str = "s-0001";

/// A leading app on the bundled session with seven people, and its socket.
struct Lead {
    app: App,
    hub: Hub,
    inputs: Receiver<Input>,
    runtime: Runtime,
    now: Instant,
    _root: common::Sandbox,
}

fn hello(source: &str) -> Hello {
    let about = About {
        title: "The Medicine of Mutuality".into(),
        name: holdspace::session::BUNDLED.0.into(),
        started: chrono::Local::now(),
        pid: std::process::id(),
        kind: RunKind::Run,
        speed: 1,
        view: View::Room,
        start: None,
    };
    Hello { version: protocol::VERSION, about, source: source.into() }
}

impl Lead {
    fn start(name: &str) -> Self {
        let root = common::Sandbox::new(name);
        let runtime = Runtime::open(&Paths::under(&root.root)).expect("a runtime folder");
        let (tx, inputs) = mpsc::channel();
        let leader = Leader::open(&runtime, KEY, hello(holdspace::session::BUNDLED.1), tx).expect("the socket opens");
        let fixture = common::Fixture::new(common::bundled(), &common::names(7));
        let look = common::screen(View::Room, fixture.t0, false);
        let app = common::app(&fixture.flow, &look);
        Self { app, hub: Socket::Leading(leader).into(), inputs, runtime, now: fixture.t0, _root: root }
    }

    fn socket(&self) -> std::path::PathBuf {
        self.runtime.socket(KEY).expect("a socket path")
    }

    /// Takes in what the socket says for up to `wait`, carrying out followers' requests.
    fn serve(&mut self, wait: Duration) -> usize {
        let mut asked = 0;
        while let Ok(input) = self.inputs.recv_timeout(wait) {
            let Input::Share(event) = input else { continue };
            if let Some(msg) = self.hub.take(event, &self.app, self.now) {
                asked += 1;
                let effects = self.app.update(msg, self.now, chrono::Utc::now());
                if effects.contains(&holdspace::model::Effect::Publish) {
                    self.hub.publish(&self.app, self.now);
                }
            }
        }
        asked
    }

    fn change(&mut self, change: Change) {
        self.now += Duration::from_secs(1);
        self.app.change(change, self.now, chrono::Utc::now());
        self.hub.publish(&self.app, self.now);
    }

    fn followers(&self) -> usize {
        match &self.hub.socket {
            Socket::Leading(leader) => leader.followers(),
            _ => 0,
        }
    }
}

/// Joins as a follower and returns the greeting's reader after the first state.
fn join(lead: &mut Lead) -> follower::Joined {
    let socket = lead.socket();
    let folder = lead.runtime.folder().to_owned();
    let joining = std::thread::spawn(move || follower::join(&socket, &folder, None));
    // The greeting waits for the leader to take in the arrival.
    while !joining.is_finished() {
        lead.serve(Duration::from_millis(5));
    }
    joining.join().expect("the joining thread").expect("joined")
}

fn next_update(reader: &mut BufReader<UnixStream>) -> Update {
    protocol::receive::<Update>(reader, protocol::MAX_UPDATE).expect("readable").expect("an update")
}

#[test]
fn a_follower_gets_the_greeting_the_whole_state_and_every_change() {
    let mut lead = Lead::start("share-state");
    let mode = |p: &std::path::Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(lead.runtime.folder()), 0o700, "the folder is the user's alone");
    assert_eq!(mode(&lead.socket()), 0o600, "the socket too");
    let mut joined = join(&mut lead);
    assert_eq!(joined.hello.about.title, "The Medicine of Mutuality");
    let Update::State(first) = next_update(&mut joined.reader) else { panic!("a state first") };
    assert_eq!(*first, lead.app.shared(lead.now));
    lead.change(Change::Flow(Action::Next));
    let Update::State(second) = next_update(&mut joined.reader) else { panic!("a state") };
    assert_eq!(*second, lead.app.shared(lead.now), "the state as the leader has it");
    assert_eq!(second.save.flow.cursor, 1);
    // A key in the follower comes to the leader as the same change.
    protocol::send(&mut joined.stream, &Request::Do(Command::TogglePause)).expect("sent");
    assert_eq!(lead.serve(Duration::from_millis(200)), 1);
    let Update::State(paused) = next_update(&mut joined.reader) else { panic!("a state") };
    assert!(paused.save.flow.timers.iter().all(|(_, t)| !t.running), "paused in the follower's state too");
    // A reload (`--watch`) sends the new text, which the follower loads as the leader did.
    let text = holdspace::session::BUNDLED.1.replace("Vandana Shiva", "V. Shiva");
    lead.hub.reloaded(&text);
    let Update::Source { text: sent } = next_update(&mut joined.reader) else { panic!("the new text") };
    assert_eq!(sent, text);
    let (tx, _rx) = mpsc::channel();
    let link = holdspace::share::follower::Link::start(joined, lead.socket(), lead.runtime.folder().to_owned(), tx);
    let mut hub: Hub = Socket::Following(link).into();
    let msg = hub.take(holdspace::share::Event::Update(Update::Source { text }), &lead.app, lead.now);
    let Some(holdspace::model::Msg::Reloaded(Ok(session))) = msg else { panic!("a reload: {msg:?}") };
    let holdspace::session::Body::Quote { attribution, .. } = &session.steps[0].body else { panic!("a quote") };
    assert_eq!(attribution.as_deref(), Some("V. Shiva"));
}

#[test]
fn another_version_garbage_and_oversized_lines_are_refused_and_the_leader_goes_on() {
    let mut lead = Lead::start("share-garbage");
    let refusal = |lead: &mut Lead, bytes: &[u8]| -> String {
        let mut raw = UnixStream::connect(lead.socket()).expect("connects");
        raw.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
        // The other side may close before everything is written: that is a refusal too.
        let _ = raw.write_all(bytes);
        lead.serve(Duration::from_millis(100));
        let mut answer = String::new();
        let _ = raw.read_to_string(&mut answer);
        answer
    };
    let other = refusal(&mut lead, b"{\"join\":{\"version\":99}}\n");
    assert!(other.contains("refused") && other.contains("version 99"), "{other}");
    let garbage = refusal(&mut lead, b"\x1b[2J\xff\xfe not json\n");
    assert!(garbage.contains("refused"), "{garbage}");
    let mut huge = vec![b'x'; protocol::MAX_REQUEST + 10];
    huge.push(b'\n');
    let oversized = refusal(&mut lead, &huge);
    assert!(oversized.contains("longer than"), "{oversized}");
    // A joined follower that then sends garbage is dropped; the leader serves the next one.
    let mut joined = join(&mut lead);
    joined.stream.write_all(b"{\"do\":{\"command\":\"tick\"}}\n").expect("sent");
    lead.serve(Duration::from_millis(200));
    assert_eq!(lead.followers(), 0, "dropped");
    let mut again = join(&mut lead);
    assert!(matches!(next_update(&mut again.reader), Update::State(_)));
    assert_eq!(lead.followers(), 1);
}

/// A follower that stops reading (a stopped process, a full pipe) is dropped once its short queue
/// is full; publishing never waits for it.
#[test]
fn a_follower_that_stops_reading_is_dropped_and_never_holds_the_leader() {
    let mut lead = Lead::start("share-slow");
    let _stalled = join(&mut lead);
    let mut rounds = 0;
    while lead.followers() > 0 {
        lead.change(Change::Flow(Action::AddMinute));
        rounds += 1;
        assert!(rounds < 10_000, "still followed after {rounds} changes");
    }
    // A fresh join gets the whole state again.
    let mut back = join(&mut lead);
    let Update::State(state) = next_update(&mut back.reader) else { panic!("a state") };
    assert_eq!(*state, lead.app.shared(lead.now));
}

/// Twenty followers at once each get every change; a thousand comings and goings leave no
/// follower, thread or file behind.
#[test]
fn twenty_followers_and_a_thousand_comings_and_goings() {
    let mut lead = Lead::start("share-many");
    let mut all: Vec<follower::Joined> = (0..20).map(|_| join(&mut lead)).collect();
    assert_eq!(lead.followers(), 20);
    lead.change(Change::Flow(Action::Next));
    for joined in &mut all {
        assert!(matches!(next_update(&mut joined.reader), Update::State(_)), "the first state");
        let Update::State(state) = next_update(&mut joined.reader) else { panic!("the change") };
        assert_eq!(state.save.flow.cursor, 1);
    }
    drop(all);
    lead.serve(Duration::from_millis(300));
    assert_eq!(lead.followers(), 0);
    let threads = || {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|n| n.trim().parse::<usize>().ok())
    };
    let before = threads();
    for _ in 0..1000 {
        let joined = join(&mut lead);
        drop(joined);
    }
    lead.serve(Duration::from_millis(500));
    assert_eq!(lead.followers(), 0, "every one that left is gone");
    if let (Some(before), Some(after)) = (before, threads()) {
        assert!(after <= before + 2, "threads: {before} before, {after} after");
    }
    let files: Vec<_> = std::fs::read_dir(lead.runtime.folder()).expect("the folder").collect();
    assert_eq!(files.len(), 2, "the socket and its description, nothing more");
}

#[test]
fn a_follower_keys_ask_the_leader_and_a_read_only_one_only_watches() {
    let fixture = common::Fixture::new(common::bundled(), &common::names(7));
    let look = common::screen(View::Facilitator, fixture.t0, false);
    let mut app = common::app(&fixture.flow, &look);
    let wall = chrono::Utc::now();
    let right =
        ratatui_crossterm::crossterm::event::KeyEvent::from(ratatui_crossterm::crossterm::event::KeyCode::Right);
    app.role = Role::Follower { read_only: false };
    let effects = app.update(holdspace::model::Msg::Key(right), fixture.t0, wall);
    assert!(effects.contains(&holdspace::model::Effect::Send(Change::Flow(Action::Next))), "{effects:?}");
    assert_eq!(app.flow.position(), fixture.flow.position(), "nothing moves until the leader says so");
    assert!(!effects.iter().any(|e| matches!(e, holdspace::model::Effect::SaveJournal(_))), "no journal");
    app.role = Role::Follower { read_only: true };
    let effects = app.update(holdspace::model::Msg::Key(right), fixture.t0, wall);
    assert!(!effects.iter().any(|e| matches!(e, holdspace::model::Effect::Send(_))), "{effects:?}");
    assert!(app.window.notice.as_deref().is_some_and(|n| n.contains("only watches")));
}

/// `follow` joins through the connection that found the session running: its leader is
/// connected to once, and starts no thread for a look that a join follows at once.
#[test]
fn a_follower_joins_through_the_connection_that_found_the_run() {
    let mut lead = Lead::start("share-once");
    let mut found = lead.runtime.running();
    assert_eq!(found.len(), 1, "the run is found");
    let running = found.remove(0);
    assert_eq!(running.about.title, "The Medicine of Mutuality");
    let (socket, folder) = (lead.socket(), lead.runtime.folder().to_owned());
    let joining = std::thread::spawn(move || follower::join(&socket, &folder, Some(running.connection)));
    let mut arrived = Vec::new();
    while !joining.is_finished() {
        if let Ok(Input::Share(event)) = lead.inputs.recv_timeout(Duration::from_millis(5)) {
            if let holdspace::share::Event::Arrived(arrival) = &event {
                arrived.push(arrival.id);
            }
            let _ = lead.hub.take(event, &lead.app, lead.now);
        }
    }
    let joined = joining.join().expect("the joining thread").expect("joined");
    assert_eq!(joined.hello.about.title, "The Medicine of Mutuality");
    assert_eq!(arrived, [0], "the first and only connection the leader took is the one that joined");
}

#[test]
fn a_follower_of_another_version_is_told_so() {
    let (_root, runtime, socket) =
        fake_leader(b"{\"hello\":{\"version\":2,\"everything\":\"different\"}}\n".to_vec(), "share-version");
    match follower::join(&socket, runtime.folder(), None) {
        Err(Refused::Garbled(e)) => assert!(e.to_string().contains("version 2"), "{e}"),
        other => panic!("refused for its version: {other:?}"),
    }
}

/// A socket another user owns is never followed: it could be anyone's program pretending to be
/// a session. Making one takes the right to give files away (root); without it the case is
/// skipped, and says so.
#[test]
fn a_socket_another_user_owns_is_refused() {
    let root = common::Sandbox::new("share-owner");
    let runtime = Runtime::open(&Paths::under(&root.root)).expect("a runtime folder");
    let socket = runtime.socket(KEY).expect("a path");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bound");
    if let Err(e) = std::os::unix::fs::chown(&socket, Some(65534), None) {
        eprintln!("skipped: cannot give the socket to another user here ({e})");
        return;
    }
    match follower::join(&socket, runtime.folder(), None) {
        Err(Refused::Io(e)) => assert!(e.to_string().contains("another user"), "{e}"),
        other => panic!("refused: {other:?}"),
    }
}

/// A program at the socket that answers a join with `reply` and then holds the connection open
/// without a word, for longer than any follower waits.
fn fake_leader(reply: Vec<u8>, name: &str) -> (common::Sandbox, Runtime, std::path::PathBuf) {
    let root = common::Sandbox::new(name);
    let runtime = Runtime::open(&Paths::under(&root.root)).expect("a runtime folder");
    let socket = runtime.socket(KEY).expect("a path");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bound");
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut line = String::new();
            let _ = BufReader::new(stream.try_clone().expect("a clone")).read_line(&mut line);
            let _ = stream.write_all(&reply);
            std::thread::sleep(Duration::from_secs(30));
        }
    });
    (root, runtime, socket)
}

/// A leader that greets with `greeting` and then says nothing.
fn quiet_after(greeting: Hello, name: &str) -> (common::Sandbox, Runtime, std::path::PathBuf) {
    let mut reply = Vec::new();
    protocol::send(&mut reply, &Update::Hello(Box::new(greeting))).expect("encoded");
    fake_leader(reply, name)
}

/// The whole state follows a greeting at once; a program that greets and then says nothing is
/// given up on after the greeting's deadline, rather than waited for by a blank window forever.
#[test]
fn a_leader_that_greets_and_then_says_nothing_is_given_up_on() {
    let (_root, runtime, socket) = quiet_after(hello(holdspace::session::BUNDLED.1), "share-quiet");
    let mut joined = follower::join(&socket, runtime.folder(), None).expect("greeted");
    match protocol::receive::<Update>(&mut joined.reader, protocol::MAX_UPDATE) {
        Err(protocol::Garbled::Silent) => {}
        other => panic!("given up on for its silence: {other:?}"),
    }
}

/// A greeting whose run goes faster than any rehearsal may is refused: a follower would
/// otherwise redraw its clock as fast as it can.
#[test]
fn a_greeting_at_an_impossible_speed_is_refused() {
    let mut greeting = hello(holdspace::session::BUNDLED.1);
    greeting.about.speed = 100_000;
    let (_root, runtime, socket) = quiet_after(greeting, "share-speed");
    match follower::join(&socket, runtime.folder(), None) {
        Err(Refused::Garbled(e)) => assert!(e.to_string().contains("100000 times real time"), "{e}"),
        other => panic!("refused for its speed: {other:?}"),
    }
}

/// Connections that never greet, or trickle a byte at a time, cannot take the leader's threads
/// and descriptors: past a bound a new one is refused at once, a trickle is cut at the
/// greeting's one deadline, and a real follower joins once they are gone.
#[test]
fn connections_that_never_greet_are_bounded_and_cut() {
    let mut lead = Lead::start("share-flood");
    let silent: Vec<UnixStream> = (0..300).map(|_| UnixStream::connect(lead.socket()).expect("connects")).collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut refused = 0;
    for mut raw in &silent {
        raw.set_nonblocking(true).expect("non-blocking");
        let mut answer = [0u8; 256];
        if let Ok(n @ 1..) = raw.read(&mut answer) {
            let answer = String::from_utf8_lossy(&answer[..n]);
            assert!(answer.contains("too many windows are joining"), "{answer}");
            refused += 1;
        }
    }
    assert!(refused > 0 && silent.len() - refused <= 200, "{} connections were read at once", silent.len() - refused);
    drop(silent);
    // A connection that sends a space a second never finishes its greeting: it is cut.
    let mut trickle = UnixStream::connect(lead.socket()).expect("connects");
    trickle.set_read_timeout(Some(Duration::from_millis(900))).expect("a timeout");
    let mut answer = String::new();
    for _ in 0..30 {
        if trickle.write_all(b" ").is_err() {
            break;
        }
        let mut chunk = [0u8; 4096];
        if let Ok(n @ 1..) = trickle.read(&mut chunk) {
            answer.push_str(&String::from_utf8_lossy(&chunk[..n]));
            break;
        }
    }
    assert!(answer.contains("said nothing in time"), "the trickle was not cut: {answer:?}");
    let mut joined = join(&mut lead);
    assert!(matches!(next_update(&mut joined.reader), Update::State(_)));
}

/// A run whose socket cannot be made (here the runtime folder's path is too long for a socket's
/// address) goes on alone, and says why where the facilitator reads it, not only in the log.
#[test]
fn a_leader_that_cannot_open_its_socket_says_so() {
    let root = common::Sandbox::new("share-alone");
    let deep = root.root.join("x".repeat(120));
    let (tx, inputs) = mpsc::channel();
    let opening = Opening {
        paths: Paths::under(&deep),
        key: KEY.into(),
        hello: hello(holdspace::session::BUNDLED.1),
        inputs: tx,
    };
    assert!(opening.open().is_none(), "no socket at such a path");
    let Ok(Input::Share(event @ Event::Alone(_))) = inputs.try_recv() else { panic!("the loop is told") };
    let fixture = common::Fixture::new(common::bundled(), &common::names(7));
    let mut app = common::app(&fixture.flow, &common::screen(View::Facilitator, fixture.t0, false));
    let mut hub: Hub = Socket::Alone.into();
    let msg = hub.take(event, &app, fixture.t0).expect("a message for the model");
    app.update(msg, fixture.t0, common::wall(&app, fixture.t0));
    let notice = app.window.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("no other window can follow this run:"), "{notice}");
}
