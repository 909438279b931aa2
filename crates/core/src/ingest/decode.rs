//! Bytes to text: byte-order marks, UTF-8, and detection of legacy encodings.
//!
//! The steps, in order:
//! 1. A byte-order mark decides: UTF-8, UTF-16LE or UTF-16BE. The mark is removed and
//!    the rest must be valid in that encoding, else [`SkipReason::Undecodable`].
//! 2. Without a mark, a NUL byte in the first 8 KiB means [`SkipReason::Binary`]
//!    (this also catches UTF-16 without a mark, which Lupa does not guess).
//! 3. Valid UTF-8 is UTF-8.
//! 4. Otherwise the text is in a legacy single-byte or multibyte encoding. Spanish text
//!    is checked for first: if nearly every non-ASCII character of the Windows-1252
//!    reading is one that Spanish (or another Western language) uses (`ñ`, `á`, `¿`,
//!    `€`, curly quotes…), the file is Windows-1252. Short Spanish files give a
//!    statistical detector too little to go on, hence this check.
//! 5. Else `chardetng` guesses (generic top-level domain, UTF-8 not allowed, ISO-2022-JP
//!    not allowed), and the text must decode without errors in its guess.
//!
//! ISO-8859-1 is read as Windows-1252, as web browsers do: the two agree on every
//! printable character of ISO-8859-1, and Windows-1252 adds curly quotes, dashes and `€`
//! in bytes 0x80–0x9F, which ISO-8859-1 leaves to control codes. ISO-8859-15 differs
//! from both in eight bytes, most visibly `€` at 0xA4 where the others have `¤`. A file
//! that uses byte 0xA4 and no byte in 0x80–0x9F is read as ISO-8859-15: `¤` is rare in
//! real text and `€` is common. Other ISO-8859-15 differences (`Š š Ž ž Œ œ Ÿ`) are not
//! used to decide, since their Latin-1 readings (`¦ ¨ ´ ¸ ¼ ½ ¾`) occur in real text.
//!
//! Finally, text whose first 8 KiB of characters are more than 10 % control characters
//! (other than tab, line feed, carriage return and form feed) is [`SkipReason::Binary`].

use super::skip::SkipReason;
use encoding_rs::{Encoding, ISO_8859_15, UTF_8, WINDOWS_1252};

/// How many leading bytes (or characters) are looked at to tell text from binary.
const SNIFF_LEN: usize = 8 * 1024;
/// How many bytes `chardetng` is fed at most.
const DETECT_LEN: usize = 4 * 1024 * 1024;

/// Decodes a file's bytes into text and names the encoding used (an
/// [`encoding_rs`] name such as `"UTF-8"`, `"UTF-16LE"`, `"windows-1252"` or
/// `"ISO-8859-15"`). A byte-order mark is removed. Line endings are left as they are.
///
/// # Errors
/// [`SkipReason::Binary`] for binary data, [`SkipReason::Undecodable`] for bytes that
/// are invalid in their encoding. Empty input decodes to an empty string.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), SkipReason> {
    let (text, encoding) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let rest = bytes.get(bom_len..).unwrap_or_default();
            (strict(encoding, rest)?, encoding)
        }
        None => {
            if bytes.iter().take(SNIFF_LEN).any(|&b| b == 0) {
                return Err(SkipReason::Binary);
            }
            match std::str::from_utf8(bytes) {
                Ok(text) => (text.to_owned(), UTF_8),
                Err(_) => {
                    let encoding = detect_legacy(bytes);
                    (strict(encoding, bytes)?, encoding)
                }
            }
        }
    };
    if looks_binary(&text) {
        return Err(SkipReason::Binary);
    }
    Ok((text, encoding.name()))
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, SkipReason> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(SkipReason::Undecodable)
}

/// Picks an encoding for bytes that are not valid UTF-8 and carry no byte-order mark.
fn detect_legacy(bytes: &[u8]) -> &'static Encoding {
    if reads_as_western(bytes) {
        return western_variant(bytes);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let prefix = bytes.get(..DETECT_LEN).unwrap_or(bytes);
    detector.feed(prefix, prefix.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == WINDOWS_1252 {
        western_variant(bytes)
    } else {
        guess
    }
}

/// Windows-1252, or ISO-8859-15 when the bytes use 0xA4 (`€` there) and nothing in
/// 0x80–0x9F (where Windows-1252 has its extra characters and ISO-8859-15 has none).
fn western_variant(bytes: &[u8]) -> &'static Encoding {
    let uses_a4 = bytes.contains(&0xA4);
    let uses_c1 = bytes.iter().any(|b| (0x80..=0x9F).contains(b));
    if uses_a4 && !uses_c1 {
        ISO_8859_15
    } else {
        WINDOWS_1252
    }
}

