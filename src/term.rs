//! Text for a terminal: control characters in titles, snippets, names and file names are shown
//! as escapes, so an article cannot set the terminal's title, clear the screen or move the cursor.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character escaped: C0 (ESC, BEL, CR, newline, tab…), DEL and C1
/// (U+0080–U+009F, which some terminals read as CSI and OSC) become `\x1b`, `\u{9b}` and so
/// on. For one-line output: a title, a snippet, a name.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_except(text, |_| false)
}

/// As [`escape`], but newlines are kept: for a report of several lines, such as an error chain
/// or an import report, whose line breaks are Dossier's own.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_except(text, |c| c == '\n')
}

fn escape_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !c.is_control() || keep(c) {
            out.push(c);
        } else if u32::from(c) < 0x80 {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_are_shown_not_run() {
        assert_eq!(
            escape("\x1b]0;pwned\x07Coup in Niamey\x1b[2J"),
            "\\x1b]0;pwned\\x07Coup in Niamey\\x1b[2J"
        );
        assert_eq!(escape("a\u{9b}31mb\x7f"), "a\\u{9b}31mb\\x7f");
        assert_eq!(escape("line\r\nnext\t"), "line\\x0d\\x0anext\\x09");
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        let text = "Tinubu’s “standby force” — Niamey, 28 July";
        assert!(matches!(escape(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn lines_keep_their_breaks_only() {
        assert_eq!(
            escape_lines("2 files read\n  warning: \x1b[2Jx.txt: empty\n"),
            "2 files read\n  warning: \\x1b[2Jx.txt: empty\n"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn no_control_character_survives(text in "\\PC{0,12}[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{0,4}\\PC{0,12}") {
            proptest::prop_assert!(!escape(&text).chars().any(char::is_control));
            proptest::prop_assert!(!escape_lines(&text).chars().any(|c| c.is_control() && c != '\n'));
        }
    }
}
