//! The bundled library from the command line, run in a sandbox whose folder has no `sessions`
//! of its own: every command that takes a session takes a bundled session's name, `list` shows
//! each with its length, group sizes and credit, and `new --from` copies one to edit.

mod common;

use std::process::{Output, Stdio};

use common::Sandbox;
use holdspace::session::LIBRARY;

const BIN: &str = env!("CARGO_BIN_EXE_holdspace");

/// Runs the binary with `args` from the sandbox's root, stdin closed, output captured.
fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    sandbox.command(BIN).current_dir(&sandbox.root).args(args).stdin(Stdio::null()).output().expect("run the binary")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn names() -> Vec<&'static str> {
    LIBRARY.iter().map(|(file, _)| file.trim_end_matches(".toml")).collect()
}

#[test]
fn check_export_and_history_take_a_bundled_sessions_name() {
    let sandbox = Sandbox::new("library-names");
    let mut args = vec!["check"];
    args.extend(names());
    let out = run(&sandbox, &args);
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("7 files checked, 7 valid, 0 with errors"), "{text}");
    assert!(!text.contains("warning"), "{text}");
    let out = run(&sandbox, &["export", "troika-consulting", "--people", "13", "--start", "14:00"]);
    assert!(out.status.success());
    let export = stdout(&out);
    assert_eq!(export.matches("Groups: ").count(), 3, "three rounds of the same trios:\n{export}");
    assert!(export.contains("- 14:04 Client shares (2m) · client"), "{export}");
    let history = run(&sandbox, &["history", "1-2-4-all"]);
    assert!(history.status.success(), "{}", String::from_utf8_lossy(&history.stderr));
    let missing = run(&sandbox, &["check", "troika"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stdout(&missing).contains("among the bundled sessions (medicine-of-mutuality, impromptu-networking"));
}

#[test]
fn list_shows_each_bundled_session_with_its_length_groups_and_credit() {
    let sandbox = Sandbox::new("library-list");
    let text = stdout(&run(&sandbox, &["list"]));
    for name in names() {
        assert!(text.lines().any(|l| l.starts_with(name) && l.ends_with("(bundled)")), "{name}:\n{text}");
    }
    let troika = text.lines().find(|l| l.starts_with("troika-consulting")).unwrap_or_default();
    assert!(troika.contains("36m") && troika.contains("groups of 3"), "{troika}");
    let one_two_four = text.lines().find(|l| l.starts_with("1-2-4-all")).unwrap_or_default();
    assert!(one_two_four.contains("pairs, groups of 4"), "{one_two_four}");
    assert_eq!(text.matches("Liberating Structures by Henri Lipmanowicz and Keith McCandless").count(), 6);
}

#[test]
fn new_from_copies_a_bundled_session_to_edit() {
    let sandbox = Sandbox::new("library-new");
    let out = run(&sandbox, &["new", "--from", "triz", "-o", "mine.toml"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let copy = std::fs::read_to_string(sandbox.root.join("mine.toml")).expect("the copy is written");
    assert_eq!(copy, LIBRARY.iter().find(|(f, _)| *f == "triz.toml").map(|(_, t)| *t).unwrap_or_default());
    let again = run(&sandbox, &["new", "--from", "triz", "-o", "mine.toml"]);
    assert_eq!(again.status.code(), Some(1), "never over an existing file");
    assert!(run(&sandbox, &["check", "mine.toml"]).status.success());
    let printed = run(&sandbox, &["new", "--from", "troika-consulting"]);
    assert!(stdout(&printed).contains("kind = \"group\""));
    let both = run(&sandbox, &["new", "A title", "--from", "triz"]);
    assert_eq!(both.status.code(), Some(2), "a title and --from together are a usage error");
}
