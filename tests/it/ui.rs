//! GUI tests with egui_kittest: the real `App`, driven by clicking and typing through the
//! accessibility tree, with no display and no GPU.

use dossier::app::recent::Recent;
use dossier::app::{App, Item, StartWith};
use dossier::store::Project;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};

const SEED_TITLE: &str = "Russia’s President Putin Calls Mali Military Leader Over Niger Coup";

const PRIGOZHIN_TITLE: &str =
    "Niger Coup: Gen. Tchiani Names Himself Leader As Wagner Boss Prigozhin Hails Takeover";

/// A project holding the sample collection, in a fresh temporary folder.
fn sample_project(dir: &Path) -> PathBuf {
    let path = dir.join("sample.dossier");
    crate::fixtures::imported_sample(&path);
    path
}

fn harness(start: StartWith) -> Harness<'static, App> {
    Harness::builder()
        .with_size(eframe::egui::Vec2::new(1400.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut App| app.ui_root(ui),
            App::new(start, Recent::in_memory()),
        )
}

#[test]
fn clicking_an_article_in_the_library_shows_it_in_the_text_panel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    // Before: only the Library row carries the headline.
    assert_eq!(harness.get_all_by_label(SEED_TITLE).count(), 1);
    assert!(
        harness
            .query_by_label_contains("reportedly spoke on the phone")
            .is_none()
    );

    harness.get_by_label(SEED_TITLE).click();
    harness.run();

    // After: the Text panel shows the headline, the outlet and the body.
    assert_eq!(harness.get_all_by_label(SEED_TITLE).count(), 2);
    harness.get_by_label("Naija News");
    harness.get_by_label_contains("reportedly spoke on the phone on Tuesday");
    assert!(matches!(
        harness.state().selection().selected,
        Some(Item::Article(_))
    ));
}

#[test]
fn searching_lists_hits_and_a_hit_selects_its_span() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    let search = harness.get_by_label("Search");
    search.focus();
    search.type_text("Prigozhin");
    harness.run();

    harness.get_by_label_contains("matching articles");
    // Both articles that name Prigozhin in their text are listed, the one with him in the
    // headline among them.
    harness.get_by_label(PRIGOZHIN_TITLE);
    harness.get_by_label(SEED_TITLE);

    // The hits replace the grouped list: the outlet headers are gone.
    assert!(harness.query_by_label_contains("Sahel Wire (").is_none());
    harness.get_by_label(SEED_TITLE).click();
    harness.run();
    match &harness.state().selection().selected {
        Some(Item::Span { range, .. }) => assert!(range.end > range.start),
        other => panic!("expected a span selection, got {other:?}"),
    }
}

#[test]
fn sorting_is_saved_in_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    {
        let mut harness = harness(StartWith::Project(path.clone()));
        harness.run();
        harness.get_by_label("Sort:").click();
        harness.run();
        harness.get_by_label("Title").click();
        harness.run();
        // The combo box now shows the choice.
        harness.get_by_value("Title");
    }
    let project = Project::open(&path).expect("reopen");
    let layout = project
        .ui_state("layout")
        .expect("read")
        .expect("layout saved");
    assert!(layout.contains("\"Title\""), "{layout}");
}

#[test]
fn a_file_that_is_not_a_project_is_refused_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bogus = dir.path().join("notes.dossier");
    std::fs::write(&bogus, "just some notes, not a database").expect("write");
    let mut harness = harness(StartWith::Project(bogus.clone()));
    harness.run();
    harness.get_by_label("Problem");
    assert!(
        harness
            .get_all_by_label_contains("not a Dossier project")
            .count()
            >= 1
    );
    assert_eq!(
        std::fs::read_to_string(&bogus).expect("read"),
        "just some notes, not a database"
    );
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label("Problem").is_none());
}

#[test]
fn new_project_through_the_menu_and_the_path_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("story");
    let mut harness = harness(StartWith::Nothing);
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("New project…").click();
    harness.run();
    let field = harness.get_by_label("Where to save the new project (a .dossier file)");
    field.focus();
    field.type_text(&target.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
    let created = dir.path().join("story.dossier");
    assert!(created.is_file(), "the project file was not created");
    harness.get_by_label_contains("story.dossier · 0 articles");
}

