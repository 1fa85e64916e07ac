//! The entity pass: PERSON, ORG and LOC mentions with byte ranges, resolved to the actors
//! they name within one article.
//!
//! [`extract`] reads the article text (headline line, blank line, body) with a
//! [`Gazetteer`] and returns every mention and the actors they resolve to; [`record`] gives
//! the `entities` field of the JSON record (`eval/SCHEMA.md`). Pure: no I/O, no clock.
//!
//! How it works: `doc` tokenises and flags headline lines and sentence starts; `scan` finds
//! candidates (capitalised runs split into gazetteer names, titles and unknown names; roles;
//! person and organisation nominals; acronym definitions); `resolve` decides types and
//! merges candidates into actors; `names` says when two personal names are one person's
//! (also used by the project registry, `analysis::registry`).

mod doc;
pub(crate) mod names;
mod resolve;
mod scan;

use crate::analysis::gazetteer::Gazetteer;
pub use crate::model::EntityKind;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One mention of an entity in the article text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// Byte range in the article text.
    pub range: Range<usize>,
    pub text: String,
    pub kind: EntityKind,
    /// Index into [`Extraction::actors`]; `None` for a nominal whose referent is unclear.
    pub actor: Option<usize>,
    /// Role written with the mention ("President", "military leader").
    pub role: Option<String>,
}

/// One real-world actor or place the article names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    /// The fullest proper name the article gives.
    pub name: String,
    pub kind: EntityKind,
    /// Roles the article gives it, in order of appearance.
    pub roles: Vec<String>,
    /// Country it belongs to or speaks for, when known.
    pub country: Option<String>,
    /// Indices into [`Extraction::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// All mentions and actors of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Extraction {
    /// In text order.
    pub mentions: Vec<Mention>,
    /// In order of first mention.
    pub actors: Vec<Actor>,
}

/// One row of the record's `entities` field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    pub name: String,
    #[serde(rename = "type")]
    pub r#type: EntityKind,
    /// Distinct surface forms, in order of first appearance.
    pub mentions: Vec<String>,
}

/// Finds the entity mentions of `text` (headline line, blank line, body) and the actors
/// they name.
pub fn extract(text: &str, gazetteer: &Gazetteer) -> Extraction {
    let doc = doc::Doc::new(text);
    let cands = scan::scan(&doc, gazetteer);
    resolve::resolve(&doc, gazetteer, cands)
}

