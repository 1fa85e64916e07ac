//! Word lists the entity pass matches against: countries and places, organisations, titles
//! and roles, organisation nominals, capitalised words that are not names, and spelling
//! variants of personal names.
//!
//! The lists are the readable TSV files in `assets/gazetteer/`, compiled into the binary with
//! `include_str!` and parsed once ([`Gazetteer::builtin`]). `countries.tsv` and `world.tsv`
//! are generated from GeoNames data by `scripts/gazetteer/build_world.py`; the others are
//! written by hand. A project can add its own entries
//! ([`Gazetteer::with_user_entries`]). Phrases are matched token by token on folded text
//! ([`crate::analysis::text::fold`]), longest match first.

use crate::analysis::entities::EntityKind;
use crate::analysis::text::{self, TokenKind};
pub use crate::fasthash::{FastMap, FastSet, FxHasher};
pub use crate::model::UserEntry;
use std::sync::LazyLock;

const COUNTRIES: &str = include_str!("../../assets/gazetteer/countries.tsv");
const PLACES: &str = include_str!("../../assets/gazetteer/places.tsv");
const WORLD: &str = include_str!("../../assets/gazetteer/world.tsv");
const ORGS: &str = include_str!("../../assets/gazetteer/orgs.tsv");
const TITLES: &str = include_str!("../../assets/gazetteer/titles.tsv");
const NOMINALS: &str = include_str!("../../assets/gazetteer/nominals.tsv");
const NONNAMES: &str = include_str!("../../assets/gazetteer/nonnames.txt");
const VARIANTS: &str = include_str!("../../assets/gazetteer/variants.txt");
const COMMON_WORDS: &str = include_str!("../../assets/gazetteer/common_words.txt");

/// What kind of thing a gazetteer entry is, finer than [`EntityKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryClass {
    Country,
    City,
    Region,
    /// A regional or international body of states (ECOWAS, the AU, the UN).
    Bloc,
    /// Another institution (the IMF, a court, a named programme).
    Body,
    /// A news outlet.
    Outlet,
    /// A news agency.
    Agency,
    /// An armed or militant group.
    Armed,
    Company,
    /// A ruling military council.
    Junta,
    Party,
    /// A named seat of government (the Kremlin, the White House).
    Government,
    /// Added by the analyst for one project.
    User,
}

impl EntryClass {
    /// Parses the class column of the TSV files.
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "country" => Self::Country,
            "city" => Self::City,
            "region" => Self::Region,
            "bloc" => Self::Bloc,
            "body" => Self::Body,
            "outlet" => Self::Outlet,
            "agency" => Self::Agency,
            "armed" => Self::Armed,
            "company" => Self::Company,
            "junta" => Self::Junta,
            "party" => Self::Party,
            "government" => Self::Government,
            _ => return None,
        })
    }

    /// The entity type of entries of this class.
    pub fn kind(self) -> EntityKind {
        match self {
            Self::Country | Self::City | Self::Region => EntityKind::Loc,
            _ => EntityKind::Org,
        }
    }

    /// The nominal class (see `nominals.tsv`) that refers to entries of this class.
    pub fn nominal_class(self) -> Option<&'static str> {
        match self {
            Self::Bloc => Some("bloc"),
            Self::Junta => Some("junta"),
            _ => None,
        }
    }
}

/// One named thing: a country, place or organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The name used when the article gives no fuller one.
    pub name: String,
    pub class: EntryClass,
    /// Entity type; follows `class` except for user entries.
    pub kind: EntityKind,
    /// Country the entry belongs to (for organisations and places), by name.
    pub country: Option<String>,
    /// The capital of `country`: the text may name it for the country's government
    /// ("Moscow said").
    pub capital: bool,
    /// A name from the generated world list that may also be a person's or part of a longer
    /// name ("Vladimir", "Austin", "Gaza Strip"): the entity pass takes it as a place only
    /// when it stands alone.
    pub weak: bool,
}

/// How a title is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleClass {
    /// Leads a state, government or body: President, leader, chairman.
    Head,
    Military,
    Civil,
    /// Mr, Dr, Sheikh: part of how a name is written, not a role.
    Honorific,
}