/// The sample project, imported and analysed.
fn analysed_sample(dir: &Path) -> PathBuf {
    let path = dir.join("sample.dossier");
    crate::fixtures::analysed_sample(&path);
    path
}

/// Steps the app until its worker is done (at most about 60 s).
fn wait_for_job(harness: &mut Harness<'static, App>) {
    for _ in 0..3000 {
        harness.step();
        if !harness.state().is_busy() {
            harness.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the job did not finish");
}

#[test]
fn selecting_an_actor_highlights_its_mentions_in_the_text_panel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label(SEED_TITLE).click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("mentions highlighted")
            .is_none()
    );

    let filter = harness.get_by_label("Filter");
    filter.focus();
    filter.type_text("Putin");
    harness.run();
    harness.get_by_label("Vladimir Putin").click();
    harness.run();

    assert_eq!(harness.state().selection().actor(), Some("Vladimir Putin"));
    let label = harness
        .get_all_by_label_contains("Vladimir Putin: ")
        .map(|n| format!("{n:?}"))
        .find(|l| l.contains("mentions highlighted"))
        .expect("a note on his highlighted mentions");
    let count: usize = label
        .split("Vladimir Putin: ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {label}"));
    assert!(count >= 3, "{label}");
    // The detail lists the articles that mention him, and the Library shows only those.
    harness.get_by_label_contains("Mentioned in ");
    harness.get_by_label("Articles that mention Vladimir Putin");
    assert!(harness.query_by_label("Show all").is_some());
}

#[test]
fn a_merge_survives_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    // Two people to merge: the first by mentions, into the first other person by name.
    let (from, into) = {
        let project = Project::open(&path).expect("open");
        let actors = project.actors().expect("actors");
        let people: Vec<&str> = actors
            .actors
            .iter()
            .filter(|a| a.kind == dossier::analysis::entities::EntityKind::Person)
            .map(|a| a.name.as_str())
            .collect();
        let from = people[0].to_string();
        let mut others: Vec<&str> = people.iter().copied().filter(|n| *n != from).collect();
        others.sort_by_key(|n| n.to_lowercase());
        (from, others[0].to_string())
    };
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    let filter = harness.get_by_label("Filter");
    filter.focus();
    filter.type_text(&from);
    harness.run();
    harness.get_by_label(&from).click();
    harness.run();
    harness.get_by_label("Merge into").click();
    harness.run();
    harness.get_by_label(&into).click();
    harness.run();
    harness.get_by_label("Merge").click();
    harness.run();
    assert_eq!(harness.state().selection().actor(), Some(into.as_str()));

    harness.get_by_label("Analysis").click();
    harness.run();
    harness.get_by_label("Run analysis").click();
    wait_for_job(&mut harness);
    drop(harness);

    let project = Project::open(&path).expect("reopen");
    assert!(
        project.pass_runs().expect("runs").len() >= 2,
        "analysis ran again"
    );
    let actors = project.actors().expect("actors");
    assert!(actors.find(&from).is_none(), "{from} should stay merged");
    let merged = &actors.actors[actors.find(&into).expect("target")];
    assert!(merged.edited);
}

#[test]
fn clicking_an_event_in_the_timeline_shows_its_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let (label, title) = {
        let project = Project::open(&path).expect("open");
        let events = project.events().expect("events");
        let event = events
            .iter()
            .find(|e| e.value == "2023-08-15" && !e.label.is_empty())
            .or(events.first())
            .expect("an event");
        let article = project
            .article(event.reports[0].article)
            .expect("read")
            .expect("article");
        (event.label.clone(), article.title)
    };
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label("Timeline").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("sentence is highlighted")
            .is_none()
    );
    harness.get_by_label(&label).scroll_to_me();
    harness.run();
    harness.get_by_label(&label).click();
    harness.run();
    assert!(matches!(
        harness.state().selection().selected,
        Some(Item::Event(_))
    ));
    harness.get_by_label("The selected event's sentence is highlighted below.");
    // The Text panel shows the article that reports it (its headline beside the Library row).
    assert!(harness.get_all_by_label(&title).count() >= 2);
}

