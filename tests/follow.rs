//! Two windows on one session, end to end: the real binary as the leading window and as a
//! follower, each in a pseudo-terminal of its own, sharing one sandboxed home (and so one
//! runtime folder). Keys in either window move both; pause, blank and a late arrival show in
//! both; a follower waits through a crashed leader and takes up the resumed run by itself.

mod common;

use std::process::Stdio;

use common::Sandbox;
use common::pty::{BIN, Pty, RIGHT};

const SPACE: &str = " ";

/// The leader on the bundled session with seven people, on its welcome screen.
fn leader(sandbox: &Sandbox, resume: bool) -> Pty {
    let mut args = vec!["run", "--no-title", "--people", "7", "--seed", "3"];
    if resume {
        args.push("--resume");
    }
    Pty::direct(&args, sandbox)
}

#[test]
fn keys_in_either_window_move_both_and_the_room_state_shows_in_both() {
    let sandbox = Sandbox::new("follow-both");
    let mut lead = leader(&sandbox, false);
    lead.wait_for("press → to begin");
    let mut follow = Pty::direct(&["follow", "--no-title"], &sandbox);
    // The leader shows the room: the follower starts in the facilitator view.
    follow.wait_for("schedule");
    follow.press(RIGHT, "1/10 · Opening");
    lead.wait_for("Vandana Shiva");
    lead.press(RIGHT, "2/10 · Why we are here");
    follow.wait_for("2/10 · Why we are here");
    lead.press(SPACE, "PAUSED");
    follow.wait_for("PAUSED");
    follow.press(SPACE, "2/10");
    lead.wait_until("the timer running again", |s| !s.contains("PAUSED"));
    // Blanking from the laptop blanks the projector; the laptop keeps its notes and says so.
    follow.press("b", "the room's screen is blanked");
    lead.wait_until("a blank projector", |s| s.trim().is_empty());
    lead.press("b", "2/10 · Why we are here");
    follow.wait_until("the band gone", |s| !s.contains("blanked"));
    // A late arrival typed in the follower joins the leader's roster.
    follow.press("a", "roster");
    follow.press("n", "roster");
    follow.send("Zoë");
    follow.press("\r", "Zoë");
    lead.press("a", "Zoë");
    lead.press("\x1b", "2/10");
    // Quitting the follower leaves the session running; a new one takes up where it stands.
    follow.press("q", "Quit the session?");
    follow.send("y");
    let _ = follow.child.wait();
    lead.press(RIGHT, "3/10");
    let mut again = Pty::direct(&["follow", "--no-title", "--view", "room"], &sandbox);
    again.wait_for("3/10");
    // The leader quits: the follower ends, with a clear line, its terminal given back.
    lead.press("q", "Quit the session?");
    lead.send("y");
    again.wait_for("the session ended in the leading window");
    let status = again.child.wait().expect("the follower exits");
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_follower_waits_through_a_crash_and_takes_up_the_resumed_run() {
    let sandbox = Sandbox::new("follow-crash");
    // Started first, it waits for a session to follow.
    let follow = Pty::direct(&["follow", "--no-title", "--wait"], &sandbox);
    follow.wait_for("waiting for a session to start");
    let mut lead = leader(&sandbox, false);
    lead.wait_for("press → to begin");
    follow.wait_for("schedule");
    lead.press(RIGHT, "Vandana Shiva");
    follow.wait_for("1/10 · Opening");
    let pid = lead.child.process_id().expect("the leader's pid");
    let killed = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().expect("kill");
    assert!(killed.success());
    let _ = lead.child.wait();
    follow.wait_for("the session was lost");
    let mut resumed = leader(&sandbox, true);
    resumed.wait_for("an unfinished run was found");
    // While the resumed run asks how to take the run up, the followers keep the lost place: they
    // are never shown the session's beginning in between.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let asking = follow.contents();
    assert!(asking.contains("the session was lost") && asking.contains("1/10"), "while asking:\n{asking}");
    resumed.press("\r", "1/10 · Opening");
    let back = follow.wait_until("the follower back", |s| !s.contains("was lost") && s.contains("1/10 · Opening"));
    assert!(back.contains("schedule"), "the facilitator view again:\n{back}");
}

#[test]
fn following_nothing_says_so_and_several_are_listed() {
    let sandbox = Sandbox::new("follow-none");
    let out = sandbox.command(BIN).args(["follow"]).stdin(Stdio::null()).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("no session is running"), "{said}");
    // Two sessions: the bundled one and a copy under another name.
    let copy = sandbox.root.join("home/retro.toml");
    std::fs::write(&copy, holdspace::session::BUNDLED.1).expect("a copy");
    let first = leader(&sandbox, false);
    first.wait_for("press → to begin");
    let second = Pty::direct(&["run", "--no-title", &copy.display().to_string()], &sandbox);
    second.wait_for("press → to begin");
    let out = sandbox.command(BIN).args(["follow"]).stdin(Stdio::null()).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("several sessions") && said.contains("retro.toml"), "{said}");
    let named = Pty::direct(&["follow", "--no-title", &copy.display().to_string()], &sandbox);
    named.wait_for("schedule");
}

