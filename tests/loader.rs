//! The loader against good and bad session text: every kind loads with its defaults, and every
//! mistake is reported at its own line and column with the offending line shown.

use std::time::Duration;

use holdspace::session::{self, Body, Overtime, Reveal, Warning};

#[track_caller]
fn errors(src: &str) -> String {
    session::from_str(src, "s.toml").expect_err("the text is refused").to_string()
}

#[test]
fn the_bundled_session_loads_as_a_real_workshop_of_under_an_hour() {
    let (name, text) = session::BUNDLED;
    let s = session::from_str(text, name).expect("the bundled session loads");
    assert_eq!(s.title, "The Medicine of Mutuality");
    assert_eq!(s.total(), Duration::from_secs(56 * 60), "54 minutes of steps and four changeovers of 30 s");
    assert_eq!(s.timer.changeover, Duration::from_secs(30), "time to find a new partner before each round");
    assert_eq!(s.planned, Some(s.total()), "the plan adds up");
    let checked = session::check(text, name, holdspace::ui::ROOM_FIT);
    assert!(checked.diagnostics.items.is_empty(), "check passes with no warning: {}", checked.diagnostics);
    assert!(s.steps.iter().all(|step| step.notes.is_some()), "every step has notes for the facilitator");
    let kinds: Vec<&str> = s.steps.iter().map(|s| s.kind().name()).collect();
    for kind in ["quote", "reflection", "pair-share", "closing", "text"] {
        assert!(kinds.contains(&kind), "{kind} is used");
    }
    assert!(s.source.as_deref().is_some_and(|c| c.contains("DeEtta Jones & Associates")), "the publisher is credited");
}

#[test]
fn every_kind_loads_with_its_defaults() {
    let src = r#"
format = 1
[session]
title = "All"
[[step]]
kind = "quote"
text = "q"
duration = "1m"
[[step]]
kind = "reflection"
questions = ["a", "b"]
duration = "2m30s"
[[step]]
kind = "pair-share"
prompt = "p"
turn = "45s"
[[step]]
kind = "closing"
questions = ["c"]
reveal = "all"
duration = "1h"
[[step]]
kind = "text"
text = "t"
duration = "45s"
"#;
    let s = session::from_str(src, "s.toml").expect("loads");
    assert_eq!(s.timer.warning, Warning::Percent(20));
    assert!(s.timer.chime);
    assert_eq!(s.timer.overtime, Overtime::Show);
    let titles: Vec<&str> = s.steps.iter().map(|st| st.title.as_str()).collect();
    assert_eq!(titles, ["Quote", "Reflection", "Pair share", "Closing", "Instructions"]);
    let Body::PairShare(p) = &s.steps[2].body else { panic!("a pair-share step") };
    assert_eq!((p.rounds, s.steps[2].planned()), (1, Duration::from_secs(90)));
    let Body::Reflection(q) = &s.steps[1].body else { panic!("a reflection step") };
    assert_eq!(q.reveal, Reveal::OneByOne);
}

#[test]
fn crlf_files_load_as_lf_and_text_is_cleaned_of_controls() {
    let src = "[session]\r\ntitle = \"A\\u001b]0;owned\\u0007 \\u202eB\"\r\n[[step]]\r\nkind = \"text\"\r\ntext = \"x\"\r\nduration = \"1m\"\r\n";
    let s = session::from_str(src, "s.toml").expect("loads");
    assert_eq!(s.title, "A]0;owned B");
}

#[test]
fn a_typo_in_a_key_gets_a_hint() {
    assert_eq!(
        errors(
            "[session]\ntitle = \"x\"\nplaned = \"6m\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n"
        ),
        "s.toml:3:1: error: unknown key `planed` in [session], did you mean `planned`?\n  |\n3 | planed = \"6m\"\n  | ^^^^^^\n"
    );
}

