//! The secretariat's import upload: a file in, with the same checks and
//! the same row-by-row errors as `tana import`; nothing is written when any
//! row is bad.
//!
//! The file is read on the blocking pool, so a slow or failing reader
//! stalls no page, and a reader that panics is a refusal, not the end of
//! the connection.

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use super::Shared;
use super::error::{WebError, WebResult};
use super::session::{Secretariat, check_secret};
use super::view::{self, Markup, html};
use crate::accounts;

/// The largest file the upload takes.
pub const UPLOAD_LIMIT: usize = 8 * 1024 * 1024;

fn upload_form(csrf: &str) -> Markup {
    view::post_form_multipart(
        "/import",
        csrf,
        html! {
            label {
                "A file of reviews, needs, challenges or good practices (CSV, XLSX or JSON, at most 8 MB)"
                input type="file" name="file" accept=".csv,.xlsx,.xls,.ods,.json" required;
            }
            button type="submit" { "Import" }
        },
    )
}

pub(super) async fn import_form(Secretariat(who): Secretariat) -> Html<String> {
    view::layout("Import records", Some(&who), upload_form(&who.csrf))
}

/// The form's secret and file (its name and bytes).
async fn fields(mut multipart: Multipart) -> WebResult<(String, Option<(String, Vec<u8>)>)> {
    let (mut csrf, mut file) = (String::new(), None);
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|e| WebError::refused(e.status(), format!("the upload: {}", e.body_text())))?;
        let Some(field) = field else {
            return Ok((csrf, file));
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    WebError::refused(e.status(), format!("the file: {}", e.body_text()))
                })?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
}

pub(super) async fn import_upload(
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
            "the file is larger than 8 MB: split it",
        ));
    }
    let (csrf, file) = fields(multipart).await?;
    check_secret(&app, &who, &headers, &csrf)?;
    let Some((name, bytes)) = file else {
        return Err(WebError::bad("choose a file to import"));
    };
    // Only the name's extension is kept: it says the format; the rest of a
    // name a browser sends is never used as a path.
    let ext = std::path::Path::new(&name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| ["csv", "xlsx", "xls", "ods", "json"].contains(&e.as_str()));
    let Some(ext) = ext else {
        return Err(WebError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("{name}: import takes CSV, XLSX, XLS, ODS or JSON files"),
        ));
    };
    let stem: String = std::path::Path::new(&name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("upload")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    let dir = std::env::temp_dir().join(format!("tana-upload-{}", accounts::token()));
    std::fs::create_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, e))?;
    // The file keeps its stem, which tells import what it holds (needs.csv).
    let path = dir.join(format!(
        "{}.{ext}",
        if stem.is_empty() { "upload" } else { &stem }
    ));
    let reference = app.snapshot().reference.clone();
    let read = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            std::fs::write(&path, &bytes).map_err(|e| crate::error::Error::io(&path, e))?;
            crate::import::prepare(&reference, &[path.as_path()], None, false)
                .map(|p| (reference, p))
        })
        .await
    };
    let _ = std::fs::remove_dir_all(&dir);
    let shown_path = path.display().to_string();
    let (reference, prepared) = match read {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => return Err(WebError::bad(e.to_string().replace(&shown_path, &name))),
        Err(_) => return Err(WebError::bad(format!("{name}: the file could not be read"))),
    };
    if !prepared.errors.is_empty() {
        let errors: Vec<String> = prepared
            .errors
            .iter()
            .map(|r| {
                let mut r = r.clone();
                if r.file == shown_path {
                    r.file.clone_from(&name);
                }
                r.to_string()
            })
            .collect();
        let said = format!(
            "{} in {name}; nothing was imported.",
            view::count(errors.len(), "bad row", "bad rows")
        );
        let main = html! {
            (view::message("alert", &said))
            ul.errors { @for e in &errors { li { (e) } } }
            (upload_form(&who.csrf))
        };
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Html(view::page("Import records", Some(&who), main)),
        )
            .into_response());
    }
    let by = super::portal::author(&who.account);
    let summary = app.write(|s| s.import(&reference, &prepared.batch, by, &name))?;
    app.reload()?;
    let said = format!(
        "{name}: {} added, {} updated; {}, {} and {} added.",
        view::count(summary.reviews_added as usize, "review", "reviews"),
        view::count(summary.reviews_updated as usize, "review", "reviews"),
        view::count(summary.needs_added as usize, "need", "needs"),
        view::count(summary.challenges_added as usize, "challenge", "challenges"),
        view::count(
            summary.good_practices_added as usize,
            "good practice",
            "good practices"
        ),
    );
    let main = html! {
        (view::message("status", &said))
        (upload_form(&who.csrf))
    };
    Ok(view::layout("Import records", Some(&who), main).into_response())
}
