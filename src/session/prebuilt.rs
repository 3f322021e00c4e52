//! `sessions/medicine-of-mutuality.toml`, the default session, as the loader makes it, written out as code by
//! `session::bake`. Not to be edited by hand: `HOLDSPACE_BLESS=1 cargo test --lib prebuilt`
//! writes it again, and a test fails while it builds anything else than the file loads as.
// A session without some kind of step leaves some of these unused.
#![allow(unused_imports)]

use std::time::Duration;

use super::group::{GroupWork, Phase, Regroup, Who};
use super::preset::{Part, Presets, Slot, Template};
use super::{Body, Chime, Leftover, Overtime, PairShare, Questions, Reveal, Session, Step, TimerSettings, Warning};

/// The hash ([`crate::paths::fnv`]) of the text this was written from.
pub const WRITTEN_FROM: u64 = 0x4b65_428e_69f9_0d4e;

/// The default session, built without reading it.
pub fn session() -> Session {
    Session {
        title: "The Medicine of Mutuality".to_owned(),
        subtitle: Some("Giving and receiving support".to_owned()),
        author: None,
        source: Some("Questions and quotes from the essay \"The Medicine of Mutuality\", published by DeEtta Jones & Associates (DJA)".to_owned()),
        planned: Some(Duration::new(3360, 0)),
        timer: TimerSettings { warning: Warning::Percent(20), chime: true, how: Chime::Bell, warning_chime: false, overtime: Overtime::Show, changeover: Duration::new(30, 0) },
        participants: vec![],
        steps: vec![
            Step {
                title: "Opening".to_owned(),
                notes: Some("Read the quote aloud, slowly, twice. Then let a full breath of silence sit before you speak. Name the thread for the session: support is strongest when it flows both ways. Vandana Shiva is an Indian scholar, environmental activist and author.".to_owned()),
                body: Body::Quote { text: "You cannot hand over the responsibility for your life to someone else. And at the same time, you cannot live only for yourself.".to_owned(), attribution: Some("Vandana Shiva".to_owned()), duration: Duration::new(180, 0) },
            },
            Step {
                title: "Why we are here".to_owned(),
                notes: Some("Keep this short. Say in your own words what today is for: practising support that moves in every direction, towards ourselves too. Invite people to notice, without judging, where they learned that asking for help is weakness. Mention that nobody has to share more than they want to in the pairs.".to_owned()),
                body: Body::Quote { text: "Somewhere along the way, many of us learned that strength means self-sufficiency. That leadership is about having answers, not questions. That it’s noble to give endlessly—but weak to receive.".to_owned(), attribution: Some("from the essay “The Medicine of Mutuality”".to_owned()), duration: Duration::new(180, 0) },
            },
            Step {
                title: "What mutuality asks".to_owned(),
                notes: Some("About two minutes per question. Read each one aloud as it appears, then stay quiet. These are personal: nobody reports back on this step.".to_owned()),
                body: Body::Reflection(Questions { questions: vec![
                            "Can I be vulnerable enough to let you help me?".to_owned(),
                            "Can I give generously without martyrdom or resentment?".to_owned(),
                            "Can I see our relationship not as hierarchical, but interwoven?".to_owned(),
                            "Can I trust that community care is part of the work—not separate from it?".to_owned(),
                        ], prompt: Some("Take a quiet moment with each question. Write down whatever comes.".to_owned()), reveal: Reveal::OneByOne, duration: Duration::new(480, 0) }),
            },
            Step {
                title: "Being helped".to_owned(),
                notes: Some("Before the timer runs: the listener only listens, no advice, no fixing. The swap is cued on screen with a chime. If the room is quiet, share a short example of your own first.".to_owned()),
                body: Body::PairShare(PairShare { prompt: "Tell your partner about a time you let someone help you. What made it possible to accept, and what did it change?".to_owned(), rounds: 1, turn: Duration::new(180, 0) }),
            },
            Step {
                title: "A new leadership mandate".to_owned(),
                notes: Some("Walk through the four invitations one at a time. Ask for a show of hands: which of the four is hardest for you? Use the answer to set up the next pairs.".to_owned()),
                body: Body::Quote { text: "To give without rescuing. To receive without guilt. To offer our wisdom, and admit when we need guidance. To create cultures where mutual care is normalized—not exceptional.".to_owned(), attribution: Some("from the essay “The Medicine of Mutuality”".to_owned()), duration: Duration::new(180, 0) },
            },
            Step {
                title: "Giving and receiving".to_owned(),
                notes: Some("Two rounds, a new partner each time. In the second round invite people to notice whether the example they chose changed after hearing the first partner.".to_owned()),
                body: Body::PairShare(PairShare { prompt: "Where do you tend to rescue instead of support? And where do you feel guilty about receiving? Share one example of each.".to_owned(), rounds: 2, turn: Duration::new(150, 0) }),
            },
            Step {
                title: "Wisdom and shared care".to_owned(),
                notes: Some("Last pairs. Suggest each person ends with one small, concrete step they can take next week.".to_owned()),
                body: Body::PairShare(PairShare { prompt: "What wisdom could you offer your team this month, and where do you need guidance yourself? What would make mutual care ordinary where you work?".to_owned(), rounds: 1, turn: Duration::new(180, 0) }),
            },
            Step {
                title: "What we noticed".to_owned(),
                notes: Some("A short harvest, not a report-back: three or four voices are enough. Listen for moments of receiving, and name them back to the room without judging.".to_owned()),
                body: Body::Text { text: "A few voices from the pairs: what did you notice when you were the one receiving? What surprised you?".to_owned(), duration: Duration::new(240, 0) },
            },
            Step {
                title: "Closing questions".to_owned(),
                notes: Some("Leave at least a minute of silence on each question before inviting voices. Three or four voices are plenty.".to_owned()),
                body: Body::Closing(Questions { questions: vec![
                            "Where in your leadership are you still holding everything alone?".to_owned(),
                            "And who might be waiting, right now, for you to let them help?".to_owned(),
                        ], prompt: Some("Sit with these in silence first. Then, if you wish, answer one aloud.".to_owned()), reveal: Reveal::OneByOne, duration: Duration::new(480, 0) }),
            },
            Step {
                title: "One word".to_owned(),
                notes: Some("Start the round yourself with your own word, then pass it on. Thank people for both what they gave and what they received.".to_owned()),
                body: Body::Text { text: "Go around the room: one word for what you take with you.".to_owned(), duration: Duration::new(180, 0) },
            },
        ],
        messages: Presets(vec![
                (1, Template { parts: vec![Part::Text("Please find your partner".to_owned())] }),
                (2, Template { parts: vec![Part::Text("Take a breath: we begin again at ".to_owned()), Part::Time(Slot::End)] }),
                (3, Template { parts: vec![Part::Text("We close at ".to_owned()), Part::Time(Slot::Finish)] }),
            ]),
    }
}
