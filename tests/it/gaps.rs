//! Peers and the gap matrix, on SQLite and PostgreSQL: the test writes its
//! own records (States of two groups with different documents published,
//! one sharing with providers; needs in two cycles, some addressed by a
//! provider the words name, one by an accepted IATI link; good practices),
//! computes from them what each reader may know, and checks `tana peers`,
//! the State's page, `/gaps` and its CSV, XLSX and JSON against that; then
//! the portal's report against `tana report`'s needs being addressed.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use serde_json::Value;
use tana::accounts::Role;
use tana::reference::Reference;
use tana::store::Location;
use tana::web::{App, spawn};

use crate::finder::{download, get};
use crate::portal::{add_accounts, login};
use crate::store::PgDatabase;
use crate::{Dir, project, s};

/// (state, cycle, published documents, shared with providers)
const REVIEWS: [(&str, u8, &str, bool); 6] = [
    ("Viet Nam", 1, "executive_summary", false),
    ("Kenya", 1, "country_report;executive_summary", false),
    ("Uganda", 1, "executive_summary", true),
    ("Brazil", 1, "", false),
    ("Kenya", 2, "executive_summary", false),
    ("Peru", 2, "executive_summary", false),
];
const SOURCES: [&str; 4] = ["", "self_assessment", "country_report", "executive_summary"];
/// The accepted IATI link (tests/data/follow/viet-nam.xml, imported for
/// no account: its provider is its reporting organisation).
const LINK: &str = "XX-TEST-VN-1:VNM:1:16:legislative_drafting";
const LINKED_BY: &str = "XX-TEST";

/// One row of the needs file the test writes.
#[derive(Clone, Debug)]
struct Row {
    state: &'static str,
    cycle: u8,
    article: u8,
    need_type: String,
    source: &'static str,
    by: &'static str,
}

fn code(reference: &Reference, name: &str) -> String {
    reference
        .state(reference.find_state(name).unwrap())
        .code
        .clone()
}

/// The needs: every State of a cycle on three articles and three types,
/// named in a document that varies, some addressed by a named provider.
fn rows(reference: &Reference) -> Vec<Row> {
    let mut out = vec![Row {
        state: "Viet Nam",
        cycle: 1,
        article: 16,
        need_type: "legislative_drafting".into(),
        source: "country_report",
        by: "",
    }];
    for (i, &(state, cycle, _, _)) in REVIEWS.iter().enumerate() {
        let articles: [u8; 3] = if cycle == 1 { [16, 31, 46] } else { [9, 52, 0] };
        let types: Vec<String> = reference
            .types(cycle)
            .iter()
            .take(3)
            .map(|t| t.code.clone())
            .collect();
        for (a, &article) in articles.iter().enumerate() {
            for (t, need_type) in types.iter().enumerate() {
                let k = i + 2 * a + 3 * t;
                if k % 4 == 0 || (state == "Viet Nam" && article == 16 && t == 0) {
                    continue;
                }
                let by = match k % 5 {
                    0 => "UNODC",
                    3 => "GIZ",
                    _ => "",
                };
                out.push(Row {
                    state,
                    cycle,
                    article,
                    need_type: need_type.clone(),
                    source: SOURCES[k % 4],
                    by,
                });
            }
        }
    }
    out
}

/// (state, cycle, article, text)
const PRACTICES: [(&str, u8, u8, &str); 5] = [
    (
        "Uganda",
        1,
        16,
        "Uganda's published practice on foreign bribery",
    ),
    (
        "Brazil",
        1,
        16,
        "Brazil's unpublished practice on foreign bribery",
    ),
    (
        "Viet Nam",
        1,
        31,
        "Viet Nam's published practice on confiscation",
    ),
    (
        "Kenya",
        1,
        46,
        "Kenya's practice on mutual legal assistance",
    ),
    ("Peru", 2, 52, "Peru's practice on asset recovery"),
];

