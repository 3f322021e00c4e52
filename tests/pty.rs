//! End to end: the real `holdspace` binary in a pseudo-terminal (80x24), its output parsed by a
//! `vt100` screen, keys sent as the escape sequences a terminal would send. These tests pin what
//! only the real terminal path can show: the bundled session can be walked with real keys, and
//! every way out (quit, Ctrl-C, SIGTERM) leaves the terminal sane: cooked mode and echo back on
//! (read with `stty -a` in the same pty after the app ends), the alternate screen left and the
//! cursor shown. A session file that does not load must be reported before the terminal is touched.
//!
//! Waits poll the parsed screen every 20 ms up to a generous timeout; nothing asserts on time.
//! Every run has a home of its own (`common::Sandbox`): no test reads or writes the user's folders.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::Sandbox;
use common::pty::{BIN, PAGE_DOWN, PAGE_UP, Pty, RIGHT, TIMEOUT};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Checks what the wrapper printed after the app exited: its status and a sane terminal.
#[track_caller]
fn assert_restored(raw: &str, after: &str, rc: &str) {
    assert!(after.starts_with(&format!("rc={rc}")), "expected rc={rc}, got:\n{after}");
    let words: Vec<&str> = after.split_whitespace().collect();
    for mode in ["icanon", "echo", "isig"] {
        assert!(words.contains(&mode), "`{mode}` is not on again after the app:\n{after}");
        assert!(!words.contains(&format!("-{mode}").as_str()), "`{mode}` is still off after the app:\n{after}");
    }
    let (entered, left) = (raw.rfind("\x1b[?1049h"), raw.rfind("\x1b[?1049l"));
    assert!(entered.is_some(), "the app never entered the alternate screen");
    assert!(left > entered, "the app did not leave the alternate screen after entering it");
    let shown = raw.rfind("\x1b[?25h");
    assert!(shown > entered && shown > raw.rfind("\x1b[?25l"), "the cursor was left hidden");
}

#[track_caller]
fn wait_for_welcome(pty: &Pty) {
    pty.wait_for("The Medicine of Mutuality");
    pty.wait_for("press → to begin");
}

/// The facilitator view's timer (the `m:ss` left of the schedule), in seconds.
fn facilitator_timer(screen: &str) -> Option<u32> {
    screen.lines().find_map(|line| {
        let (m, s) = line.split('│').next()?.split_whitespace().next()?.split_once(':')?;
        (m.len() <= 2 && s.len() == 2).then_some(())?;
        Some(m.parse::<u32>().ok()? * 60 + s.parse::<u32>().ok()?)
    })
}

#[test]
fn walks_the_bundled_session_and_restores_the_terminal() {
    let mut pty = Pty::start();
    wait_for_welcome(&pty);
    pty.press(RIGHT, "Vandana Shiva");
    pty.press(RIGHT, "self-sufficiency");
    pty.press(RIGHT, "Can I be vulnerable enough to let you help me?");
    pty.press(RIGHT, "Can I give generously");
    pty.press(PAGE_DOWN, "interwoven");
    pty.press(RIGHT, "community care");
    let screen = pty.press(PAGE_DOWN, "find your partner");
    assert!(screen.contains("Being helped") && screen.contains("starts in"), "not the changeover:\n{screen}");
    let screen = pty.press(RIGHT, "A speaks, B listens");
    assert!(screen.contains("round 1 of 1"), "not the pair-share screen:\n{screen}");
    pty.press(RIGHT, "Swap: B speaks, A listens");
    pty.press(" ", "PAUSED");
    pty.send(" ");
    pty.wait_until("the pause to end", |text| !text.contains("PAUSED"));
    // The second speaker's turn is 3m: after `+` its timer reads more than that.
    pty.send("+");
    pty.send("v");
    let screen = pty.wait_until("the facilitator view with a timer", |text| {
        text.contains("┌ next") && facilitator_timer(text).is_some()
    });
    let secs = facilitator_timer(&screen).expect("a timer");
    assert!(secs > 180, "`+` did not add a minute to the 3m turn ({secs}s):\n{screen}");
    pty.press("q", "Quit the session?");
    pty.send("y");
    let (raw, after) = pty.finish();
    assert_restored(&raw, &after, "0");
}

