//! Shared text utilities for every analysis pass: tokens, sentences, paragraphs and the folded
//! comparison key (accents and case removed) that names are matched on.
//!
//! Everything works on byte ranges into the analysed text (see [`crate::model::Article::text`]).

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// What a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits) with inner hyphens, apostrophes and initial dots: `Akufo-Addo`,
    /// `d'Ivoire`, `U.S.`.
    Word,
    /// Starts with a digit: `48`, `2023`, `1,500`.
    Number,
    /// The possessive ending `'s` / `’s` split off a word.
    Possessive,
    /// One punctuation or symbol character.
    Punct,
    /// A single line break.
    LineBreak,
    /// Two or more line breaks (a blank line): always a paragraph and sentence end.
    ParaBreak,
}

/// One token of the text with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: TokenKind,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }

    /// True for words and numbers.
    pub fn is_wordlike(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }

    /// True for line and paragraph breaks.
    pub fn is_break(&self) -> bool {
        matches!(self.kind, TokenKind::LineBreak | TokenKind::ParaBreak)
    }
}

/// True for the apostrophes news text uses.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// The character starting at byte `at` of `text` and its length in bytes (`at` on a
/// character boundary and inside the text); ASCII without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
        Some(_) => text.get(at..)?.chars().next().map(|c| (c, c.len_utf8())),
        None => None,
    }
}

/// Splits `text` into tokens. Whitespace other than line breaks is skipped.
///
/// One pass over the bytes, decoding only non-ASCII characters: every pass tokenises the
/// text it reads, so this is among the hottest loops of analysis.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut at = 0;
    while let Some((c, len)) = char_at(text, at) {
        let start = at;
        at += len;
        if c == '\n' {
            let mut newlines = 1;
            while let Some((n, n_len)) = char_at(text, at) {
                if n == '\n' {
                    newlines += 1;
                } else if !n.is_whitespace() {
                    break;
                }
                at += n_len;
            }
            let kind = if newlines > 1 {
                TokenKind::ParaBreak
            } else {
                TokenKind::LineBreak
            };
            out.push(Token {
                range: start..at,
                kind,
            });
        } else if c.is_whitespace() {
            continue;
        } else if c.is_alphanumeric() {
            at = word_end(text, start);
            let kind = if c.is_ascii_digit() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                range: start..at,
                kind,
            });
        } else if is_apostrophe(c) && possessive_at(text, start) && !out.is_empty() {
            // the apostrophe and its `s`
            at += 1;
            out.push(Token {
                range: start..at,
                kind: TokenKind::Possessive,
            });
        } else {
            out.push(Token {
                range: start..at,
                kind: TokenKind::Punct,
            });
        }
    }
    out
}

/// True when the apostrophe at `at` starts a possessive `'s` that ends a word.
fn possessive_at(text: &str, at: usize) -> bool {
    let mut rest = text[at..].chars();
    rest.next();
    let prev_is_letter = text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    prev_is_letter
        && matches!(rest.next(), Some('s' | 'S'))
        && !rest.next().is_some_and(char::is_alphanumeric)
}

/// End of the word starting at `start`: letters and digits, joined by a hyphen or an apostrophe
/// followed by a letter (but not a possessive `'s`), and dotted initials (`U.S.`).
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut at = start;
    let mut dotted = false;
    while let Some((c, len)) = char_at(text, at) {
        if c.is_alphanumeric() {
            at += len;
            end = at;
            continue;
        }
        let next = char_at(text, at + len).map(|(n, _)| n);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        if c == '-' && next_alnum {
            at += len;
            continue;
        }
        // the character before (a continuation byte is never an ASCII digit)
        let prev_digit = at > start && bytes[at - 1].is_ascii_digit();
        if (c == '.' || c == ',') && prev_digit && next.is_some_and(|n| n.is_ascii_digit()) {
            at += len;
            continue;
        }
        if is_apostrophe(c) && next_alnum && !possessive_at(text, at) {
            at += len;
            continue;
        }
        if c == '.' && single_letter_before(text, start, at) {
            // `U.S.`, `U.N.`: a letter, a dot, then another letter and dot.
            let after = next.is_some_and(char::is_alphabetic);
            let two_after = bytes.get(at + 2).is_some_and(|b| *b == b'.');
            if (after && two_after) || dotted {
                dotted = true;
                end = at + 1;
                at += len;
                continue;
            }
        }
        break;
    }
    end
}