#[test]
fn selecting_a_speaker_in_the_quotes_panel_highlights_their_quotes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label(SEED_TITLE).click();
    harness.run();
    harness.get_by_label("Quotes").click();
    harness.run();
    assert!(
        harness
            .query_by_label_contains("quotes highlighted")
            .is_none()
    );
    let heading = harness.get_by_label_contains("Assimi Goita (");
    heading.scroll_to_me();
    harness.run();
    harness.get_by_label_contains("Assimi Goita (").click();
    harness.run();
    assert_eq!(harness.state().selection().actor(), Some("Assimi Goita"));
    // The Quotes panel lists only his quotes; the Text panel highlights those in the article.
    harness.get_by_label_contains("quotes by Assimi Goita");
    let quotes_note = harness
        .get_all_by_label_contains("Assimi Goita: ")
        .map(|n| format!("{n:?}"))
        .find(|l| l.contains("quote"))
        .expect("a note on his highlighted quotes");
    assert!(quotes_note.contains("highlighted"), "{quotes_note}");
}

#[test]
fn dismissing_a_sanctions_hit_is_stored_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The analysed sample comes with the sample sanctions list.
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Sanctions").click();
    harness.run();
    harness.get_by_label("1 list");
    harness.get_by_label("Assimi Goita").click();
    harness.run();
    assert_eq!(harness.state().selection().actor(), Some("Assimi Goita"));

    harness.get_by_label("Actors").click();
    harness.run();
    // The table flags the actor; the detail explains the hit and takes the verdict.
    harness.get_by_label("⚠ Assimi Goita");
    harness.get_by_label_contains("accents folded");
    harness.get_by_label("Dismiss").click();
    harness.run();
    harness.get_by_label("dismissed");
    assert!(harness.query_by_label("⚠ Assimi Goita").is_none());
    drop(harness);

    let project = Project::open(&path).expect("reopen");
    let hits = project.screening_hits().expect("hits");
    let goita = hits
        .iter()
        .find(|h| h.actor == "Assimi Goita")
        .expect("the hit");
    assert_eq!(goita.verdict, Some(dossier::store::Verdict::Dismissed));
}

#[test]
fn comparing_two_reports_shows_a_conflict_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    // The Accra Morning Post and the broadcaster disagree on the meeting's date.
    for title in [
        "Niger crisis: ECOWAS defence chiefs now to meet in Accra August 17 to 18",
        "West African army chiefs to meet in Ghana over Niger intervention plan",
    ] {
        harness.get_by_label(title).click_secondary();
        harness.run();
        harness.get_by_label("Add to comparison").click();
        harness.run();
    }
    harness.get_by_label_contains("claims:");
    assert!(
        harness.get_all_by_label("conflict").count() >= 1,
        "a conflict row is marked"
    );
    harness.get_by_label_contains("⚠ dates differ");
    // Clearing the picks shows the coverage matrix.
    harness.get_by_label("Clear").click();
    harness.run();
    harness.get_by_label("Coverage matrix");
}

#[test]
fn the_briefing_previews_its_sections_and_exports_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label("Briefing").click();
    harness.run();
    // The checkbox and the preview's heading.
    assert_eq!(harness.get_all_by_label("Annex: sources").count(), 2);
    harness.get_by_label_contains("Whole project: ");
    harness
        .get_all_by_label("Annex: sources")
        .next()
        .expect("checkbox")
        .click();
    harness.run();
    assert_eq!(harness.get_all_by_label("Annex: sources").count(), 1);

    let out = dir.path().join("brief.html");
    harness
        .state_mut()
        .push(dossier::app::Command::ExportBriefing(
            dossier::export::briefing::Format::Html,
            out.clone(),
        ));
    harness.run();
    let html = std::fs::read_to_string(&out).expect("briefing written");
    assert!(html.contains("<html") && html.contains("Summary"), "{html}");
    assert!(!html.contains("id=\"src-1\""), "the annex was switched off");
}

