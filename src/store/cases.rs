//! The store's use cases, written once over [`Tx`], for both databases.
//!
//! A backend ([`Backend`]) brings only what differs between SQLite and
//! PostgreSQL: opening a transaction, writing and reading records in bulk,
//! and full-text search. Everything else (accounts, sessions, the log,
//! proposals, assistance, edits, copies) is here, so that a rule such as
//! "withdrawing the last assistance restores the need's state" exists once.
//! Every write goes through [`log_change`] inside its own transaction.

use std::collections::HashMap;

use super::pack::{self, Packed};
use super::sql::{Row, Tx, Value, params};
use super::{
    ASSISTANCE_COLUMNS, ActivitiesSummary, Assistance, Author, Batch, Detail, FoundNeed, Hit,
    ImportSummary, LinkOutcome, LogEntry, NeedKey, Proposal, Store, StoredAccount, StoredActivity,
    StoredToken, TokenInfo, Workspace, account_from, account_log,
};
use crate::accounts::Account;
use crate::error::{Error, Result};
use crate::plan::{Item, Note, Plan, PlanNeed, Status as PlanStatus};
use crate::records::{NeedSink, Registry, Source, Sources};
use crate::reference::Reference;

/// What a database brings to the use cases.
pub(crate) trait Backend: Send {
    type Tx<'a>: Tx
    where
        Self: 'a;

    /// A transaction that writes: it takes the write lock first, waiting
    /// for another writer as the store was opened to.
    fn write(&mut self) -> Result<Self::Tx<'_>>;

    /// A transaction that only reads: one consistent view, never waiting.
    fn read(&mut self) -> Result<Self::Tx<'_>>;