/// The terminal's modes as `stty` reads them from outside.
fn modes(pty: &Pty) -> String {
    let tty = pty.tty.as_ref().expect("the pty's device");
    let out = std::process::Command::new("stty").arg("-a").arg("-F").arg(tty).output().expect("stty runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The state letter of process `pid` (`T` when stopped).
/// A run of the bundled session in `sandbox`, on its opening quote.
fn on_the_quote(sandbox: &Sandbox) -> Pty {
    let mut app = Pty::direct(&["run", "--no-title"], sandbox);
    wait_for_welcome(&app);
    app.press(RIGHT, "Vandana Shiva");
    app
}

/// Sends `signal` (`-KILL`, `-TSTP`...) to `pid` with kill(1).
#[track_caller]
fn kill(pid: u32, signal: &str) {
    let sent = std::process::Command::new("kill").args([signal, &pid.to_string()]).status().expect("run kill");
    assert!(sent.success(), "kill {signal} {pid} failed");
}

fn state_of(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].split_whitespace().next()?.chars().next()
}

/// Ctrl-Z (the key, or SIGTSTP from outside) gives the terminal back (cooked mode, the main
/// screen, the cursor) before the app stops; when continued it takes the terminal again and
/// draws the whole screen, and keys work as before.
#[test]
fn ctrl_z_gives_the_terminal_back_and_continuing_takes_it_again() {
    let sandbox = Sandbox::new("pty-stop");
    let mut app = on_the_quote(&sandbox);
    let pid = app.child.process_id().expect("the app's pid");
    for stop in ["key", "signal"] {
        let mark = app.raw_text().len();
        if stop == "key" {
            app.send("\x1a");
        } else {
            kill(pid, "-TSTP");
        }
        let deadline = Instant::now() + TIMEOUT;
        while state_of(pid) != Some('T') {
            assert!(Instant::now() < deadline, "the app did not stop on the {stop}");
            thread::sleep(Duration::from_millis(20));
        }
        // Written before the stop, though the pty may hand it over a moment later.
        app.wait_until(&format!("the terminal given back on the {stop}"), |_| {
            let given_back = &app.raw_text()[mark..];
            given_back.contains("\x1b[?1049l") && given_back.contains("\x1b[?25h")
        });
        let stopped = modes(&app);
        assert!(stopped.split_whitespace().any(|w| w == "icanon"), "{stop}: cooked mode while stopped:\n{stopped}");
        let mark = app.raw_text().len();
        kill(pid, "-CONT");
        app.wait_until("the terminal taken again and the screen drawn whole", |_| {
            let after = &app.raw_text()[mark..];
            after.contains("\x1b[?1049h") && after.contains("Vandana")
        });
        let running = modes(&app);
        assert!(running.split_whitespace().any(|w| w == "-icanon"), "{stop}: raw mode again:\n{running}");
    }
    app.press(RIGHT, "self-sufficiency");
}

/// Ctrl-C quits at once, as an interrupt: status 130, as shells expect.
#[test]
fn ctrl_c_quits_at_once_and_restores() {
    let mut pty = Pty::start();
    wait_for_welcome(&pty);
    pty.send("\x03");
    let (raw, after) = pty.finish();
    assert_restored(&raw, &after, "130");
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_restores_the_terminal("-TERM", "143");
}

/// Ctrl-C typed into another terminal reaches the app as SIGINT (in raw mode its own Ctrl-C is a
/// key); SIGHUP sent by `kill` is the window closing while the terminal still works.
#[test]
fn sigint_and_sighup_from_outside_restore_the_terminal() {
    signal_restores_the_terminal("-INT", "130");
    signal_restores_the_terminal("-HUP", "129");
}

#[track_caller]
fn signal_restores_the_terminal(signal: &str, rc: &str) {
    let mut pty = Pty::start();
    wait_for_welcome(&pty);
    pty.press(RIGHT, "Vandana Shiva");
    let pid = pty.app_pid();
    kill(pid, signal);
    let (raw, after) = pty.finish();
    assert_restored(&raw, &after, rc);
}

#[test]
fn a_session_file_that_does_not_load_prints_located_errors_and_leaves_the_screen_alone() {
    let path = std::env::temp_dir().join(format!("holdspace-pty-bad-{}.toml", std::process::id()));
    std::fs::write(&path, "[session]\ntitle = \"\"\n[[step]]\nkind = \"quote\"\ntext = \"x\"\nduration = \"0s\"\n")
        .expect("write the session file");
    let sandbox = Sandbox::new("pty-bad");
    let output = sandbox.command(BIN).arg("run").arg(&path).output().expect("run the app");
    std::fs::remove_file(&path).expect("remove the session file");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file = path.display().to_string();
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(stderr.contains(&format!("{file}:2:9: error: `title` must not be empty")), "stderr:\n{stderr}");
    assert!(stderr.contains(&format!("{file}:6:12: error: a duration must be longer than zero")), "stderr:\n{stderr}");
    assert!(output.stdout.is_empty(), "stdout was written to: {:?}", String::from_utf8_lossy(&output.stdout));
}

/// `check --theme` and `--config` on a terminal, in colour: a file name with escape sequences in
/// it is printed cleaned, as a session file's is (it once went out as it was, and set the window
/// title and cleared the screen).
#[test]
fn check_of_settings_on_a_terminal_prints_a_hostile_file_name_cleaned() {
    let sandbox = Sandbox::new("pty-settings-name");
    for (flag, text) in [("--theme", "extends = \"light\"\n"), ("--config", "theme = \"light\"\n")] {
        let path = sandbox.root.join(format!("t{flag}\u{1b}]0;PWNED\u{7}\u{1b}[2J.toml"));
        std::fs::write(&path, text).expect("write the settings file");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.arg("check");
        cmd.arg(flag);
        cmd.arg(&path);
        cmd.env("NO_COLOR", "");
        let pty = Pty::open(cmd, &sandbox);
        pty.wait_for("PWNED");
        let raw = pty.raw_text();
        assert!(raw.contains(&format!("t{flag}]0;PWNED[2J.toml: ok")), "{flag}: {raw:?}");
        assert!(!raw.contains("\u{1b}]0;") && !raw.contains("\u{1b}[2J"), "{flag} wrote an escape: {raw:?}");
    }
}

/// The terminal window closing: every descriptor of the pty's controlling side is closed, so the
/// kernel hangs the terminal up. The app must give up the terminal and exit (128 + SIGHUP), not
/// stay behind spinning on a terminal that is gone.
#[test]
fn closing_the_terminal_ends_the_app() {
    let pair = native_pty_system()
        .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
        .expect("open a pty");
    let mut cmd = CommandBuilder::new(BIN);
    cmd.args(["run", "--no-title"]);
    cmd.env("TERM", "xterm-256color");
    let sandbox = Sandbox::new("pty-hangup");
    for (key, value) in sandbox.vars() {
        cmd.env(key, value);
    }
    let mut child = pair.slave.spawn_command(cmd).expect("spawn the app in the pty");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("a pty reader");
    // Read until the welcome screen is up, then let the reader (a descriptor of the pty) go.
    let (seen_tx, seen_rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let mut screen = vt100::Parser::new(24, 80, 0);
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buf) {
            screen.process(&buf[..n]);
            if screen.screen().contents().contains("press → to begin") {
                let _ = seen_tx.send(());
                return;
            }
        }
    });
    seen_rx.recv_timeout(TIMEOUT).expect("the welcome screen appears");
    drop(pair.master);
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the app") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the app was still running after its terminal closed");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 129, "exits as for SIGHUP");
}

