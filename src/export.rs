//! Export: the records of a workspace as files that import takes back.
//!
//! Records become [`Sheet`]s (named, with headers and typed cells); a sheet
//! is then written as CSV, JSON or a workbook sheet. The report's workbook
//! uses the same [`Sheet`] writer.

use std::path::Path;

use crate::error::{Error, Result};
use crate::records::Registry;
use crate::reference::Reference;

pub use crate::sheet::{Cell, ChartKind, Sheet, SheetChart};

/// The records as four sheets, in the shape import reads.
pub fn record_sheets(registry: &Registry, reference: &Reference) -> Vec<Sheet> {
    let state = |review: u32| {
        reference
            .state(registry.reviews[review as usize].state)
            .code
            .clone()
    };
    let cycle = |review: u32| Cell::from(u32::from(registry.reviews[review as usize].cycle));
    let article = |a: u8| {
        if a == 0 {
            Cell::from("")
        } else {
            Cell::from(u32::from(a))
        }
    };
    let reviews = Sheet {
        name: "reviews".into(),
        title: None,
        chart: None,
        links: false,
        headers: [
            "state",
            "cycle",
            "completed",
            "documents",
            "published",
            "shared_with_providers",
        ]
        .map(String::from)
        .to_vec(),
        rows: registry
            .reviews
            .iter()
            .filter(|r| r.completed.is_some())
            .map(|r| {
                vec![
                    reference.state(r.state).code.clone().into(),
                    u32::from(r.cycle).into(),
                    r.completed
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                        .into(),
                    r.documents.to_list().into(),
                    r.published.to_list().into(),
                    if r.shared_with_providers { "yes" } else { "no" }.into(),
                ]
            })
            .collect(),
    };
    // Rows come out in a canonical order (State, cycle, article, type,
    // source), so that exporting the same records always writes the same file.
    let mut reviews = reviews;
    reviews.rows.sort_by_key(|r| (r[0].text(), r[1].text()));
    let review_key = |review: u32| {
        let r = &registry.reviews[review as usize];
        (reference.state(r.state).code.clone(), r.cycle)
    };
    let mut order: Vec<usize> = (0..registry.needs.len()).collect();
    order.sort_by_key(|&i| {
        let n = &registry.needs[i];
        (review_key(n.review), n.article, n.need_type)
    });
    let mut texts_of: Vec<Vec<usize>> = vec![Vec::new(); registry.needs.len()];
    for (i, t) in registry.need_texts.iter().enumerate() {
        texts_of[t.need as usize].push(i);
    }
    for texts in &mut texts_of {
        texts.sort_by_key(|&t| registry.need_texts[t].source);
    }
    let mut need_rows = Vec::with_capacity(registry.needs.len());
    for i in order {
        let n = &registry.needs[i];
        let cycle_no = registry.reviews[n.review as usize].cycle;
        let types = reference.types(cycle_no);
        let code = types[n.need_type as usize].code.clone();
        let base =
            |source: String, paragraph: &str, theme: &str, text: &str, by: &str| -> Vec<Cell> {
                vec![
                    state(n.review).into(),
                    cycle(n.review),
                    article(n.article),
                    code.clone().into(),
                    source.into(),
                    paragraph.into(),
                    theme.into(),
                    text.into(),
                    if n.addressed { "yes" } else { "no" }.into(),
                    by.into(),
                ]
            };
        if texts_of[i].is_empty() {
            need_rows.push(base(String::new(), "", "", "", ""));
        }
        for &t in &texts_of[i] {
            let t = &registry.need_texts[t];
            need_rows.push(base(
                t.source.map(|s| s.code().to_string()).unwrap_or_default(),
                &t.paragraph,
                &t.theme,
                &t.text,
                &t.addressed_by,
            ));
        }
    }
    let needs = Sheet {
        name: "needs".into(),
        title: None,
        chart: None,
        links: false,
        headers: [
            "state",
            "cycle",
            "article",
            "type",
            "source",
            "paragraph",
            "theme",
            "text",
            "addressed",
            "addressed_by",
        ]
        .map(String::from)
        .to_vec(),
        rows: need_rows,
    };
    let mut challenges = Sheet {
        name: "challenges".into(),
        title: None,
        chart: None,
        links: false,
        headers: ["state", "cycle", "article", "category", "text"]
            .map(String::from)
            .to_vec(),
        rows: registry
            .challenges
            .iter()
            .map(|c| {
                vec![
                    state(c.review).into(),
                    cycle(c.review),
                    article(c.article),
                    reference.challenge_categories[c.category as usize]
                        .code
                        .clone()
                        .into(),
                    c.text.clone().into(),
                ]
            })
            .collect(),
    };
    let mut good_practices = Sheet {
        name: "good_practices".into(),
        title: None,
        chart: None,
        links: false,
        headers: ["state", "cycle", "article", "text"]
            .map(String::from)
            .to_vec(),
        rows: registry
            .good_practices
            .iter()
            .map(|g| {
                vec![
                    state(g.review).into(),
                    cycle(g.review),
                    article(g.article),
                    g.text.clone().into(),
                ]
            })
            .collect(),
    };
    let by_text = |r: &Vec<Cell>| r.iter().map(Cell::text).collect::<Vec<_>>();
    challenges.rows.sort_by_key(by_text);
    good_practices.rows.sort_by_key(by_text);
    vec![reviews, needs, challenges, good_practices]
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::Other(format!("{}: {e}", path.display()))
}

