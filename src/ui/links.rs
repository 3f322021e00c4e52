//! The pages' links as QR codes over the session (`u`, with `--serve`): on the projector the room
//! page's alone, for people joining from their phones; in the facilitator view the remote's
//! beside it, for the facilitator's own phone. Each code is drawn black on white whatever the
//! theme, with a margin, as scanners need, and its address is written under it.

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};
use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::style::{Color, Style};
use ratatui_core::widgets::Widget;
use ratatui_widgets::clear::Clear;

use super::widgets::{WrappedLine, centred_lines};
use super::{Tone, overlay};
use crate::keymap::Scope;
use crate::model::{App, View};
use crate::wrap::wrap;

/// Light cells around a code: two modules on every side (a row holds two).
const MARGIN: (u16, u16) = (2, 1);

/// Draws the links of `app`'s pages, if it serves any.
pub fn draw(buf: &mut Buffer, app: &App) {
    let Some(links) = &app.window.links else { return };
    let area = buf.area;
    let mut wanted = vec![("the room's page: scan to follow", links.room.as_str())];
    if app.window.view == View::Facilitator {
        wanted.push(("the remote: scan to drive the session", links.remote.as_str()));
    }
    let codes: Vec<(&str, &str, Vec<String>)> =
        wanted.into_iter().filter_map(|(label, url)| Some((label, url, code(url)?))).collect();
    let Some(size) = codes.first().map(|(_, _, lines)| cells(lines)) else { return };
    let hint = app.keymap.hint(Scope::Links);
    let (width, height) = (size.0 + 2 * MARGIN.0, size.1 + 2 * MARGIN.1);
    let shown = codes.len().min(usize::from(area.width / (width + 2)));
    if shown == 0 || height + 4 > area.height {
        // Too small a window for a code: the addresses as words.
        let words = codes.iter().map(|(label, url, _)| format!("{label}: {url}").into()).collect();
        overlay::boxed(buf, " links ", words, None, &hint, app.theme);
        return;
    }
    Clear.render(area, buf);
    let column = area.width / shown as u16;
    let top = area.y + area.height.saturating_sub(height + 4) / 2;
    for (i, (label, url, lines)) in codes.iter().take(shown).enumerate() {
        let x = area.x + column * i as u16 + column.saturating_sub(width) / 2;
        let white = Rect { x, y: top, width, height };
        buf.set_style(white, Style::new().fg(Color::Black).bg(Color::White));
        for (row, line) in (top + MARGIN.1..).zip(lines) {
            buf.set_string(x + MARGIN.0, row, line, Style::new().fg(Color::Black).bg(Color::White));
        }
        let under = Rect { x: area.x + column * i as u16, y: top + height, width: column, height: 3 };
        let words: Vec<WrappedLine> = std::iter::once(((*label).to_owned(), Tone::Words))
            .chain(wrap(url, usize::from(column.saturating_sub(2))).into_iter().map(|l| (l, Tone::Dim)))
            .collect();
        centred_lines(buf, under, &words, app.theme);
    }
    let bottom = Rect { y: area.bottom().saturating_sub(1), height: 1, ..area };
    centred_lines(buf, bottom, &[(hint, Tone::Dim)], app.theme);
}

/// `url` as a QR code, two modules a row, without its quiet zone (drawn around it instead).
fn code(url: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(url, EcLevel::L).ok()?;
    let text =
        code.render::<Dense1x2>().dark_color(Dense1x2::Dark).light_color(Dense1x2::Light).quiet_zone(false).build();
    Some(text.lines().map(str::to_owned).collect())
}

/// Columns and rows a code takes.
fn cells(lines: &[String]) -> (u16, u16) {
    let width = lines.first().map_or(0, |l| l.chars().count());
    (u16::try_from(width).unwrap_or(u16::MAX), u16::try_from(lines.len()).unwrap_or(u16::MAX))
}
