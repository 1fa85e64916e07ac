//! Unit tests of the decisions pass: each trigger family and each status, actors (names,
//! nominals, pronouns, groups, lists), dates, the seed article's meeting that was postponed and
//! moved, the project tracker, and text that must not make the pass panic.

use super::*;
use crate::analysis::entities;
use crate::analysis::gazetteer::Gazetteer;
use crate::analysis::timeline;

/// The decisions of `text`, dated against `date`, with the extraction they were read with.
fn decide(text: &str, date: &str) -> (Vec<Decision>, Extraction) {
    let x = entities::extract(text, Gazetteer::builtin());
    let timexes = timeline::extract(text, date.parse().ok());
    (extract(text, &x, &timexes), x)
}

/// The decisions of `text` as records.
fn run(text: &str, date: &str) -> Vec<DecisionRecord> {
    let (decisions, x) = decide(text, date);
    record(&decisions, &x)
}

/// (actor, kind, status) of each record.
fn triples(records: &[DecisionRecord]) -> Vec<(String, &'static str, &'static str)> {
    records
        .iter()
        .map(|r| (r.actor.clone(), r.kind.as_str(), r.status.as_str()))
        .collect()
}

/// The one record of `kind`, failing the test if there is not exactly one.
fn only(records: &[DecisionRecord], kind: DecisionKind) -> DecisionRecord {
    let of_kind: Vec<&DecisionRecord> = records.iter().filter(|r| r.kind == kind).collect();
    assert_eq!(of_kind.len(), 1, "{:?}", triples(records));
    of_kind[0].clone()
}

const DATE: &str = "2023-08-11";

#[test]
fn sanctions_imposed_are_ordered() {
    let r = run(
        "Sanctions\n\nThe Southern Trade Council (STC) imposed sanctions on Chad on Monday.",
        DATE,
    );
    let s = only(&r, DecisionKind::Sanction);
    assert_eq!(s.actor, "Southern Trade Council");
    assert_eq!(s.status, DecisionStatus::Ordered);
    assert_eq!(s.date.as_deref(), Some("2023-08-07"));
    assert_eq!(s.target.as_deref(), Some("Chad"));
}

#[test]
fn asset_freezes_and_closures_by_a_bloc_are_one_package_of_sanctions() {
    let r = run(
        "Sanctions\n\nECOWAS ordered the closure of borders, travel bans and an asset freeze.",
        DATE,
    );
    assert_eq!(
        triples(&r),
        vec![("ECOWAS".to_string(), "sanction", "ordered")]
    );
}

#[test]
fn a_border_closure_at_home_is_not_a_sanction() {
    let r = run(
        "Coup\n\nSoldiers in Ruritania closed the borders and declared a curfew.",
        DATE,
    );
    assert_eq!(
        triples(&r),
        vec![
            ("Soldiers in Ruritania".to_string(), "other", "announced"),
            ("Soldiers in Ruritania".to_string(), "other", "announced"),
        ]
    );
}

#[test]
fn lifted_sanctions() {
    let r = run(
        "Relief\n\nThe European Union lifted its sanctions on Ruritania on Friday.",
        DATE,
    );
    let s = only(&r, DecisionKind::Sanction);
    assert_eq!(s.actor, "European Union");
    assert_eq!(s.status, DecisionStatus::Lifted);
}

#[test]
fn sanctions_that_remain_are_in_force() {
    let r = run(
        "Relief\n\nECOWAS sanctions on Ruritania remain in place.",
        DATE,
    );
    let s = only(&r, DecisionKind::Sanction);
    assert_eq!(s.actor, "ECOWAS");
    assert_eq!(s.status, DecisionStatus::InForce);
}

#[test]
fn refusing_to_apply_sanctions_is_a_rejection() {
    let r = run(
        "Defiance\n\nMali refused to apply the ECOWAS sanctions against Ruritania.",
        DATE,
    );
    let s = only(&r, DecisionKind::Sanction);
    assert_eq!(s.actor, "Mali");
    assert_eq!(s.status, DecisionStatus::Rejected);
}

