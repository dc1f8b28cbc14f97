//! Documents read, in the portal (the secretariat's): the upload that reads
//! a review document and files what it proposes (`/readings`), the review
//! page that shows the document's text with each proposed record beside the
//! sentence that gave it and decides them one by one or a section at a time
//! (`/readings/{id}`), and, on a State's page, where its accepted records
//! came from.
//!
//! The batches are the secretariat's work: only it lists, reads and decides
//! them (a focal point sees the accepted records, with their provenance, on
//! the State's page like every other record). A provenance quote is the
//! words of a document: it is shown only to a reader `accounts::may_read_text`
//! lets read that document (the quote of an unpublished one is
//! confidential).

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::error::{WebError, WebResult};
use super::session::{CsrfForm, Secretariat, Session, check_secret};
use super::upload::UPLOAD_LIMIT;
use super::view::{self, Flashed, Markup, html};
use super::{Shared, Snapshot};
use crate::accounts::{self, Origin};
use crate::error::Error;
use crate::read::propose::{counts, filed, refuse_empty, upload_name};
use crate::records::Source;
use crate::store::{Decision, FiledReading, ReadRecord, RecordKind, RecordStatus};

/// The formats the reader takes, by the name's extension.
const READ_EXTENSIONS: [&str; 7] = ["docx", "odt", "pdf", "html", "htm", "txt", "text"];

fn kind_label(k: RecordKind) -> &'static str {
    match k {
        RecordKind::Need => "Need",
        RecordKind::Challenge => "Challenge",
        RecordKind::GoodPractice => "Good practice",
    }
}

fn section_label(k: RecordKind) -> &'static str {
    match k {
        RecordKind::Need => "needs",
        RecordKind::Challenge => "challenges",
        RecordKind::GoodPractice => "good practices",
    }
}

fn section_one(k: RecordKind) -> &'static str {
    match k {
        RecordKind::Need => "need",
        RecordKind::Challenge => "challenge",
        RecordKind::GoodPractice => "good practice",
    }
}

fn article_label(a: u16) -> String {
    if a == 0 {
        "no article".into()
    } else {
        format!("article {a}")
    }
}

/// The label of a record's type or category, as the reference words it.
fn code_label(s: &Snapshot, cycle: u8, kind: RecordKind, code: &str) -> String {
    let found = match kind {
        RecordKind::Need => s
            .reference
            .types(cycle)
            .into_iter()
            .find(|t| t.code == code)
            .map(|t| t.label.clone()),
        RecordKind::Challenge => s
            .reference
            .challenge_categories
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.label.clone()),
        RecordKind::GoodPractice => None,
    };
    found.unwrap_or_else(|| code.replace('_', " "))
}

fn upload_form(csrf: &str) -> Markup {
    html! {
        h2 { "Read a document" }
        (view::post_form_multipart("/readings", csrf, html! {
            label {
                "A review document (DOCX, ODT, PDF, HTML or text, at most 8 MB)"
                input type="file" name="file" accept=".docx,.odt,.pdf,.html,.htm,.txt" required;
            }
            label { "State party, when the document does not name it" input name="state" size="12"; }
            label { "Cycle, when the document does not say it" input name="cycle" type="number" min="1" max="9"; }
            label {
                "Kind of document, when its title does not say it"
                select name="document" {
                    option value="" { "as the document says" }
                    @for src in Source::ALL { option value=(src.code()) { (src.label()) } }
                }
            }
            button type="submit" { "Read and propose" }
        }))
    }
}

