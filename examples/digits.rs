//! Prints a reading in the timer's big digits at some sizes, to judge them on a real terminal
//! or projector, or times drawing them:
//!
//! ```sh
//! cargo run --example digits -- 12:34 3 4 8 12    # the reading, then heights in rows
//! COLUMNS=120 cargo run --example digits -- +0:42  # no heights: every size that fits across
//! cargo run --release --example digits -- --time  # the cost of a draw at 300x100
//! ```

use std::time::Instant;

use holdspace::ui::digits::{self, Size};
use ratatui_core::buffer::Buffer;
use ratatui_core::layout::Rect;
use ratatui_core::style::Style;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().is_some_and(|a| a == "--time") {
        time();
        return;
    }
    let text = args.next().unwrap_or_else(|| "12:34".to_owned());
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(80u16);
    let mut sizes: Vec<Size> = args.filter_map(|a| a.parse().ok()).filter_map(Size::with_rows).collect();
    if sizes.is_empty() {
        sizes = digits::ladder().filter(|s| s.width(&text) <= columns).collect();
    }
    for size in sizes {
        let width = size.width(&text).max(1);
        let area = Rect::new(0, 0, width, size.rows());
        let mut buf = Buffer::empty(area);
        digits::draw(&mut buf, area, &text, size, Style::new());
        println!("{} rows, digits {} wide, {width} across:", size.rows(), size.digit_width());
        for y in 0..area.height {
            let line: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
            println!("{line}");
        }
        println!();
    }
}

/// Draws readings at the largest size that fits a 300x100 window, over and over, and prints the
/// median time of a draw.
fn time() {
    let area = Rect::new(0, 0, 300, 100);
    let mut buf = Buffer::empty(area);
    for text in ["+00:00", "12:34", "1:02:03", "0:08"] {
        let Some(size) = digits::largest(text, area.width, area.height) else { continue };
        let mut runs: Vec<f64> = (0..2000)
            .map(|_| {
                let start = Instant::now();
                digits::draw(&mut buf, area, std::hint::black_box(text), size, Style::new());
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        println!("{text:>8} at {} rows: {:.1} µs a draw (median of {})", size.rows(), runs[runs.len() / 2], runs.len());
    }
}
