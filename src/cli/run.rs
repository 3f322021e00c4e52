//! `holdspace run` and `rehearse`: loads a session and a roster, takes over the terminal, runs
//! the loop, gives the terminal back, and keeps the record of where the time went.

use super::find::{self, Source, resolve};
use super::resume;
use super::{Failure, RunArgs, ViewArg, roster};
use std::io::IsTerminal;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::mpsc::Sender;

use crate::app::clock::SystemClock;
use crate::app::input::Inputs;
use crate::app::lock::{self, Busy};
use crate::app::plain::{self, Lines, PlainShell};
use crate::app::{self, Clock, Input, terminal};
use crate::model::{App, Chime, Quit, Themes, View};
use crate::paths::Paths;
use crate::plan::Timeline;
use crate::rehearsal::{self, Record, Recorder, RunKind, store};
use crate::serve::{self, Server, Spec, Tokens};
use crate::share::leader::Opening;
use crate::share::protocol::{self, About, Hello};
use crate::share::runtime::Runtime;
use crate::share::{Hub, Socket};
use crate::ui::Theme;

/// Runs the session `args` names; with `speed`, as a rehearsal whose timers run that many times
/// faster, in the facilitator view, ending on a report. Other windows may follow it (`follow`).
pub fn run(args: &RunArgs, rehearsal_speed: Option<u32>, paths: Option<&Paths>) -> Result<(), Failure> {
    let source = args.file.as_deref().map_or(Source::Bundled(crate::session::BUNDLED), |f| resolve(f, paths));
    let loaded = find::load(&source)?;
    let plain = plain(args.plain);
    let (config, broken) = crate::config::load(paths);
    if let Some(why) = broken {
        crate::print::note(&why);
    }
    let roster = roster(args.room.people.as_deref().or(config.people.as_deref()), &loaded.session)?;
    let pairing_seed = args.room.seed.unwrap_or_else(rand::random);
    let kind = if rehearsal_speed.is_some() { RunKind::Rehearsal } else { RunKind::Run };
    let key = crate::paths::session_key(&loaded.name);
    // One run of a file at a time: a second would overwrite the first one's journal.
    let _lock = match paths.map(|p| lock::acquire(&lock::path(&p.state, &key), chrono::Local::now())) {
        Some(Err(Busy::Held(holder))) => return offer_to_follow(&loaded.name, &holder, paths),
        Some(Err(Busy::Io(e))) => {
            crate::app::log::write(&format!("could not take the run's lock: {e}"));
            None
        }
        Some(Ok(lock)) => Some(lock),
        None => None,
    };
    let start = resume::start(&loaded, kind, args.resume, paths)?;
    let name = loaded.name.clone();
    let title = loaded.session.title.clone();
    let session_chime = loaded.session.timer.how;
    let flow = crate::flow::Flow::new(loaded.session, roster, pairing_seed);
    let speed = rehearsal_speed.unwrap_or(1);
    let clock = SystemClock::new(speed);
    let (theme, themes) = appearance(args.window.theme.as_deref().or(config.theme.as_deref()), paths)?;
    let view = match (rehearsal_speed, args.view) {
        (Some(_), _) | (None, Some(ViewArg::Facilitator)) => View::Facilitator,
        (None, Some(ViewArg::Room)) => View::Room,
        (None, None) => config.view.unwrap_or(View::Room),
    };
    let (now, wall) = (clock.now(), clock.wall());
    let timeline =
        Timeline { mono: now, wall: wall.with_timezone(&chrono::Local).naive_local(), start: args.room.start };
    let recorder = Recorder::new(kind, &name, speed);
    let mut app = App::new(flow, recorder, view, theme, timeline, now, wall);
    app.themes = themes;
    app.window.clock = args.clock || config.clock;
    app.keymap = config.keymap;
    if let Some(offer) = start.offer {
        if start.ask {
            app.offer(offer, wall);
        } else {
            // --resume with nobody to ask: the answer Enter would give.
            let answer = offer.suggested(wall, kind);
            app.take_up(offer, answer, now, wall);
        }
    }
    let file = match &source {
        Source::File(path) => Some(path.clone()),
        Source::Bundled(_) | Source::Missing { .. } => None,
    };
    let panic_on_key = std::env::var_os("HOLDSPACE_TEST_PANIC").is_some_and(|v| v == "1");
    let hint = history_hint(&source);
    // How the room hears a chime: the config's way, else the session's (a session that says
    // `chime = false` has none to hear at all).
    app.chime = config.chime.unwrap_or(session_chime);
    let sound = (app.chime == Chime::Sound).then(|| sound_player(config.player.as_deref(), paths));
    let sound = match sound {
        Some(Err(why)) => {
            // Said in the facilitator's view, never on the projection.
            app.window.notice = Some(why);
            None
        }
        Some(Ok(player)) => Some(player),
        None => None,
    };
    let options = app::Options { source: file, title: !args.no_title, journal: start.journal, sound, panic_on_key };
    let about = About {
        title,
        name: name.clone(),
        started: chrono::Local::now(),
        pid: std::process::id(),
        kind,
        speed,
        view,
        start: args.room.start,
    };
    let hello = Hello { version: protocol::VERSION, about, source: loaded.text };
    let web = Web::bind(args.window.serve, &config.serve, paths, &key)?;
    let window = Window { plain, watch: args.watch, keys: true, web };
    let (quit, hub) = window.open(&mut app, &clock, &options, |inputs| lead(paths, &key, hello, inputs))?;
    if app.recorder.reached_a_step() {
        let record = app.recorder.record(app.flow.session(), clock.now(), clock.wall().with_timezone(&chrono::Local));
        keep_record(&record, &name, &hint, paths)?;
    }
    match quit {
        Quit::Asked | Quit::Ended => {
            hub.end();
            Ok(())
        }
        // Ctrl-C: the journal is kept (followers wait for the run to be resumed), and the exit
        // status says it was an interrupt.
        Quit::AtOnce => Err(Failure::Signal(signal_hook::consts::SIGINT)),
    }
}

