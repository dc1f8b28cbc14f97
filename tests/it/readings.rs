//! Documents read and filed as proposals (`tana read --propose`, `tana
//! proposals`, the portal's `/readings`): filing, listing, accepting one
//! record, a section, an edit, rejecting; the provenance read back; bad
//! documents refused with nothing filed; who may see what. On SQLite and on
//! PostgreSQL. Expectations come from the reader's own output for the same
//! file (`tana read --format json`) and from the records read back.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use tana::accounts::Role;
use tana::store::{self, Decision, Detail, FiledReading, Location, RecordKind, RecordStatus};
use tana::web::{App, spawn};

use crate::portal::{add_accounts, login, post_as_each, send};
use crate::store::PgDatabase;
use crate::{Dir, project, s};

const KENYA: &str = "tests/data/reading/en01_ken_c1_summary_bullets.docx";

/// A fresh workspace in `d`: the file, or a new PostgreSQL database.
fn workspace(d: &Dir, pg: Option<&PgDatabase>) -> String {
    let db = pg.map_or_else(|| s(&d.db()).to_string(), |p| p.url.clone());
    d.ok_on(&db, &["init"]);
    db
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The records the reader itself gives for a file, per import list.
fn read_back(d: &Dir, file: &str) -> serde_json::Value {
    json(&d.ok(&["read", file, "--format", "json"]))
}

fn proposal(d: &Dir, db: &str, id: &str) -> serde_json::Value {
    json(&d.ok_on(db, &["proposals", "show", id, "--format", "json"]))
}

fn records_of<'a>(p: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    p["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind)
        .collect()
}

