//! Sheets: named tables of typed cells, the shape in which records and the
//! note's exhibits leave tana (CSV, JSON, workbooks).
//!
//! Pure data: `export` fills sheets from the records and writes them,
//! `report` fills them from the note's exhibits. A sheet may ask a workbook
//! for a chart of its numbers and for links from its first column to other
//! sheets; CSV and JSON leave both aside.

/// One cell: numbers stay numbers in workbooks and JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

/// A named table of cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// A line above the headers saying what the sheet holds (workbooks only).
    pub title: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A chart of the rows, drawn beside them in a workbook.
    pub chart: Option<SheetChart>,
    /// The first column names other sheets of the workbook, and links to
    /// them (a table of contents).
    pub links: bool,
}

/// A chart a workbook draws of a sheet: the first column gives the
/// categories, every other column a series. A last row of totals is left
/// out of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetChart {
    pub kind: ChartKind,
    pub title: String,
    /// Whether the last row holds totals.
    pub total_row: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars, grouped when there are several series.
    Columns,
    /// Horizontal bars, for long category names.
    Bars,
    /// Vertical bars, the series stacked.
    Stacked,
}
