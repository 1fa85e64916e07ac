//! Quantities in news text: `850 to 1,100 troops`, `1,000 troops`, `48 hours`, `15-member`,
//! `$50 million`, `seven days`, `two-day`, `5%`, with their unit and their bound (`about`,
//! `more than`, `up to`).
//!
//! Day numbers and years of dates (`August 17 to 18`, `17 August`, `2023`), ordinals (`17th`)
//! and clock times (`10:30`, `3 pm`) are not quantities and are skipped. Spelled-out numbers
//! count only with a unit after them (`seven days`, but not `one of them`).

use super::super::stories::terms::{fold, is_stop_word};
use serde::{Deserialize, Serialize};

/// A number found in a text, with its unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Byte range of the quantity (`850 to 1,100 troops`), without the bound words.
    pub range: (usize, usize),
    /// The value, or the low end of a range.
    pub low: f64,
    /// The value, or the high end of a range.
    pub high: f64,
    /// Singular, lower case (`troop`, `hour`, `member`, `percent`); currencies as ISO codes
    /// (`usd`, `eur`, `gbp`).
    pub unit: Option<String>,
    /// How the text bounds the value.
    pub bound: Bound,
}

/// What the words before a number say about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The value as given.
    Exact,
    /// `about`, `around`, `nearly`, `some`, `roughly`, `an estimated`: within 10 %.
    About,
    /// `more than`, `over`, `at least`.
    AtLeast,
    /// `up to`, `less than`, `fewer than`, `under`, `at most`.
    AtMost,
}

impl Quantity {
    /// The values the text allows: the range, widened by the bound.
    pub fn interval(&self) -> (f64, f64) {
        match self.bound {
            Bound::Exact => (self.low, self.high),
            Bound::About => (self.low * 0.9, self.high * 1.1),
            Bound::AtLeast => (self.low, f64::INFINITY),
            Bound::AtMost => (f64::NEG_INFINITY, self.high),
        }
    }

    /// True when the two report the same figure: the same value or range, within 10 % when
    /// either says `about`; a bound (`more than`, `up to`) is met by any value it allows. A
    /// value inside another outlet's range is a different figure (`1,000` against `850 to
    /// 1,100`): the analyst should see that the outlets do not give the same number.
    pub fn consistent_with(&self, other: &Quantity) -> bool {
        let open = |q: &Quantity| matches!(q.bound, Bound::AtLeast | Bound::AtMost);
        if open(self) || open(other) {
            let (a_lo, a_hi) = self.interval();
            let (b_lo, b_hi) = other.interval();
            return a_lo <= b_hi * (1.0 + 1e-9) && b_lo <= a_hi * (1.0 + 1e-9);
        }
        let about = self.bound == Bound::About || other.bound == Bound::About;
        let tolerance = if about { 0.1 } else { 1e-9 };
        let near = |a: f64, b: f64| (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0);
        near(self.low, other.low) && near(self.high, other.high)
    }

    /// True when both give the same value or range the same way.
    pub fn same_as(&self, other: &Quantity) -> bool {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
        self.bound == other.bound && close(self.low, other.low) && close(self.high, other.high)
    }
}

/// The quantities of `text`, in order.
pub fn numbers(text: &str) -> Vec<Quantity> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match quantity_at(text, &toks, i) {
            Step::Found(q, next) => {
                out.push(q);
                i = next;
            }
            Step::Skip(next) => i = next.max(i + 1),
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// Digits with `,` / `.` groups; `ordinal` when `st`/`nd`/`rd`/`th` is glued on.
    Num {
        value: f64,
        ordinal: bool,
        glued: Option<String>,
    },
    /// Letters, folded to lower case.
    Word(String),
    /// Any other character.
    Sym(char),
}

#[derive(Clone, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace comes before this token.
    spaced: bool,
}

fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut spaced = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(&(i, n)) = chars.peek() {
                let after = text.get(i + n.len_utf8()..).and_then(|r| r.chars().next());
                if n.is_ascii_digit() {
                    digits.push(n);
                } else if (n == ',' || n == '.') && after.is_some_and(|a| a.is_ascii_digit()) {
                    if n == '.' {
                        digits.push('.');
                    }
                } else {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            let mut suffix = String::new();
            while let Some(&(i, n)) = chars.peek() {
                if !n.is_alphabetic() {
                    break;
                }
                suffix.push(n);
                end = i + n.len_utf8();
                chars.next();
            }
            let suffix = fold(&suffix);
            let ordinal = matches!(suffix.as_str(), "st" | "nd" | "rd" | "th");
            Kind::Num {
                value: digits.parse().unwrap_or(f64::NAN),
                ordinal,
                glued: (!suffix.is_empty() && !ordinal).then_some(suffix),
            }
        } else if c.is_alphabetic() {
            let mut word = String::from(c);
            while let Some(&(i, n)) = chars.peek() {
                let after = text.get(i + n.len_utf8()..).and_then(|r| r.chars().next());
                let inner =
                    (n == '\'' || n == '’' || n == '.') && after.is_some_and(char::is_alphabetic);
                if !(n.is_alphabetic() || inner) {
                    break;
                }
                word.push(n);
                end = i + n.len_utf8();
                chars.next();
            }
            Kind::Word(fold(&word))
        } else {
            Kind::Sym(c)
        };
        out.push(Tok {
            kind,
            start,
            end,
            spaced,
        });
        spaced = false;
    }
    out
}

enum Step {
    Found(Quantity, usize),
    Skip(usize),
}

fn word(toks: &[Tok], i: usize) -> Option<&str> {
    match toks.get(i).map(|t| &t.kind) {
        Some(Kind::Word(w)) => Some(w.as_str()),
        _ => None,
    }
}

fn sym(toks: &[Tok], i: usize) -> Option<char> {
    match toks.get(i).map(|t| &t.kind) {
        Some(Kind::Sym(c)) => Some(*c),
        _ => None,
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‑')
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
];

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w)
}

/// A number (digits or spelled out) at `i`: its value, whether it was spelled, and the next
/// index.
fn number_at(toks: &[Tok], i: usize) -> Option<(f64, bool, usize)> {
    match &toks.get(i)?.kind {
        Kind::Num { value, ordinal, .. } if !*ordinal && value.is_finite() => {
            Some((*value, false, i + 1))
        }
        Kind::Word(_) => spelled_at(toks, i).map(|(v, next)| (v, true, next)),
        _ => None,
    }
}

fn small_number(w: &str) -> Option<f64> {
    const ONES: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &[
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(v) = ONES.iter().position(|o| *o == w) {
        return Some(v as f64);
    }
    if let Some(v) = TENS.iter().position(|t| *t == w) {
        return Some(20.0 + 10.0 * v as f64);
    }
    (w == "dozen").then_some(12.0)
}

/// Spelled-out numbers: `seven`, `twenty-five`, `two hundred`, `a dozen` is left out.
fn spelled_at(toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let mut value = small_number(word(toks, i)?)?;
    let mut next = i + 1;
    // twenty-five
    if value >= 20.0
        && sym(toks, next).is_some_and(is_dash)
        && toks.get(next + 1).is_some_and(|t| !t.spaced)
        && let Some(ones) = word(toks, next + 1).and_then(small_number)
        && ones < 10.0
    {
        value += ones;
        next += 2;
    }
    if word(toks, next) == Some("hundred") {
        value *= 100.0;
        next += 1;
    }
    Some((value, next))
}

fn magnitude(w: &str) -> Option<f64> {
    match w {
        "thousand" => Some(1e3),
        "million" | "mn" => Some(1e6),
        "billion" | "bn" => Some(1e9),
        "trillion" => Some(1e12),
        _ => None,
    }
}

/// The number at `i` times a following magnitude word (`50 million`, `50m` after a currency):
/// value, spelled out, next index, magnitude applied.
fn value_at(toks: &[Tok], i: usize, currency: bool) -> Option<(f64, bool, usize, f64)> {
    let (v, spelled, mut next) = number_at(toks, i)?;
    let mut mag = 1.0;
    if let Some(Kind::Num { glued: Some(g), .. }) = toks.get(i).map(|t| &t.kind)
        && let Some(m) = magnitude(g).or_else(|| (currency && g == "m").then_some(1e6))
    {
        mag = m;
    }
    if mag == 1.0
        && let Some(m) = word(toks, next).and_then(magnitude)
    {
        mag = m;
        next += 1;
    }
    Some((v * mag, spelled, next, mag))
}

fn currency_code(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("usd"),
        '€' => Some("eur"),
        '£' => Some("gbp"),
        '₦' => Some("ngn"),
        _ => None,
    }
}

