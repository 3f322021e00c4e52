//! The pages' server (`--serve`) over real TCP on 127.0.0.1, spoken to with the standard library:
//! what each token opens (and that a wrong one finds nothing), the stream of states and that it
//! says what the terminal says, actions, and every limit on what a client may send or hold.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use holdspace::app::Input;
use holdspace::flow::Action;
use holdspace::model::{App, Change, Msg, View};
use holdspace::serve::{self, Server, Tokens, page};
use holdspace::share::Hub;
use holdspace::share::protocol::Command;

/// A leading app on the bundled session with seven people, served to pages.
struct Served {
    app: App,
    hub: Hub,
    inputs: Receiver<Input>,
    addr: SocketAddr,
    tokens: Tokens,
    now: Instant,
}

impl Served {
    fn start() -> Self {
        Self::with(common::bundled(), &common::names(7))
    }

    fn with(session: holdspace::session::Session, people: &[String]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let addr = listener.local_addr().expect("an address");
        let (tx, inputs) = mpsc::channel();
        let tokens = Tokens::random();
        let server = Server::start(listener, tokens.clone(), tx, None).expect("serving");
        let fixture = common::Fixture::new(session, people);
        let look = common::screen(View::Room, fixture.t0, false);
        let app = common::app(&fixture.flow, &look);
        let hub = Hub { web: Some(server), ..Hub::default() };
        Self { app, hub, inputs, addr, tokens, now: fixture.t0 }
    }

    /// Takes in what the pages said within `wait`: new pages get the state, actions are made.
    fn serve(&mut self, wait: Duration) -> Vec<Msg> {
        let mut msgs = Vec::new();
        while let Ok(input) = self.inputs.recv_timeout(wait) {
            let Input::Share(event) = input else { continue };
            if let Some(msg) = self.hub.take(event, &self.app, self.now) {
                self.app.update(msg.clone(), self.now, chrono::Utc::now());
                self.hub.refresh(&self.app, self.now);
                msgs.push(msg);
            }
        }
        msgs
    }

    fn change(&mut self, change: Change) {
        self.now += Duration::from_secs(1);
        self.app.change(change, self.now, chrono::Utc::now());
        self.hub.refresh(&self.app, self.now);
    }

