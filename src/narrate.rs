//! A session told as it goes, a plain line for each thing that happens: for a screen reader
//! (the full-screen view is invisible to one), a log file, or `grep`. `run --plain` and
//! `follow --plain` print these lines with the clock time in front.
//!
//! The narrator compares what the model shows now with what it last told, so it says each thing
//! once however often it is asked: the step and its words when a step begins, a question when it
//! is revealed, the groups when they are made, each change of speaker, one minute left, time up,
//! a pause, a blank screen, someone marked absent. It reads the model and never changes it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::flow::{Position, Slot, TimerStatus, What};
use crate::keymap::Scope;
use crate::model::{App, Field, Mode, Shade};
use crate::ui;

/// When "1 minute left" is said.
const LAST_MINUTE: Duration = Duration::from_mins(1);

/// What was told so far.
#[derive(Debug, Clone, Default)]
pub struct Narrator {
    /// Whether the session's title was told.
    introduced: bool,
    /// The screen told last.
    position: Option<Position>,
    /// Events of the record told so far.
    events: usize,
    /// The words of this step told so far.
    said: Vec<String>,
    /// The place within the step told last ("question 2 of 4").
    detail: String,
    /// The groups told last.
    groups: Option<Vec<Vec<String>>>,
    /// The cue told last, while it shows.
    banner: Option<String>,
    /// The time each timer had left when last looked at: the last minute and the end are told
    /// when a timer crosses them, not when a step starts with less than a minute.
    left: BTreeMap<Slot, Duration>,
    /// The blank screen told last.
    blank: Option<Shade>,
    /// The roster told last: names and who is here.
    roster: Vec<(String, bool)>,
    /// Whether the loss of the leader was told.
    lost: bool,
    /// What is open over the session, as last told.
    opened: Vec<String>,
    /// The message for the facilitator last told.
    notice: Option<String>,
    /// The message on the room's screen last told.
    message: Option<String>,
}

impl Narrator {
    /// A narrator that has told nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// What happened since the last call, one line each.
    pub fn lines(&mut self, app: &App, now: Instant) -> Vec<String> {
        let mut out = Vec::new();
        let flow = &app.flow;
        let session = flow.session();
        if !self.introduced {
            self.introduced = true;
            let steps = session.steps.len();
            out.push(format!(
                "Session: {}, {}, {steps} step{}",
                one_line(&session.title),
                spoken(session.total()),
                if steps == 1 { "" } else { "s" }
            ));
            self.roster = roster(app);
        }
        if app.lost.is_some() != self.lost {
            self.lost = app.lost.is_some();
            out.push(if self.lost {
                "The session was lost; waiting for it to be resumed".to_owned()
            } else {
                "The session is back".to_owned()
            });
        }
        if app.lost.is_some() {
            return out;
        }
        self.screen(app, now, &mut out);
        self.events(app, now, &mut out);
        self.timer(app, now, &mut out);
        if app.room.blank != self.blank {
            self.blank = app.room.blank;
            out.push(if self.blank.is_some() { "Screen blanked" } else { "Screen back" }.to_owned());
        }
        self.people(app, &mut out);
        if app.room.message != self.message {
            self.message.clone_from(&app.room.message);
            out.push(match &self.message {
                Some(message) => format!("Message on the screen: {message}"),
                None => "Message taken down".to_owned(),
            });
        }
        self.overlay(app, now, &mut out);
        if app.window.notice != self.notice {
            self.notice.clone_from(&app.window.notice);
            out.extend(self.notice.clone());
        }
        out
    }

    /// What is open over the session (a question, the agenda, the keys), told when it opens and
    /// what changed in it since (the highlighted answer, step or person).
    fn overlay(&mut self, app: &App, now: Instant, out: &mut Vec<String>) {
        let opened = opened(app, now);
        out.extend(opened.iter().filter(|line| !self.opened.contains(line)).cloned());
        self.opened = opened;
    }

    /// When something will next be told without anything being pressed: a change of speaker,
    /// the last minute, time up. `None` while nothing runs.
    pub fn next_due(&self, app: &App, now: Instant) -> Option<Instant> {
        if app.lost.is_some() {
            return None;
        }
        let flow = &app.flow;
        let slot = flow.position().slot();
        let timer = slot.and_then(|slot| {
            let (left, running) = flow.left(slot, now);
            // Just past zero, so that the timer reads as over when the loop wakes.
            let end = Some(left + Duration::from_millis(1)).filter(|_| !left.is_zero());
            let marks = [left.checked_sub(LAST_MINUTE).filter(|d| !d.is_zero()), end];
            running.then(|| marks.into_iter().flatten().min()).flatten().map(|d| now + d)
        });
        [flow.next_event(now), timer].into_iter().flatten().min()
    }

