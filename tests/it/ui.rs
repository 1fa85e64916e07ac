//! GUI tests with egui_kittest: the real `App`, driven by clicking and typing through the
//! accessibility tree, with no display and no GPU.

use dossier::app::recent::Recent;
use dossier::app::{App, Item, StartWith};
use dossier::store::Project;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    builder()
        .with_size(eframe::egui::Vec2::new(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.ui_root(ui), app(start))
}

/// A harness builder allowing a click a few more frames to settle than egui's default 4: a view
/// built on a thread of its own asks for a frame when it is done, and on a loaded machine that
/// request comes after the frame that already showed it (the app waits for its views), so one
/// or two frames more run with nothing new to show.
fn builder<T>() -> egui_kittest::HarnessBuilder<T> {
    Harness::builder().with_max_steps(12)
}

/// The app, each frame waiting for the views it builds off the UI thread: every click shows
/// its settled result in the frames `run()` steps.
fn app(start: StartWith) -> App {
    App::new(start, Recent::in_memory()).waiting_for_views(Duration::from_secs(60))
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

/// Turns the wheel over the list under the label `above` until a row labelled like `label`
/// is laid out (a virtualised list lays out only the rows in view).
fn scroll_until(harness: &mut Harness<'static, App>, above: &str, label: &str) {
    for _ in 0..300 {
        if harness.query_by_label_contains(label).is_some() {
            return;
        }
        let rect = harness.get_by_label_contains(above).rect();
        harness.hover_at(eframe::egui::pos2(rect.center().x, rect.bottom() + 150.0));
        harness.event(eframe::egui::Event::MouseWheel {
            unit: eframe::egui::MouseWheelUnit::Line,
            delta: eframe::egui::vec2(0.0, -8.0),
            phase: eframe::egui::TouchPhase::Move,
            source: eframe::egui::MouseWheelSource::Wheel,
            modifiers: eframe::egui::Modifiers::NONE,
        });
        // Smooth scrolling and the hovered row's tooltip take a few frames.
        harness.run_steps(8);
    }
    panic!("no row labelled {label:?} after scrolling the list");
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
    // The list is virtualised: only the rows in view are laid out, so scroll to the heading.
    scroll_until(&mut harness, "from anonymous sources", "Assimi Goita (");
    harness
        .get_by_label_contains("Assimi Goita (")
        .scroll_to_me();
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
    // (the outlet's column header, the topmost: the Actors table names the outlet too)
    let outlet = harness
        .get_all_by_label("Sahel Wire")
        .map(|n| n.rect())
        .min_by(|a, b| a.top().total_cmp(&b.top()))
        .expect("the column header");
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

/// The layout the project saves: the tab and view that were on screen.
fn saved_layout(path: &Path) -> serde_json::Value {
    let project = Project::open(path).expect("open");
    let json = project.ui_state("layout").expect("read").expect("saved");
    serde_json::from_str(&json).expect("json")
}

/// Every node named `label` lies inside a window `width` wide.
fn assert_on_screen(harness: &Harness<'_, App>, label: &str, width: f32) {
    for node in harness.get_all_by_label(label) {
        let rect = node.rect();
        assert!(
            rect.min.x >= 0.0 && rect.max.x <= width + 1.0,
            "{label} at {rect:?} is outside a window {width} wide"
        );
    }
}

#[test]
fn a_saved_voice_share_view_keeps_the_right_hand_panel_on_screen_and_reset_layout_restores_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.dossier");
    drop(crate::fixtures::analysed_sample(&path));
    {
        let mut harness = harness(StartWith::Project(path.clone()));
        harness.run();
        harness.get_by_label("Quotes").click();
        harness.run();
        harness.get_by_label("Voice share").click();
        harness.run();
    }
    assert_eq!(saved_layout(&path)["quote_view"], "VoiceShare");

    // Reopened at 1024×700 with the voice-share table on screen: the tabs stay in the window.
    let (width, height) = (1024.0, 700.0);
    let mut harness = builder()
        .with_size(eframe::egui::Vec2::new(width, height))
        .build_ui_state(
            |ui, app: &mut App| app.ui_root(ui),
            app(StartWith::Project(path.clone())),
        );
    for _ in 0..3 {
        harness.run();
    }
    harness.get_by_label("Voice share");
    for tab in ["Actors", "Network", "Timeline", "Decisions", "Sanctions"] {
        assert_on_screen(&harness, tab, width);
    }

    // View ▸ Reset layout puts the first tab and view back, and saves it.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Reset layout").click();
    harness.run();
    assert!(harness.query_by_label("Voice share").is_none());
    harness.get_by_label("Layout reset");
    drop(harness);
    assert_eq!(saved_layout(&path)["right_tab"], "Actors");
    assert_eq!(saved_layout(&path)["quote_view"], "BySpeaker");
}

#[test]
fn exports_through_the_path_field_never_replace_the_project_or_a_users_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Briefing").click();
    harness.run();
    harness.get_by_label("Export Markdown…").click();
    harness.run();
    let field = harness.get_by_label("The file to write");
    field.focus();
    field.type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
    harness.get_by_label("Problem");
    assert!(
        harness
            .get_all_by_label_contains("not written: it is the open project")
            .count()
            >= 1
    );
    let header = std::fs::read(&path).expect("read project");
    assert!(
        header.starts_with(b"SQLite format 3\0"),
        "the project was replaced"
    );
    harness.get_by_label("Close").click();
    harness.run();

    // The JSON records: a folder holding the analyst's own file is refused, the file kept.
    let out = dir.path().join("records");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("000_0528eedcc084b2e2.json"), "mine").expect("write");
    harness
        .state_mut()
        .push(dossier::app::Command::ExportJson(out.clone()));
    harness.step();
    wait_for_job(&mut harness);
    assert!(
        harness
            .get_all_by_label_contains("which Dossier did not write")
            .count()
            >= 1
    );
    assert_eq!(
        std::fs::read_to_string(out.join("000_0528eedcc084b2e2.json")).expect("read"),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&out).expect("list").count(), 1);

    // Into a new folder the records are written on the worker, and the status bar says so.
    let fresh = dir.path().join("fresh");
    harness
        .state_mut()
        .push(dossier::app::Command::ExportJson(fresh.clone()));
    harness.step();
    wait_for_job(&mut harness);
    let written = std::fs::read_dir(&fresh)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count();
    assert!(written > 0);
    assert!(
        harness
            .get_all_by_label_contains(&format!("{written} JSON records written to"))
            .count()
            >= 1
    );
}