    /// Before writing `incoming` texts: true when the backend would rather
    /// index them all at once at the end ([`Backend::index_all`]) than row
    /// by row as each is written (much faster for a large import).
    fn index_later(tx: &mut Self::Tx<'_>, incoming: usize) -> Result<bool>;

    /// Indexes every text anew, in the same transaction.
    fn index_all(tx: &mut Self::Tx<'_>) -> Result<()>;

    /// After rows were written with their own numbers (a copy): new rows
    /// are numbered after them.
    fn renumber(tx: &mut Self::Tx<'_>) -> Result<()>;

    /// The records ([`Store::registry`]); with a sink, the needs go to it
    /// as they are read and are not kept ([`Store::registry_into`]).
    fn read_registry(
        &mut self,
        reference: &Reference,
        detail: Detail,
        sink: Option<&mut dyn NeedSink>,
    ) -> Result<Registry>;

    /// Every text matching all of `query`'s words, best first; only those
    /// `readable` keeps count towards `offset` and `limit`.
    fn search(
        &mut self,
        query: &str,
        readable: &dyn Fn(&Hit) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>>;

    /// A word of the finder as the full-text search takes it: matching
    /// itself, or the words it begins when it is long enough.
    fn word_value(word: &str) -> String;

    /// The query of the needs' texts holding the word bound at `$1`: the
    /// review's number, the article, the type's code and the document
    /// (`need_text`'s numbering) of each.
    fn word_texts_sql() -> &'static str;
}

/// How both stores number a need's documents: 0 for a text whose source the
/// file did not say.
pub(crate) fn source_code(s: Option<Source>) -> i64 {
    s.map_or(0, |s| s as i64 + 1)
}

pub(crate) fn source_from(code: i64) -> Option<Source> {
    usize::try_from(code - 1)
        .ok()
        .and_then(|i| Source::ALL.get(i).copied())
}

/// Logs one change, in the transaction that makes it. The log's trigger
/// moves the generation with it (migration 7).
pub(crate) fn log_change(
    tx: &mut dyn Tx,
    by: Author<'_>,
    action: &str,
    before: &str,
    after: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO change_log (at, who, action, before, after) VALUES ($1, $2, $3, $4, $5)",
        params![by.at, by.who, action, before, after],
    )?;
    Ok(())
}

/// The log's last number, or, given a moment (seconds since 1970), the
/// number before the first entry made then or later: how far a digest
/// goes (migration 13).
pub(crate) fn log_mark(tx: &mut dyn Tx, before: Option<i64>) -> Result<i64> {
    last_before(tx, "change_log", before)
}

/// The last number of `table` (`change_log`, `assistance`), or the one
/// before its first row of `at` on or after `before`: numbers, not times,
/// decide, so that rows written with an earlier time later count as later.
fn last_before(tx: &mut dyn Tx, table: &str, before: Option<i64>) -> Result<i64> {
    let row = match before {
        None => tx.query_one(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"), &[])?,
        Some(at) => tx.query_one(
            &format!(
                "SELECT COALESCE((SELECT MIN(id) FROM {table} WHERE at >= $1) - 1, (SELECT MAX(id) FROM {table}), 0)"
            ),
            params![at],
        )?,
    };
    row.map_or(Ok(0), |r| r.int(0))
}

/// How far the records went before `before` (or now).
fn mark(tx: &mut dyn Tx, before: Option<i64>) -> Result<super::Mark> {
    Ok(super::Mark {
        log: log_mark(tx, before)?,
        assistance: last_before(tx, "assistance", before)?,
    })
}

/// Moves the generation, for the writes that log nothing.
pub(crate) fn move_generation(tx: &mut dyn Tx) -> Result<()> {
    tx.execute("UPDATE generation SET n = n + 1", &[])?;
    Ok(())
}

pub(crate) fn meta(tx: &mut dyn Tx, key: &str) -> Result<Option<String>> {
    tx.query_one("SELECT value FROM meta WHERE key = $1", params![key])?
        .map(|r| r.text(0))
        .transpose()
}

pub(crate) fn set_meta(tx: &mut dyn Tx, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

fn set_reference(tx: &mut dyn Tx, reference: &Reference) -> Result<()> {
    let json = serde_json::to_string(reference).map_err(|e| Error::Other(e.to_string()))?;
    set_meta(tx, "reference", &json)
}

/// The need named by `need`, as a write finds it; None when there is none.
fn find_need(tx: &mut dyn Tx, need: &NeedKey) -> Result<Option<FoundNeed>> {
    let Some((review, bytes)) = review_pack(tx, &need.state, need.cycle)? else {
        return Ok(None);
    };
    if bytes.is_empty() {
        return Ok(None);
    }
    let reference = stored_reference(tx)?;
    let Ok(need_type) = type_position(&reference, need.cycle, &need.need_type) else {
        return Ok(None);
    };
    Ok(pack::decode(&bytes)
        .find(|n| (n.article, n.need_type) == (need.article, need_type))
        .map(|n| FoundNeed {
            review,
            sources: Sources(n.sources),
            addressed: n.addressed,
        }))
}

fn set_addressed(tx: &mut dyn Tx, need: &NeedKey, addressed: bool) -> Result<()> {
    edit_need(tx, need, |n, _| n.map(|n| Packed { addressed, ..n }))?;
    Ok(())
}

fn account_row(r: &Row) -> Result<Account> {
    account_from(r.text(0)?, &r.text(1)?, r.opt_text(2)?)
}

/// The need a proposal or an assistance record names: state, cycle,
/// article and type in columns 3 to 6, as both tables keep them.
fn need_key(r: &Row) -> Result<NeedKey> {
    Ok(NeedKey {
        state: r.text(3)?,
        cycle: r.small(4)?,
        article: r.small(5)?,
        need_type: r.text(6)?,
    })
}

fn assistance_row(r: &Row) -> Result<Assistance> {
    Ok(Assistance {
        id: r.int(0)?,
        at: r.int(1)?,
        provider: r.text(2)?,
        need: need_key(r)?,
        title: r.text(7)?,
        status: r.text(8)?,
        starts: r.opt_text(9)?,
        ends: r.opt_text(10)?,
        need_was_addressed: r.bool(11)?,
        iati_identifier: r.opt_text(12)?,
    })
}

fn assistance_by_id(tx: &mut dyn Tx, id: i64) -> Result<Option<Assistance>> {
    tx.query_one(
        &format!("SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE id = $1"),
        params![id],
    )?
    .as_ref()
    .map(assistance_row)
    .transpose()
}

/// Keeps an assistance record, with its own number (a copy) or a new one;
/// returns the number.
fn insert_assistance(tx: &mut dyn Tx, a: &Assistance, id: Option<i64>) -> Result<i64> {
    let values: &[Value] = params![
        a.at,
        &a.provider,
        &a.need.state,
        a.need.cycle,
        a.need.article,
        &a.need.need_type,
        &a.title,
        &a.status,
        a.starts.as_deref(),
        a.ends.as_deref(),
        a.need_was_addressed,
        a.iati_identifier.as_deref()
    ];
    let without_id = ASSISTANCE_COLUMNS.trim_start_matches("id, ");
    let places = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12";
    match id {
        Some(id) => {
            let mut with_id = values.to_vec();
            with_id.push(Value::Int(id));
            tx.execute(
                &format!("INSERT INTO assistance ({without_id}, id) VALUES ({places}, $13)"),
                &with_id,
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                &format!("INSERT INTO assistance ({without_id}) VALUES ({places})"),
                values,
            )?;
            tx.last_id()
        }
    }
}

/// Keeps new assistance against a need found, which is then being
/// addressed; what the need was before is kept with it, for a withdrawal.
fn keep_assistance(tx: &mut dyn Tx, found: &FoundNeed, a: &Assistance) -> Result<i64> {
    set_addressed(tx, &a.need, true)?;
    let kept = Assistance {
        need_was_addressed: found.addressed,
        ..a.clone()
    };
    insert_assistance(tx, &kept, None)
}

fn proposal_row(r: &Row) -> Result<Proposal> {
    Ok(Proposal {
        id: r.int(0)?,
        at: r.int(1)?,
        who: r.text(2)?,
        need: need_key(r)?,
        source: source_from(r.int(7)?).unwrap_or(Source::CountryReport),
        text: r.text(8)?,
        status: r.text(9)?,
    })
}

const PROPOSAL_COLUMNS: &str = "id, at, who, state, cycle, article, type, source, text, status";

fn log_entries(tx: &mut dyn Tx) -> Result<Vec<LogEntry>> {
    tx.query_all(
        "SELECT at, who, action, before, after FROM change_log ORDER BY id DESC",
        &[],
    )?
    .iter()
    .map(|r| {
        Ok(LogEntry {
            at: r.int(0)?,
            who: r.text(1)?,
            action: r.text(2)?,
            before: r.text(3)?,
            after: r.text(4)?,
        })
    })
    .collect()
}

fn assistance_of(tx: &mut dyn Tx, state: Option<&str>) -> Result<Vec<Assistance>> {
    tx.query_all(
        &format!(
            "SELECT {ASSISTANCE_COLUMNS} FROM assistance WHERE CAST($1 AS TEXT) IS NULL OR state = $1 ORDER BY id DESC"
        ),
        params![state],
    )?
    .iter()
    .map(assistance_row)
    .collect()
}

/// Everything beyond the records, read in one view.
fn read_workspace(tx: &mut dyn Tx) -> Result<Workspace> {
    let mut w = Workspace::default();
    for r in tx.query_all(
        "SELECT name, role, state, password_hash, created FROM account ORDER BY name",
        &[],
    )? {
        w.accounts.push(StoredAccount {
            account: account_row(&r)?,
            password_hash: r.text(3)?,
            created: r.int(4)?,
        });
    }
    for r in tx.query_all(
        "SELECT digest, account, created FROM api_token ORDER BY digest",
        &[],
    )? {
        w.tokens.push(StoredToken {
            digest: r.text(0)?,
            account: r.text(1)?,
            created: r.int(2)?,
        });
    }
    w.log = log_entries(tx)?;
    w.log.reverse();
    w.proposals = tx
        .query_all(
            &format!("SELECT {PROPOSAL_COLUMNS} FROM proposal ORDER BY id"),
            &[],
        )?
        .iter()
        .map(proposal_row)
        .collect::<Result<_>>()?;
    w.assistance = assistance_of(tx, None)?;
    w.assistance.sort_by_key(|a| a.id);
    let ids: Vec<i64> = tx
        .query_all("SELECT id FROM reading ORDER BY id", &[])?
        .iter()
        .map(|r| r.int(0))
        .collect::<Result<_>>()?;
    for id in ids {
        w.readings.extend(reading_by_id(tx, id, true)?);
    }
    w.provenance = provenance_of(tx, None)?;
    w.activities = activities_of(tx, None)?;
    w.plans = plans_of(tx, None)?;
    Ok(w)
}

/// Replaces everything beyond the records with `w`; rows keep their
/// numbers, which pages and the log refer to.
fn write_workspace(tx: &mut dyn Tx, w: &Workspace) -> Result<()> {
    for table in [
        "session",
        "api_token",
        "account",
        "change_log",
        "proposal",
        "assistance",
        "provenance",
        "reading_record",
        "reading_paragraph",
        "reading",
        "activity",
        "activity_state",
        "plan_note",
        "plan_item_need",
        "plan_item_provider",
        "plan_item",
        "plan",
    ] {
        tx.execute(&format!("DELETE FROM {table}"), &[])?;
    }
    for a in &w.accounts {
        tx.execute(
            "INSERT INTO account (name, role, state, password_hash, created) VALUES ($1, $2, $3, $4, $5)",
            params![&a.account.name, a.account.role.code(), a.account.state.as_deref(), &a.password_hash, a.created],
        )?;
    }
    for t in &w.tokens {
        tx.execute(
            "INSERT INTO api_token (digest, account, created) VALUES ($1, $2, $3)",
            params![&t.digest, &t.account, t.created],
        )?;
    }
    for e in &w.log {
        let by = Author {
            who: &e.who,
            at: e.at,
        };
        log_change(tx, by, &e.action, &e.before, &e.after)?;
    }
    for p in &w.proposals {
        tx.execute(
            &format!("INSERT INTO proposal ({PROPOSAL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
            params![
                p.id,
                p.at,
                &p.who,
                &p.need.state,
                p.need.cycle,
                p.need.article,
                &p.need.need_type,
                source_code(Some(p.source)),
                &p.text,
                &p.status
            ],
        )?;
    }
    for a in &w.assistance {
        insert_assistance(tx, a, Some(a.id))?;
    }
    for g in &w.readings {
        insert_reading(tx, g, Some(g.id))?;
    }
    for p in &w.provenance {
        insert_provenance(tx, p)?;
    }
    for a in &w.activities {
        put_activity(tx, a, false)?;
    }
    for p in &w.plans {
        insert_plan(tx, p, true)?;
    }
    Ok(())
}

/// Writes records into an open transaction; `described[i]` says whether the
/// review at `i` replaces the stored one (an empty slice: all do). A need or
/// text already there is only updated when something of it changed, so
/// that the summary says what did (and the full-text index, which follows
/// every change in the same transaction, is left alone otherwise).
fn write_records(
    tx: &mut dyn Tx,
    reference: &Reference,
    registry: &Registry,
    described: &[bool],
) -> Result<ImportSummary> {
    let mut summary = ImportSummary::default();
    // The needs and texts written are stamped with the log's last entry
    // before this write (migration 13).
    let stamp = log_mark(tx, None)?;
    let ids = write_reviews(tx, reference, registry, described, &mut summary)?;
    let codes = super::type_codes(reference, registry);
    let existed = pack_written(tx, reference, registry, &ids, stamp, &mut summary)?;
    let mut updated = vec![false; registry.needs.len()];
    for t in &registry.need_texts {
        let need = &registry.needs[t.need as usize];
        let review = &registry.reviews[need.review as usize];
        let row = params![
            ids[need.review as usize],
            need.article,
            &codes[&(review.cycle, need.need_type)],
            source_code(t.source),
            &t.paragraph,
            &t.theme,
            &t.text,
            &t.addressed_by
        ];
        let added = tx.execute(
            "INSERT INTO need_text (review_id, article, type, source, paragraph, theme, text, addressed_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (review_id, article, type, source) DO NOTHING",
            row,
        )?;
        let changed = added == 0
            && tx.execute(
                "UPDATE need_text SET paragraph = $5, theme = $6, text = $7, addressed_by = $8
                 WHERE review_id = $1 AND article = $2 AND type = $3 AND source = $4
                   AND (paragraph <> $5 OR theme <> $6 OR text <> $7 OR addressed_by <> $8)",
                row,
            )? > 0;
        summary.texts_added += added;
        summary.texts_changed += u64::from(changed);
        if existed[t.need as usize] && (added > 0 || changed) {
            updated[t.need as usize] = true;
            stamp_need(
                tx,
                ids[need.review as usize],
                need.article,
                &codes[&(review.cycle, need.need_type)],
                stamp,
            )?;
        }
    }
    summary.needs_updated = updated.iter().filter(|u| **u).count() as u64;
    for c in &registry.challenges {
        let category = &reference.challenge_categories[c.category as usize].code;
        summary.challenges_added += tx.execute(
            "INSERT INTO challenge (review_id, article, category, text) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            params![ids[c.review as usize], c.article, category, &c.text],
        )?;
    }
    for g in &registry.good_practices {
        summary.good_practices_added += tx.execute(
            "INSERT INTO good_practice (review_id, article, text) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            params![ids[g.review as usize], g.article, &g.text],
        )?;
    }
    Ok(summary)
}

/// Writes the reviews of `registry`; the stored number of each.
fn write_reviews(
    tx: &mut dyn Tx,
    reference: &Reference,
    registry: &Registry,
    described: &[bool],
    summary: &mut ImportSummary,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(registry.reviews.len());
    for (i, review) in registry.reviews.iter().enumerate() {
        let state = &reference.state(review.state).code;
        let completed = review.completed.map(|d| d.to_string());
        let found = tx.query_one(
            "SELECT id, completed, documents, published, shared_with_providers FROM review
             WHERE state = $1 AND cycle = $2",
            params![state, review.cycle],
        )?;
        let values = params![
            review.cycle,
            completed.as_deref(),
            review.documents.0,
            review.published.0,
            review.shared_with_providers,
            state
        ];
        let id = match found {
            Some(r) => {
                let id = r.int(0)?;
                let same = r.opt_text(1)? == completed
                    && r.small(2)? == review.documents.0
                    && r.small(3)? == review.published.0
                    && r.bool(4)? == review.shared_with_providers;
                if described.get(i).copied().unwrap_or(true) && !same {
                    tx.execute(
                        "UPDATE review SET completed = $2, documents = $3, published = $4,
                         shared_with_providers = $5 WHERE cycle = $1 AND state = $6",
                        values,
                    )?;
                    summary.reviews_updated += 1;
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO review (state, cycle, completed, documents, published, shared_with_providers)
                     VALUES ($6, $1, $2, $3, $4, $5)",
                    values,
                )?;
                summary.reviews_added += 1;
                tx.last_id()?
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

/// Runs `f` in a write transaction, committed when it succeeds.
fn write<B: Backend, T>(b: &mut B, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
    let mut tx = b.write()?;
    let out = f(&mut tx)?;
    tx.commit()?;
    Ok(out)
}

/// Runs `f` in a read transaction.
fn read<B: Backend, T>(b: &mut B, f: impl FnOnce(&mut dyn Tx) -> Result<T>) -> Result<T> {
    let mut tx = b.read()?;
    f(&mut tx)
}

/// The first 8 hex digits of a token's digest: how people name it.
fn token_id(digest: &str) -> &str {
    digest.get(..8).unwrap_or(digest)
}

impl<B: Backend> Store for B {
    fn reference(&mut self) -> Result<Reference> {
        let json = read(self, |tx| meta(tx, "reference"))?
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
        let mut tx = self.write()?;
        // Imported records make the workspace the user's own, no longer a demo.
        tx.execute("DELETE FROM meta WHERE key = 'origin'", &[])?;
        let r = &batch.registry;
        let texts = r.need_texts.len() + r.challenges.len() + r.good_practices.len();
        let later = B::index_later(&mut tx, texts)?;
        let summary = write_records(&mut tx, reference, r, &batch.described)?;
        if later {
            B::index_all(&mut tx)?;
        }
        log_change(
            &mut tx,
            by,
            "import",
            "",
            &super::import_log(what, &summary),
        )?;
        tx.commit()?;
        Ok(summary)
    }

    fn registry(&mut self, reference: &Reference, detail: Detail) -> Result<Registry> {
        Backend::read_registry(self, reference, detail, None)
    }

    fn registry_into(
        &mut self,
        reference: &Reference,
        sink: &mut dyn NeedSink,
    ) -> Result<Registry> {
        Backend::read_registry(self, reference, Detail::Counts, Some(sink))
    }

    fn replace_all(
        &mut self,
        reference: &Reference,
        registry: &Registry,
        workspace: Option<&Workspace>,
    ) -> Result<()> {
        let mut tx = self.write()?;
        if let Some(w) = workspace {
            write_workspace(&mut tx, w)?;
        }
        // Every text goes: indexing all at the end beats row by row.
        let later = B::index_later(&mut tx, usize::MAX)?;
        if workspace.is_none() {
            // The records are replaced: what they came from goes with them.
            tx.execute("DELETE FROM provenance", &[])?;
        }
        for table in [
            "need_text",
            "need_stamp",
            "need_pack",
            "challenge",
            "good_practice",
            "review",
        ] {
            tx.execute(&format!("DELETE FROM {table}"), &[])?;
        }
        set_meta(&mut tx, pack::SUM_KEY, "0")?;
        set_reference(&mut tx, reference)?;
        write_records(&mut tx, reference, registry, &[])?;
        if later {
            B::index_all(&mut tx)?;
        }
        move_generation(&mut tx)?;
        B::renumber(&mut tx)?;
        tx.commit()
    }

    fn workspace(&mut self) -> Result<Workspace> {
        read(self, read_workspace)
    }

    fn origin(&mut self) -> Result<Option<String>> {
        read(self, |tx| meta(tx, "origin"))
    }

    fn set_origin(&mut self, origin: &str) -> Result<()> {
        write(self, |tx| {
            set_meta(tx, "origin", origin)?;
            move_generation(tx)
        })
    }

    fn generation(&mut self) -> Result<u64> {
        let n = read(self, |tx| {
            tx.query_one("SELECT n FROM generation", &[])?
                .ok_or_else(|| Error::Database("the workspace has no generation".into()))?
                .int(0)
        })?;
        Ok(n as u64)
    }

    fn add_account_by(
        &mut self,
        by: Author<'_>,
        account: &Account,
        password_hash: &str,
    ) -> Result<()> {
        write(self, |tx| {
            let taken = tx
                .query_one(
                    "SELECT 1 FROM account WHERE name = $1",
                    params![&account.name],
                )?
                .is_some();
            if taken {
                return Err(Error::Usage(format!(
                    "an account `{}` exists already",
                    account.name
                )));
            }
            tx.execute(
                "INSERT INTO account (name, role, state, password_hash, created) VALUES ($1, $2, $3, $4, $5)",
                params![&account.name, account.role.code(), account.state.as_deref(), password_hash, by.at],
            )?;
            log_change(tx, by, "add account", "", &account_log(account))
        })
    }

    fn account(&mut self, name: &str) -> Result<Option<StoredAccount>> {
        read(self, |tx| {
            tx.query_one(
                "SELECT name, role, state, password_hash, created FROM account WHERE name = $1",
                params![name],
            )?
            .map(|r| {
                Ok(StoredAccount {
                    account: account_row(&r)?,
                    password_hash: r.text(3)?,
                    created: r.int(4)?,
                })
            })
            .transpose()
        })
    }

    fn accounts(&mut self) -> Result<Vec<Account>> {
        read(self, |tx| {
            tx.query_all("SELECT name, role, state FROM account ORDER BY name", &[])?
                .iter()
                .map(account_row)
                .collect()
        })
    }

    fn open_session(&mut self, token: &str, account: &str, csrf: &str, expires: i64) -> Result<()> {
        write(self, |tx| {
            tx.execute(
                "INSERT INTO session (token, account, csrf, expires) VALUES ($1, $2, $3, $4)",
                params![token, account, csrf, expires],
            )?;
            Ok(())
        })
    }

    fn session(&mut self, token: &str, now: i64) -> Result<Option<(Account, String)>> {
        read(self, |tx| {
            tx.query_one(
                "SELECT a.name, a.role, a.state, s.csrf FROM session s JOIN account a ON a.name = s.account
                 WHERE s.token = $1 AND s.expires > $2",
                params![token, now],
            )?
            .map(|r| Ok((account_row(&r)?, r.text(3)?)))
            .transpose()
        })
    }

    fn close_session(&mut self, token: &str) -> Result<()> {
        write(self, |tx| {
            tx.execute("DELETE FROM session WHERE token = $1", params![token])?;
            Ok(())
        })
    }

    fn mark_addressed(
        &mut self,
        by: Author<'_>,
        need: &NeedKey,
        addressed: bool,
        addressed_by: &str,
    ) -> Result<bool> {
        write(self, |tx| {
            let Some(found) = find_need(tx, need)? else {
                return Ok(false);
            };
            set_addressed(tx, need, addressed)?;
            let key = serde_json::to_value(need).unwrap_or_default();
            let before = serde_json::json!({ "need": key, "addressed": found.addressed });
            let after =
                serde_json::json!({ "need": key, "addressed": addressed, "by": addressed_by });
            log_change(
                tx,
                by,
                "mark need addressed",
                &before.to_string(),
                &after.to_string(),
            )?;
            Ok(true)
        })
    }

    fn log(&mut self) -> Result<Vec<LogEntry>> {
        read(self, log_entries)
    }

    fn update_review(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        completed: Option<&str>,
        published: Sources,
    ) -> Result<bool> {
        write(self, |tx| {
            let Some(r) = tx.query_one(
                "SELECT completed, published, documents FROM review WHERE state = $1 AND cycle = $2",
                params![state, cycle],
            )?
            else {
                return Ok(false);
            };
            let (old_completed, old_published) = (r.opt_text(0)?, r.small(1)?);
            // A review publishes only documents it has.
            let published = published.0 & r.small(2)?;
            tx.execute(
                "UPDATE review SET completed = $3, published = $4 WHERE state = $1 AND cycle = $2",
                params![state, cycle, completed, published],
            )?;
            let key = serde_json::json!({ "state": state, "cycle": cycle });
            let entry = |completed: Option<&str>, published: u8| {
                serde_json::json!({ "review": key, "completed": completed,
                    "published": Sources(published).to_list() })
                .to_string()
            };
            let before = entry(old_completed.as_deref(), old_published);
            log_change(tx, by, "edit review", &before, &entry(completed, published))?;
            Ok(true)
        })
    }

    fn propose_need(&mut self, p: &Proposal) -> Result<i64> {
        write(self, |tx| {
            tx.execute(
                "INSERT INTO proposal (at, who, state, cycle, article, type, source, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                params![p.at, &p.who, &p.need.state, p.need.cycle, p.need.article, &p.need.need_type, source_code(Some(p.source)), &p.text],
            )?;
            let id = tx.last_id()?;
            let by = Author {
                who: &p.who,
                at: p.at,
            };
            let after = serde_json::json!({ "proposal": id, "need": p.need, "text": p.text });
            log_change(tx, by, "propose need", "", &after.to_string())?;
            Ok(id)
        })
    }

    fn proposals(&mut self, state: &str) -> Result<Vec<Proposal>> {
        read(self, |tx| {
            tx.query_all(
                &format!(
                    "SELECT {PROPOSAL_COLUMNS} FROM proposal WHERE state = $1 ORDER BY id DESC"
                ),
                params![state],
            )?
            .iter()
            .map(proposal_row)
            .collect()
        })
    }

    fn decide_proposal(
        &mut self,
        by: Author<'_>,
        id: i64,
        accept: bool,
    ) -> Result<Option<Proposal>> {
        write(self, |tx| decide_proposal(tx, by, id, accept))
    }

    fn remove_account(&mut self, by: Author<'_>, name: &str) -> Result<bool> {
        write(self, |tx| {
            let Some(r) = tx.query_one(
                "SELECT name, role, state FROM account WHERE name = $1",
                params![name],
            )?
            else {
                return Ok(false);
            };
            let account = account_row(&r)?;
            for table in ["session", "api_token", "subscription"] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE account = $1"),
                    params![name],
                )?;
            }
            tx.execute("DELETE FROM account WHERE name = $1", params![name])?;
            log_change(tx, by, "remove account", &account_log(&account), "")?;
            Ok(true)
        })
    }

    fn set_sharing(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        shared: bool,
    ) -> Result<bool> {
        write(self, |tx| {
            let Some(r) = tx.query_one(
                "SELECT shared_with_providers FROM review WHERE state = $1 AND cycle = $2",
                params![state, cycle],
            )?
            else {
                return Ok(false);
            };
            tx.execute(
                "UPDATE review SET shared_with_providers = $3 WHERE state = $1 AND cycle = $2",
                params![state, cycle, shared],
            )?;
            let (b, a) = super::sharing_log(state, cycle, r.bool(0)?, shared);
            log_change(tx, by, "share with providers", &b, &a)?;
            Ok(true)
        })
    }

    fn edit_need_text(
        &mut self,
        by: Author<'_>,
        need: &NeedKey,
        source: Source,
        paragraph: &str,
        text: &str,
    ) -> Result<bool> {
        write(self, |tx| {
            let Some(found) = find_need(tx, need)? else {
                return Ok(false);
            };
            if !found.sources.contains(source) {
                return Ok(false);
            }
            let key = params![
                found.review,
                need.article,
                &need.need_type,
                source_code(Some(source))
            ];
            let before = tx
                .query_one(
                    "SELECT paragraph, text FROM need_text WHERE review_id = $1 AND article = $2 AND type = $3 AND source = $4",
                    key,
                )?
                .map(|r| Ok::<_, Error>((r.text(0)?, r.text(1)?)))
                .transpose()?;
            let mut values = key.to_vec();
            values.extend([Value::from(paragraph), Value::from(text)]);
            tx.execute(
                "INSERT INTO need_text (review_id, article, type, source, paragraph, text) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (review_id, article, type, source) DO UPDATE SET paragraph = excluded.paragraph, text = excluded.text",
                &values,
            )?;
            let stamp = log_mark(tx, None)?;
            stamp_need(tx, found.review, need.article, &need.need_type, stamp)?;
            let (b, a) = super::need_text_log(need, source, before, paragraph, text);
            log_change(tx, by, "edit need text", &b, &a)?;
            Ok(true)
        })
    }

    fn record_assistance(&mut self, a: &Assistance) -> Result<Option<i64>> {
        write(self, |tx| {
            let Some(found) = find_need(tx, &a.need)? else {
                return Ok(None);
            };
            let id = keep_assistance(tx, &found, a)?;
            let by = Author {
                who: &a.provider,
                at: a.at,
            };
            log_change(
                tx,
                by,
                "record assistance",
                "",
                &super::assistance_log(id, a),
            )?;
            Ok(Some(id))
        })
    }

    fn assistance(&mut self, state: Option<&str>) -> Result<Vec<Assistance>> {
        read(self, |tx| assistance_of(tx, state))
    }

    fn assistance_record(&mut self, id: i64) -> Result<Option<Assistance>> {
        read(self, |tx| assistance_by_id(tx, id))
    }

    fn update_assistance(&mut self, by: Author<'_>, a: &Assistance) -> Result<bool> {
        write(self, |tx| {
            let Some(before) = assistance_by_id(tx, a.id)? else {
                return Ok(false);
            };
            tx.execute(
                "UPDATE assistance SET title = $2, status = $3, starts = $4, ends = $5 WHERE id = $1",
                params![a.id, &a.title, &a.status, a.starts.as_deref(), a.ends.as_deref()],
            )?;
            let (b, after) = (
                super::assistance_log(a.id, &before),
                super::assistance_log(a.id, a),
            );
            log_change(tx, by, "update assistance", &b, &after)?;
            Ok(true)
        })
    }

    fn withdraw_assistance(&mut self, by: Author<'_>, id: i64) -> Result<bool> {
        write(self, |tx| withdraw_assistance(tx, by, id))
    }

    fn remove_need(&mut self, by: Author<'_>, need: &NeedKey) -> Result<bool> {
        write(self, |tx| {
            let Some(found) = find_need(tx, need)? else {
                return Ok(false);
            };
            let key = params![found.review, need.article, &need.need_type];
            let texts = tx
                .query_all(
                    "SELECT source, paragraph, text FROM need_text
                     WHERE review_id = $1 AND article = $2 AND type = $3 ORDER BY source",
                    key,
                )?
                .iter()
                .map(|r| Ok((r.int(0)?, r.text(1)?, r.text(2)?)))
                .collect::<Result<Vec<_>>>()?;
            tx.execute(
                "DELETE FROM need_text WHERE review_id = $1 AND article = $2 AND type = $3",
                key,
            )?;
            edit_need(tx, need, |_, _| None)?;
            tx.execute(
                "DELETE FROM provenance WHERE state = $1 AND cycle = $2 AND kind = 'need' AND article = $3 AND code = $4",
                params![&need.state, need.cycle, need.article, &need.need_type],
            )?;
            let before = super::removed_need_log(need, &texts);
            log_change(tx, by, "remove need", &before, "")?;
            Ok(true)
        })
    }

    fn set_password(
        &mut self,
        by: Author<'_>,
        name: &str,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<bool> {
        write(self, |tx| {
            let changed = tx.execute(
                "UPDATE account SET password_hash = $2 WHERE name = $1",
                params![name, password_hash],
            )?;
            if changed == 0 {
                return Ok(false);
            }
            tx.execute(
                "DELETE FROM session WHERE account = $1 AND token IS DISTINCT FROM $2",
                params![name, keep],
            )?;
            // A token made under the old password ends with it: whoever
            // learnt the password may have made one.
            tx.execute("DELETE FROM api_token WHERE account = $1", params![name])?;
            let after = serde_json::json!({ "account": name });
            log_change(tx, by, "change password", "", &after.to_string())?;
            Ok(true)
        })
    }

    fn add_token(&mut self, digest: &str, account: &str, at: i64) -> Result<()> {
        write(self, |tx| {
            tx.execute(
                "INSERT INTO api_token (digest, account, created) VALUES ($1, $2, $3)",
                params![digest, account, at],
            )?;
            let by = Author {
                who: "command line",
                at,
            };
            let after = serde_json::json!({ "account": account, "token": token_id(digest) });
            log_change(tx, by, "add API token", "", &after.to_string())
        })
    }

    fn token_account(&mut self, digest: &str) -> Result<Option<Account>> {
        read(self, |tx| {
            tx.query_one(
                "SELECT a.name, a.role, a.state FROM api_token t JOIN account a ON a.name = t.account WHERE t.digest = $1",
                params![digest],
            )?
            .as_ref()
            .map(account_row)
            .transpose()
        })
    }

    fn tokens(&mut self, account: &str) -> Result<Vec<TokenInfo>> {
        read(self, |tx| {
            tx.query_all(
                "SELECT digest, created FROM api_token WHERE account = $1 ORDER BY created, digest",
                params![account],
            )?
            .iter()
            .map(|r| {
                Ok(TokenInfo {
                    id: token_id(&r.text(0)?).to_string(),
                    created: r.int(1)?,
                })
            })
            .collect()
        })
    }

    fn revoke_token(&mut self, by: Author<'_>, account: &str, id: &str) -> Result<bool> {
        write(self, |tx| {
            let digests: Vec<String> = tx
                .query_all(
                    "SELECT digest FROM api_token WHERE account = $1",
                    params![account],
                )?
                .iter()
                .map(|r| r.text(0))
                .collect::<Result<_>>()?;
            let id = id.to_ascii_lowercase();
            let Some(digest) = digests.iter().find(|d| token_id(d) == id) else {
                return Ok(false);
            };
            tx.execute("DELETE FROM api_token WHERE digest = $1", params![digest])?;
            let before = serde_json::json!({ "account": account, "token": id });
            log_change(tx, by, "revoke API token", &before.to_string(), "")?;
            Ok(true)
        })
    }

    fn search(
        &mut self,
        query: &str,
        readable: &dyn Fn(&Hit) -> bool,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        Backend::search(self, query, readable, offset, limit)
    }

    fn find_needs(
        &mut self,
        who: Option<&Account>,
        query: &super::FindNeeds,
    ) -> Result<super::Found> {
        let mut tx = self.read()?;
        super::find::find_needs::<B>(&mut tx, who, query)
    }

    fn last_change(&mut self) -> Result<Option<i64>> {
        read(self, |tx| {
            tx.query_one("SELECT MAX(at) FROM change_log", &[])?
                .map_or(Ok(None), |r| r.opt_int(0))
        })
    }

    fn file_readings(
        &mut self,
        by: Author<'_>,
        readings: &[super::FiledReading],
    ) -> Result<Vec<i64>> {
        write(self, |tx| {
            readings.iter().map(|r| file_reading(tx, by, r)).collect()
        })
    }

    fn readings(&mut self, state: Option<&str>) -> Result<Vec<super::FiledReading>> {
        read(self, |tx| {
            let mut list = tx
                .query_all(
                    &format!("SELECT {READING_COLUMNS} FROM reading WHERE CAST($1 AS TEXT) IS NULL OR state = $1 ORDER BY id DESC"),
                    params![state],
                )?
                .iter()
                .map(reading_row)
                .collect::<Result<Vec<_>>>()?;
            for r in &mut list {
                r.records = read_records_of(tx, r.id)?;
            }
            Ok(list)
        })
    }

    fn reading(&mut self, id: i64) -> Result<Option<super::FiledReading>> {
        read(self, |tx| reading_by_id(tx, id, true))
    }

    fn decide_reading(
        &mut self,
        by: Author<'_>,
        id: i64,
        decisions: &[(u32, super::Decision)],
    ) -> Result<Option<Vec<super::ReadRecord>>> {
        write(self, |tx| decide_reading(tx, by, id, decisions))
    }

    fn provenance(&mut self, state: &str) -> Result<Vec<super::Provenance>> {
        read(self, |tx| provenance_of(tx, Some(state)))
    }

    fn import_activities(
        &mut self,
        by: Author<'_>,
        provider: Option<&str>,
        activities: &[crate::iati::Activity],
        what: &str,
    ) -> Result<ActivitiesSummary> {
        write(self, |tx| {
            import_activities(tx, by, provider, activities, what)
        })
    }

    fn activities(&mut self, state: Option<&str>) -> Result<Vec<StoredActivity>> {
        read(self, |tx| activities_of(tx, state))
    }

    fn accept_link(&mut self, by: Author<'_>, a: &Assistance) -> Result<LinkOutcome> {
        write(self, |tx| accept_link(tx, by, a))
    }

    fn plan(&mut self, state: &str, cycle: u8) -> Result<Option<Plan>> {
        read(self, |tx| plan_of(tx, state, cycle))
    }

    fn plans(&mut self, state: Option<&str>) -> Result<Vec<Plan>> {
        read(self, |tx| plans_of(tx, state))
    }

    fn save_plans(&mut self, by: Author<'_>, plans: &[Plan], replace: bool) -> Result<bool> {
        let mut tx = self.write()?;
        for plan in plans {
            if !save_plan(&mut tx, by, plan, replace)? {
                // Dropped without a commit: nothing of the others stays.
                return Ok(false);
            }
        }
        tx.commit()?;
        Ok(true)
    }

    fn add_plan_item(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        item: &Item,
    ) -> Result<Option<i64>> {
        write(self, |tx| add_plan_item(tx, by, state, cycle, item))
    }

    fn update_plan_item(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        item: &Item,
    ) -> Result<bool> {
        write(self, |tx| update_plan_item(tx, by, state, cycle, item))
    }

    fn add_plan_note(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        item: i64,
        note: &Note,
    ) -> Result<bool> {
        write(self, |tx| add_plan_note(tx, by, state, cycle, item, note))
    }

    fn publish_plan(
        &mut self,
        by: Author<'_>,
        state: &str,
        cycle: u8,
        published: bool,
    ) -> Result<bool> {
        write(self, |tx| publish_plan(tx, by, state, cycle, published))
    }

    fn mark(&mut self, before: Option<i64>) -> Result<super::Mark> {
        read(self, |tx| mark(tx, before))
    }

    fn subscribe(&mut self, by: Author<'_>, s: &super::Subscription) -> Result<i64> {
        write(self, |tx| {
            let m = mark(tx, None)?;
            tx.execute(
                "INSERT INTO subscription (account, address, filter, created, needs_from, assistance_from)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                params![&s.account, &s.address, &s.filter, by.at, m.log, m.assistance],
            )?;
            let id = tx.last_id()?;
            let after =
                serde_json::json!({ "subscription": id, "account": s.account, "filter": s.filter });
            log_change(tx, by, "subscribe", "", &after.to_string())?;
            Ok(id)
        })
    }

    fn subscriptions(&mut self, account: Option<&str>) -> Result<Vec<super::Subscription>> {
        read(self, |tx| {
            tx.query_all(
                "SELECT id, account, address, filter, created, needs_from, assistance_from, sent
                 FROM subscription WHERE CAST($1 AS TEXT) IS NULL OR account = $1 ORDER BY id",
                params![account],
            )?
            .iter()
            .map(|r| {
                Ok(super::Subscription {
                    id: r.int(0)?,
                    account: r.text(1)?,
                    address: r.text(2)?,
                    filter: r.text(3)?,
                    created: r.int(4)?,
                    mark: super::Mark {
                        log: r.int(5)?,
                        assistance: r.int(6)?,
                    },
                    sent: r.opt_int(7)?,
                })
            })
            .collect()
        })
    }

    fn unsubscribe(&mut self, by: Author<'_>, account: &str, id: i64) -> Result<bool> {
        write(self, |tx| {
            let gone = tx.execute(
                "DELETE FROM subscription WHERE id = $1 AND account = $2",
                params![id, account],
            )?;
            if gone > 0 {
                let before = serde_json::json!({ "subscription": id, "account": account });
                log_change(tx, by, "unsubscribe", &before.to_string(), "")?;
            }
            Ok(gone > 0)
        })
    }

    fn digest_sent(&mut self, id: i64, m: super::Mark, at: i64) -> Result<bool> {
        write(self, |tx| {
            let kept = tx.execute(
                "UPDATE subscription SET needs_from = $2, assistance_from = $3, sent = $4 WHERE id = $1",
                params![id, m.log, m.assistance, at],
            )?;
            // Logged for the record; a digest changes no record, so the
            // needs it holds do not come back in the next.
            let after = serde_json::json!({ "subscription": id, "upto": m.log });
            log_change(
                tx,
                Author {
                    who: "tana notify",
                    at,
                },
                "digest sent",
                "",
                &after.to_string(),
            )?;
            Ok(kept > 0)
        })
    }

    fn named_providers(&mut self) -> Result<Vec<(NeedKey, String)>> {
        read(self, |tx| {
            tx.query_all(
                "SELECT DISTINCT t.addressed_by, '', '', r.state, r.cycle, t.article, t.type
                 FROM need_text t JOIN review r ON r.id = t.review_id
                 WHERE t.addressed_by <> '' ORDER BY r.state, r.cycle, t.article, t.type, t.addressed_by",
                &[],
            )?
            .iter()
            .map(|r| Ok((need_key(r)?, r.text(0)?)))
            .collect()
        })
    }
}

/// Accepts (the need enters the records) or rejects a pending proposal; the
/// "pending" check is inside the transaction, so two deciders cannot both.
fn decide_proposal(
    tx: &mut dyn Tx,
    by: Author<'_>,
    id: i64,
    accept: bool,
) -> Result<Option<Proposal>> {
    let found = tx.query_one(
        &format!("SELECT {PROPOSAL_COLUMNS} FROM proposal WHERE id = $1 AND status = 'pending'"),
        params![id],
    )?;
    let Some(mut p) = found.as_ref().map(proposal_row).transpose()? else {
        return Ok(None);
    };
    p.status = if accept { "accepted" } else { "rejected" }.to_string();
    let changed = tx.execute(
        "UPDATE proposal SET status = $2 WHERE id = $1 AND status = 'pending'",
        params![id, &p.status],
    )?;
    if changed == 0 {
        return Ok(None);
    }
    if accept {
        let review = tx
            .query_one(
                "SELECT id FROM review WHERE state = $1 AND cycle = $2",
                params![&p.need.state, p.need.cycle],
            )?
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} has no review in cycle {}: enter the review first",
                    p.need.state, p.need.cycle
                ))
            })?
            .int(0)?;
        let bit = Sources::default().with(p.source).0;
        edit_need(tx, &p.need, |n, blank| {
            let n = n.unwrap_or(blank);
            Some(Packed {
                sources: n.sources | bit,
                ..n
            })
        })?;
        tx.execute(
            "INSERT INTO need_text (review_id, article, type, source, text) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (review_id, article, type, source) DO UPDATE SET text = excluded.text",
            params![review, p.need.article, &p.need.need_type, source_code(Some(p.source)), &p.text],
        )?;
    }
    let action = if accept {
        "accept proposal"
    } else {
        "reject proposal"
    };
    let after = serde_json::json!({ "proposal": id, "status": p.status, "need": p.need });
    log_change(tx, by, action, "pending", &after.to_string())?;
    Ok(Some(p))
}

/// Withdraws recorded assistance; when it was the last against its need,
/// the need goes back to what it was before the first was recorded.
fn withdraw_assistance(tx: &mut dyn Tx, by: Author<'_>, id: i64) -> Result<bool> {
    let Some(a) = assistance_by_id(tx, id)? else {
        return Ok(false);
    };
    tx.execute("DELETE FROM assistance WHERE id = $1", params![id])?;
    let n = &a.need;
    // The earliest record left against the need knows what the need was
    // before any; with none left, this one does.
    let earliest = tx.query_one(
        "SELECT need_was_addressed FROM assistance
         WHERE state = $1 AND cycle = $2 AND article = $3 AND type = $4 ORDER BY id LIMIT 1",
        params![&n.state, n.cycle, n.article, &n.need_type],
    )?;
    if let (None, Some(_)) = (earliest, find_need(tx, n)?) {
        set_addressed(tx, n, a.need_was_addressed)?;
    }
    log_change(
        tx,
        by,
        "withdraw assistance",
        &super::assistance_log(id, &a),
        "",
    )?;
    Ok(true)
}

// ---- The needs (pack.rs): one packed row per review, the only copy ----

/// The reviews a read of packs takes at once: those asked for, in order,
/// as long as they lie within this span of numbers, read with one range
/// query (its text stays the same, so each connection prepares it once).
const PACK_SPAN: i64 = 2048;

/// Where each need of `registry` is, by its stored review's number,
/// article and type: for the texts, which name their need so.
pub(crate) fn need_positions(
    registry: &Registry,
    position: &HashMap<i64, u32>,
) -> HashMap<(i64, u8, u8), u32> {
    let mut id = vec![0i64; registry.reviews.len()];
    for (&review_id, &at) in position {
        id[at as usize] = review_id;
    }
    registry
        .needs
        .iter()
        .enumerate()
        .map(|(i, n)| ((id[n.review as usize], n.article, n.need_type), i as u32))
        .collect()
}

/// The stored sum of every packed row's checksum.
pub(crate) fn pack_sum(tx: &mut dyn Tx) -> Result<u64> {
    meta(tx, pack::SUM_KEY)?.map_or(Ok(0), |s| {
        s.parse()
            .map_err(|_| pack::damaged(&format!("its checksum `{s}` is not a number")))
    })
}

/// The packed rows of the reviews numbered `from` to `to`.
fn packs_between(tx: &mut dyn Tx, from: i64, to: i64) -> Result<HashMap<i64, Vec<u8>>> {
    let mut out = HashMap::new();
    for r in tx.query_all(
        "SELECT review_id, needs FROM need_pack WHERE review_id BETWEEN $1 AND $2",
        params![from, to],
    )? {
        out.insert(r.int(0)?, r.bytes(1)?.to_vec());
    }
    Ok(out)
}

/// Writes the pack of review `id` (none when it has no needs left),
/// keeping the checksum's sum. A review packed for the first time has all
/// its needs stamped `changed`; one packed before keeps its stamp (the
/// needs changed apart from the rest are stamped in `need_stamp`).
fn write_pack(
    tx: &mut dyn Tx,
    sum: &mut u64,
    id: i64,
    old: Option<&Vec<u8>>,
    mut needs: Vec<Packed>,
    changed: i64,
) -> Result<()> {
    if let Some(old) = old {
        *sum = sum.wrapping_sub(pack::row_sum(id, old));
    }
    if needs.is_empty() {
        if old.is_some() {
            tx.execute("DELETE FROM need_pack WHERE review_id = $1", params![id])?;
            tx.execute("DELETE FROM need_stamp WHERE review_id = $1", params![id])?;
        }
        return Ok(());
    }
    let bytes = pack::encode(&mut needs)?;
    *sum = sum.wrapping_add(pack::row_sum(id, &bytes));
    if old == Some(&bytes) {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO need_pack (review_id, needs, changed) VALUES ($1, $2, $3)
         ON CONFLICT (review_id) DO UPDATE SET needs = excluded.needs",
        params![id, bytes, changed],
    )?;
    Ok(())
}

/// Runs of `ids` (sorted) that one range query reads.
fn spans(ids: &[i64]) -> Vec<&[i64]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=ids.len() {
        if i == ids.len() || ids[i] - ids[start] >= PACK_SPAN {
            out.push(&ids[start..i]);
            start = i;
        }
    }
    out
}

/// Packs the needs of the `need` table that migration 14 removes, for
/// every review its triggers noted as changed: run by the stores just
/// before that migration, the one place the table is still read.
pub(crate) fn pack_need_table(tx: &mut dyn Tx) -> Result<()> {
    let dirty: Vec<i64> = tx
        .query_all(
            "SELECT review_id FROM need_pack_dirty ORDER BY review_id",
            &[],
        )?
        .iter()
        .map(|r| r.int(0))
        .collect::<Result<_>>()?;
    if !dirty.is_empty() {
        pack_dirty(tx, &dirty)?;
    }
    // The checksum changed with migration 14 (pack::row_sum): every pack's
    // is summed anew.
    let mut sum = 0u64;
    for r in tx.query_all("SELECT review_id, needs FROM need_pack", &[])? {
        sum = sum.wrapping_add(pack::row_sum(r.int(0)?, r.bytes(1)?));
    }
    tx.execute("DELETE FROM need_pack_dirty", &[])?;
    set_meta(tx, pack::SUM_KEY, &sum.to_string())
}

/// Packs the reviews `dirty` from the `need` table, as before migration 14.
fn pack_dirty(tx: &mut dyn Tx, dirty: &[i64]) -> Result<()> {
    let reference = stored_reference(tx)?;
    for ids in spans(dirty) {
        let (from, to) = (ids[0], ids[ids.len() - 1]);
        let mut needs: HashMap<i64, Vec<Packed>> = HashMap::new();
        for r in tx.query_all(
            "SELECT n.review_id, r.cycle, n.article, n.type, n.sources, n.addressed
             FROM need n JOIN review r ON r.id = n.review_id WHERE n.review_id BETWEEN $1 AND $2",
            params![from, to],
        )? {
            let need_type = type_position(&reference, r.small(1)?, &r.text(3)?)?;
            needs.entry(r.int(0)?).or_default().push(Packed {
                article: r.small(2)?,
                need_type,
                sources: r.small(4)?,
                addressed: r.bool(5)?,
            });
        }
        let old = packs_between(tx, from, to)?;
        for &id in ids {
            // The packs as they were before migration 14 (no stamp: the
            // migration moves the table's own).
            if old.contains_key(&id) {
                tx.execute("DELETE FROM need_pack WHERE review_id = $1", params![id])?;
            }
            let Some(mut mine) = needs.remove(&id) else {
                continue;
            };
            let bytes = pack::encode(&mut mine)?;
            tx.execute(
                "INSERT INTO need_pack (review_id, needs) VALUES ($1, $2)",
                params![id, bytes],
            )?;
        }
    }
    Ok(())
}

/// The position of the type `code` among the types of `cycle`: how a
/// pack names it.
fn type_position(reference: &Reference, cycle: u8, code: &str) -> Result<u8> {
    reference
        .types(cycle)
        .iter()
        .position(|t| t.code == code)
        .map(|p| p as u8)
        .ok_or_else(|| Error::Database(format!("need of unknown type `{code}` in cycle {cycle}")))
}

/// The workspace's reference data, inside a transaction.
pub(crate) fn stored_reference(tx: &mut dyn Tx) -> Result<Reference> {
    let json = meta(tx, "reference")?
        .ok_or_else(|| Error::Database("the workspace has no reference data".into()))?;
    let mut reference: Reference =
        serde_json::from_str(&json).map_err(|e| Error::Database(format!("reference data: {e}")))?;
    reference.reindex();
    Ok(reference)
}

/// Packs the needs `registry` brings (its reviews stored as `ids`), each
/// review's merged with what its pack held (documents joined, addressed if
/// either says so), and counts what was added. The needs new to a review
/// packed before, and those whose documents or state changed, are stamped
/// `stamp` one by one; a review packed for the first time is stamped
/// whole. Whether each need of `registry` was there before.
fn pack_written(
    tx: &mut dyn Tx,
    reference: &Reference,
    registry: &Registry,
    ids: &[i64],
    stamp: i64,
    summary: &mut ImportSummary,
) -> Result<Vec<bool>> {
    let mut by_review: Vec<Vec<(Packed, u32)>> = vec![Vec::new(); registry.reviews.len()];
    for (i, n) in registry.needs.iter().enumerate() {
        let packed = Packed {
            article: n.article,
            need_type: n.need_type,
            sources: n.sources.0,
            addressed: n.addressed,
        };
        by_review[n.review as usize].push((packed, i as u32));
    }
    let mut order: Vec<usize> = (0..by_review.len())
        .filter(|&i| !by_review[i].is_empty())
        .collect();
    order.sort_unstable_by_key(|&i| ids[i]);
    let sorted: Vec<i64> = order.iter().map(|&i| ids[i]).collect();
    let mut existed = vec![false; registry.needs.len()];
    let mut sum = pack_sum(tx)?;
    let mut at = 0;
    for span in spans(&sorted) {
        let old = packs_between(tx, span[0], span[span.len() - 1])?;
        for id in span {
            let review = order[at];
            at += 1;
            let incoming = std::mem::take(&mut by_review[review]);
            let cycle = registry.reviews[review].cycle;
            let before: Vec<Packed> = old
                .get(id)
                .map(|b| pack::decode(b).collect())
                .unwrap_or_default();
            let mut needs = before.clone();
            needs.extend(incoming.iter().map(|(p, _)| *p));
            let needs = merged(needs);
            for (p, i) in &incoming {
                let was = before
                    .binary_search_by_key(&(p.article, p.need_type), |b| (b.article, b.need_type));
                let now = needs
                    .binary_search_by_key(&(p.article, p.need_type), |b| (b.article, b.need_type))
                    .map(|k| needs[k]);
                // A need changed, or new to a review that had a pack: it
                // changed apart from the rest of its review.
                let changed = match (was, now) {
                    (Ok(k), Ok(now)) => {
                        existed[*i as usize] = true;
                        before[k] != now
                    }
                    (Err(_), _) => old.contains_key(id),
                    _ => false,
                };
                if changed {
                    stamp_need(
                        tx,
                        *id,
                        p.article,
                        type_code(reference, cycle, p.need_type)?,
                        stamp,
                    )?;
                }
            }
            summary.needs_added += (needs.len() - before.len()) as u64;
            write_pack(tx, &mut sum, *id, old.get(id), needs, stamp)?;
        }
    }
    set_meta(tx, pack::SUM_KEY, &sum.to_string())?;
    Ok(existed)
}

/// The code of the type at `position` among the types of `cycle`.
fn type_code(reference: &Reference, cycle: u8, position: u8) -> Result<&str> {
    reference
        .types(cycle)
        .get(usize::from(position))
        .map(|t| t.code.as_str())
        .ok_or_else(|| pack::damaged("a packed need of a type its cycle does not have"))
}

/// Notes that the need (review `review`, `article`, type `code`) changed
/// in the write after the log's entry `stamp` (see migration 13).
fn stamp_need(tx: &mut dyn Tx, review: i64, article: u8, code: &str, stamp: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO need_stamp (review_id, article, type, changed) VALUES ($1, $2, $3, $4)
         ON CONFLICT (review_id, article, type) DO UPDATE SET changed = excluded.changed",
        params![review, article, code, stamp],
    )?;
    Ok(())
}

/// The review of `state` in `cycle`: its number and its pack (empty when
/// it has no needs); None when there is no such review.
fn review_pack(tx: &mut dyn Tx, state: &str, cycle: u8) -> Result<Option<(i64, Vec<u8>)>> {
    tx.query_one(
        "SELECT r.id, p.needs FROM review r LEFT JOIN need_pack p ON p.review_id = r.id
         WHERE r.state = $1 AND r.cycle = $2",
        params![state, cycle],
    )?
    .map(|r| Ok((r.int(0)?, r.opt_bytes(1)?.unwrap_or_default())))
    .transpose()
}

/// Changes the need `need` in its review's pack as `edit` says, `edit`
/// given the need as packed (None: not there) and as it would be packed
/// new (no document, not addressed), and giving it back as it is to be
/// (None: removed); the need is stamped as changed by this write. False
/// when the State has no review in the need's cycle.
fn edit_need(
    tx: &mut dyn Tx,
    need: &NeedKey,
    edit: impl FnOnce(Option<Packed>, Packed) -> Option<Packed>,
) -> Result<bool> {
    let Some((review, bytes)) = review_pack(tx, &need.state, need.cycle)? else {
        return Ok(false);
    };
    let reference = stored_reference(tx)?;
    let need_type = type_position(&reference, need.cycle, &need.need_type)?;
    let mut needs: Vec<Packed> = pack::decode(&bytes).collect();
    let at = needs
        .iter()
        .position(|n| (n.article, n.need_type) == (need.article, need_type));
    let blank = Packed {
        article: need.article,
        need_type,
        sources: 0,
        addressed: false,
    };
    let edited = edit(at.map(|i| needs[i]), blank);
    match (at, edited) {
        (Some(i), Some(n)) => needs[i] = n,
        (Some(i), None) => {
            needs.remove(i);
        }
        (None, Some(n)) => needs.push(n),
        (None, None) => return Ok(true),
    }
    let stamp = log_mark(tx, None)?;
    let mut sum = pack_sum(tx)?;
    let old = (!bytes.is_empty()).then_some(bytes);
    write_pack(tx, &mut sum, review, old.as_ref(), needs, stamp)?;
    set_meta(tx, pack::SUM_KEY, &sum.to_string())?;
    if edited.is_some() {
        stamp_need(tx, review, need.article, &need.need_type, stamp)?;
    } else {
        tx.execute(
            "DELETE FROM need_stamp WHERE review_id = $1 AND article = $2 AND type = $3",
            params![review, need.article, &need.need_type],
        )?;
    }
    Ok(true)
}

/// One need per (article, type): documents joined, addressed if any says so.
fn merged(mut needs: Vec<Packed>) -> Vec<Packed> {
    needs.sort_unstable();
    needs.dedup_by(|later, kept| {
        let same = (later.article, later.need_type) == (kept.article, kept.need_type);
        if same {
            kept.sources |= later.sources;
            kept.addressed |= later.addressed;
        }
        same
    });
    needs
}

// Documents read and the records they propose ("readings", apart from the
// focal points' proposals above). Accepting goes through import's checker,
// so that a read record enters the records by the same rules as a file.

const READING_COLUMNS: &str = "id, at, who, file, format, language, state, cycle, document";
const READ_RECORD_COLUMNS: &str =
    "number, kind, article, code, paragraph, quote, confidence, status";

fn document_from(code: &str) -> Option<Source> {
    Source::ALL.into_iter().find(|s| s.code() == code)
}

fn reading_row(r: &Row) -> Result<super::FiledReading> {
    Ok(super::FiledReading {
        id: r.int(0)?,
        at: r.int(1)?,
        who: r.text(2)?,
        file: r.text(3)?,
        format: r.text(4)?,
        language: r.text(5)?,
        state: r.text(6)?,
        cycle: r.small(7)?,
        document: document_from(&r.text(8)?),
        paragraphs: Vec::new(),
        records: Vec::new(),
    })
}

fn read_record_row(r: &Row) -> Result<super::ReadRecord> {
    let bad = |what: &str, v: String| Error::Database(format!("a read record of {what} `{v}`"));
    let kind = r.text(1)?;
    let status = r.text(7)?;
    Ok(super::ReadRecord {
        number: u32::try_from(r.int(0)?)
            .map_err(|_| bad("number", r.int(0).unwrap_or(0).to_string()))?,
        kind: super::RecordKind::from_code(&kind).ok_or_else(|| bad("kind", kind.clone()))?,
        article: u16::try_from(r.int(2)?).map_err(|_| bad("article", String::new()))?,
        code: r.text(3)?,
        paragraph: u32::try_from(r.int(4)?).map_err(|_| bad("paragraph", String::new()))?,
        quote: r.text(5)?,
        confidence: r.small(6)?,
        status: super::RecordStatus::from_code(&status)
            .ok_or_else(|| bad("status", status.clone()))?,
    })
}

fn read_records_of(tx: &mut dyn Tx, id: i64) -> Result<Vec<super::ReadRecord>> {
    tx.query_all(
        &format!(
            "SELECT {READ_RECORD_COLUMNS} FROM reading_record WHERE reading_id = $1 ORDER BY number"
        ),
        params![id],
    )?
    .iter()
    .map(read_record_row)
    .collect()
}

/// One reading; its text too when `text`.
fn reading_by_id(tx: &mut dyn Tx, id: i64, text: bool) -> Result<Option<super::FiledReading>> {
    let Some(mut reading) = tx
        .query_one(
            &format!("SELECT {READING_COLUMNS} FROM reading WHERE id = $1"),
            params![id],
        )?
        .as_ref()
        .map(reading_row)
        .transpose()?
    else {
        return Ok(None);
    };
    reading.records = read_records_of(tx, id)?;
    if text {
        for r in tx.query_all(
            "SELECT number, kind, text FROM reading_paragraph WHERE reading_id = $1 ORDER BY number",
            params![id],
        )? {
            reading.paragraphs.push(super::ReadParagraph {
                number: u32::try_from(r.int(0)?)
                    .map_err(|_| Error::Database("a paragraph's number".into()))?,
                kind: r.text(1)?,
                text: r.text(2)?,
            });
        }
    }
    Ok(Some(reading))
}

/// Keeps a reading whose State and cycle the workspace knows.
fn file_reading(tx: &mut dyn Tx, by: Author<'_>, g: &super::FiledReading) -> Result<i64> {
    let reference = stored_reference(tx)?;
    if reference.find_state(&g.state).is_none() {
        return Err(Error::Usage(format!(
            "{}: the State `{}` is not in the workspace's reference data",
            g.file, g.state
        )));
    }
    if reference.cycle_chapters(g.cycle).is_empty() {
        return Err(Error::Usage(format!(
            "{}: the workspace reviews no chapter in cycle {}",
            g.file, g.cycle
        )));
    }
    let fresh = super::FiledReading {
        at: by.at,
        who: by.who.to_string(),
        records: g
            .records
            .iter()
            .map(|r| super::ReadRecord {
                status: super::RecordStatus::Proposed,
                ..r.clone()
            })
            .collect(),
        ..g.clone()
    };
    let id = insert_reading(tx, &fresh, None)?;
    let after = serde_json::json!({ "reading": id, "file": g.file, "state": g.state, "cycle": g.cycle,
        "document": g.document.map(Source::code), "records": g.records.len() });
    log_change(tx, by, "file read document", "", &after.to_string())?;
    Ok(id)
}

/// Keeps a reading as it is, with its own number (a copy) or a new one;
/// returns the number.
fn insert_reading(tx: &mut dyn Tx, g: &super::FiledReading, id: Option<i64>) -> Result<i64> {
    let values = params![
        g.at,
        &g.who,
        &g.file,
        &g.format,
        &g.language,
        &g.state,
        g.cycle,
        g.document.map_or("", Source::code),
        id
    ];
    let id = match id {
        Some(id) => {
            tx.execute(
                "INSERT INTO reading (at, who, file, format, language, state, cycle, document, id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                values,
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO reading (at, who, file, format, language, state, cycle, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &values[..8],
            )?;
            tx.last_id()?
        }
    };
    for p in &g.paragraphs {
        tx.execute(
            "INSERT INTO reading_paragraph (reading_id, number, kind, text) VALUES ($1, $2, $3, $4)",
            params![id, i64::from(p.number), &p.kind, &p.text],
        )?;
    }
    for r in &g.records {
        tx.execute(
            "INSERT INTO reading_record (reading_id, number, kind, article, code, paragraph, quote, confidence, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            params![id, i64::from(r.number), r.kind.code(), i64::from(r.article), &r.code,
                i64::from(r.paragraph), &r.quote, r.confidence, r.status.code()],
        )?;
    }
    Ok(id)
}

/// The records of `reading` the decisions name, as they will be: each
/// found, still proposed, named once, with an edit's code in the
/// reference's own spelling.
fn decided_records(
    reference: &Reference,
    reading: &super::FiledReading,
    decisions: &[(u32, super::Decision)],
) -> Result<Vec<(super::ReadRecord, super::ReadRecord)>> {
    use super::{Decision, RecordKind, RecordStatus};
    let id = reading.id;
    let mut out: Vec<(super::ReadRecord, super::ReadRecord)> = Vec::new();
    for (n, d) in decisions {
        let r = reading
            .records
            .iter()
            .find(|r| r.number == *n)
            .ok_or_else(|| Error::Usage(format!("proposal {id} has no record {n}")))?;
        if r.status != RecordStatus::Proposed || out.iter().any(|(b, _)| b.number == *n) {
            return Err(Error::Usage(format!(
                "record {n} of proposal {id} is {} already",
                if r.status == RecordStatus::Proposed {
                    "decided"
                } else {
                    r.status.code()
                }
            )));
        }
        let mut after = r.clone();
        match d {
            Decision::Accept => after.status = RecordStatus::Accepted,
            Decision::Reject => after.status = RecordStatus::Rejected,
            Decision::Edit { article, code } => {
                after.status = RecordStatus::Edited;
                after.article = *article;
                after.code = match r.kind {
                    RecordKind::Need => reference.find_type(reading.cycle, code).map_or_else(
                        |_| code.clone(),
                        |t| reference.types(reading.cycle)[t as usize].code.clone(),
                    ),
                    RecordKind::Challenge => reference.find_challenge_category(code).map_or_else(
                        |_| code.clone(),
                        |c| reference.challenge_categories[c].code.clone(),
                    ),
                    RecordKind::GoodPractice if code.is_empty() => String::new(),
                    RecordKind::GoodPractice => {
                        return Err(Error::Usage(format!(
                            "record {n} of proposal {id} is a good practice: it has no type or category to set"
                        )));
                    }
                };
            }
        }
        out.push((r.clone(), after));
    }
    Ok(out)
}

/// The accepted records as import rows, checked by import's own checker;
/// every bad one is an error naming the document and the record.
fn checked_batch(
    reference: &Reference,
    reading: &super::FiledReading,
    accepted: &[&super::ReadRecord],
) -> Result<crate::records::Batch> {
    use super::RecordKind;
    use crate::import::check::{Checker, Numbering};
    let mut checker = Checker::new(reference);
    let cycle = reading.cycle.to_string();
    let source = reading.document.map_or("", Source::code);
    for kind in RecordKind::ALL {
        let of_kind: Vec<&&super::ReadRecord> =
            accepted.iter().filter(|r| r.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let headers: &[&str] = match kind {
            RecordKind::Need => &[
                "state",
                "cycle",
                "article",
                "type",
                "source",
                "paragraph",
                "text",
            ],
            RecordKind::Challenge => &["state", "cycle", "article", "category", "text"],
            RecordKind::GoodPractice => &["state", "cycle", "article", "text"],
        };
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_string()).collect();
        let file = format!("proposal {} ({})", reading.id, reading.file);
        let table = checker.table(
            &file,
            kind.section(),
            Numbering::Record,
            Some(import_kind(kind)),
            &headers,
        )?;
        for r in of_kind {
            let article = if r.article == 0 {
                String::new()
            } else {
                r.article.to_string()
            };
            let paragraph = r.paragraph.to_string();
            let code = match (kind, r.code.as_str()) {
                (RecordKind::Challenge, "") => "other",
                (_, c) => c,
            };
            let fields: Vec<&str> = match kind {
                RecordKind::Need => vec![
                    &reading.state,
                    &cycle,
                    &article,
                    code,
                    source,
                    &paragraph,
                    &r.quote,
                ],
                RecordKind::Challenge => vec![&reading.state, &cycle, &article, code, &r.quote],
                RecordKind::GoodPractice => vec![&reading.state, &cycle, &article, &r.quote],
            };
            checker.row(&table, u64::from(r.number), &fields);
        }
    }
    let prepared = checker.finish();
    if !prepared.errors.is_empty() {
        return Err(Error::Rows(prepared.errors));
    }
    Ok(prepared.batch)
}

fn import_kind(kind: super::RecordKind) -> crate::import::Kind {
    match kind {
        super::RecordKind::Need => crate::import::Kind::Needs,
        super::RecordKind::Challenge => crate::import::Kind::Challenges,
        super::RecordKind::GoodPractice => crate::import::Kind::GoodPractices,
    }
}

fn read_record_log(id: i64, records: &[&super::ReadRecord]) -> String {
    let list: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            serde_json::json!({ "record": r.number, "kind": r.kind, "article": r.article,
            "code": r.code, "status": r.status })
        })
        .collect();
    serde_json::json!({ "reading": id, "records": list }).to_string()
}

