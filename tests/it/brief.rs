//! Briefings of the analysed sample project: Markdown and HTML snapshots, every statement
//! citing a source, decisions with their status history (the analyst's status, scopes), a
//! story briefing, no live markup from an article's text, the HTML drawn by headless
//! Chromium, the PDF's text read back by pdftotext, and `dossier brief`.

use crate::fixtures::{analysed_sample, article};
use dossier::export::brief::{Briefing, CoverageStatus, Sections, html, markdown, pdf};
use dossier::export::briefing::{self, BriefingError, Scope};
use dossier::jobs;
use dossier::store::{Project, Verdict};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// The date every test briefing is generated on.
const GENERATED: &str = "2026-01-01";

/// The analysed sample with the sample sanctions list: the hit on Goïta confirmed and the hit
/// on the Wagner group dismissed.
fn sample_project(path: &Path) -> Project {
    let mut project = analysed_sample(path);
    for hit in project.screening_hits().expect("hits") {
        let verdict = if hit.actor.contains("Goita") || hit.actor.contains("Goïta") {
            Verdict::Confirmed
        } else if hit.actor.contains("Wagner") {
            Verdict::Dismissed
        } else {
            continue;
        };
        project
            .set_screening_verdict(&hit.actor, &hit.list_name, &hit.entry_key, Some(verdict))
            .expect("verdict");
    }
    project
}

/// The whole-project briefing of the sample, built once for every test that reads it.
fn sample_briefing() -> &'static Briefing {
    static BRIEFING: OnceLock<Briefing> = OnceLock::new();
    BRIEFING.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = sample_project(&dir.path().join("niger-2023.dossier"));
        briefing::build(&project, &Scope::Project, Sections::ALL, GENERATED).expect("build")
    })
}

#[test]
fn markdown_briefing_of_the_sample() {
    insta::assert_snapshot!("sample_briefing_md", markdown::render(sample_briefing()));
}

#[test]
fn html_briefing_of_the_sample() {
    insta::assert_snapshot!("sample_briefing_html", html::render(sample_briefing()));
}

#[test]
fn every_statement_cites_a_source_once() {
    let b = sample_briefing();
    assert_eq!(b.title, "Briefing: niger-2023");
    assert!(b.unresolved_cites().is_empty());
    assert!(!b.summary.is_empty() && !b.timeline.is_empty() && !b.quotes.is_empty());
    assert!(b.summary.iter().all(|s| !s.cites.is_empty()));
    assert!(b.timeline.iter().all(|r| !r.cites.is_empty()));
    assert!(b.quotes.iter().all(|q| !q.cites.is_empty()));
    assert!(b.coverage.iter().all(|r| !r.cites.is_empty()));
    for status in [CoverageStatus::Shared, CoverageStatus::Unique] {
        assert!(b.coverage.iter().any(|r| r.status == status), "{status:?}");
    }
    // One source per cited span, numbered in order, each span found in its context's place.
    let mut spans: Vec<(&str, &str, &str)> = b
        .sources
        .iter()
        .map(|s| (s.title.as_str(), s.span.as_str(), s.context_before.as_str()))
        .collect();
    let n = spans.len();
    spans.sort_unstable();
    spans.dedup();
    assert_eq!(spans.len(), n, "a span cited twice became two sources");
    for (i, s) in b.sources.iter().enumerate() {
        assert_eq!(s.id.0 as usize, i + 1);
        assert!(!s.outlet.is_empty() && !s.span.is_empty());
        assert!(s.context_before.chars().count() <= 150 && s.context_after.chars().count() <= 150);
    }
    // The sanctions column: the confirmed hit shown, the dismissed one left out.
    let goita = b
        .actors
        .iter()
        .find(|a| a.name.contains("Goita") || a.name.contains("Goïta"))
        .expect("Goïta in the actors table");
    assert!(
        goita.sanctions.iter().any(|s| s.contains("confirmed")),
        "{goita:?}"
    );
    assert!(
        b.actors
            .iter()
            .filter(|a| a.name.contains("Wagner"))
            .all(|a| a.sanctions.is_empty())
    );
    // Every decision's history cites its reports.
    assert!(!b.decisions.is_empty());
    assert!(b.decisions.iter().all(|d| !d.history.is_empty()));
}

