//! The words Lupa's interfaces speak to people, in Spanish and in English.
//!
//! Every message a person reads from `lupa` or from the search page of `lupa serve` is a
//! [Fluent](https://projectfluent.org) message in `locales/es.ftl` and `locales/en.ftl`,
//! one file per language, compiled into the binary. A message is looked up by its id
//! with [`tr!`]:
//!
//! ```
//! use lupa_i18n::{tr, Lang};
//! assert_eq!(tr!(Lang::Es, "no-results", query = "zzzz"), "Ningún resultado para zzzz");
//! assert_eq!(tr!(Lang::En, "no-results", query = "zzzz"), "No results for zzzz");
//! ```
//!
//! The language comes from `--lang`, else from the locale the way gettext reads it
//! ([`Lang::from_env`]). Machine-read output (JSON, TREC runs, exit codes) never goes
//! through here, so it is the same in every language.
//!
//! [`errors`] puts the library's errors (a query that does not parse, an index that
//! cannot be opened, a skipped file) into either language, from their kinds and fields:
//! the library's own `Display` stays the English of its API for embedding programs.

pub mod errors;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;
use std::sync::OnceLock;

/// A language Lupa speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Spanish.
    Es,
    /// English.
    En,
}

/// The Fluent source of each language, as compiled in.
const SOURCES: [(Lang, &str); 2] = [
    (Lang::Es, include_str!("../locales/es.ftl")),
    (Lang::En, include_str!("../locales/en.ftl")),
];

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// `es` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language named `es` or `en` (any case), as `--lang` takes it.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "es" => Some(Lang::Es),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a POSIX locale name (`es_ES.UTF-8`, `es`, `en_GB`, `C`): Spanish
    /// for `es` and `es_*`, English for anything else, `C` and `POSIX` included, since
    /// Lupa has no other translation and English is what an untranslated program says.
    pub fn from_locale(locale: &str) -> Lang {
        let language = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default();
        if language.eq_ignore_ascii_case("es") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    /// The language of the process's locale, as gettext chooses the language of
    /// messages: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not
    /// empty names the locale; unless that locale is `C` or `POSIX`, a `LANGUAGE`
    /// priority list (`es:en`) comes first. Where nothing is set, English, as with `C`.
    pub fn from_env() -> Lang {
        Lang::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let Some(locale) = set("LC_ALL")
            .or_else(|| set("LC_MESSAGES"))
            .or_else(|| set("LANG"))
        else {
            return Lang::En;
        };
        let plain = matches!(locale.split('.').next(), Some("C" | "POSIX"));
        if !plain {
            if let Some(list) = set("LANGUAGE") {
                // The first entry of the list that is a language Lupa has.
                let known = list.split(':').find_map(|entry| {
                    let lang = Lang::from_locale(entry);
                    let named = entry.split(['_', '-', '.', '@']).next().unwrap_or_default();
                    named.eq_ignore_ascii_case(lang.code()).then_some(lang)
                });
                if let Some(lang) = known {
                    return lang;
                }
            }
        }
        Lang::from_locale(&locale)
    }

    /// The language a browser asks for in `Accept-Language` (`es-ES,es;q=0.9,en;q=0.8`):
    /// the one of Spanish and English with the higher quality, the earlier on a tie;
    /// `None` when it names neither.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let language = tag.split('-').next().unwrap_or_default();
            let lang = if language.eq_ignore_ascii_case("es") {
                Lang::Es
            } else if language.eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// The message `id` in this language with `args` put into it. A message missing
    /// from this language's file falls back to the other language, then to the id: a
    /// test (`every_message_is_in_both_languages`) keeps that from happening.
    pub fn text(self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let args = (!args.is_empty()).then(|| {
            let mut fluent = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                fluent.set(*name, value.0.clone());
            }
            fluent
        });
        for lang in [self, self.other()] {
            let bundle = bundle(lang);
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args.as_ref(), &mut errors)
                    .into_owned();
            }
        }
        id.to_string()
    }

    /// Whether this language's file has the message `id`.
    pub fn has(self, id: &str) -> bool {
        bundle(self)
            .get_message(id)
            .is_some_and(|m| m.value().is_some())
    }

    fn other(self) -> Lang {
        match self {
            Lang::Es => Lang::En,
            Lang::En => Lang::Es,
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A value put into a message: text or a number (numbers choose plural forms).
#[derive(Debug, Clone)]
pub struct Arg<'a>(FluentValue<'a>);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg(FluentValue::String(Cow::Borrowed(s)))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg(FluentValue::String(Cow::Borrowed(s)))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg(FluentValue::String(Cow::Owned(s)))
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg(FluentValue::from(n))
            }
        }
    )*};
}
number_args!(usize, u64, u32, i64, i32, f64);

