//! The config file (`$XDG_CONFIG_HOME/holdspace/config.toml`): a facilitator's own defaults.
//!
//! ```toml
//! theme = "light"        # dark, light, high-contrast, terminal, or a theme file's name
//! view = "room"          # the view `run` starts in
//! clock = true           # the wall clock in the room view's top line too
//! people = "~/team.txt"  # the roster when --people is not given
//! chime = "flash"        # bell, flash, sound or none (over the session's own)
//! player = "paplay"      # the program that plays the chime's sound (a WAV file)
//!
//! [keys]                 # any command of the session, bound to other keys
//! next = ["right", "pagedown", "space"]
//! pause = ["p"]
//! ```
//!
//! Command-line options win over it. A broken config never stops a session: the run says so in
//! one line and goes on with the defaults; `holdspace check --config` shows every problem located.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::keymap::{Key, Keymap, NAMES};
use crate::model::{Chime, View};
use crate::paths::Paths;
use crate::session::diagnostic::{Diagnostic, Diagnostics};

/// The largest config file read.
const CONFIG_BYTES: u64 = 256 * 1024;

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<Spanned<String>>,
    view: Option<Spanned<String>>,
    clock: Option<bool>,
    people: Option<Spanned<String>>,
    chime: Option<Spanned<String>>,
    player: Option<Spanned<String>>,
    keys: Option<BTreeMap<String, Spanned<Vec<String>>>>,
}

/// The settings, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Config {
    /// The theme's name.
    pub theme: Option<String>,
    /// The view `run` starts in.
    pub view: Option<View>,
    /// The clock in the room view too.
    pub clock: bool,
    /// The default roster (`--people`).
    pub people: Option<String>,
    /// How the room hears a chime, over the session's own.
    pub chime: Option<Chime>,
    /// The command that plays the chime's sound.
    pub player: Option<String>,
    /// The keys.
    pub keymap: Keymap,
}

/// Where the config file is.
pub fn path(paths: &Paths) -> PathBuf {
    paths.config.join("config.toml")
}

/// The config of `paths`: defaults when there is no file; with a broken file, the defaults and
/// a line saying why (the run goes on).
pub fn load(paths: Option<&Paths>) -> (Config, Option<String>) {
    let Some(path) = paths.map(path).filter(|p| p.exists()) else { return (Config::default(), None) };
    match read(&path).map_err(|e| e.to_string()).and_then(|src| {
        parse(&src, &path.display().to_string()).map_err(|d| {
            let first = d.items.first().map_or(String::new(), |i| {
                let (line, col) = d.line_col(i.span.start);
                format!("{line}:{col}: {}", i.message)
            });
            format!("{} problem(s), the first at {first}", d.items.len())
        })
    }) {
        Ok(config) => (config, None),
        Err(why) => (
            Config::default(),
            Some(format!(
                "the config file {} was not used ({why}); running with the defaults (`holdspace check --config` says more)",
                crate::sanitize::clean(&path.display().to_string(), false)
            )),
        ),
    }
}

/// Every problem of the config file at `path`, located.
pub fn check(path: &Path) -> Result<Diagnostics, crate::files::ReadError> {
    let src = read(path)?;
    let origin = path.display().to_string();
    Ok(match parse(&src, &origin) {
        Ok(_) => Diagnostics { origin, src, items: Vec::new() },
        Err(diagnostics) => diagnostics,
    })
}

