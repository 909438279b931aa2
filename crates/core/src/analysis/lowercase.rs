//! Step 2: lowercase with full Unicode rules.

use super::step::Normalizer;

/// Lowercases a token with Unicode's full case mappings (`İ` becomes `i̇`, `Σ` becomes `σ`).
///
/// Every sigma becomes `σ`, word-final `ς` included, so a Greek word matches whatever form of
/// sigma the text or the query used. ASCII text takes a fast path.
#[derive(Clone, Copy, Debug, Default)]
pub struct LowerCaser;

impl Normalizer for LowerCaser {
    fn normalize(&self, input: &str, output: &mut String) -> bool {
        if input.is_ascii() {
            if !input.bytes().any(|b| b.is_ascii_uppercase()) {
                return false;
            }
            output.clear();
            output.push_str(input);
            output.make_ascii_lowercase();
            return true;
        }
        output.clear();
        for c in input.chars() {
            match c {
                'ς' => output.push('σ'),
                c => output.extend(c.to_lowercase()),
            }
        }
        output != input
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_with_unicode_rules() {
        let cases = [
            ("ACCIÓN", "acción"),
            ("Ñandú", "ñandú"),
            ("EEUU", "eeuu"),
            ("ya", "ya"),
            ("ÁÉÍÓÚÜ", "áéíóúü"),
            ("ΟΔΟΣ", "οδοσ"),
            ("οδος", "οδοσ"),
            ("İstanbul", "i\u{307}stanbul"),
        ];
        for (input, expected) in cases {
            assert_eq!(LowerCaser.apply(input), expected, "{input}");
        }
    }

    #[test]
    fn reports_unchanged_input() {
        let mut out = String::new();
        assert!(!LowerCaser.normalize("acción", &mut out));
        assert!(!LowerCaser.normalize("abc", &mut out));
        assert!(LowerCaser.normalize("Abc", &mut out));
        assert_eq!(out, "abc");
    }
}
