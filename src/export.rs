//! The plan as Markdown, for co-facilitators and printing: every step with its planned time,
//! clock times from a start, the words, the notes, and each round's pairs when a roster is known.
//! Or the participants' handout: the quote and the questions, nothing else. Pure: text in, text out.

use std::fmt::Write as _;

use chrono::{NaiveTime, TimeDelta};

use crate::pairing::Grouping;
use crate::plan::{Part, Plan, Position};
use crate::session::{Body, GroupWork, Leftover, Regroup, Session, duration, with_roles};

/// What to put in the export.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Planned clock time of the first step.
    pub start: Option<NaiveTime>,
    /// The participants' version: words only.
    pub handout: bool,
    /// People in the room, for the pairs of each round.
    pub roster: Vec<String>,
    /// Seed for the pairs.
    pub seed: u64,
}

/// The Markdown text.
pub fn markdown(session: &Session, options: &Options) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(&session.title));
    if let Some(subtitle) = &session.subtitle {
        let _ = writeln!(out, "{}\n", one_line(subtitle));
    }
    if let Some(source) = &session.source {
        let _ = writeln!(out, "*{}*\n", one_line(source));
    }
    if options.handout {
        handout(session, &mut out);
    } else {
        plan(session, options, &mut out);
    }
    out
}

fn handout(session: &Session, out: &mut String) {
    for step in &session.steps {
        match &step.body {
            Body::Quote { text, attribution, .. } => {
                let _ = writeln!(out, "{}", quoted(text));
                if let Some(who) = attribution {
                    let _ = writeln!(out, ">\n> — {}", one_line(who));
                }
                out.push('\n');
            }
            Body::Reflection(q) | Body::Closing(q) => {
                let _ = writeln!(out, "## {}\n", one_line(&step.title));
                for question in &q.questions {
                    let _ = writeln!(out, "- {}", one_line(question));
                }
                out.push('\n');
            }
            Body::PairShare(p) => {
                let _ = writeln!(out, "## {}\n\nIn pairs: {}\n", one_line(&step.title), one_line(&p.prompt));
            }
            Body::Group(g) => {
                let _ =
                    writeln!(out, "## {}\n\nIn groups of {}: {}\n", one_line(&step.title), g.size, one_line(&g.prompt));
                if !g.roles.is_empty() {
                    let turning = if g.rounds > 1 { "; they turn each round" } else { "" };
                    let _ = writeln!(out, "Roles: {}{turning}.\n", g.roles.join(", "));
                }
                for (n, phase) in g.phases.iter().enumerate() {
                    let who = if g.roles.is_empty() { String::new() } else { format!(" ({})", g.who(n)) };
                    let _ = writeln!(out, "{}. {}{who}", n + 1, one_line(&phase.title));
                }
                out.push('\n');
            }
            Body::Text { .. } => {}
        }
    }
}

fn plan(session: &Session, options: &Options, out: &mut String) {
    let clock = |offset| clock(options, offset);
    let plan = Plan::new(session);
    let total = plan.total();
    let steps = plan.steps();
    let _ = write!(out, "Planned: {} in {steps} step{}", duration::words(total), if steps == 1 { "" } else { "s" });
    if let (Some(from), Some(to)) = (clock(std::time::Duration::ZERO), clock(total)) {
        let _ = write!(out, ", {from} to {to}");
    }
    if let Some(slot) = session.planned.filter(|p| *p != total) {
        let _ = write!(out, " (the slot is {})", duration::words(slot));
    }
    out.push_str("\n\n| # | start | step | kind | planned |\n|---|---|---|---|---|\n");
    for (i, step) in session.steps.iter().enumerate() {
        let offset = plan.offset(i);
        let at = clock_or_offset(options, offset);
        let _ = writeln!(
            out,
            "| {} | {at} | {} | {} | {} |",
            i + 1,
            cell(&step.title),
            step.kind().name(),
            duration::words(plan.length(i))
        );
    }
    // The same pairing as a run with this roster and seed hands out, round by round.
    let mut pairing = (options.roster.len() >= 2).then(|| Grouping::new(options.roster.len(), options.seed));
    for (i, step) in session.steps.iter().enumerate() {
        let at = clock(plan.offset(i)).map_or(String::new(), |t| format!(" · {t}"));
        let _ = writeln!(
            out,
            "\n## {}. {} · {} · {}{at}\n",
            i + 1,
            one_line(&step.title),
            step.kind().name(),
            duration::words(plan.length(i))
        );
        match &step.body {
            Body::Quote { text, attribution, .. } => {
                let _ = writeln!(out, "{}", quoted(text));
                if let Some(who) = attribution {
                    let _ = writeln!(out, ">\n> — {}", one_line(who));
                }
            }
            Body::Text { text, .. } => {
                let _ = writeln!(out, "{}", paragraph(text));
            }
            Body::Reflection(q) | Body::Closing(q) => {
                if let Some(prompt) = &q.prompt {
                    let _ = writeln!(out, "{}\n", paragraph(prompt));
                }
                for (n, question) in q.questions.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", n + 1, one_line(question));
                }
            }
            Body::PairShare(p) => {
                let changeover = session.timer.changeover;
                let before = if changeover.is_zero() {
                    String::new()
                } else {
                    format!("; {} before each round to find partners", duration::words(changeover))
                };
                let _ = writeln!(
                    out,
                    "{}\n\n{} round{} of two turns of {} each{before}; the swap is cued at half time.",
                    paragraph(&p.prompt),
                    p.rounds,
                    if p.rounds == 1 { "" } else { "s" },
                    duration::words(p.turn)
                );
                for (round, groups) in (0..p.rounds)
                    .filter_map(|r| Some((r, pairing.as_mut()?.round(plan.round_index(i, r), plan.specs())?)))
                {
                    let names = |m: &usize| options.roster.get(*m).map_or_else(String::new, |n| cell(n));
                    let groups: Vec<String> =
                        groups.iter().map(|g| g.0.iter().map(names).collect::<Vec<_>>().join(" & ")).collect();
                    let _ = writeln!(out, "\n- Round {} (first named speaks first): {}", round + 1, groups.join(" · "));
                }
            }
            Body::Group(g) => group(session, &plan, i, g, pairing.as_mut(), options, out),
        }
        if let Some(notes) = &step.notes {
            let _ = writeln!(out, "\n**Notes:** {}", one_line(notes));
        }
    }
}