/// Bound words just before `i`, and whether `between` opened a range.
fn bound_before(toks: &[Tok], i: usize) -> (Bound, bool) {
    let w1 = i.checked_sub(1).and_then(|j| word(toks, j));
    let w2 = i.checked_sub(2).and_then(|j| word(toks, j));
    match (w2, w1) {
        (_, Some("between")) => (Bound::Exact, true),
        (Some("more" | "greater"), Some("than")) | (Some("at"), Some("least")) => {
            (Bound::AtLeast, false)
        }
        (_, Some("over" | "upwards")) => (Bound::AtLeast, false),
        (Some("less" | "fewer"), Some("than"))
        | (Some("at"), Some("most"))
        | (Some("up"), Some("to")) => (Bound::AtMost, false),
        (_, Some("under")) => (Bound::AtMost, false),
        (_, Some("about" | "around" | "nearly" | "almost" | "roughly" | "approximately"))
        | (_, Some("some" | "estimated" | "approx")) => (Bound::About, false),
        _ => (Bound::Exact, false),
    }
}

/// Words skipped between a number and its unit: `1,000 additional troops`, `500 Nigerian
/// soldiers`.
fn is_modifier(w: &str, original: &str) -> bool {
    matches!(
        w,
        "additional"
            | "extra"
            | "more"
            | "new"
            | "other"
            | "armed"
            | "fresh"
            | "foreign"
            | "regional"
            | "military"
            | "elite"
            | "special"
            | "heavily"
            | "combat"
    ) || original.chars().next().is_some_and(char::is_uppercase)
}

/// A unit word in singular: `troops` → `troop`, `countries` → `country`; currencies by code.
fn unit_of(w: &str) -> Option<String> {
    const TIME_UNITS: &[&str] = &[
        "day", "days", "week", "weeks", "month", "months", "year", "years",
    ];
    const NOT_UNITS: &[&str] = &[
        "am", "pm", "a.m", "p.m", "gmt", "utc", "hrs", "h", "st", "nd", "rd", "th",
    ];
    if w.len() < 2 || is_month(w) || NOT_UNITS.contains(&w) {
        return None;
    }
    if is_stop_word(w) && !TIME_UNITS.contains(&w) {
        return None;
    }
    let unit = match w {
        "percent" | "pc" => "percent".to_owned(),
        "dollar" | "dollars" | "usd" => "usd".to_owned(),
        "euro" | "euros" | "eur" => "eur".to_owned(),
        "pound" | "pounds" => "gbp".to_owned(),
        "people" | "persons" => "person".to_owned(),
        "men" => "man".to_owned(),
        "women" => "woman".to_owned(),
        "children" => "child".to_owned(),
        _ => singular(w),
    };
    Some(unit)
}

