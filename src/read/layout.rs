//! A PDF's text laid out again from the positions of its words.
//!
//! `pdftotext`'s reading order gives a table column by column (every
//! article, then every type of need), so a row's article and its type never
//! meet. `pdftotext -bbox-layout` gives each page's flows, lines and words
//! with their boxes; from them this module puts back what the eye sees:
//! lines that share a baseline form a visual row; a run of visual rows
//! whose pieces keep to the same columns is a table, and becomes one row of
//! cells per table row; everything else keeps `pdftotext`'s reading order,
//! so paragraphs, two-column pages and lists read as before. A bullet or a
//! list label drawn apart from its item (Word's tab after `•`) is put back
//! in front of it.
//!
//! Nothing here knows any words: shapes and positions only.

use quick_xml::Reader;
use quick_xml::events::Event;

/// One piece of a line: words not far apart, with their box.
#[derive(Clone, Debug)]
struct Piece {
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    text: String,
    /// The block it belongs to, in `pdftotext`'s reading order.
    block: usize,
}

/// A gap between two words wider than this (in points) parts two cells;
/// justified text leaves narrower gaps.
const CELL_GAP: f32 = 18.0;

/// What the paragraph builder receives, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Line(String),
    /// The end of a flow: a blank line in `pdftotext`'s text.
    Break,
    /// A table's row, its cells joined by ` | `.
    Row(String),
}

/// The parts of a document from `pdftotext -bbox-layout`'s XHTML.
pub fn parts(xhtml: &str) -> Result<Vec<Part>, String> {
    let mut out = Vec::new();
    for page in pages(xhtml)? {
        page_parts(page, &mut out);
    }
    Ok(out)
}

fn num(e: &quick_xml::events::BytesStart<'_>, key: &str) -> f32 {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(0.0)
}

/// Each page's pieces in reading order.
fn pages(xhtml: &str) -> Result<Vec<Vec<Piece>>, String> {
    let mut reader = Reader::from_str(xhtml);
    let mut pages: Vec<Vec<Piece>> = Vec::new();
    let mut block = 0usize;
    // The words of the line being read: (x0, x1, y0, y1, text).
    let mut words: Vec<(f32, f32, f32, f32, String)> = Vec::new();
    let mut word: Option<(f32, f32, f32, f32, String)> = None;
    loop {
        match reader.read_event() {
            Err(e) => return Err(format!("pdftotext's layout is not well-formed: {e}")),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "page" => pages.push(Vec::new()),
                "block" => block += 1,
                "word" => {
                    word = Some((
                        num(&e, "xMin"),
                        num(&e, "xMax"),
                        num(&e, "yMin"),
                        num(&e, "yMax"),
                        String::new(),
                    ));
                }
                _ => {}
            },
            Ok(Event::Text(t)) => {
                if let Some(w) = word.as_mut() {
                    w.4.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(w) = word.as_mut() {
                    w.4.push_str(&super::extract::entity(&r));
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "word" => words.extend(word.take()),
                "line" => {
                    if let Some(page) = pages.last_mut() {
                        split_line(std::mem::take(&mut words), block, page);
                    }
                }
                _ => {}
            },
            Ok(_) => {}
        }
    }
    Ok(pages)
}

/// A line's words, parted where a gap is as wide as a table's cell padding.
fn split_line(words: Vec<(f32, f32, f32, f32, String)>, block: usize, page: &mut Vec<Piece>) {
    let mut current: Option<Piece> = None;
    for (x0, x1, y0, y1, text) in words {
        match current.as_mut() {
            Some(p) if x0 - p.x1 <= CELL_GAP => {
                p.text.push(' ');
                p.text.push_str(&text);
                p.x1 = x1;
                p.y0 = p.y0.min(y0);
                p.y1 = p.y1.max(y1);
            }
            _ => {
                page.extend(current.take());
                current = Some(Piece {
                    x0,
                    x1,
                    y0,
                    y1,
                    text,
                    block,
                });
            }
        }
    }
    page.extend(current);
}

/// Whether two pieces stand on the same baseline.
fn same_row(a: &Piece, b: &Piece) -> bool {
    let h = (a.y1 - a.y0).min(b.y1 - b.y0).max(1.0);
    ((a.y0 + a.y1) - (b.y0 + b.y1)).abs() / 2.0 < h * 0.4
}

/// A bullet or a list label (`•`, `1.`, `(a)`, `ii)`) on its own.
fn label(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.contains(' ') || t.chars().count() > 5 {
        return false;
    }
    t.chars()
        .all(|c| !c.is_alphanumeric() && !"(),.;:".contains(c))
        || (t.ends_with(['.', ')'])
            && t.trim_start_matches('(')
                .trim_end_matches(['.', ')'])
                .chars()
                .all(|c| c.is_ascii_alphanumeric()))
}

/// The page's visual rows, top to bottom, each its pieces' indices left to right.
fn rows(page: &[Piece]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..page.len()).collect();
    order.sort_by(|&a, &b| page[a].y0.total_cmp(&page[b].y0));
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match rows
            .iter_mut()
            .rev()
            .take(3)
            .find(|r| same_row(&page[r[0]], &page[i]))
        {
            Some(r) => r.push(i),
            None => rows.push(vec![i]),
        }
    }
    for r in &mut rows {
        r.sort_by(|&a, &b| page[a].x0.total_cmp(&page[b].x0));
    }
    rows.sort_by(|a, b| page[a[0]].y0.total_cmp(&page[b[0]].y0));
    rows
}

