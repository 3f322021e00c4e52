//! Whole-process figures of the real release binary in a pseudo-terminal at 120x40, printed as a
//! Markdown table of medians (the figures and their targets are in docs/performance.md):
//!
//! - start to the first complete frame (the welcome screen's last words and its progress line),
//!   plain, with `RUST_BACKTRACE=1` and inside tmux, against starting `echo` the same way;
//! - a key press to its new frame, through the pty and the whole process;
//! - CPU, wake-ups and bytes written to the terminal per second while a step's timer runs
//!   untouched, and while paused, blanked, on the welcome screen and on the end screen;
//! - peak memory (`VmHWM`) after stepping through the bundled session.
//!
//! ```sh
//! cargo build --release && cargo run --release --example measure
//! cargo run --release --example measure -- --quick            # a short smoke run
//! cargo run --release --example measure -- --runs 5 --starts 51 path/to/holdspace
//! cargo run --release --example measure -- --starts-only --starts 51   # start figures alone
//! cargo run --release --example measure -- --serve-only   # the pages' server (`run --serve`) alone
//! cargo run --release --example measure -- --follow-only  # followers alone (start, keys both ways, idle)
//! cargo run --release --example measure -- --presence-only   # theme switch, flash, sound alone
//! ```
//!
//! `--runs N` sets how many fresh processes go through the idle windows (3; 1 with `--quick`),
//! `--starts N` how many starts of each kind are timed (21; 5 with `--quick`). Build the binary
//! first: `cargo run --example` does not, and a warning says when src/ is newer than it.
//!
//! Linux only: CPU time, context switches and memory are read from `/proc`; a figure that cannot
//! be read is printed as n/a. The app runs with the window title on, as users get it, and with
//! a fresh, empty `XDG_STATE_HOME` for every start, so that no journal of an earlier run is found.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

#[path = "measure/presence.rs"]
mod presence;
#[path = "measure/serve.rs"]
mod serve;

const COLS: u16 = 120;
const ROWS: u16 = 40;
/// How long any one thing may take to appear on the screen before it is given up.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Time for the app to settle after a key before a window of counting starts.
const SETTLE: Duration = Duration::from_secs(1);
const RIGHT: &str = "\x1b[C";
const LEFT: &str = "\x1b[D";
const END: &str = "\x1b[F";
/// The welcome screen's header (its "press → to begin" may carry a notice's mark at its end).
const BEGIN: &str = "Welcome";
/// The end screen's top line (the room sees "Thank you" in big letters, not text).
const END_SCREEN: &str = "the end";
/// What opens every frame: the start of a synchronized update.
const FRAME: &[u8] = b"\x1b[?2026h";

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("measure: {message}");
            eprintln!(
                "usage: cargo run --release --example measure -- [--quick] [--starts-only | --follow-only | --serve-only | --presence-only] [--runs N] [--starts N] [PATH-TO-HOLDSPACE]"
            );
            return ExitCode::from(2);
        }
    };
    if !options.bin.is_file() {
        eprintln!("measure: no binary at {}; build it first with `cargo build --release`", options.bin.display());
        return ExitCode::from(2);
    }
    warn_if_stale(&options.bin);
    eprintln!("measure: {} at {COLS}x{ROWS}", options.bin.display());
    let rows = match options.only {
        Some(Part::Starts) => starts(&options),
        Some(Part::Follow) => follow(&options),
        Some(Part::Serve) => serve::serve(&options),
        Some(Part::Presence) => presence::presence(&options),
        None => {
            let mut rows = starts(&options);
            rows.push(keys(&options));
            rows.extend(idle(&options));
            rows.push(memory(&options));
            rows.extend(follow(&options));
            rows.extend(serve::serve(&options));
            rows.extend(presence::presence(&options));
            rows
        }
    };
    print_table(&options, &rows);
    let _ = std::fs::remove_dir_all(scratch());
    ExitCode::SUCCESS
}

/// What the command line asks for.
struct Options {
    bin: PathBuf,
    /// Starts timed of each kind.
    start_runs: usize,
    /// Fresh processes whose idle windows are measured.
    idle_runs: usize,
    /// The window while a timer runs.
    long: Duration,
    /// The windows of the screens that should be still.
    short: Duration,
    /// One part of the figures alone (`--starts-only` and the like), for trying a change quickly.
    only: Option<Part>,
}

/// A part of the figures that can be measured alone.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// The starts to the first frame.
    Starts,
    /// Followers: their start, keys both ways, their idle cost.
    Follow,
    /// The pages' server.
    Serve,
    /// Themes and chimes.
    Presence,
}

