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
/// UTF-8 is borrowed, not copied (the file may be 64 MB).
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, &'static str) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return (text, enc.name());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.into(), "UTF-8");
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = enc.decode(bytes);
    (text, enc.name())
}

/// Caps on what an import reads, checked before anything is read whole: the file, the
/// declared unpacked size of a workbook (a 1 MB file may inflate to gigabytes), rows,
/// columns, cells and characters per cell. Columns and cells bound the grid itself: a
/// 502 KB workbook with one cell in column ALL on each of 100,000 rows, or a CSV of 600
/// empty columns, once took over 2 GB as rows of empty strings.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;
/// A client list has a few dozen columns at most (Lawdesk's own export: 13).
pub const MAX_COLUMNS: usize = 100;
/// Rows × columns: 100,000 clients with 30 columns (~72 MB of empty cells at most).
pub const MAX_CELLS: usize = 3_000_000;
pub const MAX_CELL_CHARS: usize = 10_000;

/// A refused file: the field code says why (`not_xlsx`, `binary_file`, `import_too_large`,
/// `too_many_rows`, `cell_too_long`).
fn refused(code: &'static str, message: &str) -> AppError {
    const FIELD: &str = "file";
    let mut e = AppError::field(FIELD, code);
    e.message = message.to_string();
    e
}

/// What the first bytes say the file is.
enum Content {
    Zip,
    Ole,
    Text,
    Binary,
}

fn content_of(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") {
        return Content::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Content::Ole;
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return Content::Text;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    let magic: [&[u8]; 5] = [
        b"%PDF",
        b"\x89PNG",
        b"GIF8",
        &[0xFF, 0xD8, 0xFF],
        b"\x7fELF",
    ];
    if head.contains(&0) || control * 20 > head.len() || magic.iter().any(|m| head.starts_with(m)) {
        Content::Binary
    } else {
        Content::Text
    }
}

pub fn read(bytes: &[u8]) -> AppResult<Table> {
    if bytes.is_empty() {
        return Err(malformed("The file is empty".into()));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refused("import_too_large", "The file is larger than 64 MB"));
    }
    match content_of(bytes) {
        Content::Zip => read_zip(bytes),
        Content::Ole => read_spreadsheet(bytes),
        Content::Text => read_csv(bytes),
        Content::Binary => Err(refused(
            "binary_file",
            "The file is not a table (CSV or XLSX); it looks like a binary file",
        )),
    }
}

/// A ZIP must be an XLSX (or ODS) workbook whose parts declare at most
/// [`MAX_UNPACKED_BYTES`] in all.
fn read_zip(bytes: &[u8]) -> AppResult<Table> {
    let not_xlsx = || {
        refused(
            "not_xlsx",
            "The file is a ZIP archive but not an Excel workbook",
        )
    };
    let entries = super::zip_index::entries(bytes).ok_or_else(not_xlsx)?;
    let has = |name: &str| entries.iter().any(|(n, _)| n == name);
    let xlsx = has("xl/workbook.xml");
    if !xlsx && !has("content.xml") {
        return Err(not_xlsx());
    }
    let unpacked = entries
        .iter()
        .fold(0u64, |sum, (_, size)| sum.saturating_add(*size));
    if unpacked > MAX_UNPACKED_BYTES {
        return Err(refused(
            "import_too_large",
            "The workbook unpacks to more than 64 MB",
        ));
    }
    without_panics(|| {
        if xlsx {
            read_xlsx(bytes)
        } else {
            read_spreadsheet(bytes)
        }
    })
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        // Phone and ID numbers typed into Excel become floats: print them whole.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::String(text) => unguarded(text).to_string(),
        other => other.to_string(),
    }
}

/// What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): `=`, `+`,
/// `-`, `@`, a tab or a carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written into an exported CSV: a value a spreadsheet would run as a formula
/// (a client named `=HYPERLINK(…)`, notes `=1+1`, a phone `+7 495 …`) gets a leading `'`,
/// which makes Excel and LibreOffice keep it as text. [`read`] takes the `'` off again, so
/// the export imports back unchanged.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.starts_with(FORMULA_STARTS) {
        true => format!("'{cell}").into(),
        false => cell.into(),
    }
}

/// The inverse of [`spreadsheet_safe`] on a cell read back.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Refuses a cell longer than [`MAX_CELL_CHARS`].
fn bounded(text: String) -> AppResult<String> {
    if text.chars().count() > MAX_CELL_CHARS {
        return Err(refused(
            "cell_too_long",
            "A cell is longer than 10,000 characters",
        ));
    }
    Ok(text)
}

