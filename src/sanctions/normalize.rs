//! Name normalisation for screening: splitting a name into tokens, folding accents and other
//! scripts to ASCII (deunicode), setting aside particles (al, bin, de, van, ould…), legal
//! suffixes (Ltd, SARL…) and stopwords, and computing each token's transliteration key, a
//! consonant skeleton on which Mohamed, Mohammed and Muhammad agree.

use deunicode::deunicode_with_tofu_cow;

/// How a token counts when names are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenClass {
    /// A name word: counts in full.
    Strong,
    /// A generic organisation word (group, trading, international…): counts a little.
    Weak,
    /// A single letter, usually an initial (`A.`).
    Initial,
}

impl TokenClass {
    /// How much a token of this class weighs in a comparison.
    pub fn weight(self) -> f32 {
        match self {
            TokenClass::Strong | TokenClass::Initial => 1.0,
            TokenClass::Weak => 0.3,
        }
    }
}

/// What the token was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    Ascii,
    /// Latin letters with accents or other marks (Goïta, Łukasz).
    Accented,
    /// Another script (Arabic, Cyrillic…), transliterated by deunicode.
    NonLatin,
}

/// One token of a normalised name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NameToken {
    /// Folded form: ASCII, lower case, letters and digits (`goita`).
    pub text: String,
    /// Spelling keys; skeletons only match when the first vowels agree, so Hassan and
    /// Hussein stay apart.
    pub keys: Keys,
    /// The token as written (`Goïta`; `Abd al-Rahman` for a merged prefix).
    pub orig: String,
    pub class: TokenClass,
    pub script: Script,
}

impl NameToken {
    /// How much the token weighs in a comparison.
    pub fn weight(&self) -> f32 {
        self.class.weight()
    }
}

/// A name ready for comparison.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct NormalizedName {
    /// Tokens in reading order (`LAST, First` is read as `First LAST`).
    pub tokens: Vec<NameToken>,
    /// Folded particles, legal suffixes and stopwords that were set aside.
    pub ignored: Vec<String>,
    /// Acronyms an organisation name could go by (`islamic state of iraq and syria` → `isis`).
    pub acronyms: Vec<String>,
}

/// Name particles: set aside on both sides, so al-Bashir = el Bashir = Bashir.
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "bin", "ben", "ibn", "bint", "binti", "de", "da", "di", "do", "dos", "das",
    "du", "del", "della", "der", "den", "des", "la", "le", "van", "von", "ter", "ten", "ould",
    "uld", "wuld", "ag",
];

/// Legal-form suffixes of organisations.
const LEGAL: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "cie",
    "sarl",
    "sarlu",
    "sa",
    "sas",
    "gmbh",
    "ag",
    "kg",
    "plc",
    "bv",
    "nv",
    "srl",
    "spa",
    "llp",
    "lp",
    "jsc",
    "ojsc",
    "pjsc",
    "cjsc",
    "ooo",
    "zao",
    "oao",
    "fze",
    "fzco",
    "fzc",
    "pte",
    "pty",
    "pvt",
    "ltda",
    "bhd",
    "sdn",
];

/// Words that carry no identity.
const STOPWORDS: &[&str] = &["the", "of", "and", "for", "und", "et"];

/// Generic organisation and vessel words: compared, but weigh little.
const WEAK: &[&str] = &[
    "group",
    "groupe",
    "grupo",
    "holding",
    "holdings",
    "international",
    "intl",
    "trading",
    "trade",
    "services",
    "service",
    "enterprise",
    "enterprises",
    "industries",
    "industry",
    "general",
    "global",
    "partners",
    "associates",
    "establishment",
    "est",
    "foundation",
    "organization",
    "organisation",
    "mv",
    "mt",
];

/// Prefixes written apart or joined (Abd al-Rahman / Abdurrahman, Abu Bakr / Aboubakar):
/// joined to the next token before comparison.
const JOIN_NEXT: &[&str] = &[
    "abd", "abdel", "abdul", "abdal", "abdoul", "abdol", "abu", "abou",
];

