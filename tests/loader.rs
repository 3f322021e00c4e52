//! The loader against good and bad session text: every kind loads with its defaults, and every
//! mistake is reported at its own line and column with the offending line shown.

use std::fmt::Write;
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
    assert_eq!(s.total(), Duration::from_mins(56), "54 minutes of steps and four changeovers of 30 s");
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
    assert_eq!((s.timer.warning, s.timer.chime), (Warning::Left(Duration::from_mins(1)), false));
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

/// A group step with one phase, and `extra` keys on the step (before its phase).
fn group(extra: &str) -> String {
    format!(
        "[session]\ntitle = \"G\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"1m\"\n[[step]]\nkind = \"group\"\nprompt = \"p\"\nsize = 3\n{extra}\n[[step.phase]]\ntitle = \"Talk\"\nduration = \"2m\"\n"
    )
}

#[test]
fn a_group_step_loads_with_its_defaults_and_its_time() {
    use holdspace::session::{Leftover, Regroup, Who};
    let s = session::from_str(&group(""), "s.toml").expect("loads");
    let Body::Group(g) = &s.steps[1].body else { panic!("a group step") };
    assert_eq!((g.size, g.leftover, g.min_people, g.rounds), (3, Leftover::Bigger, 3, 1));
    assert_eq!((g.regroup, g.join, g.roles.len()), (Regroup::EveryRound, false, 0));
    assert_eq!(g.phases[0].who, Who::Everyone);
    assert_eq!(s.steps[1].title, "Groups");
    let src = r#"
[session]
title = "Troika"
[timer]
changeover = "1m"
[[step]]
kind = "group"
prompt = "A challenge"
size = 3
leftover = "smaller"
min-people = 4
rounds = 3
regroup = "never"
roles = ["client", "consultant"]
[[step.phase]]
title = "Client shares"
who = "client"
duration = "2m"
[[step.phase]]
title = "Consultants talk"
who = "consultant"
duration = "4m"
text = "The client turns away."
notes = "Check the client turned round."
"#;
    let s = session::from_str(src, "s.toml").expect("loads");
    let Body::Group(g) = &s.steps[0].body else { panic!("a group step") };
    assert_eq!((g.leftover, g.min_people, g.regroup), (Leftover::Smaller, 4, Regroup::Never));
    assert_eq!(g.phases.iter().map(|p| p.who).collect::<Vec<_>>(), [Who::Role(0), Who::Role(1)]);
    assert_eq!(s.steps[0].planned(), Duration::from_mins(18), "three rounds of two phases");
    assert_eq!(s.total(), Duration::from_mins(19), "one changeover: the groups stay");
    assert_eq!((g.role(0), g.role(1), g.role(2)), (Some("client"), Some("consultant"), Some("consultant")));
}

