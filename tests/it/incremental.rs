//! Incremental analysis: an `analyze` after an import runs the per-article passes over the new
//! articles only (and the undated ones, which their neighbours date), over all of them when the
//! project's gazetteer changes or over one when the analyst corrects it, and leaves the project
//! exactly as one analysis of everything would.

use dossier::actors::Edit;
use dossier::analysis::entities::EntityKind;
use dossier::analysis::gazetteer::UserEntry;
use dossier::app::recent::sample_dir;
use dossier::jobs::{self, AnalyzeReport};
use dossier::model::TrackedDecisionRow;
use dossier::store::Project;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Later reports by outlets the project already has, and an undated one.
const DAY_TWO: &[&str] = &[
    "009_sahel-wire-putin-goita-call",
    "010_accra-morning-post-chiefs-rescheduled",
    "011_sahel-wire-d-day-agreed",
    "012_lagos-ledger-d-day-troops",
];

/// The sample collection split into two folders, what an analyst imports on two days: the
/// second holds [`DAY_TWO`] (outlets already seen, so the project's gazetteer stays as it
/// was) and an undated article.
fn two_days(dir: &Path) -> (PathBuf, PathBuf) {
    let (first, second) = (dir.join("day1"), dir.join("day2"));
    std::fs::create_dir_all(&first).expect("day 1");
    std::fs::create_dir_all(&second).expect("day 2");
    for entry in std::fs::read_dir(sample_dir()).expect("sample") {
        let file = entry.expect("entry").path();
        let name = file.file_name().and_then(|n| n.to_str()).expect("name");
        let stem = name.split('.').next().unwrap_or_default();
        let into = if DAY_TWO.contains(&stem) {
            &second
        } else {
            &first
        };
        std::fs::copy(&file, into.join(name)).expect("copy");
    }
    std::fs::write(
        second.join("undated-envoys.txt"),
        "Envoys return to Niamey\n\nECOWAS envoys returned to Niamey on Tuesday for talks with \
         the junta led by Abdourahamane Tiani, the bloc said. The envoys met Prime Minister \
         Ali Lamine Zeine, who said the transition would not exceed three years.\n",
    )
    .expect("undated article");
    (first, second)
}

fn import(project: &mut Project, folder: &Path) {
    let report = jobs::import(
        project,
        &[folder.to_path_buf()],
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .expect("import");
    assert!(report.imported > 0, "{report}");
}

fn tracked(project: &Project) -> Vec<TrackedDecisionRow> {
    project.tracked_decisions().expect("tracked decisions")
}

fn analyze(project: &mut Project) -> AnalyzeReport {
    let report = jobs::analyze(project, &mut |_| {}, &AtomicBool::new(false)).expect("analyze");
    assert!(!report.cancelled);
    report
}

/// Everything analysis leaves in a project: the records, the registry, the timeline, the
/// tracked decisions (without their row ids: the tracker rewrites only the decisions an
/// analysis changed, so a decision's row id depends on when it was last written) and the
/// stories.
fn state(project: &Project) -> String {
    let records =
        serde_json::to_string_pretty(&jobs::records(project).expect("records")).expect("json");
    let actors: Vec<(String, usize)> = project
        .actors()
        .expect("actors")
        .actors
        .iter()
        .map(|a| (a.name.clone(), a.mentions.len()))
        .collect();
    format!(
        "{records}\n{actors:?}\n{:?}\n{:?}\n{:?}",
        project.events().expect("events"),
        tracked(project)
            .into_iter()
            .map(|t| TrackedDecisionRow { id: 0, ..t })
            .collect::<Vec<_>>(),
        project.stories().expect("stories"),
    )
}

#[test]
fn an_analysis_after_an_import_reads_only_the_new_and_undated_articles_and_equals_a_full_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, second) = two_days(dir.path());

    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &first);
    let day1 = analyze(&mut daily);
    assert_eq!(
        day1.analysed, day1.articles,
        "a first analysis reads everything"
    );
    let tracked_day1 = tracked(&daily);
    import(&mut daily, &second);
    let day2 = analyze(&mut daily);
    // Day two's reports join decisions tracked on day one, and the decisions no new report
    // touches are kept as they were stored, row ids included (nothing rewrote them).
    let tracked_day2 = tracked(&daily);
    let grown = tracked_day2.iter().filter(|t| {
        tracked_day1
            .iter()
            .any(|d| d.key == t.key && d.steps.len() < t.steps.len())
    });
    assert!(grown.count() > 0, "{tracked_day2:#?}");
    let kept = tracked_day2.iter().filter(|t| tracked_day1.contains(t));
    assert!(kept.count() > 0, "{tracked_day2:#?}");
    assert!(tracked_day2.len() > tracked_day1.len());
    let new = day2.articles - day1.articles;
    assert_eq!(new, DAY_TWO.len() + 1);
    // the new articles, and no old one (all of day 1's articles are dated)
    assert_eq!(day2.analysed, new, "{day2:?}");

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &first);
    import(&mut once, &second);
    let full = analyze(&mut once);
    assert_eq!(full.analysed, full.articles);
    let expected = state(&once);
    assert!(expected.contains("undated-envoys.txt"));
    assert_eq!(state(&daily), expected);

    // Nothing new: only the undated article, whose date comes from its neighbours, is read,
    // and every actor keeps its row (so no mention is written again).
    let rows = daily.actor_rows().expect("actors");
    let again = analyze(&mut daily);
    assert_eq!(again.analysed, 1, "{again:?}");
    assert_eq!(state(&daily), expected);
    assert_eq!(daily.actor_rows().expect("actors"), rows);

    // Summaries forgotten, with the digests of linked and tracked chunks and the stories'
    // snapshot: every article is read again, to the same result.
    assert!(!daily.link_digests().expect("links").is_empty());
    assert!(!daily.tracked_chunks().expect("tracked").is_empty());
    assert!(daily.story_snapshot().expect("snapshot").is_some());
    daily.forget_summaries().expect("forget");
    assert!(daily.link_digests().expect("links").is_empty());
    assert!(daily.tracked_chunks().expect("tracked").is_empty());
    assert!(daily.story_snapshot().expect("snapshot").is_none());
    let redo = analyze(&mut daily);
    assert_eq!(redo.analysed, redo.articles, "{redo:?}");
    assert_eq!(state(&daily), expected);
}

