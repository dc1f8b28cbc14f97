//! Rendering: analyses and audits as text for a terminal.
//!
//! Invariant: renderers only format; every number they print comes from the
//! value they are given, never from a computation of their own.

pub mod text;
