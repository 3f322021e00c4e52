//! How a run starts: fresh, or from the journal of an unfinished run of the same file. With
//! `--resume` the journal must be there and match the file; without it, a matching journal is
//! offered at a prompt (on a terminal). A journal of a file that changed since is never applied.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::BAD_INPUT;
use super::find::Loaded;
use crate::app::journal::{Found, Journal};
use crate::flow::Flow;

/// The flow to run and the journal to keep; or the exit status when resuming is impossible.
pub fn start(
    loaded: Loaded,
    roster: Vec<String>,
    seed: u64,
    resume: bool,
) -> Result<(Flow, Option<Journal>), ExitCode> {
    let Loaded { session, text, name } = loaded;
    let Some(journal) = Journal::folder().map(|folder| Journal::new(&folder, &name, text.as_bytes())) else {
        if resume {
            errln!("holdspace: there is no state folder on this system, so there is nothing to resume");
            return Err(ExitCode::from(BAD_INPUT));
        }
        return Ok((Flow::new(session, roster, seed), None));
    };
    let refuse = |message: String| {
        errln!("holdspace: {message}");
        ExitCode::from(BAD_INPUT)
    };
    let fresh = |session| Ok((Flow::new(session, roster.clone(), seed), Some(journal.clone())));
    let entry = match journal.read() {
        Ok(Found::Resumable(entry)) => entry,
        Ok(Found::Nothing) if resume => return Err(refuse(format!("no unfinished run of {name} to resume"))),
        Ok(Found::Nothing) => return fresh(session),
        Ok(Found::Unreadable(aside)) => {
            let message = format!("the journal of {name} could not be read; it was moved to {}", aside.display());
            if resume {
                return Err(refuse(message));
            }
            errln!("holdspace: {message}; starting from the beginning");
            return fresh(session);
        }
        Ok(Found::Changed(entry)) => {
            let message = format!(
                "{name} changed since its unfinished run was saved at {}; that run is not resumed, to avoid \
                 showing the wrong step",
                entry.saved_at.format("%H:%M")
            );
            if resume {
                return Err(refuse(message));
            }
            errln!("holdspace: {message}");
            return fresh(session);
        }
        Err(e) => {
            let message = format!("cannot read the journal {}: {e}", journal.path().display());
            if resume {
                return Err(refuse(message));
            }
            errln!("holdspace: {message}");
            return fresh(session);
        }
    };
    if !resume && !ask(&name, &entry.saved_at) {
        return fresh(session);
    }
    let away = (chrono::Local::now() - entry.saved_at).to_std().unwrap_or(Duration::ZERO);
    match Flow::restore(session, entry.flow, Instant::now(), away) {
        Ok(flow) => Ok((flow, Some(journal))),
        Err(e) => Err(refuse(format!("cannot resume {name}: {e}"))),
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
