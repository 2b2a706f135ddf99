//! Issue 10 part 9: `kill -9` of the real `lawdesk-cli` at random moments during client
//! imports, payments (with `--request-key`) and letter batches. Afterwards every write that
//! was acknowledged (exit 0 and its JSON seen) is there, a killed one is there whole or not
//! at all, `check` is clean (database, chains, ledger, files both ways), no finished letter
//! copy lies in an output folder without its letter, and a retry with the same request key
//! returns the first result without writing twice.
//!
//! The moments come from a seeded generator, so a run can be repeated:
//! `LAWDESK_CRASH_SEED` (default 10) and `LAWDESK_CRASH_KILLS` (default 54; scripts/crash.sh
//! runs 200).
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::practice::{today_plus, Practice, MINGLI};
use serde_json::Value;

/// SplitMix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn spawn(dir: &Path, args: &[String], stdin: Option<&str>) -> Child {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lawdesk-cli"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("LAWDESK_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        let _ = child.stdin.as_mut().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    child
}

/// Lets `child` run for `delay`, then kills it with SIGKILL unless it has finished. The
/// result is the acknowledged JSON (exit 0 and JSON on stdout), or `None`.
fn run_and_kill(mut child: Child, delay: Duration) -> Option<Value> {
    let start = Instant::now();
    while start.elapsed() < delay {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    if child.try_wait().unwrap().is_none() {
        child.kill().unwrap(); // SIGKILL on Unix
    }
    let out = child.wait_with_output().unwrap();
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn ok(dir: &Path, args: &[&str], stdin: Option<&str>) -> Value {
    common::ok(dir, args, stdin)
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// A client with one CNY invoice 45 days overdue (due for a reminder); its id.
fn overdue_client(dir: &Path, name: &str) -> i64 {
    let p = Practice::new(dir);
    let c = p.client("organization", name, "zh-CN");
    let (issued, due) = (today_plus(-60), today_plus(-45));
    p.invoice_for(c, "CNY", &issued, &due, "法律顾问费", "1000");
    c
}

/// The harness's record of what it was told, to compare with what is there.
#[derive(Default)]
struct Expect {
    /// Import token → rows in that file, and whether the import was acknowledged.
    imports: Vec<(String, usize, bool)>,
    /// Payment reference (= request key) → the acknowledged first result, if any.
    payments: Vec<(String, Option<Value>)>,
    /// Letter numbers an acknowledged batch reported, with their output paths.
    letters: Vec<(String, PathBuf)>,
    out_dirs: Vec<PathBuf>,
}

struct Harness {
    dir: PathBuf,
    rng: Rng,
    /// How long each kind of operation takes unkilled (the kill moment is drawn within it).
    spans: [Duration; 3],
    expect: Expect,
    acknowledged: usize,
    killed: usize,
    n: usize,
}

impl Harness {
    /// A moment within twice the operation's span (about half the runs finish); a batch,
    /// whose commits come after its layout, from 40 % of its span on.
    fn delay(&mut self, kind: usize) -> Duration {
        let span = self.spans[kind].as_micros() as u64;
        let micros = if kind == 2 {
            span * 2 / 5 + self.rng.below(span)
        } else {
            self.rng.below(2 * span)
        };
        Duration::from_micros(micros)
    }

    fn note(&mut self, acked: bool) {
        if acked {
            self.acknowledged += 1;
        } else {
            self.killed += 1;
        }
    }

    fn import(&mut self) {
        let token = format!("ZQ{:04}W", self.n);
        let rows = 40;
        let mut csv = String::from("kind,name,phone\n");
        for j in 0..rows {
            csv.push_str(&format!("person,{token} Клиент {j},+7 495 100 {j:04}\n"));
        }
        let file = self.dir.with_extension(format!("import-{}.csv", self.n));
        std::fs::write(&file, csv).unwrap();
        let args = s(&["client", "import", &file.to_string_lossy()]);
        let d = self.delay(0);
        let r = run_and_kill(spawn(&self.dir, &args, None), d);
        if let Some(v) = &r {
            assert_eq!(v["imported"], rows, "{v}");
        }
        self.note(r.is_some());
        self.expect.imports.push((token, rows, r.is_some()));
    }

    fn payment(&mut self, client: i64) {
        let key = format!("crash-pay-{}", self.n);
        // Every other payment with its voucher (a file kept before the row commits).
        let voucher = self.dir.with_extension(format!("voucher-{}.pdf", self.n));
        std::fs::write(&voucher, format!("%PDF-1.7 voucher {key}")).unwrap();
        let mut args = s(&[
            "payment",
            "record",
            "--client",
            &client.to_string(),
            "--currency",
            "CNY",
            "--amount",
            "10.00",
            "--method",
            "bank_transfer",
            "--reference",
            &key,
            "--request-key",
            &key,
        ]);
        if self.n % 2 == 0 {
            args.extend(s(&["--voucher", &voucher.to_string_lossy()]));
        }
        let d = self.delay(1);
        let r = run_and_kill(spawn(&self.dir, &args, None), d);
        self.note(r.is_some());
        // The script's retry: the same key returns the first result and records nothing.
        let again = ok(
            &self.dir,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            None,
        );
        if let Some(first) = &r {
            assert_eq!(&again, first, "a retry returns the first result");
        }
        self.expect.payments.push((key, r));
    }

    fn batch(&mut self) {
        for k in 0..2 {
            overdue_client(&self.dir, &format!("崩溃测试{}号{k}有限公司", self.n));
        }
        let out = self.dir.with_extension(format!("batch-{}", self.n));
        std::fs::create_dir_all(&out).unwrap();
        let args = s(&[
            "letter",
            "batch",
            "--stage",
            "reminder",
            "--out-dir",
            &out.to_string_lossy(),
        ]);
        let d = self.delay(2);
        let r = run_and_kill(spawn(&self.dir, &args, None), d);
        self.note(r.is_some());
        if let Some(v) = &r {
            for l in v["letters"].as_array().unwrap() {
                let path = PathBuf::from(l["path"].as_str().unwrap());
                let number = l["number"].as_str().map(str::to_string).unwrap_or_default();
                self.expect.letters.push((number, path));
            }
        }
        self.expect.out_dirs.push(out);
    }
}

/// Runs one of each kind unkilled and returns how long each took.
fn calibrate(dir: &Path, client: i64) -> [Duration; 3] {
    let t = Instant::now();
    let file = dir.with_extension("calibrate.csv");
    let mut csv = String::from("kind,name\n");
    for j in 0..40 {
        csv.push_str(&format!("person,Calibrate {j}\n"));
    }
    std::fs::write(&file, csv).unwrap();
    ok(dir, &["client", "import", &file.to_string_lossy()], None);
    let import = t.elapsed();
    let t = Instant::now();
    let c = client.to_string();
    ok(
        dir,
        &[
            "payment",
            "record",
            "--client",
            &c,
            "--currency",
            "CNY",
            "--amount",
            "1.00",
            "--method",
            "cash",
        ],
        None,
    );
    let payment = t.elapsed();
    overdue_client(dir, "校准有限公司");
    let out = dir.with_extension("calibrate-batch");
    std::fs::create_dir_all(&out).unwrap();
    let t = Instant::now();
    ok(
        dir,
        &[
            "letter",
            "batch",
            "--stage",
            "reminder",
            "--out-dir",
            &out.to_string_lossy(),
        ],
        None,
    );
    [import, payment, t.elapsed()]
}

fn verify(h: &Harness) {
    let d = &h.dir;
    let check = ok(d, &["check"], None);
    assert_eq!(check["ok"], true, "{check}");
    // Files a killed payment or letter kept before its row committed are pending (young);
    // ten minutes on, the next open removes them and nothing else.
    let pending = check["files_pending"].as_array().unwrap().clone();
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for f in &pending {
        let path = d.join("attachments").join(f.as_str().unwrap());
        let file = std::fs::File::options().append(true).open(&path).unwrap();
        file.set_modified(hour_ago).unwrap();
    }
    let check = ok(d, &["check"], None);
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["files_pending"], serde_json::json!([]), "{pending:?}");
    for f in &pending {
        assert!(!d.join("attachments").join(f.as_str().unwrap()).exists());
    }
    eprintln!("files left by killed writes, then swept: {}", pending.len());
    // Imports: acknowledged ⇒ every row; killed ⇒ all rows or none (one transaction).
    let export = d.with_extension("export.csv");
    ok(
        d,
        &["client", "export", "--out", &export.to_string_lossy()],
        None,
    );
    let text = std::fs::read_to_string(&export).unwrap();
    for (token, rows, acked) in &h.expect.imports {
        let n = text.lines().filter(|l| l.contains(token.as_str())).count();
        if *acked {
            assert_eq!(n, *rows, "acknowledged import {token}");
        } else {
            assert!(n == 0 || n == *rows, "half an import {token}: {n} rows");
        }
    }
    // Payments: each key recorded exactly once (its retry ran), the acknowledged one with
    // the id it was acknowledged with.
    let payments = ok(d, &["payment", "list"], None);
    let list = payments.as_array().unwrap();
    for (key, first) in &h.expect.payments {
        let found: Vec<&Value> = list.iter().filter(|p| p["reference"] == *key).collect();
        assert_eq!(found.len(), 1, "payment {key}");
        if let Some(first) = first {
            assert_eq!(found[0]["id"], first["id"], "payment {key}");
        }
    }
    // Letters: every acknowledged one kept and copied; no finished copy without a letter.
    let letters = ok(d, &["letter", "list"], None);
    let numbers: BTreeSet<String> = letters
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["number"].as_str().unwrap().to_string())
        .collect();
    for (number, path) in &h.expect.letters {
        assert!(path.exists(), "{}", path.display());
        if !number.is_empty() {
            assert!(numbers.contains(number), "{number}");
        }
    }
    for out in &h.expect.out_dirs {
        for e in std::fs::read_dir(out).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with('.') && name.ends_with(".part") {
                continue; // an unfinished copy under its temporary name, never renamed
            }
            // A letter's copy starts with its number; the batch's combined PDF with the
            // date (`2026-12-03 - 付款提醒函 (2).pdf`), written after its letters committed.
            let combined = name
                .get(..10)
                .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
                && name.get(10..).is_some_and(|r| r.starts_with(" - "));
            let ours = combined || numbers.iter().any(|n| name.starts_with(n.as_str()));
            assert!(ours, "{name} in {} has no letter", out.display());
        }
    }
}

#[test]
fn kill_9_during_imports_payments_and_letter_batches_loses_nothing_acknowledged() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    Practice::new(&dir).firm(MINGLI);
    let payer = overdue_client(&dir, "北京华远科技有限公司");
    let spans = calibrate(&dir, payer);
    let kills = env_or("LAWDESK_CRASH_KILLS", 54) as usize;
    let seed = env_or("LAWDESK_CRASH_SEED", 10);
    let mut h = Harness {
        dir,
        rng: Rng(seed),
        spans,
        expect: Expect::default(),
        acknowledged: 0,
        killed: 0,
        n: 0,
    };
    let started = Instant::now();
    while h.killed < kills {
        h.n += 1;
        // Letter batches are the slow ones (fonts and layout): one draw in six.
        match h.rng.below(6) {
            0 | 1 => h.import(),
            2..=4 => h.payment(payer),
            _ => h.batch(),
        }
        if h.n % 10 == 0 {
            verify(&h);
        }
    }
    verify(&h);
    eprintln!(
        "crash harness: seed {seed}, {} operations, {} killed, {} acknowledged, {:.1} s (spans {:?})",
        h.n,
        h.killed,
        h.acknowledged,
        started.elapsed().as_secs_f64(),
        h.spans
    );
}
