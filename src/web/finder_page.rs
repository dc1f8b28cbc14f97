//! The finder's HTML, with the portal's components (`view`): the form of
//! filters with their counts, the page of needs with the query's words
//! marked, the pager and the downloads. The finding is `finder.rs`;
//! everything here only lays out what it found, and maud escapes every
//! value (the marked words too: [`highlight`] gives markup, not text).

use super::Snapshot;
use super::finder::{FinderQuery, PER_PAGE, matches, need_id};
use super::view::{self, Markup, html};
use crate::records::Source;
use crate::reference::normalize;
use crate::store::{FindOrder, Found, Hit};

/// `text` with the words of the query marked.
pub(crate) fn highlight(text: &str, folded: &[String]) -> Markup {
    let mut runs = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let alnum = rest.starts_with(|c: char| c.is_alphanumeric());
        let end = rest
            .find(|c: char| c.is_alphanumeric() != alnum)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        let marked = alnum && {
            let token = normalize(run);
            folded.iter().any(|w| matches(w, &token))
        };
        runs.push((run, marked));
        rest = tail;
    }
    html! {
        @for (run, marked) in runs {
            @if marked { mark { (run) } } @else { (run) }
        }
    }
}

/// The finder's page for the query `q` (the part kept for every reader
/// alike: the layout adds who reads).
pub(crate) fn body(s: &Snapshot, q: &FinderQuery, found: &Found) -> Markup {
    let total = found.total as usize;
    let pages = total.div_ceil(q.per).max(1);
    let first = q.find.offset + 1;
    let last = q.find.offset + found.needs.len();
    let base = format!("/needs?{}", query(q));
    html! {
        (form(s, q, found))
        p role="status" {
            (view::count(total, "need", "needs")) " you may read"
            @if !found.needs.is_empty() {
                "; " (first) " to " (last) " shown, page " (q.page) " of " (pages)
            }
            "."
        }
        (downloads(q))
        @if !found.needs.is_empty() {
            (table(s, q, found))
        } @else if total > 0 {
            p { "There is no page " (q.page) ": the last is " a href=(format!("{base}&page={pages}")) { "page " (pages) } "." }
        }
        (view::pager(&base, q.page, pages))
    }
}

/// The query as asked, without its page: what links and downloads carry.
fn query(q: &FinderQuery) -> String {
    serde_urlencoded::to_string(&q.carried).unwrap_or_default()
}

fn downloads(q: &FinderQuery) -> Markup {
    let query = query(q);
    html! {
        p.downloads {
            "Download every need found (all pages): "
            a href=(format!("/needs.csv?{query}")) download { "CSV" } " "
            a href=(format!("/needs.xlsx?{query}")) download { "XLSX" } " "
            a href=(format!("/needs.json?{query}")) { "JSON" }
            "; follow it as an "
            a href=(format!("/feeds/needs.atom?{}", super::feeds::filter_of(q))) type="application/atom+xml" { "Atom feed" }
            " (published needs)"
        }
    }
}

/// One facet: a group of checkboxes, each value with its count.
struct Facet<'a> {
    name: &'a str,
    legend: &'a str,
    /// (value, label, count, chosen)
    values: Vec<(String, String, u64, bool)>,
}

fn facet(f: &Facet) -> Markup {
    let shown: Vec<_> = f.values.iter().filter(|v| v.2 > 0 || v.3).collect();
    let open = shown.len() <= 8 || shown.iter().any(|v| v.3);
    html! {
        @if !shown.is_empty() {
            details.facet open[open] {
                summary { (f.legend) }
                fieldset {
                    legend { (f.legend) }
                    @for (value, label, count, chosen) in &shown {
                        label {
                            input type="checkbox" name=(f.name) value=(value) checked[*chosen];
                            " " (label) " " span.count { "(" (count) ")" }
                        }
                    }
                }
            }
        }
    }
}

fn form(s: &Snapshot, q: &FinderQuery, found: &Found) -> Markup {
    let facets = facets(s, q, found);
    let orders = [
        (FindOrder::State, "state", "State party"),
        (FindOrder::Article, "article", "Article"),
        (FindOrder::Type, "type", "Type of need"),
        (FindOrder::Date, "date", "Review finished, newest first"),
    ];
    html! {
        form.filters.finder method="get" action="/needs" role="search" {
            label { "Words" input type="search" name="q" value=(q.words) maxlength="200"; }
            @for f in &facets { (facet(f)) }
            label {
                "Sort by"
                select name="sort" {
                    @for (order, code, label) in orders {
                        option value=(code) selected[q.find.order == order] { (label) }
                    }
                }
            }
            label {
                "Per page"
                select name="per" {
                    @for per in PER_PAGE { option selected[q.per == per] { (per) } }
                }
            }
            button type="submit" { "Find" }
            " " a href="/needs" { "Clear every filter" }
        }
    }
}

