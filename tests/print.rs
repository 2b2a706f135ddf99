//! A real print: a letter goes through the same service function as the window's Print
//! button (`letter_output::print`: CUPS `lp`) to a private CUPS scheduler with a cups-pdf
//! queue (Debian's `cups` and `printer-driver-cups-pdf`, which scripts/test.sh installs),
//! and the job's PDF appears in cups-pdf's output folder, named after the letter, with the
//! letter's page on it.
//! Skipped, saying so, only where `lp` is absent. The one test of this binary: it points
//! the process's `CUPS_SERVER` and `PRINTER` at the private scheduler.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use chrono::Utc;
use common::practice::{days_ago, profile, Folder, InProcess, HARPER_LOWE};
use lawdesk::domain::ids::LetterId;
use lawdesk::services::letters::output as letter_output;
use lawdesk::services::letters::{self, LetterRequest};

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
        .unwrap_or(false)
}

fn find_program(program: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/sbin", "/sbin"].map(PathBuf::from));
    dirs.into_iter()
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// A CUPS scheduler of the test's own, listening on a socket in a temporary folder.
struct Cups {
    dir: tempfile::TempDir,
    child: Child,
}

impl Cups {
    fn socket(&self) -> PathBuf {
        self.dir.path().join("cups.sock")
    }

    fn start() -> Cups {
        let cupsd = find_program("cupsd").expect(
            "lp is installed but cupsd is not: install Debian's cups and printer-driver-cups-pdf",
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
        for sub in ["spool", "cache", "state", "log", "tmp", "ppd"] {
            std::fs::create_dir_all(d.join(sub)).unwrap();
        }
        std::fs::set_permissions(d.join("tmp"), std::fs::Permissions::from_mode(0o1777)).unwrap();
        let p = |s: &str| d.join(s).display().to_string();
        std::fs::write(
            d.join("cups-files.conf"),
            format!(
                "SystemGroup root\nServerRoot {}\nRequestRoot {}\nCacheDir {}\nStateDir {}\nTempDir {}\n\
                 AccessLog {}\nErrorLog {}\nPageLog {}\nPrintcap {}\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n",
                p(""), p("spool"), p("cache"), p("state"), p("tmp"),
                p("log/access_log"), p("log/error_log"), p("log/page_log"), p("printcap")
            ),
        )
        .unwrap();
        std::fs::write(
            d.join("cupsd.conf"),
            format!(
                "Listen {}\nLogLevel info\nBrowsing No\nWebInterface No\n\
                 <Location />\n  Order allow,deny\n  Allow all\n</Location>\n\
                 <Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n",
                p("cups.sock")
            ),
        )
        .unwrap();
        // A clean environment, as an init system gives it.
        let child = Command::new(cupsd)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .env("LANG", "C")
            .args(["-F", "-c", &p("cupsd.conf"), "-s", &p("cups-files.conf")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(d.join("log/stderr")).unwrap())
            .spawn()
            .expect("cupsd could not be started (the test runs it as root, as CI does)");
        let log = p("log/error_log");
        let cups = Cups { dir, child };
        for _ in 0..200 {
            if cups.socket().exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(cups.socket().exists(), "cupsd did not listen; see {log}");
        let lpadmin = find_program("lpadmin").expect("lpadmin (cups-client)");
        let out = Command::new(lpadmin)
            .env("CUPS_SERVER", cups.socket())
            .args([
                "-p",
                "LawdeskPDF",
                "-E",
                "-v",
                "cups-pdf:/",
                "-m",
                "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the cups-pdf queue could not be added (is printer-driver-cups-pdf installed?): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cups
    }
}

impl Drop for Cups {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// cups-pdf's output folder for the user printing: `Out` in /etc/cups/cups-pdf.conf
/// (Debian: `${HOME}/PDF`).
fn cups_pdf_out() -> PathBuf {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let conf = std::fs::read_to_string("/etc/cups/cups-pdf.conf").unwrap_or_default();
    let out = conf
        .lines()
        .find_map(|l| l.trim().strip_prefix("Out "))
        .unwrap_or("${HOME}/PDF")
        .trim()
        .replace("${HOME}", &home);
    PathBuf::from(out)
}

/// A page as 40 dpi gray pixels (`pdftoppm`, poppler).
fn gray_page(pdf: &Path) -> (usize, usize, Vec<u8>) {
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", "40", "-singlefile", "-f", "1"])
        .arg(pdf)
        .stderr(Stdio::null())
        .output()
        .expect("pdftoppm (poppler-utils)");
    // P5 header: magic, width, height, max value, then the pixels.
    let bytes = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[i + 1..].to_vec())
}

/// Mean absolute difference of two same-sized gray pages (0 = identical).
fn difference(a: &[u8], b: &[u8]) -> f64 {
    let sum: u64 = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as u64).sum();
    sum as f64 / a.len() as f64
}

/// The job's PDF: a file cups-pdf wrote after `since` whose name (the job title) has
/// `marker`.
fn wait_for_job(out: &Path, since: SystemTime, marker: &str) -> Option<PathBuf> {
    for _ in 0..600 {
        for e in std::fs::read_dir(out).into_iter().flatten().flatten() {
            let new = e
                .metadata()
                .and_then(|m| m.modified())
                .map(|t| t >= since)
                .unwrap_or(false);
            let name = e.file_name().to_string_lossy().into_owned();
            if new && name.contains(marker) && name.ends_with(".pdf") {
                // cups-pdf writes the file in one go once ghostscript is done.
                std::thread::sleep(Duration::from_millis(500));
                return Some(e.path());
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

#[test]
fn a_letter_printed_from_the_app_lands_as_a_cups_job() {
    if !on_path("lp") {
        eprintln!("SKIPPED: `lp` is not installed (Debian: apt-get install cups printer-driver-cups-pdf); no print test ran");
        return;
    }
    let cups = Cups::start();
    // This test binary's only test: the process's print settings are its own.
    std::env::set_var("CUPS_SERVER", cups.socket());
    std::env::set_var("PRINTER", "LawdeskPDF");

    let p = Folder::on_system_clock();
    let now = Utc::now();
    let today = chrono::Local::now().date_naive();
    p.firm(profile(HARPER_LOWE));
    let marker = format!("Printtest{}", std::process::id());
    let client = p.client("organization", &format!("{marker} Foods Ltd"), "en");
    p.invoice(client, "GBP", &days_ago(60), &days_ago(40), "1200");
    let core = p.core;
    let g = letters::generate(
        &core,
        &LetterRequest {
            kind: "reminder".into(),
            id: client.0,
            ..Default::default()
        },
        today,
        now,
    )
    .unwrap();

    let since = SystemTime::now() - Duration::from_secs(2);
    let printed = letter_output::print(&core, LetterId(g.id)).unwrap();
    assert_eq!(printed.via, "lp", "{printed:?}");
    assert!(
        printed
            .job
            .as_deref()
            .unwrap_or("")
            .starts_with("LawdeskPDF-"),
        "{printed:?}"
    );
    assert!(printed.file_name.starts_with(&g.number), "{printed:?}");

    let out = cups_pdf_out();
    let path = wait_for_job(&out, since, &marker).unwrap_or_else(|| {
        panic!(
            "no job PDF named after {marker} appeared in {} (cupsd log: {})",
            out.display(),
            std::fs::read_to_string(cups.dir.path().join("log/error_log")).unwrap_or_default()
        )
    });
    // The job is named after the letter (cups-pdf writes spaces as `_`).
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&g.number.replace(' ', "_")), "{name}");
    // cups-pdf goes through PostScript and Ghostscript, which drops the text layer's
    // Unicode map (pdftotext gives glyph numbers), so the printed page is compared with
    // the kept letter as pixels: the same page, far closer to it than a blank sheet.
    let (kept_row, kept_pdf) = letters::pdf_of(&core, LetterId(g.id)).unwrap();
    assert_eq!(kept_row.number, g.number);
    let scratch = tempfile::tempdir().unwrap();
    let kept = scratch.path().join("kept.pdf");
    std::fs::write(&kept, kept_pdf).unwrap();
    let (w, h, printed) = gray_page(&path);
    let (w0, h0, original) = gray_page(&kept);
    assert_eq!((w, h), (w0, h0), "the same paper size");
    let blank = vec![255u8; original.len()];
    let to_printed = difference(&printed, &original);
    let to_blank = difference(&blank, &original);
    assert!(
        to_printed * 2.0 < to_blank,
        "the printed page differs from the letter by {to_printed:.2} (a blank page: {to_blank:.2})"
    );
    let _ = std::fs::remove_file(path);
}
