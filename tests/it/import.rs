//! Import: every rule for bad input, names in messages, nothing half-written.

use crate::{Dir, project, s};

fn workspace() -> Dir {
    Dir::with_examples()
}

/// The records as an analysis, to tell whether an import changed anything.
fn snapshot(d: &Dir) -> String {
    d.ok(&["analyse", "--format", "json"])
}

/// Imports `text` as `name`, expects failure, and returns the message; checks
/// that the workspace did not change.
fn rejected(name: &str, text: &str) -> String {
    let d = workspace();
    let before = snapshot(&d);
    let file = d.write(name, text);
    let out = d.tana(&["import", s(&file)]);
    assert_eq!(out.status.code(), Some(2), "bad input exits 2");
    assert_eq!(snapshot(&d), before, "a rejected import changes nothing");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn unknown_state_is_named_with_file_line_and_column() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,16,model_legislation\nAtlantis,1,16,model_legislation\n",
    );
    assert!(
        msg.contains(
            "needs.csv: line 3, column `state`, value `Atlantis`: unknown State `Atlantis`"
        ),
        "{msg}"
    );
    assert!(msg.contains("nothing was written"), "{msg}");
}

#[test]
fn misspelt_state_gets_a_suggestion() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenyaa,1,16,model_legislation\n",
    );
    assert!(msg.contains("did you mean `Kenya`?"), "{msg}");
}

#[test]
fn article_that_does_not_exist() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,99,model_legislation\n",
    );
    assert!(
        msg.contains("line 2, column `article`, value `99`: article 99 does not exist"),
        "{msg}"
    );
}

#[test]
fn article_not_reviewed_in_the_cycle() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,5,model_legislation\n",
    );
    assert!(
        msg.contains("article 5 (chapter II) is not reviewed in cycle 1"),
        "{msg}"
    );
}

#[test]
fn unknown_type_suggests_the_meant_one() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nKenya,1,16,trainig\n",
    );
    assert!(
        msg.contains("type `trainig` is unknown in cycle 1, did you mean `capacity_building`?"),
        "{msg}"
    );
}

#[test]
fn a_date_that_is_no_date() {
    let msg = rejected(
        "reviews.csv",
        "state,cycle,completed\nKenya,1,2013-02-30\nPeru,1,last year\n",
    );
    assert!(
        msg.contains("line 2, column `completed`, value `2013-02-30`"),
        "{msg}"
    );
    assert!(
        msg.contains("line 3, column `completed`, value `last year`: `last year` is not a date"),
        "{msg}"
    );
}

#[test]
fn a_consent_is_yes_or_no() {
    let msg = rejected(
        "reviews.csv",
        "state,cycle,completed,shared_with_providers\nKenya,1,2013-01-01,perhaps\n",
    );
    assert!(
        msg.contains("line 2, column `shared_with_providers`, value `perhaps`: must be yes or no"),
        "{msg}"
    );
}

#[test]
fn duplicates_name_the_first_row() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type,source\nKenya,1,16,model_legislation,country_report\nKEN,1,16,model_legislation,country_report\n",
    );
    assert!(msg.contains("line 3: duplicate of"), "{msg}");
    assert!(
        msg.contains("line 2 (same State, cycle, article, type and source)"),
        "{msg}"
    );
    let msg = rejected(
        "reviews.csv",
        "state,cycle,completed\nKenya,1,2013-01-01\nkenya,1,2013-01-02\n",
    );
    assert!(msg.contains("line 3, column `state`, value `kenya`: duplicate: the review of this State in cycle 1 is already at"), "{msg}");
}

#[test]
fn every_bad_row_is_reported_not_only_the_first() {
    let msg = rejected(
        "needs.csv",
        "state,cycle,article,type\nAtlantis,1,16,model_legislation\nKenya,1,99,model_legislation\nKenya,7,16,model_legislation\nKenya,1,16,nothing\n",
    );
    assert!(msg.starts_with("error: 4 bad row(s)"), "{msg}");
    for line in ["line 2", "line 3", "line 4", "line 5"] {
        assert!(msg.contains(line), "{line} missing: {msg}");
    }
}

