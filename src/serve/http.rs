//! One HTTP/1.1 request read under hard limits, and responses written whole. Every connection
//! answers one request and closes (a server-sent stream stays open for writing only), so there is
//! no keep-alive state to defend.
//!
//! The head is parsed by `httparse` (the parser under hyper, with no dependencies of its own);
//! everything around it is bounded here: the head's size and header count, the body's size, and
//! the time the whole request may take to arrive, so a client sending a byte a second holds a
//! connection for a few seconds at most.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The most bytes of request line and headers read: browsers send well under 2 KiB here.
pub const HEAD: usize = 8 * 1024;

/// The most headers a request may have.
pub const HEADERS: usize = 32;

/// The most bytes of body read: an action is a few dozen bytes (a late arrival's name at most a
/// few hundred).
pub const BODY: usize = 1024;

/// How long a whole request may take to arrive, however slowly it trickles in.
pub const ARRIVAL: Duration = Duration::from_secs(5);

/// How long a response may take to be written before the client is given up.
pub const SENDING: Duration = Duration::from_secs(5);

/// A request as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`...
    pub method: String,
    /// The path, before any `?`.
    pub path: String,
    /// What follows the `?`, if anything.
    pub query: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body (empty for a `GET`).
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (lower case), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The value of `key` in the query (`a=1&key=value`), taken as written: tokens and the
    /// like are plain letters and digits, so nothing here is decoded.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query.split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
    }
}

/// Why a request was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The connection failed, closed early, or took too long: nothing is answered.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// Not HTTP this server reads (400).
    #[error("a malformed request")]
    Malformed,
    /// The head is larger than [`HEAD`] or has more than [`HEADERS`] headers (431).
    #[error("request headers too large")]
    HeadTooLarge,
    /// The body is larger than [`BODY`] (413).
    #[error("a request body too large")]
    BodyTooLarge,
}

impl Refused {
    /// The status to answer with, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Refused::Io(_) => None,
            Refused::Malformed => Some(400),
            Refused::HeadTooLarge => Some(431),
            Refused::BodyTooLarge => Some(413),
        }
    }
}

/// Reads one request from `stream`, within [`ARRIVAL`] from now.
pub fn read(stream: &mut TcpStream) -> Result<Request, Refused> {
    let deadline = Instant::now() + ARRIVAL;
    let mut buf = Vec::with_capacity(1024);
    let (mut request, head_len, length) = loop {
        fill(stream, &mut buf, HEAD, deadline)?;
        let mut headers = [httparse::EMPTY_HEADER; HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buf) {
            Ok(httparse::Status::Complete(len)) => break head(&parsed, len)?,
            Ok(httparse::Status::Partial) if buf.len() >= HEAD => return Err(Refused::HeadTooLarge),
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(Refused::HeadTooLarge),
            Err(_) => return Err(Refused::Malformed),
        }
    };
    let mut body = buf.split_off(head_len);
    while body.len() < length {
        fill(stream, &mut body, length, deadline)?;
    }
    body.truncate(length);
    request.body = body;
    Ok(request)
}

/// Reads what has arrived into `buf`, up to `cap` bytes in all, waiting until `deadline` at most.
fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>, cap: usize, deadline: Instant) -> Result<(), Refused> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(io::Error::new(io::ErrorKind::TimedOut, "the request took too long").into());
    }
    stream.set_read_timeout(Some(left))?;
    let mut chunk = [0u8; 1024];
    let room = cap.saturating_sub(buf.len()).clamp(1, chunk.len());
    let read = stream.read(&mut chunk[..room])?;
    if read == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the client closed the connection").into());
    }
    buf.extend_from_slice(&chunk[..read]);
    Ok(())
}

/// The request's head, its length, and the length of the body that follows.
fn head(parsed: &httparse::Request<'_, '_>, len: usize) -> Result<(Request, usize, usize), Refused> {
    let (Some(method), Some(target)) = (parsed.method, parsed.path) else { return Err(Refused::Malformed) };
    let mut headers = Vec::with_capacity(parsed.headers.len());
    for h in parsed.headers.iter() {
        let value = std::str::from_utf8(h.value).map_err(|_| Refused::Malformed)?;
        headers.push((h.name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let request = Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body: Vec::new(),
    };
    // No chunked bodies: an action is small and says how long it is.
    if request.header("transfer-encoding").is_some() {
        return Err(Refused::Malformed);
    }
    let length = match request.header("content-length") {
        None => 0,
        Some(text) => text.parse::<usize>().map_err(|_| Refused::Malformed)?,
    };
    if length > BODY {
        return Err(Refused::BodyTooLarge);
    }
    Ok((request, len, length))
}

/// Headers every response carries: nothing is cached or sent on as a referrer (the address holds
/// a token), nothing is sniffed, nothing is framed by another site.
const COMMON: &str = "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nConnection: close\r\n";

/// Writes a whole response and closes the writing side.
pub fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &[u8]) -> io::Result<()> {
    stream.set_write_timeout(Some(SENDING))?;
    let mut out = format!("HTTP/1.1 {status} {}\r\n{COMMON}Content-Length: {}\r\n", reason(status), body.len());
    for (name, value) in headers {
        for part in [name, ": ", value, "\r\n"] {
            out.push_str(part);
        }
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes)?;
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

/// Starts a stream of server-sent events: the head, without a length.
pub fn start_stream(stream: &mut TcpStream) -> io::Result<()> {
    stream.set_write_timeout(Some(SENDING))?;
    let head = format!(
        "HTTP/1.1 200 OK\r\n{COMMON}Content-Type: text/event-stream; charset=utf-8\r\nX-Accel-Buffering: no\r\n\r\n"
    );
    stream.write_all(head.as_bytes())?;
    stream.flush()
}

/// A short answer for a status alone.
pub fn status(stream: &mut TcpStream, status: u16) -> io::Result<()> {
    let text = format!("{status} {}\n", reason(status).to_lowercase());
    respond(stream, status, &[("Content-Type", "text/plain; charset=utf-8")], text.as_bytes())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}