impl Options {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut bin = None;
        let (mut quick, mut only) = (false, None);
        let (mut runs, mut starts) = (None, None);
        let count = |flag: &str, value: Option<String>| -> Result<Option<usize>, String> {
            let value = value.ok_or(format!("{flag} needs a number"))?;
            value.parse::<usize>().ok().filter(|n| *n > 0).map(Some).ok_or(format!("bad {flag} {value:?}"))
        };
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => quick = true,
                "--starts-only" => only = Some(Part::Starts),
                "--follow-only" => only = Some(Part::Follow),
                "--serve-only" => only = Some(Part::Serve),
                "--presence-only" => only = Some(Part::Presence),
                "--runs" => runs = count("--runs", args.next())?,
                "--starts" => starts = count("--starts", args.next())?,
                "-h" | "--help" => return Err("measures the release binary in a pseudo-terminal".into()),
                flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
                path => bin = Some(PathBuf::from(path)),
            }
        }
        let bin = bin.unwrap_or_else(default_binary);
        let (long, short) = if quick { (5, 2) } else { (30, 10) };
        Ok(Self {
            bin,
            start_runs: starts.unwrap_or(if quick { 5 } else { 21 }),
            idle_runs: runs.unwrap_or(if quick { 1 } else { 3 }),
            long: Duration::from_secs(long),
            short: Duration::from_secs(short),
            only,
        })
    }
}

/// The `holdspace` built beside this example (`target/<host>/release/holdspace`, or under
/// `CARGO_TARGET_DIR`): the example is in `examples/` of the same folder.
fn default_binary() -> PathBuf {
    let me = std::env::current_exe().unwrap_or_default();
    me.parent().and_then(Path::parent).map_or_else(|| PathBuf::from("holdspace"), |folder| folder.join("holdspace"))
}

/// `cargo run --example` does not build the binary: say so when a source file is newer than it.
fn warn_if_stale(bin: &Path) {
    fn newest(dir: &Path) -> Option<SystemTime> {
        std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .filter_map(|entry| {
                let meta = entry.metadata().ok()?;
                if meta.is_dir() { newest(&entry.path()) } else { meta.modified().ok() }
            })
            .max()
    }
    let built = std::fs::metadata(bin).and_then(|m| m.modified()).ok();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let changed = [newest(&root.join("src")), newest(&root.join("sessions"))].into_iter().flatten().max();
    if let (Some(built), Some(changed)) = (built, changed)
        && changed > built
    {
        eprintln!(
            "measure: warning: src/ changed after {} was built; run `cargo build --release` first",
            bin.display()
        );
    }
}

/// One line of the table.
struct Row {
    figure: String,
    target: &'static str,
    value: String,
    detail: String,
}

impl Row {
    fn new(
        figure: impl Into<String>,
        target: &'static str,
        value: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self { figure: figure.into(), target, value: value.into(), detail: detail.into() }
    }
}

fn print_table(options: &Options, rows: &[Row]) {
    println!();
    println!(
        "holdspace at {COLS}x{ROWS}, medians; timer window {} s, still windows {} s, {} idle run(s), {} starts of each kind",
        options.long.as_secs(),
        options.short.as_secs(),
        options.idle_runs,
        options.start_runs
    );
    println!();
    println!("| figure | target | median | detail |");
    println!("|---|---|---|---|");
    for row in rows {
        println!("| {} | {} | {} | {} |", row.figure, row.target, row.value, row.detail);
    }
}

// ---------------------------------------------------------------------------------------------
// The pseudo-terminal

/// A condition on the screen's text, and the instant the output first met it.
type Condition = Box<dyn Fn(&str) -> bool + Send>;

#[derive(Default)]
struct Watch {
    condition: Option<Condition>,
    met: Option<Instant>,
}

/// What the reader thread keeps up to date.
struct Shared {
    bytes: AtomicU64,
    /// Frames begun: synchronized updates opened (`CSI ? 2026 h`).
    frames: AtomicU64,
    /// When the first byte of output was read.
    first: Mutex<Option<Instant>>,
    screen: Mutex<vt100::Parser>,
    watch: Mutex<Watch>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A program running in a pseudo-terminal of `COLS` x `ROWS`, its output counted and parsed.
struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Mutex<Box<dyn Write + Send>>,
    shared: Arc<Shared>,
    /// Kept open for as long as the program runs.
    _master: Box<dyn MasterPty + Send>,
    /// When the program was spawned.
    spawned: Instant,
}

