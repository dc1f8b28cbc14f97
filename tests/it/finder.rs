//! The finder (`/needs`) and its downloads, as every kind of reader, on
//! SQLite and PostgreSQL: the test writes its own records (States with
//! every mix of documents published and shared), computes from them what
//! each reader may read, the counts per value of each filter and the order,
//! and checks the pages, the facets and the CSV, XLSX and JSON files
//! against that; then the open data and the note from the portal.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use tana::accounts::{self, Account, Origin, Role};
use tana::records::{Registry, Source};
use tana::reference::Reference;
use tana::store::{self, Detail, Location};
use tana::web::{App, spawn};

use crate::portal::{add_accounts, login, send, unmarked};
use crate::store::PgDatabase;
use crate::{Dir, s};

const STATES: [&str; 12] = [
    "Viet Nam", "Kenya", "Peru", "France", "Brazil", "India", "Nigeria", "Germany", "Japan",
    "Mexico", "Egypt", "Poland",
];
const ARTICLES: [u8; 5] = [15, 16, 23, 32, 46];
const SOURCES: [&str; 4] = ["", "self_assessment", "country_report", "executive_summary"];

/// Reviews and needs the test makes up: published documents, consent to
/// share and dates vary by State; needs by State, article and type, each
/// named in one or two documents, some with words about witnesses.
fn records(reference: &Reference) -> (String, String) {
    let published = [
        "",
        "executive_summary",
        "country_report;executive_summary",
        "self_assessment;country_report;executive_summary",
    ];
    let mut reviews =
        String::from("state,cycle,completed,documents,published,shared_with_providers\n");
    for (i, state) in STATES.iter().enumerate() {
        let completed = format!("201{}-0{}-1{}", i % 6, i % 9 + 1, i % 10);
        reviews.push_str(&format!(
            "{state},1,{completed},self_assessment;country_report;executive_summary,{},{}\n",
            published[i % 4],
            if i % 3 == 0 { "yes" } else { "no" }
        ));
    }
    let types: Vec<String> = reference
        .types(1)
        .iter()
        .take(4)
        .map(|t| t.code.clone())
        .collect();
    let mut needs = String::from("state,cycle,article,type,source,paragraph,text,addressed_by\n");
    for (i, state) in STATES.iter().enumerate() {
        for (a, article) in ARTICLES.iter().enumerate() {
            for (t, need_type) in types.iter().enumerate() {
                let k = i + 2 * a + 3 * t;
                if k % 3 == 0 {
                    continue;
                }
                let words = if *article == 32 || k % 7 == 0 {
                    format!("Protection of witnesses for need {k}")
                } else {
                    format!("Support for the review for need {k}")
                };
                let by = if k % 5 == 0 { "UNODC" } else { "" };
                needs.push_str(&format!(
                    "{state},1,{article},{need_type},{},1,{words} ({}),{by}\n",
                    SOURCES[k % 4],
                    SOURCES[k % 4]
                ));
                if k % 4 == 1 {
                    let topic = if *article == 32 {
                        "witnesses protected"
                    } else {
                        "review supported"
                    };
                    needs.push_str(&format!(
                        "{state},1,{article},{need_type},{},2,Restated {k}: {topic},{by}\n",
                        SOURCES[3]
                    ));
                }
            }
        }
    }
    (reviews, needs)
}

/// A need as the test expects a reader to see it.
#[derive(Clone, Debug)]
struct Seen {
    id: String,
    state: String,
    region: String,
    cycle: u8,
    article: u8,
    need_type: String,
    addressed: bool,
    completed: Option<String>,
    documents: Vec<Source>,
    /// (document, text) the reader may read.
    texts: Vec<(Option<Source>, String)>,
    /// Folded words of its article's title and its type's label.
    named: Vec<String>,
}

