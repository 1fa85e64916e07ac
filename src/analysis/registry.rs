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
use crate::analysis::gazetteer::{EntryClass, Gazetteer, phrase_key};
use crate::analysis::text;
use serde::Serialize;
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
    let locals = locals(articles);
    let groups = exact_groups(&locals);
    let mut sets = UnionFind::new(groups.len());
    union_named_things(&locals, &groups, gaz, &mut sets);
    union_people(&groups, gaz, &mut sets);
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (g, group) in groups.iter().enumerate() {
        clusters
            .entry(sets.find(g))
            .or_default()
            .extend(group.members.iter().copied());
    }
    attach_bare_surnames(&locals, &groups, &mut clusters, gaz);
    let mut actors: Vec<(RegistryActor, Vec<usize>)> = clusters
        .into_values()
        .map(|mut members| {
            members.sort_unstable();
            (registry_actor(articles, &locals, &members), members)
        })
        .collect();
    actors.sort_by(|(a, am), (b, bm)| {
        b.mentions
            .cmp(&a.mentions)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.kind.as_str().cmp(b.kind.as_str()))
            .then_with(|| am.cmp(bm))
    });
    let mut links: Vec<Vec<usize>> = articles.iter().map(|x| vec![0; x.actors.len()]).collect();
    for (r, (_, members)) in actors.iter().enumerate() {
        for &l in members {
            links[locals[l].article][locals[l].actor] = r;
        }
    }
    Registry {
        actors: actors.into_iter().map(|(a, _)| a).collect(),
        links,
    }
}

/// One article's actor, as the registry compares it.
struct Local {
    article: usize,
    actor: usize,
    kind: EntityKind,
    name: String,
    /// Folded name words, punctuation trimmed.
    words: Vec<String>,
    mentions: usize,
    /// Distinct proper surface forms of its mentions ("ECOWAS", "Niger Republic").
    forms: Vec<String>,
}

impl Local {
    /// Comparison key of the name: its folded words joined by one space.
    fn key(&self) -> String {
        self.words.join(" ")
    }

    /// The surname of a person's name (its last word).
    fn surname(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }
}

/// Every actor of every article, in input order.
fn locals(articles: &[&Extraction]) -> Vec<Local> {
    let mut out = Vec::new();
    for (article, x) in articles.iter().enumerate() {
        for (actor, a) in x.actors.iter().enumerate() {
            let mut forms: Vec<String> = vec![a.name.clone()];
            for m in a.mentions.iter().filter_map(|&m| x.mentions.get(m)) {
                if is_proper(&m.text) && !forms.contains(&m.text) {
                    forms.push(m.text.clone());
                }
            }
            out.push(Local {
                article,
                actor,
                kind: a.kind,
                name: a.name.clone(),
                words: name_words(&a.name),
                mentions: a.mentions.len(),
                forms,
            });
        }
    }
    out
}

/// Folded words of a name, without punctuation at their ends ("Goïta" → "goita").
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

/// Locals with the same kind and folded name.
struct Group {
    kind: EntityKind,
    words: Vec<String>,
    members: Vec<usize>,
    mentions: usize,
}

