//! `holdspace room-check [FILE]`: the room check on its own, before a session, in the window
//! the room will see (the welcome screen's `f` shows the same). Any key returns to the shell.

use std::io::IsTerminal;
use std::path::PathBuf;

use ratatui_core::layout::Rect;
use ratatui_crossterm::crossterm::event::{self, Event, KeyEventKind};

use super::find::{self, Source, resolve};
use super::{Failure, roster};
use crate::app::background::{Reply, Taken, worth_asking};
use crate::app::{Shell, terminal};
use crate::paths::Paths;

// Options of `holdspace room-check` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub struct RoomCheckArgs {
    /// A session file, or the name of one (the bundled session when none is given).
    file: Option<PathBuf>,
    /// The people in the room, for the longest pair line: a file with one name a line, or a
    /// head count.
    #[arg(long, value_name = "FILE|N")]
    people: Option<String>,
    /// Colours: dark, light, high-contrast, terminal, or a theme file's name.
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
}

/// Shows the room check until a key is pressed.
pub fn room_check(args: &RoomCheckArgs, paths: Option<&Paths>) -> Result<(), Failure> {
    let source = args.file.as_deref().map_or(Source::Bundled(crate::session::BUNDLED), |f| resolve(f, paths));
    let session = find::load(&source)?.session;
    if !std::io::stdout().is_terminal() {
        return Err(Failure::BadInput(
            "room-check draws on the terminal: run it in the window the room will see".into(),
        ));
    }
    let (config, broken) = crate::config::load(paths);
    if let Some(why) = broken {
        crate::print::note(&why);
    }
    let roster = roster(args.people.as_deref().or(config.people.as_deref()), &session)?;
    let (mut theme, mut themes) = super::run::appearance(args.theme.as_deref().or(config.theme.as_deref()), paths)?;
    let ask = themes.follow && worth_asking(std::env::var("TERM").ok().as_deref());
    let broken = |e: std::io::Error| Failure::Broken(format!("cannot draw on the terminal: {e}"));
    let (mut screen, guard, mut shell) = terminal::enter(ask).map_err(broken)?;
    let mut reply = ask.then(Reply::default);
    loop {
        shell.begin_frame().map_err(broken)?;
        screen
            .draw(|frame| crate::ui::room_check::draw(frame.buffer_mut(), &session, &roster, theme))
            .map_err(broken)?;
        shell.end_frame().map_err(broken)?;
        shell.send().map_err(broken)?;
        match event::read().map_err(broken)? {
            Event::Resize(width, height) => screen.resize(Rect::new(0, 0, width, height)).map_err(broken)?,
            Event::Key(key) if key.kind == KeyEventKind::Press => match reply.as_mut().map(|r| r.take(&key)) {
                Some(Taken::Part | Taken::Answer(None)) => {}
                Some(Taken::Answer(Some(shade))) => {
                    theme = themes.follow(shade).unwrap_or(theme);
                    reply = None;
                }
                Some(Taken::Key) | None => break,
            },
            _ => {}
        }
    }
    drop(guard);
    Ok(())
}
