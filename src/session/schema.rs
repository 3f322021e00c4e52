//! The JSON Schema of format 1 for editors (taplo, Even Better TOML), generated from the key
//! table in `shape` that the loader's structural check also reads, so the two cannot drift.

use serde_json::{Map, Value, json};

use super::StepKind;
use super::shape::{FILE, Key, PHASE_REQUIRED, ValueType, step_keys};
use crate::limits;

/// A duration as authors write it: `45s`, `3m`, `2m30s`, `1h15m`.
const DURATION: &str = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
/// A share (`20%`) or a duration.
const WARNING: &str = "^([0-9]{1,3}%|([0-9]+h)?([0-9]+m)?([0-9]+s)?)$";

/// The schema as a JSON value.
pub fn json_schema() -> Value {
    let mut schema = table(FILE, &["session", "step"]);
    let object = schema.as_object_mut().expect("a table schema is an object");
    object.insert("$schema".into(), json!("http://json-schema.org/draft-07/schema#"));
    object.insert("title".into(), json!("holdspace session file, format 1"));
    object.insert(
        "description".into(),
        json!("A timed group session for holdspace: an opening, questions, rounds in pairs and groups, a close."),
    );
    schema
}

fn table(keys: &[Key], required: &[&str]) -> Value {
    let properties: Map<String, Value> = keys.iter().map(|k| (k.name.to_owned(), property(k))).collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn property(key: &Key) -> Value {
    let mut value = match key.kind {
        ValueType::String if !key.values.is_empty() => json!({ "type": "string", "enum": key.values }),
        ValueType::String => match key.name {
            "duration" | "turn" | "planned" | "changeover" => json!({ "type": "string", "pattern": DURATION }),
            "warning" => json!({ "type": "string", "pattern": WARNING }),
            _ => json!({ "type": "string", "minLength": 1 }),
        },
        ValueType::Integer => match key.name {
            "format" => json!({ "type": "integer", "enum": [1] }),
            "size" => json!({ "type": "integer", "minimum": limits::GROUP.start(), "maximum": limits::GROUP.end() }),
            "min-people" => {
                json!({ "type": "integer", "minimum": limits::ROOM.start(), "maximum": limits::ROOM.end() })
            }
            _ => json!({ "type": "integer", "minimum": 1, "maximum": limits::ROUNDS }),
        },
        ValueType::Boolean => json!({ "type": "boolean" }),
        ValueType::Switch => {
            let allowed: Vec<serde_json::Value> =
                [json!(true), json!(false)].into_iter().chain(key.values.iter().map(|v| json!(v))).collect();
            json!({ "enum": allowed })
        }
        ValueType::Strings => json!({ "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1 } }),
        ValueType::Table(keys) => table(keys, if key.name == "session" { &["title"] } else { &[] }),
        ValueType::Tables(keys) if key.name == "phase" => {
            json!({ "type": "array", "minItems": 1, "items": table(keys, PHASE_REQUIRED) })
        }
        ValueType::Tables(keys) => {
            let mut step = table(keys, &["kind"]);
            step["allOf"] = StepKind::ALL
                .iter()
                .map(|&kind| {
                    json!({
                        "if": { "properties": { "kind": { "const": kind.name() } } },
                        "then": { "required": step_keys(kind).1 },
                    })
                })
                .collect();
            json!({ "type": "array", "minItems": 1, "items": step })
        }
    };
    value["description"] = json!(key.doc);
    value
}
