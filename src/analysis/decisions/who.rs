//! Who took a decision: the actors of one measure, read from its sentence (and the sentences
//! before, for pronouns, "the two sides" and decisions that name no actor).
//!
//! Candidates are the entity mentions that can decide (not outlets, agencies, cities or
//! regions, nor names inside a measure such as "the standby force"), groups that no entity
//! names but a head noun of `assets/decisions/actors.txt` does ("Nigerien soldiers", "troops in
//! Niger"; "the council" for the one council the article names; "the juntas ruling Mali and
//! Guinea" for both states), phrases naming the parties ("the two sides"), peoples ("Venezuelans
//! voted") and pronouns. The actor is, in order: a passive's agent ("imposed by ECOWAS", "talks
//! brokered by Egypt"); a causative's object ("getting the two sides to sign"); for a reaction
//! ("condemned Russia's withdrawal") only the owner; for a meeting, its owner ("the ECOWAS
//! summit"); the owner of a possessed act ("Russia's decision to quit"); a relative clause's
//! antecedent or subject ("the court, which ruled", "the sanctions that ECOWAS imposed"); an
//! absolute clause's subject ("with China abstaining"); in a clause a speech verb opens, its
//! owner ("grumbled that Western sanctions"); a speaker's country for "our" and "us"; the
//! clause's subject, the nearest candidate before the measure that is not after a preposition
//! or an object-taking verb (a pronoun resolved to the subject of the sentences before; an organ
//! of a bloc standing for the bloc; every name of a list, "Mali and Burkina Faso"); the owner,
//! for other measures; the header of a list; a quotation's or a closing attribution's speaker;
//! a nearby organisation, else person, that is not a target; else the actor of the decision
//! just before. The issuer replaces its spokesman, and a bloc the head who speaks for it. Each
//! actor comes with how it was found ([`Source`]), which tells a weak guess from a reading.

use super::doc::{Doc, Hit};
use super::lexicon::{
    CLAUSE_OPENERS, CLAUSE_VERBS, KindRule, LEXICON, Measure, NOT_VERBS, OBJECT_VERBS, PREPOSITIONS,
};
use super::{DecisionActor, DecisionKind};
use crate::analysis::entities::{EntityKind, Extraction};
use crate::analysis::gazetteer::FastMap;
use crate::analysis::gazetteer::{EntryClass, Gazetteer};
use crate::analysis::text::{self, TokenKind};
use std::cell::RefCell;
use std::ops::Range;

/// Sentences back a pronoun or a carried-over actor may reach.
pub(super) const CARRY_SENTENCES: usize = 3;
/// Prepositions that introduce a target ("sanctions on Niger").
pub(super) const TARGET_PREPOSITIONS: &[&str] =
    &["on", "against", "over", "to", "with", "targeting", "for"];
/// Words that are prepositions or open a clause ("a day after ECOWAS leaders threatened").
const CONJUNCTIONS: &[&str] = &[
    "after", "before", "since", "until", "as", "once", "while", "when",
];
/// Verbs whose subject undergoes the measure ("they face sanctions", "the junta received an
/// ultimatum").
const UNDERGO: &[&str] = &[
    "face", "faces", "faced", "facing", "receive", "receives", "received", "risk", "risks",
    "suffer", "suffers", "suffered", "hit", "under",
];
/// Words that make a group regional ("regional leaders", "West African heads of state"): such a
/// group stands for the article's bloc.
const REGIONAL: &[&str] = &[
    "regional",
    "sub-regional",
    "subregional",
    "bloc",
    "bloc's",
    "member",
];
/// Nouns that, after `the` alone, name the bloc an article is about ("the organisation
/// further decided…").
const BODIES: &[&str] = &[
    "organisation",
    "organization",
    "community",
    "grouping",
    "body",
    "union",
    "bloc",
];
/// Heads of groups that are their country's state ("Mali's government", "the Nigerien
/// authorities"): with a country named, the country is the actor.
const STATE_HEADS: &[&str] = &[
    "government",
    "governments",
    "authorities",
    "administration",
    "presidency",
    "ministry",
];
/// Tokens after a passive measure its agent may stand ("was held in Abuja on July 30, 2023,
/// by ECOWAS").
const AGENT_REACH: usize = 20;
/// Words that with "of them" stand for a list of names ("all of them", "both of them").
const QUANTIFIERS: &[&str] = &["all", "both", "each", "most", "many", "some", "none"];
/// Nouns of acts whose possessor decides ("the junta's order", "ECOWAS's decision").
const POSSESSED_ACTS: &[&str] = &[
    "order",
    "orders",
    "decision",
    "threat",
    "warning",
    "ultimatum",
    "demand",
    "directive",
    "plan",
    "move",
    "offer",
];
/// Verbs that make their object take the act of the infinitive after it ("getting the two
/// sides to sign").
const CAUSATIVES: &[&str] = &[
    "get",
    "gets",
    "getting",
    "got",
    "persuade",
    "persuaded",
    "persuading",
    "convince",
    "convinced",
    "convincing",
    "help",
    "helped",
    "helping",
    "allow",
    "allowed",
    "enable",
    "enabled",
    "bring",
    "brought",
    "bringing",
    "lead",
    "led",
    "push",
    "pushed",
    "pushing",
];
/// Verbs of meeting or talking with someone.
const MEETING_VERBS: &[&str] = &[
    "met",
    "meets",
    "meet",
    "spoke",
    "speaks",
    "talked",
    "talks",
    "conferred",
    "held",
    "holds",
    "sat",
];
/// Head nouns a definite group ("the council") shares with the name of a body it stands for.
const BODY_HEADS: &[&str] = &[
    "council",
    "court",
    "commission",
    "parliament",
    "ministry",
    "committee",
    "assembly",
    "cabinet",
    "senate",
    "tribunal",
    "presidency",
];
/// Titles of the heads of a bloc, who act for it ("ECOWAS President Omar Touray").
const BLOC_HEADS: &[&str] = &[
    "president",
    "chairman",
    "chairperson",
    "chairwoman",
    "secretary-general",
    "commissioner",
];
/// Titles of those who speak for a body.
const SPOKESPEOPLE: &[&str] = &["spokesman", "spokeswoman", "spokesperson", "spokespeople"];
/// Participles of leading a group ("a delegation led by"), never of taking a measure.
const LEADS: &[&str] = &[
    "led",
    "headed",
    "chaired",
    "accompanied",
    "joined",
    "flanked",
    "represented",
    "commanded",
];
/// Tokens after a measure the participle of a reduced relative clause on it may end ("talks
/// with Hamas brokered by").
const REDUCED_REACH: usize = 5;
/// Tokens before a measure a `that` or speech verb opening its clause may stand.
const COMPLEMENT_REACH: usize = 6;
/// Tokens after `with` the name of a meeting's other party may start ("with Russian Foreign
/// Minister Sergey Lavrov").
const PARTNER_REACH: usize = 5;
/// Tokens after a bilateral measure its `between` may stand.
const BETWEEN_REACH: usize = 6;
/// Tokens before a measure the relative pronoun of its clause may stand ("which had ordered").
const RELATIVE_REACH: usize = 4;
/// Items of a list that its opening line may reach.
const LIST_ITEMS: usize = 12;
/// Forms of `be`, for passives.
const BE: &[&str] = &["be", "been", "being", "is", "are", "was", "were"];
/// Words that may open a group's phrase before its head: determiners and quantifiers.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "some", "all",
    "several", "many", "most", "other", "two", "three", "four", "five",
];
/// Auxiliary verbs: one after a name shows the name is a clause's subject.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could",
];
/// Words that never stand inside a group's phrase: auxiliaries, pronouns and conjunctions.
const PHRASE_BREAKS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could",
    "should", "may", "might", "must", "can", "do", "does", "did", "and", "or", "but", "who",
    "which", "that", "whose", "also", "not", "then", "now", "he", "she", "it", "they", "we",
];

/// What the pass knows about the article's actors.
pub(super) struct Actors<'e> {
    pub entities: &'e Extraction,
    /// Per actor: whether it can take a decision (not an outlet, agency, city or region).
    decider: Vec<bool>,
    /// Per actor: a regional or international bloc.
    bloc: Vec<bool>,
    /// The first bloc actor of each gazetteer bloc, by the entry's name.
    blocs_by_entry: FastMap<String, usize>,
    /// The article's bloc: the most mentioned one.
    pub main_bloc: Option<usize>,
    /// Places (countries) by name.
    places: FastMap<String, usize>,
    /// Organisations by the last word of their name ("council"), when one alone has it.
    bodies: FastMap<String, Option<usize>>,
}

impl<'e> Actors<'e> {
    pub fn new(entities: &'e Extraction) -> Self {
        let gaz = Gazetteer::builtin();
        // each actor's gazetteer entry, looked up once
        let entries: Vec<_> = entities
            .actors
            .iter()
            .map(|a| gaz.entry_named(&a.name))
            .collect();
        let class = |a: usize| entries[a].map(|e| e.class);
        let decider: Vec<bool> = entities
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| match (a.kind, class(i)) {
                (_, Some(EntryClass::Outlet | EntryClass::Agency)) => false,
                (EntityKind::Loc, c) => c == Some(EntryClass::Country),
                _ => true,
            })
            .collect();
        let bloc: Vec<bool> = (0..entities.actors.len())
            .map(|a| class(a) == Some(EntryClass::Bloc))
            .collect();
        let mut blocs_by_entry = FastMap::default();
        for a in 0..entities.actors.len() {
            if bloc[a]
                && let Some(e) = entries[a]
            {
                blocs_by_entry.entry(e.name.clone()).or_insert(a);
            }
        }
        let main_bloc = (0..entities.actors.len())
            .filter(|&a| bloc[a])
            .max_by_key(|&a| (entities.actors[a].mentions.len(), std::cmp::Reverse(a)));
        let mut places = FastMap::default();
        for (a, actor) in entities.actors.iter().enumerate() {
            if actor.kind == EntityKind::Loc {
                places.entry(actor.name.clone()).or_insert(a);
            }
        }
        let mut bodies: FastMap<String, Option<usize>> = FastMap::default();
        for (a, actor) in entities.actors.iter().enumerate() {
            let last = actor.name.split_whitespace().last().map(text::fold);
            if actor.kind != EntityKind::Org || !decider[a] {
                continue;
            }
            if let Some(last) = last.filter(|w| BODY_HEADS.contains(&w.as_str())) {
                bodies
                    .entry(last)
                    .and_modify(|x| {
                        if *x != Some(a) {
                            *x = None;
                        }
                    })
                    .or_insert(Some(a));
            }
        }
        Actors {
            entities,
            decider,
            bloc,
            blocs_by_entry,
            main_bloc,
            places,
            bodies,
        }
    }

    /// The one organisation of the article whose name ends with `head` ("council").
    fn body_by_head(&self, head: &str) -> Option<usize> {
        self.bodies.get(head).copied().flatten()
    }

    /// The article's actor for the gazetteer bloc named `entry`.
    fn bloc_named(&self, entry: &str) -> Option<usize> {
        self.blocs_by_entry.get(entry).copied()
    }

    /// The article's place named `name`.
    fn place_named(&self, name: &str) -> Option<usize> {
        self.places.get(name).copied()
    }

    /// True when actor `a` can decide.
    fn deciding_actor(&self, a: usize) -> bool {
        self.decider.get(a).copied().unwrap_or(false)
    }

    /// The actor of mention `m`, when it can decide.
    pub fn deciding(&self, m: usize) -> Option<usize> {
        let a = self.entities.mentions.get(m)?.actor?;
        self.decider.get(a).copied().unwrap_or(false).then_some(a)
    }

    pub fn kind(&self, a: usize) -> Option<EntityKind> {
        self.entities.actors.get(a).map(|a| a.kind)
    }

    /// True when actor `a` is a regional or international bloc.
    pub fn is_bloc(&self, a: usize) -> bool {
        self.bloc.get(a).copied().unwrap_or(false)
    }
}