#[test]
fn threats_of_force_and_ultimatums() {
    let r = run(
        "Ultimatum\n\nThe African Union threatened to use force if the junta does not step down.",
        DATE,
    );
    let m = only(&r, DecisionKind::Military);
    assert_eq!(m.actor, "African Union");
    assert_eq!(m.status, DecisionStatus::Threatened);

    let r = run(
        "Ultimatum\n\nECOWAS gave the soldiers a one-week ultimatum or face military action.",
        DATE,
    );
    let m = only(&r, DecisionKind::Military);
    assert_eq!(m.actor, "ECOWAS");
    assert_eq!(m.status, DecisionStatus::Threatened);
}

#[test]
fn a_standby_force_ordered_by_the_bloc_nominal() {
    let r = run(
        "Force\n\nECOWAS met in Abuja on Thursday. The bloc ordered the deployment of a standby \
         force.",
        DATE,
    );
    let m = only(&r, DecisionKind::Military);
    assert_eq!(m.actor, "ECOWAS");
    assert_eq!(m.status, DecisionStatus::Ordered);
}

#[test]
fn a_pronoun_subject_is_the_subject_before_it() {
    let r = run(
        "Force\n\nThe African Union condemned the coup. It also directed its defence chiefs to \
         activate the standby force.",
        DATE,
    );
    let m = only(&r, DecisionKind::Military);
    assert_eq!(m.actor, "African Union");
}

#[test]
fn a_list_of_countries_decides_together() {
    let r = run(
        "Warning\n\nMali and Burkina Faso warned that any intervention would be treated as a \
         declaration of war.",
        DATE,
    );
    let mut actors: Vec<String> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Military)
        .map(|d| d.actor.clone())
        .collect();
    actors.sort();
    assert_eq!(actors, vec!["Burkina Faso", "Mali"]);
    assert!(r.iter().all(|d| d.status == DecisionStatus::Threatened));
}

#[test]
fn meetings_held_announced_postponed_and_rescheduled() {
    let held = run(
        "Summit\n\nThe African Union held an emergency summit in Addis Ababa on Sunday.",
        DATE,
    );
    let m = only(&held, DecisionKind::Meeting);
    assert_eq!(m.actor, "African Union");
    assert_eq!(m.status, DecisionStatus::Held);
    assert_eq!(m.date.as_deref(), Some("2023-08-06"));

    let announced = run(
        "Summit\n\nThe African Union will meet in Addis Ababa next week.",
        DATE,
    );
    assert_eq!(
        only(&announced, DecisionKind::Meeting).status,
        DecisionStatus::Announced
    );

    let postponed = run(
        "Summit\n\nThe African Union summit planned for Saturday was postponed.",
        DATE,
    );
    assert_eq!(
        only(&postponed, DecisionKind::Meeting).status,
        DecisionStatus::Postponed
    );

    let rescheduled = run(
        "Summit\n\nThe African Union summit was rescheduled to August 20.",
        DATE,
    );
    let m = only(&rescheduled, DecisionKind::Meeting);
    assert_eq!(m.status, DecisionStatus::Rescheduled);
    assert_eq!(m.date.as_deref(), Some("2023-08-20"));
}

