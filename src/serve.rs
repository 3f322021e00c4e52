//! The session in a browser (`run --serve`): a phone as a remote, the room view for people on a
//! call or a second projector, the facilitator's screen on a co-facilitator's tablet. A small
//! HTTP server, started only with `--serve`, shares what the second-terminal work shares: the
//! loop sends it the room's state as it sends followers theirs (only when something changed), and
//! the actions it takes are the commands a following window sends, handed to the loop as the
//! same input. A page is one more follower.
//!
//! One thread waits in `accept` (a run nobody watches costs no wake-ups); each connection gets a
//! thread of its own for one request, and a page's stream of events keeps its thread while it
//! watches. Everything a client sends is bounded (see `http`), connections and streams are
//! counted and capped, and every request needs a token: the view token opens the room page, the
//! control token everything. Both are random, new for each run, and compared in constant time.

mod clients;
pub mod http;
pub mod page;
mod route;

use std::fs;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::time::Instant;

use crate::app::Input;
use crate::app::log;
use crate::model::App;
use clients::{Clients, Frames};
pub use route::TOKEN_HEADER;

/// The port tried first: fixed, so a bookmark or a QR code printed for a room keeps working
/// from one session to the next. When it is taken the next few are tried, then any free one.
pub const PORT: u16 = 7433;

/// How many ports after [`PORT`] are tried before any free port.
const FALLBACKS: u16 = 9;

/// The most connections served at once; more are closed as they arrive.
pub const CONNECTIONS: usize = 128;

/// The most pages watching at once (each holds a connection).
pub const STREAMS: usize = 100;

/// Each connection's thread needs little stack: it reads one bounded request.
const STACK: usize = 256 * 1024;

/// Characters in a token: 24 letters and digits are 142 bits, beyond guessing.
const TOKEN_LENGTH: usize = 24;

/// Where `--serve` listens: an address, or the machine's LAN address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The address, or `None` for the LAN address.
    pub ip: Option<IpAddr>,
    /// A port given on the command line; otherwise [`PORT`] or a fallback.
    pub port: Option<u16>,
}

impl std::str::FromStr for Spec {
    type Err = String;

    /// `127.0.0.1`, `0.0.0.0:8000`, `[::1]:8000`, `lan`, `lan:8000`, `:8000`.
    fn from_str(text: &str) -> Result<Self, String> {
        let wrong =
            || format!("`{text}` is not an address to serve on: write `lan`, an IP address, or either with `:PORT`");
        let port = |p: &str| p.parse::<u16>().map_err(|_| wrong());
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Ok(Self { ip: Some(ip), port: None });
        }
        if let Ok(addr) = text.parse::<SocketAddr>() {
            return Ok(Self { ip: Some(addr.ip()), port: Some(addr.port()) });
        }
        match text.split_once(':') {
            None if text == "lan" => Ok(Self { ip: None, port: None }),
            Some(("lan", p)) => Ok(Self { ip: None, port: Some(port(p)?) }),
            Some(("", p)) => Ok(Self { ip: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)), port: Some(port(p)?) }),
            _ => Err(wrong()),
        }
    }
}

impl std::fmt::Display for Spec {
    /// As `--serve` takes it: `lan`, `lan:8000`, `127.0.0.1`, `[::1]:8000`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.ip, self.port) {
            (None, None) => f.write_str("lan"),
            (None, Some(port)) => write!(f, "lan:{port}"),
            (Some(ip), None) => write!(f, "{ip}"),
            (Some(ip), Some(port)) => write!(f, "{}", SocketAddr::new(ip, port)),
        }
    }
}

/// What `--serve` was given: an address, or none (then the config's, else this machine only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listen {
    /// A bare `--serve`.
    Configured,
    /// `--serve ADDR`.
    At(Spec),
}

impl std::str::FromStr for Listen {
    type Err = String;

    /// The empty text is a bare `--serve` (clap's value when none is given).
    fn from_str(text: &str) -> Result<Self, String> {
        if text.is_empty() { Ok(Self::Configured) } else { text.parse().map(Self::At) }
    }
}

impl Spec {
    /// Where a bare `--serve` listens when the config names no address: this machine only.
    pub const LOCAL: Self = Self { ip: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)), port: None };
}

