//! The analysis against counts the tests make themselves from the input rows,
//! and its laws over random records.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use tana::analysis::{Sample, analyse};
use tana::records::{Need, Registry, Review, Sources};
use tana::reference::Reference;

use crate::{Dir, project};

/// Counts of the example needs, made from the CSV rows with no help from tana
/// but the reference lists (which State is in which region).
#[test]
fn aggregates_match_counts_made_from_the_rows() {
    let reference = Reference::uncac();
    let mut reader = csv::Reader::from_path(project("examples/needs.csv")).unwrap();
    let mut needs: BTreeSet<(String, u8, String)> = BTreeSet::new();
    let mut general = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let state = reference
            .state(reference.find_state(&row[0]).unwrap())
            .code
            .clone();
        match row[2].parse::<u8>() {
            Ok(article) => {
                needs.insert((state, article, row[3].to_string()));
            }
            Err(_) => general += 1,
        }
    }
    let region = |code: &str| {
        reference
            .state(reference.find_state(code).unwrap())
            .region
            .clone()
            .unwrap()
    };

    let d = Dir::with_examples();
    let a: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--format", "json"])).unwrap();

    let mut article_states: BTreeMap<u8, BTreeSet<&str>> = BTreeMap::new();
    let mut article_needs: BTreeMap<u8, u32> = BTreeMap::new();
    let mut region_needs: BTreeMap<String, u32> = BTreeMap::new();
    let mut type_needs: BTreeMap<&str, u32> = BTreeMap::new();
    for (state, article, kind) in &needs {
        article_states.entry(*article).or_default().insert(state);
        *article_needs.entry(*article).or_default() += 1;
        *region_needs.entry(region(state)).or_default() += 1;
        *type_needs.entry(kind).or_default() += 1;
    }
    for art in a["articles"].as_array().unwrap() {
        let n = art["article"].as_u64().unwrap() as u8;
        assert_eq!(
            art["total"]["needs"],
            article_needs.get(&n).copied().unwrap_or(0),
            "needs of article {n}"
        );
        assert_eq!(
            art["total"]["states"],
            article_states.get(&n).map_or(0, BTreeSet::len) as u64,
            "States of article {n}"
        );
    }
    let all = a["scopes"].as_array().unwrap().last().unwrap();
    assert_eq!(all["total"]["needs"], needs.len() as u64);
    let all_states: BTreeSet<&String> = needs.iter().map(|(s, _, _)| s).collect();
    assert_eq!(all["total"]["states"], all_states.len() as u64);
    for (i, r) in a["regions"].as_array().unwrap().iter().enumerate() {
        let expected = region_needs.get(r.as_str().unwrap()).copied().unwrap_or(0);
        assert_eq!(all["by_region"][i]["needs"], expected, "needs of {r}");
    }
    for (i, t) in a["types"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            all["by_type"][i]["needs"],
            type_needs.get(t.as_str().unwrap()).copied().unwrap_or(0),
            "{t}"
        );
    }
    assert_eq!(a["general"]["total"]["needs"], general);
    assert_eq!(a["states_covered"], 6, "six reviews, whatever their needs");
}

#[test]
fn the_sample_date_and_regions_narrow_the_reviews() {
    let d = Dir::with_examples();
    let a: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--format", "json", "--as-of", "2013-12-31"]))
            .unwrap();
    // Finished by the end of 2013: Viet Nam, Kenya and Peru.
    assert_eq!(a["states_covered"], 3);
    let a: serde_json::Value = serde_json::from_str(&d.ok(&[
        "analyse",
        "--format",
        "json",
        "--regions",
        "APG",
        "--chapters",
        "IV",
    ]))
    .unwrap();
    assert_eq!(a["states_covered"], 2, "Viet Nam and Mongolia");
    assert_eq!(
        a["scopes"][1]["total"]["needs"], 1,
        "Viet Nam's need under article 46"
    );
}

