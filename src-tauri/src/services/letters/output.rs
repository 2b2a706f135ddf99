//! Getting a kept letter out of the app: a copy under a readable name (number, client,
//! kind — the kept file itself stays content-addressed evidence under its SHA-256), the
//! system PDF viewer, and the printer (CUPS `lp` on Linux and other Unixes; the viewer's
//! print on Windows and macOS). When neither a printer nor a viewer can be reached the
//! error says which is missing, so the window can offer Save as… instead.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use chrono::NaiveDate;

use crate::domain::dates;
use crate::domain::error::FieldError;
use crate::domain::ids::LetterId;
use crate::domain::{AppError, AppResult, ErrorCode};
use crate::letters::templates::Kind;
use crate::services::core::Core;
use crate::services::letters::{combined_pdf, pdf_of, Generated};
use crate::store::letters::Letter;

pub use crate::letters::file_name::{kind_name, sanitize_file_name, MAX_NAME_BYTES};

/// `明理律函〔2026〕第0007号 - 张伟 - 律师函.pdf`: what the user sees and saves.
pub fn readable_name(row: &Letter) -> String {
    sanitize_file_name(
        &format!(
            "{} - {} - {}",
            row.number,
            row.client_name,
            kind_name(row.kind.code(), row.lang.code())
        ),
        "pdf",
    )
}

/// The folder of copies handed to a viewer or printer (never evidence; emptied of old
/// copies on each use and wholly when a client file is destroyed).
pub fn out_dir(core: &Core) -> PathBuf {
    core.data_dir().join("out")
}

/// How long a copy handed to a viewer or printer stays in plain text in the out folder:
/// removed at the next use after [`COPY_MINUTES`], and by [`sweep_copies`] (each start of
/// the window or the CLI, and when the window is idle) after [`COPY_HOURS_AT_MOST`] — a
/// batch's combined PDF stays long enough to be printed or saved from the window.
const COPY_MINUTES: u64 = 10;
const COPY_HOURS_AT_MOST: u64 = 1;

/// Removes the plain-text copies older than an hour: a printed letter (with the firm's
/// account number on it) does not wait in the data folder for the next print.
pub fn sweep_copies(core: &Core) {
    sweep_older_than(
        &out_dir(core),
        Duration::from_secs(COPY_HOURS_AT_MOST * 3600),
    );
}

/// Removes copies older than a few minutes (a viewer has long opened them by then).
fn sweep_out_dir(dir: &Path) {
    sweep_older_than(dir, Duration::from_secs(COPY_MINUTES * 60));
}

fn sweep_older_than(dir: &Path, age: Duration) {
    crate::services::files::remove_old(dir, age, |_, kind| !kind.is_dir());
}

/// Removes every copy (after a client file is destroyed).
pub fn clear_out_dir(core: &Core) {
    let _ = std::fs::remove_dir_all(out_dir(core));
}

/// Writes `bytes` to `dest` through a temporary file beside it, so a failed write never
/// leaves half a letter under the final name.
pub(crate) fn write_atomically(dest: &Path, bytes: &[u8]) -> AppResult<()> {
    let tmp = dest.with_extension("lawdesk-part");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, dest).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}

/// A readable-named copy of a kept letter in the out folder.
fn out_copy(core: &Core, id: LetterId) -> AppResult<(Letter, PathBuf)> {
    let (row, pdf) = pdf_of(core, id)?;
    let dir = out_dir(core);
    std::fs::create_dir_all(&dir)?;
    sweep_out_dir(&dir);
    let path = dir.join(readable_name(&row));
    write_atomically(&path, &pdf)?;
    Ok((row, path))
}

#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub path: String,
    pub file_name: String,
}

