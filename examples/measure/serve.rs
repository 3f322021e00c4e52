// The pages' server (`run --serve`) measured from outside, over loopback: what it costs with no
// page connected, what 50 room pages cost the terminal, the bytes each page gets per change, a
// press on the remote to the terminal's new frame, and the peak memory with 50 pages watching.

use super::{
    Arc, AtomicU64, Duration, Instant, LEFT, Options, Ordering, Pty, RIGHT, Read, Row, SETTLE, TIMEOUT, Write, fixed,
    holdspace, median, ms, on_step, presses, progress_at, runtime_folder, spread, status_kib, switches, thread,
    welcome_drawn,
};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;

/// Pages watching at once for the figures.
const PAGES: usize = 50;

/// The links of the run in its runtime folder (`holdspace/` in `XDG_RUNTIME_DIR`): the room
/// page's and the remote's addresses.
fn links() -> Option<(String, String)> {
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        // The folder is made by the app as it starts.
        let entries = std::fs::read_dir(runtime_folder().join("holdspace")).into_iter().flatten();
        let found = entries.filter_map(Result::ok).find_map(|e| {
            let text = std::fs::read_to_string(e.path())
                .ok()
                .filter(|_| e.path().extension().is_some_and(|x| x == "links"))?;
            let get = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(|u| u.trim().to_owned());
            Some((get("room ")?, get("remote ")?))
        });
        if found.is_some() {
            return found;
        }
        thread::sleep(Duration::from_millis(50));
    }
    None
}

/// `http://127.0.0.1:PORT/path?token=T` as (address, path and query).
fn split(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("http://")?;
    let (host, path) = rest.split_once('/')?;
    Some((host.to_owned(), format!("/{path}")))
}

/// A room page's stream: a thread reads it and counts the bytes of states and how many came.
struct Page {
    bytes: Arc<AtomicU64>,
    states: Arc<AtomicU64>,
    _stream: TcpStream,
}

fn watch(room: &str) -> Option<Page> {
    let (host, target) = split(room)?;
    let token = target.split_once("token=")?.1.to_owned();
    let mut stream = TcpStream::connect(&host).ok()?;
    write!(stream, "GET /events?token={token} HTTP/1.1\r\nHost: {host}\r\n\r\n").ok()?;
    let (bytes, states) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (b, s) = (Arc::clone(&bytes), Arc::clone(&states));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    thread::spawn(move || {
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.starts_with("data: ") {
                // The event's bytes: its line and the blank line that ends it.
                b.fetch_add(line.len() as u64 + 1, Ordering::SeqCst);
                s.fetch_add(1, Ordering::SeqCst);
            }
            line.clear();
        }
    });
    Some(Page { bytes, states, _stream: stream })
}