/// Units a spelled-out number is trusted with: spans of time and things counted in the news.
fn is_measure(unit: &str) -> bool {
    matches!(
        unit,
        "second"
            | "minute"
            | "hour"
            | "day"
            | "week"
            | "month"
            | "year"
            | "decade"
            | "time"
            | "member"
            | "nation"
            | "country"
            | "state"
            | "soldier"
            | "troop"
            | "officer"
            | "person"
            | "man"
            | "woman"
            | "child"
            | "leader"
            | "minister"
            | "delegate"
            | "battalion"
            | "brigade"
            | "contingent"
            | "percent"
            | "term"
            | "round"
            | "phase"
            | "party"
            | "side"
            | "region"
            | "city"
            | "town"
            | "village"
            | "civilian"
            | "death"
            | "diplomat"
            | "envoy"
            | "ambassador"
            | "hostage"
            | "detainee"
            | "aircraft"
            | "jet"
            | "helicopter"
            | "vehicle"
            | "ship"
            | "base"
            | "camp"
            | "mile"
            | "kilometre"
            | "kilometer"
            | "km"
    )
}

fn singular(w: &str) -> String {
    if w.len() > 4
        && let Some(base) = w.strip_suffix("ies")
    {
        return format!("{base}y");
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].to_owned();
    }
    w.to_owned()
}

/// The unit after the number(s) ending at `next` (exclusive), and the index after it.
fn unit_after(text: &str, toks: &[Tok], next: usize) -> Option<(String, usize)> {
    let tok = toks.get(next)?;
    if let Kind::Sym('%') = tok.kind {
        return Some(("percent".to_owned(), next + 1));
    }
    // `15-member`, `two-day`
    if sym(toks, next).is_some_and(is_dash)
        && !tok.spaced
        && toks.get(next + 1).is_some_and(|t| !t.spaced)
        && let Some(w) = word(toks, next + 1)
    {
        return unit_of(w).map(|u| (u, next + 2));
    }
    if word(toks, next) == Some("per") && word(toks, next + 1) == Some("cent") {
        return Some(("percent".to_owned(), next + 2));
    }
    let mut j = next;
    for _ in 0..2 {
        let (Some(w), Some(t)) = (word(toks, j), toks.get(j)) else {
            break;
        };
        let original = text.get(t.start..t.end).unwrap_or("");
        if is_modifier(w, original) && word(toks, j + 1).is_some() {
            j += 1;
        } else {
            break;
        }
    }
    let w = word(toks, j)?;
    unit_of(w).map(|u| (u, j + 1))
}