/// Decides records of a reading; see [`Store::decide_reading`].
fn decide_reading(
    tx: &mut dyn Tx,
    by: Author<'_>,
    id: i64,
    decisions: &[(u32, super::Decision)],
) -> Result<Option<Vec<super::ReadRecord>>> {
    use super::RecordStatus;
    let Some(reading) = reading_by_id(tx, id, false)? else {
        return Ok(None);
    };
    let reference = stored_reference(tx)?;
    let decided = decided_records(&reference, &reading, decisions)?;
    let accepted: Vec<&super::ReadRecord> = decided
        .iter()
        .map(|(_, a)| a)
        .filter(|a| a.status != RecordStatus::Rejected)
        .collect();
    if !accepted.is_empty() {
        let batch = checked_batch(&reference, &reading, &accepted)?;
        write_records(tx, &reference, &batch.registry, &batch.described)?;
    }
    for (_, a) in &decided {
        tx.execute(
            "UPDATE reading_record SET status = $3, article = $4, code = $5 WHERE reading_id = $1 AND number = $2 AND status = 'proposed'",
            params![id, i64::from(a.number), a.status.code(), i64::from(a.article), &a.code],
        )?;
    }
    for a in &accepted {
        let code = match (a.kind, a.code.as_str()) {
            (super::RecordKind::Challenge, "") => "other",
            (_, c) => c,
        };
        let p = super::Provenance {
            state: reading.state.clone(),
            cycle: reading.cycle,
            kind: a.kind,
            article: a.article,
            code: code.to_string(),
            reading: id,
            number: a.number,
            file: reading.file.clone(),
            document: reading.document,
            paragraph: a.paragraph,
            quote: a.quote.clone(),
        };
        insert_provenance(tx, &p)?;
    }
    let before: Vec<&super::ReadRecord> = decided.iter().map(|(b, _)| b).collect();
    let after: Vec<&super::ReadRecord> = decided.iter().map(|(_, a)| a).collect();
    log_change(
        tx,
        by,
        "decide read records",
        &read_record_log(id, &before),
        &read_record_log(id, &after),
    )?;
    Ok(Some(decided.into_iter().map(|(_, a)| a).collect()))
}

