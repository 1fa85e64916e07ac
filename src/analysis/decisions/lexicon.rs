//! Word lists of the decisions pass, read once from `assets/decisions/`: the measures a
//! decision decides (`measures.tsv`) and the acts that give it a status (`acts.tsv`), as
//! patterns over lower-case words; phrases in which such a word is none (`not-triggers.txt`);
//! head nouns of groups that decide (`actors.txt`); plus the small closed classes of grammar
//! words the pass needs to find an actor.

use super::{DecisionKind, DecisionStatus};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const MEASURES: &str = include_str!("../../../assets/decisions/measures.tsv");
const ACTS: &str = include_str!("../../../assets/decisions/acts.tsv");
const NOT_TRIGGERS: &str = include_str!("../../../assets/decisions/not-triggers.txt");
const ACTOR_HEADS: &str = include_str!("../../../assets/decisions/actors.txt");

/// Words a `..` gap may skip.
pub(super) const GAP_WORDS: usize = 4;

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
}

impl Pat {
    /// Parses one space-separated item of a pattern.
    fn parse(item: &'static str) -> Pat {
        if item == ".." {
            return Pat::Gap;
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
            Pat::Gap => false,
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
}

/// One entry of `acts.tsv`.
#[derive(Debug)]
pub(super) struct Act {
    pub pats: Vec<Pat>,
    pub status: DecisionStatus,
}

/// Both lists, each indexed by the first three letters of the words its patterns can start
/// with, so one lookup per word finds the candidates.
pub(super) struct Lexicon {
    pub measures: Vec<Measure>,
    pub acts: Vec<Act>,
    pub measure_index: HashMap<String, Vec<usize>>,
    pub act_index: HashMap<String, Vec<usize>>,
    /// Phrases in which the first word of an act or measure is none, by that word (their
    /// last).
    pub not_triggers: HashMap<&'static str, Vec<Vec<&'static str>>>,
    /// Head nouns of groups that take decisions ("soldiers", "junta").
    pub actor_heads: HashSet<&'static str>,
}

/// The lexicon, parsed on first use.
pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

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
fn index(index: &mut HashMap<String, Vec<usize>>, pats: &[Pat], n: usize) {
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
                status: flags.iter().find_map(|f| DecisionStatus::parse(f)),
            });
        }
        let mut acts = Vec::new();
        for line in lines(ACTS) {
            let Some((pattern, status)) = line.split_once('\t') else {
                continue;
            };
            let Some(status) = DecisionStatus::parse(status.trim()) else {
                continue;
            };
            acts.push(Act {
                pats: pattern.split_whitespace().map(Pat::parse).collect(),
                status,
            });
        }
        let mut measure_index = HashMap::new();
        for (n, m) in measures.iter().enumerate() {
            index(&mut measure_index, &m.pats, n);
        }
        let mut act_index = HashMap::new();
        for (n, a) in acts.iter().enumerate() {
            index(&mut act_index, &a.pats, n);
        }
        let mut not_triggers: HashMap<&'static str, Vec<Vec<&'static str>>> = HashMap::new();
        for line in lines(NOT_TRIGGERS) {
            let words: Vec<&'static str> = line.split_whitespace().collect();
            if let Some(&last) = words.last() {
                not_triggers.entry(last).or_default().push(words);
            }
        }
        Lexicon {
            measures,
            acts,
            measure_index,
            act_index,
            not_triggers,
            actor_heads: lines(ACTOR_HEADS).map(str::trim).collect(),
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
            assert!(!matches!(pats.first(), Some(Pat::Gap) | None), "{pats:?}");
            assert!(!matches!(pats.last(), Some(Pat::Gap)), "{pats:?}");
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
