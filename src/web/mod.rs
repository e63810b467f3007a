//! Thin browser I/O: URL hash, file download, chunked CSV upload, panic banner, theme. No
//! strategy logic.

pub mod chunked_upload;
pub mod download;
pub mod hash;
pub mod live;
pub mod panic;
pub mod read_files;
pub mod workers;

/// True when the user prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}
