//! Alerts: the Atom feeds of the finder's searches and the subscriptions'
//! digests (`tana notify`), on SQLite and PostgreSQL, through the portal
//! and the command line, against a mail server the test runs on loopback.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use tana::accounts::Role;
use tana::alerts::atom::read_back;
use tana::store::{self, Assistance, Location, NeedKey};
use tana::web::{App, spawn};

use crate::portal::{add_accounts, login, send};
use crate::store::PgDatabase;
use crate::{Dir, project, s};

/// The marker of words no public reader may read.
const MARKER: &str = "zebracorn";

/// The needs the story imports after subscribing: a need of Viet Nam its
/// executive summary (published) names, with words of its country report
/// (unpublished) too; one named only in its self-assessment; one of Kenya.
const NEW_NEEDS: &str = "state,cycle,article,type,source,paragraph,text,addressed_by
Viet Nam,1,20,action_plan,executive_summary,3,Published plan on illicit enrichment,
Viet Nam,1,20,action_plan,country_report,4,Zebracorn words of the country report,
Viet Nam,1,21,onsite_expert,self_assessment,5,Zebracorn expert on private-sector bribery,
Kenya,1,30,technological,executive_summary,6,Kenyan systems for procurement,
";

/// A message the mail server took.
struct Mail {
    to: String,
    data: String,
}

/// A mail server on loopback speaking enough SMTP (EHLO, MAIL, RCPT,
/// DATA, QUIT); it keeps every message, or refuses every one.
struct Smtp {
    addr: SocketAddr,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl Smtp {
    fn start(refuse: bool) -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&mails);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = converse(stream, refuse, &kept);
            }
        });
        Smtp { addr, mails }
    }

    fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The messages taken since the last call.
    fn taken(&self) -> Vec<Mail> {
        std::mem::take(&mut *self.mails.lock().unwrap())
    }
}

fn converse(stream: TcpStream, refuse: bool, mails: &Mutex<Vec<Mail>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    write!(out, "220 loopback ESMTP\r\n")?;
    let (mut to, mut line) = (String::new(), String::new());
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" => write!(out, "250-loopback\r\n250 8BITMIME\r\n")?,
            "RCPT" => {
                to = line[8..].trim().trim_matches(['<', '>']).to_string();
                write!(out, "250 OK\r\n")?;
            }
            "DATA" => {
                write!(out, "354 go on\r\n")?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line)? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" {
                        break;
                    }
                    data.push_str(&line);
                }
                if refuse {
                    write!(out, "554 refused\r\n")?;
                } else {
                    mails.lock().unwrap().push(Mail {
                        to: to.clone(),
                        data,
                    });
                    write!(out, "250 kept\r\n")?;
                }
            }
            "QUIT" => {
                write!(out, "221 bye\r\n")?;
                return Ok(());
            }
            _ => write!(out, "250 OK\r\n")?,
        }
    }
}

/// Quoted-printable decoded (RFC 2045): the digest's parts are sent so.
fn unquoted(qp: &str) -> String {
    let joined = qp.replace("=\r\n", "");
    let b = joined.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'=')
            .then(|| joined.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a digest lists: the names in brackets on its text's `* ` lines.
fn listed(mail: &Mail) -> BTreeSet<String> {
    unquoted(&mail.data)
        .lines()
        .filter(|l| l.starts_with("* ") && l.ends_with(')'))
        .filter_map(|l| {
            l.rsplit_once(" (")
                .map(|(_, n)| n.trim_end_matches(')').to_string())
        })
        .collect()
}

/// The needs (`STATE/cycle/article/type`) of rows of the import format
/// (with `Viet Nam` as VNM), those named in one of `documents` if given.
fn needs_in(csv: &str, documents: Option<&[&str]>) -> BTreeSet<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[0] == "Viet Nam" && documents.is_none_or(|d| d.contains(&f[4])))
        .map(|f| format!("VNM/{}/{}/{}", f[1], f[2], f[3]))
        .collect()
}

