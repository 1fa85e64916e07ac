//! The format-near raw record every reader produces, field-name matching, and the one
//! conversion from a raw record to a validated [`ArticleDraft`].

use super::clean::{clean_body, content_hash, derive_title, one_line};
use super::date::read_date;
use crate::model::{ArticleDraft, ImportWarning};

/// Metadata as a file, record or sidecar gives it: raw strings, not yet validated.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Meta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// A date in any accepted shape (see `date.rs`).
    pub published: Option<String>,
}

impl Meta {
    /// Replaces each field that `other` has.
    pub(crate) fn override_with(&mut self, other: Meta) {
        let Meta {
            title,
            outlet,
            url,
            author,
            published,
        } = other;
        self.title = title.or(self.title.take());
        self.outlet = outlet.or(self.outlet.take());
        self.url = url.or(self.url.take());
        self.author = author.or(self.author.take());
        self.published = published.or(self.published.take());
    }

    /// Sets a metadata field from a value, ignoring blank values. `Text` is not metadata and is
    /// ignored here.
    pub(crate) fn set(&mut self, field: Field, value: String) {
        let value = one_line(&value);
        if value.is_empty() {
            return;
        }
        let slot = match field {
            Field::Title => &mut self.title,
            Field::Outlet => &mut self.outlet,
            Field::Url => &mut self.url,
            Field::Author => &mut self.author,
            Field::Published => &mut self.published,
            Field::Text => return,
        };
        *slot = Some(value);
    }
}

/// One article as read from a file, before cleaning and validation.
#[derive(Clone, Debug, Default)]
pub(crate) struct RawArticle {
    pub meta: Meta,
    /// Body text, uncleaned, line ends already normalised.
    pub body: String,
    /// What `ArticleDraft::original` gets.
    pub original: String,
    /// `seed.txt`, `feed.csv#17`, `items.json#3`.
    pub source_name: String,
    /// `row 17`, `item 3`: prefixes this record's warnings.
    pub locator: Option<String>,
}

/// Article fields that JSON keys, CSV headers and sidecar keys map to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Text,
    Outlet,
    Url,
    Published,
    Author,
}

/// The field a key or column name stands for, with its rank (lower wins when a record has
/// several names for one field). Case, `_`, `-` and spaces are ignored: `publishedAt`,
/// `published_at` and `Published At` are one name.
pub(crate) fn field_of(name: &str) -> Option<(Field, u8)> {
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    let found = match key.as_str() {
        "title" => (Field::Title, 0),
        "headline" => (Field::Title, 1),
        "text" => (Field::Text, 0),
        "body" => (Field::Text, 1),
        "content" => (Field::Text, 2),
        "article" => (Field::Text, 3),
        "articlebody" | "articletext" | "fulltext" | "maintext" => (Field::Text, 4),
        "source" => (Field::Outlet, 0),
        "outlet" => (Field::Outlet, 1),
        "publisher" => (Field::Outlet, 2),
        "site" => (Field::Outlet, 3),
        "sitename" | "sourcename" | "publication" => (Field::Outlet, 4),
        "url" => (Field::Url, 0),
        "link" => (Field::Url, 1),
        "canonicalurl" | "permalink" => (Field::Url, 2),
        "published" => (Field::Published, 0),
        "date" => (Field::Published, 1),
        "publishedat" => (Field::Published, 2),
        "pubdate" => (Field::Published, 3),
        "datetime" => (Field::Published, 4),
        "publishdate" | "datepublished" | "publicationdate" => (Field::Published, 5),
        "author" => (Field::Author, 0),
        "byline" => (Field::Author, 1),
        "authors" | "creator" => (Field::Author, 2),
        _ => return None,
    };
    Some(found)
}

/// Names accepted for the text field, for warnings.
pub(crate) const TEXT_FIELD_NAMES: &str = "text, body, content or article";

/// A warning for `path`, prefixed with the record's locator when there is one.
pub(crate) fn warning(path: &str, locator: Option<&str>, reason: impl AsRef<str>) -> ImportWarning {
    let reason = reason.as_ref();
    ImportWarning {
        path: path.to_owned(),
        reason: match locator {
            Some(at) => format!("{at}: {reason}"),
            None => reason.to_owned(),
        },
    }
}

