//! The project-wide actor registry: the actors of many articles' entity extractions merged
//! into one list, with the aliases, roles, country, mention count and articles of each.
//!
//! [`build`] is a pure function of the extractions (and the built-in gazetteer). Two actors
//! of the same [`EntityKind`] become one registry actor when:
//!
//! 1. their folded names are equal ("Goïta" = "Goita");
//! 2. (organisations and places) they name the same gazetteer entry, by name or by a proper
//!    alias ("ECOWAS" ↔ "Economic Community of West African States", "Niger" ↔ "Republic of
//!    Niger"), one's name is a proper alias of the other, or an acronym spells the initials
//!    of exactly one longer name;
//! 3. (people with two or more name words) one name's words are a subset of the other's
//!    with the same surname ("Bola Tinubu" ⊂ "Bola Ahmed Tinubu"), or the surnames are
//!    spellings of one name and the first names compatible ("Abdourahamane Tchiani" /
//!    "Abdourahmane Tiani"; see `entities::names`). A name joins a group only when it fits
//!    every full name already in it and fits no other group, so "Ali Bongo" and "Omar
//!    Bongo" never meet through a shorter "Bongo Ondimba".
//! 4. (a bare surname, "Putin") it joins the one group of full names with that surname.
//!    When the project holds several (two different people share the surname), the bare
//!    surname goes to the group with the most mentions — only if that group is the single
//!    most frequent one and the article itself names no full name with that surname
//!    (if it did, the entity pass already found the surname ambiguous there); otherwise it
//!    stays a registry actor of its own.
//!
//! The registry name is the fullest proper form (not an acronym, most words), then the most
//! frequent. Output is deterministic: actors by mention count (descending), then name.

use crate::analysis::entities::{EntityKind, Extraction, names};
use crate::analysis::gazetteer::{EntryClass, FastMap, Gazetteer, phrase_key};
use crate::analysis::text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One actor of the whole project.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegistryActor {
    /// The fullest, most frequent proper name.
    pub name: String,
    pub kind: EntityKind,
    /// Distinct surface forms across articles, in order of first appearance.
    pub aliases: Vec<String>,
    /// Distinct roles, in order of first appearance.
    pub roles: Vec<String>,
    /// The country most of its articles give it.
    pub country: Option<String>,
    /// Mentions across all articles.
    pub mentions: usize,
    /// Indices into the input slice, ascending.
    pub articles: Vec<usize>,
}

/// The merged actors of a project.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Registry {
    /// By mention count (descending), then name.
    pub actors: Vec<RegistryActor>,
    /// For each input article, for each of its local actors, the registry index.
    pub links: Vec<Vec<usize>>,
}

/// Builds the registry of `articles` with the built-in gazetteer.
pub fn build(articles: &[&Extraction]) -> Registry {
    build_with(articles, Gazetteer::builtin())
}

/// Builds the registry of `articles`, matching names against `gaz` (a project's gazetteer
/// with its own entries).
pub fn build_with(articles: &[&Extraction], gaz: &Gazetteer) -> Registry {
    let mut builder = RegistryBuilder::default();
    for x in articles {
        builder.add(&PreparedActors::from(LocalActor::all_of(x)));
    }
    builder.finish(gaz)
}

/// One actor of one article as the registry reads it: what the entities pass found, with the
/// texts of its mentions instead of their indices, so it can be stored and read back without
/// the article's extraction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalActor {
    pub name: String,
    pub kind: EntityKind,
    pub roles: Vec<String>,
    pub country: Option<String>,
    /// The texts of its mentions, in text order.
    pub mentions: Vec<String>,
}

impl LocalActor {
    /// The actors of one article's extraction, in its order.
    pub fn all_of(x: &Extraction) -> Vec<LocalActor> {
        x.actors
            .iter()
            .map(|a| LocalActor {
                name: a.name.clone(),
                kind: a.kind,
                roles: a.roles.clone(),
                country: a.country.clone(),
                mentions: a
                    .mentions
                    .iter()
                    .filter_map(|&m| x.mentions.get(m))
                    .map(|m| m.text.clone())
                    .collect(),
            })
            .collect()
    }
}

/// Where a name, form or role first appeared: (article, local actor, order within it). Sorting
/// by it gives the order of first appearance across the project.
type Pos = (u32, u32, u32);