#[test]
fn all_semantic_problems_are_reported_at_their_values() {
    let src = r#"[session]
title = "x"

[[step]]
kind = "reflection"
questions = []
duration = "0s"

[[step]]
kind = "pair-shar"

[[step]]
kind = "pair-share"
prompt = "p"
turn = "2x"
rounds = -3
duration = "3m"
"#;
    let out = errors(src);
    let firsts: Vec<&str> = out.lines().filter(|l| l.starts_with("s.toml:")).collect();
    assert_eq!(
        firsts,
        [
            "s.toml:6:13: error: `questions` must hold at least one question",
            "s.toml:7:12: error: a duration must be longer than zero",
            "s.toml:10:8: error: unknown step kind \"pair-shar\", did you mean \"pair-share\"?",
            "s.toml:15:8: error: `2x` is not a duration: write it like \"45s\", \"3m\", \"2m30s\" or \"1h15m\"",
            "s.toml:16:10: error: `rounds` must be between 1 and 100, not -3",
            "s.toml:17:12: error: `duration` is not a key of a pair-share step: its time is rounds × 2 × turn",
        ]
    );
}

#[test]
fn missing_pieces_are_named() {
    assert!(errors("").starts_with("s.toml:1:1: error: missing `[session]` table"));
    assert!(errors("[session]\ntitle = \"x\"\n").contains("a session needs at least one `[[step]]`"));
    assert!(
        errors("[session]\ntitle = \"\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n")
            .starts_with("s.toml:2:9: error: `title` must not be empty")
    );
    let no_turn = errors("[session]\ntitle = \"x\"\n[[step]]\nkind = \"pair-share\"\nprompt = \"p\"\n");
    assert!(no_turn.starts_with("s.toml:3:1: error: a pair-share step needs a `turn`"), "{no_turn}");
    let no_duration = errors("[session]\ntitle = \"x\"\n[[step]]\nkind = \"quote\"\ntext = \"t\"\n");
    assert!(no_duration.contains("a quote step needs a `duration`"), "{no_duration}");
}

#[test]
fn syntax_and_type_errors_are_located() {
    assert!(errors("[session\ntitle = \"x\"\n").starts_with("s.toml:1:9: error: unclosed table"));
    assert!(
        errors("[session]\ntitle = 5\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n")
            .starts_with("s.toml:2:9: error: `title` must be a string, not an integer")
    );
    assert!(errors("format = 2\n[session]\ntitle = \"x\"\n").starts_with("s.toml:1:10: error: unknown format 2"));
}

#[test]
fn timer_settings_and_names_are_checked() {
    let base = "[session]\ntitle = \"x\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n";
    let with = |extra: &str| format!("{base}{extra}");
    assert!(errors(&with("[timer]\nwarning = \"0%\"\n")).contains("`warning` share `0%` must be between 1% and 100%"));
    assert!(errors(&with("[timer]\novertime = \"maybe\"\n")).contains("`overtime` is \"show\" or \"hide\""));
    assert!(errors(&with("[participants]\nnames = [\"Ana\", \"Ana\"]\n")).contains("`Ana` is named twice"));
    let s = session::from_str(&with("[timer]\nwarning = \"1m\"\nchime = false\n"), "s.toml").expect("loads");
    assert_eq!((s.timer.warning, s.timer.chime), (Warning::Left(Duration::from_secs(60)), false));
}