/// When an organisation nominal gets an actor of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Creates {
    Always,
    Anchored,
    Never,
}

/// An organisation nominal such as "the bloc" or "the junta".
#[derive(Clone, Debug, PartialEq)]
pub struct Nominal {
    /// The class of organisation it refers to (`bloc`, `junta`, `force`, ...).
    pub class: String,
    pub creates: Creates,
}

/// A table of folded multi-token phrases for longest-match lookup: a trie over words, so that
/// matching walks the text's folded tokens one lookup at a time and builds no key.
#[derive(Clone, Debug)]
pub struct PhraseTable<V> {
    /// The node after each first word. Most words start no phrase: one lookup answers them.
    first: FastMap<String, u32>,
    /// Every later word of a phrase, by its number in `edges`.
    words: FastMap<String, u32>,
    /// (node, word number) → the node after that word.
    edges: FastMap<(u32, u32), u32>,
    nodes: Vec<Node<V>>,
}

/// A node of a [`PhraseTable`]: the words of a phrase or of the start of one.
#[derive(Clone, Debug)]
struct Node<V> {
    /// The value of the phrase ending here.
    value: Option<V>,
    /// A longer phrase goes on from here.
    more: bool,
}

impl<V> Default for PhraseTable<V> {
    fn default() -> Self {
        Self {
            first: FastMap::default(),
            words: FastMap::default(),
            edges: FastMap::default(),
            nodes: Vec::new(),
        }
    }
}

impl<V> PhraseTable<V> {
    /// A new node; its number.
    fn node(nodes: &mut Vec<Node<V>>) -> u32 {
        nodes.push(Node {
            value: None,
            more: false,
        });
        u32::try_from(nodes.len() - 1).unwrap_or(u32::MAX)
    }

    /// The node of a phrase key, made with the nodes before it when missing.
    fn make(&mut self, key: &str) -> usize {
        let mut words = key.split(' ');
        let first = words.next().unwrap_or_default();
        let nodes = &mut self.nodes;
        let mut at = match self.first.get(first) {
            Some(&n) => n,
            None => {
                let n = Self::node(nodes);
                self.first.insert(first.to_string(), n);
                n
            }
        };
        for word in words {
            if let Some(node) = nodes.get_mut(at as usize) {
                node.more = true;
            }
            let next_id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
            let id = match self.words.get(word) {
                Some(&id) => id,
                None => {
                    self.words.insert(word.to_string(), next_id);
                    next_id
                }
            };
            at = match self.edges.get(&(at, id)) {
                Some(&n) => n,
                None => {
                    let n = Self::node(nodes);
                    self.edges.insert((at, id), n);
                    n
                }
            };
        }
        at as usize
    }

    /// The node of an existing phrase key (or of the start of a longer phrase).
    fn find(&self, key: &str) -> Option<usize> {
        let mut words = key.split(' ');
        let mut at = *self.first.get(words.next()?)?;
        for word in words {
            let id = *self.words.get(word)?;
            at = *self.edges.get(&(at, id))?;
        }
        Some(at as usize)
    }

    /// Adds a phrase by its folded key (tokens joined by one space); keeps the first value.
    fn insert(&mut self, key: String, value: V) {
        let at = self.make(&key);
        if let Some(node) = self.nodes.get_mut(at)
            && node.value.is_none()
        {
            node.value = Some(value);
        }
    }

    /// Removes the phrase `key`, if present.
    fn remove(&mut self, key: &str) {
        if let Some(at) = self.find(key)
            && let Some(node) = self.nodes.get_mut(at)
        {
            node.value = None;
        }
    }

