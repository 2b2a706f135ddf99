//! Backups, the pure parts: which backups a rotation keeps (7 daily, 4 weekly, 12 monthly),
//! the backup file names, and the recovery key (the practice key written for humans).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

/// How many of each the rotation keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
}

pub const RETENTION: Retention = Retention {
    daily: 7,
    weekly: 4,
    monthly: 12,
};

/// The period a day falls in (a day, an ISO week, a month), as a comparable key.
type Period = fn(NaiveDate) -> (i32, u32);

/// Which backups to keep, by index into `taken` (the times the backups were made, in any
/// order). Like restic's `--keep-daily/weekly/monthly`: the newest backup of each of the
/// latest `daily` days that have a backup, of each of the latest `weekly` ISO weeks and of
/// each of the latest `monthly` months. Days without a backup (the computer was off) do not
/// use up a slot, so a holiday never thins out the history. The newest backup is always kept.
pub fn keep(taken: &[NaiveDateTime], r: Retention) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by(|a, b| taken[*b].cmp(&taken[*a]).then(b.cmp(a)));
    let mut kept = BTreeSet::new();
    let buckets: [(usize, Period); 3] = [
        (r.daily, |d| (d.year(), d.ordinal())),
        (r.weekly, |d| (d.iso_week().year(), d.iso_week().week())),
        (r.monthly, |d| (d.year(), d.month())),
    ];
    for (slots, period) in buckets {
        let mut seen = BTreeSet::new();
        for &i in &order {
            if seen.len() == slots {
                break;
            }
            if seen.insert(period(taken[i].date())) {
                kept.insert(i);
            }
        }
    }
    kept
}

/// The file name of a rotated backup made at local time `at` by the practice whose
/// installation id starts with `practice` (its first 8 characters): two practices backing
/// up into one folder in the same second never write over each other.
pub fn file_name(at: NaiveDateTime, practice: &str) -> String {
    let tag: String = practice
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    format!("lawdesk-{}-{tag}.ldbackup", at.format("%Y%m%d-%H%M%S"))
}

/// The time in a rotated backup's file name (with or without the practice's tag of
/// versions before it had one); `None` for any other file (never rotated away).
pub fn parse_file_name(name: &str) -> Option<NaiveDateTime> {
    let full = name.strip_prefix("lawdesk-")?.strip_suffix(".ldbackup")?;
    let (stamp, rest) = (full.get(..15)?, full.get(15..)?);
    let tagged = rest.is_empty()
        || rest
            .strip_prefix('-')
            .is_some_and(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric()));
    if !tagged {
        return None;
    }
    NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()
}

// ---- the recovery key ----

/// Crockford's base32: no I, L, O or U, so nothing is mistaken when read aloud or typed.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK_BYTES: usize = 3;
/// 32 key bytes + 3 check bytes = 280 bits = 56 characters, written in 14 groups of 4.
const GROUP: usize = 4;

fn check_bytes(key: &[u8; 32]) -> [u8; CHECK_BYTES] {
    let d = Sha256::digest([b"lawdesk recovery key".as_slice(), key].concat());
    [d[0], d[1], d[2]]
}

/// The recovery key: the practice key in Crockford base32 with a checksum, grouped.
pub fn recovery_key(key: &[u8; 32]) -> String {
    let mut bytes = key.to_vec();
    bytes.extend_from_slice(&check_bytes(key));
    let mut chars = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            chars.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
        acc &= (1 << bits) - 1;
    }
    let groups: Vec<&str> = chars
        .as_bytes()
        .chunks(GROUP)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    groups.join("-")
}

fn symbol(c: char) -> Option<u32> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|a| *a as char == c)
        .map(|p| p as u32)
}

/// Reads a recovery key as typed: any case, spaces and dashes ignored, O read as 0 and I/L
/// as 1. `Err("recovery_key")` when it is not one (a typo: the checksum does not match).
pub fn parse_recovery_key(text: &str) -> Result<[u8; 32], &'static str> {
    let mut bytes = Vec::with_capacity(32 + CHECK_BYTES);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let v = symbol(c).ok_or("recovery_key")?;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bytes.len() != 32 + CHECK_BYTES || acc != 0 {
        return Err("recovery_key");
    }
    let mut key = [0u8; 32];
    key.copy_from_slice(&bytes[..32]);
    let ok = check_bytes(&key) == bytes[32..];
    bytes.iter_mut().for_each(|b| *b = 0);
    if ok {
        Ok(key)
    } else {
        Err("recovery_key")
    }
}

