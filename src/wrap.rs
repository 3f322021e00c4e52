//! Text measured in terminal cells per grapheme cluster (CJK, emoji and combining marks take the
//! room they really take), word wrapping and truncation. Used by the screens and by `check`, which
//! warns about text too long for the room view.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The width of `text` in terminal cells.
pub fn width(text: &str) -> usize {
    if is_plain(text) {
        return text.len();
    }
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Printable ASCII only: one cell per byte, so neither grapheme clusters nor width tables are
/// needed. Most text on a screen is like this, and every frame measures it.
fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Wraps `text` at spaces into lines of at most `max` cells; a word longer than a line is broken
/// between grapheme clusters. Newlines in the text are kept as line breaks.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split_whitespace() {
            let word_width = width(word);
            if line_width > 0 && line_width + 1 + word_width <= max {
                line.push(' ');
                line.push_str(word);
                line_width += 1 + word_width;
                continue;
            }
            if line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            for g in word.graphemes(true) {
                let w = UnicodeWidthStr::width(g);
                if line_width + w > max && line_width > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push_str(g);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Cuts `text` to at most `max` cells, ending with an ellipsis when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let Some(room) = max.checked_sub(1) else { return String::new() };
    // Where the kept part ends: the last whole cluster that leaves a cell for the ellipsis.
    let end = if is_plain(text) {
        room
    } else {
        let mut used = 0;
        text.grapheme_indices(true)
            .find(|(_, g)| {
                used += UnicodeWidthStr::width(*g);
                used > room
            })
            .map_or(text.len(), |(at, _)| at)
    };
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_the_width() {
        assert_eq!(
            wrap("Can I be vulnerable enough to let you help me?", 16),
            ["Can I be", "vulnerable", "enough to let", "you help me?"]
        );
    }

    #[test]
    fn measures_wide_and_combining_clusters() {
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(wrap("日本語の文章", 4), ["日本", "語の", "文章"]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("Chidinma", 5), "Chid…");
        assert_eq!(truncate("Ana", 5), "Ana");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(truncate("Ana", 0), "");
        assert_eq!(truncate("Ana", 1), "…");
    }

    proptest::proptest! {
        /// The shortcut for plain ASCII measures and cuts as the grapheme walk does.
        #[test]
        fn plain_text_takes_the_same_room(text in "[ -~]{0,40}", max in 0usize..45) {
            let walked: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
            proptest::prop_assert_eq!(width(&text), walked);
            let cut = truncate(&text, max);
            proptest::prop_assert!(width(&cut) <= max);
            if walked > max {
                proptest::prop_assert_eq!(cut.chars().count(), max);
                proptest::prop_assert!(max == 0 || cut.ends_with('…'));
            } else {
                proptest::prop_assert_eq!(cut, text);
            }
        }
    }
}
