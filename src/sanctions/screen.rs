//! Name screening against a sanctions list. [`Screener::new`] normalises every name and alias
//! once and indexes their tokens (exact text, transliteration key, first letter + length for
//! spelling variants); [`Screener::screen`] looks a name's tokens up, bounds each candidate's
//! score from the index alone, and scores in full only the candidates that can reach the
//! threshold. Each hit says why it matched.
//!
//! Scoring: tokens are paired one-to-one, order-free (same folded text 1.0; same light form
//! 0.97; same consonant skeleton, close length and spelling 0.9–1.0; close spelling with the
//! same first letter 0.84–0.95; an initial for a name 0.6). Generic organisation words weigh
//! 0.3, particles and legal suffixes nothing. With `S` the weighted paired similarity, the
//! score is `0.7 · S / (lighter side) + 0.3 · S / (heavier side)`, capped at 0.6 when one side
//! is a single name token and the other has more, and lowered by a quarter when the kinds
//! differ (person vs organization). Acronyms of organisation names score a flat 0.7.

use super::jaro::{jaro, jaro_winkler, winkler};
use super::model::{Entry, Kind};
use super::normalize::{NameToken, NormalizedName, Script, TokenClass, normalize};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;

/// One list entry a screened name matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Index of the entry in the slice given to [`Screener::new`].
    pub entry: usize,
    /// The entry's name or alias that matched, as the list writes it.
    pub matched_name: String,
    /// 0..=1; 1 is an exact match.
    pub score: f32,
    /// Why it matched, e.g.
    /// `"token match 2/2, word order differs, transliteration (mohammed→mohamed)"`.
    pub reason: String,
}

/// Similarity of an initial and a full name starting with that letter.
const INITIAL_SIM: f32 = 0.6;
/// Score of a query that is a known acronym of an organisation's name.
const ACRONYM_SCORE: f32 = 0.7;
/// Factor applied when the query's kind and the entry's kind differ.
const KIND_MISMATCH: f32 = 0.75;
/// Highest score when one side is a single name token and the other has more.
const SINGLE_TOKEN_CAP: f32 = 0.6;
/// Lowest Jaro-Winkler similarity for a spelling variant…
const VARIANT_MIN_JW: f32 = 0.88;
/// …whose plain Jaro similarity (no bonus for a shared prefix) must also reach this.
const VARIANT_MIN_JARO: f32 = 0.85;
/// Lowest Jaro-Winkler similarity for two tokens sharing a skeleton but not a light form.
const KEY_MIN_JW: f32 = 0.75;
/// Similarity of two tokens with the same light form (Mohammed, Mohamed).
const LIGHT_SIM: f32 = 0.97;
/// Tokens of a screened name beyond this many are ignored.
const MAX_QUERY_TOKENS: usize = 32;
/// Marks a form token that is an initial (not in the vocabulary).
const NO_VOCAB: u32 = u32::MAX;

/// How two tokens matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    Exact,
    Transliteration,
    Variant,
    /// The screened name has an initial for the list's full token.
    QueryInitial,
    /// The list has an initial for the screened name's full token.
    ListInitial,
}

/// A distinct folded token of the list.
struct Vocab {
    text: String,
    light: String,
    vowel: u8,
    /// Letters and digits present, one bit each (see [`letter_mask`]).
    mask: u64,
    weak: bool,
    /// Forms containing the token, ascending, no repeats.
    forms: Vec<u32>,
}

/// A token of an indexed name: what scoring needs, in 8 bytes. Its written form, script and
/// the words set aside come back from normalising the form's name again, for the few forms
/// that make a hit (a big list holds millions of tokens).
#[derive(Clone, Copy)]
struct FormToken {
    /// Its vocabulary entry, or [`NO_VOCAB`] for an initial.
    vocab: u32,
    class: TokenClass,
    /// The folded text's first byte: an initial's whole text.
    first: u8,
}

/// One name or alias of an entry, normalised.
struct Form {
    entry: u32,
    name: Box<str>,
    alias: bool,
    tokens: Box<[FormToken]>,
    weight: f32,
    counted: usize,
    has_initials: bool,
}

/// A screened name token's matches in the vocabulary, best first.
#[derive(Clone, Copy)]
struct VocabMatch {
    vocab: u32,
    sim: f32,
    how: How,
}

struct Query<'a> {
    norm: &'a NormalizedName,
    matches: Vec<Vec<VocabMatch>>,
    weight: f32,
    counted: usize,
}

/// A pairing of query token `q` with form token `f`.
#[derive(Clone, Copy)]
struct Pair {
    q: usize,
    f: usize,
    sim: f32,
    how: How,
}

struct Scored {
    score: f32,
    pairs: Vec<Pair>,
    capped: bool,
    kind_lowered: bool,
}