/// Builds the registry one article at a time, holding only what merging needs: the article's
/// actors are folded into groups of equal (kind, folded name) as they come, each group keeping
/// its members (article and local actor), its names, proper forms, aliases, roles and
/// countries with where each first appeared. Memory follows the distinct names and the number
/// of local actors, not the texts or their mentions. A bare surname keeps, per member, what
/// its own article says (the member may join a different person than its group's others).
#[derive(Default)]
pub struct RegistryBuilder {
    groups: Vec<Group>,
    /// Groups by [`PreparedActors`] key (kind and folded name).
    index: FastMap<String, usize>,
    /// Local actors per article, in input order.
    locals_per_article: Vec<u32>,
}

/// Locals with the same kind and folded name, merged.
struct Group {
    kind: EntityKind,
    words: Vec<String>,
    /// (article, local actor), in input order.
    members: Vec<(u32, u32)>,
    mentions: usize,
    /// Local names with their mentions and first position (the registry name is chosen from
    /// them).
    names: Vec<(String, usize, Pos)>,
    /// Distinct proper surface forms (names and proper mentions), for rule 2.
    forms: Vec<String>,
    aliases: Vec<(String, Pos)>,
    roles: Vec<(String, Pos)>,
    countries: Vec<(String, usize, Pos)>,
    /// For a one-word person group: each member on its own, with the full-name surnames of its
    /// article (rule 4 sends members separately).
    bare: Vec<BareMember>,
}

/// One member of a one-word person group, kept whole.
struct BareMember {
    name: String,
    mentions: usize,
    aliases: Vec<String>,
    roles: Vec<String>,
    country: Option<String>,
    /// Surnames (last folded word) of the article's people with full names (one list per
    /// article, shared by its members).
    article_surnames: std::sync::Arc<[String]>,
}

/// One article's local actors with what [`RegistryBuilder::add`] works out from each alone
/// (its folded name words, the surnames of the article's people named in full), so that this
/// work is done where the actors are parsed, on any thread, and the builder, which takes the
/// articles one after another, only merges them. Deserialises from a list of [`LocalActor`].
#[derive(Deserialize)]
#[serde(from = "Vec<LocalActor>")]
pub struct PreparedActors {
    actors: Vec<LocalActor>,
    /// Each actor's group key: its kind, a tab, and its folded name words joined by spaces
    /// (`joined_name_words`).
    keys: Vec<String>,
    /// Surnames (last folded word) of the article's people with two or more name words.
    surnames: std::sync::Arc<[String]>,
}

impl From<Vec<LocalActor>> for PreparedActors {
    fn from(actors: Vec<LocalActor>) -> Self {
        let keys: Vec<String> = actors.iter().map(group_key).collect();
        let surnames = actors
            .iter()
            .zip(&keys)
            .filter(|(a, _)| a.kind == EntityKind::Person)
            .filter_map(|(_, key)| key_words(key).rsplit_once(' '))
            .map(|(_, last)| last.to_string())
            .collect();
        PreparedActors {
            actors,
            keys,
            surnames,
        }
    }
}

/// The group key of a local actor: its kind, a tab, and its [`joined_name_words`],
/// built in one string.
fn group_key(a: &LocalActor) -> String {
    let mut key = String::with_capacity(a.name.len() + 8);
    key.push_str(a.kind.as_str());
    key.push('\t');
    push_name_words(&a.name, &mut key);
    key
}

/// The name words of a [`group_key`], joined by spaces.
fn key_words(key: &str) -> &str {
    key.split_once('\t').map_or(key, |(_, words)| words)
}