impl Pty {
    /// Spawns `cmd` directly as the pty's child; `condition`, if any, is watched from the first byte.
    fn spawn(mut cmd: CommandBuilder, condition: Option<Condition>) -> io::Result<Self> {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .map_err(io::Error::other)?;
        let mut reader = pair.master.try_clone_reader().map_err(io::Error::other)?;
        let writer = pair.master.take_writer().map_err(io::Error::other)?;
        let shared = Arc::new(Shared {
            bytes: AtomicU64::new(0),
            frames: AtomicU64::new(0),
            first: Mutex::new(None),
            screen: Mutex::new(vt100::Parser::new(ROWS, COLS, 0)),
            watch: Mutex::new(Watch { condition, met: None }),
        });
        // One thread only reads and notes the instant; another parses. Parsing a chunk takes tens
        // of microseconds, which would otherwise delay reading (and timing) the next one.
        let (chunks, parse) = mpsc::channel::<(Vec<u8>, Instant)>();
        let seen = Arc::clone(&shared);
        thread::Builder::new().name("pty reader".into()).spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            // The end of the previous chunk, for a frame's opening split between two reads.
            let mut tail: Vec<u8> = Vec::new();
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                let at = Instant::now();
                seen.bytes.fetch_add(n as u64, Ordering::SeqCst);
                tail.extend_from_slice(&buf[..n]);
                let opened = tail.windows(FRAME.len()).filter(|w| *w == FRAME).count();
                seen.frames.fetch_add(opened as u64, Ordering::SeqCst);
                tail.drain(..tail.len().saturating_sub(FRAME.len() - 1));
                lock(&seen.first).get_or_insert(at);
                if chunks.send((buf[..n].to_vec(), at)).is_err() {
                    break;
                }
            }
        })?;
        let seen = Arc::clone(&shared);
        thread::Builder::new().name("pty parser".into()).spawn(move || {
            for (chunk, at) in parse {
                let mut screen = lock(&seen.screen);
                screen.process(&chunk);
                let mut watch = lock(&seen.watch);
                if watch.met.is_none() && watch.condition.as_ref().is_some_and(|c| c(&screen.screen().contents())) {
                    watch.met = Some(at);
                }
            }
        })?;
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("TMUX");
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(cmd).map_err(io::Error::other)?;
        drop(pair.slave); // so that reading ends once the program is gone
        Ok(Self { child, writer: Mutex::new(writer), shared, _master: pair.master, spawned })
    }

    fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    fn contents(&self) -> String {
        lock(&self.shared.screen).screen().contents()
    }

    fn bytes(&self) -> u64 {
        self.shared.bytes.load(Ordering::SeqCst)
    }

    /// Frames begun so far.
    fn frames(&self) -> u64 {
        self.shared.frames.load(Ordering::SeqCst)
    }

    fn send(&self, keys: &str) -> bool {
        let mut writer = lock(&self.writer);
        writer.write_all(keys.as_bytes()).and_then(|()| writer.flush()).is_ok()
    }

    /// Watches for `condition` from now on, forgetting any earlier match.
    fn arm(&self, condition: Condition) {
        *lock(&self.shared.watch) = Watch { condition: Some(condition), met: None };
    }

    /// Waits for the armed condition; the instant the output that met it was read.
    fn met(&self) -> Option<Instant> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(at) = lock(&self.shared.watch).met {
                return Some(at);
            }
            if Instant::now() > deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(1));
        }
    }

    /// Waits until the screen's text satisfies `ok`; false after `TIMEOUT`.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> bool {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if ok(&self.contents()) {
                return true;
            }
            if Instant::now() > deadline {
                eprintln!("measure: timed out waiting for {what}");
                return false;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Ends the program (SIGHUP, then SIGKILL) and reaps it.
    fn end(mut self) {
        let _ = self.child.kill();
        let deadline = Instant::now() + TIMEOUT;
        while !matches!(self.child.try_wait(), Ok(Some(_)) | Err(_)) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
    }
}

/// The welcome screen is complete: its last words and, drawn after them, the progress line `0/N`.
fn welcome_drawn(text: &str) -> bool {
    text.contains(BEGIN) && progress_at(text, 0)
}

/// The room view shows the first step (`done` 1), or the whole welcome screen again (`done` 0).
fn on_step(text: &str, done: usize) -> bool {
    progress_at(text, done) && (done == 1 || text.contains(BEGIN))
}

/// The progress line, the last thing a frame draws, reads `done/N`.
fn progress_at(text: &str, done: usize) -> bool {
    let label = format!("{done}/");
    text.lines().any(|line| {
        line.trim_end().rsplit(' ').next().is_some_and(|word| {
            word.strip_prefix(&label).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    })
}

/// The app with `args`, spawned directly (no shell between), so that its pid is the child's.
fn holdspace(bin: &Path, args: &[&str], backtrace: bool) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(bin);
    cmd.args(args);
    cmd.env("XDG_STATE_HOME", fresh_state_folder());
    cmd.env("XDG_RUNTIME_DIR", runtime_folder());
    if backtrace {
        cmd.env("RUST_BACKTRACE", "1");
    } else {
        cmd.env_remove("RUST_BACKTRACE");
    }
    cmd
}

/// The folder that holds every state folder this run makes; removed at the end.
fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("holdspace-measure-{}", std::process::id()))
}

/// The runtime folder every process of this run shares (where a run's socket is, for `follow`):
/// private, as a system's runtime folder is, and never the user's own.
fn runtime_folder() -> PathBuf {
    let folder = scratch().join("runtime");
    if std::fs::create_dir_all(&folder).is_ok() {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700));
    }
    folder
}

/// A new, empty state folder (`XDG_STATE_HOME`) for one start of the app. The app keeps a journal
/// of an unfinished run there, and every run here ends unfinished (by SIGHUP): with a shared
/// folder the next start would stop to ask whether to continue it.
fn fresh_state_folder() -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let folder = scratch().join(format!("state-{}", NEXT.fetch_add(1, Ordering::SeqCst)));
    if let Err(e) = std::fs::create_dir_all(&folder) {
        eprintln!("measure: cannot make {}: {e}", folder.display());
    }
    folder
}

// ---------------------------------------------------------------------------------------------
// Start to the first frame

