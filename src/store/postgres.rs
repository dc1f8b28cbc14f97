//! The shared store: a PostgreSQL database, for a team on many machines.
//!
//! The schema mirrors the SQLite one table for table, so a workspace moves
//! between the two losing nothing (`tana copy`). What is PostgreSQL's own:
//! the connection (and how long a write waits for another's locks), the
//! schema and its migrations (`migrations/postgres`, numbered as SQLite's
//! and recorded in `tana_schema`), reading the records in bulk and the
//! full-text search. The use cases are written once for both databases in
//! `cases.rs`.

use std::collections::HashMap;

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, Statement, Transaction};

use super::Waiting;
use super::cases::{Backend, need_positions, source_from};
use super::pack::Unpacker;
use super::sql::{Row, Tx, Value};
use super::{Detail, Hit};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::records::{Challenge, GoodPractice, NeedSink, NeedText, Registry, Review, Sources};
use crate::reference::Reference;

/// The migrations, in order.
const MIGRATIONS: [&str; 14] = [
    include_str!("migrations/postgres/001-records.sql"),
    include_str!("migrations/postgres/002-accounts.sql"),
    include_str!("migrations/postgres/003-tokens.sql"),
    include_str!("migrations/postgres/004-search.sql"),
    include_str!("migrations/postgres/005-proposals.sql"),
    include_str!("migrations/postgres/006-assistance.sql"),
    include_str!("migrations/postgres/007-generation.sql"),
    include_str!("migrations/postgres/008-search-follows-writes.sql"),
    include_str!("migrations/postgres/009-readings.sql"),
    include_str!("migrations/postgres/010-need-pack.sql"),
    include_str!("migrations/postgres/011-activities.sql"),
    include_str!("migrations/postgres/012-plans.sql"),
    include_str!("migrations/postgres/013-alerts.sql"),
    include_str!("migrations/postgres/014-needs-in-packs.sql"),
];

/// The migration that removes the `need` table: before it, every pack is
/// brought up to date from that table.
const NEEDS_IN_PACKS: usize = 14;

pub struct PgStore {
    client: Client,
    /// The statements the use cases ran, prepared once per connection.
    statements: HashMap<String, Statement>,
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
        let mut store = PgStore {
            client,
            statements: HashMap::new(),
        };
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
        if !store.holds_reference()? {
            return Err(Error::Usage(
                "the PostgreSQL database of --db holds no tana workspace: run `tana init --db …` or `tana copy`".into(),
            ));
        }
        Ok(store)
    }

    /// Sets up a workspace in a database that has none.
    pub fn create(url: &str, reference: &Reference) -> Result<PgStore> {
        let mut store = PgStore::connect(url)?;
        if store.holds_reference()? {
            return Err(Error::Usage(
                "the PostgreSQL database of --db holds a workspace already".into(),
            ));
        }
        super::Store::replace_all(&mut store, reference, &Registry::default(), None)?;
        Ok(store)
    }

    /// Whether the database holds a workspace.
    pub fn holds_workspace(url: &str) -> Result<bool> {
        let mut store = PgStore::connect(url)?;
        store.holds_reference()
    }

    fn migrate(&mut self) -> Result<()> {
        // The statements of the packing before migration 14, prepared on
        // a table about to go: not kept with the connection's.
        let mut statements = HashMap::new();
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
        if version > MIGRATIONS.len() {
            return Err(Error::Database(format!(
                "this workspace has schema version {version}, newer than this tana ({}) knows",
                MIGRATIONS.len()
            )));
        }
        let before_packs = NEEDS_IN_PACKS - 1;
        for sql in MIGRATIONS.iter().take(before_packs).skip(version) {
            tx.batch_execute(sql)?;
        }
        if version < NEEDS_IN_PACKS {
            let mut t = PgTx {
                tx,
                statements: &mut statements,
            };
            super::cases::pack_need_table(&mut t)?;
            tx = t.tx;
        }
        for sql in MIGRATIONS.iter().skip(version.max(before_packs)) {
            tx.batch_execute(sql)?;
        }
        tx.execute("DELETE FROM tana_schema", &[])?;
        tx.execute(
            "INSERT INTO tana_schema (version) VALUES ($1)",
            &[&(MIGRATIONS.len() as i32)],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn holds_reference(&mut self) -> Result<bool> {
        Ok(self
            .client
            .query_opt("SELECT 1 FROM meta WHERE key = 'reference'", &[])?
            .is_some())
    }
}

/// A transaction on the database, for the use cases.
pub struct PgTx<'a> {
    tx: Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgTx<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

/// A parameter as the type the statement declares for it wants it.
fn to_sql(v: &Value, ty: &Type) -> Result<Box<dyn ToSql + Sync>> {
    let int = |v: &Value| match v {
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(b) => Ok(Some(i64::from(*b))),
        Value::Null => Ok(None),
        Value::Text(_) | Value::Bytes(_) => Err(Error::Database(format!("{v:?} given for a {ty}"))),
    };
    let narrow = |i: i64| {
        i16::try_from(i).map_err(|_| Error::Database(format!("{i} is too large for a {ty}")))
    };
    Ok(match *ty {
        Type::INT2 => Box::new(int(v)?.map(narrow).transpose()?),
        Type::INT4 => Box::new(int(v)?.map(|i| i as i32)),
        Type::INT8 => Box::new(int(v)?),
        Type::BYTEA => Box::new(match v {
            Value::Bytes(b) => Some(b.clone()),
            Value::Null => None,
            other => return Err(Error::Database(format!("{other:?} given for a {ty}"))),
        }),
        Type::BOOL => Box::new(match v {
            Value::Bool(b) => Some(*b),
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }),
        _ => Box::new(match v {
            Value::Text(t) => Some(t.clone()),
            Value::Null => None,
            other => return Err(Error::Database(format!("{other:?} given for a {ty}"))),
        }),
    })
}

fn from_sql(row: &postgres::Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_();
    let or_null = |v: Option<Value>| v.unwrap_or(Value::Null);
    Ok(match *ty {
        Type::INT2 => or_null(
            row.try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into())),
        ),
        Type::INT4 => or_null(
            row.try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into())),
        ),
        Type::INT8 => or_null(row.try_get::<_, Option<i64>>(i)?.map(Value::Int)),
        Type::BOOL => or_null(row.try_get::<_, Option<bool>>(i)?.map(Value::Bool)),
        Type::BYTEA => or_null(row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Bytes)),
        _ => or_null(row.try_get::<_, Option<String>>(i)?.map(Value::Text)),
    })
}

