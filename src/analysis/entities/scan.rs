//! Finds candidate mentions: capitalised runs split into gazetteer names, titles, demonyms and
//! unknown names; roles written before or after a name; person and organisation nominals
//! ("the Russian leader", "Niger's junta"); acronym definitions ("… States (ECOWAS)").

use super::EntityKind;
use super::doc::Doc;
use crate::analysis::gazetteer::{Creates, EntryClass, Gazetteer, TitleClass};
use std::ops::Range;

/// Who a title or an organisation nominal belongs to: a gazetteer entry (country or body).
#[derive(Clone, Debug, PartialEq)]
pub struct Owner {
    pub entry: usize,
}

/// Where a candidate comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A gazetteer name.
    Gaz(usize),
    /// A capitalised name the lists do not know.
    Name,
    /// A role without a name: "the Russian leader", "Mali's military leader".
    PersonNominal {
        /// The head role word, folded ("leader", "president").
        head: String,
    },
    /// An organisation nominal: "the bloc", "Niger's junta".
    OrgNominal { class: String, creates: Creates },
}

/// A candidate mention: a token range and what is known about it.
#[derive(Clone, Debug)]
pub struct Cand {
    pub toks: Range<usize>,
    /// First token of the name itself: after a title written with it ("*President* Bazoum").
    pub name_from: usize,
    /// `None` for a single unknown word whose type is decided later.
    pub kind: Option<EntityKind>,
    pub source: Source,
    /// Role written with the mention ("President", "military leader").
    pub role: Option<String>,
    /// Country or body the role or nominal belongs to.
    pub owner: Option<Owner>,
    /// Inside a headline or subhead.
    pub titlecase: bool,
    /// For an acronym: index of the candidate it abbreviates ("(ECOWAS)").
    pub defines: Option<usize>,
    /// For a nominal followed by ", Name": index of that name's candidate.
    pub names: Option<usize>,
}

impl Cand {
    /// A new candidate with nothing known beyond its range, type and source.
    fn new(toks: Range<usize>, kind: Option<EntityKind>, source: Source, doc: &Doc) -> Self {
        let titlecase = doc.titlecase.get(toks.start).copied().unwrap_or(false);
        Cand {
            name_from: toks.start,
            toks,
            kind,
            source,
            role: None,
            owner: None,
            titlecase,
            defines: None,
            names: None,
        }
    }
}

/// Lower-case particles that may start a name: "al-Qaeda", "al Qaeda".
const PARTICLES: &[&str] = &["al", "el"];

/// Compass words that may open a place name in lower case: "*western* Africa".
const COMPASS: &[&str] = &["western", "eastern", "northern", "southern", "central"];

/// A gazetteer name of four or more words written in lower case ("committee of the chief of
/// defence staff"): long enough not to be an ordinary phrase; or a compass word before a
/// capitalised place name the gazetteer knows with it ("western Africa").
fn long_lowercase_name(doc: &Doc, gaz: &Gazetteer, i: usize) -> Option<(usize, usize)> {
    let compass = COMPASS.contains(&doc.f(i)) && doc.is_cap(i + 1);
    if !doc.is_word(i) || !compass && !doc.is_cap(i + 2) && !doc.is_cap(i + 3) {
        return None;
    }
    let (ge, hit) = gaz.names.longest(&doc.folded, i)?;
    let long_enough = ge - i >= 4 || (compass && ge - i >= 2);
    (long_enough && !hit.acronym).then_some((ge, hit.entry))
}

/// Lower-case words that join the parts of a name: "Community *of* West African States".
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "de", "du", "des", "da", "la", "le", "al", "el", "bin", "ibn",
    "van", "von", "der", "on", "d'", "&",
];

/// Last words that make a name an organisation.
pub const ORG_HEADS: &[&str] = &[
    "union",
    "community",
    "council",
    "committee",
    "commission",
    "ministry",
    "department",
    "agency",
    "organisation",
    "organization",
    "association",
    "party",
    "movement",
    "front",
    "army",
    "forces",
    "force",
    "guard",
    "guards",
    "police",
    "bank",
    "fund",
    "court",
    "assembly",
    "parliament",
    "senate",
    "congress",
    "government",
    "office",
    "embassy",
    "institute",
    "university",
    "college",
    "authority",
    "bureau",
    "service",
    "services",
    "group",
    "corporation",
    "company",
    "news",
    "times",
    "post",
    "herald",
    "tribune",
    "radio",
    "television",
    "tv",
    "network",
    "press",
    "alliance",
    "coalition",
    "federation",
    "league",
    "foundation",
    "secretariat",
    "cabinet",
    "presidency",
    "brigade",
    "battalion",
    "regiment",
    "command",
    "chiefs",
    "staff",
    "observer",
    "guardian",
    "daily",
    "telegraph",
    "journal",
    "monitor",
    "express",
    "mail",
    "agency",
    "programme",
    "program",
    "mission",
    "operation",
    "unit",
    "directorate",
    "inc",
    "ltd",
    "plc",
    "club",
    "board",
    "hotel",
    "lodge",
    "representatives",
    "commons",
    "lords",
];