/// The time left in seconds from the last window title the app set (`2:54 · step · holdspace`).
fn title_secs(raw: &str) -> Option<u64> {
    let title = raw.rsplit("\u{1b}]0;").next()?;
    let (clock, _) = title.split_once(' ')?;
    let (m, s) = clock.split_once(':')?;
    Some(m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?)
}

/// The pairs on a screen: the lines that name an A and a B.
fn pairs(screen: &str) -> String {
    screen.lines().filter(|l| l.contains("A ") && l.contains("B ")).map(str::trim).collect::<Vec<_>>().join("|")
}

/// Goes to the first pair-share round's second turn.
#[track_caller]
fn to_the_swap(pty: &mut Pty) -> String {
    pty.press("g\u{1b}[B\u{1b}[B\u{1b}[B\r", "find your partner");
    pty.press(RIGHT, "round 1 of 1");
    pty.press(RIGHT, "B speaks, A listens")
}

/// A crash in the middle of a pair-share round: `kill -9`, then `run --resume` asks first (with
/// taking up where it was highlighted), and comes back on the same round with the same pairs and
/// the time it had left less the time it was down.
#[test]
fn a_killed_run_resumes_on_the_same_round_with_the_same_pairs() {
    let sandbox = Sandbox::new("pty-resume");
    let names = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/names.txt");
    let mut first = Pty::direct(&["run", "--people", names, "--seed", "7"], &sandbox);
    wait_for_welcome(&first);
    let before = to_the_swap(&mut first);
    thread::sleep(Duration::from_millis(1500));
    let left_at_kill = title_secs(&first.raw_text()).expect("the title shows the time left");
    let killed_at = Instant::now();
    let pid = first.child.process_id().expect("the app's pid");
    kill(pid, "-KILL");
    thread::sleep(Duration::from_secs(2));
    let mut second = Pty::direct(&["run", "--resume"], &sandbox);
    let question = second.wait_for("an unfinished run was found");
    assert!(question.contains("▶ take up where it was, counting the"), "a short crash counts its time:\n{question}");
    let after = second.press(PAGE_DOWN, "round 1 of 1");
    assert!(after.contains("B speaks, A listens"), "the same turn of the same round:\n{after}");
    assert_eq!(pairs(&after), pairs(&before), "the same pairs");
    second.wait_until("a title", |_| title_secs(&second.raw_text()).is_some());
    let left = title_secs(&second.raw_text()).expect("a title");
    let down = killed_at.elapsed().as_secs();
    let expected = left_at_kill.saturating_sub(down);
    assert!(
        left.abs_diff(expected) <= 1,
        "time left {left} s, expected about {expected} s ({left_at_kill} s less {down} s down)"
    );
}

