//! The embedded store: one SQLite file per workspace.
//!
//! What is SQLite's own: the connection (WAL, the write lock and how long a
//! write waits for it), the schema and its migrations (`migrations/sqlite`),
//! reading the records in bulk and the full-text search (FTS5, kept up to
//! date by triggers in the transaction of every write). The use cases are
//! written once for both databases in `cases.rs`.
//!
//! Needs are kept packed, one row per review (`need_pack`, see `pack.rs`),
//! in the order the analysis reads them. The reference data is kept as one
//! JSON document, since it is read whole and changes rarely.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::Waiting;
use super::cases::{Backend, need_positions, source_from};
use super::pack::{self, Unpacker};
use super::sql::{Row, Tx, Value, numbered_for_sqlite};
use super::{Detail, Hit};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::records::{Challenge, GoodPractice, NeedSink, NeedText, Registry, Review, Sources};
use crate::reference::Reference;

/// The migrations, in order: `PRAGMA user_version` records how many a file
/// has had.
const MIGRATIONS: [&str; 14] = [
    include_str!("migrations/sqlite/001-records.sql"),
    include_str!("migrations/sqlite/002-accounts.sql"),
    include_str!("migrations/sqlite/003-tokens.sql"),
    include_str!("migrations/sqlite/004-search.sql"),
    include_str!("migrations/sqlite/005-proposals.sql"),
    include_str!("migrations/sqlite/006-assistance.sql"),
    include_str!("migrations/sqlite/007-generation.sql"),
    include_str!("migrations/sqlite/008-search-follows-writes.sql"),
    include_str!("migrations/sqlite/009-readings.sql"),
    include_str!("migrations/sqlite/010-need-pack.sql"),
    include_str!("migrations/sqlite/011-activities.sql"),
    include_str!("migrations/sqlite/012-plans.sql"),
    include_str!("migrations/sqlite/013-alerts.sql"),
    include_str!("migrations/sqlite/014-needs-in-packs.sql"),
];

/// The migration that removes the `need` table: before it, every pack is
/// brought up to date from that table.
const NEEDS_IN_PACKS: usize = 14;

/// Indexes every text anew: after migration 8, and at the end of a large
/// import.
const REINDEX: &str = include_str!("migrations/sqlite/reindex.sql");