/// The message `id` in `lang`, with named values: `tr!(lang, "no-results", query = q)`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr) => {
        $crate::Lang::text($lang, $id, &[])
    };
    ($lang:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::Lang::text($lang, $id, &[$((stringify!($name), $crate::Arg::from($value))),+])
    };
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: OnceLock<Vec<(Lang, FluentBundle<FluentResource>)>> = OnceLock::new();
    let bundles = BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(lang, source)| {
                let id: unic_langid::LanguageIdentifier = match lang {
                    Lang::Es => unic_langid::langid!("es"),
                    Lang::En => unic_langid::langid!("en"),
                };
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Terminals and HTML get the text as written, without Unicode
                // isolation marks around each value.
                bundle.set_use_isolating(false);
                // A syntax error leaves out the entry it is in; the tests parse both
                // files strictly, so none ships.
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(partial, _)| partial);
                let _ = bundle.add_resource(resource);
                (*lang, bundle)
            })
            .collect()
    });
    bundles
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, b)| b)
        .unwrap_or(&bundles[0].1)
}

/// The ids of the messages in a language's file, in file order (for tests and tools).
pub fn message_ids(lang: Lang) -> Vec<String> {
    let source = SOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("", |(_, s)| s);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_files_parse_without_errors() {
        for (lang, source) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
                panic!("locales/{lang}.ftl: {errors:?}");
            }
        }
    }

    #[test]
    fn every_message_is_in_both_languages() {
        let es: BTreeSet<String> = message_ids(Lang::Es).into_iter().collect();
        let en: BTreeSet<String> = message_ids(Lang::En).into_iter().collect();
        let only_es: Vec<_> = es.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&es).collect();
        assert!(
            only_es.is_empty() && only_en.is_empty(),
            "only in es.ftl: {only_es:?}; only in en.ftl: {only_en:?}"
        );
        assert!(es.len() > 100, "{} messages", es.len());
    }

    #[test]
    fn no_message_is_written_twice() {
        for lang in Lang::ALL {
            let ids = message_ids(lang);
            let unique: BTreeSet<&String> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "locales/{lang}.ftl repeats an id");
        }
    }

    /// The variables of each message are the same in both languages: a translation
    /// that drops `$path` loses what the user needs to act on.
    #[test]
    fn both_languages_use_the_same_variables() {
        for id in message_ids(Lang::Es) {
            let vars = |lang: Lang| -> BTreeSet<String> {
                let source = SOURCES.iter().find(|(l, _)| *l == lang).map_or("", |s| s.1);
                variables(source, &id)
            };
            assert_eq!(vars(Lang::Es), vars(Lang::En), "variables of `{id}`");
        }
    }

    /// The `$names` in the text of message `id` of an FTL source.
    fn variables(source: &str, id: &str) -> BTreeSet<String> {
        let mut lines = source.lines().skip_while(|l| {
            l.split_once(" =")
                .is_none_or(|(name, _)| name.trim_end() != id || l.starts_with(' '))
        });
        let mut text = lines.next().unwrap_or_default().to_string();
        for l in lines {
            if l.starts_with([' ', '}']) || l.is_empty() {
                text.push_str(l);
            } else {
                break;
            }
        }
        let mut out = BTreeSet::new();
        let mut rest = text.as_str();
        while let Some(at) = rest.find('$') {
            rest = &rest[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            out.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
        out
    }

    /// Every id the interfaces ask for with `tr!` is in both files (ids made at run
    /// time, such as the help of each option, are checked where they are made).
    #[test]
    fn every_message_asked_for_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut asked = BTreeSet::new();
        for dir in ["i18n/src", "cli/src", "server/src"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("a source folder") {
                let path = entry.expect("an entry").path();
                if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    asked.extend(ids_asked(&text));
                }
            }
        }
        assert!(asked.len() > 50, "found only {} tr! calls", asked.len());
        for id in &asked {
            for lang in Lang::ALL {
                assert!(lang.has(id), "`{id}` is asked for but not in {lang}.ftl");
            }
        }
    }

    /// The literal ids of the `tr!` calls in a source text (a literal right after the
    /// first comma).
    fn ids_asked(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find("tr!(") {
            rest = &rest[at + 4..];
            let call = &rest[..rest.find(')').unwrap_or(rest.len())];
            let Some(comma) = call.find(',') else {
                continue;
            };
            let after = call[comma + 1..].trim_start();
            if let Some(quoted) = after.strip_prefix('"') {
                if let Some(end) = quoted.find('"') {
                    out.push(quoted[..end].to_string());
                }
            }
        }
        out
    }

    #[test]
    fn the_locale_chooses_as_gettext_does() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_vars(env(&[])), Lang::En);
        assert_eq!(Lang::from_vars(env(&[("LANG", "es_ES.UTF-8")])), Lang::Es);
        assert_eq!(Lang::from_vars(env(&[("LANG", "C")])), Lang::En);
        assert_eq!(Lang::from_vars(env(&[("LANG", "es_MX")])), Lang::Es);
        assert_eq!(Lang::from_vars(env(&[("LANG", "fr_FR.UTF-8")])), Lang::En);
        // LC_ALL over LC_MESSAGES over LANG; an empty one does not count.
        let all = env(&[("LC_ALL", "C"), ("LANG", "es_ES.UTF-8")]);
        assert_eq!(Lang::from_vars(all), Lang::En);
        let messages = env(&[("LC_ALL", ""), ("LC_MESSAGES", "es_AR"), ("LANG", "en_US")]);
        assert_eq!(Lang::from_vars(messages), Lang::Es);
        // LANGUAGE comes first, except under C.
        let list = env(&[("LANGUAGE", "fr:es:en"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(Lang::from_vars(list), Lang::Es);
        let c = env(&[("LANGUAGE", "es"), ("LANG", "C.UTF-8")]);
        assert_eq!(Lang::from_vars(c), Lang::En);
    }

    #[test]
    fn browsers_choose_by_quality() {
        assert_eq!(
            Lang::from_accept_language("es-ES,es;q=0.9,en;q=0.8"),
            Some(Lang::Es)
        );
        assert_eq!(
            Lang::from_accept_language("en-GB,en;q=0.9,es;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR,en;q=0.5,es;q=0.7"),
            Some(Lang::Es)
        );
        assert_eq!(Lang::from_accept_language("de, fr"), None);
        assert_eq!(Lang::from_accept_language("es;q=0, en"), Some(Lang::En));
    }

    #[test]
    fn plurals_follow_the_number() {
        assert_eq!(
            tr!(Lang::Es, "matching-documents", count = 1usize),
            "1 documento coincide"
        );
        assert_eq!(
            tr!(Lang::Es, "matching-documents", count = 3usize),
            "3 documentos coinciden"
        );
        assert_eq!(
            tr!(Lang::En, "matching-documents", count = 1usize),
            "1 matching document"
        );
    }
}
