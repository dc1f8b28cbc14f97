//! The needs, kept packed (`src/store/pack.rs`), on SQLite and on
//! PostgreSQL: after every kind of write, the analysis and the finder hand
//! out the needs the test works out itself from what it wrote; a damaged
//! pack is found by its checksum and said; a workspace made with the
//! `need` table (before migration 14) is packed when opened, its records
//! and when each need changed kept.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use tana::accounts::{Account, Role};
use tana::analysis::{Counting, Sample, analyse};
use tana::import;
use tana::records::{Need, NeedSink, Registry, Source};
use tana::reference::Reference;
use tana::store::{self, Author, Detail, FindNeeds, Location, NeedKey, Proposal, Store};

use crate::store::PgDatabase;
use crate::{Dir, s};

/// A need as people name it: State, cycle, article, type.
type Key = (String, u8, u8, String);

/// What the test expects of each need: its documents (bits) and whether it
/// is being addressed.
type Model = BTreeMap<Key, (u8, bool)>;

/// The needs the store hands to the analysis.
fn from_store(st: &mut dyn Store, reference: &Reference) -> Model {
    let r = st.registry(reference, Detail::Counts).unwrap();
    model_of(&r, reference)
}

/// The needs the store hands to a sink as it reads them (`tana
/// analyse`), and that the analysis of them is the analysis of the
/// registry read whole.
fn from_sink(st: &mut dyn Store, reference: &Reference) -> Model {
    #[derive(Default)]
    struct Collect {
        reviews: Option<usize>,
        needs: Vec<Need>,
    }
    impl NeedSink for Collect {
        fn reviews(&mut self, registry: &Registry) {
            assert!(self.reviews.is_none() && self.needs.is_empty());
            self.reviews = Some(registry.reviews.len());
        }
        fn needs(&mut self, needs: &[Need]) {
            assert!(self.reviews.is_some(), "needs given before their reviews");
            self.needs.extend_from_slice(needs);
        }
    }
    let mut sink = Collect::default();
    let mut r = st.registry_into(reference, &mut sink).unwrap();
    assert!(r.needs.is_empty(), "the needs are given, not kept");
    assert_eq!(sink.reviews, Some(r.reviews.len()));
    let sample = Sample {
        cycle: 2,
        ..Sample::default()
    };
    let mut counting = Counting::new(reference, &sample);
    let counted = st.registry_into(reference, &mut counting).unwrap();
    let streamed = counting.finish(&counted, 30);
    r.needs = sink.needs;
    assert_eq!(streamed, analyse(&r, reference, &sample, 30));
    model_of(&r, reference)
}

fn model_of(r: &Registry, reference: &Reference) -> Model {
    r.needs
        .iter()
        .map(|n| {
            let review = &r.reviews[n.review as usize];
            let key = (
                reference.state(review.state).code.clone(),
                review.cycle,
                n.article,
                reference.types(review.cycle)[n.need_type as usize]
                    .code
                    .clone(),
            );
            (key, (n.sources.0, n.addressed))
        })
        .collect()
}

/// The needs the finder downloads for the secretariat.
fn from_finder(st: &mut dyn Store) -> Model {
    let secretariat = Account {
        name: "sec".into(),
        role: Role::Secretariat,
        state: None,
    };
    let found = st
        .find_needs(Some(&secretariat), &FindNeeds::default())
        .unwrap();
    assert_eq!(found.total as usize, found.needs.len());
    found
        .needs
        .iter()
        .map(|n| {
            let bits = n.documents.iter().fold(0u8, |b, &s| b | (1 << (s as u8)));
            (
                (n.state.clone(), n.cycle, n.article, n.need_type.clone()),
                (bits, n.addressed),
            )
        })
        .collect()
}

/// Runs SQL on the workspace behind tana's back.
fn behind_its_back(location: &Location, sql: &str) {
    match location {
        Location::Sqlite(p) => rusqlite::Connection::open(p)
            .unwrap()
            .execute_batch(sql)
            .unwrap(),
        Location::Postgres(url) => postgres::Client::connect(url, postgres::NoTls)
            .unwrap()
            .batch_execute(sql)
            .unwrap(),
    }
}

