//! The embedded store: one SQLite file per workspace.
//!
//! Needs are kept in a `WITHOUT ROWID` table keyed by (review, article, type),
//! which is both the uniqueness rule of the domain and the order the analysis
//! reads them in. The reference data is kept as one JSON document, since it
//! is read whole and changes rarely.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use super::{
    ASSISTANCE_COLUMNS, Assistance, Author, Batch, Detail, FoundNeed, Hit, ImportSummary, LogEntry,
    NeedKey, Proposal, Store, StoredAccount, StoredToken, Waiting, Workspace, account_from,
    account_log, type_codes,
};
use crate::accounts::Account;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::records::{Challenge, GoodPractice, Need, NeedText, Registry, Review, Source, Sources};
use crate::reference::Reference;

/// The first migration: the records. `PRAGMA user_version` records how far
/// a file has come.
const RECORDS_MIGRATION: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE review (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    completed TEXT,
    documents INTEGER NOT NULL DEFAULT 0,
    published INTEGER NOT NULL DEFAULT 0,
    UNIQUE (state, cycle)
);
-- article 0 is a need tied to no article (general or thematic).
CREATE TABLE need (
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL CHECK (article >= 0),
    type TEXT NOT NULL,
    sources INTEGER NOT NULL DEFAULT 0,
    addressed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (review_id, article, type)
) WITHOUT ROWID;
-- source 0 is a text whose source the file did not say.
CREATE TABLE need_text (
    review_id INTEGER NOT NULL,
    article INTEGER NOT NULL,
    type TEXT NOT NULL,
    source INTEGER NOT NULL,
    paragraph TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    addressed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, article, type, source),
    FOREIGN KEY (review_id, article, type) REFERENCES need (review_id, article, type)
) WITHOUT ROWID;
CREATE TABLE challenge (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, category, text)
);
CREATE TABLE good_practice (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES review (id),
    article INTEGER NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, text)
);
"#;

