//! Bytes to text: BOM sniffing (UTF-8, UTF-16 LE/BE), Windows-1252 fallback, line-end
//! normalisation and the "is this text at all" checks.

use encoding_rs::{Encoding, WINDOWS_1252};

/// Why a file's bytes could not be used as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotText {
    /// No bytes, or only whitespace.
    Empty,
    /// NUL bytes or mostly control characters.
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

/// Decodes a file's bytes and normalises `\r\n` and `\r` to `\n`.
///
/// A BOM decides the encoding (UTF-8, UTF-16 LE or BE); without one, valid UTF-8 is taken as
/// is and anything else is read as Windows-1252. Characters are kept as they are (curly quotes
/// stay curly).
pub(crate) fn decode(bytes: &[u8]) -> Result<String, NotText> {
    let text = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let rest = bytes.get(bom_len..).unwrap_or_default();
            encoding.decode_without_bom_handling(rest).0.into_owned()
        }
        None => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                if bytes.contains(&0) {
                    return Err(NotText::Binary);
                }
                WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
                    .into_owned()
            }
        },
    };
    if is_binary(&text) {
        return Err(NotText::Binary);
    }
    if text.trim().is_empty() {
        return Err(NotText::Empty);
    }
    Ok(normalize_line_ends(text))
}

/// True when decoded text holds a NUL or more than 10% control characters (tabs, line and
/// page breaks excepted) in its first 64 KiB.
fn is_binary(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.contains(&0) {
        return true;
    }
    // A prefix is a fair sample and keeps this O(1) for huge files. C1 controls (U+0080 to
    // U+009F, encoded 0xC2 0x80..=0x9F) count through their lead byte.
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let control = sample
        .windows(2)
        .filter(|w| {
            let b = w[0];
            (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
                || b == 0x7f
                || (b == 0xc2 && (0x80..=0x9f).contains(&w[1]))
        })
        .count();
    control * 10 > sample.len()
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

    #[test]
    fn utf8_bom_is_stripped() {
        let bytes = b"\xEF\xBB\xBFHello \xE2\x80\x9Cworld\xE2\x80\x9D";
        assert_eq!(decode(bytes), Ok("Hello \u{201c}world\u{201d}".to_owned()));
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "Caf\u{e9}\r\nok".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le), Ok("Caf\u{e9}\nok".to_owned()));
        assert_eq!(decode(&be), Ok("Caf\u{e9}\nok".to_owned()));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let bytes = b"\x93Caf\xE9\x94 said";
        assert_eq!(
            decode(bytes),
            Ok("\u{201c}Caf\u{e9}\u{201d} said".to_owned())
        );
    }

    #[test]
    fn empty_and_whitespace_only() {
        assert_eq!(decode(b""), Err(NotText::Empty));
        assert_eq!(decode(b" \n\t\r\n"), Err(NotText::Empty));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(NotText::Binary)
        );
        assert_eq!(decode(b"abc\x01\x02\x03\x04\x05\x06"), Err(NotText::Binary));
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