/// First words that make a name an organisation ("Ministry of Defence").
const ORG_FIRSTS: &[&str] = &[
    "ministry",
    "committee",
    "council",
    "commission",
    "department",
    "office",
    "bank",
    "university",
    "court",
    "embassy",
    "authority",
    "agency",
    "bureau",
    "directorate",
    "operation",
    "federation",
    "union",
    "association",
];

/// Last words that make a name a place.
const LOC_HEADS: &[&str] = &[
    "region",
    "province",
    "district",
    "county",
    "city",
    "river",
    "lake",
    "mountains",
    "desert",
    "valley",
    "island",
    "islands",
    "coast",
    "delta",
    "basin",
    "street",
    "square",
    "avenue",
    "airport",
    "camp",
    "barracks",
    "base",
    "stadium",
    "palace",
    "state",
    "states",
    "continent",
    "peninsula",
    "border",
    "sea",
    "ocean",
    "strip",
    "bridge",
    "oblast",
    "governorate",
    "crossing",
    "canal",
    "strait",
    "heights",
];

/// Place heads that name a region's kind rather than another place ("Essequibo *County*").
const ADMIN_HEADS: &[&str] = &[
    "region",
    "province",
    "district",
    "county",
    "state",
    "oblast",
    "governorate",
];

/// Last words of names of documents, laws and events, which are not entities ("Black Sea
/// Grain Initiative", "Extraordinary Summit", "National Security Supplemental Bill").
const EVENT_HEADS: &[&str] = &[
    "agreement",
    "agreements",
    "accord",
    "accords",
    "deal",
    "declaration",
    "treaty",
    "summit",
    "conference",
    "bill",
    "act",
    "resolution",
    "convention",
    "conventions",
    "protocol",
    "charter",
    "initiative",
    "plan",
    "process",
    "talks",
    "forum",
    "award",
    "index",
    "period",
    "communique",
    "memorandum",
    "war",
    "games",
    "olympics",
];

/// Titles that take the portfolio written before them: "*Treasury* Secretary", "*Foreign
/// Affairs* Minister".
const PORTFOLIO_TITLES: &[&str] = &["secretary", "minister", "commissioner"];

/// Plural nouns whose possessive belongs inside a name: "Tigray *People's* Liberation Front".
const NAME_POSSESSIVES: &[&str] = &["people", "peoples", "workers", "women", "martyrs"];

/// Words that may stand between a title and its owner: "Mali's *new military* leader".
const ROLE_MODIFIERS: &[&str] = &[
    "military",
    "foreign",
    "prime",
    "deputy",
    "former",
    "interim",
    "transitional",
    "new",
    "ousted",
    "deposed",
    "elected",
    "democratically",
    "self-declared",
    "self-proclaimed",
    "acting",
    "senior",
    "top",
    "defence",
    "defense",
    "affairs",
    "state",
    "head",
    "vice",
    "outgoing",
    "incoming",
    "late",
    "current",
    "army",
    "junta",
    "coup",
    "regional",
    "security",
    "national",
    "special",
    "chief",
    "detained",
    "toppled",
    "overthrown",
    "civilian",
];

/// Prepositions before a place name.
pub const LOCATIVES: &[&str] = &[
    "in",
    "at",
    "from",
    "to",
    "near",
    "across",
    "towards",
    "toward",
    "into",
    "outside",
    "inside",
    "around",
    "throughout",
    "via",
];

/// Words before a nominal that make it a definite reference.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "his", "her", "their", "this", "that",
];

/// True when a folded word is a connector inside names.
fn is_connector(f: &str) -> bool {
    CONNECTORS.contains(&f)
}

/// All candidates of the article, ordered by start token.
pub fn scan(doc: &Doc, gaz: &Gazetteer) -> Vec<Cand> {
    let mut cands = Vec::new();
    let mut i = 0;
    while i < doc.toks.len() {
        let particle = PARTICLES.contains(&doc.f(i)) && doc.is_cap(i + 1);
        if !doc.is_cap(i) && !particle {
            if let Some((ge, entry)) = long_lowercase_name(doc, gaz, i) {
                cands.push(Cand::new(
                    i..ge,
                    Some(gaz.entries[entry].kind),
                    Source::Gaz(entry),
                    doc,
                ));
                i = ge;
            } else {
                i += 1;
            }
            continue;
        }
        // a gazetteer name may hold words that end an ordinary run ("Economic and Monetary")
        let gaz_end = gaz.names.longest(&doc.folded, i).map_or(0, |(e, _)| e);
        let end = run_end(doc, gaz, i).max(gaz_end);
        // a gazetteer name inside the run may reach past its end ("Sunday the Agency for …
        // in Africa and Madagascar"): go on after it
        let reached = segment(doc, gaz, i..end, &mut cands);
        i = end.max(reached).max(i + 1);
    }
    cands.sort_by_key(|c| c.toks.start);
    role_lookback(doc, gaz, &mut cands);
    let mut claimed = vec![false; doc.toks.len()];
    for c in &cands {
        for f in &mut claimed[c.toks.clone()] {
            *f = true;
        }
    }
    person_nominals(doc, gaz, &mut cands, &mut claimed);
    org_nominals(doc, gaz, &mut cands, &claimed);
    cands.sort_by_key(|c| c.toks.start);
    appositives(doc, &mut cands);
    acronym_definitions(doc, &mut cands);
    cands
}