impl RegistryBuilder {
    /// Folds the next article's actors in (articles are numbered in the order they come).
    pub fn add(&mut self, prepared: &PreparedActors) {
        let article = u32::try_from(self.locals_per_article.len()).unwrap_or(u32::MAX);
        self.locals_per_article
            .push(u32::try_from(prepared.actors.len()).unwrap_or(u32::MAX));
        for (actor, (a, key)) in prepared.actors.iter().zip(&prepared.keys).enumerate() {
            let actor = u32::try_from(actor).unwrap_or(u32::MAX);
            let g = match self.index.get(key.as_str()) {
                Some(&g) => g,
                None => {
                    let words = key_words(key);
                    self.groups.push(Group {
                        kind: a.kind,
                        words: if words.is_empty() {
                            Vec::new()
                        } else {
                            words.split(' ').map(str::to_string).collect()
                        },
                        members: Vec::new(),
                        mentions: 0,
                        names: Vec::new(),
                        forms: Vec::new(),
                        aliases: Vec::new(),
                        roles: Vec::new(),
                        countries: Vec::new(),
                        bare: Vec::new(),
                    });
                    self.index.insert(key.clone(), self.groups.len() - 1);
                    self.groups.len() - 1
                }
            };
            let group = &mut self.groups[g];
            group.members.push((article, actor));
            group.mentions += a.mentions.len();
            let pos = |k: usize| (article, actor, u32::try_from(k).unwrap_or(u32::MAX));
            match group.names.iter_mut().find(|(n, _, _)| *n == a.name) {
                Some((_, n, _)) => *n += a.mentions.len(),
                None => group.names.push((a.name.clone(), a.mentions.len(), pos(0))),
            }
            for form in std::iter::once(&a.name).chain(&a.mentions) {
                if (form == &a.name || is_proper(form)) && !group.forms.contains(form) {
                    group.forms.push(form.clone());
                }
            }
            for (k, text) in a.mentions.iter().enumerate() {
                if !group.aliases.iter().any(|(t, _)| t == text) {
                    group.aliases.push((text.clone(), pos(k)));
                }
            }
            for (k, role) in a.roles.iter().enumerate() {
                if !group.roles.iter().any(|(r, _)| r == role) {
                    group.roles.push((role.clone(), pos(k)));
                }
            }
            if let Some(c) = &a.country {
                match group.countries.iter_mut().find(|(k, _, _)| k == c) {
                    Some((_, n, _)) => *n += 1,
                    None => group.countries.push((c.clone(), 1, pos(0))),
                }
            }
            if group.kind == EntityKind::Person && group.words.len() == 1 {
                let mut aliases: Vec<String> = Vec::new();
                for t in &a.mentions {
                    if !aliases.contains(t) {
                        aliases.push(t.clone());
                    }
                }
                group.bare.push(BareMember {
                    name: a.name.clone(),
                    mentions: a.mentions.len(),
                    aliases,
                    roles: a.roles.clone(),
                    country: a.country.clone(),
                    article_surnames: prepared.surnames.clone(),
                });
            }
        }
    }

    /// Merges the groups by the rules in the module docs and numbers the actors.
    pub fn finish(self, gaz: &Gazetteer) -> Registry {
        let groups = self.groups;
        let mut sets = UnionFind::new(groups.len());
        union_named_things(&groups, gaz, &mut sets);
        union_people(&groups, gaz, &mut sets);
        // A cluster: whole groups, and single members of one-word person groups.
        let mut clusters: BTreeMap<usize, Cluster> = BTreeMap::new();
        for g in 0..groups.len() {
            clusters.entry(sets.find(g)).or_default().groups.push(g);
        }
        attach_bare_surnames(&groups, &mut clusters, gaz);
        let mut actors: Vec<(RegistryActor, Cluster)> = clusters
            .into_values()
            .map(|mut c| {
                c.groups.sort_unstable();
                c.bare.sort_unstable();
                (registry_actor(&groups, &c), c)
            })
            .collect();
        actors.sort_by(|(a, ac), (b, bc)| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
                .then_with(|| ac.first_member(&groups).cmp(&bc.first_member(&groups)))
        });
        let mut links: Vec<Vec<usize>> = self
            .locals_per_article
            .iter()
            .map(|&n| vec![0; n as usize])
            .collect();
        for (r, (_, cluster)) in actors.iter().enumerate() {
            for (article, actor) in cluster.members(&groups) {
                if let Some(slot) = links
                    .get_mut(article as usize)
                    .and_then(|l| l.get_mut(actor as usize))
                {
                    *slot = r;
                }
            }
        }
        Registry {
            actors: actors.into_iter().map(|(a, _)| a).collect(),
            links,
        }
    }
}

/// The groups and single bare-surname members one registry actor is made of.
#[derive(Default)]
struct Cluster {
    groups: Vec<usize>,
    /// (group, index into its `bare` and `members`) of members that joined alone.
    bare: Vec<(usize, usize)>,
    /// Members of the cluster's own groups that left it (a bare surname sent elsewhere).
    left: Vec<(usize, usize)>,
}

impl Cluster {
    /// Every (article, local actor) of the cluster.
    fn members<'g>(&'g self, groups: &'g [Group]) -> impl Iterator<Item = (u32, u32)> + 'g {
        let whole = self.groups.iter().flat_map(move |&g| {
            groups[g]
                .members
                .iter()
                .enumerate()
                .filter(move |(i, _)| !self.left.contains(&(g, *i)))
                .map(|(_, &m)| m)
        });
        whole.chain(self.bare.iter().map(move |&(g, i)| groups[g].members[i]))
    }

    /// The first member in input order (ties between equal actors keep input order).
    fn first_member(&self, groups: &[Group]) -> Option<(u32, u32)> {
        self.members(groups).min()
    }
}