fn status_counts(records: &[ReadRecord]) -> String {
    RecordStatus::ALL
        .iter()
        .map(|st| {
            format!(
                "{} {}",
                records.iter().filter(|r| r.status == *st).count(),
                st.code()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The documents filed, newest first, and the upload.
pub(super) async fn list(
    State(app): State<Shared>,
    Secretariat(who): Secretariat,
) -> WebResult<Html<String>> {
    let readings = app.read(|st| st.readings(None))?;
    let rows = readings
        .iter()
        .map(|r| {
            vec![
                html! { a href=(format!("/readings/{}", r.id)) { (r.id) } },
                html! { (r.state) },
                html! { (r.cycle) },
                html! { (r.document.map_or("not said", Source::label)) },
                html! { (r.file) },
                html! { (status_counts(&r.records)) },
            ]
        })
        .collect();
    let table = view::Table {
        caption: "Documents read",
        columns: vec![
            ("Proposal", true),
            ("State party", false),
            ("Cycle", true),
            ("Document", false),
            ("File", false),
            ("Records", false),
        ],
        rows,
    };
    let main = html! {
        (upload_form(&who.csrf))
        @if readings.is_empty() { p { "No document has been read yet." } }
        @else { (view::table(&table)) }
    };
    Ok(view::layout("Documents read", Some(&who), main))
}

/// What the upload form sent.
#[derive(Default)]
struct Upload {
    csrf: String,
    file: Option<(String, Vec<u8>)>,
    state: String,
    cycle: String,
    document: String,
}

async fn upload_fields(mut multipart: Multipart) -> WebResult<Upload> {
    let mut u = Upload::default();
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| WebError::refused(e.status(), format!("the upload: {}", e.body_text())))?;
        let Some(field) = field else {
            return Ok(u);
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(|e| {
                WebError::refused(e.status(), format!("the file: {}", e.body_text()))
            })?;
            u.file = Some((file, bytes.to_vec()));
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        match name.as_str() {
            "csrf" => u.csrf = text,
            "state" => u.state = text.trim().to_string(),
            "cycle" => u.cycle = text.trim().to_string(),
            "document" => u.document = text.trim().to_string(),
            _ => {}
        }
    }
}

/// What the form says of the document, overriding its own words.
fn given(u: &Upload) -> WebResult<crate::read::Given> {
    let cycle = match u.cycle.as_str() {
        "" => None,
        c => Some(
            c.parse()
                .map_err(|_| WebError::bad(format!("cycle: `{c}` is not a cycle's number")))?,
        ),
    };
    let document = match u.document.as_str() {
        "" => None,
        d => Some(
            Source::ALL
                .into_iter()
                .find(|s| s.code() == d)
                .ok_or_else(|| WebError::bad(format!("document: `{d}` is no kind of document")))?
                .code()
                .to_string(),
        ),
    };
    Ok(crate::read::Given {
        state: (!u.state.is_empty()).then(|| u.state.clone()),
        cycle,
        document,
    })
}

/// Reads an uploaded document on the blocking pool, from a folder of its
/// own that goes afterwards; errors name the file as the browser sent it.
async fn read_upload(
    reference: crate::reference::Reference,
    name: &str,
    bytes: Vec<u8>,
    given: crate::read::Given,
) -> WebResult<FiledReading> {
    let shown = upload_name(name);
    // Only the extension is kept from the name a browser sends: it says
    // the format; nothing else of it is used as a path.
    let ext = std::path::Path::new(&shown)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| READ_EXTENSIONS.contains(&e.as_str()))
        .ok_or_else(|| {
            WebError::refused(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("{shown}: the reader takes DOCX, ODT, PDF, HTML or text files"),
            )
        })?;
    let dir = std::env::temp_dir().join(format!("tana-read-{}", accounts::token()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join(format!("document.{ext}"));
    let read = {
        let (path, shown) = (path.clone(), shown.clone());
        tokio::task::spawn_blocking(move || {
            std::fs::write(&path, &bytes).map_err(|e| Error::io(&path, e))?;
            let vocab = crate::read::vocab::Vocabulary::embedded();
            let reading = crate::read::read(&path, &given, &reference, vocab)?;
            let batch = filed(&reading, &shown);
            refuse_empty(&batch)?;
            Ok::<_, Error>(batch)
        })
        .await
    };
    let _ = std::fs::remove_dir_all(&dir);
    let temp = path.display().to_string();
    match read {
        Ok(Ok(batch)) => Ok(batch),
        Ok(Err(Error::Busy(_))) => Err(WebError::Busy),
        Ok(Err(e)) => Err(WebError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            e.to_string().replace(&temp, &shown),
        )),
        Err(_) => Err(WebError::bad(format!(
            "{shown}: the file could not be read"
        ))),
    }
}

/// The upload: the document read, its records filed as a proposal, and
/// its review page shown; nothing filed when it cannot be read.
pub(super) async fn upload(
    State(app): State<Shared>,
    Secretariat(who): Secretariat,
    headers: HeaderMap,
    multipart: Multipart,
) -> WebResult<Response> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > UPLOAD_LIMIT) {
        return Err(WebError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the file is larger than 8 MB",
        ));
    }
    let u = upload_fields(multipart).await?;
    check_secret(&app, &who, &headers, &u.csrf)?;
    let given = given(&u)?;
    let Some((name, bytes)) = u.file else {
        return Err(WebError::bad("choose a document to read"));
    };
    let reference = app.snapshot().reference.clone();
    let batch = read_upload(reference, &name, bytes, given).await?;
    let by = super::portal::author(&who.account);
    let ids = app.write(|st| st.file_readings(by, std::slice::from_ref(&batch)))?;
    let id = ids.first().copied().unwrap_or_default();
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/readings/{id}"))],
    )
        .into_response())
}

