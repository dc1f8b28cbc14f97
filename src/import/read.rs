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
    let line = first.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|&&b| b == c).count();
    let delimiter = if count(b'\t') > count(b',') && count(b'\t') > count(b';') {
        b'\t'
    } else if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let bar = bar(size, progress);
    bar.set_message(name.to_string());
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bar.wrap_read(reader));
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
                let fields: Vec<&str> = record.iter().collect();
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

fn read_workbook(
    path: &Path,
    name: &str,
    kind: Option<Kind>,
    checker: &mut Checker<'_>,
) -> Result<()> {
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| Error::format(name, format!("not a readable workbook: {e}")))?;
    let mut tables = 0;
    for sheet in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&sheet)
            .map_err(|e| Error::format(name, format!("sheet {sheet}: {e}")))?;
        let first_row = range.start().map_or(0, |(r, _)| r);
        let mut rows = range
            .rows()
            .enumerate()
            .skip_while(|(_, r)| r.iter().all(|c| c == &Data::Empty));
        let Some((_, header)) = rows.next() else {
            continue;
        };
        let headers: Vec<String> = header.iter().map(cell_text).collect();
        let columns: Vec<String> = headers.iter().map(|h| super::column_name(h)).collect();
        let hint = kind.or_else(|| Kind::from_name(&sheet));
        if hint.is_none() && Kind::from_columns(&columns).is_none() {
            // A sheet of notes or pivots beside the records is common; it is
            // passed over rather than failing the whole workbook.
            continue;
        }
        let table = checker.table(name, &sheet, Numbering::SheetRow, hint, &headers)?;
        tables += 1;
        for (i, row) in rows {
            let texts: Vec<String> = row.iter().map(cell_text).collect();
            let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
            checker.row(&table, u64::from(first_row) + i as u64 + 1, &fields);
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
    let mut text = String::new();
    File::open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| Error::io(path, e))?;
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
