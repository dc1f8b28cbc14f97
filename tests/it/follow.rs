//! The follow-up through the command line, on SQLite and on PostgreSQL:
//! IATI activities kept by identifier, listed, matched to stored needs, a
//! link accepted and the need then addressed.
//!
//! `tests/data/follow/viet-nam.xml` holds two activities written for the
//! test: one for Viet Nam (governance sector 15113, naming foreign bribery
//! and legislative drafting), one on rural roads in Kenya (sector 21020);
//! `viet-nam-newer.xml` is the first, updated later with a later end.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tana::reference::Reference;

use crate::store::PgDatabase;
use crate::{Dir, project, s};

const VIET_NAM: &str = "tests/data/follow/viet-nam.xml";
const NEWER: &str = "tests/data/follow/viet-nam-newer.xml";
/// The link the words of the Viet Nam activity make to Viet Nam's need of
/// legislative drafting under article 16 (examples/needs.csv, line 2).
const LINK: &str = "XX-TEST-VN-1:VNM:1:16:legislative_drafting";

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn fails(d: &Dir, db: &str, args: &[&str]) -> String {
    let out = d.tana_on(db, args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "tana {args:?} should be refused"
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The listed assistance of the workspace, as JSON rows.
fn listed(d: &Dir, db: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["assistance", "list", "--format", "json"];
    args.extend_from_slice(extra);
    json(&d.ok_on(db, &args)).as_array().unwrap().clone()
}

/// Needs being addressed, as the analysis counts them.
fn addressed(d: &Dir, db: &str) -> u64 {
    json(&d.ok_on(db, &["analyse", "--format", "json"]))["addressed"]
        .as_u64()
        .unwrap()
}

fn story(d: &Dir, db: &str) {
    d.ok_on(db, &["init"]);
    d.ok_on(
        db,
        &[
            "import",
            s(&project("examples/reviews.csv")),
            s(&project("examples/needs.csv")),
        ],
    );
    // A file that breaks the standard, or is none, is refused whole.
    let good = std::fs::read_to_string(project(VIET_NAM)).unwrap();
    let bad = d.write(
        "bad.xml",
        &good.replace(
            r#"<recipient-country code="VN""#,
            r#"<recipient-country code="QQ""#,
        ),
    );
    let line = good
        .lines()
        .position(|l| l.contains(r#"code="VN""#))
        .unwrap()
        + 1;
    let err = fails(d, db, &["iati", "import", s(&project(VIET_NAM)), s(&bad)]);
    assert!(
        err.contains(&format!("line {line}")) && err.contains("recipient-country/@code"),
        "{err}"
    );
    assert!(
        err.contains("not an ISO 3166-1 alpha-2 country code"),
        "{err}"
    );
    let other = d.write("org.xml", "<iati-organisations version=\"2.03\"/>\n");
    assert!(fails(d, db, &["iati", "import", s(&other)]).contains("not an activity file"));
    assert!(listed(d, db, &[]).is_empty(), "nothing was written");
    assert!(
        fails(
            d,
            db,
            &[
                "iati",
                "import",
                s(&project(VIET_NAM)),
                "--provider",
                "nobody"
            ]
        )
        .contains("no account `nobody`")
    );

    // Imported, again, newer, older: one activity, updated, never twice.
    let first = d.ok_on(db, &["iati", "import", s(&project(VIET_NAM))]);
    assert_eq!(
        first.trim(),
        "two activities read: one added, none updated, none unchanged; one with no governance sector left out (--all-sectors keeps them)."
    );
    let again = d.ok_on(db, &["iati", "import", s(&project(VIET_NAM))]);
    assert!(
        again.contains("none added, none updated, one unchanged"),
        "{again}"
    );
    let rows = listed(d, db, &[]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["iati_identifier"], "XX-TEST-VN-1");
    assert_eq!(rows[0]["state"], "VNM");
    assert_eq!(rows[0]["share"], 100.0);
    assert_eq!(rows[0]["ends"], "2027-06-30");
    assert!(
        d.ok_on(db, &["iati", "import", s(&project(NEWER))])
            .contains("one updated")
    );
    let older = d.ok_on(db, &["iati", "import", s(&project(VIET_NAM))]);
    assert!(older.contains("one older than the version kept"), "{older}");
    let rows = listed(d, db, &[]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["ends"], "2027-12-31", "the newer version stays");
    let all = d.ok_on(
        db,
        &["iati", "import", s(&project(VIET_NAM)), "--all-sectors"],
    );
    assert!(
        all.contains("one added") && all.contains("every sector kept"),
        "{all}"
    );
    assert_eq!(listed(d, db, &["--state", "Kenya"]).len(), 1);
    assert_eq!(listed(d, db, &["--state", "VNM"]).len(), 1);
    let csv = d.ok_on(db, &["assistance", "list", "--format", "csv"]);
    assert!(csv.starts_with("kind,id,iati_identifier,state"), "{csv}");
    assert_eq!(csv.lines().count(), 3);

    // Matching over what is stored; accepting a link addresses its need.
    let matched = json(&d.ok_on(db, &["match", "--format", "json"]));
    let links: Vec<&str> = matched["activities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["proposals"].as_array().unwrap())
        .map(|p| p["link"].as_str().unwrap())
        .collect();
    assert_eq!(links, [LINK], "the roads in Kenya address no need");
    let kenya = json(&d.ok_on(db, &["match", "--state", "KEN", "--format", "json"]));
    assert_eq!(kenya["summary"]["proposals"], 0);
    let before = addressed(d, db);
    d.ok_on(db, &["match", "--accept", LINK]);
    assert_eq!(addressed(d, db), before + 1);
    d.ok_on(db, &["match", "--accept", LINK]);
    let recorded: Vec<Value> = listed(d, db, &[])
        .into_iter()
        .filter(|r| r["kind"] == "recorded")
        .collect();
    assert_eq!(recorded.len(), 1, "accepted twice, recorded once");
    assert_eq!(recorded[0]["iati_identifier"], "XX-TEST-VN-1");
    assert_eq!(
        (&recorded[0]["article"], &recorded[0]["need_type"]),
        (&Value::from(16), &Value::from("legislative_drafting"))
    );
    let matched = json(&d.ok_on(db, &["match", "--format", "json"]));
    assert_eq!(
        matched["summary"]["proposals"], 0,
        "an addressed need is not proposed"
    );
    assert!(fails(d, db, &["match", "--accept", "nonsense"]).contains("is no link"));
    let unknown = "XX-TEST-VN-1:VNM:1:46:good_practices";
    assert!(fails(d, db, &["match", "--accept", unknown]).contains("is not proposed"));
    report_counts(d, db);
}

/// Who addresses which need, as the test reads it from the files: the
/// providers examples/needs.csv names (`addressed_by`), and the reporting
/// organisation of the activity whose link was accepted (imported for no
/// account). Keys: (State, article, type), cycle 1.
fn providers_by_need() -> BTreeMap<(String, u8, String), BTreeSet<String>> {
    let reference = Reference::uncac();
    let mut out: BTreeMap<(String, u8, String), BTreeSet<String>> = BTreeMap::new();
    let mut r = csv::Reader::from_path(project("examples/needs.csv")).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        let (state, article, kind, by) = (&row[0], &row[2], &row[3], &row[7]);
        if by.is_empty() || article.is_empty() {
            continue;
        }
        let code = reference
            .state(reference.find_state(state).unwrap())
            .code
            .clone();
        out.entry((code, article.parse().unwrap(), kind.into()))
            .or_default()
            .insert(by.into());
    }
    let xml = std::fs::read_to_string(project(VIET_NAM)).unwrap();
    let org = xml.split("<reporting-org ref=\"").nth(1).unwrap();
    let org = &org[..org.find('"').unwrap()];
    // IDENTIFIER:STATE:CYCLE:ARTICLE:TYPE
    let parts: Vec<&str> = LINK.rsplitn(5, ':').collect();
    out.entry((parts[3].into(), parts[1].parse().unwrap(), parts[0].into()))
        .or_default()
        .insert(org.into());
    out
}

/// The note's section on needs already being addressed counts, by
/// article, regional group and type, the needs and their providers as the
/// test counts them.
fn report_counts(d: &Dir, db: &str) {
    let reference = Reference::uncac();
    let expected = providers_by_need();
    let report = json(&d.ok_on(db, &["report", "--format", "json"]));
    let table = |subject: &str| -> BTreeMap<String, Vec<u64>> {
        let block = report["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["subject"] == subject)
            .unwrap_or_else(|| panic!("no {subject} table"));
        block["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let values = r["values"].as_array().unwrap().iter();
                (
                    r["label"].as_str().unwrap().to_string(),
                    values.map(|v| v.as_u64().unwrap()).collect(),
                )
            })
            .collect()
    };
    let count = |key: &dyn Fn(&(String, u8, String)) -> String| {
        let mut groups: BTreeMap<String, (u64, BTreeSet<String>)> = BTreeMap::new();
        for (need, providers) in &expected {
            let g = groups.entry(key(need)).or_default();
            g.0 += 1;
            g.1.extend(providers.iter().cloned());
        }
        groups
    };
    let by_article = count(&|n| n.1.to_string());
    let articles = table("addressed");
    assert_eq!(articles.len(), by_article.len());
    for (article, (needs, providers)) in &by_article {
        let row = &articles[article];
        assert_eq!(
            (row[0], row[2]),
            (*needs, providers.len() as u64),
            "article {article}"
        );
    }
    let region = |n: &(String, u8, String)| {
        let state = reference.state(reference.find_state(&n.0).unwrap());
        let code = state.region.as_deref().unwrap();
        reference
            .regions
            .iter()
            .find(|r| r.code == code)
            .unwrap()
            .name
            .clone()
    };
    let by_region = count(&region);
    let regions = table("addressed_by_region");
    for (name, (needs, providers)) in &by_region {
        assert_eq!(regions[name], [*needs, providers.len() as u64], "{name}");
    }
    assert_eq!(regions.len(), by_region.len());
    let label = |n: &(String, u8, String)| {
        let t = reference
            .types(1)
            .into_iter()
            .find(|t| t.code == n.2)
            .unwrap();
        t.label.clone()
    };
    let by_type = count(&label);
    let types = table("addressed_by_type");
    for (name, (needs, providers)) in &by_type {
        assert_eq!(types[name], [*needs, providers.len() as u64], "{name}");
    }
    let all: BTreeSet<&String> = expected.values().flatten().collect();
    let sentence = format!(
        "{} are already being addressed, by {} technical assistance providers",
        ["no", "one", "two", "three", "four", "five"][expected.len()],
        ["no", "one", "two", "three", "four", "five"][all.len()]
    );
    assert!(report.to_string().contains(&sentence), "{sentence}");
}

#[test]
fn iati_activities_are_kept_matched_and_linked_on_sqlite() {
    let d = Dir::new();
    story(&d, s(&d.db()));
}

#[test]
fn iati_activities_are_kept_matched_and_linked_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = Dir::new();
    story(&d, &pg.url);
}

#[test]
fn a_copy_carries_the_activities() {
    let d = Dir::new();
    story(&d, s(&d.db()));
    let to = d.path("copy.db");
    d.ok(&["copy", "--to", s(&to)]);
    assert_eq!(listed(&d, s(&to), &[]), listed(&d, s(&d.db()), &[]));
}

/// The flow docs/FOLLOW-UP.md shows, run as its script runs it: a plan
/// drafted, edited in the portal until an item is overdue, a project's
/// link accepted by its donor, the gap matrix and the plans' overview
/// (`scripts/follow-up-tour`, whose browser steps check what each page
/// must say).
#[test]
fn the_tour_from_needs_to_a_need_addressed_runs_in_a_browser() {
    if !project("tests/browser/node_modules/playwright-core").exists()
        || tana::render::pdf::chromium().is_none()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs playwright-core and Chromium: the browser test must run"
        );
        eprintln!("skipped: run `npm ci --prefix tests/browser` and install chromium");
        return;
    }
    let d = Dir::new();
    let o = std::process::Command::new("bash")
        .arg(project("scripts/follow-up-tour"))
        .env("TANA", env!("CARGO_BIN_EXE_tana"))
        .env("OUT", d.dir.path())
        .env("CHROMIUM", tana::render::pdf::chromium().unwrap())
        .output()
        .expect("bash runs");
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    for step in [
        "ok: the item past its end is flagged overdue",
        "ok: the link accepted, the need is being addressed",
        "ok: Kenya's plan among the plans",
    ] {
        assert!(said.contains(step), "{step}: {said}");
    }
    // The link the donor accepted in the portal is assistance the command
    // line lists, under the activity's IATI identifier.
    assert!(
        said.contains("recorded\tKEN\tcycle 1, article 31, capacity building"),
        "{said}"
    );
    for n in 1..=7 {
        let shot = std::fs::read_dir(d.dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("follow-{n}-"))
            });
        assert!(shot, "screenshot {n}");
    }
}
