//! Compare (to come).
