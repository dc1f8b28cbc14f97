//! The demo workspace: what a person trying tana first meets.

use tana::records::Source;
use tana::store::{self, Detail, Location};

use crate::Dir;

/// The articles the seed note's paragraph 8 names with more than 30
/// challenges and more than 30 needs, and those paragraph 9 names with
/// more than 30 challenges and fewer needs, as printed.
const SEED_BOTH: [u8; 8] = [16, 20, 23, 31, 32, 33, 36, 37];
const SEED_CHALLENGES_ONLY: [u8; 4] = [15, 18, 30, 42];

#[test]
fn the_demo_holds_words_challenges_good_practices_and_dates() {
    let d = Dir::new();
    d.ok(&["demo"]);
    let mut store = store::open(&Location::Sqlite(d.db())).unwrap();
    let reference = store.reference().unwrap();
    let registry = store.registry(&reference, Detail::Everything).unwrap();

    // Every need has words, written from its own article and type, and
    // marked as illustrative; some are named only in an unpublished
    // self-assessment.
    assert_eq!(registry.need_texts.len(), registry.needs.len());
    for t in &registry.need_texts {
        let need = &registry.needs[t.need as usize];
        let review = &registry.reviews[need.review as usize];
        let label = &reference.types(review.cycle)[usize::from(need.need_type)].label;
        assert_eq!(t.paragraph, "illustrative");
        assert!(t.text.starts_with(label.as_str()), "{}", t.text);
        assert!(
            t.text.contains(&format!("article {} (", need.article)),
            "{}",
            t.text
        );
        assert!(need.sources.contains(t.source.unwrap()));
    }
    let hidden = registry
        .needs
        .iter()
        .filter(|n| {
            let r = &registry.reviews[n.review as usize];
            !n.sources.iter().any(|s| r.published.contains(s))
        })
        .count();
    assert!(hidden > 0 && hidden < registry.needs.len() / 4, "{hidden}");
    assert!(
        registry
            .needs
            .iter()
            .any(|n| n.sources.contains(Source::ExecutiveSummary))
    );

    // Challenges and good practices, each with words on its own article.
    assert!(!registry.challenges.is_empty() && !registry.good_practices.is_empty());
    for c in &registry.challenges {
        assert!(
            c.text.contains(&format!("article {} (", c.article)),
            "{}",
            c.text
        );
    }
    for g in &registry.good_practices {
        assert!(
            g.text.contains(&format!("article {} (", g.article)),
            "{}",
            g.text
        );
        // A good practice is on an article the State did not ask help for.
        assert!(
            !registry
                .needs
                .iter()
                .any(|n| n.review == g.review && n.article == g.article)
        );
    }

    // Reviews finish on many days, none after the seed note's date.
    let mut days: Vec<_> = registry
        .reviews
        .iter()
        .filter_map(|r| r.completed)
        .collect();
    days.sort();
    days.dedup();
    assert!(
        days.len() > registry.reviews.len() / 2,
        "{} days",
        days.len()
    );
    assert!(days.last().unwrap().to_string().as_str() <= "2014-04-28");
}

