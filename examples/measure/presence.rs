// What the room-presence features cost, from outside: frames are counted by the synchronized
// updates that open each one (`CSI ? 2026 h`). A theme switch should draw one frame; a flash
// only the frames it shows (its idle cost that of the bell); a chime played as a sound, even by
// a player that takes seconds, should not hold up the frame that goes with it.

use super::{
    Duration, Instant, Options, Pty, RIGHT, Row, SETTLE, clock_ticks, fixed, holdspace, median, ms, progress_at,
    scratch, spread, thread, window,
};

/// A session of one step that ends `secs` seconds after it starts, chiming as `chime` says.
fn short_session(chime: &str, secs: u64) -> std::path::PathBuf {
    let path = scratch().join(format!("short-{chime}.toml"));
    let text = format!(
        "[session]\ntitle = \"Short\"\n[timer]\nchime = \"{chime}\"\n[[step]]\nkind = \"text\"\ntext = \"Soon over\"\nduration = \"{secs}s\"\n"
    );
    let _ = std::fs::create_dir_all(scratch());
    let _ = std::fs::write(&path, text);
    path
}

/// A pair-share without a changeover, chiming as `chime` says: → swaps the speakers.
fn swap_session(chime: &str) -> std::path::PathBuf {
    let path = scratch().join(format!("swap-{chime}.toml"));
    let text = format!(
        "[session]\ntitle = \"Swap\"\n[timer]\nchime = \"{chime}\"\nchangeover = \"0s\"\n[[step]]\nkind = \"pair-share\"\nprompt = \"Talk\"\nturn = \"5m\"\n"
    );
    let _ = std::fs::write(&path, text);
    path
}

/// A config folder whose config plays the chime with a program that takes two seconds: what a
/// slow player (or a sound server waking up) would be.
fn slow_player_config() -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let folder = scratch().join("config-slow");
    let player = scratch().join("slow-player");
    let _ = std::fs::create_dir_all(folder.join("holdspace"));
    let _ = std::fs::write(&player, "#!/bin/sh\nsleep 2\n");
    let _ = std::fs::set_permissions(&player, std::fs::Permissions::from_mode(0o755));
    let _ = std::fs::write(folder.join("holdspace/config.toml"), format!("player = \"{}\"\n", player.display()));
    folder
}

/// Every figure of this part.
pub fn presence(options: &Options) -> Vec<Row> {
    let mut rows = Vec::new();
    rows.extend(theme_switch(options));
    rows.extend(flash(options));
    rows.extend(sound(options));
    rows
}

/// Frames drawn within `within` after sending `keys`, and how long the first took.
fn frames_after(pty: &Pty, keys: &str, within: Duration) -> (u64, Option<Duration>) {
    let before = pty.frames();
    let sent = Instant::now();
    if !pty.send(keys) {
        return (0, None);
    }
    let mut first = None;
    while sent.elapsed() < within {
        if first.is_none() && pty.frames() > before {
            first = Some(sent.elapsed());
        }
        thread::sleep(Duration::from_micros(200));
    }
    (pty.frames() - before, first)
}

/// `c` on a paused step (so no tick draws meanwhile): the frames each switch draws.
fn theme_switch(options: &Options) -> Vec<Row> {
    const FIGURE: &str = "theme switch (`c`): frames drawn, and the time to the frame";
    let Ok(pty) = Pty::spawn(holdspace(&options.bin, &["run"], false), None) else {
        return vec![Row::new(FIGURE, "one frame", "n/a", "cannot spawn in a pty")];
    };
    let ready = pty.wait_until("the welcome screen", |t| t.contains("Welcome"))
        && pty.send(RIGHT)
        && pty.wait_until("the first step", |t| progress_at(t, 1))
        && pty.send(" ")
        && pty.wait_until("PAUSED", |t| t.contains("PAUSED"));
    let n = options.start_runs;
    eprintln!("measure: {n} theme switches on a paused step");
    let (mut counts, mut times): (Vec<u64>, Vec<f64>) = (Vec::new(), Vec::new());
    if ready {
        thread::sleep(SETTLE);
        for _ in 0..n {
            let (frames, first) = frames_after(&pty, "c", Duration::from_millis(400));
            counts.push(frames);
            times.extend(first.map(|d| d.as_secs_f64()));
        }
    }
    pty.end();
    let ones = counts.iter().filter(|c| **c == 1).count();
    let counted: Vec<f64> = counts.iter().map(|c| *c as f64).collect();
    vec![Row::new(
        FIGURE,
        "one frame",
        format!("{} frame(s); {}", fixed(median(&counted), 0, ""), ms(median(&times))),
        format!("{ones} of {} switches drew exactly one frame; time to it {}", counts.len(), spread(&times)),
    )]
}

