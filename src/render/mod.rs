//! Rendering: analyses and audits as text for a terminal, and web pages
//! printed to PDF.
//!
//! Invariant: renderers only format; every number they print comes from the
//! value they are given, never from a computation of their own.

pub mod pdf;
pub mod text;