    /// A new screen: a new step is told with its words; within a step, what changed.
    fn screen(&mut self, app: &App, now: Instant, out: &mut Vec<String>) {
        let flow = &app.flow;
        let position = flow.position();
        let content = ui::content(flow, now);
        if self.position.and_then(Position::step) != position.step() || self.position.is_none() {
            self.said.clear();
            self.detail.clear();
            self.groups = None;
            self.banner = None;
            match (position, flow.current_step()) {
                (Position::Step { step, .. }, Some(s)) => {
                    let title = one_line(&s.title);
                    // "Quote, quote" says nothing twice: the kind only when the title is not it.
                    let kind = s.kind().name().replace('-', " ");
                    let kind = if title.eq_ignore_ascii_case(&kind) { String::new() } else { format!(", {kind}") };
                    let count = flow.session().steps.len();
                    out.push(format!("Step {} of {count}: {title}{kind}, {}", step + 1, spoken(s.planned())));
                }
                (Position::End, _) => out.push("End of the session".to_owned()),
                _ => {}
            }
        }
        self.position = Some(position);
        if position == Position::Welcome {
            return;
        }
        if !content.detail.is_empty() && content.detail != self.detail {
            self.detail.clone_from(&content.detail);
            out.push(capitalized(&content.detail.replace(" · ", ", ")));
        }
        // A cue says what the lasting lines under it say: told, it stands for them.
        let cue = content.banner.as_ref().filter(|b| Some(*b) != self.banner.as_ref());
        if let Some(banner) = cue {
            out.push(banner.replace(" · ", "; "));
            self.said.extend(content.passages.iter().map(|p| one_line(&p.text)));
        }
        self.banner.clone_from(&content.banner);
        // The plain lines are the facilitator's: their own words too.
        for passage in content.passages.iter().chain(&content.private) {
            let text = one_line(&passage.text);
            if !text.is_empty() && !self.said.contains(&text) {
                out.push(text.clone());
                self.said.push(text);
            }
        }
        let groups = content.groups.as_ref().map(|g| g.names.clone());
        if groups.is_some() && groups != self.groups {
            if let Some(names) = &groups {
                out.push(format!("Groups: {}", names.iter().map(|g| listed(g)).collect::<Vec<_>>().join("; ")));
            }
            self.groups = groups;
        }
    }

    /// What the facilitator did to the timer, from the record.
    fn events(&mut self, app: &App, now: Instant, out: &mut Vec<String>) {
        let events = app.recorder.events();
        if events.len() < self.events {
            // A record taken up afresh (a follower following a resumed run).
            self.events = events.len();
        }
        let left = app.flow.timer_view(now).map(|v| ui::timer_text(v.secs, v.status).0);
        for event in &events[self.events..] {
            let said = match event.what {
                What::Paused => "Paused",
                What::Resumed => "Resumed",
                What::Added => "One minute added",
                What::Taken => "One minute taken",
                What::Restarted => "Timer restarted",
                What::Entered { .. } | What::Ended => continue,
            };
            out.push(match &left {
                Some(left) => format!("{said}, {left} left"),
                None => said.to_owned(),
            });
        }
        self.events = events.len();
    }

    /// The timer on show crossing its last minute, and its end, each told as it happens (again
    /// after time was added). A timer that hands over to the next speaker by itself is not
    /// "up": the change of speaker is told instead; a changeover's countdown is not told.
    fn timer(&mut self, app: &App, now: Instant, out: &mut Vec<String>) {
        let flow = &app.flow;
        let (Some(slot), Some(view)) = (flow.position().slot(), flow.timer_view(now)) else { return };
        let (left, _) = flow.left(slot, now);
        let Some(before) = self.left.insert(slot, left) else { return };
        let counts_down = !matches!(slot, Slot::Changeover { .. });
        if counts_down && before > LAST_MINUTE && left <= LAST_MINUTE && !left.is_zero() {
            out.push("1 minute left".to_owned());
        }
        if !before.is_zero() && matches!(view.status, TimerStatus::Over(_)) && !flow.hands_over_now() {
            out.push("Time is up".to_owned());
        }
    }

    /// Late arrivals, and people marked absent or here again.
    fn people(&mut self, app: &App, out: &mut Vec<String>) {
        let now = roster(app);
        for (i, (name, here)) in now.iter().enumerate() {
            match self.roster.get(i) {
                None => out.push(format!("{name} joins from the next round")),
                Some((_, before)) if before != here => out.push(if *here {
                    format!("{name} is back from the next round")
                } else {
                    format!("{name} is absent from the next round")
                }),
                Some(_) => {}
            }
        }
        self.roster = now;
    }
}

