//! Reading letters back as a reader would: poppler's `pdftotext`/`pdfinfo`/`pdftoppm` and
//! zbar's `zbarimg` (scripts/system-packages.sh installs them).

use std::path::Path;
use std::process::Command;

/// Runs a tool and returns its stdout; a missing tool or a failure fails the test.
pub fn run_tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!("{cmd} must be installed (poppler-utils, qpdf, zbar-tools): {e}")
    });
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text in reading order (`pdftotext`).
pub fn pdf_text(pdf: &Path) -> String {
    run_tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// The number of pages (`pdfinfo`).
pub fn pages_of(pdf: &Path) -> usize {
    run_tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// The text with line breaks and page breaks undone (a space for Latin and Cyrillic,
/// nothing for Chinese) and no-break spaces as spaces: what each paragraph says, however
/// it was wrapped.
pub fn flat(text: &str, cjk: bool) -> String {
    let joined = text
        .replace('\u{a0}', " ")
        .replace('\u{c}', "")
        .replace('\n', if cjk { "" } else { " " });
    joined
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The payload of the QR code on the first page (rendered at 150 dpi, decoded by zbarimg).
pub fn qr_payload(pdf: &Path) -> String {
    let base = pdf.with_extension("");
    run_tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            base.to_str().unwrap(),
        ],
    );
    let out = Command::new("zbarimg")
        .args([
            "--raw",
            "-q",
            "-Sbinary",
            base.with_extension("png").to_str().unwrap(),
        ])
        .output()
        .expect("zbarimg must be installed");
    let mut s = String::from_utf8(out.stdout).unwrap();
    if s.ends_with('\n') {
        s.pop();
    }
    s
}

/// The first page as `<dir>/<name>-1.png` at 80 dpi (for looking at a letter by eye).
pub fn first_page_png(pdf: &Path, dir: &Path, name: &str) {
    run_tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            &dir.join(name).display().to_string(),
        ],
    );
}