fn read(path: &Path) -> Result<String, crate::files::ReadError> {
    let bytes = crate::files::read(path, CONFIG_BYTES, "the config file")?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The settings in `src`, or every problem with them.
pub fn parse(src: &str, origin: &str) -> Result<Config, Diagnostics> {
    let invalid = |items| Diagnostics { origin: origin.to_owned(), src: src.to_owned(), items };
    let file: File = toml::from_str(src)
        .map_err(|e| invalid(vec![Diagnostic::error(e.span().unwrap_or(0..0), e.message().trim_end().to_owned())]))?;
    let mut items = Vec::new();
    let mut config = Config { clock: file.clock.unwrap_or(false), ..Config::default() };
    if let Some(theme) = file.theme {
        config.theme = Some(theme.into_inner());
    }
    if let Some(view) = file.view {
        match view.get_ref().as_str() {
            "room" => config.view = Some(View::Room),
            "facilitator" => config.view = Some(View::Facilitator),
            other => items.push(Diagnostic::error(
                view.span(),
                format!("`{other}` is no view: write \"room\" or \"facilitator\""),
            )),
        }
    }
    config.people = file.people.map(Spanned::into_inner);
    if let Some(chime) = file.chime {
        match Chime::from_name(chime.get_ref()) {
            Some(how) => config.chime = Some(how),
            None => items.push(Diagnostic::error(
                chime.span(),
                format!("`{}` is no chime: write \"bell\", \"flash\", \"sound\" or \"none\"", chime.get_ref()),
            )),
        }
    }
    if let Some(player) = file.player {
        if player.get_ref().trim().is_empty() {
            items.push(Diagnostic::error(player.span(), "`player` is empty: name the program that plays a sound"));
        } else {
            config.player = Some(player.into_inner());
        }
    }
    for (name, keys) in file.keys.unwrap_or_default() {
        let parsed: Result<Vec<Key>, _> = keys.get_ref().iter().map(|k| k.parse::<Key>()).collect();
        let result =
            parsed.map_err(|e| e.to_string()).and_then(|k| config.keymap.rebind(&name, k).map_err(|e| e.to_string()));
        if let Err(why) = result {
            items.push(Diagnostic::error(keys.span(), format!("[keys] {name}: {why}")));
        }
    }
    if items.is_empty() { Ok(config) } else { Err(invalid(items)) }
}

impl Config {
    /// The settings in force, as a config file would write them: what `holdspace config` prints.
    pub fn effective(&self) -> String {
        let mut out = String::new();
        let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let _ = writeln!(out, "theme = {}", quoted(self.theme.as_deref().unwrap_or("dark")));
        let view = match self.view {
            Some(View::Facilitator) => "facilitator",
            _ => "room",
        };
        let _ = writeln!(out, "view = \"{view}\"");
        let _ = writeln!(out, "clock = {}", self.clock);
        match &self.people {
            Some(people) => {
                let _ = writeln!(out, "people = {}", quoted(people));
            }
            None => out.push_str("# people: none (every session's own [participants], or --people)\n"),
        }
        match self.chime {
            Some(chime) => {
                let _ = writeln!(out, "chime = \"{}\"", chime.name());
            }
            None => out.push_str("# chime: as each session says (the bell unless it says otherwise)\n"),
        }
        match &self.player {
            Some(player) => {
                let _ = writeln!(out, "player = {}", quoted(player));
            }
            None => out.push_str("# player: the first found of pw-play, paplay, aplay, afplay\n"),
        }
        out.push_str("\n[keys]\n");
        for (name, command) in NAMES {
            if let Some(binding) = self.keymap.help().find(|b| b.command == command) {
                let keys: Vec<String> = binding.keys.iter().map(|k| quoted(&k.name())).collect();
                let _ = writeln!(out, "{name} = [{}]", keys.join(", "));
            }
        }
        crate::sanitize::clean(&out, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_are_read_and_keys_rebound() {
        let config = parse(
            "theme = \"light\"\nview = \"facilitator\"\nclock = true\nchime = \"flash\"\n[keys]\nnext = [\"right\", \"x\"]\n",
            "config.toml",
        )
        .expect("valid");
        assert_eq!(config.theme.as_deref(), Some("light"));
        assert_eq!(config.view, Some(View::Facilitator));
        assert!(config.clock);
        assert_eq!(config.chime, Some(Chime::Flash));
        let x = ratatui_crossterm::crossterm::event::KeyEvent::from(
            ratatui_crossterm::crossterm::event::KeyCode::Char('x'),
        );
        assert_eq!(
            config.keymap.command(crate::keymap::Scope::Normal, x),
            Some(crate::keymap::Command::Flow(crate::flow::Action::Next))
        );
        let printed = config.effective();
        assert!(printed.contains("next = [\"right\", \"x\"]"), "{printed}");
        assert_eq!(parse(&printed, "again").expect("what it prints reads back"), config);
    }

    #[test]
    fn every_problem_is_located() {
        let found = parse(
            "view = \"projector\"\nchime = \"gong\"\n[keys]\nnext = [\"q\"]\nnxt = [\"z\"]\npause = [\"not a key\"]\n",
            "config.toml",
        )
        .expect_err("invalid");
        let text = found.to_string();
        assert!(text.contains("config.toml:1:8: error: `projector` is no view"), "{text}");
        assert!(text.contains("config.toml:2:9: error: `gong` is no chime"), "{text}");
        assert!(text.contains("q would do two things"), "{text}");
        assert!(text.contains("no command called `nxt` (did you mean `next`?)"), "{text}");
        assert!(text.contains("`not a key` is not a key"), "{text}");
        let unknown = parse("colour = \"x\"\n", "c.toml").expect_err("unknown key").to_string();
        assert!(unknown.contains("unknown field `colour`"), "{unknown}");
    }
}