/// Groups locals by (kind, folded name), in order of first appearance.
fn exact_groups(locals: &[Local]) -> Vec<Group> {
    let mut index: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (l, local) in locals.iter().enumerate() {
        let g = *index.entry((local.kind, local.key())).or_insert_with(|| {
            groups.push(Group {
                kind: local.kind,
                words: local.words.clone(),
                members: Vec::new(),
                mentions: 0,
            });
            groups.len() - 1
        });
        groups[g].members.push(l);
        groups[g].mentions += local.mentions;
    }
    groups
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

/// True when a surface form is a proper name rather than a nominal ("the bloc").
fn is_proper(text: &str) -> bool {
    text.starts_with(|c: char| c.is_uppercase()) && !text.starts_with("The ")
}

/// Rule 2: organisations and places that share a gazetteer entry, whose name is another's
/// proper alias, or whose acronym spells the initials of exactly one longer name.
fn union_named_things(locals: &[Local], groups: &[Group], gaz: &Gazetteer, sets: &mut UnionFind) {
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
        let country = group.members.iter().any(|&l| {
            gazetteer_entry(gaz, &locals[l].name)
                .is_some_and(|e| gaz.entries[e].class == EntryClass::Country)
        });
        let forms = group.members.iter().flat_map(|&l| &locals[l].forms);
        for form in forms.map(String::as_str) {
            if !is_proper(form) {
                continue;
            }
            if country && gazetteer_entry(gaz, form).is_some_and(|e| gaz.entries[e].capital) {
                continue;
            }
            if let Some(&h) = by_key.get(&(group.kind, name_words(form).join(" "))) {
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
        if group.kind != EntityKind::Org || !group_is_acronym(groups, g, locals) {
            continue;
        }
        if let Some([h]) = by_initials.get(word).map(Vec::as_slice) {
            sets.union(g, *h);
        }
    }
}

/// True when the group's names are written as acronyms ("ECOWAS").
fn group_is_acronym(groups: &[Group], g: usize, locals: &[Local]) -> bool {
    groups[g]
        .members
        .iter()
        .any(|&l| text::is_acronym(&locals[l].name))
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
/// unless the local's own article names a full name with that surname. Bare surnames left
/// alone stay in their own cluster (one per folded surname).
fn attach_bare_surnames(
    locals: &[Local],
    groups: &[Group],
    clusters: &mut BTreeMap<usize, Vec<usize>>,
    gaz: &Gazetteer,
) {
    // full-name person clusters: key, mentions, distinct surnames
    let mut full: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::new();
    for (&key, members) in clusters.iter() {
        let mut surnames: Vec<&str> = members
            .iter()
            .map(|&l| &locals[l])
            .filter(|l| l.kind == EntityKind::Person && l.words.len() >= 2)
            .map(Local::surname)
            .collect();
        if surnames.is_empty() {
            continue;
        }
        surnames.sort_unstable();
        surnames.dedup();
        for &s in &surnames {
            by_surname.entry(s).or_default().push(full.len());
        }
        let mentions = members.iter().map(|&l| locals[l].mentions).sum();
        full.push((key, mentions, surnames));
    }
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
        for &l in &group.members {
            let target = match fits[..] {
                [] => None,
                [(k, _)] => Some(k),
                _ if article_names_surname(locals, l, word, gaz) => None,
                _ => most_frequent(&fits),
            };
            let Some(t) = target else { continue };
            if let Some(m) = clusters.get_mut(&g) {
                m.retain(|&x| x != l);
            }
            if let Some(m) = clusters.get_mut(&t) {
                m.push(l);
            }
        }
    }
    clusters.retain(|_, m| !m.is_empty());
}

/// True when the article of local `l` has a person actor with a full name whose surname is
/// `word`.
fn article_names_surname(locals: &[Local], l: usize, word: &str, gaz: &Gazetteer) -> bool {
    // locals are in article order: the article's own are one stretch
    let article = locals[l].article;
    let start = locals.partition_point(|o| o.article < article);
    let end = locals.partition_point(|o| o.article <= article);
    locals[start..end].iter().any(|o| {
        o.kind == EntityKind::Person
            && o.words.len() >= 2
            && names::same_word(o.surname(), word, gaz)
    })
}

/// The cluster with the most mentions, when no other has as many.
fn most_frequent(fits: &[(usize, usize)]) -> Option<usize> {
    let max = fits.iter().map(|&(_, m)| m).max()?;
    let mut top = fits.iter().filter(|&&(_, m)| m == max);
    let first = top.next().map(|&(k, _)| k);
    if top.next().is_some() { None } else { first }
}

/// The registry actor of a cluster of locals (sorted by article, then actor).
fn registry_actor(articles: &[&Extraction], locals: &[Local], members: &[usize]) -> RegistryActor {
    let mut aliases: Vec<String> = Vec::new();
    let mut roles: Vec<String> = Vec::new();
    let mut countries: Vec<(String, usize)> = Vec::new();
    let mut name_counts: Vec<(&str, usize)> = Vec::new();
    let mut arts: Vec<usize> = Vec::new();
    let mut mentions = 0;
    for &l in members {
        let local = &locals[l];
        let Some(actor) = articles[local.article].actors.get(local.actor) else {
            continue;
        };
        mentions += local.mentions;
        arts.push(local.article);
        for &m in &actor.mentions {
            if let Some(m) = articles[local.article].mentions.get(m)
                && !aliases.contains(&m.text)
            {
                aliases.push(m.text.clone());
            }
        }
        for r in &actor.roles {
            if !roles.contains(r) {
                roles.push(r.clone());
            }
        }
        if let Some(c) = &actor.country {
            bump(&mut countries, c.as_str(), 1);
        }
        bump_str(&mut name_counts, &local.name, local.mentions);
    }
    arts.dedup();
    let country = countries
        .iter()
        .fold(None::<&(String, usize)>, |best, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(c, _)| c.clone());
    RegistryActor {
        name: best_name(&name_counts),
        kind: locals[members[0]].kind,
        aliases,
        roles,
        country,
        mentions,
        articles: arts,
    }
}

/// Adds `n` to the count of `key`, keeping first-seen order.
fn bump(counts: &mut Vec<(String, usize)>, key: &str, n: usize) {
    match counts.iter_mut().find(|(k, _)| k == key) {
        Some((_, c)) => *c += n,
        None => counts.push((key.to_string(), n)),
    }
}

/// [`bump`] for borrowed keys.
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