#[test]
fn at_1024_by_700_the_right_hand_panel_keeps_its_content_inside_and_leaves_the_article_room() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.dossier");
    drop(crate::fixtures::analysed_sample(&path));
    let width = 1024.0;
    let mut harness = builder()
        .with_size(eframe::egui::Vec2::new(width, 700.0))
        .build_ui_state(
            |ui, app: &mut App| app.ui_root(ui),
            app(StartWith::Project(path)),
        );
    harness.run();
    harness.get_by_label(SEED_TITLE).click();
    harness.run();
    harness.get_by_label("Mohamed Bazoum").click();
    harness.run();
    let panel_left = harness.get_by_label("Actors").rect().min.x;
    // The article keeps at least a third of the window.
    let text_left = harness
        .get_all_by_label(SEED_TITLE)
        .map(|n| n.rect().min.x)
        .filter(|x| *x > 150.0 && *x < panel_left)
        .fold(f32::MAX, f32::min);
    assert!(
        panel_left - text_left > width / 3.0,
        "{panel_left} {text_left}"
    );
    for label in ["Filter", "Name", "Type", "Mentions ⏷", "Articles", "Rename"] {
        assert!(harness.get_all_by_label(label).count() > 0, "no {label}");
        for node in harness.get_all_by_label(label) {
            let rect = node.rect();
            assert!(
                rect.min.x >= panel_left - 12.0 && rect.max.x <= width,
                "{label} at {rect:?} spills out of the panel starting at {panel_left}"
            );
        }
    }
    for tab in [
        "Actors",
        "Network",
        "Timeline",
        "Quotes",
        "Decisions",
        "Sanctions",
    ] {
        assert_on_screen(&harness, tab, width);
    }
}