/// Spelling rewrites applied before the skeleton is taken, in order.
const REWRITES: &[(&str, &str)] = &[
    ("tch", "ch"),
    ("sch", "sh"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("ph", "f"),
    ("kh", "h"),
    ("gh", "g"),
    ("dh", "d"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("w", "u"),
    ("ou", "u"),
    ("y", "i"),
];

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn vowel_class(b: u8) -> u8 {
    match b {
        b'a' => b'a',
        b'i' | b'y' => b'i',
        b'o' | b'u' => b'u',
        _ => 0,
    }
}

/// True for combining marks, which belong to the letter before them.
fn is_combining(c: char) -> bool {
    matches!(
        c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘' | '`' | '´')
}

fn script_of(raw: &str) -> Script {
    if raw.is_ascii() {
        Script::Ascii
    } else if raw
        .chars()
        .all(|c| (c as u32) < 0x0250 || (0x1E00..=0x1EFF).contains(&(c as u32)) || is_combining(c))
    {
        Script::Accented
    } else {
        Script::NonLatin
    }
}

/// The spelling keys of a folded token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Keys {
    /// Light form: spelling rewrites applied (`tch`→`ch`→`s`, `ph`→`f`, `q`→`k`, `ou`→`u`,
    /// `y`→`i`…) and doubled letters single, vowels kept: Mohammed and Mohamed agree here.
    pub light: String,
    /// Consonant skeleton of the light form (a leading vowel kept as `a`): `mhmd`.
    pub key: String,
    /// Class of the first vowel (`a`, `i`, `u`; 0 for `e` or none).
    pub vowel: u8,
}

/// The light form, skeleton and first-vowel class of a folded token.
pub(crate) fn keys(text: &str) -> Keys {
    let mut s = text.to_string();
    if let Some(rest) = text.strip_prefix("abd").filter(|r| !r.is_empty()) {
        // Abd + (ou|u|el|al|ul) + name: Abdourahamane = Abdurrahman = Abdelrahman.
        let rest = rest.trim_start_matches(|c: char| is_vowel(c as u8));
        let rest = rest.strip_prefix('l').unwrap_or(rest);
        s = format!("abd{rest}");
    }
    for (from, to) in REWRITES {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    let mut light = String::with_capacity(s.len());
    let mut prev = 0u8;
    for b in s.bytes() {
        if b != prev {
            light.push(char::from(b));
        }
        prev = b;
    }
    let vowel = light.bytes().find(|&b| is_vowel(b)).map_or(0, vowel_class);
    let mut key = String::with_capacity(light.len());
    for (i, b) in light.bytes().enumerate() {
        if i == 0 {
            key.push(if is_vowel(b) { 'a' } else { char::from(b) });
        } else if !is_vowel(b) {
            key.push(char::from(b));
        }
    }
    Keys { light, key, vowel }
}

/// `LAST, First Middle` → `First Middle LAST` when the name has exactly one comma.
fn reading_order(name: &str) -> String {
    match name.split_once(',') {
        Some((last, first)) if !first.contains(',') && first.chars().any(char::is_alphabetic) => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name.to_string(),
    }
}

/// `S.A.`, `U.S.A` → `SA`, `USA`: single letters joined by dots.
fn dotted_letters(chunk: &str) -> Option<String> {
    let parts: Vec<&str> = chunk.split('.').filter(|p| !p.is_empty()).collect();
    let all_single = parts.len() >= 2 && parts.iter().all(|p| p.chars().count() == 1);
    all_single.then(|| parts.concat())
}

/// Raw word tokens as written: split at spaces and punctuation, apostrophes dropped.
fn raw_tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in name.split_whitespace() {
        if let Some(joined) = dotted_letters(chunk)
            && LEGAL.contains(&joined.to_lowercase().as_str())
        {
            out.push(joined);
            continue;
        }
        let mut cur = String::new();
        for c in chunk.chars() {
            if c.is_alphanumeric() || is_combining(c) {
                cur.push(c);
            } else if !is_apostrophe(c) && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// A folded token before classification.
struct Folded {
    text: String,
    orig: String,
    script: Script,
}

fn fold(raw: Vec<String>) -> Vec<Folded> {
    let mut out = Vec::new();
    for orig in raw {
        let script = script_of(&orig);
        let ascii = deunicode_with_tofu_cow(&orig, "").to_ascii_lowercase();
        for piece in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !piece.is_empty() {
                out.push(Folded {
                    text: piece.to_string(),
                    orig: orig.clone(),
                    script,
                });
            }
        }
    }
    out
}

/// Joins `abd`/`abu` prefixes (and a particle after them) to the following token.
fn join_prefixes(tokens: Vec<Folded>) -> Vec<Folded> {
    let mut out: Vec<Folded> = Vec::with_capacity(tokens.len());
    let mut pending: Option<Folded> = None;
    for t in tokens {
        if let Some(mut p) = pending.take() {
            p.text.push_str(&t.text);
            if p.orig != t.orig {
                p.orig.push(' ');
                p.orig.push_str(&t.orig);
            }
            if t.script != Script::Ascii {
                p.script = t.script;
            }
            if PARTICLES.contains(&t.text.as_str()) {
                pending = Some(p);
            } else {
                out.push(p);
            }
            continue;
        }
        if JOIN_NEXT.contains(&t.text.as_str()) {
            pending = Some(t);
        } else {
            out.push(t);
        }
    }
    out.extend(pending);
    out
}

/// Normalises a name for comparison.
pub(crate) fn normalize(name: &str) -> NormalizedName {
    let folded = join_prefixes(fold(raw_tokens(&reading_order(name))));
    let acronyms = acronyms(&folded);
    let mut tokens = Vec::with_capacity(folded.len());
    let mut ignored = Vec::new();
    for f in &folded {
        let t = f.text.as_str();
        let class = if PARTICLES.contains(&t) || LEGAL.contains(&t) || STOPWORDS.contains(&t) {
            ignored.push(f.text.clone());
            continue;
        } else if t.len() == 1 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
            TokenClass::Initial
        } else if WEAK.contains(&t) {
            TokenClass::Weak
        } else {
            TokenClass::Strong
        };
        tokens.push(token(f, class));
    }
    if tokens.is_empty() && !ignored.is_empty() {
        // A name made only of set-aside words ("The Company") is compared on them.
        ignored.clear();
        tokens = folded
            .iter()
            .map(|f| token(f, TokenClass::Strong))
            .collect();
    }
    NormalizedName {
        tokens,
        ignored,
        acronyms,
    }
}

fn token(f: &Folded, class: TokenClass) -> NameToken {
    let keys = match class {
        TokenClass::Initial => Keys {
            light: f.text.clone(),
            key: f.text.clone(),
            vowel: 0,
        },
        _ => keys(&f.text),
    };
    NameToken {
        text: f.text.clone(),
        keys,
        orig: f.orig.clone(),
        class,
        script: f.script,
    }
}

/// Initial-letter acronyms of a name of two or more words, with and without legal suffixes.
fn acronyms(tokens: &[Folded]) -> Vec<String> {
    let mut out = Vec::new();
    for with_legal in [true, false] {
        let letters: Vec<u8> = tokens
            .iter()
            .map(|f| f.text.as_str())
            .filter(|t| !STOPWORDS.contains(t) && !PARTICLES.contains(t))
            .filter(|t| with_legal || !LEGAL.contains(t))
            .filter_map(|t| t.bytes().next())
            .collect();
        if letters.len() >= 2 && letters.iter().all(u8::is_ascii_alphabetic) {
            let acronym = String::from_utf8_lossy(&letters).to_string();
            if !out.contains(&acronym) {
                out.push(acronym);
            }
        }
    }
    out
}

/// A normalised comparison key for a whole name: folded tokens, particles and legal suffixes
/// set aside, sorted: `"TIANI, Abdourahamane"` and `"Abdourahamane Tiani"` both give
/// `"abdourahamane tiani"`.
pub fn name_key(name: &str) -> String {
    let mut texts: Vec<String> = normalize(name).tokens.into_iter().map(|t| t.text).collect();
    texts.sort();
    texts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(name: &str) -> Vec<String> {
        normalize(name).tokens.into_iter().map(|t| t.text).collect()
    }

    fn key(token: &str) -> String {
        keys(token).key
    }

    #[test]
    fn folds_accents_scripts_and_reads_last_first() {
        assert_eq!(texts("GOÏTA, Assimi"), vec!["assimi", "goita"]);
        assert_eq!(texts("Goi\u{308}ta"), vec!["goita"]);
        assert_eq!(texts("O'Neil-Smith"), vec!["oneil", "smith"]);
        let cyrillic = normalize("Евгений Пригожин");
        assert_eq!(cyrillic.tokens.len(), 2);
        assert_eq!(cyrillic.tokens[0].script, Script::NonLatin);
        assert_eq!(normalize("Goïta").tokens[0].script, Script::Accented);
    }

    #[test]
    fn sets_aside_particles_suffixes_and_stopwords() {
        let n = normalize("The Sahel Horizon Logistics S.A.R.L.");
        assert_eq!(
            n.tokens.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            vec!["sahel", "horizon", "logistics"]
        );
        assert_eq!(n.ignored, vec!["the", "sarl"]);
        assert_eq!(
            texts("Mohamed Ould Abdel Aziz"),
            vec!["mohamed", "abdelaziz"]
        );
        assert_eq!(texts("Abu Bakr al-Baghdadi"), vec!["abubakr", "baghdadi"]);
        assert_eq!(texts("Abd al-Rahman"), vec!["abdalrahman"]);
        assert_eq!(texts("The Company"), vec!["the", "company"]);
        let initials = normalize("A. B. Smith");
        assert_eq!(initials.tokens[0].class, TokenClass::Initial);
        assert_eq!(normalize("Wagner Group").tokens[1].class, TokenClass::Weak);
    }

    #[test]
    fn transliteration_keys_agree_on_variants() {
        for group in [
            &["mohamed", "mohammed", "muhammad", "mohammad", "mouhamed"][..],
            &[
                "abdourahamane",
                "abdourahmane",
                "abdurahman",
                "abdurrahman",
                "abdelrahman",
                "abdalrahman",
            ],
            &["ousmane", "usman", "osman"],
            &["yusuf", "youssef", "yousef"],
            &["hisham", "hicham"],
            &["walid", "oualid"],
            &["kaddafi", "qadhafi"],
        ] {
            let keys: Vec<String> = group.iter().map(|t| key(t)).collect();
            assert!(keys.iter().all(|k| *k == keys[0]), "{group:?} → {keys:?}");
        }
        assert_ne!(key("bazoum"), key("toumba"));
        assert_ne!(keys("hassan").vowel, keys("hussein").vowel);
        assert_eq!(keys("muhammad").vowel, keys("mohamed").vowel);
        assert_eq!(keys("mohammed").light, keys("mohamed").light);
        assert_eq!(keys("aly").light, keys("ali").light);
        assert_ne!(keys("tchiani").light, keys("tiani").light);
    }

    #[test]
    fn acronyms_and_keys() {
        assert!(
            normalize("Islamic State of Iraq and Syria")
                .acronyms
                .contains(&"isis".to_string())
        );
        let abc = normalize("Alpha Beta Company").acronyms;
        assert_eq!(abc, vec!["abc", "ab"]);
        assert_eq!(
            name_key("TIANI, Abdourahamane"),
            name_key("Abdourahamane  Tiani")
        );
        assert_eq!(
            name_key("Acme Trading Ltd"),
            name_key("ACME TRADING LIMITED")
        );
    }
}