fn quantity_at(text: &str, toks: &[Tok], i: usize) -> Step {
    let Some(tok) = toks.get(i) else {
        return Step::Skip(i + 1);
    };
    // A currency sign opens a money amount: `$50 million`.
    let (currency, first) = match tok.kind {
        Kind::Sym(c) if currency_code(c).is_some() => (currency_code(c), i + 1),
        Kind::Num { .. } | Kind::Word(_) => (None, i),
        _ => return Step::Skip(i + 1),
    };
    let Some((low, spelled, mut next, low_mag)) = value_at(toks, first, currency.is_some()) else {
        return Step::Skip(i + 1);
    };
    if matches!(
        toks.get(first).map(|t| &t.kind),
        Some(Kind::Num { ordinal: true, .. })
    ) {
        return Step::Skip(first + 1);
    }
    // The word before, past an abbreviation's full stop (`Aug. 12`).
    let prev_word = match i.checked_sub(1) {
        Some(j) if sym(toks, j) == Some('.') => j.checked_sub(1).and_then(|k| word(toks, k)),
        Some(j) => word(toks, j),
        None => None,
    };
    let (bound, between) = bound_before(toks, i);
    // A range: `850 to 1,100`, `850-1,100`, `between 850 and 1,100`.
    let (mut low, mut high) = (low, low);
    let dash_range = sym(toks, next).is_some_and(is_dash)
        && matches!(toks.get(next + 1).map(|t| &t.kind), Some(Kind::Num { .. }));
    let connector = dash_range
        || word(toks, next).is_some_and(|w| w == "to" || w == "or" || (between && w == "and"));
    if connector {
        let after = next + 1;
        let skip_currency = usize::from(sym(toks, after).and_then(currency_code).is_some());
        if let Some((h, _, n, high_mag)) = value_at(toks, after + skip_currency, currency.is_some())
        {
            // `2 to 3 million`: the high end's magnitude applies to the low one.
            if low_mag == 1.0 && high_mag > 1.0 {
                low *= high_mag;
            }
            high = h;
            next = n;
        }
    }
    // Dates and times are not quantities.
    let clock = sym(toks, next) == Some(':') && toks.get(next + 1).is_some_and(|t| !t.spaced);
    if clock {
        return Step::Skip(next + 2);
    }
    if prev_word.is_some_and(is_month) || word(toks, next).is_some_and(is_month) {
        return Step::Skip(next);
    }
    if high < low {
        std::mem::swap(&mut low, &mut high);
    }
    let glued = match toks.get(first).map(|t| &t.kind) {
        Some(Kind::Num { glued: Some(g), .. }) if low_mag == 1.0 => Some(g.clone()),
        _ => None,
    };
    let (mut unit, end_idx) = match (currency, glued) {
        (Some(code), _) => (Some(code.to_owned()), next),
        (None, Some(g)) => (unit_of(&g), next),
        (None, None) => match unit_after(text, toks, next) {
            Some((u, after)) => (Some(u), after),
            None => (None, next),
        },
    };
    // `11 of the 15 states`: the part takes the unit of the whole.
    if unit.is_none() && word(toks, next) == Some("of") {
        let whole = next + 1 + usize::from(word(toks, next + 1) == Some("the"));
        if let Some((_, _, after, _)) = value_at(toks, whole, false) {
            unit = unit_after(text, toks, after).map(|(u, _)| u);
        }
    }
    // A year (`in 2023 Niger's army`) unless a lower-case unit follows at once (`2000 troops`).
    let year_like = low.fract() == 0.0 && (1800.0..=2100.0).contains(&low) && low == high;
    let unit_next = end_idx == next + 1
        && toks
            .get(next)
            .and_then(|t| text.get(t.start..t.end))
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    if year_like && currency.is_none() && !unit_next {
        return Step::Skip(next);
    }
    // Spelled-out numbers only count with a measure after them (`seven days`, `two-day`),
    // not in `no one knew` or `one of them`.
    if spelled && !unit.as_deref().is_some_and(is_measure) {
        return Step::Skip(next);
    }
    let start = toks.get(i).map_or(0, |t| t.start);
    let end = end_idx
        .checked_sub(1)
        .and_then(|j| toks.get(j))
        .map_or(start, |t| t.end);
    Step::Found(
        Quantity {
            range: (start, end),
            low,
            high,
            unit,
            bound,
        },
        end_idx.max(i + 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, f64, f64, Option<String>)> {
        numbers(text)
            .into_iter()
            .map(|q| (text[q.range.0..q.range.1].to_owned(), q.low, q.high, q.unit))
            .collect()
    }

    fn one(text: &str) -> (String, f64, f64, Option<String>) {
        let all = found(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn ranges_values_and_units() {
        assert_eq!(
            one("a force of 850 to 1,100 troops in its first phase"),
            (
                "850 to 1,100 troops".into(),
                850.0,
                1100.0,
                Some("troop".into())
            )
        );
        assert_eq!(
            one("between 850 and 1,100 soldiers"),
            (
                "850 and 1,100 soldiers".into(),
                850.0,
                1100.0,
                Some("soldier".into())
            )
        );
        assert_eq!(
            one("850-1,100 troops"),
            (
                "850-1,100 troops".into(),
                850.0,
                1100.0,
                Some("troop".into())
            )
        );
        assert_eq!(
            one("about 1,000 troops"),
            ("1,000 troops".into(), 1000.0, 1000.0, Some("troop".into()))
        );
        assert_eq!(
            one("leave within 48 hours"),
            ("48 hours".into(), 48.0, 48.0, Some("hour".into()))
        );
        assert_eq!(
            one("the 15-member bloc"),
            ("15-member".into(), 15.0, 15.0, Some("member".into()))
        );
        assert_eq!(
            one("a $50 million loan"),
            ("$50 million".into(), 5e7, 5e7, Some("usd".into()))
        );
        assert_eq!(one("up 5% on").3, Some("percent".into()));
        assert_eq!(one("1.5 per cent").1, 1.5);
    }

    #[test]
    fn spelled_numbers_need_a_unit() {
        assert_eq!(
            one("a deadline of seven days"),
            ("seven days".into(), 7.0, 7.0, Some("day".into()))
        );
        assert_eq!(
            one("the two-day meeting"),
            ("two-day".into(), 2.0, 2.0, Some("day".into()))
        );
        assert_eq!(one("twenty-five soldiers").1, 25.0);
        assert_eq!(one("a one-week ultimatum").3, Some("week".into()));
        assert!(found("one of them said no one knew").is_empty());
        assert!(found("the two of them").is_empty());
    }

    #[test]
    fn modifiers_are_skipped_before_the_unit() {
        assert_eq!(one("1,000 additional troops").3, Some("troop".into()));
        assert_eq!(one("500 Nigerian soldiers").3, Some("soldier".into()));
        let parts = found("11 of the 15 member states");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].3, Some("member".into()));
        assert_eq!(parts[1].0, "15 member");
    }

    #[test]
    fn dates_ordinals_and_times_are_not_quantities() {
        assert!(found("on Thursday, August 17, 2023").is_empty());
        assert!(found("on 17 August and August 17 to 18").is_empty());
        assert!(found("on Aug. 12, the 30th anniversary").is_empty());
        assert!(found("since 2020, at 10:30 GMT").is_empty());
        assert_eq!(one("on July 26 some 2,000 people marched").1, 2000.0);
    }

    #[test]
    fn bounds() {
        let q = numbers("more than 1,000 troops");
        assert_eq!(q[0].bound, Bound::AtLeast);
        assert_eq!(numbers("up to 500 troops")[0].bound, Bound::AtMost);
        assert_eq!(numbers("nearly 500 troops")[0].bound, Bound::About);
        let exact = &numbers("1,500 troops")[0];
        assert!(q[0].consistent_with(exact));
        assert!(!numbers("up to 500 troops")[0].consistent_with(exact));
    }

    #[test]
    fn consistency_of_ranges_and_values() {
        let range = &numbers("850 to 1,100 troops")[0];
        let inside = &numbers("1,000 troops")[0];
        let outside = &numbers("1,500 troops")[0];
        // A value inside a range is another figure; so is one outside it.
        assert!(!range.consistent_with(inside) && !inside.consistent_with(range));
        assert!(!range.consistent_with(outside));
        assert!(range.consistent_with(&numbers("between 850 and 1,100 soldiers")[0]));
        assert!(inside.same_as(&numbers("1,000 troops")[0]));
        // `about` allows 10 %, and is consistent with the plain value without being the same.
        let about = &numbers("about 1,000 troops")[0];
        assert!(about.consistent_with(inside) && !about.same_as(inside));
        assert!(about.consistent_with(&numbers("1,050 troops")[0]));
        assert!(!about.consistent_with(outside));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let long = "9".repeat(400);
        for text in [
            "",
            "$",
            "$$",
            "-",
            "1-",
            "-1",
            "1,",
            "1.",
            "1e999",
            &long,
            "twenty-",
            "to 5",
            "between and",
            "5 to",
            "£5bn",
            "5m",
            "€",
            "3 to 2 million",
            "½ troops",
            "١٢٣ troops",
            "1\u{301}0 troops",
            "0 to 0 troops",
            "1 - - 2",
            "$-",
        ] {
            let _ = numbers(text);
        }
    }
}