/// A file of up to `n` needs over 40 States and both cycles, drawn by a
/// small generator from `seed`, some naming a document, some being
/// addressed, some named twice with other documents; and what it says of
/// each need (documents joined, addressed if any row says so).
fn needs_csv(reference: &Reference, n: usize, seed: u64) -> (String, Model) {
    let mut x = seed;
    let mut next = |m: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % m
    };
    let mut out = String::from("state,cycle,article,type,source,addressed_by\n");
    let mut seen = BTreeSet::new();
    let mut model = Model::new();
    for _ in 0..n {
        let state = &reference.states[next(40)].code;
        let cycle = 1 + next(2) as u8;
        let article = if cycle == 1 {
            15 + next(36)
        } else if next(2) == 0 {
            5 + next(10)
        } else {
            51 + next(9)
        } as u8;
        let types = reference.types(cycle);
        let t = &types[next(types.len())].code;
        let source = next(4);
        let by = if next(5) == 0 { "UNODC" } else { "" };
        if !seen.insert((state.clone(), cycle, article, t.clone(), source)) {
            continue;
        }
        let name = ["", "self_assessment", "country_report", "executive_summary"][source];
        writeln!(out, "{state},{cycle},{article},{t},{name},{by}").unwrap();
        let need = model
            .entry((state.clone(), cycle, article, t.clone()))
            .or_default();
        need.0 |= if source == 0 { 0 } else { 1 << (source - 1) };
        need.1 |= !by.is_empty();
    }
    (out, model)
}

/// Fails on the first need where `got` and `want` differ, naming it (the
/// whole of either is too long to read).
fn differences(got: &Model, want: &Model, after: &str) {
    let first = want
        .iter()
        .find(|(k, v)| got.get(*k) != Some(*v))
        .map(|(k, v)| format!("{k:?}: wanted {v:?}, got {:?}", got.get(k)))
        .or_else(|| {
            got.iter()
                .find(|(k, _)| !want.contains_key(*k))
                .map(|(k, v)| format!("{k:?}: not wanted, got {v:?}"))
        });
    assert!(
        first.is_none(),
        "after {after}: {} needs, {} wanted; {}",
        got.len(),
        want.len(),
        first.unwrap_or_default()
    );
}

/// `b` merged into `a` as an import merges: documents joined, addressed
/// if either says so.
fn merge(a: &mut Model, b: Model) {
    for (k, (bits, addressed)) in b {
        let need = a.entry(k).or_default();
        need.0 |= bits;
        need.1 |= addressed;
    }
}

fn import_file(st: &mut dyn Store, reference: &Reference, d: &Dir, name: &str, text: &str) {
    let path = d.write(name, text);
    let prepared = import::prepare(reference, &[path.as_path()], None, false).unwrap();
    assert!(prepared.errors.is_empty(), "{:?}", &prepared.errors[..1]);
    let by = Author { who: "test", at: 1 };
    st.import(reference, &prepared.batch, by, name).unwrap();
}

/// Every kind of write that changes needs, each followed by the check that
/// the store hands out what the test expects.
fn packs_story(location: &Location, d: &Dir) {
    let reference = Reference::uncac();
    let mut st = store::create(location, &reference).unwrap();
    let same = |st: &mut Box<dyn Store>, model: &Model, after: &str| {
        differences(&from_store(st.as_mut(), &reference), model, after);
        differences(&from_sink(st.as_mut(), &reference), model, after);
        // The finder shows the documents the review recorded; these
        // reviews record none, so the finder is asked the rest.
        let addressed: Model = model.iter().map(|(k, v)| (k.clone(), (0, v.1))).collect();
        differences(&from_finder(st.as_mut()), &addressed, after);
    };
    let (a, mut model) = needs_csv(&reference, 40_000, 1);
    import_file(st.as_mut(), &reference, d, "a.csv", &a);
    same(&mut st, &model, "an import");
    // Many of these are there already, with other documents or addressed.
    let (b, more) = needs_csv(&reference, 3000, 2);
    import_file(st.as_mut(), &reference, d, "b.csv", &b);
    merge(&mut model, more);
    same(&mut st, &model, "an import merging into stored needs");
    let (any, addressed) = model.iter().next().map(|(k, v)| (k.clone(), v.1)).unwrap();
    let key = NeedKey {
        state: any.0.clone(),
        cycle: any.1,
        article: any.2,
        need_type: any.3.clone(),
    };
    let by = Author { who: "sec", at: 2 };
    assert!(st.mark_addressed(by, &key, !addressed, "UNDP").unwrap());
    model.get_mut(&any).unwrap().1 = !addressed;
    same(&mut st, &model, "marking a need addressed");
    let removed = any;
    assert!(st.remove_need(by, &key).unwrap());
    model.remove(&removed);
    same(&mut st, &model, "removing a need");
    assert!(!st.remove_need(by, &key).unwrap(), "gone already");
    let id = st
        .propose_need(&Proposal {
            id: 0,
            at: 3,
            who: "fp".into(),
            need: key,
            source: Source::CountryReport,
            text: "Protection of witnesses".into(),
            status: "pending".into(),
        })
        .unwrap();
    assert!(st.decide_proposal(by, id, true).unwrap().is_some());
    model.insert(removed, (1 << (Source::CountryReport as u8), false));
    same(&mut st, &model, "accepting a proposed need");
    // A copy replaces everything and keeps every need.
    let everything = st.registry(&reference, Detail::Everything).unwrap();
    st.replace_all(&reference, &everything, None).unwrap();
    same(&mut st, &model, "replacing every record");

    // The analysis of what the store hands out counts what was written.
    let registry = st.registry(&reference, Detail::Counts).unwrap();
    for cycle in [1, 2] {
        let sample = Sample {
            cycle,
            ..Sample::default()
        };
        let a = analyse(&registry, &reference, &sample, 30);
        let of_cycle = model.keys().filter(|k| k.1 == cycle).count();
        assert_eq!(a.all().total.needs as usize, of_cycle, "cycle {cycle}");
    }

    // A write that fails (a need naming documents no pack can hold)
    // leaves every need as it was.
    let mut bad = everything;
    bad.needs[0].sources = tana::records::Sources(0x80);
    assert!(st.replace_all(&reference, &bad, None).is_err());
    same(&mut st, &model, "a replacement that failed");
}

