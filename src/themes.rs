//! Themes by name: the built-in ones (`ui::theme`) and theme files in the config folder
//! (`themes/NAME.toml`), each extending a built-in theme or another file:
//!
//! ```toml
//! extends = "light"        # a built-in theme, or another file in themes/ (by its name)
//! background = "#fdf6e3"   # "#rrggbb", one of the 16 terminal colours ("cyan", "light-red"...),
//! accent = "#005f87"       # or "default" (the terminal's own)
//! ```
//!
//! Keys: `extends`, `background`, `text`, `dim`, `accent`, `warning`, `over`, `paused`, `frame`.
//! A file is checked like a session file: every problem located (`file:line:col: error: ...`),
//! unknown keys, colours that are not colours, a circle of `extends`; `check --theme FILE` also
//! warns of every text colour that reads below 4.5:1 on the background.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ratatui_core::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::session::diagnostic::{Diagnostic, Diagnostics};
use crate::ui::theme::{BUILT_IN, Palette, Theme, contrast, text_colours};

/// The largest theme file read: a few hundred bytes are written.
const THEME_BYTES: u64 = 64 * 1024;

/// How many files one theme may extend through.
const DEPTH: usize = 8;

/// Below this, `check --theme` warns that a text colour is hard to read (WCAG AA).
const READABLE: f64 = 4.5;

/// A theme file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    extends: Option<Spanned<String>>,
    background: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
    dim: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    warning: Option<Spanned<String>>,
    over: Option<Spanned<String>>,
    paused: Option<Spanned<String>>,
    frame: Option<Spanned<String>>,
}

/// Why a theme could not be had.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// No built-in theme and no file of that name.
    #[error("no theme called {name}: the built-in ones are {}, and none is in {folder}", built_in_names())]
    Unknown {
        /// As asked for.
        name: String,
        /// Where files were looked for.
        folder: String,
    },
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] crate::files::ReadError),
    /// The file is not a valid theme.
    #[error("{0}")]
    Invalid(Diagnostics),
}