/// Keeps where a record came from (the reading's record it was).
fn insert_provenance(tx: &mut dyn Tx, p: &super::Provenance) -> Result<()> {
    tx.execute(
        "INSERT INTO provenance (state, cycle, kind, article, code, reading_id, number) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING",
        params![&p.state, p.cycle, p.kind.code(), i64::from(p.article), &p.code, p.reading, i64::from(p.number)],
    )?;
    Ok(())
}

/// Where the accepted records of `state` (or of every State) came from.
fn provenance_of(tx: &mut dyn Tx, state: Option<&str>) -> Result<Vec<super::Provenance>> {
    tx.query_all(
        "SELECT p.state, p.cycle, p.kind, p.article, p.code, p.reading_id, r.file, r.document, rr.paragraph, rr.quote, p.number
         FROM provenance p JOIN reading r ON r.id = p.reading_id
         JOIN reading_record rr ON rr.reading_id = p.reading_id AND rr.number = p.number
         WHERE CAST($1 AS TEXT) IS NULL OR p.state = $1
         ORDER BY p.state, p.cycle, p.kind, p.article, p.code, p.reading_id, p.number",
        params![state],
    )?
    .iter()
    .map(|r| {
        let kind = r.text(2)?;
        Ok(super::Provenance {
            state: r.text(0)?,
            cycle: r.small(1)?,
            kind: super::RecordKind::from_code(&kind)
                .ok_or_else(|| Error::Database(format!("provenance of kind `{kind}`")))?,
            article: u16::try_from(r.int(3)?).unwrap_or(0),
            code: r.text(4)?,
            reading: r.int(5)?,
            number: u32::try_from(r.int(10)?).unwrap_or(0),
            file: r.text(6)?,
            document: document_from(&r.text(7)?),
            paragraph: u32::try_from(r.int(8)?).unwrap_or(0),
            quote: r.text(9)?,
        })
    })
    .collect()
}

