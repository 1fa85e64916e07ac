//! Integration tests: ingest. Files are written to a temporary folder and read back through the
//! public API (`collect_files`, `read_file`, `read_bytes`, `dedup`).

use dossier::ingest::dedup::{Deduper, NEAR_THRESHOLD, Signature};
use dossier::ingest::{FileOutcome, SUPPORTED_EXTENSIONS, collect_files, read_bytes, read_file};
use dossier::model::{ArticleDraft, ArticleId, Date, DuplicateKind};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A Naija News style report: headline, the headline repeated, body, WordPress furniture.
const NAIJA: &str = "Russia\u{2019}s President Putin Calls Mali Military Leader Over Niger Coup

Russia's President Putin Calls Mali Military Leader Over Niger Coup

Russia\u{2019}s President Vladimir Putin reportedly spoke on the phone on Tuesday with Mali\u{2019}s military leader, Assimi Goita, to discuss the crisis in the Republic of Niger.

Goita confirmed his conversation with Putin in a post on his official Twitter page, Naija News reports.

According to him, the Russian President, during their phone conversation, stressed the importance of a peaceful resolution over the Niger Republic coup, where the military ousted the democratically elected President Mohamed Bazoum in a coup last month.

Goita said he spoke to Putin to update him about the situation in Niger. He stressed that the Russian leader is interested in a peaceful resolution of the situation for a more stable Sahel.

It was feared the military might seek to switch allegiance to Russia and close French and US bases there.

Putin has called for a return to constitutional order in Niger, while Wagner chief Yevgeny Prigozhin welcomed the coup.

Meanwhile, military chiefs from the Economic Community of West African States (ECOWAS) region have been summoned for a meeting in Ghana over the brewing crisis in the Republic of Niger.

Naija News understands that the meeting was initially scheduled to be held in Accra, Ghana, last Saturday but was later postponed.

The military chiefs are expected to deliberate on possible military intervention in Niger. The said meeting is coming not long after a summit held in Abuja last Thursday by leaders of the West African bloc, which ordered the deployment of a standby force.

ECOWAS had also directed the immediate enforcement and monitoring of sanctions on the Republic of Niger military junta.

It, however, declared its willingness to embrace diplomacy in resolving the political crisis in the country.

The post Russia\u{2019}s President Putin Calls Mali Military Leader Over Niger Coup appeared first on Naija News.

Spread the love";

/// An unrelated story of similar length.
const OTHER: &str = "West African Military Chiefs To Meet In Ghana

Military chiefs from the Economic Community of West African States have been summoned for a meeting in Ghana over the brewing crisis in the Republic of Niger.

The meeting was initially scheduled to be held in Accra, Ghana, last Saturday but was later postponed, according to officials familiar with the plans.

AFP said regional military and political sources revealed on Tuesday that the meeting would now be held on Thursday and Friday, August 17 to 18.

The chiefs are expected to deliberate on possible military intervention, after a summit in Abuja ordered the deployment of a standby force.";

/// A calendar date.
fn date(year: i16, month: i8, day: i8) -> Date {
    Date::new(year, month, day).expect("valid date")
}

/// Writes `bytes` to `dir/name` (creating folders) and returns the path.
fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// The single article of an outcome, failing with the warnings otherwise.
fn single(outcome: &FileOutcome) -> &ArticleDraft {
    assert_eq!(
        outcome.articles.len(),
        1,
        "expected one article; warnings: {:?}",
        outcome.warnings
    );
    &outcome.articles[0]
}

/// The reasons of an outcome's warnings.
fn reasons(outcome: &FileOutcome) -> Vec<&str> {
    outcome.warnings.iter().map(|w| w.reason.as_str()).collect()
}

#[test]
fn txt_headline_body_and_boilerplate() {
    let dir = TempDir::new().expect("tempdir");
    let path = write(dir.path(), "naija.txt", NAIJA.replace('\n', "\r\n"));
    let outcome = read_file(&path);
    let a = single(&outcome);
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    assert_eq!(
        a.title,
        "Russia\u{2019}s President Putin Calls Mali Military Leader Over Niger Coup"
    );
    assert!(!a.title_derived);
    assert_eq!(a.source_name, "naija.txt");
    assert_eq!(a.source_path, path.display().to_string());
    // Headline line, blank line, body; the repeated headline is gone.
    let body = a
        .text
        .strip_prefix(&format!("{}\n\n", a.title))
        .expect("text starts with the headline line");
    assert!(body.starts_with("Russia\u{2019}s President Vladimir Putin reportedly spoke"));
    assert!(
        a.text
            .ends_with("resolving the political crisis in the country.")
    );
    assert!(!a.text.contains("appeared first on"));
    assert!(!a.text.contains("Spread the love"));
    assert!(!a.text.contains("\n\n\n"));
    // The original keeps everything, with line ends normalised.
    assert_eq!(a.original, NAIJA);
    assert_eq!(a.content_hash.len(), 64);
}