    /// The value of an exact phrase key, to change it.
    fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let at = self.find(key)?;
        self.nodes.get_mut(at)?.value.as_mut()
    }

    /// The longest phrase starting at token `i` of `folded` (folded token texts): returns the
    /// end token index (exclusive) and the value.
    pub fn longest<S: AsRef<str>>(&self, folded: &[S], i: usize) -> Option<(usize, &V)> {
        let mut at = *self.first.get(folded.get(i)?.as_ref())?;
        let mut node = self.nodes.get(at as usize)?;
        let mut best = node.value.as_ref().map(|v| (i + 1, v));
        let mut j = i + 1;
        while node.more {
            let Some(&id) = folded.get(j).and_then(|w| self.words.get(w.as_ref())) else {
                break;
            };
            let Some(&next) = self.edges.get(&(at, id)) else {
                break;
            };
            at = next;
            node = match self.nodes.get(at as usize) {
                Some(node) => node,
                None => break,
            };
            j += 1;
            if let Some(v) = &node.value {
                best = Some((j, v));
            }
        }
        best
    }

    /// The value of an exact phrase key.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.nodes.get(self.find(key)?)?.value.as_ref()
    }
}

/// A name phrase of the gazetteer: which entry it names and whether it must be written in
/// capitals (acronyms such as `US` or `IS` must not match the words "us" and "is").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameHit {
    pub entry: usize,
    pub acronym: bool,
}

/// All word lists, parsed.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    pub entries: Vec<Entry>,
    /// Names and aliases of entries (capitals of countries are entries of their own).
    pub names: PhraseTable<NameHit>,
    /// Folded demonym → country entry.
    pub demonyms: FastMap<String, usize>,
    pub titles: PhraseTable<TitleClass>,
    pub nominals: PhraseTable<Nominal>,
    /// Folded words that are capitalised but are not names on their own.
    pub nonnames: FastSet<String>,
    /// Folded personal name → its spelling-variant group (`variants.txt`).
    pub variants: FastMap<String, usize>,
    /// English words that are never names (`common_words.txt`, generated from SCOWL).
    pub common_words: FastSet<String>,
}

static BUILTIN: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::parse_builtin);

/// The folded phrase key of `phrase`: its tokens, folded, joined by one space.
pub fn phrase_key(phrase: &str) -> String {
    let mut key = String::new();
    for tok in text::tokens(phrase) {
        if tok.kind == TokenKind::LineBreak || tok.kind == TokenKind::ParaBreak {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&text::fold(tok.text(phrase)));
    }
    key
}

/// Data lines of a TSV or list file: comments and blank lines skipped, columns split on tabs.
fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    data.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// A `;`-separated list column (missing or empty gives none).
fn list<'a>(cols: &[&'a str], i: usize) -> impl Iterator<Item = &'a str> {
    cols.get(i)
        .copied()
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A non-empty column.
fn col<'a>(cols: &[&'a str], i: usize) -> Option<&'a str> {
    cols.get(i).copied().filter(|s| !s.is_empty())
}

impl Gazetteer {
    /// The lists compiled into the program, parsed on first use.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// The built-in lists plus a project's own entries (which win over built-in names) and
    /// the outlets its articles come from (news organisations the text may name: "the
    /// Northern Courier reports"), those the lists do not know already.
    pub fn for_project(entries: &[UserEntry], outlets: &[String]) -> Gazetteer {
        let mut g = Gazetteer::with_user_entries(entries);
        for outlet in outlets {
            let outlet = outlet.trim();
            let key = phrase_key(outlet);
            if key.is_empty() || g.names.get(&key).is_some() {
                continue;
            }
            let id = g.entries.len();
            g.entries.push(Entry {
                name: outlet.to_string(),
                class: EntryClass::Outlet,
                kind: EntityKind::Org,
                country: None,
                capital: false,
                weak: false,
            });
            g.add_name(outlet, id);
        }
        g
    }

    /// The built-in lists plus a project's own entries (which win over built-in names).
    pub fn with_user_entries(entries: &[UserEntry]) -> Gazetteer {
        let mut g = Gazetteer::builtin().clone();
        for e in entries {
            let id = g.entries.len();
            g.entries.push(Entry {
                name: e.name.clone(),
                class: EntryClass::User,
                kind: e.kind,
                country: None,
                capital: false,
                weak: false,
            });
            for alias in std::iter::once(&e.name).chain(&e.aliases) {
                let key = phrase_key(alias);
                g.names.remove(&key);
                g.add_name(alias, id);
            }
        }
        g
    }