/// A deliberate quit leaves nothing to resume: the next start asks nothing.
#[test]
fn quitting_on_purpose_leaves_nothing_to_resume() {
    let sandbox = Sandbox::new("pty-quit");
    let mut first = on_the_quote(&sandbox);
    first.press("q", "Quit the session?");
    first.send("y");
    let _ = first.child.wait();
    let second = Pty::direct(&["run", "--no-title"], &sandbox);
    let screen = second.wait_for("press → to begin");
    assert!(!screen.contains("unfinished"), "nothing is offered:\n{screen}");
}

/// `kill -9`, then a plain start: the question is asked in the app, before anything of the
/// session is shown, with the save's date and age; a clicker's `PageDown` answers it.
#[test]
fn after_a_crash_the_next_start_asks_in_the_app_and_a_clicker_answers() {
    let sandbox = Sandbox::new("pty-ask");
    let mut first = on_the_quote(&sandbox);
    first.press(RIGHT, "self-sufficiency");
    let pid = first.child.process_id().expect("the app's pid");
    kill(pid, "-KILL");
    let mut second = Pty::direct(&["run", "--no-title"], &sandbox);
    let question = second.wait_for("an unfinished run was found");
    assert!(question.contains("saved today") && question.contains("seconds ago"), "{question}");
    assert!(question.contains("then at step 2 of 10, Why we are here"), "{question}");
    assert!(!question.contains("Vandana") && !question.contains("self-sufficiency"), "nothing projected:\n{question}");
    let screen = second.press(PAGE_DOWN, "self-sufficiency");
    assert!(screen.contains("2/10 · Why we are here"), "{screen}");
}

