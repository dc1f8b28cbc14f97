//! PDF: the report's web page printed by the system's headless Chromium.
//!
//! tana carries no browser and downloads none: it looks for Chromium or
//! Chrome where the system installed it (`TANA_CHROMIUM` first, then the
//! usual names on `PATH`) and says what to install when there is none.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Where the browser is: `TANA_CHROMIUM`, or the first of the usual names on `PATH`.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TANA_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Prints `html` to `out` as PDF.
pub fn print(html: &str, out: &Path) -> Result<()> {
    let browser = chromium().ok_or_else(|| {
        Error::Usage(
            "--format pdf needs Chromium or Chrome, and none was found: install it (Debian: `apt install chromium`) or set TANA_CHROMIUM to its path; or write --format html and print the page from a browser".into(),
        )
    })?;
    let dir = tempfile_dir()?;
    let page = dir.join("report.html");
    std::fs::write(&page, html).map_err(|e| Error::io(&page, e))?;
    let target = std::path::absolute(out).map_err(|e| Error::io(out, e))?;
    let output = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| Error::Other(format!("{}: {e}", browser.display())));
    let _ = std::fs::remove_dir_all(&dir);
    let output = output?;
    let written = std::fs::metadata(&target)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if !output.status.success() || !written {
        return Err(Error::Other(format!(
            "{} did not print {}: {}",
            browser.display(),
            out.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}

/// A fresh folder for the page and the browser's profile.
fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "tana-pdf-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}