/// What the sentences before tell about a measure's actor.
pub(super) struct Context {
    /// The actor of the decision before, when close enough to be carried over.
    pub carried: Option<DecisionActor>,
    /// The last parties the article paired ("between A and B", "A and B signed", "A met B"),
    /// for "the two sides" and the terms of their agreement.
    pub pair: Vec<DecisionActor>,
    /// The last list of names the article gave ("Mali, Burkina Faso and Guinea"), for "all
    /// three countries".
    pub listed: Vec<DecisionActor>,
    /// The measure's clause reacts to it ("condemned Russia's exit"): only its owner or a
    /// passive's agent may be its actor.
    pub reaction: bool,
}

/// How an actor was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    /// The agent of a passive ("imposed by ECOWAS").
    Agent,
    /// The measure's owner ("ECOWAS's sanctions", "Western sanctions").
    Owner,
    /// The subject of its clause, a relative clause's antecedent, or the parties of "the two
    /// sides".
    Subject,
    /// Read from elsewhere in the sentence or the text: the header of a list, the speaker of a
    /// quotation, a nearby name.
    Near,
    /// The one who says a passive measure was taken ("They said the constitution had been
    /// dissolved").
    Speaker,
    /// The actor of the decision before.
    Carried,
}

/// The actors of one measure and how they were found.
pub(super) struct Chosen {
    pub actors: Vec<DecisionActor>,
    pub source: Source,
}

/// A possible actor in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Cand {
    /// Mention `m` (index into `Doc::mentions`) of actor `a`.
    Name {
        m: usize,
        a: usize,
    },
    /// A group no entity names.
    Group,
    Pronoun,
    /// A phrase naming the parties of a bilateral act ("the two sides").
    Parties,
}

/// A candidate with its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Placed {
    toks: Range<usize>,
    cand: Cand,
}

/// Reads the actors of one article's sentences.
pub(super) struct Who<'a, 'd, 'e> {
    pub doc: &'a Doc<'d>,
    pub actors: &'a Actors<'e>,
    /// The candidates of the sentences read last, with the measures they were read with: a
    /// sentence's candidates are asked for each of its measures, for its lists and for the
    /// pronouns of the sentences after it.
    read: RefCell<Vec<ReadSentence>>,
}

/// A sentence's index, the measures it was read with and its candidates.
type ReadSentence = (usize, Vec<Hit>, Vec<Placed>);

/// How many sentences' candidates [`Who`] keeps.
const CANDIDATES_KEPT: usize = 8;

impl<'a, 'd, 'e> Who<'a, 'd, 'e> {
    pub fn new(doc: &'a Doc<'d>, actors: &'a Actors<'e>) -> Self {
        Who {
            doc,
            actors,
            read: RefCell::new(Vec::new()),
        }
    }
}

