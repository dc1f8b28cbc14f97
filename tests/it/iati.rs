//! IATI activity files: `tana iati check` on the examples and on files that
//! break each rule, and `tana match` on the labelled set.

use serde_json::Value;

use crate::{Dir, project, s};

const EXAMPLE: &str = "examples/iati/activities.xml";

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON output")
}

/// The line (from 1) of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("the text holds the needle");
    text[..at].matches('\n').count() + 1
}

#[test]
fn the_example_file_validates_and_says_what_it_holds() {
    let d = Dir::new();
    let xml = std::fs::read_to_string(project(EXAMPLE)).unwrap();
    let out = json(&d.ok(&["iati", "check", s(&project(EXAMPLE)), "--format", "json"]));
    let activities = out["activities"].as_array().unwrap();
    let in_file = xml.matches("<iati-activity ").count();
    assert_eq!(out["summary"]["activities_read"], in_file);
    // The roads activity is the only one with no governance sector.
    assert_eq!(
        out["kept_out"],
        serde_json::json!(["XX-EXAMPLE-1-ROADS-2024-09"])
    );
    assert_eq!(activities.len(), in_file - 1);
    for a in activities {
        let id = a["identifier"].as_str().unwrap();
        assert!(xml.contains(&format!("<iati-identifier>{id}</iati-identifier>")));
        assert_eq!(
            a["line"],
            line_of(&xml, &format!("<iati-identifier>{id}")) - 1
        );
        // Shares of several recipients add up to 100, as the standard asks.
        let recipients = a["recipients"].as_array().unwrap();
        assert!(
            recipients.len() >= 2,
            "{id} has several recipient countries"
        );
        let sum: f64 = recipients
            .iter()
            .map(|r| r["percentage"].as_f64().unwrap())
            .sum();
        assert!((sum - 100.0).abs() < 1e-9, "{id}: {sum}");
        assert!(recipients.iter().all(|r| r["state"].is_string()));
        assert!(!a["budgets"].as_array().unwrap().is_empty());
    }
    // Every language of a title is kept.
    let second = &activities[1];
    let langs: Vec<&str> = second["title"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["lang"].as_str().unwrap())
        .collect();
    assert_eq!(langs, ["fr", "en", "es"]);
    // A value with no currency takes the activity's default.
    assert_eq!(activities[0]["budgets"][1]["currency"], "EUR");
    assert_eq!(second["budgets"][0]["currency"], "XOF");
    let states = &out["summary"]["recipient_states"];
    assert_eq!(
        states,
        &serde_json::json!(["KEN", "UGA", "SEN", "MLI", "COL", "PER"])
    );
    // Checking writes nothing, not even a workspace.
    assert!(!d.db().exists());
}