/// Per-thread candidate accumulators, sized to the number of forms.
#[derive(Default)]
struct Scratch {
    sum: Vec<f32>,
    hits: Vec<u16>,
    last: Vec<u16>,
    touched: Vec<u32>,
}

impl Scratch {
    fn ensure(&mut self, n: usize) {
        if self.sum.len() < n {
            self.sum.resize(n, 0.0);
            self.hits.resize(n, 0);
            self.last.resize(n, u16::MAX);
        }
    }

    fn reset(&mut self) {
        for f in self.touched.drain(..) {
            let i = f as usize;
            if let Some(s) = self.sum.get_mut(i) {
                *s = 0.0;
            }
            if let Some(h) = self.hits.get_mut(i) {
                *h = 0;
            }
            if let Some(l) = self.last.get_mut(i) {
                *l = u16::MAX;
            }
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// An index over a list's names for fast, explainable screening.
pub struct Screener {
    kinds: Vec<Kind>,
    forms: Vec<Form>,
    vocab: Vec<Vocab>,
    by_text: HashMap<String, u32>,
    by_key: HashMap<String, Vec<u32>>,
    /// (first letter, length) → vocabulary, for spelling variants.
    buckets: HashMap<(u8, usize), Vec<u32>>,
    /// Organisation acronyms → forms.
    acronyms: HashMap<String, Vec<u32>>,
}

/// Weight sum and count of the tokens that make a name (weak ones only when there is nothing else).
fn weigh(tokens: &[NameToken]) -> (f32, usize) {
    let weight = tokens.iter().map(NameToken::weight).sum();
    let strong = tokens
        .iter()
        .filter(|t| t.class != TokenClass::Weak)
        .count();
    (weight, if strong == 0 { tokens.len() } else { strong })
}

fn first_byte(s: &str) -> u8 {
    s.bytes().next().unwrap_or(0)
}

impl Screener {
    /// Builds the index over every entry's name and aliases.
    pub fn new(entries: &[Entry]) -> Self {
        let mut s = Screener {
            kinds: Vec::with_capacity(entries.len()),
            forms: Vec::new(),
            vocab: Vec::new(),
            by_text: HashMap::new(),
            by_key: HashMap::new(),
            buckets: HashMap::new(),
            acronyms: HashMap::new(),
        };
        for (entry_index, entry) in entries.iter().enumerate() {
            s.kinds.push(entry.kind);
            let Ok(entry_id) = u32::try_from(entry_index) else {
                break;
            };
            let mut seen: Vec<Vec<String>> = Vec::new();
            for (name_index, name) in entry.names().enumerate() {
                let norm = normalize(name);
                let texts: Vec<String> = norm.tokens.iter().map(|t| t.text.clone()).collect();
                if texts.is_empty() || seen.contains(&texts) {
                    continue;
                }
                seen.push(texts);
                s.add_form(entry_id, entry.kind, name, name_index > 0, norm);
            }
        }
        s
    }

    fn add_form(&mut self, entry: u32, kind: Kind, name: &str, alias: bool, norm: NormalizedName) {
        let Ok(form_id) = u32::try_from(self.forms.len()) else {
            return;
        };
        let (weight, counted) = weigh(&norm.tokens);
        let mut tokens = Vec::with_capacity(norm.tokens.len());
        for tok in &norm.tokens {
            let vocab = if tok.class == TokenClass::Initial {
                NO_VOCAB
            } else {
                self.intern(tok, form_id)
            };
            tokens.push(FormToken {
                vocab,
                class: tok.class,
                first: first_byte(&tok.text),
            });
        }
        if matches!(kind, Kind::Organization | Kind::Unknown) {
            for acronym in norm.acronyms {
                let forms = self.acronyms.entry(acronym).or_default();
                if forms.last() != Some(&form_id) {
                    forms.push(form_id);
                }
            }
        }
        self.forms.push(Form {
            entry,
            name: name.into(),
            alias,
            has_initials: tokens.iter().any(|t| t.vocab == NO_VOCAB),
            tokens: tokens.into_boxed_slice(),
            weight,
            counted,
        });
    }

    /// The vocabulary id of a token, adding it (and `form` to its postings).
    fn intern(&mut self, tok: &NameToken, form: u32) -> u32 {
        let id = match self.by_text.get(&tok.text) {
            Some(&id) => id,
            None => {
                let Ok(id) = u32::try_from(self.vocab.len()) else {
                    return NO_VOCAB;
                };
                self.vocab.push(Vocab {
                    text: tok.text.clone(),
                    light: tok.keys.light.clone(),
                    vowel: tok.keys.vowel,
                    mask: letter_mask(&tok.text),
                    weak: tok.class == TokenClass::Weak,
                    forms: Vec::new(),
                });
                self.by_text.insert(tok.text.clone(), id);
                self.by_key
                    .entry(tok.keys.key.clone())
                    .or_default()
                    .push(id);
                self.buckets
                    .entry((first_byte(&tok.text), tok.text.len()))
                    .or_default()
                    .push(id);
                id
            }
        };
        if let Some(v) = self.vocab.get_mut(id as usize)
            && v.forms.last() != Some(&form)
        {
            v.forms.push(form);
        }
        id
    }

    /// Number of entries indexed.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// True when the list had no entries.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// Screens one name. `kind` is what the name is known to be (`None`: unknown); hits with a
    /// score of at least `threshold` (clamped to 0..=1; NaN counts as 0) come back best first,
    /// one per entry. 0.85 is a good default; 0.75 also shows initials and partial names.
    pub fn screen(&self, name: &str, kind: Option<Kind>, threshold: f32) -> Vec<Hit> {
        let norm = prepare(name);
        with_scratch(|scratch| {
            self.screen_prepared(scratch, &norm, kind, threshold, &|t| self.resolve(t))
        })
    }

    /// Screens many names in parallel (rayon); the result is in the order of `names`. Tokens
    /// the names share (common given names) are looked up in the index once.
    pub fn screen_all<S: AsRef<str> + Sync>(
        &self,
        names: &[S],
        kind: Option<Kind>,
        threshold: f32,
    ) -> Vec<Vec<Hit>> {
        let norms: Vec<NormalizedName> = names.par_iter().map(|n| prepare(n.as_ref())).collect();
        let mut distinct: HashMap<&str, &NameToken> = HashMap::new();
        for token in norms.iter().flat_map(|n| &n.tokens) {
            if token.class != TokenClass::Initial {
                distinct.entry(token.text.as_str()).or_insert(token);
            }
        }
        let distinct: Vec<&NameToken> = distinct.into_values().collect();
        let resolved: HashMap<&str, Vec<VocabMatch>> = distinct
            .par_iter()
            .map(|t| (t.text.as_str(), self.resolve(t)))
            .collect();
        let lookup = |t: &NameToken| resolved.get(t.text.as_str()).cloned().unwrap_or_default();
        norms
            .par_iter()
            .map(|norm| {
                with_scratch(|scratch| {
                    self.screen_prepared(scratch, norm, kind, threshold, &lookup)
                })
            })
            .collect()
    }

    fn screen_prepared(
        &self,
        scratch: &mut Scratch,
        norm: &NormalizedName,
        kind: Option<Kind>,
        threshold: f32,
        resolve: &dyn Fn(&NameToken) -> Vec<VocabMatch>,
    ) -> Vec<Hit> {
        let threshold = if threshold.is_finite() {
            threshold.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if norm.tokens.is_empty() {
            return Vec::new();
        }
        let matches = norm.tokens.iter().map(resolve).collect();
        let (weight, counted) = weigh(&norm.tokens);
        let query = Query {
            norm,
            matches,
            weight,
            counted,
        };
        let mut best: HashMap<u32, (u32, Scored)> = HashMap::new();
        for (form_id, ub) in self.candidates(scratch, &query) {
            let Some(form) = self.forms.get(form_id as usize) else {
                continue;
            };
            let factor = self.kind_factor(kind, form.entry);
            if ub * factor < threshold || ub <= 0.0 {
                continue;
            }
            let scored = self.score(&query, form, factor);
            if scored.score < threshold || scored.score <= 0.0 {
                continue;
            }
            match best.get(&form.entry) {
                Some((_, b)) if b.score >= scored.score => {}
                _ => {
                    best.insert(form.entry, (form_id, scored));
                }
            }
        }
        let mut hits: Vec<Hit> = best
            .into_iter()
            .filter_map(|(_, (form_id, scored))| {
                let form = self.forms.get(form_id as usize)?;
                Some(Hit {
                    entry: form.entry as usize,
                    matched_name: form.name.to_string(),
                    score: scored.score,
                    reason: self.reason(&query, form, &scored, kind),
                })
            })
            .collect();
        self.acronym_hits(&query, kind, threshold, &mut hits);
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        hits
    }

    /// A query token's matches in the vocabulary, best first: the same folded text (1.0), the
    /// same light form (0.97), the same skeleton with close length and spelling (0.9–1.0), or
    /// a close spelling with the same first letter (0.84–0.95).
    fn resolve(&self, t: &NameToken) -> Vec<VocabMatch> {
        let mut out: Vec<VocabMatch> = Vec::new();
        if t.class == TokenClass::Initial {
            return out;
        }
        if let Some(&vocab) = self.by_text.get(&t.text) {
            out.push(VocabMatch {
                vocab,
                sim: 1.0,
                how: How::Exact,
            });
        }
        let len = t.text.len();
        for &vocab in self.by_key.get(&t.keys.key).map_or(&[][..], Vec::as_slice) {
            let Some(v) = self.vocab.get(vocab as usize) else {
                continue;
            };
            if v.text == t.text {
                continue;
            }
            let sim = if v.light == t.keys.light {
                LIGHT_SIM
            } else {
                let vowels_agree = t.keys.vowel == 0 || v.vowel == 0 || t.keys.vowel == v.vowel;
                let longer = len.max(v.text.len());
                let close_length = len.abs_diff(v.text.len()) <= (longer / 3).max(2);
                if !vowels_agree || !close_length || t.keys.key.len() < 3 {
                    continue;
                }
                let jw = jaro_winkler(&t.text, &v.text);
                if jw < KEY_MIN_JW {
                    continue;
                }
                0.6 + 0.4 * jw
            };
            out.push(VocabMatch {
                vocab,
                sim,
                how: How::Transliteration,
            });
        }
        if len >= 4 {
            let first = first_byte(&t.text);
            let mask = letter_mask(&t.text);
            for l in len.saturating_sub(2).max(4)..=len + 2 {
                // Short tokens may differ by one letter in length, longer ones by two.
                if len.min(l) <= 4 && len.abs_diff(l) > 1 {
                    continue;
                }
                for &vocab in self.buckets.get(&(first, l)).map_or(&[][..], Vec::as_slice) {
                    let Some(v) = self.vocab.get(vocab as usize) else {
                        continue;
                    };
                    if jaro_bound(&t.text, mask, &v.text, v.mask) < VARIANT_MIN_JARO
                        || out.iter().any(|m| m.vocab == vocab)
                    {
                        continue;
                    }
                    let j = jaro(&t.text, &v.text);
                    let jw = winkler(&t.text, &v.text, j);
                    if j >= VARIANT_MIN_JARO && jw >= VARIANT_MIN_JW {
                        out.push(VocabMatch {
                            vocab,
                            sim: 0.95 * jw,
                            how: How::Variant,
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| b.sim.total_cmp(&a.sim));
        out
    }

    /// Forms reached through the index, each with an upper bound of its score (kind aside).
    fn candidates(&self, scratch: &mut Scratch, q: &Query<'_>) -> Vec<(u32, f32)> {
        scratch.ensure(self.forms.len());
        let tokens = &q.norm.tokens;
        let strong: Vec<usize> = (0..tokens.len())
            .filter(|&i| tokens.get(i).is_some_and(|t| t.class == TokenClass::Strong))
            .collect();
        let lookup: Vec<usize> = if strong.is_empty() {
            (0..tokens.len())
                .filter(|&i| tokens.get(i).is_some_and(|t| t.class == TokenClass::Weak))
                .collect()
        } else {
            strong
        };
        let mut rest_bound = 0.0f32;
        for (i, t) in tokens.iter().enumerate() {
            if t.class == TokenClass::Initial {
                rest_bound += INITIAL_SIM;
            } else if !lookup.contains(&i) {
                rest_bound += t.weight();
            }
        }
        for (rank, &i) in lookup.iter().enumerate() {
            let rank = u16::try_from(rank).unwrap_or(u16::MAX - 1);
            let (Some(t), Some(ms)) = (tokens.get(i), q.matches.get(i)) else {
                continue;
            };
            for m in ms {
                let Some(v) = self.vocab.get(m.vocab as usize) else {
                    continue;
                };
                let w = if v.weak {
                    t.weight().min(0.3)
                } else {
                    t.weight()
                };
                for &f in &v.forms {
                    let fi = f as usize;
                    let Some(last) = scratch.last.get_mut(fi) else {
                        continue;
                    };
                    if *last == rank {
                        continue;
                    }
                    if *last == u16::MAX {
                        scratch.touched.push(f);
                    }
                    *last = rank;
                    if let Some(s) = scratch.sum.get_mut(fi) {
                        *s += m.sim * w;
                    }
                    if let Some(h) = scratch.hits.get_mut(fi) {
                        *h = h.saturating_add(1);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(scratch.touched.len());
        for &f in &scratch.touched {
            let fi = f as usize;
            let (Some(form), Some(&sum), Some(&hits)) = (
                self.forms.get(fi),
                scratch.sum.get(fi),
                scratch.hits.get(fi),
            ) else {
                continue;
            };
            let mut bound = sum + rest_bound;
            if form.has_initials {
                bound += INITIAL_SIM * lookup.len().saturating_sub(usize::from(hits)) as f32;
            }
            out.push((f, combine(bound, q.weight, form.weight)));
        }
        scratch.reset();
        out
    }

    fn kind_factor(&self, kind: Option<Kind>, entry: u32) -> f32 {
        let listed = self.kinds.get(entry as usize).copied().unwrap_or_default();
        match kind {
            Some(k) if k != Kind::Unknown && listed != Kind::Unknown && k != listed => {
                KIND_MISMATCH
            }
            _ => 1.0,
        }
    }

    /// Pairs the tokens one-to-one, best similarity first, and scores the pairing.
    fn score(&self, q: &Query<'_>, form: &Form, factor: f32) -> Scored {
        let mut candidates: Vec<Pair> = Vec::new();
        for (qi, qt) in q.norm.tokens.iter().enumerate() {
            for (fi, ft) in form.tokens.iter().enumerate() {
                if let Some((sim, how)) = token_sim(q, qi, qt, ft) {
                    candidates.push(Pair {
                        q: qi,
                        f: fi,
                        sim,
                        how,
                    });
                }
            }
        }
        candidates.sort_by(|a, b| {
            b.sim
                .total_cmp(&a.sim)
                .then(a.q.abs_diff(a.f).cmp(&b.q.abs_diff(b.f)))
        });
        let mut q_used = vec![false; q.norm.tokens.len()];
        let mut f_used = vec![false; form.tokens.len()];
        let mut pairs = Vec::new();
        let mut sum = 0.0f32;
        for p in candidates {
            let free = q_used.get(p.q) == Some(&false) && f_used.get(p.f) == Some(&false);
            if !free {
                continue;
            }
            if let Some(u) = q_used.get_mut(p.q) {
                *u = true;
            }
            if let Some(u) = f_used.get_mut(p.f) {
                *u = true;
            }
            let wq = q.norm.tokens.get(p.q).map_or(0.0, NameToken::weight);
            let wf = form.tokens.get(p.f).map_or(0.0, |t| t.class.weight());
            sum += p.sim * wq.min(wf);
            pairs.push(p);
        }
        let mut score = combine(sum, q.weight, form.weight);
        let capped = q.counted.min(form.counted) == 1
            && q.counted.max(form.counted) >= 2
            && score > SINGLE_TOKEN_CAP;
        if capped {
            score = SINGLE_TOKEN_CAP;
        }
        let kind_lowered = factor < 1.0;
        Scored {
            score: (score * factor).clamp(0.0, 1.0),
            pairs,
            capped,
            kind_lowered,
        }
    }

    /// Explains a scored pairing.
    fn reason(&self, q: &Query<'_>, form: &Form, s: &Scored, kind: Option<Kind>) -> String {
        // The form's tokens as normalised when indexed (normalising is deterministic).
        let form_norm = normalize(&form.name);
        let qt = |i: usize| q.norm.tokens.get(i);
        let ft = |i: usize| form_norm.tokens.get(i);
        let total = q.norm.tokens.len().max(form.tokens.len());
        let mut parts = vec![format!("token match {}/{}", s.pairs.len(), total)];
        if form.alias {
            parts.push("via alias".to_string());
        }
        let mut by_query = s.pairs.clone();
        by_query.sort_by_key(|p| p.q);
        if by_query
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.f > b.f))
        {
            parts.push("word order differs".to_string());
        }
        let scripts: Vec<Script> = s
            .pairs
            .iter()
            .flat_map(|p| [qt(p.q).map(|t| t.script), ft(p.f).map(|t| t.script)])
            .flatten()
            .collect();
        if scripts.contains(&Script::Accented) {
            parts.push("accents folded".to_string());
        }
        if scripts.contains(&Script::NonLatin) {
            parts.push("non-Latin script transliterated".to_string());
        }
        let mut translit = Vec::new();
        let mut variants = Vec::new();
        for p in &by_query {
            let (Some(a), Some(b)) = (qt(p.q), ft(p.f)) else {
                continue;
            };
            match p.how {
                How::Exact => {}
                How::Transliteration => translit.push(format!("{} ~ {}", a.text, b.text)),
                How::Variant => variants.push(format!("{}≈{}", a.text, b.text)),
                How::QueryInitial => parts.push(format!("initial {} for {}", initial(a), b.orig)),
                How::ListInitial => {
                    parts.push(format!("list initial {} for {}", initial(b), a.orig));
                }
            }
        }
        if !translit.is_empty() {
            parts.push(format!("transliteration ({})", translit.join(", ")));
        }
        if !variants.is_empty() {
            parts.push(format!("spelling variant ({})", variants.join(", ")));
        }
        let mut ignored: Vec<&str> = Vec::new();
        for w in q.norm.ignored.iter().chain(form_norm.ignored.iter()) {
            if !ignored.contains(&w.as_str()) {
                ignored.push(w);
            }
        }
        if !ignored.is_empty() {
            parts.push(format!("ignored: {}", ignored.join(", ")));
        }
        let unmatched_q = (0..q.norm.tokens.len()).filter(|i| !s.pairs.iter().any(|p| p.q == *i));
        let unmatched_f = (0..form.tokens.len()).filter(|i| !s.pairs.iter().any(|p| p.f == *i));
        let unmatched: Vec<String> = unmatched_q
            .filter_map(qt)
            .chain(unmatched_f.filter_map(ft))
            .map(|t| match t.class {
                TokenClass::Weak => format!("{} (generic)", t.orig),
                _ => t.orig.clone(),
            })
            .collect();
        if !unmatched.is_empty() {
            parts.push(format!("unmatched: {}", unmatched.join(", ")));
        }
        if s.capped {
            parts.push("only one name token on one side".to_string());
        }
        if s.kind_lowered {
            let listed = self
                .kinds
                .get(form.entry as usize)
                .copied()
                .unwrap_or_default();
            let asked = kind.unwrap_or_default();
            parts.push(format!(
                "kind differs ({} vs {})",
                asked.label(),
                listed.label()
            ));
        }
        if parts.len() == 1 && s.pairs.len() == total {
            parts.push("exact".to_string());
        }
        parts.join(", ")
    }

    /// Adds weak hits for a one-word query that is an organisation's acronym.
    fn acronym_hits(&self, q: &Query<'_>, kind: Option<Kind>, threshold: f32, hits: &mut Vec<Hit>) {
        if kind == Some(Kind::Person) {
            return;
        }
        let [token] = q.norm.tokens.as_slice() else {
            return;
        };
        let letters = token.text.len();
        if !(2..=8).contains(&letters) || !token.text.bytes().all(|b| b.is_ascii_alphabetic()) {
            return;
        }
        for &f in self
            .acronyms
            .get(&token.text)
            .map_or(&[][..], Vec::as_slice)
        {
            let Some(form) = self.forms.get(f as usize) else {
                continue;
            };
            let factor = self.kind_factor(kind, form.entry);
            let score = ACRONYM_SCORE * factor;
            let entry = form.entry as usize;
            if score < threshold || hits.iter().any(|h| h.entry == entry && h.score >= score) {
                continue;
            }
            hits.retain(|h| h.entry != entry);
            let mut reason = format!(
                "acronym {} for {} (weak match)",
                token.orig.to_uppercase(),
                form.name
            );
            if factor < 1.0 {
                let listed = self.kinds.get(entry).copied().unwrap_or_default();
                let asked = kind.unwrap_or_default();
                reason.push_str(&format!(
                    ", kind differs ({} vs {})",
                    asked.label(),
                    listed.label()
                ));
            }
            hits.push(Hit {
                entry,
                matched_name: form.name.to_string(),
                score,
                reason,
            });
        }
    }
}

/// A screened name, normalised, with at most [`MAX_QUERY_TOKENS`] tokens.
fn prepare(name: &str) -> NormalizedName {
    let mut norm = normalize(name);
    norm.tokens.truncate(MAX_QUERY_TOKENS);
    norm
}

/// Runs `f` with this thread's scratch space (a fresh one if it is somehow in use).
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Similarity of query token `qi` and a form token, if they match at all.
fn token_sim(q: &Query<'_>, qi: usize, qt: &NameToken, ft: &FormToken) -> Option<(f32, How)> {
    let q_initial = qt.class == TokenClass::Initial;
    let f_initial = ft.class == TokenClass::Initial;
    let same_first = first_byte(&qt.text) == ft.first;
    match (q_initial, f_initial) {
        (false, false) => q
            .matches
            .get(qi)?
            .iter()
            .find(|m| m.vocab == ft.vocab)
            .map(|m| (m.sim, m.how)),
        // An initial's text is its one letter.
        (true, true) => same_first.then_some((1.0, How::Exact)),
        (true, false) => same_first.then_some((INITIAL_SIM, How::QueryInitial)),
        (false, true) => same_first.then_some((INITIAL_SIM, How::ListInitial)),
    }
}

/// One bit per letter or digit present.
fn letter_mask(s: &str) -> u64 {
    s.bytes().fold(0, |mask, b| mask | letter_bit(b))
}

fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 1 << 63,
    }
}

/// An upper bound of [`jaro`] from the letters each side lacks, cheap enough to skip most of
/// the vocabulary before the real comparison.
fn jaro_bound(a: &str, a_mask: u64, b: &str, b_mask: u64) -> f32 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let a_common = a.iter().filter(|&&c| b_mask & letter_bit(c) != 0).count();
    let b_common = b.iter().filter(|&&c| a_mask & letter_bit(c) != 0).count();
    let m = a_common.min(b_common) as f32;
    if m == 0.0 {
        return 0.0;
    }
    (m / a.len() as f32 + m / b.len() as f32 + 1.0) / 3.0
}

/// `A.` for an initial token.
fn initial(t: &NameToken) -> String {
    format!("{}.", t.text.to_uppercase())
}

/// Score from the paired similarity and the two sides' weights.
fn combine(sum: f32, query_weight: f32, form_weight: f32) -> f32 {
    let small = query_weight.min(form_weight);
    let large = query_weight.max(form_weight);
    if small <= 0.0 {
        return 0.0;
    }
    0.7 * (sum / small).min(1.0) + 0.3 * (sum / large).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(reference: &str, name: &str, aliases: &[&str]) -> Entry {
        Entry {
            reference: reference.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            kind: Kind::Person,
            programs: vec!["SAMPLE".into()],
            listed: None,
            remarks: None,
        }
    }

    fn org(reference: &str, name: &str) -> Entry {
        Entry {
            kind: Kind::Organization,
            ..person(reference, name, &[])
        }
    }

    fn list() -> Vec<Entry> {
        vec![
            person("1", "Abdourahamane Tchiani", &[]),
            person("2", "Assimi Goïta", &[]),
            person("3", "Mohamed Toumba", &[]),
            person("4", "MOHAMMED, Salif", &[]),
            org("5", "Wagner Group"),
            org("6", "Islamic State of Iraq and Syria"),
            org("7", "Sahel Horizon Logistics SARL"),
            person("8", "Vladimir Vladimirovich PUTIN", &[]),
            person("9", "Yusuf al-Qarani", &["Youssef El Karani"]),
            person("10", "Abdourahmane Tiani", &[]),
        ]
    }

    fn top(screener: &Screener, name: &str, kind: Option<Kind>) -> Option<Hit> {
        screener.screen(name, kind, 0.5).into_iter().next()
    }

    fn score_for(screener: &Screener, name: &str, entry: usize) -> f32 {
        screener
            .screen(name, None, 0.0)
            .into_iter()
            .find(|h| h.entry == entry)
            .map_or(0.0, |h| h.score)
    }

    #[test]
    fn word_order_does_not_matter() {
        let s = Screener::new(&list());
        let hit = top(&s, "Tchiani Abdourahamane", None).expect("hit");
        assert_eq!(hit.entry, 0);
        assert!(hit.score > 0.99, "{hit:?}");
        assert_eq!(hit.reason, "token match 2/2, word order differs");
        let putin = top(&s, "Putin, Vladimir", Some(Kind::Person)).expect("hit");
        assert_eq!(putin.entry, 7);
        assert!(putin.score >= 0.85, "{putin:?}");
        assert!(
            putin.reason.contains("unmatched: Vladimirovich"),
            "{putin:?}"
        );
        let wagner = top(&s, "Wagner", None).expect("hit");
        assert_eq!(wagner.reason, "token match 1/2, unmatched: Group (generic)");
    }

    #[test]
    fn accents_are_folded() {
        let s = Screener::new(&list());
        let hit = top(&s, "Assimi Goita", None).expect("hit");
        assert_eq!(hit.entry, 1);
        assert!(hit.score > 0.99);
        assert_eq!(hit.reason, "token match 2/2, accents folded");
    }

    #[test]
    fn transliterations_match() {
        let s = Screener::new(&list());
        let hit = top(&s, "Mohamed Salif", None).expect("hit");
        assert_eq!(hit.entry, 3);
        assert!(hit.score >= 0.9, "{hit:?}");
        assert_eq!(
            hit.reason,
            "token match 2/2, word order differs, transliteration (mohamed ~ mohammed)"
        );
        for variant in ["Muhammad Salif", "Mohammad Salif", "Mouhamed Salif"] {
            assert!(score_for(&s, variant, 3) >= 0.85, "{variant}");
        }
        let yusuf = top(&s, "Youssef Al-Karani", None).expect("hit");
        assert_eq!(yusuf.entry, 8);
        assert!(yusuf.score >= 0.95, "{yusuf:?}");
        assert!(yusuf.reason.contains("ignored: al"), "{yusuf:?}");
        let ould = top(&s, "Yousef Ould Qarani", None).expect("hit");
        assert_eq!(ould.entry, 8);
        assert!(ould.score >= 0.85, "{ould:?}");
        let tiani = score_for(&s, "Abdurahman Tiani", 9);
        assert!(tiani >= 0.9, "{tiani}");
        let variant = s
            .screen("Abdourahamane Tchiani", None, 0.85)
            .into_iter()
            .find(|h| h.entry == 9)
            .expect("Tiani variant");
        assert!(
            variant.reason.contains("spelling variant (tchiani≈tiani)"),
            "{variant:?}"
        );
    }

    #[test]
    fn initials_match_with_a_lower_score() {
        let s = Screener::new(&list());
        let hit = s
            .screen("A. Tchiani", None, 0.5)
            .into_iter()
            .find(|h| h.entry == 0)
            .expect("hit");
        assert!(hit.score < 0.85 && hit.score >= 0.75, "{hit:?}");
        assert_eq!(hit.reason, "token match 2/2, initial A. for Abdourahamane");
    }

    #[test]
    fn near_misses_do_not_match() {
        let s = Screener::new(&list());
        assert!(score_for(&s, "Mohamed Bazoum", 2) < 0.85);
        assert!(score_for(&s, "Mohamed Bazoum", 3) < 0.85);
        assert!(s.screen("Mohamed Bazoum", None, 0.85).is_empty());
        assert!(s.screen("Mohamed", None, 0.85).is_empty());
        assert!(s.screen("Abdourahamane", None, 0.85).is_empty());
        assert!(s.screen("Assimi Diallo", None, 0.85).is_empty());
        assert!(score_for(&s, "Hussein Toumba", 2) < 0.85);
        assert!(s.screen("", None, 0.0).is_empty());
        assert!(s.screen("., -", None, 0.0).is_empty());
    }

    #[test]
    fn organizations_ignore_suffixes_and_match_acronyms_weakly() {
        let s = Screener::new(&list());
        let wagner = top(&s, "Wagner", None).expect("hit");
        assert_eq!(wagner.entry, 4);
        assert!(wagner.score >= 0.85, "{wagner:?}");
        let sahel = top(&s, "Sahel Horizon Logistics Ltd.", Some(Kind::Organization)).expect("hit");
        assert_eq!(sahel.entry, 6);
        assert!(sahel.score > 0.99, "{sahel:?}");
        assert!(sahel.reason.contains("ignored: ltd, sarl"), "{sahel:?}");
        let isis = top(&s, "ISIS", None).expect("hit");
        assert_eq!(isis.entry, 5);
        assert!((isis.score - ACRONYM_SCORE).abs() < 1e-6);
        assert!(
            isis.reason.starts_with("acronym ISIS for Islamic State"),
            "{isis:?}"
        );
        assert!(s.screen("ISIS", Some(Kind::Person), 0.5).is_empty());
    }

    #[test]
    fn kind_mismatch_lowers_the_score() {
        let s = Screener::new(&list());
        let as_org = top(&s, "Assimi Goita", Some(Kind::Organization)).expect("hit");
        assert!((as_org.score - KIND_MISMATCH).abs() < 0.01, "{as_org:?}");
        assert!(
            as_org
                .reason
                .ends_with("kind differs (organization vs person)")
        );
        assert!(
            s.screen("Assimi Goita", Some(Kind::Organization), 0.85)
                .is_empty()
        );
    }

    #[test]
    fn screen_all_keeps_order() {
        let s = Screener::new(&list());
        let all = s.screen_all(&["Assimi Goita", "nobody at all", "Wagner"], None, 0.85);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0][0].entry, 1);
        assert!(all[1].is_empty());
        assert_eq!(all[2][0].entry, 4);
    }

    #[test]
    fn garbage_never_panics() {
        let alphabet: Vec<char> =
            "aé ,.-'’\u{308}\u{301}ÅßØłİ中文字ب محمدЖж🙂0123456789\t\n&()\"#;"
                .chars()
                .collect();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as usize
        };
        let mut random = |max: usize| -> String {
            let len = next() % max;
            (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect()
        };
        let mut entries: Vec<Entry> = (0..200)
            .map(|i| Entry {
                aliases: vec![random(40), random(200)],
                ..person(&i.to_string(), &random(60), &[])
            })
            .collect();
        entries.push(person(
            "long",
            &"x".repeat(500),
            &["a b c d e f g h i j k l m n o p"],
        ));
        let s = Screener::new(&entries);
        for round in 0..100 {
            let name = random(80);
            let thresholds = [0.0, 0.85, f32::NAN, -1.0, 2.0];
            for threshold in [thresholds[round % thresholds.len()], 0.85] {
                for hit in s.screen(&name, Some(Kind::Person), threshold) {
                    assert!((0.0..=1.0).contains(&hit.score));
                    assert!(hit.entry < entries.len());
                }
            }
        }
        let _ = s.screen(&"y".repeat(500), None, 0.0);
        let _ = s.screen(&"a ".repeat(100), None, 0.0);
        let _ = Screener::new(&[]).screen("anything", None, 0.0);
    }

    #[test]
    fn pruning_agrees_with_full_scoring() {
        let entries = list();
        let s = Screener::new(&entries);
        for name in [
            "Tchiani Abdourahamane",
            "A. Tchiani",
            "Mohamed Bazoum",
            "Salif Mohamed",
            "Wagner",
            "Youssef Karani",
        ] {
            let high = s.screen(name, None, 0.8);
            let low: Vec<Hit> = s
                .screen(name, None, 0.0)
                .into_iter()
                .filter(|h| h.score >= 0.8)
                .collect();
            assert_eq!(high, low, "{name}");
        }
    }
}