/// Saves a copy of a kept letter (checked against its SHA-256) to `dest`: a file path, or
/// a folder (then under its readable name). Only `.pdf` file names are written.
pub fn save_copy(core: &Core, id: LetterId, dest: &Path) -> AppResult<Saved> {
    let (row, pdf) = pdf_of(core, id)?;
    let path = if dest.is_dir() {
        dest.join(readable_name(&row))
    } else {
        dest.to_path_buf()
    };
    let is_pdf = path
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(AppError::field("path", "pdf_name"));
    }
    crate::services::files::check_file_target(core.data_dir(), &path, "path")?;
    write_atomically(&path, &pdf)?;
    Ok(Saved {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.display().to_string(),
    })
}

/// A program on `PATH` (the OS print and view tools are looked up, never assumed).
fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// Starts a viewer for `file` and waits briefly: a tool that fails at once (no
/// application for PDF) is a failure; one still running or done is a success.
fn launch_viewer(program: &str, args: &[&OsStr]) -> bool {
    let Ok(mut child) = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return false;
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        match child.try_wait() {
            Ok(Some(status)) => return status.success(),
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return false,
        }
    }
    true
}

/// Opens `file` in the system's PDF viewer; `false` when there is none.
fn view(file: &Path) -> bool {
    let p = file.as_os_str();
    if cfg!(target_os = "windows") {
        launch_viewer("cmd", &["/C".as_ref(), "start".as_ref(), "".as_ref(), p])
    } else if cfg!(target_os = "macos") {
        launch_viewer("open", &[p])
    } else {
        which("xdg-open").is_some() && launch_viewer("xdg-open", &[p])
    }
}