/// Whether at least 90 % of the non-ASCII characters of the Windows-1252 reading are
/// letters and signs that Spanish and its Western neighbours use.
fn reads_as_western(bytes: &[u8]) -> bool {
    let prefix = bytes.get(..DETECT_LEN).unwrap_or(bytes);
    let (mut western, mut other) = (0usize, 0usize);
    for &b in prefix.iter().filter(|b| !b.is_ascii()) {
        let byte = [b];
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(&byte);
        if text.chars().all(is_western) {
            western += 1;
        } else {
            other += 1;
        }
    }
    western > 0 && other * 10 <= western + other
}

fn is_western(c: char) -> bool {
    matches!(
        c,
        'á' | 'é'
            | 'í'
            | 'ó'
            | 'ú'
            | 'ü'
            | 'ñ'
            | 'Á'
            | 'É'
            | 'Í'
            | 'Ó'
            | 'Ú'
            | 'Ü'
            | 'Ñ'
            | '¿'
            | '¡'
            | '«'
            | '»'
            | 'º'
            | 'ª'
            | '€'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '–'
            | '—'
            | '…'
            | '·'
            | '°'
            | 'ç'
            | 'Ç'
            | 'à'
            | 'è'
            | 'ò'
            | 'À'
            | 'È'
            | 'Ò'
            | 'ï'
            | 'Ï'
            | '\u{A0}'
            | '©'
            | '®'
            | '´'
            | '¤'
    )
}

/// More than 10 % control characters among the first [`SNIFF_LEN`] characters.
fn looks_binary(text: &str) -> bool {
    let (mut total, mut control) = (0usize, 0usize);
    for c in text.chars().take(SNIFF_LEN) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}') {
            control += 1;
        }
    }
    control * 10 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(bytes: &[u8]) -> &'static str {
        match decode(bytes) {
            Ok((_, name)) => name,
            Err(reason) => panic!("{reason}"),
        }
    }

    #[test]
    fn table() {
        // (bytes, expected text, expected encoding)
        let cases: &[(&[u8], &str, &str)] = &[
            (b"", "", "UTF-8"),
            ("año".as_bytes(), "año", "UTF-8"),
            (b"\xEF\xBB\xBFa\xC3\xB1o", "año", "UTF-8"),
            (b"\xFF\xFEa\x00\xF1\x00o\x00", "año", "UTF-16LE"),
            (b"\xFE\xFF\x00a\x00\xF1\x00o", "año", "UTF-16BE"),
            (b"a\xF1o", "año", "windows-1252"),
            (b"acci\xF3n", "acción", "windows-1252"),
            (b"\x93Hola\x94, 5 \x80", "“Hola”, 5 €", "windows-1252"),
            (
                b"cuesta 5 \xA4 el a\xF1o",
                "cuesta 5 € el año",
                "ISO-8859-15",
            ),
        ];
        for &(bytes, text, encoding) in cases {
            assert_eq!(decode(bytes), Ok((text.to_owned(), encoding)), "{bytes:?}");
        }
    }

    #[test]
    fn cyrillic_is_left_to_the_detector() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Привет, как дела? Всё хорошо.");
        assert_eq!(name(&bytes), "windows-1251");
    }

    #[test]
    fn binary_and_invalid() {
        assert_eq!(decode(b"ab\0cd"), Err(SkipReason::Binary));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(SkipReason::Binary));
        assert_eq!(decode(b"\xFF\xFEa\x00\x00\x00"), Err(SkipReason::Binary));
        // A lone surrogate after a UTF-16 byte-order mark.
        assert_eq!(decode(b"\xFF\xFE\x00\xD8"), Err(SkipReason::Undecodable));
        // Invalid UTF-8 after a UTF-8 byte-order mark.
        assert_eq!(decode(b"\xEF\xBB\xBFa\xFFb"), Err(SkipReason::Undecodable));
    }
}