/// True when the word segment just before `at` (since `start` or the last dot) is one letter.
fn single_letter_before(text: &str, start: usize, at: usize) -> bool {
    let seg = &text[start..at];
    let last = seg.rsplit('.').next().unwrap_or(seg);
    last.chars().count() == 1
}

/// Abbreviations whose full stop does not end a sentence (folded, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "gen", "col", "maj", "lt", "capt", "cpt", "sgt", "brig", "adm", "cmdr", "cdr", "mr", "mrs",
    "ms", "dr", "prof", "gov", "sen", "rep", "rev", "st", "jr", "sr", "no", "vs", "etc", "inc",
    "ltd", "co", "corp", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
    "hon", "amb", "pres", "dept", "approx", "fig", "mt", "ft",
];

/// Words that, after a dotted abbreviation such as `U.S.`, show a new sentence has begun.
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "this",
    "that",
    "but",
    "in",
    "a",
    "an",
    "on",
    "however",
    "meanwhile",
    "there",
    "his",
    "her",
    "their",
    "its",
];

/// Byte ranges of the sentences of `text`, trimmed. A blank line (and so a headline line)
/// always ends a sentence; full stops after abbreviations (`Gen.`, `Aug.`), initials (`J.`)
/// and dotted acronyms before a name (`U.S. President`) do not; closing quotes after a full
/// stop stay with their sentence.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    split(text).sentences.clone()
}

/// A text split into [`tokens`] and [`sentences`].
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Range<usize>>,
}

/// The longest text whose split or scan a thread keeps for the next pass over it
/// ([`split`], the timeline's scan): worker threads live as long as the program, so a huge
/// article read once must not stay in memory with its tokens after it.
pub const MEMO_MAX_BYTES: usize = 1 << 20;

/// `text` split into tokens and sentences once for the passes that read it in a row: every
/// per-article pass splits the article it reads, and they read one article after another on
/// a thread. The last split is kept per thread (of a text up to [`MEMO_MAX_BYTES`]); it
/// depends on the text alone, so this changes no result.
pub fn split(text: &str) -> Rc<Split> {
    thread_local! {
        static LAST: RefCell<Option<(String, Rc<Split>)>> = const { RefCell::new(None) };
    }
    LAST.with(|last| {
        if let Some((seen, split)) = &*last.borrow()
            && seen == text
        {
            return Rc::clone(split);
        }
        let tokens = tokens(text);
        let sentences = sentences_in(text, &tokens);
        let split = Rc::new(Split { tokens, sentences });
        *last.borrow_mut() =
            (text.len() <= MEMO_MAX_BYTES).then(|| (text.to_string(), Rc::clone(&split)));
        split
    })
}

/// [`sentences`] for text already split by [`tokens`].
pub fn sentences_in(text: &str, toks: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.is_break() {
            let hard = t.kind == TokenKind::ParaBreak || line_break_ends(text, toks, i);
            if hard && let (Some(s), Some(prev)) = (start.take(), i.checked_sub(1)) {
                out.push(s..toks[prev].range.end);
            }
            i += 1;
            continue;
        }
        if start.is_none() {
            start = Some(t.range.start);
        }
        let mut end_idx = i;
        if t.kind == TokenKind::Punct && is_terminal(t.text(text)) {
            while toks
                .get(end_idx + 1)
                .is_some_and(|n| n.kind == TokenKind::Punct && is_closer(n.text(text)))
            {
                end_idx += 1;
            }
            if full_stop_ends(text, toks, i, end_idx)
                && let Some(s) = start.take()
            {
                out.push(s..toks[end_idx].range.end);
            }
        } else if t.kind == TokenKind::Word && t.text(text).ends_with('.') {
            // a dotted acronym such as `U.S.` carries its own full stop
            if dotted_acronym_ends(text, toks, i)
                && let Some(s) = start.take()
            {
                out.push(s..t.range.end);
            }
        }
        i = end_idx + 1;
    }
    if let (Some(s), Some(last)) = (start, toks.iter().rposition(|t| !t.is_break())) {
        out.push(s..toks[last].range.end);
    }
    out
}

