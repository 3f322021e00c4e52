//! One fixture builder for the screen tests: a flow at a chosen screen, drawn on a
//! `TestBackend` at a fixed instant and a fixed wall-clock time.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use holdspace::flow::{Action, Flow};
use holdspace::session;
use holdspace::ui::{self, Clock, Overlay, Screen, Theme, View};
use ratatui_core::backend::TestBackend;
use ratatui_core::terminal::Terminal;

/// The bundled session.
pub fn bundled() -> session::Session {
    let (name, text) = session::BUNDLED;
    session::from_str(text, name).expect("the bundled session loads")
}

/// A screen state with a fixed wall clock (14:00 on a fixed day) anchored at `t0`.
pub fn screen(view: View, t0: Instant, colour: bool) -> Screen {
    let wall = NaiveDate::from_ymd_opt(2026, 11, 27).and_then(|d| d.and_hms_opt(14, 0, 0)).expect("a valid date");
    Screen {
        view,
        overlay: Overlay::None,
        blank: None,
        banner: None,
        theme: Theme::new(colour),
        clock: Clock { mono: t0, wall, start: None },
    }
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

    /// Draws at `width` x `height` and returns the terminal to inspect.
    pub fn draw(&self, screen: &Screen, width: u16, height: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        terminal.draw(|frame| ui::draw(frame.buffer_mut(), &self.flow, screen, self.now)).expect("drawing never fails");
        terminal
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
