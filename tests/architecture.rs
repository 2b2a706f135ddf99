//! Invariants of the design, checked on the source tree (see ARCHITECTURE.md):
//! - only `lib.rs`, `main.rs` and `commands/` name Tauri;
//! - `domain/` does no I/O and knows no database, keychain or Tauri;
//! - no money path uses floating point;
//! - the UI never branches on error text, and every code it can receive is translated;
//! - the four string catalogs have the same keys.
//! - no function outside tests is longer than 80 lines.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// Every file under `ui/js` with its text.
fn ui_js_files() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![common::repo_root().join("ui/js")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    out
}

/// A source file's path below `src-tauri/src`, with `/` on every OS.
fn rel_path(f: &Path) -> String {
    f.strip_prefix(src())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn src() -> PathBuf {
    common::repo_root().join("src-tauri/src")
}

/// Source without `//` comments, so prose may mention what code may not use.
/// A source file without comments and without its `#[cfg(test)]` module (test data is
/// not production code).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn only_the_shell_and_commands_name_tauri() {
    let root = src();
    let mut offenders = Vec::new();
    for f in rust_files(&root) {
        let rel = rel_path(&f);
        if rel == "lib.rs" || rel == "main.rs" || rel.starts_with("commands/") {
            continue;
        }
        let code = code_of(&f);
        if code.contains("tauri::") || code.contains("use tauri") || code.contains("#[tauri") {
            offenders.push(rel);
        }
    }
    assert!(
        offenders.is_empty(),
        "Tauri named outside the shell: {offenders:?}"
    );
}

#[test]
fn the_domain_does_no_io() {
    let forbidden = [
        "rusqlite",
        "keyring",
        "tauri",
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "Utc::now",
        "Local::now",
        "SystemTime",
        "Instant::now",
        "tracing::",
    ];
    // Letters are made the same way: facts in, bytes out.
    let files = rust_files(&src().join("domain"))
        .into_iter()
        .chain(rust_files(&src().join("letters")));
    for f in files {
        let code = code_of(&f);
        for word in forbidden {
            assert!(!code.contains(word), "{} uses {word}", f.display());
        }
    }
}

/// "Now" and "today" come from one clock (`services/clock.rs`, owned by `Core`), so a test
/// can fix them and the local date is computed one way. A monotonic `Instant` (how long
/// something took) is not a reading of the calendar and stays allowed.
#[test]
fn only_the_clock_module_reads_the_system_clock() {
    let root = src();
    let forbidden = [
        "Utc::now",
        "Local::now",
        "Utc::today",
        "Local::today",
        "SystemTime",
        "UNIX_EPOCH",
        "OffsetDateTime::now",
    ];
    let mut offenders = Vec::new();
    for f in rust_files(&root) {
        let rel = rel_path(&f);
        if rel == "services/clock.rs" {
            continue;
        }
        let code = code_of(&f);
        for word in forbidden {
            if code.contains(word) {
                offenders.push(format!("{rel}: {word}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the system clock is read outside services/clock.rs: {offenders:?}"
    );
    let clock = code_of(&root.join("services/clock.rs"));
    assert!(clock.contains("Utc::now") && clock.contains("Local::now"));
}

#[test]
fn money_paths_use_no_floating_point() {
    for dir in ["domain", "store", "services", "cli", "commands"] {
        for f in rust_files(&src().join(dir)) {
            let code = code_of(&f);
            for word in ["f64", "f32", "REAL", "as_f64", "to_f64", "from_f64"] {
                let hit = code
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|tok| tok == word);
                assert!(!hit, "{} uses {word}", f.display());
            }
        }
    }
    for f in std::fs::read_dir(src().join("store/migrations")).unwrap() {
        let sql = std::fs::read_to_string(f.unwrap().path())
            .unwrap()
            .to_uppercase();
        assert!(!sql.contains(" REAL") && !sql.contains("FLOAT") && !sql.contains("DOUBLE"));
    }
}

fn catalog(lang: &str) -> BTreeMap<String, String> {
    common::catalog(lang)
        .into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => (k, s),
            other => panic!("{lang}: {k} is not text: {other}"),
        })
        .collect()
}

fn placeholders(s: &str) -> BTreeSet<String> {
    s.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}'))
        .map(|(n, _)| n.to_string())
        .collect()
}

