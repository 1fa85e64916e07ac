//! Time expressions and the date an article speaks from, as the timeline pass finds them and
//! the store keeps them.

use super::Date;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How precise a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
    Interval,
}

/// One time expression in the article text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Timex {
    /// Byte range in the article text.
    pub range: Range<usize>,
    pub text: String,
    /// ISO value: `2023-08-15`, `2023-W32`, `2023-08`, `2023`, `2023-08-17/2023-08-18`;
    /// `None` when the text does not allow one (unknown article date, `D-day`).
    pub value: Option<String>,
    pub granularity: Granularity,
    /// True when the value was resolved against the article's date.
    pub relative: bool,
}

/// Where the article's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    Metadata,
    Dateline,
    Inferred,
    Unknown,
}

/// The date an article speaks from, and how it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDate {
    pub date: Option<Date>,
    pub source: DateSource,
}

/// One row of the record's `timex` field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimexRecord {
    pub text: String,
    pub value: Option<String>,
}