/// A save three days old: the question's default is to start afresh; taking it up anyway opens
/// with the time left then, never hours into overtime.
#[test]
fn an_old_save_never_opens_in_overtime() {
    let sandbox = Sandbox::new("pty-old");
    let mut first = on_the_quote(&sandbox);
    let pid = first.child.process_id().expect("the app's pid");
    kill(pid, "-KILL");
    let _ = first.child.wait();
    // Move the save three days back.
    let journal = std::fs::read_dir(sandbox.state())
        .expect("the state folder")
        .map(|e| e.expect("an entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("a journal");
    let mut entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&journal).expect("read")).expect("json");
    let saved = chrono::DateTime::parse_from_rfc3339(entry["saved_at"].as_str().expect("a date")).expect("a date");
    entry["saved_at"] = serde_json::Value::from((saved - chrono::TimeDelta::days(3)).to_rfc3339());
    std::fs::write(&journal, entry.to_string()).expect("write");
    let mut second = Pty::direct(&["run", "--no-title"], &sandbox);
    let question = second.wait_for("an unfinished run was found");
    assert!(question.contains("3 days ago") && question.contains("▶ start from the beginning"), "{question}");
    // A clicker's back key moves the highlight round to the first answer: the time left then.
    second.send(PAGE_UP);
    let question = second.wait_for("▶ take up where it was, with the");
    assert!(question.contains("3:00 left then"), "{question}");
    let screen = second.press(PAGE_DOWN, "Vandana Shiva");
    assert!(!screen.contains("time is up") && !screen.contains('+'), "not in overtime:\n{screen}");
}

/// Killed while saving: keys in quick succession each save the journal, and the kill lands in
/// the middle of them. Whatever instant it hit, the journal is whole: the old state or the new.
#[test]
fn a_kill_during_saves_never_leaves_a_torn_journal() {
    for round in 0..5 {
        let sandbox = Sandbox::new("pty-torn");
        let mut app = on_the_quote(&sandbox);
        app.send(&"+-".repeat(200 + round * 50));
        let pid = app.child.process_id().expect("the app's pid");
        kill(pid, "-KILL");
        // Gone for good (and its lock with it) before the next run starts.
        let _ = app.child.wait();
        let mut resumed = Pty::direct(&["run", "--resume", "--no-title"], &sandbox);
        resumed.wait_for("an unfinished run was found");
        let screen = resumed.press("\r", "Vandana Shiva");
        assert!(screen.contains("1/10 · Opening"), "round {round}: resumed on the quote:\n{screen}");
        let journals: Vec<_> = std::fs::read_dir(sandbox.state())
            .expect("the state folder")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        assert_eq!(journals.len(), 1, "one journal, whole: {journals:?}");
        let text = std::fs::read_to_string(&journals[0]).expect("read the journal");
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "the journal parses");
        // Ended before its sandbox goes: a run hung up as the pty closes would log into a
        // folder just removed, and leave it behind.
        kill(resumed.child.process_id().expect("the resumed app's pid"), "-KILL");
        let _ = resumed.child.wait();
    }
}

