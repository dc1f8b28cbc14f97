//! The gap matrix (`/gaps`, and `/gaps.csv`, `.xlsx`, `.json` of the same
//! query): for one cycle, State × article or regional group × type of
//! need, each cell the needs open, those being addressed and who addresses
//! them, as a heat map and as a table (`follow::gaps` counts).
//!
//! What a reader is shown is what the finder shows it: a need is counted
//! only when `accounts::may_read_need` lets the reader know of it, and a
//! provider is named only when `follow::may_know_provider` lets the reader
//! be told of it. A page and its downloads are kept per query and per
//! kind of reader (role, a focal point's State, a provider's name: the
//! rule of assistance asks who recorded it).

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Html;

use super::error::{WebError, WebResult};
use super::finder::Format;
use super::session::Reader;
use super::view::{self, Markup, PreEscaped, html};
use super::{Kept, Shared, Snapshot};
use crate::accounts::{self, Account, Role};
use crate::follow::gaps::{Axes, GapFilter, Matrix, matrix};
use crate::report::palette;
use crate::sheet::{Cell, Sheet};

const TITLE: &str = "Gaps: open needs and who addresses them";

/// The columns of the matrix as a table, one row per cell with a need:
/// the downloads' and the page's table.
pub(crate) const GAP_COLUMNS: [&str; 9] = [
    "row",
    "row_label",
    "column",
    "column_label",
    "open",
    "addressed",
    "providers",
    "provider_names",
    "nobody_covers",
];

/// The query read: the filter, and the pairs to carry into links.
struct GapQuery {
    filter: GapFilter,
    carried: String,
}

/// Reads the query; a refusal names the field, the value and the rule.
fn parse(s: &Snapshot, query: Option<&str>) -> Result<GapQuery, String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| format!("the query does not read: {e}"))?;
    let r = &s.reference;
    let mut filter = GapFilter {
        cycle: r.cycles().first().copied().unwrap_or(1),
        ..GapFilter::default()
    };
    let mut types = Vec::new();
    for (key, value) in &pairs {
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        match key.as_str() {
            "by" => {
                filter.axes = Axes::parse(v).ok_or_else(|| {
                    format!("by: `{v}` is neither `state-article` nor `group-type`")
                })?;
            }
            "cycle" => {
                filter.cycle = v
                    .parse::<u8>()
                    .ok()
                    .filter(|c| r.cycles().contains(c))
                    .ok_or_else(|| format!("cycle: `{v}` is not a review cycle"))?;
            }
            "region" => {
                let g = r
                    .regions
                    .iter()
                    .find(|g| g.code.eq_ignore_ascii_case(v))
                    .ok_or_else(|| format!("region: `{v}` is no regional group"))?;
                filter.regions.push(g.code.clone());
            }
            "article" => {
                for part in v.split([',', ' ']).filter(|p| !p.is_empty()) {
                    let n = match part {
                        "none" => 0,
                        _ => part
                            .parse::<u8>()
                            .ok()
                            .filter(|&n| r.article(n).is_some())
                            .ok_or_else(|| {
                                format!("article: `{part}` is not an article of the instrument (or `none`)")
                            })?,
                    };
                    filter.articles.push(n);
                }
            }
            "type" => types.push(v.to_string()),
            _ => {}
        }
    }
    for t in types {
        if !r.types(filter.cycle).iter().any(|x| x.code == t) {
            return Err(format!(
                "type: `{t}` is no type of need of cycle {}",
                filter.cycle
            ));
        }
        filter.types.push(t);
    }
    let carried = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    Ok(GapQuery { filter, carried })
}

/// What decides what a reader is shown here: the finder's reading, and a
/// provider's name (it is told of the assistance it recorded).
fn reading(who: Option<&Account>) -> String {
    let base = super::finder::reading(who);
    match who {
        Some(a) if a.role == Role::Provider => format!("{base}/{}", a.name),
        _ => base,
    }
}

