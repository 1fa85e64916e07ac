//! Coverage comparison on the sample collection: two reports of the rescheduled Accra meeting
//! that disagree on its date, two that disagree on whether it was postponed or held, a
//! syndicated copy linked to its original, a story's articles picked one per outlet, and the
//! outlets × stories matrix.

use crate::fixtures::{analysed_sample, article};
use dossier::analysis::compare::{ConflictKind, RowStatus};
use dossier::coverage::{self, Comparison};
use dossier::model::{ArticleId, DuplicateKind};
use std::fmt::Write;

/// The comparison as text: a line per row, then who each outlet names, leaves out and quotes.
fn outline(c: &Comparison) -> String {
    let mut out = String::new();
    for col in &c.columns {
        let date = col.date.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(out, "column: {} {date} {}", col.outlet, col.title);
    }
    for row in &c.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| match cell {
                Some(cell) => cell.text.chars().take(60).collect(),
                None => "—".to_string(),
            })
            .collect();
        let _ = writeln!(out, "{:?}: {}", row.status, cells.join(" | "));
        for conflict in &row.conflicts {
            let _ = writeln!(out, "    {:?}: {}", conflict.kind, conflict.note);
        }
    }
    let _ = writeln!(out, "shared actors: {}", c.actors.shared.join(", "));
    for (col, (actors, voice)) in c.columns.iter().zip(c.actors.columns.iter().zip(&c.voice)) {
        let _ = writeln!(
            out,
            "{} leaves out: {}",
            col.outlet,
            actors.left_out.join(", ")
        );
        let speakers: Vec<String> = voice
            .speakers
            .iter()
            .map(|v| format!("{} ({} quotes, {} words)", v.speaker, v.quotes, v.words))
            .collect();
        let _ = writeln!(
            out,
            "{} quotes: {}; anonymous: {} quotes, {} words",
            col.outlet,
            speakers.join(", "),
            voice.anonymous.0,
            voice.anonymous.1
        );
    }
    let _ = writeln!(out, "first published: {:?}", c.first_published);
    out
}

#[test]
fn accra_reports_share_claims_and_disagree_on_the_meeting_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir.path().join("c.dossier"));
    // The Accra Morning Post has the meeting on August 17 to 18 and the force at about 1,000
    // troops; the Continental Broadcasting Service has it on August 18 with 850 to 1,100.
    let post = article(&project, "010_accra-morning-post-chiefs-rescheduled.txt");
    let cbs = article(&project, "broadcaster-story.html");
    let c = coverage::compare(&project, &[post, cbs]).expect("compare");
    assert_eq!(c.columns.len(), 2);
    assert!(
        c.rows.iter().any(|r| r.status == RowStatus::Shared),
        "{}",
        outline(&c)
    );
    let date = c
        .rows
        .iter()
        .find(|r| {
            r.status == RowStatus::Conflict
                && r.conflicts
                    .iter()
                    .any(|k| matches!(k.kind, ConflictKind::Date | ConflictKind::Number))
        })
        .unwrap_or_else(|| panic!("no date or number conflict:\n{}", outline(&c)));
    let texts: Vec<&str> = date
        .cells
        .iter()
        .map(|cell| cell.as_ref().map_or("", |c| c.text.as_str()))
        .collect();
    assert!(texts[0].contains("August 17 to 18"), "{texts:?}");
    assert!(texts[1].contains("on August 18"), "{texts:?}");
    assert_eq!(date.conflicts[0].kind, ConflictKind::Date);
    // Cells point at their sentences in the articles' texts.
    let text = project.article(post).expect("read").expect("article").text;
    let cell = date.cells[0].as_ref().expect("cell");
    assert_eq!(&text[cell.range.clone()], cell.text);
    // The Post published first (16 August, as did CBS: both count).
    assert!(c.first_published.contains(&0), "{:?}", c.first_published);
    assert!(c.syndicated.is_empty());
    insta::assert_snapshot!("accra_pair", outline(&c));
}

