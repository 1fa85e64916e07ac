//! Bytes to text: BOM sniffing (UTF-8, UTF-16 LE/BE), UTF-16 without a BOM recognised by its
//! zero bytes, Windows-1252 fallback, line-end normalisation, stray NUL bytes removed, and the
//! "is this text at all" checks.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Characters (from the start) that the binary check looks at.
const SAMPLE_CHARS: usize = 64 * 1024;

/// A file with at most this many NUL characters in its sample is text with stray NULs,
/// whatever their share.
const STRAY_NULS: usize = 8;

/// Why a file's bytes could not be used as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotText {
    /// No bytes, or only whitespace.
    Empty,
    /// Many NUL bytes or mostly control characters.
    Binary,
}

impl NotText {
    /// The reason shown in the import report.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            NotText::Empty => "empty file",
            NotText::Binary => "binary file (not text)",
        }
    }
}

/// A file's text, and the NUL characters removed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    /// How many NUL characters were removed.
    pub nuls: usize,
    /// The line (1-based, in `text`) where the first one was.
    pub first_nul_line: usize,
}

impl Decoded {
    /// The warning about removed NUL bytes, when there were any.
    pub(crate) fn repair_note(&self) -> Option<String> {
        (self.nuls > 0).then(|| {
            format!(
                "removed {} NUL byte{} (the first on line {})",
                self.nuls,
                if self.nuls == 1 { "" } else { "s" },
                self.first_nul_line
            )
        })
    }
}

/// Decodes a file's bytes, normalises `\r\n` and `\r` to `\n`, and removes stray NUL
/// characters (counted in [`Decoded`]).
///
/// A BOM decides the encoding (UTF-8, UTF-16 LE or BE). Without one, text whose every other
/// byte is mostly zero is UTF-16 (see [`utf16_without_bom`]); else valid UTF-8 is taken as is
/// and anything else is read as Windows-1252. Characters are kept as they are (curly quotes
/// stay curly). The text is binary (see [`is_binary`]) when NULs or control characters are
/// too frequent.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let rest = bytes.get(bom_len..).unwrap_or_default();
            encoding.decode_without_bom_handling(rest).0.into_owned()
        }
        None => match utf16_without_bom(bytes) {
            Some(text) => text,
            None => match std::str::from_utf8(bytes) {
                Ok(s) => s.to_owned(),
                Err(_) => WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned(),
            },
        },
    };
    if is_binary(&text) {
        return Err(NotText::Binary);
    }
    let text = normalize_line_ends(text);
    let (text, nuls, first_nul_line) = match text.find('\0') {
        None => (text, 0, 0),
        Some(at) => {
            let line = 1 + text[..at].matches('\n').count();
            let nuls = text[at..].matches('\0').count();
            (text.replace('\0', ""), nuls, line)
        }
    };
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    Ok(Decoded {
        text,
        nuls,
        first_nul_line,
    })
}