#[test]
fn the_needs_follow_every_write() {
    let d = Dir::new();
    packs_story(&Location::Sqlite(d.db()), &d);
    let Some(pg) = PgDatabase::new() else { return };
    packs_story(&Location::Postgres(pg.url.clone()), &d);
}

/// Damages the packs behind tana's back (a byte changed, or a review's
/// pack gone): the store refuses to read them, and the command line says
/// why and exits non-zero, writing nothing.
fn damage_story(location: &Location, d: &Dir, damage: usize) {
    let reference = Reference::uncac();
    let mut st = store::create(location, &reference).unwrap();
    let (a, _) = needs_csv(&reference, 2000, 7);
    import_file(st.as_mut(), &reference, d, "a.csv", &a);
    drop(st);
    let flip_a_byte = match location {
        Location::Sqlite(_) => {
            "UPDATE need_pack SET needs = CAST(replace(CAST(needs AS TEXT), char(1), char(2)) AS BLOB)
             WHERE review_id = (SELECT min(review_id) FROM need_pack)"
        }
        Location::Postgres(_) => {
            "UPDATE need_pack SET needs = set_byte(needs, 1, get_byte(needs, 1) # 1)
             WHERE review_id = (SELECT min(review_id) FROM need_pack)"
        }
    };
    let damage = [
        flip_a_byte,
        "DELETE FROM need_pack WHERE review_id = (SELECT max(review_id) FROM need_pack)",
    ][damage];
    behind_its_back(location, damage);
    let out = d.tana_on(&db_arg(location), &["analyse", "--format", "json"]);
    assert!(!out.status.success(), "{damage}");
    assert!(out.stdout.is_empty());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("need_pack") && said.contains("checksum"),
        "{said}"
    );
    let mut st = store::open(location).unwrap();
    assert!(st.registry(&reference, Detail::Counts).is_err());
    let found = st.find_needs(None, &FindNeeds::default());
    assert!(found.is_err(), "the finder reads no damaged pack either");
}

fn db_arg(location: &Location) -> String {
    match location {
        Location::Sqlite(p) => s(p).to_string(),
        Location::Postgres(url) => url.clone(),
    }
}

#[test]
fn a_damaged_pack_is_found_and_said() {
    let d = Dir::new();
    for damage in 0..2 {
        let file = d.path(&format!("damaged-{damage}.db"));
        damage_story(&Location::Sqlite(file), &d, damage);
    }
    for damage in 0..2 {
        let Some(pg) = PgDatabase::new() else { return };
        damage_story(&Location::Postgres(pg.url.clone()), &d, damage);
    }
}

// ---- Workspaces of older schemas, made as the tana of their time did ----

