//! The finder's HTML: the form of filters with their counts, the page of
//! needs with the query's words marked, the pager and the downloads. The
//! finding is `finder.rs`; everything here only lays out what it found,
//! every text escaped (`highlight` escapes before it marks).

use std::fmt::Write;

use super::Snapshot;
use super::finder::{FinderQuery, PER_PAGE, highlight};
use crate::records::Source;
use crate::report::html::esc;
use crate::report::words::counted;
use crate::store::{FindOrder, Found, Hit};

/// The finder's page for the query `q`, without the line saying who reads.
pub(crate) fn body(s: &Snapshot, q: &FinderQuery, found: &Found) -> String {
    let mut b = String::new();
    form(s, q, found, &mut b);
    let total = found.total as usize;
    let pages = total.div_ceil(q.per).max(1);
    let first = q.find.offset + 1;
    let last = q.find.offset + found.needs.len();
    let _ = writeln!(
        b,
        "<p role=\"status\">{} you may read{}.</p>",
        counted(found.total as u32, "need", "needs"),
        if found.needs.is_empty() {
            String::new()
        } else {
            format!("; {first} to {last} shown, page {} of {pages}", q.page)
        }
    );
    downloads(q, &mut b);
    if !found.needs.is_empty() {
        table(s, q, found, &mut b);
    } else if total > 0 {
        let _ = writeln!(
            b,
            "<p>There is no page {}: the last is <a href=\"/needs?{}\">page {pages}</a>.</p>",
            q.page,
            link(q, Some(pages))
        );
    }
    pager(q, pages, &mut b);
    b
}

