//! spreadlab: a market-making simulator.
//!
//! [`engine`] is pure Rust and runs natively (CLI, tests, benches) and in the browser; it,
//! [`jobs`] and [`live`] live in the `spreadlab-engine` crate (`crates/engine`) and are
//! re-exported here. The web app lives in `ui` and `web` and is compiled only for `wasm32`.

pub use spreadlab_engine::{engine, jobs, live};
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