/// What makes a spreadsheet read a cell as a formula when it starts with it
/// (the OWASP list for CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a text would be read as a formula, also once quotes are taken off
/// its start (so that a text starting `'=` survives a round trip too).
fn reads_as_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A text cell as every CSV file tana writes holds it: a text a spreadsheet
/// would run as a formula (`=HYPERLINK(..)`, `+1`, `@SUM(..)`) gets a single
/// quote in front, which spreadsheets show as text. Numbers are not passed
/// through this: tana writes no negative count, and a number is no formula.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    if reads_as_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The text [`neutralise`] was given: import takes the quote off again, so
/// that an exported file imports as the same records.
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if reads_as_formula(rest) => rest,
        _ => text,
    }
}

/// A cell as CSV text: numbers as they are, texts neutralised.
pub fn csv_text(cell: &Cell) -> std::borrow::Cow<'_, str> {
    match cell {
        Cell::Text(s) => neutralise(s),
        Cell::Number(_) => cell.text().into(),
    }
}

pub fn write_csv(sheet: &Sheet, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_path(path).map_err(csv_error(path))?;
    w.write_record(sheet.headers.iter().map(|h| neutralise(h).into_owned()))
        .map_err(csv_error(path))?;
    for row in &sheet.rows {
        w.write_record(row.iter().map(|c| csv_text(c).into_owned()))
            .map_err(csv_error(path))?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

pub fn sheet_json(sheet: &Sheet) -> serde_json::Value {
    let rows = sheet
        .rows
        .iter()
        .map(|row| {
            let mut object = serde_json::Map::new();
            for (h, c) in sheet.headers.iter().zip(row) {
                let v = match c {
                    Cell::Text(s) if s.is_empty() => continue,
                    Cell::Text(s) => serde_json::Value::String(s.clone()),
                    Cell::Number(n) if n.fract() == 0.0 => serde_json::Value::from(*n as i64),
                    Cell::Number(n) => serde_json::Value::from(*n),
                };
                object.insert(h.clone(), v);
            }
            serde_json::Value::Object(object)
        })
        .collect();
    serde_json::Value::Array(rows)
}

/// Writes sheets into one workbook file, numbers as numbers, headers in bold.
pub fn write_xlsx(sheets: &[Sheet], path: &Path) -> Result<()> {
    let bytes = xlsx_bytes(sheets).map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// The same workbook, in memory (for the portal's downloads).
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        // Sheet names are at most 31 characters in the format.
        ws.set_name(sheet_name(&sheet.name)).map_err(xl)?;
        let mut row = 0u32;
        if let Some(title) = &sheet.title {
            ws.write_string_with_format(0, 0, title, &bold)
                .map_err(xl)?;
            row = 2;
        }
        let header_row = row;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, h, &bold)
                .map_err(xl)?;
        }
        for cells in &sheet.rows {
            row += 1;
            for (c, cell) in cells.iter().enumerate() {
                match cell {
                    Cell::Text(s) if sheet.links && c == 0 => {
                        let target = format!("internal:'{}'!A1", sheet_name(s));
                        ws.write_url_with_text(row, 0, target.as_str(), s)
                            .map_err(xl)?
                    }
                    Cell::Text(s) => ws.write_string(row, c as u16, s).map_err(xl)?,
                    Cell::Number(n) => ws.write_number(row, c as u16, *n).map_err(xl)?,
                };
            }
        }
        // Columns as wide as their headers and cells; the title line above
        // them is left to run across.
        ws.set_autofit_max_width(400);
        ws.autofit();
        if sheet.title.is_some() {
            let widest = sheet
                .rows
                .iter()
                .map(|r| r.first().map_or(0, |c| c.text().chars().count()));
            let first = widest
                .chain([sheet.headers.first().map_or(0, |h| h.chars().count())])
                .max();
            ws.set_column_width(0, first.unwrap_or(10).clamp(8, 60) as f64 + 2.0)
                .map_err(xl)?;
        }
        if let Some(chart) = &sheet.chart {
            draw_chart(ws, sheet, chart, header_row)?;
        }
    }
    book.save_to_buffer().map_err(xl)
}

