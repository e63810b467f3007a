//! spreadlab: a market-making simulator.
//!
//! [`engine`] is pure Rust and runs natively (CLI, tests, benches) and in the browser.
//! The web app lives in `ui` and `web` and is compiled only for `wasm32`.

pub mod engine;
pub mod jobs;
pub mod live;
#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod web;
