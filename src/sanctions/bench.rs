//! Screening benchmark for `dossier bench`: a synthetic list and synthetic names, both made
//! deterministically from a seed (no random crate), and the time to index and screen them.

use super::model::{Entry, Kind};
use super::screen::Screener;
use std::time::{Duration, Instant};

/// What [`bench_screening`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreeningBench {
    pub entries: usize,
    pub names: usize,
    /// Time to build the [`Screener`] index.
    pub index_time: Duration,
    /// Time to screen every name (rayon, all cores) at threshold 0.85.
    pub screen_time: Duration,
    /// Hits found, over all names.
    pub hits: usize,
    /// Names with at least one hit.
    pub names_with_hits: usize,
}

/// Threshold the benchmark screens at.
const BENCH_THRESHOLD: f32 = 0.85;

/// SplitMix64: small, deterministic, good enough to vary names.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const GIVEN: &[&str] = &[
    "Mohamed",
    "Mohammed",
    "Muhammad",
    "Ahmed",
    "Ahmad",
    "Ali",
    "Omar",
    "Umar",
    "Yusuf",
    "Youssef",
    "Ibrahim",
    "Ousmane",
    "Abdoulaye",
    "Abdourahamane",
    "Moussa",
    "Amadou",
    "Hamidou",
    "Salif",
    "Issa",
    "Boubacar",
    "Aboubakar",
    "Mamadou",
    "Adama",
    "Sekou",
    "Hassan",
    "Hussein",
    "Khalid",
    "Tariq",
    "Karim",
    "Nabil",
    "Rashid",
    "Samir",
    "Walid",
    "Yacine",
    "Ivan",
    "Sergei",
    "Dmitri",
    "Alexei",
    "Nikolai",
    "Viktor",
    "Yevgeny",
    "Oleg",
    "Pavel",
    "Andrei",
    "Igor",
    "John",
    "David",
    "Michael",
    "James",
    "Robert",
    "Carlos",
    "José",
    "Luis",
    "Miguel",
    "Pedro",
    "Chen",
    "Wei",
    "Fatima",
    "Aïsha",
    "Mariam",
    "Zainab",
    "Amina",
    "Olga",
    "Irina",
    "Natalia",
    "Elena",
    "Maria",
    "Sofia",
    "Ana",
    "Hamza",
    "Bilal",
    "Idris",
    "Jamal",
    "Kamal",
    "Hélène",
    "François",
];

const SYLLABLE_START: &[&str] = &[
    "Ba", "Ka", "To", "Mo", "Sa", "Di", "Ke", "Ra", "Zu", "Ni", "Ha", "Lo", "Ve", "Go", "Tu", "Bi",
    "Fa", "Ma", "Do", "Ye", "Sha", "Kha", "Tcha", "Ou", "Ab", "El", "Ar", "In", "Us", "Om", "Pe",
    "Gri", "Stra", "Vla", "Bro", "Dja", "Qua", "Wen", "Xi", "Zha", "Plo", "Fer", "Cor", "Hel",
    "Jor",
];
const SYLLABLE_MID: &[&str] = &[
    "ra", "ma", "li", "no", "ku", "zo", "ti", "be", "da", "mi", "sou", "rou", "la", "na", "ga",
    "vel", "dri", "kos", "tem", "bar", "sil", "gon", "phi", "ruz", "wal",
];
const SYLLABLE_END: &[&str] = &[
    "ni", "ov", "ev", "ko", "ra", "ba", "di", "ssa", "mba", "oum", "aye", "ane", "in", "an", "ar",
    "er", "o", "a", "i", "enko", "ski", "idze", "yan", "berg", "sson", "ez", "ides", "escu", "ic",
    "ault",
];
const ORG_WORDS: &[&str] = &[
    "Trading",
    "Group",
    "Shipping",
    "Industries",
    "Bank",
    "Petroleum",
    "Logistics",
    "Mining",
    "Aviation",
    "Security",
    "Holding",
    "Capital",
    "Energy",
    "Construction",
];
const LEGAL: &[&str] = &["LLC", "Ltd", "SARL", "FZE", "JSC", "S.A.", "GmbH", ""];
const PARTICLE: &[&str] = &["al", "bin", "ould", "el", "ag", "de", "van"];

