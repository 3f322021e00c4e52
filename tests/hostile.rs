//! Hostile inputs, end to end: the real binary against FIFOs where files should be, endless
//! devices, names too long to draw, a full disk, escape sequences in file names, two runs of one
//! file, tampered journals. Each case returns promptly with one clear line and the right exit
//! status, writes nothing half, and prints no control character it was given.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::Sandbox;

const BIN: &str = env!("CARGO_BIN_EXE_holdspace");
const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sessions/medicine-of-mutuality.toml");

/// Waits for `child` at most a generous while; a process still running then is a hang.
#[track_caller]
fn finishes(mut child: Child, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if child.try_wait().expect("poll the child").is_some() {
            return child.wait_with_output().expect("collect the output");
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the binary with `args` in `sandbox`, stdin closed, output captured, hangs caught.
#[track_caller]
fn run(sandbox: &Sandbox, args: &[&std::ffi::OsStr]) -> Output {
    let child = sandbox
        .command(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary");
    finishes(child, &format!("holdspace {args:?}"))
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Everything a command said, on either stream (`check` reports on standard output).
fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[track_caller]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A FIFO where a session file should be (case 1): refused at once by every command, in one line.
#[test]
fn a_fifo_as_a_session_file_is_refused_at_once() {
    let sandbox = Sandbox::new("fifo");
    let fifo = sandbox.root.join("f.toml");
    mkfifo(&fifo);
    for command in ["check", "export", "run", "rehearse", "history"] {
        let out = run(&sandbox, &[os(command), fifo.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", said(&out));
        assert!(said(&out).contains("f.toml is a FIFO, not a file"), "{command}: {}", said(&out));
    }
    // A FIFO among the records of a session never stalls `history`: it is named and skipped.
    let records = sandbox.data().join("rehearsals").join(holdspace::paths::session_key(BUNDLED));
    std::fs::create_dir_all(&records).expect("records folder");
    mkfifo(&records.join("stuck.json"));
    let history = run(&sandbox, &[os("history"), os(BUNDLED)]);
    assert!(history.status.success(), "{}", stderr(&history));
    assert!(stderr(&history).contains("stuck.json: skipped, it cannot be read (") && stderr(&history).contains("FIFO"));
}

/// `--people` (case 2) from a device that never ends, or a FIFO: refused, bounded, at once.
#[test]
fn endless_or_blocking_rosters_are_refused() {
    let sandbox = Sandbox::new("people");
    let fifo = sandbox.root.join("people.txt");
    mkfifo(&fifo);
    for people in [PathBuf::from("/dev/zero"), fifo] {
        let out = run(&sandbox, &[os("export"), os(BUNDLED), os("--people"), people.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("not a file"), "{}", stderr(&out));
    }
    // A roster of one enormous line is refused by its size, not read whole into memory.
    let huge = sandbox.root.join("huge.txt");
    std::fs::write(&huge, "x".repeat(2 * 1024 * 1024)).expect("write");
    let out = run(&sandbox, &[os("export"), os(BUNDLED), os("--people"), huge.as_os_str()]);
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
    // A name longer than names may be is refused at its line.
    let long = sandbox.root.join("long.txt");
    std::fs::write(&long, format!("Ana\n{}\n", "y".repeat(40_000))).expect("write");
    let out = run(&sandbox, &[os("export"), os(BUNDLED), os("--people"), long.as_os_str()]);
    assert!(stderr(&out).contains("long.txt:2: a name of 40000 characters; the most is 100"), "{}", stderr(&out));
}

/// A full disk (case 6) is an error (exit 1), for every command that prints, and `new -o`
/// leaves no half file behind.
#[test]
fn a_full_disk_is_an_error() {
    let sandbox = Sandbox::new("full");
    for args in [vec!["schema"], vec!["export", BUNDLED], vec!["list"], vec!["new", "x"], vec!["check", BUNDLED]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let out = sandbox.command(BIN).args(&args).stdout(full).output().expect("run");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("cannot write to standard output"), "{args:?}: {}", stderr(&out));
    }
    // A small tmpfs, where the machine allows mounting one.
    let small = sandbox.root.join("small");
    std::fs::create_dir_all(&small).expect("folder");
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=8k", "tmpfs"]).arg(&small).status();
    if !mounted.is_ok_and(|s| s.success()) {
        println!("skipped the tmpfs case: this machine does not let the test mount a small tmpfs");
        return;
    }
    // Fill it to the last byte.
    if let Ok(mut filler) = std::fs::File::create(small.join("filler")) {
        use std::io::Write as _;
        while filler.write_all(&[b'x'; 512]).is_ok() {}
    }
    let target = small.join("x.toml");
    let out = run(&sandbox, &[os("new"), os("A title"), os("-o"), target.as_os_str()]);
    let _ = Command::new("umount").arg(&small).status();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!target.exists(), "no half file is left behind");
}

/// Escape sequences in file names (case 8) never reach the terminal, in any message of any command.
#[test]
fn escapes_in_file_names_never_reach_the_terminal() {
    let sandbox = Sandbox::new("escapes");
    let hostile = "\u{1b}]0;PWNED\u{7}\u{1b}[2J";
    let folder = sandbox.root.join(format!("f{hostile}"));
    std::fs::create_dir_all(&folder).expect("folder");
    let session = folder.join(format!("s{hostile}.toml"));
    std::fs::copy(BUNDLED, &session).expect("copy");
    let broken = folder.join(format!("b{hostile}.toml"));
    std::fs::write(&broken, "[session]\ntitle = \"\"\n").expect("write");
    let people = folder.join(format!("p{hostile}.txt"));
    std::fs::write(&people, "Ana\n").expect("write");
    let missing = folder.join(format!("m{hostile}.toml"));
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![os("check"), session.as_os_str(), broken.as_os_str(), missing.as_os_str()],
        vec![os("check"), os("--format"), os("json"), broken.as_os_str(), missing.as_os_str()],
        vec![os("export"), broken.as_os_str()],
        vec![os("export"), session.as_os_str(), os("--people"), people.as_os_str()],
        vec![os("history"), session.as_os_str()],
        vec![os("run"), missing.as_os_str()],
        vec![os("run"), os(hostile)],
        vec![os("new"), os("x"), os("-o"), session.as_os_str()],
        vec![os("list")],
    ];
    for args in cases {
        let out = run(&sandbox, &args);
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?} wrote a control to {stream}: {text:?}"
            );
        }
        assert!(!out.stderr.is_empty() || !out.stdout.is_empty(), "{args:?} said something");
    }
}

/// Records of two files of one name in two folders stay apart.
#[test]
fn two_files_of_one_name_keep_separate_histories() {
    let sandbox = Sandbox::new("records");
    let (a, b) = (sandbox.root.join("a"), sandbox.root.join("b"));
    for folder in [&a, &b] {
        std::fs::create_dir_all(folder).expect("folder");
        std::fs::copy(BUNDLED, folder.join("retro.toml")).expect("copy");
    }
    let key = |file: &Path| holdspace::paths::session_key(&file.display().to_string());
    assert_ne!(key(&a.join("retro.toml")), key(&b.join("retro.toml")));
}

/// Small things: `new ""` is refused (its scaffold would not pass check), and `run` with its
/// output going to a file tells the session in plain lines rather than drawing a screen into it
/// (and with no keys to read, stops as if interrupted).
#[test]
fn small_things_a_user_trips_over() {
    let sandbox = Sandbox::new("small");
    let out = run(&sandbox, &[os("new"), os("")]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(&sandbox, &[os("run")]);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("standard output is not a terminal"), "{}", stderr(&out));
    let told = String::from_utf8_lossy(&out.stdout);
    assert!(told.contains("Session: The Medicine of Mutuality"), "{told}");
    assert!(!told.contains('\x1b'), "no escape sequences in the file: {told:?}");
}