#[test]
fn txt_without_headline_derives_a_title() {
    let text = "The regional bloc said on Thursday that its military chiefs would meet in Accra to discuss a possible intervention in Niger. Officials declined to give details.";
    let outcome = read_bytes(Path::new("lede.txt"), text.as_bytes());
    let a = single(&outcome);
    assert!(a.title_derived);
    assert!(a.title.ends_with('\u{2026}'), "{}", a.title);
    assert!(a.title.chars().count() <= 81);
    assert!(text.starts_with(a.title.trim_end_matches('\u{2026}')));
    // No headline line: the text is the body alone.
    assert_eq!(a.text, text);
}

#[test]
fn markdown_is_read_as_prose() {
    let md = "# Putin calls *Goita*\n\nRussia's **President** [Vladimir Putin](https://kremlin.ru) spoke to _Assimi Goita_.\n\n## Reaction\n\n- ECOWAS met\n* Sanctions followed\n";
    let outcome = read_bytes(Path::new("note.md"), md.as_bytes());
    let a = single(&outcome);
    assert_eq!(a.title, "Putin calls Goita");
    assert_eq!(
        a.text,
        "Putin calls Goita\n\nRussia's President Vladimir Putin spoke to Assimi Goita.\n\nReaction\n\n- ECOWAS met\n- Sanctions followed"
    );
    assert_eq!(a.original, md);
}

#[test]
fn html_main_text_and_metadata() {
    let html = r#"<!DOCTYPE html><html><head>
<title>Putin Calls Mali Leader | Naija News</title>
<meta property="og:title" content="Putin Calls Mali Leader Over Niger Coup">
<meta property="og:site_name" content="Naija News">
<meta property="og:url" content="https://naijanews.example/og">
<link rel="canonical" href="https://naijanews.example/putin-mali">
<meta name="author" content="Ade Bello">
<script>document.write("<p>script text</p>")</script>
<style>.x { color: red }</style>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav></header>
<div class="adsbygoogle">Advertisement</div>
<main><article>
<h1>Putin Calls Mali Leader Over Niger Coup</h1>
<time datetime="2023-08-15T21:30:00-04:00">Tuesday</time>
<p>Russia&rsquo;s President Vladimir Putin reportedly spoke on the phone on Tuesday with Mali&rsquo;s military leader, Assimi Goita.</p>
<div class="social-share"><a>Share on Facebook</a><a>Tweet</a></div>
<p>Goita confirmed his   conversation with Putin
in a post on his official Twitter page.</p>
<div class="related-posts"><h3>Related</h3><ul><li>ECOWAS meets in Accra</li></ul></div>
</article></main>
<div id="comments"><p>What a story, I have a long opinion about all of this.</p></div>
<footer><p>Copyright Naija News</p></footer>
</body></html>"#;
    let outcome = read_bytes(Path::new("putin.html"), html.as_bytes());
    let a = single(&outcome);
    assert_eq!(a.title, "Putin Calls Mali Leader Over Niger Coup");
    assert_eq!(a.outlet.as_deref(), Some("Naija News"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://naijanews.example/putin-mali")
    );
    assert_eq!(a.author.as_deref(), Some("Ade Bello"));
    // The local date as written, not converted to UTC.
    assert_eq!(a.published, Some(date(2023, 8, 15)));
    assert_eq!(
        a.text,
        "Putin Calls Mali Leader Over Niger Coup\n\n\
         Russia\u{2019}s President Vladimir Putin reportedly spoke on the phone on Tuesday with Mali\u{2019}s military leader, Assimi Goita.\n\n\
         Goita confirmed his conversation with Putin in a post on his official Twitter page."
    );
    assert_eq!(a.original, html);
}

#[test]
fn json_array_object_and_fields() {
    let json = r#"[
  {"Headline": "Putin calls Goita", "body": "Putin spoke to Goita.", "publisher": {"name": "Naija News"},
   "published_at": "Tue, 15 Aug 2023 10:00:00 +0000", "byline": "Ade Bello", "link": "https://x.example/1"},
  {"title": "Second", "content": "Second text.", "date": "15 August 2023"}
]"#;
    let outcome = read_bytes(Path::new("items.json"), json.as_bytes());
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    assert_eq!(outcome.articles.len(), 2);
    let a = &outcome.articles[0];
    assert_eq!(a.title, "Putin calls Goita");
    assert_eq!(a.text, "Putin calls Goita\n\nPutin spoke to Goita.");
    assert_eq!(a.outlet.as_deref(), Some("Naija News"));
    assert_eq!(a.author.as_deref(), Some("Ade Bello"));
    assert_eq!(a.url.as_deref(), Some("https://x.example/1"));
    assert_eq!(a.published, Some(date(2023, 8, 15)));
    assert_eq!(a.source_name, "items.json#1");
    assert_eq!(outcome.articles[1].source_name, "items.json#2");
    assert_eq!(outcome.articles[1].published, Some(date(2023, 8, 15)));

    let single_object = read_bytes(
        Path::new("one.json"),
        br#"{"title": "Only", "text": "Only text.", "date": "2023/08/15"}"#,
    );
    let a = single(&single_object);
    assert_eq!(a.source_name, "one.json");
    assert_eq!(a.published, Some(date(2023, 8, 15)));
}