/// Puts each bullet or label drawn apart back in front of its item; the
/// label's piece is emptied.
fn join_labels(page: &mut [Piece], rows: &mut [Vec<usize>]) {
    for row in rows.iter_mut() {
        let mut k = 0;
        while k + 1 < row.len() {
            let (a, b) = (row[k], row[k + 1]);
            let close = page[b].x0 - page[a].x1 < 40.0 && page[a].x1 - page[a].x0 < 30.0;
            if close && label(&page[a].text) {
                let text = format!("{} {}", page[a].text.trim(), page[b].text);
                page[b].text = text;
                page[b].x0 = page[a].x0;
                page[a].text.clear();
                row.remove(k);
            } else {
                k += 1;
            }
        }
    }
}

/// A table found on a page: its rows (indices into the page's visual rows)
/// and its columns' left edges.
struct Table {
    rows: std::ops::Range<usize>,
    columns: Vec<f32>,
}

/// Which column a piece starts in, when it keeps within it.
fn column_of(columns: &[f32], p: &Piece) -> Option<usize> {
    const TOL: f32 = 4.0;
    let k = columns.iter().rposition(|&c| c - TOL <= p.x0)?;
    let fits = columns.get(k + 1).is_none_or(|&next| p.x1 <= next + TOL);
    fits.then_some(k)
}

/// The table starting at visual row `i`, if one does: the rows after it
/// that keep to its columns and follow without a gap.
fn table_at(page: &[Piece], rows: &[Vec<usize>], i: usize) -> Option<Table> {
    if rows[i].len() < 2 {
        return None;
    }
    let mut columns: Vec<f32> = rows[i].iter().map(|&p| page[p].x0).collect();
    let height = |r: &[usize]| page[r[0]].y1 - page[r[0]].y0;
    let mut j = i + 1;
    while j < rows.len() {
        let gap = page[rows[j][0]].y0 - rows[j - 1].iter().map(|&p| page[p].y1).fold(0.0, f32::max);
        if gap > height(&rows[j]) * 0.8 {
            break;
        }
        let mut wider = columns.clone();
        if rows[j].len() >= 2 {
            for &p in &rows[j] {
                if column_of(&wider, &page[p]).is_none_or(|k| (wider[k] - page[p].x0).abs() > 4.0)
                    && !wider.iter().any(|&c| c > page[p].x0 && c < page[p].x1)
                {
                    wider.push(page[p].x0);
                    wider.sort_by(f32::total_cmp);
                }
            }
        }
        if !rows[j]
            .iter()
            .all(|&p| column_of(&wider, &page[p]).is_some())
        {
            break;
        }
        columns = wider;
        j += 1;
    }
    let multi = rows[i..j].iter().filter(|r| r.len() >= 2).count();
    (multi >= 2 && !text_columns(page, &rows[i..j], &columns)).then_some(Table {
        rows: i..j,
        columns,
    })
}

/// Two columns of running text (a two-column page), not a table: the
/// columns' left edges fall in two groups (an indented list item keeps to
/// its group) and both groups are wide.
fn text_columns(page: &[Piece], rows: &[Vec<usize>], columns: &[f32]) -> bool {
    const INDENT: f32 = 24.0;
    let gutter = columns
        .windows(2)
        .filter(|w| w[1] - w[0] >= INDENT)
        .map(|w| w[1])
        .collect::<Vec<_>>();
    let [gutter] = gutter[..] else {
        return false;
    };
    let pieces = || rows.iter().flatten().map(|&p| &page[p]);
    let right = pieces().map(|p| p.x1).fold(f32::MIN, f32::max);
    let left_end = pieces()
        .filter(|p| p.x0 < gutter - 4.0)
        .map(|p| p.x1)
        .fold(f32::MIN, f32::max);
    let width = right - columns[0];
    left_end - columns[0] > width * 0.35 && right - gutter > width * 0.35
}

