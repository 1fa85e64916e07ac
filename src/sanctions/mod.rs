//! Sanctions lists: import (OFAC SDN CSV, UN Security Council XML, a simple CSV), snapshot
//! diffs and name screening. A pure library: callers pass bytes and names in, get values out.
//!
//! The flow is [`import()`] (or [`import_files`] for an OFAC sdn.csv + alt.csv pair) →
//! [`SanctionsList`] → [`Screener::new`] over its entries → [`Screener::screen`] per name.
//! [`diff()`] compares two snapshots of one list; [`bench_screening`] times screening for
//! `dossier bench`.

mod bench;
mod diff;
mod import;
mod jaro;
mod model;
mod normalize;
mod ofac;
mod screen;
mod simple;
mod text;
mod un;

pub use bench::{ScreeningBench, bench_screening, synthetic_entries, synthetic_names};
pub use diff::{EntryChange, ListDiff, diff, diff_entries};
pub use import::{
    FileKind, ImportError, ImportOptions, Imported, InputFile, detect, import, import_files,
};
pub use model::{Entry, Kind, ListFormat, RowProblem, SanctionsList};
pub use normalize::name_key;
pub use screen::{Hit, Screener};