#[test]
fn json_that_is_not_an_article_warns() {
    let dir = TempDir::new().expect("tempdir");
    let foo = read_file(&write(dir.path(), "foo.json", r#"{"foo": 1}"#));
    assert!(foo.articles.is_empty());
    assert_eq!(foo.warnings.len(), 1);
    assert!(foo.warnings[0].path.ends_with("foo.json"));
    assert!(
        foo.warnings[0]
            .reason
            .starts_with("not an article: no text field"),
        "{:?}",
        foo.warnings
    );

    let numbers = read_file(&write(dir.path(), "numbers.json", "[1, 2]"));
    assert!(numbers.articles.is_empty());
    assert_eq!(
        reasons(&numbers),
        [
            "item 1: not an article: a number",
            "item 2: not an article: a number"
        ]
    );

    let mixed = read_bytes(
        Path::new("mixed.json"),
        br#"[{"title": "Good", "text": "Good text."}, {"title": "Nested", "text": {"deep": [1]}}, "str"]"#,
    );
    assert_eq!(mixed.articles.len(), 1);
    assert_eq!(
        reasons(&mixed),
        [
            "item 2: not an article: text field 'text' is an object",
            "item 3: not an article: a string"
        ]
    );
}

#[test]
fn malformed_json_warns_with_the_reason() {
    let outcome = read_bytes(
        Path::new("broken.json"),
        br#"{"title": "x", "text": "unterminated"#,
    );
    assert!(outcome.articles.is_empty());
    assert_eq!(outcome.warnings.len(), 1);
    assert_eq!(outcome.warnings[0].path, "broken.json");
    let reason = &outcome.warnings[0].reason;
    assert!(reason.starts_with("malformed JSON: "), "{reason}");
    assert!(reason.contains("line 1"), "{reason}");
}

#[test]
fn jsonl_lines_go_on_after_a_bad_one() {
    let jsonl = "{\"title\": \"A\", \"text\": \"First.\"}\n{not json}\n{\"title\": \"C\", \"text\": \"Third.\", \"date\": \"next week\"}\n";
    let outcome = read_bytes(Path::new("feed.jsonl"), jsonl.as_bytes());
    assert_eq!(outcome.articles.len(), 2);
    assert_eq!(outcome.articles[1].source_name, "feed.jsonl#3");
    assert_eq!(outcome.articles[1].published, None);
    let r = reasons(&outcome);
    assert_eq!(r.len(), 2, "{r:?}");
    assert!(r[0].starts_with("line 2: malformed JSON"));
    assert_eq!(r[1], "line 3: unrecognised date 'next week'");
}

#[test]
fn csv_broken_row_is_reported_and_the_rest_imported() {
    let csv = "title,text,source,published\n\
               First,First text.,Outlet A,2023-08-15\n\
               Second,Second text.,Outlet B\n\
               Third,\"Third, with a comma\nand a second line.\",Outlet C,Aug 16 2023\n";
    let dir = TempDir::new().expect("tempdir");
    let outcome = read_file(&write(dir.path(), "feed.csv", csv));
    let titles: Vec<&str> = outcome.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["First", "Third"]);
    assert_eq!(outcome.articles[0].source_name, "feed.csv#1");
    assert_eq!(outcome.articles[0].outlet.as_deref(), Some("Outlet A"));
    assert_eq!(outcome.articles[1].source_name, "feed.csv#3");
    assert_eq!(
        outcome.articles[1].text,
        "Third\n\nThird, with a comma\nand a second line."
    );
    assert_eq!(outcome.articles[1].published, Some(date(2023, 8, 16)));
    assert_eq!(
        reasons(&outcome),
        ["row 2 (line 3): expected 4 fields, found 3"]
    );
}

#[test]
fn csv_unterminated_quote_and_missing_text_column() {
    let csv = "title,text\nA,Alpha text.\nB,\"Beta never closed\nC,Gamma text.\n";
    let outcome = read_bytes(Path::new("q.csv"), csv.as_bytes());
    let titles: Vec<&str> = outcome.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["A", "C"]);
    assert_eq!(outcome.warnings.len(), 1);
    assert!(
        outcome.warnings[0]
            .reason
            .starts_with("row 2 (line 3): unterminated quote")
    );

    let no_text = read_bytes(
        Path::new("meta.csv"),
        b"title,url\nA,https://a\nB,https://b\n",
    );
    assert!(no_text.articles.is_empty());
    assert_eq!(no_text.warnings.len(), 1);
    assert!(no_text.warnings[0].reason.starts_with("no text column"));
}

