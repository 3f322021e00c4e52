//! The whole running program as one model, in the Elm architecture: [`App::update`] takes a
//! message (a key, a tick of time, a saved file, a command from another window) with the current
//! instant and wall-clock time, changes the model, and returns the effects the shell must carry
//! out (ring the chime, save or clear the journal, read the file again, draw, quit). It decides
//! everything and does nothing itself: no clock reads, no terminal, no files.
//!
//! State is in two parts. What the room shares (the session, the blanked projector) is the same
//! in every window showing this session; what one window shows (its view, an open overlay, a
//! message for the facilitator) is that window's own. One window leads: it holds the session,
//! saves the journal and publishes every change to the others; a following window (`holdspace
//! follow`) sends the changes its keys ask for to the leader and shows the state the leader
//! publishes, counting time on its own clock in between.

mod commands;
mod mode;
mod resume;

use std::time::{Duration, Instant};

use chrono::{DateTime, Local, Utc};
use ratatui_crossterm::crossterm::event::KeyEvent;

pub use mode::{Field, Flash, Mode, Shade, View, Window};
pub use resume::{Answer, Offer, ago};

pub use crate::session::Chime;

use crate::flow::{self, Action, Flow, Position, Snapshot, What};
use crate::keymap::{Keymap, Scope};
use crate::plan::Timeline;
use crate::rehearsal::{Event, Recorder, RunKind};
use crate::session::Session;
use crate::ui::Theme;

/// Something that happened, for the model to take in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A key was pressed in this window.
    Key(KeyEvent),
    /// Time passed: the next visible change is due.
    Tick,
    /// The window changed size.
    Resized,
    /// The session file was saved (with `--watch`).
    SourceChanged,
    /// The session file was read again: the new session, or why it does not load.
    Reloaded(Result<Session, String>),
    /// The journal could not be saved.
    JournalFailed(String),
    /// A change to the session sent from elsewhere (another window, a phone).
    Remote(Change),
    /// The process was stopped this long (Ctrl-Z) and has been continued; the screen was drawn
    /// over meanwhile.
    Stopped(Duration),
    /// The room's state, published by the leading window (in a following window).
    Shared(Box<Shared>),
    /// The leading window is gone without ending the session (it crashed or was killed): a
    /// following window keeps the last screen, dimmed, until a resumed run leads again.
    Lost,
    /// The leading window ended the session, or will not serve this window: why.
    Ended(String),
    /// No other window can follow this one: why (its socket could not be opened).
    Alone(String),
    /// The terminal's background is dark (black) or light (white).
    Background(Shade),
}

/// A change to what every window of the session shows. Keys in any window and commands from
/// elsewhere come down to these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Move the session or its timer.
    Flow(Action),
    /// Blank the projected screen.
    Blank(Shade),
    /// Bring it back.
    Unblank,
    /// Mark roster member `person` absent or here, from the next round on.
    SetPresent {
        /// Index in the roster.
        person: usize,
        /// Here or not.
        here: bool,
    },
    /// A late arrival joins from the next round on.
    AddPerson(String),
    /// Read the session file again.
    Reload,
    /// Put a message on the room's screen, or take it down.
    Message(Option<String>),
}

/// Whether this window holds the session or follows another window that does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The session is held here: changes are made here, saved and published.
    Leader,
    /// Another window holds the session; keys here ask it for changes.
    Follower {
        /// Only watches: keys that would change the session are refused.
        read_only: bool,
    },
}

/// What every window of a session shows alike: what the leader publishes on every change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shared {
    /// The session's state and record (the message on screen among them).
    pub save: Save,
    /// The projected screen is blanked.
    pub blank: Option<Shade>,
}

/// The themes a window's theme key goes through, by name, and which one is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Themes {
    /// In the order the key goes through them.
    pub all: Vec<(String, Theme)>,
    /// The one on.
    pub on: usize,
    /// Nobody chose (no `--theme`, no config's theme): the terminal's background picks the dark
    /// or the light theme when it says what it is, until the theme key is pressed.
    pub follow: bool,
}

