//! Every message the code can emit has an English and an Italian text that
//! formats with the arguments the code gives it.
//!
//! Messages are made only with `filiera_domain::msg!`, whose key must be a
//! literal; so reading every `msg!(` in the workspace's sources finds every
//! key, with the names of its arguments, that can reach a person.

use super::LANGUAGES;
use fluent_templates::fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A `msg!` call: where it is, its key and its argument names.
#[derive(Debug)]
struct Use {
    at: String,
    key: String,
    args: Vec<String>,
}

fn workspace_crates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a call from just after `msg!(` to its closing parenthesis.
fn call_body(text: &str) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (in_string, c) {
            (true, '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (true, '"') if !escaped => in_string = false,
            (false, '"') => in_string = true,
            (false, '(' | '[' | '{') => depth += 1,
            (false, ')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
        escaped = false;
    }
    text
}

/// The names before `=` of the call's top-level `name = value` arguments.
fn arg_names(body: &str) -> Vec<String> {
    let mut names = Vec::new();
    let (mut depth, mut in_string, mut start) = (0, false, 0);
    let mut parts = Vec::new();
    for (i, c) in body.char_indices() {
        match (in_string, c) {
            (_, '"') => in_string = !in_string,
            (false, '(' | '[' | '{') => depth += 1,
            (false, ')' | ']' | '}') => depth -= 1,
            (false, ',') if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    for part in parts.iter().skip(1) {
        if let Some((name, _)) = part.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                names.push(name.to_owned());
            }
        }
    }
    names
}

fn uses() -> Vec<Use> {
    let mut files = Vec::new();
    rust_files(&workspace_crates(), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (index, _) in text.match_indices("msg!(") {
            let body = call_body(&text[index + 5..]);
            let Some(key) = body.trim_start().strip_prefix('"').and_then(|k| k.split('"').next()) else {
                continue; // the macro's own definition
            };
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                continue; // this file's own search for `msg!(`
            }
            found.push(Use {
                at: format!("{}:{}", file.display(), text[..index].lines().count()),
                key: key.to_owned(),
                args: arg_names(body),
            });
        }
    }
    found
}

fn bundle(code: &str) -> FluentBundle<FluentResource> {
    let id = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    bundle.set_use_isolating(false);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(code);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "ftl")) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let resource = FluentResource::try_new(text).unwrap_or_else(|(_, errors)| {
            panic!("{}: {errors:?}", file.display());
        });
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{}: {errors:?}", file.display()));
    }
    bundle
}

#[test]
fn the_scan_finds_the_messages_of_every_crate() {
    let found = uses();
    assert!(found.len() > 250, "only {} msg! calls found", found.len());
    for krate in ["/domain/", "/storage/", "/web/", "/fixtures/"] {
        assert!(found.iter().any(|u| u.at.contains(krate)), "no msg! in {krate}");
    }
    let too_long = found.iter().find(|u| u.key == "error-too-long").map(|u| &u.args);
    assert_eq!(too_long, Some(&vec!["max".to_owned()]));
}

#[test]
fn every_message_the_code_can_emit_formats_in_every_language() {
    let found = uses();
    let mut problems = Vec::new();
    for (code, _) in LANGUAGES {
        let bundle = bundle(code);
        for used in &found {
            let Some(pattern) = bundle.get_message(&used.key).and_then(|m| m.value()) else {
                problems.push(format!("{code} lacks {} ({})", used.key, used.at));
                continue;
            };
            // Every argument as a number and as a word: selectors must have a
            // default and every placeable must be given.
            for sample in [FluentValue::from(1234), FluentValue::from("x")] {
                let mut args = FluentArgs::new();
                for name in &used.args {
                    args.set(name.clone(), sample.clone());
                }
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                if !errors.is_empty() || text.trim().is_empty() {
                    problems.push(format!("{code} {} ({}): {errors:?}", used.key, used.at));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_error_catalogues_of_both_languages_have_the_same_keys() {
    let keys = |code: &str| -> BTreeMap<String, ()> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(code)
            .join("errors.ftl");
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
            .filter(|k| k.starts_with("error-"))
            .map(|k| (k.to_owned(), ()))
            .collect()
    };
    assert_eq!(
        keys("en").keys().collect::<Vec<_>>(),
        keys("it").keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_message_reads_in_the_readers_language_with_its_numbers_and_dates() {
    use super::Tr;
    use filiera_domain::msg;
    let long = msg!("error-too-long", max = 20_000);
    assert_eq!(
        Tr::new("it").message(&long),
        "deve essere al massimo di 20.000 caratteri"
    );
    assert_eq!(Tr::new("en").message(&long), "must be at most 20,000 characters");
    let due = msg!(
        "error-follow-up-not-due",
        months = 6,
        due = time::macros::date!(2026 - 12 - 03)
    );
    assert_eq!(
        Tr::new("it").message(&due),
        "il follow-up a 6 mesi è previsto il 3 dic 2026, non prima"
    );
    assert_eq!(Tr::new("it").message(&msg!("error-required")), "è obbligatorio");
}
