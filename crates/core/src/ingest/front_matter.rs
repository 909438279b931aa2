//! The front matter of a Markdown file, YAML (between `---` lines) or TOML (between
//! `+++` lines), read for the few keys Lupa uses, without a YAML or TOML parser.
//!
//! Only top-level keys count (`key: value` or `key = value` at the start of a line;
//! in TOML, the keys before the first `[table]`). A value is a scalar, bare or
//! quoted (`"…"`, `'…'`; a bare YAML value ends at ` #`), a YAML block scalar (`|`,
//! `>`), or a list: `[a, "b"]`, or YAML `- a` items on the lines below the key
//! (`- name: Ana` gives `Ana`). Keys are matched without regard to case; the first
//! occurrence of a key counts.
//!
//! | Key | Gives |
//! | --- | --- |
//! | `title` | the title |
//! | `date`, `fecha` | the date ([`parse_date`](super::parse_date)) |
//! | `author`, `autor`, `authors`, `autores` | the author; a list is joined with `, ` |
//! | `source`, `fuente` | the source |
//! | `url` | the address |
//! | `lang`, `language`, `idioma` | the language |
//!
//! Where several keys give one part, the first in this order that gives a usable
//! value counts (`date: ayer` and `fecha: 26/07/2021` give the 26th of July).

use super::meta::MetaFields;
use super::title::plain_text_title;

/// What a front matter says.
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    /// Its title (by the plain-text rule), when it has one.
    pub(crate) title: Option<String>,
    /// Its metadata.
    pub(crate) fields: MetaFields,
}

/// A value of the front matter.
#[derive(Debug, PartialEq)]
enum Value {
    Scalar(String),
    List(Vec<String>),
}

impl Value {
    /// The value as one text: a scalar, or a list's first item.
    fn text(&self) -> &str {
        match self {
            Value::Scalar(text) => text,
            Value::List(items) => items.first().map_or("", String::as_str),
        }
    }
}

/// Reads the front matter `text` (without its `---` or `+++` lines); `toml` when it
/// was between `+++` lines.
pub(crate) fn front_matter(text: &str, toml: bool) -> FrontMatter {
    let entries = entries(text, toml);
    // The first value of each of `keys`, in the order of `keys`.
    let values = |keys: &'static [&'static str]| {
        keys.iter()
            .filter_map(|key| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v))
    };
    let mut fields = MetaFields::default();
    for date in values(&["date", "fecha"]) {
        fields.date(date.text());
    }
    for author in values(&["author", "autor", "authors", "autores"]) {
        match author {
            Value::Scalar(author) => fields.author(author),
            Value::List(authors) => fields.authors(authors),
        }
    }
    for source in values(&["source", "fuente"]) {
        fields.source(source.text());
    }
    for url in values(&["url"]) {
        fields.url(url.text());
    }
    for lang in values(&["lang", "language", "idioma"]) {
        fields.lang(lang.text());
    }
    let title = entries
        .iter()
        .filter(|(key, _)| key == "title")
        .map(|(_, value)| plain_text_title(value.text()))
        .find(|title| !title.is_empty());
    FrontMatter { title, fields }
}

/// The top-level keys (lower case) and their values, in order.
fn entries(text: &str, toml: bool) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if toml && line.trim_start().starts_with('[') {
            break;
        }
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        let value = if value.is_empty() && !toml {
            // Items of a list on the lines below: `- a`, or more indented lines.
            let mut items = Vec::new();
            while let Some(next) = lines.next_if(|l| is_item(l)) {
                let item = next.trim_start();
                let item = item.strip_prefix('-').unwrap_or(item).trim();
                // An item that is a mapping gives its `name`; its other keys, nothing.
                let item = match key_value(item) {
                    Some((key, name)) if key.eq_ignore_ascii_case("name") => scalar(name),
                    Some(_) => continue,
                    None => scalar(item),
                };
                if !item.is_empty() {
                    items.push(item);
                }
            }
            Value::List(items)
        } else if is_block_scalar(value) && !toml {
            let mut block = Vec::new();
            while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t']) || l.is_empty()) {
                block.push(next.trim());
            }
            Value::Scalar(block.join(" "))
        } else if let Some(list) = value.strip_prefix('[') {
            // A list may go on over the lines below, up to its `]`.
            let mut list = list.to_owned();
            let mut closed = list.contains(']');
            while !closed {
                let Some(next) = lines.next() else { break };
                let next = without_comment(next);
                closed = next.contains(']');
                list.push(' ');
                list.push_str(next);
            }
            let list = list.split(']').next().unwrap_or_default();
            Value::List(split_list(list).into_iter().map(|i| scalar(&i)).collect())
        } else {
            Value::Scalar(scalar(value))
        };
        out.push((key.to_lowercase(), value));
    }
    out
}

/// `key: value` or `key = value` at the start of a line, the value trimmed.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let end = line
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(line.len());
    let (key, rest) = line.split_at(end);
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    let rest = rest.trim_start();
    // YAML's colon is followed by a space (`https://x` is no key).
    let value = match rest.strip_prefix(':') {
        Some(value) if value.is_empty() || value.starts_with([' ', '\t']) => value,
        Some(_) => return None,
        None => rest.strip_prefix('=')?,
    };
    Some((key, value.trim()))
}

/// Whether a line below a key with no value belongs to it: a `- ` item, or an
/// indented line.
fn is_item(line: &str) -> bool {
    line.starts_with([' ', '\t']) && !line.trim().is_empty()
        || line == "-"
        || line.starts_with("- ")
}