#[test]
fn a_story_briefing_compares_its_outlets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = sample_project(&dir.path().join("s.dossier"));
    let post = article(&project, "010_accra-morning-post-chiefs-rescheduled.txt");
    let story = project
        .stories()
        .expect("stories")
        .into_iter()
        .find(|s| s.members.contains(&post.0))
        .expect("story");
    // By name, in another case, as an analyst would type it.
    let scope = Scope::Story(story.name.to_uppercase());
    let b = briefing::build(&project, &scope, Sections::ALL, GENERATED).expect("build");
    assert_eq!(b.title, format!("Briefing: {}", story.name));
    assert!(b.scope.contains(&story.key), "{}", b.scope);
    assert!(
        b.coverage
            .iter()
            .any(|r| r.status == CoverageStatus::Conflict && r.note.contains("dates differ")),
        "{:#?}",
        b.coverage
    );
    // Only the story's articles are cited.
    let titles: Vec<String> = project
        .article_summaries()
        .expect("list")
        .into_iter()
        .filter(|s| story.members.contains(&s.id.0))
        .map(|s| s.title)
        .collect();
    assert!(b.sources.iter().all(|s| titles.contains(&s.title)));

    match briefing::build(
        &project,
        &Scope::Story("no such story".into()),
        Sections::ALL,
        GENERATED,
    ) {
        Err(BriefingError::UnknownStory { available, .. }) => {
            assert!(
                available.iter().any(|a| a.contains(&story.key)),
                "{available:?}"
            );
        }
        other => panic!("expected an unknown story: {other:?}"),
    }
}

/// A project with one article whose text, outlet and URL carry markup and a script.
fn hostile_project(dir: &Path) -> Project {
    let files = dir.join("in");
    std::fs::create_dir_all(&files).expect("folder");
    std::fs::write(
        files.join("evil.txt"),
        "Tinubu warns junta <script>alert(1)</script>\n\n\
         ABUJA, Aug 10 (Sahel Wire) - \"We will act <img src=x onerror=alert(1)> without delay,\" \
         Nigerian President Bola Tinubu said on Thursday, August 10, 2023, at the ECOWAS summit \
         in Abuja.\n\n\
         The ECOWAS summit in Abuja on August 10 ordered a standby force \
         <script>alert(2)</script> for Niger, Omar Alieu Touray said.\n",
    )
    .expect("write article");
    std::fs::write(
        files.join("evil.meta.json"),
        r#"{"title": "Tinubu warns junta <script>alert(1)</script>",
            "source": "<b onmouseover=alert(3)>Evil Wire</b>",
            "url": "javascript:alert(4)", "published": "2023-08-10"}"#,
    )
    .expect("write meta");
    std::fs::write(
        files.join("other.txt"),
        "ECOWAS orders standby force <img src=x onerror=alert(5)>\n\n\
         The ECOWAS summit in Abuja on August 10 ordered a standby force for Niger, \
         Omar Alieu Touray said on Thursday.\n",
    )
    .expect("write article");
    let mut project = Project::create_or_open(&dir.join("h.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[files], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    project
}

#[test]
fn html_of_hostile_articles_has_no_live_markup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let project = hostile_project(dir.path());
    let b = briefing::build(&project, &Scope::Project, Sections::ALL, GENERATED).expect("build");
    assert!(
        b.sources
            .iter()
            .any(|s| s.span.contains("<img src=x onerror")),
        "the hostile text is cited: {:#?}",
        b.sources
    );
    let page = html::render(&b);
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "{page}");
    assert!(!lower.contains("<img"), "{page}");
    // The `javascript:` URL is shown as text, never linked.
    assert!(!lower.contains("href=\"javascript:"), "{page}");
    // Every `onerror=` is inside escaped text.
    for (at, _) in lower.match_indices("onerror=") {
        assert!(
            lower[..at].ends_with("&lt;img src=x "),
            "{}",
            &page[at.saturating_sub(40)..]
        );
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // And as a browser parses it: no script, image or frame, no event handler attribute.
    let doc = scraper::Html::parse_document(&page);
    let live =
        scraper::Selector::parse("script, img, iframe, object, embed, svg").expect("selector");
    assert_eq!(doc.select(&live).count(), 0);
    let all = scraper::Selector::parse("*").expect("selector");
    for element in doc.select(&all) {
        for (name, value) in element.value().attrs() {
            assert!(!name.to_lowercase().starts_with("on"), "{name}={value}");
            assert!(
                !value.trim().to_lowercase().starts_with("javascript:"),
                "{name}={value}"
            );
        }
    }
}