fn workspace(d: &Dir, db: &str, reference: &Reference) {
    d.ok_on(db, &["init"]);
    let mut reviews =
        String::from("state,cycle,completed,documents,published,shared_with_providers\n");
    for (state, cycle, published, shared) in REVIEWS {
        reviews.push_str(&format!(
            "{state},{cycle},2015-0{cycle}-01,self_assessment;country_report;executive_summary,{published},{}\n",
            if shared { "yes" } else { "no" }
        ));
    }
    let mut needs = String::from("state,cycle,article,type,source,paragraph,text,addressed_by\n");
    for r in rows(reference) {
        let article = if r.article == 0 {
            String::new()
        } else {
            r.article.to_string()
        };
        let text = if r.state == "Viet Nam" && r.article == 16 {
            "Drafting of the offence of foreign bribery".to_string()
        } else {
            format!("Need on article {article} ({})", r.source)
        };
        needs.push_str(&format!(
            "{},{},{article},{},{},,{text},{}\n",
            r.state, r.cycle, r.need_type, r.source, r.by
        ));
    }
    let mut practices = String::from("state,cycle,article,text\n");
    for (state, cycle, article, text) in PRACTICES {
        practices.push_str(&format!("{state},{cycle},{article},{text}\n"));
    }
    let files = [
        d.write("reviews.csv", &reviews),
        d.write("needs.csv", &needs),
        d.write("good_practices.csv", &practices),
    ];
    d.ok_on(db, &["import", s(&files[0]), s(&files[1]), s(&files[2])]);
    d.ok_on(
        db,
        &[
            "iati",
            "import",
            s(&project("tests/data/follow/viet-nam.xml")),
        ],
    );
    d.ok_on(db, &["match", "--accept", LINK]);
}

/// A reader as the rules see it: who, and the State of a focal point.
#[derive(Clone, Copy)]
struct Reader {
    name: &'static str,
    role: Option<Role>,
    state: Option<&'static str>,
}

const READERS: [Reader; 4] = [
    Reader {
        name: "public",
        role: None,
        state: None,
    },
    Reader {
        name: "sec",
        role: Some(Role::Secretariat),
        state: None,
    },
    Reader {
        name: "vn",
        role: Some(Role::FocalPoint),
        state: Some("Viet Nam"),
    },
    Reader {
        name: "donor",
        role: Some(Role::Provider),
        state: None,
    },
];

impl Reader {
    fn sees_all(&self, state: &str) -> bool {
        self.role == Some(Role::Secretariat) || self.state == Some(state)
    }
    /// Whether the reader may read what `source` of the State's review says
    /// ("" for no document recorded).
    fn reads(&self, state: &str, cycle: u8, source: &str) -> bool {
        let (_, _, published, shared) = REVIEWS
            .iter()
            .find(|r| r.0 == state && r.1 == cycle)
            .unwrap();
        if self.sees_all(state) {
            return true;
        }
        !source.is_empty()
            && ((self.role == Some(Role::Provider) && *shared)
                || published.split(';').any(|p| p == source))
    }
    fn reads_findings(&self, state: &str, cycle: u8) -> bool {
        self.reads(state, cycle, "country_report") || self.reads(state, cycle, "executive_summary")
    }
}

