//! The portal's server: public pages and the JSON API, over a real socket.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use tana::store::{self, Detail, Location};
use tana::web::{App, spawn};

use crate::Dir;

/// One request on a fresh connection: status and body.
pub fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: tana\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let status: u16 = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn demo_server() -> (Dir, SocketAddr) {
    let d = Dir::new();
    d.ok(&["demo"]);
    let app = App::open(&Location::Sqlite(d.db()), false).unwrap();
    let addr = spawn(app, "127.0.0.1:0".parse().unwrap()).unwrap();
    (d, addr)
}

#[test]
fn the_data_api_answers_what_analyse_prints() {
    let (d, addr) = demo_server();
    for (query, args) in [
        ("", vec![]),
        (
            "?chapters=IV&regions=APG,AFR",
            vec!["--chapters", "IV", "--regions", "APG,AFR"],
        ),
        ("?as_of=2014-04-28", vec!["--as-of", "2014-04-28"]),
        (
            "?types=capacity_building,other",
            vec!["--types", "capacity_building,other"],
        ),
    ] {
        let (status, body) = get(addr, &format!("/api/v1/analysis{query}"));
        assert_eq!(status, 200);
        let mut cli = vec!["analyse", "--format", "json"];
        cli.extend(args);
        let expected: serde_json::Value = serde_json::from_str(&d.ok(&cli)).unwrap();
        let served: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(served, expected, "{query}");
        // Asked again, the same answer.
        assert_eq!(get(addr, &format!("/api/v1/analysis{query}")).1, body);
    }
    let (status, body) = get(addr, "/api/v1/articles/32");
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["article"]["total"]["needs"], 70);
}

#[test]
fn bad_requests_get_a_4xx_and_the_server_keeps_running() {
    let (_d, addr) = demo_server();
    for (path, status, says) in [
        (
            "/api/v1/analysis?regions=XYZ",
            400,
            "regions: `XYZ` is no regional group",
        ),
        (
            "/api/v1/analysis?chapters=II",
            400,
            "chapters: chapter II is not reviewed in cycle 1",
        ),
        ("/api/v1/analysis?as_of=2014-13-01", 400, "as_of: "),
        (
            "/api/v1/analysis?types=nothing",
            400,
            "types: `nothing` is no type of need of cycle 1",
        ),
        ("/api/v1/analysis?cycle=abc", 400, ""),
        (
            "/api/v1/articles/99",
            404,
            "article `99` is not in the chapters analysed",
        ),
        ("/api/v1/report?format=doc", 400, "format `doc`"),
        (
            "/api/v1/report?articles=16,x",
            400,
            "`x` is not an article number",
        ),
        ("/report.pdfx", 400, "format `pdfx`"),
        ("/nowhere", 404, "no such page"),
        (
            "/api/v1/needs?article=x",
            400,
            "`x` is not an article number",
        ),
        (
            "/api/v1/needs?type=nothing",
            400,
            "`nothing` is no type of need",
        ),
        ("/needs?region=XYZ", 400, "`XYZ` is no regional group"),
        ("/?regions=XYZ", 400, "no regional group"),
    ] {
        let (got, body) = get(addr, path);
        assert_eq!(got, status, "{path}: {body}");
        assert!(body.contains(says), "{path}: {body}");
        // The portal names its own fields, never the command line's flags.
        if path.starts_with("/api/") {
            assert!(!body.contains("--"), "{path}: {body}");
        }
    }
    assert_eq!(get(addr, "/healthz"), (200, "ok".to_string()));
}

