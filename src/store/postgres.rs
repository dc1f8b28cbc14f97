//! The shared store: a PostgreSQL database, for a team on many machines.
//!
//! The schema mirrors the SQLite one table for table, so a workspace moves
//! between the two losing nothing (`tana copy`). Migrations are numbered as
//! in SQLite and recorded in `tana_schema`. Every write is one transaction.

use std::collections::HashMap;

use postgres::{Client, NoTls, Transaction};

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

const RECORDS_MIGRATION: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE review (
    id BIGSERIAL PRIMARY KEY,
    state TEXT NOT NULL,
    cycle SMALLINT NOT NULL,
    completed TEXT,
    documents SMALLINT NOT NULL DEFAULT 0,
    published SMALLINT NOT NULL DEFAULT 0,
    UNIQUE (state, cycle)
);
CREATE TABLE need (
    review_id BIGINT NOT NULL REFERENCES review (id),
    article SMALLINT NOT NULL CHECK (article >= 0),
    type TEXT NOT NULL,
    sources SMALLINT NOT NULL DEFAULT 0,
    addressed BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (review_id, article, type)
);
CREATE TABLE need_text (
    review_id BIGINT NOT NULL,
    article SMALLINT NOT NULL,
    type TEXT NOT NULL,
    source SMALLINT NOT NULL,
    paragraph TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    addressed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (review_id, article, type, source),
    FOREIGN KEY (review_id, article, type) REFERENCES need (review_id, article, type)
);
CREATE TABLE challenge (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES review (id),
    article SMALLINT NOT NULL,
    category TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, category, text)
);
CREATE TABLE good_practice (
    id BIGSERIAL PRIMARY KEY,
    review_id BIGINT NOT NULL REFERENCES review (id),
    article SMALLINT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (review_id, article, text)
);
"#;

/// The fourth migration: full-text indexes on the texts (the `simple`
/// configuration, without accents, since the texts come in many languages).
const SEARCH_MIGRATION: &str = r#"
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE OR REPLACE FUNCTION tana_words(t TEXT) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$ SELECT to_tsvector('simple', public.unaccent('public.unaccent', t)) $$;
CREATE INDEX need_text_words ON need_text USING gin (tana_words(text));
CREATE INDEX challenge_words ON challenge USING gin (tana_words(text));
CREATE INDEX good_practice_words ON good_practice USING gin (tana_words(text));
"#;

/// Each migration moves the schema one version up.
fn migrations() -> Vec<String> {
    vec![
        RECORDS_MIGRATION.to_string(),
        super::ACCOUNTS_MIGRATION.replace("{ID}", "BIGSERIAL PRIMARY KEY"),
        super::TOKENS_MIGRATION.to_string(),
        SEARCH_MIGRATION.to_string(),
        super::PROPOSALS_MIGRATION.replace("{ID}", "BIGSERIAL PRIMARY KEY"),
        super::ASSISTANCE_MIGRATION
            .replace("{ID}", "BIGSERIAL PRIMARY KEY")
            .replace("{BOOL}", "BOOLEAN")
            .replace("{FALSE}", "FALSE"),
        GENERATION_MIGRATION.to_string(),
    ]
}

/// The seventh migration: the generation, a counter every write moves in
/// its own transaction, so that every server on the database sees that
/// something changed. Writes that log a change move it by the trigger
/// (once per statement); imports and replacements move it themselves.
const GENERATION_MIGRATION: &str = r#"
CREATE TABLE generation (n BIGINT NOT NULL);
INSERT INTO generation (n) VALUES (0);
CREATE FUNCTION tana_move_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE generation SET n = n + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER change_log_moves_generation AFTER INSERT ON change_log
    FOR EACH STATEMENT EXECUTE FUNCTION tana_move_generation();
"#;

/// Moves the generation, inside the caller's transaction.
fn bump_generation(tx: &mut Transaction<'_>) -> Result<()> {
    tx.execute("UPDATE generation SET n = n + 1", &[])?;
    Ok(())
}

pub struct PgStore {
    client: Client,
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        use postgres::error::SqlState;
        // A write that waited its time for another's lock, or lost a race
        // with one: trying again will do.
        let busy = [
            SqlState::LOCK_NOT_AVAILABLE,
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
        ];
        if e.code().is_some_and(|c| busy.contains(c)) {
            return Error::Busy(
                "another process is writing the workspace; try again in a moment".into(),
            );
        }
        // The server's own message says which constraint or column failed;
        // the connection string (which may hold a password) is never included.
        let detail = e
            .as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_else(|| e.to_string());
        Error::Database(format!("PostgreSQL: {detail}"))
    }
}

fn source_code(s: Option<Source>) -> i16 {
    s.map_or(0, |s| s as i16 + 1)
}

fn source_from(code: i16) -> Option<Source> {
    usize::try_from(code - 1)
        .ok()
        .and_then(|i| Source::ALL.get(i).copied())
}