/// Disjoint sets over group indices.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` singleton sets.
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The representative of `x`'s set (the smallest index in it).
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut y = x;
        while self.parent[y] != r {
            let next = self.parent[y];
            self.parent[y] = r;
            y = next;
        }
        r
    }

    /// Joins the sets of `a` and `b`.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The folded words of a name, without punctuation at their ends ("Goïta" → "goita"), joined
/// by spaces.
fn joined_name_words(name: &str) -> String {
    let mut joined = String::with_capacity(name.len());
    push_name_words(name, &mut joined);
    joined
}

/// Appends the folded words of `name` to `out`, joined by spaces: each whitespace-separated
/// word folded, trimmed of what is not a letter or digit, its apostrophes and dots dropped.
fn push_name_words(name: &str, out: &mut String) {
    let start = out.len();
    let mut folded = String::new();
    for w in name.split_whitespace() {
        folded.clear();
        text::fold_into(w, &mut folded);
        let word = folded.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        if out.len() > start {
            out.push(' ');
        }
        out.extend(word.chars().filter(|&c| c != '\'' && c != '.'));
    }
}

/// True when a surface form is a proper name rather than a nominal ("the bloc").
fn is_proper(text: &str) -> bool {
    text.starts_with(|c: char| c.is_uppercase()) && !text.starts_with("The ")
}

/// Rule 2: organisations and places that share a gazetteer entry, whose name is another's
/// proper alias, or whose acronym spells the initials of exactly one longer name.
fn union_named_things(groups: &[Group], gaz: &Gazetteer, sets: &mut UnionFind) {
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut by_entry: HashMap<(EntityKind, usize), usize> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if group.kind != EntityKind::Person {
            by_key.insert((group.kind, group.words.join(" ")), g);
        }
    }
    for (g, group) in groups.iter().enumerate() {
        if group.kind == EntityKind::Person {
            continue;
        }
        // a country's actor may hold its capital as a mention ("Moscow said"): that form
        // does not make it the city's actor
        let country = group.names.iter().any(|(name, _, _)| {
            gazetteer_entry(gaz, name).is_some_and(|e| gaz.entries[e].class == EntryClass::Country)
        });
        for form in group.forms.iter().map(String::as_str) {
            if !is_proper(form) {
                continue;
            }
            if country && gazetteer_entry(gaz, form).is_some_and(|e| gaz.entries[e].capital) {
                continue;
            }
            if let Some(&h) = by_key.get(&(group.kind, joined_name_words(form))) {
                sets.union(g, h);
            }
            if let Some(entry) = gazetteer_entry(gaz, form) {
                match by_entry.get(&(group.kind, entry)) {
                    Some(&h) => sets.union(g, h),
                    None => {
                        by_entry.insert((group.kind, entry), g);
                    }
                }
            }
        }
    }
    // "STC" ↔ "Southern Trade Council": an acronym spelling one longer name's initials
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        if group.kind == EntityKind::Org && group.words.len() >= 2 {
            by_initials
                .entry(initials(&group.words))
                .or_default()
                .push(g);
        }
    }
    for (g, group) in groups.iter().enumerate() {
        let [word] = &group.words[..] else { continue };
        let acronym = group
            .names
            .iter()
            .any(|(name, _, _)| text::is_acronym(name));
        if group.kind != EntityKind::Org || !acronym {
            continue;
        }
        if let Some([h]) = by_initials.get(word).map(Vec::as_slice) {
            sets.union(g, *h);
        }
    }
}

/// The gazetteer entry a proper form names, obeying the capitals rule for acronyms.
fn gazetteer_entry(gaz: &Gazetteer, form: &str) -> Option<usize> {
    let hit = gaz.names.get(&phrase_key(form))?;
    let capitals_ok = !hit.acronym || form.split_whitespace().all(text::is_acronym);
    capitals_ok.then_some(hit.entry)
}

/// Initials of a folded organisation name, connectors left out.
fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| {
            !matches!(
                w.as_str(),
                "of" | "for" | "the" | "and" | "de" | "du" | "des"
            )
        })
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Rule 3: people with full names, longest names first; a name joins the one group whose
/// every full name it fits (see [`names::same_person`]), else starts its own.
fn union_people(groups: &[Group], gaz: &Gazetteer, sets: &mut UnionFind) {
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&g| groups[g].kind == EntityKind::Person && groups[g].words.len() >= 2)
        .collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&groups[a], &groups[b]);
        gb.words
            .len()
            .cmp(&ga.words.len())
            .then_with(|| gb.mentions.cmp(&ga.mentions))
            .then_with(|| ga.words.cmp(&gb.words))
    });
    // people clusters, bucketed by the first letter of the surname
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut by_letter: HashMap<char, Vec<usize>> = HashMap::new();
    for g in order {
        let words = &groups[g].words;
        let letter = surname_letter(words);
        let fits: Vec<usize> = by_letter
            .get(&letter)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&c| {
                clusters[c]
                    .iter()
                    .all(|&h| names::same_person(words, &groups[h].words, gaz))
            })
            .collect();
        if let [c] = fits[..] {
            sets.union(g, clusters[c][0]);
            clusters[c].push(g);
        } else {
            by_letter.entry(letter).or_default().push(clusters.len());
            clusters.push(vec![g]);
        }
    }
}

