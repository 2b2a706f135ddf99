//! Issue 10 part 10: the data folder is the user's alone on Unix. Everything the real
//! `lawdesk-cli` creates there (database, WAL, logs, kept letters, attachments) is 0600 in
//! folders of 0700, and files made more open behind its back are closed again on open.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::ok;

fn modes_below(dir: &Path) -> Vec<(PathBuf, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        out.push((p.clone(), meta.permissions().mode() & 0o777));
        if meta.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
    }
    out
}

fn assert_private(dir: &Path) {
    for (p, mode) in modes_below(dir) {
        let want = if p.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, want, "{} is {mode:o}", p.display());
    }
}

#[test]
fn every_file_the_cli_writes_is_private_and_opening_fixes_loose_ones() {
    let root = tempfile::tempdir().unwrap();
    let d = root.path().join("data");
    ok(
        &d,
        &["firm", "set"],
        Some(r#"{"name":"Harper Lowe LLP","default_currency":"GBP","default_language":"en"}"#),
    );
    let client = ok(
        &d,
        &["client", "add"],
        Some(r#"{"kind":"person","name":"Ada Byron","language":"en"}"#),
    )["id"]
        .as_i64()
        .unwrap();
    let note = root.path().join("note.txt");
    std::fs::write(&note, b"call notes").unwrap();
    ok(
        &d,
        &["log", "add", "--attach", &note.to_string_lossy()],
        Some(&format!(
            r#"{{"client_id":{client},"kind":"call","direction":"in","summary":"Called"}}"#
        )),
    );
    let files = modes_below(&d);
    assert!(files.iter().any(|(p, _)| p.ends_with("lawdesk.db")));
    assert!(files
        .iter()
        .any(|(p, _)| p.to_string_lossy().contains("attachments")));
    assert_private(&d);

    // Loosened behind Lawdesk's back (a copy, an old version): fixed when it opens again.
    for (p, _) in modes_below(&d) {
        let loose = if p.is_dir() { 0o755 } else { 0o644 };
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(loose)).unwrap();
    }
    ok(&d, &["status"], None);
    assert_private(&d);
}