#[test]
fn the_seed_meeting_moves_from_saturday_to_august_17_18() {
    // The seed article's construction, in other words: a meeting summoned, set for last
    // Saturday and postponed, then said to be held on Thursday and Friday, August 17 to 18,
    // beside a summit held the Thursday before.
    let text = "Chiefs To Meet\n\n\
        Meanwhile, military chiefs from the Economic Community of West African States (ECOWAS) \
        have been summoned for a meeting in Ghana.\n\n\
        Naija News understands that the meeting was initially scheduled to be held in Accra, \
        Ghana, last Saturday but was later postponed.\n\n\
        However, AFP said sources revealed on Tuesday the meeting would now be held on \
        Thursday and Friday, August 17 to 18.\n\n\
        The meeting comes after a summit held in Abuja last Thursday by leaders of the bloc.";
    let r = run(text, "2023-08-15");
    let meetings: Vec<&DecisionRecord> = r
        .iter()
        .filter(|d| d.kind == DecisionKind::Meeting)
        .collect();
    assert_eq!(meetings.len(), 2, "{:?}", triples(&r));
    let chiefs = meetings[0];
    assert_eq!(chiefs.actor, "Economic Community of West African States");
    assert_eq!(chiefs.status, DecisionStatus::Rescheduled);
    assert_eq!(chiefs.date.as_deref(), Some("2023-08-17/2023-08-18"));
    let summit = meetings[1];
    assert_eq!(summit.actor, "Economic Community of West African States");
    assert_eq!(summit.status, DecisionStatus::Held);
    assert_eq!(summit.date.as_deref(), Some("2023-08-10"));
}

#[test]
fn expulsions_and_recalls_are_diplomatic() {
    let r = run(
        "Envoy\n\nRuritania's junta ordered the French ambassador out on Friday.",
        DATE,
    );
    let d = only(&r, DecisionKind::Diplomatic);
    assert_eq!(d.status, DecisionStatus::Ordered);

    let r = run(
        "Envoy\n\nFrance decided to bring its ambassador back from Ruritania.",
        DATE,
    );
    let d = only(&r, DecisionKind::Diplomatic);
    assert_eq!(d.actor, "France");
    assert_eq!(d.status, DecisionStatus::Announced);
}

#[test]
fn withdrawing_from_the_bloc_is_diplomatic() {
    let r = run(
        "Exit\n\nMali threatened to withdraw from ECOWAS over the sanctions.",
        DATE,
    );
    assert!(
        r.iter().any(|d| d.actor == "Mali"
            && d.kind == DecisionKind::Diplomatic
            && d.status == DecisionStatus::Threatened),
        "{:?}",
        triples(&r)
    );
}

#[test]
fn charges_are_legal() {
    let r = run(
        "Charges\n\nThe junta said it would charge the deposed president with high treason.",
        DATE,
    );
    let d = only(&r, DecisionKind::Legal);
    assert_eq!(d.status, DecisionStatus::Announced);
}

#[test]
fn a_suspended_constitution_is_a_measure_at_home() {
    let r = run(
        "Coup\n\nThe Ruritanian soldiers suspended the constitution on Wednesday.",
        DATE,
    );
    let d = only(&r, DecisionKind::Other);
    assert_eq!(d.actor, "The Ruritanian soldiers");
    assert_eq!(d.date.as_deref(), Some("2023-08-09"));
}

#[test]
fn all_of_them_stands_for_the_names_listed_before() {
    let r = run(
        "Coup\n\nThe coup drew condemnation from partners, among them France, the former \
         colonial power, as well as the United States and the African Union. All of them have \
         declined to recognise the new leaders.",
        DATE,
    );
    let mut actors: Vec<String> = r.iter().map(|d| d.actor.clone()).collect();
    actors.sort();
    assert_eq!(actors, vec!["African Union", "France", "United States"]);
    assert!(
        r.iter()
            .all(|d| d.kind == DecisionKind::Diplomatic && d.status == DecisionStatus::Rejected)
    );
}

#[test]
fn items_of_a_list_take_the_subject_of_its_header() {
    let r = run(
        "Communique\n\nThe statement reads:\n\nMali's and Burkina Faso's governments:\n\n\
         1. Decline to apply the sanctions;\n\n2. Warn that any intervention would be treated \
         as a declaration of war.",
        DATE,
    );
    let mut got: Vec<(String, &str)> = r
        .iter()
        .map(|d| (d.actor.clone(), d.kind.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("Burkina Faso".to_string(), "military"),
            ("Burkina Faso".to_string(), "sanction"),
            ("Mali".to_string(), "military"),
            ("Mali".to_string(), "sanction"),
        ]
    );
}