#[test]
fn quotes_grouped_by_outlet_or_story_name_each_quotes_speaker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.dossier");
    drop(crate::fixtures::analysed_sample(&path));
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label("Quotes").click();
    harness.run();
    // By speaker: the speaker is the group's heading, not repeated on each quote.
    assert_eq!(harness.query_all_by_label("Bola Ahmed Tinubu").count(), 0);
    for view in ["By outlet", "By story"] {
        harness.get_by_label(view).click();
        harness.run();
        let named = harness.query_all_by_label("Bola Ahmed Tinubu").count();
        assert!(named >= 5, "{view}: Tinubu named on {named} quotes");
    }
    // A speaker's name selects the speaker.
    harness
        .get_all_by_label("Bola Ahmed Tinubu")
        .next()
        .expect("a named quote")
        .click();
    harness.run();
    assert_eq!(
        harness.state().selection().actor(),
        Some("Bola Ahmed Tinubu")
    );
}

#[test]
fn an_added_alias_is_shown_found_by_the_filter_and_kept_after_re_analysis() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sample.dossier");
    drop(crate::fixtures::analysed_sample(&path));
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Vladimir Putin").click();
    harness.run();
    // Enter in the alias field adds it.
    let field = harness.get_by_label("Alias");
    field.focus();
    field.type_text("the Kremlin strongman");
    harness.run();
    harness.key_press(eframe::egui::Key::Enter);
    harness.run();
    harness.get_by_label("• the Kremlin strongman");

    // The filter finds the actor by it.
    harness
        .state_mut()
        .push(dossier::app::Command::Select(None));
    harness.run();
    let filter = harness.get_by_label("Filter");
    filter.focus();
    filter.type_text("strongman");
    harness.run();
    harness.get_by_label_contains("1 of ");
    harness.get_by_label("Vladimir Putin");

    // Re-analysis keeps it.
    drop(harness);
    let mut project = Project::open(&path).expect("open");
    dossier::jobs::analyze(
        &mut project,
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .expect("analyze");
    let actors = project.actors().expect("actors");
    let putin = &actors.actors[actors.find("Vladimir Putin").expect("putin")];
    assert!(putin.aliases.iter().any(|a| a == "the Kremlin strongman"));
}

#[test]
fn the_decision_detail_stays_open_on_its_evidence_and_find_searches_the_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    // A decision whose evidence names Accra though its actor, action and target do not.
    let label = {
        let project = Project::open(&path).expect("open");
        let by_evidence = project.decisions_with_evidence("accra").expect("find");
        let tracked = project.tracked_decisions().expect("tracked");
        let t = tracked
            .iter()
            .find(|t| {
                by_evidence.contains(&t.key)
                    && !format!("{} {} {:?}", t.actor, t.action, t.target)
                        .to_lowercase()
                        .contains("accra")
            })
            .expect("a decision only its evidence places in Accra");
        format!("{}: {}", t.actor, t.action)
    };
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label("Decisions").click();
    harness.run();
    let find = harness.get_by_label("Find");
    find.focus();
    find.type_text("Accra");
    harness.run();
    // each row's second line: kind, last change, reports (cut with an ellipsis when narrow)
    assert!(
        harness
            .get_all_by_label_contains(" · last change ")
            .next()
            .is_some()
    );
    harness.get_by_label(&label).click();
    harness.run();
    harness.get_by_label("Your tracking");

    // Reading a piece of evidence opens it in the Text panel and leaves the detail open.
    // (the detail is drawn last: its evidence buttons are the last nodes naming Accra)
    let evidence = harness
        .get_all_by_label_contains("Accra")
        .last()
        .expect("an evidence button");
    evidence.scroll_to_me();
    harness.run();
    harness
        .get_all_by_label_contains("Accra")
        .last()
        .expect("an evidence button")
        .click();
    harness.run();
    assert!(matches!(
        harness.state().selection().selected,
        Some(Item::Span { .. })
    ));
    harness.get_by_label("Your tracking");

    // A review date that is not a date: Save is disabled and the reason is shown.
    let review = harness.get_by_label("Review on");
    review.focus();
    review.type_text("next week");
    harness.run();
    harness.get_by_label("Write the review date as YYYY-MM-DD.");
    assert!(
        format!("{:?}", harness.get_by_label("Save tracking")).contains("disabled: true"),
        "Save is enabled"
    );

    // Close shuts the detail.
    harness.get_by_label("✖ Close").scroll_to_me();
    harness.run();
    harness.get_by_label("✖ Close").click();
    harness.run();
    assert!(harness.query_by_label("Your tracking").is_none());
}