fn starts(options: &Options) -> Vec<Row> {
    let n = options.start_runs;
    eprintln!("measure: {n} starts each of echo, holdspace --version, holdspace, holdspace with RUST_BACKTRACE=1");
    // The four kinds take turns, so that a noisy moment of the machine falls on all of them.
    let (mut echo, mut version, mut plain, mut backtrace) =
        (Starts::default(), Starts::default(), Starts::default(), Starts::default());
    for i in 0..n + 2 {
        let mut cmd = CommandBuilder::new("echo");
        cmd.arg("holdspace-echo-ready");
        let e = start_once(cmd, Box::new(|text| text.contains("holdspace-echo-ready")));
        let v =
            start_once(holdspace(&options.bin, &["--version"], false), Box::new(|text| text.contains("holdspace ")));
        // Which of these two goes first changes every time: a start right after another one's
        // end came out slower, whatever its environment.
        let app = |backtrace| start_once(holdspace(&options.bin, &["run"], backtrace), Box::new(welcome_drawn));
        let (p, b) = if i % 2 == 0 {
            let p = app(false);
            (p, app(true))
        } else {
            let b = app(true);
            (app(false), b)
        };
        if i >= 2 {
            // The first two warm the caches.
            echo.push(e);
            version.push(v);
            plain.push(p);
            backtrace.push(b);
        }
    }
    let mut rows = vec![
        Row::new("start `echo` in the same pty (reference)", "", ms(median(&echo.done)), spread(&echo.done)),
        Row::new(
            "start `holdspace --version` (reference: loading the binary and parsing arguments)",
            "",
            ms(median(&version.done)),
            spread(&version.done),
        ),
        start_row("start to first frame", &plain, &echo.done),
        start_row("start to first frame, RUST_BACKTRACE=1", &backtrace, &echo.done),
    ];
    rows.extend(tmux_starts(options));
    rows
}

/// Times of starts, in seconds from the spawn: to the first byte of output, and to the awaited screen.
#[derive(Default)]
struct Starts {
    first: Vec<f64>,
    done: Vec<f64>,
}

impl Starts {
    fn push(&mut self, start: Option<(Duration, Duration)>) {
        if let Some((first, done)) = start {
            self.first.push(first.as_secs_f64());
            self.done.push(done.as_secs_f64());
        }
    }
}

fn start_row(figure: &str, app: &Starts, echo: &[f64]) -> Row {
    let mut row = ratio_row(figure, &app.done, echo, "echo");
    row.detail = format!("{}; its first byte after {}", row.detail, ms(median(&app.first)));
    row
}

fn ratio_row(figure: &str, app: &[f64], reference: &[f64], name: &str) -> Row {
    let ratio = median(app).zip(median(reference)).map_or("n/a".into(), |(a, e)| format!("{:.2}x {name}", a / e));
    Row::new(figure, "≤ 2x echo", format!("{} ({ratio})", ms(median(app))), spread(app))
}

/// Spawns `cmd` in a fresh pty; the times from the spawn until its first byte of output, and
/// until its output meets `condition`.
fn start_once(cmd: CommandBuilder, condition: Condition) -> Option<(Duration, Duration)> {
    // Let the previous start's exit settle first.
    thread::sleep(Duration::from_millis(50));
    let pty = match Pty::spawn(cmd, Some(condition)) {
        Ok(pty) => pty,
        Err(e) => {
            eprintln!("measure: cannot spawn in a pty: {e}");
            return None;
        }
    };
    let met = pty.met();
    let first = *lock(&pty.shared.first);
    let took = met.zip(first).map(|(met, first)| (first - pty.spawned, met - pty.spawned));
    if took.is_none() {
        eprintln!("measure: timed out waiting for the first output; the screen:\n{}", pty.contents());
    }
    pty.end();
    took
}

/// The same starts inside tmux: a tmux client runs in the pty with the status line off, and each
/// start is `tmux respawn-pane -k` of the program, timed until the client shows its output.
fn tmux_starts(options: &Options) -> Vec<Row> {
    const FIGURE: &str = "start to first frame, inside tmux";
    let version = Command::new("tmux").arg("-V").stderr(Stdio::null()).output();
    let Some(version) = version.ok().filter(|o| o.status.success()) else {
        return vec![Row::new(FIGURE, "≤ 2x echo", "skipped", "tmux is not installed")];
    };
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    let n = options.start_runs;
    eprintln!("measure: {n} starts each of tail -f and holdspace inside {version}");
    let Some(tmux) = Tmux::launch() else {
        return vec![Row::new(FIGURE, "≤ 2x echo", "n/a", "tmux did not start")];
    };
    let bin = options.bin.display().to_string();
    // `echo` exits at once, and tmux 3.3a often drops the output of a pane whose program has
    // already gone; `tail -f` of a one-line file writes as little and stays.
    let file = std::env::temp_dir().join(format!("holdspace-measure-{}.txt", std::process::id()));
    let path = file.display().to_string();
    let (mut echo, mut app) = (Vec::new(), Vec::new());
    for i in 0..n + 2 {
        let marker = format!("holdspace-tail-{i}");
        if std::fs::write(&file, format!("{marker}\n")).is_err() {
            break;
        }
        let e = tmux.time(&["tail", "-f", &path], Box::new(move |text| text.contains(&marker)));
        // The screen must not still show the previous start's welcome (`tail` replaced it).
        let gone = tmux.client.wait_until("the previous welcome screen to go", |text| !welcome_drawn(text));
        let state = format!("XDG_STATE_HOME={}", fresh_state_folder().display());
        let a = if gone { tmux.time(&["-e", &state, &bin, "run"], Box::new(welcome_drawn)) } else { None };
        if i >= 2 {
            echo.extend(e.map(|d| d.as_secs_f64()));
            app.extend(a.map(|d| d.as_secs_f64()));
        }
    }
    let _ = std::fs::remove_file(&file);
    tmux.stop();
    vec![
        Row::new(format!("start `tail -f` inside tmux (reference, {version})"), "", ms(median(&echo)), spread(&echo)),
        ratio_row(FIGURE, &app, &echo, "tail -f"),
    ]
}

