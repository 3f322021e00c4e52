//! What a shell and `man` need, generated from the parser's own definitions so they never
//! disagree with it: `holdspace completions SHELL` prints a completion script, `holdspace man`
//! prints the manual page (or writes one page per command into a folder).

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Failure};
use crate::keymap::Keymap;

// Options of `holdspace completions` (a plain comment, not a doc comment: see `Command`).
#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

// Options of `holdspace man`.
#[derive(Debug, clap::Args)]
pub(crate) struct ManArgs {
    /// Write holdspace.1 and a page per command (holdspace-run.1, ...) into this folder (made
    /// when missing) instead of printing the main page.
    #[arg(long, value_name = "FOLDER")]
    out: Option<PathBuf>,
}

/// The whole command line, every subcommand's arguments built.
fn command() -> clap::Command {
    let mut command = Cli::command();
    command.build();
    command
}

/// `holdspace completions SHELL`.
pub(crate) fn completions(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "holdspace", &mut script);
    crate::print::out(&String::from_utf8_lossy(&script)).map_err(Failure::from)
}

/// `holdspace man`: the main page on standard output, or every page into `--out`.
pub(crate) fn man(args: &ManArgs) -> Result<(), Failure> {
    let command = command();
    match &args.out {
        None => crate::print::out(&main_page(&command)?).map_err(Failure::from),
        Some(folder) => write_pages(&command, folder),
    }
}

/// One command's page in roff.
fn page(command: &clap::Command) -> Result<String, Failure> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut roff)
        .map_err(|e| Failure::BadInput(format!("cannot write the manual page: {e}")))?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

/// The main page: the commands and options, then the keys while running (from the key table
/// itself, as `?` shows them) and the files the program reads and writes.
fn main_page(command: &clap::Command) -> Result<String, Failure> {
    let keys = Keymap::default().help().map(|b| (b.label(), b.help.to_owned())).collect::<Vec<_>>();
    let files = FILES.iter().map(|(place, what)| ((*place).to_owned(), (*what).to_owned())).collect::<Vec<_>>();
    let mut text = page(command)?;
    text.push_str(&section("\"KEYS WHILE RUNNING\"", "B", &keys));
    text.push_str(&section("FILES", "I", &files));
    Ok(text)
}

/// A section of tagged paragraphs: each term in `font` (`B` bold, `I` italic), its meaning
/// under it.
fn section(title: &str, font: &str, entries: &[(String, String)]) -> String {
    let entries = entries.iter().map(|(term, what)| format!(".TP\n\\f{font}{}\\fR\n{}\n", roff(term), roff(what)));
    std::iter::once(format!(".SH {title}\n")).chain(entries).collect()
}

/// The folders on Linux (the XDG folders when set; macOS uses its own).
const FILES: [(&str, &str); 5] = [
    (
        "~/.config/holdspace/config.toml",
        "the config file: theme, view, chime, player, clock, keys (holdspace config shows it and where it is)",
    ),
    ("~/.config/holdspace/themes/NAME.toml", "theme files, extending the built-in themes"),
    ("~/.local/share/holdspace/sessions/", "your sessions, found by name (holdspace list)"),
    ("~/.local/share/holdspace/rehearsals/", "the records of rehearsals and runs (holdspace history)"),
    ("~/.local/state/holdspace/", "the journal of an unfinished run (run --resume) and the log"),
];

/// `text` as a line of roff text: backslashes and hyphens escaped, a leading dot or quote kept
/// from being read as a request.
fn roff(text: &str) -> String {
    format!("\\&{}", text.replace('\\', "\\e").replace('-', "\\-"))
}

/// `holdspace.1` and `holdspace-<command>.1` for each command, into `folder` (made when missing).
fn write_pages(command: &clap::Command, folder: &Path) -> Result<(), Failure> {
    let mut pages = vec![("holdspace".to_owned(), main_page(command)?)];
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("holdspace-{}", sub.get_name());
        let usage = format!("holdspace {}", sub.get_name());
        pages.push((name.clone(), page(&sub.clone().display_name(name).bin_name(usage))?));
    }
    for (name, text) in pages {
        let path = folder.join(format!("{name}.1"));
        crate::files::write_atomic(&path, text.as_bytes())
            .map_err(|e| Failure::BadInput(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}
