//! Live public tickers for paper trading: venue symbol mapping, exact REST / WebSocket
//! message parsing, typed faults, backoff with jitter, the connection state machine and
//! bounded history. Pure Rust (no web-sys): the browser layer only moves bytes and timers.

pub mod backoff;
pub mod history;
pub mod parse;
pub mod run;
pub mod session;
pub mod venue;

pub use parse::{BookSource, Fault, Quote};
pub use venue::{Endpoints, Venue};