fn too_many_rows() -> AppError {
    refused("too_many_rows", "The file has more than 100,000 rows")
}

fn too_many_columns() -> AppError {
    refused("too_many_columns", "The file has more than 100 columns")
}

fn too_many_cells() -> AppError {
    refused(
        "too_many_cells",
        "The file has more than 3,000,000 cells (rows × columns)",
    )
}

/// `read`, with a panic inside the spreadsheet reader (calamine 0.38 subtracts unchecked on
/// a `<dimension ref="B2:A1">`: found by tests/fuzz.rs) turned into the coded refusal of an
/// unreadable workbook: a hostile file must not take the app down.
/// The panic is not printed either (the CLI's stderr carries the coded error alone): the
/// process's panic hook stays as it was for every other panic.
fn without_panics(
    read: impl FnOnce() -> AppResult<Table> + std::panic::UnwindSafe,
) -> AppResult<Table> {
    thread_local! {
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let read = std::panic::catch_unwind(read);
    QUIET.with(|q| q.set(false));
    read.unwrap_or_else(|_| {
        Err(refused(
            "not_xlsx",
            "The spreadsheet cannot be read: its content is damaged",
        ))
    })
}

/// The first sheet of an XLSX cell by cell, so rows and cells are capped as they come.
fn read_xlsx(bytes: &[u8]) -> AppResult<Table> {
    let unreadable =
        |e: calamine::XlsxError| refused("not_xlsx", &format!("The workbook cannot be read: {e}"));
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| malformed("The spreadsheet has no sheet".into()))?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut base: Option<u32> = None;
    let mut first_col = u32::MAX;
    let mut allocated = 0usize;
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let text = bounded(cell_text(&Data::from(cell.get_value().clone())))?;
        // Formatted but empty cells (a styled column to the sheet's edge) hold nothing.
        if text.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        // Rows come in order in any workbook Excel or LibreOffice writes; one before the
        // first is a damaged file.
        let row = r.checked_sub(*base.get_or_insert(r)).ok_or_else(|| {
            refused(
                "not_xlsx",
                "The workbook cannot be read: its rows are out of order",
            )
        })? as usize;
        if row > MAX_ROWS {
            return Err(too_many_rows());
        }
        if c as usize >= MAX_COLUMNS {
            return Err(too_many_columns());
        }
        if grid.len() <= row {
            grid.resize_with(row + 1, Vec::new);
        }
        let line = &mut grid[row];
        if line.len() <= c as usize {
            allocated += c as usize + 1 - line.len();
            if allocated > MAX_CELLS {
                return Err(too_many_cells());
            }
            line.resize(c as usize + 1, String::new());
        }
        line[c as usize] = text;
        first_col = first_col.min(c);
    }
    // Like a sheet's used range: the table starts at its first used column.
    let skip = first_col.min(MAX_COLUMNS as u32) as usize;
    for line in &mut grid {
        line.drain(..skip.min(line.len()));
    }
    table_of(grid)
}

/// Headers and rows from a grid whose first row is the header; columns start at A.
fn table_of(grid: Vec<Vec<String>>) -> AppResult<Table> {
    let Some(width) = grid.first().map(Vec::len) else {
        return Err(malformed("The sheet is empty".into()));
    };
    if width > MAX_COLUMNS || grid.iter().any(|r| r.len() > MAX_COLUMNS) {
        return Err(too_many_columns());
    }
    // Every row is padded to the header's width: count that before allocating it.
    if grid.iter().map(|r| r.len().max(width)).sum::<usize>() > MAX_CELLS {
        return Err(too_many_cells());
    }
    let mut rows = grid.into_iter();
    let headers = rows.next().unwrap_or_default();
    Ok(Table {
        format: "xlsx",
        encoding: "UTF-8".into(),
        headers: headers.into_iter().map(|h| h.trim().to_string()).collect(),
        rows: rows
            .map(|mut r| {
                if r.len() < width {
                    r.resize(width, String::new());
                }
                r
            })
            .collect(),
    })
}

