//! The report as one self-contained web page.
//!
//! Charts are inline SVG drawn here, styles are inline, and nothing is
//! fetched: the file reads the same offline, on a screen and on paper. Every
//! chart has a title and a description for screen readers, shows each
//! number on hover, and is followed by its numbers as a table; print styles
//! keep a figure or table on one page.

use std::fmt::Write;

use super::palette::{self, Pattern};
use super::{Block, Chart, Exhibit, Report};

/// The charts' category colours (see [`super::palette`] for the patterns
/// drawn over those that come close for some reader).
pub const PALETTE: [&str; 12] = super::palette::COLOURS;

pub const STYLE: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #c8c8c8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); background: #fff;
       max-width: 52rem; margin: 0 auto; padding: 1.5rem; }
header { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; font-style: italic; font-weight: normal; }
.sample { color: var(--muted); margin: 0 0 1rem; }
p.para { margin: 0.8rem 0; }
p.para .n { display: inline-block; min-width: 2.2rem; }
figure, .exhibit { margin: 1.5rem 0; break-inside: avoid; page-break-inside: avoid; }
figcaption, .exhibit > .caption { font-weight: bold; margin-bottom: 0.4rem; }
figcaption .label, .caption .label { display: block; font-weight: normal; }
svg { display: block; max-width: 100%; height: auto; font-family: Arial, Helvetica, sans-serif; }
svg text { fill: var(--ink); font-size: 12px; }
svg .axis { stroke: var(--muted); stroke-width: 1; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .part { stroke: #fff; stroke-width: 1; }
svg rect:hover { opacity: 0.75; }
table { border-collapse: collapse; margin: 0.5rem 0; font: 14px/1.35 Arial, Helvetica, sans-serif; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 2px solid var(--ink); }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
details { margin-top: 0.3rem; }
summary { cursor: pointer; color: var(--accent); font: 14px Arial, Helvetica, sans-serif; }
summary:focus-visible, a:focus-visible { outline: 3px solid #E69F00; outline-offset: 2px; }
.note { font-size: 0.9rem; color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font: 13px Arial, Helvetica, sans-serif; margin: 0.3rem 0; padding: 0; list-style: none; }
.legend .swatch { display: inline-block; width: 0.9rem; height: 0.9rem; margin-right: 0.3rem; vertical-align: -0.1rem; border: 1px solid #fff; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem; }
.masthead { display: flex; justify-content: space-between; gap: 1rem; align-items: flex-end;
            border-bottom: 1px solid var(--ink); padding-bottom: 0.4rem; margin-bottom: 0.8rem; }
.masthead p { margin: 0; }
.masthead .body { font-weight: bold; max-width: 60%; }
.masthead .distribution { text-align: right; font: 14px/1.4 Arial, Helvetica, sans-serif; }
.masthead .distribution span { display: block; }
.masthead .symbol { font-weight: bold; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  details > summary { display: none; }
  details { display: block; }
  details > table { display: table; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  /* A figure's chart stays whole with its caption, but its table of numbers
     may run on to the next page: keeping chart and table together pushed
     whole figures over, leaving a third of a page blank before them. */
  figure { break-inside: auto; page-break-inside: auto; }
  figcaption { break-inside: avoid; break-after: avoid; page-break-after: avoid; }
  figure > svg, figure > .legend { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
@page { size: A4; margin: 18mm 16mm 20mm;
        @bottom-center { content: counter(page) "/" counter(pages); font: 9pt Arial, Helvetica, sans-serif; color: #555; } }
"#;

pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page.
pub fn render(r: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"tana\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the note</a>\n<header>\n{}<p class=\"note\">Note by the Secretariat, written by tana from the records</p>\n<h1>{}</h1>\n<p class=\"sample\">{}</p>\n</header>\n<main id=\"main\">\n",
        esc(&r.title),
        masthead(&r.masthead),
        esc(&r.title),
        esc(&r.sample)
    );
    for b in &r.blocks {
        match b {
            Block::Heading { level, text } => {
                let l = (level + 1).min(6);
                let _ = writeln!(h, "<h{l}>{}</h{l}>", esc(text));
            }
            Block::Paragraph { number, text } => {
                let _ = writeln!(
                    h,
                    "<p class=\"para\" id=\"para-{number}\"><span class=\"n\">{number}.</span>{}</p>",
                    esc(text)
                );
            }
            Block::List { items } => {
                h.push_str("<ul class=\"priorities\">\n");
                for i in items {
                    let _ = writeln!(h, "<li>{}</li>", esc(i));
                }
                h.push_str("</ul>\n");
            }
            Block::Exhibit(e) => exhibit(&mut h, e),
        }
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The head of the first page: the body on the left; distribution, date and
/// symbol on the right.
fn masthead(m: &super::Masthead) -> String {
    let mut right = format!("<span>Distr.: {}</span>", esc(&m.distribution));
    if let Some(d) = &m.issued {
        let _ = write!(right, "<span>{}</span>", esc(d));
    }
    if let Some(symbol) = &m.symbol {
        let _ = write!(right, "<span class=\"symbol\">{}</span>", esc(symbol));
    }
    format!(
        "<div class=\"masthead\"><p class=\"body\">{}</p><p class=\"distribution\">{right}</p></div>\n",
        esc(&m.body)
    )
}

/// One numbered table or figure, as the page and the portal show it.
pub fn exhibit(h: &mut String, e: &Exhibit) {
    match e.chart {
        None => {
            let _ = writeln!(h, "<div class=\"exhibit\" id=\"{}\">", esc(&e.id));
            data_table(h, e, true);
            if let Some(note) = &e.note {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
            }
            h.push_str("</div>\n");
        }
        Some(kind) => {
            let _ = writeln!(
                h,
                "<figure id=\"{id}\" aria-labelledby=\"{id}-caption\">\n<figcaption id=\"{id}-caption\"><span class=\"label\">{}</span>{}</figcaption>",
                esc(&e.label),
                esc(&e.caption),
                id = esc(&e.id)
            );
            match kind {
                Chart::Bars => bars(h, e),
                Chart::Across => across(h, e),
                Chart::Stacked => stacked(h, e),
            }
            if let Some(note) = &e.note {
                let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(note));
            }
            let _ = writeln!(
                h,
                "<details><summary>The numbers of {}</summary>",
                esc(&e.label)
            );
            data_table(h, e, false);
            h.push_str("</details>\n</figure>\n");
        }
    }
}

fn data_table(h: &mut String, e: &Exhibit, titled: bool) {
    h.push_str("<table>\n");
    if titled {
        let _ = writeln!(
            h,
            "<caption><span class=\"label\">{}</span> {}</caption>",
            esc(&e.label),
            esc(&e.caption)
        );
    } else {
        let _ = writeln!(
            h,
            "<caption>{}: {}</caption>",
            esc(&e.label),
            esc(&e.caption)
        );
    }
    let _ = write!(
        h,
        "<thead><tr><th scope=\"col\">{}</th>",
        esc(&e.key_header)
    );
    for c in &e.columns {
        let _ = write!(h, "<th scope=\"col\" class=\"num\">{}</th>", esc(c));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in &e.rows {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(&r.label));
        for v in &r.values {
            let _ = write!(h, "<td class=\"num\">{v}</td>");
        }
        h.push_str("</tr>\n");
    }
    if let Some(total) = &e.total {
        h.push_str("<tr class=\"total\"><td>Total</td>");
        for v in total {
            let _ = write!(h, "<td class=\"num\">{v}</td>");
        }
        for _ in total.len()..e.columns.len() {
            h.push_str("<td></td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

/// A round upper bound for an axis, and its step.
fn axis(max: u32) -> (u32, u32) {
    let max = max.max(1);
    let raw = f64::from(max) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0)
        .ceil() as u32;
    (max.div_ceil(step) * step, step)
}

fn svg_open(h: &mut String, e: &Exhibit, w: u32, ht: u32) {
    let _ = writeln!(
        h,
        "<svg role=\"img\" viewBox=\"0 0 {w} {ht}\" width=\"{w}\" height=\"{ht}\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}. {}</title><desc id=\"{id}-d\">{}</desc>",
        esc(&e.label),
        esc(&e.caption),
        esc(&e.description),
        id = esc(&e.id)
    );
    patterns(h, e);
}

fn legend(h: &mut String, e: &Exhibit) {
    if e.columns.len() < 2 {
        return;
    }
    h.push_str("<ul class=\"legend\" aria-hidden=\"true\">");
    for (i, c) in e.columns.iter().enumerate() {
        let _ = write!(
            h,
            "<li><svg class=\"swatch\" width=\"14\" height=\"14\"><rect width=\"14\" height=\"14\" fill=\"{}\"/></svg>{}</li>",
            paint(e, i),
            esc(c)
        );
    }
    h.push_str("</ul>\n");
}

/// The `fill` of the chart's `k`-th category: its colour, or the pattern
/// over it that [`patterns`] defines.
fn paint(e: &Exhibit, k: usize) -> String {
    let f = palette::fill(k);
    if f.pattern == Pattern::Solid {
        f.colour.to_string()
    } else {
        format!("url(#{}-p{k})", esc(&e.id))
    }
}

/// The patterns of the chart's categories that have one, defined once in the
/// chart and used by its legend too.
fn patterns(h: &mut String, e: &Exhibit) {
    let drawn: Vec<(usize, palette::Fill)> = (0..e.columns.len().max(1))
        .map(|k| (k, palette::fill(k)))
        .filter(|(_, f)| f.pattern != Pattern::Solid)
        .collect();
    if drawn.is_empty() {
        return;
    }
    h.push_str("<defs>");
    for (k, f) in drawn {
        let marks = match f.pattern {
            Pattern::Solid => "",
            Pattern::Stripes => {
                "<path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"#fff\" stroke-width=\"1.4\"/>"
            }
            Pattern::Dots => "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#fff\"/>",
            Pattern::Cross => {
                "<path d=\"M0,6 l6,-6 M0,0 l6,6\" stroke=\"#fff\" stroke-width=\"1.1\"/>"
            }
            Pattern::Lines => "<path d=\"M0,3 h6\" stroke=\"#fff\" stroke-width=\"1.4\"/>",
        };
        let _ = write!(
            h,
            "<pattern id=\"{}-p{k}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"{}\"/>{marks}</pattern>",
            esc(&e.id),
            f.colour
        );
    }
    h.push_str("</defs>");
}

/// Vertical bars, grouped when the table has several columns.
fn bars(h: &mut String, e: &Exhibit) {
    let n = e.rows.len().max(1) as u32;
    let series = e.columns.len().max(1) as u32;
    let (left, bottom, top) = (44u32, 40u32, 16u32);
    let slot = (640 / n).clamp(18, 90);
    let width = left + slot * n + 10;
    let height = 260u32;
    let plot = height - bottom - top;
    let max = e
        .rows
        .iter()
        .flat_map(|r| r.values.iter().copied())
        .max()
        .unwrap_or(0);
    let (ceiling, step) = axis(max);
    svg_open(h, e, width, height);
    let y = |v: u32| top + plot - (u64::from(v) * u64::from(plot) / u64::from(ceiling)) as u32;
    let mut tick = 0;
    while tick <= ceiling {
        let _ = write!(
            h,
            "<line class=\"grid\" x1=\"{left}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{tick}</text>",
            width - 6,
            left - 6,
            y(tick) + 4,
            y0 = y(tick)
        );
        tick += step;
    }
    let bar = ((slot - 6) / series).max(3);
    for (i, r) in e.rows.iter().enumerate() {
        let x0 = left + i as u32 * slot + 3;
        for (k, v) in r.values.iter().enumerate() {
            let x = x0 + k as u32 * bar;
            let top_y = y(*v);
            let column = e.columns.get(k).map(String::as_str).unwrap_or("");
            let _ = write!(
                h,
                "<rect x=\"{x}\" y=\"{top_y}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {} {v}</title></rect>",
                bar.saturating_sub(1).max(2),
                y(0) - top_y,
                paint(e, k),
                esc(&r.label),
                esc(&column.to_lowercase()),
            );
            if n <= 12 && series == 1 {
                let _ = write!(
                    h,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{v}</text>",
                    x + bar / 2,
                    top_y.saturating_sub(4)
                );
            }
        }
        let label = if slot < 40 && r.label.len() > 4 {
            r.label.chars().take(4).collect()
        } else {
            short(&r.label, (slot / 7) as usize)
        };
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x0 + (slot - 6) / 2,
            y(0) + 16,
            esc(&label)
        );
    }
    let _ = writeln!(
        h,
        "<line class=\"axis\" x1=\"{left}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\"/></svg>",
        width - 6,
        y0 = y(0)
    );
    legend(h, e);
}

/// Shortens a label to fit under a bar: "Group of African States" → "African".
fn short(label: &str, room: usize) -> String {
    if label.chars().count() <= room.max(4) {
        return label.to_string();
    }
    let trimmed = label
        .trim_start_matches("Group of ")
        .trim_end_matches(" States")
        .trim_end_matches(" and other");
    if trimmed.chars().count() <= room.max(4) {
        trimmed.to_string()
    } else {
        let mut s: String = trimmed
            .chars()
            .take(room.max(4).saturating_sub(1))
            .collect();
        s.push('…');
        s
    }
}

/// The width of the labels' column of a chart drawn across, and the
/// characters it holds: as wide as the longest label needs (12 px Arial runs
/// about 6.2 px a character), up to 320 px, so that a label is cut only when
/// it would leave the bars no room.
fn label_room(e: &Exhibit) -> (u32, usize) {
    let longest = e
        .rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0) as u32;
    let width = (longest * 62 / 10 + 14).clamp(100, 320);
    let room = if width < 320 {
        longest
    } else {
        (320 - 14) * 10 / 62
    };
    (width, room as usize)
}

/// Horizontal bars with their labels written out: for long labels.
fn across(h: &mut String, e: &Exhibit) {
    let (label_w, room) = label_room(e);
    let (row_h, top) = (24u32, 8u32);
    let width = 720u32;
    let plot = width - label_w - 50;
    let height = top * 2 + row_h * e.rows.len().max(1) as u32;
    let max = e
        .rows
        .iter()
        .filter_map(|r| r.values.first().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    svg_open(h, e, width, height);
    for (i, r) in e.rows.iter().enumerate() {
        let v = r.values.first().copied().unwrap_or(0);
        let y = top + i as u32 * row_h;
        let w = (u64::from(v) * u64::from(plot) / u64::from(max)) as u32;
        let _ = write!(
            h,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {v}</title></rect><text x=\"{}\" y=\"{}\">{v}</text>",
            label_w - 8,
            y + row_h / 2 + 4,
            esc(&short(&r.label, room)),
            y + 3,
            w.max(1),
            row_h - 6,
            PALETTE[0],
            esc(&r.label),
            label_w + w + 6,
            y + row_h / 2 + 4,
        );
    }
    h.push_str("</svg>\n");
}

/// Bars whose columns are stacked: across for a few rows, upright for many.
fn stacked(h: &mut String, e: &Exhibit) {
    let totals: Vec<u32> = e.rows.iter().map(|r| r.values.iter().sum()).collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    if e.rows.len() <= 8 {
        let (label_w, room) = label_room(e);
        let (row_h, top) = (30u32, 8u32);
        let width = 720u32;
        let plot = width - label_w - 50;
        let height = top * 2 + row_h * e.rows.len().max(1) as u32;
        svg_open(h, e, width, height);
        for (i, r) in e.rows.iter().enumerate() {
            let y = top + i as u32 * row_h;
            let _ = write!(
                h,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                label_w - 8,
                y + row_h / 2 + 4,
                esc(&short(&r.label, room))
            );
            let mut x = label_w;
            for (k, v) in r.values.iter().enumerate() {
                let w = (u64::from(*v) * u64::from(plot) / u64::from(max)) as u32;
                if *v > 0 {
                    let _ = write!(
                        h,
                        "<rect class=\"part\" x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}, {}: {v}</title></rect>",
                        y + 4,
                        w.max(1),
                        row_h - 8,
                        paint(e, k),
                        esc(&r.label),
                        esc(&e.columns[k].to_lowercase())
                    );
                }
                x += w;
            }
            let _ = write!(
                h,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                x + 6,
                y + row_h / 2 + 4,
                totals[i]
            );
        }
    } else {
        let n = e.rows.len() as u32;
        let (left, bottom, top) = (44u32, 30u32, 12u32);
        let slot = (660 / n).clamp(12, 60);
        let width = left + slot * n + 10;
        let height = 260u32;
        let plot = height - bottom - top;
        let (ceiling, step) = axis(max);
        svg_open(h, e, width, height);
        let scale = |v: u32| (u64::from(v) * u64::from(plot) / u64::from(ceiling)) as u32;
        let mut tick = 0;
        while tick <= ceiling {
            let y0 = top + plot - scale(tick);
            let _ = write!(
                h,
                "<line class=\"grid\" x1=\"{left}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{tick}</text>",
                width - 6,
                left - 6,
                y0 + 4
            );
            tick += step;
        }
        for (i, r) in e.rows.iter().enumerate() {
            let x = left + i as u32 * slot + 2;
            let mut base = top + plot;
            for (k, v) in r.values.iter().enumerate() {
                let hgt = scale(*v);
                if *v > 0 {
                    let _ = write!(
                        h,
                        "<rect class=\"part\" x=\"{x}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}, {}: {v}</title></rect>",
                        base - hgt,
                        slot.saturating_sub(4).max(2),
                        hgt.max(1),
                        paint(e, k),
                        esc(&e.key_header.to_lowercase()),
                        esc(&r.label),
                        esc(&e.columns[k].to_lowercase())
                    );
                }
                base -= hgt;
            }
            let _ = write!(
                h,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
                x + slot / 2 - 2,
                top + plot + 14,
                esc(&r.label)
            );
        }
        let _ = write!(
            h,
            "<line class=\"axis\" x1=\"{left}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\"/>",
            width - 6,
            y0 = top + plot
        );
    }
    h.push_str("</svg>\n");
    legend(h, e);
}

#[cfg(test)]
mod tests {
    use super::{PALETTE, STYLE, axis};

    /// WCAG 2.1's contrast ratio of a `#rrggbb` or `#rgb` colour on white.
    fn contrast_on_white(hex: &str) -> f64 {
        let h = hex.trim_start_matches('#');
        let h: String = if h.len() == 3 {
            h.chars().flat_map(|c| [c, c]).collect()
        } else {
            h.to_string()
        };
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
        1.05 / (l + 0.05)
    }

    #[test]
    fn text_and_bars_stand_out_from_the_page() {
        // Text colours meet WCAG 2.1 AA for normal text (4.5:1).
        for var in ["--ink", "--muted", "--accent"] {
            let at = STYLE.find(&format!("{var}: ")).unwrap() + var.len() + 2;
            let colour = &STYLE[at..at + STYLE[at..].find(';').unwrap()];
            let ratio = contrast_on_white(colour);
            assert!(ratio >= 4.5, "{var} {colour}: {ratio:.2}");
        }
        // Every bar and segment meets the 3:1 of graphical objects against
        // the page; stacked segments meet the page through a white line.
        for colour in PALETTE {
            let ratio = contrast_on_white(colour);
            assert!(ratio >= 3.0, "{colour}: {ratio:.2}");
        }
        assert!(STYLE.contains("svg .part { stroke: #fff;"));
    }

    #[test]
    fn axes_end_on_round_numbers() {
        for max in [1, 7, 13, 42, 70, 423, 1004, 99_999] {
            let (top, step) = axis(max);
            assert!(top >= max && top % step == 0, "{max}: {top} by {step}");
            assert!(
                top / step <= 10 && top < 2 * max + step,
                "{max}: {top} by {step}"
            );
        }
        assert_eq!(axis(13), (15, 5));
        assert_eq!(axis(0), (1, 1));
    }
}