/// The matrix of `filter` as `who` may know it.
fn matrix_for(s: &Snapshot, who: Option<&Account>, filter: &GapFilter) -> Matrix {
    let code_of = |need: u32| {
        let review = &s.registry.reviews[s.registry.needs[need as usize].review as usize];
        (&s.reference.state(review.state).code, review)
    };
    let knows = |need: u32| {
        let (code, review) = code_of(need);
        accounts::may_read_need(who, code, review, s.registry.needs[need as usize].sources)
    };
    let providers: Vec<_> = s
        .providers
        .iter()
        .filter(|p| {
            let (code, review) = code_of(p.need);
            crate::follow::may_know_provider(who, code, review, p)
        })
        .cloned()
        .collect();
    matrix(&s.registry, &s.reference, filter, knows, &providers)
}

/// The matrix as a sheet: one row per cell with a need.
fn gaps_sheet(m: &Matrix) -> Sheet {
    let rows = m
        .filled()
        .map(|(row, column, cell)| -> Vec<Cell> {
            vec![
                row.code.clone().into(),
                row.label.clone().into(),
                column.code.clone().into(),
                column.label.clone().into(),
                cell.open.into(),
                cell.addressed.into(),
                (cell.providers.len() as u32).into(),
                cell.providers.join("; ").into(),
                if cell.uncovered() { "yes" } else { "no" }.into(),
            ]
        })
        .collect();
    Sheet {
        name: "gaps".into(),
        title: None,
        headers: GAP_COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows,
        chart: None,
        links: false,
    }
}

pub(super) async fn gaps_page(
    State(app): State<Shared>,
    reader: Reader,
    uri: Uri,
) -> WebResult<Html<String>> {
    let s = app.snapshot();
    let who = reader.account();
    let key = format!("gaps/{}?{}", reading(who), uri.query().unwrap_or(""));
    let kept = s.kept(key, || {
        let q = parse(&s, uri.query()).map_err(WebError::bad)?;
        let m = matrix_for(&s, who, &q.filter);
        Ok(Kept::html(body(&s, &q, &m).into_string()))
    })?;
    let main = PreEscaped(String::from_utf8_lossy(&kept.body).into_owned());
    Ok(view::layout(TITLE, reader.0.as_ref(), main))
}

pub(super) async fn gaps_download(
    State(app): State<Shared>,
    reader: Reader,
    Path(format): Path<String>,
    uri: Uri,
) -> WebResult<Kept> {
    let s = app.snapshot();
    let who = reader.account();
    let format = Format::of(&format)?;
    let key = format!(
        "gaps.{}/{}?{}",
        format.extension(),
        reading(who),
        uri.query().unwrap_or("")
    );
    s.kept(key, || {
        let q = parse(&s, uri.query()).map_err(WebError::bad)?;
        format.file("gaps", &gaps_sheet(&matrix_for(&s, who, &q.filter)))
    })
}

/// The page: the form, the downloads, the heat map and its table.
fn body(s: &Snapshot, q: &GapQuery, m: &Matrix) -> Markup {
    let cells: Vec<_> = m.filled().collect();
    let open: u32 = cells.iter().map(|c| c.2.open).sum();
    let addressed: u32 = cells.iter().map(|c| c.2.addressed).sum();
    let uncovered = cells.iter().filter(|c| c.2.uncovered()).count();
    let rows = cells
        .iter()
        .map(|(row, column, cell)| {
            vec![
                html! { (row.label) },
                html! { (column.label) },
                html! { (cell.open) },
                html! { (cell.addressed) },
                html! { @if cell.providers.is_empty() { "none known" } @else { (cell.providers.join("; ")) } },
                html! { @if cell.uncovered() { strong { "nobody" } } @else { "—" } },
            ]
        })
        .collect();
    let (row_head, column_head) = match m.axes {
        Axes::StateArticle => ("State party", "Article"),
        Axes::GroupType => ("Regional group", "Type of need"),
    };
    html! {
        p.lede { "Where the needs of a cycle are open, where they are being addressed and by whom: a cell with open needs and no provider known is what nobody covers yet. The counts hold the needs you may read, as the finder shows them." }
        (form(s, q))
        p { "This matrix as a file: "
            @for (i, f) in Format::ALL.iter().enumerate() {
                @if i > 0 { " · " }
                a href=(format!("/gaps.{}?{}", f.extension(), q.carried)) download { (f.extension().to_uppercase()) }
            }
        }
        @if cells.is_empty() {
            p { "No need you may read is in this cycle with these filters." }
        } @else {
            ul.figures {
                li { (figure(open as usize, "open need", "open needs")) }
                li { (figure(addressed as usize, "need being addressed", "needs being addressed")) }
                li { (figure(uncovered, "cell with open needs and no provider known", "cells with open needs and no provider known")) }
            }
            (heat_map(m))
            (view::table(&view::Table {
                caption: "The cells of the matrix: needs open and being addressed, and who addresses them",
                columns: vec![(row_head, false), (column_head, false), ("Open", true), ("Being addressed", true), ("Providers", false), ("Nobody covers", false)],
                rows,
            }))
        }
    }
}

