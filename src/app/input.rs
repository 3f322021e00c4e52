//! Input from the terminal: keys and resizes, read with a timeout so that the loop sleeps until
//! the next key or the next visible change, whichever comes first.

use std::io;
use std::time::Duration;

use ratatui_crossterm::crossterm::event;

use super::{Events, Input};

/// Events from the terminal.
#[derive(Debug, Default)]
pub struct TerminalEvents;

impl Events for TerminalEvents {
    fn next(&mut self, timeout: Option<Duration>) -> io::Result<Option<Input>> {
        match timeout {
            Some(t) if !event::poll(t)? => Ok(None),
            _ => event::read().map(|e| Some(Input::Terminal(e))),
        }
    }
}