#[test]
fn missing_columns_and_unknown_kinds_are_file_errors() {
    let msg = rejected("needs.csv", "state,cycle,type\nKenya,1,other\n");
    assert!(
        msg.contains("needs.csv: line 1: missing column(s) article"),
        "{msg}"
    );
    let msg = rejected("stuff.csv", "a,b\n1,2\n");
    assert!(msg.contains("cannot tell whether"), "{msg}");
    let msg = rejected("needs.json", "{\"needs\": [ {\"state\": \"Kenya\", ");
    assert!(msg.contains("not valid JSON"), "{msg}");
}

#[test]
fn json_rows_are_named_by_position() {
    let msg = rejected(
        "records.json",
        r#"{"needs": [{"state": "Kenya", "cycle": 1, "article": 16, "type": "other"},
                     {"state": "Kenya", "cycle": 1, "article": 16, "type": "trainig"}]}"#,
    );
    assert!(
        msg.contains("records.json: needs[1], column `type`, value `trainig`"),
        "{msg}"
    );
}

#[test]
fn skipped_bad_rows_go_to_their_own_file() {
    let d = workspace();
    let file = d.write(
        "needs.csv",
        "state,cycle,article,type\nPeru,1,44,other\nAtlantis,1,16,other\n",
    );
    let bad = d.path("bad.csv");
    let out = d.tana(&["import", s(&file), "--skip-bad-rows", s(&bad)]);
    assert!(out.status.success());
    let written = std::fs::read_to_string(&bad).unwrap();
    assert!(
        written.contains("line 3,state,Atlantis,unknown State `Atlantis`"),
        "{written}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--format", "json"])).unwrap();
    let art44 = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["article"] == 44)
        .unwrap();
    assert_eq!(art44["total"]["needs"], 2, "the good row landed");
}

#[test]
fn importing_the_same_files_twice_changes_nothing() {
    let d = workspace();
    let before = snapshot(&d);
    let out = d.tana(&[
        "import",
        s(&project("examples/reviews.csv")),
        s(&project("examples/needs.csv")),
    ]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("0 review(s) added, 0 updated; 0 need(s)")
    );
    assert_eq!(snapshot(&d), before);
}

#[test]
fn every_format_gives_the_same_records() {
    let from_csv = Dir::new();
    from_csv.ok(&["init"]);
    let csvs = ["reviews", "needs", "challenges", "good_practices"]
        .map(|k| project(&format!("examples/{k}.csv")));
    let args: Vec<&str> = std::iter::once("import")
        .chain(csvs.iter().map(|p| s(p)))
        .collect();
    from_csv.ok(&args);
    let expected = from_csv.ok(&["analyse", "--format", "json"]);
    for file in ["examples/records.json", "examples/records.xlsx"] {
        let d = Dir::new();
        d.ok(&["init"]);
        d.ok(&["import", s(&project(file))]);
        assert_eq!(d.ok(&["analyse", "--format", "json"]), expected, "{file}");
    }
    // Export and import back: nothing lost.
    for format in ["csv", "json", "xlsx"] {
        let out = from_csv.path(&format!("out-{format}"));
        from_csv.ok(&["export", "--format", format, "--out", s(&out)]);
        let d = Dir::new();
        d.ok(&["init"]);
        let files: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .collect();
        let mut args = vec!["import"];
        args.extend(files.iter().map(String::as_str));
        d.ok(&args);
        assert_eq!(d.ok(&["analyse", "--format", "json"]), expected, "{format}");
        let again = d.path("again");
        d.ok(&["export", "--format", format, "--out", s(&again)]);
        for f in std::fs::read_dir(&out).unwrap() {
            let f = f.unwrap();
            if format != "xlsx" {
                assert_eq!(
                    std::fs::read(f.path()).unwrap(),
                    std::fs::read(again.join(f.file_name())).unwrap(),
                    "export → import → export is stable for {format}"
                );
            }
        }
    }
}