/// End (exclusive) of the capitalised run starting at `start`: capitalised words joined by
/// connectors, and full stops after title abbreviations and initials; never across a
/// sentence end, a possessive (but "People's") or other punctuation, nor through a connector
/// to a word that is no name ("the High Court on Tuesday").
fn run_end(doc: &Doc, gaz: &Gazetteer, start: usize) -> usize {
    let mut j = start + 1;
    let mut has_of = false;
    while j < doc.toks.len() && doc.same_sentence(start, j) {
        let f = doc.f(j);
        if doc.is_cap(j) {
            j += 1;
            continue;
        }
        if doc.is_possessive(j) && NAME_POSSESSIVES.contains(&doc.f(j - 1)) && doc.is_cap(j + 1) {
            j += 1;
            continue;
        }
        if f == "." && j > start && abbreviation_dot(doc, j) && doc.is_cap(j + 1) {
            j += 1;
            continue;
        }
        if doc.is_word(j) && is_connector(f) {
            // "of the", "for the": look one word further
            let mut k = j + 1;
            if (f == "of" || f == "for") && doc.f(k) == "the" {
                k += 1;
            }
            let and_ok = f != "and" || has_of;
            let name_follows = doc.is_cap(k) && !gaz.is_nonname(doc.f(k));
            if name_follows && and_ok && !doc.is_possessive(j - 1) {
                has_of |= f == "of" || f == "for";
                j = k;
                continue;
            }
        }
        break;
    }
    j
}

/// True when the full stop at `j` follows a title abbreviation or a single initial.
fn abbreviation_dot(doc: &Doc, j: usize) -> bool {
    let prev = doc.tok(j - 1);
    let touching = doc.toks[j - 1].range.end == doc.toks[j].range.start;
    touching && (prev.chars().count() == 1 || ABBREV_TITLES.contains(&doc.f(j - 1)))
}

/// Title abbreviations written with a full stop.
const ABBREV_TITLES: &[&str] = &[
    "gen", "col", "maj", "lt", "capt", "cpt", "sgt", "brig", "adm", "cdr", "mr", "mrs", "ms", "dr",
    "prof", "gov", "sen", "rep", "rev", "hon", "st", "jr", "sr",
];