/// The fourth migration: the full-text index (FTS5). It is rebuilt from the
/// records when a search finds it out of date, which every write marks.
const SEARCH_MIGRATION: &str = r#"
CREATE VIRTUAL TABLE search USING fts5(
    text, kind UNINDEXED, review_id UNINDEXED, article UNINDEXED, code UNINDEXED, source UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO meta (key, value) VALUES ('search_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1';
"#;

/// Each migration moves the schema one version up.
fn migrations() -> Vec<String> {
    vec![
        RECORDS_MIGRATION.to_string(),
        super::ACCOUNTS_MIGRATION.replace("{ID}", "INTEGER PRIMARY KEY"),
        super::TOKENS_MIGRATION.to_string(),
        SEARCH_MIGRATION.to_string(),
        super::PROPOSALS_MIGRATION.replace("{ID}", "INTEGER PRIMARY KEY"),
        super::ASSISTANCE_MIGRATION
            .replace("{ID}", "INTEGER PRIMARY KEY")
            .replace("{BOOL}", "INTEGER")
            .replace("{FALSE}", "0"),
        GENERATION_MIGRATION.to_string(),
    ]
}

/// The seventh migration: the generation, a counter every write moves in
/// its own transaction, so that another process sees that something changed.
/// Every write but an import or a replacement logs a change: the trigger
/// moves the counter for those; the two others move it themselves.
const GENERATION_MIGRATION: &str = r#"
CREATE TABLE generation (n INTEGER NOT NULL);
INSERT INTO generation (n) VALUES (0);
CREATE TRIGGER change_log_moves_generation AFTER INSERT ON change_log
BEGIN
    UPDATE generation SET n = n + 1;
END;
"#;

/// Moves the generation, inside the caller's transaction.
fn bump_generation(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE generation SET n = n + 1", [])?;
    Ok(())
}

/// The file the command line last opened, for [`wait_for_writer`] to name
/// (SQLite's busy handler is a plain function: it cannot carry it).
static WAITING_ON: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// The command line's patience with another process writing the file:
/// it says so once, then waits as long as it takes.
fn wait_for_writer(attempt: i32) -> bool {
    static SAID: std::sync::Once = std::sync::Once::new();
    if attempt == 0 {
        SAID.call_once(|| {
            let file = WAITING_ON.lock().map(|f| f.clone()).unwrap_or_default();
            eprintln!("waiting for another process writing to {file}");
        });
    }
    // SQLite tries again as soon as this returns: pause a little first.
    std::thread::sleep(std::time::Duration::from_millis(if attempt < 10 {
        5
    } else {
        50
    }));
    true
}

pub struct SqliteStore {
    conn: Connection,
}

fn source_code(s: Option<Source>) -> i64 {
    s.map_or(0, |s| s as i64 + 1)
}

fn source_from(code: i64) -> Option<Source> {
    Source::ALL
        .get((code - 1).max(-1) as usize)
        .copied()
        .filter(|_| code > 0)
}

impl SqliteStore {
    /// Opens an existing workspace for the command line: writes wait for
    /// other writers as long as it takes.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        SqliteStore::open_for(path, Waiting::Forever)
    }

    /// Opens an existing workspace, its writes waiting for other writers as
    /// `waiting` says.
    pub fn open_for(path: &Path, waiting: Waiting) -> Result<SqliteStore> {
        if waiting == Waiting::Forever {
            let name = path.file_name().unwrap_or(path.as_os_str());
            if let Ok(mut file) = WAITING_ON.lock() {
                *file = name.to_string_lossy().into_owned();
            }
        }
        if !path.exists() {
            return Err(Error::Usage(format!(
                "no workspace at {}: run `tana init` (or `tana demo`) first, or give --db",
                path.display()
            )));
        }
        let store = SqliteStore {
            conn: Connection::open(path)?,
        };
        store.configure(waiting)?;
        store.migrate()?;
        if store.meta("reference")?.is_none() {
            return Err(Error::Usage(format!(
                "{} is not a tana workspace: run `tana init`",
                path.display()
            )));
        }
        Ok(store)
    }

    /// Creates a workspace holding `reference`, or refuses if one exists.
    pub fn create(path: &Path, reference: &Reference) -> Result<SqliteStore> {
        if path.exists() {
            return Err(Error::Usage(format!(
                "{} exists already; give another --db or remove it",
                path.display()
            )));
        }
        let mut store = SqliteStore {
            conn: Connection::open(path)?,
        };
        store.configure(Waiting::Forever)?;
        store.migrate()?;
        store.replace_all(reference, &Registry::default(), None)?;
        Ok(store)
    }

    /// A workspace in memory, for tests and one-off computations.
    pub fn in_memory(reference: &Reference) -> Result<SqliteStore> {
        let mut store = SqliteStore {
            conn: Connection::open_in_memory()?,
        };
        store.configure(Waiting::Forever)?;
        store.migrate()?;
        store.replace_all(reference, &Registry::default(), None)?;
        Ok(store)
    }

    fn configure(&self, waiting: Waiting) -> Result<()> {
        match waiting {
            Waiting::Upto(wait) => self.conn.busy_timeout(wait)?,
            Waiting::Forever => self.conn.busy_handler(Some(wait_for_writer))?,
        }
        // WAL keeps readers going during an import (they read the last
        // commit, never wait); NORMAL sync is durable at each commit boundary
        // in WAL mode, which is what a transaction needs. Every write opens
        // its transaction IMMEDIATE: taking the write lock first is what lets
        // it wait for another writer (a deferred one that read first could
        // only fail).
        self.conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;",
        )?;
        Ok(())
    }

    fn migrate(&self) -> Result<()> {
        let version: usize = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let migrations = migrations();
        if version > migrations.len() {
            return Err(Error::Database(format!(
                "this workspace has schema version {version}, newer than this tana ({}) knows",
                migrations.len()
            )));
        }
        for (i, sql) in migrations.iter().enumerate().skip(version) {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Saves the reference data (after States were added, say).
    pub fn save_reference(&mut self, reference: &Reference) -> Result<()> {
        let json = serde_json::to_string(reference).map_err(|e| Error::Other(e.to_string()))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('reference', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [json],
        )?;
        bump_generation(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// Writes records into an open transaction; `described[i]` says whether the
/// review at `i` replaces the stored one (an empty slice: all do).
fn write_records(
    tx: &rusqlite::Transaction<'_>,
    reference: &Reference,
    registry: &Registry,
    described: &[bool],
) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    bump_generation(tx)?;
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('search_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
        [],
    )?;
    let mut ids = Vec::with_capacity(registry.reviews.len());
    {
        let mut find = tx.prepare_cached(
            "SELECT id, completed, documents, published, shared_with_providers FROM review WHERE state = ?1 AND cycle = ?2",
        )?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO review (state, cycle, completed, documents, published, shared_with_providers) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        let mut update = tx.prepare_cached(
            "UPDATE review SET completed = ?2, documents = ?3, published = ?4, shared_with_providers = ?5 WHERE id = ?1",
        )?;
        for (i, review) in registry.reviews.iter().enumerate() {
            let state = &reference.state(review.state).code;
            let completed = review.completed.map(|d| d.to_string());
            let found: Option<(i64, Option<String>, u8, u8, bool)> = find
                .query_row(params![state, review.cycle], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()?;
            let described = described.get(i).copied().unwrap_or(true);
            let id = match found {
                Some((id, old_completed, docs, published, shared)) => {
                    let same = old_completed == completed
                        && docs == review.documents.0
                        && published == review.published.0
                        && shared == review.shared_with_providers;
                    if described && !same {
                        update.execute(params![
                            id,
                            completed,
                            review.documents.0,
                            review.published.0,
                            review.shared_with_providers
                        ])?;
                        summary.reviews_updated += 1;
                    }
                    id
                }
                None => {
                    insert.execute(params![
                        state,
                        review.cycle,
                        completed,
                        review.documents.0,
                        review.published.0,
                        review.shared_with_providers
                    ])?;
                    summary.reviews_added += 1;
                    tx.last_insert_rowid()
                }
            };
            ids.push(id);
        }
    }
    let before: u64 = tx.query_row("SELECT count(*) FROM need", [], |r| r.get(0))?;
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO need (review_id, article, type, sources, addressed) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (review_id, article, type) DO UPDATE
             SET sources = need.sources | excluded.sources, addressed = max(need.addressed, excluded.addressed)",
        )?;
        let codes = type_codes(reference, registry);
        for need in &registry.needs {
            let review = &registry.reviews[need.review as usize];
            insert.execute(params![
                ids[need.review as usize],
                need.article,
                codes[&(review.cycle, need.need_type)],
                need.sources.0,
                need.addressed
            ])?;
        }
        let mut text = tx.prepare_cached(
            "INSERT INTO need_text (review_id, article, type, source, paragraph, theme, text, addressed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (review_id, article, type, source) DO UPDATE
             SET paragraph = excluded.paragraph, theme = excluded.theme, text = excluded.text,
                 addressed_by = excluded.addressed_by",
        )?;
        for t in &registry.need_texts {
            let need = &registry.needs[t.need as usize];
            let review = &registry.reviews[need.review as usize];
            text.execute(params![
                ids[need.review as usize],
                need.article,
                codes[&(review.cycle, need.need_type)],
                source_code(t.source),
                t.paragraph,
                t.theme,
                t.text,
                t.addressed_by
            ])?;
        }
    }
    let after: u64 = tx.query_row("SELECT count(*) FROM need", [], |r| r.get(0))?;
    summary.needs_added = after - before;
    {
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO challenge (review_id, article, category, text) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for c in &registry.challenges {
            let category = &reference.challenge_categories[c.category as usize].code;
            summary.challenges_added +=
                insert.execute(params![ids[c.review as usize], c.article, category, c.text])?
                    as u64;
        }
        let mut insert = tx.prepare_cached(
            "INSERT OR IGNORE INTO good_practice (review_id, article, text) VALUES (?1, ?2, ?3)",
        )?;
        for g in &registry.good_practices {
            summary.good_practices_added +=
                insert.execute(params![ids[g.review as usize], g.article, g.text])? as u64;
        }
    }
    Ok(summary)
}

impl Store for SqliteStore {
    fn reference(&mut self) -> Result<Reference> {
        let json = self
            .meta("reference")?
            .ok_or_else(|| Error::Database("the workspace has no reference data".into()))?;
        let mut reference: Reference = serde_json::from_str(&json)
            .map_err(|e| Error::Database(format!("reference data: {e}")))?;
        reference.reindex();
        Ok(reference)
    }

    fn import(
        &mut self,
        reference: &Reference,
        batch: &Batch,
        by: Author<'_>,
        what: &str,
    ) -> Result<ImportSummary> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Imported records make the workspace the user's own, no longer a demo.
        tx.execute("DELETE FROM meta WHERE key = 'origin'", [])?;
        let summary = write_records(&tx, reference, &batch.registry, &batch.described)?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'import', '', ?3)",
            params![by.at, by.who, super::import_log(what, &summary)],
        )?;
        tx.commit()?;
        Ok(summary)
    }

    fn registry(&mut self, reference: &Reference, detail: Detail) -> Result<Registry> {
        let mut registry = Registry::default();
        let mut position: HashMap<i64, u32> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT id, state, cycle, completed, documents, published, shared_with_providers FROM review ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let code: String = row.get(1)?;
            let state = reference
                .find_state(&code)
                .ok_or_else(|| Error::Database(format!("review of unknown State `{code}`")))?;
            let completed: Option<String> = row.get(3)?;
            position.insert(row.get(0)?, registry.reviews.len() as u32);
            registry.reviews.push(Review {
                state,
                cycle: row.get(2)?,
                completed: completed
                    .map(|d| d.parse::<Date>())
                    .transpose()
                    .map_err(|e| Error::Database(e.0))?,
                documents: Sources(row.get(4)?),
                published: Sources(row.get(5)?),
                shared_with_providers: row.get(6)?,
            });
        }
        // Types are few per cycle: a linear scan beats hashing ten million strings.
        let mut cycle_types: HashMap<u8, Vec<String>> = HashMap::new();
        for cycle in reference.cycles() {
            cycle_types.insert(
                cycle,
                reference
                    .types(cycle)
                    .iter()
                    .map(|t| t.code.clone())
                    .collect(),
            );
        }
        let mut stmt = self
            .conn
            .prepare("SELECT review_id, article, type, sources, addressed FROM need ORDER BY review_id, article, type")?;
        let mut rows = stmt.query([])?;
        let mut need_at: HashMap<(i64, u8, u8), u32> = HashMap::new();
        let (mut last_id, mut last_pos) = (i64::MIN, 0u32);
        while let Some(row) = rows.next()? {
            let review_id: i64 = row.get(0)?;
            if review_id != last_id {
                last_id = review_id;
                last_pos = *position.get(&review_id).ok_or_else(|| {
                    Error::Database(format!("need of missing review {review_id}"))
                })?;
            }
            let cycle = registry.reviews[last_pos as usize].cycle;
            let code = row
                .get_ref(2)?
                .as_str()
                .map_err(|e| Error::Database(e.to_string()))?;
            let need_type = cycle_types
                .get(&cycle)
                .and_then(|types| types.iter().position(|t| t == code))
                .ok_or_else(|| {
                    Error::Database(format!("need of unknown type `{code}` in cycle {cycle}"))
                })? as u8;
            let article: u8 = row.get(1)?;
            if detail == Detail::Everything {
                need_at.insert((review_id, article, need_type), registry.needs.len() as u32);
            }
            registry.needs.push(Need {
                review: last_pos,
                article,
                need_type,
                sources: Sources(row.get(3)?),
                addressed: row.get(4)?,
            });
        }
        let categories: HashMap<&str, u8> = reference
            .challenge_categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i as u8))
            .collect();
        let mut stmt = self
            .conn
            .prepare("SELECT review_id, article, category, text FROM challenge ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let category: String = row.get(2)?;
            registry.challenges.push(Challenge {
                review: position[&row.get::<_, i64>(0)?],
                article: row.get(1)?,
                category: *categories.get(category.as_str()).ok_or_else(|| {
                    Error::Database(format!("challenge of unknown category `{category}`"))
                })?,
                text: if detail == Detail::Everything {
                    row.get(3)?
                } else {
                    String::new()
                },
            });
        }
        if detail == Detail::Everything {
            let mut stmt = self.conn.prepare(
                "SELECT review_id, article, type, source, paragraph, theme, text, addressed_by FROM need_text
                 ORDER BY review_id, article, type, source",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let review_id: i64 = row.get(0)?;
                let cycle = registry.reviews[position[&review_id] as usize].cycle;
                let code: String = row.get(2)?;
                let Some(t) = cycle_types[&cycle].iter().position(|c| *c == code) else {
                    continue;
                };
                let Some(&need) = need_at.get(&(review_id, row.get(1)?, t as u8)) else {
                    continue;
                };
                registry.need_texts.push(NeedText {
                    need,
                    source: source_from(row.get(3)?),
                    paragraph: row.get(4)?,
                    theme: row.get(5)?,
                    text: row.get(6)?,
                    addressed_by: row.get(7)?,
                });
            }
            let mut stmt = self
                .conn
                .prepare("SELECT review_id, article, text FROM good_practice ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                registry.good_practices.push(GoodPractice {
                    review: position[&row.get::<_, i64>(0)?],
                    article: row.get(1)?,
                    text: row.get(2)?,
                });
            }
        }
        Ok(registry)
    }

    fn replace_all(
        &mut self,
        reference: &Reference,
        registry: &Registry,
        workspace: Option<&Workspace>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(w) = workspace {
            write_workspace(&tx, w)?;
        }
        tx.execute_batch(
            "DELETE FROM need_text; DELETE FROM need; DELETE FROM challenge; DELETE FROM good_practice;
             DELETE FROM review;",
        )?;
        let json = serde_json::to_string(reference).map_err(|e| Error::Other(e.to_string()))?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('reference', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [json],
        )?;
        write_records(&tx, reference, registry, &[])?;
        tx.commit()?;
        Ok(())
    }

    fn origin(&mut self) -> Result<Option<String>> {
        self.meta("origin")
    }

    fn set_origin(&mut self, origin: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('origin', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [origin],
        )?;
        bump_generation(&tx)?;
        tx.commit()?;
        Ok(())
    }

    fn generation(&mut self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT n FROM generation", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn add_account_by(
        &mut self,
        by: Author<'_>,
        account: &Account,
        password_hash: &str,
    ) -> Result<()> {
        let (who, at) = (by.who, by.at);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM account WHERE name = ?1)",
            [&account.name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::Usage(format!(
                "an account `{}` exists already",
                account.name
            )));
        }
        tx.execute(
            "INSERT INTO account (name, role, state, password_hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![account.name, account.role.code(), account.state, password_hash, at],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'add account', '', ?3)",
            params![at, who, account_log(account)],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn account(&mut self, name: &str) -> Result<Option<StoredAccount>> {
        let row: Option<(String, String, Option<String>, String, i64)> = self
            .conn
            .query_row(
                "SELECT name, role, state, password_hash, created FROM account WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        row.map(|(name, role, state, hash, created)| {
            Ok(StoredAccount {
                account: account_from(name, &role, state)?,
                password_hash: hash,
                created,
            })
        })
        .transpose()
    }

    fn open_session(&mut self, token: &str, account: &str, csrf: &str, expires: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO session (token, account, csrf, expires) VALUES (?1, ?2, ?3, ?4)",
            params![token, account, csrf, expires],
        )?;
        Ok(())
    }

    fn session(&mut self, token: &str, now: i64) -> Result<Option<(Account, String)>> {
        let row: Option<(String, String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT a.name, a.role, a.state, s.csrf FROM session s JOIN account a ON a.name = s.account
                 WHERE s.token = ?1 AND s.expires > ?2",
                params![token, now],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|(name, role, state, csrf)| Ok((account_from(name, &role, state)?, csrf)))
            .transpose()
    }

    fn close_session(&mut self, token: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM session WHERE token = ?1", [token])?;
        Ok(())
    }

    fn mark_addressed(
        &mut self,
        by: Author<'_>,
        need: &NeedKey,
        addressed: bool,
        addressed_by: &str,
    ) -> Result<bool> {
        let (who, at) = (by.who, by.at);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(found) = find_need(&tx, need)? else {
            return Ok(false);
        };
        let before = found.addressed;
        set_addressed(&tx, found.review, need, addressed)?;
        let key = serde_json::to_value(need).unwrap_or_default();
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'mark need addressed', ?3, ?4)",
            params![
                at,
                who,
                serde_json::json!({ "need": key, "addressed": before }).to_string(),
                serde_json::json!({ "need": key, "addressed": addressed, "by": addressed_by }).to_string()
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn log(&mut self) -> Result<Vec<LogEntry>> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, who, action, before, after FROM change_log ORDER BY id DESC")?;
        let rows = stmt.query_map([], |r| {
            Ok(LogEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                action: r.get(2)?,
                before: r.get(3)?,
                after: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    fn add_token(&mut self, digest: &str, account: &str, at: i64) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO api_token (digest, account, created) VALUES (?1, ?2, ?3)",
            params![digest, account, at],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, 'command line', 'add API token', '', ?2)",
            params![at, serde_json::json!({ "account": account }).to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn token_account(&mut self, digest: &str) -> Result<Option<Account>> {
        let row: Option<(String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT a.name, a.role, a.state FROM api_token t JOIN account a ON a.name = t.account WHERE t.digest = ?1",
                [digest],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(name, role, state)| account_from(name, &role, state))
            .transpose()
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        if self.meta("search_dirty")?.is_some() {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(
                "DELETE FROM search;
                 INSERT INTO search (text, kind, review_id, article, code, source)
                   SELECT text, 'need', review_id, article, type, source FROM need_text WHERE text <> '';
                 INSERT INTO search (text, kind, review_id, article, code, source)
                   SELECT text, 'challenge', review_id, article, category, 0 FROM challenge WHERE text <> '';
                 INSERT INTO search (text, kind, review_id, article, code, source)
                   SELECT text, 'good_practice', review_id, article, '', 0 FROM good_practice WHERE text <> '';
                 DELETE FROM meta WHERE key = 'search_dirty';",
            )?;
            tx.commit()?;
        }
        // Every word must match; each is quoted, so that no word of the
        // user's is read as FTS5 syntax.
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{w}\""))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT s.kind, r.state, r.cycle, s.article, s.code, s.source, s.text, r.published, r.shared_with_providers
             FROM search s JOIN review r ON r.id = s.review_id
             WHERE search MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![words.join(" "), limit as i64], |r| {
            Ok(Hit {
                kind: r.get(0)?,
                state: r.get(1)?,
                cycle: r.get(2)?,
                article: r.get(3)?,
                code: r.get(4)?,
                source: source_from(r.get(5)?),
                text: r.get(6)?,
                published: Sources(r.get(7)?),
                shared_with_providers: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    fn update_review(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        completed: Option<&str>,
        published: Sources,
    ) -> Result<bool> {
        let (who, at) = (by.who, by.at);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<(Option<String>, u8, u8)> = tx
            .query_row(
                "SELECT completed, published, documents FROM review WHERE state = ?1 AND cycle = ?2",
                params![state, cycle],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((old_completed, old_published, documents)) = before else {
            return Ok(false);
        };
        // A review publishes only documents it has.
        let published = published.0 & documents;
        tx.execute(
            "UPDATE review SET completed = ?3, published = ?4 WHERE state = ?1 AND cycle = ?2",
            params![state, cycle, completed, published],
        )?;
        let key = serde_json::json!({ "state": state, "cycle": cycle });
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'edit review', ?3, ?4)",
            params![
                at,
                who,
                serde_json::json!({ "review": key, "completed": old_completed, "published": Sources(old_published).to_list() }).to_string(),
                serde_json::json!({ "review": key, "completed": completed, "published": Sources(published).to_list() }).to_string()
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn propose_need(&mut self, p: &Proposal) -> Result<i64> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO proposal (at, who, state, cycle, article, type, source, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![p.at, p.who, p.need.state, p.need.cycle, p.need.article, p.need.need_type, source_code(Some(p.source)), p.text],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'propose need', '', ?3)",
            params![p.at, p.who, serde_json::json!({ "proposal": id, "need": p.need, "text": p.text }).to_string()],
        )?;
        tx.commit()?;
        Ok(id)
    }

    fn proposals(&mut self, state: &str) -> Result<Vec<Proposal>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, at, who, state, cycle, article, type, source, text, status FROM proposal
             WHERE state = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([state], |r| {
            Ok(Proposal {
                id: r.get(0)?,
                at: r.get(1)?,
                who: r.get(2)?,
                need: NeedKey {
                    state: r.get(3)?,
                    cycle: r.get(4)?,
                    article: r.get(5)?,
                    need_type: r.get(6)?,
                },
                source: source_from(r.get(7)?).unwrap_or(Source::CountryReport),
                text: r.get(8)?,
                status: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    fn decide_proposal(
        &mut self,
        by: Author<'_>,
        id: i64,
        accept: bool,
    ) -> Result<Option<Proposal>> {
        let (who, at) = (by.who, by.at);
        let state: Option<String> = self
            .conn
            .query_row(
                "SELECT state FROM proposal WHERE id = ?1 AND status = 'pending'",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(state) = state else { return Ok(None) };
        let Some(mut p) = self.proposals(&state)?.into_iter().find(|p| p.id == id) else {
            return Ok(None);
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        p.status = if accept { "accepted" } else { "rejected" }.to_string();
        tx.execute(
            "UPDATE proposal SET status = ?2 WHERE id = ?1",
            params![id, p.status],
        )?;
        if accept {
            let review: Option<i64> = tx
                .query_row(
                    "SELECT id FROM review WHERE state = ?1 AND cycle = ?2",
                    params![p.need.state, p.need.cycle],
                    |r| r.get(0),
                )
                .optional()?;
            let review = review.ok_or_else(|| {
                Error::Usage(format!(
                    "{} has no review in cycle {}: enter the review first",
                    p.need.state, p.need.cycle
                ))
            })?;
            let bit = Sources::default().with(p.source).0;
            tx.execute(
                "INSERT INTO need (review_id, article, type, sources, addressed) VALUES (?1, ?2, ?3, ?4, 0)
                 ON CONFLICT (review_id, article, type) DO UPDATE SET sources = need.sources | excluded.sources",
                params![review, p.need.article, p.need.need_type, bit],
            )?;
            tx.execute(
                "INSERT INTO need_text (review_id, article, type, source, text) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (review_id, article, type, source) DO UPDATE SET text = excluded.text",
                params![review, p.need.article, p.need.need_type, source_code(Some(p.source)), p.text],
            )?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('search_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
                [],
            )?;
        }
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, ?3, 'pending', ?4)",
            params![
                at,
                who,
                if accept { "accept proposal" } else { "reject proposal" },
                serde_json::json!({ "proposal": id, "status": p.status, "need": p.need }).to_string()
            ],
        )?;
        tx.commit()?;
        Ok(Some(p))
    }

    fn accounts(&mut self) -> Result<Vec<Account>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, role, state FROM account ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        rows.map(|r| {
            let (name, role, state) = r?;
            account_from(name, &role, state)
        })
        .collect()
    }

    fn workspace(&mut self) -> Result<Workspace> {
        let mut w = Workspace::default();
        {
            let mut stmt = self.conn.prepare(
                "SELECT name, role, state, password_hash, created FROM account ORDER BY name",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                w.accounts.push(StoredAccount {
                    account: account_from(r.get(0)?, &r.get::<_, String>(1)?, r.get(2)?)?,
                    password_hash: r.get(3)?,
                    created: r.get(4)?,
                });
            }
            let mut stmt = self
                .conn
                .prepare("SELECT digest, account, created FROM api_token ORDER BY digest")?;
            let rows = stmt.query_map([], |r| {
                Ok(StoredToken {
                    digest: r.get(0)?,
                    account: r.get(1)?,
                    created: r.get(2)?,
                })
            })?;
            w.tokens = rows.collect::<std::result::Result<_, _>>()?;
        }
        w.log = self.log()?;
        w.log.reverse();
        let states: Vec<String> = self
            .conn
            .prepare("SELECT DISTINCT state FROM proposal ORDER BY state")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        for state in states {
            w.proposals.extend(self.proposals(&state)?);
        }
        w.proposals.sort_by_key(|p| p.id);
        w.assistance = self.assistance(None)?;
        w.assistance.sort_by_key(|a| a.id);
        Ok(w)
    }

    fn remove_account(&mut self, by: Author<'_>, name: &str) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: Option<(String, String, Option<String>)> = tx
            .query_row(
                "SELECT name, role, state FROM account WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((name, role, state)) = found else {
            return Ok(false);
        };
        let account = account_from(name, &role, state)?;
        tx.execute("DELETE FROM session WHERE account = ?1", [&account.name])?;
        tx.execute("DELETE FROM api_token WHERE account = ?1", [&account.name])?;
        tx.execute("DELETE FROM account WHERE name = ?1", [&account.name])?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'remove account', ?3, '')",
            params![by.at, by.who, account_log(&account)],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn set_sharing(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        shared: bool,
    ) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<bool> = tx
            .query_row(
                "SELECT shared_with_providers FROM review WHERE state = ?1 AND cycle = ?2",
                params![state, cycle],
                |r| r.get(0),
            )
            .optional()?;
        let Some(before) = before else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE review SET shared_with_providers = ?3 WHERE state = ?1 AND cycle = ?2",
            params![state, cycle, shared],
        )?;
        let (b, a) = super::sharing_log(state, cycle, before, shared);
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'share with providers', ?3, ?4)",
            params![by.at, by.who, b, a],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn edit_need_text(
        &mut self,
        by: Author<'_>,
        need: &NeedKey,
        source: Source,
        paragraph: &str,
        text: &str,
    ) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(found) = find_need(&tx, need)? else {
            return Ok(false);
        };
        if !found.sources.contains(source) {
            return Ok(false);
        }
        let review = found.review;
        let code = source_code(Some(source));
        let before: Option<(String, String)> = tx
            .query_row(
                "SELECT paragraph, text FROM need_text WHERE review_id = ?1 AND article = ?2 AND type = ?3 AND source = ?4",
                params![review, need.article, need.need_type, code],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO need_text (review_id, article, type, source, paragraph, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (review_id, article, type, source) DO UPDATE SET paragraph = excluded.paragraph, text = excluded.text",
            params![review, need.article, need.need_type, code, paragraph, text],
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('search_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
            [],
        )?;
        let (b, a) = super::need_text_log(need, source, before, paragraph, text);
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'edit need text', ?3, ?4)",
            params![by.at, by.who, b, a],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn record_assistance(&mut self, a: &Assistance) -> Result<Option<i64>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(found) = find_need(&tx, &a.need)? else {
            return Ok(None);
        };
        let was = found.addressed;
        set_addressed(&tx, found.review, &a.need, true)?;
        let kept = Assistance {
            need_was_addressed: was,
            ..a.clone()
        };
        insert_assistance(&tx, &kept, None)?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'record assistance', '', ?3)",
            params![a.at, a.provider, super::assistance_log(id, a)],
        )?;
        tx.commit()?;
        Ok(Some(id))
    }

    fn assistance(&mut self, state: Option<&str>) -> Result<Vec<Assistance>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([state], assistance_from)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    fn assistance_record(&mut self, id: i64) -> Result<Option<Assistance>> {
        assistance_by_id(&self.conn, id)
    }

    fn update_assistance(&mut self, by: Author<'_>, a: &Assistance) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = assistance_by_id(&tx, a.id)?;
        let Some(before) = before else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE assistance SET title = ?2, status = ?3, starts = ?4, ends = ?5 WHERE id = ?1",
            params![a.id, a.title, a.status, a.starts, a.ends],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'update assistance', ?3, ?4)",
            params![
                by.at,
                by.who,
                super::assistance_log(a.id, &before),
                super::assistance_log(a.id, a)
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn remove_need(&mut self, by: Author<'_>, need: &NeedKey) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(found) = find_need(&tx, need)? else {
            return Ok(false);
        };
        let review = found.review;
        let texts: Vec<(i64, String, String)> = tx
            .prepare(
                "SELECT source, paragraph, text FROM need_text
                 WHERE review_id = ?1 AND article = ?2 AND type = ?3 ORDER BY source",
            )?
            .query_map(params![review, need.article, need.need_type], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        tx.execute(
            "DELETE FROM need_text WHERE review_id = ?1 AND article = ?2 AND type = ?3",
            params![review, need.article, need.need_type],
        )?;
        tx.execute(
            "DELETE FROM need WHERE review_id = ?1 AND article = ?2 AND type = ?3",
            params![review, need.article, need.need_type],
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('search_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
            [],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'remove need', ?3, '')",
            params![by.at, by.who, super::removed_need_log(need, &texts)],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn set_password(
        &mut self,
        by: Author<'_>,
        name: &str,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE account SET password_hash = ?2 WHERE name = ?1",
            params![name, password_hash],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM session WHERE account = ?1 AND token IS NOT ?2",
            params![name, keep],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'change password', '', ?3)",
            params![by.at, by.who, serde_json::json!({ "account": name }).to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn withdraw_assistance(&mut self, by: Author<'_>, id: i64) -> Result<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = assistance_by_id(&tx, id)?;
        let Some(a) = found else {
            return Ok(false);
        };
        tx.execute("DELETE FROM assistance WHERE id = ?1", [id])?;
        let n = &a.need;
        // The earliest record left against the need knows what the need
        // was before any; with none left, this one does.
        let earliest: Option<bool> = tx
            .query_row(
                "SELECT need_was_addressed FROM assistance
                 WHERE state = ?1 AND cycle = ?2 AND article = ?3 AND type = ?4 ORDER BY id LIMIT 1",
                params![n.state, n.cycle, n.article, n.need_type],
                |r| r.get(0),
            )
            .optional()?;
        if let (None, Some(found)) = (earliest, find_need(&tx, n)?) {
            set_addressed(&tx, found.review, n, a.need_was_addressed)?;
        }
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, 'withdraw assistance', ?3, '')",
            params![by.at, by.who, super::assistance_log(id, &a)],
        )?;
        tx.commit()?;
        Ok(true)
    }
}

/// The need named by `need`, as a write finds it; None when there is none.
fn find_need(tx: &rusqlite::Transaction<'_>, need: &NeedKey) -> Result<Option<FoundNeed>> {
    Ok(tx
        .query_row(
            "SELECT n.review_id, n.sources, n.addressed FROM need n JOIN review r ON r.id = n.review_id
             WHERE r.state = ?1 AND r.cycle = ?2 AND n.article = ?3 AND n.type = ?4",
            params![need.state, need.cycle, need.article, need.need_type],
            |r| {
                Ok(FoundNeed {
                    review: r.get(0)?,
                    sources: Sources(r.get(1)?),
                    addressed: r.get(2)?,
                })
            },
        )
        .optional()?)
}

fn set_addressed(
    tx: &rusqlite::Transaction<'_>,
    review: i64,
    need: &NeedKey,
    addressed: bool,
) -> Result<()> {
    tx.execute(
        "UPDATE need SET addressed = ?4 WHERE review_id = ?1 AND article = ?2 AND type = ?3",
        params![review, need.article, need.need_type, addressed],
    )?;
    Ok(())
}

/// Keeps an assistance record, with its own number (a copy) or a new one.
fn insert_assistance(
    tx: &rusqlite::Transaction<'_>,
    a: &Assistance,
    id: Option<i64>,
) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO assistance ({ASSISTANCE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            id,
            a.at,
            a.provider,
            a.need.state,
            a.need.cycle,
            a.need.article,
            a.need.need_type,
            a.title,
            a.status,
            a.starts,
            a.ends,
            a.need_was_addressed
        ],
    )?;
    Ok(())
}

/// One assistance record by its number, on the connection or inside a
/// transaction.
fn assistance_by_id(conn: &Connection, id: i64) -> Result<Option<Assistance>> {
    Ok(conn
        .query_row(
            &format!("SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE id = ?1"),
            [id],
            assistance_from,
        )
        .optional()?)
}

/// An assistance record from a row of [`ASSISTANCE_COLUMNS`].
fn assistance_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Assistance> {
    Ok(Assistance {
        id: r.get(0)?,
        at: r.get(1)?,
        provider: r.get(2)?,
        need: NeedKey {
            state: r.get(3)?,
            cycle: r.get(4)?,
            article: r.get(5)?,
            need_type: r.get(6)?,
        },
        title: r.get(7)?,
        status: r.get(8)?,
        starts: r.get(9)?,
        ends: r.get(10)?,
        need_was_addressed: r.get(11)?,
    })
}

/// Replaces everything beyond the records with `w`, inside a transaction;
/// rows keep their numbers, which pages and the log refer to.
fn write_workspace(tx: &rusqlite::Transaction<'_>, w: &Workspace) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM session; DELETE FROM api_token; DELETE FROM account; DELETE FROM change_log;
         DELETE FROM proposal; DELETE FROM assistance;",
    )?;
    for a in &w.accounts {
        tx.execute(
            "INSERT INTO account (name, role, state, password_hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.account.name, a.account.role.code(), a.account.state, a.password_hash, a.created],
        )?;
    }
    for t in &w.tokens {
        tx.execute(
            "INSERT INTO api_token (digest, account, created) VALUES (?1, ?2, ?3)",
            params![t.digest, t.account, t.created],
        )?;
    }
    for e in &w.log {
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![e.at, e.who, e.action, e.before, e.after],
        )?;
    }
    for p in &w.proposals {
        tx.execute(
            "INSERT INTO proposal (id, at, who, state, cycle, article, type, source, text, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                p.id,
                p.at,
                p.who,
                p.need.state,
                p.need.cycle,
                p.need.article,
                p.need.need_type,
                source_code(Some(p.source)),
                p.text,
                p.status
            ],
        )?;
    }
    for a in &w.assistance {
        insert_assistance(tx, a, Some(a.id))?;
    }
    Ok(())
}
