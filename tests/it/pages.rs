//! The portal's pages as each reader finds them: the bar per role, the
//! sample form's refusals next to their fields, error pages in the layout
//! (JSON under /api), confirmations after saves, the counts' grammar, and
//! what each role reads on a State's profile.

use std::net::SocketAddr;

use tana::accounts::Role;
use tana::store::Location;
use tana::web::{App, spawn};

use crate::portal::{PASSWORD, add_accounts, examples, login, send};
use crate::{Dir, project};

/// The examples' workspace served, with an account of each role.
fn served() -> (Dir, SocketAddr) {
    let d = examples();
    let location = Location::Sqlite(d.db());
    add_accounts(
        &location,
        &[
            ("sec", Role::Secretariat, None),
            ("vn", Role::FocalPoint, Some("VNM")),
            ("donor", Role::Provider, None),
        ],
    );
    // Viet Nam's action plan, unpublished: its page for vn and sec.
    d.ok(&["plan", "draft", "VNM", "--cycle", "1"]);
    let addr = spawn(
        App::open(&location, false).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    (d, addr)
}

/// The page's bar: what is inside `<header>`.
fn bar(page: &str) -> &str {
    let start = page.find("<header>").expect("a page has a header");
    let end = page[start..].find("</header>").unwrap() + start;
    &page[start..end]
}

/// A header's value in a raw response head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

#[test]
fn the_bar_says_who_is_signed_in_and_gives_the_roles_links() {
    let (_d, addr) = served();
    let (_, _, public) = send(addr, "GET", "/", None, "");
    assert!(bar(&public).contains("href=\"/login\""), "{}", bar(&public));
    assert!(!bar(&public).contains("Signed in"));
    // name, role in words, links of the role, links it must not have.
    let roles: [(&str, &str, &[&str], &[&str]); 3] = [
        (
            "sec",
            "secretariat",
            &["/import", "/accounts", "/assistance"],
            &[],
        ),
        (
            "vn",
            "focal point of VNM",
            &["/states/VNM", "/assistance"],
            &["/import", "/accounts"],
        ),
        (
            "donor",
            "provider",
            &["/assistance"],
            &["/import", "/accounts", "/states/"],
        ),
    ];
    for (name, role, links, not) in roles {
        let (token, _) = login(addr, name);
        for path in [
            "/",
            "/needs",
            "/states/KEN",
            "/articles/16",
            "/regions/AFR",
            "/no-such-page",
        ] {
            let (_, _, page) = send(addr, "GET", path, Some(&token), "");
            let b = bar(&page);
            assert!(
                b.contains(&format!("Signed in as <strong>{name}</strong>")),
                "{name} on {path}: {b}"
            );
            assert!(b.contains(role), "{name} on {path}: {b}");
            assert!(
                !b.contains("href=\"/login\""),
                "{name} on {path}: no Log in link once signed in"
            );
            assert!(
                b.contains("action=\"/logout\""),
                "{name} on {path}: the way out"
            );
            for l in links {
                assert!(
                    b.contains(&format!("href=\"{l}")),
                    "{name} on {path} lacks {l}"
                );
            }
            for l in not {
                assert!(
                    !b.contains(&format!("href=\"{l}")),
                    "{name} on {path} has {l}"
                );
            }
        }
    }
}

#[test]
fn a_refused_sample_is_shown_next_to_its_field_with_what_was_asked() {
    let (_d, addr) = served();
    let (status, head, page) = send(
        addr,
        "GET",
        "/?chapters=III&regions=APG&regions=XYZ&as_of=2014-04-28",
        None,
        "",
    );
    assert_eq!(status, 400);
    assert!(
        header(&head, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    // The refusal sits in the regional groups' field, and names the value.
    let field = page
        .split("<div class=\"field refused\">")
        .nth(1)
        .expect("one field marked refused");
    let field = &field[..field.find("</div>").unwrap()];
    assert!(field.contains("<legend>Regional groups"), "{field}");
    assert!(
        field.contains("role=\"alert\"") && field.contains("XYZ"),
        "{field}"
    );
    // What was asked is kept: the date typed, the boxes ticked.
    assert!(
        page.contains("name=\"as_of\" value=\"2014-04-28\""),
        "{page}"
    );
    assert!(
        page.contains("name=\"chapters\" value=\"III\" checked"),
        "{page}"
    );
    assert!(
        page.contains("name=\"regions\" value=\"APG\" checked"),
        "{page}"
    );
    assert!(!page.contains("name=\"regions\" value=\"AFR\" checked"));
    // Each field refuses in its own place.
    for (query, field) in [
        ("as_of=2014-13-45", "as_of-refused"),
        ("types=no_such_type", "types"),
        ("articles=99", "articles"),
        ("cycle=7", "cycle-refused"),
    ] {
        let (status, _, page) = send(addr, "GET", &format!("/?{query}"), None, "");
        assert_eq!(status, 400, "{query}");
        assert!(page.contains(&format!("id=\"{field}")), "{query}: {page}");
    }
    // The boxes' values are what the analysis takes: ticking gives the
    // sample the comma-separated words give.
    let api = |q: &str| send(addr, "GET", &format!("/api/v1/analysis?{q}"), None, "").2;
    assert_eq!(api("regions=APG&regions=AFR"), api("regions=APG,AFR"));
    let (status, _, _) = send(addr, "GET", "/api/v1/analysis?regions=XYZ", None, "");
    assert_eq!(status, 400);
}

#[test]
fn errors_are_pages_for_browsers_and_json_for_the_api() {
    let (_d, addr) = served();
    let (vn, vn_csrf) = login(addr, "vn");
    // status, path, who, the page's title
    let pages = [
        (404, "/no-such-page", None, "Page not found"),
        (404, "/states/ATLANTIS", None, "Page not found"),
        (401, "/assistance", None, "Log in first"),
        (403, "/accounts", Some(vn.as_str()), "Not allowed"),
    ];
    for (status, path, who, title) in pages {
        let (got, head, page) = send(addr, "GET", path, who, "");
        assert_eq!(got, status, "{path}");
        assert!(
            header(&head, "content-type")
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            page.contains(&format!("<h1>{title}</h1>")),
            "{path}: {page}"
        );
        assert!(
            page.contains("<header>") && page.contains("href=\"/style.css\""),
            "{path}: in the layout"
        );
        assert_eq!(
            bar(&page).contains("Signed in as"),
            who.is_some(),
            "{path}: the bar knows who asks"
        );
    }
    // A form that does not parse: 400, a page.
    let (status, _, page) = send(
        addr,
        "POST",
        "/states/VNM/addressed",
        Some(&vn),
        &format!("csrf={vn_csrf}&cycle=x&article=16&type=model_legislation"),
    );
    assert_eq!(status, 400);
    assert!(
        page.contains("<h1>Request refused</h1>") && page.contains("cycle"),
        "{page}"
    );
    // Under /api, and for clients asking for JSON, `{"error": …}`.
    for (path, accept) in [
        ("/api/v1/articles/999", None),
        ("/api/v1/no-such", None),
        ("/no-such-page", Some("application/json")),
    ] {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        use std::io::{Read, Write};
        let accept = accept
            .map(|a| format!("Accept: {a}\r\n"))
            .unwrap_or_default();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{accept}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 404"), "{path}: {head}");
        assert!(
            header(head, "content-type")
                .unwrap()
                .starts_with("application/json"),
            "{path}"
        );
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(v["error"].is_string(), "{path}: {body}");
    }
}

#[test]
fn every_save_is_confirmed_on_the_page_it_leads_to() {
    let (_d, addr) = served();
    let (vn, csrf) = login(addr, "vn");
    // The State page's section: each need shown, the ticked ones addressed.
    let form = format!(
        "csrf={csrf}&need=1:16:model_legislation&addressed=1:16:model_legislation&by:1:16:model_legislation=UNDP&need=1:16:legislative_drafting"
    );
    let (status, head, _) = send(addr, "POST", "/states/VNM/addressed", Some(&vn), &form);
    assert_eq!(status, 303);
    let location = header(&head, "location").unwrap().to_string();
    assert_eq!(location, "/states/VNM?done=addressed");
    let (_, _, page) = send(addr, "GET", &location, Some(&vn), "");
    assert!(
        page.contains("role=\"status\">The needs being addressed are saved."),
        "{page}"
    );
    let needs = crate::portal::needs_of(addr, Some(&vn));
    let marked = |t: &str| {
        needs
            .iter()
            .any(|n| n["article"] == 16 && n["type"] == t && n["addressed"] == true)
    };
    assert!(marked("model_legislation") && !marked("legislative_drafting"));
    // The consent to share.
    let (status, head, _) = send(
        addr,
        "POST",
        "/states/VNM/sharing",
        Some(&vn),
        &format!("csrf={csrf}&cycle=1&shared=on"),
    );
    assert_eq!(status, 303);
    let (_, _, page) = send(
        addr,
        "GET",
        header(&head, "location").unwrap(),
        Some(&vn),
        "",
    );
    assert!(page.contains("The consent to share is saved."), "{page}");
    // A code the portal does not know says nothing.
    let (_, _, page) = send(addr, "GET", "/states/VNM?done=%3Cscript%3E", Some(&vn), "");
    assert!(!page.contains("class=\"flash\""));
}

#[test]
fn counts_agree_with_their_number_on_every_page() {
    let (_d, addr) = served();
    let (sec, _) = login(addr, "sec");
    let wrong = regex_free_singulars();
    for who in [None, Some(sec.as_str())] {
        for path in [
            "/",
            "/needs",
            "/states/VNM",
            "/states/KEN",
            "/articles/16",
            "/articles/32",
            "/regions/APG",
            "/regions/AFR",
            "/search?q=bribery",
            "/assistance",
            "/import",
        ] {
            let (status, _, page) = send(addr, "GET", path, who, "");
            if status != 200 {
                continue;
            }
            for w in &wrong {
                assert!(!page.contains(w.as_str()), "{path} says `{w}`");
            }
        }
    }
    // The examples give single counts somewhere: "1 need" is said.
    let (_, _, page) = send(addr, "GET", "/states/VNM", None, "");
    assert!(page.contains("1 need you may read"), "{page}");
}

/// "1 needs", "1 States parties" and the like, after a space or a tag.
fn regex_free_singulars() -> Vec<String> {
    let plurals = [
        "needs",
        "States parties",
        "texts",
        "challenges",
        "records",
        "articles",
        "reviews",
        "bad rows",
    ];
    let mut out = Vec::new();
    for p in plurals {
        for before in [" ", ">"] {
            out.push(format!("{before}1 {p}"));
        }
    }
    out
}

#[test]
fn each_role_reads_its_part_of_a_states_profile() {
    let (_d, addr) = served();
    // Words of Viet Nam's unpublished country report, in the examples.
    let secret = "Drafting of the offence of foreign bribery";
    let sections = [
        "<h2>Reviews</h2>",
        "<h2>Technical assistance needs, by article</h2>",
        "<h2>Challenges, by article</h2>",
        "<h2>Good practices, by article</h2>",
        "<h2>Assistance under way</h2>",
        "<h2>Compared with its regional group</h2>",
    ];
    let sessions = [
        ("public", None),
        ("vn", Some(login(addr, "vn").0)),
        ("donor", Some(login(addr, "donor").0)),
        ("sec", Some(login(addr, "sec").0)),
    ];
    for (who, token) in &sessions {
        let (status, _, page) = send(addr, "GET", "/states/VNM", token.as_deref(), "");
        assert_eq!(status, 200);
        for s in sections {
            assert!(page.contains(s), "{who} lacks {s}");
        }
        let sees_all = matches!(*who, "vn" | "sec");
        assert_eq!(page.contains(secret), sees_all, "{who}");
        assert_eq!(
            page.contains("Viet Nam has not published its country report"),
            !sees_all,
            "{who}"
        );
        assert_eq!(
            page.contains("Viet Nam does not share its cycle 1 review"),
            *who == "donor",
            "{who}"
        );
        // Providers mark the needs they help with, as the focal points do.
        assert_eq!(
            page.contains("Save the needs being addressed"),
            *who != "public",
            "{who}"
        );
        assert_eq!(page.contains("Save the review"), *who == "sec", "{who}");
        assert_eq!(page.contains("Edit the words"), *who == "sec", "{who}");
        assert_eq!(page.contains("Save the consent"), sees_all, "{who}");
        assert_eq!(page.contains("Propose a need"), *who == "vn", "{who}");
        assert_eq!(
            page.contains("<h3>Record assistance</h3>"),
            matches!(*who, "donor" | "sec"),
            "{who}"
        );
        // The article's title with its number, the review's day in words.
        assert!(
            page.contains("Article 32</a>: Protection of witnesses, experts and victims"),
            "{who}"
        );
        assert!(page.contains("14 June 2013"), "{who}");
    }
}

#[test]
fn article_and_regional_group_pages_say_what_the_reader_may_read() {
    let (_d, addr) = served();
    let (vn, _) = login(addr, "vn");
    let (_, _, public) = send(addr, "GET", "/articles/16", None, "");
    let (_, _, own) = send(addr, "GET", "/articles/16", Some(&vn), "");
    assert!(
        public.contains("<h1>Article 16: Bribery of foreign public officials"),
        "{public}"
    );
    assert!(public.contains("Chapter III"), "the chapter is named");
    assert!(public.contains("States parties identifying each type of need, by regional group"));
    // Viet Nam's needs on article 16 are in its unpublished country
    // report: its focal point finds Viet Nam among the States, the public not.
    let listed = |p: &str| {
        let from = p
            .find("<h2>States parties with needs on this article</h2>")
            .unwrap();
        let to = p[from..].find("<h2>Challenges</h2>").unwrap() + from;
        p[from..to].contains("/states/VNM")
    };
    assert!(!listed(&public) && listed(&own));
    let (status, _, region) = send(addr, "GET", "/regions/APG", None, "");
    assert_eq!(status, 200);
    assert!(
        region.contains("of the group's") && region.contains("in the sample"),
        "coverage: {region}"
    );
    assert!(region.contains("The group beside the others"));
    for g in [
        "Group of African States",
        "Group of Western European and other States",
    ] {
        assert!(region.contains(g), "{g} beside");
    }
    assert!(region.contains("/states/VNM"), "its States");
    assert_eq!(send(addr, "GET", "/regions/XYZ", None, "").0, 404);
}

#[test]
fn in_a_browser_every_page_as_every_role_at_two_widths() {
    let script = project("tests/browser/pages.mjs");
    let Some(chromium) = crate::browser() else {
        return;
    };
    let (_d, addr) = served();
    let o = std::process::Command::new("node")
        .arg(&script)
        .arg(format!("http://{addr}"))
        .arg(PASSWORD)
        .arg(project("target"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let said = String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{said}");
    assert!(said.contains("ok: axe-core finds nothing"), "{said}");
}
