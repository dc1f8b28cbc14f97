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

#[test]
fn the_openapi_document() {
    let (_d, addr) = demo_server();
    let (status, body) = get(addr, "/api/v1/openapi.json");
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    // Every path the document names answers.
    for path in doc["paths"].as_object().unwrap().keys() {
        let path = path.replace("{number}", "16").replace("{code}", "APG-01");
        // The log and the assistance are for those signed in: without a session, 401.
        let signed_in = ["/api/v1/log", "/api/v1/assistance"];
        let expected = if signed_in.contains(&path.as_str()) {
            401
        } else {
            200
        };
        assert_eq!(get(addr, &path).0, expected, "{path}");
    }
    let mut doc = doc;
    doc["info"]["version"] = "[version]".into();
    insta::assert_json_snapshot!(doc);
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
    assert!(page.contains("<label>Regional groups<input name=\"regions\""));
    assert!(page.contains("Figure I</span>") && page.contains("Figure XV</span>"));
    let (status, article) = get(addr, "/articles/16");
    assert_eq!(status, 200);
    assert!(article.contains("A total of 19 States parties identified 42 needs"));
    for path in [
        "/",
        "/articles/16",
        "/api/v1/analysis",
        "/api/v1/report",
        "/report.html",
    ] {
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
    assert!(
        page.contains(&format!("Total equals {}.", needs))
            || page.contains(&format!("{needs}</text>"))
    );
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
