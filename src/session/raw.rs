//! The serde mirror of a format-1 session file: exactly the keys an author may write, each
//! value kept with its span so that validation can point at it.

use serde::Deserialize;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub format: Option<Spanned<i64>>,
    pub session: Option<Spanned<Session>>,
    pub timer: Option<Timer>,
    pub participants: Option<Participants>,
    pub step: Option<Spanned<Vec<Spanned<Step>>>>,
    pub messages: Option<std::collections::BTreeMap<String, Spanned<String>>>,
}

/// `[session]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub title: Option<Spanned<String>>,
    pub subtitle: Option<Spanned<String>>,
    pub author: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub planned: Option<Spanned<String>>,
}

/// `[timer]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Timer {
    pub warning: Option<Spanned<String>>,
    pub chime: Option<Spanned<Switch>>,
    #[serde(rename = "warning-chime")]
    pub warning_chime: Option<Spanned<bool>>,
    pub overtime: Option<Spanned<String>>,
    pub changeover: Option<Spanned<String>>,
}

/// `true`, `false` or a name.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Switch {
    /// On or off.
    On(bool),
    /// One of the names the key allows.
    Named(String),
}

/// `[participants]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participants {
    pub names: Spanned<Vec<Spanned<String>>>,
}

/// One `[[step]]`: every key any kind may have; which ones a kind accepts is checked later.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub kind: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub duration: Option<Spanned<String>>,
    pub notes: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
    pub attribution: Option<Spanned<String>>,
    pub questions: Option<Spanned<Vec<Spanned<String>>>>,
    pub prompt: Option<Spanned<String>>,
    pub reveal: Option<Spanned<String>>,
    pub turn: Option<Spanned<String>>,
    pub rounds: Option<Spanned<i64>>,
    pub size: Option<Spanned<i64>>,
    pub leftover: Option<Spanned<String>>,
    #[serde(rename = "min-people")]
    pub min_people: Option<Spanned<i64>>,
    pub regroup: Option<Spanned<String>>,
    pub join: Option<Spanned<bool>>,
    pub roles: Option<Spanned<Vec<Spanned<String>>>>,
    pub phase: Option<Spanned<Vec<Spanned<Phase>>>>,
}

/// One `[[step.phase]]` of a group step.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub title: Option<Spanned<String>>,
    pub who: Option<Spanned<String>>,
    pub duration: Option<Spanned<String>>,
    pub text: Option<Spanned<String>>,
    pub notes: Option<Spanned<String>>,
}