#[test]
fn two_reports_disagree_on_the_meeting_date_and_the_force_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir.path().join("c.dossier"));
    // Written to disagree: the Accra Morning Post has the meeting on August 17 to 18 and the
    // force at about 1,000 troops; the Northern Courier has it opening on August 19 with 2,500.
    let post = article(&project, "010_accra-morning-post-chiefs-rescheduled.txt");
    let courier = article(&project, "014_northern-courier-accra-talks.txt");
    let c = coverage::compare(&project, &[post, courier]).expect("compare");
    let conflict_of = |kind: ConflictKind| {
        c.rows
            .iter()
            .find(|r| r.conflicts.iter().any(|k| k.kind == kind))
            .unwrap_or_else(|| panic!("no {kind:?} conflict:\n{}", outline(&c)))
    };
    let texts = |row: &coverage::ComparedRow| -> Vec<String> {
        row.cells
            .iter()
            .map(|cell| cell.as_ref().map_or(String::new(), |c| c.text.clone()))
            .collect()
    };
    let date = conflict_of(ConflictKind::Date);
    assert_eq!(date.status, RowStatus::Conflict);
    let t = texts(date);
    assert!(t[0].contains("August 17 to 18"), "{t:?}");
    assert!(t[1].contains("August 19"), "{t:?}");
    let number = conflict_of(ConflictKind::Number);
    assert_eq!(number.status, RowStatus::Conflict);
    let t = texts(number);
    assert!(t[0].contains("about 1,000 troops"), "{t:?}");
    assert!(t[1].contains("2,500 troops"), "{t:?}");
    let note = &number
        .conflicts
        .iter()
        .find(|k| k.kind == ConflictKind::Number)
        .expect("number conflict")
        .note;
    assert_eq!(
        note,
        "numbers of troop differ: Accra Morning Post 1,000 troops; Northern Courier 2,500 troops"
    );
    // The claims both make are shared: the first date and why it was dropped, the host, the
    // chairman's "last resort", the neighbours' warning.
    let shared: Vec<String> = c
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Shared)
        .map(|r| texts(r)[1].clone())
        .collect();
    for claim in [
        "originally fixed for Saturday, August 12",
        "Vice Admiral Seth Amoama",
        "last resort",
        "declaration of war",
    ] {
        assert!(
            shared.iter().any(|t| t.contains(claim)),
            "{claim:?} not shared:\n{}",
            outline(&c)
        );
    }
    // Claims only one outlet carries stay on their own rows.
    assert!(
        c.rows
            .iter()
            .any(|r| r.status == RowStatus::Unique && texts(r)[1].contains("Nigerian Senate"))
    );
}

#[test]
fn a_syndicated_copy_is_linked_to_its_original() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir.path().join("c.dossier"));
    let wire = article(&project, "006_sahel-wire-standby-force.txt");
    let copy = article(&project, "007_northern-courier-standby-force.txt");
    let c = coverage::compare(&project, &[wire, copy]).expect("compare");
    assert_eq!(c.syndicated.len(), 1, "{:?}", c.syndicated);
    let link = &c.syndicated[0];
    assert_eq!((link.copy, link.original), (1, 0));
    assert_eq!(link.kind, DuplicateKind::Near);
    assert_eq!(link.via, None);
    assert_eq!(c.first_published, vec![0]);
    // A copy shares nearly every claim.
    let shared = c
        .rows
        .iter()
        .filter(|r| r.status == RowStatus::Shared)
        .count();
    assert!(shared * 2 > c.rows.len(), "{}", outline(&c));
}

#[test]
fn a_story_comparison_takes_one_article_per_outlet_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir.path().join("c.dossier"));
    let post = article(&project, "010_accra-morning-post-chiefs-rescheduled.txt");
    let story = project
        .stories()
        .expect("stories")
        .into_iter()
        .find(|s| s.members.contains(&post.0))
        .expect("story of the Post's report");
    let c = coverage::story_comparison(&project, &story.key)
        .expect("compare")
        .expect("story found");
    let outlets: std::collections::BTreeSet<&str> =
        c.columns.iter().map(|col| col.outlet.as_str()).collect();
    assert!(c.columns.len() >= 2 && c.columns.len() <= coverage::MAX_COLUMNS);
    assert_eq!(outlets.len(), c.columns.len(), "{:?}", c.columns);
    assert!(
        c.columns
            .iter()
            .all(|col| story.members.contains(&col.article.0))
    );
    let dates: Vec<_> = c.columns.iter().map(|col| col.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "columns come earliest first");
    assert_eq!(
        coverage::story_comparison(&project, "no-such-story").expect("compare"),
        None
    );
}

#[test]
fn the_matrix_holds_every_article_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir.path().join("c.dossier"));
    let m = coverage::coverage_matrix(&project).expect("matrix");
    let summaries = project.article_summaries().expect("list");
    let mut placed: Vec<ArticleId> = m.cells.iter().flatten().flatten().copied().collect();
    placed.sort_unstable();
    let all: Vec<ArticleId> = summaries.iter().map(|s| s.id).collect();
    assert_eq!(placed, all);
    assert_eq!(m.stories.len(), project.stories().expect("stories").len());
    assert!(m.outlets.iter().any(|o| o == "Sahel Wire"));
    for (i, outlet) in m.outlets.iter().enumerate() {
        for (j, cell) in m.cells[i].iter().enumerate() {
            for id in cell {
                let s = summaries.iter().find(|s| s.id == *id).expect("article");
                assert_eq!(
                    s.outlet.as_deref(),
                    Some(outlet.as_str()),
                    "{:?}",
                    m.stories[j]
                );
            }
        }
    }
}

