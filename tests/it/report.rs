//! The report: the note written from the records, in every format.

use std::collections::HashMap;

use tana::reference::Reference;
use tana::tables::{self, Measure, audit::audit, cells::Frame};

use crate::{Dir, project, s};

const ARTICLES: &str = "16,21,31,32,44";

/// A workspace filled by the demo, from the seed note's tables.
fn demo() -> Dir {
    let d = Dir::new();
    d.ok(&["demo"]);
    d
}

fn seed() -> (tables::Published, Reference) {
    let reference = Reference::uncac();
    let text = std::fs::read_to_string(project("data/seed-note-2014.tables.toml")).unwrap();
    let p = tables::parse(&text, "seed-note-2014.tables.toml", &reference).unwrap();
    (p, reference)
}

/// `Table 4`, `Figure XI`: the exhibit a printed source names.
fn label_of(source: &str) -> Option<String> {
    source
        .split(';')
        .map(str::trim)
        .find(|p| p.starts_with("Table ") || p.starts_with("Figure "))
        .map(|p| p.split(',').next().unwrap_or(p).to_string())
}

#[test]
fn the_demo_report_prints_the_seed_notes_tables_under_their_numbers() {
    let d = demo();
    let (printed, reference) = seed();
    let text = d.ok(&["report", "--articles", ARTICLES, "--format", "tables"]);
    let ours = tables::parse(&text, "report", &reference).unwrap();
    // What the report prints under each label, by quantity.
    let ours_frame = Frame::new(&ours, &reference);
    let mut by_label: HashMap<(String, tables::cells::Canon, Measure), u32> = HashMap::new();
    for c in ours_frame.cells(&ours) {
        let label = ours.tables[c.table.unwrap()].source.clone();
        by_label.insert((label, c.canon, c.measure), c.value);
    }
    let kept = audit(&printed, &reference);
    let frame = Frame::new(&printed, &reference);
    let mut checked = 0;
    for c in frame.cells(&printed) {
        let Some(ti) = c.table else { continue };
        if kept.dropped_cells.contains(&c.id) {
            continue;
        }
        let label =
            label_of(&printed.tables[ti].source).expect("every seed table names its exhibit");
        let ours = by_label.get(&(label.clone(), c.canon.clone(), c.measure));
        assert_eq!(ours, Some(&c.value), "{} ({label})", c.id);
        checked += 1;
    }
    assert!(checked > 100, "only {checked} numbers checked");
}