/// A group step in the plan: the prompt, how the groups are made, every phase of every round with
/// its planned clock time, and each round's groups with their roles when a roster is known.
fn group(
    session: &Session,
    plan: &Plan,
    step: usize,
    g: &GroupWork,
    mut pairing: Option<&mut Grouping>,
    options: &Options,
    out: &mut String,
) {
    let rounds = if g.rounds == 1 { "1 round".to_owned() } else { format!("{} rounds", g.rounds) };
    let leftover = match g.leftover {
        Leftover::Bigger => "people left over make some groups bigger",
        Leftover::Smaller => "or smaller when the room does not divide",
    };
    let made = match (g.join, g.rounds > 1, g.regroup) {
        (true, false, _) => "; the groups of the step before joined",
        (true, true, Regroup::Never) => "; the groups of the step before joined, the same for every round",
        (true, true, Regroup::EveryRound) => "; the groups of the step before joined, then new groups each round",
        (false, true, Regroup::Never) => "; the same groups for every round",
        (false, true, Regroup::EveryRound) => "; new groups each round",
        (false, false, _) => "",
    };
    let _ = writeln!(out, "{}\n\n{rounds} in groups of {} ({leftover}){made}.", paragraph(&g.prompt), g.size);
    if !g.roles.is_empty() {
        let turning = match (g.rounds > 1, g.regroup) {
            (false, _) => "",
            (true, Regroup::Never) => "; they turn one place each round",
            (true, Regroup::EveryRound) => "; in each new group the first goes to whoever has held it least",
        };
        let _ = writeln!(out, "Roles: {}{turning}.", g.roles.join(", "));
    }
    let changeover = session.timer.changeover;
    for round in 0..g.rounds {
        let index = plan.round_index(step, round);
        let _ = write!(out, "\nRound {}", round + 1);
        if g.new_groups(round) && !changeover.is_zero() {
            let at = clock_or_offset(options, plan.start(Position::Step { step, part: Part::Changeover { round } }));
            let _ = write!(out, " ({at}: {} to find the groups)", duration::words(changeover));
        }
        out.push_str(":\n\n");
        for (n, phase) in g.phases.iter().enumerate() {
            let at =
                clock_or_offset(options, plan.start(Position::Step { step, part: Part::Phase { round, phase: n } }));
            let who = if g.roles.is_empty() { String::new() } else { format!(" · {}", g.who(n)) };
            let _ = writeln!(out, "- {at} {} ({}){who}", one_line(&phase.title), duration::words(phase.duration));
        }
        if let Some(groups) = pairing.as_deref_mut().and_then(|p| p.round(index, plan.specs())) {
            let line = |m: &crate::pairing::Group| {
                let names: Vec<String> =
                    m.0.iter().map(|&p| options.roster.get(p).map_or_else(String::new, |n| cell(n))).collect();
                with_roles(&g.roles, &names)
            };
            let _ = writeln!(out, "\nGroups: {}", groups.iter().map(line).collect::<Vec<_>>().join(" | "));
        }
    }
    for (n, phase) in g.phases.iter().enumerate() {
        if let Some(notes) = &phase.notes {
            let _ = writeln!(out, "\n**Phase {} notes ({}):** {}", n + 1, one_line(&phase.title), one_line(notes));
        }
    }
}