/// Whether a window tells the session in lines: when asked, and without a terminal to draw on
/// (output to a file or a pipe), which is then said.
pub(super) fn plain(asked: bool) -> bool {
    let plain = asked || !std::io::stdout().is_terminal();
    if plain && !asked {
        crate::print::note("standard output is not a terminal: telling the session in lines (--plain)");
    }
    plain
}

/// The theme asked for (`--theme` or the config's, else dark until the terminal says its
/// background is light), and every theme the theme key goes through with the place of this one
/// among them. `NO_COLOR` wins over all of it: no colour, nothing to cycle, nothing to ask.
pub(super) fn appearance(asked: Option<&str>, paths: Option<&Paths>) -> Result<(Theme, Themes), Failure> {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        let plain = Theme::new(false);
        return Ok((plain, Themes { all: vec![("no colour".into(), plain)], on: 0, follow: false }));
    }
    let folder = paths.map(|p| crate::themes::folder(&p.config));
    let name = asked.unwrap_or("dark");
    let theme = crate::themes::find(name, folder.as_deref().unwrap_or(std::path::Path::new("themes")))
        .map_err(|e| Failure::BadInput(e.to_string()))?;
    let mut all = crate::themes::all(folder.as_deref());
    let at = all.iter().position(|(n, t)| n == name && *t == theme).unwrap_or_else(|| {
        all.push((name.to_owned(), theme));
        all.len() - 1
    });
    Ok((theme, Themes { all, on: at, follow: asked.is_none() }))
}

/// The player of the chime's sound, its file written in the state folder.
fn sound_player(configured: Option<&str>, paths: Option<&Paths>) -> Result<app::sound::Player, String> {
    let folder = paths.map_or_else(std::env::temp_dir, |p| p.state.clone());
    app::sound::Player::find(configured, &folder)
}

/// A second run of a running file: where the first one is, and what can be done instead. With
/// someone at the terminal, it offers to follow that run from here (driving it, or only
/// watching); otherwise, or when they decline, it says so and fails.
fn offer_to_follow(name: &str, holder: &lock::Holder, paths: Option<&Paths>) -> Result<(), Failure> {
    let shown = crate::sanitize::clean(name, false);
    let running = format!("{shown} is already running (process {}, since {})", holder.pid, holder.since);
    let refused = || {
        Failure::BadInput(format!(
            "{running}: follow it from here with `holdspace follow` (add --read-only to only watch), or quit it there first"
        ))
    };
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(refused());
    }
    crate::print::note(&format!("{running}. f: follow it here · r: only watch it · any other key: cancel"));
    let answer = one_key().map_err(|e| Failure::Broken(format!("cannot read a key: {e}")))?;
    let read_only = match answer {
        Some('f' | 'F') => false,
        Some('r' | 'R') => true,
        _ => return Err(refused()),
    };
    super::follow::follow(&super::follow::FollowArgs::of(name, read_only), paths)
}

