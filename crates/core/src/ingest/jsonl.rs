//! JSON Lines: one document per line.
//!
//! Each non-blank line is a JSON object with the document's text in `text` (or, when
//! there is no `text`, `body`), and optionally an `id` (string or number) and a `title`
//! (string). The document's id is `path#id`, or `path#N` with the 1-based line number
//! when the line has no id (or a `null` one). A line without a title gets one from its
//! text by the plain-text rule. Blank lines are ignored. A line that is not a valid
//! document is reported as a warning with its line number and left out; so is a line
//! whose id was already used in the file. The other lines are indexed.
//!
//! A line may also say its document's date, `date` or `fecha` (a string, read by
//! [`parse_date`](super::parse_date)), author, `author` or `autor` (a string, a list
//! of strings joined with `, `, or an object with a `name`), source, `source` or
//! `fuente`, address, `url`, and language, `lang` (strings); of two keys for one part,
//! the first that gives a usable value counts. A date that names no day, or is not a
//! string (`20210726` as a number), is left out with a warning naming the line (when
//! no other key gives a date), and the document is indexed without it; other values
//! of the wrong type are ignored.

use super::meta::MetaFields;
use super::skip::{SkipReason, Skipped};
use super::title::text_title;
use super::ParsedDoc;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Documents and bad lines of a JSON Lines file.
pub(crate) fn parse_json_lines(rel_path: &str, text: &str) -> (Vec<ParsedDoc>, Vec<Skipped>) {
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| {
            Skipped::new(
                rel_path,
                SkipReason::BadLine {
                    line: number,
                    message,
                },
            )
        };
        match parse_line(line) {
            Ok(doc) => {
                let id = doc.id.unwrap_or_else(|| number.to_string());
                if let Some(first) = seen.get(&id) {
                    warnings.push(bad(format!(
                        "duplicate id {id:?} (first used on line {first})"
                    )));
                    continue;
                }
                seen.insert(id.clone(), number);
                let (meta, bad_date) = doc.meta.finish();
                if let Some(value) = bad_date {
                    warnings.push(Skipped::new(
                        rel_path,
                        SkipReason::BadDate {
                            line: Some(number),
                            value,
                        },
                    ));
                }
                let (title, title_is_excerpt) = match doc.title {
                    Some(title) if !title.trim().is_empty() => (title.trim().to_owned(), false),
                    _ => text_title(&doc.text),
                };
                docs.push(ParsedDoc {
                    id: format!("{rel_path}#{id}"),
                    title,
                    title_is_excerpt,
                    body: doc.text,
                    meta,
                });
            }
            Err(message) => warnings.push(bad(message)),
        }
    }
    (docs, warnings)
}

struct Line {
    id: Option<String>,
    title: Option<String>,
    text: String,
    meta: MetaFields,
}

fn parse_line(line: &str) -> Result<Line, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|error| format!("invalid JSON: {error}"))?;
    let Value::Object(mut object) = value else {
        return Err("not a JSON object".to_owned());
    };
    let id = match object.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) if id.trim().is_empty() => {
            return Err("empty \"id\"".to_owned());
        }
        Some(Value::String(id)) => Some(id),
        Some(Value::Number(id)) => Some(id.to_string()),
        Some(_) => return Err("\"id\" must be a string or a number".to_owned()),
    };
    let title = match object.remove("title") {
        None | Some(Value::Null) => None,
        Some(Value::String(title)) => Some(title),
        Some(_) => return Err("\"title\" must be a string".to_owned()),
    };
    let text = text_field(&mut object)?;
    if text.trim().is_empty() {
        return Err("empty text".to_owned());
    }
    let meta = line_meta(&mut object);
    Ok(Line {
        id,
        title,
        text,
        meta,
    })
}

/// The metadata of a line's object.
fn line_meta(object: &mut Map<String, Value>) -> MetaFields {
    let mut meta = MetaFields::default();
    for key in ["date", "fecha"] {
        match object.remove(key) {
            None | Some(Value::Null) => {}
            Some(Value::String(date)) => meta.date(&date),
            Some(other) => meta.bad_date(&other.to_string()),
        }
    }
    for key in ["author", "autor"] {
        match object.remove(key) {
            Some(Value::String(author)) => meta.author(&author),
            Some(Value::Array(authors)) => meta.authors(authors.iter().filter_map(name)),
            Some(author @ Value::Object(_)) => meta.authors(name(&author)),
            _ => {}
        }
    }
    let mut text = |key: &str| match object.remove(key) {
        Some(Value::String(text)) => Some(text),
        _ => None,
    };
    for source in [text("source"), text("fuente")].into_iter().flatten() {
        meta.source(&source);
    }
    if let Some(url) = text("url") {
        meta.url(&url);
    }
    if let Some(lang) = text("lang") {
        meta.lang(&lang);
    }
    meta
}

/// A person's name: a string, or an object's `name`.
fn name(value: &Value) -> Option<&str> {
    match value {
        Value::String(name) => Some(name),
        Value::Object(object) => object.get("name").and_then(Value::as_str),
        _ => None,
    }
}