/// A private tmux server, its one client attached in our pty.
struct Tmux {
    socket: String,
    client: Pty,
}

impl Tmux {
    fn launch() -> Option<Self> {
        let socket = format!("holdspace-measure-{}", std::process::id());
        let mut cmd = CommandBuilder::new("tmux");
        cmd.args(["-L", &socket, "-f", "/dev/null", "new-session", "-s", "measure", "sleep", "3600"]);
        cmd.args([";", "set", "-g", "status", "off", ";", "set", "-g", "remain-on-exit", "on"]);
        cmd.env_remove("RUST_BACKTRACE");
        let client = Pty::spawn(cmd, None).ok()?;
        let tmux = Self { socket, client };
        let deadline = Instant::now() + TIMEOUT;
        while !tmux.command(&["show-options", "-g", "remain-on-exit"]).is_some_and(|out| out.contains("on")) {
            if Instant::now() > deadline {
                tmux.stop();
                return None;
            }
            thread::sleep(Duration::from_millis(20));
        }
        thread::sleep(Duration::from_millis(300));
        Some(tmux)
    }

    /// Runs a tmux command against our server; its output when it succeeded.
    fn command(&self, args: &[&str]) -> Option<String> {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Replaces the pane's program with `program` (which may start with `-e NAME=VALUE`, for its
    /// environment); the time until the client shows `condition`.
    fn time(&self, program: &[&str], condition: Condition) -> Option<Duration> {
        self.client.arm(condition);
        let started = Instant::now();
        let mut respawn = Command::new("tmux");
        respawn.args(["-L", &self.socket, "respawn-pane", "-k", "-t", "measure"]).args(program).env_remove("TMUX");
        let mut respawn = respawn.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok()?;
        let met = self.client.met();
        let _ = respawn.wait();
        if met.is_none() {
            eprintln!("measure: timed out inside tmux; the screen:\n{}", self.client.contents());
        }
        met.map(|at| at.saturating_duration_since(started))
    }

    fn stop(self) {
        self.command(&["kill-server"]);
        self.client.end();
    }
}

// ---------------------------------------------------------------------------------------------
// Idle: what the process costs while nobody touches it

/// The screens measured while nobody touches the keys.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Still {
    Welcome,
    Timer,
    Paused,
    Blanked,
    End,
}

impl Still {
    const ALL: [Still; 5] = [Still::Timer, Still::Paused, Still::Blanked, Still::Welcome, Still::End];

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn name(self) -> &'static str {
        match self {
            Still::Welcome => "welcome screen",
            Still::Timer => "a step timer running untouched",
            Still::Paused => "paused",
            Still::Blanked => "blanked",
            Still::End => "end screen",
        }
    }
}

/// A reading of the process's counters.
struct Sample {
    at: Instant,
    /// utime + stime of all threads, in clock ticks (/proc/PID/stat).
    ticks: Option<u64>,
    /// Time on a CPU of all threads, in nanoseconds (/proc/PID/task/*/schedstat).
    cpu_ns: Option<u64>,
    /// Voluntary and involuntary context switches of all threads (/proc/PID/task/*/status).
    switches: Option<u64>,
    /// The voluntary ones alone: a thread blocked and was woken.
    voluntary: Option<u64>,
    /// Bytes the program wrote to the terminal so far.
    bytes: u64,
}

impl Sample {
    fn take(pty: &Pty) -> Sample {
        let pid = pty.pid();
        Sample {
            at: Instant::now(),
            ticks: pid.and_then(cpu_ticks),
            cpu_ns: pid.and_then(cpu_ns),
            switches: pid.and_then(|pid| switches(pid, true)),
            voluntary: pid.and_then(|pid| switches(pid, false)),
            bytes: pty.bytes(),
        }
    }
}

/// The cost of one window, per second.
#[derive(Default, Clone, Copy)]
struct Cost {
    /// Percent of one core from utime + stime.
    cpu_ticks: Option<f64>,
    /// Percent of one core from the scheduler's nanosecond count.
    cpu_ns: Option<f64>,
    wakeups: Option<f64>,
    voluntary: Option<f64>,
    bytes: Option<f64>,
}

fn window(pty: &mut Pty, length: Duration, ticks_per_sec: f64) -> Option<Cost> {
    let start = Sample::take(pty);
    thread::sleep(length);
    let end = Sample::take(pty);
    if !pty.alive() {
        eprintln!("measure: the app ended during a window");
        return None;
    }
    let secs = end.at.duration_since(start.at).as_secs_f64();
    let delta = |a: Option<u64>, b: Option<u64>| Some(b?.saturating_sub(a?) as f64);
    Some(Cost {
        cpu_ticks: delta(start.ticks, end.ticks).map(|t| t / ticks_per_sec / secs * 100.0),
        cpu_ns: delta(start.cpu_ns, end.cpu_ns).map(|ns| ns / 1e9 / secs * 100.0),
        wakeups: delta(start.switches, end.switches).map(|n| n / secs),
        voluntary: delta(start.voluntary, end.voluntary).map(|n| n / secs),
        bytes: Some(end.bytes.saturating_sub(start.bytes) as f64 / secs),
    })
}