/// First letter of a folded name's last word.
fn surname_letter(words: &[String]) -> char {
    words.last().and_then(|w| w.chars().next()).unwrap_or(' ')
}

/// Rule 4: bare surnames join the one full-name person cluster with that surname (else one
/// whose surname is a spelling of it); when several exist, the single most frequent one,
/// unless the member's own article names a full name with that surname. Bare surnames left
/// alone stay in their own cluster (one per folded surname).
fn attach_bare_surnames(
    groups: &[Group],
    clusters: &mut BTreeMap<usize, Cluster>,
    gaz: &Gazetteer,
) {
    // full-name person clusters: key, mentions, distinct surnames
    let mut full: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::new();
    for (&key, cluster) in clusters.iter() {
        let mut surnames: Vec<&str> = cluster
            .groups
            .iter()
            .map(|&g| &groups[g])
            .filter(|g| g.kind == EntityKind::Person && g.words.len() >= 2)
            .filter_map(|g| g.words.last().map(String::as_str))
            .collect();
        if surnames.is_empty() {
            continue;
        }
        surnames.sort_unstable();
        surnames.dedup();
        for &s in &surnames {
            by_surname.entry(s).or_default().push(full.len());
        }
        let mentions = cluster.groups.iter().map(|&g| groups[g].mentions).sum();
        full.push((key, mentions, surnames));
    }
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let [word] = &group.words[..] else { continue };
        if group.kind != EntityKind::Person {
            continue;
        }
        let mut fits: Vec<(usize, usize)> = by_surname
            .get(word.as_str())
            .into_iter()
            .flatten()
            .map(|&f| (full[f].0, full[f].1))
            .collect();
        if fits.is_empty() {
            fits = full
                .iter()
                .filter(|(_, _, s)| s.iter().any(|s| names::same_word(s, word, gaz)))
                .map(|&(k, m, _)| (k, m))
                .collect();
        }
        // a lone surname is never unioned, so its cluster is its own group's
        for (i, member) in group.bare.iter().enumerate() {
            let names_surname = member
                .article_surnames
                .iter()
                .any(|s| names::same_word(s, word, gaz));
            let target = match fits[..] {
                [] => None,
                [(k, _)] => Some(k),
                _ if names_surname => None,
                _ => most_frequent(&fits),
            };
            if let Some(t) = target {
                moves.push((g, i, t));
            }
        }
    }
    for (g, i, t) in moves {
        if let Some(c) = clusters.get_mut(&g) {
            c.left.push((g, i));
        }
        if let Some(c) = clusters.get_mut(&t) {
            c.bare.push((g, i));
        }
    }
    // a cluster all of whose members left is gone
    clusters.retain(|_, c| {
        !c.bare.is_empty()
            || c.groups
                .iter()
                .any(|&g| (0..groups[g].members.len()).any(|i| !c.left.contains(&(g, i))))
    });
}

/// The cluster with the most mentions, when no other has as many.
fn most_frequent(fits: &[(usize, usize)]) -> Option<usize> {
    let max = fits.iter().map(|&(_, m)| m).max()?;
    let mut top = fits.iter().filter(|&&(_, m)| m == max);
    let first = top.next().map(|&(k, _)| k);
    if top.next().is_some() { None } else { first }
}