#[allow(clippy::needless_pass_by_value)] // map_err hands the error over
fn xl(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Other(e.to_string())
}

/// A sheet's name as a workbook can hold it: at most 31 characters.
fn sheet_name(name: &str) -> &str {
    name.char_indices()
        .nth(31)
        .map_or(name, |(i, _)| &name[..i])
}

/// A native chart of a sheet's rows, placed to the right of its numbers.
fn draw_chart(
    ws: &mut rust_xlsxwriter::Worksheet,
    sheet: &Sheet,
    chart: &SheetChart,
    header_row: u32,
) -> Result<()> {
    use rust_xlsxwriter::{Chart, ChartType};
    let data_rows = sheet.rows.len() as u32 - u32::from(chart.total_row && !sheet.rows.is_empty());
    if data_rows == 0 || sheet.headers.len() < 2 {
        return Ok(());
    }
    let (first, last) = (header_row + 1, header_row + data_rows);
    let mut c = Chart::new(match chart.kind {
        ChartKind::Columns => ChartType::Column,
        ChartKind::Bars => ChartType::Bar,
        ChartKind::Stacked => ChartType::ColumnStacked,
    });
    let name = sheet_name(&sheet.name);
    for column in 1..sheet.headers.len() as u16 {
        c.add_series()
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, column, last, column))
            .set_name((name, header_row, column))
            .set_format(&mut series_format(usize::from(column - 1)));
    }
    c.title().set_name(&chart.title);
    if sheet.headers.len() == 2 {
        c.legend().set_hidden();
    }
    let right = sheet.headers.len() as u16 + 1;
    ws.insert_chart(header_row, right, &c).map_err(xl)?;
    Ok(())
}

/// A chart series drawn as the web page and the PDF draw it: the category's
/// colour, and its pattern where the colour comes close to another's.
fn series_format(k: usize) -> rust_xlsxwriter::ChartFormat {
    use crate::report::palette::{self, Pattern};
    use rust_xlsxwriter::{ChartFormat, ChartPatternFill, ChartPatternFillType, ChartSolidFill};
    let fill = palette::fill(k);
    let mut format = ChartFormat::new();
    let pattern = match fill.pattern {
        Pattern::Solid => None,
        Pattern::Stripes => Some(ChartPatternFillType::DiagonalStripesWideUpwards),
        Pattern::Dots => Some(ChartPatternFillType::Dotted20Percent),
        Pattern::Cross => Some(ChartPatternFillType::SmallGrid),
        Pattern::Lines => Some(ChartPatternFillType::HorizontalStripesNarrow),
    };
    match pattern {
        None => format.set_solid_fill(ChartSolidFill::new().set_color(fill.colour)),
        Some(p) => format.set_pattern_fill(
            ChartPatternFill::new()
                .set_pattern(p)
                .set_background_color(fill.colour)
                .set_foreground_color("#FFFFFF"),
        ),
    };
    format
}

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Json,
    Xlsx,
}

/// Writes the records into `dir`: four CSV files, one JSON file or one workbook.
/// Returns the files written.
pub fn export(
    registry: &Registry,
    reference: &Reference,
    format: Format,
    dir: &Path,
) -> Result<Vec<String>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let sheets = record_sheets(registry, reference);
    let mut written = Vec::new();
    match format {
        Format::Csv => {
            for s in &sheets {
                let path = dir.join(format!("{}.csv", s.name));
                write_csv(s, &path)?;
                written.push(path.display().to_string());
            }
        }
        Format::Json => {
            let mut object = serde_json::Map::new();
            for s in &sheets {
                object.insert(s.name.clone(), sheet_json(s));
            }
            let path = dir.join("records.json");
            let text =
                serde_json::to_string_pretty(&object).map_err(|e| Error::Other(e.to_string()))?;
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
            written.push(path.display().to_string());
        }
        Format::Xlsx => {
            let path = dir.join("records.xlsx");
            write_xlsx(&sheets, &path)?;
            written.push(path.display().to_string());
        }
    }
    Ok(written)
}
