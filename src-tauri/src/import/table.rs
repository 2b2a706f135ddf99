//! Reads a client list as a table of text cells: XLSX/XLS/ODS through calamine, CSV with
//! its encoding (UTF-8 with or without BOM, GB18030/GBK, Windows-1251, …) and delimiter
//! detected. Pure functions over bytes.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::domain::{AppError, AppResult, ErrorCode};

/// A file's rows as text. `rows[i]` is line `first_data_line + i` of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub format: &'static str,
    pub encoding: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn malformed(message: String) -> AppError {
    AppError::new(ErrorCode::Validation, message)
}

/// Decodes text: a BOM wins, valid UTF-8 is UTF-8, otherwise chardetng guesses (Chinese
/// Excel exports are GB18030, Russian ones Windows-1251).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), enc.name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8");
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), enc.name())
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

pub fn read(bytes: &[u8]) -> AppResult<Table> {
    if bytes.is_empty() {
        return Err(malformed("The file is empty".into()));
    }
    if is_spreadsheet(bytes) {
        read_spreadsheet(bytes)
    } else {
        read_csv(bytes)
    }
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        // Phone and ID numbers typed into Excel become floats: print them whole.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

fn read_spreadsheet(bytes: &[u8]) -> AppResult<Table> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| malformed(format!("The spreadsheet cannot be read: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| malformed("The spreadsheet has no sheet".into()))?
        .map_err(|e| malformed(format!("The first sheet cannot be read: {e}")))?;
    let mut rows = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect::<Vec<_>>());
    let headers = rows
        .next()
        .ok_or_else(|| malformed("The sheet is empty".into()))?;
    Ok(Table {
        format: "xlsx",
        encoding: "UTF-8".into(),
        headers: headers.into_iter().map(|h| h.trim().to_string()).collect(),
        rows: rows.collect(),
    })
}

fn read_csv(bytes: &[u8]) -> AppResult<Table> {
    let (text, encoding) = decode(bytes);
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| malformed(format!("Line 1: the header cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            let what = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => {
                    format!("has {len} fields where the header has {expected_len}")
                }
                _ => "cannot be read".to_string(),
            };
            malformed(format!("Line {line} {what}; nothing was imported"))
        })?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table {
        format: "csv",
        encoding: encoding.to_string(),
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_bom_gb18030_and_cp1251() {
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend("name,phone\n张伟,1\n".as_bytes());
        let t = read(&bom).unwrap();
        assert_eq!(
            (
                t.encoding.as_str(),
                t.headers[0].as_str(),
                t.rows[0][0].as_str()
            ),
            ("UTF-8", "name", "张伟")
        );

        let (gbk, _, _) = encoding_rs::GB18030
            .encode("姓名,电话\n张伟,13800138000\n王伟,010-88886666\n北京明理律师事务所,1\n");
        let t = read(&gbk).unwrap();
        assert_eq!(t.encoding, "GBK"); // decoded with the GB18030 superset (WHATWG)
        assert_eq!(t.rows[2][0], "北京明理律师事务所");

        let (cp, _, _) = encoding_rs::WINDOWS_1251
            .encode("Имя;Телефон\nИванов Иван Петрович;+7 495 123-45-67\nООО Ромашка;1\n");
        let t = read(&cp).unwrap();
        assert_eq!(t.encoding, "windows-1251");
        assert_eq!(t.headers, vec!["Имя", "Телефон"]);
        assert_eq!(t.rows[0][0], "Иванов Иван Петрович");
    }

    #[test]
    fn detects_big5_from_taiwanese_excel() {
        let (big5, _, _) = encoding_rs::BIG5.encode("客戶名稱,電話\n誠信法律事務所,02-2388-1234\n陳志明,0912-345-678\n林美玲,0922-111-222\n");
        let t = read(&big5).unwrap();
        assert_eq!(t.encoding, "Big5");
        assert_eq!(t.headers[0], "客戶名稱");
        assert_eq!(t.rows[0][0], "誠信法律事務所");
    }

    #[test]
    fn a_malformed_csv_names_its_line() {
        let err = read(b"name,phone\nA,1\nB,2,3\n").unwrap_err();
        assert!(err.message.contains("Line 3"), "{}", err.message);
        assert!(read(b"").is_err());
    }
}