#[test]
fn a_general_proclaiming_himself_is_other() {
    let r = run(
        "Coup\n\nGen. Idris Salah, head of Ruritania's presidential guard, proclaimed himself \
         head of state.",
        DATE,
    );
    let d = only(&r, DecisionKind::Other);
    assert_eq!(d.actor, "Idris Salah");
}

#[test]
fn the_passive_agent_decides() {
    let r = run(
        "Sanctions\n\nSanctions were imposed by the African Union on Tuesday.",
        DATE,
    );
    let s = only(&r, DecisionKind::Sanction);
    assert_eq!(s.actor, "African Union");
    assert_eq!(s.status, DecisionStatus::Ordered);
}

#[test]
fn constitutional_order_orders_nothing_and_phone_talks_are_no_meeting() {
    let r = run(
        "Talks\n\nPresident Ivan Petrov held phone talks with Lena Varga and called for \
         calm and constitutional order.",
        DATE,
    );
    assert!(r.is_empty(), "{:?}", triples(&r));
}

#[test]
fn a_decision_not_taken_is_left_out() {
    let r = run(
        "Opposition\n\nThe opposition said President Lena Varga ought not to send soldiers.",
        DATE,
    );
    assert!(r.is_empty(), "{:?}", triples(&r));
}

#[test]
fn decisions_without_an_actor_are_left_out() {
    let r = run("Sanctions\n\nSanctions hurt the poor.", DATE);
    assert!(r.is_empty(), "{:?}", triples(&r));
}

#[test]
fn repeated_mentions_are_one_decision() {
    let r = run(
        "Sanctions\n\nECOWAS imposed sanctions on Ruritania. Traders said ECOWAS sanctions had \
         emptied the markets.",
        DATE,
    );
    assert_eq!(r.len(), 1, "{:?}", triples(&r));
}

#[test]
fn evidence_ranges_point_at_the_text() {
    let text = "Force\n\nOn Thursday the African Union ordered its standby force deployed.";
    let (decisions, _) = decide(text, DATE);
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(&text[d.trigger.clone()], "standby force");
    assert_eq!(&text[d.sentence.clone()], &text[7..]);
    let actor = d.actor.range.clone().map(|r| &text[r]);
    assert_eq!(actor, Some("African Union"));
    assert!(d.action.contains("standby force"), "{}", d.action);
}

#[test]
fn records_serialise_in_schema_order() {
    let r = run(
        "Sanctions\n\nThe African Union lifted its sanctions on Ruritania.",
        DATE,
    );
    let json = serde_json::to_string(&r).unwrap_or_default();
    let keys = ["actor", "kind", "action", "target", "date", "status"];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| json.find(&format!("\"{k}\"")).unwrap_or(usize::MAX))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{json}");
    assert!(json.contains(r#""status":"lifted""#), "{json}");
}

#[test]
fn kinds_and_statuses_round_trip() {
    for k in DecisionKind::ALL {
        assert_eq!(DecisionKind::parse(k.as_str()), Some(k));
    }
    for s in DecisionStatus::ALL {
        assert_eq!(DecisionStatus::parse(s.as_str()), Some(s));
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert_eq!(json, format!("\"{}\"", s.as_str()));
    }
}

/// A small deterministic generator for the no-panic test.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn arbitrary_text_never_panics() {
    let pieces = [
        "ECOWAS",
        "the bloc",
        "It",
        "they",
        "sanctions",
        "imposed",
        "by",
        "on",
        "Niger",
        "’s",
        "'s",
        "summit",
        "was",
        "postponed",
        "to",
        "August 17 to 18",
        "last Saturday",
        ",",
        ".",
        ";",
        ":",
        "“",
        "”",
        "(",
        ")",
        "\n",
        "\n\n",
        "1.",
        "-",
        "standby force",
        "declared",
        "himself",
        "not",
        "withdraw from",
        "Mali and",
        "Burkina Faso",
        "é",
        "👍",
        "Goïta",
        "soldiers in",
        "which",
        "who",
        "ambassador",
        "48 hours to leave",
        "would now be held",
        "constitutional order",
        "",
        " ",
        "\t",
    ];
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for _ in 0..300 {
        let n = rng.below(40);
        let text: String = (0..n)
            .map(|_| pieces[rng.below(pieces.len())])
            .collect::<Vec<_>>()
            .join(if rng.below(2) == 0 { " " } else { "" });
        let (decisions, x) = decide(&text, DATE);
        let _ = record(&decisions, &x);
        for d in &decisions {
            assert!(text.get(d.sentence.clone()).is_some(), "{text:?}");
            assert!(text.get(d.trigger.clone()).is_some(), "{text:?}");
        }
    }
    for text in [
        "",
        "\n\n",
        "Headline only",
        "a",
        "ECOWAS",
        "sanctions sanctions sanctions",
    ] {
        let (decisions, x) = decide(text, DATE);
        let _ = record(&decisions, &x);
    }
}

