//! Durations as authors write them (`"45s"`, `"2m30s"`, `"1h15m"`) and as screens show them.
//!
//! Parsing is strict and overflow-free: units appear in the order h, m, s, each at most once,
//! and the total must be more than zero and at most 24 hours.

use std::fmt::Write as _;
use std::time::Duration;

use crate::limits;

/// Why a duration string was refused. The message is shown at the value's location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not of the form `1h15m30s`.
    #[error("`{0}` is not a duration: write it like \"45s\", \"3m\", \"2m30s\" or \"1h15m\"")]
    Malformed(String),
    /// Adds up to nothing.
    #[error("a duration must be longer than zero")]
    Zero,
    /// More than a day (or too large to count).
    #[error("a duration must be at most 24 hours")]
    TooLong,
}

/// Parses an author's duration string.
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let malformed = || DurationError::Malformed(text.to_owned());
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(malformed());
    }
    let mut total: u64 = 0;
    // Each unit may appear once, in decreasing order: the index of the last one used.
    let mut last_unit = None;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(malformed());
        }
        let (number, tail) = rest.split_at(digits);
        let mut chars = tail.chars();
        let (unit_index, seconds_per_unit) = match chars.next() {
            Some('h') => (0, 3600),
            Some('m') => (1, 60),
            Some('s') => (2, 1),
            _ => return Err(malformed()),
        };
        if last_unit.is_some_and(|last| unit_index <= last) {
            return Err(malformed());
        }
        last_unit = Some(unit_index);
        let value: u64 = number.parse().map_err(|_| DurationError::TooLong)?;
        total = value.checked_mul(seconds_per_unit).and_then(|s| total.checked_add(s)).ok_or(DurationError::TooLong)?;
        rest = chars.as_str();
    }
    let duration = Duration::from_secs(total);
    if duration.is_zero() {
        Err(DurationError::Zero)
    } else if duration > limits::DURATION {
        Err(DurationError::TooLong)
    } else {
        Ok(duration)
    }
}

/// Formats whole seconds as a clock face: `4:05`, `1:02:03`.
pub fn clock(duration: Duration) -> String {
    let secs = duration.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// Formats a planned length the way authors write it, rounded to the second: `45s`, `2m30s`, `1h5m`.
pub fn words(duration: Duration) -> String {
    let secs = duration.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        let _ = write!(out, "{h}h");
    }
    if m > 0 {
        let _ = write!(out, "{m}m");
    }
    if s > 0 || out.is_empty() {
        let _ = write!(out, "{s}s");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        let cases = [("45s", 45), ("3m", 180), ("2m30s", 150), ("1h", 3600), ("1h15m", 4500), ("24h", 86_400)];
        for (text, secs) in cases {
            assert_eq!(parse(text), Ok(Duration::from_secs(secs)), "{text}");
        }
    }

    #[test]
    fn refuses_bad_forms() {
        for text in ["", "3", "m", "3x", "1m2h", "3m3m", "-3m", "3 m", "1.5m", "3M", "3m ", "s30"] {
            if text == "3m " {
                // Surrounding whitespace is forgiven.
                assert!(parse(text).is_ok());
                continue;
            }
            assert!(matches!(parse(text), Err(DurationError::Malformed(_))), "{text:?}");
        }
        assert_eq!(parse("0s"), Err(DurationError::Zero));
        assert_eq!(parse("0h0m0s"), Err(DurationError::Zero));
        assert_eq!(parse("24h1s"), Err(DurationError::TooLong));
        assert_eq!(parse("99999999999999999999999s"), Err(DurationError::TooLong));
        assert_eq!(parse("18446744073709551615h"), Err(DurationError::TooLong));
    }

    #[test]
    fn formats_for_screens() {
        assert_eq!(clock(Duration::from_secs(245)), "4:05");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
        assert_eq!(clock(Duration::ZERO), "0:00");
        assert_eq!(words(Duration::from_secs(150)), "2m30s");
        assert_eq!(words(Duration::from_mins(65)), "1h5m");
        assert_eq!(words(Duration::ZERO), "0s");
    }
}
