//! The command line in the user's language: the help of every command and option, the
//! manual page and the errors in the arguments, all from `lupa-i18n`'s messages.
//!
//! clap writes help from the definitions in `main.rs`; those carry no text. Here each
//! command gets its `about` from the message `cmd-NAME`, and each option its help from
//! `arg-COMMAND-ID` (where one command says it differently) or `arg-ID`. clap's own
//! words (headings, `[default: …]`, its errors) are replaced by messages too.

use anstyle::{AnsiColor, Style};
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use lupa_i18n::{tr, Lang};
use std::io::{self, Write};

const HEADING: Style = Style::new().bold().underline();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const LITERAL: Style = Style::new().bold();

/// `cmd` with every text in `lang`, and the ids of the messages it lacked (none when
/// both languages are complete: a test checks).
pub fn localize(cmd: Command, lang: Lang) -> (Command, Vec<String>) {
    let mut missing = Vec::new();
    let mut cmd = command(cmd, "lupa", lang, &mut missing)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(tr!(lang, "arg-version"))
                .help_heading(tr!(lang, "help-options")),
        );
    // The `help` command is made by clap when it builds the definition.
    cmd.build();
    if let Some(help) = cmd.find_subcommand_mut("help") {
        let about = tr!(lang, "cmd-help");
        let localized = std::mem::take(help)
            .about(about)
            .mut_args(|a| option(a, "help", lang, &mut missing));
        *help = localized;
    }
    (cmd, missing)
}

/// One command, its options and its commands, recursively.
fn command(cmd: Command, name: &str, lang: Lang, missing: &mut Vec<String>) -> Command {
    let about = format!("cmd-{name}");
    let long = format!("cmd-{name}-long");
    let mut cmd = cmd.about(text(lang, &about, missing));
    if lang.has(&long) {
        cmd = cmd.long_about(tr!(lang, &long));
    }
    cmd = cmd
        .help_template(template(lang))
        .subcommand_help_heading(tr!(lang, "help-commands"))
        .subcommand_value_name(tr!(lang, "value-command"))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(tr!(lang, "arg-help"))
                .help_heading(tr!(lang, "help-options")),
        );
    let own = name.to_string();
    cmd = cmd.mut_args(|a| {
        if a.get_id() == "help" {
            a.help_heading(tr!(lang, "help-options"))
        } else {
            option(a, &own, lang, missing)
        }
    });
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in names {
        cmd = cmd.mut_subcommand(&sub, |s| command(s, &sub, lang, missing));
    }
    cmd
}

/// One option or argument: its help in `lang`, with its default, values and variable
/// written by us rather than by clap.
fn option(arg: Arg, command: &str, lang: Lang, missing: &mut Vec<String>) -> Arg {
    let id = arg.get_id().as_str().replace('_', "-");
    let own = format!("arg-{command}-{id}");
    let shared = format!("arg-{id}");
    let mut help = if lang.has(&own) {
        tr!(lang, &own)
    } else {
        text(lang, &shared, missing)
    };
    let takes_value = arg.get_action().takes_values();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help.push_str(&format!(
            " [{}: {}]",
            tr!(lang, "help-default"),
            defaults.join(", ")
        ));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if takes_value && !values.is_empty() && !arg.is_hide_possible_values_set() {
        help.push_str(&format!(
            " [{}: {}]",
            tr!(lang, "help-values"),
            values.join(", ")
        ));
    }
    if let Some(env) = arg.get_env() {
        help.push_str(&format!(
            " [{}: {}]",
            tr!(lang, "help-env"),
            env.to_string_lossy()
        ));
    }
    let heading = if arg.is_positional() {
        tr!(lang, "help-arguments")
    } else {
        tr!(lang, "help-options")
    };
    let mut arg = arg.help(help).hide_env(true).help_heading(heading);
    if takes_value {
        let names: Vec<String> = match arg.get_value_names() {
            Some(names) => names.iter().map(|n| n.to_string()).collect(),
            None => vec![arg.get_id().as_str().to_uppercase()],
        };
        let names: Vec<String> = names
            .iter()
            .map(|n| {
                let id = format!("value-{}", n.to_lowercase().replace([':', '_'], "-"));
                text(lang, &id, missing)
            })
            .collect();
        arg = arg.value_names(names);
    }
    if takes_value {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// The message `id`, or the id itself noted as missing.
fn text(lang: Lang, id: &str, missing: &mut Vec<String>) -> String {
    if !lang.has(id) {
        missing.push(id.to_string());
    }
    tr!(lang, id)
}

/// clap's help layout with the usage heading in `lang`.
fn template(lang: Lang) -> StyledStr {
    let usage = tr!(lang, "help-usage");
    let mut out = StyledStr::new();
    use std::fmt::Write as _;
    let _ = write!(
        out,
        "{{about-with-newline}}\n{HEADING}{usage}:{HEADING:#} {{usage}}\n\n{{all-args}}{{after-help}}"
    );
    out
}

/// The manual page of `cmd` (already localized), with its section names in `lang`.
pub fn man(cmd: Command, lang: Lang, out: &mut impl Write) -> io::Result<()> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut roff)?;
    let roff = String::from_utf8_lossy(&roff);
    let commands = tr!(lang, "help-commands");
    let sections = [
        ("NAME", "man-name"),
        ("SYNOPSIS", "man-synopsis"),
        ("DESCRIPTION", "man-description"),
        ("OPTIONS", "man-options"),
        ("SUBCOMMANDS", "man-commands"),
        (commands.as_str(), "man-commands"),
        ("VERSION", "man-version"),
        ("AUTHORS", "man-authors"),
        ("EXTRA", "man-extra"),
    ];
    for line in roff.lines() {
        let renamed = line.strip_prefix(".SH ").and_then(|name| {
            let name = name.trim_matches('"');
            sections
                .iter()
                .find(|(section, _)| *section == name)
                .map(|(_, id)| format!(".SH \"{}\"", tr!(lang, id)))
        });
        writeln!(out, "{}", renamed.as_deref().unwrap_or(line))?;
    }
    Ok(())
}

