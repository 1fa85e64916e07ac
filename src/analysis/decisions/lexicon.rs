//! Word lists of the decisions pass, read once from `assets/decisions/`: the act lexicon by
//! class, what a decision decides (`measures.tsv`), and the acts that give it a status
//! (`acts.tsv`), as patterns over lower-case words; phrases in which such a word is none
//! (`not-triggers.txt`); head nouns of groups that decide (`actors.txt`); words that make a
//! clause a call or a pledge (`calls.txt`) or a reaction to someone else's decision
//! (`reactions.txt`); phrases naming the parties of a bilateral act (`parties.txt`); plus the
//! small closed classes of grammar words the pass needs to find an actor.

use super::{DecisionKind, DecisionStatus};
use crate::analysis::gazetteer::{FastMap, FastSet};
use std::sync::LazyLock;

const MEASURES: &str = include_str!("../../../assets/decisions/measures.tsv");
const ACTS: &str = include_str!("../../../assets/decisions/acts.tsv");
const NOT_TRIGGERS: &str = include_str!("../../../assets/decisions/not-triggers.txt");
const ACTOR_HEADS: &str = include_str!("../../../assets/decisions/actors.txt");
const CALLS: &str = include_str!("../../../assets/decisions/calls.txt");
const REACTIONS: &str = include_str!("../../../assets/decisions/reactions.txt");
const PARTIES: &str = include_str!("../../../assets/decisions/parties.txt");

/// Words a `..` gap may skip.
pub(super) const GAP_WORDS: usize = 4;
/// Words or commas a `...` gap may skip.
pub(super) const LONG_GAP_TOKENS: usize = 10;

/// One alternative of a pattern item: a word, or a prefix (`word*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Alt {
    pub text: &'static str,
    pub prefix: bool,
}

/// One item of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Pat {
    /// Any of these words or prefixes.
    Word(Vec<Alt>),
    /// Up to [`GAP_WORDS`] words.
    Gap,
    /// Up to [`LONG_GAP_TOKENS`] words or commas, not past a word that opens a clause or a
    /// phrase of its own (a preposition other than `of`, a form of `be`, a relative pronoun).
    LongGap,
}

impl Pat {
    /// Parses one space-separated item of a pattern.
    fn parse(item: &'static str) -> Pat {
        if item == ".." {
            return Pat::Gap;
        }
        if item == "..." {
            return Pat::LongGap;
        }
        Pat::Word(
            item.split('|')
                .map(|a| match a.strip_suffix('*') {
                    Some(text) => Alt { text, prefix: true },
                    None => Alt {
                        text: a,
                        prefix: false,
                    },
                })
                .collect(),
        )
    }

    /// True when the lower-case word `w` fits this item (never for a gap).
    pub fn fits(&self, w: &str) -> bool {
        match self {
            Pat::Word(alts) => alts.iter().any(|a| {
                if a.prefix {
                    w.starts_with(a.text)
                } else {
                    w == a.text
                }
            }),
            Pat::Gap | Pat::LongGap => false,
        }
    }
}

/// How a measure's kind is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum KindRule {
    Fixed(DecisionKind),
    /// A sanction when a bloc decides it, else [`DecisionKind::Other`].
    Restriction,
}

/// One entry of `measures.tsv`.
#[derive(Debug)]
pub(super) struct Measure {
    pub pats: Vec<Pat>,
    pub kind: KindRule,
    pub head: &'static str,
    /// A decision only when an act governs it.
    pub needs_act: bool,
    /// The status when no act says otherwise.
    pub status: Option<DecisionStatus>,
    /// Only a person can take it ("declared himself president").
    pub person: bool,
    /// Taken together by the parties named with it, one decision for each.
    pub bilateral: bool,
    /// An order to someone, giving way to a measure in what it orders.
    pub directive: bool,
    /// Counts only as the article's own news (headline or first two sentences).
    pub news: bool,
    /// A text that carries decisions, giving way to another decision of its actor.
    pub document: bool,
    /// A general word for what a more precise bilateral measure names.
    pub general: bool,
}

/// One entry of `acts.tsv`.
#[derive(Debug)]
pub(super) struct Act {
    pub pats: Vec<Pat>,
    pub status: DecisionStatus,
    /// A modal or a condition ("will", "if"), not a verb or noun of an act.
    pub modal: bool,
}

/// Both lists, each indexed by the first three letters of the words its patterns can start
/// with, so one lookup per word finds the candidates.
pub(super) struct Lexicon {
    pub measures: Vec<Measure>,
    pub acts: Vec<Act>,
    pub measure_index: FastMap<String, Vec<usize>>,
    pub act_index: FastMap<String, Vec<usize>>,
    /// Phrases in which the first word of an act or measure is none, by that word (their
    /// last).
    pub not_triggers: FastMap<&'static str, Vec<Vec<&'static str>>>,
    /// Head nouns of groups that take decisions ("soldiers", "junta").
    pub actor_heads: FastSet<&'static str>,
    /// Words and two-word phrases of calls and pledges, by their last word.
    pub calls: FastMap<&'static str, Vec<Vec<&'static str>>>,
    /// Verbs of reacting to a decision.
    pub reactions: FastSet<&'static str>,
    /// Phrases naming the parties of a bilateral act, by their first word.
    pub parties: FastMap<&'static str, Vec<Vec<&'static str>>>,
}