#[test]
fn a_status_set_in_the_tracker_survives_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let (key, label) = {
        let project = Project::open(&path).expect("open");
        let tracked = project.tracked_decisions().expect("tracked");
        let t = tracked
            .iter()
            .find(|t| t.status != dossier::analysis::decisions::DecisionStatus::Lifted)
            .expect("a tracked decision");
        (t.key.clone(), format!("{}: {}", t.actor, t.action))
    };
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Decisions").click();
    harness.run();
    let row = harness.get_by_label(&label);
    row.scroll_to_me();
    harness.run();
    harness.get_by_label(&label).click();
    harness.run();
    harness.get_by_label("Your tracking");
    harness.get_by_label("Your status").scroll_to_me();
    harness.run();
    harness.get_by_label("Your status").click();
    harness.run();
    harness
        .get_all_by_label("lifted")
        .last()
        .expect("the status choice")
        .click();
    harness.run();
    harness.get_by_label("Save tracking").click();
    harness.run();

    harness.state_mut().push(dossier::app::Command::Analyze);
    harness.step();
    wait_for_job(&mut harness);
    // The tracker still shows the analyst's status.
    harness.get_by_label(&label);
    drop(harness);
    let project = Project::open(&path).expect("reopen");
    let (edit, _) = project
        .decision_edit(&key)
        .expect("edit")
        .expect("kept through re-analysis");
    assert_eq!(
        edit.status,
        Some(dossier::analysis::decisions::DecisionStatus::Lifted)
    );
    assert!(
        project
            .tracked_decisions()
            .expect("tracked")
            .iter()
            .any(|t| t.key == key),
        "the decision is found again"
    );
}

#[test]
fn four_reports_side_by_side_each_keep_a_readable_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    for title in [
        "Niger crisis: ECOWAS defence chiefs now to meet in Accra August 17 to 18",
        "West African army chiefs to meet in Ghana over Niger intervention plan",
        "ECOWAS army chiefs head to Accra as standby force put at 2,500 troops",
        "West African army chiefs say \"D-Day\" set for possible Niger intervention",
    ] {
        harness.get_by_label(title).click_secondary();
        harness.run();
        harness.get_by_label("Add to comparison").click();
        harness.run();
    }
    // The fourth column lies past the panel's edge (the area scrolls sideways) and must not
    // be squeezed into a sliver: its outlet fits on one line, and the facts under the headers
    // start on one line for every column, right below them.
    let outlet = harness.get_by_label("Sahel Wire").rect();
    assert!(outlet.height() < 30.0, "{outlet:?}");
    let tops: Vec<f32> = harness
        .get_all_by_label_contains("Names:")
        .map(|n| n.rect().top())
        .collect();
    assert_eq!(tops.len(), 4);
    assert!(tops.iter().all(|t| (t - tops[0]).abs() < 1.0), "{tops:?}");
    assert!(tops[0] - outlet.bottom() < 150.0, "{tops:?} {outlet:?}");
}

#[test]
fn a_list_import_shows_its_skipped_rows_in_the_sanctions_panel_and_a_cut_list_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    let list = dir.path().join("bad-rows.csv");
    std::fs::write(&list, "name,type\nOmar Tiani,person\n,person\n").expect("write");
    let cut = dir.path().join("cut.csv");
    std::fs::write(&cut, "name,remarks\n\"Omar Tiani,x\nSalif Traore,\n").expect("write");
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Sanctions").click();
    harness.run();
    for (file, notice) in [
        (&list, "Sanctions list imported with problems"),
        (&cut, "Problem"),
    ] {
        harness.get_by_label("Import list…").click();
        harness.run();
        let field = harness.get_by_label("The list file (for OFAC: sdn.csv; alt.csv)");
        field.focus();
        field.type_text(&file.display().to_string());
        harness.run();
        harness.get_by_label("OK").click();
        harness.run();
        harness.get_by_label(notice);
        if file == &cut {
            // In the notice and in the status bar.
            let refusal = "cut.csv: the quote opened at line 2 is never closed";
            assert!(harness.get_all_by_label_contains(refusal).count() >= 1);
        }
        harness.get_by_label("Close").click();
        harness.run();
    }
    // The cut list was refused: one list, the one with a skipped row, which the panel shows.
    harness.get_by_label("1 list");
    harness
        .get_by_label("⚠ bad-rows: 1 row skipped or noted at import")
        .click();
    harness.run();
    harness.get_by_label("bad-rows.csv: row 3: no name (skipped)");
    drop(harness);
    // The problems are kept with the list.
    let project = Project::open(&path).expect("reopen");
    let lists = project.sanctions_lists().expect("lists");
    assert_eq!(
        lists[0].problems,
        ["bad-rows.csv: row 3: no name (skipped)"]
    );
}