/// The query's pairs as a link's query string (escaped for HTML), on
/// page `page`.
fn link(q: &FinderQuery, page: Option<usize>) -> String {
    let mut pairs = q.carried.clone();
    if let Some(p) = page.filter(|&p| p > 1) {
        pairs.push(("page".into(), p.to_string()));
    }
    esc(&serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

fn downloads(q: &FinderQuery, b: &mut String) {
    let query = link(q, None);
    let _ = writeln!(
        b,
        "<p class=\"downloads\">Download every need found (all pages): <a href=\"/needs.csv?{query}\" download>CSV</a> <a href=\"/needs.xlsx?{query}\" download>XLSX</a> <a href=\"/needs.json?{query}\">JSON</a></p>"
    );
}

/// One facet: a group of checkboxes, each value with its count.
struct Facet<'a> {
    name: &'a str,
    legend: &'a str,
    /// (value, label, count, chosen)
    values: Vec<(String, String, u64, bool)>,
}

fn facet(f: &Facet, b: &mut String) {
    let shown: Vec<_> = f.values.iter().filter(|v| v.2 > 0 || v.3).collect();
    if shown.is_empty() {
        return;
    }
    let open = shown.len() <= 8 || shown.iter().any(|v| v.3);
    let _ = write!(
        b,
        "<details class=\"facet\"{}><summary>{}</summary><fieldset><legend>{}</legend>",
        if open { " open" } else { "" },
        esc(f.legend),
        esc(f.legend)
    );
    for (value, label, count, chosen) in shown {
        let _ = write!(
            b,
            "<label><input type=\"checkbox\" name=\"{}\" value=\"{}\"{}> {} <span class=\"count\">({count})</span></label>",
            f.name,
            esc(value),
            if *chosen { " checked" } else { "" },
            esc(label)
        );
    }
    b.push_str("</fieldset></details>\n");
}

fn form(s: &Snapshot, q: &FinderQuery, found: &Found, b: &mut String) {
    let r = &s.reference;
    let f = &found.facets;
    let _ = write!(
        b,
        "<form class=\"sample finder\" method=\"get\" action=\"/needs\" role=\"search\"><label>Words<input name=\"q\" value=\"{}\" maxlength=\"200\" type=\"search\"></label>",
        esc(&q.words)
    );
    let state_name = |code: &str| {
        r.find_state(code)
            .map_or_else(|| code.to_string(), |id| r.state(id).name.clone())
    };
    let mut states: Vec<_> = f
        .states
        .iter()
        .map(|(c, n)| (c.clone(), state_name(c), *n, q.find.states.contains(c)))
        .collect();
    for c in &q.find.states {
        if !states.iter().any(|v| &v.0 == c) {
            states.push((c.clone(), state_name(c), 0, true));
        }
    }
    states.sort_by(|a, b| a.1.cmp(&b.1));
    let regions = r
        .regions
        .iter()
        .map(|g| {
            let n = f
                .region_states
                .iter()
                .filter(|(c, _)| {
                    r.find_state(c)
                        .and_then(|id| r.state(id).region.as_ref())
                        .is_some_and(|x| x == &g.code)
                })
                .map(|(_, n)| n)
                .sum();
            (g.code.clone(), g.name.clone(), n, q.regions.contains(&g.code))
        })
        .collect();
    let articles = f
        .articles
        .iter()
        .map(|(a, n)| {
            let label = match r.article(*a) {
                Some(x) => format!("{a}. {}", x.title),
                None => "No article".to_string(),
            };
            let value = if *a == 0 { "none".into() } else { a.to_string() };
            (value, label, *n, q.find.articles.contains(a))
        })
        .collect();
    let types = f
        .types
        .iter()
        .map(|(t, n)| {
            let label = r
                .need_types
                .iter()
                .find(|x| &x.code == t)
                .map_or_else(|| t.clone(), |x| x.label.clone());
            (t.clone(), label, *n, q.find.types.contains(t))
        })
        .collect();
    let cycles = f
        .cycles
        .iter()
        .map(|(c, n)| (c.to_string(), format!("Cycle {c}"), *n, q.find.cycles.contains(c)))
        .collect();
    let documents = f
        .documents
        .iter()
        .map(|(d, n)| {
            let label = d.label();
            let mut label = label.to_string();
            if let Some(c) = label.get_mut(..1) {
                c.make_ascii_uppercase();
            }
            (d.code().to_string(), label, *n, q.find.documents.contains(d))
        })
        .collect();
    let status = [(false, "open", "Open (nobody addresses it yet)"), (true, "addressed", "Being addressed")]
        .into_iter()
        .map(|(a, code, label)| {
            let n = f.addressed.iter().find(|x| x.0 == a).map_or(0, |x| x.1);
            (code.to_string(), label.to_string(), n, q.find.addressed == Some(a))
        })
        .collect();
    for one in [
        Facet { name: "status", legend: "Open or addressed", values: status },
        Facet { name: "region", legend: "Regional group", values: regions },
        Facet { name: "state", legend: "State party", values: states },
        Facet { name: "cycle", legend: "Review cycle", values: cycles },
        Facet { name: "article", legend: "Article", values: articles },
        Facet { name: "type", legend: "Type of need", values: types },
        Facet { name: "document", legend: "Document naming it", values: documents },
    ] {
        facet(&one, b);
    }
    b.push_str("<label>Sort by<select name=\"sort\">");
    for (order, code, label) in [
        (FindOrder::State, "state", "State party"),
        (FindOrder::Article, "article", "Article"),
        (FindOrder::Type, "type", "Type of need"),
        (FindOrder::Date, "date", "Review finished, newest first"),
    ] {
        let _ = write!(
            b,
            "<option value=\"{code}\"{}>{label}</option>",
            if q.find.order == order { " selected" } else { "" }
        );
    }
    b.push_str("</select></label><label>Per page<select name=\"per\">");
    for per in PER_PAGE {
        let _ = write!(
            b,
            "<option{}>{per}</option>",
            if q.per == per { " selected" } else { "" }
        );
    }
    b.push_str("</select></label><button type=\"submit\">Find</button> <a href=\"/needs\">Clear every filter</a></form>\n");
}

fn table(s: &Snapshot, q: &FinderQuery, found: &Found, b: &mut String) {
    let r = &s.reference;
    let w = &q.folded;
    b.push_str("<table class=\"finder\">\n<caption>Technical assistance needs found</caption>\n<thead><tr><th scope=\"col\">State party</th><th scope=\"col\">Cycle</th><th scope=\"col\">Article</th><th scope=\"col\">Type of need</th><th scope=\"col\">Being addressed</th><th scope=\"col\">Review finished</th><th scope=\"col\">What the documents say</th></tr></thead>\n<tbody>\n");
    for n in &found.needs {
        let name = r
            .find_state(&n.state)
            .map_or_else(|| n.state.clone(), |id| r.state(id).name.clone());
        let article = match r.article(n.article) {
            Some(a) => format!("{} {}", n.article, highlight(&a.title, w)),
            None => "none".into(),
        };
        let label = r
            .types(n.cycle)
            .into_iter()
            .find(|t| t.code == n.need_type)
            .map_or_else(|| n.need_type.clone(), |t| t.label.clone());
        let completed = n
            .completed
            .as_deref()
            .and_then(|d| d.parse::<crate::date::Date>().ok())
            .map_or_else(|| "not recorded".to_string(), crate::report::words::date);
        let mut said = String::new();
        for t in &n.texts {
            let _ = write!(
                said,
                "<p>{} <span class=\"note\">({})</span></p>",
                highlight(&t.text, w),
                t.source.map_or("document not recorded", Source::label)
            );
        }
        let _ = writeln!(
            b,
            "<tr data-need=\"{}\"><th scope=\"row\"><a href=\"/states/{}\">{}</a></th><td>{}</td><td>{article}</td><td>{}</td><td>{}</td><td>{}</td><td>{said}</td></tr>",
            esc(&super::finder::need_id(&n.state, n.cycle, n.article, &n.need_type)),
            esc(&n.state),
            esc(&name),
            n.cycle,
            highlight(&label, w),
            if n.addressed { "yes" } else { "no" },
            esc(&completed)
        );
    }
    b.push_str("</tbody>\n</table>\n");
}

fn pager(q: &FinderQuery, pages: usize, b: &mut String) {
    if pages <= 1 {
        return;
    }
    b.push_str("<nav class=\"pager\" aria-label=\"Pages of needs\"><ul>");
    let item = |p: usize, text: &str, rel: &str| {
        if p == q.page {
            format!("<li><span aria-current=\"page\">{text}</span></li>")
        } else {
            format!(
                "<li><a href=\"/needs?{}\"{rel}>{text}</a></li>",
                link(q, Some(p))
            )
        }
    };
    if q.page > 1 {
        b.push_str(&item(q.page - 1, "Previous", " rel=\"prev\""));
    }
    let mut last = 0;
    for p in (1..=pages).filter(|&p| p == 1 || p == pages || p.abs_diff(q.page) <= 2) {
        if p > last + 1 {
            b.push_str("<li>…</li>");
        }
        b.push_str(&item(p, &p.to_string(), ""));
        last = p;
    }
    if q.page < pages {
        b.push_str(&item(q.page + 1, "Next", " rel=\"next\""));
    }
    b.push_str("</ul></nav>\n");
}

/// The challenges and good practices the words find.
pub(crate) fn other_texts(s: &Snapshot, q: &FinderQuery, hits: &[Hit], b: &mut String) {
    let _ = writeln!(
        b,
        "<h2>Challenges and good practices</h2>\n<p role=\"status\">{} found.</p>",
        counted(hits.len() as u32, "text", "texts")
    );
    if hits.is_empty() {
        return;
    }
    b.push_str("<ol class=\"hits\">\n");
    for h in hits {
        let r = &s.reference;
        let state = r
            .find_state(&h.state)
            .map_or_else(|| h.state.clone(), |id| r.state(id).name.clone());
        let _ = writeln!(
            b,
            "<li><strong>{}</strong>, {}, article {}: {}</li>",
            esc(&state),
            h.kind.replace('_', " "),
            h.article,
            highlight(&h.text, &q.folded)
        );
    }
    b.push_str("</ol>\n");
}
