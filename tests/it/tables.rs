//! Published tables (filled in with audit, synth and compare).