/// Random records of cycle 1: States, needs by (State, article, type).
pub fn registries() -> impl Strategy<Value = Registry> {
    let reference = Reference::uncac();
    let states: Vec<u32> = (0..reference.states.len() as u32)
        .filter(|&s| reference.state_region(s).is_some())
        .take(40)
        .collect();
    (
        1usize..25,
        proptest::collection::vec((0usize..25, 15u8..=50, 0u8..9, any::<bool>()), 0..300),
    )
        .prop_map(move |(n_states, needs)| {
            let mut registry = Registry::default();
            for &state in states.iter().take(n_states) {
                registry.reviews.push(Review {
                    state,
                    cycle: 1,
                    completed: None,
                    documents: Sources::default(),
                    published: Sources::default(),
                    shared_with_providers: false,
                });
            }
            let mut seen = BTreeSet::new();
            for (review, article, need_type, addressed) in needs {
                let review = (review % n_states) as u32;
                if seen.insert((review, article, need_type)) {
                    registry.needs.push(Need {
                        review,
                        article,
                        need_type,
                        sources: Sources::default(),
                        addressed,
                    });
                }
            }
            registry
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn laws_of_the_counts(registry in registries()) {
        let reference = Reference::uncac();
        let a = analyse(&registry, &reference, &Sample { cycle: 1, ..Sample::default() }, 30);
        let types = a.types.len() as u32;
        for scope in &a.scopes {
            prop_assert_eq!(scope.by_region.iter().map(|c| c.needs).sum::<u32>(), scope.total.needs);
            prop_assert_eq!(scope.by_region.iter().map(|c| c.states).sum::<u32>(), scope.total.states);
            prop_assert_eq!(scope.by_type.iter().map(|c| c.needs).sum::<u32>(), scope.total.needs);
            let articles = scope.articles.len() as u32;
            for c in scope.by_region.iter().chain(std::iter::once(&scope.total)) {
                prop_assert!(c.states <= c.needs && c.needs <= c.states * types * articles);
            }
            for c in &scope.by_type {
                prop_assert!(c.states <= c.needs && c.needs <= c.states * articles);
            }
        }
        for art in &a.articles {
            let scope = a.scope(&art.chapter).unwrap();
            prop_assert!(art.total.states <= scope.total.states);
            for (r, c) in art.by_region.iter().enumerate() {
                prop_assert!(c.states <= scope.by_region[r].states);
                prop_assert!(c.states <= c.needs && c.needs <= c.states * types);
            }
            prop_assert_eq!(art.by_type.iter().sum::<u32>(), art.total.needs);
            prop_assert!(art.by_type.iter().all(|&n| n <= art.total.states));
            // Figure IV: every State with needs for the article counted once.
            prop_assert_eq!(art.types_per_state.iter().sum::<u32>(), art.total.states);
            let weighted: u32 = art.types_per_state.iter().enumerate().map(|(k, n)| k as u32 * n).sum();
            prop_assert_eq!(weighted, art.total.needs);
        }
        // The total against a count made here.
        let distinct: BTreeSet<u32> = registry.needs.iter().map(|n| n.review).collect();
        prop_assert_eq!(a.all().total.states, distinct.len() as u32);
        prop_assert_eq!(a.all().total.needs, registry.needs.len() as u32);
    }
}

#[test]
fn a_sample_of_some_types_counts_what_the_by_type_table_says() {
    let d = crate::Dir::new();
    d.ok(&["demo"]);
    let all: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--format", "json"])).unwrap();
    let by_type = all["scopes"].as_array().unwrap().last().unwrap()["by_type"].clone();
    for (i, code) in all["types"].as_array().unwrap().iter().enumerate() {
        let code = code.as_str().unwrap();
        let one: serde_json::Value =
            serde_json::from_str(&d.ok(&["analyse", "--types", code, "--format", "json"])).unwrap();
        let total = &one["scopes"].as_array().unwrap().last().unwrap()["total"];
        assert_eq!(total, &by_type[i], "{code}");
    }
    let o = d.tana(&["analyse", "--types", "trainig"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `capacity_building`?"));
}