/// What is wrong with the arguments, in `lang`, as clap would show it: the problem, a
/// similar option or value when there is one, the usage, and where to learn more.
/// Help and version requests are printed as clap prints them. Returns the exit code.
pub fn argument_error(err: &clap::Error, lang: Lang) -> i32 {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return err.exit_code();
    }
    let string = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(s)) => s.join("`, `"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let mut tips = Vec::new();
    let message = match err.kind() {
        ErrorKind::UnknownArgument => {
            let similar = string(ContextKind::SuggestedArg);
            if !similar.is_empty() {
                tips.push(tr!(lang, "clap-similar", similar = similar));
            }
            tr!(lang, "clap-unknown-argument", arg = arg)
        }
        ErrorKind::InvalidSubcommand => {
            let similar = string(ContextKind::SuggestedSubcommand);
            if !similar.is_empty() {
                tips.push(tr!(lang, "clap-similar", similar = similar));
            }
            tr!(
                lang,
                "clap-invalid-subcommand",
                arg = string(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => tr!(lang, "clap-missing-value", arg = arg),
        ErrorKind::InvalidValue => {
            let valid = string(ContextKind::ValidValue);
            if !valid.is_empty() {
                tips.push(tr!(lang, "clap-valid-values", values = valid));
            }
            tr!(lang, "clap-invalid-value", value = value, arg = arg)
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err)
                .map(|e| e.to_string())
                .unwrap_or_default();
            tr!(
                lang,
                "clap-bad-value",
                value = value,
                arg = arg,
                reason = reason
            )
        }
        ErrorKind::NoEquals | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            tr!(lang, "clap-missing-value", arg = arg)
        }
        ErrorKind::TooManyValues => tr!(lang, "clap-too-many", value = value, arg = arg),
        ErrorKind::ArgumentConflict => tr!(
            lang,
            "clap-conflict",
            arg = arg,
            other = string(ContextKind::PriorArg)
        ),
        ErrorKind::MissingRequiredArgument => tr!(lang, "clap-missing-required", arg = arg),
        ErrorKind::MissingSubcommand => tr!(lang, "clap-missing-command"),
        _ => other_kind(lang, err),
    };
    let usage = string(ContextKind::Usage);
    let usage = usage
        .split_once(':')
        .map_or(usage.as_str(), |(_, rest)| rest)
        .trim();
    let mut stderr = anstream::stderr().lock();
    let _ = writeln!(
        stderr,
        "{ERROR}{}{ERROR:#} {message}",
        tr!(lang, "clap-error")
    );
    for tip in tips {
        let _ = writeln!(stderr, "\n  {tip}");
    }
    if !usage.is_empty() {
        let _ = writeln!(
            stderr,
            "\n{HEADING}{}:{HEADING:#} {usage}",
            tr!(lang, "help-usage")
        );
    }
    let _ = writeln!(
        stderr,
        "\n{}",
        tr!(
            lang,
            "help-more",
            help = format!("{LITERAL}--help{LITERAL:#}")
        )
    );
    2
}

/// The message for a kind of argument error without words of its own: clap's kind and
/// its own text, which names what is wrong.
fn other_kind(lang: Lang, err: &clap::Error) -> String {
    let own = err.render().to_string();
    let first = own
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error:")
        .trim();
    tr!(lang, "clap-other", reason = first.to_string())
}