/// UTF-16 text without a byte-order mark, decoded: most characters of Latin-script text (and
/// the spaces, digits and punctuation of any script) have a zero high byte, so at least a
/// quarter of the code units in the first 64 KiB have a zero byte on one side (odd offsets:
/// little-endian; even: big-endian) and hardly any on the other. The whole file must then
/// decode without error.
fn utf16_without_bom(bytes: &[u8]) -> Option<String> {
    let sample = &bytes[..bytes.len().min(2 * SAMPLE_CHARS) & !1];
    let units = sample.len() / 2;
    if units < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let even_zeros = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zeros = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let lopsided = |many: usize, few: usize| many * 4 >= units && few * 20 <= many;
    let encoding = if lopsided(odd_zeros, even_zeros) {
        UTF_16LE
    } else if lopsided(even_zeros, odd_zeros) {
        UTF_16BE
    } else {
        return None;
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
}

/// True when, among the first 64 Ki characters of decoded text, NULs are more than
/// [`STRAY_NULS`] and more than 1%, or control characters (NUL included; tabs, line and page
/// breaks excepted) more than 10%.
fn is_binary(text: &str) -> bool {
    let mut chars = 0usize;
    let mut nuls = 0usize;
    let mut controls = 0usize;
    for c in text.chars().take(SAMPLE_CHARS) {
        chars += 1;
        match c {
            '\0' => nuls += 1,
            '\n' | '\r' | '\t' | '\x0c' => {}
            c if c.is_control() => controls += 1,
            _ => {}
        }
    }
    (nuls > STRAY_NULS && nuls * 100 > chars) || (nuls + controls) * 10 > chars
}

/// Replaces `\r\n` and lone `\r` with `\n`, without copying when there is no `\r`.
pub(crate) fn normalize_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(stripped) = rest.strip_prefix('\n') {
            rest = stripped;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoded text alone.
    fn text(bytes: &[u8]) -> Result<String, NotText> {
        decode(bytes).map(|d| d.text)
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let bytes = b"\xEF\xBB\xBFHello \xE2\x80\x9Cworld\xE2\x80\x9D";
        assert_eq!(text(bytes), Ok("Hello \u{201c}world\u{201d}".to_owned()));
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "Caf\u{e9}\r\nok".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(text(&le), Ok("Caf\u{e9}\nok".to_owned()));
        assert_eq!(text(&be), Ok("Caf\u{e9}\nok".to_owned()));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let bytes = b"\x93Caf\xE9\x94 said";
        assert_eq!(text(bytes), Ok("\u{201c}Caf\u{e9}\u{201d} said".to_owned()));
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(text(b""), Err(NotText::Empty));
        assert_eq!(text(b" \n\t\r\n"), Err(NotText::Empty));
        assert_eq!(text(b"                  \0\n"), Err(NotText::Empty));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(NotText::Binary));
        assert_eq!(text(b"abc\x01\x02\x03\x04\x05\x06"), Err(NotText::Binary));
        // Nine NULs in 300 characters: more than stray.
        let mut many = "x".repeat(291).into_bytes();
        many.extend([0; 9]);
        assert_eq!(text(&many), Err(NotText::Binary));
    }

    #[test]
    fn stray_nuls_are_removed_and_counted() {
        let decoded = decode(b"Headline\r\n\r\nThe bo\0dy of the long report\0\0.");
        assert_eq!(
            decoded
                .as_ref()
                .map(|d| (d.text.as_str(), d.nuls, d.first_nul_line)),
            Ok(("Headline\n\nThe body of the long report.", 3, 3))
        );
        assert_eq!(
            decoded.ok().and_then(|d| d.repair_note()).as_deref(),
            Some("removed 3 NUL bytes (the first on line 3)")
        );
        // Eight NULs in a long text are stray, not binary.
        let mut text = "word ".repeat(100).into_bytes();
        text.extend([0; 8]);
        assert_eq!(decode(&text).map(|d| d.nuls), Ok(8));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Caf\u{e9} ok"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Caf\u{e9} ok"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(text(&le), Ok("Caf\u{e9} ok".to_owned()));
        assert_eq!(text(&be), Ok("Caf\u{e9} ok".to_owned()));
        // Cyrillic: only the spaces and the full stop have a zero byte.
        let ru = "\u{41c}\u{438}\u{440} \u{438} \u{432}\u{43e}\u{439}\u{43d}\u{430}.";
        let le: Vec<u8> = ru.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(text(&le), Ok(ru.to_owned()));
        // An odd length is not UTF-16.
        assert_eq!(utf16_without_bom(b"a\0b\0c"), None);
    }

    #[test]
    fn line_ends_are_normalised() {
        assert_eq!(
            normalize_line_ends("a\r\nb\rc\n\r\nd".into()),
            "a\nb\nc\n\nd"
        );
        assert_eq!(normalize_line_ends("a\r".into()), "a\n");
    }
}