/// One key pressed at the terminal, read in raw mode; `None` for a key that is not a character.
fn one_key() -> std::io::Result<Option<char>> {
    use ratatui_crossterm::crossterm::event::{self, Event, KeyCode, KeyEventKind};
    use ratatui_crossterm::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    enable_raw_mode()?;
    let key = loop {
        match event::read() {
            Ok(Event::Key(key)) if key.kind == KeyEventKind::Press => break Ok(key.code),
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    disable_raw_mode()?;
    Ok(match key? {
        KeyCode::Char(c) => Some(c),
        _ => None,
    })
}

/// The socket other windows follow this run through, opened once the first frame is out;
/// without one the run goes on alone (and says why in the log).
fn lead(paths: Option<&Paths>, key: &str, hello: Hello, inputs: Sender<Input>) -> Hub {
    let Some(paths) = paths else { return Hub::default() };
    Socket::Opening(Box::new(Opening { paths: paths.clone(), key: key.to_owned(), hello, inputs })).into()
}

/// The pages' server of `--serve`, bound before the terminal is taken: an address that cannot
/// be served is a plain error on the command line, not a surprise in the middle of a session.
pub(super) struct Web {
    listener: TcpListener,
    /// New for each run unless the config fixes them.
    tokens: Tokens,
    /// Where the links are written for scripts: the runtime folder, beside the session's socket.
    file: Option<PathBuf>,
}

impl Web {
    /// Listens where `spec` says, if `--serve` was given (bare: where the config says, else on
    /// this machine only), for the session with key `key`.
    pub(super) fn bind(
        listen: Option<serve::Listen>,
        config: &crate::config::Serve,
        paths: Option<&Paths>,
        key: &str,
    ) -> Result<Option<Self>, Failure> {
        let spec = match listen {
            None => return Ok(None),
            Some(serve::Listen::At(spec)) => spec,
            Some(serve::Listen::Configured) => config.address.unwrap_or(Spec::LOCAL),
        };
        let listener = serve::bind(spec).map_err(|e| Failure::BadInput(format!("cannot serve the pages: {e}")))?;
        let file = paths.and_then(|p| Runtime::open(p).ok()).map(|runtime| runtime.links(key));
        let tokens = Tokens::fixed(config.view_token.as_deref(), config.control_token.as_deref());
        Ok(Some(Self { listener, tokens, file }))
    }

    /// Starts serving the pages of `app`, whose actions go to `inputs`, and says where.
    fn start(self, app: &mut App, inputs: Sender<Input>) -> Option<Server> {
        match Server::start(self.listener, self.tokens, inputs, self.file) {
            Ok(server) => {
                let links = server.links();
                app.window.notice = Some(format!("pages served at {}: u shows their links", links.base));
                app.window.links = Some(links.clone());
                Some(server)
            }
            Err(e) => {
                app.window.notice = Some(format!("cannot serve the pages: {e}"));
                None
            }
        }
    }
}

/// How a window shows a session: the full screen or lines, with the file watched or not.
pub(super) struct Window {
    /// Told in lines (`--plain`).
    pub plain: bool,
    /// Reload the session file when it is saved.
    pub watch: bool,
    /// Keys drive it. A plain window without keys only watches, and leaves the terminal alone.
    pub keys: bool,
    /// The pages' server, with `--serve`.
    pub web: Option<Web>,
}

impl Window {
    /// Takes the terminal, connects to the session's other windows with `connect` (given where
    /// inputs go), runs `app` until it ends, and gives the terminal back.
    pub fn open(
        mut self,
        app: &mut App,
        clock: &SystemClock,
        options: &app::Options,
        connect: impl FnOnce(Sender<Input>) -> Hub,
    ) -> Result<(Quit, Hub), Failure> {
        let broken = |what: &str, e: std::io::Error| Failure::Broken(format!("{what}: {e}"));
        if self.plain {
            let terminal_keys = self.keys && std::io::stdin().is_terminal();
            let (guard, signals) =
                terminal::enter_plain(terminal_keys).map_err(|e| broken("cannot take over the terminal", e))?;
            let inputs = match (self.keys, terminal_keys) {
                (true, true) => Ok(Inputs::start(false)),
                (true, false) => Inputs::from_lines(),
                (false, _) => Ok(Inputs::none()),
            };
            let mut inputs = inputs.map_err(|e| broken("cannot read keys", e))?;
            let mut hub = connect(inputs.sender());
            hub.web = self.web.take().and_then(|web| web.start(app, inputs.sender()));
            self.watch(&mut inputs, options).map_err(|e| broken("cannot watch the session file", e))?;
            let mut shell = PlainShell::new(signals, inputs.sender());
            let newline = if terminal_keys && std::io::stdout().is_terminal() { "\r\n" } else { "\n" };
            let mut lines = Lines { out: Box::new(std::io::stdout()), newline };
            let result = plain::run(app, &mut inputs, clock, &mut shell, &mut lines, options, &mut hub);
            drop(guard);
            return ended(result.map(|quit| (quit, hub)), true);
        }
        let ask = app.themes.follow && app::background::worth_asking(std::env::var("TERM").ok().as_deref());
        let (mut screen, guard, mut shell) =
            terminal::enter(ask).map_err(|e| broken("cannot take over the terminal", e))?;
        let mut inputs = Inputs::start(ask);
        shell.report_continues(inputs.sender());
        let mut hub = connect(inputs.sender());
        hub.web = self.web.take().and_then(|web| web.start(app, inputs.sender()));
        let result = self.watch(&mut inputs, options).and_then(|()| {
            app::run(&mut screen, app, &mut inputs, clock, &mut shell, options, &mut hub).map(|quit| (quit, hub))
        });
        // ratatui's `Terminal` shows the cursor when dropped and reports a failure with
        // `eprintln!`, which panics when the terminal was closed. Show it here; if the terminal
        // is gone, skip that drop (the process is ending, and the guard below restores what can
        // be restored).
        if screen.show_cursor().is_err() {
            std::mem::forget(screen);
        }
        drop(guard);
        ended(result, false)
    }

    fn watch(&self, inputs: &mut Inputs, options: &app::Options) -> std::io::Result<()> {
        match (&options.source, self.watch) {
            (Some(path), true) => inputs.watch(path),
            _ => Ok(()),
        }
    }
}

/// How the loop ended, once the terminal is given back: by a signal (the window closed,
/// `kill`), the terminal failing (for a `plain` window, its lines failing to be written, as to a
/// full disk: output that cannot be written, status 1), or as the loop said.
fn ended(result: std::io::Result<(Quit, Hub)>, plain: bool) -> Result<(Quit, Hub), Failure> {
    if let Some(signal) = terminal::caught_signal() {
        return Err(Failure::Signal(signal));
    }
    result.map_err(|e| {
        // The terminal's input ended, or reading it fails as a closed terminal does (EIO): the
        // window was closed, and the hang-up signal that says so may simply not have come yet.
        if e.kind() == std::io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(libc::EIO) {
            Failure::Signal(signal_hook::consts::SIGHUP)
        } else if plain {
            Failure::BadInput(format!("cannot write the session's lines: {e}"))
        } else {
            Failure::Broken(format!("the terminal stopped working: {e}"))
        }
    })
}

/// How to name this session to `history`: the bundled session by its name, a file by its path,
/// quoted for the shell when it needs to be.
fn history_hint(source: &Source) -> String {
    match source {
        Source::Bundled(bundled) => find::stem(*bundled).to_owned(),
        Source::Missing { name, .. } => name.clone(),
        Source::File(path) => {
            let text = crate::sanitize::clean(&path.display().to_string(), false);
            let plain = text.chars().all(|c| c.is_alphanumeric() || "-_./+,:@".contains(c));
            if plain { text } else { format!("'{}'", text.replace('\'', "'\\''")) }
        }
    }
}

/// Saves the record of this run beside the earlier ones. When that is impossible the rehearsal
/// still counts: the report is printed instead, with where it could not be saved.
fn keep_record(record: &Record, name: &str, hint: &str, paths: Option<&Paths>) -> Result<(), Failure> {
    let Some(folder) = paths.map(|paths| store::folder(paths, name)) else {
        crate::print::note("this system has no data folder to keep the timings in; here they are:");
        return Ok(crate::print::out(&rehearsal::markdown(record))?);
    };
    match store::save(&folder, record) {
        Ok(path) => {
            crate::print::note(&format!(
                "timings saved to {} (report: {}); see `holdspace history {hint}`",
                path.display(),
                path.with_extension("md").display()
            ));
            Ok(())
        }
        Err(e) => {
            crate::print::note(&format!("could not save the timings in {}: {e}; here they are:", folder.display()));
            Ok(crate::print::out(&rehearsal::markdown(record))?)
        }
    }
}