/// Whether a column's text goes on to the next line (`Articles 15, 16` /
/// `and 21`): it ends with a comma, a hyphen or a small word, or the next
/// begins in lower case.
fn goes_on(before: &str, next: &str) -> bool {
    let last = before.rsplit(' ').next().unwrap_or("");
    before.ends_with([',', '-', '–'])
        || (last.len() <= 3 && last.chars().all(char::is_lowercase) && !last.is_empty())
        || next.starts_with(char::is_lowercase)
}

/// Appends a line to a cell, joining a word split by a hyphen.
fn push_cell(cell: &mut String, text: &str) {
    let joined = cell.ends_with('-') && text.starts_with(char::is_lowercase);
    if cell.is_empty() || joined {
        cell.push_str(text);
    } else {
        cell.push(' ');
        cell.push_str(text);
    }
}

/// A table's rows of cells: a row begins where the first column has words
/// that do not go on from the line above.
fn table_rows(page: &[Piece], rows: &[Vec<usize>], t: &Table) -> Vec<String> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for r in &rows[t.rows.clone()] {
        let mut cells = vec![None::<&str>; t.columns.len()];
        for &p in r {
            if let Some(k) = column_of(&t.columns, &page[p]) {
                cells[k] = Some(page[p].text.as_str());
            }
        }
        let new_row = match (out.last(), cells[0]) {
            (None, _) => true,
            (Some(last), Some(first)) => !goes_on(&last[0], first) || last[0].is_empty(),
            (Some(_), None) => false,
        };
        if new_row {
            out.push(vec![String::new(); t.columns.len()]);
        }
        let row = out.last_mut().expect("a row was pushed");
        for (k, c) in cells.iter().enumerate() {
            if let Some(c) = c {
                push_cell(&mut row[k], c);
            }
        }
    }
    out.into_iter()
        .map(|cells| {
            let cells: Vec<String> = cells.into_iter().filter(|c| !c.is_empty()).collect();
            cells.join(" | ")
        })
        .collect()
}

/// The gutter of a page set in two columns of running text: an x in the
/// middle of the page that no line crosses, with wide lines on both sides.
fn gutter(page: &[Piece]) -> Option<f32> {
    let left = page.iter().map(|p| p.x0).fold(f32::MAX, f32::min);
    let right = page.iter().map(|p| p.x1).fold(f32::MIN, f32::max);
    let width = right - left;
    if page.len() < 10 || width <= 0.0 {
        return None;
    }
    let wide = |side: &mut dyn Iterator<Item = &Piece>| {
        side.filter(|p| p.x1 - p.x0 > width * 0.3).count() >= 3
    };
    (30..=70)
        .map(|k| left + width * k as f32 / 100.0)
        .find(|&x| {
            !page.iter().any(|p| p.x0 < x - 1.0 && p.x1 > x + 1.0)
                && wide(&mut page.iter().filter(|p| p.x1 <= x))
                && wide(&mut page.iter().filter(|p| p.x0 >= x))
        })
}