/// The lexicon, parsed on first use.
pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

impl Lexicon {
    /// True when the folded word `w` opens an act of `acts.tsv` ("agreed", "signed").
    pub fn is_act_word(&self, w: &str) -> bool {
        self.act_index
            .get(key(w))
            .into_iter()
            .flatten()
            .any(|&n| matches!(self.acts[n].pats.first(), Some(p @ Pat::Word(_)) if p.fits(w)))
    }
}

/// Lines of a list file without comments and blanks.
fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The index key of a word or a prefix: its first three characters.
pub(super) fn key(word: &str) -> &str {
    match word.char_indices().nth(3) {
        Some((i, _)) => &word[..i],
        None => word,
    }
}

/// Adds pattern `n` under the keys of its first item.
fn index(index: &mut FastMap<String, Vec<usize>>, pats: &[Pat], n: usize) {
    let Some(Pat::Word(firsts)) = pats.first() else {
        return;
    };
    for alt in firsts {
        let list = index.entry(key(alt.text).to_string()).or_default();
        if !list.contains(&n) {
            list.push(n);
        }
    }
}

impl Lexicon {
    /// Parses the asset files.
    fn load() -> Lexicon {
        let mut measures = Vec::new();
        for line in lines(MEASURES) {
            let mut cols = line.split('\t');
            let (Some(pattern), Some(kind), Some(head)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let kind = match kind.trim() {
                "restriction" => KindRule::Restriction,
                k => match DecisionKind::parse(k) {
                    Some(k) => KindRule::Fixed(k),
                    None => continue,
                },
            };
            let flags: Vec<&str> = cols
                .next()
                .map(|f| f.split(',').map(str::trim).collect())
                .unwrap_or_default();
            measures.push(Measure {
                pats: pattern.split_whitespace().map(Pat::parse).collect(),
                kind,
                head: head.trim(),
                needs_act: flags.contains(&"act"),
                person: flags.contains(&"person"),
                bilateral: flags.contains(&"bilateral"),
                directive: flags.contains(&"directive"),
                news: flags.contains(&"news"),
                document: flags.contains(&"document"),
                general: flags.contains(&"general"),
                status: flags.iter().find_map(|f| DecisionStatus::parse(f)),
            });
        }
        let mut acts = Vec::new();
        for line in lines(ACTS) {
            let mut cols = line.split('\t');
            let (Some(pattern), Some(status)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Some(status) = DecisionStatus::parse(status.trim()) else {
                continue;
            };
            acts.push(Act {
                pats: pattern.split_whitespace().map(Pat::parse).collect(),
                status,
                modal: cols.next().is_some_and(|f| f.trim() == "modal"),
            });
        }
        let mut measure_index = FastMap::default();
        for (n, m) in measures.iter().enumerate() {
            index(&mut measure_index, &m.pats, n);
        }
        let mut act_index = FastMap::default();
        for (n, a) in acts.iter().enumerate() {
            index(&mut act_index, &a.pats, n);
        }
        let mut not_triggers: FastMap<&'static str, Vec<Vec<&'static str>>> = FastMap::default();
        for line in lines(NOT_TRIGGERS) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&last) = words.last() {
                not_triggers.entry(last).or_default().push(words);
            }
        }
        let mut calls: FastMap<&'static str, Vec<Vec<&'static str>>> = FastMap::default();
        for line in lines(CALLS) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&last) = words.last() {
                calls.entry(last).or_default().push(words);
            }
        }
        let mut parties: FastMap<&'static str, Vec<Vec<&'static str>>> = FastMap::default();
        for line in lines(PARTIES) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&first) = words.first() {
                parties.entry(first).or_default().push(words);
            }
        }
        Lexicon {
            measures,
            acts,
            measure_index,
            act_index,
            not_triggers,
            actor_heads: lines(ACTOR_HEADS).map(str::trim).collect(),
            calls,
            reactions: lines(REACTIONS).map(str::trim).collect(),
            parties,
        }
    }
}

/// Prepositions: a name right after one is not the subject of the clause ("in Niger", "the
/// president of ECOWAS"); `by` is left out, it introduces the agent of a passive.
pub(super) const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "with",
    "against",
    "over",
    "into",
    "about",
    "under",
    "across",
    "between",
    "toward",
    "towards",
    "near",
    "than",
    "via",
    "including",
    "like",
    "among",
    "after",
    "before",
    "during",
    "within",
    "through",
    "without",
    "upon",
    "behind",
    "beyond",
    "despite",
    "targeting",
    "per",
    "outside",
    "inside",
    "around",
    "except",
    "besides",
    "unlike",
    "following",
];

