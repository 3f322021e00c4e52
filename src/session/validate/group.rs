//! Validation of a group step: its size and rules, its roles and phases, joining the step before,
//! and the room it needs; every value that cannot be used reported at its own place.

use std::ops::Range;

use toml::Spanned;

use super::{Around, Checker, quoted};
use crate::limits;
use crate::sanitize;
use crate::session::diagnostic::did_you_mean;
use crate::session::{Body, GroupWork, Leftover, Phase, Regroup, StepKind, Who, raw};

impl Checker {
    /// A group step: its keys, its roles and phases, and what it needs of the rest of the file.
    pub(super) fn group(&mut self, s: &raw::Step, span: &Range<usize>, around: Around) -> Option<Body> {
        let prompt = self.required_text(s.prompt.as_ref(), "prompt", "group", span);
        let size = match &s.size {
            Some(size) => self.within(size, "size", limits::GROUP),
            None => {
                self.missing("size", span.clone(), "a group step needs a `size`: people per group, 2 to 8");
                None
            }
        };
        let leftover = self.choice(
            s.leftover.as_ref(),
            "leftover",
            [("bigger", Leftover::Bigger), ("smaller", Leftover::Smaller)],
        );
        let regroup = self.choice(
            s.regroup.as_ref(),
            "regroup",
            [("every-round", Regroup::EveryRound), ("never", Regroup::Never)],
        );
        let min_people = s.min_people.as_ref().map(|m| self.within(m, "min-people", limits::ROOM));
        let rounds = self.rounds(s.rounds.as_ref());
        let join = s.join.as_ref().is_some_and(|j| *j.get_ref());
        if let Some(j) = s.join.as_ref().filter(|_| join) {
            self.joinable(j.span(), around);
        }
        let roles = s.roles.as_ref().map_or(Some(Vec::new()), |r| self.roles(r, size));
        let phases = self.phases(s.phase.as_ref(), span, roles.as_deref());
        let (prompt, size, rounds, phases, roles) = (prompt?, size?, rounds?, phases?, roles?);
        let min_people = match min_people {
            Some(m) => m?,
            None => size,
        };
        if (1..min_people).contains(&around.people) {
            let (at, needs) = match (&s.min_people, &s.size) {
                (Some(m), _) => (m.span(), format!("this step needs at least {min_people} people (`min-people`)")),
                (None, Some(z)) => (z.span(), format!("groups of {size} need at least {size} people")),
                (None, None) => (span.clone(), String::new()),
            };
            self.error(at, format!("{needs}; `[participants]` names {}", around.people));
            return None;
        }
        let group = GroupWork { prompt, size, leftover, min_people, rounds, regroup, join, roles, phases };
        if group.round().checked_mul(rounds).is_none_or(|total| total > limits::DURATION) {
            self.error(span.clone(), "this group step would last more than 24 hours");
            return None;
        }
        Some(Body::Group(group))
    }

    /// `join = true` needs a step just before with groups to merge.
    fn joinable(&mut self, at: Range<usize>, around: Around) {
        let why = match around.previous {
            _ if around.first => "this is the first step".to_owned(),
            Some(StepKind::PairShare | StepKind::Group) | None => return,
            Some(kind) => format!("the step before is a {} step, which has none", kind.name()),
        };
        self.error(at, format!("`join` merges the groups of the step before, but {why}"));
    }

    /// The roles of a group step: at least one, each a name, no more than a group has places.
    fn roles(&mut self, list: &Spanned<Vec<Spanned<String>>>, size: Option<usize>) -> Option<Vec<String>> {
        let count = list.get_ref().len();
        if count == 0 {
            self.error(list.span(), "`roles` must name at least one role (or leave it out for none)");
            return None;
        }
        if let Some(size) = size.filter(|&size| count > size) {
            self.error(list.span(), format!("{count} roles for groups of {size}: a group has only {size} places"));
            return None;
        }
        let cleaned: Vec<Option<String>> = list.get_ref().iter().map(|r| self.text(r, "roles")).collect();
        cleaned.into_iter().collect()
    }

    /// The phases of a group step: at least one, at most [`limits::PHASES`], each with a title
    /// and a duration, and `who` naming one of `roles` or everyone. `roles` is `None` when the
    /// step's roles did not load (already reported), empty when it has none.
    fn phases(
        &mut self,
        list: Option<&Spanned<Vec<Spanned<raw::Phase>>>>,
        step_span: &Range<usize>,
        roles: Option<&[String]>,
    ) -> Option<Vec<Phase>> {
        let need = "a group step needs at least one `[[step.phase]]` with a `title` and a `duration`";
        let Some(list) = list else {
            self.missing("phase", step_span.clone(), need);
            return None;
        };
        if list.get_ref().is_empty() {
            self.error(list.span(), need);
            return None;
        }
        if let Some(extra) = list.get_ref().get(limits::PHASES) {
            self.error(extra.span(), format!("a group step has at most {} phases", limits::PHASES));
            return None;
        }
        let phases: Vec<Option<Phase>> = list.get_ref().iter().map(|p| self.phase(p, roles)).collect();
        phases.into_iter().collect()
    }

    fn phase(&mut self, phase: &Spanned<raw::Phase>, roles: Option<&[String]>) -> Option<Phase> {
        let (span, p) = (phase.span(), phase.get_ref());
        let title = match &p.title {
            Some(t) => self.text(t, "title"),
            None => {
                self.missing("title", span.clone(), "a phase needs a `title`, shown in big letters");
                None
            }
        };
        let duration = match &p.duration {
            Some(d) => self.duration(d),
            None => {
                self.missing("duration", span.clone(), "a phase needs a `duration`, such as \"2m\"");
                None
            }
        };
        let who = match &p.who {
            None => Some(Who::Everyone),
            Some(w) if w.get_ref().trim() == "everyone" => Some(Who::Everyone),
            Some(w) => self.who(w, roles),
        };
        let text = p.text.as_ref().and_then(|t| self.text(t, "text"));
        let notes = p.notes.as_ref().and_then(|n| self.text(n, "notes"));
        Some(Phase { title: title?, who: who?, duration: duration?, text, notes })
    }

    /// A phase's `who` other than everyone: one of the step's roles (see [`Checker::phases`]).
    fn who(&mut self, value: &Spanned<String>, roles: Option<&[String]>) -> Option<Who> {
        // Compared as the roles are kept: cleaned of terminal controls.
        let written = &sanitize::clean(value.get_ref().trim(), true);
        let roles = roles?;
        if roles.is_empty() {
            self.error(value.span(), format!("`who` is \"everyone\" in a step without `roles`, not \"{written}\""));
            return None;
        }
        if let Some(i) = roles.iter().position(|r| r == written) {
            return Some(Who::Role(i));
        }
        let mut names: Vec<&str> = Vec::new();
        for role in roles.iter().map(String::as_str).chain(["everyone"]) {
            if !names.contains(&role) {
                names.push(role);
            }
        }
        let hint = did_you_mean(written, &names).map_or(String::new(), |h| format!(", did you mean \"{h}\"?"));
        let rest = if hint.is_empty() { format!(": one of {}", quoted(&names)) } else { hint };
        self.error(value.span(), format!("`who` names no role of this step: \"{written}\"{rest}"));
        None
    }
}