fn idle(options: &Options) -> Vec<Row> {
    let ticks_per_sec = clock_ticks();
    let mut costs: Vec<[Option<Cost>; 5]> = Vec::new();
    for run in 1..=options.idle_runs {
        eprintln!("measure: idle run {run} of {}", options.idle_runs);
        costs.push(idle_run(options, ticks_per_sec));
    }
    let mut rows = Vec::new();
    for (i, still) in Still::ALL.into_iter().enumerate() {
        let all: Vec<Cost> = costs.iter().filter_map(|run| run[i]).collect();
        let pick = |f: fn(&Cost) -> Option<f64>| all.iter().filter_map(f).collect::<Vec<f64>>();
        let (ticks, ns, wakeups, voluntary, bytes) =
            (pick(|c| c.cpu_ticks), pick(|c| c.cpu_ns), pick(|c| c.wakeups), pick(|c| c.voluntary), pick(|c| c.bytes));
        let secs = match still {
            Still::Timer => options.long.as_secs(),
            _ => options.short.as_secs(),
        };
        let name = still.name();
        let cpu = format!("{} (scheduler: {})", fixed(median(&ticks), 3, " %"), fixed(median(&ns), 4, " %"));
        let runs = format!(
            "{} run(s) of {secs} s; wake-ups per run: {} (voluntary: {})",
            all.len(),
            list(&wakeups, 2),
            list(&voluntary, 2)
        );
        match still {
            Still::Timer => {
                rows.push(Row::new(format!("CPU, {name}"), "≤ 0.1 % of one core", cpu, runs));
                rows.push(Row::new(
                    format!("wake-ups, {name}"),
                    "≤ 2 per second",
                    fixed(median(&wakeups), 2, " /s"),
                    format!(
                        "context switches of all threads, voluntary and involuntary; voluntary alone {}",
                        fixed(median(&voluntary), 2, " /s")
                    ),
                ));
                rows.push(Row::new(
                    format!("bytes to the terminal, {name}"),
                    "≤ 300 per second",
                    fixed(median(&bytes), 0, " B/s"),
                    format!("per run: {}; includes the window title, once a second", list(&bytes, 0)),
                ));
            }
            _ => rows.push(Row::new(
                format!("{name}: wake-ups, bytes, CPU"),
                "0 wake-ups, 0 bytes",
                format!("{}, {}, {cpu}", fixed(median(&wakeups), 2, " /s"), fixed(median(&bytes), 0, " B/s")),
                runs,
            )),
        }
    }
    rows
}

/// One fresh process, through every still screen in turn; each screen's cost or `None`.
fn idle_run(options: &Options, ticks_per_sec: f64) -> [Option<Cost>; 5] {
    let mut costs = [None; 5];
    match Pty::spawn(holdspace(&options.bin, &["run"], false), None) {
        Ok(mut pty) => {
            let _ = walk(&mut pty, options, ticks_per_sec, &mut costs);
            pty.end();
        }
        Err(e) => eprintln!("measure: cannot spawn in a pty: {e}"),
    }
    costs
}

/// Goes from the welcome screen through a running timer, paused, blanked, to the end screen,
/// measuring a window on each; stops at the first screen that does not come.
fn walk(pty: &mut Pty, options: &Options, ticks_per_sec: f64, costs: &mut [Option<Cost>; 5]) -> Option<()> {
    let mut measure = |pty: &mut Pty, still: Still| {
        thread::sleep(SETTLE);
        let length = if still == Still::Timer { options.long } else { options.short };
        costs[still.index()] = window(pty, length, ticks_per_sec);
    };
    let ok = |done: bool| done.then_some(());
    ok(pty.wait_until("the welcome screen", welcome_drawn))?;
    measure(pty, Still::Welcome);
    ok(pty.send(RIGHT) && pty.wait_until("the first step", |t| progress_at(t, 1)))?;
    measure(pty, Still::Timer);
    ok(pty.send(" ") && pty.wait_until("PAUSED", |t| t.contains("PAUSED")))?;
    measure(pty, Still::Paused);
    ok(pty.send(" ") && pty.wait_until("the pause to end", |t| !t.contains("PAUSED")))?;
    ok(pty.send("b") && pty.wait_until("a blank screen", |t| t.trim().is_empty()))?;
    measure(pty, Still::Blanked);
    ok(pty.send("x") && pty.wait_until("the screen back", |t| !t.trim().is_empty()))?;
    ok(to_the_end(pty) && pty.wait_until("the end screen", |t| t.contains(END_SCREEN)))?;
    measure(pty, Still::End);
    Some(())
}

/// The agenda (`g`), its last step (End, Enter), and on past it (→).
fn to_the_end(pty: &mut Pty) -> bool {
    ["g", END, "\r", RIGHT].iter().all(|keys| {
        let sent = pty.send(keys);
        thread::sleep(Duration::from_millis(300));
        sent
    })
}

// ---------------------------------------------------------------------------------------------
// A key press, through the whole process

