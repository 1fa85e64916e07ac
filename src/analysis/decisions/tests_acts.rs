//! Unit tests of the act lexicon by class and of the event grammar around it: truces and
//! agreements with their parties, releases, withdrawals from a deal, resolutions, votes and
//! sponsors, mediation, courts, suits, referendums, offensives, coups as news, directives;
//! calls, pledges and reactions that are not decisions; one decision per coordinated actor.
//! Every sentence is written for the test.

use super::*;
use crate::analysis::entities;
use crate::analysis::gazetteer::Gazetteer;
use crate::analysis::timeline;

const DATE: &str = "2024-03-08";

/// The decisions of `text` as records.
fn run(text: &str) -> Vec<DecisionRecord> {
    let x = entities::extract(text, Gazetteer::builtin());
    let timexes = timeline::extract(text, DATE.parse().ok());
    record(&extract(text, &x, &timexes), &x)
}

/// (actor, kind) of each record, sorted.
fn pairs(records: &[DecisionRecord]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = records
        .iter()
        .map(|r| (r.actor.clone(), r.kind.as_str()))
        .collect();
    out.sort();
    out
}

/// `(actor, kind)` pairs from string slices, sorted.
fn expect(rows: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> =
        rows.iter().map(|(a, k)| (a.to_string(), *k)).collect();
    out.sort();
    out
}

#[test]
fn a_truce_agreed_by_two_countries_is_one_decision_each() {
    let r = run("Truce\n\nChile and Argentina agreed a ceasefire on Monday.");
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn a_truce_between_two_parties_is_theirs_and_in_force() {
    let r = run("Border\n\nThe truce between Chile and Argentina has lasted three weeks.");
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
    assert!(r.iter().all(|d| d.status == DecisionStatus::InForce));
}

#[test]
fn the_two_sides_are_the_parties_named_before() {
    let r = run(
        "Accord\n\nTalks between Chile and Argentina opened in Santiago on Monday. The two \
         sides signed a peace agreement on Friday.",
    );
    let military: Vec<&DecisionRecord> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Military)
        .collect();
    let mut actors: Vec<&str> = military.iter().map(|d| d.actor.as_str()).collect();
    actors.sort();
    assert_eq!(actors, vec!["Argentina", "Chile"]);
}

#[test]
fn the_terms_of_a_deal_bind_its_parties() {
    let r = run(
        "Deal\n\nThe truce between Chile and Argentina took effect on Monday. Under the deal, \
         200 prisoners will be released by Friday.",
    );
    let released: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Other)
        .map(|d| d.actor.as_str())
        .collect();
    assert_eq!(released.len(), 2, "{:?}", pairs(&r));
    assert!(released.contains(&"Chile") && released.contains(&"Argentina"));
}

#[test]
fn releases_of_hostages_and_prisoners_are_other() {
    let r = run("Release\n\nThe Northern Liberation Army freed 12 hostages on Sunday.");
    assert_eq!(pairs(&r), expect(&[("Northern Liberation Army", "other")]));
}

#[test]
fn leaving_a_deal_is_diplomatic_and_its_owner_decides() {
    let r = run("Exit\n\nNorway withdrew from the fishing agreement on Tuesday.");
    assert_eq!(pairs(&r), expect(&[("Norway", "diplomatic")]));
    // a reaction to it: the owner, not who reacts
    let r = run("Exit\n\nSweden condemned Norway's withdrawal from the fishing pact.");
    assert_eq!(pairs(&r), expect(&[("Norway", "diplomatic")]));
}

#[test]
fn a_resolution_is_the_text_of_the_decision_it_carries() {
    let r = run(
        "Mission\n\nThe UN Security Council adopted a resolution on Monday authorising a \
         peacekeeping mission for Chad.",
    );
    let kinds: Vec<&str> = r.iter().map(|d| d.kind.as_str()).collect();
    assert_eq!(kinds, vec!["military"], "{:?}", pairs(&r));
    // a resolution that authorises nothing is a diplomatic decision of its own
    let r = run("Vote\n\nThe European Union passed a resolution condemning the attack on Chad.");
    assert_eq!(pairs(&r), expect(&[("European Union", "diplomatic")]));
}

