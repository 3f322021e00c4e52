//! The documentation is tested: every TOML example in docs/session-format.md and the README
//! loads (or, for an example of an error, gives exactly the message printed under it), and the
//! bundled sessions and every valid example validate against the JSON Schema that `holdspace
//! schema` prints. The schema check covers the keywords the generated schema uses, and a test
//! holds the schema to those keywords.

use holdspace::session;
use serde_json::Value;

/// Fenced blocks as (info string, body), in order.
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn documents() -> Vec<(&'static str, String)> {
    vec![
        ("docs/session-format.md", std::fs::read_to_string("docs/session-format.md").expect("the reference exists")),
        ("README.md", std::fs::read_to_string("README.md").expect("the README exists")),
    ]
}

fn valid_examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, text) in documents() {
        for (i, (info, body)) in blocks(&text).into_iter().enumerate() {
            if info == "toml" {
                out.push((format!("{name} block {i}"), body));
            }
        }
    }
    out
}

#[test]
fn every_toml_example_loads_without_warnings() {
    let examples = valid_examples();
    assert!(examples.len() >= 8, "the reference has an example per kind");
    for (name, body) in examples {
        let checked = session::check(&body, "s.toml", holdspace::ui::ROOM_FIT);
        assert!(checked.session.is_some() && checked.diagnostics.items.is_empty(), "{name}:\n{}", checked.diagnostics);
    }
}

/// The README's example of a config file is one the program reads.
#[test]
fn the_config_example_is_a_valid_config() {
    let (_, readme) = &documents()[1];
    let examples: Vec<String> =
        blocks(readme).into_iter().filter(|(info, _)| info == "toml config").map(|(_, body)| body).collect();
    assert_eq!(examples.len(), 1, "the README shows one config file");
    for body in examples {
        let config = holdspace::config::parse(&body, "config.toml").unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert!(config.serve.view_token.is_some() && config.serve.address.is_some(), "[serve] is read");
    }
}

#[test]
fn every_error_example_gives_the_message_shown_under_it() {
    let (_, text) = &documents()[0];
    let all = blocks(text);
    let mut seen = 0;
    for pair in all.windows(2) {
        if let [(info, body), (next, expected)] = pair
            && info == "toml error"
        {
            assert_eq!(next, "text", "an error example is followed by its message");
            let out = session::from_str(body, "s.toml").expect_err("the example is refused").to_string();
            assert_eq!(out.lines().next(), Some(expected.trim_end()), "{body}");
            seen += 1;
        }
    }
    assert!(seen >= 5, "the common errors are documented");
}

#[test]
fn the_bundled_sessions_and_the_examples_validate_against_the_schema() {
    let schema = session::schema::json_schema();
    let mut documents = valid_examples();
    documents.extend(session::LIBRARY.iter().map(|(name, text)| ((*name).to_owned(), (*text).to_owned())));
    documents.push((
        "scaffold".into(),
        std::fs::read_to_string("assets/scaffold.toml").expect("the scaffold").replace("{title}", "T"),
    ));
    for (name, body) in documents {
        let value: Value = toml::from_str(&body).expect("valid TOML");
        let problems = validate(&schema, &value, "");
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
}

#[test]
fn the_schema_catches_what_editors_should_flag() {
    let schema = session::schema::json_schema();
    let bad = [
        "[session]\ntitle = \"x\"\n[[step]]\nkind = \"pairshare\"\n",
        "[session]\ntitle = \"x\"\ncolour = 1\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n",
        "[session]\ntitle = \"x\"\n[[step]]\nkind = \"quote\"\ntext = \"t\"\n",
        "[session]\ntitle = \"x\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"5 minutes\"\n",
    ];
    for body in bad {
        let value: Value = toml::from_str(body).expect("valid TOML");
        assert!(!validate(&schema, &value, "").is_empty(), "the schema refuses:\n{body}");
        assert!(session::from_str(body, "s.toml").is_err(), "and so does the loader:\n{body}");
    }
}

#[test]
fn the_schema_describes_every_key_and_uses_only_checked_keywords() {
    fn walk(value: &Value, path: &str) {
        let Value::Object(map) = value else { return };
        for (key, inner) in map {
            let known = [
                "$schema",
                "title",
                "description",
                "type",
                "properties",
                "additionalProperties",
                "required",
                "enum",
                "const",
                "pattern",
                "minLength",
                "minItems",
                "items",
                "minimum",
                "maximum",
                "allOf",
                "if",
                "then",
            ];
            assert!(known.contains(&key.as_str()) || path.ends_with("/properties"), "{path}/{key} is not checked here");
            if key == "properties" {
                for (name, property) in inner.as_object().expect("properties is an object") {
                    assert!(property.get("description").is_some(), "{path}/{name} has a description");
                }
            }
            walk(inner, &format!("{path}/{key}"));
        }
    }
    walk(&session::schema::json_schema(), "");
}

/// Problems of `value` against `schema` (the keywords the generated schema uses).
fn validate(schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    let fail = |out: &mut Vec<String>, what: &str| out.push(format!("{at}: {what}"));
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            _ => false,
        };
        if !ok {
            fail(&mut out, &format!("not {t}"));
            return out;
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        fail(&mut out, "not one of the allowed values");
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        fail(&mut out, "not the constant");
    }
    if let (Some(p), Some(s)) = (schema.get("pattern").and_then(Value::as_str), value.as_str())
        && !regex_lite::Regex::new(p).expect("a valid pattern").is_match(s)
    {
        fail(&mut out, &format!("{s:?} does not match {p}"));
    }
    let at_least = |key: &str| schema.get(key).and_then(Value::as_u64).unwrap_or(0);
    if value.as_str().is_some_and(|s| (s.chars().count() as u64) < at_least("minLength")) {
        fail(&mut out, "too short");
    }
    if value.as_array().is_some_and(|a| (a.len() as u64) < at_least("minItems")) {
        fail(&mut out, "too few items");
    }
    if let Some(n) = value.as_i64() {
        if schema.get("minimum").and_then(Value::as_i64).is_some_and(|m| n < m) {
            fail(&mut out, "below the minimum");
        }
        if schema.get("maximum").and_then(Value::as_i64).is_some_and(|m| n > m) {
            fail(&mut out, "above the maximum");
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if let Some(key) = required.as_str()
                && !object.contains_key(key)
            {
                fail(&mut out, &format!("missing {key}"));
            }
        }
        for (key, inner) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => out.extend(validate(sub, inner, &format!("{at}/{key}"))),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    fail(&mut out, &format!("unknown key {key}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            out.extend(validate(items, item, &format!("{at}/{i}")));
        }
    }
    for rule in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        match (rule.get("if"), rule.get("then")) {
            (Some(condition), Some(then)) if validate(condition, value, at).is_empty() => {
                out.extend(validate(then, value, at));
            }
            (None, _) => out.extend(validate(rule, value, at)),
            _ => {}
        }
    }
    out
}

/// The README's table of keys while running is the key table itself: it cannot promise a key
/// the program does not bind, nor leave one out.
#[test]
fn the_readme_key_table_is_the_programs_own() {
    let readme = std::fs::read_to_string("README.md").expect("the README exists");
    let table = holdspace::keymap::Keymap::default().markdown();
    assert!(
        readme.contains(&table),
        "README.md must hold the key table exactly as the program has it:\n\n{table}\nUpdate the README's table."
    );
}