/// Splits a capitalised run into candidates: gazetteer names, titles (kept as roles),
/// demonyms (kept as owners, never mentions) and unknown names. Returns the token after
/// the last one used (past the run when a gazetteer name goes on after it).
fn segment(doc: &Doc, gaz: &Gazetteer, run: Range<usize>, out: &mut Vec<Cand>) -> usize {
    let mut p = run.start;
    let mut title: Option<(Range<usize>, TitleClass)> = None;
    // the last owner (gazetteer name or demonym) seen in the run, with its tokens
    let mut owner: Option<(Owner, Range<usize>)> = None;
    while p < run.end {
        let f = doc.f(p);
        if f == "." || (is_connector(f) && p > run.start && !doc.is_cap(p)) {
            p += 1;
            continue;
        }
        let demonym_end = demonym_at(doc, gaz, p).map_or(0, |(e, _)| e);
        let gaz_hit = gaz_at(doc, gaz, p)
            .filter(|(ge, _)| *ge > demonym_end)
            .filter(|&(ge, e)| !glued_weak(doc, gaz, e, ge, run.end));
        let common_opener = doc.sentence_start[p] && doc.lowercase_words.contains(f);
        if gaz_hit.is_none() && (gaz.is_nonname(f) || common_opener) {
            p += 1;
            continue;
        }
        // a gazetteer name longer than the title wins: "General Assembly"
        let title_hit = title_at(doc, gaz, p, run.end)
            .filter(|(te, _)| gaz_hit.is_none_or(|(ge, _)| ge <= *te));
        if let Some((te, class)) = title_hit {
            let te = portfolio_end(doc, gaz, te, run.end);
            let start = title.as_ref().map_or(p, |(r, _)| r.start);
            title = Some((start..te, class));
            p = te;
            continue;
        }
        if let Some((ge, entry)) = gaz_hit {
            // "Black Sea Grain Initiative", "Geneva Agreement": a place naming an event or a
            // document is neither
            let place = matches!(
                gaz.entries[entry].class,
                EntryClass::City | EntryClass::Region
            );
            if place && ge < run.end && event_shape(doc, ge, run.end) {
                return run.end;
            }
            let tail_is_org = ge < run.end
                && title_at(doc, gaz, ge, run.end).is_none()
                && org_tail(doc, ge, run.end);
            if tail_is_org {
                let end = trim_connectors(doc, p, run.end);
                out.push(Cand::new(p..end, Some(EntityKind::Org), Source::Name, doc));
                p = end;
                continue;
            }
            // "Burma Camp", "Niger Delta", "Kano State": a known name with a place head right
            // after it is one place; "Essequibo County" is the region itself.
            if place_head_at(doc, ge, run.end) {
                let names_region = gaz.entries[entry].class == EntryClass::Region
                    && ADMIN_HEADS.contains(&doc.f(ge));
                let source = if names_region {
                    Source::Gaz(entry)
                } else {
                    Source::Name
                };
                out.push(Cand::new(p..ge + 1, Some(EntityKind::Loc), source, doc));
                p = ge + 1;
                continue;
            }
            // "Authority of Heads of State and Government of the ECOWAS"
            if gaz.entries[entry].class == EntryClass::Body && doc.f(ge) == "of" && ge < run.end {
                let end = trim_connectors(doc, p, run.end);
                out.push(Cand::new(p..end, Some(EntityKind::Org), Source::Name, doc));
                p = end;
                continue;
            }
            let mut c = Cand::new(
                p..ge,
                Some(gaz.entries[entry].kind),
                Source::Gaz(entry),
                doc,
            );
            c.titlecase = doc.titlecase[p];
            out.push(c);
            if let Some((r, class)) = title.take() {
                title_before_name(
                    doc,
                    (r, class),
                    owner.as_ref(),
                    (Owner { entry }, p..ge),
                    out,
                );
            }
            owner = Some((Owner { entry }, p..ge));
            p = ge;
            continue;
        }
        if let Some((de, country)) = demonym_at(doc, gaz, p) {
            // "Nigerien Foreign Ministry", "French Embassy"
            let org_follows = de < run.end
                && title_at(doc, gaz, de, run.end).is_none()
                && org_tail(doc, de, run.end);
            if org_follows {
                let end = trim_connectors(doc, p, run.end);
                out.push(Cand::new(p..end, Some(EntityKind::Org), Source::Name, doc));
                p = end;
                continue;
            }
            // "Crimean Bridge"
            if place_head_at(doc, de, run.end) {
                out.push(Cand::new(
                    p..de + 1,
                    Some(EntityKind::Loc),
                    Source::Name,
                    doc,
                ));
                p = de + 1;
                continue;
            }
            owner = Some((Owner { entry: country }, p..de));
            p = de;
            continue;
        }
        if org_shape(doc, p, run.end) {
            let end = trim_connectors(doc, p, run.end);
            out.push(Cand::new(p..end, Some(EntityKind::Org), Source::Name, doc));
            title = None;
            p = end;
            continue;
        }
        let mut q = p + 1;
        while q < run.end && !name_stop(doc, gaz, q, run.end) {
            q += 1;
        }
        let end = trim_connectors(doc, p, q);
        if end - p > 1 && event_shape(doc, p, end) {
            p = q.max(p + 1);
            continue;
        }
        // "Treasury Secretary Janet Yellen": the words before a portfolio title are its
        // portfolio, not a name
        if title.is_none()
            && q - p <= 2
            && let Some((te, class)) = title_at(doc, gaz, q, run.end)
            && PORTFOLIO_TITLES.contains(&doc.f(te - 1))
        {
            let te = portfolio_end(doc, gaz, te, run.end);
            title = Some((p..te, class));
            p = te;
            continue;
        }
        let kind = if LOC_HEADS.contains(&doc.f(end - 1)) && end - p > 1 {
            Some(EntityKind::Loc)
        } else if title.is_some() || end - p > 1 {
            Some(EntityKind::Person)
        } else {
            None
        };
        let mut c = Cand::new(p..end, kind, Source::Name, doc);
        if let Some((r, class)) = title.take() {
            if class != TitleClass::Honorific {
                c.role = Some(doc.span_text(&r).to_string());
            }
            c.kind = Some(EntityKind::Person);
            c.toks.start = r.start;
        }
        if let Some((o, _)) = owner.take()
            && c.kind == Some(EntityKind::Person)
            && c.role.is_some()
        {
            c.owner = Some(o);
        }
        out.push(c);
        p = q.max(p + 1);
    }
    // "Russian President", "Mali Military Leader": an owner right before the title
    if let Some((r, class)) = title
        && let Some((o, or)) = owner.filter(|(_, or)| only_connectors(doc, or.end..r.start))
    {
        push_person_nominal(doc, (r.clone(), class), o, or.start..r.end, out);
    }
    p
}