#[test]
fn the_keyboard_walks_the_lists_finds_clears_and_switches_tabs() {
    use eframe::egui::{Key, Modifiers};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    let selected = |h: &Harness<'_, App>| h.state().selection().selected.clone();

    // Down with nothing selected takes the Library's first article, then the next.
    harness.key_press(Key::ArrowDown);
    harness.run();
    let first = selected(&harness).expect("an article");
    assert!(matches!(first, Item::Article(_)));
    harness.key_press(Key::ArrowDown);
    harness.run();
    let second = selected(&harness).expect("an article");
    assert!(matches!(second, Item::Article(_)) && second != first);
    harness.key_press(Key::ArrowUp);
    harness.run();
    assert_eq!(selected(&harness), Some(first));

    // An article clicked, then Down: the next one (a click leaves the arrows to the list).
    harness.get_by_label(SEED_TITLE).click();
    harness.run();
    let clicked = selected(&harness);
    harness.key_press(Key::ArrowDown);
    harness.run();
    assert_ne!(selected(&harness), clicked);

    // Ctrl+F puts the cursor in the search field; Escape clears the search, then the selection.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.run();
    harness.get_by_label("Search").type_text("Prigozhin");
    harness.run();
    harness.get_by_label_contains("matching articles");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("matching articles")
            .is_none()
    );
    assert!(selected(&harness).is_some());
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(selected(&harness), None);

    // Ctrl+4 shows Quotes; the View menu names the shortcut.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    harness.run();
    harness.get_by_label("Voice share");
    harness.get_by_label("View").click();
    harness.run();
    // The menu entry names its shortcut; clicking another shows that tab.
    harness.get_by_label("Quotes Ctrl+4");
    harness.get_by_label("Decisions Ctrl+5").click();
    harness.run();
    harness.get_by_label("Find");
}

#[test]
fn clicking_a_claim_in_compare_opens_it_in_the_text_view() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    for title in [
        "Niger crisis: ECOWAS defence chiefs now to meet in Accra August 17 to 18",
        "ECOWAS army chiefs head to Accra as standby force put at 2,500 troops",
    ] {
        harness.get_by_label(title).click_secondary();
        harness.run();
        harness.get_by_label("Add to comparison").click();
        harness.run();
    }
    let claim = harness
        .get_all_by_label_contains("2,500 troops")
        .last()
        .expect("a claim naming the force's size");
    claim.scroll_to_me();
    harness.run();
    harness
        .get_all_by_label_contains("2,500 troops")
        .last()
        .expect("the claim")
        .click();
    harness.run();
    assert!(matches!(
        harness.state().selection().selected,
        Some(Item::Span { .. })
    ));
    // The Text view shows the article: its legend is on screen.
    harness.get_by_label("Actors by type");
}

/// Issue 12: a write-protected project opens for reading, and the status bar says so.
#[test]
fn a_write_protected_project_opens_for_reading_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    let Some(_immutable) = crate::fixtures::Immutable::set(&path) else {
        eprintln!("chattr +i is not available here: a write-protected file cannot be made");
        return;
    };
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    let note = format!(
        "{} is read-only (the file is write-protected): opened for reading",
        path.display()
    );
    assert_eq!(harness.get_all_by_label_contains(&note).count(), 1);
    harness.get_by_label(SEED_TITLE);
}

#[test]
fn the_edit_menu_names_what_undo_takes_back_for_any_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let (seed, range) = {
        let project = Project::open(&path).expect("open");
        let seed = crate::fixtures::article(&project, "000_0528eedcc084b2e2.txt");
        (seed, project.quotes(seed).expect("quotes")[0].range.clone())
    };
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Nothing to undo");
    harness.key_press(eframe::egui::Key::Escape);
    harness.run();
    harness.state_mut().push(dossier::app::Command::FixQuote {
        article: seed,
        range,
        fix: Some(dossier::model::QuoteFix::Reject),
    });
    harness.run();
    harness.get_by_label("Edit").click();
    harness.run();
    harness
        .get_by_label_contains("Undo: reject a quote")
        .click();
    harness.run();
    harness.get_by_label("Undone: reject a quote");
    drop(harness);
    let project = Project::open(&path).expect("reopen");
    assert!(project.quote_fixes().expect("fixes").is_empty());
}