// ------------------------------------------------------------ IATI activities

/// An activity as the store keeps it: where it was read from is left out,
/// so that the same activity read from another file is the same.
fn activity_body(a: &crate::iati::Activity) -> Result<String> {
    let kept = crate::iati::Activity {
        file: String::new(),
        line: 0,
        ..a.clone()
    };
    serde_json::to_string(&kept).map_err(|e| Error::Other(e.to_string()))
}

/// Writes an activity and the States it goes to, replacing what was kept
/// under its identifier when `replace`.
fn put_activity(tx: &mut dyn Tx, a: &StoredActivity, replace: bool) -> Result<()> {
    let id = &a.activity.identifier;
    if replace {
        for table in ["activity_state", "activity"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE identifier = $1"),
                params![id],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO activity (identifier, at, provider, last_updated, body) VALUES ($1, $2, $3, $4, $5)",
        params![id, a.at, &a.provider, a.activity.last_updated.as_deref(), activity_body(&a.activity)?],
    )?;
    for r in &a.activity.recipients {
        let Some(state) = &r.state else { continue };
        tx.execute(
            "INSERT INTO activity_state (identifier, country, state, percentage) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            params![id, &r.country, state, r.percentage.map(|p| p.to_string())],
        )?;
    }
    Ok(())
}

fn import_activities(
    tx: &mut dyn Tx,
    by: Author<'_>,
    provider: Option<&str>,
    activities: &[crate::iati::Activity],
    what: &str,
) -> Result<ActivitiesSummary> {
    let mut summary = ActivitiesSummary::default();
    let (mut added, mut updated) = (Vec::new(), Vec::new());
    for a in activities {
        let found = tx.query_one(
            "SELECT last_updated, body, provider FROM activity WHERE identifier = $1",
            params![&a.identifier],
        )?;
        // An import for no account (the secretariat's) leaves an activity
        // its provider's; one provider never takes over another's.
        let stored_provider = found.as_ref().map(|r| r.text(2)).transpose()?;
        let provider = match (provider, stored_provider.as_deref()) {
            (Some(p), Some(s)) if !s.is_empty() && s != p => {
                return Err(Error::Usage(format!(
                    "activity `{}` is kept for the account `{s}`: only it, or an import for no account, updates it",
                    a.identifier
                )));
            }
            (Some(p), _) => p,
            (None, Some(s)) => s,
            (None, None) => "",
        };
        let kept = StoredActivity {
            at: by.at,
            provider: provider.to_string(),
            activity: a.clone(),
        };
        match found {
            None => {
                put_activity(tx, &kept, false)?;
                summary.added += 1;
                added.push(a.identifier.as_str());
            }
            // ISO 8601 date-times of one form sort as text.
            Some(r) if r.opt_text(0)? > a.last_updated => summary.older += 1,
            Some(r) if r.text(1)? == activity_body(a)? && r.text(2)? == kept.provider => {
                summary.unchanged += 1;
            }
            Some(_) => {
                put_activity(tx, &kept, true)?;
                summary.updated += 1;
                updated.push(a.identifier.as_str());
            }
        }
    }
    let after = serde_json::json!({ "files": what, "provider": provider, "summary": summary,
        "added": added, "updated": updated });
    log_change(tx, by, "import IATI activities", "", &after.to_string())?;
    Ok(summary)
}

fn activities_of(tx: &mut dyn Tx, state: Option<&str>) -> Result<Vec<StoredActivity>> {
    tx.query_all(
        "SELECT at, provider, body FROM activity a WHERE CAST($1 AS TEXT) IS NULL
           OR EXISTS (SELECT 1 FROM activity_state s WHERE s.identifier = a.identifier AND s.state = $1)
         ORDER BY identifier",
        params![state],
    )?
    .iter()
    .map(|r| {
        let activity = serde_json::from_str(&r.text(2)?)
            .map_err(|e| Error::Database(format!("a stored IATI activity: {e}")))?;
        Ok(StoredActivity {
            at: r.int(0)?,
            provider: r.text(1)?,
            activity,
        })
    })
    .collect()
}

/// Accepts a link once: the "accepted before" check is in the transaction
/// that records it, so that two acceptances make one record.
fn accept_link(tx: &mut dyn Tx, by: Author<'_>, a: &Assistance) -> Result<LinkOutcome> {
    let n = &a.need;
    let before = tx.query_one(
        "SELECT id FROM assistance WHERE iati_identifier = $1
         AND state = $2 AND cycle = $3 AND article = $4 AND type = $5",
        params![
            a.iati_identifier.as_deref(),
            &n.state,
            n.cycle,
            n.article,
            &n.need_type
        ],
    )?;
    if let Some(r) = before {
        return Ok(LinkOutcome::Already(r.int(0)?));
    }
    let activity = tx.query_one(
        "SELECT 1 FROM activity WHERE identifier = $1",
        params![a.iati_identifier.as_deref()],
    )?;
    let (Some(_), Some(found)) = (activity, find_need(tx, n)?) else {
        return Ok(LinkOutcome::NotFound);
    };
    let id = keep_assistance(tx, &found, a)?;
    let mut after: serde_json::Value = serde_json::from_str(&super::assistance_log(id, a))
        .map_err(|e| Error::Other(e.to_string()))?;
    after["iati_identifier"] = serde_json::json!(a.iati_identifier);
    log_change(tx, by, "accept IATI link", "", &after.to_string())?;
    Ok(LinkOutcome::Recorded(id))
}

// ------------------------------------------------------------ Action plans

fn plan_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Other(e.to_string()))
}

