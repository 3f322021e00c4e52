//! `holdspace follow`: a second window on a running session (the facilitator view on the laptop
//! while the projector shows the room view, or the other way round), driven by the same keys,
//! or a plain stream of lines for a screen reader or a log.

use std::path::Path;
use std::sync::mpsc;

use super::find;
use super::run::Window;
use super::{Failure, ViewArg};
use crate::app::clock::SystemClock;
use crate::app::{self, Clock};
use crate::flow::Flow;
use crate::model::{App, Msg, Quit, Role, View};
use crate::paths::{Paths, session_key};
use crate::plan::Timeline;
use crate::rehearsal::Recorder;
use crate::sanitize::clean;
use crate::share::Socket;
use crate::share::follower::{self, Link};
use crate::share::protocol::{self, MAX_UPDATE, Update};
use crate::share::runtime::{Running, Runtime};

// Options of `holdspace follow` (a plain comment, not a doc comment: see `Command`). Each flag
// is a switch on the command line.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct FollowArgs {
    /// The session to follow, as it was started (a file or a name); needed only when several
    /// are running.
    name: Option<String>,
    /// The view to show (default: the other one than the leading window's).
    #[arg(long, value_enum)]
    view: Option<ViewArg>,
    /// Tell the session in plain lines (one per event, with the clock time): for a screen reader
    /// or a log. Such a window only watches.
    #[arg(long)]
    plain: bool,
    /// Only watch: keys that would change the session are refused.
    #[arg(long)]
    read_only: bool,
    /// When no session is running, wait for one to start.
    #[arg(long)]
    wait: bool,
    /// Leave the window title alone (it shows the time left by default).
    #[arg(long)]
    no_title: bool,
    #[command(flatten)]
    window: super::WindowArgs,
}

impl FollowArgs {
    /// Following the session `name`, driving it or only watching: what a second `run` of a
    /// running file offers.
    pub fn of(name: &str, read_only: bool) -> Self {
        Self {
            name: Some(name.to_owned()),
            view: None,
            plain: false,
            read_only,
            wait: false,
            no_title: false,
            window: super::WindowArgs::default(),
        }
    }
}

/// Follows a running session until it ends or the window quits.
pub fn follow(args: &FollowArgs, paths: Option<&Paths>) -> Result<(), Failure> {
    let paths = paths.ok_or_else(|| Failure::BadInput("this system has no folder for running sessions".into()))?;
    let runtime =
        Runtime::open(paths).map_err(|e| Failure::BadInput(format!("cannot open the runtime folder: {e}")))?;
    let running = choose(&runtime, args, paths)?;
    let plain = super::run::plain(args.plain);
    let socket = runtime.socket(&running.key).map_err(|e| Failure::BadInput(e.to_string()))?;
    let mut joined = follower::join(&socket, runtime.folder(), Some(running.connection))
        .map_err(|e| Failure::BadInput(format!("cannot follow {}: {e}", clean(&running.about.name, false))))?;
    let about = joined.hello.about.clone();
    let session = crate::session::from_str(&joined.hello.source, &about.name)
        .map_err(|e| Failure::BadInput(format!("the running session does not load here: {e}")))?;
    // The first state comes with the greeting: the first frame shows the session as it stands.
    let first = match protocol::receive::<Update>(&mut joined.reader, MAX_UPDATE) {
        Ok(Some(Update::State(state))) => state,
        Ok(other) => return Err(Failure::BadInput(format!("the running session sent {other:?} instead of its state"))),
        Err(e) => return Err(Failure::BadInput(format!("cannot read the running session: {e}"))),
    };
    joined.reader.get_ref().set_read_timeout(None).map_err(|e| Failure::Broken(format!("cannot follow: {e}")))?;
    let clock = SystemClock::new(about.speed);
    let (now, wall) = (clock.now(), clock.wall());
    let view = match (args.view, about.view) {
        (Some(ViewArg::Facilitator), _) | (None, View::Room) => View::Facilitator,
        (Some(ViewArg::Room), _) | (None, View::Facilitator) => View::Room,
    };
    let (config, broken) = crate::config::load(Some(paths));
    if let Some(why) = broken {
        crate::print::note(&why);
    }
    let (theme, themes) =
        super::run::appearance(args.window.theme.as_deref().or(config.theme.as_deref()), Some(paths))?;
    let timeline = Timeline { mono: now, wall: wall.with_timezone(&chrono::Local).naive_local(), start: about.start };
    let recorder = Recorder::new(about.kind, &about.name, about.speed);
    let flow = Flow::new(session, Vec::new(), 0);
    let mut app = App::new(flow, recorder, view, theme, timeline, now, wall);
    app.themes = themes;
    app.keymap = config.keymap;
    app.role = Role::Follower { read_only: args.read_only || plain };
    app.update(Msg::Shared(first), now, wall);
    let options = app::Options { title: !args.no_title, ..app::Options::default() };
    // A following window's own pages are listed under a name of its own: the leader's list is
    // the leader's, for as long as it runs.
    let own = format!("{}.follower-{}", running.key, std::process::id());
    let web = super::run::Web::bind(args.window.serve, &config.serve, Some(paths), &own)?;
    let window = Window { plain, watch: false, keys: !plain, web };
    let folder = runtime.folder().to_owned();
    let (quit, _hub) = window.open(&mut app, &clock, &options, |inputs| {
        Socket::Following(Link::start(joined, socket, folder, inputs)).into()
    })?;
    match quit {
        // Told as a line already when plain.
        Quit::Ended if !plain => {
            crate::print::note(app.window.notice.as_deref().unwrap_or("the session ended"));
            Ok(())
        }
        Quit::Ended | Quit::Asked => Ok(()),
        Quit::AtOnce => Err(Failure::Signal(signal_hook::consts::SIGINT)),
    }
}

