//! Sanctions lists: import (OFAC SDN CSV, UN Security Council XML, a simple CSV), snapshot
//! diffs and name screening. A pure library: callers pass bytes and names in, get values out.
//!
//! The flow is [`import()`] (or [`import_files`] for an OFAC sdn.csv + alt.csv pair) →
//! [`SanctionsList`] → [`Screener::new`] over its entries → [`Screener::screen`] per name.
//! [`diff()`] compares two snapshots of one list; [`bench_screening`] times screening for
//! `dossier bench`.
//!
//! A list is imported only when it is read to its end; what is refused and what is imported
//! with row problems is set out in `import.rs`, the caps in [`MAX_LIST_BYTES`],
//! [`MAX_ENTRIES`] and `limits.rs`.

mod bench;
mod diff;
mod import;
mod jaro;
mod limits;
mod model;
mod normalize;
mod ofac;
#[cfg(test)]
mod proptests;
mod screen;
mod simple;
mod text;
mod un;
mod write;

pub use bench::{ScreeningBench, bench_screening, synthetic_entries, synthetic_names};
pub use diff::{EntryChange, ListDiff, diff, diff_entries};
pub use import::{
    FileKind, ImportError, ImportOptions, Imported, InputFile, check_size, detect, import,
    import_files,
};
pub use limits::{MAX_ENTRIES, MAX_LIST_BYTES};
pub use model::{Entry, Kind, ListFormat, RowProblem, SanctionsList};
pub use normalize::name_key;
pub use screen::{Hit, Screener};
pub use write::{to_ofac_csv, to_simple_csv, to_un_xml};