/// A crash (a panic, injected by a test-only switch): the terminal is given back first, then the
/// panic message and the log's path are printed on the working screen.
#[test]
fn a_panic_restores_the_terminal_then_reports() {
    let sandbox = Sandbox::new("pty-panic");
    let script = r#"HOLDSPACE_TEST_PANIC=1 "$BIN" run --no-title; echo "rc=$?"; stty -a; echo HOLDSPACE-DONE"#;
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script]);
    cmd.env("BIN", BIN);
    let mut pty = Pty::open(cmd, &sandbox);
    wait_for_welcome(&pty);
    pty.send(RIGHT);
    let (raw, after) = pty.finish();
    assert_restored(&raw, &after, "101");
    let leave = raw.rfind("\u{1b}[?1049l").expect("the alternate screen was left");
    let message = raw.find("test-only panic").expect("the panic message is printed");
    assert!(message > leave, "the message comes after the terminal is restored");
    assert!(raw[leave..].contains("this was also written to"), "the log's path is printed");
    let log = std::fs::read_to_string(sandbox.state().join("holdspace.log")).expect("the log");
    assert!(log.contains("panic: ") && log.contains("test-only panic"));
}

/// A quick rehearsal of the bundled session at sixty times the speed, driven by keys: it ends on
/// the report and leaves a record and a Markdown report in the data folder.
#[test]
fn a_fast_rehearsal_ends_on_its_report_and_keeps_a_record() {
    let sandbox = Sandbox::new("pty-rehearse");
    let session = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/medicine-of-mutuality.toml");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", r#""$BIN" rehearse "$SESSION" --speed 60; echo "rc=$?"; stty -a; echo HOLDSPACE-DONE"#]);
    cmd.env("BIN", BIN);
    cmd.env("SESSION", session);
    let mut pty = Pty::open(cmd, &sandbox);
    wait_for_welcome(&pty);
    pty.press(RIGHT, "notes");
    pty.send(" ");
    thread::sleep(Duration::from_millis(300));
    pty.send(" +");
    for _ in 0..26 {
        pty.send(PAGE_DOWN);
        thread::sleep(Duration::from_millis(150));
    }
    pty.wait_for("timings: planned / actual");
    pty.send("qy");
    let (raw, after) = pty.finish();
    assert_restored(&raw, &after, "0");
    assert!(raw.contains("timings saved to"), "the record's place is printed");
    // One folder of records per session file, named for it.
    let folders: Vec<_> = std::fs::read_dir(sandbox.data().join("rehearsals"))
        .expect("the records folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    assert!(folders[0].file_name().is_some_and(|n| n.to_string_lossy().starts_with("medicine-of-mutuality-")));
    let files: Vec<String> = std::fs::read_dir(&folders[0])
        .expect("the session's records")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("-rehearsal.json")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("-rehearsal.md")), "{files:?}");
    let history = sandbox.command(BIN).args(["history", session]).output().expect("run history");
    let table = String::from_utf8_lossy(&history.stdout);
    assert!(table.contains("1 record of rehearsals and runs") && table.contains("Opening"), "{table}");
    // The hint printed at the end names a command that works.
    let hint = raw.rsplit("see `").next().and_then(|h| h.split('`').next()).expect("a hint");
    let words: Vec<&str> = hint.split_whitespace().collect();
    assert_eq!(&words[..2], ["holdspace", "history"], "{hint}");
    let named = sandbox.command(BIN).args(&words[1..]).output().expect("run the hint");
    assert!(named.status.success(), "`{hint}` works: {}", String::from_utf8_lossy(&named.stderr));
}

/// SIGUSR1 and SIGALRM end a process by default: the terminal is given back first.
#[test]
fn every_ending_signal_restores_the_terminal() {
    signal_restores_the_terminal("-USR1", "138");
    signal_restores_the_terminal("-ALRM", "142");
}

