//! The central directory of a ZIP file (XLSX and ODS are ZIPs): entry names and their
//! declared uncompressed sizes, read before anything is inflated, so a zip bomb is refused
//! up front. Pure function over bytes; ZIP64 sizes are reported as `u64::MAX`.

const EOCD: u32 = 0x0605_4b50;
const CENTRAL: u32 = 0x0201_4b50;

fn u16_at(b: &[u8], at: usize) -> Option<usize> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// (name, declared uncompressed size) of every entry; `None` when `bytes` is no ZIP.
pub fn entries(bytes: &[u8]) -> Option<Vec<(String, u64)>> {
    // The end-of-central-directory record sits in the last 22 + 65,535 bytes.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(EOCD))?;
    let count = u16_at(bytes, eocd + 10)?;
    let mut at = u32_at(bytes, eocd + 16)? as usize;
    let mut out = Vec::with_capacity(count.min(4096));
    for _ in 0..count {
        if u32_at(bytes, at)? != CENTRAL {
            return None;
        }
        let size = match u32_at(bytes, at + 24)? {
            u32::MAX => u64::MAX,
            s => u64::from(s),
        };
        let name_len = u16_at(bytes, at + 28)?;
        let extra_len = u16_at(bytes, at + 30)?;
        let comment_len = u16_at(bytes, at + 32)?;
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        out.push((String::from_utf8_lossy(name).into_owned(), size));
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(out)
}