fn day_from(text: Option<String>) -> Result<Option<crate::date::Date>> {
    text.map(|t| {
        t.parse()
            .map_err(|e| Error::Database(format!("a day of a plan: {e}")))
    })
    .transpose()
}

/// One item of a plan, by its number, with its needs, providers and notes.
fn plan_item_by_id(tx: &mut dyn Tx, id: i64) -> Result<Option<Item>> {
    let Some(r) = tx.query_one(
        "SELECT id, priority, title, lead, starts, ends, status FROM plan_item WHERE id = $1",
        params![id],
    )?
    else {
        return Ok(None);
    };
    let status = r.text(6)?;
    let mut item = Item {
        id: r.int(0)?,
        priority: u32::try_from(r.int(1)?).unwrap_or(0),
        title: r.text(2)?,
        needs: Vec::new(),
        lead: r.text(3)?,
        starts: day_from(r.opt_text(4)?)?,
        ends: day_from(r.opt_text(5)?)?,
        status: PlanStatus::from_code(&status)
            .ok_or_else(|| Error::Database(format!("a plan item of status `{status}`")))?,
        providers: Vec::new(),
        notes: Vec::new(),
    };
    for r in tx.query_all(
        "SELECT article, type FROM plan_item_need WHERE item = $1 ORDER BY article, type",
        params![id],
    )? {
        item.needs.push(PlanNeed {
            article: r.small(0)?,
            need_type: r.text(1)?,
        });
    }
    for r in tx.query_all(
        "SELECT name FROM plan_item_provider WHERE item = $1 ORDER BY position",
        params![id],
    )? {
        item.providers.push(r.text(0)?);
    }
    for r in tx.query_all(
        "SELECT at, author, day, text FROM plan_note WHERE item = $1 ORDER BY id",
        params![id],
    )? {
        item.notes.push(Note {
            at: r.int(0)?,
            author: r.text(1)?,
            day: day_from(Some(r.text(2)?))?.unwrap_or(crate::date::Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            text: r.text(3)?,
        });
    }
    Ok(Some(item))
}

fn plans_of(tx: &mut dyn Tx, state: Option<&str>) -> Result<Vec<Plan>> {
    let heads = tx.query_all(
        "SELECT state, cycle, published, drafted FROM plan
         WHERE CAST($1 AS TEXT) IS NULL OR state = $1 ORDER BY state, cycle",
        params![state],
    )?;
    let mut plans = Vec::with_capacity(heads.len());
    for h in heads {
        let (state, cycle) = (h.text(0)?, h.small(1)?);
        let ids = tx.query_all(
            "SELECT id FROM plan_item WHERE state = $1 AND cycle = $2 ORDER BY priority, id",
            params![&state, cycle],
        )?;
        let mut items = Vec::with_capacity(ids.len());
        for r in ids {
            items.extend(plan_item_by_id(tx, r.int(0)?)?);
        }
        plans.push(Plan {
            state,
            cycle,
            published: h.bool(2)?,
            drafted: day_from(Some(h.text(3)?))?.unwrap_or(crate::date::Date {
                year: 1970,
                month: 1,
                day: 1,
            }),
            items,
        });
    }
    Ok(plans)
}

fn plan_of(tx: &mut dyn Tx, state: &str, cycle: u8) -> Result<Option<Plan>> {
    Ok(plans_of(tx, Some(state))?
        .into_iter()
        .find(|p| p.cycle == cycle))
}

/// Writes an item's needs and providers, replacing what it had.
fn put_item_parts(tx: &mut dyn Tx, id: i64, item: &Item) -> Result<()> {
    for table in ["plan_item_need", "plan_item_provider"] {
        tx.execute(&format!("DELETE FROM {table} WHERE item = $1"), params![id])?;
    }
    for n in &item.needs {
        tx.execute(
            "INSERT INTO plan_item_need (item, article, type) VALUES ($1, $2, $3)",
            params![id, n.article, &n.need_type],
        )?;
    }
    for (i, p) in item.providers.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_item_provider (item, position, name) VALUES ($1, $2, $3)",
            params![id, i64::try_from(i).unwrap_or(i64::MAX), p.as_str()],
        )?;
    }
    Ok(())
}

