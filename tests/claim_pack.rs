//! The claim pack and the demand letter's calculation appendix, through the real CLI on a
//! real data folder: the pack PDF checked with qpdf (structure and bookmarks) and read back
//! with pdftotext, the ZIP of originals listed and every file checked against the
//! manifest's SHA-256; bad output paths write nothing.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use common::practice::{days_ago, Practice, HARPER_LOWE};
use serde_json::Value;

fn ok(out: Output) -> Value {
    assert!(
        out.status.success(),
        "{} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn tool(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} must be installed (poppler-utils, qpdf): {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An English firm; a business client with two overdue GBP invoices (one part paid), a
/// demand with a dispatch record and a receipt scan, and a log entry; returns (client id,
/// the demand's CLI output, invoice numbers).
/// `out`: a folder outside the data folder for the demand's copy (`scratch.pdf`).
fn practice(d: &Path, out: &Path) -> (i64, Value, Vec<String>) {
    let p = Practice::new(d).firm(HARPER_LOWE);
    let id = p.client("organization", "Oakridge Foods Ltd", "en");
    let mut numbers = Vec::new();
    for (amount, issued, due) in [("1200", 90, 60), ("450.50", 60, 30)] {
        let (issued, due) = (days_ago(issued), days_ago(due));
        let inv = p.invoice_for(id, "GBP", &issued, &due, "Advice on the lease", amount);
        numbers.push(inv["number"].as_str().unwrap().to_string());
    }
    p.payment(id, "GBP", "200", &days_ago(20));
    let letter = p.demand(id, &out.join("scratch.pdf"));
    let receipt = d.join("receipt.png");
    std::fs::write(&receipt, b"\x89PNG\r\n\x1a\n scan of the signed receipt").unwrap();
    p.dispatch(
        &letter,
        &[
            "--via",
            "registered_post",
            "--tracking",
            "RR123456785GB",
            "--sent",
            &days_ago(0),
            "--receipt",
            &receipt.to_string_lossy(),
        ],
    );
    (id, letter, numbers)
}

#[test]
fn a_demand_carries_its_calculation_appendix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = tempfile::tempdir().unwrap();
    let (_, letter, numbers) = practice(d, out.path());
    let text = tool(
        "pdftotext",
        &[&out.path().join("scratch.pdf").to_string_lossy(), "-"],
    );
    assert!(text.contains("Appendix: calculation of interest"), "{text}");
    // The UK Act, cited, with its fixed reference rate; each invoice named.
    assert!(text.contains("Late Payment of Commercial Debts (Interest) Act 1998"));
    assert!(text.contains("Bank Rate"));
    for n in &numbers {
        assert!(text.contains(n.as_str()));
    }
    assert!(text.contains("Total GBP"));
    assert!(letter["pages"].as_i64().unwrap() >= 2);
    // Per invoice from its due date on what was owed in each period: the first invoice's
    // GBP 1,200 until the GBP 200 part payment 20 days ago (that day included), GBP 1,000
    // after it; the second's GBP 450.50 throughout.
    let appendix = &text[text.find("Appendix: calculation of interest").unwrap()..];
    assert!(appendix.contains("Owed"), "{appendix}");
    for owed in ["1,200.00", "1,000.00", "450.50"] {
        assert!(appendix.contains(owed), "{owed}: {appendix}");
    }
    let words = appendix.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("a part payment reduces it from the day after it was received"));
}

fn outline_titles(pdf: &Path) -> Vec<String> {
    let json: Value = serde_json::from_str(&tool(
        "qpdf",
        &["--json", "--json-key=outlines", &pdf.to_string_lossy()],
    ))
    .unwrap();
    fn walk(v: &Value, out: &mut Vec<String>) {
        for o in v.as_array().into_iter().flatten() {
            out.push(o["title"].as_str().unwrap_or_default().to_string());
            walk(&o["kids"], out);
        }
    }
    let mut out = Vec::new();
    walk(&json["outlines"], &mut out);
    out
}