/// A report of a decision for the tracker tests.
fn report<'a>(
    article: usize,
    day: &'a str,
    head: &'a str,
    date: Option<&'a str>,
    status: DecisionStatus,
) -> DecisionRef<'a> {
    DecisionRef {
        article,
        outlet: Some("Wire"),
        article_date: Some(day),
        actor: "ECOWAS",
        kind: if head == "standby force" {
            DecisionKind::Military
        } else {
            DecisionKind::Meeting
        },
        head,
        action: head,
        target: None,
        date,
        status,
        evidence: 0..10,
    }
}

#[test]
fn the_tracker_follows_a_meeting_through_its_moves() {
    use DecisionStatus::*;
    let refs = vec![
        report(
            2,
            "2023-08-16",
            "meeting",
            Some("2023-08-17/2023-08-18"),
            Rescheduled,
        ),
        report(0, "2023-08-11", "meeting", Some("2023-08-12"), Announced),
        report(1, "2023-08-12", "meeting", Some("2023-08-12"), Postponed),
        report(
            3,
            "2023-08-18",
            "meeting",
            Some("2023-08-17/2023-08-18"),
            Held,
        ),
        // another meeting: the summit a week before
        report(4, "2023-08-10", "summit", Some("2023-08-10"), Held),
        report(
            5,
            "2023-08-10",
            "standby force",
            Some("2023-08-10"),
            Ordered,
        ),
    ];
    let tracked = merge_decisions(&refs);
    assert_eq!(tracked.len(), 3, "{tracked:#?}");
    let meeting = tracked
        .iter()
        .find(|t| t.steps.len() == 4)
        .expect("the moved meeting");
    let history: Vec<DecisionStatus> = meeting.steps.iter().map(|s| s.status).collect();
    assert_eq!(history, vec![Announced, Postponed, Rescheduled, Held]);
    assert_eq!(meeting.status, Held);
    assert_eq!(meeting.date.as_deref(), Some("2023-08-17/2023-08-18"));
    // the summit and the meeting share actor, kind and head group: their keys differ by date
    let keys: Vec<&str> = tracked.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        vec![
            "ecowas|meeting||summit",
            "ecowas|military||standby force",
            "ecowas|meeting||meeting",
        ]
    );
    // the input order does not matter
    let mut reversed = refs.clone();
    reversed.reverse();
    let again = merge_decisions(&reversed);
    let keys_again: Vec<&str> = again.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, keys_again);
}

#[test]
fn tracker_keys_are_unique() {
    use DecisionStatus::*;
    let refs = vec![
        report(0, "2023-07-30", "summit", Some("2023-07-30"), Held),
        report(1, "2023-08-10", "summit", Some("2023-08-10"), Held),
        report(2, "2023-08-11", "summit", None, Held),
    ];
    let tracked = merge_decisions(&refs);
    let mut keys: Vec<&str> = tracked.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(tracked.len(), 2, "{tracked:#?}");
    keys.dedup();
    assert_eq!(keys.len(), 2);
    assert!(
        keys.contains(&"ecowas|meeting||summit|2023-07-30"),
        "{keys:?}"
    );
}