/// A second run of a file that is running never takes it over: it names the first one's
/// process and offers to follow it from here instead (or only watch it); declined, it fails and
/// touches nothing. The first runs on.
#[test]
fn a_second_run_of_a_running_file_offers_to_follow_it() {
    let sandbox = Sandbox::new("pty-twice");
    let first = on_the_quote(&sandbox);
    let pid = first.child.process_id().expect("the first run's pid");
    let mut declined = Pty::direct(&["run", "--no-title"], &sandbox);
    let said = declined.wait_for("f: follow it here");
    assert!(said.contains(&format!("already running (process {pid}")), "{said}");
    declined.send("x");
    declined.wait_for("quit it there first");
    assert_eq!(declined.child.wait().expect("it ends").exit_code(), 1);
    let mut follower = Pty::direct(&["run", "--no-title"], &sandbox);
    follower.press("f", "1/10 · Opening");
    follower.press(RIGHT, "2/10");
    first.wait_for("self-sufficiency");
}

/// With --watch, the session file replaced by a FIFO never freezes the run: the timer goes on,
/// the reload says why it failed, and quitting works.
#[test]
fn a_watched_file_turned_into_a_fifo_never_freezes_the_run() {
    let sandbox = Sandbox::new("pty-watch");
    let file = sandbox.root.join("w.toml");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/medicine-of-mutuality.toml"), &file).expect("copy");
    let path = file.display().to_string();
    let mut app = Pty::direct(&["run", "--watch", &path], &sandbox);
    wait_for_welcome(&app);
    app.press(RIGHT, "Vandana Shiva");
    std::fs::remove_file(&file).expect("remove");
    let made = std::process::Command::new("mkfifo").arg(&file).status().expect("mkfifo runs");
    assert!(made.success());
    app.send("v");
    app.wait_for("reload failed");
    let before = title_secs(&app.raw_text());
    app.wait_until("the timer to go on", |_| title_secs(&app.raw_text()).is_some_and(|s| Some(s) < before));
    app.press("q", "Quit the session?");
    app.send("y");
    let status = app.child.wait().expect("the app ends");
    assert!(status.success(), "{status:?}");
}

/// The config's `[serve]`: a bare `--serve` listens where it says, with the tokens it fixes, so
/// links printed or bookmarked once keep working; the room's link opens the room page.
#[test]
fn a_bare_serve_takes_the_configs_address_and_fixed_tokens() {
    use std::io::{Read, Write};
    let sandbox = Sandbox::new("pty-serve-config");
    let (view, control) = ("RoomLinkForTheChat0000000".to_owned(), "RemoteOnlyForMe000000000000".to_owned());
    let config = format!("[serve]\naddress = \"127.0.0.1\"\nview-token = \"{view}\"\ncontrol-token = \"{control}\"\n");
    std::fs::create_dir_all(sandbox.root.join("config/holdspace")).expect("the config folder");
    std::fs::write(sandbox.root.join("config/holdspace/config.toml"), config).expect("the config");
    let app = Pty::direct(&["run", "--no-title", "--serve"], &sandbox);
    // The room view marks the facilitator's notice ("pages served at ...") in the top line's
    // corner, over the end of "press → to begin".
    app.wait_for("The Medicine of Mutuality");
    app.wait_for("press → to begi");
    let folder = sandbox.root.join("runtime/holdspace");
    let links = std::fs::read_dir(&folder)
        .expect("the runtime folder")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().ends_with(".links"))
        .map(|e| std::fs::read_to_string(e.path()).expect("the links"))
        .expect("a links file");
    let room = links.lines().find_map(|l| l.strip_prefix("room ")).expect("the room's link").to_owned();
    assert!(room.starts_with("http://127.0.0.1:") && room.ends_with(&format!("/room?token={view}")), "{links}");
    assert!(links.contains(&format!("/remote?token={control}")), "{links}");
    let address = room.trim_start_matches("http://").split('/').next().expect("host:port").to_owned();
    let mut stream = std::net::TcpStream::connect(&address).expect("the server answers");
    write!(stream, "GET /room?token={view} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("ask");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{}", answer.lines().next().unwrap_or_default());
}