/// Opens the listening socket for `spec`. A port asked for is taken or an error; without one,
/// [`PORT`] or the next free one.
pub fn bind(spec: Spec) -> io::Result<TcpListener> {
    let ip = match spec.ip {
        Some(ip) => ip,
        None => lan_address()?,
    };
    if let Some(port) = spec.port {
        return TcpListener::bind(SocketAddr::new(ip, port));
    }
    (PORT..=PORT + FALLBACKS)
        .chain([0])
        .find_map(|port| TcpListener::bind(SocketAddr::new(ip, port)).ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::AddrInUse, format!("no port free on {ip}")))
}

/// The address this machine is reached at on its local network: the one it would send from to
/// an outside address. Connecting a UDP socket only chooses a route; nothing is sent.
pub fn lan_address() -> io::Result<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))?;
    // TEST-NET-1 (RFC 5737): an address that is never anyone's.
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).map_err(|e| {
        io::Error::new(e.kind(), format!("this machine has no network to be reached on ({e}); serve on 127.0.0.1"))
    })?;
    let ip = socket.local_addr()?.ip();
    if ip.is_unspecified() || ip.is_loopback() {
        return Err(io::Error::other("this machine has no LAN address; serve on 127.0.0.1"));
    }
    Ok(ip)
}

/// What a token opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Nothing.
    None,
    /// The room page and its stream: the room's screen, no notes, no actions.
    View,
    /// Everything: the remote, the facilitator's page, actions.
    Control,
}

/// The two secrets of a run.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Opens the room page: safe to paste in a chat.
    pub view: String,
    /// Opens the remote and the facilitator's page, and acts.
    pub control: String,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens { .. }")
    }
}

impl Tokens {
    /// Two new random tokens, from the operating system's generator (through rand's thread
    /// generator, a CSPRNG seeded from it).
    pub fn random() -> Self {
        Self::fixed(None, None)
    }

    /// The tokens fixed in the config file, a new random one for each that is not.
    pub fn fixed(view: Option<&str>, control: Option<&str>) -> Self {
        use rand::RngExt;
        let token = |fixed: Option<&str>| {
            fixed.map_or_else(
                || rand::rng().sample_iter(rand::distr::Alphanumeric).take(TOKEN_LENGTH).map(char::from).collect(),
                str::to_owned,
            )
        };
        Self { view: token(view), control: token(control) }
    }

    /// Why `token` cannot be a fixed token: it must be as hard to guess as a random one, and go
    /// into a link as it is.
    pub fn unfit(token: &str) -> Option<String> {
        if !token.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Some("a token is letters and digits only (it goes into the pages' links)".to_owned());
        }
        let length = token.len();
        (length < TOKEN_LENGTH)
            .then(|| format!("a token of {length} characters is too easy to guess: write at least {TOKEN_LENGTH}"))
    }

    /// What `token` opens. Both tokens are compared whole whatever the input, so the time taken
    /// says nothing about how much of either was right.
    pub fn access(&self, token: &str) -> Access {
        let control = same(token.as_bytes(), self.control.as_bytes());
        let view = same(token.as_bytes(), self.view.as_bytes());
        if control {
            Access::Control
        } else if view {
            Access::View
        } else {
            Access::None
        }
    }
}

/// Whether `a` and `b` are equal, in a time that depends on their lengths only.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The addresses of the pages, tokens included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// Where the server listens (`http://192.168.1.20:7433`), without a token.
    pub base: String,
    /// The room page (view token).
    pub room: String,
    /// The remote (control token).
    pub remote: String,
    /// The facilitator's page (control token).
    pub facilitator: String,
}

impl Links {
    /// The links to a server at `addr` with `tokens`.
    pub fn new(addr: SocketAddr, tokens: &Tokens) -> Self {
        let base = format!("http://{addr}");
        Self {
            room: format!("{base}/room?token={}", tokens.view),
            remote: format!("{base}/remote?token={}", tokens.control),
            facilitator: format!("{base}/facilitator?token={}", tokens.control),
            base,
        }
    }
}