/// XLS and ODS: read whole (XLS is not compressed; an ODS passed the unpacked-size cap).
fn read_spreadsheet(bytes: &[u8]) -> AppResult<Table> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| malformed(format!("The spreadsheet cannot be read: {e}")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| malformed("The spreadsheet has no sheet".into()))?
        .map_err(|e| malformed(format!("The first sheet cannot be read: {e}")))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(too_many_rows());
    }
    if range.width() > MAX_COLUMNS {
        return Err(too_many_columns());
    }
    let grid = range
        .rows()
        .map(|r| r.iter().map(|c| bounded(cell_text(c))).collect())
        .collect::<AppResult<Vec<Vec<String>>>>()?;
    table_of(grid)
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
    if headers.len() > MAX_COLUMNS {
        return Err(too_many_columns());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        if rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        if (rows.len() + 1) * headers.len() > MAX_CELLS {
            return Err(too_many_cells());
        }
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
        rows.push(
            record
                .iter()
                .map(|c| bounded(unguarded(c).to_string()))
                .collect::<AppResult<_>>()?,
        );
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
    fn formula_cells_are_kept_as_text_and_read_back_unchanged() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+7 495 123-45-67",
            "-5",
            "@SUM(A1)",
            "\tx",
        ] {
            let safe = spreadsheet_safe(cell);
            assert_eq!(safe, format!("'{cell}"));
            assert_eq!(unguarded(&safe), cell);
        }
        for cell in ["Harper & Lowe", "'quoted'", "", "王伟"] {
            assert_eq!(spreadsheet_safe(cell), cell);
            assert_eq!(unguarded(cell), cell);
        }
        let csv = "name,phone\n'=1+1,'+7 495 123-45-67\n";
        let t = read(csv.as_bytes()).unwrap();
        assert_eq!(t.rows[0], ["=1+1", "+7 495 123-45-67"]);
    }

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

    fn field_code(e: &AppError) -> String {
        e.fields
            .first()
            .map(|f| f.code.to_string())
            .unwrap_or_default()
    }

    /// An XLSX whose sheet has `name` in A1, then `rows` rows each with `x` in `col`.
    fn xlsx_with(rows: u32, col: u16) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "name").unwrap();
        for r in 1..=rows {
            sheet.write_string(r, col, "x").unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    /// The grid is bounded, not only the file: a cell far to the right, a row wider than a
    /// client list, or more cells than 100,000 clients with 30 columns are refused with
    /// their codes as they are met, before rows of empty cells are built.
    #[test]
    fn columns_and_cells_are_capped_before_the_grid_is_built() {
        let err = read(&xlsx_with(3, 999)).unwrap_err();
        assert_eq!(field_code(&err), "too_many_columns");
        let err = read(&xlsx_with(3, MAX_COLUMNS as u16)).unwrap_err();
        assert_eq!(field_code(&err), "too_many_columns");
        // 99 columns wide on 40,000 rows: 3,960,000 cells.
        let err = read(&xlsx_with(40_000, 98)).unwrap_err();
        assert_eq!(field_code(&err), "too_many_cells");
        // The same shape within the caps reads, padded to the header's width.
        let t = read(&xlsx_with(10, 98)).unwrap();
        assert_eq!(
            (t.headers.len(), t.rows.len(), t.rows[0].len()),
            (1, 10, 99)
        );

        let wide = format!("{}\n", vec!["c"; MAX_COLUMNS + 1].join(","));
        assert_eq!(
            field_code(&read(wide.as_bytes()).unwrap_err()),
            "too_many_columns"
        );
        let mut tall = vec!["c"; 60].join(",") + "\n";
        let row = vec![""; 60].join(",") + "\n";
        tall.push_str(&row.repeat(MAX_CELLS / 60 + 1));
        assert_eq!(
            field_code(&read(tall.as_bytes()).unwrap_err()),
            "too_many_cells"
        );
        let t = read(
            format!(
                "{}{}",
                vec!["c"; 60].join(","),
                "\n".to_string() + &row.repeat(3)
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!((t.headers.len(), t.rows.len()), (60, 3));
    }

    /// Cells formatted but empty far to the right or below hold nothing and are skipped.
    #[test]
    fn formatted_empty_cells_far_away_do_not_count() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "name").unwrap();
        sheet.write_string(1, 0, "张伟").unwrap();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        sheet.write_blank(0, 5000, &bold).unwrap();
        sheet.write_blank(500_000, 0, &bold).unwrap();
        let t = read(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(
            (t.headers, t.rows),
            (vec!["name".to_string()], vec![vec!["张伟".to_string()]])
        );
    }
}
