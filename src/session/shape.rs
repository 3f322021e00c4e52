//! The shape of a format-1 file in one declarative table: every key, its type, its allowed
//! values and what it means. The structural check (unknown keys, wrong types) and the JSON
//! Schema for editors are both generated from this table, so they cannot disagree; a test checks
//! that the serde mirror in `raw.rs` accepts what the table accepts.

use super::StepKind;

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A string (possibly one of `Key::values`).
    String,
    /// An integer.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// An array of strings.
    Strings,
    /// `true`, `false`, or one of `Key::values`.
    Switch,
    /// A table with these keys.
    Table(&'static [Key]),
    /// An array of tables with these keys.
    Tables(&'static [Key]),
}

impl ValueType {
    /// How messages name the type.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::String => "a string",
            ValueType::Integer => "an integer",
            ValueType::Boolean => "true or false",
            ValueType::Strings => "a list of strings",
            ValueType::Switch => "true, false or a name",
            ValueType::Table(_) => "a table",
            ValueType::Tables(_) => "a list of tables (`[[...]]`)",
        }
    }
}

/// One key of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key as written.
    pub name: &'static str,
    /// What it holds.
    pub kind: ValueType,
    /// The only strings allowed, when the set is closed.
    pub values: &'static [&'static str],
    /// What it means, for editors and the reference.
    pub doc: &'static str,
}

const fn key(name: &'static str, kind: ValueType, doc: &'static str) -> Key {
    Key { name, kind, values: &[], doc }
}