fn unavailable(missing: Vec<(&str, &'static str)>, what: &str) -> AppError {
    let mut e = AppError::new(ErrorCode::PrintUnavailable, what.to_string());
    e.fields = missing
        .into_iter()
        .map(|(field, code)| FieldError {
            field: field.into(),
            code,
        })
        .collect();
    e
}

#[derive(Debug, Clone, Serialize)]
pub struct Opened {
    pub file_name: String,
}

/// Opens a kept letter in the system PDF viewer, under its readable name.
pub fn open(core: &Core, id: LetterId) -> AppResult<Opened> {
    let (row, path) = out_copy(core, id)?;
    if !view(&path) {
        return Err(unavailable(
            vec![("viewer", "no_viewer")],
            "No PDF viewer could be started on this computer",
        ));
    }
    Ok(Opened {
        file_name: readable_name(&row),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Printed {
    /// `lp` (sent to the printer) or `viewer` (opened: print from there).
    pub via: String,
    /// The print job (`PDF-12`) when CUPS took it.
    pub job: Option<String>,
    pub file_name: String,
    /// Why the printer was not used when the viewer was (`no_cups`, `no_printer`).
    pub printer_missing: Option<&'static str>,
}

/// Sends a file to CUPS: `Ok(job)`, or the reason it could not (`no_cups`: no `lp`;
/// `no_printer`: `lp` found no printer or scheduler).
fn lp(file: &Path, title: &str) -> Result<Option<String>, &'static str> {
    if which("lp").is_none() {
        return Err("no_cups");
    }
    // The file goes on stdin and its name only as the job title: Debian's cupsd 2.4.2
    // crashes on a job whose document name has a space in it (measured here).
    let pdf = std::fs::File::open(file).map_err(|_| "no_printer")?;
    let out = Command::new("lp")
        .arg("-t")
        .arg(title)
        .stdin(pdf)
        .output()
        .map_err(|_| "no_cups")?;
    if !out.status.success() {
        tracing::warn!(
            stderr = %String::from_utf8_lossy(&out.stderr).trim(),
            "lp refused the letter"
        );
        return Err("no_printer");
    }
    // "request id is PDF-12 (1 file(s))"
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .map(str::to_string))
}

/// Prints a file: CUPS where it is (not on Windows), else the system viewer; neither →
/// `print.unavailable` naming what is missing.
pub fn print_file(path: &Path, title: &str) -> AppResult<Printed> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let printer_missing = if cfg!(any(target_os = "windows", target_os = "macos")) {
        None
    } else {
        match lp(path, title) {
            Ok(job) => {
                return Ok(Printed {
                    via: "lp".into(),
                    job,
                    file_name,
                    printer_missing: None,
                })
            }
            Err(why) => Some(why),
        }
    };
    if view(path) {
        return Ok(Printed {
            via: "viewer".into(),
            job: None,
            file_name,
            printer_missing,
        });
    }
    let mut missing = Vec::new();
    if let Some(why) = printer_missing {
        missing.push(("printer", why));
    }
    missing.push(("viewer", "no_viewer"));
    Err(unavailable(
        missing,
        "No printer and no PDF viewer could be reached on this computer; save the letter and print it elsewhere",
    ))
}

/// Prints a kept letter (the readable-named copy, so the print queue shows its name).
pub fn print(core: &Core, id: LetterId) -> AppResult<Printed> {
    let (row, path) = out_copy(core, id)?;
    print_file(&path, &readable_name(&row))
}

/// A batch's letters as one PDF for the printer, kept in the out folder under a readable
/// name (`2026-12-03 - Payment reminder (12).pdf`); `None` for an empty batch.
pub fn combine_batch(
    core: &Core,
    written: &[Generated],
    kind: Kind,
    as_of: NaiveDate,
    today: NaiveDate,
) -> AppResult<Option<PathBuf>> {
    let Some(first) = written.first() else {
        return Ok(None);
    };
    let name = format!(
        "{} - {} ({})",
        dates::to_iso(as_of),
        kind_name(kind.code(), &first.lang),
        written.len()
    );
    let bytes = combined_pdf(written, &name, today)?;
    let dir = out_dir(core);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(sanitize_file_name(&name, "pdf"));
    write_atomically(&path, &bytes)?;
    Ok(Some(path))
}

/// Saves letters (each under its readable name) and, when given, a batch's combined PDF
/// into `folder`; how many files were written.
pub fn save_many(
    core: &Core,
    ids: &[LetterId],
    combined: Option<&Path>,
    folder: &Path,
) -> AppResult<usize> {
    crate::services::files::check_folder_target(core.data_dir(), folder, "folder")?;
    let mut n = 0;
    for id in ids {
        save_copy(core, *id, folder)?;
        n += 1;
    }
    if let Some(c) = combined {
        let name = c
            .file_name()
            .ok_or_else(|| AppError::not_found("The combined PDF"))?;
        write_atomically(&folder.join(name), &std::fs::read(c)?)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_legal_everywhere() {
        assert_eq!(
            sanitize_file_name("明理律函〔2026〕第0007号 - 张伟 - 律师函", "pdf"),
            "明理律函〔2026〕第0007号 - 张伟 - 律师函.pdf"
        );
        assert_eq!(
            sanitize_file_name("ML/2026:7 - \"A|B\" <Ltd>?*  ", "pdf"),
            "ML-2026-7 - -A-B- -Ltd---.pdf"
        );
        assert_eq!(sanitize_file_name("con", "pdf"), "_con.pdf");
        assert_eq!(sanitize_file_name("LPT1.x", "pdf"), "_LPT1.x.pdf");
        assert_eq!(sanitize_file_name("COMPANY", "pdf"), "COMPANY.pdf");
        assert_eq!(sanitize_file_name("end. . ", "pdf"), "end.pdf");
        assert_eq!(sanitize_file_name("a\nb\tc", "pdf"), "a-b-c.pdf");
        assert_eq!(sanitize_file_name("", "pdf"), "letter.pdf");
        let long = sanitize_file_name(&"張".repeat(200), "pdf");
        assert!(
            long.len() <= MAX_NAME_BYTES && long.ends_with("張.pdf"),
            "{long}"
        );
    }

    #[test]
    fn kinds_are_named_in_the_letters_language() {
        assert_eq!(kind_name("demand", "zh-CN"), "律师函");
        assert_eq!(kind_name("demand", "zh-TW"), "催告函");
        assert_eq!(kind_name("demand", "ru"), "Претензия");
        assert_eq!(kind_name("reminder", "en"), "Payment reminder");
        assert_eq!(kind_name("final_notice", "en"), "final notice");
    }
}