/// The record's `entities` field: one row per actor with its distinct mention texts.
pub fn record(extraction: &Extraction) -> Vec<EntityRecord> {
    extraction
        .actors
        .iter()
        .map(|a| {
            let mut mentions: Vec<String> = Vec::new();
            for &m in &a.mentions {
                if let Some(m) = extraction.mentions.get(m)
                    && !mentions.contains(&m.text)
                {
                    mentions.push(m.text.clone());
                }
            }
            EntityRecord {
                name: a.name.clone(),
                r#type: a.kind,
                mentions,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Extraction {
        extract(text, Gazetteer::builtin())
    }

    /// The actor whose record row has this name.
    fn actor<'a>(x: &'a Extraction, name: &str) -> Option<&'a Actor> {
        x.actors.iter().find(|a| a.name == name)
    }

    /// Surface texts of the mentions of the actor named `name`.
    fn mentions_of(x: &Extraction, name: &str) -> Vec<String> {
        record(x)
            .into_iter()
            .find(|r| r.name == name)
            .map(|r| r.mentions)
            .unwrap_or_default()
    }

    fn names(x: &Extraction) -> Vec<&str> {
        x.actors.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn a_common_word_opening_a_sentence_is_no_one() {
        let x = run("Talks\n\nAnalysts said the talks would fail. Diplomats expect a deal by May.");
        assert!(actor(&x, "Analysts").is_none(), "{:?}", x.actors);
        assert!(actor(&x, "Diplomats").is_none(), "{:?}", x.actors);
    }

    #[test]
    fn a_projects_outlets_are_organisations() {
        let g = Gazetteer::for_project(&[], &["Harbour Times".to_string()]);
        let x = extract(
            "Talks\n\nThe Harbour Times reported that talks resumed.",
            &g,
        );
        assert_eq!(
            actor(&x, "Harbour Times").map(|a| a.kind),
            Some(EntityKind::Org)
        );
    }

    #[test]
    fn title_before_name_gives_person_and_role() {
        let x = run("Talks\n\nPresident Amara Kone met Gen. Idris Salah in Lagos.");
        let kone = actor(&x, "Amara Kone");
        assert_eq!(kone.map(|a| a.kind), Some(EntityKind::Person));
        assert_eq!(
            kone.map(|a| a.roles.clone()),
            Some(vec!["President".to_string()])
        );
        let salah = actor(&x, "Idris Salah");
        assert_eq!(
            salah.map(|a| a.roles.clone()),
            Some(vec!["Gen.".to_string()])
        );
        assert_eq!(actor(&x, "Lagos").map(|a| a.kind), Some(EntityKind::Loc));
    }

    #[test]
    fn stacked_military_titles() {
        let x = run("Talks\n\nCol. Maj. Sani Dodo read the statement.");
        let dodo = actor(&x, "Sani Dodo");
        assert_eq!(
            dodo.map(|a| a.roles.clone()),
            Some(vec!["Col. Maj.".to_string()])
        );
    }

    #[test]
    fn lower_case_role_before_name() {
        let x = run("Talks\n\nThe talks were led by Wagner chief Pavel Orlov on Monday.");
        let orlov = actor(&x, "Pavel Orlov");
        assert_eq!(
            orlov.map(|a| a.roles.clone()),
            Some(vec!["chief".to_string()])
        );
        assert_eq!(actor(&x, "Wagner").map(|a| a.kind), Some(EntityKind::Org));
    }

    #[test]
    fn acronym_defined_in_parentheses_is_one_actor() {
        let x = run(
            "Summit\n\nThe Southern Trade Council (STC) met on Friday. Later the STC said it would meet again.",
        );
        assert_eq!(
            mentions_of(&x, "Southern Trade Council"),
            vec!["Southern Trade Council", "STC"]
        );
        assert_eq!(
            actor(&x, "Southern Trade Council").map(|a| a.kind),
            Some(EntityKind::Org)
        );
    }

    #[test]
    fn known_acronym_after_a_longer_name_abbreviates_the_inner_name() {
        let x = run(
            "Summit\n\nThe Authority of Heads of State and Government of the Economic \
             Community of West African States (ECOWAS) met. ECOWAS said no.",
        );
        let authority = "Authority of Heads of State and Government of the Economic Community \
                         of West African States";
        assert_eq!(mentions_of(&x, authority), vec![authority]);
        let row = mentions_of(&x, "ECOWAS");
        assert_eq!(row, vec!["ECOWAS"]);
    }

    #[test]
    fn gazetteer_acronym_and_expansion_merge() {
        let x = run("Summit\n\nThe Economic Community of West African States met. ECOWAS said no.");
        let row = mentions_of(&x, "Economic Community of West African States");
        assert!(row.contains(&"ECOWAS".to_string()), "{row:?}");
    }

    #[test]
    fn surname_merges_into_full_name() {
        let x = run("Talks\n\nLena Varga arrived on Monday. Varga said the talks went well.");
        assert_eq!(mentions_of(&x, "Lena Varga"), vec!["Lena Varga", "Varga"]);
        assert_eq!(x.actors.len(), 1, "{:?}", names(&x));
    }

    #[test]
    fn accent_variants_fold_together() {
        let x = run("Talks\n\nAssane Goïta spoke first. Later Goita spoke again.");
        let row = mentions_of(&x, "Assane Goïta");
        assert_eq!(row, vec!["Assane Goïta", "Goita"]);
    }

    #[test]
    fn possessive_title_resolves_to_named_person() {
        let x = run(
            "Talks\n\nRussia's President Ivan Petrov called on Monday. Later the Russian leader \
             spoke to reporters, and Russia's President urged calm.",
        );
        let row = mentions_of(&x, "Ivan Petrov");
        assert!(row.contains(&"the Russian leader".to_string()), "{row:?}");
        assert!(row.contains(&"Russia's President".to_string()), "{row:?}");
        assert_eq!(
            actor(&x, "Ivan Petrov").and_then(|a| a.country.clone()),
            Some("Russia".to_string())
        );
    }

    #[test]
    fn appositive_role_links_nominal_and_name() {
        let x = run("Talks\n\nIt spoke with Mali's military leader, Bakary Sow, on Friday.");
        let row = mentions_of(&x, "Bakary Sow");
        assert_eq!(row, vec!["Mali's military leader", "Bakary Sow"]);
    }

    #[test]
    fn unclear_person_nominal_stays_unresolved() {
        let x = run("Talks\n\nThe Russian leader spoke. Omar Said and Ali Ba listened.");
        let m = x
            .mentions
            .iter()
            .find(|m| m.text.contains("Russian leader"));
        assert!(m.is_some_and(|m| m.actor.is_none()));
    }

    #[test]
    fn bloc_nominal_resolves_to_the_named_bloc() {
        let x = run("Summit\n\nECOWAS met on Sunday. The bloc also ordered a standby force.");
        let row = mentions_of(&x, "ECOWAS");
        assert!(row.contains(&"The bloc".to_string()), "{row:?}");
    }

    #[test]
    fn possessive_junta_is_an_anchored_actor() {
        let x = run("Coup\n\nNiger's junta closed the border. Later the junta reopened it.");
        let row = mentions_of(&x, "Niger's junta");
        assert_eq!(row, vec!["Niger's junta", "the junta"]);
        assert_eq!(actor(&x, "Niger").map(|a| a.kind), Some(EntityKind::Loc));
    }

    #[test]
    fn demonyms_weekdays_and_months_are_not_entities() {
        let x = run(
            "Talks\n\nOn Tuesday, Russian and French officials met in August. However, nothing changed.",
        );
        assert!(x.actors.is_empty(), "{:?}", names(&x));
    }

    #[test]
    fn headline_words_count_only_when_the_body_names_them() {
        let x = run("Petrov Warns Rebels Over Border Crisis\n\nIvan Petrov spoke on Monday.");
        assert_eq!(names(&x), vec!["Ivan Petrov"]);
        assert_eq!(
            mentions_of(&x, "Ivan Petrov"),
            vec!["Petrov", "Ivan Petrov"]
        );
    }

    #[test]
    fn sentence_initial_common_word_is_dropped() {
        let x = run("Talks\n\nSoldiers guarded the hall. The soldiers left at noon.");
        assert!(x.actors.is_empty(), "{:?}", names(&x));
    }

    #[test]
    fn country_aliases_are_one_actor() {
        let x =
            run("Coup\n\nThe Republic of Niger is calm. Niger Republic borders Chad. Niger waits.");
        let row = mentions_of(&x, "Republic of Niger");
        assert_eq!(row, vec!["Republic of Niger", "Niger Republic", "Niger"]);
    }

    #[test]
    fn outlets_and_agencies_are_orgs() {
        let x = run("Talks\n\nThe meeting was postponed, AFP said, Naija News reports.");
        assert_eq!(actor(&x, "AFP").map(|a| a.kind), Some(EntityKind::Org));
        assert_eq!(
            actor(&x, "Naija News").map(|a| a.kind),
            Some(EntityKind::Org)
        );
    }

    #[test]
    fn organisation_shapes() {
        let x = run(
            "Talks\n\nThe statement came from the Committee of Coastal Elders and the Harbour Workers Union.",
        );
        assert_eq!(
            actor(&x, "Committee of Coastal Elders").map(|a| a.kind),
            Some(EntityKind::Org)
        );
        assert_eq!(
            actor(&x, "Harbour Workers Union").map(|a| a.kind),
            Some(EntityKind::Org)
        );
    }

    #[test]
    fn mention_ranges_point_at_their_text() {
        let text = "Talks\n\nGhana’s envoy met Lena Varga in Accra.";
        let x = run(text);
        assert!(!x.mentions.is_empty());
        for m in &x.mentions {
            assert_eq!(&text[m.range.clone()], m.text);
        }
    }

    #[test]
    fn headline_country_and_role_without_possessive() {
        let x = run(
            "Petrov Calls Chad Military Leader Over Sudan Crisis\n\nIvan Petrov spoke with \
             Chad's military leader, Idris Malo, on Monday. They discussed the deposed leader \
             of Sudan, Omar Daffa.",
        );
        let nominal = x.mentions.iter().find(|m| m.text == "Chad Military Leader");
        let malo = x.actors.iter().position(|a| a.name == "Idris Malo");
        assert!(malo.is_some());
        assert_eq!(nominal.and_then(|m| m.actor), malo);
        assert_eq!(
            actor(&x, "Idris Malo").and_then(|a| a.country.clone()),
            Some("Chad".to_string())
        );
        let found = names(&x);
        for name in ["Ivan Petrov", "Chad", "Sudan", "Omar Daffa"] {
            assert!(found.contains(&name), "{name} missing from {found:?}");
        }
        for word in ["Calls", "Crisis", "Over", "Military Leader"] {
            assert!(!found.contains(&word), "{word} in {found:?}");
        }
    }

    #[test]
    fn nominal_keeps_its_determiner() {
        let x = run(
            "Talks\n\nRussia's President Ivan Petrov arrived. Later the Russian President spoke.",
        );
        let row = mentions_of(&x, "Ivan Petrov");
        assert!(
            row.contains(&"the Russian President".to_string()),
            "{row:?}"
        );
    }

    #[test]
    fn sentence_openers_are_not_entities() {
        let x = run(
            "Talks\n\nMeanwhile, Lena Varga waited in Accra. However, the talks failed. \
             Recall that Varga had warned of this.",
        );
        assert_eq!(names(&x), vec!["Lena Varga", "Accra"]);
    }

    #[test]
    fn niger_nigeria_and_the_demonym() {
        let x = run(
            "Border\n\nNigerien soldiers closed the border with Nigeria. Niger said it would \
             reopen it.",
        );
        assert_eq!(actor(&x, "Niger").map(|a| a.kind), Some(EntityKind::Loc));
        assert_eq!(actor(&x, "Nigeria").map(|a| a.kind), Some(EntityKind::Loc));
        assert_eq!(x.actors.len(), 2, "{:?}", names(&x));
        assert!(x.mentions.iter().all(|m| m.text != "Nigerien"));
    }

    #[test]
    fn possessive_role_and_name_are_one_person_with_role_and_country() {
        let x = run(
            "Talks\n\nGuinea's military leader, Mamady Kourouma, met envoys. Kourouma said little.",
        );
        let persons: Vec<&Actor> = x
            .actors
            .iter()
            .filter(|a| a.kind == EntityKind::Person)
            .collect();
        assert_eq!(persons.len(), 1, "{:?}", names(&x));
        let k = persons[0];
        assert_eq!(k.name, "Mamady Kourouma");
        assert_eq!(k.roles, vec!["military leader".to_string()]);
        assert_eq!(k.country.as_deref(), Some("Guinea"));
        assert_eq!(
            mentions_of(&x, "Mamady Kourouma"),
            vec!["Guinea's military leader", "Mamady Kourouma", "Kourouma"]
        );
    }

    #[test]
    fn surname_typos_merge() {
        let x = run(
            "Talks\n\nPresident Mohammed Kazoam was held. Supporters of President Kazoum \
             marched. Wagner boss Pavel Grigorin spoke. Grogorin said more.",
        );
        let persons = |x: &Extraction| {
            x.actors
                .iter()
                .filter(|a| a.kind == EntityKind::Person)
                .count()
        };
        assert_eq!(persons(&x), 2, "{:?}", names(&x));
        assert!(mentions_of(&x, "Mohammed Kazoam").contains(&"President Kazoum".to_string()));
        assert!(mentions_of(&x, "Pavel Grigorin").contains(&"Grogorin".to_string()));
    }

    #[test]
    fn spelling_variants_fold_to_one_actor() {
        let x = run(
            "Coup\n\nGen. Abdourahamane Tchiani took power. Later Abdourahmane Tiani spoke, \
             and Tiani named a cabinet.",
        );
        assert_eq!(x.actors.len(), 1, "{:?}", names(&x));
        assert_eq!(x.actors[0].mentions.len(), 3);
    }

    #[test]
    fn shared_surname_with_other_first_names_stays_apart() {
        let x = run("Talks\n\nAli Kamara met Omar Kamara in Accra. Kamara said little.");
        assert!(actor(&x, "Ali Kamara").is_some(), "{:?}", names(&x));
        assert!(actor(&x, "Omar Kamara").is_some(), "{:?}", names(&x));
        assert_eq!(mentions_of(&x, "Ali Kamara"), vec!["Ali Kamara"]);
        assert_eq!(mentions_of(&x, "Omar Kamara"), vec!["Omar Kamara"]);
    }

    #[test]
    fn a_known_name_with_a_place_head_is_one_place() {
        let x = run("Talks\n\nDelegations arrived at Burma Camp on Tuesday.");
        assert_eq!(
            actor(&x, "Burma Camp").map(|a| a.kind),
            Some(EntityKind::Loc),
            "{:?}",
            names(&x)
        );
        assert!(actor(&x, "Camp").is_none(), "{:?}", names(&x));
    }

    #[test]
    fn places_inside_a_known_long_name_are_not_mentions() {
        let x = run(
            "Flights\n\nEarlier Sunday the Agency for the Safety of Air Navigation in Africa \
             and Madagascar said flights were barred.",
        );
        assert_eq!(
            names(&x),
            vec!["Agency for the Safety of Air Navigation in Africa and Madagascar"]
        );
    }

    #[test]
    fn relative_clause_or_age_marks_a_lone_name_as_a_person() {
        let x = run("Coup\n\nKountar, who heads the guard, took power. Later Malozin, 62, spoke.");
        assert_eq!(
            actor(&x, "Kountar").map(|a| a.kind),
            Some(EntityKind::Person)
        );
        assert_eq!(
            actor(&x, "Malozin").map(|a| a.kind),
            Some(EntityKind::Person)
        );
    }

    #[test]
    fn compass_word_in_lower_case_opens_a_known_place() {
        let x = run("Sahel\n\nThe groups operate in western Africa and beyond.");
        assert_eq!(mentions_of(&x, "western Africa"), vec!["western Africa"]);
        assert!(actor(&x, "Africa").is_none(), "{:?}", names(&x));
    }

    #[test]
    fn countries_and_capitals_of_the_whole_world_are_places() {
        let x = run(
            "Talks\n\nEnvoys of Sri Lanka, North Macedonia, Kosovo, Serbia and Peru met in \
             Colombo. Later they flew to Skopje.",
        );
        for name in [
            "Sri Lanka",
            "North Macedonia",
            "Kosovo",
            "Serbia",
            "Peru",
            "Colombo",
            "Skopje",
        ] {
            assert_eq!(
                actor(&x, name).map(|a| a.kind),
                Some(EntityKind::Loc),
                "{name}: {:?}",
                names(&x)
            );
        }
    }

    #[test]
    fn a_world_city_inside_a_name_is_part_of_the_name() {
        let x = run(
            "Talks\n\nVladimir Putin met Lloyd Austin in Odesa. Austin said little, and \
             Odesa was calm.",
        );
        assert_eq!(
            actor(&x, "Vladimir Putin").map(|a| a.kind),
            Some(EntityKind::Person),
            "{:?}",
            names(&x)
        );
        assert_eq!(
            mentions_of(&x, "Lloyd Austin"),
            vec!["Lloyd Austin", "Austin"]
        );
        assert_eq!(mentions_of(&x, "Odesa"), vec!["Odesa"]);
        assert!(actor(&x, "Vladimir").is_none(), "{:?}", names(&x));
    }

    #[test]
    fn a_speech_verb_is_never_part_of_a_name() {
        for text in [
            "Aid\n\n“We will win,” Said Biden. Later he left.",
            "Aid\n\nThe aid is vital. Said Biden: “We will not back down.”",
        ] {
            let x = run(text);
            assert_eq!(mentions_of(&x, "Biden"), vec!["Biden"], "{:?}", names(&x));
            assert!(
                names(&x).iter().all(|n| !n.contains("Said")),
                "{:?}",
                names(&x)
            );
        }
        // inside a sentence "Said" is a name
        let x = run("Talks\n\nThe envoy Said Djinnit said the talks went well.");
        assert_eq!(names(&x), vec!["Said Djinnit"]);
    }

    #[test]
    fn a_portfolio_before_a_title_is_part_of_the_role() {
        let x = run("Talks\n\nTreasury Secretary Janet Yellen arrived on Monday.");
        let yellen = actor(&x, "Janet Yellen");
        assert_eq!(
            yellen.map(|a| a.kind),
            Some(EntityKind::Person),
            "{:?}",
            names(&x)
        );
        assert_eq!(
            yellen.map(|a| a.roles.clone()),
            Some(vec!["Treasury Secretary".to_string()])
        );
        assert_eq!(names(&x), vec!["Janet Yellen"]);
    }

    #[test]
    fn bodies_are_organisations_and_bills_and_events_no_entities() {
        let x = run(
            "Vote\n\nThe House of Representatives passed the National Security Supplemental \
             Bill before the Extraordinary Summit and the Black Sea Grain Initiative talks.",
        );
        assert_eq!(
            actor(&x, "House of Representatives").map(|a| a.kind),
            Some(EntityKind::Org),
            "{:?}",
            names(&x)
        );
        assert_eq!(names(&x), vec!["House of Representatives"]);
    }

    #[test]
    fn a_capital_standing_for_its_country_is_the_country() {
        let x = run(
            "MOSCOW (Reuters) — Russia halted the deal. Moscow said talks in Moscow had failed, \
             and Washington's envoy left the United States.",
        );
        assert_eq!(mentions_of(&x, "Russia"), vec!["Russia", "Moscow"]);
        assert_eq!(
            mentions_of(&x, "Moscow"),
            vec!["MOSCOW", "Moscow"],
            "the dateline and 'in Moscow' are the city"
        );
        assert!(mentions_of(&x, "United States").contains(&"Washington".to_string()));
    }

    #[test]
    fn places_named_with_their_kind() {
        let x = run(
            "War\n\nShips crossed the Black Sea near the Crimean Bridge. Shells hit Gaza and \
             the Gaza Strip. The Tigray People's Liberation Front met in Essequibo County, \
             and Essequibo waited.",
        );
        for name in ["Black Sea", "Crimean Bridge", "Gaza Strip"] {
            assert_eq!(
                actor(&x, name).map(|a| a.kind),
                Some(EntityKind::Loc),
                "{name}: {:?}",
                names(&x)
            );
        }
        assert_eq!(mentions_of(&x, "Gaza Strip"), vec!["Gaza", "Gaza Strip"]);
        assert_eq!(
            actor(&x, "Tigray People's Liberation Front").map(|a| a.kind),
            Some(EntityKind::Org),
            "{:?}",
            names(&x)
        );
        assert_eq!(
            mentions_of(&x, "Essequibo County"),
            vec!["Essequibo County", "Essequibo"]
        );
    }

    #[test]
    fn a_name_does_not_run_on_into_a_weekday() {
        let x = run("Ruling\n\nThe High Court on Tuesday extended the orders.");
        assert_eq!(names(&x), vec!["High Court"]);
    }

    #[test]
    fn a_head_word_alone_is_the_named_body() {
        let x = run("Talks\n\nThe European Parliament met. Later, Parliament condemned it.");
        assert_eq!(
            mentions_of(&x, "European Parliament"),
            vec!["European Parliament", "Parliament"]
        );
    }

    #[test]
    fn record_serialises_types() {
        let x = run("Talks\n\nLena Varga met AFP in Accra.");
        let json = serde_json::to_string(&record(&x)).unwrap_or_default();
        assert!(json.contains(r#""type":"PERSON""#), "{json}");
        assert!(json.contains(r#""type":"ORG""#), "{json}");
        assert!(json.contains(r#""type":"LOC""#), "{json}");
    }
}