/// A summary without term counts, as every summary of a v4 project is once upgraded to v5,
/// counts as stale: the next analyze reads those articles again and stores their counts, to
/// the result of a first analysis (story grouping and dating would refuse it otherwise).
#[test]
fn summaries_without_term_counts_are_read_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("upgraded.dossier");
    let mut project = Project::create_or_open(&path).expect("create");
    import(&mut project, &sample_dir());
    let first = analyze(&mut project);
    let expected = state(&project);
    drop(project);
    let raw = rusqlite::Connection::open(&path).expect("raw");
    let cleared = raw
        .execute(
            "UPDATE article_summaries SET terms = NULL WHERE article_id % 2 = 0",
            [],
        )
        .expect("clear some term counts");
    assert!(cleared > 0);
    drop(raw);
    let mut project = Project::open(&path).expect("open");
    let again = analyze(&mut project);
    assert_eq!(again.analysed, cleared, "{again:?} after {first:?}");
    assert_eq!(state(&project), expected);
    let again = analyze(&mut project);
    assert_eq!(again.analysed, 0, "{again:?}");
}

#[test]
fn a_gazetteer_entry_reanalyses_every_article_and_a_date_correction_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    import(&mut project, &sample_dir());
    let first = analyze(&mut project);

    let article = project.article_summaries().expect("articles")[2].id;
    let date = "2023-09-01".parse().expect("date");
    project
        .set_article_date(article, Some(date))
        .expect("correct the date");
    let corrected = analyze(&mut project);
    assert_eq!(corrected.analysed, 1, "{corrected:?}");
    assert_eq!(
        project
            .document_date(article)
            .expect("date")
            .and_then(|d| d.date),
        Some(date)
    );

    project
        .put_user_entry(&UserEntry {
            kind: EntityKind::Org,
            name: "Sahel Security Forum".into(),
            aliases: vec![],
        })
        .expect("entry");
    let taught = analyze(&mut project);
    assert_eq!(taught.analysed, first.articles, "{taught:?}");
    assert_eq!(analyze(&mut project).analysed, 0, "nothing new");
}

#[test]
fn an_article_from_a_new_outlet_reanalyses_every_article() {
    // A new outlet's name becomes an organisation in the project's gazetteer, which every
    // article is read with.
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, _) = two_days(dir.path());
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    import(&mut project, &first);
    analyze(&mut project);
    let third = dir.path().join("day3");
    std::fs::create_dir_all(&third).expect("day 3");
    std::fs::write(
        third.join("gazette.txt"),
        "Talks resume\n\nTalks resumed in Abuja on 20 August 2023, the bloc said.\n",
    )
    .expect("article");
    std::fs::write(
        third.join("gazette.meta.json"),
        r#"{"title": "Talks resume", "source": "Harmattan Gazette", "published": "2023-08-20"}"#,
    )
    .expect("meta");
    import(&mut project, &third);
    let report = analyze(&mut project);
    assert_eq!(report.analysed, report.articles, "{report:?}");
}

/// The project timeline of `project` as (value, reporting articles, actors), to compare the
/// events of two analyses.
fn timeline(project: &Project) -> Vec<(String, Vec<i64>, Vec<String>)> {
    project
        .events()
        .expect("events")
        .into_iter()
        .map(|e| {
            let mut articles: Vec<i64> = e.reports.iter().map(|r| r.article.0).collect();
            articles.dedup();
            (e.value, articles, e.actors)
        })
        .collect()
}