#[test]
fn files_that_are_not_sessions_are_refused_clearly() {
    let dir = std::env::temp_dir().join(format!("holdspace-loader-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let binary = dir.join("binary.toml");
    std::fs::write(&binary, b"[session]\ntitle = \"\xff\xfe\"\n").expect("write");
    let big = dir.join("big.toml");
    std::fs::write(&big, vec![b'#'; 300 * 1024]).expect("write");
    let message = |p: &std::path::Path| session::load(p).expect_err("refused").to_string();
    assert!(
        message(&binary).ends_with(":2:10: error: not UTF-8 text (session files are UTF-8)"),
        "{}",
        message(&binary)
    );
    assert!(message(&big).ends_with(": larger than 262144 bytes, the most a session file may be"));
    assert!(message(&dir).ends_with(" is a folder, not a file"), "{}", message(&dir));
    assert!(message(&dir.join("missing.toml")).contains(": cannot read: "));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn absurd_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("a = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let out = errors(&deep);
    assert!(out.starts_with("s.toml:1:"), "{}", &out[..80]);
    assert!(out.lines().next().is_some_and(|l| l.ends_with("error: cannot recurse further; max recursion depth met")));
    assert!(out.lines().nth(2).is_some_and(|l| l.chars().count() < 120), "a long line is shown as a window");
}

#[test]
fn numbers_too_large_for_any_session_are_located() {
    let src = "[session]\ntitle = \"x\"\n[[step]]\nkind = \"pair-share\"\nprompt = \"p\"\nturn = \"99999999999999999999h\"\nrounds = 99999999999999999999\n";
    let firsts: Vec<String> = errors(src).lines().filter(|l| l.starts_with("s.toml:")).map(str::to_owned).collect();
    assert_eq!(
        firsts,
        ["s.toml:6:8: error: a duration must be at most 24 hours", "s.toml:7:10: error: `rounds` is far too large",]
    );
    let long =
        "[session]\ntitle = \"x\"\n[[step]]\nkind = \"pair-share\"\nprompt = \"p\"\nturn = \"23h\"\nrounds = 100\n";
    assert!(errors(long).starts_with("s.toml:3:1: error: this pair-share step would last more than 24 hours"));
    let hex =
        "[session]\ntitle = \"x\"\n[[step]]\nkind = \"pair-share\"\nprompt = \"p\"\nturn = \"1m\"\nrounds = 0x10\n";
    assert!(session::from_str(hex, "s.toml").is_ok(), "TOML's other integer forms are read");
}

#[test]
fn wrong_types_everywhere_are_all_reported() {
    let src = "format = \"1\"\nsession = 3\ntimer = []\n[[step]]\nkind = 1\nduration = 60\nquestions = \"q\"\n";
    let firsts: Vec<String> = errors(src).lines().filter(|l| l.starts_with("s.toml:")).map(str::to_owned).collect();
    assert_eq!(
        firsts,
        [
            "s.toml:1:10: error: `format` must be an integer, not a string",
            "s.toml:2:11: error: `session` must be a table, not an integer",
            "s.toml:3:9: error: `timer` must be a table, not a list",
            "s.toml:5:8: error: `kind` must be a string, not an integer",
            "s.toml:6:12: error: `duration` must be a string, not an integer",
            "s.toml:7:13: error: `questions` must be a list of strings, not a string",
        ]
    );
}

#[test]
fn an_empty_file_says_what_is_missing() {
    assert_eq!(errors(""), "s.toml:1:1: error: missing `[session]` table with a `title`\n  |\n1 | \n  | ^\n");
}

#[test]
fn documented_limits_are_refused_at_their_place() {
    let step = "[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n";
    let many = format!("[session]\ntitle = \"x\"\n{}", step.repeat(201));
    let out = errors(&many);
    assert!(
        out.starts_with("s.toml:803:1: error: a session has at most 200 steps; this is step 201"),
        "{}",
        &out[..120]
    );
    let long = format!("[session]\ntitle = \"{}\"\n{step}", "a".repeat(2_001));
    assert!(errors(&long).starts_with("s.toml:2:9: error: `title` is 2001 characters long; the most is 2000"));
    let crowd: Vec<String> = (0..1_001).map(|i| format!("\"p{i}\"")).collect();
    let crowd = format!("[session]\ntitle = \"x\"\n[participants]\nnames = [{}]\n{step}", crowd.join(", "));
    assert!(errors(&crowd).starts_with("s.toml:4:9: error: `names` lists 1001 people; the most is 1000"));
}
