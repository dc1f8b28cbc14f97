//! Synth (to come).
