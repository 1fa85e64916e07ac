//! Turns candidate mentions into actors: drops headline and sentence-initial words that are
//! not names, decides the type of lone words, and merges mentions of one actor (surname and
//! first-name variants, acronyms and their expansions, gazetteer aliases, possessive titles,
//! nominals that clearly corefer).

use super::doc::Doc;
use super::names;
use super::scan::{Cand, LOCATIVES, ORG_HEADS, Source};
use super::{Actor, EntityKind, Extraction, Mention};
use crate::analysis::gazetteer::{Creates, EntryClass, Gazetteer, phrase_key};
use crate::analysis::gazetteer::{FastMap, FastSet};

/// Verbs after a lone name that show it is a person ("Tinubu said").
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "noted",
    "warned",
    "declared",
    "announced",
    "explained",
    "insisted",
    "stressed",
    "confirmed",
    "tweeted",
    "wrote",
    "urged",
    "argued",
    "claimed",
    "vowed",
    "pledged",
    "replied",
    "asked",
    "met",
    "spoke",
    "called",
];

/// An actor being built.
#[derive(Default)]
struct Build {
    kind: Option<EntityKind>,
    entry: Option<usize>,
    /// Folded name tokens of the fullest person name so far.
    name_toks: Vec<String>,
    /// Nominal class and anchor for actors made from organisation nominals.
    nominal: Option<(String, Option<usize>)>,
    /// Country or body entry the actor's role belongs to.
    owner: Option<usize>,
}

/// Assignment of candidates to actors.
struct State<'d, 'a> {
    doc: &'d Doc<'a>,
    gaz: &'d Gazetteer,
    cands: Vec<Cand>,
    actors: Vec<Build>,
    of: Vec<Option<usize>>,
}

/// Builds the extraction from the scanned candidates.
pub fn resolve(doc: &Doc, gaz: &Gazetteer, cands: Vec<Cand>) -> Extraction {
    let cands = filter_names(doc, gaz, cands);
    let n = cands.len();
    let mut st = State {
        doc,
        gaz,
        cands,
        actors: Vec::new(),
        of: vec![None; n],
    };
    st.gazetteer_names();
    st.full_person_names();
    st.weak_places_of_people();
    st.other_names();
    st.acronyms();
    st.person_nominals();
    st.org_nominals();
    st.finish()
}

