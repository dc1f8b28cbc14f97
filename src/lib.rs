//! tana: technical assistance needs analysis.
//!
//! See `ARCHITECTURE.md` for the map. In short: [`reference`] and
//! [`records`] are the domain, [`analysis`] the pure counting, [`tables`] the
//! published-tables format with its auditor and rebuilder, [`store`] the
//! database behind one trait, [`iati`] and [`matching`] providers' projects
//! and the needs they address, [`follow`] where those meet the store, and [`import`], [`export`], [`render`] and
//! [`cli`] the edges.

pub mod accounts;
pub mod alerts;
pub mod analysis;
pub mod cli;
pub mod clock;
pub mod date;
pub mod demo;
pub mod error;
pub mod export;
pub mod follow;
pub mod iati;
pub mod import;
pub mod matching;
pub mod plan;
pub mod read;
pub mod records;
pub mod reference;
pub mod render;
pub mod report;
pub mod sheet;
pub mod store;
pub mod tables;
pub mod web;