/// Imports the list file `file` through the Sanctions panel's Import list… form.
fn import_list_ui(harness: &mut Harness<'static, App>, file: &Path) {
    harness.get_by_label("Import list…").click();
    harness.run();
    let field = harness.get_by_label("The list file (for OFAC: sdn.csv; alt.csv)");
    field.focus();
    field.type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.run();
}

#[test]
fn a_list_imported_again_is_one_list_with_its_diff_and_the_sanctions_tab_takes_verdicts() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The analysed sample comes with the sample list, stored as 'sample-sanctions'. The panel
    // lists hits as the store gives them, strongest first.
    let path = analysed_sample(dir.path());
    let before: Vec<(String, String)> = Project::open(&path)
        .expect("open")
        .screening_hits()
        .expect("hits")
        .into_iter()
        .map(|h| (h.actor, h.entry_key))
        .collect();
    assert!(before.len() >= 3, "{before:?}");
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Sanctions").click();
    harness.run();
    // Confirm and Dismiss are in the Sanctions tab (before: only in the Actors detail).
    harness
        .get_all_by_label("Confirm")
        .next()
        .expect("a Confirm button")
        .click();
    harness.run();
    harness.get_by_label("confirmed");
    // The first hit's buttons are now Dismiss and Clear: the second Dismiss is the second hit's.
    harness
        .get_all_by_label("Dismiss")
        .nth(1)
        .expect("the second hit's Dismiss")
        .click();
    harness.run();
    harness.get_by_label("dismissed");

    // The same list again, one entry gone and one new: before, a second list of the same
    // name and every hit twice.
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sample-sanctions.csv"),
    )
    .expect("sample list");
    let again: String = sample
        .lines()
        .filter(|l| !l.contains("Marguerite Oyelaran-Duval"))
        .chain(["SAMPLE-501,Marina Castellanos-Ode,,person,SAMPLE,2024-05-01,Fictional person."])
        .map(|l| format!("{l}\n"))
        .collect();
    let file = dir.path().join("sample-sanctions.csv");
    std::fs::write(&file, again).expect("write");
    import_list_ui(&mut harness, &file);
    harness.get_by_label("1 list");
    // The diff of the two snapshots, in the panel and in the status bar: one added, one removed.
    let diff = harness
        .get_all_by_label_contains("sample-sanctions: 29 entries on")
        .filter(|n| format!("{n:?}").contains(", 29 on "))
        .filter(|n| format!("{n:?}").contains(": +1 -1 ~0"))
        .count();
    assert!(diff >= 1, "no diff +1 -1 ~0 shown");
    assert!(
        harness
            .get_all_by_label_contains("new snapshot of sample-sanctions")
            .count()
            >= 1,
        "the status bar names the change"
    );
    drop(harness);

    let project = Project::open(&path).expect("reopen");
    assert_eq!(project.current_sanctions_lists().expect("lists").len(), 1);
    let hits = project.screening_hits().expect("hits");
    let after: Vec<(String, String)> = hits
        .iter()
        .map(|h| (h.actor.clone(), h.entry_key.clone()))
        .collect();
    assert_eq!(after, before, "the same hits, once each");
    // Both hits are unchanged in the new snapshot: their verdicts carried over.
    use dossier::store::Verdict;
    assert_eq!(hits[0].verdict, Some(Verdict::Confirmed));
    assert_eq!(hits[1].verdict, Some(Verdict::Dismissed));
    assert!(hits[2..].iter().all(|h| h.verdict.is_none()));
}

#[test]
fn removing_a_sanctions_list_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path.clone()));
    harness.run();
    harness.get_by_label("Sanctions").click();
    harness.run();
    // Before: one click removed the list and its hits.
    harness.get_by_label("Remove").click();
    harness.run();
    harness.get_by_label("Remove the list sample-sanctions?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(
        harness
            .query_by_label("Remove the list sample-sanctions?")
            .is_none()
    );
    harness.get_by_label("1 list");
    harness.get_by_label("Remove").click();
    harness.run();
    harness.get_by_label("Remove list").click();
    harness.run();
    harness.get_by_label("0 lists");
    drop(harness);
    let project = Project::open(&path).expect("reopen");
    assert!(project.sanctions_lists().expect("lists").is_empty());
    assert!(project.screening_hits().expect("hits").is_empty());
}