/// Runs `command`, killing it after `limit`; `None` when the program is not installed.
fn run_with_limit(command: &mut Command, limit: Duration) -> Option<std::process::ExitStatus> {
    let mut child = match command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot run {command:?}: {e}"),
    };
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{command:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Draws an HTML file with headless Chromium into a 1200×1600 PNG; false when Chromium is
/// not installed.
pub(crate) fn screenshot(html_file: &Path, png: &Path, profile: &Path) -> bool {
    let url = format!("file://{}", html_file.display());
    let mut command = Command::new("chromium");
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        &format!("--user-data-dir={}", profile.display()),
        &format!("--screenshot={}", png.display()),
        "--window-size=1200,1600",
        &url,
    ]);
    match run_with_limit(&mut command, Duration::from_secs(120)) {
        None => false,
        Some(status) => {
            assert!(status.success(), "chromium failed: {status}");
            true
        }
    }
}

#[test]
fn html_briefing_renders_in_headless_chromium() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("briefing.html");
    dossier::export::write_atomic(&page, html::render(sample_briefing()).as_bytes())
        .expect("write html");
    let png = dir.path().join("briefing.png");
    if !screenshot(&page, &png, &dir.path().join("profile")) {
        println!("skipped: chromium is not installed");
        return;
    }
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(bytes.len() > 10_000, "{} bytes", bytes.len());
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    // The PNG header holds the window size.
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    assert_eq!((width, height), (1200, 1600));
}

#[test]
fn pdf_briefing_text_holds_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("briefing.pdf");
    let b = sample_briefing();
    let bytes = pdf::render(b).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    dossier::export::write_atomic(&file, &bytes).expect("write pdf");
    let out = match Command::new("pdftotext").arg(&file).arg("-").output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("skipped: pdftotext (poppler-utils) is not installed");
            return;
        }
        Err(e) => panic!("pdftotext: {e}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&b.title), "{text}");
    assert!(text.contains("Annex: sources"));
}