fn built_in_names() -> String {
    BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// The themes folder in the config folder `config`.
pub fn folder(config: &Path) -> PathBuf {
    config.join("themes")
}

/// The theme `name`: a built-in one, a file in `themes` (without `.toml`), or a path to a file.
pub fn find(name: &str, themes: &Path) -> Result<Theme, ThemeError> {
    if let Some(theme) = Theme::named(name) {
        return Ok(theme);
    }
    let path = path_of(name, themes);
    if !path.is_file() {
        return Err(ThemeError::Unknown {
            name: crate::sanitize::clean(name, false),
            folder: crate::sanitize::clean(&themes.display().to_string(), false),
        });
    }
    load(&path, themes, &mut BTreeSet::new()).map(|palette| Theme::of(Some(palette)))
}

/// Every theme the theme key goes through: the built-in ones, then the valid files in `themes`
/// (a broken one is left out; `check --theme` says why).
pub fn all(themes: Option<&Path>) -> Vec<(String, Theme)> {
    let mut out: Vec<(String, Theme)> = BUILT_IN.iter().map(|(n, p)| ((*n).to_owned(), Theme::of(Some(*p)))).collect();
    for path in themes.map(|t| crate::files::with_extension(t, "toml")).unwrap_or_default() {
        let name = crate::paths::stem(&path.display().to_string());
        if let Some(folder) = themes
            && let Ok(palette) = load(&path, folder, &mut BTreeSet::new())
        {
            out.push((name, Theme::of(Some(palette))));
        }
    }
    out
}

/// Checks the theme file at `path` fully: its errors, and each text colour that reads below
/// 4.5:1 on its background as a warning.
pub fn check(path: &Path) -> Result<Diagnostics, crate::files::ReadError> {
    let src = read(path)?;
    let origin = path.display().to_string();
    let themes = path.parent().unwrap_or(Path::new("."));
    let mut items = Vec::new();
    let mut seen = BTreeSet::from([path.to_owned()]);
    if let Ok(palette) = parse(&src, &origin, themes, &mut seen).map_err(|d| items = d.items) {
        let file: File = toml::from_str(&src).unwrap_or_default();
        if let Some(background) = palette.background {
            for (role, colour) in text_colours(&palette) {
                let Some(ratio) = contrast(colour, background) else { continue };
                if ratio < READABLE {
                    let span = spans(&file).into_iter().find(|(k, _)| *k == role).map_or(0..0, |(_, s)| s);
                    items.push(Diagnostic::warning(
                        span,
                        format!("`{role}` reads at {ratio:.1}:1 on the background; text needs {READABLE}:1 (7:1 for the back row)"),
                    ));
                }
            }
        }
    }
    Ok(Diagnostics { origin, src, items })
}

fn path_of(name: &str, themes: &Path) -> PathBuf {
    let path = Path::new(name);
    if path.extension().is_some() || path.components().count() > 1 {
        path.to_owned()
    } else {
        themes.join(format!("{name}.toml"))
    }
}

fn read(path: &Path) -> Result<String, crate::files::ReadError> {
    let bytes = crate::files::read(path, THEME_BYTES, "a theme file")?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The palette of the file at `path`, following `extends` through `seen` (the files on the way,
/// to refuse a circle).
fn load(path: &Path, themes: &Path, seen: &mut BTreeSet<PathBuf>) -> Result<Palette, ThemeError> {
    seen.insert(path.to_owned());
    let src = read(path)?;
    parse(&src, &path.display().to_string(), themes, seen).map_err(ThemeError::Invalid)
}

fn parse(src: &str, origin: &str, themes: &Path, seen: &mut BTreeSet<PathBuf>) -> Result<Palette, Diagnostics> {
    let invalid = |items: Vec<Diagnostic>| Diagnostics { origin: origin.to_owned(), src: src.to_owned(), items };
    let file: File = toml::from_str(src)
        .map_err(|e| invalid(vec![Diagnostic::error(e.span().unwrap_or(0..0), e.message().trim_end().to_owned())]))?;
    let mut items = Vec::new();
    let base = match &file.extends {
        None => Some(BUILT_IN[0].1),
        Some(name) => match Theme::named(name.get_ref()).and_then(Theme::palette) {
            Some(palette) => Some(palette),
            None => {
                let path = path_of(name.get_ref(), themes);
                if seen.contains(&path) || seen.len() >= DEPTH {
                    items.push(Diagnostic::error(
                        name.span(),
                        format!("`extends` goes round in a circle through `{}`", name.get_ref()),
                    ));
                    None
                } else {
                    match load(&path, themes, seen) {
                        Ok(palette) => Some(palette),
                        Err(e) => {
                            let why = match e {
                                ThemeError::Invalid(d) => d.items.first().map_or(String::new(), |i| i.message.clone()),
                                other => other.to_string(),
                            };
                            items.push(Diagnostic::error(
                                name.span(),
                                format!("cannot extend `{}`: {why}", name.get_ref()),
                            ));
                            None
                        }
                    }
                }
            }
        },
    };
    let mut palette = base.unwrap_or(BUILT_IN[0].1);
    for (role, value) in values(&file) {
        let Some(value) = value else { continue };
        match (role, colour(value.get_ref())) {
            ("background", Some(Color::Reset)) => palette.background = None,
            (_, Some(colour)) => *slot(&mut palette, role) = colour,
            (_, None) => items.push(Diagnostic::error(
                value.span(),
                format!(
                    "`{}` is not a colour: write \"#rrggbb\", a terminal colour such as \"cyan\", or \"default\"",
                    value.get_ref()
                ),
            )),
        }
    }
    if items.is_empty() { Ok(palette) } else { Err(invalid(items)) }
}

/// The colour settings of a file, by role.
fn values(file: &File) -> [(&'static str, Option<&Spanned<String>>); 8] {
    [
        ("background", file.background.as_ref()),
        ("text", file.text.as_ref()),
        ("dim", file.dim.as_ref()),
        ("accent", file.accent.as_ref()),
        ("warning", file.warning.as_ref()),
        ("over", file.over.as_ref()),
        ("paused", file.paused.as_ref()),
        ("frame", file.frame.as_ref()),
    ]
}

fn spans(file: &File) -> Vec<(&'static str, std::ops::Range<usize>)> {
    values(file).into_iter().filter_map(|(role, v)| v.map(|v| (role, v.span()))).collect()
}

/// The palette's colour for `role` (the background is handled apart: it may be none).
fn slot<'p>(palette: &'p mut Palette, role: &str) -> &'p mut Color {
    match role {
        "text" => &mut palette.text,
        "dim" => &mut palette.dim,
        "accent" => &mut palette.accent,
        "warning" => &mut palette.warning,
        "over" => &mut palette.over,
        "paused" => &mut palette.paused,
        "frame" => &mut palette.frame,
        _ => palette.background.get_or_insert(Color::Reset),
    }
}

/// A colour as a theme file writes it.
pub fn colour(text: &str) -> Option<Color> {
    const NAMED: [(&str, Color); 17] = [
        ("default", Color::Reset),
        ("black", Color::Black),
        ("red", Color::Red),
        ("green", Color::Green),
        ("yellow", Color::Yellow),
        ("blue", Color::Blue),
        ("magenta", Color::Magenta),
        ("cyan", Color::Cyan),
        ("gray", Color::Gray),
        ("dark-gray", Color::DarkGray),
        ("light-red", Color::LightRed),
        ("light-green", Color::LightGreen),
        ("light-yellow", Color::LightYellow),
        ("light-blue", Color::LightBlue),
        ("light-magenta", Color::LightMagenta),
        ("light-cyan", Color::LightCyan),
        ("white", Color::White),
    ];
    if let Some(hex) = text.strip_prefix('#') {
        let valid = hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        let n = u32::from_str_radix(hex, 16).ok().filter(|_| valid)?;
        return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
    }
    NAMED.iter().find(|(n, _)| *n == text).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(test: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = crate::files::scratch(&format!("themes-{test}"));
        std::fs::create_dir_all(&dir).expect("a folder");
        for (name, text) in files {
            std::fs::write(dir.join(name), text).expect("written");
        }
        dir
    }

    #[test]
    fn a_file_extends_a_built_in_theme_or_another_file() {
        let dir = folder_with(
            "extends",
            &[
                ("paper.toml", "extends = \"light\"\nbackground = \"#fdf6e3\"\n"),
                ("ink.toml", "extends = \"paper\"\naccent = \"blue\"\n"),
            ],
        );
        let ink = find("ink", &dir).expect("a theme").palette().expect("colour");
        assert_eq!(ink.background, Some(Color::Rgb(0xfd, 0xf6, 0xe3)));
        assert_eq!(ink.accent, Color::Blue);
        assert_eq!(ink.text, BUILT_IN[1].1.text, "the rest from light");
        let names: Vec<String> = all(Some(&dir)).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["dark", "light", "high-contrast", "terminal", "ink", "paper"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_colours_unknown_keys_and_circles_are_located() {
        let dir = folder_with(
            "bad",
            &[
                ("bad.toml", "extends = \"dark\"\ntext = \"#12\"\ndim = \"purple-ish\"\n"),
                ("typo.toml", "backgroud = \"#000000\"\n"),
                ("a.toml", "extends = \"b\"\n"),
                ("b.toml", "extends = \"a\"\n"),
            ],
        );
        let message = |name: &str| match find(name, &dir) {
            Err(ThemeError::Invalid(d)) => d.to_string(),
            other => panic!("{name}: {other:?}"),
        };
        let bad = message("bad");
        assert!(bad.contains("bad.toml:2:8: error: `#12` is not a colour"), "{bad}");
        assert!(bad.contains("bad.toml:3:7: error: `purple-ish` is not a colour"), "{bad}");
        assert!(message("typo").contains("unknown field `backgroud`"));
        assert!(message("a").contains("circle"), "{}", message("a"));
        assert!(matches!(find("nosuch", &dir), Err(ThemeError::Unknown { .. })));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn check_warns_of_text_hard_to_read() {
        let dir = folder_with("grey", &[("grey.toml", "extends = \"light\"\ndim = \"#bbbbbb\"\n")]);
        let found = check(&dir.join("grey.toml")).expect("read");
        let text = found.to_string();
        assert!(text.contains("warning: `dim` reads at 1.9:1"), "{text}");
        assert!(!found.has_errors());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