/// Issue 15: a change rebuilds only the views that read it, and a hidden tab is built when shown.
#[test]
fn selecting_an_actor_rebuilds_neither_the_briefing_nor_the_matrix_and_hidden_tabs_wait() {
    use dossier::app::{Command, ViewSlot};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    // Hidden: never built.
    for hidden in [ViewSlot::Quotes, ViewSlot::Network, ViewSlot::Briefing] {
        assert_eq!(harness.state().builds_of(hidden), 0, "{hidden:?}");
    }
    harness.get_by_label("Quotes").click();
    harness.run();
    assert_eq!(harness.state().builds_of(ViewSlot::Quotes), 1);
    harness.get_by_label_contains("from anonymous sources");

    harness.get_by_label("Briefing").click();
    harness.run();
    let briefings = harness.state().builds_of(ViewSlot::Briefing);
    assert_eq!(briefings, 1);
    let quotes = harness.state().builds_of(ViewSlot::Quotes);
    harness
        .state_mut()
        .push(Command::Select(Some(Item::Actor("Vladimir Putin".into()))));
    harness.run();
    assert_eq!(harness.state().selection().actor(), Some("Vladimir Putin"));
    assert_eq!(harness.state().builds_of(ViewSlot::Briefing), briefings);
    // The quotes read the selected actor: rebuilt (the tab is on screen).
    assert_eq!(harness.state().builds_of(ViewSlot::Quotes), quotes + 1);
    harness.get_by_label_contains("quotes by Vladimir Putin");

    harness.get_by_label("Compare").click();
    harness.run();
    harness.get_by_label("Coverage matrix");
    let matrices = harness.state().builds_of(ViewSlot::Matrix);
    assert_eq!(matrices, 1);
    harness
        .state_mut()
        .push(Command::Select(Some(Item::Actor("Assimi Goita".into()))));
    harness.run();
    assert_eq!(harness.state().builds_of(ViewSlot::Matrix), matrices);
    assert_eq!(harness.state().builds_of(ViewSlot::Briefing), briefings);
    assert_eq!(harness.state().builds_of(ViewSlot::Network), 0);
}

/// Issue 15: the views that hold a share of every quote, event or decision drop it while
/// hidden, and build it again when shown.
#[test]
fn a_hidden_quotes_or_timeline_tab_drops_its_data_and_builds_it_again_when_shown() {
    use dossier::app::ViewSlot;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = harness(StartWith::Project(path));
    harness.run();
    harness.get_by_label("Quotes").click();
    harness.run();
    harness.get_by_label_contains("from anonymous sources");
    assert!(harness.state().holds(ViewSlot::Quotes));
    assert!(harness.state().holds(ViewSlot::QuoteIndex));

    harness.get_by_label("Timeline").click();
    harness.run();
    harness.get_by_label("per outlet");
    assert!(harness.state().holds(ViewSlot::Timeline));
    for dropped in [ViewSlot::Quotes, ViewSlot::QuoteIndex] {
        assert!(!harness.state().holds(dropped), "{dropped:?}");
    }
    // The Actors table, on screen most of the time, keeps its data.
    assert!(harness.state().holds(ViewSlot::Actors));

    harness.get_by_label("Quotes").click();
    harness.run();
    assert_eq!(harness.state().builds_of(ViewSlot::Quotes), 2);
    harness.get_by_label_contains("from anonymous sources");
    assert!(!harness.state().holds(ViewSlot::Timeline));
}

/// Issue 15: the window draws at once while the project opens on a thread, shows the project
/// when it is read, and asks for no frames once settled.
#[test]
fn the_first_frame_comes_before_the_project_is_open_and_an_idle_window_repaints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    // Whether each frame ended with the project still opening or a view still building.
    let mut harness = builder()
        .with_size(eframe::egui::Vec2::new(1400.0, 1000.0))
        .build_ui_state(
            |ui, (app, building): &mut (App, Vec<bool>)| {
                app.ui_root(ui);
                building.push(app.is_building());
            },
            (
                App::new(StartWith::Project(path), Recent::in_memory()),
                Vec::new(),
            ),
        );
    for _ in 0..3000 {
        if !harness.state().0.is_building() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    // The frame that asked for the project was drawn before the project was open.
    assert_eq!(harness.state().1.first(), Some(&true));
    assert!(!harness.state().0.is_building(), "the views were not built");
    harness.run();
    harness.get_by_label(SEED_TITLE);
    harness.get_by_label_contains("sample.dossier · 17 articles");
    // Settled: a frame asks for no other.
    harness.step();
    assert!(harness.try_run().is_ok_and(|steps| steps <= 2));
}

