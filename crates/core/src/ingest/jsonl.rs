//! JSON Lines: one document per line.
//!
//! Each non-blank line is a JSON object with the document's text in `text` (or, when
//! there is no `text`, `body`), and optionally an `id` (string or number) and a `title`
//! (string). The document's id is `path#id`, or `path#N` with the 1-based line number
//! when the line has no id (or a `null` one). A line without a title gets one from its
//! text by the plain-text rule. Blank lines are ignored. A line that is not a valid
//! document is reported as a warning with its line number and left out; so is a line
//! whose id was already used in the file. The other lines are indexed.

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
                let (title, title_is_excerpt) = match doc.title {
                    Some(title) if !title.trim().is_empty() => (title.trim().to_owned(), false),
                    _ => text_title(&doc.text),
                };
                docs.push(ParsedDoc {
                    id: format!("{rel_path}#{id}"),
                    title,
                    title_is_excerpt,
                    body: doc.text,
                    meta: Default::default(),
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
    Ok(Line { id, title, text })
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