/// One to nine in words, as the note writes them.
fn said(n: u32) -> String {
    let words = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    words
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

#[test]
fn the_demo_report_writes_the_seed_notes_sentences() {
    let d = demo();
    let (printed, reference) = seed();
    let json: serde_json::Value =
        serde_json::from_str(&d.ok(&["report", "--articles", ARTICLES, "--format", "json"]))
            .unwrap();
    let text: String = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "paragraph")
        .map(|b| b["text"].as_str().unwrap().to_string() + "\n")
        .collect();
    let kept = audit(&printed, &reference);
    let fact = |id: &str| printed.facts.iter().find(|f| f.id == id).unwrap();
    let row = |table: &str, key: u8, column: usize| {
        let t = printed.tables.iter().find(|t| t.id == table).unwrap();
        t.rows
            .iter()
            .find(|r| r.key == tables::KeyValue::Article(key))
            .unwrap()
            .values[column]
    };
    // Paragraphs 11 to 21: per article, States and needs; where the audit
    // set a printed number aside, the sentence carries the side it kept.
    for (article, states_id, needs_id, table) in [
        (16, "para-11-states", "para-11-needs", "table-1"),
        (21, "para-13-states", "para-13-needs", "table-1"),
        (31, "para-15-states", "para-15-needs", "table-4"),
        (32, "para-17-states", "para-17-needs", "table-1"),
        (44, "para-21-states", "para-21-needs", "table-6"),
    ] {
        let pick = |id: &str, column: usize| {
            if kept.dropped_cells.iter().any(|d| d == id) {
                if table == "table-4" {
                    let t = printed.tables.iter().find(|t| t.id == table).unwrap();
                    t.rows.iter().map(|r| r.values[0]).sum()
                } else {
                    row(table, article, column)
                }
            } else {
                fact(id).value
            }
        };
        let sentence = format!(
            "A total of {} States parties identified {} needs for technical assistance to support the implementation of article {article}.",
            said(pick(states_id, 0)),
            said(pick(needs_id, 1)),
        );
        assert!(text.contains(&sentence), "missing: {sentence}\n{text}");
    }
    // Paragraph 4: States with needs per chapter, and by regional group.
    for (fact_id, figure, chapter) in [
        ("para-4-ch3", "fig-I-ch3", "III"),
        ("para-4-ch4", "fig-XI-ch4", "IV"),
    ] {
        let n = fact(fact_id).value;
        assert!(
            text.contains(&format!("{n} identified technical assistance needs for the implementation of chapter {chapter}")),
            "chapter {chapter}: {n}"
        );
        let t = printed.tables.iter().find(|t| t.id == figure).unwrap();
        for r in &t.rows {
            let tables::KeyValue::Text(code) = &r.key else {
                panic!()
            };
            let name = &reference
                .regions
                .iter()
                .find(|g| &g.code == code)
                .unwrap()
                .name;
            assert!(
                text.contains(&format!("{} ", said(r.values[0]))) && text.contains(name.as_str())
            );
            assert!(
                text.contains(&format!("{} from the {name}", said(r.values[0])))
                    || text.contains(&format!(
                        "{} States parties from the {name}",
                        said(r.values[0])
                    )),
                "{figure} {code}"
            );
        }
    }
    // Figure II's note, and paragraph 32's order of the regional groups.
    assert!(text.contains("ranked by their number of needs"));
    let total = fact("fig-II-total").value;
    let html = d.ok(&["report", "--articles", ARTICLES]);
    assert!(html.contains(&format!(
        "Total equals {},{:03}.",
        total / 1000,
        total % 1000
    )));
    let order = printed
        .claims
        .iter()
        .find(|c| c.id == "para-32-order")
        .unwrap();
    let tables::ClaimKind::Order { order, .. } = &order.kind else {
        panic!()
    };
    let names: Vec<&str> = order
        .iter()
        .map(|k| {
            let tables::KeyValue::Text(code) = k else {
                panic!()
            };
            reference
                .regions
                .iter()
                .find(|g| &g.code == code)
                .unwrap()
                .name
                .as_str()
        })
        .collect();
    let sentence = format!(
        "the demand is highest in the {}, followed by the {}, the {} and, finally, the {}.",
        names[0], names[1], names[2], names[3]
    );
    assert!(text.contains(&sentence), "{sentence}");
    // Paragraph 29's priority areas, (a) to (g), from the needs.
    let items: Vec<String> = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "list")
        .flat_map(|b| {
            b["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_str().unwrap().to_string())
        })
        .collect();
    let firsts: Vec<String> = items
        .iter()
        .map(|i| {
            i.rsplit('(')
                .next()
                .unwrap()
                .trim_end_matches(");")
                .to_string()
        })
        .collect();
    assert_eq!(
        firsts,
        [
            "articles 32, 33 and 37",
            "article 46",
            "article 44",
            "article 48",
            "article 50",
            "article 16",
            "article 23"
        ]
    );
}

