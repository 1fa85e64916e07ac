//! Times the GUI on a large project, driving the real `App` with egui_kittest (no window, no
//! GPU): for each action of issue 15's table, the time from the command to the first frame that
//! answers it and what that frame shows (the result, or a progress line), the time to the
//! settled screen (every view it shows built), the frame time once settled, the process's
//! resident memory once each action settled (a view's data held, or dropped when hidden), and
//! its memory after touching every view.
//!
//! ```sh
//! cargo run --release -- bench --articles 10000 --keep /tmp/bench10k
//! cargo run --release --example gui_timing -- /tmp/bench10k/bench.dossier
//! ```

use dossier::app::recent::Recent;
use dossier::app::{App, CenterView, Command, Item, RightTab, StartWith};
use dossier::model::ArticleId;
use dossier::store::Project;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The allocator the `dossier` command uses (see `src/main.rs`), so that memory is measured
/// as it ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The app, and when its first frame ended and what it showed (the harness draws frames as
/// soon as it is built, as many as the app asks for, so the first frame is timed from inside).
type State = (App, Option<(Instant, &'static str)>);

/// One measured action.
struct Timing {
    action: String,
    first_ms: f64,
    /// What the first frame showed: "result", "progress line" or "nothing".
    answer: &'static str,
    settled_ms: f64,
    idle_frame_ms: f64,
    idle_repaints: bool,
    /// The process's resident memory once the action settled, in MB.
    rss_mb: f64,
}

fn main() -> anyhow::Result<()> {
    let path: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .ok_or_else(|| anyhow::anyhow!("give the project: gui_timing PROJECT.dossier"))?;
    // The most mentioned actor and an article from the middle of the collection, read before
    // the window opens the project (the totals only: no mention is held).
    let (actor, article) = {
        let project = Project::open(&path)?;
        let totals = project.actor_totals()?;
        let top = totals
            .actors
            .iter()
            .max_by_key(|a| a.mentions)
            .map(|a| a.name.clone())
            .ok_or_else(|| anyhow::anyhow!("the project has no actors: analyse it first"))?;
        let last = project
            .last_article_id()?
            .ok_or_else(|| anyhow::anyhow!("the project has no articles"))?;
        (top, ArticleId(last.0 / 2 + 1))
    };
    eprintln!("actor {actor}, article {}", article.0);

    let mut timings = Vec::new();
    let started = Instant::now();
    let mut harness = Harness::builder()
        .with_size(eframe::egui::Vec2::new(1440.0, 900.0))
        .with_max_steps(10_000)
        .build_ui_state(
            |ui, (app, first): &mut State| {
                app.ui_root(ui);
                if first.is_none() {
                    *first = Some((Instant::now(), answer_of(app)));
                }
            },
            (
                App::new(StartWith::Project(path), Recent::in_memory()),
                None,
            ),
        );
    let (first_ms, shown) = harness
        .state()
        .1
        .map_or((f64::NAN, "nothing"), |(at, shown)| {
            ((at - started).as_secs_f64() * 1000.0, shown)
        });
    settle(&mut harness);
    timings.push(Timing {
        action: "open the project".into(),
        first_ms,
        answer: shown,
        settled_ms: ms(started),
        ..idle(&mut harness)
    });

    let mut act = |harness: &mut Harness<'static, State>, action: &str, commands: Vec<Command>| {
        let started = Instant::now();
        for command in commands {
            harness.state_mut().0.push(command);
        }
        harness.step();
        let first_ms = ms(started);
        let shown = answer(harness);
        settle(harness);
        eprintln!(
            "{action}: settled in {:.0} ms, RSS {:.0} MB",
            ms(started),
            memory_mb().0
        );
        timings.push(Timing {
            action: action.into(),
            first_ms,
            answer: shown,
            settled_ms: ms(started),
            ..idle(harness)
        });
    };
    act(
        &mut harness,
        "open an article from the Library",
        vec![Command::Select(Some(Item::Article(article)))],
    );
    act(
        &mut harness,
        "select an actor in the table",
        vec![Command::Select(Some(Item::Actor(actor.clone())))],
    );
    act(
        &mut harness,
        "open another article (actor selected)",
        vec![Command::ShowArticle(ArticleId(article.0 + 1))],
    );
    act(
        &mut harness,
        "Quotes tab, unfiltered",
        vec![Command::Select(None), Command::ShowTab(RightTab::Quotes)],
    );
    act(
        &mut harness,
        "Network tab",
        vec![Command::ShowTab(RightTab::Network)],
    );
    act(
        &mut harness,
        "coverage matrix",
        vec![
            Command::CompareClear,
            Command::ShowCenter(CenterView::Compare),
        ],
    );
    act(
        &mut harness,
        "Briefing of the whole project",
        vec![Command::ShowCenter(CenterView::Briefing)],
    );
    act(
        &mut harness,
        "Timeline tab",
        vec![
            Command::ShowCenter(CenterView::Text),
            Command::ShowTab(RightTab::Timeline),
        ],
    );
    act(
        &mut harness,
        "Decisions tab",
        vec![Command::ShowTab(RightTab::Decisions)],
    );
    act(
        &mut harness,
        "Sanctions tab",
        vec![Command::ShowTab(RightTab::Sanctions)],
    );
    act(
        &mut harness,
        "Actors tab, actor selected",
        vec![
            Command::ShowTab(RightTab::Actors),
            Command::Select(Some(Item::Actor(actor.clone()))),
        ],
    );
    // One wheel notch over the Timeline's chart: egui scrolls smoothly over several frames.
    harness
        .state_mut()
        .0
        .push(Command::ShowTab(RightTab::Timeline));
    settle(&mut harness);
    let chart = harness.get_by_label("per outlet").rect();
    let at = eframe::egui::pos2(chart.center().x, chart.bottom() + 60.0);
    harness.hover_at(at);
    harness.run_ok();
    let started = Instant::now();
    harness.event(eframe::egui::Event::MouseWheel {
        unit: eframe::egui::MouseWheelUnit::Line,
        delta: eframe::egui::vec2(0.0, 1.0),
        phase: eframe::egui::TouchPhase::Move,
        source: eframe::egui::MouseWheelSource::Wheel,
        modifiers: eframe::egui::Modifiers::NONE,
    });
    harness.step();
    let first_ms = ms(started);
    let shown = answer(&harness);
    settle(&mut harness);
    timings.push(Timing {
        action: "one wheel notch on the Timeline".into(),
        first_ms,
        answer: shown,
        settled_ms: ms(started),
        ..idle(&mut harness)
    });

    println!(
        "| action | first frame answering (ms) | it shows | settled (ms) | frame once settled (ms) | repaints when idle | RSS settled (MB) |"
    );
    println!("| --- | ---: | --- | ---: | ---: | --- | ---: |");
    for t in &timings {
        println!(
            "| {} | {:.0} | {} | {:.0} | {:.1} | {} | {:.0} |",
            t.action,
            t.first_ms,
            t.answer,
            t.settled_ms,
            t.idle_frame_ms,
            if t.idle_repaints { "yes" } else { "no" },
            t.rss_mb
        );
    }
    let (rss, peak) = memory_mb();
    println!("RSS after touching every view: {rss:.0} MB (peak {peak:.0} MB)");
    Ok(())
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// What the frame just drawn shows of the action: its result (nothing left to build), or the
/// status bar's progress line.
fn answer(harness: &Harness<'static, State>) -> &'static str {
    answer_of(&harness.state().0)
}

fn answer_of(app: &App) -> &'static str {
    if !app.is_building() && app.progress().is_none() {
        "result"
    } else if app.progress().is_some() {
        "progress line"
    } else {
        "nothing"
    }
}

/// Steps until the app asks for no more frames and builds nothing.
fn settle(harness: &mut Harness<'static, State>) {
    loop {
        let _ = harness.try_run();
        if !harness.state().0.is_building() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The time of one more frame with nothing changing, and whether the app keeps asking for
/// frames while nothing changes (a view burning CPU).
fn idle(harness: &mut Harness<'static, State>) -> Timing {
    let started = Instant::now();
    harness.step();
    let idle_frame_ms = ms(started);
    let idle_repaints = harness.try_run().map_or(true, |steps| steps > 2);
    Timing {
        action: String::new(),
        first_ms: 0.0,
        answer: "",
        settled_ms: 0.0,
        idle_frame_ms,
        idle_repaints,
        rss_mb: memory_mb().0,
    }
}

/// Resident and peak memory of this process, in MB (Linux).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
