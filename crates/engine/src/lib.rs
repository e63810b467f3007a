//! spreadlab's engine: everything that runs natively and in the browser alike.
//!
//! [`engine`] is the market maker and its feeds, [`jobs`] the work a web worker (or the CLI)
//! runs off the main thread, [`live`] the exchange-feed sessions. Pure Rust, no browser APIs.
//! It is a crate of its own so that the web build can optimise it for speed while the UI
//! around it is optimised for size (`[profile.web]` in the root `Cargo.toml`).

pub mod engine;
pub mod jobs;
pub mod live;
