//! Readers: each file format into rows of text for the [`Checker`].
//!
//! CSV is streamed (it is the format of large files); workbooks and JSON are
//! read whole. A reader fails only when a file cannot be read as its format;
//! what the rows say is the checker's business.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader};
use indicatif::{ProgressBar, ProgressStyle};

use super::Kind;
use super::check::{Checker, Numbering};
use crate::date::Date;
use crate::error::{Error, Result};

/// Reads one file, choosing the reader by its extension.
pub fn read_file(
    path: &Path,
    kind: Option<Kind>,
    checker: &mut Checker<'_>,
    progress: bool,
) -> Result<()> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let hint = kind.or_else(|| {
        path.file_stem()
            .and_then(|s| s.to_str())
            .and_then(Kind::from_name)
    });
    match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path, &name, hint, checker, progress),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, &name, kind, checker),
        "json" => read_json(path, &name, kind, hint, checker),
        _ => Err(Error::format(
            name,
            "unknown file type: tana imports .csv, .xlsx, .xls, .ods and .json files",
        )),
    }
}

fn bar(bytes: u64, progress: bool) -> ProgressBar {
    // Small files finish before a bar is worth drawing; indicatif also draws
    // nothing when standard error is not a terminal.
    if !progress || bytes < 8 << 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(bytes);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar
}

fn read_csv(
    path: &Path,
    name: &str,
    hint: Option<Kind>,
    checker: &mut Checker<'_>,
    progress: bool,
) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = BufReader::with_capacity(1 << 20, file);
    // Spreadsheets saved as CSV in many locales separate with semicolons,
    // and tab-separated files are common: the header line tells which.
    let first = reader.fill_buf().map_err(|e| Error::io(path, e))?;
    let line = first
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or(&[]);
    let delimiter = delimiter_of(line);
    let bar = bar(size, progress);
    bar.set_message(name.to_string());
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bar.wrap_read(LoneCr { inner: reader }));
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| Error::format(name, format!("line 1: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let table = checker.table(name, "", Numbering::Line, hint, &headers)?;
    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                let fields: Vec<&str> = record.iter().map(crate::export::unneutralise).collect();
                checker.row(&table, line, &fields);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => {
                        "the text is not UTF-8: save the file as UTF-8 CSV".to_string()
                    }
                    _ => e.to_string(),
                };
                bar.finish_and_clear();
                return Err(Error::format(name, format!("line {line}: {message}")));
            }
        }
    }
    bar.finish_and_clear();
    Ok(())
}

/// The separator a CSV header line uses: commas, semicolons (spreadsheets
/// saved in many locales) or tabs.
fn delimiter_of(line: &[u8]) -> u8 {
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    if count(b'\t') > count(b',') && count(b'\t') > count(b';') {
        b'\t'
    } else if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// A table of text read whole from a CSV file or from the first sheet of
/// a workbook, for the small imports that are no records (an action plan):
/// its header row, then each row with its place (`line 3`, `sheet plan,
/// row 3`). The workbook's limits are checked as for records.
pub fn plain_table(path: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            let text = read_text(path, &name)?;
            let first = text.lines().next().unwrap_or("");
            let mut csv = csv::ReaderBuilder::new()
                .delimiter(delimiter_of(first.as_bytes()))
                .flexible(true)
                .has_headers(false)
                .from_reader(LoneCr {
                    inner: text.as_bytes(),
                });
            let mut rows = Vec::new();
            for record in csv.records() {
                let record = record.map_err(|e| {
                    let line = e.position().map_or(0, |p| p.line());
                    Error::format(&name, format!("line {line}: {e}"))
                })?;
                let line = record.position().map_or(0, |p| p.line());
                let fields = record
                    .iter()
                    .map(crate::export::unneutralise)
                    .map(str::to_string);
                rows.push((format!("line {line}"), fields.collect()));
            }
            Ok(rows)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            match ext.as_str() {
                "xls" => super::limits::check_xls(path, &name)?,
                "ods" => super::limits::check_zip(path, &name, true)?,
                _ => super::limits::check_zip(path, &name, false)?,
            }
            let mut workbook = calamine::open_workbook_auto(path)
                .map_err(|e| Error::format(&name, format!("not a readable workbook: {e}")))?;
            let Some(sheet) = workbook.sheet_names().first().cloned() else {
                return Err(Error::format(&name, "the workbook has no sheet"));
            };
            let rows = match &mut workbook {
                calamine::Sheets::Xlsx(xlsx) => xlsx_rows(xlsx, &name, &sheet)?,
                other => range_rows(other, &name, &sheet)?,
            };
            Ok(rows
                .into_iter()
                .map(|(row, cells, _)| (format!("sheet {sheet}, row {}", row + 1), cells))
                .collect())
        }
        _ => Err(Error::format(
            name,
            "unknown file type: a plan is read from .csv, .xlsx, .xls or .ods",
        )),
    }
}

