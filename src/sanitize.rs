//! Neutralises text that came from outside (session files, rosters, the command line) before it
//! can reach a screen, a window title or a printed message.
//!
//! A session file travels between people, so its strings must not be able to drive the terminal:
//! control characters (C0 and the 8-bit C1 forms) are dropped, bidirectional overrides and other
//! invisible formatting characters are dropped, tabs become spaces, and the Unicode line and
//! paragraph separators are line breaks where line breaks are kept and spaces elsewhere (a line of
//! the plain stream is one line for every reader, not only for those that split at `\n`). Zero-width joiners and variation
//! selectors stay, since emoji sequences need them (names are compared without them, see
//! `roster::same`); widths of wide and combining characters are left untouched. Tag characters
//! go too, though a few flags are written with them: they can spell whole words that nobody sees.

/// Returns `text` with every character that could control a terminal or hide text removed.
/// Newlines survive when `keep_newlines` is set (multi-line notes and quotes).
///
/// Text that needs no change (nearly all of it) is copied in runs rather than character by
/// character, and printable ASCII is passed over a byte at a time without decoding: every
/// session loaded at start-up passes through here.
pub fn clean(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    let mut at = 0;
    let plain = |b: &u8| matches!(b, b' '..=b'~') || (*b == b'\n' && keep_newlines);
    // Only ASCII bytes are passed over, so `at` is always at the start of a character.
    while let Some(skip) = text.as_bytes()[at..].iter().position(|b| !plain(b)) {
        at += skip;
        let Some(c) = text[at..].chars().next() else { break };
        let replacement = match c {
            '\t' => "    ",
            LINE_SEPARATOR | PARAGRAPH_SEPARATOR => {
                if keep_newlines {
                    "\n"
                } else {
                    " "
                }
            }
            c if is_hidden(c) => "",
            _ => {
                at += c.len_utf8();
                continue;
            }
        };
        out.push_str(&text[kept..at]);
        out.push_str(replacement);
        at += c.len_utf8();
        kept = at;
    }
    out.push_str(&text[kept..]);
    out
}

/// U+2028, a line break that only some readers of a line break at.
const LINE_SEPARATOR: char = '\u{2028}';
/// U+2029, the same for paragraphs.
const PARAGRAPH_SEPARATOR: char = '\u{2029}';

/// True for characters that are never shown as they are: controls, line and paragraph
/// separators, bidi controls, invisible formatting (the soft hyphen, the combining grapheme
/// joiner, the Hangul and Khmer fillers that look like nothing, tag characters). Public so
/// `check` can warn about them at their location.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_escape_sequences_and_bidi_controls() {
        let hostile = "a\u{1b}]52;c;aGk=\u{7}b\u{9b}2Jc\u{202E}d\u{85}e\u{1b}[2Jf";
        assert_eq!(clean(hostile, false), "a]52;c;aGk=b2Jcde[2Jf");
    }

    #[test]
    fn keeps_wide_combining_and_joined_text() {
        let text = "日本 e\u{301} 👩\u{200D}💻";
        assert_eq!(clean(text, false), text);
    }

    proptest::proptest! {
        /// Copying in runs keeps exactly what a character-by-character filter keeps.
        #[test]
        fn runs_match_a_filter_of_each_character(text in "(?s).{0,60}", keep in proptest::bool::ANY) {
            let expected: String = text
                .chars()
                .filter_map(|c| match c {
                    '\t' => Some("    ".to_owned()),
                    '\n' | '\u{2028}' | '\u{2029}' if keep => Some("\n".to_owned()),
                    '\u{2028}' | '\u{2029}' => Some(" ".to_owned()),
                    c if is_hidden(c) => None,
                    c => Some(c.to_string()),
                })
                .collect();
            proptest::prop_assert_eq!(clean(&text, keep), expected);
        }
    }

    #[test]
    fn drops_what_hides_a_name_or_forges_a_line() {
        // A soft hyphen, a tag character and a Hangul filler show nothing; a line separator
        // would start a new line for a screen reader inside one plain line.
        assert_eq!(clean("Ana\u{AD}\u{E0041} \u{3164}Ben", false), "Ana Ben");
        assert_eq!(clean("Ana\u{2028}Time is up", false), "Ana Time is up");
        assert_eq!(clean("one\u{2028}two\u{2029}three", true), "one\ntwo\nthree");
    }

    #[test]
    fn tabs_become_spaces_and_newlines_are_optional() {
        assert_eq!(clean("a\tb\r\nc", true), "a    b\nc");
        assert_eq!(clean("a\nb", false), "ab");
    }
}