/// The facets of the form, each value with its count and whether chosen.
fn facets(s: &Snapshot, q: &FinderQuery, found: &Found) -> Vec<Facet<'static>> {
    let r = &s.reference;
    let f = &found.facets;
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
    let region_of = |code: &str| r.find_state(code).and_then(|id| r.state(id).region.clone());
    let regions = r
        .regions
        .iter()
        .map(|g| {
            let n = f
                .region_states
                .iter()
                .filter(|(c, _)| region_of(c).as_ref() == Some(&g.code))
                .map(|(_, n)| n)
                .sum();
            (
                g.code.clone(),
                g.name.clone(),
                n,
                q.regions.contains(&g.code),
            )
        })
        .collect();
    let articles = f
        .articles
        .iter()
        .map(|(a, n)| {
            let label = r
                .article(*a)
                .map_or_else(|| "No article".to_string(), |x| format!("{a}. {}", x.title));
            let value = if *a == 0 {
                "none".into()
            } else {
                a.to_string()
            };
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
        .map(|(c, n)| {
            (
                c.to_string(),
                format!("Cycle {c}"),
                *n,
                q.find.cycles.contains(c),
            )
        })
        .collect();
    let documents = f
        .documents
        .iter()
        .map(|(d, n)| {
            let mut label = d.label().to_string();
            if let Some(c) = label.get_mut(..1) {
                c.make_ascii_uppercase();
            }
            (
                d.code().to_string(),
                label,
                *n,
                q.find.documents.contains(d),
            )
        })
        .collect();
    let status = [
        (false, "open", "Open (nobody addresses it yet)"),
        (true, "addressed", "Being addressed"),
    ]
    .into_iter()
    .map(|(a, code, label)| {
        let n = f.addressed.iter().find(|x| x.0 == a).map_or(0, |x| x.1);
        (
            code.to_string(),
            label.to_string(),
            n,
            q.find.addressed == Some(a),
        )
    })
    .collect();
    let facet = |name: &'static str, legend: &'static str, values| Facet {
        name,
        legend,
        values,
    };
    vec![
        facet("status", "Open or addressed", status),
        facet("region", "Regional group", regions),
        facet("state", "State party", states),
        facet("cycle", "Review cycle", cycles),
        facet("article", "Article", articles),
        facet("type", "Type of need", types),
        facet("document", "Document naming it", documents),
    ]
}

fn table(s: &Snapshot, q: &FinderQuery, found: &Found) -> Markup {
    let r = &s.reference;
    let w = &q.folded;
    let rows = found
        .needs
        .iter()
        .map(|n| {
            let name = r
                .find_state(&n.state)
                .map_or_else(|| n.state.clone(), |id| r.state(id).name.clone());
            let label = r
                .types(n.cycle)
                .into_iter()
                .find(|t| t.code == n.need_type)
                .map_or_else(|| n.need_type.clone(), |t| t.label.clone());
            let id = need_id(&n.state, n.cycle, n.article, &n.need_type);
            vec![
                html! { a href=(format!("/states/{}", n.state)) data-need=(id) { (name) } },
                html! { (n.cycle) },
                html! {
                    @match r.article(n.article) {
                        Some(a) => { (n.article) " " (highlight(&a.title, w)) },
                        None => "none",
                    }
                },
                highlight(&label, w),
                html! { @if n.addressed { "yes" } @else { "no" } },
                html! { (n.completed.as_deref().map_or_else(|| "not recorded".to_string(), view::day)) },
                html! {
                    @for t in &n.texts {
                        p { (highlight(&t.text, w)) " " span.note { "(" (t.source.map_or("document not recorded", Source::label)) ")" } }
                    }
                },
            ]
        })
        .collect();
    view::table(&view::Table {
        caption: "Technical assistance needs found",
        columns: vec![
            ("State party", false),
            ("Cycle", true),
            ("Article", false),
            ("Type of need", false),
            ("Being addressed", false),
            ("Review finished", false),
            ("What the documents say", false),
        ],
        rows,
    })
}

/// The challenges and good practices the words find.
pub(crate) fn other_texts(s: &Snapshot, q: &FinderQuery, hits: &[Hit]) -> Markup {
    let r = &s.reference;
    let state = |code: &str| {
        r.find_state(code)
            .map_or_else(|| code.to_string(), |id| r.state(id).name.clone())
    };
    html! {
        h2 { "Challenges and good practices" }
        p role="status" { (view::count(hits.len(), "text", "texts")) " found." }
        @if !hits.is_empty() {
            ol.hits {
                @for h in hits {
                    li {
                        strong { (state(&h.state)) } ", " (h.kind.replace('_', " ")) ", article " (h.article) ": "
                        (highlight(&h.text, &q.folded))
                    }
                }
            }
        }
    }
}