/// One page's parts: its tables where they begin, its other lines in
/// reading order (`pdftotext`'s, or column by column on a page in two
/// columns), a break at the end of each block.
fn page_parts(mut page: Vec<Piece>, out: &mut Vec<Part>) {
    let mut rows = rows(&page);
    join_labels(&mut page, &mut rows);
    if let Some(x) = gutter(&page) {
        page.retain(|p| !p.text.is_empty());
        page.sort_by(|a, b| {
            ((a.x0 >= x), a.y0, a.x0)
                .partial_cmp(&((b.x0 >= x), b.y0, b.x0))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut last = None;
        for p in &page {
            if last.is_some_and(|b| b != p.block) {
                out.push(Part::Break);
            }
            last = Some(p.block);
            out.push(Part::Line(p.text.clone()));
        }
        out.push(Part::Break);
        return;
    }
    // Which table (if any) each piece belongs to.
    let mut owner: Vec<Option<usize>> = vec![None; page.len()];
    let mut tables: Vec<(Vec<String>, bool)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        match table_at(&page, &rows, i) {
            Some(t) => {
                for r in &rows[t.rows.clone()] {
                    for &p in r {
                        owner[p] = Some(tables.len());
                    }
                }
                tables.push((table_rows(&page, &rows, &t), false));
                i = t.rows.end;
            }
            None => i += 1,
        }
    }
    let mut block = None;
    for (p, piece) in page.iter().enumerate() {
        if block.is_some_and(|b| b != piece.block) {
            out.push(Part::Break);
        }
        block = Some(piece.block);
        match owner[p] {
            Some(t) if !tables[t].1 => {
                tables[t].1 = true;
                out.push(Part::Break);
                out.extend(tables[t].0.drain(..).map(Part::Row));
                out.push(Part::Break);
            }
            Some(_) => {}
            None if piece.text.is_empty() => {}
            None => out.push(Part::Line(piece.text.clone())),
        }
    }
    out.push(Part::Break);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f32, y0: f32, text: &str) -> String {
        let x1 = x0 + 5.5 * text.chars().count() as f32;
        format!(
            r#"<word xMin="{x0}" yMin="{y0}" xMax="{x1}" yMax="{}">{text}</word>"#,
            y0 + 14.0
        )
    }

    /// A line of words set one after the other from `x0`.
    fn line(words: &[(f32, &str)], y0: f32) -> String {
        let mut s = String::from("<line>");
        for (x0, text) in words {
            let mut x = *x0;
            for w in text.split(' ') {
                s.push_str(&word(x, y0, w));
                x += 5.5 * w.chars().count() as f32 + 3.0;
            }
        }
        s.push_str("</line>");
        s
    }

    /// A page of flows, each a block of lines.
    fn page(flows: &[Vec<String>]) -> String {
        let flows: String = flows
            .iter()
            .map(|f| format!("<flow><block>{}</block></flow>", f.concat()))
            .collect();
        format!("<doc><page>{flows}</page></doc>")
    }

    #[test]
    fn a_table_read_column_by_column_becomes_rows() {
        // As LibreOffice's PDFs come out: the first column as one flow, the
        // second as others, a paragraph after the table between them.
        let doc = page(&[
            vec![line(&[(80.0, "The needs are in the table below.")], 100.0)],
            vec![
                line(&[(80.0, "Article")], 120.0),
                line(&[(80.0, "16")], 134.0),
                line(&[(80.0, "32, 33")], 162.0),
                line(&[(80.0, "General")], 176.0),
            ],
            vec![
                line(&[(225.0, "Type")], 120.0),
                line(&[(225.0, "Legal advice; model")], 134.0),
                line(&[(225.0, "legislation")], 148.0),
            ],
            vec![line(
                &[(
                    80.0,
                    "After the table, a paragraph that runs across the whole width of the page.",
                )],
                230.0,
            )],
            vec![
                line(&[(225.0, "On-site expert")], 162.0),
                line(&[(225.0, "Training")], 176.0),
            ],
        ]);
        let got = parts(&doc).expect("parts");
        let rows: Vec<&str> = got
            .iter()
            .filter_map(|p| match p {
                Part::Row(r) => Some(r.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            rows,
            [
                "Article | Type",
                "16 | Legal advice; model legislation",
                "32, 33 | On-site expert",
                "General | Training"
            ]
        );
        assert_eq!(
            got.first(),
            Some(&Part::Line("The needs are in the table below.".into()))
        );
        assert!(got.contains(&Part::Line(
            "After the table, a paragraph that runs across the whole width of the page.".into()
        )));
    }

    #[test]
    fn a_bullet_drawn_apart_goes_before_its_item_and_text_columns_stay_columns() {
        let doc = page(&[
            vec![line(&[(80.0, "•")], 100.0)],
            vec![line(
                &[(98.0, "Legal advice on the bribery of foreign officials")],
                100.0,
            )],
            vec![
                line(
                    &[(80.0, "a left column of running text, quite wide")],
                    140.0,
                ),
                line(
                    &[(80.0, "and more of the left column's running text")],
                    154.0,
                ),
            ],
            vec![
                line(&[(330.0, "a right column of running text, as wide")], 140.0),
                line(&[(345.0, "• an item of the right column's list")], 154.0),
            ],
        ]);
        let got = parts(&doc).expect("parts");
        assert!(got.contains(&Part::Line(
            "• Legal advice on the bribery of foreign officials".into()
        )));
        assert!(!got.iter().any(|p| matches!(p, Part::Row(_))), "{got:?}");
    }

    #[test]
    fn a_page_in_two_columns_reads_the_left_column_first() {
        // pdftotext's flows cut across the columns; the page reads down the
        // left column, then the right one.
        let left = |i: usize| {
            line(
                &[(80.0, &format!("left line {i} of the running text here"))],
                100.0 + 14.0 * i as f32,
            )
        };
        let right = |i: usize| {
            line(
                &[(330.0, &format!("right line {i} of the running text too"))],
                100.0 + 14.0 * i as f32,
            )
        };
        let doc = page(&[
            (0..3).map(left).collect(),
            (0..3).map(right).collect(),
            (3..6).map(left).collect(),
            (3..6).map(right).collect(),
        ]);
        let lines: Vec<String> = parts(&doc)
            .expect("parts")
            .into_iter()
            .filter_map(|p| match p {
                Part::Line(l) => Some(l),
                _ => None,
            })
            .collect();
        let sides: Vec<&str> = lines.iter().map(|l| &l[..l.find(' ').unwrap()]).collect();
        assert_eq!(sides, [["left"; 6], ["right"; 6]].concat(), "{lines:?}");
        assert!(lines[5].starts_with("left line 5"));
    }
}
