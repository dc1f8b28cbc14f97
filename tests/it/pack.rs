//! The packed needs (`src/store/pack.rs`), on SQLite and on PostgreSQL:
//! what the analysis reads is what the need table holds after every kind
//! of write; a damaged pack is found by its checksum and made anew; a
//! workspace made before the packs is packed when opened.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use tana::analysis::{Sample, analyse};
use tana::import;
use tana::reference::Reference;
use tana::store::{self, Author, Detail, Location, NeedKey, Proposal, Store};

use crate::store::PgDatabase;
use crate::{Dir, s};

/// A need as people name it, with its documents and whether it is being
/// addressed: State, cycle, article, type, documents, addressed.
type Named = (String, u8, u8, String, u8, bool);

/// The needs the store hands out, named.
fn from_store(st: &mut dyn Store, reference: &Reference) -> BTreeSet<Named> {
    let r = st.registry(reference, Detail::Counts).unwrap();
    r.needs
        .iter()
        .map(|n| {
            let review = &r.reviews[n.review as usize];
            (
                reference.state(review.state).code.clone(),
                review.cycle,
                n.article,
                reference.types(review.cycle)[n.need_type as usize]
                    .code
                    .clone(),
                n.sources.0,
                n.addressed,
            )
        })
        .collect()
}

const NEEDS_OF_THE_TABLE: &str =
    "SELECT r.state, r.cycle, n.article, n.type, n.sources, n.addressed
     FROM need n JOIN review r ON r.id = n.review_id";

/// The needs the `need` table holds, read by the test itself.
fn from_table(location: &Location) -> BTreeSet<Named> {
    match location {
        Location::Sqlite(p) => {
            let conn = rusqlite::Connection::open(p).unwrap();
            let mut stmt = conn.prepare(NEEDS_OF_THE_TABLE).unwrap();
            stmt.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect()
        }
        Location::Postgres(url) => {
            let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
            c.query(NEEDS_OF_THE_TABLE, &[])
                .unwrap()
                .iter()
                .map(|r| {
                    (
                        r.get(0),
                        r.get::<_, i16>(1) as u8,
                        r.get::<_, i16>(2) as u8,
                        r.get(3),
                        r.get::<_, i16>(4) as u8,
                        r.get(5),
                    )
                })
                .collect()
        }
    }
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

/// A file of `n` needs over 40 States and both cycles, drawn by a small
/// generator from `seed`, some naming a document, some being addressed,
/// some named twice with other documents.
fn needs_csv(reference: &Reference, n: usize, seed: u64) -> String {
    let mut x = seed;
    let mut next = |m: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % m
    };
    let mut out = String::from("state,cycle,article,type,source,addressed_by\n");
    let mut seen = BTreeSet::new();
    for _ in 0..n {
        let state = &reference.states[next(40)].code;
        let cycle = 1 + next(2) as u8;
        let article = if cycle == 1 {
            15 + next(36)
        } else if next(2) == 0 {
            5 + next(10)
        } else {
            51 + next(9)
        };
        let types = reference.types(cycle);
        let t = &types[next(types.len())].code;
        let source = ["", "self_assessment", "country_report", "executive_summary"][next(4)];
        let by = if next(5) == 0 { "UNODC" } else { "" };
        if !seen.insert((state.clone(), cycle, article, t.clone(), source)) {
            continue;
        }
        writeln!(out, "{state},{cycle},{article},{t},{source},{by}").unwrap();
    }
    out
}

fn import_file(st: &mut dyn Store, reference: &Reference, d: &Dir, name: &str, text: &str) {
    let path = d.write(name, text);
    let prepared = import::prepare(reference, &[path.as_path()], None, false).unwrap();
    assert!(prepared.errors.is_empty(), "{:?}", &prepared.errors[..1]);
    let by = Author { who: "test", at: 1 };
    st.import(reference, &prepared.batch, by, name).unwrap();
}