fn text_field(object: &mut Map<String, Value>) -> Result<String, String> {
    let (name, value) = match object.remove("text") {
        Some(value) => ("text", value),
        None => match object.remove("body") {
            Some(value) => ("body", value),
            None => return Err("no \"text\" or \"body\" field".to_owned()),
        },
    };
    match value {
        Value::String(text) => Ok(text),
        _ => Err(format!("{name:?} must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_errors(text: &str) -> Vec<(usize, String)> {
        parse_json_lines("a.jsonl", text)
            .1
            .into_iter()
            .map(|skipped| match skipped.reason {
                SkipReason::BadLine { line, message } => (line, message),
                other => panic!("{other}"),
            })
            .collect()
    }

    #[test]
    fn documents() {
        let text = "{\"id\": 7, \"title\": \"Siete\", \"text\": \"siete\"}\r\n\
            \n  \n\
            {\"body\": \"Sin id ni título.\\nMás.\"}\n\
            {\"id\": \"x-1\", \"text\": \"equis\", \"body\": \"no\"}\n\
            {\"id\": 2.5, \"title\": null, \"text\": \"dos y medio\"}";
        let (docs, warnings) = parse_json_lines("d/a.jsonl", text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let got: Vec<_> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str(), d.body.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("d/a.jsonl#7", "Siete", "siete"),
                (
                    "d/a.jsonl#4",
                    "Sin id ni título.",
                    "Sin id ni título.\nMás."
                ),
                ("d/a.jsonl#x-1", "equis", "equis"),
                ("d/a.jsonl#2.5", "dos y medio", "dos y medio"),
            ]
        );
    }

    #[test]
    fn metadata() {
        let text = "{\"text\": \"a\", \"date\": \"26 de julio de 2021\", \"author\": [\"Ana\", {\"name\": \"Luis\"}, 3],\
              \"source\": \" El  Diario \", \"url\": \"https://x.es/a\", \"lang\": \"es\"}\n\
            {\"text\": \"b\", \"fecha\": \"2021-07-26T10:00:00Z\", \"autor\": \"Ana\", \"fuente\": 7}\n\
            {\"text\": \"c\", \"author\": {\"name\": \"Eva\"}, \"url\": null, \"lang\": [\"es\"]}\n\
            {\"text\": \"d\", \"date\": null}";
        let (docs, warnings) = parse_json_lines("a.jsonl", text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let day = crate::ingest::Day::from_ymd(2021, 7, 26);
        let meta = &docs[0].meta;
        assert_eq!(meta.date, day);
        assert_eq!(meta.author.as_deref(), Some("Ana, Luis"));
        assert_eq!(meta.source.as_deref(), Some("El Diario"));
        assert_eq!(meta.url.as_deref(), Some("https://x.es/a"));
        assert_eq!(meta.lang.as_deref(), Some("es"));
        assert_eq!(docs[1].meta.date, day);
        assert_eq!(docs[1].meta.author.as_deref(), Some("Ana"));
        assert_eq!(docs[1].meta.source, None);
        assert_eq!(docs[2].meta.author.as_deref(), Some("Eva"));
        assert_eq!((&docs[2].meta.url, &docs[2].meta.lang), (&None, &None));
        assert_eq!(docs[3].meta, crate::ingest::Metadata::default());
    }

    #[test]
    fn a_bad_date_is_a_warning_naming_the_line_and_the_document_is_kept() {
        let text =
            "{\"text\": \"a\", \"date\": \"ayer\"}\n\n{\"text\": \"b\", \"fecha\": 20210726}\n\
            {\"text\": \"c\", \"date\": \"ayer\", \"fecha\": \"2021-07-26\"}";
        let (docs, warnings) = parse_json_lines("a.jsonl", text);
        assert_eq!(docs.len(), 3);
        assert!(docs.iter().take(2).all(|d| d.meta.date.is_none()));
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "a.jsonl: line 1: unreadable date \"ayer\" ignored",
                "a.jsonl: line 3: unreadable date \"20210726\" ignored",
            ]
        );
        // When `date` names no day, `fecha` may.
        assert_eq!(docs[2].meta.date, crate::ingest::Day::from_ymd(2021, 7, 26));
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let text = "{\"text\": \"bien\"}\n{roto\n[1]\n{\"title\": \"t\"}\n\
            {\"text\": 3}\n{\"id\": true, \"text\": \"x\"}\n{\"id\": 1, \"text\": \"  \"}\n\
            {\"id\": 1, \"text\": \"otra vez\"}\n{\"title\": 1, \"text\": \"x\"}";
        let errors = line_errors(text);
        let lines: Vec<usize> = errors.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6, 7, 8, 9], "{errors:?}");
        assert!(errors[0].1.starts_with("invalid JSON"), "{errors:?}");
        assert_eq!(errors[2].1, "no \"text\" or \"body\" field");
        assert!(errors[6].1.contains("duplicate id \"1\""), "{errors:?}");
    }
}