impl Themes {
    /// The terminal's background is `shade`: when nobody chose a theme, the dark or the light one
    /// is on from now, and returned if that is a change. Only the first answer counts.
    pub fn follow(&mut self, shade: Shade) -> Option<Theme> {
        if !std::mem::take(&mut self.follow) {
            return None;
        }
        let name = match shade {
            Shade::Black => "dark",
            Shade::White => "light",
        };
        let at = self.all.iter().position(|(n, _)| n == name).filter(|at| *at != self.on)?;
        self.on = at;
        self.all.get(at).map(|(_, theme)| *theme)
    }
}

/// What the journal keeps of a running session: its state and what happened so far.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Save {
    /// The session's state.
    pub flow: Snapshot,
    /// What happened so far, for the record of where the time went.
    pub events: Vec<Event>,
    /// Milliseconds from the record's first event to the save.
    pub recorded_ms: u64,
    /// The message on the room's screen.
    #[serde(default)]
    pub message: Option<String>,
}

/// What the shell must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ring the terminal's bell.
    Bell,
    /// Play the chime's sound `times` in a row, or its soft version (the warning).
    Sound {
        /// How many strikes.
        times: u8,
        /// The quiet version.
        soft: bool,
    },
    /// Save the session's state, so a crash costs nothing.
    SaveJournal(Box<Save>),
    /// The session reached its end: nothing to resume.
    ClearJournal,
    /// Read the session file again and answer with [`Msg::Reloaded`].
    Reload,
    /// Something visible changed: draw.
    Redraw,
    /// Leave, giving the terminal back.
    Quit(Quit),
    /// Give the terminal back and stop until continued (Ctrl-Z).
    Suspend,
    /// The room's state changed: publish it to the following windows.
    Publish,
    /// Ask the leading window for this change (in a following window).
    Send(Change),
}

/// How the facilitator left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quit {
    /// After saying yes to "quit?".
    Asked,
    /// At once, with Ctrl-C.
    AtOnce,
    /// The leading window ended the session (in a following window).
    Ended,
}

/// A gap this large between the wall clock and the monotonic clock means the machine slept.
const ASLEEP: Duration = Duration::from_secs(5);

/// What the room shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    /// The projected screen is blanked.
    pub blank: Option<Shade>,
    /// A message on the room's screen ("Back at 10:45").
    pub message: Option<String>,
}

/// A running session and everything around it on screen.
#[derive(Debug, Clone)]
pub struct App {
    /// The session.
    pub flow: Flow,
    /// What the room shares besides the session.
    pub room: Room,
    /// This window.
    pub window: Window,
    /// What happened when: the record of where the time went.
    pub recorder: Recorder,
    /// The keys.
    pub keymap: Keymap,
    /// Colours, or none.
    pub theme: Theme,
    /// The themes the theme key goes through.
    pub themes: Themes,
    /// Wall-clock times for the schedule.
    pub timeline: Timeline,
    /// Leading, or following another window.
    pub role: Role,
    /// How the room hears a chime.
    pub chime: Chime,
    /// In a following window whose leader is gone: the instant the screen stands still at.
    pub lost: Option<Instant>,
    /// The session's revision last saved in the journal.
    saved: u64,
    /// What was last published: the session's revision, the blank screen, the message.
    published: (u64, Option<Shade>, Option<String>),
    /// The clocks at the last message, to notice that the machine slept in between.
    seen: (Instant, DateTime<Utc>),
}

impl App {
    /// A session starting at `now` (`wall` on the wall clock), shown in `view`. The recorder
    /// notes the screen it starts on.
    pub fn new(
        flow: Flow,
        recorder: Recorder,
        view: View,
        theme: Theme,
        timeline: Timeline,
        now: Instant,
        wall: DateTime<Utc>,
    ) -> Self {
        let mut app = Self {
            saved: flow.revision(),
            published: (flow.revision(), None, None),
            role: Role::Leader,
            chime: Chime::Bell,
            lost: None,
            themes: Themes { all: vec![(String::new(), theme)], on: 0, follow: false },
            flow,
            room: Room { blank: None, message: None },
            window: Window { view, mode: Mode::Normal, notice: None, links: None, clock: false, flash: None },
            recorder,
            keymap: Keymap::default(),
            theme,
            timeline,
            seen: (now, wall),
        };
        let position = app.flow.position();
        app.recorder.note(What::Entered { position }, now, local(wall));
        app
    }

