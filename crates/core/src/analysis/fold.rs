//! Step 3 (and 7): fold accents away, keeping `ñ`.

use super::step::Normalizer;

/// Removes diacritics from lowercase text but keeps `ñ`, which is a letter of its own in
/// Spanish (`pena` and `peña`, `ano` and `año` are different words).
///
/// `á à â ä ã å` fold to `a`, `é è ê ë` to `e`, `í ì î ï` to `i`, `ó ò ô ö õ ø` to `o`,
/// `ú ù û ü` to `u`, `ç` to `c`, `ý ÿ` to `y`, and the ordinal indicators `ª º` to `a o`.
/// Decomposed text is handled too: combining marks (U+0300 to U+036F) are dropped, except a
/// combining tilde after `n`, which makes `ñ`. Runs after [`LowerCaser`](super::LowerCaser),
/// so it only knows lowercase letters. ASCII text is returned untouched without copying.
#[derive(Clone, Copy, Debug, Default)]
pub struct AccentFolder;

const COMBINING_TILDE: char = '\u{303}';

fn fold_char(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' | 'ª' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' | 'º' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ũ' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ç' | 'ć' | 'č' => 'c',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

impl Normalizer for AccentFolder {
    fn normalize(&self, input: &str, output: &mut String) -> bool {
        if input.is_ascii() {
            return false;
        }
        let changes = input
            .chars()
            .any(|c| fold_char(c).is_some() || is_combining_mark(c));
        if !changes {
            return false;
        }
        output.clear();
        for c in input.chars() {
            if c == COMBINING_TILDE && output.ends_with('n') {
                output.pop();
                output.push('ñ');
            } else if is_combining_mark(c) {
                continue;
            } else {
                output.push(fold_char(c).unwrap_or(c));
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_keeps_enye() {
        let cases = [
            ("asesoría", "asesoria"),
            ("acción", "accion"),
            ("pingüino", "pinguino"),
            ("peña", "peña"),
            ("año", "año"),
            ("à", "a"),
            ("français", "francais"),
            ("1.º", "1.o"),
            ("ñandú", "ñandu"),
            ("naïve", "naive"),
            ("kazemi", "kazemi"),
        ];
        for (input, expected) in cases {
            assert_eq!(AccentFolder.apply(input), expected, "{input}");
        }
    }

    #[test]
    fn folds_decomposed_text() {
        assert_eq!(AccentFolder.apply("acci\u{f3}n"), "accion");
        assert_eq!(AccentFolder.apply("accio\u{301}n"), "accion");
        assert_eq!(AccentFolder.apply("pen\u{303}a"), "peña");
        assert_eq!(AccentFolder.apply("i\u{307}stanbul"), "istanbul");
    }

    #[test]
    fn leaves_other_scripts_alone() {
        assert_eq!(AccentFolder.apply("οδοσ"), "οδοσ");
        assert_eq!(AccentFolder.apply("東京"), "東京");
    }
}