/// A title followed (in the same capitalised run) by a gazetteer name: "Mali Military Leader
/// Over Niger Coup" is Mali's leader, not Niger's — an owner written right before the title
/// wins; else the name owns the title only when just "of"/"the" stand between ("the President
/// of ECOWAS"). A name further on ("… Leader Over Niger") is not the owner.
fn title_before_name(
    doc: &Doc,
    title: (Range<usize>, TitleClass),
    before: Option<&(Owner, Range<usize>)>,
    after: (Owner, Range<usize>),
    out: &mut Vec<Cand>,
) {
    let r = &title.0;
    if let Some((o, or)) = before.filter(|(_, or)| only_connectors(doc, or.end..r.start)) {
        let span = or.start..r.end;
        push_person_nominal(doc, title, o.clone(), span, out);
    } else if only_connectors(doc, r.end..after.1.start) {
        let span = r.start..after.1.end;
        push_person_nominal(doc, title, after.0, span, out);
    }
}

/// True when the tokens `r` are all connectors or full stops (or there are none).
fn only_connectors(doc: &Doc, r: Range<usize>) -> bool {
    r.into_iter()
        .all(|i| is_connector(doc.f(i)) || doc.f(i) == ".")
}

/// Adds a person nominal for a title written without a name ("Mali Military Leader",
/// "the Russian President", "the President of ECOWAS") with its owner; `span` covers the
/// title and its owner, and grows to take a "the" written before it.
fn push_person_nominal(
    doc: &Doc,
    title: (Range<usize>, TitleClass),
    owner: Owner,
    span: Range<usize>,
    out: &mut Vec<Cand>,
) {
    let (title, class) = title;
    if class == TitleClass::Honorific || title.is_empty() {
        return;
    }
    let mut span = span;
    if span.start > 0
        && doc.f(span.start - 1) == "the"
        && doc.same_sentence(span.start - 1, span.start)
    {
        span.start -= 1;
    }
    let head = doc.f(title.end - 1).to_string();
    let mut c = Cand::new(
        span,
        Some(EntityKind::Person),
        Source::PersonNominal { head },
        doc,
    );
    c.role = Some(doc.span_text(&title).to_string());
    c.owner = Some(owner);
    out.push(c);
}

/// End of a portfolio written after a title: "Commissioner *for Political Affairs*",
/// "Minister *of Defence*" — capitalised words after "for"/"of" that name no country or body.
fn portfolio_end(doc: &Doc, gaz: &Gazetteer, te: usize, end: usize) -> usize {
    if !matches!(doc.f(te), "for" | "of")
        || !doc.is_cap(te + 1)
        || gaz_at(doc, gaz, te + 1).is_some()
    {
        return te;
    }
    let mut q = te + 1;
    while q < end && (doc.is_cap(q) || is_connector(doc.f(q))) && gaz_at(doc, gaz, q).is_none() {
        q += 1;
    }
    trim_connectors(doc, te, q)
}

/// A title starting at `p` and ending before `end`, with a full stop after an abbreviation.
fn title_at(doc: &Doc, gaz: &Gazetteer, p: usize, end: usize) -> Option<(usize, TitleClass)> {
    let (te, class) = gaz.titles.longest(&doc.folded[..end], p)?;
    let mut te = te;
    if doc.f(te) == "." && te < end {
        te += 1;
    }
    Some((te, *class))
}

/// A gazetteer name at `p`, obeying capitals: acronym aliases must be written in capitals,
/// other names must start with a capital.
fn gaz_at(doc: &Doc, gaz: &Gazetteer, p: usize) -> Option<(usize, usize)> {
    let particle = PARTICLES.contains(&doc.f(p)) && doc.is_cap(p + 1);
    if !doc.is_cap(p) && !particle {
        return None;
    }
    let (ge, hit) = gaz.names.longest(&doc.folded, p)?;
    if hit.acronym && !(p..ge).all(|i| !doc.is_word(i) || doc.is_acronym(i)) {
        return None;
    }
    Some((ge, hit.entry))
}

/// A demonym at `p` ("French", "South African") and its country.
fn demonym_at(doc: &Doc, gaz: &Gazetteer, p: usize) -> Option<(usize, usize)> {
    if doc.is_cap(p + 1) {
        // "south african": the two words joined by a space, without a new string
        let (a, b) = (doc.f(p).as_bytes(), doc.f(p + 1).as_bytes());
        let mut two = [0u8; 64];
        let len = a.len() + 1 + b.len();
        let found = if len <= two.len() {
            two[..a.len()].copy_from_slice(a);
            two[a.len()] = b' ';
            two[a.len() + 1..len].copy_from_slice(b);
            std::str::from_utf8(&two[..len])
                .ok()
                .and_then(|two| gaz.demonyms.get(two))
        } else {
            gaz.demonyms.get(&format!("{} {}", doc.f(p), doc.f(p + 1)))
        };
        if let Some(c) = found {
            return Some((p + 2, *c));
        }
    }
    gaz.demonym_folded(doc.f(p)).map(|c| (p + 1, c))
}

