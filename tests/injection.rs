//! Terminal injection, checked at the byte level: a session file (and a roster) whose every text
//! carries escape sequences (OSC 52 clipboard writes, OSC 0 window titles, OSC 8 hyperlinks,
//! CSI 2J, BEL, their 8-bit C1 forms) and a right-to-left override. Whatever reaches the
//! terminal (every screen drawn through crossterm, the window title, what `check` and `export`
//! print) carries none of them.

mod common;

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::rc::Rc;
use std::time::{Duration, Instant};

use holdspace::flow::{Action, Flow, Plan, Position};
use holdspace::model::{Field, Mode, Shade, View};
use holdspace::sanitize;
use holdspace::session::{self, Body, Session};
use holdspace::ui;
use ratatui_core::layout::Rect;
use ratatui_core::terminal::{Terminal, TerminalOptions, Viewport};
use ratatui_crossterm::CrosstermBackend;

const BIN: &str = env!("CARGO_BIN_EXE_holdspace");

/// Each attack as it is written in a TOML basic string (`\u` escapes) and as the text it becomes.
const ATTACKS: [(&str, &str, &str); 8] = [
    ("OSC 52 clipboard", "\\u001b]52;c;aGVsbG8=\\u0007", "\u{1b}]52;c;aGVsbG8=\u{7}"),
    ("OSC 0 title", "\\u001b]0;pwned\\u0007", "\u{1b}]0;pwned\u{7}"),
    (
        "OSC 8 hyperlink",
        "\\u001b]8;;https://evil.example/\\u001b\\\\click\\u001b]8;;\\u001b\\\\",
        "\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    ),
    ("CSI 2J", "\\u001b[2J", "\u{1b}[2J"),
    ("BEL", "\\u0007", "\u{7}"),
    ("C1 CSI 2J", "\\u009b2J", "\u{9b}2J"),
    ("C1 OSC", "\\u009d0;x\\u009c", "\u{9d}0;x\u{9c}"),
    ("right-to-left override", "\\u202e", "\u{202e}"),
];

/// What must never be written to the terminal.
const FORBIDDEN: [(&str, &str); 8] = [
    ("OSC (ESC ])", "\u{1b}]"),
    ("string terminator (ESC \\)", "\u{1b}\\"),
    ("BEL", "\u{7}"),
    ("CSI 2J", "\u{1b}[2J"),
    ("C1 CSI", "\u{9b}"),
    ("C1 OSC", "\u{9d}"),
    ("C1 ST", "\u{9c}"),
    ("right-to-left override", "\u{202e}"),
];

/// Every attack, escaped for TOML.
fn escaped() -> String {
    ATTACKS.iter().map(|(_, toml, _)| *toml).collect()
}

/// Every attack, as raw text.
fn raw() -> String {
    ATTACKS.iter().map(|(_, _, text)| *text).collect()
}

/// `marker` between attacks, as a TOML string: the marker shows the text reached the output.
fn field(marker: &str) -> String {
    let p = escaped();
    format!("\"{p}{marker} {p} end{p}\"")
}

/// A session with an attack in every text, written with `\u` escapes.
fn hostile_session() -> String {
    // Names are at most 100 characters: one set of attacks, then the marker.
    let name = format!("\"{}Wname\"", escaped());
    format!(
        r#"format = 1

[session]
title = {title}
subtitle = {subtitle}
author = {author}
source = {source}

[participants]
names = [{name}, "Ben", "Chidi", "Dara"]

[[step]]
kind = "quote"
title = {quote_title}
text = {quote}
attribution = {attribution}
duration = "1m"
notes = {notes}

[[step]]
kind = "reflection"
title = {reflection_title}
prompt = {prompt}
questions = [{question1}, {question2}]
duration = "2m"
notes = {notes}

[[step]]
kind = "pair-share"
title = {pairs_title}
prompt = {pairs_prompt}
turn = "1m"
rounds = 2
notes = {notes}

[[step]]
kind = "closing"
questions = [{closing}]
reveal = "all"
duration = "1m"

[[step]]
kind = "text"
text = {text}
duration = "30s"
notes = {notes}

[[step]]
kind = "group"
title = {group_title}
prompt = {group_prompt}
size = 2
roles = [{role}]
notes = {notes}

[[step.phase]]
title = {phase_title}
who = {role}
duration = "1m"
text = {phase_text}
notes = {notes}
"#,
        title = field("Wtitle"),
        subtitle = field("Wsubtitle"),
        author = field("Wauthor"),
        source = field("Wsource"),
        quote_title = field("Wquotetitle"),
        quote = field("Wquote"),
        attribution = field("Wattribution"),
        notes = field("Wnotes"),
        reflection_title = field("Wreflection"),
        prompt = field("Wprompt"),
        question1 = field("Wquestionone"),
        question2 = field("Wquestiontwo"),
        pairs_title = field("Wpairs"),
        pairs_prompt = field("Wpairprompt"),
        closing = field("Wclosing"),
        text = field("Wtext"),
        group_title = field("Wgroup"),
        group_prompt = field("Wgroupprompt"),
        role = format!("\"{}Wrole\"", escaped()),
        phase_title = field("Wphase"),
        phase_text = field("Wphasetext"),
    )
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for (name, seq) in FORBIDDEN {
        if let Some(at) = text.find(seq) {
            let context: String = text[..at].chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            let after: String = text[at..].chars().take(40).collect();
            panic!("{what}: {name} leaked at byte {at}: {context:?} + {after:?}");
        }
    }
}

fn loaded() -> Session {
    session::from_str(&hostile_session(), "hostile.toml").unwrap_or_else(|d| panic!("the hostile session loads:\n{d}"))
}

#[test]
fn every_text_of_the_loaded_session_is_clean() {
    let s = loaded();
    let mut texts: Vec<&String> = vec![&s.title];
    texts.extend(s.subtitle.iter().chain(&s.author).chain(&s.source).chain(&s.participants));
    for step in &s.steps {
        texts.push(&step.title);
        texts.extend(&step.notes);
        match &step.body {
            Body::Quote { text, attribution, .. } => texts.extend(std::iter::once(text).chain(attribution)),
            Body::Text { text, .. } => texts.push(text),
            Body::Reflection(q) | Body::Closing(q) => texts.extend(q.questions.iter().chain(&q.prompt)),
            Body::PairShare(p) => texts.push(&p.prompt),
            Body::Group(g) => {
                texts.extend(std::iter::once(&g.prompt).chain(&g.roles));
                texts.extend(g.phases.iter().flat_map(|p| std::iter::once(&p.title).chain(&p.text).chain(&p.notes)));
            }
        }
    }
    assert_eq!(texts.len(), 32, "every text of the session is looked at");
    for text in &texts {
        assert!(!text.chars().any(|c| c != '\n' && sanitize::is_hidden(c)), "not cleaned: {text:?}");
    }
    // What is left of the attacks once the controls are gone: harmless printable text.
    let remains = "]52;c;aGVsbG8=]0;pwned]8;;https://evil.example/\\click]8;;\\[2J2J0;x";
    let hostile = texts.iter().filter(|t| t.starts_with(remains) && t.contains('W')).count();
    assert_eq!(hostile, 27, "each of the 27 hostile texts keeps its words, less the controls");
}

/// The bytes a terminal would receive. `CrosstermBackend::writer` is behind ratatui's
/// `unstable-backend-writer` feature, so the test keeps its own handle on the buffer.
#[derive(Clone, Default)]
struct Captured(Rc<RefCell<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws one frame through crossterm into memory and returns the bytes written. A fixed
/// viewport keeps ratatui from asking a real terminal for its size.
fn crossterm_bytes(flow: &Flow, screen: &common::Look, now: Instant, width: u16, height: u16) -> String {
    let app = common::app(flow, screen);
    let captured = Captured::default();
    let backend = CrosstermBackend::new(captured.clone());
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let mut terminal = Terminal::with_options(backend, TerminalOptions { viewport }).expect("a terminal in memory");
    terminal.draw(|frame| ui::draw(frame.buffer_mut(), &app, now)).expect("writing to memory never fails");
    drop(terminal);
    let bytes = captured.0.take();
    String::from_utf8(bytes).expect("crossterm writes UTF-8")
}

/// Walks `flow` through every screen, drawing each in both views with every overlay at several
/// sizes, checking every frame and the window title. Returns everything written, for markers.
fn draw_everything(mut flow: Flow, banner: Option<&str>, typing: Option<&str>) -> String {
    let t0 = Instant::now();
    let mut now = t0;
    let mut all = String::new();
    let positions = Plan::new(flow.session()).positions().len();
    let steps = flow.session().steps.len();
    for p in 0..positions {
        let here = flow.position();
        let title = ui::window_title(&flow, now);
        assert!(
            !title.chars().any(|c| c.is_control() || sanitize::is_hidden(c)),
            "window title at {here:?}: {title:?}"
        );
        assert_clean("window title", &title);
        let selected = flow.step_index().unwrap_or(p % steps);
        let roster_selected = p % flow.roster().len().max(1);
        let roster = match typing {
            Some(text) => {
                Mode::Typing { field: Field::LateArrival { selected: roster_selected }, text: text.to_owned() }
            }
            None => Mode::Roster { selected: roster_selected },
        };
        let overlays = [
            Mode::Normal,
            Mode::Help,
            Mode::Agenda { selected },
            roster,
            Mode::ConfirmQuit,
            Mode::Away { secs: 3_725 },
        ];
        for view in [View::Room, View::Facilitator] {
            for colour in [true, false] {
                for overlay in &overlays {
                    let mut screen = common::screen(view, t0, colour);
                    screen.mode = overlay.clone();
                    screen.notice = banner.map(str::to_owned);
                    // 250 columns: the hostile names are long, and show whole only in a wide window.
                    for (w, h) in [(250, 60), (120, 40), (80, 24), (40, 12), (20, 5)] {
                        let bytes = crossterm_bytes(&flow, &screen, now, w, h);
                        assert_clean(&format!("{here:?} {view:?} {overlay:?} at {w}x{h}"), &bytes);
                        all.push_str(&bytes);
                    }
                }
            }
        }
        for shade in [Shade::Black, Shade::White] {
            let mut screen = common::screen(View::Room, t0, true);
            screen.blank = Some(shade);
            assert_clean("a blank screen", &crossterm_bytes(&flow, &screen, now, 80, 24));
        }
        now += Duration::from_secs(75);
        flow.apply(Action::Tick, now);
        flow.apply(Action::Next, now);
    }
    assert_eq!(flow.position(), Position::End);
    all
}

#[test]
fn no_screen_writes_an_escape_from_the_session_or_the_roster() {
    let session = loaded();
    // The roster as `run` builds it: the session's participants, then a late arrival.
    let roster = session.participants.clone();
    let mut flow = Flow::new(session, roster, 7);
    // One attack a name: names are at most 100 characters.
    assert!(flow.add_person(&format!("{}Wlate", raw())).is_ok(), "a late arrival with a hostile name");
    let written = draw_everything(flow, None, None);
    for marker in [
        "Wtitle",
        "Wsubtitle",
        "Wsource",
        "Wname",
        "Wlate",
        "Wquotetitle",
        "Wquote",
        "Wattribution",
        "Wnotes",
        "Wreflection",
        "Wprompt",
        "Wquestionone",
        "Wquestiontwo",
        "Wpairs",
        "Wpairprompt",
        "Wclosing",
        "Wtext",
    ] {
        assert!(written.contains(marker), "{marker} was never drawn: the test would not see a leak there");
    }
    assert!(written.contains("]0;pwned"), "the harmless remains of the attack are drawn as text");
}

#[test]
fn a_roster_file_with_escapes_is_cleaned_before_it_is_drawn() {
    // One attack a name: names are at most 100 characters.
    let file = format!("Wfile {0}one\nsecond {0}\nthird\n", raw());
    let roster = holdspace::roster::from_text(&file, "people.txt").expect("the roster loads");
    assert!(roster.iter().all(|n| !n.chars().any(sanitize::is_hidden)), "names are cleaned: {roster:?}");
    let written = draw_everything(Flow::new(loaded(), roster, 3), None, None);
    assert!(written.contains("Wfile"));
}

/// Defence in depth: text that never went through the sanitizer (a roster handed straight to
/// `Flow::new`, a banner, a name being typed) still cannot drive the terminal.
#[test]
fn text_that_skipped_the_sanitizer_still_writes_no_escape() {
    let hostile = raw();
    let roster: Vec<String> = (0..5).map(|i| format!("{hostile}Wraw{i}{hostile}")).collect();
    let banner = format!("{hostile}Wbanner{hostile}");
    let typing = format!("{hostile}Wtyping");
    let written = draw_everything(Flow::new(loaded(), roster, 5), Some(&banner), Some(&typing));
    for marker in ["Wraw0", "Wbanner", "Wtyping"] {
        assert!(written.contains(marker), "{marker} was never drawn");
    }
}

/// A folder of its own for the files one test writes, removed at the end.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("holdspace-injection-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write a test file");
        path
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn holdspace(args: &[&str]) -> Output {
    let sandbox = common::Sandbox::new("injection");
    sandbox.command(BIN).args(args).env("NO_COLOR", "1").output().expect("the binary runs")
}

/// Standard output and error together, as text.
fn printed(output: &Output) -> String {
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    text
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn check_and_export_print_no_escape() {
    let folder = Folder::new("escaped");
    let file = folder.write("hostile.toml", &hostile_session());
    let people = folder.write("people.txt", &format!("{}Wperson\nBen\nChidi\n", raw()));
    for format in ["text", "json"] {
        let out = holdspace(&["check", "--format", format, arg(&file)]);
        assert_clean(&format!("check --format {format}"), &printed(&out));
        assert!(out.status.success(), "the hostile session is valid: {}", printed(&out));
    }
    let plan = holdspace(&["export", arg(&file), "--start", "14:00", "--people", arg(&people), "--seed", "3"]);
    assert!(plan.status.success(), "{}", printed(&plan));
    let plan = printed(&plan);
    assert_clean("export", &plan);
    for marker in ["Wtitle", "Wsource", "Wquote", "Wattribution", "Wquestionone", "Wpairprompt", "Wnotes", "Wperson"] {
        assert!(plan.contains(marker), "{marker} is in the plan");
    }
    let handout = holdspace(&["export", "--handout", arg(&file)]);
    assert!(handout.status.success(), "{}", printed(&handout));
    let handout = printed(&handout);
    assert_clean("export --handout", &handout);
    assert!(handout.contains("Wquestiontwo"));
}

/// The session with the characters TOML allows as they are (C1 controls and the override) typed
/// straight into the file, and where each one is: (line, column, code point).
fn literal_session() -> (String, Vec<(usize, usize, u32)>) {
    let text = "[session]\ntitle = \"Plain \u{202e}reversed\u{9b}2J\"\nsource = \"x\u{9d}0;x\u{9c}y\"\n\n[[step]]\nkind = \"text\"\ntext = \"go \u{202e}\u{202e}\"\nduration = \"1m\"\n".to_owned();
    let mut found = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        for (col, c) in line.chars().enumerate() {
            if sanitize::is_hidden(c) {
                found.push((i + 1, col + 1, u32::from(c)));
            }
        }
    }
    (text, found)
}

#[test]
fn check_warns_about_each_invisible_character_where_it_is() {
    let folder = Folder::new("literal");
    let (text, expected) = literal_session();
    assert_eq!(expected.len(), 6, "the file holds six invisible characters");
    let file = folder.write("literal.toml", &text);
    let out = holdspace(&["check", arg(&file)]);
    let printed = printed(&out);
    assert!(out.status.success(), "warnings only: {printed}");
    assert_clean("check of literal characters", &printed);
    for (line, col, code) in expected {
        let warning = format!("{}:{line}:{col}: warning: invisible control character U+{code:04X}", arg(&file));
        assert!(printed.contains(&warning), "missing `{warning}` in:\n{printed}");
    }
    assert!(printed.contains("ok: 1 step, 1m, 6 warnings"), "{printed}");
    let json = holdspace(&["check", "--format", "json", arg(&file)]);
    let json = self::printed(&json);
    assert_clean("check --format json of literal characters", &json);
    assert_eq!(json.matches("invisible control character").count(), 6, "{json}");
    let plan = holdspace(&["export", arg(&file)]);
    assert_clean("export of literal characters", &self::printed(&plan));
}

#[test]
fn check_of_a_file_with_raw_escape_bytes_points_at_them_without_echoing_them() {
    let folder = Folder::new("bytes");
    // TOML refuses C0 controls inside strings: the file does not load, and the messages quote
    // the offending line, which must not carry the escapes to the terminal.
    let text =
        format!("[session]\ntitle = \"A{}B\"\n[[step]]\nkind = \"text\"\ntext = \"x\"\nduration = \"1m\"\n", raw());
    let file = folder.write("bytes.toml", &text);
    for format in ["text", "json"] {
        let out = holdspace(&["check", "--format", format, arg(&file)]);
        let printed = printed(&out);
        assert_eq!(out.status.code(), Some(1), "the file is refused: {printed}");
        assert_clean(&format!("check --format {format} of raw escapes"), &printed);
        assert!(printed.contains("error"), "{printed}");
    }
    let plain = printed(&holdspace(&["check", arg(&file)]));
    assert!(plain.contains(&format!("{}:2:11: error", arg(&file))), "located at the first escape: {plain}");
    let export = holdspace(&["export", arg(&file)]);
    assert_eq!(export.status.code(), Some(1));
    assert_clean("export of a refused file", &printed(&export));
}

#[test]
fn a_hostile_file_name_is_not_echoed_either() {
    let folder = Folder::new("name");
    let file = folder.write(&format!("evil{}.toml", raw().replace('/', "_")), &hostile_session());
    for args in [vec!["check", arg(&file)], vec!["check", "--format", "json", arg(&file)], vec!["export", arg(&file)]] {
        let out = holdspace(&args);
        assert_clean(&format!("{:?}", args[..args.len() - 1].to_vec()), &printed(&out));
    }
    let missing = folder.0.join(format!("gone{}.toml", raw().replace('/', "_")));
    for command in ["check", "export"] {
        let out = holdspace(&[command, arg(&missing)]);
        assert_eq!(out.status.code(), Some(1), "a missing file is bad input");
        assert_clean(&format!("{command} of a missing hostile name"), &printed(&out));
    }
}

/// `check` warns about invisible characters typed into the file, but not about the same
/// characters written as `\u` escapes, though they are just as invisible and just as removed.
#[test]
fn check_warns_about_escaped_control_characters_too() {
    let folder = Folder::new("escaped-warnings");
    let file = folder.write("hostile.toml", &hostile_session());
    let out = printed(&holdspace(&["check", arg(&file)]));
    assert!(out.contains("invisible control character"), "no warning about the escaped controls:\n{out}");
}