    /// Takes in `msg` at `now` (monotonic) and `wall` (the wall clock), and says what the shell
    /// must do.
    pub fn update(&mut self, msg: Msg, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = self.notice_sleep(now, wall);
        effects.extend(match msg {
            Msg::Key(key) => self.key(key, now, wall),
            Msg::Tick => {
                if self.window.flash.is_some_and(|f| f.next_change(now).is_none()) {
                    self.window.flash = None;
                }
                let mut effects = self.change(Change::Flow(Action::Tick), now, wall);
                effects.retain(|e| *e != Effect::Redraw);
                // A blank screen shows no time: only what must be heard is done.
                if self.room.blank.is_none() {
                    effects.push(Effect::Redraw);
                }
                effects
            }
            Msg::Resized => vec![Effect::Redraw],
            Msg::SourceChanged => vec![Effect::Reload],
            Msg::Reloaded(loaded) => self.reloaded(loaded, now, wall),
            Msg::JournalFailed(why) => {
                self.window.notice =
                    Some(format!("could not save the journal ({why}); a crash now would lose this place"));
                vec![Effect::Redraw]
            }
            Msg::Remote(change) => self.change(change, now, wall),
            Msg::Stopped(stopped) => self.stopped(stopped, now, wall),
            Msg::Shared(shared) => self.take_shared(*shared, now),
            Msg::Lost => {
                self.lost = Some(now);
                self.window.notice = Some("the session was lost; waiting for it to be resumed (run --resume)".into());
                vec![Effect::Redraw]
            }
            Msg::Alone(why) => {
                self.window.notice = Some(why);
                vec![Effect::Redraw]
            }
            Msg::Ended(why) => {
                self.window.notice = Some(why);
                vec![Effect::Quit(Quit::Ended)]
            }
            Msg::Background(shade) => self.background(shade),
        });
        if self.role == Role::Leader {
            effects.extend(self.keep_journal(now));
            effects.extend(self.publish());
        }
        effects
    }

    /// The terminal said what its background is: when nobody chose a theme, the dark or the light
    /// one to match it.
    fn background(&mut self, shade: Shade) -> Vec<Effect> {
        match self.themes.follow(shade) {
            Some(theme) => {
                self.theme = theme;
                vec![Effect::Redraw]
            }
            None => Vec::new(),
        }
    }

    /// When the loop must wake with nothing pressed: the next second of a running timer; on a
    /// blank screen only when a swap or the chime is due; never while nothing runs.
    pub fn next_wake(&self, now: Instant) -> Option<Instant> {
        if self.lost.is_some() {
            return None;
        }
        if let Some(flash) = self.window.flash.and_then(|f| f.next_change(now)) {
            return Some(self.next_wake_unflashed(now).map_or(flash, |at| at.min(flash)));
        }
        self.next_wake_unflashed(now)
    }

    /// When the loop must wake for anything but a flash.
    fn next_wake_unflashed(&self, now: Instant) -> Option<Instant> {
        if let Some(left) = self.waiting(now) {
            // The countdown to the planned start shows seconds.
            let into_second = Duration::from_nanos(u64::from(left.subsec_nanos()));
            return Some(now + if into_second.is_zero() { Duration::from_secs(1) } else { into_second });
        }
        if self.room.blank.is_some() { self.flow.next_event(now) } else { self.flow.next_change(now) }
    }

    /// Before the planned start (`run --start 14:00` started early), on the welcome screen: the
    /// time until it. The session never starts by itself; this only counts down.
    pub fn waiting(&self, now: Instant) -> Option<Duration> {
        let start = self.timeline.start?;
        if self.flow.position() != Position::Welcome {
            return None;
        }
        let wall = self.timeline.at(now);
        (wall.date().and_time(start) - wall).to_std().ok().filter(|d| !d.is_zero())
    }