/// True for `.`, `!`, `?` and the ellipsis.
fn is_terminal(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "…")
}

/// True for closing quotes and brackets that follow a full stop.
fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]" | "»")
}

/// Decides whether the terminal punctuation at `dot` (with closers up to `last`) ends a sentence.
fn full_stop_ends(text: &str, toks: &[Token], dot: usize, last: usize) -> bool {
    let next = toks.get(last + 1);
    let Some(next) = next else { return true };
    if next.is_break() {
        return true;
    }
    let next_text = next.text(text);
    let next_starts_upper = next_text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c));
    if !next_starts_upper {
        return false;
    }
    if toks[dot].text(text) != "." || last > dot {
        return true;
    }
    let Some(prev) = dot.checked_sub(1).map(|p| &toks[p]) else {
        return true;
    };
    if prev.kind != TokenKind::Word || prev.range.end != toks[dot].range.start {
        return true;
    }
    let word = prev.text(text);
    let folded = fold(word);
    if ABBREVIATIONS.contains(&folded.as_str()) {
        return false;
    }
    // an initial: `J. Smith`
    let mut cs = word.chars();
    !(cs.next().is_some_and(char::is_uppercase) && cs.next().is_none())
}

/// True when a dotted acronym at `i` (`U.S.`) is followed by a clear sentence start.
fn dotted_acronym_ends(text: &str, toks: &[Token], i: usize) -> bool {
    match toks.get(i + 1) {
        None => true,
        Some(n) if n.is_break() => true,
        Some(n) => SENTENCE_STARTERS.contains(&fold(n.text(text)).as_str()),
    }
}

/// A single line break ends a sentence unless the line clearly wraps mid-sentence
/// (it ends in a lower-case word or a comma and the next line starts in lower case).
fn line_break_ends(text: &str, toks: &[Token], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|p| toks[p].text(text));
    let next = toks.get(i + 1).map(|t| t.text(text));
    let prev_open =
        prev.is_some_and(|p| p == "," || p.chars().next().is_some_and(char::is_lowercase));
    let next_lower = next.is_some_and(|n| n.chars().next().is_some_and(char::is_lowercase));
    !(prev_open && next_lower)
}

/// Byte ranges of the paragraphs of `text` (separated by blank lines), trimmed, never empty.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut para_start: Option<usize> = None;
    let mut para_end = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = para_start.take() {
                out.push(s..para_end);
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if para_start.is_none() {
                para_start = Some(offset + lead);
            }
            para_end = offset + lead + trimmed.len();
        }
        offset += line.len();
    }
    if let Some(s) = para_start {
        out.push(s..para_end);
    }
    out
}

/// The comparison key of a word or name: lower case, accents removed (`Goïta` → `goita`),
/// curly apostrophes straightened, dashes made plain hyphens.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] without a copy when folding leaves `s` as it is (ASCII without capitals: most
/// words of an English text), so that tokenised texts need no string per token.
pub fn fold_cow(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(fold(s))
    }
}

/// [`fold`] appending to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        fold_char_into(c, out);
    }
}