/// The documents of Viet Nam's first review that it published, from the
/// examples' reviews.
fn published_by_viet_nam() -> Vec<String> {
    let reviews = std::fs::read_to_string(project("examples/reviews.csv")).unwrap();
    let line = reviews
        .lines()
        .find(|l| l.starts_with("Viet Nam,1,"))
        .unwrap();
    line.rsplit(',')
        .next()
        .unwrap()
        .split(';')
        .map(str::to_string)
        .collect()
}

/// A feed fetched and read back: its status, and its elements' texts.
fn feed(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
) -> (u16, String, Vec<(String, String)>) {
    let (status, headers, body) = send(addr, "GET", path, cookie, "");
    if status != 200 {
        return (status, body, Vec::new());
    }
    assert!(
        headers.contains("application/atom+xml"),
        "{path}: {headers}"
    );
    let texts = read_back(&body).unwrap_or_else(|e| panic!("{path} does not read: {e}"));
    (status, body, texts)
}

/// The entries' identifiers, in the feed's order.
fn entry_ids(texts: &[(String, String)]) -> Vec<String> {
    // The feed's own id comes first; each entry's id follows its `entry`.
    let mut ids = Vec::new();
    let mut in_entry = false;
    for (name, text) in texts {
        match name.as_str() {
            "entry" => in_entry = true,
            "id" if in_entry => {
                ids.push(text.trim_start_matches("tag:tana,2024:need/").to_string());
                in_entry = false;
            }
            _ => {}
        }
    }
    ids
}