impl PgStore {
    fn connect(url: &str) -> Result<PgStore> {
        let client = Client::connect(url, NoTls).map_err(|e| {
            Error::Usage(format!(
                "cannot reach the PostgreSQL database of --db: {}",
                e.as_db_error()
                    .map(|d| d.message().to_string())
                    .unwrap_or_else(|| e.to_string())
            ))
        })?;
        let mut store = PgStore { client };
        store.migrate()?;
        Ok(store)
    }

    /// Opens a database that holds a workspace, for the command line: a
    /// write waits for another's locks as long as it takes.
    pub fn open(url: &str) -> Result<PgStore> {
        PgStore::open_for(url, Waiting::Forever)
    }

    /// Opens a database that holds a workspace, a write waiting for
    /// another's locks as `waiting` says.
    pub fn open_for(url: &str, waiting: Waiting) -> Result<PgStore> {
        let mut store = PgStore::connect(url)?;
        if let Waiting::Upto(wait) = waiting {
            // Only a lock wait ends this way: a long read is no one's fault.
            store
                .client
                .batch_execute(&format!("SET lock_timeout = {}", wait.as_millis().max(1)))?;
        }
        if store.meta("reference")?.is_none() {
            return Err(Error::Usage(
                "the PostgreSQL database of --db holds no tana workspace: run `tana init --db …` or `tana copy`".into(),
            ));
        }
        Ok(store)
    }

    /// Sets up a workspace in a database that has none.
    pub fn create(url: &str, reference: &Reference) -> Result<PgStore> {
        let mut store = PgStore::connect(url)?;
        if store.meta("reference")?.is_some() {
            return Err(Error::Usage(
                "the PostgreSQL database of --db holds a workspace already".into(),
            ));
        }
        store.replace_all(reference, &Registry::default(), None)?;
        Ok(store)
    }

    /// Whether the database holds a workspace.
    pub fn holds_workspace(url: &str) -> Result<bool> {
        let mut store = PgStore::connect(url)?;
        Ok(store.meta("reference")?.is_some())
    }

    fn migrate(&mut self) -> Result<()> {
        let mut tx = self.client.transaction()?;
        // One migrator at a time, whoever else connects.
        tx.batch_execute(
            "SELECT pg_advisory_xact_lock(7317);
             CREATE TABLE IF NOT EXISTS tana_schema (version INTEGER NOT NULL);",
        )?;
        let version: i32 = tx
            .query_opt("SELECT version FROM tana_schema", &[])?
            .map_or(0, |r| r.get(0));
        let version = version as usize;
        let migrations = migrations();
        if version > migrations.len() {
            return Err(Error::Database(format!(
                "this workspace has schema version {version}, newer than this tana ({}) knows",
                migrations.len()
            )));
        }
        for sql in migrations.iter().skip(version) {
            tx.batch_execute(sql)?;
        }
        tx.execute("DELETE FROM tana_schema", &[])?;
        tx.execute(
            "INSERT INTO tana_schema (version) VALUES ($1)",
            &[&(migrations.len() as i32)],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn meta(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .client
            .query_opt("SELECT value FROM meta WHERE key = $1", &[&key])?
            .map(|r| r.get(0)))
    }
}

fn set_meta(tx: &mut Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&key, &value],
    )?;
    Ok(())
}