fn is_block_scalar(value: &str) -> bool {
    matches!(value, "|" | ">" | "|-" | ">-" | "|+" | ">+")
}

/// A scalar: a quoted one up to its closing quote, unescaped; a bare one without a
/// ` #` comment.
fn scalar(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        let Some(rest) = value.strip_prefix(quote) else {
            continue;
        };
        let mut out = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if quote == '"' && c == '\\' {
                match chars.next() {
                    Some('n' | 't') => out.push(' '),
                    Some(escaped) => out.push(escaped),
                    None => {}
                }
            } else if c == quote && quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
                out.push('\'');
            } else if c == quote {
                break;
            } else {
                out.push(c);
            }
        }
        return out;
    }
    let bare = value.find(" #").map_or(value, |at| &value[..at]);
    bare.trim().to_owned()
}

/// A line up to its `#` comment (a `#` at its start or after a space, outside quotes).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut after_space = true;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '#') if after_space => return &line[..at],
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
        after_space = c.is_whitespace();
    }
    line
}

/// The items of a `[…]` list's inside, split at commas outside quotes.
fn split_list(list: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for c in list.chars() {
        match (quote, c) {
            (None, ',') => items.push(std::mem::take(&mut current)),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.push(c);
            }
            (Some(q), _) if c == q => {
                quote = None;
                current.push(c);
            }
            _ => current.push(c),
        }
    }
    items.push(current);
    items.retain(|item| !item.trim().is_empty());
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Day;

    #[test]
    fn yaml_keys() {
        let yaml = "title: \"La sequía\"\nfecha: 26/07/2021\ndate: 2021-07-27T10:00:00+02:00\n\
            autor: 'Ana  Pérez'\nfuente: El Diario # el de siempre\n\
            url: https://eldiario.es/a?b=1#c\nidioma: es\ntags: [a, b]\n";
        let matter = front_matter(yaml, false);
        assert_eq!(matter.title.as_deref(), Some("La sequía"));
        let (meta, bad) = matter.fields.finish();
        assert_eq!(bad, None);
        assert_eq!(meta.date, Day::from_ymd(2021, 7, 27), "date before fecha");
        assert_eq!(meta.author.as_deref(), Some("Ana Pérez"));
        assert_eq!(meta.source.as_deref(), Some("El Diario"));
        assert_eq!(meta.url.as_deref(), Some("https://eldiario.es/a?b=1#c"));
        assert_eq!(meta.lang.as_deref(), Some("es"));
    }

    #[test]
    fn author_lists() {
        let cases = [
            ("author: [Ana, \"Pérez, Luis\"]\n", "Ana, Pérez, Luis"),
            ("authors:\n  - Ana\n  - 'Luis'\nother: x\n", "Ana, Luis"),
            ("author:\n- Ana\n- Luis\n", "Ana, Luis"),
            (
                "authors:\n  - name: Ana\n    email: a@x.es\n  - name: \"Luis\"\n",
                "Ana, Luis",
            ),
            (
                "author = [\n  \"Ana\",\n  \"Luis\", # y\n]\ndate = 1\n",
                "Ana, Luis",
            ),
            (
                "autor: \"Ana \\\"la Roja\\\"\" # apodo\n",
                "Ana \"la Roja\"",
            ),
            ("Author: >\n  Ana\n  Pérez\n", "Ana Pérez"),
        ];
        for (yaml, author) in cases {
            let (meta, _) = front_matter(yaml, false).fields.finish();
            assert_eq!(meta.author.as_deref(), Some(author), "{yaml:?}");
        }
    }

    #[test]
    fn toml_keys_before_the_first_table() {
        let toml = "title = 'TOML'\ndate = 2021-07-26\nauthor = [\"Ana\", \"Luis\"]\n\
            language = \"es-ES\"\n[extra]\nsource = \"No\"\n";
        let matter = front_matter(toml, true);
        assert_eq!(matter.title.as_deref(), Some("TOML"));
        let (meta, _) = matter.fields.finish();
        assert_eq!(meta.date, Day::from_ymd(2021, 7, 26));
        assert_eq!(meta.author.as_deref(), Some("Ana, Luis"));
        assert_eq!(meta.lang.as_deref(), Some("es-ES"));
        assert_eq!(meta.source, None);
    }

    #[test]
    fn a_later_key_gives_the_date_the_first_cannot() {
        let (meta, bad) = front_matter("date: ayer\nfecha: 26/07/2021\n", false)
            .fields
            .finish();
        assert_eq!((meta.date, bad), (Day::from_ymd(2021, 7, 26), None));
    }

    #[test]
    fn an_open_list_ends_with_the_front_matter() {
        let yaml = format!("author: [Ana,\n{}", "  Luis,\n".repeat(50_000));
        let (meta, _) = front_matter(&yaml, false).fields.finish();
        assert_eq!(
            meta.author.as_deref().map(|a| a.starts_with("Ana, Luis")),
            Some(true)
        );
    }

    #[test]
    fn nested_keys_and_bad_dates() {
        let yaml = "params:\n  author: Nadie\n  date: 2021-01-01\ndate: ayer\nfecha: anteayer\n";
        let (meta, bad) = front_matter(yaml, false).fields.finish();
        assert_eq!(meta.author, None);
        assert_eq!(meta.date, None);
        assert_eq!(bad.as_deref(), Some("ayer"));
        let (meta, bad) = front_matter("date: \"\"\n", false).fields.finish();
        assert_eq!((meta.date, bad), (None, None));
    }
}
