//! The story of a workspace, told once and run on SQLite and on PostgreSQL.

use std::sync::atomic::{AtomicU32, Ordering};

use tana::export::record_sheets;
use tana::import;
use tana::reference::Reference;
use tana::store::{self, Detail, Location, Store};

use crate::{Dir, project, s};

/// The server the PostgreSQL half runs against (trust authentication).
fn server() -> String {
    std::env::var("TANA_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database of its own for one test, dropped at the end.
pub struct PgDatabase {
    pub url: String,
    name: String,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

impl PgDatabase {
    /// None when no server answers (outside CI, where one must).
    pub fn new() -> Option<PgDatabase> {
        let admin = server();
        let mut client = match postgres::Client::connect(&admin, postgres::NoTls) {
            Ok(c) => c,
            Err(e) => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "CI runs PostgreSQL at {admin}: {e}"
                );
                eprintln!("skipped: no PostgreSQL at {admin}");
                return None;
            }
        };
        let name = format!(
            "tana_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        // One statement per call: neither may run in a transaction block.
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        Some(PgDatabase {
            url: format!("{base}/{name}"),
            name,
        })
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&server(), postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

fn examples(reference: &Reference) -> import::Prepared {
    let files: Vec<_> = ["reviews", "needs", "challenges", "good_practices"]
        .iter()
        .map(|k| project(&format!("examples/{k}.csv")))
        .collect();
    let paths: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let prepared = import::prepare(reference, &paths, None, false).unwrap();
    assert!(prepared.errors.is_empty());
    prepared
}

/// What a workspace holds, as the sheets an export writes.
fn contents(store: &mut dyn Store) -> Vec<tana::export::Sheet> {
    let reference = store.reference().unwrap();
    let registry = store.registry(&reference, Detail::Everything).unwrap();
    record_sheets(&registry, &reference)
}

fn story(location: &Location) -> Vec<tana::export::Sheet> {
    let reference = Reference::uncac();
    let mut store = store::create(location, &reference).unwrap();
    assert!(location.exists().unwrap());
    assert!(
        store::create(location, &reference).is_err(),
        "a second create is refused"
    );
    let prepared = examples(&reference);

    let first = store
        .import(
            &reference,
            &prepared.batch,
            tana::store::Author { who: "test", at: 0 },
            "test",
        )
        .unwrap();
    assert_eq!(first.reviews_added, 6);
    assert_eq!(
        first.needs_added as usize,
        prepared.batch.registry.needs.len()
    );
    assert_eq!(
        first.challenges_added as usize,
        prepared.batch.registry.challenges.len()
    );
    let after_first = contents(store.as_mut());

    // The same files again change nothing.
    let again = store
        .import(
            &reference,
            &prepared.batch,
            tana::store::Author { who: "test", at: 0 },
            "test",
        )
        .unwrap();
    assert_eq!(
        (
            again.reviews_added,
            again.reviews_updated,
            again.needs_added,
            again.challenges_added
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(contents(store.as_mut()), after_first);

    // Reopened, the workspace holds what went in.
    drop(store);
    let mut store = store::open(location).unwrap();
    assert_eq!(contents(store.as_mut()), after_first);
    let reference = store.reference().unwrap();
    let registry = store.registry(&reference, Detail::Everything).unwrap();
    assert_eq!(registry.needs.len(), prepared.batch.registry.needs.len());
    assert_eq!(
        registry.need_texts.len(),
        prepared.batch.registry.need_texts.len()
    );

    // A rebuilt data set replaces everything and says where it came from;
    // an import makes the workspace the user's own again.
    store
        .replace_all(&reference, &tana::records::Registry::default(), None)
        .unwrap();
    store.set_origin("demo").unwrap();
    assert_eq!(store.origin().unwrap().as_deref(), Some("demo"));
    assert!(
        contents(store.as_mut())
            .iter()
            .all(|sheet| sheet.rows.is_empty())
    );
    store
        .import(
            &reference,
            &prepared.batch,
            tana::store::Author { who: "test", at: 0 },
            "test",
        )
        .unwrap();
    assert_eq!(store.origin().unwrap(), None);
    assert_eq!(contents(store.as_mut()), after_first);
    after_first
}

#[test]
fn the_story_on_sqlite_and_on_postgresql() {
    let d = Dir::new();
    let on_sqlite = story(&Location::Sqlite(d.path("story.db")));
    if let Some(pg) = PgDatabase::new() {
        let on_postgres = story(&Location::Postgres(pg.url.clone()));
        assert_eq!(on_sqlite, on_postgres, "both stores hold the same records");
    }
}

#[test]
fn copy_moves_a_workspace_to_postgresql_and_back_losing_nothing() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = Dir::new();
    d.ok(&["init"]);
    let files: Vec<String> = ["reviews", "needs", "challenges", "good_practices"]
        .iter()
        .map(|k| s(&project(&format!("examples/{k}.csv"))).to_string())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    d.ok(&args);
    // What a portal adds: accounts, a token, a consent, a proposal,
    // assistance and the log of it all.
    {
        use tana::accounts::{Account, Role};
        use tana::store::{Assistance, Author, NeedKey, Proposal};
        let mut st = store::open(&Location::Sqlite(d.db())).unwrap();
        for (name, role, state) in [
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
            ("undp", Role::Provider, None),
        ] {
            let account = Account {
                name: name.into(),
                role,
                state: state.map(str::to_string),
            };
            st.add_account(&account, "$argon2id$stand-in", 1_700_000_000)
                .unwrap();
        }
        st.add_token(&store::digest("a token"), "undp", 1_700_000_001)
            .unwrap();
        let by = Author {
            who: "vn",
            at: 1_700_000_002,
        };
        assert!(st.set_sharing(by, "VNM", 1, true).unwrap());
        let need = NeedKey {
            state: "VNM".into(),
            cycle: 1,
            article: 16,
            need_type: "legislative_drafting".into(),
        };
        st.propose_need(&Proposal {
            id: 0,
            at: 1_700_000_003,
            who: "vn".into(),
            need: NeedKey {
                article: 33,
                ..need.clone()
            },
            source: tana::records::Source::SelfAssessment,
            text: "Protection of reporting persons".into(),
            status: "pending".into(),
        })
        .unwrap();
        st.record_assistance(&Assistance {
            id: 0,
            at: 1_700_000_004,
            provider: "undp".into(),
            need,
            title: "Drafting workshop".into(),
            status: "planned".into(),
            starts: Some("2014-02-01".into()),
            ends: None,
            need_was_addressed: false,
            iati_identifier: None,
        })
        .unwrap()
        .unwrap();
    }
    let back = d.path("back.db");
    d.ok(&["copy", "--to", &pg.url]);
    d.ok(&["copy", "--from", &pg.url, "--to", s(&back)]);
    let (one, two) = (d.path("one"), d.path("two"));
    d.ok(&["export", "--out", s(&one)]);
    d.ok_on(s(&back), &["export", "--out", s(&two)]);
    for k in ["reviews", "needs", "challenges", "good_practices"] {
        let a = std::fs::read(one.join(format!("{k}.csv"))).unwrap();
        let b = std::fs::read(two.join(format!("{k}.csv"))).unwrap();
        assert_eq!(a, b, "{k}.csv");
    }
    let reviews = std::fs::read_to_string(two.join("reviews.csv")).unwrap();
    assert!(
        reviews
            .lines()
            .any(|l| l.starts_with("VNM,1,") && l.ends_with(",yes")),
        "{reviews}"
    );
    // Accounts, tokens, the log, proposals and assistance come back as they were.
    let workspace = |location: Location| store::open(&location).unwrap().workspace().unwrap();
    let (here, there) = (
        workspace(Location::Sqlite(d.db())),
        workspace(Location::Sqlite(back)),
    );
    assert_eq!(here.accounts.len(), 3);
    assert_eq!(here.tokens.len(), 1);
    assert_eq!((here.proposals.len(), here.assistance.len()), (1, 1));
    assert!(here.log.len() >= 7, "{:?}", here.log);
    assert_eq!(here, there);
    assert_eq!(workspace(Location::Postgres(pg.url.clone())), here);
    // The analysis reads the same from PostgreSQL.
    let on_file = d.ok(&["analyse", "--format", "json"]);
    let on_server = d.ok_on(&pg.url, &["analyse", "--format", "json"]);
    assert_eq!(on_file, on_server);
    // A target with records is not overwritten without --force.
    let o = d.tana(&["copy", "--to", &pg.url]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("holds records: give --force"));
    d.ok(&["copy", "--to", &pg.url, "--force"]);
}

/// A workspace written before consent and assistance existed (schema 5):
/// opening it brings it up to date, keeping its records.
#[test]
fn an_older_workspace_is_brought_up_to_date() {
    let d = Dir::with_examples();
    let before = d.ok(&["analyse", "--format", "json"]);
    let reference = Reference::uncac();
    let registry = store::open(&Location::Sqlite(d.db()))
        .unwrap()
        .registry(&reference, tana::store::Detail::Everything)
        .unwrap();
    let old = d.path("old.db");
    crate::pack::old_workspace(&Location::Sqlite(old.clone()), &reference, &registry, 5, "");
    assert_eq!(d.ok_on(s(&old), &["analyse", "--format", "json"]), before);
    let version: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 14);
    let mut st = store::open(&Location::Sqlite(old)).unwrap();
    assert!(st.assistance(None).unwrap().is_empty());
    // Its texts are found by the search, which schema 5 indexed otherwise.
    let any = &registry
        .need_texts
        .iter()
        .find(|t| t.text.len() > 20)
        .unwrap()
        .text;
    let word = any.split_whitespace().max_by_key(|w| w.len()).unwrap();
    let word: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
    assert!(
        !st.search(&word, &|_| true, 0, 10).unwrap().is_empty(),
        "{word}"
    );

    let Some(pg) = PgDatabase::new() else { return };
    let location = Location::Postgres(pg.url.clone());
    crate::pack::old_workspace(&location, &reference, &registry, 5, "");
    assert_eq!(d.ok_on(&pg.url, &["analyse", "--format", "json"]), before);
    let mut client = postgres::Client::connect(&pg.url, postgres::NoTls).unwrap();
    let version: i32 = client
        .query_one("SELECT version FROM tana_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 14);
}

/// Every kind of write moves the generation, in its own transaction, and
/// no read does: what a server watches to see another process's writes.
fn generation_story(location: &Location) {
    use tana::accounts::{Account, Role};
    use tana::records::{Source, Sources};
    use tana::store::{Assistance, Author, NeedKey, Proposal};
    let reference = Reference::uncac();
    let mut st = store::create(location, &reference).unwrap();
    let by = Author { who: "t", at: 1 };
    let need = NeedKey {
        state: "VNM".into(),
        cycle: 1,
        article: 16,
        need_type: "legislative_drafting".into(),
    };
    let reads = |st: &mut dyn Store| {
        let before = st.generation().unwrap();
        let reference = st.reference().unwrap();
        st.registry(&reference, Detail::Everything).unwrap();
        st.workspace().unwrap();
        st.log().unwrap();
        st.accounts().unwrap();
        st.assistance(None).unwrap();
        st.proposals("VNM").unwrap();
        st.readings(None).unwrap();
        st.reading(1).unwrap();
        st.provenance("VNM").unwrap();
        st.search("corruption", &|_| true, 0, 10).unwrap();
        st.origin().unwrap();
        st.tokens("undp").unwrap();
        st.token_account("d1g3st").unwrap();
        st.account("fp").unwrap();
        st.session("no such session", 0).unwrap();
        assert_eq!(
            st.generation().unwrap(),
            before,
            "a read moved the generation"
        );
    };
    type Write = Box<dyn Fn(&mut dyn Store)>;
    let prepared = examples(&reference);
    let (r2, need2) = (reference.clone(), need);
    let writes: Vec<(&str, Write)> = vec![
        (
            "import",
            Box::new(move |st| {
                st.import(&r2, &prepared.batch, by, "files").unwrap();
            }),
        ),
        (
            "set_origin",
            Box::new(move |st| st.set_origin("demo").unwrap()),
        ),
        (
            "add_account",
            Box::new(move |st| {
                for (name, role, state) in [
                    ("fp", Role::FocalPoint, Some("VNM".to_string())),
                    ("undp", Role::Provider, None),
                    ("gone", Role::Provider, None),
                ] {
                    let a = Account {
                        name: name.into(),
                        role,
                        state,
                    };
                    st.add_account(&a, "$argon2id$x", 1).unwrap();
                }
            }),
        ),
        (
            "add_token",
            Box::new(move |st| st.add_token("d1g3st", "undp", 2).unwrap()),
        ),
        (
            "revoke_token",
            Box::new(move |st| {
                st.add_token("0123456789", "undp", 2).unwrap();
                let g = st.generation().unwrap();
                assert!(st.revoke_token(by, "undp", "01234567").unwrap());
                assert!(st.generation().unwrap() > g, "revoke_token");
            }),
        ),
        (
            "set_password",
            Box::new(move |st| assert!(st.set_password(by, "fp", "$argon2id$y", None).unwrap())),
        ),
        (
            "remove_account",
            Box::new(move |st| assert!(st.remove_account(by, "gone").unwrap())),
        ),
        (
            "mark_addressed",
            Box::new({
                let need = need2.clone();
                move |st| assert!(st.mark_addressed(by, &need, true, "UNODC").unwrap())
            }),
        ),
        (
            "update_review",
            Box::new(move |st| {
                let published = Sources::default().with(Source::CountryReport);
                assert!(
                    st.update_review(by, "VNM", 1, Some("2013-01-01"), published)
                        .unwrap()
                )
            }),
        ),
        (
            "set_sharing",
            Box::new(move |st| assert!(st.set_sharing(by, "VNM", 1, true).unwrap())),
        ),
        (
            "edit_need_text",
            Box::new({
                let need = need2.clone();
                move |st| {
                    let sources = [
                        Source::SelfAssessment,
                        Source::CountryReport,
                        Source::ExecutiveSummary,
                    ];
                    let edited = sources
                        .iter()
                        .any(|s| st.edit_need_text(by, &need, *s, "12", "new words").unwrap());
                    assert!(edited);
                }
            }),
        ),
        (
            "propose_and_decide",
            Box::new({
                let need = need2.clone();
                move |st| {
                    let g = st.generation().unwrap();
                    let id = st
                        .propose_need(&Proposal {
                            id: 0,
                            at: 3,
                            who: "fp".into(),
                            need: NeedKey {
                                article: 33,
                                ..need.clone()
                            },
                            source: Source::SelfAssessment,
                            text: "Protection of reporting persons".into(),
                            status: "pending".into(),
                        })
                        .unwrap();
                    assert!(st.generation().unwrap() > g, "propose_need");
                    assert!(st.decide_proposal(by, id, true).unwrap().is_some());
                }
            }),
        ),
        (
            "readings",
            Box::new(move |st| {
                use tana::store::{Decision, FiledReading, ReadRecord, RecordKind, RecordStatus};
                let reading = FiledReading {
                    id: 0,
                    at: 0,
                    who: String::new(),
                    file: "summary.docx".into(),
                    format: "docx".into(),
                    language: "en".into(),
                    state: "VNM".into(),
                    cycle: 1,
                    document: Some(Source::ExecutiveSummary),
                    paragraphs: Vec::new(),
                    records: vec![ReadRecord {
                        number: 1,
                        kind: RecordKind::GoodPractice,
                        article: 36,
                        code: String::new(),
                        paragraph: 1,
                        quote: "A specialised anti-corruption court".into(),
                        confidence: 90,
                        status: RecordStatus::Proposed,
                    }],
                };
                let g = st.generation().unwrap();
                let id = st.file_readings(by, &[reading]).unwrap()[0];
                let g2 = st.generation().unwrap();
                assert!(g2 > g, "file_readings");
                let decision = [(1, Decision::Accept)];
                assert!(st.decide_reading(by, id, &decision).unwrap().is_some());
            }),
        ),
        (
            "assistance",
            Box::new({
                let need = need2.clone();
                move |st| {
                    let mut a = Assistance {
                        id: 0,
                        at: 4,
                        provider: "undp".into(),
                        need: need.clone(),
                        title: "Workshop".into(),
                        status: "planned".into(),
                        starts: None,
                        ends: None,
                        need_was_addressed: false,
                        iati_identifier: None,
                    };
                    let g = st.generation().unwrap();
                    a.id = st.record_assistance(&a).unwrap().unwrap();
                    let g2 = st.generation().unwrap();
                    assert!(g2 > g, "record_assistance");
                    a.status = "ongoing".into();
                    assert!(st.update_assistance(by, &a).unwrap());
                    let g3 = st.generation().unwrap();
                    assert!(g3 > g2, "update_assistance");
                    assert!(st.withdraw_assistance(by, a.id).unwrap());
                }
            }),
        ),
        (
            "remove_need",
            Box::new(move |st| assert!(st.remove_need(by, &need2).unwrap())),
        ),
        (
            "replace_all",
            Box::new(move |st| {
                let r = st.reference().unwrap();
                let w = st.workspace().unwrap();
                st.replace_all(&r, &tana::records::Registry::default(), Some(&w))
                    .unwrap();
                st.replace_all(&r, &tana::records::Registry::default(), None)
                    .unwrap();
            }),
        ),
    ];
    for (name, write) in &writes {
        reads(st.as_mut());
        let before = st.generation().unwrap();
        write(st.as_mut());
        let after = st.generation().unwrap();
        assert!(after > before, "{name} did not move the generation");
        // Another connection (another process, another server) sees it.
        assert_eq!(store::open(location).unwrap().generation().unwrap(), after);
    }
    reads(st.as_mut());
}

#[test]
fn every_write_moves_the_generation_and_no_read_does() {
    let d = Dir::new();
    generation_story(&Location::Sqlite(d.path("generation.db")));
    if let Some(pg) = PgDatabase::new() {
        generation_story(&Location::Postgres(pg.url.clone()));
    }
}

/// While another connection holds the write lock of a SQLite workspace, a
/// read goes through without waiting, a server's write says Busy, and the
/// command line waits (saying so once) and then does its work.
#[test]
fn readers_never_wait_for_a_writer_and_writers_wait_or_say_busy() {
    use std::io::BufRead;
    use std::time::Duration;
    use tana::error::Error;
    use tana::store::Waiting;
    let d = Dir::with_examples();
    let holder = rusqlite::Connection::open(d.db()).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'reference';")
        .unwrap();
    // No wait at all: any wait would fail at once.
    let location = Location::Sqlite(d.db());
    let mut server = store::open_for(&location, Waiting::Upto(Duration::ZERO)).unwrap();
    let reference = server.reference().unwrap();
    let registry = server.registry(&reference, Detail::Everything).unwrap();
    assert!(!registry.needs.is_empty());
    server.generation().unwrap();
    let wrote = server.set_origin("demo");
    assert!(matches!(wrote, Err(Error::Busy(_))), "{wrote:?}");
    let by = tana::store::Author { who: "t", at: 0 };
    let wrote = server.remove_account(by, "nobody");
    assert!(matches!(wrote, Err(Error::Busy(_))), "{wrote:?}");

    let challenges = project("examples/challenges.csv");
    let mut import = std::process::Command::new(env!("CARGO_BIN_EXE_tana"))
        .arg("--db")
        .arg(d.db())
        .args(["import", s(&challenges)])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = import.stderr.take().unwrap();
    let (said, heard) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        for line in std::io::BufReader::new(stderr).lines() {
            let line = line.unwrap();
            let _ = said.send(line.clone());
            all.push(line);
        }
        all
    });
    // The bound only keeps a broken build from hanging the suite.
    loop {
        let line = heard.recv_timeout(Duration::from_secs(300)).unwrap();
        if line.contains("waiting for another process writing to tana.db") {
            break;
        }
    }
    assert!(import.try_wait().unwrap().is_none(), "import gave up");
    holder.execute_batch("COMMIT").unwrap();
    let out = import.wait_with_output().unwrap();
    let stderr = reader.join().unwrap();
    assert!(out.status.success(), "{stderr:?}");
    let waits = stderr.iter().filter(|l| l.contains("waiting for")).count();
    assert_eq!(waits, 1, "{stderr:?}");
    let registry = server.registry(&reference, Detail::Everything).unwrap();
    assert_eq!(
        registry.challenges.len(),
        examples(&reference).batch.registry.challenges.len()
    );
}

/// Imports files written here into a new workspace at `location`.
fn import_texts(location: &Location, d: &Dir, files: &[(&str, String)]) -> Box<dyn Store> {
    let reference = Reference::uncac();
    let mut st = store::create(location, &reference).unwrap();
    let paths: Vec<std::path::PathBuf> = files.iter().map(|(n, t)| d.write(n, t)).collect();
    let paths: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let prepared = import::prepare(&reference, &paths, None, false).unwrap();
    assert!(prepared.errors.is_empty(), "{:?}", prepared.errors);
    let by = tana::store::Author { who: "t", at: 0 };
    st.import(&reference, &prepared.batch, by, "t").unwrap();
    st
}

/// What a reader who is not logged in may read.
fn public(h: &tana::store::Hit) -> bool {
    tana::accounts::may_read_text(
        None,
        &h.state,
        h.published,
        h.shared_with_providers,
        tana::accounts::Origin::of_hit(&h.kind, h.source),
    )
}

/// 600 matches the public may not read, ranked before the one it may: the
/// search still finds that one, and pages through what it may read only.
fn search_story(location: &Location, d: &Dir) {
    let reviews = "state,cycle,completed,documents,published\n\
        Viet Nam,1,2013-06-14,self_assessment;country_report,\n\
        Kenya,1,2012-11-30,self_assessment;country_report,country_report\n"
        .to_string();
    let mut challenges = String::from("state,cycle,article,category,text\n");
    for i in 0..600 {
        challenges.push_str(&format!("Viet Nam,1,16,normative,zebra {i}\n"));
    }
    challenges.push_str("Kenya,1,31,capacity,zebra seen once in a published country report\n");
    challenges.push_str("Kenya,1,32,capacity,another zebra seen in a published country report\n");
    let files = [("reviews.csv", reviews), ("challenges.csv", challenges)];
    let mut st = import_texts(location, d, &files);
    let found = st.search("Zébra", &public, 0, 50).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|h| h.state == "KEN"), "{found:?}");
    let second = st.search("zebra", &public, 1, 50).unwrap();
    assert_eq!(second, found[1..].to_vec());
    let everyone = st.search("zebra", &|_| true, 0, 1000).unwrap();
    assert_eq!(everyone.len(), 602);
    assert!(st.search("zebra", &public, 0, 0).unwrap().is_empty());
}

#[test]
fn a_public_match_is_found_behind_hundreds_the_reader_may_not_see() {
    let d = Dir::new();
    search_story(&Location::Sqlite(d.path("search.db")), &d);
    if let Some(pg) = PgDatabase::new() {
        search_story(&Location::Postgres(pg.url.clone()), &d);
    }
}

/// Every write keeps the full-text index up to date in its own transaction:
/// what a search finds follows edits and removals, and a search never
/// writes (its generation does not move, and it runs while another process
/// holds the write lock).
fn indexed_story(location: &Location, d: &Dir) {
    use tana::records::Source;
    use tana::store::{Author, NeedKey};
    let needs = "state,cycle,article,type,source,paragraph,text,addressed_by\n\
        Viet Nam,1,16,legislative_drafting,country_report,1,Drafting of the offence of foreign bribery,\n\
        Kenya,1,31,legislative_drafting,country_report,2,Tracing of stolen assets,\n"
        .to_string();
    let mut st = import_texts(location, d, &[("needs.csv", needs)]);
    let everything = |st: &mut Box<dyn Store>, q: &str| st.search(q, &|_| true, 0, 100).unwrap();
    assert_eq!(everything(&mut st, "bribery").len(), 1);
    let by = Author { who: "t", at: 0 };
    let need = NeedKey {
        state: "VNM".into(),
        cycle: 1,
        article: 16,
        need_type: "legislative_drafting".into(),
    };
    let source = Source::CountryReport;
    assert!(
        st.edit_need_text(by, &need, source, "1", "Mutual legal assistance treaties")
            .unwrap()
    );
    assert!(everything(&mut st, "bribery").is_empty());
    assert_eq!(everything(&mut st, "treaties").len(), 1);
    assert!(st.remove_need(by, &need).unwrap());
    assert!(everything(&mut st, "treaties").is_empty());
    assert_eq!(everything(&mut st, "assets").len(), 1);
}

#[test]
fn the_search_index_follows_every_write() {
    let d = Dir::new();
    indexed_story(&Location::Sqlite(d.path("indexed.db")), &d);
    if let Some(pg) = PgDatabase::new() {
        indexed_story(&Location::Postgres(pg.url.clone()), &d);
    }
    // After the command line imports, the index holds the texts already:
    // no search has to build it.
    let d = Dir::with_examples();
    let conn = rusqlite::Connection::open(d.db()).unwrap();
    let indexed: i64 = conn
        .query_row("SELECT count(*) FROM search", [], |r| r.get(0))
        .unwrap();
    let texts: i64 = conn
        .query_row("SELECT count(*) FROM need_text WHERE text <> ''", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(texts > 0);
    assert_eq!(indexed, texts);
    // A search while another process writes: it reads, never waits.
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value WHERE key = 'reference';")
        .unwrap();
    let waiting = tana::store::Waiting::Upto(std::time::Duration::ZERO);
    let mut st = store::open_for(&Location::Sqlite(d.db()), waiting).unwrap();
    assert!(!st.search("bribery", &|_| true, 0, 10).unwrap().is_empty());
}

/// API tokens are listed by id, revoked one at a time, and all end with a
/// password change or the account's removal.
fn tokens_story(location: &Location) {
    use tana::accounts::{Account, Role};
    use tana::store::Author;
    let mut st = store::create(location, &Reference::uncac()).unwrap();
    let by = Author { who: "t", at: 5 };
    let undp = Account {
        name: "undp".into(),
        role: Role::Provider,
        state: None,
    };
    st.add_account(&undp, "$argon2id$x", 1).unwrap();
    let (one, two) = (store::digest("one"), store::digest("two"));
    st.add_token(&one, "undp", 2).unwrap();
    st.add_token(&two, "undp", 3).unwrap();
    let listed = st.tokens("undp").unwrap();
    let ids: Vec<&str> = listed.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [&one[..8], &two[..8]]);
    assert_eq!(listed[1].created, 3);
    assert!(!st.revoke_token(by, "undp", "00000000").unwrap());
    assert!(!st.revoke_token(by, "someone", &one[..8]).unwrap());
    assert!(st.revoke_token(by, "undp", &one[..8]).unwrap());
    assert_eq!(st.token_account(&one).unwrap(), None);
    assert_eq!(st.token_account(&two).unwrap().unwrap().name, "undp");
    assert_eq!(st.log().unwrap()[0].action, "revoke API token");
    assert!(st.set_password(by, "undp", "$argon2id$y", None).unwrap());
    assert_eq!(st.token_account(&two).unwrap(), None);
    assert!(st.tokens("undp").unwrap().is_empty());
    st.add_token(&one, "undp", 6).unwrap();
    assert!(st.remove_account(by, "undp").unwrap());
    assert_eq!(st.token_account(&one).unwrap(), None);
}

#[test]
fn tokens_are_listed_revoked_and_end_with_the_password() {
    let d = Dir::new();
    tokens_story(&Location::Sqlite(d.path("tokens.db")));
    if let Some(pg) = PgDatabase::new() {
        tokens_story(&Location::Postgres(pg.url.clone()));
    }
}

/// Runs tana on `d`'s workspace with `input` on standard input.
fn tana_with_input(d: &Dir, args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tana"))
        .arg("--db")
        .arg(d.db())
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_command_line_lists_revokes_and_ends_tokens() {
    let d = Dir::new();
    d.ok(&["init"]);
    let added = tana_with_input(
        &d,
        &["user", "add", "undp", "--role", "provider"],
        "a long password\n",
    );
    assert!(added.status.success(), "{added:?}");
    let secret = d.ok(&["user", "token", "undp"]).trim().to_string();
    let second = d.ok(&["user", "token", "undp"]).trim().to_string();
    let listed = d.ok(&["user", "tokens", "undp"]);
    let ids: Vec<&str> = listed
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let mut expected = vec![
        store::digest(&secret)[..8].to_string(),
        store::digest(&second)[..8].to_string(),
    ];
    expected.sort();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "{listed}");
    assert!(
        listed
            .lines()
            .all(|l| l.split('\t').nth(1).is_some_and(|day| day.len() == 10))
    );
    d.ok(&["user", "revoke", "undp", &expected[0]]);
    let again = d.tana(&["user", "revoke", "undp", &expected[0]]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(d.ok(&["user", "tokens", "undp"]).lines().count(), 1);
    let changed = tana_with_input(&d, &["user", "password", "undp"], "another long one\n");
    assert!(changed.status.success(), "{changed:?}");
    assert_eq!(d.ok(&["user", "tokens", "undp"]), "");
    let mut st = store::open(&Location::Sqlite(d.db())).unwrap();
    assert_eq!(st.token_account(&store::digest(&secret)).unwrap(), None);
    assert_eq!(st.token_account(&store::digest(&second)).unwrap(), None);
    assert!(
        st.log()
            .unwrap()
            .iter()
            .any(|e| e.action == "revoke API token")
    );
}

/// Importing a need again with new words, or with a text from another
/// document, says so; the same file again says nothing changed.
fn reimport_story(location: &Location, d: &Dir) {
    let header = "state,cycle,article,type,source,paragraph,text,addressed_by\n";
    let first = format!(
        "{header}Viet Nam,1,16,legislative_drafting,country_report,1,Drafting of the offence,\n\
         Kenya,1,31,legislative_drafting,country_report,2,Tracing of stolen assets,\n\
         Kenya,1,32,legislative_drafting,country_report,3,Unchanged words,\n"
    );
    let second = format!(
        "{header}Viet Nam,1,16,legislative_drafting,country_report,1,Drafting of the offence of foreign bribery,\n\
         Kenya,1,31,legislative_drafting,country_report,2,Tracing of stolen assets,\n\
         Kenya,1,31,legislative_drafting,self_assessment,4,Asset recovery laws,\n\
         Kenya,1,32,legislative_drafting,country_report,3,Unchanged words,\n\
         Kenya,1,33,legislative_drafting,country_report,5,A new need,\n"
    );
    let mut st = import_texts(location, d, &[("needs.csv", first)]);
    let reference = st.reference().unwrap();
    let path = d.write("needs2.csv", &second);
    let prepared = import::prepare(&reference, &[path.as_path()], None, false).unwrap();
    let by = tana::store::Author { who: "t", at: 0 };
    let summary = st.import(&reference, &prepared.batch, by, "t").unwrap();
    let counts = |s: &tana::store::ImportSummary| {
        (
            s.needs_added,
            s.needs_updated,
            s.texts_added,
            s.texts_changed,
        )
    };
    // One need new (with its text), two changed: one's words, one's new text.
    assert_eq!(counts(&summary), (1, 2, 2, 1));
    let again = st.import(&reference, &prepared.batch, by, "t").unwrap();
    assert_eq!(counts(&again), (0, 0, 0, 0));
    let registry = st.registry(&reference, Detail::Everything).unwrap();
    assert!(
        registry
            .need_texts
            .iter()
            .any(|t| t.text.ends_with("foreign bribery"))
    );
}

#[test]
fn a_reimport_says_which_needs_changed() {
    let d = Dir::new();
    reimport_story(&Location::Sqlite(d.path("reimport.db")), &d);
    if let Some(pg) = PgDatabase::new() {
        reimport_story(&Location::Postgres(pg.url.clone()), &d);
    }
    // The command line says it.
    let d = Dir::with_examples();
    let needs = std::fs::read_to_string(project("examples/needs.csv")).unwrap();
    let changed = needs.replacen(
        "Drafting of the offence of foreign bribery",
        "Drafting of the offence of bribing foreign officials",
        1,
    );
    assert_ne!(changed, needs);
    let path = d.write("changed.csv", &changed);
    let out = d.tana(&["import", s(&path)]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(": 1 need with new words (1 text changed)"),
        "{said}"
    );
}

/// A large import indexes its texts all at once at its end; the index then
/// holds every text, and later writes keep it up to date row by row.
#[test]
fn a_large_import_indexes_all_its_texts() {
    let d = Dir::new();
    let location = Location::Sqlite(d.path("large.db"));
    let reviews = "state,cycle,completed,documents,published\n\
        Kenya,1,2012-11-30,self_assessment;country_report,country_report\n"
        .to_string();
    let mut challenges = String::from("state,cycle,article,category,text\n");
    for i in 0..12_000 {
        challenges.push_str(&format!("Kenya,1,31,capacity,okapi number {i}\n"));
    }
    let files = [("reviews.csv", reviews), ("challenges.csv", challenges)];
    let mut st = import_texts(&location, &d, &files);
    let all = |st: &mut Box<dyn Store>| st.search("okapi", &|_| true, 0, 20_000).unwrap().len();
    assert_eq!(all(&mut st), 12_000);
    let more = "state,cycle,article,category,text\nKenya,1,32,capacity,one okapi more\n";
    let reference = st.reference().unwrap();
    let path = d.write("more.csv", more);
    let prepared = import::prepare(&reference, &[path.as_path()], None, false).unwrap();
    let by = tana::store::Author { who: "t", at: 0 };
    st.import(&reference, &prepared.batch, by, "t").unwrap();
    assert_eq!(all(&mut st), 12_001);
    let conn = rusqlite::Connection::open(d.path("large.db")).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM meta WHERE key = 'index_in_bulk'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "the bulk mark never outlives its import");
}
