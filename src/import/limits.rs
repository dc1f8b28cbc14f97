//! Limits on workbooks, checked before a workbook is read.
//!
//! A spreadsheet is a zip of XML files whose size says little about what
//! reading it costs: one cell at `XFD1048576` makes a reader that lays a
//! sheet out as a grid allocate 17 billion cells, and a few kilobytes of
//! deflated zeros unzip to gigabytes. So before calamine sees a workbook,
//! [`check_zip`] unzips every entry into nothing while counting (the sizes a
//! zip declares can lie), walks every XML entry to bound its depth, and for
//! ODS measures each table with its repeated rows and columns; the XLSX
//! reader checks each sheet's declared dimension and every cell as it streams
//! them ([`check_extent`]). A workbook past a limit is refused with the
//! sheet, the cell and the limit, the way any other bad input is.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// The limits in force (docs/IMPORT.md lists them).
pub const MAX_WORKBOOK_BYTES: u64 = 128 << 20;
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// All the entries of a workbook, unzipped.
pub const MAX_UNZIPPED_BYTES: u64 = 256 << 20;
pub const MAX_XML_DEPTH: usize = 64;
pub const MAX_ROWS: u64 = 1_048_576;
pub const MAX_COLUMNS: u64 = 1_024;
/// Rows times columns of the part of a sheet that holds anything.
pub const MAX_CELLS: u64 = 5_000_000;

/// A column's letters as a spreadsheet shows them (0 is `A`, 16383 `XFD`).
pub fn column_letters(mut column: u64) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Refuses a sheet whose used part reaches `rows` rows and `columns` columns
/// (counted from 1) when that is past a limit. `what` says whether the sheet
/// declares it or holds a cell there.
pub fn check_extent(file: &str, sheet: &str, rows: u64, columns: u64, what: &str) -> Result<()> {
    let limit = if rows > MAX_ROWS {
        format!("{rows} rows; tana reads at most {MAX_ROWS} rows")
    } else if columns > MAX_COLUMNS {
        format!("{columns} columns; tana reads at most {MAX_COLUMNS} columns")
    } else if rows.saturating_mul(columns) > MAX_CELLS {
        format!("{rows} rows by {columns} columns; tana reads at most {MAX_CELLS} cells of a sheet")
    } else {
        return Ok(());
    };
    let cell = format!(
        "{}{}",
        column_letters(columns.saturating_sub(1)),
        rows.max(1)
    );
    Err(Error::format(
        file,
        format!(
            "sheet {sheet}, cell {cell}: the sheet {what} cell {cell}, which makes it {limit}: \
             keep the records in the first rows and columns, or save them as CSV"
        ),
    ))
}

/// A reader that stops with an error once it has given `left` bytes.
struct Capped<R> {
    inner: R,
    left: u64,
    read: u64,
    over: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            self.over = true;
            return Err(std::io::Error::other("unzips past the limit"));
        }
        self.left -= n as u64;
        self.read += n as u64;
        Ok(n)
    }
}

/// Checks a zipped workbook (XLSX, ODS) against every limit.
pub fn check_zip(path: &Path, file: &str, ods: bool) -> Result<()> {
    let handle = File::open(path).map_err(|e| Error::io(path, e))?;
    let size = handle.metadata().map_err(|e| Error::io(path, e))?.len();
    if size > MAX_WORKBOOK_BYTES {
        return Err(Error::format(
            file,
            format!(
                "the workbook is {size} bytes; tana reads workbooks of at most {MAX_WORKBOOK_BYTES} bytes (save large data sets as CSV)"
            ),
        ));
    }
    let unreadable =
        |e: &dyn std::fmt::Display| Error::format(file, format!("not a readable workbook: {e}"));
    let mut zip = zip::ZipArchive::new(BufReader::new(handle)).map_err(|e| unreadable(&e))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Error::format(
            file,
            format!(
                "the workbook holds {} files; tana reads at most {MAX_ZIP_ENTRIES}",
                zip.len()
            ),
        ));
    }
    let mut unzipped = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let name = entry.name().map_err(|e| unreadable(&e))?.to_string();
        let too_big = || {
            Error::format(
                file,
                format!(
                    "entry {name}: the workbook unzips to more than {MAX_UNZIPPED_BYTES} bytes, tana's limit"
                ),
            )
        };
        if unzipped.saturating_add(entry.size()) > MAX_UNZIPPED_BYTES {
            return Err(too_big());
        }
        let mut capped = Capped {
            inner: entry,
            left: MAX_UNZIPPED_BYTES - unzipped,
            read: 0,
            over: false,
        };
        let xml = name.ends_with(".xml") || name.ends_with(".rels");
        let outcome = if xml {
            let content = ods && name == "content.xml";
            scan_xml(&mut capped, file, &name, content)
        } else {
            std::io::copy(&mut capped, &mut std::io::sink())
                .map(|_| ())
                .map_err(|e| unreadable(&format!("entry {name}: {e}")))
        };
        if capped.over {
            return Err(too_big());
        }
        outcome?;
        unzipped += capped.read;
    }
    Ok(())
}