/// The page's outline: headings, exhibits and their charts, in order.
fn outline(html: &str) -> String {
    let mut out = String::new();
    for line in html.lines() {
        let l = line.trim();
        if l.starts_with("<h") && l.as_bytes().get(2).is_some_and(u8::is_ascii_digit) {
            let end = l.find('>').unwrap();
            let text = &l[end + 1..l.rfind("</").unwrap()];
            out.push_str(&format!("{} {text}\n", &l[1..3]));
        } else if let Some(rest) = l.strip_prefix("<figure id=\"") {
            out.push_str(&format!("  figure {}\n", &rest[..rest.find('"').unwrap()]));
        } else if let Some(rest) = l.strip_prefix("<div class=\"exhibit\" id=\"") {
            out.push_str(&format!("  table {}\n", &rest[..rest.find('"').unwrap()]));
        } else if l.starts_with("<svg role=\"img\"") {
            let titled = l.contains("<title id=") && l.contains("<desc id=");
            out.push_str(&format!("    chart titled={titled}\n"));
        } else if l.starts_with("<p class=\"para\"") {
            out.push_str("  paragraph\n");
        }
    }
    out
}

#[test]
fn the_pages_structure() {
    let d = demo();
    let html = d.ok(&["report", "--articles", ARTICLES]);
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "a self-contained page"
    );
    assert!(
        !html.contains("<script"),
        "a page that reads without JavaScript"
    );
    insta::assert_snapshot!(outline(&html));
}

#[test]
fn the_workbook_gives_the_same_numbers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let d = demo();
    let json: serde_json::Value =
        serde_json::from_str(&d.ok(&["report", "--articles", ARTICLES, "--format", "json"]))
            .unwrap();
    let out = d.path("note.xlsx");
    d.ok(&[
        "report",
        "--articles",
        ARTICLES,
        "--format",
        "xlsx",
        "--out",
        s(&out),
    ]);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let mut sheets = 0;
    for b in json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "exhibit")
    {
        let label = b["label"].as_str().unwrap();
        let range = book
            .worksheet_range(label)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let rows: Vec<&[Data]> = range.rows().collect();
        // A title, a blank line, the headers, then the rows.
        assert_eq!(
            rows[0][0],
            Data::String(format!("{label}. {}", b["caption"].as_str().unwrap()))
        );
        // Articles are numbers; other keys are text.
        let by_article = b["key_header"] == "Article";
        for (i, row) in b["rows"].as_array().unwrap().iter().enumerate() {
            let cells = rows[3 + i];
            let label = row["label"].as_str().unwrap();
            let key = if by_article {
                Data::Float(label.parse().unwrap())
            } else {
                Data::String(label.to_string())
            };
            assert_eq!(cells[0], key, "{label}");
            for (k, v) in row["values"].as_array().unwrap().iter().enumerate() {
                assert_eq!(
                    cells[1 + k],
                    Data::Float(v.as_f64().unwrap()),
                    "{label} row {i}"
                );
            }
        }
        if !label.starts_with("Annex") {
            sheets += 1;
        }
    }
    assert_eq!(
        sheets, 22,
        "seven tables and fifteen figures, and none besides"
    );
    workbook_draws_each_figure_and_links_its_contents(&out, &json);
}

/// Reads the workbook's parts: a native chart on the sheet of each figure,
/// whose series read that sheet's numbers, and a Contents sheet whose lines
/// link to their sheets.
fn workbook_draws_each_figure_and_links_its_contents(
    path: &std::path::Path,
    json: &serde_json::Value,
) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .map(|mut f| f.read_to_string(&mut text).unwrap())
            .ok()
            .map(|_| text)
    };
    let exhibits: Vec<&serde_json::Value> = json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == "exhibit")
        .collect();
    let figures: Vec<&str> = exhibits
        .iter()
        .filter(|b| !b["chart"].is_null())
        .map(|b| b["label"].as_str().unwrap())
        .collect();
    assert_eq!(figures.len(), 15);
    let mut charts = Vec::new();
    for i in 1.. {
        let Some(chart) = part(&format!("xl/charts/chart{i}.xml")) else {
            break;
        };
        charts.push(chart);
    }
    assert_eq!(charts.len(), figures.len(), "one chart per figure");
    for label in &figures {
        let reference = format!("'{label}'!$B$");
        assert!(
            charts.iter().any(|c| c.contains(&reference)),
            "no chart reads the numbers of {label}"
        );
    }
    // Sheet 1 is the Contents: one internal link per exhibit.
    let contents = part("xl/worksheets/sheet1.xml").unwrap();
    for b in &exhibits {
        let label = b["label"].as_str().unwrap();
        assert!(
            contents.contains(&format!("location=\"'{label}'!A1\"")),
            "Contents does not link to {label}"
        );
    }
}

