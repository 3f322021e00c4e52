//! holdspace: a terminal companion that walks a facilitator through a timed group session.
//!
//! The core (`session`, `plan`, `flow`, `timer`, `pairing`) is plain Rust with no terminal and no
//! clock reads; `model` is the whole running program as data, changed only by its `update`; `ui`
//! draws from the model without changing it; `app` is the only place that reads the clock and
//! the terminal; `cli` wires the commands.
//!
//! ```text
//! session ─► plan ─► flow (timer, pairing) ─► model ◄─ keymap
//!                                              │  ▲
//!                                        ui ◄──┘  └── app (loop: clock, terminal, journal)
//! ```

pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod files;
pub mod flow;
pub mod keymap;
pub mod limits;
pub mod model;
pub mod narrate;
pub mod pairing;
pub mod paths;
pub mod plan;
pub mod print;
pub mod rehearsal;
pub mod roster;
pub mod sanitize;
pub mod serve;
pub mod session;
pub mod share;
pub mod themes;
pub mod timer;
pub mod ui;
pub mod wrap;