impl PgTx<'_> {
    fn bound(
        &mut self,
        sql: &str,
        params: &[Value],
    ) -> Result<(Statement, Vec<Box<dyn ToSql + Sync>>)> {
        let stmt = self.statement(sql)?;
        let values = params
            .iter()
            .zip(stmt.params())
            .map(|(v, ty)| to_sql(v, ty))
            .collect::<Result<Vec<_>>>()?;
        Ok((stmt, values))
    }
}

fn refs(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v.as_ref()).collect()
}

impl Tx for PgTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let (stmt, values) = self.bound(sql, params)?;
        Ok(self.tx.execute(&stmt, &refs(&values))?)
    }

    fn query_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let (stmt, values) = self.bound(sql, params)?;
        self.tx
            .query(&stmt, &refs(&values))?
            .iter()
            .map(|r| {
                Ok(Row((0..r.len())
                    .map(|i| from_sql(r, i))
                    .collect::<Result<_>>()?))
            })
            .collect()
    }

    fn last_id(&mut self) -> Result<i64> {
        Ok(self.tx.query_one("SELECT lastval()", &[])?.get(0))
    }

    fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl Backend for PgStore {
    type Tx<'a> = PgTx<'a>;

    fn write(&mut self) -> Result<PgTx<'_>> {
        Ok(PgTx {
            tx: self.client.transaction()?,
            statements: &mut self.statements,
        })
    }

    fn read(&mut self) -> Result<PgTx<'_>> {
        Ok(PgTx {
            tx: self.client.build_transaction().read_only(true).start()?,
            statements: &mut self.statements,
        })
    }

    fn index_later(_tx: &mut PgTx<'_>, _incoming: usize) -> Result<bool> {
        // The GIN indexes follow every row, and fast enough.
        Ok(false)
    }

    fn index_all(_tx: &mut PgTx<'_>) -> Result<()> {
        Ok(())
    }

    fn renumber(tx: &mut PgTx<'_>) -> Result<()> {
        // Rows copied in kept their numbers; the sequences must follow.
        for table in [
            "proposal",
            "assistance",
            "reading",
            "plan_item",
            "plan_note",
        ] {
            tx.tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                     COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
                ),
                &[],
            )?;
        }
        Ok(())
    }

    fn read_registry(
        &mut self,
        reference: &Reference,
        detail: Detail,
        mut sink: Option<&mut dyn NeedSink>,
    ) -> Result<Registry> {
        // One view of the records, whatever a writer does meanwhile.
        let mut t = Backend::read(self)?;
        let expected = super::cases::pack_sum(&mut t)?;
        let tx = &mut t.tx;
        let mut registry = Registry::default();
        let mut position: HashMap<i64, u32> = HashMap::new();
        let codes = reference.codes();
        for row in tx.query(
            "SELECT id, state, cycle, completed, documents, published, shared_with_providers FROM review ORDER BY id",
            &[],
        )? {
            let code: String = row.get(1);
            let state = codes
                .find(&code)
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
        // The needs are sized once, unless they go to a sink.
        let bytes: i64 = if sink.is_some() {
            0
        } else {
            tx.query_one(
                "SELECT coalesce(sum(length(needs)), 0)::BIGINT FROM need_pack",
                &[],
            )?
            .get(0)
        };
        let mut unpacker = Unpacker::new(&registry, &position, reference, bytes as usize);
        if let Some(sink) = sink.as_mut() {
            sink.reviews(&registry);
        }
        for row in tx.query(
            "SELECT review_id, needs FROM need_pack ORDER BY review_id",
            &[],
        )? {
            let (review_id, bytes) = (row.get(0), row.get::<_, &[u8]>(1));
            match sink.as_mut() {
                Some(sink) => unpacker.row_to(review_id, bytes, &mut **sink)?,
                None => unpacker.row(review_id, bytes)?,
            }
        }
        registry.needs = unpacker.finish(expected)?;
        let need_at = if detail == Detail::Everything {
            need_positions(&registry, &position)
        } else {
            HashMap::new()
        };
        for row in tx.query(
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
            for row in tx.query(
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
                    source: source_from(row.get::<_, i16>(3).into()),
                    paragraph: row.get(4),
                    theme: row.get(5),
                    text: row.get(6),
                    addressed_by: row.get(7),
                });
            }
            for row in tx.query(
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

    fn word_value(word: &str) -> String {
        if word.chars().count() >= super::PREFIX_FROM {
            format!("{word}:*")
        } else {
            word.to_string()
        }
    }

    fn word_texts_sql() -> &'static str {
        "SELECT t.review_id, t.article, t.type, t.source FROM need_text t
         WHERE tana_words(t.text) @@ to_tsquery('simple', public.unaccent('public.unaccent', CAST($1 AS TEXT)))"
    }

    fn search(
        &mut self,
        query: &str,
        readable: &dyn Fn(&Hit) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let words: Vec<&str> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut tx = self.client.build_transaction().read_only(true).start()?;
        let stmt = tx.prepare(
            "WITH q AS (SELECT to_tsquery('simple', public.unaccent('public.unaccent', $1)) AS q),
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
              ORDER BY h.rank DESC, r.state, h.article",
        )?;
        // Every word must match, as a word or the start of one; the words
        // hold letters and digits only, so none is read as query syntax.
        let text = words
            .iter()
            .map(|w| {
                if w.chars().count() >= super::PREFIX_FROM {
                    format!("{w}:*")
                } else {
                    (*w).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" & ");
        let portal = tx.bind(&stmt, &[&text])?;
        // The matches come a batch at a time, so a common word does not
        // fetch them all.
        let mut page = super::Page::new(readable, offset, limit);
        loop {
            let batch = tx.query_portal(&portal, 500)?;
            let done = batch.len() < 500;
            for r in batch {
                let hit = Hit {
                    kind: r.get(0),
                    state: r.get(1),
                    cycle: r.get::<_, i16>(2) as u8,
                    article: r.get::<_, i16>(3) as u8,
                    code: r.get(4),
                    source: source_from(r.get::<_, i16>(5).into()),
                    text: r.get(6),
                    published: Sources(r.get::<_, i16>(7) as u8),
                    shared_with_providers: r.get(8),
                };
                if page.offer(hit) {
                    return Ok(page.hits);
                }
            }
            if done {
                return Ok(page.hits);
            }
        }
    }
}