#[test]
fn the_demo_note_reads_the_seed_notes_challenges() {
    let d = Dir::new();
    d.ok(&["demo"]);
    let json: serde_json::Value =
        serde_json::from_str(&d.ok(&["analyse", "--format", "json"])).unwrap();
    let rows = json["challenges_against_needs"].as_array().unwrap();
    let with = |correlation: &str| -> Vec<u8> {
        let mut v: Vec<u8> = rows
            .iter()
            .filter(|r| r["correlation"] == correlation)
            .map(|r| r["article"].as_u64().unwrap() as u8)
            .filter(|&a| a < 43)
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(with("both"), SEED_BOTH);
    assert_eq!(with("challenges_only"), SEED_CHALLENGES_ONLY);
    // Only article 21 in chapter III had many needs and few challenges.
    assert_eq!(with("needs_only"), [21]);
}

#[test]
fn a_baseline_on_the_demo_shows_reviews_added() {
    let d = Dir::new();
    d.ok(&["demo"]);
    let json = d.ok(&["report", "--baseline", "2013-06-30", "--format", "json"]);
    let words = "had completed their reviews since the analysis of 30 June 2013";
    assert!(json.contains(words), "{json}");
}

#[test]
fn searching_witness_on_the_demo_finds_the_needs_of_article_32() {
    let d = Dir::new();
    d.ok(&["demo"]);
    let mut locations = vec![Location::Sqlite(d.db())];
    let pg = crate::store::PgDatabase::new();
    if let Some(pg) = &pg {
        d.ok(&["copy", "--to", &pg.url]);
        locations.push(Location::Postgres(pg.url.clone()));
    }
    for location in &locations {
        let mut st = store::open(location).unwrap();
        let hits = st.search("witness", &|_| true, 0, 500).unwrap();
        let needs: Vec<_> = hits.iter().filter(|h| h.kind == "need").collect();
        assert!(!needs.is_empty(), "{location:?}");
        // Every hit names witnesses; the needs are those of article 32,
        // the article whose title speaks of them.
        assert!(
            hits.iter()
                .all(|h| h.text.to_lowercase().contains("witnesses"))
        );
        assert!(needs.iter().all(|h| h.article == 32), "{location:?}");
        // Two words: both must match.
        let both = st.search("witness capacity", &|_| true, 0, 500).unwrap();
        assert!(!both.is_empty() && both.len() < hits.len(), "{location:?}");
    }
}

/// `tana demo` keeps an executive summary per State in `demo-documents/`,
/// and `tana read` takes the demo's records back from them: needs on
/// (State, cycle, article, type), challenges and good practices on (State,
/// cycle, article), as the workspace holds them.
#[test]
fn the_demo_documents_read_back_to_the_demo_records() {
    use std::collections::BTreeSet;
    let d = Dir::new();
    let out = d.tana(&["demo"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("demo-documents"));
    let mut store = store::open(&Location::Sqlite(d.db())).unwrap();
    let reference = store.reference().unwrap();
    let registry = store.registry(&reference, Detail::Everything).unwrap();
    let review = |r: u32| &registry.reviews[r as usize];
    let state = |r: u32| reference.state(review(r).state).code.clone();
    let want_needs: BTreeSet<(String, u8, u8, String)> = registry
        .needs
        .iter()
        .filter(|n| n.sources.contains(Source::ExecutiveSummary))
        .map(|n| {
            let cycle = review(n.review).cycle;
            let code = reference.types(cycle)[usize::from(n.need_type)]
                .code
                .clone();
            (state(n.review), cycle, n.article, code)
        })
        .collect();
    let want_challenges: BTreeSet<(String, u8, u8)> = registry
        .challenges
        .iter()
        .map(|c| (state(c.review), review(c.review).cycle, c.article))
        .collect();
    let want_practices: BTreeSet<(String, u8, u8)> = registry
        .good_practices
        .iter()
        .map(|g| (state(g.review), review(g.review).cycle, g.article))
        .collect();
    assert!(!want_needs.is_empty() && !want_challenges.is_empty() && !want_practices.is_empty());

    let mut files: Vec<String> = std::fs::read_dir(d.path("demo-documents"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), registry.reviews.len(), "one summary per State");
    let mut args = vec!["read", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let read: serde_json::Value = serde_json::from_str(&d.ok(&args)).unwrap();
    let key = |v: &serde_json::Value| {
        (
            v["state"].as_str().unwrap().to_string(),
            v["cycle"].as_u64().unwrap() as u8,
            v["article"].as_u64().unwrap_or(0) as u8,
        )
    };
    let got = |kind: &str| -> Vec<serde_json::Value> { read[kind].as_array().unwrap().clone() };
    let got_needs: BTreeSet<(String, u8, u8, String)> = got("needs")
        .iter()
        .map(|v| {
            let (s, c, a) = key(v);
            (s, c, a, v["type"].as_str().unwrap().to_string())
        })
        .collect();
    let got_challenges: BTreeSet<_> = got("challenges").iter().map(key).collect();
    let got_practices: BTreeSet<_> = got("good_practices").iter().map(key).collect();
    assert_eq!(got_needs, want_needs);
    assert_eq!(got_challenges, want_challenges);
    assert_eq!(got_practices, want_practices);
}