fn insert_note(tx: &mut dyn Tx, item: i64, n: &Note) -> Result<()> {
    tx.execute(
        "INSERT INTO plan_note (item, at, author, day, text) VALUES ($1, $2, $3, $4, $5)",
        params![item, n.at, &n.author, n.day.to_string(), &n.text],
    )?;
    Ok(())
}

/// Keeps an item of a plan with its notes, with its own number (a copy)
/// or a new one; returns the number.
fn insert_plan_item(
    tx: &mut dyn Tx,
    state: &str,
    cycle: u8,
    item: &Item,
    keep_id: bool,
) -> Result<i64> {
    let values: &[Value] = params![
        state,
        cycle,
        i64::from(item.priority),
        &item.title,
        &item.lead,
        item.starts.map(|d| d.to_string()),
        item.ends.map(|d| d.to_string()),
        item.status.code(),
        item.id
    ];
    let columns = "state, cycle, priority, title, lead, starts, ends, status";
    let places = "$1, $2, $3, $4, $5, $6, $7, $8";
    let id = if keep_id {
        tx.execute(
            &format!("INSERT INTO plan_item ({columns}, id) VALUES ({places}, $9)"),
            values,
        )?;
        item.id
    } else {
        tx.execute(
            &format!("INSERT INTO plan_item ({columns}) VALUES ({places})"),
            &values[..8],
        )?;
        tx.last_id()?
    };
    put_item_parts(tx, id, item)?;
    for n in &item.notes {
        insert_note(tx, id, n)?;
    }
    Ok(id)
}