/// The registry actor of a cluster: its groups' names, aliases, roles and countries in order of
/// first appearance, plus the bare-surname members that joined it alone.
fn registry_actor(groups: &[Group], cluster: &Cluster) -> RegistryActor {
    let mut sums = Sums::default();
    for &g in &cluster.groups {
        let group = &groups[g];
        let left: Vec<usize> = cluster
            .left
            .iter()
            .filter(|(h, _)| *h == g)
            .map(|&(_, i)| i)
            .collect();
        if left.is_empty() {
            sums.mentions += group.mentions;
            sums.arts
                .extend(group.members.iter().map(|&(a, _)| a as usize));
            for (a, p) in &group.aliases {
                note(&mut sums.aliases, a.as_str(), *p);
            }
            for (r, p) in &group.roles {
                note(&mut sums.roles, r.as_str(), *p);
            }
            for (c, n, p) in &group.countries {
                sums.add_country(c, *n, *p);
            }
            for (name, n, _) in &group.names {
                bump_str(&mut sums.name_counts, name, *n);
            }
        } else {
            // some of a bare-surname group's members left: count the rest one by one
            for (i, member) in group.bare.iter().enumerate() {
                if !left.contains(&i) {
                    sums.add_bare(group, i, member);
                }
            }
        }
    }
    for &(g, i) in &cluster.bare {
        let group = &groups[g];
        if let Some(member) = group.bare.get(i) {
            sums.add_bare(group, i, member);
        }
    }
    let Sums {
        mut aliases,
        mut roles,
        mut countries,
        name_counts,
        mut arts,
        mentions,
    } = sums;
    arts.sort_unstable();
    arts.dedup();
    aliases.sort_by_key(|&(_, p)| p);
    roles.sort_by_key(|&(_, p)| p);
    countries.sort_by_key(|&(_, _, p)| p);
    let country = countries
        .iter()
        .fold(None::<&(&str, usize, Pos)>, |best, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(c, _, _)| (*c).to_string());
    let kind = cluster
        .groups
        .first()
        .or(cluster.bare.first().map(|(g, _)| g))
        .map_or(EntityKind::Person, |&g| groups[g].kind);
    RegistryActor {
        name: best_name(&name_counts),
        kind,
        aliases: aliases.into_iter().map(|(a, _)| a.to_string()).collect(),
        roles: roles.into_iter().map(|(r, _)| r.to_string()).collect(),
        country,
        mentions,
        articles: arts,
    }
}

/// Adds `text` first seen at `pos`, keeping its earliest position.
fn note<'a>(list: &mut Vec<(&'a str, Pos)>, text: &'a str, pos: Pos) {
    match list.iter_mut().find(|(t, _)| *t == text) {
        Some((_, p)) => *p = (*p).min(pos),
        None => list.push((text, pos)),
    }
}

/// What [`registry_actor`] sums over a cluster's groups and members.
#[derive(Default)]
struct Sums<'g> {
    aliases: Vec<(&'g str, Pos)>,
    roles: Vec<(&'g str, Pos)>,
    countries: Vec<(&'g str, usize, Pos)>,
    name_counts: Vec<(&'g str, usize)>,
    arts: Vec<usize>,
    mentions: usize,
}

impl<'g> Sums<'g> {
    /// Counts `country` `n` more times, keeping its earliest position.
    fn add_country(&mut self, country: &'g str, n: usize, pos: Pos) {
        match self.countries.iter_mut().find(|(k, _, _)| *k == country) {
            Some((_, m, p)) => {
                *m += n;
                *p = (*p).min(pos);
            }
            None => self.countries.push((country, n, pos)),
        }
    }

    /// Adds one bare-surname member (index `i` of its group).
    fn add_bare(&mut self, group: &'g Group, i: usize, member: &'g BareMember) {
        let Some(&(article, actor)) = group.members.get(i) else {
            return;
        };
        self.mentions += member.mentions;
        self.arts.push(article as usize);
        let pos = |k: usize| (article, actor, u32::try_from(k).unwrap_or(u32::MAX));
        for (k, a) in member.aliases.iter().enumerate() {
            note(&mut self.aliases, a, pos(k));
        }
        for (k, r) in member.roles.iter().enumerate() {
            note(&mut self.roles, r, pos(k));
        }
        if let Some(c) = &member.country {
            self.add_country(c, 1, pos(0));
        }
        bump_str(&mut self.name_counts, &member.name, member.mentions);
    }
}

/// Adds `n` to the count of `key`, keeping first-seen order.
fn bump_str<'a>(counts: &mut Vec<(&'a str, usize)>, key: &'a str, n: usize) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, c)) => *c += n,
        None => counts.push((key, n)),
    }
}