fn surname(rng: &mut Rng) -> String {
    let mut s = rng.pick(SYLLABLE_START).to_string();
    let mids = match rng.below(10) {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    for _ in 0..mids {
        s.push_str(rng.pick(SYLLABLE_MID));
    }
    s.push_str(rng.pick(SYLLABLE_END));
    s
}

fn person_name(rng: &mut Rng) -> String {
    let mut parts = vec![rng.pick(GIVEN).to_string()];
    if rng.chance(30) {
        parts.push(rng.pick(GIVEN).to_string());
    }
    if rng.chance(15) {
        parts.push(rng.pick(PARTICLE).to_string());
    }
    parts.push(surname(rng));
    parts.join(" ")
}

/// A spelling variant of a name: a doubled or undoubled letter, `ou` ↔ `u`, `y` ↔ `i`.
fn variant(rng: &mut Rng, name: &str) -> String {
    match rng.below(4) {
        0 if name.contains("ou") => name.replacen("ou", "u", 1),
        1 if name.contains('y') => name.replacen('y', "i", 1),
        2 => {
            let mut out = String::with_capacity(name.len() + 1);
            let at = rng.below(name.len().max(1));
            for (i, c) in name.chars().enumerate() {
                out.push(c);
                if i == at && c.is_alphabetic() {
                    out.push(c);
                }
            }
            out
        }
        _ => name.replacen("mm", "m", 1).replacen("ss", "s", 1),
    }
}

/// `n` synthetic entries (70% people, 25% organisations, 5% vessels), some with aliases.
pub fn synthetic_entries(n: usize, seed: u64) -> Vec<Entry> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let roll = rng.below(100);
            let (kind, name) = if roll < 70 {
                let name = person_name(&mut rng);
                let name = if rng.chance(40) {
                    // OFAC style: LAST, First.
                    match name.rsplit_once(' ') {
                        Some((first, last)) => format!("{}, {first}", last.to_uppercase()),
                        None => name,
                    }
                } else {
                    name
                };
                (Kind::Person, name)
            } else if roll < 95 {
                let mut name = surname(&mut rng);
                if rng.chance(40) {
                    name.push(' ');
                    name.push_str(&surname(&mut rng));
                }
                name.push(' ');
                name.push_str(rng.pick(ORG_WORDS));
                let legal = rng.pick(LEGAL);
                if !legal.is_empty() {
                    name.push(' ');
                    name.push_str(legal);
                }
                (Kind::Organization, name)
            } else {
                (
                    Kind::Vessel,
                    format!("MV {} {}", surname(&mut rng), 1 + rng.below(9)),
                )
            };
            let aliases = (0..rng.below(3))
                .map(|_| variant(&mut rng, &name))
                .collect();
            Entry {
                reference: (10_000 + i).to_string(),
                name,
                aliases,
                kind,
                programs: vec!["SYNTHETIC".to_string()],
                listed: None,
                remarks: None,
            }
        })
        .collect()
}

/// `n` names to screen: a quarter perturbed from `entries` (reordered, respelled, an initial),
/// the rest fresh person names that share given names with the list but mostly no one.
pub fn synthetic_names(n: usize, entries: &[Entry], seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    (0..n)
        .map(|_| {
            let from_list = !entries.is_empty() && rng.chance(25);
            let Some(entry) = entries.get(rng.below(entries.len())).filter(|_| from_list) else {
                return person_name(&mut rng);
            };
            let words: Vec<&str> = entry.name.split_whitespace().collect();
            match rng.below(4) {
                0 => words.iter().rev().copied().collect::<Vec<_>>().join(" "),
                1 => variant(&mut rng, &entry.name),
                2 => match words.split_first() {
                    Some((first, rest)) if !rest.is_empty() => {
                        let initial: String = first.chars().take(1).collect();
                        format!("{initial}. {}", rest.join(" "))
                    }
                    _ => entry.name.clone(),
                },
                _ => entry.name.to_lowercase(),
            }
        })
        .collect()
}

/// Builds a synthetic list of `entries` and screens `names` synthetic names against it.
pub fn bench_screening(names: usize, entries: usize) -> ScreeningBench {
    let list = synthetic_entries(entries, 0x5A4E_C710);
    let queries = synthetic_names(names, &list, 0xD05_51E2);
    let start = Instant::now();
    let screener = Screener::new(&list);
    let index_time = start.elapsed();
    let start = Instant::now();
    let results = screener.screen_all(&queries, None, BENCH_THRESHOLD);
    let screen_time = start.elapsed();
    ScreeningBench {
        entries,
        names,
        index_time,
        screen_time,
        hits: results.iter().map(Vec::len).sum(),
        names_with_hits: results.iter().filter(|h| !h.is_empty()).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_data_is_deterministic() {
        assert_eq!(synthetic_entries(50, 7), synthetic_entries(50, 7));
        let entries = synthetic_entries(50, 7);
        assert_eq!(
            synthetic_names(20, &entries, 3),
            synthetic_names(20, &entries, 3)
        );
        assert!(synthetic_names(5, &[], 1).iter().all(|n| !n.is_empty()));
    }

    #[test]
    fn small_bench_runs_and_finds_hits() {
        let bench = bench_screening(200, 500);
        assert_eq!((bench.names, bench.entries), (200, 500));
        assert!(bench.names_with_hits > 20, "{bench:?}");
        assert!(bench.names_with_hits < 200, "{bench:?}");
    }
}