#[test]
fn tsv_and_semicolon_csv() {
    let tsv = read_bytes(
        Path::new("feed.tsv"),
        b"Headline\tArticle\nTab title\tTab, text.\n",
    );
    assert_eq!(single(&tsv).text, "Tab title\n\nTab, text.");
    let semi = read_bytes(
        Path::new("feed.csv"),
        b"title;body\nSemi title;Semi, text.\n",
    );
    assert_eq!(single(&semi).text, "Semi title\n\nSemi, text.");
}

/// `story.txt` in `dir`, with `sidecar` as its `story.meta.json`; returns the story's path.
fn story_with_sidecar(dir: &Path, sidecar: &str) -> PathBuf {
    write(dir, "story.meta.json", sidecar);
    write(dir, "story.txt", "File headline\n\nBody of the story.")
}

#[test]
fn sidecar_overrides_metadata() {
    let dir = TempDir::new().expect("tempdir");
    let path = story_with_sidecar(
        dir.path(),
        r#"{"title": "Sidecar headline", "source": "Premium Times", "url": "https://pt.example/s", "published": "2023-08-15", "author": "Jane Doe"}"#,
    );
    let outcome = read_file(&path);
    let a = single(&outcome);
    assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    assert_eq!(a.title, "Sidecar headline");
    assert_eq!(a.text, "Sidecar headline\n\nBody of the story.");
    assert_eq!(a.outlet.as_deref(), Some("Premium Times"));
    assert_eq!(a.url.as_deref(), Some("https://pt.example/s"));
    assert_eq!(a.author.as_deref(), Some("Jane Doe"));
    assert_eq!(a.published, Some(date(2023, 8, 15)));
    assert_eq!(a.original, "File headline\n\nBody of the story.");
}

#[test]
fn malformed_sidecar_warns_and_the_article_is_kept() {
    let dir = TempDir::new().expect("tempdir");
    let html = "<html><head><title>Page title</title></head><body><article><p>Body paragraph.</p></article></body></html>";
    let path = write(dir.path(), "page.html", html);
    write(dir.path(), "page.meta.json", "{\"title\": ");
    let outcome = read_file(&path);
    let a = single(&outcome);
    assert_eq!(a.title, "Page title");
    assert_eq!(outcome.warnings.len(), 1);
    assert!(
        outcome.warnings[0]
            .reason
            .starts_with("sidecar page.meta.json ignored: malformed JSON"),
        "{:?}",
        outcome.warnings
    );
}

#[test]
fn encodings_are_decoded() {
    let dir = TempDir::new().expect("tempdir");
    let bom = read_file(&write(
        dir.path(),
        "bom.txt",
        b"\xEF\xBB\xBFCaf\xC3\xA9 headline\n\nBody.",
    ));
    assert_eq!(single(&bom).title, "Caf\u{e9} headline");

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "\u{201c}Quoted\u{201d} headline\r\n\r\nCaf\u{e9} body.".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let le = read_file(&write(dir.path(), "utf16.txt", &utf16));
    let a = single(&le);
    assert_eq!(a.title, "\u{201c}Quoted\u{201d} headline");
    assert_eq!(a.text, "\u{201c}Quoted\u{201d} headline\n\nCaf\u{e9} body.");

    // Not valid UTF-8: Windows-1252 (0x93/0x94 curly quotes, 0xE9 é).
    let cp1252 = read_file(&write(
        dir.path(),
        "cp1252.txt",
        b"\x93Caf\xE9\x94 headline\r\n\r\nHe said \x93oui\x94.",
    ));
    let a = single(&cp1252);
    assert!(cp1252.warnings.is_empty());
    assert_eq!(a.title, "\u{201c}Caf\u{e9}\u{201d} headline");
    assert_eq!(
        a.text,
        "\u{201c}Caf\u{e9}\u{201d} headline\n\nHe said \u{201c}oui\u{201d}."
    );
}