#[test]
fn abstaining_and_drafting_are_diplomatic_for_each_country() {
    let r = run("Vote\n\nThe text won 13 votes, with Brazil and India abstaining.");
    assert_eq!(
        pairs(&r),
        expect(&[("Brazil", "diplomatic"), ("India", "diplomatic")])
    );
    let r = run("Vote\n\nDrafted by Chile and Colombia, the resolution was adopted on Monday.");
    assert!(
        pairs(&r).contains(&("Chile".to_string(), "diplomatic"))
            && pairs(&r).contains(&("Colombia".to_string(), "diplomatic")),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn brokering_a_deal_is_diplomatic_and_brokered_talks_a_meeting() {
    let r = run("Deal\n\nQatar and Egypt brokered the deal last week.");
    assert_eq!(
        pairs(&r),
        expect(&[("Egypt", "diplomatic"), ("Qatar", "diplomatic")])
    );
    let r = run("Talks\n\nThe talks with the rebels brokered by Norway opened in Oslo.");
    assert_eq!(pairs(&r), expect(&[("Norway", "meeting")]));
}

#[test]
fn what_a_court_orders_is_legal() {
    let r = run(
        "Court\n\nThe International Criminal Court ordered Colombia to halt the evictions on \
         Friday.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("International Criminal Court", "legal")])
    );
    // the antecedent of a relative clause decides: "the court, which ruled"
    let r = run(
        "Court\n\nVenezuela defied the International Criminal Court, which ruled on Friday \
         that Venezuela must stop the vote.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("International Criminal Court", "legal")])
    );
}

#[test]
fn suits_arrests_and_charges_are_legal() {
    let r = run("Suit\n\nThe Civic Alliance Party filed a lawsuit against the election board.");
    assert_eq!(pairs(&r), expect(&[("Civic Alliance Party", "legal")]));
    let r = run("Arrest\n\nThe Ghana Police Service arrested the opposition leader on Monday.");
    assert_eq!(pairs(&r), expect(&[("Ghana Police Service", "legal")]));
}

#[test]
fn a_referendum_held_is_other() {
    let r = run("Vote\n\nVenezuela held a referendum on the territory on Sunday.");
    assert_eq!(pairs(&r), expect(&[("Venezuela", "other")]));
    assert_eq!(r[0].status, DecisionStatus::Held);
}

#[test]
fn an_offensive_launched_is_military_but_a_bare_mention_is_not() {
    let r = run("War\n\nColombia launched a military offensive in the north on Monday.");
    assert_eq!(pairs(&r), expect(&[("Colombia", "military")]));
    let r = run(
        "War\n\nColombia launched a military offensive in the north on Monday. Thousands \
         have fled since the offensive.",
    );
    assert_eq!(r.len(), 1, "{:?}", pairs(&r));
}

#[test]
fn the_coup_of_the_lede_counts_a_background_coup_does_not() {
    let r = run("Coup\n\nSoldiers in Chad staged a coup on Wednesday.");
    assert_eq!(pairs(&r), expect(&[("Soldiers in Chad", "other")]));
    let r = run(
        "Talks\n\nKenya and Uganda met in Nairobi on Monday. The ministers spoke of trade. \
         They also spoke of Chad, where soldiers staged a coup in 2021.",
    );
    assert!(
        r.iter().all(|d| d.kind != DecisionKind::Other),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn participles_used_as_adjectives_are_no_acts() {
    let r = run("Crisis\n\nAid reached the blockaded region on Monday.");
    assert!(r.is_empty(), "{:?}", pairs(&r));
    let r = run("Crisis\n\nThe African Union met the ousted president in Addis Ababa on Monday.");
    assert!(
        r.iter().all(|d| d.kind == DecisionKind::Meeting),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn calls_and_pledges_are_not_decisions() {
    let r = run("Appeal\n\nThe European Union urged Chile to impose sanctions on the generals.");
    assert!(r.is_empty(), "{:?}", pairs(&r));
    let r = run("Appeal\n\nKenya has pledged 1,000 police officers to the mission.");
    assert!(r.is_empty(), "{:?}", pairs(&r));
    let r = run("Appeal\n\nBrazil has committed 150 police officers to the mission.");
    assert_eq!(pairs(&r), expect(&[("Brazil", "military")]));
}

#[test]
fn a_directive_is_other_unless_it_orders_a_measure() {
    let r = run(
        "Oil\n\nPresident Ana Ruiz told the state oil, gas and mining companies to start \
         drilling at once.",
    );
    assert_eq!(pairs(&r), expect(&[("Ana Ruiz", "other")]));
    let r = run("Force\n\nECOWAS ordered its defence chiefs to activate the standby force.");
    assert_eq!(pairs(&r), expect(&[("ECOWAS", "military")]));
}

#[test]
fn a_demonym_before_a_measure_names_its_owner() {
    let r = run("Exports\n\nRussia complained that Western sanctions were hurting its exports.");
    assert_eq!(pairs(&r), expect(&[("West", "sanction")]));
}

#[test]
fn the_government_the_text_names_decides_not_the_country_word() {
    let r = run("Accord\n\nChile's government signed the trade accord with Brazil on Monday.");
    assert_eq!(pairs(&r), expect(&[("Chile's government", "diplomatic")]));
}

#[test]
fn all_three_countries_are_the_three_listed_before() {
    let r = run(
        "Sanctions\n\nThe bloc suspended Mali, Guinea and Chad last year. All three countries \
         have agreed timelines for returning to civilian rule.",
    );
    let others: Vec<String> = pairs(&r)
        .into_iter()
        .filter(|(_, k)| *k == "other")
        .map(|(a, _)| a)
        .collect();
    assert_eq!(others, vec!["Chad", "Guinea", "Mali"], "{:?}", pairs(&r));
}

#[test]
fn negated_and_modal_agreements_are_not_decisions() {
    let r = run("Deal\n\nArgentina took no part in drafting the accord.");
    assert!(r.is_empty(), "{:?}", pairs(&r));
    let r = run("Deal\n\nAnalysts said the deal could collapse within weeks.");
    assert!(r.is_empty(), "{:?}", pairs(&r));
    let r = run("Deal\n\nGrain exports from Chile resumed under the agreement.");
    assert!(r.is_empty(), "{:?}", pairs(&r));
}

#[test]
fn a_meeting_pairs_its_parties_for_later() {
    let r = run(
        "Talks\n\nChile's foreign minister Ana Ruiz held talks with Jorge Paz of Argentina in \
         Santiago on Monday. The two ministers agreed to meet again in May.",
    );
    let meetings: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Meeting)
        .map(|d| d.actor.as_str())
        .collect();
    assert!(
        meetings.contains(&"Ana Ruiz") && meetings.contains(&"Jorge Paz"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn the_issuer_decides_not_its_spokesman() {
    let r =
        run("Envoys\n\nKremlin spokesman Dmitry Peskov said Russia had suspended the grain deal.");
    assert_eq!(pairs(&r), expect(&[("Russia", "diplomatic")]));
    let r = run("Envoys\n\nKremlin spokesman Dmitry Peskov announced a summit in Moscow.");
    assert_eq!(pairs(&r), expect(&[("Kremlin", "meeting")]));
}

#[test]
fn the_head_of_a_bloc_acts_for_it() {
    let r = run(
        "Force\n\nAnna Kowalska, the President of ECOWAS, ordered the standby force into \
         action on Friday.",
    );
    assert_eq!(pairs(&r), expect(&[("ECOWAS", "military")]));
}

#[test]
fn states_ruled_by_juntas_decide_each() {
    let r = run(
        "Warning\n\nThe juntas ruling Mali and Guinea said they would treat any intervention in \
         Chad as a declaration of war.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Guinea", "military"), ("Mali", "military")])
    );
}

#[test]
fn a_joint_commission_set_up_by_the_parties_is_theirs() {
    let r = run(
        "Accord\n\nThe talks between Chile and Argentina ended on Monday. According to the \
         declaration, the two states will set up a joint commission within a month.",
    );
    let diplomatic: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Diplomatic)
        .map(|d| d.actor.as_str())
        .collect();
    assert_eq!(diplomatic.len(), 2, "{:?}", pairs(&r));
    // one set up to oversee a measure is that measure
    let r = run(
        "Accord\n\nChile and Argentina agreed to set up a joint committee to oversee the \
         disarmament of the militias.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn a_compound_of_two_peoples_names_both_parties() {
    let r = run("Talks\n\nChilean-Argentine talks on the border opened in Santiago on Monday.");
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "meeting"), ("Chile", "meeting")])
    );
}

#[test]
fn a_causative_makes_its_object_the_actor() {
    let r = run(
        "Peace\n\nThe envoy was praised for getting Chile and Argentina to sign a peace deal on \
         Monday.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn the_parties_that_close_a_sentence_took_its_measure() {
    let r = run(
        "Talks\n\nThe truce between Chile and Argentina held on Monday. Talks on the border \
         would open in Lima on Thursday, both sides said.",
    );
    let meetings: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Meeting)
        .map(|d| d.actor.as_str())
        .collect();
    assert!(
        meetings.contains(&"Chile") && meetings.contains(&"Argentina"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn the_council_is_the_council_the_article_names() {
    let r = run(
        "Vote\n\nThe UN Security Council met on Monday. Hours later the council adopted a \
         resolution condemning the attack.",
    );
    assert!(
        pairs(&r).contains(&("United Nations Security Council".to_string(), "diplomatic"))
            || pairs(&r).contains(&("UN Security Council".to_string(), "diplomatic")),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn what_a_referendum_asks_is_not_a_decision_of_its_own() {
    let r = run("Vote\n\nVenezuela held a referendum on annexing the region on Sunday.");
    assert_eq!(pairs(&r), expect(&[("Venezuela", "other")]));
}

#[test]
fn the_deal_that_is_a_truce_is_one_decision() {
    let r = run(
        "Peace\n\nChile and Argentina signed a ceasefire on Monday. The deal was signed in \
         Lima.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn an_agreement_named_in_a_relative_clause_is_signed_by_its_subject() {
    let r = run(
        "Peace\n\nAid is central to the peace agreement that Chile and Argentina signed in \
         Lima on Monday.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn two_leaders_are_the_two_people_named_before() {
    let r = run(
        "Talks\n\nPresident Ana Ruiz said she trusted President Jorge Paz, and that the two \
         leaders would meet in Lima next month.",
    );
    let meetings: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Meeting)
        .map(|d| d.actor.as_str())
        .collect();
    assert!(
        meetings.contains(&"Ana Ruiz") && meetings.contains(&"Jorge Paz"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn the_owner_of_a_decision_to_act_takes_it() {
    let r = run(
        "Grain\n\nChile accused Argentina of sabotage, a charge it tied to Norway's decision to \
         quit the fishing agreement.",
    );
    assert_eq!(pairs(&r), expect(&[("Norway", "diplomatic")]));
    let r = run("Grain\n\nNorway signed the fishing pact in May, then withdrew from it in July.");
    assert!(
        pairs(&r)
            .iter()
            .all(|(a, k)| a == "Norway" && *k == "diplomatic"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn a_leader_and_his_counterpart_are_both_named() {
    let r = run(
        "Summit\n\nPresident Ana Ruiz and her Argentine counterpart, Jorge Paz, met in Lima on \
         Monday.",
    );
    let meetings: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Meeting)
        .map(|d| d.actor.as_str())
        .collect();
    assert!(
        meetings.contains(&"Ana Ruiz") && meetings.contains(&"Jorge Paz"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn a_group_led_by_someone_is_not_the_measure_s_agent() {
    let r = run(
        "Talks\n\nThe junta held a meeting with an ECOWAS delegation headed by Ana Ruiz in \
         Niamey.",
    );
    assert!(
        !pairs(&r).iter().any(|(a, _)| a == "Ana Ruiz"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn diplomacy_turned_down_is_a_rejection() {
    let r = run("Talks\n\nThe junta in Chad rebuffed every attempt at dialogue with the bloc.");
    let d = r
        .iter()
        .find(|d| d.kind == DecisionKind::Diplomatic)
        .cloned();
    assert!(
        d.as_ref()
            .is_some_and(|d| d.status == DecisionStatus::Rejected),
        "{:?}",
        pairs(&r)
    );
    assert!(
        r.iter().all(|d| d.kind != DecisionKind::Meeting),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn troops_withdrawn_are_a_withdrawal() {
    let r = run(
        "Exit\n\nChile said on Monday that its troops in Haiti would be withdrawn by the end \
         of the year.",
    );
    assert_eq!(pairs(&r), expect(&[("Chile", "military")]));
}

#[test]
fn releases_counting_different_numbers_are_two_acts() {
    let r = run(
        "Release\n\nThe Northern Liberation Army freed 24 hostages on Friday. Later, 12 \
         farm workers were also released.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[
            ("Northern Liberation Army", "other"),
            ("Northern Liberation Army", "other")
        ])
    );
    // the same count told twice is one release
    let r = run(
        "Release\n\nThe Northern Liberation Army freed 24 hostages on Friday. The 24 hostages \
         were released near the border.",
    );
    assert_eq!(pairs(&r), expect(&[("Northern Liberation Army", "other")]));
}

#[test]
fn captives_who_go_free_are_released() {
    let r = run(
        "Release\n\nThe Northern Liberation Army freed 24 hostages on Friday. A further 33 \
         prisoners were due to go free on Monday.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[
            ("Northern Liberation Army", "other"),
            ("Northern Liberation Army", "other")
        ])
    );
}

#[test]
fn the_truce_between_two_parties_binds_the_terms_it_provides_for() {
    let r = run(
        "Deal\n\nTalks with Peru brokered by Brazil and Ecuador opened in Lima. The four-day \
         truce between Chile and Argentina provides for 50 prisoners to be freed.",
    );
    let released: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Other)
        .map(|d| d.actor.as_str())
        .collect();
    assert_eq!(released.len(), 2, "{:?}", pairs(&r));
    assert!(released.contains(&"Chile") && released.contains(&"Argentina"));
}

#[test]
fn an_agreement_signed_in_a_relative_clause_is_theirs_whatever_frames_it() {
    let r = run(
        "Aid\n\nAid was a pillar of the peace agreement that Chile and Argentina signed in \
         Lima on Monday.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn a_pronoun_of_the_narrative_passes_over_names_inside_a_quotation() {
    let r = run(
        "Coup\n\nMutinous soldiers seized power in Freedonia on Wednesday. The announcement \
         came from Ruben Osei, a colonel. Flanked by fellow officers, Osei said: “We, the \
         defence and security forces… have chosen to act.” They had, he added, dissolved the \
         constitution.",
    );
    let constitution: Vec<&str> = r
        .iter()
        .filter(|d| d.action.contains("constitution"))
        .map(|d| d.actor.as_str())
        .collect();
    assert_eq!(constitution, vec!["Mutinous soldiers"], "{:?}", pairs(&r));
}

#[test]
fn a_coup_told_in_the_passive_in_the_lede_is_the_news_of_who_announced_it() {
    let r = run(
        "Coup\n\nMutinous soldiers have announced that President Ruben Osei has been removed \
         from office.",
    );
    assert_eq!(pairs(&r), expect(&[("Mutinous soldiers", "other")]));
}

#[test]
fn demonstrations_banned_by_a_council_are_its_ban() {
    let r = run("Ban\n\nDemonstrations had been banned by the military council on Friday.");
    assert_eq!(pairs(&r), expect(&[("military council", "other")]));
}

#[test]
fn a_threat_met_with_a_response_is_no_meeting() {
    let r = run("Warning\n\nFrance said any attack would be met with a swift response.");
    assert!(
        r.iter().all(|d| d.kind != DecisionKind::Meeting),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn a_peace_deal_and_the_truce_it_settles_are_one_accord() {
    let r = run(
        "Peace\n\nChile and Argentina signed a peace deal in Lima. The two sides settled on a \
         permanent cessation of hostilities.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Argentina", "military"), ("Chile", "military")])
    );
}

#[test]
fn a_reaction_to_measures_a_relative_clause_tells_is_theirs() {
    let r = run(
        "Sanctions\n\nThe general denounced the sanctions the European Union had imposed on \
         Freedonia.",
    );
    assert_eq!(pairs(&r), expect(&[("European Union", "sanction")]));
}

#[test]
fn a_name_after_a_classifier_noun_stays_on_the_list() {
    let r = run(
        "Talks\n\nChile and the rebel group Northern Liberation Army were still negotiating \
         on Wednesday over prolonging a truce.",
    );
    let met: Vec<&str> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Meeting)
        .map(|d| d.actor.as_str())
        .collect();
    assert!(
        met.contains(&"Chile") && met.contains(&"Northern Liberation Army"),
        "{:?}",
        pairs(&r)
    );
}

#[test]
fn an_aside_between_commas_does_not_part_an_act_from_its_measure() {
    let r = run(
        "Guyana and Venezuela will also refrain, by word or deed, from escalating any dispute.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[("Guyana", "diplomatic"), ("Venezuela", "diplomatic")])
    );
}

#[test]
fn a_meeting_chaired_by_a_minister_is_the_body_that_met() {
    let r = run(
        "Guterres told the UN Security Council at a meeting chaired by Chinese Foreign Minister Wang Yi on Wednesday.",
    );
    assert_eq!(pairs(&r), expect(&[("UN Security Council", "meeting")]));
}

#[test]
fn a_leaders_government_is_the_countrys_government_named_before() {
    let r = run(
        "Ethiopia's government and the rebels agreed to allow access. Aid was a pillar of \
        the peace agreement that Prime Minister Abiy Ahmed's government and the TPLF signed in \
        Pretoria on November 2.",
    );
    let signed: Vec<&str> = r
        .iter()
        .filter(|d| d.action.contains("peace agreement"))
        .map(|d| d.actor.as_str())
        .collect();
    assert_eq!(signed, ["Ethiopia's government", "TPLF"]);
}

#[test]
fn the_two_sides_of_no_named_pair_are_the_last_two_parties_named() {
    let r = run(
        "Officials confirmed what persuaded the rebel leaders to accept terms set by the \
        federal government. The two sides signed a truce on Wednesday.",
    );
    assert_eq!(
        pairs(&r),
        expect(&[
            ("the federal government", "military"),
            ("the rebel leaders", "military")
        ])
    );
}

/// The action of the first decision of `text` whose kind is `kind`.
fn action_of(text: &str, kind: &str) -> String {
    run(text)
        .into_iter()
        .find(|d| d.kind.as_str() == kind)
        .map(|d| d.action)
        .unwrap_or_default()
}

#[test]
fn an_action_cut_at_its_word_limit_does_not_end_on_a_function_word() {
    let a = action_of(
        "ECOWAS said the defence chiefs were expected to gather in the capital to work out the \
         details of the standby force.",
        "meeting",
    );
    assert_eq!(
        a,
        "expected to gather in the capital to work out the details"
    );
}

#[test]
fn an_action_does_not_reach_back_across_another_clause() {
    let a = action_of(
        "ECOWAS did not say how large the force would be, when it might deploy or which \
         countries would provide troops.",
        "military",
    );
    assert_eq!(a, "would provide troops");
}

#[test]
fn an_action_stops_before_a_relative_clause() {
    let a = action_of(
        "ECOWAS deployed the standby force that heads of state ordered at their summit.",
        "military",
    );
    assert_eq!(a, "deployed the standby force");
}

#[test]
fn a_bare_noun_takes_the_passive_told_of_it() {
    let a = action_of(
        "ECOWAS commissioner Abdel-Fatau Musah told journalists that the “D-Day” had been \
         fixed, but would not be made public.",
        "military",
    );
    assert_eq!(a, "D-Day had been fixed");
}

#[test]
fn an_action_keeps_an_aside_and_ends_before_a_coordination() {
    let a = action_of(
        "Guyana and Venezuela will also refrain, by word or deed, from escalating any dispute \
         or disagreement.",
        "diplomatic",
    );
    assert_eq!(
        a,
        "will also refrain, by word or deed, from escalating any dispute"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Whatever the sentence, an action neither starts nor ends on a function word.
    #[test]
    fn actions_have_no_dangling_edges(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "ECOWAS", "imposed", "sanctions", "on", "the", "junta", "of", "and", "which",
                "to", "threatened", "force", "meeting", "held", "in", "Abuja", "or", "for",
            ]),
            3..14,
        )
    ) {
        let text = format!("{}.", words.join(" "));
        for d in run(&text) {
            let first = d.action.split_whitespace().next().unwrap_or_default().to_lowercase();
            let last = d.action.split_whitespace().last().unwrap_or_default().to_lowercase();
            for w in ["of", "to", "the", "and", "or", "for", "which", "on", "in"] {
                proptest::prop_assert!(first != w && last != w, "{:?}", d.action);
            }
        }
    }
}

#[test]
fn a_measure_told_again_in_a_quotation_is_the_one_told_before() {
    let r = run(
        "The ECOWAS defence chiefs have fixed a D-day for an intervention in Niger. \
        Nigeria's army chiefs ended their meeting in Accra on Friday. \
        \"The D-Day has been fixed as well. We have agreed on what the plan will need.\"",
    );
    let d_day: Vec<&str> = r
        .iter()
        .filter(|d| d.action.to_lowercase().contains("d-day"))
        .map(|d| d.actor.as_str())
        .collect();
    assert!(
        !d_day.is_empty() && d_day.iter().all(|a| a.contains("ECOWAS")),
        "{d_day:?}"
    );
}

#[test]
fn an_action_does_not_reach_back_across_a_coordinated_clause() {
    let r = run("The junta announced that a curfew was imposed and that the borders were closed.");
    assert!(
        r.iter().all(|d| !d.action.starts_with("imposed and")),
        "{:?}",
        r.iter().map(|d| &d.action).collect::<Vec<_>>()
    );
    assert!(!r.is_empty());
}