/// The fullest proper name (proper before nominal, not an acronym, most words), then the
/// most mentioned, then the first in byte order.
fn best_name(counts: &[(&str, usize)]) -> String {
    let rank = |(name, n): (&str, usize)| {
        (
            is_proper(name),
            !text::is_acronym(name),
            name.split_whitespace().count(),
            n,
        )
    };
    counts
        .iter()
        .copied()
        .fold(None::<(&str, usize)>, |best, c| match best {
            Some(b) if rank(b) > rank(c) || (rank(b) == rank(c) && b.0 <= c.0) => Some(b),
            _ => Some(c),
        })
        .map(|(name, _)| name.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::entities::extract;

    /// Extractions of several small articles (headline "Talks").
    fn extractions(bodies: &[&str]) -> Vec<Extraction> {
        bodies
            .iter()
            .map(|b| extract(&format!("Talks\n\n{b}"), Gazetteer::builtin()))
            .collect()
    }

    fn registry(bodies: &[&str]) -> Registry {
        let xs = extractions(bodies);
        let refs: Vec<&Extraction> = xs.iter().collect();
        build(&refs)
    }

    fn named<'r>(r: &'r Registry, name: &str) -> Option<&'r RegistryActor> {
        r.actors.iter().find(|a| a.name == name)
    }

    /// The name words as the registry first made them, a word at a time: the reference the
    /// one-string key is held to.
    fn name_words(name: &str) -> Vec<String> {
        name.split_whitespace()
            .map(|w| {
                text::fold(w)
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .replace(['\'', '.'], "")
            })
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// The group key built in one string is the kind and the name words `name_words` gives,
    /// and a prepared article's full-name surnames are its people's last name words.
    #[test]
    fn a_group_key_is_the_kind_and_the_folded_name_words() {
        let names = [
            "Abdourahamane Tiani",
            "  Goïta ",
            "O'Neil-Smith Jr.",
            "'.' -- ",
            "U.S. State Department",
            "Ahmed\tal-Sharaa",
            "",
            "ÉCOWAS’s",
        ];
        let actors: Vec<LocalActor> = names
            .iter()
            .map(|name| LocalActor {
                name: (*name).to_string(),
                kind: EntityKind::Person,
                roles: Vec::new(),
                country: None,
                mentions: Vec::new(),
            })
            .collect();
        for a in &actors {
            let expected = format!("PERSON\t{}", name_words(&a.name).join(" "));
            assert_eq!(group_key(a), expected, "{:?}", a.name);
        }
        let prepared = PreparedActors::from(actors);
        let surnames: Vec<&str> = prepared.surnames.iter().map(String::as_str).collect();
        assert_eq!(surnames, ["tiani", "jr", "department", "al-sharaa"]);
    }

    fn people(r: &Registry) -> Vec<&str> {
        r.actors
            .iter()
            .filter(|a| a.kind == EntityKind::Person)
            .map(|a| a.name.as_str())
            .collect()
    }

    #[test]
    fn equal_folded_names_merge_across_articles() {
        let r = registry(&["Assane Goïta spoke in Accra.", "Assane Goita met envoys."]);
        assert_eq!(people(&r), vec!["Assane Goita"]);
        let a = named(&r, "Assane Goita");
        assert_eq!(a.map(|a| a.articles.clone()), Some(vec![0, 1]));
        assert_eq!(a.map(|a| a.mentions), Some(2));
        let aliases = a.map(|a| a.aliases.clone()).unwrap_or_default();
        assert_eq!(aliases, vec!["Assane Goïta", "Assane Goita"]);
    }

    #[test]
    fn bare_surname_and_middle_names_join_the_full_name() {
        let r = registry(&[
            "President Bola Ahmed Kinubu spoke in Abuja.",
            "Bola Kinubu met envoys.",
            "On Monday Kinubu said the talks went well.",
        ]);
        assert_eq!(people(&r), vec!["Bola Ahmed Kinubu"]);
        let a = named(&r, "Bola Ahmed Kinubu");
        assert_eq!(a.map(|a| a.articles.clone()), Some(vec![0, 1, 2]));
        assert_eq!(
            a.map(|a| a.roles.clone()),
            Some(vec!["President".to_string()])
        );
        assert_eq!(a.and_then(|a| a.country.clone()), None);
    }

    #[test]
    fn spelling_variants_merge() {
        let r = registry(&[
            "Gen. Abdourahamane Tchiani took power.",
            "Gen. Abdourahmane Tiani named a cabinet.",
            "Gen. Abdourahamane Tchiani spoke again.",
        ]);
        assert_eq!(people(&r), vec!["Abdourahamane Tchiani"]);
        assert_eq!(r.actors[0].mentions, 3);
    }

    #[test]
    fn acronym_and_expansion_merge() {
        let r = registry(&[
            "The Economic Community of West African States met.",
            "ECOWAS said no.",
            "The Southern Trade Council (STC) met on Friday.",
            "Later the STC said it would meet again.",
        ]);
        let ecowas = named(&r, "Economic Community of West African States");
        assert_eq!(ecowas.map(|a| a.articles.clone()), Some(vec![0, 1]));
        assert_eq!(ecowas.map(|a| a.kind), Some(EntityKind::Org));
        let stc = named(&r, "Southern Trade Council");
        assert_eq!(stc.map(|a| a.articles.clone()), Some(vec![2, 3]));
        assert!(named(&r, "ECOWAS").is_none() && named(&r, "STC").is_none());
    }

    #[test]
    fn country_aliases_merge() {
        let r = registry(&[
            "The Republic of Niger is calm.",
            "Troops left Niger on Monday.",
        ]);
        let niger = named(&r, "Republic of Niger");
        assert_eq!(niger.map(|a| a.articles.clone()), Some(vec![0, 1]));
        assert_eq!(niger.map(|a| a.kind), Some(EntityKind::Loc));
    }

    #[test]
    fn different_first_names_stay_apart() {
        let r = registry(&["Ali Kamara spoke in Accra.", "Omar Kamara spoke in Abuja."]);
        let mut found = people(&r);
        found.sort_unstable();
        assert_eq!(found, vec!["Ali Kamara", "Omar Kamara"]);
    }

    #[test]
    fn ambiguous_bare_surname_goes_to_the_most_frequent_only_when_the_article_allows() {
        let r = registry(&[
            "Ali Kamara spoke. Later Ali Kamara left.",
            "Omar Kamara spoke in Abuja.",
            "On Monday Kamara said the talks went well.",
            "Ali Kamara met Omar Kamara. On Monday Kamara said nothing.",
        ]);
        let ali = named(&r, "Ali Kamara");
        // articles 0 and 3 name him; article 2 has only "Kamara", which goes to him as the
        // most frequent Kamara; article 3's "Kamara" could be either and stays alone
        assert_eq!(ali.map(|a| a.articles.clone()), Some(vec![0, 2, 3]));
        let bare = named(&r, "Kamara");
        assert_eq!(bare.map(|a| a.articles.clone()), Some(vec![3]));
        let omar = named(&r, "Omar Kamara");
        assert_eq!(omar.map(|a| a.articles.clone()), Some(vec![1, 3]));
    }

    #[test]
    fn tied_bare_surname_stays_alone() {
        let r = registry(&[
            "Ali Kamara spoke in Accra.",
            "Omar Kamara spoke in Abuja.",
            "On Monday Kamara said the talks went well.",
        ]);
        assert_eq!(
            named(&r, "Kamara").map(|a| a.articles.clone()),
            Some(vec![2])
        );
    }

    #[test]
    fn links_point_at_the_merged_actor() {
        let xs = extractions(&[
            "Vladimir Petrov met AFP in Accra.",
            "On Monday Petrov said no.",
        ]);
        let refs: Vec<&Extraction> = xs.iter().collect();
        let r = build(&refs);
        assert_eq!(r.links.len(), 2);
        for (x, links) in xs.iter().zip(&r.links) {
            assert_eq!(links.len(), x.actors.len());
            for (local, &g) in x.actors.iter().zip(links) {
                assert_eq!(r.actors[g].kind, local.kind);
                assert!(
                    r.actors[g].aliases.contains(&local.name) || r.actors[g].name == local.name
                );
            }
        }
        let petrov = r.links[1][0];
        assert_eq!(r.actors[petrov].name, "Vladimir Petrov");
        let total: usize = xs
            .iter()
            .map(|x| x.mentions.iter().filter(|m| m.actor.is_some()).count())
            .sum();
        assert_eq!(r.actors.iter().map(|a| a.mentions).sum::<usize>(), total);
    }

    #[test]
    fn output_is_ordered_and_deterministic() {
        let bodies = [
            "Lena Varga met AFP in Accra. Varga said ECOWAS would act.",
            "ECOWAS met in Abuja. Lena Varga spoke. ECOWAS said no.",
        ];
        let r = registry(&bodies);
        assert_eq!(r, registry(&bodies));
        for w in r.actors.windows(2) {
            let ordered = w[0].mentions > w[1].mentions
                || (w[0].mentions == w[1].mentions && w[0].name <= w[1].name);
            assert!(ordered, "{} before {}", w[0].name, w[1].name);
        }
        // three mentions each: the tie is broken by name
        assert_eq!(r.actors[0].name, "ECOWAS");
        assert_eq!(r.actors[0].mentions, 3);
        assert_eq!(r.actors[1].name, "Lena Varga");
        assert_eq!(r.actors[1].mentions, 3);
    }

    #[test]
    fn empty_input_gives_an_empty_registry() {
        assert_eq!(build(&[]), Registry::default());
    }
}