/// The printed note's first page carries the masthead, and every page its
/// number out of the whole (read back with poppler's pdftotext).
fn pdf_has_masthead_and_page_numbers(d: &Dir, pdf: &std::path::Path) {
    d.ok(&[
        "report",
        "--articles",
        ARTICLES,
        "--issued",
        "2014-04-28",
        "--symbol",
        "CAC/COSP/IRG/2014/3",
        "--format",
        "pdf",
        "--out",
        s(pdf),
    ]);
    let Ok(o) = std::process::Command::new("pdftotext")
        .args([s(pdf), "-"])
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs poppler-utils: the PDF's text must be read"
        );
        return;
    };
    let text = String::from_utf8_lossy(&o.stdout);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 5, "{} pages", pages.len());
    // Lines wrap where the page is narrow: words are compared apart from
    // the spaces and line ends between them.
    let first = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Conference of the States Parties to the United Nations Convention against Corruption",
        "Distr.: General",
        "28 April 2014",
        "CAC/COSP/IRG/2014/3",
    ] {
        assert!(first.contains(words), "{words}: {first}");
    }
    for (i, page) in pages.iter().enumerate() {
        let number = format!("{}/{}", i + 1, pages.len());
        assert!(page.contains(&number), "page {number}: {page}");
    }
}

#[test]
fn the_masthead_names_the_body_the_distribution_the_day_and_the_symbol() {
    let d = demo();
    let out = d.path("note.html");
    d.ok(&[
        "report",
        "--issued",
        "2014-04-28",
        "--symbol",
        "CAC/COSP/IRG/2014/3",
        "--out",
        s(&out),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    let head = &html[html.find("<header>").unwrap()..html.find("</header>").unwrap()];
    for words in [
        "Conference of the States Parties to the United Nations Convention against Corruption",
        "Distr.: General",
        "<span>28 April 2014</span>",
        "CAC/COSP/IRG/2014/3",
    ] {
        assert!(head.contains(words), "{words}: {head}");
    }
    // Without --issued, the note is dated the day it is written; a date
    // that is no day is refused.
    let html = d.ok(&["report"]);
    assert!(!html.contains("CAC/COSP"));
    let o = d.tana(&["report", "--issued", "2014-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--issued"));
}

#[test]
fn a_pdf_is_printed_or_the_missing_browser_named() {
    let d = demo();
    let out = d.path("note.pdf");
    let browser = tana::render::pdf::chromium();
    if browser.is_some() {
        d.ok(&[
            "report",
            "--articles",
            ARTICLES,
            "--format",
            "pdf",
            "--out",
            s(&out),
        ]);
        let bytes = std::fs::read(&out).unwrap();
        assert!(
            bytes.starts_with(b"%PDF-") && bytes.len() > 20_000,
            "{} bytes",
            bytes.len()
        );
        pdf_has_masthead_and_page_numbers(&d, &out);
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs Chromium: the PDF must be tested"
        );
    }
    // Without a browser, the message says what to install.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tana"))
        .args([
            "--db",
            s(&d.db()),
            "report",
            "--format",
            "pdf",
            "--out",
            s(&out),
        ])
        .env("PATH", "")
        .env_remove("TANA_CHROMIUM")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs Chromium or Chrome"));
}

#[test]
fn in_a_browser_every_figure_is_drawn() {
    let script = project("tests/browser/report.mjs");
    let Some(chromium) = crate::browser() else {
        return;
    };
    let d = demo();
    let page = d.path("note.html");
    d.ok(&["report", "--articles", ARTICLES, "--out", s(&page)]);
    let shot = project("target/report-screenshot.png");
    let o = std::process::Command::new("node")
        .arg(&script)
        .arg(&page)
        .arg(&shot)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("figures drawn: 15"), "{said}");
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
}