/// → and ← in turn between the welcome screen and the first step: the time from writing the key
/// to the pty until the new frame's progress line has been read back. It holds everything a
/// press costs: the pty both ways, the key's decoding, the journal saved before the frame, the draw.
fn keys(options: &Options) -> Row {
    const FIGURE: &str = "key press to new frame, whole process through the pty (→ and ← at 120x40)";
    const TARGET: &str = "(≤ 1 ms in process)";
    let Ok(pty) = Pty::spawn(holdspace(&options.bin, &["run"], false), None) else {
        return Row::new(FIGURE, TARGET, "n/a", "cannot spawn in a pty");
    };
    let n = options.start_runs;
    eprintln!("measure: {n} presses each of → and ←");
    let times =
        if pty.wait_until("the welcome screen", welcome_drawn) { presses(&pty, &pty, n, on_step) } else { Vec::new() };
    pty.end();
    Row::new(
        FIGURE,
        TARGET,
        ms(median(&times)),
        format!("{}; includes the journal saved before each frame", spread(&times)),
    )
}

// ---------------------------------------------------------------------------------------------
// A second window: `holdspace follow`

/// The facilitator view of a follower is complete: its schedule and its progress line.
fn follower_drawn(text: &str, done: usize) -> bool {
    text.contains("schedule") && progress_at(text, done)
}

/// A leader in one pty, followers in others: a follower's start (against `echo` started the same
/// way, taking turns), a key in either window to the new frame in the other, and what a follower
/// costs while a timer runs and while paused.
fn follow(options: &Options) -> Vec<Row> {
    const TARGET: &str = "≤ 5 ms (≤ 1 ms in process)";
    let Ok(mut leader) = Pty::spawn(holdspace(&options.bin, &["run"], false), None) else {
        return vec![Row::new("followers", "", "n/a", "cannot spawn the leader in a pty")];
    };
    if !leader.wait_until("the leader's welcome screen", welcome_drawn) {
        leader.end();
        return Vec::new();
    }
    let n = options.start_runs;
    eprintln!("measure: {n} starts each of echo and holdspace follow, beside a running session");
    let (mut echo, mut starts) = (Starts::default(), Starts::default());
    for i in 0..n + 2 {
        let mut cmd = CommandBuilder::new("echo");
        cmd.arg("holdspace-echo-ready");
        let e = start_once(cmd, Box::new(|text| text.contains("holdspace-echo-ready")));
        let f = start_once(holdspace(&options.bin, &["follow"], false), Box::new(|text| follower_drawn(text, 0)));
        if i >= 2 {
            echo.push(e);
            starts.push(f);
        }
    }
    let mut rows = vec![start_row("follower start to first frame, a session running", &starts, &echo.done)];
    let Ok(mut follower) = Pty::spawn(holdspace(&options.bin, &["follow"], false), None) else {
        leader.end();
        return rows;
    };
    if follower.wait_until("the follower's first frame", |t| follower_drawn(t, 0)) {
        eprintln!("measure: {n} presses each of → and ← in the leader, then in the follower");
        let there = presses(&leader, &follower, n, follower_drawn);
        rows.push(Row::new(
            "key in the leader to the new frame in a follower, through both ptys",
            TARGET,
            ms(median(&there)),
            spread(&there),
        ));
        let back = presses(&follower, &leader, n, on_step);
        rows.push(Row::new(
            "key in a follower to the new frame in the leader, through both ptys",
            TARGET,
            ms(median(&back)),
            spread(&back),
        ));
        rows.extend(follower_idle(options, &mut leader, &mut follower));
    }
    follower.end();
    leader.end();
    rows
}

/// → and ← in turn in `from` (an even number of them, so it ends where it began), each timed
/// until `to` shows the step it leads to; the first two warm up and are not counted.
fn presses(from: &Pty, to: &Pty, n: usize, shows: fn(&str, usize) -> bool) -> Vec<f64> {
    let mut times = Vec::new();
    for i in 0..(n + 2).next_multiple_of(2) {
        let (keys, done) = if i % 2 == 0 { (RIGHT, 1) } else { (LEFT, 0) };
        to.arm(Box::new(move |text| shows(text, done)));
        let sent = Instant::now();
        if !from.send(keys) {
            break;
        }
        match to.met() {
            Some(at) if i >= 2 => times.push(at.duration_since(sent).as_secs_f64()),
            Some(_) => {}
            None => {
                eprintln!("measure: no new frame in the other window; its screen:\n{}", to.contents());
                break;
            }
        }
        thread::sleep(Duration::from_millis(100));
    }
    times
}

/// What a follower costs: a window with the leader's first timer running, then one paused.
fn follower_idle(options: &Options, leader: &mut Pty, follower: &mut Pty) -> Vec<Row> {
    eprintln!("measure: a follower's cost, a timer running and paused");
    let ticks_per_sec = clock_ticks();
    let ok = leader.send(RIGHT) && follower.wait_until("the first step in the follower", |t| follower_drawn(t, 1));
    if !ok {
        return Vec::new();
    }
    thread::sleep(SETTLE);
    let running = window(follower, options.long, ticks_per_sec).unwrap_or_default();
    let ok = leader.send(" ") && follower.wait_until("PAUSED in the follower", |t| t.contains("PAUSED"));
    thread::sleep(SETTLE);
    let paused = if ok { window(follower, options.short, ticks_per_sec).unwrap_or_default() } else { Cost::default() };
    vec![
        Row::new(
            "a follower, a step timer running: wake-ups, bytes, CPU",
            "≤ 2 per second, as the leader",
            wakeups_bytes_cpu(&running),
            format!(
                "one window of {} s; voluntary wake-ups {}",
                options.long.as_secs(),
                fixed(running.voluntary, 2, " /s")
            ),
        ),
        Row::new(
            "a follower, paused: wake-ups, bytes, CPU",
            "0 wake-ups, 0 bytes",
            wakeups_bytes_cpu(&paused),
            format!("one window of {} s", options.short.as_secs()),
        ),
    ]
}