#[test]
fn all_sectors_keeps_the_roads_and_marks_them_irrelevant() {
    let d = Dir::new();
    let out = json(&d.ok(&[
        "iati",
        "check",
        s(&project(EXAMPLE)),
        "--all-sectors",
        "--format",
        "json",
    ]));
    let roads = out["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["identifier"] == "XX-EXAMPLE-1-ROADS-2024-09")
        .expect("kept with --all-sectors");
    assert_eq!(roads["relevant"], false);
    assert_eq!(roads["status"], "ongoing");
    let text = d.ok(&["iati", "check", s(&project(EXAMPLE)), "--all-sectors"]);
    assert!(text.contains("1 with no governance sector kept all the same"));
}

/// One good activity; each rule's test breaks one thing in it.
const GOOD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
  <iati-activity default-currency="USD" xml:lang="en">
    <iati-identifier>XX-TEST-1</iati-identifier>
    <reporting-org ref="XX-TEST" type="10"><narrative>Test agency</narrative></reporting-org>
    <title><narrative>Training of judges</narrative></title>
    <participating-org ref="XX-TEST" role="1"/>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2025-01-01"/>
    <activity-date type="3" iso-date="2026-12-31"/>
    <recipient-country code="KE" percentage="60"/>
    <recipient-country code="UG" percentage="40"/>
    <sector vocabulary="1" code="15130"/>
    <budget>
      <period-start iso-date="2025-01-01"/>
      <period-end iso-date="2025-12-31"/>
      <value value-date="2025-01-01">1000</value>
    </budget>
  </iati-activity>
</iati-activities>
"#;

#[test]
fn the_good_test_activity_passes() {
    let d = Dir::new();
    let f = d.write("good.xml", GOOD);
    let out = json(&d.ok(&["iati", "check", s(&f), "--format", "json"]));
    assert_eq!(out["summary"]["activities_kept"], 1);
}

#[test]
fn each_broken_rule_is_refused_with_its_line_element_and_rule() {
    // (what to replace, with what, the element named, words of the rule,
    // a text on the line the error names)
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "<iati-identifier>XX-TEST-1</iati-identifier>",
            "",
            "iati-identifier",
            "has an iati-identifier",
            "<iati-activity ",
        ),
        (
            "<iati-identifier>XX-TEST-1</iati-identifier>",
            "<iati-identifier> </iati-identifier>",
            "iati-identifier",
            "is empty",
            "<iati-activity ",
        ),
        (
            r#"iso-date="2025-01-01"/>
    <activity-date type="3""#,
            r#"iso-date="2025-02-30"/>
    <activity-date type="3""#,
            "activity-date/@iso-date",
            "not a day of the calendar",
            "2025-02-30",
        ),
        (
            r#"<activity-date type="3" iso-date="2026-12-31"/>"#,
            r#"<activity-date type="3" iso-date="soon"/>"#,
            "activity-date/@iso-date",
            "is not a date",
            "soon",
        ),
        (
            r#"<activity-date type="1" iso-date="2025-01-01"/>"#,
            "",
            "activity-date",
            "planned start date",
            "<iati-activity ",
        ),
        (
            r#"<activity-date type="3" iso-date="2026-12-31"/>"#,
            r#"<activity-date type="3" iso-date="2024-12-31"/>"#,
            "activity-date/@iso-date",
            "planned end is before the planned start",
            "<iati-activity ",
        ),
        (
            r#"code="UG" percentage="40""#,
            r#"code="QQ" percentage="40""#,
            "recipient-country/@code",
            "not an ISO 3166-1 alpha-2",
            "QQ",
        ),
        (
            r#"code="UG" percentage="40""#,
            r#"code="UG" percentage="30""#,
            "recipient-country/@percentage",
            "add up to 100",
            r#"code="KE""#,
        ),
        (
            r#"code="UG" percentage="40""#,
            r#"code="UG""#,
            "recipient-country/@percentage",
            "each one has one",
            r#"code="UG""#,
        ),
        (
            r#"code="UG" percentage="40""#,
            r#"code="UG" percentage="forty""#,
            "recipient-country/@percentage",
            "from 0 to 100",
            "forty",
        ),
        (
            r#"<activity-status code="2"/>"#,
            r#"<activity-status code="7"/>"#,
            "activity-status/@code",
            "ActivityStatus codelist",
            "activity-status",
        ),
        (
            r#"code="15130""#,
            r#"code="1513""#,
            "sector/@code",
            "5 digits",
            "1513",
        ),
        (
            r#"ref="XX-TEST" type="10""#,
            r#"type="10""#,
            "reporting-org/@ref",
            "identifier is required",
            "<reporting-org",
        ),
        (
            "<title><narrative>Training of judges</narrative></title>",
            "",
            "title/narrative",
            "has a title",
            "<iati-activity ",
        ),
        (
            r#"role="1""#,
            r#"role="9""#,
            "participating-org/@role",
            "OrganisationRole",
            r#"role="9""#,
        ),
        (
            r#"<value value-date="2025-01-01">1000</value>"#,
            r#"<value value-date="2025-01-01" currency="ABC">1000</value>"#,
            "budget/value/@currency",
            "ISO 4217",
            "ABC",
        ),
        (
            r#"<value value-date="2025-01-01">1000</value>"#,
            r#"<value>1000</value>"#,
            "budget/value/@value-date",
            "value date is required",
            "<value>",
        ),
        (
            r#"<value value-date="2025-01-01">1000</value>"#,
            r#"<value value-date="2025-01-01">1 000</value>"#,
            "budget/value",
            "a value is a number",
            "1 000",
        ),
        (
            r#"<period-end iso-date="2025-12-31"/>"#,
            r#"<period-end iso-date="2024-12-31"/>"#,
            "budget/period-end",
            "ends on or after it starts",
            "<budget>",
        ),
        (
            r#"<iati-activities version="2.03">"#,
            r#"<iati-activities version="1.05">"#,
            "iati-activities/@version",
            "versions 2.01 to 2.03",
            "1.05",
        ),
    ];
    let d = Dir::new();
    for (i, (from, to, element, rule, at)) in cases.iter().enumerate() {
        assert!(GOOD.contains(from), "case {i}");
        let text = GOOD.replacen(from, to, 1);
        let name = format!("broken-{i}.xml");
        let f = d.write(&name, &text);
        let out = d.tana(&["iati", "check", s(&f)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i}: {err}");
        assert!(
            out.stdout.is_empty(),
            "case {i}: nothing is printed as read"
        );
        // The changed element's line, or the activity's own line for rules
        // about the whole activity.
        let line = line_of(&text, at);
        let wanted = format!("{name}: line {line}, column `{element}`");
        assert!(err.contains(&wanted), "case {i}: wanted {wanted} in {err}");
        assert!(err.contains(rule), "case {i}: wanted {rule} in {err}");
    }
    assert!(!d.db().exists());
}