fn fold(text: &str) -> Vec<String> {
    tana::reference::normalize(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every need `who` may know of, with what it may read of it, by the rule
/// of `accounts` applied to the records one by one.
fn seen_by(reference: &Reference, registry: &Registry, who: Option<&Account>) -> Vec<Seen> {
    let mut out = Vec::new();
    for (ni, n) in registry.needs.iter().enumerate() {
        let review = &registry.reviews[n.review as usize];
        let state = reference.state(review.state);
        if !accounts::may_read_need(who, &state.code, review, n.sources) {
            continue;
        }
        let readable = accounts::readable_sources(who, &state.code, review);
        let t = reference.types(review.cycle)[n.need_type as usize];
        let mut texts: Vec<(Option<Source>, String)> = registry
            .need_texts
            .iter()
            .filter(|x| x.need as usize == ni)
            .filter(|x| {
                accounts::may_read_text(
                    who,
                    &state.code,
                    review.published,
                    review.shared_with_providers,
                    x.source.map_or(Origin::Unknown, Origin::Document),
                )
            })
            .map(|x| (x.source, x.text.clone()))
            .collect();
        texts.sort();
        let mut named = fold(&t.label);
        if let Some(a) = reference.article(n.article) {
            named.extend(fold(&a.title));
        }
        out.push(Seen {
            id: format!("{}/{}/{}/{}", state.code, review.cycle, n.article, t.code),
            state: state.code.clone(),
            region: state.region.clone().unwrap_or_default(),
            cycle: review.cycle,
            article: n.article,
            need_type: t.code.clone(),
            addressed: n.addressed,
            completed: review.completed.map(|d| d.to_string()),
            documents: n.sources.iter().filter(|s| readable.contains(*s)).collect(),
            texts,
            named,
        });
    }
    out
}

/// A query, as the test asks it: every filter by name, and the words.
#[derive(Clone, Default)]
struct Ask {
    pairs: Vec<(&'static str, String)>,
}

impl Ask {
    fn of(pairs: &[(&'static str, &str)]) -> Ask {
        Ask {
            pairs: pairs.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        }
    }
    fn query(&self) -> String {
        serde_urlencoded::to_string(&self.pairs).unwrap()
    }
    fn values(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn word_matches(word: &str, token: &str) -> bool {
    token == word || (word.chars().count() >= 3 && token.starts_with(word))
}

/// Whether a need meets every filter of `ask` but `except`.
fn meets(n: &Seen, ask: &Ask, reference: &Reference, except: &str) -> bool {
    let within = |key: &str, value: &str| {
        let wanted = ask.values(key);
        key == except || wanted.is_empty() || wanted.contains(&value)
    };
    let state_code = |name: &str| {
        reference
            .state(reference.find_state(name).unwrap())
            .code
            .clone()
    };
    let states: Vec<String> = ask.values("state").iter().map(|v| state_code(v)).collect();
    let status = if n.addressed { "addressed" } else { "open" };
    let documents_ok = except == "document"
        || ask.values("document").is_empty()
        || n.documents
            .iter()
            .any(|d| ask.values("document").contains(&d.code()));
    let words = ask
        .values("q")
        .iter()
        .flat_map(|q| fold(q))
        .collect::<Vec<_>>();
    let words_ok = words.iter().all(|w| {
        n.named.iter().any(|t| word_matches(w, t))
            || n.texts
                .iter()
                .any(|(_, text)| fold(text).iter().any(|t| word_matches(w, t)))
    });
    (except == "state" || states.is_empty() || states.contains(&n.state))
        && within("region", &n.region)
        && within("article", &n.article.to_string())
        && within("type", &n.need_type)
        && within("cycle", &n.cycle.to_string())
        && within("status", status)
        && documents_ok
        && words_ok
}

/// The counts per value of each facet the test expects.
fn expected_facets(
    seen: &[Seen],
    ask: &Ask,
    reference: &Reference,
) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for n in seen {
        let status = if n.addressed { "addressed" } else { "open" };
        let mut values = vec![
            ("state", n.state.clone()),
            ("region", n.region.clone()),
            ("article", n.article.to_string()),
            ("type", n.need_type.clone()),
            ("cycle", n.cycle.to_string()),
            ("status", status.to_string()),
        ];
        values.extend(
            n.documents
                .iter()
                .map(|d| ("document", d.code().to_string())),
        );
        for (facet, value) in values {
            if meets(n, ask, reference, facet) {
                *counts.entry((facet.to_string(), value)).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// The facets a page shows: (name, value) → count, from its checkboxes.
fn page_facets(page: &str) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    for part in page.split("<input type=\"checkbox\" name=\"").skip(1) {
        let name = part.split('"').next().unwrap().to_string();
        let value = part
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let count: u64 = part
            .split("<span class=\"count\">(")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        if count > 0 {
            out.insert((name, value), count);
        }
    }
    out
}

/// The needs a page lists, in order.
fn page_ids(page: &str) -> Vec<String> {
    page.split(" data-need=\"")
        .skip(1)
        .map(|p| p.split('"').next().unwrap().to_string())
        .collect()
}

/// The expected needs of `ask`, in the order its `sort` asks for.
fn expected(seen: &[Seen], ask: &Ask, reference: &Reference) -> Vec<Seen> {
    let mut found: Vec<Seen> = seen
        .iter()
        .filter(|n| meets(n, ask, reference, ""))
        .cloned()
        .collect();
    let sort = ask.values("sort").first().copied().unwrap_or("state");
    found.sort_by(|a, b| {
        let key = |n: &Seen| (n.state.clone(), n.cycle, n.article, n.need_type.clone());
        let first = match sort {
            "article" => a.article.cmp(&b.article),
            "type" => a.need_type.cmp(&b.need_type),
            "date" => (a.completed.is_none(), b.completed.clone())
                .cmp(&(b.completed.is_none(), a.completed.clone())),
            _ => std::cmp::Ordering::Equal,
        };
        first.then_with(|| match sort {
            "type" => {
                (a.state.clone(), a.cycle, a.article).cmp(&(b.state.clone(), b.cycle, b.article))
            }
            _ => key(a).cmp(&key(b)),
        })
    });
    found
}

/// The texts of a row of a download, by column.
fn text_columns(n: &Seen) -> BTreeMap<String, String> {
    let column = |s: Option<Source>| match s {
        Some(s) => format!("text_{}", s.code()),
        None => "text_unrecorded".to_string(),
    };
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (s, t) in &n.texts {
        out.entry(column(*s)).or_default().push(t.clone());
    }
    out.into_iter()
        .map(|(k, v)| (k, v.join("\n")))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

pub(crate) fn get(addr: SocketAddr, path: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let mut head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(c) = token {
        head.push_str(&format!("Cookie: tana_session={c}\r\n"));
    }
    write!(stream, "{head}\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let headers = String::from_utf8_lossy(&raw[..at]).to_string();
    let mut body = raw[at + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    (headers[9..12].parse().unwrap(), headers, body)
}

fn unchunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..line]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[line + 2..line + 2 + size]);
        raw = &raw[line + 2 + size + 2..];
    }
}

/// The rows of a downloaded table, as column → text, in each format.
pub(crate) fn download(
    addr: SocketAddr,
    path: &str,
    token: Option<&str>,
) -> [Vec<BTreeMap<String, String>>; 3] {
    let fetch = |ext: &str| {
        let (status, headers, body) = get(addr, &path.replacen("?", &format!(".{ext}?"), 1), token);
        assert_eq!(
            status,
            200,
            "{path} .{ext}: {}",
            String::from_utf8_lossy(&body)
        );
        assert!(headers.contains("attachment; filename="), "{headers}");
        body
    };
    let csv_rows = {
        let body = fetch("csv");
        let mut r = csv::Reader::from_reader(body.as_slice());
        let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        r.records()
            .map(|row| {
                let row = row.unwrap();
                headers
                    .iter()
                    .zip(row.iter())
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(h, v)| (h.clone(), v.to_string()))
                    .collect()
            })
            .collect()
    };
    let json_rows = {
        let body = fetch("json");
        let rows: Vec<serde_json::Map<String, serde_json::Value>> =
            serde_json::from_slice(&body).unwrap();
        rows.into_iter()
            .map(|o| {
                o.into_iter()
                    .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                    .collect()
            })
            .collect()
    };
    let xlsx_rows = {
        use calamine::{Data, Reader, Xlsx};
        let body = fetch("xlsx");
        let mut book = Xlsx::new(std::io::Cursor::new(body)).unwrap();
        let name = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&name).unwrap();
        let mut rows = range.rows();
        let headers: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
        rows.map(|row| {
            headers
                .iter()
                .zip(row)
                .filter(|(_, c)| !matches!(c, Data::Empty) && !c.to_string().is_empty())
                .map(|(h, c)| (h.clone(), c.to_string()))
                .collect()
        })
        .collect()
    };
    [csv_rows, json_rows, xlsx_rows]
}

/// The finder as each reader: pages, facets, order and downloads.
fn finder(location: &Location) {
    add_accounts(
        location,
        &[
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
            ("donor", Role::Provider, None),
        ],
    );
    let mut st = store::open(location).unwrap();
    let reference = st.reference().unwrap();
    let registry = st.registry(&reference, Detail::Everything).unwrap();
    drop(st);
    let addr = spawn(
        App::open(location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let readers: Vec<(&str, Option<Account>, Option<String>)> = vec![
        ("public", None, None),
        (
            "sec",
            Some(account("sec", Role::Secretariat, None)),
            Some(login(addr, "sec").0),
        ),
        (
            "vn",
            Some(account("vn", Role::FocalPoint, Some("VNM"))),
            Some(login(addr, "vn").0),
        ),
        (
            "donor",
            Some(account("donor", Role::Provider, None)),
            Some(login(addr, "donor").0),
        ),
    ];
    let asks = [
        Ask::default(),
        Ask::of(&[
            ("state", "Viet Nam"),
            ("state", "Kenya"),
            ("status", "open"),
        ]),
        Ask::of(&[("document", "country_report"), ("sort", "article")]),
        Ask::of(&[("q", "witness"), ("sort", "date"), ("per", "100")]),
        Ask::of(&[
            ("q", "legislative"),
            ("region", "AFR"),
            ("region", "GRULAC"),
            ("sort", "type"),
        ]),
        Ask::of(&[
            ("q", "restated witnesses"),
            ("cycle", "1"),
            ("article", "32"),
            ("article", "16"),
        ]),
    ];
    let everything = seen_by(&reference, &registry, readers[1].1.as_ref());
    let public = seen_by(&reference, &registry, None);
    assert!(
        public.len() < everything.len(),
        "the records hold needs the public may not see"
    );
    assert!(everything.iter().any(|n| n.addressed) && everything.iter().any(|n| !n.addressed));
    let every_text: BTreeSet<String> = registry.need_texts.iter().map(|t| t.text.clone()).collect();
    for (who, account, token) in &readers {
        let token = token.as_deref();
        let seen = seen_by(&reference, &registry, account.as_ref());
        assert!(!seen.is_empty(), "{who} reads some needs");
        for ask in &asks {
            let want = expected(&seen, ask, &reference);
            let query = ask.query();
            let context = format!("{who} /needs?{query}");
            // The pages, one after the other, hold the result set once.
            let per: usize = ask.values("per").first().map_or(50, |p| p.parse().unwrap());
            let pages = want.len().div_ceil(per).max(1);
            let mut listed = Vec::new();
            for p in 1..=pages {
                let (status, _, body) = get(addr, &format!("/needs?{query}&page={p}"), token);
                assert_eq!(status, 200, "{context}");
                let page = String::from_utf8(body).unwrap();
                let ids = page_ids(&page);
                assert!(ids.len() <= per, "{context}");
                listed.extend(ids);
                if p == 1 {
                    assert_eq!(
                        page_facets(&page),
                        expected_facets(&seen, ask, &reference),
                        "{context}: facets"
                    );
                    assert!(
                        page.contains(&format!("{} you may read", counted(want.len()))),
                        "{context}"
                    );
                    if !ask.values("q").is_empty() && !want.is_empty() {
                        assert!(page.contains("<mark>"), "{context}: the words are marked");
                    }
                }
                for text in &every_text {
                    let may = want.iter().any(|n| n.texts.iter().any(|(_, t)| t == text));
                    if !may && !seen.iter().any(|n| n.texts.iter().any(|(_, t)| t == text)) {
                        assert!(
                            !unmarked(&page).contains(text.as_str()),
                            "{context} shows `{text}`"
                        );
                    }
                }
            }
            let want_ids: Vec<String> = want.iter().map(|n| n.id.clone()).collect();
            assert_eq!(listed, want_ids, "{context}: the pages");
            // Each download holds what the pages hold, with the texts the
            // reader may read and no other.
            for (format, rows) in ["csv", "json", "xlsx"].iter().zip(download(
                addr,
                &format!("/needs?{query}"),
                token,
            )) {
                let ids: Vec<String> = rows.iter().map(|r| r["id"].clone()).collect();
                assert_eq!(ids, want_ids, "{context} .{format}");
                for (row, n) in rows.iter().zip(&want) {
                    let texts: BTreeMap<String, String> = row
                        .iter()
                        .filter(|(k, _)| k.starts_with("text_"))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    assert_eq!(texts, text_columns(n), "{context} .{format} {}", n.id);
                    assert_eq!(
                        row["addressed"],
                        if n.addressed { "yes" } else { "no" },
                        "{context}"
                    );
                }
            }
        }
        // Refusals name the field.
        for (path, says) in [
            ("/needs?article=x", "article: `x`"),
            ("/needs?per=7", "per: `7`"),
            ("/needs?sort=size", "sort: `size`"),
            ("/needs.csv?state=Atlantis", "state: `Atlantis`"),
        ] {
            let (status, _, body) = send(addr, "GET", path, token, "");
            assert_eq!(status, 400, "{who} {path}");
            assert!(body.contains(says), "{who} {path}: {body}");
        }
        assert_eq!(get(addr, "/needs.pdf", token).0, 404);
    }
}

/// "1 need", "12 needs" (the test's records hold fewer than a thousand).
fn counted(n: usize) -> String {
    if n == 1 {
        "1 need".into()
    } else {
        format!("{n} needs")
    }
}

fn account(name: &str, role: Role, state: Option<&str>) -> Account {
    Account {
        name: name.into(),
        role,
        state: state.map(str::to_string),
    }
}

/// A workspace of the test's own records.
fn workspace() -> Dir {
    let d = Dir::new();
    d.ok(&["init"]);
    let (reviews, needs) = records(&Reference::uncac());
    let r = d.write("reviews.csv", &reviews);
    let n = d.write("needs.csv", &needs);
    d.ok(&["import", s(&r), s(&n)]);
    d
}

#[test]
fn the_finder_as_every_reader_on_sqlite() {
    let d = workspace();
    finder(&Location::Sqlite(d.db()));
}

#[test]
fn the_finder_as_every_reader_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = workspace();
    d.ok(&["copy", "--to", &pg.url]);
    finder(&Location::Postgres(pg.url.clone()));
}

/// The codebook as the portal gives it: file → column → (holds, codes,
/// several).
type Codebook = BTreeMap<String, BTreeMap<String, (String, BTreeSet<String>, bool)>>;

fn codebook(addr: SocketAddr) -> Codebook {
    let (status, _, body) = get(addr, "/data/codebook.json", None);
    assert_eq!(status, 200);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&body).unwrap();
    let mut book = Codebook::new();
    for r in rows {
        let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
        let codes = text("codes")
            .split("; ")
            .filter(|c| !c.is_empty())
            .map(|c| c.split('=').next().unwrap().to_string())
            .collect();
        book.entry(text("file")).or_default().insert(
            text("column"),
            (text("holds"), codes, text("several") == "yes"),
        );
    }
    book
}

/// The demo with the examples, served: the open data, checked against
/// the codebook and the rule; the note as PDF.
#[test]
fn open_data_the_codebook_and_the_note_as_pdf() {
    let d = Dir::new();
    d.ok(&["demo", "--with-examples"]);
    let location = Location::Sqlite(d.db());
    let mut st = store::open(&location).unwrap();
    let reference = st.reference().unwrap();
    let registry = st.registry(&reference, Detail::Everything).unwrap();
    assert_eq!(
        st.origin().unwrap().as_deref(),
        Some("demo"),
        "still a demo"
    );
    drop(st);
    // --with-examples: the examples' needs of Viet Nam are there, by name,
    // beside the demo's pseudonyms.
    let examples = std::fs::read_to_string(crate::project("examples/needs.csv")).unwrap();
    let vnm: BTreeSet<(String, String)> = examples
        .lines()
        .filter(|l| l.starts_with("Viet Nam,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].to_string(), f[3].to_string())
        })
        .collect();
    let vn = reference.find_state("Viet Nam").unwrap();
    let stored = registry
        .needs
        .iter()
        .filter(|n| registry.reviews[n.review as usize].state == vn)
        .count();
    assert_eq!(stored, vnm.len());
    assert!(
        registry
            .reviews
            .iter()
            .any(|r| reference.state(r.state).code.contains('-'))
    );

    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let book = codebook(addr);
    let (status, _, page) = get(addr, "/data", None);
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    let public = seen_by(&reference, &registry, None);
    for (file, columns) in &book {
        assert!(
            page.contains(&format!("/data/{file}.csv")),
            "/data offers {file}"
        );
        let [csv_rows, json_rows, xlsx_rows] = download(addr, &format!("/data/{file}?"), None);
        assert_eq!(csv_rows, json_rows, "{file}: CSV and JSON");
        assert_eq!(csv_rows.len(), xlsx_rows.len(), "{file}: CSV and XLSX");
        let (_, _, raw) = get(addr, &format!("/data/{file}.csv"), None);
        let headers: Vec<String> = csv::Reader::from_reader(raw.as_slice())
            .headers()
            .unwrap()
            .iter()
            .map(str::to_string)
            .collect();
        let described: Vec<String> = columns.keys().cloned().collect();
        let mut sorted = headers.clone();
        sorted.sort();
        assert_eq!(
            sorted, described,
            "{file}: every column described, none else"
        );
        let mut ids = BTreeSet::new();
        for row in &csv_rows {
            if let Some(id) = row.get("id") {
                assert!(ids.insert(id.clone()), "{file}: `{id}` names one record");
            }
            for (column, value) in row {
                let (holds, codes, several) = &columns[column];
                assert!(!holds.is_empty(), "{file}.{column}");
                let values: Vec<&str> = if *several {
                    value.split(';').collect()
                } else {
                    vec![value]
                };
                for v in values {
                    assert!(
                        codes.is_empty() || codes.contains(v),
                        "{file}.{column}: `{v}` is no code of the codebook"
                    );
                }
            }
        }
        if file == "needs" {
            let want: BTreeSet<String> = public.iter().map(|n| n.id.clone()).collect();
            assert_eq!(ids, want, "the needs file holds what the public may read");
            let (_, _, finder) = get(addr, "/needs.csv", None);
            assert_eq!(raw, finder, "the needs file is the finder's, as the public");
        }
        if file == "challenges" {
            let want = registry
                .challenges
                .iter()
                .filter(|c| {
                    let r = &registry.reviews[c.review as usize];
                    accounts::may_read_text(
                        None,
                        &reference.state(r.state).code,
                        r.published,
                        r.shared_with_providers,
                        Origin::Findings,
                    )
                })
                .count();
            assert_eq!(csv_rows.len(), want, "public challenges");
        }
    }
    for file in [
        "reviews",
        "needs",
        "challenges",
        "good_practices",
        "assistance",
        "aggregates",
    ] {
        assert!(book.contains_key(file), "{file} in the codebook");
    }
    // The aggregates are the note's: the needs per article add up to the
    // needs the analysis counts.
    let [aggregates, _, _] = download(addr, "/data/aggregates?", None);
    let per_article: u64 = aggregates
        .iter()
        .filter(|r| r["measure"] == "needs" && !r.contains_key("region") && !r.contains_key("type"))
        .map(|r| r["count"].parse::<u64>().unwrap())
        .sum();
    let sample = tana::analysis::Sample {
        cycle: 1,
        ..Default::default()
    };
    let a = tana::analysis::analyse(
        &registry,
        &reference,
        &sample,
        tana::analysis::DEFAULT_CHALLENGE_THRESHOLD,
    );
    let counted: u64 = a
        .articles
        .iter()
        .map(|x| u64::from(x.total.needs))
        .sum::<u64>()
        + u64::from(a.general.total.needs);
    assert_eq!(per_article, counted);
    assert_eq!(get(addr, "/data/nothing.csv", None).0, 404);
    assert_eq!(get(addr, "/data/needs.pdf", None).0, 404);

    // The note as PDF, where Chromium is; a clear 503 where it is not.
    let (status, headers, body) = get(addr, "/report.pdf", None);
    if tana::render::pdf::chromium().is_some() {
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        assert!(headers.contains("application/pdf") && body.starts_with(b"%PDF"));
        let (_, _, again) = get(addr, "/report.pdf", None);
        assert_eq!(again, body, "kept until the records change");
    } else {
        eprintln!("skipped the PDF itself: no Chromium");
        assert_eq!(status, 503);
        assert!(String::from_utf8_lossy(&body).contains("Chromium"));
    }
}