/// What is open over the session, in lines.
fn opened(app: &App, now: Instant) -> Vec<String> {
    let keys = |scope| app.keymap.hint(scope);
    let flow = &app.flow;
    match &app.window.mode {
        Mode::Normal => Vec::new(),
        Mode::Help => {
            let bindings: Vec<String> = app.keymap.help().map(|b| format!("{} {}", b.label(), b.help)).collect();
            vec![format!("Keys: {}", bindings.join("; "))]
        }
        Mode::Agenda { selected } => {
            let step = flow.session().steps.get(*selected);
            let title = step.map_or(String::new(), |s| format!("{}, {}", one_line(&s.title), spoken(s.planned())));
            vec![
                format!("Agenda: {}", keys(Scope::Agenda)),
                format!("Step {} of {}: {title}", selected + 1, flow.session().steps.len()),
            ]
        }
        Mode::Roster { selected } => {
            let person = flow.roster().get(*selected).map_or(String::new(), |name| {
                let here = if flow.is_present(*selected) { "here" } else { "absent" };
                format!("{name}, {here}, {} of {}", selected + 1, flow.roster().len())
            });
            vec![format!("Roster: {}", keys(Scope::Roster)), person]
        }
        Mode::RoomCheck => vec![format!(
            "Room check, on the full screen: enlarge the font until the window is about 80x24, then read its smallest line from the back row. {}",
            keys(Scope::RoomCheck)
        )],
        Mode::Links => {
            app.window.links.iter().map(|l| format!("Pages: room {}; remote {}", l.room, l.remote)).collect()
        }
        Mode::Typing { field: Field::LateArrival { .. }, .. } => {
            vec!["Type the late arrival's name, then Enter (Esc cancels)".to_owned()]
        }
        Mode::Typing { field: Field::Message, .. } => {
            vec!["Type a message for the room's screen, then Enter (Esc cancels)".to_owned()]
        }
        Mode::ConfirmQuit => vec![format!("Quit the session? {}", keys(Scope::ConfirmQuit))],
        Mode::Away { secs } => vec![format!(
            "This computer was asleep for {}; the timers stood still. {}",
            spoken(Duration::from_secs(*secs)),
            keys(Scope::Away)
        )],
        Mode::Report => {
            let wall = app.timeline.at(now).and_local_timezone(chrono::Local).earliest();
            let report = wall.map(|wall| crate::rehearsal::markdown(&app.recorder.record(flow.session(), now, wall)));
            let mut lines: Vec<String> =
                report.iter().flat_map(|r| r.lines()).filter(|l| !l.trim().is_empty()).map(str::to_owned).collect();
            lines.push(keys(Scope::Report));
            lines
        }
        Mode::Resume { offer, selected } => {
            let mut lines =
                vec![format!("An unfinished run was found. {}", ui::resume::describe(app, offer, now).join(". "))];
            lines.push(format!("Highlighted: {}", ui::resume::answer_words(app, offer, *selected, now)));
            lines.push(keys(Scope::Resume));
            lines
        }
    }
}

/// The roster with who is here.
fn roster(app: &App) -> Vec<(String, bool)> {
    app.flow.roster().iter().enumerate().map(|(i, name)| (name.clone(), app.flow.is_present(i))).collect()
}

/// Text on one line, its runs of spaces and line ends made one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Ana and Ben", "Chidi, Dara and Eun-ji".
fn listed(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] => format!("{} and {last}", first.join(", ")),
    }
}

/// The first letter made a capital.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A length said in words: "8 minutes", "6 minutes 30 seconds", "1 hour 5 minutes".
pub fn spoken(duration: Duration) -> String {
    let secs = duration.as_secs();
    let parts = [(secs / 3600, "hour"), (secs / 60 % 60, "minute"), (secs % 60, "second")];
    let said: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    if said.is_empty() { "no time".to_owned() } else { said.join(" ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_lists_read_as_speech() {
        assert_eq!(spoken(Duration::from_mins(8)), "8 minutes");
        assert_eq!(spoken(Duration::from_secs(390)), "6 minutes 30 seconds");
        assert_eq!(spoken(Duration::from_secs(3661)), "1 hour 1 minute 1 second");
        assert_eq!(spoken(Duration::ZERO), "no time");
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(listed(&names(&["Ana", "Ben"])), "Ana and Ben");
        assert_eq!(listed(&names(&["Chidi", "Dara", "Eun-ji"])), "Chidi, Dara and Eun-ji");
        assert_eq!(capitalized("question 2 of 4"), "Question 2 of 4");
        assert_eq!(one_line("two\n  lines "), "two lines");
    }
}