    /// Parses the built-in TSV files (what [`Gazetteer::builtin`] does once; the benchmark
    /// times it).
    pub fn parse_builtin() -> Gazetteer {
        let mut g = Gazetteer {
            entries: Vec::new(),
            names: PhraseTable::default(),
            demonyms: FastMap::default(),
            titles: PhraseTable::default(),
            nominals: PhraseTable::default(),
            nonnames: FastSet::default(),
            variants: FastMap::default(),
            common_words: FastSet::default(),
        };
        g.load_countries();
        g.load_places();
        g.load_orgs();
        g.load_world();
        for cols in rows(TITLES) {
            let class = match cols.get(1).copied() {
                Some("head") => TitleClass::Head,
                Some("military") => TitleClass::Military,
                Some("honorific") => TitleClass::Honorific,
                _ => TitleClass::Civil,
            };
            g.titles.insert(phrase_key(cols[0]), class);
        }
        for cols in rows(NOMINALS) {
            let creates = match cols.get(2).copied() {
                Some("always") => Creates::Always,
                Some("anchored") => Creates::Anchored,
                _ => Creates::Never,
            };
            let class = cols.get(1).copied().unwrap_or("other").to_string();
            g.nominals
                .insert(phrase_key(cols[0]), Nominal { class, creates });
        }
        for cols in rows(NONNAMES) {
            g.nonnames.insert(text::fold(cols[0]));
        }
        g.common_words.extend(
            COMMON_WORDS
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .map(str::to_owned),
        );
        for (group, cols) in rows(VARIANTS).enumerate() {
            for name in list(&cols, 0) {
                g.variants.entry(text::fold(name)).or_insert(group);
            }
        }
        g
    }

    /// Adds a new entry and returns its index.
    fn push(&mut self, name: &str, class: EntryClass, country: Option<&str>) -> usize {
        self.entries.push(Entry {
            name: name.to_string(),
            class,
            kind: class.kind(),
            country: country.map(str::to_string),
            capital: false,
            weak: false,
        });
        self.entries.len() - 1
    }

    /// Registers a name or alias of entry `id`.
    fn add_name(&mut self, alias: &str, id: usize) {
        let acronym = alias.split_whitespace().all(text::is_acronym);
        let key = phrase_key(alias);
        match self.names.get_mut(&key) {
            // "Ecowas" and "ECOWAS" share a key: the mixed-case spelling lifts the capitals rule
            Some(hit) if hit.entry == id => hit.acronym &= acronym,
            Some(_) => {}
            None => self.names.insert(key, NameHit { entry: id, acronym }),
        }
    }

    /// Loads `countries.tsv`: each country, its aliases, demonyms and capital (with the
    /// capital's spelling variants).
    fn load_countries(&mut self) {
        for cols in rows(COUNTRIES) {
            let name = cols[0];
            let id = self.push(name, EntryClass::Country, None);
            self.add_name(name, id);
            for alias in list(&cols, 1) {
                self.add_name(alias, id);
            }
            for demonym in list(&cols, 2) {
                self.demonyms.entry(text::fold(demonym)).or_insert(id);
            }
            let mut capital = list(&cols, 3);
            if let Some(first) = capital.next() {
                let cid = self.push(first, EntryClass::City, Some(name));
                self.entries[cid].capital = true;
                self.add_name(first, cid);
                for variant in capital {
                    self.add_name(variant, cid);
                }
            }
        }
    }

    /// Loads `world.tsv`: cities, US states and continents, as weak names (see
    /// [`Entry::weak`]). A name the other lists already give keeps its entry.
    fn load_world(&mut self) {
        for cols in rows(WORLD) {
            let (Some(class), Some(name)) = (cols.first(), col(&cols, 1)) else {
                continue;
            };
            if self.names.get(&phrase_key(name)).is_some() {
                continue;
            }
            let class = match *class {
                "city" => EntryClass::City,
                _ => EntryClass::Region,
            };
            let id = self.push(name, class, col(&cols, 2));
            self.entries[id].weak = true;
            self.add_name(name, id);
            for alias in list(&cols, 3) {
                self.add_name(alias, id);
            }
        }
    }

