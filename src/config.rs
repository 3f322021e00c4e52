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
//!
//! [serve]                # the pages of `--serve`
//! address = "lan"        # where a bare --serve listens (default 127.0.0.1)
//! view-token = "..."     # fixed tokens (24 or more letters and digits) instead of new ones
//! control-token = "..." # each run, for links printed or bookmarked once
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
use crate::serve::{Spec, Tokens};
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
    serve: Option<ServeFile>,
}

/// `[serve]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ServeFile {
    address: Option<Spanned<String>>,
    view_token: Option<Spanned<String>>,
    control_token: Option<Spanned<String>>,
}

/// The pages' settings, checked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Serve {
    /// Where a bare `--serve` listens.
    pub address: Option<Spec>,
    /// The view token, when fixed.
    pub view_token: Option<String>,
    /// The control token, when fixed.
    pub control_token: Option<String>,
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
    /// The pages of `--serve`.
    pub serve: Serve,
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
    // Every command is bound first and the clashes checked after, so that two commands can
    // trade keys; a clash is shown at the first entry that holds the key.
    let mut bound = Vec::new();
    for (name, keys) in file.keys.unwrap_or_default() {
        let parsed: Result<Vec<Key>, _> = keys.get_ref().iter().map(|k| k.parse::<Key>()).collect();
        match parsed.map_err(|e| e.to_string()) {
            Ok(parsed) => match config.keymap.rebind(&name, parsed.clone()) {
                Ok(()) => bound.push((keys.span(), parsed)),
                Err(why) => items.push(Diagnostic::error(keys.span(), format!("[keys] {name}: {why}"))),
            },
            Err(why) => items.push(Diagnostic::error(keys.span(), format!("[keys] {name}: {why}"))),
        }
    }
    if let Err(clash) = config.keymap.clashes() {
        let key = match &clash {
            crate::keymap::Rebind::Clash { key, .. } => key.clone(),
            _ => String::new(),
        };
        let span =
            bound.iter().find(|(_, keys)| keys.iter().any(|k| k.to_string() == key)).map_or(0..0, |(s, _)| s.clone());
        items.push(Diagnostic::error(span, format!("[keys]: {clash}")));
    }
    if let Some(serve) = file.serve {
        config.serve = serve_settings(serve, &mut items);
    }
    if items.is_empty() { Ok(config) } else { Err(invalid(items)) }
}

/// `[serve]`: an address `--serve` understands; tokens long and plain enough, and not one
/// token for both (the room's link would then control the session).
fn serve_settings(file: ServeFile, items: &mut Vec<Diagnostic>) -> Serve {
    let mut serve = Serve::default();
    if let Some(address) = file.address {
        match address.get_ref().parse::<Spec>() {
            Ok(spec) => serve.address = Some(spec),
            Err(why) => items.push(Diagnostic::error(address.span(), why)),
        }
    }
    let mut token = |token: Option<Spanned<String>>| {
        let token = token?;
        match Tokens::unfit(token.get_ref()) {
            Some(why) => {
                items.push(Diagnostic::error(token.span(), why));
                None
            }
            None => Some(token),
        }
    };
    let (view, control) = (token(file.view_token), token(file.control_token));
    if let (Some(view), Some(control)) = (&view, &control)
        && view.get_ref() == control.get_ref()
    {
        items.push(Diagnostic::error(
            control.span(),
            "the control token is the view token: anyone with the room's link could then drive the session",
        ));
    }
    serve.view_token = view.map(Spanned::into_inner);
    serve.control_token = control.map(Spanned::into_inner);
    serve
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
        out.push_str("\n[serve]\n");
        match &self.serve.address {
            Some(spec) => {
                let _ = writeln!(out, "address = \"{spec}\"");
            }
            None => out.push_str("# address: 127.0.0.1 when --serve names none\n"),
        }
        // Never printed: this may be on the projector.
        for (name, fixed) in [("view-token", &self.serve.view_token), ("control-token", &self.serve.control_token)] {
            let how = if fixed.is_some() { "fixed in the file (not shown)" } else { "new for each run" };
            let _ = writeln!(out, "# {name}: {how}");
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

    #[test]
    fn commands_can_trade_keys_but_never_share_one() {
        let traded = parse("[keys]\nnext = [\"right\", \"space\"]\npause = [\"p\"]\n", "c.toml").expect("a trade");
        let space = ratatui_crossterm::crossterm::event::KeyEvent::from(
            ratatui_crossterm::crossterm::event::KeyCode::Char(' '),
        );
        assert_eq!(
            traded.keymap.command(crate::keymap::Scope::Normal, space),
            Some(crate::keymap::Command::Flow(crate::flow::Action::Next))
        );
        let digit = parse("[keys]\nnext = [\"right\"]\npause = [\"3\"]\n", "c.toml").expect_err("3 shows a message");
        let text = digit.to_string();
        assert!(text.contains("c.toml:3:9: error: [keys]: 3 would do two things"), "{text}");
    }

    #[test]
    fn the_pages_can_have_an_address_and_fixed_tokens_never_printed() {
        let view = "v".repeat(24);
        let control = "C0ntrol".repeat(4);
        let src = format!("[serve]\naddress = \"lan:8000\"\nview-token = \"{view}\"\ncontrol-token = \"{control}\"\n");
        let config = parse(&src, "config.toml").expect("valid");
        assert_eq!(config.serve.address, Some(Spec { ip: None, port: Some(8000) }));
        let tokens = Tokens::fixed(config.serve.view_token.as_deref(), config.serve.control_token.as_deref());
        assert_eq!((tokens.view.as_str(), tokens.control.as_str()), (view.as_str(), control.as_str()));
        let printed = config.effective();
        assert!(printed.contains("address = \"lan:8000\""), "{printed}");
        assert!(!printed.contains(&view) && !printed.contains(&control), "tokens are never printed: {printed}");
        assert!(printed.contains("# view-token: fixed in the file (not shown)"), "{printed}");
        let random = Tokens::fixed(None, Some(&control));
        assert_eq!(random.view.len(), 24, "a token not fixed is new");
        assert_eq!(random.control, control);
    }

    #[test]
    fn weak_or_shared_tokens_and_wrong_addresses_are_located() {
        let found = parse(
            "[serve]\naddress = \"projector\"\nview-token = \"short\"\ncontrol-token = \"has space in it and is long enough\"\n",
            "config.toml",
        )
        .expect_err("invalid")
        .to_string();
        assert!(found.contains("config.toml:2:11: error: `projector` is not an address"), "{found}");
        assert!(found.contains("config.toml:3:14: error: a token of 5 characters is too easy to guess"), "{found}");
        assert!(found.contains("config.toml:4:17: error: a token is letters and digits only"), "{found}");
        let same = "x".repeat(30);
        let shared = parse(&format!("[serve]\nview-token = \"{same}\"\ncontrol-token = \"{same}\"\n"), "c.toml")
            .expect_err("one token for both")
            .to_string();
        assert!(shared.contains("c.toml:3:17: error: the control token is the view token"), "{shared}");
        let typo = parse("[serve]\nadress = \"lan\"\n", "c.toml").expect_err("unknown key").to_string();
        assert!(typo.contains("unknown field `adress`"), "{typo}");
    }
}