#[test]
fn a_baseline_says_what_changed() {
    let d = Dir::with_examples();
    let json: serde_json::Value = serde_json::from_str(&d.ok(&[
        "report",
        "--as-of",
        "2014-04-28",
        "--baseline",
        "2013-12-31",
        "--format",
        "json",
    ]))
    .unwrap();
    let text = json.to_string();
    // Reviews finished by 2013-12-31: Viet Nam, Kenya, Peru; then Türkiye
    // and Mongolia. Count what the example needs say of those two.
    let needs = std::fs::read_to_string(project("examples/needs.csv")).unwrap();
    let with_needs = ["Türkiye", "MNG"]
        .iter()
        .filter(|st| needs.lines().any(|l| l.starts_with(&format!("{st},"))))
        .count() as u32;
    assert!(
        text.contains(&format!(
            "Of the additional two States that had completed their reviews since the analysis of 31 December 2013, {} identified technical assistance needs.",
            said(with_needs)
        )),
        "{text}"
    );
    // An earlier export works as a baseline too.
    let before = Dir::new();
    before.ok(&["init"]);
    let reviews = before.write(
        "reviews.csv",
        &std::fs::read_to_string(project("examples/reviews.csv"))
            .unwrap()
            .lines()
            .take(4)
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let export = before.path("before");
    before.ok(&["import", s(&reviews)]);
    before.ok(&["export", "--format", "json", "--out", s(&export)]);
    let export = export.join("records.json");
    let json = d.ok(&["report", "--baseline", s(&export), "--format", "json"]);
    assert!(json.contains("Of the additional three States that had completed their reviews since the earlier export"), "{json}");
}

#[test]
fn bad_requests_are_refused_with_a_reason() {
    let d = Dir::with_examples();
    for (args, says) in [
        (
            vec!["report", "--articles", "16,99"],
            "article 99 is not in the chapters analysed",
        ),
        (
            vec!["report", "--articles", "x"],
            "`x` is not an article number",
        ),
        (vec!["report", "--format", "xlsx"], "give --out FILE"),
        (vec!["report", "--baseline", "yesterday"], "neither a date"),
        (
            vec!["report", "--chapters", "II"],
            "not reviewed in cycle 1",
        ),
    ] {
        let o = d.tana(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let groups = d.write("groups.csv", "articles,name\n32,Alone\n");
    let o = d.tana(&["report", "--groups", s(&groups)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("line 2, column `articles`: a group has at least two articles")
    );
}

#[test]
fn needs_tied_to_no_article_and_needs_being_addressed_are_set_apart() {
    let d = Dir::with_examples();
    let json: serde_json::Value =
        serde_json::from_str(&d.ok(&["report", "--format", "json"])).unwrap();
    // Count them from the example file: one need per (State, article, type).
    let text = std::fs::read_to_string(project("examples/needs.csv")).unwrap();
    let mut general = std::collections::BTreeSet::new();
    let mut addressed = std::collections::BTreeSet::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let key = (f[0], f[2], f[3]);
        if f[2].is_empty() || f[2] == "0" {
            general.insert(key);
        } else if !f[7].is_empty() {
            addressed.insert(key);
        }
    }
    let annex = |caption: &str| {
        json["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["kind"] == "exhibit" && b["caption"].as_str().unwrap().starts_with(caption))
            .unwrap_or_else(|| panic!("no annex table `{caption}`"))
            .clone()
    };
    assert!(
        !general.is_empty() && !addressed.is_empty(),
        "the examples hold both"
    );
    assert_eq!(annex("Needs tied to no article")["total"][0], general.len());
    assert_eq!(
        annex("Needs already being addressed")["total"][0],
        addressed.len()
    );
}

/// What a chart's category is drawn with: its colour and, where it has one,
/// the pattern over it.
#[derive(Debug, PartialEq)]
struct Drawn {
    colour: String,
    pattern: Option<String>,
}

/// Every two categories of a chart that a reader with any common colour
/// blindness could confuse differ in pattern, on the page (the legend's
/// swatches, which fill as the bars do) and in the workbook's native charts.
/// "Could confuse" is the palette's own measure, applied here to the colours
/// each output actually uses.
#[test]
fn charts_tell_their_categories_apart_for_colour_blind_readers() {
    use tana::report::palette::{CLOSE, nearest};
    let apart = |what: &str, drawn: &[Drawn]| {
        for (a, x) in drawn.iter().enumerate() {
            for y in &drawn[a + 1..] {
                assert!(
                    x.pattern != y.pattern || nearest(&x.colour, &y.colour) >= CLOSE,
                    "{what}: {x:?} and {y:?} look alike"
                );
            }
        }
    };
    let d = demo();
    let html = d.ok(&["report", "--articles", ARTICLES]);
    let mut legends = 0;
    for figure in html.split("<figure id=\"").skip(1) {
        let id = &figure[..figure.find('"').unwrap()];
        let Some(at) = figure.find("<ul class=\"legend\"") else {
            continue;
        };
        let legend = &figure[at..figure[at..].find("</ul>").unwrap() + at];
        let drawn: Vec<Drawn> = legend
            .split("fill=\"")
            .skip(1)
            .map(|f| {
                let fill = &f[..f.find('"').unwrap()];
                match fill.strip_prefix("url(#") {
                    None => Drawn {
                        colour: fill.into(),
                        pattern: None,
                    },
                    Some(rest) => {
                        let name = &rest[..rest.len() - 1];
                        let def = figure
                            .find(&format!("<pattern id=\"{name}\""))
                            .map(|i| &figure[i..i + figure[i..].find("</pattern>").unwrap()])
                            .unwrap_or_else(|| panic!("{id}: pattern {name} is used, not defined"));
                        let colour = def.split("fill=\"").nth(1).unwrap();
                        let marks = &def[def.find("/>").unwrap() + 2..];
                        Drawn {
                            colour: colour[..colour.find('"').unwrap()].into(),
                            pattern: Some(marks.into()),
                        }
                    }
                }
            })
            .collect();
        apart(id, &drawn);
        legends = legends.max(drawn.len());
    }
    assert_eq!(
        legends, 9,
        "the figure of types by region has the nine types"
    );

    let out = d.path("note.xlsx");
    d.ok(&[
        "report",
        "--articles",
        ARTICLES,
        "--format",
        "xlsx",
        "--out",
        s(&out),
    ]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    for i in 1..zip.len() {
        let Ok(mut part) = zip.by_name(&format!("xl/charts/chart{i}.xml")) else {
            break;
        };
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
        let value = |s: &str, tag: &str| {
            let at = s.find(tag)? + tag.len();
            let v = s[at..].split("val=\"").nth(1)?;
            Some(format!("#{}", &v[..v.find('"')?]))
        };
        let drawn: Vec<Drawn> = xml
            .split("<c:ser>")
            .skip(1)
            .map(|ser| match ser.find("<a:pattFill prst=\"") {
                Some(at) => {
                    let prst = &ser[at + 18..];
                    Drawn {
                        colour: value(ser, "<a:bgClr>").expect("a pattern over a colour"),
                        pattern: Some(prst[..prst.find('"').unwrap()].into()),
                    }
                }
                None => Drawn {
                    colour: value(ser, "<a:solidFill>").expect("each series coloured"),
                    pattern: None,
                },
            })
            .collect();
        apart(&format!("chart{i}.xml"), &drawn);
    }
}