    /// Loads `places.tsv`: cities and regions.
    fn load_places(&mut self) {
        for cols in rows(PLACES) {
            let class = match cols.get(1).copied() {
                Some("city") => EntryClass::City,
                _ => EntryClass::Region,
            };
            let id = self.push(cols[0], class, col(&cols, 2));
            self.add_name(cols[0], id);
            for alias in list(&cols, 3) {
                self.add_name(alias, id);
            }
            for adjective in list(&cols, 4) {
                self.demonyms.entry(phrase_key(adjective)).or_insert(id);
            }
        }
    }

    /// Loads `orgs.tsv`: organisations with their acronyms and aliases.
    fn load_orgs(&mut self) {
        for cols in rows(ORGS) {
            let class = cols
                .get(1)
                .and_then(|c| EntryClass::parse(c))
                .unwrap_or(EntryClass::Body);
            let id = self.push(cols[0], class, col(&cols, 3));
            self.add_name(cols[0], id);
            for alias in list(&cols, 2) {
                self.add_name(alias, id);
            }
        }
    }

    /// The entry a whole phrase names, if any (case-insensitive).
    pub fn entry_named(&self, phrase: &str) -> Option<&Entry> {
        self.names
            .get(&phrase_key(phrase))
            .and_then(|h| self.entries.get(h.entry))
    }

    /// The country (or region) entry whose demonym is `word` ("Nigerien" → Niger), also for
    /// compounds such as "French-speaking".
    pub fn demonym_country(&self, word: &str) -> Option<usize> {
        self.demonym_folded(&text::fold(word))
    }

    /// [`Gazetteer::demonym_country`] for an already folded word.
    pub fn demonym_folded(&self, folded: &str) -> Option<usize> {
        if let Some(&c) = self.demonyms.get(folded) {
            return Some(c);
        }
        let (first, _) = folded.split_once('-')?;
        self.demonyms.get(first).copied()
    }

    /// Index of the country entry with this name.
    pub fn country_id(&self, name: &str) -> Option<usize> {
        let hit = self.names.get(&phrase_key(name))?;
        (self.entries.get(hit.entry)?.class == EntryClass::Country).then_some(hit.entry)
    }

    /// True when two folded personal names are listed as spellings of one name
    /// ("mohamed", "muhammad").
    pub fn same_variant(&self, a: &str, b: &str) -> bool {
        self.variants
            .get(a)
            .is_some_and(|g| self.variants.get(b) == Some(g))
    }

    /// True when the folded word is capitalised without being a name (weekdays, "However").
    pub fn is_nonname(&self, folded: &str) -> bool {
        self.nonnames.contains(folded)
    }