fn code(d: &Dir, db: &str, args: &[&str]) -> (i32, String) {
    let out = d.tana_on(db, args);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn cli_story(pg: Option<&PgDatabase>) {
    let d = Dir::new();
    let db = workspace(&d, pg);
    let file = s(&project(KENYA)).to_string();
    let expected = read_back(&d, &file);
    let id = d
        .ok_on(&db, &["read", &file, "--propose"])
        .trim()
        .to_string();

    // Filed: every record the reader gives, all proposed, each quote in
    // the paragraph it names.
    let listed = json(&d.ok_on(&db, &["proposals", "list", "--format", "json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let p = proposal(&d, &db, &id);
    for (kind, list) in [
        ("need", "needs"),
        ("challenge", "challenges"),
        ("good_practice", "good_practices"),
    ] {
        assert_eq!(
            records_of(&p, kind).len(),
            expected[list].as_array().unwrap().len(),
            "{kind}"
        );
    }
    let paragraphs = p["paragraphs"].as_array().unwrap();
    for r in p["records"].as_array().unwrap() {
        assert_eq!(r["status"], "proposed");
        let para = paragraphs
            .iter()
            .find(|x| x["number"] == r["paragraph"])
            .expect("the record's paragraph is kept");
        assert!(
            para["text"]
                .as_str()
                .unwrap()
                .contains(r["quote"].as_str().unwrap()),
            "{r}"
        );
    }

    // Accept one need.
    let needs = records_of(&p, "need");
    let first = &needs[0];
    let n1 = first["number"].to_string();
    d.ok_on(&db, &["proposals", "accept", &id, "--record", &n1]);
    // Decided once only, and refused with nothing changed.
    let (rc, err) = code(&d, &db, &["proposals", "accept", &id, "--record", &n1]);
    assert_eq!(rc, 2, "{err}");
    assert!(err.contains("accepted already"), "{err}");

    // An edit import refuses: named by record and field, nothing written.
    let n2 = needs[1]["number"].to_string();
    let (rc, err) = code(
        &d,
        &db,
        &[
            "proposals",
            "accept",
            &id,
            "--record",
            &n2,
            "--set",
            "type=no_such_type",
        ],
    );
    assert_eq!(rc, 2, "{err}");
    assert!(
        err.contains(&format!("record {n2}")) && err.contains("`type`"),
        "{err}"
    );
    assert_eq!(
        proposal(&d, &db, &id)["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] != "proposed")
            .count(),
        1
    );

    // Edit and accept: an article the document names for no need.
    let named: Vec<u64> = needs
        .iter()
        .map(|r| r["article"].as_u64().unwrap())
        .collect();
    let article = (15..=42).find(|a| !named.contains(a)).unwrap();
    d.ok_on(
        &db,
        &[
            "proposals",
            "accept",
            &id,
            "--record",
            &n2,
            "--set",
            &format!("article={article}"),
            "--set",
            "type=onsite_expert",
        ],
    );
    // A section, then the rest rejected.
    d.ok_on(
        &db,
        &["proposals", "accept", &id, "--section", "challenges"],
    );
    d.ok_on(&db, &["proposals", "reject", &id, "--all"]);
    let p = proposal(&d, &db, &id);
    let status = |kind: &str, st: &str| {
        records_of(&p, kind)
            .iter()
            .filter(|r| r["status"] == st)
            .count()
    };
    assert_eq!(status("need", "accepted"), 1);
    assert_eq!(status("need", "edited"), 1);
    assert_eq!(status("need", "rejected"), needs.len() - 2);
    assert_eq!(
        status("challenge", "accepted"),
        records_of(&p, "challenge").len()
    );
    assert_eq!(
        status("good_practice", "rejected"),
        records_of(&p, "good_practice").len()
    );
    let (rc, _) = code(&d, &db, &["proposals", "reject", &id, "--all"]);
    assert_eq!(rc, 2, "nothing is left to reject");

    // The records: the two needs and the challenges, with their words.
    let location = Location::parse(std::path::Path::new(&db));
    let mut st = store::open(&location).unwrap();
    let reference = st.reference().unwrap();
    let registry = st.registry(&reference, Detail::Everything).unwrap();
    let ken = reference.find_state("KEN").unwrap();
    assert!(
        registry
            .reviews
            .iter()
            .all(|r| r.state == ken && r.cycle == 1)
    );
    let mut got: Vec<(u8, String)> = registry
        .needs
        .iter()
        .map(|n| {
            (
                n.article,
                reference.types(1)[n.need_type as usize].code.clone(),
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        (
            first["article"].as_u64().unwrap() as u8,
            first["code"].as_str().unwrap().to_string(),
        ),
        (article as u8, "onsite_expert".to_string()),
    ];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(registry.challenges.len(), records_of(&p, "challenge").len());
    assert!(registry.good_practices.is_empty());
    assert!(
        registry
            .need_texts
            .iter()
            .any(|t| t.text == first["quote"].as_str().unwrap()
                && t.paragraph.parse::<u64>().ok() == first["paragraph"].as_u64())
    );

    // Provenance: one per accepted record, with its document, paragraph and quote.
    let prov = st.provenance("KEN").unwrap();
    assert_eq!(prov.len(), 2 + records_of(&p, "challenge").len());
    let of_first = prov
        .iter()
        .find(|x| {
            x.kind == RecordKind::Need && u64::from(x.article) == first["article"].as_u64().unwrap()
        })
        .unwrap();
    assert_eq!(of_first.quote, first["quote"].as_str().unwrap());
    assert_eq!(
        i64::from(of_first.paragraph),
        first["paragraph"].as_i64().unwrap()
    );
    assert_eq!(
        of_first.document,
        Some(tana::records::Source::ExecutiveSummary)
    );
    assert!(of_first.file.ends_with("en01_ken_c1_summary_bullets.docx"));
    let log = st.log().unwrap();
    assert!(log.iter().any(|e| e.action == "file read document"));
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "decide read records")
            .count(),
        4
    );

    // A copy carries the proposals and the provenance.
    let copy = d.path("copy.db");
    d.ok_on(&db, &["copy", "--to", s(&copy)]);
    let mut other = store::open(&Location::Sqlite(copy)).unwrap();
    assert_eq!(other.provenance("KEN").unwrap(), prov);
    assert_eq!(
        other.reading(id.parse().unwrap()).unwrap(),
        st.reading(id.parse().unwrap()).unwrap()
    );
}

#[test]
fn cli_story_on_sqlite() {
    cli_story(None);
}

#[test]
fn cli_story_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    cli_story(Some(&pg));
}

fn bad_documents(pg: Option<&PgDatabase>) {
    let d = Dir::new();
    let db = workspace(&d, pg);
    let good = s(&project(KENYA)).to_string();
    let not_zip = d.write("summary.docx", "this is not a zip archive");
    let german = d.write(
        "bericht.txt",
        "Zusammenfassung: Kenia\n\nDie Regierung hat das Gesetz über die Bestechung geändert und die Behörden gestärkt.\n",
    );
    for (bad, says) in [(s(&not_zip), "not a zip"), (s(&german), "language")] {
        let (rc, err) = code(&d, &db, &["read", &good, bad, "--propose"]);
        assert_eq!(rc, 2, "{err}");
        assert!(err.contains(bad) && err.contains(says), "{err}");
    }
    // A State the workspace does not know.
    let (rc, err) = code(
        &d,
        &db,
        &["read", &good, "--propose", "--state", "Atlantis"],
    );
    assert_eq!(rc, 2, "{err}");
    let listed = json(&d.ok_on(&db, &["proposals", "list", "--format", "json"]));
    assert_eq!(listed, serde_json::json!([]), "nothing was filed");
    let (rc, err) = code(&d, &db, &["proposals", "show", "1"]);
    assert_eq!(rc, 2, "{err}");
}

#[test]
fn bad_documents_file_nothing_on_sqlite() {
    bad_documents(None);
}

#[test]
fn bad_documents_file_nothing_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    bad_documents(Some(&pg));
}

/// A multipart POST of one file (and the form's secret) to `/readings`.
fn upload(
    addr: SocketAddr,
    token: Option<&str>,
    csrf: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, String, String) {
    let boundary = "tana-test-boundary-3f9a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "POST /readings HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = token {
        head.push_str(&format!("Cookie: tana_session={t}\r\n"));
    }
    stream.write_all(format!("{head}\r\n").as_bytes()).unwrap();
    stream.write_all(&body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (headers, body) = text.split_once("\r\n\r\n").unwrap();
    (
        headers[9..12].parse().unwrap(),
        headers.to_string(),
        body.to_string(),
    )
}

fn location_of(headers: &str) -> String {
    headers
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .unwrap()
        .trim()
        .to_string()
}

fn portal_story(location: &Location) {
    add_accounts(location, &[("sec", Role::Secretariat, None)]);
    let addr = spawn(
        App::open(location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let (token, csrf) = login(addr, "sec");
    let t = Some(token.as_str());
    let bytes = std::fs::read(project(KENYA)).unwrap();

    // A bad document: refused, nothing filed.
    let (status, _, page) = upload(addr, t, &csrf, "summary.docx", b"not a zip");
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("summary.docx") && page.contains("not a zip"),
        "{page}"
    );
    let (status, _, page) = upload(addr, t, &csrf, "summary.exe", &bytes);
    assert_eq!(status, 415, "{page}");
    let (status, _, _) = upload(addr, t, "0".repeat(64).as_str(), "summary.docx", &bytes);
    assert_eq!(status, 403, "a form without the session's secret");
    let mut st = store::open(location).unwrap();
    assert!(st.readings(None).unwrap().is_empty());

    // The upload files it, and the review page shows each quote marked
    // in its paragraph with the forms beside it.
    let (status, headers, _) = upload(addr, t, &csrf, "en01.docx", &bytes);
    assert_eq!(status, 303);
    let path = location_of(&headers);
    let id: i64 = path.trim_start_matches("/readings/").parse().unwrap();
    let filed: FiledReading = st.reading(id).unwrap().unwrap();
    assert_eq!(filed.file, "en01.docx");
    let (status, _, page) = send(addr, "GET", &path, t, "");
    assert_eq!(status, 200);
    for r in &filed.records {
        let quote = tana::report::html::esc(&r.quote);
        assert!(page.contains(&format!("<mark>{quote}</mark>")), "{quote}");
        assert!(page.contains(&format!("id=\"record-{}\"", r.number)));
    }
    let (_, _, list) = send(addr, "GET", "/readings", t, "");
    assert!(list.contains(&format!("href=\"/readings/{id}\"")));

    let of = |k: RecordKind| -> Vec<u32> {
        filed
            .records
            .iter()
            .filter(|r| r.kind == k)
            .map(|r| r.number)
            .collect()
    };
    let needs = of(RecordKind::Need);
    let post = |form: &str| send(addr, "POST", &path, t, &format!("csrf={csrf}&{form}"));
    // One by one, an edit, a section, a refusal.
    assert_eq!(post(&format!("record={}&decision=accept", needs[0])).0, 303);
    assert_eq!(post(&format!("record={}&decision=accept", needs[0])).0, 409);
    let (status, _, page) = post(&format!(
        "record={}&decision=edit&article=999&code=other",
        needs[1]
    ));
    assert_eq!(status, 422);
    assert!(page.contains("article 999"), "{page}");
    assert_eq!(
        post(&format!(
            "record={}&decision=edit&article=&code=other",
            needs[1]
        ))
        .0,
        303
    );
    assert_eq!(post("section=good_practices&decision=accept").0, 303);
    assert_eq!(post("section=needs&decision=reject").0, 303);
    assert_eq!(post("section=nonsense&decision=reject").0, 400);
    assert_eq!(post("decision=accept").0, 400);

    let after = st.reading(id).unwrap().unwrap();
    let status_of = |n: u32| after.records.iter().find(|r| r.number == n).unwrap().status;
    assert_eq!(status_of(needs[0]), RecordStatus::Accepted);
    assert_eq!(status_of(needs[1]), RecordStatus::Edited);
    assert!(
        needs[2..]
            .iter()
            .all(|&n| status_of(n) == RecordStatus::Rejected)
    );
    assert!(
        of(RecordKind::GoodPractice)
            .iter()
            .all(|&n| status_of(n) == RecordStatus::Accepted)
    );
    assert!(
        of(RecordKind::Challenge)
            .iter()
            .all(|&n| status_of(n) == RecordStatus::Proposed)
    );

    let reference = st.reference().unwrap();
    let registry = st.registry(&reference, Detail::Everything).unwrap();
    assert_eq!(registry.needs.len(), 2);
    assert!(registry.needs.iter().any(|n| n.article == 0));
    assert_eq!(
        registry.good_practices.len(),
        of(RecordKind::GoodPractice).len()
    );

    // The State's page shows the provenance to the secretariat.
    let (_, _, page) = send(addr, "GET", "/states/KEN", t, "");
    let first = filed.records.iter().find(|r| r.number == needs[0]).unwrap();
    assert!(page.contains("Where the records come from"));
    assert!(page.contains(&tana::report::html::esc(&first.quote)));
}

#[test]
fn portal_story_on_sqlite() {
    let d = Dir::new();
    d.ok(&["init"]);
    portal_story(&Location::Sqlite(d.db()));
}

#[test]
fn portal_story_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = Dir::new();
    d.ok_on(&pg.url, &["init"]);
    portal_story(&Location::Postgres(pg.url.clone()));
}

/// A reading of Viet Nam filed and accepted through the store: a need
/// quoted from its country report (unpublished in the examples) and one
/// from its executive summary (published), at `articles`; and a third
/// reading left proposed, whose number is returned.
fn viet_nam_reading(location: &Location, quotes: [&str; 2], articles: [u16; 2]) -> i64 {
    use tana::records::Source;
    let mut st = store::open(location).unwrap();
    let reading = |document, quote: &str, article: u16| FiledReading {
        id: 0,
        at: 0,
        who: String::new(),
        file: format!("vnm-{article}.docx"),
        format: "docx".into(),
        language: "en".into(),
        state: "VNM".into(),
        cycle: 1,
        document: Some(document),
        paragraphs: vec![tana::store::ReadParagraph {
            number: 1,
            kind: "paragraph".into(),
            text: quote.into(),
        }],
        records: vec![tana::store::ReadRecord {
            number: 1,
            kind: RecordKind::Need,
            article,
            code: "capacity_building".into(),
            paragraph: 1,
            quote: quote.into(),
            confidence: 90,
            status: RecordStatus::Proposed,
        }],
    };
    let by = store::Author { who: "sec", at: 0 };
    let ids = st
        .file_readings(
            by,
            &[
                reading(Source::CountryReport, quotes[0], articles[0]),
                reading(Source::ExecutiveSummary, quotes[1], articles[1]),
            ],
        )
        .unwrap();
    for id in ids {
        st.decide_reading(by, id, &[(1, Decision::Accept)])
            .unwrap()
            .unwrap();
    }
    st.file_readings(
        by,
        &[reading(
            Source::CountryReport,
            "Left for the matrix.",
            articles[0],
        )],
    )
    .unwrap()[0]
}

/// Waits (at most five seconds) until the server's State page, as the
/// bearer of `token` sees it, does or does not hold `words`.
fn wait_for(addr: SocketAddr, token: Option<&str>, words: &str, held: bool) {
    for _ in 0..50 {
        let (_, _, page) = send(addr, "GET", "/states/VNM", token, "");
        if page.contains(words) == held {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the server did not renew its records");
}

/// The permission matrix's rows for the readings' routes, and the
/// provenance quotes on a State's page: called from `portal::matrix`
/// with its sessions (public, sec, vn, ke, donor). The needs it adds to
/// Viet Nam are removed at its end, so the matrix finds the examples'.
pub(crate) fn matrix_rows(
    addr: SocketAddr,
    location: &Location,
    sessions: &[(&str, Option<(String, String)>)],
) {
    let secret = "Quoted from the unpublished country report of Viet Nam";
    let open = "Quoted from the published executive summary of Viet Nam";
    let mut st = store::open(location).unwrap();
    let reference = st.reference().unwrap();
    let registry = st.registry(&reference, Detail::Counts).unwrap();
    let vnm = reference.find_state("VNM").unwrap();
    let ri = registry
        .reviews
        .iter()
        .position(|r| r.state == vnm && r.cycle == 1)
        .unwrap();
    let shared = registry.reviews[ri].shared_with_providers;
    let taken: Vec<u8> = registry
        .needs
        .iter()
        .filter(|n| n.review as usize == ri)
        .map(|n| n.article)
        .collect();
    let free: Vec<u16> = (15..=42u8)
        .filter(|a| !taken.contains(a))
        .take(2)
        .map(u16::from)
        .collect();
    let id = viet_nam_reading(location, [secret, open], [free[0], free[1]]);
    let sec = sessions.iter().find(|x| x.0 == "sec").unwrap();
    wait_for(addr, sec.1.as_ref().map(|x| x.0.as_str()), open, true);
    let status_for = |who: &str, ok: u16| match who {
        "public" => 401,
        "sec" => ok,
        _ => 403,
    };
    for (who, session) in sessions {
        let token = session.as_ref().map(|x| x.0.as_str());
        for path in ["/readings".to_string(), format!("/readings/{id}")] {
            let (status, _, page) = send(addr, "GET", &path, token, "");
            assert_eq!(status, status_for(who, 200), "{who} GET {path}");
            assert_eq!(
                page.contains("Left for the matrix."),
                *who == "sec" && path != "/readings",
                "{who} {path}"
            );
        }
        let (status, _, _) = send(addr, "GET", "/readings/999999", token, "");
        assert_eq!(status, status_for(who, 404), "{who}");
        let csrf = session.as_ref().map_or("", |x| x.1.as_str());
        let (status, _, _) = upload(addr, token, csrf, "x.docx", b"not a zip");
        assert_eq!(status, status_for(who, 422), "{who} POST /readings");
        // The State's page: the quote of the unpublished document only to
        // those who may read it; the published one to all.
        let (_, _, page) = send(addr, "GET", "/states/VNM", token, "");
        let reads_all = matches!(*who, "sec" | "vn") || (*who == "donor" && shared);
        assert_eq!(
            page.contains(secret),
            reads_all,
            "{who} and the unpublished quote"
        );
        assert!(page.contains(open), "{who} and the published quote");
        for path in [
            "/api/v1/states/VNM/needs",
            "/api/v1/search?q=quoted",
            "/search?q=quoted",
            "/needs",
        ] {
            let (_, _, body) = send(addr, "GET", path, token, "");
            assert!(!body.contains(secret) || reads_all, "{who} {path}");
        }
    }
    post_as_each(
        addr,
        sessions.iter(),
        &format!("/readings/{id}"),
        "record=1&decision=reject",
        |who| status_for(who, 303),
    );
    assert_eq!(
        st.reading(id).unwrap().unwrap().records[0].status,
        RecordStatus::Rejected
    );
    let by = store::Author { who: "sec", at: 0 };
    for article in &free {
        let need = tana::store::NeedKey {
            state: "VNM".into(),
            cycle: 1,
            article: *article as u8,
            need_type: "capacity_building".into(),
        };
        assert!(st.remove_need(by, &need).unwrap());
    }
    assert!(
        st.provenance("VNM").unwrap().is_empty(),
        "a need removed takes its provenance"
    );
    wait_for(addr, sec.1.as_ref().map(|x| x.0.as_str()), open, false);
}