    /// The room's state at `now`, as the leader publishes it.
    pub fn shared(&self, now: Instant) -> Shared {
        let (events, recorded_ms) = self.recorder.saved(now);
        let message = self.room.message.clone();
        Shared { save: Save { flow: self.flow.snapshot(now), events, recorded_ms, message }, blank: self.room.blank }
    }

    /// Which bindings the keys of this window follow now.
    pub fn scope(&self) -> Scope {
        if self.room.blank.is_some() { Scope::Blank } else { self.window.mode.scope() }
    }

    /// Carries out a change every window shares.
    pub fn change(&mut self, change: Change, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = vec![Effect::Redraw];
        match change {
            Change::Flow(action) => {
                for effect in self.flow.apply(action, now) {
                    match effect {
                        flow::Effect::Chime(strike) => effects.extend(self.chime(strike, now)),
                        flow::Effect::Happened(what, at) => self.recorder.note(what, at, local_at(wall, now, at)),
                    }
                }
            }
            Change::Blank(shade) => self.room.blank = Some(shade),
            Change::Unblank => self.room.blank = None,
            Change::SetPresent { person, here } => self.flow.set_present(person, here),
            Change::AddPerson(name) => match self.flow.add_person(&name) {
                Ok(()) | Err(flow::Refused::Empty) => {}
                Err(why) => self.window.notice = Some(why.to_string()),
            },
            Change::Reload => return vec![Effect::Reload],
            Change::Message(text) => {
                self.room.message = text.map(|t| clean_message(&t)).filter(|t| !t.is_empty());
                // A message is part of the state a crash must not lose.
                self.saved = u64::MAX;
            }
        }
        effects
    }

    /// How the room hears `strike`: the bell, the sound (once, three times at time up, or once
    /// softly at the warning), the screen flashing (its edges only, for the warning), or nothing.
    /// A following window only flashes: the leading one is heard.
    fn chime(&mut self, strike: flow::Strike, now: Instant) -> Option<Effect> {
        let (strikes, soft) = match strike {
            flow::Strike::Change => (1, false),
            flow::Strike::Up => (3, false),
            flow::Strike::Warning => (1, true),
        };
        match (self.chime, self.role) {
            (Chime::Flash, _) => {
                self.window.flash = Some(Flash { start: now, strikes, soft });
                Some(Effect::Redraw)
            }
            (_, Role::Follower { .. }) | (Chime::None, _) => None,
            (Chime::Bell, Role::Leader) => Some(Effect::Bell),
            (Chime::Sound, Role::Leader) => Some(Effect::Sound { times: strikes, soft }),
        }
    }

    /// Makes a change this window's keys asked for: here when this window leads, by asking the
    /// leader when it follows; a read-only window only says that it cannot.
    pub fn ask(&mut self, change: Change, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        match self.role {
            Role::Leader => self.change(change, now, wall),
            Role::Follower { read_only: false } => vec![Effect::Send(change)],
            Role::Follower { read_only: true } => {
                self.window.notice =
                    Some("this window only watches (--read-only): change the session in another".into());
                vec![Effect::Redraw]
            }
        }
    }

    /// Takes up the state the leading window published.
    fn take_shared(&mut self, shared: Shared, now: Instant) -> Vec<Effect> {
        let Shared { save: Save { flow, events, recorded_ms, message }, blank } = shared;
        let was_at_end = self.flow.position() == Position::End;
        let session = self.flow.session().clone();
        let restored = crate::rehearsal::check_events(&events, self.flow.plan())
            .and_then(|()| Flow::restore(session, flow, now, Duration::ZERO, Duration::ZERO));
        match restored {
            Ok(flow) => {
                self.flow = flow;
                self.recorder.take_up(events, recorded_ms, Duration::ZERO, now);
                self.room.blank = blank;
                self.room.message = message;
                if self.lost.take().is_some() {
                    self.window.notice = None;
                }
                let ended = !was_at_end && self.flow.position() == Position::End;
                if ended && self.recorder.kind() == RunKind::Rehearsal && self.window.mode == Mode::Normal {
                    self.window.mode = Mode::Report;
                }
            }
            Err(e) => self.window.notice = Some(format!("the leading window sent a state that does not fit: {e}")),
        }
        vec![Effect::Redraw]
    }

