//! The timer's big digits as a person sees them: insta snapshots of readings drawn at sizes
//! from the smallest up, on ratatui's `TestBackend`, each in an area a column wider than the
//! reading on either side so the centring shows too.

use holdspace::ui::digits::{self, Size};
use ratatui_core::backend::TestBackend;
use ratatui_core::style::Style;
use ratatui_core::terminal::Terminal;

/// `text` at `rows`, in a terminal just large enough.
#[track_caller]
fn drawn(text: &str, rows: u16) -> Terminal<TestBackend> {
    let size = Size::with_rows(rows).expect("a size on the ladder");
    let mut terminal = Terminal::new(TestBackend::new(size.width(text) + 2, rows)).expect("a test terminal");
    terminal
        .draw(|frame| {
            let area = frame.area();
            digits::draw(frame.buffer_mut(), area, text, size, Style::new());
        })
        .expect("drawing to a test terminal");
    terminal
}

#[test]
fn every_digit_at_the_small_and_middle_sizes() {
    for rows in [3, 4, 5, 6, 8, 10] {
        insta::assert_snapshot!(format!("0123456789_{rows}_rows"), drawn("0123456789", rows).backend());
    }
}

#[test]
fn readings_from_the_smallest_size_to_a_large_one() {
    for (name, text) in [("12_34", "12:34"), ("overtime_0_42", "+0:42")] {
        for rows in [3, 4, 5, 6, 8, 10, 16] {
            insta::assert_snapshot!(format!("{name}_{rows}_rows"), drawn(text, rows).backend());
        }
    }
}

/// A step of an hour or more, at the size an 80x24 room gets for its widest reading with
/// room left for words: the body is 68 columns across, 11 rows for the digits.
#[test]
fn a_long_step_at_the_size_an_80_column_room_gets() {
    let size = digits::largest("+0:00:00", 68, 11).expect("a size fits 80x24");
    insta::assert_snapshot!("1_02_03_at_80x24", drawn("1:02:03", size.rows()).backend());
}