#[test]
fn empty_binary_and_unreadable_files_warn() {
    let dir = TempDir::new().expect("tempdir");
    let empty = read_file(&write(dir.path(), "empty.txt", ""));
    assert!(empty.articles.is_empty());
    assert_eq!(reasons(&empty), ["empty file"]);
    let blank = read_file(&write(dir.path(), "blank.md", " \n\t\r\n  "));
    assert_eq!(reasons(&blank), ["empty file"]);

    // PNG header and pseudo-random bytes.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        png.push(x.to_le_bytes()[0]);
    }
    let binary = read_file(&write(dir.path(), "image.txt", &png));
    assert!(binary.articles.is_empty());
    assert_eq!(reasons(&binary), ["binary file (not text)"]);

    let missing = read_file(&dir.path().join("missing.txt"));
    assert_eq!(missing.warnings.len(), 1);
    assert!(missing.warnings[0].path.ends_with("missing.txt"));
    assert!(missing.warnings[0].reason.starts_with("cannot read: "));

    let folder = read_file(dir.path());
    assert_eq!(folder.warnings.len(), 1);
    assert!(folder.warnings[0].reason.starts_with("cannot read: "));

    let pdf = read_bytes(Path::new("report.pdf"), b"%PDF-1.7 text");
    assert!(
        pdf.warnings[0]
            .reason
            .starts_with("unsupported file type '.pdf'")
    );
}