#[test]
fn bad_group_steps_are_refused_at_their_place() {
    let no_phase = "[session]\ntitle = \"G\"\n[[step]]\nkind = \"group\"\nprompt = \"p\"\nsize = 3\n";
    let first_step = "[session]\ntitle = \"G\"\n[[step]]\nkind = \"group\"\nprompt = \"p\"\nsize = 2\njoin = true\n[[step.phase]]\ntitle = \"T\"\nduration = \"1m\"\n";
    let with_who = |extra: &str, who: &str| {
        group(extra).replace("duration = \"2m\"", &format!("duration = \"2m\"\nwho = \"{who}\""))
    };
    let roles = "roles = [\"client\", \"consultant\"]";
    let cases: Vec<(String, &str)> = vec![
        (group("").replace("size = 3", "size = 9"), "s.toml:10:8: error: `size` must be between 2 and 8, not 9"),
        (
            group("roles = [\"a\", \"b\", \"c\", \"d\"]"),
            "s.toml:11:9: error: 4 roles for groups of 3: a group has only 3 places",
        ),
        (group("roles = [\"a\", \" \"]"), "s.toml:11:15: error: `roles` must not be empty"),
        (group("leftover = \"over\""), "s.toml:11:12: error: `leftover` is \"bigger\" or \"smaller\", not \"over\""),
        (
            no_phase.to_owned(),
            "s.toml:3:1: error: a group step needs at least one `[[step.phase]]` with a `title` and a `duration`",
        ),
        (
            format!("{no_phase}phase = []\n"),
            "s.toml:7:9: error: a group step needs at least one `[[step.phase]]` with a `title` and a `duration`",
        ),
        (
            group("").replace("duration = \"2m\"", "duration = \"25h\""),
            "s.toml:14:12: error: a duration must be at most 24 hours",
        ),
        (
            group("join = true"),
            "s.toml:11:8: error: `join` merges the groups of the step before, but the step before is a text step, which has none",
        ),
        (
            first_step.to_owned(),
            "s.toml:7:8: error: `join` merges the groups of the step before, but this is the first step",
        ),
        (
            with_who(roles, "clent"),
            "s.toml:15:7: error: `who` names no role of this step: \"clent\", did you mean \"client\"?",
        ),
        (with_who("", "client"), "s.toml:15:7: error: `who` is \"everyone\" in a step without `roles`, not \"client\""),
        (
            group("").replace(
                "[session]\ntitle = \"G\"\n",
                "[session]\ntitle = \"G\"\n[participants]\nnames = [\"A\", \"B\"]\n",
            ),
            "s.toml:12:8: error: groups of 3 need at least 3 people; `[participants]` names 2",
        ),
        (
            group("").replace("duration = \"1m\"\n[[step]]", "duration = \"1m\"\nsize = 2\n[[step]]"),
            "s.toml:7:8: error: `size` is not a key of a text step",
        ),
    ];
    for (src, expected) in cases {
        assert_eq!(errors(&src).lines().next(), Some(expected), "{src}");
    }
    let typo = errors(&group("[[step.phase]]\ntitel = \"x\"\nduration = \"1m\""));
    assert!(
        typo.contains("s.toml:12:1: error: unknown key `titel` in [[step.phase]], did you mean `title`?"),
        "{typo}"
    );
    assert!(typo.contains("s.toml:11:1: error: a phase needs a `title`, shown in big letters"), "{typo}");
}

#[test]
fn a_group_step_lasting_more_than_a_day_is_refused() {
    let src = group("rounds = 100").replace("duration = \"2m\"", "duration = \"15m\"");
    assert_eq!(errors(&src).lines().next(), Some("s.toml:7:1: error: this group step would last more than 24 hours"));
}

#[test]
fn check_says_when_the_room_does_not_divide_into_the_groups() {
    let names = |n: usize| (0..n).map(|i| format!("\"P{i}\"")).collect::<Vec<_>>().join(", ");
    for (people, size, leftover, said) in [
        (13, 3, "bigger", Some("13 people in groups of 3: one group of 4")),
        (14, 4, "bigger", Some("14 people in groups of 4: two groups of 5")),
        (13, 4, "smaller", Some("13 people in groups of 4: three groups of 3")),
        (12, 3, "bigger", None),
    ] {
        let src = group(&format!("leftover = \"{leftover}\"")).replace("size = 3", &format!("size = {size}")).replace(
            "[session]\ntitle = \"G\"\n",
            &format!("[session]\ntitle = \"G\"\n[participants]\nnames = [{}]\n", names(people)),
        );
        let checked = session::check(&src, "s.toml", holdspace::ui::ROOM_FIT);
        let warnings: Vec<&str> = checked.diagnostics.items.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(warnings, said.into_iter().collect::<Vec<_>>(), "{people} in {size}s");
    }
}

#[test]
fn every_bundled_session_passes_check_with_no_warning_and_credits_its_source() {
    assert_eq!(session::LIBRARY[0], session::BUNDLED, "the default comes first");
    for (name, text) in session::LIBRARY {
        let checked = session::check(text, name, holdspace::ui::ROOM_FIT);
        assert!(checked.diagnostics.items.is_empty(), "{name}:\n{}", checked.diagnostics);
        let s = checked.session.expect("it loads");
        assert!(s.steps.iter().all(|step| step.notes.is_some()), "{name}: every step has notes");
        assert!(s.planned.is_some(), "{name}: says how long a slot it needs");
        if name != session::BUNDLED.0 {
            let source = s.source.unwrap_or_default();
            for credit in ["Liberating Structures", "Henri Lipmanowicz", "Keith McCandless", "CC BY-SA 4.0"] {
                assert!(source.contains(credit), "{name} credits {credit}");
            }
        }
    }
}

