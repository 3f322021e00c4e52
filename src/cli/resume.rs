//! What a run starts from: the journal of an unfinished run of the same file and kind, if there
//! is one to offer. The question itself is asked inside the app, before anything is projected
//! (see `model::resume`); here the journal is read, and one that cannot be used is said in one
//! line and set aside. A journal of a file that changed since is never applied.

use std::io::IsTerminal;

use super::Failure;
use super::find::Loaded;
use crate::app::journal::{Found, Journal};
use crate::model::Offer;
use crate::paths::Paths;
use crate::rehearsal::RunKind;
use crate::sanitize::clean;

/// The journal a run keeps, and the unfinished run to offer.
#[derive(Debug, Default)]
pub struct Start {
    /// Where the run is saved on every change, when the system has a state folder.
    pub journal: Option<Journal>,
    /// An unfinished run of this file, to offer or (with `--resume`) to take up.
    pub offer: Option<Offer>,
    /// Whether there is someone to ask: standard input is a terminal.
    pub ask: bool,
}

/// Reads the journal of this `kind` of run of `loaded`. With `resume`, a run that cannot be
/// taken up is an error; without it, the run starts afresh and says why in one line.
pub fn start(loaded: &Loaded, kind: RunKind, resume: bool, paths: Option<&Paths>) -> Result<Start, Failure> {
    let name = clean(&loaded.name, false);
    let ask = std::io::stdin().is_terminal();
    let Some(journal) = paths.map(|p| Journal::new(&p.state, kind, &loaded.name, loaded.text.as_bytes())) else {
        if resume {
            return Err(Failure::BadInput(
                "there is no state folder on this system, so there is nothing to resume".into(),
            ));
        }
        return Ok(Start::default());
    };
    // Without --resume a journal that cannot be used is said and the run starts afresh; with
    // it, the run does not start.
    let refuse = |message: String| {
        if resume {
            return Err(Failure::BadInput(message));
        }
        crate::print::note(&message);
        Ok(None)
    };
    let offer = match journal.read() {
        Ok(Found::Resumable(entry)) => {
            let entry = *entry;
            let offer = Offer {
                snapshot: Box::new(entry.flow),
                events: entry.events,
                recorded_ms: entry.recorded_ms,
                message: entry.message,
                saved_at: entry.saved_at,
                asked: resume,
            };
            if !ask && !resume {
                crate::print::note(&format!(
                    "an unfinished {} of {name} (saved {}) is not taken up: standard input is not a terminal, so nobody can be asked; use --resume to take it up",
                    kind.word(),
                    entry.saved_at.format("%Y-%m-%d %H:%M")
                ));
            }
            (ask || resume).then_some(offer)
        }
        Ok(Found::Nothing) if resume => {
            return Err(Failure::BadInput(format!("no unfinished {} of {name} to resume", kind.word())));
        }
        Ok(Found::Nothing) => None,
        Ok(Found::Unreadable { aside, why }) => refuse(format!(
            "the journal of {name} could not be used ({why}); it was moved to {}; starting from the beginning",
            clean(&aside.display().to_string(), false)
        ))?,
        Ok(Found::Changed(entry)) => refuse(format!(
            "{name} changed since its unfinished {} was saved ({}); that {0} is not taken up, to avoid showing the wrong step",
            kind.word(),
            entry.saved_at.format("%Y-%m-%d %H:%M")
        ))?,
        Err(e) => {
            refuse(format!("cannot read the journal {}: {e}", clean(&journal.path().display().to_string(), false)))?
        }
    };
    Ok(Start { journal: Some(journal), offer, ask })
}