impl Who<'_, '_, '_> {
    /// The possible actors of sentence `si` (whose measures are `measures`), in text order:
    /// [`Who::read_candidates`], read once for the sentences read last.
    fn candidates(&self, si: usize, measures: &[Hit]) -> Vec<Placed> {
        if let Some((_, _, cands)) = self
            .read
            .borrow()
            .iter()
            .find(|(s, m, _)| *s == si && m.as_slice() == measures)
        {
            return cands.clone();
        }
        let cands = self.read_candidates(si, measures);
        let mut read = self.read.borrow_mut();
        if read.len() == CANDIDATES_KEPT {
            read.remove(0);
        }
        read.push((si, measures.to_vec(), cands.clone()));
        cands
    }

    /// Who took the decision at measure `h` of sentence `si` (whose measures are `measures`),
    /// coordinated actors after the first; empty when nobody fits.
    pub fn actor(
        &self,
        si: usize,
        h: &Hit,
        measures: &[Hit],
        measure: &Measure,
        context: &Context,
    ) -> Option<Chosen> {
        let found = |actors: Vec<DecisionActor>, source| {
            (!actors.is_empty()).then_some(Chosen { actors, source })
        };
        let meeting = measure.kind == KindRule::Fixed(DecisionKind::Meeting);
        let mut cands = self.candidates(si, measures);
        if measure.person {
            cands.retain(|c| match c.cand {
                Cand::Name { a, .. } => self.actors.kind(a) == Some(EntityKind::Person),
                Cand::Group | Cand::Parties => false,
                Cand::Pronoun => matches!(self.doc.word(c.toks.start), "he" | "she"),
            });
        }
        let names: Vec<&Placed> = cands
            .iter()
            .filter(|c| matches!(c.cand, Cand::Name { .. }))
            .collect();
        if let Some(agent) = self.agent(si, h, &cands, context) {
            return found(agent, Source::Agent);
        }
        // "getting Ethiopia and the TPLF to sign a deal": the one made to act
        if let Some(actors) = self.controlled(si, h, &cands, context) {
            return found(actors, Source::Subject);
        }
        if context.reaction {
            // "hailed the council's endorsement": the owner; "denounced the sanctions the bloc
            // had imposed": the relative clause's subject; else nobody
            if let Some(owner) = self.owner(h, &names).or_else(|| self.demonym_owner(si, h)) {
                return found(vec![owner], Source::Owner);
            }
            let relative = self.relative(si, h, &cands, context).unwrap_or_default();
            return found(relative, Source::Subject);
        }
        if meeting && let Some(owner) = self.owner(h, &names) {
            return found(vec![owner], Source::Owner);
        }
        // "told the Security Council at a meeting chaired by its president": the body that
        // met, not who chaired it
        if meeting && let Some(body) = self.chaired_body(h) {
            return found(vec![body], Source::Subject);
        }
        // "Russia's decision to quit the deal": the owner of the deciding act
        if let Some(owner) = self.owner_of_act(h, &names) {
            return found(vec![owner], Source::Owner);
        }
        if let Some(actors) = self.antecedent(si, h, &cands, context) {
            return found(actors, Source::Subject);
        }
        if let Some(actors) = self.relative(si, h, &cands, context) {
            return found(actors, Source::Subject);
        }
        if let Some(actors) = self.absolute(si, h, &cands, context) {
            return found(actors, Source::Subject);
        }
        // "Russia grumbled that Western sanctions…": in a clause of its own, the measure's owner
        // is its actor, not the subject of the clause that tells it
        if !meeting
            && self.in_complement(si, h)
            && let Some(owner) = self
                .owner_before(h, &names)
                .or_else(|| self.demonym_owner(si, h))
        {
            return found(vec![owner], Source::Owner);
        }
        // "we are ending our cooperation," Macron said: the speaker's country
        if let Some(actor) = self.first_person(si, h, &names) {
            return found(vec![actor], Source::Subject);
        }
        let undergone = self.undergone(si, h);
        let passive = self.passive(si, h) || undergone;
        let mut patient = None;
        // "at a meeting, the minister said…": the subject only if it met or spoke at it
        // ("Fidan spoke with Guterres at a meeting")
        let phrase_meeting = meeting && self.in_phrase(si, h);
        {
            let before: Vec<&Placed> = cands
                .iter()
                .filter(|c| c.toks.end <= h.toks.start)
                .collect();
            let mut subjects = before
                .iter()
                .rev()
                .filter(|c| !self.aside(si, c))
                .filter(|c| self.in_subject_position(si, &cands, c, h.toks.start))
                .filter(|c| !phrase_meeting || self.meets(si, c));
            if let Some(subject) = subjects.next() {
                // "the two sides signed" with no sides known: nobody to name
                if subject.cand == Cand::Parties
                    && self.actors_of(si, &cands, subject, context).is_none()
                {
                    return None;
                }
                if passive && !self.speaks(si, subject) {
                    // the passive's subject is its target; who says so may be its actor
                    // ("They said the constitution had been dissolved")
                    patient = Some(subject.toks.clone());
                    let speaker = subjects.find(|c| self.speaks(si, c));
                    if let Some(actors) =
                        speaker.and_then(|c| self.actors_of(si, &cands, c, context))
                    {
                        return found(actors, Source::Speaker);
                    }
                } else if let Some(actors) = self.actors_of(si, &cands, subject, context) {
                    // "Qatar announces that agreement has been reached to extend the truce":
                    // who says so
                    let tells = (subject.toks.end..h.toks.start)
                        .any(|i| CLAUSE_VERBS.contains(&self.doc.word(i)));
                    let source = if passive || (tells && self.speaks(si, subject)) {
                        Source::Speaker
                    } else {
                        Source::Subject
                    };
                    return found(actors, source);
                }
            }
        }
        if !meeting && let Some(owner) = self.owner(h, &names).or_else(|| self.demonym_owner(si, h))
        {
            return found(vec![owner], Source::Owner);
        }
        // "their meeting", "its sanctions": the pronoun's antecedent owns it
        let before = h.toks.start.checked_sub(1).map(|i| (i, self.doc.word(i)));
        if let Some((i, "their" | "its")) = before
            && let Some(owner) = self.pronoun(si, i)
        {
            return found(vec![owner], Source::Owner);
        }
        if let Some(actors) = self.list_header(si, context) {
            return found(actors, Source::Near);
        }
        if let Some(actors) = self.quoted_by(si, h, &cands, context) {
            return found(actors, Source::Near);
        }
        if let Some(near) = self.nearby(si, h, &names, patient.as_ref(), meeting) {
            return found(vec![near], Source::Near);
        }
        // who made the subject face it is not said: the decision before may be the subject's
        if undergone {
            return None;
        }
        let carried = context.carried.as_ref().map(|l| DecisionActor {
            range: None,
            ..l.clone()
        });
        found(carried.into_iter().collect(), Source::Carried)
    }

    /// The body a spokesperson speaks for, in place of the spokesperson: "Kremlin spokesman
    /// Dmitry Peskov", "Dmitry Peskov, a spokesman for the Kremlin" (the issuer decides, not
    /// its spokesman); `actor` itself otherwise.
    pub fn issuer(&self, actor: DecisionActor) -> DecisionActor {
        let doc = self.doc;
        let person = actor
            .actor
            .is_some_and(|a| self.actors.kind(a) == Some(EntityKind::Person));
        let Some(range) = actor.range.clone().filter(|_| person) else {
            return actor;
        };
        let start = doc.toks.partition_point(|t| t.range.start < range.start);
        let end = doc.toks.partition_point(|t| t.range.start < range.end);
        let body_at = |i: usize| {
            let n = doc.mention_covering(i)?;
            let a = self.actors.deciding(doc.mentions[n].mention)?;
            (self.actors.kind(a) != Some(EntityKind::Person)).then(|| self.named(n, a))
        };
        // the head of a bloc speaks for it: "ECOWAS President Omar Touray", "Omar Touray, the
        // President of ECOWAS"
        let bloc_at = |i: usize| {
            let n = doc.mention_covering(i)?;
            let a = self.actors.deciding(doc.mentions[n].mention)?;
            self.actors.is_bloc(a).then(|| self.named(n, a))
        };
        let spokes = |i: usize| SPOKESPEOPLE.contains(&doc.word(i));
        let heads = |i: usize| BLOC_HEADS.contains(&doc.word(i));
        // inside the mention: "ECOWAS President Omar Touray", "the President of ECOWAS"
        // named as one
        let gaz = Gazetteer::builtin();
        let bloc_named = |r: Range<usize>| {
            let r = doc.bytes(&r);
            let entry = gaz.entry_named(&doc.text[r])?;
            let b = self.actors.bloc_named(&entry.name)?;
            let n = doc.first_mention_of(b)?;
            Some(self.named(n, b))
        };
        let first_word = (start..end).find(|&i| doc.is_word(i));
        if let Some(f) = first_word
            && heads(f + 1)
            && let Some(b) = bloc_named(f..f + 1)
        {
            return b;
        }
        if let Some(t) = (start..end).find(|&i| heads(i) && doc.word(i + 1) == "of") {
            let from = if doc.word(t + 2) == "the" {
                t + 3
            } else {
                t + 2
            };
            if let Some(b) = bloc_named(from..end) {
                return b;
            }
        }
        // "ECOWAS President Omar Touray", the title in the person's mention or before it
        let titled = (start >= 2 && heads(start - 1))
            .then(|| bloc_at(start - 2))
            .flatten()
            .or_else(|| {
                first_word
                    .filter(|&f| heads(f) && start >= 1)
                    .and_then(|_| bloc_at(start - 1))
            });
        let described = || {
            let mut i = end;
            if doc.toks.get(i).is_none_or(|t| t.text(doc.text) != ",") {
                return None;
            }
            i += 1;
            if doc.word(i) == "the" {
                i += 1;
            }
            if !heads(i) || doc.word(i + 1) != "of" {
                return None;
            }
            i += 2;
            if doc.word(i) == "the" {
                i += 1;
            }
            bloc_at(i)
        };
        // "The President of ECOWAS, Omar Touray,"
        let appositive = || {
            if start < 4 || doc.toks[start - 1].text(doc.text) != "," {
                return None;
            }
            let t = (start.saturating_sub(8)..start - 1)
                .find(|&i| heads(i) && doc.word(i + 1) == "of")?;
            let from = if doc.word(t + 2) == "the" {
                t + 3
            } else {
                t + 2
            };
            bloc_named(from..start - 1)
        };
        if let Some(b) = titled.or_else(described).or_else(appositive) {
            return b;
        }
        // "Kremlin spokesman Dmitry Peskov", "the Kremlin's spokesman Dmitry Peskov"
        let before = (start >= 2 && spokes(start - 1))
            .then(|| {
                let mut i = start - 2;
                if doc.toks[i].kind == TokenKind::Possessive && i > 0 {
                    i -= 1;
                }
                body_at(i)
            })
            .flatten();
        // "Dmitry Peskov, a spokesman for the Kremlin"
        let after = || {
            let mut i = end;
            if doc.toks.get(i).is_none_or(|t| t.text(doc.text) != ",") {
                return None;
            }
            i += 1;
            if matches!(doc.word(i), "a" | "the") {
                i += 1;
            }
            if !spokes(i) || !matches!(doc.word(i + 1), "for" | "of") {
                return None;
            }
            i += 2;
            if doc.word(i) == "the" {
                i += 1;
            }
            body_at(i)
        };
        before.or_else(after).unwrap_or(actor)
    }

    /// True when the measure stands in a clause that a speech verb or `that` opens before it
    /// ("grumbled that Western sanctions", "said ECOWAS's sanctions").
    fn in_complement(&self, si: usize, h: &Hit) -> bool {
        let doc = self.doc;
        let from = h
            .toks
            .start
            .saturating_sub(COMPLEMENT_REACH)
            .max(doc.sents[si].start);
        (from..h.toks.start).any(|i| {
            let w = doc.word(i);
            w == "that" || CLAUSE_VERBS.contains(&w)
        })
    }

    /// The name a meeting's actor meets: "Fidan talked with Lavrov", "a meeting with
    /// Guterres" (a name right after `with` following the measure).
    pub fn partner(&self, si: usize, h: &Hit, measures: &[Hit]) -> Option<DecisionActor> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        // the measure may end with its `with` ("talks with")
        let from = h.toks.end.saturating_sub(1).max(h.toks.start);
        let with = (from..(h.toks.end + 2).min(sent.end)).find(|&i| doc.word(i) == "with")?;
        let cands = self.candidates(si, measures);
        let c = cands
            .iter()
            .find(|c| c.toks.start > with && c.toks.start <= with + PARTNER_REACH)?;
        match c.cand {
            Cand::Name { m, a } => Some(self.named(m, a)),
            _ => None,
        }
    }

    /// The parties a bilateral measure names: "a truce between Israel and Hamas", "talks
    /// between the two sides" (within a few words after it, before any punctuation).
    pub fn between(
        &self,
        si: usize,
        h: &Hit,
        measures: &[Hit],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        if let Some(two) = self.compound_parties(si, h) {
            return Some(two);
        }
        let doc = self.doc;
        let sent = &doc.sents[si];
        let end = sent.end.min(h.toks.end + BETWEEN_REACH);
        let mut at = None;
        for i in h.toks.end..end {
            if doc.word(i) == "between" {
                at = Some(i);
                break;
            }
            if !doc.is_word(i) && !doc.is_quote_mark(i) {
                return None;
            }
        }
        let at = at?;
        let cands = self.candidates(si, measures);
        let first = cands
            .iter()
            .find(|c| c.toks.start > at && c.toks.start <= at + 2)?;
        if first.cand == Cand::Parties {
            return self.actors_of(si, &cands, first, context);
        }
        let mut out = Vec::new();
        if let Cand::Name { m, a } = first.cand {
            out.push(self.named(m, a));
        }
        self.coordinated(&cands, first, &mut out);
        (out.len() >= 2).then_some(out)
    }

    /// The last list of two or more deciding names of sentence `si` ("Mali, Burkina Faso and
    /// Guinea"), for a later "all three countries".
    pub fn lists(&self, si: usize, measures: &[Hit]) -> Vec<DecisionActor> {
        let cands = self.candidates(si, measures);
        let mut last = Vec::new();
        for c in &cands {
            let Cand::Name { m, a } = c.cand else {
                continue;
            };
            let mut out = vec![self.named(m, a)];
            self.coordinated(&cands, c, &mut out);
            if out.len() >= 2 {
                last = out;
            }
        }
        last
    }

    /// The countries a compound of demonyms before the measure names: "Russian-Malian talks",
    /// "the US-China trade deal" (each part a demonym or a country the gazetteer knows).
    fn compound_parties(&self, si: usize, h: &Hit) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let gaz = Gazetteer::builtin();
        let from = h.toks.start.saturating_sub(3).max(sent.start);
        let at = (from..h.toks.start)
            .rev()
            .find(|&i| doc.word(i).contains('-'))?;
        let range = doc.toks[at].range.clone();
        let country = |part: &str| {
            gaz.demonym_folded(part)
                .or_else(|| gaz.names.get(part).map(|n| n.entry))
                .and_then(|e| gaz.entries.get(e))
                .filter(|e| e.class == EntryClass::Country)
                .map(|e| match self.actors.place_named(&e.name) {
                    Some(a) => DecisionActor {
                        range: Some(range.clone()),
                        text: doc.text[range.clone()].to_string(),
                        actor: Some(a),
                        mention: doc.first_mention_of(a).map(|m| doc.mentions[m].mention),
                    },
                    None => DecisionActor {
                        range: Some(range.clone()),
                        text: e.name.clone(),
                        actor: None,
                        mention: None,
                    },
                })
        };
        let (a, b) = doc.word(at).split_once('-')?;
        Some(vec![country(a)?, country(b)?])
    }

    /// The names sentence `si` pairs as parties after `between` ("the deal between Ukraine
    /// and Russia"), for later "the two sides"; the last such list.
    pub fn pairs(&self, si: usize, measures: &[Hit]) -> Vec<DecisionActor> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        if !sent.clone().any(|i| doc.word(i) == "between") {
            return Vec::new();
        }
        let cands = self.candidates(si, measures);
        let mut last = Vec::new();
        for c in &cands {
            let Cand::Name { m, a } = c.cand else {
                continue;
            };
            let after_between = doc
                .word_before(c.toks.start, sent.start)
                .is_some_and(|b| doc.word(b) == "between");
            if !after_between {
                continue;
            }
            let mut out = vec![self.named(m, a)];
            self.coordinated(&cands, c, &mut out);
            if out.len() >= 2 {
                last = out;
            }
        }
        last
    }

    /// The candidates of sentence `si` in text order: names that can decide (not inside a
    /// measure), groups, pronouns.
    fn read_candidates(&self, si: usize, measures: &[Hit]) -> Vec<Placed> {
        let doc = self.doc;
        let sent = &doc.sents[si];

        let in_measure = |r: &Range<usize>| {
            measures
                .iter()
                .any(|h| r.start < h.toks.end && h.toks.start < r.end)
        };
        let mut out: Vec<Placed> = Vec::new();
        for m in doc.mentions_within(sent) {
            let at = &doc.mentions[m];
            if at.toks.end > sent.end || in_measure(&at.toks) {
                continue;
            }
            if let Some(a) = self.actors.deciding(at.mention) {
                // an organ named after its bloc ("ECOWAS defence chiefs") acts for the bloc
                let cand = self
                    .bloc_of_organ(at.toks.start, a)
                    .unwrap_or(Cand::Name { m, a });
                out.push(Placed {
                    toks: at.toks.clone(),
                    cand,
                });
            }
        }
        let heads = &LEXICON.actor_heads;
        let mut skip_to = sent.start;
        for i in sent.clone() {
            if i < skip_to {
                continue;
            }
            let w = doc.word(i);
            let inside = |i: usize| doc.mention_covering(i).is_some();
            if let Some(end) = self.parties_of_group(sent, i) {
                // "senior commanders from each side": the parties
                out.push(Placed {
                    toks: i..end,
                    cand: Cand::Parties,
                });
                skip_to = end;
                continue;
            }
            if let Some(end) = self.parties_phrase(sent, i) {
                // "the two sides", "both countries": the article's last pair
                out.push(Placed {
                    toks: i..end,
                    cand: Cand::Parties,
                });
                skip_to = end;
                continue;
            }
            if let Some(country) = self.demonym_people(i) {
                out.push(Placed {
                    toks: i..i + 1,
                    cand: country,
                });
                continue;
            }
            if matches!(w, "he" | "she" | "it" | "they") && !inside(i) {
                out.push(Placed {
                    toks: i..i + 1,
                    cand: Cand::Pronoun,
                });
            } else if QUANTIFIERS.contains(&w)
                && doc.word(i + 1) == "of"
                && matches!(doc.word(i + 2), "them" | "these" | "those")
            {
                // "All of them have declined…": the names listed before
                out.push(Placed {
                    toks: i..i + 3,
                    cand: Cand::Pronoun,
                });
            } else if heads.contains(w)
                && !inside(i)
                && !in_measure(&(i..i + 1))
                // "the militant group Hamas": the name is the actor
                && doc.mention_starting(i + 1).is_none()
                // "which states that": a verb
                && !matches!(doc.word(i + 1), "that")
                && !matches!(doc.word(i.wrapping_sub(1)), "which" | "who" | "it")
            {
                let toks = self.group(sent, i);
                let within = |c: &Placed| toks.start <= c.toks.start && c.toks.end <= toks.end;
                // an organisation named inside stands for the group ("leaders of the bloc",
                // "ECOWAS defence chiefs"), as does the bloc for a regional group; else the
                // group takes the place of the places inside it ("troops in Niger")
                let org = out.iter().position(|c| {
                    within(c)
                        && matches!(c.cand, Cand::Name { a, .. }
                            if self.actors.kind(a) == Some(EntityKind::Org))
                });
                // the governments of several countries are the countries ("Mali's and
                // Burkina Faso's transitional governments"); one country's government,
                // authorities or ministry is the group the text names ("Guyana's government")
                let states = out
                    .iter()
                    .filter(|c| {
                        within(c)
                            && matches!(c.cand, Cand::Name { a, .. }
                                if self.actors.kind(a) == Some(EntityKind::Loc))
                    })
                    .count();
                if STATE_HEADS.contains(&w) && states >= 1 && (states >= 2 || w == "governments") {
                    continue;
                }
                let cand = match org {
                    Some(n) => out.remove(n).cand,
                    None => match self.regional(&toks) {
                        Some(bloc) => bloc,
                        None => self.body_named_by_head(&toks, i).unwrap_or(Cand::Group),
                    },
                };
                out.retain(|c| !within(c));
                out.push(Placed { toks, cand });
            }
        }
        // a name inside a longer one is part of it ("Niger" in "Niger's military junta")
        let outer: Vec<Range<usize>> = out.iter().map(|c| c.toks.clone()).collect();
        out.retain(|c| {
            !outer
                .iter()
                .any(|o| o.start <= c.toks.start && c.toks.end <= o.end && o.len() > c.toks.len())
        });
        out.sort_by_key(|c| c.toks.start);
        out
    }

    /// The phrase of the group whose head noun is at `head`: determiners, modifiers, names
    /// and possessives before it ("the Niger Republic", "Niger's"), and `in` or `of` with a
    /// name after it ("troops in Niger", "leaders of Niger's mutiny").
    fn group(&self, sent: &Range<usize>, head: usize) -> Range<usize> {
        let doc = self.doc;
        let mut start = head;
        while start > sent.start && head - start < 4 {
            let i = start - 1;
            let t = &doc.toks[i];
            let w = doc.word(i);
            // a name is no verb, whatever it ends with ("Abiy Ahmed's government")
            let ok = t.kind == TokenKind::Possessive
                || (t.is_wordlike() && doc.mention_covering(i).is_some())
                || (t.is_wordlike()
                    && !PREPOSITIONS.contains(&w)
                    && w != "by"
                    && !PHRASE_BREAKS.contains(&w)
                    && !CLAUSE_VERBS.contains(&w)
                    && !OBJECT_VERBS.contains(&w)
                    && (!takes_object(w) || DETERMINERS.contains(&w)));
            if !ok {
                break;
            }
            start = i;
            if DETERMINERS.contains(&w) {
                break;
            }
        }
        // not inside a name ("Prime Minister Abiy Ahmed's government")
        if let Some(n) = doc.mention_covering(start)
            && doc.mentions[n].toks.start < start
            && doc.mentions[n].toks.start >= sent.start
        {
            start = doc.mentions[n].toks.start;
        }
        let mut end = head + 1;
        let mut name_at = end + 1;
        if matches!(doc.word(name_at), "the" | "a" | "an") {
            name_at += 1;
        }
        if matches!(doc.word(end), "in" | "of" | "ruling" | "governing")
            && let Some(m) = doc
                .mention_starting(end + 1)
                .or_else(|| doc.mention_starting(name_at))
                .map(|n| &doc.mentions[n])
        {
            end = m.toks.end;
            if doc
                .toks
                .get(end)
                .is_some_and(|t| t.kind == TokenKind::Possessive)
            {
                end += 1;
                while end < sent.end && end < m.toks.end + 3 && self.is_plain(end) {
                    end += 1;
                }
            } else {
                // "the juntas ruling Burkina Faso and Mali": the list of names
                while matches!(doc.word(end), "and" | "or")
                    || doc.toks.get(end).is_some_and(|t| t.text(doc.text) == ",")
                {
                    let next = if doc.word(end + 1) == "and" {
                        end + 2
                    } else {
                        end + 1
                    };
                    match doc.mention_starting(next) {
                        Some(n) => end = doc.mentions[n].toks.end,
                        None => break,
                    }
                }
            }
        }
        // "Mali and Burkina Faso's military leadership": the owners listed before
        if doc
            .toks
            .get(start + 1)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
            || doc
                .mention_starting(start)
                .and_then(|n| doc.toks.get(doc.mentions[n].toks.end))
                .is_some_and(|t| t.kind == TokenKind::Possessive)
        {
            while start >= sent.start + 2 && matches!(doc.word(start - 1), "and" | "or") {
                let before = doc
                    .mention_covering(start - 2)
                    .filter(|&n| doc.mentions[n].toks.end == start - 1);
                match before {
                    Some(n) => start = doc.mentions[n].toks.start,
                    None => break,
                }
            }
        }
        start..end.min(sent.end)
    }

    /// The countries a group of several states stands for: "the juntas ruling Burkina Faso
    /// and Mali", "Mali and Burkina Faso's military leadership" (two or more places named in
    /// it).
    fn states_of(&self, toks: &Range<usize>) -> Vec<DecisionActor> {
        let doc = self.doc;
        let mut out: Vec<DecisionActor> = Vec::new();
        for n in doc.mentions_within(toks) {
            let m = &doc.mentions[n];
            if m.toks.end > toks.end {
                continue;
            }
            if let Some(a) = self.actors.deciding(m.mention)
                && self.actors.kind(a) == Some(EntityKind::Loc)
                && !out.iter().any(|o| o.actor == Some(a))
            {
                out.push(self.named(n, a));
            }
        }
        if out.len() >= 2 { out } else { Vec::new() }
    }

    /// The bloc whose name opens the name of organisation `a` at token `start` ("ECOWAS
    /// defence chiefs", "AU Peace and Security Council"), as a candidate.
    fn bloc_of_organ(&self, start: usize, a: usize) -> Option<Cand> {
        if self.actors.kind(a) != Some(EntityKind::Org) || self.actors.is_bloc(a) {
            return None;
        }
        let first = self.doc.word(start);
        let entry = Gazetteer::builtin().entry_named(first)?;
        if entry.class != EntryClass::Bloc {
            return None;
        }
        let bloc = self.actors.bloc_named(&entry.name)?;
        let m = self.doc.first_mention_of(bloc)?;
        Some(Cand::Name { m, a: bloc })
    }

    /// The article's bloc (its most mentioned), for a regional group ("regional leaders",
    /// "West African leaders").
    fn regional(&self, toks: &Range<usize>) -> Option<Cand> {
        let doc = self.doc;
        let regional = toks.clone().any(|i| {
            let w = doc.word(i);
            REGIONAL.contains(&w) || (w == "african" && doc.word(i.wrapping_sub(1)) == "west")
        });
        // "the 15-nation group", "the 15-member bloc"
        let head = toks.end.checked_sub(1).map_or("", |i| doc.word(i));
        let counted = (BODIES.contains(&head) || head == "group")
            && toks.clone().any(|i| {
                doc.word(i).split_once('-').is_some_and(|(n, what)| {
                    n.chars().all(|c| c.is_ascii_digit())
                        && matches!(what, "nation" | "member" | "country" | "state")
                })
            });
        let regional = regional || counted;
        // "the organisation", "the community": the body the article is about
        let body = toks.len() == 2
            && doc.word(toks.start) == "the"
            && BODIES.contains(&doc.word(toks.start + 1));
        let regional = regional || body;
        if !regional {
            return None;
        }
        let bloc = self.actors.main_bloc?;
        let m = doc.first_mention_of(bloc)?;
        Some(Cand::Name { m, a: bloc })
    }

    /// The body a definite group stands for when the article names one body with its head
    /// noun: "the council" for the UN Security Council, "the court" for the High Court.
    fn body_named_by_head(&self, toks: &Range<usize>, head: usize) -> Option<Cand> {
        let doc = self.doc;
        if doc.word(toks.start) != "the" {
            return None;
        }
        let a = self.actors.body_by_head(doc.word(head))?;
        let m = doc.first_mention_of(a)?;
        Some(Cand::Name { m, a })
    }

    /// True when token `i` is a lower-case word that may stand inside a noun phrase.
    fn is_plain(&self, i: usize) -> bool {
        let w = self.doc.word(i);
        self.doc.is_word(i)
            && !PREPOSITIONS.contains(&w)
            && !PHRASE_BREAKS.contains(&w)
            && !takes_object(w)
            && !CLAUSE_VERBS.contains(&w)
    }

    /// True when candidate `c` can be the subject of its clause: not after a preposition or
    /// an object-taking verb (for a list of names, its first name), unless it is a possessive
    /// determiner ("ECOWAS's option"); a pronoun only where a clause starts.
    fn in_subject_position(&self, si: usize, cands: &[Placed], c: &Placed, until: usize) -> bool {
        let doc = self.doc;
        let sent = &doc.sents[si];
        if self.in_relative_clause(sent, c, until) {
            return false;
        }
        if c.cand == Cand::Pronoun {
            let at = c.toks.start;
            let w = doc.word(at);
            let before = doc.word_before(at, sent.start).map(|b| doc.word(b));
            let opens =
                before.is_none_or(|w| CLAUSE_OPENERS.contains(&w) || CLAUSE_VERBS.contains(&w));
            // "it is feared", "it was clear that" (not "it was suspending")
            let expletive = w == "it"
                && matches!(doc.word(at + 1), "is" | "was" | "seems" | "appears")
                && !doc.word(at + 2).ends_with("ing");
            return opens && !expletive;
        }
        let first = self.first_conjunct(cands, c);
        let mut start = first.toks.start;
        // "head of Niger's Presidential Guard": the possessor opens the phrase
        if start > sent.start && doc.toks[start - 1].kind == TokenKind::Possessive {
            start = cands
                .iter()
                .find(|p| p.toks.end == start - 1)
                .map_or(start.saturating_sub(2), |p| p.toks.start);
        }
        // "in Accra, Ghana": a name right after another name and a comma is its appositive
        while start >= sent.start + 2
            && doc.toks[start - 1].kind == TokenKind::Punct
            && doc.toks[start - 1].text(doc.text) == ","
            && let Some(m) = doc
                .mention_covering(start - 2)
                .map(|n| &doc.mentions[n])
                .filter(|m| m.toks.end == start - 1)
        {
            start = m.toks.start;
        }
        let mut at = doc.word_before(start, sent.start);
        // "ousted president Mohamed Bazoum": the title belongs to the name
        while let Some(b) = at
            && Gazetteer::builtin().titles.get(doc.word(b)).is_some()
        {
            at = doc.word_before(b, sent.start);
        }
        let before = at.map(|b| doc.word(b));
        if before.is_some_and(|w| CONJUNCTIONS.contains(&w)) && self.verb_follows(sent, c) {
            return true;
        }
        // "comply with the junta's order sending its ambassador out": the possessor of the
        // act deciding it, wherever its phrase stands
        let owns_act = doc
            .toks
            .get(c.toks.end)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
            && until <= c.toks.end + 7
            && POSSESSED_ACTS.contains(&doc.word(c.toks.end + 1));
        if owns_act {
            return true;
        }
        if before.is_some_and(|w| PREPOSITIONS.contains(&w) || w == "by") {
            return false;
        }
        // "set up a joint committee": the object of a verb and its particle
        if before.is_some_and(|w| matches!(w, "up" | "out" | "off" | "down")) {
            return false;
        }
        // "ECOWAS's option of using force", "the junta's order sending its ambassador out":
        // the possessor of what is decided, or of the act deciding it
        let possessive = doc
            .toks
            .get(c.toks.end)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
            && (until <= c.toks.end + 4
                || (until <= c.toks.end + 7 && POSSESSED_ACTS.contains(&doc.word(c.toks.end + 1))));
        // "to reinstate Bazoum": a verb after `to` takes an object
        let infinitive = at.is_some_and(|b| {
            doc.word_before(b, sent.start)
                .is_some_and(|t| doc.word(t) == "to")
                && !before.is_some_and(|w| CLAUSE_VERBS.contains(&w))
        });
        possessive || !(before.is_some_and(takes_object) || infinitive)
    }

    /// True when candidate `c` stands in a relative clause that closes before token `until`
    /// ("France, which has 1,500 troops in Niger, announced…").
    fn in_relative_clause(&self, sent: &Range<usize>, c: &Placed, until: usize) -> bool {
        let doc = self.doc;
        let is_comma = |i: usize| {
            doc.toks[i].kind == TokenKind::Punct && doc.text[doc.toks[i].range.clone()] == *","
        };
        let Some(comma) = (sent.start..c.toks.start).rev().find(|&i| is_comma(i)) else {
            return false;
        };
        let relative = matches!(doc.word(comma + 1), "which" | "who" | "whom" | "whose");
        relative && (c.toks.end..until.min(sent.end)).any(is_comma)
    }

    /// True when a verb follows candidate `c` (past a comma): an auxiliary, an act or a word
    /// ending in `-ed`.
    fn verb_follows(&self, sent: &Range<usize>, c: &Placed) -> bool {
        let doc = self.doc;
        let next = (c.toks.end..sent.end).find(|&i| doc.is_word(i));
        next.is_some_and(|i| {
            let w = doc.word(i);
            AUXILIARIES.contains(&w) || (w.ends_with("ed") && !NOT_VERBS.contains(&w))
        })
    }

    /// For an item of a numbered or bulleted list ("3. Decline to apply these sanctions"), the
    /// subject of the line that opens the list (the last one ending in a colon).
    fn list_header(&self, si: usize, context: &Context) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let punct = |i: usize| {
            doc.toks
                .get(i)
                .filter(|t| t.kind == TokenKind::Punct)
                .map(|t| t.text(doc.text))
        };
        let number_at = |i: usize| {
            doc.toks.get(i).is_some_and(|t| t.kind == TokenKind::Number)
                && matches!(punct(i + 1), Some("." | ")"))
        };
        // "3. Decline…", the number read as a sentence of its own or not
        let numbered = number_at(sent.start)
            || si.checked_sub(1).is_some_and(|p| {
                let r = &doc.sents[p];
                r.len() == 2 && number_at(r.start)
            });
        let bullet = matches!(punct(sent.start), Some("-" | "•" | "*" | "–"));
        if !numbered && !bullet {
            return None;
        }
        let header = (si.saturating_sub(LIST_ITEMS)..si).rev().find(|&s| {
            let r = &doc.sents[s];
            (r.start..r.end)
                .rev()
                .find(|&i| !doc.is_quote_mark(i))
                .is_some_and(|i| punct(i) == Some(":"))
        })?;
        let measures = doc.measures(&doc.sents[header]);
        let cands = self.candidates(header, &measures);
        let end = doc.sents[header].end;
        let subject = cands.iter().find(|c| {
            c.cand != Cand::Pronoun && self.in_subject_position(header, &cands, c, end)
        })?;
        self.actors_of(header, &cands, subject, context)
    }

    /// The subject of a relative clause on the measure whose verb is an act ("a step that
    /// the bloc has threatened to take", "the sanctions which ECOWAS imposed").
    fn relative(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let c = self.relative_subject(si, h, cands)?;
        self.actors_of(si, cands, c, context)
    }

    /// True when a relative clause on the measure has an act for its verb ("the agreement
    /// that Chile and Peru signed"): the act that makes it a decision.
    pub fn relative_act(&self, si: usize, h: &Hit, measures: &[Hit]) -> bool {
        let cands = self.candidates(si, measures);
        self.relative_subject(si, h, &cands).is_some()
    }

    /// The subject of a relative clause on the measure whose verb is an act.
    fn relative_subject<'c>(&self, si: usize, h: &Hit, cands: &'c [Placed]) -> Option<&'c Placed> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let end = sent.end.min(h.toks.end + 6);
        // a verb's "that" opens its object clause ("ruled that…"), no relative clause
        if is_participle(doc.word(h.toks.start)) {
            return None;
        }
        // "the sanctions that ECOWAS imposed", or without "that": "the sanctions the bloc had
        // imposed"
        let rel = (h.toks.end..end).find(|&i| matches!(doc.word(i), "that" | "which"));
        let c = match rel {
            Some(rel) => cands
                .iter()
                .find(|c| c.toks.start > rel && c.toks.start <= rel + 2)?,
            // ("the sanctions the European Union had imposed": past the article)
            None => {
                let the = doc.word(h.toks.end) == "the";
                cands.iter().find(|c| {
                    c.toks.start == h.toks.end || (the && c.toks.start == h.toks.end + 1)
                })?
            }
        };
        let acts = doc.acts(sent);
        let verb = match rel {
            // past an appositive: "a step that the main regional bloc, ECOWAS, has threatened"
            Some(_) => acts
                .iter()
                .any(|a| a.toks.start >= c.toks.end && a.toks.start <= c.toks.end + 8),
            // without "that", a verb in the past right after: "the bloc had imposed"
            None => {
                let mut i = c.toks.end;
                if matches!(doc.word(i), "had" | "has" | "have") {
                    i += 1;
                }
                is_participle(doc.word(i)) && acts.iter().any(|a| a.toks.start == i)
            }
        };
        if !verb || c.cand == Cand::Pronoun && self.pronoun(si, c.toks.start).is_none() {
            return None;
        }
        Some(c)
    }

    /// True when candidate `c` says the clause in an aside between commas ("They had, he
    /// added, dissolved the constitution"): it is not the clause's subject.
    fn aside(&self, si: usize, c: &Placed) -> bool {
        let doc = self.doc;
        let comma = |i: usize| {
            doc.toks
                .get(i)
                .is_some_and(|t| t.kind == TokenKind::Punct && t.text(doc.text) == ",")
        };
        let sent = &doc.sents[si];
        c.toks.start > sent.start
            && comma(c.toks.start - 1)
            && CLAUSE_VERBS.contains(&doc.word(c.toks.end))
            && comma(c.toks.end + 1)
    }

    /// For a measure a speaker calls "ours" ("We are ending our military cooperation," Macron
    /// said): the country of the person named in the sentence, when the article names it, else
    /// the person.
    fn first_person(&self, si: usize, h: &Hit, names: &[&Placed]) -> Option<DecisionActor> {
        let doc = self.doc;
        let from = h.toks.start.saturating_sub(1).max(doc.sents[si].start);
        // "our cooperation", "consultations between us"
        let to = (h.toks.end + 2).min(doc.sents[si].end);
        if !(from..to).any(|i| matches!(doc.word(i), "our" | "we" | "us")) {
            return None;
        }
        let (m, a) = names
            .iter()
            .filter_map(|c| match c.cand {
                Cand::Name { m, a } if self.actors.kind(a) == Some(EntityKind::Person) => {
                    Some((gap(&c.toks, &h.toks), m, a))
                }
                _ => None,
            })
            .min()
            .map(|(_, m, a)| (m, a))?;
        let entities = self.actors.entities;
        let country = entities.actors.get(a).and_then(|x| x.country.clone());
        // else the people a title names: "French President Emmanuel Macron"
        let country = country.or_else(|| {
            let first = doc.first_mention_of(a)?;
            let toks = &doc.mentions[first].toks;
            let gaz = Gazetteer::builtin();
            (toks.start.saturating_sub(2)..toks.end)
                .find_map(|i| gaz.demonym_folded(doc.word(i)))
                .and_then(|e| gaz.entries.get(e))
                .filter(|e| e.class == EntryClass::Country)
                .map(|e| e.name.clone())
        });
        let state = country.and_then(|c| {
            let b = self.actors.place_named(&c)?;
            let n = doc.first_mention_of(b)?;
            Some(self.named(n, b))
        });
        Some(state.unwrap_or_else(|| self.named(m, a)))
    }

    /// For a measure inside a quotation, whoever the quotation is attributed to right after
    /// it ("“… could involve using force,” it said in a statement").
    fn quoted_by(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let Some(close) = (h.toks.end..sent.end).find(|&i| doc.is_quote_mark(i)) else {
            return self.said_after(si, h, cands, context);
        };
        let c = cands
            .iter()
            .find(|c| c.toks.start > close && c.toks.start <= close + 3)?;
        if !self.speaks(si, c) || (close + 1..c.toks.start).any(|i| doc.is_word(i)) {
            return None;
        }
        self.actors_of(si, cands, c, context)
    }

    /// For a measure no one in its clause takes, the parties or the body that a closing
    /// attribution names ("Talks will open on Thursday, both sides said"; not a person, who
    /// only tells of it).
    fn said_after(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let c = cands.iter().rev().find(|c| c.toks.start >= h.toks.end)?;
        let comma = doc.toks.get(c.toks.start.checked_sub(1)?)?;
        let closes = (c.toks.end..sent.end)
            .filter(|&i| doc.is_word(i))
            .map(|i| doc.word(i))
            .collect::<Vec<_>>();
        let said = matches!(closes.as_slice(), [v] | [v, _] if CLAUSE_VERBS.contains(v));
        let person = matches!(c.cand, Cand::Name { a, .. } if self.actors.kind(a) == Some(EntityKind::Person));
        if comma.text(doc.text) != "," || !said || person || c.cand == Cand::Pronoun {
            return None;
        }
        self.actors_of(si, cands, c, context)
    }

    /// True when candidate `c` is the subject of a verb of meeting or talking ("Fidan spoke
    /// with", "the ministers met").
    fn meets(&self, si: usize, c: &Placed) -> bool {
        let doc = self.doc;
        let mut next = (c.toks.end..doc.sents[si].end).filter(|&i| doc.is_word(i));
        let skip_adverb = |i: usize| doc.word(i) == "also" || doc.word(i).ends_with("ly");
        let verb = next.find(|&i| !skip_adverb(i));
        verb.is_some_and(|i| MEETING_VERBS.contains(&doc.word(i)))
    }

    /// True when candidate `c` is the subject of a verb that takes a clause ("They said…",
    /// "the junta announced…").
    fn speaks(&self, si: usize, c: &Placed) -> bool {
        let doc = self.doc;
        // past an auxiliary: "soldiers have announced that…"
        let next = (c.toks.end..doc.sents[si].end)
            .find(|&i| doc.is_word(i) && !matches!(doc.word(i), "have" | "has" | "had"));
        next.is_some_and(|i| CLAUSE_VERBS.contains(&doc.word(i)))
    }

    /// The actors a subject stands for: a name (an organ of a bloc standing for the bloc, every
    /// name of an `and` list), a group as written, a pronoun resolved; `None` for a pronoun
    /// that resolves to nothing.
    fn actors_of(
        &self,
        si: usize,
        cands: &[Placed],
        c: &Placed,
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        match c.cand {
            Cand::Parties => {
                let doc = self.doc;
                let range = doc.bytes(&c.toks);
                // "the two sides" are the pair; "all three countries" the last list of three
                let count = c.toks.clone().find_map(|i| match doc.word(i) {
                    "two" | "both" | "each" => Some(2),
                    "three" => Some(3),
                    "four" => Some(4),
                    _ => None,
                });
                let fits =
                    |l: &Vec<DecisionActor>| !l.is_empty() && count.is_none_or(|n| l.len() == n);
                let people;
                let parties = if fits(&context.pair) {
                    &context.pair
                } else if fits(&context.listed) {
                    &context.listed
                } else if let Some(two) = self.last_two_people(si, c.toks.start) {
                    // "the two leaders": the last two people named
                    people = two;
                    &people
                } else if count == Some(2)
                    && let Some(two) = self.last_two_parties(si, c.toks.start)
                {
                    // "the two sides" of no pair named together: the last two parties named
                    people = two;
                    &people
                } else {
                    &context.pair
                };
                let pair: Vec<DecisionActor> = parties
                    .iter()
                    .map(|d| DecisionActor {
                        range: Some(range.clone()),
                        ..d.clone()
                    })
                    .collect();
                (!pair.is_empty()).then_some(pair)
            }
            Cand::Name { m, a } => {
                let mut out = vec![
                    self.organ_of_bloc(cands, c)
                        .unwrap_or_else(|| self.named(m, a)),
                ];
                self.coordinated(cands, c, &mut out);
                Some(out)
            }
            Cand::Group => {
                let states = self.states_of(&c.toks);
                let mut out = if states.is_empty() {
                    vec![self.written(&c.toks)]
                } else {
                    states
                };
                self.coordinated(cands, c, &mut out);
                Some(out)
            }
            Cand::Pronoun => {
                let found = self.pronoun_all(si, c.toks.start);
                (!found.is_empty()).then_some(found)
            }
        }
    }

    /// The actor a pronoun at token `i` of sentence `si` stands for: the subject of the
    /// sentence before it (or earlier in its own), skipping sentences whose subject is another
    /// pronoun; a person for `he` and `she`, anything else for `it` and `they`.
    fn pronoun(&self, si: usize, i: usize) -> Option<DecisionActor> {
        self.pronoun_all(si, i).into_iter().next()
    }

    /// The actors a pronoun at token `i` of sentence `si` stands for: those of
    /// [`Who::pronoun`], or for "all of them" and the like every name of the last list of names
    /// before it.
    fn pronoun_all(&self, si: usize, i: usize) -> Vec<DecisionActor> {
        let doc = self.doc;
        if QUANTIFIERS.contains(&doc.word(i)) {
            return self.last_list(si, i);
        }
        let Some(one) = self.pronoun_one(si, i) else {
            return Vec::new();
        };
        // "they" for "the juntas ruling Burkina Faso and Mali": the states
        let states = self.pronoun_states(si, i);
        if states.is_empty() {
            return vec![one];
        }
        let range = doc.toks[i].range.clone();
        states
            .into_iter()
            .map(|d| DecisionActor {
                range: Some(range.clone()),
                ..d
            })
            .collect()
    }

    /// For "they" at token `i`: the states of the group it stands for, when that group names
    /// several ("the juntas ruling Burkina Faso and Mali … they"); else none.
    fn pronoun_states(&self, si: usize, i: usize) -> Vec<DecisionActor> {
        let doc = self.doc;
        if doc.word(i) != "they" {
            return Vec::new();
        }
        for s in (si.saturating_sub(CARRY_SENTENCES)..=si).rev() {
            let measures = doc.measures(&doc.sents[s]);
            let cands = self.candidates(s, &measures);
            let subject = cands
                .iter()
                .filter(|c| s < si || c.toks.end <= i)
                .find(|c| {
                    let until = if s < si { doc.sents[s].end } else { i };
                    self.in_subject_position(s, &cands, c, until)
                });
            match subject.map(|c| &c.cand) {
                Some(Cand::Group) => {
                    return subject.map(|c| self.states_of(&c.toks)).unwrap_or_default();
                }
                Some(Cand::Pronoun) | None => continue,
                Some(_) => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// Every name of the last list of two or more names (`A, B and C`) before token `i`, in
    /// sentence `si` or the one before.
    fn last_list(&self, si: usize, i: usize) -> Vec<DecisionActor> {
        for s in (si.saturating_sub(1)..=si).rev() {
            let measures = self.doc.measures(&self.doc.sents[s]);
            let cands = self.candidates(s, &measures);
            let names: Vec<&Placed> = cands
                .iter()
                .filter(|c| s < si || c.toks.end <= i)
                .filter(|c| matches!(c.cand, Cand::Name { .. }))
                .collect();
            let Some(last) = names.last() else { continue };
            let mut out = Vec::new();
            self.coordinated(&cands, last, &mut out);
            if out.len() >= 2 {
                let range = self.doc.toks[i].range.clone();
                return out
                    .into_iter()
                    .map(|d| DecisionActor {
                        range: Some(range.clone()),
                        ..d
                    })
                    .collect();
            }
        }
        Vec::new()
    }

    /// The one actor a personal pronoun stands for (see [`Who::pronoun`]).
    fn pronoun_one(&self, si: usize, i: usize) -> Option<DecisionActor> {
        let doc = self.doc;
        let person = matches!(doc.word(i), "he" | "she" | "his" | "her");
        let fits = |c: &Placed| match c.cand {
            Cand::Name { a, .. } => (self.actors.kind(a) == Some(EntityKind::Person)) == person,
            // "it" stands for one body ("the junta"), not for "troops"
            Cand::Group => !person && (!matches!(doc.word(i), "it" | "its") || !self.plural(c)),
            Cand::Pronoun | Cand::Parties => false,
        };
        let as_pronoun = |d: DecisionActor| DecisionActor {
            range: Some(doc.toks[i].range.clone()),
            ..d
        };
        // a pronoun of the narrative does not stand for a name inside a quotation ("We, the
        // defence and security forces, …," he said. They had dissolved…)
        let quoted = doc.in_quotation(&doc.sents[si], i);
        let plural = doc.word(i) == "they";
        for s in (si.saturating_sub(CARRY_SENTENCES)..=si).rev() {
            let measures = doc.measures(&doc.sents[s]);
            let cands = self.candidates(s, &measures);
            let subject = cands
                .iter()
                .filter(|c| s < si || c.toks.end <= i)
                .filter(|c| quoted || !doc.in_quotation(&doc.sents[s], c.toks.start))
                .find(|c| {
                    let until = if s < si { doc.sents[s].end } else { i };
                    self.in_subject_position(s, &cands, c, until)
                });
            let Some(subject) = subject else { continue };
            if subject.cand == Cand::Pronoun {
                continue;
            }
            // "they" of the narrative passes over one person who spoke in between
            let person = matches!(subject.cand, Cand::Name { a, .. }
                if self.actors.kind(a) == Some(EntityKind::Person));
            if plural && !quoted && person && s < si && self.speaks(s, subject) {
                continue;
            }
            if !fits(subject) {
                if s < si {
                    return None;
                }
                continue;
            }
            return match subject.cand {
                Cand::Name { m, a } => Some(as_pronoun(self.named(m, a))),
                _ => Some(as_pronoun(self.written(&subject.toks))),
            };
        }
        None
    }

    /// True when group `c` has a plural head ("troops", "leaders in Niger").
    fn plural(&self, c: &Placed) -> bool {
        let heads = &LEXICON.actor_heads;
        c.toks
            .clone()
            .rev()
            .find(|&i| heads.contains(self.doc.word(i)))
            .is_some_and(|i| self.doc.word(i).ends_with('s'))
    }

    /// The bloc a subject name belongs to when it is one of its organs, named right after it
    /// ("the ECOWAS Committee of Army Heads", "the Economic Community of West African States
    /// (ECOWAS) Committee…").
    fn organ_of_bloc(&self, cands: &[Placed], c: &Placed) -> Option<DecisionActor> {
        let Cand::Name { a, .. } = c.cand else {
            return None;
        };
        if self.actors.kind(a) != Some(EntityKind::Org) || self.actors.is_bloc(a) {
            return None;
        }
        let doc = self.doc;
        cands.iter().rev().find_map(|b| match b.cand {
            Cand::Name { m, a: bloc }
                if b.toks.end <= c.toks.start
                    && self.actors.is_bloc(bloc)
                    && (b.toks.end..c.toks.start).all(|i| {
                        !doc.is_word(i) && doc.text[doc.toks[i].range.clone()] == *")"
                    }) =>
            {
                Some(self.named(m, bloc))
            }
            _ => None,
        })
    }

    /// A passive's agent, with the names listed with it: "sanctions imposed by ECOWAS", "held
    /// … by leaders of the bloc", "held by ECOWAS and UEMOA".
    fn agent(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let end = doc.sents[si].end.min(h.toks.end + AGENT_REACH);
        // a measure may end with its `by` ("drafted by")
        let from = if doc.word(h.toks.end.wrapping_sub(1)) == "by" {
            h.toks.end - 1
        } else {
            h.toks.end
        };
        let by = (from..end).find(|&i| doc.word(i) == "by")?;
        // "by" right after the measure, or after the participle that follows it ("sanctions
        // imposed by", "the summit held in Abuja by"), or inside it ("was suspended by")
        let mut verb = h.toks.end;
        while BE.contains(&doc.word(verb)) {
            verb += 1;
        }
        // "was suspended by": a participle inside the measure after a form of `be`
        let inside = (h.toks.clone())
            .any(|i| is_participle(doc.word(i)) && BE.contains(&doc.word(i.wrapping_sub(1))));
        // "sanctions imposed by": the participle right after the measure, `by` close after it
        let right_after = is_participle(doc.word(verb))
            && by <= verb + REDUCED_REACH
            && !LEADS.contains(&doc.word(verb));
        // "the summit on the situation in Niger was held in Abuja … by"
        let later =
            (h.toks.end..by).any(|i| BE.contains(&doc.word(i)) && is_participle(doc.word(i + 1)));
        // "talks with Hamas brokered by Egypt": a participle right before `by`, no one
        // between but after a preposition ("recognise the leaders headed by" is no passive)
        let reduced = by > h.toks.end
            && by <= h.toks.end + REDUCED_REACH
            && is_participle(doc.word(by - 1))
            // "a delegation headed by": who leads a group, not who took the measure
            && !LEADS.contains(&doc.word(by - 1))
            && cands
                .iter()
                .filter(|c| c.toks.start >= h.toks.end && c.toks.end < by)
                .all(|c| {
                    doc.word_before(c.toks.start, doc.sents[si].start)
                        .is_some_and(|b| PREPOSITIONS.contains(&doc.word(b)))
                });
        let passive =
            by == h.toks.end || by + 1 == h.toks.end || right_after || inside || later || reduced;
        if !passive {
            return None;
        }
        let c = cands
            .iter()
            .find(|c| c.toks.start > by && c.toks.start <= by + 4)?;
        match c.cand {
            Cand::Name { m, a } => {
                let mut out = vec![self.named(m, a)];
                self.coordinated(cands, c, &mut out);
                Some(out)
            }
            Cand::Group => Some(vec![self.written(&c.toks)]),
            Cand::Parties => self.actors_of(si, cands, c, context),
            Cand::Pronoun => None,
        }
    }

    /// For a meeting "chaired" or "presided over" by someone, the organisation named last
    /// before it in its sentence: the body that met.
    fn chaired_body(&self, h: &Hit) -> Option<DecisionActor> {
        let doc = self.doc;
        let mut verb = h.toks.end;
        while BE.contains(&doc.word(verb)) {
            verb += 1;
        }
        if !matches!(doc.word(verb), "chaired" | "presided") {
            return None;
        }
        let sent = doc.sents.iter().find(|s| s.contains(&h.toks.start))?;
        // the last one, the longest of names that end together ("UN Security Council", not
        // the bloc its organ stands for)
        doc.mentions_within(sent)
            .filter(|&m| doc.mentions[m].toks.end <= h.toks.start)
            .filter_map(|m| {
                let a = self.actors.deciding(doc.mentions[m].mention)?;
                (self.actors.kind(a) == Some(EntityKind::Org)).then_some((m, a))
            })
            .max_by_key(|&(m, _)| (doc.mentions[m].toks.end, doc.mentions[m].toks.len()))
            .map(|(m, a)| self.named(m, a))
    }

    /// The antecedent of the relative clause the measure stands in: "the court, which ruled
    /// that…", "the ICJ, which had ordered Venezuela to…" (the relative pronoun after a comma,
    /// only words between it and the measure).
    fn antecedent(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let from = h.toks.start.saturating_sub(RELATIVE_REACH).max(sent.start);
        let rel = (from..h.toks.start)
            .rev()
            .take_while(|&i| doc.is_word(i))
            .find(|&i| matches!(doc.word(i), "which" | "who"))?;
        if rel < sent.start + 2 || doc.toks[rel - 1].text(doc.text) != "," {
            return None;
        }
        // the name before the comma, past a bracketed acronym: "the International Court of
        // Justice (ICJ), which"
        let mut end = rel - 1;
        while end > sent.start && matches!(doc.toks[end - 1].text(doc.text), ")" | "(") {
            end -= 1;
        }
        let c = cands
            .iter()
            .rev()
            .find(|c| c.toks.end <= end && end - c.toks.end <= 1)?;
        if c.cand == Cand::Pronoun {
            return None;
        }
        let c = match c.cand {
            Cand::Name { a, .. } => cands
                .iter()
                .find(|x| {
                    matches!(x.cand, Cand::Name { a: b, .. } if b == a)
                        && x.toks.end + 4 >= c.toks.start
                })
                .unwrap_or(c),
            _ => c,
        };
        self.actors_of(si, cands, c, context)
    }

    /// The subject of an absolute clause: "with China and Russia abstaining".
    fn absolute(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        if !doc.word(h.toks.start).ends_with("ing") {
            return None;
        }
        let c = cands.iter().find(|c| c.toks.end == h.toks.start)?;
        let first = self.first_conjunct(cands, c);
        let before = doc.word_before(first.toks.start, doc.sents[si].start)?;
        if doc.word(before) != "with" {
            return None;
        }
        self.actors_of(si, cands, first, context)
    }

    /// For a phrase of people ("the two leaders", "the two men") at token `i`: the last two
    /// people named before it, in its sentence or the one before.
    fn last_two_people(&self, si: usize, i: usize) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let noun = (i..(i + 4).min(doc.sents[si].end)).any(|j| {
            matches!(
                doc.word(j),
                "leaders" | "men" | "women" | "presidents" | "ministers" | "premiers"
            )
        });
        if !noun {
            return None;
        }
        let from = doc.sents[si.saturating_sub(1)].start;
        let mut out: Vec<DecisionActor> = Vec::new();
        for n in doc.mentions_within(&(from..i)).rev() {
            let Some(a) = self.actors.deciding(doc.mentions[n].mention) else {
                continue;
            };
            if self.actors.kind(a) == Some(EntityKind::Person)
                && !out.iter().any(|o| o.actor == Some(a))
            {
                out.push(self.named(n, a));
                if out.len() == 2 {
                    out.reverse();
                    return Some(out);
                }
            }
        }
        None
    }

    /// The last two parties named before token `i` of sentence `si` in it and the
    /// [`CARRY_SENTENCES`] sentences before (not headings): organisations, states and groups
    /// that decide, not people ("the federal government" and "Tigray's regional leaders" for
    /// "the two sides").
    fn last_two_parties(&self, si: usize, i: usize) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let mut out: Vec<DecisionActor> = Vec::new();
        for s in (si.saturating_sub(CARRY_SENTENCES)..=si).rev() {
            if doc.is_heading(s) {
                continue;
            }
            for c in self.candidates(s, &[]).iter().rev() {
                if c.toks.start >= i {
                    continue;
                }
                let actor = match c.cand {
                    Cand::Name { m, a } if self.actors.kind(a) != Some(EntityKind::Person) => {
                        self.named(m, a)
                    }
                    Cand::Group => self.written(&c.toks),
                    _ => continue,
                };
                let same = |o: &DecisionActor| match (o.actor, actor.actor) {
                    (Some(x), Some(y)) => x == y,
                    _ => o.text.to_lowercase() == actor.text.to_lowercase(),
                };
                if !out.iter().any(same) {
                    out.push(actor);
                }
                if out.len() == 2 {
                    out.reverse();
                    return Some(out);
                }
            }
        }
        None
    }

    /// The end of a group that a phrase of `parties.txt` closes ("senior commanders from each
    /// side", "negotiators for the warring parties") when its head noun is at token `i`.
    fn parties_of_group(&self, sent: &Range<usize>, i: usize) -> Option<usize> {
        let doc = self.doc;
        if !LEXICON.actor_heads.contains(doc.word(i))
            && !matches!(
                doc.word(i),
                "negotiators" | "representatives" | "commanders"
            )
        {
            return None;
        }
        if !matches!(doc.word(i + 1), "from" | "of" | "for") {
            return None;
        }
        self.parties_phrase(sent, i + 2)
    }

    /// The end of a phrase of `parties.txt` ("the two sides") starting at token `i`.
    fn parties_phrase(&self, sent: &Range<usize>, i: usize) -> Option<usize> {
        let doc = self.doc;
        let take = |start: usize, words: &Vec<&str>| {
            let end = start + words.len();
            (end <= sent.end
                && words
                    .iter()
                    .enumerate()
                    .all(|(k, w)| doc.word(start + k) == *w))
            .then_some(end)
        };
        // the phrase itself, or after a "the" it does not spell
        let starts = [Some(i), (doc.word(i) == "the").then_some(i + 1)];
        starts
            .into_iter()
            .flatten()
            .filter_map(|start| {
                let phrases = LEXICON.parties.get(doc.word(start))?;
                phrases.iter().filter_map(|w| take(start, w)).max()
            })
            .max()
    }

    /// A country named by its people as a clause's subject: "Venezuelans voted", "Nigeriens
    /// rallied" (a capitalised plural demonym outside any name), as the country's first
    /// mention when the article names it.
    fn demonym_people(&self, i: usize) -> Option<Cand> {
        let doc = self.doc;
        let w = doc.word(i);
        let capital = doc.toks[i]
            .text(doc.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if !capital || !w.ends_with('s') || doc.mention_covering(i).is_some() {
            return None;
        }
        let a = self.country_of_demonym(&w[..w.len() - 1])?;
        let m = doc.first_mention_of(a)?;
        Some(Cand::Name { m, a })
    }

    /// The article's country actor whose demonym is the folded word `w`.
    fn country_of_demonym(&self, w: &str) -> Option<usize> {
        let gaz = Gazetteer::builtin();
        let entry = gaz.entries.get(gaz.demonyms.get(w).copied()?)?;
        let a = self.actors.place_named(&entry.name)?;
        self.actors.deciding_actor(a).then_some(a)
    }

    /// The owner a demonym names right before the measure: "Western sanctions", "the Russian
    /// invasion" (the country when the article names it).
    fn demonym_owner(&self, si: usize, h: &Hit) -> Option<DecisionActor> {
        let doc = self.doc;
        // "Thai workers were released": the demonym describes who underwent it
        if self.passive(si, h) {
            return None;
        }
        let sent = &doc.sents[si];
        let at = h.toks.start.checked_sub(1).filter(|&i| i >= sent.start)?;
        let capital = doc.toks[at]
            .text(doc.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if !capital || !doc.is_word(at) {
            return None;
        }
        let gaz = Gazetteer::builtin();
        let entry = gaz.entries.get(gaz.demonym_folded(doc.word(at))?)?;
        let range = doc.toks[at].range.clone();
        match self.actors.place_named(&entry.name) {
            Some(a) => Some(DecisionActor {
                range: Some(range),
                text: doc.text[doc.toks[at].range.clone()].to_string(),
                actor: Some(a),
                mention: doc.first_mention_of(a).map(|m| doc.mentions[m].mention),
            }),
            None => Some(DecisionActor {
                range: Some(range),
                text: entry.name.clone(),
                actor: None,
                mention: None,
            }),
        }
    }

    /// The owner named with the measure: a name right before it ("the ECOWAS summit",
    /// "ECOWAS's sanctions") or after `of` right after it ("a meeting of ECOWAS leaders").
    fn owner(&self, h: &Hit, names: &[&Placed]) -> Option<DecisionActor> {
        self.owner_before(h, names)
            .or_else(|| self.owner_of(h, names))
    }

    /// The owner named right before the measure ("ECOWAS's sanctions", "the ECOWAS summit",
    /// "Russia's decision to quit").
    fn owner_before(&self, h: &Hit, names: &[&Placed]) -> Option<DecisionActor> {
        let doc = self.doc;
        // "Russia's decision to quit the deal": the owner of the act deciding it
        let mut start = h.toks.start;
        if start >= 2
            && doc.word(start - 1) == "to"
            && POSSESSED_ACTS.contains(&doc.word(start - 2))
        {
            start -= 2;
        }
        let before = names.iter().find(|c| {
            let mut end = c.toks.end;
            if doc
                .toks
                .get(end)
                .is_some_and(|t| t.kind == TokenKind::Possessive)
            {
                end += 1;
            }
            end == start
        });
        match before?.cand {
            Cand::Name { m, a } => Some(self.named(m, a)),
            _ => None,
        }
    }

    /// The owner of the act that decides the measure: "Russia's decision to quit the deal",
    /// "the junta's move to close the borders".
    fn owner_of_act(&self, h: &Hit, names: &[&Placed]) -> Option<DecisionActor> {
        let doc = self.doc;
        let start = h.toks.start;
        let act = start >= 3
            && doc.word(start - 1) == "to"
            && POSSESSED_ACTS.contains(&doc.word(start - 2))
            && doc.toks[start - 3].kind == TokenKind::Possessive;
        if !act {
            return None;
        }
        self.owner_before(h, names)
    }

    /// The one a causative verb makes take the measure: "getting Ethiopia and the TPLF to
    /// sign a deal", "persuaded the junta to release him" (a name or list right before `to`).
    fn controlled(
        &self,
        si: usize,
        h: &Hit,
        cands: &[Placed],
        context: &Context,
    ) -> Option<Vec<DecisionActor>> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        // "to sign", or "to sign a deal": the infinitive's verb an act
        let to = (h.toks.start.saturating_sub(3).max(sent.start + 1)..h.toks.start)
            .rev()
            .find(|&t| doc.word(t) == "to")?;
        let between_ok = (to + 1..h.toks.start)
            .all(|i| matches!(doc.word(i), "a" | "an" | "the") || LEXICON.is_act_word(doc.word(i)));
        if !between_ok {
            return None;
        }
        let c = cands.iter().rev().find(|c| {
            c.toks.end == to || (c.toks.end + 1 == to && doc.toks[to - 1].text(doc.text) == ")")
        })?;
        let first = self.first_conjunct(cands, c);
        let verb = doc.word_before(first.toks.start, sent.start)?;
        if !CAUSATIVES.contains(&doc.word(verb)) {
            return None;
        }
        self.actors_of(si, cands, first, context)
    }

    /// The owner named after `of` right after the measure ("a meeting of ECOWAS leaders").
    fn owner_of(&self, h: &Hit, names: &[&Placed]) -> Option<DecisionActor> {
        let doc = self.doc;
        let mut i = h.toks.end;
        if doc.word(i) != "of" {
            return None;
        }
        i += 1;
        if matches!(doc.word(i), "the" | "a" | "an") {
            i += 1;
        }
        match names.iter().find(|c| c.toks.start == i)?.cand {
            Cand::Name { m, a } => Some(self.named(m, a)),
            _ => None,
        }
    }

    /// True when the measure is named after a preposition of time ("since the offensive",
    /// "during the truce"), only determiners and modifiers between.
    pub fn in_time_phrase(&self, si: usize, h: &Hit) -> bool {
        let doc = self.doc;
        let from = h.toks.start.saturating_sub(5).max(doc.sents[si].start);
        for i in (from..h.toks.start).rev() {
            let w = doc.word(i);
            if matches!(
                w,
                "since" | "after" | "during" | "before" | "following" | "amid" | "despite"
            ) {
                return true;
            }
            if !doc.is_word(i) || PREPOSITIONS.contains(&w) || takes_object(w) || BE.contains(&w) {
                return false;
            }
        }
        false
    }

    /// True when the measure is named inside a prepositional phrase ("at the extraordinary
    /// summit", "following the meeting") or opens a clause of its own ("as the meeting
    /// opened"): a preposition or conjunction among the five words before it, with only
    /// determiners and modifiers between.
    pub fn in_phrase(&self, si: usize, h: &Hit) -> bool {
        let doc = self.doc;
        let from = h.toks.start.saturating_sub(5).max(doc.sents[si].start);
        for i in (from..h.toks.start).rev() {
            let w = doc.word(i);
            if PREPOSITIONS.contains(&w) || CONJUNCTIONS.contains(&w) {
                return true;
            }
            if !doc.is_word(i) || takes_object(w) || BE.contains(&w) {
                return false;
            }
        }
        false
    }

    /// True when the measure is the subject of a passive ("the meeting was postponed",
    /// "borders were closed") or its object ("to be charged with treason", "were handed an
    /// ultimatum"): a form of `be` then a participle (not one taking `to`, as in "was expected
    /// to") in or just after the measure, or just before it.
    fn passive(&self, si: usize, h: &Hit) -> bool {
        let doc = self.doc;
        let sent = &doc.sents[si];
        let participle_after = |i: usize| {
            let mut j = i + 1;
            while doc.word(j).ends_with("ly") || matches!(doc.word(j), "later" | "also" | "now") {
                j += 1;
            }
            is_participle(doc.word(j)) && doc.word(j + 1) != "to"
        };
        let after = (h.toks.start..(h.toks.end + 3).min(sent.end))
            .any(|i| BE.contains(&doc.word(i)) && participle_after(i));
        // before: `be`, the participle, then only determiners or numbers up to the measure
        let mut i = h.toks.start;
        while i > sent.start
            && (matches!(doc.word(i - 1), "the" | "a" | "an")
                || doc.toks[i - 1].kind == TokenKind::Number)
        {
            i -= 1;
        }
        let before =
            i >= sent.start + 2 && is_participle(doc.word(i - 1)) && BE.contains(&doc.word(i - 2));
        // the measure opens with the participle: "to be charged with treason"
        let opens = h.toks.start > sent.start
            && is_participle(doc.word(h.toks.start))
            && BE.contains(&doc.word(h.toks.start - 1));
        after || before || opens
    }

    /// True when the clause's subject undergoes the measure: a verb such as `face` or
    /// `receive` among the three words before it ("they face sanctions and possibly the use of
    /// force").
    fn undergone(&self, si: usize, h: &Hit) -> bool {
        let doc = self.doc;
        let from = h.toks.start.saturating_sub(8).max(doc.sents[si].start);
        let mut words = 0;
        for i in (from..h.toks.start).rev() {
            let w = doc.word(i);
            if UNDERGO.contains(&w) {
                return true;
            }
            if !doc.is_word(i) && !matches!(doc.text[doc.toks[i].range.clone()].trim(), ",") {
                return false;
            }
            if doc.is_word(i) && !matches!(w, "the" | "a" | "an" | "and" | "possibly" | "possible")
            {
                words += 1;
                if words > 3 {
                    return false;
                }
            }
        }
        false
    }

    /// A nearby organisation, else person, that is not a target (after `on`, `against`…) nor
    /// the passive's subject: before the measure, or after it with no punctuation between.
    fn nearby(
        &self,
        si: usize,
        h: &Hit,
        names: &[&Placed],
        patient: Option<&Range<usize>>,
        meeting: bool,
    ) -> Option<DecisionActor> {
        let doc = self.doc;
        let sent = &doc.sents[si];
        names
            .iter()
            .filter(|c| {
                // not the passive's subject, under any of its names
                let patient_actor = patient
                    .and_then(|p| names.iter().find(|x| &x.toks == p))
                    .and_then(|x| match x.cand {
                        Cand::Name { a, .. } => Some(a),
                        _ => None,
                    });
                let same = matches!(c.cand, Cand::Name { a, .. } if Some(a) == patient_actor);
                Some(&c.toks) != patient && !same
            })
            .filter(|c| {
                // after the measure: no punctuation between, or one comma before the main
                // clause's subject ("at an emergency summit, ECOWAS demanded…")
                let punct = (h.toks.end..c.toks.start)
                    .filter(|&i| !doc.is_word(i) && !doc.is_quote_mark(i))
                    .map(|i| doc.toks[i].text(doc.text))
                    .collect::<Vec<_>>();
                let after_comma = doc.word_before(c.toks.start, sent.start).is_none();
                // "the resolution welcomed Kenya's announcement": Kenya owns something else
                let owns = doc
                    .toks
                    .get(c.toks.end)
                    .is_some_and(|t| t.kind == TokenKind::Possessive);
                c.toks.end <= h.toks.start
                    || (punct.is_empty() && !owns)
                    || (punct == [","] && after_comma && self.verb_follows(sent, c))
            })
            .filter_map(|c| {
                let Cand::Name { m, a } = c.cand else {
                    return None;
                };
                let before = doc
                    .word_before(c.toks.start, sent.start)
                    .map(|b| doc.word(b));
                // "a meeting with an ECOWAS delegation": a party to it, not a target
                let party = meeting && before == Some("with");
                if !party
                    && before.is_some_and(|w| TARGET_PREPOSITIONS.contains(&w) || takes_object(w))
                {
                    return None;
                }
                let rank = match self.actors.kind(a)? {
                    EntityKind::Org => 0,
                    EntityKind::Person => 1,
                    EntityKind::Loc => return None,
                };
                Some(((rank, gap(&c.toks, &h.toks), c.toks.start), m, a))
            })
            .min_by_key(|(key, _, _)| *key)
            .map(|(_, m, a)| self.named(m, a))
    }

    /// The first candidate of the list (`A, B and C`, `A's and B's`) that `c` ends.
    fn first_conjunct<'c>(&self, cands: &'c [Placed], c: &'c Placed) -> &'c Placed {
        let Some(mut n) = cands.iter().position(|x| x == c) else {
            return c;
        };
        while n > 0 && self.joined(&cands[n - 1], &cands[n]) {
            n -= 1;
        }
        &cands[n]
    }

    /// True when `b` follows `a` in a list of names: only `and`, `or` or a comma between
    /// (after a possessive on `a`).
    fn joined(&self, a: &Placed, b: &Placed) -> bool {
        if a.cand == Cand::Pronoun || b.cand == Cand::Pronoun {
            return false;
        }
        let doc = self.doc;
        let mut i = a.toks.end;
        if doc
            .toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
        {
            i += 1;
        }
        let between: Vec<&str> = (i..b.toks.start)
            .map(|i| {
                if doc.is_word(i) {
                    doc.word(i)
                } else {
                    doc.text[doc.toks[i].range.clone()].trim()
                }
            })
            .filter(|w| !matches!(*w, "(" | ")" | "the"))
            .collect();
        // "the Economic Community of West African States (ECOWAS) and …": the acronym goes on
        // the list
        let same = matches!((&a.cand, &b.cand), (Cand::Name { a: x, .. }, Cand::Name { a: y, .. }) if x == y);
        // "France, the former colonial power, as well as the United States": an appositive
        // between commas is skipped
        let mut between = between.as_slice();
        if between.first() == Some(&",")
            && let Some(close) = between.iter().skip(1).position(|w| *w == ",")
            && close > 0
            && between[1..=close]
                .iter()
                .all(|w| !matches!(*w, "and" | "or"))
        {
            between = &between[close + 1..];
        }
        // "ECOWAS and the eight-member WAEMU": a counted modifier before the second name
        let counted = |w: &&str| {
            w.split_once('-')
                .is_some_and(|(_, what)| matches!(what, "member" | "nation" | "country" | "state"))
        };
        if let [first @ .., last] = between
            && counted(last)
        {
            between = first;
        }
        // "Irfaan Ali and his Venezuelan counterpart, Nicolás Maduro": the name after the
        // description
        let described = between.len() >= 3
            && between.len() <= 6
            && between.first() == Some(&"and")
            && between.last() == Some(&",")
            && between
                .iter()
                .any(|w| matches!(*w, "counterpart" | "colleague" | "rival" | "host"));
        if described {
            between = &["and"];
        }
        // "Israel and the Palestinian group Hamas": a classifier noun before the second name
        let classified = between.len() >= 2
            && between.len() <= 4
            && matches!(between.first(), Some(&("and" | "or")))
            && between.last().is_some_and(|w| CLASSIFIERS.contains(w))
            && between[1..]
                .iter()
                .all(|w| w.chars().all(char::is_alphanumeric));
        if classified {
            between = &between[..1];
        }
        let between = match between {
            [",", "as", "well", "as"] | ["as", "well", "as"] => &[","][..],
            other => other,
        };
        (same && between.is_empty())
            || matches!(between, ["and"] | ["or"] | ["nor"] | [","] | [",", "and"])
    }

    /// Adds the other actors of the list subject `c` belongs to, when the list is joined by
    /// `and` or `or` (not a comma alone: "Mali, in a statement,").
    fn coordinated(&self, cands: &[Placed], c: &Placed, out: &mut Vec<DecisionActor>) {
        let Some(n) = cands.iter().position(|x| x == c) else {
            return;
        };
        let mut first = n;
        while first > 0 && self.joined(&cands[first - 1], &cands[first]) {
            first -= 1;
        }
        let mut last = n;
        while last + 1 < cands.len() && self.joined(&cands[last], &cands[last + 1]) {
            last += 1;
        }
        let doc = self.doc;
        let has_and = (cands[first].toks.end..cands[last].toks.start)
            .any(|i| matches!(doc.word(i), "and" | "or" | "nor"));
        if !has_and {
            return;
        }
        for x in &cands[first..=last] {
            match x.cand {
                Cand::Name { m, a } if !out.iter().any(|o| o.actor == Some(a)) => {
                    out.push(self.named(m, a));
                }
                // "Ethiopia's government and the Tigrayan rebels"
                Cand::Group if !out.iter().any(|o| o.range == Some(doc.bytes(&x.toks))) => {
                    out.push(self.written(&x.toks));
                }
                _ => {}
            }
        }
    }

    /// Actor `a`, named by mention `m` (index into `Doc::mentions`).
    fn named(&self, m: usize, a: usize) -> DecisionActor {
        let at = &self.doc.mentions[m];
        let range = self.doc.bytes(&at.toks);
        DecisionActor {
            text: self.doc.text[range.clone()].to_string(),
            range: Some(range),
            actor: Some(a),
            mention: Some(at.mention),
        }
    }

    /// An actor no entity names, as written at tokens `toks`; a leader's government ("Prime
    /// Minister Abiy Ahmed's government") is the country's government the article named before
    /// ("Ethiopia's government").
    fn written(&self, toks: &Range<usize>) -> DecisionActor {
        if let Some(government) = self.government_named_before(toks) {
            return government;
        }
        let range = self.doc.bytes(toks);
        DecisionActor {
            text: self.doc.text[range.clone()].to_string(),
            range: Some(range),
            actor: None,
            mention: None,
        }
    }
}

impl Who<'_, '_, '_> {
    /// For a person's government or administration at `toks` ("Abiy Ahmed's government"), the
    /// last country's government (same head noun) named before it in the article: an
    /// organisation named so ("Ethiopia's government") or a country's group.
    fn government_named_before(&self, toks: &Range<usize>) -> Option<DecisionActor> {
        let doc = self.doc;
        let head = toks.end.checked_sub(1)?;
        let w = doc.word(head);
        if !matches!(w, "government" | "administration") {
            return None;
        }
        // the actor of the name that ends right before `at`
        let name_before = |at: usize| {
            let n = doc
                .mention_covering(at.checked_sub(1)?)
                .filter(|&n| doc.mentions[n].toks.end == at)?;
            Some((n, self.actors.deciding(doc.mentions[n].mention)?))
        };
        let possessive = |j: usize| {
            doc.toks
                .get(j)
                .is_some_and(|t| t.kind == TokenKind::Possessive)
        };
        let person = possessive(head - 1)
            && name_before(head - 1)
                .is_some_and(|(_, a)| self.actors.kind(a) == Some(EntityKind::Person));
        if !person {
            return None;
        }
        (1..toks.start)
            .rev()
            .filter(|&j| doc.word(j) == w)
            .find_map(|j| {
                // an organisation whose name ends with the head ("Ethiopia's government")
                if let Some((n, a)) = name_before(j + 1)
                    && self.actors.kind(a) == Some(EntityKind::Org)
                {
                    return Some(self.named(n, a));
                }
                // a country's group
                let (n, a) = name_before(j - 1).filter(|_| possessive(j - 1))?;
                (self.actors.kind(a) == Some(EntityKind::Loc)).then(|| {
                    let range = doc.bytes(&(doc.mentions[n].toks.start..j + 1));
                    DecisionActor {
                        text: doc.text[range.clone()].to_string(),
                        range: Some(range),
                        actor: None,
                        mention: None,
                    }
                })
            })
    }
}

/// Nouns that class the name right after them ("the militant group Hamas", "the regional bloc
/// ECOWAS").
const CLASSIFIERS: &[&str] = &[
    "group",
    "movement",
    "militia",
    "faction",
    "party",
    "organisation",
    "organization",
    "bloc",
    "alliance",
];

/// Tokens between two token ranges (0 when they touch or overlap).
pub(super) fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// True when the folded word `w` is (probably) a verb that takes an object.
pub(super) fn takes_object(w: &str) -> bool {
    if OBJECT_VERBS.contains(&w) {
        return true;
    }
    (w.ends_with("ed") || w.ends_with("ing"))
        && w.len() > 4
        && !CLAUSE_VERBS.contains(&w)
        && !NOT_VERBS.contains(&w)
        && !w.contains('-')
}

/// True when the folded word is a passive participle.
fn is_participle(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 3 && !NOT_VERBS.contains(&w))
        || matches!(
            w,
            "held"
                | "shut"
                | "cut"
                | "set"
                | "put"
                | "upheld"
                | "made"
                | "taken"
                | "given"
                | "drawn"
                | "sent"
                | "brought"
                | "led"
                | "told"
        )
}