#[test]
fn the_brief_command_writes_each_format_and_names_the_stories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("cli.dossier");
    let story = {
        let project = sample_project(&path);
        let post = article(&project, "010_accra-morning-post-chiefs-rescheduled.txt");
        project
            .stories()
            .expect("stories")
            .into_iter()
            .find(|s| s.members.contains(&post.0))
            .expect("story")
    };
    let dossier = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("brief")
            .arg(&path)
            .args(args)
            .env("XDG_CACHE_HOME", crate::fixtures::cli_cache_home())
            .output()
            .expect("run dossier")
    };
    for (format, magic) in [
        ("md", "# Briefing"),
        ("html", "<!DOCTYPE html>"),
        ("pdf", "%PDF-"),
    ] {
        let out = dir.path().join(format!("b.{format}"));
        let run = dossier(&["--format", format, "--out", out.to_str().expect("utf-8")]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.starts_with(magic.as_bytes()), "{format}");
    }
    let out = dir.path().join("story.md");
    let run = dossier(&[
        "--format",
        "md",
        "--out",
        out.to_str().expect("utf-8"),
        "--story",
        &story.key,
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(
        text.starts_with(&format!("# Briefing: {}", story.name)),
        "{text}"
    );

    let missing = dir.path().join("missing.md");
    let run = dossier(&[
        "--format",
        "md",
        "--out",
        missing.to_str().expect("utf-8"),
        "--story",
        "nonesuch",
    ]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("no story \"nonesuch\""), "{err}");
    assert!(err.contains(&story.key), "{err}");
    assert!(!missing.exists());
    let run = dossier(&["--format", "docx", "--out", "x.docx"]);
    assert!(!run.status.success());
}

#[test]
fn the_markdown_decisions_section_cites_each_status() {
    let b = sample_briefing();
    let md = markdown::render(b);
    let section = md
        .split("\n## ")
        .find(|s| s.starts_with("Decisions\n"))
        .expect("a Decisions section");
    let rows: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Actor") && !l.starts_with("| ---"))
        .collect();
    assert_eq!(rows.len(), b.decisions.len(), "{section}");
    assert!(!rows.is_empty() && rows.len() <= 12, "{section}");
    // The history column of a row: dated statuses, each with an annex number.
    let history = rows[0]
        .trim_end_matches(" |")
        .rsplit(" | ")
        .next()
        .unwrap_or_default();
    let first = history.split("; ").next().unwrap_or_default();
    let (date, rest) = first.split_once(' ').expect("a dated step");
    assert!(date.parse::<jiff::civil::Date>().is_ok(), "{first}");
    let number: usize = rest
        .split_once(" [")
        .and_then(|(_, n)| n.strip_suffix(']'))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no citation in {first:?}"));
    // The number leads to the cited sentence in the annex, with its outlet and date.
    let source = &b.sources[number - 1];
    assert!(md.contains(&format!("- [{number}] {}, {}", source.outlet, source.date)));
    assert_eq!(
        b.decisions[0].history[0].cite, source.id,
        "the first history step cites source {number}"
    );
    assert!(!source.span.is_empty());
}

/// The tracked decision of the ECOWAS standby force in the sample.
fn standby_force(project: &Project) -> dossier::model::TrackedDecisionRow {
    project
        .tracked_decisions()
        .expect("tracked decisions")
        .into_iter()
        .find(|t| t.head == "standby force" && t.actor.contains("West African States"))
        .expect("the standby force decision")
}

/// The briefing row of the standby force decision.
fn standby_row(b: &Briefing) -> Option<&dossier::export::brief::DecisionRow> {
    b.decisions.iter().find(|d| {
        d.kind == "military"
            && d.actor.contains("West African States")
            && d.action.contains("standby force")
            && d.target.is_empty()
    })
}

#[test]
fn the_standby_force_decision_is_briefed_with_its_status_and_history() {
    let b = sample_briefing();
    let row = standby_row(b).unwrap_or_else(|| panic!("{:#?}", b.decisions));
    assert_eq!(row.status, "ordered");
    assert!(!row.last_change.is_empty());
    // Every step cites one of its reports; the earliest is the Sahel Wire's of August 10.
    assert!(row.history.len() >= 3, "{row:#?}");
    assert_eq!(row.history[0].date, "2023-08-10");
    assert_eq!(row.history[0].status, "ordered");
    let first = b
        .sources
        .iter()
        .find(|s| s.id == row.history[0].cite)
        .expect("cited source");
    assert_eq!(first.outlet, "Sahel Wire");
    assert!(first.span.contains("standby force"), "{first:?}");
    let dates: Vec<&str> = row.history.iter().map(|h| h.date.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted, "the history is in date order");
    assert!(row.history.iter().any(|h| h.date == row.last_change));
    // Most reported first.
    let position = b.decisions.iter().position(|d| std::ptr::eq(d, row));
    assert!(position.is_some_and(|p| p < 3), "{:#?}", b.decisions);
}

#[test]
fn the_analysts_status_and_the_scope_shape_the_decisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = sample_project(&dir.path().join("d.dossier"));
    let tracked = standby_force(&project);
    let edit = dossier::model::DecisionEdit {
        status: Some(dossier::analysis::decisions::DecisionStatus::InForce),
        ..Default::default()
    };
    project
        .set_decision_edit(&tracked.key, &edit)
        .expect("set the analyst's status");
    let b = briefing::build(&project, &Scope::Project, Sections::ALL, GENERATED).expect("build");
    let row = standby_row(&b).unwrap_or_else(|| panic!("{:#?}", b.decisions));
    assert_eq!(row.status, "in force (set by analyst)");
    // The analyst's change is the latest one, dated the day it was made.
    assert!(
        row.last_change.parse::<jiff::civil::Date>().is_ok(),
        "{row:?}"
    );
    assert!(row.last_change.as_str() > "2023-08-21", "{row:?}");
    // The machine's history is kept.
    assert_eq!(row.history[0].status, "ordered");

    // Before the summit of August 10 there is no standby force to brief.
    let before = Scope::Dates {
        from: None,
        to: Some(jiff::civil::date(2023, 8, 8)),
    };
    let b = briefing::build(&project, &before, Sections::ALL, GENERATED).expect("build");
    assert!(standby_row(&b).is_none(), "{:#?}", b.decisions);
    assert!(
        b.decisions
            .iter()
            .all(|d| d.history.iter().all(|h| h.date.as_str() <= "2023-08-08"))
    );
    // An actors scope keeps the decisions its actors take.
    let scope = Scope::Actors(vec!["Mali".into()]);
    let b = briefing::build(&project, &scope, Sections::ALL, GENERATED).expect("build");
    assert!(!b.decisions.is_empty());
    assert!(
        b.decisions
            .iter()
            .all(|d| d.actor == "Mali" || d.target == "Mali"),
        "{:#?}",
        b.decisions
    );
}

