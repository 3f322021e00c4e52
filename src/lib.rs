//! holdspace: a terminal companion that walks a facilitator through a timed group session.
//!
//! The core (`session`, `flow`, `timer`, `pairing`) is plain Rust with no terminal and no clock
//! reads; `ui` draws from state without changing it; `app` is the only place that reads the
//! clock and the terminal; `cli` wires the commands.

pub mod app;
pub mod cli;
pub mod export;
pub mod files;
pub mod flow;
pub mod keymap;
pub mod pairing;
pub mod rehearsal;
pub mod roster;
pub mod sanitize;
pub mod session;
pub mod timer;
pub mod ui;
pub mod wrap;