#[test]
fn the_four_catalogs_have_the_same_keys_and_placeholders() {
    let en = catalog("en");
    for lang in ["zh-CN", "zh-TW", "ru"] {
        let other = catalog(lang);
        let a: BTreeSet<_> = en.keys().collect();
        let b: BTreeSet<_> = other.keys().collect();
        assert_eq!(a, b, "{lang} keys differ from en");
        for (k, v) in &en {
            assert_eq!(placeholders(v), placeholders(&other[k]), "{lang} {k}");
            assert!(!other[k].trim().is_empty(), "{lang} {k} is empty");
        }
    }
}

/// The arguments of the call whose `(` is at `open` (top level only), or None when the
/// parentheses do not close.
fn call_args(code: &str, open: usize) -> Option<Vec<&str>> {
    let bytes = code.as_bytes();
    let (mut depth, mut start, mut i) = (0usize, open + 1, open + 1);
    let mut args = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' => {
                args.push(code[start..i].trim());
                args.retain(|a| !a.is_empty());
                return Some(args);
            }
            b',' if depth == 0 => {
                args.push(code[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The code literals an argument evaluates to: `"iban_checksum"`, or each branch's value
/// in `if … { "quote_expired" } else { "quote_status" }` (a literal followed by `}`).
fn code_literals(arg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let pieces: Vec<&str> = arg.split('"').collect();
    // Odd pieces are inside quotes.
    for i in (1..pieces.len().saturating_sub(1)).step_by(2) {
        let inner = pieces[i];
        let after = pieces[i + 1].trim_start();
        let code_like =
            !inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if code_like && (after.is_empty() || after.starts_with('}')) {
            out.push(inner.to_string());
        }
    }
    out
}

/// Field codes written as literals in `code`: the last argument of `field(..)`, `push(..)`,
/// `check(..)`, `bad(..)` and `decode_upload(..)` calls with two or more arguments, and the
/// codes validators return (`Err("…")`, `ok_or("…")`, `|_| "…"`).
fn literal_field_codes(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for sink in ["field(", "push(", "check(", "bad(", "decode_upload("] {
        for (i, _) in code.match_indices(sink) {
            let before = code[..i].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue;
            }
            if let Some(args) = call_args(code, i + sink.len() - 1) {
                if args.len() >= 2 {
                    out.extend(code_literals(args[args.len() - 1]));
                }
            }
        }
    }
    for pat in ["Err(\"", "ok_or(\"", "|_| \""] {
        for piece in code.split(pat).skip(1) {
            let word: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !word.is_empty() && piece[word.len()..].starts_with('"') {
                out.insert(word);
            }
        }
    }
    out
}

#[test]
fn every_field_code_in_the_source_is_declared() {
    let declared: BTreeSet<&str> = lawdesk::domain::error::FIELD_CODES
        .iter()
        .copied()
        .collect();
    let mut used = BTreeSet::new();
    let mut undeclared = Vec::new();
    for f in rust_files(&src()) {
        for c in literal_field_codes(&code_of(&f)) {
            if !declared.contains(c.as_str()) {
                undeclared.push(format!("{}: {c}", f.display()));
            }
            used.insert(c);
        }
    }
    assert!(
        undeclared.is_empty(),
        "field codes missing from domain::error::FIELD_CODES: {undeclared:?}"
    );
    // The scanner sees every kind of site: a validator's Err, a call spread over lines, a
    // helper taking the code last.
    for c in [
        "iban_checksum",
        "image_type",
        "quote_expired",
        "file_unreadable",
        "letter_kind",
    ] {
        assert!(used.contains(c), "{c} not found by the scan: {used:?}");
    }
}

#[test]
fn every_error_and_field_code_is_translated_in_all_four_catalogs() {
    use lawdesk::domain::{error::FIELD_CODES, ErrorCode};
    assert!(ErrorCode::ALL.contains(&ErrorCode::StoredValueCorrupt));
    let keys = ErrorCode::ALL
        .iter()
        .map(|c| format!("error.{}", c.as_str()))
        .chain(FIELD_CODES.iter().map(|c| format!("field.{c}")));
    let keys: Vec<String> = keys.collect();
    for lang in ["en", "zh-CN", "zh-TW", "ru"] {
        let catalog = catalog(lang);
        let missing: Vec<&String> = keys.iter().filter(|k| !catalog.contains_key(*k)).collect();
        assert!(missing.is_empty(), "the {lang} catalog lacks {missing:?}");
    }
}

#[test]
fn the_ui_never_branches_on_error_text() {
    for (p, text) in ui_js_files() {
        if p.file_name().unwrap() == "api.js" {
            continue;
        }
        // The SVG namespace is a name, not a download.
        let text = text.replace("'http://www.w3.org/2000/svg'", "");
        assert!(
            !text.contains(".message"),
            "{} reads an error message; use errorText(err) or err.code",
            p.display()
        );
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{} loads remote content",
            p.display()
        );
    }
}

#[test]
fn the_window_loads_nothing_remote_and_has_a_strict_csp() {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_root().join("tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    for (k, v) in csp.as_object().unwrap() {
        let v = v.as_str().unwrap();
        assert!(!v.contains("unsafe") && !v.contains('*'), "{k}: {v}");
        assert!(!v.contains("http:") || k == "connect-src", "{k}: {v}");
    }
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let caps = conf["app"]["security"]["capabilities"].as_array().unwrap();
    assert_eq!(caps.len(), 1);
    assert!(
        caps[0]["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !p.as_str().unwrap().contains(':')),
        "no plugin or core permission is needed"
    );
    let html = std::fs::read_to_string(common::repo_root().join("ui/index.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn every_literal_ui_string_key_exists_in_the_catalogs() {
    let en = catalog("en");
    let mut missing = Vec::new();
    for (p, text) in ui_js_files() {
        for (i, _) in text.match_indices("t('") {
            let before = text[..i].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == '.' {
                continue;
            }
            let key: String = text[i + 3..].chars().take_while(|c| *c != '\'').collect();
            if !key.contains('$') && !en.contains_key(&key) {
                missing.push(format!("{}: {key}", p.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys missing from the en catalog: {missing:?}"
    );
}

#[test]
fn every_source_folder_is_in_the_code_map() {
    let map = std::fs::read_to_string(common::repo_root().join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(src()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !map.contains(&format!("`src-tauri/src/{name}/`")) {
                missing.push(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "folders missing from ARCHITECTURE.md's code map: {missing:?}"
    );
}

/// True when `word` occurs in `code` not as the tail of a longer name
/// (`services::security::restore::` does not name `store::`).
fn names(code: &str, word: &str) -> bool {
    code.match_indices(word).any(|(i, _)| {
        let before = code[..i].chars().last().unwrap_or(' ');
        !(before.is_alphanumeric() || before == '_')
    })
}

/// SQL lives in `store/`: a use case calls store functions that return domain values and
/// never names `rusqlite` or writes a statement.
#[test]
fn service_modules_neither_import_rusqlite_nor_write_sql() {
    let root = src();
    let sql = [
        "rusqlite",
        ".execute(",
        ".execute_batch(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
        "SELECT ",
        "INSERT INTO",
        "UPDATE ",
        "DELETE FROM",
        "PRAGMA ",
        "store::rows(",
    ];
    let mut offenders = Vec::new();
    for f in rust_files(&root.join("services")) {
        let rel = rel_path(&f);
        let code = code_of(&f);
        for word in sql {
            if code.contains(word) {
                offenders.push(format!("{rel}: {word}"));
            }
        }
    }
    assert!(offenders.is_empty(), "SQL outside store/: {offenders:?}");
}

/// The front ends' code (path below `src-tauri/src`, code without comments): the window's
/// commands, the CLI, and the two binaries' entry points.
fn front_end_files() -> Vec<(String, String)> {
    let root = src();
    rust_files(&root.join("commands"))
        .into_iter()
        .chain(rust_files(&root.join("cli")))
        .chain([
            root.join("lib.rs"),
            root.join("main.rs"),
            root.join("bin/lawdesk-cli.rs"),
        ])
        .map(|f| {
            let rel = rel_path(&f);
            (rel, code_of(&f))
        })
        .collect()
}

/// The window's commands and the CLI are adapters over the use cases: they never name
/// `store::` or reach for the database (`Core::db` is private; `Core::database()` is for
/// tests and benchmarks).
#[test]
fn commands_and_the_cli_never_name_the_store() {
    let root = src();
    let mut offenders = Vec::new();
    for (rel, code) in front_end_files() {
        if names(&code, "store::") {
            offenders.push(format!("{rel}: store::"));
        }
        if code.contains(".database()") {
            offenders.push(format!("{rel}: .database()"));
        }
    }
    assert!(
        offenders.is_empty(),
        "front ends reaching past the use cases: {offenders:?}"
    );
    let core = code_of(&root.join("services/core.rs"));
    assert!(
        !core.contains("pub db:"),
        "Core::db is private to the use cases"
    );
}

/// One request layer: the window's commands and the CLI turn their input into a request
/// (`requests/`) and run it; neither calls a service. What they may still name under
/// `services::` is the `Core` they hold and the start-up glue that finds and opens the data
/// folder (`services::core`, `services::logging`).
#[test]
fn the_front_ends_go_through_the_request_layer() {
    let allowed = ["Core", "core", "logging", "{self, Core}"];
    let mut offenders = Vec::new();
    for (rel, code) in front_end_files() {
        for (at, _) in code.match_indices("services::") {
            let rest = &code[at + "services::".len()..];
            let ok = allowed.iter().any(|a| {
                rest.starts_with(a)
                    && !rest[a.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            if !ok {
                let name: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
                offenders.push(format!("{rel}: services::{name}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "front ends calling services past the request layer: {offenders:?}"
    );
    let requests = rust_files(&src().join("requests"));
    assert!(
        requests.iter().any(|f| code_of(f).contains("request! {")),
        "the request layer declares its use cases with request!"
    );
}

/// The command names registered in lib.rs's `generate_handler![…]`.
fn registered_commands() -> BTreeSet<String> {
    let lib = code_of(&src().join("lib.rs"));
    let start = lib.find("generate_handler![").expect("the invoke handler");
    let end = start + lib[start..].find(']').unwrap();
    lib[start..end]
        .split([',', '[', '\n'])
        .filter_map(|s| s.trim().strip_prefix("commands::"))
        .map(|s| s.trim().to_string())
        .collect()
}

/// Literal command names the UI passes to `call('…')` (and to `act('…')` in the letter
/// page, which calls them), per file.
fn ui_command_names() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for (p, text) in ui_js_files() {
        for sink in ["call('", "call(\"", "act('"] {
            for (i, _) in text.match_indices(sink) {
                let before = text[..i].chars().last().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == '.' {
                    continue;
                }
                let name: String = text[i + sink.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                out.push((p.clone(), name));
            }
        }
    }
    out
}

/// Every command the window calls exists: a renamed or unregistered command would fail only
/// when a user clicks.
#[test]
fn every_command_the_ui_calls_is_registered() {
    let registered = registered_commands();
    assert!(
        registered.contains("today") && registered.len() > 50,
        "{registered:?}"
    );
    let calls = ui_command_names();
    assert!(
        calls.len() > 50,
        "the scan finds the UI's calls: {}",
        calls.len()
    );
    let missing: Vec<String> = calls
        .iter()
        .filter(|(_, name)| !registered.contains(name))
        .map(|(p, name)| format!("{}: {name}", p.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "commands the UI calls but lib.rs does not register: {missing:?}"
    );
}

/// The names between the first `[` after `start` and its `]`, each a quoted string or a
/// `commands::name` path.
fn names_in(text: &str, start: &str) -> Vec<String> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let body = &text[from + start.len()..];
    let body = &body[body.find('[').unwrap() + 1..body.find(']').unwrap()];
    body.split(',')
        .map(|n| {
            n.trim()
                .trim_matches('"')
                .trim_start_matches("commands::")
                .to_string()
        })
        .filter(|n| !n.is_empty() && !n.starts_with("//"))
        .collect()
}

/// Every `call('name'` and `act('name'` in the UI: the commands the window invokes.
fn ui_commands() -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for (_, text) in ui_js_files() {
        for pat in ["call('", "act('"] {
            for (i, _) in text.match_indices(pat) {
                let name: String = text[i + pat.len()..]
                    .chars()
                    .take_while(|c| *c != '\'')
                    .collect();
                out.insert(name);
            }
        }
    }
    out
}

/// Part 10 of issue 10: one permission per command, and the window's capability names
/// exactly the commands its screens call (registered in `lib.rs`, listed in `build.rs`).
#[test]
fn the_capability_allows_exactly_the_commands_the_ui_calls() {
    let root = common::repo_root();
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let built = names_in(&read("src-tauri/build.rs"), "const COMMANDS: &[&str] =");
    let registered = names_in(&read("src-tauri/src/lib.rs"), "generate_handler!");
    assert_eq!(
        built, registered,
        "build.rs lists the commands lib.rs registers"
    );
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let allowed: std::collections::BTreeSet<String> = conf["app"]["security"]["capabilities"][0]
        ["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .unwrap()
                .strip_prefix("allow-")
                .unwrap()
                .replace('-', "_")
        })
        .collect();
    let registered: std::collections::BTreeSet<String> = registered.into_iter().collect();
    assert_eq!(
        allowed, registered,
        "the capability allows each registered command"
    );
    let ui = ui_commands();
    assert_eq!(
        ui.difference(&registered).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "the UI calls only commands the capability allows"
    );
    assert_eq!(
        registered.difference(&ui).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "every allowed command is one the UI calls"
    );
}

/// The window keeps no copy of a domain list: currencies, payment methods, letter kinds and
/// stages, plan item kinds, dispatch ways, hold reasons, ladder actions and log kinds come
/// from Rust with the app status (`services::status::choices`). An array literal in `ui/js`
/// holding three codes of one such list, in any order, is a copy that would drift from Rust.
#[test]
fn the_ui_keeps_no_copy_of_a_domain_list() {
    let c = lawdesk::services::status::choices();
    let lists = [
        c.currencies,
        c.payment_methods,
        c.letter_kinds,
        c.letter_stages,
        c.plan_item_kinds,
        c.dispatch_vias,
        c.hold_reasons,
        c.ladder_actions,
        c.log_kinds,
        c.log_directions,
    ];
    let mut copies = Vec::new();
    for (p, text) in ui_js_files() {
        let text = text.replace('"', "'");
        // Every array literal of quoted strings, in any order.
        for (start, _) in text.match_indices('[') {
            let Some(len) = text[start..].find(']') else {
                continue;
            };
            let inner = &text[start + 1..start + len];
            let items: Vec<&str> = inner.split(',').map(str::trim).collect();
            let all_quoted = items
                .iter()
                .all(|i| i.len() >= 2 && i.starts_with('\'') && i.ends_with('\''));
            if !all_quoted {
                continue;
            }
            let codes: Vec<&str> = items.iter().map(|i| &i[1..i.len() - 1]).collect();
            for list in &lists {
                if codes.iter().filter(|c| list.contains(c)).count() >= 3 {
                    copies.push(format!("{}: [{inner}]", p.display()));
                }
            }
        }
    }
    assert!(copies.is_empty(), "lists copied into the UI: {copies:?}");
}

/// `text` as chars with every comment, string and character literal blanked to spaces
/// (newlines kept, so lines still count), for matching braces. Lifetimes and labels (`'a`)
/// stay code.
fn blank_literals(text: &str) -> Vec<char> {
    let c: Vec<char> = text.chars().collect();
    let at = |k: usize| c.get(k).copied().unwrap_or('\0');
    let ident = |k: Option<usize>| k.is_some_and(|k| at(k).is_alphanumeric() || at(k) == '_');
    let mut out = c.clone();
    let mut i = 0;
    while i < c.len() {
        // One past the literal or comment starting at `i`, if one does.
        let end = match (c[i], at(i + 1)) {
            ('/', '/') => (i..c.len()).find(|&j| c[j] == '\n').unwrap_or(c.len()),
            ('/', '*') => {
                let (mut depth, mut j) = (0, i);
                loop {
                    match (at(j), at(j + 1)) {
                        ('/', '*') => (depth, j) = (depth + 1, j + 2),
                        ('*', '/') => (depth, j) = (depth - 1, j + 2),
                        ('\0', _) => break c.len(),
                        _ => j += 1,
                    }
                    if depth == 0 {
                        break j;
                    }
                }
            }
            ('"', _) => {
                let mut j = i + 1;
                while j < c.len() && c[j] != '"' {
                    j += if c[j] == '\\' { 2 } else { 1 };
                }
                j + 1
            }
            // r"…", r#"…"#, br"…" (not a raw identifier such as r#type).
            ('r', '"' | '#')
                if !ident(i.checked_sub(1)) || (at(i - 1) == 'b' && !ident(i.checked_sub(2))) =>
            {
                let hashes = (i + 1..c.len()).take_while(|&j| c[j] == '#').count();
                if at(i + 1 + hashes) != '"' {
                    i += 1;
                    continue;
                }
                let close: String = std::iter::once('"')
                    .chain("#".repeat(hashes).chars())
                    .collect();
                let body = i + 2 + hashes;
                let rest: String = c[body..].iter().collect();
                body + rest
                    .find(&close)
                    .map_or(rest.chars().count(), |b| rest[..b].chars().count())
                    + 1
                    + hashes
            }
            ('\'', '\\') => (i + 3..c.len())
                .find(|&j| c[j] == '\'')
                .map_or(c.len(), |j| j + 1),
            ('\'', _) if at(i + 2) == '\'' => i + 3,
            _ => {
                i += 1;
                continue;
            }
        };
        let end = end.min(c.len());
        for x in &mut out[i..end] {
            if *x != '\n' {
                *x = ' ';
            }
        }
        i = end;
    }
    out
}

/// The index one past the brace that closes the one at `open`.
fn closing_brace(code: &[char], open: usize) -> usize {
    let mut depth = 0;
    for (j, ch) in code.iter().enumerate().skip(open) {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// Where the item starting at `from` ends: one past its `;` or its closing brace, and the
/// index of its opening brace (`None` for an item without a body, such as `mod tests;`).
fn item_end(code: &[char], from: usize) -> (usize, Option<usize>) {
    let mut depth = 0;
    for j in from..code.len() {
        match code[j] {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ';' if depth == 0 => return (j + 1, None),
            '{' if depth == 0 => return (closing_brace(code, j), Some(j)),
            _ => {}
        }
    }
    (code.len(), None)
}

/// Each function's name and length in lines (from the line of `fn` to the line of its
/// closing brace) in a source file's `text`, leaving out the items under `#[cfg(test)]`.
/// Braces in strings, character literals and comments do not count.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let mut code = blank_literals(text);
    let cfg_test: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + cfg_test.len() <= code.len() {
        if code[i..].starts_with(&cfg_test) {
            let (end, _) = item_end(&code, i + cfg_test.len());
            for x in &mut code[i..end] {
                if *x != '\n' {
                    *x = ' ';
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut out = Vec::new();
    for i in 0..code.len().saturating_sub(2) {
        let keyword = code[i] == 'f' && code[i + 1] == 'n' && code[i + 2].is_whitespace();
        if !keyword || (i > 0 && is_ident(code[i - 1])) {
            continue;
        }
        let start = (i + 2..code.len())
            .find(|&j| !code[j].is_whitespace())
            .unwrap_or(code.len());
        let name: String = code[start..]
            .iter()
            .take_while(|ch| is_ident(**ch))
            .collect();
        if name.is_empty() {
            continue; // a function pointer type: `fn(usize) -> String`
        }
        if let (end, Some(_)) = item_end(&code, start) {
            let lines = code[i..end].iter().filter(|ch| **ch == '\n').count() + 1;
            out.push((name, lines));
        }
    }
    out
}

#[test]
fn the_function_counter_ignores_braces_in_literals_and_comments() {
    let text = r###"
fn a() {
    let s = "}}}"; let r = r#"{"x": "}"}"#; let c = '}'; let e = '\''; let q = '"';
    // }
    /* } /* } */ } */
    let l: &'static str = "{";
}
pub(crate) fn b(x: [u8; 2], f: fn(u8) -> u8) -> u8 { f(x[0]) }
trait T { fn c(&self); fn d(&self) {
} }
#[cfg(test)]
mod tests {
    fn e() {}
}
"###;
    assert_eq!(
        function_lengths(text),
        vec![
            ("a".to_string(), 6),
            ("b".to_string(), 1),
            ("d".to_string(), 2)
        ]
    );
}

/// No function outside tests is longer than 80 lines (issue 9): a long function is split
/// into small, well-named ones.
#[test]
fn no_function_is_over_80_lines() {
    let root = src();
    let mut offenders = Vec::new();
    for f in rust_files(&root) {
        let rel = rel_path(&f);
        let text = std::fs::read_to_string(&f).unwrap();
        for (name, lines) in function_lengths(&text) {
            if lines <= 80 {
                continue;
            }
            offenders.push(format!("{rel} {name} ({lines} lines)"));
        }
    }
    assert!(
        offenders.is_empty(),
        "functions over 80 lines (split each into small, well-named functions): {offenders:?}"
    );
}

/// `ui/js` code without `//` comments and without whitespace, double quotes as single: what
/// a pattern such as `el('input'` is looked for in.
fn ui_code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<String>()
        .replace('"', "'")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Form controls are made in one place, `ui/js/forms.js` (text, amounts, dates typed in the
/// language's pattern, selects of the closed lists, checkboxes, files, the client picker,
/// each with its error slot): no other file under `ui/js` builds an `<input>`, `<select>`,
/// `<textarea>` or `<option>` itself, so a date field cannot fall back to the webview's own
/// widget and a field's error always has its slot.
#[test]
fn only_forms_js_builds_form_controls() {
    let mut found = Vec::new();
    for (p, text) in ui_js_files() {
        if p.file_name().unwrap() == "forms.js" {
            continue;
        }
        let code = ui_code(&text);
        for tag in ["input", "select", "textarea", "option"] {
            for pattern in [
                format!("el('{tag}'"),
                format!("createElement('{tag}'"),
                format!("<{tag}"),
            ] {
                if code.contains(&pattern) {
                    found.push(format!("{}: {pattern}", p.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "form controls built outside ui/js/forms.js: {found:?}"
    );
}

/// The modules `text` imports or re-exports (`import … from '…'`, `export … from '…'`, a
/// multi-line import's `} from '…'`) or loads (`import('…')`), resolved against `file`'s
/// folder.
fn ui_imports(file: &Path, text: &str) -> Vec<PathBuf> {
    let mut specs = Vec::new();
    for line in text.lines() {
        let line = line
            .split("//")
            .next()
            .unwrap_or("")
            .trim()
            .replace('"', "'");
        if ["import ", "export ", "} from "]
            .iter()
            .any(|s| line.starts_with(s))
        {
            if let Some(i) = line.find(" from '") {
                specs.push(line[i + 7..].split('\'').next().unwrap_or("").to_string());
            }
        }
        for (i, _) in line.match_indices("import('") {
            specs.push(line[i + 8..].split('\'').next().unwrap_or("").to_string());
        }
    }
    specs
        .iter()
        .map(|spec| {
            let mut path = file.parent().unwrap().to_path_buf();
            for part in spec.split('/') {
                match part {
                    "." => {}
                    ".." => {
                        path.pop();
                    }
                    p => path.push(p),
                }
            }
            path
        })
        .collect()
}

/// A screen (a module in `ui/js/views/`, routed to by the shell) is never another screen's
/// library: only `app.js` imports from `ui/js/views/`. What two screens share lives outside
/// the screens — fields in `forms.js`, panels (the client form, the legal clocks, the
/// invoice table, the letter's way out…) in `ui/js/panels/` — so no view borrows another
/// view's form widgets (the quote screen once lent its inputs to three others). A link to
/// another screen is an `href` or `location.hash`, never an import.
#[test]
fn views_do_not_borrow_form_widgets() {
    let ui = common::repo_root().join("ui/js");
    let views = ui.join("views");
    let mut borrowed = Vec::new();
    for (p, text) in ui_js_files() {
        if p == ui.join("app.js") {
            // The shell's imports are read the same way: the screens it routes to are found.
            assert!(ui_imports(&p, &text).iter().any(|t| t.starts_with(&views)));
            continue;
        }
        for target in ui_imports(&p, &text) {
            if target.starts_with(&views) {
                borrowed.push(format!(
                    "{} imports {}",
                    p.strip_prefix(&ui).unwrap().display(),
                    target.strip_prefix(&ui).unwrap().display()
                ));
            }
        }
    }
    assert!(
        borrowed.is_empty(),
        "only app.js imports a screen from ui/js/views/: {borrowed:?}"
    );
}

/// Use cases take typed ids (`ClientId`, `InvoiceId`, `FollowUpId`, …), never a bare number:
/// a complaint's id cannot be passed where a follow-up's is meant.
#[test]
fn use_cases_take_typed_ids() {
    let mut offenders = Vec::new();
    for f in rust_files(&src().join("services")) {
        let code = code_of(&f);
        for (at, _) in code.match_indices("pub fn ") {
            let Some(open) = code[at..].find('(').map(|i| at + i) else {
                continue;
            };
            let Some(close) = code[open..].find(')').map(|i| open + i) else {
                continue;
            };
            for param in code[open + 1..close].split(',') {
                let Some((name, ty)) = param.split_once(':') else {
                    continue;
                };
                let (name, ty) = (name.trim(), ty.trim());
                let is_id = name == "id"
                    || name.ends_with("_id")
                    || [
                        "client", "matter", "invoice", "payment", "letter", "consent",
                    ]
                    .contains(&name);
                if is_id && ty == "i64" {
                    let rel = rel_path(&f);
                    let fn_name: String = code[at + 7..open].to_string();
                    offenders.push(format!("{rel}: {fn_name}({name}: i64)"));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "use cases taking a bare number for an id: {offenders:?}"
    );
}

/// Every action and entity an audit row is written with as a literal has its label in the
/// four catalogs (`audit.<word>`): the Dashboard's recent activity shows them, and a
/// claim pack's export showed "audit.claim_pack · audit.export" until this test.
#[test]
fn every_audit_action_and_entity_has_a_label() {
    let mut words = BTreeSet::new();
    let mut calls = 0;
    for f in rust_files(&src()) {
        let code = code_of(&f);
        for sink in [
            "audit::record(",
            "audit::record_change(",
            "audit::record_diff(",
        ] {
            for (i, _) in code.match_indices(sink) {
                let Some(args) = call_args(&code, i + sink.len() - 1) else {
                    continue;
                };
                calls += 1;
                // record(conn, now, action, entity, id, details);
                // record_change / record_diff(conn, now, (action, entity, id), details, …).
                let named = match sink {
                    "audit::record(" => args.get(2..4).map(|a| a.join(",")),
                    // Only the tuple's action and entity: its id may be a literal too.
                    _ => args
                        .get(2)
                        .map(|a| a.split(',').take(2).collect::<Vec<_>>().join(",")),
                };
                let named = named.unwrap_or_default();
                let pieces: Vec<&str> = named.split('"').collect();
                for w in pieces.iter().skip(1).step_by(2) {
                    if !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        words.insert(w.to_string());
                    }
                }
            }
        }
    }
    assert!(calls >= 60 && words.len() >= 40, "{calls} calls, {words:?}");
    // A change to something that existed keeps its before and after (issue 10, part 4):
    // `audit::record` (no before/after) is for new facts and security events only.
    let changed = [
        "update",
        "revise",
        "revise_plan",
        "close",
        "advance",
        "release",
        "archive",
        "complete",
        "reset",
        "cancel",
        "reverse",
        "withdraw_consent",
        "set",
    ];
    for f in rust_files(&src()) {
        let code = code_of(&f);
        for (i, _) in code.match_indices("audit::record(") {
            let Some(args) = call_args(&code, i + "audit::record(".len() - 1) else {
                continue;
            };
            let action = args
                .get(2)
                .map(|a| a.trim().trim_matches('"'))
                .unwrap_or("");
            let entity = args
                .get(3)
                .map(|a| a.trim().trim_matches('"'))
                .unwrap_or("");
            assert!(
                !changed.contains(&action) || entity == "secret",
                "{}: audit::record({action}, {entity}) changes something without its before/after; use audit::record_diff",
                f.display()
            );
        }
    }
    for lang in ["en", "zh-CN", "zh-TW", "ru"] {
        let catalog = catalog(lang);
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !catalog.contains_key(&format!("audit.{w}")))
            .collect();
        assert!(
            missing.is_empty(),
            "the {lang} catalog lacks audit labels {missing:?}"
        );
    }
}