/// What the connection threads share.
#[derive(Debug)]
struct State {
    tokens: Tokens,
    clients: Clients,
    /// Requests refused for a wrong token or path, for the log.
    refused: AtomicU64,
    /// Connections being served.
    open: AtomicUsize,
}

/// The running server, as the loop holds it.
#[derive(Debug)]
pub struct Server {
    state: Arc<State>,
    links: Links,
    /// What the pages were last sent, all but the seconds: sent again only when it changes.
    sent: Option<page::Facilitator>,
    /// The file the links are written to, removed when the run ends.
    file: Option<PathBuf>,
}

impl Server {
    /// Starts serving on `listener` with `tokens`; actions and new pages are told to `inputs`.
    /// The links are written (0600) to `file`, for scripts, when one is given.
    pub fn start(
        listener: TcpListener,
        tokens: Tokens,
        inputs: Sender<Input>,
        file: Option<PathBuf>,
    ) -> io::Result<Self> {
        let addr = listener.local_addr()?;
        let shown = match addr.ip() {
            // Listening everywhere: the LAN address is the one people can open.
            ip if ip.is_unspecified() => {
                SocketAddr::new(lan_address().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)), addr.port())
            }
            _ => addr,
        };
        let links = Links::new(shown, &tokens);
        if let Some(path) = &file {
            write_private(
                path,
                &format!("room {}\nremote {}\nfacilitator {}\n", links.room, links.remote, links.facilitator),
            )?;
        }
        let state = Arc::new(State {
            tokens,
            clients: Clients::default(),
            refused: AtomicU64::new(0),
            open: AtomicUsize::new(0),
        });
        let shared = Arc::clone(&state);
        std::thread::Builder::new().name("web".into()).spawn(move || accept(&listener, &shared, &inputs))?;
        Ok(Self { state, links, sent: None, file })
    }

    /// The pages' addresses.
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// How many pages watch.
    pub fn watching(&self) -> usize {
        self.state.clients.count()
    }

    /// Sends the pages the state of `app` at `now` if it changed since they were last sent it,
    /// and to pages that just arrived in any case. Nothing is computed while nobody watches.
    pub fn refresh(&mut self, app: &App, now: Instant) {
        if self.state.clients.count() == 0 {
            self.sent = None;
            return;
        }
        let facilitator = page::Facilitator::of(app, now);
        let steady = facilitator.steady();
        let changed = self.sent.as_ref() != Some(&steady);
        if !changed && !self.state.clients.any_fresh() {
            return;
        }
        self.sent = Some(steady);
        let frames = Frames {
            room: clients::frame(&page::json(&facilitator.room)),
            control: clients::frame(&page::json(&facilitator)),
        };
        self.state.clients.send(&frames, changed);
    }

    /// The session ended: pages are told, and their streams end.
    pub fn end(&self) {
        let ended = clients::ended();
        self.state.clients.send(&Frames { room: Arc::clone(&ended), control: ended }, true);
        self.state.clients.end();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.clients.end();
        if let Some(path) = &self.file {
            let _ = fs::remove_file(path);
        }
    }
}

/// Writes `text` to a new file at `path` that only this user can read.
fn write_private(path: &std::path::Path, text: &str) -> io::Result<()> {
    let _ = fs::remove_file(path);
    let mut file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    io::Write::write_all(&mut file, text.as_bytes())
}

/// Takes connections for as long as the run lasts, each on a thread of its own, up to
/// [`CONNECTIONS`] at once: more are closed at once, so a flood costs neither memory nor the
/// session.
fn accept(listener: &TcpListener, state: &Arc<State>, inputs: &Sender<Input>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if state.open.fetch_add(1, Ordering::SeqCst) >= CONNECTIONS {
            state.open.fetch_sub(1, Ordering::SeqCst);
            drop(stream);
            continue;
        }
        let (shared, inputs) = (Arc::clone(state), inputs.clone());
        let spawned = std::thread::Builder::new().name("web-client".into()).stack_size(STACK).spawn(move || {
            route::serve(stream, &shared, &inputs);
            shared.open.fetch_sub(1, Ordering::SeqCst);
        });
        if spawned.is_err() {
            state.open.fetch_sub(1, Ordering::SeqCst);
            log::write("web: could not start a thread for a connection");
        }
    }
}
