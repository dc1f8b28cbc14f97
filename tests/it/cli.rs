//! The command line as a user meets it.

use crate::Dir;

#[test]
fn commands_need_a_workspace_and_say_so() {
    let d = Dir::new();
    let out = d.tana(&["analyse"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `tana init`"));
}

#[test]
fn bad_sample_flags_are_usage_errors() {
    let d = Dir::new();
    d.ok(&["init"]);
    for (args, words) in [
        (
            vec!["analyse", "--chapters", "II"],
            "--chapters: chapter II is not reviewed in cycle 1",
        ),
        (
            vec!["analyse", "--regions", "MARS"],
            "--regions: `MARS` is no regional group",
        ),
        (vec!["analyse", "--as-of", "2014-13-01"], "--as-of: "),
        (
            vec!["analyse", "--types", "nothing"],
            "--types: `nothing` is no type of need of cycle 1",
        ),
        (
            vec!["analyse", "--cycle", "9"],
            "--cycle: no chapter is reviewed in cycle 9",
        ),
    ] {
        let out = d.tana(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(words),
            "{args:?}"
        );
    }
}