/// Turns each carriage return that ends a line on its own (old Mac files)
/// into a line feed, so that the CSV reader counts lines as an editor shows
/// them; a CR before an LF is left as it is.
struct LoneCr<R> {
    inner: R,
}

impl<R: BufRead> Read for LoneCr<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let data = self.inner.fill_buf()?;
        let n = data.len().min(out.len());
        if n == 0 {
            return Ok(0);
        }
        out[..n].copy_from_slice(&data[..n]);
        self.inner.consume(n);
        for i in 0..n - 1 {
            if out[i] == b'\r' && out[i + 1] != b'\n' {
                out[i] = b'\n';
            }
        }
        if out[n - 1] == b'\r' && self.inner.fill_buf()?.first() != Some(&b'\n') {
            out[n - 1] = b'\n';
        }
        Ok(n)
    }
}

/// A whole text file (JSON, TOML) as UTF-8, without a byte-order mark;
/// bytes that are not UTF-8 are refused with their offset.
pub fn read_text(path: &Path, name: &str) -> Result<String> {
    let mut bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::format(
            name,
            format!("line {line}, byte {at}: the text is not UTF-8: save the file as UTF-8"),
        )
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(d) => Date::from_spreadsheet_serial(d.as_f64())
            .map_or_else(|| d.to_string(), |d| d.to_string()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// One row of a sheet: its index from 0, its cells as text, and the columns
/// whose cell holds a formula with no saved value (a file written by a
/// program that does not compute formulas).
type SheetRow = (u32, Vec<String>, Vec<usize>);

fn read_workbook(
    path: &Path,
    name: &str,
    kind: Option<Kind>,
    checker: &mut Checker<'_>,
) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xls" => super::limits::check_xls(path, name)?,
        "ods" => super::limits::check_zip(path, name, true)?,
        _ => super::limits::check_zip(path, name, false)?,
    }
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| Error::format(name, format!("not a readable workbook: {e}")))?;
    let mut tables = 0;
    for sheet in workbook.sheet_names() {
        let rows = match &mut workbook {
            calamine::Sheets::Xlsx(xlsx) => xlsx_rows(xlsx, name, &sheet)?,
            other => range_rows(other, name, &sheet)?,
        };
        if read_sheet(name, &sheet, kind, rows, checker)? {
            tables += 1;
        }
    }
    if tables == 0 {
        return Err(Error::format(
            name,
            "no sheet holds reviews, needs, challenges or good practices (name the sheets after them)",
        ));
    }
    Ok(())
}

/// An XLSX sheet's rows, streamed cell by cell so that no grid is laid out
/// before the limits are checked.
fn xlsx_rows<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    name: &str,
    sheet: &str,
) -> Result<Vec<SheetRow>> {
    use super::limits::check_extent;
    let unreadable = |e: calamine::XlsxError| Error::format(name, format!("sheet {sheet}: {e}"));
    let mut cells = xlsx.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let declared = cells.dimensions();
    check_extent(
        name,
        sheet,
        u64::from(declared.end.0) + 1,
        u64::from(declared.end.1) + 1,
        "declares its last cell as",
    )?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, String, bool)>> = Default::default();
    while let Some(cell) = cells.next_cell_with_formula().map_err(unreadable)? {
        let (row, column) = cell.pos;
        let value = Data::from(cell.value);
        let unsaved = value == Data::Empty && cell.formula.is_some_and(|f| !f.is_empty());
        if value == Data::Empty && !unsaved {
            continue;
        }
        check_extent(
            name,
            sheet,
            u64::from(row) + 1,
            u64::from(column) + 1,
            "has something in",
        )?;
        rows.entry(row)
            .or_default()
            .push((column, cell_text(&value), unsaved));
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells.iter().map(|c| c.0 as usize + 1).max().unwrap_or(0);
            let mut texts = vec![String::new(); width];
            let mut unsaved = Vec::new();
            for (column, text, no_value) in cells {
                texts[column as usize] = text;
                if no_value {
                    unsaved.push(column as usize);
                }
            }
            (row, texts, unsaved)
        })
        .collect())
}

