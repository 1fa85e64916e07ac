//! The screening stage and sanctions lists: every person and organisation screened against
//! every stored list, and a list read from its files.

use super::*;

/// Sanctions screening: every person and organisation against every stored list, at the
/// project's threshold.
pub(super) fn run_screening(
    project: &mut Project,
    total: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<(), StoreError> {
    screen_project(project)?;
    progress(total);
    Ok(())
}

/// The screening threshold when the analyst has set none.
pub const DEFAULT_SCREENING_THRESHOLD: f32 = 0.85;

/// The project's screening threshold (`ui_state` key `screening_threshold`).
pub fn screening_threshold(project: &Project) -> Result<f32, StoreError> {
    Ok(project
        .ui_state("screening_threshold")?
        .and_then(|v| v.parse::<f32>().ok())
        .filter(|t| (0.0..=1.0).contains(t))
        .unwrap_or(DEFAULT_SCREENING_THRESHOLD))
}

/// Screens the registry against every stored list (its current snapshot) and stores the hits;
/// returns their number.
pub fn screen_project(project: &mut Project) -> Result<usize, StoreError> {
    let lists = project.current_sanctions_lists()?;
    if lists.is_empty() {
        project.replace_screening_hits(&[])?;
        return Ok(0);
    }
    let threshold = screening_threshold(project)?;
    let actors = project.actors()?;
    // One list's entries at a time: each hit keeps its entry's key, not the entry.
    let mut found = Vec::new();
    for list in lists {
        let entries = project.sanctions_entries(list.id)?.unwrap_or_default();
        let screener = sanctions::Screener::new(&entries);
        let hits = actors.screen(&screener, threshold);
        let keys: Vec<Option<String>> = hits
            .iter()
            .map(|h| entries.get(h.hit.entry).map(entry_key))
            .collect();
        found.push((list.id, keys, hits));
    }
    let hits: Vec<NewHit<'_>> = found
        .iter()
        .flat_map(|(list_id, keys, hits)| {
            hits.iter().zip(keys).filter_map(|(h, key)| {
                Some(NewHit {
                    list_id: *list_id,
                    entry_index: h.hit.entry,
                    entry_key: key.as_deref()?,
                    actor: &actors.actors[h.actor].name,
                    screened: &h.screened,
                    matched_name: &h.hit.matched_name,
                    score: h.hit.score,
                    reason: &h.hit.reason,
                })
            })
        })
        .collect();
    project.replace_screening_hits(&hits)?;
    Ok(hits.len())
}

/// Why a sanctions list could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListReadError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    List(#[from] sanctions::ImportError),
}

/// Reads a sanctions list from its file (or an OFAC sdn.csv with its alt.csv), named after
/// the first file; rows that could not be read are in the result's `problems`. A file over
/// [`sanctions::MAX_LIST_BYTES`] is refused before it is read.
pub fn read_sanctions_list(paths: &[PathBuf]) -> Result<sanctions::Imported, ListReadError> {
    let mut contents = Vec::with_capacity(paths.len());
    for path in paths {
        let io = |source| ListReadError::Io {
            path: path.display().to_string(),
            source,
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        sanctions::check_size(&name, std::fs::metadata(path).map_err(io)?.len())?;
        let bytes = std::fs::read(path).map_err(io)?;
        contents.push((name, bytes));
    }
    let files: Vec<sanctions::InputFile<'_>> = contents
        .iter()
        .map(|(name, bytes)| sanctions::InputFile { name, bytes })
        .collect();
    Ok(sanctions::import_files(
        &files,
        &sanctions::ImportOptions::default(),
    )?)
}
