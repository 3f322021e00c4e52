//! What a shell and `man` are given: completion scripts and manual pages generated from the
//! command line's own definitions, so they name every command and the keys of the key table.

mod common;

use std::process::Output;

fn holdspace(sandbox: &common::Sandbox, args: &[&str]) -> Output {
    sandbox.command(env!("CARGO_BIN_EXE_holdspace")).args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

#[test]
fn completions_name_every_command_in_every_shell() {
    let sandbox = common::Sandbox::new("completions");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = holdspace(&sandbox, &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        for command in ["run", "rehearse", "follow", "check", "export", "completions", "man"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
        // fish writes options without their dashes (`-l people`).
        assert!(script.contains("people") && script.contains("theme"), "{shell} completes options");
    }
    let bash = holdspace(&sandbox, &["completions", "bash"]);
    let parsed =
        std::process::Command::new("bash").args(["-n", "-c", &text(&bash.stdout)]).status().expect("bash runs");
    assert!(parsed.success(), "the bash script parses");
    let wrong = holdspace(&sandbox, &["completions", "tcsh"]);
    assert_eq!(wrong.status.code(), Some(2), "an unknown shell is a usage error");
}

#[test]
fn the_manual_page_has_the_commands_the_keys_and_the_files() {
    let sandbox = common::Sandbox::new("man");
    let out = holdspace(&sandbox, &["man"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "roff: {}", &page[..40.min(page.len())]);
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS", ".SH \"KEYS WHILE RUNNING\"", ".SH FILES"] {
        assert!(page.contains(section), "{section}");
    }
    for binding in holdspace::keymap::Keymap::default().help() {
        let help = binding.help.replace('-', "\\-");
        assert!(page.contains(&help), "the page lists `{}`", binding.help);
    }
    assert!(!page.lines().any(|l| l.starts_with("\\&.") || l.starts_with('\'')), "no line read as a request");
}

#[test]
fn man_writes_a_page_per_command_into_a_folder() {
    let sandbox = common::Sandbox::new("man-out");
    let folder = sandbox.root.join("man1");
    std::fs::create_dir_all(&folder).expect("a folder");
    let out = holdspace(&sandbox, &["man", "--out", folder.to_str().expect("a UTF-8 path")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut pages: Vec<String> = std::fs::read_dir(&folder)
        .expect("the folder")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for page in ["holdspace.1", "holdspace-run.1", "holdspace-check.1", "holdspace-follow.1"] {
        assert!(pages.contains(&page.to_owned()), "{page} in {pages:?}");
    }
    let run = std::fs::read_to_string(folder.join("holdspace-run.1")).expect("the run page");
    assert!(run.contains("holdspace\\-run") && run.contains("\\-\\-people"), "the run page names its options");
    let made = sandbox.root.join("share/man/man1");
    let out = holdspace(&sandbox, &["man", "--out", made.to_str().expect("UTF-8")]);
    assert!(out.status.success() && made.join("holdspace.1").is_file(), "a missing folder is made");
    let file = made.join("holdspace.1");
    let out = holdspace(&sandbox, &["man", "--out", file.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(1), "a file where the folder should be is refused");
    assert!(text(&out.stderr).contains("cannot write"), "{}", text(&out.stderr));
}