#[test]
fn new_reports_join_old_events_and_the_timeline_equals_a_full_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, second) = two_days(dir.path());
    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &first);
    analyze(&mut daily);
    let old_articles: Vec<i64> = daily
        .article_summaries()
        .expect("articles")
        .iter()
        .map(|a| a.id.0)
        .collect();
    let before = daily.events().expect("events");
    import(&mut daily, &second);
    analyze(&mut daily);
    let after = daily.events().expect("events");
    // an event of day 1 that day 2's articles report too keeps its id and gains their reports
    let joined = after
        .iter()
        .find(|e| {
            e.reports
                .iter()
                .any(|r| old_articles.contains(&r.article.0))
                && e.reports
                    .iter()
                    .any(|r| !old_articles.contains(&r.article.0))
                && before.iter().any(|b| b.id == e.id)
        })
        .expect("an old event with new reports");
    let old = before
        .iter()
        .find(|b| b.id == joined.id)
        .expect("old event");
    assert!(
        joined.reports.len() > old.reports.len(),
        "{joined:?}\n{old:?}"
    );

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &first);
    import(&mut once, &second);
    analyze(&mut once);
    assert_eq!(after, once.events().expect("events"));
}

#[test]
fn a_renamed_actor_renames_old_events_as_a_full_analysis_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rename = dossier::actors::Edit::Rename {
        from: "Mohamed Bazoum".into(),
        to: "President Mohamed Bazoum".into(),
    };
    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &sample_dir());
    analyze(&mut daily);
    let named = |p: &Project, name: &str| {
        timeline(p)
            .iter()
            .filter(|(_, _, actors)| actors.iter().any(|a| a == name))
            .count()
    };
    let bazoum = named(&daily, "Mohamed Bazoum");
    assert!(bazoum > 0, "{:?}", timeline(&daily));
    daily.add_actor_edit(&rename).expect("rename");
    analyze(&mut daily);
    assert_eq!(named(&daily, "Mohamed Bazoum"), 0);
    assert_eq!(named(&daily, "President Mohamed Bazoum"), bazoum);

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &sample_dir());
    once.add_actor_edit(&rename).expect("rename");
    analyze(&mut once);
    assert_eq!(
        daily.events().expect("events"),
        once.events().expect("events")
    );
}

/// Writes an article by Sahel Wire (an outlet the sample has, so the project's gazetteer stays
/// as it was) into `folder`.
fn sahel_wire(folder: &Path, name: &str, published: &str, text: &str) {
    std::fs::create_dir_all(folder).expect("folder");
    std::fs::write(folder.join(format!("{name}.txt")), text).expect("article");
    std::fs::write(
        folder.join(format!("{name}.meta.json")),
        format!(r#"{{"source": "Sahel Wire", "published": "{published}"}}"#),
    )
    .expect("meta");
}

#[test]
fn a_new_article_that_renames_the_actor_of_old_decisions_tracks_them_under_its_new_name() {
    // Day one names the minister "Kwame Mensah"; day two's article gives his full name,
    // which the registry takes for the actor: day one's decision row is renamed, and its
    // tracked decision with it, though its article is not analysed again.
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, _) = two_days(dir.path());
    sahel_wire(
        &first,
        "mensah-freeze",
        "2023-08-14",
        "Ghana freezes junta assets\n\nACCRA, Aug 14 (Sahel Wire) - Finance Minister Kwame \
         Mensah on Monday ordered a freeze on the assets of Niger's junta leaders, the \
         ministry said.\n",
    );
    let third = dir.path().join("day3");
    sahel_wire(
        &third,
        "mensah-profile",
        "2023-08-16",
        "Profile of a hawk\n\nACCRA, Aug 16 (Sahel Wire) - Kwame Osei Mensah, Ghana's finance \
         minister, has become the loudest voice for pressure on Niamey. Kwame Osei Mensah said \
         on Wednesday that talks could still succeed.\n",
    );
    let actors = |p: &Project| -> Vec<String> { tracked(p).into_iter().map(|t| t.actor).collect() };

    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &first);
    analyze(&mut daily);
    assert!(
        actors(&daily).iter().any(|a| a == "Kwame Mensah"),
        "{:?}",
        actors(&daily)
    );
    import(&mut daily, &third);
    let report = analyze(&mut daily);
    assert_eq!(report.analysed, 1, "{report:?}");
    let after = actors(&daily);
    assert!(after.iter().any(|a| a == "Kwame Osei Mensah"), "{after:?}");
    assert!(!after.iter().any(|a| a == "Kwame Mensah"), "{after:?}");

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &first);
    import(&mut once, &third);
    analyze(&mut once);
    // Stories stay put as articles are added (`jobs::grouping`): the new article joins the
    // story of the report it follows, which keeps its name; one analysis of everything groups
    // the same articles, naming the stories afresh.
    let members = |p: &Project| -> Vec<Vec<i64>> {
        let stories = p.stories().expect("stories");
        stories.into_iter().map(|s| s.members).collect()
    };
    assert_eq!(members(&daily), members(&once));
    let but_stories = |s: String| s.rsplit_once('\n').map(|(rest, _)| rest.to_owned());
    assert_eq!(but_stories(state(&daily)), but_stories(state(&once)));
}

