//! The little both databases are asked to do for the store's use cases: run
//! a statement, read rows, say the number of the row just inserted, all
//! inside one transaction and with `$1`, `$2`, … parameters.
//!
//! [`Value`] carries parameters and columns between the use cases and the
//! database. It knows only what the schema holds: integers, text, yes/no and
//! nothing. Each backend converts to and from its own types (PostgreSQL by
//! the types the statement declares, SQLite as they come).

use crate::error::{Error, Result};

/// A parameter, or a column of a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    /// A blob (SQLite) or `bytea` (PostgreSQL): the packed needs.
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<u8> for Value {
    fn from(v: u8) -> Value {
        Value::Int(i64::from(v))
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Value {
        Value::Bytes(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// The parameters of a statement, in `$n` order.
macro_rules! params {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::sql::Value::from($v)),*]
    };
}
pub(crate) use params;

/// One row a query returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> Result<&Value> {
        self.0
            .get(i)
            .ok_or_else(|| Error::Database(format!("a row has no column {i}")))
    }

    fn mismatch(&self, i: usize, wanted: &str) -> Error {
        Error::Database(format!("column {i} is not {wanted}: {:?}", self.0.get(i)))
    }

    pub fn int(&self, i: usize) -> Result<i64> {
        self.opt_int(i)?.ok_or_else(|| self.mismatch(i, "a number"))
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Int(v) => Ok(Some(*v)),
            Value::Bool(b) => Ok(Some(i64::from(*b))),
            Value::Text(_) | Value::Bytes(_) => Err(self.mismatch(i, "a number")),
        }
    }

    /// A small number: a cycle, an article, a set of documents.
    pub fn small(&self, i: usize) -> Result<u8> {
        u8::try_from(self.int(i)?).map_err(|_| self.mismatch(i, "a small number"))
    }

    /// Yes or no: SQLite keeps it as 0 or 1.
    pub fn bool(&self, i: usize) -> Result<bool> {
        match self.at(i)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(v) => Ok(*v != 0),
            _ => Err(self.mismatch(i, "yes or no")),
        }
    }

    pub fn text(&self, i: usize) -> Result<String> {
        self.opt_text(i)?.ok_or_else(|| self.mismatch(i, "text"))
    }

    pub fn bytes(&self, i: usize) -> Result<&[u8]> {
        match self.at(i)? {
            Value::Bytes(b) => Ok(b),
            _ => Err(self.mismatch(i, "bytes")),
        }
    }

    /// Bytes, or None for NULL (a pack a review does not have).
    pub fn opt_bytes(&self, i: usize) -> Result<Option<Vec<u8>>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Bytes(b) => Ok(Some(b.clone())),
            _ => Err(self.mismatch(i, "bytes")),
        }
    }

    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.at(i)? {
            Value::Null => Ok(None),
            Value::Text(t) => Ok(Some(t.clone())),
            _ => Err(self.mismatch(i, "text")),
        }
    }
}

/// An open transaction of either database. Dropped without
/// [`Tx::commit`], it rolls back.
pub trait Tx {
    /// Runs one statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;

    /// Every row a query returns.
    fn query_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;

    /// The first row a query returns, if any.
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query_all(sql, params)?.into_iter().next())
    }

    /// The number the last insert gave its row.
    fn last_id(&mut self) -> Result<i64>;

    fn commit(self) -> Result<()>
    where
        Self: Sized;
}

/// `$1`, `$2`, … written as SQLite's `?1`, `?2`, …, so that a statement
/// binds by number whatever the order its parameters appear in. The store's
/// statements hold no `$` elsewhere.
pub fn numbered_for_sqlite(sql: &str) -> String {
    sql.replace('$', "?")
}
