//! The real binary in a pseudo-terminal (80x24), its output parsed by a `vt100` screen, keys
//! sent as a terminal sends them. Waits poll the parsed screen every 20 ms up to a generous
//! timeout; nothing asserts on time.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

use super::Sandbox;

/// Runs the app in the pty, then reports its status and the terminal modes it left behind.
pub const WRAPPER: &str = r#""$BIN" run --no-title; echo "rc=$?"; stty -a; echo HOLDSPACE-DONE"#;
pub const BIN: &str = env!("CARGO_BIN_EXE_holdspace");
pub const TIMEOUT: Duration = Duration::from_secs(10);
pub const RIGHT: &str = "\x1b[C";
pub const PAGE_DOWN: &str = "\x1b[6~";
pub const PAGE_UP: &str = "\x1b[5~";

/// The app running in a pty under `sh -c WRAPPER`.
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    pub writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// The sandbox of a run that has one of its own, kept until the run is dropped.
    pub own: Option<Sandbox>,
    /// The terminal device the app runs on.
    pub tty: Option<std::path::PathBuf>,
}

impl Pty {
    /// `holdspace run` under the wrapper, in a sandbox of its own.
    #[track_caller]
    pub fn start() -> Self {
        let sandbox = Sandbox::new("pty");
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", WRAPPER]);
        cmd.env("BIN", BIN);
        let mut pty = Self::open(cmd, &sandbox);
        pty.own = Some(sandbox);
        pty
    }

    /// The app itself as the pty's child (its pid is the child's), with `args`, in `sandbox`.
    #[track_caller]
    pub fn direct(args: &[&str], sandbox: &Sandbox) -> Self {
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        Self::open(cmd, sandbox)
    }

    /// Runs `cmd` in a pty with `sandbox` as its home, without colour unless `cmd` says
    /// otherwise about `NO_COLOR`.
    #[track_caller]
    pub fn open(mut cmd: CommandBuilder, sandbox: &Sandbox) -> Self {
        for (key, value) in sandbox.vars() {
            cmd.env(key, value);
        }
        let pair = native_pty_system()
            .openpty(PtySize { rows: 24, cols: 80, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        cmd.env("TERM", "xterm-256color");
        if cmd.get_env("NO_COLOR").is_none() {
            cmd.env("NO_COLOR", "1");
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn the app in the pty");
        drop(pair.slave); // so that reading ends once the shell is gone
        let tty = pair.master.tty_name();
        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer = pair.master.take_writer().expect("a pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen_in, raw_in) = (Arc::clone(&screen), Arc::clone(&raw));
        thread::spawn(move || {
            let _master = pair.master; // keep the pty open for as long as we read
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                raw_in.lock().expect("raw lock").extend_from_slice(&buf[..n]);
                screen_in.lock().expect("screen lock").process(&buf[..n]);
            }
        });
        Self { child, writer, screen, raw, own: None, tty }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw lock")).into_owned()
    }

    #[track_caller]
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys to the pty");
        self.writer.flush().expect("flush keys to the pty");
    }

    /// Waits until `ok` holds for the screen's text; fails with the screen after `TIMEOUT`.
    #[track_caller]
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let text = self.contents();
            if ok(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; the screen:\n{text}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    #[track_caller]
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?}"), |text| text.contains(needle))
    }

    #[track_caller]
    pub fn press(&mut self, keys: &str, expect: &str) -> String {
        self.send(keys);
        self.wait_for(expect)
    }

    /// Waits for the wrapper to finish and returns everything printed after the app exited.
    #[track_caller]
    pub fn finish(mut self) -> (String, String) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.raw_text().contains("HOLDSPACE-DONE") {
            assert!(Instant::now() < deadline, "the app did not exit; raw output:\n{:?}", self.raw_text());
            thread::sleep(Duration::from_millis(20));
        }
        let status = self.child.wait().expect("wait for the shell");
        assert!(status.success(), "the wrapper shell failed: {status:?}");
        let raw = self.raw_text();
        let after = raw.rfind("rc=").map(|i| raw[i..].to_owned()).expect("the wrapper printed rc=");
        (raw, after)
    }

    /// The pid of the app: the child of the wrapper shell.
    #[track_caller]
    pub fn app_pid(&self) -> u32 {
        let shell = self.child.process_id().expect("the shell has a pid");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(pid) = child_of(shell) {
                return pid;
            }
            assert!(Instant::now() < deadline, "no child process of the shell {shell}");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    /// No test leaves the app running, failed or not: it is killed, with the shell around it, and
    /// waited for. (Left to the hang-up of its closing pty, it went on ending while its sandbox
    /// was removed, and its last log line made the folder again.)
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let app = self.child.process_id().and_then(child_of);
        if let Some(app) = app {
            let _ = std::process::Command::new("kill").args(["-KILL", &app.to_string()]).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        // Gone, or a zombie that writes nothing more.
        let running = |app: u32| {
            std::fs::read_to_string(format!("/proc/{app}/stat"))
                .is_ok_and(|stat| stat.rsplit_once(')').is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')))
        };
        let deadline = Instant::now() + TIMEOUT;
        while app.is_some_and(running) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A process whose parent is `parent`, found by reading `/proc/*/stat`.
pub fn child_of(parent: u32) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
        let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
        // pid (comm) state ppid ...; comm may hold spaces, so start after the last ')'.
        let its_parent: u32 = stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?.parse().ok()?;
        (its_parent == parent).then_some(pid)
    })
}