#[test]
fn large_text_file_imports_as_one_article() {
    let dir = TempDir::new().expect("tempdir");
    let paragraph = "ECOWAS military chiefs met in Accra on Thursday to discuss the standby force for Niger.\n\n";
    let mut text = String::from("A very long dossier\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    let path = write(dir.path(), "big.txt", &text);
    let started = std::time::Instant::now();
    let outcome = read_file(&path);
    let elapsed = started.elapsed();
    let a = single(&outcome);
    assert_eq!(a.title, "A very long dossier");
    assert!(a.text.len() > 50 * 1024 * 1024 - 200);
    assert_eq!(a.original.len(), text.len());
    let signature = Signature::of_text(&a.text);
    assert!(!signature.is_empty());
    // Linear work: generous bound for an unoptimised test build.
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
}

#[test]
fn exact_and_near_duplicates() {
    let original = read_bytes(Path::new("a.txt"), NAIJA.as_bytes());
    let original = single(&original);
    let exact = read_bytes(Path::new("b.txt"), NAIJA.to_uppercase().as_bytes());
    let exact = single(&exact);
    // A syndicated copy: another headline, one sentence changed.
    let syndicated_text = NAIJA
        .replacen(
            "Russia\u{2019}s President Putin Calls Mali Military Leader Over Niger Coup",
            "Niger crisis: Kremlin confirms Putin-Goita phone call",
            1,
        )
        .replace(
            "It was feared the military might seek to switch allegiance to Russia and close French and US bases there.",
            "Western diplomats fear the junta could turn to Moscow and expel French and American troops.",
        );
    let syndicated = read_bytes(Path::new("c.txt"), syndicated_text.as_bytes());
    let syndicated = single(&syndicated);
    let unrelated = read_bytes(Path::new("d.txt"), OTHER.as_bytes());
    let unrelated = single(&unrelated);

    assert_eq!(original.content_hash, exact.content_hash);
    assert_ne!(original.content_hash, syndicated.content_hash);

    let sig = |a: &ArticleDraft| Signature::of_text(&a.text);
    let near = sig(original).similarity(&sig(syndicated));
    assert!(near >= NEAR_THRESHOLD, "similarity {near}");
    assert!(sig(original).similarity(&sig(unrelated)) < 0.2);

    let mut dedup = Deduper::new();
    // The project file keeps each article's full signature; here only article 1 is stored.
    let check = |dedup: &Deduper, a: &ArticleDraft| {
        dedup
            .check(&a.content_hash, &sig(a), |id| {
                Ok::<_, Infallible>((id == ArticleId(1)).then(|| sig(original)))
            })
            .unwrap_or_else(|never| match never {})
    };
    assert_eq!(check(&dedup, original), None);
    dedup.insert(ArticleId(1), &original.content_hash, sig(original));

    let found = check(&dedup, exact);
    assert_eq!(
        found.map(|d| (d.article, d.kind)),
        Some((ArticleId(1), DuplicateKind::Exact))
    );
    let found = check(&dedup, syndicated);
    assert_eq!(
        found.map(|d| (d.article, d.kind)),
        Some((ArticleId(1), DuplicateKind::Near))
    );
    assert!(found.is_some_and(|d| d.similarity >= NEAR_THRESHOLD && d.similarity < 1.0));
    assert_eq!(check(&dedup, unrelated), None);

    // Signatures survive a round trip through the project file's bytes.
    let bytes = sig(syndicated).to_bytes();
    assert_eq!(Signature::from_bytes(&bytes), Some(sig(syndicated)));
}

#[test]
fn short_texts_get_only_exact_duplicate_links() {
    let a = read_bytes(
        Path::new("a.txt"),
        b"Brief\n\nECOWAS met on Thursday in Accra.",
    );
    let b = read_bytes(
        Path::new("b.txt"),
        b"Brief\n\nECOWAS met on Friday in Accra.",
    );
    let (a, b) = (single(&a), single(&b));
    let mut dedup = Deduper::new();
    dedup.insert(ArticleId(1), &a.content_hash, Signature::of_text(&a.text));
    assert!(Signature::of_text(&b.text).is_empty());
    let check = |d: &ArticleDraft| {
        dedup
            .check(&d.content_hash, &Signature::of_text(&d.text), |_| {
                Ok::<_, Infallible>(Some(Signature::of_text(&a.text)))
            })
            .unwrap_or_else(|never| match never {})
    };
    assert_eq!(check(b), None);
    assert_eq!(check(a).map(|d| d.kind), Some(DuplicateKind::Exact));
}

#[test]
fn collect_files_walks_folders() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    write(root, "b.txt", "B\n\nb");
    write(root, "a.md", "# A\n\na");
    write(root, "a.meta.json", r#"{"title": "A meta"}"#);
    write(root, ".hidden.txt", "H\n\nh");
    write(root, ".git/config.txt", "G\n\ng");
    write(root, "sub/c.html", "<p>c</p>");
    write(root, "sub/deeper/d.jsonl", "{\"text\": \"d\"}");
    write(root, "sub/notes.docx", "not supported");
    write(root, "sub/image.png", "not supported");
    let elsewhere = TempDir::new().expect("tempdir");
    let direct_unsupported = write(elsewhere.path(), "report.pdf", "%PDF");
    let direct_hidden = write(elsewhere.path(), ".named.txt", "N\n\nn");
    let direct_sidecar = write(elsewhere.path(), "x.meta.json", "{}");

    let (files, warnings) = collect_files(&[
        root.to_path_buf(),
        direct_unsupported.clone(),
        direct_hidden.clone(),
        direct_sidecar.clone(),
        root.join("b.txt"),
        root.join("nope"),
    ]);
    let expected: Vec<PathBuf> = ["a.md", "b.txt", "sub/c.html", "sub/deeper/d.jsonl"]
        .iter()
        .map(|name| root.join(name))
        .chain([direct_hidden])
        .collect();
    assert_eq!(files, expected);
    let reasons: Vec<(String, &str)> = warnings
        .iter()
        .map(|w| (w.path.clone(), w.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    assert_eq!(reasons[0].0, root.display().to_string());
    assert_eq!(
        reasons[0].1,
        "skipped 2 files of unsupported type (.docx, .png)"
    );
    assert_eq!(reasons[1].0, direct_unsupported.display().to_string());
    assert!(reasons[1].1.starts_with("unsupported file type '.pdf'"));
    assert_eq!(reasons[2].0, direct_sidecar.display().to_string());
    assert!(reasons[2].1.starts_with("metadata sidecar"));
    assert!(reasons[3].0.ends_with("nope"));
    assert!(reasons[3].1.starts_with("cannot read: "));
    assert!(SUPPORTED_EXTENSIONS.contains(&"jsonl"));

    // Every collected file yields articles or warnings, never nothing.
    for file in &files {
        let outcome = read_file(file);
        assert!(
            !outcome.articles.is_empty() || !outcome.warnings.is_empty(),
            "{file:?}"
        );
    }
    // The sidecar was picked up for a.md.
    assert_eq!(single(&read_file(&root.join("a.md"))).title, "A meta");
}

/// The warnings of a `collect_files` call as `(path, reason)`.
fn walk_warnings(warnings: &[dossier::model::ImportWarning]) -> Vec<(String, String)> {
    warnings
        .iter()
        .map(|w| (w.path.clone(), w.reason.clone()))
        .collect()
}

#[test]
fn pipes_sockets_and_devices_are_skipped_with_a_warning() {
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path();
    let good = write(root, "good.txt", "Good\n\nA regular file.");
    // Before the fix the pipe was listed, and reading it blocked the import for ever.
    let pipe = root.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo (coreutils)");
    assert!(made.success());
    let socket = root.join("socket.txt");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind socket");

    let (files, warnings) = collect_files(&[root.to_path_buf()]);
    assert_eq!(files, [good]);
    let warnings = walk_warnings(&warnings);
    assert!(
        warnings.contains(&(
            pipe.display().to_string(),
            "not a regular file (a named pipe); skipped".to_owned()
        )),
        "{warnings:?}"
    );
    assert!(
        warnings.contains(&(
            socket.display().to_string(),
            "not a regular file (a socket); skipped".to_owned()
        )),
        "{warnings:?}"
    );

    // Named directly: refused the same way, and reading one never blocks.
    let (files, warnings) = collect_files(&[pipe.clone(), PathBuf::from("/dev/zero")]);
    assert!(files.is_empty(), "{files:?}");
    let warnings = walk_warnings(&warnings);
    assert_eq!(
        warnings[1],
        (
            "/dev/zero".to_owned(),
            "not a regular file (a character device); skipped".to_owned()
        )
    );
    let outcome = read_file(&pipe);
    assert!(outcome.articles.is_empty());
    assert_eq!(
        reasons(&outcome),
        ["not a regular file (a named pipe); skipped"]
    );
}

#[test]
fn symbolic_links_are_followed_only_inside_the_imported_folders() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new().expect("tempdir");
    let root = dir.path().join("in");
    let a = write(&root, "a.txt", "A\n\nInside.");
    let c = write(&root, "sub/c.txt", "C\n\nInside, deeper.");
    let outside = TempDir::new().expect("tempdir");
    let secret = write(outside.path(), "secret.txt", "Secret\n\nOutside.");
    // A link to a file inside: the same file, listed once. A link to a folder inside: walked
    // once. A loop: ignored. Links leaving the folder, or to a device: warnings.
    symlink(&a, root.join("link-to-a.txt")).expect("symlink");
    symlink(root.join("sub"), root.join("sub-again")).expect("symlink");
    symlink(&root, root.join("sub/loop")).expect("symlink");
    symlink(&secret, root.join("leak.txt")).expect("symlink");
    symlink(outside.path(), root.join("elsewhere")).expect("symlink");
    symlink("/dev/zero", root.join("zero.txt")).expect("symlink");
    symlink(root.join("missing.txt"), root.join("broken.txt")).expect("symlink");

    let (files, warnings) = collect_files(std::slice::from_ref(&root));
    assert_eq!(files, [a, c]);
    let warnings = walk_warnings(&warnings);
    let outside_reason = |link: &str, target: &Path| {
        (
            root.join(link).display().to_string(),
            format!(
                "symbolic link to {} points outside the imported folders; not followed",
                target.display()
            ),
        )
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).expect("canonical");
    for expected in [
        outside_reason("leak.txt", &canonical(&secret)),
        outside_reason("elsewhere", &canonical(outside.path())),
        outside_reason("zero.txt", Path::new("/dev/zero")),
    ] {
        assert!(warnings.contains(&expected), "{expected:?} in {warnings:?}");
    }
    assert!(
        warnings
            .iter()
            .any(|(p, r)| p.ends_with("broken.txt") && r.starts_with("cannot read: ")),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 4, "{warnings:?}");
}

#[test]
fn importing_proc_does_not_walk_the_whole_disk() {
    // /proc/self/root links to `/`, cwd and exe elsewhere: none is followed.
    let proc_self = std::fs::canonicalize("/proc/self").expect("/proc");
    let (files, warnings) = collect_files(std::slice::from_ref(&proc_self));
    for file in &files {
        let canonical = std::fs::canonicalize(file).unwrap_or_else(|_| file.clone());
        assert!(canonical.starts_with(&proc_self), "{file:?}");
    }
    assert!(
        warnings
            .iter()
            .any(|w| w.path.ends_with("/root") && w.reason.contains("points outside")),
        "{warnings:?}"
    );
}

#[test]
fn a_file_over_the_size_cap_is_refused_with_a_warning() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("huge.txt");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk used, yet one byte over the cap.
    file.set_len(dossier::ingest::MAX_FILE_BYTES + 1)
        .expect("set length");
    let outcome = read_file(&path);
    assert!(outcome.articles.is_empty());
    assert_eq!(
        reasons(&outcome),
        [format!(
            "larger than the import limit of 64 MiB per file ({} bytes); not imported",
            dossier::ingest::MAX_FILE_BYTES + 1
        )]
    );
}

#[test]
fn header_only_csv_warns() {
    let outcome = read_bytes(Path::new("feed.csv"), b"title,text,source\n");
    assert!(outcome.articles.is_empty());
    assert_eq!(reasons(&outcome), ["no rows after the header"]);
    let outcome = read_bytes(Path::new("feed.tsv"), b"title\ttext\n\n\n");
    assert_eq!(reasons(&outcome), ["no rows after the header"]);
}

#[test]
fn a_stray_nul_costs_nothing_but_a_warning() {
    // Before: "binary file (not text)" and every row lost.
    let csv = b"title,text\nFirst,First text.\nSecond,Second\0 text.\nThird,Third text.\n";
    let outcome = read_bytes(Path::new("feed.csv"), csv);
    let titles: Vec<&str> = outcome.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["First", "Second", "Third"]);
    assert_eq!(outcome.articles[1].text, "Second\n\nSecond text.");
    assert_eq!(
        reasons(&outcome),
        ["removed 1 NUL byte (the first on line 3)"]
    );
    assert_eq!(outcome.warnings[0].path, "feed.csv");

    let txt = read_bytes(Path::new("a.txt"), b"Headline\n\nBody\0\0 text.");
    assert_eq!(single(&txt).text, "Headline\n\nBody text.");
    assert_eq!(reasons(&txt), ["removed 2 NUL bytes (the first on line 3)"]);

    // Many NULs still make a binary file.
    let mut bytes = b"Headline\n\n".to_vec();
    bytes.extend(std::iter::repeat_n(b"ab\0".as_slice(), 100).flatten());
    let binary = read_bytes(Path::new("b.txt"), &bytes);
    assert_eq!(reasons(&binary), ["binary file (not text)"]);
}

