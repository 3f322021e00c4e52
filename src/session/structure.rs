//! The structural check: walks the parsed document against the key table in `shape`, reports
//! every unknown key (with a hint when one is close) and every value of the wrong type, and
//! removes them so that the rest of the file can still be read and checked. This is how one run
//! reports all problems of a file rather than the first.

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::diagnostic::{Diagnostic, did_you_mean};
use super::shape::{Key, ValueType, all_names, scope_of};

/// What the structural check found.
#[derive(Debug, Default)]
pub struct Report {
    /// One per problem.
    pub errors: Vec<Diagnostic>,
    /// Keys dropped for holding the wrong type: already reported, so "missing" is not said too.
    pub dropped: Vec<&'static str>,
}

/// Checks `table` against `keys`, reporting each problem and pruning it.
pub fn prune(table: &mut DeTable<'_>, keys: &[Key], scope: &str, report: &mut Report) {
    let entries = std::mem::take(table);
    for (name, mut value) in entries {
        let Some(key) = keys.iter().find(|k| k.name == name.get_ref().as_ref()) else {
            // Past the findings a check tells, a key is only counted: looking for what it
            // might have meant is the dearest part, and thousands of keys took a second.
            let error = if report.errors.len() < super::MOST_FINDINGS {
                unknown(&name, keys, scope)
            } else {
                Diagnostic::error(name.span(), format!("unknown key `{}` in {scope}", name.get_ref()))
            };
            report.errors.push(error);
            continue;
        };
        if check(&mut value, key, scope, report) {
            table.insert(name, value);
        } else {
            report.dropped.push(key.name);
        }
    }
}

fn unknown(name: &Spanned<std::borrow::Cow<'_, str>>, keys: &[Key], scope: &str) -> Diagnostic {
    let here: Vec<&str> = keys.iter().map(|k| k.name).collect();
    let word = name.get_ref().as_ref();
    let elsewhere = all_names();
    let names: Vec<&str> = elsewhere.iter().map(|(n, _)| *n).collect();
    let message = match (did_you_mean(word, &here), did_you_mean(word, &names)) {
        (Some(hint), _) => format!("unknown key `{word}` in {scope}, did you mean `{hint}`?"),
        (None, Some(hint)) => {
            let owner = elsewhere.iter().find(|(n, _)| *n == hint).map_or("", |(_, s)| s.as_str());
            format!("unknown key `{word}` in {scope}: `{hint}` belongs in {owner}")
        }
        (None, None) => format!(
            "unknown key `{word}` in {scope}; it accepts {}",
            here.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    Diagnostic::error(name.span(), message)
}

/// Checks one value of the table `scope`; false when it must be dropped.
fn check(value: &mut Spanned<DeValue<'_>>, key: &Key, scope: &str, report: &mut Report) -> bool {
    let span = value.span();
    let errors = &mut report.errors;
    let wrong = |errors: &mut Vec<Diagnostic>, found: &DeValue<'_>| {
        errors.push(Diagnostic::error(
            span.clone(),
            format!("`{}` must be {}, not {}", key.name, key.kind.name(), describe(found)),
        ));
        false
    };
    match (key.kind, value.get_mut()) {
        (ValueType::String | ValueType::Switch, DeValue::String(_))
        | (ValueType::Boolean | ValueType::Switch, DeValue::Boolean(_)) => true,
        (ValueType::Integer, DeValue::Integer(n)) => {
            let fits = fits_i64(n.as_str(), n.radix());
            if !fits {
                errors.push(Diagnostic::error(span, format!("`{}` is far too large", key.name)));
            }
            fits
        }
        (ValueType::Strings, DeValue::Array(items)) => {
            let bad: Vec<_> = items.iter().filter(|i| !matches!(i.get_ref(), DeValue::String(_))).collect();
            for item in &bad {
                errors.push(Diagnostic::error(
                    item.span(),
                    format!("each of `{}` must be a string, not {}", key.name, describe(item.get_ref())),
                ));
            }
            if !bad.is_empty() {
                let kept: Vec<_> =
                    items.iter().filter(|i| matches!(i.get_ref(), DeValue::String(_))).cloned().collect();
                let mut clean = DeArray::new();
                for item in kept {
                    clean.push(item);
                }
                *items = clean;
            }
            true
        }
        (ValueType::Table(keys), DeValue::Table(table)) => {
            prune(table, keys, &scope_of(scope, key), report);
            true
        }
        (ValueType::Tables(keys), DeValue::Array(items)) => {
            if let Some(bad) = items.iter().find(|i| !matches!(i.get_ref(), DeValue::Table(_))) {
                errors.push(Diagnostic::error(
                    bad.span(),
                    format!("`{}` must be {}, not {}", key.name, key.kind.name(), describe(bad.get_ref())),
                ));
                return false;
            }
            let inner = scope_of(scope, key);
            for item in items.iter_mut() {
                if let DeValue::Table(table) = item.get_mut() {
                    prune(table, keys, &inner, report);
                }
            }
            true
        }
        (_, found) => wrong(errors, found),
    }
}

/// Whether a TOML integer literal (underscores, a sign or a `0x`/`0o`/`0b` prefix allowed)
/// fits the 64 bits serde reads it into.
fn fits_i64(literal: &str, radix: u32) -> bool {
    let digits = literal.replace('_', "");
    let (sign, rest) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits.trim_start_matches('+')),
    };
    let rest = rest.trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
    i64::from_str_radix(&format!("{sign}{rest}"), radix).is_ok()
}

fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}