/// True when the run `p..end` reads as an organisation name: an organisation head word as
/// its last word (or before "of"), or an organisation first word.
fn org_shape(doc: &Doc, p: usize, end: usize) -> bool {
    org_shape_from(doc, p, end, p + 1)
}

/// Like [`org_shape`], for the words after a name or demonym: there a head word alone
/// ("French *Embassy*", "ECOWAS *Commission*") is enough.
fn org_tail(doc: &Doc, p: usize, end: usize) -> bool {
    org_shape_from(doc, p, end, p)
}

/// True when `p..end` starts with an organisation first word (followed by more; "House"
/// followed by "of"), or has an organisation head word at `min_head` or later that ends it
/// or comes before a connector.
fn org_shape_from(doc: &Doc, p: usize, end: usize, min_head: usize) -> bool {
    if ORG_FIRSTS.contains(&doc.f(p)) && end - p > 1 {
        return true;
    }
    if doc.f(p) == "house" && doc.f(p + 1) == "of" && end - p > 2 {
        return true;
    }
    (min_head..end).any(|i| {
        let last_or_before_of = i + 1 == end || is_connector(doc.f(i + 1));
        doc.is_cap(i) && last_or_before_of && ORG_HEADS.contains(&doc.f(i))
    })
}

/// True when an unknown name stops before token `q`: a title, gazetteer name, demonym or
/// non-name word starts there.
fn name_stop(doc: &Doc, gaz: &Gazetteer, q: usize, end: usize) -> bool {
    let f = doc.f(q);
    if f == "." {
        return false;
    }
    (gaz.is_nonname(f) && !is_connector(f))
        || title_at(doc, gaz, q, end).is_some()
        || gaz_at(doc, gaz, q).is_some_and(|(_, e)| !gaz.entries[e].weak)
        || gaz.demonym_folded(f).is_some()
        || !doc.is_word(q)
}

/// True when a capitalised place head ("Camp", "Strip", "County") stands at `at`, before
/// `end`.
fn place_head_at(doc: &Doc, at: usize, end: usize) -> bool {
    at < end && doc.is_cap(at) && LOC_HEADS.contains(&doc.f(at))
}

/// True when the weak gazetteer name `entry` ending at `ge` is glued to an unknown
/// capitalised word in the run (ending at `end`): "Vladimir Putin", "Austin Tice" are
/// names, not places.
fn glued_weak(doc: &Doc, gaz: &Gazetteer, entry: usize, ge: usize, end: usize) -> bool {
    gaz.entries[entry].weak
        && ge < end
        && doc.is_cap(ge)
        && !LOC_HEADS.contains(&doc.f(ge))
        && title_at(doc, gaz, ge, end).is_none()
        && gaz_at(doc, gaz, ge).is_none()
        && demonym_at(doc, gaz, ge).is_none()
        && !org_tail(doc, ge, end)
        && !event_shape(doc, ge, end)
}

/// True when the words `p..end` name a document, law or event: an event head word that
/// ends them or comes before a connector ("Conference on International Security").
fn event_shape(doc: &Doc, p: usize, end: usize) -> bool {
    (p..end).any(|i| {
        let last_or_before_connector = i + 1 == end || is_connector(doc.f(i + 1));
        doc.is_cap(i) && last_or_before_connector && EVENT_HEADS.contains(&doc.f(i))
    })
}

/// Moves `end` back over trailing connectors and full stops.
fn trim_connectors(doc: &Doc, start: usize, mut end: usize) -> usize {
    while end > start + 1 && (is_connector(doc.f(end - 1)) || doc.f(end - 1) == ".") {
        end -= 1;
    }
    end
}

/// Finds roles written in lower case before a person's name ("Wagner chief Yevgeny
/// Prigozhin", "Mali's military leader, Assimi Goita") and their owner.
fn role_lookback(doc: &Doc, gaz: &Gazetteer, cands: &mut [Cand]) {
    let by_end: Vec<(usize, usize)> = cands
        .iter()
        .filter_map(|c| match c.source {
            Source::Gaz(e) => Some((c.toks.end, e)),
            _ => None,
        })
        .collect();
    for c in cands.iter_mut() {
        if c.source != Source::Name || c.kind == Some(EntityKind::Org) {
            continue;
        }
        if c.kind == Some(EntityKind::Loc) {
            continue;
        }
        let Some((role, owner)) = role_before(doc, gaz, c.name_from, &by_end) else {
            continue;
        };
        c.kind = Some(EntityKind::Person);
        if c.role.is_none() {
            c.role = Some(role);
        }
        if c.owner.is_none() {
            c.owner = owner;
        }
    }
}