fn reading_of(app: &Shared, id: &str) -> WebResult<FiledReading> {
    let missing = || WebError::not_found("no such document read");
    let id: i64 = id.parse().map_err(|_| missing())?;
    app.read(|st| st.reading(id))?.ok_or_else(missing)
}

/// The review page: the document's text, each paragraph beside the records
/// it gave, and the forms to decide them.
pub(super) async fn review(
    State(app): State<Shared>,
    Secretariat(who): Secretariat,
    Path(id): Path<String>,
    Query(flashed): Query<Flashed>,
) -> WebResult<Html<String>> {
    let r = reading_of(&app, &id)?;
    let notice = view::flash(flashed.done());
    Ok(Html(review_page(&app.snapshot(), &who, &r, &notice)))
}

fn review_page(s: &Snapshot, who: &Session, r: &FiledReading, notice: &Markup) -> String {
    let main = html! {
        (notice)
        p {
            (r.file) " (" (r.format) ", " (r.language) "): " (r.state) " cycle " (r.cycle) ", "
            (r.document.map_or("kind of document not said", Source::label))
            "; read on " (view::day(&crate::cli::day_of(r.at))) " by " (r.who) ". "
            (counts(&r.records)) ": " (status_counts(&r.records)) "."
        }
        (section_forms(r, &who.csrf))
        div.scroll {
            table.reading {
                caption { "The document, and the records proposed from it" }
                thead { tr { th.num scope="col" { "Paragraph" } th scope="col" { "The document's words" } th scope="col" { "Proposed records" } } }
                tbody {
                    @for p in &r.paragraphs {
                        @let here: Vec<&ReadRecord> = r.records.iter().filter(|x| x.paragraph == p.number).collect();
                        @let quotes: Vec<&str> = here.iter().map(|x| x.quote.as_str()).collect();
                        tr id=(format!("p-{}", p.number)) {
                            th.num scope="row" { (p.number) }
                            // The document's own language, for screen readers.
                            td lang=(r.language) {
                                @if p.kind == "heading" { strong { (marked(&p.text, &quotes)) } }
                                @else { (marked(&p.text, &quotes)) }
                            }
                            td { @for x in &here { (record_cell(s, r, x, &who.csrf)) } }
                        }
                    }
                }
            }
        }
    };
    view::page(&format!("Proposal {}: {}", r.id, r.file), Some(who), main)
}

/// One form per section: accept or reject every record of it still proposed.
fn section_forms(r: &FiledReading, csrf: &str) -> Markup {
    let action = format!("/readings/{}", r.id);
    html! {
        @for kind in RecordKind::ALL {
            @let open = r.records.iter().filter(|x| x.kind == kind && x.status == RecordStatus::Proposed).count();
            @if open > 0 {
                @let label = format!("The {}", section_label(kind));
                (view::post_form(&action, csrf, Some(&label), html! {
                    input type="hidden" name="section" value=(kind.section());
                    strong { (view::count(open, section_one(kind), section_label(kind))) " proposed" }
                    button type="submit" name="decision" value="accept" { "Accept them all" }
                    button type="submit" name="decision" value="reject" { "Reject them all" }
                }))
            }
        }
    }
}