/// Every kind of write that changes needs, each followed by the check that
/// the store hands out what the table holds.
fn packs_story(location: &Location, d: &Dir) {
    let reference = Reference::uncac();
    let mut st = store::create(location, &reference).unwrap();
    let same = |st: &mut Box<dyn Store>, after: &str| {
        assert_eq!(
            from_store(st.as_mut(), &reference),
            from_table(location),
            "after {after}"
        );
    };
    import_file(
        st.as_mut(),
        &reference,
        d,
        "a.csv",
        &needs_csv(&reference, 40_000, 1),
    );
    same(
        &mut st,
        "an import (of enough needs to take the triggers aside)",
    );
    // Many of these are there already, with other documents or addressed.
    import_file(
        st.as_mut(),
        &reference,
        d,
        "b.csv",
        &needs_csv(&reference, 3000, 2),
    );
    same(&mut st, "an import merging into stored needs");
    let any = from_table(location).into_iter().next().unwrap();
    let key = NeedKey {
        state: any.0.clone(),
        cycle: any.1,
        article: any.2,
        need_type: any.3.clone(),
    };
    let by = Author { who: "sec", at: 2 };
    assert!(st.mark_addressed(by, &key, !any.5, "UNDP").unwrap());
    same(&mut st, "marking a need addressed");
    assert!(st.remove_need(by, &key).unwrap());
    same(&mut st, "removing a need");
    let id = st
        .propose_need(&Proposal {
            id: 0,
            at: 3,
            who: "fp".into(),
            need: key,
            source: tana::records::Source::CountryReport,
            text: "Protection of witnesses".into(),
            status: "pending".into(),
        })
        .unwrap();
    assert!(st.decide_proposal(by, id, true).unwrap().is_some());
    same(&mut st, "accepting a proposed need");
    // A copy replaces everything, and keeps the packs true.
    let everything = st.registry(&reference, Detail::Everything).unwrap();
    st.replace_all(&reference, &everything, None).unwrap();
    same(&mut st, "replacing every record");

    // The analysis of what the store hands out counts what the table holds.
    let table = from_table(location);
    let registry = st.registry(&reference, Detail::Counts).unwrap();
    for cycle in [1, 2] {
        let sample = Sample {
            cycle,
            ..Sample::default()
        };
        let a = analyse(&registry, &reference, &sample, 30);
        let of_cycle = table.iter().filter(|n| n.1 == cycle).count();
        assert_eq!(a.all().total.needs as usize, of_cycle, "cycle {cycle}");
    }
}

#[test]
fn what_the_analysis_reads_follows_every_write() {
    let d = Dir::new();
    packs_story(&Location::Sqlite(d.db()), &d);
    let Some(pg) = PgDatabase::new() else { return };
    packs_story(&Location::Postgres(pg.url.clone()), &d);
}

/// Damages the packs in three ways behind tana's back; each time the store
/// sees it and hands out what the table holds, and the packs are whole again.
fn damage_story(location: &Location, d: &Dir) {
    let reference = Reference::uncac();
    let mut st = store::create(location, &reference).unwrap();
    import_file(
        st.as_mut(),
        &reference,
        d,
        "a.csv",
        &needs_csv(&reference, 2000, 7),
    );
    let truth = from_table(location);
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
    for damage in [
        flip_a_byte,
        "DELETE FROM need_pack WHERE review_id = (SELECT max(review_id) FROM need_pack)",
        "UPDATE need SET addressed = NOT addressed WHERE review_id = (SELECT min(review_id) FROM need)",
    ] {
        drop(st);
        behind_its_back(location, damage);
        st = store::open(location).unwrap();
        assert_eq!(
            from_store(st.as_mut(), &reference),
            from_table(location),
            "{damage}"
        );
    }
    // The last damage changed the truth; the first two did not.
    assert_ne!(from_table(location), truth);

    // A damaged pack reached by the command line says so, and still counts right.
    drop(st);
    behind_its_back(location, flip_a_byte);
    let out = d.tana_on(&db_arg(location), &["analyse", "--format", "json"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("need_pack") && said.contains("checksum"),
        "{said}"
    );
    let again = d.tana_on(&db_arg(location), &["analyse", "--format", "json"]);
    assert_eq!(again.stdout, out.stdout);
    assert!(again.stderr.is_empty(), "made anew once");
}

fn db_arg(location: &Location) -> String {
    match location {
        Location::Sqlite(p) => s(p).to_string(),
        Location::Postgres(url) => url.clone(),
    }
}

#[test]
fn a_damaged_pack_is_found_and_made_anew() {
    let d = Dir::new();
    damage_story(&Location::Sqlite(d.db()), &d);
    let Some(pg) = PgDatabase::new() else { return };
    damage_story(&Location::Postgres(pg.url.clone()), &d);
}

/// A workspace as tana made it before the packs (schema 8): opening it
/// packs its needs, and the analysis is the same.
#[test]
fn a_workspace_made_before_the_packs_is_packed_when_opened() {
    let d = Dir::with_examples();
    let before = d.ok(&["analyse", "--format", "json"]);
    let sqlite = Location::Sqlite(d.db());
    let unpack_sqlite = "DROP TRIGGER need_packed_insert; DROP TRIGGER need_packed_update;
         DROP TRIGGER need_packed_delete; DROP TABLE need_pack; DROP TABLE need_pack_dirty;
         DROP TABLE provenance; DROP TABLE reading_record; DROP TABLE reading_paragraph;
         DROP TABLE reading; DROP TABLE activity; DROP TABLE activity_state;
         DROP TABLE plan; DROP TABLE plan_item; DROP TABLE plan_item_need;
         DROP TABLE plan_item_provider; DROP TABLE plan_note;
         ALTER TABLE assistance DROP COLUMN iati_identifier;
         DROP TRIGGER need_changed_insert; DROP TRIGGER need_changed_update;
         DROP TRIGGER need_text_changed_insert; DROP TRIGGER need_text_changed_update;
         DROP TABLE subscription; ALTER TABLE need DROP COLUMN changed;
         DELETE FROM meta WHERE key = 'need_pack_sum'; PRAGMA user_version = 8;";
    behind_its_back(&sqlite, unpack_sqlite);
    assert_eq!(d.ok(&["analyse", "--format", "json"]), before);
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("PRAGMA user_version"), 13);
    assert!(count("SELECT count(*) FROM need_pack") > 0);
    assert_eq!(
        count("SELECT count(*) FROM need_pack"),
        count("SELECT count(DISTINCT review_id) FROM need")
    );
    assert_eq!(count("SELECT count(*) FROM need_pack_dirty"), 0);

    let Some(pg) = PgDatabase::new() else { return };
    d.ok(&["copy", "--to", &pg.url]);
    let postgres = Location::Postgres(pg.url.clone());
    behind_its_back(
        &postgres,
        "DROP FUNCTION tana_need_packed CASCADE; DROP TABLE need_pack, need_pack_dirty;
         DROP TABLE provenance, reading_record, reading_paragraph, reading;
         DROP TABLE activity, activity_state; ALTER TABLE assistance DROP COLUMN iati_identifier;
         DROP TABLE plan, plan_item, plan_item_need, plan_item_provider, plan_note;
         DROP FUNCTION tana_need_changed CASCADE; DROP FUNCTION tana_need_text_changed CASCADE;
         DROP TABLE subscription; ALTER TABLE need DROP COLUMN changed;
         DELETE FROM meta WHERE key = 'need_pack_sum'; UPDATE tana_schema SET version = 8;",
    );
    assert_eq!(d.ok_on(&pg.url, &["analyse", "--format", "json"]), before);
    let mut c = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
    let packs: i64 = c
        .query_one("SELECT count(*) FROM need_pack", &[])
        .unwrap()
        .get(0);
    let reviews: i64 = c
        .query_one("SELECT count(DISTINCT review_id) FROM need", &[])
        .unwrap()
        .get(0);
    assert_eq!((packs > 0, packs), (true, reviews));
}