fn story(location: &Location, db: &str, d: &Dir) {
    add_accounts(
        location,
        &[
            ("vn", Role::FocalPoint, Some("VNM")),
            ("donor", Role::Provider, None),
        ],
    );
    let mut st = store::open(location).unwrap();
    st.add_token(&store::digest("feed-token-of-viet-nam"), "vn", 0)
        .unwrap();
    st.add_token(&store::digest("feed-token-of-a-donor"), "donor", 0)
        .unwrap();
    drop(st);
    let addr = spawn(
        App::open(location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let vn = login(addr, "vn");
    let donor = login(addr, "donor");

    // The finder's page offers its feed and, signed in, the subscription.
    let (status, _, page) = send(addr, "GET", "/needs?state=VNM", Some(&vn.0), "");
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"<link rel="alternate" type="application/atom+xml""#)
            && page.contains(r#"href="/feeds/needs.atom?state=VNM""#),
        "{page}"
    );
    assert!(page.contains("Subscribe to this search") && page.contains(r#"value="state=VNM""#));
    let (_, _, public_page) = send(addr, "GET", "/needs?state=VNM", None, "");
    assert!(!public_page.contains("Subscribe to this search"));
    // An address that is no address is refused next to its field.
    let subscribe = |session: &(String, String), address: &str| {
        let form = format!("csrf={}&filter=state%3DVNM&address={address}", session.1);
        send(addr, "POST", "/subscriptions", Some(&session.0), &form)
    };
    let (status, _, refused) = subscribe(&vn, "not+an+address");
    assert_eq!(status, 400);
    assert!(
        refused.contains(r#"id="address-refused""#) && refused.contains("is no e-mail address")
    );
    assert_eq!(subscribe(&vn, "vn%40example.org").0, 303);
    assert_eq!(subscribe(&donor, "donor%40example.org").0, 303);
    let (_, _, mine) = send(addr, "GET", "/subscriptions", Some(&vn.0), "");
    assert!(mine.contains("vn@example.org") && !mine.contains("donor@example.org"));

    // New needs, then the digests: each holds exactly the new needs of its
    // search that its owner may read.
    let file = d.write("new-needs.csv", NEW_NEEDS);
    d.ok_on(db, &["import", s(&file)]);
    let smtp = Smtp::start(false);
    let notify = |url: &str| {
        d.tana_on(
            db,
            &[
                "notify",
                "--smtp",
                url,
                "--portal-url",
                "http://portal.example",
            ],
        )
    };
    let out = notify(&smtp.url());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mails = smtp.taken();
    assert_eq!(mails.len(), 2, "one digest per subscription");
    let published = published_by_viet_nam();
    let published: Vec<&str> = published.iter().map(String::as_str).collect();
    for m in &mails {
        let (expected, marker) = match m.to.as_str() {
            "vn@example.org" => (needs_in(NEW_NEEDS, None), true),
            "donor@example.org" => (needs_in(NEW_NEEDS, Some(&published)), false),
            other => panic!("a digest to {other}"),
        };
        assert_eq!(listed(m), expected, "{}", m.to);
        let text = unquoted(&m.data);
        assert_eq!(text.to_lowercase().contains(MARKER), marker, "{}", m.to);
        assert!(text.contains("http://portal.example/needs?state=VNM"));
        assert!(
            text.contains("Content-Type: text/html") && text.contains("Content-Type: text/plain")
        );
    }
    // A second run has nothing new to send.
    let out = notify(&smtp.url());
    assert!(out.status.success());
    assert!(smtp.taken().is_empty());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing new"));
    // A dry run since a day shows what changed since then, sends and
    // records nothing.
    let dry = d.ok_on(db, &["notify", "--dry-run", "--since", "2000-01-01"]);
    for need in needs_in(
        &std::fs::read_to_string(project("examples/needs.csv")).unwrap(),
        None,
    ) {
        assert!(dry.contains(&format!("({need})")), "{need}: {dry}");
    }
    assert!(smtp.taken().is_empty());
    assert!(String::from_utf8_lossy(&notify(&smtp.url()).stdout).contains("nothing new"));

    // Assistance recorded comes in the digest too, and the need it
    // addresses, changed by it.
    let mut st = store::open(location).unwrap();
    let assistance = st
        .record_assistance(&Assistance {
            id: 0,
            at: tana::clock::now(),
            provider: "donor".into(),
            need: NeedKey {
                state: "VNM".into(),
                cycle: 1,
                article: 32,
                need_type: "capacity_building".into(),
            },
            title: "Witness protection course".into(),
            status: "planned".into(),
            starts: None,
            ends: None,
            need_was_addressed: false,
            iati_identifier: None,
        })
        .unwrap()
        .unwrap();
    drop(st);
    // A mail server that refuses: the run says which subscription and ends
    // non-zero, and nothing is recorded, so the next run sends it.
    let later = d.write(
        "later.csv",
        "state,cycle,article,type,source,paragraph,text,addressed_by\nViet Nam,1,22,other,executive_summary,7,Later need,\n",
    );
    d.ok_on(db, &["import", s(&later)]);
    let refusing = Smtp::start(true);
    let out = notify(&refusing.url());
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("(vn)") && said.contains("was not sent"),
        "{said}"
    );
    let out = notify(&smtp.url());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mails = smtp.taken();
    assert_eq!(mails.len(), 2);
    for m in mails {
        let names = listed(&m);
        let expected: BTreeSet<String> = [
            "VNM/1/22/other".to_string(),
            "VNM/1/32/capacity_building".to_string(),
            format!("assistance {assistance}"),
        ]
        .into();
        assert_eq!(names, expected, "{}", m.to);
    }

    // The public feed: every variant well-formed, none holds an
    // unpublished word, whoever asks.
    let examples = std::fs::read_to_string(project("examples/needs.csv")).unwrap();
    let all_rows = format!("{examples}{}", NEW_NEEDS.split_once('\n').unwrap().1)
        + "Viet Nam,1,22,other,executive_summary,7,Later need,\n";
    let public_vnm = needs_in(&all_rows, Some(&published));
    for query in [
        "",
        "?state=VNM",
        "?q=zebracorn",
        "?q=country+report",
        "?article=20",
        "?document=country_report",
        "?state=VNM&article=20&type=action_plan",
        "?status=open&sort=date&per=100",
    ] {
        for cookie in [None, Some(vn.0.as_str())] {
            let path = format!("/feeds/needs.atom{query}");
            let (status, body, texts) = feed(addr, &path, cookie);
            assert_eq!(status, 200, "{path}");
            // The search's own words come back in the feed's id, title and
            // links; no entry holds them.
            let echoed = body.replace(&format!("q={MARKER}"), "");
            assert!(!echoed.to_lowercase().contains(MARKER), "{path}: {body}");
            assert_eq!(texts[0].0, "feed", "{path}");
            if query == "?state=VNM" {
                let ids = entry_ids(&texts);
                assert_eq!(ids.iter().cloned().collect::<BTreeSet<_>>(), public_vnm);
                // Newest change first: the last import's need.
                assert_eq!(ids[0], "VNM/1/22/other");
                assert!(texts.contains(&(
                    "content".into(),
                    "Published plan on illicit enrichment".into()
                )));
            }
        }
    }
    // A filter that does not read is refused, with its reason.
    assert_eq!(
        send(addr, "GET", "/feeds/needs.atom?article=999", None, "").0,
        400
    );

    // An action plan of Viet Nam: one item past its end and still under
    // way, one past its end and done, one yet to end. Only the first is
    // overdue, and only the plan's writers are told (the plan is not
    // published).
    let plan = d.write(
        "plan-vnm.csv",
        "state,cycle,priority,title,articles,types,lead,start,end,status,providers,note
VNM,1,1,Foreign bribery offence drafted,16,legislative_drafting,Ministry of Justice,2020-01-01,2020-06-30,under way,,
VNM,1,2,Model law compared,16,model_legislation,,2020-01-01,2020-03-31,done,,
VNM,1,3,Practices of mutual legal assistance gathered,46,good_practices,,2020-01-01,2999-12-31,planned,,
",
    );
    d.ok_on(db, &["plan", "import", s(&plan)]);
    let overdue_title =
        "Overdue: Viet Nam's action plan, cycle 1, priority 1: Foreign bribery offence drafted";
    // The private feed: what the token's account may read.
    let private = |token: &str| {
        feed(
            addr,
            &format!("/feeds/private.atom?token={token}&state=VNM"),
            None,
        )
    };
    let (status, body, texts) = private("feed-token-of-viet-nam");
    assert_eq!(status, 200);
    assert!(body.to_lowercase().contains(MARKER));
    assert!(
        texts.contains(&(
            "title".into(),
            "Assistance for Viet Nam · article 32 · Capacity-building programmes".into()
        )),
        "{texts:?}"
    );
    assert!(
        !body.contains("feed-token-of-viet-nam"),
        "the token stays out of the feed"
    );
    let overdue: Vec<&String> = texts
        .iter()
        .filter(|(k, v)| k == "title" && v.starts_with("Overdue:"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(overdue, [overdue_title], "one item overdue: {texts:?}");
    assert!(body.contains("/states/VNM/plan?cycle=1"), "{body}");
    let (status, body, _) = private("feed-token-of-a-donor");
    assert_eq!(status, 200);
    assert!(!body.to_lowercase().contains(MARKER));
    assert!(body.contains("Witness protection course"));
    assert!(!body.contains("Overdue:"), "a provider writes no plan");
    assert_eq!(private("no-such-token").0, 401);
    assert_eq!(
        feed(addr, "/feeds/private.atom?state=VNM", Some(&vn.0)).0,
        401
    );
    // The owner's rule at send time: a State that withdraws publication
    // sends a provider nothing more of it; an account removed, nothing.
    let mut st = store::open(location).unwrap();
    let by = store::Author {
        who: "test",
        at: tana::clock::now(),
    };
    st.update_review(by, "VNM", 1, Some("2013-06-14"), tana::records::Sources(0))
        .unwrap();
    drop(st);
    let header = "state,cycle,article,type,source,paragraph,text,addressed_by\n";
    let withdrawn = d.write(
        "withdrawn.csv",
        &format!("{header}Viet Nam,1,23,model_agreements,executive_summary,8,After withdrawal,\n"),
    );
    d.ok_on(db, &["import", s(&withdrawn)]);
    assert!(notify(&smtp.url()).status.success());
    let mails = smtp.taken();
    assert_eq!(mails.len(), 1, "the donor may no longer read it");
    assert_eq!(mails[0].to, "vn@example.org");
    assert_eq!(
        listed(&mails[0]),
        BTreeSet::from(["VNM/1/23/model_agreements".to_string()])
    );
    let mut st = store::open(location).unwrap();
    assert!(st.remove_account(by, "vn").unwrap());
    assert!(st.subscriptions(Some("vn")).unwrap().is_empty());
    drop(st);
    let last = d.write(
        "last.csv",
        &format!(
            "{header}Viet Nam,1,24,model_legislation,self_assessment,9,Zebracorn after removal,\n"
        ),
    );
    d.ok_on(db, &["import", s(&last)]);
    assert!(notify(&smtp.url()).status.success());
    assert!(smtp.taken().is_empty(), "nobody left who may read it");
}

#[test]
fn feeds_and_digests_on_sqlite() {
    let d = Dir::with_examples();
    let db = s(&d.db()).to_string();
    story(&Location::Sqlite(d.db()), &db, &d);
}

#[test]
fn feeds_and_digests_on_postgresql() {
    let Some(pg) = PgDatabase::new() else { return };
    let d = Dir::with_examples();
    d.ok(&["copy", "--to", &pg.url]);
    story(&Location::Postgres(pg.url.clone()), &pg.url, &d);
}

#[test]
fn notify_without_a_server_or_a_dry_run_is_refused() {
    let d = Dir::with_examples();
    let out = d.tana(&["notify"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--smtp"));
    let out = d.tana(&["notify", "--dry-run", "--since", "2026-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since"));
}

/// The permission matrix's rows for feeds and subscriptions
/// (`portal::matrix`): the public feed is the same for every reader and
/// holds none of Viet Nam's unpublished words (`secret`); the private feed
/// needs a token and holds what its account may read; anyone signed in
/// subscribes, and removes only their own.
pub(crate) fn matrix_rows(
    addr: SocketAddr,
    sessions: &[(&str, Option<(String, String)>)],
    secret: &[&str],
) {
    for (who, session) in sessions {
        let token = session.as_ref().map(|s| s.0.as_str());
        for path in [
            "/feeds/needs.atom",
            "/feeds/needs.atom?state=VNM",
            "/feeds/needs.atom?state=VNM&document=country_report",
            "/feeds/needs.atom?q=drafting",
        ] {
            let (status, body, _) = feed(addr, path, token);
            assert_eq!(status, 200, "{who} {path}");
            for words in secret {
                assert!(!body.contains(words), "{who} {path} shows `{words}`");
            }
        }
        assert_eq!(feed(addr, "/feeds/private.atom", token).0, 401, "{who}");
        let (status, _, _) = send(addr, "GET", "/subscriptions", token, "");
        assert_eq!(status, if token.is_some() { 200 } else { 401 }, "{who}");
    }
    for (token, reads) in [
        ("script-token-of-the-secretariat", true),
        ("script-token-of-viet-nam", true),
        ("script-token-of-a-donor", false),
    ] {
        let path = format!("/feeds/private.atom?token={token}&state=VNM");
        let (status, body, _) = feed(addr, &path, None);
        assert_eq!(status, 200, "{token}");
        for words in secret {
            assert_eq!(body.contains(words), reads, "{token} and `{words}`");
        }
    }
    assert_eq!(feed(addr, "/feeds/private.atom?token=forged", None).0, 401);
    crate::portal::post_as_each(
        addr,
        sessions.iter(),
        "/subscriptions",
        "filter=state%3DVNM&address=someone%40example.org",
        |who| if who == "public" { 401 } else { 303 },
    );
    let vn = sessions.iter().find(|(w, _)| *w == "vn").unwrap();
    let vn = vn.1.as_ref().unwrap();
    let forged = "csrf=0000&filter=&address=someone%40example.org";
    assert_eq!(
        send(addr, "POST", "/subscriptions", Some(&vn.0), forged).0,
        403
    );
    let (_, _, page) = send(addr, "GET", "/subscriptions", Some(&vn.0), "");
    let id = page
        .split("/subscriptions/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_string();
    crate::portal::post_as_each(
        addr,
        sessions.iter(),
        &format!("/subscriptions/{id}/remove"),
        "",
        |who| match who {
            "public" => 401,
            "vn" => 303,
            _ => 404,
        },
    );
}
