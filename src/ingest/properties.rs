//! Property tests of every importer: arbitrary bytes, and soups of the characters each format
//! cares about, through every format's reader never panic and always yield articles or a
//! warning naming the file. Bounded (64 cases of at most a few hundred bytes each) so they run
//! in seconds.

use super::{
    FileOutcome, date, decode, html_bounds, read_bytes_with_sidecar, read_with_meta, sidecar,
};
use proptest::prelude::*;
use std::path::Path;

/// A name for every reader, and one without an extension (content sniffed).
const NAMES: &[&str] = &[
    "in/a.txt",
    "in/a.md",
    "in/a.html",
    "in/a.json",
    "in/a.jsonl",
    "in/a.csv",
    "in/a.tsv",
    "in/noext",
];

/// Fragments that matter to some reader: markup, quotes, separators, JSON punctuation, field
/// names, dates good and impossible, NULs, BOMs, line ends.
const FRAGMENTS: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<article>",
    "<br>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<a href=\"x\" b='y' c=z>",
    "<",
    ">",
    "/",
    "=",
    "\"",
    "'",
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\0",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\"text\"",
    "\"title\"",
    "\"published\"",
    "\"author\"",
    "title,text\n",
    "title\ttext\n",
    "# ",
    "---\n",
    "**",
    "[a](b)",
    "true",
    "null",
    "12",
    "2023-08-15",
    "2023-07-27T25:61:61Z",
    "Aug 15, 2023 10:00",
    "\u{feff}",
    "\u{e9}",
    "\u{201c}",
    "\u{85}",
    "word ",
    "Headline\n\n",
    "The minister said on Friday. ",
];

/// Text made of [`FRAGMENTS`].
fn soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..48).prop_map(|f| f.concat())
}

/// Reads `bytes` as the file `name` without the panic guard (a panic fails the test) and checks
/// that it yields articles or warnings, all naming the file.
fn check(name: &str, bytes: &[u8]) -> Result<FileOutcome, TestCaseError> {
    let outcome = read_with_meta(Path::new(name), bytes, None);
    prop_assert!(
        !outcome.articles.is_empty() || !outcome.warnings.is_empty(),
        "{name}: neither articles nor warnings"
    );
    for warning in &outcome.warnings {
        prop_assert_eq!(&warning.path, name);
        prop_assert!(!warning.reason.is_empty());
    }
    for article in &outcome.articles {
        prop_assert_eq!(&article.source_path, name);
        prop_assert!(!article.text.trim().is_empty());
        prop_assert!(!article.title.is_empty());
        prop_assert!(!article.text.contains('\0'));
    }
    Ok(outcome)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bytes_through_every_reader(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for name in NAMES {
            check(name, &bytes)?;
        }
    }

    #[test]
    fn format_soup_through_every_reader(text in soup()) {
        for name in NAMES {
            check(name, text.as_bytes())?;
        }
    }

    #[test]
    fn utf16_soup_through_every_reader(text in soup(), big_endian in any::<bool>()) {
        let bytes: Vec<u8> = text
            .encode_utf16()
            .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect();
        for name in NAMES {
            check(name, &bytes)?;
        }
    }

    #[test]
    fn sidecars_of_any_shape(
        meta in soup(),
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        // The sidecar parser unguarded, then whole files with the sidecar applied.
        for sidecar_bytes in [meta.as_bytes(), bytes.as_slice()] {
            let _ = sidecar::parse(sidecar_bytes);
            for name in ["in/a.txt", "in/a.html", "in/a.md"] {
                let outcome = read_bytes_with_sidecar(Path::new(name), b"Headline\n\nBody.", sidecar_bytes);
                prop_assert_eq!(outcome.articles.len(), 1);
                for warning in &outcome.warnings {
                    prop_assert_eq!(&warning.path, name);
                    prop_assert!(!warning.reason.starts_with("internal error"), "{}", warning.reason);
                }
            }
        }
    }

    #[test]
    fn decoding_never_leaves_a_nul(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(decoded) = decode::decode(&bytes) {
            prop_assert!(!decoded.text.contains('\0'));
            prop_assert!(!decoded.text.contains('\r'));
            prop_assert!(!decoded.text.trim().is_empty());
        }
    }

    #[test]
    fn dates_of_any_shape(raw in "[0-9:TZ+ ,./-]{0,30}|\\PC{0,30}") {
        let _ = date::read_date(&raw);
    }

    #[test]
    fn bounding_markup_only_removes(text in soup()) {
        let bounded = html_bounds::bound(&text);
        prop_assert!(bounded.html.len() <= text.len());
    }

    #[test]
    fn deep_soup_is_bounded(depth in 0usize..600, inner in soup()) {
        let html = format!("{}{inner}", "<div><span>".repeat(depth));
        let bounded = html_bounds::bound(&html);
        if depth * 2 > html_bounds::MAX_DEPTH + 4 {
            prop_assert!(bounded.deep_tags > 0);
        }
        let outcome = check("in/deep.html", html.as_bytes())?;
        prop_assert!(outcome.warnings.iter().all(|w| !w.reason.starts_with("internal error")));
    }
}