/// Issue 15: an event reported by more outlets than [`briefing::MAX_CITES`] cites only that
/// many of them, in the summary and the timeline alike (it cited all eight before).
#[test]
fn a_statement_cites_a_bounded_number_of_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = dir.path().join("in");
    std::fs::create_dir_all(&files).expect("folder");
    let details = [
        "Delegates arrived from Dakar the evening before.",
        "Security was tight around the conference centre.",
        "Observers expected a long closing session.",
        "The chairman opened with a minute of silence.",
        "Several ministers travelled overland from Lagos.",
        "Protesters gathered outside the venue at noon.",
        "The agenda was published only that morning.",
        "Interpreters worked in three languages throughout.",
    ];
    for (i, detail) in details.iter().enumerate() {
        std::fs::write(
            files.join(format!("a{i}.txt")),
            format!(
                "Summit report {i}\n\nABUJA - The ECOWAS summit in Abuja on August 10, 2023 \
                 ordered a standby force for Niger, Omar Alieu Touray said. {detail}\n"
            ),
        )
        .expect("write article");
        std::fs::write(
            files.join(format!("a{i}.meta.json")),
            format!(r#"{{"source": "Outlet {i}", "published": "2023-08-11"}}"#),
        )
        .expect("write meta");
    }
    let mut project = Project::create_or_open(&dir.path().join("p.dossier")).expect("create");
    let never = AtomicBool::new(false);
    jobs::import(&mut project, &[files], &mut |_| {}, &never).expect("import");
    jobs::analyze(&mut project, &mut |_| {}, &never).expect("analyze");
    let events = project.events().expect("events");
    let outlets = |e: &dossier::model::TimelineEvent| {
        let mut ids: Vec<_> = e.reports.iter().map(|r| r.article).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    assert!(
        events.iter().any(|e| outlets(e) > briefing::MAX_CITES),
        "an event reported by more outlets than the cap: {events:?}"
    );
    let b = briefing::build(&project, &Scope::Project, Sections::ALL, GENERATED).expect("build");
    let cites: Vec<usize> = b
        .summary
        .iter()
        .map(|s| s.cites.len())
        .chain(b.timeline.iter().map(|r| r.cites.len()))
        .collect();
    assert!(cites.iter().all(|&n| n <= briefing::MAX_CITES), "{cites:?}");
    assert!(cites.contains(&briefing::MAX_CITES), "{cites:?}");
}
