//! Published tables: audit, synth, compare and the demo.

use proptest::prelude::*;
use tana::analysis::{Sample, analyse};
use tana::reference::Reference;
use tana::tables::{self, audit::audit};

use crate::{Dir, project, s};

const HEAD: &str = "[document]\ncycle = 1\nchapters = [\"III\", \"IV\"]\nstates_covered = 20\n";

fn audit_text(body: &str) -> (i32, String) {
    let d = Dir::new();
    let f = d.write("doc.tables.toml", &format!("{HEAD}{body}"));
    let out = d.tana(&["audit", s(&f)]);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_seed_notes_contradictions_are_found() {
    let d = Dir::new();
    let out = d.tana(&[
        "audit",
        s(&project("data/seed-note-2014.tables.toml")),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dropped: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["sides"].as_array().unwrap().clone())
        .filter(|s| s["kept"] == false)
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    for id in [
        "para-21-states",
        "para-20",
        "para-15-needs",
        "table-1 row 31",
        "table-4 total",
        "para-7",
    ] {
        assert!(
            dropped.iter().any(|d| d == id),
            "{id} not found among {dropped:?}"
        );
    }
    assert_eq!(json["findings"].as_array().unwrap().len(), 7);
}

#[test]
fn a_column_that_does_not_add_up() {
    let (code, text) = audit_text(
        "[[table]]\nid = \"t\"\nwhere = { article = 16 }\nby = \"type\"\ncolumns = [\"states\"]\nrows = [[\"other\", 2], [\"model_legislation\", 3]]\ntotal = { needs = 6 }\n",
    );
    assert_eq!(code, 1);
    assert!(
        text.contains("the needs column of t adds up to 5, but t total prints 6"),
        "{text}"
    );
}

#[test]
fn one_quantity_printed_twice() {
    let (code, text) = audit_text(
        "[[fact]]\nid = \"a\"\nwhere = { article = 44 }\nmeasure = \"states\"\nvalue = 3\n\n[[fact]]\nid = \"b\"\nwhere = { chapter = \"IV\", article = 44 }\nmeasure = \"states\"\nvalue = 4\n",
    );
    assert_eq!(code, 1);
    assert!(
        text.contains("[twice] states of article 44 is printed as 3 and 4"),
        "{text}"
    );
}

#[test]
fn numbers_no_data_set_can_produce() {
    let fact = |id: &str, sel: &str, m: &str, v: u32| {
        format!("[[fact]]\nid = \"{id}\"\nwhere = {{ {sel} }}\nmeasure = \"{m}\"\nvalue = {v}\n\n")
    };
    // States above needs.
    let (code, text) = audit_text(
        &(fact("s", "article = 16", "states", 5) + &fact("n", "article = 16", "needs", 4)),
    );
    assert_eq!(code, 1);
    assert!(
        text.contains("5 States cannot identify only 4 needs"),
        "{text}"
    );
    // Needs above States × types.
    let (_, text) = audit_text(
        &(fact("s", "article = 16", "states", 1) + &fact("n", "article = 16", "needs", 10)),
    );
    assert!(
        text.contains("10 needs exceed 1 States × 9 types × 1 article(s)"),
        "{text}"
    );
    // A narrower selection above a wider one.
    let (_, text) = audit_text(
        &(fact("a", "article = 32, region = \"APG\"", "states", 6)
            + &fact("c", "chapter = \"III\", region = \"APG\"", "states", 5)),
    );
    assert!(text.contains("is above"), "{text}");
    // More States than the sample covers.
    let (_, text) = audit_text(&fact("c", "chapter = \"III\"", "states", 21));
    assert!(text.contains("more than the 20 States covered"), "{text}");
}

#[test]
fn claims_the_numbers_make_impossible() {
    let (code, text) = audit_text(
        "[[table]]\nid = \"r\"\nwhere = { article = 21 }\nby = \"region\"\ncolumns = [\"states\"]\nrows = [[\"APG\", 5], [\"GRULAC\", 2]]\n\n[[claim]]\nid = \"c\"\nkind = \"top\"\nwhere = { article = 21 }\nby = \"region\"\nmeasure = \"states\"\ntop = \"GRULAC\"\n",
    );
    assert_eq!(code, 1);
    assert!(
        text.contains("claim c: GRULAC can have at most 2 but APG has at least 5"),
        "{text}"
    );
    let (_, text) = audit_text(
        "[[table]]\nid = \"t\"\nwhere = { article = 31 }\nby = \"type\"\ncolumns = [\"states\"]\nrows = [[\"other\", 2], [\"model_legislation\", 3]]\n\n[[claim]]\nid = \"k\"\nkind = \"some_state_has_types\"\nwhere = { article = 31 }\nmin_types = 7\n",
    );
    assert!(
        text.contains("article 31 has only 2 types of need with a non-zero count"),
        "{text}"
    );
}

#[test]
fn consistent_files_give_nothing_and_exit_0() {
    let (code, text) = audit_text(
        "[[fact]]\nid = \"a\"\nwhere = { article = 16 }\nmeasure = \"needs\"\nvalue = 5\n\n[[table]]\nid = \"t\"\nwhere = { article = 16 }\nby = \"type\"\ncolumns = [\"states\"]\nrows = [[\"other\", 2], [\"model_legislation\", 3]]\ntotal = { needs = 5 }\n",
    );
    assert_eq!((code, text.as_str()), (0, ""));
}

#[test]
fn invalid_files_exit_2_naming_line_and_field() {
    let (code, text) = audit_text(
        "[[fact]]\nid = \"a\"\nwhere = { article = 99 }\nmeasure = \"needs\"\nvalue = 5\n",
    );
    assert_eq!(code, 2);
    assert!(
        text.contains("line 6: `a`, field `where.article`: article 99 does not exist"),
        "{text}"
    );
    let (code, text) = audit_text("[[fact]]\nid = \"a\"\nmeasure = \"lots\"\nvalue = 5\n");
    assert_eq!(code, 2);
    assert!(text.contains("line 7"), "{text}");
}

#[test]
fn the_demo_reproduces_every_number_the_audit_keeps() {
    let d = Dir::new();
    let out = d.ok(&["demo"]);
    assert!(out.contains("56 States parties in the sample"), "{out}");
    let computed = d.path("computed.tables.toml");
    d.ok(&["analyse", "--format", "tables", "--out", s(&computed)]);
    let out = d.tana(&[
        "compare",
        s(&project("data/seed-note-2014.tables.toml")),
        s(&computed),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the note's own contradictions cannot all match"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut differing: Vec<&str> = json["mismatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    differing.sort_unstable();
    assert_eq!(
        differing,
        [
            "para-15-needs",
            "para-20",
            "para-21-states",
            "para-7",
            "table-1 row 31",
            "table-4 total"
        ]
    );
    assert!(json["missing"].as_array().unwrap().is_empty());
    assert!(json["matched"].as_array().unwrap().len() > 120);
    // The same seed gives the same data.
    let again = Dir::new();
    again.ok(&["demo"]);
    assert_eq!(
        again.ok(&["analyse", "--format", "json"]),
        d.ok(&["analyse", "--format", "json"])
    );
}

#[test]
fn comparing_a_file_with_itself_matches() {
    let d = Dir::new();
    let f = project("data/seed-note-2014.tables.toml");
    let out = d.tana(&["compare", s(&f), s(&f)]);
    assert_eq!(out.status.code(), Some(0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Tables written from real records contradict nothing.
    #[test]
    fn tables_of_records_pass_the_audit(registry in crate::analysis::registries()) {
        let reference = Reference::uncac();
        let a = analyse(&registry, &reference, &Sample { cycle: 1, ..Sample::default() }, 30);
        let text = tables::to_toml(&tables::from_analysis(&a, "random"));
        let published = tables::parse(&text, "random", &reference).unwrap();
        let found = audit(&published, &reference);
        prop_assert!(found.findings.is_empty(), "{}", tables::audit::to_text(&found));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Records rebuilt from the note tana writes of random records give back
    /// every number of its tables and figures.
    #[test]
    fn synth_from_tables_of_records_reproduces_them(registry in crate::analysis::registries()) {
        let reference = Reference::uncac();
        let sample = Sample { cycle: 1, ..Sample::default() };
        // The note's tables and its figures of States: the shape of the
        // seed note's printed numbers (its figures of needs by region and
        // type were lost in conversion).
        let note = |a: &tana::analysis::Analysis, r: &Reference| {
            let options = tana::report::Options::default();
            let mut p = tana::report::to_published(&tana::report::build(a, r, &options), a);
            p.tables.retain(|t| t.id.starts_with("table-") || t.columns == [tables::Measure::States]);
            p
        };
        let a = analyse(&registry, &reference, &sample, 30);
        let text = tables::to_toml(&note(&a, &reference));
        let published = tables::parse(&text, "random", &reference).unwrap();
        let found = audit(&published, &reference);
        prop_assert!(found.findings.is_empty(), "{}", tables::audit::to_text(&found));
        let rebuilt = tables::synth::synth(&published, &reference, 7).unwrap();
        let b = analyse(&rebuilt.registry, &rebuilt.reference, &sample, 30);
        let computed = tables::from_analysis(&b, "rebuilt");
        let c = tables::compare::compare(&published, &computed, &rebuilt.reference);
        prop_assert!(c.is_match() && c.missing.is_empty(), "{}", tables::compare::to_text(&c));
    }
}

// ------------------------------------------------------------ absurd numbers

/// Runs `tana synth` on a document in a scratch folder; returns the exit
/// code and standard error. A signal or a panic fails the test.
fn synth_of(text: &str, budget: Option<&str>) -> (i32, String) {
    use std::os::unix::process::ExitStatusExt;
    let d = Dir::new();
    let f = d.write("doc.tables.toml", text);
    let mut cmd = std::process::Command::new(crate::tana_bin());
    cmd.current_dir(d.dir.path())
        .args(["--db", s(&d.db()), "synth", s(&f)])
        .env_remove("TANA_SYNTH_BUDGET");
    if let Some(b) = budget {
        cmd.env("TANA_SYNTH_BUDGET", b);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.signal(), None, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code().unwrap(), err)
}

const III: &str = "[document]\ncycle = 1\nchapters = [\"III\"]\n";

fn chapter_fact(measure: &str, value: u64) -> String {
    format!(
        "[[fact]]\nid = \"f\"\nwhere = {{ chapter = \"III\" }}\nmeasure = \"{measure}\"\nvalue = {value}\n"
    )
}

#[test]
fn synth_of_needs_with_no_states_counted_builds_the_states_it_needs() {
    let (code, err) = synth_of(&format!("{III}{}", chapter_fact("needs", 5)), None);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("5 needs"), "{err}");
}

#[test]
fn synth_refuses_numbers_past_its_limits() {
    for (doc, words) in [
        (
            format!("{III}{}", chapter_fact("needs", 4_000_000_000)),
            "fact `f` counts 4000000000 needs",
        ),
        (
            format!("{III}states_covered = 100000\n"),
            "[document] states_covered counts 100000 States",
        ),
        (
            format!("{III}states_covered = 4000000000\n"),
            "states_covered counts 4000000000 States",
        ),
    ] {
        let (code, err) = synth_of(&doc, None);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(words), "{words}: {err}");
        assert!(err.contains("at most 10000 States"), "{err}");
    }
    // At the limit, quickly: the States with no needs are numbered in one pass.
    let (code, err) = synth_of(&format!("{III}states_covered = 10000\n"), None);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("10000 reviews"), "{err}");
}

#[test]
fn synth_says_it_ran_out_of_time() {
    let seed = std::fs::read_to_string(project("data/seed-note-2014.tables.toml")).unwrap();
    let (code, err) = synth_of(&seed, Some("0"));
    // A budget spent proves nothing about the document: its own exit code.
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("ran out of its time budget of 0 s"), "{err}");
}

#[test]
fn synth_of_an_impossible_document_fails_with_the_reason() {
    for (claim, words) in [
        (
            "[[claim]]\nid = \"c\"\nkind = \"count_nonzero\"\nby = \"region\"\nmeasure = \"states\"\nvalue = 9\n",
            "claim c: only 5 regions can be non-zero, the claim says 9",
        ),
        (
            "[[claim]]\nid = \"c\"\nkind = \"some_state_has_types\"\nwhere = { article = 16 }\nmin_types = 20\n",
            "claim c: article 16 has only 9 types",
        ),
    ] {
        let (code, err) = synth_of(&format!("{III}{claim}"), None);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("no data set can reproduce this document"),
            "{err}"
        );
        assert!(err.contains(words), "{err}");
    }
}

#[test]
fn audit_sums_do_not_wrap_around() {
    let (code, out) = audit_text(
        "[[table]]\nid = \"t\"\nwhere = { chapter = \"III\" }\nby = \"article\"\ncolumns = [\"needs\"]\nrows = [[16, 4294967295], [17, 2]]\ntotal = { needs = 1 }\n",
    );
    assert_eq!(code, 1, "{out}");
    let sum = 4_294_967_295u64 + 2;
    assert!(
        out.contains(&format!("the needs column of t adds up to {sum}")),
        "{out}"
    );
}

#[test]
fn a_cycle_the_instrument_does_not_have_is_refused() {
    let d = Dir::new();
    let f = d.write("doc.tables.toml", "[document]\ncycle = 9\n");
    let out = d.tana(&["audit", s(&f)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("field `cycle`: cycle 9 does not exist"),
        "{err}"
    );
}

#[test]
fn compare_refuses_documents_of_different_cycles_or_instruments() {
    let d = Dir::new();
    let one = d.write(
        "one.tables.toml",
        "[document]\ncycle = 1\ninstrument = \"UNCAC\"\n",
    );
    let two = d.write(
        "two.tables.toml",
        "[document]\ncycle = 2\ninstrument = \"UNCAC\"\n",
    );
    let other = d.write(
        "other.tables.toml",
        "[document]\ncycle = 1\ninstrument = \"UNTOC\"\n",
    );
    for (b, words) in [
        (&two, "different review cycles (1 and 2)"),
        (&other, "different instruments (UNCAC and UNTOC)"),
    ] {
        let out = d.tana(&["compare", s(&one), s(b)]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{err}");
    }
    d.ok(&["compare", s(&one), s(&one)]);
}