#[test]
fn an_actor_renamed_by_the_analyst_renames_its_tracked_decisions() {
    // The edit changes no article's inputs: no article is read again, yet every decision row
    // of the actor and its tracked decisions take the new name, as a full analysis gives.
    let dir = tempfile::tempdir().expect("tempdir");
    let rename = Edit::Rename {
        from: "Economic Community of West African States".into(),
        to: "West African bloc".into(),
    };
    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &sample_dir());
    analyze(&mut daily);
    daily.add_actor_edit(&rename).expect("rename");
    let report = analyze(&mut daily);
    assert_eq!(report.analysed, 0, "{report:?}");
    let renamed = tracked(&daily);
    assert!(renamed.iter().any(|t| t.actor == "West African bloc"));
    assert!(
        !renamed
            .iter()
            .any(|t| t.actor == "Economic Community of West African States")
    );

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &sample_dir());
    once.add_actor_edit(&rename).expect("rename");
    analyze(&mut once);
    assert_eq!(state(&daily), state(&once));
}

/// The values of the reports of `article` in the project timeline, sorted.
fn report_values(project: &Project, article: dossier::model::ArticleId) -> Vec<String> {
    let mut values: Vec<String> = project
        .events()
        .expect("events")
        .into_iter()
        .flat_map(|e| e.reports)
        .filter(|r| r.article == article)
        .map(|r| r.value)
        .collect();
    values.sort();
    values
}

/// A new article reporting an event on a day that already holds events: its report joins
/// that day's event, and the timeline is the one a full analysis gives.
#[test]
fn reports_on_a_day_with_events_join_them_as_a_full_analysis_would() {
    let dir = tempfile::tempdir().expect("tempdir");
    let more = dir.path().join("more");
    sahel_wire(
        &more,
        "guards-hold-bazoum",
        "2023-07-27",
        "Guards hold Bazoum\n\nPresidential guards detained President Mohamed Bazoum in the \
         presidential palace in Niamey on Wednesday, July 26, and ECOWAS condemned the coup \
         attempt against Mohamed Bazoum.\n",
    );
    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &sample_dir());
    analyze(&mut daily);
    let before = daily.events().expect("events");
    assert!(
        before.iter().any(|e| e.value == "2023-07-26"),
        "{before:#?}"
    );
    import(&mut daily, &more);
    analyze(&mut daily);
    let after = daily.events().expect("events");
    // the new article's report joined an event of the day, with reports of older articles
    let new_article = daily
        .article_summaries()
        .expect("articles")
        .iter()
        .map(|a| a.id)
        .max()
        .expect("articles");
    let joined = after.iter().find(|e| {
        e.value == "2023-07-26"
            && e.reports.iter().any(|r| r.article == new_article)
            && e.reports.iter().any(|r| r.article != new_article)
    });
    assert!(joined.is_some(), "{after:#?}");

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &sample_dir());
    import(&mut once, &more);
    analyze(&mut once);
    assert_eq!(after, once.events().expect("events"));
}

/// An article analysed again with another date, whose reports move to other days: the
/// timeline is the one a full analysis of the corrected project gives.
#[test]
fn an_article_whose_reports_move_to_other_days_leaves_the_timeline_a_full_analysis_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut daily = Project::create_or_open(&dir.path().join("daily.dossier")).expect("create");
    import(&mut daily, &sample_dir());
    analyze(&mut daily);
    let article = daily.article_summaries().expect("articles")[2].id;
    let date = "2023-09-01".parse().expect("date");
    let values_before = report_values(&daily, article);
    daily
        .set_article_date(article, Some(date))
        .expect("correct the date");
    assert_eq!(analyze(&mut daily).analysed, 1);
    let values_after = report_values(&daily, article);
    assert!(!values_before.is_empty());
    assert_ne!(values_before, values_after, "its reports moved");

    let mut once = Project::create_or_open(&dir.path().join("once.dossier")).expect("create");
    import(&mut once, &sample_dir());
    once.set_article_date(article, Some(date))
        .expect("correct the date");
    analyze(&mut once);
    assert_eq!(
        daily.events().expect("events"),
        once.events().expect("events")
    );
}
