//! One fixture builder for the screen tests: a flow at a chosen screen, drawn on a
//! `TestBackend` at a fixed instant and a fixed wall-clock time, in a window dressed as the test
//! asks (view, what is open, a blank screen, a message, colour or not).

#![allow(dead_code)]

pub mod pty;

use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use holdspace::flow::{Action, Flow};
use holdspace::model::{App, Change, Mode, Shade, View};
use holdspace::plan::Timeline;
use holdspace::rehearsal::{Recorder, RunKind};
use holdspace::session;
use holdspace::ui::{self, Theme};
use ratatui_core::backend::TestBackend;
use ratatui_core::terminal::Terminal;

/// The bundled session.
pub fn bundled() -> session::Session {
    let (name, text) = session::BUNDLED;
    session::from_str(text, name).expect("the bundled session loads")
}

/// 14:00 on a fixed day: the wall clock of every screen test.
pub fn two_pm() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 27).and_then(|d| d.and_hms_opt(14, 0, 0)).expect("a valid date")
}

/// How a window around the session is dressed for a drawing.
#[derive(Debug, Clone)]
pub struct Look {
    /// Room or facilitator.
    pub view: View,
    /// What is open over the session.
    pub mode: Mode,
    /// A blanked projector.
    pub blank: Option<Shade>,
    /// A message for the facilitator.
    pub notice: Option<String>,
    /// Colour, or `NO_COLOR`.
    pub colour: bool,
    /// A theme other than the default one (with colour).
    pub theme: Option<Theme>,
    /// The instant the wall clock reads 14:00.
    pub t0: Instant,
}

/// A plain window in `view`, its wall clock at 14:00 at `t0`.
pub fn screen(view: View, t0: Instant, colour: bool) -> Look {
    Look { view, mode: Mode::Normal, blank: None, notice: None, colour, theme: None, t0 }
}

/// The app showing `flow` as `look` dresses it.
pub fn app(flow: &Flow, look: &Look) -> App {
    let timeline = Timeline { mono: look.t0, wall: two_pm(), start: None };
    let wall = Local.from_local_datetime(&two_pm()).earliest().expect("14:00 exists").with_timezone(&Utc);
    let recorder = Recorder::new(RunKind::Run, session::BUNDLED.0, 1);
    let theme = look.theme.unwrap_or(Theme::new(look.colour));
    let mut app = App::new(flow.clone(), recorder, look.view, theme, timeline, look.t0, wall);
    app.window.mode = look.mode.clone();
    app.window.notice.clone_from(&look.notice);
    app.room.blank = look.blank;
    app
}

/// A flow and the fake clock that drives it.
pub struct Fixture {
    pub flow: Flow,
    pub t0: Instant,
    pub now: Instant,
}

impl Fixture {
    /// A flow over `session` with `people` named roster members (seed 7).
    pub fn new(session: session::Session, roster: &[String]) -> Self {
        let t0 = Instant::now();
        Self { flow: Flow::new(session, roster.to_vec(), 7), t0, now: t0 }
    }

    /// Applies `actions`, one second apart.
    pub fn act(&mut self, actions: &[Action]) -> &mut Self {
        for action in actions {
            self.now += Duration::from_secs(1);
            self.flow.apply(*action, self.now);
        }
        self
    }

    /// Lets `secs` pass (and what falls due happen).
    pub fn wait(&mut self, secs: u64) -> &mut Self {
        self.now += Duration::from_secs(secs);
        self.flow.apply(Action::Tick, self.now);
        self
    }

    /// Draws at `width` x `height` in a window dressed as `look` and returns the terminal to
    /// inspect.
    pub fn draw(&self, look: &Look, width: u16, height: u16) -> Terminal<TestBackend> {
        draw(&app(&self.flow, look), self.now, width, height)
    }
}

/// Draws `app` at `now` at `width` x `height`.
pub fn draw(app: &App, now: Instant, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal.draw(|frame| ui::draw(frame.buffer_mut(), app, now)).expect("drawing never fails");
    terminal
}

/// The wall clock at `now` as `app`'s timeline has it: a message at `now` with this wall time
/// finds no time lost to sleep.
pub fn wall(app: &App, now: Instant) -> chrono::DateTime<Utc> {
    let local = app.timeline.at(now).and_local_timezone(Local).earliest().expect("a local time");
    local.with_timezone(&Utc)
}

/// Every cell's symbol of what `terminal` shows, row after row, as one string to search.
pub fn shown(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().buffer().content().iter().map(ratatui_core::buffer::Cell::symbol).collect()
}

/// A change to the session through the model, as a key or another window would make it.
pub fn change(app: &mut App, change: Change, now: Instant) {
    app.change(change, now, Utc::now());
}

/// The bundled session's last step in each timer state in turn (running, warning, overtime,
/// paused), each handed to `look_at` with its name.
pub fn each_timer_state(mut look_at: impl FnMut(&str, &Fixture)) {
    let mut fixture = Fixture::new(bundled(), &[]);
    fixture.act(&[Action::JumpTo(9)]);
    // Each state follows from the one before: seconds to wait, then whether to pause.
    for (name, wait, pause) in
        [("running", 0, false), ("warning", 160, false), ("overtime", 60, false), ("paused", 0, true)]
    {
        fixture.wait(wait);
        if pause {
            fixture.act(&[Action::TogglePause]);
        }
        look_at(name, &fixture);
    }
}

/// `n` short names, for pair-share screens.
pub fn names(n: usize) -> Vec<String> {
    const POOL: [&str; 20] = [
        "Ana", "Ben", "Chidi", "Dara", "Eun-ji", "Farah", "Gus", "Hana", "Ines", "Jomo", "Kai", "Lena", "Mateo", "Nia",
        "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomás",
    ];
    (0..n)
        .map(|i| {
            if i < POOL.len() { POOL[i].to_owned() } else { format!("{} {}", POOL[i % POOL.len()], i / POOL.len() + 1) }
        })
        .collect()
}

/// A home of its own for a test that runs the binary: `HOME` and every XDG folder under one
/// fresh temporary root, removed when the sandbox is dropped. Tests never read or write the
/// user's own folders, and leave nothing behind.
pub struct Sandbox {
    /// The root of everything.
    pub root: std::path::PathBuf,
}

impl Sandbox {
    /// A fresh, empty sandbox named for the test.
    pub fn new(name: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let root = std::env::temp_dir().join(format!("holdspace-test-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let sandbox = Self { root };
        for (_, folder) in sandbox.vars() {
            std::fs::create_dir_all(&folder).expect("make a sandbox folder");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let runtime = sandbox.root.join("runtime");
            std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
                .expect("a private runtime folder");
        }
        sandbox
    }

    /// The environment variables that point the binary here.
    pub fn vars(&self) -> Vec<(&'static str, std::path::PathBuf)> {
        ["HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "XDG_CACHE_HOME"]
            .into_iter()
            .zip(["home", "state", "data", "config", "runtime", "cache"])
            .map(|(var, folder)| (var, self.root.join(folder)))
            .collect()
    }

    /// The binary `bin` to run in this sandbox.
    pub fn command(&self, bin: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new(bin);
        cmd.envs(self.vars());
        cmd
    }

    /// holdspace's state folder here (journals, the log).
    pub fn state(&self) -> std::path::PathBuf {
        self.root.join("state/holdspace")
    }

    /// holdspace's data folder here (records).
    pub fn data(&self) -> std::path::PathBuf {
        self.root.join("data/holdspace")
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