/// A short session with `[messages]` added.
fn with_messages(messages: &str) -> String {
    format!(
        "[session]\ntitle = \"M\"\n[[step]]\nkind = \"text\"\ntext = \"t\"\nduration = \"5m\"\n[messages]\n{messages}"
    )
}

#[test]
fn messages_load_on_their_number_keys_with_their_placeholders() {
    let s = session::from_str(&with_messages("1 = \"Back at {end}\"\n3 = \"Find a new partner\"\n"), "s.toml")
        .expect("loads");
    let keys: Vec<u8> = s.messages.iter().map(|(key, _)| key).collect();
    assert_eq!(keys, [1, 3]);
    assert_eq!(s.messages.get(1).map(ToString::to_string).as_deref(), Some("Back at {end}"));
    assert!(s.messages.get(2).is_none());
}

#[test]
fn broken_messages_are_located() {
    let e = errors(&with_messages("1 = \"Back at {ende}\"\n"));
    assert!(e.contains("s.toml:8:5") && e.contains("`{ende}` is not a placeholder"), "{e}");
    let e = errors(&with_messages("1 = \"ok\"\nback = \"Back soon\"\n"));
    assert!(e.contains("s.toml:9:1") && e.contains("back"), "{e}");
    let e = errors(&with_messages("0 = \"zero\"\n"));
    assert!(e.contains("s.toml:8:1"), "{e}");
    let e = errors(&with_messages("2 = \"{end\"\n"));
    assert!(e.contains("message 2") && e.contains("never closed"), "{e}");
    let e = errors(&with_messages(&format!("4 = \"{}\"\n", "x".repeat(121))));
    assert!(e.contains("s.toml:8:5") && e.contains("the most is 120"), "{e}");
    let s = session::from_str(&with_messages("5 = \"\\u001b[2J {end}\"\n"), "s.toml").expect("loads");
    let shown = s.messages.get(5).map(ToString::to_string).unwrap_or_default();
    assert!(!shown.contains('\u{1b}') && shown.ends_with("{end}"), "escapes are cleaned out: {shown:?}");
}

/// A file with thousands of mistakes is told the first hundred and how many more there are, at
/// the place where they begin; it used to take seconds to locate and write them all.
#[test]
fn thousands_of_findings_are_told_as_the_first_hundred_and_a_count() {
    let keys = (0..5000).fold(String::new(), |mut keys, i| {
        let _ = writeln!(keys, "k{i} = 1");
        keys
    });
    let src = format!("[session]\ntitle = \"t\"\n{keys}[[step]]\nkind = \"text\"\ntext = \"x\"\nduration = \"1s\"\n");
    let found = session::check(&src, "many.toml", holdspace::ui::ROOM_FIT).diagnostics;
    assert_eq!(found.items.len(), session::MOST_FINDINGS + 1);
    let last = found.items.last().expect("the count");
    assert_eq!(last.message, "4900 more findings are not shown (only the first 100 are)");
    assert_eq!(found.line_col(last.span.start), (103, 1), "the first of the rest, `k100`");
    assert!(found.has_errors());
}

/// However many warnings come first, the errors are told: the findings past the count are
/// warnings before they are errors, and the count points at the first error not told.
#[test]
fn errors_are_told_before_a_hundred_warnings() {
    let hyphens = "soft\u{AD}".repeat(150);
    let src = format!(
        "[session]\ntitle = \"t\"\n\n[[step]]\nkind = \"text\"\ntext = \"{hyphens}\"\nduration = \"1m\"\n\n[[step]]\nkind = \"text\"\ntext = \"x\"\nduraton = \"1m\"\n"
    );
    let checked = session::check(&src, "hyphens.toml", holdspace::ui::ROOM_FIT);
    let found = &checked.diagnostics;
    assert_eq!(checked.findings, 152, "150 warnings, the unknown key and the missing duration");
    assert_eq!(found.items.len(), session::MOST_FINDINGS + 1);
    let errors: Vec<&str> =
        found.items.iter().filter(|d| d.severity == session::Severity::Error).map(|d| d.message.as_str()).collect();
    assert!(errors.iter().any(|m| m.contains("`duraton`")), "{errors:?}");
    // A valid file with more warnings than are told counts them all.
    let valid = src.replace("duraton", "duration");
    assert_eq!(session::check(&valid, "hyphens.toml", holdspace::ui::ROOM_FIT).findings, 150);
}