/// The role words (with at least one title word) ending just before `start`, skipping an
/// appositive comma, and their owner (possessive, adjacent name or demonym).
fn role_before(
    doc: &Doc,
    gaz: &Gazetteer,
    start: usize,
    gaz_by_end: &[(usize, usize)],
) -> Option<(String, Option<Owner>)> {
    let mut j = start;
    if j > 0 && doc.f(j - 1) == "," {
        j -= 1;
    }
    let role_end = j;
    let mut has_title = false;
    while j > 0 && doc.same_sentence(j - 1, start) {
        let f = doc.f(j - 1);
        let is_title = gaz
            .titles
            .get(f)
            .is_some_and(|c| *c != TitleClass::Honorific);
        if is_title || ROLE_MODIFIERS.contains(&f) {
            has_title |= is_title;
            j -= 1;
        } else {
            break;
        }
    }
    if !has_title || j == role_end {
        return None;
    }
    // the comma form needs a title right before it: "Mali's military leader, Assimi Goita"
    let role = doc.span_text(&(j..role_end)).to_string();
    Some((role, owner_before(doc, gaz, j, gaz_by_end)))
}

/// The owner written just before token `j`: "Russia's", "Wagner", "French".
fn owner_before(
    doc: &Doc,
    gaz: &Gazetteer,
    j: usize,
    gaz_by_end: &[(usize, usize)],
) -> Option<Owner> {
    let k = if j > 0 && doc.is_possessive(j - 1) {
        j - 1
    } else {
        j
    };
    if let Some((_, e)) = gaz_by_end.iter().find(|(end, _)| *end == k) {
        return Some(Owner { entry: *e });
    }
    if k > 0
        && let Some(c) = gaz.demonym_folded(doc.f(k - 1))
    {
        return Some(Owner { entry: c });
    }
    None
}

/// Start token of the owner written just before token `j`, for the nominal's range.
fn owner_start(doc: &Doc, j: usize, cands: &[Cand]) -> usize {
    let k = if j > 0 && doc.is_possessive(j - 1) {
        j - 1
    } else {
        j
    };
    if let Some(c) = cands.iter().find(|c| c.toks.end == k && k > 0) {
        return c.toks.start;
    }
    if k > 0 && doc.is_cap(k - 1) {
        return k - 1;
    }
    j
}

/// Finds roles without a name, such as "the Russian leader" or "Russia's President", and
/// keeps those with an owner (a name written with a role is handled by [`role_lookback`]).
fn person_nominals(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>, claimed: &mut [bool]) {
    let gaz_by_end: Vec<(usize, usize)> = cands
        .iter()
        .filter_map(|c| match c.source {
            Source::Gaz(e) => Some((c.toks.end, e)),
            _ => None,
        })
        .collect();
    let mut found = Vec::new();
    let mut p = 0;
    while p < doc.toks.len() {
        if claimed[p] || !doc.is_word(p) {
            p += 1;
            continue;
        }
        let Some((te, class)) = title_at(doc, gaz, p, doc.toks.len()) else {
            p += 1;
            continue;
        };
        if class == TitleClass::Honorific || (p..te).any(|i| claimed[i]) || doc.is_cap(te) {
            p = te;
            continue;
        }
        // modifiers before the title: "Mali's new military leader"
        let mut s = p;
        while s > 0 && ROLE_MODIFIERS.contains(&doc.f(s - 1)) && !claimed[s - 1] {
            s -= 1;
        }
        let mut owner = owner_before(doc, gaz, s, &gaz_by_end);
        let mut start = owner_start(doc, s, cands);
        let mut end = te;
        if owner.is_none() && doc.f(te) == "of" {
            // "the President of ECOWAS"
            let k = if doc.f(te + 1) == "the" {
                te + 2
            } else {
                te + 1
            };
            if let Some(c) = cands.iter().find(|c| c.toks.start == k)
                && let Source::Gaz(e) = c.source
            {
                owner = Some(Owner { entry: e });
                end = c.toks.end;
            }
        }
        if owner.is_some() {
            if start > 0 && doc.f(start - 1) == "the" {
                start -= 1;
            }
            let head = doc.f(te - 1).to_string();
            let mut c = Cand::new(
                start..end,
                Some(EntityKind::Person),
                Source::PersonNominal { head },
                doc,
            );
            c.role = Some(doc.span_text(&(s..te)).to_string());
            c.owner = owner;
            found.push(c);
            for f in &mut claimed[p..te] {
                *f = true;
            }
        }
        p = te;
    }
    cands.extend(found);
}