    /// The session was replaced whole (an unfinished run taken up): whatever its revision, the
    /// followers get it.
    fn republish(&mut self) {
        self.published = (u64::MAX, None, None);
    }

    /// After a change to what the room shares, the leader publishes it.
    fn publish(&mut self) -> Option<Effect> {
        let now = (self.flow.revision(), self.room.blank, self.room.message.clone());
        (std::mem::replace(&mut self.published, now.clone()) != now).then_some(Effect::Publish)
    }

    /// Puts a freshly read session in place, or says why it could not be read.
    fn reloaded(&mut self, loaded: Result<Session, String>, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        match loaded {
            Ok(session) => {
                for effect in self.flow.reload(session, now) {
                    if let flow::Effect::Happened(what, at) = effect {
                        self.recorder.note(what, at, local_at(wall, now, at));
                    }
                }
                self.window.notice = Some("reloaded".into());
            }
            Err(message) => {
                let first = message.lines().next().unwrap_or_default().to_owned();
                self.window.notice = Some(format!("reload failed, still running the last good version: {first}"));
            }
        }
        vec![Effect::Redraw]
    }

    /// After a stop, as after a sleep: the running timer stood still meanwhile, and a long stop
    /// asks whether the time counts.
    fn stopped(&mut self, stopped: Duration, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        // A following window's time is the leader's: only the leader asks.
        if self.role == Role::Leader && stopped > ASLEEP && self.flow.next_change(now).is_some() {
            self.change(Change::Flow(Action::GiveBack(stopped)), now, wall);
            self.window.mode = Mode::Away { secs: stopped.as_secs() };
        }
        vec![Effect::Redraw]
    }

    /// The machine slept since the last message while a timer ran: ask whether that time counts.
    fn notice_sleep(&mut self, now: Instant, wall: DateTime<Utc>) -> Vec<Effect> {
        let (then, then_wall) = std::mem::replace(&mut self.seen, (now, wall));
        let away = (wall - then_wall).to_std().unwrap_or_default().saturating_sub(now.saturating_duration_since(then));
        if self.role == Role::Leader && away > ASLEEP && self.flow.next_change(now).is_some() {
            self.window.mode = Mode::Away { secs: away.as_secs() };
            return vec![Effect::Redraw];
        }
        Vec::new()
    }

    /// After every change to the session, its state goes to the journal (or the journal goes,
    /// at the end). A rehearsal that reaches the end shows its report.
    fn keep_journal(&mut self, now: Instant) -> Option<Effect> {
        if self.flow.revision() == self.saved {
            return None;
        }
        self.saved = self.flow.revision();
        if self.flow.position() != Position::End {
            let (events, recorded_ms) = self.recorder.saved(now);
            let message = self.room.message.clone();
            return Some(Effect::SaveJournal(Box::new(Save {
                flow: self.flow.snapshot(now),
                events,
                recorded_ms,
                message,
            })));
        }
        if self.recorder.kind() == RunKind::Rehearsal {
            self.window.mode = Mode::Report;
        }
        Some(Effect::ClearJournal)
    }
}

/// A message as the room's screen shows it: one line, cleaned of controls, at most
/// [`crate::limits::MESSAGE`] characters.
pub(crate) fn clean_message(text: &str) -> String {
    let line = crate::sanitize::clean(text, false).split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(crate::limits::MESSAGE).collect()
}

/// A wall-clock reading in local time, as records keep it.
fn local(wall: DateTime<Utc>) -> DateTime<Local> {
    wall.with_timezone(&Local)
}

/// The wall-clock time at `at`, an instant at or before `now` when the wall clock read `wall`.
fn local_at(wall: DateTime<Utc>, now: Instant, at: Instant) -> DateTime<Local> {
    let back = chrono::TimeDelta::from_std(now.saturating_duration_since(at)).unwrap_or_default();
    local(wall - back)
}
