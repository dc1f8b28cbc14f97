//! The sample a page or an API answer is about, as the query asks for it,
//! and the sample form.
//!
//! The query takes the command line's words (`chapters=III,IV`) and the
//! form's (`chapters=III&chapters=IV`, one per ticked box) alike: repeated
//! fields are joined with commas before the analysis reads them. A
//! refusal names its field ([`Refused`]), so that the form shows it next
//! to that field, with what was asked kept.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::Snapshot;
use super::error::WebError;
use super::view::{self, Markup, html};
use crate::analysis::{self, Analysis};
use crate::report;

/// The sample a request asks for, as sent.
#[derive(Clone, Debug, Default)]
pub(crate) struct SampleQuery {
    pub(crate) cycle: Option<String>,
    pub(crate) chapters: Option<String>,
    pub(crate) regions: Option<String>,
    pub(crate) as_of: Option<String>,
    pub(crate) types: Option<String>,
    pub(crate) threshold: Option<String>,
    pub(crate) articles: Option<String>,
    pub(crate) format: Option<String>,
}

impl SampleQuery {
    /// Reads a query string; repeated fields are joined with commas.
    pub(crate) fn parse(query: &str) -> Result<SampleQuery, WebError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|e| WebError::bad(format!("the query: {e}")))?;
        let mut q = SampleQuery::default();
        for (k, v) in pairs {
            let slot = match k.as_str() {
                "cycle" => &mut q.cycle,
                "chapters" => &mut q.chapters,
                "regions" => &mut q.regions,
                "as_of" => &mut q.as_of,
                "types" => &mut q.types,
                "threshold" => &mut q.threshold,
                "articles" => &mut q.articles,
                "format" => &mut q.format,
                _ => continue,
            };
            let v = v.trim();
            if v.is_empty() {
                continue;
            }
            match slot {
                Some(have) => {
                    have.push(',');
                    have.push_str(v);
                }
                None => *slot = Some(v.to_string()),
            }
        }
        Ok(q)
    }

    /// The cycle asked for (1 unless said).
    pub(crate) fn cycle(&self) -> Result<u8, Refused> {
        match self.cycle.as_deref() {
            None => Ok(1),
            Some(c) => c.parse().map_err(|_| Refused {
                field: "cycle",
                reason: format!("`{c}` is not a review cycle"),
            }),
        }
    }

    /// The words of one field, split on commas.
    fn words(v: &Option<String>) -> Vec<&str> {
        v.as_deref()
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether `word` is among the field's (codes compared without case).
    fn has(v: &Option<String>, word: &str) -> bool {
        SampleQuery::words(v)
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
    }

    /// The query string, to carry the sample into links.
    pub(crate) fn carry(&self) -> String {
        let mut pairs = Vec::new();
        for (k, v) in [
            ("cycle", &self.cycle),
            ("chapters", &self.chapters),
            ("regions", &self.regions),
            ("as_of", &self.as_of),
            ("types", &self.types),
            ("threshold", &self.threshold),
            ("articles", &self.articles),
        ] {
            if let Some(v) = v {
                pairs.push((k, v.as_str()));
            }
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SampleQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<SampleQuery, WebError> {
        SampleQuery::parse(parts.uri.query().unwrap_or(""))
    }
}

/// A refusal of one field of the sample.
#[derive(Clone, Debug)]
pub(crate) struct Refused {
    /// The query field: `cycle`, `chapters`, `regions`, `as_of`, `types`,
    /// `threshold`, `articles`.
    pub(crate) field: &'static str,
    pub(crate) reason: String,
}

impl From<Refused> for WebError {
    fn from(r: Refused) -> WebError {
        WebError::bad(format!("{}: {}", r.field, r.reason))
    }
}

/// The query field that sets a field of a sample: the portal's words for
/// what the analysis names.
fn field(field: analysis::SampleField) -> &'static str {
    use analysis::SampleField as F;
    match field {
        F::Cycle => "cycle",
        F::Chapters => "chapters",
        F::Regions => "regions",
        F::AsOf => "as_of",
        F::Types => "types",
    }
}

/// The analysis of the sample `q` asks for, and the report's options.
pub(crate) fn analyse(
    s: &Snapshot,
    q: &SampleQuery,
) -> Result<(Analysis, report::Options), Refused> {
    let cycle = q.cycle()?;
    if !s.reference.cycles().contains(&cycle) {
        return Err(Refused {
            field: "cycle",
            reason: format!(
                "{cycle} is not a review cycle (one of {})",
                s.reference
                    .cycles()
                    .iter()
                    .map(u8::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let threshold = match q.threshold.as_deref() {
        None => analysis::DEFAULT_CHALLENGE_THRESHOLD,
        Some(t) => t.parse().map_err(|_| Refused {
            field: "threshold",
            reason: format!("`{t}` is not a whole number"),
        })?,
    };
    let sample = analysis::Sample::parse(
        &s.reference,
        cycle,
        q.chapters.as_deref(),
        q.regions.as_deref(),
        q.as_of.as_deref(),
    )
    .and_then(|sample| sample.with_types(&s.reference, q.types.as_deref()))
    .map_err(|e| Refused {
        field: field(e.field),
        reason: e.reason,
    })?;
    let a = analysis::analyse(&s.registry, &s.reference, &sample, threshold);
    // Who addresses the needs, counted as `tana report` counts them: every
    // provider of the records (the report is an aggregate over them all).
    let providers: Vec<(u32, String)> = s
        .providers
        .iter()
        .map(|p| (p.need, p.name.clone()))
        .collect();
    let mut options = report::Options {
        addressing: Some(analysis::addressing(
            &s.registry,
            &s.reference,
            &sample,
            &a,
            &providers,
        )),
        ..report::Options::default()
    };
    if let Some(list) = q.articles.as_deref() {
        options.articles = Some(report::parse_articles(list, &a).map_err(|reason| Refused {
            field: "articles",
            reason,
        })?);
    }
    Ok((a, options))
}

/// One box of a list of choices: its value, its words, whether ticked.
struct Choice {
    value: String,
    label: String,
    ticked: bool,
}

/// A field of the form: a fieldset of boxes, with its refusal.
fn choices(
    name: &str,
    legend: &str,
    list: &[Choice],
    refused: Option<&Refused>,
    long: bool,
) -> Markup {
    let refusal = refused
        .filter(|r| r.field == name)
        .map(|r| r.reason.as_str());
    let id = format!("{name}-refused");
    html! {
        div.field.refused[refusal.is_some()] {
            fieldset.choices.long[long] aria-describedby=[refusal.map(|_| id.as_str())] {
                legend { (legend) }
                @for c in list {
                    label.check { input type="checkbox" name=(name) value=(c.value) checked[c.ticked]; " " (c.label) }
                }
            }
            (view::refusal(&id, refusal))
        }
    }
}

/// The sample form: cycle, chapters, regional groups and types of need
/// (the cycle's own, by their labels) as boxes, articles by number and
/// title, the date with a date input; `refused` is shown next to its
/// field, and what was asked stays ticked or typed.
pub(crate) fn form(
    s: &Snapshot,
    q: &SampleQuery,
    action: &str,
    refused: Option<&Refused>,
) -> Markup {
    let r = &s.reference;
    let cycle = q
        .cycle()
        .ok()
        .filter(|c| r.cycles().contains(c))
        .unwrap_or(1);
    let chapters: Vec<Choice> = r
        .cycle_chapters(cycle)
        .into_iter()
        .map(|c| {
            let ch = &r.chapters[c];
            Choice {
                value: ch.id.clone(),
                label: format!("{}: {}", ch.id, ch.title),
                ticked: SampleQuery::has(&q.chapters, &ch.id),
            }
        })
        .collect();
    let regions: Vec<Choice> = r
        .regions
        .iter()
        .map(|g| Choice {
            value: g.code.clone(),
            label: g.name.clone(),
            ticked: SampleQuery::has(&q.regions, &g.code),
        })
        .collect();
    let types: Vec<Choice> = r
        .types(cycle)
        .into_iter()
        .map(|t| Choice {
            value: t.code.clone(),
            label: t.label.clone(),
            ticked: SampleQuery::has(&q.types, &t.code),
        })
        .collect();
    let articles: Vec<Choice> = r
        .cycle_chapters(cycle)
        .into_iter()
        .flat_map(|c| r.chapter_articles(c))
        .filter_map(|n| r.article(n))
        .map(|a| Choice {
            value: a.number.to_string(),
            label: format!("{}. {}", a.number, a.title),
            ticked: SampleQuery::has(&q.articles, &a.number.to_string()),
        })
        .collect();
    let refusal = |name: &str| {
        refused
            .filter(|r| r.field == name)
            .map(|r| r.reason.as_str())
    };
    let as_of = refusal("as_of");
    let cycle_refused = refusal("cycle");
    html! {
        form.sample method="get" action=(action) aria-label="Sample" {
            div.field.refused[cycle_refused.is_some()] {
                label { "Cycle" select name="cycle" aria-describedby=[cycle_refused.map(|_| "cycle-refused")] {
                    @for c in r.cycles() { option value=(c) selected[c == cycle] { "Cycle " (c) } }
                } }
                (view::refusal("cycle-refused", cycle_refused))
            }
            div.field.refused[as_of.is_some()] {
                label { "Reviews finished by"
                    input type="date" name="as_of" value=(q.as_of.as_deref().unwrap_or("")) aria-describedby=[as_of.map(|_| "as_of-refused")];
                }
                (view::refusal("as_of-refused", as_of))
            }
            (choices("chapters", "Chapters (none ticked: all of the cycle's)", &chapters, refused, false))
            (choices("regions", "Regional groups (none ticked: all)", &regions, refused, false))
            (choices("types", "Types of need (none ticked: all)", &types, refused, false))
            (choices("articles", "Articles in detail", &articles, refused, true))
            @if let Some(t) = &q.threshold { input type="hidden" name="threshold" value=(t); }
            (view::refusal("threshold-refused", refusal("threshold")))
            button type="submit" { "Show" }
        }
    }
}

/// The sample form folded away under "Change the sample", for pages whose
/// subject is not the sample (an article, a regional group).
pub(crate) fn folded(s: &Snapshot, q: &SampleQuery, action: &str) -> Markup {
    html! {
        details.sample-form {
            summary { "Change the sample" }
            (form(s, q, action, None))
        }
    }
}