/// Cleans and validates a raw record. `None` (with a warning) when no article text is left;
/// an unrecognised date keeps the article and adds a warning.
///
/// `text` is the headline, a blank line and the cleaned body; when the title is derived from
/// the body there is no headline line and `text` is the cleaned body alone.
pub(crate) fn to_draft(
    raw: RawArticle,
    source_path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> Option<ArticleDraft> {
    let RawArticle {
        meta,
        body,
        original,
        source_name,
        locator,
    } = raw;
    let at = locator.as_deref();
    let title = meta
        .title
        .as_deref()
        .map(one_line)
        .filter(|t| !t.is_empty());
    let body = clean_body(&body, title.as_deref());
    if body.is_empty() {
        warnings.push(warning(source_path, at, "no article text"));
        return None;
    }
    let published = meta
        .published
        .as_deref()
        .and_then(|raw_date| match read_date(raw_date) {
            Ok(date) => Some(date),
            Err(reason) => {
                warnings.push(warning(source_path, at, reason));
                None
            }
        });
    let (title, title_derived, text) = match title {
        Some(title) => {
            let text = format!("{title}\n\n{body}");
            (title, false, text)
        }
        None => {
            let title = derive_title(&body).unwrap_or_else(|| source_name.clone());
            (title, true, body)
        }
    };
    let content_hash = content_hash(&text);
    Some(ArticleDraft {
        title,
        title_derived,
        outlet: meta.outlet,
        url: meta.url,
        author: meta.author,
        published,
        text,
        original,
        source_path: source_path.to_owned(),
        source_name,
        content_hash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(title: Option<&str>, body: &str) -> RawArticle {
        RawArticle {
            meta: Meta {
                title: title.map(str::to_owned),
                published: Some("Aug 15, 2023".into()),
                ..Meta::default()
            },
            body: body.into(),
            original: body.into(),
            source_name: "a.txt".into(),
            locator: None,
        }
    }

    #[test]
    fn field_names_fold_case_and_separators() {
        assert_eq!(field_of("Headline"), Some((Field::Title, 1)));
        assert_eq!(field_of("publishedAt"), Some((Field::Published, 2)));
        assert_eq!(field_of("PUBLISHED_AT"), Some((Field::Published, 2)));
        assert_eq!(field_of("Byline"), Some((Field::Author, 1)));
        assert_eq!(field_of("foo"), None);
    }

    #[test]
    fn draft_with_headline() {
        let mut warnings = Vec::new();
        let draft = to_draft(
            raw(Some(" A  headline "), "Body.\n"),
            "x/a.txt",
            &mut warnings,
        );
        let draft = draft.unwrap_or_default();
        assert_eq!(draft.title, "A headline");
        assert!(!draft.title_derived);
        assert_eq!(draft.text, "A headline\n\nBody.");
        assert_eq!(draft.published, Some(jiff::civil::date(2023, 8, 15)));
        assert_eq!(draft.source_path, "x/a.txt");
        assert!(warnings.is_empty());
    }

    #[test]
    fn draft_without_headline_has_no_headline_line() {
        let mut warnings = Vec::new();
        let draft = to_draft(
            raw(None, "First sentence here. Second."),
            "a.txt",
            &mut warnings,
        )
        .unwrap_or_default();
        assert_eq!(draft.title, "First sentence here");
        assert!(draft.title_derived);
        assert_eq!(draft.text, "First sentence here. Second.");
    }

    #[test]
    fn bad_date_warns_but_keeps_the_article() {
        let mut warnings = Vec::new();
        let mut r = raw(Some("T"), "Body.");
        r.meta.published = Some("someday".into());
        r.locator = Some("row 3".into());
        let draft = to_draft(r, "f.csv", &mut warnings);
        assert!(draft.is_some_and(|d| d.published.is_none()));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].reason, "row 3: unrecognised date 'someday'");
    }

    #[test]
    fn empty_body_is_refused_with_a_warning() {
        let mut warnings = Vec::new();
        assert!(to_draft(raw(Some("T"), "\n \n"), "a.txt", &mut warnings).is_none());
        assert_eq!(warnings[0].reason, "no article text");
    }

    #[test]
    fn override_keeps_missing_fields() {
        let mut meta = Meta {
            title: Some("a".into()),
            url: Some("u".into()),
            ..Meta::default()
        };
        meta.override_with(Meta {
            title: Some("b".into()),
            ..Meta::default()
        });
        assert_eq!(meta.title.as_deref(), Some("b"));
        assert_eq!(meta.url.as_deref(), Some("u"));
    }
}