/// A window's wake-ups, bytes and CPU, as one cell of the table.
fn wakeups_bytes_cpu(cost: &Cost) -> String {
    format!("{}, {}, {}", fixed(cost.wakeups, 2, " /s"), fixed(cost.bytes, 0, " B/s"), fixed(cost.cpu_ns, 4, " %"))
}

// ---------------------------------------------------------------------------------------------
// Memory

fn memory(options: &Options) -> Row {
    const FIGURE: &str = "peak memory (VmHWM) after stepping through the bundled session";
    const TARGET: &str = "≤ 5 MiB";
    let Ok(pty) = Pty::spawn(holdspace(&options.bin, &["run"], false), None) else {
        return Row::new(FIGURE, TARGET, "n/a", "cannot spawn in a pty");
    };
    eprintln!("measure: stepping through the bundled session");
    let mut presses = 0;
    if pty.wait_until("the welcome screen", welcome_drawn) {
        while presses < 60 && !pty.contents().contains(END_SCREEN) && pty.send(RIGHT) {
            presses += 1;
            thread::sleep(Duration::from_millis(150));
        }
    }
    let reached = pty.contents().contains(END_SCREEN);
    let hwm = pty.pid().and_then(|pid| status_kib(pid, "VmHWM:"));
    let rss = pty.pid().and_then(|pid| status_kib(pid, "VmRSS:"));
    pty.end();
    let mib = |kib: Option<u64>| kib.map_or("n/a".into(), |k| format!("{:.2} MiB", k as f64 / 1024.0));
    let detail = format!(
        "{presses} presses of →, {}; RSS then {}",
        if reached { "reached the end screen" } else { "did not reach the end screen" },
        mib(rss)
    );
    Row::new(FIGURE, TARGET, mib(hwm), detail)
}

// ---------------------------------------------------------------------------------------------
// /proc

/// utime + stime of the whole process (all its threads), in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // pid (comm) state ppid ...: fields counted from the state, after the last ')'.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// A sum over the threads of the process, of what `read` gets from one thread's directory.
fn over_threads(pid: u32, read: impl Fn(&Path) -> Option<u64>) -> Option<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    tasks.flatten().map(|task| read(&task.path())).sum()
}

fn cpu_ns(pid: u32) -> Option<u64> {
    over_threads(pid, |task| {
        std::fs::read_to_string(task.join("schedstat")).ok()?.split_whitespace().next()?.parse().ok()
    })
}

/// Context switches of all threads: voluntary ones, and with `involuntary` the involuntary too.
fn switches(pid: u32, involuntary: bool) -> Option<u64> {
    over_threads(pid, |task| {
        let status = std::fs::read_to_string(task.join("status")).ok()?;
        let field = |name: &str| -> Option<u64> {
            status.lines().find_map(|line| line.strip_prefix(name))?.trim().parse().ok()
        };
        let voluntary = field("voluntary_ctxt_switches:")?;
        Some(if involuntary { voluntary + field("nonvoluntary_ctxt_switches:")? } else { voluntary })
    })
}

/// A `kB` field of /proc/PID/status.
fn status_kib(pid: u32, name: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|line| line.strip_prefix(name))?.split_whitespace().next()?.parse().ok()
}

/// Clock ticks per second (`getconf CLK_TCK`), 100 when it cannot be asked.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .stderr(Stdio::null())
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse::<f64>().ok())
        .filter(|t| *t > 0.0)
        .unwrap_or(100.0)
}

// ---------------------------------------------------------------------------------------------
// Numbers

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some(f64::midpoint(sorted[n / 2 - 1], sorted[n / 2])),
    }
}

fn ms(seconds: Option<f64>) -> String {
    seconds.map_or("n/a".into(), |s| format!("{:.2} ms", s * 1e3))
}

fn spread(seconds: &[f64]) -> String {
    let min = seconds.iter().copied().reduce(f64::min);
    let max = seconds.iter().copied().reduce(f64::max);
    match (min, max) {
        (Some(min), Some(max)) => format!("{} runs, {:.2}–{:.2} ms", seconds.len(), min * 1e3, max * 1e3),
        _ => "no run finished".into(),
    }
}

fn fixed(value: Option<f64>, decimals: usize, unit: &str) -> String {
    value.map_or("n/a".into(), |v| format!("{v:.decimals$}{unit}"))
}

fn list(values: &[f64], decimals: usize) -> String {
    if values.is_empty() {
        return "n/a".into();
    }
    values.iter().map(|v| format!("{v:.decimals$}")).collect::<Vec<_>>().join(", ")
}