#[test]
fn the_claim_pack_is_one_bookmarked_pdf_and_a_zip_of_the_originals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scratch = tempfile::tempdir().unwrap();
    let (client, letter, numbers) = practice(d, scratch.path());
    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("pack.pdf");
    let zip = out.path().join("pack.zip");
    let r = ok(common::cli(
        d,
        &[
            "claim-pack",
            "--client",
            &client.to_string(),
            "--out",
            &pdf.to_string_lossy(),
            "--zip",
            &zip.to_string_lossy(),
        ],
        None,
    ));
    assert_eq!(r["letters"], 1);
    assert_eq!(r["invoices"], 2);
    assert_eq!(r["chain_ok"], true);

    // A sound PDF: qpdf finds no damage; its bookmarks name every section, each invoice
    // and the letter.
    tool("qpdf", &["--check", &pdf.to_string_lossy()]);
    let titles = outline_titles(&pdf);
    for want in [
        "1. Statement of account",
        "2. Invoices",
        "3. Letters with dispatch and delivery records",
        "4. Interest calculation",
        "5. Extract of the communication log",
    ] {
        assert!(titles.iter().any(|t| t == want), "{want} in {titles:?}");
    }
    let number = letter["number"].as_str().unwrap();
    assert!(titles.iter().any(|t| t.starts_with(number)), "{titles:?}");
    for n in &numbers {
        assert!(
            titles.iter().any(|t| t.starts_with(n.as_str())),
            "{n} in {titles:?}"
        );
    }
    let pages: usize = tool("pdfinfo", &[&pdf.to_string_lossy()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(pages as i64, r["pages"].as_i64().unwrap());
    let text = tool("pdftotext", &[&pdf.to_string_lossy(), "-"]);
    assert!(text.contains("Oakridge Foods Ltd"));
    assert!(text.contains("RR123456785GB"), "the dispatch record");
    assert!(
        text.contains("Hash chain verified"),
        "the chain's verification"
    );
    assert!(text.contains("Advice on the lease"), "the invoice lines");
    assert!(
        text.contains("Late Payment of Commercial Debts"),
        "the interest calculation"
    );
    // The kept letter's own pages are in it (its text, not only its number).
    assert!(text.matches(number).count() >= 3);

    // The ZIP: the pack, the letter as kept, the receipt, the log, a manifest that holds.
    let file = std::fs::File::open(&zip).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert!(names.contains(&"claim-pack.pdf".to_string()));
    assert!(names.contains(&"manifest.json".to_string()));
    assert!(names.contains(&"log.json".to_string()));
    assert!(names
        .iter()
        .any(|n| n.starts_with("letters/") && n.ends_with(".pdf")));
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("receipts/") && n.ends_with(".png")),
        "{names:?}"
    );
    let mut manifest = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    for f in manifest["files"].as_array().unwrap() {
        let mut bytes = Vec::new();
        archive
            .by_name(f["file"].as_str().unwrap())
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        assert_eq!(
            lawdesk::domain::commlog::sha256_hex(&bytes),
            f["sha256"].as_str().unwrap()
        );
        if f["file"].as_str().unwrap().starts_with("letters/") {
            assert_eq!(f["sha256"], letter["sha256"], "the letter as kept");
        }
    }
    assert_eq!(manifest["files"].as_array().unwrap().len() + 1, names.len());
    // Each original once (a letter's PDF is also its log entry's attachment, a receipt
    // its dispatch entry's).
    let mut shas: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["sha256"].as_str().unwrap())
        .collect();
    let all = shas.len();
    shas.sort_unstable();
    shas.dedup();
    assert_eq!(shas.len(), all, "{names:?}");
}

#[test]
fn bad_output_paths_and_an_unknown_client_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let scratch = tempfile::tempdir().unwrap();
    let (client, _, _) = practice(d, scratch.path());
    let out = tempfile::tempdir().unwrap();
    let c = client.to_string();
    let txt = out.path().join("pack.txt");
    let missing = out.path().join("no such folder").join("pack.pdf");
    let pdf = out.path().join("pack.pdf");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "--client".into(),
                c.clone(),
                "--out".into(),
                txt.display().to_string(),
            ],
            "pdf_name",
        ),
        (
            vec![
                "--client".into(),
                c.clone(),
                "--out".into(),
                missing.display().to_string(),
            ],
            "folder_missing",
        ),
        (
            vec![
                "--client".into(),
                c.clone(),
                "--out".into(),
                pdf.display().to_string(),
                "--zip".into(),
                out.path().join("x.rar").display().to_string(),
            ],
            "invalid",
        ),
    ];
    for (args, code) in cases {
        let mut all = vec!["claim-pack"];
        all.extend(args.iter().map(String::as_str));
        let o = common::cli(d, &all, None);
        assert_eq!(o.status.code(), Some(1));
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["error"]["fields"][0]["code"], code, "{v}");
    }
    let o = common::cli(
        d,
        &[
            "claim-pack",
            "--client",
            "9999",
            "--out",
            &pdf.to_string_lossy(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "not_found");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