/// A paragraph's words with the sentences quoted marked; a quote not found
/// as written is left to the record beside it.
fn marked(text: &str, quotes: &[&str]) -> Markup {
    let mut spans: Vec<(usize, usize)> = quotes
        .iter()
        .filter(|q| !q.is_empty())
        .filter_map(|q| text.find(q).map(|at| (at, at + q.len())))
        .collect();
    spans.sort_unstable();
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for (start, end) in spans {
        let start = start.max(at);
        if end <= start {
            continue;
        }
        parts.push((&text[at..start], false));
        parts.push((&text[start..end], true));
        at = end;
    }
    parts.push((&text[at..], false));
    html! {
        @for (words, quoted) in parts {
            @if quoted { mark { (words) } } @else { (words) }
        }
    }
}

/// One proposed record beside its paragraph, with its forms while proposed.
fn record_cell(s: &Snapshot, r: &FiledReading, x: &ReadRecord, csrf: &str) -> Markup {
    let action = format!("/readings/{}", r.id);
    let number = x.number.to_string();
    html! {
        div.record id=(format!("record-{}", x.number)) {
            p {
                strong { (x.number) ". " (kind_label(x.kind)) } ", " (article_label(x.article))
                @if !x.code.is_empty() { ", " (code_label(s, r.cycle, x.kind, &x.code)) }
                " (confidence " (format!("{:.2}", f32::from(x.confidence) / 100.0)) "): "
                em { (x.status.code()) }
            }
            p { q lang=(r.language) { (x.quote) } }
            @if x.status == RecordStatus::Proposed {
                (view::button_form(&action, csrf, &[("record", &number)], html! {
                    button type="submit" name="decision" value="accept" { "Accept" }
                    " "
                    button type="submit" name="decision" value="reject" { "Reject" }
                }))
                (edit_form(s, r, x, csrf))
            }
        }
    }
}

/// The form to change a record's article (and type or category) and accept it.
fn edit_form(s: &Snapshot, r: &FiledReading, x: &ReadRecord, csrf: &str) -> Markup {
    let options: Vec<(String, String)> = match x.kind {
        RecordKind::Need => s
            .reference
            .types(r.cycle)
            .iter()
            .map(|t| (t.code.clone(), t.label.clone()))
            .collect(),
        RecordKind::Challenge => s
            .reference
            .challenge_categories
            .iter()
            .map(|c| (c.code.clone(), c.label.clone()))
            .collect(),
        RecordKind::GoodPractice => Vec::new(),
    };
    let field = if x.kind == RecordKind::Need {
        "Type"
    } else {
        "Category"
    };
    let article = if x.article == 0 {
        String::new()
    } else {
        x.article.to_string()
    };
    let label = format!("Edit record {}", x.number);
    view::post_form(
        &format!("/readings/{}", r.id),
        csrf,
        Some(&label),
        html! {
            input type="hidden" name="record" value=(x.number);
            label { "Article (empty: none)" input name="article" size="4" value=(article); }
            @if !options.is_empty() {
                label {
                    (field)
                    select name="code" {
                        @for (c, l) in &options { option value=(c) selected[*c == x.code] { (l) } }
                    }
                }
            }
            button type="submit" name="decision" value="edit" { "Edit and accept" }
        },
    )
}

/// What a decision form sends: the decision, and a record or a section.
#[derive(serde::Deserialize)]
pub(super) struct DecideForm {
    decision: String,
    record: Option<u32>,
    section: Option<String>,
    #[serde(default)]
    article: String,
    #[serde(default)]
    code: String,
}