/// Verbs that take a clause, not an object: a name right after one is the subject of that
/// clause ("said the bloc had ordered").
pub(super) const CLAUSE_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "announces",
    "declares",
    "confirms",
    "states",
    "added",
    "adding",
    "stated",
    "stating",
    "noted",
    "noting",
    "revealed",
    "reported",
    "reports",
    "announced",
    "declared",
    "confirmed",
    "insisted",
    "claimed",
    "believed",
    "indicated",
    "explained",
    "stressed",
    "argued",
    "suggested",
    "understands",
    "learned",
    "learnt",
    "feared",
    "hoped",
    "expected",
];

/// Verbs that take an object: a name right after one is not the subject ("warned ECOWAS",
/// "told the ambassador"). Past and present participles (`-ed`, `-ing`) count too.
pub(super) const OBJECT_VERBS: &[&str] = &[
    "told",
    "tell",
    "tells",
    "urge",
    "urges",
    "ask",
    "asks",
    "gave",
    "give",
    "gives",
    "grant",
    "grants",
    "hand",
    "hands",
    "met",
    "meet",
    "meets",
    "hit",
    "hits",
    "let",
    "saw",
    "see",
    "sees",
    "put",
    "puts",
    "led",
    "lead",
    "leads",
    "made",
    "make",
    "makes",
    "took",
    "take",
    "takes",
    "sent",
    "send",
    "sends",
    "kept",
    "keep",
    "keeps",
    "held",
    "hold",
    "holds",
    "cut",
    "cuts",
    "left",
    "leave",
    "leaves",
    "order",
    "orders",
    "direct",
    "directs",
    "warn",
    "warns",
    "accuse",
    "accuses",
    "join",
    "joins",
    "elect",
    "elects",
    "appoint",
    "appoints",
    "oust",
    "ousts",
    "topple",
    "topples",
    "seize",
    "seizes",
    "detain",
    "detains",
    "free",
    "frees",
    "release",
    "releases",
    "back",
    "backs",
    "support",
    "supports",
    "welcome",
    "welcomes",
    "condemn",
    "condemns",
    "receive",
    "receives",
    "contact",
    "contacts",
    "call",
    "calls",
    "visit",
    "visits",
    "brought",
    "bring",
    "brings",
    "whom",
    "reinstate",
    "reinstates",
    "restore",
    "restores",
    "remove",
    "removes",
    "depose",
    "deposes",
    "overthrow",
    "overthrows",
    "arrest",
    "arrests",
    "expel",
    "expels",
    "recognise",
    "recognises",
    "recognize",
    "recognizes",
    "sanction",
    "sanctions",
    "punish",
    "punishes",
    "attack",
    "attacks",
    "invade",
    "invades",
    "protect",
    "protects",
    "defend",
    "defends",
    "replace",
    "replaces",
    "head",
    "heads",
    "chair",
    "chairs",
    "represent",
    "represents",
    "threaten",
    "threatens",
    "impose",
    "imposes",
    "slap",
    "slaps",
    "summon",
    "summons",
    "charge",
    "charges",
    "ban",
    "bans",
    "caution",
    "cautions",
];

/// Words whose `-ed` or `-ing` ending does not make them verbs.
pub(super) const NOT_VERBS: &[&str] = &[
    "united", "red", "bed", "need", "speed", "seed", "feed", "ceed", "king", "thing", "during",
    "morning", "evening", "building", "wedding", "spring", "ring", "bring",
];

/// Words after which a pronoun starts a clause (and may be its subject).
pub(super) const CLAUSE_OPENERS: &[&str] = &[
    "and", "but", "that", "so", "then", "when", "while", "after", "before", "because", "as", "if",
    "although", "though", "since", "where", "however", "also", "now", "later",
];

/// Speech verbs whose date is when something was said, not when it was decided.
pub(super) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "revealed",
    "reported",
    "stated",
    "added",
    "confirmed",
    "disclosed",
    "explained",
    "noted",
    "quoted",
    "tweeted",
    "wrote",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_parses() {
        let l = &*LEXICON;
        assert_eq!(l.measures.len(), lines(MEASURES).count());
        assert_eq!(l.acts.len(), lines(ACTS).count());
    }

    #[test]
    fn patterns_start_with_a_word_and_prefixes_are_long_enough() {
        let l = &*LEXICON;
        let all = l
            .measures
            .iter()
            .map(|m| &m.pats)
            .chain(l.acts.iter().map(|a| &a.pats));
        for pats in all {
            assert!(
                !matches!(pats.first(), Some(Pat::Gap | Pat::LongGap) | None),
                "{pats:?}"
            );
            assert!(
                !matches!(pats.last(), Some(Pat::Gap | Pat::LongGap)),
                "{pats:?}"
            );
            for p in pats {
                if let Pat::Word(alts) = p {
                    assert!(
                        alts.iter()
                            .all(|a| !a.prefix || a.text.chars().count() >= 3),
                        "{pats:?}"
                    );
                }
            }
        }
    }
}