/// The frames around time up with the chime as a flash and as the bell, and the cost of a
/// running timer with each (no cue in the window).
fn flash(options: &Options) -> Vec<Row> {
    let ticks_per_sec = clock_ticks();
    let mut rows = Vec::new();
    let mut around = Vec::new();
    for chime in ["bell", "flash"] {
        let file = short_session(chime, 15);
        let Ok(mut pty) = Pty::spawn(holdspace(&options.bin, &["run", &file.display().to_string()], false), None)
        else {
            continue;
        };
        if !(pty.wait_until("the welcome screen", |t| t.contains("Welcome"))
            && pty.send(RIGHT)
            && pty.wait_until("the step", |t| progress_at(t, 1)))
        {
            pty.end();
            continue;
        }
        let started = Instant::now();
        thread::sleep(SETTLE);
        // Ten seconds of a running timer, no cue in them.
        let idle = window(&mut pty, Duration::from_secs(10), ticks_per_sec).unwrap_or_default();
        // From half a second before zero to three seconds after.
        let just_before = started + Duration::from_millis(14_500);
        thread::sleep(just_before.saturating_duration_since(Instant::now()));
        let before = pty.frames();
        thread::sleep(Duration::from_millis(3_500));
        let frames = pty.frames() - before;
        pty.end();
        around.push((chime, frames));
        rows.push(Row::new(
            format!("chime = \"{chime}\", a timer running: wake-ups, bytes"),
            "the bell's, in the same window",
            format!("{}, {}", fixed(idle.wakeups, 2, " /s"), fixed(idle.bytes, 0, " B/s")),
            "one window of 10 s with no cue in it",
        ));
    }
    if let [("bell", bell), ("flash", flash)] = around.as_slice() {
        rows.push(Row::new(
            "frames from 0.5 s before time up to 3 s after: bell / flash",
            "the flash's own frames only (three flashes: up to 6)",
            format!("{bell} / {flash}"),
            format!("{} more with the flash: its on and off frames, none after", flash.saturating_sub(*bell)),
        ));
    }
    rows
}

/// → at the first turn of a pair-share swaps the speakers and chimes: the time to the swap's
/// frame with the chime as the bell, and as a sound played by a program that takes 2 s.
fn sound(options: &Options) -> Vec<Row> {
    let mut rows = Vec::new();
    let config = slow_player_config();
    let n = options.start_runs;
    for chime in ["bell", "sound"] {
        let file = swap_session(chime);
        let mut cmd = holdspace(&options.bin, &["run", &file.display().to_string()], false);
        cmd.env("XDG_CONFIG_HOME", &config);
        // The sound is never played over ssh without a player asked for; this one is asked for.
        let Ok(pty) = Pty::spawn(cmd, None) else { continue };
        let mut times = Vec::new();
        if pty.wait_until("the welcome screen", |t| t.contains("Welcome"))
            && pty.send(RIGHT)
            && pty.wait_until("the first turn", |t| t.contains("A speaks"))
        {
            eprintln!("measure: {n} swaps with chime = {chime}");
            for _ in 0..n {
                pty.arm(Box::new(|t| t.contains("Swap: B speaks")));
                let sent = Instant::now();
                match pty.send(RIGHT).then(|| pty.met()).flatten() {
                    Some(at) => times.push(at.duration_since(sent).as_secs_f64()),
                    None => break,
                }
                if !(pty.send("\x1b[D") && pty.wait_until("the first turn again", |t| !t.contains("Swap:"))) {
                    break;
                }
                thread::sleep(Duration::from_millis(100));
            }
        }
        pty.end();
        rows.push(Row::new(
            format!(
                "→ to the swap's frame, chime = \"{chime}\"{}",
                if chime == "sound" { " (a player taking 2 s)" } else { "" }
            ),
            "the same with a sound as with the bell",
            ms(median(&times)),
            spread(&times),
        ));
    }
    rows
}
