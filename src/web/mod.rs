//! Thin browser I/O: URL hash, file download, uploads through a worker, panic banner,
//! workers and their messages, theme. No strategy logic.

pub mod bench_wasm;
pub mod download;
pub mod hash;
pub mod live;
pub mod live_feed;
pub mod live_relay;
pub mod panic;
pub mod slices;
pub mod upload;
pub mod worker_message;
pub mod workers;

/// performance.now() in milliseconds (0 when unavailable).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// True when the user prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}