#[test]
fn outlets_giving_a_decision_different_statuses_conflict() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = analysed_sample(&dir.path().join("c.dossier"));
    // The Sahel Wire of August 15 has the defence chiefs' meeting postponed; the Accra Morning
    // Post of August 16 has it held in Accra on August 17 to 18.
    let wire = article(&project, "009_sahel-wire-putin-goita-call.txt");
    let post = article(&project, "010_accra-morning-post-chiefs-rescheduled.txt");
    let c = coverage::compare(&project, &[wire, post]).expect("compare");
    let (row, conflict) = c
        .rows
        .iter()
        .flat_map(|r| r.conflicts.iter().map(move |k| (r, k)))
        .find(|(_, k)| k.kind == ConflictKind::Status)
        .unwrap_or_else(|| panic!("no status conflict:\n{}", outline(&c)));
    assert_eq!(row.status, RowStatus::Conflict);
    assert_eq!(
        conflict.values,
        vec![Some("postponed".to_string()), Some("held".to_string())]
    );
    // The note names the decision as a reader would, not by its key.
    assert!(
        conflict
            .note
            .starts_with("status of Economic Community of West African States meeting"),
        "{}",
        conflict.note
    );
    assert!(
        conflict
            .note
            .contains("Sahel Wire postponed; Accra Morning Post held")
    );
    let texts: Vec<&str> = row
        .cells
        .iter()
        .map(|cell| cell.as_ref().map_or("", |c| c.text.as_str()))
        .collect();
    assert!(texts[0].contains("postponed"), "{texts:?}");
    assert!(texts[1].contains("will now be held in Accra"), "{texts:?}");
}

#[test]
fn one_quote_given_to_two_speakers_is_a_conflict_in_compare_and_in_the_briefing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    let write = |name: &str, outlet: &str, speaker: &str| {
        std::fs::write(
            corpus.join(format!("{name}.txt")),
            format!(
                "Talks on the border dispute stall\n\nThe talks on the border dispute stalled \
                 on Monday in Geneva.\n\n\"We will not give up a single village of our land,\" \
                 {speaker} told reporters after the session.\n\nMediators said they would try \
                 again next month."
            ),
        )
        .expect("write");
        std::fs::write(
            corpus.join(format!("{name}.meta.json")),
            format!(r#"{{"source": "{outlet}", "published": "2024-03-05"}}"#),
        )
        .expect("meta");
    };
    write("a", "Harbour Times", "President Ilham Aliyev");
    write("b", "Valley Post", "Prime Minister Nikol Pashinyan");
    let path = dir.path().join("p.dossier");
    let mut project = dossier::store::Project::create_or_open(&path).expect("create");
    let never = std::sync::atomic::AtomicBool::new(false);
    dossier::jobs::import(&mut project, &[corpus], &mut |_| {}, &never).expect("import");
    dossier::jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let ids: Vec<ArticleId> = project
        .article_summaries()
        .expect("list")
        .iter()
        .map(|s| s.id)
        .collect();
    let comparison = coverage::compare(&project, &ids).expect("compare");
    let row = comparison
        .rows
        .iter()
        .find(|r| {
            r.cells
                .iter()
                .flatten()
                .any(|c| c.text.contains("single village"))
        })
        .unwrap_or_else(|| panic!("no row for the quote:\n{}", outline(&comparison)));
    assert_eq!(row.status, RowStatus::Conflict, "{}", outline(&comparison));
    assert!(
        row.conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::Speaker)
    );

    let briefing = dossier::export::briefing::build(
        &project,
        &dossier::export::briefing::Scope::Project,
        Default::default(),
        "2024-03-06",
    )
    .expect("briefing");
    let markdown = String::from_utf8(
        dossier::export::briefing::render(&briefing, dossier::export::briefing::Format::Markdown)
            .expect("render"),
    )
    .expect("utf-8");
    // The coverage table's row for the quote (key quotes list it too, once per outlet).
    let line = markdown
        .lines()
        .find(|l| l.starts_with('|') && l.contains("single village"))
        .unwrap_or_else(|| panic!("the quote's row in the coverage table:\n{markdown}"));
    assert!(
        line.contains("conflict") && !line.contains("| shared |"),
        "{line}"
    );
}