/// Applies the capitalisation rules to unknown names: in title-case lines only words the body
/// uses as names count; a sentence's first word counts only when it is known as a name or
/// never written in lower case.
fn filter_names(doc: &Doc, gaz: &Gazetteer, cands: Vec<Cand>) -> Vec<Cand> {
    let mut known: FastSet<&str> = FastSet::default();
    let mut weak_seen: FastSet<usize> = FastSet::default();
    for c in &cands {
        let lone_opener = c.toks.len() == 1 && doc.sentence_start[c.toks.start];
        let reliable = !(c.titlecase || lone_opener);
        if c.source == Source::Name && reliable {
            known.extend(c.toks.clone().map(|i| doc.f(i)));
        }
        if let Source::Gaz(e) = c.source
            && reliable
        {
            weak_seen.insert(e);
        }
    }
    let mut out = Vec::with_capacity(cands.len());
    for mut c in cands {
        if let Source::Gaz(e) = c.source
            && gaz.entries[e].weak
        {
            // a city of the world list in a headline counts when the body names it; as a
            // sentence's lone first word, when the text never writes it in lower case
            let first = c.toks.start;
            let lone_opener = c.toks.len() == 1 && doc.sentence_start[first];
            let common = doc.lowercase_words.contains(doc.f(first));
            if (c.titlecase && !weak_seen.contains(&e)) || (lone_opener && common) {
                out.push(dropped(c));
                continue;
            }
        }
        if c.source != Source::Name {
            out.push(c);
            continue;
        }
        trim_speech_verbs(doc, &mut c);
        if c.toks.is_empty() {
            out.push(dropped(c));
            continue;
        }
        if c.titlecase {
            // keep the longest stretch of known name words
            let mut best: Option<(usize, usize)> = None;
            let mut s = None;
            for i in c.toks.clone().chain(std::iter::once(c.toks.end)) {
                let ok = i < c.toks.end && (known.contains(doc.f(i)) || doc.is_acronym(i));
                match (ok, s) {
                    (true, None) => s = Some(i),
                    (false, Some(st)) => {
                        if best.is_none_or(|(a, b)| i - st > b - a) {
                            best = Some((st, i));
                        }
                        s = None;
                    }
                    _ => {}
                }
            }
            let Some((a, b)) = best else {
                out.push(dropped(c));
                continue;
            };
            if b - a < c.toks.len() && c.kind != Some(EntityKind::Person) {
                c.kind = None;
            }
            if a > c.name_from {
                c.toks = a..b;
                c.name_from = a;
            } else {
                c.toks.end = b;
            }
        }
        // "Security Abdel-Fatau Musah": a person's name does not start with a common word
        while c.kind == Some(EntityKind::Person)
            && c.toks.end - c.name_from > 2
            && doc.lowercase_words.contains(doc.f(c.name_from))
        {
            c.name_from += 1;
            c.toks.start = c.toks.start.max(c.name_from - 1).min(c.name_from);
        }
        let first = c.toks.start;
        if c.name_from == first && doc.sentence_start[first] && !known.contains(doc.f(first)) {
            let common = doc.lowercase_words.contains(doc.f(first))
                || gaz.is_nonname(doc.f(first))
                || gaz.is_common_word(doc.f(first));
            if common {
                c.toks.start += 1;
                c.name_from = c.toks.start;
                if c.toks.is_empty() {
                    out.push(dropped(c));
                    continue;
                }
                if c.toks.len() == 1 && c.kind == Some(EntityKind::Person) && c.role.is_none() {
                    c.kind = None;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Cuts a speech verb off the edge of a name, leaving a person: "Said Biden" at a
/// sentence's start, after a quote or in a headline, "Biden Says" in a headline; not inside
/// a sentence ("the envoy Said Djinnit").
fn trim_speech_verbs(doc: &Doc, c: &mut Cand) {
    let is_verb = |i: usize| SPEECH_VERBS.contains(&doc.f(i));
    let first = c.toks.start;
    let after_punct = first > 0 && !doc.is_word(first - 1);
    let opener = doc.sentence_start[first] || c.titlecase || after_punct;
    // the one who speaks is a person
    if c.toks.len() > 1 && c.name_from == first && opener && is_verb(first) {
        c.toks.start += 1;
        c.name_from = c.toks.start;
        c.kind = Some(EntityKind::Person);
    }
    let last = c.toks.end - 1;
    if c.toks.len() > 1 && last > c.name_from && c.titlecase && is_verb(last) {
        c.toks.end -= 1;
        c.kind = Some(EntityKind::Person);
    }
}

/// A candidate kept in place (indices stay valid) but emptied, so nothing uses it.
fn dropped(mut c: Cand) -> Cand {
    c.toks = c.toks.start..c.toks.start;
    c.name_from = c.toks.start;
    c.kind = None;
    c
}

impl State<'_, '_> {
    /// Creates a new actor and returns its index.
    fn new_actor(&mut self, b: Build) -> usize {
        self.actors.push(b);
        self.actors.len() - 1
    }

    /// Folded name tokens of candidate `i` (words only).
    fn name_toks(&self, i: usize) -> Vec<String> {
        let c = &self.cands[i];
        (c.name_from.max(c.toks.start)..c.toks.end)
            .filter(|&t| self.doc.is_word(t))
            .map(|t| self.doc.f(t).to_string())
            .collect()
    }

    /// One actor per gazetteer entry named.
    fn gazetteer_names(&mut self) {
        let mut by_entry: FastMap<usize, usize> = FastMap::default();
        for i in 0..self.cands.len() {
            let Source::Gaz(e) = self.cands[i].source else {
                continue;
            };
            let a = match by_entry.get(&e) {
                Some(&a) => a,
                None => {
                    let a = self.new_actor(Build {
                        kind: Some(self.gaz.entries[e].kind),
                        entry: Some(e),
                        ..Build::default()
                    });
                    by_entry.insert(e, a);
                    a
                }
            };
            self.of[i] = Some(a);
        }
        self.capitals_for_countries(&by_entry);
    }

    /// "Moscow said", "Washington's backing": a capital named for its country's government
    /// is a mention of the country, when the article names the country (`by_entry`: the
    /// actor of each gazetteer entry). A capital read as a place stays the city: after "in",
    /// "to", "of", "left" …, in a dateline ("BAKU"), as an apposition ("the capital, Accra")
    /// or joined by "and" to a place ("in Bamako and Ouagadougou").
    fn capitals_for_countries(&mut self, by_entry: &FastMap<usize, usize>) {
        let mut place_end = None;
        for i in 0..self.cands.len() {
            let Source::Gaz(e) = self.cands[i].source else {
                continue;
            };
            let entry = &self.gaz.entries[e];
            let (first, end) = (self.cands[i].toks.start, self.cands[i].toks.end);
            if entry.kind != EntityKind::Loc || first == end {
                continue;
            }
            let place = place_reading(self.doc, first, end, place_end);
            if place {
                place_end = Some(end);
            }
            let country = entry
                .country
                .as_deref()
                .and_then(|c| self.gaz.country_id(c));
            let Some(&a) = country.and_then(|c| by_entry.get(&c)) else {
                continue;
            };
            if entry.capital && !place {
                self.of[i] = Some(a);
            }
        }
    }

    /// A lone word that names both a world-list place and a person of the article ("Lloyd
    /// Austin … Austin said") is the person; a world-list city whose name opens the name of
    /// a region the article names ("Gaza" beside "the Gaza Strip") is that region.
    fn weak_places_of_people(&mut self) {
        for i in 0..self.cands.len() {
            let Source::Gaz(e) = self.cands[i].source else {
                continue;
            };
            if !self.gaz.entries[e].weak {
                continue;
            }
            let words = self.name_toks(i);
            if let [word] = &words[..]
                && let Some(a) = self.person_by_part(word)
            {
                self.cands[i].kind = Some(EntityKind::Person);
                self.cands[i].source = Source::Name;
                self.of[i] = Some(a);
                continue;
            }
            if let Some(r) = self.region_opened_by(&words, e) {
                self.of[i] = self.of[r];
            }
        }
    }

    /// A candidate naming a region (gazetteer region or unknown place) whose name starts
    /// with `words` and goes on, other than entry `e` itself.
    fn region_opened_by(&self, words: &[String], e: usize) -> Option<usize> {
        (0..self.cands.len()).find(|&r| {
            let c = &self.cands[r];
            let region = match c.source {
                Source::Gaz(re) => re != e && self.gaz.entries[re].class == EntryClass::Region,
                Source::Name => c.kind == Some(EntityKind::Loc),
                _ => false,
            };
            let toks = self.name_toks(r);
            region && self.of[r].is_some() && toks.len() > words.len() && toks.starts_with(words)
        })
    }

    /// Person names of two or more words, longest first, merged on surname and first name.
    fn full_person_names(&mut self) {
        let mut order: Vec<usize> = (0..self.cands.len())
            .filter(|&i| {
                let c = &self.cands[i];
                c.source == Source::Name
                    && c.kind == Some(EntityKind::Person)
                    && self.name_toks(i).len() >= 2
            })
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.name_toks(i).len()));
        for i in order {
            let toks = self.name_toks(i);
            let found = self.actors.iter().position(|a| {
                a.kind == Some(EntityKind::Person)
                    && a.entry.is_none()
                    && names::same_person(&toks, &a.name_toks, self.gaz)
            });
            let a = match found {
                Some(a) => a,
                None => self.new_actor(Build {
                    kind: Some(EntityKind::Person),
                    name_toks: toks,
                    ..Build::default()
                }),
            };
            self.note_owner(a, i);
            self.of[i] = Some(a);
        }
    }

    /// Records the owner of a candidate's role on its actor.
    fn note_owner(&mut self, a: usize, i: usize) {
        if let Some(o) = &self.cands[i].owner {
            self.actors[a].owner.get_or_insert(o.entry);
        }
    }

    /// Single-word names and organisation and place names.
    fn other_names(&mut self) {
        let mut by_key: FastMap<(String, EntityKind), usize> = FastMap::default();
        for i in 0..self.cands.len() {
            if self.of[i].is_some() || self.cands[i].source != Source::Name {
                continue;
            }
            let toks = self.name_toks(i);
            if toks.is_empty() {
                continue;
            }
            if toks.len() == 1
                && self.cands[i].kind != Some(EntityKind::Org)
                && let Some(a) = self.person_by_part(&toks[0])
            {
                self.cands[i].kind = Some(EntityKind::Person);
                self.note_owner(a, i);
                self.of[i] = Some(a);
                continue;
            }
            // "Parliament" after "the European Parliament"
            if toks.len() == 1
                && ORG_HEADS.contains(&toks[0].as_str())
                && let Some(a) = self.org_by_head(&toks[0])
            {
                self.cands[i].kind = Some(EntityKind::Org);
                self.of[i] = Some(a);
                continue;
            }
            let Some(kind) = self.decide_kind(i) else {
                continue;
            };
            self.cands[i].kind = Some(kind);
            let key = (toks.join(" "), kind);
            let a = match by_key.get(&key) {
                Some(&a) => a,
                None => {
                    let a = self.new_actor(Build {
                        kind: Some(kind),
                        name_toks: toks,
                        ..Build::default()
                    });
                    by_key.insert(key, a);
                    a
                }
            };
            self.note_owner(a, i);
            self.of[i] = Some(a);
        }
    }

    /// The one organisation actor of two or more words whose last word is `word`.
    fn org_by_head(&self, word: &str) -> Option<usize> {
        let last_word = |a: &Build| -> Option<String> {
            match a.entry {
                Some(e) => phrase_key(&self.gaz.entries[e].name)
                    .rsplit_once(' ')
                    .map(|(_, l)| l.to_string()),
                None if a.name_toks.len() >= 2 => a.name_toks.last().cloned(),
                None => None,
            }
        };
        self.unique_actor(|a| {
            a.kind == Some(EntityKind::Org) && last_word(a).is_some_and(|l| l == word)
        })
        .flatten()
    }

    /// The one person actor whose surname or first name is `word`, else the one whose
    /// surname is a spelling variant of it ("Bazoam" for "Mohamed Bazoum").
    fn person_by_part(&self, word: &str) -> Option<usize> {
        let full = |a: &Build| a.kind == Some(EntityKind::Person) && a.name_toks.len() >= 2;
        let exact = self.unique_actor(|a| {
            full(a)
                && (a.name_toks.last().is_some_and(|l| l == word)
                    || a.name_toks.first().is_some_and(|f| f == word))
        });
        match exact {
            Some(found) => found,
            None => self
                .unique_actor(|a| {
                    full(a)
                        && a.name_toks
                            .last()
                            .is_some_and(|l| names::same_word(l, word, self.gaz))
                })
                .flatten(),
        }
    }

    /// The actor matching `pred`: `None` when none does, `Some(None)` when several do.
    fn unique_actor(&self, pred: impl Fn(&Build) -> bool) -> Option<Option<usize>> {
        let mut hits = self
            .actors
            .iter()
            .enumerate()
            .filter(|(_, a)| pred(a))
            .map(|(i, _)| i);
        let first = hits.next()?;
        Some(if hits.next().is_some() {
            None
        } else {
            Some(first)
        })
    }

    /// The type of an unknown name: as scanned, else an acronym is an organisation, a word
    /// after "in"/"at"/"from" a place, a word before a speech verb a person; others are dropped.
    fn decide_kind(&self, i: usize) -> Option<EntityKind> {
        let c = &self.cands[i];
        if let Some(k) = c.kind {
            return Some(k);
        }
        let doc = self.doc;
        let first = c.toks.start;
        if doc.is_acronym(first) {
            return Some(EntityKind::Org);
        }
        if c.role.is_some() {
            return Some(EntityKind::Person);
        }
        let before = first.checked_sub(1).map_or("", |b| doc.f(b));
        if LOCATIVES.contains(&before) {
            return Some(EntityKind::Loc);
        }
        let after = doc.f(c.toks.end);
        if SPEECH_VERBS.contains(&after) || person_apposition(doc, c.toks.end) {
            return Some(EntityKind::Person);
        }
        None
    }

    /// Merges acronyms with the names they abbreviate: defined in the text, or whose
    /// initials they are.
    fn acronyms(&mut self) {
        for i in 0..self.cands.len() {
            let Some(d) = self.cands[i].defines else {
                continue;
            };
            if self.abbreviates_inner_name(i, d) {
                continue;
            }
            if let (Some(a), Some(b)) = (self.of[i], self.of[d]) {
                if a != b {
                    self.merge(a, b);
                }
            } else if let Some(b) = self.of[d] {
                self.of[i] = Some(b);
            }
        }
        // an undefined acronym whose letters are the initials of an organisation actor
        for i in 0..self.cands.len() {
            let Some(a) = self.of[i] else { continue };
            let c = &self.cands[i];
            if c.toks.len() != 1
                || !self.doc.is_acronym(c.toks.start)
                || self.actors[a].entry.is_some()
            {
                continue;
            }
            let letters = self.doc.f(c.toks.start).replace('.', "");
            let target = self.actors.iter().position(|b| {
                b.kind == Some(EntityKind::Org)
                    && b.name_toks.len() >= 2
                    && initials(&b.name_toks) == letters
            });
            if let Some(b) = target
                && b != a
            {
                self.merge(a, b);
            }
        }
    }

    /// True when the known acronym `i` abbreviates a gazetteer name inside the longer name
    /// `d` rather than `d` itself: "Authority of Heads of State and Government of the
    /// Economic Community of West African States (ECOWAS)".
    fn abbreviates_inner_name(&self, i: usize, d: usize) -> bool {
        let Source::Gaz(e) = self.cands[i].source else {
            return false;
        };
        let long = &self.cands[d];
        long.source != Source::Gaz(e)
            && (long.toks.start + 1..long.toks.end).any(|k| {
                self.gaz
                    .names
                    .longest(&self.doc.folded, k)
                    .is_some_and(|(end, hit)| hit.entry == e && end <= long.toks.end)
            })
    }

    /// Moves every mention of actor `from` to actor `into` (keeping a gazetteer entry).
    fn merge(&mut self, from: usize, into: usize) {
        for o in &mut self.of {
            if *o == Some(from) {
                *o = Some(into);
            }
        }
        if self.actors[into].entry.is_none() {
            self.actors[into].entry = self.actors[from].entry.take();
        }
        if self.actors[into].owner.is_none() {
            self.actors[into].owner = self.actors[from].owner.take();
        }
        self.actors[from].kind = None;
    }

    /// Links person nominals: to the name beside them, else to the one person whose role and
    /// owner fit ("the Russian leader" → the Russian with a leading role).
    fn person_nominals(&mut self) {
        for i in 0..self.cands.len() {
            let Source::PersonNominal { head } = &self.cands[i].source else {
                continue;
            };
            if let Some(n) = self.cands[i].names {
                self.of[i] = self.of[n];
                continue;
            }
            let owner = self.cands[i].owner.as_ref().map(|o| o.entry);
            let fits: Vec<usize> = (0..self.actors.len())
                .filter(|&a| {
                    let b = &self.actors[a];
                    b.kind == Some(EntityKind::Person)
                        && owner.is_some()
                        && self.same_owner(b.owner, owner)
                        && self.role_fits(a, head)
                })
                .collect();
            if let Some(a) = self.one_fit(&fits, owner) {
                self.of[i] = Some(a);
            }
        }
    }

    /// The one fitting person for a nominal owned by `owner`; of several, the one whose own
    /// owner is that very country ("the Russian leader" is Russia's president, not the
    /// chief of a Russian company).
    fn one_fit(&self, fits: &[usize], owner: Option<usize>) -> Option<usize> {
        if let [a] = fits[..] {
            return Some(a);
        }
        let country = owner.map(|o| self.country_key(o))?;
        let mut direct = fits.iter().copied().filter(|&a| {
            self.actors[a].owner.is_some_and(|e| {
                self.gaz.entries[e].class == EntryClass::Country && self.country_key(e) == country
            })
        });
        let first = direct.next();
        if direct.next().is_some() { None } else { first }
    }

    /// True when two owners are the same entry or the same country.
    fn same_owner(&self, a: Option<usize>, b: Option<usize>) -> bool {
        let country = |e: usize| -> String {
            let en = &self.gaz.entries[e];
            match en.class {
                EntryClass::Country => en.name.clone(),
                _ => en.country.clone().unwrap_or_else(|| en.name.clone()),
            }
        };
        match (a, b) {
            (Some(a), Some(b)) => a == b || country(a) == country(b),
            _ => false,
        }
    }

    /// True when actor `a` has a role whose words include `head`, or `head` is "leader" and
    /// the actor leads something.
    fn role_fits(&self, a: usize, head: &str) -> bool {
        const LEADING: &[&str] = &[
            "president",
            "leader",
            "head",
            "chairman",
            "general",
            "gen",
            "king",
            "prime",
            "chief",
            "ruler",
            "colonel",
            "col",
        ];
        self.cands
            .iter()
            .zip(&self.of)
            .filter(|(_, o)| **o == Some(a))
            .filter_map(|(c, _)| c.role.as_deref())
            .any(|role| {
                let words: Vec<String> = role
                    .split(|c: char| !c.is_alphanumeric())
                    .map(crate::analysis::text::fold)
                    .collect();
                words.iter().any(|w| w == head)
                    || (head == "leader" && words.iter().any(|w| LEADING.contains(&w.as_str())))
            })
    }

    /// Links organisation nominals: anchored ones to an actor per (class, anchor) — or to a
    /// named organisation of that class and country; unanchored ones to the one actor of
    /// their class, else (for "always" phrases) to an actor of their own.
    fn org_nominals(&mut self) {
        let mut by_key: FastMap<(String, Option<usize>), usize> = FastMap::default();
        // anchored first, so later unanchored mentions can find them
        for i in 0..self.cands.len() {
            let Source::OrgNominal { class, creates } = &self.cands[i].source else {
                continue;
            };
            let Some(anchor) = self.cands[i].owner.as_ref().map(|o| o.entry) else {
                continue;
            };
            let (class, creates) = (class.clone(), *creates);
            if let Some(a) = self.named_of_class(&class, Some(anchor)) {
                self.of[i] = Some(a);
                continue;
            }
            if creates == Creates::Never {
                continue;
            }
            let key = (class.clone(), Some(self.country_key(anchor)));
            let a = match by_key.get(&key) {
                Some(&a) => a,
                None => {
                    let a = self.new_actor(Build {
                        kind: Some(EntityKind::Org),
                        nominal: Some((class, Some(anchor))),
                        ..Build::default()
                    });
                    by_key.insert(key, a);
                    a
                }
            };
            self.of[i] = Some(a);
        }
        for i in 0..self.cands.len() {
            let Source::OrgNominal { class, creates } = &self.cands[i].source else {
                continue;
            };
            if self.cands[i].owner.is_some() {
                continue;
            }
            let (class, creates) = (class.clone(), *creates);
            let mut fits: Vec<usize> = by_key
                .iter()
                .filter(|((c, _), _)| *c == class)
                .map(|(_, &a)| a)
                .collect();
            if let Some(a) = self.named_of_class(&class, None) {
                fits.push(a);
            }
            fits.sort_unstable();
            fits.dedup();
            if let [a] = fits[..] {
                self.of[i] = Some(a);
            } else if fits.is_empty() && creates == Creates::Always {
                let key = (class.clone(), None);
                let a = match by_key.get(&key) {
                    Some(&a) => a,
                    None => {
                        let a = self.new_actor(Build {
                            kind: Some(EntityKind::Org),
                            nominal: Some((class, None)),
                            ..Build::default()
                        });
                        by_key.insert(key, a);
                        a
                    }
                };
                self.of[i] = Some(a);
            } else if let Some(a) = self.salient(&fits) {
                self.of[i] = Some(a);
            }
        }
    }

    /// Of several fitting actors, the one with more mentions than all others together.
    fn salient(&self, fits: &[usize]) -> Option<usize> {
        let count = |a: usize| self.of.iter().filter(|o| **o == Some(a)).count();
        let total: usize = fits.iter().map(|&a| count(a)).sum();
        fits.iter().copied().find(|&a| count(a) * 2 > total)
    }

    /// A key that treats a country's aliases and demonym as one anchor.
    fn country_key(&self, entry: usize) -> usize {
        let en = &self.gaz.entries[entry];
        match (&en.class, &en.country) {
            (EntryClass::Country, _) | (_, None) => entry,
            (_, Some(c)) => self.gaz.country_id(c).unwrap_or(entry),
        }
    }

    /// The one named (gazetteer) actor of a nominal class, for an anchor if given: the
    /// article's ECOWAS for "the bloc", its CNSP for "Niger's junta".
    fn named_of_class(&self, class: &str, anchor: Option<usize>) -> Option<usize> {
        let fits: Vec<usize> = (0..self.actors.len())
            .filter(|&a| {
                let Some(e) = self.actors[a].entry else {
                    return false;
                };
                let en = &self.gaz.entries[e];
                en.class.nominal_class() == Some(class)
                    && anchor.is_none_or(|an| {
                        let an = &self.gaz.entries[an];
                        en.country.as_deref() == Some(an.name.as_str())
                    })
            })
            .collect();
        match fits[..] {
            [a] => Some(a),
            [] => None,
            _ => self.salient(&fits),
        }
    }

    /// Builds the final mentions and actors, actors in order of first mention.
    fn finish(self) -> Extraction {
        let doc = self.doc;
        let mut order: Vec<usize> = Vec::new();
        let mut index: FastMap<usize, usize> = FastMap::default();
        let mut mentions = Vec::new();
        let mut name_texts: Vec<String> = Vec::new();
        let mut is_name: Vec<bool> = Vec::new();
        let mut ranked: Vec<usize> = (0..self.cands.len()).collect();
        ranked.sort_by_key(|&i| (self.cands[i].toks.start, self.cands[i].toks.end));
        for i in ranked {
            let c = &self.cands[i];
            let is_nominal = matches!(
                c.source,
                Source::PersonNominal { .. } | Source::OrgNominal { .. }
            );
            let Some(kind) = c.kind else { continue };
            if c.toks.is_empty() {
                continue;
            }
            let actor = self.of[i].filter(|&a| self.actors[a].kind.is_some());
            if actor.is_none() && !is_nominal {
                continue;
            }
            let actor = actor.map(|a| {
                *index.entry(a).or_insert_with(|| {
                    order.push(a);
                    order.len() - 1
                })
            });
            let range = doc.span(&c.toks);
            let name_from = c
                .name_from
                .clamp(c.toks.start, c.toks.end.saturating_sub(1));
            name_texts.push(doc.span_text(&(name_from..c.toks.end)).to_string());
            // a capital standing for its country ("Moscow said") never names the country
            let metonym = match (c.source.clone(), self.of[i]) {
                (Source::Gaz(e), Some(a)) => self.actors[a].entry != Some(e),
                _ => false,
            };
            is_name.push(!is_nominal && !metonym);
            mentions.push(Mention {
                text: doc.text[range.clone()].to_string(),
                range,
                kind: actor.map_or(kind, |a| self.actors[order[a]].kind.unwrap_or(kind)),
                actor,
                role: c.role.clone(),
            });
        }
        let mut actors: Vec<Actor> = order
            .iter()
            .map(|&a| Actor {
                name: String::new(),
                kind: self.actors[a].kind.unwrap_or(EntityKind::Org),
                roles: Vec::new(),
                country: self.actors[a].owner.or(self.actors[a].entry).and_then(|e| {
                    let en = &self.gaz.entries[e];
                    match en.class {
                        EntryClass::Country => Some(en.name.clone()),
                        _ => en.country.clone(),
                    }
                }),
                mentions: Vec::new(),
            })
            .collect();
        for (mi, m) in mentions.iter().enumerate() {
            let Some(a) = m.actor else { continue };
            actors[a].mentions.push(mi);
            if let Some(r) = &m.role
                && !actors[a].roles.contains(r)
            {
                actors[a].roles.push(r.clone());
            }
        }
        for (k, actor) in actors.iter_mut().enumerate() {
            let nominal_only = self.actors[order[k]].nominal.is_some();
            let named: Vec<usize> = actor
                .mentions
                .iter()
                .copied()
                .filter(|&m| is_name[m])
                .collect();
            let ids = if named.is_empty() || nominal_only {
                &actor.mentions
            } else {
                &named
            };
            actor.name = best_name(&name_texts, ids, nominal_only || named.is_empty());
        }
        Extraction { mentions, actors }
    }
}

/// The fullest name among an actor's mentions: the longest proper name that is not an
/// acronym, else an acronym; for actors made of nominals the longest one, without "the".
fn best_name(texts: &[String], ids: &[usize], nominal: bool) -> String {
    let is_nominal_text = |t: &str| {
        t.starts_with(|c: char| c.is_lowercase())
            || t.starts_with("the ")
            || t.starts_with("The ")
            || t.starts_with("a ")
    };
    let proper: Vec<&str> = ids
        .iter()
        .map(|&i| texts[i].as_str())
        .filter(|t| nominal || !is_nominal_text(t) || t.starts_with("The "))
        .collect();
    let score = |t: &str| {
        let acronym = crate::analysis::text::is_acronym(t);
        (!acronym, t.split_whitespace().count(), t.len())
    };
    let best = proper
        .iter()
        .copied()
        .fold(None::<&str>, |b, t| match b {
            Some(b) if score(b) >= score(t) => Some(b),
            _ => Some(t),
        })
        .or_else(|| ids.first().map(|&i| texts[i].as_str()))
        .unwrap_or("");
    let mut name = best.to_string();
    if nominal {
        for det in ["the ", "The ", "a ", "A ", "an ", "An ", "its ", "Its "] {
            if let Some(rest) = name.strip_prefix(det) {
                name = rest.to_string();
                break;
            }
        }
    }
    name
}

/// True when the place name at `first..end` is read as a place, not as the government
/// seated there: after a locative or motion word, "of" or "on"; after "the" unless a
/// government word follows ("the Pretoria talks", not "the Baku government"); before a
/// noun of events or dwellers ("Accra meeting", "Kyiv residents"); in capitals
/// or a dateline; as an apposition ("the capital, Accra"); joined by "and", "or" or a
/// comma to a place read so, which ends at `place_end`.
fn place_reading(doc: &Doc, first: usize, end: usize, place_end: Option<usize>) -> bool {
    const MOTION: &[&str] = &[
        "left",
        "leave",
        "leaves",
        "leaving",
        "fled",
        "reached",
        "visited",
        "visit",
        "visiting",
        "toured",
        "entered",
        "evacuated",
    ];
    let before = first.checked_sub(1).map_or("", |b| doc.f(b));
    let before2 = first.checked_sub(2).map_or("", |b| doc.f(b));
    let governs = matches!(
        doc.f(end),
        "government" | "authorities" | "regime" | "administration" | "leadership"
    );
    // "the Accra meeting", "Kyiv residents"
    let modifies = matches!(
        doc.f(end),
        "meeting"
            | "meetings"
            | "talks"
            | "summit"
            | "session"
            | "conference"
            | "visit"
            | "trip"
            | "residents"
            | "streets"
            | "airport"
            | "office"
            | "embassy"
            | "attack"
            | "attacks"
    );
    let joined = matches!(before, "and" | "or" | ",") && place_end == Some(first - 1);
    let apposition = before == "," && matches!(before2, "capital" | "city" | "town");
    LOCATIVES.contains(&before)
        || MOTION.contains(&before)
        || matches!(before, "of" | "on")
        || (before == "the" && !governs)
        || modifies
        || joined
        || apposition
        || doc.is_acronym(first)
        || dateline(doc, first, end)
}

/// True when the name at `first..end` opens a paragraph as a dateline: "BAKU —", "Niamey,
/// The Gulf Observer:".
fn dateline(doc: &Doc, first: usize, end: usize) -> bool {
    let opens = first == 0 || doc.toks.get(first - 1).is_some_and(|t| t.is_break());
    opens && matches!(doc.f(end), "," | "(" | "—" | "–" | "-" | ":")
}

/// True when the tokens from `at` describe the person just named: ", who …", ", whose …"
/// or an age, ", 62,".
fn person_apposition(doc: &Doc, at: usize) -> bool {
    if doc.f(at) != "," {
        return false;
    }
    let next = doc.f(at + 1);
    let age = next.len() <= 3
        && next.chars().all(|c| c.is_ascii_digit())
        && !next.is_empty()
        && doc.f(at + 2) == ",";
    matches!(next, "who" | "whose") || age
}

/// The initials of the capitalised words of a name, excluding connectors.
fn initials(toks: &[String]) -> String {
    toks.iter()
        .filter(|t| {
            !matches!(
                t.as_str(),
                "of" | "for" | "the" | "and" | "de" | "du" | "des"
            )
        })
        .filter_map(|t| t.chars().next())
        .collect()
}