/// Issue 14 item 15: a title the Library cuts shows its full text when hovered.
#[test]
fn a_truncated_library_title_shows_its_full_text_on_hover() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sample_project(dir.path());
    let mut harness = builder()
        .with_size(eframe::egui::Vec2::new(1024.0, 700.0))
        .build_ui_state(
            |ui, app: &mut App| app.ui_root(ui),
            app(StartWith::Project(path)),
        );
    harness.run();
    assert_eq!(harness.get_all_by_label(SEED_TITLE).count(), 1);
    harness.get_by_label(SEED_TITLE).hover();
    harness.run();
    // The tooltip repeats the whole headline beside the cut row.
    assert_eq!(harness.get_all_by_label(SEED_TITLE).count(), 2);
}

/// Issue 15: articles imported from the window are analysed in the same job: their actors are
/// in the registry when the job ends, without a separate Analysis ▸ Analyze.
#[test]
fn articles_imported_from_the_window_are_analysed_by_themselves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("story.dossier");
    drop(Project::create_or_open(&project).expect("create"));
    let article = dir.path().join("accra.txt");
    std::fs::write(
        &article,
        "Ministers meet in Accra\n\nForeign ministers of Ghana and Nigeria met in Accra on \
         Tuesday, said Kwame Mensah, a spokesman for the Ghanaian government.\n",
    )
    .expect("write");
    let mut harness = harness(StartWith::Project(project.clone()));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import files…").click();
    harness.run();
    let field = harness.get_by_label("Files to import (separate several with ;)");
    field.focus();
    field.type_text(&article.display().to_string());
    harness.run();
    harness.get_by_label("OK").click();
    harness.step();
    wait_for_job(&mut harness);
    harness.get_by_label_contains("Imported 1 articles;");
    drop(harness);
    let project = Project::open(&project).expect("reopen");
    let actors = project.actors().expect("registry");
    assert!(
        actors.actors.iter().any(|a| a.name == "Kwame Mensah"),
        "{:?}",
        actors.actors.iter().map(|a| &a.name).collect::<Vec<_>>()
    );
}

/// Issue 15: a view rebuilt off the UI thread says so at once: the frame that shows the
/// Network tab (or opens another article) carries a progress line in the status bar until the
/// view is built, while the panel keeps what it showed.
#[test]
fn a_view_building_off_the_ui_thread_shows_a_progress_line_in_its_first_frame() {
    use dossier::app::{Command, RightTab};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = analysed_sample(dir.path());
    let mut harness = builder()
        .with_size(eframe::egui::Vec2::new(1400.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut App| app.ui_root(ui),
            App::new(StartWith::Project(path), Recent::in_memory()),
        );
    let settle = |harness: &mut Harness<'static, App>| {
        for _ in 0..3000 {
            let _ = harness.try_run();
            if !harness.state().is_building() && harness.state().progress().is_none() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the views did not settle");
    };
    settle(&mut harness);
    assert_eq!(harness.state().progress(), None);

    // What the frame drew: the build may end before the frame does.
    harness
        .state_mut()
        .push(Command::ShowTab(RightTab::Network));
    harness.step();
    // In the status bar and, built for the first time, in the panel.
    assert_eq!(
        harness.query_all_by_label("Building the network …").count(),
        2
    );
    settle(&mut harness);
    assert_eq!(
        harness.query_all_by_label("Building the network …").count(),
        0
    );

    // A rebuild (another article) shows its line too, over the article still shown.
    harness.state_mut().push(Command::Select(Some(Item::Article(
        dossier::model::ArticleId(2),
    ))));
    harness.step();
    harness.get_by_label("Opening the article …");
    settle(&mut harness);
    assert!(harness.query_by_label("Opening the article …").is_none());
}
