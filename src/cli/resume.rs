//! How a run starts: fresh, or from the journal of an unfinished run of the same file. With
//! `--resume` the journal must be there and match the file; without it, a matching journal is
//! offered at a prompt (on a terminal). A journal of a file that changed since is never applied.

use std::io::{BufRead, IsTerminal};
use std::time::{Duration, Instant};

use super::Failure;
use super::find::Loaded;
use crate::app::journal::{Found, Journal};
use crate::flow::Flow;
use crate::paths::Paths;

/// The flow to run and the journal to keep, or why resuming is impossible.
pub fn start(
    loaded: Loaded,
    roster: Vec<String>,
    seed: u64,
    resume: bool,
    paths: Option<&Paths>,
) -> Result<(Flow, Option<Journal>), Failure> {
    let Loaded { session, text, name } = loaded;
    let Some(journal) = paths.map(|paths| Journal::new(&paths.state, &name, text.as_bytes())) else {
        if resume {
            return Err(Failure::BadInput(
                "there is no state folder on this system, so there is nothing to resume".into(),
            ));
        }
        return Ok((Flow::new(session, roster, seed), None));
    };
    let fresh = |session| Ok((Flow::new(session, roster.clone(), seed), Some(journal.clone())));
    // Without --resume a journal that cannot be used is said and the run starts fresh; with it,
    // the run does not start.
    let refuse = |message: String, session| {
        if resume {
            return Err(Failure::BadInput(message));
        }
        errln!("holdspace: {}", crate::sanitize::clean(&message, false));
        fresh(session)
    };
    let entry = match journal.read() {
        Ok(Found::Resumable(entry)) => entry,
        Ok(Found::Nothing) if resume => {
            return Err(Failure::BadInput(format!("no unfinished run of {name} to resume")));
        }
        Ok(Found::Nothing) => return fresh(session),
        Ok(Found::Unreadable(aside)) => {
            let message = format!("the journal of {name} could not be read; it was moved to {}", aside.display());
            let tail = if resume { "" } else { "; starting from the beginning" };
            return refuse(format!("{message}{tail}"), session);
        }
        Ok(Found::Changed(entry)) => {
            let message = format!(
                "{name} changed since its unfinished run was saved at {}; that run is not resumed, to avoid \
                 showing the wrong step",
                entry.saved_at.format("%H:%M")
            );
            return refuse(message, session);
        }
        Err(e) => return refuse(format!("cannot read the journal {}: {e}", journal.path().display()), session),
    };
    if !resume && !ask(&name, &entry.saved_at) {
        return fresh(session);
    }
    let away = (chrono::Local::now() - entry.saved_at).to_std().unwrap_or(Duration::ZERO);
    match Flow::restore(session, entry.flow, Instant::now(), away) {
        Ok(flow) => Ok((flow, Some(journal))),
        Err(e) => Err(Failure::BadInput(format!("cannot resume {name}: {e}"))),
    }
}

/// Asks on the terminal whether to continue the unfinished run. Without a terminal to ask on,
/// the run starts from the beginning (and says so).
fn ask(name: &str, saved_at: &chrono::DateTime<chrono::Local>) -> bool {
    let when = saved_at.format("%H:%M");
    if !std::io::stdin().is_terminal() {
        errln!("holdspace: an unfinished run of {name} (saved at {when}) exists; use --resume to continue it");
        return false;
    }
    err!("An unfinished run of {name} was saved at {when}. Continue it? [Y/n] ");
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return false;
    }
    !matches!(answer.trim().to_lowercase().as_str(), "n" | "no")
}
