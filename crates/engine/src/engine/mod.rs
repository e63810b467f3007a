//! The market-making engine: pure Rust, deterministic given a seed, no web dependency.
//!
//! - [`config`]: the seed's `MarketMakingConfig`, validation; [`presets`]: named configs.
//! - [`market`]: the [`market::Snapshot`] a feed yields.
//! - [`feed`]: synthetic random walks and historical CSV replay.
//! - [`sim`]: strategies, fill models, accounting, metrics, the trade log.
//! - [`as_experiment`]: the Avellaneda-Stoikov (2008) paper's simulation.
//! - [`settings`]: the settings table (every run setting, declared once) and the URL hash.
//! - [`exponential`]: fast, portable exponential draws (the order-flow model's).
//! - [`run`]: the one run path, settings → feed → simulator → result.

pub mod as_experiment;
pub mod config;
pub mod decimate;
pub mod exponential;
pub mod feed;
pub mod limits;
pub mod market;
pub mod presets;
pub mod run;
pub mod scenarios;
pub mod settings;
pub mod sim;
pub mod sweep;