const fn choice(name: &'static str, values: &'static [&'static str], doc: &'static str) -> Key {
    Key { name, kind: ValueType::String, values, doc }
}

const SESSION: &[Key] = &[
    key("title", ValueType::String, "The session's title, shown on the welcome screen. Required, not empty."),
    key("subtitle", ValueType::String, "A line under the title."),
    key("author", ValueType::String, "Who wrote the session."),
    key("source", ValueType::String, "A credit line shown on the welcome screen."),
    key(
        "planned",
        ValueType::String,
        "The slot the facilitator has, such as \"60m\"; `check` warns when the steps add up to something else.",
    ),
];

const TIMER: &[Key] = &[
    key(
        "warning",
        ValueType::String,
        "When the timer turns to its warning style: a share of the step's time left (\"20%\") or a duration (\"1m\"). Default \"20%\", never under 10 s.",
    ),
    Key {
        name: "chime",
        kind: ValueType::Switch,
        values: &["bell", "flash", "sound", "none"],
        doc: "How the room hears the end of a timer and each change of speaker or phase: \"bell\" (the terminal's), \"flash\" (the screen flashes), \"sound\" (a bowl-like chime through the speakers), or \"none\"; true is \"bell\", false \"none\". Default true. The facilitator's config may choose another way.",
    },
    key(
        "warning-chime",
        ValueType::Boolean,
        "A soft chime (one quiet sound, a brief flash of the screen's edges, or the bell) when a timer turns to its warning style. Default false.",
    ),
    choice(
        "overtime",
        &["show", "hide"],
        "\"show\" counts past zero (+0:42); \"hide\" only says that time is up. Default \"show\".",
    ),
    key(
        "changeover",
        ValueType::String,
        "Time before each pair-share round to find the new partner, with the pairs on screen and a countdown, such as \"30s\"; \"0s\" for none. At most 10 minutes. Default \"15s\".",
    ),
];

const PARTICIPANTS: &[Key] =
    &[key("names", ValueType::Strings, "The people in the room: unique, non-empty names. `--people` overrides them.")];

const STEP: &[Key] = &[
    choice(
        "kind",
        &StepKind::NAMES,
        "What the step is: \"quote\", \"reflection\", \"pair-share\", \"closing\", \"text\" or \"group\". Required.",
    ),
    key("title", ValueType::String, "A heading; each kind has a default."),
    key(
        "duration",
        ValueType::String,
        "Time planned for the whole step, such as \"45s\", \"3m\", \"2m30s\" or \"1h15m\". Required except for pair-share and group.",
    ),
    key(
        "notes",
        ValueType::String,
        "For the facilitator only: shown in the facilitator view and exports, never projected.",
    ),
    key("text", ValueType::String, "quote, text: the words shown large. Required for those kinds."),
    key("attribution", ValueType::String, "quote: who said it, shown under the quote."),
    key("questions", ValueType::Strings, "reflection, closing: the questions, at least one. Required for those kinds."),
    key(
        "prompt",
        ValueType::String,
        "reflection, closing: an instruction line. pair-share, group: what the pairs or groups talk about (required).",
    ),
    choice(
        "reveal",
        &["one-by-one", "all"],
        "reflection, closing: \"one-by-one\" (default; next reveals the next question) or \"all\".",
    ),
    key(
        "turn",
        ValueType::String,
        "pair-share: how long each partner speaks, such as \"2m\". Required for pair-share.",
    ),
    key(
        "rounds",
        ValueType::Integer,
        "pair-share: how many rounds, each with new partners. group: how many rounds of the phases. 1 to 100, default 1.",
    ),
    key("size", ValueType::Integer, "group: people per group, 2 to 8. Required for group."),
    choice(
        "leftover",
        &["bigger", "smaller"],
        "group: where people go who do not fill a last group: \"bigger\" (default; 13 in threes: 4, 3, 3, 3) or \"smaller\" (13 in fours: 4, 3, 3, 3).",
    ),
    key(
        "min-people",
        ValueType::Integer,
        "group: the fewest people the step is written for (default: the group size); `check` refuses a smaller [participants], and a run with fewer present says so.",
    ),
    choice(
        "regroup",
        &["every-round", "never"],
        "group: \"every-round\" (default: new groups each round, nobody meeting again while it can be avoided) or \"never\" (the same groups for every round, roles turning).",
    ),
    key(
        "join",
        ValueType::Boolean,
        "group: true to make the first round by merging the groups of the previous step (1-2-4-All: pairs join into fours).",
    ),
    key(
        "roles",
        ValueType::Strings,
        "group: the role of each place in a group, in order (the last covers the rest), such as [\"client\", \"consultant\"]; they turn each round.",
    ),
    key(
        "phase",
        ValueType::Tables(PHASE),
        "group: the timed phases of every round, in order: one or more `[[step.phase]]`.",
    ),
];

const PHASE: &[Key] = &[
    key("title", ValueType::String, "A short heading shown in big letters. Required."),
    key(
        "who",
        ValueType::String,
        "Who acts: one of the step's `roles`, or \"everyone\" (the default). Those acting are marked on screen.",
    ),
    key("duration", ValueType::String, "How long the phase lasts, such as \"2m\". Required."),
    key("text", ValueType::String, "An instruction for the room, shown under the title."),
    key("notes", ValueType::String, "For the facilitator only: shown in the facilitator view during the phase."),
];

/// The keys of the whole file.
pub const FILE: &[Key] = &[
    key("format", ValueType::Integer, "The format version; the only one today is 1."),
    key("session", ValueType::Table(SESSION), "About the session as a whole. Required."),
    key("timer", ValueType::Table(TIMER), "How timers behave in this session."),
    key("participants", ValueType::Table(PARTICIPANTS), "A roster; one can also be given at run time."),
    key("step", ValueType::Tables(STEP), "The steps, in order: one or more `[[step]]` tables."),
    key(
        "messages",
        ValueType::Table(MESSAGES),
        "Messages for the room's screen, each shown by its number key (1 to 9) and taken down by the same key or `m`.",
    ),
];

/// One message on each number key.
const MESSAGES: &[Key] = &[
    key("1", ValueType::String, MESSAGE_DOC),
    key("2", ValueType::String, MESSAGE_DOC),
    key("3", ValueType::String, MESSAGE_DOC),
    key("4", ValueType::String, MESSAGE_DOC),
    key("5", ValueType::String, MESSAGE_DOC),
    key("6", ValueType::String, MESSAGE_DOC),
    key("7", ValueType::String, MESSAGE_DOC),
    key("8", ValueType::String, MESSAGE_DOC),
    key("9", ValueType::String, MESSAGE_DOC),
];

/// What every key of `[messages]` means.
const MESSAGE_DOC: &str = "A message shown on the room's screen by this number key, such as \"Back at {end}\". `{end}` is the clock time the step on screen ends by its timer, `{finish}` the time the session ends if the rest runs as planned; `{{` and `}}` are braces.";

/// Which step keys each kind accepts besides `kind`, `title` and `notes`, and which it requires.
pub fn step_keys(kind: StepKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        StepKind::Quote => (&["duration", "text", "attribution"], &["duration", "text"]),
        StepKind::Text => (&["duration", "text"], &["duration", "text"]),
        StepKind::Reflection | StepKind::Closing => {
            (&["duration", "questions", "prompt", "reveal"], &["duration", "questions"])
        }
        StepKind::PairShare => (&["prompt", "turn", "rounds"], &["prompt", "turn"]),
        StepKind::Group => (
            &["prompt", "size", "leftover", "min-people", "rounds", "regroup", "join", "roles", "phase"],
            &["prompt", "size", "phase"],
        ),
    }
}

/// The keys a `[[step.phase]]` table requires.
pub const PHASE_REQUIRED: &[&str] = &["title", "duration"];

/// The top level's name in messages.
pub const TOP: &str = "the top level";

/// How messages name the table that `key` opens inside the table `scope`: `[session]`,
/// `[[step]]`, `[[step.phase]]`.
pub fn scope_of(scope: &str, key: &Key) -> String {
    let path = match scope.trim_matches(|c| c == '[' || c == ']') {
        _ if scope == TOP => key.name.to_owned(),
        parent => format!("{parent}.{}", key.name),
    };
    match key.kind {
        ValueType::Tables(_) => format!("[[{path}]]"),
        _ => format!("[{path}]"),
    }
}

/// Every key name anywhere with the table it belongs to (`[session]`, `[[step]]`, or the top
/// level), for "did you mean" hints.
pub fn all_names() -> Vec<(&'static str, String)> {
    fn walk(keys: &'static [Key], scope: &str, out: &mut Vec<(&'static str, String)>) {
        for k in keys {
            out.push((k.name, scope.to_owned()));
            if let ValueType::Table(inner) | ValueType::Tables(inner) = k.kind {
                walk(inner, &scope_of(scope, k), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(FILE, TOP, &mut out);
    out
}