fn write_records(
    tx: &mut Transaction<'_>,
    reference: &Reference,
    registry: &Registry,
    described: &[bool],
) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    bump_generation(tx)?;
    let mut ids = Vec::with_capacity(registry.reviews.len());
    let find = tx.prepare(
        "SELECT id, completed, documents, published, shared_with_providers FROM review WHERE state = $1 AND cycle = $2",
    )?;
    let insert = tx.prepare(
        "INSERT INTO review (state, cycle, completed, documents, published, shared_with_providers) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )?;
    let update = tx.prepare(
        "UPDATE review SET completed = $2, documents = $3, published = $4, shared_with_providers = $5 WHERE id = $1",
    )?;
    for (i, review) in registry.reviews.iter().enumerate() {
        let state = reference.state(review.state).code.as_str();
        let cycle = i16::from(review.cycle);
        let completed = review.completed.map(|d| d.to_string());
        let (docs, published) = (i16::from(review.documents.0), i16::from(review.published.0));
        let shared = review.shared_with_providers;
        let described = described.get(i).copied().unwrap_or(true);
        let id: i64 = match tx.query_opt(&find, &[&state, &cycle])? {
            Some(row) => {
                let id: i64 = row.get(0);
                let same = row.get::<_, Option<String>>(1) == completed
                    && row.get::<_, i16>(2) == docs
                    && row.get::<_, i16>(3) == published
                    && row.get::<_, bool>(4) == shared;
                if described && !same {
                    tx.execute(&update, &[&id, &completed, &docs, &published, &shared])?;
                    summary.reviews_updated += 1;
                }
                id
            }
            None => {
                summary.reviews_added += 1;
                tx.query_one(
                    &insert,
                    &[&state, &cycle, &completed, &docs, &published, &shared],
                )?
                .get(0)
            }
        };
        ids.push(id);
    }
    let count = |tx: &mut Transaction<'_>, table: &str| -> Result<u64> {
        let n: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
            .get(0);
        Ok(n as u64)
    };
    let before = count(tx, "need")?;
    let codes = type_codes(reference, registry);
    let insert = tx.prepare(
        "INSERT INTO need (review_id, article, type, sources, addressed) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (review_id, article, type) DO UPDATE
         SET sources = need.sources | excluded.sources, addressed = need.addressed OR excluded.addressed",
    )?;
    for need in &registry.needs {
        let review = &registry.reviews[need.review as usize];
        tx.execute(
            &insert,
            &[
                &ids[need.review as usize],
                &i16::from(need.article),
                &codes[&(review.cycle, need.need_type)],
                &i16::from(need.sources.0),
                &need.addressed,
            ],
        )?;
    }
    let text = tx.prepare(
        "INSERT INTO need_text (review_id, article, type, source, paragraph, theme, text, addressed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (review_id, article, type, source) DO UPDATE
         SET paragraph = excluded.paragraph, theme = excluded.theme, text = excluded.text,
             addressed_by = excluded.addressed_by",
    )?;
    for t in &registry.need_texts {
        let need = &registry.needs[t.need as usize];
        let review = &registry.reviews[need.review as usize];
        tx.execute(
            &text,
            &[
                &ids[need.review as usize],
                &i16::from(need.article),
                &codes[&(review.cycle, need.need_type)],
                &source_code(t.source),
                &t.paragraph,
                &t.theme,
                &t.text,
                &t.addressed_by,
            ],
        )?;
    }
    summary.needs_added = count(tx, "need")? - before;
    let insert = tx.prepare(
        "INSERT INTO challenge (review_id, article, category, text) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )?;
    for c in &registry.challenges {
        let category = &reference.challenge_categories[c.category as usize].code;
        summary.challenges_added += tx.execute(
            &insert,
            &[
                &ids[c.review as usize],
                &i16::from(c.article),
                category,
                &c.text,
            ],
        )?;
    }
    let insert = tx.prepare(
        "INSERT INTO good_practice (review_id, article, text) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )?;
    for g in &registry.good_practices {
        summary.good_practices_added += tx.execute(
            &insert,
            &[&ids[g.review as usize], &i16::from(g.article), &g.text],
        )?;
    }
    Ok(summary)
}

impl Store for PgStore {
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
        let mut tx = self.client.transaction()?;
        tx.execute("DELETE FROM meta WHERE key = 'origin'", &[])?;
        let summary = write_records(&mut tx, reference, &batch.registry, &batch.described)?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'import', '', $3)",
            &[&by.at, &by.who, &super::import_log(what, &summary)],
        )?;
        tx.commit()?;
        Ok(summary)
    }

    fn registry(&mut self, reference: &Reference, detail: Detail) -> Result<Registry> {
        let mut registry = Registry::default();
        let mut position: HashMap<i64, u32> = HashMap::new();
        for row in self.client.query(
            "SELECT id, state, cycle, completed, documents, published, shared_with_providers FROM review ORDER BY id",
            &[],
        )? {
            let code: String = row.get(1);
            let state = reference
                .find_state(&code)
                .ok_or_else(|| Error::Database(format!("review of unknown State `{code}`")))?;
            let completed: Option<String> = row.get(3);
            position.insert(row.get(0), registry.reviews.len() as u32);
            registry.reviews.push(Review {
                state,
                cycle: row.get::<_, i16>(2) as u8,
                completed: completed
                    .map(|d| d.parse::<Date>())
                    .transpose()
                    .map_err(|e| Error::Database(e.0))?,
                documents: Sources(row.get::<_, i16>(4) as u8),
                published: Sources(row.get::<_, i16>(5) as u8),
                shared_with_providers: row.get(6),
            });
        }
        let type_of = |cycle: u8, code: &str| -> Result<u8> {
            reference
                .types(cycle)
                .iter()
                .position(|t| t.code == code)
                .map(|p| p as u8)
                .ok_or_else(|| {
                    Error::Database(format!("need of unknown type `{code}` in cycle {cycle}"))
                })
        };
        let mut need_at: HashMap<(i64, u8, u8), u32> = HashMap::new();
        for row in self.client.query(
            "SELECT review_id, article, type, sources, addressed FROM need ORDER BY review_id, article, type",
            &[],
        )? {
            let review_id: i64 = row.get(0);
            let pos = *position
                .get(&review_id)
                .ok_or_else(|| Error::Database(format!("need of missing review {review_id}")))?;
            let cycle = registry.reviews[pos as usize].cycle;
            let need_type = type_of(cycle, row.get(2))?;
            let article = row.get::<_, i16>(1) as u8;
            if detail == Detail::Everything {
                need_at.insert((review_id, article, need_type), registry.needs.len() as u32);
            }
            registry.needs.push(Need {
                review: pos,
                article,
                need_type,
                sources: Sources(row.get::<_, i16>(3) as u8),
                addressed: row.get(4),
            });
        }
        for row in self.client.query(
            "SELECT review_id, article, category, text FROM challenge ORDER BY id",
            &[],
        )? {
            let category: &str = row.get(2);
            registry.challenges.push(Challenge {
                review: position[&row.get::<_, i64>(0)],
                article: row.get::<_, i16>(1) as u8,
                category: reference
                    .challenge_categories
                    .iter()
                    .position(|c| c.code == category)
                    .ok_or_else(|| {
                        Error::Database(format!("challenge of unknown category `{category}`"))
                    })? as u8,
                text: if detail == Detail::Everything {
                    row.get(3)
                } else {
                    String::new()
                },
            });
        }
        if detail == Detail::Everything {
            for row in self.client.query(
                "SELECT review_id, article, type, source, paragraph, theme, text, addressed_by FROM need_text
                 ORDER BY review_id, article, type, source",
                &[],
            )? {
                let review_id: i64 = row.get(0);
                let cycle = registry.reviews[position[&review_id] as usize].cycle;
                let Ok(t) = type_of(cycle, row.get(2)) else {
                    continue;
                };
                let Some(&need) = need_at.get(&(review_id, row.get::<_, i16>(1) as u8, t)) else {
                    continue;
                };
                registry.need_texts.push(NeedText {
                    need,
                    source: source_from(row.get(3)),
                    paragraph: row.get(4),
                    theme: row.get(5),
                    text: row.get(6),
                    addressed_by: row.get(7),
                });
            }
            for row in self.client.query(
                "SELECT review_id, article, text FROM good_practice ORDER BY id",
                &[],
            )? {
                registry.good_practices.push(GoodPractice {
                    review: position[&row.get::<_, i64>(0)],
                    article: row.get::<_, i16>(1) as u8,
                    text: row.get(2),
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
        let mut tx = self.client.transaction()?;
        if let Some(w) = workspace {
            write_workspace(&mut tx, w)?;
        }
        tx.batch_execute(
            "DELETE FROM need_text; DELETE FROM need; DELETE FROM challenge; DELETE FROM good_practice;
             DELETE FROM review;",
        )?;
        let json = serde_json::to_string(reference).map_err(|e| Error::Other(e.to_string()))?;
        set_meta(&mut tx, "reference", &json)?;
        write_records(&mut tx, reference, registry, &[])?;
        tx.commit()?;
        Ok(())
    }

    fn origin(&mut self) -> Result<Option<String>> {
        self.meta("origin")
    }

    fn set_origin(&mut self, origin: &str) -> Result<()> {
        let mut tx = self.client.transaction()?;
        set_meta(&mut tx, "origin", origin)?;
        bump_generation(&mut tx)?;
        tx.commit()?;
        Ok(())
    }

    fn generation(&mut self) -> Result<u64> {
        let n: i64 = self
            .client
            .query_one("SELECT n FROM generation", &[])?
            .get(0);
        Ok(n as u64)
    }

    fn add_account_by(
        &mut self,
        by: Author<'_>,
        account: &Account,
        password_hash: &str,
    ) -> Result<()> {
        let (who, at) = (by.who, by.at);
        let mut tx = self.client.transaction()?;
        let taken: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM account WHERE name = $1)",
                &[&account.name],
            )?
            .get(0);
        if taken {
            return Err(Error::Usage(format!(
                "an account `{}` exists already",
                account.name
            )));
        }
        tx.execute(
            "INSERT INTO account (name, role, state, password_hash, created) VALUES ($1, $2, $3, $4, $5)",
            &[&account.name, &account.role.code(), &account.state, &password_hash, &at],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'add account', '', $3)",
            &[&at, &who, &account_log(account)],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn account(&mut self, name: &str) -> Result<Option<StoredAccount>> {
        self.client
            .query_opt(
                "SELECT name, role, state, password_hash, created FROM account WHERE name = $1",
                &[&name],
            )?
            .map(|r| {
                Ok(StoredAccount {
                    account: account_from(r.get(0), r.get(1), r.get(2))?,
                    password_hash: r.get(3),
                    created: r.get(4),
                })
            })
            .transpose()
    }

    fn open_session(&mut self, token: &str, account: &str, csrf: &str, expires: i64) -> Result<()> {
        self.client.execute(
            "INSERT INTO session (token, account, csrf, expires) VALUES ($1, $2, $3, $4)",
            &[&token, &account, &csrf, &expires],
        )?;
        Ok(())
    }

    fn session(&mut self, token: &str, now: i64) -> Result<Option<(Account, String)>> {
        self.client
            .query_opt(
                "SELECT a.name, a.role, a.state, s.csrf FROM session s JOIN account a ON a.name = s.account
                 WHERE s.token = $1 AND s.expires > $2",
                &[&token, &now],
            )?
            .map(|r| Ok((account_from(r.get(0), r.get(1), r.get(2))?, r.get(3))))
            .transpose()
    }

    fn close_session(&mut self, token: &str) -> Result<()> {
        self.client
            .execute("DELETE FROM session WHERE token = $1", &[&token])?;
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
        let mut tx = self.client.transaction()?;
        let Some(found) = find_need(&mut tx, need)? else {
            return Ok(false);
        };
        let before = found.addressed;
        set_addressed(&mut tx, found.review, need, addressed)?;
        let key = serde_json::to_value(need).unwrap_or_default();
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'mark need addressed', $3, $4)",
            &[
                &at,
                &who,
                &serde_json::json!({ "need": key, "addressed": before }).to_string(),
                &serde_json::json!({ "need": key, "addressed": addressed, "by": addressed_by }).to_string(),
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn log(&mut self) -> Result<Vec<LogEntry>> {
        Ok(self
            .client
            .query(
                "SELECT at, who, action, before, after FROM change_log ORDER BY id DESC",
                &[],
            )?
            .into_iter()
            .map(|r| LogEntry {
                at: r.get(0),
                who: r.get(1),
                action: r.get(2),
                before: r.get(3),
                after: r.get(4),
            })
            .collect())
    }

    fn add_token(&mut self, digest: &str, account: &str, at: i64) -> Result<()> {
        let mut tx = self.client.transaction()?;
        tx.execute(
            "INSERT INTO api_token (digest, account, created) VALUES ($1, $2, $3)",
            &[&digest, &account, &at],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, 'command line', 'add API token', '', $2)",
            &[&at, &serde_json::json!({ "account": account }).to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn token_account(&mut self, digest: &str) -> Result<Option<Account>> {
        self.client
            .query_opt(
                "SELECT a.name, a.role, a.state FROM api_token t JOIN account a ON a.name = t.account WHERE t.digest = $1",
                &[&digest],
            )?
            .map(|r| account_from(r.get(0), r.get(1), r.get(2)))
            .transpose()
    }

    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let words: Vec<&str> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.client.query(
            "WITH q AS (SELECT plainto_tsquery('simple', public.unaccent('public.unaccent', $1)) AS q),
             hits AS (
               SELECT 'need' AS kind, review_id, article, type AS code, source, text,
                      ts_rank(tana_words(text), q.q) AS rank
                 FROM need_text, q WHERE tana_words(text) @@ q.q
               UNION ALL
               SELECT 'challenge', review_id, article, category, 0::smallint, text, ts_rank(tana_words(text), q.q)
                 FROM challenge, q WHERE tana_words(text) @@ q.q
               UNION ALL
               SELECT 'good_practice', review_id, article, '', 0::smallint, text, ts_rank(tana_words(text), q.q)
                 FROM good_practice, q WHERE tana_words(text) @@ q.q)
             SELECT h.kind, r.state, r.cycle, h.article, h.code, h.source, h.text, r.published, r.shared_with_providers
               FROM hits h JOIN review r ON r.id = h.review_id
              ORDER BY h.rank DESC, r.state, h.article LIMIT $2",
            &[&words.join(" "), &(limit as i64)],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| Hit {
                kind: r.get(0),
                state: r.get(1),
                cycle: r.get::<_, i16>(2) as u8,
                article: r.get::<_, i16>(3) as u8,
                code: r.get(4),
                source: source_from(r.get(5)),
                text: r.get(6),
                published: Sources(r.get::<_, i16>(7) as u8),
                shared_with_providers: r.get(8),
            })
            .collect())
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
        let mut tx = self.client.transaction()?;
        let cycle = i16::from(cycle);
        let Some(row) = tx.query_opt(
            "SELECT completed, published, documents FROM review WHERE state = $1 AND cycle = $2",
            &[&state, &cycle],
        )?
        else {
            return Ok(false);
        };
        let (old_completed, old_published, documents): (Option<String>, i16, i16) =
            (row.get(0), row.get(1), row.get(2));
        let published = i16::from(published.0) & documents;
        tx.execute(
            "UPDATE review SET completed = $3, published = $4 WHERE state = $1 AND cycle = $2",
            &[&state, &cycle, &completed, &published],
        )?;
        let key = serde_json::json!({ "state": state, "cycle": cycle });
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'edit review', $3, $4)",
            &[
                &at,
                &who,
                &serde_json::json!({ "review": key, "completed": old_completed, "published": Sources(old_published as u8).to_list() }).to_string(),
                &serde_json::json!({ "review": key, "completed": completed, "published": Sources(published as u8).to_list() }).to_string(),
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn propose_need(&mut self, p: &Proposal) -> Result<i64> {
        let mut tx = self.client.transaction()?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO proposal (at, who, state, cycle, article, type, source, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                &[&p.at, &p.who, &p.need.state, &i16::from(p.need.cycle), &i16::from(p.need.article), &p.need.need_type, &source_code(Some(p.source)), &p.text],
            )?
            .get(0);
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'propose need', '', $3)",
            &[&p.at, &p.who, &serde_json::json!({ "proposal": id, "need": p.need, "text": p.text }).to_string()],
        )?;
        tx.commit()?;
        Ok(id)
    }

    fn proposals(&mut self, state: &str) -> Result<Vec<Proposal>> {
        Ok(self
            .client
            .query(
                "SELECT id, at, who, state, cycle, article, type, source, text, status FROM proposal
                 WHERE state = $1 ORDER BY id DESC",
                &[&state],
            )?
            .into_iter()
            .map(|r| Proposal {
                id: r.get(0),
                at: r.get(1),
                who: r.get(2),
                need: NeedKey {
                    state: r.get(3),
                    cycle: r.get::<_, i16>(4) as u8,
                    article: r.get::<_, i16>(5) as u8,
                    need_type: r.get(6),
                },
                source: source_from(r.get(7)).unwrap_or(Source::CountryReport),
                text: r.get(8),
                status: r.get(9),
            })
            .collect())
    }

    fn decide_proposal(
        &mut self,
        by: Author<'_>,
        id: i64,
        accept: bool,
    ) -> Result<Option<Proposal>> {
        let (who, at) = (by.who, by.at);
        let Some(row) = self.client.query_opt(
            "SELECT state FROM proposal WHERE id = $1 AND status = 'pending'",
            &[&id],
        )?
        else {
            return Ok(None);
        };
        let state: String = row.get(0);
        let Some(mut p) = self.proposals(&state)?.into_iter().find(|p| p.id == id) else {
            return Ok(None);
        };
        let mut tx = self.client.transaction()?;
        p.status = if accept { "accepted" } else { "rejected" }.to_string();
        tx.execute(
            "UPDATE proposal SET status = $2 WHERE id = $1",
            &[&id, &p.status],
        )?;
        if accept {
            let review: i64 = tx
                .query_opt(
                    "SELECT id FROM review WHERE state = $1 AND cycle = $2",
                    &[&p.need.state, &i16::from(p.need.cycle)],
                )?
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "{} has no review in cycle {}: enter the review first",
                        p.need.state, p.need.cycle
                    ))
                })?
                .get(0);
            let bit = i16::from(Sources::default().with(p.source).0);
            let article = i16::from(p.need.article);
            tx.execute(
                "INSERT INTO need (review_id, article, type, sources, addressed) VALUES ($1, $2, $3, $4, FALSE)
                 ON CONFLICT (review_id, article, type) DO UPDATE SET sources = need.sources | excluded.sources",
                &[&review, &article, &p.need.need_type, &bit],
            )?;
            tx.execute(
                "INSERT INTO need_text (review_id, article, type, source, text) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (review_id, article, type, source) DO UPDATE SET text = excluded.text",
                &[&review, &article, &p.need.need_type, &source_code(Some(p.source)), &p.text],
            )?;
        }
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, $3, 'pending', $4)",
            &[
                &at,
                &who,
                &if accept { "accept proposal" } else { "reject proposal" },
                &serde_json::json!({ "proposal": id, "status": p.status, "need": p.need }).to_string(),
            ],
        )?;
        tx.commit()?;
        Ok(Some(p))
    }

    fn accounts(&mut self) -> Result<Vec<Account>> {
        self.client
            .query("SELECT name, role, state FROM account ORDER BY name", &[])?
            .into_iter()
            .map(|r| account_from(r.get(0), r.get(1), r.get(2)))
            .collect()
    }

    fn workspace(&mut self) -> Result<Workspace> {
        let mut w = Workspace::default();
        for r in self.client.query(
            "SELECT name, role, state, password_hash, created FROM account ORDER BY name",
            &[],
        )? {
            w.accounts.push(StoredAccount {
                account: account_from(r.get(0), r.get(1), r.get(2))?,
                password_hash: r.get(3),
                created: r.get(4),
            });
        }
        w.tokens = self
            .client
            .query(
                "SELECT digest, account, created FROM api_token ORDER BY digest",
                &[],
            )?
            .into_iter()
            .map(|r| StoredToken {
                digest: r.get(0),
                account: r.get(1),
                created: r.get(2),
            })
            .collect();
        w.log = self.log()?;
        w.log.reverse();
        let states: Vec<String> = self
            .client
            .query("SELECT DISTINCT state FROM proposal ORDER BY state", &[])?
            .into_iter()
            .map(|r| r.get(0))
            .collect();
        for state in states {
            w.proposals.extend(self.proposals(&state)?);
        }
        w.proposals.sort_by_key(|p| p.id);
        w.assistance = self.assistance(None)?;
        w.assistance.sort_by_key(|a| a.id);
        Ok(w)
    }

    fn remove_account(&mut self, by: Author<'_>, name: &str) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        let Some(r) = tx.query_opt(
            "SELECT name, role, state FROM account WHERE name = $1",
            &[&name],
        )?
        else {
            return Ok(false);
        };
        let account = account_from(r.get(0), r.get(1), r.get(2))?;
        tx.execute("DELETE FROM session WHERE account = $1", &[&account.name])?;
        tx.execute("DELETE FROM api_token WHERE account = $1", &[&account.name])?;
        tx.execute("DELETE FROM account WHERE name = $1", &[&account.name])?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'remove account', $3, '')",
            &[&by.at, &by.who, &account_log(&account)],
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
        let mut tx = self.client.transaction()?;
        let cycle16 = i16::from(cycle);
        let Some(row) = tx.query_opt(
            "SELECT shared_with_providers FROM review WHERE state = $1 AND cycle = $2",
            &[&state, &cycle16],
        )?
        else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE review SET shared_with_providers = $3 WHERE state = $1 AND cycle = $2",
            &[&state, &cycle16, &shared],
        )?;
        let (b, a) = super::sharing_log(state, cycle, row.get(0), shared);
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'share with providers', $3, $4)",
            &[&by.at, &by.who, &b, &a],
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
        let mut tx = self.client.transaction()?;
        let article = i16::from(need.article);
        let Some(found) = find_need(&mut tx, need)? else {
            return Ok(false);
        };
        if !found.sources.contains(source) {
            return Ok(false);
        }
        let review = found.review;
        let code = source_code(Some(source));
        let before = tx
            .query_opt(
                "SELECT paragraph, text FROM need_text WHERE review_id = $1 AND article = $2 AND type = $3 AND source = $4",
                &[&review, &article, &need.need_type, &code],
            )?
            .map(|r| (r.get::<_, String>(0), r.get::<_, String>(1)));
        tx.execute(
            "INSERT INTO need_text (review_id, article, type, source, paragraph, text) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (review_id, article, type, source) DO UPDATE SET paragraph = excluded.paragraph, text = excluded.text",
            &[&review, &article, &need.need_type, &code, &paragraph, &text],
        )?;
        let (b, a) = super::need_text_log(need, source, before, paragraph, text);
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'edit need text', $3, $4)",
            &[&by.at, &by.who, &b, &a],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn record_assistance(&mut self, a: &Assistance) -> Result<Option<i64>> {
        let mut tx = self.client.transaction()?;
        let Some(found) = find_need(&mut tx, &a.need)? else {
            return Ok(None);
        };
        let was = found.addressed;
        set_addressed(&mut tx, found.review, &a.need, true)?;
        let kept = Assistance {
            need_was_addressed: was,
            ..a.clone()
        };
        let id = insert_assistance(&mut tx, &kept, None)?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'record assistance', '', $3)",
            &[&a.at, &a.provider, &super::assistance_log(id, a)],
        )?;
        tx.commit()?;
        Ok(Some(id))
    }

    fn assistance(&mut self, state: Option<&str>) -> Result<Vec<Assistance>> {
        Ok(self
            .client
            .query(
                &format!(
                    "SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE $1::TEXT IS NULL OR state = $1 ORDER BY id DESC"
                ),
                &[&state],
            )?
            .iter()
            .map(assistance_from)
            .collect())
    }

    fn assistance_record(&mut self, id: i64) -> Result<Option<Assistance>> {
        Ok(self
            .client
            .query_opt(
                &format!("SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE id = $1"),
                &[&id],
            )?
            .map(|r| assistance_from(&r)))
    }

    fn update_assistance(&mut self, by: Author<'_>, a: &Assistance) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        let Some(r) = tx.query_opt(
            &format!("SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE id = $1 FOR UPDATE"),
            &[&a.id],
        )?
        else {
            return Ok(false);
        };
        let before = assistance_from(&r);
        tx.execute(
            "UPDATE assistance SET title = $2, status = $3, starts = $4, ends = $5 WHERE id = $1",
            &[&a.id, &a.title, &a.status, &a.starts, &a.ends],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'update assistance', $3, $4)",
            &[
                &by.at,
                &by.who,
                &super::assistance_log(a.id, &before),
                &super::assistance_log(a.id, a),
            ],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn remove_need(&mut self, by: Author<'_>, need: &NeedKey) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        let article = i16::from(need.article);
        let Some(found) = find_need(&mut tx, need)? else {
            return Ok(false);
        };
        let review = found.review;
        let texts: Vec<(i64, String, String)> = tx
            .query(
                "SELECT source, paragraph, text FROM need_text
                 WHERE review_id = $1 AND article = $2 AND type = $3 ORDER BY source",
                &[&review, &article, &need.need_type],
            )?
            .into_iter()
            .map(|r| (i64::from(r.get::<_, i16>(0)), r.get(1), r.get(2)))
            .collect();
        tx.execute(
            "DELETE FROM need_text WHERE review_id = $1 AND article = $2 AND type = $3",
            &[&review, &article, &need.need_type],
        )?;
        tx.execute(
            "DELETE FROM need WHERE review_id = $1 AND article = $2 AND type = $3",
            &[&review, &article, &need.need_type],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'remove need', $3, '')",
            &[&by.at, &by.who, &super::removed_need_log(need, &texts)],
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
        let mut tx = self.client.transaction()?;
        let changed = tx.execute(
            "UPDATE account SET password_hash = $2 WHERE name = $1",
            &[&name, &password_hash],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM session WHERE account = $1 AND token IS DISTINCT FROM $2",
            &[&name, &keep],
        )?;
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'change password', '', $3)",
            &[&by.at, &by.who, &serde_json::json!({ "account": name }).to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn withdraw_assistance(&mut self, by: Author<'_>, id: i64) -> Result<bool> {
        let mut tx = self.client.transaction()?;
        let Some(r) = tx.query_opt(
            &format!("SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE id = $1 FOR UPDATE"),
            &[&id],
        )?
        else {
            return Ok(false);
        };
        let a = assistance_from(&r);
        tx.execute("DELETE FROM assistance WHERE id = $1", &[&id])?;
        let n = &a.need;
        let (cycle, article) = (i16::from(n.cycle), i16::from(n.article));
        // The earliest record left against the need knows what the need
        // was before any; with none left, this one does.
        let left = tx.query_opt(
            "SELECT need_was_addressed FROM assistance
             WHERE state = $1 AND cycle = $2 AND article = $3 AND type = $4 ORDER BY id LIMIT 1",
            &[&n.state, &cycle, &article, &n.need_type],
        )?;
        if let (None, Some(found)) = (left, find_need(&mut tx, n)?) {
            set_addressed(&mut tx, found.review, n, a.need_was_addressed)?;
        }
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, 'withdraw assistance', $3, '')",
            &[&by.at, &by.who, &super::assistance_log(id, &a)],
        )?;
        tx.commit()?;
        Ok(true)
    }
}