#[test]
fn every_error_of_every_file_is_reported_at_once() {
    let d = Dir::new();
    let one = d.write(
        "one.xml",
        &GOOD
            .replacen(r#"code="UG""#, r#"code="QQ""#, 1)
            .replacen(r#"code="2""#, r#"code="0""#, 1),
    );
    let two = d.write("two.xml", "<html><body>not IATI</body></html>");
    let three = d.write(
        "three.xml",
        "<iati-activities version=\"2.03\">\n<iati-activity>\n",
    );
    let out = d.tana(&[
        "iati",
        "check",
        s(&one),
        s(&two),
        s(&three),
        s(&project(EXAMPLE)),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 bad row(s)"), "{err}");
    assert!(err.contains("one.xml: line 12, column `recipient-country/@code`, value `QQ`"));
    assert!(err.contains("one.xml: line 8, column `activity-status/@code`, value `0`"));
    assert!(err.contains("two.xml: line 1, column `html`: not an IATI activity file"));
    assert!(err.contains("three.xml: line 3, column `iati-activity`: the file ends inside"));
}

#[test]
fn a_country_that_is_no_state_party_is_said_and_kept_out_of_the_states() {
    let d = Dir::new();
    let f = d.write("tw.xml", &GOOD.replacen(r#"code="UG""#, r#"code="PR""#, 1));
    let out = d.tana(&["iati", "check", s(&f), "--format", "json"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PR (Puerto Rico) is no State party"));
    let v = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(v["summary"]["recipient_states"], serde_json::json!(["KEN"]));
}

#[test]
fn the_same_activity_in_two_files_is_kept_once_the_newest() {
    let d = Dir::new();
    let old = d.write(
        "old.xml",
        &GOOD.replacen(
            "<iati-activity ",
            r#"<iati-activity last-updated-datetime="2025-01-01T00:00:00Z" "#,
            1,
        ),
    );
    let new = d.write(
        "new.xml",
        &GOOD
            .replacen(
                "<iati-activity ",
                r#"<iati-activity last-updated-datetime="2026-01-01T00:00:00Z" "#,
                1,
            )
            .replacen("Training of judges", "Training of judges, second phase", 1),
    );
    let v = json(&d.ok(&["iati", "check", s(&new), s(&old), "--format", "json"]));
    assert_eq!(v["summary"]["activities_read"], 1);
    assert_eq!(
        v["activities"][0]["title"][0]["text"],
        "Training of judges, second phase"
    );
    // Twice in one file is an error: an identifier names one activity.
    let body = GOOD
        .split_once("  <iati-activity")
        .and_then(|(_, rest)| rest.split_once("</iati-activity>"))
        .map(|(a, _)| format!("  <iati-activity{a}</iati-activity>\n"))
        .unwrap();
    let twice = GOOD.replacen(
        "</iati-activities>",
        &format!("{body}</iati-activities>"),
        1,
    );
    let f = d.write("twice.xml", &twice);
    let out = d.tana(&["iati", "check", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already used by the activity of line 3")
    );
}

/// A link as the gold file and `tana match` both name it.
type Link = (String, String, u64, u64, String);

fn gold_links() -> Vec<Link> {
    let mut reader = csv::Reader::from_path(project("tests/data/matching/gold.csv")).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_string(),
                r[1].to_string(),
                r[2].parse().unwrap(),
                r[3].parse().unwrap(),
                r[4].to_string(),
            )
        })
        .collect()
}

fn proposed_links(out: &Value) -> Vec<Link> {
    out["activities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["proposals"].as_array().unwrap())
        .map(|p| {
            (
                p["activity"].as_str().unwrap().to_string(),
                p["state"].as_str().unwrap().to_string(),
                p["cycle"].as_u64().unwrap(),
                p["article"].as_u64().unwrap(),
                p["need_type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn labelled_workspace() -> Dir {
    let d = Dir::new();
    d.ok(&["init"]);
    d.ok(&["import", s(&project("tests/data/matching/records.json"))]);
    d
}

#[test]
fn matching_on_the_labelled_set_is_precise() {
    let d = labelled_workspace();
    let activities = project("tests/data/matching/activities.xml");
    let out = json(&d.ok(&["match", "--iati", s(&activities), "--format", "json"]));
    let gold = gold_links();
    let proposed = proposed_links(&out);
    let right = proposed.iter().filter(|l| gold.contains(l)).count();
    let precision = right as f64 / proposed.len().max(1) as f64;
    let recall = right as f64 / gold.len() as f64;
    println!(
        "labelled set: {} proposed, {} in the gold's {}: precision {precision:.3}, recall {recall:.3}",
        proposed.len(),
        right,
        gold.len()
    );
    for l in proposed.iter().filter(|l| !gold.contains(l)) {
        println!("  wrong: {l:?}");
    }
    for l in gold.iter().filter(|l| !proposed.contains(l)) {
        println!("  missed: {l:?}");
    }
    assert!(!proposed.is_empty());
    assert!(precision >= 0.9, "precision {precision}");
    // Recall is second, but a matcher that finds little is no help either.
    assert!(recall >= 0.6, "recall {recall}");
    // Each proposal is of a need that exists, open, of a recipient State.
    let records: Value = serde_json::from_str(
        &std::fs::read_to_string(project("tests/data/matching/records.json")).unwrap(),
    )
    .unwrap();
    for (_, state, cycle, article, kind) in &proposed {
        assert!(
            records["needs"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["state"] == *state
                    && n["cycle"] == *cycle
                    && n["article"] == *article
                    && n["type"] == *kind
                    && n["addressed"] == "no"),
            "{state} {cycle} {article} {kind}"
        );
    }
}

#[test]
fn rural_roads_in_kenya_address_none_of_its_needs() {
    let d = labelled_workspace();
    let activities = project("tests/data/matching/activities.xml");
    for extra in [&[][..], &["--all-sectors"][..]] {
        let mut args = vec!["match", "--iati", s(&activities), "--format", "json"];
        args.extend(extra);
        let out = json(&d.ok(&args));
        let roads = proposed_links(&out)
            .into_iter()
            .filter(|l| l.0 == "XX-GOLD-2")
            .count();
        assert_eq!(roads, 0, "{extra:?}");
    }
    // Without --all-sectors the roads are not even looked at, and the summary says so.
    let out = json(&d.ok(&["match", "--iati", s(&activities), "--format", "json"]));
    assert_eq!(out["summary"]["kept_out_no_governance_sector"], 3);
}

#[test]
fn asset_recovery_training_addresses_capacity_building_needs_of_chapter_v() {
    let d = labelled_workspace();
    let activities = project("tests/data/matching/activities.xml");
    let out = json(&d.ok(&[
        "match",
        "--iati",
        s(&activities),
        "--state",
        "Kenya",
        "--format",
        "json",
    ]));
    let links = proposed_links(&out);
    assert!(links.iter().all(|l| l.1 == "KEN"));
    let asset_recovery: Vec<&Link> = links.iter().filter(|l| l.0 == "XX-GOLD-1").collect();
    assert!(!asset_recovery.is_empty());
    for l in &asset_recovery {
        let chapter_v = l.2 == 2 && (51..=59).contains(&l.3);
        let confiscation = l.2 == 1 && l.3 == 31;
        assert!(chapter_v || confiscation, "{l:?}");
        assert_eq!(l.4, "capacity_building");
    }
    // Kenya's need already addressed, and its general need, are never proposed.
    assert!(!links.iter().any(|l| l.3 == 36 || l.3 == 0));
    let text = d.ok(&["match", "--iati", s(&activities), "--state", "KEN"]);
    assert!(
        text.contains("because “asset recovery” (article 58)"),
        "{text}"
    );
}

#[test]
fn match_needs_a_workspace_and_a_known_state() {
    let d = Dir::new();
    let f = project(EXAMPLE);
    let out = d.tana(&["match", "--iati", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    d.ok(&["init"]);
    let out = d.tana(&["match", "--iati", s(&f), "--state", "Atlantis"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--state: `Atlantis`"));
    // A broken file stops the match with its errors, as check does.
    let bad = d.write("bad.xml", &GOOD.replacen(r#"code="KE""#, r#"code="KK""#, 1));
    let out = d.tana(&["match", "--iati", s(&bad)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.xml: line 11"));
}

#[test]
fn a_file_that_is_not_utf8_or_not_well_formed_is_refused_at_its_line() {
    let d = Dir::new();
    // "Test agency" with an e acute in Latin-1, on the reporting-org's line.
    let mut latin = GOOD
        .replacen("UTF-8", "ISO-8859-1", 1)
        .replacen("Test agency", "Test agency X", 1)
        .into_bytes();
    let at = latin.windows(2).position(|w| w == b" X").unwrap() + 1;
    latin[at] = 0xE9;
    let f = d.path("latin.xml");
    std::fs::write(&f, &latin).unwrap();
    let out = d.tana(&["iati", "check", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    let line = line_of(GOOD, "<reporting-org");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("latin.xml: line {line}: not UTF-8")),
        "{err}"
    );

    let broken = GOOD.replacen("</title>", "", 1);
    let f = d.write("unclosed.xml", &broken);
    let out = d.tana(&["iati", "check", s(&f)]);
    let err = String::from_utf8_lossy(&out.stderr);
    // The title now runs on to the activity's end, where the mismatch shows.
    let line = line_of(&broken, "</iati-activity>");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains(&format!("unclosed.xml: line {line}: not well-formed XML")),
        "{err}"
    );
}