/// The schemas of `v` that say only "an object": no properties, no
/// items, no reference, no additional properties.
fn bare_objects(v: &serde_json::Value, at: &str, found: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            let is_object = m.get("type") == Some(&serde_json::json!("object"));
            let says_more = [
                "properties",
                "additionalProperties",
                "$ref",
                "items",
                "oneOf",
            ]
            .iter()
            .any(|k| m.contains_key(*k));
            if is_object && !says_more {
                found.push(at.to_string());
            }
            for (k, x) in m {
                bare_objects(x, &format!("{at}/{k}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                bare_objects(x, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn the_openapi_document() {
    let (_d, addr) = demo_server();
    let (status, body) = get(addr, "/api/v1/openapi.json");
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    // The document names exactly the routes of the API's table.
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    let mut declared: Vec<(String, String)> = tana::web::api_routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    documented.sort();
    declared.sort();
    assert_eq!(documented, declared);
    assert!(declared.iter().any(|(_, p)| p == "/api/v1/search"));
    // Every route of the table is served: none falls to "no such page".
    for (method, path) in &declared {
        let path = path.replace("{number}", "16").replace("{code}", "APG-01");
        let (status, body) = if method == "get" {
            get(addr, &format!("{path}?q=bribery"))
        } else {
            send(addr, "POST", &path, "application/json", b"{}")
        };
        assert!(
            !body.contains("no such page"),
            "{method} {path} is not routed: {status} {body}"
        );
        // The log, the assistance and IATI imports are for those signed in: without a session, 401.
        let expected = match path.as_str() {
            "/api/v1/log" | "/api/v1/assistance" | "/api/v1/iati" => 401,
            _ => 200,
        };
        assert_eq!(status, expected, "{method} {path}");
    }
    // No route of the API is declared outside the table.
    for file in [
        "mod.rs",
        "portal.rs",
        "assistance.rs",
        "public.rs",
        "people.rs",
        "upload.rs",
    ] {
        let source = std::fs::read_to_string(crate::project(&format!("src/web/{file}"))).unwrap();
        assert!(
            !source.contains(".route(\"/api"),
            "src/web/{file} declares an API route outside openapi::routes"
        );
    }
    // Every schema says what it holds.
    let mut bare = Vec::new();
    bare_objects(&doc, "", &mut bare);
    assert!(bare.is_empty(), "bare objects at {bare:?}");
    // The cycles the schema allows are the ones the server takes.
    let cycle = doc["paths"]["/api/v1/analysis"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "cycle")
        .unwrap()["schema"]["enum"]
        .clone();
    for c in 0..4u8 {
        let allowed = cycle.as_array().unwrap().contains(&c.into());
        let (status, _) = get(addr, &format!("/api/v1/analysis?cycle={c}"));
        assert_eq!(status == 200, allowed, "cycle {c}");
    }
    let mut doc = doc;
    doc["info"]["version"] = "[version]".into();
    insta::assert_json_snapshot!(doc);
}

/// One request with a body, on a fresh connection: status, head and body.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> (u16, String) {
    let (status, _, body) = send_with_head(addr, method, path, content_type, body);
    (status, body)
}

fn send_with_head(
    addr: SocketAddr,
    method: &str,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: tana\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    // A refusal may come before the whole body is read.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head[9..12].parse().unwrap(),
        head.to_string(),
        body.to_string(),
    )
}

#[test]
fn the_public_pages_show_aggregates_and_no_state() {
    let (d, addr) = demo_server();
    let mut store = store::open(&Location::Sqlite(d.db())).unwrap();
    let reference = store.reference().unwrap();
    let registry = store.registry(&reference, Detail::Counts).unwrap();
    let (status, page) = get(addr, "/?chapters=III,IV");
    assert_eq!(status, 200);
    assert!(
        !page.contains("<script"),
        "reading works without JavaScript"
    );
    assert!(page.contains("<legend>Regional groups"));
    assert!(page.contains("name=\"chapters\" value=\"III\" checked"));
    assert!(
        page.contains("Figure 1 (Figure I in the note)</span>")
            && page.contains("(Figure XV in the note)</span>")
    );
    let (status, article) = get(addr, "/articles/16");
    assert_eq!(status, 200);
    assert!(article.contains("A total of 19 States parties identified 42 needs"));
    // The article's page names the States whose needs on it the public
    // may read, and no other.
    let public: Vec<serde_json::Value> =
        serde_json::from_str(&get(addr, "/api/v1/needs?article=16").1).unwrap();
    for review in &registry.reviews {
        let state = reference.state(review.state);
        let named = article.contains(&format!("href=\"/states/{}\"", state.code));
        let readable = public.iter().any(|n| n["state"] == state.code.as_str());
        assert!(!named || readable, "/articles/16 names {}", state.code);
    }
    for path in ["/", "/api/v1/analysis", "/api/v1/report", "/report.html"] {
        let body = get(addr, path).1;
        for review in &registry.reviews {
            let state = &reference.state(review.state);
            assert!(
                !body.contains(&state.code) && !body.contains(&state.name),
                "{path} names {}",
                state.code
            );
        }
    }
    for (format, starts) in [
        ("html", "<!DOCTYPE html>"),
        ("tables", "[document]"),
        ("json", "{"),
    ] {
        let (status, body) = get(addr, &format!("/report.{format}?articles=16,21"));
        assert_eq!(status, 200);
        assert!(body.trim_start().starts_with(starts), "{format}");
    }
}

#[test]
fn a_regional_groups_page() {
    let (d, addr) = demo_server();
    let (status, page) = get(addr, "/regions/APG");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Group of Asia-Pacific States</h1>"));
    assert!(page.contains("<a href=\"/states/APG-01\">"));
    assert!(!page.contains("/states/AFR-01"), "only the group's States");
    // Its numbers are the analysis of that group.
    let expected: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--regions", "APG", "--format", "json"])).unwrap();
    let needs = expected["scopes"].as_array().unwrap().last().unwrap()["total"]["needs"]
        .as_u64()
        .unwrap();
    let row = page
        .split("<strong>Group of Asia-Pacific States</strong>")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("the group's row beside the others");
    assert!(row.contains(&format!(">{needs}</td>")), "{row}");
    assert_eq!(get(addr, "/regions/XYZ").0, 404);
}

/// The demo's States publish differently, so the public list of needs
/// holds some of the needs, of the States that published their country
/// report, and none of the others.
#[test]
fn the_demo_publishes_some_needs_and_not_others() {
    let (d, addr) = demo_server();
    let mut store = store::open(&Location::Sqlite(d.db())).unwrap();
    let reference = store.reference().unwrap();
    let registry = store.registry(&reference, Detail::Counts).unwrap();
    let (status, body) = get(addr, "/api/v1/needs");
    assert_eq!(status, 200);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    // The public reads a need when a document naming it is published.
    let public: std::collections::BTreeSet<(String, u64)> = registry
        .needs
        .iter()
        .filter(|n| {
            let r = &registry.reviews[n.review as usize];
            n.sources.iter().any(|s| r.published.contains(s))
        })
        .map(|n| {
            let r = &registry.reviews[n.review as usize];
            (reference.state(r.state).code.clone(), u64::from(n.article))
        })
        .collect();
    let expected = registry
        .needs
        .iter()
        .filter(|n| {
            let r = &registry.reviews[n.review as usize];
            n.sources.iter().any(|s| r.published.contains(s))
        })
        .count();
    assert!(expected > 0 && expected < registry.needs.len());
    assert_eq!(listed.len(), expected);
    assert!(listed.iter().all(|n| public.contains(&(
        n["state"].as_str().unwrap().to_string(),
        n["article"].as_u64().unwrap()
    ))));
}

#[test]
fn the_api_refuses_in_json_and_the_pages_in_html() {
    let (_d, addr) = demo_server();
    let json_error = |status: u16, head: &str, body: &str, what: &str| {
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{what}: {head}"
        );
        let v: serde_json::Value =
            serde_json::from_str(body).unwrap_or_else(|_| panic!("{what}: {body}"));
        assert!(
            v["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}: {body}"
        );
        status
    };
    for (path, status) in [
        ("/api/v1/analysis?cycle=abc", 400),
        ("/api/v1/analysis?cycle=0", 400),
        ("/api/v1/analysis?threshold=-1", 400),
        ("/api/v1/articles/99", 404),
        ("/api/v1/nowhere", 404),
        ("/api/v1/log", 401),
    ] {
        let (got, head, body) = send_with_head(addr, "GET", path, "text/plain", b"");
        assert_eq!(
            json_error(got, &head, &body, path),
            status,
            "{path}: {body}"
        );
    }
    // A body over 64 KB: 413, in JSON too.
    let big = vec![b' '; 70 * 1024];
    let (got, head, body) =
        send_with_head(addr, "POST", "/api/v1/assistance", "application/json", &big);
    // Without a token the request is refused before its body is read.
    assert_eq!(json_error(got, &head, &body, "big body"), 401);
    // A method the route does not take.
    let (got, head, body) = send_with_head(addr, "DELETE", "/api/v1/analysis", "text/plain", b"");
    assert_eq!(json_error(got, &head, &body, "DELETE"), 405);
    // Pages refuse with a page.
    for path in ["/?cycle=abc", "/?cycle=0", "/nowhere"] {
        let (got, head, body) = send_with_head(addr, "GET", path, "text/plain", b"");
        assert!(got >= 400, "{path}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/html"),
            "{path}: {head}"
        );
        assert!(body.contains("role=\"alert\""), "{path}: {body}");
    }
}