/// The need named by `need`, locked for the write that finds it; None
/// when there is none.
fn find_need(tx: &mut Transaction<'_>, need: &NeedKey) -> Result<Option<FoundNeed>> {
    let (cycle, article) = (i16::from(need.cycle), i16::from(need.article));
    Ok(tx
        .query_opt(
            "SELECT n.review_id, n.sources, n.addressed FROM need n JOIN review r ON r.id = n.review_id
             WHERE r.state = $1 AND r.cycle = $2 AND n.article = $3 AND n.type = $4 FOR UPDATE OF n",
            &[&need.state, &cycle, &article, &need.need_type],
        )?
        .map(|r| FoundNeed {
            review: r.get(0),
            sources: Sources(r.get::<_, i16>(1) as u8),
            addressed: r.get(2),
        }))
}

fn set_addressed(
    tx: &mut Transaction<'_>,
    review: i64,
    need: &NeedKey,
    addressed: bool,
) -> Result<()> {
    tx.execute(
        "UPDATE need SET addressed = $4 WHERE review_id = $1 AND article = $2 AND type = $3",
        &[
            &review,
            &i16::from(need.article),
            &need.need_type,
            &addressed,
        ],
    )?;
    Ok(())
}

/// Keeps an assistance record, with its own number (a copy) or the
/// sequence's next; returns the number.
fn insert_assistance(tx: &mut Transaction<'_>, a: &Assistance, id: Option<i64>) -> Result<i64> {
    Ok(tx
        .query_one(
            &format!(
                "INSERT INTO assistance ({ASSISTANCE_COLUMNS})
                 VALUES (COALESCE($1::BIGINT, nextval(pg_get_serial_sequence('assistance', 'id'))),
                         $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 RETURNING id"
            ),
            &[
                &id,
                &a.at,
                &a.provider,
                &a.need.state,
                &i16::from(a.need.cycle),
                &i16::from(a.need.article),
                &a.need.need_type,
                &a.title,
                &a.status,
                &a.starts,
                &a.ends,
                &a.need_was_addressed,
            ],
        )?
        .get(0))
}

/// An assistance record from a row of [`ASSISTANCE_COLUMNS`].
fn assistance_from(r: &postgres::Row) -> Assistance {
    Assistance {
        id: r.get(0),
        at: r.get(1),
        provider: r.get(2),
        need: NeedKey {
            state: r.get(3),
            cycle: r.get::<_, i16>(4) as u8,
            article: r.get::<_, i16>(5) as u8,
            need_type: r.get(6),
        },
        title: r.get(7),
        status: r.get(8),
        starts: r.get(9),
        ends: r.get(10),
        need_was_addressed: r.get(11),
    }
}

/// Replaces everything beyond the records with `w`, inside a transaction;
/// rows keep their numbers, which pages and the log refer to, and the
/// sequences go on after the largest.
fn write_workspace(tx: &mut Transaction<'_>, w: &Workspace) -> Result<()> {
    tx.batch_execute(
        "DELETE FROM session; DELETE FROM api_token; DELETE FROM account; DELETE FROM change_log;
         DELETE FROM proposal; DELETE FROM assistance;",
    )?;
    for a in &w.accounts {
        tx.execute(
            "INSERT INTO account (name, role, state, password_hash, created) VALUES ($1, $2, $3, $4, $5)",
            &[&a.account.name, &a.account.role.code(), &a.account.state, &a.password_hash, &a.created],
        )?;
    }
    for t in &w.tokens {
        tx.execute(
            "INSERT INTO api_token (digest, account, created) VALUES ($1, $2, $3)",
            &[&t.digest, &t.account, &t.created],
        )?;
    }
    for e in &w.log {
        tx.execute(
            "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, $3, $4, $5)",
            &[&e.at, &e.who, &e.action, &e.before, &e.after],
        )?;
    }
    for p in &w.proposals {
        tx.execute(
            "INSERT INTO proposal (id, at, who, state, cycle, article, type, source, text, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &p.id,
                &p.at,
                &p.who,
                &p.need.state,
                &i16::from(p.need.cycle),
                &i16::from(p.need.article),
                &p.need.need_type,
                &source_code(Some(p.source)),
                &p.text,
                &p.status,
            ],
        )?;
    }
    for a in &w.assistance {
        insert_assistance(tx, a, Some(a.id))?;
    }
    tx.batch_execute(
        "SELECT setval(pg_get_serial_sequence('proposal', 'id'), COALESCE((SELECT max(id) FROM proposal), 0) + 1, false);
         SELECT setval(pg_get_serial_sequence('assistance', 'id'), COALESCE((SELECT max(id) FROM assistance), 0) + 1, false);",
    )?;
    Ok(())
}