    /// True when the folded word is an English word that is never a name ("analysts",
    /// "diplomats"; not "rice" or "may", which are names too).
    pub fn is_common_word(&self, folded: &str) -> bool {
        self.common_words.contains(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_aliases_share_an_entry() {
        let g = Gazetteer::builtin();
        let niger = g.entry_named("Niger").map(|e| e.name.clone());
        assert_eq!(niger.as_deref(), Some("Niger"));
        assert_eq!(g.entry_named("the Republic of Niger"), None);
        assert_eq!(
            g.entry_named("Republic of Niger").map(|e| e.name.as_str()),
            Some("Niger")
        );
        assert_eq!(
            g.entry_named("U.S.").map(|e| e.name.as_str()),
            Some("United States")
        );
    }

    #[test]
    fn acronym_aliases_need_capitals() {
        let g = Gazetteer::builtin();
        let us = g.names.get("us").copied();
        assert!(us.is_some_and(|h| h.acronym));
        let ecowas = g.names.get("ecowas").copied();
        assert!(
            ecowas.is_some_and(|h| !h.acronym),
            "Ecowas is also written so"
        );
    }

    #[test]
    fn demonyms_titles_and_nonnames() {
        let g = Gazetteer::builtin();
        let niger = g.country_id("Niger");
        assert!(niger.is_some());
        assert_eq!(g.demonym_country("Nigerien"), niger);
        assert_eq!(g.titles.get("gen"), Some(&TitleClass::Military));
        assert_eq!(g.titles.get("prime minister"), Some(&TitleClass::Head));
        assert!(g.is_nonname("tuesday"));
        assert!(g.is_nonname("however"));
        assert!(!g.is_nonname("niger"));
        assert!(g.is_common_word("analysts") && g.is_common_word("diplomats"));
        for name in ["rice", "may", "niger", "putin", "brown"] {
            assert!(!g.is_common_word(name), "{name}");
        }
    }

    #[test]
    fn longest_phrase_wins() {
        let g = Gazetteer::builtin();
        let folded: Vec<String> = ["guinea", "-", "bissau"].map(String::from).to_vec();
        // "Guinea-Bissau" is one token; as separate tokens only "Guinea" matches
        let hit = g.names.longest(&folded, 0).map(|(end, h)| (end, h.entry));
        assert_eq!(hit.map(|(end, _)| end), Some(1));
        let folded: Vec<String> = ["west", "african", "economic", "and", "monetary", "union"]
            .map(String::from)
            .to_vec();
        let hit = g
            .names
            .longest(&folded, 0)
            .map(|(_end, h)| g.entries[h.entry].name.clone());
        assert_eq!(
            hit.as_deref(),
            Some("West African Economic and Monetary Union")
        );
    }

    #[test]
    fn user_entries_are_added() {
        let g = Gazetteer::with_user_entries(&[UserEntry {
            kind: EntityKind::Person,
            name: "Ada Obi".into(),
            aliases: vec!["Madam Obi".into()],
        }]);
        let e = g.entry_named("Madam Obi");
        assert_eq!(e.map(|e| e.kind), Some(EntityKind::Person));
        assert_eq!(e.map(|e| e.name.as_str()), Some("Ada Obi"));
    }

    #[test]
    fn name_variants_share_a_group() {
        let g = Gazetteer::builtin();
        assert!(g.same_variant("mohamed", "muhammad"));
        assert!(g.same_variant("yevgeny", "evgeny"));
        assert!(!g.same_variant("mohamed", "ahmed"));
        assert!(!g.same_variant("unlisted", "unlisted"));
    }

    #[test]
    fn the_world_list_knows_every_country_its_capital_and_cities() {
        let g = Gazetteer::builtin();
        for name in [
            "Sri Lanka",
            "North Macedonia",
            "Kosovo",
            "Serbia",
            "Peru",
            "Guyana",
        ] {
            assert!(g.country_id(name).is_some(), "{name}");
        }
        assert_eq!(g.demonym_country("Sri Lankan"), g.country_id("Sri Lanka"));
        assert_eq!(g.demonym_country("Kosovar"), g.country_id("Kosovo"));
        let kiev = g.entry_named("Kiev");
        assert_eq!(kiev.map(|e| e.name.as_str()), Some("Kyiv"));
        assert!(kiev.is_some_and(|e| e.capital && !e.weak));
        let odessa = g.entry_named("Odessa");
        assert_eq!(odessa.map(|e| e.name.as_str()), Some("Odesa"));
        assert!(odessa.is_some_and(|e| e.weak && e.class == EntryClass::City));
        // a name the hand lists give keeps its hand entry
        assert!(g.entry_named("Lagos").is_some_and(|e| !e.weak));
        assert!(
            g.entry_named("Reading").is_none(),
            "an English word, not a place"
        );
    }

    #[test]
    fn every_world_row_has_a_class_and_a_name() {
        for cols in rows(WORLD) {
            assert!(
                matches!(cols.first().copied(), Some("city" | "region")) && col(&cols, 1).is_some(),
                "bad row {cols:?}"
            );
        }
    }

    #[test]
    fn every_country_column_names_a_country() {
        let g = Gazetteer::builtin();
        for e in &g.entries {
            if let Some(c) = &e.country {
                assert!(
                    g.country_id(c).is_some(),
                    "{} belongs to unknown {c}",
                    e.name
                );
            }
        }
    }

    #[test]
    fn every_org_row_parses_to_a_class() {
        for cols in rows(ORGS) {
            assert!(
                cols.get(1).and_then(|c| EntryClass::parse(c)).is_some(),
                "bad class in row {cols:?}"
            );
        }
    }
}