/// Appends the folded form of one character.
fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => "e",
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ž' | 'ź' | 'ż' | 'Ž' | 'Ź' | 'Ż' => "z",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        '’' | '‘' | 'ʼ' | '`' | '´' => "'",
        '–' | '—' | '‐' | '‑' => "-",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(base);
}

/// True when a word starts with an upper-case letter, or is a particle name such as
/// `al-Qaeda` / `el-Sisi` whose part after the hyphen does.
pub fn is_capitalized(word: &str) -> bool {
    let mut cs = word.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => true,
        // the first hyphen within the first four bytes: a prefix of at most three
        Some(c) if c.is_lowercase() => word.as_bytes()[..word.len().min(4)]
            .iter()
            .position(|&b| b == b'-')
            .is_some_and(|at| {
                word[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            }),
        _ => false,
    }
}

/// True for acronyms: two or more letters, all upper case (digits, dots and `&` allowed):
/// `ECOWAS`, `U.S.`, `EM26`.
pub fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && word.chars().next().is_some_and(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.' || c == '&')
}

/// The most text of one article the passes read: 512 KiB, some 80,000 words, several times the
/// longest news report. A longer text (a book, a dump pasted as one article) is stored and
/// searched whole, but analysed over its first part only, so that no single input can make a
/// pass run for minutes.
pub const MAX_ANALYSED_BYTES: usize = 512 * 1024;

/// The part of `text` the passes read: all of it when it fits in `max` bytes, else a prefix
/// ending at the last paragraph break before `max`, else the last sentence end, else the last
/// space, else the last character boundary. Byte offsets into the prefix are offsets into
/// `text`.
pub fn analysed_prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut limit = max;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &text[..limit];
    // Not too short a cut: a break in the first half is not worth the loss.
    let keep = |at: Option<usize>| at.filter(|&at| at >= limit / 2);
    let end = keep(head.rfind('\n').map(|i| i + 1))
        .or_else(|| keep(head.rfind(". ").map(|i| i + 1)))
        .or_else(|| keep(head.rfind(char::is_whitespace)))
        .unwrap_or(limit);
    &text[..end]
}

/// Number of whitespace-separated words in `text`.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_keeps_the_split_of_an_article_but_not_of_a_huge_text() {
        let article = "Niger's junta spoke. ECOWAS answered.";
        assert!(Rc::ptr_eq(&split(article), &split(article)));
        let huge = "word ".repeat(MEMO_MAX_BYTES / 5 + 1);
        let first = split(&huge);
        assert_eq!(first.tokens.len(), MEMO_MAX_BYTES / 5 + 1);
        assert!(
            !Rc::ptr_eq(&first, &split(&huge)),
            "a huge text is split anew"
        );
    }

    /// The tokenizer as it was before the byte-wise one: the oracle of the property test.
    fn tokens_reference(text: &str) -> Vec<Token> {
        let mut out = Vec::with_capacity(text.len() / 5);
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c == '\n' {
                let mut newlines = 1;
                let mut end = start + 1;
                while let Some(&(i, n)) = chars.peek() {
                    if n == '\n' {
                        newlines += 1;
                    } else if !n.is_whitespace() {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                }
                let kind = if newlines > 1 {
                    TokenKind::ParaBreak
                } else {
                    TokenKind::LineBreak
                };
                out.push(Token {
                    range: start..end,
                    kind,
                });
            } else if c.is_whitespace() {
                continue;
            } else if c.is_alphanumeric() {
                let end = word_end_reference(text, start);
                let kind = if c.is_ascii_digit() {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                };
                out.push(Token {
                    range: start..end,
                    kind,
                });
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
            } else if is_apostrophe(c) && possessive_at(text, start) && !out.is_empty() {
                let end = start + c.len_utf8() + 1;
                out.push(Token {
                    range: start..end,
                    kind: TokenKind::Possessive,
                });
                chars.next();
            } else {
                out.push(Token {
                    range: start..start + c.len_utf8(),
                    kind: TokenKind::Punct,
                });
            }
        }
        out
    }

    /// `word_end` as it was.
    fn word_end_reference(text: &str, start: usize) -> usize {
        let bytes = text.as_bytes();
        let mut end = start;
        let mut iter = text[start..].char_indices().peekable();
        let mut dotted = false;
        while let Some((off, c)) = iter.next() {
            let at = start + off;
            if c.is_alphanumeric() {
                end = at + c.len_utf8();
                continue;
            }
            let next = iter.peek().map(|&(_, n)| n);
            let next_alnum = next.is_some_and(char::is_alphanumeric);
            if c == '-' && next_alnum {
                continue;
            }
            let prev_digit = text[start..at].ends_with(|p: char| p.is_ascii_digit());
            if (c == '.' || c == ',') && prev_digit && next.is_some_and(|n| n.is_ascii_digit()) {
                continue;
            }
            if is_apostrophe(c) && next_alnum && !possessive_at(text, at) {
                continue;
            }
            if c == '.' && single_letter_before(text, start, at) {
                // `U.S.`, `U.N.`: a letter, a dot, then another letter and dot.
                let after = next.is_some_and(char::is_alphabetic);
                let two_after = bytes.get(at + 2).is_some_and(|b| *b == b'.');
                if (after && two_after) || dotted {
                    dotted = true;
                    end = at + 1;
                    continue;
                }
            }
            break;
        }
        end
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The byte-wise tokenizer splits any text exactly as the char-wise one did.
        #[test]
        fn tokens_are_those_of_the_reference_tokenizer(
            text in "([a-zA-Z0-9 .,'’ʼ‘\\-\n\t\r\u{b}éÉß–“”]|Ghana’s|U\\.S\\.|1,500|\\.\\.|s ){0,40}"
        ) {
            proptest::prop_assert_eq!(tokens(&text), tokens_reference(&text));
        }
    }

    #[test]
    fn a_long_text_is_analysed_up_to_a_paragraph_or_sentence_break() {
        assert_eq!(analysed_prefix("short text", 100), "short text");
        let paragraphs = "First paragraph here.\nSecond one, long enough to pass the limit.";
        assert_eq!(analysed_prefix(paragraphs, 40), "First paragraph here.\n");
        let one_line = "One sentence ends. Another runs on past the limit";
        assert_eq!(analysed_prefix(one_line, 30), "One sentence ends.");
        let words = "word ".repeat(20);
        assert_eq!(analysed_prefix(&words, 23), "word word word word");
        // never inside a character, even with no break at all
        let accents = "é".repeat(20);
        let cut = analysed_prefix(&accents, 7);
        assert_eq!(cut, "ééé");
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn tokens_split_possessive_and_keep_inner_marks() {
        let text = "Ghana’s Akufo-Addo met the U.S. envoy in Côte d’Ivoire.";
        let toks = tokens(text);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            words,
            vec![
                "Ghana",
                "’s",
                "Akufo-Addo",
                "met",
                "the",
                "U.S.",
                "envoy",
                "in",
                "Côte",
                "d’Ivoire",
                "."
            ]
        );
        assert_eq!(toks[1].kind, TokenKind::Possessive);
        assert_eq!(toks[10].kind, TokenKind::Punct);
    }

    #[test]
    fn tokens_mark_paragraph_breaks() {
        let toks = tokens("Headline here\n\nBody starts.\nNext line");
        let kinds: Vec<TokenKind> = toks.iter().map(|t| t.kind).collect();
        assert!(kinds.contains(&TokenKind::ParaBreak));
        assert!(kinds.contains(&TokenKind::LineBreak));
    }

    #[test]
    fn sentences_keep_abbreviations_and_initials() {
        let text = "Gen. Ali Musa met Col. Maj. T. Okafor on Aug. 3 in Lagos. Mr. Musa left.";
        assert_eq!(
            sentence_texts(text),
            vec![
                "Gen. Ali Musa met Col. Maj. T. Okafor on Aug. 3 in Lagos.",
                "Mr. Musa left."
            ]
        );
    }

    #[test]
    fn sentences_dotted_acronym_before_a_name_does_not_split() {
        let text = "The U.S. President spoke. He left the U.S. The aides stayed.";
        assert_eq!(
            sentence_texts(text),
            vec![
                "The U.S. President spoke.",
                "He left the U.S.",
                "The aides stayed."
            ]
        );
    }

    #[test]
    fn sentences_keep_closing_quote_and_break_at_headline() {
        let text = "Talks Fail In Lagos\n\nShe said: \"We will return.\" The talks ended.";
        assert_eq!(
            sentence_texts(text),
            vec![
                "Talks Fail In Lagos",
                "She said: \"We will return.\"",
                "The talks ended."
            ]
        );
    }

    #[test]
    fn sentences_lower_case_after_stop_does_not_split() {
        let text = "Prices rose 2.5 per cent. in May, officials said.";
        assert_eq!(sentence_texts(text).len(), 1);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let text = "Title line\n\n  First para.\nStill first.\n\n\nSecond para.\n";
        let paras: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            paras,
            vec!["Title line", "First para.\nStill first.", "Second para."]
        );
    }

    #[test]
    fn fold_removes_accents_case_and_curly_apostrophes() {
        assert_eq!(fold("Goïta"), "goita");
        assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(fold("ÉLYSÉE"), "elysee");
    }

    #[test]
    fn capitalisation_and_acronyms() {
        assert!(is_capitalized("Niamey"));
        assert!(is_capitalized("al-Qaeda"));
        assert!(!is_capitalized("junta"));
        assert!(is_acronym("ECOWAS"));
        assert!(is_acronym("U.S."));
        assert!(!is_acronym("Niger"));
        assert!(!is_acronym("A"));
    }
}