#[test]
fn utf16_without_a_byte_order_mark_is_decoded() {
    let text = "Caf\u{e9} headline\r\n\r\nThe minister said \u{201c}no\u{201d} on Friday.";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let outcome = read_bytes(Path::new(name), &bytes);
        let a = single(&outcome);
        assert_eq!(a.title, "Caf\u{e9} headline", "{name}");
        assert_eq!(
            a.text,
            "Caf\u{e9} headline\n\nThe minister said \u{201c}no\u{201d} on Friday."
        );
        assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    }
}

#[test]
fn sidecar_fields_of_the_wrong_type_are_named() {
    let dir = TempDir::new().expect("tempdir");
    let path = story_with_sidecar(
        dir.path(),
        r#"{"title": "Sidecar headline", "author": true, "source": {"id": 7}, "url": ["a", false], "published": "2023-07-27T25:61:61Z"}"#,
    );
    let outcome = read_file(&path);
    let a = single(&outcome);
    assert_eq!(a.title, "Sidecar headline");
    assert_eq!(a.author, None);
    assert_eq!(a.outlet, None);
    assert_eq!(a.published, None);
    assert_eq!(
        reasons(&outcome),
        [
            "sidecar story.meta.json: field 'author' is a boolean, not text; ignored",
            "sidecar story.meta.json: field 'published': unrecognised date '2023-07-27T25:61:61Z' (25:61:61 is not a time of day); ignored",
            "sidecar story.meta.json: field 'source' is an object without a name; ignored",
            "sidecar story.meta.json: field 'url' holds an item that is a boolean, not text; ignored",
        ]
    );
    assert!(
        outcome
            .warnings
            .iter()
            .all(|w| w.path == path.display().to_string())
    );
}

#[test]
fn an_impossible_time_is_not_truncated_to_its_date() {
    let outcome = read_bytes(
        Path::new("one.json"),
        br#"{"title": "T", "text": "Body.", "published": "2023-07-27T25:61:61Z"}"#,
    );
    assert_eq!(single(&outcome).published, None);
    assert_eq!(
        reasons(&outcome),
        ["unrecognised date '2023-07-27T25:61:61Z' (25:61:61 is not a time of day)"]
    );
}