/// The clock time `offset` after `--start`, if one was given.
fn clock(options: &Options, offset: std::time::Duration) -> Option<String> {
    options.start.map(|start| {
        let (at, _) = start.overflowing_add_signed(TimeDelta::from_std(offset).unwrap_or_default());
        at.format("%H:%M").to_string()
    })
}

/// A planned start as a clock time from `--start`, else as an offset from the session's start.
fn clock_or_offset(options: &Options, offset: std::time::Duration) -> String {
    clock(options, offset).unwrap_or_else(|| format!("+{}", duration::clock(offset)))
}

/// A string on one line, so it cannot start a heading or a list of its own.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn paragraph(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

fn quoted(text: &str) -> String {
    text.lines().map(|l| format!("> {}", l.trim())).collect::<Vec<_>>().join("\n")
}

fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{BUNDLED, from_str};

    fn bundled() -> Session {
        from_str(BUNDLED.1, BUNDLED.0).expect("the bundled session loads")
    }

    #[test]
    fn the_plan_holds_every_steps_words_timings_and_notes() {
        let s = bundled();
        let start = NaiveTime::from_hms_opt(14, 0, 0);
        let text = markdown(&s, &Options { start, ..Options::default() });
        assert!(text.contains("Planned: 56m in 10 steps, 14:00 to 14:56"));
        assert!(text.contains("| 4 | 14:14 | Being helped | pair-share | 6m30s |"));
        assert!(text.contains("| 5 | 14:20 | A new leadership mandate | quote | 3m |"));
        assert!(text.contains("1 round of two turns of 3m each; 30s before each round to find partners;"));
        let plan = Plan::new(&s);
        for (i, step) in s.steps.iter().enumerate() {
            assert!(text.contains(&format!(
                "{} · {} · {}",
                step.title,
                step.kind().name(),
                duration::words(plan.length(i))
            )));
            assert!(text.contains(&one_line(step.notes.as_deref().unwrap_or_default())));
        }
        assert!(text.contains("1. Can I be vulnerable enough to let you help me?"));
        assert!(text.contains("> You cannot hand over the responsibility"));
    }

    #[test]
    fn the_handout_has_the_words_and_nothing_private() {
        let s = bundled();
        let text = markdown(&s, &Options { handout: true, ..Options::default() });
        assert!(text.contains("- And who might be waiting, right now, for you to let them help?"));
        assert!(text.contains("— Vandana Shiva"));
        assert!(!text.contains("Notes") && !text.contains("3m") && !text.contains("aloud"));
    }

    #[test]
    fn a_group_step_lists_every_phase_at_its_time_and_the_groups_with_their_roles() {
        let (file, text) = crate::session::LIBRARY[3];
        let troika = from_str(text, file).expect("troika loads");
        let roster: Vec<String> = (1..=7).map(|i| format!("P{i}")).collect();
        let start = NaiveTime::from_hms_opt(9, 0, 0);
        let text = markdown(&troika, &Options { start, roster, seed: 3, ..Options::default() });
        assert!(text.contains("3 rounds in groups of 3 (people left over make some groups bigger); the same groups"));
        assert!(text.contains("Roles: client, consultant; they turn one place each round."));
        assert!(text.contains("Round 1 (09:03: 1m to find the groups):\n\n- 09:04 Client shares (2m) · client"));
        assert!(text.contains("- 09:32 Client reflects (2m) · client"), "the third round's last phase");
        let groups: Vec<&str> = text.lines().filter(|l| l.starts_with("Groups: ")).collect();
        assert_eq!(groups.len(), 3);
        assert!(groups.iter().all(|g| g.matches("client P").count() == 2 && g.contains(" · consultant P")));
        let handout = markdown(&troika, &Options { handout: true, ..Options::default() });
        assert!(handout.contains("In groups of 3: ") && handout.contains("3. Consultants talk (consultant)"));
        assert!(!handout.contains("2m"), "no timings in the handout");
    }

    #[test]
    fn with_a_roster_each_round_lists_its_pairs_reproducibly() {
        let s = bundled();
        let roster: Vec<String> = ["Ana", "Ben", "Chidi", "Dara", "Eun", "Farah", "Gus"].map(String::from).to_vec();
        let options = Options { roster, seed: 7, ..Options::default() };
        let text = markdown(&s, &options);
        assert_eq!(text.matches("- Round ").count(), 4, "four rounds across three pair-share steps");
        assert_eq!(text, markdown(&s, &options), "the same seed gives the same pairs");
        let first = text.lines().find(|l| l.starts_with("- Round 1")).expect("a round");
        assert_eq!(first.matches(" & ").count(), 4, "three pairs and a trio: {first}");
    }
}