    /// One raw request; the whole answer.
    fn raw(&self, request: &[u8]) -> String {
        let mut stream = TcpStream::connect(self.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn get(&self, target: &str) -> String {
        self.raw(format!("GET {target} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).as_bytes())
    }

    fn post(&self, token: &str, body: &str, extra: &str) -> String {
        let request = format!(
            "POST /action HTTP/1.1\r\nHost: {}\r\n{}: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n{body}",
            self.addr,
            serve::TOKEN_HEADER,
            body.len()
        );
        self.raw(request.as_bytes())
    }

    /// Opens a stream of events with `token`, and reads its first state once the loop sent it.
    fn watch(&mut self, token: &str) -> (BufReader<TcpStream>, serde_json::Value) {
        let mut stream = TcpStream::connect(self.addr).expect("connects");
        stream.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
        write!(stream, "GET /events?token={token} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).expect("asks");
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).expect("a status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        self.serve(Duration::from_millis(300));
        let state = next_state(&mut reader);
        (reader, state)
    }
}

/// The next state on a stream of events.
fn next_state(reader: &mut BufReader<TcpStream>) -> serde_json::Value {
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).expect("reads") > 0, "the stream ended");
        if let Some(data) = line.strip_prefix("data: ") {
            assert!(!data.contains('<'), "markup characters are escaped: {data}");
            return serde_json::from_str(data).expect("a state is JSON");
        }
    }
}

fn status(answer: &str) -> u16 {
    answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn each_token_opens_its_pages_and_nothing_else_is_there() {
    let served = Served::start();
    let (view, control) = (served.tokens.view.clone(), served.tokens.control.clone());
    for (path, view_opens) in [("/room", true), ("/remote", false), ("/facilitator", false), ("/app.js", true)] {
        assert_eq!(status(&served.get(&format!("{path}?token={control}"))), 200, "{path} with the control token");
        let with_view = status(&served.get(&format!("{path}?token={view}")));
        assert_eq!(with_view, if view_opens { 200 } else { 404 }, "{path} with the view token");
        for wrong in
            [String::new(), "?token=".into(), format!("?token={}", &control[1..]), format!("?token={control}x")]
        {
            assert_eq!(status(&served.get(&format!("{path}{wrong}"))), 404, "{path}{wrong}");
        }
    }
    // A path that does not exist looks exactly like a page without its token.
    assert_eq!(served.get("/nothing"), served.get("/remote"));
    let page = served.get(&format!("/remote?token={control}"));
    assert!(page.contains("Content-Security-Policy: default-src 'none'; script-src 'self'"), "{page}");
    assert!(page.contains("Referrer-Policy: no-referrer"));
    assert_eq!(status(&served.get(&format!("/action?token={control}"))), 405, "an action is a POST");
}

#[test]
fn an_action_needs_the_control_token_in_its_header_and_moves_the_session() {
    let mut served = Served::start();
    let (view, control) = (served.tokens.view.clone(), served.tokens.control.clone());
    assert_eq!(status(&served.post(&view, r#"{"command":"next"}"#, "")), 404, "a view token never controls");
    let in_query = format!(
        "POST /action?token={control} HTTP/1.1\r\nHost: {}\r\nContent-Length: 18\r\n\r\n{{\"command\":\"next\"}}",
        served.addr
    );
    assert_eq!(status(&served.raw(in_query.as_bytes())), 404, "a token in the address does not act");
    let elsewhere = "Origin: http://evil.example\r\n";
    assert_eq!(status(&served.post(&control, r#"{"command":"next"}"#, elsewhere)), 404, "another site's page");
    assert_eq!(status(&served.post(&control, r#"{"command":"tick"}"#, "")), 400, "not a command");
    assert!(served.serve(Duration::from_millis(200)).is_empty(), "nothing refused reached the loop");
    assert_eq!(status(&served.post(&control, r#"{"command":"next"}"#, "")), 204);
    let origin = format!("Origin: http://{}\r\n", served.addr);
    assert_eq!(status(&served.post(&control, r#"{"command":"blank","shade":"white"}"#, &origin)), 204);
    let msgs = served.serve(Duration::from_millis(300));
    assert_eq!(msgs, [Msg::Remote(Command::Next.change()), Msg::Remote(Change::Blank(holdspace::model::Shade::White))]);
    assert!(served.app.flow.step_index() == Some(0) && served.app.room.blank.is_some());
}

#[test]
fn a_page_receives_what_the_terminal_shows_on_joining_and_on_every_change_only() {
    let mut served = Served::start();
    let (view, control) = (served.tokens.view.clone(), served.tokens.control.clone());
    let (mut room, first) = served.watch(&view);
    assert_eq!(first["screen"], "welcome");
    assert!(first.get("notes").is_none(), "the room page gets no notes");
    served.change(Change::Flow(Action::Next));
    let state = next_state(&mut room);
    // The page's state is the terminal's: the same content, the same timer.
    let expected = page::Room::of(&served.app, served.now);
    assert_eq!(state, serde_json::from_str::<serde_json::Value>(&page::json(&expected)).expect("JSON"));
    let content = holdspace::ui::content(&served.app.flow, served.now);
    assert_eq!(state["header"], content.header);
    assert_eq!(state["passages"][0]["text"], content.passages[0].text);
    let timer = served.app.flow.timer_view(served.now).expect("a timer");
    assert_eq!(state["timer"]["digits"], holdspace::ui::timer_text(timer.secs, timer.status).0);
    // Time passing alone sends nothing; a pause does.
    served.now += Duration::from_secs(5);
    served.hub.refresh(&served.app, served.now);
    served.change(Change::Flow(Action::TogglePause));
    let paused = next_state(&mut room);
    assert_eq!(paused["timer"]["status"], "paused", "the next state sent is the pause, not a tick");
    // The control token's stream has the notes and the schedule.
    let (_desk, desk) = served.watch(&control);
    let notes = served.app.flow.current_step().and_then(|s| s.notes.clone());
    assert_eq!(desk["notes"].as_str().map(str::to_owned), notes);
    assert_eq!(desk["schedule"].as_array().map(Vec::len), Some(served.app.flow.session().steps.len()));
}

#[test]
fn markup_in_the_session_and_the_roster_reaches_pages_as_escaped_text() {
    let hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>&amp;";
    let source = format!(
        "[session]\ntitle = \"{hostile}\"\n\n[[step]]\nkind = \"quote\"\ntext = \"{hostile}\"\nduration = \"1m\"\nnotes = \"{hostile}\"\n\n[[step]]\nkind = \"pair-share\"\nprompt = \"p\"\nturn = \"1m\"\nrounds = 1\n"
    );
    let session = holdspace::session::from_str(&source, "hostile.toml").expect("loads");
    let people: Vec<String> = (0..4).map(|i| format!("<b>{i}</b>\"'`")).collect();
    let mut served = Served::with(session, &people);
    let control = served.tokens.control.clone();
    let (mut desk, first) = served.watch(&control);
    assert_eq!(first["room"]["title"], hostile, "the text arrives whole, as text");
    served.change(Change::Flow(Action::Next));
    let quote = next_state(&mut desk);
    assert!(quote["room"]["passages"][0]["text"].as_str().is_some_and(|t| t.contains(hostile)));
    served.change(Change::Flow(Action::Next));
    let pairs = next_state(&mut desk);
    assert!(pairs["room"]["groups"]["names"].to_string().contains("<b>0</b>"));
}

#[test]
fn oversized_malformed_and_escaped_requests_are_refused() {
    let served = Served::start();
    let control = served.tokens.control.clone();
    let huge = format!("GET /room?token={control} HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(10_000));
    assert_eq!(status(&served.raw(huge.as_bytes())), 431);
    let many = "X-Many: y\r\n".repeat(40);
    assert_eq!(status(&served.raw(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes())), 431);
    let body = "x".repeat(serve::http::BODY + 1);
    assert_eq!(status(&served.post(&control, &body, "")), 413);
    assert_eq!(status(&served.raw(b"\x00\x01garbage\r\n\r\n")), 400);
    let chunked = format!(
        "POST /action HTTP/1.1\r\n{}: {control}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        serve::TOKEN_HEADER
    );
    assert_eq!(status(&served.raw(chunked.as_bytes())), 400);
    for path in ["/../room", "/%72oom", "/room/..", "/room%00", "/r\\oom"] {
        assert_eq!(status(&served.get(&format!("{path}?token={control}"))), 400, "{path}");
    }
}

#[test]
fn a_client_sending_a_byte_at_a_time_is_cut_off() {
    let served = Served::start();
    let mut slow = TcpStream::connect(served.addr).expect("connects");
    slow.set_read_timeout(Some(Duration::from_secs(30))).expect("a timeout");
    let request = b"GET /room HTTP/1.1\r\n";
    let mut cut = false;
    for byte in request.iter().cycle().take(60) {
        if slow.write_all(&[*byte]).is_err() {
            cut = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let mut rest = Vec::new();
    // The server closed its end without an answer: the read ends (or fails, once it reset).
    let ended = slow.read_to_end(&mut rest).is_ok_and(|n| n == 0) || cut;
    assert!(ended || rest.is_empty(), "a trickle got {:?}", String::from_utf8_lossy(&rest));
    assert_eq!(status(&served.get(&format!("/room?token={}", served.tokens.view))), 200, "others are served");
}

#[test]
fn two_hundred_connections_at_once_are_capped_and_the_session_goes_on() {
    let mut served = Served::start();
    let idle: Vec<TcpStream> = (0..200).filter_map(|_| TcpStream::connect(served.addr).ok()).collect();
    assert!(idle.len() >= serve::CONNECTIONS, "the connections were made");
    // Those past the cap are closed at once.
    let mut closed = 0;
    for mut stream in idle.iter().skip(serve::CONNECTIONS + 10) {
        stream.set_read_timeout(Some(Duration::from_secs(10))).expect("a timeout");
        let mut byte = [0u8; 1];
        if matches!(stream.read(&mut byte), Ok(0) | Err(_)) {
            closed += 1;
        }
    }
    assert!(closed > 0, "connections past the cap were closed");
    drop(idle);
    // Once they are gone, pages are served and actions taken as before.
    let control = served.tokens.control.clone();
    let mut taken = false;
    for _ in 0..50 {
        if status(&served.post(&control, r#"{"command":"next"}"#, "")) == 204 {
            taken = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(taken, "an action after the flood");
    assert_eq!(served.serve(Duration::from_millis(300)).len(), 1);
}

#[test]
fn a_page_that_stops_reading_is_dropped_and_the_others_are_not_held_up() {
    let mut served = Served::start();
    let view = served.tokens.view.clone();
    let (_stalled, _) = served.watch(&view);
    let (mut reading, _) = served.watch(&view);
    // The stalled page's socket buffers fill first (some megabytes), then its queue.
    let watching = |served: &Served| served.hub.web.as_ref().map(Server::watching);
    for i in 0..50_000 {
        if watching(&served) == Some(1) {
            break;
        }
        served.change(if i % 2 == 0 { Change::Blank(holdspace::model::Shade::Black) } else { Change::Unblank });
        let _ = next_state(&mut reading);
    }
    assert_eq!(watching(&served), Some(1), "the stalled page was dropped");
    served.change(Change::Flow(Action::Next));
    assert_eq!(next_state(&mut reading)["screen"], "step", "the page that reads is served on");
}

#[test]
fn addresses_to_serve_on_are_read_or_refused() {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let read = |text: &str| text.parse::<serve::Spec>();
    let local = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
    assert_eq!(read("127.0.0.1"), Ok(serve::Spec { ip: local, port: None }));
    assert_eq!(read(":8000"), Ok(serve::Spec { ip: local, port: Some(8000) }));
    assert_eq!(read("lan"), Ok(serve::Spec { ip: None, port: None }));
    assert_eq!(read("lan:9000"), Ok(serve::Spec { ip: None, port: Some(9000) }));
    assert_eq!(read("[::1]:80"), Ok(serve::Spec { ip: Some(IpAddr::V6(Ipv6Addr::LOCALHOST)), port: Some(80) }));
    assert_eq!(read("::1"), Ok(serve::Spec { ip: Some(IpAddr::V6(Ipv6Addr::LOCALHOST)), port: None }));
    for wrong in ["", "example.com", "lan:x", "1.2.3.4:99999", "127.0.0.1:"] {
        assert!(read(wrong).is_err(), "{wrong}");
    }
    let a = Tokens::random();
    let b = Tokens::random();
    assert!(a.view != a.control && a.view != b.view && a.view.len() >= 24, "tokens are long, random and distinct");
    assert_eq!(a.access(&a.control), serve::Access::Control);
    assert_eq!(a.access(&a.view), serve::Access::View);
    assert_eq!(a.access(&b.control), serve::Access::None);
}

#[test]
fn the_links_show_as_qr_codes_the_room_s_alone_on_the_projector() {
    use ratatui_core::buffer::Buffer;
    let text = |buf: &Buffer| {
        let area = buf.area;
        (area.y..area.bottom())
            .map(|y| (area.x..area.right()).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut served = Served::start();
    let links = served.hub.web.as_ref().map(|w| w.links().clone());
    served.app.window.links = links.clone();
    let links = links.expect("links");
    served.app.window.mode = holdspace::model::Mode::Links;
    let room = text(common::draw(&served.app, served.now, 80, 24).backend().buffer());
    assert!(room.contains('█') && room.contains("the room's page"), "{room}");
    assert!(!room.contains("remote"), "the projector shows no control link:\n{room}");
    assert!(room.replace('\n', "").contains(&served.tokens.view), "the address is written out too:\n{room}");
    served.app.window.view = View::Facilitator;
    let desk = text(common::draw(&served.app, served.now, 120, 40).backend().buffer());
    assert!(desk.contains("the room's page") && desk.contains("the remote"), "{desk}");
    // A window too small for a code gets the addresses as words.
    let small = text(common::draw(&served.app, served.now, 60, 16).backend().buffer());
    assert!(small.contains("http://") && !small.contains('█'), "{small}");
    assert!(links.room.contains(&served.tokens.view) && links.remote.contains(&served.tokens.control));
}
