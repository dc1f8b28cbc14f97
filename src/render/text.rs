//! The analysis as tables and bar charts on a terminal.

use std::fmt::Write as _;

use crate::analysis::{Analysis, Correlation};
use crate::reference::Reference;

/// Formats a table with right-aligned numbers and a header rule.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = widths.get(i).copied().unwrap_or(0);
                let numeric = c.chars().all(|ch| ch.is_ascii_digit() || ch == ',');
                if numeric && i > 0 {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        let _ = writeln!(out, "  {}", parts.join("  ").trim_end());
    };
    line(
        &headers.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        &mut out,
    );
    let _ = writeln!(
        out,
        "  {}",
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    );
    for row in rows {
        line(row, &mut out);
    }
    out
}

/// A horizontal bar of `value` against `max`, at most `width` cells long.
pub fn bar(value: u32, max: u32, width: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let eighths = (u64::from(value) * width as u64 * 8 / u64::from(max)) as usize;
    let mut s = "█".repeat(eighths / 8);
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    s.push_str(PARTS[eighths % 8]);
    s
}

/// Thousands separated as the note prints them (1,004).
pub fn thousands(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The whole analysis, for a person at a terminal.
pub fn analysis(a: &Analysis, reference: &Reference) -> String {
    let mut o = String::new();
    let type_label = |i: usize| {
        reference
            .types(a.cycle)
            .get(i)
            .map_or_else(|| a.types[i].clone(), |t| t.label.clone())
    };
    let as_of = a
        .as_of
        .map(|d| format!(", reviews finished by {d}"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "{} cycle {}, chapters {}{as_of}\n{} States parties in the sample; {} identified needs ({} needs in all).\n",
        a.instrument,
        a.cycle,
        a.chapters.join(" and "),
        a.states_covered,
        a.all().total.states,
        thousands(a.all().total.needs)
    );

    o.push_str("States parties with needs, by regional group\n");
    let mut headers: Vec<String> = vec!["Region".into(), "In sample".into()];
    headers.extend(a.scopes.iter().map(|s| {
        s.chapter
            .clone()
            .map_or("All".into(), |c| format!("Ch. {c}"))
    }));
    let rows: Vec<Vec<String>> = a
        .regions
        .iter()
        .enumerate()
        .map(|(r, code)| {
            let mut row = vec![code.clone(), a.covered_by_region[r].to_string()];
            row.extend(a.scopes.iter().map(|s| s.by_region[r].states.to_string()));
            row
        })
        .chain(std::iter::once({
            let mut row = vec!["Total".into(), a.states_covered.to_string()];
            row.extend(a.scopes.iter().map(|s| s.total.states.to_string()));
            row
        }))
        .collect();
    o.push_str(&table(
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        &rows,
    ));

    o.push_str("\nNeeds, by regional group\n");
    let max = a
        .regions
        .iter()
        .enumerate()
        .map(|(r, _)| a.all().by_region[r].needs)
        .max()
        .unwrap_or(0);
    let mut headers: Vec<String> = vec!["Region".into()];
    headers.extend(a.scopes.iter().map(|s| {
        s.chapter
            .clone()
            .map_or("All".into(), |c| format!("Ch. {c}"))
    }));
    headers.push(String::new());
    let mut rows: Vec<Vec<String>> = a
        .regions
        .iter()
        .enumerate()
        .map(|(r, code)| {
            let mut row = vec![code.clone()];
            row.extend(a.scopes.iter().map(|s| thousands(s.by_region[r].needs)));
            row.push(bar(a.all().by_region[r].needs, max, 30));
            row
        })
        .collect();
    let mut total = vec!["Total".to_string()];
    total.extend(a.scopes.iter().map(|s| thousands(s.total.needs)));
    rows.push(total);
    o.push_str(&table(
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        &rows,
    ));

    for scope in a.scopes.iter().filter(|s| s.chapter.is_some()) {
        let chapter = scope.chapter.as_deref().unwrap_or_default();
        let _ = writeln!(
            o,
            "\nTechnical assistance needs under chapter {chapter}: {} States parties, {} needs",
            scope.total.states,
            thousands(scope.total.needs)
        );
        let max = scope
            .articles
            .iter()
            .filter_map(|&n| a.article(n))
            .map(|c| c.total.needs)
            .max()
            .unwrap_or(0);
        let rows: Vec<Vec<String>> = scope
            .articles
            .iter()
            .filter_map(|&n| a.article(n))
            .map(|c| {
                let title: String = c.title.chars().take(38).collect();
                vec![
                    c.article.to_string(),
                    title,
                    c.total.states.to_string(),
                    c.total.needs.to_string(),
                    bar(c.total.needs, max, 24),
                ]
            })
            .collect();
        o.push_str(&table(&["Article", "", "States", "Needs", ""], &rows));
    }

    let all = a.all();
    o.push_str("\nNeeds, by type of need\n");
    let max = all.by_type.iter().map(|c| c.needs).max().unwrap_or(0);
    let rows: Vec<Vec<String>> = all
        .by_type
        .iter()
        .enumerate()
        .map(|(t, c)| {
            vec![
                type_label(t),
                c.states.to_string(),
                c.needs.to_string(),
                bar(c.needs, max, 24),
            ]
        })
        .collect();
    o.push_str(&table(&["Type of need", "States", "Needs", ""], &rows));

    o.push_str("\nNeeds, by type of need and regional group\n");
    let mut headers: Vec<&str> = vec!["Type of need"];
    headers.extend(a.regions.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = (0..a.types.len())
        .map(|t| {
            let mut row = vec![type_label(t)];
            row.extend((0..a.regions.len()).map(|r| all.by_region_type[r][t].needs.to_string()));
            row
        })
        .collect();
    o.push_str(&table(&headers, &rows));

    o.push_str("\nStates parties by the number of types of need they identified, per article\n");
    let kinds = a.types.len();
    let mut headers: Vec<String> = vec!["Article".into()];
    headers.extend((1..=kinds).map(|k| k.to_string()));
    let rows: Vec<Vec<String>> = a
        .articles
        .iter()
        .filter(|c| c.total.states > 0)
        .map(|c| {
            let mut row = vec![c.article.to_string()];
            row.extend((1..=kinds).map(|k| match c.types_per_state[k] {
                0 => "·".to_string(),
                n => n.to_string(),
            }));
            row
        })
        .collect();
    o.push_str(&table(
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        &rows,
    ));

    let with_challenges: u32 = a
        .challenges_against_needs
        .iter()
        .map(|r| r.challenges)
        .sum();
    if with_challenges > 0 {
        let _ = writeln!(
            o,
            "\nChallenges against needs (threshold: more than {})",
            a.challenge_threshold
        );
        for (class, label) in [
            (Correlation::Both, "high in both"),
            (Correlation::ChallengesOnly, "many challenges, fewer needs"),
            (Correlation::NeedsOnly, "many needs, fewer challenges"),
        ] {
            let list: Vec<String> = a
                .challenges_against_needs
                .iter()
                .filter(|r| r.correlation == class)
                .map(|r| r.article.to_string())
                .collect();
            let _ = writeln!(
                o,
                "  {label}: {}",
                if list.is_empty() {
                    "none".into()
                } else {
                    list.join(", ")
                }
            );
        }
    }
    let _ = writeln!(
        o,
        "\nNeeds tied to no article: {} from {} States parties. Needs already being addressed: {}.",
        a.general.total.needs, a.general.total.states, a.addressed
    );
    o
}