#[test]
fn every_answer_carries_the_security_headers() {
    let (d, addr) = demo_server();
    for path in [
        "/",
        "/articles/16",
        "/report.html",
        "/api/v1/analysis",
        "/nowhere",
        "/style.css",
    ] {
        let (_, head, body) = send_with_head(addr, "GET", path, "text/plain", b"");
        let head = head.to_ascii_lowercase();
        for wanted in [
            "content-security-policy: default-src 'none'",
            "frame-ancestors 'none'",
            "x-frame-options: deny",
            "x-content-type-options: nosniff",
            "referrer-policy: same-origin",
        ] {
            assert!(head.contains(wanted), "{path}: no `{wanted}` in {head}");
        }
        assert!(
            !head.contains("strict-transport-security"),
            "{path}: HSTS on plain HTTP"
        );
        assert!(!head.contains("no-store"), "{path}: nothing signed in here");
        // The portal's own pages carry no inline style: their stylesheet
        // is a file the policy allows.
        if path != "/report.html" && path != "/style.css" {
            assert!(!body.contains("<style"), "{path}");
            let attributes = body.matches("style=\"").count();
            let swatches = body
                .matches("<span class=\"swatch\" style=\"background:#")
                .count();
            assert_eq!(attributes, swatches, "{path}: an inline style");
        }
    }
    let (status, head, css) = send_with_head(addr, "GET", "/style.css", "text/plain", b"");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/css"));
    assert!(css.contains("form.sample"));
    // Behind TLS, HSTS too.
    let secure = spawn(
        App::open(&Location::Sqlite(d.db()), true).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .unwrap();
    let (_, head, _) = send_with_head(secure, "GET", "/", "text/plain", b"");
    assert!(
        head.to_ascii_lowercase()
            .contains("strict-transport-security: max-age=")
    );
}

/// Reads until the server closes the connection; false if it is still
/// open after `patience`.
fn closed_within(stream: &mut TcpStream, patience: std::time::Duration) -> bool {
    stream.set_read_timeout(Some(patience)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn silent_and_slow_connections_are_closed() {
    let d = Dir::new();
    d.ok(&["demo"]);
    let limits = tana::web::Limits {
        head: std::time::Duration::from_millis(500),
        body: std::time::Duration::from_millis(500),
        handler: std::time::Duration::from_secs(5),
        connections: 8,
    };
    let app = App::open(&Location::Sqlite(d.db()), false)
        .unwrap()
        .with_limits(limits);
    let addr = spawn(app, "127.0.0.1:0".parse().unwrap()).unwrap();
    let patience = std::time::Duration::from_secs(8);
    // More silent connections than the cap: each is closed in turn, and
    // the server answers afterwards.
    let mut silent: Vec<TcpStream> = (0..12).map(|_| TcpStream::connect(addr).unwrap()).collect();
    for s in &mut silent {
        assert!(closed_within(s, patience), "a silent connection stays open");
    }
    // A head sent a line at a time, for longer than the limit.
    let mut slow = TcpStream::connect(addr).unwrap();
    write!(slow, "GET / HTTP/1.1\r\nHost: tana\r\n").unwrap();
    let mut closed = false;
    for i in 0..40 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if write!(slow, "X-Slow-{i}: yes\r\n").is_err() {
            closed = true;
            break;
        }
    }
    assert!(closed || closed_within(&mut slow, patience), "a slow head");
    // A body that never comes.
    let mut stalled = TcpStream::connect(addr).unwrap();
    write!(stalled, "POST /login HTTP/1.1\r\nHost: tana\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nname=a").unwrap();
    assert!(closed_within(&mut stalled, patience), "a stalled body");
    // A keep-alive connection left idle.
    let mut idle = TcpStream::connect(addr).unwrap();
    write!(idle, "GET /healthz HTTP/1.1\r\nHost: tana\r\n\r\n").unwrap();
    assert!(closed_within(&mut idle, patience), "an idle keep-alive");
    assert_eq!(get(addr, "/healthz"), (200, "ok".to_string()));
}

/// The demo's States are pseudonyms rebuilt from published tables: every
/// page of it says so, refusals included, and a workspace of real records
/// says nothing of the kind.
#[test]
fn every_page_of_the_demo_says_its_states_are_pseudonyms() {
    const SAID: &str = "a regional group and a number are pseudonyms";
    let (_d, addr) = demo_server();
    for path in [
        "/",
        "/needs",
        "/articles/32",
        "/regions/AFR",
        "/data",
        "/login",
        "/no-such-page",
    ] {
        let (status, body) = get(addr, path);
        assert!(body.contains(SAID), "{path} ({status}) does not say it");
    }
    let real = Dir::with_examples();
    let app = App::open(&Location::Sqlite(real.db()), false).unwrap();
    let addr = spawn(app, "127.0.0.1:0".parse().unwrap()).unwrap();
    for path in ["/", "/needs", "/no-such-page"] {
        assert!(!get(addr, path).1.contains(SAID), "{path}");
    }
}

/// A portal page numbers the note's figures and tables it shows from 1, in
/// order, each naming its number in the note; the note itself keeps its own.
#[test]
fn a_page_numbers_its_figures_from_one_and_names_the_notes() {
    let (_d, addr) = demo_server();
    for path in ["/", "/articles/32"] {
        let (status, body) = get(addr, path);
        assert_eq!(status, 200, "{path}");
        let labels: Vec<&str> = body
            .split("<span class=\"label\">")
            .skip(1)
            .map(|l| &l[..l.find("</span>").unwrap()])
            .collect();
        assert!(!labels.is_empty(), "{path} shows no exhibit");
        let (mut figures, mut tables) = (0, 0);
        for label in labels {
            let (kind, n) = if label.starts_with("Figure ") {
                figures += 1;
                ("Figure", figures)
            } else {
                tables += 1;
                ("Table", tables)
            };
            assert!(
                label.starts_with(&format!("{kind} {n} (")) && label.ends_with(" in the note)"),
                "{path}: {label}"
            );
        }
    }
    let note = get(addr, "/report.html").1;
    assert!(note.contains("<span class=\"label\">Figure I</span>"));
}