/// A POST of `{"command":"next"}` or `previous` with the control token of `remote`.
fn press(remote: &str, command: &str) -> bool {
    let Some((host, target)) = split(remote) else { return false };
    let Some((_, token)) = target.split_once("token=") else { return false };
    let body = format!("{{\"command\":\"{command}\"}}");
    let request = format!(
        "POST /action HTTP/1.1\r\nHost: {host}\r\nX-Holdspace-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let Ok(mut stream) = TcpStream::connect(&host) else { return false };
    let mut answer = Vec::new();
    stream.write_all(request.as_bytes()).is_ok()
        && stream.read_to_end(&mut answer).is_ok()
        && answer.starts_with(b"HTTP/1.1 204")
}

/// Context switches of the loop's own thread (the main thread: its id is the process's).
fn loop_switches(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/status")).ok()?;
    let count = |name: &str| -> Option<u64> { status.lines().find_map(|l| l.strip_prefix(name))?.trim().parse().ok() };
    Some(count("voluntary_ctxt_switches:")? + count("nonvoluntary_ctxt_switches:")?)
}

/// Wake-ups per second over `length`: the whole process's and the loop thread's.
fn wakeups(pty: &Pty, length: Duration) -> (Option<f64>, Option<f64>) {
    let pid = pty.pid();
    let start = (Instant::now(), pid.and_then(|p| switches(p, true)), pid.and_then(loop_switches));
    thread::sleep(length);
    let end = (Instant::now(), pid.and_then(|p| switches(p, true)), pid.and_then(loop_switches));
    let secs = end.0.duration_since(start.0).as_secs_f64();
    let rate = |a: Option<u64>, b: Option<u64>| Some(b?.saturating_sub(a?) as f64 / secs);
    (rate(start.1, end.1), rate(start.2, end.2))
}

/// → and ← in turn through the pty, each timed until the new frame is on screen.
fn key_presses(pty: &Pty, n: usize) -> Vec<f64> {
    presses(pty, pty, n, on_step)
}

pub fn serve(options: &Options) -> Vec<Row> {
    let n = options.start_runs;
    let Ok(pty) = Pty::spawn(holdspace(&options.bin, &["run", "--serve", ":0"], false), None) else {
        return vec![Row::new("--serve", "", "n/a", "cannot spawn the app in a pty")];
    };
    let Some((room, remote)) = links().filter(|_| pty.wait_until("the welcome screen", welcome_drawn)) else {
        pty.end();
        return vec![Row::new("--serve", "", "n/a", "no links in the runtime folder")];
    };
    let mut rows = Vec::new();
    eprintln!("measure: --serve with no page: {n} presses, a timer running, then paused");
    let alone = key_presses(&pty, n);
    let _ = pty.send(RIGHT) && pty.wait_until("the first step", |t| on_step(t, 1));
    thread::sleep(SETTLE);
    let (running, running_loop) = wakeups(&pty, options.short);
    let _ = pty.send(" ") && pty.wait_until("PAUSED", |t| t.contains("PAUSED"));
    thread::sleep(SETTLE);
    let (paused, _) = wakeups(&pty, options.short);
    let _ = pty.send(" ") && pty.send(LEFT) && pty.wait_until("the welcome screen", welcome_drawn);
    rows.push(Row::new(
        "`--serve`, no page connected: wake-ups a second, timer running / paused",
        "0 more than without --serve (1.00 / 0)",
        format!("{} / {}", fixed(running, 2, ""), fixed(paused, 2, "")),
        format!(
            "the loop's thread {} while running; windows of {} s",
            fixed(running_loop, 2, " /s"),
            options.short.as_secs()
        ),
    ));
    eprintln!("measure: {PAGES} room pages connected: {n} presses, a timer running");
    let pages: Vec<Page> = (0..PAGES).filter_map(|_| watch(&room)).collect();
    thread::sleep(SETTLE);
    let received = || {
        pages.iter().fold((0, 0), |(b, s), p| (b + p.bytes.load(Ordering::SeqCst), s + p.states.load(Ordering::SeqCst)))
    };
    let before: (u64, u64) = received();
    let crowded = key_presses(&pty, n);
    thread::sleep(SETTLE);
    let after: (u64, u64) = received();
    let states = after.1.saturating_sub(before.1);
    let per_state = (states > 0).then(|| after.0.saturating_sub(before.0) as f64 / states as f64);
    let _ = pty.send(RIGHT) && pty.wait_until("the first step", |t| on_step(t, 1));
    thread::sleep(SETTLE);
    let (watched, watched_loop) = wakeups(&pty, options.short);
    rows.push(Row::new(
        format!(
            "{} room pages connected, a timer running: wake-ups a second (process / the loop's thread)",
            pages.len()
        ),
        "the loop's unchanged (1.00)",
        format!("{} / {}", fixed(watched, 2, ""), fixed(watched_loop, 2, "")),
        "the process's include each page's heartbeat, one per 15 s",
    ));
    rows.push(Row::new(
        format!("key to new frame through the pty, 0 / {} pages watching", pages.len()),
        "unchanged within noise",
        format!("{} / {}", ms(median(&alone)), ms(median(&crowded))),
        format!("{} / {}", spread(&alone), spread(&crowded)),
    ));
    rows.push(Row::new(
        "bytes a room page receives per change (the whole state)",
        "stated",
        fixed(per_state, 0, " B"),
        format!("{states} states received by {} pages over {} presses", pages.len(), crowded.len()),
    ));
    eprintln!("measure: {n} presses on the remote");
    let mut times = Vec::new();
    for i in 0..(n + 2).next_multiple_of(2) {
        let (command, done) = if i % 2 == 0 { ("next", 2) } else { ("previous", 1) };
        pty.arm(Box::new(move |text| progress_at(text, done)));
        let sent = Instant::now();
        if !press(&remote, command) {
            eprintln!("measure: the remote's press was refused");
            break;
        }
        match pty.met() {
            Some(at) if i >= 2 => times.push(at.duration_since(sent).as_secs_f64()),
            Some(_) => {}
            None => break,
        }
        thread::sleep(Duration::from_millis(100));
    }
    rows.push(Row::new(
        "a press on /remote (POST over loopback) to the terminal's new frame",
        "within a frame (16 ms)",
        ms(median(&times)),
        spread(&times),
    ));
    let peak = pty.pid().and_then(|pid| status_kib(pid, "VmHWM:"));
    rows.push(Row::new(
        format!("peak memory (VmHWM) with --serve and {} pages watching", pages.len()),
        "bounded",
        fixed(peak.map(|k| k as f64 / 1024.0), 2, " MiB"),
        "after the presses above",
    ));
    drop(pages);
    pty.end();
    rows
}