/// From how many texts an import indexes them all at its end rather than
/// one by one (when they are also a good part of what the index holds).
const INDEX_IN_BULK_FROM: usize = 10_000;

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
        let mut store = SqliteStore::on(Connection::open(path)?, waiting)?;
        if store
            .read()?
            .query_one("SELECT 1 FROM meta WHERE key = 'reference'", &[])?
            .is_none()
        {
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
        let mut store = SqliteStore::on(Connection::open(path)?, Waiting::Forever)?;
        super::Store::replace_all(&mut store, reference, &Registry::default(), None)?;
        Ok(store)
    }

    /// A workspace in memory, for tests and one-off computations.
    pub fn in_memory(reference: &Reference) -> Result<SqliteStore> {
        let mut store = SqliteStore::on(Connection::open_in_memory()?, Waiting::Forever)?;
        super::Store::replace_all(&mut store, reference, &Registry::default(), None)?;
        Ok(store)
    }

    /// A store on an open connection, configured and brought up to date.
    fn on(conn: Connection, waiting: Waiting) -> Result<SqliteStore> {
        match waiting {
            Waiting::Upto(wait) => conn.busy_timeout(wait)?,
            Waiting::Forever => conn.busy_handler(Some(wait_for_writer))?,
        }
        // WAL keeps readers going during an import (they read the last
        // commit, never wait); NORMAL sync is durable at each commit boundary
        // in WAL mode, which is what a transaction needs. Every write opens
        // its transaction IMMEDIATE: taking the write lock first is what lets
        // it wait for another writer (a deferred one that read first could
        // only fail). Reads map the file rather than copy each page into
        // SQLite's cache: reading the packs of ten million needs back was
        // a fifth page copies and the faults of the cache's memory.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;
             PRAGMA mmap_size = 2147418112;",
        )?;
        let store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<()> {
        let version: usize = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > MIGRATIONS.len() {
            return Err(Error::Database(format!(
                "this workspace has schema version {version}, newer than this tana ({}) knows",
                MIGRATIONS.len()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let mut tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            // Another process may have migrated while this one waited.
            let now: usize = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i {
                continue;
            }
            if i + 1 == NEEDS_IN_PACKS {
                let mut t = SqliteTx(tx);
                super::cases::pack_need_table(&mut t)?;
                tx = t.0;
            }
            tx.execute_batch(sql)?;
            if i + 1 == 8 {
                tx.execute_batch(REINDEX)?;
            }
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// A transaction on the file, for the use cases.
pub struct SqliteTx<'a>(Transaction<'a>);

/// A parameter bound as it is, without copying its text (an import binds
/// millions).
struct Bind<'a>(&'a Value);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::ValueRef as V;
        Ok(rusqlite::types::ToSqlOutput::Borrowed(match self.0 {
            Value::Null => V::Null,
            Value::Int(i) => V::Integer(*i),
            Value::Bool(b) => V::Integer(i64::from(*b)),
            Value::Text(t) => V::Text(t.as_bytes()),
            Value::Bytes(b) => V::Blob(b),
        }))
    }
}

fn from_sql(v: rusqlite::types::ValueRef<'_>) -> Result<Value> {
    use rusqlite::types::ValueRef as V;
    Ok(match v {
        V::Null => Value::Null,
        V::Integer(i) => Value::Int(i),
        V::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        V::Blob(b) => Value::Bytes(b.to_vec()),
        V::Real(_) => {
            return Err(Error::Database("a column of an unexpected type".into()));
        }
    })
}

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let mut stmt = self.0.prepare_cached(&numbered_for_sqlite(sql))?;
        let n = stmt.execute(rusqlite::params_from_iter(params.iter().map(Bind)))?;
        Ok(n as u64)
    }

    fn query_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(&numbered_for_sqlite(sql))?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter().map(Bind)))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let row = (0..width)
                .map(|i| from_sql(r.get_ref(i)?))
                .collect::<Result<_>>()?;
            out.push(Row(row));
        }
        Ok(out)
    }

    fn last_id(&mut self) -> Result<i64> {
        Ok(self.0.last_insert_rowid())
    }

    fn commit(self) -> Result<()> {
        Ok(self.0.commit()?)
    }
}

impl Backend for SqliteStore {
    type Tx<'a> = SqliteTx<'a>;

