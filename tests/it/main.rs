//! The integration tests: one binary, a module per capability, small helpers.

mod alerts;
mod analysis;
mod cli;
mod demo;
mod finder;
mod follow;
mod fuzz;
mod gaps;
mod iati;
mod import;
mod pack;
mod pages;
mod plans;
mod portal;
mod read;
mod readings;
mod report;
mod store;
mod synth;
mod tables;
mod web;

use std::path::{Path, PathBuf};
use std::process::Output;

/// A scratch folder that holds a workspace.
pub struct Dir {
    pub dir: tempfile::TempDir,
}

impl Default for Dir {
    fn default() -> Dir {
        Dir::new()
    }
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// A workspace holding the example reviews and needs.
    pub fn with_examples() -> Dir {
        let d = Dir::new();
        d.ok(&["init"]);
        d.ok(&[
            "import",
            s(&project("examples/reviews.csv")),
            s(&project("examples/needs.csv")),
        ]);
        d
    }
    pub fn db(&self) -> PathBuf {
        self.path("tana.db")
    }
    /// Runs tana on this folder's workspace.
    pub fn tana(&self, args: &[&str]) -> Output {
        self.tana_on(s(&self.db()), args)
    }
    /// Runs tana on another workspace: a file or a `postgres://` URL.
    pub fn tana_on(&self, db: &str, args: &[&str]) -> Output {
        std::process::Command::new(tana_bin())
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("TANA_DB")
            .output()
            .expect("tana runs")
    }
    /// Runs tana and insists it succeeds; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_on(s(&self.db()), args)
    }
    pub fn ok_on(&self, db: &str, args: &[&str]) -> String {
        let out = self.tana_on(db, args);
        assert!(
            out.status.success(),
            "tana {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write a test file");
        p
    }
}

/// The binary under test: cargo's, or `TANA_BIN` (a copy of it, where
/// several worktrees share one target folder and relink its `tana`).
pub fn tana_bin() -> PathBuf {
    std::env::var_os("TANA_BIN").map_or_else(|| env!("CARGO_BIN_EXE_tana").into(), PathBuf::from)
}

/// A file of the project, by its path from the project's root.
pub fn project(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The Chromium the browser tests drive, with playwright-core installed;
/// None (the test then skips, saying why) outside CI, which installs both.
pub fn browser() -> Option<std::path::PathBuf> {
    let ready = project("tests/browser/node_modules/playwright-core").exists();
    match tana::render::pdf::chromium() {
        Some(chromium) if ready => Some(chromium),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI installs playwright-core and Chromium: the browser test must run"
            );
            eprintln!("skipped: run `npm ci --prefix tests/browser` and install chromium");
            None
        }
    }
}