/// The pack triggers' text on SQLite, by name.
fn pack_triggers(conn: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'need_packed_%' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A large import and a replacement take SQLite's pack triggers away for
/// their transaction; they are back, the same, afterwards, and note the
/// next change made behind tana's back; one that fails leaves them there.
#[test]
fn the_triggers_come_back_after_a_large_import() {
    let d = Dir::new();
    let location = Location::Sqlite(d.db());
    let reference = Reference::uncac();
    let mut st = store::create(&location, &reference).unwrap();
    let before = pack_triggers(&rusqlite::Connection::open(d.db()).unwrap());
    assert_eq!(before.len(), 3);
    let path = d.write("big.csv", &needs_csv(&reference, 60_000, 11));
    let prepared = import::prepare(&reference, &[path.as_path()], None, false).unwrap();
    assert!(
        prepared.batch.registry.needs.len() >= 10_000,
        "the path under test"
    );
    let by = Author { who: "test", at: 1 };
    let summary = st
        .import(&reference, &prepared.batch, by, "big.csv")
        .unwrap();
    assert_eq!(
        summary.needs_added as usize,
        prepared.batch.registry.needs.len()
    );
    assert_eq!(from_store(st.as_mut(), &reference), from_table(&location));
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    assert_eq!(pack_triggers(&conn), before);

    // A change behind tana's back is noted by the triggers, and packed.
    conn.execute_batch(
        "UPDATE need SET addressed = NOT addressed WHERE review_id = (SELECT min(review_id) FROM need)",
    )
    .unwrap();
    let noted: i64 = conn
        .query_row("SELECT count(*) FROM need_pack_dirty", [], |r| r.get(0))
        .unwrap();
    assert_eq!(noted, 1);
    drop(st);
    let mut st = store::open(&location).unwrap();
    assert_eq!(from_store(st.as_mut(), &reference), from_table(&location));

    // A replacement that fails (a need naming documents no pack can hold,
    // found when its review is packed, after the triggers went) rolls
    // their removal back with it.
    let mut everything = st.registry(&reference, Detail::Everything).unwrap();
    let truth = from_table(&location);
    everything.needs[0].sources = tana::records::Sources(0x80);
    assert!(st.replace_all(&reference, &everything, None).is_err());
    drop(st);
    assert_eq!(pack_triggers(&conn), before);
    assert_eq!(from_table(&location), truth);
}