    fn write(&mut self) -> Result<SqliteTx<'_>> {
        Ok(SqliteTx(self.conn.transaction_with_behavior(
            TransactionBehavior::Immediate,
        )?))
    }

    fn read(&mut self) -> Result<SqliteTx<'_>> {
        Ok(SqliteTx(self.conn.transaction()?))
    }

    fn index_later(tx: &mut SqliteTx<'_>, incoming: usize) -> Result<bool> {
        if incoming < INDEX_IN_BULK_FROM {
            return Ok(false);
        }
        // Indexing all costs in proportion to what the index will hold, row
        // by row in proportion to what comes in: a few thousand texts into
        // a million are better row by row.
        let held: i64 =
            tx.0.query_row("SELECT count(*) FROM need_text_search", [], |r| r.get(0))?;
        if incoming.saturating_mul(4) < held as usize {
            return Ok(false);
        }
        tx.0.execute(
            "INSERT INTO meta (key, value) VALUES ('index_in_bulk', '1') ON CONFLICT (key) DO NOTHING",
            [],
        )?;
        Ok(true)
    }

    fn index_all(tx: &mut SqliteTx<'_>) -> Result<()> {
        Ok(tx.0.execute_batch(REINDEX)?)
    }

    fn renumber(_tx: &mut SqliteTx<'_>) -> Result<()> {
        // SQLite numbers a new row after the largest there.
        Ok(())
    }

    fn read_registry(
        &mut self,
        reference: &Reference,
        detail: Detail,
        mut sink: Option<&mut dyn NeedSink>,
    ) -> Result<Registry> {
        // One view of the records, whatever a writer does meanwhile.
        let mut tx = SqliteTx(self.conn.transaction()?);
        let expected = super::cases::pack_sum(&mut tx)?;
        let conn: &Connection = &tx.0;
        let mut registry = Registry::default();
        let mut position: HashMap<i64, u32> = HashMap::new();
        let codes = reference.codes();
        let mut stmt = conn.prepare(
            "SELECT id, state, cycle, completed, documents, published, shared_with_providers FROM review ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let code: String = row.get(1)?;
            let state = codes
                .find(&code)
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
        // The needs grow as they are read: a scan for the packs' length
        // first cost a tenth of `tana analyse` at 10^7 needs (SQLite reads
        // a blob to measure it), and the allocator moves a vector this
        // large by remapping its pages, not by copying them.
        let mut unpacker = Unpacker::new(&registry, &position, reference, 0);
        if let Some(sink) = sink.as_mut() {
            sink.reviews(&registry);
        }
        let mut stmt = conn.prepare("SELECT review_id, needs FROM need_pack ORDER BY review_id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let bytes = row
                .get_ref(1)?
                .as_blob()
                .map_err(|_| pack::damaged("a pack that is not a blob"))?;
            match sink.as_mut() {
                Some(sink) => unpacker.row_to(row.get(0)?, bytes, &mut **sink)?,
                None => unpacker.row(row.get(0)?, bytes)?,
            }
        }
        registry.needs = unpacker.finish(expected)?;
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
        let need_at = if detail == Detail::Everything {
            need_positions(&registry, &position)
        } else {
            HashMap::new()
        };
        let categories: HashMap<&str, u8> = reference
            .challenge_categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i as u8))
            .collect();
        let mut stmt =
            conn.prepare("SELECT review_id, article, category, text FROM challenge ORDER BY id")?;
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
            let mut stmt = conn.prepare(
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
            let mut stmt =
                conn.prepare("SELECT review_id, article, text FROM good_practice ORDER BY id")?;
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

    fn search(
        &mut self,
        query: &str,
        readable: &dyn Fn(&Hit) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        // Every word must match, as a word or the start of one ("witness"
        // finds "witnesses"); each is quoted, so that no word of the user's
        // is read as FTS5 syntax.
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                if w.chars().count() >= super::PREFIX_FROM {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                }
            })
            .collect();
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let tx = self.conn.transaction()?;
        let mut stmt = tx.prepare(
            "SELECT s.kind, r.state, r.cycle, s.article, s.code, s.source, s.text, r.published, r.shared_with_providers
             FROM search s JOIN review r ON r.id = s.review_id
             WHERE search MATCH ?1 ORDER BY rank",
        )?;
        let mut rows = stmt.query([words.join(" ")])?;
        let mut page = super::Page::new(readable, offset, limit);
        while let Some(r) = rows.next()? {
            let hit = Hit {
                kind: r.get(0)?,
                state: r.get(1)?,
                cycle: r.get(2)?,
                article: r.get(3)?,
                code: r.get(4)?,
                source: source_from(r.get(5)?),
                text: r.get(6)?,
                published: Sources(r.get(7)?),
                shared_with_providers: r.get(8)?,
            };
            if page.offer(hit) {
                break;
            }
        }
        Ok(page.hits)
    }

    fn word_value(word: &str) -> String {
        if word.chars().count() >= super::PREFIX_FROM {
            format!("\"{word}\"*")
        } else {
            format!("\"{word}\"")
        }
    }

    fn word_texts_sql() -> &'static str {
        // The index keeps each text's need beside its words: need_text
        // itself is not read.
        "SELECT review_id, article, code, source FROM search WHERE search MATCH $1 AND kind = 'need'"
    }
}