#[test]
fn a_meeting_held_is_not_moved_to_a_later_one() {
    use DecisionStatus::*;
    let refs = vec![
        report(0, "2023-08-12", "meeting", Some("2023-08-12"), Postponed),
        report(
            1,
            "2023-08-16",
            "meeting",
            Some("2023-08-17/2023-08-18"),
            Rescheduled,
        ),
        report(
            2,
            "2023-08-18",
            "meeting",
            Some("2023-08-17/2023-08-18"),
            Held,
        ),
        // talks with the junta the next day are another meeting
        report(3, "2023-08-20", "talks", Some("2023-08-19"), Held),
    ];
    let tracked = merge_decisions(&refs);
    let sizes: Vec<usize> = tracked.iter().map(|t| t.steps.len()).collect();
    assert_eq!(sizes, vec![3, 1], "{tracked:#?}");
}

#[test]
fn a_report_joins_the_decision_with_its_very_dates() {
    use DecisionStatus::*;
    let refs = vec![
        report(0, "2023-08-09", "meeting", Some("2023-08-12"), Announced),
        report(1, "2023-08-10", "summit", Some("2023-08-10"), Held),
        // the meeting again, dated only by its week, which holds the summit's day too
        report(2, "2023-08-11", "meeting", Some("2023-W32"), Postponed),
        // a later report of the summit joins the summit, not the meeting of that week
        report(3, "2023-08-18", "summit", Some("2023-08-10"), Held),
    ];
    let tracked = merge_decisions(&refs);
    let summit = tracked
        .iter()
        .find(|t| t.steps.iter().any(|s| s.decision == 1))
        .expect("the summit");
    let decisions: Vec<usize> = summit.steps.iter().map(|s| s.decision).collect();
    assert_eq!(decisions, vec![1, 3], "{tracked:#?}");
}

#[test]
fn a_round_up_recalling_a_postponement_does_not_undo_the_meeting() {
    use DecisionStatus::*;
    let refs = vec![
        report(0, "2023-08-12", "meeting", Some("2023-08-12"), Postponed),
        report(
            1,
            "2023-08-18",
            "meeting",
            Some("2023-08-17/2023-08-18"),
            Held,
        ),
        // "…after a first attempt to convene on 12 August was postponed"
        report(2, "2023-08-21", "meeting", Some("2023-08-12"), Postponed),
    ];
    let tracked = merge_decisions(&refs);
    assert_eq!(tracked.len(), 1, "{tracked:#?}");
    assert_eq!(tracked[0].steps.len(), 3);
    assert_eq!(tracked[0].status, Held);
}

#[test]
fn the_body_gives_the_status_before_the_headline() {
    // The headline's "last resort" is a threat; the body says the force was ordered.
    let text = "Niger Coup: ECOWAS Activates Standby Force As Tinubu Says Force Is 'Last Resort'\n\n\
        ABUJA, Aug 10 (Sahel Wire) - West African leaders on Thursday ordered the activation of a \
        regional standby force to restore constitutional order in Niger.";
    let (decisions, _) = decide(text, "2023-08-11");
    let force: Vec<&Decision> = decisions
        .iter()
        .filter(|d| d.head == "standby force")
        .collect();
    assert_eq!(force.len(), 1, "{decisions:#?}");
    assert_eq!(force[0].status, DecisionStatus::Ordered);
}

#[test]
#[ignore]
fn debug_file() {
    let path = std::env::var("DEC_FILE").unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let date = std::env::var("DEC_DATE").unwrap_or_else(|_| DATE.to_string());
    let (ds, x) = decide(&text, &date);
    for d in &ds {
        eprintln!(
            "{:?} | {} | {:?} | {} | {}",
            actor_name(&d.actor, &x),
            d.kind.as_str(),
            d.status,
            d.action,
            &text[d.sentence.clone()]
                .chars()
                .take(90)
                .collect::<String>()
        );
    }
}
