//! How a command fails, and the exit status each kind of failure gives: the one place where exit
//! codes are chosen. Usage errors exit 2, input the user can fix exits 1, a run ended by a signal
//! exits 128 plus the signal's number, as shells expect.

use std::process::ExitCode;

/// Why a command did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The command line is wrong (an option's value out of range, say).
    #[error("{0}")]
    Usage(String),
    /// Input the user can fix: a session or roster that does not load, a file that cannot be
    /// read or written.
    #[error("{0}")]
    BadInput(String),
    /// Located findings about a file, printed as they are (`file:line:col: error: ...`).
    #[error("{0}")]
    Located(String),
    /// Input that failed, already reported in full (`check` prints every file's findings).
    #[error("")]
    Reported,
    /// The program could not do its work (the terminal stopped working).
    #[error("{0}")]
    Broken(String),
    /// Ended by this signal (the window closed, `kill`).
    #[error("")]
    Signal(i32),
}

impl From<crate::print::Unwritten> for Failure {
    fn from(e: crate::print::Unwritten) -> Self {
        Failure::BadInput(e.to_string())
    }
}

impl Failure {
    /// The exit status for this failure.
    pub fn code(&self) -> ExitCode {
        let code = match self {
            Failure::BadInput(_) | Failure::Located(_) | Failure::Reported => 1,
            Failure::Usage(_) | Failure::Broken(_) => 2,
            Failure::Signal(signal) => u8::try_from(128 + signal).unwrap_or(1),
        };
        ExitCode::from(code)
    }

    /// Prints the failure on standard error in the one style every command uses: `holdspace:`
    /// and a lowercase message, or the located findings as they are.
    pub fn report(&self) {
        match self {
            Failure::Reported | Failure::Signal(_) => {}
            Failure::Located(text) => crate::print::raw_err(text),
            Failure::Usage(message) | Failure::BadInput(message) | Failure::Broken(message) => {
                crate::print::note(message);
            }
        }
    }
}
