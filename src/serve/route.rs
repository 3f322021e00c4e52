//! One connection, from its request to its answer: which page or action it asks for, whether its
//! token allows it, and what it gets. A wrong or missing token gets the same 404 as a path that
//! does not exist, so nobody without a token learns that a page is there.

use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Sender;

use super::http::{self, Refused, Request};
use super::{Access, State, clients};
use crate::app::Input;
use crate::app::log;
use crate::share::Event;
use crate::share::protocol::Command;

/// The header an action carries its token in. A header, not a cookie: a browser sends a cookie
/// along with any site's request, but another site's page cannot add this header to a request
/// here without asking first (CORS), which this server never allows.
pub const TOKEN_HEADER: &str = "x-holdspace-token";

/// Every page's frame: its head (the script and the style, fetched with the page's token) around
/// its body.
const FRAME: &str = include_str!("../../assets/web/page.html");
const ROOM: &str = include_str!("../../assets/web/room.html");
const REMOTE: &str = include_str!("../../assets/web/remote.html");
const FACILITATOR: &str = include_str!("../../assets/web/facilitator.html");
const SCRIPT: &str = include_str!("../../assets/web/app.js");
const STYLE: &str = include_str!("../../assets/web/app.css");

/// Pages run only their own script and style, from this server, and connect only to it: text
/// that slipped into a page as markup could still not run.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Serves one connection: reads its request, answers it, and for a stream of events keeps
/// writing until the page goes.
pub fn serve(mut stream: TcpStream, state: &Arc<State>, inputs: &Sender<Input>) {
    let request = match http::read(&mut stream) {
        Ok(request) => request,
        Err(refused) => {
            if let Some(status) = refused.status() {
                let _ = http::status(&mut stream, status);
            }
            if !matches!(refused, Refused::Io(_)) {
                log::write(&format!("web: a request was refused: {refused}"));
            }
            return;
        }
    };
    let _ = answer(&mut stream, &request, state, inputs);
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// A page: its name and its body.
    Page(&'static str, &'static str),
    Asset(&'static str, &'static str),
    Events,
    Action,
}

impl Route {
    /// The route of `path`, and the least access it needs.
    fn of(path: &str) -> Option<(Route, Access)> {
        Some(match path {
            "/room" => (Route::Page("room", ROOM), Access::View),
            "/remote" => (Route::Page("remote", REMOTE), Access::Control),
            "/facilitator" => (Route::Page("facilitator", FACILITATOR), Access::Control),
            "/app.js" => (Route::Asset(SCRIPT, "text/javascript; charset=utf-8"), Access::View),
            "/app.css" => (Route::Asset(STYLE, "text/css; charset=utf-8"), Access::View),
            "/events" => (Route::Events, Access::View),
            "/action" => (Route::Action, Access::Control),
            _ => return None,
        })
    }
}

fn answer(
    stream: &mut TcpStream,
    request: &Request,
    state: &Arc<State>,
    inputs: &Sender<Input>,
) -> std::io::Result<()> {
    // Only plain paths: an escape or a `..` names nothing here, and is not looked into.
    if !request.path.starts_with('/') || request.path.contains(['%', '\\']) || request.path.contains("..") {
        return http::status(stream, 400);
    }
    // An action's token comes in its header, a page's in its address (a link must carry it).
    let token = match request.method.as_str() {
        "POST" => request.header(TOKEN_HEADER),
        _ => request.param("token"),
    };
    let access = token.map_or(Access::None, |t| state.tokens.access(t));
    let Some((route, _)) = Route::of(&request.path).filter(|(_, needed)| access >= *needed) else {
        let refused = state.refused.fetch_add(1, Ordering::Relaxed) + 1;
        // A count, not a line per request: a flood must not fill the log.
        if refused.is_power_of_two() || refused.is_multiple_of(1000) {
            log::write(&format!("web: {refused} request(s) refused so far for a wrong or missing token or path"));
        }
        return http::status(stream, 404);
    };
    let method = if route == Route::Action { "POST" } else { "GET" };
    if request.method != method {
        return http::status(stream, 405);
    }
    match route {
        Route::Page(name, body) => {
            // The token is letters and digits (or it would not have matched): safe in an address.
            let page = FRAME
                .replace("{{body}}", body)
                .replace("{{page}}", name)
                .replace("{{token}}", token.unwrap_or_default());
            let headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", POLICY)];
            http::respond(stream, 200, &headers, page.as_bytes())
        }
        Route::Asset(text, kind) => http::respond(stream, 200, &[("Content-Type", kind)], text.as_bytes()),
        Route::Action => act(stream, request, inputs),
        Route::Events => watch(stream, state, inputs, access == Access::Control),
    }
}

/// An action: a command, as a following window would send it, handed to the loop.
fn act(stream: &mut TcpStream, request: &Request, inputs: &Sender<Input>) -> std::io::Result<()> {
    // A browser says where a request comes from; one sent by another site's page is refused
    // even with the token (it could only have the token by a leak).
    if let (Some(origin), Some(host)) = (request.header("origin"), request.header("host"))
        && origin != format!("http://{host}")
    {
        return http::status(stream, 404);
    }
    let Ok(command) = serde_json::from_slice::<Command>(&request.body) else {
        return http::status(stream, 400);
    };
    if inputs.send(Input::Share(Event::Asked(command))).is_err() {
        return http::status(stream, 503);
    }
    http::respond(stream, 204, &[], b"")
}

/// A stream of events: the page is added to the watchers, the loop is told so that it sends the
/// whole state, and this thread writes the stream until the page goes.
fn watch(stream: &mut TcpStream, state: &Arc<State>, inputs: &Sender<Input>, control: bool) -> std::io::Result<()> {
    if state.clients.count() >= super::STREAMS {
        return http::status(stream, 503);
    }
    http::start_stream(stream)?;
    // A page that loses its connection tries again after this long.
    std::io::Write::write_all(stream, b"retry: 2000\n\n")?;
    let (id, events) = state.clients.join(stream.try_clone()?, control);
    if inputs.send(Input::Share(Event::Watching)).is_ok() {
        clients::stream(stream.try_clone()?, &events);
    }
    state.clients.leave(id);
    Ok(())
}