/// A short public fingerprint of a key, written in backup headers so a wrong key is told
/// apart from a damaged file. It reveals nothing about the key.
pub fn key_id(key: &[u8; 32]) -> String {
    let d = Sha256::digest([b"lawdesk practice key id".as_slice(), key].concat());
    hex::encode(&d[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn kept_dates(taken: &[NaiveDateTime]) -> Vec<String> {
        keep(taken, RETENTION)
            .into_iter()
            .map(|i| taken[i].format("%Y-%m-%d %H:%M").to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    #[test]
    fn a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly() {
        let start = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
        let taken: Vec<NaiveDateTime> = (0..366)
            .map(|d| (start + chrono::Days::new(d)).and_hms_opt(9, 0, 0).unwrap())
            .collect();
        let kept = kept_dates(&taken);
        // The last day is 2026-12-01 (a Tuesday).
        let daily: Vec<String> = (25..=30)
            .map(|d| format!("2026-11-{d} 09:00"))
            .chain(["2026-12-01 09:00".to_string()])
            .collect();
        for d in &daily {
            assert!(kept.contains(d), "{d} daily");
        }
        // Weekly: the newest of the current week (12-01) and of the three weeks before
        // (Sundays 11-29, 11-22, 11-15).
        for d in ["2026-11-22 09:00", "2026-11-15 09:00"] {
            assert!(kept.contains(&d.to_string()), "{d} weekly");
        }
        // Monthly: the newest of each of the last 12 months (last days of month).
        for d in [
            "2026-10-31 09:00",
            "2026-09-30 09:00",
            "2026-02-28 09:00",
            "2026-01-31 09:00",
        ] {
            assert!(kept.contains(&d.to_string()), "{d} monthly");
        }
        assert!(
            !kept.contains(&"2025-12-31 09:00".to_string()),
            "13th month"
        );
        assert!(!kept.contains(&"2026-11-10 09:00".to_string()));
        // 7 daily + 2 more weekly (11-22, 11-15; 11-29 is a daily) + 10 more monthly
        // (January to October; November's 11-30 and December's 12-01 are dailies).
        assert_eq!(kept.len(), 7 + 2 + 10, "{kept:?}");
    }

    #[test]
    fn several_backups_a_day_keep_the_newest_and_gaps_use_no_slot() {
        let taken = [
            at("2026-12-01 08:00"),
            at("2026-12-01 17:30"),
            at("2026-11-01 09:00"),
            at("2026-10-01 09:00"),
        ];
        let kept = keep(&taken, RETENTION);
        assert_eq!(kept, BTreeSet::from([1, 2, 3]));
        assert!(keep(&[], RETENTION).is_empty());
        assert_eq!(
            keep(&[at("2026-12-01 08:00")], RETENTION),
            BTreeSet::from([0])
        );
    }

    #[test]
    fn only_our_own_file_names_are_rotated() {
        let t = at("2026-12-03 07:05");
        let id = "3f2a9c1e-77b0-4d2e-9a51-0c6f1e2d3b4a";
        assert_eq!(
            file_name(t, id),
            "lawdesk-20261203-070500-3f2a9c1e.ldbackup"
        );
        assert_eq!(parse_file_name(&file_name(t, id)), Some(t));
        // An earlier version's name, without the practice's tag, is still rotated.
        assert_eq!(parse_file_name("lawdesk-20261203-070500.ldbackup"), Some(t));
        for other in [
            "lawdesk-20261203.ldbackup",
            "lawdesk-20261203-070500-.ldbackup",
            "lawdesk-20261203-070500 copy.ldbackup",
            "notes.txt",
            "lawdesk-20261203-070500.ldbackup.partial",
            "my-lawdesk-20261203-070500.ldbackup",
        ] {
            assert_eq!(parse_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn the_recovery_key_round_trips_and_catches_typos() {
        let key: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(11));
        let text = recovery_key(&key);
        assert_eq!(text.len(), 56 + 13);
        assert_eq!(text.split('-').count(), 14);
        assert_eq!(parse_recovery_key(&text), Ok(key));
        // As a person types it back: lower case, spaces, O for 0, l for 1.
        let sloppy = text
            .to_lowercase()
            .replace('-', " ")
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(parse_recovery_key(&sloppy), Ok(key));
        // One wrong character, one missing, one foreign: refused, never a different key.
        let mut typo: Vec<char> = text.chars().collect();
        typo[5] = if typo[5] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        assert_eq!(parse_recovery_key(&typo), Err("recovery_key"));
        assert_eq!(parse_recovery_key(&text[1..]), Err("recovery_key"));
        assert_eq!(parse_recovery_key("U"), Err("recovery_key"));
        assert_eq!(parse_recovery_key(""), Err("recovery_key"));
    }

    #[test]
    fn key_ids_differ_per_key_and_are_short() {
        let a = key_id(&[1; 32]);
        assert_eq!(a.len(), 16);
        assert_ne!(a, key_id(&[2; 32]));
    }
}