/// The part of an ODS table that holds anything, measured as it is read.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// The next row's index, repeated rows included.
    row: u64,
    row_repeats: u64,
    column: u64,
    /// This row's end (one past its last cell holding anything), if any.
    row_end: Option<u64>,
    rows: u64,
    columns: u64,
}

fn repeats(e: &quick_xml::events::BytesStart<'_>, attribute: &str) -> u64 {
    match e.try_get_attribute(attribute) {
        // A count that is no number is taken as the largest, so that it is
        // refused by the limits rather than read as one.
        Ok(Some(a)) => a.value.trim().parse::<u64>().unwrap_or(u64::MAX).max(1),
        _ => 1,
    }
}

fn holds_something(e: &quick_xml::events::BytesStart<'_>, empty: bool) -> bool {
    // A cell with children may hold text; one without holds something only
    // when it declares a value or a formula.
    !empty
        || matches!(e.try_get_attribute("office:value-type"), Ok(Some(_)))
        || matches!(e.try_get_attribute("table:formula"), Ok(Some(_)))
}

fn scan_xml(input: &mut impl Read, file: &str, entry: &str, ods_content: bool) -> Result<()> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(input));
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut table: Option<OdsTable> = None;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            Error::format(file, format!("not a readable workbook: entry {entry}: {e}"))
        })?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(_) => (None, false),
            Event::Eof => return Ok(()),
            _ => continue,
        };
        if let Some(e) = start {
            if depth + 1 > MAX_XML_DEPTH {
                return Err(Error::format(
                    file,
                    format!(
                        "entry {entry}: the XML nests deeper than {MAX_XML_DEPTH} elements, tana's limit"
                    ),
                ));
            }
            if !empty {
                depth += 1;
            }
            if ods_content {
                ods_start(&mut table, e, empty);
            } else if entry.starts_with("xl/worksheets/") {
                check_reference(file, entry, e)?;
            }
        } else {
            depth = depth.saturating_sub(1);
            if let (Event::End(e), Some(t)) = (&event, table.as_mut()) {
                match e.name().as_ref() {
                    "table:table-row" => end_row(t),
                    "table:table" => table = None,
                    _ => {}
                }
            }
        }
        if let Some(t) = &table {
            check_extent(file, &t.name, t.rows, t.columns, "reaches")?;
        }
    }
}