const SQLITE_MIGRATIONS: [&str; 13] = [
    include_str!("../../src/store/migrations/sqlite/001-records.sql"),
    include_str!("../../src/store/migrations/sqlite/002-accounts.sql"),
    include_str!("../../src/store/migrations/sqlite/003-tokens.sql"),
    include_str!("../../src/store/migrations/sqlite/004-search.sql"),
    include_str!("../../src/store/migrations/sqlite/005-proposals.sql"),
    include_str!("../../src/store/migrations/sqlite/006-assistance.sql"),
    include_str!("../../src/store/migrations/sqlite/007-generation.sql"),
    include_str!("../../src/store/migrations/sqlite/008-search-follows-writes.sql"),
    include_str!("../../src/store/migrations/sqlite/009-readings.sql"),
    include_str!("../../src/store/migrations/sqlite/010-need-pack.sql"),
    include_str!("../../src/store/migrations/sqlite/011-activities.sql"),
    include_str!("../../src/store/migrations/sqlite/012-plans.sql"),
    include_str!("../../src/store/migrations/sqlite/013-alerts.sql"),
];

const POSTGRES_MIGRATIONS: [&str; 13] = [
    include_str!("../../src/store/migrations/postgres/001-records.sql"),
    include_str!("../../src/store/migrations/postgres/002-accounts.sql"),
    include_str!("../../src/store/migrations/postgres/003-tokens.sql"),
    include_str!("../../src/store/migrations/postgres/004-search.sql"),
    include_str!("../../src/store/migrations/postgres/005-proposals.sql"),
    include_str!("../../src/store/migrations/postgres/006-assistance.sql"),
    include_str!("../../src/store/migrations/postgres/007-generation.sql"),
    include_str!("../../src/store/migrations/postgres/008-search-follows-writes.sql"),
    include_str!("../../src/store/migrations/postgres/009-readings.sql"),
    include_str!("../../src/store/migrations/postgres/010-need-pack.sql"),
    include_str!("../../src/store/migrations/postgres/011-activities.sql"),
    include_str!("../../src/store/migrations/postgres/012-plans.sql"),
    include_str!("../../src/store/migrations/postgres/013-alerts.sql"),
];

/// A statement of the old workspace with its values, written as a literal
/// (the values are the test's own: numbers, and codes and texts quoted).
fn literal(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// The statements that write `registry` into a workspace of schema
/// `version`, as the tana of that version would have (its triggers, when
/// it had them, doing their part).
fn old_records(reference: &Reference, registry: &Registry, version: usize) -> Vec<String> {
    let json = serde_json::to_string(reference).unwrap();
    let mut out = vec![format!(
        "INSERT INTO meta (key, value) VALUES ('reference', {})",
        literal(&json)
    )];
    for (i, r) in registry.reviews.iter().enumerate() {
        let completed = r
            .completed
            .map_or("NULL".to_string(), |d| literal(&d.to_string()));
        let shared = if version >= 6 {
            format!(
                ", {}",
                if r.shared_with_providers {
                    "TRUE"
                } else {
                    "FALSE"
                }
            )
        } else {
            String::new()
        };
        let columns = if version >= 6 {
            ", shared_with_providers"
        } else {
            ""
        };
        out.push(format!(
            "INSERT INTO review (id, state, cycle, completed, documents, published{columns})
             VALUES ({}, {}, {}, {completed}, {}, {}{shared})",
            i + 1,
            literal(&reference.state(r.state).code),
            r.cycle,
            r.documents.0,
            r.published.0
        ));
    }
    let code = |review: u32, t: u8| {
        let cycle = registry.reviews[review as usize].cycle;
        literal(&reference.types(cycle)[t as usize].code)
    };
    for n in &registry.needs {
        out.push(format!(
            "INSERT INTO need (review_id, article, type, sources, addressed) VALUES ({}, {}, {}, {}, {})",
            n.review + 1,
            n.article,
            code(n.review, n.need_type),
            n.sources.0,
            if n.addressed { "TRUE" } else { "FALSE" }
        ));
    }
    for t in &registry.need_texts {
        let n = &registry.needs[t.need as usize];
        let source = t.source.map_or(0, |s| s as u8 + 1);
        out.push(format!(
            "INSERT INTO need_text (review_id, article, type, source, paragraph, theme, text, addressed_by)
             VALUES ({}, {}, {}, {source}, {}, {}, {}, {})",
            n.review + 1,
            n.article,
            code(n.review, n.need_type),
            literal(&t.paragraph),
            literal(&t.theme),
            literal(&t.text),
            literal(&t.addressed_by)
        ));
    }
    for c in &registry.challenges {
        out.push(format!(
            "INSERT INTO challenge (review_id, article, category, text) VALUES ({}, {}, {}, {})",
            c.review + 1,
            c.article,
            literal(&reference.challenge_categories[c.category as usize].code),
            literal(&c.text)
        ));
    }
    for g in &registry.good_practices {
        out.push(format!(
            "INSERT INTO good_practice (review_id, article, text) VALUES ({}, {}, {})",
            g.review + 1,
            g.article,
            literal(&g.text)
        ));
    }
    out
}

/// Makes at `location` (a file, or an empty database) the workspace of
/// schema `version` holding `registry`; then runs `extra`.
pub fn old_workspace(
    location: &Location,
    reference: &Reference,
    registry: &Registry,
    version: usize,
    extra: &str,
) {
    let records = old_records(reference, registry, version).join(";\n");
    match location {
        Location::Sqlite(p) => {
            let conn = rusqlite::Connection::open(p).unwrap();
            conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
            for (i, sql) in SQLITE_MIGRATIONS.iter().take(version).enumerate() {
                conn.execute_batch(sql).unwrap();
                if i + 1 == 8 {
                    conn.execute_batch(include_str!(
                        "../../src/store/migrations/sqlite/reindex.sql"
                    ))
                    .unwrap();
                }
            }
            conn.execute_batch(&format!(
                "BEGIN; {records}; {extra}; PRAGMA user_version = {version}; COMMIT;"
            ))
            .unwrap();
        }
        Location::Postgres(url) => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            for sql in POSTGRES_MIGRATIONS.iter().take(version) {
                c.batch_execute(sql).unwrap();
            }
            c.batch_execute(&format!(
                "BEGIN; {records}; {extra};
                 SELECT setval(pg_get_serial_sequence('review', 'id'), (SELECT max(id) FROM review));
                 CREATE TABLE tana_schema (version INTEGER NOT NULL);
                 INSERT INTO tana_schema (version) VALUES ({version}); COMMIT;"
            ))
            .unwrap();
        }
    }
}