/// Finds organisation nominals ("the bloc", "Niger's junta", "the military junta in
/// Niger", "the ECOWAS standby force") with their anchor, if any.
fn org_nominals(doc: &Doc, gaz: &Gazetteer, cands: &mut Vec<Cand>, claimed: &[bool]) {
    let mut found = Vec::new();
    let mut p = 0;
    while p < doc.toks.len() {
        if claimed[p] || !doc.is_word(p) {
            p += 1;
            continue;
        }
        let Some((e, nom)) = gaz.nominals.longest(&doc.folded, p) else {
            p += 1;
            continue;
        };
        if (p..e).any(|i| claimed[i]) || gaz.titles.get(doc.f(e)).is_some() || doc.is_cap(e) {
            p = e;
            continue;
        }
        // modifiers such as "new", "military" may already be part of the phrase
        let mut start = p;
        let mut anchor = None;
        let pre = if p > 0 && doc.is_possessive(p - 1) {
            p - 1
        } else {
            p
        };
        if let Some(c) = cands.iter().find(|c| c.toks.end == pre && pre > 0) {
            if let Source::Gaz(en) = c.source {
                anchor = Some(Owner { entry: en });
                start = c.toks.start;
            }
        } else if let Some(country) = (p > 1)
            .then(|| {
                gaz.demonyms
                    .get(&format!("{} {}", doc.f(p - 2), doc.f(p - 1)))
            })
            .flatten()
        {
            anchor = Some(Owner { entry: *country });
            start = p - 2;
        } else if p > 0
            && let Some(country) = gaz.demonym_folded(doc.f(p - 1))
        {
            anchor = Some(Owner { entry: country });
            start = p - 1;
        }
        let mut end = e;
        if anchor.is_none()
            && matches!(doc.f(e), "in" | "of")
            && let Some(c) = cands.iter().find(|c| c.toks.start == e + 1)
            && let Source::Gaz(en) = c.source
            && gaz.entries[en].class == EntryClass::Country
        {
            anchor = Some(Owner { entry: en });
            end = c.toks.end;
        }
        let determined = start > 0 && DETERMINERS.contains(&doc.f(start - 1));
        let plural = doc.f(e - 1).ends_with('s');
        let allowed = match nom.creates {
            Creates::Anchored => anchor.is_some(),
            Creates::Always => anchor.is_some() || determined || doc.is_cap(p) || plural,
            Creates::Never => anchor.is_some() || determined || doc.is_cap(p),
        };
        if allowed {
            if determined && doc.f(start - 1) == "the" {
                start -= 1;
            }
            let mut c = Cand::new(
                start..end,
                Some(EntityKind::Org),
                Source::OrgNominal {
                    class: nom.class.clone(),
                    creates: nom.creates,
                },
                doc,
            );
            c.owner = anchor;
            found.push(c);
        }
        p = e;
    }
    cands.extend(found);
}

/// Links a person nominal to the name right after it ("Mali's military leader, Assimi
/// Goita") or right before it ("Mohamed Bazoum, the country's elected president").
fn appositives(doc: &Doc, cands: &mut [Cand]) {
    for i in 0..cands.len() {
        if !matches!(cands[i].source, Source::PersonNominal { .. }) {
            continue;
        }
        let end = cands[i].toks.end;
        let start = cands[i].toks.start;
        let after = cands.iter().position(|c| {
            c.toks.start == end + 1
                && doc.f(end) == ","
                && c.source == Source::Name
                && c.kind != Some(EntityKind::Org)
        });
        let before = cands.iter().position(|c| {
            start > 1
                && c.toks.end == start - 1
                && doc.f(start - 1) == ","
                && c.source == Source::Name
                && c.kind == Some(EntityKind::Person)
        });
        let Some(n) = after.or(before) else { continue };
        cands[i].names = Some(n);
        let (role, owner) = (cands[i].role.clone(), cands[i].owner.clone());
        let named = &mut cands[n];
        named.kind = Some(EntityKind::Person);
        if named.role.is_none() {
            named.role = role;
        }
        if named.owner.is_none() {
            named.owner = owner;
        }
    }
}

/// Marks acronyms defined beside their long form: "Economic Community of West African States
/// (ECOWAS)" and "the African Union, AU,".
fn acronym_definitions(doc: &Doc, cands: &mut [Cand]) {
    for i in 1..cands.len() {
        let (a, b) = (&cands[i - 1], &cands[i]);
        let single_acronym = b.toks.len() == 1 && doc.is_acronym(b.toks.start);
        if !single_acronym || a.toks.len() < 2 || a.kind == Some(EntityKind::Person) {
            continue;
        }
        let gap = (doc.f(a.toks.end), b.toks.start == a.toks.end + 1);
        let bracketed = gap == ("(", true) && doc.f(b.toks.end) == ")";
        let commas = gap == (",", true)
            && doc.f(b.toks.end) == ","
            && initials_match(doc, &a.toks, doc.tok(b.toks.start));
        if bracketed || commas {
            cands[i].defines = Some(i - 1);
            cands[i].kind = cands[i - 1].kind.or(Some(EntityKind::Org));
        }
    }
}

/// True when `acronym` starts with the initial of the first capitalised word of `toks`
/// and uses only their initials' letters (loose: French acronyms reorder words).
fn initials_match(doc: &Doc, toks: &Range<usize>, acronym: &str) -> bool {
    let initials: String = toks
        .clone()
        .filter(|&i| doc.is_cap(i))
        .filter_map(|i| doc.tok(i).chars().next())
        .collect();
    let letters: String = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.chars().all(|c| initials.contains(c))
}