/// A count in large figures, its noun after it.
fn figure(n: usize, one: &str, many: &str) -> Markup {
    let said = view::count(n, one, many);
    let (figure, noun) = said.split_once(' ').unwrap_or((&said, ""));
    html! { strong { (figure) } " " (noun) }
}

/// The form: what the rows and columns are, the cycle, and the filters.
fn form(s: &Snapshot, q: &GapQuery) -> Markup {
    let f = &q.filter;
    let articles: Vec<String> = f
        .articles
        .iter()
        .map(|&a| if a == 0 { "none".into() } else { a.to_string() })
        .collect();
    html! {
        form.sample method="get" action="/gaps" {
            div.field {
                label for="gaps-by" { "Rows and columns" }
                select #gaps-by name="by" {
                    @for a in Axes::ALL { option value=(a.code()) selected[a == f.axes] { (a.label()) } }
                }
            }
            div.field {
                label for="gaps-cycle" { "Cycle" }
                select #gaps-cycle name="cycle" {
                    @for c in s.reference.cycles() { option value=(c) selected[c == f.cycle] { "Cycle " (c) } }
                }
            }
            div.field {
                fieldset.choices {
                    legend { "Regional groups (none ticked: all)" }
                    @for g in &s.reference.regions {
                        label.check { input type="checkbox" name="region" value=(g.code) checked[f.regions.contains(&g.code)]; " " (g.name) }
                    }
                }
            }
            div.field {
                fieldset.choices.long {
                    legend { "Types of need of cycle " (f.cycle) " (none ticked: all)" }
                    @for t in s.reference.types(f.cycle) {
                        label.check { input type="checkbox" name="type" value=(t.code) checked[f.types.contains(&t.code)]; " " (t.label) }
                    }
                }
            }
            div.field {
                label for="gaps-article" { "Articles (numbers, comma-separated; none: all)" }
                input #gaps-article name="article" value=(articles.join(",")) size="16";
            }
            button type="submit" { "Show" }
        }
    }
}

/// Sizes of the heat map, in pixels.
const CELL_W: usize = 40;
const CELL_H: usize = 26;
const LEFT: usize = 88;