/// The records of the examples, and their analysis.
fn examples() -> (Registry, String) {
    let d = Dir::with_examples();
    let analysis = d.ok(&["analyse", "--format", "json"]);
    let mut st = store::open(&Location::Sqlite(d.db())).unwrap();
    let registry = st
        .registry(&Reference::uncac(), Detail::Everything)
        .unwrap();
    (registry, analysis)
}

/// A workspace of schema 13, the last with the `need` table, some of its
/// needs changed later than the rest: opened, its needs are packed, the
/// table goes, the analysis is the same and the finder still knows which
/// needs changed when.
fn from_the_table_story(location: &Location, d: &Dir, registry: &Registry, analysis: &str) {
    let reference = Reference::uncac();
    let later = "UPDATE need SET changed = 7 WHERE article = 16";
    old_workspace(location, &reference, registry, 13, later);
    let changed_later = registry.needs.iter().filter(|n| n.article == 16).count();
    assert!(changed_later > 0 && changed_later < registry.needs.len());
    let db = db_arg(location);
    assert_eq!(d.ok_on(&db, &["analyse", "--format", "json"]), analysis);
    let mut st = store::open(location).unwrap();
    let secretariat = Account {
        name: "sec".into(),
        role: Role::Secretariat,
        state: None,
    };
    let since = |from: i64| {
        let q = FindNeeds {
            changed_from: Some(from),
            ..FindNeeds::default()
        };
        let mut st = store::open(location).unwrap();
        st.find_needs(Some(&secretariat), &q).unwrap().total as usize
    };
    assert_eq!(since(7), changed_later);
    assert_eq!(since(0), registry.needs.len());
    let back = st.registry(&reference, Detail::Everything).unwrap();
    assert_eq!(back.need_texts.len(), registry.need_texts.len());
    let version_and_table = match location {
        Location::Sqlite(p) => {
            let conn = rusqlite::Connection::open(p).unwrap();
            let v: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            let t: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE name IN ('need', 'need_pack_dirty')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            (v, t)
        }
        Location::Postgres(url) => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            let v: i32 = c
                .query_one("SELECT version FROM tana_schema", &[])
                .unwrap()
                .get(0);
            let t: i64 = c
                .query_one(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('need', 'need_pack_dirty')",
                    &[],
                )
                .unwrap()
                .get(0);
            (i64::from(v), t)
        }
    };
    assert_eq!(version_and_table, (14, 0));
}

#[test]
fn a_workspace_with_the_need_table_is_packed_when_opened() {
    let (registry, analysis) = examples();
    let d = Dir::new();
    from_the_table_story(
        &Location::Sqlite(d.path("old.db")),
        &d,
        &registry,
        &analysis,
    );
    let Some(pg) = PgDatabase::new() else { return };
    from_the_table_story(
        &Location::Postgres(pg.url.clone()),
        &d,
        &registry,
        &analysis,
    );
}