/// The (rows, columns) a cell reference such as `XFD1048576` reaches,
/// counted without overflow, or None when it is no reference.
fn reach(reference: &str) -> Option<(u64, u64)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (columns, rows) = reference.split_at(letters);
    if !rows.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = columns.bytes().fold(0u64, |n, b| {
        n.saturating_mul(26)
            .saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    let row = rows.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    Some((row, column))
}

/// Refuses an XLSX cell, row or dimension whose reference is past the
/// limits before calamine reads it (its parser overflows on long numbers).
fn check_reference(file: &str, entry: &str, e: &quick_xml::events::BytesStart<'_>) -> Result<()> {
    let name = e.name();
    let attribute = match name.as_ref() {
        "c" | "row" => "r",
        "dimension" => "ref",
        _ => return Ok(()),
    };
    let Ok(Some(a)) = e.try_get_attribute(attribute) else {
        return Ok(());
    };
    for part in a.value.split(':') {
        let (rows, columns) = match (name.as_ref(), reach(part.trim())) {
            ("row", Some((_, 0)) | None) => (part.trim().parse::<u64>().unwrap_or(u64::MAX), 1),
            (_, Some((rows, columns))) => (rows, columns),
            (_, None) => continue,
        };
        // Within Excel's own grid the sheet's reader checks the limits and
        // names the sheet; past it, calamine's parser would overflow.
        if rows > 1_048_576 || columns > 16_384 {
            check_extent(file, entry, rows, columns.max(1), "names")?;
        }
    }
    Ok(())
}

fn ods_start(table: &mut Option<OdsTable>, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
    let name = e.name();
    match name.as_ref() {
        "table:table" if !empty => {
            let sheet = match e.try_get_attribute("table:name") {
                Ok(Some(a)) => a.value.to_string(),
                _ => String::new(),
            };
            *table = Some(OdsTable {
                name: sheet,
                ..OdsTable::default()
            });
        }
        "table:table-row" => {
            if let Some(t) = table.as_mut() {
                t.row_repeats = repeats(e, "table:number-rows-repeated");
                t.column = 0;
                t.row_end = None;
                if empty {
                    end_row(t);
                }
            }
        }
        "table:table-cell" | "table:covered-table-cell" => {
            if let Some(t) = table.as_mut() {
                let n = repeats(e, "table:number-columns-repeated");
                t.column = t.column.saturating_add(n);
                if holds_something(e, empty) {
                    t.row_end = Some(t.column);
                }
            }
        }
        _ => {}
    }
}

fn end_row(t: &mut OdsTable) {
    t.row = t.row.saturating_add(t.row_repeats);
    if let Some(end) = t.row_end.take() {
        t.rows = t.row;
        t.columns = t.columns.max(end);
    }
    t.row_repeats = 1;
}

/// Checks a legacy Excel workbook (BIFF8 inside an OLE compound file): the
/// reader lays every sheet out as a grid when it opens the file, so the
/// cells' positions are read here first, straight from the records.
pub fn check_xls(path: &Path, file: &str) -> Result<()> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_WORKBOOK_BYTES {
        return Err(Error::format(
            file,
            format!(
                "the workbook is {size} bytes; tana reads workbooks of at most {MAX_WORKBOOK_BYTES} bytes (save large data sets as CSV)"
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let Some(stream) = compound::workbook_stream(&bytes) else {
        // Not a compound file tana can follow: the reader says what it is.
        return Ok(());
    };
    let mut names: Vec<(u32, String)> = Vec::new();
    let mut sheet: Option<(String, u64, u64)> = None;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
        };
        match kind {
            // BOUNDSHEET: where a sheet's records start, and its name.
            0x0085 if data.len() >= 8 => {
                let offset = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                let n = usize::from(data[6]);
                let name = if data[7] & 1 == 0 {
                    data[8..(8 + n).min(data.len())]
                        .iter()
                        .map(|&b| char::from(b))
                        .collect()
                } else {
                    let units: Vec<u16> = data[8..(8 + 2 * n).min(data.len())]
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                };
                names.push((offset, name));
            }
            // BOF: a sheet starts.
            0x0809 => {
                let name = names
                    .iter()
                    .find(|(o, _)| *o as usize == at)
                    .map_or_else(|| format!("at byte {at}"), |(_, n)| n.clone());
                sheet = Some((name, 0, 0));
            }
            // DIMENSIONS: what the sheet declares (last row and column + 1).
            0x0200 if data.len() >= 12 => {
                if let Some((name, _, _)) = &sheet {
                    let rows = u64::from(u32::from_le_bytes([data[4], data[5], data[6], data[7]]));
                    check_extent(file, name, rows, u16_at(10), "declares its last cell as")?;
                }
            }
            // Cells: NUMBER, LABELSST, RK, FORMULA, BOOLERR, LABEL, RSTRING, MULRK.
            0x0203 | 0x00FD | 0x027E | 0x0006 | 0x0205 | 0x0204 | 0x00D6 | 0x00BD => {
                if let Some((name, rows, columns)) = &mut sheet {
                    let last_column = if kind == 0x00BD {
                        u16_at(len.saturating_sub(2))
                    } else {
                        u16_at(2)
                    };
                    *rows = (*rows).max(u16_at(0) + 1);
                    *columns = (*columns).max(last_column + 1);
                    check_extent(file, name, *rows, *columns, "has something in")?;
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// Just enough of the OLE compound file format to find a workbook's stream.
mod compound {
    const END: u32 = 0xFFFF_FFFE;

    fn u32_at(b: &[u8], i: usize) -> Option<u32> {
        b.get(i..i + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    /// The chain of sectors from `start`, through `fat`, joined; a loop or a
    /// sector past the file ends it.
    fn chain<'b>(sectors: &dyn Fn(u32) -> Option<&'b [u8]>, fat: &[u32], start: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut s = start;
        let mut steps = 0;
        while s != END && steps <= fat.len() {
            let Some(data) = sectors(s) else { break };
            out.extend_from_slice(data);
            s = fat.get(s as usize).copied().unwrap_or(END);
            steps += 1;
        }
        out
    }

    pub fn workbook_stream(b: &[u8]) -> Option<Vec<u8>> {
        if b.get(..8)? != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            return None;
        }
        let shift = u32::from(u16::from_le_bytes([*b.get(0x1E)?, *b.get(0x1F)?]));
        if !(7..=16).contains(&shift) {
            return None;
        }
        let size = 1usize << shift;
        let sector = |s: u32| -> Option<&[u8]> {
            let at = (s as usize).checked_add(1)?.checked_mul(size)?;
            b.get(at..at.checked_add(size)?)
        };
        // The FAT's own sectors: 109 in the header, the rest in DIFAT sectors.
        let mut fat_sectors: Vec<u32> = (0..109).filter_map(|i| u32_at(b, 0x4C + 4 * i)).collect();
        let mut difat = u32_at(b, 0x44)?;
        let mut guard = 0;
        while difat < END && guard < b.len() / size {
            let data = sector(difat)?;
            let n = size / 4 - 1;
            fat_sectors.extend((0..n).filter_map(|i| u32_at(data, 4 * i)));
            difat = u32_at(data, 4 * n)?;
            guard += 1;
        }
        let mut fat = Vec::new();
        for s in fat_sectors.into_iter().filter(|&s| s < END - 2) {
            let data = sector(s)?;
            fat.extend((0..size / 4).filter_map(|i| u32_at(data, 4 * i)));
        }
        let directory = chain(&sector, &fat, u32_at(b, 0x30)?);
        let entry = |name: &str| {
            directory.chunks_exact(128).find(|e| {
                let n = usize::from(u16::from_le_bytes([e[64], e[65]])).min(64);
                let units: Vec<u16> = e[..n]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .take_while(|&u| u != 0)
                    .collect();
                String::from_utf16_lossy(&units) == name
            })
        };
        let book = entry("Workbook").or_else(|| entry("Book"))?;
        let start = u32_at(book, 116)?;
        let length = u32_at(book, 120)? as usize;
        let cutoff = u32_at(b, 0x38)? as usize;
        let mut stream = if length < cutoff {
            // Small streams live in the mini stream, in 64-byte sectors.
            let root = directory.get(..128)?;
            let mini = chain(&sector, &fat, u32_at(root, 116)?);
            let mini_fat_bytes = chain(&sector, &fat, u32_at(b, 0x3C)?);
            let mini_fat: Vec<u32> = (0..mini_fat_bytes.len() / 4)
                .filter_map(|i| u32_at(&mini_fat_bytes, 4 * i))
                .collect();
            let mini_sector = |s: u32| -> Option<&[u8]> {
                let at = (s as usize).checked_mul(64)?;
                mini.get(at..at.checked_add(64)?)
            };
            chain(&mini_sector, &mini_fat, start)
        } else {
            chain(&sector, &fat, start)
        };
        stream.truncate(length);
        Some(stream)
    }
}