/// The heat map: a square per cell, its fill the sequential step of its
/// open needs, the count written in it, a black corner on the cells with
/// open needs and no provider; each cell's words in its `title`, and the
/// whole in the table after it.
fn heat_map(m: &Matrix) -> Markup {
    let largest = m.largest_open();
    let top = match m.axes {
        Axes::StateArticle => 34,
        Axes::GroupType => 150,
    };
    // Room on the right for the last column's slanted head.
    let right = match m.axes {
        Axes::StateArticle => 8,
        Axes::GroupType => 130,
    };
    let width = LEFT + CELL_W * m.columns.len() + right;
    let height = top + CELL_H * m.rows.len() + 4;
    let legend = legend(largest);
    html! {
        figure.chart.heat-map {
            figcaption { "Open needs by " (match m.axes { Axes::StateArticle => "State party and article", Axes::GroupType => "regional group and type of need" }) ", cycle " (m.cycle) ": the darker, the more open needs; a black corner marks the cells with open needs and no provider known." }
            div.scroll tabindex="0" role="region" aria-label="Heat map of open needs" {
                svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) role="img" aria-label="Heat map of open needs; the table after it holds every number" {
                    @for (k, column) in m.columns.iter().enumerate() {
                        @let x = LEFT + CELL_W * k + CELL_W / 2;
                        @match m.axes {
                            Axes::StateArticle => {
                                text x=(x) y=(top - 10) text-anchor="middle" font-size="12" { title { (column.label) } (column.code) }
                            }
                            Axes::GroupType => {
                                text x=(x) y=(top - 6) font-size="11" transform=(format!("rotate(-55 {x} {})", top - 6)) { title { (column.label) } (short(&column.label, 26)) }
                            }
                        }
                    }
                    @for (r, row) in m.rows.iter().enumerate() {
                        @let y = top + CELL_H * r;
                        text x=(LEFT - 6) y=(y + CELL_H / 2 + 4) text-anchor="end" font-size="12" { title { (row.label) } (short(&row.code, 10)) }
                        @for (k, cell) in m.cells[r].iter().enumerate() {
                            @let x = LEFT + CELL_W * k;
                            @let fill = palette::sequential(cell.open, largest);
                            g {
                                title { (row.label) ", " (m.columns[k].label) ": " (cell.open) " open, " (cell.addressed) " being addressed"
                                    @if cell.uncovered() { "; no provider known" }
                                    @else if !cell.providers.is_empty() { "; by " (cell.providers.join(", ")) } }
                                rect x=(x + 1) y=(y + 1) width=(CELL_W - 2) height=(CELL_H - 2) fill=(fill.unwrap_or("#FFFFFF")) stroke="#BDBDBD" stroke-width="1" {}
                                @if !cell.is_empty() {
                                    text x=(x + CELL_W / 2) y=(y + CELL_H / 2 + 4) text-anchor="middle" font-size="12" fill=(fill.map_or("#000000", palette::ink_on)) { (cell.open) }
                                }
                                @if cell.uncovered() {
                                    path d=(format!("M{} {}h-10l10 10z", x + CELL_W - 1, y + 1)) fill="#000000" stroke="#FFFFFF" stroke-width="1" {}
                                }
                            }
                        }
                    }
                }
            }
            (legend)
        }
    }
}

/// The scale's steps with the counts each stands for, and the corner's
/// meaning.
fn legend(largest: u32) -> Markup {
    let mut ranges: Vec<(u32, u32, &str)> = Vec::new();
    for n in 1..=largest {
        let Some(fill) = palette::sequential(n, largest) else {
            continue;
        };
        match ranges.last_mut() {
            Some(last) if last.2 == fill => last.1 = n,
            _ => ranges.push((n, n, fill)),
        }
    }
    let swatch = |fill: &str, corner: bool| {
        html! {
            svg width="20" height="16" viewBox="0 0 20 16" aria-hidden="true" {
                rect x="0.5" y="0.5" width="19" height="15" fill=(fill) stroke="#BDBDBD" {}
                @if corner { path d="M19.5 0.5h-9l9 9z" fill="#000000" {} }
            }
        }
    };
    html! {
        ul.legend aria-label="Legend of the heat map" {
            @for (from, to, fill) in &ranges {
                li { (swatch(fill, false)) " " @if from == to { (from) } @else { (from) "–" (to) } " open" }
            }
            li { (swatch("#FFFFFF", false)) " no need" }
            li { (swatch("#FFFFFF", true)) " open needs, no provider known" }
        }
    }
}

/// At most `n` characters of `text`, an ellipsis after a cut.
fn short(text: &str, n: usize) -> String {
    if text.chars().count() <= n {
        text.to_string()
    } else {
        let cut: String = text.chars().take(n - 1).collect();
        format!("{cut}…")
    }
}