/// A rehearsal can be followed, as lines: a screen reader's stream of a session run elsewhere,
/// on the rehearsal's faster clock, ending when the rehearsal ends. Asked for with `--plain`, or
/// by itself when the follower's output is not a terminal (a file, a pipe).
#[test]
fn a_rehearsal_followed_as_lines() {
    for args in [&["follow", "--plain"][..], &["follow"]] {
        followed_as_lines(args);
    }
}

fn followed_as_lines(args: &[&str]) {
    use std::io::{BufRead, BufReader};
    let sandbox = Sandbox::new("follow-plain");
    let session = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/short.toml");
    let mut lead = Pty::direct(&["rehearse", session, "--speed", "60"], &sandbox);
    lead.wait_for("press → to begin");
    let mut follow = sandbox.command(BIN).args(args).stdout(Stdio::piped()).spawn().expect("runs");
    let out = follow.stdout.take().expect("its output");
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut seen = Vec::new();
    let mut wait_for = |needle: &str| {
        while let Ok(line) = lines.recv_timeout(common::pty::TIMEOUT) {
            let found = line.contains(needle);
            seen.push(line);
            if found {
                return;
            }
        }
        panic!("no line with {needle:?}: {seen:#?}");
    };
    wait_for("Session: A short walk");
    lead.send(RIGHT);
    wait_for("Step 1 of 4: Quote, 2 minutes");
    // Two minutes at 60 times the speed.
    wait_for("Time is up");
    lead.press("q", "Quit the session?");
    lead.send("y");
    wait_for("the session ended in the leading window");
    assert!(follow.wait().expect("it ends").success());
}

/// The `.links` files in the runtime folder, by name.
fn links_files(sandbox: &Sandbox) -> Vec<(String, String)> {
    let folder = sandbox.root.join("runtime/holdspace");
    let mut found: Vec<(String, String)> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".links"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Waits until the runtime folder holds `n` links files.
#[track_caller]
fn wait_for_links(sandbox: &Sandbox, n: usize) -> Vec<(String, String)> {
    let deadline = std::time::Instant::now() + common::pty::TIMEOUT;
    loop {
        let found = links_files(sandbox);
        if found.len() == n && found.iter().all(|(_, text)| !text.is_empty()) {
            return found;
        }
        assert!(std::time::Instant::now() < deadline, "expected {n} links files: {found:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A following window that serves pages of its own lists them in a file of its own: the
/// leader's list is never written over, nor removed when the follower quits.
#[test]
fn a_followers_pages_never_replace_the_leaders_links() {
    let sandbox = Sandbox::new("follow-links");
    let lead = Pty::direct(&["run", "--no-title", "--serve", "127.0.0.1"], &sandbox);
    lead.wait_for("The Medicine of Mutuality");
    let leaders = wait_for_links(&sandbox, 1);
    let mut follow = Pty::direct(&["follow", "--no-title", "--serve", "127.0.0.1"], &sandbox);
    let both = wait_for_links(&sandbox, 2);
    assert!(both.contains(&leaders[0]), "the leader's list changed: {both:?}");
    assert!(both.iter().any(|(name, _)| name.contains(".follower-")), "{both:?}");
    follow.send("q");
    follow.send("y");
    assert_eq!(wait_for_links(&sandbox, 1), leaders);
}
