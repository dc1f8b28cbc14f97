//! Audit (to come).