fn insert_plan(tx: &mut dyn Tx, plan: &Plan, keep_ids: bool) -> Result<()> {
    tx.execute(
        "INSERT INTO plan (state, cycle, published, drafted) VALUES ($1, $2, $3, $4)",
        params![
            &plan.state,
            plan.cycle,
            plan.published,
            plan.drafted.to_string()
        ],
    )?;
    for item in &plan.items {
        insert_plan_item(tx, &plan.state, plan.cycle, item, keep_ids)?;
    }
    Ok(())
}

fn delete_plan(tx: &mut dyn Tx, state: &str, cycle: u8) -> Result<()> {
    for table in ["plan_note", "plan_item_need", "plan_item_provider"] {
        tx.execute(
            &format!(
                "DELETE FROM {table} WHERE item IN (SELECT id FROM plan_item WHERE state = $1 AND cycle = $2)"
            ),
            params![state, cycle],
        )?;
    }
    for table in ["plan_item", "plan"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE state = $1 AND cycle = $2"),
            params![state, cycle],
        )?;
    }
    Ok(())
}

fn save_plan(tx: &mut dyn Tx, by: Author<'_>, plan: &Plan, replace: bool) -> Result<bool> {
    let before = plan_of(tx, &plan.state, plan.cycle)?;
    let mut kept = plan.clone();
    if let Some(old) = &before {
        if !replace {
            return Ok(false);
        }
        kept.published = old.published;
        delete_plan(tx, &plan.state, plan.cycle)?;
    }
    insert_plan(tx, &kept, false)?;
    let before = before.as_ref().map(plan_json).transpose()?;
    let after = plan_of(tx, &plan.state, plan.cycle)?;
    log_change(
        tx,
        by,
        "save action plan",
        before.as_deref().unwrap_or(""),
        &plan_json(&after)?,
    )?;
    Ok(true)
}

/// The number of an item when it belongs to the plan of `state` and `cycle`.
fn item_of_plan(tx: &mut dyn Tx, state: &str, cycle: u8, id: i64) -> Result<Option<Item>> {
    let found = tx.query_one(
        "SELECT 1 FROM plan_item WHERE id = $1 AND state = $2 AND cycle = $3",
        params![id, state, cycle],
    )?;
    match found {
        Some(_) => plan_item_by_id(tx, id),
        None => Ok(None),
    }
}

fn plan_item_log(state: &str, cycle: u8, item: &Item) -> Result<String> {
    plan_json(&serde_json::json!({ "plan": { "state": state, "cycle": cycle }, "item": item }))
}

fn add_plan_item(
    tx: &mut dyn Tx,
    by: Author<'_>,
    state: &str,
    cycle: u8,
    item: &Item,
) -> Result<Option<i64>> {
    if plan_of(tx, state, cycle)?.is_none() {
        return Ok(None);
    }
    let id = insert_plan_item(tx, state, cycle, item, false)?;
    let after = plan_item_by_id(tx, id)?;
    let after = after
        .as_ref()
        .map_or(Ok(String::new()), |i| plan_item_log(state, cycle, i))?;
    log_change(tx, by, "add action plan item", "", &after)?;
    Ok(Some(id))
}

fn update_plan_item(
    tx: &mut dyn Tx,
    by: Author<'_>,
    state: &str,
    cycle: u8,
    item: &Item,
) -> Result<bool> {
    let Some(before) = item_of_plan(tx, state, cycle, item.id)? else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE plan_item SET priority = $2, title = $3, lead = $4, starts = $5, ends = $6, status = $7
         WHERE id = $1",
        params![
            item.id,
            i64::from(item.priority),
            &item.title,
            &item.lead,
            item.starts.map(|d| d.to_string()),
            item.ends.map(|d| d.to_string()),
            item.status.code()
        ],
    )?;
    put_item_parts(tx, item.id, item)?;
    let after = plan_item_by_id(tx, item.id)?.unwrap_or_else(|| before.clone());
    log_change(
        tx,
        by,
        "update action plan item",
        &plan_item_log(state, cycle, &before)?,
        &plan_item_log(state, cycle, &after)?,
    )?;
    Ok(true)
}

fn add_plan_note(
    tx: &mut dyn Tx,
    by: Author<'_>,
    state: &str,
    cycle: u8,
    item: i64,
    note: &Note,
) -> Result<bool> {
    if item_of_plan(tx, state, cycle, item)?.is_none() {
        return Ok(false);
    }
    insert_note(tx, item, note)?;
    let after = serde_json::json!({ "plan": { "state": state, "cycle": cycle }, "item": item, "note": note });
    log_change(tx, by, "add action plan note", "", &plan_json(&after)?)?;
    Ok(true)
}

fn publish_plan(
    tx: &mut dyn Tx,
    by: Author<'_>,
    state: &str,
    cycle: u8,
    published: bool,
) -> Result<bool> {
    let Some(r) = tx.query_one(
        "SELECT published FROM plan WHERE state = $1 AND cycle = $2",
        params![state, cycle],
    )?
    else {
        return Ok(false);
    };
    let before = r.bool(0)?;
    tx.execute(
        "UPDATE plan SET published = $3 WHERE state = $1 AND cycle = $2",
        params![state, cycle, published],
    )?;
    let entry = |p: bool| {
        serde_json::json!({ "plan": { "state": state, "cycle": cycle }, "published": p })
            .to_string()
    };
    let action = if published {
        "publish action plan"
    } else {
        "withdraw action plan"
    };
    log_change(tx, by, action, &entry(before), &entry(published))?;
    Ok(true)
}
