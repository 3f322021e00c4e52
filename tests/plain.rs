//! `--plain`, end to end: a whole rehearsal at `--speed 60` told in lines, driven through pipes
//! as a script or a screen reader's helper would (one key named a line on standard input), and
//! compared with a golden file. Clock times and measured durations change from run to run, so
//! they are masked (and so is the order of the steps furthest from the plan); everything else (every step, question, group, cue, the last minute, time
//! up and the report's rows) must come out as the golden file says.
//!
//! `UPDATE_GOLDEN=1 cargo test --test plain` writes the golden file anew; read it before keeping
//! it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use common::Sandbox;
use common::pty::{BIN, TIMEOUT};

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/short-rehearsal.txt");
const SESSION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/short.toml");

/// The rehearsal, its lines arriving on a channel.
struct Told {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Told {
    fn start(sandbox: &Sandbox, args: &[&str]) -> Self {
        let mut child = sandbox
            .command(BIN)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let out = child.stdout.take().expect("its output");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines, seen: Vec::new() }
    }

    /// Waits for a line containing `needle`.
    #[track_caller]
    fn wait_for(&mut self, needle: &str) {
        while let Ok(line) = self.lines.recv_timeout(TIMEOUT) {
            let found = line.contains(needle);
            self.seen.push(line);
            if found {
                return;
            }
        }
        panic!("no line with {needle:?}; so far:\n{}", self.seen.join("\n"));
    }

    fn key(&mut self, name: &str) {
        let stdin = self.child.stdin.as_mut().expect("its input");
        writeln!(stdin, "{name}").and_then(|()| stdin.flush()).expect("a key sent");
    }

    /// Every line, once the program has ended.
    fn finish(mut self) -> (Vec<String>, std::process::ExitStatus) {
        let status = self.child.wait().expect("it ends");
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(1)) {
            self.seen.push(line);
        }
        (self.seen, status)
    }
}

/// Dates, clock times (`14:05:09`), clock faces (`2:59`) and lengths (`1m4s`, `59s`) as placeholders.
fn masked(line: &str) -> String {
    let clock = regex_lite::Regex::new(r"\b\d\d:\d\d:\d\d\b").expect("a pattern");
    let face = regex_lite::Regex::new(r"[+-]?\b\d+:\d\d\b").expect("a pattern");
    let length = regex_lite::Regex::new(r"[+-]?\b(\d+h)?(\d+m)?\d+s\b|[+-]?\b\d+[hm]\b").expect("a pattern");
    let date = regex_lite::Regex::new(r"\b\d{4}-\d\d-\d\d\b").expect("a pattern");
    let line = date.replace_all(line, "yyyy-mm-dd");
    let line = clock.replace_all(&line, "hh:mm:ss");
    let line = face.replace_all(&line, "m:ss");
    length.replace_all(&line, "<t>").into_owned()
}

#[test]
fn a_whole_rehearsal_told_in_lines_matches_the_golden_file() {
    let sandbox = Sandbox::new("plain-golden");
    let mut told =
        Told::start(&sandbox, &["rehearse", SESSION, "--plain", "--speed", "60", "--people", "5", "--seed", "1"]);
    told.wait_for("Session: A short walk");
    told.key("right");
    told.wait_for("Time is up");
    told.key("right");
    told.wait_for("What helps you?");
    told.key("right");
    told.wait_for("Time is up");
    told.key("right");
    // The changeover, the first turn and the swap come by themselves.
    told.wait_for("Time is up");
    told.key("right");
    told.wait_for("Time is up");
    told.key("right");
    told.wait_for("End of the session");
    told.key("q");
    told.wait_for("Quit the session?");
    told.key("y");
    let (lines, status) = told.finish();
    assert!(status.success(), "{status:?}");
    // Which steps were furthest from the plan depends on milliseconds: their list is left out.
    let furthest = regex_lite::Regex::new(r"^- \d+\. ").expect("a pattern");
    let text: String = lines
        .iter()
        .map(|l| masked(l))
        .filter(|l| !furthest.is_match(l.trim_start_matches("hh:mm:ss ")))
        .map(|l| l + "\n")
        .collect();
    assert!(!text.contains('\x1b'), "no escape sequences");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &text).expect("the golden file written");
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN).expect("the golden file");
    assert_eq!(text, golden, "the lines differ from {GOLDEN} (UPDATE_GOLDEN=1 writes them anew)");
}

/// Lines that cannot be written (standard output on a full disk) end the run with a message and
/// status 1, the status of output that cannot be written, not that of a broken terminal.
#[test]
fn lines_that_cannot_be_written_say_so() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: this system has no /dev/full");
        return;
    };
    let sandbox = Sandbox::new("plain-full");
    let mut child = sandbox
        .command(BIN)
        .args(["run", "--plain", SESSION])
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // The run may already have ended at its first line, and closed its input: the keys are
    // then not needed.
    let _ = child.stdin.take().expect("its input").write_all(b"right\nq\ny\n");
    let out = child.wait_with_output().expect("it ends");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("cannot write the session's lines"), "{said}");
}