/// One need as the test knows it: its documents, and its providers with
/// the document naming each (None: an assistance record of no account).
#[derive(Default, Debug)]
struct Need {
    sources: Vec<&'static str>,
    providers: Vec<(Option<&'static str>, String)>,
}

type Key = (&'static str, u8, u8, String);

fn needs(reference: &Reference) -> BTreeMap<Key, Need> {
    let mut out: BTreeMap<Key, Need> = BTreeMap::new();
    for r in rows(reference) {
        let n = out
            .entry((r.state, r.cycle, r.article, r.need_type.clone()))
            .or_default();
        n.sources.push(r.source);
        if !r.by.is_empty() {
            n.providers.push((Some(r.source), r.by.to_string()));
        }
    }
    let linked = out
        .get_mut(&("Viet Nam", 1, 16, "legislative_drafting".to_string()))
        .unwrap();
    linked.providers.push((None, LINKED_BY.to_string()));
    out
}

impl Reader {
    fn knows(&self, (state, cycle, ..): &Key, n: &Need) -> bool {
        n.sources.iter().any(|src| self.reads(state, *cycle, src))
    }
    fn providers(&self, (state, cycle, ..): &Key, n: &Need) -> BTreeSet<String> {
        n.providers
            .iter()
            .filter(|(src, _)| match src {
                Some(src) => self.reads(state, *cycle, src),
                // An assistance record of no account: the rule of assistance.
                None => self.sees_all(state),
            })
            .map(|(_, name)| name.clone())
            .collect()
    }
}

/// A cell as the test expects it: open, addressed, providers.
type Cells = BTreeMap<(String, String), (u32, u32, BTreeSet<String>)>;

/// The cells of cycle `cycle` as `who` may know them, State × article or
/// group × type (`by_group`).
fn expected(reference: &Reference, who: Reader, cycle: u8, by_group: bool) -> Cells {
    let mut cells = Cells::new();
    for (key, n) in needs(reference) {
        if key.1 != cycle || !who.knows(&key, &n) {
            continue;
        }
        let (state, _, article, need_type) = &key;
        let at = if by_group {
            let id = reference.find_state(state).unwrap();
            let region = reference.state(id).region.clone().unwrap();
            (region, need_type.clone())
        } else {
            let column = if *article == 0 {
                "none".to_string()
            } else {
                article.to_string()
            };
            (code(reference, state), column)
        };
        let cell = cells.entry(at).or_default();
        if n.providers.is_empty() {
            cell.0 += 1;
        } else {
            cell.1 += 1;
        }
        cell.2.extend(who.providers(&key, &n));
    }
    cells
}

/// The cells of a download's rows.
fn cells_of(rows: &[BTreeMap<String, String>]) -> Cells {
    rows.iter()
        .map(|r| {
            let names: BTreeSet<String> = r
                .get("provider_names")
                .map(|n| n.split("; ").map(str::to_string).collect())
                .unwrap_or_default();
            assert_eq!(r["providers"], names.len().to_string(), "{r:?}");
            let open: u32 = r["open"].parse().unwrap();
            assert_eq!(
                r["nobody_covers"] == "yes",
                open > 0 && names.is_empty(),
                "{r:?}"
            );
            (
                (r["row"].clone(), r["column"].clone()),
                (open, r["addressed"].parse().unwrap(), names),
            )
        })
        .collect()
}

fn gaps(addr: SocketAddr, reference: &Reference, sessions: &[(Reader, Option<String>)]) {
    for (who, token) in sessions {
        let token = token.as_deref();
        for (query, cycle, by_group) in [
            ("/gaps?cycle=1", 1, false),
            ("/gaps?cycle=2", 2, false),
            ("/gaps?by=group-type&cycle=1", 1, true),
        ] {
            let want = expected(reference, *who, cycle, by_group);
            assert!(!want.is_empty());
            let [csv, json, xlsx] = download(addr, query, token);
            let got = cells_of(&json);
            assert_eq!(got, want, "{} {query}", who.name);
            assert_eq!(cells_of(&csv), got, "{} {query}: CSV", who.name);
            assert_eq!(cells_of(&xlsx), got, "{} {query}: XLSX", who.name);
            // The page holds each cell, in its heat map and its table.
            let (status, _, page) = get(addr, query, token);
            assert_eq!(status, 200);
            let page = String::from_utf8(page).unwrap();
            for row in &json {
                let title = format!(
                    "{}, {}: {} open, {} being addressed",
                    row["row_label"], row["column_label"], row["open"], row["addressed"]
                );
                assert!(page.contains(&title), "{} {query}: {title}", who.name);
            }
            let marked = want.values().filter(|c| c.0 > 0 && c.2.is_empty()).count();
            assert_eq!(page.matches("; no provider known</title>").count(), marked);
        }
        // The filters of the finder: a group, an article, a type.
        let [_, json, _] = download(addr, "/gaps?cycle=1&region=AFR&article=16", token);
        let want: Cells = expected(reference, *who, 1, false)
            .into_iter()
            .filter(|((state, article), _)| {
                article == "16" && matches!(state.as_str(), "KEN" | "UGA")
            })
            .collect();
        assert_eq!(cells_of(&json), want, "{}: AFR, article 16", who.name);
    }
    // A provider's words of an unpublished document never reach the public.
    let [_, public, _] = download(addr, "/gaps?cycle=1", None);
    assert!(public.iter().all(|r| {
        r.get("provider_names")
            .is_none_or(|n| !n.contains(LINKED_BY))
    }));
    for (path, field) in [
        ("/gaps?cycle=9", "cycle: `9`"),
        ("/gaps.csv?by=diagonal", "by: `diagonal`"),
        ("/gaps.json?article=99", "article: `99`"),
        ("/gaps?type=nonsense", "type: `nonsense`"),
    ] {
        let (status, _, body) = get(addr, path, None);
        assert_eq!(status, 400, "{path}");
        assert!(String::from_utf8_lossy(&body).contains(field), "{path}");
    }
    let (status, _, _) = get(addr, "/gaps.pdf", None);
    assert_eq!(status, 404);
}

/// The peers of Kenya's open needs of cycle 1 as `who` may know them:
/// (article, type) → the peers' codes, best first.
fn expected_peers(reference: &Reference, who: Reader) -> BTreeMap<(u8, String), Vec<String>> {
    let all = needs(reference);
    let group = |state: &str| {
        let id = reference.find_state(state).unwrap();
        reference.state(id).region.clone()
    };
    let mut out = BTreeMap::new();
    for (key, n) in &all {
        let (state, cycle, article, need_type) = key;
        if *state != "Kenya"
            || *cycle != 1
            || *article == 0
            || !n.providers.is_empty()
            || !who.knows(key, n)
        {
            continue;
        }
        // (same group, weight, name, code)
        let mut peers: BTreeMap<&str, (bool, usize, String)> = BTreeMap::new();
        for (st, c, a, _) in PRACTICES {
            if st != "Kenya" && c == 1 && a == *article && who.reads_findings(st, c) {
                peers
                    .entry(st)
                    .or_insert((group(st) == group("Kenya"), 0, code(reference, st)))
                    .1 += 1;
            }
        }
        for (other, m) in &all {
            if other.0 != "Kenya"
                && other.1 == 1
                && other.2 == *article
                && other.3 == *need_type
                && !m.providers.is_empty()
                && who.knows(other, m)
            {
                peers
                    .entry(other.0)
                    .or_insert((
                        group(other.0) == group("Kenya"),
                        0,
                        code(reference, other.0),
                    ))
                    .1 += 1;
            }
        }
        let mut list: Vec<(&str, (bool, usize, String))> = peers.into_iter().collect();
        list.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(b.1.1.cmp(&a.1.1)).then(a.0.cmp(b.0)));
        out.insert(
            (*article, need_type.clone()),
            list.into_iter().map(|p| p.1.2).collect(),
        );
    }
    out
}

fn peers_of(value: &Value) -> BTreeMap<(u8, String), Vec<String>> {
    value["open_needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                (
                    n["article"].as_u64().unwrap() as u8,
                    n["type"].as_str().unwrap().to_string(),
                ),
                n["peers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["state"].as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn peers(
    d: &Dir,
    db: &str,
    addr: SocketAddr,
    reference: &Reference,
    sessions: &[(Reader, Option<String>)],
) {
    let out: Value =
        serde_json::from_str(&d.ok_on(db, &["peers", "Kenya", "--cycle", "1", "--format", "json"]))
            .unwrap();
    let want = expected_peers(reference, READERS[1]);
    assert!(want.values().any(|p| p.len() > 1), "{want:?}");
    assert_eq!(peers_of(&out), want);
    let text = d.ok_on(db, &["peers", "KEN", "--cycle", "1"]);
    assert!(
        text.contains("Uganda's published practice")
            && text.contains("Brazil's unpublished practice"),
        "{text}"
    );
    let refused = d.tana_on(db, &["peers", "Atlantis"]);
    assert_eq!(refused.status.code(), Some(2));
    // The State's page: the peers each reader may know of, and only the
    // words of practices the reader may read.
    for (who, token) in sessions {
        let (status, _, page) = get(addr, "/states/KEN", token.as_deref());
        assert_eq!(status, 200);
        let page = String::from_utf8(page).unwrap();
        let section = page.split("Peers who can help").nth(1).unwrap();
        let section = section.split("<h2>").next().unwrap();
        let want = expected_peers(reference, *who);
        let headings =
            section.matches("(cycle 1)</h3>").count() + section.matches("(cycle 1)</li>").count();
        assert_eq!(headings, want.len(), "{}", who.name);
        for (state, cycle, article, text) in PRACTICES.into_iter().filter(|p| p.1 == 1) {
            let shown = state != "Kenya"
                && who.reads_findings(state, cycle)
                && want.keys().any(|(a, _)| *a == article);
            assert_eq!(section.contains(text), shown, "{} and `{text}`", who.name);
        }
    }
}

/// The portal's report counts the needs being addressed and their
/// providers as `tana report` does.
fn report(d: &Dir, db: &str, addr: SocketAddr) {
    let cli: Value =
        serde_json::from_str(&d.ok_on(db, &["report", "--cycle", "1", "--format", "json"]))
            .unwrap();
    let (status, _, body) = get(addr, "/report.json?cycle=1", None);
    assert_eq!(status, 200);
    let portal: Value = serde_json::from_slice(&body).unwrap();
    let addressed = |r: &Value| -> Vec<Value> {
        r["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b.to_string().contains("being addressed"))
            .cloned()
            .collect()
    };
    let from_cli = addressed(&cli);
    assert!(
        from_cli.iter().any(|b| b.to_string().contains("providers")),
        "{from_cli:?}"
    );
    assert_eq!(addressed(&portal), from_cli);
}

fn story(d: &Dir, db: &str) {
    let reference = Reference::uncac();
    workspace(d, db, &reference);
    let location = Location::parse(std::path::Path::new(db));
    add_accounts(
        &location,
        &[
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
            ("donor", Role::Provider, None),
        ],
    );
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let sessions: Vec<(Reader, Option<String>)> = READERS
        .iter()
        .map(|r| (*r, r.role.map(|_| login(addr, r.name).0)))
        .collect();
    gaps(addr, &reference, &sessions);
    peers(d, db, addr, &reference, &sessions);
    report(d, db, addr);
}

#[test]
fn peers_and_gaps_on_sqlite() {
    let d = Dir::new();
    story(&d, s(&d.db()));
}

#[test]
fn peers_and_gaps_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = Dir::new();
    story(&d, &pg.url);
}