/// An ODS or XLS sheet's rows, from calamine's grid (its size was checked
/// before the workbook was opened).
fn range_rows<RS: std::io::Read + std::io::Seek>(
    workbook: &mut calamine::Sheets<RS>,
    name: &str,
    sheet: &str,
) -> Result<Vec<SheetRow>> {
    let range = workbook
        .worksheet_range(sheet)
        .map_err(|e| Error::format(name, format!("sheet {sheet}: {e}")))?;
    let formulas = workbook.worksheet_formula(sheet).unwrap_or_default();
    if let Some((rows, columns)) = range.end() {
        super::limits::check_extent(
            name,
            sheet,
            u64::from(rows) + 1,
            u64::from(columns) + 1,
            "has something in",
        )?;
    }
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let row = first_row + i as u32;
            let mut texts: Vec<String> = vec![String::new(); first_column as usize];
            texts.extend(cells.iter().map(cell_text));
            let unsaved = (0..texts.len())
                .filter(|&c| {
                    texts[c].is_empty()
                        && formulas
                            .get_value((row, c as u32))
                            .is_some_and(|f| !f.is_empty())
                })
                .collect();
            (row, texts, unsaved)
        })
        .collect())
}

/// Reads one sheet's rows into the checker; says whether the sheet held a
/// table of records.
fn read_sheet(
    name: &str,
    sheet: &str,
    kind: Option<Kind>,
    rows: Vec<SheetRow>,
    checker: &mut Checker<'_>,
) -> Result<bool> {
    let mut rows = rows
        .into_iter()
        .skip_while(|(_, texts, unsaved)| texts.iter().all(String::is_empty) && unsaved.is_empty());
    let Some((_, headers, _)) = rows.next() else {
        return Ok(false);
    };
    let columns: Vec<String> = headers.iter().map(|h| super::column_name(h)).collect();
    let hint = kind.or_else(|| Kind::from_name(sheet));
    if hint.is_none() && Kind::from_columns(&columns).is_none() {
        // A sheet of notes or pivots beside the records is common; it is
        // passed over rather than failing the whole workbook.
        return Ok(false);
    }
    let table = checker.table(name, sheet, Numbering::SheetRow, hint, &headers)?;
    for (row, texts, unsaved) in rows {
        let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
        checker.row_cells(&table, u64::from(row) + 1, &fields, &unsaved);
    }
    Ok(true)
}

fn json_text(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(json_text).collect::<Vec<_>>().join(";"),
        Value::Object(_) => value.to_string(),
    }
}

fn read_json(
    path: &Path,
    name: &str,
    kind: Option<Kind>,
    file_hint: Option<Kind>,
    checker: &mut Checker<'_>,
) -> Result<()> {
    let text = read_text(path, name)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::format(
            name,
            format!(
                "line {}, column {}: not valid JSON: {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let mut sections: Vec<(String, Option<Kind>, &Vec<serde_json::Value>)> = Vec::new();
    match &value {
        serde_json::Value::Array(items) => {
            sections.push((String::new(), kind.or(file_hint), items))
        }
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let Some(k) = Kind::from_name(key) else {
                    continue;
                };
                let serde_json::Value::Array(items) = v else {
                    return Err(Error::format(
                        name,
                        format!("`{key}` must be a list of records"),
                    ));
                };
                sections.push((key.clone(), Some(kind.unwrap_or(k)), items));
            }
            if sections.is_empty() {
                return Err(Error::format(
                    name,
                    "expected a list of records, or an object with lists under reviews, needs, challenges, good_practices",
                ));
            }
        }
        _ => {
            return Err(Error::format(
                name,
                "expected a list of records or an object of lists",
            ));
        }
    }
    for (key, hint, items) in sections {
        let section = if key.is_empty() {
            "records".to_string()
        } else {
            key
        };
        let mut headers: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let serde_json::Value::Object(map) = item else {
                return Err(Error::format(
                    name,
                    format!("{section}[{i}]: each record must be an object"),
                ));
            };
            for k in map.keys() {
                if !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
        if items.is_empty() {
            continue;
        }
        let table = checker.table(name, &section, Numbering::Index, hint, &headers)?;
        for (i, item) in items.iter().enumerate() {
            let texts: Vec<String> = headers
                .iter()
                .map(|h| item.get(h).map(json_text).unwrap_or_default())
                .collect();
            let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
            checker.row(&table, i as u64, &fields);
        }
    }
    Ok(())
}

/// Writes bad rows to a CSV file of their own, with the rule each broke.
pub fn write_bad_rows(path: &Path, rows: &[(crate::error::RowError, Vec<String>)]) -> Result<()> {
    let mut w = csv::Writer::from_path(path)
        .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    let io = |e: csv::Error| Error::Other(format!("{}: {e}", path.display()));
    w.write_record(["file", "place", "column", "value", "rule", "row"])
        .map_err(io)?;
    for (e, raw) in rows {
        w.write_record([
            &e.file,
            &e.place,
            &e.column,
            &e.value,
            &e.rule,
            &raw.join("; "),
        ])
        .map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(path, e))?;
    Ok(())
}