/// The decisions a form asks for.
fn decisions(r: &FiledReading, form: &DecideForm) -> WebResult<Vec<(u32, Decision)>> {
    let decision = match form.decision.as_str() {
        "accept" => Decision::Accept,
        "reject" => Decision::Reject,
        "edit" => {
            let article = match form.article.trim() {
                "" => 0,
                a => a.parse().map_err(|_| {
                    WebError::bad(format!("article: `{a}` is not an article's number"))
                })?,
            };
            Decision::Edit {
                article,
                code: form.code.trim().to_string(),
            }
        }
        other => {
            return Err(WebError::bad(format!(
                "decision: `{other}` is none of accept, edit, reject"
            )));
        }
    };
    match (form.record, form.section.as_deref()) {
        (Some(n), None) => Ok(vec![(n, decision)]),
        (None, Some(section)) => {
            if matches!(decision, Decision::Edit { .. }) {
                return Err(WebError::bad(
                    "a section is accepted or rejected, not edited: edit its records one by one",
                ));
            }
            let kind = RecordKind::from_code(section).ok_or_else(|| {
                WebError::bad(format!(
                    "section: `{section}` is none of needs, challenges, good_practices"
                ))
            })?;
            Ok(r.records
                .iter()
                .filter(|x| x.kind == kind && x.status == RecordStatus::Proposed)
                .map(|x| (x.number, decision.clone()))
                .collect())
        }
        _ => Err(WebError::bad("name one record or one section")),
    }
}

/// Decides records of a proposal; records import would refuse are listed,
/// and nothing is written.
pub(super) async fn decide(
    State(app): State<Shared>,
    Secretariat(_): Secretariat,
    Path(id): Path<String>,
    CsrfForm { who, form }: CsrfForm<DecideForm>,
) -> WebResult<Response> {
    let r = reading_of(&app, &id)?;
    let list = decisions(&r, &form)?;
    if list.is_empty() {
        return Err(WebError::conflict(
            "no record of that section is still proposed",
        ));
    }
    let by = super::portal::author(&who.account);
    match app.write(|st| st.decide_reading(by, r.id, &list)) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(WebError::not_found("no such document read")),
        Err(Error::Rows(rows)) => {
            let notice = html! {
                div role="alert" {
                    p { (view::count(rows.len(), "record", "records")) " cannot enter the records; nothing was decided:" }
                    ul.errors { @for row in &rows { li { (row.to_string()) } } }
                }
            };
            return Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(review_page(&app.snapshot(), &who, &r, &notice)),
            )
                .into_response());
        }
        Err(Error::Usage(reason)) => return Err(WebError::conflict(reason)),
        Err(e) => return Err(e.into()),
    }
    app.reload()?;
    let anchor = form
        .record
        .map(|n| format!("#record-{n}"))
        .unwrap_or_default();
    Ok((
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/readings/{}{anchor}", r.id))],
    )
        .into_response())
}

/// On a State's page: where its accepted records came from, each record
/// with the document, paragraph and quote, shown only to a reader who may
/// read that document's words.
pub(super) fn provenance_section(
    app: &Shared,
    s: &Snapshot,
    who: Option<&accounts::Account>,
    code: &str,
) -> WebResult<Markup> {
    let Some(state) = s.reference.find_state(code) else {
        return Ok(html! {});
    };
    let all = app.read(|st| st.provenance(code))?;
    // Each record once, with the sources of it the reader may read.
    let mut records: Vec<(&crate::store::Provenance, Vec<&crate::store::Provenance>)> = Vec::new();
    for p in &all {
        let Some(review) = s
            .registry
            .reviews
            .iter()
            .find(|r| r.state == state && r.cycle == p.cycle)
        else {
            continue;
        };
        let origin = p.document.map_or(Origin::Unknown, Origin::Document);
        if !accounts::may_read_text(
            who,
            code,
            review.published,
            review.shared_with_providers,
            origin,
        ) {
            continue;
        }
        let same = |q: &crate::store::Provenance| {
            (q.cycle, q.kind, q.article, &q.code) == (p.cycle, p.kind, p.article, &p.code)
        };
        match records.iter_mut().find(|(first, _)| same(first)) {
            Some((_, sources)) => sources.push(p),
            None => records.push((p, vec![p])),
        }
    }
    Ok(html! {
        @if !records.is_empty() {
            h2 { "Where the records come from" }
            ul.provenance {
                @for (record, sources) in &records {
                    li {
                        (kind_label(record.kind)) ", cycle " (record.cycle) ", " (article_label(record.article))
                        @if record.kind != RecordKind::GoodPractice { ", " (code_label(s, record.cycle, record.kind, &record.code)) }
                        ul {
                            @for p in sources {
                                li {
                                    (p.document.map_or("a document of unknown kind", Source::label)) ", " (p.file)
                                    ", paragraph " (p.paragraph) ": " q { (p.quote) }
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}