/// The running session to follow: the one named, or the only one; with none, waiting for one
/// with `--wait`.
fn choose(runtime: &Runtime, args: &FollowArgs, paths: &Paths) -> Result<Running, Failure> {
    let wanted = args.name.as_deref().map(|name| key_of(name, paths));
    let matching = |all: Vec<Running>| -> Vec<Running> {
        all.into_iter()
            .filter(|r| match (&wanted, args.name.as_deref()) {
                (Some(key), Some(name)) => r.key == *key || r.about.name == name || r.about.title == name,
                _ => true,
            })
            .collect()
    };
    let mut found = matching(runtime.running());
    if found.is_empty() && args.wait {
        found = wait_for(runtime, &matching)?;
    }
    match found.len() {
        0 => Err(Failure::BadInput(match &args.name {
            Some(name) => format!("no running session is called {}; `holdspace follow` lists them", clean(name, false)),
            None => "no session is running; start one with `holdspace run`, or wait for one with --wait".into(),
        })),
        1 => Ok(found.remove(0)),
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|r| {
                    format!(
                        "  {} · {} · {} since {} (process {})",
                        clean(&r.about.name, false),
                        clean(&r.about.title, false),
                        r.about.kind.word(),
                        r.about.started.format("%H:%M"),
                        r.about.pid
                    )
                })
                .collect();
            Err(Failure::BadInput(format!(
                "several sessions are running; name the one to follow:\n{}",
                list.join("\n")
            )))
        }
    }
}

/// The key of the session `name` stands for, found as `run` finds it.
fn key_of(name: &str, paths: &Paths) -> String {
    session_key(&find::name(&find::resolve(Path::new(name), Some(paths))).unwrap_or_else(|| name.to_owned()))
}

/// Waits, without polling, until a session that `matching` accepts starts.
fn wait_for(runtime: &Runtime, matching: &dyn Fn(Vec<Running>) -> Vec<Running>) -> Result<Vec<Running>, Failure> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |_| {
        let _ = tx.send(());
    })
    .map_err(|e| Failure::Broken(format!("cannot watch for a session to start: {e}")))?;
    watcher
        .watch(runtime.folder(), RecursiveMode::NonRecursive)
        .map_err(|e| Failure::Broken(format!("cannot watch for a session to start: {e}")))?;
    crate::print::note("waiting for a session to start (Ctrl-C stops waiting)");
    loop {
        let found = matching(runtime.running());
        if !found.is_empty() {
            return Ok(found);
        }
        if rx.recv().is_err() {
            return Err(Failure::Broken("stopped watching for a session to start".into()));
        }
    }
}
